/*
 * batch.h: records converted in batches, by a pool of worker threads,
 * committed in input order.  The main thread fills a batch with lines
 * (and with the reader's own messages, so that they keep their place);
 * a worker converts it; the main thread commits finished batches in the
 * order they were filled.  With no workers everything runs inline.
 */
#ifndef CFECS_BATCH_H
#define CFECS_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "writer.h"

#define NO_MEMBER	((size_t)-1)

enum entry_kind {
	E_LINE,		/* a record to convert */
	E_REJECT,	/* a record the reader rejected (code: enum input_reject) */
	E_ERROR,	/* a message about the operand (text: the message) */
	E_NOTE,		/* -v: a member skipped (text: the message) */
	E_FAILED,	/* an operand that could not be read (text: why) */
	E_WARNING,	/* data that held no record (text: the message) */
	E_OWN_OUTPUT,	/* a stream of cfecs's own output, left out */
	E_VERIFIED,	/* the lines before, checked at level code, are sound */
	E_END		/* the operand ends (tag: what its end needs) */
};

struct dataset;

/* Where a segment of out ends, and its gzip member in gz. */
struct segment {
	size_t		 out_end;
	size_t		 gz_end;
};

struct entry {
	enum entry_kind		 kind;
	int			 code;		/* E_REJECT reason; result after work */
	uint64_t		 line;
	uint64_t		 offset;	/* of the line, in its stream */
	int			 no_path;	/* standard input: no file path */
	size_t			 member;	/* member name in text, or NO_MEMBER */
	size_t			 file;		/* operand name in text */
	void			*tag;		/* E_END: the caller's */
	const struct dataset	*hint;		/* dataset named by the path */
	size_t			 off;		/* the line or message in text */
	size_t			 len;
	size_t			 out_len;	/* bytes the entry added to out */
	size_t			 why;		/* message in notes, after work */
	int			 not_ecs;	/* --check: the event fails ECS */
	int			 marks;		/* of the event, after work:
						   cfecs.c's MARK_* bits */
	size_t			 time_why;	/* MARK_TIME: message in notes */
	size_t			 detect_why;	/* MARK_INCOMPLETE: message in notes */
	int			 alert;		/* the event matched a rule */
	int			 checked;	/* E_LINE: the level of the check
						   it waits for, 0 none */
	size_t			 facts;		/* correlation facts in notes,
						   + 1; 0: none */
};

struct batch {
	struct entry	*e;
	size_t		 n;
	size_t		 cap;
	struct wbuf	 text;		/* lines, member names, messages */
	struct wbuf	 out;		/* converted events, entry after entry */
	struct wbuf	 notes;		/* workers' messages (NUL-terminated) */
	struct wbuf	 gz;		/* -z: out compressed, a gzip member
					   per segment (up to each E_END) */
	struct segment	*seg;
	size_t		 nseg;
	size_t		 segcap;
	/* the pool's */
	uint64_t	 seq;
	int		 done;
};

typedef void	 batch_work_fn(struct batch *, void *);
typedef void	 batch_commit_fn(struct batch *);

struct pool;

struct pool	*pool_new(int, void *(*)(void), void (*)(void *),
		    batch_work_fn *, batch_commit_fn *);
struct batch	*pool_batch(struct pool *);
struct entry	*batch_add(struct batch *, enum entry_kind, const char *,
		    size_t);
int		 batch_full(const struct batch *);
void		 batch_segment(struct batch *, size_t, size_t);
void		 pool_submit(struct pool *);
void		 pool_drain(struct pool *);
void		 pool_free(struct pool *);

#endif
