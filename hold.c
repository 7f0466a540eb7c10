/*
 * hold.c: bytes held back until released or dropped.  A little memory,
 * then an unlinked temporary file in $TMPDIR (the page cache, not the
 * process, holds it), up to the bound; the file's part is always the
 * older one.  Memory so stays as bounded as without holding.
 */
#include <errno.h>	/* errno */
#include <stdio.h>	/* snprintf() */
#include <stdlib.h>	/* mkstemp(), getenv() */
#include <unistd.h>	/* write(), read(), unlink() */

#include "hold.h"
#include "util.h"

#define MEM_CAP		(1024 * 1024)	/* held in memory, at most */

struct hold {
	struct wbuf	 mem;
	size_t		 bound;
	int		 unbounded;	/* past the bound: on, in the file */
	int		 fd;		/* the spill file, or -1 */
	uint64_t	 spilled;	/* bytes in it */
};

struct hold *
hold_new(size_t bound, int unbounded)
{
	struct hold *h = xcalloc(1, sizeof(*h));

	h->bound = bound;
	h->unbounded = unbounded;
	h->fd = -1;
	wb_init(&h->mem, 0);
	return h;
}

static void
spill_failed(void)
{
	err(EXIT_FATAL, "cannot keep unverified events in a temporary file");
}

/* The spill file: 0, or -1 (errno set) when none can be made. */
static int
spill_open(struct hold *h)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];

	if (h->fd >= 0)
		return 0;
	snprintf(path, sizeof(path), "%s/cfecs-held.XXXXXX",
	    dir != NULL && *dir != '\0' ? dir : "/tmp");
	if ((h->fd = mkstemp(path)) < 0)
		return -1;
	unlink(path);
	return 0;
}

static void
spill_write(struct hold *h, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(h->fd, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			spill_failed();
		}
		p += w;
		n -= (size_t)w;
		h->spilled += (uint64_t)w;
	}
}

int
hold_add(struct hold *h, const char *p, size_t n)
{
	if (!h->unbounded && hold_bytes(h) + n > h->bound)
		return 1;
	if (h->mem.len + n > MEM_CAP) {
		if (spill_open(h) < 0) {
			if (h->unbounded)
				spill_failed();
			return 1;	/* written unverified, and said */
		}
		spill_write(h, h->mem.p, h->mem.len);
		h->mem.len = 0;
		if (n > MEM_CAP) {
			spill_write(h, p, n);
			return 0;
		}
	}
	wb_raw(&h->mem, p, n);
	return 0;
}

uint64_t
hold_bytes(const struct hold *h)
{
	return h->spilled + h->mem.len;
}

static void
forget(struct hold *h)
{
	h->mem.len = 0;
	if (h->fd >= 0 && (ftruncate(h->fd, 0) < 0 ||
	    lseek(h->fd, 0, SEEK_SET) < 0))
		spill_failed();
	h->spilled = 0;
}

int
hold_release(struct hold *h, struct sink *k)
{
	char buf[64 * 1024];
	ssize_t r;

	if (h->spilled > 0) {
		if (lseek(h->fd, 0, SEEK_SET) < 0)
			spill_failed();
		while ((r = read(h->fd, buf, sizeof(buf))) != 0) {
			if (r < 0) {
				if (errno == EINTR)
					continue;
				spill_failed();
			}
			if (sink_write(k, buf, (size_t)r) < 0)
				return -1;
		}
	}
	if (h->mem.len > 0 && sink_write(k, h->mem.p, h->mem.len) < 0)
		return -1;
	forget(h);
	return 0;
}

void
hold_drop(struct hold *h)
{
	forget(h);
}

void
hold_free(struct hold *h)
{
	if (h == NULL)
		return;
	if (h->fd >= 0)
		close(h->fd);
	wb_free(&h->mem);
	free(h);
}
