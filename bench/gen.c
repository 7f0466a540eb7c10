/*
 * gen: deterministic generator of Cloudflare Logpush http_requests records.
 *
 * Writes COUNT NDJSON records to stdout, one JSON object per line, with
 * every field of the http_requests dataset in the documented order (the
 * order `cfecs --print-fields http_requests` prints), as a job with all
 * fields selected would write them.  It exists to feed the cfecs
 * benchmark (bench/run.sh) and tests with realistic volumes of data.
 *
 * The values follow plausible distributions: a population of clients
 * (IPv4 and IPv6 from the documentation ranges 192.0.2.0/24,
 * 198.51.100.0/24, 203.0.113.0/24 and 2001:db8::/32), each with a
 * country, city, ASN, user agent and TLS fingerprint; about 30 hosts in
 * example.com, example.net and example.org; paths with and without query
 * strings; cache, origin and security outcomes that agree with each other
 * (a cache hit has no origin IP, a block has status 403 and a rule).
 * Empty strings appear where Cloudflare writes them ("not applicable").
 *
 * Output depends only on the options: the PRNG is our own (splitmix64),
 * and no floating point, locale or time zone is involved, so the bytes
 * are identical on every machine.  Timestamps strictly increase through
 * the file (in the unix format they do not decrease).
 *
 * Usage: gen -n COUNT [-s SEED] [-t FORMAT] [-a AGENTS]
 *   FORMAT: unixnano (default), unix, rfc3339, rfc3339ms, rfc3339ns,
 *   mixed (a different encoding per record, including digit strings
 *   and RFC 3339 with a numeric offset).
 *   AGENTS: that many distinct User-Agent strings (a table agent with
 *   " Build/K", K < AGENTS), for measuring user agent parsing.
 *
 * Build: cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -o bench/gen bench/gen.c
 */

#include <errno.h>	/* errno */
#include <stdint.h>	/* uint64_t */
#include <stdio.h>	/* fwrite(), fprintf() */
#include <stdlib.h>	/* exit(), strtoull() */
#include <string.h>	/* memcpy(), strlen(), strcmp() */
#include <unistd.h>	/* getopt() */

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Output buffer, flushed whenever less than one worst-case record is free. */
#define OBUFSZ		(1 << 20)
#define OBUFLOW		(64 * 1024)

enum tfmt {
	T_UNIXNANO,
	T_UNIX,
	T_RFC3339,
	T_RFC3339MS,
	T_RFC3339NS,
	T_DIGITSTR,	/* unixnano as a JSON string ("mixed" only) */
	T_OFFSET,	/* rfc3339ms with +02:00 offset ("mixed" only) */
	T_MIXED
};

static struct {
	uint64_t	 rng;		/* splitmix64 state */
	uint64_t	 seed;		/* -s */
	uint64_t	 ns;		/* EdgeStartTimestamp of the record */
	enum tfmt	 tfmt;		/* -t */
	uint64_t	 agents;	/* -a, 0: the table's agents only */
	char		 obuf[OBUFSZ];	/* output buffer */
	size_t		 olen;		/* bytes used in obuf */
	char		 lastray[17];	/* a recent RayID, for ParentRayID */
} g;

/* Per-request scratch: values decided early and written later. */
struct req {
	char		 path[192];
	char		 query[192];
	const char	*ctype;
	const char	*method;
	const char	*host;
	const char	*zone;
	int		 hostkind;
	int		 cacheable;
	int		 status;
	int		 security;	/* index into rules + 1, or 0 */
	uint64_t	 body;
};

/* ---------------------------------------------------------------- */
/* PRNG */

static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
rnd(void)
{
	g.rng += 0x9e3779b97f4a7c15ULL;
	return mix64(g.rng);
}

/* Uniform-ish integer in [0, n), n < 2^32 (multiply-shift, no division). */
static uint32_t
rndn(uint32_t n)
{
	return (uint32_t)(((rnd() >> 32) * (uint64_t)n) >> 32);
}

/* Integer in [lo, hi]. */
static uint32_t
rndr(uint32_t lo, uint32_t hi)
{
	return lo + rndn(hi - lo + 1);
}

/* True with probability permille/1000. */
static int
chance(uint32_t permille)
{
	return rndn(1000) < permille;
}

/* Index chosen by weights w[0..n-1]. */
static int
wpick(const unsigned short *w, int n)
{
	unsigned	 tot = 0, r;
	int		 i;

	for (i = 0; i < n; i++)
		tot += w[i];
	r = rndn(tot);
	for (i = 0; i < n - 1; i++) {
		if (r < w[i])
			return i;
		r -= w[i];
	}
	return n - 1;
}

/* ---------------------------------------------------------------- */
/* Output */

static void
flush(void)
{
	if (g.olen > 0 && fwrite(g.obuf, 1, g.olen, stdout) != g.olen) {
		fprintf(stderr, "gen: write error: %s\n", strerror(errno));
		exit(1);
	}
	g.olen = 0;
}

static void
put(const char *s, size_t n)
{
	memcpy(g.obuf + g.olen, s, n);
	g.olen += n;
}

#define PUTL(lit)	put(lit, sizeof(lit) - 1)

static void
putc1(char c)
{
	g.obuf[g.olen++] = c;
}

static void
puts0(const char *s)
{
	put(s, strlen(s));
}

/* A JSON string; callers pass only text that needs no escaping
 * (or is already escaped in the tables below). */
static void
putq(const char *s)
{
	putc1('"');
	puts0(s);
	putc1('"');
}

static void
putu(uint64_t v)
{
	char	 tmp[24];
	int	 i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	put(tmp + i, sizeof(tmp) - i);
}

/* v zero-padded to w digits. */
static void
putuw(uint64_t v, int w)
{
	char	 tmp[24];
	int	 i;

	for (i = w - 1; i >= 0; i--) {
		tmp[i] = (char)('0' + v % 10);
		v /= 10;
	}
	put(tmp, w);
}

static const char hexd[] = "0123456789abcdef";

/* n lower-case hex digits of v (n <= 16). */
static void
puthex(uint64_t v, int n)
{
	int	 i;

	for (i = n - 1; i >= 0; i--)
		g.obuf[g.olen + i] = hexd[(v >> (4 * (n - 1 - i))) & 15];
	g.olen += n;
}

/* A JSON bool. */
static void
putb(int b)
{
	if (b)
		PUTL("true");
	else
		PUTL("false");
}

/* v / 10^scale as a short JSON number without trailing zeros. */
static void
putfix(uint64_t v, int scale)
{
	uint64_t	 p = 1, frac;
	int		 i, w;

	for (i = 0; i < scale; i++)
		p *= 10;
	putu(v / p);
	frac = v % p;
	if (frac == 0)
		return;
	w = scale;
	while (frac % 10 == 0) {
		frac /= 10;
		w--;
	}
	putc1('.');
	putuw(frac, w);
}

/* ---------------------------------------------------------------- */
/* Small string builder for paths and queries. */

struct sb {
	char	*p;
	size_t	 n, cap;
};

static void
sbs(struct sb *b, const char *s)
{
	size_t	 l = strlen(s);

	if (b->n + l >= b->cap)
		l = b->cap - b->n - 1;
	memcpy(b->p + b->n, s, l);
	b->n += l;
	b->p[b->n] = '\0';
}

static void
sbu(struct sb *b, uint64_t v)
{
	char	 tmp[24];
	int	 i = sizeof(tmp) - 1;

	tmp[i] = '\0';
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	sbs(b, tmp + i);
}

static void
sbhex(struct sb *b, uint64_t v, int n)
{
	char	 tmp[17];
	int	 i;

	for (i = n - 1; i >= 0; i--) {
		tmp[i] = hexd[v & 15];
		v >>= 4;
	}
	tmp[n] = '\0';
	sbs(b, tmp);
}

/* ---------------------------------------------------------------- */
/* Time */

