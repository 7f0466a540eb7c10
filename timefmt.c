/*
 * timefmt.c: Logpush timestamps (integer or RFC 3339) <-> int64
 * nanoseconds since the Unix epoch, UTC.
 *
 * Calendar maths uses Howard Hinnant's days_from_civil and
 * civil_from_days integer algorithms, so nothing depends on the C
 * library's time zone or locale.  No floating point.
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "timefmt.h"

#define NS_PER_SEC	1000000000LL
#define SEC_PER_DAY	86400LL
/* Largest representable instant, split so range checks cannot overflow. */
#define MAX_SEC		(INT64_MAX / NS_PER_SEC)
#define MAX_FRAC	(INT64_MAX % NS_PER_SEC)

static int	 num(const char *, int);
static int	 is_leap(int);
static int64_t	 days_from_civil(int64_t, int, int);
static void	 civil_from_days(uint32_t, uint32_t *, uint32_t *, uint32_t *);
static int	 parse_rfc3339(const char *, size_t, int64_t *);
static char	*put2(char *, uint32_t);

/*
 * Read exactly n ASCII digits.  Compares bytes by hand rather than with
 * isdigit() so the result cannot depend on the locale.
 */
static int
num(const char *s, int n)
{
	int		 v = 0;
	unsigned int	 d;

	while (n-- > 0) {
		d = (unsigned char)*s++ - '0';
		if (d > 9)
			return -1;
		v = v * 10 + (int)d;
	}
	return v;
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t		 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/*
 * Inverse of days_from_civil, restricted to days on or after the epoch:
 * that is all timefmt_format() can see, and it keeps everything unsigned.
 */
static void
civil_from_days(uint32_t z, uint32_t *yp, uint32_t *mp, uint32_t *dp)
{
	uint32_t	 era, doe, yoe, doy, mo, y, m;

	z += 719468;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mo = (5 * doy + 2) / 153;
	*dp = doy - (153 * mo + 2) / 5 + 1;
	m = mo < 10 ? mo + 3 : mo - 9;
	*mp = m;
	*yp = y + (m <= 2);
}

int
timefmt_from_digits(const char *s, size_t len, enum time_format fmt,
    int64_t *ns)
{
	uint64_t	 v = 0, mult;
	unsigned int	 d;
	size_t		 i = 0;
	int		 neg = 0;

	if (len > 0 && s[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (i == len)
		return -1;
	for (; i < len; i++) {
		d = (unsigned char)s[i] - '0';
		if (d > 9)
			return -1;
		/* Leading zeros are harmless: v stays 0 until a non-zero digit. */
		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (neg)
		return -1;

	switch (fmt) {
	case TIME_UNIXNANO:
		mult = 1;
		break;
	case TIME_UNIX:
		mult = 1000000000;
		break;
	case TIME_UNIXMS:
		mult = 1000000;
		break;
	case TIME_AUTO:
		/* Today is ~1.7e9 s, so the magnitude gives the unit away. */
		if (v < 1000000000000ULL)
			mult = 1000000000;
		else if (v < 1000000000000000ULL)
			mult = 1000000;
		else if (v < 1000000000000000000ULL)
			mult = 1000;
		else
			mult = 1;
		break;
	default:
		/* An integer is never RFC 3339. */
		return -1;
	}
	if (v == 0 || v > (uint64_t)INT64_MAX / mult)
		return -1;
	*ns = (int64_t)(v * mult);
	return 0;
}

/*
 * A JSON number with a fraction or an exponent ("1708213921.5",
 * "1.7082139215e9"): the decimal point, moved by the exponent, splits the
 * digits into an integer part, read (and its unit chosen) like any
 * integer time, and fraction digits of that unit, kept down to the
 * nanosecond and truncated below it.  Exact: no floating point.
 */
int
timefmt_from_number(const char *s, size_t len, enum time_format fmt,
    int64_t *ns)
{
	char		 dig[64], ipart[24];
	size_t		 i = 0, nd = 0, nint = 0, k;
	long		 point, e = 0, at;
	int64_t		 whole, frac = 0, unit, u;
	unsigned int	 d;
	int		 eneg = 0;

	if (fmt == TIME_RFC3339)
		return -1;
	/* Significant digits: leading zeros do not count, nor do fraction
	 * digits beyond the buffer (far below a nanosecond). */
	for (; i < len && (d = (unsigned char)s[i] - '0') <= 9; i++, nint++)
		if (nd > 0 || d != 0) {
			if (nd == sizeof(dig))
				return -1;
			dig[nd++] = (char)s[i];
		}
	point = (long)nd;
	if (i < len && s[i] == '.')
		for (i++; i < len && (d = (unsigned char)s[i] - '0') <= 9;
		    i++) {
			if (nd == 0 && d == 0)
				point--;
			else if (nd < sizeof(dig))
				dig[nd++] = (char)s[i];
		}
	if (nint == 0 || (i > 0 && s[i - 1] == '.'))
		return -1;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		if (++i < len && (s[i] == '+' || s[i] == '-'))
			eneg = s[i++] == '-';
		if (i == len)
			return -1;
		for (; i < len && (d = (unsigned char)s[i] - '0') <= 9; i++)
			if ((e = e * 10 + d) > 64)
				return -1;	/* far outside the range */
	}
	if (i != len || nd == 0)
		return -1;
	point += eneg ? -e : e;
	/* The integer part, padded with zeros past the last digit. */
	if (point < 1 || point >= (long)sizeof(ipart))
		return -1;	/* nothing before the point, or too large */
	for (k = 0; k < (size_t)point; k++)
		ipart[k] = k < nd ? dig[k] : '0';
	if (timefmt_from_digits(ipart, k, fmt, &whole) < 0)
		return -1;
	/* Nanoseconds per unit of the integer part, as that function chose. */
	switch (fmt) {
	case TIME_UNIXNANO:	unit = 1; break;
	case TIME_UNIX:		unit = NS_PER_SEC; break;
	case TIME_UNIXMS:	unit = 1000000; break;
	default:
		unit = k <= 12 ? NS_PER_SEC : k <= 15 ? 1000000 :
		    k <= 18 ? 1000 : 1;
		break;
	}
	for (u = unit, at = point; u > 1; u /= 10, at++)
		frac = frac * 10 + (at < (long)nd ? dig[at] - '0' : 0);
	if (whole > INT64_MAX - frac)
		return -1;
	*ns = whole + frac;
	return 0;
}

/* YYYY-MM-DD(T|t| )HH:MM:SS[.f+](Z|z|+HH:MM|-HH:MM), nothing after. */
static int
parse_rfc3339(const char *s, size_t len, int64_t *ns)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int64_t		 secs, frac = 0;
	size_t		 i, nd;
	unsigned int	 d;
	int		 year, mon, day, hour, min, sec, oh, om, off, dim;

	/* The shortest valid string is "YYYY-MM-DDTHH:MM:SSZ". */
	if (len < 20)
		return -1;
	if (s[4] != '-' || s[7] != '-' || s[13] != ':' || s[16] != ':')
		return -1;
	if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
		return -1;
	if ((year = num(s, 4)) == -1 || (mon = num(s + 5, 2)) == -1 ||
	    (day = num(s + 8, 2)) == -1 || (hour = num(s + 11, 2)) == -1 ||
	    (min = num(s + 14, 2)) == -1 || (sec = num(s + 17, 2)) == -1)
		return -1;
	if (mon < 1 || mon > 12 || day < 1)
		return -1;
	dim = mdays[mon - 1] + (mon == 2 && is_leap(year));
	if (day > dim || hour > 23 || min > 59 || sec > 60)
		return -1;

	i = 19;
	if (s[i] == '.') {
		/* Keep nine digits; any more are truncated, not rounded. */
		for (i++, nd = 0; i < len; i++, nd++) {
			d = (unsigned char)s[i] - '0';
			if (d > 9)
				break;
			if (nd < 9)
				frac = frac * 10 + d;
		}
		if (nd == 0)
			return -1;
		for (; nd < 9; nd++)
			frac *= 10;
	}

	if (len - i == 1 && (s[i] == 'Z' || s[i] == 'z'))
		off = 0;
	else if (len - i == 6 && (s[i] == '+' || s[i] == '-') &&
	    s[i + 3] == ':') {
		if ((oh = num(s + i + 1, 2)) == -1 ||
		    (om = num(s + i + 4, 2)) == -1 || oh > 23 || om > 59)
			return -1;
		off = oh * 3600 + om * 60;
		if (s[i] == '-')
			off = -off;
	} else
		return -1;

	/* Four-digit years keep all of this far from int64 overflow. */
	secs = days_from_civil(year, mon, day) * SEC_PER_DAY +
	    hour * 3600 + min * 60 + sec - off;
	if (secs < 0 || secs > MAX_SEC || (secs == MAX_SEC && frac > MAX_FRAC))
		return -1;
	if ((secs = secs * NS_PER_SEC + frac) == 0)
		return -1;
	*ns = secs;
	return 0;
}

int
timefmt_from_string(const char *s, size_t len, enum time_format fmt,
    int64_t *ns)
{
	size_t		 i, j;
	unsigned int	 d;

	i = len > 0 && s[0] == '-';
	if (i < len) {
		for (j = i; j < len; j++) {
			d = (unsigned char)s[j] - '0';
			if (d > 9)
				break;
		}
		if (j == len)
			return timefmt_from_digits(s, len, fmt, ns);
		if (j > i && (s[j] == '.' || s[j] == 'e' || s[j] == 'E'))
			return timefmt_from_number(s, len, fmt, ns);
	}
	if (fmt != TIME_AUTO && fmt != TIME_RFC3339)
		return -1;
	return parse_rfc3339(s, len, ns);
}

/* Two decimal digits of v < 100. */
static char *
put2(char *p, uint32_t v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
	return p + 2;
}

/* Hot path: no snprintf, digits are written by hand. */
size_t
timefmt_format(int64_t ns, int digits, char *buf)
{
	uint64_t	 t;
	uint32_t	 frac, days, rem, y, m, d, hh, mm, ss;
	char		*p = buf;
	int		 i, n;

	/* Callers never pass a negative value; clamp rather than misprint. */
	t = ns < 0 ? 0 : (uint64_t)ns;
	frac = (uint32_t)(t % NS_PER_SEC);
	t /= NS_PER_SEC;
	/* At most ~106752 days, so 32 bits are plenty from here on. */
	days = (uint32_t)(t / SEC_PER_DAY);
	rem = (uint32_t)(t % SEC_PER_DAY);
	civil_from_days(days, &y, &m, &d);
	hh = rem / 3600;
	mm = rem / 60 % 60;
	ss = rem % 60;

	p = put2(p, y / 100);
	p = put2(p, y % 100);
	*p++ = '-';
	p = put2(p, m);
	*p++ = '-';
	p = put2(p, d);
	*p++ = 'T';
	p = put2(p, hh);
	*p++ = ':';
	p = put2(p, mm);
	*p++ = ':';
	p = put2(p, ss);

	switch (digits) {
	case 0:
		n = 0;
		break;
	case 3:
		n = 3;
		frac /= 1000000;
		break;
	case 9:
		n = 9;
		break;
	default:
		n = 6;
		frac /= 1000;
		break;
	}
	if (n > 0) {
		*p++ = '.';
		for (i = n - 1; i >= 0; i--) {
			p[i] = (char)('0' + frac % 10);
			frac /= 10;
		}
		p += n;
	}
	*p++ = 'Z';
	*p = '\0';
	return (size_t)(p - buf);
}

int
timefmt_parse_name(const char *name, enum time_format *fmt)
{
	static const struct {
		const char		*name;
		enum time_format	 fmt;
	} names[] = {
		{ "auto",	TIME_AUTO },
		{ "unixnano",	TIME_UNIXNANO },
		{ "unix",	TIME_UNIX },
		{ "unixms",	TIME_UNIXMS },
		{ "rfc3339",	TIME_RFC3339 },
		{ "rfc3339ms",	TIME_RFC3339 },
		{ "rfc3339ns",	TIME_RFC3339 },
	};
	size_t		 i;

	if (name == NULL)
		return -1;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i].name) == 0) {
			*fmt = names[i].fmt;
			return 0;
		}
	return -1;
}
