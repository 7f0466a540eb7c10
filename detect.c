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

#ifndef CFECS_RULES_DIR
#define CFECS_RULES_DIR	"/usr/local/share/cfecs/rules"
#endif

#define MAX_RULE_FILE	(1 << 20)	/* bytes: a rule is a page of YAML */
#define MAX_VALUES	4096		/* matchers per rule */
#define MAX_DEPTH	64		/* condition nesting */
#define MAX_FIELD_VALS	256		/* values of one field in a record */
#define MAX_KW_DEPTH	8		/* keywords: nesting searched */
#define MATCH_LIMIT	200000		/* PCRE2 backtracking bound */
#define REGEX_BUDGET_NS	100000000LL	/* regex CPU time per record: 100 ms */
#define REGEX_SLOW_NS	10000000LL	/* ... timed closely after 10 ms */
#define DEPTH_LIMIT	20000

/* ---- what a rule is compiled to ---- */

enum mkind {
	MK_EQ, MK_CONTAINS, MK_START, MK_END, MK_GLOB, MK_RE, MK_CIDR,
	MK_NUM, MK_EXISTS, MK_NULL
};

struct matcher {
	enum mkind	 kind;
	int		 cased;		/* compare the original text */
	char		*lit;		/* literal or glob, lowered unless cased */
	size_t		 len;
	char		*pre;		/* a literal that must occur (glob, re) */
	size_t		 prelen;
	int		 gram[4];	/* triples of lit or pre; -1: none */
	pcre2_code	*re;
	int		 op;		/* MK_NUM: '<', 'l' (<=), '>', 'g' (>=) */
	double		 num;
	int		 family;	/* MK_CIDR */
	unsigned char	 addr[16];
	int		 bits;
	int		 exists;	/* MK_EXISTS: true or false */
	char		*src;		/* the value as the rule wrote it */
};

/* One "field|modifiers: values": any value (all with |all). */
struct fcond {
	int		 key;
	int		 all;
	int		 cost;		/* regexes last */
	struct matcher	*m;
	size_t		 nm;
	/* Without |all, when every matcher needs a triple: the first
	 * triple of each, in the small map's layout (struct vslot), and
	 * the words that have any; no bit in the value's map, no match. */
	uint64_t	*sum;
	unsigned char	*sumw;
	size_t		 nsumw;
};

/* One alternative of a selection: all its conditions. */
struct alt {
	struct fcond	*c;
	size_t		 nc;
};

struct selection {
	char		*name;
	struct alt	*alt;
	size_t		 nalt;
};

enum nkind { N_SEL, N_NOT, N_AND, N_OR, N_TRUE, N_FALSE };

struct node {
	enum nkind	 kind;
	int		 a, b;		/* N_SEL: selection; else children */
};

/* A correlation that reads a rule's matches: which one, which reference. */
struct use {
	int		 c, ref;
};

struct rule {
	char		*id, *title, *level, *file;
	char		*name;		/* Sigma's name: for references */
	char		*why;		/* skipped: the reason */
	char		*never;		/* a value its field cannot hold: why */
	const struct fcond *gate;	/* a condition the rule needs: tested
					   before the rest (find_gate) */
	const struct matcher *gate_one;	/* |all: the matcher it needs */
	int		 line;		/* of the problem */
	int		 problem;	/* skipped for something unsupported */
	uint64_t	 datasets;	/* bit d: datasets[d] */
	struct selection *sel;
	size_t		 nsel;
	struct node	*node;
	size_t		 nnode;
	int		 root;
	int		 severity;	/* 1 (informational) .. 5 (critical) */
	/* JSON text for the output, made once */
	char		*j_id, *j_name, *j_desc, *j_ref, *j_author;
	char		**tech;		/* "T1071.001" */
	size_t		 ntech;
	char		**tactic;	/* "Command and Control" */
	size_t		 ntactic;
	int		 corr;		/* a correlation: d->corr index, or -1 */
	int		 is_filter;	/* a filter: targets, not run alone */
	char		**target;	/* filter: rules by id or name */
	size_t		 ntarget;
	size_t		*filter;	/* filters applied to this rule */
	size_t		 nfilter;
	struct use	*use;		/* correlations reading its matches */
	size_t		 nuse;
	int		 silent;	/* matches alert only through a correlation */
	int		 referenced;
};

/* Where a field's values come from, for one dataset. */
enum skind { S_NONE, S_RAW, S_SLOT, S_URL, S_KEYWORDS, S_HEADER, S_ANSWER };

struct src {
	unsigned char	 kind;
	int		 id;		/* field id, slot or URL part */
	const char	*header;	/* S_HEADER: a member of field id */
};

/*
 * A rule's gate, packed for the per-record loop: the key of a condition
 * the rule needs, and its summary's words (gword[first .. first + n));
 * n 0: no gate.  A record none of whose words meets is past the rule
 * without its structures being touched.
 */
struct gate {
	int		 key;
	uint32_t	 first, n;		/* the small map's words */
	uint32_t	 bfirst, bn;		/* the big map's (struct vslot) */
};

struct gword {
	uint64_t	 mask;
	uint32_t	 word;
};

struct fkey {
	char		*name;
	struct src	 src[64];
};

struct detect {
	int		 quiet;
	struct rule	**rule;
	size_t		 nrule;
	size_t		 problems;
	struct fkey	*key;
	size_t		 nkey;
	int		 ndatasets;
	size_t		*group[64];	/* rule indexes per dataset */
	size_t		 ngroup[64];
	struct gate	*gate[64];	/* ... and their gates, side by side */
	struct gword	*gword;		/* the gates' summary words */
	size_t		 ngword;
	int		 url_ids[64][6]; /* scheme host uri path query full */
	int		 answer_ids[3];	/* answer_fields */
	pcre2_match_context *mctx;
	int		 compiled;
	struct corr	**corr;		/* correlation rules */
	size_t		 ncorr;
	int		 min_severity;	/* --min-level */
	int		 all_status;	/* --include-deprecated */
	int		 summary;	/* --summary: note each alert's rules */
	int		 linked;
	char		*(*widen)[2];	/* --logsource: category, dataset */
	size_t		 nwiden;
	msg_fn		*say;
	/* counted by the workers */
	unsigned long long limit_hits;	/* regexes that hit a PCRE2 limit */
	unsigned long long not_run;	/* ... not run: the budget was spent */
};

/* ---- messages ---- */

/* Through the caller's message path (detect_set_say), else stderr. */
static void
vsay(const struct detect *d, int loud, const char *file, int line,
    const char *fmt, va_list ap)
{
	char text[1024];

	vsnprintf(text, sizeof(text), fmt, ap);
	if (d->say != NULL)
		d->say(loud, file, line > 0 ? (unsigned long long)line : 0, text);
	else if (loud || !d->quiet) {
		if (line > 0)
			fprintf(stderr, "cfecs: %s:%d: %s\n", file, line, text);
		else
			fprintf(stderr, "cfecs: %s: %s\n", file, text);
	}
}

/* A rule's problem: -q silences it (it is still counted). */
static void
warn_at(struct detect *d, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(d, 0, file, line, fmt, ap);
	va_end(ap);
}

/* A path that cannot be read at all. */
static void
error_at(struct detect *d, const char *file, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(d, 1, file, 0, fmt, ap);
	va_end(ap);
}

/* ---- field names ---- */

enum role {
	R_NONE, R_URL, R_STEM, R_QUERY, R_PQ, R_EXT, R_UA, R_HOST, R_METHOD,
	R_REFERER, R_STATUS, R_CSBYTES, R_SCBYTES, R_SRCIP, R_DSTIP,
	R_SRCPORT, R_DSTPORT, R_QNAME, R_QTYPE, R_ANSWER, R_ACTION,
	R_CONTENT_TYPE, R_VERSION, R_COOKIE, R_CS_CONTENT_TYPE, R_QTARGET
};

/* The URL parts a rule can name, indexes of dworker.url[]. */
#define URL_PART(r)	((r) >= R_URL && (r) <= R_EXT ? (int)(r) : \
			    (r) == R_QTARGET ? 0 : -1)
#define URL_PARTS	6

/* The Sigma taxonomy of the proxy, webserver, dns and firewall categories. */
static const struct {
	const char	*name;
	enum role	 role;
} taxonomy[] = {
	{ "c-uri",		R_URL },
	{ "c-uri-stem",		R_STEM },
	{ "cs-uri-stem",	R_STEM },
	{ "c-uri-query",	R_QUERY },
	/*
	 * Public rules put paths in cs-uri-query ("/public/plugins/..."):
	 * they mean the request target.  Its values are the query string
	 * and the path with the query, so both readings match.
	 */
	{ "cs-uri-query",	R_QTARGET },
	{ "cs-uri",		R_PQ },
	{ "c-uri-extension",	R_EXT },
	{ "c-useragent",	R_UA },
	{ "cs-user-agent",	R_UA },
	{ "cs-useragent",	R_UA },
	{ "cs-host",		R_HOST },
	{ "r-dns",		R_HOST },
	{ "cs-method",		R_METHOD },
	{ "cs-referrer",	R_REFERER },
	{ "cs-referer",		R_REFERER },
	{ "sc-status",		R_STATUS },
	{ "cs-bytes",		R_CSBYTES },
	{ "sc-bytes",		R_SCBYTES },
	{ "src_ip",		R_SRCIP },
	{ "c-ip",		R_SRCIP },
	{ "dst_ip",		R_DSTIP },
	{ "s-ip",		R_DSTIP },
	{ "src_port",		R_SRCPORT },
	{ "dst_port",		R_DSTPORT },
	{ "query",		R_QNAME },
	{ "record_type",	R_QTYPE },
	{ "answer",		R_ANSWER },
	{ "action",		R_ACTION },
	{ "sc-content-type",	R_CONTENT_TYPE },
	{ "cs-version",		R_VERSION },
	{ "cs-cookie",		R_COOKIE },
	{ "cs-content-type",	R_CS_CONTENT_TYPE },
	{ NULL,			R_NONE }
};

/*
 * Each role in each dataset: a Logpush field, a filled ECS slot, or a
 * request header that the Logpush job logs in RequestHeaders (custom
 * fields: names are lower-case there).
 */
static const struct {
	const char	*ds;
	enum role	 role;
	const char	*field;
	int		 slot;
	const char	*header;
} role_src[] = {
	{ "http_requests",	R_UA,		"ClientRequestUserAgent", -1, NULL },
	{ "http_requests",	R_HOST,		"ClientRequestHost", -1, NULL },
	{ "http_requests",	R_METHOD,	"ClientRequestMethod", -1, NULL },
	{ "http_requests",	R_REFERER,	"ClientRequestReferer", -1, NULL },
	{ "http_requests",	R_STATUS,	"EdgeResponseStatus", -1, NULL },
	{ "http_requests",	R_CSBYTES,	"ClientRequestBytes", -1, NULL },
	{ "http_requests",	R_SCBYTES,	"EdgeResponseBytes", -1, NULL },
	{ "http_requests",	R_SRCIP,	"ClientIP", -1, NULL },
	{ "http_requests",	R_DSTIP,	"OriginIP", -1, NULL },
	{ "http_requests",	R_SRCPORT,	"ClientSrcPort", -1, NULL },
	{ "http_requests",	R_CONTENT_TYPE,	"EdgeResponseContentType", -1, NULL },
	{ "http_requests",	R_VERSION,	"ClientRequestProtocol", -1, NULL },
	{ "http_requests",	R_COOKIE,	"RequestHeaders", -1, "cookie" },
	{ "http_requests",	R_CS_CONTENT_TYPE, "RequestHeaders", -1,
	    "content-type" },
	{ "gateway_http",	R_UA,		"UserAgent", -1, NULL },
	{ "gateway_http",	R_HOST,		"HTTPHost", -1, NULL },
	{ "gateway_http",	R_METHOD,	"HTTPMethod", -1, NULL },
	{ "gateway_http",	R_REFERER,	"Referer", -1, NULL },
	{ "gateway_http",	R_STATUS,	"HTTPStatusCode", -1, NULL },
	{ "gateway_http",	R_SRCIP,	"SourceIP", -1, NULL },
	{ "gateway_http",	R_DSTIP,	"DestinationIP", -1, NULL },
	{ "gateway_http",	R_SRCPORT,	"SourcePort", -1, NULL },
	{ "gateway_http",	R_DSTPORT,	"DestinationPort", -1, NULL },
	{ "gateway_http",	R_ACTION,	"Action", -1, NULL },
	{ "gateway_http",	R_VERSION,	"HTTPVersion", -1, NULL },
	{ "firewall_events",	R_UA,		"ClientRequestUserAgent", -1, NULL },
	{ "firewall_events",	R_HOST,		"ClientRequestHost", -1, NULL },
	{ "firewall_events",	R_METHOD,	"ClientRequestMethod", -1, NULL },
	{ "firewall_events",	R_STATUS,	"EdgeResponseStatus", -1, NULL },
	{ "firewall_events",	R_SRCIP,	"ClientIP", -1, NULL },
	{ "firewall_events",	R_ACTION,	"Action", -1, NULL },
	{ "firewall_events",	R_VERSION,	"ClientRequestProtocol", -1, NULL },
	{ "dns_logs",		R_QNAME,	"QueryName", -1, NULL },
	{ "dns_logs",		R_QTYPE,	NULL, SLOT_DNS_QUESTION_TYPE, NULL },
	{ "dns_logs",		R_SRCIP,	"SourceIP", -1, NULL },
	{ "gateway_dns",	R_QNAME,	"QueryName", -1, NULL },
	{ "gateway_dns",	R_QTYPE,	"QueryTypeName", -1, NULL },
	/* the answer: every answer record's data (answer_fields) */
	{ "gateway_dns",	R_ANSWER,	"ResolvedIPs", -1, "" },
	{ "gateway_dns",	R_SRCIP,	"SrcIP", -1, NULL },
	{ "gateway_dns",	R_DSTIP,	"DstIP", -1, NULL },
	{ "gateway_dns",	R_SRCPORT,	"SrcPort", -1, NULL },
	{ "gateway_dns",	R_DSTPORT,	"DstPort", -1, NULL },
	{ "gateway_dns",	R_ACTION,	"ResolverDecision", -1, NULL },
	{ NULL,			R_NONE,		NULL, -1, NULL }
};

