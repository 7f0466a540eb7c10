/*
 * input.c: read an operand through libarchive and cut it into lines.
 *
 * gzip is inflated here, with zlib, in a thread of its own (libarchive
 * does not check the gzip CRC and length, and decoding beside conversion
 * halves the wall time).  The outer libarchive reader then recognises the
 * other compressions and tar or zip; anything else is "raw", one stream.
 * Each archive member is read through a reader of its own that again
 * recognises compression and tar or zip, so a gzipped Logpush file inside
 * a tar is decompressed, and an archive inside an archive (a tar of .tgz
 * files) is read in turn, down to MAX_NESTING archives.  Lines are handed out in place when they lie
 * inside one block and assembled in a buffer only when they cross blocks;
 * that buffer is capped by --max-record-size, so memory does not grow
 * with the input.
 */
#include <errno.h>		/* errno */
#include <inttypes.h>		/* PRIu64 */
#include <poll.h>		/* poll(): would a read wait? */
#include <pthread.h>		/* the decoding thread */
#include <signal.h>		/* pthread_sigmask() */
#include <stdio.h>		/* snprintf() */
#include <string.h>		/* memchr(), strncmp() */
#include <strings.h>		/* strcasecmp() */
#include <time.h>		/* clock_gettime() */
#include <unistd.h>		/* read() */

#include <archive.h>		/* archive_read_*() */
#include <archive_entry.h>	/* archive_entry_pathname() */
#include <zlib.h>		/* inflate() for gzip */

#include "input.h"
#include "util.h"

#define BLOCK_SIZE	(128 * 1024)
/* Archives inside archives, the operand included: Logpush dumps need two
 * (a tar of .tgz files); a deeper stack is a zip bomb or a quine. */
#define MAX_NESTING	4

/* State of one stream being cut into lines. */
struct splitter {
	const struct input_opts	*opts;
	const struct input_cb	*cb;
	struct loc		 loc;
	const char		*names[MAX_NESTING];	/* member per level */
	int			 depth;			/* names in use */
	char			*member;		/* "a.tgz(b.log.gz)" */
	size_t			 member_cap;
	uint64_t		 base;		/* stream offset of the next block */
	uint64_t		 line_start;	/* ... of the line being cut */
	char			*buf;		/* a line crossing blocks */
	size_t			 len;
	size_t			 cap;
	int			 overlong;	/* dropping the rest of a line */
	int			 stop;		/* a callback asked to stop */
	uint64_t		 records;	/* lines and rejects handed out */
	int			 skipped;	/* members left out */
	int			 split;		/* a stream was cut into lines */
	int			 first;		/* no record of this stream yet */
	/* Per level (the operand is 1): its data is checked at the end
	 * of a member (gzip's CRC and length, a zip entry's CRC). */
	int			 checked[MAX_NESTING + 2];
	int			 drop;		/* leave the rest of the stream */
};

/*
 * Files in a bucket dump that are not logs: Cloudflare's
 * ownership-challenge*.txt, other notes (*.txt, *.md, in any case) and
 * hidden files.
 * Only the last component counts: a walk does not enter hidden
 * directories (their names are hidden too), and an operand may well lie
 * below one (~/.cache/dump).
 */
int
input_not_a_log(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base != NULL ? base + 1 : path;
	n = strlen(base);
	return strncmp(base, "ownership-challenge", 19) == 0 || base[0] == '.' ||
	    (n > 4 && strcasecmp(base + n - 4, ".txt") == 0) ||
	    (n > 3 && strcasecmp(base + n - 3, ".md") == 0);
}

/* An archive member inside a hidden directory ("./.git/x", "a/.cache/y"). */
static int
in_hidden_dir(const char *path)
{
	const char *p = path;

	for (;;) {
		if (p[0] == '.' && p[1] != '/' && p[1] != '\0' &&
		    !(p[1] == '.' && (p[2] == '/' || p[2] == '\0')) &&
		    strchr(p, '/') != NULL)
			return 1;
		if ((p = strchr(p, '/')) == NULL)
			return 0;
		p++;
	}
}

