/*
 * ioc.c: indicators of compromise (--ioc), loaded once, matched in the
 * stage after mapping.
 *
 * Loading.  A plain list has one indicator a line; its type comes from
 * the value (IPv4, IPv6, CIDR, URL, MD5/SHA-1/SHA-256 hex, domain).  A
 * STIX 2.1 bundle has indicator objects whose pattern is read into
 * alternatives (stix.c); an alternative of one comparison becomes one
 * indicator value, one of several comparisons (AND) a group of values
 * that must all be found in the same event.  Alternatives we cannot test
 * on one event are left out and told; the values share the object's id,
 * name, description and validity window.
 *
 * Sets.  Every exact value is a key (type, bytes) in one open-addressing
 * hash set: addresses as 4 or 16 bytes, domains lower-cased without a
 * trailing dot, URLs normalised (url_norm), hashes lower-case hex.  The
 * same key from several indicators is a chain in load order.  CIDRs are
 * sorted interval lists (by start, widest first); CIDRs nest or are
 * disjoint, so every block that holds an address is an ancestor of the
 * last block starting at or before it: a binary search and a walk up
 * the parent links.
 *
 * Matching.  The event's address, domain, URL and hash fields are looked
 * up in a fixed order; a domain is looked up with each of its parent
 * domains.  One threat.enrichments object per (indicator, value) pair,
 * in field order, then load order: the output does not depend on the
 * thread count.  An event without a match is not touched.  A match of a
 * STIX indicator counts when the event's @timestamp is in the indicator's
 * window (valid_from <= t < valid_until) and, for a group, when every
 * term of the group matched the same event.
 *
 * This file is the values, the lookups and the match stage; loading is
 * in iocload.c, the structures both share in ioc_int.h.
 */
#include <arpa/inet.h>	/* inet_pton(), inet_ntop() */
#include <errno.h>	/* errno */
#include <fcntl.h>	/* open() */
#include <stdarg.h>	/* va_list */
#include <stdatomic.h>	/* the matched counter, added to by workers */
#include <stdio.h>	/* fprintf() */
#include <stdlib.h>	/* qsort() */
#include <string.h>	/* memcmp(), strerror() */
#include <strings.h>	/* strcasecmp() */
#include <unistd.h>	/* read(), close() */

#include "ioc.h"
#include "json.h"
#include "mapper.h"
#include "stix.h"
#include "timefmt.h"
#include "util.h"
#include "writer.h"
#include "ioc_int.h"

static const char *const type_ecs[T_COUNT] = {
	"ipv4-addr", "ipv6-addr", "ipv4-addr", "ipv6-addr", "domain-name",
	"url", "file", "file", "file"
};

/* ---- recognising values ---- */

int
ioc_val_is_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f')))
			return 0;
	return 1;
}

unsigned
ioc_val_hash_type(size_t n)
{
	return n == 32 ? T_MD5 : n == 40 ? T_SHA1 : n == 64 ? T_SHA256 :
	    T_COUNT;
}

void
ioc_val_lower(char *dst, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = s[i] >= 'A' && s[i] <= 'Z' ? s[i] | 0x20 : s[i];
}

/*
 * Dotted-quad IPv4 as inet_pton reads it (no leading zeros, each part at
 * most 255), without its copy: events hold many addresses.  1 or 0.
 */
static int
parse_ip4(const char *s, size_t n, unsigned char *a)
{
	size_t i = 0, part = 0, digits;
	unsigned v;

	for (;;) {
		for (v = 0, digits = 0; i < n && s[i] >= '0' && s[i] <= '9';
		    i++, digits++) {
			if (digits > 0 && v == 0)
				return 0;	/* a leading zero */
			v = v * 10 + (unsigned)(s[i] - '0');
			if (v > 255)
				return 0;
		}
		if (digits == 0)
			return 0;
		a[part++] = (unsigned char)v;
		if (part == 4)
			return i == n;
		if (i == n || s[i] != '.')
			return 0;
		i++;
	}
}

/* An address (no brackets, no zone): 4 or 6, or 0. */
int
ioc_val_parse_ip(const char *s, size_t n, unsigned char *a)
{
	char buf[INET6_ADDRSTRLEN + 1];

	if (n == 0 || n >= sizeof(buf))
		return 0;
	if (memchr(s, ':', n) == NULL)
		return parse_ip4(s, n, a) ? 4 : 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return inet_pton(AF_INET6, buf, a) == 1 ? 6 : 0;
}

