/*
 * fuzz_common.h: shared by the libFuzzer targets (tests/fuzz_*.c).
 *
 *  - fz_fail(): report a broken invariant and abort() (libFuzzer then
 *    saves the input as a crash-* file).
 *  - jv_check(): a small strict RFC 8259 validator, independent of cJSON
 *    (map_init points cJSON's allocator at the mapper's per-record arena,
 *    so cJSON cannot be used to check the mapper's output).  It also
 *    checks UTF-8 by itself and reports duplicate object keys, lone
 *    surrogate escapes, the deepest nesting and the longest number.
 *  - fz_map_setup() / fz_map_line(): map_init + map_new once, then one
 *    map_record with every invariant checked, among them that
 *    cloudflare.* equals the record (fz_passthrough_equal, on a tree
 *    the validator's own decoding builds).
 *
 * The mapper options can be changed for a run with the environment
 * variable CFECS_FUZZ_OPTS, a comma list of: keep_empty, original,
 * no_passthrough, digits=N (0, 3, 6, 9), force=DATASET, format=NAME
 * (a --time-format name), ecs=VERSION, fields=PATTERN, exclude=PATTERN.
 * map_init can run only once per process, so options cannot vary per
 * input.
 */
#ifndef CFECS_FUZZ_COMMON_H
#define CFECS_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mapper.h"
#include "writer.h"

static void
fz_fail(const char *what, const char *p, size_t n)
{
	size_t i, show = n < 512 ? n : 512;

	fprintf(stderr, "\nINVARIANT VIOLATED: %s\n", what);
	if (p != NULL) {
		fprintf(stderr, "  data (%zu bytes): ", n);
		for (i = 0; i < show; i++) {
			unsigned char c = (unsigned char)p[i];

			if (c >= 0x20 && c < 0x7F && c != '\\')
				fputc(c, stderr);
			else
				fprintf(stderr, "\\x%02x", c);
		}
		fprintf(stderr, "%s\n", show < n ? "..." : "");
	}
	abort();
}

#define FZ_CHECK(cond, what, p, n) \
	do { if (!(cond)) fz_fail((what), (p), (n)); } while (0)

/* ---- strict JSON (RFC 8259) validator ---- */

#define JV_MAX_DEPTH	4000

struct jv {
	const unsigned char	*p, *end;
	int			 depth;
	int			 max_depth;	/* deepest array/object nesting */
	size_t			 max_num;	/* longest number token */
	int			 lone_surrogate; /* a \uD8xx without its pair */
	int			 dup_key;	/* an object repeats a key */
	const char		*err;
};

struct jv_keys {
	char	**k;
	size_t	 *n;
	size_t	  count, cap;
};

static int jv_value(struct jv *);

static void
jv_ws(struct jv *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	    *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int
jv_bad(struct jv *j, const char *why)
{
	if (j->err == NULL)
		j->err = why;
	return 0;
}

/* Valid UTF-8 sequence at p (RFC 3629), its length or 0. */
static size_t
jv_utf8(const unsigned char *p, const unsigned char *end)
{
	size_t n, i;
	uint32_t cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		n = 2, cp = p[0] & 0x1F;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		n = 3, cp = p[0] & 0x0F;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		n = 4, cp = p[0] & 0x07;
	else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return 0;
	return n;
}

static int
jv_hex4(const unsigned char *p, uint32_t *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		unsigned c = p[i];

		if (c >= '0' && c <= '9')
			c -= '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			c = (c | 0x20) - 'a' + 10;
		else
			return 0;
		*v = *v << 4 | c;
	}
	return 1;
}

static void
jv_put(char **buf, size_t *len, size_t *cap, const void *s, size_t n)
{
	if (buf == NULL)
		return;
	if (*cap - *len < n) {
		while (*cap - *len < n)
			*cap = *cap ? *cap * 2 : 64;
		if ((*buf = realloc(*buf, *cap)) == NULL)
			abort();
	}
	memcpy(*buf + *len, s, n);
	*len += n;
}

