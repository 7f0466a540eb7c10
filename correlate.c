/*
 * correlate.c: Sigma correlation rules over the facts the workers note.
 *
 * Windows are in event time and slide: a window starts at each fact of
 * a group (the events from that one up to, not including, timespan
 * later) and the condition holds when it holds for some window.  Logpush
 * files are not sorted and arrive in any order, so the exact answer
 * needs every fact until the end of input: memory grows with the facts
 * (events that matched a referenced rule), 40 bytes each, plus each
 * group's key once.  Past the bound (--correlation-memory) facts are
 * dropped and each correlation that loses one is named: never a silent
 * miss.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>
#include <yaml.h>

#include "correlate.h"
#include "mapper.h"
#include "summary.h"
#include "timefmt.h"
#include "util.h"
#include "writer.h"

#define MAX_IDS		20	/* contributing event ids in an alert */
#define UNTIMED		INT64_MIN
#define NO_VALUE	UINT32_MAX

static const char *const type_names[] = {
	"event_count", "value_count", "temporal", "temporal_ordered"
};

const char *
corr_type_name(enum corr_type t)
{
	return type_names[t];
}

const char *
corr_field(const struct corr *c, const char *field, const char *name)
{
	size_t a, k;

	for (a = 0; a < c->nalias; a++)
		if (strcmp(c->alias[a].name, field) == 0)
			for (k = 0; name != NULL && k < c->alias[a].n; k++)
				if (strcmp(c->alias[a].rule[k], name) == 0)
					return c->alias[a].field[k];
	return field;
}

/* ---- parsing the correlation: map ---- */

struct cload {
	yaml_document_t	*doc;
	char		*why;
	size_t		 whylen;
	int		*line;
};

static int
cfail(struct cload *l, const yaml_node_t *n, const char *fmt, const char *s)
{
	snprintf(l->why, l->whylen, fmt, s);
	*l->line = n != NULL ? (int)n->start_mark.line + 1 : 0;
	return -1;
}

static yaml_node_t *
cnode(struct cload *l, int i)
{
	return yaml_document_get_node(l->doc, i);
}

static int
cscalar(const yaml_node_t *n)
{
	return n != NULL && n->type == YAML_SCALAR_NODE;
}

static char *
cdup(const yaml_node_t *n)
{
	return xstrndup((const char *)n->data.scalar.value,
	    n->data.scalar.length);
}

static int
cis(const yaml_node_t *n, const char *s)
{
	return cscalar(n) && n->data.scalar.length == strlen(s) &&
	    memcmp(n->data.scalar.value, s, n->data.scalar.length) == 0;
}

static yaml_node_t *
cget(struct cload *l, const yaml_node_t *m, const char *key)
{
	yaml_node_pair_t *p;

	if (m == NULL || m->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++)
		if (cis(cnode(l, p->key), key))
			return cnode(l, p->value);
	return NULL;
}

/* A name or a list of names (rules, group-by). */
static int
names(struct cload *l, const yaml_node_t *n, const char *what, char ***out,
    size_t *nout)
{
	yaml_node_item_t *it;
	yaml_node_t *e;

	if (cscalar(n)) {
		*out = xcalloc(1, sizeof(**out));
		(*out)[(*nout)++] = cdup(n);
		return 0;
	}
	if (n == NULL || n->type != YAML_SEQUENCE_NODE)
		return cfail(l, n, "correlation: %s must be a name or a list",
		    what);
	*out = xcalloc((size_t)(n->data.sequence.items.top -
	    n->data.sequence.items.start) + 1, sizeof(**out));
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top;
	    it++) {
		if (!cscalar(e = cnode(l, *it)))
			return cfail(l, e, "correlation: %s must be names", what);
		(*out)[(*nout)++] = cdup(e);
	}
	if (*nout == 0)
		return cfail(l, n, "correlation: %s is empty", what);
	return 0;
}

/* "5m": number and unit, s m h d. */
static int
timespan(struct cload *l, const yaml_node_t *n, struct corr *c)
{
	static const struct { char u; int64_t ns; } unit[] = {
		{ 's', 1000000000LL }, { 'm', 60000000000LL },
		{ 'h', 3600000000000LL }, { 'd', 86400000000000LL }, { 0, 0 }
	};
	const char *s;
	size_t len, i, k;
	int64_t v = 0;

	if (!cscalar(n))
		return cfail(l, n, "correlation: no timespan%s", "");
	s = (const char *)n->data.scalar.value;
	len = n->data.scalar.length;
	for (i = 0; i < len && s[i] >= '0' && s[i] <= '9' && v < 100000000; i++)
		v = v * 10 + (s[i] - '0');
	for (k = 0; unit[k].u != 0 && (len < 2 || unit[k].u != s[len - 1]); k++)
		;
	if (i == 0 || i != len - 1 || unit[k].u == 0 || v == 0 ||
	    v > INT64_MAX / unit[k].ns)
		return cfail(l, n, "correlation: timespan '%s' is not a number "
		    "and one of s m h d", (const char *)n->data.scalar.value);
	c->span = v * unit[k].ns;
	c->span_text = cdup(n);
	return 0;
}