/* ADDR/LEN: 4 or 6, or 0. */
int
ioc_val_parse_cidr(const char *s, size_t n, unsigned char *a, int *plen)
{
	const char *slash = memchr(s, '/', n);
	size_t k;
	int v, len = 0;

	if (slash == NULL || (v = ioc_val_parse_ip(s, (size_t)(slash - s), a)) == 0)
		return 0;
	k = (size_t)(slash - s) + 1;
	if (k == n || n - k > 3)
		return 0;
	for (; k < n; k++) {
		if (s[k] < '0' || s[k] > '9')
			return 0;
		len = len * 10 + (s[k] - '0');
	}
	if (len > (v == 4 ? 32 : 128))
		return 0;
	*plen = len;
	return v;
}

/* A host name of two labels or more, the last not numeric. */
int
ioc_val_is_domain(const char *s, size_t n)
{
	size_t i, label = 0, labels = 1;
	int alpha = 0;

	if (n > 0 && s[n - 1] == '.')
		n--;
	if (n == 0 || n > 253)
		return 0;
	for (i = 0; i < n; i++) {
		char ch = s[i];

		if (ch == '.') {
			if (label == 0)
				return 0;
			label = 0;
			labels++;
			alpha = 0;
			continue;
		}
		if (!((ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' &&
		    (ch | 0x20) <= 'z') || ch == '-' || ch == '_'))
			return 0;
		if (++label > 63)
			return 0;
		if (!(ch >= '0' && ch <= '9'))
			alpha = 1;
	}
	return label > 0 && labels >= 2 && alpha;
}

static int
unreserved(int ch)
{
	return (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' &&
	    (ch | 0x20) <= 'z') || ch == '-' || ch == '.' || ch == '_' ||
	    ch == '~';
}

static int
hexval(int ch)
{
	return ch >= '0' && ch <= '9' ? ch - '0' : (ch | 0x20) >= 'a' &&
	    (ch | 0x20) <= 'f' ? (ch | 0x20) - 'a' + 10 : -1;
}

/* Path or query: %xx in upper case, unreserved characters decoded; out
 * needs 3 bytes for each byte of s. */
static size_t
pct_norm(char *o, const char *s, size_t n)
{
	static const char hx[] = "0123456789ABCDEF";
	size_t i, k = 0;
	int h, l;

	for (i = 0; i < n; i++) {
		if (s[i] == '%' && n - i >= 3 && (h = hexval(s[i + 1])) >= 0 &&
		    (l = hexval(s[i + 2])) >= 0) {
			if (unreserved(h << 4 | l))
				o[k++] = (char)(h << 4 | l);
			else {
				o[k++] = '%';
				o[k++] = hx[h];
				o[k++] = hx[l];
			}
			i += 2;
		} else if (s[i] == '%') {
			/* A stray '%' is escaped itself, or it could make a new
			 * escape with what follows ("%%41b" -> "%Ab") and the
			 * form would change when normalised again. */
			memcpy(o + k, "%25", 3);
			k += 3;
		} else
			o[k++] = s[i];
	}
	return k;
}

/*
 * A URL in the form indicators and events are compared in: scheme and
 * host lower-cased, user info, a trailing dot on the host, the default
 * port (http 80, https 443) and the fragment dropped, an empty path
 * made "/", an empty query dropped, percent escapes normalised (RFC
 * 3986 6.2.2).  bare: no scheme is fine ("host/path"); the result then
 * starts with "//" and matches any scheme.  out has MAX_VALUE + 8 bytes; the
 * length, or 0 when s is not a URL.
 */
