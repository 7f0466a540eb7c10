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

#define MAX_VALUE	8192	/* longest indicator or event value compared */
#define MAX_HITS	64	/* enrichments per event */
#define MAX_RAW		512	/* matches kept before the window and AND
				   checks drop some: terms of an AND that does
				   not hold must not crowd out those that do */
#define MAX_FOUND	256	/* indicators one value may match */
#define MAX_WARN	10	/* warnings per file, then a count */

enum itype {
	T_IP4, T_IP6, T_CIDR4, T_CIDR6, T_DOMAIN, T_URL, T_MD5, T_SHA1,
	T_SHA256, T_COUNT
};

static const char *const type_ecs[T_COUNT] = {
	"ipv4-addr", "ipv6-addr", "ipv4-addr", "ipv6-addr", "domain-name",
	"url", "file", "file", "file"
};

/* One indicator value.  Strings are offsets in the pool (0: none). */
struct ind {
	uint32_t	off;		/* key bytes */
	uint32_t	len;
	uint32_t	meta;		/* STIX object + 1, or 0 */
	uint32_t	next;		/* same key, later indicator + 1, or 0 */
	uint32_t	group;		/* an alternative of AND terms + 1, or 0 */
	uint8_t		type;		/* enum itype */
	uint8_t		plen;		/* CIDR prefix length */
	uint8_t		term;		/* its term in the group */
};

struct meta {
	uint32_t	id, name, desc;	/* pool offsets of NUL-terminated text */
	int64_t		from, until;	/* valid from (in), until (out), ns */
};

struct tslot {
	uint32_t	hash;
	uint32_t	idx;		/* indicator + 1; 0: empty */
};

struct cidr4 {
	uint32_t	lo, hi;
	int32_t		parent;		/* enclosing block, or -1 */
	uint32_t	ind;
};

struct cidr6 {
	unsigned char	lo[16], hi[16];
	int32_t		parent;
	uint32_t	ind;
};

struct ioc {
	struct ioc_opts	 opts;
	struct ind	*ind;
	size_t		 n, cap;
	struct meta	*meta;
	size_t		 nmeta, metacap;
	char		*pool;
	size_t		 plen, pcap;
	struct tslot	*tab;
	size_t		 mask, used;
	uint64_t	*bits;		/* a bit per key hash: most misses */
	size_t		 bmask;		/* never reach the big table */
	struct cidr4	*c4;
	size_t		 n4, cap4;
	struct cidr6	*c6;
	size_t		 n6, cap6;
	unsigned	 kinds;		/* 1 << enum ioc_kind present */
	uint8_t		*gsize;		/* terms of each group */
	size_t		 ngroup, groupcap;
	int		 windows;	/* some indicator has a validity window */
	uint64_t	 whole, part, skipped;	/* indicators (lines, objects) */
	_Atomic uint64_t matched;
	struct map_stage stage;
	/* while loading a file */
	const char	*file;
	uint64_t	 file_bad;
	struct key	*key;		/* scratch */
};

/* ---- storage ---- */

static uint32_t
pool_add(struct ioc *c, const void *p, size_t n)
{
	size_t at;

	if (c->plen + n + 1 > UINT32_MAX)
		fatalx("indicators: too much text");
	if (c->pcap - c->plen < n + 1) {
		while (c->pcap - c->plen < n + 1)
			c->pcap = c->pcap ? c->pcap * 2 : 1 << 16;
		c->pool = xrealloc(c->pool, c->pcap);
	}
	at = c->plen;
	memcpy(c->pool + at, p, n);
	c->pool[at + n] = '\0';
	c->plen += n + 1;
	return (uint32_t)at;
}

static uint32_t
hash_key(unsigned type, const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n << 8) ^ type, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
	h ^= h >> 29;
	h *= 0xFF51AFD7ED558CCDULL;
	return (uint32_t)(h ^ h >> 32);
}

static int
key_is(const struct ioc *c, const struct ind *d, unsigned type, const void *p,
    size_t n)
{
	return d->type == type && d->len == n &&
	    memcmp(c->pool + d->off, p, n) == 0;
}

