/*
 * fuzz_timefmt.c: libFuzzer target for timefmt.c.
 *
 * Input: byte 0 picks the time format (its value mod 5: auto, unixnano,
 * unix, unixms, rfc3339); the rest is the text.  The text is also read
 * as a little-endian int64 of nanoseconds when it has 8 bytes or more.
 *
 * Invariants: a successful parse gives ns > 0; from_string agrees with
 * from_digits on digit strings; RFC 3339 results equal an independent
 * computation (timegm() of the fields, the offset and the fraction);
 * for every ns > 0, timefmt_format(ns, 9) parses back (auto and rfc3339)
 * to ns, and 0/3/6 digits parse back to ns truncated to that precision
 * (or fail when that is 0, the "unset" epoch); the length is right.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "timefmt.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fail(const char *what, const char *p, size_t n, int64_t ns)
{
	size_t i;

	fprintf(stderr, "\nINVARIANT VIOLATED: %s (ns %lld)\n  input: ",
	    what, (long long)ns);
	for (i = 0; i < n && i < 200; i++)
		fprintf(stderr, (unsigned char)p[i] >= 0x20 &&
		    (unsigned char)p[i] < 0x7F ? "%c" : "\\x%02x",
		    (unsigned char)p[i]);
	fputc('\n', stderr);
	abort();
}

#define CHECK(c, what, p, n, ns) \
	do { if (!(c)) fail((what), (p), (n), (ns)); } while (0)

static void
roundtrip(int64_t ns)
{
	static const int64_t unit[10] = { 1000000000, 0, 0, 1000000, 0, 0,
	    1000, 0, 0, 1 };
	static const int digits[4] = { 0, 3, 6, 9 };
	char buf[TIME_BUFSIZE + 8];
	int64_t back, want;
	size_t len;
	int i, d;

	for (i = 0; i < 4; i++) {
		d = digits[i];
		memset(buf, 'X', sizeof(buf));
		len = timefmt_format(ns, d, buf);
		CHECK(len == (size_t)(20 + (d ? d + 1 : 0)) && len < TIME_BUFSIZE &&
		    buf[len] == '\0' && strlen(buf) == len,
		    "timefmt_format length", buf, len, ns);
		want = ns - ns % unit[d];
		if (want == 0) {
			CHECK(timefmt_from_string(buf, len, TIME_AUTO, &back) != 0,
			    "the epoch parsed back", buf, len, ns);
			continue;
		}
		CHECK(timefmt_from_string(buf, len, TIME_AUTO, &back) == 0,
		    "formatted time does not parse back (auto)", buf, len, ns);
		CHECK(back == want, "formatted time parses back to another ns (auto)",
		    buf, len, ns);
		CHECK(timefmt_from_string(buf, len, TIME_RFC3339, &back) == 0 &&
		    back == want, "formatted time does not parse back (rfc3339)",
		    buf, len, ns);
	}
}

/* Independent RFC 3339 check with timegm(); s was accepted. */
static void
check_rfc3339(const char *s, size_t n, int64_t ns)
{
	struct tm tm;
	time_t t;
	int64_t frac = 0, want;
	size_t i = 19, nd = 0;
	int off = 0, mday, mon;

#define D2(k) ((s[k] - '0') * 10 + (s[(k) + 1] - '0'))
	CHECK(n >= 20, "accepted a short RFC 3339 string", s, n, ns);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = D2(0) * 100 + D2(2) - 1900;
	tm.tm_mon = D2(5) - 1;
	tm.tm_mday = D2(8);
	tm.tm_hour = D2(11);
	tm.tm_min = D2(14);
	tm.tm_sec = D2(17);
	if (s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, nd++)
			if (nd < 9)
				frac = frac * 10 + (s[i] - '0');
	for (; nd < 9; nd++)
		frac *= 10;
	CHECK(i < n, "accepted RFC 3339 without a zone", s, n, ns);
	if (s[i] == '+' || s[i] == '-') {
		CHECK(n - i == 6, "bad offset accepted", s, n, ns);
		off = D2(i + 1) * 3600 + D2(i + 4) * 60;
		if (s[i] == '-')
			off = -off;
	} else
		CHECK(n - i == 1 && (s[i] == 'Z' || s[i] == 'z'),
		    "bad zone accepted", s, n, ns);
	mday = tm.tm_mday;
	mon = tm.tm_mon;
	t = timegm(&tm);
	CHECK(D2(17) == 60 || (tm.tm_mday == mday && tm.tm_mon == mon),
	    "accepted a day that does not exist", s, n, ns);
#undef D2
	want = ((int64_t)t - off) * 1000000000 + frac;
	CHECK(want == ns, "RFC 3339 value differs from timegm()", s, n, ns);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s;
	enum time_format fmt;
	int64_t ns, ns2;
	uint64_t raw = 0;
	size_t n, i;
	int rd, rs, digits_only, is_number;

	if (size == 0)
		return 0;
	fmt = (enum time_format)(data[0] % 5);
	/* A copy of exactly n bytes, so ASan sees reads past the end. */
	n = size - 1;
	s = n > 0 ? malloc(n) : NULL;
	if (n > 0)
		memcpy((char *)s, data + 1, n);
	else
		s = (const char *)data + 1;	/* never read: n == 0 */

	digits_only = n > 0;
	for (i = s != NULL && n > 0 && s[0] == '-'; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			digits_only = 0;
	if (n == 1 && s[0] == '-')
		digits_only = 0;

	rd = timefmt_from_digits(s, n, fmt, &ns);
	if (rd == 0) {
		CHECK(ns > 0, "from_digits gave ns <= 0", s, n, ns);
		CHECK(digits_only && s[0] != '-', "from_digits took a non-number",
		    s, n, ns);
		CHECK(fmt != TIME_RFC3339, "from_digits took an integer as rfc3339",
		    s, n, ns);
		roundtrip(ns);
	}
	rs = timefmt_from_string(s, n, fmt, &ns2);
	if (digits_only)
		CHECK(rs == rd && (rs != 0 || ns2 == ns),
		    "from_string and from_digits disagree on digits", s, n, ns2);
	if (rs == 0) {
		CHECK(ns2 > 0, "from_string gave ns <= 0", s, n, ns2);
		/* A number with a fraction or an exponent: read as a number. */
		is_number = !digits_only &&
		    timefmt_from_number(s, n, fmt, &ns) == 0;
		if (is_number)
			CHECK(ns == ns2 && fmt != TIME_RFC3339,
			    "a decimal number read two ways", s, n, ns2);
		if (!digits_only && !is_number) {
			CHECK(fmt == TIME_AUTO || fmt == TIME_RFC3339,
			    "RFC 3339 text accepted with an integer format", s, n, ns2);
			check_rfc3339(s, n, ns2);
		}
		roundtrip(ns2);
		/* auto and rfc3339 agree on RFC 3339 text */
		if (!digits_only && !is_number) {
			CHECK(timefmt_from_string(s, n, TIME_AUTO, &ns) == 0 &&
			    ns == ns2, "auto and rfc3339 disagree", s, n, ns2);
			CHECK(timefmt_from_string(s, n, TIME_RFC3339, &ns) == 0 &&
			    ns == ns2, "rfc3339 and auto disagree", s, n, ns2);
		}
	}
	/* Any positive int64 formats and parses back. */
	if (size >= 8) {
		memcpy(&raw, data + size - 8, 8);
		ns = (int64_t)(raw & INT64_MAX);
		if (ns > 0)
			roundtrip(ns);
	}
	if (n > 0)
		free((char *)s);
	return 0;
}
