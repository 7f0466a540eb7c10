/*
 * detect.c: Sigma rules over Cloudflare Logpush records.
 *
 * Loading (once, before the workers start): libyaml reads a rule file
 * into a document; the logsource says which datasets the rule covers;
 * each selection becomes alternatives (OR) of field conditions (AND),
 * each condition a field key and matchers; the condition string becomes
 * a small tree over the selections.  Field names (Sigma taxonomy, ECS,
 * Logpush) become keys resolved per dataset to the record's own values,
 * a filled ECS slot, or a part of the URL built from the record.
 *
 * Matching (per record, in the worker): the values of a key are fetched
 * once per record, copied and lower-cased once, and every matcher
 * compares lower-cased literals against them; a regex runs only when its
 * required literal is there, with per-thread PCRE2 match data and a match
 * limit.  Matches are written as ECS: event.kind "alert", rule.*,
 * event.severity, event.risk_score and threat.* (ATT&CK tags).
 *
 * This file is the matching; loading is in rules.c and rulefile.c, the
 * rule set (links, listing, gates) in ruleset.c, their shared structures
 * in detect_int.h.
 */
#define _GNU_SOURCE	/* memmem() */
#include <sys/stat.h>	/* stat() */

#include <arpa/inet.h>	/* inet_pton() */
#include <ctype.h>	/* isdigit() */
#include <dirent.h>	/* opendir() */
#include <errno.h>	/* errno */
#include <fcntl.h>	/* open() */
#include <limits.h>	/* PATH_MAX */
#include <stdarg.h>	/* va_list */
#include <stdint.h>	/* uint64_t */
#include <stdio.h>	/* fprintf() */
#include <stdlib.h>	/* strtod(), qsort() */
#include <string.h>	/* memmem() */
#include <time.h>	/* clock_gettime() */
#include <unistd.h>	/* read(), readlink() */

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>	/* the re modifier */
#include <yaml.h>	/* rule files */

#include "correlate.h"
#include "detect.h"
#include "fieldcheck.h"
#include "json.h"
#include "mapper.h"
#include "util.h"
#include "writer.h"
#include "detect_int.h"

/* ---- matching ---- */

struct sval {
	size_t	 o, lo, n;	/* original and lower-cased text in buf */
};

/*
 * The values of one key in this record, and which pairs of adjacent
 * bytes (lower-cased, hashed to 4096 bits) occur in them: a literal
 * whose first or last pair is missing cannot occur, and most matchers
 * are ruled out by two bit tests instead of a substring search.
 */
struct vslot {
	uint32_t gen;
	uint32_t first, n;
	uint64_t pairs[64];	/* by the top 12 bits of the hash */
	uint64_t *big;		/* 65536 bits, for long values (keywords) */
	int	 use_big;
	uint32_t pgen;		/* the maps are of this record (made lazily) */
};

struct dworker {
	const struct detect	*d;
	pcre2_match_data	*md;
	uint32_t		 gen;
	struct vslot		*vs;		/* per key */
	struct vslot		 url[6];	/* per URL part */
	struct sval		*val;
	size_t			 nval, capval;
	char			*buf;
	size_t			 blen, bcap;
	size_t			*hit;
	struct str		 full, pq;	/* URL parts being built */
	struct str		 rd;		/* a decoded answer record */
	const struct dataset	*ds;
	int			 di;
	size_t			*chit;		/* matches correlations read */
	struct wbuf		 facts;		/* ... noted for correlate.c */
	/* the record's regular expressions: time spent, and what failed */
	int64_t			 re_start;	/* ns; 0: none run yet */
	int64_t			 re_cpu;	/* thread CPU ns once slow; or 0 */
	unsigned		 re_runs;
	int			 re_spent;	/* budget spent: no more run */
	const struct rule	*inc_rule;	/* the first not evaluated */
	int			 inc_key, cur_key;
	int			 inc_budget;	/* budget (1) or match limit (0) */
};

static void *
worker_new(void *shared)
{
	const struct detect *d = shared;
	struct dworker *w = xcalloc(1, sizeof(*w));

	w->d = d;
	w->md = pcre2_match_data_create(1, NULL);
	w->vs = xcalloc(d->nkey + 1, sizeof(*w->vs));
	w->hit = xcalloc(d->nrule + 1, sizeof(*w->hit));
	w->chit = xcalloc(d->nrule + 1, sizeof(*w->chit));
	w->capval = 64;		/* never NULL: w->val + 0 is taken */
	w->val = xcalloc(w->capval, sizeof(*w->val));
	w->bcap = 4096;
	w->buf = xmalloc(w->bcap);
	w->di = -1;
	return w;
}

static void
worker_free(void *arg)
{
	struct dworker *w = arg;
	size_t i;

	if (w == NULL)
		return;
	pcre2_match_data_free(w->md);
	for (i = 0; i < w->d->nkey; i++)
		free(w->vs[i].big);
	for (i = 0; i < 6; i++)
		free(w->url[i].big);
	free(w->vs);
	free(w->val);
	free(w->buf);
	free(w->hit);
	free(w->chit);
	wb_free(&w->facts);
	free(w->full.p);
	free(w->pq.p);
	free(w->rd.p);
	free(w);
}