/* The URL parts: from scheme, host and URI; or path and query; or a
 * full URL. */
static const struct {
	const char	*ds;
	const char	*f[6];		/* scheme host uri path query full */
} url_src[] = {
	{ "http_requests", { "ClientRequestScheme", "ClientRequestHost",
	    "ClientRequestURI", NULL, NULL, NULL } },
	{ "firewall_events", { "ClientRequestScheme", "ClientRequestHost",
	    NULL, "ClientRequestPath", "ClientRequestQuery", NULL } },
	{ "gateway_http", { NULL, NULL, NULL, NULL, NULL, "URL" } },
	{ NULL, { NULL } }
};

/*
 * Sigma's DNS answer: all the answer data gateway_dns logs, the
 * addresses, the CNAME chain, and the data of every record (TXT, MX ...)
 * in the JSON text of ResourceRecordsJSON.
 */
static const char *const answer_fields[3] = {
	"ResolvedIPs", "CNAMEs", "ResourceRecordsJSON"
};

#define X_PATH(name, path) path,
static const char *const slot_path[SLOT_COUNT] = { ECS_SLOTS(X_PATH) };
#undef X_PATH

static int
has_url(const char *ds)
{
	int i;

	for (i = 0; url_src[i].ds != NULL; i++)
		if (strcmp(url_src[i].ds, ds) == 0)
			return 1;
	return 0;
}

static int
in_dataset(const struct dataset *ds, const char *name)
{
	const char *const *f;

	for (f = ds->fields; f != NULL && *f != NULL; f++)
		if (strcmp(*f, name) == 0)
			return 1;
	return 0;
}

/* Where NAME's values come from in dataset ds. */
static struct src
resolve(const struct dataset *ds, const char *name)
{
	struct src s = { S_NONE, 0, NULL };
	enum role r = R_NONE;
	int i;

	if (*name == '\0') {
		s.kind = S_KEYWORDS;
		return s;
	}
	for (i = 0; taxonomy[i].name != NULL; i++)
		if (strcmp(taxonomy[i].name, name) == 0)
			r = taxonomy[i].role;
	if (URL_PART(r) >= 0) {
		if (has_url(ds->name)) {
			s.kind = S_URL;
			s.id = URL_PART(r);
		}
		return s;
	}
	if (r != R_NONE) {
		for (i = 0; role_src[i].ds != NULL; i++) {
			if (role_src[i].role != r ||
			    strcmp(role_src[i].ds, ds->name) != 0)
				continue;
			if (role_src[i].field == NULL) {
				s.kind = S_SLOT;
				s.id = role_src[i].slot;
			} else if ((s.id = map_field_id(role_src[i].field)) >= 0) {
				s.kind = role_src[i].header == NULL ? S_RAW :
				    *role_src[i].header == '\0' ? S_ANSWER :
				    S_HEADER;
				s.header = role_src[i].header;
			}
		}
		return s;
	}
	for (i = 0; i < SLOT_COUNT; i++)
		if (strcmp(slot_path[i], name) == 0) {
			s.kind = S_SLOT;
			s.id = i;
			return s;
		}
	if (in_dataset(ds, name) && (s.id = map_field_id(name)) >= 0)
		s.kind = S_RAW;
	return s;
}

static int
intern_key(struct detect *d, const char *name)
{
	struct fkey *k;
	size_t i;
	int ds;

	for (i = 0; i < d->nkey; i++)
		if (strcmp(d->key[i].name, name) == 0)
			return (int)i;
	d->key = xrealloc(d->key, (d->nkey + 1) * sizeof(*d->key));
	k = &d->key[d->nkey];
	k->name = xstrdup(name);
	for (ds = 0; ds < d->ndatasets; ds++)
		k->src[ds] = resolve(datasets[ds], name);
	return (int)d->nkey++;
}

/* ---- values: parsing Sigma strings ---- */

static void
lower(char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] >= 'A' && p[i] <= 'Z')
			p[i] += 'a' - 'A';
}

/* The 16-bit hash of three adjacent bytes (struct vslot); its top 12
 * bits index the small map. */
static unsigned
gram_hash(const unsigned char *p)
{
	return (p[0] * 2654435761u ^ p[1] * 40503u ^ p[2] * 2246822519u) >>
	    16 & 0xFFFF;
}

/* How rare a byte is in logs: letters are everywhere, the rest less so. */
static int
rarity(unsigned char c)
{
	if (c >= 'a' && c <= 'z')
		return strchr("etaoinsrhlcdu", c) != NULL ? 0 : 1;
	if (c >= '0' && c <= '9')
		return 2;
	return c == '/' || c == '.' || c == ' ' || c == '-' ? 2 : 3;
}

/*
 * The triples a matcher's literal needs (the lower-cased literal of
 * contains, or the required literal of a glob or regex): up to four, the
 * rarest ones, so that common text rarely has them all.
 */
static void
set_grams(struct matcher *mt)
{
	/* the literal itself occurs in the value for these */
	int whole = mt->kind == MK_CONTAINS || mt->kind == MK_EQ ||
	    mt->kind == MK_START || mt->kind == MK_END;
	const char *p = whole ? mt->lit : mt->pre;
	size_t n = whole ? mt->len : mt->prelen, i, k;
	unsigned char *l;
	int score[4], sc;

	for (k = 0; k < 4; k++)
		mt->gram[k] = -1;
	if (p == NULL || n < 3)
		return;
	l = xmalloc(n);
	memcpy(l, p, n);
	lower((char *)l, n);	/* cased: the lower-cased text has it too */
	for (i = 0; i + 2 < n; i++) {
		sc = rarity(l[i]) + rarity(l[i + 1]) + rarity(l[i + 2]);
		for (k = 0; k < 4; k++)
			if (mt->gram[k] < 0 || sc > score[k])
				break;
		if (k == 4)
			continue;
		memmove(&mt->gram[k + 1], &mt->gram[k], (3 - k) * sizeof(int));
		memmove(&score[k + 1], &score[k], (3 - k) * sizeof(int));
		mt->gram[k] = (int)gram_hash(l + i);
		score[k] = sc;
	}
	free(l);
}

/* A growable byte string. */
struct str {
	char	*p;
	size_t	 n, cap;
};

static void
str_put(struct str *s, const char *p, size_t n)
{
	if (s->n + n + 1 > s->cap) {
		s->cap = (s->n + n + 1) * 2;
		s->p = xrealloc(s->p, s->cap);
	}
	memcpy(s->p + s->n, p, n);
	s->n += n;
	s->p[s->n] = '\0';
}

static void
str_c(struct str *s, char c)
{
	str_put(s, &c, 1);
}

/*
 * A Sigma string -> a glob where '*' and '?' are wildcards and '\'
 * escapes the next byte.  In Sigma "\*", "\?" and "\\" are escapes and
 * any other backslash is itself.
 */
static void
to_glob(struct str *g, const char *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (v[i] == '\\' && i + 1 < n &&
		    (v[i + 1] == '*' || v[i + 1] == '?' || v[i + 1] == '\\')) {
			str_c(g, '\\');
			str_c(g, v[++i]);
		} else if (v[i] == '\\') {
			str_put(g, "\\\\", 2);
		} else
			str_c(g, v[i]);
	}
}

/* Plain text of a glob that has no wildcards in [from, to). */
static int
glob_plain(const char *g, size_t from, size_t to, struct str *out)
{
	size_t i;

	for (i = from; i < to; i++) {
		if (g[i] == '*' || g[i] == '?')
			return 0;
		if (g[i] == '\\' && i + 1 < to)
			i++;
		if (out != NULL)
			str_c(out, g[i]);
	}
	return 1;
}

/* The longest literal run of a glob (a prefilter for glob_match). */
static void
glob_longest(const char *g, size_t n, struct str *best)
{
	struct str cur = { 0 };
	size_t i;

	best->n = 0;
	for (i = 0; i <= n; i++) {
		if (i == n || g[i] == '*' || g[i] == '?') {
			if (cur.n > best->n) {
				best->n = 0;
				str_put(best, cur.p, cur.n);
			}
			cur.n = 0;
			continue;
		}
		if (g[i] == '\\' && i + 1 < n)
			i++;
		str_c(&cur, g[i]);
	}
	free(cur.p);
}

/* Wildcard match, linear backtracking on the last star only. */
static int
glob_match(const char *p, size_t pn, const char *s, size_t sn)
{
	size_t pi = 0, si = 0, sp = (size_t)-1, ss = 0, adv;
	char c;

	while (si < sn) {
		if (pi < pn && p[pi] == '*') {
			sp = ++pi;
			ss = si;
			continue;
		}
		if (pi < pn) {
			c = p[pi];
			adv = 1;
			if (c == '\\' && pi + 1 < pn) {
				c = p[pi + 1];
				adv = 2;
			} else if (c == '?') {
				pi++;
				si++;
				continue;
			}
			if (c == s[si]) {
				pi += adv;
				si++;
				continue;
			}
		}
		if (sp == (size_t)-1)
			return 0;
		pi = sp;
		si = ++ss;
	}
	while (pi < pn && p[pi] == '*')
		pi++;
	return pi == pn;
}

/* Past a quantifier at i (*, +, ?, {n,m}, lazy or possessive); i if none. */
static size_t
skip_quant(const char *re, size_t n, size_t i)
{
	size_t j;

	if (i >= n)
		return i;
	if (re[i] == '*' || re[i] == '+' || re[i] == '?')
		j = i + 1;
	else if (re[i] == '{') {
		for (j = i + 1; j < n && (isdigit((unsigned char)re[j]) ||
		    re[j] == ',' || re[j] == ' '); j++)
			;
		if (j >= n || re[j] != '}')
			return i;
		j++;
	} else
		return i;
	if (j < n && (re[j] == '?' || re[j] == '+'))
		j++;
	return j;
}

/* Past an escape whose letter is at i (\d, \x{41}, \p{L}, \Q...\E ...). */
static size_t
skip_escape(const char *re, size_t n, size_t i)
{
	char c = re[i++], close;
	int k;

	if (i < n && re[i] == '{' && strchr("xopPNgku", c) != NULL) {
		while (i < n && re[i] != '}')
			i++;
		return i < n ? i + 1 : n;
	}
	if (c == 'x')
		for (k = 0; k < 2 && i < n && isxdigit((unsigned char)re[i]); k++)
			i++;
	else if (c == 'c' || c == 'p' || c == 'P')
		i += i < n;
	else if (c == 'Q') {
		for (; i + 1 < n; i++)
			if (re[i] == '\\' && re[i + 1] == 'E')
				return i + 2;
		return n;
	} else if ((c == 'g' || c == 'k') && i < n &&
	    (re[i] == '<' || re[i] == '\'')) {
		close = re[i] == '<' ? '>' : '\'';
		while (i < n && re[i] != close)
			i++;
		return i < n ? i + 1 : n;
	} else if (c == 'g' || isdigit((unsigned char)c)) {
		if (c == 'g' && i < n && (re[i] == '-' || re[i] == '+'))
			i++;
		while (i < n && isdigit((unsigned char)re[i]))
			i++;
	}
	return i;
}

/* Past a class [...] or a group (...) that starts at i. */
static size_t
skip_atom(const char *re, size_t n, size_t i)
{
	size_t depth;

	if (re[i] == '[') {
		i++;
		if (i < n && re[i] == '^')
			i++;
		if (i < n && re[i] == ']')
			i++;
		for (; i < n && re[i] != ']'; i++)
			if (re[i] == '\\')
				i++;
		return i < n ? i + 1 : n;
	}
	for (depth = 1, i++; i < n && depth > 0; i++) {
		if (re[i] == '\\')
			i++;
		else if (re[i] == '[')
			i = skip_atom(re, n, i) - 1;
		else if (re[i] == '(')
			depth++;
		else if (re[i] == ')')
			depth--;
	}
	return i < n ? i : n;
}

