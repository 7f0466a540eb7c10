# Sigma field semantics and log sources: cs-uri-query as the request
# target, the proxy category, DNS answers, values a field cannot hold,
# which part of a rule matched, the regular expression budget, rules on
# array-valued fields; then the public SigmaHQ rules when they are there.
# Sourced by run.sh.

sf="$T/sigma-fields"
mkdir -p "$sf/r"

# web RAY URI [STATUS [METHOD]]: one http_requests record.
web() {
	printf '{"RayID":"%s","EdgeStartTimestamp":1708213921123456789,' "$1"
	printf '"ClientIP":"192.0.2.1","ClientRequestScheme":"https",'
	printf '"ClientRequestHost":"a.test","ClientRequestMethod":"%s",' "${4:-GET}"
	printf '"ClientRequestURI":"%s","EdgeResponseStatus":%s,' "$2" "${3:-200}"
	printf '"ClientRequestUserAgent":"Mozilla/5.0"}\n'
}

# rule FILE ID CATEGORY: a rule whose detection is read from stdin.
rule() {
	{
		printf 'title: Test %s\nid: %s\nlevel: high\n' "$2" "$2"
		printf 'logsource:\n  category: %s\ndetection:\n' "$3"
		cat
	} > "$sf/r/$1"
}

# alerts OUT: "ray<TAB>rule ids" of each event (- for none).
alerts() {
	jq -r '[.cloudflare.RayID, (.rule.id // "-" |
	    if type == "array" then sort | join(",") else . end)] | @tsv' "$1"
}

# --- cs-uri-query: the request target (path and query); c-uri-query strict
rule q-target.yml q-target webserver <<'EOF'
  selection:
    cs-uri-query|contains: '/public/plugins/'
    sc-status: 200
  condition: selection
EOF
rule q-strict.yml q-strict webserver <<'EOF'
  selection:
    c-uri-query|contains: '/public/plugins/'
  condition: selection
EOF
rule q-eq.yml q-eq webserver <<'EOF'
  selection:
    cs-uri-query: 'a=1'
  condition: selection
EOF
rule q-null.yml q-null webserver <<'EOF'
  selection:
    cs-uri-stem: '/nullq'
    cs-uri-query: null
  condition: selection
EOF
{
	web path '/public/plugins/alertlist/../../../../etc/passwd'
	web no-path-status '/public/plugins/alertlist/../../etc/passwd' 404
	web query '/x?u=/public/plugins/y'
	web eq '/p?a=1'
	web no-eq '/p?a=12'
	web nullq '/nullq'
	web no-nullq '/nullq?a=2'
} > "$sf/q.ndjson"
cat > "$sf/q.want" <<'EOF'
path	q-target
no-path-status	-
query	q-strict,q-target
eq	q-eq
no-eq	-
nullq	q-null
no-nullq	-
EOF
cfecs -d http_requests --rules "$sf/r" "$sf/q.ndjson" > "$sf/q.out" 2> "$sf/q.err"
alerts "$sf/q.out" > "$sf/q.got"
same "sigma fields: cs-uri-query matches path and query, c-uri-query the query alone" \
    "$sf/q.want" "$sf/q.got"
