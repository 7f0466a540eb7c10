/*
 * cfecs: convert Cloudflare Logpush logs to Elastic Common Schema (ECS)
 * events, as a Unix filter.
 *
 * operands (files, directories with -r, "-" or nothing for stdin)
 *   -> input.c: a thread reads and inflates gzip (small files: no thread);
 *      plain NDJSON is cut into lines directly, libarchive reads the
 *      other compressions, tar and zip, and compressed members inside
 *      archives; lines are cut and copied into batches
 *   -> batch.c: worker threads (-j) convert batches, which are committed
 *      in input order, so output never depends on the thread count;
 *      batches run on from one operand to the next (an entry marks
 *      each operand's end), so many small files keep the workers busy
 *   -> mapper.c: json.c parses each line, the dataset is detected from its
 *      keys, the dataset's table in datasets.c maps it to ECS
 *   -> writer.c: JSON text into the batch, written to stdout (or -o FILE)
 *      a whole batch of whole lines at a time; with -z the worker has
 *      compressed the batch into a gzip member of its own.
 *
 * A bad record or operand is reported with its location, counted and
 * skipped; the exit status says whether anything was lost (0 none, 1 some,
 * 2 usage or output error).
 */
#include <sys/stat.h>	/* stat(), S_ISDIR() */

#include <dirent.h>	/* opendir(), readdir() */
#include <errno.h>	/* errno */
#include <fcntl.h>	/* open() */
#include <getopt.h>	/* getopt_long() */
#include <inttypes.h>	/* PRIu64 */
#include <signal.h>	/* sigaction(), raise() */
#include <stdarg.h>	/* va_list for messages */
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
#include <zlib.h>	/* zlibVersion() */

#include "batch.h"
#include "correlate.h"
#include "detect.h"
#include "summary.h"
#include "ecscheck.h"
#include "json.h"
#include "enrich.h"
#include "geoip.h"
#include "hold.h"
#include "input.h"
#include "ioc.h"
#include "mapper.h"
#include "progress.h"
#include "seen.h"
#include "state.h"
#include "template.h"
#include "util.h"
#include "writer.h"

#define CFECS_VERSION	"1.1.0"
#define MAX_JOBS	256
#define SMALL_FILE	(256 * 1024)	/* decoded without a thread of its own */

enum reject_reason {
	R_JSON,		/* not valid JSON */
	R_OBJECT,	/* valid JSON, not an object */
	R_LONG,		/* longer than --max-record-size */
	R_CUT,		/* cut short by a read error */
	R_UNKNOWN,	/* dataset not recognised, with --strict */
	R_CORRUPT,	/* its member failed its checksum: not written */
	R_COUNT
};

static const char *const reason_name[R_COUNT] = {
	"invalid-json", "not-an-object", "too-long", "cut-short",
	"unknown-dataset", "corrupt-member"
};

struct stats {
	uint64_t	read;		/* records (non-blank lines) seen */
	uint64_t	converted;	/* written as events */
	uint64_t	unknown;	/* of those, dataset not recognised */
	uint64_t	not_ecs;	/* --check: of those, not valid ECS */
	uint64_t	rejected[R_COUNT];
	uint64_t	bytes_in;	/* input bytes before decompression */
	uint64_t	bytes_out;	/* event bytes produced */
	uint64_t	read_errors;	/* files or members cut short, unreadable */
	uint64_t	files;		/* files read or tried */
	uint64_t	failed;		/* ... not read to the end */
	uint64_t	no_time;	/* events without a readable time */
	uint64_t	no_id;		/* --id-field absent: fingerprint _id */
	uint64_t	alerts;		/* events that matched a rule */
	uint64_t	no_records;	/* files of data without a record */
	uint64_t	outside;	/* converted, not kept: --from/--to */
	uint64_t	incomplete;	/* events whose rules were not all
					   evaluated (regex limit, budget) */
};

/* A file the run writes, so that it never reads it too. */
struct fileid {
	int	set;
	dev_t	dev;
	ino_t	ino;
};

/* What an event carries back from its worker (entry.marks). */
#define MARK_TIME	1	/* error.type invalid_time or missing_time */
#define MARK_NO_ID	2	/* the --id-field was absent */
#define MARK_OUTSIDE	4	/* @timestamp outside --from/--to */
#define MARK_INCOMPLETE	8	/* rules not all evaluated (note: detect_why) */

/* All program state: options, then the run. */
static struct {
	/* options */
	int			 recursive;	/* -r: descend into directories */
	int			 strict;	/* stop at the first problem */
	int			 quiet;		/* -q: no per-record messages */
	int			 verbose;	/* -v: per-operand summaries */
	int			 stats;		/* --stats: summary at the end */
	int			 gzip;		/* -z: gzip the output */
	int			 level;		/* --level: gzip's, 1 to 9 */
	int			 no_provenance;	/* --no-provenance */
	const char		*output;	/* -o FILE, NULL for stdout */
	const char		*rejects_path;	/* --rejects FILE */
	const char		*bulk;		/* --bulk INDEX pattern */
	const char		*bulk_op;	/* --bulk-op: "index" or "create" */
	int			 print_template; /* --print-template, and ... */
	int			 data_stream;	/* ... --data-stream */
	int			 opensearch;	/* ... --opensearch */
	int			 check;		/* --check: validate, write nothing */
	const char		*state_path;	/* --state FILE */
	int			 progress;	/* draw a progress line */
	int			 counting;	/* walking operands for totals */
	struct map_options	 map;		/* what the mapper needs */
	struct input_opts	 in;		/* what the reader needs */
	int			 jobs;		/* -j: conversion threads */
	const char		**ioc_files;	/* --ioc FILE ..., NULL-terminated */
	size_t			 nioc;
	int			 ioc_any_time;	/* --ioc-any-time */
	struct ioc		*ioc;		/* the indicators loaded */
	const char		**rules;	/* --rules PATHs */
	size_t			 nrules;
	const char		**logsources;	/* --logsource CATEGORY=DATASET */
	size_t			 nlogsources;
	int			 builtin;	/* --detect */
	int			 alerts_only;	/* --alerts */
	int			 list_rules;	/* --list-rules */
	struct detect		*detect;	/* the rules, when any */
	struct corrset		*corr;		/* correlation rules, when any */
	size_t			 corr_bytes;	/* --correlation-memory */
	int			 range;		/* --from or --to given */
	int			 summary;	/* --summary */
	const char		*summary_path;	/* --summary=FILE: JSON there */
	const char		*report_path;	/* --report FILE: HTML */
	struct summary		*sum;
	int64_t			 from, to;	/* keep from <= @timestamp < to */
	int			 min_level;	/* --min-level: severity */
	int			 all_status;	/* --include-deprecated */
	int			 no_enrich;	/* --no-enrich */
	const char		*ua_regexes;	/* --ua-regexes FILE */
	/* the run */
	struct pool		*pool;		/* converts batches of records */
	struct sink		*sink;
	struct sink		*rejects;
	const char		*name;		/* operand, for messages */
	struct batch		*member_batch;	/* holds the member name ... */
	size_t			 member_off;	/* ... at this offset */
	struct batch		*file_batch;	/* holds operand opseq's name ... */
	size_t			 file_off;	/* ... at this offset */
	uint64_t		 file_seq;
	z_stream		*z;		/* -z: for what workers did not */
	struct wbuf		 zout;		/* ... compress */
	uint64_t		 opseq;		/* operands started */
	int			 pipelined;	/* operands follow without a wait */
	int			 no_path;	/* reading standard input */
	const struct dataset	*hint;		/* dataset named by the path */
	const struct dataset	*file_hint;	/* ... by the operand's path */
	struct stats		 op;		/* current operand */
	struct stats		 total;
	struct state		*state;		/* --state: finished files */
	struct seen		*seen;		/* files read, by inode */
	size_t			 hold_max;	/* --hold-size; 0: no holding */
	struct hold		*held;		/* events waiting for a check */
	struct hold		*held_lines;	/* ... their lines (--rejects) */
	unsigned		 held_levels;	/* checks they wait for (bits) */
	int			 held_through;	/* past the bound: written */
	struct wbuf		 held_facts;	/* correlation facts of the held
						   events, committed with them */
	int			 hold_cut;	/* held events are written, and
						   cut back off the output file if
						   their member fails */
	uint64_t		 held_at;	/* ... from this many bytes on */
	struct stats		 held_from;	/* g.op when holding began */
	int			 checked;	/* reader: the check lines wait for */
	uint64_t		 files_total;	/* for the progress line */
	uint64_t		 bytes_total;
	uint64_t		 files_done;
	uint64_t		 bytes_done;	/* of finished operands */
	uint64_t		 op_bytes;	/* read so far of this one */
	uint64_t		 json_done;	/* uncompressed bytes of lines */
	uint64_t		 state_done_bytes; /* output of recorded files */
	struct fileid		 outputs[3];	/* output, rejects, state */
	char			*cm_name;	/* member being committed */
	struct batch		*cm_batch;	/* ... as last seen in this batch */
	size_t			 cm_off;
	uint64_t		 cm_events;	/* its events written */
	int			 status;	/* exit status so far */
	int			 stop;		/* --strict tripped, or a signal */
} g;

