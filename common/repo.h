/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_REPO_H
#define RELKIT_REPO_H

/*
 * Where to upload and as whom: twine's .pypirc, the built-in pypi and
 * testpypi, TWINE_* environment variables, command-line options.
 * Precedence: option, then environment, then the .pypirc section.
 */

#define REPO_PYPI_UPLOAD "https://upload.pypi.org/legacy/"
#define REPO_PYPI_INDEX "https://pypi.org/simple/"
#define REPO_TESTPYPI_UPLOAD "https://test.pypi.org/legacy/"
#define REPO_TESTPYPI_INDEX "https://test.pypi.org/simple/"

struct repo_opts {
	const char *name;        /* -r NAME, or NULL */
	const char *url;         /* --repository-url, or NULL */
	const char *index_url;   /* --index-url, or NULL */
	const char *config_file; /* --config-file; NULL: $HOME/.pypirc if any */
	const char *username;    /* -u, or NULL */
	const char *password;    /* -p, or NULL */
	const char *cert;        /* --cert CA bundle, or NULL */
	const char *client_cert; /* --client-cert, or NULL */
	int allow_http;          /* plain http to a host that is not loopback */
};

struct repo {
	char *name;          /* repository name ("pypi", a section) or NULL */
	char *upload_url;    /* http(s) URL, or file:// URL */
	char *index_url;     /* simple index root, ending in '/'; NULL for file:// */
	char *file_root;     /* the directory of a file:// repository, else NULL */
	char *username, *password; /* NULL when not known */
	const char *user_from, *pass_from; /* where each came from, for -v */
	char *cert, *client_cert;  /* NULL when not given */
	char *config;        /* the .pypirc read, or NULL */
	int pypi;            /* upload URL is PyPI's or TestPyPI's (twine's
	                        is_pypi: username __token__ by default) */
};

/*
 * Resolve o (and the environment and the .pypirc) into r, as twine 7
 * does: the .pypirc read by configparser's rules (pypirc.h), sections
 * only as listed in index-servers of [distutils] (default "pypi
 * testpypi"), [server-login]'s username and password for every
 * repository; user-info in --repository-url or TWINE_REPOSITORY_URL
 * taken as username and password and dropped from the URL; for PyPI and
 * TestPyPI the username is __token__ unless -u or TWINE_USERNAME say
 * otherwise; -p or TWINE_PASSWORD, then the .pypirc. An empty
 * TWINE_USERNAME or TWINE_PASSWORD is an empty value, not an unset one;
 * an empty TWINE_REPOSITORY names no section (an error, as in twine).
 * A .pypirc repository URL with user-info is used without it, the
 * section's credentials first, then the user-info's. A leading ~/ of
 * --config-file is $HOME. Prints a
 * message and returns -1 on an unknown repository, an unreadable config
 * named with --config-file, a bad URL or plain http to a host that is not
 * loopback (without allow_http). A .pypirc readable by group or others
 * gets a warning. Missing credentials are not an error here: see
 * repo_need_credentials.
 */
int repo_resolve(const struct repo_opts *o, struct repo *r);

/* 0 when r has a username and a password (or is file://), else -1 with a
 * message saying where to put them. */
int repo_need_credentials(const struct repo *r);

/* The simple index URL for an upload URL: a final "legacy/" replaced by
 * "simple/", else "simple/" appended (a '/' added first if needed).
 * malloc'd. */
char *repo_index_from_upload(const char *upload);

/* Is the URL's host loopback (localhost, 127.0.0.0/8, [::1])? */
int repo_url_is_loopback(const char *url);

/* 0 when url is https, http to loopback (or allow_http), else -1 with a
 * message naming what (e.g. "--index-url"). file:// is not accepted here. */
int repo_check_url(const char *what, const char *url, int allow_http);

/* Do two URLs have the same scheme, host and port? */
int repo_same_origin(const char *a, const char *b);

void repo_free(struct repo *r);

#endif
