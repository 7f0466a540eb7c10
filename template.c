/*
 * template.c: --print-template.  A composable index template (the body of
 * PUT _index_template/NAME) that types every field cfecs writes:
 *
 * - each ECS slot (mapper.h) with the type of the ECS table (ecs_fields.c),
 *   its multi-fields (a leaf's ".text"), and for a nested or object slot
 *   (threat.enrichments, email.attachments) every ECS field below it;
 *   ECS's keyword convention (ignore_above 1024, or not indexed where ECS
 *   says so);
 * - cloudflare.* from the Logpush field lists (cloudflare_fields.c): a
 *   field with different types in two datasets gets one that takes both.
 *
 * Nothing here is written by hand per field: a slot added to mapper.h is
 * typed from the ECS table the next time the template is printed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ecscheck.h"
#include "mapper.h"
#include "template.h"

#define X_PATH(name, path) path,
static const char *const slot_paths[] = { ECS_SLOTS(X_PATH) NULL };
#undef X_PATH

/* One mapped path: a leaf, or an object with properties (a container). */
struct tfield {
	const char	*path;
	char		*mapping;	/* a leaf's mapping, or a container's
					   members before "properties" */
	int		 container;
};

struct tlist {
	struct tfield	*f;
	size_t		 n, cap;
	int		 failed;	/* out of memory */
};

static void
add(struct tlist *l, const char *path, char *mapping, int container)
{
	struct tfield *f;

	if (mapping == NULL) {
		l->failed = 1;
		return;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 1024;
		if ((f = realloc(l->f, l->cap * sizeof(*f))) == NULL) {
			free(mapping);
			l->failed = 1;
			return;
		}
		l->f = f;
	}
	l->f[l->n].path = path;
	l->f[l->n].mapping = mapping;
	l->f[l->n].container = container;
	l->n++;
}

static char *
copy_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	return p != NULL ? memcpy(p, s, n) : NULL;
}

/* ---- ECS fields ---- */

static int
by_name(const void *key, const void *elem)
{
	return strcmp(key, ((const struct ecs_field *)elem)->name);
}

static const struct ecs_field *
ecs_lookup(const char *name)
{
	if (strcmp(name, ecs_log_offset.name) == 0)
		return &ecs_log_offset;		/* Filebeat's, not ECS's */
	return bsearch(name, ecs_fields, ecs_nfields, sizeof(ecs_fields[0]),
	    by_name);
}

static int
unindexed(const char *name)
{
	const char *const *p;

	for (p = ecs_unindexed; *p != NULL; p++)
		if (strcmp(*p, name) == 0)
			return 1;
	return 0;
}

static int
is_container(int type)
{
	return type == ECS_NESTED || type == ECS_OBJECT;
}

/*
 * The mapping of one ECS leaf type, without braces.  OpenSearch (2.7 and
 * later) has no match_only_text, wildcard, constant_keyword or version,
 * and calls flattened flat_object.  A keyword the size of a wildcard
 * value must stay under Lucene's 32766-byte term: 8191 characters.
 */
static const char *
leaf_type(const struct template_opts *o, const struct ecs_field *e)
{
	switch (e->type) {
	case ECS_KEYWORD:
		return unindexed(e->name) ?
		    "\"type\": \"keyword\", \"index\": false, \"doc_values\": false" :
		    "\"type\": \"keyword\", \"ignore_above\": 1024";
	case ECS_DATE:
		return o->time_digits == 9 ? "\"type\": \"date_nanos\"" :
		    "\"type\": \"date\"";
	case ECS_MATCH_ONLY_TEXT:
		return o->opensearch ? "\"type\": \"text\"" :
		    "\"type\": \"match_only_text\"";
	case ECS_WILDCARD:
		return o->opensearch ?
		    "\"type\": \"keyword\", \"ignore_above\": 8191" :
		    "\"type\": \"wildcard\"";
	case ECS_FLATTENED:
		return o->opensearch ? "\"type\": \"flat_object\"" :
		    "\"type\": \"flattened\"";
	case ECS_CONSTANT_KEYWORD:
		return o->opensearch ? "\"type\": \"keyword\"" :
		    "\"type\": \"constant_keyword\"";
	case ECS_VERSION:
		return o->opensearch ?
		    "\"type\": \"keyword\", \"ignore_above\": 1024" :
		    "\"type\": \"version\"";
	case ECS_SCALED_FLOAT:
		/* ECS's factor for all its scaled_float fields */
		return "\"type\": \"scaled_float\", \"scaling_factor\": 1000";
	case ECS_LONG:
		return unindexed(e->name) ?
		    "\"type\": \"long\", \"index\": false, \"doc_values\": false" :
		    "\"type\": \"long\"";
	case ECS_BOOLEAN:	return "\"type\": \"boolean\"";
	case ECS_BYTE:		return "\"type\": \"byte\"";
	case ECS_DOUBLE:	return "\"type\": \"double\"";
	case ECS_FLOAT:		return "\"type\": \"float\"";
	case ECS_GEO_POINT:	return "\"type\": \"geo_point\"";
	case ECS_HALF_FLOAT:	return "\"type\": \"half_float\"";
	case ECS_INTEGER:	return "\"type\": \"integer\"";
	case ECS_IP:		return "\"type\": \"ip\"";
	case ECS_SHORT:		return "\"type\": \"short\"";
	case ECS_TEXT:		return "\"type\": \"text\"";
	case ECS_UNSIGNED_LONG:	return "\"type\": \"unsigned_long\"";
	case ECS_NESTED:	return "\"type\": \"nested\"";
	case ECS_OBJECT:	return "\"type\": \"object\"";
	}
	return "\"type\": \"keyword\", \"ignore_above\": 1024";
}

