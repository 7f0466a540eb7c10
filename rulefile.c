/*
 * rulefile.c: Sigma rules: the condition, the metadata, the logsource,
 * the values-that-can-never-match check, and rule files and directories.
 */

#define _GNU_SOURCE	/* memmem() */
#include <sys/stat.h>	/* stat() */

#include <arpa/inet.h>	/* inet_pton() */
#include <ctype.h>	/* isdigit() */
#include <dirent.h>	/* opendir() */
#include <errno.h>	/* errno */
#include <fcntl.h>	/* open() */
#include <limits.h>	/* PATH_MAX */
#include <stdarg.h>	/* va_list */
#include <stdint.h>	/* uint64_t */
#include <stdio.h>	/* fprintf() */
#include <stdlib.h>	/* strtod(), qsort() */
#include <string.h>	/* memmem() */
#include <time.h>	/* clock_gettime() */
#include <unistd.h>	/* read(), readlink() */

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>	/* the re modifier */
#include <yaml.h>	/* rule files */

#include "correlate.h"
#include "detect.h"
#include "fieldcheck.h"
#include "json.h"
#include "mapper.h"
#include "util.h"
#include "writer.h"
#include "detect_int.h"

#ifndef CFECS_RULES_DIR
#define CFECS_RULES_DIR	"/usr/local/share/cfecs/rules"
#endif

/* ---- the condition ---- */

struct cparse {
	struct load	*l;
	const yaml_node_t *at;
	char		**tok;
	size_t		 ntok, pos;
	int		 depth;
};

static int
new_node(struct rule *r, enum nkind k, int a, int b)
{
	r->node = xrealloc(r->node, (r->nnode + 1) * sizeof(*r->node));
	r->node[r->nnode].kind = k;
	r->node[r->nnode].a = a;
	r->node[r->nnode].b = b;
	return (int)r->nnode++;
}

static int
tok_is(struct cparse *p, const char *w)
{
	return p->pos < p->ntok && strcasecmp(p->tok[p->pos], w) == 0;
}

/* "sel*" and "them" for "1 of"/"all of": OR or AND of the selections. */
static int
of_expr(struct cparse *p, int all)
{
	struct rule *r = p->l->r;
	const char *pat;
	int acc = -1, n;
	size_t i;

	if (p->pos >= p->ntok)
		return rules_fail(p->l, p->at, "condition: 'of' needs a name");
	pat = p->tok[p->pos++];
	for (i = 0; i < r->nsel; i++) {
		if (strcmp(pat, "them") == 0 ? r->sel[i].name[0] == '_' :
		    !glob_match(pat, strlen(pat), r->sel[i].name,
		    strlen(r->sel[i].name)))
			continue;
		n = new_node(r, N_SEL, (int)i, 0);
		acc = acc < 0 ? n : new_node(r, all ? N_AND : N_OR, acc, n);
	}
	if (acc < 0)
		return rules_fail(p->l, p->at, "condition: no selection matches '%s'",
		    pat);
	return acc;
}

static int or_expr(struct cparse *);

static int
factor(struct cparse *p)
{
	struct rule *r = p->l->r;
	const char *t;
	size_t i;
	int n;

	if (++p->depth > MAX_DEPTH)
		return rules_fail(p->l, p->at, "condition nested too deep");
	if (p->pos >= p->ntok)
		return rules_fail(p->l, p->at, "condition ends too early");
	t = p->tok[p->pos];
	if (strcasecmp(t, "not") == 0) {
		p->pos++;
		if ((n = factor(p)) < 0)
			return -1;
		p->depth--;
		return new_node(r, N_NOT, n, 0);
	}
	if (strcmp(t, "(") == 0) {
		p->pos++;
		if ((n = or_expr(p)) < 0)
			return -1;
		if (!tok_is(p, ")"))
			return rules_fail(p->l, p->at, "condition: ')' expected");
		p->pos++;
		p->depth--;
		return n;
	}
	if (p->pos + 1 < p->ntok && strcasecmp(p->tok[p->pos + 1], "of") == 0) {
		p->pos += 2;
		if (strcmp(t, "1") == 0 || strcasecmp(t, "any") == 0)
			n = of_expr(p, 0);
		else if (strcasecmp(t, "all") == 0)
			n = of_expr(p, 1);
		else
			return rules_fail(p->l, p->at, "condition: '%s of' is not "
			    "supported (1 of, all of)", t);
		p->depth--;
		return n;
	}
	if (strcmp(t, ")") == 0 || strcasecmp(t, "and") == 0 ||
	    strcasecmp(t, "or") == 0)
		return rules_fail(p->l, p->at, "condition: unexpected '%s'", t);
	for (i = 0; i < r->nsel; i++)
		if (strcmp(r->sel[i].name, t) == 0) {
			p->pos++;
			p->depth--;
			return new_node(r, N_SEL, (int)i, 0);
		}
	return rules_fail(p->l, p->at, "condition: no selection named '%s'", t);
}