/* Copy a value (and its lower-cased twin) into the worker's buffer. */
static void
put_val(struct dworker *w, const char *p, size_t n)
{
	struct sval *v;

	if (w->blen + 2 * n + 2 > w->bcap) {
		w->bcap = (w->blen + 2 * n + 2) * 2;
		w->buf = xrealloc(w->buf, w->bcap);
	}
	if (w->nval == w->capval) {
		w->capval = w->capval ? w->capval * 2 : 64;
		w->val = xrealloc(w->val, w->capval * sizeof(*w->val));
	}
	v = &w->val[w->nval++];
	v->o = w->blen;
	v->n = n;
	if (n > 0)
		memcpy(w->buf + w->blen, p, n);
	w->blen += n;
	w->buf[w->blen++] = '\0';
	v->lo = w->blen;
	if (n > 0)
		memcpy(w->buf + w->blen, p, n);
	lower(w->buf + w->blen, n);
	w->blen += n;
	w->buf[w->blen++] = '\0';
}

static void
put_node(struct dworker *w, const struct jval *v)
{
	const struct jval *e;
	const char *p;
	size_t n, k = 0;

	if (v == NULL || json_is(v, J_NULL))
		return;
	if (json_is(v, J_ARRAY)) {
		for (e = v->child; e != NULL && k < MAX_FIELD_VALS; e = e->next, k++)
			if (!json_is(e, J_ARRAY) && !json_is(e, J_OBJECT) &&
			    map_value_text(e, &p, &n))
				put_val(w, p, n);
		return;
	}
	if (map_value_text(v, &p, &n))
		put_val(w, p, n);
}

/* keywords: every string in the record, at any depth up to a bound. */
static void
put_strings(struct dworker *w, const struct jval *v, int depth)
{
	const struct jval *e;

	if (v == NULL || depth > MAX_KW_DEPTH)
		return;
	if (json_is(v, J_STRING))
		put_val(w, v->s, v->n);
	else if (json_is(v, J_ARRAY) || json_is(v, J_OBJECT))
		for (e = v->child; e != NULL; e = e->next)
			put_strings(w, e, depth + 1);
}

static size_t
raw_text(struct mapctx *m, int id, const char **p)
{
	const struct jval *v = id >= 0 ? map_field(m, id) : NULL;
	size_t n;

	if (v == NULL || !map_value_text(v, p, &n)) {
		*p = "";
		return 0;
	}
	return n;
}

static void
fill_pairs(struct dworker *w, struct vslot *vs)
{
	const unsigned char *p;
	size_t i, k;
	unsigned h;

	for (k = vs->first, i = 0; k < vs->first + vs->n; k++)
		i += w->val[k].n;
	/* Many bytes would fill the small map: the big one stays selective. */
	vs->use_big = i > 512;
	if (vs->use_big) {
		if (vs->big == NULL)
			vs->big = xmalloc(8192);
		memset(vs->big, 0, 8192);
	} else
		memset(vs->pairs, 0, sizeof(vs->pairs));
	for (k = vs->first; k < vs->first + vs->n; k++) {
		p = (const unsigned char *)w->buf + w->val[k].lo;
		for (i = 0; i + 2 < w->val[k].n; i++) {
			h = gram_hash(p + i);
			if (vs->use_big)
				vs->big[h >> 6] |= 1ULL << (h & 63);
			else
				vs->pairs[h >> 10] |= 1ULL << (h >> 4 & 63);
		}
	}
}

/* The URL parts of the record: full, path, query, path?query, extension. */
static void
url_parts(struct dworker *w, struct mapctx *m)
{
	const int *id = w->d->url_ids[w->di];
	const char *sch, *host, *uri, *path, *q, *full, *e, *s;
	size_t nsch, nhost, nuri, npath, nq, nfull;
	struct str f = w->full, pq = w->pq;
	size_t i, k;

	f.n = pq.n = 0;
	nsch = raw_text(m, id[0], &sch);
	nhost = raw_text(m, id[1], &host);
	nuri = raw_text(m, id[2], &uri);
	npath = raw_text(m, id[3], &path);
	nq = raw_text(m, id[4], &q);
	nfull = raw_text(m, id[5], &full);
	if (id[5] >= 0) {
		/* a full URL: scheme://host then path?query */
		str_put(&f, full, nfull);
		e = nfull > 0 ? memmem(full, nfull, "://", 3) : NULL;
		s = e != NULL ? memchr(e + 3, '/', nfull - (size_t)(e + 3 - full)) :
		    NULL;
		if (e == NULL)
			s = full;
		if (s != NULL)
			str_put(&pq, s, nfull - (size_t)(s - full));
	} else {
		if (id[2] >= 0)
			str_put(&pq, uri, nuri);
		else {
			str_put(&pq, path, npath);
			if (nq > 0 && q[0] == '?')
				q++, nq--;
			if (nq > 0) {
				str_c(&pq, '?');
				str_put(&pq, q, nq);
			}
		}
		if (pq.n > 0 && pq.p[0] != '/' && memmem(pq.p, pq.n, "://", 3))
			str_put(&f, pq.p, pq.n);	/* absolute already */
		else {
			if (nsch > 0) {
				str_put(&f, sch, nsch);
				str_put(&f, "://", 3);
			}
			str_put(&f, host, nhost);
			str_put(&f, pq.p ? pq.p : "", pq.n);
		}
	}
	if (pq.p == NULL)
		str_put(&pq, "", 0);
	if (f.p == NULL)
		str_put(&f, "", 0);
	for (i = 0; i < pq.n && pq.p[i] != '?'; i++)
		;
	for (k = 0; k < 6; k++) {
		w->url[k].gen = w->gen;
		w->url[k].first = (uint32_t)w->nval;
		w->url[k].n = 1;
		switch (k) {
		case 0:		/* the request target: query, then path?query */
			put_val(w, pq.p + (i < pq.n ? i + 1 : i),
			    i < pq.n ? pq.n - i - 1 : 0);
			put_val(w, pq.p, pq.n);
			w->url[k].n = 2;
			break;
		case R_URL:	put_val(w, f.p, f.n); break;
		case R_STEM:	put_val(w, pq.p, i); break;
		case R_QUERY:	put_val(w, pq.p + (i < pq.n ? i + 1 : i),
				    i < pq.n ? pq.n - i - 1 : 0); break;
		case R_PQ:	put_val(w, pq.p, pq.n); break;
		case R_EXT: {
			size_t a = i, dot = i;

			while (a > 0 && pq.p[a - 1] != '/') {
				a--;
				if (pq.p[a] == '.' && dot == i)
					dot = a;
			}
			put_val(w, pq.p + (dot < i ? dot + 1 : i),
			    dot < i ? i - dot - 1 : 0);
			break;
		}
		}
	}
	w->full = f;		/* kept for the next record */
	w->pq = pq;
}