static int
count_value(struct cload *l, const yaml_node_t *n, int64_t *v)
{
	char *end, *s;
	long long x;

	if (!cscalar(n))
		return cfail(l, n, "correlation: a condition needs a number%s", "");
	s = cdup(n);
	x = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || x < 0 || x > INT32_MAX) {
		cfail(l, n, "correlation: condition value '%s' is not a count", s);
		free(s);
		return -1;
	}
	free(s);
	*v = x;
	return 0;
}

/* gt gte lt lte eq neq, several meaning all of them; field. */
static int
condition(struct cload *l, const yaml_node_t *n, struct corr *c)
{
	yaml_node_pair_t *p;
	yaml_node_t *k, *v;
	int64_t x;
	int any = 0;

	c->lo = 0;
	c->hi = INT64_MAX;
	if (n == NULL) {
		if (c->type == CT_EVENT_COUNT || c->type == CT_VALUE_COUNT)
			return cfail(l, n, "correlation: %s needs a condition",
			    type_names[c->type]);
		c->lo = c->hi = (int64_t)c->nref;	/* all the rules */
		return 0;
	}
	if (n->type != YAML_MAPPING_NODE)
		return cfail(l, n, "correlation: condition must be a map%s", "");
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		k = cnode(l, p->key);
		v = cnode(l, p->value);
		if (cis(k, "field")) {
			if (!cscalar(v))
				return cfail(l, v, "correlation: field must be "
				    "a name%s", "");
			free(c->field);
			c->field = cdup(v);
			continue;
		}
		if (count_value(l, v, &x) < 0)
			return -1;
		any = 1;
		if (cis(k, "gt"))
			c->lo = x + 1 > c->lo ? x + 1 : c->lo;
		else if (cis(k, "gte"))
			c->lo = x > c->lo ? x : c->lo;
		else if (cis(k, "lt"))
			c->hi = x - 1 < c->hi ? x - 1 : c->hi;
		else if (cis(k, "lte"))
			c->hi = x < c->hi ? x : c->hi;
		else if (cis(k, "eq")) {
			c->lo = x > c->lo ? x : c->lo;
			c->hi = x < c->hi ? x : c->hi;
		} else if (cis(k, "neq")) {
			c->has_neq = 1;
			c->neq = x;
		} else
			return cfail(l, k, "correlation: condition '%s' is not "
			    "one of gt gte lt lte eq neq",
			    cscalar(k) ? (const char *)k->data.scalar.value : "");
	}
	if (!any)
		return cfail(l, n, "correlation: condition has no comparison%s",
		    "");
	if (c->type == CT_VALUE_COUNT && c->field == NULL)
		return cfail(l, n, "correlation: value_count needs a field in "
		    "its condition%s", "");
	return 0;
}

static int
aliases(struct cload *l, const yaml_node_t *n, struct corr *c)
{
	yaml_node_pair_t *p, *q;
	yaml_node_t *k, *v, *rk, *rv;
	struct corr_alias *a;

	if (n == NULL)
		return 0;
	if (n->type != YAML_MAPPING_NODE)
		return cfail(l, n, "correlation: aliases must be a map%s", "");
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		k = cnode(l, p->key);
		v = cnode(l, p->value);
		if (!cscalar(k) || v == NULL || v->type != YAML_MAPPING_NODE)
			return cfail(l, k, "correlation: an alias maps rule "
			    "names to fields%s", "");
		c->alias = xrealloc(c->alias, (c->nalias + 1) * sizeof(*a));
		a = &c->alias[c->nalias++];
		memset(a, 0, sizeof(*a));
		a->name = cdup(k);
		for (q = v->data.mapping.pairs.start;
		    q < v->data.mapping.pairs.top; q++) {
			rk = cnode(l, q->key);
			rv = cnode(l, q->value);
			if (!cscalar(rk) || !cscalar(rv))
				return cfail(l, rk, "correlation: alias '%s': "
				    "rule name: field", a->name);
			a->rule = xrealloc(a->rule, (a->n + 1) * sizeof(char *));
			a->field = xrealloc(a->field, (a->n + 1) * sizeof(char *));
			a->rule[a->n] = cdup(rk);
			a->field[a->n++] = cdup(rv);
		}
	}
	return 0;
}

