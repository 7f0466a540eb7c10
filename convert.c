/*
 * convert.c: the converters of the dataset tables (datasets.c).  Each
 * reads one Logpush value (json.h) and fills ECS slots through the
 * mapper's map_put_* (mapper.h, convert.h); none keeps state.
 */
#include <arpa/inet.h>	/* inet_pton() */
#include <limits.h>	/* INT_MAX */
#include <stdint.h>
#include <stdio.h>	/* snprintf() */
#include <string.h>

#include "codes.h"
#include "convert.h"
#include "json.h"
#include "mapper.h"
#include "util.h"
#include "writer.h"

/* ---- filling slots (mapper.c keeps them) ---- */

static inline int
is_set(struct mapctx *m, enum slot s)
{
	return map_is_set(m, s);
}

static inline void
set_str(struct mapctx *m, enum slot s, const char *p, size_t n)
{
	map_put_str(m, s, p, n);
}

static inline void
set_int(struct mapctx *m, enum slot s, int64_t i)
{
	map_put_int(m, s, i);
}

static inline void
set_raw(struct mapctx *m, enum slot s, const char *p, size_t n)
{
	map_put_raw(m, s, p, n);
}

static inline void *
scratch(struct mapctx *m, size_t n)
{
	return map_alloc(m, n);
}

static inline void
list_add(struct mapctx *m, enum slot s, const char *p, size_t n)
{
	map_add_list(m, s, p, n);
}

static inline const struct jval *
record_field(struct mapctx *m, const char *name)
{
	return map_record_field(m, name);
}

static inline int
is_empty(const struct jval *v)
{
	return json_is_empty(v);
}

