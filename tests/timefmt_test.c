/*
 * timefmt_test.c: table-driven tests for timefmt.c.
 *
 * Each parse input is copied into a buffer of exactly its length, with
 * no NUL after it, so the sanitizers catch any read past the end.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timefmt.h"

enum fn {
	F_DIGITS,		/* timefmt_from_digits */
	F_STRING,		/* timefmt_from_string */
	F_FORMAT,		/* timefmt_format */
	F_NAME			/* timefmt_parse_name */
};

struct row {
	enum fn		 fn;
	const char	*in;	/* text input; NULL for F_FORMAT */
	int		 len;	/* bytes of in to pass, -1 for strlen */
	int		 arg;	/* time format, digits, or expected format */
	int		 ok;	/* expect success */
	int64_t		 ns;	/* expected (parse) or input (format) */
	const char	*out;	/* expected F_FORMAT output */
};

#define S	1000000000LL
#define D(in, f, v)	{ F_DIGITS, in, -1, f, 1, v, NULL }
#define DBAD(in, f)	{ F_DIGITS, in, -1, f, 0, 0, NULL }
#define DL(in, l, f, v)	{ F_DIGITS, in, l, f, 1, v, NULL }
#define STR(in, f, v)	{ F_STRING, in, -1, f, 1, v, NULL }
#define SBAD(in, f)	{ F_STRING, in, -1, f, 0, 0, NULL }
#define SL(in, l, f, v)	{ F_STRING, in, l, f, 1, v, NULL }
#define SLBAD(in, l, f)	{ F_STRING, in, l, f, 0, 0, NULL }
#define FMT(v, d, out)	{ F_FORMAT, NULL, -1, d, 1, v, out }
#define NAME(in, f)	{ F_NAME, in, -1, f, 1, 0, NULL }
#define NBAD(in)	{ F_NAME, in, -1, 0, 0, 0, NULL }

#define NS1	1658281671671000123LL	/* 2022-07-20T01:47:51.671000123Z */
#define SEC1	1658281671LL

/* 400 digits; filled in by main() since it is too long to spell out. */
static char	long400[401];