int
corr_parse(struct corr *c, yaml_document_t *doc, yaml_node_t *cn, char *why,
    size_t whylen, int *line)
{
	struct cload l = { doc, why, whylen, line };
	yaml_node_t *t;
	int k;

	if (cn == NULL || cn->type != YAML_MAPPING_NODE)
		return cfail(&l, cn, "correlation must be a map%s", "");
	t = cget(&l, cn, "type");
	for (k = 0; k < 4 && !cis(t, type_names[k]); k++)
		;
	if (k == 4)
		return cfail(&l, t != NULL ? t : cn, "correlation type '%s' is "
		    "not supported (event_count, value_count, temporal, "
		    "temporal_ordered)", cscalar(t) ?
		    (const char *)t->data.scalar.value : "");
	c->type = (enum corr_type)k;
	if (names(&l, cget(&l, cn, "rules"), "rules", &c->ref, &c->nref) < 0 ||
	    names(&l, cget(&l, cn, "group-by"), "group-by", &c->group,
	    &c->ngroup) < 0 ||
	    timespan(&l, cget(&l, cn, "timespan"), c) < 0 ||
	    condition(&l, cget(&l, cn, "condition"), c) < 0 ||
	    aliases(&l, cget(&l, cn, "aliases"), c) < 0)
		return -1;
	if (c->nref > 65535 || c->ngroup > 64)
		return cfail(&l, cn, "correlation: too many rules or group-by "
		    "fields%s", "");
	return 0;
}

static void
free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
corr_clear(struct corr *c)
{
	size_t i;

	free_list(c->ref, c->nref);
	free_list(c->group, c->ngroup);
	for (i = 0; i < c->nalias; i++) {
		free(c->alias[i].name);
		free_list(c->alias[i].rule, c->alias[i].n);
		free_list(c->alias[i].field, c->alias[i].n);
	}
	free(c->alias);
	free(c->field);
	free(c->span_text);
	free(c->ref_corr);
	free(c->from);
	if (c->ecs != NULL)
		free_list(c->ecs, c->ngroup);
	memset(c, 0, sizeof(*c));
}

/* ---- workers ---- */

/* The buffer of the record this thread converts, until corr_take. */
static _Thread_local struct wbuf *pending;

static void
put_u32(struct wbuf *b, uint32_t v)
{
	wb_raw(b, (const char *)&v, sizeof(v));
}

void
corr_begin(struct wbuf *buf, int64_t ts)
{
	pending = buf;
	buf->len = 0;
	wb_raw(buf, (const char *)&ts, sizeof(ts));
}

void
corr_fact(unsigned c, int ref, const char *const *val, const size_t *len,
    size_t n, const char *fval, size_t flen)
{
	size_t i, at;

	put_u32(pending, (uint32_t)c);
	put_u32(pending, (uint32_t)ref);
	at = pending->len;
	put_u32(pending, 0);
	for (i = 0; i < n; i++) {
		put_u32(pending, (uint32_t)len[i]);
		wb_raw(pending, val[i], len[i]);
	}
	i = pending->len - at - 4;
	memcpy(pending->p + at, &(uint32_t){ (uint32_t)i }, 4);
	put_u32(pending, fval != NULL ? (uint32_t)flen : NO_VALUE);
	if (fval != NULL)
		wb_raw(pending, fval, flen);
}

/* The first 128 bits of the record's SHA-256: its bulk _id. */
static void
digest(const char *line, size_t len, unsigned char *out)
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, len, (const uint8_t *)line);
	sha256_digest(&ctx, 16, out);
}

int
corr_take(struct wbuf *dst, const char *line, size_t len)
{
	unsigned char fp[16];
	struct wbuf *b = pending;

	pending = NULL;
	if (b == NULL || b->len < sizeof(int64_t))
		return 0;
	digest(line, len, fp);
	put_u32(dst, (uint32_t)b->len);
	wb_raw(dst, (const char *)fp, sizeof(fp));
	wb_raw(dst, b->p, b->len);
	b->len = 0;
	return 1;
}

void
corr_drop(void)
{
	if (pending != NULL)
		pending->len = 0;
	pending = NULL;
}

/* ---- the committing side ---- */

struct fact {
	int64_t		ts;
	uint32_t	group;
	uint32_t	value;		/* value_count: interned, or NO_VALUE */
	uint16_t	corr;
	uint16_t	ref;
	unsigned char	fp[16];
};

/* Byte strings interned to dense ids (open addressing). */
struct itab {
	uint32_t	*slot;		/* id + 1, 0 empty */
	size_t		 cap;
	size_t		*off;		/* per id: text in data */
	uint32_t	*len;
	size_t		 n;
	struct wbuf	 data;
};

struct alert {
	int64_t		 start, end;
	uint32_t	 group;
	uint16_t	 corr;
	int64_t		 count;
	size_t		 events;
	size_t		 nid;
	unsigned char	 fp[MAX_IDS][16];
	unsigned char	 last[16];	/* the last event's, for chains */
};

struct corrset {
	struct corr *const *c;
	size_t		 n;
	size_t		 max_bytes;
	int		 digits;
	corr_rule_fn	*rule_fields;
	corr_name_fn	*rule_name;
	void		*arg;
	struct fact	*f;
	size_t		 nf, capf;
	struct itab	 groups, values;
	int		*warned;	/* per correlation: memory bound told */
	uint64_t	 dropped, untimed;
	struct fact	**chain;	/* per correlation: facts of inner ones */
	size_t		*nchain;
	struct alert	*al;
	size_t		 nal;
	struct summary	*sum;		/* --summary, or NULL */
	struct wbuf	 key;		/* corr_commit's, reused */
	uint32_t	*seen;		/* ... the counting correlations of
					   the event so far */
	size_t		 capseen;
};

