/*
 * geoip.c: GeoIP and ASN enrichment, a stage after mapping.
 *
 * Each --geoip FILE is a MaxMind DB (GeoLite2/GeoIP2 City, Country or
 * ASN, or DB-IP's files of the same shape), opened once with
 * libmaxminddb and shared read-only by all threads.  For source, destination,
 * client and server, the address in *.ip is looked up in each database in
 * command-line order and the answer fills *.geo.* and *.as.* slots that are
 * still empty, in the names Elasticsearch's geoip processor uses.
 *
 * The record's own values win, and a database never mixes its answer
 * into a different place: it is taken level by level (country, region,
 * city) and stops at the first level where the event already says
 * something else.  A record saying country FR gets no city, region or
 * location from a database that places the address in DE; it still gets
 * the continent when both say FR.  Likewise the AS organisation comes from
 * the database only when the AS number agrees (or both are unset).
 *
 * Lookups are cached per thread (see below): logs repeat addresses, and
 * reading a City record costs a dozen map walks.
 */
#include <sys/socket.h>	/* AF_INET, AF_INET6 */
#include <sys/stat.h>	/* stat() */
#include <netinet/in.h>	/* struct sockaddr_in, sockaddr_in6 */

#include <arpa/inet.h>	/* inet_pton() */
#include <errno.h>	/* errno */
#include <math.h>	/* isfinite() */
#include <stdint.h>	/* uint32_t */
#include <stdio.h>	/* snprintf() */
#include <stdlib.h>	/* strtod() */
#include <string.h>	/* memcmp(), strerror() */

#include <maxminddb.h>	/* MMDB_open(), MMDB_lookup_sockaddr(), MMDB_get_value() */

#include "codes.h"
#include "geoip.h"
#include "mapper.h"
#include "util.h"

#define MAX_DBS		16
#define ADDR_CACHE	4096	/* addresses per thread (a power of two) */
#define REC_CACHE	512	/* data records per database and thread */

/* What a database can answer, from its database_type. */
enum { KIND_GEO = 1, KIND_AS = 2 };

struct db {
	MMDB_s		 mmdb;
	int		 kind;
};

static struct {
	struct db	 db[MAX_DBS];
	size_t		 n;
} geo;

struct str {
	const char	*p;		/* in the mapped file: lives until exit */
	size_t		 n;
};

/* One database's answer for one address. */
struct answer {
	int		 has_asn;
	uint32_t	 asn;
	struct str	 as_org, city, cont_code, cont_name, cc, cname, postal,
			 sub, reg_name, tz;
	size_t		 locn;
	char		 loc[64];	/* {"lat":..,"lon":..} or empty */
};

/* The slots of one side of the event. */
struct side {
	enum slot	 ip, as_num, as_org, city, cont_code, cont_name, cc,
			 cname, loc, postal, reg_iso, reg_name, tz;
};

#define SIDE(P) { SLOT_##P##_IP, SLOT_##P##_AS_NUMBER, SLOT_##P##_AS_ORG, \
	SLOT_##P##_GEO_CITY, SLOT_##P##_GEO_CONTINENT_CODE, \
	SLOT_##P##_GEO_CONTINENT_NAME, SLOT_##P##_GEO_COUNTRY_ISO, \
	SLOT_##P##_GEO_COUNTRY_NAME, SLOT_##P##_GEO_LOCATION, \
	SLOT_##P##_GEO_POSTAL, SLOT_##P##_GEO_REGION_ISO, \
	SLOT_##P##_GEO_REGION_NAME, SLOT_##P##_GEO_TIMEZONE }

static const struct side sides[] = {
	SIDE(SOURCE), SIDE(DESTINATION), SIDE(CLIENT), SIDE(SERVER)
};

/* ---- opening ---- */

static int
kind_of(const char *type)
{
	/* "GeoIP2-Enterprise", DB-IP's "DBIP-ISP (compat=Enterprise)": both */
	if (type == NULL || strstr(type, "Enterprise") != NULL)
		return KIND_GEO | KIND_AS;
	if (strstr(type, "ASN") != NULL || strstr(type, "ISP") != NULL)
		return strstr(type, "City") != NULL ? KIND_GEO | KIND_AS :
		    KIND_AS;
	if (strstr(type, "City") != NULL || strstr(type, "Country") != NULL)
		return KIND_GEO;
	return KIND_GEO | KIND_AS;	/* unknown: the keys present decide */
}

