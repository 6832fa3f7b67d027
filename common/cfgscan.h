/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_CFGSCAN_H
#define RELKIT_CFGSCAN_H

#include <stddef.h>

/*
 * Key scanner for TOML (pyproject.toml) and INI (setup.cfg) files: finds
 * "key = value" lines with the table or section they belong to. Multi-line
 * strings, arrays and inline tables are skipped over, so their contents
 * are never mistaken for keys or headers.
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
};

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

#endif