static uint64_t
hash(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	while (n-- > 0)
		h = (h ^ (unsigned char)*p++) * 1099511628211ULL;
	return h;
}

static const char *
itab_text(const struct itab *t, uint32_t id, size_t *n)
{
	*n = t->len[id];
	return t->data.p + t->off[id];
}

static void
itab_grow(struct itab *t)
{
	size_t cap = t->cap ? t->cap * 2 : 1024, i, k, n;
	uint32_t *slot = xcalloc(cap, sizeof(*slot));
	const char *p;

	for (i = 0; i < t->n; i++) {
		p = itab_text(t, (uint32_t)i, &n);
		for (k = hash(p, n) & (cap - 1); slot[k] != 0; k = (k + 1) & (cap - 1))
			;
		slot[k] = (uint32_t)i + 1;
	}
	free(t->slot);
	t->slot = slot;
	t->cap = cap;
	t->off = xrealloc(t->off, cap / 2 * sizeof(*t->off));
	t->len = xrealloc(t->len, cap / 2 * sizeof(*t->len));
}

static uint32_t
intern(struct itab *t, const char *p, size_t n)
{
	size_t k, m;
	const char *q;

	if (t->n + 1 > t->cap / 2)
		itab_grow(t);
	for (k = hash(p, n) & (t->cap - 1); t->slot[k] != 0;
	    k = (k + 1) & (t->cap - 1)) {
		q = itab_text(t, t->slot[k] - 1, &m);
		if (m == n && memcmp(p, q, n) == 0)
			return t->slot[k] - 1;
	}
	t->off[t->n] = t->data.len;
	t->len[t->n] = (uint32_t)n;
	wb_raw(&t->data, p, n);
	t->slot[k] = (uint32_t)t->n + 1;
	return (uint32_t)t->n++;
}

static size_t
itab_bytes(const struct itab *t)
{
	return t->cap * (sizeof(uint32_t) + (sizeof(size_t) + 4) / 2) +
	    t->data.cap;
}

static void
itab_free(struct itab *t)
{
	free(t->slot);
	free(t->off);
	free(t->len);
	wb_free(&t->data);
}

struct corrset *
corr_new(struct corr *const *c, size_t n, size_t max_bytes, int digits,
    corr_rule_fn *rule_fields, corr_name_fn *rule_name, void *arg)
{
	struct corrset *s = xcalloc(1, sizeof(*s));

	s->c = c;
	s->n = n;
	s->max_bytes = max_bytes;
	s->digits = digits;
	s->rule_fields = rule_fields;
	s->rule_name = rule_name;
	s->arg = arg;
	s->warned = xcalloc(n + 1, sizeof(*s->warned));
	s->chain = xcalloc(n + 1, sizeof(*s->chain));
	s->nchain = xcalloc(n + 1, sizeof(*s->nchain));
	wb_init(&s->groups.data, 4096);
	wb_init(&s->values.data, 4096);
	wb_init(&s->key, 256);
	return s;
}

void
corr_free(struct corrset *s)
{
	size_t i;

	if (s == NULL)
		return;
	free(s->f);
	itab_free(&s->groups);
	itab_free(&s->values);
	for (i = 0; i < s->n; i++)
		free(s->chain[i]);
	free(s->chain);
	free(s->nchain);
	free(s->warned);
	free(s->al);
	wb_free(&s->key);
	free(s->seen);
	free(s);
}

size_t
corr_bytes(const struct corrset *s)
{
	return s->capf * sizeof(struct fact) + itab_bytes(&s->groups) +
	    itab_bytes(&s->values);
}

uint64_t
corr_dropped(const struct corrset *s)
{
	return s->dropped;
}

uint64_t
corr_untimed(const struct corrset *s)
{
	return s->untimed;
}

static uint32_t
get_u32(const char **p)
{
	uint32_t v;

	memcpy(&v, *p, 4);
	*p += 4;
	return v;
}

/* Past the memory bound: drop, and name the correlation once. */
static int
over_bound(struct corrset *s, unsigned c, size_t more)
{
	if (corr_bytes(s) + more <= s->max_bytes)
		return 0;
	s->dropped++;
	if (!s->warned[c]) {
		s->warned[c] = 1;
		fprintf(stderr, "cfecs: correlation rule %s: the memory bound "
		    "of %zu MiB (--correlation-memory) is reached; its events "
		    "from here on are not counted and its alerts may be "
		    "incomplete\n", s->rule_name(s->arg, s->c[c]->rule),
		    s->max_bytes >> 20);
	}
	return 1;
}

static void
add_fact(struct corrset *s, const struct fact *f)
{
	if (s->nf == s->capf) {
		s->capf = s->capf ? s->capf + s->capf / 2 : 4096;
		s->f = xrealloc(s->f, s->capf * sizeof(*s->f));
	}
	s->f[s->nf++] = *f;
}