/* Days since 1970-01-01 -> civil date (H. Hinnant's algorithm). */
static void
civil(int64_t z, int *y, int *m, int *d)
{
	int64_t		 era, yy;
	unsigned	 doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

/* "YYYY-MM-DDTHH:MM:SS" for seconds since the epoch. */
static void
putisosec(int64_t s)
{
	int	 y, m, d;
	int64_t	 days = s / 86400, sod = s % 86400;

	civil(days, &y, &m, &d);
	putuw(y, 4);
	putc1('-');
	putuw(m, 2);
	putc1('-');
	putuw(d, 2);
	putc1('T');
	putuw(sod / 3600, 2);
	putc1(':');
	putuw(sod / 60 % 60, 2);
	putc1(':');
	putuw(sod % 60, 2);
}

/* A Logpush timestamp in format f. */
static void
putts(uint64_t ns, enum tfmt f)
{
	uint64_t	 s = ns / 1000000000, frac = ns % 1000000000;

	switch (f) {
	case T_UNIXNANO:
		putu(ns);
		break;
	case T_UNIX:
		putu(s);
		break;
	case T_DIGITSTR:
		putc1('"');
		putu(ns);
		putc1('"');
		break;
	case T_RFC3339:
		putc1('"');
		putisosec((int64_t)s);
		PUTL("Z\"");
		break;
	case T_RFC3339MS:
		putc1('"');
		putisosec((int64_t)s);
		putc1('.');
		putuw(frac / 1000000, 3);
		PUTL("Z\"");
		break;
	case T_RFC3339NS:
		putc1('"');
		putisosec((int64_t)s);
		putc1('.');
		putuw(frac, 9);
		PUTL("Z\"");
		break;
	case T_OFFSET:
		putc1('"');
		putisosec((int64_t)s + 7200);
		putc1('.');
		putuw(frac / 1000000, 3);
		PUTL("+02:00\"");
		break;
	case T_MIXED:
		break;
	}
}

/* RFC 1123 date, as in Expires and Last-Modified headers. */
static void
putrfc1123(int64_t s)
{
	static const char *wd[] = {
		"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"
	};
	static const char *mon[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
	};
	int	 y, m, d;
	int64_t	 days = s / 86400, sod = s % 86400;

	civil(days, &y, &m, &d);
	putc1('"');
	puts0(wd[days % 7]);
	PUTL(", ");
	putuw(d, 2);
	putc1(' ');
	puts0(mon[m - 1]);
	putc1(' ');
	putuw(y, 4);
	putc1(' ');
	putuw(sod / 3600, 2);
	putc1(':');
	putuw(sod / 60 % 60, 2);
	putc1(':');
	putuw(sod % 60, 2);
	PUTL(" GMT\"");
}

/* ---------------------------------------------------------------- */
/* Tables */

struct country {
	unsigned short	 w;
	const char	*cc;		/* lower case, as Logpush writes it */
	const char	*city[3];
	const char	*region[3];
	const char	*lat[3];
	const char	*lon[3];
	unsigned	 asn[3];
	int		 colo[3];	/* indexes into colos[] */
	const char	*lang;		/* Accept-Language */
	unsigned	 rtt;		/* typical RTT ms */
};

struct colo {
	const char	*code;
	unsigned	 id;
};

static const struct colo colos[] = {
	{ "SJC", 19 }, { "LAX", 11 }, { "IAD", 9 }, { "ORD", 14 },
	{ "DFW", 6 }, { "EWR", 8 }, { "SEA", 18 }, { "ATL", 2 },
	{ "FRA", 26 }, { "MUC", 141 }, { "LHR", 25 }, { "MAN", 228 },
	{ "CDG", 23 }, { "MRS", 167 }, { "NRT", 30 }, { "KIX", 146 },
	{ "GRU", 99 }, { "BOM", 126 }, { "DEL", 134 }, { "YYZ", 47 },
	{ "SYD", 32 }, { "AMS", 22 }, { "SIN", 31 }, { "ICN", 127 },
	{ "HKG", 29 }, { "WAW", 80 }, { "MAD", 43 }, { "MXP", 35 },
	{ "ARN", 38 }, { "QRO", 327 }, { "JNB", 113 }, { "ZRH", 37 },
	{ "DUB", 24 }, { "DME", 94 }
};

static const struct country countries[] = {
	{ 300, "us", { "San Jose", "Ashburn", "Chicago" }, { "CA", "VA", "IL" },
	  { "37.33939", "39.04372", "41.85003" },
	  { "-121.89496", "-77.48749", "-87.65005" },
	  { 7922, 7018, 16509 }, { 0, 2, 3 }, "en-US,en;q=0.9", 20 },
	{ 80, "de", { "Frankfurt am Main", "Berlin", "Munich" },
	  { "HE", "BE", "BY" }, { "50.11552", "52.52437", "48.13743" },
	  { "8.68417", "13.41053", "11.57549" },
	  { 3320, 3209, 24940 }, { 8, 8, 9 }, "de-DE,de;q=0.9,en;q=0.8", 25 },
	{ 70, "gb", { "London", "Manchester", "London" },
	  { "ENG", "ENG", "ENG" }, { "51.50853", "53.48095", "51.50853" },
	  { "-0.12574", "-2.23743", "-0.12574" },
	  { 2856, 5089, 5378 }, { 10, 11, 10 }, "en-GB,en;q=0.9", 22 },
	{ 50, "fr", { "Paris", "Marseille", "Lyon" },
	  { "IDF", "PAC", "ARA" }, { "48.85341", "43.29695", "45.74846" },
	  { "2.3488", "5.38107", "4.84671" },
	  { 3215, 12322, 16276 }, { 12, 13, 12 },
	  "fr-FR,fr;q=0.9,en;q=0.7", 24 },
	{ 50, "jp", { "Tokyo", "Osaka", "Yokohama" },
	  { "13", "27", "14" }, { "35.6895", "34.69374", "35.44778" },
	  { "139.69171", "135.50218", "139.6425" },
	  { 4713, 2516, 17676 }, { 14, 15, 14 }, "ja-JP,ja;q=0.9", 30 },
	{ 40, "br", { "S\xc3\xa3o Paulo", "Rio de Janeiro", "Bras\xc3\xadlia" },
	  { "SP", "RJ", "DF" }, { "-23.5475", "-22.90642", "-15.77972" },
	  { "-46.63611", "-43.18223", "-47.92972" },
	  { 28573, 18881, 26599 }, { 16, 16, 16 }, "pt-BR,pt;q=0.9", 45 },
	{ 50, "in", { "Mumbai", "New Delhi", "Bengaluru" },
	  { "MH", "DL", "KA" }, { "19.07283", "28.63576", "12.97194" },
	  { "72.88261", "77.22445", "77.59369" },
	  { 55836, 9829, 24560 }, { 17, 18, 17 }, "en-IN,hi;q=0.8", 60 },
	{ 40, "ca", { "Toronto", "Montr\xc3\xa9" "al", "Vancouver" },
	  { "ON", "QC", "BC" }, { "43.70011", "45.50884", "49.24966" },
	  { "-79.4163", "-73.58781", "-123.11934" },
	  { 812, 577, 6327 }, { 19, 19, 6 }, "en-CA,fr-CA;q=0.8", 28 },
	{ 30, "au", { "Sydney", "Melbourne", "Brisbane" },
	  { "NSW", "VIC", "QLD" }, { "-33.86785", "-37.814", "-27.46794" },
	  { "151.20732", "144.96332", "153.02809" },
	  { 1221, 4804, 7545 }, { 20, 20, 20 }, "en-AU,en;q=0.9", 35 },
	{ 30, "nl", { "Amsterdam", "Rotterdam", "Utrecht" },
	  { "NH", "ZH", "UT" }, { "52.37403", "51.9225", "52.09083" },
	  { "4.88969", "4.47917", "5.12222" },
	  { 1136, 33915, 14061 }, { 21, 21, 21 },
	  "nl-NL,nl;q=0.9,en;q=0.8", 18 },
	{ 20, "sg", { "Singapore", "Singapore", "Singapore" },
	  { "01", "01", "01" }, { "1.28967", "1.28967", "1.28967" },
	  { "103.85007", "103.85007", "103.85007" },
	  { 9506, 4773, 16509 }, { 22, 22, 22 },
	  "en-SG,en;q=0.9,zh;q=0.7", 15 },
	{ 20, "kr", { "Seoul", "Busan", "Incheon" },
	  { "11", "26", "28" }, { "37.566", "35.10168", "37.45646" },
	  { "126.9784", "129.03004", "126.70515" },
	  { 4766, 9318, 3786 }, { 23, 23, 23 }, "ko-KR,ko;q=0.9", 20 },
	{ 30, "cn", { "Beijing", "Shanghai", "Shenzhen" },
	  { "BJ", "SH", "GD" }, { "39.9075", "31.22222", "22.54554" },
	  { "116.39723", "121.45806", "114.0683" },
	  { 4134, 4837, 9808 }, { 24, 24, 24 }, "zh-CN,zh;q=0.9", 80 },
	{ 20, "ru", { "Moscow", "Saint Petersburg", "Novosibirsk" },
	  { "MOW", "SPE", "NVS" }, { "55.75222", "59.93863", "55.0415" },
	  { "37.61556", "30.31413", "82.9346" },
	  { 12389, 8359, 31213 }, { 33, 33, 33 }, "ru-RU,ru;q=0.9", 45 },
	{ 20, "es", { "Madrid", "Barcelona", "Valencia" },
	  { "MD", "CT", "VC" }, { "40.4165", "41.38879", "39.46975" },
	  { "-3.70256", "2.15899", "-0.37739" },
	  { 3352, 12479, 12430 }, { 26, 26, 26 }, "es-ES,es;q=0.9", 30 },
	{ 20, "it", { "Milan", "Rome", "Turin" },
	  { "25", "62", "21" }, { "45.46427", "41.89193", "45.07049" },
	  { "9.18951", "12.51133", "7.68682" },
	  { 3269, 30722, 12874 }, { 27, 27, 27 }, "it-IT,it;q=0.9", 28 },
	{ 10, "se", { "Stockholm", "G\xc3\xb6teborg", "Malm\xc3\xb6" },
	  { "AB", "O", "M" }, { "59.32938", "57.70716", "55.60587" },
	  { "18.06871", "11.96679", "13.00073" },
	  { 3301, 1257, 2119 }, { 28, 28, 28 }, "sv-SE,sv;q=0.9,en;q=0.8", 25 },
	{ 10, "pl", { "Warsaw", "Krak\xc3\xb3w", "Wroc\xc5\x82" "aw" },
	  { "14", "12", "02" }, { "52.22977", "50.06143", "51.1" },
	  { "21.01178", "19.93658", "17.03333" },
	  { 5617, 12741, 6830 }, { 25, 25, 25 }, "pl-PL,pl;q=0.9", 30 },
	{ 20, "mx", { "Mexico City", "Guadalajara", "Monterrey" },
	  { "CMX", "JAL", "NLE" }, { "19.42847", "20.66682", "25.67507" },
	  { "-99.12766", "-103.39182", "-100.31847" },
	  { 8151, 13999, 28548 }, { 29, 29, 4 }, "es-MX,es;q=0.9", 40 },
	{ 10, "za", { "Johannesburg", "Cape Town", "Durban" },
	  { "GT", "WC", "NL" }, { "-26.20227", "-33.92584", "-29.8579" },
	  { "28.04363", "18.42322", "31.0292" },
	  { 37457, 36994, 10474 }, { 30, 30, 30 }, "en-ZA,en;q=0.9", 70 },
	{ 10, "ch", { "Z\xc3\xbcrich", "Gen\xc3\xa8ve", "Basel" },
	  { "ZH", "GE", "BS" }, { "47.36667", "46.20222", "47.55839" },
	  { "8.55", "6.14569", "7.57327" },
	  { 3303, 6730, 13030 }, { 31, 31, 31 },
	  "de-CH,de;q=0.9,fr;q=0.8", 20 },
	{ 10, "ie", { "Dublin", "Cork", "Galway" },
	  { "L", "M", "C" }, { "53.33306", "51.89797", "53.27194" },
	  { "-6.24889", "-8.47061", "-9.04889" },
	  { 5466, 6830, 15502 }, { 32, 32, 32 }, "en-IE,en;q=0.9", 22 },
	{ 5, "xx", { "", "", "" }, { "", "", "" }, { "", "", "" },
	  { "", "", "" }, { 0, 0, 0 }, { 2, 8, 10 }, "en", 90 },
	{ 5, "t1", { "", "", "" }, { "", "", "" }, { "", "", "" },
	  { "", "", "" }, { 60068, 60068, 60068 }, { 8, 21, 2 },
	  "en-US,en;q=0.5", 150 }
};

enum ukind { U_BROWSER, U_MOBILE, U_TOOL, U_VBOT, U_SCANNER, U_MONITOR };

struct ua {
	unsigned short	 w;
	int		 kind;
	int		 ja;		/* index into ja[] */
	const char	*platform;	/* sec-ch-ua-platform, escaped */
	const char	*s;		/* the User-Agent, JSON-escaped */
};

static const struct ua uas[] = {
	{ 140, U_BROWSER, 0, "\\\"Windows\\\"",
	  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
	  "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36" },
	{ 90, U_BROWSER, 0, "\\\"Windows\\\"",
	  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
	  "(KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36" },
	{ 60, U_BROWSER, 1, "\\\"Windows\\\"",
	  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
	  "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 "
	  "Edg/124.0.2478.80" },
	{ 50, U_BROWSER, 2, "\\\"Windows\\\"",
	  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) "
	  "Gecko/20100101 Firefox/125.0" },
	{ 70, U_BROWSER, 0, "\\\"macOS\\\"",
	  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
	  "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36" },
	{ 60, U_BROWSER, 3, "\\\"macOS\\\"",
	  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) "
	  "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 "
	  "Safari/605.1.15" },
	{ 20, U_BROWSER, 2, "\\\"macOS\\\"",
	  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) "
	  "Gecko/20100101 Firefox/125.0" },
	{ 20, U_BROWSER, 0, "\\\"Linux\\\"",
	  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
	  "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36" },
	{ 10, U_BROWSER, 2, "\\\"Linux\\\"",
	  "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:126.0) "
	  "Gecko/20100101 Firefox/126.0" },
	{ 15, U_BROWSER, 4, "\\\"Chrome OS\\\"",
	  "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 "
	  "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36" },
	{ 15, U_BROWSER, 5, "\\\"Windows\\\"",
	  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
	  "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 OPR/109.0.0.0" },
	{ 140, U_MOBILE, 6, "\\\"iOS\\\"",
	  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) "
	  "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 "
	  "Mobile/15E148 Safari/604.1" },
	{ 40, U_MOBILE, 6, "\\\"iOS\\\"",
	  "Mozilla/5.0 (iPhone; CPU iPhone OS 16_7_8 like Mac OS X) "
	  "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 "
	  "Mobile/15E148 Safari/604.1" },
	{ 20, U_MOBILE, 7, "\\\"iOS\\\"",
	  "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
	  "(KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 "
	  "Safari/604.1" },
	{ 110, U_MOBILE, 8, "\\\"Android\\\"",
	  "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 "
	  "(KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36" },
	{ 30, U_MOBILE, 9, "\\\"Android\\\"",
	  "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 "
	  "(KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 "
	  "Mobile Safari/537.36" },
	{ 15, U_MOBILE, 10, "\\\"Android\\\"",
	  "Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 "
	  "Firefox/125.0" },
	{ 10, U_MOBILE, 11, "\\\"iOS\\\"",
	  "ExampleShop/5.12.0 (iPhone; iOS 17.4.1; Scale/3.00)" },
	{ 10, U_MOBILE, 12, "\\\"Android\\\"",
	  "okhttp/4.12.0" },
	{ 25, U_TOOL, 13, "",
	  "curl/8.5.0" },
	{ 8, U_TOOL, 13, "",
	  "curl/7.81.0" },
	{ 20, U_TOOL, 14, "",
	  "python-requests/2.31.0" },
	{ 8, U_TOOL, 15, "",
	  "Go-http-client/2.0" },
	{ 6, U_TOOL, 16, "",
	  "Wget/1.21.4" },
	{ 5, U_TOOL, 17, "",
	  "Apache-HttpClient/4.5.14 (Java/17.0.10)" },
	{ 5, U_TOOL, 17, "",
	  "PostmanRuntime/7.37.3" },
	{ 4, U_TOOL, 14, "",
	  "axios/1.6.8" },
	{ 3, U_TOOL, 14, "",
	  "Mozilla/5.0 (compatible; \\\"Quoted-Agent\\\"/1.0; +https://"
	  "bot.example.org/about\\\\info)" },
	{ 3, U_TOOL, 13, "",
	  "" },
	{ 25, U_VBOT, 18, "",
	  "Mozilla/5.0 (compatible; Googlebot/2.1; "
	  "+http://www.google.com/bot.html)" },
	{ 12, U_VBOT, 18, "\\\"Android\\\"",
	  "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) "
	  "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.91 "
	  "Mobile Safari/537.36 (compatible; Googlebot/2.1; "
	  "+http://www.google.com/bot.html)" },
	{ 10, U_VBOT, 19, "",
	  "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; "
	  "bingbot/2.0; +http://www.bing.com/bingbot.htm) "
	  "Chrome/116.0.1938.76 Safari/537.36" },
	{ 6, U_VBOT, 20, "",
	  "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; "
	  "GPTBot/1.2; +https://openai.com/gptbot)" },
	{ 4, U_VBOT, 20, "",
	  "Mozilla/5.0 (compatible; YandexBot/3.0; "
	  "+http://yandex.com/bots)" },
	{ 4, U_VBOT, 18, "",
	  "facebookexternalhit/1.1 "
	  "(+http://www.facebook.com/externalhit_uatext.php)" },
	{ 6, U_SCANNER, 21, "",
	  "Mozilla/5.0 zgrab/0.x" },
	{ 4, U_SCANNER, 22, "",
	  "Mozilla/5.0 (compatible; CensysInspect/1.1; "
	  "+https://about.censys.io/)" },
	{ 4, U_SCANNER, 21, "",
	  "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 "
	  "(KHTML, like Gecko) Chrome/41.0.2228.0 Safari/537.36" },
	{ 3, U_SCANNER, 22, "",
	  "Nuclei - Open-source project (github.com/projectdiscovery/nuclei)" },
	{ 6, U_MONITOR, 23, "",
	  "Mozilla/5.0 (compatible; UptimeRobot/2.0; "
	  "http://www.uptimerobot.com/)" },
	{ 4, U_MONITOR, 23, "",
	  "Datadog/Synthetics" }
};

