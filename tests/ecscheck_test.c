/*
 * ecscheck_test.c: unit tests of ecs_check_event().
 *
 * Build: cc -I. -o tests/ecscheck_test tests/ecscheck_test.c ecscheck.c \
 *	ecs_fields.c
 * Prints each failure, then "ecscheck: N passed, M failed"; exits 1 on
 * any failure.
 */
#include <stdio.h>	/* printf() */
#include <stdlib.h>	/* malloc(), free() */
#include <string.h>	/* strcmp(), strlen(), memcpy() */

#include "ecscheck.h"

/* Real cfecs output: ./cfecs samples/http_requests.ndjson etc. */
static const char *const real[] = {
	/* samples/http_requests.ndjson line 4 (action block, IPv4) */
	"{\"@timestamp\":\"2025-06-03T14:07:22.000000Z\",\"event\":{\"kind"
	"\":\"event\",\"category\":[\"web\"],\"type\":[\"access\",\"denied"
	"\"],\"action\":\"block\",\"outcome\":\"failure\",\"dataset\":\"htt"
	"p_requests\",\"module\":\"cloudflare\",\"id\":\"94a3e6c0b71f2d58\""
	",\"start\":\"2025-06-03T14:07:22.000000Z\",\"end\":\"2025-06-03T14"
	":07:23.000000Z\",\"duration\":1000000000},\"source\":{\"ip\":\"203"
	".0.113.66\",\"address\":\"203.0.113.66\",\"as\":{\"number\":60729}"
	",\"geo\":{\"country_iso_code\":\"T1\"}},\"destination\":{\"address"
	"\":\"shop.example.com\"},\"network\":{\"protocol\":\"http\"},\"htt"
	"p\":{\"request\":{\"id\":\"94a3e6c0b71f2d58\",\"method\":\"GET\"},"
	"\"response\":{\"status_code\":403,\"bytes\":5873},\"version\":\"1."
	"1\"},\"url\":{\"original\":\"/search?q=%27%20OR%201%3D1--&page=1\""
	",\"scheme\":\"https\",\"domain\":\"shop.example.com\",\"path\":\"/"
	"search\",\"query\":\"q=%27%20OR%201%3D1--&page=1\"},\"user_agent\""
	":{\"original\":\"Mozilla/5.0 (Windows NT 10.0; rv:115.0) Gecko/201"
	"00101 Firefox/115.0\"},\"tls\":{\"version\":\"1.2\",\"version_prot"
	"ocol\":\"tls\",\"cipher\":\"ECDHE-RSA-AES128-GCM-SHA256\"},\"rule"
	"\":{\"id\":\"e3a567afc347477d9702d9047e97d760\",\"ruleset\":\"fire"
	"wallManaged\",\"description\":\"SQLi - Tautology - URI\"},\"observ"
	"er\":{\"vendor\":\"Cloudflare\",\"type\":\"proxy\",\"geo\":{\"name"
	"\":\"CDG\"}},\"cloudflare\":{\"BotScore\":1,\"BotScoreSrc\":\"Heur"
	"istics\",\"ClientASN\":60729,\"ClientCountry\":\"t1\",\"ClientIP\""
	":\"203.0.113.66\",\"ClientIPClass\":\"tor\",\"ClientRequestHost\":"
	"\"shop.example.com\",\"ClientRequestMethod\":\"GET\",\"ClientReque"
	"stPath\":\"/search\",\"ClientRequestProtocol\":\"HTTP/1.1\",\"Clie"
	"ntRequestScheme\":\"https\",\"ClientRequestURI\":\"/search?q=%27%2"
	"0OR%201%3D1--&page=1\",\"ClientRequestUserAgent\":\"Mozilla/5.0 (W"
	"indows NT 10.0; rv:115.0) Gecko/20100101 Firefox/115.0\",\"ClientS"
	"SLCipher\":\"ECDHE-RSA-AES128-GCM-SHA256\",\"ClientSSLProtocol\":"
	"\"TLSv1.2\",\"EdgeColoCode\":\"CDG\",\"EdgeEndTimestamp\":\"2025-0"
	"6-03T14:07:23Z\",\"EdgeResponseBytes\":5873,\"EdgeResponseStatus\""
	":403,\"EdgeStartTimestamp\":\"2025-06-03T14:07:22Z\",\"OriginRespo"
	"nseStatus\":0,\"RayID\":\"94a3e6c0b71f2d58\",\"SecurityAction\":\""
	"block\",\"SecurityActions\":[\"block\"],\"SecurityRuleDescription"
	"\":\"SQLi - Tautology - URI\",\"SecurityRuleID\":\"e3a567afc347477"
	"d9702d9047e97d760\",\"SecurityRuleIDs\":[\"e3a567afc347477d9702d90"
	"47e97d760\"],\"SecuritySources\":[\"firewallManaged\"],\"WAFAttack"
	"Score\":4,\"WAFSQLiAttackScore\":2,\"ZoneName\":\"example.com\"},"
	"\"related\":{\"ip\":[\"203.0.113.66\"],\"hosts\":[\"shop.example.c"
	"om\"]}}",
	/* samples/http_requests.ndjson line 6 (IPv6, UTF-8, escapes) */
	"{\"@timestamp\":\"2026-04-11T18:40:05.001234Z\",\"event\":{\"kind"
	"\":\"event\",\"category\":[\"web\"],\"type\":[\"access\"],\"datase"
	"t\":\"http_requests\",\"module\":\"cloudflare\",\"id\":\"9ec20a5f3"
	"d4b1e76\",\"start\":\"2026-04-11T18:40:05.001234Z\",\"end\":\"2026"
	"-04-11T18:40:05.019876Z\",\"duration\":18641976},\"source\":{\"ip"
	"\":\"192.0.2.199\",\"address\":\"192.0.2.199\",\"as\":{\"number\":"
	"64496},\"geo\":{\"country_iso_code\":\"XX\"}},\"destination\":{\"a"
	"ddress\":\"legacy.example.net\"},\"network\":{\"protocol\":\"http"
	"\"},\"http\":{\"request\":{\"id\":\"9ec20a5f3d4b1e76\",\"method\":"
	"\"GET\"},\"response\":{\"status_code\":301,\"bytes\":1023},\"versi"
	"on\":\"1.1\"},\"url\":{\"original\":\"/caf\303\251?from=print&id=4"
	"2\",\"scheme\":\"http\",\"domain\":\"legacy.example.net\",\"path\""
	":\"/caf\303\251\",\"query\":\"from=print&id=42\"},\"user_agent\":{"
	"\"original\":\"Mozilla/5.0 (compatible; SiteCheck/2.1; +\\\"https:"
	"//example.net/bot\\\"; C:\\\\Program Files\\\\SiteCheck)\"},\"obse"
	"rver\":{\"vendor\":\"Cloudflare\",\"type\":\"proxy\",\"geo\":{\"na"
	"me\":\"LHR\"}},\"cloudflare\":{\"ClientASN\":64496,\"ClientCountry"
	"\":\"xx\",\"ClientIP\":\"192.0.2.199\",\"ClientRequestHost\":\"leg"
	"acy.example.net\",\"ClientRequestMethod\":\"GET\",\"ClientRequestP"
	"ath\":\"/caf\303\251\",\"ClientRequestProtocol\":\"HTTP/1.1\",\"Cl"
	"ientRequestScheme\":\"http\",\"ClientRequestURI\":\"/caf\303\251?f"
	"rom=print&id=42\",\"ClientRequestUserAgent\":\"Mozilla/5.0 (compat"
	"ible; SiteCheck/2.1; +\\\"https://example.net/bot\\\"; C:\\\\Progr"
	"am Files\\\\SiteCheck)\",\"ClientSSLCipher\":\"NONE\",\"ClientSSLP"
	"rotocol\":\"none\",\"EdgeColoCode\":\"LHR\",\"EdgeEndTimestamp\":"
	"\"2026-04-11T18:40:05.019876543Z\",\"EdgeResponseBytes\":1023,\"Ed"
	"geResponseStatus\":301,\"EdgeStartTimestamp\":\"2026-04-11T18:40:0"
	"5.001234567Z\",\"OriginResponseStatus\":0,\"RayID\":\"9ec20a5f3d4b"
	"1e76\",\"ZoneName\":\"example.net\"},\"related\":{\"ip\":[\"192.0."
	"2.199\"],\"hosts\":[\"legacy.example.net\"]}}",
	/* samples/dns_logs.ndjson line 2 (IPv6) */
	"{\"@timestamp\":\"2024-07-01T00:02:03.000000Z\",\"event\":{\"kind"
	"\":\"event\",\"category\":[\"network\"],\"type\":[\"protocol\"],\""
	"dataset\":\"dns_logs\",\"module\":\"cloudflare\"},\"source\":{\"ip"
	"\":\"2001:db8:4860::8888\",\"address\":\"2001:db8:4860::8888\"},\""
	"network\":{\"protocol\":\"dns\"},\"dns\":{\"question\":{\"name\":"
	"\"old-host.example.com\",\"type\":\"AAAA\"},\"response_code\":\"NX"
	"DOMAIN\"},\"observer\":{\"vendor\":\"Cloudflare\",\"type\":\"dns\""
	",\"geo\":{\"name\":\"SJC\"}},\"cloudflare\":{\"ColoCode\":\"SJC\","
	"\"QueryName\":\"old-host.example.com\",\"QueryType\":28,\"Response"
	"Cached\":true,\"ResponseCode\":3,\"SourceIP\":\"2001:db8:4860::888"
	"8\",\"Timestamp\":1719792123},\"related\":{\"ip\":[\"2001:db8:4860"
	"::8888\"],\"hosts\":[\"old-host.example.com\"]}}",
};

