#!/bin/sh
# ecs_check.sh: check cfecs output (ECS NDJSON) against the Elastic Common
# Schema.  Every field outside cloudflare.* and cfecs.* must be an ECS field (from
# tests/ecs_fields.tsv, or log.offset as Filebeat writes it) whose JSON type fits its ECS type, and the
# categorization fields may only hold the values in tests/ecs_allowed.tsv.
#
#   sh tests/ecs_check.sh FILE.ndjson
#
# Prints "FILE:LINE: FIELD: why" for each problem; exits 1 if there was
# any, 2 on a usage error.  Needs jq (1.6 or later) and a POSIX awk.
set -eu
LC_ALL=C
export LC_ALL

if [ $# -ne 1 ]; then
	echo "usage: $0 file.ndjson" >&2
	exit 2
fi
in=$1
[ -r "$in" ] || { echo "$0: cannot read $in" >&2; exit 2; }
dir=$(cd "$(dirname "$0")" && pwd)
fields=$dir/ecs_fields.tsv
allowed=$dir/ecs_allowed.tsv

# Fields jq must not descend into: their whole value is one leaf.
opaque=$(awk -F '\t' '/^#/ { next }
    $2 == "geo_point" || $2 == "object" || $2 == "flattened" { printf "%s ", $1 }' \
    "$fields")

tmp=$(mktemp "${TMPDIR:-/tmp}/ecs_check.XXXXXX")
trap 'rm -f "$tmp"' EXIT

# One TSV row per leaf: line, field (array indices removed), how many
# array levels end the path, kind, value.  A leaf is a scalar, an empty
# array or object, or the whole value of an opaque field.  An object
# inside an array (a list of objects) also gives a "container" row for
# the field that holds the list.
jq -nrR --arg opaque "$opaque" '
def kind:
	if type == "number" then (if . == floor then "int" else "float" end)
	elif type == "object" then
		(if length == 2 and (.lat | type) == "number" and
		    (.lon | type) == "number" then "geo_point" else "object" end)
	else type end;
def leaf($nm; $t): [$nm, $t, kind, (if type == "string" then . else "" end)];
($opaque | split(" ") | map(select(. != "") | {(.): true}) | add // {}) as $op |
def leaves($nm; $t):
	if $op[$nm] then leaf($nm; $t)
	elif type == "object" and length > 0 then
		(if $t > 0 then [$nm, 0, "container", ""] else empty end),
		(to_entries[] as $e | $e.value |
		    leaves(if $nm == "" then $e.key else $nm + "." + $e.key end; 0))
	elif type == "array" and length > 0 then .[] | leaves($nm; $t + 1)
	else leaf($nm; $t) end;
foreach inputs as $l (0; . + 1; . as $n |
	($l | try fromjson catch null) |
	if type != "object" then [$n, "-", 0, "notobject", ""]
	else del(.cloudflare, .cfecs) | [$n] + leaves(""; 0) end) | @tsv' "$in" > "$tmp" ||
    { echo "$0: jq failed on $in" >&2; exit 2; }

awk -F '\t' -v file="$in" -v fields="$fields" -v allowed="$allowed" '
function problem(line, field, why) {
	if (seen[line, field, why]++)
		return
	printf "%s:%s: %s: %s\n", file, line, field, why
	bad = 1
}
function is_ipv4(s,    n, i, a) {
	n = split(s, a, ".")
	if (n != 4)
		return 0
	for (i = 1; i <= 4; i++)
		if (a[i] !~ /^[0-9]+$/ || length(a[i]) > 3 || a[i] + 0 > 255 ||
		    (length(a[i]) > 1 && substr(a[i], 1, 1) == "0"))
			return 0
	return 1
}
function is_ipv6(s,    n, i, a, groups, dbl, last) {
	if (s !~ /^[0-9A-Fa-f:.]+$/ || s ~ /:::/)
		return 0
	dbl = index(s, "::")
	if (dbl && index(substr(s, dbl + 2), "::"))
		return 0
	if ((s ~ /^:/ && s !~ /^::/) || (s ~ /:$/ && s !~ /::$/))
		return 0
	n = split(s, a, ":")
	groups = 0
	for (i = 1; i <= n; i++) {
		if (a[i] == "")
			continue
		if (i == n && index(a[i], ".")) {
			if (!is_ipv4(a[i]))
				return 0
			groups += 2
		} else if (a[i] ~ /^[0-9A-Fa-f]+$/ && length(a[i]) <= 4)
			groups++
		else
			return 0
	}
	return dbl ? groups < 8 : groups == 8
}
function is_date(s,    mo, d, h, mi, se) {
	if (s !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9](\.[0-9]+)?Z$/)
		return 0
	mo = substr(s, 6, 2) + 0
	d = substr(s, 9, 2) + 0
	h = substr(s, 12, 2) + 0
	mi = substr(s, 15, 2) + 0
	se = substr(s, 18, 2) + 0
	return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 &&
	    mi <= 59 && se <= 60
}
# Does a value of this kind fit the ECS type t?  Empty string if so.
function misfit(t, kind, v) {
	if (kind == "null")
		return "null value"
	if (t == "long" || t == "integer" || t == "short" || t == "byte" ||
	    t == "unsigned_long")
		return kind == "int" ? "" : "is " kind ", ECS type " t
	if (t == "float" || t == "double" || t == "scaled_float" ||
	    t == "half_float")
		return kind == "int" || kind == "float" ? "" : \
		    "is " kind ", ECS type " t
	if (t == "ip") {
		if (kind != "string")
			return "is " kind ", ECS type ip"
		return is_ipv4(v) || is_ipv6(v) ? "" : "\"" v "\" is not an IP address"
	}
	if (t == "date") {
		if (kind != "string")
			return "is " kind ", ECS type date"
		return is_date(v) ? "" : "\"" v "\" is not an RFC 3339 UTC date"
	}
	if (t == "keyword" || t == "wildcard" || t == "match_only_text" ||
	    t == "constant_keyword" || t == "text")
		return kind == "string" ? "" : "is " kind ", ECS type " t
	if (t == "boolean")
		return kind == "boolean" ? "" : "is " kind ", ECS type boolean"
	if (t == "geo_point")
		return kind == "geo_point" ? "" : \
		    "is " kind ", ECS type geo_point (an object with lat and lon)"
	if (t == "object" || t == "flattened")
		return kind == "object" ? "" : "is " kind ", ECS type " t
	if (t == "nested")
		return kind == "object" || kind == "array" ? "" : \
		    "is " kind ", ECS type nested"
	return "unknown ECS type " t
}
BEGIN {
	while ((getline l < fields) > 0) {
		if (l ~ /^#/ || l == "")
			continue
		split(l, c, "\t")
		type[c[1]] = c[2]
		isarray[c[1]] = c[3] == "array"
	}
	close(fields)
	# Not ECS: the offset of the line, as Filebeat and cfecs write it.
	type["log.offset"] = "long"
	while ((getline l < allowed) > 0) {
		if (l ~ /^#/ || l == "")
			continue
		split(l, c, "\t")
		ok[c[1], c[2]] = 1
		categorized[c[1]] = 1
	}
	close(allowed)
	bad = 0
}
{
	line = $1; field = $2; depth = $3 + 0; kind = $4; v = $5
	if (kind == "notobject") {
		problem(line, "-", "not a JSON object")
		next
	}
	if (field == "") {
		problem(line, "-", "empty event")
		next
	}
	if (!(field in type)) {
		problem(line, field, "not an ECS field")
		next
	}
	t = type[field]
	if (kind == "container") {
		if (!isarray[field] && t != "nested")
			problem(line, field, "is a list of objects, ECS field is not an array")
		next
	}
	if (depth > 1)
		problem(line, field, "is an array of arrays")
	else if ((depth == 1 || kind == "array") && !isarray[field] &&
	    t != "nested")
		problem(line, field, "is an array, ECS field is not")
	if (kind == "array")
		next
	if ((why = misfit(t, kind, v)) != "")
		problem(line, field, why)
	else if ((field in categorized) && !ok[field, v])
		problem(line, field, "\"" v "\" is not an allowed value")
}
END {
	exit bad
}' "$tmp"
