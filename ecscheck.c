/*
 * ecscheck.c: check one cfecs output event against the Elastic Common
 * Schema (--check).
 *
 * A small JSON walker of its own rather than cJSON: it needs no
 * allocation, builds the dotted path of each leaf as it goes, and never
 * reads outside [line, line + len), whatever the bytes are.
 *
 * Every leaf outside cloudflare.* (the record) and cfecs.* (cfecs's own
 * fields: cfecs.match) must be an ECS field with a JSON type
 * that fits its ECS type.  Inside an ECS object or nested field (labels,
 * dns.answers, observer.ingress) members that are not ECS fields are
 * allowed, but those that are must still fit.
 */
#include <arpa/inet.h>	/* inet_pton() */
#include <stdarg.h>	/* va_list */
#include <stdio.h>	/* vsnprintf(), snprintf() */
#include <stdlib.h>	/* bsearch() */
#include <string.h>	/* strcmp(), strlen(), memcmp() */

#include "ecscheck.h"

#define PATHSZ		256	/* longer than any ECS field name */
#define VALSZ		128	/* longer than any IP, date or allowed value */
#define MAXDEPTH	32	/* no ECS field has that many dots */
#define MAXSKIP		1024	/* deepest value skipped; cJSON stops at 1000 */

enum { E_NONE, E_SYNTAX, E_FIELD };

struct parser {
	const unsigned char	*p, *end;
	char			 path[PATHSZ];
	size_t			 plen;
	int			 pbad;		/* path too long or has a NUL */
	int			 err;
	char			*why;
	size_t			 whylen;
};

static const char *const type_names[] = {
	[ECS_BOOLEAN] = "boolean",
	[ECS_BYTE] = "byte",
	[ECS_CONSTANT_KEYWORD] = "constant_keyword",
	[ECS_DATE] = "date",
	[ECS_DOUBLE] = "double",
	[ECS_FLATTENED] = "flattened",
	[ECS_FLOAT] = "float",
	[ECS_GEO_POINT] = "geo_point",
	[ECS_HALF_FLOAT] = "half_float",
	[ECS_INTEGER] = "integer",
	[ECS_IP] = "ip",
	[ECS_KEYWORD] = "keyword",
	[ECS_LONG] = "long",
	[ECS_MATCH_ONLY_TEXT] = "match_only_text",
	[ECS_NESTED] = "nested",
	[ECS_OBJECT] = "object",
	[ECS_SCALED_FLOAT] = "scaled_float",
	[ECS_SHORT] = "short",
	[ECS_TEXT] = "text",
	[ECS_UNSIGNED_LONG] = "unsigned_long",
	[ECS_VERSION] = "version",
	[ECS_WILDCARD] = "wildcard",
};

static const char *
type_name(const struct ecs_field *f)
{
	if (f->type < sizeof(type_names) / sizeof(type_names[0]) &&
	    type_names[f->type] != NULL)
		return type_names[f->type];
	return "?";
}

static int
syntax(struct parser *ps)
{
	ps->err = E_SYNTAX;
	return -1;
}

/* Printable ASCII only in messages: paths and values can hold anything. */
static void
sanitize(char *dst, size_t dstsz, const char *src, size_t len, int more)
{
	size_t i, n = 0;

	for (i = 0; i < len && n + 4 < dstsz; i++)
		dst[n++] = (src[i] >= 0x20 && src[i] < 0x7f) ? src[i] : '?';
	if ((i < len || more) && n + 3 < dstsz) {
		memcpy(dst + n, "...", 3);
		n += 3;
	}
	dst[n] = '\0';
}