static const struct row rows[] = {
	/* Integers: each unit, forced and automatic. */
	D("1658281671671000123", TIME_UNIXNANO, NS1),
	D("1658281671671000123", TIME_AUTO, NS1),
	D("1658281671", TIME_AUTO, SEC1 * S),
	D("1658281671", TIME_UNIX, SEC1 * S),
	D("1658281671671", TIME_AUTO, 1658281671671000000LL),
	D("1658281671671", TIME_UNIXMS, 1658281671671000000LL),
	D("1658281671671000", TIME_AUTO, 1658281671671000000LL),
	D("1658281671671001", TIME_AUTO, 1658281671671001000LL),
	D("0001658281671", TIME_AUTO, SEC1 * S),
	D("1", TIME_UNIXNANO, 1),
	D("1", TIME_AUTO, S),
	D("1", TIME_UNIXMS, 1000000),

	/* AUTO picks the unit at powers of a thousand. */
	DBAD("999999999999", TIME_AUTO),		/* s, overflows */
	D("1000000000000", TIME_AUTO, 1000000000000000000LL),	/* ms */
	DBAD("999999999999999", TIME_AUTO),		/* ms, overflows */
	D("1000000000000000", TIME_AUTO, 1000000000000000000LL),	/* us */
	DBAD("999999999999999999", TIME_AUTO),		/* us, overflows */
	D("1000000000000000000", TIME_AUTO, 1000000000000000000LL),	/* ns */

	/* Forced formats take the value in that unit or reject it. */
	D("1658281671", TIME_UNIXNANO, SEC1),
	DBAD("1658281671671000123", TIME_UNIX),
	DBAD("1658281671671000123", TIME_UNIXMS),
	DBAD("1658281671671", TIME_UNIX),
	DBAD("1658281671", TIME_RFC3339),

	/* Range edges. */
	D("9223372036854775807", TIME_UNIXNANO, INT64_MAX),
	D("9223372036854775807", TIME_AUTO, INT64_MAX),
	D("9223372036", TIME_UNIX, 9223372036LL * S),
	DBAD("9223372037", TIME_UNIX),
	D("9223372036854", TIME_UNIXMS, 9223372036854000000LL),
	DBAD("9223372036855", TIME_UNIXMS),
	DBAD("9223372036854775808", TIME_UNIXNANO),	/* INT64_MAX + 1 */
	DBAD("9999999999999999999", TIME_AUTO),
	DBAD("18446744073709551615", TIME_AUTO),	/* UINT64_MAX */
	DBAD("18446744073709551616", TIME_AUTO),	/* UINT64_MAX + 1 */
	DBAD("99999999999999999999999", TIME_AUTO),
	DBAD(long400, TIME_AUTO),
	DBAD("0", TIME_AUTO),
	DBAD("0", TIME_UNIXNANO),
	DBAD("0000", TIME_UNIX),
	DBAD("-1", TIME_AUTO),
	DBAD("-0", TIME_AUTO),
	DBAD("-1658281671", TIME_UNIX),

	/* Not -?[0-9]+. */
	DBAD("", TIME_AUTO),
	DBAD("-", TIME_AUTO),
	DBAD("+1658281671", TIME_AUTO),
	DBAD(" 1658281671", TIME_AUTO),
	DBAD("1658281671 ", TIME_AUTO),
	DBAD("1658281671.5", TIME_AUTO),
	DBAD("16582a81671", TIME_AUTO),
	DBAD("--1", TIME_AUTO),
	DBAD("1e9", TIME_AUTO),

	/* Only len bytes are read. */
	DL("1658281671xyz", 10, TIME_UNIX, SEC1 * S),
	DL("16582816719", 10, TIME_AUTO, SEC1 * S),

	/* Digit-only strings behave like integers. */
	STR("1658281671", TIME_AUTO, SEC1 * S),
	STR("1658281671671000123", TIME_AUTO, NS1),
	STR("1658281671671", TIME_UNIXMS, 1658281671671000000LL),
	SBAD("1658281671", TIME_RFC3339),
	SBAD("-1", TIME_AUTO),
	SBAD("0", TIME_AUTO),
	SBAD("9223372036854775808", TIME_AUTO),
	SBAD(long400, TIME_AUTO),
	SBAD("", TIME_AUTO),
	SBAD("", TIME_RFC3339),
	SBAD("-", TIME_AUTO),

	/* Fractions and exponents, exact from the digits, in the unit the
	 * integer part has; below a nanosecond truncated. */
	STR("1658281671.5", TIME_AUTO, SEC1 * S + 500000000),
	STR("1658281671.671000123", TIME_AUTO, NS1),
	STR("1658281671.6710001239", TIME_AUTO, NS1),
	STR("1.658281671671000123e9", TIME_AUTO, NS1),
	STR("0.1658281671671000123E+10", TIME_AUTO, NS1),
	STR("16582816716710001230e-1", TIME_AUTO, NS1),
	STR("1658281671671.000123", TIME_AUTO, NS1),
	STR("1658281671671000.123", TIME_AUTO, NS1),
	STR("1658281671.5", TIME_UNIXMS, 1658281671500000LL),
	STR("9223372036854775807.9", TIME_AUTO, INT64_MAX),
	SBAD("9223372036.854775808", TIME_AUTO),
	SBAD("1658281671.5", TIME_RFC3339),
	SBAD("1658281671.", TIME_AUTO),
	SBAD(".5", TIME_AUTO),
	SBAD("0.5", TIME_AUTO),
	SBAD("1e400", TIME_AUTO),
	SBAD("1658281671.5e", TIME_AUTO),
	SBAD("1658281671.5x", TIME_AUTO),
	SBAD("-1658281671.5", TIME_AUTO),

	/* RFC 3339 with 0, 1, 3, 6, 9 and 12 fraction digits. */
	STR("2022-07-20T01:47:51Z", TIME_AUTO, SEC1 * S),
	STR("2022-07-20T01:47:51.6Z", TIME_AUTO, SEC1 * S + 600000000),
	STR("2022-07-20T01:47:51.671Z", TIME_AUTO, 1658281671671000000LL),
	STR("2022-07-20T01:47:51.671000Z", TIME_AUTO, 1658281671671000000LL),
	STR("2022-07-20T01:47:51.671000123Z", TIME_AUTO, NS1),
	STR("2022-07-20T01:47:51.671000123999Z", TIME_AUTO, NS1),
	STR("2022-07-20T01:47:51.671000123Z", TIME_RFC3339, NS1),
	STR("2022-07-20t01:47:51.671000123z", TIME_AUTO, NS1),
	STR("2022-07-20 01:47:51.671000123Z", TIME_AUTO, NS1),
	STR("2022-07-20T01:47:51.000Z", TIME_AUTO, SEC1 * S),
	STR("2022-07-20T01:47:51+00:00", TIME_AUTO, SEC1 * S),
	STR("2022-07-20T01:47:51-00:00", TIME_AUTO, SEC1 * S),
	STR("2022-07-20T07:17:51.671000123+05:30", TIME_AUTO, NS1),
	SL("2022-07-20T01:47:51Zjunk", 20, TIME_AUTO, SEC1 * S),
	SLBAD("2022-07-20T01:47:51.123Z", 23, TIME_AUTO),

	/* Forced integer formats reject RFC 3339. */
	SBAD("2022-07-20T01:47:51Z", TIME_UNIX),
	SBAD("2022-07-20T01:47:51Z", TIME_UNIXMS),
	SBAD("2022-07-20T01:47:51Z", TIME_UNIXNANO),

	/* Offsets crossing day, month and year boundaries. */
	STR("2023-12-31T20:00:00-08:00", TIME_AUTO, 1704081600LL * S),
	STR("2024-01-01T03:00:00+05:30", TIME_AUTO, 1704058200LL * S),
	STR("2024-03-01T02:00:00+05:30", TIME_AUTO, 1709238600LL * S),
	STR("2024-02-29T23:30:00-08:00", TIME_AUTO, 1709278200LL * S),

	/* Gregorian leap years. */
	STR("2024-02-29T12:00:00Z", TIME_AUTO, 1709208000LL * S),
	SBAD("2023-02-29T12:00:00Z", TIME_AUTO),
	STR("2000-02-29T00:00:00Z", TIME_AUTO, 951782400LL * S),
	SBAD("2100-02-29T00:00:00Z", TIME_AUTO),
	STR("2100-02-28T00:00:00Z", TIME_AUTO, 4107456000LL * S),
	STR("2100-03-01T00:00:00Z", TIME_AUTO, 4107542400LL * S),
	SBAD("2024-04-31T00:00:00Z", TIME_AUTO),

	/* A leap second is the next second. */
	STR("2016-12-31T23:59:60Z", TIME_AUTO, 1483228800LL * S),
	STR("2016-12-31T23:59:59Z", TIME_AUTO, 1483228799LL * S),
	SBAD("2016-12-31T23:59:61Z", TIME_AUTO),

	/* Range edges. */
	SBAD("1969-12-31T23:59:59Z", TIME_AUTO),
	SBAD("1969-12-31T23:59:59.999999999Z", TIME_AUTO),
	SBAD("1970-01-01T00:00:00Z", TIME_AUTO),
	SBAD("1970-01-01T00:00:00.0000000001Z", TIME_AUTO),
	SBAD("1970-01-01T05:30:00+05:30", TIME_AUTO),
	STR("1970-01-01T05:30:01+05:30", TIME_AUTO, S),
	STR("1970-01-01T00:00:00.000000001Z", TIME_AUTO, 1),
	STR("2262-04-11T23:47:16.854775807Z", TIME_AUTO, INT64_MAX),
	STR("2262-04-11T23:47:16.8547758079Z", TIME_AUTO, INT64_MAX),
	SBAD("2262-04-11T23:47:16.854775808Z", TIME_AUTO),
	SBAD("2262-04-11T23:47:17Z", TIME_AUTO),
	SBAD("2262-04-12T00:00:00Z", TIME_AUTO),
	STR("2262-04-12T05:00:00+05:30", TIME_AUTO, 9223371000LL * S),
	SBAD("2262-04-11T20:00:00-08:00", TIME_AUTO),
	SBAD("9999-12-31T23:59:59Z", TIME_AUTO),
	SBAD("0000-01-01T00:00:00Z", TIME_AUTO),

	/* Malformed. */
	SBAD("garbage", TIME_AUTO),
	SBAD("garbage that is long enough to pass", TIME_AUTO),
	SBAD("2024-02-17T23:52:01", TIME_AUTO),
	SBAD("2024-02-17T23:52:01.Z", TIME_AUTO),
	SBAD("2024-02-17T23:52:01.", TIME_AUTO),
	SBAD("2024-02-17T23:52:01ZZ", TIME_AUTO),
	SBAD("2024-02-17T23:52:01Z ", TIME_AUTO),
	SBAD("2024-02-17T23:52:01.123Zjunk", TIME_AUTO),
	SBAD("2024-02-17T23:52:01.12a3Z", TIME_AUTO),
	SBAD("2024-02-17T23:52:01+05:30x", TIME_AUTO),
	SBAD("2024-02-17T23:52:01+05:30:00", TIME_AUTO),
	SBAD("2024-02-17T23:52:01+0530", TIME_AUTO),
	SBAD("2024-02-17T23:52:01+5:30", TIME_AUTO),
	SBAD("2024-02-17T23:52:01+24:00", TIME_AUTO),
	SBAD("2024-02-17T23:52:01+05:60", TIME_AUTO),
	SBAD("2024-02-17T23:52:01 +05:30", TIME_AUTO),
	SBAD("2024-02-17X23:52:01Z", TIME_AUTO),
	SBAD("2024-02-17  23:52:01Z", TIME_AUTO),
	SBAD("2024/02/17T23:52:01Z", TIME_AUTO),
	SBAD("2024-02-17T23.52.01Z", TIME_AUTO),
	SBAD("2024-2-17T23:52:01Z", TIME_AUTO),
	SBAD("24-02-17T23:52:01Z", TIME_AUTO),
	SBAD("02024-02-17T23:52:01Z", TIME_AUTO),
	SBAD("-2024-02-17T23:52:01Z", TIME_AUTO),
	SBAD("2024-13-01T00:00:00Z", TIME_AUTO),
	SBAD("2024-00-10T00:00:00Z", TIME_AUTO),
	SBAD("2024-01-00T00:00:00Z", TIME_AUTO),
	SBAD("2024-01-32T00:00:00Z", TIME_AUTO),
	SBAD("2024-01-01T24:00:00Z", TIME_AUTO),
	SBAD("2024-01-01T23:60:00Z", TIME_AUTO),
	SBAD("2024-01-01T-1:00:00Z", TIME_AUTO),
	SBAD("2024-01-01T23:5 :00Z", TIME_AUTO),
	SBAD("2024-01-01", TIME_AUTO),

	/* Formatting: all four precisions, truncated. */
	FMT(NS1, 9, "2022-07-20T01:47:51.671000123Z"),
	FMT(NS1, 6, "2022-07-20T01:47:51.671000Z"),
	FMT(NS1, 3, "2022-07-20T01:47:51.671Z"),
	FMT(NS1, 0, "2022-07-20T01:47:51Z"),
	FMT(1658281671999999999LL, 9, "2022-07-20T01:47:51.999999999Z"),
	FMT(1658281671999999999LL, 6, "2022-07-20T01:47:51.999999Z"),
	FMT(1658281671999999999LL, 3, "2022-07-20T01:47:51.999Z"),
	FMT(1658281671999999999LL, 0, "2022-07-20T01:47:51Z"),
	FMT(1, 9, "1970-01-01T00:00:00.000000001Z"),
	FMT(1, 6, "1970-01-01T00:00:00.000000Z"),
	FMT(INT64_MAX, 9, "2262-04-11T23:47:16.854775807Z"),
	FMT(INT64_MAX, 3, "2262-04-11T23:47:16.854Z"),
	FMT(INT64_MAX, 0, "2262-04-11T23:47:16Z"),
	FMT(1709208000LL * S, 0, "2024-02-29T12:00:00Z"),
	FMT(951782400LL * S, 0, "2000-02-29T00:00:00Z"),
	FMT(4107542400LL * S, 0, "2100-03-01T00:00:00Z"),
	FMT(1483228799LL * S, 0, "2016-12-31T23:59:59Z"),
	FMT(1704081600LL * S, 0, "2024-01-01T04:00:00Z"),

	/* Other digit counts mean 6. */
	FMT(NS1, 1, "2022-07-20T01:47:51.671000Z"),
	FMT(NS1, -1, "2022-07-20T01:47:51.671000Z"),
	FMT(NS1, 12, "2022-07-20T01:47:51.671000Z"),

	/* Negative never happens, but must print something sane. */
	FMT(-1, 9, "1970-01-01T00:00:00.000000000Z"),
	FMT(INT64_MIN, 0, "1970-01-01T00:00:00Z"),

	/* --time-format names. */
	NAME("auto", TIME_AUTO),
	NAME("unixnano", TIME_UNIXNANO),
	NAME("unix", TIME_UNIX),
	NAME("unixms", TIME_UNIXMS),
	NAME("rfc3339", TIME_RFC3339),
	NAME("rfc3339ms", TIME_RFC3339),
	NAME("rfc3339ns", TIME_RFC3339),
	NBAD("bogus"),
	NBAD(""),
	NBAD("unixmsx"),
};

