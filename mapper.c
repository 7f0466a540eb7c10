/*
 * mapper.c: one Logpush line -> one ECS event, driven by the dataset
 * tables in datasets.c.
 *
 * Per record: cJSON parses the line into a per-record arena (its
 * allocator hooks point there, and the arena is reset after the record,
 * so there is no per-node malloc/free).  cJSON keeps numbers as doubles,
 * which cannot hold a 19-digit nanosecond timestamp, so each number node
 * is pointed at the text of its token in the line; every later use of a
 * number (times, integers, the passthrough) reads those digits.  A scan
 * of the line before parsing notes its tokens and hands cJSON a lighter
 * copy (plain strings and numbers stubbed out), so cJSON builds the tree
 * without copying string bytes or calling strtod (scan_line).
 * The record's keys are looked up once in a table of every known Logpush
 * field; that gives the dataset (by key signature) and O(1) access to the
 * fields the dataset's table maps.  Converters fill ECS slots; the writer
 * walks the slots in their fixed order and then copies the record under
 * "cloudflare".
 */
#include <arpa/inet.h>	/* inet_pton() */
#include <ctype.h>	/* isdigit(): where invalid JSON goes wrong */
#include <limits.h>	/* INT_MAX */
#include <stdint.h>
#include <stdio.h>	/* snprintf() */
#include <string.h>

#include <cJSON.h>
#include <nettle/sha2.h>	/* the records' fingerprints (bulk _id) */

#include "codes.h"
#include "mapper.h"
#include "util.h"
#include "writer.h"

/* ---- per-record arena, also cJSON's allocator ---- */

#define ARENA_CHUNK	(256 * 1024)
#define ARENA_LIMIT	((size_t)1 << 30)	/* one record may not use more */

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

static _Thread_local struct arena *cur_arena;

static void *
arena_alloc(struct arena *a, size_t n)
{
	struct chunk *c = a->head;
	size_t size;

	n = (n + 15) & ~(size_t)15;
	if (c == NULL || c->size - c->used < n) {
		size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
		if (c != NULL && (a->total += size) > ARENA_LIMIT)
			return NULL;
		if ((c = malloc(sizeof(*c) + size)) == NULL)
			return NULL;
		c->next = a->head;
		c->used = 0;
		c->size = size;
		a->head = c;
	}
	c->used += n;
	return c->data + c->used - n;
}

/* Keep the first chunk for the next record, free the rest. */
static void
arena_reset(struct arena *a)
{
	struct chunk *c;

	while (a->head != NULL && a->head->next != NULL) {
		c = a->head;
		a->head = c->next;
		free(c);
	}
	if (a->head != NULL)
		a->head->used = 0;
	a->total = 0;
}

static void *
hook_malloc(size_t n)
{
	return arena_alloc(cur_arena, n);
}

static void
hook_free(void *p)
{
	(void)p;	/* the arena is reset after each record */
}

/* ---- known Logpush fields ---- */

#define MAX_DATASETS	64	/* a bit each in a uint64_t */
#define MAX_STAGES	8

struct field {
	const char	*name;
	uint32_t	 len;
	uint32_t	 hash;
	uint64_t	 datasets;	/* which datasets have this field */
	int		 is_time;	/* a time field of some dataset */
};

static struct {
	struct field	*fields;	/* open addressing, power of two */
	uint32_t	 mask;
	uint32_t	 count;
	int		 ndatasets;
	uint32_t	 dataset_size[MAX_DATASETS];
	int		*row_field[MAX_DATASETS];	/* field index of each row */
	char		***row_path[MAX_DATASETS];	/* "a.b": a, b, NULL */
	int		 time_field[MAX_DATASETS][3];	/* time, start, end */
	struct map_options opts;
	unsigned char	 slot_wanted[SLOT_COUNT];
	int		 cf_all;		/* every cloudflare.* key wanted */
	int		 cf_any;		/* some cloudflare.* keys wanted */
	const struct map_stage *stage[MAX_STAGES];
	size_t		 nstages;
} known;

/* Keys are hashed per record: mix the length and the first and last
 * eight bytes rather than walking every byte. */
static uint32_t
hash_str(const char *s, size_t n)
{
	uint64_t a = 0, b = 0, h;

	if (n >= 8) {
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
	} else
		memcpy(&a, s, n);
	h = a * 0x9E3779B97F4A7C15ULL ^ (b + n) * 0xC2B2AE3D27D4EB4FULL;
	h ^= h >> 29;
	return (uint32_t)(h ^ (h >> 32));
}

/* Index of a known field, or -1. */
static int
field_find(const char *s, size_t n, uint32_t h)
{
	uint32_t i = h & known.mask;
	const struct field *f;

	for (;; i = (i + 1) & known.mask) {
		f = &known.fields[i];
		if (f->name == NULL)
			return -1;
		if (f->hash == h && f->len == n && memcmp(f->name, s, n) == 0)
			return (int)i;
	}
}

static struct field *
field_add(const char *name)
{
	size_t n = strlen(name);
	uint32_t h = hash_str(name, n), i;
	int at = field_find(name, n, h);

	if (at >= 0)
		return &known.fields[at];
	for (i = h & known.mask; known.fields[i].name != NULL;
	    i = (i + 1) & known.mask)
		;
	known.fields[i].name = name;
	known.fields[i].len = (uint32_t)n;
	known.fields[i].hash = h;
	known.count++;
	return &known.fields[i];
}

/*
 * "a.b.c" -> the NULL-terminated array "a", "b", "c"; NULL for a plain
 * name.  Made once, at start-up.
 */
static char **
split_path(const char *name)
{
	char **key, *copy, *p;
	size_t n = 2, i = 0;

	if (strchr(name, '.') == NULL)
		return NULL;
	for (p = (char *)(uintptr_t)name; *p != '\0'; p++)
		n += *p == '.';
	key = xcalloc(n + 1, sizeof(*key));
	copy = xstrdup(name);
	for (p = strtok(copy, "."); p != NULL; p = strtok(NULL, "."))
		key[i++] = p;
	return key;
}

static int
find_name(const char *name)
{
	size_t n;

	if (name == NULL)
		return -1;
	n = strlen(name);
	return field_find(name, n, hash_str(name, n));
}

static void
add_dataset_field(const char *name, int d)
{
	struct field *f = field_add(name);

	if (!(f->datasets & (UINT64_C(1) << d)))
		known.dataset_size[d]++;
	f->datasets |= UINT64_C(1) << d;
}

/* ---- field selection (-f, --exclude) ---- */

/* Does pattern p select path (a dotted ECS path)? "a.b" selects a.b and
 * everything under it; a trailing "*" matches any rest. */
static int
pattern_match(const char *p, const char *path)
{
	size_t n = strlen(p);

	if (n > 0 && p[n - 1] == '*')
		return strncmp(p, path, n - 1) == 0;
	return strncmp(p, path, n) == 0 &&
	    (path[n] == '\0' || path[n] == '.');
}

static int
patterns_match(const char *const *list, const char *path)
{
	for (; list != NULL && *list != NULL; list++)
		if (pattern_match(*list, path))
			return 1;
	return 0;
}

static int
path_wanted(const char *path)
{
	if (known.opts.fields != NULL &&
	    !patterns_match(known.opts.fields, path))
		return 0;
	return !patterns_match(known.opts.exclude, path);
}

/* Could a pattern select something under "cloudflare."? */
static int
patterns_reach_cloudflare(const char *const *list)
{
	for (; *list != NULL; list++)
		if (pattern_match(*list, "cloudflare") ||
		    strncmp(*list, "cloudflare.", 11) == 0)
			return 1;
	return 0;
}

static int
cf_key_wanted(const char *key)
{
	char path[256];

	if (known.cf_all)
		return 1;
	if (snprintf(path, sizeof(path), "cloudflare.%s", key) >=
	    (int)sizeof(path))
		return known.opts.fields == NULL;
	return path_wanted(path);
}

/* ---- output slots ---- */

#define MAX_DEPTH	6

struct slotpath {
	int		 ngroups;
	const char	*group[MAX_DEPTH];	/* "\"name\":{" */
	size_t		 glen[MAX_DEPTH];
	const char	*seg[MAX_DEPTH];	/* group names, for comparing */
	size_t		 slen[MAX_DEPTH];
	char		*leaf;			/* "\"name\":" */
	size_t		 leaflen;
};

#define X_PATH(name, path) path,
static const char *const slot_path[SLOT_COUNT] = { ECS_SLOTS(X_PATH) };
#undef X_PATH

static struct slotpath paths[SLOT_COUNT];

static char *
quoted(const char *s, size_t n, const char *tail)
{
	size_t t = strlen(tail);
	char *q = xmalloc(n + t + 3);

	q[0] = '"';
	memcpy(q + 1, s, n);
	q[n + 1] = '"';
	memcpy(q + n + 2, tail, t + 1);
	return q;
}

/* Split the slot paths once, and check that groups are contiguous. */
static void
paths_init(void)
{
	const char *p, *dot;
	struct slotpath *sp;
	int s, t, g;

	for (s = 0; s < SLOT_COUNT; s++) {
		sp = &paths[s];
		for (p = slot_path[s]; (dot = strchr(p, '.')) != NULL; p = dot + 1) {
			if (sp->ngroups == MAX_DEPTH)
				fatalx("internal error: %s too deep", slot_path[s]);
			sp->seg[sp->ngroups] = p;
			sp->slen[sp->ngroups] = (size_t)(dot - p);
			sp->group[sp->ngroups] = quoted(p, (size_t)(dot - p), ":{");
			sp->glen[sp->ngroups] = strlen(sp->group[sp->ngroups]);
			sp->ngroups++;
		}
		sp->leaf = quoted(p, strlen(p), ":");
		sp->leaflen = strlen(sp->leaf);
	}
	/* A group that closes must not open again later. */
	for (s = 1; s < SLOT_COUNT; s++)
		for (g = 0; g < paths[s].ngroups; g++) {
			size_t n = (size_t)(paths[s].seg[g] - slot_path[s]) +
			    paths[s].slen[g];

			if (strncmp(slot_path[s - 1], slot_path[s], n) == 0 &&
			    slot_path[s - 1][n] == '.')
				continue;
			for (t = 0; t < s - 1; t++)
				if (strncmp(slot_path[t], slot_path[s], n) == 0 &&
				    slot_path[t][n] == '.')
					fatalx("internal error: group of %s "
					    "is split", slot_path[s]);
		}
}

enum vkind {
	V_NONE,
	V_STR,		/* s, n: a string to escape */
	V_INT,		/* i */
	V_TIME,		/* i: nanoseconds */
	V_RAW,		/* s, n: JSON text (true, false, a number token) */
	V_CONSTS,	/* c: NULL-terminated list of constant strings */
	V_LIST,		/* l: a list of strings */
	V_JSON		/* s, n: JSON text written here, valid as it is */
};

struct strlist {
	const char	**s;
	size_t		 *n;
	size_t		  count;
	size_t		  cap;
};

struct val {
	enum vkind	 kind;
	size_t		 n;
	union {
		const char		*s;
		int64_t			 i;
		const char *const	*c;
		struct strlist		*l;
	} u;
};

/* One member of the record, in input order. */
struct member {
	const cJSON	*node;
	int		 field;		/* known field index, or -1 */
	int		 shadowed;	/* a later duplicate key wins */
};

struct mapctx {
	struct arena		 arena;
	struct val		 val[SLOT_COUNT];
	struct member		*mem;
	size_t			 nmem;
	size_t			 memcap;
	/* By known field index: the member, valid when gen matches. */
	uint32_t		*seen_gen;
	uint32_t		*seen_mem;
	uint32_t		 gen;
	const struct dataset	*ds;
	unsigned		 score[MAX_DATASETS];
	struct map_info		 info;
	void			*stage_worker[MAX_STAGES];
	const cJSON		*bad_time;	/* first unreadable time value */
	struct tok		*tok;		/* the line's strings and numbers */
	size_t			 ntok;
	size_t			 tokcap;
	int			 has_origin;	/* map_set_origin, this record */
	const char		*origin_path;
	size_t			 origin_len;
	uint64_t		 origin_offset;
};

/* ---- small helpers for converters ---- */

static int
is_set(struct mapctx *m, enum slot s)
{
	return m->val[s].kind != V_NONE;
}

static void
set_str(struct mapctx *m, enum slot s, const char *p, size_t n)
{
	if (is_set(m, s) || n == 0)
		return;
	m->val[s].kind = V_STR;
	m->val[s].u.s = p;
	m->val[s].n = n;
}

