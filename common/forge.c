/* relkit — MIT licence, see LICENSE. */
#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "creds.h"
#include "dist.h"
#include "forge.h"
#include "redact.h"
#include "repo.h"
#include "util.h"

#define ANSWER_LIMIT ((size_t)4 << 20)

static const char *
env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* ---- remote URLs ---------------------------------------------------- */

static int
segchar(int c)
{
	return isalnum(c) || c == '.' || c == '_' || c == '-';
}

/* path[0..n): segments of [A-Za-z0-9._-], none "." or ".." or "-";
 * the number of segments, or -1. */
static int
segments(const char *p, size_t n)
{
	size_t i = 0;
	int k = 0;

	while (i < n) {
		size_t j = i;

		while (j < n && p[j] != '/') {
			if (!segchar((unsigned char)p[j]))
				return -1;
			j++;
		}
		if (j == i || (j - i == 1 && (p[i] == '.' || p[i] == '-')) ||
		    (j - i == 2 && p[i] == '.' && p[i + 1] == '.'))
			return -1;
		k++;
		i = j + 1;
		if (j < n && i == n)
			return -1; /* a final '/' */
	}
	return k;
}

int
forge_parse_remote(const char *url, struct forge_remote *r,
                   const char **why)
{
	const char *p, *sep = strstr(url, "://"), *auth, *path, *at, *hs, *he;
	const char *port = NULL;
	size_t n, i;
	int https = 0, http = 0;

	memset(r, 0, sizeof *r);
	for (p = url; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f) {
			*why = "control character or blank in the URL";
			return -1;
		}
	if (sep) {
		size_t sl = (size_t)(sep - url);

		https = sl == 5 && strncasecmp(url, "https", 5) == 0;
		http = sl == 4 && strncasecmp(url, "http", 4) == 0;
		if (!https && !http &&
		    !(sl == 3 && strncasecmp(url, "ssh", 3) == 0) &&
		    !(sl == 7 && (strncasecmp(url, "git+ssh", 7) == 0 ||
		                  strncasecmp(url, "ssh+git", 7) == 0)) &&
		    !(sl == 3 && strncasecmp(url, "git", 3) == 0)) {
			*why = "not an https, ssh or git URL";
			return -1;
		}
		auth = sep + 3;
		path = strchr(auth, '/');
		if (!path) {
			*why = "no repository path in the URL";
			return -1;
		}
		path++;
	} else {
		/* scp-like: [user@]host:path, no '/' before the ':' */
		const char *colon = strchr(url, ':');

		auth = url;
		if (!colon || colon == url || memchr(url, '/', (size_t)(colon - url))) {
			*why = "not a remote URL (a local path?)";
			return -1;
		}
		path = colon + 1;
		while (*path == '/')
			path++;
	}
	/* the host: after the last '@' of the authority */
	he = sep ? path - 1 : strchr(auth, ':');
	hs = auth;
	for (at = auth; at < he; at++)
		if (*at == '@')
			hs = at + 1;
	if (hs < he && *hs == '[') {
		const char *cb = memchr(hs, ']', (size_t)(he - hs));

		if (!cb) {
			*why = "bad host in the URL";
			return -1;
		}
		if (cb + 1 < he) {
			if (cb[1] != ':') {
				*why = "bad host in the URL";
				return -1;
			}
			port = cb + 2;
		}
		cb++;
		r->host = estrndup(hs, (size_t)(cb - hs));
	} else {
		const char *c = sep ? memchr(hs, ':', (size_t)(he - hs)) : NULL;

		if (c)
			port = c + 1;
		r->host = estrndup(hs, (size_t)((c ? c : he) - hs));
	}
	if (port) {
		for (p = port; p < he; p++)
			if (!isdigit((unsigned char)*p))
				break;
		if (p != he || p == port || p - port > 5) {
			*why = "bad port in the URL";
			goto fail;
		}
	}
	if (!r->host[0]) {
		*why = "no host in the URL";
		goto fail;
	}
	for (i = 0; r->host[i]; i++) {
		unsigned char c = (unsigned char)r->host[i];

		if (r->host[0] == '[' ? !(isxdigit(c) || c == ':' || c == '.' ||
		                          c == '[' || c == ']') :
		    !(isalnum(c) || c == '.' || c == '-')) {
			*why = "bad host in the URL";
			goto fail;
		}
		r->host[i] = (char)tolower(c);
	}
	n = strcspn(path, "?#");
	if (path[n]) {
		*why = "a query or fragment in the URL";
		goto fail;
	}
	while (n > 0 && path[n - 1] == '/')
		n--;
	if (n >= 4 && strncasecmp(path + n - 4, ".git", 4) == 0)
		n -= 4;
	if (path[0] == '~' || segments(path, n) < 2) {
		*why = "the path is not owner/name (or group/…/name)";
		goto fail;
	}
	r->path = estrndup(path, n);
	if (https || http) {
		struct buf o = { 0 };

		buf_addf(&o, "%s://%s", https ? "https" : "http", r->host);
		if (port)
			buf_addf(&o, ":%.*s", (int)(he - port), port);
		r->origin = o.p;
	}
	return 0;
fail:
	forge_remote_free(r);
	return -1;
}