/* Four hex digits at p (n bytes left), or -1. */
static long
hex4(const char *p, size_t n)
{
	long v = 0;
	int i;

	if (n < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		if (!isxdigit((unsigned char)p[i]))
			return -1;
		v = v * 16 + (isdigit((unsigned char)p[i]) ? p[i] - '0' :
		    (p[i] | 0x20) - 'a' + 10);
	}
	return v;
}

/*
 * One JSON string at p[*i] (the opening quote), decoded into w->rd;
 * *i moves past it.  0 if it is not a whole string.
 */
static int
json_string(struct dworker *w, const char *p, size_t n, size_t *i)
{
	size_t k = *i + 1;
	long c, lo;
	char u[4];
	int b;

	w->rd.n = 0;
	for (; k < n && p[k] != '"'; k++) {
		if (p[k] != '\\') {
			str_c(&w->rd, p[k]);
			continue;
		}
		if (++k >= n)
			return 0;
		switch (p[k]) {
		case 'b':	str_c(&w->rd, '\b'); break;
		case 'f':	str_c(&w->rd, '\f'); break;
		case 'n':	str_c(&w->rd, '\n'); break;
		case 'r':	str_c(&w->rd, '\r'); break;
		case 't':	str_c(&w->rd, '\t'); break;
		case 'u':
			if ((c = hex4(p + k + 1, n - k - 1)) < 0)
				return 0;
			k += 4;
			if (c >= 0xD800 && c < 0xDC00 && k + 6 < n &&
			    p[k + 1] == '\\' && p[k + 2] == 'u' &&
			    (lo = hex4(p + k + 3, n - k - 3)) >= 0xDC00 &&
			    lo < 0xE000) {
				c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
				k += 6;
			} else if (c >= 0xD800 && c < 0xE000)
				c = 0xFFFD;
			b = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
			if (b == 1)
				u[0] = (char)c;
			else {
				u[0] = (char)((0xF00 >> b & 0xF0) | c >> 6 * (b - 1));
				u[b - 1] = (char)(0x80 | (c & 0x3F));
				if (b > 2)
					u[b - 2] = (char)(0x80 | (c >> 6 & 0x3F));
				if (b > 3)
					u[1] = (char)(0x80 | (c >> 12 & 0x3F));
			}
			str_put(&w->rd, u, (size_t)b);
			break;
		default:	str_c(&w->rd, p[k]); break;	/* " \\ / */
		}
	}
	if (k >= n)
		return 0;
	*i = k + 1;
	return 1;
}

/* The data of each answer record in ResourceRecordsJSON's text: the
 * "rdata" (or "data") members, whatever their nesting. */
static void
put_rdata(struct dworker *w, const char *p, size_t n)
{
	size_t i = 0, j, k = 0;
	int key;

	while (i < n && k < MAX_FIELD_VALS) {
		if (p[i] != '"') {
			i++;
			continue;
		}
		if (!json_string(w, p, n, &i))
			return;
		for (j = i; j < n && (p[j] == ' ' || p[j] == '\t' ||
		    p[j] == '\n' || p[j] == '\r'); j++)
			;
		key = j < n && p[j] == ':' && ((w->rd.n == 5 &&
		    memcmp(w->rd.p, "rdata", 5) == 0) || (w->rd.n == 4 &&
		    memcmp(w->rd.p, "data", 4) == 0));
		if (!key)
			continue;
		for (j++; j < n && (p[j] == ' ' || p[j] == '\t' ||
		    p[j] == '\n' || p[j] == '\r'); j++)
			;
		i = j;
		if (j < n && p[j] == '"') {
			if (!json_string(w, p, n, &i))
				return;
			put_val(w, w->rd.p != NULL ? w->rd.p : "", w->rd.n);
			k++;
		}
	}
}

