/* relkit — MIT licence, see LICENSE. */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pypirc.h"
#include "redact.h"
#include "repo.h"
#include "util.h"

/* What twine keeps of one repository's .pypirc entry. */
struct section {
	char *repository, *username, *password, *ca_cert, *client_cert;
	int found;    /* twine's get_config has an entry for it */
	int unlisted; /* a section of that name not in index-servers */
};

static void
setkey(char **slot, const struct pypirc_key *k)
{
	free(*slot);
	*slot = k ? estrdup(k->value) : NULL;
}

static void
section_free(struct section *s)
{
	free(s->repository);
	free(s->username);
	if (s->password)
		explicit_bzero(s->password, strlen(s->password));
	free(s->password);
	free(s->ca_cert);
	free(s->client_cert);
}

/* twine's get_config(path)[name] from a parsed file. */
static void
twine_entry(const struct pypirc *c, const char *name, struct section *s)
{
	static const char *keys[] = { "username", "repository", "password",
	                              "ca_cert", "client_cert" };
	char **slots[] = { &s->username, &s->repository, &s->password,
	                   &s->ca_cert, &s->client_cert };
	const struct pypirc_key *servers = pypirc_get(c, "distutils",
	                                              "index-servers");
	const char *list = servers ? servers->value : "pypi testpypi";
	int listed = pypirc_listed(list, name);
	size_t i;

	/* [server-login] is the default for every repository */
	setkey(&s->username, pypirc_get(c, "server-login", "username"));
	setkey(&s->password, pypirc_get(c, "server-login", "password"));
	if (strcmp(name, "pypi") == 0) {
		s->found = 1;
		s->repository = estrdup(REPO_PYPI_UPLOAD);
	} else if (strcmp(name, "testpypi") == 0 && listed) {
		s->found = 1;
		s->repository = estrdup(REPO_TESTPYPI_UPLOAD);
	}
	if (!listed) {
		s->unlisted = pypirc_section(c, name) != NULL;
		return;
	}
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const struct pypirc_key *k = pypirc_get(c, name, keys[i]);

		if (k) {
			setkey(slots[i], k);
			s->found = 1;
		}
	}
}

/* Read path into s as twine reads it for repository name. 0 (found or
 * not), -1 with a message naming the file and line, never its text. */
static int
readcfg(const char *path, int named, const char *name, struct section *s)
{
	struct pypirc c;
	struct stat st;
	struct buf b = { 0 };
	const char *why;
	size_t line;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno == ENOENT && !named) {
			/* twine: no ~/.pypirc is an empty one */
			memset(&c, 0, sizeof c);
			twine_entry(&c, name, s);
			return 0;
		}
		weprintf("%s:", path);
		return -1;
	}
	if (fstat(fd, &st) == 0 && (st.st_mode & (S_IRGRP | S_IROTH)))
		weprintf("warning: %s: readable by group or others; "
		         "chmod 600 it, it may hold a password", path);
	close(fd);
	if (readfile(path, &b, RELKIT_TEXT_LIMIT) < 0)
		return -1;
	if (pypirc_parse(b.p ? b.p : "", b.len, &c, &line, &why) < 0) {
		weprintf("%s:%zu: %s", path, line, why);
		if (b.p)
			explicit_bzero(b.p, b.len);
		buf_free(&b);
		return -1;
	}
	explicit_bzero(b.p, b.len);
	buf_free(&b);
	twine_entry(&c, name, s);
	pypirc_free(&c);
	return 0;
}

static char *
urlpart(const char *url, CURLUPart what, unsigned flags)
{
	CURLU *u = curl_url();
	char *part = NULL, *ret = NULL;

	if (!u)
		return NULL;
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) ==
	        CURLUE_OK &&
	    curl_url_get(u, what, &part, flags) == CURLUE_OK) {
		ret = estrdup(part);
		curl_free(part);
	}
	curl_url_cleanup(u);
	return ret;
}

int
repo_url_is_loopback(const char *url)
{
	char *h = urlpart(url, CURLUPART_HOST, 0);
	int yes;

	if (!h)
		return 0;
	yes = strcasecmp(h, "localhost") == 0 || strcmp(h, "[::1]") == 0 ||
	      (strncmp(h, "127.", 4) == 0 && strspn(h, "0123456789.") == strlen(h));
	free(h);
	return yes;
}