/* Group key: the correlation's number, then the values. */
static uint32_t
group_id(struct corrset *s, unsigned c, const char *p, size_t n, struct wbuf *k)
{
	k->len = 0;
	wb_raw(k, (const char *)&(uint16_t){ (uint16_t)c }, 2);
	wb_raw(k, p, n);
	return intern(&s->groups, k->p, k->len);
}

/* A rule's alert for --summary: its address and host (group values). */
static void
summarize(struct corrset *s, int rule, int64_t ts, const char *p, size_t n)
{
	const char *end = p + n, *v[2] = { "", "" };
	size_t len[2] = { 0, 0 }, k;

	for (k = 0; k < 2 && p < end; k++) {
		len[k] = get_u32(&p);
		v[k] = p;
		p += len[k];
	}
	if (s->sum != NULL)
		summary_add(s->sum, rule, ts, v[0], len[0], v[1], len[1]);
}

void
corr_set_summary(struct corrset *s, struct summary *sum)
{
	s->sum = sum;
}

void
corr_commit(struct corrset *s, const char *p)
{
	const char *end, *g;
	uint32_t total = get_u32(&p), glen, flen, c, ref;
	size_t nseen = 0, k;
	int untimed = 0;
	struct fact f;
	struct wbuf *key = &s->key;

	memcpy(f.fp, p, 16);
	p += 16;
	end = p + total;
	memcpy(&f.ts, p, 8);
	p += 8;
	while (p < end) {
		c = get_u32(&p);
		ref = get_u32(&p);
		glen = get_u32(&p);
		g = p;
		p += glen;
		flen = get_u32(&p);
		if (c == CORR_SUMMARY) {
			summarize(s, (int)ref, f.ts, g, glen);
			continue;
		}
		if (f.ts == UNTIMED) {
			s->untimed += !untimed++;
			p += flen != NO_VALUE ? flen : 0;
			continue;
		}
		/* An event counts once, whichever of the rules it matched. */
		if (s->c[c]->type <= CT_VALUE_COUNT) {
			for (k = 0; k < nseen && s->seen[k] != c; k++)
				;
			if (k < nseen) {
				p += flen != NO_VALUE ? flen : 0;
				continue;
			}
			if (nseen == s->capseen) {
				s->capseen = s->capseen ? s->capseen * 2 : 16;
				s->seen = xrealloc(s->seen,
				    s->capseen * sizeof(*s->seen));
			}
			s->seen[nseen++] = c;
		}
		if (over_bound(s, c, sizeof(f) + glen + 64)) {
			p += flen != NO_VALUE ? flen : 0;
			continue;
		}
		f.corr = (uint16_t)c;
		f.ref = (uint16_t)ref;
		f.group = group_id(s, c, g, glen, key);
		f.value = NO_VALUE;
		if (flen != NO_VALUE) {
			key->len = 0;
			wb_raw(key, (const char *)&f.corr, 2);
			wb_raw(key, p, flen);
			f.value = intern(&s->values, key->p, key->len);
			p += flen;
		}
		add_fact(s, &f);
	}
}

/* ---- evaluation ---- */

static int
fact_cmp(const void *a, const void *b)
{
	const struct fact *x = a, *y = b;
	int r;

	if (x->corr != y->corr)
		return x->corr < y->corr ? -1 : 1;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	if ((r = memcmp(x->fp, y->fp, 16)) != 0)
		return r;
	return x->ref < y->ref ? -1 : x->ref > y->ref;
}

static int
holds(const struct corr *c, int64_t n)
{
	return n >= c->lo && n <= c->hi && !(c->has_neq && n == c->neq);
}

/* One group's facts, sorted by time: the window counts. */
struct window {
	const struct fact *f;
	size_t		 n;
	uint32_t	*cnt;		/* per value or per ref */
	size_t		 distinct;
	uint32_t	*next;		/* ordered: per ref, next index */
};

static void
win_add(struct window *w, const struct corr *c, size_t i, int d)
{
	uint32_t k = c->type == CT_VALUE_COUNT ? w->f[i].value : w->f[i].ref;

	if (c->type == CT_EVENT_COUNT || c->type == CT_ORDERED || k == NO_VALUE)
		return;
	if (d > 0 && w->cnt[k]++ == 0)
		w->distinct++;
	if (d < 0 && --w->cnt[k] == 0)
		w->distinct--;
}

/* Events (not facts) in [a, b): facts of one event are adjacent. */
static size_t
events_in(const struct fact *f, size_t a, size_t b)
{
	size_t i, n = 0;

	for (i = a; i < b; i++)
		n += i == a || f[i].ts != f[i - 1].ts ||
		    memcmp(f[i].fp, f[i - 1].fp, 16) != 0;
	return n;
}

/* temporal_ordered: how many of the rules follow in order from i. */
static int64_t
in_order(const struct window *w, const struct corr *c, size_t i, size_t end)
{
	size_t k, pos = i, j;

	for (k = 0; k < c->nref; k++) {
		j = w->next[k * (w->n + 1) + pos];
		if (j >= end)
			break;
		pos = j + 1;
	}
	return (int64_t)k;
}

