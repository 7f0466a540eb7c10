/*
 * geoip.h: GeoIP and ASN enrichment from MaxMind DB files (--geoip).
 */
#ifndef CFECS_GEOIP_H
#define CFECS_GEOIP_H

struct map_stage;

/* Open one database (--geoip FILE); a file that cannot be read or is not
 * a MaxMind DB is fatal (exit 2, naming it). */
void	geoip_open(const char *path);
/* The stage filling *.geo.* and *.as.*, or NULL when no database is open. */
const struct map_stage *geoip_stage(void);
/* Unmap the databases (after the last event). */
void	geoip_close(void);

#endif
