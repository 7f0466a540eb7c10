/*
 * summary.c: --summary.  A few counters per rule that fired; addresses
 * and hosts are counted per rule in small hash tables (the distinct
 * values of the hits, not of the input).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"
#include "timefmt.h"
#include "util.h"
#include "writer.h"

#define TOP	5	/* source addresses shown per rule */

struct count {
	char		*s;
	uint64_t	 n;
};

struct set {
	struct count	*slot;
	size_t		 cap, n;
};

struct rsum {
	int		 rule;
	uint64_t	 hits;
	int64_t		 first, last;
	struct set	 ip, host;
	int64_t		*ts;		/* --report: every hit's time */
	size_t		 nts, capts;
};

struct summary {
	summary_name_fn	*name;
	void		*arg;
	struct rsum	**r;		/* by rule index */
	size_t		 nr;
	int		 times;		/* keep the hits' times (--report) */
};

static uint64_t
hash(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	while (n-- > 0)
		h = (h ^ (unsigned char)*p++) * 1099511628211ULL;
	return h;
}

static void set_add(struct set *, const char *, size_t);

static void
set_grow(struct set *t)
{
	struct set old = *t;
	size_t i;

	t->cap = t->cap ? t->cap * 2 : 16;
	t->slot = xcalloc(t->cap, sizeof(*t->slot));
	t->n = 0;
	for (i = 0; i < old.cap; i++)
		if (old.slot[i].s != NULL) {
			size_t k = hash(old.slot[i].s, strlen(old.slot[i].s)) &
			    (t->cap - 1);

			while (t->slot[k].s != NULL)
				k = (k + 1) & (t->cap - 1);
			t->slot[k] = old.slot[i];
			t->n++;
		}
	free(old.slot);
}

/* Values are text without NUL (addresses, host names); NULs cut them. */
static void
set_add(struct set *t, const char *p, size_t n)
{
	size_t k;

	if (n == 0 || memchr(p, '\0', n) != NULL)
		return;
	if (t->n + 1 > t->cap / 2)
		set_grow(t);
	for (k = hash(p, n) & (t->cap - 1); t->slot[k].s != NULL;
	    k = (k + 1) & (t->cap - 1))
		if (strlen(t->slot[k].s) == n && memcmp(t->slot[k].s, p, n) == 0) {
			t->slot[k].n++;
			return;
		}
	t->slot[k].s = xstrndup(p, n);
	t->slot[k].n = 1;
	t->n++;
}

static void
set_free(struct set *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++)
		free(t->slot[i].s);
	free(t->slot);
}

struct summary *
summary_new(summary_name_fn *name, void *arg, int times)
{
	struct summary *s = xcalloc(1, sizeof(*s));

	s->name = name;
	s->arg = arg;
	s->times = times;
	return s;
}

void
summary_free(struct summary *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nr; i++)
		if (s->r[i] != NULL) {
			set_free(&s->r[i]->ip);
			set_free(&s->r[i]->host);
			free(s->r[i]->ts);
			free(s->r[i]);
		}
	free(s->r);
	free(s);
}

void
summary_add(struct summary *s, int rule, int64_t ts, const char *ip,
    size_t iplen, const char *host, size_t hostlen)
{
	struct rsum *r;

	if (rule < 0)
		return;
	if ((size_t)rule >= s->nr) {
		s->r = xrealloc(s->r, ((size_t)rule + 1) * sizeof(*s->r));
		memset(s->r + s->nr, 0, ((size_t)rule + 1 - s->nr) * sizeof(*s->r));
		s->nr = (size_t)rule + 1;
	}
	if ((r = s->r[rule]) == NULL) {
		r = s->r[rule] = xcalloc(1, sizeof(*r));
		r->rule = rule;
		r->first = INT64_MAX;
		r->last = INT64_MIN;
	}
	r->hits++;
	if (ts != INT64_MIN) {
		r->first = ts < r->first ? ts : r->first;
		r->last = ts > r->last ? ts : r->last;
		if (s->times) {
			if (r->nts == r->capts) {
				r->capts = r->capts ? r->capts * 2 : 64;
				r->ts = xrealloc(r->ts, r->capts * sizeof(*r->ts));
			}
			r->ts[r->nts++] = ts;
		}
	}
	set_add(&r->ip, ip, iplen);
	set_add(&r->host, host, hostlen);
}

/* Most hits first; ties by address, so the output is fixed. */
static int
count_cmp(const void *a, const void *b)
{
	const struct count *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->s, y->s);
}

static size_t
top(const struct set *t, struct count *out)
{
	struct count *all = xcalloc(t->n + 1, sizeof(*all));
	size_t i, n = 0;

	for (i = 0; i < t->cap; i++)
		if (t->slot[i].s != NULL)
			all[n++] = t->slot[i];
	qsort(all, n, sizeof(*all), count_cmp);
	n = n < TOP ? n : TOP;
	memcpy(out, all, n * sizeof(*out));
	free(all);
	return n;
}