static void
keep_longest(struct str *best, struct str *cur)
{
	if (cur->n > best->n) {
		best->n = 0;
		str_put(best, cur->p, cur->n);
	}
	cur->n = 0;
}

/*
 * A literal every match of the regex contains (lower-cased), so that
 * the regex runs only when it is there; empty when none is certain.
 * Conservative: a top-level alternation gives none; groups, classes,
 * escapes other than punctuation and optional characters end a run.
 */
static void
re_literal(const char *re, size_t n, struct str *best)
{
	struct str cur = { 0 };
	size_t i, j, next, q;
	char c, lit;

	best->n = 0;
	for (i = 0; i + 1 < n; i++)
		if (re[i] == '(' && (re[i + 1] == '?' || re[i + 1] == '*'))
			for (j = i + 2; j < n && re[j] != ')' && re[j] != ':'; j++)
				if (re[j] == 'x' || re[j] == 'X')
					goto out;	/* extended: spaces mean nothing */
	for (i = 0; i < n; ) {
		c = re[i];
		if (c == '|') {
			best->n = 0;
			goto out;
		}
		if (c == '\\' && i + 1 < n && !isalnum((unsigned char)re[i + 1])) {
			lit = re[i + 1];
			next = i + 2;
		} else if (strchr("\\[(.^$)*+?{", c) == NULL) {
			lit = c;
			next = i + 1;
		} else {
			keep_longest(best, &cur);
			if (c == '\\')
				i = i + 1 < n ? skip_escape(re, n, i + 1) : n;
			else if (c == '[' || c == '(')
				i = skip_atom(re, n, i);
			else
				i++;
			i = skip_quant(re, n, i);
			continue;
		}
		q = skip_quant(re, n, next);
		if (q == next)
			str_c(&cur, lit);
		else {
			if (re[next] == '+')
				str_c(&cur, lit);	/* once at least */
			keep_longest(best, &cur);
		}
		i = q;
	}
	keep_longest(best, &cur);
out:
	free(cur.p);
	if (best->p != NULL)
		lower(best->p, best->n);
}

static const char b64chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void
base64(struct str *out, const unsigned char *p, size_t n)
{
	size_t i;
	uint32_t v;

	for (i = 0; i + 2 < n; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		str_c(out, b64chars[v >> 18]);
		str_c(out, b64chars[v >> 12 & 63]);
		str_c(out, b64chars[v >> 6 & 63]);
		str_c(out, b64chars[v & 63]);
	}
	if (n - i == 1) {
		v = (uint32_t)p[i] << 16;
		str_c(out, b64chars[v >> 18]);
		str_c(out, b64chars[v >> 12 & 63]);
		str_put(out, "==", 2);
	} else if (n - i == 2) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
		str_c(out, b64chars[v >> 18]);
		str_c(out, b64chars[v >> 12 & 63]);
		str_c(out, b64chars[v >> 6 & 63]);
		str_c(out, '=');
	}
}

/* ---- loading: one rule file ---- */

struct load {
	struct detect	*d;
	const char	*file;
	yaml_document_t	 doc;
	struct rule	*r;
	size_t		 nvalues;
	char		 why[256];
	int		 line;
	int		 filter;	/* a filter's map: "rules" is no selection */
};

static int
fail(struct load *l, const yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;

	if (l->why[0] != '\0')
		return -1;
	va_start(ap, fmt);
	vsnprintf(l->why, sizeof(l->why), fmt, ap);
	va_end(ap);
	l->line = n != NULL ? (int)n->start_mark.line + 1 : 0;
	return -1;
}

static yaml_node_t *
node(struct load *l, int i)
{
	return yaml_document_get_node(&l->doc, i);
}

static int
is_scalar(const yaml_node_t *n)
{
	return n != NULL && n->type == YAML_SCALAR_NODE;
}

/* A scalar's text as a C string (NULs cut it short: names, titles). */
static char *
scalar_dup(const yaml_node_t *n)
{
	return xstrndup((const char *)n->data.scalar.value,
	    n->data.scalar.length);
}

static int
scalar_is(const yaml_node_t *n, const char *s)
{
	return is_scalar(n) && n->data.scalar.length == strlen(s) &&
	    memcmp(n->data.scalar.value, s, n->data.scalar.length) == 0;
}

/* YAML's null: ~, null, or nothing, unquoted. */
static int
is_null(const yaml_node_t *n)
{
	return is_scalar(n) && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    (n->data.scalar.length == 0 || scalar_is(n, "~") ||
	    scalar_is(n, "null") || scalar_is(n, "Null") || scalar_is(n, "NULL"));
}

static yaml_node_t *
map_get(struct load *l, const yaml_node_t *m, const char *key)
{
	yaml_node_pair_t *p;

	if (m == NULL || m->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++)
		if (scalar_is(node(l, p->key), key))
			return node(l, p->value);
	return NULL;
}

static char *
get_str(struct load *l, const yaml_node_t *m, const char *key)
{
	yaml_node_t *n = map_get(l, m, key);

	return is_scalar(n) ? scalar_dup(n) : NULL;
}

/* Modifiers of one field, parsed from "field|mod|mod". */
struct mods {
	int	 kind;		/* MK_EQ, MK_CONTAINS, MK_START, MK_END, MK_RE ... */
	int	 all, cased, b64, b64off, windash, exists;
	int	 re_flags;
	int	 op;
};

static int
parse_mods(struct load *l, const yaml_node_t *at, char *spec, char **field,
    struct mods *md)
{
	char *p, *save = NULL;

	memset(md, 0, sizeof(*md));
	md->kind = MK_EQ;
	p = strchr(spec, '|');
	if (p != NULL)
		*p++ = '\0';
	*field = spec;
	for (p = p != NULL ? strtok_r(p, "|", &save) : NULL; p != NULL;
	    p = strtok_r(NULL, "|", &save)) {
		if (strcmp(p, "contains") == 0)
			md->kind = MK_CONTAINS;
		else if (strcmp(p, "startswith") == 0)
			md->kind = MK_START;
		else if (strcmp(p, "endswith") == 0)
			md->kind = MK_END;
		else if (strcmp(p, "all") == 0)
			md->all = 1;
		else if (strcmp(p, "cased") == 0)
			md->cased = 1;
		else if (strcmp(p, "re") == 0)
			md->kind = MK_RE;
		else if (md->kind == MK_RE && strcmp(p, "i") == 0)
			md->re_flags |= PCRE2_CASELESS;
		else if (md->kind == MK_RE && strcmp(p, "m") == 0)
			md->re_flags |= PCRE2_MULTILINE;
		else if (md->kind == MK_RE && strcmp(p, "s") == 0)
			md->re_flags |= PCRE2_DOTALL;
		else if (strcmp(p, "cidr") == 0)
			md->kind = MK_CIDR;
		else if (strcmp(p, "exists") == 0)
			md->kind = MK_EXISTS;
		else if (strcmp(p, "base64") == 0)
			md->b64 = 1;
		else if (strcmp(p, "base64offset") == 0)
			md->b64off = 1;
		else if (strcmp(p, "windash") == 0)
			md->windash = 1;
		else if (strcmp(p, "gt") == 0 || strcmp(p, "gte") == 0 ||
		    strcmp(p, "lt") == 0 || strcmp(p, "lte") == 0) {
			md->kind = MK_NUM;
			md->op = p[0] == 'g' ? (p[2] == 'e' ? 'g' : '>') :
			    (p[2] == 'e' ? 'l' : '<');
		} else
			return fail(l, at, "unsupported modifier '%s'", p);
	}
	return 0;
}

static struct matcher *
new_matcher(struct load *l, struct fcond *c, const yaml_node_t *at)
{
	if (++l->nvalues > MAX_VALUES) {
		fail(l, at, "more than %d values", MAX_VALUES);
		return NULL;
	}
	c->m = xrealloc(c->m, (c->nm + 1) * sizeof(*c->m));
	memset(&c->m[c->nm], 0, sizeof(c->m[0]));
	return &c->m[c->nm++];
}

/* A string matcher from a Sigma string (wildcards, the modifier). */
static int
add_string(struct load *l, struct fcond *c, const struct mods *md,
    const yaml_node_t *at, const char *v, size_t n, int cased, int keyword)
{
	struct str g = { 0 }, t = { 0 };
	struct matcher *mt;
	size_t a, b;
	int kind = md->kind;

	if (keyword && kind == MK_EQ)
		kind = MK_CONTAINS;	/* keywords are found anywhere */
	if (kind == MK_CONTAINS || kind == MK_END)
		str_c(&g, '*');
	to_glob(&g, v, n);
	if (kind == MK_CONTAINS || kind == MK_START)
		str_c(&g, '*');
	if (g.p == NULL)
		str_put(&g, "", 0);
	if (!cased)
		lower(g.p, g.n);
	if ((mt = new_matcher(l, c, at)) == NULL) {
		free(g.p);
		return -1;
	}
	mt->cased = cased;
	/* "*text*", "text*", "*text", "text": a literal compare. */
	for (a = 0; a < g.n && g.p[a] == '*'; a++)
		;
	for (b = g.n; b > a && g.p[b - 1] == '*' &&
	    (b < 2 || g.p[b - 2] != '\\'); b--)
		;
	if (glob_plain(g.p, a, b, NULL)) {
		glob_plain(g.p, a, b, &t);
		if (t.p == NULL)
			str_put(&t, "", 0);
		mt->kind = a > 0 ? (b < g.n ? MK_CONTAINS : MK_END) :
		    (b < g.n ? MK_START : MK_EQ);
		mt->lit = t.p;
		mt->len = t.n;
		free(g.p);
		return 0;
	}
	mt->kind = MK_GLOB;
	mt->lit = g.p;
	mt->len = g.n;
	glob_longest(g.p, g.n, &t);
	mt->pre = t.p;
	mt->prelen = t.n;
	return 0;
}

static int
add_regex(struct load *l, struct fcond *c, const struct mods *md,
    const yaml_node_t *at, const char *v, size_t n)
{
	struct matcher *mt;
	struct str lit = { 0 };
	PCRE2_UCHAR msg[128];
	PCRE2_SIZE off;
	int errc;
	pcre2_code *re;

	re = pcre2_compile((PCRE2_SPTR)v, n, (uint32_t)md->re_flags, &errc, &off,
	    NULL);
	if (re == NULL) {
		pcre2_get_error_message(errc, msg, sizeof(msg));
		return fail(l, at, "bad regular expression at offset %zu: %s",
		    (size_t)off, (char *)msg);
	}
	pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);	/* else interpreted */
	if ((mt = new_matcher(l, c, at)) == NULL) {
		pcre2_code_free(re);
		return -1;
	}
	mt->kind = MK_RE;
	mt->re = re;
	re_literal(v, n, &lit);
	if (lit.n > 0) {
		mt->pre = lit.p;
		mt->prelen = lit.n;
	} else
		free(lit.p);
	c->cost = 1;
	return 0;
}

static int
parse_ip(const char *s, unsigned char *addr)
{
	char buf[64];
	size_t n = strlen(s);

	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, s, n + 1);
	if (inet_pton(AF_INET, buf, addr) == 1)
		return AF_INET;
	if (inet_pton(AF_INET6, buf, addr) == 1)
		return AF_INET6;
	return 0;
}

static int
add_cidr(struct load *l, struct fcond *c, const yaml_node_t *at, const char *v,
    size_t n)
{
	struct matcher *mt;
	char buf[64], *slash, *end;
	long bits;
	int fam;
	unsigned char addr[16];

	if (n >= sizeof(buf) || memchr(v, '\0', n) != NULL)
		return fail(l, at, "bad CIDR '%.*s'", (int)(n < 64 ? n : 64), v);
	memcpy(buf, v, n);
	buf[n] = '\0';
	slash = strchr(buf, '/');
	if (slash != NULL)
		*slash++ = '\0';
	if ((fam = parse_ip(buf, addr)) == 0)
		return fail(l, at, "bad CIDR '%s'", buf);
	bits = fam == AF_INET ? 32 : 128;
	if (slash != NULL) {
		errno = 0;
		bits = strtol(slash, &end, 10);
		if (*slash == '\0' || *end != '\0' || bits < 0 ||
		    bits > (fam == AF_INET ? 32 : 128))
			return fail(l, at, "bad CIDR prefix length '%s'", slash);
	}
	if ((mt = new_matcher(l, c, at)) == NULL)
		return -1;
	mt->kind = MK_CIDR;
	mt->family = fam;
	memcpy(mt->addr, addr, 16);
	mt->bits = (int)bits;
	return 0;
}

