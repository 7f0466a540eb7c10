/*
 * enrich_test.c: Community ID v1 against the specification's baseline
 * (corelight/community-id-spec, baseline/, default seed 0), and the
 * regexes.yaml loader on files that are not what they should be.
 * Prints "enrich: N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "enrich.h"

static int passed, failed;

static void
expect(int ok, const char *what, const char *detail)
{
	if (ok)
		passed++;
	else {
		failed++;
		printf("FAIL %s: %s\n", what, detail);
	}
}

/* Protocol, addresses, ports (ICMP: type and code; -1: none), the ID. */
static const struct {
	int		 proto;
	const char	*saddr, *daddr;
	int		 sport, dport;
	const char	*id;
} vectors[] = {
	/* the baseline tables, default settings */
	{ 6, "1.2.3.4", "5.6.7.8", 1122, 3344, "1:wCb3OG7yAFWelaUydu0D+125CLM=" },
	{ 6, "5.6.7.8", "1.2.3.4", 3344, 1122, "1:wCb3OG7yAFWelaUydu0D+125CLM=" },
	{ 17, "1.2.3.4", "5.6.7.8", 1122, 3344, "1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg=" },
	{ 17, "5.6.7.8", "1.2.3.4", 3344, 1122, "1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg=" },
	{ 132, "1.2.3.4", "5.6.7.8", 1122, 3344, "1:EKt4MsxuyaE6mL+hmrEkQ9csDD8=" },
	{ 132, "5.6.7.8", "1.2.3.4", 3344, 1122, "1:EKt4MsxuyaE6mL+hmrEkQ9csDD8=" },
	{ 1, "1.2.3.4", "5.6.7.8", 8, 0, "1:crodRHL2FEsHjbv3UkRrfbs4bZ0=" },
	{ 1, "5.6.7.8", "1.2.3.4", 0, 0, "1:crodRHL2FEsHjbv3UkRrfbs4bZ0=" },
	{ 1, "1.2.3.4", "5.6.7.8", 11, 0, "1:f/YiSyWqczrTgfUCZlBUnvHRcPk=" },
	{ 58, "fe80:0001:0203:0405:0607:0809:0A0B:0C0D",
	  "fe80:1011:1213:1415:1617:1819:1A1B:1C1D", 128, 0,
	  "1:0bf7hyMJUwt3fMED7z8LIfRpBeo=" },
	{ 58, "fe80:1011:1213:1415:1617:1819:1A1B:1C1D",
	  "fe80:0001:0203:0405:0607:0809:0A0B:0C0D", 129, 0,
	  "1:0bf7hyMJUwt3fMED7z8LIfRpBeo=" },
	{ 58, "fe80:0001:0203:0405:0607:0809:0A0B:0C0D",
	  "fe80:1011:1213:1415:1617:1819:1A1B:1C1D", 146, 0,
	  "1:fYC8+pz24E+EhANP1EZhpX0Dw10=" },
	{ 46, "1.2.3.4", "5.6.7.8", -1, -1, "1:ikv3kmf89luf73WPz1jOs49S768=" },
	{ 46, "5.6.7.8", "1.2.3.4", -1, -1, "1:ikv3kmf89luf73WPz1jOs49S768=" },
	{ 46, "fe80:0001:0203:0405:0607:0809:0A0B:0C0D",
	  "fe80:1011:1213:1415:1617:1819:1A1B:1C1D", -1, -1,
	  "1:wQ/2mwrnXP4lmJcHdGL5ePjR+e0=" },
	{ 46, "fe80:1011:1213:1415:1617:1819:1A1B:1C1D",
	  "fe80:0001:0203:0405:0607:0809:0A0B:0C0D", -1, -1,
	  "1:wQ/2mwrnXP4lmJcHdGL5ePjR+e0=" },
	/* the baseline JSON (flows from the spec's pcaps), default seed */
	{ 6, "2001:470:e5bf:dead:4957:2174:e82c:4887", "2607:f8b0:400c:c03::1a",
	  63943, 25, "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=" },
	{ 6, "2607:f8b0:400c:c03::1a", "2001:470:e5bf:dead:4957:2174:e82c:4887",
	  25, 63943, "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=" },
	{ 6, "128.232.110.120", "66.35.250.204", 34855, 80,
	  "1:LQU9qZlK+B5F3KDmev6m5PMibrg=" },
	{ 17, "192.168.1.52", "8.8.8.8", 54585, 53,
	  "1:d/FP5EW3wiY1vCndhwleRRKHowQ=" },
	{ 17, "8.8.8.8", "192.168.1.52", 53, 54585,
	  "1:d/FP5EW3wiY1vCndhwleRRKHowQ=" },
	/* equal ports: the addresses alone decide the order */
	{ 132, "192.168.170.8", "192.168.170.56", 7, 7,
	  "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=" },
	{ 132, "192.168.170.56", "192.168.170.8", 7, 7,
	  "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=" },
	{ 1, "192.168.0.89", "192.168.0.1", 8, 0,
	  "1:X0snYXpgwiv9TZtqg64sgzUn6Dk=" },
	{ 1, "192.168.0.1", "192.168.0.89", 0, 0,
	  "1:X0snYXpgwiv9TZtqg64sgzUn6Dk=" },
	{ 1, "10.0.0.1", "10.0.0.2", 11, 0, "1:YHxtAirCG//0OzkcVAukqKQN9xM=" },
	/* ICMPv6 neighbour solicitation and advertisement (135 <-> 136) */
	{ 58, "fe80::200:86ff:fe05:80da", "fe80::260:97ff:fe07:69ea", 135, 0,
	  "1:dGHyGvjMfljg6Bppwm3bg0LO8TY=" },
	{ 58, "fe80::260:97ff:fe07:69ea", "fe80::200:86ff:fe05:80da", 136, 0,
	  "1:dGHyGvjMfljg6Bppwm3bg0LO8TY=" },
	/* one-way ICMPv6: destination unreachable, time exceeded */
	{ 58, "3ffe:501:1800:2345::2", "3ffe:507:0:1:200:86ff:fe05:80da", 3, 0,
	  "1:2ObVBgIn28oZvibYZhZMBgh7WdQ=" },
	{ 58, "3ffe:501:410:0:2c0:dfff:fe47:33e",
	  "3ffe:507:0:1:200:86ff:fe05:80da", 1, 4,
	  "1:hLZd0XGWojozrvxqE0dWB1iM6R0=" },
	{ 46, "10.1.12.1", "10.1.12.2", -1, -1, "1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=" },
	{ 46, "10.1.12.2", "10.1.12.1", -1, -1, "1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=" },
};

