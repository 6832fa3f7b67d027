/* relkit — MIT licence, see LICENSE. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "pyscan.h"
#include "utf8.h"
#include "util.h"

enum tok { T_NAME, T_NUMBER, T_STRING, T_OP, T_NEWLINE, T_END };

struct token {
	enum tok t;
	size_t off, end;    /* whole token */
	size_t str, strend; /* T_STRING: contents */
	int plain;          /* T_STRING without f/b prefix */
	size_t line;
	size_t depth;       /* bracket depth before the token */
	int linestart;      /* first token of a logical line */
	size_t col;         /* column of a line's first token, tabs to 8 */
	size_t open;        /* index of the innermost open bracket, or NONE */
};

#define NONE ((size_t)-1)

struct lexer {
	const char *s;
	size_t len, i, line;
	size_t depth;
	struct token *tk;
	size_t n, cap;
	size_t errline;
	const char *err;
};

static int
isname0(unsigned char c)
{
	return isalpha(c) || c == '_' || c >= 0x80;
}

static int
isname(unsigned char c)
{
	return isalnum(c) || c == '_' || c >= 0x80;
}

static void
push(struct lexer *L, struct token t)
{
	if (L->n == L->cap) {
		L->cap = L->cap ? L->cap * 2 : 256;
		L->tk = erealloc(L->tk, L->cap * sizeof *L->tk);
	}
	L->tk[L->n++] = t;
}

/* At s[i] a string prefix + quote? Returns the prefix length or -1. */
static int
stringstart(const char *s, size_t len, size_t i)
{
	size_t k = 0;

	while (k < 2 && i + k < len && strchr("rRbBuUfF", s[i + k]) && s[i + k])
		k++;
	for (; ; k--) {
		if (i + k < len && (s[i + k] == '\'' || s[i + k] == '"'))
			return (int)k;
		if (k == 0)
			return -1;
	}
}

static int
lexstring(struct lexer *L, struct token *t, size_t pfx)
{
	const char *s = L->s;
	size_t i = L->i + pfx, q, ql, startline = L->line;
	char c = s[i];
	size_t k;

	t->plain = 1;
	for (k = 0; k < pfx; k++)
		if (strchr("bBfF", s[L->i + k]))
			t->plain = 0;
	ql = (i + 2 < L->len && s[i + 1] == c && s[i + 2] == c) ? 3 : 1;
	q = i + ql;
	t->str = q;
	for (;;) {
		if (q >= L->len) {
			L->errline = startline;
			L->err = "unterminated string";
			return -1;
		}
		if (s[q] == '\\') {
			/* backslash-CRLF continues a string as backslash-LF does */
			if (q + 2 < L->len && s[q + 1] == '\r' && s[q + 2] == '\n')
				q++;
			if (q + 1 < L->len && (s[q + 1] == '\n' || s[q + 1] == '\r'))
				L->line++;
			q += 2;
			continue;
		}
		if (s[q] == '\n' || (s[q] == '\r' &&
		    !(q + 1 < L->len && s[q + 1] == '\n'))) {
			if (ql == 1) {
				L->errline = startline;
				L->err = "unterminated string";
				return -1;
			}
			L->line++;
		}
		if (s[q] == c && (ql == 1 ||
		    (q + 2 < L->len && s[q + 1] == c && s[q + 2] == c))) {
			t->strend = q;
			L->i = q + ql;
			t->end = L->i;
			return 0;
		}
		q++;
	}
}

/* A line end at s[i]: LF, CRLF or a lone CR. Its length, or 0. */
static size_t
lineend(const char *s, size_t len, size_t i)
{
	if (s[i] == '\n')
		return 1;
	if (s[i] == '\r')
		return i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
	return 0;
}

/* Column of offset i on the line starting at linebeg, as Python counts
 * indentation: a tab to the next multiple of 8, a form feed back to 0. */