static int add_value1(struct load *, struct fcond *, const struct mods *,
    const yaml_node_t *, int);

/* One value of a field condition; its matchers keep the value as
 * written, for cfecs.match. */
static int
add_value(struct load *l, struct fcond *c, const struct mods *md,
    const yaml_node_t *v, int keyword)
{
	size_t before = c->nm, i;
	int r = add_value1(l, c, md, v, keyword);

	for (i = before; i < c->nm; i++)
		c->m[i].src = xstrndup((const char *)v->data.scalar.value,
		    v->data.scalar.length);
	return r;
}

/* One value of a field condition (after the value-changing modifiers). */
static int
add_value1(struct load *l, struct fcond *c, const struct mods *md,
    const yaml_node_t *v, int keyword)
{
	const char *s = (const char *)v->data.scalar.value;
	size_t n = v->data.scalar.length, i, k;
	struct matcher *mt;
	struct str enc = { 0 }, pad = { 0 };
	char *end;
	int r = 0;
	static const char *const dashes[] = { "/", "\xe2\x80\x93",
	    "\xe2\x80\x94", "\xe2\x80\x95" };

	if (is_null(v) && md->kind != MK_EXISTS) {
		if ((mt = new_matcher(l, c, v)) == NULL)
			return -1;
		mt->kind = MK_NULL;
		return 0;
	}
	switch (md->kind) {
	case MK_RE:
		return add_regex(l, c, md, v, s, n);
	case MK_CIDR:
		return add_cidr(l, c, v, s, n);
	case MK_EXISTS:
		if ((mt = new_matcher(l, c, v)) == NULL)
			return -1;
		mt->kind = MK_EXISTS;
		if (scalar_is(v, "true") || scalar_is(v, "True") || scalar_is(v, "yes"))
			mt->exists = 1;
		else if (!scalar_is(v, "false") && !scalar_is(v, "False") &&
		    !scalar_is(v, "no"))
			return fail(l, v, "exists needs true or false");
		return 0;
	case MK_NUM:
		if ((mt = new_matcher(l, c, v)) == NULL)
			return -1;
		mt->kind = MK_NUM;
		mt->op = md->op;
		if (n == 0 || n > 64 || memchr(s, '\0', n) != NULL)
			return fail(l, v, "not a number");
		mt->num = strtod(s, &end);
		if (end != s + n)
			return fail(l, v, "not a number: '%s'", s);
		return 0;
	}
	if (md->b64 || md->b64off) {
		/* Encoded text is compared as it is (base64 is case-sensitive). */
		if (md->b64) {
			base64(&enc, (const unsigned char *)s, n);
			r = add_string(l, c, md, v, enc.p ? enc.p : "", enc.n, 1,
			    keyword);
		} else {
			static const size_t cut_start[3] = { 0, 2, 3 };
			static const size_t cut_end[3] = { 0, 3, 2 };

			for (i = 0; i < 3 && r == 0; i++) {
				pad.n = enc.n = 0;
				for (k = 0; k < i; k++)
					str_c(&pad, ' ');
				str_put(&pad, s, n);
				base64(&enc, (const unsigned char *)pad.p, pad.n);
				k = cut_end[(n + i) % 3];
				if (enc.n < cut_start[i] + k)
					continue;
				r = add_string(l, c, md, v, enc.p + cut_start[i],
				    enc.n - cut_start[i] - k, 1, keyword);
			}
		}
		free(enc.p);
		free(pad.p);
		return r;
	}
	r = add_string(l, c, md, v, s, n, md->cased, keyword);
	if (md->windash && memchr(s, '-', n) != NULL) {
		for (k = 0; k < 4 && r == 0; k++) {
			enc.n = 0;
			for (i = 0; i < n; i++)
				if (s[i] == '-')
					str_put(&enc, dashes[k], strlen(dashes[k]));
				else
					str_c(&enc, s[i]);
			r = add_string(l, c, md, v, enc.p, enc.n, md->cased,
			    keyword);
		}
		free(enc.p);
	}
	return r;
}

/* "field|mods: value or list" -> one condition of an alternative. */
static int
add_cond(struct load *l, struct alt *a, const yaml_node_t *k,
    const yaml_node_t *v)
{
	struct fcond *c;
	struct mods md;
	char *spec, *field;
	yaml_node_item_t *it;
	yaml_node_t *e;
	int r = 0, keyword;

	if (!is_scalar(k))
		return fail(l, k, "a field name must be a string");
	spec = scalar_dup(k);
	if (parse_mods(l, k, spec, &field, &md) < 0) {
		free(spec);
		return -1;
	}
	a->c = xrealloc(a->c, (a->nc + 1) * sizeof(*a->c));
	c = &a->c[a->nc++];
	memset(c, 0, sizeof(*c));
	c->key = intern_key(l->d, field);
	c->all = md.all;
	keyword = *field == '\0';
	free(spec);
	if (is_scalar(v))
		return add_value(l, c, &md, v, keyword);
	if (v == NULL || v->type != YAML_SEQUENCE_NODE)
		return fail(l, v != NULL ? v : k, "a field's value must be a "
		    "string or a list of strings");
	if (v->data.sequence.items.start == v->data.sequence.items.top)
		return fail(l, v, "empty list of values");
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top &&
	    r == 0; it++) {
		e = node(l, *it);
		if (!is_scalar(e))
			return fail(l, e != NULL ? e : v, "a list of values must "
			    "hold strings");
		r = add_value(l, c, &md, e, keyword);
	}
	return r;
}

static int
cond_cmp(const void *a, const void *b)
{
	const struct fcond *x = a, *y = b;

	return x->cost - y->cost;
}

/* A map of conditions: one alternative. */
static int
add_alt(struct load *l, struct selection *s, const yaml_node_t *m)
{
	struct alt *a;
	yaml_node_pair_t *p;

	s->alt = xrealloc(s->alt, (s->nalt + 1) * sizeof(*s->alt));
	a = &s->alt[s->nalt++];
	memset(a, 0, sizeof(*a));
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++)
		if (add_cond(l, a, node(l, p->key), node(l, p->value)) < 0)
			return -1;
	if (a->nc == 0)
		return fail(l, m, "empty selection");
	/* Cheap conditions first: a regex runs only if the rest matched. */
	qsort(a->c, a->nc, sizeof(*a->c), cond_cmp);
	return 0;
}

/* A selection: a map, a list of maps (OR), or a list of keywords. */
static int
add_selection(struct load *l, const char *name, const yaml_node_t *v)
{
	struct rule *r = l->r;
	struct selection *s;
	struct alt *a;
	struct fcond *c;
	struct mods md;
	yaml_node_item_t *it;
	yaml_node_t *e;
	int keywords = 0, maps = 0;

	r->sel = xrealloc(r->sel, (r->nsel + 1) * sizeof(*r->sel));
	s = &r->sel[r->nsel++];
	memset(s, 0, sizeof(*s));
	s->name = xstrdup(name);
	if (v == NULL)
		return fail(l, NULL, "selection %s is empty", name);
	if (v->type == YAML_MAPPING_NODE)
		return add_alt(l, s, v);
	if (v->type == YAML_SCALAR_NODE)
		return fail(l, v, "selection %s: a single keyword string is "
		    "not a selection (use a list)", name);
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	    it++) {
		e = node(l, *it);
		if (e != NULL && e->type == YAML_MAPPING_NODE)
			maps++;
		else if (is_scalar(e))
			keywords++;
		else
			return fail(l, e != NULL ? e : v, "selection %s: lists "
			    "must hold maps or keywords", name);
	}
	if (maps > 0 && keywords > 0)
		return fail(l, v, "selection %s mixes maps and keywords", name);
	if (maps + keywords == 0)
		return fail(l, v, "selection %s is an empty list", name);
	if (maps > 0) {
		for (it = v->data.sequence.items.start;
		    it < v->data.sequence.items.top; it++)
			if (add_alt(l, s, node(l, *it)) < 0)
				return -1;
		return 0;
	}
	s->alt = xcalloc(1, sizeof(*s->alt));
	s->nalt = 1;
	a = &s->alt[0];
	a->c = xcalloc(1, sizeof(*a->c));
	a->nc = 1;
	c = &a->c[0];
	c->key = intern_key(l->d, "");
	memset(&md, 0, sizeof(md));
	md.kind = MK_EQ;
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	    it++)
		if (add_value(l, c, &md, node(l, *it), 1) < 0)
			return -1;
	return 0;
}

/* ---- the condition ---- */

struct cparse {
	struct load	*l;
	const yaml_node_t *at;
	char		**tok;
	size_t		 ntok, pos;
	int		 depth;
};

static int
new_node(struct rule *r, enum nkind k, int a, int b)
{
	r->node = xrealloc(r->node, (r->nnode + 1) * sizeof(*r->node));
	r->node[r->nnode].kind = k;
	r->node[r->nnode].a = a;
	r->node[r->nnode].b = b;
	return (int)r->nnode++;
}

static int
tok_is(struct cparse *p, const char *w)
{
	return p->pos < p->ntok && strcasecmp(p->tok[p->pos], w) == 0;
}

/* "sel*" and "them" for "1 of"/"all of": OR or AND of the selections. */
static int
of_expr(struct cparse *p, int all)
{
	struct rule *r = p->l->r;
	const char *pat;
	int acc = -1, n;
	size_t i;

	if (p->pos >= p->ntok)
		return fail(p->l, p->at, "condition: 'of' needs a name");
	pat = p->tok[p->pos++];
	for (i = 0; i < r->nsel; i++) {
		if (strcmp(pat, "them") == 0 ? r->sel[i].name[0] == '_' :
		    !glob_match(pat, strlen(pat), r->sel[i].name,
		    strlen(r->sel[i].name)))
			continue;
		n = new_node(r, N_SEL, (int)i, 0);
		acc = acc < 0 ? n : new_node(r, all ? N_AND : N_OR, acc, n);
	}
	if (acc < 0)
		return fail(p->l, p->at, "condition: no selection matches '%s'",
		    pat);
	return acc;
}

static int or_expr(struct cparse *);

static int
factor(struct cparse *p)
{
	struct rule *r = p->l->r;
	const char *t;
	size_t i;
	int n;

	if (++p->depth > MAX_DEPTH)
		return fail(p->l, p->at, "condition nested too deep");
	if (p->pos >= p->ntok)
		return fail(p->l, p->at, "condition ends too early");
	t = p->tok[p->pos];
	if (strcasecmp(t, "not") == 0) {
		p->pos++;
		if ((n = factor(p)) < 0)
			return -1;
		p->depth--;
		return new_node(r, N_NOT, n, 0);
	}
	if (strcmp(t, "(") == 0) {
		p->pos++;
		if ((n = or_expr(p)) < 0)
			return -1;
		if (!tok_is(p, ")"))
			return fail(p->l, p->at, "condition: ')' expected");
		p->pos++;
		p->depth--;
		return n;
	}
	if (p->pos + 1 < p->ntok && strcasecmp(p->tok[p->pos + 1], "of") == 0) {
		p->pos += 2;
		if (strcmp(t, "1") == 0 || strcasecmp(t, "any") == 0)
			n = of_expr(p, 0);
		else if (strcasecmp(t, "all") == 0)
			n = of_expr(p, 1);
		else
			return fail(p->l, p->at, "condition: '%s of' is not "
			    "supported (1 of, all of)", t);
		p->depth--;
		return n;
	}
	if (strcmp(t, ")") == 0 || strcasecmp(t, "and") == 0 ||
	    strcasecmp(t, "or") == 0)
		return fail(p->l, p->at, "condition: unexpected '%s'", t);
	for (i = 0; i < r->nsel; i++)
		if (strcmp(r->sel[i].name, t) == 0) {
			p->pos++;
			p->depth--;
			return new_node(r, N_SEL, (int)i, 0);
		}
	return fail(p->l, p->at, "condition: no selection named '%s'", t);
}

static int
and_expr(struct cparse *p)
{
	int a, b;

	if ((a = factor(p)) < 0)
		return -1;
	while (tok_is(p, "and")) {
		p->pos++;
		if ((b = factor(p)) < 0)
			return -1;
		a = new_node(p->l->r, N_AND, a, b);
	}
	return a;
}

static int
or_expr(struct cparse *p)
{
	int a, b;

	if ((a = and_expr(p)) < 0)
		return -1;
	while (tok_is(p, "or")) {
		p->pos++;
		if ((b = and_expr(p)) < 0)
			return -1;
		a = new_node(p->l->r, N_OR, a, b);
	}
	return a;
}