static int
and_expr(struct cparse *p)
{
	int a, b;

	if ((a = factor(p)) < 0)
		return -1;
	while (tok_is(p, "and")) {
		p->pos++;
		if ((b = factor(p)) < 0)
			return -1;
		a = new_node(p->l->r, N_AND, a, b);
	}
	return a;
}

static int
or_expr(struct cparse *p)
{
	int a, b;

	if ((a = and_expr(p)) < 0)
		return -1;
	while (tok_is(p, "or")) {
		p->pos++;
		if ((b = and_expr(p)) < 0)
			return -1;
		a = new_node(p->l->r, N_OR, a, b);
	}
	return a;
}

static int
parse_condition(struct load *l, const yaml_node_t *at, const char *s, size_t n)
{
	struct cparse p = { l, at, NULL, 0, 0, 0 };
	size_t i = 0, j;
	int root = -1;

	if (memchr(s, '|', n) != NULL)
		return rules_fail(l, at, "aggregations ('| count()' ...) are not "
		    "supported");
	while (i < n) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			i++;
			continue;
		}
		j = i + 1;
		if (s[i] != '(' && s[i] != ')')
			while (j < n && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' &&
			    s[j] != '\r' && s[j] != '(' && s[j] != ')')
				j++;
		p.tok = xrealloc(p.tok, (p.ntok + 1) * sizeof(*p.tok));
		p.tok[p.ntok++] = xstrndup(s + i, j - i);
		i = j;
	}
	if (p.ntok == 0)
		rules_fail(l, at, "empty condition");
	else if ((root = or_expr(&p)) >= 0 && p.pos < p.ntok) {
		rules_fail(l, at, "condition: unexpected '%s'", p.tok[p.pos]);
		root = -1;
	}
	for (i = 0; i < p.ntok; i++)
		free(p.tok[i]);
	free(p.tok);
	return root;
}

/* ---- the rule's metadata ---- */

const struct rule_level rules_levels[] = {
	{ "informational", 1, 1 },
	{ "low",	2, 21 },
	{ "medium",	3, 47 },
	{ "high",	4, 73 },
	{ "critical",	5, 99 },
	{ NULL,		0, 0 }
};

static const char *const tactics[][2] = {
	{ "reconnaissance", "Reconnaissance" },
	{ "resource-development", "Resource Development" },
	{ "initial-access", "Initial Access" },
	{ "execution", "Execution" },
	{ "persistence", "Persistence" },
	{ "privilege-escalation", "Privilege Escalation" },
	{ "defense-evasion", "Defense Evasion" },
	{ "credential-access", "Credential Access" },
	{ "discovery", "Discovery" },
	{ "lateral-movement", "Lateral Movement" },
	{ "collection", "Collection" },
	{ "command-and-control", "Command and Control" },
	{ "exfiltration", "Exfiltration" },
	{ "impact", "Impact" },
	{ NULL, NULL }
};

char *
rules_json_of(const char *s, size_t n)
{
	struct wbuf b;
	char *out;

	wb_init(&b, n + 16);
	wb_str(&b, s, n);
	out = xmalloc(b.len + 1);
	memcpy(out, b.p, b.len);
	out[b.len] = '\0';
	wb_free(&b);
	return out;
}

