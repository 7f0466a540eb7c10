/*
 * json.c: the only user of cJSON.  Parses a JSON text into a tree of
 * struct jval (json.h) in a per-parser arena.
 *
 * cJSON keeps numbers as doubles, which cannot hold a 19-digit
 * nanosecond timestamp, and copies every string byte by byte.  So a scan
 * before parsing notes the text's tokens and hands cJSON a lighter copy
 * in which a valid string is "" or null and a strict number is null
 * where that fits; cJSON then checks the structure, and the tree takes
 * its strings and numbers from the tokens.  A stub is only used where the
 * copy stays no longer than the text up to its token, so the copy is
 * never longer than the text (asserted).
 *
 * cJSON's allocator hooks point at the arena of the parse under way (a
 * thread-local); outside a parse they are malloc and free, so nothing
 * depends on when the hooks are set.
 */
#include <assert.h>
#include <ctype.h>	/* isdigit(), isxdigit() */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>	/* snprintf() */
#include <string.h>
#include <strings.h>	/* strncasecmp() */
#include <time.h>	/* the hash seed */
#include <unistd.h>	/* getpid() */

#include <cJSON.h>

#include "json.h"
#include "util.h"
#include "writer.h"

/* Sanitizer builds poison what no allocation owns, so a write past one
 * allocation is seen even though the arena's chunk goes on. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_ASAN	1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(ARENA_ASAN)
#define ARENA_ASAN	1
#endif
#ifdef ARENA_ASAN
#include <sanitizer/asan_interface.h>
#define ARENA_REDZONE	16
#else
#define ASAN_POISON_MEMORY_REGION(p, n)		((void)(p), (void)(n))
#define ASAN_UNPOISON_MEMORY_REGION(p, n)	((void)(p), (void)(n))
#define ARENA_REDZONE	0
#endif

/* ---- the arena ---- */

#define ARENA_CHUNK	(256 * 1024)
#define ARENA_LIMIT	((size_t)1 << 30)	/* one parse may not use more */

struct chunk {
	struct chunk	*next;
	size_t		 used;
	size_t		 size;
	_Alignas(16) unsigned char data[];
};

struct arena {
	struct chunk	*head;		/* current chunk; the last one is kept */
	size_t		 total;		/* bytes in extra chunks */
};

static void *
arena_alloc(struct arena *a, size_t want)
{
	struct chunk *c = a->head;
	size_t size, n = ((want + 15) & ~(size_t)15) + ARENA_REDZONE;
	unsigned char *p;

	if (c == NULL || c->size - c->used < n) {
		size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
		if (c != NULL && (a->total += size) > ARENA_LIMIT)
			return NULL;
		if ((c = malloc(sizeof(*c) + size)) == NULL)
			return NULL;
		ASAN_POISON_MEMORY_REGION(c->data, size);
		c->next = a->head;
		c->used = 0;
		c->size = size;
		a->head = c;
	}
	p = c->data + c->used;
	c->used += n;
	ASAN_UNPOISON_MEMORY_REGION(p, want);
	return p;
}

static void
chunk_free(struct chunk *c)
{
	ASAN_UNPOISON_MEMORY_REGION(c->data, c->size);
	free(c);
}

/* Keep the first chunk for the next parse, free the rest. */
static void
arena_reset(struct arena *a)
{
	struct chunk *c;

	while (a->head != NULL && a->head->next != NULL) {
		c = a->head;
		a->head = c->next;
		chunk_free(c);
	}
	if (a->head != NULL) {
		ASAN_POISON_MEMORY_REGION(a->head->data, a->head->size);
		a->head->used = 0;
	}
	a->total = 0;
}

static _Thread_local struct arena *cur_arena;

static void *
hook_malloc(size_t n)
{
	return cur_arena != NULL ? arena_alloc(cur_arena, n) : malloc(n);
}

static void
hook_free(void *p)
{
	if (cur_arena == NULL)	/* in a parse: the arena is reset later */
		free(p);
}

