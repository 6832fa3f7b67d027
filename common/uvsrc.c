/* relkit — MIT licence, see LICENSE. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cfgscan.h"
#include "util.h"
#include "uvsrc.h"

#define BAD ((size_t)-1)

static const char *const fieldname[UV_NFIELD] = {
	"git", "url", "tag", "rev", "branch", "subdirectory", "version"
};


static int
field(const char *s, size_t n)
{
	int f;

	for (f = 0; f < UV_NFIELD; f++)
		if (strlen(fieldname[f]) == n && memcmp(fieldname[f], s, n) == 0)
			return f;
	return -1;
}

/* Blanks, line ends and comments between the parts of a value. */
static size_t
skipblank(const char *s, size_t i, size_t end)
{
	while (i < end) {
		if (s[i] == '#')
			while (i < end && s[i] != '\n')
				i++;
		else if (isspace((unsigned char)s[i]))
			i++;
		else
			break;
	}
	return i;
}

/* A TOML string at i: returns the offset past it and its contents in *c
 * (*triple set for a multi-line one), or BAD. */
static size_t
string(const char *s, size_t i, size_t end, struct reqspan *c, int *triple)
{
	char q = s[i];
	size_t j;

	*triple = i + 2 < end && s[i + 1] == q && s[i + 2] == q;
	j = i + (*triple ? 3 : 1);
	c->a = j;
	for (; j < end; j++) {
		if (s[j] == '\\' && q == '"') {
			j++;
			continue;
		}
		if (s[j] == '\n' && !*triple)
			return BAD;
		if (s[j] == q && (!*triple ||
		    (j + 2 < end && s[j + 1] == q && s[j + 2] == q))) {
			c->b = j;
			return j + (*triple ? 3 : 1);
		}
	}
	return BAD;
}

/* Any other value: a scalar, or a bracketed one with strings inside. */
static size_t
skipvalue(const char *s, size_t i, size_t end)
{
	int depth = 0, triple;
	struct reqspan c;

	while (i < end) {
		if (s[i] == '"' || s[i] == '\'') {
			if ((i = string(s, i, end, &c, &triple)) == BAD)
				return BAD;
			continue;
		}
		if (s[i] == '{' || s[i] == '[')
			depth++;
		else if (s[i] == '}' || s[i] == ']') {
			if (depth == 0)
				return i;
			depth--;
		} else if (depth == 0 && (s[i] == ',' || isspace((unsigned char)s[i])))
			return i;
		i++;
	}
	return depth ? BAD : i;
}

static struct uvsrc *
newsrc(struct uvsrcs *u, const char *name, size_t namelen, size_t off)
{
	struct uvsrc *r;

	u->s = eappend(u->s, &u->n, &u->cap, sizeof *u->s);
	r = &u->s[u->n - 1];
	r->name = estrndup(name, namelen);
	r->off = off;
	return r;
}

/* The inline table at s[i] == '{': one source. Returns the offset past
 * it, or BAD. */
static size_t
inltable(const char *s, size_t i, size_t end, const char *name, size_t namelen,
         struct uvsrcs *u)
{
	struct uvsrc *r = newsrc(u, name, namelen, i);
	size_t idx = u->n - 1;

	for (i = skipblank(s, i + 1, end); i < end; ) {
		struct reqspan k, c;
		int triple = 0, f;

		if (s[i] == '}')
			return i + 1;
		if (s[i] == '"' || s[i] == '\'') {
			if ((i = string(s, i, end, &k, &triple)) == BAD || triple)
				return BAD;
		} else {
			k.a = i;
			while (i < end && (isalnum((unsigned char)s[i]) ||
			                   s[i] == '_' || s[i] == '-' || s[i] == '.'))
				i++;
			k.b = i;
			if (k.a == k.b)
				return BAD;
		}
		i = skipblank(s, i, end);
		if (i == end || s[i] != '=')
			return BAD;
		i = skipblank(s, i + 1, end);
		if (i == end)
			return BAD;
		f = field(s + k.a, k.b - k.a);
		if (s[i] == '"' || s[i] == '\'') {
			if ((i = string(s, i, end, &c, &triple)) == BAD)
				return BAD;
			r = &u->s[idx];
			if (f >= 0 && !triple) {
				r->has[f] = 1;
				r->f[f] = c;
			}
		} else if ((i = skipvalue(s, i, end)) == BAD)
			return BAD;
		i = skipblank(s, i, end);
		if (i < end && s[i] == ',')
			i = skipblank(s, i + 1, end);
		else if (i == end || s[i] != '}')
			return BAD;
	}
	return BAD;
}

