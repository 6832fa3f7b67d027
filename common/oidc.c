/* relkit — MIT licence, see LICENSE. */
#include <ctype.h>
#include <curl/curl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "dist.h"
#include "oidc.h"
#include "redact.h"
#include "repo.h"
#include "util.h"

/* twine's TOKEN_RENEWAL_THRESHOLD and its default life of a token;
 * the mint's own deadline: PyPI takes over 5 s to mint for a publisher
 * of many projects (warehouse#18514; twine gives it 5 s), so the mint
 * is not held to a short --timeout */
enum { RENEW = 300, LIFE = 900, MINT_SECONDS = 120 };

static const char *
env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* Google Cloud's metadata server: GCE_METADATA_HOST (as Google's
 * auth libraries read it), else its usual name. */
static const char *
gcp_host(void)
{
	return env("GCE_METADATA_HOST") ? env("GCE_METADATA_HOST") :
	       "metadata.google.internal";
}

/* A Google Cloud machine: GCE_METADATA_HOST set, or the DMI product
 * name says Google (the id library's test). */
static int
gcp(void)
{
	char name[64] = "";
	FILE *f;

	if (env("GCE_METADATA_HOST"))
		return 1;
	if ((f = fopen("/sys/class/dmi/id/product_name", "re"))) {
		if (!fgets(name, sizeof name, f))
			name[0] = '\0';
		fclose(f);
	}
	return strncmp(name, "Google", 6) == 0;
}

int
oidc_available(void)
{
	return (env("ACTIONS_ID_TOKEN_REQUEST_URL") &&
	        env("ACTIONS_ID_TOKEN_REQUEST_TOKEN")) || env("GITLAB_CI") ||
	       gcp();
}

static size_t
collect(char *p, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;

	if (b->len + size * n > (1 << 20))
		return 0;
	buf_add(b, p, size * n);
	return size * n;
}

/* One request; the answer's JSON (an object) in *out. 0, or -1 with a
 * message naming what. Bodies and headers hold secrets: -v shows only
 * the method, the URL (redacted) and the status. */
static int
request_raw(const struct up_conf *c, const char *what, const char *url,
            const char *bearer, const char *post, long *status, json_t **out,
            const char *header, char **raw)
{
	struct curl_slist *hdr = NULL;
	struct buf b = { 0 }, h = { 0 };
	char errbuf[CURL_ERROR_SIZE] = "";
	char *safe = redact(url);
	json_error_t je;
	CURL *e = curl_easy_init();
	CURLcode rc;
	int ret = -1;

	*out = NULL;
	if (!e) {
		weprintf("%s: cannot set up libcurl", what);
		goto done;
	}
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, c->timeout > 0 ? c->timeout : 60L);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "relkit-pypiup/" RELKIT_VERSION);
	if (c->cert)
		curl_easy_setopt(e, CURLOPT_CAINFO, c->cert);
	if (c->client_cert)
		curl_easy_setopt(e, CURLOPT_SSLCERT, c->client_cert);
	hdr = curl_slist_append(hdr, raw ? "Accept: text/plain" :
	                        "Accept: application/json");
	if (header)
		hdr = curl_slist_append(hdr, header);
	if (bearer) {
		buf_addf(&h, "Authorization: bearer %s", bearer);
		hdr = curl_slist_append(hdr, h.p);
		explicit_bzero(h.p, h.len);
	}
	if (post) {
		hdr = curl_slist_append(hdr, "Content-Type: application/json");
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, post);
	}
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, hdr);
	if (c->verbose)
		fprintf(stderr, "> %s %s\n", post ? "POST" : "GET", safe);
	rc = curl_easy_perform(e);
	if (rc != CURLE_OK) {
		weprintf("%s: %s: %s", what, safe, errbuf[0] ? errbuf :
		         curl_easy_strerror(rc));
		goto done;
	}
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, status);
	if (c->verbose)
		fprintf(stderr, "< %ld\n", *status);
	buf_add(&b, "", 1);
	if (raw) {
		*raw = estrdup(b.p);
		ret = 0;
		goto done;
	}
	*out = json_loads(b.p, 0, &je);
	if (!json_is_object(*out)) {
		weprintf("%s: %s: answered %ld without a JSON object", what, safe,
		         *status);
		json_decref(*out);
		*out = NULL;
		goto done;
	}
	ret = 0;
done:
	if (b.p)
		explicit_bzero(b.p, b.len);
	buf_free(&b);
	buf_free(&h);
	curl_slist_free_all(hdr);
	if (e)
		curl_easy_cleanup(e);
	free(safe);
	return ret;
}

/*
 * The index's words about our token, printable: the token itself, and
 * anything shaped like a JWT (eyJ...x.y[.z]), hidden whatever the
 * parsing; control characters escaped as dist_quote does. malloc'd.
 */
