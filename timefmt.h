/*
 * timefmt.h: Logpush timestamps (integer or RFC 3339) <-> int64
 * nanoseconds since the Unix epoch, UTC.
 *
 * The valid range is 1 ns after the epoch up to INT64_MAX ns
 * (2262-04-11T23:47:16.854775807Z).  Epoch 0 is Cloudflare's "unset"
 * value and is rejected.  No locale or time-zone dependence.
 */
#ifndef CFECS_TIMEFMT_H
#define CFECS_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

enum time_format {
	TIME_AUTO,		/* decide per value */
	TIME_UNIXNANO,		/* integer nanoseconds */
	TIME_UNIX,		/* integer seconds */
	TIME_UNIXMS,		/* integer milliseconds */
	TIME_RFC3339		/* RFC 3339 string, 0-9 fraction digits */
};

#define TIME_BUFSIZE 40		/* enough for any timefmt_format() output + NUL */

/* Integer time given as its decimal text (an optional leading '-', then digits), as found in JSON. */
int	timefmt_from_digits(const char *s, size_t len, enum time_format fmt, int64_t *ns);
/* Any JSON number: also with a fraction or an exponent (1708213921.5, 1.7e9), read exactly from its digits; sub-nanosecond digits are truncated. */
int	timefmt_from_number(const char *s, size_t len, enum time_format fmt, int64_t *ns);
/* A JSON string value: strings of digits (with a fraction or exponent too) are read like numbers, anything else as RFC 3339. */
int	timefmt_from_string(const char *s, size_t len, enum time_format fmt, int64_t *ns);
/* RFC 3339 UTC "YYYY-MM-DDTHH:MM:SS[.f]Z" with digits = 0, 3, 6 or 9 fraction digits, truncated (never rounded). Returns the length written (NUL-terminated). */
size_t	timefmt_format(int64_t ns, int digits, char *buf);
/* Parse a --time-format name: "auto", "unixnano", "unix", "unixms", "rfc3339" (also accept "rfc3339ms" and "rfc3339ns" as aliases of rfc3339). 0 ok, -1 unknown. */
int	timefmt_parse_name(const char *name, enum time_format *fmt);

#endif /* CFECS_TIMEFMT_H */
