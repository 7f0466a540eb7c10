/*
 * json_test.c: unit tests of the JSON layer (json.c) and of the writer's
 * handling of UTF-8 (writer.c).
 *
 * Prints each failure, then "json: N passed, M failed"; exit 1 on any
 * failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "writer.h"

static int passed, failed;

static void
result(int ok, const char *name)
{
	if (ok)
		passed++;
	else {
		failed++;
		printf("FAIL %s\n", name);
	}
}

static struct jparser *jp;
static struct wbuf out;

/* Parse text and write it back: the result in out (NUL-terminated). */
static const char *
roundtrip(const char *text)
{
	char msg[JSON_MSGSIZE];
	const struct jval *v;

	json_reset(jp);
	out.len = 0;
	if ((v = json_parse(jp, text, strlen(text), msg)) == NULL) {
		wb_raw(&out, msg, strlen(msg));
	} else
		json_write(jp, &out, v);
	wb_char(&out, '\0');
	return out.p;
}

static void
expect_roundtrip(const char *name, const char *in, const char *want)
{
	const char *got = roundtrip(in);

	if (strcmp(got, want) != 0)
		printf("  %s: got %s, want %s\n", name, got, want);
	result(strcmp(got, want) == 0, name);
}

/* wb_str of n bytes, as the writer escapes a value. */
static void
expect_str(const char *name, const char *in, size_t n, const char *want)
{
	out.len = 0;
	wb_str(&out, in, n);
	wb_char(&out, '\0');
	if (strcmp(out.p, want) != 0)
		printf("  %s: got %s, want %s\n", name, out.p, want);
	result(strcmp(out.p, want) == 0, name);
}

static void
test_short_tokens(void)
{
	char *line;
	size_t i, n = 200000;

	expect_roundtrip("an array of one-digit numbers keeps its key",
	    "{\"k\":[0,0,0,0]}", "{\"k\":[0,0,0,0]}");
	expect_roundtrip("a key after one-character strings is kept",
	    "{\"RayID\":\"r\",\"x\":[1,2,3,4,5,6,7,8,9]}",
	    "{\"RayID\":\"r\",\"x\":[1,2,3,4,5,6,7,8,9]}");
	expect_roundtrip("empty strings and short numbers",
	    "{\"\":\"\",\"a\":[\"\",\"b\",1,-1,12,\"\"],\"c\":\"d\"}",
	    "{\"\":\"\",\"a\":[\"\",\"b\",1,-1,12,\"\"],\"c\":\"d\"}");
	line = malloc(2 * n + 16);
	memcpy(line, "{\"a\":[0", 7);
	for (i = 1; i < n; i++)
		memcpy(line + 5 + 2 * i, ",0", 2);
	memcpy(line + 5 + 2 * n, "]}", 3);
	roundtrip(line);
	result(out.len == strlen(line) + 1 && strcmp(out.p, line) == 0,
	    "200,000 zeros come back as they were");
	free(line);
}

static void
test_strings(void)
{
	const struct jval *v;
	char msg[JSON_MSGSIZE];
	const char *t = "{\"a\":\"x\\u0000y\",\"b\":\"\\ud800z\","
	    "\"c\":\"\\ud83d\\ude00\",\"d\":\"\\udc00\\ud800\"}";

	json_reset(jp);
	v = json_parse(jp, t, strlen(t), msg);
	result(v != NULL, "lone surrogates and \\u0000 parse");
	if (v == NULL)
		return;
	v = v->child;
	result(v->n == 3 && memcmp(v->s, "x\0y", 3) == 0,
	    "\\u0000 is a NUL byte inside the string, its length kept");
	v = v->next;
	result(v->n == 4 && memcmp(v->s, "\xEF\xBF\xBDz", 4) == 0,
	    "a lone high surrogate is U+FFFD");
	v = v->next;
	result(v->n == 4 && memcmp(v->s, "\xF0\x9F\x98\x80", 4) == 0,
	    "a surrogate pair is one 4-byte character");
	v = v->next;
	result(v->n == 6 && memcmp(v->s, "\xEF\xBF\xBD\xEF\xBF\xBD", 6) == 0,
	    "a low surrogate before a high one: two U+FFFD");
	expect_roundtrip("\\u0000 is written back as \\u0000",
	    "[\"a\\u0000b\"]", "[\"a\\u0000b\"]");
	expect_roundtrip("a number of 100 digits is kept as its text",
	    "[1111111111111111111111111111111111111111111111111111111111111"
	    "111111111111111111111111111111111111111]",
	    "[\"1111111111111111111111111111111111111111111111111111111111111"
	    "111111111111111111111111111111111111111\"]");
	expect_roundtrip("2^53 - 1 stays a number, 2^53 becomes a string",
	    "[9007199254740991,9007199254740992,-9007199254740992]",
	    "[9007199254740991,\"9007199254740992\",\"-9007199254740992\"]");
	expect_roundtrip("a bad escape is refused where it is",
	    "{\"a\":\"\\x\"}", "invalid JSON at byte 8");
	expect_roundtrip("a \\u escape without four hex digits is refused",
	    "{\"a\":\"\\ud\\u0000b\",\"b\":1}", "invalid JSON at byte 10");
	expect_roundtrip("text after the value is refused",
	    "{\"a\":1} x", "invalid JSON at byte 9: text after the object");
}