rm -f "$sf/r"/*

# --- category proxy: gateway_http by default; --logsource widens it
rule ua.yml t-proxy-ua proxy <<'EOF'
  selection:
    c-useragent|contains: 'evilagent'
  condition: selection
EOF
printf '%s\n' \
    '{"Datetime":1708213921123456789,"RayID":"gw","UserAgent":"x evilagent","URL":"https://a.test/x","HTTPHost":"a.test","SourceIP":"192.0.2.1"}' \
    > "$sf/gw.ndjson"
printf '%s\n' \
    '{"RayID":"in","EdgeStartTimestamp":1708213921123456789,"ClientIP":"192.0.2.1","ClientRequestHost":"a.test","ClientRequestURI":"/","ClientRequestUserAgent":"x evilagent"}' \
    > "$sf/in.ndjson"
{
	cfecs -d gateway_http --rules "$sf/r" "$sf/gw.ndjson"
	cfecs -d http_requests --rules "$sf/r" "$sf/in.ndjson"
	cfecs -d http_requests --rules "$sf/r" --logsource proxy=http_requests \
	    "$sf/in.ndjson" || true
} > "$sf/proxy.out"
alerts "$sf/proxy.out" > "$sf/proxy.got"
printf 'gw\tt-proxy-ua\nin\t-\nin\tt-proxy-ua\n' > "$sf/proxy.want"
same "sigma fields: proxy rules apply to gateway_http, not http_requests unless --logsource says so" \
    "$sf/proxy.want" "$sf/proxy.got"
cfecs --rules "$sf/r" --list-rules -v > "$sf/listv"
contains "sigma fields: --list-rules -v lists the logsource mapping" \
    "$sf/listv" "# logsource category proxy: gateway_http"
cfecs --rules "$sf/r" --logsource proxy=http_requests --logsource \
    webserver=firewall_events --list-rules -v > "$sf/listv2" || true
contains "sigma fields: --list-rules -v shows what --logsource added" \
    "$sf/listv2" "# logsource category proxy: gateway_http,http_requests (--logsource)"
contains "sigma fields: a widened rule lists the dataset" "$sf/listv2" \
    "t-proxy-ua	Test t-proxy-ua	high	gateway_http,http_requests"
status_is "sigma fields: --logsource without a dataset is a usage error" 2 \
    cfecs --rules "$sf/r" --logsource proxy=nosuchdataset "$sf/in.ndjson"
contains "sigma fields: the bad --logsource is named" "$T/.status.err" \
    "--logsource proxy=nosuchdataset"
rm -f "$sf/r"/*

# --- DNS answer: addresses, CNAMEs and the data of every answer record
rule txt.yml t-txt dns <<'EOF'
  selection:
    record_type: 'TXT'
    answer|contains:
      - 'IEX'
      - 'Invoke-Expression'
  condition: selection
EOF
rule cname.yml t-cname dns <<'EOF'
  selection:
    answer|endswith: '.evil-cdn.test'
  condition: selection
EOF
rule ip.yml t-answer-ip dns <<'EOF'
  selection:
    answer: '203.0.113.5'
  condition: selection
EOF
# gdns ID TYPE MORE: one gateway_dns record.
gdns() {
	printf '{"Datetime":1708213921123456789,"QueryID":"%s","QueryName":"q.test",' "$1"
	printf '"QueryTypeName":"%s","SrcIP":"192.0.2.5"%s}\n' "$2" "$3"
}
{
	gdns txt TXT ',"ResolvedIPs":[],"ResourceRecordsJSON":"[{\"name\":\"q.test\",\"type\":\"TXT\",\"ttl\":60,\"rdata\":\"\\\"powershell IEX(New-Object Net.WebClient)\\\"\"}]"'
	gdns txt-escaped TXT ',"ResourceRecordsJSON":"[{\"type\":\"TXT\",\"rdata\":\"x Invoke-\\u0045xpression y\"}]"'
	gdns no-txt TXT ',"ResourceRecordsJSON":"[{\"type\":\"TXT\",\"rdata\":\"v=spf1 -all\",\"name\":\"IEX.test\"}]"'
	gdns no-txt-type A ',"ResourceRecordsJSON":"[{\"type\":\"A\",\"rdata\":\"IEX\"}]"'
	gdns cname A ',"CNAMEs":["www.q.test.evil-cdn.test"],"ResolvedIPs":["198.51.100.1"]'
	gdns no-cname A ',"CNAMEs":["www.q.test.evil-cdn.test.ok"]'
	gdns ip A ',"ResolvedIPs":["198.51.100.9","203.0.113.5"]'
	gdns no-ip A ',"ResolvedIPs":["203.0.113.50"]'
} > "$sf/dns.ndjson"
cfecs -d gateway_dns --rules "$sf/r" "$sf/dns.ndjson" |
    jq -r '[.cloudflare.QueryID, (.rule.id // "-")] | @tsv' > "$sf/dns.got"
cat > "$sf/dns.want" <<'EOF'
txt	t-txt
txt-escaped	t-txt
no-txt	-
no-txt-type	-
cname	t-cname
no-cname	-
ip	t-answer-ip
no-ip	-
EOF
same "sigma fields: answer matches TXT data, CNAMEs and addresses of gateway_dns" \
    "$sf/dns.want" "$sf/dns.got"
rm -f "$sf/r"/*

# --- values a field can never hold: warned at load, counted apart
rule n-query.yml n-query webserver <<'EOF'
  selection:
    c-uri-query|contains: '/etc/passwd'
  condition: selection
EOF
rule n-status.yml n-status webserver <<'EOF'
  selection:
    sc-status:
      - 200
      - 700
  condition: selection
EOF
rule n-ip.yml n-ip webserver <<'EOF'
  selection:
    c-ip: 'evil.example'
  condition: selection
EOF
rule n-qname.yml n-qname dns <<'EOF'
  selection:
    query: '203.0.113.7'
  condition: selection
EOF
rule n-stem.yml n-stem webserver <<'EOF'
  selection:
    cs-uri-stem|startswith: '/index.php\?id='
  condition: selection
EOF
rule n-port.yml n-port proxy <<'EOF'
  selection:
    dst_port: '70000'
  condition: selection
EOF
rule good.yml good webserver <<'EOF'
  selection:
    cs-uri-query|contains: '/etc/passwd'
    c-uri-query|contains: 'id='
    sc-status: 200
    c-ip|startswith: '203.0.113.'
    cs-uri-stem|endswith: '.php'
  condition: selection
EOF
cfecs --stats --rules "$sf/r" /dev/null > /dev/null 2> "$sf/never.err"
for id in query status ip qname stem port; do
	if grep -q "n-$id.yml: 'Test n-$id': .*can never match" "$sf/never.err"; then
		ok "sigma fields: a value its field cannot hold is warned at load ($id)"
	else
		bad "sigma fields: a value its field cannot hold is warned at load ($id)" \
		    "$(cat "$sf/never.err")"
	fi
done
if grep -q "good.yml" "$sf/never.err"; then
	bad "sigma fields: values the fields can hold raise no warning" \
	    "$(grep good.yml "$sf/never.err")"
else
	ok "sigma fields: values the fields can hold raise no warning"
fi
contains "sigma fields: such rules are counted apart from loaded" \
    "$sf/never.err" "rules: 1 loaded, 6 loaded with values that can never match, 0 skipped"
cfecs --rules "$sf/r" --list-rules -v > "$sf/never.list" 2> /dev/null
contains "sigma fields: --list-rules -v shows why a rule never matches" \
    "$sf/never.list" "never matches: sc-status: value '700' can never match: an HTTP status is a number from 100 to 599"
status_is "sigma fields: --strict makes a value that cannot match fatal" 2 \
    cfecs --strict --rules "$sf/r/n-stem.yml" /dev/null
status_is "sigma fields: --strict accepts the rules that can match" 0 \
    cfecs --strict --rules "$sf/r/good.yml" /dev/null
rm -f "$sf/r"/*

# --- cfecs.match: which selection, field, pattern and value matched
rule m-traversal.yml m-traversal webserver <<'EOF'
  selection_traversal:
    cs-uri-query|contains: '/../../'
    sc-status: 200
  selection_plugins:
    cs-uri-query|contains:
      - '/public/plugins/zzz'
      - '/public/plugins/alertlist'
  filter:
    cs-method: 'DELETE'
  condition: all of selection_* and not filter
EOF
rule m-all.yml m-all webserver <<'EOF'
  selection:
    c-uri|contains|all:
EOF
i=0
while [ $i -lt 40 ]; do
	printf "      - 'k%02d'\n" $i >> "$sf/r/m-all.yml"
	i=$((i + 1))
done
printf '  condition: selection\n' >> "$sf/r/m-all.yml"
long=$(i=0; while [ $i -lt 40 ]; do printf 'k%02d' $i; i=$((i + 1)); done)
long="/$long$(printf '%0600d' 0)"
{
	web tr '/public/plugins/alertlist/../../../etc/passwd'
	web all "$long"
	web none '/x'
} > "$sf/m.ndjson"
cfecs -d http_requests --rules "$sf/r" "$sf/m.ndjson" > "$sf/m.out"
jq -c 'select(.cloudflare.RayID == "tr") | .cfecs.match' "$sf/m.out" > "$sf/m.got"
cat > "$sf/m.want" <<'EOF'
[{"rule":"m-traversal","selection":"selection_traversal","field":"cs-uri-query","pattern":"/../../","value":"/public/plugins/alertlist/../../../etc/passwd"},{"rule":"m-traversal","selection":"selection_traversal","field":"sc-status","pattern":"200","value":"200"},{"rule":"m-traversal","selection":"selection_plugins","field":"cs-uri-query","pattern":"/public/plugins/alertlist","value":"/public/plugins/alertlist/../../../etc/passwd"}]
EOF
same "sigma fields: cfecs.match names the selections, fields, patterns and values that matched" \
    "$sf/m.want" "$sf/m.got"
jq -r 'select(.cloudflare.RayID == "all") | [(.cfecs.match | length),
    (.cfecs.match | map(.value | length) | max), .cfecs.match[15].pattern] |
    @tsv' "$sf/m.out" > "$sf/m.cap"
printf '16\t256\tk15\n' > "$sf/m.cap.want"
same "sigma fields: cfecs.match is capped (16 entries, 256-byte values)" \
    "$sf/m.cap.want" "$sf/m.cap"
jq -r 'select(.cloudflare.RayID == "none") | .cfecs // "absent"' "$sf/m.out" \
    > "$sf/m.none"
printf 'absent\n' > "$sf/m.none.want"
same "sigma fields: an event that matched nothing has no cfecs.match" \
    "$sf/m.none.want" "$sf/m.none"
status_is "sigma fields: alerts with cfecs.match pass --check" 0 \
    cfecs -d http_requests --rules "$sf/r" --check "$sf/m.ndjson"
sh tests/ecs_check.sh "$sf/m.out" > "$sf/m.ecs" 2>&1 || true
empty "sigma fields: alerts with cfecs.match pass the independent ECS check" \
    "$sf/m.ecs"
rm -f "$sf/r"/*

# --- Regular expressions fail closed: a match limit or the record's
# time budget marks the event; the message takes the normal path.
rule redos.yml t-redos webserver <<'EOF'
  selection:
    c-useragent|re: '^(a|aa)+$'
  condition: selection
EOF
ua() {
	printf '{"RayID":"%s","EdgeStartTimestamp":1708213921123456789,' "$1"
	printf '"ClientIP":"192.0.2.1","ClientRequestHost":"a.test",'
	printf '"ClientRequestURI":"/","ClientRequestUserAgent":"%s"}\n' "$2"
}
aaa=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
{
	echo 'not json'
	ua evade "$aaa!"
	echo 'not json either'
	ua plain Mozilla
	ua hit aaaa
} > "$sf/re.ndjson"
cfecs -j 3 -d http_requests --rules "$sf/r" --stats "$sf/re.ndjson" \
    > "$sf/re.out" 2> "$sf/re.err" || true
jq -c 'select(.cloudflare.RayID == "evade") | [.tags, .error.type,
    .error.message, .event.kind]' "$sf/re.out" > "$sf/re.got"
echo '[["detection_incomplete"],"detection_incomplete","rule t-redos: regular expression match limit reached on c-useragent; rules not all evaluated, event tagged detection_incomplete","event"]' \
    > "$sf/re.want"
same "sigma fields: a value that hits the regex limit marks its event (tags, error.*)" \
    "$sf/re.want" "$sf/re.got"
jq -r 'select(.cloudflare.RayID != "evade") | .tags // "-"' "$sf/re.out" \
    > "$sf/re.others"
printf -- '-\n-\n' > "$sf/re.others.want"
same "sigma fields: other events are not marked" "$sf/re.others.want" \
    "$sf/re.others"
grep "^cfecs: $sf/re.ndjson:[0-9]*: " "$sf/re.err" | cut -d: -f3 > "$sf/re.order"
printf '1\n2\n3\n' > "$sf/re.order.want"
same "sigma fields: the regex warning comes in input order, with file and line" \
    "$sf/re.order.want" "$sf/re.order"
contains "sigma fields: --stats counts events not fully evaluated" \
    "$sf/re.err" "1 not fully evaluated"
contains "sigma fields: --stats counts regex limit hits" "$sf/re.err" \
    "rules: 1 regular expression limit hit, 0 not run"
cfecs -q -d http_requests --rules "$sf/r" "$sf/re.ndjson" > /dev/null \
    2> "$sf/re.q" || true
if grep -q "t-redos" "$sf/re.q"; then
	bad "sigma fields: -q silences the regex warning" "$(cat "$sf/re.q")"
else
	ok "sigma fields: -q silences the regex warning"
fi
cfecs -d http_requests --rules "$sf/r" --alerts "$sf/re.ndjson" 2> /dev/null |
    jq -r '.cloudflare.RayID' > "$sf/re.alerts" || true
printf 'evade\nhit\n' > "$sf/re.alerts.want"
same "sigma fields: --alerts keeps an event its rules could not all judge" \
    "$sf/re.alerts.want" "$sf/re.alerts"
# A file name with a newline is escaped in the message.
cp "$sf/re.ndjson" "$sf/re
nl.ndjson"
cfecs -d http_requests --rules "$sf/r" "$sf/re
nl.ndjson" 2>&1 > /dev/null | grep 't-redos' > "$sf/re.nl" || true
contains "sigma fields: the regex warning escapes the file name" "$sf/re.nl" \
    "re\\nnl.ndjson:2: rule t-redos"
rm -f "$sf/r"/*
# A thousand costly regexes: the record's budget stops them.
i=0
while [ $i -lt 1000 ]; do
	printf 'title: Heavy %d\nid: heavy-%d\nlevel: low\nlogsource:\n  category: webserver\ndetection:\n  selection:\n    c-useragent|re: '"'"'^(a|aa)+(x%d)?$'"'"'\n  condition: selection\n' \
	    $i $i $i > "$sf/r/h$i.yml"
	i=$((i + 1))
done
ua heavy "$aaa!" > "$sf/heavy.ndjson"
cfecs -j 1 -d http_requests --rules "$sf/r" --stats "$sf/heavy.ndjson" \
    > "$sf/heavy.out" 2> "$sf/heavy.err" || true
notrun=$(sed -n 's/.*limit hits*, \([0-9]*\) not run.*/\1/p' "$sf/heavy.err")
if [ "${notrun:-0}" -gt 0 ] && grep -q detection_incomplete "$sf/heavy.out"; then
	ok "sigma fields: the record's regex time budget stops a thousand costly regexes ($notrun not run)"
