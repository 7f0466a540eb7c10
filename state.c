/*
 * state.c: the --state file, an append-log of finished operands.
 *
 * Each record is one write(2) of one whole line to a file opened with
 * O_APPEND, then fsync(2), so a crash loses at most the line being
 * written and leaves at most a partial last line.  Loading ignores such
 * a line; before appending after one, "\t\n" ends it as a line with a
 * raw tab in its path, which is malformed, so a cut-off path can never
 * be mistaken for a finished one.
 */
#include <errno.h>	/* errno, ENOENT, EINVAL, EINTR */
#include <fcntl.h>	/* open() */
#include <inttypes.h>	/* intmax_t, PRIdMAX */
#include <stdint.h>	/* uint64_t, INT64_MAX */
#include <stdio.h>	/* fdopen(), getline(), snprintf() */
#include <string.h>	/* strcmp(), memcmp() */
#include <unistd.h>	/* write(), pread(), fsync(), ftruncate(), close() */

#include "state.h"
#include "util.h"

#define HEADER		"# cfecs state v1\n"
#define HEADER_LEN	(sizeof(HEADER) - 1)
#define REPAIR		"\t\n"
#define INITIAL_CAP	1024	/* hash slots; a power of 2 */

struct entry {
	char		*path;		/* NULL: an empty slot */
	uint64_t	 hash;
	intmax_t	 size;
	intmax_t	 sec;
	long		 nsec;
};

struct state {
	char		*file;
	int		 fd;		/* -1 until the first state_record */
	int		 recheck;	/* check the file's end first */
	struct entry	*tab;		/* open addressing, linear probing */
	size_t		 cap;
	size_t		 n;
};

/* FNV-1a, then a finalizer, since probing uses the low bits. */
static uint64_t
hash_path(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

/* The slot of path, or the empty slot where it would go. */
static struct entry *
find(const struct state *st, const char *path, uint64_t h)
{
	size_t i = h & (st->cap - 1);

	while (st->tab[i].path != NULL &&
	    (st->tab[i].hash != h || strcmp(st->tab[i].path, path) != 0))
		i = (i + 1) & (st->cap - 1);
	return &st->tab[i];
}

static void
grow(struct state *st)
{
	struct entry *old = st->tab, *e;
	size_t i, ocap = st->cap;

	st->cap *= 2;
	st->tab = xcalloc(st->cap, sizeof(*st->tab));
	for (i = 0; i < ocap; i++) {
		if (old[i].path == NULL)
			continue;
		e = find(st, old[i].path, old[i].hash);
		*e = old[i];
	}
	free(old);
}

/* Insert or update; path is copied. */
static void
remember(struct state *st, const char *path, intmax_t size, intmax_t sec,
    long nsec)
{
	struct entry *e;
	uint64_t h = hash_path(path);

	e = find(st, path, h);
	if (e->path == NULL) {
		/* keep the load factor at most 1/2 */
		if ((st->n + 1) * 2 > st->cap) {
			grow(st);
			e = find(st, path, h);
		}
		e->path = xstrdup(path);
		e->hash = h;
		st->n++;
	}
	e->size = size;
	e->sec = sec;
	e->nsec = nsec;
}

/* Decimal digits at *sp into *v (at most INT64_MAX); -1 if none or too big. */
static int
parse_num(const char **sp, const char *end, intmax_t *v)
{
	const char *s = *sp;
	uint64_t n = 0;

	if (s >= end || *s < '0' || *s > '9')
		return -1;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		if (n > (INT64_MAX - (uint64_t)(*s - '0')) / 10)
			return -1;
		n = n * 10 + (uint64_t)(*s - '0');
	}
	*v = (intmax_t)n;
	*sp = s;
	return 0;
}

/* One line without its newline: "size\tsec.nsec\tpath"; -1 if malformed. */
static int
parse_line(struct state *st, const char *s, size_t len)
{
	const char *end = s + len;
	char *path, *p;
	intmax_t size, sec, nsec;
	int neg = 0, i;

	if (parse_num(&s, end, &size) == -1 || s >= end || *s++ != '\t')
		return -1;
	if (s < end && *s == '-') {
		neg = 1;
		s++;
	}
	if (parse_num(&s, end, &sec) == -1 || s >= end || *s++ != '.')
		return -1;
	if (neg)
		sec = -sec;
	for (i = 0, nsec = 0; i < 9; i++, s++) {
		if (s >= end || *s < '0' || *s > '9')
			return -1;
		nsec = nsec * 10 + (*s - '0');
	}
	if (s >= end || *s++ != '\t' || s >= end)
		return -1;

	/* the path: unescape; a raw tab or NUL, or a stray \, is malformed */
	p = path = xmalloc(end - s + 1);
	for (; s < end; s++) {
		if (*s == '\t' || *s == '\0')
			goto bad;
		if (*s != '\\') {
			*p++ = *s;
			continue;
		}
		if (++s >= end)
			goto bad;
		if (*s == '\\')
			*p++ = '\\';
		else if (*s == 'n')
			*p++ = '\n';
		else if (*s == 't')
			*p++ = '\t';
		else
			goto bad;
	}
	*p = '\0';
	remember(st, path, size, sec, (long)nsec);
	free(path);
	return 0;
bad:
	free(path);
	return -1;
}

static struct state *
state_new(const char *path)
{
	struct state *st = xcalloc(1, sizeof(*st));

	st->file = xstrdup(path);
	st->fd = -1;
	st->cap = INITIAL_CAP;
	st->tab = xcalloc(st->cap, sizeof(*st->tab));
	return st;
}