static void
make_next(struct window *w, const struct corr *c)
{
	size_t k, i;

	w->next = xrealloc(w->next, c->nref * (w->n + 1) * sizeof(uint32_t));
	for (k = 0; k < c->nref; k++) {
		uint32_t *nx = w->next + k * (w->n + 1);

		nx[w->n] = (uint32_t)w->n;
		for (i = w->n; i-- > 0;)
			nx[i] = w->f[i].ref == k ? (uint32_t)i : nx[i + 1];
	}
}

static void
add_alert(struct corrset *s, unsigned c, const struct window *w, size_t a,
    size_t b, int64_t count)
{
	struct alert *al;
	size_t i;

	s->al = xrealloc(s->al, (s->nal + 1) * sizeof(*s->al));
	al = &s->al[s->nal++];
	memset(al, 0, sizeof(*al));
	al->corr = (uint16_t)c;
	al->group = w->f[a].group;
	al->start = w->f[a].ts;
	al->end = w->f[b - 1].ts;
	al->count = count;
	al->events = events_in(w->f, a, b);
	memcpy(al->last, w->f[b - 1].fp, 16);
	for (i = a; i < b && al->nid < MAX_IDS; i++)
		if (i == a || memcmp(w->f[i].fp, w->f[i - 1].fp, 16) != 0 ||
		    w->f[i].ts != w->f[i - 1].ts)
			memcpy(al->fp[al->nid++], w->f[i].fp, 16);
}

/*
 * The incidents of one group: satisfying windows that overlap are one
 * incident, from its first window's start to its last window's end;
 * its count is the largest of its windows.
 */
static void
group_incidents(struct corrset *s, unsigned ci, struct window *w)
{
	const struct corr *c = s->c[ci];
	size_t i, end = 0, a = 0, b = 0, last = 0;
	int64_t n, best = 0;
	int open = 0;

	w->distinct = 0;
	if (c->type == CT_ORDERED)
		make_next(w, c);
	for (i = 0; i < w->n; i++) {
		while (end < w->n && w->f[end].ts - w->f[i].ts < c->span)
			win_add(w, c, end++, 1);
		switch (c->type) {
		case CT_EVENT_COUNT:
			n = (int64_t)(end - i);	/* a fact per event */
			break;
		case CT_ORDERED:
			n = in_order(w, c, i, end);
			break;
		default:
			n = (int64_t)w->distinct;
		}
		if (holds(c, n)) {
			if (open && w->f[i].ts - w->f[last].ts < c->span) {
				b = end > b ? end : b;
				best = n > best ? n : best;
			} else {
				if (open)
					add_alert(s, ci, w, a, b, best);
				open = 1;
				a = i;
				b = end;
				best = n;
			}
			last = i;
		}
		win_add(w, c, i, -1);
	}
	if (open)
		add_alert(s, ci, w, a, b, best);
}

/* The values of a group key (after the correlation's number). */
static size_t
group_values(const struct corrset *s, uint32_t g, const char **val,
    size_t *len, size_t max)
{
	size_t n, k = 0;
	const char *p = itab_text(&s->groups, g, &n), *end = p + n;

	for (p += 2; p < end && k < max; k++) {
		len[k] = get_u32(&p);
		val[k] = p;
		p += len[k];
	}
	return k;
}

/* An inner correlation's alert is an event of the outer ones. */
static void
chain_alerts(struct corrset *s, unsigned ci, size_t from)
{
	const char *val[64], *gv[64];
	size_t len[64], gl[64], i, k, g, o;
	struct wbuf key, gk;
	struct fact f;

	wb_init(&key, 128);
	wb_init(&gk, 128);
	for (o = 0; o < s->n; o++) {
		const struct corr *oc = s->c[o];

		for (k = 0; oc->ref_corr != NULL && k < oc->nref; k++) {
			if (oc->ref_corr[k] != (int)ci)
				continue;
			for (i = from; i < s->nal; i++) {
				const struct alert *al = &s->al[i];
				const int *pos = oc->from + k * (oc->ngroup + 1);
				size_t nv = group_values(s, al->group, val, len, 64);

				gk.len = 0;
				for (g = 0; g < oc->ngroup; g++) {
					gv[g] = pos[g] >= 0 && (size_t)pos[g] < nv ?
					    val[pos[g]] : "";
					gl[g] = pos[g] >= 0 && (size_t)pos[g] < nv ?
					    len[pos[g]] : 0;
					wb_raw(&gk, (const char *)&(uint32_t){
					    (uint32_t)gl[g] }, 4);
					wb_raw(&gk, gv[g], gl[g]);
				}
				memset(&f, 0, sizeof(f));
				f.ts = al->end;
				f.corr = (uint16_t)o;
				f.ref = (uint16_t)k;
				memcpy(f.fp, al->last, 16);
				f.group = group_id(s, (unsigned)o, gk.p, gk.len, &key);
				f.value = NO_VALUE;
				g = (size_t)pos[oc->ngroup];
				if (pos[oc->ngroup] >= 0 && g < nv) {
					key.len = 0;
					wb_raw(&key, (const char *)&f.corr, 2);
					wb_raw(&key, val[g], len[g]);
					f.value = intern(&s->values, key.p, key.len);
				}
				s->chain[o] = xrealloc(s->chain[o],
				    (s->nchain[o] + 1) * sizeof(f));
				s->chain[o][s->nchain[o]++] = f;
			}
		}
	}
	wb_free(&key);
	wb_free(&gk);
}