static void
set_int(struct mapctx *m, enum slot s, int64_t i)
{
	if (is_set(m, s))
		return;
	m->val[s].kind = V_INT;
	m->val[s].u.i = i;
}

static void
set_raw(struct mapctx *m, enum slot s, const char *p, size_t n)
{
	if (is_set(m, s))
		return;
	m->val[s].kind = V_RAW;
	m->val[s].u.s = p;
	m->val[s].n = n;
}

static void
set_consts(struct mapctx *m, enum slot s, const char *const *c)
{
	if (is_set(m, s) || c == NULL || c[0] == NULL)
		return;
	m->val[s].kind = V_CONSTS;
	m->val[s].u.c = c;
}

static void *
scratch(struct mapctx *m, size_t n)
{
	void *p = arena_alloc(&m->arena, n);

	if (p == NULL)
		fatalx("out of memory");
	return p;
}

/* Append to a list slot unless the value is already there. */
static void
list_add(struct mapctx *m, enum slot s, const char *p, size_t n)
{
	struct val *v = &m->val[s];
	struct strlist *l;
	size_t i, cap;

	if (n == 0)
		return;
	if (v->kind != V_LIST) {
		if (v->kind != V_NONE)
			return;
		v->kind = V_LIST;
		v->u.l = l = scratch(m, sizeof(*l));
		memset(l, 0, sizeof(*l));
	}
	l = v->u.l;
	for (i = 0; i < l->count; i++)
		if (l->n[i] == n && memcmp(l->s[i], p, n) == 0)
			return;
	if (l->count == l->cap) {
		cap = l->cap ? l->cap * 2 : 8;
		const char **ns = scratch(m, cap * sizeof(*ns));
		size_t *nn = scratch(m, cap * sizeof(*nn));

		if (l->count > 0) {
			memcpy(ns, l->s, l->count * sizeof(*ns));
			memcpy(nn, l->n, l->count * sizeof(*nn));
		}
		l->s = ns;
		l->n = nn;
		l->cap = cap;
	}
	l->s[l->count] = p;
	l->n[l->count] = n;
	l->count++;
}

/* A value for the row's slot that also belongs in a related.* list (the
 * row may name the list itself). */
static void
set_related(struct mapctx *m, enum slot s, enum slot related, const char *p,
    size_t n)
{
	if (s != related)
		set_str(m, s, p, n);
	list_add(m, related, p, n);
}

/* Length of the number token at p (as cJSON accepts it). */
static size_t
num_len(const char *p)
{
	const char *q = p;

	while ((*q >= '0' && *q <= '9') || *q == '-' || *q == '+' ||
	    *q == '.' || *q == 'e' || *q == 'E')
		q++;
	return (size_t)(q - p);
}

/* The text of a string or number node; 0 for anything else. */
static int
node_text(const cJSON *v, const char **p, size_t *n)
{
	if (cJSON_IsString(v)) {
		*p = v->valuestring;
		*n = strlen(v->valuestring);
		return 1;
	}
	if (cJSON_IsNumber(v) && v->valuestring != NULL) {
		*p = v->valuestring;
		*n = num_len(v->valuestring);
		return 1;
	}
	return 0;
}

static int
is_digits(const char *p, size_t n)
{
	size_t i = 0;

	if (n > 0 && p[0] == '-')
		i = 1;
	if (i == n)
		return 0;
	for (; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	return 1;
}

/* Exact int64 from an integer token or a digits-only string. */
static int
text_int(const char *p, size_t n, int64_t *out)
{
	uint64_t v = 0, lim;
	int neg = 0;
	size_t i = 0;

	if (!is_digits(p, n))
		return 0;
	if (p[0] == '-')
		neg = 1, i = 1;
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < n; i++) {
		if (v > (lim - (uint64_t)(p[i] - '0')) / 10)
			return 0;
		v = v * 10 + (uint64_t)(p[i] - '0');
	}
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	if (neg && v == (uint64_t)INT64_MAX + 1)
		*out = INT64_MIN;
	return 1;
}

static int
node_int(const cJSON *v, int64_t *out)
{
	const char *p;
	size_t n;

	return node_text(v, &p, &n) && text_int(p, n, out);
}

static int
ieq(const char *p, size_t n, const char *lit)
{
	size_t i;

	for (i = 0; i < n && lit[i] != '\0'; i++)
		if ((p[i] | 0x20) != (lit[i] | 0x20))
			return 0;
	return i == n && lit[i] == '\0';
}

static char *
lower_copy(struct mapctx *m, const char *p, size_t n)
{
	char *q = scratch(m, n + 1);
	size_t i;

	for (i = 0; i < n; i++)
		q[i] = (p[i] >= 'A' && p[i] <= 'Z') ? (char)(p[i] | 0x20) : p[i];
	q[n] = '\0';
	return q;
}

/* Values Cloudflare uses for "nothing here". */
static int
is_none(const char *p, size_t n)
{
	return ieq(p, n, "none") || ieq(p, n, "unknown") || ieq(p, n, "unk");
}

/*
 * A valid IP address in canonical form for ECS: IPv4-mapped IPv6
 * (::ffff:a.b.c.d) is unwrapped to the IPv4 address.  Returns the text
 * to use (possibly inside p) and its length, or 0 if p is not an IP.
 */
static size_t
ip_text(const char *p, size_t n, const char **out)
{
	unsigned char addr[16];
	char tmp[64];

	if (n == 0 || n >= sizeof(tmp))
		return 0;
	memcpy(tmp, p, n);
	tmp[n] = '\0';
	if (inet_pton(AF_INET, tmp, addr) == 1) {
		*out = p;
		return n;
	}
	if (inet_pton(AF_INET6, tmp, addr) != 1)
		return 0;
	if (n > 7 && ieq(p, 7, "::ffff:") && memchr(p + 7, '.', n - 7) != NULL &&
	    inet_pton(AF_INET, tmp + 7, addr) == 1) {
		*out = p + 7;
		return n - 7;
	}
	*out = p;
	return n;
}

/* The record's value of a known field (by index), or NULL. */
static const cJSON *
field_value(struct mapctx *m, int f)
{
	if (f < 0 || m->seen_gen[f] != m->gen)
		return NULL;
	return m->mem[m->seen_mem[f]].node;
}

/* The value of another field of the same record, by name, or NULL. */
static const cJSON *
record_field(struct mapctx *m, const char *name)
{
	return field_value(m, find_name(name));
}

/* ---- converters ---- */

void
conv_str(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *p;
	size_t n;

	if (node_text(v, &p, &n))
		set_str(m, e->slot, p, n);
}

void
conv_lower(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *p;
	size_t n;

	if (node_text(v, &p, &n) && !is_set(m, e->slot))
		set_str(m, e->slot, lower_copy(m, p, n), n);
}

void
conv_long(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	int64_t i;

	if (node_int(v, &i))
		set_int(m, e->slot, i);
}

void
conv_port(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	int64_t i;

	if (node_int(v, &i) && i >= 0 && i <= 65535)
		set_int(m, e->slot, i);
}

void
conv_num(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	if (cJSON_IsNumber(v) && v->valuestring != NULL)
		set_raw(m, e->slot, v->valuestring, num_len(v->valuestring));
}

void
conv_bool(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *p;
	size_t n;

	if (cJSON_IsTrue(v) || (node_text(v, &p, &n) && ieq(p, n, "true")))
		set_raw(m, e->slot, "true", 4);
	else if (cJSON_IsFalse(v) || (node_text(v, &p, &n) && ieq(p, n, "false")))
		set_raw(m, e->slot, "false", 5);
}

void
conv_ip(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *p, *ip;
	size_t n, k;

	if (!node_text(v, &p, &n) || (k = ip_text(p, n, &ip)) == 0)
		return;
	if (e->slot == SLOT_RELATED_IP || e->slot == SLOT_DNS_RESOLVED_IP ||
	    e->slot == SLOT_OBSERVER_IP || e->slot == SLOT_HOST_IP)
		list_add(m, e->slot, ip, k);
	else
		set_str(m, e->slot, ip, k);
	list_add(m, SLOT_RELATED_IP, ip, k);
}

void
conv_ips(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const cJSON *c;

	if (!cJSON_IsArray(v)) {
		conv_ip(m, e, v);
		return;
	}
	cJSON_ArrayForEach(c, v)
		conv_ip(m, e, c);
}

void
conv_address(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *p, *ip;
	size_t n, k;

	if (!node_text(v, &p, &n))
		return;
	if ((k = ip_text(p, n, &ip)) != 0)
		set_str(m, e->slot, ip, k);
	else
		set_str(m, e->slot, p, n);
}

static int	is_empty(const cJSON *);

/* Cloudflare's "no time": null, "", 0, and the zero times of Go and Unix. */
static int
time_unset(const cJSON *v)
{
	const char *p;
	size_t n;

	if (is_empty(v))
		return 1;
	if (!node_text(v, &p, &n))
		return 0;
	return (n == 1 && p[0] == '0') || (n == 20 &&
	    (memcmp(p, "0001-01-01T00:00:00Z", 20) == 0 ||
	    memcmp(p, "1970-01-01T00:00:00Z", 20) == 0));
}

static void
set_time(struct mapctx *m, enum slot s, const cJSON *v, enum time_format f)
{
	int64_t ns;
	int r;

	if (is_set(m, s))
		return;
	if (cJSON_IsNumber(v) && v->valuestring != NULL) {
		r = timefmt_from_digits(v->valuestring, num_len(v->valuestring),
		    f, &ns);
		if (r < 0)	/* 1708213921.5 */
			r = timefmt_from_number(v->valuestring,
			    num_len(v->valuestring), f, &ns);
	} else if (cJSON_IsString(v))
		r = timefmt_from_string(v->valuestring, strlen(v->valuestring),
		    f, &ns);
	else
		r = -1;
	if (r == 0) {
		m->val[s].kind = V_TIME;
		m->val[s].u.i = ns;
	} else if (m->bad_time == NULL && !time_unset(v))
		m->bad_time = v;	/* marked in the event: mark_time */
}

void
conv_time(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	set_time(m, e->slot, v, known.opts.time_format);
}

/*
 * Fields whose integers have a fixed unit whatever --time-format says
 * (EventTimestampMs, timestampStartNanos); strings are read as usual.
 */
static void
set_fixed_time(struct mapctx *m, enum slot s, const cJSON *v,
    enum time_format unit)
{
	set_time(m, s, v, cJSON_IsNumber(v) ? unit : known.opts.time_format);
}

void
conv_time_ms(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	set_fixed_time(m, e->slot, v, TIME_UNIXMS);
}

void
conv_time_ns(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	set_fixed_time(m, e->slot, v, TIME_UNIXNANO);
}

void
conv_host(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *p;
	size_t n;

	if (node_text(v, &p, &n))
		set_related(m, e->slot, SLOT_RELATED_HOSTS, p, n);
}

/* DNS names lose the root's trailing dot(s). */
void
conv_dns_name(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *p;
	size_t n;

	if (!node_text(v, &p, &n))
		return;
	while (n > 1 && p[n - 1] == '.')
		n--;
	set_related(m, e->slot, SLOT_RELATED_HOSTS, p, n);
}

void
conv_country_iso(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *p;
	char *q;
	size_t i, n;

	/* Only assigned ISO 3166-1 codes: Cloudflare's "T1" (Tor) and "XX"
	 * (unknown) stay in cloudflare.* alone. */
	if (!node_text(v, &p, &n) || n != 2 || is_set(m, e->slot) ||
	    code_country_name(p, n) == NULL)
		return;
	q = scratch(m, 3);
	for (i = 0; i < 2; i++)
		q[i] = (p[i] >= 'a' && p[i] <= 'z') ? (char)(p[i] - 32) : p[i];
	q[2] = '\0';
	set_str(m, e->slot, q, 2);
}

/* The seven continent codes of GeoNames and MaxMind, upper-cased. */
void
conv_continent(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	static const char *const codes[] = {
		"AF", "AN", "AS", "EU", "NA", "OC", "SA"
	};
	const char *p;
	size_t i, n;

	if (!node_text(v, &p, &n) || n != 2 || is_set(m, e->slot))
		return;
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (ieq(p, n, codes[i])) {
			set_str(m, e->slot, codes[i], 2);
			return;
		}
}

void
conv_country_name(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *p, *name;
	size_t n;

	if (node_text(v, &p, &n) && (name = code_country_name(p, n)) != NULL)
		set_str(m, e->slot, name, strlen(name));
}

