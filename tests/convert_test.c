/*
 * convert_test.c: unit tests of the converters (convert.c): one Logpush
 * value in, the ECS field(s) out, as the event would have them.
 *
 * Prints each failure, then "convert: N passed, M failed"; exit 1 on any
 * failure.
 */
#include <stdio.h>
#include <string.h>

#include "convert.h"
#include "json.h"
#include "mapper.h"
#include "writer.h"

static int passed, failed;
static struct mapctx *m;
static struct jparser *jp;
static struct wbuf out;

/*
 * Run fn on the JSON value text, then compare slot s (as JSON; "" when
 * unset) with want.
 */
static void
check(const char *name, convert_fn *fn, enum slot s, const char *value,
    enum slot s2, const char *want, const char *want2)
{
	char msg[JSON_MSGSIZE];
	const struct jval *v;
	struct fmap row = { "Field", s, fn };
	int ok;

	map_begin(m);
	json_reset(jp);
	if ((v = json_parse(jp, value, strlen(value), msg)) == NULL) {
		printf("FAIL %s: test value %s: %s\n", name, value, msg);
		failed++;
		return;
	}
	fn(m, &row, v);
	out.len = 0;
	map_slot_json(m, s, &out);
	wb_char(&out, '\0');
	ok = strcmp(out.p, want) == 0;
	if (!ok)
		printf("  %s: got %s, want %s\n", name, out.p, want);
	if (want2 != NULL) {
		out.len = 0;
		map_slot_json(m, s2, &out);
		wb_char(&out, '\0');
		if (strcmp(out.p, want2) != 0) {
			printf("  %s: second field: got %s, want %s\n", name,
			    out.p, want2);
			ok = 0;
		}
	}
	if (ok)
		passed++;
	else {
		failed++;
		printf("FAIL %s\n", name);
	}
}

#define ONE(name, fn, s, value, want) \
	check(name, fn, s, value, s, want, NULL)
#define TWO(name, fn, s, value, want, s2, want2) \
	check(name, fn, s, value, s2, want, want2)