void
forge_remote_free(struct forge_remote *r)
{
	free(r->host);
	free(r->path);
	free(r->origin);
	memset(r, 0, sizeof *r);
}

int
forge_path_ok(enum forge_kind k, const char *path, const char **why)
{
	int n = segments(path, strlen(path));

	if (n < 2 || (k == FORGE_GITHUB && n != 2)) {
		*why = k == FORGE_GITHUB ? "not owner/name" :
		       "not group/name (or group/subgroup/…/name)";
		return -1;
	}
	return 0;
}

enum forge_kind
forge_kind_named(const char *s)
{
	if (strcasecmp(s, "github") == 0)
		return FORGE_GITHUB;
	if (strcasecmp(s, "gitlab") == 0)
		return FORGE_GITLAB;
	return FORGE_UNKNOWN;
}

const char *
forge_kind_name(enum forge_kind k)
{
	return k == FORGE_GITHUB ? "github" : k == FORGE_GITLAB ? "gitlab" : "?";
}

/* The host of URL u, lower-cased, or NULL. */
static char *
hostof(const char *u)
{
	const char *p = strstr(u, "://");
	size_t n;
	char *h;

	if (!p)
		return NULL;
	p += 3;
	n = strcspn(p, "/:?#");
	h = estrndup(p, n);
	for (p = h; *p; p++)
		h[p - h] = (char)tolower((unsigned char)*p);
	return h;
}

enum forge_kind
forge_kind_of_host(const char *host)
{
	const char *s;
	char *h;
	enum forge_kind k = FORGE_UNKNOWN;

	if (strcmp(host, "github.com") == 0 || strcmp(host, "www.github.com") == 0)
		return FORGE_GITHUB;
	if (strcmp(host, "gitlab.com") == 0 || strncmp(host, "gitlab.", 7) == 0)
		return FORGE_GITLAB;
	if ((s = env("GITHUB_SERVER_URL")) && (h = hostof(s))) {
		if (strcmp(h, host) == 0)
			k = FORGE_GITHUB;
		free(h);
	}
	if (!k && (s = env("CI_SERVER_HOST")) && strcasecmp(s, host) == 0)
		k = FORGE_GITLAB;
	return k;
}

char *
forge_api_base(enum forge_kind k, const struct forge_remote *r)
{
	const char *e = env(k == FORGE_GITHUB ? "GITHUB_API_URL" : "CI_API_V4_URL");
	struct buf b = { 0 };

	if (e)
		buf_adds(&b, e);
	else if (r && r->host && strcmp(r->host, k == FORGE_GITHUB ?
	                                "github.com" : "gitlab.com") != 0) {
		if (r->origin)
			buf_adds(&b, r->origin);
		else
			buf_addf(&b, "https://%s", r->host);
		buf_adds(&b, k == FORGE_GITHUB ? "/api/v3" : "/api/v4");
	} else
		buf_adds(&b, k == FORGE_GITHUB ? "https://api.github.com" :
		         "https://gitlab.com/api/v4");
	while (b.len > 0 && b.p[b.len - 1] == '/')
		b.p[--b.len] = '\0';
	return b.p;
}

/* ---- answers ------------------------------------------------------- */

static void
part(struct buf *b, const char *s)
{
	if (!s || !*s)
		return;
	if (b->len)
		buf_adds(b, ": ");
	buf_adds(b, s);
}

static void
words(struct buf *b, json_t *v, const char *key)
{
	size_t i;
	const char *k;
	json_t *x;

	if (json_is_string(v)) {
		if (key) {
			struct buf t = { 0 };

			buf_addf(&t, "%s %s", key, json_string_value(v));
			part(b, t.p);
			buf_free(&t);
		} else
			part(b, json_string_value(v));
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			if (i < 20)
				words(b, x, key);
	} else if (json_is_object(v) && !key) {
		json_object_foreach(v, k, x)
			words(b, x, k);
	}
}

