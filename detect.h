/*
 * detect.h: Sigma rules over the mapped records (a stage after mapping).
 *
 * Rules are loaded and compiled once, before the workers start: grouped
 * by the Logpush datasets their logsource covers, field names resolved to
 * the record's values, literals lower-cased, regexes compiled with PCRE2
 * (JIT).  A record that matches some rules becomes an alert (rule.*,
 * event.severity, event.risk_score, threat.*); one that matches nothing
 * is left exactly as it was.
 */
#ifndef CFECS_DETECT_H
#define CFECS_DETECT_H

#include <stddef.h>
#include <stdio.h>

#include "util.h"	/* msg_fn */

struct detect;
struct map_stage;

/* After map_init (field names are resolved through the mapper). */
struct detect	*detect_new(int quiet);
void		 detect_free(struct detect *);
/* Messages through SAY (else standard error, -q as detect_new says). */
void		 detect_set_say(struct detect *, msg_fn *say);

/* --logsource CATEGORY=DATASET: rules of that Sigma category apply to
 * the dataset too (before loading); -1 if SPEC is not of that form or
 * names no dataset. */
int		 detect_logsource(struct detect *, const char *spec);

/* A rule file or a directory of them (recursive, sorted); -1 if PATH
 * could not be read at all.  Problems with rules are warnings, counted. */
int		 detect_load(struct detect *, const char *path);
/* The built-in rules (--detect); -1 if their directory is not found. */
int		 detect_load_builtin(struct detect *);
/* One rule file's text; NAME is for messages. */
void		 detect_load_text(struct detect *, const char *name,
		    const char *text, size_t len);

/* Warnings so far: files that did not parse, rules that were skipped
 * for something unsupported (not those for another logsource). */
size_t		 detect_problems(const struct detect *);
size_t		 detect_loaded(const struct detect *);
/* Loaded, but with a value its field can never hold (warned at load;
 * a problem for --strict; not counted in detect_loaded). */
size_t		 detect_never(const struct detect *);
size_t		 detect_skipped(const struct detect *);

/* Before loading: --min-level (a severity, 1 to 5; 0: all),
 * --include-deprecated, --summary. */
void		 detect_options(struct detect *, int min_severity,
		    int all_status, int summary);
/* A rule's id and title (summary_name_fn). */
void		 detect_rule_title(void *, int rule, const char **id,
		    const char **title);
/* A level's severity (1 informational .. 5 critical); 0 if unknown. */
int		 detect_level(const char *);

/* --list-rules: id, title, level, datasets, and for correlations and
 * filters what they read or apply to; -v adds skipped rules. */
void		 detect_list(struct detect *, FILE *, int verbose);

/* The correlation rules, linked (correlate.h); the callbacks for
 * corr_new take the struct detect as their argument. */
struct corr;
struct corr *const *detect_correlations(struct detect *, size_t *n);
void		 detect_rule_fields(void *, int rule,
		    void (*put)(void *, const char *, const char *, size_t),
		    void *);
const char	*detect_rule_name(void *, int rule);

/* Regular expression runs that hit a PCRE2 limit; *not_run: those not
 * run because their record's time budget was spent (after the run). */
unsigned long long detect_limit_hits(const struct detect *,
		    unsigned long long *not_run);


/* Fill the stage (shared state, worker state, run). */
void		 detect_stage(struct detect *, struct map_stage *);

#endif
