/*
 * writer.h: the output side.  A wbuf collects whole records; only whole
 * records reach the sink, so an error or a signal never leaves half a line.
 */
#ifndef CFECS_WRITER_H
#define CFECS_WRITER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct wbuf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

void	wb_init(struct wbuf *, size_t);
void	wb_free(struct wbuf *);
void	wb_grow(struct wbuf *, size_t);
void	wb_str(struct wbuf *, const char *, size_t);
void	wb_i64(struct wbuf *, int64_t);
size_t	utf8_valid_prefix(const char *, size_t);
size_t	utf8_repair(char *, const char *, size_t);

static inline void
wb_reserve(struct wbuf *b, size_t n)
{
	if (b->cap - b->len < n)
		wb_grow(b, n);
}

static inline void
wb_raw(struct wbuf *b, const char *s, size_t n)
{
	wb_reserve(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static inline void
wb_char(struct wbuf *b, char c)
{
	wb_reserve(b, 1);
	b->p[b->len++] = c;
}

#define wb_lit(b, s)	wb_raw((b), (s), sizeof(s) - 1)

/* Where records go: a file descriptor, optionally through gzip. */
struct sink;

struct sink	*sink_open(const char *);
int		 sink_write(struct sink *, const char *, size_t);
int		 sink_close(struct sink *);
int		 sink_sync(struct sink *);
uint64_t	 sink_bytes(const struct sink *);
void		 sink_cut_on_signal(struct sink *, uint64_t);
int		 sink_cuttable(const struct sink *);
int		 sink_cut(struct sink *, uint64_t);

#endif
