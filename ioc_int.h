/*
 * ioc_int.h: the indicator sets, shared by the loaders (iocload.c) and
 * the lookups and match stage (ioc.c).  Private: include only there.
 */

#ifndef IOC_INT_H
#define IOC_INT_H

#define MAX_VALUE	8192	/* longest indicator or event value compared */
#define MAX_HITS	64	/* enrichments per event */
#define MAX_RAW		512	/* matches kept before the window and AND
				   checks drop some: terms of an AND that does
				   not hold must not crowd out those that do */
#define MAX_FOUND	256	/* indicators one value may match */
#define MAX_WARN	10	/* warnings per file, then a count */

enum itype {
	T_IP4, T_IP6, T_CIDR4, T_CIDR6, T_DOMAIN, T_URL, T_MD5, T_SHA1,
	T_SHA256, T_COUNT
};

/* One indicator value.  Strings are offsets in the pool (0: none). */
struct ind {
	uint32_t	off;		/* key bytes */
	uint32_t	len;
	uint32_t	meta;		/* STIX object + 1, or 0 */
	uint32_t	next;		/* same key, later indicator + 1, or 0 */
	uint32_t	group;		/* an alternative of AND terms + 1, or 0 */
	uint8_t		type;		/* enum itype */
	uint8_t		plen;		/* CIDR prefix length */
	uint8_t		term;		/* its term in the group */
};

struct meta {
	uint32_t	id, name, desc;	/* pool offsets of NUL-terminated text */
	int64_t		from, until;	/* valid from (in), until (out), ns */
};

struct tslot {
	uint32_t	hash;
	uint32_t	idx;		/* indicator + 1; 0: empty */
};

struct cidr4 {
	uint32_t	lo, hi;
	int32_t		parent;		/* enclosing block, or -1 */
	uint32_t	ind;
};

struct cidr6 {
	unsigned char	lo[16], hi[16];
	int32_t		parent;
	uint32_t	ind;
};

struct ioc {
	struct ioc_opts	 opts;
	struct ind	*ind;
	size_t		 n, cap;
	struct meta	*meta;
	size_t		 nmeta, metacap;
	char		*pool;
	size_t		 plen, pcap;
	struct tslot	*tab;
	size_t		 mask, used;
	uint64_t	*bits;		/* a bit per key hash: most misses */
	size_t		 bmask;		/* never reach the big table */
	struct cidr4	*c4;
	size_t		 n4, cap4;
	struct cidr6	*c6;
	size_t		 n6, cap6;
	unsigned	 kinds;		/* 1 << enum ioc_kind present */
	uint8_t		*gsize;		/* terms of each group */
	size_t		 ngroup, groupcap;
	int		 windows;	/* some indicator has a validity window */
	uint64_t	 whole, part, skipped;	/* indicators (lines, objects) */
	_Atomic uint64_t matched;
	struct map_stage stage;
	/* while loading a file */
	const char	*file;
	uint64_t	 file_bad;
	struct key	*key;		/* scratch */
};

static inline uint32_t
hash_key(unsigned type, const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n << 8) ^ type, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
	h ^= h >> 29;
	h *= 0xFF51AFD7ED558CCDULL;
	return (uint32_t)(h ^ h >> 32);
}

static inline int
key_is(const struct ioc *c, const struct ind *d, unsigned type, const void *p,
    size_t n)
{
	return d->type == type && d->len == n &&
	    memcmp(c->pool + d->off, p, n) == 0;
}

static inline unsigned
kind_of(unsigned type)
{
	switch (type) {
	case T_DOMAIN:	return IOC_DOMAIN;
	case T_URL:	return IOC_URL;
	case T_MD5: case T_SHA1: case T_SHA256: return IOC_HASH;
	default:	return IOC_IP;
	}
}

/* Recognising values (ioc.c), for the loaders too. */
int ioc_val_parse_ip(const char *s, size_t n, unsigned char *a);
int ioc_val_parse_cidr(const char *s, size_t n, unsigned char *a, int *plen);
unsigned ioc_val_hash_type(size_t n);
int ioc_val_is_hex(const char *s, size_t n);
void ioc_val_lower(char *dst, const char *s, size_t n);
int ioc_val_is_domain(const char *s, size_t n);
size_t ioc_val_url_norm(const char *s, size_t n, char *out, int bare);

#endif /* IOC_INT_H */
