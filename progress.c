/*
 * progress.c: "files 3/120  records 1,234,567  45.6 MB/s JSON  ETA 0:02:13"
 * on standard error, redrawn in place.
 *
 * Each redraw is one write(2) of "\r", the text cut to the terminal's
 * width and "\033[K", so it never wraps and never interleaves with a
 * message half-way.  No stdio and no floating-point formatting: the
 * display must not depend on stderr's buffering or on the locale.
 */
#include <sys/ioctl.h>	/* ioctl(), TIOCGWINSZ, struct winsize */

#include <stdarg.h>	/* va_list */
#include <stdint.h>	/* uint64_t */
#include <stdio.h>	/* snprintf(), vsnprintf() */
#include <string.h>	/* memcpy() */
#include <time.h>	/* clock_gettime() */
#include <unistd.h>	/* write() */

#include "progress.h"

#define NS		1000000000ULL
#define INTERVAL	(NS / 6)	/* at most ~6 redraws a second */
#define LINESZ		256		/* longer than any line drawn */
#define ETA_MAX		(100 * 3600 - 1)	/* 99:59:59 */

static struct {
	int		 started;
	int		 drawn;
	uint64_t	 files_total;
	uint64_t	 bytes_total;
	uint64_t	 t0;		/* CLOCK_MONOTONIC ns at the start */
	uint64_t	 last;		/* ... at the last redraw */
} pg;

static uint64_t
now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		return 0;
	return (uint64_t)ts.tv_sec * NS + (uint64_t)ts.tv_nsec;
}

static void
put_out(const char *buf, size_t len)
{
	ssize_t r;

	/* nothing to do about a failed write to stderr */
	r = write(STDERR_FILENO, buf, len);
	(void)r;
}

/* Append to line (of LINESZ bytes), never past its end. */
static void
append(char *line, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(line + *n, LINESZ - *n, fmt, ap);
	va_end(ap);
	if (r > 0)
		*n += (size_t)r < LINESZ - *n ? (size_t)r : LINESZ - *n - 1;
}

static int
term_width(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == -1 || ws.ws_col == 0)
		return 80;
	return ws.ws_col;
}

/* v with thousands separators: 1234567 -> "1,234,567". */
static void
group(uint64_t v, char *buf, size_t size)
{
	char digits[32], *p = digits + sizeof(digits);
	size_t n = 0;

	*--p = '\0';
	do {
		if (n > 0 && n % 3 == 0)
			*--p = ',';
		*--p = '0' + v % 10;
		v /= 10;
		n++;
	} while (v > 0);
	snprintf(buf, size, "%s", p);
}

void
progress_start(uint64_t files_total, uint64_t bytes_total)
{
	pg.started = 1;
	pg.drawn = 0;
	pg.files_total = files_total;
	pg.bytes_total = bytes_total;
	pg.t0 = pg.last = now_ns();
}

void
progress_update(uint64_t files_done, uint64_t records, uint64_t bytes_done,
    uint64_t json_bytes)
{
	char line[LINESZ], num[32];
	uint64_t now, elapsed, tenths, eta;
	double eta_s;
	size_t n = 0, max;
	int width;

	if (!pg.started || (now = now_ns()) - pg.last < INTERVAL)
		return;
	pg.last = now;
	elapsed = now - pg.t0;

	line[n++] = '\r';
	if (pg.files_total > 0)
		append(line, &n, "files %ju/%ju  ", (uintmax_t)files_done,
		    (uintmax_t)pg.files_total);
	group(records, num, sizeof(num));
	append(line, &n, "records %s", num);
	/*
	 * The rate of the JSON read (decompressed), which is what the work
	 * depends on; MB/s in tenths, double only to keep the product from
	 * overflowing.
	 */
	tenths = (uint64_t)((double)json_bytes * 10 * NS / 1e6 /
	    (double)elapsed);
	append(line, &n, "  %ju.%ju MB/s JSON", (uintmax_t)(tenths / 10),
	    (uintmax_t)(tenths % 10));
	if (pg.bytes_total > 0 && bytes_done > 0) {
		eta_s = 0;
		if (bytes_done < pg.bytes_total)
			eta_s = (double)(pg.bytes_total - bytes_done) *
			    (double)elapsed / (double)bytes_done / NS;
		eta = eta_s < ETA_MAX ? (uint64_t)eta_s : ETA_MAX;
		append(line, &n, "  ETA %ju:%02ju:%02ju",
		    (uintmax_t)(eta / 3600), (uintmax_t)(eta / 60 % 60),
		    (uintmax_t)(eta % 60));
	}

	/* one column short of the width: no wrap on any terminal */
	width = term_width();
	max = 1 + (size_t)(width > 1 ? width - 1 : 1);
	if (n > max)
		n = max;
	if (n > LINESZ - 4)
		n = LINESZ - 4;
	memcpy(line + n, "\033[K", 3);
	put_out(line, n + 3);
	pg.drawn = 1;
}

/* Also before a message: the next progress_update() draws the line again. */
void
progress_end(void)
{
	if (pg.drawn)
		put_out("\r\033[K", 4);
	pg.drawn = 0;
}
