/*
 * What the parts of the cfecs program share: the one state struct g, the
 * marks workers leave on events, and the functions one part calls in
 * another.  Private to the program: cfecs.c (main, messages, signals,
 * the stages), options.c, walk.c (operands), work.c (workers), commit.c.
 */
#ifndef CFECS_INT_H
#define CFECS_INT_H

#include <sys/types.h>	/* dev_t, ino_t */
#include <sys/stat.h>	/* struct stat */
#include <signal.h>	/* sig_atomic_t */
#include <stdint.h>	/* uint64_t, int64_t */
#include <stdio.h>	/* FILE */

#include <zlib.h>	/* z_stream */

#include "batch.h"
#include "input.h"
#include "mapper.h"
#include "writer.h"

#define CFECS_VERSION	"1.1.0"
#define MAX_JOBS	256
#define SMALL_FILE	(256 * 1024)	/* decoded without a thread of its own */

#define report(...)	report_at(0, __VA_ARGS__)

enum reject_reason {
	R_JSON,		/* not valid JSON */
	R_OBJECT,	/* valid JSON, not an object */
	R_LONG,		/* longer than --max-record-size */
	R_CUT,		/* cut short by a read error */
	R_UNKNOWN,	/* dataset not recognised, with --strict */
	R_CORRUPT,	/* its member failed its checksum: not written */
	R_COUNT
};

struct stats {
	uint64_t	read;		/* records (non-blank lines) seen */
	uint64_t	converted;	/* written as events */
	uint64_t	unknown;	/* of those, dataset not recognised */
	uint64_t	not_ecs;	/* --check: of those, not valid ECS */
	uint64_t	rejected[R_COUNT];
	uint64_t	bytes_in;	/* input bytes before decompression */
	uint64_t	bytes_out;	/* event bytes produced */
	uint64_t	read_errors;	/* files or members cut short, unreadable */
	uint64_t	files;		/* files read or tried */
	uint64_t	failed;		/* ... not read to the end */
	uint64_t	no_time;	/* events without a readable time */
	uint64_t	no_id;		/* --id-field absent: fingerprint _id */
	uint64_t	alerts;		/* events that matched a rule */
	uint64_t	no_records;	/* files of data without a record */
	uint64_t	outside;	/* converted, not kept: --from/--to */
	uint64_t	incomplete;	/* events whose rules were not all
					   evaluated (regex limit, budget) */
};

/* A file the run writes, so that it never reads it too. */
struct fileid {
	int	set;
	dev_t	dev;
	ino_t	ino;
};

/* What an event carries back from its worker (entry.marks). */
#define MARK_TIME	1	/* error.type invalid_time or missing_time */
#define MARK_NO_ID	2	/* the --id-field was absent */
#define MARK_OUTSIDE	4	/* @timestamp outside --from/--to */
#define MARK_INCOMPLETE	8	/* rules not all evaluated (note: detect_why) */

