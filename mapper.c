/*
 * mapper.c: one Logpush line -> one ECS event, driven by the dataset
 * tables in datasets.c.
 *
 * Per record: json.c parses the line into values that live in the
 * record's arena (numbers keep their exact text: a 19-digit nanosecond
 * timestamp survives).
 * The record's keys are looked up once in a table of every known Logpush
 * field; that gives the dataset (by key signature) and O(1) access to the
 * fields the dataset's table maps.  Converters fill ECS slots; the writer
 * walks the slots in their fixed order and then copies the record under
 * "cloudflare".
 */
#include <arpa/inet.h>	/* inet_pton() */
#include <limits.h>	/* INT_MAX */
#include <stdint.h>
#include <stdio.h>	/* snprintf() */
#include <string.h>

#include <nettle/sha2.h>	/* the records' fingerprints (bulk _id) */

#include "convert.h"
#include "json.h"
#include "mapper.h"
#include "util.h"
#include "writer.h"

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

/*
 * The field index's hash: the length and the first and last eight bytes,
 * not every byte, since every key of every record is looked up.  The
 * table holds only known names and is at most half full, so no key can
 * make a lookup probe more than the longest run of known names.
 */
static uint32_t
hash_str(const char *s, size_t n)
{
	uint64_t a = 0, b = 0, h;

	if (n >= 8) {
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
	} else if (n > 0)
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
cf_key_wanted(const char *key, size_t n)
{
	char path[256];

	if (known.cf_all)
		return 1;
	if (n > sizeof(path) || memchr(key, '\0', n) != NULL ||
	    snprintf(path, sizeof(path), "cloudflare.%.*s", (int)n, key) >=
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

/*
 * Could a -f or --exclude pattern select anything: an ECS field cfecs
 * writes, or something under cloudflare.?  (A mistyped name would
 * otherwise select nothing, in silence.)
 */
int
map_pattern_possible(const char *p)
{
	size_t i, n = strlen(p);

	if (pattern_match(p, "cloudflare") || strncmp(p, "cloudflare.", 11) == 0)
		return 1;
	if (n > 0 && p[n - 1] == '*' && strncmp(p, "cloudflare", n - 1) == 0)
		return 1;
	for (i = 0; i < SLOT_COUNT; i++)
		if (pattern_match(p, slot_path[i]))
			return 1;
	return 0;
}
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
	const struct jval	*node;
	int		 field;		/* known field index, or -1 */
	int		 shadowed;	/* a later duplicate key wins */
};

struct mapctx {
	struct jparser		*jp;		/* the record's values and memory */
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
	const struct jval		*bad_time;	/* first unreadable time value */
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
	return json_alloc(m->jp, n);
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

/* The record's value of a known field (by index), or NULL. */
static const struct jval *
field_value(struct mapctx *m, int f)
{
	if (f < 0 || m->seen_gen[f] != m->gen)
		return NULL;
	return m->mem[m->seen_mem[f]].node;
}


/* ---- detection ---- */

/* Index the record's members; score datasets by how many keys they know. */
/* Duplicates among the keys that are no known Logpush field. */
static void
mark_unknown_duplicates(struct mapctx *m, size_t unknown)
{
	const struct jval **node = scratch(m, unknown * sizeof(*node));
	unsigned char *dup = scratch(m, unknown);
	size_t i, k = 0;

	for (i = 0; i < m->nmem; i++)
		if (m->mem[i].field < 0)
			node[k++] = m->mem[i].node;
	memset(dup, 0, unknown);
	json_mark_duplicates(m->jp, node, unknown, dup);
	for (i = 0, k = 0; i < m->nmem; i++)
		if (m->mem[i].field < 0 && dup[k++])
			m->mem[i].shadowed = 1;
}

static void
index_members(struct mapctx *m, const struct jval *root)
{
	const struct jval *c;
	const struct field *f;
	uint64_t bits;
	size_t unknown = 0;
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
		fi = field_find(c->key, c->keylen, hash_str(c->key, c->keylen));
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

static int	is_empty(const struct jval *);

/*
 * A row naming a value inside an object ("Event.request.url"): follow the
 * keys; through an array, follow them in every element (so that
 * "Attachments.Sha256" reaches each attachment's hash).
 */
static void
convert_path(struct mapctx *m, const struct fmap *e, const struct jval *v,
    char *const *key)
{
	const struct jval *c;

	if (json_is(v, J_ARRAY)) {
		for (c = v->child; c != NULL; c = c->next)
			convert_path(m, e, c, key);
		return;
	}
	if (*key == NULL) {
		if (!is_empty(v))
			e->conv(m, e, v);
		return;
	}
	if (json_is(v, J_OBJECT) &&
	    (c = json_get(v, *key)) != NULL)
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
is_empty(const struct jval *v)
{
	return json_is_empty(v);
}


static void
map_dataset(struct mapctx *m, const struct dataset *ds)
{
	const struct fmap *e;
	const struct konst *k;
	const char *const *t;
	const struct jval *v;
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
		json_write_number(b, v->u.s, v->n);
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
	const struct jval *c;
	size_t i;
	int opened = 0;

	for (i = 0; i < m->nmem; i++) {
		c = m->mem[i].node;
		if (m->mem[i].shadowed ||
		    (!known.opts.keep_empty && is_empty(c)) ||
		    (!known.cf_all && !cf_key_wanted(c->key, c->keylen)))
			continue;
		if (!opened) {
			/* "cloudflare" is the group; its keys are the record's. */
			nest_to(b, st, sp, 0);
			wb_raw(b, sp->leaf, sp->leaflen);
			wb_char(b, '{');
			opened = 1;
		} else
			wb_char(b, ',');
		json_write_key(b, c);
		json_write(m->jp, b, c);
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

	json_init();
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
	return 0;
}

struct mapctx *
map_new(void)
{
	struct mapctx *m = xcalloc(1, sizeof(*m));
	size_t i;

	m->jp = json_parser_new();
	m->gen = 1;	/* no field seen yet (index_members counts on) */
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
	json_parser_free(m->jp);
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
	const struct jval *v = m->bad_time;
	const char *type, *field, *p, *q;
	char *msg = m->info.time_msg;
	size_t n, len, fn, cap = sizeof(m->info.time_msg);

	m->info.bad_time = 0;
	if (v != NULL) {
		type = "invalid_time";
		field = v->key != NULL ? v->key : "a time field";
		fn = v->key != NULL ? utf8_valid_prefix(v->key, v->keylen) :
		    strlen(field);
		if (json_text(v, &p, &len)) {
			n = utf8_valid_prefix(p, len < 64 ? len : 64);
			q = json_is(v, J_STRING) ? "\"" : "";
			snprintf(msg, cap, "%.*s: cannot read %s%.*s%s%s as a time",
			    (int)fn, field, q, (int)n, p, n < len ? "..." : "", q);
		} else
			snprintf(msg, cap, "%.*s: cannot read %s as a time",
			    (int)fn, field, json_is(v, J_TRUE) ||
			    json_is(v, J_FALSE) ? "a boolean" :
			    json_is(v, J_ARRAY) ? "an array" : "an object");
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
size_t
map_fingerprint_text(const unsigned char *h, char *out)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char x[18];
	size_t i, k = 0;
	uint32_t w;

	memcpy(x, h, 16);
	x[16] = x[17] = 0;
	for (i = 0; i < 16; i += 3) {
		w = (uint32_t)x[i] << 16 | (uint32_t)x[i + 1] << 8 | x[i + 2];
		out[k++] = b64[w >> 18 & 63];
		out[k++] = b64[w >> 12 & 63];
		if (i + 1 < 16)
			out[k++] = b64[w >> 6 & 63];
		if (i + 2 < 16)
			out[k++] = b64[w & 63];
	}
	out[k] = '\0';
	return k;
}

static size_t
fingerprint(const char *p, size_t n, char *out)
{
	struct sha256_ctx ctx;
	uint8_t h[16];

	sha256_init(&ctx);
	sha256_update(&ctx, n, (const uint8_t *)p);
	sha256_digest(&ctx, 16, h);
	return map_fingerprint_text(h, out);
}

/* Keep what a bulk action line needs before the record's memory goes. */
static void
save_info(struct mapctx *m, const char *line, size_t len)
{
	const char *id = known.opts.id_field, *p = NULL;
	const struct val *t = &m->val[SLOT_TIMESTAMP];
	const struct jval *v = NULL;
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
			    m->mem[i].node->keylen == strlen(id) &&
			    memcmp(m->mem[i].node->key, id, strlen(id)) == 0)
				v = m->mem[i].node;
		if (v != NULL && !json_text(v, &p, &n))
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
 * Convert one line.  The event is appended to out; when the line is not
 * a JSON object nothing is appended and *why says what is wrong.
 */
enum map_result
map_record(struct mapctx *m, const char *line, size_t len,
    const struct dataset *hint, struct wbuf *out, const char **why)
{
	static _Thread_local char msg[JSON_MSGSIZE];
	const struct jval *root;
	size_t i;

	map_begin(m);
	if ((root = json_parse(m->jp, line, len, msg)) == NULL) {
		*why = msg;
		json_reset(m->jp);
		return MAP_BAD_JSON;
	}
	if (!json_is(root, J_OBJECT)) {
		*why = "not a JSON object";
		json_reset(m->jp);
		return MAP_NOT_OBJECT;
	}
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
		set_str(m, SLOT_EVENT_ORIGINAL, line, len);
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
	m->info.incomplete = 0;
	for (i = 0; i < known.nstages; i++)
		known.stage[i]->run(m, known.stage[i]->shared,
		    m->stage_worker[i]);
	write_event(m, out);
	m->info.has_time = m->val[SLOT_TIMESTAMP].kind == V_TIME;
	m->info.time = m->info.has_time ? m->val[SLOT_TIMESTAMP].u.i : 0;
	if (known.opts.want_info)
		save_info(m, line, len);
	json_reset(m->jp);
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
	return v->kind == V_RAW && conv_text_int(v->u.s, v->n, i);
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

const struct jval *
map_field(const struct mapctx *m, int id)
{
	return field_value((struct mapctx *)(uintptr_t)m, id);
}

int
map_value_text(const struct jval *v, const char **p, size_t *n)
{
	return json_scalar_text(v, p, n);
}

size_t
map_nmembers(const struct mapctx *m)
{
	return m->nmem;
}

const struct jval *
map_member(const struct mapctx *m, size_t i)
{
	return i < m->nmem && !m->mem[i].shadowed ? m->mem[i].node : NULL;
}

void *
map_alloc(struct mapctx *m, size_t n)
{
	return json_alloc(m->jp, n);
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
map_put_raw(struct mapctx *m, enum slot s, const char *p, size_t n)
{
	set_raw(m, s, p, n);
}

void
map_put_time(struct mapctx *m, enum slot s, int64_t ns)
{
	if (is_set(m, s))
		return;
	m->val[s].kind = V_TIME;
	m->val[s].u.i = ns;
}

void
map_bad_time(struct mapctx *m, const struct jval *v)
{
	if (m->bad_time == NULL)
		m->bad_time = v;
}

enum time_format
map_time_format(void)
{
	return known.opts.time_format;
}

const struct jval *
map_record_field(struct mapctx *m, const char *name)
{
	return field_value(m, find_name(name));
}

void
map_slot_json(const struct mapctx *m, enum slot s, struct wbuf *b)
{
	write_val(b, &m->val[s]);
}

void
map_begin(struct mapctx *m)
{
	memset(m->val, 0, sizeof(m->val));
	m->ds = NULL;
	m->bad_time = NULL;
}

void
map_clear(struct mapctx *m, enum slot s)
{
	m->val[s].kind = V_NONE;
}

void
map_incomplete(struct mapctx *m, const char *note)
{
	if (m->info.incomplete)
		return;
	m->info.incomplete = 1;
	snprintf(m->info.note, sizeof(m->info.note), "%s", note);
}

void
map_alert(struct mapctx *m)
{
	m->val[SLOT_EVENT_KIND].kind = V_STR;
	m->val[SLOT_EVENT_KIND].u.s = "alert";
	m->val[SLOT_EVENT_KIND].n = 5;
	m->info.alert = 1;
}