static int
parse_condition(struct load *l, const yaml_node_t *at, const char *s, size_t n)
{
	struct cparse p = { l, at, NULL, 0, 0, 0 };
	size_t i = 0, j;
	int root = -1;

	if (memchr(s, '|', n) != NULL)
		return fail(l, at, "aggregations ('| count()' ...) are not "
		    "supported");
	while (i < n) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			i++;
			continue;
		}
		j = i + 1;
		if (s[i] != '(' && s[i] != ')')
			while (j < n && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' &&
			    s[j] != '\r' && s[j] != '(' && s[j] != ')')
				j++;
		p.tok = xrealloc(p.tok, (p.ntok + 1) * sizeof(*p.tok));
		p.tok[p.ntok++] = xstrndup(s + i, j - i);
		i = j;
	}
	if (p.ntok == 0)
		fail(l, at, "empty condition");
	else if ((root = or_expr(&p)) >= 0 && p.pos < p.ntok) {
		fail(l, at, "condition: unexpected '%s'", p.tok[p.pos]);
		root = -1;
	}
	for (i = 0; i < p.ntok; i++)
		free(p.tok[i]);
	free(p.tok);
	return root;
}

/* ---- the rule's metadata ---- */

static const struct {
	const char	*level;
	int		 severity, risk;
} levels[] = {
	{ "informational", 1, 1 },
	{ "low",	2, 21 },
	{ "medium",	3, 47 },
	{ "high",	4, 73 },
	{ "critical",	5, 99 },
	{ NULL,		0, 0 }
};

static const char *const tactics[][2] = {
	{ "reconnaissance", "Reconnaissance" },
	{ "resource-development", "Resource Development" },
	{ "initial-access", "Initial Access" },
	{ "execution", "Execution" },
	{ "persistence", "Persistence" },
	{ "privilege-escalation", "Privilege Escalation" },
	{ "defense-evasion", "Defense Evasion" },
	{ "credential-access", "Credential Access" },
	{ "discovery", "Discovery" },
	{ "lateral-movement", "Lateral Movement" },
	{ "collection", "Collection" },
	{ "command-and-control", "Command and Control" },
	{ "exfiltration", "Exfiltration" },
	{ "impact", "Impact" },
	{ NULL, NULL }
};

static char *
json_of(const char *s, size_t n)
{
	struct wbuf b;
	char *out;

	wb_init(&b, n + 16);
	wb_str(&b, s, n);
	out = xmalloc(b.len + 1);
	memcpy(out, b.p, b.len);
	out[b.len] = '\0';
	wb_free(&b);
	return out;
}

static void
add_tag(struct rule *r, const char *t, size_t n)
{
	size_t i;
	char *s;

	if (n < 8 || strncasecmp(t, "attack.", 7) != 0)
		return;
	t += 7;
	n -= 7;
	if ((t[0] == 't' || t[0] == 'T') && n >= 5 && isdigit((unsigned char)t[1])) {
		s = xstrndup(t, n);
		for (i = 0; i < n; i++)
			if (s[i] >= 'a' && s[i] <= 'z')
				s[i] -= 'a' - 'A';
		r->tech = xrealloc(r->tech, (r->ntech + 1) * sizeof(*r->tech));
		r->tech[r->ntech++] = s;
		return;
	}
	for (i = 0; tactics[i][0] != NULL; i++)
		if (strlen(tactics[i][0]) == n &&
		    strncasecmp(tactics[i][0], t, n) == 0) {
			r->tactic = xrealloc(r->tactic,
			    (r->ntactic + 1) * sizeof(*r->tactic));
			r->tactic[r->ntactic++] = xstrdup(tactics[i][1]);
		}
}

/* id, title, level, description, references, author, tags. */
static int
load_meta(struct load *l, const yaml_node_t *root)
{
	struct rule *r = l->r;
	yaml_node_t *n, *e;
	yaml_node_item_t *it;
	struct wbuf b;
	size_t i, nref = 0;

	r->id = get_str(l, root, "id");
	r->name = get_str(l, root, "name");
	r->title = get_str(l, root, "title");
	if (r->title == NULL)
		return fail(l, root, "no title");
	if (r->id == NULL)
		r->id = xstrdup(r->title);
	r->level = get_str(l, root, "level");
	if (r->level == NULL)
		r->level = xstrdup("medium");
	lower(r->level, strlen(r->level));
	for (i = 0; levels[i].level != NULL; i++)
		if (strcmp(levels[i].level, r->level) == 0)
			r->severity = levels[i].severity;
	if (r->severity == 0)
		return fail(l, map_get(l, root, "level"), "unknown level '%s'",
		    r->level);
	r->j_id = json_of(r->id, strlen(r->id));
	r->j_name = json_of(r->title, strlen(r->title));
	if ((n = map_get(l, root, "description")) != NULL && is_scalar(n))
		r->j_desc = json_of((char *)n->data.scalar.value,
		    n->data.scalar.length);
	if ((n = map_get(l, root, "author")) != NULL && is_scalar(n)) {
		wb_init(&b, 64);
		wb_char(&b, '[');
		wb_str(&b, (char *)n->data.scalar.value, n->data.scalar.length);
		wb_char(&b, ']');
		r->j_author = xmalloc(b.len + 1);
		memcpy(r->j_author, b.p, b.len);
		r->j_author[b.len] = '\0';
		wb_free(&b);
	}
	if ((n = map_get(l, root, "references")) != NULL &&
	    n->type == YAML_SEQUENCE_NODE) {
		wb_init(&b, 256);
		for (it = n->data.sequence.items.start;
		    it < n->data.sequence.items.top; it++)
			if (is_scalar(e = node(l, *it))) {
				wb_char(&b, nref++ ? ',' : '[');
				wb_str(&b, (char *)e->data.scalar.value,
				    e->data.scalar.length);
			}
		if (nref > 0) {
			wb_char(&b, ']');
			/* One reference is a string; more are an array. */
			if (nref == 1) {
				r->j_ref = xmalloc(b.len - 1);
				memcpy(r->j_ref, b.p + 1, b.len - 2);
				r->j_ref[b.len - 2] = '\0';
			} else {
				r->j_ref = xmalloc(b.len + 1);
				memcpy(r->j_ref, b.p, b.len);
				r->j_ref[b.len] = '\0';
			}
		}
		wb_free(&b);
	}
	if ((n = map_get(l, root, "tags")) != NULL && n->type == YAML_SEQUENCE_NODE)
		for (it = n->data.sequence.items.start;
		    it < n->data.sequence.items.top; it++)
			if (is_scalar(e = node(l, *it)))
				add_tag(r, (char *)e->data.scalar.value,
				    e->data.scalar.length);
	return 0;
}

/*
 * The Sigma categories and the datasets they cover.  proxy is a forward
 * proxy's view of users' requests out (Gateway); http_requests are a
 * reverse proxy's view of requests in, Sigma's webserver.  --logsource
 * adds pairs.
 */
static const char *const category_map[][2] = {
	{ "proxy",	"gateway_http" },
	{ "webserver",	"http_requests" },
	{ "dns",	"dns_logs" },
	{ "dns",	"gateway_dns" },
	{ "firewall",	"firewall_events" },
	{ NULL,		NULL }
};

static int
covers(const struct detect *d, const char *cat, const char *ds)
{
	size_t i;

	for (i = 0; category_map[i][0] != NULL; i++)
		if (strcmp(category_map[i][0], cat) == 0 &&
		    strcmp(category_map[i][1], ds) == 0)
			return 1;
	for (i = 0; i < d->nwiden; i++)
		if (strcmp(d->widen[i][0], cat) == 0 &&
		    strcmp(d->widen[i][1], ds) == 0)
			return 1;
	return 0;
}

int
detect_logsource(struct detect *d, const char *spec)
{
	const char *eq = strchr(spec, '=');
	int i;

	if (eq == NULL || eq == spec || eq[1] == '\0' ||
	    strchr(eq + 1, '=') != NULL)
		return -1;
	for (i = 0; i < d->ndatasets; i++)
		if (strcmp(datasets[i]->name, eq + 1) == 0)
			break;
	if (i == d->ndatasets)
		return -1;
	d->widen = xrealloc(d->widen, (d->nwiden + 1) * sizeof(*d->widen));
	d->widen[d->nwiden][0] = xstrndup(spec, (size_t)(eq - spec));
	d->widen[d->nwiden][1] = xstrdup(eq + 1);
	d->nwiden++;
	return 0;
}

/* Which datasets the logsource covers; 0 for none we log. */
static uint64_t
logsource(struct load *l, const yaml_node_t *root, char *why, size_t whylen)
{
	yaml_node_t *ls = map_get(l, root, "logsource");
	char *cat = get_str(l, ls, "category");
	char *prod = get_str(l, ls, "product");
	char *svc = get_str(l, ls, "service");
	uint64_t set = 0;
	int d;

	for (d = 0; d < l->d->ndatasets; d++) {
		const char *name = datasets[d]->name;

		if (prod != NULL && strcmp(prod, "cloudflare") != 0)
			continue;	/* another product's logs */
		if (svc != NULL) {
			if (prod != NULL && strcmp(svc, name) == 0)
				set |= 1ULL << d;
		} else if (cat != NULL) {
			if (covers(l->d, cat, name))
				set |= 1ULL << d;
		} else if (prod != NULL)
			set |= 1ULL << d;	/* product: cloudflare alone */
	}
	if (set == 0)
		snprintf(why, whylen, "logsource%s%s%s%s%s%s: not a Logpush "
		    "dataset", cat ? " category " : "", cat ? cat : "",
		    prod ? " product " : "", prod ? prod : "",
		    svc ? " service " : "", svc ? svc : "");
	free(cat);
	free(prod);
	free(svc);
	return set;
}

/* Keys whose source is missing in a dataset take it out of the rule. */
static void
check_fields(struct load *l, const yaml_node_t *det)
{
	struct rule *r = l->r;
	size_t s, a, c;
	int d, k, bad = -1;

	for (s = 0; s < r->nsel; s++)
		for (a = 0; a < r->sel[s].nalt; a++)
			for (c = 0; c < r->sel[s].alt[a].nc; c++) {
				k = r->sel[s].alt[a].c[c].key;
				for (d = 0; d < l->d->ndatasets; d++)
					if ((r->datasets >> d & 1) &&
					    l->d->key[k].src[d].kind == S_NONE) {
						r->datasets &= ~(1ULL << d);
						bad = k;
					}
			}
	if (r->datasets == 0 && bad >= 0)
		fail(l, det, "field '%s' is not in the logs this rule covers",
		    l->d->key[bad].name);
}

/* The first literal of the rule that its field can never hold, noted in
 * r->never (and how many more). */
static void
check_values(struct load *l)
{
	static const enum fc_match how[] = {
		[MK_EQ] = FC_EQ, [MK_START] = FC_START, [MK_END] = FC_END,
		[MK_CONTAINS] = FC_CONTAINS
	};
	struct rule *r = l->r;
	const struct matcher *mt;
	const struct fcond *c;
	const char *why, *field;
	char first[512];
	size_t s, a, k, m, more = 0;

	first[0] = '\0';
	for (s = 0; s < r->nsel; s++)
		for (a = 0; a < r->sel[s].nalt; a++)
			for (k = 0; k < r->sel[s].alt[a].nc; k++) {
				c = &r->sel[s].alt[a].c[k];
				field = l->d->key[c->key].name;
				for (m = 0; m < c->nm; m++) {
					mt = &c->m[m];
					if (mt->kind > MK_END || *field == '\0' ||
					    (why = fieldcheck(field, how[mt->kind],
					    mt->lit, mt->len)) == NULL)
						continue;
					if (first[0] != '\0') {
						more++;
						continue;
					}
					snprintf(first, sizeof(first), "%s: value "
					    "'%.*s' can never match: %s", field,
					    (int)(mt->len < 80 ? mt->len : 80),
					    mt->lit, why);
				}
			}
	if (first[0] == '\0')
		return;
	if (more > 0) {
		k = strlen(first);
		snprintf(first + k, sizeof(first) - k, " (and %zu more "
		    "value%s)", more, more == 1 ? "" : "s");
	}
	r->never = xstrdup(first);
}

static void
load_detection(struct load *l, const yaml_node_t *det)
{
	struct rule *r = l->r;
	yaml_node_t *cond = NULL, *k;
	yaml_node_pair_t *p;
	yaml_node_item_t *it;
	char *name;
	int acc = -1, n;

	if (det == NULL || det->type != YAML_MAPPING_NODE) {
		fail(l, det, "no detection map");
		return;
	}
	for (p = det->data.mapping.pairs.start; p < det->data.mapping.pairs.top;
	    p++) {
		k = node(l, p->key);
		if (!is_scalar(k)) {
			fail(l, k, "detection keys must be names");
			return;
		}
		if (scalar_is(k, "condition")) {
			cond = node(l, p->value);
			continue;
		}
		if (l->filter && scalar_is(k, "rules"))
			continue;
		if (scalar_is(k, "timeframe")) {
			fail(l, k, "timeframe (aggregation) is not supported");
			return;
		}
		name = scalar_dup(k);
		n = add_selection(l, name, node(l, p->value));
		free(name);
		if (n < 0)
			return;
	}
	if (cond == NULL) {
		fail(l, det, "no condition");
		return;
	}
	if (is_scalar(cond))
		acc = parse_condition(l, cond, (char *)cond->data.scalar.value,
		    cond->data.scalar.length);
	else if (cond->type == YAML_SEQUENCE_NODE) {
		/* A list of conditions: any of them. */
		for (it = cond->data.sequence.items.start;
		    it < cond->data.sequence.items.top; it++) {
			k = node(l, *it);
			if (!is_scalar(k)) {
				fail(l, cond, "a condition must be a string");
				return;
			}
			if ((n = parse_condition(l, k, (char *)k->data.scalar.value,
			    k->data.scalar.length)) < 0)
				return;
			acc = acc < 0 ? n : new_node(r, N_OR, acc, n);
		}
		if (acc < 0)
			fail(l, cond, "empty condition list");
	} else
		fail(l, cond, "a condition must be a string");
	r->root = acc;
	if (acc >= 0)
		check_fields(l, det);
	if (l->why[0] == '\0')
		check_values(l);
}

