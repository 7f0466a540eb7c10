# --print-template: the index template's JSON, its shape, and its types
# against ECS's published templates (tests/ecs_types.tsv) for every field
# cfecs writes over all samples with enrichment, GeoIP, rules and
# indicators, and against the Logpush field lists for cloudflare.*
# (tests/template_check.py).  Then --bulk-op and %D in --bulk.
# No Elasticsearch or OpenSearch server is used: the JSON is checked.
# Sourced by run.sh; names start tp_.

tp=$T/template
mkdir -p "$tp"
tp_ecs=tests/ecs_types.tsv
tp_lp=tests/logpush_types.tsv

# tp_py NAME ARGS...: tests/template_check.py ARGS must pass.
tp_py() {
	_name=$1
	shift
	if python3 tests/template_check.py "$@" > "$tp/py.out" 2>&1; then
		ok "$_name"
	else
		bad "$_name" "$(head -n 8 "$tp/py.out")"
	fi
}

# tp_py_fails NAME WANT ARGS...: the check must fail, saying WANT.
tp_py_fails() {
	_name=$1
	_want=$2
	shift 2
	if python3 tests/template_check.py "$@" > "$tp/py.out" 2>&1; then
		bad "$_name" "the check passed"
	elif grep -qF -- "$_want" "$tp/py.out"; then
		ok "$_name"
	else
		bad "$_name" "$(head -n 3 "$tp/py.out")"
	fi
}

# tp_json NAME FILE: valid JSON for Python and for jq.
tp_json() {
	if python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$2" \
	    2> "$tp/json.err" && jq -e .template.mappings.properties "$2" \
	    > /dev/null 2>> "$tp/json.err"; then
		ok "$1"
	else
		bad "$1" "$(head -c 300 "$tp/json.err")"
	fi
}

# -- the variants: each loads as JSON and has the documented shape --
$CFECS --print-template > "$tp/es.json"
tp_json "template: loads as JSON" "$tp/es.json"
tp_py "template: shape, Elasticsearch" shape "$tp/es.json" "$tp_ecs"
$CFECS --print-template --data-stream 'logs-cloudflare.*-*' > "$tp/ds.json"
tp_json "template --data-stream: loads as JSON" "$tp/ds.json"
tp_py "template --data-stream PATTERN: data_stream {}, the pattern" \
    shape "$tp/ds.json" "$tp_ecs" --data-stream --pattern 'logs-cloudflare.*-*'
$CFECS --print-template --opensearch > "$tp/os.json"
tp_json "template --opensearch: loads as JSON" "$tp/os.json"
tp_py "template --opensearch: only OpenSearch types" \
    shape "$tp/os.json" "$tp_ecs" --opensearch
$CFECS --print-template --time-precision ns > "$tp/ns.json"
tp_json "template ns: loads as JSON" "$tp/ns.json"
tp_py "template --time-precision ns: every date is date_nanos" \
    shape "$tp/ns.json" "$tp_ecs" --ns
$CFECS --print-template 'a"b\c' 'cf-*' > "$tp/pat.json"
tp_json "template: patterns with quotes and backslashes stay JSON" "$tp/pat.json"
tp_py "template: every operand is an index pattern" \
    shape "$tp/pat.json" "$tp_ecs" --pattern 'a"b\c' --pattern 'cf-*'
if [ "$(jq -c '[.index_patterns, .template.mappings.properties.cloudflare.properties.ClientIP.type]' "$tp/es.json")" = \
    '[["logs-cloudflare*"],"keyword"]' ]; then
	ok "template: default pattern logs-cloudflare*"
else
	bad "template: default pattern logs-cloudflare*" "$(jq -c .index_patterns "$tp/es.json")"
fi
jq -S 'del(.template.mappings.properties["@timestamp"])' "$tp/es.json" > "$tp/es.cmp"
$CFECS --print-template --time-precision ms | jq -S 'del(.template.mappings.properties["@timestamp"])' > "$tp/ms.cmp"
same "template: s, ms and us give the same template" "$tp/es.cmp" "$tp/ms.cmp"

# OpenSearch: the documented differences, and nothing else.
jq -c '[.. | objects | select(has("type")) | .type] | unique' "$tp/os.json" > "$tp/os.types"
if grep -q flat_object "$tp/os.types" && ! grep -qE '"(flattened|match_only_text|wildcard)"' "$tp/os.types"; then
	ok "template --opensearch: flat_object, no flattened, match_only_text or wildcard"
else
	bad "template --opensearch: types" "$(cat "$tp/os.types")"
