/*
 * fieldcheck.h: can a Sigma value ever match the field it names?
 *
 * A rule is checked once, at load: each literal of each field is tested
 * against the kind of value that field holds in every dataset (a query
 * string, a path, an HTTP status, an address, a port, a DNS name).  A
 * literal that the field can never hold is a rule that cannot fire as
 * written, however many records go past it.
 */
#ifndef CFECS_FIELDCHECK_H
#define CFECS_FIELDCHECK_H

#include <stddef.h>

enum fc_match { FC_EQ, FC_START, FC_END, FC_CONTAINS };

/*
 * Why the literal LIT (LEN bytes; compared as MATCH says) can never be
 * found in FIELD (a Sigma taxonomy, ECS or Logpush name), or NULL when it
 * can, or when cfecs knows nothing of the field's values.
 */
const char	*fieldcheck(const char *field, enum fc_match match,
		    const char *lit, size_t len);

#endif
