/*
 * seen.c: a set of (device, inode) pairs; open addressing, kept at most
 * half full.  Memory grows with the files read (16 bytes each), not with
 * their size.
 */
#include <stdint.h>
#include <stdlib.h>

#include "seen.h"
#include "util.h"

struct slot {
	dev_t	dev;
	ino_t	ino;
	int	used;
};

struct seen {
	struct slot	*slot;
	size_t		 cap;		/* a power of two */
	size_t		 n;
};

struct seen *
seen_new(void)
{
	struct seen *s = xcalloc(1, sizeof(*s));

	s->cap = 64;
	s->slot = xcalloc(s->cap, sizeof(*s->slot));
	return s;
}

static size_t
slot_of(const struct seen *s, dev_t dev, ino_t ino)
{
	uint64_t h = (uint64_t)ino * 0x9E3779B97F4A7C15ull ^
	    (uint64_t)dev * 0xC2B2AE3D27D4EB4Full;

	h ^= h >> 29;
	return (size_t)h & (s->cap - 1);
}

static int
insert(struct seen *s, dev_t dev, ino_t ino)
{
	size_t i = slot_of(s, dev, ino);

	while (s->slot[i].used) {
		if (s->slot[i].dev == dev && s->slot[i].ino == ino)
			return 1;
		i = (i + 1) & (s->cap - 1);
	}
	s->slot[i].used = 1;
	s->slot[i].dev = dev;
	s->slot[i].ino = ino;
	s->n++;
	return 0;
}

int
seen_add(struct seen *s, dev_t dev, ino_t ino)
{
	struct slot *old = s->slot;
	size_t i, oldcap = s->cap;

	if (2 * (s->n + 1) > s->cap) {
		s->cap *= 2;
		s->slot = xcalloc(s->cap, sizeof(*s->slot));
		s->n = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i].used)
				insert(s, old[i].dev, old[i].ino);
		free(old);
	}
	return insert(s, dev, ino);
}

void
seen_free(struct seen *s)
{
	if (s == NULL)
		return;
	free(s->slot);
	free(s);
}