int
repo_same_origin(const char *a, const char *b)
{
	static const CURLUPart parts[] = { CURLUPART_SCHEME, CURLUPART_HOST,
	                                   CURLUPART_PORT };
	size_t i;
	int same = 1;

	for (i = 0; i < sizeof parts / sizeof parts[0] && same; i++) {
		char *x = urlpart(a, parts[i], CURLU_DEFAULT_PORT);
		char *y = urlpart(b, parts[i], CURLU_DEFAULT_PORT);

		same = x && y && strcasecmp(x, y) == 0;
		free(x);
		free(y);
	}
	return same;
}

/* Is the authority after "://" empty, or only user-info (curl reads
 * "https:///legacy/" as the host "legacy")? */
static int
emptyhost(const char *url)
{
	const char *p = strstr(url, "://"), *at;
	size_t n;

	if (!p)
		return 1;
	p += 3;
	n = strcspn(p, "/?#");
	at = memchr(p, '@', n);
	if (at) {
		n -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	return n == 0 || *p == ':';
}

int
repo_check_url(const char *what, const char *url, int allow_http)
{
	char *scheme = urlpart(url, CURLUPART_SCHEME, 0);
	char *user = urlpart(url, CURLUPART_USER, 0);
	char *host = urlpart(url, CURLUPART_HOST, 0);
	int ret = -1;

	if (!strstr(url, "://"))
		/* a token given where a URL belongs must not be echoed */
		weprintf("%s: not a URL (no scheme://host; the value is not "
		         "shown: it may be a credential)", what);
	else if (!scheme || !host || !*host || emptyhost(url))
		weprintf("%s: %s: not a URL (no host)", what, url);
	else if (user)
		weprintf("%s: %s: user-info is not allowed here", what, url);
	else if (strcasecmp(scheme, "https") == 0)
		ret = 0;
	else if (strcasecmp(scheme, "http") != 0)
		weprintf("%s: %s: only https, http and file URLs", what, url);
	else if (!allow_http && !repo_url_is_loopback(url))
		weprintf("%s: %s: plain http to a host that is not loopback; "
		         "use https, or --allow-http", what, url);
	else
		ret = 0;
	free(scheme);
	free(user);
	free(host);
	return ret;
}

char *
repo_index_from_upload(const char *upload)
{
	struct buf b = { 0 };
	size_t n = strlen(upload);
	const char *q = strpbrk(upload, "?#");

	if (q)
		n = (size_t)(q - upload);
	if (n >= 7 && strncmp(upload + n - 7, "legacy/", 7) == 0)
		n -= 7;
	else if (n >= 7 && strncmp(upload + n - 6, "legacy", 6) == 0 &&
	         upload[n - 7] == '/')
		n -= 6;
	buf_add(&b, upload, n);
	if (b.len == 0 || b.p[b.len - 1] != '/')
		buf_adds(&b, "/");
	buf_adds(&b, "simple/");
	return b.p;
}

static const char *
env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

static char *
dupornull(const char *s)
{
	return s ? estrdup(s) : NULL;
}

/* A file:// URL's directory, or NULL with a message. */
static char *
fileroot(const char *url)
{
	char *host = urlpart(url, CURLUPART_HOST, 0);
	char *path = urlpart(url, CURLUPART_PATH, CURLU_URLDECODE);
	char *ret = NULL;

	if (host && *host && strcasecmp(host, "localhost") != 0)
		weprintf("%s: a file URL names a local directory: file:///path", url);
	else if (!path || path[0] != '/')
		weprintf("%s: not a file URL", url);
	else {
		ret = path;
		path = NULL;
		/* keep "/" itself, drop a trailing slash otherwise */
		if (strlen(ret) > 1 && ret[strlen(ret) - 1] == '/')
			ret[strlen(ret) - 1] = '\0';
	}
	free(host);
	free(path);
	return ret;
}

static int
isfileurl(const char *url)
{
	return strncasecmp(url, "file:", 5) == 0;
}

/* twine's normalize_repository_url: PyPI's own hosts always over https. */
static char *
normalize(const char *url)
{
	static const char *hosts[] = { "pypi.python.org", "testpypi.python.org",
	                               "upload.pypi.org", "test.pypi.org" };
	size_t i, n;

	if (strncasecmp(url, "http://", 7) != 0)
		return estrdup(url);
	n = strcspn(url + 7, "/?#");
	for (i = 0; i < sizeof hosts / sizeof hosts[0]; i++)
		if (strlen(hosts[i]) == n && strncmp(url + 7, hosts[i], n) == 0) {
			struct buf b = { 0 };

			buf_addf(&b, "https://%s", url + 7);
			return b.p;
		}
	return estrdup(url);
}

/* An environment variable as twine's argparse default sees it: set, even
 * empty, is a value. */
static const char *
envset(const char *name)
{
	return getenv(name);
}

int
repo_resolve(const struct repo_opts *o, struct repo *r)
{
	struct section c = { 0 };
	const char *name, *url, *user, *pass;
	char *urluser = NULL, *urlpass = NULL, *cleanurl = NULL;
	int ret = -1;

	memset(r, 0, sizeof *r);
	url = o->url ? o->url : env("TWINE_REPOSITORY_URL");
	/* twine: TWINE_REPOSITORY set but empty names the section "" */
	name = o->name ? o->name : getenv("TWINE_REPOSITORY");
	if (!name)
		name = "pypi";
	if (url) {
		/* twine takes user-info in the URL as the credentials */
		cleanurl = url_split_userinfo(url, &urluser, &urlpass);
		url = cleanurl;
	} else {
		if (!*name) {
			weprintf("%s: an empty repository name: no section to read "
			         "(set TWINE_REPOSITORY to a section, or unset it)",
			         o->name ? "-r" : "TWINE_REPOSITORY");
			goto out;
		}
		if (o->config_file && o->config_file[0] == '~' &&
		    (o->config_file[1] == '/' || !o->config_file[1]) && env("HOME")) {
			struct buf b = { 0 };

			/* twine's os.path.expanduser */
			buf_addf(&b, "%s%s", getenv("HOME"), o->config_file + 1);
			r->config = b.p;
		} else if (o->config_file)
			r->config = estrdup(o->config_file);
		else if (env("HOME")) {
			struct buf b = { 0 };

			buf_addf(&b, "%s/.pypirc", getenv("HOME"));
			r->config = b.p;
		}
		if (r->config && readcfg(r->config, o->config_file != NULL, name,
		                         &c) < 0)
			goto out;
		if (!r->config) {
			struct pypirc empty = { 0 };

			twine_entry(&empty, name, &c);
		}
		if (!c.found) {
			if (c.unlisted)
				weprintf("%s: section [%s] is not listed in index-servers "
				         "of [distutils], so twine and pypiup do not read it",
				         r->config, name);
			else
				weprintf("%s: no section [%s] for -r %s", r->config ?
				         r->config : "(no .pypirc: HOME is not set)", name,
				         name);
			goto out;
		}
		r->name = estrdup(name);
		if (!c.repository) {
			weprintf("%s: section [%s] has no repository URL", r->config,
			         name);
			goto out;
		}
		/* twine keeps user-info here and sends the section's
		 * credentials: used without it, shown without it */
		cleanurl = url_split_userinfo(c.repository, &urluser, &urlpass);
		url = cleanurl;
	}
	r->upload_url = normalize(url);
	url = r->upload_url;
	if (strncmp(url, "https://pypi.python.org/", 24) == 0 ||
	    strncmp(url, "https://testpypi.python.org/", 28) == 0) {
		/* twine's UploadToDeprecatedPyPIDetected */
		weprintf("%s: pypi.python.org takes no uploads; use %s (or %s)",
		         url, REPO_PYPI_UPLOAD, REPO_TESTPYPI_UPLOAD);
		goto out;
	}
	r->pypi = strncmp(url, REPO_PYPI_UPLOAD, strlen(REPO_PYPI_UPLOAD)) == 0 ||
	          strncmp(url, REPO_TESTPYPI_UPLOAD,
	                  strlen(REPO_TESTPYPI_UPLOAD)) == 0;
	if (isfileurl(url)) {
		if (!(r->file_root = fileroot(url)))
			goto out;
	} else {
		if (repo_check_url("repository URL", url, o->allow_http) < 0)
			goto out;
		if (o->index_url) {
			char *iu, *ip;

			r->index_url = url_split_userinfo(o->index_url, &iu, &ip);
			if (iu)
				weprintf("warning: --index-url: the user-info in the URL "
				         "is not used; the index is read with the upload's "
				         "credentials on the upload's origin only");
			free(iu);
			if (ip)
				explicit_bzero(ip, strlen(ip));
			free(ip);
		} else if (strcmp(url, REPO_PYPI_UPLOAD) == 0)
			r->index_url = estrdup(REPO_PYPI_INDEX);
		else if (strcmp(url, REPO_TESTPYPI_UPLOAD) == 0)
			r->index_url = estrdup(REPO_TESTPYPI_INDEX);
		else
			r->index_url = repo_index_from_upload(url);
		if (r->index_url[0] && r->index_url[strlen(r->index_url) - 1] != '/') {
			struct buf b = { 0 };

			buf_addf(&b, "%s/", r->index_url);
			free(r->index_url);
			r->index_url = b.p;
		}
		if (repo_check_url("index URL", r->index_url, o->allow_http) < 0)
			goto out;
	}
	/* twine: option or environment, else the URL's user-info or the
	 * .pypirc; for PyPI no username given means __token__ */
	user = o->username ? o->username : envset("TWINE_USERNAME");
	r->user_from = o->username ? "-u" : "TWINE_USERNAME";
	if (r->pypi && (!user || !*user)) {
		user = "__token__";
		r->user_from = "the default for PyPI";
	}
	if (!user && r->name && c.username) {
		user = c.username;
		r->user_from = r->config;
	}
	if (!user) {
		user = urluser;
		r->user_from = "the URL's user-info";
	}
	pass = o->password ? o->password : envset("TWINE_PASSWORD");
	r->pass_from = o->password ? "-p" : "TWINE_PASSWORD";
	if (!pass && r->name && c.password) {
		pass = c.password;
		r->pass_from = r->config;
	}
	if (!pass && urluser) {
		pass = urlpass;
		r->pass_from = "the URL's user-info";
	}
	/* relkit's own: an API token implies __token__ where twine would ask */
	if (!user && pass && strncmp(pass, "pypi-", 5) == 0) {
		user = "__token__";
		r->user_from = "the API token's form (pypi-...)";
	}
	r->username = dupornull(user);
	r->password = dupornull(pass);
	r->cert = dupornull(o->cert ? o->cert : env("TWINE_CERT") ?
	                    env("TWINE_CERT") : c.ca_cert);
	r->client_cert = dupornull(o->client_cert ? o->client_cert :
	                           c.client_cert);
	ret = 0;
out:
	section_free(&c);
	free(urluser);
	if (urlpass)
		explicit_bzero(urlpass, strlen(urlpass));
	free(urlpass);
	free(cleanurl);
	if (ret < 0)
		repo_free(r);
	return ret;
}

int
repo_need_credentials(const struct repo *r)
{
	if (r->file_root || (r->username && r->password))
		return 0;
	if (!r->password && r->name)
		weprintf("%s: no password for repository %s: set TWINE_PASSWORD "
		         "(an API token pypi-... implies user __token__) or password "
		         "in [%s] of %s", r->upload_url, r->name, r->name,
		         r->config ? r->config : "~/.pypirc");
	else if (!r->password)
		weprintf("%s: no password: set TWINE_PASSWORD (an API token "
		         "pypi-... implies user __token__)", r->upload_url);
	else
		weprintf("%s: no username: set TWINE_USERNAME, -u or username "
		         "in the .pypirc", r->upload_url);
	return -1;
}

void
repo_free(struct repo *r)
{
	free(r->name);
	free(r->upload_url);
	free(r->index_url);
	free(r->file_root);
	free(r->username);
	if (r->password)
		explicit_bzero(r->password, strlen(r->password));
	free(r->password);
	free(r->cert);
	free(r->client_cert);
	free(r->config);
	memset(r, 0, sizeof *r);
}
