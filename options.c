/*
 * cfecs options: the usage text, and the command line parsed into g
 * (getopt_long), with the lists and the version -V prints.
 */


#include <errno.h>	/* errno */
#include <getopt.h>	/* getopt_long() */
#include <stdio.h>	/* fprintf() */
#include <stdlib.h>	/* strtoull(), qsort() */
#include <string.h>	/* strcmp(), strerror() */
#include <unistd.h>	/* isatty(), write(), close() */

#include <archive.h>	/* archive_version_details() */
#include <libpsl.h>	/* psl_get_version() */
#include <maxminddb.h>	/* MMDB_lib_version() */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>	/* pcre2_config() */
#include <yaml.h>	/* yaml_get_version_string() */

#include "detect.h"
#include "enrich.h"
#include "geoip.h"
#include "json.h"
#include "template.h"
#include "util.h"

#include "cfecs_int.h"

void
usage(FILE *f, int status)
{
	fprintf(f,
"usage: cfecs [-hqrVvz] [-d dataset] [-f fields] [-j jobs] [-o file] [file ...]\n"
"\n"
"Convert Cloudflare Logpush logs (NDJSON: plain, gzip, bzip2, xz, zstd, or\n"
"in tar/zip archives) to Elastic Common Schema NDJSON on standard output.\n"
"\n"
"  -d, --dataset NAME        treat every record as this Logpush dataset\n"
"  -f, --fields LIST         write only these fields (comma list; a.b selects\n"
"                            a.b and below, a trailing * any rest)\n"
"      --exclude LIST        leave these fields out\n"
"      --no-passthrough      leave out the cloudflare.* copy of the record\n"
"      --no-provenance       leave out log.file.path and log.offset (where\n"
"                            each record was read)\n"
"      --original            keep the raw line in event.original\n"
"      --ecs-version VERSION write ecs.version\n"
"  -r, --recursive           read directories, in sorted order\n"
"  -j, --jobs N              convert with N threads (default: one per CPU;\n"
"                            1: a single thread); output order is the same\n"
"  -o, --output FILE         write to FILE instead of standard output\n"
"  -z, --gzip                gzip the output (also when FILE ends in .gz)\n"
"      --level N             gzip level, 1 (fast) to 9 (small); default 6\n"
"      --time-precision P    s, ms, us or ns fraction digits (default us)\n"
"      --time-format F       read times as auto (default), unixnano, unix,\n"
"                            unixms or rfc3339\n"
"      --keep-empty          keep empty strings and nulls in cloudflare.*\n"
"      --max-record-size N   longest line accepted (default 16M)\n"
"      --hold-size N         hold up to N bytes of a gzip member's or zip\n"
"                            entry's events until its checksum passes\n"
"                            (default 64M; 0: write them at once)\n"
"      --rejects FILE        write rejected lines to FILE, verbatim\n"
"      --bulk INDEX          Elasticsearch/OpenSearch _bulk output: an action\n"
"                            line before each event; %%Y %%m %%d %%H in INDEX\n"
"                            come from the event's @timestamp; _id is the\n"
"                            record's fingerprint (SHA-256 of the line);\n"
"                            %%D is the event's dataset\n"
"      --bulk-op OP          with --bulk, the action: index (default) or\n"
"                            create (what data streams accept)\n"
"      --id-field FIELD      with --bulk, _id from FIELD (event.id or a\n"
"                            Logpush field such as RayID; none: no _id)\n");
	fprintf(f,
"      --strict              stop at the first bad record, read error or\n"
"                            unknown dataset\n"
"      --check               convert and validate against ECS, write nothing;\n"
"                            exit 1 if any record fails (for CI)\n"
"      --state FILE          remember finished files in FILE and skip them\n"
"                            when run again (resumable runs over dumps)\n"
"      --geoip FILE          add *.geo.* and *.as.* from a MaxMind DB file\n"
"                            (City, Country or ASN; repeatable)\n"
"      --ioc FILE            match events against the indicators of compromise\n"
"                            in FILE (a list, or a STIX 2.1 bundle); repeatable\n"
"      --ioc-any-time        match STIX indicators whatever their valid_from\n"
"                            and valid_until (default: only events inside)\n"
"      --stats               print the counts of each file, and a total, on\n"
"                            standard error\n"
"      --list-datasets       list the Logpush datasets cfecs maps\n"
"      --print-template [PATTERN ...]\n"
"                            print an index template for the events (for\n"
"                            PUT _index_template/NAME); -d: one dataset's\n"
"      --data-stream         with --print-template, for a data stream\n"
"      --opensearch          with --print-template, for OpenSearch 2.7+\n"
"      --print-fields NAME   print the Logpush field list of a dataset, or\n"
"                            with NAME enrich, the ECS fields enrichment adds\n"
"      --no-enrich           no domain split, user agent or community ID\n"
"      --ua-regexes FILE     parse user agents with this regexes.yaml\n"
);
	fprintf(f,
"      --rules PATH          match Sigma rules from a file or directory\n"
"                            (repeatable); matches become alerts\n"
"      --detect              match the built-in rules\n"
"      --logsource CAT=DATASET  Sigma rules of category CAT apply to DATASET\n"
"                            too (repeatable; proxy is gateway_http alone)\n"
"      --alerts              write only events that matched a rule or an\n"
"                            indicator\n"
"      --list-rules          list the loaded rules, correlations and filters\n"
"                            (-v: the logsource mapping, skipped rules, values\n"
"                            that can never match)\n"
"      --min-level LEVEL     only rules of LEVEL or higher alert (low, medium,\n"
"                            high, critical); lower ones still feed correlations\n"
"      --include-deprecated  load rules of status deprecated or unsupported\n"
"      --correlation-memory SIZE\n"
"                            memory for correlation windows (M or G; default 1G)\n"
"      --from TIME           keep only events at TIME or later: RFC 3339, a day\n"
"                            (YYYY-MM-DD) or an age before now (30d, 12h)\n"
"      --to TIME             keep only events before TIME\n"
"      --summary[=FILE]      after the run, per rule that fired: hits, first and\n"
"                            last time, hosts, top sources; a table on standard\n"
"                            error, or JSON to FILE\n"
"      --report FILE         the same as an HTML page with a timeline per rule\n"
"  -q, --quiet               no per-record messages\n"
"  -v, --verbose             the counts of each file, and the files and\n"
"                            archive members skipped, on standard error\n"
"  -h, --help                this help\n"
"  -V, --version             version of cfecs and its libraries\n");
	if (f == stdout)
		stdout_done();
	exit(status);
}