/* A string; with out != NULL its decoded bytes (WTF-8 for lone surrogates). */
static int
jv_string(struct jv *j, char **out, size_t *outlen)
{
	size_t cap = 0, k;
	uint32_t cp, lo;
	unsigned char u[4];

	if (out != NULL) {
		*out = NULL;
		*outlen = 0;
	}
	if (j->p >= j->end || *j->p != '"')
		return jv_bad(j, "string expected");
	j->p++;
	for (;;) {
		if (j->p >= j->end)
			return jv_bad(j, "unterminated string");
		if (*j->p == '"') {
			j->p++;
			return 1;
		}
		if (*j->p < 0x20)
			return jv_bad(j, "control character in string");
		if (*j->p != '\\') {
			if ((k = jv_utf8(j->p, j->end)) == 0)
				return jv_bad(j, "invalid UTF-8 in string");
			jv_put(out, outlen, &cap, j->p, k);
			j->p += k;
			continue;
		}
		if (j->end - j->p < 2)
			return jv_bad(j, "bad escape");
		switch (j->p[1]) {
		case '"': case '\\': case '/':
			jv_put(out, outlen, &cap, j->p + 1, 1);
			j->p += 2;
			continue;
		case 'b': jv_put(out, outlen, &cap, "\b", 1); j->p += 2; continue;
		case 'f': jv_put(out, outlen, &cap, "\f", 1); j->p += 2; continue;
		case 'n': jv_put(out, outlen, &cap, "\n", 1); j->p += 2; continue;
		case 'r': jv_put(out, outlen, &cap, "\r", 1); j->p += 2; continue;
		case 't': jv_put(out, outlen, &cap, "\t", 1); j->p += 2; continue;
		case 'u':
			break;
		default:
			return jv_bad(j, "bad escape");
		}
		if (j->end - j->p < 6 || !jv_hex4(j->p + 2, &cp))
			return jv_bad(j, "bad \\u escape");
		j->p += 6;
		if (cp >= 0xD800 && cp <= 0xDBFF && j->end - j->p >= 6 &&
		    j->p[0] == '\\' && j->p[1] == 'u' && jv_hex4(j->p + 2, &lo) &&
		    lo >= 0xDC00 && lo <= 0xDFFF) {
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			j->p += 6;
		} else if (cp >= 0xD800 && cp <= 0xDFFF)
			j->lone_surrogate = 1;
		if (cp < 0x80)
			u[0] = (unsigned char)cp, k = 1;
		else if (cp < 0x800)
			u[0] = (unsigned char)(0xC0 | cp >> 6),
			u[1] = (unsigned char)(0x80 | (cp & 0x3F)), k = 2;
		else if (cp < 0x10000)
			u[0] = (unsigned char)(0xE0 | cp >> 12),
			u[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F)),
			u[2] = (unsigned char)(0x80 | (cp & 0x3F)), k = 3;
		else
			u[0] = (unsigned char)(0xF0 | cp >> 18),
			u[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F)),
			u[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F)),
			u[3] = (unsigned char)(0x80 | (cp & 0x3F)), k = 4;
		jv_put(out, outlen, &cap, u, k);
	}
}

static int
jv_digits(struct jv *j)
{
	const unsigned char *s = j->p;

	while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
		j->p++;
	return j->p > s;
}

static int
jv_number(struct jv *j)
{
	const unsigned char *s = j->p;

	if (j->p < j->end && *j->p == '-')
		j->p++;
	if (j->p < j->end && *j->p == '0')
		j->p++;
	else if (j->p < j->end && *j->p >= '1' && *j->p <= '9')
		jv_digits(j);
	else
		return jv_bad(j, "bad number");
	if (j->p < j->end && *j->p == '.') {
		j->p++;
		if (!jv_digits(j))
			return jv_bad(j, "bad fraction");
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		j->p++;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			j->p++;
		if (!jv_digits(j))
			return jv_bad(j, "bad exponent");
	}
	if ((size_t)(j->p - s) > j->max_num)
		j->max_num = (size_t)(j->p - s);
	return 1;
}

