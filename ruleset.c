/*
 * ruleset.c: the rule set: correlation and filter links, set-up,
 * --list-rules and the logsource listing, and the gates compiled per rule.
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

/* ---- correlations and filters: references between rules ---- */

/* A rule by id or name (not filters); -1 if none. */
static int
find_rule(const struct detect *d, const char *ref)
{
	size_t i;

	for (i = 0; i < d->nrule; i++)
		if (!d->rule[i]->is_filter && d->rule[i]->id != NULL &&
		    strcmp(d->rule[i]->id, ref) == 0)
			return (int)i;
	for (i = 0; i < d->nrule; i++)
		if (!d->rule[i]->is_filter && d->rule[i]->name != NULL &&
		    strcmp(d->rule[i]->name, ref) == 0)
			return (int)i;
	return -1;
}

static int
rule_live(const struct rule *r)
{
	return r->why == NULL;
}

/* A field of a referenced rule's events: its key, or why not. */
static int
ref_key(struct detect *d, const struct rule *b, const char *field,
    char *why, size_t whylen)
{
	int key = rules_intern_key(d, field), k;

	for (k = 0; k < d->ndatasets; k++)
		if ((b->datasets >> k & 1) && d->key[key].src[k].kind != S_NONE)
			return key;
	snprintf(why, whylen, "field '%s' is not in the logs of rule %s",
	    field, b->id);
	return -1;
}

static int
group_place(const struct corr *inner, const char *field)
{
	size_t g;

	for (g = 0; g < inner->ngroup; g++)
		if (strcmp(inner->group[g], field) == 0)
			return (int)g;
	return -1;
}

/* Link one correlation whose references are all live; 0 or -1 (why). */
static int
link_corr(struct detect *d, struct corr *c, char *why, size_t whylen)
{
	struct rule *r = d->rule[c->rule], *b;
	size_t k, g, w = c->ngroup + 1;
	const char *f;
	int *from;

	c->ref_corr = xcalloc(c->nref, sizeof(int));
	c->from = from = xcalloc(c->nref * w, sizeof(int));
	c->ecs = xcalloc(c->ngroup + 1, sizeof(char *));
	for (k = 0; k < c->nref; k++) {
		b = d->rule[find_rule(d, c->ref[k])];
		c->ref_corr[k] = b->corr;
		r->datasets |= b->datasets;
		for (g = 0; g <= c->ngroup; g++) {
			f = g < c->ngroup ? c->group[g] : c->field;
			if (f == NULL) {
				from[k * w + g] = -1;
				continue;
			}
			f = corr_field(c, f, b->name);
			if (b->corr >= 0) {
				from[k * w + g] = group_place(d->corr[b->corr], f);
				if (from[k * w + g] < 0) {
					snprintf(why, whylen, "'%s' is not a "
					    "group-by field of correlation %s",
					    f, b->id);
					return -1;
				}
			} else if ((from[k * w + g] = ref_key(d, b, f, why,
			    whylen)) < 0)
				return -1;
			if (k == 0 && g < c->ngroup)
				c->ecs[g] = b->corr >= 0 ?
				    xstrdup(d->corr[b->corr]->ecs[from[g]]) :
				    rules_ecs_path(d, from[g], b->datasets, f);
		}
	}
	return 0;
}

static void
corr_skip(struct detect *d, struct corr *c, const char *why, int problem)
{
	struct rule *r = d->rule[c->rule];

	free(c->ref_corr);
	free(c->from);
	if (c->ecs != NULL) {
		size_t g;

		for (g = 0; g < c->ngroup; g++)
			free(c->ecs[g]);
		free(c->ecs);
	}
	c->ref_corr = c->from = NULL;
	c->ecs = NULL;
	c->done = 1;
	rules_skip_rule(d, r, why, 0, problem);
}

