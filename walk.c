/*
 * cfecs operands: the reader's callbacks that fill batches, the walk of
 * files, directories (-r) and standard input, and each operand's end
 * (its counts, --state).
 */


#include <sys/stat.h>	/* stat(), S_ISDIR() */
#include <dirent.h>	/* opendir(), readdir() */
#include <errno.h>	/* errno */
#include <fcntl.h>	/* open() */
#include <inttypes.h>	/* PRIu64 */
#include <stdio.h>	/* fprintf() */
#include <stdlib.h>	/* free(), qsort() */
#include <string.h>	/* strlen(), strcmp() */
#include <unistd.h>	/* isatty(), write(), close() */

#include "detect.h"
#include "progress.h"
#include "seen.h"
#include "state.h"
#include "util.h"

#include "cfecs_int.h"

/* --stats and -v: the reasons as the counts name them. */
static const char *const reason_name[R_COUNT] = {
	"invalid-json", "not-an-object", "too-long", "cut-short",
	"unknown-dataset", "corrupt-member"
};

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

uint64_t
rejected(const struct stats *s)
{
	uint64_t n = 0;
	int r;

	for (r = 0; r < R_COUNT; r++)
		n += s->rejected[r];
	return n;
}

void
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
void
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
void
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
void
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
void
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
void
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
void
convert_stdin(void)
{
	struct stat st;

	if (fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode) &&
	    is_output(&st))
		operand_failed("<stdin>", 0, "input file is also the output");
	else
		convert_fd(STDIN_FILENO, "<stdin>", NULL);
}

