/*
 * input.h: one operand -> lines.  Every operand goes through libarchive,
 * which recognises compression and archive formats by content: plain
 * NDJSON, gzip (several members too), bzip2, xz, zstd, tar and zip, and
 * compressed files inside tar or zip archives.
 */
#ifndef CFECS_INPUT_H
#define CFECS_INPUT_H

#include <stddef.h>
#include <stdint.h>

/* Where a line came from, for messages: FILE[(MEMBER)]:LINE. */
struct loc {
	const char	*file;		/* path, or "<stdin>" */
	const char	*member;	/* archive member, or NULL */
	uint64_t	 line;		/* 1-based line number in the member */
	uint64_t	 offset;	/* of the line's first byte in the
					   decompressed member (or file) */
};

enum input_reject {
	IN_TOO_LONG,		/* longer than max_record */
	IN_CUT_SHORT		/* the input broke off inside it */
};

struct input_cb {
	void	*arg;
	/* A member (or the whole file) starts. */
	void	(*member)(void *, const struct loc *);
	/* One non-blank line, without its newline; not NUL-terminated.
	 * Returns non-zero to stop reading (--strict, a signal). */
	int	(*line)(void *, const char *, size_t, const struct loc *);
	/* A record the reader itself rejects (too long, cut short). */
	int	(*reject)(void *, enum input_reject, const char *,
		    const char *, size_t, const struct loc *);
	/* A problem with the operand or a member rather than a record. */
	void	(*error)(void *, const struct loc *, const char *);
	/* No input for a while (a slow pipe): a chance to write out. */
	void	(*idle)(void *);
	/* Bytes of the operand read so far (for a progress display). */
	void	(*bytes)(void *, uint64_t);
	/* An archive member left out (not a log, in a hidden directory). */
	void	(*skip)(void *, const struct loc *, const char *);
	/* Not a read error, but not to be passed over: data that held no
	 * record (optional). */
	void	(*warning)(void *, const struct loc *, const char *);
	/* The stream is cfecs's own output (ECS events, _bulk lines): left
	 * out (optional). */
	void	(*own_output)(void *, const struct loc *);
	/* The lines that follow wait for the check at this level (1: the
	 * operand; 0: none): a gzip member's CRC and length, a zip entry's
	 * CRC (optional). */
	void	(*checked)(void *, int);
	/* Every line handed out so far whose check is at this level has
	 * passed it (optional). */
	void	(*verified)(void *, int);
};

struct input_opts {
	size_t		 max_record;	/* --max-record-size */
	int		 verbose;
	int		 threads;	/* decode in a thread of its own */
};

/* Read one operand from an open descriptor; name is for messages.
 * Returns 0 when the whole operand was read, -1 when part of it could not
 * be (already reported), 1 when a callback asked to stop.  Adds the bytes
 * read (before decompression) to *bytes_in. */
int	input_read(int, const char *, const struct input_opts *,
	    const struct input_cb *, uint64_t *);

/* Files in a directory walk that are not logs (ownership challenges,
 * notes, hidden files): skipped. */
int	input_not_a_log(const char *);

#endif
