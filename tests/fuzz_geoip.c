/*
 * fuzz_geoip.c: libFuzzer target for --geoip databases.  Input: the bytes
 * of a MaxMind DB file (an untrusted file: whatever the user points
 * --geoip at).
 *
 * Each input is written to a file and opened as cfecs opens a --geoip
 * file; when it opens, records with IPv4, IPv4-mapped and IPv6 addresses
 * on every side go through map_record with the GeoIP stage, twice (the
 * second time from the per-thread caches).  Invariants: no crash or
 * sanitizer report, every event is one line of valid UTF-8 and strict
 * JSON, and the cached answer gives the same bytes as the first.
 *
 * Seed corpus: tests/fuzz/geoip/ (databases written by tests/mkmmdb.pl).
 */
#include <unistd.h>	/* getpid(), unlink() */

#include "../geoip.c"
#include "fuzz_common.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const records[] = {
	"{\"EdgeStartTimestamp\":1700000000000000000,\"RayID\":\"1\","
	    "\"ClientIP\":\"192.0.2.10\",\"ClientRequestHost\":\"example.com\"}",
	"{\"EdgeStartTimestamp\":1700000000000000000,\"RayID\":\"2\","
	    "\"ClientIP\":\"2001:db8::5\",\"ClientCountry\":\"au\","
	    "\"ClientASN\":4200000001}",
	"{\"EdgeStartTimestamp\":1700000000000000000,\"RayID\":\"3\","
	    "\"ClientIP\":\"::ffff:198.51.100.1\",\"ClientCountry\":\"ch\","
	    "\"ClientRegionCode\":\"ZH\",\"ClientCity\":\"Zurich\"}",
	"{\"Datetime\":1708222600173029661,\"SourceIP\":\"203.0.113.7\","
	    "\"DestinationIP\":\"2001:db8:ffff::1\",\"SessionID\":\"s\","
	    "\"Action\":\"allow\"}",
};

const char	*__lsan_default_suppressions(void);

/*
 * libmaxminddb (1.7) loses a data pool when MMDB_open rejects a corrupt
 * data section; cfecs exits on that error, so it is not a leak of ours.
 */
const char *
__lsan_default_suppressions(void)
{
	return "leak:MMDB_open\nleak:libmaxminddb.so\n";
}

static char path[64];
static struct wbuf out, again;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const struct map_stage *stages[] = { &stage, NULL };
	struct map_options o = { 0 };

	(void)argc;
	(void)argv;
	/* The shared one-mapper helpers: this target needs a mapper per
	 * database (its caches are sized by the databases open). */
	(void)fz_map_setup;
	(void)fz_hint_for;
	(void)fz_map_line;
	o.time_format = TIME_AUTO;
	o.time_digits = 6;
	o.passthrough = 1;
	o.stages = stages;
	map_init(&o);
	wb_init(&out, 4096);
	wb_init(&again, 4096);
	snprintf(path, sizeof(path), "/tmp/cfecs-fuzz-geoip.%ld.mmdb",
	    (long)getpid());
	return 0;
}

static void
convert(struct mapctx *m, const char *rec, struct wbuf *b)
{
	const char *why = NULL;
	struct jv j;

	b->len = 0;
	if (map_record(m, rec, strlen(rec), NULL, b, &why) != MAP_OK)
		fz_fail("a test record was not converted", rec, strlen(rec));
	FZ_CHECK(b->len > 0 && b->p[b->len - 1] == '\n' &&
	    memchr(b->p, '\n', b->len - 1) == NULL, "not one line", b->p,
	    b->len);
	FZ_CHECK(utf8_valid_prefix(b->p, b->len) == b->len, "not UTF-8",
	    b->p, b->len);
	FZ_CHECK(jv_check(b->p, b->len - 1, 0, &j), "not strict JSON", b->p,
	    b->len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mapctx *m;
	char why[160];
	size_t i;
	FILE *f;

	if ((f = fopen(path, "wb")) == NULL)
		fz_fail("cannot write the database file", path, strlen(path));
	if (fwrite(data, 1, size, f) != size || fclose(f) != 0)
		fz_fail("cannot write the database file", path, strlen(path));
	if (geoip_load(path, why, sizeof(why)) == 0) {
		m = map_new();
		for (i = 0; i < sizeof(records) / sizeof(records[0]); i++) {
			convert(m, records[i], &out);
			convert(m, records[i], &again);
			FZ_CHECK(out.len == again.len &&
			    memcmp(out.p, again.p, out.len) == 0,
			    "the cached answer differs", again.p, again.len);
		}
		map_free(m);
		geoip_close();
	}
	unlink(path);
	return 0;
}