struct ja {
	const char	*ja3;
	const char	*ja4;
};

static const struct ja jas[] = {
	{ "61594f037515c5d321fd3a506a1e9bd3",
	  "t13d1516h2_6e808bfcafd2_b0eda2da4011" },
	{ "b82558d14dd95c89a705394a66d3380a",
	  "t13d1516h2_b3a9ec23e07c_f27f98e5c12c" },
	{ "01da4a17d86568978225b47e2882dc6f",
	  "t13d1717h2_088553ee9e8b_0faa347eee20" },
	{ "dfe767dfe2607d6b32863a95bd28a8f4",
	  "t13d2014h2_15d66615202f_f3bf5ad1579b" },
	{ "3d249122423022d794281362fbd08b0e",
	  "t13d1516h2_68b4defc077f_023fea14ca0e" },
	{ "19f40ad590296f0d00d497f7129284d0",
	  "t13d1517h2_21af535eb5e9_b1713fcf97df" },
	{ "0c16cc3166ca6678bbc15d23ab9c55e4",
	  "t13d2014h2_8fe1fe5def85_3a3f054f88bf" },
	{ "32bd685e0b6d232bfb65a975c534b2de",
	  "t13d2014h2_c36653671c58_cea4d3bcd712" },
	{ "c2ccb892d8a9c7f59e06627235481e41",
	  "t13d1516h2_e7023241636c_a5ad25959a00" },
	{ "3cdf1539ba894e785d343b639d2aaa69",
	  "t13d1516h2_ffb66b53ec4d_01da05c47524" },
	{ "e681e7501d5245c132fa3132fccde674",
	  "t13d1715h2_db44399a36ed_cec70a35bfaa" },
	{ "87c6cbfebb6143a87d0aa4683867cf69",
	  "t13d1311h2_a9d86bc4d5f4_8adf7a8db16b" },
	{ "90a9f86c1b0bd2a3fc4695b9ae09829e",
	  "t13d1812h2_6983dba5827a_5bc1943edf56" },
	{ "9848a4ea9aff05579c87311a43944e47",
	  "t13d3112h2_965c5741b70f_4533a61027eb" },
	{ "6f826d01b54062e8cae255353cf831c6",
	  "t13d2013h2_e6b8acb5861c_27bd8271ed73" },
	{ "9ffd25ba1338d55cbd57c5cf7cce2b67",
	  "t13d1812h2_0f58645bc0d1_d1b50175d264" },
	{ "86db9bcf7e16a85ce5796bc7bcad5205",
	  "t13d4907h1_dc932c4f5d9f_02c7a69d8e16" },
	{ "5f09ce59beb71ea8e2fdb8603e5e0efb",
	  "t13d3114h1_250bba0b1277_f63176a8d4aa" },
	{ "836af419f062193fd2f598713a1aa7d2",
	  "t13d1516h2_a2032068c576_434c07ca4d16" },
	{ "7069f2a72bde547b88774f16a8c15db6",
	  "t13d1516h2_df0f36ce783c_12923944c85c" },
	{ "9eff5f61abcd3b622c9bca4865b81dfc",
	  "t13d1715h2_968336ee8be6_6c44c9b43df8" },
	{ "8adf05f3b0ed26c1743c9c1ab8115e06",
	  "t12d1209h1_1e2a2c80ab51_4486e269a317" },
	{ "7d7c62856181952503acd1cdcc7e8c7d",
	  "t13d5911h1_92d6c7d2f193_9d3a7196d72b" },
	{ "f622760a97d45cf690c8ae00c4c3eab0",
	  "t12d1710h1_e214952e2cac_4259a6af3d84" }
};