/* ---- options ---- */

enum {
	OPT_EXCLUDE = 256, OPT_NO_PASSTHROUGH, OPT_ORIGINAL, OPT_ECS_VERSION,
	OPT_TIME_PRECISION, OPT_TIME_FORMAT, OPT_KEEP_EMPTY, OPT_MAX_RECORD,
	OPT_REJECTS, OPT_STRICT, OPT_STATS, OPT_LIST_DATASETS, OPT_PRINT_FIELDS,
	OPT_BULK, OPT_ID_FIELD, OPT_CHECK, OPT_STATE, OPT_GEOIP, OPT_IOC,
	OPT_IOC_ANY_TIME,
	OPT_RULES, OPT_DETECT, OPT_ALERTS, OPT_LIST_RULES, OPT_LOGSOURCE,
	OPT_NO_ENRICH, OPT_UA_REGEXES, OPT_LEVEL, OPT_BULK_OP,
	OPT_PRINT_TEMPLATE, OPT_DATA_STREAM, OPT_OPENSEARCH, OPT_HOLD_SIZE,
	OPT_CORR_MEMORY, OPT_MIN_LEVEL, OPT_INCLUDE_DEPRECATED, OPT_FROM, OPT_TO,
	OPT_SUMMARY, OPT_REPORT, OPT_NO_PROVENANCE
};