static void
free_rule(struct rule *r)
{
	size_t s, a, c, m;

	for (s = 0; s < r->nsel; s++) {
		for (a = 0; a < r->sel[s].nalt; a++) {
			for (c = 0; c < r->sel[s].alt[a].nc; c++) {
				struct fcond *fc = &r->sel[s].alt[a].c[c];

				for (m = 0; m < fc->nm; m++) {
					free(fc->m[m].lit);
					free(fc->m[m].pre);
					free(fc->m[m].src);
					pcre2_code_free(fc->m[m].re);
				}
				free(fc->m);
				free(fc->sum);
				free(fc->sumw);
			}
			free(r->sel[s].alt[a].c);
		}
		free(r->sel[s].alt);
		free(r->sel[s].name);
	}
	free(r->sel);
	r->sel = NULL;
	r->nsel = 0;
	free(r->node);
	r->node = NULL;
	for (s = 0; s < r->ntech; s++)
		free(r->tech[s]);
	free(r->tech);
	for (s = 0; s < r->ntactic; s++)
		free(r->tactic[s]);
	free(r->tactic);
	r->tech = r->tactic = NULL;
	r->ntech = r->ntactic = 0;
}

static void
add_rule(struct detect *d, struct rule *r)
{
	d->rule = xrealloc(d->rule, (d->nrule + 1) * sizeof(*d->rule));
	d->rule[d->nrule++] = r;
}

/* A rule that is not loaded: kept for --list-rules -v and the counts. */
static void
skip_rule(struct detect *d, struct rule *r, const char *why, int line,
    int problem)
{
	free_rule(r);
	free(r->why);
	r->why = xstrdup(why);
	r->line = line;
	r->problem = problem;
	r->datasets = 0;
	if (problem) {
		d->problems++;
		warn_at(d, r->file, line, "%s%s%s%s; rule skipped",
		    r->title ? "'" : "", r->title ? r->title : "",
		    r->title ? "': " : "", why);
	}
}

/* The filter: map of a filter document: its rules, then a detection. */
static void
load_filter(struct load *l, yaml_node_t *root)
{
	struct rule *r = l->r;
	yaml_node_t *f = map_get(l, root, "filter"), *t;
	yaml_node_item_t *it;

	r->is_filter = 1;
	t = map_get(l, f, "rules");
	if (is_scalar(t)) {
		r->target = xcalloc(1, sizeof(*r->target));
		r->target[r->ntarget++] = scalar_dup(t);
	} else if (t != NULL && t->type == YAML_SEQUENCE_NODE)
		for (it = t->data.sequence.items.start;
		    it < t->data.sequence.items.top; it++)
			if (is_scalar(t = node(l, *it))) {
				r->target = xrealloc(r->target,
				    (r->ntarget + 1) * sizeof(*r->target));
				r->target[r->ntarget++] = scalar_dup(t);
			}
	if (r->ntarget == 0) {
		fail(l, f, "filter: no rules named");
		return;
	}
	l->filter = 1;
	load_detection(l, f);
}

static void
load_correlation(struct load *l, yaml_node_t *root)
{
	struct detect *d = l->d;
	struct corr *c = xcalloc(1, sizeof(*c));
	yaml_node_t *g = map_get(l, root, "generate");

	if (corr_parse(c, &l->doc, map_get(l, root, "correlation"), l->why,
	    sizeof(l->why), &l->line) < 0) {
		corr_clear(c);
		free(c);
		return;
	}
	if (d->ncorr >= 65535) {
		fail(l, root, "more than 65535 correlation rules");
		corr_clear(c);
		free(c);
		return;
	}
	c->generate = scalar_is(g, "true") || scalar_is(g, "yes");
	c->rule = (int)d->nrule - 1;
	l->r->corr = (int)d->ncorr;
	d->corr = xrealloc(d->corr, (d->ncorr + 1) * sizeof(*d->corr));
	d->corr[d->ncorr++] = c;
}

/* One YAML document of a rule file: a rule, a correlation or a filter. */
static void
load_doc(struct detect *d, struct load *l)
{
	yaml_node_t *root = yaml_document_get_root_node(&l->doc);
	struct rule *r;
	char why[256], *status;

	r = xcalloc(1, sizeof(*r));
	r->file = xstrdup(l->file);
	r->root = -1;
	r->corr = -1;
	l->r = r;
	l->why[0] = '\0';
	l->line = 0;
	l->filter = 0;
	l->nvalues = 0;
	add_rule(d, r);
	if (root == NULL || root->type != YAML_MAPPING_NODE) {
		skip_rule(d, r, "not a Sigma rule (no YAML map)", 1, 1);
		return;
	}
	load_meta(l, root);
	if (map_get(l, root, "action") != NULL)
		fail(l, map_get(l, root, "action"), "rule collections "
		    "(action: global ...) are not supported");
	status = get_str(l, root, "status");
	if (l->why[0] == '\0' && status != NULL && !d->all_status &&
	    (strcmp(status, "deprecated") == 0 ||
	    strcmp(status, "unsupported") == 0)) {
		snprintf(why, sizeof(why), "status %s (--include-deprecated "
		    "loads it)", status);
		free(status);
		skip_rule(d, r, why, 0, 0);
		return;
	}
	free(status);
	if (l->why[0] == '\0' && map_get(l, root, "correlation") != NULL) {
		load_correlation(l, root);
		if (l->why[0] != '\0')
			skip_rule(d, r, l->why, l->line, 1);
		return;
	}
	if (l->why[0] != '\0') {
		skip_rule(d, r, l->why, l->line, 1);
		return;
	}
	if ((r->datasets = logsource(l, root, why, sizeof(why))) == 0) {
		skip_rule(d, r, why, 0, 0);
		return;
	}
	if (map_get(l, root, "filter") != NULL)
		load_filter(l, root);
	else
		load_detection(l, map_get(l, root, "detection"));
	if (l->why[0] != '\0')
		skip_rule(d, r, l->why, l->line, 1);
	else if (r->never != NULL) {
		d->problems++;
		warn_at(d, r->file, 0, "'%s': %s; the rule is loaded but this "
		    "part of it cannot fire", r->title, r->never);
	}
}

void
detect_load_text(struct detect *d, const char *name, const char *text,
    size_t len)
{
	struct load l;
	yaml_parser_t parser;
	struct rule *r;
	char why[256];
	int docs = 0;

	memset(&l, 0, sizeof(l));
	l.d = d;
	l.file = name;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	/* Each document is a rule of its own (correlations come with theirs). */
	for (;;) {
		if (!yaml_parser_load(&parser, &l.doc)) {
			snprintf(why, sizeof(why), "YAML: %s%s%s",
			    parser.problem ? parser.problem : "syntax error",
			    parser.context ? " " : "",
			    parser.context ? parser.context : "");
			r = xcalloc(1, sizeof(*r));
			r->file = xstrdup(name);
			r->root = -1;
			r->corr = -1;
			add_rule(d, r);
			skip_rule(d, r, why, (int)parser.problem_mark.line + 1, 1);
			break;
		}
		if (yaml_document_get_root_node(&l.doc) == NULL) {
			yaml_document_delete(&l.doc);
			if (docs == 0) {
				r = xcalloc(1, sizeof(*r));
				r->file = xstrdup(name);
				r->root = -1;
				r->corr = -1;
				add_rule(d, r);
				skip_rule(d, r, "not a Sigma rule (no YAML map)",
				    1, 1);
			}
			break;
		}
		docs++;
		load_doc(d, &l);
		yaml_document_delete(&l.doc);
	}
	yaml_parser_delete(&parser);
}

/* ---- files and directories ---- */

static int
is_rule_file(const char *name)
{
	size_t n = strlen(name);

	return (n > 4 && strcmp(name + n - 4, ".yml") == 0) ||
	    (n > 5 && strcmp(name + n - 5, ".yaml") == 0);
}

static int
load_file(struct detect *d, const char *path)
{
	struct stat st;
	char *buf;
	ssize_t got;
	size_t n = 0;
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0) {
		error_at(d, path, "%s", strerror(errno));
		d->problems++;
		return -1;
	}
	if (fstat(fd, &st) == 0 && st.st_size > MAX_RULE_FILE) {
		close(fd);
		error_at(d, path, "larger than %d bytes; not a rule file",
		    MAX_RULE_FILE);
		d->problems++;
		return 0;
	}
	buf = xmalloc(MAX_RULE_FILE + 1);
	while (n <= MAX_RULE_FILE &&
	    (got = read(fd, buf + n, MAX_RULE_FILE + 1 - n)) > 0)
		n += (size_t)got;
	close(fd);
	if (n > MAX_RULE_FILE) {
		error_at(d, path, "larger than %d bytes; not a rule file",
		    MAX_RULE_FILE);
		d->problems++;
	} else
		detect_load_text(d, path, buf, n);
	free(buf);
	return 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
load_dir(struct detect *d, const char *path, int depth)
{
	DIR *dir;
	struct dirent *de;
	struct stat st;
	char **names = NULL, *full;
	size_t n = 0, i;

	if (depth > 32 || (dir = opendir(path)) == NULL) {
		error_at(d, path, "%s", depth > 32 ? "too deep" :
		    strerror(errno));
		d->problems++;
		return -1;
	}
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	closedir(dir);
	if (n > 1)
		qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n; i++) {
		full = xmalloc(strlen(path) + strlen(names[i]) + 2);
		sprintf(full, "%s/%s", path, names[i]);
		if (lstat(full, &st) == 0 && S_ISDIR(st.st_mode))
			load_dir(d, full, depth + 1);
		else if (is_rule_file(names[i]) && stat(full, &st) == 0 &&
		    S_ISREG(st.st_mode))
			load_file(d, full);
		free(full);
		free(names[i]);
	}
	free(names);
	return 0;
}

int
detect_load(struct detect *d, const char *path)
{
	struct stat st;
	size_t n = strlen(path);
	char *p;
	int r;

	if (stat(path, &st) < 0) {
		error_at(d, path, "%s", strerror(errno));
		d->problems++;
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return load_file(d, path);
	p = xstrdup(path);
	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	r = load_dir(d, p, 0);
	free(p);
	return r;
}

static int
is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * The built-in rules: beside the binary (the build tree: ./cfecs and
 * ./rules), in ../share/cfecs/rules (an installed tree, wherever it was
 * moved), then where make install put them.
 */
int
detect_load_builtin(struct detect *d)
{
	char exe[PATH_MAX], dir[PATH_MAX + 32];
	ssize_t n;
	char *slash;

	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			snprintf(dir, sizeof(dir), "%s/rules", exe);
			if (is_dir(dir))
				return detect_load(d, dir);
			snprintf(dir, sizeof(dir), "%s/../share/cfecs/rules", exe);
			if (is_dir(dir))
				return detect_load(d, dir);
		}
	}
	if (is_dir(CFECS_RULES_DIR))
		return detect_load(d, CFECS_RULES_DIR);
	error_at(d, CFECS_RULES_DIR, "built-in rules not found");
	d->problems++;
	return -1;
}

/* ---- correlations and filters: references between rules ---- */

/* A rule by id or name (not filters); -1 if none. */
static int
find_rule(const struct detect *d, const char *ref)
{
	size_t i;

	for (i = 0; i < d->nrule; i++)
		if (!d->rule[i]->is_filter && d->rule[i]->id != NULL &&
		    strcmp(d->rule[i]->id, ref) == 0)
			return (int)i;
	for (i = 0; i < d->nrule; i++)
		if (!d->rule[i]->is_filter && d->rule[i]->name != NULL &&
		    strcmp(d->rule[i]->name, ref) == 0)
			return (int)i;
	return -1;
}

static int
rule_live(const struct rule *r)
{
	return r->why == NULL;
}