static char *
shown(const char *s, const char *token)
{
	struct buf b = { 0 }, q = { 0 };
	size_t tl = token ? strlen(token) : 0;
	const char *p = s ? s : "";

	buf_adds(&b, "");
	while (*p) {
		size_t n = 0, dots = 0;

		if (tl && !strncmp(p, token, tl)) {
			buf_adds(&b, "********");
			p += tl;
			continue;
		}
		if (!strncmp(p, "eyJ", 3)) {
			while (isalnum((unsigned char)p[n]) || p[n] == '-' ||
			       p[n] == '_' || (p[n] == '.' && ++dots))
				n++;
			if (dots >= 1) {
				buf_adds(&b, "********");
				p += n;
				continue;
			}
		}
		buf_add(&b, p++, 1);
	}
	buf_adds(&q, "");
	dist_quote(&q, b.p);
	explicit_bzero(b.p, b.len);
	buf_free(&b);
	return q.p;
}

static int
request(const struct up_conf *c, const char *what, const char *url,
        const char *bearer, const char *post, long *status, json_t **out)
{
	return request_raw(c, what, url, bearer, post, status, out, NULL, NULL);
}

static char *
jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s && *s ? estrdup(s) : NULL;
}

/* The CI's OIDC token for audience, or NULL with a message. */
static char *
ci_token(const struct up_conf *c, const char *audience)
{
	const char *url = env("ACTIONS_ID_TOKEN_REQUEST_URL");
	const char *bearer = env("ACTIONS_ID_TOKEN_REQUEST_TOKEN");

	if (url && bearer) {
		struct buf u = { 0 };
		char *q;
		json_t *j;
		long st = 0;
		char *tok = NULL;

		if (repo_check_url("ACTIONS_ID_TOKEN_REQUEST_URL", url, 0) < 0)
			return NULL;
		q = curl_easy_escape(NULL, audience, 0);
		buf_addf(&u, "%s%caudience=%s", url, strchr(url, '?') ? '&' : '?',
		         q ? q : "");
		curl_free(q);
		if (request(c, "GitHub Actions OIDC token", u.p, bearer, NULL, &st,
		            &j) == 0) {
			if (st != 200 || !(tok = jstr(j, "value")))
				weprintf("GitHub Actions gave no OIDC token (%ld); does the "
				         "job have permissions: id-token: write?", st);
			json_decref(j);
		}
		buf_free(&u);
		return tok;
	}
	if (env("GITLAB_CI")) {
		struct buf v = { 0 };
		const char *p, *tok;

		for (p = audience; *p; p++)
			buf_addf(&v, "%c", isalnum((unsigned char)*p) ?
			         toupper((unsigned char)*p) : '_');
		buf_adds(&v, "_ID_TOKEN");
		if (!(tok = env(v.p))) {
			weprintf("GitLab CI: no %s; give the job id_tokens: %s: aud: %s",
			         v.p, v.p, audience);
			buf_free(&v);
			return NULL;
		}
		buf_free(&v);
		return estrdup(tok);
	}
	if (gcp()) {
		struct buf u = { 0 };
		char *q = curl_easy_escape(NULL, audience, 0), *tok = NULL;
		json_t *j = NULL;
		long st = 0;

		/* the metadata server's identity endpoint, as the id library
		 * asks it; the answer is the token itself */
		buf_addf(&u, "http://%s/computeMetadata/v1/instance/service-accounts/"
		         "default/identity?audience=%s&format=full", gcp_host(),
		         q ? q : "");
		curl_free(q);
		if (request_raw(c, "Google Cloud OIDC token", u.p, NULL, NULL, &st,
		                &j, "Metadata-Flavor: Google", &tok) == 0 &&
		    (st != 200 || !tok[0] || strchr(tok, '<'))) {
			weprintf("Google Cloud's metadata server gave no identity token "
			         "(%ld); does the instance have a service account?", st);
			explicit_bzero(tok, strlen(tok));
			free(tok);
			tok = NULL;
		}
		buf_free(&u);
		if (tok)
			tok[strcspn(tok, "\r\n")] = '\0';
		return tok;
	}
	weprintf("trusted publishing: not a GitHub Actions, GitLab CI or Google "
	         "Cloud job with an OIDC token");
	return NULL;
}

static char *
origin(const char *url)
{
	const char *p = strstr(url, "://");

	if (!p)
		return estrdup(url);
	p += 3;
	return estrndup(url, (size_t)(p - url) + strcspn(p, "/?#"));
}

