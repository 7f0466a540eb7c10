/*
 * json.h: JSON values as cfecs reads them.  cJSON parses; this layer
 * hands out its own read-only value tree, so no other file sees a cJSON
 * node or depends on how cJSON stores things.
 *
 * A value's text always comes with its length: strings are decoded
 * (escapes resolved, "\u0000" kept as a NUL byte, a lone surrogate
 * escape read as U+FFFD, so output stays strict JSON), numbers are the exact text of their token
 * (never a double).  Raw bytes that are not valid UTF-8 are kept as they
 * are in values (the writer replaces them) and replaced by U+FFFD in
 * keys (two keys that differ only there are the same key in the output).
 *
 * All memory of a parse lives in its parser's arena until json_reset.
 */
#ifndef CFECS_JSON_H
#define CFECS_JSON_H

#include <stddef.h>
#include <stdint.h>

struct wbuf;

enum jtype { J_NULL, J_FALSE, J_TRUE, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT };

struct jval {
	const struct jval *next;	/* next element or member */
	const struct jval *child;	/* first element or member */
	const char	*key;		/* a member's key, else NULL */
	const char	*s;		/* string: its text; number: its token */
	size_t		 keylen;
	size_t		 n;
	unsigned char	 type;		/* enum jtype */
	unsigned char	 plain;		/* s is printable ASCII: written as is */
	unsigned char	 key_plain;	/* the same for the key */
};

/* A parser: its arena and token list, reused record after record. */
struct jparser;

#define JSON_MSGSIZE	80

/* Once per process before anything else here (json_parser_new does). */
void		 json_init(void);
struct jparser	*json_parser_new(void);
void		 json_parser_free(struct jparser *);
/*
 * Parse one JSON text (a record line, a whole file).  Returns the root,
 * or NULL with msg ("invalid JSON at byte N", ...).  White space may
 * follow the value; anything else is an error.
 */
const struct jval *json_parse(struct jparser *, const char *, size_t,
		    char msg[JSON_MSGSIZE]);
/* Memory that lives until json_reset (never NULL). */
void		*json_alloc(struct jparser *, size_t);
/* Forget the last parse and every json_alloc since the previous reset. */
void		 json_reset(struct jparser *);

/* Where a text stops being JSON: the first byte that cannot continue a
 * value (n when it ends too soon), or SIZE_MAX when it is valid. */
size_t		 json_error_at(const char *, size_t);
const char	*json_parser_version(void);

static inline int
json_is(const struct jval *v, enum jtype t)
{
	return v != NULL && v->type == t;
}

/* A string's or a number's text; 0 for anything else. */
static inline int
json_text(const struct jval *v, const char **p, size_t *n)
{
	if (v == NULL || (v->type != J_STRING && v->type != J_NUMBER))
		return 0;
	*p = v->s;
	*n = v->n;
	return 1;
}

/* The same, and "true"/"false" for booleans. */
int		 json_scalar_text(const struct jval *, const char **, size_t *);
/* null or "" */
int		 json_is_empty(const struct jval *);
/* Does the string (or number) equal lit? */
int		 json_eq(const struct jval *, const char *lit);
/* An object's member by key (the last of duplicates), or NULL. */
const struct jval *json_get(const struct jval *, const char *key);
/* The same, the key compared without regard to ASCII case. */
const struct jval *json_get_nocase(const struct jval *, const char *key);

/*
 * Duplicate keys among n members: dup[i] is set when node[i]'s key
 * appears again later (the last one wins).  Keys are hashed with a seeded
 * hash of every byte, so no crafted set of keys costs more than ordinary
 * ones.  Returns the number of key comparisons and probes made.
 */
size_t		 json_mark_duplicates(struct jparser *,
		    const struct jval *const *node, size_t n,
		    unsigned char *dup);
/* The seeded hash of every byte (also for cfecs's field index). */
uint32_t	 json_hash(const char *, size_t);

/*
 * Writing values back as JSON: numbers as written (integers of 2^53 and
 * more, and tokens that are not strict JSON, as strings), objects with
 * each key once.
 */
void		 json_write(struct jparser *, struct wbuf *, const struct jval *);
void		 json_write_key(struct wbuf *, const struct jval *);
void		 json_write_number(struct wbuf *, const char *, size_t);
int		 json_is_number(const char *, size_t);

#endif
