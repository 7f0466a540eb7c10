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