/* NAME = { ... } or NAME = [ { ... }, ... ] in [tool.uv.sources]. */
static int
entry(const char *s, const struct cfgkey *k, struct uvsrcs *u)
{
	const char *name = k->key;
	size_t namelen = k->keylen, i = k->val, end = k->valend;

	if (namelen >= 2 && (name[0] == '"' || name[0] == '\'')) {
		name++;
		namelen -= 2;
	}
	if (s[i] == '{')
		return inltable(s, i, end, name, namelen, u) == end ? 0 : -1;
	if (s[i] != '[')
		return -1;
	for (i = skipblank(s, i + 1, end); i < end && s[i] != ']'; ) {
		if (s[i] != '{' ||
		    (i = inltable(s, i, end, name, namelen, u)) == BAD)
			return -1;
		i = skipblank(s, i, end);
		if (i < end && s[i] == ',')
			i = skipblank(s, i + 1, end);
		else if (i == end || s[i] != ']')
			return -1;
	}
	return i + 1 == end ? 0 : -1;
}

/* Does k's path start with the parts of pre (CFG_SEP-joined)? The rest
 * after them, or NULL. */
static const char *
under(const struct cfgkey *k, const char *pre)
{
	size_t n = strlen(pre);

	if (strncmp(k->path, pre, n) != 0 || k->path[n] != CFG_SEP[0])
		return NULL;
	return k->path + n + 1;
}

/* Does key k hold a list of PEP 508 strings? */
static int
deplist(const struct cfgkey *k)
{
	const char *r;

	if (((r = under(k, "project" CFG_SEP "optional-dependencies")) ||
	     (r = under(k, "dependency-groups"))) && !strchr(r, CFG_SEP[0]))
		return 1;
	return cfgkey_path(k, "project", "dependencies", NULL) ||
	       cfgkey_path(k, "tool", "uv", "dev-dependencies", NULL) ||
	       cfgkey_path(k, "tool", "uv", "constraint-dependencies", NULL) ||
	       cfgkey_path(k, "tool", "uv", "override-dependencies", NULL);
}

/* The rest of k's path under a table of sources: [tool.uv.sources] (strict:
 * each entry must be a source) or Poetry's dependency tables, where a
 * source is an entry that has git or url. */
static const char *
sourcetable(const struct cfgkey *k, int *strict)
{
	const char *r;

	*strict = 1;
	if ((r = under(k, "tool" CFG_SEP "uv" CFG_SEP "sources")))
		return r;
	*strict = 0;
	if ((r = under(k, "tool" CFG_SEP "poetry" CFG_SEP "dependencies")) ||
	    (r = under(k, "tool" CFG_SEP "poetry" CFG_SEP "dev-dependencies")))
		return r;
	if ((r = under(k, "tool" CFG_SEP "poetry" CFG_SEP "group"))) {
		const char *g = strchr(r, CFG_SEP[0]);
		static const char deps[] = "dependencies" CFG_SEP;
		if (g && strncmp(g + 1, deps, sizeof deps - 1) == 0)
			return g + sizeof deps;
	}
	return NULL;
}

static void
adddep(struct uvsrcs *u, struct reqspan c, int flags)
{
	if (u->ndep == u->depcap) {
		u->depcap = u->depcap ? u->depcap * 2 : 16;
		u->dep = erealloc(u->dep, u->depcap * sizeof *u->dep);
		u->depflags = erealloc(u->depflags, u->depcap);
	}
	u->depflags[u->ndep] = (unsigned char)flags;
	u->dep[u->ndep++] = c;
}

/* The strings of the array at s[i]. Other elements ({include-group =
 * ...}) are passed over. */
