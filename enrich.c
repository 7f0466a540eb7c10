/*
 * enrich.c: values an analyst pivots on, derived from the mapped event
 * (a stage after the mapper, before detection and the writer).
 *
 *  - Domain split: registered_domain, top_level_domain (the effective
 *    TLD, "co.uk") and subdomain of url.domain, source.domain,
 *    destination.domain and dns.question.name, from the Public Suffix
 *    List through libpsl.  The parts keep the case the record has.
 *  - User agent: user_agent.name, .version, .os.name, .os.version,
 *    .os.full and .device.name from uap-core's regexes.yaml (libyaml to
 *    load it, PCRE2 to match), as Elasticsearch's user_agent processor
 *    does: first match wins, "Other" when no agent or device matches.
 *    Each regex is compiled (and so checked) at start-up and JIT-compiled
 *    once it has been used often; results are cached per thread by
 *    agent string.
 *  - network.community_id: Community ID v1, seed 0 (SHA-1 and base64
 *    from nettle), for events with both IPs and an IP protocol (and the
 *    ports, or ICMP type and code, where the protocol has them).
 *
 * Everything loaded is shared read-only by the worker threads; a
 * worker's cache and match buffers are its own.
 */
#include <arpa/inet.h>	/* inet_pton() */
#include <errno.h>	/* errno */
#include <stdatomic.h>	/* the lazily JIT-compiled regexes */
#include <stdio.h>	/* fopen(), snprintf() */
#include <string.h>
#include <sys/stat.h>	/* fstat() */

#include <libpsl.h>	/* psl_latest(), psl_registrable_domain() */
#include <nettle/base64.h>	/* base64_encode_raw() */
#include <nettle/sha1.h>	/* sha1_digest() */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>	/* pcre2_compile(), pcre2_match() */
#include <yaml.h>	/* yaml_parser_load() */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>	/* RUNNING_ON_VALGRIND */
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND	0
#endif

#include "enrich.h"
#include "mapper.h"
#include "util.h"

const char *const enrich_fields[] = {
	"source.registered_domain", "source.top_level_domain",
	"source.subdomain",
	"destination.registered_domain", "destination.top_level_domain",
	"destination.subdomain",
	"network.community_id",
	"dns.question.registered_domain", "dns.question.top_level_domain",
	"dns.question.subdomain",
	"url.registered_domain", "url.top_level_domain", "url.subdomain",
	"user_agent.name", "user_agent.version", "user_agent.os.name",
	"user_agent.os.version", "user_agent.os.full",
	"user_agent.device.name",
	NULL
};

/* ---- domain split ---- */

static const struct {
	enum slot	 name, registered, tld, sub;
} domains[] = {
	{ SLOT_SOURCE_DOMAIN, SLOT_SOURCE_REGISTERED_DOMAIN,
	  SLOT_SOURCE_TOP_LEVEL_DOMAIN, SLOT_SOURCE_SUBDOMAIN },
	{ SLOT_DESTINATION_DOMAIN, SLOT_DESTINATION_REGISTERED_DOMAIN,
	  SLOT_DESTINATION_TOP_LEVEL_DOMAIN, SLOT_DESTINATION_SUBDOMAIN },
	{ SLOT_DNS_QUESTION_NAME, SLOT_DNS_QUESTION_REGISTERED_DOMAIN,
	  SLOT_DNS_QUESTION_TOP_LEVEL_DOMAIN, SLOT_DNS_QUESTION_SUBDOMAIN },
	{ SLOT_URL_DOMAIN, SLOT_URL_REGISTERED_DOMAIN,
	  SLOT_URL_TOP_LEVEL_DOMAIN, SLOT_URL_SUBDOMAIN },
};

/* A DNS name at most, made of labels that are not empty. */
static int
name_like(const char *p, size_t n)
{
	size_t i;

	if (n == 0 || n > 253 || p[0] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == '.' && (i + 1 == n || p[i + 1] == '.'))
			return 0;
		if (c <= ' ' || c == ':' || c == '/' || c == '@' || c == '[' ||
		    c == ']' || c == '"' || c == '\\' || c == 0x7f)
			return 0;
	}
	return 1;
}

static int
is_ipv4(const char *p, size_t n)
{
	unsigned char a[4];
	char tmp[16];

	if (n >= sizeof(tmp))
		return 0;
	memcpy(tmp, p, n);
	tmp[n] = '\0';
	return inet_pton(AF_INET, tmp, a) == 1;
}

/*
 * The split of a name, cached per thread (direct-mapped: a log has few
 * distinct hosts, and libpsl's lookup costs thousands of instructions).
 */
#define DOMAIN_CACHE	512

struct split {
	unsigned char	 len;		/* of name; 0: empty slot */
	short		 reg;		/* registered domain offset, -1: none */
	short		 tld;		/* top-level domain offset */
	char		 name[253];	/* lower case */
};

