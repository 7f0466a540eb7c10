/*
 * fuzz_rules.c: libFuzzer target for the Sigma rule loader (detect.c).
 *
 * Input: the text of one rule file.  It is loaded (libyaml, the
 * condition parser, PCRE2), listed, and run as the detection stage on
 * records of the datasets rules can cover.
 *
 * Invariants: loading and matching never crash or leak; every listed rule
 * has its four tab-separated columns on one line; every event is one line
 * of valid JSON and the same record converts twice to the same bytes
 * (fz_map_line); an event that is not an alert is the event cfecs writes
 * without rules.  Correlation rules in the file run over the records'
 * facts; each of their alerts is one line of valid JSON, an alert.
 */
#define _GNU_SOURCE	/* memmem() */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "correlate.h"
#include "detect.h"
#include "fuzz_common.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const records[] = {
	"{\"RayID\":\"r1\",\"EdgeStartTimestamp\":1708213921123456789,"
	"\"ClientIP\":\"198.51.100.7\",\"ClientRequestScheme\":\"https\","
	"\"ClientRequestHost\":\"login.evil.test\",\"ClientRequestMethod\":"
	"\"GET\",\"ClientRequestURI\":\"/common/oauth2/v2.0/authorize?a=b&c=d\","
	"\"ClientRequestUserAgent\":\"Lemon-Duck-ab-cd\",\"ClientRequestReferer\":"
	"\"\",\"EdgeResponseStatus\":200,\"ClientRequestBytes\":512,"
	"\"Cookies\":{\"k\":\"v\"},\"SecurityRuleIDs\":[\"a\",\"b\"]}",
	"{\"RayID\":\"r2\",\"EdgeStartTimestamp\":1708213921123456789,"
	"\"ClientIP\":\"2001:db8::1\",\"ClientRequestHost\":\"a.test\","
	"\"ClientRequestURI\":\"/x.php\",\"ClientRequestUserAgent\":"
	"\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\"}",
	"{\"Timestamp\":1708213921123456789,\"QueryName\":\"x.evil.test\","
	"\"QueryType\":1,\"ResponseCode\":0,\"SourceIP\":\"192.0.2.9\","
	"\"ColoCode\":\"FRA\"}",
	"{\"Datetime\":1708213921123456789,\"RayID\":\"f1\",\"Action\":\"block\","
	"\"ClientIP\":\"192.0.2.9\",\"ClientRequestHost\":\"a.test\","
	"\"ClientRequestPath\":\"/fw\",\"ClientRequestQuery\":\"?x=1\","
	"\"ClientRequestMethod\":\"GET\",\"Source\":\"firewallrules\"}",
	"{\"Datetime\":1708213921123456789,\"URL\":\"https://h.test/p/a.hta?q=1\","
	"\"UserAgent\":\"0a1b2c3d\",\"HTTPHost\":\"h.test\",\"HTTPMethod\":\"GET\","
	"\"SourceIP\":\"10.0.0.1\",\"Action\":\"allow\",\"AccountID\":\"x\","
	"\"HTTPStatusCode\":200,\"PolicyID\":\"p\",\"RequestID\":\"q\"}",
	NULL
};

static struct map_stage stage;
static const struct map_stage *const stages[] = { &stage, NULL };
static char *plain[8];		/* each record's event without rules */
static size_t plain_len[8];

static void
noop(struct mapctx *m, void *shared, void *worker)
{
	(void)m;
	(void)shared;
	(void)worker;
}

static void
setup(void)
{
	struct map_options o;
	size_t i, mark = sizeof(FZ_MARK) - 1;

	memset(&o, 0, sizeof(o));
	o.stages = stages;
	o.time_digits = 6;
	o.passthrough = 1;
	stage.run = noop;
	fz_map_setup(&o);
	for (i = 0; records[i] != NULL; i++) {
		fz_map_line(records[i], strlen(records[i]), fz_hint_for(0));
		plain_len[i] = (fz.out.len - mark) / 2;	/* mapped twice */
		plain[i] = malloc(plain_len[i]);
		if (plain[i] == NULL)
			abort();
		memcpy(plain[i], fz.out.p + mark, plain_len[i]);
	}
	map_free(fz.m);
	fz.m = NULL;
}

static void
check_list(struct detect *d)
{
	char *buf = NULL, *line, *nl;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int tabs;

	if (f == NULL)
		abort();
	detect_list(d, f, 1);
	fclose(f);
	for (line = buf; line < buf + len; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(buf + len - line));
		FZ_CHECK(nl != NULL, "--list-rules: a line without its newline",
		    line, (size_t)(buf + len - line));
		if (*line == '#')
			continue;	/* -v: the logsource mapping */
		for (tabs = 0; line < nl; line++)
			tabs += *line == '\t';
		FZ_CHECK(tabs >= 3, "--list-rules: fewer than four columns",
		    nl - 40 > buf ? nl - 40 : buf, 40);
	}
	free(buf);
}

static void
check_alert(void *arg, int64_t ts, const char *line, size_t n)
{
	struct jv j;

	(void)arg;
	(void)ts;
	FZ_CHECK(n > 0 && line[n - 1] == '\n' &&
	    memchr(line, '\n', n - 1) == NULL,
	    "a correlation alert is not one line", line, n);
	FZ_CHECK(jv_check(line, n - 1, 0, &j),
	    "a correlation alert is not valid JSON", line, n);
	FZ_CHECK(memmem(line, n, "\"kind\":\"alert\"", 14) != NULL,
	    "a correlation alert without event.kind alert", line, n);
}

/* The correlation stage, when the file has a correlation that links. */
static struct corrset *
correlations(struct detect *d)
{
	struct corr *const *c;
	size_t n, i;

	c = detect_correlations(d, &n);
	for (i = 0; i < n; i++)
		if (c[i]->ref_corr != NULL)
			return corr_new(c, n, 64 << 20, 6, detect_rule_fields,
			    detect_rule_name, d);
	return NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct corrset *cs;
	struct wbuf facts;
	size_t at;
	static int ready;
	struct detect *d;
	size_t i, mark = sizeof(FZ_MARK) - 1;
	const char *ev;

	if (!ready) {
		setup();
		ready = 1;
	}
	d = detect_new(1);
	detect_load_text(d, "fuzz.yml", (const char *)data, size);
	check_list(d);
	detect_stage(d, &stage);
	cs = correlations(d);
	wb_init(&facts, 256);
	fz.m = map_new();
	for (i = 0; records[i] != NULL; i++) {
		fz_map_line(records[i], strlen(records[i]), fz_hint_for(0));
		at = facts.len;
		if (corr_take(&facts, records[i], strlen(records[i])) &&
		    cs != NULL)
			corr_commit(cs, facts.p + at);
		ev = fz.out.p + mark;
		if (!map_last_info(fz.m)->alert)
			FZ_CHECK(fz.out.len - mark == 2 * plain_len[i] &&
			    memcmp(ev, plain[i], plain_len[i]) == 0,
			    "an event without a match changed", ev,
			    fz.out.len - mark);
		else
			FZ_CHECK(memmem(ev, fz.out.len - mark,
			    "\"kind\":\"alert\"", 14) != NULL,
			    "an alert without event.kind alert", ev,
			    fz.out.len - mark);
	}
	if (cs != NULL)
		corr_finish(cs, check_alert, NULL);
	corr_free(cs);
	wb_free(&facts);
	map_free(fz.m);
	fz.m = NULL;
	detect_free(d);
	memset(&stage, 0, sizeof(stage));
	stage.run = noop;
	return 0;
}