static void
add_tag(struct rule *r, const char *t, size_t n)
{
	size_t i;
	char *s;

	if (n < 8 || strncasecmp(t, "attack.", 7) != 0)
		return;
	t += 7;
	n -= 7;
	if ((t[0] == 't' || t[0] == 'T') && n >= 5 && isdigit((unsigned char)t[1])) {
		s = xstrndup(t, n);
		for (i = 0; i < n; i++)
			if (s[i] >= 'a' && s[i] <= 'z')
				s[i] -= 'a' - 'A';
		r->tech = xrealloc(r->tech, (r->ntech + 1) * sizeof(*r->tech));
		r->tech[r->ntech++] = s;
		return;
	}
	for (i = 0; tactics[i][0] != NULL; i++)
		if (strlen(tactics[i][0]) == n &&
		    strncasecmp(tactics[i][0], t, n) == 0) {
			r->tactic = xrealloc(r->tactic,
			    (r->ntactic + 1) * sizeof(*r->tactic));
			r->tactic[r->ntactic++] = xstrdup(tactics[i][1]);
		}
}

/* id, title, level, description, references, author, tags. */
static int
load_meta(struct load *l, const yaml_node_t *root)
{
	struct rule *r = l->r;
	yaml_node_t *n, *e;
	yaml_node_item_t *it;
	struct wbuf b;
	size_t i, nref = 0;

	r->id = rules_get_str(l, root, "id");
	r->name = rules_get_str(l, root, "name");
	r->title = rules_get_str(l, root, "title");
	if (r->title == NULL)
		return rules_fail(l, root, "no title");
	if (r->id == NULL)
		r->id = xstrdup(r->title);
	r->level = rules_get_str(l, root, "level");
	if (r->level == NULL)
		r->level = xstrdup("medium");
	lower(r->level, strlen(r->level));
	for (i = 0; rules_levels[i].level != NULL; i++)
		if (strcmp(rules_levels[i].level, r->level) == 0)
			r->severity = rules_levels[i].severity;
	if (r->severity == 0)
		return rules_fail(l, rules_map_get(l, root, "level"), "unknown level '%s'",
		    r->level);
	r->j_id = rules_json_of(r->id, strlen(r->id));
	r->j_name = rules_json_of(r->title, strlen(r->title));
	if ((n = rules_map_get(l, root, "description")) != NULL && rules_is_scalar(n))
		r->j_desc = rules_json_of((char *)n->data.scalar.value,
		    n->data.scalar.length);
	if ((n = rules_map_get(l, root, "author")) != NULL && rules_is_scalar(n)) {
		wb_init(&b, 64);
		wb_char(&b, '[');
		wb_str(&b, (char *)n->data.scalar.value, n->data.scalar.length);
		wb_char(&b, ']');
		r->j_author = xmalloc(b.len + 1);
		memcpy(r->j_author, b.p, b.len);
		r->j_author[b.len] = '\0';
		wb_free(&b);
	}
	if ((n = rules_map_get(l, root, "references")) != NULL &&
	    n->type == YAML_SEQUENCE_NODE) {
		wb_init(&b, 256);
		for (it = n->data.sequence.items.start;
		    it < n->data.sequence.items.top; it++)
			if (rules_is_scalar(e = rules_node(l, *it))) {
				wb_char(&b, nref++ ? ',' : '[');
				wb_str(&b, (char *)e->data.scalar.value,
				    e->data.scalar.length);
			}
		if (nref > 0) {
			wb_char(&b, ']');
			/* One reference is a string; more are an array. */
			if (nref == 1) {
				r->j_ref = xmalloc(b.len - 1);
				memcpy(r->j_ref, b.p + 1, b.len - 2);
				r->j_ref[b.len - 2] = '\0';
			} else {
				r->j_ref = xmalloc(b.len + 1);
				memcpy(r->j_ref, b.p, b.len);
				r->j_ref[b.len] = '\0';
			}
		}
		wb_free(&b);
	}
	if ((n = rules_map_get(l, root, "tags")) != NULL &&
	    n->type == YAML_SEQUENCE_NODE)
		for (it = n->data.sequence.items.start;
		    it < n->data.sequence.items.top; it++)
			if (rules_is_scalar(e = rules_node(l, *it)))
				add_tag(r, (char *)e->data.scalar.value,
				    e->data.scalar.length);
	return 0;
}

