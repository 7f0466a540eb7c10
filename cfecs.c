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
 *
 * This file is the program's entry: main, messages, signals, the stages
 * and the end of the run.  options.c parses the command line into g,
 * walk.c walks the operands, work.c is the workers' side and commit.c
 * the ordered commit; cfecs_int.h is what they share.
 */

#include <sys/stat.h>	/* stat(), S_ISDIR() */
#include <errno.h>	/* errno */
#include <inttypes.h>	/* PRIu64 */
#include <signal.h>	/* sigaction(), raise() */
#include <stdarg.h>	/* va_list for messages */
#include <stdio.h>	/* fprintf() */
#include <stdlib.h>	/* free(), exit() */
#include <string.h>	/* strlen(), strcmp() */
#include <unistd.h>	/* isatty(), write(), close() */

#include "correlate.h"
#include "detect.h"
#include "enrich.h"
#include "geoip.h"
#include "hold.h"
#include "ioc.h"
#include "progress.h"
#include "seen.h"
#include "state.h"
#include "summary.h"
#include "util.h"

#include "cfecs_int.h"

/* All program state: options, then the run (see cfecs_int.h). */
struct cfecs g;

volatile sig_atomic_t busy;		/* writing events */
volatile sig_atomic_t caught;		/* signal seen while busy */
volatile sig_atomic_t stopping;		/* --state: first signal */
volatile sig_atomic_t graceful;		/* ... may wait for the file */

/*
 * A name as messages show it: one line, whatever bytes it holds.
 * Backslash, newline and tab are escaped as in the state file (\\, \n,
 * \t), other control bytes as \ooo.  The result lasts until four more
 * calls (a message names at most a file and a member).
 */
const char *
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
void
stdout_done(void)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return;
	if (errno == EPIPE)
		exit(EXIT_FATAL);
	err(EXIT_FATAL, "write error");
}

/*
 * cfecs: FILE[(MEMBER)]:LINE: message.  -q silences messages about
 * records, not read errors (loud): a damaged file is never passed over
 * in silence.
 */
void
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


/* The message path for the stages (detect.c, ioc.c): msg_fn. */
static void
say(int loud, const char *file, unsigned long long line, const char *text)
{
	struct loc loc = { file, NULL, line, 0 };

	report_at(loud, &loc, "%s", text);
}

/* ---- output ---- */

void
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
void
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