static void
split_domain(struct mapctx *m, const psl_ctx_t *psl, struct split *cache,
    size_t k)
{
	const char *p, *reg, *dot;
	struct split *c;
	char low[256];
	size_t n, i;
	uint32_t h = 2166136261u;

	if (!map_get_str(m, domains[k].name, &p, &n))
		return;
	while (n > 0 && p[n - 1] == '.')
		n--;
	if (!name_like(p, n) || is_ipv4(p, n))
		return;
	/* libpsl wants lower case; ASCII folding keeps every offset. */
	for (i = 0; i < n; i++) {
		low[i] = (p[i] >= 'A' && p[i] <= 'Z') ? (char)(p[i] | 0x20) : p[i];
		h = (h ^ (unsigned char)low[i]) * 16777619u;
	}
	low[n] = '\0';
	c = &cache[h % DOMAIN_CACHE];
	if (c->len != n || memcmp(c->name, low, n) != 0) {
		c->len = (unsigned char)n;
		memcpy(c->name, low, n);
		c->reg = c->tld = -1;
		if ((reg = psl_registrable_domain(psl, low)) != NULL &&
		    reg >= low && reg < low + n &&
		    (reg == low || reg[-1] == '.') &&
		    (dot = memchr(reg, '.', (size_t)(low + n - reg))) != NULL) {
			c->reg = (short)(reg - low);
			c->tld = (short)(dot + 1 - low);
		}
	}
	if (c->reg < 0)
		return;
	map_put_str(m, domains[k].registered, p + c->reg, n - (size_t)c->reg);
	map_put_str(m, domains[k].tld, p + c->tld, n - (size_t)c->tld);
	if (c->reg > 1)
		map_put_str(m, domains[k].sub, p, (size_t)c->reg - 1);
}

/* ---- user agent: regexes.yaml ---- */

#define UAP_MAX_FILE	(64 * 1024 * 1024)	/* a regexes.yaml is 200 KB */
#define UAP_NREPL	5	/* family/name and four version parts */
#define UA_MAX_LEN	1024	/* an agent is parsed on this many bytes */
#define UA_CACHE_MAX	2048	/* agents cached per thread */
#define UA_BUCKETS	4096
#define UA_MATCH_LIMIT	200000	/* backtracking steps per regex */

enum { UAP_AGENT, UAP_OS, UAP_DEVICE, UAP_NLISTS };

static const char *const list_key[UAP_NLISTS] = {
	"user_agent_parsers", "os_parsers", "device_parsers"
};

/* Replacement keys, by list; the n-th replaces capture group n + 1. */
static const char *const repl_key[UAP_NLISTS][UAP_NREPL] = {
	{ "family_replacement", "v1_replacement", "v2_replacement",
	  "v3_replacement", "v4_replacement" },
	{ "os_replacement", "os_v1_replacement", "os_v2_replacement",
	  "os_v3_replacement", "os_v4_replacement" },
	{ "device_replacement", NULL, NULL, NULL, NULL },
};

struct rule {
	pcre2_code		*code;		/* compiled at load */
	_Atomic(pcre2_code *)	 jit;		/* JIT copy, made once used
						   often; code if JIT fails */
	atomic_uint		 uses;		/* matches tried, up to JIT */
	char			*repl[UAP_NREPL];
};

struct uap {
	struct rule	*rule[UAP_NLISTS];
	size_t		 nrule[UAP_NLISTS];
	uint32_t	 max_groups;
};

static void
rules_free(struct rule *r, size_t n)
{
	pcre2_code *j;
	size_t i, k;

	for (i = 0; i < n; i++) {
		j = atomic_load(&r[i].jit);
		if (j != NULL && j != r[i].code)
			pcre2_code_free(j);
		pcre2_code_free(r[i].code);
		for (k = 0; k < UAP_NREPL; k++)
			free(r[i].repl[k]);
	}
	free(r);
}

void
uap_free(struct uap *u)
{
	int l;

	if (u == NULL)
		return;
	for (l = 0; l < UAP_NLISTS; l++)
		rules_free(u->rule[l], u->nrule[l]);
	free(u);
}

/*
 * The loader reads libyaml's events rather than its document tree: the
 * file is untrusted, and libyaml's cost grows with the square of the
 * nesting depth, so nesting is refused early (a regexes.yaml needs four
 * levels), and aliases are never expanded.
 */
#define UAP_MAX_DEPTH	32

struct loader {
	yaml_parser_t	 parser;
	yaml_event_t	 ev;
	int		 have;		/* ev holds an event */
	const char	*path;
	char		*err;
	size_t		 errlen;
	struct uap	*u;
	size_t		 cap[UAP_NLISTS];
};