/*
 * The Sigma categories and the datasets they cover.  proxy is a forward
 * proxy's view of users' requests out (Gateway); http_requests are a
 * reverse proxy's view of requests in, Sigma's webserver.  --logsource
 * adds pairs.
 */
static const char *const category_map[][2] = {
	{ "proxy",	"gateway_http" },
	{ "webserver",	"http_requests" },
	{ "dns",	"dns_logs" },
	{ "dns",	"gateway_dns" },
	{ "firewall",	"firewall_events" },
	{ NULL,		NULL }
};

#define NCATEGORY_MAP	(sizeof(category_map) / sizeof(category_map[0]) - 1)

/* The i-th (category, dataset) pair: the defaults, then --logsource. */
static const char *
pair_at(const struct detect *d, size_t i, int which)
{
	return i < NCATEGORY_MAP ? category_map[i][which] :
	    d->widen[i - NCATEGORY_MAP][which];
}

/* -v: "# logsource category C: datasets", the defaults and --logsource. */
void
rules_list_logsources(const struct detect *d, FILE *f)
{
	size_t i, j, n = NCATEGORY_MAP + d->nwiden;
	int first;

	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(pair_at(d, i, 0), pair_at(d, j, 0)) == 0)
				break;
		if (j < i)
			continue;	/* listed with its first pair */
		fprintf(f, "# logsource category %s:", pair_at(d, i, 0));
		for (first = 1, j = i; j < n; j++)
			if (strcmp(pair_at(d, i, 0), pair_at(d, j, 0)) == 0) {
				fprintf(f, "%s%s%s", first ? " " : ",",
				    pair_at(d, j, 1), j >= NCATEGORY_MAP ?
				    " (--logsource)" : "");
				first = 0;
			}
		fputc('\n', f);
	}
	fputs("# logsource product cloudflare, service NAME: the dataset NAME; "
	    "product cloudflare alone: every dataset\n", f);
}

static int
covers(const struct detect *d, const char *cat, const char *ds)
{
	size_t i;

	for (i = 0; category_map[i][0] != NULL; i++)
		if (strcmp(category_map[i][0], cat) == 0 &&
		    strcmp(category_map[i][1], ds) == 0)
			return 1;
	for (i = 0; i < d->nwiden; i++)
		if (strcmp(d->widen[i][0], cat) == 0 &&
		    strcmp(d->widen[i][1], ds) == 0)
			return 1;
	return 0;
}

int
detect_logsource(struct detect *d, const char *spec)
{
	const char *eq = strchr(spec, '=');
	int i;

	if (eq == NULL || eq == spec || eq[1] == '\0' ||
	    strchr(eq + 1, '=') != NULL)
		return -1;
	for (i = 0; i < d->ndatasets; i++)
		if (strcmp(datasets[i]->name, eq + 1) == 0)
			break;
	if (i == d->ndatasets)
		return -1;
	d->widen = xrealloc(d->widen, (d->nwiden + 1) * sizeof(*d->widen));
	d->widen[d->nwiden][0] = xstrndup(spec, (size_t)(eq - spec));
	d->widen[d->nwiden][1] = xstrdup(eq + 1);
	d->nwiden++;
	return 0;
}

/* Which datasets the logsource covers; 0 for none we log. */
static uint64_t
logsource(struct load *l, const yaml_node_t *root, char *why, size_t whylen)
{
	yaml_node_t *ls = rules_map_get(l, root, "logsource");
	char *cat = rules_get_str(l, ls, "category");
	char *prod = rules_get_str(l, ls, "product");
	char *svc = rules_get_str(l, ls, "service");
	uint64_t set = 0;
	int d;

	for (d = 0; d < l->d->ndatasets; d++) {
		const char *name = datasets[d]->name;

		if (prod != NULL && strcmp(prod, "cloudflare") != 0)
			continue;	/* another product's logs */
		if (svc != NULL) {
			if (prod != NULL && strcmp(svc, name) == 0)
				set |= 1ULL << d;
		} else if (cat != NULL) {
			if (covers(l->d, cat, name))
				set |= 1ULL << d;
		} else if (prod != NULL)
			set |= 1ULL << d;	/* product: cloudflare alone */
	}
	if (set == 0)
		snprintf(why, whylen, "logsource%s%s%s%s%s%s: not a Logpush "
		    "dataset", cat ? " category " : "", cat ? cat : "",
		    prod ? " product " : "", prod ? prod : "",
		    svc ? " service " : "", svc ? svc : "");
	free(cat);
	free(prod);
	free(svc);
	return set;
}