/* Open one database; -1 and a reason when it cannot be used. */
static int
geoip_load(const char *path, char *why, size_t whylen)
{
	struct stat st;
	struct db *d;
	int rc;

	if (geo.n == MAX_DBS) {
		snprintf(why, whylen, "too many --geoip databases (at most %d)",
		    MAX_DBS);
		return -1;
	}
	d = &geo.db[geo.n];
	/* MMDB_open maps the file: say plainly what it cannot map. */
	if (stat(path, &st) < 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode) || !S_ISREG(st.st_mode) || st.st_size == 0) {
		snprintf(why, whylen, "%s", S_ISDIR(st.st_mode) ?
		    "is a directory" : !S_ISREG(st.st_mode) ?
		    "not a regular file" : "not a MaxMind DB file (empty)");
		return -1;
	}
	errno = 0;
	rc = MMDB_open(path, MMDB_MODE_MMAP, &d->mmdb);
	if (rc == MMDB_FILE_OPEN_ERROR || (rc == MMDB_IO_ERROR && errno != 0)) {
		snprintf(why, whylen, "%s", strerror(errno ? errno : EIO));
		return -1;
	}
	if (rc != MMDB_SUCCESS) {
		snprintf(why, whylen, "not a MaxMind DB file (%s)",
		    MMDB_strerror(rc));
		return -1;
	}
	d->kind = kind_of(d->mmdb.metadata.database_type);
	geo.n++;
	return 0;
}

void
geoip_open(const char *path)
{
	char why[160];

	if (geoip_load(path, why, sizeof(why)) < 0)
		fatalx("%s: %s", path, why);
}

void
geoip_close(void)
{
	size_t i;

	for (i = 0; i < geo.n; i++)
		MMDB_close(&geo.db[i].mmdb);
	geo.n = 0;
}

/* ---- looking up ---- */

static int
get_str(MMDB_entry_s *e, struct str *s, const char *const *path)
{
	MMDB_entry_data_s v;

	if (MMDB_aget_value(e, &v, path) != MMDB_SUCCESS || !v.has_data ||
	    v.type != MMDB_DATA_TYPE_UTF8_STRING || v.data_size == 0)
		return 0;
	s->p = v.utf8_string;
	s->n = v.data_size;
	return 1;
}

#define GET_STR(e, s, ...) \
	get_str((e), (s), (const char *const[]){ __VA_ARGS__, NULL })

static int
get_double(MMDB_entry_s *e, const char *key, double *d)
{
	const char *const path[] = { "location", key, NULL };
	MMDB_entry_data_s v;

	if (MMDB_aget_value(e, &v, path) != MMDB_SUCCESS || !v.has_data)
		return 0;
	if (v.type == MMDB_DATA_TYPE_DOUBLE)
		*d = v.double_value;
	else if (v.type == MMDB_DATA_TYPE_FLOAT)
		*d = v.float_value;
	else
		return 0;
	return isfinite(*d);
}

/* The shortest text that reads back as the same double. */
static int
shortest(char *buf, size_t size, double d)
{
	int prec, n = 0;

	for (prec = 1; prec <= 17; prec++) {
		n = snprintf(buf, size, "%.*g", prec, d);
		if (n > 0 && (size_t)n < size && strtod(buf, NULL) == d)
			break;
	}
	return n;
}

static void
get_location(MMDB_entry_s *e, struct answer *a)
{
	char lat[32], lon[32];
	double la, lo;
	int n;

	/* Elasticsearch rejects a document with an impossible geo_point. */
	if (!get_double(e, "latitude", &la) || !get_double(e, "longitude", &lo) ||
	    la < -90 || la > 90 || lo < -180 || lo > 180)
		return;
	shortest(lat, sizeof(lat), la);
	shortest(lon, sizeof(lon), lo);
	n = snprintf(a->loc, sizeof(a->loc), "{\"lat\":%s,\"lon\":%s}", lat,
	    lon);
	if (n > 0 && (size_t)n < sizeof(a->loc))
		a->locn = (size_t)n;
}

static void
get_asn(MMDB_entry_s *e, struct answer *a)
{
	const char *const path[] = { "autonomous_system_number", NULL };
	MMDB_entry_data_s v;

	if (MMDB_aget_value(e, &v, path) != MMDB_SUCCESS || !v.has_data)
		return;
	switch (v.type) {
	case MMDB_DATA_TYPE_UINT16:
		a->asn = v.uint16;
		break;
	case MMDB_DATA_TYPE_UINT32:
		a->asn = v.uint32;
		break;
	case MMDB_DATA_TYPE_UINT64:
		if (v.uint64 > UINT32_MAX)
			return;
		a->asn = (uint32_t)v.uint64;
		break;
	default:
		return;
	}
	a->has_asn = a->asn != 0;	/* AS 0: no AS (RFC 7607) */
	if (a->has_asn)
		GET_STR(e, &a->as_org, "autonomous_system_organization");
}