static int
fail(struct loader *y, const char *what)
{
	snprintf(y->err, y->errlen, "%s:%lu: %s", y->path,
	    (unsigned long)y->ev.start_mark.line + 1, what);
	return -1;
}

static int
next(struct loader *y)
{
	if (y->have)
		yaml_event_delete(&y->ev);
	y->have = 0;
	if (!yaml_parser_parse(&y->parser, &y->ev)) {
		snprintf(y->err, y->errlen, "%s:%lu: invalid YAML: %s", y->path,
		    (unsigned long)y->parser.problem_mark.line + 1,
		    y->parser.problem != NULL ? y->parser.problem : "parse error");
		return -1;
	}
	y->have = 1;
	return 0;
}

static int
is_start(const yaml_event_t *e)
{
	return e->type == YAML_SEQUENCE_START_EVENT ||
	    e->type == YAML_MAPPING_START_EVENT;
}

static int
is_end(const yaml_event_t *e)
{
	return e->type == YAML_SEQUENCE_END_EVENT ||
	    e->type == YAML_MAPPING_END_EVENT;
}

/* Skip the value whose first event is current; depth: its own level. */
static int
skip_value(struct loader *y, int depth)
{
	int open = is_start(&y->ev);

	while (open > 0) {
		if (depth + open > UAP_MAX_DEPTH)
			return fail(y, "nested too deep for a regexes.yaml");
		if (next(y) < 0)
			return -1;
		if (is_start(&y->ev))
			open++;
		else if (is_end(&y->ev))
			open--;
	}
	return 0;
}

static int
scalar_is(const yaml_event_t *e, const char *s)
{
	return e->type == YAML_SCALAR_EVENT &&
	    e->data.scalar.length == strlen(s) &&
	    memcmp(e->data.scalar.value, s, e->data.scalar.length) == 0;
}

static char *
scalar_copy(const yaml_event_t *e)
{
	return xstrndup((const char *)e->data.scalar.value,
	    e->data.scalar.length);
}

/* One list entry (its mapping start is current): regex, flag, templates. */
static int
load_rule(struct loader *y, int list, struct rule *r)
{
	unsigned long line = (unsigned long)y->ev.start_mark.line + 1;
	char key[32], *re = NULL;
	uint32_t flags = 0, groups;
	int i, ecode, r_ok;
	PCRE2_SIZE eoff;
	PCRE2_UCHAR msg[120];

	for (;;) {
		if (next(y) < 0)
			goto bad;
		if (y->ev.type == YAML_MAPPING_END_EVENT)
			break;
		key[0] = '\0';
		if (y->ev.type == YAML_SCALAR_EVENT &&
		    y->ev.data.scalar.length < sizeof(key)) {
			memcpy(key, y->ev.data.scalar.value,
			    y->ev.data.scalar.length);
			key[y->ev.data.scalar.length] = '\0';
		}
		if (skip_value(y, 4) < 0 || next(y) < 0)
			goto bad;
		if (y->ev.type != YAML_SCALAR_EVENT) {
			if (skip_value(y, 4) < 0)
				goto bad;
			continue;
		}
		if (strcmp(key, "regex") == 0 && re == NULL)
			re = scalar_copy(&y->ev);
		else if (strcmp(key, "regex_flag") == 0 && scalar_is(&y->ev, "i"))
			flags |= PCRE2_CASELESS;
		for (i = 0; i < UAP_NREPL; i++)
			if (repl_key[list][i] != NULL && r->repl[i] == NULL &&
			    strcmp(key, repl_key[list][i]) == 0)
				r->repl[i] = scalar_copy(&y->ev);
	}
	if (re == NULL) {
		snprintf(y->err, y->errlen, "%s:%lu: a parser entry has no regex",
		    y->path, line);
		goto bad;
	}
	r->code = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, flags,
	    &ecode, &eoff, NULL);
	r_ok = r->code != NULL;
	if (!r_ok) {
		pcre2_get_error_message(ecode, msg, sizeof(msg));
		snprintf(y->err, y->errlen, "%s:%lu: invalid regex at offset "
		    "%lu: %s", y->path, line, (unsigned long)eoff,
		    (const char *)msg);
	}
	free(re);
	if (!r_ok)
		return -1;
	atomic_init(&r->jit, NULL);
	atomic_init(&r->uses, 0);
	if (pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &groups) == 0 &&
	    groups > y->u->max_groups)
		y->u->max_groups = groups;
	return 0;
bad:
	free(re);
	return -1;
}

