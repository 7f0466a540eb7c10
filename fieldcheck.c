/*
 * fieldcheck.c: literals a field can never hold (see fieldcheck.h).
 *
 * What is certain from how cfecs fills the field, and one near
 * certainty: a query string is what follows '?', so it does not start
 * with '?', and a literal that starts with '/' there is a path put in
 * the wrong field (a query can hold "/x" only after a '=' or '&'); a path ends where the query begins; an HTTP status is
 * three digits from 100 to 599; an address field holds an IPv4 or IPv6
 * address; a port field 0 to 65535; a DNS query name is a name, not an
 * address.  Anything else (globs, regexes, numbers compared) is not
 * judged.
 */
#include <arpa/inet.h>	/* inet_pton() */
#include <string.h>	/* strcmp(), strlen() */

#include "fieldcheck.h"

enum fclass { C_NONE, C_QUERY, C_PATH, C_STATUS, C_IP, C_PORT, C_DNSNAME };

static const struct {
	const char	*name;
	enum fclass	 cls;
} fields[] = {
	{ "c-uri-query",		C_QUERY },
	{ "url.query",			C_QUERY },
	{ "cs-uri-stem",		C_PATH },
	{ "c-uri-stem",			C_PATH },
	{ "url.path",			C_PATH },
	{ "sc-status",			C_STATUS },
	{ "http.response.status_code",	C_STATUS },
	{ "EdgeResponseStatus",		C_STATUS },
	{ "OriginResponseStatus",	C_STATUS },
	{ "HTTPStatusCode",		C_STATUS },
	{ "c-ip",			C_IP },
	{ "s-ip",			C_IP },
	{ "src_ip",			C_IP },
	{ "dst_ip",			C_IP },
	{ "src_port",			C_PORT },
	{ "dst_port",			C_PORT },
	{ "query",			C_DNSNAME },
	{ "dns.question.name",		C_DNSNAME },
	{ "QueryName",			C_DNSNAME },
	{ NULL,				C_NONE }
};

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n > k && strcmp(s + n - k, suffix) == 0;
}

/* The class of a name: the table, then ECS ".ip"/".port" leaves and
 * Logpush names that end in "IP" or "Port" (ClientIP, SrcPort ...). */
static enum fclass
classify(const char *field)
{
	size_t i;

	for (i = 0; fields[i].name != NULL; i++)
		if (strcmp(fields[i].name, field) == 0)
			return fields[i].cls;
	if (ends_with(field, ".ip"))
		return C_IP;
	if (ends_with(field, ".port"))
		return C_PORT;
	if (strchr(field, '.') == NULL && strchr(field, '-') == NULL &&
	    strchr(field, '_') == NULL && field[0] >= 'A' && field[0] <= 'Z') {
		if (ends_with(field, "IP") &&
		    field[strlen(field) - 3] >= 'a' && field[strlen(field) - 3] <= 'z')
			return C_IP;
		if (ends_with(field, "Port"))
			return C_PORT;
	}
	return C_NONE;
}

static int
all_in(const char *p, size_t n, const char *set)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] == '\0' || strchr(set, p[i]) == NULL)
			return 0;
	return 1;
}

/* A decimal number of at most 5 digits, or -1. */
static long
small_number(const char *p, size_t n)
{
	long v = 0;
	size_t i;

	if (n == 0 || n > 5 || !all_in(p, n, "0123456789"))
		return -1;
	for (i = 0; i < n; i++)
		v = v * 10 + (p[i] - '0');
	return v;
}

static int
is_ip(const char *p, size_t n)
{
	char buf[64];
	unsigned char a[16];

	if (n == 0 || n >= sizeof(buf) || memchr(p, '\0', n) != NULL)
		return 0;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return inet_pton(AF_INET, buf, a) == 1 || inet_pton(AF_INET6, buf, a) == 1;
}

const char *
fieldcheck(const char *field, enum fc_match match, const char *lit, size_t n)
{
	long v;

	switch (classify(field)) {
	case C_QUERY:
		/* contains '/x/y' could meet "?u=/x/y", but a rule that
		 * says it means the path: the mistake the check is for */
		if (n > 0 && lit[0] == '/')
			return "a path (starting with '/') in a field that holds "
			    "only the query string (cs-uri-query holds both)";
		if ((match == FC_EQ || match == FC_START) && n > 0 &&
		    lit[0] == '?')
			return "the query string is what follows '?' and does "
			    "not start with it";
		return NULL;
	case C_PATH:
		if (memchr(lit, '?', n) != NULL)
			return "a path ends where the query ('?') begins";
		return NULL;
	case C_STATUS:
		if (match == FC_EQ) {
			v = small_number(lit, n);
			if (v < 100 || v > 599)
				return "an HTTP status is a number from 100 to 599";
		} else if (!all_in(lit, n, "0123456789") || n > 3)
			return "an HTTP status is three digits";
		return NULL;
	case C_IP:
		if (match == FC_EQ ? !is_ip(lit, n) :
		    !all_in(lit, n, "0123456789abcdefABCDEF.:"))
			return "the field holds an IP address";
		return NULL;
	case C_PORT:
		if (match == FC_EQ ? (v = small_number(lit, n)) < 0 || v > 65535 :
		    !all_in(lit, n, "0123456789"))
			return "a port is a number from 0 to 65535";
		return NULL;
	case C_DNSNAME:
		if (match == FC_EQ && is_ip(lit, n))
			return "an IP address is not a DNS query name";
		return NULL;
	default:
		return NULL;
	}
}