/* The values of key k in this record (fetched once per record). */
static struct vslot *
values(struct dworker *w, struct mapctx *m, int k)
{
	struct vslot *vs = &w->vs[k];
	const struct src *s = &w->d->key[k].src[w->di];
	const char *p;
	size_t len, i;
	int64_t iv;
	char num[32];
	const struct jval *obj;

	if (s->kind == S_URL) {
		if (w->url[s->id].gen != w->gen)
			url_parts(w, m);
		return &w->url[s->id];
	}
	if (vs->gen != w->gen) {
		vs->gen = w->gen;
		vs->first = (uint32_t)w->nval;
		switch (s->kind) {
		case S_RAW:
			put_node(w, map_field(m, s->id));
			break;
		case S_HEADER:
			obj = map_field(m, s->id);
			if (json_is(obj, J_OBJECT))
				put_node(w, json_get_nocase(obj, s->header));
			break;
		case S_SLOT:
			if (map_get_str(m, (enum slot)s->id, &p, &len))
				put_val(w, p, len);
			else if (map_get_int(m, (enum slot)s->id, &iv)) {
				snprintf(num, sizeof(num), "%lld", (long long)iv);
				put_val(w, num, strlen(num));
			} else
				for (i = 0; i < MAX_FIELD_VALS &&
				    map_get_list(m, (enum slot)s->id, i, &p, &len);
				    i++)
					put_val(w, p, len);
			break;
		case S_ANSWER:
			put_node(w, map_field(m, w->d->answer_ids[0]));
			put_node(w, map_field(m, w->d->answer_ids[1]));
			if ((len = raw_text(m, w->d->answer_ids[2], &p)) > 0 &&
			    json_is(map_field(m, w->d->answer_ids[2]), J_STRING))
				put_rdata(w, p, len);
			break;
		case S_KEYWORDS:
			for (i = 0; i < map_nmembers(m); i++)
				put_strings(w, map_member(m, i), 0);
			break;
		}
		vs->n = (uint32_t)(w->nval - vs->first);
	}
	return vs;
}

static int64_t
now_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/*
 * Has the record's regex time been spent?  The monotonic clock is cheap
 * (no system call); once a record has taken REGEX_SLOW_NS of it, the
 * thread's CPU time (a system call) is read from then on, so that a
 * thread kept waiting on a busy machine does not spend the budget: what
 * is counted is at most REGEX_SLOW_NS short of the CPU time spent.
 */
static int
budget_spent(struct dworker *w)
{
	if (w->re_cpu == 0) {
		if (now_ns(CLOCK_MONOTONIC) - w->re_start < REGEX_SLOW_NS)
			return 0;
		w->re_cpu = now_ns(CLOCK_THREAD_CPUTIME_ID);
		return 0;
	}
	return now_ns(CLOCK_THREAD_CPUTIME_ID) - w->re_cpu >
	    REGEX_BUDGET_NS - REGEX_SLOW_NS;
}

/* A regex of rule r could not say (limit or budget): the event is
 * marked, and its first such rule named. */
static void
not_evaluated(struct dworker *w, const struct rule *r, int budget)
{
	struct detect *d = (struct detect *)(uintptr_t)w->d;

	if (w->inc_rule == NULL) {
		w->inc_rule = r;
		w->inc_key = w->cur_key;
		w->inc_budget = budget;
	}
	__atomic_add_fetch(budget ? &d->not_run : &d->limit_hits, 1,
	    __ATOMIC_RELAXED);
}

/*
 * A regex within the record's budget: each match is bounded by the
 * PCRE2 limits, and all of the record's together by REGEX_BUDGET_NS
 * (the clock is read every 8th run), so that no rule file makes one
 * record cost seconds.  A regex that hits either is not a "no match":
 * the event is marked.
 */
static int
run_regex(struct dworker *w, const struct rule *r, const struct matcher *mt,
    const char *s, size_t n)
{
	int rc;

	if (w->re_spent) {
		not_evaluated(w, r, 1);
		return 0;
	}
	if (w->re_start == 0)
		w->re_start = now_ns(CLOCK_MONOTONIC);
	rc = pcre2_match(mt->re, (PCRE2_SPTR)s, n, 0, 0, w->md, w->d->mctx);
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT) {
		not_evaluated(w, r, 0);
		w->re_runs |= 7;	/* read the clock now */
	}
	if ((++w->re_runs & 7) == 0 && budget_spent(w))
		w->re_spent = 1;
	return rc >= 0;
}

static int
num_cmp(const struct matcher *mt, const char *s, size_t n)
{
	char buf[64], *end;
	double v;

	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	v = strtod(buf, &end);
	if (*end != '\0')
		return 0;
	switch (mt->op) {
	case '<':	return v < mt->num;
	case 'l':	return v <= mt->num;
	case '>':	return v > mt->num;
	default:	return v >= mt->num;
	}
}

static int
cidr_match(const struct matcher *mt, const char *s, size_t n)
{
	unsigned char a[16];
	char buf[64];
	int bits = mt->bits, i;

	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(mt->family, buf, a) != 1)
		return 0;
	for (i = 0; bits >= 8; i++, bits -= 8)
		if (a[i] != mt->addr[i])
			return 0;
	return bits == 0 ||
	    ((a[i] ^ mt->addr[i]) & (0xFF00 >> bits & 0xFF)) == 0;
}

static int
match_val(struct dworker *w, const struct rule *r, const struct matcher *mt,
    const struct sval *v)
{
	const char *s = w->buf + (mt->cased ? v->o : v->lo);
	size_t n = v->n;

	switch (mt->kind) {
	case MK_EQ:
		return n == mt->len && memcmp(s, mt->lit, n) == 0;
	case MK_CONTAINS:
		return mt->len == 0 || (n >= mt->len &&
		    memmem(s, n, mt->lit, mt->len) != NULL);
	case MK_START:
		return n >= mt->len && memcmp(s, mt->lit, mt->len) == 0;
	case MK_END:
		return n >= mt->len && memcmp(s + n - mt->len, mt->lit,
		    mt->len) == 0;
	case MK_GLOB:
		if (mt->prelen > 0 && (n < mt->prelen ||
		    memmem(s, n, mt->pre, mt->prelen) == NULL))
			return 0;
		return glob_match(mt->lit, mt->len, s, n);
	case MK_RE:
		if (mt->prelen > 0 && (n < mt->prelen ||
		    memmem(w->buf + v->lo, n, mt->pre, mt->prelen) == NULL))
			return 0;
		return run_regex(w, r, mt, w->buf + v->o, n);
	case MK_CIDR:
		return cidr_match(mt, w->buf + v->o, n);
	case MK_NUM:
		return num_cmp(mt, w->buf + v->o, n);
	default:
		return 0;
	}
}