static uint64_t hash_seed;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void
init(void)
{
	struct timespec ts;

	cJSON_InitHooks(&(cJSON_Hooks){ hook_malloc, hook_free });
	clock_gettime(CLOCK_REALTIME, &ts);
	hash_seed = ((uint64_t)ts.tv_nsec << 32 ^ (uint64_t)ts.tv_sec ^
	    (uint64_t)getpid() << 16 ^ (uint64_t)(uintptr_t)&ts) *
	    0x9E3779B97F4A7C15ULL;
}

void
json_init(void)
{
	pthread_once(&init_once, init);
}

/* ---- the parser ---- */

enum { TOK_NUM, TOK_STR, TOK_ESC, TOK_NULL };	/* TOK_ESC: with escapes */

struct tok {
	const char	*p;		/* a number's token; a string's text */
	size_t		 len;
	unsigned char	 kind;
	unsigned char	 high;		/* bytes >= 0x80 in the string */
	unsigned char	 plain;		/* printable ASCII: written as it is */
};

struct jparser {
	struct arena	 arena;
	struct tok	*tok;		/* the text's strings, numbers, nulls */
	size_t		 ntok;
	size_t		 tokcap;
	int		 bad;		/* a string with an escape JSON has not */
	int		 astray;	/* cJSON's nodes did not match the tokens */
	int		 nomem;		/* the values would pass ARENA_LIMIT */
};

struct jparser *
json_parser_new(void)
{
	json_init();
	return xcalloc(1, sizeof(struct jparser));
}

void
json_parser_free(struct jparser *jp)
{
	if (jp == NULL)
		return;
	arena_reset(&jp->arena);
	if (jp->arena.head != NULL)
		chunk_free(jp->arena.head);
	free(jp->tok);
	free(jp);
}

void *
json_alloc(struct jparser *jp, size_t n)
{
	void *p = arena_alloc(&jp->arena, n ? n : 1);

	if (p == NULL)
		fatalx("out of memory");
	return p;
}

void
json_reset(struct jparser *jp)
{
	arena_reset(&jp->arena);
}

const char *
json_parser_version(void)
{
	return cJSON_Version();
}

/*
 * The first '"', '\\', control byte or byte >= 0x80 at or after u, or e:
 * eight bytes at a time (the has-zero-byte trick; its lowest flag is
 * always exact).
 */
static inline const unsigned char *
quote_or_high(const unsigned char *u, const unsigned char *e)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t high = 0x8080808080808080ULL;
	uint64_t x, q, b, hit;

	for (; e - u >= 8; u += 8) {
		memcpy(&x, u, 8);
		q = x ^ (ones * '"');
		b = x ^ (ones * '\\');
		hit = (((x - ones * 0x20) & ~x) | ((q - ones) & ~q) |
		    ((b - ones) & ~b) | x) & high;
		if (hit != 0) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			return u + (__builtin_ctzll(hit) >> 3);
#else
			break;
#endif
		}
	}
	while (u < e && *u != '"' && *u != '\\' && *u >= 0x20 && *u < 0x80)
		u++;
	return u;
}

static inline struct tok *
add_tok(struct jparser *jp, const char *p, int kind)
{
	struct tok *t;

	if (jp->ntok == jp->tokcap) {
		jp->tokcap = jp->tokcap ? jp->tokcap * 2 : 256;
		jp->tok = xrealloc(jp->tok, jp->tokcap * sizeof(*jp->tok));
	}
	t = &jp->tok[jp->ntok++];
	t->p = p;
	t->kind = (unsigned char)kind;
	t->len = 0;
	t->high = 0;
	t->plain = 0;
	return t;
}

/* Whether the string token ending before u is a key (a ':' follows). */
static int
is_key(const unsigned char *u, const unsigned char *e)
{
	while (u < e && *u <= 32)	/* what cJSON skips as space */
		u++;
	return u < e && *u == ':';
}

/* Is the escape at u (a backslash) one JSON allows? */
static int
good_escape(const unsigned char *u, const unsigned char *e)
{
	int k;

	if (e - u < 2)
		return 0;
	if (u[1] != 'u')
		return strchr("\"\\/bfnrt", u[1]) != NULL && u[1] != '\0';
	if (e - u < 6)
		return 0;
	for (k = 2; k < 6; k++)
		if (!isxdigit(u[k]))
			return 0;
	return 1;
}

