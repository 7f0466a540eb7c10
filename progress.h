/*
 * progress.h: a one-line progress display on standard error for long
 * runs.  The caller calls these only when it wants the display (stderr
 * is a terminal and not -q); they are not thread-safe.
 */
#ifndef CFECS_PROGRESS_H
#define CFECS_PROGRESS_H

#include <stdint.h>

/* Totals may be 0: unknown (standard input). */
void	progress_start(uint64_t files_total, uint64_t bytes_total);
/*
 * Cheap to call often: redraws at most ~6 times a second.  bytes_done
 * (as read, compressed or not) gives the time left, json_bytes (the
 * lines, decompressed) the rate shown.
 */
void	progress_update(uint64_t files_done, uint64_t records,
	    uint64_t bytes_done, uint64_t json_bytes);
/*
 * Erases the line, if anything was drawn: at the end, or before a message
 * (a later progress_update() draws it again).
 */
void	progress_end(void);

#endif
