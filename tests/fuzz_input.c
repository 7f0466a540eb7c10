/*
 * fuzz_input.c: libFuzzer target for input_read() (and map_record() on
 * every line it hands out).  Input: a whole file: plain NDJSON, gzip,
 * tar, zip, garbage...  It is written to a memfd and read with
 * max_record 4096 (CFECS_FUZZ_MAX_RECORD overrides), so the cap paths
 * are reached.  Odd-sized inputs are decoded in a thread of their own
 * (input_opts.threads), even-sized ones inline.
 *
 * Invariants:
 *  - a line has no '\n', is not blank, and is at most max_record bytes;
 *    a rejected (too long / cut short) record is at most max_record;
 *  - line numbers of lines and rejects strictly increase within a
 *    member, and every line comes after a member callback;
 *  - input_read returns -1, 0 or 1; 1 only when a callback asked to stop
 *    (a line starting with "#stop" does), and then nothing follows;
 *  - never lose a record: when the input is plain NDJSON (it starts with
 *    '{"') or gzip (one or more members, nothing else) of such text, the
 *    lines and rejects must be exactly those of a simple reference
 *    splitter over the (decompressed) text;
 *  - each line through map_record, with fuzz_common.h's invariants.
 *
 * Mapper options: a fixed non-default set, so that this target covers
 * what fuzz_record does not with its defaults: keep_empty, original
 * (event.original), time_digits 9, ecs_version "8.11" (CFECS_FUZZ_OPTS
 * adds to them).
 */
#define _GNU_SOURCE		/* memfd_create() */
#include <sys/mman.h>

#include <unistd.h>
#include <zlib.h>

#include "fuzz_common.h"
#include "input.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define MAX_EXPECT	(8u << 20)	/* decompressed bytes the oracle handles */

/* One line or reject, as seen or as expected. */
struct ev {
	int		 reject;	/* 0 line, else 1 + enum input_reject */
	uint64_t	 line;
	size_t		 off, len;	/* bytes in the event's text pool */
};

struct evlist {
	struct ev	*v;
	size_t		 n, cap;
	char		*text;
	size_t		 tlen, tcap;
};

static struct {
	int		 fd;
	struct input_opts opts;
	/* per run */
	struct evlist	 got;
	int		 members;
	int		 errors;
	int		 in_member;
	int		 any_member_name;
	uint64_t	 last_line;
	uint64_t	 next_offset;	/* a line's offset is at least this */
	int		 stopped;
	uint64_t	 progress;	/* last on_bytes() */
	uint64_t	 size;		/* of the input */
} st;

static void
ev_add(struct evlist *l, int reject, uint64_t line, const char *p, size_t n)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		if ((l->v = realloc(l->v, l->cap * sizeof(*l->v))) == NULL)
			abort();
	}
	if (l->tcap - l->tlen < n) {
		while (l->tcap - l->tlen < n)
			l->tcap = l->tcap ? l->tcap * 2 : 4096;
		if ((l->text = realloc(l->text, l->tcap)) == NULL)
			abort();
	}
	if (n > 0)
		memcpy(l->text + l->tlen, p, n);
	l->v[l->n].reject = reject;
	l->v[l->n].line = line;
	l->v[l->n].off = l->tlen;
	l->v[l->n].len = n;
	l->tlen += n;
	l->n++;
}