static int
jv_lit(struct jv *j, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, lit, n) != 0)
		return jv_bad(j, "bad literal");
	j->p += n;
	return 1;
}

static void
jv_keys_free(struct jv_keys *ks)
{
	size_t i;

	for (i = 0; i < ks->count; i++)
		free(ks->k[i]);
	free(ks->k);
	free(ks->n);
}

static int
jv_container(struct jv *j, int object)
{
	struct jv_keys ks = { 0 };
	char *key;
	size_t klen, i;
	int ok = 0;

	if (++j->depth > JV_MAX_DEPTH)
		return jv_bad(j, "too deep for the validator");
	if (j->depth > j->max_depth)
		j->max_depth = j->depth;
	j->p++;
	jv_ws(j);
	if (j->p < j->end && *j->p == (object ? '}' : ']')) {
		j->p++;
		j->depth--;
		return 1;
	}
	for (;;) {
		if (object) {
			if (!jv_string(j, &key, &klen)) {
				free(key);	/* what was decoded so far */
				goto out;
			}
			for (i = 0; i < ks.count; i++)
				if (ks.n[i] == klen && (klen == 0 ||
				    memcmp(ks.k[i], key, klen) == 0))
					j->dup_key = 1;
			if (ks.count == ks.cap) {
				ks.cap = ks.cap ? ks.cap * 2 : 16;
				ks.k = realloc(ks.k, ks.cap * sizeof(*ks.k));
				ks.n = realloc(ks.n, ks.cap * sizeof(*ks.n));
				if (ks.k == NULL || ks.n == NULL)
					abort();
			}
			ks.k[ks.count] = key;
			ks.n[ks.count++] = klen;
			jv_ws(j);
			if (j->p >= j->end || *j->p != ':') {
				jv_bad(j, "':' expected");
				goto out;
			}
			j->p++;
		}
		if (!jv_value(j))
			goto out;
		jv_ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			jv_ws(j);
			continue;
		}
		if (j->p < j->end && *j->p == (object ? '}' : ']')) {
			j->p++;
			ok = 1;
			goto out;
		}
		jv_bad(j, "',' or end of container expected");
		goto out;
	}
out:
	jv_keys_free(&ks);
	j->depth--;
	return ok;
}

static int
jv_value(struct jv *j)
{
	jv_ws(j);
	if (j->p >= j->end)
		return jv_bad(j, "value expected");
	switch (*j->p) {
	case '{':	return jv_container(j, 1);
	case '[':	return jv_container(j, 0);
	case '"':	return jv_string(j, NULL, NULL);
	case 't':	return jv_lit(j, "true");
	case 'f':	return jv_lit(j, "false");
	case 'n':	return jv_lit(j, "null");
	default:	return jv_number(j);
	}
}

/*
 * Is p[0..n) one JSON text (RFC 8259)?  With ws == 0 no whitespace may
 * surround it (cfecs writes none).  Fills *j with what it saw.
 */
static int
jv_check(const char *p, size_t n, int ws, struct jv *j)
{
	memset(j, 0, sizeof(*j));
	j->p = (const unsigned char *)p;
	j->end = j->p + n;
	if (ws)
		jv_ws(j);
	if (!jv_value(j))
		return 0;
	if (ws)
		jv_ws(j);
	if (j->p != j->end)
		return jv_bad(j, "text after the value");
	return 1;
}

/*
 * ---- the passthrough invariant ----
 * A tree of a strict JSON text built with the validator's own string
 * decoding (independent of json.c and cJSON), to check that
 * cloudflare.* holds the record value for value.
 */
struct ft {
	char		 type;		/* o a s n t f z (null) */
	char		*s;		/* string bytes, or a number's text */
	size_t		 n;
	char		*key;
	size_t		 keylen;
	struct ft	*child, *next;
};