static size_t
column(const char *s, size_t linebeg, size_t i)
{
	size_t c = 0, k;

	for (k = linebeg; k < i; k++)
		if (s[k] == '\t')
			c = (c / 8 + 1) * 8;
		else if (s[k] == '\f')
			c = 0;
		else
			c++;
	return c;
}

static int
lex(struct lexer *L)
{
	const char *s = L->s;
	int linestart = 1;
	size_t linebeg = 0;
	char stack[256];
	size_t stackline[256], stacktok[256];

	L->line = 1;
	if (L->len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		L->i = linebeg = 3;
	while (L->i < L->len) {
		unsigned char c = (unsigned char)s[L->i];
		struct token t;
		size_t nl;
		int pfx;

		memset(&t, 0, sizeof t);
		if ((nl = lineend(s, L->len, L->i)) > 0) {
			if (L->depth == 0 && !linestart) {
				t.t = T_NEWLINE;
				t.off = L->i;
				t.end = L->i;
				t.line = L->line;
				t.open = NONE;
				push(L, t);
				linestart = 1;
			}
			L->i += nl;
			L->line++;
			linebeg = L->i;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\f' || c == '\v') {
			L->i++;
			continue;
		}
		if (c == '#') {
			while (L->i < L->len && !lineend(s, L->len, L->i))
				L->i++;
			continue;
		}
		if (c == '\\' && L->i + 1 < L->len &&
		    (nl = lineend(s, L->len, L->i + 1)) > 0) {
			L->i += 1 + nl;
			L->line++;
			continue;
		}
		t.off = L->i;
		t.line = L->line;
		t.depth = L->depth;
		t.open = L->depth ? stacktok[L->depth - 1] : NONE;
		t.linestart = linestart && L->depth == 0;
		/* only a logical line's first token needs its column: counting
		 * it for every token would be quadratic on a long line */
		t.col = t.linestart ? column(s, linebeg, L->i) : 0;
		if ((pfx = stringstart(s, L->len, L->i)) >= 0 &&
		    (pfx == 0 || !(L->i > 0 && isname((unsigned char)s[L->i - 1])))) {
			t.t = T_STRING;
			if (lexstring(L, &t, (size_t)pfx) < 0)
				return -1;
		} else if (isname0(c)) {
			t.t = T_NAME;
			while (L->i < L->len && isname((unsigned char)s[L->i]))
				L->i++;
			t.end = L->i;
		} else if (isdigit(c) || (c == '.' && L->i + 1 < L->len &&
		           isdigit((unsigned char)s[L->i + 1]))) {
			t.t = T_NUMBER;
			while (L->i < L->len) {
				unsigned char d = (unsigned char)s[L->i];
				if (isalnum(d) || d == '.' || d == '_' ||
				    ((d == '+' || d == '-') && L->i > t.off &&
				     (s[L->i - 1] == 'e' || s[L->i - 1] == 'E') &&
				     !(s[t.off] == '0' && (s[t.off + 1] == 'x' || s[t.off + 1] == 'X'))))
					L->i++;
				else
					break;
			}
			t.end = L->i;
		} else {
			t.t = T_OP;
			if (c == '(' || c == '[' || c == '{') {
				if (L->depth >= sizeof stack) {
					L->errline = L->line;
					L->err = "brackets nested too deeply";
					return -1;
				}
				stackline[L->depth] = L->line;
				stacktok[L->depth] = L->n;
				stack[L->depth++] = (char)c;
			} else if (c == ')' || c == ']' || c == '}') {
				char want = c == ')' ? '(' : c == ']' ? '[' : '{';
				if (L->depth == 0 || stack[L->depth - 1] != want) {
					L->errline = L->line;
					L->err = "unbalanced bracket";
					return -1;
				}
				L->depth--;
			}
			L->i++;
			/* two-character operators that contain '=' */
			if (L->i < L->len && s[L->i] == '=' &&
			    strchr("=!<>+-*/%&|^:@", (int)c))
				L->i++;
			else if (L->i < L->len && (c == '*' || c == '/' || c == '<' ||
			         c == '>') && s[L->i] == (char)c) {
				L->i++;
				if (L->i < L->len && s[L->i] == '=')
					L->i++;
			} else if (c == '-' && L->i < L->len && s[L->i] == '>')
				L->i++;
			t.end = L->i;
		}
		linestart = 0;
		push(L, t);
	}
	if (L->depth > 0) {
		L->errline = stackline[L->depth - 1];
		L->err = "bracket never closed";
		return -1;
	}
	{
		struct token e;
		memset(&e, 0, sizeof e);
		e.t = T_NEWLINE;
		e.off = e.end = L->len;
		e.line = L->line;
		e.open = NONE;
		if (L->n == 0 || L->tk[L->n - 1].t != T_NEWLINE)
			push(L, e);
		e.t = T_END;
		push(L, e);
	}
	return 0;
}

static int
isop(const struct lexer *L, const struct token *t, const char *op)
{
	size_t n = strlen(op);

	return t->t == T_OP && t->end - t->off == n &&
	       memcmp(L->s + t->off, op, n) == 0;
}

static int
isword(const struct lexer *L, const struct token *t, const char *w)
{
	size_t n = strlen(w);

	return t->t == T_NAME && t->end - t->off == n &&
	       memcmp(L->s + t->off, w, n) == 0;
}

static const char *const keywords[] = {
	"False", "None", "True", "and", "as", "assert", "async", "await",
	"break", "class", "continue", "def", "del", "elif", "else", "except",
	"finally", "for", "from", "global", "if", "import", "in", "is",
	"lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
	"while", "with", "yield", NULL
};

static int
iskeyword(const char *s, size_t n)
{
	size_t i;

	for (i = 0; keywords[i]; i++)
		if (strlen(keywords[i]) == n && memcmp(keywords[i], s, n) == 0)
			return 1;
	return 0;
}

/* A NAME token that is not a keyword: something a statement may bind. */
static int
isident(const struct lexer *L, const struct token *t)
{
	return t->t == T_NAME && !iskeyword(L->s + t->off, t->end - t->off);
}

/* Python's number grammar (an int, float or imaginary literal) over all
 * of s[0..n), which holds no sign. */
static int
pynumber(const char *s, size_t n)
{
	size_t i = 0, d;
	int isfloat = 0;

#define DIGITS(ok) do {                                                  \
		d = 0;                                                   \
		while (i < n && (strchr(ok, s[i]) && s[i])) {            \
			d++;                                             \
			i++;                                             \
			if (i + 1 < n && s[i] == '_' && strchr(ok, s[i + 1]) \
			    && s[i + 1])                                 \
				i++;                                     \
		}                                                        \
	} while (0)
	if (n >= 2 && s[0] == '0' && strchr("xXoObB", s[1]) && s[1]) {
		const char *ok = strchr("xX", s[1]) ? "0123456789abcdefABCDEF" :
		                 strchr("oO", s[1]) ? "01234567" : "01";
		i = 2;
		if (i < n && s[i] == '_')
			i++;
		DIGITS(ok);
		return d > 0 && i == n;
	}
	DIGITS("0123456789");
	if (d > 0 && s[0] == '0' && i < n && s[i] != '.' && s[i] != 'e' &&
	    s[i] != 'E' && s[i] != 'j' && s[i] != 'J')
		return 0;
	if (i < n && s[i] == '.') {
		size_t before = d;
		isfloat = 1;
		i++;
		DIGITS("0123456789");
		if (before == 0 && d == 0)
			return 0;
		if (d == 0 && i < n && s[i] == '_')
			return 0;
		d = before + d;
	}
	if (d == 0)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		isfloat = 1;
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		DIGITS("0123456789");
		if (d == 0)
			return 0;
	}
	if (i < n && (s[i] == 'j' || s[i] == 'J'))
		i++;
	else if (!isfloat && s[0] == '0') {
		/* "00", "0_0": zeros only; "01", "007" are errors */
		for (d = 0; d < n; d++)
			if (s[d] != '0' && s[d] != '_')
				return 0;
	}
