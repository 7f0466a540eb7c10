/*
 * input.c: read an operand through libarchive and cut it into lines.
 *
 * The outer reader recognises compression (any filter libarchive has) and
 * tar or zip; anything else is "raw", one stream.  Each archive member is
 * read through a second reader that again recognises compression, so a
 * gzipped Logpush file inside a tar or zip is decompressed too.  Lines are
 * handed out in place when they lie inside one block and assembled in a
 * buffer only when they cross blocks; that buffer is capped by
 * --max-record-size, so memory does not grow with the input.
 */
#include <errno.h>		/* errno */
#include <stdio.h>		/* snprintf() */
#include <string.h>		/* memchr(), strncmp() */

#include <archive.h>		/* archive_read_*() */
#include <archive_entry.h>	/* archive_entry_pathname() */

#include "input.h"
#include "util.h"

#define BLOCK_SIZE	(128 * 1024)

/* State of one stream being cut into lines. */
struct splitter {
	const struct input_opts	*opts;
	const struct input_cb	*cb;
	struct loc		 loc;
	char			*buf;		/* a line crossing blocks */
	size_t			 len;
	size_t			 cap;
	int			 overlong;	/* dropping the rest of a line */
	int			 stop;		/* a callback asked to stop */
};

/* Cloudflare writes ownership-challenge*.txt next to the logs. */
int
input_is_challenge(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base != NULL ? base + 1 : path;
	return strncmp(base, "ownership-challenge", 19) == 0;
}