/* ---- small helpers ---- */

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
int
conv_text_int(const char *p, size_t n, int64_t *out)
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
node_int(const struct jval *v, int64_t *out)
{
	const char *p;
	size_t n;

	return json_text(v, &p, &n) && conv_text_int(p, n, out);
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

	if (n == 0 || n >= sizeof(tmp) || memchr(p, '\0', n) != NULL)
		return 0;	/* inet_pton would stop at a NUL */
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


/* ---- converters ---- */

void
conv_str(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const char *p;
	size_t n;

	if (json_text(v, &p, &n))
		set_str(m, e->slot, p, n);
}

void
conv_lower(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const char *p;
	size_t n;

	if (json_text(v, &p, &n) && !is_set(m, e->slot))
		set_str(m, e->slot, lower_copy(m, p, n), n);
}

void
conv_long(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	int64_t i;

	if (node_int(v, &i))
		set_int(m, e->slot, i);
}

void
conv_port(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	int64_t i;

	if (node_int(v, &i) && i >= 0 && i <= 65535)
		set_int(m, e->slot, i);
}

void
conv_num(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	if (json_is(v, J_NUMBER))
		set_raw(m, e->slot, v->s, v->n);
}

void
conv_bool(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const char *p;
	size_t n;

	if (is_set(m, e->slot))
		return;
	if (json_is(v, J_TRUE) || (json_text(v, &p, &n) && ieq(p, n, "true")))
		map_put_json(m, e->slot, "true", 4);	/* a JSON boolean */
	else if (json_is(v, J_FALSE) || (json_text(v, &p, &n) && ieq(p, n, "false")))
		map_put_json(m, e->slot, "false", 5);
}

void
conv_ip(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const char *p, *ip;
	size_t n, k;

	if (!json_text(v, &p, &n) || (k = ip_text(p, n, &ip)) == 0)
		return;
	if (e->slot == SLOT_RELATED_IP || e->slot == SLOT_DNS_RESOLVED_IP ||
	    e->slot == SLOT_OBSERVER_IP || e->slot == SLOT_HOST_IP)
		list_add(m, e->slot, ip, k);
	else
		set_str(m, e->slot, ip, k);
	list_add(m, SLOT_RELATED_IP, ip, k);
}

void
conv_ips(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const struct jval *c;

	if (!json_is(v, J_ARRAY)) {
		conv_ip(m, e, v);
		return;
	}
	for (c = v->child; c != NULL; c = c->next)
		conv_ip(m, e, c);
}

void
conv_address(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const char *p, *ip;
	size_t n, k;

	if (!json_text(v, &p, &n))
		return;
	if ((k = ip_text(p, n, &ip)) != 0)
		set_str(m, e->slot, ip, k);
	else
		set_str(m, e->slot, p, n);
}


/* Cloudflare's "no time": null, "", 0, and the zero times of Go and Unix. */
static int
time_unset(const struct jval *v)
{
	const char *p;
	size_t n;

	if (is_empty(v))
		return 1;
	if (!json_text(v, &p, &n))
		return 0;
	return (n == 1 && p[0] == '0') || (n == 20 &&
	    (memcmp(p, "0001-01-01T00:00:00Z", 20) == 0 ||
	    memcmp(p, "1970-01-01T00:00:00Z", 20) == 0));
}

static void
set_time(struct mapctx *m, enum slot s, const struct jval *v, enum time_format f)
{
	int64_t ns;
	int r;

	if (is_set(m, s))
		return;
	if (json_is(v, J_NUMBER)) {
		r = timefmt_from_digits(v->s, v->n,
		    f, &ns);
		if (r < 0)	/* 1708213921.5 */
			r = timefmt_from_number(v->s,
			    v->n, f, &ns);
	} else if (json_is(v, J_STRING))
		r = timefmt_from_string(v->s, v->n,
		    f, &ns);
	else
		r = -1;
	if (r == 0)
		map_put_time(m, s, ns);
	else if (!time_unset(v))
		map_bad_time(m, v);	/* marked in the event: mark_time */
}

void
conv_time(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	set_time(m, e->slot, v, map_time_format());
}

/*
 * Fields whose integers have a fixed unit whatever --time-format says
 * (EventTimestampMs, timestampStartNanos); strings are read as usual.
 */
static void
set_fixed_time(struct mapctx *m, enum slot s, const struct jval *v,
    enum time_format unit)
{
	set_time(m, s, v, json_is(v, J_NUMBER) ? unit : map_time_format());
}

void
conv_time_ms(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	set_fixed_time(m, e->slot, v, TIME_UNIXMS);
}

void
conv_time_ns(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	set_fixed_time(m, e->slot, v, TIME_UNIXNANO);
}

/*
 * A Host header's "name:port" or "[ipv6]:port": *n shortened to the name
 * (an IPv6 literal without its brackets, as conv_url writes url.domain)
 * and the port, or -1.  A value with no valid port is left whole.
 */
static const char *
host_port(const char *p, size_t *n, int64_t *port)
{
	const char *c = NULL, *close;

	*port = -1;
	if (*n > 2 && p[0] == '[') {
		if ((close = memchr(p, ']', *n)) == NULL)
			return p;
		if (close + 1 < p + *n && close[1] != ':')
			return p;
		c = close + 1 < p + *n ? close + 1 : NULL;
		if (c != NULL && (!conv_text_int(c + 1, (size_t)(p + *n - c - 1),
		    port) || *port < 0 || *port > 65535)) {
			*port = -1;
			return p;
		}
		*n = (size_t)(close - p - 1);
		return p + 1;
	}
	if ((c = memchr(p, ':', *n)) == NULL || c == p ||
	    memchr(c + 1, ':', (size_t)(p + *n - c - 1)) != NULL)
		return p;	/* no port, or a bare IPv6 address */
	if (c + 1 < p + *n && (!conv_text_int(c + 1, (size_t)(p + *n - c - 1),
	    port) || *port < 0 || *port > 65535)) {
		*port = -1;
		return p;
	}
	*n = (size_t)(c - p);
	return p;
}

/*
 * A host name; a port it carries goes to url.port or the domain's own
 * *.port (not from *.address: there *.ip may be another hop).
 */
void
conv_host(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	static const struct { enum slot host, port; } ports[] = {
		{ SLOT_URL_DOMAIN,		SLOT_URL_PORT },
		{ SLOT_DESTINATION_DOMAIN,	SLOT_DESTINATION_PORT },
		{ SLOT_SOURCE_DOMAIN,		SLOT_SOURCE_PORT },
	};
	const char *p;
	size_t n, i;
	int64_t port;

	if (!json_text(v, &p, &n))
		return;
	p = host_port(p, &n, &port);
	if (n == 0)
		return;
	set_related(m, e->slot, SLOT_RELATED_HOSTS, p, n);
	for (i = 0; port >= 0 && i < sizeof(ports) / sizeof(ports[0]); i++)
		if (ports[i].host == e->slot)
			set_int(m, ports[i].port, port);
}

/* DNS names lose the root's trailing dot(s). */
void
conv_dns_name(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const char *p;
	size_t n;

	if (!json_text(v, &p, &n))
		return;
	while (n > 1 && p[n - 1] == '.')
		n--;
	set_related(m, e->slot, SLOT_RELATED_HOSTS, p, n);
}

void
conv_country_iso(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const char *p;
	char *q;
	size_t i, n;

	/* Only assigned ISO 3166-1 codes: Cloudflare's "T1" (Tor) and "XX"
	 * (unknown) stay in cloudflare.* alone. */
	if (!json_text(v, &p, &n) || n != 2 || is_set(m, e->slot) ||
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
conv_continent(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	static const char *const codes[] = {
		"AF", "AN", "AS", "EU", "NA", "OC", "SA"
	};
	const char *p;
	size_t i, n;

	if (!json_text(v, &p, &n) || n != 2 || is_set(m, e->slot))
		return;
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (ieq(p, n, codes[i])) {
			set_str(m, e->slot, codes[i], 2);
			return;
		}
}

void
conv_country_name(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const char *p, *name;
	size_t n;

	if (json_text(v, &p, &n) && (name = code_country_name(p, n)) != NULL)
		set_str(m, e->slot, name, strlen(name));
}

/* Cloudflare region codes are the ISO 3166-2 part after the country. */
void
conv_region(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const struct jval *c = record_field(m, "ClientCountry");
	const char *p, *cp;
	size_t n, cn;
	char *q;

	if (!json_text(v, &p, &n) || c == NULL || !json_text(c, &cp, &cn) ||
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
conv_http_version(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const char *p;
	size_t n;

	if (json_text(v, &p, &n) && n > 5 && ieq(p, 5, "http/"))
		set_str(m, e->slot, p + 5, n - 5);
}

/* "HTTP/2" -> "http"; ECS wants network.protocol in lower case. */
void
conv_net_protocol(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const char *p, *slash;
	size_t n;

	if (!json_text(v, &p, &n) || is_none(p, n) || is_set(m, e->slot))
		return;
	if ((slash = memchr(p, '/', n)) != NULL)
		n = (size_t)(slash - p);
	if (n > 0)
		set_str(m, e->slot, lower_copy(m, p, n), n);
}

void
conv_lower_transport(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const char *p;
	size_t n;

	if (json_text(v, &p, &n) && !is_none(p, n) && !is_set(m, e->slot))
		set_str(m, e->slot, lower_copy(m, p, n), n);
}

/* "TLSv1.3" -> "1.3" and "tls"; "SSLv3" -> "3" and "ssl". */
static int
tls_split(const struct jval *v, const char **ver, size_t *vn)
{
	const char *p;
	size_t n;

	if (!json_text(v, &p, &n) || n < 5 || is_none(p, n))
		return 0;
	if (!ieq(p, 4, "tlsv") && !ieq(p, 4, "sslv"))
		return 0;
	*ver = p + 4;
	*vn = n - 4;
	return 1;
}

void
conv_tls_version(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const char *ver;
	size_t n;

	if (tls_split(v, &ver, &n))
		set_str(m, e->slot, ver, n);
}

void
conv_tls_protocol(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const char *ver, *p;
	size_t n;

	if (tls_split(v, &ver, &n) && json_text(v, &p, &n))
		set_str(m, e->slot, (p[0] | 0x20) == 't' ? "tls" : "ssl", 3);
}

void
conv_tls_cipher(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const char *p;
	size_t n;

	if (json_text(v, &p, &n) && !is_none(p, n))
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
conv_action(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const char *p;
	char key[48];
	size_t n, i, k = 0;

	if (!json_text(v, &p, &n) || is_none(p, n) || is_set(m, e->slot))
		return;
	set_str(m, e->slot, p, n);
	for (i = 0; i < n && k < sizeof(key) - 1; i++)
		if (p[i] != '_' && p[i] != '-' && p[i] != ' ')
			key[k++] = (char)((p[i] >= 'A' && p[i] <= 'Z') ?
			    p[i] | 0x20 : p[i]);
	key[k] = '\0';
	if (memchr(p, '\0', n) != NULL)	/* no word: strcmp would stop there */
		key[0] = '\0';
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
conv_outcome_bool(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const char *p;
	size_t n;

	if (json_is(v, J_TRUE) || (json_text(v, &p, &n) &&
	    (ieq(p, n, "true") || ieq(p, n, "success"))))
		set_str(m, e->slot, "success", 7);
	else if (json_is(v, J_FALSE) || (json_text(v, &p, &n) &&
	    (ieq(p, n, "false") || ieq(p, n, "failure"))))
		set_str(m, e->slot, "failure", 7);
}

/* The path of a request URI: everything before '?'. */
void
conv_url_path(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const char *p, *q;
	size_t n;

	if (!json_text(v, &p, &n))
		return;
	if ((q = memchr(p, '?', n)) != NULL)
		n = (size_t)(q - p);
	set_str(m, e->slot, p, n);
}

/* The query of a request URI (after '?'), or a query field itself. */
void
conv_url_query(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const char *p, *q;
	size_t n;

	if (!json_text(v, &p, &n))
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
conv_url(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const char *p, *s, *host, *end, *colon, *path, *q, *dom;
	size_t n, hn, domlen;
	int64_t port;

	if (!json_text(v, &p, &n))
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
	if (colon != NULL && conv_text_int(colon + 1, (size_t)(path - colon - 1), &port))
		set_int(m, SLOT_URL_PORT, port);
	if (map_get_str(m, SLOT_URL_DOMAIN, &dom, &domlen))
		list_add(m, SLOT_RELATED_HOSTS, dom, domlen);
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
conv_strs(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const struct jval *c;
	const char *p;
	size_t n;

	if (!json_is(v, J_ARRAY)) {
		if (json_text(v, &p, &n))
			list_add(m, e->slot, p, n);
		return;
	}
	for (c = v->child; c != NULL; c = c->next)
		if (json_text(c, &p, &n))
			list_add(m, e->slot, p, n);
}

void
conv_hash(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const char *p;
	size_t n;

	if (json_text(v, &p, &n) && !is_none(p, n))
		set_related(m, e->slot, SLOT_RELATED_HASH, p, n);
}

void
conv_user(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const char *p;
	size_t n;

	if (json_text(v, &p, &n))
		set_related(m, e->slot, SLOT_RELATED_USER, p, n);
}

/* One "key":"value" of an attachment, if the element has the field. */
static int
attachment_member(struct wbuf *b, const struct jval *o, const char *field,
    const char *key, int first)
{
	const struct jval *v = json_get(o, field);
	const char *p;
	size_t n;

	if (v == NULL || !json_text(v, &p, &n) || n == 0)
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
conv_attachments(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	static const char *const hash[][2] = {
		{ "Md5", "md5" }, { "Sha1", "sha1" }, { "Sha256", "sha256" },
		{ "Ssdeep", "ssdeep" }
	};
	struct wbuf b;
	const struct jval *o, *h;
	const char *p;
	char *copy;
	size_t i, n;
	int first, any = 0, hfirst;

	if (!json_is(v, J_ARRAY) || is_set(m, e->slot))
		return;
	wb_init(&b, 256);
	wb_char(&b, '[');
	for (o = v->child; o != NULL; o = o->next) {
		if (!json_is(o, J_OBJECT))
			continue;
		wb_raw(&b, any ? ",{\"file\":{" : "{\"file\":{", any ? 10 : 9);
		any = 1;
		first = attachment_member(&b, o, "Name", "name", 1);
		first = attachment_member(&b, o,
		    json_get(o, "ContentTypeComputed") ?
		    "ContentTypeComputed" : "ContentTypeProvided", "mime_type",
		    first);
		hfirst = 1;
		for (i = 0; i < sizeof(hash) / sizeof(hash[0]); i++) {
			h = json_get(o, hash[i][0]);
			if (h == NULL || !json_text(h, &p, &n) || n == 0)
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
		map_put_json(m, e->slot, copy, b.len);
	}
	wb_free(&b);
}

typedef const char *code_fn(unsigned long);

static void
set_code(struct mapctx *m, enum slot s, const struct jval *v, code_fn *fn)
{
	const char *p, *name;
	int64_t i;
	size_t n;

	if (node_int(v, &i)) {
		if (i >= 0 && (name = fn((unsigned long)i)) != NULL)
			set_str(m, s, name, strlen(name));
	} else if (json_text(v, &p, &n))
		set_str(m, s, p, n);	/* already a name */
}

void
conv_dns_type(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	set_code(m, e->slot, v, code_dns_type);
}

void
conv_dns_rcode(struct mapctx *m, const struct fmap *e, const struct jval *v)
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
conv_ruleset(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	char ids_name[64];
	const struct jval *ids, *c, *src;
	const char *p, *s, *id = NULL;
	size_t n, idlen = 0, len = strlen(e->field);
	int i = 0, has_id = map_get_str(m, SLOT_RULE_ID, &id, &idlen);

	if (!json_is(v, J_ARRAY)) {
		conv_str(m, e, v);
		return;
	}
	src = NULL;
	if (v->child != NULL && v->child->next == NULL)
		src = v->child;
	else if (has_id && len > 7 && len < 40 &&
	    strcmp(e->field + len - 7, "Sources") == 0) {
		snprintf(ids_name, sizeof(ids_name), "%.*sRuleIDs",
		    (int)(len - 7), e->field);
		if ((ids = record_field(m, ids_name)) != NULL) {
			for (c = ids->child; c != NULL; c = c->next) {
				if (json_text(c, &p, &n) && n == idlen &&
				    memcmp(p, id, n) == 0) {
					for (src = v->child; src != NULL && i > 0;
					    src = src->next)
						i--;
					break;
				}
				i++;
			}
		}
	}
	if (src != NULL && json_text(src, &s, &n))
		set_str(m, e->slot, s, n);
}

/* An integer where Cloudflare writes 0 for "not applicable" (AS 0, port 0). */
void
conv_long_pos(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	int64_t i;

	if (node_int(v, &i) && i > 0)
		set_int(m, e->slot, i);
}

/* A string, unless it is Cloudflare's "none"/"unknown" placeholder. */
void
conv_known(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const char *p;
	size_t n;

	if (json_text(v, &p, &n) && !is_none(p, n))
		set_str(m, e->slot, p, n);
}

/* A duration in milliseconds (WallTimeMs) -> nanoseconds, as ECS wants. */
void
conv_duration_ms(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	int64_t i;

	if (node_int(v, &i) && i >= 0 && i <= INT64_MAX / 1000000)
		set_int(m, e->slot, i * 1000000);
}

/* A host name that may carry a path (Access AppDomain "host/cdn-cgi/..."). */
void
conv_hostpart(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const char *p, *s;
	size_t n;

	if (!json_text(v, &p, &n))
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
hostport_split(const struct jval *v, const char **h, size_t *hn, const char **port,
    size_t *pn)
{
	const char *p, *end, *s;
	size_t n;

	if (!json_text(v, &p, &n) || n == 0)
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
conv_hostport_ip(struct mapctx *m, const struct fmap *e, const struct jval *v)
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
conv_hostport_address(struct mapctx *m, const struct fmap *e, const struct jval *v)
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
conv_hostport_port(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const char *h, *port;
	size_t hn, pn;
	int64_t i;

	if (hostport_split(v, &h, &hn, &port, &pn) && conv_text_int(port, pn, &i) &&
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
conv_transport(struct mapctx *m, const struct fmap *e, const struct jval *v)
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
	if (!json_text(v, &p, &n) || is_none(p, n) || ieq(p, n, "any") ||
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
conv_verdict(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const char *p, *type = "info", *outcome = "unknown";
	char key[48];
	size_t n, i, k = 0;

	if (!json_text(v, &p, &n) || is_none(p, n))
		return;
	for (i = 0; i < n && k < sizeof(key) - 1; i++)
		if (p[i] != '_' && p[i] != '-' && p[i] != ' ')
			key[k++] = (char)((p[i] >= 'A' && p[i] <= 'Z') ?
			    p[i] | 0x20 : p[i]);
	key[k] = '\0';
	if (memchr(p, '\0', n) != NULL)	/* no word: strcmp would stop there */
		key[0] = '\0';
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
name_type(const struct jval *v)
{
	const char *p, *t;
	size_t n, k;

	if (!json_text(v, &p, &n))
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
conv_type_verb(struct mapctx *m, const struct fmap *e, const struct jval *v)
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
conv_type_change(struct mapctx *m, const struct fmap *e, const struct jval *v)
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
conv_outcome_word(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const char *p;
	size_t n;

	if (json_is(v, J_TRUE))
		set_str(m, e->slot, "success", 7);
	else if (json_is(v, J_FALSE))
		set_str(m, e->slot, "failure", 7);
	else if (!json_text(v, &p, &n))
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
os_kind(const struct jval *v)
{
	const char *p;
	size_t n, i, k;

	if (!json_text(v, &p, &n))
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
conv_os(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const struct os_kind *k = os_kind(v);

	if (k == NULL)
		return;
	set_const(m, e->slot, e->slot == SLOT_HOST_OS_NAME ? k->name :
	    e->slot == SLOT_HOST_OS_TYPE ? k->type : k->family);
}

/* DNS QueryTCP: true -> "tcp", false -> "udp" (network.transport). */
void
conv_tcp_bool(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	const char *p;
	size_t n;

	if (json_is(v, J_TRUE) || (json_text(v, &p, &n) && ieq(p, n, "true")))
		set_str(m, e->slot, "tcp", 3);
	else if (json_is(v, J_FALSE) || (json_text(v, &p, &n) &&
	    ieq(p, n, "false")))
		set_str(m, e->slot, "udp", 3);
}

/*
 * A severity word -> event.severity, a number in ECS: Elastic Security's
 * risk scores for its severity levels (low 21, medium 47, high 73,
 * critical 99); informational 0.  Other words leave it unset.
 */
void
conv_severity_word(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	static const struct { const char *word; int score; } sev[] = {
		{ "info", 0 }, { "informational", 0 }, { "low", 21 },
		{ "medium", 47 }, { "moderate", 47 }, { "high", 73 },
		{ "critical", 99 },
	};
	const char *p;
	size_t n, i;

	if (!json_text(v, &p, &n))
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
conv_state_iso(struct mapctx *m, const struct fmap *e, const struct jval *v)
{
	static const char state[] = "StateISO", country[] = "CountryISO";
	const size_t sl = sizeof(state) - 1, cl = sizeof(country) - 1;
	size_t fl = strlen(e->field), n, cn, i;
	const char *p, *cp;
	char name[80], *q;

	if (is_set(m, e->slot) || fl < sl || fl - sl + cl >= sizeof(name) ||
	    strcmp(e->field + fl - sl, state) != 0 || !json_text(v, &p, &n) ||
	    n == 0 || n > 3)
		return;
	memcpy(name, e->field, fl - sl);
	memcpy(name + fl - sl, country, cl + 1);
	if (!json_text(record_field(m, name), &cp, &cn) || cn != 2)
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
coordinate(const struct jval *v, double limit, const char **p, size_t *n)
{
	size_t i = 0, digits = 0;
	char buf[32];
	double d;

	if (!json_text(v, p, n) || *n == 0 || *n >= sizeof(buf))
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
conv_geo_location(struct mapctx *m, const struct fmap *e, const struct jval *v)
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
	map_put_json(m, e->slot, q, lan + lon + 15);
}