#undef DIGITS
	return i == n;
}

/* The matching ')' of the '(' at token a, or NONE. */
static size_t
closer(const struct lexer *L, size_t a, size_t b)
{
	size_t k;

	for (k = a + 1; k < b; k++)
		if (L->tk[k].depth == L->tk[a].depth + 1 && L->tk[k].t == T_OP &&
		    strchr(")]}", L->s[L->tk[k].off]))
			return k;
	return NONE;
}

static void
classify1(const struct lexer *L, size_t a, size_t b, struct pyassign *pa)
{
	const struct token *t = &L->tk[a];

	pa->kind = PV_OTHER;
	if (b - a == 1) {
		if (t->t == T_STRING && t->plain) {
			size_t k;
			pa->kind = PV_STRING;
			pa->str = t->str;
			pa->strend = t->strend;
			for (k = t->off; L->s[k] != '\'' && L->s[k] != '"'; k++)
				if (L->s[k] == 'r' || L->s[k] == 'R')
					pa->raw = 1;
		} else if (t->t == T_NUMBER && pynumber(L->s + t->off, t->end - t->off))
			pa->kind = PV_NUMBER;
		else if (isword(L, t, "True") || isword(L, t, "False") ||
		         isword(L, t, "None"))
			pa->kind = PV_CONST;
		else if (isident(L, t))
			pa->kind = PV_NAME;
	} else if (b - a == 2 && (isop(L, t, "-") || isop(L, t, "+")) &&
	           L->tk[a + 1].t == T_NUMBER &&
	           pynumber(L->s + L->tk[a + 1].off,
	                    L->tk[a + 1].end - L->tk[a + 1].off))
		pa->kind = PV_NUMBER;
}

