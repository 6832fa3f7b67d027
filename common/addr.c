/* relkit — MIT licence, see LICENSE. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "addr.h"

int
addr_url_ok(const char *s)
{
	size_t n = strcspn(s, ":/?#");
	const char *a, *e, *c;
	unsigned long port;

	if (s[n] != ':' || !((n == 4 && strncasecmp(s, "http", 4) == 0) ||
	                     (n == 5 && strncasecmp(s, "https", 5) == 0)))
		return 0;
	if (strncmp(s + n + 1, "//", 2) != 0)
		return 1;
	/* the authority: only a port of 1 to 5 digits is checked */
	a = s + n + 3;
	e = a + strcspn(a, "/?#");
	for (c = e; c > a && isdigit((unsigned char)c[-1]); c--)
		;
	if (c == e || c == a || c[-1] != ':' || e - c > 5)
		return 1;
	port = strtoul(c, NULL, 10);
	return port <= 65535;
}

int
addr_email_of(const char *v, char *out, size_t size)
{
	const char *a, *e;
	size_t n;

	if (strchr(v, ','))
		return 0;
	if ((a = strrchr(v, '<')) != NULL) {
		if (!(e = strchr(a, '>')))
			return 0;
		a++;
	} else {
		a = v;
		e = v + strlen(v);
	}
	while (a < e && isspace((unsigned char)*a))
		a++;
	while (e > a && isspace((unsigned char)e[-1]))
		e--;
	n = (size_t)(e - a);
	if (n == 0 || n >= size)
		return 0;
	memcpy(out, a, n);
	out[n] = '\0';
	return 1;
}

static int
atext(unsigned char c)
{
	return isalnum(c) || c >= 0x80 || (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

int
addr_email_ok(const char *addr, const char **why)
{
	static const char *const special[] = { "arpa", "invalid", "local",
	                                       "localhost", "onion", "test",
	                                       NULL };
	const char *at = strchr(addr, '@'), *d, *l, *tld;
	size_t i, k;

	if (!at || strchr(at + 1, '@')) {
		*why = "The email address is not valid. It must have exactly one "
		       "@-sign.";
		return 0;
	}
	for (l = addr; l < at; l++)
		if (!atext((unsigned char)*l) && *l != '.') {
			*why = "The email address contains invalid characters before "
			       "the @-sign.";
			return 0;
		}
	if (at == addr || addr[0] == '.' || at[-1] == '.' ||
	    memmem(addr, (size_t)(at - addr), "..", 2)) {
		*why = at == addr ? "There must be something before the @-sign." :
		       "The email address contains invalid characters before the "
		       "@-sign: FULL STOP.";
		return 0;
	}
	d = at + 1;
	if (!*d) {
		*why = "There must be something after the @-sign.";
		return 0;
	}
	if (strstr(d, "..")) {
		*why = "An email address cannot have two periods in a row.";
		return 0;
	}
	if (*d == '.') {
		*why = "An email address cannot have a period immediately after "
		       "the @-sign.";
		return 0;
	}
	if (d[strlen(d) - 1] == '.') {
		*why = "An email address cannot end with a period.";
		return 0;
	}
	if (!strchr(d, '.')) {
		*why = "The domain name is not valid. It should have a period.";
		return 0;
	}
	for (l = d; *l; l += k + (l[k] == '.')) {
		k = strcspn(l, ".");
		if (l[0] == '-' || l[k - 1] == '-') {
			*why = "The domain name contains invalid characters (Label "
			       "must not start or end with a hyphen).";
			return 0;
		}
		for (i = 0; i < k; i++)
			if (!isalnum((unsigned char)l[i]) && l[i] != '-' &&
			    (unsigned char)l[i] < 0x80) {
				*why = "The domain name contains invalid characters.";
				return 0;
			}
	}
	tld = strrchr(d, '.') + 1;
	for (l = tld; isdigit((unsigned char)*l); l++)
		;
	if (!*l) {
		*why = "The domain name is not valid. It is not within a valid "
		       "top-level domain.";
		return 0;
	}
	for (i = 0; special[i]; i++)
		if (strcasecmp(tld, special[i]) == 0) {
			*why = "The domain name is a special-use or reserved name that "
			       "cannot be used with email.";
			return 0;
		}
	return 1;
}