/* A parser list (its sequence start is current). */
static int
load_list(struct loader *y, int list)
{
	struct uap *u = y->u;
	struct rule *r;

	if (u->rule[list] != NULL)
		return fail(y, "a parser list given twice");
	u->rule[list] = xcalloc(1, sizeof(struct rule));
	y->cap[list] = 1;
	for (;;) {
		if (next(y) < 0)
			return -1;
		if (y->ev.type == YAML_SEQUENCE_END_EVENT)
			return 0;
		if (y->ev.type != YAML_MAPPING_START_EVENT)
			return fail(y, "a parser entry is not a mapping");
		if (u->nrule[list] == y->cap[list]) {
			y->cap[list] *= 2;
			u->rule[list] = xrealloc(u->rule[list],
			    y->cap[list] * sizeof(struct rule));
		}
		r = &u->rule[list][u->nrule[list]++];
		memset(r, 0, sizeof(*r));
		if (load_rule(y, list, r) < 0)
			return -1;
	}
}

/* The first document: a mapping of parser lists. */
static int
load_events(struct loader *y)
{
	int l, found = 0;

	if (next(y) < 0 || next(y) < 0)		/* stream, document */
		return -1;
	if (y->ev.type != YAML_DOCUMENT_START_EVENT || next(y) < 0 ||
	    y->ev.type != YAML_MAPPING_START_EVENT) {
		snprintf(y->err, y->errlen, "%s: not a regexes.yaml (no mapping "
		    "of parser lists)", y->path);
		return -1;
	}
	for (;;) {
		if (next(y) < 0)
			return -1;
		if (y->ev.type == YAML_MAPPING_END_EVENT)
			break;
		for (l = 0; l < UAP_NLISTS && !scalar_is(&y->ev, list_key[l]); l++)
			;
		if (skip_value(y, 2) < 0 || next(y) < 0)
			return -1;
		if (l == UAP_NLISTS) {
			if (skip_value(y, 2) < 0)
				return -1;
			continue;
		}
		if (y->ev.type != YAML_SEQUENCE_START_EVENT)
			return fail(y, "a parser list is not a list");
		found = 1;
		if (load_list(y, l) < 0)
			return -1;
	}
	if (!found) {
		snprintf(y->err, y->errlen, "%s: not a regexes.yaml (none of "
		    "user_agent_parsers, os_parsers, device_parsers)", y->path);
		return -1;
	}
	return 0;
}

struct uap *
uap_load(const char *path, char *err, size_t errlen)
{
	struct loader y;
	struct stat st;
	FILE *f;
	int r;

	if ((f = fopen(path, "rb")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) == 0 && (S_ISDIR(st.st_mode) ||
	    st.st_size > UAP_MAX_FILE)) {
		snprintf(err, errlen, "%s: %s", path, S_ISDIR(st.st_mode) ?
		    strerror(EISDIR) : "too large for a regexes.yaml");
		fclose(f);
		return NULL;
	}
	memset(&y, 0, sizeof(y));
	if (!yaml_parser_initialize(&y.parser))
		fatalx("out of memory");
	yaml_parser_set_input_file(&y.parser, f);
	y.path = path;
	y.err = err;
	y.errlen = errlen;
	y.u = xcalloc(1, sizeof(*y.u));
	r = load_events(&y);
	if (y.have)
		yaml_event_delete(&y.ev);
	yaml_parser_delete(&y.parser);
	fclose(f);
	if (r < 0) {
		uap_free(y.u);
		return NULL;
	}
	return y.u;
}

/*
 * The rule's code for matching.  JIT compiling costs about as much as
 * a hundred interpreted matches, and with the cache a regex is tried
 * once per new agent: a log with a few dozen agents never pays for it,
 * a log with thousands does once a regex has been tried UAP_JIT_AFTER
 * times.
 */
#define UAP_JIT_AFTER	64

static pcre2_code *
rule_code(struct rule *r)
{
	pcre2_code *c = atomic_load_explicit(&r->jit, memory_order_acquire);
	pcre2_code *expect = NULL;

	if (c != NULL)
		return c;
	if (atomic_fetch_add_explicit(&r->uses, 1, memory_order_relaxed) <
	    UAP_JIT_AFTER)
		return r->code;
	/*
	 * JIT code reads words past the end of a subject, which valgrind
	 * reports; under valgrind the interpreter gives the same matches.
	 */
	if (RUNNING_ON_VALGRIND)
		c = r->code;
	else if ((c = pcre2_code_copy(r->code)) == NULL)
		fatalx("out of memory");
	else if (pcre2_jit_compile(c, PCRE2_JIT_COMPLETE) != 0) {
		pcre2_code_free(c);
		c = r->code;
	}
	/* Another thread may have been quicker: use its copy. */
	if (!atomic_compare_exchange_strong_explicit(&r->jit, &expect, c,
	    memory_order_acq_rel, memory_order_acquire)) {
		if (c != r->code)
			pcre2_code_free(c);
		c = expect;
	}
	return c;
}

/* ---- user agent: parsing and the per-thread cache ---- */

