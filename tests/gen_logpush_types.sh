#!/bin/sh
# gen_logpush_types.sh: derive tests/logpush_types.tsv (dataset, field,
# documented type) from the Logpush field lists that cloudflare_fields.c
# is generated from, for the template test.
#
# usage:
#	sh tests/gen_logpush_types.sh DIR > tests/logpush_types.tsv
set -eu

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
	echo "usage: $0 DIR" >&2
	exit 2
fi
LC_ALL=C
export LC_ALL
echo "# Logpush fields and their documented types, from the field lists"
echo "# cloudflare_fields.c is made from: sh tests/gen_logpush_types.sh DIR"
for f in "$1"/*.tsv; do
	ds=$(basename "$f" .tsv)
	[ "$ds" != DATASETS ] || continue
	awk -F '\t' -v ds="$ds" 'NR > 1 { print ds "\t" $1 "\t" $2 }' "$f"
done | sort -t '	' -k1,1 -k2,2
