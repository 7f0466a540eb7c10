/*
 * state_test.c: unit tests of the --state file (state.c).
 *
 * Build: cc -I. -o tests/state_test tests/state_test.c state.c
 * Works in a fresh directory under $TMPDIR (or /tmp) and removes it.
 * Prints each failure, then "state: N passed, M failed"; exit 1 on any
 * failure.
 */
#include <sys/resource.h>	/* setrlimit(), RLIMIT_FSIZE */
#include <sys/stat.h>	/* struct stat, umask() */

#include <errno.h>	/* errno */
#include <signal.h>	/* signal(), SIGXFSZ */
#include <stdio.h>	/* printf(), fopen() */
#include <stdlib.h>	/* getenv(), mkdtemp() */
#include <string.h>	/* memset(), strcmp() */
#include <unistd.h>	/* unlink(), rmdir() */

#include "state.h"

static int passed, failed;
static char dir[256], file[300];

static void
result(int ok, const char *name)
{
	if (ok)
		passed++;
	else {
		failed++;
		printf("FAIL %s\n", name);
	}
}

static struct stat
mkstat(long long size, long long sec, long nsec)
{
	struct stat sb;

	memset(&sb, 0, sizeof(sb));
	sb.st_size = size;
	sb.st_mtim.tv_sec = sec;
	sb.st_mtim.tv_nsec = nsec;
	return sb;
}

static int
seen(const struct state *st, const char *path, long long size,
    long long sec, long nsec)
{
	struct stat sb = mkstat(size, sec, nsec);

	return state_seen(st, path, &sb);
}

static int
record(struct state *st, const char *path, long long size, long long sec,
    long nsec)
{
	struct stat sb = mkstat(size, sec, nsec);

	return state_record(st, path, &sb);
}

static void
write_file(const char *text)
{
	FILE *fp = fopen(file, "w");

	if (fp == NULL || fputs(text, fp) == EOF || fclose(fp) == EOF) {
		perror(file);
		exit(1);
	}
}

/* The file's text, at most size - 1 bytes. */
static void
read_file(char *buf, size_t size)
{
	FILE *fp = fopen(file, "r");
	size_t n = 0;

	if (fp != NULL) {
		n = fread(buf, 1, size - 1, fp);
		fclose(fp);
	}
	buf[n] = '\0';
}

static void
test_roundtrip(void)
{
	struct state *st;
	struct stat sb;
	char buf[256];

	unlink(file);
	st = state_load(file);
	result(st != NULL, "missing file is an empty state");
	if (st == NULL)
		return;
	result(!seen(st, "a.gz", 10, 1700000000, 5),
	    "empty state sees nothing");
	result(access(file, F_OK) == -1, "load does not create the file");
	result(record(st, "a.gz", 10, 1700000000, 5) == 0, "record a");
	result(record(st, "dir/b.gz", 0, 1700000001, 999999999) == 0,
	    "record b");
	result(seen(st, "a.gz", 10, 1700000000, 5), "a seen in memory");
	state_free(st);

	read_file(buf, sizeof(buf));
	result(strcmp(buf, "# cfecs state v1\n"
	    "10\t1700000000.000000005\ta.gz\n"
	    "0\t1700000001.999999999\tdir/b.gz\n") == 0, "file format");
	result(stat(file, &sb) == 0 && (sb.st_mode & 0777) == 0644,
	    "created 0666 & ~umask");

	st = state_load(file);
	result(st != NULL, "reload");
	if (st == NULL)
		return;
	result(seen(st, "a.gz", 10, 1700000000, 5), "a seen after reload");
	result(seen(st, "dir/b.gz", 0, 1700000001, 999999999),
	    "b seen after reload");
	result(!seen(st, "a.gz", 11, 1700000000, 5), "size changed");
	result(!seen(st, "a.gz", 10, 1700000001, 5), "mtime seconds changed");
	result(!seen(st, "a.gz", 10, 1700000000, 6), "mtime ns changed");
	result(!seen(st, "c.gz", 10, 1700000000, 5), "other path");
	result(!seen(st, "./a.gz", 10, 1700000000, 5),
	    "paths are not resolved");

	/* a later line overrides an earlier one */
	result(record(st, "a.gz", 20, 1700000100, 0) == 0, "record a again");
	result(!seen(st, "a.gz", 10, 1700000000, 5), "old a forgotten");
	state_free(st);
	st = state_load(file);
	result(st != NULL && seen(st, "a.gz", 20, 1700000100, 0) &&
	    !seen(st, "a.gz", 10, 1700000000, 5), "later line wins on reload");
	state_free(st);
}

