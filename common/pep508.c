/* relkit — MIT licence, see LICENSE. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "pep508.h"

/* Each matcher takes the string and a position and returns the position
 * after what it matched (the position itself when an optional part is
 * absent), greedy as a regex engine tries first. */

static size_t
digits(const char *s, size_t i)
{
	while (isdigit((unsigned char)s[i]))
		i++;
	return i;
}

static int
issep(char c)
{
	return c == '-' || c == '_' || c == '.';
}

/* The first of words[] (case-insensitive) at s+i, or 0. */
static size_t
word(const char *s, size_t i, const char *const *words)
{
	for (; *words; words++) {
		size_t n = strlen(*words);

		if (strncasecmp(s + i, *words, n) == 0)
			return n;
	}
	return 0;
}

static size_t
pre(const char *s, size_t i)
{
	static const char *const w[] = { "alpha", "beta", "preview", "pre",
	                                  "a", "b", "c", "rc", NULL };
	size_t j = i + issep(s[i]), n = word(s, j, w);

	if (!n)
		return i;
	j += n;
	j += issep(s[j]);
	return digits(s, j);
}

static size_t
post(const char *s, size_t i)
{
	static const char *const w[] = { "post", "rev", "r", NULL };
	size_t j, n;

	if (s[i] == '-' && isdigit((unsigned char)s[i + 1]))
		return digits(s, i + 1);
	j = i + issep(s[i]);
	if (!(n = word(s, j, w)))
		return i;
	j += n;
	j += issep(s[j]);
	return digits(s, j);
}

static size_t
dev(const char *s, size_t i)
{
	static const char *const w[] = { "dev", NULL };
	size_t j = i + issep(s[i]);

	if (!word(s, j, w))
		return i;
	j += 3;
	j += issep(s[j]);
	return digits(s, j);
}

static size_t
local(const char *s, size_t i)
{
	size_t j;

	if (s[i] != '+' || !isalnum((unsigned char)s[i + 1]))
		return i;
	for (j = i + 1; isalnum((unsigned char)s[j]); j++)
		;
	while (issep(s[j]) && isalnum((unsigned char)s[j + 1]))
		for (j++; isalnum((unsigned char)s[j]); j++)
			;
	return j;
}

static size_t
spaces(const char *s, size_t i)
{
	while (s[i] && strchr(" \t\n\r\f\v", s[i]))
		i++;
	return i;
}

/* One specifier (operator and version) at s+i, as packaging's specifier
 * regex matches it; 0 if none. */
static size_t
specifier(const char *s, size_t i)
{
	enum { EQ, COMPAT, ORDER } op;
	size_t j, k;

	if (strncmp(s + i, "===", 3) == 0) {
		j = spaces(s, i + 3);
		while (s[j] && !strchr(" \t\n\r\f\v;)", s[j]))
			j++;
		return j;
	}
	if (strncmp(s + i, "==", 2) == 0 || strncmp(s + i, "!=", 2) == 0)
		op = EQ, j = i + 2;
	else if (strncmp(s + i, "~=", 2) == 0)
		op = COMPAT, j = i + 2;
	else if (strncmp(s + i, "<=", 2) == 0 || strncmp(s + i, ">=", 2) == 0)
		op = ORDER, j = i + 2;
	else if (s[i] == '<' || s[i] == '>')
		op = ORDER, j = i + 1;
	else
		return 0;
	j = spaces(s, j);
	if (s[j] == 'v' || s[j] == 'V')
		j++;
	if (!isdigit((unsigned char)s[j]))
		return 0;
	k = digits(s, j);
	if (s[k] == '!' && isdigit((unsigned char)s[k + 1]))
		k = digits(s, k + 1);
	else if (s[k] == '!')
		return 0;
	j = k;
	k = 0;
	while (s[j] == '.' && isdigit((unsigned char)s[j + 1])) {
		j = digits(s, j + 1);
		k++;
	}
	if (op == COMPAT && k == 0)
		return 0;
	if (op == EQ && s[j] == '.' && s[j + 1] == '*')
		return j + 2;
	j = dev(s, post(s, pre(s, j)));
	if (op == EQ)
		j = local(s, j);
	return j;
}

