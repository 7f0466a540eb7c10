/*
 * fuzz_record.c: libFuzzer target for map_record().  Input: one line.
 *
 * Invariants (tests/fuzz_common.h): a rejected line appends nothing and
 * says why; a converted line appends exactly one line that is valid UTF-8
 * and strict JSON (a single object, no duplicate keys); a line that is a
 * valid JSON object within cJSON's limits is never rejected as invalid
 * JSON; mapping the same line twice gives the same bytes.
 *
 * Mapper options: cfecs's defaults (time_digits 6, passthrough 1, the
 * enrichment stage with the system's regexes.yaml), since
 * map_init runs once per process.  Other option sets: set CFECS_FUZZ_OPTS
 * (see fuzz_common.h), e.g.
 *   CFECS_FUZZ_OPTS=keep_empty,original,digits=9,force=http_requests
 * The dataset hint varies per input (by line length, see fz_hint_for).
 */
#include "fuzz_common.h"
#include "enrich.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const struct map_stage *stages[2];
	struct map_options o = { 0 };

	(void)argc;
	(void)argv;
	stages[0] = enrich_stage(NULL);
	o.stages = stages;
	o.time_format = TIME_AUTO;
	o.time_digits = 6;
	o.passthrough = 1;
	fz_map_setup(&o);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_map_line((const char *)data, size, fz_hint_for(size));
	return 0;
}