/*
 * May a stub of n bytes end at o in the copy when its token ends at u in
 * the text?  Then the copy is no longer than the text up to here.  Keys
 * (Logpush's are long) leave room for null in place of the short numbers
 * and strings that follow them; cJSON reads null fastest.
 */
static inline int
room(const char *o, const char *copy, const unsigned char *u,
    const char *text, size_t n)
{
	return (size_t)(o - copy) + n <= (size_t)((const char *)u - text);
}

/*
 * Note the text's tokens and write cJSON's copy (see the top): a key is
 * "", a value string null, a strict number null, where there is room
 * (room); else a string is "" and a number stays as it was.  What is not
 * valid where it stands (a bad escape, an unterminated string, a number
 * that is not strict JSON) stays as it was, for cJSON to judge.  So the
 * copy is never longer than the text, at any point.
 */
static size_t
scan(struct jparser *jp, const char *text, size_t len, char *copy)
{
	const unsigned char *u = (const unsigned char *)text, *s;
	const unsigned char *e = u + len;
	char *o = copy;
	struct tok *t;
	size_t n;
	int esc, high, ctl, bad;

	jp->ntok = 0;
	jp->bad = 0;
	while (u < e) {
		if (*u == '"') {
			s = u++;
			esc = high = ctl = bad = 0;
			for (;;) {
				u = quote_or_high(u, e);
				if (u >= e || *u == '"')
					break;
				if (*u == '\\') {
					esc = 1;
					bad |= !good_escape(u, e);
					u += 2;
				} else {
					if (*u < 0x20)
						ctl = 1;
					else
						high = 1;
					u++;
				}
			}
			if (u >= e) {		/* unterminated: cJSON says so */
				memcpy(o, s, (size_t)(e - s));
				o += e - s;
				break;
			}
			n = (size_t)(++u - s);
			if (bad) {	/* cJSON takes "\\uZZZZ" for "\\u0000" */
				jp->bad = 1;
				memcpy(o, s, n);
				o += n;
				continue;
			}
			t = add_tok(jp, (const char *)s + 1, esc ? TOK_ESC : TOK_STR);
			t->high = (unsigned char)high;
			t->plain = !esc && !high && !ctl;
			t->len = n - 2;
			if (room(o, copy, u, text, 4) && !is_key(u, e)) {
				memcpy(o, "null", 4);
				o += 4;
			} else {
				memcpy(o, "\"\"", 2);
				o += 2;
			}
			continue;
		}
		if (*u != '-' && (*u < '0' || *u > '9')) {
			if (*u == 'n')		/* null, outside strings */
				add_tok(jp, NULL, TOK_NULL);
			*o++ = (char)*u++;
			continue;
		}
		for (s = u; u < e && ((*u >= '0' && *u <= '9') || *u == '-' ||
		    *u == '+' || *u == '.' || *u == 'e' || *u == 'E'); u++)
			;
		n = (size_t)(u - s);
		add_tok(jp, (const char *)s, TOK_NUM)->len = n;
		if (room(o, copy, u, text, 4) &&
		    json_is_number((const char *)s, n)) {
			memcpy(o, "null", 4);
			o += 4;
		} else {
			memcpy(o, s, n);
			o += n;
		}
	}
	assert((size_t)(o - copy) <= len);
	return (size_t)(o - copy);
}

