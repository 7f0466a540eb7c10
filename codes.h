/*
 * codes.h: standard code tables: ISO 3166-1 countries, IANA DNS RR types
 * and RCODEs.
 */

#ifndef CFECS_CODES_H
#define CFECS_CODES_H

#include <stddef.h>

const char	*code_country_name(const char *, size_t);
const char	*code_dns_type(unsigned long);
const char	*code_dns_rcode(unsigned long);

#endif /* CFECS_CODES_H */
