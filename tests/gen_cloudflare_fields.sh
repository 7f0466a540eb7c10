#!/bin/sh
# gen_cloudflare_fields.sh: generate cloudflare_fields.c, the Logpush
# fields of every dataset with their documented types, from the field
# lists (one DATASET.tsv per dataset: "field<TAB>type<TAB>description",
# a header line first).  --print-template types cloudflare.* from it.
#
# usage:
#	sh tests/gen_cloudflare_fields.sh DIR > cloudflare_fields.c
#
# DIR holds the DATASET.tsv files (DATASETS.tsv, the index, is skipped).
# Rows are sorted by dataset, then field, in byte order (LC_ALL=C).
set -eu

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
	echo "usage: $0 DIR" >&2
	exit 2
fi
LC_ALL=C
export LC_ALL
tmp=$(mktemp "${TMPDIR:-/tmp}/gen_cf.XXXXXX")
trap 'rm -f "$tmp"' EXIT

n=0
for f in "$1"/*.tsv; do
	ds=$(basename "$f" .tsv)
	[ "$ds" != DATASETS ] || continue
	n=$((n + 1))
	awk -F '\t' -v ds="$ds" -v file="$f" '
	NR == 1 {
		if ($1 != "field" || $2 != "type") {
			printf "%s: no \"field<TAB>type\" header\n", file > "/dev/stderr"
			exit 1
		}
		next
	}
	{
		t = $2
		sub(/^array\[/, "", t)
		sub(/\]$/, "", t)
		if (t == "string")		e = "CF_STRING"
		else if (t == "int")		e = "CF_INT"
		else if (t == "int or string")	e = "CF_INT_OR_STRING"
		else if (t == "bool")		e = "CF_BOOL"
		else if (t == "float")		e = "CF_FLOAT"
		else if (t == "object")		e = "CF_OBJECT"
		else {
			printf "%s:%d: unknown type %s\n", file, NR, $2 > "/dev/stderr"
			exit 1
		}
		if ($1 !~ /^[A-Za-z0-9_]+$/) {
			printf "%s:%d: bad field name %s\n", file, NR, $1 > "/dev/stderr"
			exit 1
		}
		print ds "\t" $1 "\t" e
	}' "$f" >> "$tmp"
done
[ "$n" -gt 0 ] || { echo "$0: no field lists in $1" >&2; exit 1; }

cat <<HDR
/*
 * cloudflare_fields.c: every Logpush dataset's fields with their
 * documented types, for --print-template.  GENERATED: do not edit.
 *
 * From the Logpush field lists ($n datasets; an array has the type of
 * its items).  Regenerate with:
 *	sh tests/gen_cloudflare_fields.sh DIR > cloudflare_fields.c
 */
#include <stddef.h>

#include "template.h"

/* Sorted by dataset, then field. */
const struct cf_field cf_fields[] = {
HDR
sort -t '	' -k1,1 -k2,2 "$tmp" |
    awk -F '\t' '{ printf "\t{ \"%s\", \"%s\", %s },\n", $1, $2, $3 }'
cat <<'END'
};
const size_t cf_nfields = sizeof(cf_fields) / sizeof(cf_fields[0]);
END