static volatile sig_atomic_t busy;		/* writing events */
static volatile sig_atomic_t caught;		/* signal seen while busy */
static volatile sig_atomic_t stopping;		/* --state: first signal */
static volatile sig_atomic_t graceful;		/* ... may wait for the file */

/*
 * A name as messages show it: one line, whatever bytes it holds.
 * Backslash, newline and tab are escaped as in the state file (\\, \n,
 * \t), other control bytes as \ooo.  The result lasts until four more
 * calls (a message names at most a file and a member).
 */
static const char *
shown(const char *s)
{
	static char *ring[4];
	static unsigned next;
	const unsigned char *u;
	char *o, *out;

	for (u = (const unsigned char *)s; *u != '\0'; u++)
		if (*u < 0x20 || *u == 0x7f || *u == '\\')
			break;
	if (*u == '\0')
		return s;
	free(ring[next % 4]);
	out = o = ring[next++ % 4] = xmalloc(4 * strlen(s) + 1);
	for (u = (const unsigned char *)s; *u != '\0'; u++) {
		if (*u == '\\' || *u == '\n' || *u == '\t') {
			*o++ = '\\';
			*o++ = *u == '\\' ? '\\' : *u == '\n' ? 'n' : 't';
		} else if (*u < 0x20 || *u == 0x7f)
			o += sprintf(o, "\\%03o", *u);
		else
			*o++ = (char)*u;
	}
	*o = '\0';
	return out;
}

/* --help, -V and the lists: their output must really be out. */
static void
stdout_done(void)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return;
	if (errno == EPIPE)
		exit(EXIT_FATAL);
	err(EXIT_FATAL, "write error");
}

static void
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

/*
 * cfecs: FILE[(MEMBER)]:LINE: message.  -q silences messages about
 * records, not read errors (loud): a damaged file is never passed over
 * in silence.
 */
