/*
 * writer.c: JSON text into a growable buffer, and the output sink.
 *
 * Strings are escaped by hand (quotes, backslashes, control characters)
 * and any byte sequence that is not valid UTF-8 becomes U+FFFD, so every
 * line written is valid JSON in valid UTF-8 whatever came in.
 */
#include <sys/stat.h>	/* fstat(), S_ISREG() for a cut on a signal */

#include <errno.h>	/* errno, EINTR */
#include <fcntl.h>	/* open() */
#include <stdlib.h>	/* malloc(), realloc(), free() */
#include <unistd.h>	/* write(), close() */

#include "writer.h"
#include "util.h"

/* 0: copy as is; 1: needs a JSON escape; 2: first byte of a multi-byte sequence. */
static const unsigned char byte_class[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

void
wb_init(struct wbuf *b, size_t cap)
{
	b->p = xmalloc(cap);
	b->len = 0;
	b->cap = cap;
}

void
wb_free(struct wbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

void
wb_grow(struct wbuf *b, size_t n)
{
	size_t cap = b->cap ? b->cap : 256;

	while (cap - b->len < n) {
		if (cap > SIZE_MAX / 2)
			fatalx("out of memory");
		cap *= 2;
	}
	b->p = xrealloc(b->p, cap);
	b->cap = cap;
}

/*
 * Length of the valid UTF-8 sequence starting at s (1-4), or 0 when the
 * bytes there are not valid UTF-8 (RFC 3629: no overlongs, no surrogates,
 * nothing above U+10FFFF).
 */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];

	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && s[1] < 0xA0)
			return 0;	/* overlong */
		if (c == 0xED && s[1] > 0x9F)
			return 0;	/* surrogate */
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
		    (s[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && s[1] < 0x90)
			return 0;	/* overlong */
		if (c == 0xF4 && s[1] > 0x8F)
			return 0;	/* above U+10FFFF */
		return 4;
	}
	return 0;
}

/* Bytes of s that are valid UTF-8 from the start. */
size_t
utf8_valid_prefix(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = utf8_seq(u + i, n - i)) == 0)
			break;
		i += k;
	}
	return i;
}

/*
 * Does any of 8 bytes need attention: a control character, '"', '\\' or
 * a byte >= 0x80?  Most text is plain ASCII, so eight bytes at a time
 * (the has-zero-byte trick) skip most of the per-byte table lookups.
 */
static inline int
word_special(const unsigned char *p)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t high = 0x8080808080808080ULL;
	uint64_t x, q, b;

	memcpy(&x, p, 8);
	q = x ^ (ones * '"');
	b = x ^ (ones * '\\');
	return ((((x - ones * 0x20) & ~x) | ((q - ones) & ~q) |
	    ((b - ones) & ~b) | x) & high) != 0;
}

/* Copy n bytes to dst (room for 3n) with invalid UTF-8 as U+FFFD;
 * returns the length written. */
