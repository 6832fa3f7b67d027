/* relkit — MIT licence, see LICENSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "redact.h"

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

/* malloc, or exit as emalloc does; util.c's own allocators are not used
 * here, since util.c prints every message through redact(). */
static char *
alloc(size_t n)
{
	char *p = malloc(n);

	if (!p) {
		fputs("relkit: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

/* Append n bytes of p at *o. */
static void
put(char **o, const char *p, size_t n)
{
	memcpy(*o, p, n);
	*o += n;
}

char *
redact(const char *s)
{
	const char *p = s, *q, *at;
	size_t urls = 0;
	char *out, *o;

	for (q = s; (q = strstr(q, "://")); q += 3)
		urls++;
	/* each URL's user-info, at least "@", becomes eight stars */
	o = out = alloc(strlen(s) + 8 * urls + 1);
	while ((q = strstr(p, "://"))) {
		q += 3;
		put(&o, p, (size_t)(q - p));
		p = authority(q, &at);
		if (!at && cutshort(q, p) && (at = lastat(q))) {
			/* not a URL as parsed: hide what may be a password */
			p = authority(at, &at);
			put(&o, "********", 8);
			q = at;
		} else if (at) {
			put(&o, "********", 8);
			q = at;
		}
		put(&o, q, (size_t)(p - q));
	}
	put(&o, p, strlen(p) + 1);
	return out;
}

/* s[0..n) malloc'd. */
static char *
dup(const char *s, size_t n)
{
	char *p = alloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
url_split_userinfo(const char *url, char **user, char **pass)
{
	const char *q = strstr(url, "://"), *at, *colon;
	size_t head;
	char *out;

	*user = *pass = NULL;
	if (!q || (authority(q + 3, &at), !at))
		return dup(url, strlen(url));
	q += 3;
	colon = memchr(q, ':', (size_t)(at - q));
	if (colon) {
		*user = dup(q, (size_t)(colon - q));
		*pass = dup(colon + 1, (size_t)(at - colon - 1));
	} else
		*user = dup(q, (size_t)(at - q));
	head = (size_t)(q - url);
	out = alloc(head + strlen(at + 1) + 1);
	memcpy(out, url, head);
	strcpy(out + head, at + 1);
	return out;
}