static size_t
put_utf8(char *o, unsigned long c)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xC0 | c >> 6);
		o[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xE0 | c >> 12);
		o[1] = (char)(0x80 | (c >> 6 & 0x3F));
		o[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | c >> 18);
	o[1] = (char)(0x80 | (c >> 12 & 0x3F));
	o[2] = (char)(0x80 | (c >> 6 & 0x3F));
	o[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

static unsigned long
hex4(const char *p)
{
	unsigned long v = 0;
	int k;

	for (k = 0; k < 4; k++)
		v = v << 4 | (unsigned long)(isdigit((unsigned char)p[k]) ?
		    p[k] - '0' : (p[k] | 0x20) - 'a' + 10);
	return v;
}

/* A \u escape at p (p[0] == '\\', p[1] == 'u') that is a high surrogate
 * followed by a low one: the code point; else 0. */
static unsigned long
surrogate_pair(const char *p, const char *e)
{
	unsigned long hi = hex4(p + 2), lo;

	if (hi < 0xD800 || hi > 0xDBFF || e - p < 12 || p[6] != '\\' ||
	    p[7] != 'u' || !good_escape((const unsigned char *)p + 6,
	    (const unsigned char *)e))
		return 0;
	lo = hex4(p + 8);
	if (lo < 0xDC00 || lo > 0xDFFF)
		return 0;
	return 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
}

/*
 * Decode a string's escapes (checked by scan) into dst (room for n
 * bytes: nothing decodes longer than it is written).  \u0000 is a NUL
 * byte; a lone surrogate is U+FFFD (strict readers such as jq refuse a
 * lone surrogate escape in output), and *lone is set.
 */
static size_t
unescape(char *dst, const char *p, size_t n, int *lone)
{
	const char *e = p + n, *q;
	unsigned long c;
	char *o = dst;

	while (p < e) {
		if ((q = memchr(p, '\\', (size_t)(e - p))) == NULL)
			q = e;
		memcpy(o, p, (size_t)(q - p));
		o += q - p;
		if ((p = q) == e)
			break;
		switch (p[1]) {
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u':
			if ((c = surrogate_pair(p, e)) != 0) {
				o += put_utf8(o, c);
				p += 12;
				continue;
			}
			c = hex4(p + 2);
			if (c >= 0xD800 && c <= 0xDFFF) {
				c = 0xFFFD;
				*lone = 1;
			}
			o += put_utf8(o, c);
			p += 6;
			continue;
		default: *o++ = p[1]; break;	/* " \ / */
		}
		p += 2;
	}
	return (size_t)(o - dst);
}

/* A key with bytes that are not valid UTF-8 gets U+FFFD for them now. */
static void
repair_key(struct jparser *jp, struct jval *v)
{
	char *fixed;

	if (utf8_valid_prefix(v->key, v->keylen) == v->keylen)
		return;
	fixed = json_alloc(jp, 3 * v->keylen + 1);
	v->keylen = utf8_repair(fixed, v->key, v->keylen);
	v->key = fixed;
}

/* A string token's text, decoded when it has escapes. */
static void
tok_text(struct jparser *jp, const struct tok *t, const char **s, size_t *n,
    int *lone)
{
	char *d;

	if (t->kind != TOK_ESC) {
		*s = t->p;
		*n = t->len;
		return;
	}
	d = json_alloc(jp, t->len);
	*n = unescape(d, t->p, t->len, lone);
	*s = d;
}

static void
set_key(struct jparser *jp, struct jval *v, const struct tok *t)
{
	int lone = 0;

	if (t->kind != TOK_STR && t->kind != TOK_ESC) {
		jp->astray = 1;
		v->key = "";
		return;
	}
	tok_text(jp, t, &v->key, &v->keylen, &lone);
	v->key_plain = t->plain;
	if (t->high || lone)
		repair_key(jp, v);
}

static void
set_leaf(struct jparser *jp, struct jval *v, const struct tok *t)
{
	int lone = 0;

	switch (t->kind) {
	case TOK_NUM:
		v->type = J_NUMBER;
		v->s = t->p;
		v->n = t->len;
		break;
	case TOK_STR:
	case TOK_ESC:
		v->type = J_STRING;
		tok_text(jp, t, &v->s, &v->n, &lone);
		v->plain = t->plain;
		break;
	default:
		v->type = J_NULL;
	}
}

/* Can cJSON's leaf c stand for token t ("" and null are stubs)? */
static int
leaf_fits(const cJSON *c, const struct tok *t)
{
	switch (c->type & 0xFF) {
	case cJSON_String:
		return t->kind == TOK_STR || t->kind == TOK_ESC;
	case cJSON_Number:
		return t->kind == TOK_NUM;
	case cJSON_NULL:
		return 1;
	default:
		return 0;
	}
}

/* cJSON's nodes (in document order, as the tokens) -> values. */
static const struct jval *
build(struct jparser *jp, const cJSON *c, size_t *k)
{
	struct jval head, *tail = &head, *v;

	for (; c != NULL; c = c->next) {
		if ((v = arena_alloc(&jp->arena, sizeof(*v))) == NULL) {
			jp->nomem = 1;	/* past ARENA_LIMIT: refuse the text */
			break;
		}
		memset(v, 0, sizeof(*v));
		if (c->string != NULL) {
			if (*k < jp->ntok)
				set_key(jp, v, &jp->tok[(*k)++]);
			else {
				jp->astray = 1;
				v->key = "";
			}
		}
		switch (c->type & 0xFF) {
		case cJSON_Array:
			v->type = J_ARRAY;
			v->child = build(jp, c->child, k);
			break;
		case cJSON_Object:
			v->type = J_OBJECT;
			v->child = build(jp, c->child, k);
			break;
		case cJSON_True:
			v->type = J_TRUE;
			break;
		case cJSON_False:
			v->type = J_FALSE;
			break;
		default:	/* null, string, number: from the token */
			if (*k < jp->ntok && leaf_fits(c, &jp->tok[*k]))
				set_leaf(jp, v, &jp->tok[(*k)++]);
			else
				jp->astray = 1;
		}
		tail->next = v;
		tail = v;
	}
	tail->next = NULL;
	return head.next;
}

/* Nothing but white space (a record's line may end in "\r"). */
static int
is_blank(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
			return 0;
	return 1;
}

/* Nesting depth at byte n of a text (for a clearer message). */
static int
depth_at(const char *p, size_t n)
{
	int depth = 0, in_str = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (in_str) {
			if (p[i] == '\\')
				i++;
			else if (p[i] == '"')
				in_str = 0;
		} else if (p[i] == '"')
			in_str = 1;
		else if (p[i] == '[' || p[i] == '{')
			depth++;
		else if (p[i] == ']' || p[i] == '}')
			depth--;
	}
	return depth;
}