static void
test_escapes(void)
{
	static const char *const paths[] = {
		"tab\there", "new\nline", "back\\slash", "back\\n not newline",
		"\\", "\n", "\t\t", "trailing\\", " spaces ",
		"\r\x01\x7f\xc3\xa9",
	};
	struct state *st;
	char buf[1024], *p;
	size_t i, n;
	int ok;

	unlink(file);
	st = state_load(file);
	if (st == NULL) {
		result(0, "escapes: load");
		return;
	}
	for (i = 0, ok = 1; i < sizeof(paths) / sizeof(paths[0]); i++)
		ok &= record(st, paths[i], (long long)i, 1000 + i, 0) == 0;
	result(ok, "record special paths");
	state_free(st);

	/* one line per record, two raw tabs per record line */
	read_file(buf, sizeof(buf));
	for (p = buf, n = 0, ok = 1; *p != '\0'; p++) {
		if (*p == '\n')
			n++;
	}
	result(n == 1 + sizeof(paths) / sizeof(paths[0]), "one line each");
	result(strstr(buf, "\ttab\\there\n") != NULL &&
	    strstr(buf, "\tnew\\nline\n") != NULL &&
	    strstr(buf, "\tback\\\\n not newline\n") != NULL,
	    "escaped in the file");

	st = state_load(file);
	if (st == NULL) {
		result(0, "escapes: reload");
		return;
	}
	for (i = 0, ok = 1; i < sizeof(paths) / sizeof(paths[0]); i++)
		ok &= seen(st, paths[i], (long long)i, 1000 + i, 0);
	result(ok, "special paths seen after reload");
	result(!seen(st, "back\nn not newline", 3, 1003, 0) &&
	    !seen(st, "back\\nn not newline", 3, 1003, 0),
	    "escapes are not confused");
	state_free(st);
}

static void
test_partial(void)
{
	struct state *st;
	char buf[512];

	/* a crash mid-write: the last line has no newline */
	write_file("# cfecs state v1\n"
	    "1\t100.000000000\tgood\n"
	    "5\t100.000000000\tpart");
	st = state_load(file);
	result(st != NULL, "partial: load");
	if (st == NULL)
		return;
	result(seen(st, "good", 1, 100, 0), "line before a partial one seen");
	result(!seen(st, "part", 5, 100, 0), "partial last line ignored");
	result(record(st, "next", 2, 200, 0) == 0, "record after partial");
	state_free(st);
	st = state_load(file);
	result(st != NULL && seen(st, "next", 2, 200, 0) &&
	    seen(st, "good", 1, 100, 0) && !seen(st, "part", 5, 100, 0),
	    "after partial: new line seen, cut-off path still not");
	state_free(st);
	read_file(buf, sizeof(buf));
	result(strstr(buf, "\tpart\t\n2\t200.000000000\tnext\n") != NULL,
	    "partial line ended as a malformed one");

	/* a crash while writing the header of a new file */
	write_file("# cfecs st");
	st = state_load(file);
	result(st != NULL, "partial header: load");
	if (st == NULL)
		return;
	result(record(st, "x", 1, 1, 0) == 0, "partial header: record");
	state_free(st);
	read_file(buf, sizeof(buf));
	result(strcmp(buf, "# cfecs state v1\n1\t1.000000000\tx\n") == 0,
	    "partial header replaced");

	/* an empty file */
	write_file("");
	st = state_load(file);
	result(st != NULL && record(st, "y", 1, 1, 0) == 0,
	    "empty file: load and record");
	state_free(st);
	read_file(buf, sizeof(buf));
	result(strcmp(buf, "# cfecs state v1\n1\t1.000000000\ty\n") == 0,
	    "empty file gets the header");
}