static int
mint(struct oidc *o, const struct up_conf *c)
{
	struct buf u = { 0 };
	struct up_conf mc;
	json_t *j = NULL, *body;
	char *aud = NULL, *oidc = NULL, *post = NULL, *tok;
	long st = 0;
	int ret = -1;

	buf_addf(&u, "%s/_/oidc/audience", o->origin);
	if (request(c, "trusted publishing audience", u.p, NULL, NULL, &st, &j) < 0)
		goto out;
	if (st != 200 || !(aud = jstr(j, "audience"))) {
		weprintf("%s: no audience (%ld): does the index support trusted "
		         "publishing?", u.p, st);
		goto out;
	}
	json_decref(j);
	j = NULL;
	if (!(oidc = ci_token(c, aud)))
		goto out;
	body = json_pack("{s:s}", "token", oidc);
	post = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	u.len = 0;
	buf_addf(&u, "%s/_/oidc/mint-token", o->origin);
	mc = *c;
	if (mc.timeout < MINT_SECONDS)
		mc.timeout = MINT_SECONDS;
	if (request(&mc, "trusted publishing", u.p, NULL, post, &st, &j) < 0)
		goto out;
	if (st != 200 || !(tok = jstr(j, "token"))) {
		json_t *errs = json_object_get(j, "errors"), *e;
		size_t i;

		weprintf("%s: the index refused to mint a token (%ld)%s", u.p, st,
		         json_array_size(errs) ? ":" : "");
		json_array_foreach(errs, i, e) {
			char *code = shown(json_string_value(json_object_get(e,
			                   "code")), oidc);
			char *desc = shown(json_string_value(json_object_get(e,
			                   "description")), oidc);

			weprintf("  %s: %s", *code ? code : "?", desc);
			free(code);
			free(desc);
		}
		goto out;
	}
	if (o->token)
		explicit_bzero(o->token, strlen(o->token));
	free(o->token);
	o->token = tok;
	o->expires = json_is_integer(json_object_get(j, "expires")) ?
	             (time_t)json_integer_value(json_object_get(j, "expires")) :
	             time(NULL) + LIFE;
	o->minted++;
	weprintf("minted an upload token for trusted publishing (audience %s)",
	         aud);
	ret = 0;
out:
	json_decref(j);
	if (oidc)
		explicit_bzero(oidc, strlen(oidc));
	if (post)
		explicit_bzero(post, strlen(post));
	free(oidc);
	free(post);
	free(aud);
	buf_free(&u);
	return ret;
}

int
oidc_mint(struct oidc *o, const struct up_conf *c, const char *upload_url)
{
	memset(o, 0, sizeof *o);
	o->origin = origin(upload_url);
	return mint(o, c);
}

/* Keep a replaced token until oidc_free (another thread's request may
 * hold it). */
static void
retire(struct oidc *o, char *t)
{
	o->old = erealloc(o->old, (o->nold + 1) * sizeof *o->old);
	o->old[o->nold++] = t;
}

int
oidc_refresh(struct oidc *o, struct up_conf *c)
{
	if (!o->token)
		return 0;
	if (time(NULL) + RENEW >= o->expires) {
		char *old = o->token;

		o->token = NULL;
		if (mint(o, c) < 0) {
			/* twine keeps a token that has not yet expired */
			if (time(NULL) < o->expires) {
				o->token = old;
				c->password = old;
				return 0;
			}
			retire(o, old);
			c->password = NULL;
			return -1;
		}
		retire(o, old);
	}
	c->username = "__token__";
	c->password = o->token;
	return 0;
}

/* POST {"token": t} to the index's burn endpoint (warehouse's
 * burn_oidc_issued_token: always 202 {"message": "Accepted"}, whatever
 * became of the token); quiet but for -v and a warning when the index
 * did not take the request. */
static void
burn(const struct oidc *o, const struct up_conf *c, const char *t)
{
	struct buf u = { 0 };
	json_t *body = json_pack("{s:s}", "token", t), *j = NULL;
	char *post = json_dumps(body, JSON_COMPACT), *raw = NULL;
	long st = 0;

	json_decref(body);
	buf_addf(&u, "%s/_/oidc/burn-token", o->origin);
	if (request_raw(c, "burning the upload token", u.p, NULL, post, &st, &j,
	                NULL, &raw) == 0 &&
	    (st < 200 || st > 299))
		weprintf("warning: %s: the index did not burn the upload token "
		         "(%ld); it expires on its own", u.p, st);
	if (raw)
		explicit_bzero(raw, strlen(raw));
	free(raw);
	explicit_bzero(post, strlen(post));
	free(post);
	buf_free(&u);
}

void
oidc_burn(struct oidc *o, const struct up_conf *c)
{
	size_t i;

	if (o->token)
		burn(o, c, o->token);
	for (i = 0; i < o->nold; i++)
		burn(o, c, o->old[i]);
}

void
oidc_free(struct oidc *o)
{
	size_t i;

	if (o->token)
		explicit_bzero(o->token, strlen(o->token));
	free(o->token);
	for (i = 0; i < o->nold; i++) {
		explicit_bzero(o->old[i], strlen(o->old[i]));
		free(o->old[i]);
	}
	free(o->old);
	free(o->origin);
	memset(o, 0, sizeof *o);
}