/*
 * The per-record path: inlined where the evaluation runs (the match
 * explanation calls them too, which would otherwise keep them apart).
 */
#define HOT	static inline __attribute__((always_inline))

/* Does one matcher hold for the values (any of them)? */
HOT int
has_pair(const struct vslot *vs, int h)
{
	if (h < 0)
		return 1;
	if (vs->use_big)
		return vs->big[h >> 6] >> (h & 63) & 1;
	return vs->pairs[h >> 10] >> (h >> 4 & 63) & 1;
}

HOT int
match_any(struct dworker *w, const struct rule *r, const struct matcher *mt,
    struct vslot *vs)
{
	const struct sval *v = w->val + vs->first;
	size_t i, full = 0, nv = vs->n;

	if (mt->kind == MK_NULL || mt->kind == MK_EXISTS) {
		if (vs == &w->url[0])
			nv = 1;		/* the target's query alone says */
		for (i = 0; i < nv; i++)
			full += v[i].n > 0;
		return mt->kind == MK_NULL ? full == 0 : (full > 0) == mt->exists;
	}
	if (mt->gram[0] >= 0 && vs->pgen != w->gen) {
		fill_pairs(w, vs);
		vs->pgen = w->gen;
	}
	if (!has_pair(vs, mt->gram[0]) || !has_pair(vs, mt->gram[1]) ||
	    !has_pair(vs, mt->gram[2]) || !has_pair(vs, mt->gram[3]))
		return 0;
	/*
	 * Many values (keywords: every string of the record): one search
	 * through all of them.  They lie in buf one after another, each as
	 * it is and lower-cased, ended by NULs, so a lower-case literal
	 * without NUL occurs in the run exactly when it occurs in a value.
	 */
	if (nv > 1 && mt->kind == MK_CONTAINS && !mt->cased && mt->len > 0 &&
	    memchr(mt->lit, '\0', mt->len) == NULL)
		return memmem(w->buf + v[0].o, v[nv - 1].lo + v[nv - 1].n -
		    v[0].o, mt->lit, mt->len) != NULL;
	for (i = 0; i < nv; i++)
		if (match_val(w, r, mt, &v[i]))
			return 1;
	return 0;
}

/* Can a matcher of c hold?  No when none of their first triples is in
 * the values (conditions with a summary). */
HOT int
possible(struct dworker *w, struct vslot *vs, const struct fcond *c)
{
	size_t i;

	if (vs->pgen != w->gen) {
		fill_pairs(w, vs);
		vs->pgen = w->gen;
	}
	if (vs->use_big)
		return 1;
	for (i = 0; i < c->nsumw; i++)
		if (c->sum[c->sumw[i]] & vs->pairs[c->sumw[i]])
			return 1;
	return 0;
}

HOT int
eval_cond(struct dworker *w, struct mapctx *m, const struct rule *r,
    const struct fcond *c)
{
	struct vslot *vs = values(w, m, c->key);
	size_t i;

	w->cur_key = c->key;
	if (c->sum != NULL && !possible(w, vs, c))
		return 0;
	for (i = 0; i < c->nm; i++) {
		if (match_any(w, r, &c->m[i], vs)) {
			if (!c->all)
				return 1;
		} else if (c->all)
			return 0;
	}
	return c->all;
}

static int
eval_sel(struct dworker *w, struct mapctx *m, const struct rule *r,
    const struct selection *s)
{
	size_t a, c;

	for (a = 0; a < s->nalt; a++) {
		for (c = 0; c < s->alt[a].nc; c++)
			if (!eval_cond(w, m, r, &s->alt[a].c[c]))
				break;
		if (c == s->alt[a].nc)
			return 1;
	}
	return 0;
}

static int
eval(struct dworker *w, struct mapctx *m, const struct rule *r, int n)
{
	const struct node *nd = &r->node[n];

	switch (nd->kind) {
	case N_SEL:	return eval_sel(w, m, r, &r->sel[nd->a]);
	case N_NOT:	return !eval(w, m, r, nd->a);
	case N_AND:	return eval(w, m, r, nd->a) && eval(w, m, r, nd->b);
	case N_OR:	return eval(w, m, r, nd->a) || eval(w, m, r, nd->b);
	case N_TRUE:	return 1;
	default:	return 0;
	}
}

/* ---- which part of a rule matched (cfecs.match) ---- */

#define MATCH_ENTRIES	16	/* per event */
#define MATCH_TEXT	256	/* bytes of a value or pattern */

struct explain {
	struct wbuf	 b;
	size_t		 n;
	const char	*rule;		/* JSON text of the rule's id */
	const char	*sel;
};

/* A string cut to MATCH_TEXT bytes, not inside a UTF-8 character. */
static void
put_cut(struct wbuf *b, const char *p, size_t n)
{
	if (n > MATCH_TEXT) {
		n = MATCH_TEXT;
		while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
			n--;
	}
	wb_str(b, p, n);
}

