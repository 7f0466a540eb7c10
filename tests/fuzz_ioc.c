/*
 * fuzz_ioc.c: libFuzzer target for the indicator loader (ioc.c).
 * Input: a whole --ioc file: a plain list, a STIX bundle, garbage.
 *
 * Invariants:
 *  - ioc_load_mem returns 0 or -1 and never reads outside the input (a
 *    copy of exactly its size, so ASan sees any overrun);
 *  - every indicator loaded is found again: looking up its own value
 *    (an address, a CIDR's first address, a domain, a normalised URL, a
 *    hash) gives a list in load order that holds it;
 *  - a lookup never returns more than asked for, or an index past the
 *    end;
 *  - the threat.enrichments object of every indicator, with the input's
 *    own bytes as the matched value, is one valid JSON object (json.c
 *    reads it whole and finds "indicator" and "matched").
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "ioc.h"
#include "json.h"
#include "writer.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define MAXHITS	16

static void
fail(const char *what, const char *p, size_t n)
{
	size_t i;

	fprintf(stderr, "\nINVARIANT VIOLATED: %s\n  data: ", what);
	for (i = 0; i < n && i < 400; i++)
		fprintf(stderr, (unsigned char)p[i] >= 0x20 &&
		    (unsigned char)p[i] < 0x7F ? "%c" : "\\x%02x",
		    (unsigned char)p[i]);
	fputc('\n', stderr);
	abort();
}

#define CHECK(c, what, p, n) do { if (!(c)) fail((what), (p), (n)); } while (0)

static void
check_indicator(const struct ioc *c, uint32_t i, const char *in, size_t n,
    struct wbuf *b)
{
	static char v[16384];
	uint32_t hits[MAXHITS];
	enum ioc_kind kind;
	static struct jparser *jp;
	const struct jval *o;
	char msg[JSON_MSGSIZE];
	size_t k, j;
	int found = 0;

	kind = ioc_value(c, i, v, sizeof(v));
	k = ioc_lookup(c, kind, v, strlen(v), hits, MAXHITS);
	CHECK(k <= MAXHITS, "lookup returned more than asked for", v,
	    strlen(v));
	for (j = 0; j < k; j++) {
		CHECK(hits[j] < ioc_count(c), "lookup: index past the end", v,
		    strlen(v));
		CHECK(j == 0 || hits[j - 1] < hits[j], "lookup: not in load "
		    "order", v, strlen(v));
		found |= hits[j] == i;
	}
	/* A full list may have left this one out. */
	CHECK(found || k == MAXHITS, "an indicator does not find itself", v,
	    strlen(v));

	b->len = 0;
	ioc_enrichment(c, i, "source.ip", in, n < 200 ? n : 200, b);
	if (jp == NULL)
		jp = json_parser_new();
	o = json_parse(jp, b->p, b->len, msg);
	CHECK(json_is(o, J_OBJECT), "enrichment is not one JSON object",
	    b->p, b->len);
	CHECK(json_is(json_get(o, "indicator"), J_OBJECT) &&
	    json_is(json_get(o, "matched"), J_OBJECT),
	    "enrichment without indicator or matched", b->p, b->len);
	json_reset(jp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ioc_opts opts = { .quiet = 1, .strict = (int)(size & 1) };
	struct ioc *c;
	struct wbuf b;
	char *copy = malloc(size ? size : 1);
	size_t i, n;
	int r;

	memcpy(copy, data, size);
	c = ioc_new(&opts);
	r = ioc_load_mem(c, "fuzz", copy, size);
	CHECK(r == 0 || r == -1, "load returned something else", copy, size);
	ioc_finish(c);
	wb_init(&b, 1024);
	n = ioc_count(c);
	for (i = 0; i < n && i < 2000; i++)
		check_indicator(c, (uint32_t)i, copy, size, &b);
	wb_free(&b);
	ioc_free(c);
	free(copy);
	return 0;
}
