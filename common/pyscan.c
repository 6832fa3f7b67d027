/* relkit — MIT licence, see LICENSE. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "pyscan.h"
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
	size_t col;         /* column of a line's first token */
};

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
			if (q + 1 < L->len && s[q + 1] == '\n')
				L->line++;
			q += 2;
			continue;
		}
		if (s[q] == '\n') {
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

static int
lex(struct lexer *L)
{
	const char *s = L->s;
	int linestart = 1;
	size_t linebeg = 0;
	char stack[256];
	size_t stackline[256];

	L->line = 1;
	while (L->i < L->len) {
		unsigned char c = (unsigned char)s[L->i];
		struct token t;
		int pfx;

		memset(&t, 0, sizeof t);
		if (c == '\n') {
			if (L->depth == 0 && !linestart) {
				t.t = T_NEWLINE;
				t.off = L->i;
				t.end = L->i;
				t.line = L->line;
				push(L, t);
				linestart = 1;
			}
			L->i++;
			L->line++;
			linebeg = L->i;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			L->i++;
			continue;
		}
		if (c == '#') {
			while (L->i < L->len && s[L->i] != '\n')
				L->i++;
			continue;
		}
		/* A continuation ends in LF or CRLF; a lone CR is no line end
		 * (lines are counted by LF everywhere else). */
		if (c == '\\' && L->i + 1 < L->len && (s[L->i + 1] == '\n' ||
		    (s[L->i + 1] == '\r' && L->i + 2 < L->len && s[L->i + 2] == '\n'))) {
			L->i++;
			if (s[L->i] == '\r' && L->i + 1 < L->len && s[L->i + 1] == '\n')
				L->i++;
			L->i++;
			L->line++;
			continue;
		}
		t.off = L->i;
		t.line = L->line;
		t.depth = L->depth;
		t.linestart = linestart && L->depth == 0;
		t.col = L->i - linebeg;
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

static void
classify(const struct lexer *L, size_t a, size_t b, struct pyassign *pa)
{
	const struct token *t = &L->tk[a];

	pa->val = t->off;
	pa->valend = L->tk[b - 1].end;
	pa->kind = PV_OTHER;
	if (b - a == 1) {
		if (t->t == T_STRING && t->plain) {
			pa->kind = PV_STRING;
			pa->str = t->str;
			pa->strend = t->strend;
		} else if (t->t == T_NUMBER)
			pa->kind = PV_NUMBER;
		else if (isword(L, t, "True") || isword(L, t, "False") ||
		         isword(L, t, "None"))
			pa->kind = PV_CONST;
		else if (t->t == T_NAME)
			pa->kind = PV_NAME;
	} else if (b - a == 2 && isop(L, t, "-") && L->tk[a + 1].t == T_NUMBER)
		pa->kind = PV_NUMBER;
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

int
pyscan(const char *src, size_t len, struct pyscan *ps)
{
	struct lexer L;
	size_t i, j;

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
	for (i = 0; i < L.n; i++) {
		struct token *t = &L.tk[i];
		struct pyassign pa;

		if (t->t != T_NAME)
			continue;
		memset(&pa, 0, sizeof pa);
		pa.name = src + t->off;
		pa.namelen = t->end - t->off;
		pa.line = t->line;
		pa.off = t->off;
		if (t->linestart && t->col == 0) {
			/* NAME [: annotation] = expr NEWLINE */
			j = i + 1;
			if (isop(&L, &L.tk[j], ":")) {
				while (L.tk[j].t != T_NEWLINE &&
				       !(L.tk[j].depth == 0 && isop(&L, &L.tk[j], "=")))
					j++;
			}
			if (!isop(&L, &L.tk[j], "="))
				continue;
			j++;
			{
				size_t k = j;
				while (L.tk[k].t != T_NEWLINE)
					k++;
				if (k == j)
					continue;
				classify(&L, j, k, &pa);
				/* a = b = 1: the value is not a plain literal */
				for (size_t m = j; m < k; m++)
					if (L.tk[m].depth == 0 && isop(&L, &L.tk[m], "="))
						pa.kind = PV_OTHER;
			}
			add(ps, &pa);
		} else if (t->depth > 0 && i > 0 &&
		           (isop(&L, &L.tk[i - 1], "(") || isop(&L, &L.tk[i - 1], ",")) &&
		           isop(&L, &L.tk[i + 1], "=")) {
			/* keyword argument: NAME = expr up to , or ) at this depth */
			size_t k;

			j = i + 2;
			for (k = j; L.tk[k].t != T_END; k++) {
				if (L.tk[k].depth == t->depth &&
				    (isop(&L, &L.tk[k], ",") || isop(&L, &L.tk[k], ")") ||
				     isop(&L, &L.tk[k], "]") || isop(&L, &L.tk[k], "}")))
					break;
				if (L.tk[k].depth < t->depth)
					break;
			}
			if (k == j)
				continue;
			classify(&L, j, k, &pa);
			pa.keyword = 1;
			add(ps, &pa);
		}
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

static int
isnumber(const char *s, size_t n)
{
	size_t i = 0, d = 0;

	if (i < n && s[i] == '-')
		i++;
	if (i + 1 < n && s[i] == '0' && strchr("xXoObB", s[i + 1])) {
		const char *ok = strchr("xX", s[i + 1]) ? "0123456789abcdefABCDEF_" :
		                 strchr("oO", s[i + 1]) ? "01234567_" : "01_";
		for (i += 2; i < n; i++, d++)
			if (!strchr(ok, s[i]))
				return 0;
		return d > 0;
	}
	for (; i < n && (isdigit((unsigned char)s[i]) || s[i] == '_'); i++)
		d++;
	if (i < n && s[i] == '.')
		for (i++; i < n && (isdigit((unsigned char)s[i]) || s[i] == '_'); i++)
			d++;
	if (d == 0)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (d = 0; i < n && isdigit((unsigned char)s[i]); i++)
			d++;
		if (d == 0)
			return 0;
	}
	return i == n;
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
	     (ps.a[0].kind == PV_STRING || ps.a[0].kind == PV_CONST ||
	      (ps.a[0].kind == PV_NUMBER && isnumber(s, n)));
	pyscan_free(&ps);
	buf_free(&b);
	return ok;
}
