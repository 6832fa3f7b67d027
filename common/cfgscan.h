/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_CFGSCAN_H
#define RELKIT_CFGSCAN_H

#include <stddef.h>

#include "util.h"

/*
 * Key scanner for TOML (pyproject.toml) and INI (setup.cfg) files: finds
 * "key = value" lines with the table or section they belong to. Multi-line
 * strings and arrays are skipped over, so their contents are never
 * mistaken for keys or headers. TOML keys are also given as a full path
 * (dotted keys and quoted keys decoded), and the keys of an inline table
 * "project = { version = "1.0" }" are listed after it, marked inl.
 */
enum cfgsyntax { CFG_TOML, CFG_INI };

struct cfgkey {
	char *table;       /* "project", "tool.poetry", "metadata"; "" at top */
	const char *key;   /* points into the source (bare or quoted key) */
	size_t keylen;
	size_t line;       /* 1-based */
	size_t val, valend;/* the value, without a trailing comment */
	int isstring;      /* TOML: one basic or literal string on one line */
	size_t str, strend;/* the text between the quotes (or the INI value) */
	int basic;         /* isstring: a "basic" string, with escapes */
	char *path;        /* TOML: table and key parts joined by CFG_SEP;
	                    * INI: the key in lower case, as configparser */
	int inl;           /* a key inside an inline table */
};

#define CFG_SEP "\x1f"

/* Inline tables nested deeper than this are an error ("a = {b = {c =
 * ...}}"): each level costs a scan of the rest. */
#define CFG_MAX_NEST 100

struct cfgscan {
	struct cfgkey *k;
	size_t n, cap;
	size_t errline;
	const char *err;
};

/* 0, or -1 with errline/err set. */
int cfgscan(const char *src, size_t len, enum cfgsyntax syn, struct cfgscan *cs);
void cfgscan_free(struct cfgscan *cs);

/* Is key k named name (after removing TOML quotes)? */
int cfgkey_is(const struct cfgkey *k, const char *name);

/* Is k's path the parts given, NULL-terminated? */
int cfgkey_path(const struct cfgkey *k, ...);

/*
 * The value of the TOML string contents s[a..b) (basic: with escapes;
 * multi: triple-quoted, its first line end dropped), appended to out. With
 * map, *map gets an array of out->len + 1 offsets: for each byte of the
 * value the offset in s of the same byte, or CFG_ESCAPED when an escape
 * made it; the last is b. 0, or -1 on a bad escape.
 */
#define CFG_ESCAPED ((size_t)-1)
int toml_unescape(const char *s, size_t a, size_t b, int basic, int multi,
                  struct buf *out, size_t **map);

#endif