static void
error_message(const char *text, size_t len, const char *end,
    char msg[JSON_MSGSIZE])
{
	size_t i;

	if (end != NULL && end >= text && end <= text + len &&
	    depth_at(text, (size_t)(end - text)) >= CJSON_NESTING_LIMIT)
		snprintf(msg, JSON_MSGSIZE, "invalid JSON: nested deeper "
		    "than %d levels", CJSON_NESTING_LIMIT);
	else if ((i = json_error_at(text, len)) != SIZE_MAX)
		snprintf(msg, JSON_MSGSIZE, "invalid JSON at byte %zu", i + 1);
	else if (end != NULL && end >= text && end <= text + len)
		snprintf(msg, JSON_MSGSIZE, "invalid JSON at byte %zu",
		    (size_t)(end - text) + 1);
	else
		snprintf(msg, JSON_MSGSIZE, "invalid JSON");
}

const struct jval *
json_parse(struct jparser *jp, const char *text, size_t len,
    char msg[JSON_MSGSIZE])
{
	const char *end = NULL;
	char *copy = json_alloc(jp, len + 1);
	const struct jval *v;
	size_t clen, i, k = 0;
	cJSON *root;

	clen = scan(jp, text, len, copy);
	if (jp->bad) {
		error_message(text, len, NULL, msg);
		return NULL;
	}
	cur_arena = &jp->arena;
	root = cJSON_ParseWithLengthOpts(copy, clen, &end, 0);
	if (root != NULL && is_blank(end, (size_t)(copy + clen - end)))
		end = text + len;
	else if (root != NULL)	/* where the text's value ends */
		cJSON_ParseWithLengthOpts(text, len, &end, 0);
	else	/* where the text itself goes wrong, for the message */
		root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	cur_arena = NULL;
	if (root == NULL) {
		error_message(text, len, end, msg);
		return NULL;
	}
	if (end < text || end > text + len)	/* cannot be: cJSON's own text */
		end = text;
	for (i = (size_t)(end - text); i < len; i++)
		if (!is_blank(text + i, 1)) {
			snprintf(msg, JSON_MSGSIZE,
			    "invalid JSON at byte %zu: text after the object",
			    i + 1);
			return NULL;
		}
	jp->astray = jp->nomem = 0;
	v = build(jp, root, &k);
	if (jp->nomem) {
		snprintf(msg, JSON_MSGSIZE, "too large: its values need more "
		    "than %zu MiB", ARENA_LIMIT >> 20);
		return NULL;
	}
	if (jp->astray || k != jp->ntok) {	/* never seen: refuse, not guess */
		error_message(text, len, NULL, msg);
		return NULL;
	}
	return v;
}

