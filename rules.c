/*
 * rules.c: Sigma rules: messages, field names, values (globs, regex
 * literals, base64) and the selections of one rule file.
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
void
rules_warn_at(struct detect *d, const char *file, int line, const char *fmt,
    ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(d, 0, file, line, fmt, ap);
	va_end(ap);
}

/* A path that cannot be read at all. */
void
rules_error_at(struct detect *d, const char *file, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(d, 1, file, 0, fmt, ap);
	va_end(ap);
}

/* ---- field names ---- */

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
const struct rule_url_src rules_url_src[] = {
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
const char *const rules_answer_fields[3] = {
	"ResolvedIPs", "CNAMEs", "ResourceRecordsJSON"
};

#define X_PATH(name, path) path,
static const char *const slot_path[SLOT_COUNT] = { ECS_SLOTS(X_PATH) };
#undef X_PATH

static int
has_url(const char *ds)
{
	int i;

	for (i = 0; rules_url_src[i].ds != NULL; i++)
		if (strcmp(rules_url_src[i].ds, ds) == 0)
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

int
rules_intern_key(struct detect *d, const char *name)
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

/* Where a field's value is in the ECS event (for the alert's group-by). */
char *
rules_ecs_path(const struct detect *d, int key, uint64_t set, const char *name)
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

/* ---- values: parsing Sigma strings ---- */

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
void
rules_set_grams(struct matcher *mt)
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

int
rules_fail(struct load *l, const yaml_node_t *n, const char *fmt, ...)
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

yaml_node_t *
rules_node(struct load *l, int i)
{
	return yaml_document_get_node(&l->doc, i);
}

int
rules_is_scalar(const yaml_node_t *n)
{
	return n != NULL && n->type == YAML_SCALAR_NODE;
}

/* A scalar's text as a C string (NULs cut it short: names, titles). */
char *
rules_scalar_dup(const yaml_node_t *n)
{
	return xstrndup((const char *)n->data.scalar.value,
	    n->data.scalar.length);
}

int
rules_scalar_is(const yaml_node_t *n, const char *s)
{
	return rules_is_scalar(n) && n->data.scalar.length == strlen(s) &&
	    memcmp(n->data.scalar.value, s, n->data.scalar.length) == 0;
}

/* YAML's null: ~, null, or nothing, unquoted. */
static int
is_null(const yaml_node_t *n)
{
	return rules_is_scalar(n) && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    (n->data.scalar.length == 0 || rules_scalar_is(n, "~") ||
	    rules_scalar_is(n, "null") || rules_scalar_is(n, "Null") ||
	    rules_scalar_is(n, "NULL"));
}

yaml_node_t *
rules_map_get(struct load *l, const yaml_node_t *m, const char *key)
{
	yaml_node_pair_t *p;

	if (m == NULL || m->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++)
		if (rules_scalar_is(rules_node(l, p->key), key))
			return rules_node(l, p->value);
	return NULL;
}

char *
rules_get_str(struct load *l, const yaml_node_t *m, const char *key)
{
	yaml_node_t *n = rules_map_get(l, m, key);

	return rules_is_scalar(n) ? rules_scalar_dup(n) : NULL;
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
			return rules_fail(l, at, "unsupported modifier '%s'", p);
	}
	return 0;
}

static struct matcher *
new_matcher(struct load *l, struct fcond *c, const yaml_node_t *at)
{
	if (++l->nvalues > MAX_VALUES) {
		rules_fail(l, at, "more than %d values", MAX_VALUES);
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
		return rules_fail(l, at, "bad regular expression at offset %zu: %s",
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
		return rules_fail(l, at, "bad CIDR '%.*s'", (int)(n < 64 ? n : 64), v);
	memcpy(buf, v, n);
	buf[n] = '\0';
	slash = strchr(buf, '/');
	if (slash != NULL)
		*slash++ = '\0';
	if ((fam = parse_ip(buf, addr)) == 0)
		return rules_fail(l, at, "bad CIDR '%s'", buf);
	bits = fam == AF_INET ? 32 : 128;
	if (slash != NULL) {
		errno = 0;
		bits = strtol(slash, &end, 10);
		if (*slash == '\0' || *end != '\0' || bits < 0 ||
		    bits > (fam == AF_INET ? 32 : 128))
			return rules_fail(l, at, "bad CIDR prefix length '%s'", slash);
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
		if (rules_scalar_is(v, "true") || rules_scalar_is(v, "True") ||
		    rules_scalar_is(v, "yes"))
			mt->exists = 1;
		else if (!rules_scalar_is(v, "false") && !rules_scalar_is(v, "False") &&
		    !rules_scalar_is(v, "no"))
			return rules_fail(l, v, "exists needs true or false");
		return 0;
	case MK_NUM:
		if ((mt = new_matcher(l, c, v)) == NULL)
			return -1;
		mt->kind = MK_NUM;
		mt->op = md->op;
		if (n == 0 || n > 64 || memchr(s, '\0', n) != NULL)
			return rules_fail(l, v, "not a number");
		mt->num = strtod(s, &end);
		if (end != s + n)
			return rules_fail(l, v, "not a number: '%s'", s);
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

	if (!rules_is_scalar(k))
		return rules_fail(l, k, "a field name must be a string");
	spec = rules_scalar_dup(k);
	if (parse_mods(l, k, spec, &field, &md) < 0) {
		free(spec);
		return -1;
	}
	a->c = xrealloc(a->c, (a->nc + 1) * sizeof(*a->c));
	c = &a->c[a->nc++];
	memset(c, 0, sizeof(*c));
	c->key = rules_intern_key(l->d, field);
	c->all = md.all;
	keyword = *field == '\0';
	free(spec);
	if (rules_is_scalar(v))
		return add_value(l, c, &md, v, keyword);
	if (v == NULL || v->type != YAML_SEQUENCE_NODE)
		return rules_fail(l, v != NULL ? v : k, "a field's value must be a "
		    "string or a list of strings");
	if (v->data.sequence.items.start == v->data.sequence.items.top)
		return rules_fail(l, v, "empty list of values");
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top &&
	    r == 0; it++) {
		e = rules_node(l, *it);
		if (!rules_is_scalar(e))
			return rules_fail(l, e != NULL ? e : v, "a list of values must "
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
		if (add_cond(l, a, rules_node(l, p->key), rules_node(l, p->value)) < 0)
			return -1;
	if (a->nc == 0)
		return rules_fail(l, m, "empty selection");
	/* Cheap conditions first: a regex runs only if the rest matched. */
	qsort(a->c, a->nc, sizeof(*a->c), cond_cmp);
	return 0;
}

/* A selection: a map, a list of maps (OR), or a list of keywords. */
int
rules_add_selection(struct load *l, const char *name, const yaml_node_t *v)
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
		return rules_fail(l, NULL, "selection %s is empty", name);
	if (v->type == YAML_MAPPING_NODE)
		return add_alt(l, s, v);
	if (v->type == YAML_SCALAR_NODE)
		return rules_fail(l, v, "selection %s: a single keyword string is "
		    "not a selection (use a list)", name);
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	    it++) {
		e = rules_node(l, *it);
		if (e != NULL && e->type == YAML_MAPPING_NODE)
			maps++;
		else if (rules_is_scalar(e))
			keywords++;
		else
			return rules_fail(l, e != NULL ? e : v, "selection %s: lists "
			    "must hold maps or keywords", name);
	}
	if (maps > 0 && keywords > 0)
		return rules_fail(l, v, "selection %s mixes maps and keywords", name);
	if (maps + keywords == 0)
		return rules_fail(l, v, "selection %s is an empty list", name);
	if (maps > 0) {
		for (it = v->data.sequence.items.start;
		    it < v->data.sequence.items.top; it++)
			if (add_alt(l, s, rules_node(l, *it)) < 0)
				return -1;
		return 0;
	}
	s->alt = xcalloc(1, sizeof(*s->alt));
	s->nalt = 1;
	a = &s->alt[0];
	a->c = xcalloc(1, sizeof(*a->c));
	a->nc = 1;
	c = &a->c[0];
	c->key = rules_intern_key(l->d, "");
	memset(&md, 0, sizeof(md));
	md.kind = MK_EQ;
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	    it++)
		if (add_value(l, c, &md, rules_node(l, *it), 1) < 0)
			return -1;
	return 0;
}