/* Cloudflare region codes are the ISO 3166-2 part after the country. */
void
conv_region(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const cJSON *c = record_field(m, "ClientCountry");
	const char *p, *cp;
	size_t n, cn;
	char *q;

	if (!node_text(v, &p, &n) || c == NULL || !node_text(c, &cp, &cn) ||
	    cn != 2 || code_country_name(cp, cn) == NULL ||
	    is_set(m, e->slot) || n > 8)
		return;
	q = scratch(m, n + 4);
	q[0] = (char)(cp[0] & ~0x20);
	q[1] = (char)(cp[1] & ~0x20);
	q[2] = '-';
	memcpy(q + 3, p, n);
	set_str(m, e->slot, q, n + 3);
}

/* "HTTP/1.1" -> "1.1" */
void
conv_http_version(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *p;
	size_t n;

	if (node_text(v, &p, &n) && n > 5 && ieq(p, 5, "http/"))
		set_str(m, e->slot, p + 5, n - 5);
}

/* "HTTP/2" -> "http"; ECS wants network.protocol in lower case. */
void
conv_net_protocol(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *p, *slash;
	size_t n;

	if (!node_text(v, &p, &n) || is_none(p, n) || is_set(m, e->slot))
		return;
	if ((slash = memchr(p, '/', n)) != NULL)
		n = (size_t)(slash - p);
	if (n > 0)
		set_str(m, e->slot, lower_copy(m, p, n), n);
}

void
conv_lower_transport(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *p;
	size_t n;

	if (node_text(v, &p, &n) && !is_none(p, n) && !is_set(m, e->slot))
		set_str(m, e->slot, lower_copy(m, p, n), n);
}

/* "TLSv1.3" -> "1.3" and "tls"; "SSLv3" -> "3" and "ssl". */
static int
tls_split(const cJSON *v, const char **ver, size_t *vn)
{
	const char *p;
	size_t n;

	if (!node_text(v, &p, &n) || n < 5 || is_none(p, n))
		return 0;
	if (!ieq(p, 4, "tlsv") && !ieq(p, 4, "sslv"))
		return 0;
	*ver = p + 4;
	*vn = n - 4;
	return 1;
}

void
conv_tls_version(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *ver;
	size_t n;

	if (tls_split(v, &ver, &n))
		set_str(m, e->slot, ver, n);
}

void
conv_tls_protocol(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *ver, *p;
	size_t n;

	if (tls_split(v, &ver, &n) && node_text(v, &p, &n))
		set_str(m, e->slot, (p[0] | 0x20) == 't' ? "tls" : "ssl", 3);
}

void
conv_tls_cipher(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *p;
	size_t n;

	if (node_text(v, &p, &n) && !is_none(p, n))
		set_str(m, e->slot, p, n);
}

/*
 * Actions of every Cloudflare product, folded to lower case without '_',
 * and what they mean for event.type and event.outcome.
 */
static const char type_allowed[] = "allowed";
static const char type_denied[] = "denied";

static const struct {
	const char	*action;
	const char	*type;
	const char	*outcome;
} actions[] = {
	{ "allow",				type_allowed, "success" },
	{ "allowed",				type_allowed, "success" },
	{ "allowedonnorulematch",		type_allowed, "success" },
	{ "bypass",				type_allowed, "success" },
	{ "challengebypassed",			type_allowed, "success" },
	{ "challengesolved",			type_allowed, "success" },
	{ "isolate",				type_allowed, "success" },
	{ "jschallengebypassed",		type_allowed, "success" },
	{ "jschallengesolved",			type_allowed, "success" },
	{ "managedchallengebypassed",		type_allowed, "success" },
	{ "managedchallengeinteractivesolved",	type_allowed, "success" },
	{ "managedchallengenoninteractivesolved", type_allowed, "success" },
	{ "managedchallengeskipped",		type_allowed, "success" },
	{ "noisolate",				type_allowed, "success" },
	{ "noscan",				type_allowed, "success" },
	{ "pass",				type_allowed, "success" },
	{ "passed",				type_allowed, "success" },
	{ "skip",				type_allowed, "success" },
	{ "block",				type_denied, "failure" },
	{ "blocked",				type_denied, "failure" },
	{ "challengedropped",			type_denied, "failure" },
	{ "challengefailed",			type_denied, "failure" },
	{ "connectionclose",			type_denied, "failure" },
	{ "deny",				type_denied, "failure" },
	{ "denied",				type_denied, "failure" },
	{ "drop",				type_denied, "failure" },
	{ "dropped",				type_denied, "failure" },
	{ "forceconnectionclose",		type_denied, "failure" },
	{ "jschallengefailed",			type_denied, "failure" },
	{ "managedchallengefailed",		type_denied, "failure" },
	{ "reject",				type_denied, "failure" },
	{ "rejected",				type_denied, "failure" },
};

void
conv_action(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *p;
	char key[48];
	size_t n, i, k = 0;

	if (!node_text(v, &p, &n) || is_none(p, n) || is_set(m, e->slot))
		return;
	set_str(m, e->slot, p, n);
	for (i = 0; i < n && k < sizeof(key) - 1; i++)
		if (p[i] != '_' && p[i] != '-' && p[i] != ' ')
			key[k++] = (char)((p[i] >= 'A' && p[i] <= 'Z') ?
			    p[i] | 0x20 : p[i]);
	key[k] = '\0';
	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (strcmp(actions[i].action, key) == 0) {
			list_add(m, SLOT_EVENT_TYPE, actions[i].type,
			    strlen(actions[i].type));
			set_str(m, SLOT_EVENT_OUTCOME, actions[i].outcome,
			    strlen(actions[i].outcome));
			return;
		}
	list_add(m, SLOT_EVENT_TYPE, "info", 4);
	set_str(m, SLOT_EVENT_OUTCOME, "unknown", 7);
}

/* A boolean result: true -> success, false -> failure. */
void
conv_outcome_bool(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *p;
	size_t n;

	if (cJSON_IsTrue(v) || (node_text(v, &p, &n) &&
	    (ieq(p, n, "true") || ieq(p, n, "success"))))
		set_str(m, e->slot, "success", 7);
	else if (cJSON_IsFalse(v) || (node_text(v, &p, &n) &&
	    (ieq(p, n, "false") || ieq(p, n, "failure"))))
		set_str(m, e->slot, "failure", 7);
}

/* The path of a request URI: everything before '?'. */
void
conv_url_path(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *p, *q;
	size_t n;

	if (!node_text(v, &p, &n))
		return;
	if ((q = memchr(p, '?', n)) != NULL)
		n = (size_t)(q - p);
	set_str(m, e->slot, p, n);
}

/* The query of a request URI (after '?'), or a query field itself. */
void
conv_url_query(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *p, *q;
	size_t n;

	if (!node_text(v, &p, &n))
		return;
	if ((q = memchr(p, '?', n)) != NULL) {
		n -= (size_t)(q + 1 - p);
		p = q + 1;
	} else if (p[0] == '/')
		return;		/* a URI without a query */
	set_str(m, e->slot, p, n);
}

/*
 * A whole URL: url.original and url.full as given, and the parts that
 * are not set yet.  Only absolute URLs (scheme://) are split.
 */
void
conv_url(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *p, *s, *host, *end, *colon, *path, *q;
	size_t n, hn;
	int64_t port;

	if (!node_text(v, &p, &n))
		return;
	set_str(m, e->slot, p, n);
	end = p + n;
	if ((s = memchr(p, ':', n)) == NULL || end - s < 3 || s[1] != '/' ||
	    s[2] != '/' || s == p)
		return;
	set_str(m, SLOT_URL_FULL, p, n);
	set_str(m, SLOT_URL_SCHEME, lower_copy(m, p, (size_t)(s - p)),
	    (size_t)(s - p));
	host = s + 3;
	for (path = host; path < end && *path != '/' && *path != '?' &&
	    *path != '#'; path++)
		;
	if ((s = memchr(host, '@', (size_t)(path - host))) != NULL)
		host = s + 1;
	hn = (size_t)(path - host);
	colon = NULL;
	if (hn > 0 && host[0] == '[') {
		if ((s = memchr(host, ']', hn)) != NULL) {
			if (s + 1 < path && s[1] == ':')
				colon = s + 1;
			set_str(m, SLOT_URL_DOMAIN, host + 1, (size_t)(s - host - 1));
		}
	} else {
		colon = memchr(host, ':', hn);
		set_str(m, SLOT_URL_DOMAIN, host,
		    colon != NULL ? (size_t)(colon - host) : hn);
	}
	if (colon != NULL && text_int(colon + 1, (size_t)(path - colon - 1), &port))
		set_int(m, SLOT_URL_PORT, port);
	if (m->val[SLOT_URL_DOMAIN].kind == V_STR)
		list_add(m, SLOT_RELATED_HOSTS, m->val[SLOT_URL_DOMAIN].u.s,
		    m->val[SLOT_URL_DOMAIN].n);
	if (path == end)
		return;
	q = memchr(path, '?', (size_t)(end - path));
	s = memchr(path, '#', (size_t)(end - path));
	if (q != NULL && s != NULL && s < q)
		q = NULL;
	if (s == NULL)
		s = end;
	if (*path == '/')
		set_str(m, SLOT_URL_PATH, path, (size_t)((q != NULL ? q : s) - path));
	if (q != NULL && s > q + 1)
		set_str(m, SLOT_URL_QUERY, q + 1, (size_t)(s - q - 1));
}

/* An array of strings (or one string) into a list slot. */
void
conv_strs(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const cJSON *c;
	const char *p;
	size_t n;

	if (!cJSON_IsArray(v)) {
		if (node_text(v, &p, &n))
			list_add(m, e->slot, p, n);
		return;
	}
	cJSON_ArrayForEach(c, v)
		if (node_text(c, &p, &n))
			list_add(m, e->slot, p, n);
}

void
conv_hash(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *p;
	size_t n;

	if (node_text(v, &p, &n) && !is_none(p, n))
		set_related(m, e->slot, SLOT_RELATED_HASH, p, n);
}

void
conv_user(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *p;
	size_t n;

	if (node_text(v, &p, &n))
		set_related(m, e->slot, SLOT_RELATED_USER, p, n);
}

/* One "key":"value" of an attachment, if the element has the field. */
static int
attachment_member(struct wbuf *b, const cJSON *o, const char *field,
    const char *key, int first)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, field);
	const char *p;
	size_t n;

	if (v == NULL || !node_text(v, &p, &n) || n == 0)
		return first;
	if (!first)
		wb_char(b, ',');
	wb_char(b, '"');
	wb_raw(b, key, strlen(key));
	wb_lit(b, "\":");
	wb_str(b, p, n);
	return 0;
}

/*
 * E-mail attachments (an array of objects with Name, ContentType*, Md5,
 * Sha1, Sha256, Ssdeep) -> ECS email.attachments, an array of objects
 * with file.name, file.mime_type and file.hash.*; hashes also go to
 * related.hash.  The array is written here, as JSON text, because the
 * output slots hold single values and lists of strings.
 */
void
conv_attachments(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	static const char *const hash[][2] = {
		{ "Md5", "md5" }, { "Sha1", "sha1" }, { "Sha256", "sha256" },
		{ "Ssdeep", "ssdeep" }
	};
	struct wbuf b;
	const cJSON *o, *h;
	const char *p;
	char *copy;
	size_t i, n;
	int first, any = 0, hfirst;

	if (!cJSON_IsArray(v) || is_set(m, e->slot))
		return;
	wb_init(&b, 256);
	wb_char(&b, '[');
	cJSON_ArrayForEach(o, v) {
		if (!cJSON_IsObject(o))
			continue;
		wb_raw(&b, any ? ",{\"file\":{" : "{\"file\":{", any ? 10 : 9);
		any = 1;
		first = attachment_member(&b, o, "Name", "name", 1);
		first = attachment_member(&b, o,
		    cJSON_GetObjectItemCaseSensitive(o, "ContentTypeComputed") ?
		    "ContentTypeComputed" : "ContentTypeProvided", "mime_type",
		    first);
		hfirst = 1;
		for (i = 0; i < sizeof(hash) / sizeof(hash[0]); i++) {
			h = cJSON_GetObjectItemCaseSensitive(o, hash[i][0]);
			if (h == NULL || !node_text(h, &p, &n) || n == 0)
				continue;
			if (hfirst)
				wb_raw(&b, first ? "\"hash\":{" : ",\"hash\":{",
				    first ? 8 : 9);
			hfirst = attachment_member(&b, o, hash[i][0], hash[i][1],
			    hfirst);
			first = 0;
			list_add(m, SLOT_RELATED_HASH, p, n);
		}
		if (!hfirst)
			wb_char(&b, '}');
		wb_lit(&b, "}}");
	}
	wb_char(&b, ']');
	if (any) {
		copy = scratch(m, b.len);
		memcpy(copy, b.p, b.len);
		m->val[e->slot].kind = V_JSON;
		m->val[e->slot].u.s = copy;
		m->val[e->slot].n = b.len;
	}
	wb_free(&b);
}

