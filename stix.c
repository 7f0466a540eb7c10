/*
 * stix.c: STIX 2.1 patterns (section 9 of the specification) read into
 * their disjunctive normal form.
 *
 * Precedence, lowest first: FOLLOWEDBY, OR, AND between observations;
 * OR, AND inside one.  Every operator and qualifier of the grammar is
 * read, so a pattern that uses one we cannot test still parses and its
 * other alternatives are kept.  Each parsing function returns the normal
 * form of what it read: an OR joins the lists of alternatives, an AND
 * multiplies them out (capped: STIX_MAX_ALTS, STIX_MAX_TERMS).
 */
#include <stdint.h>	/* uint32_t */
#include <string.h>	/* strchr(), strcmp() */
#include <strings.h>	/* strcasecmp() */

#include "stix.h"
#include "util.h"

#define MAX_NEST	64	/* parentheses */

enum tok { K_END, K_LBRACK, K_RBRACK, K_LPAREN, K_RPAREN, K_COMMA, K_STR,
	K_WORD, K_OP, K_BAD };

/* Alternative i is ids[start[i] .. start[i + 1]). */
struct dnf {
	uint32_t	*ids;
	size_t		 nids, capids;
	size_t		*start;		/* nalt + 1 entries */
	size_t		 nalt, capalt;
};

struct pat {
	const char	*p, *end;
	enum tok	 t;
	char		*text;		/* the token's text (strings unescaped) */
	size_t		 len, cap;
	const char	*why;		/* why the pattern cannot be read */
	int		 depth;
	struct stix_term *term;
	size_t		 nterm, termcap;
};

/* ---- lexer ---- */

static void
tok_put(struct pat *x, char ch)
{
	if (x->len + 1 >= x->cap) {
		x->cap = x->cap ? x->cap * 2 : 128;
		x->text = xrealloc(x->text, x->cap);
	}
	x->text[x->len++] = ch;
	x->text[x->len] = '\0';
}

static int
is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' ||
	    ch == '\v' || ch == '\f';
}

static int
word_char(char ch)
{
	return (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' &&
	    (ch | 0x20) <= 'z') || ch == '_' || ch == '-' || ch == ':' ||
	    ch == '.' || ch == '*';
}

/* A quoted string at x->p (after the quote) into text. */
static int
lex_string(struct pat *x)
{
	while (x->p < x->end && *x->p != '\'') {
		if (*x->p == '\\') {
			if (x->end - x->p < 2 || (x->p[1] != '\\' &&
			    x->p[1] != '\''))
				return -1;
			x->p++;
		}
		tok_put(x, *x->p++);
	}
	if (x->p == x->end)
		return -1;
	x->p++;
	return 0;
}

/* A list index in a path: [*] or [digits]. */
static size_t
path_index(const struct pat *x)
{
	const char *q = x->p + 1;

	if (x->p >= x->end || *x->p != '[')
		return 0;
	if (q < x->end && *q == '*')
		q++;
	else
		while (q < x->end && *q >= '0' && *q <= '9')
			q++;
	return q > x->p + 1 && q < x->end && *q == ']' ?
	    (size_t)(q + 1 - x->p) : 0;
}

static void
next(struct pat *x)
{
	size_t k;
	char ch;

	x->len = 0;
	tok_put(x, 'x');
	x->len = 0;
	x->text[0] = '\0';
	while (x->p < x->end && is_blank(*x->p))
		x->p++;
	if (x->p == x->end) {
		x->t = K_END;
		return;
	}
	ch = *x->p++;
	switch (ch) {
	case '[':	x->t = K_LBRACK; return;
	case ']':	x->t = K_RBRACK; return;
	case '(':	x->t = K_LPAREN; return;
	case ')':	x->t = K_RPAREN; return;
	case ',':	x->t = K_COMMA; return;
	case '\'':
		x->t = lex_string(x) == 0 ? K_STR : K_BAD;
		return;
	case '=': case '!': case '<': case '>':
		tok_put(x, ch);
		if (x->p < x->end && *x->p == '=')
			tok_put(x, *x->p++);
		x->t = K_OP;
		return;
	}
	if (!word_char(ch)) {
		tok_put(x, ch);
		x->t = K_BAD;
		return;
	}
	tok_put(x, ch);
	for (;;) {
		while (x->p < x->end && word_char(*x->p))
			tok_put(x, *x->p++);
		/* file:hashes.'SHA-256': a quoted path step */
		if (x->p < x->end && *x->p == '\'' && x->len > 0 &&
		    x->text[x->len - 1] == '.') {
			x->p++;
			if (lex_string(x) < 0) {
				x->t = K_BAD;
				return;
			}
			continue;
		}
		/* email-message:to_refs[*].value */
		if (strchr(x->text, ':') != NULL && (k = path_index(x)) > 0) {
			while (k-- > 0)
				tok_put(x, *x->p++);
			continue;
		}
		break;
	}
	x->t = K_WORD;
}