int
pep508_specset_ok(const char *s, const char **why)
{
	size_t i = 0, a, b, e;

	while (s[i]) {
		a = spaces(s, i);
		for (b = a; s[b] && s[b] != ','; b++)
			;
		e = b;
		while (e > a && strchr(" \t\n\r\f\v", s[e - 1]))
			e--;
		if (e > a) {
			size_t m = specifier(s, a);

			if (!m || spaces(s, m) < e) {
				*why = "not a version specifier";
				return 0;
			}
		}
		i = s[b] ? b + 1 : b;
	}
	return 1;
}

/* The requirement parser: position and the string. */
struct tk {
	const char *s;
	size_t i;
	const char *why;
};

static void
ws(struct tk *t)
{
	while (t->s[t->i] == ' ' || t->s[t->i] == '\t')
		t->i++;
}

static int
fail(struct tk *t, const char *why)
{
	if (!t->why)
		t->why = why;
	return 0;
}

static int
wordch(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* An identifier as packaging's \b[a-zA-Z0-9][a-zA-Z0-9._-]*\b: a run
 * ending in a letter or digit. */
static size_t
ident(const char *s, size_t i)
{
	size_t j, end = 0;

	if (i > 0 && wordch(s[i - 1]))
		return 0;
	if (!isalnum((unsigned char)s[i]))
		return 0;
	for (j = i; isalnum((unsigned char)s[j]) ||
	     (s[j] && strchr("._-", s[j])); j++)
		if (wordch(s[j]) && !wordch(s[j + 1]))
			end = j + 1;
	return end > i ? end - i : 0;
}

/* A keyword (\bkw\b) at t. */
static int
kw(const struct tk *t, const char *k)
{
	size_t n = strlen(k);

	return strncmp(t->s + t->i, k, n) == 0 && !wordch(t->s[t->i + n]) &&
	       (t->i == 0 || !wordch(t->s[t->i - 1]));
}

static int
marker_var(struct tk *t)
{
	static const char *const vars[] = {
		"python_version", "python_full_version", "os_name", "os.name",
		"sys_platform", "sys.platform", "platform_release",
		"platform_system", "platform_version", "platform.version",
		"platform_machine", "platform.machine",
		"platform_python_implementation",
		"platform.python_implementation", "python_implementation",
		"implementation_name", "implementation_version", "extras",
		"extra", "dependency_groups", NULL
	};
	const char *const *v;
	char q = t->s[t->i];

	if (q == '\'' || q == '"') {
		const char *e = strchr(t->s + t->i + 1, q);

		if (!e)
			return fail(t, "unterminated quoted string in the marker");
		t->i = (size_t)(e - t->s) + 1;
		return 1;
	}
	for (v = vars; *v; v++)
		if (kw(t, *v)) {
			t->i += strlen(*v);
			return 1;
		}
	return fail(t, "expected a marker variable or quoted string");
}

static int
marker_op(struct tk *t)
{
	static const char *const ops[] = { "===", "==", "~=", "!=", "<=", ">=",
	                                   "<", ">", NULL };
	const char *const *o;

	if (kw(t, "in")) {
		t->i += 2;
		return 1;
	}
	if (kw(t, "not")) {
		t->i += 3;
		if (t->s[t->i] != ' ' && t->s[t->i] != '\t')
			return fail(t, "expected whitespace after 'not'");
		ws(t);
		if (!kw(t, "in"))
			return fail(t, "expected 'in' after 'not'");
		t->i += 2;
		return 1;
	}
	for (o = ops; *o; o++)
		if (strncmp(t->s + t->i, *o, strlen(*o)) == 0) {
			t->i += strlen(*o);
			return 1;
		}
	return fail(t, "expected a marker operator");
}

static int marker(struct tk *t, int depth);

static int
marker_atom(struct tk *t, int depth)
{
	ws(t);
	if (t->s[t->i] == '(') {
		t->i++;
		ws(t);
		if (!marker(t, depth + 1))
			return 0;
		ws(t);
		if (t->s[t->i] != ')')
			return fail(t, "expected ')' to close the marker expression");
		t->i++;
	} else {
		if (!marker_var(t))
			return 0;
		ws(t);
		if (!marker_op(t))
			return 0;
		ws(t);
		if (!marker_var(t))
			return 0;
	}
	ws(t);
	return 1;
}

static int
marker(struct tk *t, int depth)
{
	if (depth > 100)
		return fail(t, "markers nested too deep");
	if (!marker_atom(t, depth))
		return 0;
	while (kw(t, "or") || kw(t, "and")) {
		t->i += t->s[t->i] == 'o' ? 2 : 3;
		if (!marker_atom(t, depth))
			return 0;
	}
	return 1;
}

/* version_many: (SPECIFIER (WS? COMMA WS? SPECIFIER)*)?; -1 on a
 * specifier followed by a suffix it does not allow. */
static int
version_many(struct tk *t)
{
	size_t m;

	while ((m = specifier(t->s, t->i)) != 0) {
		t->i = m;
		if (t->s[t->i] == '.' && t->s[t->i + 1] == '*')
			return fail(t, ".* suffix used with a version or operator "
			            "that does not allow it"), -1;
		if (t->s[t->i] == '+')
			return fail(t, "local version label used with an "
			            "operator other than == or !="), -1;
		ws(t);
		if (t->s[t->i] != ',')
			break;
		t->i++;
		ws(t);
	}
	return 0;
}

int
pep508_req_ok(const char *s, int *url, const char **why)
{
	struct tk t = { s, 0, NULL };
	size_t n;

	*url = 0;
	ws(&t);
	if (!(n = ident(s, t.i))) {
		*why = "expected a package name at the start";
		return 0;
	}
	t.i += n;
	ws(&t);
	if (s[t.i] == '[') {
		t.i++;
		ws(&t);
		if ((n = ident(s, t.i)) != 0) {
			t.i += n;
			for (;;) {
				ws(&t);
				if (ident(s, t.i)) {
					*why = "expected a comma between extra names";
					return 0;
				}
				if (s[t.i] != ',')
					break;
				t.i++;
				ws(&t);
				if (!(n = ident(s, t.i))) {
					*why = "expected an extra name after the comma";
					return 0;
				}
				t.i += n;
			}
		}
		ws(&t);
		if (s[t.i] != ']') {
			*why = "expected ']' to close the extras";
			return 0;
		}
		t.i++;
	}
	ws(&t);
	if (s[t.i] == '@') {
		*url = 1;
		t.i++;
		ws(&t);
		if (!s[t.i] || s[t.i] == ' ' || s[t.i] == '\t') {
			*why = "expected a URL after @";
			return 0;
		}
		while (s[t.i] && s[t.i] != ' ' && s[t.i] != '\t')
			t.i++;
		if (!s[t.i])
			return 1;
		ws(&t);
		if (!s[t.i])
			return 1;
	} else {
		if (s[t.i] == '(') {
			t.i++;
			ws(&t);
			if (version_many(&t) < 0)
				goto bad;
			ws(&t);
			if (s[t.i] != ')') {
				*why = "expected ')' to close the version specifier";
				return 0;
			}
			t.i++;
		} else if (version_many(&t) < 0)
			goto bad;
		ws(&t);
		if (!s[t.i])
			return 1;
	}
	if (s[t.i] != ';') {
		*why = "expected a version specifier, ';' or the end";
		return 0;
	}
	t.i++;
	if (!marker(&t, 0))
		goto bad;
	ws(&t);
	if (s[t.i]) {
		*why = "expected the end of the marker";
		return 0;
	}
	return 1;
bad:
	*why = t.why;
	return 0;
}