static const char *const fnames[] = {
	"from_digits", "from_string", "format", "parse_name"
};

static int	 passed, failed;

static void
result(int ok)
{
	if (ok)
		passed++;
	else
		failed++;
}

/* Parse exactly len bytes from a heap copy with no terminator. */
static int
parse(enum fn fn, const char *in, size_t len, enum time_format f,
    int64_t *ns)
{
	char	*buf;
	int	 rc;

	if ((buf = malloc(len > 0 ? len : 1)) == NULL) {
		perror("malloc");
		exit(1);
	}
	memcpy(buf, in, len);
	if (fn == F_DIGITS)
		rc = timefmt_from_digits(buf, len, f, ns);
	else
		rc = timefmt_from_string(buf, len, f, ns);
	free(buf);
	return rc;
}

static int
run(size_t n, const struct row *r)
{
	char			 buf[TIME_BUFSIZE];
	enum time_format	 f;
	int64_t			 ns = 0;
	size_t			 len, wlen;
	int			 rc;

	switch (r->fn) {
	case F_DIGITS:
	case F_STRING:
		len = r->len < 0 ? strlen(r->in) : (size_t)r->len;
		rc = parse(r->fn, r->in, len, (enum time_format)r->arg, &ns);
		if (r->ok && (rc != 0 || ns != r->ns)) {
			fprintf(stderr, "row %zu: %s(\"%.*s\", %d): rc %d, "
			    "%lld, want %lld\n", n, fnames[r->fn], (int)len,
			    r->in, r->arg, rc, (long long)ns,
			    (long long)r->ns);
			return 0;
		}
		if (!r->ok && rc != -1) {
			fprintf(stderr, "row %zu: %s(\"%.*s\", %d): rc %d, "
			    "%lld, want failure\n", n, fnames[r->fn],
			    (int)(len > 60 ? 60 : len), r->in, r->arg, rc,
			    (long long)ns);
			return 0;
		}
		return 1;
	case F_FORMAT:
		memset(buf, 'x', sizeof(buf));
		wlen = timefmt_format(r->ns, r->arg, buf);
		if (wlen >= sizeof(buf) || buf[wlen] != '\0' ||
		    strcmp(buf, r->out) != 0) {
			fprintf(stderr, "row %zu: format(%lld, %d): \"%.*s\" "
			    "(%zu), want \"%s\"\n", n, (long long)r->ns,
			    r->arg, (int)sizeof(buf), buf, wlen, r->out);
			return 0;
		}
		return 1;
	case F_NAME:
		/* Start from a wrong value so a no-op cannot pass. */
		f = r->arg == TIME_AUTO ? TIME_RFC3339 : TIME_AUTO;
		rc = timefmt_parse_name(r->in, &f);
		if (r->ok ? rc != 0 || (int)f != r->arg : rc != -1) {
			fprintf(stderr, "row %zu: parse_name(\"%s\"): rc %d, "
			    "%d, want %s %d\n", n, r->in, rc, (int)f,
			    r->ok ? "ok" : "failure", r->arg);
			return 0;
		}
		return 1;
	}
	return 0;
}