/* One correlation: its facts (and its inner ones' alerts) by group. */
static void
evaluate(struct corrset *s, unsigned ci, const struct fact *f, size_t n)
{
	struct fact *all = NULL;
	const struct fact *g = f;
	struct window w;
	size_t i, j, from = s->nal, nv = 0;

	/* The facts are sorted already; inner alerts join them. */
	if (s->nchain[ci] > 0) {
		all = xmalloc((n + s->nchain[ci]) * sizeof(*all));
		if (n > 0)
			memcpy(all, f, n * sizeof(*f));
		memcpy(all + n, s->chain[ci], s->nchain[ci] * sizeof(*all));
		n += s->nchain[ci];
		qsort(all, n, sizeof(*all), fact_cmp);
		g = all;
	}
	nv = s->c[ci]->type == CT_VALUE_COUNT ? s->values.n : s->c[ci]->nref;
	memset(&w, 0, sizeof(w));
	w.cnt = xcalloc(nv + 1, sizeof(*w.cnt));
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && g[j].group == g[i].group; j++)
			;
		w.f = g + i;
		w.n = j - i;
		group_incidents(s, ci, &w);
	}
	free(w.cnt);
	free(w.next);
	free(all);
	chain_alerts(s, ci, from);
}

static const struct corrset *sort_set;

static int
alert_cmp(const void *a, const void *b)
{
	const struct alert *x = a, *y = b;
	const char *p, *q;
	size_t m, n;
	int r;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->corr != y->corr)
		return x->corr < y->corr ? -1 : 1;
	p = itab_text(&sort_set->groups, x->group, &m);
	q = itab_text(&sort_set->groups, y->group, &n);
	if ((r = memcmp(p, q, m < n ? m : n)) != 0)
		return r;
	return m < n ? -1 : m > n;
}

/* ---- the alert event ---- */

struct pair {
	char	*path;
	char	*json;
	size_t	 n;
};

struct pairs {
	struct pair	*p;
	size_t		 n;
};

static void
put_pair(void *arg, const char *path, const char *json, size_t n)
{
	struct pairs *ps = arg;
	size_t i;

	for (i = 0; i < ps->n; i++)
		if (strcmp(ps->p[i].path, path) == 0)
			return;		/* the first one stays */
	ps->p = xrealloc(ps->p, (ps->n + 1) * sizeof(*ps->p));
	ps->p[ps->n].path = xstrdup(path);
	ps->p[ps->n].json = xstrndup(json, n);
	ps->p[ps->n++].n = n;
}

static void
put_string(struct pairs *ps, const char *path, const char *s, size_t n)
{
	struct wbuf b;

	wb_init(&b, n + 8);
	wb_str(&b, s, n);
	put_pair(ps, path, b.p, b.len);
	wb_free(&b);
}

static void
put_time(struct pairs *ps, const char *path, int64_t ns, int digits)
{
	char t[TIME_BUFSIZE];

	put_string(ps, path, t, timefmt_format(ns, digits, t));
}

static void
put_num(struct pairs *ps, const char *path, int64_t v)
{
	char num[32];

	put_pair(ps, path, num, (size_t)snprintf(num, sizeof(num), "%" PRId64, v));
}

/* Dotted paths sort with '.' first, so that parents stay together. */
static int
path_cmp(const void *a, const void *b)
{
	const unsigned char *x = (const void *)((const struct pair *)a)->path;
	const unsigned char *y = (const void *)((const struct pair *)b)->path;

	for (; *x != '\0' && *x == *y; x++, y++)
		;
	return (*x == '.' ? 1 : *x + 1) - (*y == '.' ? 1 : *y + 1);
}

/* Length of the common object prefix of two paths ("a.b." of a.b.c, a.b.d). */
static size_t
common_dirs(const char *a, const char *b)
{
	size_t i, last = 0;

	for (i = 0; a[i] != '\0' && a[i] == b[i]; i++)
		if (a[i] == '.')
			last = i + 1;
	return last;
}

static int
dots(const char *p, size_t from)
{
	int n = 0;

	for (p += from; *p != '\0'; p++)
		n += *p == '.';
	return n;
}