static int
is_blank(const char *p, size_t n)
{
	while (n > 0 && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++, n--;
	return n == 0;
}

static int
is_stop(const char *p, size_t n)
{
	return n >= 5 && memcmp(p, "#stop", 5) == 0;
}

static void
check_loc(const struct loc *loc, const char *p, size_t n)
{
	FZ_CHECK(!st.stopped, "a callback after a stop request", p, n);
	FZ_CHECK(st.in_member, "a record before any member callback", p, n);
	FZ_CHECK(loc != NULL && loc->file != NULL, "no location", p, n);
	FZ_CHECK(loc->line > st.last_line,
	    "line numbers do not strictly increase", p, n);
	st.last_line = loc->line;
}

static void
on_member(void *arg, const struct loc *loc)
{
	(void)arg;
	FZ_CHECK(!st.stopped, "a member callback after a stop request", NULL, 0);
	FZ_CHECK(loc != NULL && loc->file != NULL && loc->line == 0,
	    "member callback with a line number", NULL, 0);
	if (loc->member != NULL)
		st.any_member_name = 1;
	st.members++;
	st.in_member = 1;
	st.last_line = 0;
	st.next_offset = 0;
}

static int
on_line(void *arg, const char *p, size_t n, const struct loc *loc)
{
	(void)arg;
	check_loc(loc, p, n);
	FZ_CHECK(memchr(p, '\n', n) == NULL, "a line holds a newline", p, n);
	FZ_CHECK(n <= st.opts.max_record, "a line longer than max_record", p, n);
	FZ_CHECK(n > 0 && !is_blank(p, n), "a blank line handed out", p, n);
	/* Lines follow one another in the stream: each starts past the end
	 * of the one before (its newline included). */
	FZ_CHECK(loc->offset >= st.next_offset,
	    "log.offset does not follow the line before", p, n);
	st.next_offset = loc->offset + n + 1;
	ev_add(&st.got, 0, loc->line, p, n);
	fz_map_line(p, n, fz_hint_for(loc->line));
	if (is_stop(p, n)) {
		st.stopped = 1;
		return 1;
	}
	return 0;
}

static int
on_reject(void *arg, enum input_reject r, const char *why, const char *p,
    size_t n, const struct loc *loc)
{
	(void)arg;
	check_loc(loc, p, n);
	FZ_CHECK(r == IN_TOO_LONG || r == IN_CUT_SHORT, "unknown reject", p, n);
	FZ_CHECK(why != NULL && *why != '\0', "reject without a reason", p, n);
	FZ_CHECK(n <= st.opts.max_record, "a rejected record over max_record",
	    p, n);
	FZ_CHECK(r != IN_TOO_LONG || n == st.opts.max_record,
	    "too long, but not cut at max_record", p, n);
	ev_add(&st.got, 1 + (int)r, loc->line, p, n);
	return 0;
}

static void
on_error(void *arg, const struct loc *loc, const char *msg)
{
	(void)arg;
	FZ_CHECK(!st.stopped, "an error callback after a stop request", NULL, 0);
	FZ_CHECK(loc != NULL && loc->file != NULL && msg != NULL,
	    "error without a location or message", NULL, 0);
	st.errors++;
}

/* A memfd never stalls, but the callback is there to be called. */
static void
on_idle(void *arg)
{
	(void)arg;
}

/* Progress: never backwards, never more than the file. */
static void
on_bytes(void *arg, uint64_t n)
{
	(void)arg;
	FZ_CHECK(n >= st.progress && n <= st.size,
	    "progress bytes go backwards or past the end", NULL, 0);
	st.progress = n;
}

static const struct input_cb callbacks = {
	NULL, on_member, on_line, on_reject, on_error, on_idle, on_bytes,
	NULL, NULL, NULL, NULL, NULL
};

/* ---- the reference: what a correct reader hands out for plain text ---- */

static void
expect_lines(struct evlist *l, const char *p, size_t n, size_t max)
{
	const char *nl, *seg;
	uint64_t line = 0;
	size_t len;

	while (n > 0) {
		seg = p;
		if ((nl = memchr(p, '\n', n)) != NULL) {
			len = (size_t)(nl - p);
			p = nl + 1;
			n -= len + 1;
		} else {
			len = n;
			p += n;
			n = 0;
		}
		line++;
		if (len > max) {
			ev_add(l, 1 + IN_TOO_LONG, line, seg, max);
			continue;
		}
		if (len > 0 && seg[len - 1] == '\r')
			len--;
		if (line == 1 && len >= 3 && memcmp(seg, "\xEF\xBB\xBF", 3) == 0)
			seg += 3, len -= 3;
		if (is_blank(seg, len))
			continue;
		ev_add(l, 0, line, seg, len);
		if (is_stop(seg, len))
			return;
	}
}

/* A gzip file of one or more members and nothing else, inflated; or NULL. */
static char *
gunzip_all(const uint8_t *data, size_t size, size_t *outlen)
{
	z_stream z;
	char *out = NULL;
	size_t cap = 0;
	int r;

	*outlen = 0;
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 16 + 15) != Z_OK)
		abort();
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)size;
	for (;;) {
		if (cap - *outlen < 65536) {
			cap = cap ? cap * 2 : 65536;
			if (cap > MAX_EXPECT * 2 || (out = realloc(out, cap)) == NULL)
				goto fail;
		}
		z.next_out = (Bytef *)out + *outlen;
		z.avail_out = (uInt)(cap - *outlen);
		r = inflate(&z, Z_NO_FLUSH);
		*outlen = cap - z.avail_out;
		if (*outlen > MAX_EXPECT)
			goto fail;
		if (r == Z_STREAM_END) {
			if (z.avail_in == 0)
				break;
			/* Another member must follow right away. */
			if (z.avail_in < 2 || z.next_in[0] != 0x1f ||
			    z.next_in[1] != 0x8b || inflateReset(&z) != Z_OK)
				goto fail;
			continue;
		}
		if (r != Z_OK && !(r == Z_BUF_ERROR && z.avail_out == 0))
			goto fail;
		if (z.avail_in == 0 && z.avail_out != 0)
			goto fail;	/* truncated */
	}
	inflateEnd(&z);
	return out;