struct tcase {
	const char	*name;
	const char	*in;
	size_t		 len;	/* 0: strlen(in) */
	int		 rc;
	const char	*why;	/* the exact message when rc is -1 */
};

static const struct tcase cases[] = {
	/* valid */
	{ "empty object", "{}", 0, 0, NULL },
	{ "provenance, log.offset as Filebeat writes it",
	    "{\"log\":{\"file\":{\"path\":\"a.tar(b.gz)\"},\"offset\":0}}",
	    0, 0, NULL },
	{ "log.offset not a number",
	    "{\"log\":{\"offset\":\"12\"}}", 0, -1, "log.offset: is a string, ECS type long" },
	{ "whitespace and newline", " \t{ \"source\" : { \"port\" : 80 } }\r\n",
	    0, 0, NULL },
	{ "dotted key", "{\"source.port\":80,\"source.ip\":\"::1\"}", 0, 0,
	    NULL },
	{ "cloudflare anything", "{\"cloudflare\":{\"x\":[1,{\"y\":null}],"
	    "\"source\":{\"port\":\"80\"}},\"cloudflare.z\":\"q\"}", 0, 0,
	    NULL },
	{ "array field, one value", "{\"tags\":\"a\",\"related\":{\"ip\":"
	    "\"192.0.2.1\"}}", 0, 0, NULL },
	{ "array field, values", "{\"tags\":[\"a\",\"b\"],\"related\":{\"ip\":"
	    "[\"192.0.2.1\",\"2001:db8::1\"]}}", 0, 0, NULL },
	{ "array field, empty", "{\"tags\":[]}", 0, 0, NULL },
	{ "allowed values", "{\"event\":{\"kind\":\"alert\",\"category\":"
	    "[\"network\",\"web\"],\"type\":[\"denied\",\"connection\"],"
	    "\"outcome\":\"success\"}}", 0, 0, NULL },
	{ "date without fraction", "{\"@timestamp\":\"2024-02-29T23:59:59Z\"}",
	    0, 0, NULL },
	{ "date with ns", "{\"event\":{\"created\":"
	    "\"2024-02-17T23:52:01.123456789Z\"}}", 0, 0, NULL },
	{ "geo_point", "{\"source\":{\"geo\":{\"location\":{\"lat\":52.52,"
	    "\"lon\":-13.4e0}}}}", 0, 0, NULL },
	{ "float takes an integer", "{\"event\":{\"risk_score\":7}}", 0, 0,
	    NULL },
	{ "long limits", "{\"source\":{\"bytes\":9223372036854775807},"
	    "\"destination\":{\"bytes\":-9223372036854775808}}", 0, 0, NULL },
	{ "boolean", "{\"tls\":{\"established\":false,\"resumed\":true}}", 0,
	    0, NULL },
	{ "object field, free content", "{\"labels\":{\"a\":\"b\",\"n\":{\"m\":"
	    "[1,2]}}}", 0, 0, NULL },
	{ "object array field", "{\"dns\":{\"answers\":[{\"name\":\"a\","
	    "\"ttl\":30,\"extra\":1},{\"data\":\"192.0.2.1\"}]}}", 0, 0,
	    NULL },
	{ "flattened", "{\"gen_ai\":{\"tool\":{\"call\":{\"arguments\":{\"a\":"
	    "[{\"b\":1}]}}}}}", 0, 0, NULL },
	{ "escaped key and value", "{\"sourc\\u0065\":{\"domain\":"
	    "\"\\u00e9\\ud83d\\ude00\\n\"}}", 0, 0, NULL },

	/* invalid ECS */
	{ "invented field", "{\"source\":{\"portx\":80}}", 0, -1,
	    "source.portx: not an ECS field" },
	{ "invented top-level field",
	    "{\"@timestamp\":\"2024-02-17T23:52:01Z\",\"foo\":1}", 0, -1,
	    "foo: not an ECS field" },
	{ "string for long", "{\"source\":{\"port\":\"80\"}}", 0, -1,
	    "source.port: is a string, ECS type long" },
	{ "fraction for long", "{\"source\":{\"port\":80.0}}", 0, -1,
	    "source.port: is not an integer, ECS type long" },
	{ "long out of range", "{\"source\":{\"bytes\":9223372036854775808}}",
	    0, -1, "source.bytes: 9223372036854775808 is out of range, "
	    "ECS type long" },
	{ "number for keyword", "{\"url\":{\"domain\":5}}", 0, -1,
	    "url.domain: is a number, ECS type keyword" },
	{ "null", "{\"url\":{\"domain\":null}}", 0, -1,
	    "url.domain: is null, ECS type keyword" },
	{ "string for boolean", "{\"tls\":{\"established\":\"true\"}}", 0, -1,
	    "tls.established: is a string, ECS type boolean" },
	{ "object for keyword", "{\"url\":{\"domain\":{\"a\":1}}}",
	    0, -1, "url.domain: is an object, ECS type keyword" },
	{ "bad IPv4", "{\"source\":{\"ip\":\"256.1.1.1\"}}", 0, -1,
	    "source.ip: \"256.1.1.1\" is not an IP address" },
	{ "host name for ip", "{\"related\":{\"ip\":[\"192.0.2.1\","
	    "\"example.com\"]}}", 0, -1,
	    "related.ip: \"example.com\" is not an IP address" },
	{ "number for ip", "{\"source\":{\"ip\":3232235777}}", 0, -1,
	    "source.ip: is a number, ECS type ip" },
	{ "array in scalar field", "{\"source\":{\"port\":[80]}}", 0, -1,
	    "source.port: is an array, ECS type long is not an array field" },
	{ "array of arrays", "{\"tags\":[[\"a\"]]}", 0, -1,
	    "tags: is an array of arrays" },
	{ "bad array element", "{\"tags\":[\"a\",1]}", 0, -1,
	    "tags: is a number, ECS type keyword" },
	{ "date with a space", "{\"@timestamp\":\"2024-02-17 23:52:01Z\"}", 0,
	    -1, "@timestamp: \"2024-02-17 23:52:01Z\" is not an RFC 3339 "
	    "UTC date" },
	{ "date with an offset", "{\"@timestamp\":"
	    "\"2024-02-17T23:52:01+01:00\"}", 0, -1, "@timestamp: "
	    "\"2024-02-17T23:52:01+01:00\" is not an RFC 3339 UTC date" },
	{ "date Feb 30", "{\"event\":{\"start\":\"2023-02-29T00:00:00Z\"}}", 0,
	    -1, "event.start: \"2023-02-29T00:00:00Z\" is not an RFC 3339 "
	    "UTC date" },
	{ "date, empty fraction", "{\"@timestamp\":\"2024-02-17T23:52:01.Z\"}",
	    0, -1, "@timestamp: \"2024-02-17T23:52:01.Z\" is not an RFC 3339 "
	    "UTC date" },
	{ "date as number", "{\"@timestamp\":1708213921}", 0, -1,
	    "@timestamp: is a number, ECS type date" },
	{ "disallowed category", "{\"event\":{\"category\":[\"web\","
	    "\"nonsense\"]}}", 0, -1,
	    "event.category: \"nonsense\" is not an allowed value" },
	{ "disallowed kind", "{\"event\":{\"kind\":\"events\"}}", 0, -1,
	    "event.kind: \"events\" is not an allowed value" },
	{ "disallowed type", "{\"event\":{\"type\":\"block\"}}", 0, -1,
	    "event.type: \"block\" is not an allowed value" },
	{ "disallowed outcome", "{\"event\":{\"outcome\":\"Success\"}}", 0,
	    -1, "event.outcome: \"Success\" is not an allowed value" },
	{ "NUL in an allowed value", "{\"event\":{\"kind\":\"event\\u0000\"}}",
	    0, -1, "event.kind: \"event?\" is not an allowed value" },
	{ "geo_point as string", "{\"source\":{\"geo\":{\"location\":"
	    "\"52.5,13.4\"}}}", 0, -1,
	    "source.geo.location: is a string, ECS type geo_point" },
	{ "geo_point without lon", "{\"source\":{\"geo\":{\"location\":"
	    "{\"lat\":1}}}}", 0, -1,
	    "source.geo.location: geo_point without numeric lat and lon" },
	{ "geo_point string lat", "{\"source\":{\"geo\":{\"location\":"
	    "{\"lat\":\"1\",\"lon\":2}}}}", 0, -1,
	    "source.geo.location: geo_point lat is a string, not a number" },
	{ "bad field inside object field", "{\"dns\":{\"answers\":[{\"ttl\":"
	    "\"30\"}]}}", 0, -1,
	    "dns.answers.ttl: is a string, ECS type long" },
	{ "scalar for object field", "{\"labels\":\"a\"}", 0, -1,
	    "labels: is a string, ECS type object" },

	/* not JSON */
	{ "empty", "", 0, -1, "not valid JSON" },
	{ "spaces", "  \n", 0, -1, "not valid JSON" },
	{ "array", "[{}]", 0, -1, "not a JSON object" },
	{ "string", "\"x\"", 0, -1, "not a JSON object" },
	{ "truncated", "{\"source\":{\"port\":80", 0, -1, "not valid JSON" },
	{ "truncated in a string", "{\"url\":{\"path\":\"/a", 0, -1,
	    "not valid JSON" },
	{ "truncated key", "{\"sour", 0, -1, "not valid JSON" },
	{ "extra brace", "{\"source\":{\"port\":80}}}", 0, -1,
	    "not valid JSON" },
	{ "two objects", "{}{}", 0, -1, "not valid JSON" },
	{ "trailing comma", "{\"source\":{\"port\":80,}}", 0, -1,
	    "not valid JSON" },
	{ "single quotes", "{'source':1}", 0, -1, "not valid JSON" },
	{ "bare word", "{\"url\":{\"path\":abc}}", 0, -1, "not valid JSON" },
	{ "leading zero", "{\"source\":{\"port\":080}}", 0, -1,
	    "not valid JSON" },
	{ "NaN", "{\"event\":{\"risk_score\":NaN}}", 0, -1, "not valid JSON" },
	{ "raw control char", "{\"url\":{\"path\":\"a\tb\"}}", 0, -1,
	    "not valid JSON" },
	{ "bad escape", "{\"url\":{\"path\":\"a\\qb\"}}", 0, -1,
	    "not valid JSON" },
	{ "short \\u", "{\"url\":{\"path\":\"\\u12\"}}", 0, -1,
	    "not valid JSON" },
	{ "bad UTF-8", "{\"url\":{\"path\":\"\xc3\x28\"}}", 0, -1,
	    "not valid JSON" },
	{ "overlong UTF-8", "{\"url\":{\"path\":\"\xc0\xaf\"}}", 0, -1,
	    "not valid JSON" },
	{ "UTF-16 surrogate in UTF-8", "{\"url\":{\"path\":\"\xed\xa0\x80\"}}",
	    0, -1, "not valid JSON" },
	{ "NUL byte", "{\"url\":{\"path\":\"a\0b\"}}", 22, -1,
	    "not valid JSON" },
	{ "garbage bytes", "\xff\xfe\x00{", 4, -1, "not valid JSON" },
	{ "field error, broken later", "{\"source\":{\"port\":\"80\"},\"x\":[",
	    0, -1, "not valid JSON" },
	{ "unclosed cloudflare", "{\"cloudflare\":{\"a\":[1,2}", 0, -1,
	    "not valid JSON" },
};