enum hkind { H_WEB, H_API, H_STATIC };

struct host {
	const char	*name;
	int		 zone;		/* index into zones[] */
	int		 kind;
	int		 worker;	/* a Worker runs on this host */
	unsigned short	 w;
};

static const char *zones[] = { "example.com", "example.net", "example.org" };

/* Origin of each zone, and the Worker script of hosts that have one. */
static const char *origins[] = {
	"203.0.113.10", "2001:db8:beef::10", "198.51.100.20"
};
static const char *workers[] = {
	"", "api-router", "image-resizer", "auth-gateway"
};

static const struct host hosts[] = {
	{ "www.example.com", 0, H_WEB, 0, 200 },
	{ "example.com", 0, H_WEB, 0, 40 },
	{ "api.example.com", 0, H_API, 1, 120 },
	{ "cdn.example.com", 0, H_STATIC, 0, 180 },
	{ "shop.example.com", 0, H_WEB, 0, 90 },
	{ "blog.example.com", 0, H_WEB, 0, 40 },
	{ "static.example.com", 0, H_STATIC, 0, 90 },
	{ "img.example.com", 0, H_STATIC, 2, 80 },
	{ "auth.example.com", 0, H_API, 3, 40 },
	{ "docs.example.com", 0, H_WEB, 0, 30 },
	{ "status.example.com", 0, H_WEB, 0, 10 },
	{ "m.example.com", 0, H_WEB, 0, 30 },
	{ "www.example.net", 1, H_WEB, 0, 60 },
	{ "api.example.net", 1, H_API, 1, 60 },
	{ "cdn.example.net", 1, H_STATIC, 0, 60 },
	{ "app.example.net", 1, H_API, 0, 40 },
	{ "files.example.net", 1, H_STATIC, 0, 20 },
	{ "download.example.net", 1, H_STATIC, 0, 10 },
	{ "ws.example.net", 1, H_API, 0, 10 },
	{ "mail.example.net", 1, H_WEB, 0, 10 },
	{ "www.example.org", 2, H_WEB, 0, 50 },
	{ "example.org", 2, H_WEB, 0, 10 },
	{ "wiki.example.org", 2, H_WEB, 0, 30 },
	{ "forum.example.org", 2, H_WEB, 0, 30 },
	{ "git.example.org", 2, H_WEB, 0, 20 },
	{ "lists.example.org", 2, H_WEB, 0, 5 },
	{ "news.example.org", 2, H_WEB, 0, 20 },
	{ "assets.example.org", 2, H_STATIC, 0, 40 },
	{ "beta.example.org", 2, H_WEB, 0, 5 },
	{ "grafana.example.org", 2, H_API, 0, 10 }
};

struct rule {
	const char	*id;		/* 32 hex */
	const char	*source;
	const char	*desc;
};

static const struct rule rules[] = {
	{ "5de7edfa648c4d6891dc3e7f84534ffa", "firewallManaged",
	  "Log4j Headers" },
	{ "8e361ee4328f4a3caf6caf3e664ed6fe", "firewallManaged",
	  "SQLi - Comment" },
	{ "0242110ae62e44028a13bf4834780914", "firewallManaged",
	  "XSS - JavaScript Events" },
	{ "6179ae15870a4bb7b2d480d4843b323c", "firewallManaged",
	  "Anomaly:Header:User-Agent - Missing" },
	{ "e0de8b6c7d6e4d4d8a4bdbf0b8f14bc1", "firewallManaged",
	  "WordPress - Broken Access Control" },
	{ "d6cbff0ab8bc4fe48d1dd3e2bd1d10a8", "firewallCustom",
	  "Block probes for dotfiles (.env, .git)" },
	{ "a3b1f2c4d5e6478899aabbccddeeff00", "firewallCustom",
	  "Challenge non-browser traffic to /login" },
	{ "4c1e97b60d1a4e0f9b7e4a5d2c3b1a09", "firewallCustom",
	  "Geo: managed challenge from high-risk countries" },
	{ "f1d2c3b4a5968778695a4b3c2d1e0f9a", "rateLimit",
	  "API rate limit: 100 requests per minute per IP" },
	{ "b7a6c5d4e3f2410f9e8d7c6b5a493827", "rateLimit",
	  "Login rate limit: 5 per minute" },
	{ "9a8b7c6d5e4f40312213243546576879", "botFight",
	  "Bot Fight Mode" },
	{ "1f2e3d4c5b6a49788796a5b4c3d2e1f0", "bic",
	  "Browser Integrity Check" }
};

/* ---------------------------------------------------------------- */
/* Request shaping */

static const char *words[] = {
	"shoes", "jacket", "laptop", "coffee", "garden", "bicycle", "camera",
	"headphones", "backpack", "kitchen", "lamp", "watch", "tent", "books",
	"vinyl", "keyboard", "monitor", "sofa", "running", "winter-sale"
};

static const char *slugs[] = {
	"how-we-cut-latency-in-half", "release-notes-5-12",
	"a-guide-to-caching-headers", "why-we-moved-to-http3",
	"spring-collection-2024", "incident-report-april",
	"building-a-status-page", "ten-tips-for-faster-images",
	"hello-world", "migrating-from-nginx"
};

static const char *utm[] = {
	"utm_source=newsletter&utm_medium=email&utm_campaign=spring_sale",
	"utm_source=google&utm_medium=cpc&gclid=EAIaIQobChMI",
	"utm_source=twitter&utm_medium=social",
	"ref=homepage",
	"fbclid=IwAR2xF9kLmN0pQrS",
	"lang=en&currency=USD"
};