static void
test_vectors(void)
{
	char out[COMMUNITY_ID_SIZE], what[160];
	size_t i, n;

	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		n = community_id(vectors[i].saddr, vectors[i].daddr,
		    vectors[i].proto, vectors[i].sport >= 0,
		    vectors[i].sport >= 0 ? (unsigned)vectors[i].sport : 0,
		    vectors[i].dport >= 0 ? (unsigned)vectors[i].dport : 0, out);
		snprintf(what, sizeof(what), "community id %d %s %s %d %d",
		    vectors[i].proto, vectors[i].saddr, vectors[i].daddr,
		    vectors[i].sport, vectors[i].dport);
		expect(n == strlen(vectors[i].id) &&
		    strcmp(out, vectors[i].id) == 0, what, n ? out : "none");
	}
	expect(community_id("1.2.3.4", "::1", 6, 1, 1, 2, out) == 0,
	    "mixed families give no id", out);
	expect(community_id("1.2.3.4", "example.com", 6, 1, 1, 2, out) == 0,
	    "a name is not an address", out);
	expect(community_id("1.2.3.4", "5.6.7.8", 6, 1, 70000, 2, out) == 0,
	    "a port past 65535", out);
}

static char tmpdir[] = "/tmp/cfecs-enrich-test.XXXXXX";

/* Load text as a regexes.yaml: 0 loaded, -1 refused (message in err). */
static int
load_text(const char *text, size_t n, char *err, size_t errlen)
{
	char path[128];
	struct uap *u;
	FILE *f;

	snprintf(path, sizeof(path), "%s/regexes.yaml", tmpdir);
	if ((f = fopen(path, "wb")) == NULL || fwrite(text, 1, n, f) != n ||
	    fclose(f) != 0) {
		perror(path);
		exit(2);
	}
	u = uap_load(path, err, errlen);
	unlink(path);
	uap_free(u);
	return u != NULL ? 0 : -1;
}

