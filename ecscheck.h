/*
 * ecscheck.h: validation of one cfecs output event against the Elastic
 * Common Schema, for --check.
 *
 * The field table is compiled in: ecs_fields.c is generated from ECS's
 * fields.csv by tests/gen_ecs_fields.sh.
 */
#ifndef CFECS_ECSCHECK_H
#define CFECS_ECSCHECK_H

#include <stddef.h>

/*
 * 0 if the event (one line of cfecs output, valid JSON, no trailing
 * newline needed) is valid ECS; else -1 and a message like
 * "source.port: is a string, ECS type long" in why.  Safe on arbitrary
 * bytes: anything that is not one JSON object gives "not valid JSON".
 */
int	ecs_check_event(const char *line, size_t len, char *why, size_t whylen);

/* ECS field types; the generator writes ECS_ + the type name uppercased. */
enum ecs_type {
	ECS_BOOLEAN,
	ECS_BYTE,
	ECS_CONSTANT_KEYWORD,
	ECS_DATE,
	ECS_DOUBLE,
	ECS_FLATTENED,
	ECS_FLOAT,
	ECS_GEO_POINT,
	ECS_HALF_FLOAT,
	ECS_INTEGER,
	ECS_IP,
	ECS_KEYWORD,
	ECS_LONG,
	ECS_MATCH_ONLY_TEXT,
	ECS_NESTED,
	ECS_OBJECT,
	ECS_SCALED_FLOAT,
	ECS_SHORT,
	ECS_TEXT,
	ECS_UNSIGNED_LONG,
	ECS_VERSION,
	ECS_WILDCARD
};

struct ecs_field {
	const char	*name;		/* dotted, e.g. "source.port" */
	unsigned char	 type;		/* enum ecs_type */
	unsigned char	 array;		/* normalization includes "array" */
};

struct ecs_allowed {
	const char	*field;		/* e.g. "event.category" */
	const char	*value;
};

/* In ecs_fields.c (generated); both sorted with strcmp. */
extern const struct ecs_field	ecs_fields[];
extern const size_t		ecs_nfields;
/* Not in ECS, written as Filebeat writes it: where the line starts. */
extern const struct ecs_field	ecs_log_offset;
extern const struct ecs_allowed	ecs_allowed[];
extern const size_t		ecs_nallowed;
/* The fields ECS does not index (NULL-terminated), the table's version. */
extern const char *const	ecs_unindexed[];
extern const char		ecs_table_version[];

#endif