/* Room for want more keys, the table at most half full. */
static void
tab_grow(struct ioc *c, size_t want)
{
	struct tslot *old = c->tab;
	size_t i, j, omask = c->mask;

	if (c->mask != 0 && (c->used + want) * 2 <= c->mask + 1)
		return;
	if (c->mask == 0)
		c->mask = 1023;
	while ((c->used + want) * 2 > c->mask + 1)
		c->mask = c->mask * 2 + 1;
	c->tab = xcalloc(c->mask + 1, sizeof(*c->tab));
	for (i = 0; old != NULL && i <= omask; i++) {
		if (old[i].idx == 0)
			continue;
		for (j = old[i].hash & c->mask; c->tab[j].idx != 0;
		    j = (j + 1) & c->mask)
			;
		c->tab[j] = old[i];
	}
	free(old);
}

/* A new indicator record (its key stored); its index. */
static uint32_t
ind_new(struct ioc *c, unsigned type, const void *key, size_t n, int plen,
    uint32_t meta, uint32_t group)
{
	struct ind *d;

	if (c->n >= UINT32_MAX - 1)
		fatalx("indicators: too many");
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 1024;
		c->ind = xrealloc(c->ind, c->cap * sizeof(*c->ind));
	}
	d = &c->ind[c->n];
	d->off = pool_add(c, key, n);
	d->len = (uint32_t)n;
	d->meta = meta;
	d->next = 0;
	d->group = group;
	d->type = (uint8_t)type;
	d->plen = (uint8_t)plen;
	d->term = 0;
	return (uint32_t)c->n++;
}

static unsigned
kind_of(unsigned type)
{
	switch (type) {
	case T_DOMAIN:	return IOC_DOMAIN;
	case T_URL:	return IOC_URL;
	case T_MD5: case T_SHA1: case T_SHA256: return IOC_HASH;
	default:	return IOC_IP;
	}
}

/*
 * A key in the set; the same key with the same STIX object and group is
 * one.  The new indicator, or UINT32_MAX for a repeat.
 */
static uint32_t
add_exact(struct ioc *c, unsigned type, const void *key, size_t n,
    uint32_t meta, uint32_t group)
{
	uint32_t h = hash_key(type, key, n), i;
	size_t j;

	tab_grow(c, 1);
	for (j = h & c->mask; c->tab[j].idx != 0; j = (j + 1) & c->mask) {
		if (c->tab[j].hash != h ||
		    !key_is(c, &c->ind[c->tab[j].idx - 1], type, key, n))
			continue;
		for (i = c->tab[j].idx - 1;; i = c->ind[i].next - 1) {
			if (c->ind[i].meta == meta && c->ind[i].group == group)
				return UINT32_MAX;	/* a repeat */
			if (c->ind[i].next == 0)
				break;
		}
		c->ind[i].next = ind_new(c, type, key, n, 0, meta, group) + 1;
		return c->ind[i].next - 1;
	}
	c->tab[j].hash = h;
	c->tab[j].idx = ind_new(c, type, key, n, 0, meta, group) + 1;
	c->used++;
	c->kinds |= 1u << kind_of(type);
	return c->tab[j].idx - 1;
}

static uint32_t
add_cidr(struct ioc *c, int v6, const unsigned char *a, int plen,
    uint32_t meta, uint32_t group)
{
	unsigned char lo[17], hi[16];
	int i, alen = v6 ? 16 : 4;
	uint32_t k;

	for (i = 0; i < alen; i++) {
		int bits = plen - i * 8;
		unsigned char m = bits >= 8 ? 0xFF : bits <= 0 ? 0 :
		    (unsigned char)(0xFF << (8 - bits));

		lo[i] = a[i] & m;
		hi[i] = lo[i] | (unsigned char)~m;
	}
	/* In the set too, as address and length, to find repeats. */
	lo[alen] = (unsigned char)plen;
	k = add_exact(c, v6 ? T_CIDR6 : T_CIDR4, lo, (size_t)alen + 1, meta,
	    group);
	if (k == UINT32_MAX)
		return k;
	c->ind[k].plen = (uint8_t)plen;
	if (!v6) {
		if (c->n4 == c->cap4) {
			c->cap4 = c->cap4 ? c->cap4 * 2 : 64;
			c->c4 = xrealloc(c->c4, c->cap4 * sizeof(*c->c4));
		}
		c->c4[c->n4].lo = (uint32_t)lo[0] << 24 | (uint32_t)lo[1] << 16 |
		    (uint32_t)lo[2] << 8 | lo[3];
		c->c4[c->n4].hi = (uint32_t)hi[0] << 24 | (uint32_t)hi[1] << 16 |
		    (uint32_t)hi[2] << 8 | hi[3];
		c->c4[c->n4++].ind = k;
	} else {
		if (c->n6 == c->cap6) {
			c->cap6 = c->cap6 ? c->cap6 * 2 : 64;
			c->c6 = xrealloc(c->c6, c->cap6 * sizeof(*c->c6));
		}
		memcpy(c->c6[c->n6].lo, lo, 16);
		memcpy(c->c6[c->n6].hi, hi, 16);
		c->c6[c->n6++].ind = k;
	}
	return k;
}

