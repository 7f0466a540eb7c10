/*
 * iocload.c: loading indicators (--ioc): the indicator store, plain
 * lists and STIX 2.1 bundles.  The design is described in ioc.c.
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
	if ((v = ioc_val_parse_ip(s, n, a)) != 0) {
		k->n = v == 4 ? 4 : 16;
		t = v == 4 ? T_IP4 : T_IP6;
	} else if ((v = ioc_val_parse_cidr(s, n, a, &k->plen)) != 0) {
		k->n = v == 4 ? 4 : 16;
		t = v == 4 ? T_CIDR4 : T_CIDR6;
	} else if ((t = ioc_val_hash_type(n)) != T_COUNT && ioc_val_is_hex(s, n)) {
		ioc_val_lower(k->b, s, n);
		k->n = n;
	} else if (ioc_val_is_domain(s, n)) {
		ioc_val_lower(k->b, s, n);
		k->n = s[n - 1] == '.' ? n - 1 : n;
		t = T_DOMAIN;
	} else if (memchr(s, ' ', n) != NULL)
		return T_COUNT;
	else if ((k->n = ioc_val_url_norm(s, n, k->b, 0)) != 0)
		t = T_URL;
	else {
		/* host/path without a scheme: the host must look like one */
		sl = memchr(s, '/', n);
		h = sl != NULL ? (size_t)(sl - s) : 0;
		colon = h > 0 ? memchr(s, ':', h) : NULL;
		if (h == 0 || !(ioc_val_is_domain(s, h) || ioc_val_parse_ip(s, h, a) ||
		    (colon != NULL && ioc_val_is_domain(s, (size_t)(colon - s)))))
			return T_COUNT;
		if ((k->n = ioc_val_url_norm(s, n, k->b, 1)) == 0)
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