/* A field error: "path: " and the message, unless one was set already. */
static int
fail(struct parser *ps, const char *fmt, ...)
{
	char path[128], msg[160];
	va_list ap;

	if (ps->err != E_NONE)
		return -1;
	ps->err = E_FIELD;
	if (ps->why == NULL || ps->whylen == 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sanitize(path, sizeof(path), ps->path, ps->plen,
	    ps->plen >= PATHSZ - 1);
	snprintf(ps->why, ps->whylen, "%s: %s", path, msg);
	return -1;
}

static void
skip_ws(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' ||
	    *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Four hex digits after "\u"; -1 if they are not there. */
static long
hex4(const unsigned char *s, const unsigned char *end)
{
	long v = 0;
	int i, h;

	if (end - s < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		if ((h = hexval(s[i])) < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

static void
put(char *out, size_t cap, size_t *n, unsigned char c)
{
	if (*n + 1 < cap)
		out[*n] = (char)c;
	(*n)++;
}

static void
put_utf8(char *out, size_t cap, size_t *n, unsigned long cp)
{
	if (cp < 0x80)
		put(out, cap, n, cp);
	else if (cp < 0x800) {
		put(out, cap, n, 0xc0 | (cp >> 6));
		put(out, cap, n, 0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		put(out, cap, n, 0xe0 | (cp >> 12));
		put(out, cap, n, 0x80 | ((cp >> 6) & 0x3f));
		put(out, cap, n, 0x80 | (cp & 0x3f));
	} else {
		put(out, cap, n, 0xf0 | (cp >> 18));
		put(out, cap, n, 0x80 | ((cp >> 12) & 0x3f));
		put(out, cap, n, 0x80 | ((cp >> 6) & 0x3f));
		put(out, cap, n, 0x80 | (cp & 0x3f));
	}
}

/* Length of the valid UTF-8 sequence at s (lead byte >= 0x80), or 0. */
static size_t
utf8_len(const unsigned char *s, const unsigned char *end)
{
	size_t n, i;
	unsigned char lo = 0x80, hi = 0xbf;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;	/* no UTF-16 surrogates */
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;	/* nothing above U+10FFFF */
	} else
		return 0;
	if ((size_t)(end - s) < n || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

/*
 * The JSON string at ps->p (on its opening quote).  Its decoded bytes go
 * to out (if cap > 0), NUL-terminated and cut at cap - 1; *outlen gets
 * the full decoded length.
 */
static int
scan_string(struct parser *ps, char *out, size_t cap, size_t *outlen)
{
	static const char escapes[] = "\"\\/bfnrt";
	static const char meaning[] = "\"\\/\b\f\n\r\t";
	const unsigned char *s = ps->p, *end = ps->end;
	const char *esc;
	size_t n = 0, k;
	long cp, lo;

	if (s >= end || *s != '"')
		return syntax(ps);
	s++;
	for (;;) {
		if (s >= end)
			return syntax(ps);
		if (*s == '"')
			break;
		if (*s < 0x20)
			return syntax(ps);
		if (*s < 0x80 && *s != '\\') {
			put(out, cap, &n, *s++);
			continue;
		}
		if (*s >= 0x80) {
			if ((k = utf8_len(s, end)) == 0)
				return syntax(ps);
			while (k-- > 0)
				put(out, cap, &n, *s++);
			continue;
		}
		if (++s >= end)
			return syntax(ps);
		/* The one-letter escapes, and what they stand for. */
		if ((esc = memchr(escapes, *s, sizeof(escapes) - 1)) != NULL) {
			put(out, cap, &n, (unsigned char)meaning[esc - escapes]);
			s++;
			continue;
		}
		switch (*s++) {
		case 'u':
			if ((cp = hex4(s, end)) < 0)
				return syntax(ps);
			s += 4;
			if (cp >= 0xd800 && cp <= 0xdbff && end - s >= 6 &&
			    s[0] == '\\' && s[1] == 'u' &&
			    (lo = hex4(s + 2, end)) >= 0xdc00 && lo <= 0xdfff) {
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
				s += 6;
			} else if (cp >= 0xd800 && cp <= 0xdfff)
				cp = 0xfffd;	/* a lone surrogate */
			put_utf8(out, cap, &n, (unsigned long)cp);
			break;
		default:
			return syntax(ps);
		}
	}
	ps->p = s + 1;
	if (cap > 0)
		out[n < cap ? n : cap - 1] = '\0';
	if (outlen != NULL)
		*outlen = n;
	return 0;
}

/* A JSON number; *isint is 1 if it has neither fraction nor exponent. */
static int
scan_number(struct parser *ps, int *isint)
{
	const unsigned char *s = ps->p, *end = ps->end;

	*isint = 1;
	if (s < end && *s == '-')
		s++;
	if (s < end && *s == '0')
		s++;
	else if (s < end && *s >= '1' && *s <= '9') {
		while (s < end && *s >= '0' && *s <= '9')
			s++;
	} else
		return syntax(ps);
	if (s < end && *s == '.') {
		*isint = 0;
		if (++s >= end || *s < '0' || *s > '9')
			return syntax(ps);
		while (s < end && *s >= '0' && *s <= '9')
			s++;
	}
	if (s < end && (*s == 'e' || *s == 'E')) {
		*isint = 0;
		if (++s < end && (*s == '+' || *s == '-'))
			s++;
		if (s >= end || *s < '0' || *s > '9')
			return syntax(ps);
		while (s < end && *s >= '0' && *s <= '9')
			s++;
	}
	ps->p = s;
	return 0;
}

static int
scan_literal(struct parser *ps, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, lit, n) != 0)
		return syntax(ps);
	ps->p += n;
	return 0;
}

/* Any scalar: string, number, true, false, null. */
static int
skip_scalar(struct parser *ps)
{
	int isint;

	if (ps->p >= ps->end)
		return syntax(ps);
	switch (*ps->p) {
	case '"':
		return scan_string(ps, NULL, 0, NULL);
	case 't':
		return scan_literal(ps, "true");
	case 'f':
		return scan_literal(ps, "false");
	case 'n':
		return scan_literal(ps, "null");
	default:
		return scan_number(ps, &isint);
	}
}

/* Any value, validated but not looked at; iterative, so deep input is safe. */
static int
skip_value(struct parser *ps)
{
	unsigned char stack[MAXSKIP];
	size_t sp = 0;
	int want_key = 0;

	for (;;) {
		skip_ws(ps);
		if (want_key) {
			if (scan_string(ps, NULL, 0, NULL) == -1)
				return -1;
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != ':')
				return syntax(ps);
			ps->p++;
			skip_ws(ps);
			want_key = 0;
		}
		if (ps->p >= ps->end)
			return syntax(ps);
		if (*ps->p == '{' || *ps->p == '[') {
			if (sp == MAXSKIP)
				return syntax(ps);
			stack[sp++] = *ps->p++;
			skip_ws(ps);
			if (ps->p < ps->end && *ps->p ==
			    (stack[sp - 1] == '{' ? '}' : ']')) {
				ps->p++;
				sp--;
			} else {
				want_key = stack[sp - 1] == '{';
				continue;
			}
		} else if (skip_scalar(ps) == -1)
			return -1;
		/* after a value: close containers, or find the next member */
		for (;;) {
			skip_ws(ps);
			if (sp == 0)
				return 0;
			if (ps->p >= ps->end)
				return syntax(ps);
			if (*ps->p == ',') {
				ps->p++;
				want_key = stack[sp - 1] == '{';
				break;
			}
			if (*ps->p != (stack[sp - 1] == '{' ? '}' : ']'))
				return syntax(ps);
			ps->p++;
			sp--;
		}
	}
}

static int
field_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct ecs_field *)elem)->name);
}