/* Keys whose source is missing in a dataset take it out of the rule. */
static void
check_fields(struct load *l, const yaml_node_t *det)
{
	struct rule *r = l->r;
	size_t s, a, c;
	int d, k, bad = -1;

	for (s = 0; s < r->nsel; s++)
		for (a = 0; a < r->sel[s].nalt; a++)
			for (c = 0; c < r->sel[s].alt[a].nc; c++) {
				k = r->sel[s].alt[a].c[c].key;
				for (d = 0; d < l->d->ndatasets; d++)
					if ((r->datasets >> d & 1) &&
					    l->d->key[k].src[d].kind == S_NONE) {
						r->datasets &= ~(1ULL << d);
						bad = k;
					}
			}
	if (r->datasets == 0 && bad >= 0)
		rules_fail(l, det, "field '%s' is not in the logs this rule covers",
		    l->d->key[bad].name);
}

/* The first literal of the rule that its field can never hold, noted in
 * r->never (and how many more). */
static void
check_values(struct load *l)
{
	static const enum fc_match how[] = {
		[MK_EQ] = FC_EQ, [MK_START] = FC_START, [MK_END] = FC_END,
		[MK_CONTAINS] = FC_CONTAINS
	};
	struct rule *r = l->r;
	const struct matcher *mt;
	const struct fcond *c;
	const char *why, *field;
	char first[512];
	size_t s, a, k, m, more = 0;

	first[0] = '\0';
	for (s = 0; s < r->nsel; s++)
		for (a = 0; a < r->sel[s].nalt; a++)
			for (k = 0; k < r->sel[s].alt[a].nc; k++) {
				c = &r->sel[s].alt[a].c[k];
				field = l->d->key[c->key].name;
				for (m = 0; m < c->nm; m++) {
					mt = &c->m[m];
					if (mt->kind > MK_END || *field == '\0' ||
					    (why = fieldcheck(field, how[mt->kind],
					    mt->lit, mt->len)) == NULL)
						continue;
					if (first[0] != '\0') {
						more++;
						continue;
					}
					snprintf(first, sizeof(first), "%s: value "
					    "'%.*s' can never match: %s", field,
					    (int)(mt->len < 80 ? mt->len : 80),
					    mt->lit, why);
				}
			}
	if (first[0] == '\0')
		return;
	if (more > 0) {
		k = strlen(first);
		snprintf(first + k, sizeof(first) - k, " (and %zu more "
		    "value%s)", more, more == 1 ? "" : "s");
	}
	r->never = xstrdup(first);
}

static void
load_detection(struct load *l, const yaml_node_t *det)
{
	struct rule *r = l->r;
	yaml_node_t *cond = NULL, *k;
	yaml_node_pair_t *p;
	yaml_node_item_t *it;
	char *name;
	int acc = -1, n;

	if (det == NULL || det->type != YAML_MAPPING_NODE) {
		rules_fail(l, det, "no detection map");
		return;
	}
	for (p = det->data.mapping.pairs.start; p < det->data.mapping.pairs.top;
	    p++) {
		k = rules_node(l, p->key);
		if (!rules_is_scalar(k)) {
			rules_fail(l, k, "detection keys must be names");
			return;
		}
		if (rules_scalar_is(k, "condition")) {
			cond = rules_node(l, p->value);
			continue;
		}
		if (l->filter && rules_scalar_is(k, "rules"))
			continue;
		if (rules_scalar_is(k, "timeframe")) {
			rules_fail(l, k, "timeframe (aggregation) is not supported");
			return;
		}
		name = rules_scalar_dup(k);
		n = rules_add_selection(l, name, rules_node(l, p->value));
		free(name);
		if (n < 0)
			return;
	}
	if (cond == NULL) {
		rules_fail(l, det, "no condition");
		return;
	}
	if (rules_is_scalar(cond))
		acc = parse_condition(l, cond, (char *)cond->data.scalar.value,
		    cond->data.scalar.length);
	else if (cond->type == YAML_SEQUENCE_NODE) {
		/* A list of conditions: any of them. */
		for (it = cond->data.sequence.items.start;
		    it < cond->data.sequence.items.top; it++) {
			k = rules_node(l, *it);
			if (!rules_is_scalar(k)) {
				rules_fail(l, cond, "a condition must be a string");
				return;
			}
			if ((n = parse_condition(l, k, (char *)k->data.scalar.value,
			    k->data.scalar.length)) < 0)
				return;
			acc = acc < 0 ? n : new_node(r, N_OR, acc, n);
		}
		if (acc < 0)
			rules_fail(l, cond, "empty condition list");
	} else
		rules_fail(l, cond, "a condition must be a string");
	r->root = acc;
	if (acc >= 0)
		check_fields(l, det);
	if (l->why[0] == '\0')
		check_values(l);
}

