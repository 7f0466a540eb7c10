/*
 * state.h: resumable batch runs (--state FILE).  The state file remembers
 * each finished operand with its size and modification time, so a rerun
 * over a growing bucket converts only the new (or changed) files.
 *
 * File format, an append-log of text lines:
 *	# cfecs state v1
 *	<size>\t<mtime seconds>.<9-digit nanoseconds>\t<path>\n
 * with \, newline and tab in the path written as \\, \n and \t.  Later
 * lines for a path override earlier ones.
 */
#ifndef CFECS_STATE_H
#define CFECS_STATE_H

#include <sys/stat.h>

struct state;

/*
 * A missing file is an empty state; NULL and errno on a read error (and
 * EINVAL if the file is not a cfecs state file).  Malformed lines are
 * ignored: a crash mid-write leaves at most a partial last line.
 */
struct state	*state_load(const char *path);
/* 1 if path was recorded with the same st_size and st_mtim, else 0. */
int		 state_seen(const struct state *, const char *path,
		    const struct stat *);
/*
 * Append one line for path to the file (opened on first use, created
 * 0666 & ~umask), fsync it, and remember it.  0, or -1 and errno.
 */
int		 state_record(struct state *, const char *path,
		    const struct stat *);
void		 state_free(struct state *);

#endif