typedef const char *code_fn(unsigned long);

static void
set_code(struct mapctx *m, enum slot s, const cJSON *v, code_fn *fn)
{
	const char *p, *name;
	int64_t i;
	size_t n;

	if (node_int(v, &i)) {
		if (i >= 0 && (name = fn((unsigned long)i)) != NULL)
			set_str(m, s, name, strlen(name));
	} else if (node_text(v, &p, &n))
		set_str(m, s, p, n);	/* already a name */
}

void
conv_dns_type(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	set_code(m, e->slot, v, code_dns_type);
}

void
conv_dns_rcode(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	set_code(m, e->slot, v, code_dns_rcode);
}

/*
 * rule.ruleset from parallel arrays: the source at the index where the
 * rule IDs array holds rule.id (SecuritySources/SecurityRuleIDs, and the
 * legacy FirewallMatchesSources/FirewallMatchesRuleIDs); a single source
 * when there is only one.
 */
void
conv_ruleset(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const struct val *id = &m->val[SLOT_RULE_ID];
	char ids_name[64];
	const cJSON *ids, *c, *src;
	const char *p, *s;
	size_t n, len = strlen(e->field);
	int i = 0;

	if (!cJSON_IsArray(v)) {
		conv_str(m, e, v);
		return;
	}
	src = NULL;
	if (cJSON_GetArraySize(v) == 1)
		src = v->child;
	else if (id->kind == V_STR && len > 7 && len < 40 &&
	    strcmp(e->field + len - 7, "Sources") == 0) {
		snprintf(ids_name, sizeof(ids_name), "%.*sRuleIDs",
		    (int)(len - 7), e->field);
		if ((ids = record_field(m, ids_name)) != NULL) {
			cJSON_ArrayForEach(c, ids) {
				if (node_text(c, &p, &n) && n == id->n &&
				    memcmp(p, id->u.s, n) == 0) {
					src = cJSON_GetArrayItem(v, i);
					break;
				}
				i++;
			}
		}
	}
	if (src != NULL && node_text(src, &s, &n))
		set_str(m, e->slot, s, n);
}

/* An integer where Cloudflare writes 0 for "not applicable" (AS 0, port 0). */
void
conv_long_pos(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	int64_t i;

	if (node_int(v, &i) && i > 0)
		set_int(m, e->slot, i);
}

/* A string, unless it is Cloudflare's "none"/"unknown" placeholder. */
void
conv_known(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *p;
	size_t n;

	if (node_text(v, &p, &n) && !is_none(p, n))
		set_str(m, e->slot, p, n);
}

/* A duration in milliseconds (WallTimeMs) -> nanoseconds, as ECS wants. */
void
conv_duration_ms(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	int64_t i;

	if (node_int(v, &i) && i >= 0 && i <= INT64_MAX / 1000000)
		set_int(m, e->slot, i * 1000000);
}

/* A host name that may carry a path (Access AppDomain "host/cdn-cgi/..."). */
void
conv_hostpart(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *p, *s;
	size_t n;

	if (!node_text(v, &p, &n))
		return;
	if ((s = memchr(p, '/', n)) != NULL)
		n = (size_t)(s - p);
	if (n > 0)
		set_related(m, e->slot, SLOT_RELATED_HOSTS, p, n);
}

/*
 * An endpoint written "host:port", "[ipv6]:port" or as a bare host (SSH
 * ClientAddress): the host and the port text (pn 0 if none).  A bare
 * IPv6 address has more than one ':' and no port.
 */
static int
hostport_split(const cJSON *v, const char **h, size_t *hn, const char **port,
    size_t *pn)
{
	const char *p, *end, *s;
	size_t n;

	if (!node_text(v, &p, &n) || n == 0)
		return 0;
	end = p + n;
	*port = end;
	*pn = 0;
	if (p[0] == '[') {
		if ((s = memchr(p, ']', n)) == NULL)
			return 0;
		*h = p + 1;
		*hn = (size_t)(s - p - 1);
		if (s + 1 < end && s[1] == ':') {
			*port = s + 2;
			*pn = (size_t)(end - s - 2);
		}
	} else if ((s = memchr(p, ':', n)) != NULL &&
	    memchr(s + 1, ':', (size_t)(end - s - 1)) == NULL) {
		*h = p;
		*hn = (size_t)(s - p);
		*port = s + 1;
		*pn = (size_t)(end - s - 1);
	} else {
		*h = p;
		*hn = n;
	}
	return *hn > 0;
}

/* The IP of a "host:port" endpoint, when the host is one (SSH logs). */
void
conv_hostport_ip(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *h, *port, *ip;
	size_t hn, pn, k;

	if (!hostport_split(v, &h, &hn, &port, &pn) ||
	    (k = ip_text(h, hn, &ip)) == 0)
		return;
	set_str(m, e->slot, ip, k);
	list_add(m, SLOT_RELATED_IP, ip, k);
}

/* The host of a "host:port" endpoint, for *.address. */
void
conv_hostport_address(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *h, *port, *ip;
	size_t hn, pn, k;

	if (!hostport_split(v, &h, &hn, &port, &pn))
		return;
	if ((k = ip_text(h, hn, &ip)) != 0)
		set_str(m, e->slot, ip, k);
	else
		set_str(m, e->slot, h, hn);
}

/* The port of a "host:port" endpoint. */
void
conv_hostport_port(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *h, *port;
	size_t hn, pn;
	int64_t i;

	if (hostport_split(v, &h, &hn, &port, &pn) && text_int(port, pn, &i) &&
	    i >= 0 && i <= 65535)
		set_int(m, e->slot, i);
}

/* IANA protocol numbers and the keywords ECS wants in network.transport. */
static const struct {
	int64_t		 number;
	const char	*name;
} transports[] = {
	{ 1, "icmp" }, { 2, "igmp" }, { 4, "ipv4" }, { 6, "tcp" },
	{ 17, "udp" }, { 41, "ipv6" }, { 47, "gre" }, { 50, "esp" },
	{ 51, "ah" }, { 58, "ipv6-icmp" }, { 132, "sctp" },
};

/*
 * network.transport from an IANA protocol number (6) or name ("TCP");
 * "ICMPv6" becomes the IANA keyword "ipv6-icmp", "quic" its transport
 * "udp"; "any" is no transport.
 */
void
conv_transport(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *p;
	int64_t num;
	size_t n, i;

	if (node_int(v, &num)) {
		for (i = 0; i < sizeof(transports) / sizeof(transports[0]); i++)
			if (transports[i].number == num)
				set_str(m, e->slot, transports[i].name,
				    strlen(transports[i].name));
		return;
	}
	if (!node_text(v, &p, &n) || is_none(p, n) || ieq(p, n, "any") ||
	    is_set(m, e->slot))
		return;
	if (ieq(p, n, "icmpv6"))
		set_str(m, e->slot, "ipv6-icmp", 9);
	else if (ieq(p, n, "quic"))
		set_str(m, e->slot, "udp", 3);	/* QUIC runs over UDP */
	else
		set_str(m, e->slot, lower_copy(m, p, n), n);
}

/* Leading words of allow/block decisions the actions table does not list. */
static const struct {
	const char	*prefix;
	const char	*type;
	const char	*outcome;
} verdicts[] = {
	{ "allow",	"allowed",	"success" },
	{ "pass",	"allowed",	"success" },
	{ "whitelist",	"allowed",	"success" },
	{ "block",	"denied",	"failure" },
	{ "deny",	"denied",	"failure" },
	{ "drop",	"denied",	"failure" },
	{ "reject",	"denied",	"failure" },
};

/*
 * An allow/block decision that is not the event's action (Gateway DNS
 * ResolverDecision "blockedByCategory", Spectrum "BLOCK_COUNTRY"): fills
 * event.outcome (the row's slot) and adds allowed/denied to event.type,
 * from the actions table, else from the decision's leading word.
 */
void
conv_verdict(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *p, *type = "info", *outcome = "unknown";
	char key[48];
	size_t n, i, k = 0;

	if (!node_text(v, &p, &n) || is_none(p, n))
		return;
	for (i = 0; i < n && k < sizeof(key) - 1; i++)
		if (p[i] != '_' && p[i] != '-' && p[i] != ' ')
			key[k++] = (char)((p[i] >= 'A' && p[i] <= 'Z') ?
			    p[i] | 0x20 : p[i]);
	key[k] = '\0';
	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (strcmp(actions[i].action, key) == 0) {
			type = actions[i].type;
			outcome = actions[i].outcome;
			break;
		}
	if (i == sizeof(actions) / sizeof(actions[0]))
		for (i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++)
			if (strncmp(key, verdicts[i].prefix,
			    strlen(verdicts[i].prefix)) == 0) {
				type = verdicts[i].type;
				outcome = verdicts[i].outcome;
				break;
			}
	list_add(m, SLOT_EVENT_TYPE, type, strlen(type));
	set_str(m, e->slot, outcome, strlen(outcome));
}

/* Verbs of action and event names, and the event.type each one means. */
static const struct {
	const char	*verb;
	const char	*type;
} verbs[] = {
	{ "add", "creation" },		{ "added", "creation" },
	{ "create", "creation" },	{ "created", "creation" },
	{ "delete", "deletion" },	{ "deleted", "deletion" },
	{ "remove", "deletion" },	{ "removed", "deletion" },
	{ "change", "change" },		{ "changed", "change" },
	{ "edit", "change" },		{ "modify", "change" },
	{ "move", "change" },		{ "rename", "change" },
	{ "set", "change" },		{ "update", "change" },
	{ "updated", "change" },
	{ "connect", "start" },		{ "connected", "start" },
	{ "login", "start" },		{ "logon", "start" },
	{ "signin", "start" },		{ "start", "start" },
	{ "started", "start" },
	{ "close", "end" },		{ "closed", "end" },
	{ "disconnect", "end" },	{ "disconnected", "end" },
	{ "end", "end" },		{ "ended", "end" },
	{ "logoff", "end" },		{ "logout", "end" },
	{ "signout", "end" },
};

static const char *
verb_type(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (ieq(p, n, verbs[i].verb))
			return verbs[i].type;
	return NULL;
}