/* The rules that fired: most hits first, then by rule order. */
static int
rule_cmp(const void *a, const void *b)
{
	const struct rsum *x = *(struct rsum *const *)a;
	const struct rsum *y = *(struct rsum *const *)b;

	if (x->hits != y->hits)
		return x->hits > y->hits ? -1 : 1;
	return x->rule - y->rule;
}

static size_t
fired(struct summary *s, struct rsum ***out)
{
	size_t i, n = 0;

	*out = xcalloc(s->nr + 1, sizeof(**out));
	for (i = 0; i < s->nr; i++)
		if (s->r[i] != NULL)
			(*out)[n++] = s->r[i];
	qsort(*out, n, sizeof(**out), rule_cmp);
	return n;
}

static const char *
when(int64_t ts, char *buf)
{
	if (ts == INT64_MAX || ts == INT64_MIN)
		return "-";
	timefmt_format(ts, 0, buf);
	return buf;
}

int
summary_table(struct summary *s, FILE *f)
{
	struct rsum **r;
	struct count t[TOP];
	char a[TIME_BUFSIZE], b[TIME_BUFSIZE];
	const char *id, *title;
	size_t n = fired(s, &r), i, k, nt;

	fprintf(f, "%-10s %-20s %-20s %6s  %-36s %s\n", "hits", "first", "last",
	    "hosts", "rule", "top sources");
	for (i = 0; i < n; i++) {
		s->name(s->arg, r[i]->rule, &id, &title);
		fprintf(f, "%-10" PRIu64 " %-20s %-20s %6zu  %-36s ", r[i]->hits,
		    when(r[i]->first, a), when(r[i]->last, b), r[i]->host.n, id);
		nt = top(&r[i]->ip, t);
		for (k = 0; k < nt; k++)
			fprintf(f, "%s%s (%" PRIu64 ")", k ? ", " : "", t[k].s,
			    t[k].n);
		fprintf(f, "%s\n", nt == 0 ? "-" : "");
	}
	if (n == 0)
		fputs("no rule fired\n", f);
	free(r);
	return ferror(f) ? -1 : 0;
}

int
summary_json(struct summary *s, FILE *f)
{
	struct rsum **r;
	struct count t[TOP];
	char a[TIME_BUFSIZE];
	const char *id, *title;
	size_t n = fired(s, &r), i, k, nt;
	struct wbuf b;

	wb_init(&b, 4096);
	wb_lit(&b, "{\"rules\":[");
	for (i = 0; i < n; i++) {
		s->name(s->arg, r[i]->rule, &id, &title);
		if (i > 0)
			wb_char(&b, ',');
		wb_lit(&b, "{\"id\":");
		wb_str(&b, id, strlen(id));
		wb_lit(&b, ",\"title\":");
		wb_str(&b, title, strlen(title));
		wb_lit(&b, ",\"hits\":");
		wb_i64(&b, (int64_t)r[i]->hits);
		if (r[i]->first != INT64_MAX) {
			wb_lit(&b, ",\"first\":");
			wb_str(&b, a, timefmt_format(r[i]->first, 9, a));
			wb_lit(&b, ",\"last\":");
			wb_str(&b, a, timefmt_format(r[i]->last, 9, a));
		}
		wb_lit(&b, ",\"hosts\":");
		wb_i64(&b, (int64_t)r[i]->host.n);
		wb_lit(&b, ",\"sources\":");
		wb_i64(&b, (int64_t)r[i]->ip.n);
		wb_lit(&b, ",\"top_sources\":[");
		nt = top(&r[i]->ip, t);
		for (k = 0; k < nt; k++) {
			if (k > 0)
				wb_char(&b, ',');
			wb_lit(&b, "{\"ip\":");
			wb_str(&b, t[k].s, strlen(t[k].s));
			wb_lit(&b, ",\"hits\":");
			wb_i64(&b, (int64_t)t[k].n);
			wb_char(&b, '}');
		}
		wb_lit(&b, "]}");
	}
	wb_lit(&b, "]}\n");
	fwrite(b.p, 1, b.len, f);
	wb_free(&b);
	free(r);
	return ferror(f) ? -1 : 0;
}

/* ---- --report: one HTML page, no scripts, no network ---- */

#define BINS	60
#define WIDTH	720
#define HEIGHT	64
#define AXIS	16	/* below the bars: the range's first and last time */

static void
html(FILE *f, const char *p)
{
	for (; *p != '\0'; p++)
		switch (*p) {
		case '&':	fputs("&amp;", f); break;
		case '<':	fputs("&lt;", f); break;
		case '>':	fputs("&gt;", f); break;
		case '"':	fputs("&quot;", f); break;
		case '\'':	fputs("&#39;", f); break;
		default:	fputc(*p, f);
		}
}