/*
 * Where a text stops being JSON, for the message when cJSON refuses it:
 * the offset of the first byte that cannot continue a JSON value (n when
 * the text ends too soon), or SIZE_MAX when the scan finds no fault
 * (then cJSON's own position is used).  cJSON's position is where it
 * noticed, which may lie a byte or a token later.  Lenient where cJSON
 * is: any byte up to space is white space, leading zeros and "1." are
 * numbers.
 */
#define SCAN_DEPTH	1024

size_t
json_error_at(const char *p, size_t n)
{
	enum { VALUE, KEY, COLON, AFTER } want = VALUE;
	const unsigned char *u = (const unsigned char *)p;
	char stack[SCAN_DEPTH];
	const char *lit;
	size_t i = 0, depth = 0;
	int k;

	for (;;) {
		if (want == AFTER && depth == 0)
			return SIZE_MAX;
		while (i < n && u[i] <= ' ')
			i++;
		if (i == n)
			return n;
		switch (want) {
		case KEY:
			if (p[i] != '"')
				return i;
			/* FALLTHROUGH */
		case VALUE:
			if (p[i] == '{' || p[i] == '[') {
				if (depth == SCAN_DEPTH)
					return SIZE_MAX;	/* cJSON says */
				stack[depth++] = p[i++];
				while (i < n && u[i] <= ' ')
					i++;
				if (i < n && p[i] == stack[depth - 1] + 2) {
					depth--;	/* '{' + 2 is '}', '[' + 2 ']' */
					i++;
					want = AFTER;
				} else
					want = stack[depth - 1] == '{' ? KEY : VALUE;
				continue;
			}
			if (p[i] == '"') {
				for (i++; i < n && p[i] != '"'; i++) {
					if (p[i] != '\\')
						continue;
					if (++i == n)
						return n;
					if (p[i] == 'u') {
						for (k = 0; k < 4; k++)
							if (++i == n)
								return n;
							else if (!isxdigit(u[i]))
								return i;
					} else if (strchr("\"\\/bfnrt", p[i]) == NULL)
						return i;
				}
				if (i == n)
					return n;
				i++;
				want = want == KEY ? COLON : AFTER;
				continue;
			}
			if (p[i] == '-' || (p[i] >= '0' && p[i] <= '9')) {
				i += p[i] == '-';
				if (i == n)
					return n;
				if (!isdigit(u[i]))
					return i;
				while (i < n && isdigit(u[i]))
					i++;
				if (i < n && p[i] == '.')
					for (i++; i < n && isdigit(u[i]); i++)
						;
				if (i < n && (p[i] == 'e' || p[i] == 'E')) {
					i++;
					if (i < n && (p[i] == '+' || p[i] == '-'))
						i++;
					if (i == n)
						return n;
					if (!isdigit(u[i]))
						return i;
					while (i < n && isdigit(u[i]))
						i++;
				}
				want = AFTER;
				continue;
			}
			lit = p[i] == 't' ? "true" : p[i] == 'f' ? "false" :
			    p[i] == 'n' ? "null" : NULL;
			if (lit == NULL)
				return i;
			for (; *lit != '\0'; lit++, i++)
				if (i == n)
					return n;
				else if (p[i] != *lit)
					return i;
			want = AFTER;
			continue;
		case COLON:
			if (p[i] != ':')
				return i;
			i++;
			want = VALUE;
			continue;
		case AFTER:
			if (p[i] == ',') {
				i++;
				want = stack[depth - 1] == '{' ? KEY : VALUE;
			} else if (p[i] == stack[depth - 1] + 2) {
				i++;
				depth--;
			} else
				return i;
			continue;
		}
	}
}