static int
is_alnum(char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/*
 * The event.type the verb of an action or event name means: the whole
 * name, else its last, else its first word ("rec_set", "gateway_create",
 * "update" -> change, creation, change; "login" -> start), or NULL.
 */
static const char *
name_type(const cJSON *v)
{
	const char *p, *t;
	size_t n, k;

	if (!node_text(v, &p, &n))
		return NULL;
	if ((t = verb_type(p, n)) == NULL) {
		for (k = n; k > 0 && is_alnum(p[k - 1]); k--)
			;
		if (k > 0)
			t = verb_type(p + k, n - k);
	}
	if (t == NULL) {
		for (k = 0; k < n && is_alnum(p[k]); k++)
			;
		if (k < n)
			t = verb_type(p, k);
	}
	return t;
}

/* event.type (the row's list slot) from a verb: adds nothing if unknown. */
void
conv_type_verb(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *t;

	if ((t = name_type(v)) != NULL)
		list_add(m, e->slot, t, strlen(t));
}

/*
 * The same for configuration changes: only creation, change and
 * deletion ("login" in an audit log is no start of a change).
 */
void
conv_type_change(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *t;

	if ((t = name_type(v)) != NULL && strcmp(t, "start") != 0 &&
	    strcmp(t, "end") != 0)
		list_add(m, e->slot, t, strlen(t));
}

static int
iprefix(const char *p, size_t n, const char *lit)
{
	size_t k = strlen(lit);

	return n >= k && ieq(p, k, lit);
}

/*
 * event.outcome from a result word (AuthenticationStatus "success",
 * "failureUserNotFound"; Workers Outcome "ok", "exception") or a
 * boolean; other words ("pendingMfa", "canceled") are unknown.
 */
void
conv_outcome_word(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *p;
	size_t n;

	if (cJSON_IsTrue(v))
		set_str(m, e->slot, "success", 7);
	else if (cJSON_IsFalse(v))
		set_str(m, e->slot, "failure", 7);
	else if (!node_text(v, &p, &n))
		return;
	else if (ieq(p, n, "ok") || ieq(p, n, "true") ||
	    iprefix(p, n, "succe") || iprefix(p, n, "pass"))
		set_str(m, e->slot, "success", 7);
	else if (ieq(p, n, "false") || iprefix(p, n, "fail") ||
	    iprefix(p, n, "error") || iprefix(p, n, "exception"))
		set_str(m, e->slot, "failure", 7);
	else
		set_str(m, e->slot, "unknown", 7);
}

/*
 * An operating system as Cloudflare names it (WARP's ClientPlatform,
 * device posture's DeviceType: "windows", "mac", "linux", "ios",
 * "android", "chromeos") -> host.os.name, host.os.type (one of ECS's
 * allowed values) and host.os.family as Elastic Agent reports it on such
 * a host; none where it is not known (a Linux host's distribution).
 */
static const struct os_kind {
	const char	*word[4];	/* as written, any case */
	const char	*name, *type, *family;
} os_kinds[] = {
	{ { "windows", "win", "win32", NULL },	"Windows", "windows", "windows" },
	{ { "mac", "macos", "darwin", "osx" },	"macOS", "macos", "darwin" },
	{ { "linux", NULL, NULL, NULL },	"Linux", "linux", NULL },
	{ { "ios", "ipados", NULL, NULL },	"iOS", "ios", NULL },
	{ { "android", NULL, NULL, NULL },	"Android", "android", NULL },
	{ { "chromeos", "chrome os", NULL, NULL }, "ChromeOS", NULL, NULL },
};

static const struct os_kind *
os_kind(const cJSON *v)
{
	const char *p;
	size_t n, i, k;

	if (!node_text(v, &p, &n))
		return NULL;
	for (i = 0; i < sizeof(os_kinds) / sizeof(os_kinds[0]); i++)
		for (k = 0; k < 4 && os_kinds[i].word[k] != NULL; k++)
			if (ieq(p, n, os_kinds[i].word[k]))
				return &os_kinds[i];
	return NULL;
}

static void
set_const(struct mapctx *m, enum slot s, const char *c)
{
	if (c != NULL)
		set_str(m, s, c, strlen(c));
}

/* host.os.name, .type or .family, whichever the row's slot is. */
void
conv_os(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const struct os_kind *k = os_kind(v);

	if (k == NULL)
		return;
	set_const(m, e->slot, e->slot == SLOT_HOST_OS_NAME ? k->name :
	    e->slot == SLOT_HOST_OS_TYPE ? k->type : k->family);
}

/* DNS QueryTCP: true -> "tcp", false -> "udp" (network.transport). */
void
conv_tcp_bool(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *p;
	size_t n;

	if (cJSON_IsTrue(v) || (node_text(v, &p, &n) && ieq(p, n, "true")))
		set_str(m, e->slot, "tcp", 3);
	else if (cJSON_IsFalse(v) || (node_text(v, &p, &n) &&
	    ieq(p, n, "false")))
		set_str(m, e->slot, "udp", 3);
}

/*
 * A severity word -> event.severity, a number in ECS: Elastic Security's
 * risk scores for its severity levels (low 21, medium 47, high 73,
 * critical 99); informational 0.  Other words leave it unset.
 */
void
conv_severity_word(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	static const struct { const char *word; int score; } sev[] = {
		{ "info", 0 }, { "informational", 0 }, { "low", 21 },
		{ "medium", 47 }, { "moderate", 47 }, { "high", 73 },
		{ "critical", 99 },
	};
	const char *p;
	size_t n, i;

	if (!node_text(v, &p, &n))
		return;
	for (i = 0; i < sizeof(sev) / sizeof(sev[0]); i++)
		if (ieq(p, n, sev[i].word)) {
			set_int(m, e->slot, sev[i].score);
			return;
		}
}

/*
 * A state code of a DEX address ("ISPIPv4StateISO": "OR") with the
 * country of the same address ("ISPIPv4CountryISO": "US") -> ISO 3166-2
 * "US-OR", as ClientRegionCode becomes.
 */
void
conv_state_iso(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	static const char state[] = "StateISO", country[] = "CountryISO";
	const size_t sl = sizeof(state) - 1, cl = sizeof(country) - 1;
	size_t fl = strlen(e->field), n, cn, i;
	const char *p, *cp;
	char name[80], *q;

	if (is_set(m, e->slot) || fl < sl || fl - sl + cl >= sizeof(name) ||
	    strcmp(e->field + fl - sl, state) != 0 || !node_text(v, &p, &n) ||
	    n == 0 || n > 3)
		return;
	memcpy(name, e->field, fl - sl);
	memcpy(name + fl - sl, country, cl + 1);
	if (!node_text(record_field(m, name), &cp, &cn) || cn != 2)
		return;
	q = scratch(m, n + 3);
	q[0] = (char)(cp[0] & ~0x20);
	q[1] = (char)(cp[1] & ~0x20);
	q[2] = '-';
	for (i = 0; i < n; i++)
		q[3 + i] = (p[i] >= 'a' && p[i] <= 'z') ? (char)(p[i] - 32) : p[i];
	set_str(m, e->slot, q, n + 3);
}

/* A plain decimal, -?D+(.D+)?, within +-limit: the text of a coordinate. */
static int
coordinate(const cJSON *v, double limit, const char **p, size_t *n)
{
	size_t i = 0, digits = 0;
	char buf[32];
	double d;

	if (!node_text(v, p, n) || *n == 0 || *n >= sizeof(buf))
		return 0;
	if ((*p)[0] == '-')
		i++;
	for (; i < *n && (*p)[i] >= '0' && (*p)[i] <= '9'; i++)
		digits++;
	/* Written into the event as it is: it must be a JSON number. */
	if (digits == 0 || (digits > 1 && (*p)[i - digits] == '0'))
		return 0;
	if (i < *n && (*p)[i] == '.') {
		for (i++, digits = 0; i < *n && (*p)[i] >= '0' && (*p)[i] <= '9'; i++)
			digits++;
		if (digits == 0)
			return 0;
	}
	if (i != *n)
		return 0;
	memcpy(buf, *p, *n);
	buf[*n] = '\0';
	d = strtod(buf, NULL);
	return d >= -limit && d <= limit;
}

/*
 * ClientLatitude (this row) and ClientLongitude -> a geo_point
 * {"lat":..,"lon":..}, the numbers as the record writes them.
 */
void
conv_geo_location(struct mapctx *m, const struct fmap *e, const cJSON *v)
{
	const char *la, *lo;
	size_t lan, lon;
	char *q;

	if (is_set(m, e->slot) || !coordinate(v, 90, &la, &lan) ||
	    !coordinate(record_field(m, "ClientLongitude"), 180, &lo, &lon))
		return;
	q = scratch(m, lan + lon + 16);
	memcpy(q, "{\"lat\":", 7);
	memcpy(q + 7, la, lan);
	memcpy(q + 7 + lan, ",\"lon\":", 7);
	memcpy(q + 14 + lan, lo, lon);
	q[14 + lan + lon] = '}';
	m->val[e->slot].kind = V_JSON;
	m->val[e->slot].u.s = q;
	m->val[e->slot].n = lan + lon + 15;
}

/* ---- parsing with exact numbers ---- */

/*
 * Tokens of the line that the tree's nodes take their text from, in
 * document order: every string (key or value), number and null.
 */
enum { TOK_NUM, TOK_STR, TOK_ESC, TOK_NULL };	/* TOK_ESC: with escapes */

struct tok {
	const char	*p;		/* a number's token; a string's text */
	size_t		 len;		/* a string's text */
	unsigned char	 kind;
	unsigned char	 high;		/* bytes >= 0x80 in the string */
	unsigned char	 plain;		/* printable ASCII: written as it is */
};

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

static int	is_json_number(const char *, size_t);

static inline struct tok *
add_tok(struct mapctx *m, const char *p, int kind)
{
	struct tok *t;

	if (m->ntok == m->tokcap) {
		m->tokcap = m->tokcap ? m->tokcap * 2 : 256;
		m->tok = xrealloc(m->tok, m->tokcap * sizeof(*m->tok));
	}
	t = &m->tok[m->ntok++];
	t->p = p;
	t->kind = (unsigned char)kind;
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

/*
 * Before parsing: note the line's tokens, and give cJSON a lighter copy
 * to parse.  cJSON would copy every string byte by byte and convert every
 * number with strtod (slowly for 19-digit timestamps, and the double is
 * never used: numbers are read from their tokens).  In the copy a key
 * without escapes is "", and a value string without escapes or a
 * strictly valid number is null; prepare_tree then gives each node its
 * type and text back from the tokens (strings from a second copy of the
 * line, NUL-terminated where their closing quote was).  Any string
 * without escapes and any strict number is valid where it stands, so
 * cJSON accepts the same lines; what is left as it was (strings with
 * escapes, tokens that are not strict JSON) it judges and decodes
 * itself.  *clen gets the copy's length; the text after the last token
 * is the line's.
 */
static const char *
scan_line(struct mapctx *m, const char *line, size_t len, char **vals,
    size_t *clen)
{
	const unsigned char *u = (const unsigned char *)line, *s;
	const unsigned char *e = u + len;
	char *copy = scratch(m, len + 1), *o = copy;
	struct tok *t;
	size_t n, at;
	int esc, high, ctl;

	m->ntok = 0;
	*vals = scratch(m, len + 1);
	memcpy(*vals, line, len);
	while (u < e) {
		if (*u == '"') {
			s = u++;
			esc = high = ctl = 0;
			for (;;) {
				u = quote_or_high(u, e);
				if (u >= e || *u == '"')
					break;
				if (*u == '\\') {
					esc = 1;
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
			at = (size_t)(s - (const unsigned char *)line);
			t = add_tok(m, line + at + 1, esc ? TOK_ESC : TOK_STR);
			t->high = (unsigned char)high;
			t->plain = !esc && !high && !ctl;
			t->len = n - 2;
			if (esc) {
				memcpy(o, s, n);
				o += n;
				continue;
			}
			(*vals)[at + n - 1] = '\0';
			if (is_key(u, e)) {
				memcpy(o, "\"\"", 2);
				o += 2;
			} else {
				memcpy(o, "null", 4);
				o += 4;
			}
			continue;
		}
		if (*u != '-' && (*u < '0' || *u > '9')) {
			if (*u == 'n')		/* null, outside strings */
				add_tok(m, NULL, TOK_NULL);
			*o++ = (char)*u++;
			continue;
		}
		for (s = u; u < e && ((*u >= '0' && *u <= '9') || *u == '-' ||
		    *u == '+' || *u == '.' || *u == 'e' || *u == 'E'); u++)
			;
		n = (size_t)(u - s);
		at = (size_t)(s - (const unsigned char *)line);
		add_tok(m, line + at, TOK_NUM);
		if (is_json_number(line + at, n)) {
			memcpy(o, "null", 4);
			o += 4;
		} else {
			memcpy(o, s, n);
			o += n;
		}
	}
	*clen = (size_t)(o - copy);
	return copy;
}

static int	is_ascii(const char *, size_t *);

/*
 * Give every node its type and text back from the tokens, in document
 * order, and repair keys that are not valid UTF-8 now rather than when
 * written: two keys that differ only in invalid bytes are then seen as
 * the duplicates they become in the output.
 *
 * Text that is printable ASCII without escapes is written as it is, its
 * length known: a node's valueint holds its string's length + 1 and its
 * valuedouble its key's (0: not known, escape it).  cJSON's own values
 * there are never used: numbers are read from their tokens.
 */
static void
prepare_tree(struct mapctx *m, cJSON *node, size_t *k, const char *line,
    const char *vals)
{
	const struct tok *t;
	cJSON *c;
	size_t n;
	char *fixed;

	for (c = node; c != NULL; c = c->next) {
		c->valuedouble = 0;
		if (c->string != NULL && *k < m->ntok) {
			t = &m->tok[(*k)++];
			if (t->kind == TOK_STR) {
				c->string = (char *)(uintptr_t)(vals +
				    (t->p - line));
				if (t->plain)
					c->valuedouble = (double)t->len + 1;
			}
			if (t->high && !is_ascii(c->string, &n) &&
			    utf8_valid_prefix(c->string, n) != n) {
				fixed = scratch(m, 3 * n + 1);
				fixed[utf8_repair(fixed, c->string, n)] = '\0';
				c->string = fixed;
			}
		}
		if (c->child != NULL)
			prepare_tree(m, c->child, k, line, vals);
		else if ((cJSON_IsNull(c) || cJSON_IsString(c) ||
		    cJSON_IsNumber(c)) && *k < m->ntok) {
			t = &m->tok[(*k)++];
			if (t->kind == TOK_NUM) {
				c->type = cJSON_Number;
				c->valuestring = (char *)(uintptr_t)t->p;
			} else if (t->kind == TOK_STR) {
				c->type = cJSON_String;
				c->valuestring = (char *)(uintptr_t)(vals +
				    (t->p - line));
				c->valueint = t->plain && t->len < INT_MAX ?
				    (int)t->len + 1 : 0;
			} else
				c->valueint = 0;
		}
	}
}

/* Whether s is all ASCII; *n gets its length either way. */
static int
is_ascii(const char *s, size_t *n)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char any = 0;
	size_t i;

	for (i = 0; u[i] != '\0'; i++)
		any |= u[i];
	*n = i;
	return any < 0x80;
}

/*
 * Mark members whose key appears again later in the same object: the
 * last one wins, as in jq, and a key is written once (Elasticsearch
 * refuses documents with duplicate keys).  Small objects are compared
 * pairwise; large ones through a hash table, so that a record with a
 * hundred thousand keys costs linear time, not quadratic.
 */
static void
mark_duplicates(struct mapctx *m, const cJSON *const *node, size_t n,
    unsigned char *dup)
{
	uint32_t *slot, mask, h;
	size_t i, j, len;

	if (n <= 16) {
		for (i = 0; i < n; i++)
			for (j = i + 1; j < n && !dup[i]; j++)
				if (strcmp(node[i]->string, node[j]->string) == 0)
					dup[i] = 1;
		return;
	}
	for (mask = 31; mask < 2 * n; mask = mask * 2 + 1)
		;
	slot = scratch(m, ((size_t)mask + 1) * sizeof(*slot));
	memset(slot, 0xff, ((size_t)mask + 1) * sizeof(*slot));
	for (i = n; i-- > 0;) {		/* from the end: the last one wins */
		len = strlen(node[i]->string);
		for (h = hash_str(node[i]->string, len) & mask;
		    slot[h] != UINT32_MAX; h = (h + 1) & mask)
			if (strcmp(node[slot[h]]->string, node[i]->string) == 0) {
				dup[i] = 1;
				break;
			}
		if (!dup[i])
			slot[h] = (uint32_t)i;
	}
}

/* ---- detection ---- */

/* Index the record's members; score datasets by how many keys they know. */
/* Duplicates among the keys that are no known Logpush field. */
static void
mark_unknown_duplicates(struct mapctx *m, size_t unknown)
{
	const cJSON **node = scratch(m, unknown * sizeof(*node));
	unsigned char *dup = scratch(m, unknown);
	size_t i, k = 0;

	for (i = 0; i < m->nmem; i++)
		if (m->mem[i].field < 0)
			node[k++] = m->mem[i].node;
	memset(dup, 0, unknown);
	mark_duplicates(m, node, unknown, dup);
	for (i = 0, k = 0; i < m->nmem; i++)
		if (m->mem[i].field < 0 && dup[k++])
			m->mem[i].shadowed = 1;
}

static void
index_members(struct mapctx *m, const cJSON *root)
{
	const cJSON *c;
	const struct field *f;
	uint64_t bits;
	size_t k, unknown = 0;
	int fi;

	if (++m->gen == 0) {
		memset(m->seen_gen, 0, (known.mask + 1) * sizeof(*m->seen_gen));
		m->gen = 1;
	}
	memset(m->score, 0, sizeof(m->score));
	m->nmem = 0;
	for (c = root->child; c != NULL; c = c->next) {
		if (m->nmem == m->memcap) {
			m->memcap = m->memcap ? m->memcap * 2 : 256;
			m->mem = xrealloc(m->mem, m->memcap * sizeof(*m->mem));
		}
		k = strlen(c->string);
		fi = field_find(c->string, k, hash_str(c->string, k));
		m->mem[m->nmem].node = c;
		m->mem[m->nmem].field = fi;
		m->mem[m->nmem].shadowed = 0;
		if (fi >= 0) {
			if (m->seen_gen[fi] == m->gen)
				m->mem[m->seen_mem[fi]].shadowed = 1;
			else {
				f = &known.fields[fi];
				for (bits = f->datasets; bits != 0; bits &= bits - 1)
					m->score[__builtin_ctzll(bits)]++;
			}
			m->seen_gen[fi] = m->gen;
			m->seen_mem[fi] = (uint32_t)m->nmem;
		} else
			unknown++;
		m->nmem++;
	}
	if (unknown > 1)
		mark_unknown_duplicates(m, unknown);
}

/*
 * The dataset whose field list holds the most of the record's keys.  On a
 * tie the path hint wins if it is among the best, then the dataset with
 * the higher priority (the common ones), then the smallest (the most
 * specific).  NULL when no key is known.
 */
static int
better(int d, int than)
{
	const struct dataset *a = datasets[d], *b = datasets[than];

	if (a->priority != b->priority)
		return a->priority > b->priority;
	return known.dataset_size[d] < known.dataset_size[than];
}

static const struct dataset *
detect(struct mapctx *m, const struct dataset *hint)
{
	unsigned best = 0;
	int d, pick = -1;

	for (d = 0; d < known.ndatasets; d++) {
		if (m->score[d] == 0 || m->score[d] < best)
			continue;
		if (m->score[d] > best || better(d, pick)) {
			best = m->score[d];
			pick = d;
		}
	}
	if (pick < 0)
		return hint;
	if (hint != NULL)
		for (d = 0; d < known.ndatasets; d++)
			if (datasets[d] == hint && m->score[d] == best)
				return hint;
	return datasets[pick];
}

/* ---- mapping ---- */

static int	is_empty(const cJSON *);

/*
 * A row naming a value inside an object ("Event.request.url"): follow the
 * keys; through an array, follow them in every element (so that
 * "Attachments.Sha256" reaches each attachment's hash).
 */
static void
convert_path(struct mapctx *m, const struct fmap *e, const cJSON *v,
    char *const *key)
{
	const cJSON *c;

	if (cJSON_IsArray(v)) {
		cJSON_ArrayForEach(c, v)
			convert_path(m, e, c, key);
		return;
	}
	if (*key == NULL) {
		if (!is_empty(v))
			e->conv(m, e, v);
		return;
	}
	if (cJSON_IsObject(v) &&
	    (c = cJSON_GetObjectItemCaseSensitive(v, *key)) != NULL)
		convert_path(m, e, c, key + 1);
}

static int
dataset_index(const struct dataset *ds)
{
	int d;

	for (d = 0; datasets[d] != ds; d++)
		;
	return d;
}

static int
is_empty(const cJSON *v)
{
	int t = v->type & 0xFF;

	return t == cJSON_NULL || (t == cJSON_String && v->valuestring[0] == '\0');
}


static void
map_dataset(struct mapctx *m, const struct dataset *ds)
{
	const struct fmap *e;
	const struct konst *k;
	const char *const *t;
	const cJSON *v;
	struct fmap row;
	int64_t start, end;
	int d = dataset_index(ds), i;

	row.field = NULL;
	for (t = ds->type; t != NULL && *t != NULL; t++)
		list_add(m, SLOT_EVENT_TYPE, *t, strlen(*t));
	if ((v = field_value(m, known.time_field[d][0])) != NULL) {
		row.slot = SLOT_TIMESTAMP;
		conv_time(m, &row, v);
	}
	if ((v = field_value(m, known.time_field[d][1])) != NULL) {
		row.slot = SLOT_EVENT_START;
		conv_time(m, &row, v);
	}
	if ((v = field_value(m, known.time_field[d][2])) != NULL) {
		row.slot = SLOT_EVENT_END;
		conv_time(m, &row, v);
	}
	for (e = ds->map, i = 0; e != NULL && e->field != NULL; e++, i++)
		if ((v = field_value(m, known.row_field[d][i])) != NULL) {
			if (known.row_path[d][i] != NULL)
				convert_path(m, e, v, known.row_path[d][i] + 1);
			else if (!is_empty(v))
				e->conv(m, e, v);
		}
	if (m->val[SLOT_EVENT_START].kind == V_TIME &&
	    m->val[SLOT_EVENT_END].kind == V_TIME) {
		start = m->val[SLOT_EVENT_START].u.i;
		end = m->val[SLOT_EVENT_END].u.i;
		if (end >= start)
			set_int(m, SLOT_EVENT_DURATION, end - start);
	}
	for (k = ds->constants; k != NULL && k->value != NULL; k++)
		set_str(m, k->slot, k->value, strlen(k->value));
	set_consts(m, SLOT_EVENT_CATEGORY, ds->category);
	if (!is_set(m, SLOT_EVENT_TYPE))
		list_add(m, SLOT_EVENT_TYPE, "info", 4);
	set_str(m, SLOT_EVENT_DATASET, ds->name, strlen(ds->name));
	if (ds->observer_type != NULL)
		set_str(m, SLOT_OBSERVER_TYPE, ds->observer_type,
		    strlen(ds->observer_type));
	if (ds->observer_product != NULL)
		set_str(m, SLOT_OBSERVER_PRODUCT, ds->observer_product,
		    strlen(ds->observer_product));
}

/* An unknown record still gets a time: the first time field that parses. */
static void
map_generic(struct mapctx *m)
{
	struct fmap row = { NULL, SLOT_TIMESTAMP, conv_time };
	size_t i;

	for (i = 0; i < m->nmem && !is_set(m, SLOT_TIMESTAMP); i++)
		if (m->mem[i].field >= 0 && !m->mem[i].shadowed &&
		    known.fields[m->mem[i].field].is_time)
			conv_time(m, &row, m->mem[i].node);
}

/* ---- writing ---- */

/* The open nesting while writing: which groups, and whether each has members. */
struct nest {
	int		 depth;
	const char	*seg[MAX_DEPTH + 1];
	size_t		 slen[MAX_DEPTH + 1];
	int		 count[MAX_DEPTH + 2];
};

/* Make the open groups exactly segs[0..k-1], closing and opening as needed. */
static void
nest_to(struct wbuf *b, struct nest *st, const struct slotpath *sp, int k)
{
	int c = 0;

	while (c < st->depth && c < k && st->slen[c] == sp->slen[c] &&
	    memcmp(st->seg[c], sp->seg[c], sp->slen[c]) == 0)
		c++;
	while (st->depth > c) {
		wb_char(b, '}');
		st->depth--;
	}
	while (st->depth < k) {
		if (st->count[st->depth]++ > 0)
			wb_char(b, ',');
		wb_raw(b, sp->group[st->depth], sp->glen[st->depth]);
		st->seg[st->depth] = sp->seg[st->depth];
		st->slen[st->depth] = sp->slen[st->depth];
		st->depth++;
		st->count[st->depth] = 0;
	}
	if (st->count[st->depth]++ > 0)
		wb_char(b, ',');
}

/* 2^53: integers at least this large lose digits in a double. */
static int
is_big_int(const char *p, size_t n)
{
	if (*p == '-')
		p++, n--;
	while (n > 1 && *p == '0')
		p++, n--;
	return n > 16 || (n == 16 && memcmp(p, "9007199254740992", 16) >= 0);
}

/* Strict JSON number grammar (cJSON also takes "01" and "1."). */
static int
is_json_number(const char *p, size_t n)
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
static void
write_number(struct wbuf *b, const char *p, size_t n)
{
	if (is_json_number(p, n) && !(is_digits(p, n) && is_big_int(p, n)))
		wb_raw(b, p, n);
	else
		wb_str(b, p, n);
}

static void write_node(struct mapctx *, struct wbuf *, const cJSON *);

/* A string whose text needs no escape (see prepare_tree). */
static void
write_plain(struct wbuf *b, const char *p, size_t n)
{
	wb_reserve(b, n + 2);
	b->p[b->len++] = '"';
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len++] = '"';
}

static void
write_key(struct wbuf *b, const cJSON *c)
{
	if (c->valuedouble >= 1)
		write_plain(b, c->string, (size_t)c->valuedouble - 1);
	else
		wb_str(b, c->string, strlen(c->string));
	wb_char(b, ':');
}

/* An object, each key once (the last value wins). */
static void
write_object(struct mapctx *m, struct wbuf *b, const cJSON *v)
{
	const cJSON *c, **node;
	unsigned char *dup;
	size_t n = 0, i;
	int first = 1;

	for (c = v->child; c != NULL; c = c->next)
		n++;
	node = scratch(m, (n ? n : 1) * sizeof(*node));
	dup = scratch(m, n ? n : 1);
	for (c = v->child, i = 0; c != NULL; c = c->next)
		node[i++] = c;
	memset(dup, 0, n);
	mark_duplicates(m, node, n, dup);
	wb_char(b, '{');
	for (i = 0; i < n; i++) {
		if (dup[i])
			continue;
		if (!first)
			wb_char(b, ',');
		first = 0;
		write_key(b, node[i]);
		write_node(m, b, node[i]);
	}
	wb_char(b, '}');
}

static void
write_node(struct mapctx *m, struct wbuf *b, const cJSON *v)
{
	const cJSON *c;

	switch (v->type & 0xFF) {
	case cJSON_String:
		if (v->valueint > 0)
			write_plain(b, v->valuestring, (size_t)v->valueint - 1);
		else
			wb_str(b, v->valuestring, strlen(v->valuestring));
		break;
	case cJSON_Number:
		if (v->valuestring != NULL)
			write_number(b, v->valuestring, num_len(v->valuestring));
		else
			wb_lit(b, "null");
		break;
	case cJSON_True:
		wb_lit(b, "true");
		break;
	case cJSON_False:
		wb_lit(b, "false");
		break;
	case cJSON_Array:
		wb_char(b, '[');
		for (c = v->child; c != NULL; c = c->next) {
			write_node(m, b, c);
			if (c->next != NULL)
				wb_char(b, ',');
		}
		wb_char(b, ']');
		break;
	case cJSON_Object:
		write_object(m, b, v);
		break;
	default:
		wb_lit(b, "null");
	}
}

static void
write_val(struct wbuf *b, const struct val *v)
{
	char t[TIME_BUFSIZE];
	const char *const *c;
	size_t i, n;

	switch (v->kind) {
	case V_STR:
		wb_str(b, v->u.s, v->n);
		break;
	case V_INT:
		wb_i64(b, v->u.i);
		break;
	case V_TIME:
		n = timefmt_format(v->u.i, known.opts.time_digits, t);
		wb_char(b, '"');
		wb_raw(b, t, n);
		wb_char(b, '"');
		break;
	case V_RAW:
		write_number(b, v->u.s, v->n);
		break;
	case V_CONSTS:
		wb_char(b, '[');
		for (c = v->u.c; *c != NULL; c++) {
			if (c != v->u.c)
				wb_char(b, ',');
			wb_str(b, *c, strlen(*c));
		}
		wb_char(b, ']');
		break;
	case V_JSON:
		wb_raw(b, v->u.s, v->n);
		break;
	case V_LIST:
		wb_char(b, '[');
		for (i = 0; i < v->u.l->count; i++) {
			if (i > 0)
				wb_char(b, ',');
			wb_str(b, v->u.l->s[i], v->u.l->n[i]);
		}
		wb_char(b, ']');
		break;
	case V_NONE:
		break;
	}
}

static void
write_passthrough(struct mapctx *m, struct wbuf *b, struct nest *st)
{
	const struct slotpath *sp = &paths[SLOT_CLOUDFLARE];
	const cJSON *c;
	size_t i;
	int opened = 0;

	for (i = 0; i < m->nmem; i++) {
		c = m->mem[i].node;
		if (m->mem[i].shadowed ||
		    (!known.opts.keep_empty && is_empty(c)) ||
		    (!known.cf_all && !cf_key_wanted(c->string)))
			continue;
		if (!opened) {
			/* "cloudflare" is the group; its keys are the record's. */
			nest_to(b, st, sp, 0);
			wb_raw(b, sp->leaf, sp->leaflen);
			wb_char(b, '{');
			opened = 1;
		} else
			wb_char(b, ',');
		write_key(b, c);
		write_node(m, b, c);
	}
	if (opened)
		wb_char(b, '}');
}

static void
write_event(struct mapctx *m, struct wbuf *b)
{
	struct nest st = { 0 };
	int s;

	wb_char(b, '{');
	for (s = 0; s < SLOT_COUNT; s++) {
		if (s == SLOT_CLOUDFLARE) {
			if (known.cf_any)
				write_passthrough(m, b, &st);
			continue;
		}
		if (m->val[s].kind == V_NONE || !known.slot_wanted[s])
			continue;
		nest_to(b, &st, &paths[s], paths[s].ngroups);
		wb_raw(b, paths[s].leaf, paths[s].leaflen);
		write_val(b, &m->val[s]);
	}
	while (st.depth-- > 0)
		wb_char(b, '}');
	wb_lit(b, "}\n");
}

/* ---- the public side ---- */

static const char *const vendor = "Cloudflare";

int
map_init(const struct map_options *opts)
{
	const struct dataset *ds;
	const struct fmap *e;
	const char *const *f;
	size_t total = 0, rows, i;
	int d, s;

	known.opts = *opts;
	if (known.opts.time_digits != 0 && known.opts.time_digits != 3 &&
	    known.opts.time_digits != 6 && known.opts.time_digits != 9)
		known.opts.time_digits = 6;
	for (d = 0; datasets[d] != NULL; d++)
		for (f = datasets[d]->fields; f != NULL && *f != NULL; f++)
			total++;
	if (d > MAX_DATASETS)
		fatalx("internal error: too many datasets");
	known.ndatasets = d;
	for (known.mask = 1023; known.mask < total * 4; known.mask = known.mask * 2 + 1)
		;
	known.fields = xcalloc(known.mask + 1, sizeof(*known.fields));
	for (d = 0; (ds = datasets[d]) != NULL; d++) {
		for (f = ds->fields; f != NULL && *f != NULL; f++)
			add_dataset_field(*f, d);
		for (e = ds->map, rows = 0; e != NULL && e->field != NULL;
		    e++, rows++)
			;
		known.row_path[d] = xcalloc(rows ? rows : 1, sizeof(char **));
		for (i = 0; i < rows; i++) {
			known.row_path[d][i] = split_path(ds->map[i].field);
			add_dataset_field(known.row_path[d][i] != NULL ?
			    known.row_path[d][i][0] : ds->map[i].field, d);
		}
		if (ds->time_field != NULL)
			field_add(ds->time_field)->is_time = 1;
		if (ds->start_field != NULL)
			field_add(ds->start_field)->is_time = 1;
		if (ds->end_field != NULL)
			field_add(ds->end_field)->is_time = 1;
	}
	/* Rows and time fields find their values by index, not by name. */
	for (d = 0; (ds = datasets[d]) != NULL; d++) {
		for (e = ds->map, rows = 0; e != NULL && e->field != NULL;
		    e++, rows++)
			;
		known.row_field[d] = xcalloc(rows ? rows : 1, sizeof(int));
		for (i = 0; i < rows; i++)
			known.row_field[d][i] = find_name(known.row_path[d][i] ?
			    known.row_path[d][i][0] : ds->map[i].field);
		known.time_field[d][0] = find_name(ds->time_field);
		known.time_field[d][1] = find_name(ds->start_field);
		known.time_field[d][2] = find_name(ds->end_field);
	}
	/* Cross-field lookups by converters. */
	field_add("ClientCountry");
	field_add("SecurityRuleIDs");
	field_add("FirewallMatchesRuleIDs");
	field_add("ClientLongitude");
	paths_init();
	for (s = 0; s < SLOT_COUNT; s++)
		known.slot_wanted[s] = path_wanted(slot_path[s]);
	known.cf_any = opts->passthrough && (opts->fields == NULL ||
	    patterns_reach_cloudflare(opts->fields));
	known.cf_all = known.cf_any &&
	    (opts->fields == NULL || patterns_match(opts->fields, "cloudflare")) &&
	    (opts->exclude == NULL || !patterns_reach_cloudflare(opts->exclude));
	for (known.nstages = 0; opts->stages != NULL &&
	    opts->stages[known.nstages] != NULL; known.nstages++) {
		if (known.nstages == MAX_STAGES)
			fatalx("internal error: too many stages");
		known.stage[known.nstages] = opts->stages[known.nstages];
	}
	cJSON_InitHooks(&(cJSON_Hooks){ hook_malloc, hook_free });
	return 0;
}

struct mapctx *
map_new(void)
{
	struct mapctx *m = xcalloc(1, sizeof(*m));
	size_t i;

	m->seen_gen = xcalloc(known.mask + 1, sizeof(*m->seen_gen));
	m->seen_mem = xcalloc(known.mask + 1, sizeof(*m->seen_mem));
	for (i = 0; i < known.nstages; i++)
		if (known.stage[i]->worker_new != NULL)
			m->stage_worker[i] =
			    known.stage[i]->worker_new(known.stage[i]->shared);
	return m;
}

void
map_free(struct mapctx *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < known.nstages; i++)
		if (known.stage[i]->worker_free != NULL)
			known.stage[i]->worker_free(m->stage_worker[i]);
	arena_reset(&m->arena);
	free(m->arena.head);
	free(m->mem);
	free(m->seen_gen);
	free(m->seen_mem);
	free(m->tok);
	free(m);
}

const struct dataset *
map_dataset_by_name(const char *name)
{
	const char *dot = strchr(name, '.');
	size_t n = dot != NULL ? (size_t)(dot - name) : strlen(name);
	int d;

	/* "firewall_events" is the zone table; "firewall_events.account" the other. */
	for (d = 0; datasets[d] != NULL; d++)
		if (strncmp(datasets[d]->name, name, n) == 0 &&
		    datasets[d]->name[n] == '\0' &&
		    (dot == NULL ? strcmp(datasets[d]->scope, "zone") == 0 ||
		    datasets[d + 1] == NULL ||
		    strcmp(datasets[d + 1]->name, datasets[d]->name) != 0 :
		    strcmp(dot + 1, datasets[d]->scope) == 0))
			return datasets[d];
	/* A name with one scope only. */
	for (d = 0; datasets[d] != NULL && dot == NULL; d++)
		if (strcmp(datasets[d]->name, name) == 0)
			return datasets[d];
	return NULL;
}

const struct dataset *
map_last_dataset(const struct mapctx *m)
{
	return m->ds;
}

const struct map_info *
map_last_info(const struct mapctx *m)
{
	return &m->info;
}

/*
 * An event without a readable time is kept, and says why in error.type
 * and error.message (they replace the record's own error.*, which stays
 * in cloudflare.*): invalid_time names the first time value that could
 * not be read, missing_time an event with no @timestamp at all.
 */
static void
mark_time(struct mapctx *m)
{
	const cJSON *v = m->bad_time;
	const char *type, *field, *p, *q;
	char *msg = m->info.time_msg;
	size_t n, len, cap = sizeof(m->info.time_msg);

	m->info.bad_time = 0;
	if (v != NULL) {
		type = "invalid_time";
		field = v->string != NULL ? v->string : "a time field";
		if (node_text(v, &p, &len)) {
			n = utf8_valid_prefix(p, len < 64 ? len : 64);
			q = cJSON_IsString(v) ? "\"" : "";
			snprintf(msg, cap, "%s: cannot read %s%.*s%s%s as a time",
			    field, q, (int)n, p, n < len ? "..." : "", q);
		} else
			snprintf(msg, cap, "%s: cannot read %s as a time", field,
			    cJSON_IsBool(v) ? "a boolean" : cJSON_IsArray(v) ?
			    "an array" : "an object");
	} else if (m->val[SLOT_TIMESTAMP].kind != V_TIME) {
		type = "missing_time";
		if (m->ds != NULL && m->ds->time_field != NULL)
			snprintf(msg, cap, "%s: missing or unset",
			    m->ds->time_field);
		else
			snprintf(msg, cap, "no time field");
	} else
		return;
	m->info.bad_time = 1;
	m->val[SLOT_ERROR_TYPE].kind = V_NONE;
	m->val[SLOT_ERROR_MESSAGE].kind = V_NONE;
	set_str(m, SLOT_ERROR_TYPE, type, strlen(type));
	set_str(m, SLOT_ERROR_MESSAGE, msg, strlen(msg));
}

/*
 * The default bulk _id: a fingerprint of the record's bytes, as SIEM
 * pipelines make them: the first 128 bits of its SHA-256, base64url
 * (22 characters).  The same line always gets the same id, so loading
 * a file twice overwrites rather than duplicates; identical lines are
 * the same event delivered twice and rightly share it.
 */
static size_t
fingerprint(const char *p, size_t n, char *out)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	struct sha256_ctx ctx;
	uint8_t h[18];
	size_t i, k = 0;
	uint32_t w;

	sha256_init(&ctx);
	sha256_update(&ctx, n, (const uint8_t *)p);
	sha256_digest(&ctx, 16, h);
	h[16] = h[17] = 0;
	for (i = 0; i < 16; i += 3) {
		w = (uint32_t)h[i] << 16 | (uint32_t)h[i + 1] << 8 | h[i + 2];
		out[k++] = b64[w >> 18 & 63];
		out[k++] = b64[w >> 12 & 63];
		if (i + 1 < 16)
			out[k++] = b64[w >> 6 & 63];
		if (i + 2 < 16)
			out[k++] = b64[w & 63];
	}
	return k;
}