fi
jq -c '[paths(objects and has("type")) as $p | {p: $p | map(tostring) | join("."), t: getpath($p).type}]' "$tp/es.json" > "$tp/es.paths"
jq -c '[paths(objects and has("type")) as $p | {p: $p | map(tostring) | join("."), t: getpath($p).type}]' "$tp/os.json" > "$tp/os.paths"
python3 - "$tp/es.paths" "$tp/os.paths" > "$tp/osdiff" <<'EOF'
import json, sys
es = {x["p"]: x["t"] for x in json.load(open(sys.argv[1]))}
os_ = {x["p"]: x["t"] for x in json.load(open(sys.argv[2]))}
allowed = {("flattened", "flat_object"), ("match_only_text", "text"),
           ("wildcard", "keyword")}
assert set(es) == set(os_), set(es) ^ set(os_)
for p in es:
    if es[p] != os_[p] and (es[p], os_[p]) not in allowed:
        print(p, es[p], os_[p])
EOF
if [ $? -eq 0 ] && [ ! -s "$tp/osdiff" ]; then
	ok "template --opensearch: same fields, only the documented type changes"
else
	bad "template --opensearch: same fields, only the documented type changes" "$(head -n 5 "$tp/osdiff")"
fi

# -- every field cfecs writes, typed as ECS types it --
for tp_k in city asn; do
	perl tests/mkmmdb.pl "$tp_k" "$tp/$tp_k.mmdb" 2> "$tp/mk.err" ||
	    bad "template: build the $tp_k database" "$(head -c 300 "$tp/mk.err")"
done
mkdir -p "$tp/rules"
cat > "$tp/rules/get.yml" <<'EOF'
title: Any GET request
id: 0d9c4a3e-5b7f-4c1a-9e2d-7f3b8a6c1d20
status: test
description: every GET request, so that the rule fields are written
references:
  - https://example.com/rule
author: tests
level: low
tags:
  - attack.t1190
  - attack.initial-access
logsource:
  category: webserver
detection:
  selection:
    cs-method: GET
  condition: selection