/* Choose path, query, method, content type and size for host kind k. */
static void
shape(struct req *r, int k, int ukind)
{
	struct sb	 p = { r->path, 0, sizeof(r->path) };
	struct sb	 q = { r->query, 0, sizeof(r->query) };
	static const unsigned short ww[] = {
		120, 40, 120, 60, 50, 20, 30, 10, 10, 30, 15, 10, 25, 20, 50
	};
	static const unsigned short aw[] = {
		100, 80, 60, 30, 20, 60, 15, 10
	};
	static const unsigned short sw[] = {
		120, 90, 160, 30, 30, 10, 20, 20
	};
	int	 c;

	r->path[0] = r->query[0] = '\0';
	r->method = "GET";
	r->cacheable = 0;
	if (ukind == U_SCANNER && chance(700)) {
		static const char *probe[] = {
			"/.env", "/.git/config", "/wp-login.php",
			"/wp-admin/setup-config.php", "/phpmyadmin/index.php",
			"/cgi-bin/luci/;stok=/locale", "/actuator/health",
			"/server-status",
			"/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
			"/.aws/credentials", "/config.json",
			"/boaform/admin/formLogin"
		};
		sbs(&p, probe[rndn(NELEM(probe))]);
		if (chance(200))
			sbs(&q, "XDEBUG_SESSION_START=phpstorm");
		r->ctype = "text/html";
		r->body = rndr(150, 2500);
		r->method = chance(850) ? "GET" : "POST";
		return;
	}
	switch (k) {
	case H_WEB:
		c = wpick(ww, NELEM(ww));
		r->ctype = "text/html";
		r->body = rndr(8000, 90000);
		switch (c) {
		case 0:
			sbs(&p, "/");
			if (chance(250))
				sbs(&q, utm[rndn(NELEM(utm))]);
			break;
		case 1:
			sbs(&p, "/index.html");
			break;
		case 2:
			sbs(&p, "/products/");
			sbs(&p, words[rndn(NELEM(words))]);
			sbs(&p, "-");
			sbu(&p, rndr(1000, 99999));
			if (chance(300))
				sbs(&q, utm[rndn(NELEM(utm))]);
			else if (chance(200)) {
				sbs(&q, "variant=");
				sbu(&q, rndr(1, 12));
				sbs(&q, "&color=");
				sbs(&q, chance(500) ? "black" : "navy");
			}
			break;
		case 3:
			sbs(&p, "/blog/2024/0");
			sbu(&p, rndr(1, 5));
			sbs(&p, "/");
			sbs(&p, slugs[rndn(NELEM(slugs))]);
			if (chance(150))
				sbs(&q, utm[rndn(NELEM(utm))]);
			break;
		case 4:
			sbs(&p, "/search");
			sbs(&q, "q=");
			sbs(&q, words[rndn(NELEM(words))]);
			if (chance(400)) {
				sbs(&q, "+");
				sbs(&q, words[rndn(NELEM(words))]);
			}
			sbs(&q, "&page=");
			sbu(&q, rndr(1, 5));
			if (chance(300))
				sbs(&q, "&sort=price_asc&in_stock=1");
			r->body = rndr(20000, 120000);
			break;
		case 5:
			sbs(&p, "/cart");
			if (chance(300)) {
				r->method = "POST";
				r->ctype = "application/json";
				r->body = rndr(300, 3000);
			}
			break;
		case 6:
			sbs(&p, "/login");
			if (chance(400)) {
				r->method = "POST";
				r->body = rndr(0, 400);
			}
			if (chance(300))
				sbs(&q, "next=%2Faccount%2Fsettings");
			break;
		case 7:
			sbs(&p, "/account/settings");
			break;
		case 8:
			sbs(&p, "/cdn-cgi/challenge-platform/h/b/orchestrate/"
			    "chl_page/v1");
			sbs(&q, "ray=");
			sbhex(&q, rnd(), 16);
			r->ctype = "application/javascript";
			r->body = rndr(20000, 60000);
			break;
		case 9:
			sbs(&p, "/favicon.ico");
			r->ctype = "image/x-icon";
			r->body = rndr(900, 15000);
			r->cacheable = 1;
			break;
		case 10:
			sbs(&p, "/robots.txt");
			r->ctype = "text/plain";
			r->body = rndr(60, 900);
			r->cacheable = 1;
			break;
		case 11:
			sbs(&p, "/sitemap.xml");
			r->ctype = "application/xml";
			r->body = rndr(4000, 200000);
			r->cacheable = 1;
			break;
		case 12:
			sbs(&p, "/category/");
			sbs(&p, words[rndn(NELEM(words))]);
			if (chance(500))
				sbs(&q, utm[rndn(NELEM(utm))]);
			break;
		case 13:
			sbs(&p, "/feed.xml");
			r->ctype = "application/rss+xml";
			r->body = rndr(5000, 80000);
			r->cacheable = 1;
			break;
		default:
			sbs(&p, "/docs/");
			sbs(&p, slugs[rndn(NELEM(slugs))]);
			sbs(&p, "/");
			if (chance(200))
				sbs(&q, "tab=examples");
			r->cacheable = chance(500);
			break;
		}
		if (!r->cacheable && r->method[0] == 'G' && chance(300))
			r->cacheable = 1;
		break;
	case H_API:
		c = wpick(aw, NELEM(aw));
		r->ctype = "application/json";
		r->body = rndr(80, 6000);
		switch (c) {
		case 0:
			sbs(&p, "/api/v1/users/");
			sbu(&p, rndr(1, 2000000));
			r->method = chance(800) ? "GET" :
			    chance(600) ? "PUT" : "DELETE";
			break;
		case 1:
			sbs(&p, "/api/v2/orders");
			if (chance(700)) {
				sbs(&q, "page=");
				sbu(&q, rndr(1, 40));
				sbs(&q, "&limit=50");
				if (chance(500))
					sbs(&q, "&status=shipped"
					    "&sort=-created_at");
			} else
				r->method = "POST";
			r->body = rndr(500, 40000);
			break;
		case 2:
			sbs(&p, "/graphql");
			r->method = "POST";
			break;
		case 3:
			sbs(&p, "/api/v1/session");
			r->method = chance(500) ? "POST" : "GET";
			break;
		case 4:
			sbs(&p, "/oauth/token");
			r->method = "POST";
			r->body = rndr(300, 1200);
			break;
		case 5:
			sbs(&p, "/api/v1/items/");
			sbhex(&p, rnd(), 8);
			sbs(&p, "-");
			sbhex(&p, rnd(), 4);
			sbs(&p, "-4");
			sbhex(&p, rnd(), 3);
			sbs(&p, "-a");
			sbhex(&p, rnd(), 3);
			sbs(&p, "-");
			sbhex(&p, rnd(), 12);
			r->method = chance(850) ? "GET" : "PATCH";
			break;
		case 6:
			sbs(&p, "/healthz");
			r->ctype = "text/plain";
			r->body = 2;
			break;
		default:
			sbs(&p, "/ws/v1/stream");
			sbs(&q, "token=");
			sbhex(&q, rnd(), 16);
			r->body = 0;
			break;
		}
		if (chance(20))
			r->method = "OPTIONS";
		break;
	default:
		c = wpick(sw, NELEM(sw));
		r->cacheable = 1;
		switch (c) {
		case 0:
			sbs(&p, "/assets/js/app.");
			sbhex(&p, rnd(), 8);
			sbs(&p, ".js");
			r->ctype = "application/javascript";
			r->body = rndr(20000, 400000);
			break;
		case 1:
			sbs(&p, "/assets/css/main.");
			sbhex(&p, rnd(), 8);
			sbs(&p, ".css");
			r->ctype = "text/css";
			r->body = rndr(5000, 90000);
			break;
		case 2:
			sbs(&p, "/images/products/");
			sbu(&p, rndr(1000, 99999));
			sbs(&p, "/hero_");
			sbu(&p, 320 * rndr(1, 6));
			sbs(&p, "x");
			sbu(&p, 240 * rndr(1, 4));
			sbs(&p, chance(700) ? ".webp" : ".jpg");
			if (chance(300)) {
				sbs(&q, "width=");
				sbu(&q, 160 * rndr(1, 8));
				sbs(&q, "&quality=75&format=auto");
			}
			r->ctype = p.p[p.n - 1] == 'p' ? "image/webp" :
			    "image/jpeg";
			r->body = rndr(4000, 600000);
			break;
		case 3:
			sbs(&p, "/static/fonts/inter-var.woff2");
			r->ctype = "font/woff2";
			r->body = 317000;
			break;
		case 4:
			sbs(&p, "/video/");
			sbu(&p, rndr(100, 999));
			sbs(&p, "/720p/segment_");
			sbu(&p, rndr(0, 600));
			sbs(&p, ".ts");
			r->ctype = "video/mp2t";
			r->body = rndr(400000, 2500000);
			break;
		case 5:
			sbs(&p, "/download/release-5.");
			sbu(&p, rndr(0, 12));
			sbs(&p, ".");
			sbu(&p, rndr(0, 9));
			sbs(&p, ".tar.gz");
			r->ctype = "application/gzip";
			r->body = rndr(5000000, 90000000);
			break;
		case 6:
			sbs(&p, "/img/logo.svg");
			r->ctype = "image/svg+xml";
			r->body = 4812;
			break;
		default:
			sbs(&p, "/manifest.json");
			if (chance(500))
				sbs(&q, "v=");
			if (q.n > 0)
				sbu(&q, rndr(100, 400));
			r->ctype = "application/manifest+json";
			r->body = 612;
			break;
		}
		break;
	}
}

/* ---------------------------------------------------------------- */
/* Record writer */

/*
 * The client's IP address, a stable function of its hash h: about 65%
 * IPv4, 1% IPv4-mapped IPv6, the rest IPv6 in full or compressed form.
 */
static void
putclientip(uint64_t h)
{
	static const char *v4[] = { "192.0.2.", "198.51.100.", "203.0.113." };
	unsigned	 k = (unsigned)(h >> 56), v;
	int		 i, j;

	putc1('"');
	if (k < 3) {
		PUTL("::ffff:");
		puts0(v4[(h >> 8) % 3]);
		putu(1 + (h >> 16) % 199);
	} else if (k < 170) {
		puts0(v4[(h >> 8) % 3]);
		putu(1 + (h >> 16) % 199);
	} else if (k < 215) {
		PUTL("2001:db8");
		for (i = 0; i < 6; i++) {
			v = (unsigned)((h >> (i * 9)) & 0xffff) | 1;
			putc1(':');
			for (j = 12; j >= 0; j -= 4)
				if ((v >> j) != 0 || j == 0)
					putc1(hexd[(v >> j) & 15]);
		}
	} else {
		PUTL("2001:db8:");
		putu(1 + (h >> 20) % 99);
		PUTL("::");
		puthex((h >> 8) & 0xfff, 3);
	}
	putc1('"');
}

/* Content types that the edge compresses. */
static int
compressible(const char *ct)
{
	return strncmp(ct, "text/", 5) == 0 ||
	    strcmp(ct, "application/json") == 0 ||
	    strcmp(ct, "application/javascript") == 0 ||
	    strcmp(ct, "application/xml") == 0 ||
	    strcmp(ct, "application/rss+xml") == 0 ||
	    strcmp(ct, "image/svg+xml") == 0;
}

#define K(name)	PUTL(",\"" name "\":")

/* Write one record; n is its index. */
static void
record(uint64_t n)
{
	struct req	 r;
	const struct country *c;
	const struct ua	*u;
	const struct host *h;
	const struct ja	*ja;
	uint64_t	 client, ch, start, end, ttfb, xfer, ray;
	uint64_t	 odur = 0, odns = 0, otcp = 0, otls = 0, ohdr = 0;
	unsigned	 ci, ui, hi, ki, colo, https, origin, tls13, bot;
	unsigned	 botscore, waf, wrce, wsqli, wxss, cpu = 0;
	unsigned	 rtt, reqbytes, hdrbytes;
	int		 i, sub, vbot, secact = 0, logonly = 0, status;
	int		 nsec = 0, blocked = 0, challenged = 0, err5 = 0;
	enum tfmt	 f;
	const char	*cache, *proto, *cipher = "NONE", *sslp = "none";
	static unsigned short cw[NELEM(countries)], uw[NELEM(uas)];
	static unsigned short hw[NELEM(hosts)];
	static int	 init;

	if (!init) {
		for (i = 0; i < (int)NELEM(countries); i++)
			cw[i] = countries[i].w;
		for (i = 0; i < (int)NELEM(uas); i++)
			uw[i] = uas[i].w;
		for (i = 0; i < (int)NELEM(hosts); i++)
			hw[i] = hosts[i].w;
		init = 1;
	}