static int passed, failed;

static void
result(int ok, const char *name, const char *detail)
{
	if (ok)
		passed++;
	else {
		failed++;
		printf("FAIL %s%s%s\n", name, detail ? ": " : "",
		    detail ? detail : "");
	}
}

/* The input in a buffer of exactly len bytes: ASan sees any overread. */
static int
check(const char *in, size_t len, char *why, size_t whylen)
{
	char *buf = malloc(len ? len : 1);
	int rc;

	if (buf == NULL)
		abort();
	memcpy(buf, in, len);
	rc = ecs_check_event(buf, len, why, whylen);
	free(buf);
	return rc;
}

static void
run_cases(void)
{
	char why[256], detail[600];
	size_t i, len;
	int rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		len = cases[i].len ? cases[i].len : strlen(cases[i].in);
		rc = check(cases[i].in, len, why, sizeof(why));
		if (rc != cases[i].rc)
			snprintf(detail, sizeof(detail), "returned %d (%s)", rc,
			    why);
		else if (rc == 0 && why[0] != '\0')
			snprintf(detail, sizeof(detail), "0 with \"%s\"", why);
		else if (rc == -1 && strcmp(why, cases[i].why) != 0)
			snprintf(detail, sizeof(detail),
			    "\"%s\", wanted \"%s\"", why, cases[i].why);
		else
			detail[0] = '\0';
		result(detail[0] == '\0', cases[i].name, detail);
	}
}