size_t
ioc_val_url_norm(const char *s, size_t n, char *out, int bare)
{
	size_t i = 0, k = 0, a, e, hs, he, ps = 0, pe = 0, q, pct = 0;
	int port = -1;

	/* A stray '%' may grow to "%25": stay within MAX_VALUE + 8 bytes. */
	for (q = 0; q < n; q++)
		pct += s[q] == '%';
	if (n + 2 * pct > MAX_VALUE)
		return 0;
	while (i < n && (((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') ||
	    (i > 0 && ((s[i] >= '0' && s[i] <= '9') || s[i] == '+' ||
	    s[i] == '-' || s[i] == '.'))))
		i++;
	if (i > 0 && n - i >= 3 && memcmp(s + i, "://", 3) == 0) {
		ioc_val_lower(out, s, i + 3);
		k = i + 3;
		i += 3;
	} else if (n >= 2 && s[0] == '/' && s[1] == '/') {
		memcpy(out, "//", 2);
		k = i = 2;
	} else if (bare) {
		memcpy(out, "//", 2);
		k = 2;
		i = 0;
	} else
		return 0;
	for (e = i; e < n && s[e] != '/' && s[e] != '?' && s[e] != '#'; e++)
		;
	for (a = e; a > i && s[a - 1] != '@'; a--)
		;
	hs = a;		/* after the user info, if any */
	if (hs < e && s[hs] == '[') {
		for (he = hs; he < e && s[he] != ']'; he++)
			;
		if (he == e)
			return 0;
		he++;
	} else
		for (he = hs; he < e && s[he] != ':'; he++)
			;
	if (he < e) {
		if (s[he] != ':')
			return 0;
		ps = he + 1;
		pe = e;
		if (pe - ps > 5)
			return 0;
		for (q = ps, port = pe > ps ? 0 : -1; q < pe; q++) {
			if (s[q] < '0' || s[q] > '9')
				return 0;
			port = port * 10 + (s[q] - '0');
		}
	}
	while (he > hs && s[he - 1] == '.')
		he--;
	if (he == hs)
		return 0;
	for (q = hs; q < he; q++)
		if ((unsigned char)s[q] <= ' ' || s[q] == '\\' || s[q] == '"')
			return 0;
	ioc_val_lower(out + k, s + hs, he - hs);
	k += he - hs;
	if (port >= 0 && !((port == 80 && k >= 7 &&
	    memcmp(out, "http://", 7) == 0) || (port == 443 && k >= 8 &&
	    memcmp(out, "https://", 8) == 0))) {
		out[k++] = ':';
		memcpy(out + k, s + ps, pe - ps);
		k += pe - ps;
	}
	for (q = e; q < n && s[q] != '?' && s[q] != '#'; q++)
		;
	if (q == e)
		out[k++] = '/';
	else
		k += pct_norm(out + k, s + e, q - e);
	if (q < n && s[q] == '?') {
		e = q + 1;
		for (q = e; q < n && s[q] != '#'; q++)
			;
		if (q > e) {
			out[k++] = '?';
			k += pct_norm(out + k, s + e, q - e);
		}
	}
	return k;
}

/* ---- lookup structures ---- */

static int
cmp4(const void *a, const void *b)
{
	const struct cidr4 *x = a, *y = b;

	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	if (x->hi != y->hi)
		return x->hi > y->hi ? -1 : 1;	/* widest first */
	return x->ind < y->ind ? -1 : x->ind > y->ind;
}

static int
cmp6(const void *a, const void *b)
{
	const struct cidr6 *x = a, *y = b;
	int r;

	if ((r = memcmp(x->lo, y->lo, 16)) != 0)
		return r;
	if ((r = memcmp(x->hi, y->hi, 16)) != 0)
		return -r;
	return x->ind < y->ind ? -1 : x->ind > y->ind;
}

/* Parents: the innermost earlier block holding each block's start. */
static void
link4(struct cidr4 *v, size_t n)
{
	int32_t *stack = xmalloc((n + 1) * sizeof(*stack));
	size_t i, top = 0;

	for (i = 0; i < n; i++) {
		while (top > 0 && v[stack[top - 1]].hi < v[i].lo)
			top--;
		v[i].parent = top > 0 ? stack[top - 1] : -1;
		stack[top++] = (int32_t)i;
	}
	free(stack);
}

static void
link6(struct cidr6 *v, size_t n)
{
	int32_t *stack = xmalloc((n + 1) * sizeof(*stack));
	size_t i, top = 0;

	for (i = 0; i < n; i++) {
		while (top > 0 && memcmp(v[stack[top - 1]].hi, v[i].lo, 16) < 0)
			top--;
		v[i].parent = top > 0 ? stack[top - 1] : -1;
		stack[top++] = (int32_t)i;
	}
	free(stack);
}

void
ioc_finish(struct ioc *c)
{
	size_t i, nbits;

	/* About 8 bits a key: a miss costs a cached read, rarely more. */
	for (nbits = 4096; nbits < c->used * 8; nbits *= 2)
		;
	free(c->bits);
	c->bits = xcalloc(nbits / 64, sizeof(*c->bits));
	c->bmask = nbits - 1;
	for (i = 0; i <= c->mask; i++)
		if (c->tab[i].idx != 0)
			c->bits[(c->tab[i].hash & c->bmask) / 64] |=
			    UINT64_C(1) << (c->tab[i].hash & 63);
	if (c->n4 > 1)
		qsort(c->c4, c->n4, sizeof(*c->c4), cmp4);
	if (c->n6 > 1)
		qsort(c->c6, c->n6, sizeof(*c->c6), cmp6);
	link4(c->c4, c->n4);
	link6(c->c6, c->n6);
}

void
ioc_free(struct ioc *c)
{
	if (c == NULL)
		return;
	free(c->ind);
	free(c->meta);
	free(c->pool);
	free(c->tab);
	free(c->bits);
	free(c->c4);
	free(c->c6);
	free(c->gsize);
	free(c->key);
	free(c);
}

void
ioc_get_stats(const struct ioc *c, struct ioc_stats *s)
{
	s->whole = c->whole;
	s->part = c->part;
	s->skipped = c->skipped;
	s->values = c->n;
	s->matched = atomic_load(&((struct ioc *)(uintptr_t)c)->matched);
}

size_t
ioc_count(const struct ioc *c)
{
	return c->n;
}

/* ---- lookups ---- */

static size_t
found_add(uint32_t *out, size_t n, size_t max, uint32_t ind)
{
	size_t i;

	if (n == max)
		return n;
	/* in load order: insertion sort, the lists are short */
	for (i = n; i > 0 && out[i - 1] > ind; i--)
		out[i] = out[i - 1];
	out[i] = ind;
	return n + 1;
}

static size_t
find_exact(const struct ioc *c, unsigned type, const void *key, size_t n,
    uint32_t *out, size_t k, size_t max)
{
	uint32_t h = hash_key(type, key, n), i;
	size_t j;

	if (c->bits != NULL &&
	    !(c->bits[(h & c->bmask) / 64] >> (h & 63) & 1))
		return k;
	for (j = h & c->mask; c->tab[j].idx != 0; j = (j + 1) & c->mask) {
		if (c->tab[j].hash != h ||
		    !key_is(c, &c->ind[c->tab[j].idx - 1], type, key, n))
			continue;
		for (i = c->tab[j].idx; i != 0; i = c->ind[i - 1].next)
			k = found_add(out, k, max, i - 1);
		break;
	}
	return k;
}

static size_t
find_ip(const struct ioc *c, const unsigned char *a, int v, uint32_t *out,
    size_t k, size_t max)
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0xFF, 0xFF };
	size_t lo, hi, mid;
	int32_t i;
	uint32_t x;

	k = find_exact(c, v == 4 ? T_IP4 : T_IP6, a, v == 4 ? 4 : 16, out, k,
	    max);
	if (v == 6 && memcmp(a, mapped, 12) == 0)
		return find_ip(c, a + 12, 4, out, k, max);
	if (v == 4 && c->n4 > 0) {
		x = (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 |
		    (uint32_t)a[2] << 8 | a[3];
		for (lo = 0, hi = c->n4; lo < hi;) {
			mid = lo + (hi - lo) / 2;
			if (c->c4[mid].lo <= x)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (i = (int32_t)lo - 1; i >= 0; i = c->c4[i].parent)
			if (c->c4[i].hi >= x)
				k = found_add(out, k, max, c->c4[i].ind);
	} else if (v == 6 && c->n6 > 0) {
		for (lo = 0, hi = c->n6; lo < hi;) {
			mid = lo + (hi - lo) / 2;
			if (memcmp(c->c6[mid].lo, a, 16) <= 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (i = (int32_t)lo - 1; i >= 0; i = c->c6[i].parent)
			if (memcmp(c->c6[i].hi, a, 16) >= 0)
				k = found_add(out, k, max, c->c6[i].ind);
	}
	return k;
}

/* A host name and its parents (not the top-level label alone). */
static size_t
find_domain(const struct ioc *c, const char *s, size_t n, uint32_t *out,
    size_t max)
{
	char buf[256];
	size_t i, k = 0;

	if (n > 0 && s[n - 1] == '.')
		n--;
	if (n == 0 || n >= sizeof(buf))
		return 0;
	ioc_val_lower(buf, s, n);
	for (i = 0; i < n;) {
		const char *dot = memchr(buf + i, '.', n - i);

		if (dot == NULL)
			break;
		k = find_exact(c, T_DOMAIN, buf + i, n - i, out, k, max);
		i = (size_t)(dot - buf) + 1;
	}
	return k;
}

/* A URL, against indicators with its scheme and without one. */
static size_t
find_url(const struct ioc *c, const char *s, size_t n, uint32_t *out,
    size_t max)
{
	char buf[MAX_VALUE + 8];
	const char *r;
	size_t k, len;

	if (n > MAX_VALUE || (len = ioc_val_url_norm(s, n, buf, 0)) == 0)
		return 0;
	k = find_exact(c, T_URL, buf, len, out, 0, max);
	if (buf[0] != '/' && (r = memchr(buf, ':', len)) != NULL)
		k = find_exact(c, T_URL, r + 1, len - (size_t)(r + 1 - buf), out,
		    k, max);
	return k;
}

static size_t
find_hash(const struct ioc *c, const char *s, size_t n, uint32_t *out,
    size_t max)
{
	char buf[64];
	unsigned t = ioc_val_hash_type(n);

	if (t == T_COUNT || !ioc_val_is_hex(s, n))
		return 0;
	ioc_val_lower(buf, s, n);
	return find_exact(c, t, buf, n, out, 0, max);
}

size_t
ioc_lookup(const struct ioc *c, enum ioc_kind kind, const char *s, size_t n,
    uint32_t *out, size_t max)
{
	unsigned char a[16];
	int v;

	if (!(c->kinds & (1u << kind)))
		return 0;
	switch (kind) {
	case IOC_IP:
		return (v = ioc_val_parse_ip(s, n, a)) != 0 ? find_ip(c, a, v, out, 0,
		    max) : 0;
	case IOC_DOMAIN:
		return find_domain(c, s, n, out, max);
	case IOC_URL:
		return find_url(c, s, n, out, max);
	case IOC_HASH:
		return find_hash(c, s, n, out, max);
	}
	return 0;
}

/* The indicator's value as text: an address, CIDR, domain, URL, hash. */
static size_t
value_text(const struct ioc *c, const struct ind *d, char *buf, size_t cap,
    int network)
{
	const char *key = c->pool + d->off;
	char ip[INET6_ADDRSTRLEN];
	int n;

	switch (d->type) {
	case T_IP4: case T_IP6: case T_CIDR4: case T_CIDR6:
		inet_ntop(d->type == T_IP4 || d->type == T_CIDR4 ? AF_INET :
		    AF_INET6, key, ip, sizeof(ip));
		n = snprintf(buf, cap, d->type >= T_CIDR4 && !network ? "%s/%d" :
		    "%s", ip, d->plen);
		return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
	case T_URL:
		if (key[0] == '/')	/* no scheme: host/path */
			key += 2;
		/* FALLTHROUGH */
	default:
		n = snprintf(buf, cap, "%s", key);
		return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
	}
}

enum ioc_kind
ioc_value(const struct ioc *c, size_t i, char *buf, size_t cap)
{
	const struct ind *d = &c->ind[i];

	if (d->type == T_URL)	/* a URL without a scheme keeps its // */
		snprintf(buf, cap, "%s", c->pool + d->off);
	else
		value_text(c, d, buf, cap, 1);
	return (enum ioc_kind)kind_of(d->type);
}

void
ioc_enrichment(const struct ioc *c, uint32_t i, const char *field,
    const char *atomic, size_t alen, struct wbuf *b)
{
	static const char *const hname[] = { "md5", "sha1", "sha256" };
	const struct ind *d = &c->ind[i];
	const struct meta *m = d->meta ? &c->meta[d->meta - 1] : NULL;
	char v[MAX_VALUE + 64];
	size_t n = value_text(c, d, v, sizeof(v), 0);

	wb_lit(b, "{\"indicator\":{");
	if (m != NULL && m->desc != 0) {
		wb_lit(b, "\"description\":");
		wb_str(b, c->pool + m->desc, strlen(c->pool + m->desc));
		wb_char(b, ',');
	}
	switch (d->type) {
	case T_IP4: case T_IP6:
		wb_lit(b, "\"ip\":");
		wb_str(b, v, n);
		wb_char(b, ',');
		break;
	case T_DOMAIN:
		wb_lit(b, "\"url\":{\"domain\":");
		wb_str(b, v, n);
		wb_lit(b, "},");
		break;
	case T_URL:
		if (c->pool[d->off] == '/')
			wb_lit(b, "\"url\":{\"original\":");
		else
			wb_lit(b, "\"url\":{\"full\":");
		wb_str(b, v, n);
		wb_lit(b, "},");
		break;
	case T_MD5: case T_SHA1: case T_SHA256:
		wb_lit(b, "\"file\":{\"hash\":{");
		wb_str(b, hname[d->type - T_MD5], strlen(hname[d->type - T_MD5]));
		wb_char(b, ':');
		wb_str(b, v, n);
		wb_lit(b, "}},");
		break;
	}
	wb_lit(b, "\"name\":");
	if (m != NULL && m->name != 0)
		wb_str(b, c->pool + m->name, strlen(c->pool + m->name));
	else
		wb_str(b, v, n);
	wb_lit(b, ",\"type\":");
	wb_str(b, type_ecs[d->type], strlen(type_ecs[d->type]));
	wb_lit(b, "},\"matched\":{\"atomic\":");
	wb_str(b, atomic, alen);
	wb_lit(b, ",\"field\":");
	wb_str(b, field, strlen(field));
	if (m != NULL && m->id != 0) {
		wb_lit(b, ",\"id\":");
		wb_str(b, c->pool + m->id, strlen(c->pool + m->id));
	}
	wb_lit(b, ",\"type\":\"indicator_match_rule\"}}");
}

/* ---- the stage ---- */

struct hit {
	uint32_t	 ind;
	const char	*field;		/* an ECS name, or a record key */
	int		 raw;		/* field is a record key: cloudflare.* */
	const char	*atomic;
	size_t		 alen;
};

struct seen {
	const char	*p;
	size_t		 n;
	unsigned	 kind;
};

struct worker {
	struct ioc	*ioc;
	struct seen	 seen[MAX_HITS];	/* values looked up for this event */
	size_t		 nseen;
	struct hit	 hit[MAX_RAW];
	size_t		 nhit;
	uint32_t	 found[MAX_FOUND];
	struct wbuf	 out;
	char		*url;		/* a URL put together from its parts */
	size_t		 urlcap;
	uint64_t	 matched;
};

static void *
worker_new(void *shared)
{
	struct worker *w = xcalloc(1, sizeof(*w));

	w->ioc = shared;
	wb_init(&w->out, 4096);
	return w;
}

static void
worker_free(void *arg)
{
	struct worker *w = arg;

	atomic_fetch_add(&w->ioc->matched, w->matched);
	wb_free(&w->out);
	free(w->url);
	free(w);
}

/*
 * Look a value up, unless this event had the same value before (source.ip
 * again in related.ip): its matches are in already, and a match is kept
 * once per indicator and value.
 */
static size_t
probe(const struct ioc *c, struct worker *w, enum ioc_kind kind,
    const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < w->nseen; i++)
		if (w->seen[i].kind == kind && w->seen[i].n == n &&
		    memcmp(w->seen[i].p, p, n) == 0)
			return 0;
	if (w->nseen < MAX_HITS) {
		w->seen[w->nseen].p = p;
		w->seen[w->nseen].n = n;
		w->seen[w->nseen++].kind = kind;
	}
	return ioc_lookup(c, kind, p, n, w->found, MAX_FOUND);
}

static void
hits_add(struct worker *w, const uint32_t *found, size_t n,
    const char *field, int raw, const char *s, size_t len)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < w->nhit; j++)
			if (w->hit[j].ind == found[i] && w->hit[j].alen == len &&
			    memcmp(w->hit[j].atomic, s, len) == 0)
				break;
		if (j < w->nhit || w->nhit == MAX_RAW)
			continue;
		w->hit[w->nhit].ind = found[i];
		w->hit[w->nhit].field = field;
		w->hit[w->nhit].raw = raw;
		w->hit[w->nhit].atomic = s;
		w->hit[w->nhit++].alen = len;
	}
}