static const struct option longopts[] = {
	{ "bulk",		required_argument,	NULL, OPT_BULK },
	{ "bulk-op",		required_argument,	NULL, OPT_BULK_OP },
	{ "data-stream",	no_argument,		NULL, OPT_DATA_STREAM },
	{ "opensearch",		no_argument,		NULL, OPT_OPENSEARCH },
	{ "print-template",	no_argument,		NULL, OPT_PRINT_TEMPLATE },
	{ "check",		no_argument,		NULL, OPT_CHECK },
	{ "dataset",		required_argument,	NULL, 'd' },
	{ "ecs-version",	required_argument,	NULL, OPT_ECS_VERSION },
	{ "exclude",		required_argument,	NULL, OPT_EXCLUDE },
	{ "fields",		required_argument,	NULL, 'f' },
	{ "geoip",		required_argument,	NULL, OPT_GEOIP },
	{ "gzip",		no_argument,		NULL, 'z' },
	{ "help",		no_argument,		NULL, 'h' },
	{ "hold-size",		required_argument,	NULL, OPT_HOLD_SIZE },
	{ "id-field",		required_argument,	NULL, OPT_ID_FIELD },
	{ "ioc",		required_argument,	NULL, OPT_IOC },
	{ "ioc-any-time",	no_argument,		NULL, OPT_IOC_ANY_TIME },
	{ "jobs",		required_argument,	NULL, 'j' },
	{ "keep-empty",		no_argument,		NULL, OPT_KEEP_EMPTY },
	{ "level",		required_argument,	NULL, OPT_LEVEL },
	{ "list-datasets",	no_argument,		NULL, OPT_LIST_DATASETS },
	{ "max-record-size",	required_argument,	NULL, OPT_MAX_RECORD },
	{ "no-enrich",		no_argument,		NULL, OPT_NO_ENRICH },
	{ "no-passthrough",	no_argument,		NULL, OPT_NO_PASSTHROUGH },
	{ "no-provenance",	no_argument,		NULL, OPT_NO_PROVENANCE },
	{ "original",		no_argument,		NULL, OPT_ORIGINAL },
	{ "output",		required_argument,	NULL, 'o' },
	{ "print-fields",	required_argument,	NULL, OPT_PRINT_FIELDS },
	{ "quiet",		no_argument,		NULL, 'q' },
	{ "recursive",		no_argument,		NULL, 'r' },
	{ "rejects",		required_argument,	NULL, OPT_REJECTS },
	{ "state",		required_argument,	NULL, OPT_STATE },
	{ "stats",		no_argument,		NULL, OPT_STATS },
	{ "strict",		no_argument,		NULL, OPT_STRICT },
	{ "time-format",	required_argument,	NULL, OPT_TIME_FORMAT },
	{ "time-precision",	required_argument,	NULL, OPT_TIME_PRECISION },
	{ "ua-regexes",		required_argument,	NULL, OPT_UA_REGEXES },
	{ "verbose",		no_argument,		NULL, 'v' },
	{ "version",		no_argument,		NULL, 'V' },
	{ "rules",		required_argument,	NULL, OPT_RULES },
	{ "logsource",		required_argument,	NULL, OPT_LOGSOURCE },
	{ "detect",		no_argument,		NULL, OPT_DETECT },
	{ "alerts",		no_argument,		NULL, OPT_ALERTS },
	{ "list-rules",		no_argument,		NULL, OPT_LIST_RULES },
	{ "correlation-memory",	required_argument,	NULL, OPT_CORR_MEMORY },
	{ "min-level",		required_argument,	NULL, OPT_MIN_LEVEL },
	{ "from",		required_argument,	NULL, OPT_FROM },
	{ "summary",		optional_argument,	NULL, OPT_SUMMARY },
	{ "report",		required_argument,	NULL, OPT_REPORT },
	{ "to",			required_argument,	NULL, OPT_TO },
	{ "include-deprecated",	no_argument,		NULL,
	    OPT_INCLUDE_DEPRECATED },
	{ NULL,			0,			NULL, 0 }
};

