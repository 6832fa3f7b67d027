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

/* Could q..e be no host[:port] at all, but user-info cut short by a
 * '#', '/', '?' or space in a password ("alice:s3cr#t@host")? */
static int
cutshort(const char *q, const char *e)
{
	const char *c;

	if (q < e && *q == '[') {               /* [IPv6]:port */
		if (!(q = memchr(q, ']', (size_t)(e - q))))
			return 1;
		q++;
	}
	if (!(c = memchr(q, ':', (size_t)(e - q))))
		return 0;
	for (c++; c < e; c++)
		if (*c < '0' || *c > '9')
			return 1;
	return 0;
}

/* Where the user-info of a URL cut short ends: the last '@' before the
 * line, the message's next ": " or the next URL ends; else NULL. */
static const char *
lastat(const char *q)
{
	const char *at = NULL;

	for (; *q && *q != '\n' && strncmp(q, ": ", 2) &&
	       strncmp(q, "://", 3); q++)
		if (*q == '@')
			at = q;
	return at;
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
		if (!at && cutshort(q, p) && (at = lastat(q))) {
			/* not a URL as parsed: hide what may be a password */
			p = authority(at, &at);
			buf_adds(&b, "********");
			q = at;
		} else if (at) {
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