/* Every string of a slot (one value or a list) against kind. */
static void
match_slot(const struct ioc *c, struct worker *w, struct mapctx *m,
    enum slot s, const char *field, enum ioc_kind kind)
{
	const char *p;
	size_t n, k, i;

	if (!map_is_set(m, s))
		return;
	if (map_get_str(m, s, &p, &n)) {
		k = probe(c, w, kind, p, n);
		hits_add(w, w->found, k, field, 0, p, n);
		return;
	}
	for (i = 0; map_get_list(m, s, i, &p, &n); i++) {
		k = probe(c, w, kind, p, n);
		hits_add(w, w->found, k, field, 0, p, n);
	}
}

/* Members of the record named like an address (ClientIP, ResolvedIPs). */
static void
match_raw_ips(const struct ioc *c, struct worker *w, struct mapctx *m)
{
	const struct jval *v, *e;
	size_t i, n, k, klen;
	char *key;

	for (i = 0, n = map_nmembers(m); i < n; i++) {
		if ((v = map_member(m, i)) == NULL || v->key == NULL)
			continue;
		klen = v->keylen;
		if (!(klen >= 2 && memcmp(v->key + klen - 2, "IP", 2) == 0) &&
		    !(klen >= 3 && memcmp(v->key + klen - 3, "IPs", 3) == 0))
			continue;
		key = map_alloc(m, klen + 1);	/* a C string for the hit */
		memcpy(key, v->key, klen);
		key[klen] = '\0';
		if (json_is(v, J_STRING)) {
			k = probe(c, w, IOC_IP, v->s, v->n);
			hits_add(w, w->found, k, key, 1, v->s, v->n);
			continue;
		}
		for (e = json_is(v, J_ARRAY) ? v->child : NULL; e != NULL;
		    e = e->next) {
			if (!json_is(e, J_STRING))
				continue;
			k = probe(c, w, IOC_IP, e->s, e->n);
			hits_add(w, w->found, k, key, 1, e->s, e->n);
		}
	}
}

