/*
 * ioc.h: indicators of compromise (--ioc FILE), matched against events.
 *
 * A file is a plain list (one IPv4/IPv6 address, CIDR, domain, URL or
 * MD5/SHA-1/SHA-256 hash a line) or a STIX 2.1 bundle.  Everything is
 * loaded once, before the workers start, into read-only sets shared by the
 * worker threads: one hash set for exact values, sorted interval lists
 * for CIDRs.  The stage adds threat.enrichments to an event that
 * matches and makes it an alert.
 */
#ifndef CFECS_IOC_H
#define CFECS_IOC_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"	/* msg_fn */

struct map_stage;
struct wbuf;

/* What an event value is compared as (ioc_lookup). */
enum ioc_kind {
	IOC_IP,			/* an IPv4 or IPv6 address */
	IOC_DOMAIN,		/* a host name: it and its parents */
	IOC_URL,		/* a full URL */
	IOC_HASH		/* an MD5, SHA-1 or SHA-256, in hex */
};

struct ioc_opts {
	int	quiet;		/* no warnings (still counted) */
	int	strict;		/* a bad line or skipped indicator is fatal */
	msg_fn	*say;		/* the message path; NULL: standard error */
	int	verbose;	/* every skipped indicator told, not the first 10 */
	int	any_time;	/* match whatever the validity window */
};

struct ioc;

struct ioc	*ioc_new(const struct ioc_opts *);
/*
 * Load a file (ioc_load_file) or text in memory (ioc_load_mem, name for
 * messages).  0 when loaded, bad lines and skipped indicators aside
 * (warned and counted); -1, with a message printed, when the file cannot
 * be read or is neither an indicator list nor a STIX bundle (or, with
 * strict, has anything it cannot use).
 */
int		 ioc_load_file(struct ioc *, const char *);
int		 ioc_load_mem(struct ioc *, const char *, const char *, size_t);
/* After loading: build the lookup structures; then read-only. */
void		 ioc_finish(struct ioc *);
const struct map_stage *ioc_stage(struct ioc *);
void		 ioc_free(struct ioc *);

struct ioc_stats {
	uint64_t	whole;		/* lines and STIX indicators loaded whole */
	uint64_t	part;		/* STIX indicators some of whose
					   alternatives were left out */
	uint64_t	skipped;	/* bad lines and unusable STIX indicators */
	uint64_t	values;		/* distinct values in the sets */
	uint64_t	matched;	/* events with an enrichment */
};

/* Counts so far; matched is complete once every worker is freed. */
void		 ioc_get_stats(const struct ioc *, struct ioc_stats *);

/* For tests and the fuzzer. */
size_t		 ioc_count(const struct ioc *);
/* Indicator i: its kind and its value as an event would show it. */
enum ioc_kind	 ioc_value(const struct ioc *, size_t, char *, size_t);
/* The indicators that the value matches, in load order; at most max. */
size_t		 ioc_lookup(const struct ioc *, enum ioc_kind, const char *,
		    size_t, uint32_t *, size_t);
/* One threat.enrichments object for indicator i found in field. */
void		 ioc_enrichment(const struct ioc *, uint32_t, const char *,
		    const char *, size_t, struct wbuf *);

#endif