else
	bad "sigma fields: the record's regex time budget stops a thousand costly regexes" \
	    "$(tail -n 2 "$sf/heavy.err")"
fi
rm -f "$sf/r"/*

# --- Rule warnings take the normal message path: the name escaped, -q.
printf 'title: Odd\nid: odd\nlogsource:\n  category: webserver\ndetection:\n  sel:\n    c-uri|utf16le: x\n  condition: sel\n' \
    > "$sf/r/odd
name.yml"
cfecs --rules "$sf/r" /dev/null 2> "$sf/warn.err" || true
contains "sigma fields: a rule warning escapes the file name" "$sf/warn.err" \
    "r/odd\\nname.yml:7: 'Odd': unsupported modifier 'utf16le'; rule skipped"
cfecs -q --rules "$sf/r" /dev/null 2> "$sf/warn.q" || true
empty "sigma fields: -q silences rule warnings" "$sf/warn.q"
status_is "sigma fields: -q --strict still stops on a broken rule" 2 \
    cfecs -q --strict --rules "$sf/r" /dev/null
rm -f "$sf/r"/*

printf '203.0.113.9\nhttp://\n' > "$sf/io
c.txt"
cfecs --ioc "$sf/io
c.txt" /dev/null 2> "$sf/ioc.err" || true
contains "sigma fields: an indicator warning escapes the file name" \
    "$sf/ioc.err" "io\\nc.txt:2: not an indicator: http://"

# --- Rules on array-valued fields, against a brute-force evaluation
# over random records: a value matches when any element does; |all
# needs each value in some element; null is absent, null, [] or only
# empty strings; objects and arrays inside arrays are not values.
rule a-eq.yml a-eq webserver <<'EOF'
  selection:
    BotTags: 'ab'
  condition: selection
EOF
rule a-all.yml a-all webserver <<'EOF'
  selection:
    BotTags|contains|all:
      - 'x'
      - 'b'
  condition: selection
EOF
rule a-start.yml a-start webserver <<'EOF'
  selection:
    BotTags|startswith: 'xy'
  condition: selection
EOF
rule a-num.yml a-num webserver <<'EOF'
  selection:
    BotDetectionIDs: 42
  condition: selection
EOF
rule a-gt.yml a-gt webserver <<'EOF'
  selection:
    BotDetectionIDs|gt: 100
  condition: selection
EOF
rule a-null.yml a-null webserver <<'EOF'
  selection:
    BotTags: null
  condition: selection
EOF
rule a-not.yml a-not webserver <<'EOF'
  selection:
    BotDetectionIDs: 7
  filter:
    BotTags|endswith: 'b'
  condition: selection and not filter
EOF
python3 - "$sf/arr.ndjson" "$sf/arr.want" <<'EOF'
import json, random, sys
random.seed(7)
toks = ["ab", "AB", "xy", "xyb", "b", "x", "", "zab", "a b"]
out, want = open(sys.argv[1], "w"), open(sys.argv[2], "w")
def strs(v):
    return [e for e in v if isinstance(e, str)] if isinstance(v, list) else []
def nums(v):
    return [e for e in v if isinstance(e, int)] if isinstance(v, list) else []
for i in range(400):
    rec = {"RayID": "a%d" % i, "EdgeStartTimestamp": 1708213921123456789,
           "ClientIP": "192.0.2.1", "ClientRequestHost": "a.test",
           "ClientRequestURI": "/"}
    k = random.randrange(6)
    if k == 1:
        rec["BotTags"] = None
    elif k > 1:
        rec["BotTags"] = [random.choice(toks) for _ in range(random.randrange(5))]
        if random.random() < 0.2:
            rec["BotTags"].append(random.choice([{"v": "ab"}, ["ab"]]))
    if random.random() < 0.8:
        rec["BotDetectionIDs"] = [random.choice([7, 42, 100, 101, 4200])
                                  for _ in range(random.randrange(4))]
    t = [e.lower() for e in strs(rec.get("BotTags"))]
    n = nums(rec.get("BotDetectionIDs"))
    hits = []
    if "ab" in t: hits.append("a-eq")
    if any("x" in e for e in t) and any("b" in e for e in t): hits.append("a-all")
    if any(e.startswith("xy") for e in t): hits.append("a-start")
    if 42 in n: hits.append("a-num")
    if any(e > 100 for e in n): hits.append("a-gt")
    if not any(e != "" for e in t): hits.append("a-null")
    if 7 in n and not any(e.endswith("b") for e in t): hits.append("a-not")
    out.write(json.dumps(rec) + "\n")
    want.write("%s\t%s\n" % (rec["RayID"], ",".join(sorted(hits)) or "-"))
EOF
cfecs -d http_requests --rules "$sf/r" "$sf/arr.ndjson" > "$sf/arr.out"
alerts "$sf/arr.out" > "$sf/arr.got"
same "sigma fields: rules on array-valued fields agree with a brute-force evaluation (400 random records)" \
    "$sf/arr.want" "$sf/arr.got"
rm -f "$sf/r"/*

# --- The public SigmaHQ rules, when they are there.  SIGMA names a
# checkout of github.com/SigmaHQ/sigma or a bare clone of it; nothing of
# it is kept in this tree.  Absent: a "skipped" line, nothing counted.
SIGMA=${SIGMA:-}
sq="$sf/sigmahq"
sigmahq=
if [ -d "$SIGMA/rules/web" ]; then
	sigmahq=$SIGMA
elif [ -n "$SIGMA" ] && git -C "$SIGMA" rev-parse --verify -q HEAD > /dev/null 2>&1; then
	mkdir -p "$sq"
	if git -C "$SIGMA" archive HEAD rules/web rules/network/dns \
	    rules-emerging-threats 2> /dev/null | tar -x -C "$sq"; then
		sigmahq=$sq
	fi
fi
if [ -z "$SIGMA" ] || [ -z "$sigmahq" ] || ! python3 -c 'import yaml' 2> /dev/null; then
	echo "skipped: sigma fields: SigmaHQ rules (SIGMA=$SIGMA not found, or no python3 yaml)" >&2
else
	# Each web and proxy rule that names the URL gets a record built
	# from its own detection; the rule must fire on it.
	find "$sigmahq/rules/web" "$sigmahq/rules-emerging-threats" -name '*.yml' \
	    -exec grep -lE 'cs-uri|c-uri' {} + |
	    xargs grep -lE 'category: (webserver|proxy)' | sort > "$sf/hq.files"
	xargs python3 tests/sigma_records.py < "$sf/hq.files" > "$sf/hq.recs" \
	    2> /dev/null
	for ds in http_requests gateway_http; do
		awk -F'\t' -v d=$ds '$2 == d { print $1 }' "$sf/hq.recs"
	done > "$sf/hq.ids"
	for ds in http_requests gateway_http; do
		awk -F'\t' -v d=$ds '$2 == d { print $3 }' "$sf/hq.recs" |
		    cfecs -d $ds --rules "$sigmahq/rules/web" \
		    --rules "$sigmahq/rules-emerging-threats" 2> /dev/null |
		    jq -r '[.cloudflare.RayID, (.rule.id // "-" |
		    if type == "array" then join(",") else . end)] | @tsv'
	done > "$sf/hq.got"
	paste "$sf/hq.ids" "$sf/hq.got" | awk -F'\t' 'index($3, $1) == 0' \
	    > "$sf/hq.missed"
	if [ "$(wc -l < "$sf/hq.ids")" -ge 50 ] && [ ! -s "$sf/hq.missed" ]; then
		ok "sigma fields: SigmaHQ URL rules fire on records built from their own conditions ($(wc -l < "$sf/hq.ids") rules)"
	else
		bad "sigma fields: SigmaHQ URL rules fire on records built from their own conditions" \
		    "$(wc -l < "$sf/hq.ids") built, missed: $(head -c 600 "$sf/hq.missed")"
	fi
	for f in CVE-2021-43798/web_cve_2021_43798_grafana \
	    CVE-2021-41773/web_cve_2021_41773_apache_path_traversal \
	    CVE-2023-22518/web_exploit_cve_2023_22518_confluence_auth_bypass \
	    CVE-2023-22518/proxy_exploit_cve_2023_22518_confluence_auth_bypass \
	    CVE-2020-5902/web_cve_2020_5902_f5_bigip \
	    CVE-2021-42237/web_cve_2021_42237_sitecore_report_ashx \
	    CVE-2021-33766/web_cve_2021_33766_msexchange_proxytoken; do
		id=$(grep -h "/$f.yml" "$sf/hq.files" | xargs sed -n 's/^id: //p')
		if [ -n "$id" ] && grep -q "^$id" "$sf/hq.ids" &&
		    ! grep -q "^$id" "$sf/hq.missed"; then
			ok "sigma fields: SigmaHQ $f fires"
		else
			bad "sigma fields: SigmaHQ $f fires" "id '$id' not built or missed"
		fi
	done
	# A Grafana traversal as the issue's user saw it.
	web grafana '/public/plugins/alertlist/../../../../../../../../etc/passwd' |
	    cfecs -d http_requests --rules "$sigmahq/rules-emerging-threats" \
	    2> /dev/null | jq -r '.rule.name // "-"' > "$sf/hq.grafana"
	contains "sigma fields: SigmaHQ Grafana CVE-2021-43798 rule fires on a traversal" \
	    "$sf/hq.grafana" "CVE-2021-43798"
	# A TXT answer that runs PowerShell.
	gdns hq-txt TXT ',"ResourceRecordsJSON":"[{\"type\":\"TXT\",\"rdata\":\"\\\"IEX ((New-Object Net.WebClient).DownloadString(1))\\\"\"}]"' |
	    cfecs -d gateway_dns \
	    --rules "$sigmahq/rules/network/dns/net_dns_susp_txt_exec_strings.yml" |
	    jq -r '.rule.name // "-"' > "$sf/hq.txt"
	contains "sigma fields: SigmaHQ net_dns_susp_txt_exec_strings fires on an IEX TXT record" \
	    "$sf/hq.txt" "TXT"
	# proxy_ua_frameworks is not a web server rule.
	cfecs --rules "$sigmahq/rules/web/proxy_generic/proxy_ua_frameworks.yml" \
	    --list-rules | cut -f 4 > "$sf/hq.ua"
	printf 'gateway_http\n' > "$sf/hq.ua.want"
	same "sigma fields: SigmaHQ proxy_ua_frameworks covers gateway_http only" \
	    "$sf/hq.ua.want" "$sf/hq.ua"
fi