/* scheme:// at the start */
static int
has_scheme(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < 32 && s[i] != ':'; i++)
		;
	return i > 0 && n - i >= 3 && memcmp(s + i, "://", 3) == 0;
}

static void
url_put(struct worker *w, size_t *len, const char *s, size_t n)
{
	if (w->urlcap - *len < n + 1) {
		while (w->urlcap - *len < n + 1)
			w->urlcap = w->urlcap ? w->urlcap * 2 : 256;
		w->url = xrealloc(w->url, w->urlcap);
	}
	memcpy(w->url + *len, s, n);
	*len += n;
}

/*
 * url.full, url.original when it is a whole URL; else, with url.domain,
 * the URL put together from scheme, domain, port and path with query.
 * A match on that one writes it in url.full (ECS: reconstructed).
 */
static void
match_urls(const struct ioc *c, struct worker *w, struct mapctx *m)
{
	const char *p, *f = NULL, *q;
	size_t n, fn = 0, k, len = 0, qn, before;
	int64_t port;
	char num[24];

	if (map_get_str(m, SLOT_URL_FULL, &f, &fn)) {
		k = probe(c, w, IOC_URL, f, fn);
		hits_add(w, w->found, k, "url.full", 0, f, fn);
	}
	if (map_get_str(m, SLOT_URL_ORIGINAL, &p, &n) && has_scheme(p, n)) {
		if (f == NULL || fn != n || memcmp(f, p, n) != 0) {
			k = probe(c, w, IOC_URL, p, n);
			hits_add(w, w->found, k, "url.original", 0, p, n);
		}
		return;
	}
	if (f != NULL || !map_get_str(m, SLOT_URL_DOMAIN, &p, &n))
		return;
	if (map_get_str(m, SLOT_URL_SCHEME, &q, &qn)) {
		url_put(w, &len, q, qn);
		url_put(w, &len, "://", 3);
	} else
		url_put(w, &len, "//", 2);
	if (memchr(p, ':', n) != NULL) {	/* an IPv6 literal */
		url_put(w, &len, "[", 1);
		url_put(w, &len, p, n);
		url_put(w, &len, "]", 1);
	} else
		url_put(w, &len, p, n);
	if (map_get_int(m, SLOT_URL_PORT, &port)) {
		snprintf(num, sizeof(num), ":%lld", (long long)port);
		url_put(w, &len, num, strlen(num));
	}
	if (map_get_str(m, SLOT_URL_ORIGINAL, &p, &n) && n > 0 && p[0] == '/')
		url_put(w, &len, p, n);
	else if (map_get_str(m, SLOT_URL_PATH, &p, &n)) {
		url_put(w, &len, p, n);
		if (map_get_str(m, SLOT_URL_QUERY, &q, &qn)) {
			url_put(w, &len, "?", 1);
			url_put(w, &len, q, qn);
		}
	}
	before = w->nhit;
	k = ioc_lookup(c, IOC_URL, w->url, len, w->found, MAX_FOUND);
	if (k == 0)
		return;
	/* The atomic must outlive the worker's buffer: the event's memory. */
	f = memcpy(map_alloc(m, len), w->url, len);
	hits_add(w, w->found, k, "url.full", 0, f, len);
	if (w->nhit > before && w->url[0] != '/')
		map_put_str(m, SLOT_URL_FULL, f, len);
}