static int
is_kw(const struct pat *x, const char *kw)
{
	return x->t == K_WORD && strcasecmp(x->text, kw) == 0;
}

static int
fail(struct pat *x, const char *why)
{
	if (x->why == NULL)
		x->why = why;
	return -1;
}

static int
unexpected(struct pat *x)
{
	return fail(x, "is not a STIX pattern we can read");
}

/* ---- normal forms ---- */

static void
dnf_free(struct dnf *d)
{
	free(d->ids);
	free(d->start);
	memset(d, 0, sizeof(*d));
}

static void
dnf_put(struct dnf *d, uint32_t id)
{
	if (d->nids == d->capids) {
		d->capids = d->capids ? d->capids * 2 : 8;
		d->ids = xrealloc(d->ids, d->capids * sizeof(*d->ids));
	}
	d->ids[d->nids++] = id;
}

/* End the alternative being put: start[nalt + 1] = nids. */
static void
dnf_close(struct dnf *d)
{
	if (d->nalt + 2 > d->capalt) {
		d->capalt = d->capalt ? d->capalt * 2 : 4;
		d->start = xrealloc(d->start, d->capalt * sizeof(*d->start));
	}
	if (d->nalt == 0)
		d->start[0] = 0;
	d->start[++d->nalt] = d->nids;
}

static void
dnf_one(struct dnf *d, uint32_t id)
{
	memset(d, 0, sizeof(*d));
	dnf_put(d, id);
	dnf_close(d);
}

/* a OR b, into a. */
static void
dnf_or(struct dnf *a, struct dnf *b)
{
	size_t i, j;

	for (i = 0; i < b->nalt; i++) {
		for (j = b->start[i]; j < b->start[i + 1]; j++)
			dnf_put(a, b->ids[j]);
		dnf_close(a);
	}
	dnf_free(b);
}

/* a AND b, into a: every alternative of a with every one of b. */
static int
dnf_and(struct pat *x, struct dnf *a, struct dnf *b)
{
	struct dnf r;
	size_t i, j, k;

	memset(&r, 0, sizeof(r));
	if (a->nalt * b->nalt > STIX_MAX_ALTS)
		return fail(x, "has too many combinations of AND and OR");
	for (i = 0; i < a->nalt; i++)
		for (j = 0; j < b->nalt; j++) {
			if (a->start[i + 1] - a->start[i] + b->start[j + 1] -
			    b->start[j] > STIX_MAX_TERMS) {
				dnf_free(&r);
				return fail(x, "has too many terms joined by AND");
			}
			for (k = a->start[i]; k < a->start[i + 1]; k++)
				dnf_put(&r, a->ids[k]);
			for (k = b->start[j]; k < b->start[j + 1]; k++)
				dnf_put(&r, b->ids[k]);
			dnf_close(&r);
		}
	dnf_free(a);
	dnf_free(b);
	*a = r;
	return 0;
}

static uint32_t
term_add(struct pat *x, char *path, char *value, size_t vlen, int subset,
    const char *why)
{
	struct stix_term *t;

	if (x->nterm == x->termcap) {
		x->termcap = x->termcap ? x->termcap * 2 : 8;
		x->term = xrealloc(x->term, x->termcap * sizeof(*x->term));
	}
	t = &x->term[x->nterm];
	t->path = path;
	t->value = value;
	t->vlen = vlen;
	t->subset = subset;
	t->why = why;
	return (uint32_t)x->nterm++;
}

/* What d covers cannot be tested on one event: one term saying why. */
static void
untestable(struct pat *x, struct dnf *d, const char *why)
{
	dnf_free(d);
	dnf_one(d, term_add(x, NULL, NULL, 0, 0, why));
}

/* ---- grammar ---- */