static void
test_malformed(void)
{
	struct state *st;

	write_file("# cfecs state v1\n"
	    "# a comment\n"
	    "\n"
	    "1\t100.00000000\tshort-ns\n"
	    "1\t100.0000000000\tlong-ns\n"
	    "1\t100\tno-ns\n"
	    "x\t100.000000000\tbad-size\n"
	    "-1\t100.000000000\tneg-size\n"
	    "1 \t100.000000000\tspace\n"
	    "1\t100.000000000\t\n"
	    "1\t100.000000000\tbad\\escape\n"
	    "1\t100.000000000\tend\\\n"
	    "1\t100.000000000\traw\ttab\n"
	    "99999999999999999999\t100.000000000\thuge\n"
	    "1\t100.000000000\n"
	    "1\t-100.000000001\tnegative-time\n"
	    "1\t100.000000000\tok\n");
	st = state_load(file);
	result(st != NULL, "malformed: load");
	if (st == NULL)
		return;
	result(seen(st, "ok", 1, 100, 0), "good line among bad ones");
	result(seen(st, "negative-time", 1, -100, 1), "pre-1970 mtime");
	result(!seen(st, "short-ns", 1, 100, 0) &&
	    !seen(st, "long-ns", 1, 100, 0) && !seen(st, "no-ns", 1, 100, 0) &&
	    !seen(st, "bad-size", 1, 100, 0) &&
	    !seen(st, "space", 1, 100, 0) && !seen(st, "", 1, 100, 0) &&
	    !seen(st, "bad\\escape", 1, 100, 0) &&
	    !seen(st, "badescape", 1, 100, 0) &&
	    !seen(st, "end\\", 1, 100, 0) && !seen(st, "raw\ttab", 1, 100, 0) &&
	    !seen(st, "raw", 1, 100, 0), "malformed lines ignored");
	state_free(st);

	/* not a state file: refuse it rather than append to it */
	write_file("{\"some\":\"data\"}\n");
	errno = 0;
	st = state_load(file);
	result(st == NULL && errno == EINVAL, "foreign file refused");
	state_free(st);
	write_file("# cfecs state v2\n1\t1.000000000\tv2\n");
	st = state_load(file);
	result(st == NULL && errno == EINVAL, "other version refused");
	state_free(st);
	write_file("# cfecs");
	st = state_load(file);
	result(st != NULL && !seen(st, "v2", 1, 1, 0), "partial header loads");
	state_free(st);
	write_file("#");
	st = state_load(file);
	result(st != NULL, "1-byte partial header loads");
	state_free(st);
	write_file("# cfecs state v1");
	st = state_load(file);
	result(st != NULL, "header without newline loads");
	state_free(st);
	write_file("# cfecs state v1x\n");
	st = state_load(file);
	result(st == NULL && errno == EINVAL, "longer header refused");
	state_free(st);
}

static void
test_errors(void)
{
	struct state *st;
	char path[400];

	/* a read error: the state is a directory */
	errno = 0;
	st = state_load(dir);
	result(st == NULL && errno == EISDIR, "directory: NULL, EISDIR");
	state_free(st);

	/* not a regular file */
	errno = 0;
	st = state_load("/dev/null");
	result(st == NULL && errno == EINVAL, "/dev/null: NULL, EINVAL");
	state_free(st);

	/* cannot create the file */
	snprintf(path, sizeof(path), "%s/no/such/dir", dir);
	st = state_load(path);
	result(st != NULL, "missing directory: empty state");
	if (st == NULL)
		return;
	errno = 0;
	result(record(st, "a", 1, 1, 0) == -1 && errno == ENOENT,
	    "record into a missing directory: -1, ENOENT");
	result(!seen(st, "a", 1, 1, 0), "failed record not remembered");
	state_free(st);
}

