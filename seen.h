/*
 * seen.h: the files a run has read, by (device, inode), so that a file
 * reached twice (a symbolic link to a file in the tree, a hard link, an
 * operand named twice) is read once, as du and rsync -H do.
 */
#ifndef CFECS_SEEN_H
#define CFECS_SEEN_H

#include <sys/types.h>

struct seen;

struct seen	*seen_new(void);
/* 1 if (dev, ino) was added before, else adds it and returns 0. */
int		 seen_add(struct seen *, dev_t, ino_t);
void		 seen_free(struct seen *);

#endif