/* An event that matched several rules names them all: rule.id ["a","b"]
 * (Elasticsearch takes an array for any field). */
static int
several_rules(const char *name)
{
	return strcmp(name, "rule.id") == 0 || strcmp(name, "rule.name") == 0 ||
	    strcmp(name, "rule.reference") == 0;
}

const struct ecs_field ecs_log_offset = { "log.offset", ECS_LONG, 0 };

static const struct ecs_field *
lookup(const struct parser *ps)
{
	if (ps->pbad)
		return NULL;
	if (strcmp(ps->path, ecs_log_offset.name) == 0)
		return &ecs_log_offset;
	return bsearch(ps->path, ecs_fields, ecs_nfields, sizeof(ecs_fields[0]),
	    field_cmp);
}

static int
allowed_cmp(const void *key, const void *elem)
{
	const struct ecs_allowed *k = key, *e = elem;
	int c;

	if ((c = strcmp(k->field, e->field)) != 0)
		return c;
	return strcmp(k->value, e->value);
}

static int
field_only_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct ecs_allowed *)elem)->field);
}

/* Does field name have a list of allowed values? */
static int
constrained(const char *name)
{
	return bsearch(name, ecs_allowed, ecs_nallowed, sizeof(ecs_allowed[0]),
	    field_only_cmp) != NULL;
}