/* The writer: 4-byte UTF-8 and surrogates, raw and escaped. */
static void
test_writer_utf8(void)
{
	expect_str("a 4-byte character is written as it is",
	    "\xF0\x9F\x98\x80", 4, "\"\xF0\x9F\x98\x80\"");
	expect_str("U+10FFFF is written as it is",
	    "\xF4\x8F\xBF\xBF", 4, "\"\xF4\x8F\xBF\xBF\"");
	expect_str("above U+10FFFF is U+FFFD per byte",
	    "\xF4\x90\x80\x80", 4,
	    "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
	expect_str("an overlong 4-byte form is refused",
	    "\xF0\x8F\xBF\xBF", 4,
	    "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
	expect_str("a 4-byte character cut short",
	    "\xF0\x9F\x98", 3, "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
	expect_str("a raw surrogate (CESU-8) is U+FFFD per byte",
	    "\xED\xA0\x80", 3, "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
	expect_str("U+D7FF, below the surrogates, is kept",
	    "\xED\x9F\xBF", 3, "\"\xED\x9F\xBF\"");
	expect_str("a NUL byte is \\u0000", "a\0b", 3, "\"a\\u0000b\"");
	expect_roundtrip("a surrogate pair escape is written as 4 bytes",
	    "[\"\\uD83D\\uDE00\"]", "[\"\xF0\x9F\x98\x80\"]");
	expect_roundtrip("a lone surrogate escape is written as U+FFFD",
	    "[\"a\\udfffb\"]", "[\"a\xEF\xBF\xBD" "b\"]");
	expect_roundtrip("raw 4-byte characters in keys and values",
	    "{\"\xF0\x90\x8D\x88\":\"\xF0\x9F\x98\x80\"}",
	    "{\"\xF0\x90\x8D\x88\":\"\xF0\x9F\x98\x80\"}");
}

/*
 * Duplicate keys: the work done for keys made to collide under a hash of
 * a few bytes (the same first and last eight bytes, the same length)
 * stays within three times the work for ordinary keys.
 */
static size_t
dup_work(const char *fmt, size_t n)
{
	const struct jval **node = calloc(n, sizeof(*node));
	struct jval *v = calloc(n, sizeof(*v));
	unsigned char *dup = calloc(n, 1);
	char *keys = malloc(n * 32);
	size_t i, work;

	for (i = 0; i < n; i++) {
		v[i].key = keys + 32 * i;
		v[i].keylen = (size_t)snprintf(keys + 32 * i, 32, fmt, (int)i);
		node[i] = &v[i];
	}
	json_reset(jp);
	work = json_mark_duplicates(jp, node, n, dup);
	for (i = 0; i < n && !dup[i]; i++)
		;
	result(i == n, "distinct keys are not duplicates");
	free(node);
	free(v);
	free(dup);
	free(keys);
	return work;
}

static void
test_duplicate_cost(void)
{
	size_t crafted = dup_work("AAAAAAAA%07dZZZZZZZZ", 40000);
	size_t ordinary = dup_work("key%d", 40000);

	printf("  duplicate check, 40,000 keys: %zu probes crafted, %zu "
	    "ordinary\n", crafted, ordinary);
	result(crafted <= 3 * ordinary,
	    "crafted keys cost at most 3x ordinary keys");
	result(ordinary < 4 * 40000, "ordinary keys: a few probes each");
}

static void
test_duplicates(void)
{
	expect_roundtrip("the last of duplicate keys wins, written once",
	    "{\"a\":1,\"b\":2,\"a\":3}", "{\"b\":2,\"a\":3}");
	expect_roundtrip("keys equal after decoding are duplicates",
	    "{\"\\u0061\":1,\"a\":2}", "{\"a\":2}");
	expect_roundtrip("keys differing after a NUL are not duplicates",
	    "{\"a\\u0000b\":1,\"a\\u0000c\":2}",
	    "{\"a\\u0000b\":1,\"a\\u0000c\":2}");
}

int
main(void)
{
	jp = json_parser_new();
	wb_init(&out, 1024);
	test_short_tokens();
	test_strings();
	test_writer_utf8();
	test_duplicates();
	test_duplicate_cost();
	json_parser_free(jp);
	wb_free(&out);
	printf("json: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
