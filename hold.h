/*
 * hold.h: output held back until the input it came from has passed its
 * checksum (a gzip member's CRC and length, a zip entry's CRC), so that
 * no event of a damaged member is ever written.  Held bytes stay in
 * memory up to a megabyte, then in an unlinked temporary file, up to a
 * bound (none when unbounded); past it, or without a temporary file, the
 * caller writes them out unverified and says so.
 */
#ifndef CFECS_HOLD_H
#define CFECS_HOLD_H

#include <stddef.h>
#include <stdint.h>

#include "writer.h"

struct hold;

struct hold	*hold_new(size_t, int);
/* Keep p[0..n).  Returns 1, keeping nothing, when that would pass the
 * bound or no temporary file can be made (unbounded: exits instead). */
int		 hold_add(struct hold *, const char *, size_t);
uint64_t	 hold_bytes(const struct hold *);
/* Write everything held to the sink, oldest first, and forget it; -1
 * (errno set) on a write error. */
int		 hold_release(struct hold *, struct sink *);
void		 hold_drop(struct hold *);
void		 hold_free(struct hold *);

#endif