void
rules_free_rule(struct rule *r)
{
	size_t s, a, c, m;

	for (s = 0; s < r->nsel; s++) {
		for (a = 0; a < r->sel[s].nalt; a++) {
			for (c = 0; c < r->sel[s].alt[a].nc; c++) {
				struct fcond *fc = &r->sel[s].alt[a].c[c];

				for (m = 0; m < fc->nm; m++) {
					free(fc->m[m].lit);
					free(fc->m[m].pre);
					free(fc->m[m].src);
					pcre2_code_free(fc->m[m].re);
				}
				free(fc->m);
				free(fc->sum);
				free(fc->sumw);
			}
			free(r->sel[s].alt[a].c);
		}
		free(r->sel[s].alt);
		free(r->sel[s].name);
	}
	free(r->sel);
	r->sel = NULL;
	r->nsel = 0;
	free(r->node);
	r->node = NULL;
	for (s = 0; s < r->ntech; s++)
		free(r->tech[s]);
	free(r->tech);
	for (s = 0; s < r->ntactic; s++)
		free(r->tactic[s]);
	free(r->tactic);
	r->tech = r->tactic = NULL;
	r->ntech = r->ntactic = 0;
}

static void
add_rule(struct detect *d, struct rule *r)
{
	d->rule = xrealloc(d->rule, (d->nrule + 1) * sizeof(*d->rule));
	d->rule[d->nrule++] = r;
}

/* A rule that is not loaded: kept for --list-rules -v and the counts. */
void
rules_skip_rule(struct detect *d, struct rule *r, const char *why, int line,
    int problem)
{
	rules_free_rule(r);
	free(r->why);
	r->why = xstrdup(why);
	r->line = line;
	r->problem = problem;
	r->datasets = 0;
	if (problem) {
		d->problems++;
		rules_warn_at(d, r->file, line, "%s%s%s%s; rule skipped",
		    r->title ? "'" : "", r->title ? r->title : "",
		    r->title ? "': " : "", why);
	}
}

/* The filter: map of a filter document: its rules, then a detection. */
static void
load_filter(struct load *l, yaml_node_t *root)
{
	struct rule *r = l->r;
	yaml_node_t *f = rules_map_get(l, root, "filter"), *t;
	yaml_node_item_t *it;

	r->is_filter = 1;
	t = rules_map_get(l, f, "rules");
	if (rules_is_scalar(t)) {
		r->target = xcalloc(1, sizeof(*r->target));
		r->target[r->ntarget++] = rules_scalar_dup(t);
	} else if (t != NULL && t->type == YAML_SEQUENCE_NODE)
		for (it = t->data.sequence.items.start;
		    it < t->data.sequence.items.top; it++)
			if (rules_is_scalar(t = rules_node(l, *it))) {
				r->target = xrealloc(r->target,
				    (r->ntarget + 1) * sizeof(*r->target));
				r->target[r->ntarget++] = rules_scalar_dup(t);
			}
	if (r->ntarget == 0) {
		rules_fail(l, f, "filter: no rules named");
		return;
	}
	l->filter = 1;
	load_detection(l, f);
}

