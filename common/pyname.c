/* relkit — MIT licence, see LICENSE. */
#include <ctype.h>

#include "pyname.h"

static int
issep(char c)
{
	return c == '-' || c == '_' || c == '.';
}

size_t
pep503_normalize(const char *s, size_t n, char *out, size_t size)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (issep(c)) {
			while (i + 1 < n && issep(s[i + 1]))
				i++;
			c = '-';
		} else
			c = (char)tolower((unsigned char)c);
		if (o + 1 < size)
			out[o] = c;
		o++;
	}
	if (size)
		out[o < size ? o : size - 1] = '\0';
	return o;
}

int
pep503_eq(const char *s, size_t n, const char *t, size_t m)
{
	size_t i = 0, j = 0;

	for (;;) {
		char a, b;

		if (i == n || j == m)
			return i == n && j == m;
		a = s[i];
		b = t[j];
		if (issep(a) && issep(b)) {
			while (i < n && issep(s[i]))
				i++;
			while (j < m && issep(t[j]))
				j++;
			continue;
		}
		if (tolower((unsigned char)a) != tolower((unsigned char)b))
			return 0;
		i++;
		j++;
	}
}

int
pep508_valid_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || !isalnum((unsigned char)s[0]) ||
	    !isalnum((unsigned char)s[n - 1]))
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !issep(s[i]))
			return 0;
	return 1;
}