struct state *
state_load(const char *path)
{
	struct state *st;
	struct stat sb;
	FILE *fp;
	char *line = NULL, head[HEADER_LEN];
	size_t cap = 0, hn;
	ssize_t n;
	int fd, saved;

	st = state_new(path);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			return st;
		goto fail;
	}
	/* appending, ftruncate() and fsync() need a regular file */
	if (fstat(fd, &sb) == -1)
		goto fail_fd;
	if (!S_ISREG(sb.st_mode)) {
		errno = S_ISDIR(sb.st_mode) ? EISDIR : EINVAL;
		goto fail_fd;
	}
	if ((fp = fdopen(fd, "r")) == NULL)
		goto fail_fd;

	/*
	 * Refuse to append to a file that is not ours (without reading a
	 * long first line); a partial header is what a crash leaves.
	 */
	hn = fread(head, 1, HEADER_LEN, fp);
	if (memcmp(head, HEADER, hn) != 0) {
		errno = EINVAL;
		goto fail_fp;
	}
	while (hn == HEADER_LEN && (n = getline(&line, &cap, fp)) != -1) {
		if (line[n - 1] != '\n')
			break;		/* a partial last line */
		(void)parse_line(st, line, n - 1);
	}
	if (ferror(fp)) {
		if (errno == 0)
			errno = EIO;
		goto fail_fp;
	}
	free(line);
	fclose(fp);
	return st;

fail_fd:
	saved = errno;
	close(fd);
	errno = saved;
	goto fail;
fail_fp:
	saved = errno;
	free(line);
	fclose(fp);
	errno = saved;
fail:
	saved = errno;
	state_free(st);
	errno = saved;
	return NULL;
}

int
state_seen(const struct state *st, const char *path, const struct stat *sb)
{
	const struct entry *e;

	e = find(st, path, hash_path(path));
	return e->path != NULL && e->size == (intmax_t)sb->st_size &&
	    e->sec == (intmax_t)sb->st_mtim.tv_sec &&
	    e->nsec == (long)sb->st_mtim.tv_nsec;
}

/*
 * What must go before the next line: the header for an empty file (or
 * one whose header a crash cut short), REPAIR after a partial line.
 */
static int
prefix_for(int fd, const char **prefix)
{
	struct stat sb;
	char buf[HEADER_LEN];
	ssize_t n;

	*prefix = "";
	if (fstat(fd, &sb) == -1)
		return -1;
	if (sb.st_size <= (off_t)HEADER_LEN) {
		if ((n = pread(fd, buf, sb.st_size, 0)) == -1)
			return -1;
		if (n == sb.st_size && memcmp(buf, HEADER, n) == 0 &&
		    (size_t)n < HEADER_LEN) {
			if (n > 0 && ftruncate(fd, 0) == -1)
				return -1;
			*prefix = HEADER;
			return 0;
		}
	}
	if ((n = pread(fd, buf, 1, sb.st_size - 1)) == -1)
		return -1;
	if (n != 1 || buf[0] != '\n')
		*prefix = REPAIR;
	return 0;
}

/* The record line, path escaped, after prefix; *lenp gets its length. */
static char *
format_line(const char *prefix, const char *path, const struct stat *sb,
    size_t *lenp)
{
	size_t plen = strlen(prefix), cap, n;
	char *buf;
	int len;

	/* 2 int64s, the 9 nanosecond digits and the separators */
	cap = plen + 2 * strlen(path) + 64;
	buf = xmalloc(cap);
	memcpy(buf, prefix, plen);
	len = snprintf(buf + plen, cap - plen, "%" PRIdMAX "\t%" PRIdMAX
	    ".%09ld\t", (intmax_t)sb->st_size, (intmax_t)sb->st_mtim.tv_sec,
	    (long)sb->st_mtim.tv_nsec);
	n = plen + (size_t)len;
	for (; *path != '\0'; path++) {
		if (*path == '\\' || *path == '\n' || *path == '\t') {
			buf[n++] = '\\';
			buf[n++] = *path == '\\' ? '\\' :
			    *path == '\n' ? 'n' : 't';
		} else
			buf[n++] = *path;
	}
	buf[n++] = '\n';
	*lenp = n;
	return buf;
}

static int
write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, buf, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= n;
	}
	return 0;
}

int
state_record(struct state *st, const char *path, const struct stat *sb)
{
	const char *prefix = "";
	struct stat before;
	char *line;
	size_t len;
	int saved;

	/* neither would read back */
	if (*path == '\0' || sb->st_mtim.tv_nsec < 0 ||
	    sb->st_mtim.tv_nsec > 999999999) {
		errno = EINVAL;
		return -1;
	}
	if (st->fd == -1) {
		st->fd = open(st->file, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC,
		    0666);
		if (st->fd == -1)
			return -1;
		st->recheck = 1;
	}
	if (st->recheck) {
		if (prefix_for(st->fd, &prefix) == -1)
			return -1;
		st->recheck = 0;
	}
	if (fstat(st->fd, &before) == -1)
		return -1;
	line = format_line(prefix, path, sb, &len);
	if (write_all(st->fd, line, len) == -1 || fsync(st->fd) == -1) {
		saved = errno;
		/* take back a partial line (ENOSPC); else repair it later */
		if (ftruncate(st->fd, before.st_size) == -1 ||
		    *prefix != '\0')
			st->recheck = 1;
		free(line);
		errno = saved;
		return -1;
	}
	free(line);
	remember(st, path, (intmax_t)sb->st_size, (intmax_t)sb->st_mtim.tv_sec,
	    (long)sb->st_mtim.tv_nsec);
	return 0;
}

void
state_free(struct state *st)
{
	size_t i;

	if (st == NULL)
		return;
	if (st->fd != -1)
		close(st->fd);
	for (i = 0; i < st->cap; i++)
		free(st->tab[i].path);
	free(st->tab);
	free(st->file);
	free(st);
}