int
main(void)
{
	struct map_options o = { 0 };

	o.time_format = TIME_AUTO;
	o.time_digits = 9;
	o.passthrough = 1;
	map_init(&o);
	m = map_new();
	jp = json_parser_new();
	wb_init(&out, 256);

	ONE("string kept as it is", conv_str, SLOT_EVENT_ACTION,
	    "\"a\\u0000b\"", "\"a\\u0000b\"");
	ONE("a number's text as a string", conv_str, SLOT_EVENT_ACTION,
	    "12.50", "\"12.50\"");
	ONE("lower case", conv_lower, SLOT_EVENT_ACTION, "\"AbC\"", "\"abc\"");
	ONE("long: 19 digits exact", conv_long, SLOT_SOURCE_BYTES,
	    "9223372036854775807", "9223372036854775807");
	ONE("long: a digits string", conv_long, SLOT_SOURCE_BYTES,
	    "\"-42\"", "-42");
	ONE("long: past int64 is left unset", conv_long, SLOT_SOURCE_BYTES,
	    "9223372036854775808", "");
	ONE("long: a fraction is left unset", conv_long, SLOT_SOURCE_BYTES,
	    "1.5", "");
	ONE("port in range", conv_port, SLOT_SOURCE_PORT, "443", "443");
	ONE("port out of range", conv_port, SLOT_SOURCE_PORT, "65536", "");
	ONE("number kept as written", conv_num, SLOT_HOST_CPU_USAGE,
	    "0.125e1", "0.125e1");
	ONE("bool from true: a JSON boolean", conv_bool, SLOT_EVENT_ACTION,
	    "true", "true");
	ONE("bool from \"FALSE\"", conv_bool, SLOT_EVENT_ACTION, "\"FALSE\"",
	    "false");
	TWO("IPv4", conv_ip, SLOT_SOURCE_IP, "\"192.0.2.1\"", "\"192.0.2.1\"",
	    SLOT_RELATED_IP, "[\"192.0.2.1\"]");
	ONE("IPv4-mapped IPv6 unwrapped", conv_ip, SLOT_SOURCE_IP,
	    "\"::ffff:192.0.2.1\"", "\"192.0.2.1\"");
	ONE("IPv6 kept", conv_ip, SLOT_SOURCE_IP, "\"2001:db8::1\"",
	    "\"2001:db8::1\"");
	ONE("not an IP: unset", conv_ip, SLOT_SOURCE_IP, "\"example.com\"", "");
	ONE("an IP with a NUL after it is no IP", conv_ip, SLOT_SOURCE_IP,
	    "\"192.0.2.1\\u0000x\"", "");
	ONE("address: a name kept", conv_address, SLOT_SOURCE_ADDRESS,
	    "\"example.com\"", "\"example.com\"");
	ONE("time: nanoseconds since 1970", conv_time, SLOT_TIMESTAMP,
	    "1708214400987654321", "\"2024-02-18T00:00:00.987654321Z\"");
	ONE("time: RFC 3339", conv_time, SLOT_TIMESTAMP,
	    "\"2024-02-18T00:00:00.5+01:00\"",
	    "\"2024-02-17T23:00:00.500000000Z\"");
	ONE("time: unix seconds", conv_time, SLOT_TIMESTAMP, "1708214400",
	    "\"2024-02-18T00:00:00.000000000Z\"");
	ONE("time: milliseconds field", conv_time_ms, SLOT_TIMESTAMP,
	    "1708214400123", "\"2024-02-18T00:00:00.123000000Z\"");
	ONE("time: unreadable is unset", conv_time, SLOT_TIMESTAMP,
	    "\"yesterday\"", "");
	TWO("host into related.hosts", conv_host, SLOT_URL_DOMAIN,
	    "\"www.example.com\"", "\"www.example.com\"", SLOT_RELATED_HOSTS,
	    "[\"www.example.com\"]");
	TWO("host:port: the name in url.domain", conv_host, SLOT_URL_DOMAIN,
	    "\"cdn.evil-updates.net:443\"", "\"cdn.evil-updates.net\"",
	    SLOT_RELATED_HOSTS, "[\"cdn.evil-updates.net\"]");
	TWO("host:port: the port in url.port", conv_host, SLOT_URL_DOMAIN,
	    "\"cdn.evil-updates.net:443\"", "\"cdn.evil-updates.net\"",
	    SLOT_URL_PORT, "443");
	TWO("host:port: destination.domain's port", conv_host,
	    SLOT_DESTINATION_DOMAIN, "\"a.example:8443\"", "\"a.example\"",
	    SLOT_DESTINATION_PORT, "8443");
	TWO("host:port: an IPv6 literal without its brackets", conv_host,
	    SLOT_URL_DOMAIN, "\"[2001:db8::5]:8080\"", "\"2001:db8::5\"",
	    SLOT_URL_PORT, "8080");
	TWO("host:port: a bracketed IPv6 literal without a port", conv_host,
	    SLOT_URL_DOMAIN, "\"[2001:db8::5]\"", "\"2001:db8::5\"",
	    SLOT_URL_PORT, "");
	ONE("host:port: a bare IPv6 address is no host:port", conv_host,
	    SLOT_URL_DOMAIN, "\"2001:db8::5\"", "\"2001:db8::5\"");
	TWO("host:port: not a port: kept whole", conv_host, SLOT_URL_DOMAIN,
	    "\"a.example:99999\"", "\"a.example:99999\"", SLOT_URL_PORT, "");
	TWO("host:port: no port on destination.address", conv_host,
	    SLOT_DESTINATION_ADDRESS, "\"a.example:443\"", "\"a.example\"",
	    SLOT_DESTINATION_PORT, "");
	ONE("DNS name loses the root dot", conv_dns_name, SLOT_DNS_QUESTION_NAME,
	    "\"example.com.\"", "\"example.com\"");
	ONE("country code upper case", conv_country_iso,
	    SLOT_CLIENT_GEO_COUNTRY_ISO, "\"de\"", "\"DE\"");
	ONE("Tor's T1 is no country", conv_country_iso,
	    SLOT_CLIENT_GEO_COUNTRY_ISO, "\"T1\"", "");
	ONE("country name from the code", conv_country_name,
	    SLOT_CLIENT_GEO_COUNTRY_NAME, "\"fr\"", "\"France\"");
	ONE("HTTP version", conv_http_version, SLOT_HTTP_VERSION,
	    "\"HTTP/1.1\"", "\"1.1\"");
	ONE("network protocol lower case", conv_net_protocol,
	    SLOT_NETWORK_PROTOCOL, "\"HTTP/2\"", "\"http\"");
	ONE("TLS version number", conv_tls_version, SLOT_TLS_VERSION,
	    "\"TLSv1.3\"", "\"1.3\"");
	ONE("TLS protocol", conv_tls_protocol, SLOT_TLS_VERSION_PROTOCOL,
	    "\"TLSv1.2\"", "\"tls\"");
	TWO("block: denied, failure", conv_action, SLOT_EVENT_ACTION,
	    "\"block\"", "\"block\"", SLOT_EVENT_OUTCOME, "\"failure\"");
	TWO("a word with a NUL inside is no known action", conv_action,
	    SLOT_EVENT_ACTION, "\"block\\u0000x\"", "\"block\\u0000x\"",
	    SLOT_EVENT_OUTCOME, "\"unknown\"");
	TWO("a list of strings", conv_strs, SLOT_TAGS, "[\"a\",\"b\",\"a\"]",
	    "[\"a\",\"b\"]", SLOT_TAGS, "[\"a\",\"b\"]");
	TWO("a list of IPs", conv_ips, SLOT_DNS_RESOLVED_IP,
	    "[\"192.0.2.1\",\"x\",\"2001:db8::2\"]",
	    "[\"192.0.2.1\",\"2001:db8::2\"]", SLOT_RELATED_IP,
	    "[\"192.0.2.1\",\"2001:db8::2\"]");
	ONE("DNS type number to name", conv_dns_type, SLOT_DNS_QUESTION_TYPE,
	    "28", "\"AAAA\"");
	ONE("DNS response code", conv_dns_rcode, SLOT_DNS_RESPONSE_CODE, "3",
	    "\"NXDOMAIN\"");
	ONE("duration: ms to ns", conv_duration_ms, SLOT_EVENT_DURATION, "1500",
	    "1500000000");
	ONE("positive long: 0 is unset", conv_long_pos, SLOT_SOURCE_BYTES, "0",
	    "");
	ONE("host:port: the IP", conv_hostport_ip, SLOT_DESTINATION_IP,
	    "\"[2001:db8::1]:8443\"", "\"2001:db8::1\"");
	ONE("host:port: the port", conv_hostport_port, SLOT_DESTINATION_PORT,
	    "\"192.0.2.1:8443\"", "8443");
	TWO("URL split", conv_url, SLOT_URL_FULL,
	    "\"https://www.example.com:8443/a/b?x=1\"",
	    "\"https://www.example.com:8443/a/b?x=1\"", SLOT_URL_DOMAIN,
	    "\"www.example.com\"");
	TWO("URL split: the port", conv_url, SLOT_URL_FULL,
	    "\"https://www.example.com:8443/a/b?x=1\"",
	    "\"https://www.example.com:8443/a/b?x=1\"", SLOT_URL_PORT, "8443");
	ONE("URL path without the query", conv_url_path, SLOT_URL_PATH,
	    "\"/a/b?x=1\"", "\"/a/b\"");
	ONE("URL query", conv_url_query, SLOT_URL_QUERY, "\"/a/b?x=1\"",
	    "\"x=1\"");
	ONE("transport from a protocol number", conv_transport,
	    SLOT_NETWORK_TRANSPORT, "6", "\"tcp\"");
	ONE("outcome from false", conv_outcome_bool, SLOT_EVENT_OUTCOME,
	    "false", "\"failure\"");

	map_free(m);
	json_parser_free(jp);
	wb_free(&out);
	printf("convert: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