static void
refused(const char *what, const char *text, const char *message)
{
	char err[512] = "";

	expect(load_text(text, strlen(text), err, sizeof(err)) < 0 &&
	    strstr(err, "regexes.yaml") != NULL &&
	    strstr(err, message) != NULL, what, err);
}

/* A file larger than any regexes.yaml is refused before it is read. */
static void
test_huge(void)
{
	char path[128], err[512] = "";
	FILE *f;

	snprintf(path, sizeof(path), "%s/huge.yaml", tmpdir);
	if ((f = fopen(path, "wb")) == NULL ||
	    ftruncate(fileno(f), (off_t)65 * 1024 * 1024) != 0 || fclose(f) != 0) {
		perror(path);
		exit(2);
	}
	expect(uap_load(path, err, sizeof(err)) == NULL &&
	    strstr(err, "too large") != NULL, "a huge file", err);
	unlink(path);
}

static void
test_loader(void)
{
	char err[512] = "", *big;
	size_t i, n;

	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		exit(2);
	}
	static const char small[] = "user_agent_parsers:\n"
	    "  - regex: '(Foo)/(\\d+)'\nos_parsers: []\ndevice_parsers:\n"
	    "  - regex: 'x'\n    regex_flag: 'i'\n"
	    "    device_replacement: 'X $1'\n";

	expect(load_text(small, strlen(small), err, sizeof(err)) == 0,
	    "a small valid file", err);
	refused("broken YAML", "user_agent_parsers:\n  - regex: 'a\n  - [\n",
	    "invalid YAML");
	refused("bad regex", "user_agent_parsers:\n  - regex: 'ok'\n"
	    "  - regex: '(unclosed'\n", ":3: invalid regex");
	refused("entry without regex", "os_parsers:\n  - os_replacement: x\n",
	    "no regex");
	refused("entry not a mapping", "os_parsers:\n  - just a string\n",
	    "not a mapping");
	refused("list not a list", "device_parsers: 3\n", "not a list");
	refused("no parser lists", "something: else\n", "not a regexes.yaml");
	refused("a scalar document", "hello\n", "not a regexes.yaml");
	refused("empty file", "", "not a regexes.yaml");
	refused("binary junk", "\x01\x02\xff\xfe\x00garbage", "invalid YAML");
	refused("a list given twice", "os_parsers: []\nos_parsers: []\n",
	    "given twice");
	/* Deep nesting costs libyaml the square of the depth: refused. */
	n = 200000;
	big = malloc(2 * n + 32);
	memcpy(big, "other: ", 7);
	for (i = 0; i < n; i++)
		big[7 + i] = '[';
	for (i = 0; i < n; i++)
		big[7 + n + i] = ']';
	big[7 + 2 * n] = '\n';
	expect(load_text(big, 2 * n + 8, err, sizeof(err)) < 0 &&
	    strstr(err, "nested too deep") != NULL, "deep nesting", err);
	memcpy(big, "os_parsers:\n  - regex: x\n    other: ", 36);
	expect(load_text(big, 2 * n + 8, err, sizeof(err)) < 0 &&
	    strstr(err, "nested too deep") != NULL, "deep nesting in an entry",
	    err);
	free(big);
	refused("aliases are not expanded", "a: &x [1, 2]\nb: *x\n"
	    "os_parsers: *x\n", "not a list");
	test_huge();
	/* Many entries load (a big, valid file). */
	n = 20000;
	big = malloc(n * 24 + 32);
	strcpy(big, "user_agent_parsers:\n");
	for (i = 0; i < n; i++)
		sprintf(big + strlen(big), "  - regex: 'a%06zu'\n", i);
	expect(load_text(big, strlen(big), err, sizeof(err)) == 0,
	    "20000 entries", err);
	free(big);
	expect(uap_load("/nonexistent/regexes.yaml", err, sizeof(err)) == NULL &&
	    strstr(err, "/nonexistent/regexes.yaml: No such file") != NULL,
	    "missing file", err);
	expect(uap_load(tmpdir, err, sizeof(err)) == NULL &&
	    strstr(err, "directory") != NULL, "a directory", err);
	rmdir(tmpdir);
}

int
main(void)
{
	test_vectors();
	test_loader();
	printf("enrich: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