/* Correlations whose references are ready, until none changes. */
static void
link_correlations(struct detect *d)
{
	struct corr *c;
	size_t i, k, left;
	int changed = 1, t, ready;
	char why[320];

	while (changed) {
		changed = 0;
		for (i = 0; i < d->ncorr; i++) {
			c = d->corr[i];
			if (c->ref_corr != NULL || !rule_live(d->rule[c->rule]))
				continue;
			ready = 1;
			for (k = 0; k < c->nref && ready == 1; k++) {
				t = find_rule(d, c->ref[k]);
				if (t < 0 || !rule_live(d->rule[t])) {
					snprintf(why, sizeof(why), "correlation: "
					    "rule '%s' %s", c->ref[k], t < 0 ?
					    "not found" : "not loaded");
					corr_skip(d, c, why, t < 0);
					changed = 1;
					ready = -1;
				} else if (d->rule[t]->corr >= 0 &&
				    d->corr[d->rule[t]->corr]->ref_corr == NULL)
					ready = 0;
			}
			if (ready != 1)
				continue;
			changed = 1;
			if (link_corr(d, c, why, sizeof(why)) < 0)
				corr_skip(d, c, why, 1);
		}
	}
	for (i = left = 0; i < d->ncorr; i++)
		if (d->corr[i]->ref_corr == NULL && rule_live(d->rule[d->corr[i]->rule]))
			corr_skip(d, d->corr[i], "correlation: its references "
			    "form a cycle", 1);
	(void)left;
}

/* Which rules alert alone, feed correlations, are filtered. */
void
rules_link_rules(struct detect *d)
{
	struct rule *r, *b;
	struct corr *c;
	size_t i, k, *gen, *quiet;
	int t;

	if (d->linked)
		return;
	d->linked = 1;
	link_correlations(d);
	gen = xcalloc(d->nrule + 1, sizeof(*gen));
	quiet = xcalloc(d->nrule + 1, sizeof(*quiet));
	for (i = 0; i < d->ncorr; i++) {
		c = d->corr[i];
		if (c->ref_corr == NULL)
			continue;
		for (k = 0; k < c->nref; k++) {
			t = find_rule(d, c->ref[k]);
			b = d->rule[t];
			(c->generate ? gen : quiet)[t]++;
			if (b->corr >= 0)
				continue;
			b->use = xrealloc(b->use, (b->nuse + 1) * sizeof(*b->use));
			b->use[b->nuse].c = (int)i;
			b->use[b->nuse++].ref = (int)k;
		}
	}
	for (i = 0; i < d->nrule; i++) {
		r = d->rule[i];
		r->referenced = gen[i] + quiet[i] > 0;
		r->silent = (quiet[i] > 0 && gen[i] == 0) ||
		    r->severity < d->min_severity;
		if (r->corr >= 0)
			d->corr[r->corr]->out = rule_live(r) && !r->silent;
		else if (rule_live(r) && r->silent && r->nuse == 0 &&
		    !r->is_filter && r->datasets != 0)
			rules_skip_rule(d, r, "level below --min-level", 0, 0);
	}
	free(gen);
	free(quiet);
	for (i = 0; i < d->nrule; i++) {
		r = d->rule[i];
		if (!r->is_filter || !rule_live(r))
			continue;
		for (k = 0; k < r->ntarget; k++) {
			if ((t = find_rule(d, r->target[k])) < 0 ||
			    d->rule[t]->corr >= 0)
				continue;
			b = d->rule[t];
			b->filter = xrealloc(b->filter,
			    (b->nfilter + 1) * sizeof(*b->filter));
			b->filter[b->nfilter++] = i;
		}
	}
}

void
detect_options(struct detect *d, int min_severity, int all_status,
    int summary)
{
	d->min_severity = min_severity;
	d->all_status = all_status;
	d->summary = summary;
}

void
detect_rule_title(void *arg, int i, const char **id, const char **title)
{
	const struct detect *d = arg;

	*id = d->rule[i]->id;
	*title = d->rule[i]->title;
}