	/*
	 * The client: a skewed draw from a population of 20000, so a few
	 * clients are very busy.  Its attributes are a hash of its id.
	 */
	client = rndn(rndn(20000) + 1);
	ch = mix64(client * 0x9e3779b97f4a7c15ULL ^ g.seed);
	{
		uint64_t save = g.rng;

		g.rng = ch;
		ci = wpick(cw, NELEM(cw));
		ui = wpick(uw, NELEM(uw));
		if (g.agents > 0) {	/* the agent depends on the build only */
			uint64_t keep = g.rng;

			g.rng = mix64(client % g.agents + 1);
			ui = wpick(uw, NELEM(uw));
			g.rng = keep;
		}
		ki = rndn(3);
		g.rng = save;
	}
	c = &countries[ci];
	u = &uas[ui];
	ja = &jas[u->ja];
	vbot = u->kind == U_VBOT;
	hi = wpick(hw, NELEM(hw));
	h = &hosts[hi];
	if (u->kind == U_MONITOR)
		h = &hosts[chance(500) ? 10 : 2];
	r.host = h->name;
	r.zone = zones[h->zone];
	r.hostkind = h->kind;
	shape(&r, h->kind, u->kind);
	if (u->kind == U_MONITOR) {
		snprintf(r.path, sizeof(r.path), "/healthz");
		r.query[0] = '\0';
		r.ctype = "text/plain";
		r.body = 2;
		r.method = chance(500) ? "GET" : "HEAD";
	}
	colo = c->colo[ki];
	https = !(chance(30) || (u->kind == U_SCANNER && chance(300)));
	sub = h->worker == 0 && chance(20);	/* a Worker subrequest */

	/* Security: ~10% of records end with a security action. */
	if (u->kind == U_SCANNER || chance(70) ||
	    (u->kind == U_TOOL && chance(200))) {
		static const unsigned short aw[] = { 55, 25, 8, 7, 5 };

		nsec = 1 + rndn(3);
		secact = 1 + wpick(aw, NELEM(aw));
		if (u->kind == U_SCANNER)
			secact = 1;
		r.security = 1 + (int)rndn(NELEM(rules));
		blocked = secact == 1;
		challenged = secact == 2 || secact == 3;
	} else if (chance(30)) {
		nsec = 1 + rndn(2);
		logonly = 1;
		r.security = 1 + (int)rndn(NELEM(rules));
	} else
		r.security = 0;

	/* Outcome. */
	if (blocked || challenged) {
		status = 403;
		cache = "unknown";
		origin = 0;
		r.ctype = "text/html";
		r.body = challenged ? rndr(15000, 30000) : rndr(4000, 7000);
	} else {
		if (r.cacheable && r.method[0] == 'G') {
			static const char *cs[] = {
				"hit", "miss", "expired", "revalidated",
				"updating", "stale"
			};
			static const unsigned short csw[] = {
				750, 150, 50, 30, 15, 5
			};
			cache = cs[wpick(csw, NELEM(csw))];
		} else if (r.method[0] == 'G' && chance(100))
			cache = "bypass";
		else
			cache = "dynamic";
		origin = cache[0] != 'h' && cache[0] != 'u' && cache[1] != 't';
		status = 200;
		if (cache[0] == 'r')
			status = 304;
		else if (r.ctype[0] == 'v' && chance(300))
			status = 206;
		else if (strcmp(r.path, "/ws/v1/stream") == 0)
			status = 101;
		else if (u->kind == U_SCANNER || chance(25))
			status = 404;
		else if (strcmp(r.path, "/login") == 0 && r.method[0] == 'P')
			status = chance(700) ? 302 : 401;
		else if (chance(15))
			status = 301;
		else if (r.method[0] == 'P' && r.method[1] == 'O' &&
		    chance(200))
			status = 201;
		else if (r.method[0] == 'O')
			status = 204;
		else if (chance(8)) {
			static const int e[] = { 500, 502, 503, 520, 522, 524 };

			status = e[rndn(NELEM(e))];
			err5 = status >= 520;
		} else if (chance(3))
			status = 499;
		if (status == 304 || status == 204 || status == 101 ||
		    status == 301)
			r.body = 0;
		if (status == 404 || status == 302 || status == 401 ||
		    status >= 500)
			r.body = rndr(150, 9000);
		if (status == 206)
			r.body = r.body / 4;
	}

	/* Timing.  Gaps average 3 ms; the nanosecond digits are never 0. */
	g.ns += 1 + rndn(6000000);
	if (g.ns % 1000 == 0)
		g.ns += 7;
	start = g.ns;
	rtt = c->rtt / 2 + rndn(c->rtt * 2 + 1);
	if (origin) {
		odns = chance(900) ? 0 : rndr(1, 40);
		otcp = chance(700) ? 0 : rndr(1, 60);
		otls = otcp == 0 ? 0 : otcp + rndr(1, 40);
		ohdr = rndr(8, 400) + (status >= 520 ? 15000 + rndn(30000) : 0);
		odur = odns + otcp + otls + ohdr + rndr(0, 20);
	}
	ttfb = rndr(1, 25) + odur + (https && chance(300) ? rtt * 2 : 0);
	xfer = r.body / (rndr(2000, 40000)) + rndn(rtt + 1);
	end = start + (ttfb + xfer) * 1000000 + rndn(1000000);
	if (end % 1000 == 0)
		end += 3;
	hdrbytes = rndr(280, 900);
	reqbytes = (unsigned)strlen(u->s) + rndr(300, 2800);
	if (r.method[0] == 'P')
		reqbytes += rndr(50, 4000);
	if (https) {
		static const char *c13[] = {
			"AEAD-AES128-GCM-SHA256", "AEAD-AES256-GCM-SHA384",
			"AEAD-CHACHA20-POLY1305-SHA256"
		};
		static const char *c12[] = {
			"ECDHE-ECDSA-AES128-GCM-SHA256",
			"ECDHE-RSA-AES128-GCM-SHA256",
			"ECDHE-ECDSA-CHACHA20-POLY1305",
			"ECDHE-RSA-AES256-GCM-SHA384"
		};
		tls13 = u->kind == U_SCANNER ? chance(300) :
		    u->kind == U_TOOL ? chance(700) : chance(960);
		if (tls13) {
			sslp = "TLSv1.3";
			cipher = c13[rndn(NELEM(c13))];
		} else {
			sslp = "TLSv1.2";
			cipher = c12[rndn(NELEM(c12))];
		}
	}
	if (!https)
		proto = chance(900) ? "HTTP/1.1" : "HTTP/1.0";
	else if (u->kind == U_BROWSER || u->kind == U_MOBILE)
		proto = chance(300) ? "HTTP/3" : chance(950) ? "HTTP/2" :
		    "HTTP/1.1";
	else if (u->kind == U_VBOT)
		proto = chance(600) ? "HTTP/2" : "HTTP/1.1";
	else
		proto = chance(300) ? "HTTP/2" : "HTTP/1.1";
	if (proto[5] == '3') {
		sslp = "TLSv1.3";
		cipher = "AEAD-AES128-GCM-SHA256";
	}

	/* Bot Management. */
	bot = 1;
	switch (u->kind) {
	case U_VBOT:
		botscore = 1;
		break;
	case U_TOOL:
	case U_SCANNER:
		botscore = rndr(1, 9);
		break;
	case U_MONITOR:
		botscore = rndr(1, 3);
		break;
	default:
		botscore = chance(50) ? rndr(2, 29) : rndr(30, 99);
		break;
	}
	/*
	 * Only example.com has Bot Management (and its JA3/JA4 fields);
	 * elsewhere the fields are there but empty.
	 */
	if (h->zone != 0 || chance(40))
		bot = 0;

	/* WAF attack scores: high means clean. */
	if (r.hostkind == H_STATIC && chance(500))
		waf = wrce = wsqli = wxss = 0;
	else if (r.security && !logonly && chance(600)) {
		wrce = rndr(1, 99);
		wsqli = rndr(1, 30);
		wxss = rndr(1, 99);
		waf = wsqli < wrce ? (wsqli < wxss ? wsqli : wxss) :
		    (wrce < wxss ? wrce : wxss);
	} else {
		wrce = rndr(70, 99);
		wsqli = rndr(70, 99);
		wxss = rndr(70, 99);
		waf = (wrce + wsqli + wxss) / 3;
	}