/* xorshift64*: deterministic, so a failure reproduces. */
static uint64_t
rnd(uint64_t *st)
{
	*st ^= *st >> 12;
	*st ^= *st << 25;
	*st ^= *st >> 27;
	return *st * 2685821657736338717ULL;
}

/*
 * Slow reference calendar: walk years and months from 1970, so the
 * oracle shares no code or algorithm with timefmt.c.
 */
#define ORACLE_BUFSIZE	64	/* roomy, so snprintf cannot truncate */

static void
oracle(int64_t ns, char *out)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int64_t	 days, secs, frac;
	int	 y = 1970, m = 0, leap, ylen, mlen;

	secs = ns / S;
	frac = ns % S;
	days = secs / 86400;
	secs %= 86400;
	for (;;) {
		leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		ylen = 365 + leap;
		if (days < ylen)
			break;
		days -= ylen;
		y++;
	}
	for (;;) {
		mlen = mdays[m] + (m == 1 && leap);
		if (days < mlen)
			break;
		days -= mlen;
		m++;
	}
	snprintf(out, ORACLE_BUFSIZE, "%04d-%02d-%02dT%02d:%02d:%02d.%09lldZ",
	    y, m + 1, (int)days + 1, (int)(secs / 3600),
	    (int)(secs / 60 % 60), (int)(secs % 60), (long long)frac);
}