/* Keep what a bulk action line needs before the record's memory goes. */
static void
save_info(struct mapctx *m, const char *line, size_t len)
{
	const char *id = known.opts.id_field, *p = NULL;
	const struct val *t = &m->val[SLOT_TIMESTAMP];
	const cJSON *v = NULL;
	size_t i, n = 0;

	m->info.has_time = t->kind == V_TIME;
	m->info.time = t->kind == V_TIME ? t->u.i : 0;
	m->info.idlen = 0;
	m->info.id_absent = 0;
	if (id != NULL && strcmp(id, "none") == 0)
		return;
	if (id == NULL) {
		m->info.idlen = fingerprint(line, len, m->info.id);
		return;
	}
	if (strcmp(id, "event.id") == 0) {
		if (m->val[SLOT_EVENT_ID].kind == V_STR) {
			p = m->val[SLOT_EVENT_ID].u.s;
			n = m->val[SLOT_EVENT_ID].n;
		}
	} else {
		for (i = 0; i < m->nmem; i++)
			if (!m->mem[i].shadowed &&
			    strcmp(m->mem[i].node->string, id) == 0)
				v = m->mem[i].node;
		if (v != NULL && !node_text(v, &p, &n))
			p = NULL;
	}
	if (p != NULL && n > 0 && n < sizeof(m->info.id)) {
		memcpy(m->info.id, p, n);
		m->info.idlen = n;
	} else {
		/* Still safe to load twice; the caller counts and warns. */
		m->info.id_absent = 1;
		m->info.idlen = fingerprint(line, len, m->info.id);
	}
}