char *
forge_message(const char *body, size_t n)
{
	struct buf b = { 0 }, q = { 0 };
	json_error_t je;
	json_t *j = n ? json_loadb(body, n, 0, &je) : NULL;
	size_t i;
	json_t *e;

	if (json_is_object(j)) {
		words(&b, json_object_get(j, "message"), NULL);
		json_array_foreach(json_object_get(j, "errors"), i, e) {
			if (i >= 20)
				break;
			if (json_is_string(e))
				part(&b, json_string_value(e));
			else if (json_is_string(json_object_get(e, "message")))
				part(&b, json_string_value(json_object_get(e, "message")));
			else if (json_is_string(json_object_get(e, "code"))) {
				struct buf t = { 0 };
				const char *f = json_string_value(json_object_get(e, "field"));

				buf_addf(&t, "%s%s%s", f ? f : "", f ? " " : "",
				         json_string_value(json_object_get(e, "code")));
				part(&b, t.p);
				buf_free(&t);
			}
		}
		if (json_is_string(json_object_get(j, "error")))
			part(&b, json_string_value(json_object_get(j, "error")));
		if (json_is_string(json_object_get(j, "error_description")))
			part(&b, json_string_value(json_object_get(j, "error_description")));
	}
	json_decref(j);
	if (!b.len && n) {
		/* not the JSON we know: the body's first line, as text */
		size_t k = 0;

		while (k < n && k < 200 && body[k] != '\n' && body[k] != '\0')
			k++;
		buf_add(&b, body, k);
	}
	if (!b.len) {
		buf_free(&b);
		return NULL;
	}
	buf_add(&b, "", 1);
	if (strlen(b.p) > 400)
		memcpy(b.p + 397, "...", 4);
	dist_quote(&q, b.p);
	buf_free(&b);
	buf_add(&q, "", 1);
	return q.p;
}

/* A decimal number of at most 12 digits in s, or -1. */
static long long
number(const char *s)
{
	long long v = 0;
	int k = 0;

	if (!s)
		return -1;
	while (*s == ' ')
		s++;
	for (; isdigit((unsigned char)*s) && k < 12; s++, k++)
		v = v * 10 + (*s - '0');
	while (*s == ' ' || *s == '\r' || *s == '\n')
		s++;
	return k && !*s ? v : -1;
}

long
forge_ratelimit_wait(long status, const char *retry_after,
                     const char *remaining, const char *reset, time_t now)
{
	long long ra = number(retry_after), rs = number(reset);

	if (status != 403 && status != 429)
		return -1;
	if (ra >= 0)
		return ra > 86400 ? 86400 : (long)ra;
	if (number(remaining) == 0 && rs >= 0) {
		long long w = rs - (long long)now;

		return w < 0 ? 1 : w > 86400 ? 86400 : (long)w + 1;
	}
	/* GitHub: a secondary limit without headers: wait a minute */
	return status == 429 ? 60 : -1;
}

/* ---- requests ------------------------------------------------------ */

struct answer {
	long status;
	struct buf body;
	json_t *json;       /* the body as JSON, or NULL */
	char retry_after[32], remaining[32], reset[32];
	char location[1024];
};

static size_t
collect(char *p, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;

	if (b->len + size * n > ANSWER_LIMIT)
		return 0;
	buf_add(b, p, size * n);
	return size * n;
}

static size_t
header(char *p, size_t size, size_t n, void *arg)
{
	struct answer *a = arg;
	size_t len = size * n;
	static const struct {
		const char *name;
		size_t off, size;
	} want[] = {
		{ "retry-after:", offsetof(struct answer, retry_after), 32 },
		{ "x-ratelimit-remaining:", offsetof(struct answer, remaining), 32 },
		{ "x-ratelimit-reset:", offsetof(struct answer, reset), 32 },
		{ "ratelimit-remaining:", offsetof(struct answer, remaining), 32 },
		{ "ratelimit-reset:", offsetof(struct answer, reset), 32 },
		{ "location:", offsetof(struct answer, location), 1024 },
	};
	size_t i;

	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		size_t k = strlen(want[i].name);

		if (len > k && strncasecmp(p, want[i].name, k) == 0)
			copytrim((char *)a + want[i].off, want[i].size, p + k, len - k);
	}
	return len;
}

static void
answer_free(struct answer *a)
{
	buf_free(&a->body);
	json_decref(a->json);
	memset(a, 0, sizeof *a);
}

/* May the token go to url? The API's origin, or GitHub's upload host
 * beside api.github.com. */
static int
token_may_go(const struct forge *f, const char *url)
{
	char *h;
	int ok;

	if (repo_same_origin(url, f->api))
		return 1;
	if (f->kind != FORGE_GITHUB || strncmp(url, "https://", 8) != 0 ||
	    strcmp(f->api, "https://api.github.com") != 0)
		return 0;
	h = hostof(url);
	ok = h && strcmp(h, "uploads.github.com") == 0 &&
	     url[8 + strlen(h)] != ':';
	free(h);
	return ok;
}