int
detect_level(const char *name)
{
	int i;

	for (i = 0; rules_levels[i].level != NULL; i++)
		if (strcasecmp(rules_levels[i].level, name) == 0)
			return rules_levels[i].severity;
	return 0;
}

struct corr *const *
detect_correlations(struct detect *d, size_t *n)
{
	rules_link_rules(d);
	*n = d->ncorr;
	return d->corr;
}

/* A rule in messages: its id and file. */
const char *
detect_rule_name(void *arg, int i)
{
	static char buf[512];
	const struct detect *d = arg;

	snprintf(buf, sizeof(buf), "%s (%s)", d->rule[i]->id, d->rule[i]->file);
	return buf;
}

/* A correlation's alert: rule.*, severity and threat.* of rule i. */
void
detect_rule_fields(void *arg, int i, corr_put_fn *put, void *p)
{
	const struct detect *d = arg;
	const struct rule *r = d->rule[i];
	char num[16];
	size_t k;
	int n;

	put(p, "rule.id", r->j_id, strlen(r->j_id));
	put(p, "rule.name", r->j_name, strlen(r->j_name));
	if (r->j_desc != NULL)
		put(p, "rule.description", r->j_desc, strlen(r->j_desc));
	if (r->j_ref != NULL)
		put(p, "rule.reference", r->j_ref, strlen(r->j_ref));
	if (r->j_author != NULL)
		put(p, "rule.author", r->j_author, strlen(r->j_author));
	put(p, "rule.ruleset", "\"sigma\"", 7);
	n = snprintf(num, sizeof(num), "%d", r->severity);
	put(p, "event.severity", num, (size_t)n);
	for (k = 0; rules_levels[k].level != NULL; k++)
		if (rules_levels[k].severity == r->severity) {
			n = snprintf(num, sizeof(num), "%d", rules_levels[k].risk);
			put(p, "event.risk_score", num, (size_t)n);
		}
	if (r->ntech + r->ntactic == 0)
		return;
	put(p, "threat.framework", "\"MITRE ATT&CK\"", 14);
	for (n = 0; n < 2; n++) {
		size_t cnt = n ? r->ntech : r->ntactic;
		char *const *names = n ? r->tech : r->tactic;
		struct wbuf b;

		if (cnt == 0)
			continue;
		wb_init(&b, 64);
		for (k = 0; k < cnt; k++) {
			wb_char(&b, k ? ',' : '[');
			wb_str(&b, names[k], strlen(names[k]));
		}
		wb_char(&b, ']');
		put(p, n ? "threat.technique.id" : "threat.tactic.name", b.p,
		    b.len);
		wb_free(&b);
	}
}

/* ---- set-up ---- */