static void
ft_free(struct ft *t)
{
	struct ft *next;

	for (; t != NULL; t = next) {
		next = t->next;
		ft_free(t->child);
		free(t->s);
		free(t->key);
		free(t);
	}
}

static struct ft *ft_value(struct jv *);

static struct ft *
ft_new(char type)
{
	struct ft *t = calloc(1, sizeof(*t));

	if (t == NULL)
		abort();
	t->type = type;
	return t;
}

static struct ft *
ft_container(struct jv *j, int object)
{
	struct ft *t = ft_new(object ? 'o' : 'a'), **tail = &t->child, *c;
	char *key = NULL;
	size_t klen = 0;

	j->p++;
	jv_ws(j);
	if (j->p < j->end && *j->p == (object ? '}' : ']')) {
		j->p++;
		return t;
	}
	for (;;) {
		jv_ws(j);
		if (object) {
			if (!jv_string(j, &key, &klen))
				break;
			jv_ws(j);
			if (j->p >= j->end || *j->p != ':')
				break;
			j->p++;
		}
		if ((c = ft_value(j)) == NULL)
			break;
		c->key = key;
		c->keylen = klen;
		key = NULL;
		*tail = c;
		tail = &c->next;
		jv_ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == (object ? '}' : ']')) {
			j->p++;
			return t;
		}
		break;
	}
	free(key);
	ft_free(t);
	return NULL;
}

static struct ft *
ft_value(struct jv *j)
{
	const unsigned char *s;
	struct ft *t;

	jv_ws(j);
	if (j->p >= j->end)
		return NULL;
	switch (*j->p) {
	case '{':
		return ft_container(j, 1);
	case '[':
		return ft_container(j, 0);
	case '"':
		t = ft_new('s');
		if (!jv_string(j, &t->s, &t->n)) {
			ft_free(t);
			return NULL;
		}
		return t;
	case 't':
		return jv_lit(j, "true") ? ft_new('t') : NULL;
	case 'f':
		return jv_lit(j, "false") ? ft_new('f') : NULL;
	case 'n':
		return jv_lit(j, "null") ? ft_new('z') : NULL;
	}
	s = j->p;
	if (!jv_number(j))
		return NULL;
	t = ft_new('n');
	t->n = (size_t)(j->p - s);
	if ((t->s = malloc(t->n + 1)) == NULL)
		abort();
	memcpy(t->s, s, t->n);
	return t;
}

static struct ft *
ft_parse(const char *p, size_t n)
{
	struct jv j;
	struct ft *t;

	memset(&j, 0, sizeof(j));
	j.p = (const unsigned char *)p;
	j.end = j.p + n;
	t = ft_value(&j);
	return t;
}

/* A lone surrogate (decoded as ED A0..BF xx) reads as U+FFFD. */
static void
ft_fix_surrogates(char *s, size_t n)
{
	unsigned char *u = (unsigned char *)s;
	size_t i;

	for (i = 0; i + 2 < n; i++)
		if (u[i] == 0xED && u[i + 1] >= 0xA0) {
			memcpy(u + i, "\xEF\xBF\xBD", 3);
			i += 2;
		}
}

static void
ft_normalize(struct ft *t)
{
	for (; t != NULL; t = t->next) {
		if (t->key != NULL)
			ft_fix_surrogates(t->key, t->keylen);
		if (t->type == 's')
			ft_fix_surrogates(t->s, t->n);
		ft_normalize(t->child);
	}
}

/* An integer of 2^53 or more (in magnitude), which cfecs writes as a string. */
static int
ft_big_int(const char *p, size_t n)
{
	size_t i = p[0] == '-';

	if (i == n)
		return 0;
	for (size_t k = i; k < n; k++)
		if (p[k] < '0' || p[k] > '9')
			return 0;
	n -= i;
	p += i;
	return n > 16 || (n == 16 && memcmp(p, "9007199254740992", 16) >= 0);
}