/* The part of url after the API base, for messages. */
static const char *
rel(const struct forge *f, const char *url)
{
	size_t n = strlen(f->api);

	return strncmp(url, f->api, n) == 0 ? url + n : url;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Upload source for an asset. */
struct upfile {
	FILE *fp;
};

static size_t
readup(char *p, size_t size, size_t n, void *arg)
{
	struct upfile *u = arg;
	size_t got = fread(p, 1, size * n, u->fp);

	return ferror(u->fp) ? CURL_READFUNC_ABORT : got;
}

/*
 * One request: method to url, with a JSON body (json) or the file at
 * upload (and its ctype), the token in its header. GETs are retried on
 * connection errors and 5xx; any request after a rate limit that fits in
 * f->maxwait. 0 with the answer in *a (any status but a redirect), -1
 * with a message.
 */
static int
call(struct forge *f, const char *method, const char *url, const char *json,
     const char *upload, struct answer *a)
{
	int tries = 0, limits = 0;
	int get = strcmp(method, "GET") == 0;

	memset(a, 0, sizeof *a);
	if (!token_may_go(f, url)) {
		struct buf q = { 0 };
		char *r = redact(url);

		dist_quote(&q, r);
		buf_add(&q, "", 1);
		weprintf("%s %s: not the API's origin %s: the token is not sent "
		         "there", method, q.p, f->api);
		buf_free(&q);
		free(r);
		return -1;
	}
	for (;;) {
		struct curl_slist *hdr = NULL;
		struct buf h = { 0 };
		char errbuf[CURL_ERROR_SIZE] = "";
		struct upfile up = { NULL };
		CURL *e = curl_easy_init();
		CURLcode rc;
		long wait;

		if (!e) {
			weprintf("cannot set up libcurl");
			return -1;
		}
		memset(a, 0, sizeof *a);
		curl_easy_setopt(e, CURLOPT_URL, url);
		curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
		curl_easy_setopt(e, CURLOPT_ERRORBUFFER, errbuf);
		curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, f->timeout);
		curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
		curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, f->timeout);
		curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, collect);
		curl_easy_setopt(e, CURLOPT_WRITEDATA, &a->body);
		curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, header);
		curl_easy_setopt(e, CURLOPT_HEADERDATA, a);
		curl_easy_setopt(e, CURLOPT_USERAGENT, "relkit-forgepr/" RELKIT_VERSION);
		if (f->cacert)
			curl_easy_setopt(e, CURLOPT_CAINFO, f->cacert);
		if (f->kind == FORGE_GITHUB) {
			hdr = curl_slist_append(hdr, "Accept: application/vnd.github+json");
			hdr = curl_slist_append(hdr, "X-GitHub-Api-Version: 2022-11-28");
		} else
			hdr = curl_slist_append(hdr, "Accept: application/json");
		if (f->token) {
			if (f->kind == FORGE_GITHUB)
				buf_addf(&h, "Authorization: Bearer %s", f->token);
			else
				buf_addf(&h, "%s: %s", f->jobtoken ? "JOB-TOKEN" :
				         "PRIVATE-TOKEN", f->token);
			hdr = curl_slist_append(hdr, h.p);
			explicit_bzero(h.p, h.len);
			buf_free(&h);
		}
		hdr = curl_slist_append(hdr, "Expect:");
		if (json) {
			hdr = curl_slist_append(hdr, "Content-Type: application/json");
			curl_easy_setopt(e, CURLOPT_POSTFIELDS, json);
		} else if (upload) {
			struct stat st;

			if (!(up.fp = fopen(upload, "rb")) || fstat(fileno(up.fp), &st) < 0) {
				weprintf("%s:", upload);
				if (up.fp)
					fclose(up.fp);
				curl_slist_free_all(hdr);
				curl_easy_cleanup(e);
				return -1;
			}
			hdr = curl_slist_append(hdr, "Content-Type: application/octet-stream");
			curl_easy_setopt(e, CURLOPT_READFUNCTION, readup);
			curl_easy_setopt(e, CURLOPT_READDATA, &up);
			if (strcmp(method, "PUT") == 0) {
				curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
				curl_easy_setopt(e, CURLOPT_INFILESIZE_LARGE,
				                 (curl_off_t)st.st_size);
			} else {
				curl_easy_setopt(e, CURLOPT_POST, 1L);
				curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
				                 (curl_off_t)st.st_size);
			}
		}
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, hdr);
		if (f->verbose)
			fprintf(stderr, "> %s %s\n", method, url);
		rc = curl_easy_perform(e);
		if (rc == CURLE_OK)
			curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &a->status);
		if (up.fp)
			fclose(up.fp);
		curl_slist_free_all(hdr);
		curl_easy_cleanup(e);
		tries++;
		if (rc != CURLE_OK) {
			if (get && tries < 3) {
				sleep_ms(f->backoff_ms << (tries - 1));
				buf_free(&a->body);
				continue;
			}
			weprintf("%s %s: %s", method, url, errbuf[0] ? errbuf :
			         curl_easy_strerror(rc));
			buf_free(&a->body);
			return -1;
		}
		if (f->verbose)
			fprintf(stderr, "< %ld\n", a->status);
		wait = forge_ratelimit_wait(a->status, a->retry_after[0] ?
		                            a->retry_after : NULL,
		                            a->remaining[0] ? a->remaining : NULL,
		                            a->reset[0] ? a->reset : NULL, time(NULL));
		if (wait >= 0) {
			char *m = forge_message(a->body.p, a->body.len);

			if (wait > f->maxwait || limits >= 5) {
				weprintf("%s %s: %ld%s%s: rate limited; the wait (%ld s) is "
				         "longer than RELKIT_FORGE_MAX_WAIT (%ld s)", method,
				         rel(f, url), a->status, m ? ": " : "", m ? m : "",
				         wait, f->maxwait);
				free(m);
				buf_free(&a->body);
				return -1;
			}
			weprintf("%s %s: rate limited (%ld); waiting %ld s", method,
			         rel(f, url), a->status, wait);
			free(m);
			limits++;
			buf_free(&a->body);
			sleep_ms(wait * 1000);
			continue;
		}
		if (get && a->status >= 500 && tries < 3) {
			sleep_ms(f->backoff_ms << (tries - 1));
			buf_free(&a->body);
			continue;
		}
		break;
	}
	if (a->status >= 300 && a->status < 400) {
		struct buf q = { 0 };

		dist_quote(&q, a->location[0] ? a->location : "(no Location)");
		buf_add(&q, "", 1);
		weprintf("%s %s: %ld redirect to %s: not followed (the token goes "
		         "to %s only; a renamed repository? use its new name)",
		         method, rel(f, url), a->status, q.p, f->api);
		buf_free(&q);
		buf_free(&a->body);
		return -1;
	}
	if (a->body.len) {
		json_error_t je;

		a->json = json_loadb(a->body.p, a->body.len, 0, &je);
	}
	return 0;
}