struct detect *
detect_new(int quiet)
{
	struct detect *d = xcalloc(1, sizeof(*d));
	int i, k, u;

	d->quiet = quiet;
	while (datasets[d->ndatasets] != NULL && d->ndatasets < 64)
		d->ndatasets++;
	for (i = 0; i < d->ndatasets; i++)
		for (k = 0; k < 6; k++)
			d->url_ids[i][k] = -1;
	for (i = 0; i < d->ndatasets; i++)
		for (u = 0; rules_url_src[u].ds != NULL; u++)
			if (strcmp(rules_url_src[u].ds, datasets[i]->name) == 0)
				for (k = 0; k < 6; k++)
					if (rules_url_src[u].f[k] != NULL)
						d->url_ids[i][k] =
						    map_field_id(rules_url_src[u].f[k]);
	for (k = 0; k < 3; k++)
		d->answer_ids[k] = map_field_id(rules_answer_fields[k]);
	d->mctx = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(d->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(d->mctx, DEPTH_LIMIT);
	return d;
}

void
detect_free(struct detect *d)
{
	size_t i;
	int k;

	if (d == NULL)
		return;
	for (i = 0; i < d->nrule; i++) {
		struct rule *r = d->rule[i];

		rules_free_rule(r);
		free(r->id);
		free(r->title);
		free(r->level);
		free(r->file);
		free(r->why);
		free(r->never);
		free(r->j_id);
		free(r->j_name);
		free(r->j_desc);
		free(r->j_ref);
		free(r->j_author);
		free(r->name);
		for (k = 0; k < (int)r->ntarget; k++)
			free(r->target[k]);
		free(r->target);
		free(r->filter);
		free(r->use);
		free(r);
	}
	free(d->rule);
	for (i = 0; i < d->ncorr; i++) {
		corr_clear(d->corr[i]);
		free(d->corr[i]);
	}
	free(d->corr);
	for (i = 0; i < d->nkey; i++)
		free(d->key[i].name);
	free(d->key);
	for (k = 0; k < 64; k++)
		free(d->group[k]);
	for (k = 0; k < 64; k++)
		free(d->gate[k]);
	free(d->gword);
	pcre2_match_context_free(d->mctx);
	for (i = 0; i < d->nwiden; i++) {
		free(d->widen[i][0]);
		free(d->widen[i][1]);
	}
	free(d->widen);
	free(d);
}

void
detect_set_say(struct detect *d, msg_fn *say)
{
	d->say = say;
}

unsigned long long
detect_limit_hits(const struct detect *d, unsigned long long *not_run)
{
	*not_run = __atomic_load_n(&d->not_run, __ATOMIC_RELAXED);
	return __atomic_load_n(&d->limit_hits, __ATOMIC_RELAXED);
}

size_t
detect_problems(const struct detect *d)
{
	return d->problems;
}

/* Loaded rules, not counting those with a value that cannot match. */
size_t
detect_loaded(const struct detect *d)
{
	size_t i, n = 0;

	for (i = 0; i < d->nrule; i++)
		n += d->rule[i]->datasets != 0 && d->rule[i]->never == NULL;
	return n;
}

size_t
detect_never(const struct detect *d)
{
	size_t i, n = 0;

	for (i = 0; i < d->nrule; i++)
		n += d->rule[i]->datasets != 0 && d->rule[i]->never != NULL;
	return n;
}

size_t
detect_skipped(const struct detect *d)
{
	return d->nrule - detect_loaded(d) - detect_never(d);
}

static void
datasets_of(const struct rule *r, FILE *f)
{
	int i, j, first = 1, dup;

	for (i = 0; datasets[i] != NULL && i < 64; i++) {
		if (!(r->datasets >> i & 1))
			continue;
		for (dup = 0, j = 0; j < i; j++)
			if ((r->datasets >> j & 1) &&
			    strcmp(datasets[j]->name, datasets[i]->name) == 0)
				dup = 1;
		if (dup)
			continue;
		fprintf(f, "%s%s", first ? "" : ",", datasets[i]->name);
		first = 0;
	}
}

/* A column of --list-rules: tabs and line ends would break the line. */
static void
text(FILE *f, const char *s)
{
	for (s = s != NULL ? s : "-"; *s != '\0'; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

static void
column(FILE *f, const char *s)
{
	text(f, s);
	fputc('\t', f);
}

/* Rules by id, comma-separated. */
static void
rule_ids(const struct detect *d, FILE *f, const size_t *idx, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		fputs(i ? "," : "", f);
		text(f, d->rule[idx[i]]->id);
	}
}

/* The fifth column: what a correlation reads, what a filter applies to. */
static void
relations(const struct detect *d, const struct rule *r, FILE *f, int verbose)
{
	const struct corr *c;
	size_t i, k, n = 0, *idx = xcalloc(d->nrule + 1, sizeof(*idx));
	int t;

	if (r->corr >= 0) {
		c = d->corr[r->corr];
		fprintf(f, "\tcorrelation %s of ", corr_type_name(c->type));
		for (k = 0; k < c->nref; k++) {
			fputs(k ? "," : "", f);
			t = find_rule(d, c->ref[k]);
			text(f, t >= 0 ? d->rule[t]->id : c->ref[k]);
		}
		fputs(" by ", f);
		for (k = 0; k < c->ngroup; k++) {
			fputs(k ? "," : "", f);
			text(f, c->group[k]);
		}
		fprintf(f, " in %s", c->span_text);
		if (!c->out)
			fputs(" (no alerts of its own)", f);
	} else if (r->is_filter) {
		for (i = 0; i < d->nrule; i++)
			for (k = 0; k < d->rule[i]->nfilter; k++)
				if (d->rule[d->rule[i]->filter[k]] == r)
					idx[n++] = i;
		fputs("\tfilter of ", f);
		if (n == 0)
			fputs("no loaded rule", f);
		rule_ids(d, f, idx, n);
	} else if (verbose && (r->nfilter > 0 || r->referenced)) {
		fputc('\t', f);
		if (r->nfilter > 0) {
			fputs("filtered by ", f);
			rule_ids(d, f, r->filter, r->nfilter);
		}
		if (r->referenced)
			fprintf(f, "%sread by correlations%s",
			    r->nfilter > 0 ? "; " : "",
			    r->silent ? " (no alerts of its own)" : "");
	}
	free(idx);
}

void
detect_list(struct detect *d, FILE *f, int verbose)
{
	const struct rule *r;
	size_t i;

	rules_link_rules(d);
	if (verbose)
		rules_list_logsources(d, f);
	for (i = 0; i < d->nrule; i++) {
		r = d->rule[i];
		if (r->datasets == 0 && !verbose)
			continue;
		column(f, r->id);
		column(f, r->title);
		column(f, r->level);
		if (r->datasets != 0) {
			datasets_of(r, f);
			relations(d, r, f, verbose);
			if (verbose && r->never != NULL) {
				fputs("\tnever matches: ", f);
				text(f, r->never);
			}
		} else {
			fputs("skipped: ", f);
			text(f, r->why);
			fputs(" (", f);
			text(f, r->file);
			if (r->line > 0)
				fprintf(f, ":%d", r->line);
			fputc(')', f);
		}
		fputc('\n', f);
	}
}

/* A condition of several matchers, each needing a triple: its summary. */
static void
cond_summary(struct fcond *c)
{
	size_t m, k;
	int h;

	if (c->all || c->nm == 0)
		return;
	for (m = 0; m < c->nm; m++)
		if (c->m[m].gram[0] < 0)
			return;
	c->sum = xcalloc(64, sizeof(*c->sum));
	for (m = 0; m < c->nm; m++) {
		h = c->m[m].gram[0];
		c->sum[h >> 10] |= 1ULL << (h >> 4 & 63);
	}
	c->sumw = xmalloc(64);
	for (k = 0; k < 64; k++)
		if (c->sum[k] != 0)
			c->sumw[c->nsumw++] = (unsigned char)k;
}

/* How selective a condition is as a gate: its shortest literal. */
static size_t
gate_score(const struct fcond *c)
{
	size_t m, best = (size_t)-1, n;

	for (m = 0; m < c->nm; m++) {
		n = c->m[m].kind == MK_GLOB || c->m[m].kind == MK_RE ?
		    c->m[m].prelen : c->m[m].len;
		if (n < best)
			best = n;
	}
	return best;
}

/* The matcher of a |all condition with the longest literal that has
 * triples (each of them is needed), or NULL. */
static const struct matcher *
all_best(const struct fcond *c)
{
	const struct matcher *best = NULL;
	size_t m;

	if (!c->all)
		return NULL;
	for (m = 0; m < c->nm; m++)
		if (c->m[m].gram[0] >= 0 && (best == NULL ||
		    c->m[m].len + c->m[m].prelen > best->len + best->prelen))
			best = &c->m[m];
	return best;
}

static size_t
matcher_score(const struct matcher *mt)
{
	return mt->kind == MK_GLOB || mt->kind == MK_RE ? mt->prelen : mt->len;
}

/*
 * The most selective condition that node n needs to be true (those of
 * one-map selections under "and"): one with a summary (any of its
 * matchers), or a |all one through its best matcher, in *gate (*one:
 * that matcher).
 */
static void
find_gate(const struct rule *r, int n, const struct fcond **gate,
    const struct matcher **one, size_t *score)
{
	const struct node *nd = &r->node[n];
	const struct selection *sel;
	const struct fcond *c;
	const struct matcher *mt;
	size_t k;

	if (nd->kind == N_AND) {
		find_gate(r, nd->a, gate, one, score);
		find_gate(r, nd->b, gate, one, score);
	} else if (nd->kind == N_SEL) {
		sel = &r->sel[nd->a];
		if (sel->nalt != 1)
			return;
		for (k = 0; k < sel->alt[0].nc; k++) {
			c = &sel->alt[0].c[k];
			if (c->sum != NULL && (*gate == NULL ||
			    gate_score(c) > *score)) {
				*gate = c;
				*one = NULL;
				*score = gate_score(c);
			} else if ((mt = all_best(c)) != NULL && (*gate == NULL ||
			    matcher_score(mt) > *score)) {
				*gate = c;
				*one = mt;
				*score = matcher_score(mt);
			}
		}
	}
}

void
rules_pairs(struct rule *r)
{
	size_t s, a, c, m, score = 0;
	struct fcond *fc;

	for (s = 0; s < r->nsel; s++)
		for (a = 0; a < r->sel[s].nalt; a++)
			for (c = 0; c < r->sel[s].alt[a].nc; c++) {
				fc = &r->sel[s].alt[a].c[c];
				for (m = 0; m < fc->nm; m++)
					rules_set_grams(&fc->m[m]);
				cond_summary(fc);
			}
	if (r->root >= 0 && r->datasets != 0)
		find_gate(r, r->root, &r->gate, &r->gate_one, &score);
}

/* Add bit h of a map with words of 2^wbits bits to the gate's words
 * from first on (one word each at most). */
static void
gate_bit(struct detect *d, uint32_t first, uint32_t word, uint64_t bit)
{
	size_t i;

	for (i = first; i < d->ngword; i++)
		if (d->gword[i].word == word) {
			d->gword[i].mask |= bit;
			return;
		}
	d->gword = xrealloc(d->gword, (d->ngword + 1) * sizeof(*d->gword));
	d->gword[d->ngword].word = word;
	d->gword[d->ngword++].mask = bit;
}

/* A rule's gate, packed: the first triple of each matcher it takes (of
 * ONE alone for a |all condition), in the small and the big map. */
struct gate
rules_pack_gate(struct detect *d, const struct fcond *c,
    const struct matcher *one)
{
	struct gate gt = { 0, 0, 0, 0, 0 };
	const struct matcher *mt;
	size_t m, nm;
	int h;

	if (c == NULL)
		return gt;
	gt.key = c->key;
	nm = one != NULL ? 1 : c->nm;
	gt.first = (uint32_t)d->ngword;
	for (m = 0; m < nm; m++) {
		mt = one != NULL ? one : &c->m[m];
		h = mt->gram[0];
		gate_bit(d, gt.first, (uint32_t)h >> 10, 1ULL << (h >> 4 & 63));
	}
	gt.n = (uint32_t)(d->ngword - gt.first);
	gt.bfirst = (uint32_t)d->ngword;
	for (m = 0; m < nm; m++) {
		mt = one != NULL ? one : &c->m[m];
		h = mt->gram[0];
		gate_bit(d, gt.bfirst, (uint32_t)h >> 6, 1ULL << (h & 63));
	}
	gt.bn = (uint32_t)(d->ngword - gt.bfirst);
	return gt;
}