/* A write that fails half-way (file size limit) is taken back. */
static void
test_write_error(void)
{
	struct state *st;
	struct rlimit old, lim;
	struct stat sb;
	char buf[512];
	int rc, saved;

	unlink(file);
	st = state_load(file);
	if (st == NULL || record(st, "first", 1, 1, 0) == -1 ||
	    stat(file, &sb) == -1 || getrlimit(RLIMIT_FSIZE, &old) == -1) {
		result(0, "write error: setup");
		state_free(st);
		return;
	}
	signal(SIGXFSZ, SIG_IGN);
	lim = old;
	lim.rlim_cur = sb.st_size + 10;
	if (setrlimit(RLIMIT_FSIZE, &lim) == -1) {
		result(0, "write error: setrlimit");
		state_free(st);
		return;
	}
	errno = 0;
	rc = record(st, "a path longer than ten bytes", 2, 2, 0);
	saved = errno;
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, SIG_DFL);
	result(rc == -1 && saved == EFBIG, "write error: -1, EFBIG");
	result(stat(file, &sb) == 0 && (rlim_t)sb.st_size == lim.rlim_cur - 10,
	    "write error: partial line taken back");
	result(!seen(st, "a path longer than ten bytes", 2, 2, 0),
	    "write error: not remembered");
	result(record(st, "second", 3, 3, 0) == 0, "record after write error");
	state_free(st);
	read_file(buf, sizeof(buf));
	result(strcmp(buf, "# cfecs state v1\n1\t1.000000000\tfirst\n"
	    "3\t3.000000000\tsecond\n") == 0, "write error: file intact");
}

/*
 * 10000 entries written as cfecs would, but with stdio (10000 fsyncs take
 * half a minute on a disk), then 200 more through state_record().
 */
static void
test_many(void)
{
	struct state *st;
	char path[64];
	FILE *fp;
	int i, ok;

	if ((fp = fopen(file, "w")) == NULL) {
		result(0, "many: create");
		return;
	}
	fputs("# cfecs state v1\n", fp);
	for (i = 0; i < 10000; i++)
		fprintf(fp, "%d\t%d.%09d\tbucket/2024/%05d.log.gz\n", i * 7,
		    1700000000 + i, i, i);
	if (fclose(fp) == EOF) {
		result(0, "many: write");
		return;
	}
	st = state_load(file);
	if (st == NULL) {
		result(0, "many: load");
		return;
	}
	for (i = 0, ok = 1; i < 10000; i++) {
		snprintf(path, sizeof(path), "bucket/2024/%05d.log.gz", i);
		ok &= seen(st, path, i * 7, 1700000000 + i, i);
		ok &= !seen(st, path, i * 7 + 1, 1700000000 + i, i);
	}
	result(ok, "10000 loaded and seen");
	for (i = 10000, ok = 1; i < 10200; i++) {
		snprintf(path, sizeof(path), "bucket/2024/%05d.log.gz", i);
		ok &= record(st, path, i * 7, 1700000000 + i, i) == 0;
	}
	result(ok, "record 200 more");
	state_free(st);
	st = state_load(file);
	if (st == NULL) {
		result(0, "many: reload");
		return;
	}
	for (i = 0, ok = 1; i < 10200; i++) {
		snprintf(path, sizeof(path), "bucket/2024/%05d.log.gz", i);
		ok &= seen(st, path, i * 7, 1700000000 + i, i);
	}
	result(ok, "10200 seen after reload");
	result(!seen(st, "bucket/2024/10200.log.gz", 71400, 1700010200, 10200),
	    "10201st not seen");
	state_free(st);
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");

	umask(022);
	snprintf(dir, sizeof(dir), "%s/state_test.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		return 1;
	}
	snprintf(file, sizeof(file), "%s/state", dir);

	test_roundtrip();
	test_escapes();
	test_partial();
	test_malformed();
	test_errors();
	test_write_error();
	test_many();

	unlink(file);
	rmdir(dir);
	printf("state: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