/* The value in tokens [a, b): a literal inside parentheses is the
 * literal (black writes long strings so); anything else is the whole. */
static void
classify(const struct lexer *L, size_t a, size_t b, struct pyassign *pa)
{
	size_t ia = a, ib = b;

	while (ib - ia >= 3 && isop(L, &L->tk[ia], "(") &&
	       closer(L, ia, ib) == ib - 1) {
		ia++;
		ib--;
	}
	pa->raw = 0;
	if (ia != a) {
		classify1(L, ia, ib, pa);
		if (pa->kind != PV_OTHER) {
			pa->val = L->tk[ia].off;
			pa->valend = L->tk[ib - 1].end;
			return;
		}
	}
	classify1(L, a, b, pa);
	pa->val = L->tk[a].off;
	pa->valend = L->tk[b - 1].end;
}

static void
add(struct pyscan *ps, struct pyassign *pa)
{
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 16;
		ps->a = erealloc(ps->a, ps->cap * sizeof *ps->a);
	}
	ps->a[ps->n++] = *pa;
}

static void
binding(struct pyscan *ps, const struct lexer *L, size_t name, size_t a,
        size_t b, int aug)
{
	struct pyassign pa;
	const struct token *t = &L->tk[name];

	if (a >= b)
		return;
	memset(&pa, 0, sizeof pa);
	pa.name = L->s + t->off;
	pa.namelen = t->end - t->off;
	pa.line = t->line;
	pa.off = t->off;
	classify(L, a, b, &pa);
	if (aug)
		pa.kind = PV_OTHER;
	pa.augmented = aug;
	add(ps, &pa);
}

static int
isaugop(const struct lexer *L, const struct token *t)
{
	static const char *const ops[] = { "+=", "-=", "*=", "/=", "//=", "%=",
	    "**=", ">>=", "<<=", "&=", "^=", "|=", "@=", NULL };
	size_t i;

	for (i = 0; ops[i]; i++)
		if (isop(L, t, ops[i]))
			return 1;
	return 0;
}