fail:
	inflateEnd(&z);
	free(out);
	return NULL;
}

static void
dump(const char *title, const struct evlist *l)
{
	size_t i;

	fprintf(stderr, "%s: %zu\n", title, l->n);
	for (i = 0; i < l->n && i < 20; i++)
		fprintf(stderr, "  %s line %llu, %zu bytes: %.*s\n",
		    l->v[i].reject ? "reject" : "line",
		    (unsigned long long)l->v[i].line, l->v[i].len,
		    (int)(l->v[i].len < 60 ? l->v[i].len : 60),
		    l->text + l->v[i].off);
}

static void
compare(const struct evlist *want, const uint8_t *data, size_t size)
{
	const struct evlist *got = &st.got;
	size_t i;

	for (i = 0; i < want->n && i < got->n; i++)
		if (want->v[i].reject != got->v[i].reject ||
		    want->v[i].line != got->v[i].line ||
		    want->v[i].len != got->v[i].len ||
		    memcmp(want->text + want->v[i].off,
		    got->text + got->v[i].off, want->v[i].len) != 0)
			break;
	if (i == want->n && i == got->n)
		return;
	fprintf(stderr, "first difference at record %zu\n", i);
	dump("expected", want);
	dump("got", got);
	fz_fail("lines differ from the reference (record lost or changed)",
	    (const char *)data, size);
}

static int
text_like(const char *p, size_t n)
{
	return n >= 2 && p[0] == '{' && p[1] == '"';
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct map_options o = { 0 };
	const char *e = getenv("CFECS_FUZZ_MAX_RECORD");

	(void)argc;
	(void)argv;
	o.time_format = TIME_AUTO;
	o.time_digits = 9;
	o.passthrough = 1;
	o.keep_empty = 1;
	o.original = 1;
	o.ecs_version = "8.11";
	fz_map_setup(&o);
	st.opts.max_record = e != NULL && atoi(e) > 0 ? (size_t)atoi(e) : 4096;
	if ((st.fd = memfd_create("fuzz_input", 0)) < 0) {
		perror("memfd_create");
		abort();
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct evlist want;
	uint64_t bytes = 0;
	size_t off = 0, plain_len = 0;
	ssize_t w;
	char *plain = NULL;
	int rv;

	if (ftruncate(st.fd, 0) < 0 || lseek(st.fd, 0, SEEK_SET) != 0)
		abort();
	while (off < size) {
		if ((w = write(st.fd, data + off, size - off)) <= 0)
			abort();
		off += (size_t)w;
	}
	if (lseek(st.fd, 0, SEEK_SET) != 0)
		abort();

	st.got.n = st.got.tlen = 0;
	st.members = st.errors = st.in_member = st.any_member_name = 0;
	st.last_line = st.next_offset = 0;
	st.stopped = 0;
	st.progress = 0;
	st.size = size;
	/* Both ways of decoding: in a thread of its own, or inline. */
	st.opts.threads = (int)(size & 1);
	rv = input_read(st.fd, "fuzz", &st.opts, &callbacks, &bytes);
	FZ_CHECK(rv == -1 || rv == 0 || rv == 1, "input_read returned junk",
	    NULL, 0);
	FZ_CHECK((rv == 1) == st.stopped, "input_read's 1 and stop requests "
	    "disagree", NULL, 0);
	FZ_CHECK(rv != -1 || st.errors > 0 || st.stopped,
	    "input_read failed without reporting why", NULL, 0);
	FZ_CHECK(bytes <= size, "more bytes read than the file has", NULL, 0);

	/* The oracle: plain text or gzip of plain text. */
	want.n = want.tlen = 0;
	if (text_like((const char *)data, size))
		expect_lines(&want, (const char *)data, size,
		    st.opts.max_record);
	else if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b &&
	    (plain = gunzip_all(data, size, &plain_len)) != NULL &&
	    text_like(plain, plain_len))
		expect_lines(&want, plain, plain_len, st.opts.max_record);
	else
		goto done;
	FZ_CHECK(rv != -1 && st.errors == 0, "plain NDJSON (or a clean gzip of "
	    "it) gave an error", (const char *)data, size);
	FZ_CHECK(st.members == 1 && !st.any_member_name,
	    "plain NDJSON read as an archive", (const char *)data, size);
	compare(&want, data, size);
done:
	free(plain);
	return 0;
}