static void
load_correlation(struct load *l, yaml_node_t *root)
{
	struct detect *d = l->d;
	struct corr *c = xcalloc(1, sizeof(*c));
	yaml_node_t *g = rules_map_get(l, root, "generate");

	if (corr_parse(c, &l->doc, rules_map_get(l, root, "correlation"), l->why,
	    sizeof(l->why), &l->line) < 0) {
		corr_clear(c);
		free(c);
		return;
	}
	if (d->ncorr >= 65535) {
		rules_fail(l, root, "more than 65535 correlation rules");
		corr_clear(c);
		free(c);
		return;
	}
	c->generate = rules_scalar_is(g, "true") || rules_scalar_is(g, "yes");
	c->rule = (int)d->nrule - 1;
	l->r->corr = (int)d->ncorr;
	d->corr = xrealloc(d->corr, (d->ncorr + 1) * sizeof(*d->corr));
	d->corr[d->ncorr++] = c;
}

/* One YAML document of a rule file: a rule, a correlation or a filter. */
static void
load_doc(struct detect *d, struct load *l)
{
	yaml_node_t *root = yaml_document_get_root_node(&l->doc);
	struct rule *r;
	char why[256], *status;

	r = xcalloc(1, sizeof(*r));
	r->file = xstrdup(l->file);
	r->root = -1;
	r->corr = -1;
	l->r = r;
	l->why[0] = '\0';
	l->line = 0;
	l->filter = 0;
	l->nvalues = 0;
	add_rule(d, r);
	if (root == NULL || root->type != YAML_MAPPING_NODE) {
		rules_skip_rule(d, r, "not a Sigma rule (no YAML map)", 1, 1);
		return;
	}
	load_meta(l, root);
	if (rules_map_get(l, root, "action") != NULL)
		rules_fail(l, rules_map_get(l, root, "action"), "rule collections "
		    "(action: global ...) are not supported");
	status = rules_get_str(l, root, "status");
	if (l->why[0] == '\0' && status != NULL && !d->all_status &&
	    (strcmp(status, "deprecated") == 0 ||
	    strcmp(status, "unsupported") == 0)) {
		snprintf(why, sizeof(why), "status %s (--include-deprecated "
		    "loads it)", status);
		free(status);
		rules_skip_rule(d, r, why, 0, 0);
		return;
	}
	free(status);
	if (l->why[0] == '\0' && rules_map_get(l, root, "correlation") != NULL) {
		load_correlation(l, root);
		if (l->why[0] != '\0')
			rules_skip_rule(d, r, l->why, l->line, 1);
		return;
	}
	if (l->why[0] != '\0') {
		rules_skip_rule(d, r, l->why, l->line, 1);
		return;
	}
	if ((r->datasets = logsource(l, root, why, sizeof(why))) == 0) {
		rules_skip_rule(d, r, why, 0, 0);
		return;
	}
	if (rules_map_get(l, root, "filter") != NULL)
		load_filter(l, root);
	else
		load_detection(l, rules_map_get(l, root, "detection"));
	if (l->why[0] != '\0')
		rules_skip_rule(d, r, l->why, l->line, 1);
	else if (r->never != NULL) {
		d->problems++;
		rules_warn_at(d, r->file, 0, "'%s': %s; the rule is loaded but this "
		    "part of it cannot fire", r->title, r->never);
	}
}

void
detect_load_text(struct detect *d, const char *name, const char *text,
    size_t len)
{
	struct load l;
	yaml_parser_t parser;
	struct rule *r;
	char why[256];
	int docs = 0;

	memset(&l, 0, sizeof(l));
	l.d = d;
	l.file = name;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	/* Each document is a rule of its own (correlations come with theirs). */
	for (;;) {
		if (!yaml_parser_load(&parser, &l.doc)) {
			snprintf(why, sizeof(why), "YAML: %s%s%s",
			    parser.problem ? parser.problem : "syntax error",
			    parser.context ? " " : "",
			    parser.context ? parser.context : "");
			r = xcalloc(1, sizeof(*r));
			r->file = xstrdup(name);
			r->root = -1;
			r->corr = -1;
			add_rule(d, r);
			rules_skip_rule(d, r, why, (int)parser.problem_mark.line + 1, 1);
			break;
		}
		if (yaml_document_get_root_node(&l.doc) == NULL) {
			yaml_document_delete(&l.doc);
			if (docs == 0) {
				r = xcalloc(1, sizeof(*r));
				r->file = xstrdup(name);
				r->root = -1;
				r->corr = -1;
				add_rule(d, r);
				rules_skip_rule(d, r, "not a Sigma rule (no YAML map)",
				    1, 1);
			}
			break;
		}
		docs++;
		load_doc(d, &l);
		yaml_document_delete(&l.doc);
	}
	yaml_parser_delete(&parser);
}