/*
 * cJSON strings end at a NUL, so a NUL inside a string (escaped as \\u0000
 * or, invalidly, raw) would silently cut the rest of it.  Such a line is
 * copied with each NUL replaced by U+FFFD first: the loss is visible and
 * the rest of the string survives.  Rare, so the copy costs nothing usual.
 */
static const char *
without_nul(struct mapctx *m, const char *line, size_t len, size_t *outlen)
{
	char *q = scratch(m, len * 3 + 1), *o = q;
	size_t i, bs = 0;

	for (i = 0; i < len; i++) {
		if (line[i] == '\0') {
			memcpy(o, "\xEF\xBF\xBD", 3);
			o += 3;
			bs = 0;
			continue;
		}
		if (line[i] == 'u' && bs % 2 == 1 && len - i >= 5 &&
		    memcmp(line + i + 1, "0000", 4) == 0) {
			memcpy(o, "uFFFD", 5);
			o += 5;
			i += 4;
			bs = 0;
			continue;
		}
		bs = line[i] == '\\' ? bs + 1 : 0;
		*o++ = line[i];
	}
	*outlen = (size_t)(o - q);
	return q;
}

static int
has_nul_escape(const char *p, size_t n)
{
	const char *q, *end = p + n;

	for (; (q = memchr(p, '\\', (size_t)(end - p))) != NULL; p = q + 2)
		if (end - q >= 6 && memcmp(q + 1, "u0000", 5) == 0)
			return 1;
		else if (end - q < 2)
			break;
	return 0;
}