size_t
utf8_repair(char *dst, const char *src, size_t n)
{
	const unsigned char *u = (const unsigned char *)src;
	size_t i = 0, o = 0, k;

	while (i < n) {
		if (u[i] < 0x80)
			k = 1;
		else if ((k = utf8_seq(u + i, n - i)) == 0) {
			memcpy(dst + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
			continue;
		}
		memcpy(dst + o, u + i, k);
		o += k;
		i += k;
	}
	return o;
}

/* A quoted, escaped JSON string. */
void
wb_str(struct wbuf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run, k;
	char *o;

	/* Worst case: every byte becomes \u00XX or U+FFFD; 6 bytes each. */
	wb_reserve(b, n * 6 + 2);
	o = b->p + b->len;
	*o++ = '"';
	while (i < n) {
		run = i;
		while (n - i >= 8 && !word_special(u + i))
			i += 8;
		while (i < n && byte_class[u[i]] == 0)
			i++;
		memcpy(o, u + run, i - run);
		o += i - run;
		if (i == n)
			break;
		if (byte_class[u[i]] == 2) {
			if ((k = utf8_seq(u + i, n - i)) != 0) {
				memcpy(o, u + i, k);
				o += k;
				i += k;
			} else {
				memcpy(o, "\xEF\xBF\xBD", 3);
				o += 3;
				i++;
			}
			continue;
		}
		*o++ = '\\';
		switch (u[i]) {
		case '"':	*o++ = '"'; break;
		case '\\':	*o++ = '\\'; break;
		case '\n':	*o++ = 'n'; break;
		case '\r':	*o++ = 'r'; break;
		case '\t':	*o++ = 't'; break;
		case '\b':	*o++ = 'b'; break;
		case '\f':	*o++ = 'f'; break;
		default:
			*o++ = 'u';
			*o++ = '0';
			*o++ = '0';
			*o++ = hex[u[i] >> 4];
			*o++ = hex[u[i] & 15];
		}
		i++;
	}
	*o++ = '"';
	b->len = (size_t)(o - b->p);
}

void
wb_i64(struct wbuf *b, int64_t v)
{
	char tmp[24], *t = tmp + sizeof(tmp);
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do {
		*--t = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--t = '-';
	wb_raw(b, t, (size_t)(tmp + sizeof(tmp) - t));
}

/*
 * The sink.  Plain output goes straight to write(2); with gzip, zlib
 * compresses into a buffer that is written the same way.  Short writes
 * and EINTR are retried; any other error is returned to the caller.
 */
/* Where events go: whole batches through write(2), unbuffered, so that
 * what was handed over is in the file (-z members are made by workers). */
struct sink {
	int		 fd;
	uint64_t	 bytes;		/* bytes handed to write(2) */
	off_t		 start;		/* file offset of byte 0, or -1 */
	int		 null;		/* /dev/null: nobody reads it */
};

static int
write_all(struct sink *k, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(k->fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
		k->bytes += (uint64_t)w;
	}
	return 0;
}

/* Whether what is written can be cut back: a regular file not opened
 * for appending (where a write lands is then known); or /dev/null. */
static void
sink_probe(struct sink *k)
{
	struct stat st, nst;
	int fl = fcntl(k->fd, F_GETFL);

	k->start = -1;
	if (fstat(k->fd, &st) < 0)
		return;
	if (S_ISREG(st.st_mode) && fl >= 0 && !(fl & O_APPEND))
		k->start = lseek(k->fd, 0, SEEK_CUR);
	k->null = S_ISCHR(st.st_mode) && stat("/dev/null", &nst) == 0 &&
	    S_ISCHR(nst.st_mode) && st.st_rdev == nst.st_rdev;
}

struct sink *
sink_open(const char *path)
{
	struct sink *k = xcalloc(1, sizeof(*k));

	k->fd = STDOUT_FILENO;
	if (path != NULL &&
	    (k->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666)) < 0) {
		free(k);
		return NULL;
	}
	sink_probe(k);
	return k;
}

int
sink_write(struct sink *k, const char *p, size_t n)
{
	return write_all(k, p, n);
}

/* Close; -1 with errno on failure. */
int
sink_close(struct sink *k)
{
	int r = 0, e = 0;

	if (k->fd != STDOUT_FILENO && close(k->fd) < 0) {
		r = -1;
		e = errno;
	}
	free(k);
	errno = e;
	return r;
}

/*
 * The data written so far onto the disk (fdatasync).  Output that cannot
 * be synced (a pipe, a terminal) counts as done once written.
 */
int
sink_sync(struct sink *k)
{
	if (fdatasync(k->fd) == 0 || errno == EINVAL || errno == EROFS ||
	    errno == ENOTSUP)
		return 0;
	return -1;
}

uint64_t
sink_bytes(const struct sink *k)
{
	return k->bytes;
}

/* 1 if sink_cut works here, 2 for /dev/null, 0 otherwise. */
int
sink_cuttable(const struct sink *k)
{
	return k->null ? 2 : k->start >= 0;
}

/* Take back what was written after the first n bytes (n <= written). */
int
sink_cut(struct sink *k, uint64_t n)
{
	off_t at = k->start + (off_t)n;

	if (k->null) {
		k->bytes = n;
		return 0;
	}
	if (k->start < 0 || n > k->bytes || ftruncate(k->fd, at) < 0 ||
	    lseek(k->fd, at, SEEK_SET) < 0)
		return -1;
	k->bytes = n;
	return 0;
}

/*
 * From a signal handler: cut a regular output file back to its first n
 * bytes (written by this sink, which truncated it when opened).  Only
 * ftruncate(2), which is async-signal-safe.
 */
void
sink_cut_on_signal(struct sink *k, uint64_t n)
{
	struct stat st;

	if (fstat(k->fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    n <= k->bytes)
		(void)ftruncate(k->fd, (off_t)n);
}
