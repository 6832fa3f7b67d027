/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_REQ_H
#define RELKIT_REQ_H

#include <stddef.h>

/*
 * pip requirement files (requirements/common.in, *.txt), read the way pip
 * reads them: a line ending in a backslash continues on the next one
 * (unless it is a comment line), '#' at the start of a line or after
 * whitespace starts a comment, the requirement comes before the first
 * option (--hash=...), and "-e"/"--editable" takes a URL, maybe quoted.
 * A requirement is a PEP 508 name with extras, version specifiers and a
 * marker, "name @ URL", or a bare URL with "#egg=NAME==VERSION" and
 * "&subdirectory=DIR" in its fragment.
 *
 * Nothing is copied: every field is a byte span [a, b) of the source, so
 * a caller rewrites exactly those bytes and no other.
 */
struct reqspan {
	size_t a, b;
};

enum reftype {
	REF_NONE,    /* a URL with no place for a tag */
	REF_VCS,     /* git+https://host/repo.git@REF (REF empty when absent) */
	REF_ARCHIVE  /* https://host/repo/archive/[refs/tags/]REF.zip */
};

struct requrl {
	struct reqspan url;     /* the whole URL */
	struct reqspan repo;    /* the URL up to its tag: "git+https://h/o/r.git" */
	enum reftype reftype;
	int hasref;             /* REF_VCS without "@REF": 0, ref is where it goes */
	struct reqspan ref;     /* the tag, branch or commit */
	int hasegg, haseggver, hassubdir;
	struct reqspan eggname; /* #egg=NAME */
	struct reqspan eggver;  /* #egg=NAME==VERSION, without a local suffix */
	struct reqspan subdir;  /* &subdirectory=DIR */
	int hasdigest;          /* #sha256=HEX (md5, sha1, sha224, sha384, sha512) */
	struct reqspan digest;  /* "sha256=HEX" */
};

enum reqkind {
	REQ_NONE,    /* blank line or comment */
	REQ_OPTION,  /* -r FILE, --index-url URL ...: no requirement */
	REQ_OTHER,   /* a path, or a requirement this scanner does not know */
	REQ_SPEC,    /* name[extras] specifiers ; marker */
	REQ_URL      /* name @ URL, a bare URL, -e URL */
};

struct req {
	size_t line, lastline;  /* 1-based physical lines of the logical line */
	size_t off, end;        /* the logical line, without its last line end */
	enum reqkind kind;
	int editable;
	int hasname;            /* a PEP 508 name before the specifiers or '@' */
	struct reqspan name;
	struct requrl u;        /* REQ_URL */
	int haspin;             /* REQ_SPEC: one "==V" or "===V" clause */
	struct reqspan pin;     /* V without a local suffix */
	size_t nclause;         /* REQ_SPEC: its version clauses */
	struct reqspan specs;   /* ... from the first operator to the last
	                         * version: ">=0.8, <1.0" */
	int hashash;            /* a --hash option on the logical line */
	size_t hashline;        /* its physical line */
};

struct reqfile {
	struct req *r;
	size_t n, cap;
};

/* Split s[0..len) into logical lines and parse each. Never fails: what
 * it does not understand is REQ_OTHER. */
void req_parse(const char *s, size_t len, struct reqfile *rf);
/* The same for s[a..b) only, whose first line is line: a requirement
 * string inside another file. Offsets and lines stay those of s. */
void req_parse_span(const char *s, size_t a, size_t b, size_t line,
                    struct reqfile *rf);
void req_free(struct reqfile *rf);
/* One logical line at s[i] (i < len, *line its first line) into *r,
 * for a caller that reads a file line by line in constant memory. The
 * offset of the next one; *line moves on. */
size_t req_next(const char *s, size_t i, size_t len, size_t *line,
                struct req *r);

/* Parse the URL s[a..b) (a requirement's, or a uv source's url/git). */
void req_url(const char *s, size_t a, size_t b, struct requrl *u);

/* The project a requirement names: its PEP 508 name, else its #egg=
 * name, else the last component of its subdirectory=. 0 if none. */
int req_project(const char *s, const struct req *r, struct reqspan *name);

/* Length of a version's local suffix ("+git", "_git") at the end of
 * s[0..n), which a rewrite keeps: from the first '+', or a last '_'
 * followed by letters only. 0 if none. */
size_t req_localsuffix(const char *s, size_t n);

/* Does the URL s[0..n) belong to the repository repo (any scheme, user,
 * "git+" prefix, ".git" suffix or trailing slash; host compared without
 * case or a default port :443 or :80; on github.com, owner and repository
 * too)? For a URL with a tag, only the part before the tag counts. */
int req_samerepo(const char *s, size_t n, const char *repo);

/* The tag that replaces the tag old[0..n): tag, with old's leading 'v'
 * kept when old is "v" + a version and tag has none. Into out (size
 * bytes, NUL-terminated). */
void req_newtag(const char *old, size_t n, const char *tag, char *out,
                size_t size);

/* Is tag a name git and a URL can both carry as a release tag: printable
 * ASCII with none of space ~ ^ : ? * [ \ # % @ and no "..", not starting
 * with '-' or '/', not ending with '/', '.' or ".lock"? NULL, or why not. */
const char *req_badtag(const char *tag);

#endif