/* A -f or --exclude name no event can have: said once, as a likely typo. */
static void
warn_impossible(const char *const *list, const char *opt)
{
	for (; list != NULL && *list != NULL && !g.quiet; list++)
		if (!map_pattern_possible(*list))
			warnx("%s %s: no event has this field (neither an ECS "
			    "field cfecs writes nor cloudflare.*)", opt, *list);
}

void
usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "cfecs: ");
	fprintf(stderr, fmt, arg);
	fputs("\ntry 'cfecs --help' for more information\n", stderr);
	exit(EXIT_FATAL);
}

/* A comma-separated list as a NULL-terminated array (empty items dropped). */
static const char **
split_list(const char *arg)
{
	char *copy = xstrdup(arg), *p, *save = NULL;
	const char **list;
	size_t n = 2;

	for (p = copy; *p != '\0'; p++)
		n += *p == ',';
	list = xcalloc(n, sizeof(*list));
	n = 0;
	for (p = strtok_r(copy, ",", &save); p != NULL;
	    p = strtok_r(NULL, ",", &save))
		list[n++] = p;
	if (n == 0)
		usage_error("empty field list: '%s'", arg);
	return list;
}

/* A size with an optional K, M or G (binary) suffix. */
static size_t
parse_size(const char *arg)
{
	unsigned long long v;
	char *end;

	errno = 0;
	if (arg[0] < '0' || arg[0] > '9')
		usage_error("invalid size: '%s'", arg);
	v = strtoull(arg, &end, 10);
	if (errno != 0 || end == arg)
		usage_error("invalid size: '%s'", arg);
	switch (*end) {
	case 'k': case 'K':	v = v > (1ULL << 53) ? 0 : v << 10; end++; break;
	case 'm': case 'M':	v = v > (1ULL << 43) ? 0 : v << 20; end++; break;
	case 'g': case 'G':	v = v > (1ULL << 33) ? 0 : v << 30; end++; break;
	}
	if (*end == 'i' && end[1] == 'B')
		end += 2;
	else if (*end == 'B')
		end++;
	if (*end != '\0' || v == 0 || v > (1ULL << 30))
		usage_error("invalid size (1 byte to 1G): '%s'", arg);
	return (size_t)v;
}

/*
 * --from, --to: RFC 3339 ("2024-02-18T00:00:00Z", or a day
 * "2024-02-18", meaning its midnight UTC), or a time before now: a
 * number and s, m, h or d ("30d").
 */
static int64_t
parse_when(const char *arg, const char *opt)
{
	static const struct { char u; int64_t ns; } unit[] = {
		{ 's', 1000000000LL }, { 'm', 60000000000LL },
		{ 'h', 3600000000000LL }, { 'd', 86400000000000LL }, { 0, 0 }
	};
	struct timespec now;
	char day[32], *end;
	int64_t ns;
	unsigned long long v;
	int k;

	errno = 0;
	v = strtoull(arg, &end, 10);
	for (k = 0; unit[k].u != 0 && unit[k].u != *end; k++)
		;
	if (arg[0] >= '0' && arg[0] <= '9' && errno == 0 && end != arg &&
	    unit[k].u != 0 && end[1] == '\0' && v <= 1000000 &&
	    clock_gettime(CLOCK_REALTIME, &now) == 0)
		return (int64_t)now.tv_sec * 1000000000LL + now.tv_nsec -
		    (int64_t)v * unit[k].ns;
	if (strlen(arg) == 10 && snprintf(day, sizeof(day), "%sT00:00:00Z",
	    arg) > 0 && timefmt_from_string(day, strlen(day), TIME_RFC3339,
	    &ns) == 0)
		return ns;
	if (strchr(arg, 'T') != NULL && timefmt_from_string(arg, strlen(arg),
	    TIME_RFC3339, &ns) == 0)
		return ns;
	snprintf(day, sizeof(day), "%s", opt);
	usage_error("%s: not an RFC 3339 time, a day (YYYY-MM-DD) or an age "
	    "such as 30d", day);
	return 0;
}

