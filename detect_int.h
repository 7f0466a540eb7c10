/*
 * detect_int.h: what a Sigma rule is compiled to, shared by the rule
 * loader (rules.c, rulefile.c), the rule set (ruleset.c) and the
 * per-record matcher (detect.c).  Private: include only there.
 */

#ifndef DETECT_INT_H
#define DETECT_INT_H

#define MAX_RULE_FILE	(1 << 20)	/* bytes: a rule is a page of YAML */
#define MAX_VALUES	4096		/* matchers per rule */
#define MAX_DEPTH	64		/* condition nesting */
#define MAX_FIELD_VALS	256		/* values of one field in a record */
#define MAX_KW_DEPTH	8		/* keywords: nesting searched */
#define MATCH_LIMIT	200000		/* PCRE2 backtracking bound */
#define REGEX_BUDGET_NS	100000000LL	/* regex CPU time per record: 100 ms */
#define REGEX_SLOW_NS	10000000LL	/* ... timed closely after 10 ms */
#define DEPTH_LIMIT	20000

/* ---- what a rule is compiled to ---- */

enum mkind {
	MK_EQ, MK_CONTAINS, MK_START, MK_END, MK_GLOB, MK_RE, MK_CIDR,
	MK_NUM, MK_EXISTS, MK_NULL
};

struct matcher {
	enum mkind	 kind;
	int		 cased;		/* compare the original text */
	char		*lit;		/* literal or glob, lowered unless cased */
	size_t		 len;
	char		*pre;		/* a literal that must occur (glob, re) */
	size_t		 prelen;
	int		 gram[4];	/* triples of lit or pre; -1: none */
	pcre2_code	*re;
	int		 op;		/* MK_NUM: '<', 'l' (<=), '>', 'g' (>=) */
	double		 num;
	int		 family;	/* MK_CIDR */
	unsigned char	 addr[16];
	int		 bits;
	int		 exists;	/* MK_EXISTS: true or false */
	char		*src;		/* the value as the rule wrote it */
};

/* One "field|modifiers: values": any value (all with |all). */
struct fcond {
	int		 key;
	int		 all;
	int		 cost;		/* regexes last */
	struct matcher	*m;
	size_t		 nm;
	/* Without |all, when every matcher needs a triple: the first
	 * triple of each, in the small map's layout (struct vslot), and
	 * the words that have any; no bit in the value's map, no match. */
	uint64_t	*sum;
	unsigned char	*sumw;
	size_t		 nsumw;
};

/* One alternative of a selection: all its conditions. */
struct alt {
	struct fcond	*c;
	size_t		 nc;
};

struct selection {
	char		*name;
	struct alt	*alt;
	size_t		 nalt;
};

enum nkind { N_SEL, N_NOT, N_AND, N_OR, N_TRUE, N_FALSE };

struct node {
	enum nkind	 kind;
	int		 a, b;		/* N_SEL: selection; else children */
};

/* A correlation that reads a rule's matches: which one, which reference. */
struct use {
	int		 c, ref;
};

struct rule {
	char		*id, *title, *level, *file;
	char		*name;		/* Sigma's name: for references */
	char		*why;		/* skipped: the reason */
	char		*never;		/* a value its field cannot hold: why */
	const struct fcond *gate;	/* a condition the rule needs: tested
					   before the rest (find_gate) */
	const struct matcher *gate_one;	/* |all: the matcher it needs */
	int		 line;		/* of the problem */
	int		 problem;	/* skipped for something unsupported */
	uint64_t	 datasets;	/* bit d: datasets[d] */
	struct selection *sel;
	size_t		 nsel;
	struct node	*node;
	size_t		 nnode;
	int		 root;
	int		 severity;	/* 1 (informational) .. 5 (critical) */
	/* JSON text for the output, made once */
	char		*j_id, *j_name, *j_desc, *j_ref, *j_author;
	char		**tech;		/* "T1071.001" */
	size_t		 ntech;
	char		**tactic;	/* "Command and Control" */
	size_t		 ntactic;
	int		 corr;		/* a correlation: d->corr index, or -1 */
	int		 is_filter;	/* a filter: targets, not run alone */
	char		**target;	/* filter: rules by id or name */
	size_t		 ntarget;
	size_t		*filter;	/* filters applied to this rule */
	size_t		 nfilter;
	struct use	*use;		/* correlations reading its matches */
	size_t		 nuse;
	int		 silent;	/* matches alert only through a correlation */
	int		 referenced;
};