/* ---- recognising values ---- */

static int
is_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f')))
			return 0;
	return 1;
}

static unsigned
hash_type(size_t n)
{
	return n == 32 ? T_MD5 : n == 40 ? T_SHA1 : n == 64 ? T_SHA256 :
	    T_COUNT;
}

static void
lower(char *dst, const char *s, size_t n)
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
static int
parse_ip(const char *s, size_t n, unsigned char *a)
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
static int
parse_cidr(const char *s, size_t n, unsigned char *a, int *plen)
{
	const char *slash = memchr(s, '/', n);
	size_t k;
	int v, len = 0;

	if (slash == NULL || (v = parse_ip(s, (size_t)(slash - s), a)) == 0)
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
static int
is_domain(const char *s, size_t n)
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
static size_t
url_norm(const char *s, size_t n, char *out, int bare)
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
		lower(out, s, i + 3);
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
	lower(out + k, s + hs, he - hs);
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

/* ---- loading ---- */

/* What is printable of a value, for a message. */
static void
show(char *dst, size_t cap, const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n && k + 4 < cap; i++)
		dst[k++] = (unsigned char)s[i] >= 0x20 &&
		    (unsigned char)s[i] < 0x7F ? s[i] : '?';
	if (i < n) {
		memcpy(dst + k, "...", 3);
		k += 3;
	}
	dst[k] = '\0';
}

/* Through the caller's message path (ioc_opts.say), else stderr;
 * LOUD: about the whole file, said even with quiet. */
static void
say(const struct ioc *c, int loud, const char *file, uint64_t line,
    const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (c->opts.say != NULL)
		c->opts.say(loud, file, (unsigned long long)line, text);
	else if (loud || !c->opts.quiet) {
		if (line > 0)
			fprintf(stderr, "cfecs: %s:%llu: %s\n", file,
			    (unsigned long long)line, text);
		else
			fprintf(stderr, "cfecs: %s: %s\n", file, text);
	}
}

/*
 * What was left out of a file: the first few told (with -v all of them,
 * with -q none).
 */
static void
tell(struct ioc *c, uint64_t line, const char *what, const char *s,
    size_t n)
{
	char v[80];

	if (c->opts.quiet || (++c->file_bad > MAX_WARN && !c->opts.verbose))
		return;
	show(v, sizeof(v), s, n);
	say(c, 0, c->file, line, "%s: %s", what, v);
}

/* A bad line or an unusable indicator: counted and told. */
static void
skip(struct ioc *c, uint64_t line, const char *what, const char *s,
    size_t n)
{
	c->skipped++;
	tell(c, line, what, s, n);
}

/*
 * Defanged forms back to the real value: hxxp:// -> http://,
 * [.] (.) {.} -> ., [:] -> :, [://] -> ://.  In place; the new length.
 */
static size_t
refang(char *s, size_t n)
{
	size_t i, k = 0;

	if (n >= 6 && (s[0] | 0x20) == 'h' && (s[1] | 0x20) == 'x' &&
	    (s[2] | 0x20) == 'x' && (s[3] | 0x20) == 'p' &&
	    (s[4] == ':' || s[4] == '[' || ((s[4] | 0x20) == 's' &&
	    (s[5] == ':' || s[5] == '[')))) {
		s[1] = 't';
		s[2] = 't';
	}
	for (i = 0; i < n; i++) {
		if ((s[i] == '[' || s[i] == '(' || s[i] == '{') && n - i >= 3 &&
		    (s[i + 1] == '.' || s[i + 1] == ':') &&
		    s[i + 2] == (s[i] == '[' ? ']' : s[i] == '(' ? ')' : '}')) {
			s[k++] = s[i + 1];
			i += 2;
		} else if (s[i] == '[' && n - i >= 5 &&
		    memcmp(s + i, "[://]", 5) == 0) {
			memcpy(s + k, "://", 3);
			k += 3;
			i += 4;
		} else
			s[k++] = s[i];
	}
	return k;
}