static int
ft_same_key(const struct ft *a, const struct ft *b)
{
	return a->keylen == b->keylen && (a->keylen == 0 ||	/* key NULL */
	    memcmp(a->key, b->key, a->keylen) == 0);
}

/* Is this member shadowed by a later one with the same key? */
static int
ft_shadowed(const struct ft *c)
{
	const struct ft *d;

	for (d = c->next; d != NULL; d = d->next)
		if (ft_same_key(c, d))
			return 1;
	return 0;
}

static int ft_equal(const struct ft *, const struct ft *, int, int);

/* The members of an input object against those written. */
static int
ft_members(const struct ft *in, const struct ft *out, int top,
    int keep_empty)
{
	const struct ft *c;

	for (c = in; c != NULL; c = c->next) {
		if (ft_shadowed(c))
			continue;
		if (top && !keep_empty && (c->type == 'z' ||
		    (c->type == 's' && c->n == 0)))
			continue;
		if (out == NULL || !ft_same_key(c, out) ||
		    !ft_equal(c, out, 0, keep_empty))
			return 0;
		out = out->next;
	}
	return out == NULL;
}

/* Does the written value out hold the input value in? */
static int
ft_equal(const struct ft *in, const struct ft *out, int top, int keep_empty)
{
	const struct ft *a, *b;

	if (in->type == 'n' && ft_big_int(in->s, in->n))
		return out->type == 's' && out->n == in->n &&
		    memcmp(out->s, in->s, in->n) == 0;	/* n > 0 */
	if (in->type != out->type)
		return 0;
	switch (in->type) {
	case 's':
	case 'n':
		return in->n == out->n && (in->n == 0 ||	/* s NULL */
		    memcmp(in->s, out->s, in->n) == 0);
	case 'a':
		for (a = in->child, b = out->child; a != NULL && b != NULL;
		    a = a->next, b = b->next)
			if (!ft_equal(a, b, 0, keep_empty))
				return 0;
		return a == NULL && b == NULL;
	case 'o':
		return ft_members(in->child, out->child, top, keep_empty);
	default:
		return 1;
	}
}

/*
 * cloudflare.* of the event equals the record: every member (the last of
 * duplicate keys, empty ones only with keep_empty), in input order, each
 * value as the record has it (numbers as their text, integers of 2^53
 * and more as strings of it, a lone surrogate as U+FFFD).  For records
 * that are strict JSON, with passthrough on and no -f/--exclude.
 */
static int
fz_passthrough_equal(const char *line, size_t n, const char *ev, size_t len,
    int keep_empty)
{
	struct ft *in = ft_parse(line, n), *out = ft_parse(ev, len), *cf;
	static const struct ft none = { 'o', NULL, 0, NULL, 0, NULL, NULL };
	int same;

	if (in == NULL || out == NULL)
		abort();	/* both were checked as JSON */
	ft_normalize(in);
	for (cf = out->child; cf != NULL; cf = cf->next)
		if (cf->keylen == 10 && memcmp(cf->key, "cloudflare", 10) == 0)
			break;
	same = ft_equal(in, cf != NULL ? cf : &none, 1, keep_empty);
	ft_free(in);
	ft_free(out);
	return same;
}

/* ---- the mapper under test ---- */

static struct {
	struct mapctx		*m;
	struct map_options	 opts;
	struct wbuf		 out;
	const char		*patterns[2][4];
} fz;

#define FZ_MARK		"PREVIOUS\n"	/* what out held before the record */