/* The most specific subdivision, as Elasticsearch takes it. */
static void
get_region(MMDB_entry_s *e, struct answer *a)
{
	const char *const path[] = { "subdivisions", NULL };
	MMDB_entry_data_s v;
	char idx[16];

	if (MMDB_aget_value(e, &v, path) != MMDB_SUCCESS || !v.has_data ||
	    v.type != MMDB_DATA_TYPE_ARRAY || v.data_size == 0)
		return;
	snprintf(idx, sizeof(idx), "%u", (unsigned)(v.data_size - 1));
	GET_STR(e, &a->sub, "subdivisions", idx, "iso_code");
	GET_STR(e, &a->reg_name, "subdivisions", idx, "names", "en");
}

/* Read one data record of a database into an answer. */
static void
fill(const struct db *d, uint32_t offset, struct answer *a)
{
	MMDB_entry_s e = { &d->mmdb, offset };

	memset(a, 0, sizeof(*a));
	if (d->kind & KIND_AS)
		get_asn(&e, a);
	if (!(d->kind & KIND_GEO))
		return;
	GET_STR(&e, &a->cc, "country", "iso_code");
	/* One source of country names for every event: the ISO 3166-1 table
	 * that names ClientCountry; the database's own name only for a code
	 * the table does not know. */
	if ((a->cname.p = code_country_name(a->cc.p, a->cc.n)) != NULL)
		a->cname.n = strlen(a->cname.p);
	else
		GET_STR(&e, &a->cname, "country", "names", "en");
	GET_STR(&e, &a->cont_code, "continent", "code");
	GET_STR(&e, &a->cont_name, "continent", "names", "en");
	GET_STR(&e, &a->city, "city", "names", "en");
	GET_STR(&e, &a->postal, "postal", "code");
	GET_STR(&e, &a->tz, "location", "time_zone");
	get_region(&e, a);
	get_location(&e, a);
}

/*
 * ---- per thread: two direct-mapped caches ----
 * address -> the data record of each database (a tree walk saved), and
 * data record -> its answer (a dozen map walks and the number printing
 * saved: many addresses share a record, a city's).
 */

struct key {
	unsigned char	 addr[16];
	unsigned char	 family;	/* 0: empty */
};

struct rec {
	uint32_t	 ref;		/* data offset + 1; 0: empty */
	struct answer	 a;
};

struct worker {
	struct key	 key[ADDR_CACHE];
	uint32_t	*ref;		/* ADDR_CACHE * geo.n: offset + 1, 0: none */
	struct rec	*rec;		/* REC_CACHE per database */
};

static void *
worker_new(void *shared)
{
	struct worker *w = xcalloc(1, sizeof(*w));

	(void)shared;
	w->ref = xcalloc((size_t)ADDR_CACHE * geo.n, sizeof(*w->ref));
	w->rec = xcalloc((size_t)REC_CACHE * geo.n, sizeof(*w->rec));
	return w;
}

static void
worker_free(void *p)
{
	struct worker *w = p;

	if (w != NULL) {
		free(w->ref);
		free(w->rec);
	}
	free(w);
}

static size_t
hash(const struct key *k)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < 16; i++)
		h = (h ^ k->addr[i]) * 16777619u;
	return (h ^ (h >> 15)) & (ADDR_CACHE - 1);
}

/* The data offset + 1 of each database's record for the address. */
static void
find(const struct sockaddr *sa, uint32_t *ref)
{
	MMDB_lookup_result_s r;
	size_t i;
	int mmerr;

	for (i = 0; i < geo.n; i++) {
		r = MMDB_lookup_sockaddr(&geo.db[i].mmdb, sa, &mmerr);
		ref[i] = mmerr == MMDB_SUCCESS && r.found_entry &&
		    r.entry.offset < UINT32_MAX ? r.entry.offset + 1 : 0;
	}
}

/*
 * Each database's answer for an address (ans[i] NULL: not in database
 * i); 0 when the text is not an address.  The answers stay valid until
 * the next call.
 */
