/*
 * enrich.h: values derived from the mapped event, as a stage after the
 * mapper: the domain split (public suffix list), the user agent (uap-core
 * regexes.yaml) and network.community_id.
 */
#ifndef CFECS_ENRICH_H
#define CFECS_ENRICH_H

#include <stddef.h>
#include <stdint.h>

struct map_stage;
struct uap;

/*
 * The enrichment stage, set up once before the workers start: loads the
 * public suffix list and the user agent regexes (ua_path, or NULL for
 * the system's file).  A file that cannot be loaded is fatal (exit 2,
 * the message names it).
 */
const struct map_stage *enrich_stage(const char *ua_path);

/* The ECS fields enrichment can add, NULL-terminated. */
extern const char *const enrich_fields[];

/* The regexes.yaml cfecs reads when --ua-regexes is not given. */
#define UAP_DEFAULT_PATH	"/usr/share/uap-core/regexes.yaml"

/*
 * A regexes.yaml file, loaded and compiled; NULL and a message in err
 * (naming the file) when it cannot be read or is not a valid one.
 */
struct uap	*uap_load(const char *path, char *err, size_t errlen);
void		 uap_free(struct uap *);

/*
 * Community ID v1 (seed 0) of a flow: addresses as text, IP protocol
 * number, ports (for ICMP and ICMPv6: type and code).  Writes
 * "1:<base64>" and a NUL into out; returns its length, 0 when the
 * addresses are not two IPs of one family.
 */
#define COMMUNITY_ID_SIZE	32
size_t		 community_id(const char *saddr, const char *daddr, int proto,
		    int has_ports, unsigned sport, unsigned dport,
		    char out[COMMUNITY_ID_SIZE]);

#endif
