/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_SIMPLE_H
#define RELKIT_SIMPLE_H

#include <stddef.h>

/*
 * A project's page on a simple index: PEP 691 JSON or PEP 503 HTML.
 * Pages larger than SIMPLE_PAGE_LIMIT, or with more than SIMPLE_MAX_FILES
 * links, are refused, so hostile input costs bounded memory.
 */
#define SIMPLE_PAGE_LIMIT ((size_t)64 << 20)
#define SIMPLE_MAX_FILES 1000000

struct simple_file {
	char *filename;         /* the link text (HTML) or "filename" (JSON) */
	char *url;              /* as written on the page, entities decoded,
	                           without its #fragment; may be relative */
	char sha256[65];        /* lowercase hex, "" if the page gives none */
	unsigned long long size; int has_size;
	int yanked;
	char *requires_python;  /* NULL if absent; HTML entities decoded */
	long long upload_time;  /* PEP 700 "upload-time" (JSON only), seconds
	                           since the epoch; 0 if absent or unreadable */
};

struct simple_page {
	struct simple_file *f;
	size_t n, cap;
};

/*
 * Parse a page into p, which must be zeroed (or simple_free'd). 0, or -1
 * with *err set to a static message and p left empty. No message printed.
 */
int simple_parse_json(const char *src, size_t len, struct simple_page *p,
                      const char **err);
int simple_parse_html(const char *src, size_t len, struct simple_page *p,
                      const char **err);
/* The first file named exactly filename, or NULL. */
const struct simple_file *simple_find(const struct simple_page *p,
                                      const char *filename);
void simple_free(struct simple_page *p);

/* HTML-escape s into b (& < > " ' as entities), for pages we write. */
struct buf;
void simple_escape(struct buf *b, const char *s);

#endif
