/* relkit — MIT licence, see LICENSE. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "spdx.h"

enum { OPERAND, OR, AND, WITH, OPEN, CLOSE };

/* The token at *p (parentheses are tokens of their own, the rest is split
 * at white space); its length in *n. 0 at the end. */
static int
token(const char **p, size_t *n, int *kind)
{
	const char *s = *p, *e;

	while (isspace((unsigned char)*s))
		s++;
	*p = s;
	if (!*s)
		return 0;
	if (*s == '(' || *s == ')') {
		*n = 1;
		*kind = *s == '(' ? OPEN : CLOSE;
		return 1;
	}
	for (e = s; *e && !isspace((unsigned char)*e) && *e != '(' &&
	     *e != ')'; e++)
		;
	*n = (size_t)(e - s);
	if (*n == 2 && strncasecmp(s, "or", 2) == 0)
		*kind = OR;
	else if (*n == 3 && strncasecmp(s, "and", 3) == 0)
		*kind = AND;
	else if (*n == 4 && strncasecmp(s, "with", 4) == 0)
		*kind = WITH;
	else
		*kind = OPERAND;
	return 1;
}

static int
licenseref_ok(const char *s, size_t n)
{
	size_t i, k = strlen("LicenseRef-");

	if (n < k || strncasecmp(s, "LicenseRef-", k) != 0)
		return 1;
	for (i = k; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '.' && s[i] != '-')
			return 0;
	return 1;
}

int
spdx_ok(const char *s, const char **why)
{
	const char *p = s;
	size_t n;
	int kind, prev = -1, want_operand = 1, depth = 0, after_with = 0;

	*why = "not a licence expression";
	while (token(&p, &n, &kind)) {
		if (want_operand) {
			if (kind == OPEN && !after_with)
				depth++;
			else if (kind == OPERAND) {
				if (!after_with && !licenseref_ok(p, n)) {
					*why = "a LicenseRef- holds only letters, digits, "
					       "'.' and '-'";
					return 0;
				}
				want_operand = 0;
				if (after_with)
					kind = WITH;    /* no WITH after an exception */
				after_with = 0;
			} else
				return 0;
		} else {
			if (kind == CLOSE) {
				if (--depth < 0)
					return 0;
			} else if (kind == OR || kind == AND)
				want_operand = 1;
			else if (kind == WITH && prev == OPERAND)
				want_operand = after_with = 1;
			else
				return 0;
		}
		prev = kind;
		p += n;
	}
	return !want_operand && depth == 0;
}