static int
answers(struct worker *w, const char *ip, size_t n,
    const struct answer **ans)
{
	struct sockaddr_in6 s6;
	struct sockaddr_in s4;
	const struct sockaddr *sa;
	struct key k;
	struct rec *r;
	char buf[INET6_ADDRSTRLEN];
	uint32_t *ref;
	size_t slot, i;

	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, ip, n);
	buf[n] = '\0';
	memset(&k, 0, sizeof(k));
	memset(&s4, 0, sizeof(s4));
	memset(&s6, 0, sizeof(s6));
	if (inet_pton(AF_INET, buf, &s4.sin_addr) == 1) {
		s4.sin_family = AF_INET;
		memcpy(k.addr, &s4.sin_addr, 4);
		k.family = 4;
		sa = (const struct sockaddr *)&s4;
	} else if (inet_pton(AF_INET6, buf, &s6.sin6_addr) == 1) {
		s6.sin6_family = AF_INET6;
		memcpy(k.addr, &s6.sin6_addr, 16);
		k.family = 6;
		sa = (const struct sockaddr *)&s6;
	} else
		return 0;
	slot = hash(&k);
	ref = &w->ref[slot * geo.n];
	if (memcmp(&w->key[slot], &k, sizeof(k)) != 0) {
		find(sa, ref);
		w->key[slot] = k;
	}
	for (i = 0; i < geo.n; i++) {
		ans[i] = NULL;
		if (ref[i] == 0)
			continue;
		r = &w->rec[i * REC_CACHE +
		    ((ref[i] * 2654435761u) >> 16) % REC_CACHE];
		if (r->ref != ref[i]) {
			fill(&geo.db[i], ref[i] - 1, &r->a);
			r->ref = ref[i];
		}
		ans[i] = &r->a;
	}
	return 1;
}

/* ---- filling the event ---- */

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Equal but for ASCII case ("us" and "US", "Zurich" and "ZURICH"). */
static int
same_text(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i;

	if (an != bn)
		return 0;
	for (i = 0; i < an; i++)
		if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return 0;
	return 1;
}

/* The event has no value in the slot, or the same one as the database. */
static int
agrees(struct mapctx *m, enum slot s, const char *p, size_t n)
{
	const char *have;
	size_t hn;

	if (!map_is_set(m, s))
		return 1;
	return p != NULL && n > 0 && map_get_str(m, s, &have, &hn) &&
	    same_text(have, hn, p, n);
}

static void
put(struct mapctx *m, enum slot s, const struct str *v)
{
	if (v->n > 0)
		map_put_str(m, s, v->p, v->n);
}

static void
apply_as(struct mapctx *m, const struct side *sd, const struct answer *a)
{
	int64_t have;

	if (!a->has_asn)
		return;
	if (map_is_set(m, sd->as_num)) {
		if (map_get_int(m, sd->as_num, &have) && have == a->asn)
			put(m, sd->as_org, &a->as_org);
	} else if (!map_is_set(m, sd->as_org)) {
		map_put_int(m, sd->as_num, a->asn);
		put(m, sd->as_org, &a->as_org);
	}
}

static void
apply_geo(struct mapctx *m, const struct side *sd, const struct answer *a)
{
	char *reg = NULL, *loc;
	size_t regn = 0;

	if (a->cc.n == 0 && a->cont_code.n == 0)
		return;
	if (!agrees(m, sd->cc, a->cc.p, a->cc.n))
		return;
	put(m, sd->cc, &a->cc);
	put(m, sd->cname, &a->cname);
	put(m, sd->cont_code, &a->cont_code);
	put(m, sd->cont_name, &a->cont_name);
	/* ISO 3166-2, "US-CA", as the record's ClientRegionCode becomes. */
	if (a->cc.n > 0 && a->sub.n > 0) {
		regn = a->cc.n + 1 + a->sub.n;
		reg = map_alloc(m, regn);
		memcpy(reg, a->cc.p, a->cc.n);
		reg[a->cc.n] = '-';
		memcpy(reg + a->cc.n + 1, a->sub.p, a->sub.n);
	}
	if (!agrees(m, sd->reg_iso, reg, regn))
		return;
	if (reg != NULL)
		map_put_str(m, sd->reg_iso, reg, regn);
	put(m, sd->reg_name, &a->reg_name);
	if (!agrees(m, sd->city, a->city.p, a->city.n))
		return;
	put(m, sd->city, &a->city);
	put(m, sd->postal, &a->postal);
	put(m, sd->tz, &a->tz);
	if (a->locn > 0 && !map_is_set(m, sd->loc)) {
		loc = map_alloc(m, a->locn);
		memcpy(loc, a->loc, a->locn);
		map_put_json(m, sd->loc, loc, a->locn);
	}
}

static void
run(struct mapctx *m, void *shared, void *worker)
{
	const struct answer *a[MAX_DBS];
	const char *ip;
	size_t s, i, n;

	(void)shared;
	for (s = 0; s < sizeof(sides) / sizeof(sides[0]); s++) {
		if (!map_get_str(m, sides[s].ip, &ip, &n) ||
		    !answers(worker, ip, n, a))
			continue;
		for (i = 0; i < geo.n; i++)
			if (a[i] != NULL) {
				apply_as(m, &sides[s], a[i]);
				apply_geo(m, &sides[s], a[i]);
			}
	}
}

static const struct map_stage stage = {
	NULL, worker_new, worker_free, run
};

const struct map_stage *
geoip_stage(void)
{
	return geo.n > 0 ? &stage : NULL;
}
