/*
 * convert.h: between the converters (convert.c) and the mapper
 * (mapper.c).  A converter reads one Logpush value and fills the row's
 * slot(s) through these and mapper.h's map_put_*; tests call converters
 * the same way (tests/convert_test.c).
 */
#ifndef CFECS_CONVERT_H
#define CFECS_CONVERT_H

#include <stddef.h>
#include <stdint.h>

#include "json.h"
#include "mapper.h"
#include "timefmt.h"

/* A number token written as it is (V_RAW). */
void		 map_put_raw(struct mapctx *, enum slot, const char *, size_t);
/* A time in nanoseconds (written in --time-format's digits). */
void		 map_put_time(struct mapctx *, enum slot, int64_t);
/* A time value that could not be read (the first is named in error.*). */
void		 map_bad_time(struct mapctx *, const struct jval *);
/* --time-format */
enum time_format map_time_format(void);
/* Another field of the record being mapped, by name, or NULL. */
const struct jval *map_record_field(struct mapctx *, const char *);
/* Start a record with no slot filled (map_record does it itself). */
void		 map_begin(struct mapctx *);
/* A slot's value as the event would have it (nothing when unset). */
struct wbuf;
void		 map_slot_json(const struct mapctx *, enum slot, struct wbuf *);

/* Exact int64 from an integer token or a digits-only string. */
int		 conv_text_int(const char *, size_t, int64_t *);

#endif