/* The ECS fields name.*: contiguous in the sorted table, from the first
 * name not below "name.". */
static size_t
below(const char *name, const struct ecs_field **first)
{
	char key[256];
	size_t lo = 0, hi = ecs_nfields, n, k;

	n = (size_t)snprintf(key, sizeof(key), "%s.", name);
	if (n >= sizeof(key)) {
		*first = ecs_fields;
		return 0;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ecs_fields[mid].name, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (k = lo; k < ecs_nfields && strncmp(ecs_fields[k].name, key, n) == 0;
	    k++)
		;
	*first = ecs_fields + lo;
	return k - lo;
}

/* A leaf with its multi-fields (ECS's name.text), as one mapping. */
static char *
leaf_mapping(const struct template_opts *o, const struct ecs_field *e)
{
	const struct ecs_field *sub;
	size_t n = below(e->name, &sub), i, len;
	char *m, *p;

	len = strlen(leaf_type(o, e)) + 32;
	for (i = 0; i < n; i++)
		len += strlen(sub[i].name) + strlen(leaf_type(o, sub + i)) + 16;
	if ((m = p = malloc(len)) == NULL)
		return NULL;
	p += sprintf(p, "%s", leaf_type(o, e));
	for (i = 0; i < n; i++)
		p += sprintf(p, "%s\"%s\": {%s}", i == 0 ? ", \"fields\": {" :
		    ", ", sub[i].name + strlen(e->name) + 1,
		    leaf_type(o, sub + i));
	if (n > 0)
		strcpy(p, "}");
	return m;
}

/* A multi-field: below a leaf, so part of that leaf's mapping. */
static int
multi_field(const struct ecs_field *e)
{
	char parent[256];
	const char *dot = strrchr(e->name, '.');
	const struct ecs_field *p;

	if (dot == NULL || (size_t)(dot - e->name) >= sizeof(parent))
		return 0;
	memcpy(parent, e->name, (size_t)(dot - e->name));
	parent[dot - e->name] = '\0';
	return (p = ecs_lookup(parent)) != NULL && !is_container(p->type);
}

static void
add_ecs(struct tlist *l, const struct template_opts *o)
{
	const struct ecs_field *e, *sub;
	const char *const *s;
	size_t n, i;

	for (s = slot_paths; *s != NULL; s++) {
		/* not ECS (cloudflare, below): mapped dynamically */
		if ((e = ecs_lookup(*s)) == NULL)
			continue;
		if (!is_container(e->type)) {
			add(l, e->name, leaf_mapping(o, e), 0);
			continue;
		}
		add(l, e->name, copy_str(leaf_type(o, e)), 1);
		n = below(e->name, &sub);
		for (i = 0; i < n; i++)
			if (is_container(sub[i].type))
				add(l, sub[i].name, copy_str(leaf_type(o, sub + i)), 1);
			else if (!multi_field(sub + i))
				add(l, sub[i].name, leaf_mapping(o, sub + i), 0);
	}
}

/* ---- cloudflare.* ---- */

/* An object in one dataset, a string in another: kept, not indexed. */
#define CF_ANY	(-1)

/* Two datasets' types of one field -> a type that takes both values. */
static int
merge(int a, int b)
{
	if (a == b)
		return a;
	if ((a == CF_INT && b == CF_FLOAT) || (a == CF_FLOAT && b == CF_INT))
		return CF_FLOAT;
	if (a == CF_OBJECT || b == CF_OBJECT)
		return CF_ANY;
	return CF_STRING;		/* a keyword takes numbers and booleans */
}

static const char *
cf_mapping(const struct template_opts *o, int type)
{
	switch (type) {
	case CF_INT:		return "\"type\": \"long\"";
	case CF_BOOL:		return "\"type\": \"boolean\"";
	case CF_FLOAT:		return "\"type\": \"double\"";
	case CF_OBJECT:
		return o->opensearch ? "\"type\": \"flat_object\"" :
		    "\"type\": \"flattened\", \"ignore_above\": 1024";
	case CF_ANY:		/* takes any value */
		return "\"type\": \"object\", \"enabled\": false";
	}
	/* strings, and times as written (a number or a string) */
	return "\"type\": \"keyword\", \"ignore_above\": 1024";
}

static int
by_field(const void *a, const void *b)
{
	const struct cf_field *x = *(const struct cf_field *const *)a;
	const struct cf_field *y = *(const struct cf_field *const *)b;

	return strcmp(x->name, y->name);
}

static void
add_cloudflare(struct tlist *l, const struct template_opts *o,
    char ***names)
{
	const struct cf_field **v;
	size_t i, j, n = 0, k = 0;
	int type;

	if ((v = malloc(cf_nfields * sizeof(*v))) == NULL ||
	    (*names = calloc(cf_nfields + 1, sizeof(**names))) == NULL) {
		free(v);
		l->failed = 1;
		return;
	}
	for (i = 0; i < cf_nfields; i++)
		if (o->dataset == NULL ||
		    map_dataset_by_name(cf_fields[i].dataset) == o->dataset)
			v[n++] = cf_fields + i;
	qsort(v, n, sizeof(*v), by_field);
	add(l, "cloudflare", copy_str("\"dynamic\": false"), 1);
	for (i = 0; i < n; i = j) {
		type = v[i]->type;
		for (j = i + 1; j < n && strcmp(v[j]->name, v[i]->name) == 0; j++)
			if (type != CF_ANY)
				type = merge(type, v[j]->type);
		if (((*names)[k] = malloc(strlen(v[i]->name) + 12)) == NULL) {
			l->failed = 1;
			break;
		}
		sprintf((*names)[k], "cloudflare.%s", v[i]->name);
		add(l, (*names)[k++], copy_str(cf_mapping(o, type)), 0);
	}
	free(v);
}

/* ---- writing ---- */

/* Path order with '.' first: a group's fields follow it, together. */
static int
path_cmp(const void *a, const void *b)
{
	const unsigned char *x = (const unsigned char *)
	    ((const struct tfield *)a)->path;
	const unsigned char *y = (const unsigned char *)
	    ((const struct tfield *)b)->path;

	for (; *x != '\0' && *x == *y; x++, y++)
		;
	return (*x == '.' ? 1 : *x) - (*y == '.' ? 1 : *y);
}

static void
indent(FILE *f, int depth)
{
	fprintf(f, "\n%*s", 2 * depth, "");
}

static void
json_str(FILE *f, const char *s)
{
	const unsigned char *p;

	putc('"', f);
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			putc(*p, f);
	putc('"', f);
}

/* Length of the first k components of path (k >= 1). */
static size_t
prefix_len(const char *path, size_t k)
{
	const char *p = path;

	while (k-- > 0 && (p = strchr(p, '.')) != NULL)
		if (k > 0)
			p++;
	return p == NULL ? strlen(path) : (size_t)(p - path);
}

static size_t
components(const char *path)
{
	size_t n = 1;

	for (; *path != '\0'; path++)
		n += *path == '.';
	return n;
}

/*
 * The properties tree, from the sorted paths: open the groups a path
 * enters, close those it leaves.  Returns the number of mapped fields
 * (objects count), for the field limit.
 */
static size_t
write_properties(FILE *f, const struct tlist *l, int base)
{
	const char *open[64];
	size_t depth = 0, i, c, k, count = 0;
	int first = 1;

	for (i = 0; i < l->n; i++) {
		const struct tfield *t = l->f + i;
		size_t n = components(t->path);

		if (n > 64)
			continue;
		for (k = 0; k < depth && k + 1 < n; k++) {
			size_t len = prefix_len(t->path, k + 1);

			if (strncmp(open[k], t->path, len) != 0 ||
			    (open[k][len] != '\0' && open[k][len] != '.'))
				break;
		}
		for (c = depth; c > k; c--) {
			indent(f, base + 2 * (int)c - 1);
			fputs("}", f);
			indent(f, base + 2 * (int)c - 2);
			fputs("}", f);
			first = 0;
		}
		depth = k;
		for (; depth + 1 < n; depth++) {	/* groups without a type */
			size_t a = depth ? prefix_len(t->path, depth) + 1 : 0;
			size_t len = prefix_len(t->path, depth + 1) - a;

			fputs(first ? "" : ",", f);
			indent(f, base + 2 * (int)depth);
			fprintf(f, "\"%.*s\": {", (int)len, t->path + a);
			indent(f, base + 2 * (int)depth + 1);
			fputs("\"properties\": {", f);
			open[depth] = t->path;
			first = 1;
			count++;
		}
		fputs(first ? "" : ",", f);
		indent(f, base + 2 * (int)depth);
		fprintf(f, "\"%s\": {%s", n > 1 ? strrchr(t->path, '.') + 1 :
		    t->path, t->mapping);
		count++;
		if (t->container) {
			/* its fields follow, if any */
			if (i + 1 < l->n && strncmp(l->f[i + 1].path, t->path,
			    strlen(t->path)) == 0 &&
			    l->f[i + 1].path[strlen(t->path)] == '.') {
				fputs(", \"properties\": {", f);
				open[depth++] = t->path;
				first = 1;
				continue;	/* closed like the groups */
			}
		}
		fputs("}", f);
		first = 0;
	}
	for (c = depth; c > 0; c--) {
		indent(f, base + 2 * (int)c - 1);
		fputs("}", f);
		indent(f, base + 2 * (int)c - 2);
		fputs("}", f);
	}
	return count;
}

static void
free_list(struct tlist *l, char **names)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->f[i].mapping);
	free(l->f);
	for (i = 0; names != NULL && names[i] != NULL; i++)
		free(names[i]);
	free(names);
}