enum { UA_NAME, UA_VERSION, UA_OS_NAME, UA_OS_VERSION, UA_OS_FULL,
	UA_DEVICE, UA_NFIELDS };

static const enum slot ua_slot[UA_NFIELDS] = {
	SLOT_USER_AGENT_NAME, SLOT_USER_AGENT_VERSION, SLOT_USER_AGENT_OS_NAME,
	SLOT_USER_AGENT_OS_VERSION, SLOT_USER_AGENT_OS_FULL,
	SLOT_USER_AGENT_DEVICE_NAME
};

struct ua_entry {
	struct ua_entry	*next;
	uint64_t	 hash;
	size_t		 keylen;
	size_t		 off[UA_NFIELDS];
	size_t		 len[UA_NFIELDS];	/* 0: no value */
	char		 data[];		/* the key, then the values */
};

struct sbuf {
	char	*p;
	size_t	 n;
	size_t	 cap;
};

struct ua_worker {
	struct split		 domain[DOMAIN_CACHE];
	struct ua_entry		*bucket[UA_BUCKETS];
	size_t			 count;
	pcre2_match_data	*md;
	pcre2_match_context	*mc;
	struct sbuf		 b;		/* the values being built */
	size_t			 off[UA_NFIELDS];
	size_t			 len[UA_NFIELDS];
};

/* Append; p may point into the buffer itself. */
static void
sb_add(struct sbuf *b, const char *p, size_t n)
{
	size_t inside = b->p != NULL && p >= b->p && p < b->p + b->cap ?
	    (size_t)(p - b->p) : (size_t)-1;

	if (b->cap - b->n < n) {
		while (b->cap - b->n < n)
			b->cap = b->cap ? b->cap * 2 : 256;
		b->p = xrealloc(b->p, b->cap);
		if (inside != (size_t)-1)
			p = b->p + inside;
	}
	if (n > 0)
		memcpy(b->p + b->n, p, n);
	b->n += n;
}

/* Capture group g of the last match, or 0 when it did not take part. */
static int
group(pcre2_match_data *md, int rc, unsigned g, const char *s,
    const char **p, size_t *n)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

	if (g >= (unsigned)rc || ov[2 * g] == PCRE2_UNSET)
		return 0;
	*p = s + ov[2 * g];
	*n = ov[2 * g + 1] - ov[2 * g];
	return 1;
}

/*
 * A field of the match: the replacement template with $1..$9 put in,
 * or else capture group g; trimmed; stored as field f (empty: none).
 */
static void
ua_value(struct ua_worker *w, int rc, const char *s, const char *tmpl,
    unsigned g, int f)
{
	const char *p;
	size_t n, start = w->b.n;

	if (tmpl != NULL) {
		for (; *tmpl != '\0'; tmpl++)
			if (tmpl[0] == '$' && tmpl[1] >= '1' && tmpl[1] <= '9') {
				if (group(w->md, rc, (unsigned)(tmpl[1] - '0'), s,
				    &p, &n))
					sb_add(&w->b, p, n);
				tmpl++;
			} else
				sb_add(&w->b, tmpl, 1);
	} else if (group(w->md, rc, g, s, &p, &n))
		sb_add(&w->b, p, n);
	p = w->b.p + start;
	n = w->b.n - start;
	while (n > 0 && (*p == ' ' || *p == '\t'))
		p++, n--;
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	w->off[f] = (size_t)(p - w->b.p);
	w->len[f] = n;
}

/* The first rule of a list that matches, with its match in w->md. */
static struct rule *
ua_first(struct uap *u, struct ua_worker *w, int list, const char *s,
    size_t n, int *rc)
{
	size_t i;

	for (i = 0; i < u->nrule[list]; i++) {
		*rc = pcre2_match(rule_code(&u->rule[list][i]), (PCRE2_SPTR)s, n,
		    0, 0, w->md, w->mc);
		if (*rc > 0)
			return &u->rule[list][i];
	}
	return NULL;
}

