# Enrichment: the domain split, the user agent, network.community_id,
# --no-enrich and --ua-regexes.  Sourced by tests/run.sh.

E=$T/enrich
mkdir -p "$E"

# jq paths of every field enrichment adds (from --print-fields enrich).
$CFECS --print-fields enrich > "$E/fields" 2> "$E/fields.err"
contains "--print-fields enrich: registered domain" "$E/fields" "url.registered_domain"
contains "--print-fields enrich: community id" "$E/fields" "network.community_id"
contains "--print-fields enrich: user agent" "$E/fields" "user_agent.device.name"
missing=
for f in $(tr ',' ' ' < "$E/fields"); do
	grep -q "^$f	" tests/ecs_fields.tsv || missing="$missing $f"
done
if [ -z "$missing" ]; then ok "enrichment fields are ECS fields"
else bad "enrichment fields are ECS fields" "not in ECS:$missing"; fi
delpaths=$(tr ',' '\n' < "$E/fields" | sed 's/^/./' | paste -sd, -)

# -- --no-enrich: the conversion as it was, byte for byte --
for g in tests/golden/no-enrich/*.ecs.ndjson; do
	b=$(basename "$g" .ecs.ndjson)
	$CFECS --no-provenance --no-enrich "samples/$b.ndjson" > "$E/$b.plain" 2>&1 || true
	same "--no-enrich: $b as before" "$E/$b.plain" "$g"
done
# Every sample: enrichment only adds its own fields.
for s in samples/*.ndjson; do
	b=$(basename "$s" .ndjson)
	$CFECS --no-enrich "$s" > "$E/plain" 2>/dev/null || true
	$CFECS "$s" > "$E/rich" 2>/dev/null || true
	prune='walk(if type == "object" then with_entries(select(.value != {})) else . end)'
	jq -c "del($delpaths) | $prune" "$E/plain" > "$E/plain.j"
	jq -c "del($delpaths) | $prune" "$E/rich" > "$E/rich.j"
	same "enrichment adds only its fields: $b" "$E/plain.j" "$E/rich.j"
done
# Fields only enrichment writes (a record may carry its own agent parse).
cat samples/*.ndjson | $CFECS --no-enrich > "$E/plain"
tr ',' '\n' < "$E/fields" |
    grep -v '^user_agent\.\(name\|version\|os\.name\|os\.version\)$' > "$E/only"
jq -r 'paths(scalars) | map(tostring) | join(".")' "$E/plain" |
    grep -Fx -f "$E/only" > "$E/found" || true
empty "--no-enrich adds nothing" "$E/found"
status_is "--no-enrich ignores --ua-regexes" 0 sh -c \
    "printf '{\"RayID\":\"1\"}\n' | $EXEC_PREFIX $CFECS_BIN --no-enrich --ua-regexes /nonexistent"

# -- domain split --
# http NAME: url.* of an http_requests record for host NAME
http() {
	printf '{"ClientRequestHost":"%s","RayID":"1","EdgeStartTimestamp":1}\n' "$1" |
	    $CFECS --no-passthrough | jq -c '.url | del(.original)'
}
http 'WWW.Example.CO.UK' > "$E/d"
contains "split keeps the case" "$E/d" '"registered_domain":"Example.CO.UK","top_level_domain":"CO.UK","subdomain":"WWW"'
http 'foO-BAR-baz.xYz' > "$E/d"
contains "registered domain is the whole name" "$E/d" '{"domain":"foO-BAR-baz.xYz","registered_domain":"foO-BAR-baz.xYz","top_level_domain":"xYz"}'
http 'a.b.c.example.com' > "$E/d"
contains "deep subdomain" "$E/d" '"registered_domain":"example.com","top_level_domain":"com","subdomain":"a.b.c"'
http 'user.github.io' > "$E/d"
contains "private suffix (github.io)" "$E/d" '"registered_domain":"user.github.io","top_level_domain":"github.io"'
http 'www.example.com.' > "$E/d"
contains "trailing dot" "$E/d" '"registered_domain":"example.com","top_level_domain":"com","subdomain":"www"'
for h in 192.0.2.1 2001:db8::1 localhost co.uk com '' .example.com 'a..example.com' 'bad host.example.com'; do
	http "$h" > "$E/d"
	if grep -q 'registered_domain\|top_level_domain\|subdomain' "$E/d"; then
		bad "no split for '$h'" "$(cat "$E/d")"
	else
		ok "no split for '$h'"
	fi
done
printf '%s\n' '{"Timestamp":"2024-01-01T00:00:00Z","QueryName":"Mail.Example.ORG.","QueryType":1,"ResponseCode":0,"ColoCode":"FRA","EDNSSubnet":"","SourceIP":"192.0.2.1"}' |
    $CFECS -d dns_logs > "$E/d"
contains "dns.question.name split, dot removed" "$E/d" '"question":{"name":"Mail.Example.ORG","registered_domain":"Example.ORG","top_level_domain":"ORG","subdomain":"Mail"'
printf '%s\n' '{"Datetime":"2024-01-01T00:00:00Z","HTTPHost":"dl.example.net","SourceIP":"192.0.2.1","URL":"https://dl.example.net/x"}' |
    $CFECS -d gateway_http > "$E/d"
contains "destination.domain split" "$E/d" '"domain":"dl.example.net","registered_domain":"example.net","top_level_domain":"net","subdomain":"dl"'

# -- user agent --
# ua AGENT [ARGS]: user_agent.* of an http_requests record
ua() {
	_a=$1
	shift
	printf '{"ClientRequestUserAgent":"%s","RayID":"1","EdgeStartTimestamp":1}\n' "$_a" |
	    $CFECS --no-passthrough "$@" | jq -c '.user_agent | del(.original)'
}
ua 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36' > "$E/u"
contains "Chrome on Windows" "$E/u" '{"name":"Chrome","version":"124.0.0.0","os":{"name":"Windows","version":"10","full":"Windows 10"},"device":{"name":"Other"}}'
ua 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1' > "$E/u"
contains "Safari on an iPhone" "$E/u" '{"name":"Mobile Safari","version":"17.4.1","os":{"name":"iOS","version":"17.4.1","full":"iOS 17.4.1"},"device":{"name":"iPhone"}}'
ua 'Googlebot/2.1 (+http://www.google.com/bot.html)' > "$E/u"
contains "a crawler is a Spider" "$E/u" '"device":{"name":"Spider"}'
ua 'xyzzy' > "$E/u"
contains "no match: Other, as Elasticsearch writes" "$E/u" '{"name":"Other","device":{"name":"Other"}}'
# A record's own browser and OS (Turnstile) win; the device is added.
printf '%s\n' '{"Datetime":"2024-01-01T00:00:00Z","UserAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36","BrowserName":"Edge","BrowserMajor":"99","OSName":"Windows","OSMajor":"11","Hostname":"www.example.com","SiteKey":"k"}' |
    $CFECS -d turnstile_events --no-passthrough | jq -c '.user_agent | del(.original)' > "$E/u"
contains "the record's own parse wins" "$E/u" '{"name":"Edge","version":"99","os":{"name":"Windows","version":"11"},"device":{"name":"Other"}}'
# A long agent is parsed on its first KiB and does not take long.
long=$(head -c 200000 /dev/zero | tr '\0' 'a')
ua "curl/8.5.0 $long" > "$E/u"
contains "a 200 KB agent" "$E/u" '"name":"curl","version":"8.5.0"'
ua "$long" > "$E/u"
contains "a 200 KB agent without a match" "$E/u" '"name":"Other"'

# --ua-regexes: another file, replacement templates, the i flag
cat > "$E/regexes.yaml" <<'EOF'
user_agent_parsers:
  - regex: '(Foo)Bot/(\d+)\.(\d+)'
    family_replacement: 'The $1 crawler'
  - regex: 'Thing/(\d+)'
    family_replacement: 'Thing'
    v1_replacement: '$1'
    v2_replacement: 'x'
os_parsers:
  - regex: '(FooOS) (\d+)_(\d+)'
    os_replacement: '  FooOS  '
device_parsers:
  - regex: 'gadget-(\w+)'
    regex_flag: 'i'
    device_replacement: 'Gadget $1'
EOF
ua 'FooBot/3.14 FooOS 9_1 GADGET-zz' --ua-regexes "$E/regexes.yaml" > "$E/u"
contains "--ua-regexes: templates, trimming, i flag" "$E/u" '{"name":"The Foo crawler","version":"3.14","os":{"name":"FooOS","version":"9.1","full":"FooOS 9.1"},"device":{"name":"Gadget zz"}}'
ua 'Thing/7' --ua-regexes "$E/regexes.yaml" > "$E/u"
contains "--ua-regexes: version templates" "$E/u" '{"name":"Thing","version":"7.x","device":{"name":"Other"}}'
ua 'Mozilla/5.0 (Windows NT 10.0) Chrome/124.0.0.0' --ua-regexes "$E/regexes.yaml" > "$E/u"
contains "--ua-regexes replaces the system file" "$E/u" '{"name":"Other","device":{"name":"Other"}}'

# A file that cannot be used: exit 2, a message naming it, no output.
printf 'user_agent_parsers:\n  - regex: [\n' > "$E/broken.yaml"
printf 'os_parsers:\n  - regex: ok\n  - regex: "(x"\n' > "$E/badre.yaml"
printf 'hello\n' > "$E/scalar.yaml"
for f in "$E/nonexistent.yaml" "$E/broken.yaml" "$E/badre.yaml" "$E/scalar.yaml" "$E"; do
	status_is "--ua-regexes $(basename "$f"): exit 2" 2 sh -c \
	    "printf '{\"RayID\":\"1\"}\n' | $EXEC_PREFIX $CFECS_BIN --ua-regexes '$f'"
	contains "--ua-regexes $(basename "$f"): named" "$T/.status.err" "cfecs: $f"
	empty "--ua-regexes $(basename "$f"): no output" "$T/.status.out"
done
printf '{"RayID":"1"}\n' | $CFECS --ua-regexes "$E/badre.yaml" > /dev/null 2> "$E/err" || true
contains "bad regex: file and line" "$E/err" "badre.yaml:3: invalid regex"

# The cache: more distinct agents than it keeps, same answers as one by one.
awk 'BEGIN { for (i = 0; i < 5000; i++)
	printf "{\"ClientRequestUserAgent\":\"FooBot/%d.%d\",\"RayID\":\"%d\",\"EdgeStartTimestamp\":1}\n", i % 3000, i, i }' > "$E/many.ndjson"
$CFECS -j 1 --no-passthrough --ua-regexes "$E/regexes.yaml" "$E/many.ndjson" > "$E/many.1"
$CFECS -j 3 --no-passthrough --ua-regexes "$E/regexes.yaml" "$E/many.ndjson" > "$E/many.3"
same "the cache: -j 1 and -j 3 agree" "$E/many.1" "$E/many.3"
jq -r 'select(.user_agent.version != (.user_agent.original | sub("FooBot/"; ""))) | .event.id' "$E/many.1" > "$E/wrong"
empty "the cache: every agent's own version" "$E/wrong"
n=$(wc -l < "$E/many.1")
[ "$n" -eq 5000 ] && ok "the cache: every record" || bad "the cache: every record" "$n lines"

# uap-core's own test cases (agent and OS), where Python's yaml is there.
if [ -f /usr/share/uap-core/tests/test_ua.yaml ] &&
    python3 -c 'import yaml' 2>/dev/null; then
	for which in ua os; do
		python3 - "$which" > "$E/uap.$which.in" <<'EOF'
import json, sys, yaml
which = sys.argv[1]
for c in yaml.safe_load(open('/usr/share/uap-core/tests/test_%s.yaml' % which))['test_cases']:
    # uap-core's own harness ignores an agent's patch_minor
    keys = ('major', 'minor', 'patch') if which == 'ua' else \
        ('major', 'minor', 'patch', 'patch_minor')
    parts = [c.get(k) for k in keys]
    v = []
    for p in parts:
        if p is None or p == '':
            break
        v.append(str(p))
    print(json.dumps({"ClientRequestUserAgent": c['user_agent_string'],
        "RayID": "1", "EdgeStartTimestamp": 1,
        "want": [c['family'], '.'.join(v) if v else None]}))
EOF
		$CFECS -j 1 "$E/uap.$which.in" > "$E/uap.$which.out"
		if [ "$which" = ua ]; then
			got='[.user_agent.name, .user_agent.version]'
		else
			got='[(.user_agent.os.name // "Other"), .user_agent.os.version]'
		fi
		# uap-core's agent tests stop at the patch; the version may go on.
		jq -c "select($got as \$g | .cloudflare.want as \$w |
		    \$g[0] != \$w[0] or (\$g[1] != \$w[1] and
		    ((\$g[1] // \"\") | startswith((\$w[1] // \"-\") + \".\") | not)))
		    | [.user_agent.original, $got, .cloudflare.want]" \
		    "$E/uap.$which.out" > "$E/uap.$which.bad"
		empty "uap-core test_$which.yaml: every case" "$E/uap.$which.bad"
	done
fi

# -- community ID --
printf '%s\n' '{"Datetime":"2024-01-01T00:00:00Z","SourceIP":"1.2.3.4","SourcePort":1122,"DestinationIP":"5.6.7.8","DestinationPort":3344,"TransportProtocol":"tcp","Action":"allow","SessionID":"s"}' |
    $CFECS -d gateway_network > "$E/c"
contains "community id: gateway_network (spec vector)" "$E/c" '"community_id":"1:wCb3OG7yAFWelaUydu0D+125CLM="'
printf '%s\n' '{"Datetime":1704067200000000000,"IPSourceAddress":"5.6.7.8","IPDestinationAddress":"1.2.3.4","IPProtocol":1,"ICMPType":0,"ICMPCode":0,"SourcePort":0,"DestinationPort":0,"ColoCode":"FRA"}' |
    $CFECS -d network_analytics_logs > "$E/c"
contains "community id: ICMP echo reply (spec vector)" "$E/c" '"community_id":"1:crodRHL2FEsHjbv3UkRrfbs4bZ0="'
printf '%s\n' '{"Datetime":1704067200000000000,"IPSourceAddress":"1.2.3.4","IPDestinationAddress":"5.6.7.8","IPProtocol":1,"ColoCode":"FRA"}' |
    $CFECS -d network_analytics_logs > "$E/c"
if grep -q community_id "$E/c"; then bad "community id: ICMP without type" "$(cat "$E/c")"
else ok "community id: ICMP without type"; fi
printf '%s\n' '{"Datetime":1704067200000000000,"IPSourceAddress":"1.2.3.4","IPDestinationAddress":"5.6.7.8","IPProtocol":46,"ColoCode":"FRA"}' |
    $CFECS -d network_analytics_logs > "$E/c"
contains "community id: a protocol without ports (spec vector)" "$E/c" '"community_id":"1:ikv3kmf89luf73WPz1jOs49S768="'
printf '%s\n' '{"Datetime":"2024-01-01T00:00:00Z","SourceIP":"1.2.3.4","DestinationIP":"5.6.7.8","DestinationPort":3344,"TransportProtocol":"tcp"}' |
    $CFECS -d gateway_network > "$E/c"
if grep -q community_id "$E/c"; then bad "community id: TCP needs both ports" "$(cat "$E/c")"
else ok "community id: TCP needs both ports"; fi
printf '%s\n' '{"Timestamp":"2024-01-01T00:00:00Z","ClientIP":"5.6.7.8","ClientPort":3344,"OriginIP":"1.2.3.4","OriginPort":1122,"ClientProto":"udp","Event":"disconnect","ColoCode":"FRA"}' |
    $CFECS -d spectrum_events > "$E/c"
contains "community id: spectrum_events, the other way (spec vector)" "$E/c" '"community_id":"1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg="'

# -- --check validates the enriched events --
status_is "--check: enriched samples are valid ECS" 0 $CFECS --check samples/
contains "--check: ok" "$T/.status.err" ": ok"

# -- the options are documented --
$CFECS --help > "$E/help.out"
for o in no-enrich ua-regexes; do
	contains "--$o in --help" "$E/help.out" "--$o"
	contains "--$o in the man page" man/cfecs.1 "$o"
	contains "--$o in README" README.md "--$o"
	contains "--$o in bash completion" completions/cfecs.bash "--$o"
	contains "--$o in zsh completion" completions/_cfecs "--$o"
done
contains "man page: ENRICHMENT" man/cfecs.1 ".Sh ENRICHMENT"