static void
deps(const char *s, size_t i, size_t end, struct uvsrcs *u)
{
	if (i == end || s[i] != '[')
		return;
	for (i = skipblank(s, i + 1, end); i < end && s[i] != ']'; ) {
		struct reqspan c;
		int triple;

		if (s[i] == '"' || s[i] == '\'') {
			if ((i = string(s, i, end, &c, &triple)) == BAD)
				return;
			adddep(u, c, (s[c.a - 1] == '"' ? UVDEP_BASIC : 0) |
			             (triple ? UVDEP_MULTI : 0));
		} else if ((i = skipvalue(s, i, end)) == BAD)
			return;
		i = skipblank(s, i, end);
		if (i < end && s[i] == ',')
			i = skipblank(s, i + 1, end);
		else
			return;
	}
}

int
uvsrc_scan(const char *s, size_t len, struct uvsrcs *u)
{
	struct cfgscan cs;
	size_t i, j;

	memset(u, 0, sizeof *u);
	if (cfgscan(s, len, CFG_TOML, &cs) < 0) {
		u->errline = cs.errline;
		u->err = cs.err;
		return -1;
	}
	for (i = 0; i < cs.n; i++) {
		const struct cfgkey *k = &cs.k[i];
		const char *rest, *dot;
		int f, strict;

		if (deplist(k)) {
			deps(s, k->val, k->valend, u);
			continue;
		}
		if (!(rest = sourcetable(k, &strict)))
			continue;
		if (!(dot = strchr(rest, CFG_SEP[0]))) {
			/* NAME = { ... } or NAME = [ { ... }, ... ] */
			struct cfgkey e = *k;
			size_t before = u->n;
			if (k->val < k->valend && (s[k->val] == '{' || s[k->val] == '[')) {
				e.key = rest;
				e.keylen = strlen(rest);
				if (entry(s, &e, u) == 0) {
					for (j = before; j < u->n; j++)
						u->s[j].strict = strict;
					continue;
				}
				while (u->n > before)
					free(u->s[--u->n].name);
			}
			if (!strict) {
				/* Poetry's NAME = "0.8.2": a version constraint */
				if (k->isstring) {
					size_t nl = strlen(rest);
					const char *nm = rest;
					if (nl >= 2 && (nm[0] == '"' || nm[0] == '\'')) {
						nm++;
						nl -= 2;
					}
					newsrc(u, nm, nl, (size_t)(k->key - s));
					u->s[u->n - 1].has[UV_VERSION] = 1;
					u->s[u->n - 1].f[UV_VERSION].a = k->str;
					u->s[u->n - 1].f[UV_VERSION].b = k->strend;
				}
				continue;
			}
			u->errline = k->line;
			u->err = "a source in [tool.uv.sources] is not an "
			         "inline table or an array of them";
			cfgscan_free(&cs);
			uvsrc_free(u);
			return -1;
		}
		/* NAME.FIELD = "..." as a dotted key or in [...sources.NAME];
		 * the keys of NAME = { ... } were taken with it */
		if (k->inl || strchr(dot + 1, CFG_SEP[0]))
			continue;
		f = field(dot + 1, strlen(dot + 1));
		for (j = 0; j < u->n; j++)
			if (u->s[j].dotted && strlen(u->s[j].name) == (size_t)(dot - rest) &&
			    !memcmp(u->s[j].name, rest, (size_t)(dot - rest)))
				break;
		if (j == u->n) {
			newsrc(u, rest, (size_t)(dot - rest), (size_t)(k->key - s));
			u->s[j].dotted = 1;
			u->s[j].strict = strict;
		}
		if (f >= 0 && k->isstring) {
			u->s[j].has[f] = 1;
			u->s[j].f[f].a = k->str;
			u->s[j].f[f].b = k->strend;
		}
	}
	/* Poetry: entries with neither git nor url nor version (a path) */
	for (i = j = 0; i < u->n; i++) {
		if (!u->s[i].has[UV_GIT] && !u->s[i].has[UV_URL] &&
		    !u->s[i].has[UV_VERSION] && !u->s[i].strict) {
			free(u->s[i].name);
			continue;
		}
		u->s[j++] = u->s[i];
	}
	u->n = j;
	cfgscan_free(&cs);
	return 0;
}

void
uvsrc_free(struct uvsrcs *u)
{
	size_t i;

	for (i = 0; i < u->n; i++)
		free(u->s[i].name);
	free(u->s);
	free(u->dep);
	free(u->depflags);
	u->s = NULL;
	u->dep = NULL;
	u->depflags = NULL;
	u->n = u->cap = u->ndep = u->depcap = 0;
}