static void
report_at(int loud, const struct loc *loc, const char *fmt, ...)
{
	va_list ap;

	if (g.quiet && !loud)
		return;
	if (g.progress)
		progress_end();		/* redrawn on the next update */
	fprintf(stderr, "cfecs: %s", shown(loc->file));
	if (loc->member != NULL)
		fprintf(stderr, "(%s)", shown(loc->member));
	if (loc->line > 0)
		fprintf(stderr, ":%" PRIu64, loc->line);
	fputs(": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

#define report(...)	report_at(0, __VA_ARGS__)

/* The message path for the stages (detect.c, ioc.c): msg_fn. */
static void
say(int loud, const char *file, unsigned long long line, const char *text)
{
	struct loc loc = { file, NULL, line, 0 };

	report_at(loud, &loc, "%s", text);
}

/* ---- output ---- */

static void
write_failed(void)
{
	/* A closed pipe is the reader's choice, not an error worth a word. */
	if (g.progress)
		progress_end();
	if (errno == EPIPE)
		exit(EXIT_FATAL);
	err(EXIT_FATAL, "write error%s%s", g.output ? " on " : "",
	    g.output ? shown(g.output) : "");
}

static void
die_of(int sig)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigaction(sig, &sa, NULL);
	raise(sig);
	_exit(128 + sig);
}

/* Outside a write, or right after one (only whole lines and whole gzip
 * members are ever written): erase the progress line, and die of the
 * signal. */
static void
finish_and_die(int sig)
{
	/* A signal during the last write (a stalled pipe) ends it all. */
	busy = 1;
	caught = sig;
	if (g.progress)
		progress_end();
	/* -o with --state: keep only the events of the files recorded as
	 * done, so that the next run neither loses nor repeats any. */
	if (g.sink != NULL && g.state != NULL && g.output != NULL)
		sink_cut_on_signal(g.sink, g.state_done_bytes);
	/* Events of a member not yet verified do not stay either. */
	else if (g.sink != NULL && g.hold_cut && g.held_levels != 0 &&
	    !g.held_through)
		sink_cut_on_signal(g.sink, g.held_at);
	die_of(sig);
}

/* With a progress line: erase it, then die of SIGPIPE as usual. */
static void
on_sigpipe(int sig)
{
	progress_end();
	die_of(sig);
}

static void
say_now(const char *msg)
{
	ssize_t r = write(STDERR_FILENO, msg, strlen(msg));

	(void)r;	/* nothing to do about a lost message */
}

/*
 * SIGINT/SIGTERM: the output must end on a whole line, and gzip output
 * must stay valid gzip.  Events are written a whole batch at a time;
 * outside such a write nothing is half done, so finish the output and
 * die at once (only the main thread takes signals, so nothing else is
 * using the output).  During a write, note the signal and do the same
 * right after it; a second signal (the reader of a pipe has stalled)
 * does not wait.
 *
 * With --state the first signal is a graceful stop instead: no new file
 * is read, the one being read is finished, written and recorded, then
 * the program dies of the signal; a resumed run starts with the next
 * file, and repeats nothing even on a pipe.  A second signal stops at
 * once, as above.
 */
static void
on_signal(int sig)
{
	if (graceful && !stopping) {
		stopping = sig;
		if (g.progress)
			progress_end();
		say_now("cfecs: stopping after the files being read "
		    "(signal again to stop at once)\n");
		return;
	}
	if (stopping && !caught)
		say_now(g.output != NULL ? "cfecs: stopped at once: the files "
		    "being read are not recorded as done; their events are "
		    "cut from the output, and they will be read again\n" :
		    "cfecs: stopped at once: the files being read are not "
		    "recorded as done; they will be read again, and the events "
		    "of theirs already written repeated\n");
	if (busy) {
		if (caught)
			die_of(sig);
		caught = sig;
		return;
	}
	finish_and_die(sig);
}

/* ---- records: filled into batches, converted by workers ---- */

/*
 * What the workers read: filled in once, before the pool starts, and
 * handed to each worker as const; workers never read g, which the main
 * thread keeps changing while they run.
 */
struct work_conf {
	const char	*bulk;		/* --bulk INDEX pattern, or NULL */
	const char	*bulk_op;	/* --bulk-op: "index" or "create" */
	int		 alerts_only;	/* --alerts */
	int		 check;		/* --check: validate, write nothing */
	int		 level;		/* -z: the gzip level; 0: no gzip */
	int		 provenance;	/* log.file.path and log.offset */
	int		 range;		/* --from or --to given */
	int64_t		 from, to;	/* keep from <= @timestamp < to */
	int		 correlate;	/* some correlation rule is linked */
};

static struct work_conf work_conf;

/* Worker side: convert every line of a batch; nothing global is written. */
struct worker {
	const struct work_conf *conf;
	struct mapctx	*m;
	struct wbuf	 event;		/* --bulk: the event, before its action */
	struct wbuf	 origin;	/* log.file.path: "file(member)" ... */
	const struct batch *origin_batch; /* ... of this batch's names */
	size_t		 origin_file, origin_member;
	z_stream	*z;		/* -z: compresses the batch */
};

/*
 * -z: the output is a series of gzip members, one per batch (and per
 * operand within it), each compressed by the worker that converted the
 * batch, so compression runs on every thread.  A member is whole or not
 * written at all, so the file is valid gzip whenever the program stops.
 */
static z_stream *
gz_new(int level)
{
	z_stream *z = xcalloc(1, sizeof(*z));

	/* 15 + 16: a gzip wrapper rather than zlib's. */
	if (deflateInit2(z, level, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		fatalx("zlib initialisation failed");
	return z;
}

static void
gz_free(z_stream *z)
{
	if (z != NULL)
		deflateEnd(z);
	free(z);
}

/* p[0..n) as one whole gzip member appended to out. */
static void
gz_member(z_stream *z, struct wbuf *out, const char *p, size_t n)
{
	const size_t step = 1u << 30;	/* avail_in/out are 32 bits */
	size_t part, room;
	int flush, r;

	deflateReset(z);
	do {
		part = n < step ? n : step;
		z->next_in = (unsigned char *)(uintptr_t)p;
		z->avail_in = (uInt)part;
		p += part;
		n -= part;
		flush = n > 0 ? Z_NO_FLUSH : Z_FINISH;
		do {
			wb_reserve(out, deflateBound(z, z->avail_in) + 64);
			room = out->cap - out->len < step ?
			    out->cap - out->len : step;
			z->next_out = (unsigned char *)out->p + out->len;
			z->avail_out = (uInt)room;
			r = deflate(z, flush);
			if (r == Z_STREAM_ERROR)
				fatalx("zlib: compression failed");
			out->len += room - z->avail_out;
		} while (z->avail_out == 0 ||
		    (flush == Z_FINISH && r != Z_STREAM_END));
	} while (n > 0);
}

/* Each operand's part of the batch (up to its end, and the rest) as a
 * member; nothing for a part without events. */
static void
gz_batch(struct batch *b, z_stream *z)
{
	size_t i, from = 0, at = 0;

	for (i = 0; i < b->n; i++) {
		at += b->e[i].out_len;
		/* Held output is released or dropped at checks and errors. */
		if (b->e[i].kind != E_END && b->e[i].kind != E_VERIFIED &&
		    b->e[i].kind != E_ERROR && i + 1 < b->n)
			continue;
		if (at > from)
			gz_member(z, &b->gz, b->out.p + from, at - from);
		batch_segment(b, at, b->gz.len);
		from = at;
	}
}

static void *
worker_new(void)
{
	struct worker *w = xcalloc(1, sizeof(*w));

	w->conf = &work_conf;
	w->m = map_new();
	wb_init(&w->event, 64 * 1024);
	wb_init(&w->origin, 256);
	if (w->conf->level > 0)
		w->z = gz_new(w->conf->level);
	return w;
}

static void
worker_free(void *arg)
{
	struct worker *w = arg;

	map_free(w->m);
	wb_free(&w->event);
	wb_free(&w->origin);
	gz_free(w->z);
	free(w);
}

/*
 * The _bulk action line: the index name with %Y %m %d %H from the event's
 * @timestamp (UTC; "unknown" without one), and the event's _id.
 */
static size_t
index_name(const char *pattern, const struct map_info *info,
    const struct dataset *ds, char *name, size_t cap)
{
	char t[TIME_BUFSIZE];
	const char *p, *part;
	size_t n = 0, k;

	if (info->has_time)
		timefmt_format(info->time, 0, t);
	for (p = pattern; *p != '\0' && n < cap - 64; p++) {
		part = NULL;
		k = 0;
		if (p[0] == '%' && p[1] == 'D') {
			part = ds != NULL ? ds->name : "unknown";
			k = strlen(part);
			p++;
		} else if (p[0] == '%' && p[1] != '\0') {
			switch (*++p) {
			case 'Y':	part = t; k = 4; break;
			case 'm':	part = t + 5; k = 2; break;
			case 'd':	part = t + 8; k = 2; break;
			case 'H':	part = t + 11; k = 2; break;
			case '%':	part = "%"; k = 1; break;
			default:	part = p - 1; k = 2; break;
			}
			if (!info->has_time && *p != '%')
				part = "unknown", k = 7;
		} else
			part = p, k = 1;
		memcpy(name + n, part, k);
		n += k;
	}
	return n;
}

static void
bulk_action(const struct work_conf *conf, struct wbuf *out,
    const struct map_info *info, const struct dataset *ds)
{
	char name[512];
	size_t n = index_name(conf->bulk, info, ds, name, sizeof(name));

	wb_lit(out, "{\"");
	wb_raw(out, conf->bulk_op, strlen(conf->bulk_op));
	wb_lit(out, "\":{\"_index\":");
	wb_str(out, name, n);
	if (info->idlen > 0) {
		wb_lit(out, ",\"_id\":");
		wb_str(out, info->id, info->idlen);
	}
	wb_lit(out, "}}\n");
}

/* --check: validate the event just written (without its newline). */
static void
check_event(struct batch *b, struct entry *e, size_t at)
{
	char why[256];

	if (ecs_check_event(b->out.p + at, e->out_len - 1, why,
	    sizeof(why)) == 0)
		return;
	e->not_ecs = 1;
	e->why = b->notes.len;
	wb_raw(&b->notes, why, strlen(why) + 1);
}

/* --from/--to: the record is dropped (without a time too). */
static int
outside_range(const struct work_conf *conf, const struct map_info *info)
{
	return !info->has_time || info->time < conf->from ||
	    info->time >= conf->to;
}

/* Carry what the committing side counts and reports. */
static void
mark_event(const struct work_conf *conf, struct batch *b, struct entry *e,
    const struct map_info *info)
{
	e->marks = 0;
	if (info->bad_time) {
		e->marks |= MARK_TIME;
		e->time_why = b->notes.len;
		wb_raw(&b->notes, info->time_msg, strlen(info->time_msg) + 1);
	}
	if (conf->bulk != NULL && info->id_absent)
		e->marks |= MARK_NO_ID;
	if (info->incomplete) {
		e->marks |= MARK_INCOMPLETE;
		e->detect_why = b->notes.len;
		wb_raw(&b->notes, info->note, strlen(info->note) + 1);
	}
}

/*
 * log.file.path and log.offset of the record: the path as given, and an
 * archive member as messages name it, "outer.tar(inner.log.gz)".  The
 * names change seldom within a batch: composed once per change.
 */
static void
set_origin(struct worker *w, const struct batch *b, const struct entry *e)
{
	const char *file, *member;

	if (e->no_path) {
		map_set_origin(w->m, NULL, 0, e->offset);
		return;
	}
	if (w->origin_batch != b || w->origin_file != e->file ||
	    w->origin_member != e->member) {
		w->origin_batch = b;
		w->origin_file = e->file;
		w->origin_member = e->member;
		file = b->text.p + e->file;
		w->origin.len = 0;
		wb_raw(&w->origin, file, strlen(file));
		if (e->member != NO_MEMBER) {
			member = b->text.p + e->member;
			wb_char(&w->origin, '(');
			wb_raw(&w->origin, member, strlen(member));
			wb_char(&w->origin, ')');
		}
	}
	map_set_origin(w->m, w->origin.p, w->origin.len, e->offset);
}

static void
convert_batch(struct batch *b, void *arg)
{
	struct worker *w = arg;
	const struct work_conf *conf = w->conf;
	struct entry *e;
	const char *why;
	size_t i, mark, at;
	int outside;

	w->origin_batch = NULL;		/* batches are reused */
	for (i = 0; i < b->n; i++) {
		e = &b->e[i];
		if (e->kind != E_LINE)
			continue;
		if (conf->provenance)
			set_origin(w, b, e);
		mark = b->out.len;
		if (conf->bulk == NULL)
			e->code = map_record(w->m, b->text.p + e->off, e->len,
			    e->hint, &b->out, &why);
		else {
			w->event.len = 0;
			e->code = map_record(w->m, b->text.p + e->off, e->len,
			    e->hint, &w->event, &why);
			if (w->event.len > 0 && (!conf->alerts_only ||
			    map_last_info(w->m)->alert ||
			    map_last_info(w->m)->incomplete)) {
				bulk_action(conf, &b->out, map_last_info(w->m),
				    map_last_dataset(w->m));
				wb_raw(&b->out, w->event.p, w->event.len);
			}
		}
		outside = conf->range &&
		    outside_range(conf, map_last_info(w->m));
		if (outside) {
			b->out.len = mark;
			corr_drop();
		}
		e->facts = 0;
		at = b->notes.len;
		if (conf->correlate && corr_take(&b->notes, b->text.p + e->off,
		    e->len))
			e->facts = at + 1;
		e->alert = map_last_info(w->m)->alert && b->out.len > mark;
		/* --alerts: an event rules could not all judge may be one
		 * that evades them; it is kept, marked */
		if (conf->alerts_only && !e->alert &&
		    !(map_last_info(w->m)->incomplete && b->out.len > mark))
			b->out.len = mark;
		e->out_len = b->out.len - mark;
		if (e->code == MAP_BAD_JSON || e->code == MAP_NOT_OBJECT) {
			e->why = b->notes.len;
			wb_raw(&b->notes, why, strlen(why) + 1);
			continue;
		}
		if (conf->check && e->out_len > 0)
			check_event(b, e, mark);	/* --alerts drops some */
		mark_event(conf, b, e, map_last_info(w->m));
		if (outside)
			e->marks |= MARK_OUTSIDE;
	}
	if (w->z != NULL)
		gz_batch(b, w->z);
}

/* Main side, in input order: count, report, write. */
static void
reject_record(enum reject_reason r, const char *why, const char *p, size_t n,
    const struct loc *loc)
{
	g.op.rejected[r]++;
	g.status = EXIT_DATA;
	report(loc, "%s", why);
	if (g.rejects != NULL && (sink_write(g.rejects, p, n) < 0 ||
	    sink_write(g.rejects, "\n", 1) < 0)) {
		if (g.progress)
			progress_end();
		err(EXIT_FATAL, "write error on %s", shown(g.rejects_path));
	}
	if (g.strict)
		g.stop = 1;
}

/* Follow the member being committed, to count its events written. */
static void
member_seen(struct batch *b, const struct entry *e)
{
	const char *name = e->member != NO_MEMBER ? b->text.p + e->member : "";

	if (b == g.cm_batch && e->member == g.cm_off)
		return;
	g.cm_batch = b;
	g.cm_off = e->member;
	if (g.cm_name != NULL && strcmp(name, g.cm_name) == 0)
		return;
	free(g.cm_name);
	g.cm_name = xstrdup(name);
	g.cm_events = 0;
}

/*
 * Holding.  Events of records whose gzip member or zip entry has not yet
 * passed its checksum are held (g.held) until the check passes, and
 * dropped, counted as corrupt-member, if the member fails.  held_levels
 * says which checks the held events wait for; a check releases them only
 * when they all wait for it.
 */
/* Length of one event's correlation facts (see corr_take). */
static size_t
facts_len(const char *p)
{
	uint32_t total;

	memcpy(&total, p, 4);
	return 4 + 16 + (size_t)total;
}

/* Facts of an unverified event wait with it: a damaged member must not
 * feed a correlation any more than the output. */
static void
commit_facts(const char *p)
{
	if (g.held_levels != 0 && !g.held_through)
		wb_raw(&g.held_facts, p, facts_len(p));
	else
		corr_commit(g.corr, p);
}

static void
release_facts(void)
{
	const char *p = g.held_facts.p, *end = p + g.held_facts.len;

	for (; p < end; p += facts_len(p))
		corr_commit(g.corr, p);
	g.held_facts.len = 0;
}

static void
hold_begin(const struct entry *e)
{
	if (g.held_levels == 0) {
		g.held_from = g.op;
		if (g.hold_cut)
			g.held_at = sink_bytes(g.sink);
	}
	g.held_levels |= 1u << e->checked;
}

/* Past the bound (not with --strict, which spills): write what is held
 * and the rest of the member as it comes, and say so once per file. */
static void
hold_overflow(void)
{
	struct loc loc = { g.name, NULL, 0, 0 };

	if (!g.held_through)
		report_at(1, &loc, "more than %zu bytes of events before "
		    "their member's checksum: written unverified", g.hold_max);
	g.held_through = 1;
	release_facts();
	if (hold_release(g.held, g.sink) < 0)
		write_failed();
	if (g.held_lines != NULL)
		hold_drop(g.held_lines);
}

/* The checks passed (or the operand ended whole): write it all. */
static void
hold_release_all(void)
{
	if (g.held_levels == 0)
		return;
	release_facts();
	if (g.held != NULL && hold_release(g.held, g.sink) < 0)
		write_failed();
	if (g.held_lines != NULL)
		hold_drop(g.held_lines);
	g.held_levels = 0;
	g.held_through = 0;
}

/* A check failed, or the input broke: forget the held events and count
 * them as rejected; returns how many. */
static uint64_t
hold_drop_all(void)
{
	uint64_t n;

	g.held_facts.len = 0;
	if (g.held_levels == 0 || g.held_through) {
		g.held_levels = 0;
		g.held_through = 0;
		return 0;
	}
	n = g.op.converted - g.held_from.converted;
	g.op.converted = g.held_from.converted;
	g.op.unknown = g.held_from.unknown;
	g.op.not_ecs = g.held_from.not_ecs;
	g.op.no_time = g.held_from.no_time;
	g.op.no_id = g.held_from.no_id;
	g.op.alerts = g.held_from.alerts;
	g.op.bytes_out = g.held_from.bytes_out;
	g.op.rejected[R_CORRUPT] += n;
	if (g.held_lines != NULL && hold_release(g.held_lines, g.rejects) < 0)
		err(EXIT_FATAL, "write error on %s", shown(g.rejects_path));
	if (g.hold_cut && sink_cut(g.sink, g.held_at) < 0)
		write_failed();
	hold_drop(g.held);
	g.held_levels = 0;
	return n;
}

/* An entry at which holding starts, ends or changes. */
static int
hold_turns(const struct entry *e)
{
	return g.hold_max > 0 && (e->kind == E_VERIFIED ||
	    e->kind == E_ERROR || (e->kind == E_LINE && e->checked > 0 &&
	    g.held_levels == 0));
}

/* Output goes to the sink, or is held. */
static void
put_out(const char *p, size_t n)
{
	if (g.held_levels != 0 && !g.held_through && !g.hold_cut) {
		if (hold_add(g.held, p, n) == 0)
			return;
		hold_overflow();
	}
	if (sink_write(g.sink, p, n) < 0)
		write_failed();
}

/* One entry of a committed batch; returns 0 if its output is kept. */
static int
commit_entry(struct batch *b, struct entry *e)
{
	struct loc loc = { b->text.p + e->file, NULL, e->line, 0 };
	const char *line = b->text.p + e->off;
	uint64_t dropped, written;

	if (e->member != NO_MEMBER)
		loc.member = b->text.p + e->member;
	member_seen(b, e);
	switch (e->kind) {
	case E_FAILED:
		if (g.progress)
			progress_end();
		fprintf(stderr, "cfecs: %s: %.*s\n", shown(loc.file), (int)e->len,
		    line);
		g.total.files++;
		g.total.failed++;
		g.status = EXIT_DATA;
		if (g.strict)
			g.stop = 1;
		return 0;
	case E_END:
		return 0;
	case E_VERIFIED:
		if (g.held_levels == 1u << e->code)
			hold_release_all();
		return 0;
	case E_NOTE:
		report(&loc, "%.*s", (int)e->len, line);
		return 0;
	case E_OWN_OUTPUT:
		/* An earlier run's output in the tree: not a failure. */
		report_at(1, &loc, "skipped: cfecs output (ECS events), not "
		    "Logpush records");
		return 0;
	case E_WARNING:
		/* Not a record lost, but not a file done: --check and
		 * --strict fail on it, --state leaves it to be read again. */
		g.op.no_records++;
		report_at(1, &loc, "%.*s%s", (int)e->len, line,
		    g.state != NULL ? "; not recorded as done" : "");
		if (g.check || g.strict)
			g.status = EXIT_DATA;
		if (g.strict)
			g.stop = 1;
		return 0;
	case E_ERROR:
		/* Events before damage may be damaged too: those held are
		 * not written; say how many, and how many were. */
		g.status = EXIT_DATA;
		g.op.read_errors++;
		dropped = hold_drop_all();
		written = loc.member != NULL ? g.cm_events : g.op.converted;
		written = loc.member == NULL || written < dropped ? written :
		    written - dropped;
		if (dropped > 0)
			report_at(1, &loc, "%.*s; %" PRIu64 " events held until "
			    "verified, not written; %" PRIu64 " events of this "
			    "%s already written", (int)e->len, line, dropped,
			    written, loc.member != NULL ? "member" : "file");
		else
			report_at(1, &loc, "%.*s; %" PRIu64 " events of this %s "
			    "already written", (int)e->len, line, written,
			    loc.member != NULL ? "member" : "file");
		if (g.strict)
			g.stop = 1;
		return 0;
	case E_REJECT:
		g.op.read++;
		reject_record(e->code == IN_TOO_LONG ? R_LONG : R_CUT,
		    b->notes.p + e->why, line, e->len, &loc);
		return 0;
	case E_LINE:
		break;
	}
	g.op.read++;
	if (e->code == MAP_BAD_JSON || e->code == MAP_NOT_OBJECT) {
		reject_record(e->code == MAP_BAD_JSON ? R_JSON : R_OBJECT,
		    b->notes.p + e->why, line, e->len, &loc);
		return 0;
	}
	if (e->code == MAP_UNKNOWN && g.strict) {
		reject_record(R_UNKNOWN, "dataset not recognised", line, e->len,
		    &loc);
		return -1;
	}
	if (e->checked > 0 && g.hold_max > 0) {
		hold_begin(e);
		if (g.held_lines != NULL && !g.held_through &&
		    (hold_add(g.held_lines, line, e->len) != 0 ||
		    hold_add(g.held_lines, "\n", 1) != 0))
			fatalx("cannot hold a rejected line");
	}
	if (e->marks & MARK_OUTSIDE) {
		g.op.outside++;
		return 0;
	}
	if (e->facts > 0 && g.corr != NULL)
		commit_facts(b->notes.p + e->facts - 1);
	g.op.converted++;
	g.cm_events++;
	g.op.unknown += e->code == MAP_UNKNOWN;
	g.op.alerts += e->alert;
	g.op.bytes_out += e->out_len;
	if (g.check && e->code == MAP_UNKNOWN) {
		g.status = EXIT_DATA;
		report(&loc, "dataset not recognised");
	}
	if (e->not_ecs) {
		g.op.not_ecs++;
		g.status = EXIT_DATA;
		report(&loc, "not valid ECS: %s", b->notes.p + e->why);
	}
	g.op.no_id += (e->marks & MARK_NO_ID) != 0;
	if (e->marks & MARK_INCOMPLETE) {
		g.op.incomplete++;
		report(&loc, "%s", b->notes.p + e->detect_why);
	}
	if (e->marks & MARK_TIME) {
		g.op.no_time++;
		if (g.check) {
			g.status = EXIT_DATA;
			report(&loc, "no readable time: %s",
			    b->notes.p + e->time_why);
		}
	}
	return 0;
}

static void	finish_operand(void *);
static void	end_held(void *);

/*
 * Write out[from..to) of a batch: as it is, or with -z as the member a
 * worker made when the range is one of its segments (*k: the next
 * segment), else (--strict stopped inside a segment) compressed here.
 */
static void
write_events(struct batch *b, size_t from, size_t to, size_t *k)
{
	const char *p = b->out.p + from;
	size_t n = to - from, gz_from;

	if (n == 0 || g.check)
		return;
	if (g.gzip) {
		while (*k < b->nseg && b->seg[*k].out_end < to)
			(*k)++;
		gz_from = *k > 0 ? b->seg[*k - 1].gz_end : 0;
		if (*k < b->nseg && b->seg[*k].out_end == to &&
		    (*k == 0 ? 0 : b->seg[*k - 1].out_end) == from) {
			p = b->gz.p + gz_from;
			n = b->seg[*k].gz_end - gz_from;
		} else {
			g.zout.len = 0;
			gz_member(g.z, &g.zout, p, n);
			p = g.zout.p;
			n = g.zout.len;
		}
	}
	put_out(p, n);
}

static void
commit_batch(struct batch *b)
{
	size_t i = 0, done = 0, keep = 0, k = 0;

	g.cm_batch = NULL;	/* batches are reused */
	busy = 1;
	/* Once --strict has stopped, the rest is dropped. */
	for (; i < b->n && !g.stop; i++) {
		if (hold_turns(&b->e[i])) {
			/* What came before goes where it was going. */
			write_events(b, done, keep, &k);
			done = keep;
		}
		if (commit_entry(b, &b->e[i]) < 0) {
			i++;
			break;
		}
		keep += b->e[i].out_len;
		if (b->e[i].kind == E_END) {
			/* The operand's events go out before its end is told. */
			write_events(b, done, keep, &k);
			done = keep;
			end_held(b->e[i].tag);
			finish_operand(b->e[i].tag);
		}
	}
	write_events(b, done, keep, &k);
	if (g.stop)
		(void)hold_drop_all();	/* --strict writes nothing unverified */
	for (; i < b->n; i++)		/* summaries still, as without batches */
		if (b->e[i].kind == E_END)
			finish_operand(b->e[i].tag);
	busy = 0;
	if (caught)
		finish_and_die(caught);
	if (g.progress)
		progress_update(g.files_done, g.total.read + g.op.read,
		    g.bytes_done + g.op_bytes, g.json_done);
}

/* Reader side: lines and the reader's own messages go into the batch. */
static struct entry *
add_entry(enum entry_kind kind, const char *p, size_t n, const struct loc *loc)
{
	struct batch *b = pool_batch(g.pool);
	struct entry *e;

	/* b->n == 0: a batch just (re)started, whatever its address. */
	if (g.file_batch != b || g.file_seq != g.opseq || b->n == 0) {
		/* So does the operand's: batches run across operands. */
		g.file_off = b->text.len;
		wb_raw(&b->text, loc->file, strlen(loc->file) + 1);
		g.file_batch = b;
		g.file_seq = g.opseq;
	}
	if (loc->member != NULL && (g.member_batch != b || b->n == 0 ||
	    strcmp(loc->member, b->text.p + g.member_off) != 0)) {
		/* The member name travels with the batch. */
		g.member_off = b->text.len;
		wb_raw(&b->text, loc->member, strlen(loc->member) + 1);
		g.member_batch = b;
	}
	e = batch_add(b, kind, p, n);
	e->line = loc->line;
	e->offset = loc->offset;
	e->no_path = g.no_path;
	e->hint = g.hint;
	e->file = g.file_off;
	if (loc->member != NULL)
		e->member = g.member_off;
	return e;
}

/* After a batch is handed over: the next one (without workers, the same
 * one, emptied) carries the names afresh. */
static void
submit(void)
{
	pool_submit(g.pool);
	g.member_batch = NULL;
	g.file_batch = NULL;
}

static int
on_line(void *arg, const char *p, size_t n, const struct loc *loc)
{
	(void)arg;
	g.json_done += n + 1;
	add_entry(E_LINE, p, n, loc)->checked = g.checked;
	if (batch_full(pool_batch(g.pool)))
		submit();
	return g.stop;
}

static int
on_reject(void *arg, enum input_reject r, const char *why, const char *p,
    size_t n, const struct loc *loc)
{
	struct batch *b;
	struct entry *e;

	(void)arg;
	e = add_entry(E_REJECT, p, n, loc);
	e->code = r;
	b = pool_batch(g.pool);
	e->why = b->notes.len;
	wb_raw(&b->notes, why, strlen(why) + 1);
	submit();
	return g.stop;
}

static void
on_error(void *arg, const struct loc *loc, const char *msg)
{
	(void)arg;
	add_entry(E_ERROR, msg, strlen(msg), loc);
	submit();
}

static void
on_warning(void *arg, const struct loc *loc, const char *msg)
{
	(void)arg;
	add_entry(E_WARNING, msg, strlen(msg), loc);
}

static void
on_checked(void *arg, int level)
{
	(void)arg;
	g.checked = level;
}

static void
on_verified(void *arg, int level)
{
	struct loc loc = { g.name, NULL, 0, 0 };

	(void)arg;
	add_entry(E_VERIFIED, "", 0, &loc)->code = level;
}

static void
on_own_output(void *arg, const struct loc *loc)
{
	(void)arg;
	add_entry(E_OWN_OUTPUT, "", 0, loc);
}

static void
on_skip(void *arg, const struct loc *loc, const char *msg)
{
	(void)arg;
	if (!g.verbose)
		return;
	add_entry(E_NOTE, msg, strlen(msg), loc);
}

static void
on_bytes(void *arg, uint64_t n)
{
	(void)arg;
	g.op_bytes = n;
}

/* Input stalls (a slow pipe): write out what is converted so far. */
static void
on_idle(void *arg)
{
	(void)arg;
	pool_drain(g.pool);
	g.member_batch = NULL;
	g.file_batch = NULL;
}

/* A path component that names a dataset ("logs/gateway_dns/2024..."). */
static const struct dataset *
path_hint(const char *path)
{
	const struct dataset *ds, *found = NULL;
	char part[64];
	const char *p = path, *q;
	size_t n;

	while (*p != '\0') {
		q = strchr(p, '/');
		n = q != NULL ? (size_t)(q - p) : strlen(p);
		if (q != NULL && n > 0 && n < sizeof(part)) {
			memcpy(part, p, n);
			part[n] = '\0';
			if ((ds = map_dataset_by_name(part)) != NULL)
				found = ds;	/* the deepest one wins */
		}
		if (q == NULL)
			break;
		p = q + 1;
	}
	return found;
}

static void
on_member(void *arg, const struct loc *loc)
{
	const struct dataset *ds;

	(void)arg;
	g.member_batch = NULL;
	g.hint = g.file_hint;
	if (loc->member != NULL && (ds = path_hint(loc->member)) != NULL)
		g.hint = ds;
}

static const struct input_cb callbacks = {
	NULL, on_member, on_line, on_reject, on_error, on_idle, on_bytes,
	on_skip, on_warning, on_own_output, on_checked, on_verified
};

/* ---- operands ---- */

static void
add_stats(struct stats *to, const struct stats *s)
{
	int r;

	to->read += s->read;
	to->converted += s->converted;
	to->unknown += s->unknown;
	to->not_ecs += s->not_ecs;
	for (r = 0; r < R_COUNT; r++)
		to->rejected[r] += s->rejected[r];
	to->bytes_in += s->bytes_in;
	to->bytes_out += s->bytes_out;
	to->read_errors += s->read_errors;
	to->files += s->files;
	to->failed += s->failed;
	to->no_time += s->no_time;
	to->no_id += s->no_id;
	to->alerts += s->alerts;
	to->no_records += s->no_records;
	to->outside += s->outside;
	to->incomplete += s->incomplete;
}

static uint64_t
rejected(const struct stats *s)
{
	uint64_t n = 0;
	int r;

	for (r = 0; r < R_COUNT; r++)
		n += s->rejected[r];
	return n;
}

static void
print_stats(const char *name, const struct stats *s)
{
	int r;

	fprintf(stderr, "cfecs: %s: %" PRIu64 " read, %" PRIu64 " converted, %"
	    PRIu64 " rejected", shown(name), s->read, s->converted,
	    rejected(s));
	for (r = 0; r < R_COUNT; r++)
		if (s->rejected[r] > 0)
			fprintf(stderr, " (%s %" PRIu64 ")", reason_name[r],
			    s->rejected[r]);
	fprintf(stderr, ", %" PRIu64 " unknown dataset", s->unknown);
	if (g.check)
		fprintf(stderr, ", %" PRIu64 " not valid ECS", s->not_ecs);
	if (s->no_time > 0)
		fprintf(stderr, ", %" PRIu64 " without a readable time",
		    s->no_time);
	if (g.range)
		fprintf(stderr, ", %" PRIu64 " outside --from/--to",
		    s->outside);
	if (s == &g.total)
		fprintf(stderr, ", %" PRIu64 " read error%s, %" PRIu64
		    " file%s, %" PRIu64 " failed", s->read_errors,
		    s->read_errors == 1 ? "" : "s", s->files,
		    s->files == 1 ? "" : "s", s->failed);
	else if (s->read_errors > 0)
		fprintf(stderr, ", %" PRIu64 " read error%s", s->read_errors,
		    s->read_errors == 1 ? "" : "s");
	if (s->no_records > 0)
		fprintf(stderr, ", %" PRIu64 " without records", s->no_records);
	if (g.detect != NULL || g.ioc != NULL)
		fprintf(stderr, ", %" PRIu64 " alerts", s->alerts);
	if (g.detect != NULL)
		fprintf(stderr, ", %" PRIu64 " not fully evaluated",
		    s->incomplete);
	fprintf(stderr, ", %" PRIu64 " bytes in, %" PRIu64 " bytes out\n",
	    s->bytes_in, s->bytes_out);
}

/* The state file could not be read or written: say which file it is. */
static void
state_failed(void)
{
	struct stat st;
	int error = errno;
	const char *why = strerror(error);

	if (g.progress)
		progress_end();
	if (stat(g.state_path, &st) == 0 && !S_ISREG(st.st_mode))
		why = S_ISDIR(st.st_mode) ? "is a directory" :
		    "not a regular file";
	else if (error == EINVAL)
		why = "not a cfecs state file (its first line is not "
		    "'# cfecs state v1')";
	errx(EXIT_FATAL, "state file %s: %s", shown(g.state_path), why);
}

/*
 * Events without a readable time are kept and marked (error.type); one
 * warning per file says how many, and where --bulk puts them.
 */
static void
warn_no_time(const char *name, uint64_t n)
{
	struct loc loc = { name, NULL, 0, 0 };
	struct map_info none = { 0 };
	static const struct dataset any = { .name = "*" };	/* %D */
	char index[512];
	size_t k;

	if (g.bulk == NULL) {
		report(&loc, "%" PRIu64 " event%s without a readable time: "
		    "kept, error.type says why", n, n == 1 ? "" : "s");
		return;
	}
	k = index_name(g.bulk, &none, &any, index, sizeof(index));
	report(&loc, "%" PRIu64 " event%s without a readable time: "
	    "kept, error.type says why; without @timestamp, in index %.*s", n,
	    n == 1 ? "" : "s", (int)k, index);
}

/* What the end of an operand needs once its events are written. */
struct opend {
	int		 read_all;	/* read to its end */
	uint64_t	 bytes_in;
	struct stat	 st;		/* --state: record it as done */
	char		*path;		/* NULL: nothing to record */
	char		 name[];
};

/* The operand's end: read whole, whatever it still holds is sound. */
static void
end_held(void *arg)
{
	const struct opend *o = arg;

	if (o->read_all)
		hold_release_all();
	else
		(void)hold_drop_all();
}

/*
 * Main side, in input order, after the operand's last event is written:
 * its summary, the totals, and with --state the record that it is done.
 */
static void
finish_operand(void *arg)
{
	struct opend *o = arg;
	int no_records = g.op.no_records > 0;

	g.op.bytes_in = o->bytes_in;
	g.op.files = 1;
	g.op.failed = !o->read_all;
	if (g.op.no_time > 0 && !g.check)
		warn_no_time(o->name, g.op.no_time);
	if (g.verbose || g.stats) {
		if (g.progress)
			progress_end();
		print_stats(o->name, &g.op);
	}
	add_stats(&g.total, &g.op);
	memset(&g.op, 0, sizeof(g.op));
	free(g.cm_name);	/* a member of the next file counts afresh */
	g.cm_name = NULL;
	g.files_done++;
	g.bytes_done += o->bytes_in;
	if (o->read_all && !g.stop && o->path != NULL && !no_records) {
		/* Events go out unbuffered, and reach the disk before the
		 * file counts as done: after a power loss the state never
		 * lists a file whose events are lost. */
		if (!g.check && sink_sync(g.sink) < 0)
			write_failed();
		if (state_record(g.state, o->path, &o->st) < 0)
			state_failed();
		g.state_done_bytes = sink_bytes(g.sink);
	}
	free(o->path);
	free(o);
}

/*
 * Read one open operand into batches.  Its end travels as an entry, so
 * the next operand need not wait for this one's conversion (pipelined);
 * otherwise (messages in step with --verbose, --strict, --state) wait
 * here until everything is written.  st: with --state, the file to
 * record once converted.
 */
static void
convert_fd(int fd, const char *name, const struct stat *st)
{
	struct opend *o = xcalloc(1, sizeof(*o) + strlen(name) + 1);
	struct loc loc = { name, NULL, 0, 0 };
	struct entry *e;
	int r;

	strcpy(o->name, name);
	/* Standard input is never recorded: a graceful stop would only
	 * wait for it. */
	graceful = g.state != NULL && st != NULL;
	g.no_path = st == NULL;
	g.opseq++;
	g.name = name;
	g.op_bytes = 0;
	g.file_hint = g.hint = st != NULL ? path_hint(name) : NULL;
	if ((r = input_read(fd, name, &g.in, &callbacks, &o->bytes_in)) < 0)
		g.status = EXIT_DATA;
	o->read_all = r == 0;
	if (st != NULL && g.state != NULL) {
		o->st = *st;
		o->path = xstrdup(name);
	}
	e = add_entry(E_END, "", 0, &loc);
	e->tag = o;
	if (!g.pipelined)
		pool_drain(g.pool);
	else if (batch_full(pool_batch(g.pool)))
		submit();
	g.member_batch = NULL;
	g.file_batch = NULL;
	g.op_bytes = 0;
}

static void convert_path(const char *, int);

/* An operand that cannot be read at all: say so, and --strict stops. */
static void
operand_failed(const char *path, int error, const char *why)
{
	struct loc loc = { path, NULL, 0, 0 };

	if (g.counting)
		return;
	if (g.pipelined) {
		/* In its place among the messages about records. */
		g.opseq++;
		if (why == NULL)
			why = strerror(error);
		add_entry(E_FAILED, why, strlen(why), &loc);
		return;
	}
	if (g.progress)
		progress_end();
	if (why != NULL)
		warnx("%s: %s", shown(path), why);
	else {
		errno = error;
		warn("%s", shown(path));
	}
	g.total.files++;
	g.total.failed++;
	g.status = EXIT_DATA;
	if (g.strict)
		g.stop = 1;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every entry below a directory, in byte order (not the locale's). */
static void
convert_dir(const char *path)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL, *full;
	size_t n = 0, cap = 0, i, len;

	if ((d = opendir(path)) == NULL) {
		operand_failed(path, errno, NULL);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), name_cmp);
	len = strlen(path);
	for (i = 0; i < n && !g.stop && !stopping; i++) {
		full = xmalloc(len + strlen(names[i]) + 2);
		sprintf(full, "%s%s%s", path,
		    len > 0 && path[len - 1] == '/' ? "" : "/", names[i]);
		convert_path(full, 1);
		free(full);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Is st a file this run writes (standard output, -o, --rejects, --state)? */
static int
is_output(const struct stat *st)
{
	struct stat sst;
	int i;

	/* The state file may appear during the run. */
	if (g.state_path != NULL && !g.outputs[2].set &&
	    stat(g.state_path, &sst) == 0 && S_ISREG(sst.st_mode)) {
		g.outputs[2].set = 1;
		g.outputs[2].dev = sst.st_dev;
		g.outputs[2].ino = sst.st_ino;
	}
	for (i = 0; i < 3; i++)
		if (g.outputs[i].set && g.outputs[i].dev == st->st_dev &&
		    g.outputs[i].ino == st->st_ino)
			return 1;
	return 0;
}

/* -v: why a file found in a walk is not read. */
static void
skipped(const char *path, const char *why)
{
	if (!g.verbose || g.counting)
		return;
	if (g.progress)
		progress_end();
	warnx("%s: skipped: %s", shown(path), why);
}

/*
 * One operand.  below: found while walking a directory, where symbolic
 * links to directories are not followed (no loops), Cloudflare's
 * ownership-challenge files are skipped, and so is anything that is not
 * a regular file (a FIFO or a device would block the walk forever).
 */
static void
convert_path(const char *path, int below)
{
	struct stat st, lst;
	int fd;

	if (stopping)
		return;		/* a graceful stop reads no new file */
	if (below && input_not_a_log(path)) {
		skipped(path, "not a log file");
		return;
	}
	if ((below ? lstat(path, &st) : stat(path, &st)) < 0 ||
	    (below && S_ISLNK(st.st_mode) && stat(path, &st) < 0)) {
		operand_failed(path, errno, NULL);
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		if (below && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
			skipped(path, "symbolic link to a directory, "
			    "not followed");
		else if (g.recursive)
			convert_dir(path);
		else
			operand_failed(path, 0, "is a directory (use -r)");
		return;
	}
	if (below && !S_ISREG(st.st_mode)) {
		skipped(path, "not a regular file");
		return;
	}
	/* Reading what is being written would never end. */
	if (S_ISREG(st.st_mode) && is_output(&st)) {
		operand_failed(path, 0, "input file is also the output");
		return;
	}
	if (g.counting) {
		g.files_total++;
		g.bytes_total += (uint64_t)st.st_size;
		return;
	}
	if (g.state != NULL && state_seen(g.state, path, &st)) {
		skipped(path, "converted before (--state)");
		return;
	}
	/* A link to a file read already (the walk meets its target too);
	 * an operand named twice is read twice, as asked. */
	if (S_ISREG(st.st_mode) && seen_add(g.seen, st.st_dev, st.st_ino) &&
	    below) {
		skipped(path, "same file as one read before");
		return;
	}
	if ((fd = open(path, O_RDONLY)) < 0) {
		operand_failed(path, errno, NULL);
		return;
	}
	/* What is read, and recorded by --state, is the file opened, even
	 * if the path has been replaced since the stat above. */
	if (fstat(fd, &st) < 0) {
		operand_failed(path, errno, NULL);
		close(fd);
		return;
	}
	/* A decoding thread pays off only when there is much to decode. */
	g.in.threads = g.jobs > 1 && (!S_ISREG(st.st_mode) ||
	    st.st_size >= SMALL_FILE);
	convert_fd(fd, path, &st);
	g.in.threads = g.jobs > 1;
	close(fd);
}

/* Standard input, unless it is the output ("cfecs < f >> f"). */
static void
convert_stdin(void)
{
	struct stat st;

	if (fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode) &&
	    is_output(&st))
		operand_failed("<stdin>", 0, "input file is also the output");
	else
		convert_fd(STDIN_FILENO, "<stdin>", NULL);
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

static void
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

static void
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
static void
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

/*
 * --rules, --detect: load and compile the rules before any input is read
 * (after map_init: field names resolve through the mapper).  A broken or
 * unsupported rule is a warning; --strict makes it fatal.
 */
static struct map_stage detect_st;

/* The correlation stage, when some correlation rule is linked. */
static void
setup_correlation(void)
{
	struct corr *const *c;
	size_t n, i, live = 0;

	c = detect_correlations(g.detect, &n);
	for (i = 0; i < n; i++)
		live += c[i]->ref_corr != NULL;
	if (live == 0 && !g.summary && g.report_path == NULL)
		return;
	g.corr = corr_new(c, n, g.corr_bytes ? g.corr_bytes : (size_t)1 << 30,
	    g.map.time_digits, detect_rule_fields, detect_rule_name, g.detect);
	if (g.summary || g.report_path != NULL) {
		g.sum = summary_new(detect_rule_title, g.detect,
		    g.report_path != NULL);
		corr_set_summary(g.corr, g.sum);
	}
	if (live > 0 && g.state_path != NULL && !g.quiet)
		warnx("--state: files recorded as done are not read again, so "
		    "correlation rules do not see their events");
}

/* A correlation's alert, in order, at the end of input. */
static void
emit_correlation(void *arg, int64_t ts, const char *line, size_t n)
{
	struct map_info info;
	struct wbuf *out = arg;

	if (g.bulk != NULL) {
		memset(&info, 0, sizeof(info));
		info.has_time = 1;
		info.time = ts;
		/* The alert's own fingerprint: a second load overwrites it. */
		info.idlen = corr_fingerprint(line, n, info.id);
		bulk_action(&work_conf, out, &info, NULL);
	}
	wb_raw(out, line, n);
	g.total.alerts++;
}

/* After the input: the correlations' alerts go out like events. */
static void
finish_correlation(void)
{
	struct wbuf out;
	size_t k = 0, n;

	if (g.corr == NULL)
		return;
	wb_init(&out, 64 * 1024);
	n = corr_finish(g.corr, emit_correlation, &out);
	if (g.stats)
		fprintf(stderr, "cfecs: correlation: %zu alert%s from %zu "
		    "events held in %zu MiB\n", n, n == 1 ? "" : "s",
		    corr_facts(g.corr), (corr_bytes(g.corr) + (1 << 20) - 1) >> 20);
	if (out.len > 0 && !g.check) {
		if (g.gzip) {
			g.zout.len = 0;
			gz_member(g.z, &g.zout, out.p, out.len);
			k = sink_write(g.sink, g.zout.p, g.zout.len) < 0;
		} else
			k = sink_write(g.sink, out.p, out.len) < 0;
		if (k)
			write_failed();
	}
	wb_free(&out);
	if (corr_dropped(g.corr) > 0)
		g.status = EXIT_DATA;
	if (corr_untimed(g.corr) > 0 && !g.quiet)
		warnx("correlation rules: %" PRIu64 " matching event%s without "
		    "@timestamp, in no window", corr_untimed(g.corr),
		    corr_untimed(g.corr) == 1 ? "" : "s");
	corr_free(g.corr);
	g.corr = NULL;
}

/* --summary: a table on standard error, or JSON to the file named. */
static void
write_summary(void)
{
	FILE *f;

	if (g.sum == NULL)
		return;
	if (g.summary && g.summary_path == NULL) {
		if (g.progress)
			progress_end();
		summary_table(g.sum, stderr);
	} else if (g.summary && ((f = fopen(g.summary_path, "w")) == NULL ||
	    summary_json(g.sum, f) < 0 || fclose(f) == EOF))
		err(EXIT_FATAL, "%s", shown(g.summary_path));
	if (g.report_path != NULL && ((f = fopen(g.report_path, "w")) == NULL ||
	    summary_html(g.sum, f) < 0 || fclose(f) == EOF))
		err(EXIT_FATAL, "%s", shown(g.report_path));
	summary_free(g.sum);
	g.sum = NULL;
}

static void
setup_detection(void)
{
	size_t i;

	g.detect = detect_new(g.quiet);
	detect_set_say(g.detect, say);
	detect_options(g.detect, g.min_level, g.all_status,
	    g.summary || g.report_path != NULL);
	for (i = 0; i < g.nlogsources; i++)
		if (detect_logsource(g.detect, g.logsources[i]) < 0)
			usage_error("--logsource %s: not CATEGORY=DATASET with "
			    "a dataset cfecs maps (--list-datasets)",
			    shown(g.logsources[i]));
	if (g.builtin && detect_load_builtin(g.detect) < 0)
		exit(EXIT_FATAL);	/* --detect without its rules is no run */
	for (i = 0; i < g.nrules; i++) {
		/* A mistyped path would hunt with no rules and find nothing. */
		if (access(g.rules[i], R_OK) < 0)
			err(EXIT_FATAL, "%s", shown(g.rules[i]));
		detect_load(g.detect, g.rules[i]);
	}
	if (g.strict && detect_problems(g.detect) > 0)
		errx(EXIT_FATAL, "rules: %zu problem%s (--strict)",
		    detect_problems(g.detect),
		    detect_problems(g.detect) == 1 ? "" : "s");
	if (g.list_rules) {
		detect_list(g.detect, stdout, g.verbose);
		if (fflush(stdout) == EOF || ferror(stdout))
			err(EXIT_FATAL, "write error");
		detect_free(g.detect);
		exit(0);
	}
	detect_stage(g.detect, &detect_st);
	setup_correlation();
	if (g.stats && detect_never(g.detect) > 0)
		fprintf(stderr, "cfecs: rules: %zu loaded, %zu loaded with "
		    "values that can never match, %zu skipped\n",
		    detect_loaded(g.detect), detect_never(g.detect),
		    detect_skipped(g.detect));
	else if (g.stats)
		fprintf(stderr, "cfecs: rules: %zu loaded, %zu skipped\n",
		    detect_loaded(g.detect), detect_skipped(g.detect));
}

/* The stages after mapping, in order: enrichment, GeoIP, detection. */
static void
setup_stages(void)
{
	static const struct map_stage *stages[8];
	struct ioc_opts io = { g.quiet, g.strict, say, g.verbose, g.ioc_any_time };
	size_t n = 0, i;

	if (!g.no_enrich)
		stages[n++] = enrich_stage(g.ua_regexes);
	if ((stages[n] = geoip_stage()) != NULL)
		n++;
	if (g.nrules > 0 || g.builtin)
		stages[n++] = &detect_st;	/* filled in after map_init */
	if (g.nioc > 0) {
		g.ioc = ioc_new(&io);
		for (i = 0; i < g.nioc; i++)
			if (ioc_load_file(g.ioc, g.ioc_files[i]) < 0)
				exit(EXIT_FATAL);
		ioc_finish(g.ioc);
		stages[n++] = ioc_stage(g.ioc);
	}
	g.map.stages = n > 0 ? stages : NULL;
}

/* --stats: what the stages loaded and found. */
static void
stage_stats(void)
{
	struct ioc_stats s;
	unsigned long long hits, not_run;

	if (g.detect != NULL && (g.stats || g.verbose)) {
		hits = detect_limit_hits(g.detect, &not_run);
		fprintf(stderr, "cfecs: rules: %llu regular expression limit "
		    "hit%s, %llu not run (time budget spent)\n", hits,
		    hits == 1 ? "" : "s", not_run);
	}
	if (g.ioc == NULL)
		return;
	ioc_get_stats(g.ioc, &s);
	if (g.stats || g.verbose)
		fprintf(stderr, "cfecs: ioc: %" PRIu64 " indicators loaded "
		    "whole, %" PRIu64 " in part, %" PRIu64 " skipped (%" PRIu64
		    " values), %" PRIu64 " events matched\n", s.whole, s.part,
		    s.skipped, s.values, s.matched);
	ioc_free(g.ioc);
	free(g.ioc_files);
}

/*
 * A progress line only for a person watching: stderr a terminal, no -q,
 * and the events not going to that same terminal (the line would run
 * into them).
 */
static void
start_progress(int argc, char *argv[])
{
	struct stat so, se;
	int i;

	if (g.quiet || !isatty(STDERR_FILENO))
		return;
	if (!g.check && g.output == NULL && isatty(STDOUT_FILENO) &&
	    fstat(STDOUT_FILENO, &so) == 0 && fstat(STDERR_FILENO, &se) == 0 &&
	    so.st_rdev == se.st_rdev)
		return;
	g.progress = 1;
	g.counting = 1;
	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], "-") != 0)
			convert_path(argv[i], 0);
	g.counting = 0;
	progress_start(g.files_total, g.bytes_total);
	/* "cfecs -r dump | head": the line goes with the program. */
	signal(SIGPIPE, on_sigpipe);
}

/* --check: one line saying what failed, and the exit status says it too. */
static void
check_summary(void)
{
	const struct stats *s = &g.total;

	uint64_t failed = rejected(s) + s->unknown + s->not_ecs + s->no_time +
	    s->failed + s->no_records;

	fprintf(stderr, "cfecs: check: %" PRIu64 " records, %" PRIu64
	    " converted, %" PRIu64 " rejected, %" PRIu64 " unknown dataset, %"
	    PRIu64 " not valid ECS", s->read, s->converted, rejected(s),
	    s->unknown, s->not_ecs);
	if (s->no_time > 0)
		fprintf(stderr, ", %" PRIu64 " without a readable time",
		    s->no_time);
	if (s->failed > 0)
		fprintf(stderr, ", %" PRIu64 " file%s failed",
		    s->failed, s->failed == 1 ? "" : "s");
	if (s->no_records > 0)
		fprintf(stderr, ", %" PRIu64 " file%s without records",
		    s->no_records, s->no_records == 1 ? "" : "s");
	fprintf(stderr, ": %s\n", failed == 0 ? "ok" : "FAILED");
	if (failed > 0)
		g.status = EXIT_DATA;
}

/* Two identities: the same existing file? */
static int
same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/*
 * Before anything is opened for writing (and so truncated): no operand
 * may be an output file, and no two outputs may be the same file.
 */
static void
check_outputs(int argc, char *argv[])
{
	const char *out[3] = { g.output, g.rejects_path, g.state_path };
	static const char *const opt[3] = { "-o", "--rejects", "--state" };
	struct stat st, in;
	int i, k, j, stdin_read = argc == 0;

	for (k = 0; k < 2; k++) {
		if (out[k] == NULL)
			continue;
		for (i = 0; i < argc; i++)
			if (strcmp(argv[i], "-") == 0)
				stdin_read = 1;
			else if (stat(argv[i], &st) == 0 &&
			    S_ISREG(st.st_mode) && same_file(argv[i], out[k]))
				errx(EXIT_FATAL, "%s: input file is also the "
				    "output (%s): nothing written",
				    shown(argv[i]), opt[k]);
		/* "cfecs -o x.gz < x.gz" */
		if (stdin_read && fstat(STDIN_FILENO, &in) == 0 &&
		    S_ISREG(in.st_mode) && stat(out[k], &st) == 0 &&
		    in.st_dev == st.st_dev && in.st_ino == st.st_ino)
			errx(EXIT_FATAL, "<stdin>: input file is also the "
			    "output (%s): nothing written", opt[k]);
	}
	for (k = 0; k < 3; k++)
		for (j = k + 1; j < 3; j++)
			if (out[k] != NULL && out[j] != NULL &&
			    (strcmp(out[k], out[j]) == 0 ||
			    same_file(out[k], out[j])))
				errx(EXIT_FATAL, "%s: the same file for %s and "
				    "%s", shown(out[k]), opt[k], opt[j]);
}

/* Remember an output file by device and inode (regular files only). */
static void
note_output(int k, const char *path, int use_stdout)
{
	struct stat st;

	if (path == NULL || (use_stdout ? fstat(STDOUT_FILENO, &st) :
	    stat(path, &st)) < 0 || !S_ISREG(st.st_mode))
		return;
	g.outputs[k].set = 1;
	g.outputs[k].dev = st.st_dev;
	g.outputs[k].ino = st.st_ino;
}

static void
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	/* NODEFER: a second signal comes through while the handler writes. */
	sa.sa_flags = SA_RESTART | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_DFL);	/* "cfecs big.gz | head" ends quietly */
}

int
main(int argc, char *argv[])
{
	int i;

	/* getopt's messages name argv[0]: make it "cfecs", not a path. */
	if (argc > 0 && strrchr(argv[0], '/') != NULL)
		argv[0] = strrchr(argv[0], '/') + 1;
	parse_options(argc, argv);
	argc -= optind;
	argv += optind;
	if (g.print_template)
		print_template(argv);
	if (g.list_rules) {
		map_init(&g.map);
		setup_detection();
	}
	if (argc == 0 && isatty(STDIN_FILENO)) {
		warnx("standard input is a terminal; give a file or a pipe");
		usage(stderr, EXIT_FATAL);
	}
	setup_stages();
	map_init(&g.map);
	if (g.nrules > 0 || g.builtin)
		setup_detection();
	if (g.alerts_only && (g.detect == NULL || detect_loaded(g.detect) == 0) &&
	    (g.ioc == NULL || ioc_count(g.ioc) == 0))
		errx(EXIT_FATAL, "--alerts: no rule or indicator was loaded, so "
		    "nothing could match");
	work_conf = (struct work_conf){ .bulk = g.bulk, .bulk_op = g.bulk_op,
	    .alerts_only = g.alerts_only, .check = g.check,
	    .level = g.gzip && !g.check ? g.level : 0,
	    .provenance = !g.no_provenance, .range = g.range, .from = g.from,
	    .to = g.to, .correlate = g.corr != NULL };
	g.pool = pool_new(g.jobs > 1 ? g.jobs : 0, worker_new, worker_free,
	    convert_batch, commit_batch);
	if (g.check)
		g.output = NULL;	/* --check writes nothing, anywhere */
	check_outputs(argc, argv);
	if ((g.sink = sink_open(g.output)) == NULL)
		err(EXIT_FATAL, "%s", shown(g.output));
	if (g.gzip && !g.check) {
		/* An empty member first: valid gzip even if stopped at once. */
		g.z = gz_new(g.level);
		wb_init(&g.zout, 64 * 1024);
		gz_member(g.z, &g.zout, "", 0);
		if (sink_write(g.sink, g.zout.p, g.zout.len) < 0)
			write_failed();
	}
	if (g.rejects_path != NULL &&
	    (g.rejects = sink_open(g.rejects_path)) == NULL)
		err(EXIT_FATAL, "%s", shown(g.rejects_path));
	if (g.state_path != NULL &&
	    (g.state = state_load(g.state_path)) == NULL)
		state_failed();
	if (g.sink != NULL)
		g.state_done_bytes = sink_bytes(g.sink);
	if (!g.check)
		note_output(0, g.output != NULL ? g.output : "",
		    g.output == NULL);
	note_output(1, g.rejects_path, 0);
	catch_signals();
	start_progress(argc, argv);
	g.pipelined = !g.strict && !g.verbose && g.state == NULL;
	g.seen = seen_new();
	/* An output file that can be cut back (or /dev/null) needs no
	 * copy of what it holds. */
	g.hold_cut = g.sink != NULL && !g.check && sink_cuttable(g.sink);
	if (g.hold_max > 0) {
		/* --strict never writes an unverified event: past the bound,
		 * to a temporary file. */
		g.held = hold_new(g.hold_max, g.strict);
		if (g.rejects != NULL)
			g.held_lines = hold_new(g.hold_max, 1);
	}

	if (argc == 0)
		convert_stdin();
	for (i = 0; i < argc && !g.stop && !stopping; i++) {
		if (strcmp(argv[i], "-") == 0)
			convert_stdin();
		else
			convert_path(argv[i], 0);
	}

	pool_free(g.pool);
	seen_free(g.seen);
	hold_free(g.held);
	hold_free(g.held_lines);
	wb_free(&g.held_facts);
	finish_correlation();
	gz_free(g.z);
	wb_free(&g.zout);
	if (g.progress)
		progress_end();
	busy = 1;
	if (sink_close(g.sink) < 0)
		write_failed();
	if (g.rejects != NULL && sink_close(g.rejects) < 0)
		err(EXIT_FATAL, "write error on %s", shown(g.rejects_path));
	if (caught)
		die_of(caught);
	if (g.stats && g.total.files != 1)
		print_stats("total", &g.total);
	if (g.total.no_id > 0 && !g.quiet)
		warnx("--id-field %s: absent in %" PRIu64 " event%s; their _id "
		    "is the record's fingerprint", g.map.id_field,
		    g.total.no_id, g.total.no_id == 1 ? "" : "s");
	stage_stats();
	write_summary();
	if (g.check)
		check_summary();
	if (g.state != NULL)
		state_free(g.state);
	geoip_close();
	detect_free(g.detect);
	if (stopping)
		die_of(stopping);	/* a graceful stop, done */
	return g.status;
}