/* --correlation-memory: a size with M or G, 1M to 1024G. */
static size_t
parse_memory(const char *arg)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (arg[0] >= '0' && arg[0] <= '9' && errno == 0 && end != arg &&
	    v <= (1ULL << 20) && (end[0] == 'M' || end[0] == 'G') &&
	    end[1] == '\0' && (v <<= end[0] == 'M' ? 20 : 30) >= (1ULL << 20) &&
	    v <= (1ULL << 40) && v <= SIZE_MAX)
		return (size_t)v;
	usage_error("--correlation-memory: '%s' is not a size from 1M to "
	    "1024G", arg);
	return 0;
}

static int
online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (int)n;
}

/* -j N: 1 is one thread for everything, N > 1 adds N converting threads. */
static int
parse_jobs(const char *arg)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || n < 1 || n > MAX_JOBS)
		usage_error("invalid number of jobs (1 to 256): '%s'", arg);
	return (int)n;
}

static int
parse_precision(const char *arg)
{
	static const char *const names[] = { "s", "ms", "us", "ns" };
	static const char *const digits[] = { "0", "3", "6", "9" };
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(arg, names[i]) == 0 || strcmp(arg, digits[i]) == 0)
			return 3 * i;
	usage_error("invalid time precision: '%s' (s, ms, us or ns)", arg);
	return 6;
}

static void
list_datasets(void)
{
	int d;

	for (d = 0; datasets[d] != NULL; d++)
		printf("%s\t%s\n", datasets[d]->name, datasets[d]->scope);
	stdout_done();
	exit(0);
}

static void
print_fields(const char *name)
{
	const struct dataset *ds = map_dataset_by_name(name);
	const char *const *f;

	if (ds == NULL && strcmp(name, "enrich") == 0) {
		for (f = enrich_fields; *f != NULL; f++)
			printf("%s%s", f == enrich_fields ? "" : ",", *f);
		putchar('\n');
		stdout_done();
		exit(0);
	}
	if (ds == NULL)
		usage_error("unknown dataset: '%s' (see --list-datasets)", name);
	for (f = ds->fields; *f != NULL; f++)
		printf("%s%s", f == ds->fields ? "" : ",", *f);
	putchar('\n');
	stdout_done();
	exit(0);
}