/*
 * What a value is, of any type (plain lists) or of the types in mask
 * (STIX): its type and its key in key (MAX_VALUE + 8 bytes), or T_COUNT.
 */
#define M_IP4	(1u << T_IP4 | 1u << T_CIDR4)
#define M_IP6	(1u << T_IP6 | 1u << T_CIDR6)
#define M_HASH	(1u << T_MD5 | 1u << T_SHA1 | 1u << T_SHA256)
#define M_ANY	(M_IP4 | M_IP6 | M_HASH | 1u << T_DOMAIN | 1u << T_URL)

struct key {
	char	 b[MAX_VALUE + 8];
	size_t	 n;
	int	 plen;
};

static unsigned
classify(const char *s, size_t n, unsigned mask, struct key *k)
{
	unsigned char *a = (unsigned char *)k->b;
	const char *sl, *colon;
	size_t h;
	unsigned t;
	int v;

	if (n == 0 || n > MAX_VALUE)
		return T_COUNT;
	if ((v = parse_ip(s, n, a)) != 0) {
		k->n = v == 4 ? 4 : 16;
		t = v == 4 ? T_IP4 : T_IP6;
	} else if ((v = parse_cidr(s, n, a, &k->plen)) != 0) {
		k->n = v == 4 ? 4 : 16;
		t = v == 4 ? T_CIDR4 : T_CIDR6;
	} else if ((t = hash_type(n)) != T_COUNT && is_hex(s, n)) {
		lower(k->b, s, n);
		k->n = n;
	} else if (is_domain(s, n)) {
		lower(k->b, s, n);
		k->n = s[n - 1] == '.' ? n - 1 : n;
		t = T_DOMAIN;
	} else if (memchr(s, ' ', n) != NULL)
		return T_COUNT;
	else if ((k->n = url_norm(s, n, k->b, 0)) != 0)
		t = T_URL;
	else {
		/* host/path without a scheme: the host must look like one */
		sl = memchr(s, '/', n);
		h = sl != NULL ? (size_t)(sl - s) : 0;
		colon = h > 0 ? memchr(s, ':', h) : NULL;
		if (h == 0 || !(is_domain(s, h) || parse_ip(s, h, a) ||
		    (colon != NULL && is_domain(s, (size_t)(colon - s)))))
			return T_COUNT;
		if ((k->n = url_norm(s, n, k->b, 1)) == 0)
			return T_COUNT;
		t = T_URL;
	}
	return mask & (1u << t) ? t : T_COUNT;
}

/* The new indicator, or UINT32_MAX for a repeat. */
static uint32_t
add_key(struct ioc *c, unsigned t, const struct key *k, uint32_t meta,
    uint32_t group)
{
	if (t == T_CIDR4 || t == T_CIDR6)
		return add_cidr(c, t == T_CIDR6, (const unsigned char *)k->b,
		    k->plen, meta, group);
	return add_exact(c, t, k->b, k->n, meta, group);
}

static int
is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\v' ||
	    ch == '\f';
}

/* Grow once for a list of n bytes, not a doubling at a time. */
static void
reserve(struct ioc *c, const char *p, size_t n)
{
	const char *s, *e = p + n;
	size_t lines = 1;

	for (s = p; (s = memchr(s, '\n', (size_t)(e - s))) != NULL; s++)
		lines++;
	tab_grow(c, lines);
	if (c->cap - c->n < lines) {
		c->cap = c->n + lines;
		c->ind = xrealloc(c->ind, c->cap * sizeof(*c->ind));
	}
	if (c->pcap - c->plen < n + lines && c->plen + n + lines < UINT32_MAX) {
		c->pcap = c->plen + n + lines;
		c->pool = xrealloc(c->pool, c->pcap);
	}
}