/* "METHOD PATH: STATUS: the API's message" on stderr, -1. */
static int
refused(const struct forge *f, const char *what, const char *method,
        const char *url, const struct answer *a)
{
	char *m = forge_message(a->body.p, a->body.len);

	weprintf("%s%s%s %s: %ld%s%s", what ? what : "", what ? ": " : "",
	         method, rel(f, url), a->status, m ? " " : "", m ? m : "");
	free(m);
	return -1;
}

static char *
esc(const char *s)
{
	return curl_easy_escape(NULL, s, 0);
}

/* The URL api/id + fmt… (malloc'd). */
static char *
url_of(const struct forge *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static char *
url_of(const struct forge *f, const char *fmt, ...)
{
	struct buf b = { 0 };
	va_list ap;
	char *t = NULL;
	int n;

	buf_addf(&b, "%s/%s", f->api, f->id);
	va_start(ap, fmt);
	n = vasprintf(&t, fmt, ap);
	va_end(ap);
	if (n < 0)
		eprintf(EXIT_USAGE, "out of memory");
	buf_adds(&b, t);
	free(t);
	return b.p;
}

static char *
jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? estrdup(s) : NULL;
}

int
forge_open(struct forge *f, enum forge_kind k, const char *api,
           const char *path)
{
	static const char *const gh[] = { "GH_TOKEN", "GITHUB_TOKEN" };
	static const char *const gl[] = { "GITLAB_TOKEN", "CI_JOB_TOKEN" };
	const char *const *names = k == FORGE_GITHUB ? gh : gl;
	const char *why, *e;
	char *q;
	size_t i;

	memset(f, 0, sizeof *f);
	f->kind = k;
	f->maxwait = 300;
	f->backoff_ms = 1000;
	f->timeout = 60;
	if ((e = env("RELKIT_FORGE_MAX_WAIT")))
		f->maxwait = atol(e);
	if ((e = env("RELKIT_BACKOFF_MS")))
		f->backoff_ms = atol(e);
	if ((e = env("RELKIT_TIMEOUT")) && atol(e) > 0)
		f->timeout = atol(e);
	if (forge_path_ok(k, path, &why) < 0) {
		weprintf("%s: %s", path, why);
		return -1;
	}
	e = k == FORGE_GITHUB ? "GITHUB_API_URL" : "CI_API_V4_URL";
	if (repo_check_url(e, api, 1) < 0)
		return -1;
	if (strncasecmp(api, "https:", 6) != 0 && !repo_url_is_loopback(api)) {
		weprintf("%s: %s: plain http to a host that is not loopback: the "
		         "token goes over https only", e, api);
		return -1;
	}
	f->api = estrdup(api);
	f->path = estrdup(path);
	if ((e = creds_ca_bundle(&(struct repo){ 0 })))
		f->cacert = estrdup(e);
	if (k == FORGE_GITHUB) {
		struct buf b = { 0 };

		buf_addf(&b, "repos/%s", path);
		f->id = b.p;
	} else {
		struct buf b = { 0 };

		q = esc(path);
		buf_addf(&b, "projects/%s", q ? q : "");
		curl_free(q);
		f->id = b.p;
	}
	for (i = 0; i < 2; i++)
		if ((e = env(names[i]))) {
			f->token = estrdup(e);
			f->tokenvar = names[i];
			f->jobtoken = k == FORGE_GITLAB && i == 1;
			break;
		}
	if (!f->token) {
		weprintf("%s: no token: set %s or %s", path, names[0], names[1]);
		forge_free(f);
		return -1;
	}
	return 0;
}