/* Parse an agent into w->off/len (offsets into w->b). */
static void
ua_parse(struct uap *u, struct ua_worker *w, const char *s, size_t n)
{
	size_t poff[UAP_NREPL][2], plen[UAP_NREPL][2];
	struct rule *r;
	int rc, i, l;

	w->b.n = 0;
	memset(w->len, 0, sizeof(w->len));
	for (l = UAP_AGENT; l <= UAP_OS; l++) {
		if ((r = ua_first(u, w, l, s, n, &rc)) == NULL) {
			for (i = 0; i < UAP_NREPL; i++)
				plen[i][l] = 0;
			continue;
		}
		for (i = 0; i < UAP_NREPL; i++) {
			ua_value(w, rc, s, r->repl[i], (unsigned)i + 1, 0);
			poff[i][l] = w->off[0];
			plen[i][l] = w->len[0];
		}
	}
	/* Name and version: parts 0 and 1..4 of each list. */
	for (l = UAP_AGENT; l <= UAP_OS; l++) {
		int name = l == UAP_AGENT ? UA_NAME : UA_OS_NAME;
		int ver = l == UAP_AGENT ? UA_VERSION : UA_OS_VERSION;
		size_t start = w->b.n;

		w->off[name] = poff[0][l];
		w->len[name] = plen[0][l];
		w->len[ver] = 0;
		if (plen[0][l] == 0)
			continue;
		for (i = 1; i < UAP_NREPL && plen[i][l] > 0; i++) {
			if (i > 1)
				sb_add(&w->b, ".", 1);
			sb_add(&w->b, w->b.p + poff[i][l], plen[i][l]);
		}
		w->off[ver] = start;
		w->len[ver] = w->b.n - start;
	}
	if (w->len[UA_NAME] == 0) {
		w->off[UA_NAME] = w->b.n;
		sb_add(&w->b, "Other", 5);
		w->len[UA_NAME] = 5;
	}
	if (w->len[UA_OS_NAME] > 0 && w->len[UA_OS_VERSION] > 0) {
		size_t start = w->b.n;

		sb_add(&w->b, w->b.p + w->off[UA_OS_NAME], w->len[UA_OS_NAME]);
		sb_add(&w->b, " ", 1);
		sb_add(&w->b, w->b.p + w->off[UA_OS_VERSION],
		    w->len[UA_OS_VERSION]);
		w->off[UA_OS_FULL] = start;
		w->len[UA_OS_FULL] = w->b.n - start;
	}
	if ((r = ua_first(u, w, UAP_DEVICE, s, n, &rc)) != NULL)
		ua_value(w, rc, s, r->repl[0], 1, UA_DEVICE);
	if (w->len[UA_DEVICE] == 0) {
		w->off[UA_DEVICE] = w->b.n;
		sb_add(&w->b, "Other", 5);
		w->len[UA_DEVICE] = 5;
	}
}