static void
explain_entry(struct explain *x, const char *field, const struct matcher *mt,
    const char *val, size_t n)
{
	if (x->n++ >= MATCH_ENTRIES)
		return;
	wb_char(&x->b, x->n > 1 ? ',' : '[');
	wb_lit(&x->b, "{\"rule\":");
	wb_raw(&x->b, x->rule, strlen(x->rule));
	wb_lit(&x->b, ",\"selection\":");
	wb_str(&x->b, x->sel, strlen(x->sel));
	wb_lit(&x->b, ",\"field\":");
	if (*field == '\0')
		wb_lit(&x->b, "\"keywords\"");
	else
		put_cut(&x->b, field, strlen(field));
	if (mt->src != NULL) {
		wb_lit(&x->b, ",\"pattern\":");
		put_cut(&x->b, mt->src, strlen(mt->src));
	}
	if (val != NULL) {
		wb_lit(&x->b, ",\"value\":");
		put_cut(&x->b, val, n);
	}
	wb_char(&x->b, '}');
}

/* The values of a condition that its matchers hold for (the first one
 * that does; each of them with |all). */
static void
explain_cond(struct explain *x, struct dworker *w, struct mapctx *m,
    const struct rule *r, const struct fcond *c)
{
	struct vslot *vs = values(w, m, c->key);
	const struct sval *v = w->val + vs->first;
	const char *field = w->d->key[c->key].name;
	const struct matcher *mt;
	size_t i, k;

	for (i = 0; i < c->nm; i++) {
		mt = &c->m[i];
		if (!match_any(w, r, mt, vs))
			continue;
		if (mt->kind == MK_NULL || mt->kind == MK_EXISTS)
			explain_entry(x, field, mt, NULL, 0);
		else
			for (k = 0; k < vs->n; k++)
				if (match_val(w, r, mt, &v[k])) {
					explain_entry(x, field, mt,
					    w->buf + v[k].o, v[k].n);
					break;
				}
		if (!c->all)
			return;
	}
}

/* The selections that made the rule true, outside any "not". */
static void
explain_node(struct explain *x, struct dworker *w, struct mapctx *m,
    const struct rule *r, int n)
{
	const struct node *nd = &r->node[n];
	const struct selection *sel;
	size_t a, c;

	switch (nd->kind) {
	case N_SEL:
		sel = &r->sel[nd->a];
		for (a = 0; a < sel->nalt; a++) {
			for (c = 0; c < sel->alt[a].nc; c++)
				if (!eval_cond(w, m, r, &sel->alt[a].c[c]))
					break;
			if (c < sel->alt[a].nc)
				continue;
			x->sel = sel->name;
			for (c = 0; c < sel->alt[a].nc; c++)
				explain_cond(x, w, m, r, &sel->alt[a].c[c]);
			return;
		}
		return;
	case N_AND:
		explain_node(x, w, m, r, nd->a);
		explain_node(x, w, m, r, nd->b);
		return;
	case N_OR:
		if (eval(w, m, r, nd->a))
			explain_node(x, w, m, r, nd->a);
		else
			explain_node(x, w, m, r, nd->b);
		return;
	default:
		return;		/* not: what did not match explains nothing */
	}
}

/* cfecs.match: [{rule, selection, field, pattern, value} ...]. */
static void
put_match(struct mapctx *m, struct dworker *w, size_t nhit)
{
	struct explain x;
	const struct rule *r;
	size_t k;

	memset(&x, 0, sizeof(x));
	wb_init(&x.b, 256);
	for (k = 0; k < nhit && x.n < MATCH_ENTRIES; k++) {
		r = w->d->rule[w->hit[k]];
		x.rule = r->j_id;
		explain_node(&x, w, m, r, r->root);
	}
	if (x.n > 0) {
		wb_char(&x.b, ']');
		map_clear(m, SLOT_CFECS_MATCH);
		map_put_json(m, SLOT_CFECS_MATCH,
		    memcpy(map_alloc(m, x.b.len), x.b.p, x.b.len), x.b.len);
	}
	wb_free(&x.b);
}

/* ---- the output of a match ---- */

/* A JSON array of strings (already JSON) in the event's memory. */
static void
put_array(struct mapctx *m, enum slot s, char *const *json, size_t n)
{
	size_t len = 2, i;
	char *p, *q;

	for (i = 0; i < n; i++)
		len += strlen(json[i]) + 1;
	p = q = map_alloc(m, len);
	*q++ = '[';
	for (i = 0; i < n; i++) {
		if (i > 0)
			*q++ = ',';
		memcpy(q, json[i], strlen(json[i]));
		q += strlen(json[i]);
	}
	*q++ = ']';
	map_clear(m, s);
	map_put_json(m, s, p, (size_t)(q - p));
}

/* The ATT&CK names of the matched rules, each once, as a JSON array. */
static void
put_threat(struct mapctx *m, struct dworker *w, size_t nhit, enum slot s,
    int tech)
{
	char **out = NULL, **raw = NULL, **names;
	size_t n = 0, i, k, x, cnt;

	for (i = 0; i < nhit; i++) {
		const struct rule *r = w->d->rule[w->hit[i]];

		names = tech ? r->tech : r->tactic;
		cnt = tech ? r->ntech : r->ntactic;
		for (k = 0; k < cnt; k++) {
			for (x = 0; x < n && strcmp(raw[x], names[k]) != 0; x++)
				;
			if (x < n)
				continue;
			out = xrealloc(out, (n + 1) * sizeof(*out));
			raw = xrealloc(raw, (n + 1) * sizeof(*raw));
			raw[n] = names[k];
			out[n++] = rules_json_of(names[k], strlen(names[k]));
		}
	}
	if (n > 0)
		put_array(m, s, out, n);
	for (i = 0; i < n; i++)
		free(out[i]);
	free(out);
	free(raw);
}

static void
put_text(struct mapctx *m, enum slot s, const char *json)
{
	map_clear(m, s);
	map_put_json(m, s, json, strlen(json));
}