static void
version(void)
{
	char pcre[64] = "?";

	pcre2_config(PCRE2_CONFIG_VERSION, pcre);
	printf("cfecs %s\n%s\ncJSON %s\nzlib %s\nlibyaml %s\nPCRE2 %s\n"
	    "libpsl %s\nlibmaxminddb %s\n", CFECS_VERSION,
	    archive_version_details(), json_parser_version(), zlibVersion(),
	    yaml_get_version_string(), pcre, psl_get_version(),
	    MMDB_lib_version());
	stdout_done();
	exit(0);
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

void
parse_options(int argc, char *argv[])
{
	int ch;

	g.map.time_digits = 6;
	g.from = INT64_MIN;
	g.to = INT64_MAX;
	g.map.passthrough = 1;
	g.in.max_record = 16 * 1024 * 1024;
	g.hold_max = 64 * 1024 * 1024;
	g.jobs = online_cpus();
	g.level = 6;
	while ((ch = getopt_long(argc, argv, "d:f:hj:o:qrVvz", longopts,
	    NULL)) != -1)
		switch (ch) {
		case 'd':
			if ((g.map.force = map_dataset_by_name(optarg)) == NULL)
				usage_error("unknown dataset: '%s' "
				    "(see --list-datasets)", optarg);
			break;
		case 'f':
			g.map.fields = split_list(optarg);
			break;
		case 'h':
			usage(stdout, 0);
			break;
		case 'j':
			g.jobs = parse_jobs(optarg);
			break;
		case 'o':
			g.output = optarg;
			break;
		case 'q':
			g.quiet = 1;
			break;
		case 'r':
			g.recursive = 1;
			break;
		case 'V':
			version();
			break;
		case 'v':
			g.verbose = 1;
			break;
		case 'z':
			g.gzip = 1;
			break;
		case OPT_BULK:
			if (*optarg == '\0')
				usage_error("empty index name%s", "");
			g.bulk = optarg;
			g.map.want_info = 1;
			break;
		case OPT_BULK_OP:
			if (strcmp(optarg, "index") != 0 &&
			    strcmp(optarg, "create") != 0)
				usage_error("invalid --bulk-op: '%s' (index or "
				    "create)", optarg);
			g.bulk_op = optarg;
			break;
		case OPT_PRINT_TEMPLATE:
			g.print_template = 1;
			break;
		case OPT_DATA_STREAM:
			g.data_stream = 1;
			break;
		case OPT_OPENSEARCH:
			g.opensearch = 1;
			break;
		case OPT_CHECK:
			g.check = 1;
			g.recursive = 1;	/* "cfecs --check samples/" */
			break;
		case OPT_STATE:
			g.state_path = optarg;
			break;
		case OPT_LEVEL:
			if (optarg[0] < '1' || optarg[0] > '9' ||
			    optarg[1] != '\0')
				usage_error("invalid gzip level (1 to 9): '%s'",
				    optarg);
			g.level = optarg[0] - '0';
			break;
		case OPT_ID_FIELD:
			g.map.id_field = optarg;
			break;
		case OPT_ECS_VERSION:
			g.map.ecs_version = optarg;
			break;
		case OPT_EXCLUDE:
			g.map.exclude = split_list(optarg);
			break;
		case OPT_KEEP_EMPTY:
			g.map.keep_empty = 1;
			break;
		case OPT_LIST_DATASETS:
			list_datasets();
			break;
		case OPT_MAX_RECORD:
			g.in.max_record = parse_size(optarg);
			break;
		case OPT_HOLD_SIZE:
			g.hold_max = strcmp(optarg, "0") == 0 ? 0 :
			    parse_size(optarg);
			break;
		case OPT_NO_PASSTHROUGH:
			g.map.passthrough = 0;
			break;
		case OPT_NO_PROVENANCE:
			g.no_provenance = 1;
			break;
		case OPT_ORIGINAL:
			g.map.original = 1;
			break;
		case OPT_PRINT_FIELDS:
			print_fields(optarg);
			break;
		case OPT_REJECTS:
			g.rejects_path = optarg;
			break;
		case OPT_STATS:
			g.stats = 1;
			break;
		case OPT_STRICT:
			g.strict = 1;
			break;
		case OPT_TIME_FORMAT:
			if (timefmt_parse_name(optarg, &g.map.time_format) < 0)
				usage_error("invalid time format: '%s' (auto, "
				    "unixnano, unix, unixms or rfc3339)", optarg);
			break;
		case OPT_TIME_PRECISION:
			g.map.time_digits = parse_precision(optarg);
			break;
		case OPT_GEOIP:
			geoip_open(optarg);
			break;
		case OPT_IOC:
			g.ioc_files = xrealloc(g.ioc_files,
			    (g.nioc + 2) * sizeof(*g.ioc_files));
			g.ioc_files[g.nioc++] = optarg;
			g.ioc_files[g.nioc] = NULL;
			break;
		case OPT_IOC_ANY_TIME:
			g.ioc_any_time = 1;
			break;
		case OPT_RULES:
			g.rules = xrealloc(g.rules, (g.nrules + 1) *
			    sizeof(*g.rules));
			g.rules[g.nrules++] = optarg;
			break;
		case OPT_LOGSOURCE:
			g.logsources = xrealloc(g.logsources,
			    (g.nlogsources + 1) * sizeof(*g.logsources));
			g.logsources[g.nlogsources++] = optarg;
			break;
		case OPT_DETECT:
			g.builtin = 1;
			break;
		case OPT_ALERTS:
			g.alerts_only = 1;
			break;
		case OPT_LIST_RULES:
			g.list_rules = 1;
			break;
		case OPT_CORR_MEMORY:
			g.corr_bytes = parse_memory(optarg);
			break;
		case OPT_MIN_LEVEL:
			if ((g.min_level = detect_level(optarg)) == 0)
				usage_error("--min-level: '%s' is not one of "
				    "informational low medium high critical",
				    optarg);
			break;
		case OPT_INCLUDE_DEPRECATED:
			g.all_status = 1;
			break;
		case OPT_SUMMARY:
			g.summary = 1;
			g.summary_path = optarg;
			break;
		case OPT_REPORT:
			g.report_path = optarg;
			break;
		case OPT_FROM:
			g.from = parse_when(optarg, "--from");
			g.range = 1;
			break;
		case OPT_TO:
			g.to = parse_when(optarg, "--to");
			g.range = 1;
			break;
		case OPT_NO_ENRICH:
			g.no_enrich = 1;
			break;
		case OPT_UA_REGEXES:
			g.ua_regexes = optarg;
			break;
		default:
			fputs("try 'cfecs --help' for more information\n", stderr);
			exit(EXIT_FATAL);
		}
	if (g.output != NULL && ends_with(g.output, ".gz"))
		g.gzip = 1;
	if (g.map.id_field != NULL && g.bulk == NULL)
		usage_error("--id-field needs --bulk%s", "");
	if (g.bulk_op != NULL && g.bulk == NULL)
		usage_error("--bulk-op needs --bulk%s", "");
	if (g.bulk_op == NULL)
		g.bulk_op = "index";
	if ((g.data_stream || g.opensearch) && !g.print_template)
		usage_error("--%s needs --print-template",
		    g.data_stream ? "data-stream" : "opensearch");
	g.in.verbose = g.verbose;
	g.in.threads = g.jobs > 1;
	if (g.list_rules && g.nrules == 0 && !g.builtin)
		usage_error("--list-rules needs --rules or --detect%s", "");
	if ((g.summary || g.report_path != NULL) && g.nrules == 0 && !g.builtin)
		usage_error("--summary and --report need --rules or --detect%s",
		    "");
	warn_impossible(g.map.fields, "-f");
	warn_impossible(g.map.exclude, "--exclude");
	/* Nothing could match: an empty output would look like a clean hunt. */
	if (g.alerts_only && g.nrules == 0 && !g.builtin && g.nioc == 0)
		usage_error("--alerts needs --rules, --detect or --ioc%s", "");
}

/* --print-template [PATTERN ...]: the operands are the index patterns. */
void
print_template(char *patterns[])
{
	struct template_opts o = { 0 };
	int i;

	for (i = 0; patterns[i] != NULL; i++)
		if (patterns[i][0] == '\0')
			usage_error("empty index pattern%s", "");
	o.patterns = (const char *const *)patterns;
	o.dataset = g.map.force;
	o.generator = "cfecs " CFECS_VERSION;
	o.data_stream = g.data_stream;
	o.opensearch = g.opensearch;
	o.time_digits = g.map.time_digits;
	if (template_write(stdout, &o) < 0)
		errx(EXIT_FATAL, "out of memory");
	stdout_done();
	exit(0);
}