/* ---- reading values ---- */

int
json_scalar_text(const struct jval *v, const char **p, size_t *n)
{
	if (json_is(v, J_TRUE)) {
		*p = "true";
		*n = 4;
		return 1;
	}
	if (json_is(v, J_FALSE)) {
		*p = "false";
		*n = 5;
		return 1;
	}
	return json_text(v, p, n);
}

int
json_is_empty(const struct jval *v)
{
	return v->type == J_NULL || (v->type == J_STRING && v->n == 0);
}

int
json_eq(const struct jval *v, const char *lit)
{
	const char *p;
	size_t n;

	return json_text(v, &p, &n) && strlen(lit) == n &&
	    memcmp(p, lit, n) == 0;
}

const struct jval *
json_get(const struct jval *o, const char *key)
{
	const struct jval *c, *found = NULL;
	size_t n = strlen(key);

	if (!json_is(o, J_OBJECT))
		return NULL;
	for (c = o->child; c != NULL; c = c->next)
		if (c->keylen == n && memcmp(c->key, key, n) == 0)
			found = c;
	return found;
}

const struct jval *
json_get_nocase(const struct jval *o, const char *key)
{
	const struct jval *c, *found = NULL;
	size_t n = strlen(key);

	if (!json_is(o, J_OBJECT))
		return NULL;
	for (c = o->child; c != NULL; c = c->next)
		if (c->keylen == n && strncasecmp(c->key, key, n) == 0 &&
		    memchr(c->key, '\0', n) == NULL)
			found = c;
	return found;
}

/* ---- duplicate keys ---- */

/* A seeded hash of every byte, eight at a time. */
uint32_t
json_hash(const char *s, size_t n)
{
	const uint64_t k1 = 0x9E3779B97F4A7C15ULL, k2 = 0xC2B2AE3D27D4EB4FULL;
	uint64_t h = hash_seed ^ (n * k2), w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		w *= k1;
		w ^= w >> 31;
		h = (h ^ w) * k2;
		h ^= h >> 29;
	}
	if (n > 0) {
		w = 0;
		memcpy(&w, s, n);
		w *= k1;
		w ^= w >> 31;
		h = (h ^ w) * k2;
	}
	h ^= h >> 32;
	h *= k1;
	return (uint32_t)(h ^ (h >> 29));
}

static int
same_key(const struct jval *a, const struct jval *b)
{
	return a->keylen == b->keylen && memcmp(a->key, b->key, a->keylen) == 0;
}

/*
 * The last of equal keys wins, as in jq, and a key is written once
 * (Elasticsearch refuses documents with duplicate keys).  Small objects
 * are compared pairwise; large ones through a hash table.
 */
size_t
json_mark_duplicates(struct jparser *jp, const struct jval *const *node,
    size_t n, unsigned char *dup)
{
	uint32_t *slot, mask, h;
	size_t i, j, work = 0;

	if (n <= 16) {
		for (i = 0; i < n; i++)
			for (j = i + 1; j < n && !dup[i]; j++, work++)
				if (same_key(node[i], node[j]))
					dup[i] = 1;
		return work;
	}
	for (mask = 31; mask < 2 * n; mask = mask * 2 + 1)
		;
	slot = json_alloc(jp, ((size_t)mask + 1) * sizeof(*slot));
	memset(slot, 0xff, ((size_t)mask + 1) * sizeof(*slot));
	for (i = n; i-- > 0;) {		/* from the end: the last one wins */
		for (h = json_hash(node[i]->key, node[i]->keylen) & mask;
		    slot[h] != UINT32_MAX; h = (h + 1) & mask) {
			work++;
			if (same_key(node[slot[h]], node[i])) {
				dup[i] = 1;
				break;
			}
		}
		work++;
		if (!dup[i])
			slot[h] = (uint32_t)i;
	}
	return work;
}