static void
load_plain(struct ioc *c, char *p, size_t n)
{
	uint64_t line = 0;
	char *s, *e, *nl, *hash;
	unsigned t;
	size_t k;

	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3, n -= 3;
	reserve(c, p, n);
	for (s = p; s < p + n; s = nl + 1) {
		line++;
		if ((nl = memchr(s, '\n', (size_t)(p + n - s))) == NULL)
			nl = p + n;
		e = nl;
		/* A comment: a line starting with #, or # after a blank. */
		for (hash = s; hash < e; hash++)
			if (*hash == '#' && (hash == s || is_space(hash[-1])))
				break;
		e = hash;
		while (s < e && is_space(*s))
			s++;
		while (e > s && is_space(e[-1]))
			e--;
		if (s == e)
			continue;
		k = refang(s, (size_t)(e - s));
		if ((t = classify(s, k, M_ANY, c->key)) == T_COUNT)
			skip(c, line, "not an indicator", s, k);
		else {
			(void)add_key(c, t, c->key, 0, 0);
			c->whole++;
		}
	}
}

/* ---- STIX indicators ---- */

/* The types a STIX object path may hold, or 0. */
static unsigned
path_mask(const char *path, int subset)
{
	static const struct { const char *path; unsigned mask; } paths[] = {
		{ "ipv4-addr:value", M_IP4 },
		{ "ipv6-addr:value", M_IP6 },
		{ "domain-name:value", 1u << T_DOMAIN },
		{ "url:value", 1u << T_URL },
		{ "file:hashes.MD5", 1u << T_MD5 },
		{ "file:hashes.SHA-1", 1u << T_SHA1 },
		{ "file:hashes.SHA1", 1u << T_SHA1 },
		{ "file:hashes.SHA-256", 1u << T_SHA256 },
		{ "file:hashes.SHA256", 1u << T_SHA256 },
	};
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (strcasecmp(path, paths[i].path) == 0)
			return subset ? paths[i].mask & (M_IP4 | M_IP6) :
			    paths[i].mask;
	return 0;
}

/* A term we can match: its type and key in c->key; else T_COUNT, why. */
static unsigned
term_type(struct ioc *c, const struct stix_term *t, const char **why)
{
	unsigned mask, type;

	if (t->path == NULL) {
		*why = t->why;
		return T_COUNT;
	}
	if ((mask = path_mask(t->path, t->subset)) == 0) {
		*why = t->subset ? "uses ISSUBSET on something other than an "
		    "address" : "compares an object or property we do not match";
		return T_COUNT;
	}
	type = classify(t->value, t->vlen, mask, c->key);
	if (type == T_COUNT)
		*why = "has a value that is not of its type";
	return type;
}

/*
 * An alternative of several terms: each term an indicator of one new
 * group, which matches only when every term of the group is found in the
 * same event.  A term repeated in the alternative counts once.
 */
static void
add_group(struct ioc *c, const struct stix_pattern *p, size_t a,
    uint32_t meta)
{
	const char *why;
	uint32_t group, k;
	unsigned t;
	size_t j, n = 0;

	if (c->ngroup >= UINT32_MAX - 1)
		fatalx("indicators: too many");
	if (c->ngroup == c->groupcap) {
		c->groupcap = c->groupcap ? c->groupcap * 2 : 64;
		c->gsize = xrealloc(c->gsize, c->groupcap);
	}
	group = (uint32_t)++c->ngroup;
	for (j = p->alt[a]; j < p->alt[a + 1]; j++) {
		t = term_type(c, &p->term[p->ids[j]], &why);
		if ((k = add_key(c, t, c->key, meta, group)) != UINT32_MAX)
			c->ind[k].term = (uint8_t)n++;
	}
	c->gsize[group - 1] = (uint8_t)n;
}

/*
 * Add the alternatives of a pattern that can be tested on one event.
 * NULL when all of them were added; else why the first one left out was,
 * and *kept the number added.
 */
