/*
 * stix.h: STIX 2.1 patterns read into alternatives of terms.
 *
 * A pattern becomes its disjunctive normal form: a list of alternatives,
 * each a list of terms that must all hold.  A matcher of single events
 * tests one alternative on one event, so the AND of two observations
 * means both in the same event.  A part no single event can show
 * (FOLLOWEDBY, a qualifier, NOT, LIKE, ...) is a term with a reason and
 * no path: the caller leaves out every alternative that holds one.
 */
#ifndef CFECS_STIX_H
#define CFECS_STIX_H

#include <stddef.h>
#include <stdint.h>

struct stix_term {
	char		*path;		/* "ipv4-addr:value"; NULL: untestable */
	char		*value;		/* the string compared with */
	size_t		 vlen;		/* its length (it may hold a NUL) */
	int		 subset;	/* ISSUBSET rather than = */
	const char	*why;		/* path NULL: why it cannot be tested */
};

struct stix_pattern {
	struct stix_term *term;		/* every term, in pattern order */
	size_t		  nterm;
	size_t		  nalt;		/* alternative i holds the terms */
	size_t		 *alt;		/* ids[alt[i] .. alt[i + 1]) */
	uint32_t	 *ids;
};

#define STIX_MAX_TERMS	64	/* terms of one alternative */
#define STIX_MAX_ALTS	4096	/* alternatives made by an AND of ORs */

/*
 * 0 with p filled (free it with stix_free), or -1 with why set (p is
 * empty): a pattern that does not parse, nests too deeply or multiplies
 * out to too many alternatives.
 */
int	stix_parse(const char *, size_t, struct stix_pattern *, const char **);
void	stix_free(struct stix_pattern *);

#endif