void
forge_free(struct forge *f)
{
	if (f->token)
		explicit_bzero(f->token, strlen(f->token));
	free(f->token);
	free(f->api);
	free(f->path);
	free(f->id);
	free(f->cacert);
	memset(f, 0, sizeof *f);
}

int
forge_preflight(struct forge *f, char **url)
{
	struct answer a;
	/* a job token may read a project's releases, not always the
	 * project itself */
	char *u = f->jobtoken ? url_of(f, "/releases?per_page=1") :
	          url_of(f, "%s", "");
	int ret = -1;

	*url = NULL;
	if (call(f, "GET", u, NULL, NULL, &a) < 0)
		goto out;
	if (a.status == 200 && f->jobtoken) {
		const char *e = env("CI_PROJECT_URL");
		struct buf b = { 0 };

		if (e)
			buf_adds(&b, e);
		else
			buf_addf(&b, "%s/%s", f->api, f->id);
		*url = b.p;
		ret = 0;
	} else if (a.status != 200) {
		struct buf w = { 0 };

		buf_addf(&w, "%s %s: the token in %s cannot see the repository",
		         forge_kind_name(f->kind), f->path, f->tokenvar);
		refused(f, w.p, "GET", u, &a);
		buf_free(&w);
	} else if (!(*url = jstr(a.json, f->kind == FORGE_GITHUB ? "html_url" :
	                          "web_url"))) {
		weprintf("GET %s: 200 without the repository's %s", rel(f, u),
		         f->kind == FORGE_GITHUB ? "html_url" : "web_url");
	} else
		ret = 0;
	answer_free(&a);
out:
	free(u);
	return ret;
}

/* The open pull request from head: 1 found (*url), 0 none, -1 error. */
static int
find_pr(struct forge *f, const char *head, const char *base, char **url)
{
	struct answer a;
	char *u, *h, *b;
	const char *br;
	json_t *x, *pick = NULL;
	size_t i;
	int ret = -1;

	if (f->kind == FORGE_GITHUB) {
		/* head as "owner:branch"; a branch of the same repository
		 * is qualified with its owner */
		struct buf hb = { 0 };

		if (strchr(head, ':'))
			buf_adds(&hb, head);
		else
			buf_addf(&hb, "%.*s:%s", (int)strcspn(f->path, "/"), f->path, head);
		h = esc(hb.p);
		buf_free(&hb);
		u = url_of(f, "/pulls?state=open&head=%s&per_page=100", h);
	} else {
		h = esc(head);
		u = url_of(f, "/merge_requests?state=opened&source_branch=%s"
		           "&per_page=100", h);
	}
	curl_free(h);
	if (call(f, "GET", u, NULL, NULL, &a) < 0)
		goto out;
	if (a.status != 200) {
		refused(f, NULL, "GET", u, &a);
		goto done;
	}
	if (!json_is_array(a.json)) {
		weprintf("GET %s: %ld: not a JSON list", rel(f, u), a.status);
		goto done;
	}
	/* the filter is the API's; the branch is checked here too */
	br = strrchr(head, ':');
	br = br ? br + 1 : head;
	json_array_foreach(a.json, i, x) {
		char *hr = f->kind == FORGE_GITHUB ?
		           jstr(json_object_get(x, "head"), "ref") :
		           jstr(x, "source_branch");

		b = f->kind == FORGE_GITHUB ? jstr(json_object_get(x, "base"), "ref") :
		    jstr(x, "target_branch");
		if (hr && strcmp(hr, br) == 0 &&
		    (!pick || (b && strcmp(b, base) == 0)))
			pick = x;
		free(b);
		free(hr);
	}
	ret = 0;
	if (pick) {
		*url = jstr(pick, f->kind == FORGE_GITHUB ? "html_url" : "web_url");
		b = f->kind == FORGE_GITHUB ?
		    jstr(json_object_get(pick, "base"), "ref") :
		    jstr(pick, "target_branch");
		if (b && strcmp(b, base) != 0)
			weprintf("warning: the open %s request from %s is against %s, "
			         "not %s", f->kind == FORGE_GITHUB ? "pull" : "merge",
			         head, b, base);
		free(b);
		if (!*url)
			weprintf("GET %s: an open request without its URL", rel(f, u));
		else
			ret = 1;
	}
done:
	answer_free(&a);
out:
	free(u);
	return ret;
}

