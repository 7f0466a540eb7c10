/*
 * summary.h: --summary, what a hunt found: per rule that fired, its
 * hits, first and last @timestamp, the top source addresses and the
 * number of distinct hosts.  Fed on the committing side (in input
 * order, then the correlations' alerts), written after the run.
 */
#ifndef CFECS_SUMMARY_H
#define CFECS_SUMMARY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct summary;

/* NAMES: per rule index, its id and title (looked up when written). */
typedef void	 summary_name_fn(void *arg, int rule, const char **id,
		    const char **title);

/* TIMES: keep every hit's time, for the timelines of summary_html. */
struct summary	*summary_new(summary_name_fn *, void *arg, int times);
void		 summary_free(struct summary *);
/* One hit of RULE; ip and host may be empty. */
void		 summary_add(struct summary *, int rule, int64_t ts,
		    const char *ip, size_t iplen, const char *host,
		    size_t hostlen);
/* A table (for people) or JSON (for scripts); -1 on a write error. */
int		 summary_table(struct summary *, FILE *);
int		 summary_json(struct summary *, FILE *);
/* --report: one self-contained HTML page (inline SVG, no scripts). */
int		 summary_html(struct summary *, FILE *);

#endif