/* Hits per bin of the whole run's time range, as SVG bars. */
static void
timeline(FILE *f, const struct rsum *r, int64_t lo, int64_t hi)
{
	uint64_t bin[BINS] = { 0 }, top = 0;
	double span = (double)(hi - lo) + 1;
	char a[TIME_BUFSIZE], b[TIME_BUFSIZE];
	size_t i, k;

	for (i = 0; i < r->nts; i++) {
		k = (size_t)((double)(r->ts[i] - lo) / span * BINS);
		bin[k < BINS ? k : BINS - 1]++;
	}
	for (k = 0; k < BINS; k++)
		top = bin[k] > top ? bin[k] : top;
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" role=\"img\"><rect class=\"bg\" width=\"%d\" "
	    "height=\"%d\"/>", WIDTH, HEIGHT + AXIS, WIDTH, HEIGHT);
	fprintf(f, "<text x=\"0\" y=\"%d\">%s</text><text x=\"%d\" y=\"%d\" "
	    "text-anchor=\"end\">%s</text>", HEIGHT + AXIS - 3, when(lo, a),
	    WIDTH, HEIGHT + AXIS - 3, when(hi, b));
	for (k = 0; k < BINS; k++) {
		int h = top ? (int)((double)bin[k] / (double)top * (HEIGHT - 4)) : 0;

		if (bin[k] == 0)
			continue;
		h = h < 2 ? 2 : h;
		fprintf(f, "<rect class=\"hit\" x=\"%zu\" y=\"%d\" width=\"%d\" "
		    "height=\"%d\"><title>%" PRIu64 "</title></rect>",
		    k * (WIDTH / BINS) + 1, HEIGHT - h, WIDTH / BINS - 2, h,
		    bin[k]);
	}
	fputs("</svg>", f);
}

int
summary_html(struct summary *s, FILE *f)
{
	struct rsum **r;
	struct count t[TOP];
	char a[TIME_BUFSIZE], b[TIME_BUFSIZE];
	const char *id, *title;
	size_t n = fired(s, &r), i, k, nt;
	int64_t lo = INT64_MAX, hi = INT64_MIN;

	for (i = 0; i < n; i++) {
		lo = r[i]->first < lo ? r[i]->first : lo;
		hi = r[i]->last > hi ? r[i]->last : hi;
	}
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	    "<title>cfecs hunt report</title><style>"
	    "body{font:14px sans-serif;margin:2em;color:#222}"
	    "table{border-collapse:collapse;margin-bottom:2em}"
	    "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;"
	    "vertical-align:top}th{background:#eee}"
	    "td.n{text-align:right}.bg{fill:#f6f6f6}.hit{fill:#c0392b}"
	    "td.t{white-space:nowrap}text{font:11px sans-serif;fill:#555}"
	    "h2{font-size:16px;margin:1.5em 0 .3em}"
	    "</style></head><body>\n<h1>cfecs hunt report</h1>\n", f);
	if (n == 0)
		fputs("<p>No rule fired.</p>\n", f);
	else {
		fprintf(f, "<p>%zu rule%s fired between %s and %s.</p>\n", n,
		    n == 1 ? "" : "s", when(lo, a), when(hi, b));
		fputs("<table><tr><th>rule</th><th>title</th><th>hits</th>"
		    "<th>first</th><th>last</th><th>hosts</th>"
		    "<th>top sources</th></tr>\n", f);
	}
	for (i = 0; i < n; i++) {
		s->name(s->arg, r[i]->rule, &id, &title);
		fputs("<tr><td>", f);
		html(f, id);
		fputs("</td><td>", f);
		html(f, title);
		fprintf(f, "</td><td class=\"n\">%" PRIu64 "</td><td class=\"t\">"
		    "%s</td><td class=\"t\">%s</td><td class=\"n\">%zu</td>"
		    "<td class=\"t\">", r[i]->hits,
		    when(r[i]->first, a), when(r[i]->last, b), r[i]->host.n);
		nt = top(&r[i]->ip, t);
		for (k = 0; k < nt; k++) {
			fputs(k ? "<br>" : "", f);
			html(f, t[k].s);
			fprintf(f, " (%" PRIu64 ")", t[k].n);
		}
		fputs("</td></tr>\n", f);
	}
	if (n > 0)
		fputs("</table>\n", f);
	for (i = 0; i < n; i++) {
		s->name(s->arg, r[i]->rule, &id, &title);
		fputs("<h2>", f);
		html(f, title);
		fputs(" <small>(", f);
		html(f, id);
		fprintf(f, ", %" PRIu64 " hit%s)</small></h2>\n", r[i]->hits,
		    r[i]->hits == 1 ? "" : "s");
		timeline(f, r[i], lo, hi);
		fputc('\n', f);
	}
	fputs("</body></html>\n", f);
	free(r);
	return ferror(f) ? -1 : 0;
}