static const char *
load_pattern(struct ioc *c, const char *pattern, size_t len, uint32_t meta,
    size_t *kept, size_t *total)
{
	struct stix_pattern p;
	const char *why = NULL, *first = NULL, **bad;
	size_t a, j;
	unsigned t;

	*kept = *total = 0;
	if (stix_parse(pattern, len, &p, &why) < 0)
		return why;
	/* Each term checked once: why it cannot be matched, or NULL. */
	bad = xcalloc(p.nterm, sizeof(*bad));
	for (j = 0; j < p.nterm; j++)
		if (term_type(c, &p.term[j], &why) == T_COUNT)
			bad[j] = why;
	for (a = 0; a < p.nalt; a++) {
		for (why = NULL, j = p.alt[a]; j < p.alt[a + 1] && why == NULL;
		    j++)
			why = bad[p.ids[j]];
		if (why != NULL) {
			if (first == NULL)
				first = why;
			continue;
		}
		if (p.alt[a + 1] - p.alt[a] > 1)
			add_group(c, &p, a, meta);
		else {
			t = term_type(c, &p.term[p.ids[p.alt[a]]], &why);
			(void)add_key(c, t, c->key, meta, 0);
		}
		++*kept;
	}
	*total = p.nalt;
	free(bad);
	stix_free(&p);
	return first;
}

static uint32_t
pool_str(struct ioc *c, const struct jval *o, const char *key)
{
	const struct jval *v = json_get(o, key);

	if (!json_is(v, J_STRING) || v->n == 0)
		return 0;
	return pool_add(c, v->s, v->n);
}

/*
 * valid_from or valid_until: absent (*ns keeps its default) or a STIX
 * timestamp; -1 when present and unreadable.
 */
static int
stix_time(const struct jval *o, const char *key, int64_t *ns)
{
	const struct jval *v = json_get(o, key);

	if (v == NULL)
		return 0;
	if (!json_is(v, J_STRING) ||
	    timefmt_from_string(v->s, v->n, TIME_RFC3339, ns) < 0)
		return -1;
	return 0;
}

static void
load_indicator(struct ioc *c, const struct jval *o)
{
	const struct jval *id = json_get(o, "id");
	const struct jval *pt = json_get(o, "pattern_type");
	const struct jval *pat = json_get(o, "pattern");
	const char *name = json_is(id, J_STRING) ? id->s : "(no id)";
	size_t namelen = json_is(id, J_STRING) ? id->n : strlen(name);
	const char *why;
	int64_t from = INT64_MIN, until = INT64_MAX;
	size_t kept, total;
	struct meta *m;
	char msg[160];

	if (json_is(json_get(o, "revoked"), J_TRUE)) {
		skip(c, 0, "indicator skipped: revoked", name, namelen);
		return;
	}
	if (pt != NULL && !(json_is(pt, J_STRING) && json_eq(pt, "stix"))) {
		skip(c, 0, "indicator skipped: pattern_type is not stix", name,
		    namelen);
		return;
	}
	if (!json_is(pat, J_STRING)) {
		skip(c, 0, "indicator skipped: no pattern", name, namelen);
		return;
	}
	if (stix_time(o, "valid_from", &from) < 0 ||
	    stix_time(o, "valid_until", &until) < 0) {
		skip(c, 0, "indicator skipped: valid_from or valid_until is not "
		    "a timestamp", name, namelen);
		return;
	}
	if (until <= from) {
		skip(c, 0, "indicator skipped: valid_until is not after "
		    "valid_from", name, namelen);
		return;
	}
	if (c->nmeta >= UINT32_MAX - 1)
		fatalx("indicators: too many");
	if (c->nmeta == c->metacap) {
		c->metacap = c->metacap ? c->metacap * 2 : 256;
		c->meta = xrealloc(c->meta, c->metacap * sizeof(*c->meta));
	}
	m = &c->meta[c->nmeta];
	m->id = pool_str(c, o, "id");
	m->name = pool_str(c, o, "name");
	m->desc = pool_str(c, o, "description");
	m->from = from;
	m->until = until;
	why = load_pattern(c, pat->s, pat->n, (uint32_t)c->nmeta + 1, &kept,
	    &total);
	if (kept == 0) {
		snprintf(msg, sizeof(msg), "indicator skipped: its pattern %s",
		    why);
		skip(c, 0, msg, name, namelen);
		return;
	}
	if (kept < total) {
		snprintf(msg, sizeof(msg), "indicator loaded in part (%zu of %zu "
		    "alternatives): its pattern %s", kept, total, why);
		c->part++;
		tell(c, 0, msg, name, namelen);
	} else
		c->whole++;
	if (from != INT64_MIN || until != INT64_MAX)
		c->windows = 1;
	c->nmeta++;
}