/* Where a field's values come from, for one dataset. */
enum skind { S_NONE, S_RAW, S_SLOT, S_URL, S_KEYWORDS, S_HEADER, S_ANSWER };

struct src {
	unsigned char	 kind;
	int		 id;		/* field id, slot or URL part */
	const char	*header;	/* S_HEADER: a member of field id */
};

/*
 * A rule's gate, packed for the per-record loop: the key of a condition
 * the rule needs, and its summary's words (gword[first .. first + n));
 * n 0: no gate.  A record none of whose words meets is past the rule
 * without its structures being touched.
 */
struct gate {
	int		 key;
	uint32_t	 first, n;		/* the small map's words */
	uint32_t	 bfirst, bn;		/* the big map's (struct vslot) */
};

struct gword {
	uint64_t	 mask;
	uint32_t	 word;
};

struct fkey {
	char		*name;
	struct src	 src[64];
};

struct detect {
	int		 quiet;
	struct rule	**rule;
	size_t		 nrule;
	size_t		 problems;
	struct fkey	*key;
	size_t		 nkey;
	int		 ndatasets;
	size_t		*group[64];	/* rule indexes per dataset */
	size_t		 ngroup[64];
	struct gate	*gate[64];	/* ... and their gates, side by side */
	struct gword	*gword;		/* the gates' summary words */
	size_t		 ngword;
	int		 url_ids[64][6]; /* scheme host uri path query full */
	int		 answer_ids[3];	/* answer_fields */
	pcre2_match_context *mctx;
	int		 compiled;
	struct corr	**corr;		/* correlation rules */
	size_t		 ncorr;
	int		 min_severity;	/* --min-level */
	int		 all_status;	/* --include-deprecated */
	int		 summary;	/* --summary: note each alert's rules */
	int		 linked;
	char		*(*widen)[2];	/* --logsource: category, dataset */
	size_t		 nwiden;
	msg_fn		*say;
	/* counted by the workers */
	unsigned long long limit_hits;	/* regexes that hit a PCRE2 limit */
	unsigned long long not_run;	/* ... not run: the budget was spent */
};

static inline void
lower(char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] >= 'A' && p[i] <= 'Z')
			p[i] += 'a' - 'A';
}

/* The 16-bit hash of three adjacent bytes (struct vslot); its top 12
 * bits index the small map. */
static inline unsigned
gram_hash(const unsigned char *p)
{
	return (p[0] * 2654435761u ^ p[1] * 40503u ^ p[2] * 2246822519u) >>
	    16 & 0xFFFF;
}

/* A growable byte string. */
struct str {
	char	*p;
	size_t	 n, cap;
};

static inline void
str_put(struct str *s, const char *p, size_t n)
{
	if (s->n + n + 1 > s->cap) {
		s->cap = (s->n + n + 1) * 2;
		s->p = xrealloc(s->p, s->cap);
	}
	memcpy(s->p + s->n, p, n);
	s->n += n;
	s->p[s->n] = '\0';
}

static inline void
str_c(struct str *s, char c)
{
	str_put(s, &c, 1);
}