/* Nesting depth at byte n of a line (for a clearer message). */
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

/* Nothing but what may follow the object (spaces, tabs, CRs). */
static int
is_blank_tail(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return 0;
	return 1;
}

/*
 * Where a line stops being JSON, for the message when cJSON refuses it:
 * the offset of the first byte that cannot continue a JSON value (n when
 * the line ends too soon), or SIZE_MAX when the scan finds no fault (then
 * cJSON's own position is used).  cJSON's position is where it noticed,
 * which may lie a byte or a token later.  Lenient where cJSON is: any
 * byte up to space is white space, leading zeros and "1." are numbers.
 */
#define SCAN_DEPTH	1024

static size_t
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

/*
 * Convert one line.  The event is appended to out; when the line is not
 * a JSON object nothing is appended and *why says what is wrong.
 */
enum map_result
map_record(struct mapctx *m, const char *line, size_t len,
    const struct dataset *hint, struct wbuf *out, const char **why)
{
	static _Thread_local char msg[80];
	const char *end = NULL, *raw = line, *text;
	size_t i, rawlen = len, k = 0, tlen;
	char *vals;
	cJSON *root;

	cur_arena = &m->arena;
	memset(m->val, 0, sizeof(m->val));
	m->ds = NULL;
	m->bad_time = NULL;
	if (memchr(line, '\0', len) != NULL || has_nul_escape(line, len))
		line = without_nul(m, line, len, &len);
	text = scan_line(m, line, len, &vals, &tlen);
	root = cJSON_ParseWithLengthOpts(text, tlen, &end, 0);
	if (root != NULL && is_blank_tail(end, (size_t)(text + tlen - end)))
		end = line + len - (text + tlen - end);	/* the same text */
	else if (root != NULL)	/* where the line's object ends */
		cJSON_ParseWithLengthOpts(line, len, &end, 0);
	else	/* where the line itself goes wrong, for the message */
		root = cJSON_ParseWithLengthOpts(line, len, &end, 0);
	if (root == NULL) {
		if (end != NULL && end >= line && end <= line + len &&
		    depth_at(line, (size_t)(end - line)) >= CJSON_NESTING_LIMIT)
			snprintf(msg, sizeof(msg), "invalid JSON: nested deeper "
			    "than %d levels", CJSON_NESTING_LIMIT);
		else if ((i = json_error_at(line, len)) != SIZE_MAX)
			snprintf(msg, sizeof(msg), "invalid JSON at byte %zu",
			    i + 1);
		else if (end != NULL && end >= line && end <= line + len)
			snprintf(msg, sizeof(msg), "invalid JSON at byte %zu",
			    (size_t)(end - line) + 1);
		else
			snprintf(msg, sizeof(msg), "invalid JSON");
		*why = msg;
		arena_reset(&m->arena);
		return MAP_BAD_JSON;
	}
	for (i = (size_t)(end - line); i < len; i++)
		if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r') {
			snprintf(msg, sizeof(msg),
			    "invalid JSON at byte %zu: text after the object", i + 1);
			*why = msg;
			arena_reset(&m->arena);
			return MAP_BAD_JSON;
		}
	if (!cJSON_IsObject(root)) {
		*why = "not a JSON object";
		arena_reset(&m->arena);
		return MAP_NOT_OBJECT;
	}
	prepare_tree(m, root->child, &k, line, vals);
	index_members(m, root);
	m->ds = known.opts.force != NULL ? known.opts.force : detect(m, hint);
	if (m->ds != NULL)
		map_dataset(m, m->ds);	/* its constants may say "alert" */
	else
		map_generic(m);
	set_str(m, SLOT_EVENT_KIND, "event", 5);
	set_str(m, SLOT_EVENT_MODULE, "cloudflare", 10);
	if (m->val[SLOT_TIMESTAMP].kind == V_NONE &&
	    m->val[SLOT_EVENT_START].kind == V_TIME)
		m->val[SLOT_TIMESTAMP] = m->val[SLOT_EVENT_START];
	mark_time(m);
	if (known.opts.original)
		set_str(m, SLOT_EVENT_ORIGINAL, raw, rawlen);
	if (known.opts.ecs_version != NULL)
		set_str(m, SLOT_ECS_VERSION, known.opts.ecs_version,
		    strlen(known.opts.ecs_version));
	set_str(m, SLOT_OBSERVER_VENDOR, vendor, strlen(vendor));
	if (m->has_origin) {
		if (m->origin_path != NULL)
			set_str(m, SLOT_LOG_FILE_PATH, m->origin_path,
			    m->origin_len);
		if (m->origin_offset <= INT64_MAX)
			set_int(m, SLOT_LOG_OFFSET,
			    (int64_t)m->origin_offset);
		m->has_origin = 0;
	}
	m->info.alert = 0;
	for (i = 0; i < known.nstages; i++)
		known.stage[i]->run(m, known.stage[i]->shared,
		    m->stage_worker[i]);
	write_event(m, out);
	if (known.opts.want_info)
		save_info(m, raw, rawlen);
	arena_reset(&m->arena);
	return m->ds != NULL ? MAP_OK : MAP_UNKNOWN;
}

void
map_set_origin(struct mapctx *m, const char *path, size_t n, uint64_t offset)
{
	m->has_origin = 1;
	m->origin_path = path;
	m->origin_len = n;
	m->origin_offset = offset;
}

/* ---- for the stages after mapping (mapper.h) ---- */

const struct dataset *
map_record_dataset(const struct mapctx *m)
{
	return m->ds;
}

int
map_is_set(const struct mapctx *m, enum slot s)
{
	return m->val[s].kind != V_NONE;
}

int
map_get_str(const struct mapctx *m, enum slot s, const char **p, size_t *n)
{
	if (m->val[s].kind != V_STR)
		return 0;
	*p = m->val[s].u.s;
	*n = m->val[s].n;
	return 1;
}

int
map_get_int(const struct mapctx *m, enum slot s, int64_t *i)
{
	const struct val *v = &m->val[s];

	if (v->kind == V_INT || v->kind == V_TIME) {
		*i = v->u.i;
		return 1;
	}
	return v->kind == V_RAW && text_int(v->u.s, v->n, i);
}

int
map_get_list(const struct mapctx *m, enum slot s, size_t k, const char **p,
    size_t *n)
{
	const struct val *v = &m->val[s];

	if (v->kind != V_LIST || k >= v->u.l->count)
		return 0;
	*p = v->u.l->s[k];
	*n = v->u.l->n[k];
	return 1;
}

int
map_field_id(const char *name)
{
	int f = find_name(name);

	if (f >= 0)
		return f;
	/* The table was sized at four times the dataset fields: keep it
	 * at most half full. */
	if ((known.count + 1) * 2 > known.mask + 1)
		return -1;
	field_add(xstrdup(name));
	return find_name(name);
}

const cJSON *
map_field(const struct mapctx *m, int id)
{
	return field_value((struct mapctx *)(uintptr_t)m, id);
}

int
map_value_text(const cJSON *v, const char **p, size_t *n)
{
	if (cJSON_IsTrue(v)) {
		*p = "true";
		*n = 4;
		return 1;
	}
	if (cJSON_IsFalse(v)) {
		*p = "false";
		*n = 5;
		return 1;
	}
	return node_text(v, p, n);
}

size_t
map_nmembers(const struct mapctx *m)
{
	return m->nmem;
}

const cJSON *
map_member(const struct mapctx *m, size_t i)
{
	return i < m->nmem && !m->mem[i].shadowed ? m->mem[i].node : NULL;
}

void *
map_alloc(struct mapctx *m, size_t n)
{
	return scratch(m, n ? n : 1);
}

void
map_put_str(struct mapctx *m, enum slot s, const char *p, size_t n)
{
	set_str(m, s, p, n);
}

void
map_put_int(struct mapctx *m, enum slot s, int64_t i)
{
	set_int(m, s, i);
}

void
map_put_json(struct mapctx *m, enum slot s, const char *p, size_t n)
{
	m->val[s].kind = V_JSON;
	m->val[s].u.s = p;
	m->val[s].n = n;
}

void
map_add_list(struct mapctx *m, enum slot s, const char *p, size_t n)
{
	list_add(m, s, p, n);
}

void
map_clear(struct mapctx *m, enum slot s)
{
	m->val[s].kind = V_NONE;
}

void
map_alert(struct mapctx *m)
{
	m->val[SLOT_EVENT_KIND].kind = V_STR;
	m->val[SLOT_EVENT_KIND].u.s = "alert";
	m->val[SLOT_EVENT_KIND].n = 5;
	m->info.alert = 1;
}