int
forge_pr(struct forge *f, const char *head, const char *base,
         const char *title, const char *body, char **url, int *reused)
{
	struct answer a;
	json_t *j;
	char *post, *u;
	int r, ret = -1;

	*url = NULL;
	*reused = 1;
	if ((r = find_pr(f, head, base, url)) != 0)
		return r > 0 ? 0 : -1;
	*reused = 0;
	if (f->kind == FORGE_GITHUB) {
		j = json_pack("{s:s, s:s, s:s, s:s}", "title", title, "head", head,
		              "base", base, "body", body ? body : "");
		u = url_of(f, "/pulls");
	} else {
		j = json_pack("{s:s, s:s, s:s, s:s}", "title", title, "source_branch",
		              head, "target_branch", base, "description",
		              body ? body : "");
		u = url_of(f, "/merge_requests");
	}
	if (!j) {
		free(u);
		weprintf("title, branch or body is not UTF-8");
		return -1;
	}
	post = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (call(f, "POST", u, post, NULL, &a) < 0)
		goto out;
	if (a.status == 201 || a.status == 200) {
		if ((*url = jstr(a.json, f->kind == FORGE_GITHUB ? "html_url" :
		                 "web_url")))
			ret = 0;
		else
			weprintf("POST %s: %ld without the request's URL", rel(f, u),
			         a.status);
	} else if ((a.status == 422 || a.status == 409) &&
	           find_pr(f, head, base, url) > 0) {
		/* opened meanwhile (another run): the same one */
		*reused = 1;
		ret = 0;
	} else
		refused(f, NULL, "POST", u, &a);
	answer_free(&a);
out:
	free(post);
	free(u);
	return ret;
}

/* The release of tag: 1 found (*out its JSON), 0 none, -1 error. */
static int
find_release(struct forge *f, const char *tag, json_t **out)
{
	struct answer a;
	char *t = esc(tag), *u;
	int ret = -1;

	u = f->kind == FORGE_GITHUB ? url_of(f, "/releases/tags/%s", t) :
	    url_of(f, "/releases/%s", t);
	curl_free(t);
	if (call(f, "GET", u, NULL, NULL, &a) < 0)
		goto out;
	if (a.status == 404)
		ret = 0;
	else if (a.status != 200)
		refused(f, NULL, "GET", u, &a);
	else if (!json_is_object(a.json))
		weprintf("GET %s: 200 without a JSON object", rel(f, u));
	else {
		*out = json_incref(a.json);
		ret = 1;
	}
	answer_free(&a);
out:
	free(u);
	return ret;
}

/* Is tag on the forge? 1, 0, or -1 with a message. */
static int
tag_there(struct forge *f, const char *tag)
{
	struct answer a;
	char *t = esc(tag), *u = url_of(f, "/git/ref/tags/%s", t);
	int ret = -1;

	curl_free(t);
	if (call(f, "GET", u, NULL, NULL, &a) == 0) {
		if (a.status == 200)
			ret = 1;
		else if (a.status == 404)
			ret = 0;
		else
			refused(f, NULL, "GET", u, &a);
		answer_free(&a);
	}
	free(u);
	return ret;
}

/* A release's page. */
static char *
release_url(const struct forge *f, json_t *rel, const char *tag)
{
	char *s = f->kind == FORGE_GITHUB ? jstr(rel, "html_url") :
	          jstr(json_object_get(rel, "_links"), "self");

	if (!s) {
		struct buf b = { 0 };

		buf_addf(&b, "%s/%s release %s", forge_kind_name(f->kind), f->path,
		         tag);
		s = b.p;
	}
	return s;
}

int
forge_release(struct forge *f, const char *tag, const char *name,
              const char *body, char **url, int *reused, json_t **rel)
{
	struct answer a;
	json_t *j, *got = NULL;
	char *post, *u;
	int r, ret = -1;

	*url = NULL;
	*reused = 1;
	if ((r = find_release(f, tag, &got)) < 0)
		return -1;
	if (r > 0)
		goto found;
	*reused = 0;
	/* GitHub would make a missing tag on the default branch's head */
	if (f->kind == FORGE_GITHUB && (r = tag_there(f, tag)) <= 0) {
		if (r == 0)
			weprintf("%s: the tag is not on %s %s: push it first", tag,
			         forge_kind_name(f->kind), f->path);
		return -1;
	}
	j = json_pack("{s:s, s:s, s:s}", "tag_name", tag, "name", name,
	              f->kind == FORGE_GITHUB ? "body" : "description",
	              body ? body : "");
	if (!j) {
		weprintf("tag, name or notes are not UTF-8");
		return -1;
	}
	post = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	u = url_of(f, "/releases");
	if (call(f, "POST", u, post, NULL, &a) == 0) {
		if ((a.status == 201 || a.status == 200) && json_is_object(a.json))
			got = json_incref(a.json);
		else if ((a.status == 422 || a.status == 409) &&
		         find_release(f, tag, &got) > 0)
			*reused = 1;
		else
			refused(f, NULL, "POST", u, &a);
		answer_free(&a);
	}
	free(post);
	free(u);
	if (!got)
		return -1;
found:
	*url = release_url(f, got, tag);
	ret = 0;
	if (rel)
		*rel = got;
	else
		json_decref(got);
	return ret;
}