/* Sorted, without repeats (a slot below a nested slot, say). */
static void
sort_unique(struct tlist *l)
{
	size_t i, k = 0;

	qsort(l->f, l->n, sizeof(*l->f), path_cmp);
	for (i = 0; i < l->n; i++)
		if (k > 0 && strcmp(l->f[k - 1].path, l->f[i].path) == 0)
			free(l->f[i].mapping);
		else
			l->f[k++] = l->f[i];
	l->n = k;
}

int
template_write(FILE *out, const struct template_opts *o)
{
	struct tlist l = { 0 };
	char **names = NULL, *props = NULL;
	size_t plen = 0, count, i;
	const char *const *p;
	FILE *mem;

	add_ecs(&l, o);
	add_cloudflare(&l, o, &names);
	if (l.failed || (mem = open_memstream(&props, &plen)) == NULL) {
		free_list(&l, names);
		return -1;
	}
	sort_unique(&l);
	count = write_properties(mem, &l, 4);
	free_list(&l, names);
	if (fclose(mem) != 0) {
		free(props);
		return -1;
	}

	fputs("{\n  \"index_patterns\": [", out);
	if (o->patterns == NULL || o->patterns[0] == NULL) {
		/* logs-cloudflare.http_requests-default, logs-cloudflare-2024.02.18 */
		fputs("\"logs-cloudflare", out);
		if (o->dataset != NULL)
			fprintf(out, ".%s-", o->dataset->name);
		fputs("*\"", out);
	}
	for (p = o->patterns; p != NULL && *p != NULL; p++) {
		fputs(p == o->patterns ? "" : ", ", out);
		json_str(out, *p);
	}
	fputs("],\n", out);
	if (o->data_stream)
		fputs("  \"data_stream\": {},\n", out);
	/* above the built-in logs-*-* template (100) */
	fputs("  \"priority\": 200,\n", out);
	fputs("  \"_meta\": {\n    \"description\": \"Cloudflare Logpush events "
	    "in ECS, as cfecs writes them\",\n", out);
	fprintf(out, "    \"ecs_version\": \"%s\",\n", ecs_table_version);
	fputs("    \"generator\": ", out);
	json_str(out, o->generator);
	fputs("\n  },\n  \"template\": {\n    \"settings\": {\n"
	    "      \"index\": {\n        \"mapping\": {\n", out);
	/* room for the fields of newer Logpush datasets */
	fprintf(out, "          \"total_fields\": {\"limit\": %zu},\n",
	    (count / 1000 + 2) * 1000);
	/* a value Logpush documents with another type is kept, unindexed,
	   rather than the whole event refused */
	fputs("          \"ignore_malformed\": true\n        }\n      }\n    },\n"
	    "    \"mappings\": {\n      \"date_detection\": false,\n"
	    "      \"dynamic_templates\": [\n        {\"strings_as_keyword\": "
	    "{\"match_mapping_type\": \"string\", \"mapping\": "
	    "{\"type\": \"keyword\", \"ignore_above\": 1024}}}\n      ],\n"
	    "      \"properties\": {", out);
	for (i = 0; i < plen; i++)
		putc(props[i], out);
	fputs("\n      }\n    }\n  }\n}\n", out);
	free(props);
	return 0;
}