/* ---- files and directories ---- */

static int
is_rule_file(const char *name)
{
	size_t n = strlen(name);

	return (n > 4 && strcmp(name + n - 4, ".yml") == 0) ||
	    (n > 5 && strcmp(name + n - 5, ".yaml") == 0);
}

static int
load_file(struct detect *d, const char *path)
{
	struct stat st;
	char *buf;
	ssize_t got;
	size_t n = 0;
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0) {
		rules_error_at(d, path, "%s", strerror(errno));
		d->problems++;
		return -1;
	}
	if (fstat(fd, &st) == 0 && st.st_size > MAX_RULE_FILE) {
		close(fd);
		rules_error_at(d, path, "larger than %d bytes; not a rule file",
		    MAX_RULE_FILE);
		d->problems++;
		return 0;
	}
	buf = xmalloc(MAX_RULE_FILE + 1);
	while (n <= MAX_RULE_FILE &&
	    (got = read(fd, buf + n, MAX_RULE_FILE + 1 - n)) > 0)
		n += (size_t)got;
	close(fd);
	if (n > MAX_RULE_FILE) {
		rules_error_at(d, path, "larger than %d bytes; not a rule file",
		    MAX_RULE_FILE);
		d->problems++;
	} else
		detect_load_text(d, path, buf, n);
	free(buf);
	return 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
load_dir(struct detect *d, const char *path, int depth)
{
	DIR *dir;
	struct dirent *de;
	struct stat st;
	char **names = NULL, *full;
	size_t n = 0, i;

	if (depth > 32 || (dir = opendir(path)) == NULL) {
		rules_error_at(d, path, "%s", depth > 32 ? "too deep" :
		    strerror(errno));
		d->problems++;
		return -1;
	}
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	closedir(dir);
	if (n > 1)
		qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n; i++) {
		full = xmalloc(strlen(path) + strlen(names[i]) + 2);
		sprintf(full, "%s/%s", path, names[i]);
		if (lstat(full, &st) == 0 && S_ISDIR(st.st_mode))
			load_dir(d, full, depth + 1);
		else if (is_rule_file(names[i]) && stat(full, &st) == 0 &&
		    S_ISREG(st.st_mode))
			load_file(d, full);
		free(full);
		free(names[i]);
	}
	free(names);
	return 0;
}

int
detect_load(struct detect *d, const char *path)
{
	struct stat st;
	size_t n = strlen(path);
	char *p;
	int r;

	if (stat(path, &st) < 0) {
		rules_error_at(d, path, "%s", strerror(errno));
		d->problems++;
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return load_file(d, path);
	p = xstrdup(path);
	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	r = load_dir(d, p, 0);
	free(p);
	return r;
}

static int
is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * The built-in rules: beside the binary (the build tree: ./cfecs and
 * ./rules), in ../share/cfecs/rules (an installed tree, wherever it was
 * moved), then where make install put them.
 */
int
detect_load_builtin(struct detect *d)
{
	char exe[PATH_MAX], dir[PATH_MAX + 32];
	ssize_t n;
	char *slash;

	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			snprintf(dir, sizeof(dir), "%s/rules", exe);
			if (is_dir(dir))
				return detect_load(d, dir);
			snprintf(dir, sizeof(dir), "%s/../share/cfecs/rules", exe);
			if (is_dir(dir))
				return detect_load(d, dir);
		}
	}
	if (is_dir(CFECS_RULES_DIR))
		return detect_load(d, CFECS_RULES_DIR);
	rules_error_at(d, CFECS_RULES_DIR, "built-in rules not found");
	d->problems++;
	return -1;
}

