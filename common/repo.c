/* relkit — MIT licence, see LICENSE. */
#include <curl/curl.h>
#include <errno.h>
#include <ini.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "repo.h"
#include "util.h"

/* What we keep of one .pypirc section. */
struct section {
	char *repository, *username, *password, *ca_cert, *client_cert;
	int found;
};

struct cfg {
	const char *want;    /* the section asked for */
	struct section s;
	int dup;             /* a key given twice */
};

static void
setkey(char **slot, const char *v)
{
	free(*slot);
	*slot = estrdup(v);
}

/* inih calls this per key; continuation lines arrive as repeated keys. */
static int
handler(void *user, const char *section, const char *name, const char *value)
{
	struct cfg *c = user;
	struct section *s = &c->s;

	if (strcmp(section, c->want) != 0)
		return 1;
	s->found = 1;
	if (!name)
		return 1;
	if (strcasecmp(name, "repository") == 0)
		setkey(&s->repository, value);
	else if (strcasecmp(name, "username") == 0)
		setkey(&s->username, value);
	else if (strcasecmp(name, "password") == 0)
		setkey(&s->password, value);
	else if (strcasecmp(name, "ca_cert") == 0)
		setkey(&s->ca_cert, value);
	else if (strcasecmp(name, "client_cert") == 0)
		setkey(&s->client_cert, value);
	return 1;
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

/* Read section name of path into c. 0 (found or not), -1 with a message. */
static int
readcfg(const char *path, int named, struct cfg *c)
{
	struct stat st;
	FILE *fp;
	int rc;

	if (!(fp = fopen(path, "r"))) {
		if (errno == ENOENT && !named)
			return 0;
		weprintf("%s:", path);
		return -1;
	}
	if (fstat(fileno(fp), &st) == 0 && (st.st_mode & (S_IRGRP | S_IROTH)))
		weprintf("warning: %s: readable by group or others; "
		         "chmod 600 it, it may hold a password", path);
	rc = ini_parse_file(fp, handler, c);
	fclose(fp);
	if (rc != 0) {
		if (rc > 0)
			weprintf("%s:%d: not INI syntax", path, rc);
		else
			weprintf("%s: cannot parse", path);
		return -1;
	}
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

int
repo_check_url(const char *what, const char *url, int allow_http)
{
	char *scheme = urlpart(url, CURLUPART_SCHEME, 0);
	char *user = urlpart(url, CURLUPART_USER, 0);
	char *host = urlpart(url, CURLUPART_HOST, 0);
	int ret = -1;

	if (!scheme || !host || !*host)
		weprintf("%s: %s: not a URL", what, url);
	else if (user)
		weprintf("%s: credentials do not go in the URL: use TWINE_USERNAME "
		         "and TWINE_PASSWORD or the .pypirc", what);
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

int
repo_resolve(const struct repo_opts *o, struct repo *r)
{
	struct cfg c = { 0 };
	const char *name, *url, *user, *pass;
	int builtin = 0, ret = -1;

	memset(r, 0, sizeof *r);
	url = o->url ? o->url : o->name ? NULL : env("TWINE_REPOSITORY_URL");
	name = o->name ? o->name : env("TWINE_REPOSITORY");
	if (!name)
		name = "pypi";
	if (!url) {
		c.want = name;
		if (o->config_file)
			r->config = estrdup(o->config_file);
		else if (env("HOME")) {
			struct buf b = { 0 };

			buf_addf(&b, "%s/.pypirc", getenv("HOME"));
			r->config = b.p;
		}
		if (r->config && readcfg(r->config, o->config_file != NULL, &c) < 0)
			goto out;
		builtin = strcmp(name, "pypi") == 0 || strcmp(name, "testpypi") == 0;
		if (!c.s.found && !builtin) {
			weprintf("%s: no section [%s] for -r %s", r->config ?
			         r->config : "(no .pypirc: HOME is not set)", name, name);
			goto out;
		}
		r->name = estrdup(name);
		if (c.s.repository)
			url = c.s.repository;
		else if (strcmp(name, "pypi") == 0)
			url = REPO_PYPI_UPLOAD;
		else if (strcmp(name, "testpypi") == 0)
			url = REPO_TESTPYPI_UPLOAD;
		else {
			weprintf("%s: %s: section [%s] has no repository URL",
			         r->config, name, name);
			goto out;
		}
	}
	r->upload_url = estrdup(url);
	if (isfileurl(url)) {
		if (!(r->file_root = fileroot(url)))
			goto out;
	} else {
		if (repo_check_url("repository URL", url, o->allow_http) < 0)
			goto out;
		if (o->index_url)
			r->index_url = estrdup(o->index_url);
		else if (strcmp(url, REPO_PYPI_UPLOAD) == 0)
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
	user = o->username ? o->username : env("TWINE_USERNAME");
	if (!user)
		user = c.s.username;
	pass = env("TWINE_PASSWORD");
	if (!pass)
		pass = c.s.password;
	if (!user && pass && strncmp(pass, "pypi-", 5) == 0)
		user = "__token__";
	r->username = dupornull(user);
	r->password = dupornull(pass);
	r->cert = dupornull(o->cert ? o->cert : env("TWINE_CERT") ?
	                    env("TWINE_CERT") : c.s.ca_cert);
	r->client_cert = dupornull(o->client_cert ? o->client_cert :
	                           c.s.client_cert);
	ret = 0;
out:
	section_free(&c.s);
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