static void
emit(struct dworker *w, struct mapctx *m, size_t nhit)
{
	const struct rule *r = w->d->rule[w->hit[0]];
	char **ids, **names, num[8];
	int sev = 0, i;
	size_t k;
	enum slot s;

	map_alert(m);
	for (s = SLOT_RULE_ID; s <= SLOT_RULE_VERSION; s++)
		map_clear(m, s);
	if (nhit == 1) {
		put_text(m, SLOT_RULE_ID, r->j_id);
		put_text(m, SLOT_RULE_NAME, r->j_name);
		if (r->j_desc != NULL)
			put_text(m, SLOT_RULE_DESCRIPTION, r->j_desc);
		if (r->j_ref != NULL)
			put_text(m, SLOT_RULE_REFERENCE, r->j_ref);
		if (r->j_author != NULL)
			put_text(m, SLOT_RULE_AUTHOR, r->j_author);
	} else {
		ids = map_alloc(m, nhit * sizeof(*ids));
		names = map_alloc(m, nhit * sizeof(*names));
		for (k = 0; k < nhit; k++) {
			ids[k] = w->d->rule[w->hit[k]]->j_id;
			names[k] = w->d->rule[w->hit[k]]->j_name;
		}
		put_array(m, SLOT_RULE_ID, ids, nhit);
		put_array(m, SLOT_RULE_NAME, names, nhit);
	}
	map_put_str(m, SLOT_RULE_RULESET, "sigma", 5);
	put_match(m, w, nhit);
	for (k = 0; k < nhit; k++)
		if (w->d->rule[w->hit[k]]->severity > sev)
			sev = w->d->rule[w->hit[k]]->severity;
	map_clear(m, SLOT_EVENT_SEVERITY);
	map_put_int(m, SLOT_EVENT_SEVERITY, sev);
	for (i = 0; rules_levels[i].level != NULL; i++)
		if (rules_levels[i].severity == sev) {
			snprintf(num, sizeof(num), "%d", rules_levels[i].risk);
			k = strlen(num);
			map_clear(m, SLOT_EVENT_RISK_SCORE);
			map_put_json(m, SLOT_EVENT_RISK_SCORE,
			    memcpy(map_alloc(m, k), num, k), k);
		}
	for (k = 0; k < nhit; k++) {
		r = w->d->rule[w->hit[k]];
		if (r->ntech + r->ntactic > 0)
			break;
	}
	if (k < nhit) {
		map_clear(m, SLOT_THREAT_FRAMEWORK);
		map_put_str(m, SLOT_THREAT_FRAMEWORK, "MITRE ATT&CK", 12);
		put_threat(m, w, nhit, SLOT_THREAT_TACTIC_NAME, 0);
		put_threat(m, w, nhit, SLOT_THREAT_TECHNIQUE_ID, 1);
	}
}

/* A filter of the rule holds: the match is known benign. */
static int
filtered(struct dworker *w, struct mapctx *m, const struct rule *r)
{
	const struct rule *f;
	size_t i;

	for (i = 0; i < r->nfilter; i++) {
		f = w->d->rule[r->filter[i]];
		if ((f->datasets >> w->di & 1) && f->root >= 0 &&
		    eval(w, m, f, f->root))
			return 1;
	}
	return 0;
}

/* The first value of key k, as an offset in buf; -1 if none. */
static long
first_value(struct dworker *w, struct mapctx *m, int k)
{
	struct vslot *vs;

	if (k < 0)
		return -1;
	vs = values(w, m, k);
	if (vs->n == 0 || w->val[vs->first].n == 0)
		return -1;
	return (long)vs->first;
}

/*
 * What the correlations need of this record: for each match of a rule
 * they read, the group-by values (an event without one is in no group)
 * and the counted field's value.
 */
static void
note_facts(struct dworker *w, struct mapctx *m, size_t nchit)
{
	const char *val[64], *fv;
	size_t len[64], i, u, g, flen;
	long at[65];

	for (i = 0; i < nchit; i++) {
		const struct rule *r = w->d->rule[w->chit[i]];

		for (u = 0; u < r->nuse; u++) {
			const struct corr *c = w->d->corr[r->use[u].c];
			const int *key = c->from + (size_t)r->use[u].ref *
			    (c->ngroup + 1);

			for (g = 0; g <= c->ngroup; g++)
				if ((at[g] = first_value(w, m, key[g])) < 0 &&
				    g < c->ngroup)
					break;
			if (g < c->ngroup)
				continue;	/* in no group */
			/* values() may move buf: pointers only now */
			for (g = 0; g < c->ngroup; g++) {
				val[g] = w->buf + w->val[at[g]].o;
				len[g] = w->val[at[g]].n;
			}
			fv = at[c->ngroup] >= 0 ?
			    w->buf + w->val[at[c->ngroup]].o : NULL;
			flen = at[c->ngroup] >= 0 ? w->val[at[c->ngroup]].n : 0;
			corr_fact(r->use[u].c, r->use[u].ref, val, len,
			    c->ngroup, fv, flen);
		}
	}
}

/* --summary: each matched rule, with the source address and host. */
static void
note_summary(struct dworker *w, struct mapctx *m, size_t nhit)
{
	const char *v[2] = { "", "" };
	size_t len[2] = { 0, 0 }, i;

	if (!map_get_str(m, SLOT_SOURCE_IP, &v[0], &len[0])) {
		v[0] = "";
		len[0] = 0;
	}
	if (!map_get_str(m, SLOT_URL_DOMAIN, &v[1], &len[1]) &&
	    !map_get_str(m, SLOT_DESTINATION_ADDRESS, &v[1], &len[1])) {
		v[1] = "";
		len[1] = 0;
	}
	for (i = 0; i < nhit; i++)
		corr_fact(CORR_SUMMARY, (int)w->hit[i], v, len, 2, NULL, 0);
}