/* Where a field's value is in the ECS event (for the alert's group-by). */
static char *
ecs_path(const struct detect *d, int key, uint64_t set, const char *name)
{
	static const char *const url_path[] = { NULL, "url.full", "url.path",
	    "url.query", "url.original", "url.extension" };
	const struct fmap *fm;
	const char *field;
	struct src s;
	char *out;
	int k, i;

	for (k = 0; k < d->ndatasets; k++) {
		if (!(set >> k & 1) || (s = d->key[key].src[k]).kind == S_NONE)
			continue;
		if (s.kind == S_SLOT)
			return xstrdup(slot_path[s.id]);
		if (s.kind == S_URL && s.id >= R_URL && s.id <= R_EXT)
			return xstrdup(url_path[s.id]);
		if (s.kind != S_RAW)
			continue;
		field = name;
		for (i = 0; taxonomy[i].name != NULL; i++)
			if (strcmp(taxonomy[i].name, name) == 0)
				field = NULL;
		for (i = 0; field == NULL && role_src[i].ds != NULL; i++)
			if (strcmp(role_src[i].ds, datasets[k]->name) == 0 &&
			    role_src[i].field != NULL &&
			    map_field_id(role_src[i].field) == s.id)
				field = role_src[i].field;
		for (fm = datasets[k]->map; field != NULL && fm->field != NULL;
		    fm++)
			if (strcmp(fm->field, field) == 0)
				return xstrdup(slot_path[fm->slot]);
		if (field != NULL) {
			out = xmalloc(strlen(field) + 12);
			sprintf(out, "cloudflare.%s", field);
			return out;
		}
	}
	out = xmalloc(strlen(name) + 32);
	sprintf(out, "cfecs.correlation.group.%s", name);
	for (i = 24; out[i] != '\0'; i++)
		if (out[i] == '.')
			out[i] = '_';
	return out;
}

/* A field of a referenced rule's events: its key, or why not. */
static int
ref_key(struct detect *d, const struct rule *b, const char *field,
    char *why, size_t whylen)
{
	int key = intern_key(d, field), k;

	for (k = 0; k < d->ndatasets; k++)
		if ((b->datasets >> k & 1) && d->key[key].src[k].kind != S_NONE)
			return key;
	snprintf(why, whylen, "field '%s' is not in the logs of rule %s",
	    field, b->id);
	return -1;
}

static int
group_place(const struct corr *inner, const char *field)
{
	size_t g;

	for (g = 0; g < inner->ngroup; g++)
		if (strcmp(inner->group[g], field) == 0)
			return (int)g;
	return -1;
}

/* Link one correlation whose references are all live; 0 or -1 (why). */
static int
link_corr(struct detect *d, struct corr *c, char *why, size_t whylen)
{
	struct rule *r = d->rule[c->rule], *b;
	size_t k, g, w = c->ngroup + 1;
	const char *f;
	int *from;

	c->ref_corr = xcalloc(c->nref, sizeof(int));
	c->from = from = xcalloc(c->nref * w, sizeof(int));
	c->ecs = xcalloc(c->ngroup + 1, sizeof(char *));
	for (k = 0; k < c->nref; k++) {
		b = d->rule[find_rule(d, c->ref[k])];
		c->ref_corr[k] = b->corr;
		r->datasets |= b->datasets;
		for (g = 0; g <= c->ngroup; g++) {
			f = g < c->ngroup ? c->group[g] : c->field;
			if (f == NULL) {
				from[k * w + g] = -1;
				continue;
			}
			f = corr_field(c, f, b->name);
			if (b->corr >= 0) {
				from[k * w + g] = group_place(d->corr[b->corr], f);
				if (from[k * w + g] < 0) {
					snprintf(why, whylen, "'%s' is not a "
					    "group-by field of correlation %s",
					    f, b->id);
					return -1;
				}
			} else if ((from[k * w + g] = ref_key(d, b, f, why,
			    whylen)) < 0)
				return -1;
			if (k == 0 && g < c->ngroup)
				c->ecs[g] = b->corr >= 0 ?
				    xstrdup(d->corr[b->corr]->ecs[from[g]]) :
				    ecs_path(d, from[g], b->datasets, f);
		}
	}
	return 0;
}

static void
corr_skip(struct detect *d, struct corr *c, const char *why, int problem)
{
	struct rule *r = d->rule[c->rule];

	free(c->ref_corr);
	free(c->from);
	if (c->ecs != NULL) {
		size_t g;

		for (g = 0; g < c->ngroup; g++)
			free(c->ecs[g]);
		free(c->ecs);
	}
	c->ref_corr = c->from = NULL;
	c->ecs = NULL;
	c->done = 1;
	skip_rule(d, r, why, 0, problem);
}

/* Correlations whose references are ready, until none changes. */
static void
link_correlations(struct detect *d)
{
	struct corr *c;
	size_t i, k, left;
	int changed = 1, t, ready;
	char why[320];

	while (changed) {
		changed = 0;
		for (i = 0; i < d->ncorr; i++) {
			c = d->corr[i];
			if (c->ref_corr != NULL || !rule_live(d->rule[c->rule]))
				continue;
			ready = 1;
			for (k = 0; k < c->nref && ready == 1; k++) {
				t = find_rule(d, c->ref[k]);
				if (t < 0 || !rule_live(d->rule[t])) {
					snprintf(why, sizeof(why), "correlation: "
					    "rule '%s' %s", c->ref[k], t < 0 ?
					    "not found" : "not loaded");
					corr_skip(d, c, why, t < 0);
					changed = 1;
					ready = -1;
				} else if (d->rule[t]->corr >= 0 &&
				    d->corr[d->rule[t]->corr]->ref_corr == NULL)
					ready = 0;
			}
			if (ready != 1)
				continue;
			changed = 1;
			if (link_corr(d, c, why, sizeof(why)) < 0)
				corr_skip(d, c, why, 1);
		}
	}
	for (i = left = 0; i < d->ncorr; i++)
		if (d->corr[i]->ref_corr == NULL && rule_live(d->rule[d->corr[i]->rule]))
			corr_skip(d, d->corr[i], "correlation: its references "
			    "form a cycle", 1);
	(void)left;
}

/* Which rules alert alone, feed correlations, are filtered. */
static void
link_rules(struct detect *d)
{
	struct rule *r, *b;
	struct corr *c;
	size_t i, k, *gen, *quiet;
	int t;

	if (d->linked)
		return;
	d->linked = 1;
	link_correlations(d);
	gen = xcalloc(d->nrule + 1, sizeof(*gen));
	quiet = xcalloc(d->nrule + 1, sizeof(*quiet));
	for (i = 0; i < d->ncorr; i++) {
		c = d->corr[i];
		if (c->ref_corr == NULL)
			continue;
		for (k = 0; k < c->nref; k++) {
			t = find_rule(d, c->ref[k]);
			b = d->rule[t];
			(c->generate ? gen : quiet)[t]++;
			if (b->corr >= 0)
				continue;
			b->use = xrealloc(b->use, (b->nuse + 1) * sizeof(*b->use));
			b->use[b->nuse].c = (int)i;
			b->use[b->nuse++].ref = (int)k;
		}
	}
	for (i = 0; i < d->nrule; i++) {
		r = d->rule[i];
		r->referenced = gen[i] + quiet[i] > 0;
		r->silent = (quiet[i] > 0 && gen[i] == 0) ||
		    r->severity < d->min_severity;
		if (r->corr >= 0)
			d->corr[r->corr]->out = rule_live(r) && !r->silent;
		else if (rule_live(r) && r->silent && r->nuse == 0 &&
		    !r->is_filter && r->datasets != 0)
			skip_rule(d, r, "level below --min-level", 0, 0);
	}
	free(gen);
	free(quiet);
	for (i = 0; i < d->nrule; i++) {
		r = d->rule[i];
		if (!r->is_filter || !rule_live(r))
			continue;
		for (k = 0; k < r->ntarget; k++) {
			if ((t = find_rule(d, r->target[k])) < 0 ||
			    d->rule[t]->corr >= 0)
				continue;
			b = d->rule[t];
			b->filter = xrealloc(b->filter,
			    (b->nfilter + 1) * sizeof(*b->filter));
			b->filter[b->nfilter++] = i;
		}
	}
}

void
detect_options(struct detect *d, int min_severity, int all_status,
    int summary)
{
	d->min_severity = min_severity;
	d->all_status = all_status;
	d->summary = summary;
}

void
detect_rule_title(void *arg, int i, const char **id, const char **title)
{
	const struct detect *d = arg;

	*id = d->rule[i]->id;
	*title = d->rule[i]->title;
}

int
detect_level(const char *name)
{
	int i;

	for (i = 0; levels[i].level != NULL; i++)
		if (strcasecmp(levels[i].level, name) == 0)
			return levels[i].severity;
	return 0;
}

struct corr *const *
detect_correlations(struct detect *d, size_t *n)
{
	link_rules(d);
	*n = d->ncorr;
	return d->corr;
}

/* A rule in messages: its id and file. */
const char *
detect_rule_name(void *arg, int i)
{
	static char buf[512];
	const struct detect *d = arg;

	snprintf(buf, sizeof(buf), "%s (%s)", d->rule[i]->id, d->rule[i]->file);
	return buf;
}

/* A correlation's alert: rule.*, severity and threat.* of rule i. */
void
detect_rule_fields(void *arg, int i, corr_put_fn *put, void *p)
{
	const struct detect *d = arg;
	const struct rule *r = d->rule[i];
	char num[16];
	size_t k;
	int n;

	put(p, "rule.id", r->j_id, strlen(r->j_id));
	put(p, "rule.name", r->j_name, strlen(r->j_name));
	if (r->j_desc != NULL)
		put(p, "rule.description", r->j_desc, strlen(r->j_desc));
	if (r->j_ref != NULL)
		put(p, "rule.reference", r->j_ref, strlen(r->j_ref));
	if (r->j_author != NULL)
		put(p, "rule.author", r->j_author, strlen(r->j_author));
	put(p, "rule.ruleset", "\"sigma\"", 7);
	n = snprintf(num, sizeof(num), "%d", r->severity);
	put(p, "event.severity", num, (size_t)n);
	for (k = 0; levels[k].level != NULL; k++)
		if (levels[k].severity == r->severity) {
			n = snprintf(num, sizeof(num), "%d", levels[k].risk);
			put(p, "event.risk_score", num, (size_t)n);
		}
	if (r->ntech + r->ntactic == 0)
		return;
	put(p, "threat.framework", "\"MITRE ATT&CK\"", 14);
	for (n = 0; n < 2; n++) {
		size_t cnt = n ? r->ntech : r->ntactic;
		char *const *names = n ? r->tech : r->tactic;
		struct wbuf b;

		if (cnt == 0)
			continue;
		wb_init(&b, 64);
		for (k = 0; k < cnt; k++) {
			wb_char(&b, k ? ',' : '[');
			wb_str(&b, names[k], strlen(names[k]));
		}
		wb_char(&b, ']');
		put(p, n ? "threat.technique.id" : "threat.tactic.name", b.p,
		    b.len);
		wb_free(&b);
	}
}

/* ---- set-up ---- */