/* 'string', a number, true, false, t'...', b'...', h'...' */
static int
literal(struct pat *x)
{
	if (x->t == K_STR) {
		next(x);
		return 0;
	}
	if (x->t != K_WORD || strchr(x->text, ':') != NULL)
		return unexpected(x);
	if (strcmp(x->text, "t") == 0 || strcmp(x->text, "b") == 0 ||
	    strcmp(x->text, "h") == 0) {
		next(x);
		if (x->t != K_STR)
			return unexpected(x);
	}
	next(x);
	return 0;
}

/* ( literal, ... ) after IN */
static int
literal_set(struct pat *x)
{
	if (x->t != K_LPAREN)
		return unexpected(x);
	do {
		next(x);
		if (literal(x) < 0)
			return -1;
	} while (x->t == K_COMMA);
	if (x->t != K_RPAREN)
		return unexpected(x);
	next(x);
	return 0;
}

/* The operators we cannot test, and why. */
static const char *
operator_why(const struct pat *x)
{
	static const char *const kw[] = { "LIKE", "MATCHES", "ISSUPERSET",
	    "IN" };
	static const char *const why[] = { "uses LIKE", "uses MATCHES",
	    "uses ISSUPERSET", "uses IN" };
	size_t i;

	if (x->t == K_OP)
		return "uses a comparison other than = and ISSUBSET";
	for (i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		if (is_kw(x, kw[i]))
			return why[i];
	return NULL;
}

/* path [NOT] op literal | EXISTS path */
static int
prop_test(struct pat *x, struct dnf *out)
{
	const char *why = NULL;
	char *path, *value = NULL;
	size_t vlen = 0;
	int negated = 0, subset = 0, in;

	if (is_kw(x, "EXISTS")) {
		next(x);
		if (x->t != K_WORD || strchr(x->text, ':') == NULL)
			return unexpected(x);
		next(x);
		dnf_one(out, term_add(x, NULL, NULL, 0, 0, "uses EXISTS"));
		return 0;
	}
	if (x->t != K_WORD || strchr(x->text, ':') == NULL)
		return unexpected(x);
	path = xstrdup(x->text);
	next(x);
	if (is_kw(x, "NOT")) {
		negated = 1;
		next(x);
	}
	if (is_kw(x, "ISSUBSET"))
		subset = 1;
	else if (!(x->t == K_OP && strcmp(x->text, "=") == 0) &&
	    (why = operator_why(x)) == NULL) {
		free(path);
		return unexpected(x);
	}
	in = is_kw(x, "IN");
	next(x);
	if (!in && x->t == K_STR) {
		value = xstrndup(x->text, x->len);
		vlen = x->len;
	}
	else if (!in && why == NULL)
		why = "compares with something other than a string";
	if ((in ? literal_set(x) : literal(x)) < 0) {
		free(path);
		free(value);
		return -1;
	}
	if (negated)
		why = "uses NOT";
	if (why != NULL) {
		free(path);
		free(value);
		dnf_one(out, term_add(x, NULL, NULL, 0, 0, why));
	} else
		dnf_one(out, term_add(x, path, value, vlen, subset, NULL));
	return 0;
}

static int cmp_or(struct pat *, struct dnf *);
static int obs_seq(struct pat *, struct dnf *);

/* ( cmp_or ) | prop_test */
static int
cmp_atom(struct pat *x, struct dnf *out)
{
	if (x->t != K_LPAREN)
		return prop_test(x, out);
	if (++x->depth > MAX_NEST)
		return fail(x, "is nested too deeply");
	next(x);
	if (cmp_or(x, out) < 0)
		return -1;
	if (x->t != K_RPAREN) {
		dnf_free(out);
		return unexpected(x);
	}
	x->depth--;
	next(x);
	return 0;
}

/*
 * One level of the grammar: item { kw item }, joined by OR (dnf_or) or
 * AND (dnf_and).  On failure out is empty.
 */
static int
joined(struct pat *x, struct dnf *out, int (*item)(struct pat *,
    struct dnf *), const char *kw, int and)
{
	struct dnf b;

	if (item(x, out) < 0)
		return -1;
	while (is_kw(x, kw)) {
		next(x);
		if (item(x, &b) < 0) {
			dnf_free(out);
			return -1;
		}
		if (!and)
			dnf_or(out, &b);
		else if (dnf_and(x, out, &b) < 0) {
			dnf_free(out);
			dnf_free(&b);
			return -1;
		}
	}
	return 0;
}

static int
cmp_and(struct pat *x, struct dnf *out)
{
	return joined(x, out, cmp_atom, "AND", 1);
}

static int
cmp_or(struct pat *x, struct dnf *out)
{
	return joined(x, out, cmp_and, "OR", 0);
}

/* [ cmp_or ] | ( obs_seq ) */
static int
obs_atom(struct pat *x, struct dnf *out)
{
	int bracket = x->t == K_LBRACK;

	if (!bracket && x->t != K_LPAREN)
		return unexpected(x);
	if (!bracket && ++x->depth > MAX_NEST)
		return fail(x, "is nested too deeply");
	next(x);
	if ((bracket ? cmp_or(x, out) : obs_seq(x, out)) < 0)
		return -1;
	if (x->t != (bracket ? K_RBRACK : K_RPAREN)) {
		dnf_free(out);
		return unexpected(x);
	}
	if (!bracket)
		x->depth--;
	next(x);
	return 0;
}

/* WITHIN n SECONDS, REPEATS n TIMES, START t'..' STOP t'..': skip one. */
static const char *
qualifier(struct pat *x)
{
	const char *why;

	if (is_kw(x, "WITHIN") || is_kw(x, "REPEATS")) {
		int within = is_kw(x, "WITHIN");

		why = within ? "has a qualifier (WITHIN)" :
		    "has a qualifier (REPEATS)";
		next(x);
		if (x->t != K_WORD || !(x->text[0] >= '0' && x->text[0] <= '9'))
			return unexpected(x), NULL;
		next(x);
		if (!is_kw(x, within ? "SECONDS" : "TIMES"))
			return unexpected(x), NULL;
		next(x);
		return why;
	}
	if (is_kw(x, "START")) {
		next(x);
		if (literal(x) < 0)
			return NULL;
		if (!is_kw(x, "STOP"))
			return unexpected(x), NULL;
		next(x);
		if (literal(x) < 0)
			return NULL;
		return "has a qualifier (START/STOP)";
	}
	return NULL;
}

/* obs_atom { qualifier } */
static int
obs_qualified(struct pat *x, struct dnf *out)
{
	const char *why;

	if (obs_atom(x, out) < 0)
		return -1;
	while (is_kw(x, "WITHIN") || is_kw(x, "REPEATS") || is_kw(x, "START")) {
		if ((why = qualifier(x)) == NULL) {
			dnf_free(out);
			return -1;
		}
		untestable(x, out, why);
	}
	return 0;
}

static int
obs_and(struct pat *x, struct dnf *out)
{
	return joined(x, out, obs_qualified, "AND", 1);
}

static int
obs_or(struct pat *x, struct dnf *out)
{
	return joined(x, out, obs_and, "OR", 0);
}

/* obs_or { FOLLOWEDBY obs_or }: an order of events, not one event */
static int
obs_seq(struct pat *x, struct dnf *out)
{
	struct dnf b;

	if (obs_or(x, out) < 0)
		return -1;
	while (is_kw(x, "FOLLOWEDBY")) {
		next(x);
		if (obs_or(x, &b) < 0) {
			dnf_free(out);
			return -1;
		}
		dnf_free(&b);
		untestable(x, out, "uses FOLLOWEDBY");
	}
	return 0;
}

void
stix_free(struct stix_pattern *p)
{
	size_t i;

	for (i = 0; i < p->nterm; i++) {
		free(p->term[i].path);
		free(p->term[i].value);
	}
	free(p->term);
	free(p->alt);
	free(p->ids);
	memset(p, 0, sizeof(*p));
}

int
stix_parse(const char *s, size_t n, struct stix_pattern *p, const char **why)
{
	struct pat x;
	struct dnf d;
	int r;

	memset(&x, 0, sizeof(x));
	memset(&d, 0, sizeof(d));
	memset(p, 0, sizeof(*p));
	x.p = s;
	x.end = s + n;
	next(&x);
	if ((r = obs_seq(&x, &d)) == 0 && x.t != K_END) {
		dnf_free(&d);
		r = unexpected(&x);
	}
	free(x.text);
	p->term = x.term;
	p->nterm = x.nterm;
	if (r < 0) {
		*why = x.why;
		stix_free(p);
		return -1;
	}
	p->nalt = d.nalt;
	p->alt = d.start;
	p->ids = d.ids;
	return 0;
}