/* Real output is valid; every proper prefix of it is not. */
static void
run_real(void)
{
	char why[256], name[64];
	size_t i, n, len;
	int bad;

	for (i = 0; i < sizeof(real) / sizeof(real[0]); i++) {
		len = strlen(real[i]);
		snprintf(name, sizeof(name), "real line %zu", i + 1);
		result(check(real[i], len, why, sizeof(why)) == 0, name, why);
		for (n = 0, bad = 0; n < len && !bad; n++)
			bad = check(real[i], n, why, sizeof(why)) != -1 ||
			    strcmp(why, "not valid JSON") != 0;
		snprintf(name, sizeof(name), "real line %zu, truncated", i + 1);
		result(!bad, name, bad ? why : NULL);
	}
}

/* Nesting deeper than the walker recurses, and deeper than it skips. */
static void
run_deep(void)
{
	char why[256], *buf;
	size_t n, i, depth;

	buf = malloc(300000);
	if (buf == NULL)
		abort();

	/* 900 arrays deep inside cloudflare: valid */
	depth = 900;
	n = 0;
	memcpy(buf, "{\"cloudflare\":", 14);
	n = 14;
	for (i = 0; i < depth; i++)
		buf[n++] = '[';
	for (i = 0; i < depth; i++)
		buf[n++] = ']';
	buf[n++] = '}';
	result(check(buf, n, why, sizeof(why)) == 0, "900 deep in cloudflare",
	    why);

	/* 100000 unclosed: an error, not a stack overflow */
	n = 14;
	for (i = 0; i < 100000; i++)
		buf[n++] = '[';
	result(check(buf, n, why, sizeof(why)) == -1 &&
	    strcmp(why, "not valid JSON") == 0, "100000 deep, unclosed", why);

	/* 100 objects deep in labels: valid, whatever the walker's depth */
	memcpy(buf, "{\"labels\":", 10);
	n = 10;
	for (i = 0; i < 100; i++) {
		memcpy(buf + n, "{\"a\":", 5);
		n += 5;
	}
	buf[n++] = '1';
	for (i = 0; i <= 100; i++)
		buf[n++] = '}';
	result(check(buf, n, why, sizeof(why)) == 0, "100 deep in labels",
	    why);

	/* ... and outside any object field: not ECS */
	n = 0;
	for (i = 0; i < 40; i++) {
		memcpy(buf + n, "{\"a\":", 5);
		n += 5;
	}
	buf[n++] = '1';
	for (i = 0; i < 40; i++)
		buf[n++] = '}';
	result(check(buf, n, why, sizeof(why)) == -1 &&
	    strstr(why, "not an ECS field") != NULL, "40 deep unknown", why);

	/* a key longer than any path buffer */
	n = 0;
	buf[n++] = '{';
	buf[n++] = '"';
	for (i = 0; i < 5000; i++)
		buf[n++] = 'k';
	memcpy(buf + n, "\":{\"port\":1}}", 13);
	n += 13;
	result(check(buf, n, why, sizeof(why)) == -1 &&
	    strstr(why, "...: not an ECS field") != NULL, "5000-byte key", why);
	free(buf);
}

