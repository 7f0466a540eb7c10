/*
 * util.h: exit codes and allocation that never returns NULL.  Running out
 * of memory is fatal (exit 2), so no caller checks malloc.
 */
#ifndef CFECS_UTIL_H
#define CFECS_UTIL_H

#include <err.h>	/* errx() */
#include <stdlib.h>	/* malloc(), calloc(), realloc() */
#include <string.h>	/* strlen(), memcpy() */

#define EXIT_DATA	1	/* ran to the end, some records or operands failed */
#define EXIT_FATAL	2	/* usage error, or output could not be written */

#define fatalx(...)	errx(EXIT_FATAL, __VA_ARGS__)

/*
 * The one path for messages (cfecs.c): "cfecs: FILE[:LINE]: TEXT", the
 * name escaped, the progress line erased, in order; -q silences those
 * that are not LOUD (about a whole operand).  LINE 0: none.
 */
typedef void	 msg_fn(int loud, const char *file, unsigned long long line,
		    const char *text);

static inline void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		fatalx("out of memory");
	return p;
}

static inline void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		fatalx("out of memory");
	return p;
}

static inline void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n ? n : 1)) == NULL)
		fatalx("out of memory");
	return p;
}

static inline char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

/* The n bytes at p as a C string. */
static inline char *
xstrndup(const char *p, size_t n)
{
	char *s = memcpy(xmalloc(n + 1), p, n);

	s[n] = '\0';
	return s;
}

#endif