/* The name token of a target [a, b) that is one name, maybe in
 * parentheses ("X", "(X)", "((X))"), as Python binds it; else NONE. */
static size_t
targetname(const struct lexer *L, size_t a, size_t b)
{
	while (b - a >= 3 && isop(L, &L->tk[a], "(") && closer(L, a, b) == b - 1) {
		a++;
		b--;
	}
	return b - a == 1 && isident(L, &L->tk[a]) ? a : NONE;
}

/* The end of the target that starts a statement at s: the first token
 * after s at depth 0 (a ')' is at depth 1, as the tokens it closes). */
static size_t
targetend(const struct lexer *L, size_t s, size_t e)
{
	size_t k = s + 1;

	while (k < e && L->tk[k].depth != 0)
		k++;
	return k;
}

/* One simple statement, tokens [s, e) at depth 0. */
static void
statement(struct pyscan *ps, const struct lexer *L, size_t s, size_t e)
{
	size_t k, last, prev = s, t = targetend(L, s, e), nm = targetname(L, s, t);

	if (nm != NONE && e - t >= 2 && isaugop(L, &L->tk[t])) {
		binding(ps, L, nm, t + 1, e, 1);
		return;
	}
	if (nm != NONE && e - t >= 1 && isop(L, &L->tk[t], ":")) {
		/* NAME: annotation = value, also (NAME): annotation = value,
		 * which binds NAME all the same */
		for (k = t + 1; k < e; k++)
			if (L->tk[k].depth == 0 && isop(L, &L->tk[k], "="))
				break;
		if (k < e)
			binding(ps, L, nm, k + 1, e, 0);
		return;
	}
	/* T1 = T2 = ... = value: every target that is one name; the value
	 * follows the last '=' (found once: a long chain stays linear) */
	for (last = e, k = s; k < e; k++)
		if (L->tk[k].depth == 0 && isop(L, &L->tk[k], "="))
			last = k + 1;
	for (k = s; k < e; k++) {
		if (L->tk[k].depth != 0 || !isop(L, &L->tk[k], "="))
			continue;
		if ((nm = targetname(L, prev, k)) != NONE)
			binding(ps, L, nm, last, e, 0);
		prev = k + 1;
	}
}

/* Does the logical line at token s open a compound statement? */
static int
compound(const struct lexer *L, size_t s, size_t e)
{
	static const char *const kw[] = { "if", "elif", "else", "while", "for",
	    "try", "except", "finally", "with", "def", "class", "async", NULL };
	size_t i;

	if (isop(L, &L->tk[s], "@"))
		return 1;
	for (i = 0; kw[i]; i++)
		if (isword(L, &L->tk[s], kw[i]))
			return 1;
	/* soft keywords: "match x:" and "case y:" end in a colon */
	return (isword(L, &L->tk[s], "match") || isword(L, &L->tk[s], "case")) &&
	       e > s + 1 && isop(L, &L->tk[e - 1], ":") &&
	       !isop(L, &L->tk[s + 1], "=") && !isop(L, &L->tk[s + 1], ":");
}

/* A call's opening bracket? f(...), x.f(...), f(...)(...), a[0](...) */
static int
iscall(const struct lexer *L, size_t open)
{
	const struct token *p;

	if (open == NONE || open == 0 || !isop(L, &L->tk[open], "("))
		return 0;
	p = &L->tk[open - 1];
	return isident(L, p) || isop(L, p, ")") || isop(L, p, "]") ||
	       p->t == T_STRING;
}

