/*
 * correlate.h: Sigma correlation rules (event_count, value_count,
 * temporal, temporal_ordered), the one stage that keeps state.
 *
 * The workers stay stateless: while a record is converted, detect.c
 * notes the facts a correlation needs (which referenced rule matched,
 * the group-by values, the field value of value_count, @timestamp) in
 * a per-thread buffer; the converting side moves them next to the
 * record (corr_take), and the committing side hands them over in input
 * order (corr_commit).  At the end of input corr_finish sorts them by
 * group and time, slides the windows and writes one alert per group
 * per incident, in a fixed order: the result does not depend on the
 * order of files or records, nor on -j.
 */
#ifndef CFECS_CORRELATE_H
#define CFECS_CORRELATE_H

#include <stddef.h>
#include <stdint.h>

#include <yaml.h>

struct wbuf;

enum corr_type { CT_EVENT_COUNT, CT_VALUE_COUNT, CT_TEMPORAL, CT_ORDERED };

/* aliases: name -> (rule name -> field) */
struct corr_alias {
	char		 *name;
	char		**rule;
	char		**field;
	size_t		  n;
};

/* One correlation rule.  ruleset.c links its references and fields. */
struct corr {
	int		  rule;		/* its rule in detect.c */
	enum corr_type	  type;
	char		**ref;		/* referenced rules: id or name */
	size_t		  nref;
	char		**group;	/* group-by, as written */
	size_t		  ngroup;
	struct corr_alias *alias;
	size_t		  nalias;
	char		 *field;	/* value_count: the field counted */
	int64_t		  span;		/* timespan, ns */
	char		 *span_text;
	int64_t		  lo, hi;	/* the count must lie in [lo, hi] ... */
	int		  has_neq;	/* ... and differ from neq */
	int64_t		  neq;
	int		  generate;	/* referenced rules alert on their own */
	/* linked (detect.c) */
	int		 *ref_corr;	/* per ref: a correlation's index or -1;
					   NULL: not linked (skipped) */
	int		 *from;		/* per ref, ngroup + 1 entries: the
					   group-by fields then the counted
					   field (-1: none); for a rule its
					   detect.c keys, for a correlation
					   places in that one's group-by */
	char		**ecs;		/* per group-by: ECS path of the value */
	int		  out;		/* its alerts are written */
	int		  done;		/* evaluated (chains: inner first) */
};

/* The field that FIELD (a group-by or the counted field) reads in the
 * events of the rule named NAME: its alias, or FIELD itself. */
const char	*corr_field(const struct corr *, const char *field,
		    const char *name);
const char	*corr_type_name(enum corr_type);

/* The correlation: map of a rule; 0, or -1 with why (and *line). */
int		 corr_parse(struct corr *, yaml_document_t *, yaml_node_t *,
		    char *why, size_t whylen, int *line);
void		 corr_clear(struct corr *);

/* ---- workers: facts of the record being converted ---- */

/* A fact for --summary, not a correlation's: ref is the rule, the two
 * values its source address and host. */
#define CORR_SUMMARY	0xFFFFFFFFU

/* Start the record's facts in BUF (the worker's own). */
void		 corr_begin(struct wbuf *buf, int64_t ts);
/* One referenced rule matched: c, ref, then ngroup values, the field. */
void		 corr_fact(unsigned c, int ref, const char *const *val,
		    const size_t *len, size_t n, const char *fval, size_t flen);
/* Move the facts into DST ([u32 length][fingerprint][facts]); 0 if
 * none.  LINE is the record, for its fingerprint. */
int		 corr_take(struct wbuf *dst, const char *line, size_t len);
/* The record is not kept (--from/--to): forget its facts. */
void		 corr_drop(void);

/* ---- the committing side ---- */

struct corrset;
typedef void	 corr_put_fn(void *arg, const char *path, const char *json,
		    size_t n);
/* The rule.*, event.severity ... of rule R, as (path, JSON) pairs. */
typedef void	 corr_rule_fn(void *arg, int r, corr_put_fn *, void *);
typedef const char *corr_name_fn(void *arg, int r);	/* "id (file)" */

struct corrset	*corr_new(struct corr *const *, size_t n, size_t max_bytes,
		    int time_digits, corr_rule_fn *, corr_name_fn *, void *arg);
void		 corr_free(struct corrset *);
struct summary;
/* --summary: hits of rules and the correlations' alerts go there too. */
void		 corr_set_summary(struct corrset *, struct summary *);
/* The facts of one record (corr_take's bytes), in input order. */
void		 corr_commit(struct corrset *, const char *p);
/* Evaluate; each alert goes to EMIT as a line of JSON (with its
 * newline) and its @timestamp, in order.  Returns how many. */
typedef void	 corr_emit_fn(void *arg, int64_t ts, const char *line,
		    size_t n);
size_t		 corr_finish(struct corrset *, corr_emit_fn *emit, void *arg);
/* Facts dropped at the memory bound (each named in a message). */
uint64_t	 corr_dropped(const struct corrset *);
/* Records that matched a referenced rule but had no @timestamp. */
uint64_t	 corr_untimed(const struct corrset *);
/* Bytes the stage holds, and the events (facts) it keeps. */
size_t		 corr_bytes(const struct corrset *);
size_t		 corr_facts(const struct corrset *);
/* The fingerprint of a line, as the bulk _id: 22 characters and NUL. */
size_t		 corr_fingerprint(const char *, size_t, char *out);

#endif