	/* The record, in field order. */
	PUTL("{\"BotDetectionIDs\":");
	if (bot && botscore < 30 && !vbot) {
		PUTL("[");
		putu(201326592 + rndn(64));
		if (chance(300)) {
			PUTL(",");
			putu(33554817 + rndn(32));
		}
		PUTL("]");
	} else
		PUTL("[]");
	K("BotDetectionTags");
	if (bot && botscore < 30 && !vbot)
		PUTL("[\"automated_traffic\"]");
	else
		PUTL("[]");
	K("BotScore");
	putu(bot ? botscore : 0);
	K("BotScoreSrc");
	if (!bot)
		PUTL("\"Not Computed\"");
	else if (vbot)
		PUTL("\"Verified Bot\"");
	else if (botscore < 10)
		PUTL("\"Heuristics\"");
	else if (chance(100))
		PUTL("\"JS Fingerprinting\"");
	else
		PUTL("\"Machine Learning\"");
	K("BotTags");
	if (r.hostkind == H_API && bot && chance(500))
		PUTL("[\"api\"]");
	else
		PUTL("[]");
	K("CacheCacheStatus");
	putq(cache);
	K("CacheReserveUsed");
	putb(cache[0] == 'h' && chance(20));
	K("CacheResponseBytes");
	putu(blocked || challenged ? 0 : r.body + hdrbytes + rndn(40));
	K("CacheResponseStatus");
	putu(blocked || challenged ? 0 : (unsigned)status);
	K("CacheTieredFill");
	putb(origin && r.cacheable && chance(400));
	K("ClientASN");
	putu(c->asn[ki]);
	K("ClientCity");
	putq(c->city[ki]);
	K("ClientCountry");
	putq(c->cc);
	K("ClientDeviceType");
	if (u->kind == U_MOBILE)
		putq(strstr(u->s, "iPad") != NULL ? "tablet" : "mobile");
	else
		PUTL("\"desktop\"");
	K("ClientIP");
	putclientip(ch);
	K("ClientIPClass");
	if (vbot)
		PUTL("\"searchEngine\"");
	else if (u->kind == U_MONITOR)
		PUTL("\"monitoringService\"");
	else if (u->kind == U_SCANNER)
		PUTL("\"scan\"");
	else if (c->cc[0] == 't')
		PUTL("\"tor\"");
	else if ((ch & 0xff) < 3)
		PUTL("\"badHost\"");
	else
		PUTL("\"noRecord\"");
	K("ClientLatitude");
	putq(c->lat[ki]);
	K("ClientLongitude");
	putq(c->lon[ki]);
	K("ClientMTLSAuthCertFingerprint");
	if (hi == 8 && https && chance(300)) {
		putc1('"');
		puthex(mix64(client), 16);
		puthex(mix64(client + 1), 16);
		puthex(mix64(client + 2), 16);
		puthex(mix64(client + 3), 16);
		putc1('"');
	} else
		PUTL("\"\"");
	K("ClientMTLSAuthStatus");
	putq(hi == 8 ? (https ? "ok" : "absent") : "unknown");
	K("ClientRegionCode");
	putq(c->region[ki]);
	K("ClientRequestBytes");
	putu(reqbytes);
	K("ClientRequestHost");
	putq(r.host);
	K("ClientRequestMethod");
	putq(r.method);
	K("ClientRequestPath");
	putq(r.path);
	K("ClientRequestProtocol");
	putq(proto);
	K("ClientRequestReferer");
	if (u->kind == U_BROWSER || u->kind == U_MOBILE) {
		if (r.hostkind == H_STATIC || r.method[0] != 'G' ||
		    chance(300)) {
			PUTL("\"https://www.");
			puts0(r.zone);
			if (chance(500))
				PUTL("/\"");
			else {
				PUTL("/products/");
				puts0(words[rndn(NELEM(words))]);
				PUTL("-");
				putu(rndr(1000, 99999));
				putc1('"');
			}
		} else if (chance(500))
			PUTL("\"https://www.google.com/\"");
		else if (chance(200))
			PUTL("\"https://duckduckgo.com/\"");
		else if (chance(200))
			PUTL("\"https://t.co/aB3dE5fG7h\"");
		else
			PUTL("\"\"");
	} else
		PUTL("\"\"");
	K("ClientRequestScheme");
	putq(https ? "https" : "http");
	K("ClientRequestSource");
	putq(sub ? "edgeWorkerFetch" : "eyeball");
	K("ClientRequestURI");
	putc1('"');
	puts0(r.path);
	if (r.query[0] != '\0') {
		putc1('?');
		puts0(r.query);
	}
	putc1('"');
	K("ClientRequestUserAgent");
	putc1('"');
	puts0(u->s);
	if (g.agents > 0) {
		puts0(" Build/");
		putu(client % g.agents);
	}
	putc1('"');
	K("ClientSSLCipher");
	putq(cipher);
	K("ClientSSLProtocol");
	putq(sslp);
	K("ClientSrcPort");
	putu(u->kind == U_SCANNER && chance(300) ? 54321 :
	    rndr(1024, 65535));
	K("ClientTCPRTTMs");
	putu(proto[5] == '3' ? 0 : rtt);
	K("ClientXRequestedWith");
	if ((u->kind == U_BROWSER || u->kind == U_MOBILE) &&
	    r.hostkind == H_API && chance(300))
		PUTL("\"XMLHttpRequest\"");
	else
		PUTL("\"\"");
	/* Content scanning runs on uploads only. */
	if (r.method[0] == 'P' && r.method[1] == 'O' && chance(50)) {
		K("ContentScanObjResults");
		PUTL("[\"clean\"]");
		K("ContentScanObjSizes");
		PUTL("[");
		putu(reqbytes / 2);
		PUTL("]");
		K("ContentScanObjTypes");
		PUTL("[\"application/pdf\"]");
	} else {
		K("ContentScanObjResults");
		PUTL("[]");
		K("ContentScanObjSizes");
		PUTL("[]");
		K("ContentScanObjTypes");
		PUTL("[]");
	}
	/*
	 * Custom fields are per zone: example.com logs two request
	 * headers, example.net a cookie and a response header,
	 * example.org none.
	 */
	K("Cookies");
	if ((u->kind == U_BROWSER || u->kind == U_MOBILE) &&
	    h->zone == 1 && r.hostkind != H_STATIC && chance(600)) {
		PUTL("{\"session_id\":\"");
		puthex(mix64(client ^ 0x5e55), 16);
		puthex(mix64(client ^ 0x10),  8);
		PUTL("\"}");
	} else
		PUTL("{}");
	K("EdgeCFConnectingO2O");
	putb(chance(5));
	K("EdgeColoCode");
	putq(colos[colo].code);
	K("EdgeColoID");
	putu(colos[colo].id);
	K("EdgeEndTimestamp");
	f = g.tfmt;
	if (f == T_MIXED) {
		static const unsigned short fw[] = { 30, 10, 20, 15, 15, 5, 5 };

		f = (enum tfmt)wpick(fw, NELEM(fw));
	}
	putts(end, f);
	K("EdgePathingOp");
	putq(blocked ? "ban" : challenged ? "chl" : "wl");
	K("EdgePathingSrc");
	putq(blocked || challenged ? "filterBasedFirewall" : "macro");
	K("EdgePathingStatus");
	putq(vbot ? "vb" : "nr");
	K("EdgeRequestHost");
	putq(origin ? r.host : "");
	K("EdgeResponseBodyBytes");
	putu(r.body);
	K("EdgeResponseBytes");
	putu(r.body + hdrbytes);
	K("EdgeResponseCompressionRatio");
	if (r.body > 1000 && compressible(r.ctype))
		putfix(rndr(120, 650), 2);
	else if (blocked || status == 304)
		PUTL("0");
	else
		PUTL("1");
	K("EdgeResponseContentType");
	putq(status == 304 || status == 101 ? "" : r.ctype);
	K("EdgeResponseStatus");
	putu(status);
	K("EdgeServerIP");
	if (origin) {
		PUTL("\"192.0.2.");
		putu(200 + colo % 50);
		putc1('"');
	} else
		PUTL("\"\"");
	K("EdgeStartTimestamp");
	putts(start, f);
	K("EdgeTimeToFirstByteMs");
	putu(ttfb);
	/* Fraud detection runs on login posts only. */
	if (strcmp(r.path, "/login") == 0 && r.method[0] == 'P' &&
	    chance(100)) {
		K("FraudAttack");
		PUTL("\"credential_stuffing\"");
		K("FraudDetectionIDs");
		PUTL("[1004]");
		K("FraudDetectionTags");
		PUTL("[\"disposable_email\"]");
		K("FraudEmailRisk");
		PUTL("\"high\"");
		K("FraudUserID");
		putc1('"');
		puthex(mix64(client ^ 0xf4a0d), 16);
		putc1('"');
	} else {
		K("FraudAttack");
		PUTL("\"\"");
		K("FraudDetectionIDs");
		PUTL("[]");
		K("FraudDetectionTags");
		PUTL("[]");
		K("FraudEmailRisk");
		PUTL("\"\"");
		K("FraudUserID");
		PUTL("\"\"");
	}
	K("JA3Hash");
	putq(https && bot ? ja->ja3 : "");
	K("JA4");
	if (https && bot) {
		putc1('"');
		if (proto[5] == '3') {
			putc1('q');
			puts0(ja->ja4 + 1);
		} else
			puts0(ja->ja4);
		putc1('"');
	} else
		PUTL("\"\"");
	K("JA4Signals");
	if (https && bot && chance(350)) {
		unsigned	 bq = u->kind <= U_MOBILE ? rndr(9000, 10000) :
		    rndr(0, 3000);

		PUTL("{\"browser_ratio_1h\":");
		putfix(bq, 4);
		PUTL(",\"cache_ratio_1h\":");
		putfix(rndr(500, 9000), 4);
		PUTL(",\"h2h3_ratio_1h\":");
		putfix(u->kind <= U_MOBILE ? rndr(9500, 10000) :
		    rndr(0, 6000), 4);
		PUTL(",\"heuristic_ratio_1h\":");
		putfix(rndr(0, 40), 4);
		PUTL(",\"ips_quantile_1h\":");
		putfix(rndr(9000, 10000), 4);
		PUTL(",\"ips_rank_1h\":");
		putu(rndr(1, 400));
		PUTL(",\"paths_rank_1h\":");
		putu(rndr(1, 400));
		PUTL(",\"reqs_quantile_1h\":");
		putfix(rndr(9000, 10000), 4);
		PUTL(",\"reqs_rank_1h\":");
		putu(rndr(1, 400));
		PUTL(",\"uas_rank_1h\":");
		putu(rndr(1, 400));
		PUTL("}");
	} else
		PUTL("{}");
	K("JSDetectionPassed");
	if (u->kind == U_BROWSER || u->kind == U_MOBILE)
		putq(chance(900) ? "passed" : "missing");
	else
		putq(chance(800) ? "missing" : "failed");
	K("LeakedCredentialCheckResult");
	if (r.method[0] == 'P' && (strcmp(r.path, "/login") == 0 ||
	    strcmp(r.path, "/oauth/token") == 0)) {
		static const char *lc[] = {
			"clean", "password_leaked", "username_leaked",
			"username_and_password_leaked"
		};
		static const unsigned short lw[] = { 930, 40, 10, 20 };

		putq(lc[wpick(lw, NELEM(lw))]);
	} else
		PUTL("\"\"");
	K("OriginDNSResponseTimeMs");
	putu(odns);
	K("OriginIP");
	putq(origin ? origins[h->zone] : "");
	K("OriginRequestHeaderSendDurationMs");
	putu(origin && chance(30) ? 1 : 0);
	K("OriginResponseBytes");
	putu(0);
	K("OriginResponseDurationMs");
	putu(odur);
	K("OriginResponseHTTPExpires");
	if (origin && r.cacheable && !err5 && chance(600))
		putrfc1123((int64_t)(start / 1000000000) + rndr(3600, 86400));
	else
		PUTL("\"\"");
	K("OriginResponseHTTPLastModified");
	if (origin && r.cacheable && !err5)
		putrfc1123((int64_t)(start / 1000000000) -
		    rndr(3600, 86400 * 400));
	else
		PUTL("\"\"");
	K("OriginResponseHeaderReceiveDurationMs");
	putu(ohdr);
	K("OriginResponseStatus");
	putu(origin && !err5 ? (unsigned)status : 0);
	K("OriginResponseTime");
	putu(odur * 1000000 + (odur ? rndn(1000000) : 0));
	K("OriginSSLProtocol");
	if (!origin || err5)
		PUTL("\"unknown\"");
	else
		putq(h->zone == 2 ? "TLSv1.2" : "TLSv1.3");
	K("OriginTCPHandshakeDurationMs");
	putu(otcp);
	K("OriginTLSHandshakeDurationMs");
	putu(otls);
	K("ParentRayID");
	if (sub && g.lastray[0] != '\0')
		putq(g.lastray);
	else
		PUTL("\"\"");
	K("PayPerCrawlStatus");
	PUTL("\"\"");
	K("RayID");
	ray = mix64(n * 0xd1b54a32d192ed03ULL + g.seed);
	putc1('"');
	puthex(ray, 16);
	putc1('"');
	if ((n & 63) == 0)
		memcpy(g.lastray, g.obuf + g.olen - 17, 16);
	K("RequestHeaders");
	if (h->zone != 0)
		PUTL("{}");
	else if (u->kind == U_BROWSER || u->kind == U_MOBILE) {
		PUTL("{\"accept-language\":\"");
		puts0(c->lang);
		putc1('"');
		if (u->platform[0] != '\0') {
			PUTL(",\"sec-ch-ua-platform\":\"");
			puts0(u->platform);
			putc1('"');
		}
		PUTL("}");
	} else if (r.hostkind == H_API && u->kind == U_TOOL)
		PUTL("{\"accept-language\":\"*\"}");
	else
		PUTL("{}");
	K("ResponseHeaders");
	if (h->zone != 1 || status == 304 || blocked || challenged)
		PUTL("{}");
	else if (r.cacheable)
		PUTL("{\"cache-control\":\"public, max-age=31536000\"}");
	else if (r.hostkind == H_API)
		PUTL("{\"cache-control\":\"no-store\"}");
	else
		PUTL("{\"cache-control\":\"private, max-age=0\"}");