/* The keyword argument NAME=value at token i, in a module-scope line. */
static void
keyword(struct pyscan *ps, const struct lexer *L, size_t i)
{
	const struct token *t = &L->tk[i];
	struct pyassign pa;
	size_t j = i + 2, k;

	if (!(isop(L, &L->tk[i - 1], "(") || isop(L, &L->tk[i - 1], ",")) ||
	    !isop(L, &L->tk[i + 1], "=") || !iscall(L, t->open))
		return;
	for (k = j; L->tk[k].t != T_END; k++) {
		if (L->tk[k].depth == t->depth &&
		    (isop(L, &L->tk[k], ",") || isop(L, &L->tk[k], ")")))
			break;
		if (L->tk[k].depth < t->depth)
			break;
	}
	if (k == j)
		return;
	memset(&pa, 0, sizeof pa);
	pa.name = L->s + t->off;
	pa.namelen = t->end - t->off;
	pa.line = t->line;
	pa.off = t->off;
	classify(L, j, k, &pa);
	pa.keyword = 1;
	add(ps, &pa);
}

int
pyscan(const char *src, size_t len, struct pyscan *ps)
{
	struct lexer L;
	size_t i, s, e, k;
	/* indentation of the open def and class bodies; one past the
	 * stack's room is within its parent, which is enough to know */
	size_t scope[256], nscope = 0;

	memset(&L, 0, sizeof L);
	memset(ps, 0, sizeof *ps);
	L.s = src;
	L.len = len;
	if (lex(&L) < 0) {
		ps->errline = L.errline;
		ps->err = L.err;
		free(L.tk);
		return -1;
	}
	for (s = 0; L.tk[s].t != T_END; s = e + 1) {
		size_t col = L.tk[s].col;
		int cmp, header, inscope;

		for (e = s; L.tk[e].t != T_NEWLINE; e++)
			;
		if (e == s)
			continue;
		while (nscope > 0 && col <= scope[nscope - 1])
			nscope--;
		cmp = compound(&L, s, e);
		header = isop(&L, &L.tk[s], "@") || isword(&L, &L.tk[s], "def") ||
		         isword(&L, &L.tk[s], "class") ||
		         (isword(&L, &L.tk[s], "async") &&
		          isword(&L, &L.tk[s + 1], "def"));
		inscope = nscope == 0 && !header;
		if (header && !isop(&L, &L.tk[s], "@")) {
			if (nscope < sizeof scope / sizeof scope[0])
				scope[nscope++] = col;
		}
		if (col == 0 && nscope == 0 && !cmp) {
			/* simple statements separated by ';' */
			size_t a = s;
			for (k = s; k <= e; k++)
				if (k == e || (L.tk[k].depth == 0 &&
				               isop(&L, &L.tk[k], ";"))) {
					if (k > a)
						statement(ps, &L, a, k);
					a = k + 1;
				}
		}
		if (inscope)
			for (i = s; i < e; i++)
				if (L.tk[i].t == T_NAME && L.tk[i].depth > 0 &&
				    isident(&L, &L.tk[i]))
					keyword(ps, &L, i);
	}
	free(L.tk);
	return 0;
}

void
pyscan_free(struct pyscan *ps)
{
	free(ps->a);
	ps->a = NULL;
	ps->n = ps->cap = 0;
}

int
pv_literal(enum pyval k)
{
	return k == PV_STRING || k == PV_CONST || k == PV_NUMBER;
}

static int
samename(const struct pyassign *a, const char *name, size_t n)
{
	return !a->keyword && a->namelen == n && memcmp(a->name, name, n) == 0;
}

size_t
pyscan_pick(const struct pyscan *ps, const char *name, size_t namelen,
            size_t *first, size_t *nexpr)
{
	size_t i, nlit = 0, nall = 0, flit = 0, fall = 0;

	for (i = 0; i < ps->n; i++) {
		if (!samename(&ps->a[i], name, namelen))
			continue;
		if (nall++ == 0)
			fall = i;
		if (pv_literal(ps->a[i].kind) && nlit++ == 0)
			flit = i;
	}
	*nexpr = nlit ? nall - nlit : 0;
	*first = nlit ? flit : fall;
	return nlit ? nlit : nall;
}