/* Eight bytes at a time: agents are long and looked up on every record. */
static uint64_t
ua_hash(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	for (; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h ^ (h >> 29);
}

static void
ua_cache_clear(struct ua_worker *w)
{
	struct ua_entry *e, *next;
	size_t i;

	for (i = 0; i < UA_BUCKETS; i++) {
		for (e = w->bucket[i]; e != NULL; e = next) {
			next = e->next;
			free(e);
		}
		w->bucket[i] = NULL;
	}
	w->count = 0;
}

/* The parse of an agent, from the cache or parsed and cached. */
static const struct ua_entry *
ua_lookup(struct uap *u, struct ua_worker *w, const char *s, size_t n)
{
	struct ua_entry *e;
	uint64_t h;
	size_t i, at;

	if (n > UA_MAX_LEN)
		n = UA_MAX_LEN;
	h = ua_hash(s, n);
	for (e = w->bucket[h % UA_BUCKETS]; e != NULL; e = e->next)
		if (e->hash == h && e->keylen == n && memcmp(e->data, s, n) == 0)
			return e;
	/* Bounded: a log of ever new agents clears the cache now and then. */
	if (w->count == UA_CACHE_MAX)
		ua_cache_clear(w);
	ua_parse(u, w, s, n);
	e = xmalloc(sizeof(*e) + n + w->b.n);
	e->hash = h;
	e->keylen = n;
	memcpy(e->data, s, n);
	if (w->b.n > 0)
		memcpy(e->data + n, w->b.p, w->b.n);
	for (i = 0, at = n; i < UA_NFIELDS; i++) {
		e->off[i] = at + w->off[i];
		e->len[i] = w->len[i];
	}
	e->next = w->bucket[h % UA_BUCKETS];
	w->bucket[h % UA_BUCKETS] = e;
	w->count++;
	return e;
}

static void
user_agent(struct mapctx *m, struct uap *u, struct ua_worker *w)
{
	const struct ua_entry *e;
	const char *s;
	size_t n;
	int i, agent, os;

	if (u == NULL || !map_get_str(m, SLOT_USER_AGENT_ORIGINAL, &s, &n))
		return;
	/* Values the record carries itself win, each group as a whole. */
	agent = !map_is_set(m, SLOT_USER_AGENT_NAME) &&
	    !map_is_set(m, SLOT_USER_AGENT_VERSION);
	os = !map_is_set(m, SLOT_USER_AGENT_OS_NAME) &&
	    !map_is_set(m, SLOT_USER_AGENT_OS_VERSION);
	e = ua_lookup(u, w, s, n);
	for (i = 0; i < UA_NFIELDS; i++) {
		if (e->len[i] == 0 ||
		    ((i == UA_NAME || i == UA_VERSION) && !agent) ||
		    ((i == UA_OS_NAME || i == UA_OS_VERSION || i == UA_OS_FULL) &&
		    !os))
			continue;
		map_put_str(m, ua_slot[i], e->data + e->off[i], e->len[i]);
	}
}

/* ---- community ID ---- */

/* ICMP types that have a counterpart (request and reply), both ways. */
static const unsigned char icmp4_pairs[][2] = {
	{ 8, 0 }, { 13, 14 }, { 15, 16 }, { 10, 9 }, { 17, 18 }
};
static const unsigned char icmp6_pairs[][2] = {
	{ 128, 129 }, { 133, 134 }, { 135, 136 }, { 130, 131 }, { 139, 140 },
	{ 144, 145 }
};

/* ICMP type and code -> port equivalents; 1 when the flow is one-way. */
static int
icmp_ports(int v6, unsigned type, unsigned code, unsigned *sp, unsigned *dp)
{
	size_t i, n = v6 ? sizeof(icmp6_pairs) / 2 : sizeof(icmp4_pairs) / 2;
	const unsigned char (*t)[2] = v6 ? icmp6_pairs : icmp4_pairs;

	*sp = type;
	for (i = 0; i < n; i++) {
		if (t[i][0] == type) {
			*dp = t[i][1];
			return 0;
		}
		if (t[i][1] == type) {
			*dp = t[i][0];
			return 0;
		}
	}
	*dp = code;
	return 1;
}

size_t
community_id(const char *saddr, const char *daddr, int proto, int has_ports,
    unsigned sport, unsigned dport, char out[COMMUNITY_ID_SIZE])
{
	unsigned char s[16], d[16], buf[2 + 16 + 16 + 2 + 4];
	unsigned char digest[SHA1_DIGEST_SIZE];
	struct sha1_ctx ctx;
	size_t alen, n = 0;
	int swap, one_way = 0, c;

	if (inet_pton(AF_INET, saddr, s) == 1 && inet_pton(AF_INET, daddr, d) == 1)
		alen = 4;
	else if (inet_pton(AF_INET6, saddr, s) == 1 &&
	    inet_pton(AF_INET6, daddr, d) == 1)
		alen = 16;
	else
		return 0;
	if (proto < 0 || proto > 255 ||
	    (has_ports && (sport > 65535 || dport > 65535)))
		return 0;
	if (has_ports && (proto == 1 || proto == 58))
		one_way = icmp_ports(proto == 58, sport, dport, &sport, &dport);
	c = memcmp(s, d, alen);
	swap = !one_way && (c > 0 || (c == 0 && has_ports && sport > dport));
	buf[n++] = 0;		/* seed 0, two bytes */
	buf[n++] = 0;
	memcpy(buf + n, swap ? d : s, alen);
	n += alen;
	memcpy(buf + n, swap ? s : d, alen);
	n += alen;
	buf[n++] = (unsigned char)proto;
	buf[n++] = 0;
	if (has_ports) {
		unsigned a = swap ? dport : sport, b = swap ? sport : dport;

		buf[n++] = (unsigned char)(a >> 8);
		buf[n++] = (unsigned char)a;
		buf[n++] = (unsigned char)(b >> 8);
		buf[n++] = (unsigned char)b;
	}
	sha1_init(&ctx);
	sha1_update(&ctx, n, buf);
	sha1_digest(&ctx, sizeof(digest), digest);
	out[0] = '1';
	out[1] = ':';
	base64_encode_raw(out + 2, sizeof(digest), digest);
	n = 2 + BASE64_ENCODE_RAW_LENGTH(sizeof(digest));
	out[n] = '\0';
	return n;
}

static const struct {
	const char	*name;
	int		 number;
} protocols[] = {
	{ "icmp", 1 }, { "igmp", 2 }, { "ipv4", 4 }, { "tcp", 6 },
	{ "udp", 17 }, { "ipv6", 41 }, { "gre", 47 }, { "esp", 50 },
	{ "ah", 51 }, { "ipv6-icmp", 58 }, { "sctp", 132 },
};

/* Digits only, at most max; -1 otherwise. */
static long
small_number(const char *p, size_t n, long max)
{
	long v = 0;
	size_t i;

	if (n == 0 || n > 6)
		return -1;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v <= max ? v : -1;
}

static int
event_protocol(struct mapctx *m)
{
	const char *p;
	size_t n, i;
	int64_t v;

	if (map_get_str(m, SLOT_NETWORK_IANA_NUMBER, &p, &n))
		return (int)small_number(p, n, 255);
	if (map_get_int(m, SLOT_NETWORK_IANA_NUMBER, &v))
		return v >= 0 && v <= 255 ? (int)v : -1;
	if (!map_get_str(m, SLOT_NETWORK_TRANSPORT, &p, &n))
		return -1;
	for (i = 0; i < sizeof(protocols) / sizeof(protocols[0]); i++)
		if (strlen(protocols[i].name) == n &&
		    memcmp(protocols[i].name, p, n) == 0)
			return protocols[i].number;
	return -1;
}

struct enrich {
	const psl_ctx_t	*psl;
	struct uap	*uap;
	int		 icmp_type;	/* record fields, by map_field_id */
	int		 icmp_code;
};

static long
record_number(struct mapctx *m, int id, long max)
{
	const struct jval *v = map_field(m, id);
	const char *p;
	size_t n;

	if (v == NULL || !map_value_text(v, &p, &n))
		return -1;
	return small_number(p, n, max);
}

static void
flow_id(struct mapctx *m, const struct enrich *en)
{
	char s[64], d[64], *out;
	const char *p, *q;
	size_t pn, qn, n;
	int64_t sp = 0, dp = 0;
	long type, code;
	int proto, ports = 0;

	if ((proto = event_protocol(m)) < 0 ||
	    !map_get_str(m, SLOT_SOURCE_IP, &p, &pn) ||
	    !map_get_str(m, SLOT_DESTINATION_IP, &q, &qn) ||
	    pn >= sizeof(s) || qn >= sizeof(d))
		return;
	memcpy(s, p, pn);
	s[pn] = '\0';
	memcpy(d, q, qn);
	d[qn] = '\0';
	switch (proto) {
	case 6: case 17: case 132:	/* TCP, UDP, SCTP: the ports */
		if (!map_get_int(m, SLOT_SOURCE_PORT, &sp) ||
		    !map_get_int(m, SLOT_DESTINATION_PORT, &dp) ||
		    sp < 0 || sp > 65535 || dp < 0 || dp > 65535)
			return;
		ports = 1;
		break;
	case 1: case 58:		/* ICMP: type and code */
		if ((type = record_number(m, en->icmp_type, 255)) < 0 ||
		    (code = record_number(m, en->icmp_code, 255)) < 0)
			return;
		sp = type;
		dp = code;
		ports = 1;
		break;
	}
	out = map_alloc(m, COMMUNITY_ID_SIZE);
	if ((n = community_id(s, d, proto, ports, (unsigned)sp, (unsigned)dp,
	    out)) > 0)
		map_put_str(m, SLOT_NETWORK_COMMUNITY_ID, out, n);
}

/* ---- the stage ---- */

static void *
enrich_worker_new(void *shared)
{
	struct enrich *en = shared;
	struct ua_worker *w = xcalloc(1, sizeof(*w));

	/* Workers are made before the threads start (after map_init), so
	 * the record fields can be looked up here, once. */
	if (en->icmp_type == -2) {
		en->icmp_type = map_field_id("ICMPType");
		en->icmp_code = map_field_id("ICMPCode");
	}
	if (en->uap == NULL)
		return w;
	w->md = pcre2_match_data_create(en->uap->max_groups + 1, NULL);
	w->mc = pcre2_match_context_create(NULL);
	if (w->md == NULL || w->mc == NULL)
		fatalx("out of memory");
	pcre2_set_match_limit(w->mc, UA_MATCH_LIMIT);
	pcre2_set_depth_limit(w->mc, UA_MATCH_LIMIT);
	return w;
}

static void
enrich_worker_free(void *worker)
{
	struct ua_worker *w = worker;

	if (w == NULL)
		return;
	ua_cache_clear(w);
	pcre2_match_data_free(w->md);
	pcre2_match_context_free(w->mc);
	free(w->b.p);
	free(w);
}

static void
enrich_run(struct mapctx *m, void *shared, void *worker)
{
	struct enrich *en = shared;
	size_t k;

	for (k = 0; k < sizeof(domains) / sizeof(domains[0]); k++)
		split_domain(m, en->psl, ((struct ua_worker *)worker)->domain, k);
	user_agent(m, en->uap, worker);
	flow_id(m, en);
}

static struct enrich enrich_shared;
static struct map_stage stage = {
	&enrich_shared, enrich_worker_new, enrich_worker_free, enrich_run
};

const struct map_stage *
enrich_stage(const char *ua_path)
{
	char err[512];

	/* The newest of libpsl's built-in list and the system's file. */
	if ((enrich_shared.psl = psl_latest(NULL)) == NULL &&
	    (enrich_shared.psl = psl_builtin()) == NULL)
		fatalx("no public suffix list (libpsl)");
	if ((enrich_shared.uap = uap_load(ua_path != NULL ? ua_path :
	    UAP_DEFAULT_PATH, err, sizeof(err))) == NULL)
		fatalx("%s", err);
	enrich_shared.icmp_type = -2;	/* looked up by the first worker */
	return &stage;
}