/* All program state: options, then the run. */
struct cfecs {
	/* options */
	int			 recursive;	/* -r: descend into directories */
	int			 strict;	/* stop at the first problem */
	int			 quiet;		/* -q: no per-record messages */
	int			 verbose;	/* -v: per-operand summaries */
	int			 stats;		/* --stats: summary at the end */
	int			 gzip;		/* -z: gzip the output */
	int			 level;		/* --level: gzip's, 1 to 9 */
	int			 no_provenance;	/* --no-provenance */
	const char		*output;	/* -o FILE, NULL for stdout */
	const char		*rejects_path;	/* --rejects FILE */
	const char		*bulk;		/* --bulk INDEX pattern */
	const char		*bulk_op;	/* --bulk-op: "index" or "create" */
	int			 print_template; /* --print-template, and ... */
	int			 data_stream;	/* ... --data-stream */
	int			 opensearch;	/* ... --opensearch */
	int			 check;		/* --check: validate, write nothing */
	const char		*state_path;	/* --state FILE */
	int			 progress;	/* draw a progress line */
	int			 counting;	/* walking operands for totals */
	struct map_options	 map;		/* what the mapper needs */
	struct input_opts	 in;		/* what the reader needs */
	int			 jobs;		/* -j: conversion threads */
	const char		**ioc_files;	/* --ioc FILE ..., NULL-terminated */
	size_t			 nioc;
	int			 ioc_any_time;	/* --ioc-any-time */
	struct ioc		*ioc;		/* the indicators loaded */
	const char		**rules;	/* --rules PATHs */
	size_t			 nrules;
	const char		**logsources;	/* --logsource CATEGORY=DATASET */
	size_t			 nlogsources;
	int			 builtin;	/* --detect */
	int			 alerts_only;	/* --alerts */
	int			 list_rules;	/* --list-rules */
	struct detect		*detect;	/* the rules, when any */
	struct corrset		*corr;		/* correlation rules, when any */
	size_t			 corr_bytes;	/* --correlation-memory */
	int			 range;		/* --from or --to given */
	int			 summary;	/* --summary */
	const char		*summary_path;	/* --summary=FILE: JSON there */
	const char		*report_path;	/* --report FILE: HTML */
	struct summary		*sum;
	int64_t			 from, to;	/* keep from <= @timestamp < to */
	int			 min_level;	/* --min-level: severity */
	int			 all_status;	/* --include-deprecated */
	int			 no_enrich;	/* --no-enrich */
	const char		*ua_regexes;	/* --ua-regexes FILE */
	/* the run */
	struct pool		*pool;		/* converts batches of records */
	struct sink		*sink;
	struct sink		*rejects;
	const char		*name;		/* operand, for messages */
	struct batch		*member_batch;	/* holds the member name ... */
	size_t			 member_off;	/* ... at this offset */
	struct batch		*file_batch;	/* holds operand opseq's name ... */
	size_t			 file_off;	/* ... at this offset */
	uint64_t		 file_seq;
	z_stream		*z;		/* -z: for what workers did not */
	struct wbuf		 zout;		/* ... compress */
	uint64_t		 opseq;		/* operands started */
	int			 pipelined;	/* operands follow without a wait */
	int			 no_path;	/* reading standard input */
	const struct dataset	*hint;		/* dataset named by the path */
	const struct dataset	*file_hint;	/* ... by the operand's path */
	struct stats		 op;		/* current operand */
	struct stats		 total;
	struct state		*state;		/* --state: finished files */
	struct seen		*seen;		/* files read, by inode */
	size_t			 hold_max;	/* --hold-size; 0: no holding */
	struct hold		*held;		/* events waiting for a check */
	struct hold		*held_lines;	/* ... their lines (--rejects) */
	unsigned		 held_levels;	/* checks they wait for (bits) */
	int			 held_through;	/* past the bound: written */
	struct wbuf		 held_facts;	/* correlation facts of the held
						   events, committed with them */
	int			 hold_cut;	/* held events are written, and
						   cut back off the output file if
						   their member fails */
	uint64_t		 held_at;	/* ... from this many bytes on */
	struct stats		 held_from;	/* g.op when holding began */
	int			 checked;	/* reader: the check lines wait for */
	uint64_t		 files_total;	/* for the progress line */
	uint64_t		 bytes_total;
	uint64_t		 files_done;
	uint64_t		 bytes_done;	/* of finished operands */
	uint64_t		 op_bytes;	/* read so far of this one */
	uint64_t		 json_done;	/* uncompressed bytes of lines */
	uint64_t		 state_done_bytes; /* output of recorded files */
	struct fileid		 outputs[3];	/* output, rejects, state */
	char			*cm_name;	/* member being committed */
	struct batch		*cm_batch;	/* ... as last seen in this batch */
	size_t			 cm_off;
	uint64_t		 cm_events;	/* its events written */
	int			 status;	/* exit status so far */
	int			 stop;		/* --strict tripped, or a signal */
};

extern struct cfecs g;

extern volatile sig_atomic_t busy;		/* writing events */
extern volatile sig_atomic_t caught;		/* signal seen while busy */
extern volatile sig_atomic_t stopping;		/* --state: first signal */
extern volatile sig_atomic_t graceful;		/* ... may wait for the file */

/*
 * What the workers read: filled in once, before the pool starts, and
 * handed to each worker as const; workers never read g, which the main
 * thread keeps changing while they run.
 */
struct work_conf {
	const char	*bulk;		/* --bulk INDEX pattern, or NULL */
	const char	*bulk_op;	/* --bulk-op: "index" or "create" */
	int		 alerts_only;	/* --alerts */
	int		 check;		/* --check: validate, write nothing */
	int		 level;		/* -z: the gzip level; 0: no gzip */
	int		 provenance;	/* log.file.path and log.offset */
	int		 range;		/* --from or --to given */
	int64_t		 from, to;	/* keep from <= @timestamp < to */
	int		 correlate;	/* some correlation rule is linked */
};

extern struct work_conf work_conf;

/* cfecs.c: messages, output errors, signals */
const char	*shown(const char *);
void		 stdout_done(void);
void		 report_at(int, const struct loc *, const char *, ...);
void		 write_failed(void);
void		 finish_and_die(int);

/* options.c: usage and the command line */
void		 usage(FILE *, int);
void		 usage_error(const char *, const char *);
void		 parse_options(int, char *[]);
void		 print_template(char *[]);

/* walk.c: operands */
uint64_t	 rejected(const struct stats *);
void		 print_stats(const char *, const struct stats *);
void		 state_failed(void);
void		 end_held(void *);
void		 finish_operand(void *);
void		 skipped(const char *, const char *);
void		 convert_path(const char *, int);
void		 convert_stdin(void);

/* work.c: the workers' side (pool_new's convert) */
z_stream	*gz_new(int);
void		 gz_free(z_stream *);
void		 gz_member(z_stream *, struct wbuf *, const char *, size_t);
void		*worker_new(void);
void		 worker_free(void *);
size_t		 index_name(const char *, const struct map_info *,
		    const struct dataset *, char *, size_t);
void		 bulk_action(const struct work_conf *, struct wbuf *,
		    const struct map_info *, const struct dataset *);
void		 convert_batch(struct batch *, void *);

/* commit.c: the committing side (pool_new's commit) */
void		 hold_release_all(void);
uint64_t	 hold_drop_all(void);
void		 commit_batch(struct batch *);

#endif