/* Wildcard match, linear backtracking on the last star only. */
static inline int
glob_match(const char *p, size_t pn, const char *s, size_t sn)
{
	size_t pi = 0, si = 0, sp = (size_t)-1, ss = 0, adv;
	char c;

	while (si < sn) {
		if (pi < pn && p[pi] == '*') {
			sp = ++pi;
			ss = si;
			continue;
		}
		if (pi < pn) {
			c = p[pi];
			adv = 1;
			if (c == '\\' && pi + 1 < pn) {
				c = p[pi + 1];
				adv = 2;
			} else if (c == '?') {
				pi++;
				si++;
				continue;
			}
			if (c == s[si]) {
				pi += adv;
				si++;
				continue;
			}
		}
		if (sp == (size_t)-1)
			return 0;
		pi = sp;
		si = ++ss;
	}
	while (pi < pn && p[pi] == '*')
		pi++;
	return pi == pn;
}

enum role {
	R_NONE, R_URL, R_STEM, R_QUERY, R_PQ, R_EXT, R_UA, R_HOST, R_METHOD,
	R_REFERER, R_STATUS, R_CSBYTES, R_SCBYTES, R_SRCIP, R_DSTIP,
	R_SRCPORT, R_DSTPORT, R_QNAME, R_QTYPE, R_ANSWER, R_ACTION,
	R_CONTENT_TYPE, R_VERSION, R_COOKIE, R_CS_CONTENT_TYPE, R_QTARGET
};

/* The URL parts a rule can name, indexes of dworker.url[]. */
#define URL_PART(r)	((r) >= R_URL && (r) <= R_EXT ? (int)(r) : \
			    (r) == R_QTARGET ? 0 : -1)
#define URL_PARTS	6

struct load {
	struct detect	*d;
	const char	*file;
	yaml_document_t	 doc;
	struct rule	*r;
	size_t		 nvalues;
	char		 why[256];
	int		 line;
	int		 filter;	/* a filter's map: "rules" is no selection */
};

/* The rule levels: event.severity and event.risk_score of each. */
struct rule_level {
	const char	*level;
	int		 severity, risk;
};
extern const struct rule_level rules_levels[];

/* The URL parts: from scheme, host and URI; or path and query; or a
 * full URL. */
struct rule_url_src {
	const char	*ds;
	const char	*f[6];		/* scheme host uri path query full */
};
extern const struct rule_url_src rules_url_src[];

extern const char *const rules_answer_fields[3];

/* rules.c: messages, field names, values, one rule file's selections. */
void	 rules_warn_at(struct detect *d, const char *file, int line,
	    const char *fmt, ...);
void	 rules_error_at(struct detect *d, const char *file, const char *fmt,
	    ...);
int	 rules_intern_key(struct detect *d, const char *name);
char	*rules_ecs_path(const struct detect *d, int key, uint64_t set,
	    const char *name);
void	 rules_set_grams(struct matcher *mt);
int	 rules_fail(struct load *l, const yaml_node_t *n, const char *fmt, ...);
yaml_node_t *rules_node(struct load *l, int i);
int	 rules_is_scalar(const yaml_node_t *n);
char	*rules_scalar_dup(const yaml_node_t *n);
int	 rules_scalar_is(const yaml_node_t *n, const char *s);
yaml_node_t *rules_map_get(struct load *l, const yaml_node_t *m,
	    const char *key);
char	*rules_get_str(struct load *l, const yaml_node_t *m, const char *key);
int	 rules_add_selection(struct load *l, const char *name,
	    const yaml_node_t *v);

/* rulefile.c: the metadata, logsources, rule documents and files. */
char	*rules_json_of(const char *s, size_t n);
void	 rules_free_rule(struct rule *r);
void	 rules_skip_rule(struct detect *d, struct rule *r, const char *why,
	    int line, int problem);
void	 rules_list_logsources(const struct detect *d, FILE *f);

/* ruleset.c: links between rules, and the gates compiled per rule. */
void	 rules_link_rules(struct detect *d);
void	 rules_pairs(struct rule *r);
struct gate rules_pack_gate(struct detect *d, const struct fcond *c,
	    const struct matcher *one);

#endif /* DETECT_INT_H */