/* The escape at s[i] == '\\' (i + 1 < n): its value into out, the offset
 * past it returned; 0 for a malformed \x, \u, \U or any \N. */
static size_t
escape(const char *s, size_t n, size_t i, struct buf *out)
{
	static const char simple[] = "\\\\''\"\"a\ab\bf\fn\nr\rt\tv\v";
	char c = s[i + 1];
	const char *p;
	size_t k, want;
	unsigned long v = 0;

	if (c == '\n') {
		return i + 2;
	}
	if (c == '\r')
		return i + 2 + (i + 2 < n && s[i + 2] == '\n');
	for (p = simple; *p; p += 2)
		if (*p == c) {
			buf_add(out, p + 1, 1);
			return i + 2;
		}
	if (c >= '0' && c <= '7') {
		for (k = i + 1; k < n && k < i + 4 && s[k] >= '0' && s[k] <= '7'; k++)
			v = v * 8 + (unsigned long)(s[k] - '0');
		utf8_put(out, v);
		return k;
	}
	want = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
	if (c == 'N')
		return 0;
	if (want == 0) {
		/* an unknown escape keeps its backslash */
		buf_add(out, s + i, 1);
		return i + 1;
	}
	for (k = i + 2; k < i + 2 + want; k++) {
		int h = k < n ? hexval((unsigned char)s[k]) : -1;
		if (h < 0)
			return 0;
		v = v * 16 + (unsigned long)h;
	}
	if (v > 0x10ffff)
		return 0;
	utf8_put(out, v);
	return k;
}

int
py_unescape(const char *s, size_t n, int raw, struct buf *out)
{
	size_t i = 0, j;

	buf_add(out, "", 0);
	while (i < n) {
		if (s[i] == '\r') {
			/* a line end inside a triple-quoted string is LF */
			buf_adds(out, "\n");
			i += 1 + (i + 1 < n && s[i + 1] == '\n');
			continue;
		}
		if (s[i] != '\\' || raw || i + 1 >= n) {
			buf_add(out, s + i, 1);
			i++;
			continue;
		}
		if ((j = escape(s, n, i, out)) == 0)
			return -1;
		i = j;
	}
	return 0;
}

int
py_is_utf8(const char *s, size_t n)
{
	return utf8_valid(s, n);
}

/* A string VALUE: a prefix Python allows for str (r, u, R, U), and
 * escapes Python accepts. */
static int
goodstring(const char *s, size_t n, const struct pyassign *a)
{
	size_t p = 0;
	struct buf b = { 0 };
	int ok;

	while (s[p] != '\'' && s[p] != '"')
		p++;
	if (p > 1 || (p == 1 && !strchr("rRuU", s[0])))
		return 0;
	ok = py_unescape(s + (a->str - 4), a->strend - a->str, a->raw, &b) == 0;
	buf_free(&b);
	return ok && utf8_valid(s, n);
}

int
py_is_literal(const char *s, size_t n)
{
	struct pyscan ps;
	struct buf b = { 0 };
	int ok;

	if (n == 0 || memchr(s, '\n', n) || memchr(s, '\r', n) || memchr(s, '\0', n))
		return 0;
	buf_adds(&b, "x = ");
	buf_add(&b, s, n);
	buf_adds(&b, "\n");
	if (pyscan(b.p, b.len, &ps) < 0) {
		buf_free(&b);
		return 0;
	}
	ok = ps.n == 1 && ps.a[0].val == 4 && ps.a[0].valend == 4 + n &&
	     pv_literal(ps.a[0].kind) &&
	     (ps.a[0].kind != PV_STRING || goodstring(s, n, &ps.a[0]));
	pyscan_free(&ps);
	buf_free(&b);
	return ok;
}