static void
fz_map_setup(const struct map_options *defaults)
{
	static char buf[1024];
	const char *env = getenv("CFECS_FUZZ_OPTS");
	char *tok, *save = NULL;
	int nf = 0, nx = 0;

	fz.opts = *defaults;
	if (env != NULL && strlen(env) < sizeof(buf)) {
		strcpy(buf, env);
		for (tok = strtok_r(buf, ",", &save); tok != NULL;
		    tok = strtok_r(NULL, ",", &save)) {
			if (strcmp(tok, "keep_empty") == 0)
				fz.opts.keep_empty = 1;
			else if (strcmp(tok, "original") == 0)
				fz.opts.original = 1;
			else if (strcmp(tok, "no_passthrough") == 0)
				fz.opts.passthrough = 0;
			else if (strncmp(tok, "digits=", 7) == 0)
				fz.opts.time_digits = atoi(tok + 7);
			else if (strncmp(tok, "force=", 6) == 0 &&
			    (fz.opts.force = map_dataset_by_name(tok + 6)) == NULL)
				fz_fail("CFECS_FUZZ_OPTS: unknown dataset", tok, strlen(tok));
			else if (strncmp(tok, "format=", 7) == 0 &&
			    timefmt_parse_name(tok + 7, &fz.opts.time_format) < 0)
				fz_fail("CFECS_FUZZ_OPTS: bad format", tok, strlen(tok));
			else if (strncmp(tok, "ecs=", 4) == 0)
				fz.opts.ecs_version = tok + 4;
			else if (strncmp(tok, "fields=", 7) == 0 && nf < 3)
				fz.patterns[0][nf++] = tok + 7;
			else if (strncmp(tok, "exclude=", 8) == 0 && nx < 3)
				fz.patterns[1][nx++] = tok + 8;
		}
		if (nf > 0)
			fz.opts.fields = fz.patterns[0];
		if (nx > 0)
			fz.opts.exclude = fz.patterns[1];
	}
	fprintf(stderr, "fuzz: mapper options: force=%s time_format=%d "
	    "time_digits=%d keep_empty=%d original=%d passthrough=%d "
	    "ecs_version=%s fields=%d exclude=%d\n",
	    fz.opts.force ? fz.opts.force->name : "-", (int)fz.opts.time_format,
	    fz.opts.time_digits, fz.opts.keep_empty, fz.opts.original,
	    fz.opts.passthrough, fz.opts.ecs_version ? fz.opts.ecs_version : "-",
	    nf, nx);
	map_init(&fz.opts);
	fz.m = map_new();
	wb_init(&fz.out, 4096);
}

/* The dataset hint for a line: any dataset, or none, chosen by length. */
static const struct dataset *
fz_hint_for(size_t n)
{
	size_t count = 0;

	while (datasets[count] != NULL)
		count++;
	return datasets[n % (count + 1)];	/* datasets[count] is NULL */
}

/*
 * Could the parser have refused this line although it is a JSON object?
 * Its limit: 1000 levels of nesting (numbers of any length are read from
 * their text, a lone surrogate escape as U+FFFD).  A line with '\n'
 * never comes out of input.c.
 */
static int
fz_must_convert(const char *p, size_t n)
{
	struct jv j;
	size_t i = 0;

	if (memchr(p, '\n', n) != NULL || !jv_check(p, n, 1, &j))
		return 0;
	if (j.max_depth >= 1000)
		return 0;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r'))
		i++;
	return i < n && p[i] == '{';
}

/* Strict JSON (valid UTF-8, no raw control bytes) within the depth limit. */
static int
fz_strict(const char *p, size_t n)
{
	struct jv j;

	return memchr(p, '\n', n) == NULL && jv_check(p, n, 1, &j) &&
	    j.max_depth < 1000;
}