/* Does any word of the gate meet the values of its key? */
HOT int
gate_open(struct dworker *w, struct mapctx *m, const struct gate *gt)
{
	struct vslot *vs = values(w, m, gt->key);
	const struct gword *gw = w->d->gword + gt->first;
	uint32_t i;

	if (vs->pgen != w->gen) {
		fill_pairs(w, vs);
		vs->pgen = w->gen;
	}
	if (vs->use_big) {
		gw = w->d->gword + gt->bfirst;
		for (i = 0; i < gt->bn; i++)
			if (gw[i].mask & vs->big[gw[i].word])
				return 1;
		return 0;
	}
	for (i = 0; i < gt->n; i++)
		if (gw[i].mask & vs->pairs[gw[i].word])
			return 1;
	return 0;
}

/*
 * Rules that could not all be evaluated: tags "detection_incomplete",
 * error.type and error.message (unless the record already has an
 * error), and the note the committing side reports.
 */
static void
mark_incomplete(struct dworker *w, struct mapctx *m)
{
	const struct rule *r = w->inc_rule;
	const char *field = w->d->key[w->inc_key].name;
	char note[sizeof(((struct map_info *)0)->note)];
	size_t n;

	snprintf(note, sizeof(note), "rule %s: %s on %s; rules not all "
	    "evaluated, event tagged detection_incomplete", r->id,
	    w->inc_budget ? "the record's regular expression time budget "
	    "spent" : "regular expression match limit reached",
	    *field != '\0' ? field : "keywords");
	map_add_list(m, SLOT_TAGS, "detection_incomplete", 20);
	if (!map_is_set(m, SLOT_ERROR_TYPE)) {
		map_put_str(m, SLOT_ERROR_TYPE, "detection_incomplete", 20);
		n = strlen(note);
		map_put_str(m, SLOT_ERROR_MESSAGE,
		    memcpy(map_alloc(m, n), note, n), n);
	}
	map_incomplete(m, note);
}

static void
run(struct mapctx *m, void *shared, void *worker)
{
	const struct detect *d = shared;
	struct dworker *w = worker;
	const struct dataset *ds = map_record_dataset(m);
	const struct gate *gt;
	size_t i, nhit = 0, nchit = 0;
	int64_t ts;
	const size_t *g;
	int k;

	if (ds == NULL)
		return;
	if (ds != w->ds) {
		for (k = 0; k < d->ndatasets && datasets[k] != ds; k++)
			;
		w->ds = ds;
		w->di = k < d->ndatasets ? k : -1;
	}
	if (w->di < 0 || d->ngroup[w->di] == 0)
		return;
	if (++w->gen == 0) {
		/* After 2^32 records: no slot may look filled. */
		for (i = 0; i < d->nkey; i++)
			w->vs[i].gen = w->vs[i].pgen = 0;
		for (k = 0; k < 6; k++)
			w->url[k].gen = w->url[k].pgen = 0;
		w->gen = 1;
	}
	w->nval = 0;
	w->blen = 0;
	w->re_start = 0;
	w->re_cpu = 0;
	w->re_spent = 0;
	w->inc_rule = NULL;
	g = d->group[w->di];
	gt = d->gate[w->di];
	for (i = 0; i < d->ngroup[w->di]; i++) {
		const struct rule *r = d->rule[g[i]];

		if (gt[i].n > 0 && !gate_open(w, m, &gt[i]))
			continue;
		if (!eval(w, m, r, r->root) || (r->nfilter > 0 &&
		    filtered(w, m, r)))
			continue;
		if (!r->silent)
			w->hit[nhit++] = g[i];
		if (r->nuse > 0)
			w->chit[nchit++] = g[i];
	}
	if (nchit > 0 || (nhit > 0 && d->summary)) {
		if (!map_get_int(m, SLOT_TIMESTAMP, &ts))
			ts = INT64_MIN;		/* counted, in no window */
		corr_begin(&w->facts, ts);
		if (nchit > 0)
			note_facts(w, m, nchit);
		if (nhit > 0 && d->summary)
			note_summary(w, m, nhit);
	}
	if (nhit > 0)
		emit(w, m, nhit);
	if (w->inc_rule != NULL)
		mark_incomplete(w, m);
}

void
detect_stage(struct detect *d, struct map_stage *st)
{
	size_t i;
	int k;

	if (!d->compiled) {
		rules_link_rules(d);
		for (i = 0; i < d->nrule; i++)
			rules_pairs(d->rule[i]);
		for (k = 0; k < d->ndatasets; k++) {
			d->group[k] = xcalloc(d->nrule + 1, sizeof(size_t));
			d->gate[k] = xcalloc(d->nrule + 1, sizeof(struct gate));
			for (i = 0; i < d->nrule; i++)
				if ((d->rule[i]->datasets >> k & 1) &&
				    d->rule[i]->corr < 0 &&
				    !d->rule[i]->is_filter) {
					d->gate[k][d->ngroup[k]] =
					    rules_pack_gate(d, d->rule[i]->gate,
					    d->rule[i]->gate_one);
					d->group[k][d->ngroup[k]++] = i;
				}
		}
		d->compiled = 1;
	}
	st->shared = d;
	st->worker_new = worker_new;
	st->worker_free = worker_free;
	st->run = run;
}
