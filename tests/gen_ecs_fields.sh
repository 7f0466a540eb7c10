#!/bin/sh
# gen_ecs_fields.sh: generate ecs_fields.c, the compiled-in ECS field table
# of ecscheck.c, from the ECS repository's generated/csv/fields.csv and the
# allowed values of the categorization fields (taken from ecs_flat.yml).
#
# usage:
#	sh tests/gen_ecs_fields.sh fields.csv allowed_values.json > ecs_fields.c
#
# Only the name, type, "array" normalization and "Indexed" of each field
# are kept.
# The table is sorted in byte order (LC_ALL=C) for bsearch/strcmp.
set -eu

if [ $# -ne 2 ]; then
	echo "usage: $0 fields.csv allowed_values.json" >&2
	exit 2
fi
csv=$1
json=$2
for f in "$csv" "$json"; do
	[ -r "$f" ] || { echo "$0: cannot read $f" >&2; exit 1; }
done

LC_ALL=C
export LC_ALL
tmp=$(mktemp "${TMPDIR:-/tmp}/gen_ecs.XXXXXX")
trap 'rm -f "$tmp" "$tmp.f" "$tmp.a" "$tmp.f.a"' EXIT

# fields.csv: RFC 4180 CSV; quoted cells may hold commas, "" and newlines.
# Emits "name type array unindexed" per field and "#version X" once.
awk '
function ncols(rec,    i, c, q, cell, n) {
	n = 0; cell = ""; q = 0
	for (i = 1; i <= length(rec); i++) {
		c = substr(rec, i, 1)
		if (q) {
			if (c == "\"") {
				if (substr(rec, i + 1, 1) == "\"") {
					cell = cell c; i++
				} else
					q = 0
			} else
				cell = cell c
		} else if (c == "\"")
			q = 1
		else if (c == ",") {
			col[++n] = cell; cell = ""
		} else
			cell = cell c
	}
	col[++n] = cell
	return n
}
{
	rec = (pending == "") ? $0 : pending "\n" $0
	# an odd number of quotes: the record goes on on the next line
	if (gsub(/"/, "\"", rec) % 2 == 1) {
		pending = rec
		next
	}
	pending = ""
	n = ncols(rec)
	if (!hdr) {
		for (i = 1; i <= n; i++)
			idx[col[i]] = i
		if (!("Field" in idx) || !("Type" in idx) ||
		    !("Normalization" in idx) || !("ECS_Version" in idx) ||
		    !("Indexed" in idx)) {
			print "fields.csv: missing column" > "/dev/stderr"
			exit 1
		}
		hdr = 1
		next
	}
	name = col[idx["Field"]]; type = col[idx["Type"]]
	if (name !~ /^[A-Za-z0-9_@][A-Za-z0-9_@.-]*$/ || type !~ /^[a-z_]+$/) {
		printf "fields.csv: bad field or type: %s %s\n", name, type \
		    > "/dev/stderr"
		exit 1
	}
	if (version == "") {
		version = col[idx["ECS_Version"]]
		print "#version " version
	}
	arr = (col[idx["Normalization"]] ~ /(^|[^a-z_])array([^a-z_]|$)/)
	print name, type, arr, (col[idx["Indexed"]] == "false")
}
END {
	if (pending != "") {
		print "fields.csv: unterminated quote" > "/dev/stderr"
		exit 1
	}
}' "$csv" > "$tmp"

grep '^#version ' "$tmp" | sed 's/^#version //' > "$tmp.a"
version=$(cat "$tmp.a")
[ -n "$version" ] || { echo "$0: no fields in $csv" >&2; exit 1; }
grep -v '^#version ' "$tmp" | sort -u -k1,1 > "$tmp.f"
if [ "$(wc -l < "$tmp.f")" -ne "$(grep -vc '^#version ' "$tmp")" ]; then
	echo "$0: duplicate field names in $csv" >&2
	exit 1
fi

# allowed_values.json: {"field": ["value", ...], ...}, strings without
# escapes.  Emits "field value" pairs.
awk '
{ text = text $0 "\n" }
END {
	field = ""; inarr = 0; key = ""
	while (match(text, /"[^"\\]*"|[][{}:,]|[^][{}:,"[:space:]]+/)) {
		tok = substr(text, RSTART, RLENGTH)
		text = substr(text, RSTART + RLENGTH)
		if (tok == "[")
			inarr = 1
		else if (tok == "]")
			inarr = 0
		else if (tok ~ /^"/) {
			s = substr(tok, 2, length(tok) - 2)
			if (s !~ /^[A-Za-z0-9_.@-]+$/) {
				printf "allowed_values.json: bad string " \
				    "%s\n", tok > "/dev/stderr"
				exit 1
			}
			if (inarr) {
				print field, s
				n++
			} else
				field = s
		} else if (tok !~ /^[{}:,]$/) {
			printf "allowed_values.json: unexpected %s\n", tok \
			    > "/dev/stderr"
			exit 1
		}
	}
	if (n == 0) {
		print "allowed_values.json: no values" > "/dev/stderr"
		exit 1
	}
}' "$json" > "$tmp.a"
sort -u "$tmp.a" > "$tmp.f.a"
mv "$tmp.f.a" "$tmp.a"

cat <<EOF
/*
 * ecs_fields.c: the ECS field table and the allowed values of the
 * categorization fields, for ecscheck.c.  GENERATED: do not edit.
 *
 * Derived from ECS $version generated/csv/fields.csv and
 * generated/ecs/ecs_flat.yml (https://github.com/elastic/ecs),
 * Apache License 2.0.  Only each field's name, type, "array"
 * normalization and "Indexed" are kept.  Regenerate with:
 *	sh tests/gen_ecs_fields.sh fields.csv allowed_values.json > ecs_fields.c
 */
#include <stddef.h>

#include "ecscheck.h"

/* Sorted by name in byte order, for binary search. */
const struct ecs_field ecs_fields[] = {
EOF
awk '{
	t = toupper($2)
	printf "\t{ \"%s\", ECS_%s, %d },\n", $1, t, $3
}' "$tmp.f"
cat <<EOF
};
const size_t ecs_nfields = sizeof(ecs_fields) / sizeof(ecs_fields[0]);

/* Sorted by field, then value. */
const struct ecs_allowed ecs_allowed[] = {
EOF
awk '{ printf "\t{ \"%s\", \"%s\" },\n", $1, $2 }' "$tmp.a"
cat <<EOF
};
const size_t ecs_nallowed = sizeof(ecs_allowed) / sizeof(ecs_allowed[0]);
EOF

# The fields ECS does not index, and the version of the table.
cat <<EOF

/* The fields whose "Indexed" is false, sorted; NULL-terminated. */
const char *const ecs_unindexed[] = {
EOF
awk '$4 == 1 { printf "\t\"%s\",\n", $1 }' "$tmp.f"
cat <<EOF
	NULL
};

const char ecs_table_version[] = "$version";
EOF