static const struct { enum slot slot; const char *name; } ip_slots[] = {
	{ SLOT_SOURCE_IP, "source.ip" },
	{ SLOT_CLIENT_IP, "client.ip" },
	{ SLOT_DESTINATION_IP, "destination.ip" },
	{ SLOT_SERVER_IP, "server.ip" },
	{ SLOT_SOURCE_NAT_IP, "source.nat.ip" },
	{ SLOT_DESTINATION_NAT_IP, "destination.nat.ip" },
	{ SLOT_DNS_RESOLVED_IP, "dns.resolved_ip" },
	{ SLOT_HOST_IP, "host.ip" },
	{ SLOT_OBSERVER_IP, "observer.ip" },
	{ SLOT_RELATED_IP, "related.ip" },
}, domain_slots[] = {
	{ SLOT_URL_DOMAIN, "url.domain" },
	{ SLOT_DNS_QUESTION_NAME, "dns.question.name" },
	{ SLOT_DESTINATION_DOMAIN, "destination.domain" },
	{ SLOT_SOURCE_DOMAIN, "source.domain" },
	{ SLOT_TLS_CLIENT_SERVER_NAME, "tls.client.server_name" },
	{ SLOT_DESTINATION_ADDRESS, "destination.address" },
	{ SLOT_SOURCE_ADDRESS, "source.address" },
	{ SLOT_SERVER_ADDRESS, "server.address" },
	{ SLOT_CLIENT_ADDRESS, "client.address" },
	{ SLOT_RELATED_HOSTS, "related.hosts" },
}, hash_slots[] = {
	{ SLOT_FILE_HASH_SHA256, "file.hash.sha256" },
	{ SLOT_RELATED_HASH, "related.hash" },
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* The hit's indicator is valid at the event's time t. */
static int
in_window(const struct ioc *c, const struct hit *h, int64_t t)
{
	uint32_t meta = c->ind[h->ind].meta;

	return meta == 0 || (c->meta[meta - 1].from <= t &&
	    t < c->meta[meta - 1].until);
}

/*
 * Keep the hits that count: of indicators valid at the event's time (an
 * event without a time is compared with every indicator), and of groups
 * whose terms all matched this event.  In order.
 */
static void
hits_filter(const struct ioc *c, struct worker *w, struct mapctx *m)
{
	uint64_t found;
	int64_t t;
	size_t i, j, k;
	uint32_t g;

	if (c->windows && !c->opts.any_time &&
	    map_get_int(m, SLOT_TIMESTAMP, &t)) {
		for (i = k = 0; i < w->nhit; i++)
			if (in_window(c, &w->hit[i], t))
				w->hit[k++] = w->hit[i];
		w->nhit = k;
	}
	if (c->ngroup == 0)
		return;
	for (i = k = 0; i < w->nhit; i++) {
		if ((g = c->ind[w->hit[i].ind].group) != 0) {
			for (found = 0, j = 0; j < w->nhit; j++)
				if (c->ind[w->hit[j].ind].group == g)
					found |= UINT64_C(1) <<
					    c->ind[w->hit[j].ind].term;
			if (found != (c->gsize[g - 1] == 64 ? UINT64_MAX :
			    (UINT64_C(1) << c->gsize[g - 1]) - 1))
				continue;
		}
		w->hit[k++] = w->hit[i];
	}
	w->nhit = k;
}

static void
stage_run(struct mapctx *m, void *shared, void *arg)
{
	const struct ioc *c = shared;
	struct worker *w = arg;
	size_t i;
	char *copy;

	w->nhit = 0;
	w->nseen = 0;
	if (c->kinds & (1u << IOC_IP)) {
		for (i = 0; i < NELEM(ip_slots); i++)
			match_slot(c, w, m, ip_slots[i].slot, ip_slots[i].name,
			    IOC_IP);
		match_raw_ips(c, w, m);
	}
	if (c->kinds & (1u << IOC_DOMAIN))
		for (i = 0; i < NELEM(domain_slots); i++)
			match_slot(c, w, m, domain_slots[i].slot,
			    domain_slots[i].name, IOC_DOMAIN);
	if (c->kinds & (1u << IOC_URL))
		match_urls(c, w, m);
	if (c->kinds & (1u << IOC_HASH))
		for (i = 0; i < NELEM(hash_slots); i++)
			match_slot(c, w, m, hash_slots[i].slot,
			    hash_slots[i].name, IOC_HASH);
	if (w->nhit > 0 && (c->windows || c->ngroup > 0))
		hits_filter(c, w, m);
	if (w->nhit > MAX_HITS)
		w->nhit = MAX_HITS;
	if (w->nhit == 0)
		return;
	w->out.len = 0;
	wb_char(&w->out, '[');
	for (i = 0; i < w->nhit; i++) {
		const struct hit *h = &w->hit[i];
		char field[256];

		if (i > 0)
			wb_char(&w->out, ',');
		if (h->raw) {
			snprintf(field, sizeof(field), "cloudflare.%s", h->field);
			ioc_enrichment(c, h->ind, field, h->atomic, h->alen,
			    &w->out);
		} else
			ioc_enrichment(c, h->ind, h->field, h->atomic, h->alen,
			    &w->out);
	}
	wb_char(&w->out, ']');
	copy = map_alloc(m, w->out.len);
	memcpy(copy, w->out.p, w->out.len);
	map_put_json(m, SLOT_THREAT_ENRICHMENTS, copy, w->out.len);
	map_alert(m);
	w->matched++;
}

const struct map_stage *
ioc_stage(struct ioc *c)
{
	c->stage.shared = c;
	c->stage.worker_new = worker_new;
	c->stage.worker_free = worker_free;
	c->stage.run = stage_run;
	return &c->stage;
}