/* The name of an asset already on the release: its size (GitHub; -2
 * when GitLab does not say), or -1 when none has that name. */
static long long
has_asset(const struct forge *f, json_t *rel, const char *name)
{
	json_t *list = f->kind == FORGE_GITHUB ? json_object_get(rel, "assets") :
	               json_object_get(json_object_get(rel, "assets"), "links");
	json_t *x;
	size_t i;

	json_array_foreach(list, i, x) {
		const char *n = json_string_value(json_object_get(x, "name"));

		if (n && strcmp(n, name) == 0)
			return f->kind == FORGE_GITHUB ?
			       (long long)json_integer_value(json_object_get(x, "size")) :
			       -2;
	}
	return -1;
}

int
forge_asset(struct forge *f, json_t *rel, const char *tag, const char *path,
            int *skipped)
{
	const char *base = strrchr(path, '/');
	struct answer a;
	struct stat st;
	struct buf u = { 0 };
	long long have;
	const char *n2;
	char *n;
	int ret = -1;

	base = base ? base + 1 : path;
	*skipped = 0;
	if (stat(path, &st) < 0) {
		weprintf("%s:", path);
		return -1;
	}
	if ((have = has_asset(f, rel, base)) != -1) {
		if (have >= 0 && have != (long long)st.st_size) {
			weprintf("%s: the release already has an asset %s of %lld bytes, "
			         "not %lld", path, base, have, (long long)st.st_size);
			return -1;
		}
		*skipped = 1;
		return 0;
	}
	n = esc(base);
	if (f->kind == FORGE_GITHUB) {
		const char *t = json_string_value(json_object_get(rel, "upload_url"));

		if (!t) {
			weprintf("%s: the release has no upload_url", tag);
			goto out;
		}
		for (n2 = t; *n2; n2++)
			if ((unsigned char)*n2 <= ' ' || (unsigned char)*n2 >= 0x7f ||
			    *n2 == '@')
				break;
		if (*n2 || strncmp(t, "http", 4) != 0) {
			weprintf("%s: the release's upload_url is not a URL to send to",
			         tag);
			goto out;
		}
		buf_add(&u, t, strcspn(t, "{"));
		buf_add(&u, "", 1);
		u.len--;
		buf_addf(&u, "%cname=%s", strchr(u.p, '?') ? '&' : '?', n);
		if (call(f, "POST", u.p, NULL, path, &a) < 0)
			goto out;
		if (a.status == 201 || a.status == 200)
			ret = 0;
		else
			refused(f, base, "POST", u.p, &a);
		answer_free(&a);
	} else {
		/* the file in the project's generic package registry
		 * (package: the project's name, version: the tag), then a
		 * link to it on the release */
		const char *pn = strrchr(f->path, '/') + 1;
		char *t = esc(tag), *post;
		json_t *j;

		buf_addf(&u, "%s/%s/packages/generic/%s/%s/%s", f->api, f->id, pn, t,
		         n);
		curl_free(t);
		if (call(f, "PUT", u.p, NULL, path, &a) < 0)
			goto out;
		if (a.status != 201 && a.status != 200) {
			refused(f, base, "PUT", u.p, &a);
			answer_free(&a);
			goto out;
		}
		answer_free(&a);
		j = json_pack("{s:s, s:s, s:s}", "name", base, "url", u.p,
		              "link_type", "package");
		post = j ? json_dumps(j, JSON_COMPACT) : NULL;
		json_decref(j);
		t = esc(tag);
		u.len = 0;
		buf_addf(&u, "%s/%s/releases/%s/assets/links", f->api, f->id, t);
		curl_free(t);
		if (!post)
			weprintf("%s: the name is not UTF-8", path);
		else if (call(f, "POST", u.p, post, NULL, &a) == 0) {
			if (a.status == 201 || a.status == 200)
				ret = 0;
			else
				refused(f, base, "POST", u.p, &a);
			answer_free(&a);
		}
		free(post);
	}
out:
	curl_free(n);
	buf_free(&u);
	return ret;
}