static int
is_blank(const char *p, size_t n)
{
	while (n > 0 && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++, n--;
	return n == 0;
}

/* A complete line: drop "\r", a leading BOM and blank lines. */
static void
emit(struct splitter *s, const char *p, size_t n)
{
	s->loc.line++;
	if (n > 0 && p[n - 1] == '\r')
		n--;
	if (s->loc.line == 1 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3, n -= 3;
	if (is_blank(p, n))
		return;
	if (s->cb->line(s->cb->arg, p, n, &s->loc) != 0)
		s->stop = 1;
}

static void
reject(struct splitter *s, enum input_reject r, const char *why,
    const char *p, size_t n)
{
	if (s->cb->reject(s->cb->arg, r, why, p, n, &s->loc) != 0)
		s->stop = 1;
}

/* Keep part of a line that crosses blocks, within the cap. */
static void
keep(struct splitter *s, const char *p, size_t n)
{
	size_t room = s->opts->max_record - s->len, take = n < room ? n : room;
	char why[64];

	if (s->overlong)
		return;
	if (s->cap - s->len < take) {
		while (s->cap - s->len < take)
			s->cap = s->cap ? s->cap * 2 : BLOCK_SIZE;
		s->buf = xrealloc(s->buf, s->cap);
	}
	memcpy(s->buf + s->len, p, take);
	s->len += take;
	if (take < n) {
		/* Report it once, with the part that fits, and drop the rest. */
		s->loc.line++;
		snprintf(why, sizeof(why), "record longer than %zu bytes",
		    s->opts->max_record);
		reject(s, IN_TOO_LONG, why, s->buf, s->len);
		s->loc.line--;
		s->overlong = 1;
		s->len = 0;
	}
}

static void
split_block(struct splitter *s, const char *p, size_t n)
{
	const char *nl;
	size_t seg;

	while (n > 0 && !s->stop) {
		if ((nl = memchr(p, '\n', n)) == NULL) {
			keep(s, p, n);
			return;
		}
		seg = (size_t)(nl - p);
		if (s->overlong) {
			s->overlong = 0;
			s->loc.line++;
		} else if (s->len == 0) {
			if (seg > s->opts->max_record) {
				keep(s, p, seg);	/* reports it */
				s->overlong = 0;
				s->loc.line++;
			} else
				emit(s, p, seg);
		} else {
			keep(s, p, seg);
			if (s->overlong) {
				s->overlong = 0;
				s->loc.line++;
			} else
				emit(s, s->buf, s->len);
			s->len = 0;
		}
		p = nl + 1;
		n -= seg + 1;
	}
}

static void
report(struct splitter *s, struct archive *a, const char *fallback)
{
	const char *msg = archive_error_string(a);

	s->cb->error(s->cb->arg, &s->loc, msg != NULL ? msg : fallback);
}

/*
 * Read the data of the current entry of a and cut it into lines.
 * Returns 0 at a clean end, -1 on a read error (reported).
 */
static int
split_entry(struct splitter *s, struct archive *a)
{
	const void *block;
	size_t size;
	la_int64_t offset;
	int r;

	s->loc.line = 0;
	s->len = 0;
	s->overlong = 0;
	if (s->cb->member != NULL)
		s->cb->member(s->cb->arg, &s->loc);
	while (!s->stop) {
		r = archive_read_data_block(a, &block, &size, &offset);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			/* What came before the damage is out; the cut line is not. */
			if (s->len > 0 || s->overlong) {
				s->loc.line++;
				if (!s->overlong)
					reject(s, IN_CUT_SHORT,
					    "record cut short by a read error",
					    s->buf, s->len);
				s->loc.line--;
			}
			s->len = 0;
			s->loc.line++;
			report(s, a, "read error");
			return -1;
		}
		if (r == ARCHIVE_WARN)
			report(s, a, "warning");
		split_block(s, block, size);
	}
	if (!s->stop && s->len > 0 && !s->overlong)
		emit(s, s->buf, s->len);	/* last line, no newline */
	s->len = 0;
	return 0;
}

static struct archive *
reader_new(int archives)
{
	struct archive *a = archive_read_new();

	if (a == NULL)
		fatalx("out of memory");
	archive_read_support_filter_all(a);
	if (archives) {
		archive_read_support_format_tar(a);
		archive_read_support_format_zip(a);
	}
	archive_read_support_format_empty(a);
	archive_read_support_format_raw(a);
	return a;
}

/* The outer reader feeds a member's bytes to the inner one. */
struct nested {
	struct archive	*outer;
	char		 buf[BLOCK_SIZE];
};

static la_ssize_t
nested_read(struct archive *inner, void *arg, const void **p)
{
	struct nested *n = arg;
	la_ssize_t r;

	r = archive_read_data(n->outer, n->buf, sizeof(n->buf));
	if (r < 0)
		archive_set_error(inner, archive_errno(n->outer), "%s",
		    archive_error_string(n->outer));
	*p = n->buf;
	return r;
}

/* One member of a tar or zip: possibly compressed, so a second reader. */
static int
read_member(struct splitter *s, struct archive *outer, struct nested *n)
{
	struct archive *a = reader_new(0);
	struct archive_entry *ae;
	int r, rv = 0;

	n->outer = outer;
	if (archive_read_open(a, n, NULL, nested_read, NULL) != ARCHIVE_OK) {
		report(s, a, "cannot read member");
		archive_read_free(a);
		return -1;
	}
	r = archive_read_next_header(a, &ae);
	if (r == ARCHIVE_OK || r == ARCHIVE_WARN)
		rv = split_entry(s, a);
	else if (r != ARCHIVE_EOF) {
		report(s, a, "cannot read member");
		rv = -1;
	}
	archive_read_free(a);
	return rv;
}

int
input_read(int fd, const char *name, const struct input_opts *opts,
    const struct input_cb *cb, uint64_t *bytes_in)
{
	struct splitter s = { .opts = opts, .cb = cb };
	struct archive *a = reader_new(1);
	struct archive_entry *ae;
	struct nested *n = NULL;
	const char *member;
	int r, rv = 0;

	s.loc.file = name;
	if (archive_read_open_fd(a, fd, BLOCK_SIZE) != ARCHIVE_OK) {
		report(&s, a, "cannot open");
		archive_read_free(a);
		return -1;
	}
	for (;;) {
		r = archive_read_next_header(a, &ae);
		if (r == ARCHIVE_EOF)
			break;
		if (r == ARCHIVE_RETRY)
			continue;
		if (r < ARCHIVE_WARN) {
			s.loc.line = 0;
			report(&s, a, "cannot read archive");
			rv = -1;
			if (r == ARCHIVE_FATAL)
				break;
			continue;
		}
		if (archive_format(a) == ARCHIVE_FORMAT_RAW ||
		    archive_format(a) == ARCHIVE_FORMAT_EMPTY) {
			s.loc.member = NULL;
			if (split_entry(&s, a) < 0)
				rv = -1;
		} else if (archive_entry_filetype(ae) == AE_IFREG) {
			member = archive_entry_pathname(ae);
			s.loc.member = member != NULL ? member : "?";
			if (input_is_challenge(s.loc.member))
				continue;
			if (n == NULL)
				n = xmalloc(sizeof(*n));
			if (read_member(&s, a, n) < 0)
				rv = -1;
		}
		if (s.stop)
			break;
	}
	if (bytes_in != NULL)
		*bytes_in += (uint64_t)archive_filter_bytes(a, -1);
	if (archive_read_close(a) != ARCHIVE_OK && rv == 0 && !s.stop) {
		s.loc.member = NULL;
		s.loc.line = 0;
		report(&s, a, "close failed");
		rv = -1;
	}
	archive_read_free(a);
	free(n);
	free(s.buf);
	return s.stop ? 1 : rv;
}