#define ROUNDS	4096

/* Format and parse back deterministic pseudo-random values in range. */
static void
round_trip(void)
{
	static const int	 prec[] = { 0, 3, 6, 9 };
	static const int64_t	 unit[] = { S, 1000000, 1000, 1 };
	char			 buf[TIME_BUFSIZE], want[ORACLE_BUFSIZE];
	uint64_t		 st = 0x9e3779b97f4a7c15ULL;
	int64_t			 ns, back, trunc;
	int			 i, k, rc, bad[3] = { 0, 0, 0 };

	for (i = 0; i < ROUNDS; i++) {
		ns = (int64_t)(rnd(&st) >> 1);
		/* Spread over magnitudes, not just the far future. */
		if (i % 4 == 1)
			ns %= 4102444800LL * S;		/* before 2100 */
		else if (i % 4 == 2)
			ns %= 86400LL * S * 366;	/* 1970 */
		if (ns == 0)
			ns = 1;

		timefmt_format(ns, 9, buf);
		oracle(ns, want);
		if (strcmp(buf, want) != 0) {
			if (bad[0]++ < 10)
				fprintf(stderr, "oracle: %lld: \"%s\", "
				    "want \"%s\"\n", (long long)ns, buf, want);
		}

		rc = timefmt_from_string(buf, strlen(buf), TIME_RFC3339,
		    &back);
		if (rc != 0 || back != ns) {
			if (bad[1]++ < 10)
				fprintf(stderr, "round trip: %lld -> \"%s\" -> "
				    "rc %d, %lld\n", (long long)ns, buf, rc,
				    (long long)back);
		}

		/* Shorter precisions come back truncated. */
		for (k = 0; k < 3; k++) {
			trunc = ns - ns % unit[k];
			timefmt_format(ns, prec[k], buf);
			rc = timefmt_from_string(buf, strlen(buf), TIME_AUTO,
			    &back);
			if (trunc == 0 ? rc != -1 :
			    rc != 0 || back != trunc) {
				if (bad[2]++ < 10)
					fprintf(stderr, "truncation: %lld, "
					    "%d digits -> \"%s\" -> rc %d, "
					    "%lld\n", (long long)ns, prec[k],
					    buf, rc, (long long)back);
			}
		}
	}
	for (k = 0; k < 3; k++)
		result(bad[k] == 0);
}

int
main(void)
{
	size_t	 i;

	memset(long400, '9', sizeof(long400) - 1);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		result(run(i, &rows[i]));
	round_trip();
	printf("timefmt: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