static int
allowed(const char *name, const char *value)
{
	struct ecs_allowed k;

	k.field = name;
	k.value = value;
	return bsearch(&k, ecs_allowed, ecs_nallowed, sizeof(ecs_allowed[0]),
	    allowed_cmp) != NULL;
}

static int
is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static long
digits(const char *s, int n)
{
	long v = 0;
	int i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* RFC 3339 in UTC: YYYY-MM-DDTHH:MM:SS(.digits)?Z, fields in range. */
static int
is_date(const char *s, size_t len)
{
	static const int mdays[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	long y, mo, d, h, mi, sec;
	size_t i;

	if (len < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':' || s[len - 1] != 'Z')
		return 0;
	if ((y = digits(s, 4)) < 0 || (mo = digits(s + 5, 2)) < 1 ||
	    mo > 12 || (d = digits(s + 8, 2)) < 1 ||
	    d > mdays[mo - 1] + (mo == 2 && is_leap(y)) ||
	    (h = digits(s + 11, 2)) < 0 || h > 23 ||
	    (mi = digits(s + 14, 2)) < 0 || mi > 59 ||
	    (sec = digits(s + 17, 2)) < 0 || sec > 59)
		return 0;
	if (len == 20)
		return 1;
	/* a fraction of 1 to 9 digits (nanoseconds at most) */
	if (s[19] != '.' || len < 22 || len > 30)
		return 0;
	for (i = 20; i < len - 1; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
is_ip(const char *s, size_t len)
{
	unsigned char addr[16];

	if (strlen(s) != len)
		return 0;
	return inet_pton(AF_INET, s, addr) == 1 ||
	    inet_pton(AF_INET6, s, addr) == 1;
}

/* Does the integer text [s, end) fit the range of ECS integer type t? */
static int
int_fits(const unsigned char *s, const unsigned char *end, int t)
{
	const char *lim;
	size_t n, ln;
	int neg = 0;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	switch (t) {
	case ECS_BYTE:
		lim = neg ? "128" : "127";
		break;
	case ECS_SHORT:
		lim = neg ? "32768" : "32767";
		break;
	case ECS_INTEGER:
		lim = neg ? "2147483648" : "2147483647";
		break;
	case ECS_UNSIGNED_LONG:
		lim = neg ? "0" : "18446744073709551615";
		break;
	default:
		lim = neg ? "9223372036854775808" : "9223372036854775807";
		break;
	}
	n = end - s;
	ln = strlen(lim);
	return n < ln || (n == ln && memcmp(s, lim, n) <= 0);
}

static const char *
kind_name(int c)
{
	switch (c) {
	case '"':
		return "a string";
	case '{':
		return "an object";
	case '[':
		return "an array";
	case 't':
	case 'f':
		return "a boolean";
	case 'n':
		return "null";
	default:
		return "a number";
	}
}

static int	check_object(struct parser *, int, int);

/* geo_point: an object of numeric lat and lon (and, as ES allows, z). */
static int
check_geo(struct parser *ps, const struct ecs_field *f)
{
	char key[8];
	size_t klen;
	int isint, lat = 0, lon = 0;

	if (*ps->p != '{')
		return fail(ps, "is %s, ECS type %s", kind_name(*ps->p),
		    type_name(f));
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
		goto done;
	}
	for (;;) {
		skip_ws(ps);
		if (scan_string(ps, key, sizeof(key), &klen) == -1)
			return -1;
		skip_ws(ps);
		if (ps->p >= ps->end || *ps->p != ':')
			return syntax(ps);
		ps->p++;
		skip_ws(ps);
		if (ps->p >= ps->end)
			return syntax(ps);
		if (klen == 3 && strcmp(key, "lat") == 0)
			lat = 1;
		else if (klen == 3 && strcmp(key, "lon") == 0)
			lon = 1;
		else if (!(klen == 1 && key[0] == 'z'))
			return fail(ps, "geo_point has a member other than "
			    "lat, lon and z");
		if (*ps->p != '-' && (*ps->p < '0' || *ps->p > '9'))
			return fail(ps, "geo_point %s is %s, not a number",
			    key, kind_name(*ps->p));
		if (scan_number(ps, &isint) == -1)
			return -1;
		skip_ws(ps);
		if (ps->p >= ps->end)
			return syntax(ps);
		if (*ps->p == '}') {
			ps->p++;
			break;
		}
		if (*ps->p++ != ',')
			return syntax(ps);
	}
done:
	if (!lat || !lon)
		return fail(ps, "geo_point without numeric lat and lon");
	return 0;
}

/* One value (not an array) of field f. */
static int
check_one(struct parser *ps, const struct ecs_field *f, int depth)
{
	char val[VALSZ], show[64];
	const unsigned char *start;
	size_t vlen;
	int c = *ps->p, isint, ok;

	switch (f->type) {
	case ECS_OBJECT:
	case ECS_NESTED:
	case ECS_FLATTENED:
		if (c != '{')
			return fail(ps, "is %s, ECS type %s", kind_name(c),
			    type_name(f));
		if (f->type == ECS_FLATTENED || depth >= MAXDEPTH)
			return skip_value(ps);
		return check_object(ps, depth + 1, 1);
	case ECS_GEO_POINT:
		return check_geo(ps, f);
	case ECS_BOOLEAN:
		if (c != 't' && c != 'f')
			break;
		return skip_scalar(ps);
	case ECS_LONG:
	case ECS_INTEGER:
	case ECS_SHORT:
	case ECS_BYTE:
	case ECS_UNSIGNED_LONG:
		if (c != '-' && (c < '0' || c > '9'))
			break;
		start = ps->p;
		if (scan_number(ps, &isint) == -1)
			return -1;
		if (!isint)
			return fail(ps, "is not an integer, ECS type %s",
			    type_name(f));
		if (!int_fits(start, ps->p, f->type)) {
			sanitize(show, sizeof(show), (const char *)start,
			    ps->p - start, 0);
			return fail(ps, "%s is out of range, ECS type %s",
			    show, type_name(f));
		}
		return 0;
	case ECS_FLOAT:
	case ECS_DOUBLE:
	case ECS_HALF_FLOAT:
	case ECS_SCALED_FLOAT:
		if (c != '-' && (c < '0' || c > '9'))
			break;
		return scan_number(ps, &isint);
	default:	/* ip, date and the string types */
		if (c != '"')
			break;
		if (scan_string(ps, val, sizeof(val), &vlen) == -1)
			return -1;
		sanitize(show, sizeof(show), val, vlen < sizeof(val) ?
		    vlen : sizeof(val) - 1, vlen >= sizeof(val));
		ok = vlen < sizeof(val);
		if (f->type == ECS_IP && !(ok && is_ip(val, vlen)))
			return fail(ps, "\"%s\" is not an IP address", show);
		if (f->type == ECS_DATE && !(ok && is_date(val, vlen)))
			return fail(ps, "\"%s\" is not an RFC 3339 UTC date",
			    show);
		if (!ps->pbad && constrained(ps->path) &&
		    !(ok && strlen(val) == vlen && allowed(ps->path, val)))
			return fail(ps, "\"%s\" is not an allowed value", show);
		return 0;
	}
	return fail(ps, "is %s, ECS type %s", kind_name(c), type_name(f));
}

/* The value of the member whose path is in ps->path. */
static int
check_member(struct parser *ps, int depth, int loose)
{
	const struct ecs_field *f;

	if (ps->p >= ps->end)
		return syntax(ps);
	/* the passthrough copy of the record is not ECS, nor cfecs's own */
	if (!ps->pbad && ((strncmp(ps->path, "cloudflare", 10) == 0 &&
	    (ps->path[10] == '\0' || ps->path[10] == '.')) ||
	    (strncmp(ps->path, "cfecs", 5) == 0 &&
	    (ps->path[5] == '\0' || ps->path[5] == '.'))))
		return skip_value(ps);
	if ((f = lookup(ps)) == NULL) {
		if (*ps->p == '{' && depth < MAXDEPTH)
			return check_object(ps, depth + 1, loose);
		if (loose)
			return skip_value(ps);
		return fail(ps, "not an ECS field");
	}
	if (*ps->p != '[')
		return check_one(ps, f, depth);
	if (!f->array && !several_rules(f->name))
		return fail(ps, "is an array, ECS type %s is not an array "
		    "field", type_name(f));
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
		return 0;
	}
	for (;;) {
		skip_ws(ps);
		if (ps->p >= ps->end)
			return syntax(ps);
		if (*ps->p == '[')
			return fail(ps, "is an array of arrays");
		if (check_one(ps, f, depth) == -1)
			return -1;
		skip_ws(ps);
		if (ps->p >= ps->end)
			return syntax(ps);
		if (*ps->p == ']') {
			ps->p++;
			return 0;
		}
		if (*ps->p++ != ',')
			return syntax(ps);
	}
}

/*
 * The object at ps->p, its members' paths under ps->path.  loose: members
 * that are not ECS fields are fine (inside an ECS object field).
 */
static int
check_object(struct parser *ps, int depth, int loose)
{
	size_t oplen = ps->plen, klen, room;
	int opbad = ps->pbad;

	if (ps->p >= ps->end || *ps->p != '{')
		return syntax(ps);
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
		return 0;
	}
	for (;;) {
		skip_ws(ps);
		if (oplen > 0 && oplen + 1 < PATHSZ)
			ps->path[ps->plen++] = '.';
		room = PATHSZ - ps->plen;
		if (scan_string(ps, ps->path + ps->plen, room, &klen) == -1)
			return -1;
		/* too long for any ECS name, or a NUL in the key */
		if (klen >= room || strlen(ps->path + ps->plen) != klen ||
		    (oplen > 0 && oplen + 1 >= PATHSZ))
			ps->pbad = 1;
		ps->plen += klen < room ? klen : room - 1;
		skip_ws(ps);
		if (ps->p >= ps->end || *ps->p != ':')
			return syntax(ps);
		ps->p++;
		skip_ws(ps);
		if (check_member(ps, depth, loose) == -1)
			return -1;
		ps->plen = oplen;
		ps->path[oplen] = '\0';
		ps->pbad = opbad;
		skip_ws(ps);
		if (ps->p >= ps->end)
			return syntax(ps);
		if (*ps->p == '}') {
			ps->p++;
			return 0;
		}
		if (*ps->p++ != ',')
			return syntax(ps);
	}
}

/* The rest of the input is one JSON value and nothing else. */
static int
valid_json(struct parser *ps)
{
	if (skip_value(ps) == -1)
		return 0;
	skip_ws(ps);
	return ps->p == ps->end;
}

int
ecs_check_event(const char *line, size_t len, char *why, size_t whylen)
{
	struct parser ps;
	const char *msg = "not valid JSON";

	memset(&ps, 0, sizeof(ps));
	ps.p = (const unsigned char *)line;
	ps.end = line == NULL ? ps.p : ps.p + len;
	ps.why = why;
	ps.whylen = whylen;
	if (why != NULL && whylen > 0)
		why[0] = '\0';

	skip_ws(&ps);
	if (ps.p < ps.end && *ps.p != '{') {
		if (valid_json(&ps))
			msg = "not a JSON object";
	} else if (check_object(&ps, 0, 0) == 0) {
		skip_ws(&ps);
		if (ps.p == ps.end)
			return 0;
	} else if (ps.err == E_FIELD) {
		/* a field error; but broken JSON further on says more */
		ps.p = (const unsigned char *)line;
		ps.err = E_NONE;
		if (valid_json(&ps))
			return -1;
	}
	if (why != NULL && whylen > 0)
		snprintf(why, whylen, "%s", msg);
	return -1;
}