static void
write_pairs(struct wbuf *out, struct pairs *ps)
{
	const char *prev = "", *p, *dot;
	size_t i, c;
	int k;

	qsort(ps->p, ps->n, sizeof(*ps->p), path_cmp);
	wb_char(out, '{');
	for (i = 0; i < ps->n; i++) {
		p = ps->p[i].path;
		c = common_dirs(prev, p);
		for (k = dots(prev, c); k > 0; k--)
			wb_char(out, '}');
		if (i > 0)
			wb_char(out, ',');
		for (; (dot = strchr(p + c, '.')) != NULL; c = (size_t)(dot - p) + 1) {
			wb_str(out, p + c, (size_t)(dot - p) - c);
			wb_lit(out, ":{");
		}
		wb_str(out, p + c, strlen(p + c));
		wb_char(out, ':');
		wb_raw(out, ps->p[i].json, ps->p[i].n);
		prev = p;
	}
	for (k = dots(prev, 0); k > 0; k--)
		wb_char(out, '}');
	wb_lit(out, "}\n");
}

static void
write_alert(struct corrset *s, const struct alert *al, struct wbuf *out)
{
	const struct corr *c = s->c[al->corr];
	struct pairs ps = { NULL, 0 };
	const char *val[64];
	size_t len[64], nv, g, i;
	struct wbuf ids;
	char id[32];

	put_time(&ps, "@timestamp", al->end, s->digits);
	put_pair(&ps, "event.kind", "\"alert\"", 7);
	put_time(&ps, "event.start", al->start, s->digits);
	put_time(&ps, "event.end", al->end, s->digits);
	put_num(&ps, "event.duration", al->end - al->start);
	s->rule_fields(s->arg, c->rule, put_pair, &ps);
	nv = group_values(s, al->group, val, len, 64);
	for (g = 0; g < nv && g < c->ngroup; g++)
		put_string(&ps, c->ecs[g], val[g], len[g]);
	put_string(&ps, "cfecs.correlation.type", type_names[c->type],
	    strlen(type_names[c->type]));
	put_string(&ps, "cfecs.correlation.timespan", c->span_text,
	    strlen(c->span_text));
	put_num(&ps, "cfecs.correlation.count", al->count);
	put_num(&ps, "cfecs.correlation.events", (int64_t)al->events);
	wb_init(&ids, 32 * MAX_IDS);
	wb_char(&ids, '[');
	for (i = 0; i < al->nid; i++) {
		if (i > 0)
			wb_char(&ids, ',');
		map_fingerprint_text(al->fp[i], id);
		wb_str(&ids, id, strlen(id));
	}
	wb_char(&ids, ']');
	put_pair(&ps, "cfecs.correlation.event_ids", ids.p, ids.len);
	wb_free(&ids);
	write_pairs(out, &ps);
	for (i = 0; i < ps.n; i++) {
		free(ps.p[i].path);
		free(ps.p[i].json);
	}
	free(ps.p);
}

static void
summarize_alert(struct corrset *s, const struct alert *al)
{
	const struct corr *c = s->c[al->corr];
	const char *val[64];
	size_t len[64], nv, g;

	if (s->sum == NULL)
		return;
	nv = group_values(s, al->group, val, len, 64);
	for (g = 0; g < nv && g < c->ngroup; g++)
		if (strcmp(c->ecs[g], "source.ip") == 0)
			break;
	summary_add(s->sum, c->rule, al->end, g < nv ? val[g] : "",
	    g < nv ? len[g] : 0, "", 0);
}

size_t
corr_fingerprint(const char *line, size_t n, char *out)
{
	unsigned char h[16];

	digest(line, n, h);
	return map_fingerprint_text(h, out);
}

size_t
corr_facts(const struct corrset *s)
{
	return s->nf;
}

size_t
corr_finish(struct corrset *s, corr_emit_fn *emit, void *arg)
{
	struct wbuf out;
	size_t i, j, k, n = 0, left = s->n;
	unsigned c;
	int progress;

	if (s->nf > 1)
		qsort(s->f, s->nf, sizeof(*s->f), fact_cmp);
	/* Inner correlations first: one whose inner ones are all done. */
	while (left > 0) {
		progress = 0;
		for (c = 0; c < s->n; c++) {
			if (s->c[c]->done)
				continue;
			for (k = 0; k < s->c[c]->nref; k++)
				if (s->c[c]->ref_corr[k] >= 0 &&
				    !s->c[s->c[c]->ref_corr[k]]->done)
					break;
			if (k < s->c[c]->nref)
				continue;
			for (i = 0; i < s->nf && s->f[i].corr < c; i++)
				;
			for (j = i; j < s->nf && s->f[j].corr == c; j++)
				;
			evaluate(s, c, j > i ? s->f + i : NULL, j - i);
			s->c[c]->done = 1;
			left--;
			progress = 1;
		}
		if (!progress)
			break;		/* a cycle: refused when linking */
	}
	sort_set = s;
	if (s->nal > 1)
		qsort(s->al, s->nal, sizeof(*s->al), alert_cmp);
	wb_init(&out, 4096);
	for (i = 0; i < s->nal; i++)
		if (s->c[s->al[i].corr]->out) {
			out.len = 0;
			write_alert(s, &s->al[i], &out);
			summarize_alert(s, &s->al[i]);
			emit(arg, s->al[i].end, out.p, out.len);
			n++;
		}
	wb_free(&out);
	return n;
}