/* ---- writing ---- */

/* 2^53: integers at least this large lose digits in a double. */
static int
is_big_int(const char *p, size_t n)
{
	size_t i = *p == '-';

	for (; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	if (*p == '-')
		p++, n--;
	while (n > 1 && *p == '0')
		p++, n--;
	return n > 16 || (n == 16 && memcmp(p, "9007199254740992", 16) >= 0);
}

/* Strict JSON number grammar (cJSON also takes "01" and "1."). */
int
json_is_number(const char *p, size_t n)
{
	size_t i = 0, d;

	if (i < n && p[i] == '-')
		i++;
	if (i < n && p[i] == '0')
		i++;
	else if (i < n && p[i] >= '1' && p[i] <= '9')
		while (i < n && p[i] >= '0' && p[i] <= '9')
			i++;
	else
		return 0;
	if (i < n && p[i] == '.') {
		for (d = ++i; i < n && p[i] >= '0' && p[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	if (i < n && (p[i] == 'e' || p[i] == 'E')) {
		i++;
		if (i < n && (p[i] == '+' || p[i] == '-'))
			i++;
		for (d = i; i < n && p[i] >= '0' && p[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	return i == n;
}

/*
 * A number exactly as written.  Integers of 2^53 and more become strings
 * of their digits (consumers parse JSON numbers as doubles), and tokens
 * that are not strict JSON become strings rather than invalid output.
 */
void
json_write_number(struct wbuf *b, const char *p, size_t n)
{
	if (json_is_number(p, n) && !is_big_int(p, n))
		wb_raw(b, p, n);
	else
		wb_str(b, p, n);
}

/* A string whose text needs no escape. */
static void
write_plain(struct wbuf *b, const char *p, size_t n)
{
	wb_reserve(b, n + 2);
	b->p[b->len++] = '"';
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len++] = '"';
}

/*
 * A string with a lone surrogate escape, as written: the escape itself
 * stays (valid JSON, and what the input said), the rest is decoded and
 * escaped as any string.
 */
void
json_write_key(struct wbuf *b, const struct jval *c)
{
	if (c->key_plain)
		write_plain(b, c->key, c->keylen);
	else
		wb_str(b, c->key, c->keylen);
	wb_char(b, ':');
}

static void
write_object(struct jparser *jp, struct wbuf *b, const struct jval *v)
{
	const struct jval *c, **node;
	unsigned char *dup;
	size_t n = 0, i;
	int first = 1;

	for (c = v->child; c != NULL; c = c->next)
		n++;
	node = json_alloc(jp, (n ? n : 1) * sizeof(*node));
	dup = json_alloc(jp, n ? n : 1);
	for (c = v->child, i = 0; c != NULL; c = c->next)
		node[i++] = c;
	memset(dup, 0, n);
	json_mark_duplicates(jp, node, n, dup);
	wb_char(b, '{');
	for (i = 0; i < n; i++) {
		if (dup[i])
			continue;
		if (!first)
			wb_char(b, ',');
		first = 0;
		json_write_key(b, node[i]);
		json_write(jp, b, node[i]);
	}
	wb_char(b, '}');
}

void
json_write(struct jparser *jp, struct wbuf *b, const struct jval *v)
{
	const struct jval *c;

	switch (v->type) {
	case J_STRING:
		if (v->plain)
			write_plain(b, v->s, v->n);
		else
			wb_str(b, v->s, v->n);
		break;
	case J_NUMBER:
		json_write_number(b, v->s, v->n);
		break;
	case J_TRUE:
		wb_lit(b, "true");
		break;
	case J_FALSE:
		wb_lit(b, "false");
		break;
	case J_ARRAY:
		wb_char(b, '[');
		for (c = v->child; c != NULL; c = c->next) {
			json_write(jp, b, c);
			if (c->next != NULL)
				wb_char(b, ',');
		}
		wb_char(b, ']');
		break;
	case J_OBJECT:
		write_object(jp, b, v);
		break;
	default:
		wb_lit(b, "null");
	}
}