static int
is_blank(const char *p, size_t n)
{
	while (n > 0 && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++, n--;
	return n == 0;
}

#define STARTS(p, n, lit) \
	((n) >= sizeof(lit) - 1 && memcmp((p), (lit), sizeof(lit) - 1) == 0)

/* Whether p[0..n) holds lit (memmem is not POSIX). */
static int
holds(const char *p, size_t n, const char *lit, size_t k)
{
	const char *q;

	while (n >= k && (q = memchr(p, lit[0], n - k + 1)) != NULL) {
		if (memcmp(q, lit, k) == 0)
			return 1;
		n -= (size_t)(q - p) + 1;
		p = q + 1;
	}
	return 0;
}

/*
 * Whether a first record is cfecs's own output rather than Logpush's: an
 * ECS event (@timestamp, ecs or event first, with event.module) or a
 * _bulk action line.  Logpush field names are never these.
 */
static int
own_output(const char *p, size_t n)
{
	static const char module[] = "\"module\":\"cloudflare\"";

	if (STARTS(p, n, "{\"index\":{\"_index\":") ||
	    STARTS(p, n, "{\"create\":{\"_index\":") ||
	    STARTS(p, n, "{\"ecs\":{"))
		return 1;
	return (STARTS(p, n, "{\"@timestamp\":") || STARTS(p, n, "{\"event\":{")) &&
	    holds(p, n, module, sizeof(module) - 1);
}

/* The first record shows the stream is cfecs's output: leave it. */
static int
left_as_own_output(struct splitter *s, const char *p, size_t n)
{
	s->first = 0;
	if (s->cb->own_output == NULL || !own_output(p, n))
		return 0;
	s->drop = 1;
	s->skipped = 1;
	s->loc.line = 0;
	if (s->cb->own_output != NULL)
		s->cb->own_output(s->cb->arg, &s->loc);
	return 1;
}

/* A complete line: drop "\r", a leading BOM and blank lines. */
static void
emit(struct splitter *s, const char *p, size_t n)
{
	s->loc.line++;
	s->loc.offset = s->line_start;
	if (n > 0 && p[n - 1] == '\r')
		n--;
	if (s->loc.line == 1 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3, n -= 3;
	if (is_blank(p, n))
		return;
	if (s->first && left_as_own_output(s, p, n))
		return;
	s->records++;
	if (s->cb->line(s->cb->arg, p, n, &s->loc) != 0)
		s->stop = 1;
}

static void
reject(struct splitter *s, enum input_reject r, const char *why,
    const char *p, size_t n)
{
	s->records++;
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
	const char *nl, *block = p;
	uint64_t base = s->base;
	size_t seg;

	s->base += n;
	while (n > 0 && !s->stop && !s->drop) {
		if (s->len == 0 && !s->overlong)	/* a line starts */
			s->line_start = base + (uint64_t)(p - block);
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
 * Returns 0 at a clean end, -1 on a read error (reported).  The decoder
 * below hands libarchive an end of file rather than its error (so that
 * nothing read before the damage is lost in libarchive's look-ahead);
 * *failed then says the end was not clean, and msg why.
 */
static int
split_entry(struct splitter *s, struct archive *a, const int *failed,
    const char *msg)
{
	const void *block;
	size_t size;
	la_int64_t offset;
	int r;

	s->loc.line = 0;
	s->len = 0;
	s->overlong = 0;
	s->base = s->line_start = 0;
	s->first = 1;
	s->drop = 0;
	s->split = 1;
	if (s->cb->member != NULL)
		s->cb->member(s->cb->arg, &s->loc);
	while (!s->stop && !s->drop) {
		r = archive_read_data_block(a, &block, &size, &offset);
		if (r == ARCHIVE_EOF && (failed == NULL || !*failed))
			break;
		if (r < ARCHIVE_WARN || r == ARCHIVE_EOF) {
			/* What came before the damage is out; the cut line is not. */
			if (s->len > 0 && !s->overlong) {
				s->loc.line++;
				reject(s, IN_CUT_SHORT,
				    "record cut short by a read error",
				    s->buf, s->len);
				s->loc.line--;
			}
			s->len = 0;
			s->loc.line++;
			if (r == ARCHIVE_EOF)
				s->cb->error(s->cb->arg, &s->loc, msg);
			else
				report(s, a, "read error");
			return -1;
		}
		if (r == ARCHIVE_WARN)
			report(s, a, "warning");
		split_block(s, block, size);
	}
	if (!s->stop && !s->drop && s->len > 0 && !s->overlong)
		emit(s, s->buf, s->len);	/* last line, no newline */
	s->len = 0;
	s->drop = 0;
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
		/* Past a tar's end-of-archive blocks, read on: concatenated
		 * tars are read whole (as tar -i does), and data that is not
		 * a tar is an error, never silently dropped. */
		if (archive_read_set_options(a,
		    "tar:read_concatenated_archives") != ARCHIVE_OK)
			fatalx("libarchive: cannot read concatenated tars");
	}
	archive_read_support_format_empty(a);
	archive_read_support_format_raw(a);
	return a;
}

/*
 * Decoding.  gzip is inflated here with zlib rather than by libarchive,
 * which does not check the gzip CRC and length: a corrupt file must be
 * reported, not silently converted.  Several gzip members in a row (as
 * multipart uploads write them) are one stream.  Anything else passes
 * through to libarchive, which knows the other compressions and formats.
 */
struct dec {
	int			 fd;		/* read(2) from it, or */
	struct archive		*outer;		/* the data of an archive member */
	unsigned char		*buf;		/* fd reads land here */
	const unsigned char	*p;		/* unread input */
	size_t			 n;
	int			 eof;
	int			 started;
	int			 gzip;
	int			 in_member;	/* inside a gzip member */
	z_stream		 z;
	uint64_t		 bytes;		/* input bytes read so far */
	char			 msg[160];	/* what went wrong */
	void			(*idle)(void *);	/* before a read that would wait */
	void			*idle_arg;
	int			 failed;	/* ended by an error (msg) */
	int			 member_end;	/* the last block ends a gzip member */
	int			 zipped;	/* a zip entry: its CRC is checked */
	int			 reported;	/* ... already said */
	const int		*quit;		/* set: stop waiting for input */
};

static void
dec_init(struct dec *d, int fd, struct archive *outer)
{
	memset(d, 0, sizeof(*d));
	d->fd = fd;
	d->outer = outer;
}

static void
dec_end(struct dec *d)
{
	if (d->gzip)
		inflateEnd(&d->z);
	free(d->buf);
}

/* More input: 1, 0 at the end, -1 on error (msg says why). */
static int
dec_fill(struct dec *d)
{
	const void *block;
	la_int64_t offset;
	size_t size = 0;
	ssize_t r;

	if (d->eof)
		return 0;
	if (d->outer != NULL) {
		/* Block by block: a copying read would drop the bytes it had
		 * when the next block fails. */
		do {
			r = archive_read_data_block(d->outer, &block, &size,
			    &offset);
			if (r == ARCHIVE_EOF) {
				d->eof = 1;
				return 0;
			}
			/* A warning without data ends a zip entry whose
			 * CRC or size is wrong: the entry is damaged. */
			if (r < ARCHIVE_WARN ||
			    (r == ARCHIVE_WARN && size == 0)) {
				snprintf(d->msg, sizeof(d->msg), "%s",
				    archive_error_string(d->outer) != NULL ?
				    archive_error_string(d->outer) : "read error");
				return -1;
			}
		} while (size == 0);
		d->p = block;
		d->n = size;
	} else {
		if (d->buf == NULL)
			d->buf = xmalloc(BLOCK_SIZE);
		if (d->idle != NULL && poll(&(struct pollfd){ .fd = d->fd,
		    .events = POLLIN }, 1, 0) == 0)
			d->idle(d->idle_arg);
		/* A reading thread must notice when it is no longer wanted,
		 * even while a pipe stays silent. */
		while (d->quit != NULL && poll(&(struct pollfd){ .fd = d->fd,
		    .events = POLLIN }, 1, 100) == 0)
			if (__atomic_load_n(d->quit, __ATOMIC_ACQUIRE))
				return 0;
		do
			r = read(d->fd, d->buf, BLOCK_SIZE);
		while (r < 0 && errno == EINTR);
		if (r < 0) {
			snprintf(d->msg, sizeof(d->msg), "read error: %s",
			    strerror(errno));
			return -1;
		}
		if (r == 0) {
			d->eof = 1;
			return 0;
		}
		d->p = d->buf;
		d->n = (size_t)r;
	}
	__atomic_add_fetch(&d->bytes, (uint64_t)d->n, __ATOMIC_RELAXED);
	return 1;
}

/* Between gzip members: another member, zero padding, or garbage. */
static int
dec_next_member(struct dec *d)
{
	int r;

	for (;;) {
		while (d->n > 0 && d->p[0] == 0)
			d->p++, d->n--;
		if (d->n == 0) {
			if ((r = dec_fill(d)) <= 0)
				return r;
			continue;
		}
		if (d->p[0] != 0x1f || (d->n > 1 && d->p[1] != 0x8b)) {
			snprintf(d->msg, sizeof(d->msg),
			    "gzip: trailing garbage after the compressed data");
			return -1;
		}
		inflateReset(&d->z);
		d->in_member = 1;
		return 1;
	}
}

/* Up to cap decoded bytes into out: the count, 0 at the end, -1 on error. */
static ssize_t
dec_read(struct dec *d, unsigned char *out, size_t cap)
{
	size_t k;
	int r;

	if (!d->started) {
		d->started = 1;
		if ((r = dec_fill(d)) <= 0)
			return r;
		if (d->n >= 2 && d->p[0] == 0x1f && d->p[1] == 0x8b) {
			/* 15 + 16: a gzip wrapper; zlib checks CRC and length. */
			if (inflateInit2(&d->z, 15 + 16) != Z_OK)
				fatalx("out of memory");
			d->gzip = 1;
			d->in_member = 1;
		}
	}
	d->member_end = 0;
	for (;;) {
		if (!d->gzip) {
			if (d->n == 0 && (r = dec_fill(d)) <= 0)
				return r;
			k = d->n < cap ? d->n : cap;
			memcpy(out, d->p, k);
			d->p += k;
			d->n -= k;
			return (ssize_t)k;
		}
		if (!d->in_member && (r = dec_next_member(d)) <= 0)
			return r;
		if (d->n == 0) {
			if ((r = dec_fill(d)) < 0)
				return r;
			if (r == 0) {
				snprintf(d->msg, sizeof(d->msg),
				    "gzip: unexpected end of file (truncated input)");
				return -1;
			}
		}
		d->z.next_in = (unsigned char *)(uintptr_t)d->p;
		d->z.avail_in = (uInt)(d->n < UINT32_MAX ? d->n : UINT32_MAX);
		d->z.next_out = out;
		d->z.avail_out = (uInt)cap;
		k = d->z.avail_in;
		r = inflate(&d->z, Z_NO_FLUSH);
		d->p += k - d->z.avail_in;
		d->n -= k - d->z.avail_in;
		if (r == Z_STREAM_END)
			d->in_member = 0;
		else if (r != Z_OK && r != Z_BUF_ERROR) {
			snprintf(d->msg, sizeof(d->msg), "gzip: %s",
			    d->z.msg != NULL ? d->z.msg : "corrupt data");
			return -1;
		}
		if (cap - d->z.avail_out > 0) {
			/* CRC and length checked: the block ends a sound
			 * member (and all before it are sound too). */
			d->member_end = r == Z_STREAM_END;
			return (ssize_t)(cap - d->z.avail_out);
		}
	}
}

/*
 * The operand's bytes are read and decoded in a thread of their own, a
 * few blocks ahead of the thread that parses and writes, so that
 * decompression and conversion overlap.
 */
#define NBLOCKS		4

struct feed {
	struct dec	 d;
	const struct input_cb *cb;
	int		 threaded;
	pthread_t	 thread;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	unsigned char	*block[NBLOCKS];
	size_t		 len[NBLOCKS];
	int		 end[NBLOCKS];	/* the block ends a gzip member */
	int		 last_end;	/* ... the block handed out last */
	unsigned	 head;		/* blocks produced */
	unsigned	 tail;		/* blocks given back */
	int		 held;		/* the reader holds block tail */
	int		 replay;	/* give the last block again */
	const void	*last;		/* ... which is this */
	la_ssize_t	 last_len;
	uint64_t	 decoded;	/* bytes handed out */
	int		 done;		/* 1 at the end, -1 on error */
	int		 quit;		/* the reader is gone */
};

static void *
feed_run(void *arg)
{
	struct feed *f = arg;
	ssize_t r;
	unsigned slot;

	for (;;) {
		pthread_mutex_lock(&f->mu);
		while (f->head - f->tail >= NBLOCKS && !f->quit)
			pthread_cond_wait(&f->cv, &f->mu);
		slot = f->head % NBLOCKS;
		if (f->quit) {
			pthread_mutex_unlock(&f->mu);
			return NULL;
		}
		pthread_mutex_unlock(&f->mu);
		r = dec_read(&f->d, f->block[slot], BLOCK_SIZE);
		pthread_mutex_lock(&f->mu);
		if (r > 0) {
			f->len[slot] = (size_t)r;
			f->end[slot] = f->d.member_end;
			f->head++;
		} else
			f->done = r < 0 ? -1 : 1;
		pthread_cond_broadcast(&f->cv);
		pthread_mutex_unlock(&f->mu);
		if (r <= 0)
			return NULL;
	}
}

/* Wait for the next block; after a pause with none, let the caller
 * write out what it has (input from a slow pipe must not sit unconverted). */
static void
feed_wait(struct feed *f)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_nsec += 100 * 1000 * 1000;
	if (t.tv_nsec >= 1000000000) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000;
	}
	while (f->head == f->tail && f->done == 0)
		if (pthread_cond_timedwait(&f->cv, &f->mu, &t) == ETIMEDOUT)
			break;
	if (f->head == f->tail && f->done == 0) {
		pthread_mutex_unlock(&f->mu);
		if (f->cb->idle != NULL)
			f->cb->idle(f->cb->arg);
		pthread_mutex_lock(&f->mu);
		while (f->head == f->tail && f->done == 0)
			pthread_cond_wait(&f->cv, &f->mu);
	}
}

static la_ssize_t	feed_next(struct archive *, void *, const void **);

/* The next decoded block; feed->replay gives the last one again. */
static la_ssize_t
feed_read(struct archive *a, void *arg, const void **p)
{
	struct feed *f = arg;

	if (f->replay) {
		f->replay = 0;
		*p = f->last;
		return f->last_len;
	}
	/* Whatever was cut into lines so far came from sound members. */
	if (f->last_end && f->cb->verified != NULL)
		f->cb->verified(f->cb->arg, 1);
	f->last_end = 0;
	f->last_len = feed_next(a, arg, p);
	f->last = *p;
	if (f->last_len > 0)
		f->decoded += (uint64_t)f->last_len;
	return f->last_len;
}

static la_ssize_t
feed_next(struct archive *a, void *arg, const void **p)
{
	struct feed *f = arg;
	la_ssize_t r = 0;

	(void)a;
	if (!f->threaded) {
		if (f->cb->bytes != NULL)
			f->cb->bytes(f->cb->arg, f->d.bytes);
		r = dec_read(&f->d, f->block[0], BLOCK_SIZE);
		if (r < 0) {
			f->d.failed = 1;
			r = 0;
		}
		f->last_end = r > 0 && f->d.member_end;
		*p = f->block[0];
		return r;
	}
	pthread_mutex_lock(&f->mu);
	if (f->held) {
		f->tail++;
		f->held = 0;
		pthread_cond_broadcast(&f->cv);
	}
	feed_wait(f);
	if (f->cb->bytes != NULL)
		f->cb->bytes(f->cb->arg,
		    __atomic_load_n(&f->d.bytes, __ATOMIC_RELAXED));
	if (f->head != f->tail) {
		*p = f->block[f->tail % NBLOCKS];
		r = (la_ssize_t)f->len[f->tail % NBLOCKS];
		f->last_end = f->end[f->tail % NBLOCKS];
		f->held = 1;
	} else if (f->done < 0)
		f->d.failed = 1;
	pthread_mutex_unlock(&f->mu);
	return r;
}

static struct feed *
feed_start(int fd, const struct input_cb *cb, int threaded)
{
	struct feed *f = xcalloc(1, sizeof(*f));
	sigset_t all, old;
	int i;

	dec_init(&f->d, fd, NULL);
	f->cb = cb;
	f->threaded = threaded;
	for (i = 0; i < (threaded ? NBLOCKS : 1); i++)
		f->block[i] = xmalloc(BLOCK_SIZE);
	if (!threaded) {
		f->d.idle = cb->idle;
		f->d.idle_arg = cb->arg;
		return f;
	}
	f->d.quit = &f->quit;
	pthread_mutex_init(&f->mu, NULL);
	pthread_cond_init(&f->cv, NULL);
	/* Signals go to the main thread only: its handler may finish the
	 * output, which must not be in use by the thread it interrupted. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	if (pthread_create(&f->thread, NULL, feed_run, f) != 0)
		fatalx("cannot start a thread");
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return f;
}

/* Stop the reading thread (it may be waiting on a pipe) and free. */
static uint64_t
feed_stop(struct feed *f)
{
	uint64_t bytes;
	int i;

	if (f->threaded) {
		pthread_mutex_lock(&f->mu);
		__atomic_store_n(&f->quit, 1, __ATOMIC_RELEASE);
		pthread_cond_broadcast(&f->cv);
		pthread_mutex_unlock(&f->mu);
		pthread_join(f->thread, NULL);
		pthread_mutex_destroy(&f->mu);
		pthread_cond_destroy(&f->cv);
	}
	bytes = f->d.bytes;
	dec_end(&f->d);
	for (i = 0; i < NBLOCKS; i++)
		free(f->block[i]);
	free(f);
	return bytes;
}

/* A member of a tar or zip, decoded for the inner reader. */
struct nested {
	struct dec	 d;
	const struct input_cb *cb;
	int		 level;
	int		 last_end;	/* the last block ended a gzip member */
	unsigned char	 buf[BLOCK_SIZE];
};

static la_ssize_t
nested_read(struct archive *inner, void *arg, const void **p)
{
	struct nested *n = arg;
	ssize_t r;

	(void)inner;
	if (n->last_end && n->cb->verified != NULL)
		n->cb->verified(n->cb->arg, n->level);
	r = dec_read(&n->d, n->buf, sizeof(n->buf));
	if (r < 0) {
		n->d.failed = 1;
		r = 0;
	}
	n->last_end = r > 0 && n->d.member_end;
	*p = n->buf;
	return (la_ssize_t)r;
}

/* loc.member: the member names of every level, "a.tgz(b.tar(c.log.gz))". */
static void
set_member(struct splitter *s)
{
	size_t need = 1, k = 0, len;
	int i;

	s->loc.member = NULL;
	if (s->depth == 0)
		return;
	for (i = 0; i < s->depth; i++)
		need += strlen(s->names[i]) + 2;
	if (need > s->member_cap) {
		s->member_cap = need;
		s->member = xrealloc(s->member, need);
	}
	for (i = 0; i < s->depth; i++) {
		if (i > 0)
			s->member[k++] = '(';
		len = strlen(s->names[i]);
		memcpy(s->member + k, s->names[i], len);
		k += len;
	}
	for (i = 1; i < s->depth; i++)
		s->member[k++] = ')';
	s->member[k] = '\0';
	s->loc.member = s->member;
}

static int read_member(struct splitter *, struct archive *, int);

static void
checked_by(struct splitter *s, int level)
{
	if (s->cb->checked != NULL)
		s->cb->checked(s->cb->arg, level);
}

/* The level whose check the records now read wait for (0: none): the
 * innermost gzip or zip, which covers the very bytes of the records. */
static int
innermost_check(const struct splitter *s, int level)
{
	for (; level > 0; level--)
		if (s->checked[level])
			return level;
	return 0;
}

/*
 * Every entry of archive a, level archives deep (the operand is level 1),
 * whose data comes through d.  A plain stream is cut into lines; each
 * regular member of a tar or zip is read through a reader of its own,
 * which may find another archive inside.  0, or -1 when something could
 * not be read (reported).
 */
/* -v: say which member was left out, and why. */
static void
skip_member(struct splitter *s, const char *name)
{
	s->skipped = 1;
	if (s->cb->skip == NULL)
		return;
	s->names[s->depth++] = name;
	set_member(s);
	s->loc.line = 0;
	s->cb->skip(s->cb->arg, &s->loc, in_hidden_dir(name) ?
	    "skipped: in a hidden directory" : "skipped: not a log file");
	s->depth--;
	set_member(s);
}

static int
read_entries(struct splitter *s, struct archive *a, struct dec *d, int level)
{
	struct archive_entry *ae;
	const char *name;
	char msg[80];
	int r, rv = 0, first = 1;

	for (;;) {
		r = archive_read_next_header(a, &ae);
		if (r == ARCHIVE_EOF)
			break;
		if (r == ARCHIVE_RETRY)
			continue;
		set_member(s);
		if (r < ARCHIVE_WARN) {
			s->loc.line = 0;	/* the entry is gone */
			if (first && (archive_format(a) &
			    ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_TAR) {
				/* Zero blocks first look like an empty tar. */
				snprintf(msg, sizeof(msg), "not a tar archive: "
				    "%.50s", archive_error_string(a) != NULL ?
				    archive_error_string(a) : "?");
				s->cb->error(s->cb->arg, &s->loc, msg);
			} else
				report(s, a, "cannot read archive");
			rv = -1;
			if (r == ARCHIVE_FATAL)
				break;
			continue;
		}
		if (archive_format(a) == ARCHIVE_FORMAT_RAW ||
		    archive_format(a) == ARCHIVE_FORMAT_EMPTY) {
			s->checked[level] = d->gzip || d->zipped;
			checked_by(s, innermost_check(s, level));
			if (split_entry(s, a, &d->failed, d->msg) < 0) {
				d->reported = 1;
				rv = -1;
			}
		} else if (first && level > MAX_NESTING) {
			/* Checked once its first header shows it is one. */
			s->loc.line = 0;
			snprintf(msg, sizeof(msg), "archives nested more than "
			    "%d deep: not read", MAX_NESTING);
			s->cb->error(s->cb->arg, &s->loc, msg);
			return -1;
		} else if (archive_entry_filetype(ae) == AE_IFREG) {
			s->checked[level] = d->gzip || d->zipped;
			name = archive_entry_pathname(ae);
			name = name != NULL ? name : "?";
			if (input_not_a_log(name) || in_hidden_dir(name)) {
				skip_member(s, name);
				continue;
			}
			s->names[s->depth++] = name;
			if (read_member(s, a, level) < 0)
				rv = -1;
			s->depth--;
		}
		first = 0;
		if (s->stop)
			break;
	}
	if (d->failed && !d->reported && !s->stop) {
		/* Damage under an archive: say what broke, not only its effect. */
		set_member(s);
		s->loc.line = 0;
		s->cb->error(s->cb->arg, &s->loc, d->msg);
		d->reported = 1;
		rv = -1;
	}
	return rv;
}

/* The current member of outer (level archives deep): possibly
 * compressed, possibly an archive itself, so a reader of its own. */
static int
read_member(struct splitter *s, struct archive *outer, int level)
{
	struct archive *a = reader_new(1);
	struct nested *n = xmalloc(sizeof(*n));
	int rv;

	dec_init(&n->d, -1, outer);
	n->cb = s->cb;
	n->level = level + 1;
	n->last_end = 0;
	n->d.zipped = (archive_format(outer) & ARCHIVE_FORMAT_BASE_MASK) ==
	    ARCHIVE_FORMAT_ZIP;
	set_member(s);
	s->loc.line = 0;
	if (archive_read_open(a, n, NULL, nested_read, NULL) != ARCHIVE_OK) {
		report(s, a, "cannot read member");
		rv = -1;
	} else
		rv = read_entries(s, a, &n->d, level + 1);
	/* A zip entry read to its end has passed its CRC check. */
	if (rv == 0 && !n->d.failed && n->d.zipped && !s->stop &&
	    s->cb->verified != NULL)
		s->cb->verified(s->cb->arg, level + 1);
	archive_read_free(a);
	dec_end(&n->d);
	free(n);
	return rv;
}

/*
 * Whether a decoded stream starting with block p is NDJSON for certain:
 * an object first, and not a tar header (whose name might start with
 * '{'; its checksum tells).  No compression or zip starts with '{'.
 */
static int
plain_ndjson(const unsigned char *p, size_t n)
{
	unsigned long sum = 0, want = 0;
	size_t i;

	i = n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	if (n <= i || p[i] != '{')
		return 0;
	if (n < 512)
		return 1;
	for (i = 0; i < 512; i++)
		sum += i >= 148 && i < 156 ? ' ' : p[i];
	for (i = 148; i < 156 && (p[i] == ' ' || p[i] == '\0'); i++)
		;
	for (; i < 156 && p[i] >= '0' && p[i] <= '7'; i++)
		want = want * 8 + (unsigned long)(p[i] - '0');
	return sum != want;
}

/*
 * Plain NDJSON (after any gzip) is cut into lines straight from the
 * decoder: libarchive's set-up and format bidding cost more than a small
 * file's conversion.  Same lines, same messages as split_entry.
 */
static int
split_direct(struct splitter *s, struct feed *f, const void *block,
    la_ssize_t size)
{
	s->loc.line = 0;
	s->len = 0;
	s->overlong = 0;
	s->base = s->line_start = 0;
	s->first = 1;
	s->drop = 0;
	if (s->cb->member != NULL)
		s->cb->member(s->cb->arg, &s->loc);
	while (size > 0 && !s->stop && !s->drop) {
		split_block(s, block, (size_t)size);
		if (!s->stop && !s->drop)
			size = feed_read(NULL, f, &block);
	}
	if (s->drop)
		return 0;
	if (!s->stop && f->d.failed) {
		if (s->len > 0 && !s->overlong) {
			s->loc.line++;
			reject(s, IN_CUT_SHORT, "record cut short by a read error",
			    s->buf, s->len);
			s->loc.line--;
		}
		s->len = 0;
		s->loc.line++;
		s->cb->error(s->cb->arg, &s->loc, f->d.msg);
		f->d.reported = 1;
		return -1;
	}
	if (!s->stop && s->len > 0 && !s->overlong)
		emit(s, s->buf, s->len);	/* last line, no newline */
	s->len = 0;
	return 0;
}

/* Data, but neither a record nor an error (zero blocks read as an empty
 * tar): never passed over in silence. */
static void
nothing_found(struct splitter *s, uint64_t decoded)
{
	char msg[96];

	/* A stream cut into lines without a record held blank lines only. */
	if (s->records > 0 || s->skipped || s->split || decoded == 0 ||
	    s->cb->warning == NULL)
		return;
	s->loc.member = NULL;
	s->loc.line = 0;
	snprintf(msg, sizeof(msg), "no records in %" PRIu64 " bytes of data",
	    decoded);
	s->cb->warning(s->cb->arg, &s->loc, msg);
}

int
input_read(int fd, const char *name, const struct input_opts *opts,
    const struct input_cb *cb, uint64_t *bytes_in)
{
	struct splitter s = { .opts = opts, .cb = cb };
	struct archive *a;
	struct feed *f = feed_start(fd, cb, opts->threads);
	const void *first;
	la_ssize_t size;
	uint64_t bytes;
	int rv;

	s.loc.file = name;
	size = feed_read(NULL, f, &first);
	if (size > 0 && plain_ndjson(first, (size_t)size)) {
		checked_by(&s, f->d.gzip);
		rv = split_direct(&s, f, first, size);
		bytes = feed_stop(f);
		if (bytes_in != NULL)
			*bytes_in += bytes;
		free(s.member);
		free(s.buf);
		return s.stop ? 1 : rv;
	}
	f->replay = 1;
	a = reader_new(1);
	if (archive_read_open(a, f, NULL, feed_read, NULL) != ARCHIVE_OK) {
		report(&s, a, "cannot open");
		archive_read_free(a);
		feed_stop(f);
		return -1;
	}
	rv = read_entries(&s, a, &f->d, 1);
	if (archive_read_close(a) != ARCHIVE_OK && rv == 0 && !s.stop) {
		s.loc.member = NULL;
		s.loc.line = 0;
		report(&s, a, "close failed");
		rv = -1;
	}
	if (rv == 0 && !s.stop)
		nothing_found(&s, f->decoded);
	archive_read_free(a);
	bytes = feed_stop(f);
	if (bytes_in != NULL)
		*bytes_in += bytes;
	free(s.member);
	free(s.buf);
	return s.stop ? 1 : rv;
}