	/* Security fields: the terminating rule is the last of the list. */
	{
		static const char *acts[] = {
			"", "block", "managedChallenge", "jschallenge", "log",
			"challengeSolved"
		};
		const struct rule *ru = r.security ? &rules[r.security - 1] :
		    NULL;
		unsigned	 first = r.security ? rndn(NELEM(rules)) : 0;

		K("SecurityAction");
		putq(acts[secact]);
		K("SecurityActions");
		putc1('[');
		for (i = 0; i < nsec; i++) {
			if (i > 0)
				putc1(',');
			if (i == nsec - 1 && secact)
				putq(acts[secact]);
			else
				putq(i == 0 && nsec > 1 ? "skip" : "log");
		}
		putc1(']');
		K("SecurityRuleDescription");
		putq(secact ? ru->desc : "");
		K("SecurityRuleID");
		putq(secact ? ru->id : "");
		K("SecurityRuleIDs");
		putc1('[');
		for (i = 0; i < nsec; i++) {
			if (i > 0)
				putc1(',');
			putq(i == nsec - 1 ? ru->id :
			    rules[(first + i) % NELEM(rules)].id);
		}
		putc1(']');
		K("SecuritySources");
		putc1('[');
		for (i = 0; i < nsec; i++) {
			if (i > 0)
				putc1(',');
			putq(i == nsec - 1 ? ru->source :
			    rules[(first + i) % NELEM(rules)].source);
		}
		putc1(']');
	}
	K("SmartRouteColoID");
	putu(origin && h->zone == 1 ? colos[2].id : 0);
	K("UpperTierColoID");
	putu(origin && r.cacheable ? colos[(colo & 1) ? 2 : 8].id : 0);
	K("VerifiedBotCategory");
	if (vbot)
		putq(strstr(u->s, "GPTBot") ? "AI Crawler" :
		    strstr(u->s, "facebook") ? "Page Preview" :
		    "Search Engine Crawler");
	else if (u->kind == U_MONITOR)
		PUTL("\"Monitoring & Analytics\"");
	else
		PUTL("\"\"");
	K("WAFAttackScore");
	putu(waf);
	K("WAFFlags");
	PUTL("\"0\"");
	K("WAFMatchedVar");
	PUTL("\"\"");
	K("WAFRCEAttackScore");
	putu(wrce);
	K("WAFSQLiAttackScore");
	putu(wsqli);
	K("WAFXSSAttackScore");
	putu(wxss);
	K("WebAssetsLabelsManaged");
	if (strcmp(r.path, "/login") == 0 ||
	    strcmp(r.path, "/oauth/token") == 0 ||
	    strcmp(r.path, "/api/v1/session") == 0)
		PUTL("[\"cf-log-in\"]");
	else
		PUTL("[]");
	K("WebAssetsOperationID");
	if (r.hostkind == H_API) {
		uint64_t	 op = mix64((uint64_t)r.path[5] * 131 +
		    (uint64_t)r.method[0]);

		putc1('"');
		puthex(op >> 32, 8);
		putc1('-');
		puthex(op >> 16, 4);
		PUTL("-4");
		puthex(op >> 4, 3);
		PUTL("-8");
		puthex(op, 3);
		putc1('-');
		puthex(mix64(op), 12);
		putc1('"');
	} else
		PUTL("\"\"");
	if (h->worker && !blocked && !challenged) {
		cpu = rndr(300, 9000);
		K("WorkerCPUTime");
		putu(cpu);
		K("WorkerScriptName");
		putq(workers[h->worker]);
		K("WorkerStatus");
		PUTL("\"ok\"");
		K("WorkerSubrequest");
		putb(0);
		K("WorkerSubrequestCount");
		putu(rndn(4));
		K("WorkerWallTimeUs");
		putu(cpu + odur * 1000 + rndn(20000));
	} else {
		K("WorkerCPUTime");
		PUTL("0");
		K("WorkerScriptName");
		putq(sub ? "api-router" : "");
		K("WorkerStatus");
		PUTL("\"\"");
		K("WorkerSubrequest");
		putb(sub);
		K("WorkerSubrequestCount");
		PUTL("0");
		K("WorkerWallTimeUs");
		PUTL("0");
	}
	K("ZoneName");
	putq(r.zone);
	K("Subrequests");
	PUTL("[]}\n");
}

/* ---------------------------------------------------------------- */

static void
usage(void)
{
	fprintf(stderr, "usage: gen -n COUNT [-s SEED] "
	    "[-t unixnano|unix|rfc3339|rfc3339ms|rfc3339ns|mixed] [-a AGENTS]\n");
	exit(2);
}

/* Strict unsigned decimal; exits with a message on junk or overflow. */
static uint64_t
num(const char *s, const char *what)
{
	char			*end;
	unsigned long long	 v;

	errno = 0;
	if (*s < '0' || *s > '9')
		goto bad;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0')
		goto bad;
	return v;
bad:
	fprintf(stderr, "gen: invalid %s: %s\n", what, s);
	exit(2);
}

int
main(int argc, char *argv[])
{
	static const struct {
		const char	*name;
		enum tfmt	 f;
	} fmts[] = {
		{ "unixnano", T_UNIXNANO }, { "unix", T_UNIX },
		{ "rfc3339", T_RFC3339 }, { "rfc3339ms", T_RFC3339MS },
		{ "rfc3339ns", T_RFC3339NS }, { "mixed", T_MIXED }
	};
	uint64_t	 count = 0, i;
	int		 ch, haven = 0;
	size_t		 k;

	g.seed = 1;
	g.tfmt = T_UNIXNANO;
	while ((ch = getopt(argc, argv, "a:n:s:t:")) != -1) {
		switch (ch) {
		case 'a':
			g.agents = num(optarg, "agents");
			break;
		case 'n':
			count = num(optarg, "count");
			haven = 1;
			break;
		case 's':
			g.seed = num(optarg, "seed");
			break;
		case 't':
			for (k = 0; k < NELEM(fmts); k++)
				if (strcmp(optarg, fmts[k].name) == 0)
					break;
			if (k == NELEM(fmts)) {
				fprintf(stderr,
				    "gen: unknown time format: %s\n", optarg);
				usage();
			}
			g.tfmt = fmts[k].f;
			break;
		default:
			usage();
		}
	}
	if (!haven || optind != argc)
		usage();

	g.rng = mix64(g.seed ^ 0x6c6f67707573685fULL);
	/* 2024-05-14T00:00:00Z plus a seed-dependent offset of up to a day. */
	g.ns = (1715644800ULL + g.seed % 86400) * 1000000000ULL;
	for (i = 0; i < count; i++) {
		record(i);
		if (g.olen > OBUFSZ - OBUFLOW)
			flush();
	}
	flush();
	if (fflush(stdout) != 0) {
		fprintf(stderr, "gen: write error: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