/* One map_record, with every invariant checked.  Returns the result. */
static enum map_result
fz_map_line(const char *line, size_t n, const struct dataset *hint)
{
	const size_t mark = sizeof(FZ_MARK) - 1;
	const char *why = NULL, *ev;
	enum map_result r, r2;
	size_t len, len2;
	struct jv j;

	fz.out.len = 0;
	wb_raw(&fz.out, FZ_MARK, mark);
	r = map_record(fz.m, line, n, hint, &fz.out, &why);
	FZ_CHECK(fz.out.len >= mark && memcmp(fz.out.p, FZ_MARK, mark) == 0,
	    "map_record changed what the buffer held before", line, n);
	ev = fz.out.p + mark;
	len = fz.out.len - mark;
	switch (r) {
	case MAP_BAD_JSON:
	case MAP_NOT_OBJECT:
		FZ_CHECK(len == 0, "a rejected record appended output", line, n);
		FZ_CHECK(why != NULL && *why != '\0', "rejected without a reason",
		    line, n);
		FZ_CHECK(map_last_dataset(fz.m) == NULL,
		    "rejected record has a dataset", line, n);
		FZ_CHECK(r == MAP_NOT_OBJECT || !fz_must_convert(line, n),
		    "a valid JSON object was rejected as invalid JSON (record lost)",
		    line, n);
		return r;
	case MAP_OK:
		FZ_CHECK(map_last_dataset(fz.m) != NULL, "MAP_OK without a dataset",
		    line, n);
		FZ_CHECK(fz.opts.force == NULL || map_last_dataset(fz.m) ==
		    fz.opts.force, "forced dataset not used", line, n);
		break;
	case MAP_UNKNOWN:
		FZ_CHECK(map_last_dataset(fz.m) == NULL, "MAP_UNKNOWN with a dataset",
		    line, n);
		FZ_CHECK(fz.opts.force == NULL, "MAP_UNKNOWN with a forced dataset",
		    line, n);
		break;
	default:
		fz_fail("map_record returned an unknown result", line, n);
	}
	FZ_CHECK(len >= 3 && ev[len - 1] == '\n', "event does not end in a newline",
	    ev, len);
	FZ_CHECK(memchr(ev, '\n', len - 1) == NULL, "event has more than one line",
	    ev, len);
	FZ_CHECK(utf8_valid_prefix(ev, len) == len, "event is not valid UTF-8 "
	    "(utf8_valid_prefix)", ev, len);
	if (!jv_check(ev, len - 1, 0, &j)) {
		fprintf(stderr, "validator: %s at byte %zu\n", j.err,
		    (size_t)((const char *)j.p - ev));
		fz_fail("event is not valid JSON", ev, len);
	}
	FZ_CHECK(ev[0] == '{', "event is not an object", ev, len);
	FZ_CHECK(!j.lone_surrogate, "event has a lone surrogate escape", ev, len);
	/*
	 * cfecs must not create duplicate keys.  It copies nested values of
	 * the record verbatim, duplicates and all, and keys that differ only
	 * in invalid UTF-8 ("\xff", "\xfe") all become "\uFFFD"
	 * (tests/fuzz/regress/record-dup-key-*).  So the check applies when
	 * the line is strict JSON (valid UTF-8) without duplicate keys at any
	 * level, or always with CFECS_FUZZ_STRICT_KEYS set.
	 */
	if (j.dup_key && getenv("CFECS_FUZZ_STRICT_KEYS") == NULL) {
		struct jv in;

		FZ_CHECK(!jv_check(line, n, 1, &in) || in.dup_key,
		    "event has a duplicate key", ev, len);
	} else
		FZ_CHECK(!j.dup_key, "event has a duplicate key", ev, len);

	/* cloudflare.* is the record, value for value. */
	if (fz.opts.passthrough && fz.opts.fields == NULL &&
	    fz.opts.exclude == NULL && fz_strict(line, n)) {
		if (!fz_passthrough_equal(line, n, ev, len - 1,
		    fz.opts.keep_empty)) {
			fprintf(stderr, "record: %.*s\nevent: %.*s\n",
			    (int)(n < 2000 ? n : 2000), line,
			    (int)(len < 2000 ? len : 2000), ev);
			fz_fail("cloudflare.* differs from the record", line, n);
		}
	}

	/* The same line again gives the same bytes (no state leaks). */
	len2 = fz.out.len;
	r2 = map_record(fz.m, line, n, hint, &fz.out, &why);
	ev = fz.out.p + mark;	/* the buffer may have moved */
	FZ_CHECK(r2 == r && fz.out.len - len2 == len &&
	    memcmp(ev, fz.out.p + len2, len) == 0,
	    "the same line mapped twice differs", line, n);
	return r;
}

#endif