EOF
# indicators: every address and host name the samples hold
$CFECS samples/*.ndjson | jq -r '(.related.ip // [])[], (.related.hosts // [])[]' |
    sort -u > "$tp/ioc.txt"
tp_all="--original --ecs-version 8.17.0 --geoip $tp/city.mmdb --geoip $tp/asn.mmdb --detect --rules $tp/rules --ioc $tp/ioc.txt"
# shellcheck disable=SC2086
$CFECS -q $tp_all samples/*.ndjson > "$tp/all.ndjson" 2> "$tp/all.err"
tp_py "template: every field of every sample event has ECS's type (enrichment, GeoIP, rules, indicators)" \
    events "$tp/es.json" "$tp_ecs" "$tp_lp" --seen "$tp/seen" < "$tp/all.ndjson"
# shellcheck disable=SC2086
$CFECS -q --time-precision ns $tp_all samples/*.ndjson > "$tp/all-ns.ndjson" 2>> "$tp/all.err"
python3 tests/template_check.py events "$tp/ns.json" "$tp_ecs" "$tp_lp" --ns \
    < "$tp/all-ns.ndjson" > "$tp/py.out" 2>&1 &&
    ok "template ns: nanosecond events fit date_nanos" ||
    bad "template ns: nanosecond events fit date_nanos" "$(head -n 5 "$tp/py.out")"
# the walk reached what each stage writes
tp_missing=""
for tp_f in @timestamp event.original ecs.version client.ip source.geo.location \
    source.as.number user_agent.name url.registered_domain network.community_id \
    rule.name threat.technique.id threat.enrichments.indicator.ip \
    threat.enrichments.matched.field email.attachments.file.name host.ip \
    cloudflare.EdgeStartTimestamp cloudflare.RequestHeaders; do
	grep -q "^$tp_f	" "$tp/seen" || tp_missing="$tp_missing $tp_f"
done
if [ -z "$tp_missing" ]; then ok "template: the walk reached every stage's fields"
else bad "template: the walk reached every stage's fields" "not seen:$tp_missing"; fi
# shellcheck disable=SC2086
$CFECS -q --bulk 'logs-cloudflare.%D-default' --bulk-op create $tp_all \
    samples/http_requests.ndjson > "$tp/bulk.ndjson" 2>> "$tp/all.err"
tp_py "template: --bulk output, documents checked, action lines skipped" \
    events "$tp/es.json" "$tp_ecs" "$tp_lp" < "$tp/bulk.ndjson"

# The checks can fail: a wrong type, a lost field, a refused value.
jq '.template.mappings.properties.source.properties.ip.type = "keyword" |
    .template.mappings.properties.source.properties.ip.ignore_above = 1024' \
    "$tp/es.json" > "$tp/bad1.json"
tp_py_fails "template check: source.ip as keyword is caught" \
    "source.ip: template type keyword, ECS type ip" \
    events "$tp/bad1.json" "$tp_ecs" "$tp_lp" < "$tp/all.ndjson"
jq 'del(.template.mappings.properties.cloudflare.properties.RayID)' "$tp/es.json" > "$tp/bad2.json"
tp_py_fails "template check: a documented cloudflare.* field missing is caught" \
    "cloudflare.RayID: not in the template" logpush "$tp/bad2.json" "$tp_lp"
tp_py_fails "template check: ... and in the events" \
    "cloudflare.RayID: documented Logpush field not mapped" \
    events "$tp/bad2.json" "$tp_ecs" "$tp_lp" < "$tp/all.ndjson"
jq '.template.mappings.properties.cloudflare.properties.ClientIP.type = "long"' "$tp/es.json" > "$tp/bad3.json"
tp_py_fails "template check: a value the type refuses is caught" \
    "refused by a long field" events "$tp/bad3.json" "$tp_ecs" "$tp_lp" < "$tp/all.ndjson"
tp_py_fails "template check: date with ns events is caught" \
    "@timestamp: template type date, ECS type date_nanos" \
    events "$tp/es.json" "$tp_ecs" "$tp_lp" --ns < "$tp/all-ns.ndjson"

jq '.template.mappings.properties.faas.properties.name.type = "text"' "$tp/es.json" > "$tp/bad4.json"
tp_py_fails "template check: any ECS field with another type is caught, written or not" \
    "faas.name: template type text, ECS type keyword" shape "$tp/bad4.json" "$tp_ecs"

# -- cloudflare.*: every field of every dataset's list --
tp_py "template: every documented cloudflare.* field, typed from its list" \
    logpush "$tp/es.json" "$tp_lp"
tp_py "template --opensearch: every documented cloudflare.* field" \
    logpush "$tp/os.json" "$tp_lp" --opensearch
tp_bad=""
for tp_d in $(cut -f1 "$tp_lp" | grep -v '^#' | sort -u); do
	$CFECS --print-template -d "$tp_d" > "$tp/d.json" 2> "$tp/d.err" &&
	python3 tests/template_check.py logpush "$tp/d.json" "$tp_lp" --dataset "$tp_d" \
	    > "$tp/d.out" 2>&1 || tp_bad="$tp_bad $tp_d: $(head -n 2 "$tp/d.out" "$tp/d.err")"
done
if [ -z "$tp_bad" ]; then ok "template -d: each dataset's own fields and types"
else bad "template -d: each dataset's own fields and types" "$tp_bad"; fi
# the mapper's own field lists (--print-fields) are all in the template
tp_bad=""
for tp_d in $($CFECS --list-datasets | awk '{ print $1 "." $2 }'); do
	tp_dn=${tp_d%.*}
	$CFECS --print-fields "$tp_dn" 2> /dev/null | tr ',' '\n' > "$tp/pf"
	for tp_f in $(cat "$tp/pf"); do
		jq -e --arg f "$tp_f" '.template.mappings.properties.cloudflare.properties[$f]' \
		    "$tp/es.json" > /dev/null || tp_bad="$tp_bad $tp_dn.$tp_f"
	done
done
if [ -z "$tp_bad" ]; then ok "template: every field --print-fields lists is mapped"
else bad "template: every field --print-fields lists is mapped" "$tp_bad"; fi

# -- the generated tables are those of their sources, when given --
if [ -n "${LOGPUSH_FIELDS:-}" ]; then
	sh tests/gen_cloudflare_fields.sh "$LOGPUSH_FIELDS" > "$tp/cf.c"
	same "cloudflare_fields.c is generated from LOGPUSH_FIELDS" "$tp/cf.c" cloudflare_fields.c
	sh tests/gen_logpush_types.sh "$LOGPUSH_FIELDS" > "$tp/lp.tsv"
	same "tests/logpush_types.tsv is derived from LOGPUSH_FIELDS" "$tp/lp.tsv" "$tp_lp"
else
	echo "skipped (not counted): generated Logpush tables against their lists; set LOGPUSH_FIELDS=DIR" >&2
fi
if [ -n "${ECS_GIT_DIR:-}" ]; then
	sh tests/gen_ecs_types.sh "$ECS_GIT_DIR" > "$tp/ecs.tsv"
	same "tests/ecs_types.tsv is derived from ECS_GIT_DIR" "$tp/ecs.tsv" "$tp_ecs"
else
	echo "skipped (not counted): tests/ecs_types.tsv against ECS's templates; set ECS_GIT_DIR=DIR" >&2
fi

# -- usage --
status_is "--data-stream without --print-template: usage error" 2 $CFECS --data-stream samples/dns_logs.ndjson
status_is "--opensearch without --print-template: usage error" 2 $CFECS --opensearch samples/dns_logs.ndjson
status_is "--print-template '': usage error" 2 $CFECS --print-template ''
status_is "--print-template > /dev/full: write error" 2 sh -c "$CFECS_BIN --print-template > /dev/full"

# -- --bulk-op: create for data streams, the same _id as index --
tp_src=samples/http_requests.ndjson
$CFECS --bulk 'logs-x' "$tp_src" > "$tp/b-index"
$CFECS --bulk 'logs-x' --bulk-op index "$tp_src" > "$tp/b-index2"
$CFECS --bulk 'logs-x' --bulk-op create "$tp_src" > "$tp/b-create"
same "--bulk-op index is the default" "$tp/b-index" "$tp/b-index2"
awk 'NR % 2 == 1' "$tp/b-index" | jq -c '[keys[0], .[]._index, .[]._id]' > "$tp/a-index"
awk 'NR % 2 == 1' "$tp/b-create" | jq -c '[keys[0], .[]._index, .[]._id]' > "$tp/a-create"
if [ "$(jq -r '.[0]' "$tp/a-index" | sort -u)" = index ] &&
    [ "$(jq -r '.[0]' "$tp/a-create" | sort -u)" = create ]; then
	ok "--bulk-op create: every action is create"
else
	bad "--bulk-op create: every action is create" "$(head -n 2 "$tp/a-create")"
fi
jq -c '.[1:]' "$tp/a-index" > "$tp/id-index"
jq -c '.[1:]' "$tp/a-create" > "$tp/id-create"
same "--bulk-op create: the same indices and _id fingerprints" "$tp/id-index" "$tp/id-create"
if [ "$(jq -r '.[2]' "$tp/a-create" | grep -c '^[A-Za-z0-9_-]\{22\}$')" -eq "$(grep -c . "$tp/a-create")" ]; then
	ok "--bulk-op create: every action has an _id"
else
	bad "--bulk-op create: every action has an _id" "$(head -n 2 "$tp/a-create")"
fi
awk 'NR % 2 == 0' "$tp/b-create" > "$tp/docs-create"
awk 'NR % 2 == 0' "$tp/b-index" > "$tp/docs-index"
same "--bulk-op create: the same documents" "$tp/docs-index" "$tp/docs-create"
$CFECS --bulk x --bulk-op create --id-field none "$tp_src" | head -n 1 > "$tp/noid"
contains "--bulk-op create --id-field none: no _id" "$tp/noid" '{"create":{"_index":"x"}}'
status_is "--bulk-op without --bulk: usage error" 2 $CFECS --bulk-op create "$tp_src"
status_is "--bulk-op update: usage error" 2 $CFECS --bulk x --bulk-op update "$tp_src"

# -- %D: the event's dataset in the index name --
cat samples/dns_logs.ndjson samples/http_requests.ndjson samples/firewall_events.account.ndjson > "$tp/mixed.ndjson"
printf '%s\n' '{"Whatever":1,"Foo":"x"}' >> "$tp/mixed.ndjson"
$CFECS -q --bulk 'logs-cloudflare.%D-default' --bulk-op create "$tp/mixed.ndjson" > "$tp/d.bulk"
paste -d ' ' - - < "$tp/d.bulk" | python3 -c '
import json, sys
bad = 0
for line in sys.stdin:
    a, d = line.split(" ", 1)[0], line.split(" ", 1)[1]
    # the action line is compact JSON without spaces
    act = json.loads(a)["create"]["_index"]
    ds = json.loads(d)["event"].get("dataset", "unknown")
    if act != "logs-cloudflare.%s-default" % ds:
        bad += 1
        print(act, ds)
sys.exit(bad > 0)' > "$tp/d.out" 2>&1 &&
    ok "--bulk %D: each event to its dataset's data stream" ||
    bad "--bulk %D: each event to its dataset's data stream" "$(head -n 3 "$tp/d.out")"
contains "--bulk %D: an unknown dataset's events to ...unknown..." "$tp/d.bulk" \
    '{"create":{"_index":"logs-cloudflare.unknown-default",'
printf '%s\n' '{"Whatever":1}' | $CFECS --bulk 'logs-cloudflare.%D-%Y' > /dev/null 2> "$tp/d.err"
contains "--bulk %D: the warning names the indices of events without a time" "$tp/d.err" \
    'in index logs-cloudflare.*-unknown'