static int
load_stix(struct ioc *c, const char *p, size_t n)
{
	struct jparser *jp = json_parser_new();
	const struct jval *root, *objs, *o;
	char msg[JSON_MSGSIZE];

	if ((root = json_parse(jp, p, n, msg)) == NULL) {
		say(c, 1, c->file, 0, "%s", msg);
		json_parser_free(jp);
		return -1;
	}
	if (!json_is(root, J_OBJECT) || !json_eq(json_get(root, "type"),
	    "bundle")) {
		say(c, 1, c->file, 0, "JSON, but not a STIX 2.1 bundle (no "
		    "\"type\": \"bundle\")");
		json_parser_free(jp);
		return -1;
	}
	objs = json_get(root, "objects");
	for (o = json_is(objs, J_ARRAY) ? objs->child : NULL; o != NULL;
	    o = o->next)
		if (json_is(json_get(o, "type"), J_STRING) &&
		    json_eq(json_get(o, "type"), "indicator"))
			load_indicator(c, o);
	json_parser_free(jp);
	return 0;
}

struct ioc *
ioc_new(const struct ioc_opts *opts)
{
	struct ioc *c = xcalloc(1, sizeof(*c));

	c->opts = *opts;
	c->key = xmalloc(sizeof(*c->key));
	pool_add(c, "", 0);		/* offset 0 means "none" */
	tab_grow(c, 1);
	return c;
}

/* A whole file, p[0..n) ours to change (defanging is done in place). */
static int
load_buf(struct ioc *c, const char *name, char *p, size_t n)
{
	size_t i, before = c->n;
	uint64_t skipped = c->skipped, part = c->part;
	int r = 0;

	c->file = name;
	c->file_bad = 0;
	if (memchr(p, '\0', n) != NULL) {
		say(c, 1, name, 0, "a binary file, not an indicator list");
		return -1;
	}
	for (i = 0; i < n && (is_space(p[i]) || p[i] == '\n'); i++)
		;
	if (n - i >= 3 && memcmp(p + i, "\xEF\xBB\xBF", 3) == 0)
		i += 3;
	if (i < n && (p[i] == '{' || p[i] == '['))
		r = load_stix(c, p, n);
	else {
		load_plain(c, p, n);
		if (c->n == before && c->skipped > skipped) {
			say(c, 1, name, 0, "no indicators in it: neither an "
			    "indicator list nor a STIX 2.1 bundle");
			r = -1;
		}
	}
	if (r == 0 && c->file_bad > MAX_WARN && !c->opts.quiet &&
	    !c->opts.verbose)
		say(c, 0, name, 0, "%llu more skipped or loaded in part "
		    "(-v lists them)", (unsigned long long)(c->file_bad -
		    MAX_WARN));
	if (r == 0 && c->opts.strict && (c->skipped > skipped ||
	    c->part > part)) {
		say(c, 1, name, 0, "%llu lines or indicators skipped, %llu "
		    "loaded in part (--strict)",
		    (unsigned long long)(c->skipped - skipped),
		    (unsigned long long)(c->part - part));
		r = -1;
	}
	return r;
}

int
ioc_load_mem(struct ioc *c, const char *name, const char *p, size_t n)
{
	char *copy = xmalloc(n);
	int r;

	memcpy(copy, p, n);
	r = load_buf(c, name, copy, n);
	free(copy);
	return r;
}

int
ioc_load_file(struct ioc *c, const char *path)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	ssize_t k;
	int fd, r;

	if ((fd = open(path, O_RDONLY)) < 0) {
		say(c, 1, path, 0, "%s", strerror(errno));
		return -1;
	}
	for (;;) {
		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 1 << 20;
			buf = xrealloc(buf, cap);
		}
		if ((k = read(fd, buf + len, cap - len)) < 0) {
			if (errno == EINTR)
				continue;
			say(c, 1, path, 0, "%s", strerror(errno));
			close(fd);
			free(buf);
			return -1;
		}
		if (k == 0)
			break;
		len += (size_t)k;
	}
	close(fd);
	r = load_buf(c, path, buf, len);
	free(buf);
	return r;
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
	lower(buf, s, n);
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

	if (n > MAX_VALUE || (len = url_norm(s, n, buf, 0)) == 0)
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
	unsigned t = hash_type(n);

	if (t == T_COUNT || !is_hex(s, n))
		return 0;
	lower(buf, s, n);
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
		return (v = parse_ip(s, n, a)) != 0 ? find_ip(c, a, v, out, 0,
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
