/* relkit — MIT licence, see LICENSE. */
#include <stdlib.h>
#include <string.h>

#include "redact.h"
#include "util.h"

/* The authority after "://" at p: its end, and the last '@' in it (or
 * NULL). */
static const char *
authority(const char *p, const char **at)
{
	*at = NULL;
	for (; *p && !strchr("/?#", *p) && (unsigned char)*p > ' '; p++)
		if (*p == '@')
			*at = p;
	return p;
}

char *
redact(const char *s)
{
	struct buf b = { 0 };
	const char *p = s, *q, *at;

	buf_adds(&b, "");
	while ((q = strstr(p, "://"))) {
		q += 3;
		buf_add(&b, p, (size_t)(q - p));
		p = authority(q, &at);
		if (at) {
			buf_adds(&b, "********");
			q = at;
		}
		buf_add(&b, q, (size_t)(p - q));
	}
	buf_adds(&b, p);
	return b.p;
}

char *
url_split_userinfo(const char *url, char **user, char **pass)
{
	struct buf b = { 0 };
	const char *q = strstr(url, "://"), *at, *colon;

	*user = *pass = NULL;
	if (!q || (authority(q + 3, &at), !at))
		return estrdup(url);
	q += 3;
	colon = memchr(q, ':', (size_t)(at - q));
	if (colon) {
		*user = estrndup(q, (size_t)(colon - q));
		*pass = estrndup(colon + 1, (size_t)(at - colon - 1));
	} else
		*user = estrndup(q, (size_t)(at - q));
	buf_add(&b, url, (size_t)(q - url));
	buf_adds(&b, at + 1);
	return b.p;
}