/* Small or no message buffers; random and mutated input never crashes. */
static void
run_robust(void)
{
	static const char alphabet[] = "{}[]\":,\\ 0123456789-.eEtrufalsn"
	    "xu\xc3\xa9\xff\x01";
	const char *in = "{\"source\":{\"port\":\"80\"}}";
	char why[256], small[8], buf[512];
	unsigned long seed = 12345;
	size_t i, j, len;
	int rc, bad = 0;

	rc = ecs_check_event(in, strlen(in), small, sizeof(small));
	result(rc == -1 && strcmp(small, "source.") == 0, "8-byte why", small);
	small[0] = 'x';
	rc = ecs_check_event(in, strlen(in), small, 1);
	result(rc == -1 && small[0] == '\0', "1-byte why", NULL);
	result(ecs_check_event(in, strlen(in), NULL, 0) == -1, "NULL why",
	    NULL);
	result(ecs_check_event(NULL, 0, why, sizeof(why)) == -1, "NULL line",
	    why);

	for (i = 0; i < 20000 && !bad; i++) {
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		len = (seed >> 33) % 64;
		for (j = 0; j < len; j++) {
			seed = seed * 6364136223846793005UL +
			    1442695040888963407UL;
			buf[j] = alphabet[(seed >> 33) %
			    (sizeof(alphabet) - 1)];
		}
		rc = check(buf, len, why, sizeof(why));
		bad = (rc != 0 && rc != -1) || (rc == 0 && why[0] != '\0') ||
		    (rc == -1 && why[0] == '\0');
	}
	result(!bad, "20000 random inputs", NULL);

	for (i = 0, bad = 0; i < sizeof(real) / sizeof(real[0]) && !bad;
	    i++) {
		len = strlen(real[i]);
		for (j = 0; j < 3000 && !bad; j++) {
			char *m = malloc(len);

			if (m == NULL)
				abort();
			memcpy(m, real[i], len);
			seed = seed * 6364136223846793005UL +
			    1442695040888963407UL;
			m[(seed >> 33) % len] = alphabet[(seed >> 20) %
			    (sizeof(alphabet) - 1)];
			rc = ecs_check_event(m, len, why, sizeof(why));
			bad = (rc != 0 && rc != -1) ||
			    (rc == -1 && why[0] == '\0');
			free(m);
		}
	}
	result(!bad, "mutated real lines", NULL);
}

/* The generated tables are sorted, as bsearch needs. */
static void
run_tables(void)
{
	size_t i;
	int ok = ecs_nfields > 1000;

	for (i = 1; i < ecs_nfields && ok; i++)
		ok = strcmp(ecs_fields[i - 1].name, ecs_fields[i].name) < 0;
	result(ok, "ecs_fields sorted", NULL);
	ok = ecs_nallowed > 0;
	for (i = 1; i < ecs_nallowed && ok; i++) {
		int c = strcmp(ecs_allowed[i - 1].field, ecs_allowed[i].field);

		ok = c < 0 || (c == 0 && strcmp(ecs_allowed[i - 1].value,
		    ecs_allowed[i].value) < 0);
	}
	result(ok, "ecs_allowed sorted", NULL);
}

int
main(void)
{
	run_tables();
	run_cases();
	run_real();
	run_deep();
	run_robust();
	printf("ecscheck: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