struct detect *
detect_new(int quiet)
{
	struct detect *d = xcalloc(1, sizeof(*d));
	int i, k, u;

	d->quiet = quiet;
	while (datasets[d->ndatasets] != NULL && d->ndatasets < 64)
		d->ndatasets++;
	for (i = 0; i < d->ndatasets; i++)
		for (k = 0; k < 6; k++)
			d->url_ids[i][k] = -1;
	for (i = 0; i < d->ndatasets; i++)
		for (u = 0; url_src[u].ds != NULL; u++)
			if (strcmp(url_src[u].ds, datasets[i]->name) == 0)
				for (k = 0; k < 6; k++)
					if (url_src[u].f[k] != NULL)
						d->url_ids[i][k] =
						    map_field_id(url_src[u].f[k]);
	for (k = 0; k < 3; k++)
		d->answer_ids[k] = map_field_id(answer_fields[k]);
	d->mctx = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(d->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(d->mctx, DEPTH_LIMIT);
	return d;
}

void
detect_free(struct detect *d)
{
	size_t i;
	int k;

	if (d == NULL)
		return;
	for (i = 0; i < d->nrule; i++) {
		struct rule *r = d->rule[i];

		free_rule(r);
		free(r->id);
		free(r->title);
		free(r->level);
		free(r->file);
		free(r->why);
		free(r->never);
		free(r->j_id);
		free(r->j_name);
		free(r->j_desc);
		free(r->j_ref);
		free(r->j_author);
		free(r->name);
		for (k = 0; k < (int)r->ntarget; k++)
			free(r->target[k]);
		free(r->target);
		free(r->filter);
		free(r->use);
		free(r);
	}
	free(d->rule);
	for (i = 0; i < d->ncorr; i++) {
		corr_clear(d->corr[i]);
		free(d->corr[i]);
	}
	free(d->corr);
	for (i = 0; i < d->nkey; i++)
		free(d->key[i].name);
	free(d->key);
	for (k = 0; k < 64; k++)
		free(d->group[k]);
	for (k = 0; k < 64; k++)
		free(d->gate[k]);
	free(d->gword);
	pcre2_match_context_free(d->mctx);
	for (i = 0; i < d->nwiden; i++) {
		free(d->widen[i][0]);
		free(d->widen[i][1]);
	}
	free(d->widen);
	free(d);
}

void
detect_set_say(struct detect *d, msg_fn *say)
{
	d->say = say;
}

unsigned long long
detect_limit_hits(const struct detect *d, unsigned long long *not_run)
{
	*not_run = __atomic_load_n(&d->not_run, __ATOMIC_RELAXED);
	return __atomic_load_n(&d->limit_hits, __ATOMIC_RELAXED);
}

size_t
detect_problems(const struct detect *d)
{
	return d->problems;
}

/* Loaded rules, not counting those with a value that cannot match. */
size_t
detect_loaded(const struct detect *d)
{
	size_t i, n = 0;

	for (i = 0; i < d->nrule; i++)
		n += d->rule[i]->datasets != 0 && d->rule[i]->never == NULL;
	return n;
}

size_t
detect_never(const struct detect *d)
{
	size_t i, n = 0;

	for (i = 0; i < d->nrule; i++)
		n += d->rule[i]->datasets != 0 && d->rule[i]->never != NULL;
	return n;
}

size_t
detect_skipped(const struct detect *d)
{
	return d->nrule - detect_loaded(d) - detect_never(d);
}

static void
datasets_of(const struct rule *r, FILE *f)
{
	int i, j, first = 1, dup;

	for (i = 0; datasets[i] != NULL && i < 64; i++) {
		if (!(r->datasets >> i & 1))
			continue;
		for (dup = 0, j = 0; j < i; j++)
			if ((r->datasets >> j & 1) &&
			    strcmp(datasets[j]->name, datasets[i]->name) == 0)
				dup = 1;
		if (dup)
			continue;
		fprintf(f, "%s%s", first ? "" : ",", datasets[i]->name);
		first = 0;
	}
}

/* A column of --list-rules: tabs and line ends would break the line. */
static void
text(FILE *f, const char *s)
{
	for (s = s != NULL ? s : "-"; *s != '\0'; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

static void
column(FILE *f, const char *s)
{
	text(f, s);
	fputc('\t', f);
}

/* Rules by id, comma-separated. */
static void
rule_ids(const struct detect *d, FILE *f, const size_t *idx, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		fputs(i ? "," : "", f);
		text(f, d->rule[idx[i]]->id);
	}
}

/* The fifth column: what a correlation reads, what a filter applies to. */
static void
relations(const struct detect *d, const struct rule *r, FILE *f, int verbose)
{
	const struct corr *c;
	size_t i, k, n = 0, *idx = xcalloc(d->nrule + 1, sizeof(*idx));
	int t;

	if (r->corr >= 0) {
		c = d->corr[r->corr];
		fprintf(f, "\tcorrelation %s of ", corr_type_name(c->type));
		for (k = 0; k < c->nref; k++) {
			fputs(k ? "," : "", f);
			t = find_rule(d, c->ref[k]);
			text(f, t >= 0 ? d->rule[t]->id : c->ref[k]);
		}
		fputs(" by ", f);
		for (k = 0; k < c->ngroup; k++) {
			fputs(k ? "," : "", f);
			text(f, c->group[k]);
		}
		fprintf(f, " in %s", c->span_text);
		if (!c->out)
			fputs(" (no alerts of its own)", f);
	} else if (r->is_filter) {
		for (i = 0; i < d->nrule; i++)
			for (k = 0; k < d->rule[i]->nfilter; k++)
				if (d->rule[d->rule[i]->filter[k]] == r)
					idx[n++] = i;
		fputs("\tfilter of ", f);
		if (n == 0)
			fputs("no loaded rule", f);
		rule_ids(d, f, idx, n);
	} else if (verbose && (r->nfilter > 0 || r->referenced)) {
		fputc('\t', f);
		if (r->nfilter > 0) {
			fputs("filtered by ", f);
			rule_ids(d, f, r->filter, r->nfilter);
		}
		if (r->referenced)
			fprintf(f, "%sread by correlations%s",
			    r->nfilter > 0 ? "; " : "",
			    r->silent ? " (no alerts of its own)" : "");
	}
	free(idx);
}

#define NCATEGORY_MAP	(sizeof(category_map) / sizeof(category_map[0]) - 1)

/* The i-th (category, dataset) pair: the defaults, then --logsource. */
static const char *
pair_at(const struct detect *d, size_t i, int which)
{
	return i < NCATEGORY_MAP ? category_map[i][which] :
	    d->widen[i - NCATEGORY_MAP][which];
}

/* -v: "# logsource category C: datasets", the defaults and --logsource. */
static void
list_logsources(const struct detect *d, FILE *f)
{
	size_t i, j, n = NCATEGORY_MAP + d->nwiden;
	int first;

	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(pair_at(d, i, 0), pair_at(d, j, 0)) == 0)
				break;
		if (j < i)
			continue;	/* listed with its first pair */
		fprintf(f, "# logsource category %s:", pair_at(d, i, 0));
		for (first = 1, j = i; j < n; j++)
			if (strcmp(pair_at(d, i, 0), pair_at(d, j, 0)) == 0) {
				fprintf(f, "%s%s%s", first ? " " : ",",
				    pair_at(d, j, 1), j >= NCATEGORY_MAP ?
				    " (--logsource)" : "");
				first = 0;
			}
		fputc('\n', f);
	}
	fputs("# logsource product cloudflare, service NAME: the dataset NAME; "
	    "product cloudflare alone: every dataset\n", f);
}

void
detect_list(struct detect *d, FILE *f, int verbose)
{
	const struct rule *r;
	size_t i;

	link_rules(d);
	if (verbose)
		list_logsources(d, f);
	for (i = 0; i < d->nrule; i++) {
		r = d->rule[i];
		if (r->datasets == 0 && !verbose)
			continue;
		column(f, r->id);
		column(f, r->title);
		column(f, r->level);
		if (r->datasets != 0) {
			datasets_of(r, f);
			relations(d, r, f, verbose);
			if (verbose && r->never != NULL) {
				fputs("\tnever matches: ", f);
				text(f, r->never);
			}
		} else {
			fputs("skipped: ", f);
			text(f, r->why);
			fputs(" (", f);
			text(f, r->file);
			if (r->line > 0)
				fprintf(f, ":%d", r->line);
			fputc(')', f);
		}
		fputc('\n', f);
	}
}

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
			out[n++] = json_of(names[k], strlen(names[k]));
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
	for (i = 0; levels[i].level != NULL; i++)
		if (levels[i].severity == sev) {
			snprintf(num, sizeof(num), "%d", levels[i].risk);
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

/* A condition of several matchers, each needing a triple: its summary. */
static void
cond_summary(struct fcond *c)
{
	size_t m, k;
	int h;

	if (c->all || c->nm == 0)
		return;
	for (m = 0; m < c->nm; m++)
		if (c->m[m].gram[0] < 0)
			return;
	c->sum = xcalloc(64, sizeof(*c->sum));
	for (m = 0; m < c->nm; m++) {
		h = c->m[m].gram[0];
		c->sum[h >> 10] |= 1ULL << (h >> 4 & 63);
	}
	c->sumw = xmalloc(64);
	for (k = 0; k < 64; k++)
		if (c->sum[k] != 0)
			c->sumw[c->nsumw++] = (unsigned char)k;
}

/* How selective a condition is as a gate: its shortest literal. */
static size_t
gate_score(const struct fcond *c)
{
	size_t m, best = (size_t)-1, n;

	for (m = 0; m < c->nm; m++) {
		n = c->m[m].kind == MK_GLOB || c->m[m].kind == MK_RE ?
		    c->m[m].prelen : c->m[m].len;
		if (n < best)
			best = n;
	}
	return best;
}

/* The matcher of a |all condition with the longest literal that has
 * triples (each of them is needed), or NULL. */
static const struct matcher *
all_best(const struct fcond *c)
{
	const struct matcher *best = NULL;
	size_t m;

	if (!c->all)
		return NULL;
	for (m = 0; m < c->nm; m++)
		if (c->m[m].gram[0] >= 0 && (best == NULL ||
		    c->m[m].len + c->m[m].prelen > best->len + best->prelen))
			best = &c->m[m];
	return best;
}

static size_t
matcher_score(const struct matcher *mt)
{
	return mt->kind == MK_GLOB || mt->kind == MK_RE ? mt->prelen : mt->len;
}

/*
 * The most selective condition that node n needs to be true (those of
 * one-map selections under "and"): one with a summary (any of its
 * matchers), or a |all one through its best matcher, in *gate (*one:
 * that matcher).
 */
static void
find_gate(const struct rule *r, int n, const struct fcond **gate,
    const struct matcher **one, size_t *score)
{
	const struct node *nd = &r->node[n];
	const struct selection *sel;
	const struct fcond *c;
	const struct matcher *mt;
	size_t k;

	if (nd->kind == N_AND) {
		find_gate(r, nd->a, gate, one, score);
		find_gate(r, nd->b, gate, one, score);
	} else if (nd->kind == N_SEL) {
		sel = &r->sel[nd->a];
		if (sel->nalt != 1)
			return;
		for (k = 0; k < sel->alt[0].nc; k++) {
			c = &sel->alt[0].c[k];
			if (c->sum != NULL && (*gate == NULL ||
			    gate_score(c) > *score)) {
				*gate = c;
				*one = NULL;
				*score = gate_score(c);
			} else if ((mt = all_best(c)) != NULL && (*gate == NULL ||
			    matcher_score(mt) > *score)) {
				*gate = c;
				*one = mt;
				*score = matcher_score(mt);
			}
		}
	}
}

static void
rule_pairs(struct rule *r)
{
	size_t s, a, c, m, score = 0;
	struct fcond *fc;

	for (s = 0; s < r->nsel; s++)
		for (a = 0; a < r->sel[s].nalt; a++)
			for (c = 0; c < r->sel[s].alt[a].nc; c++) {
				fc = &r->sel[s].alt[a].c[c];
				for (m = 0; m < fc->nm; m++)
					set_grams(&fc->m[m]);
				cond_summary(fc);
			}
	if (r->root >= 0 && r->datasets != 0)
		find_gate(r, r->root, &r->gate, &r->gate_one, &score);
}

/* Add bit h of a map with words of 2^wbits bits to the gate's words
 * from first on (one word each at most). */
static void
gate_bit(struct detect *d, uint32_t first, uint32_t word, uint64_t bit)
{
	size_t i;

	for (i = first; i < d->ngword; i++)
		if (d->gword[i].word == word) {
			d->gword[i].mask |= bit;
			return;
		}
	d->gword = xrealloc(d->gword, (d->ngword + 1) * sizeof(*d->gword));
	d->gword[d->ngword].word = word;
	d->gword[d->ngword++].mask = bit;
}

/* A rule's gate, packed: the first triple of each matcher it takes (of
 * ONE alone for a |all condition), in the small and the big map. */
static struct gate
pack_gate(struct detect *d, const struct fcond *c, const struct matcher *one)
{
	struct gate gt = { 0, 0, 0, 0, 0 };
	const struct matcher *mt;
	size_t m, nm;
	int h;

	if (c == NULL)
		return gt;
	gt.key = c->key;
	nm = one != NULL ? 1 : c->nm;
	gt.first = (uint32_t)d->ngword;
	for (m = 0; m < nm; m++) {
		mt = one != NULL ? one : &c->m[m];
		h = mt->gram[0];
		gate_bit(d, gt.first, (uint32_t)h >> 10, 1ULL << (h >> 4 & 63));
	}
	gt.n = (uint32_t)(d->ngword - gt.first);
	gt.bfirst = (uint32_t)d->ngword;
	for (m = 0; m < nm; m++) {
		mt = one != NULL ? one : &c->m[m];
		h = mt->gram[0];
		gate_bit(d, gt.bfirst, (uint32_t)h >> 6, 1ULL << (h & 63));
	}
	gt.bn = (uint32_t)(d->ngword - gt.bfirst);
	return gt;
}

void
detect_stage(struct detect *d, struct map_stage *st)
{
	size_t i;
	int k;

	if (!d->compiled) {
		link_rules(d);
		for (i = 0; i < d->nrule; i++)
			rule_pairs(d->rule[i]);
		for (k = 0; k < d->ndatasets; k++) {
			d->group[k] = xcalloc(d->nrule + 1, sizeof(size_t));
			d->gate[k] = xcalloc(d->nrule + 1, sizeof(struct gate));
			for (i = 0; i < d->nrule; i++)
				if ((d->rule[i]->datasets >> k & 1) &&
				    d->rule[i]->corr < 0 &&
				    !d->rule[i]->is_filter) {
					d->gate[k][d->ngroup[k]] =
					    pack_gate(d, d->rule[i]->gate,
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
