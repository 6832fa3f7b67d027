/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_NOTES_H
#define RELKIT_NOTES_H

#include <stddef.h>

/*
 * The section of a changelog that a version's heading opens, as
 * towncrier, zest.releaser and keep-a-changelog write them: a Markdown
 * heading ("## [1.2.0] - 2026-01-05", "# v1.2.0"), an underlined one
 * ("1.2.0 (2026-01-05)" over "-----") or one with an over- and an
 * underline (reStructuredText). A heading holds the version when the
 * version stands in it as a word of its own ("[1.2.0]", "v1.2.0",
 * "aloha 1.2.0 (…)"; not "1.2.0rc1" nor "11.2.0"). The section runs to
 * the next heading of the same or a higher level: Markdown's by its
 * number of '#' ('=' underlines are 1, '-' 2), underline styles by the
 * order they first appear in, as docutils ranks them. Headings inside
 * fenced code blocks do not count.
 */

enum notes_syntax {
	NOTES_AUTO,  /* both kinds of heading (NEWS, HISTORY, CHANGELOG) */
	NOTES_MD,    /* Markdown: '#' headings, '=' and '-' underlines */
	NOTES_RST    /* reStructuredText: underlines of any punctuation */
};

/* The syntax a file name suggests (.md, .markdown; .rst, .txt). */
enum notes_syntax notes_syntax_of(const char *path);

/*
 * The section for version in s[0..n): 1 with s[*a..*b) its body, blank
 * lines and Markdown link definitions ("[1.2.0]: https://…") at its end
 * left out, and *line the heading's line (1-based); 0 when no heading
 * holds the version or its section is empty.
 */
int notes_section(const char *s, size_t n, const char *version,
                  enum notes_syntax syn, size_t *a, size_t *b, size_t *line);

/* Does the heading text t[0..n) hold version as a word? */
int notes_heading_has(const char *t, size_t n, const char *version);

#endif
