# Indicators of compromise (--ioc): plain lists and STIX 2.1 bundles,
# matches and near misses in several datasets, threat.enrichments, bad
# files, counts, -j.  Sourced by run.sh.

io="$T/ioc"
mkdir -p "$io"

# one_rec DATASET JQ-EXPR: the first sample record of DATASET, changed.
one_rec() {
	head -n 1 "samples/$1.ndjson" | jq -c "$2"
}

# enrich FILE: one line per event: "field atomic name" of each match,
# or "-" for an event without any.
enrich() {
	jq -r 'if .threat.enrichments then [.threat.enrichments[] |
	    "\(.matched.field) \(.matched.atomic) \(.indicator.name)"] |
	    join(";") else "-" end' "$1"
}

# -- a plain list: comments, blank lines, defanged values, bad lines --
cat > "$io/list.txt" <<'EOF'
# indicators, one a line
203.0.113.32/28
10.0.0.0/8
10.1.0.0/16		# inside the /8: both match
2001:DB8:0:0::7
2001:db8:f00::/40

evil.example
EVIL.example.	# the same domain again: loaded once
hxxps://www.example[.]com/login?next=%2fhome
cdn.example.net/js/skimmer-lib.min.js
20627CDCA2DCA78F914233877D8CD6349E877C16A19AE059B373193A7F26C2A6
this is not an indicator
300.1.2.3
EOF
{
	one_rec http_requests '.ClientIP = "203.0.113.47"'
	one_rec http_requests '.ClientIP = "203.0.113.48"'
	one_rec http_requests '.ClientIP = "10.1.2.3"'
	one_rec http_requests '.ClientIP = "10.2.0.1"'
	one_rec http_requests '.ClientIP = "2001:db8::7"'
	one_rec http_requests '.ClientIP = "2001:db8:f00:1::9"'
	one_rec http_requests '.ClientIP = "2001:db8:1000::9"'
	one_rec http_requests '.ClientRequestHost = "a.b.Evil.Example"'
	one_rec http_requests '.ClientRequestHost = "notevil.example"'
	one_rec http_requests '.ClientRequestHost = "evil.example.net"'
	one_rec http_requests '.ClientRequestURI = "/login?next=%2Fhome"'
	one_rec http_requests '.ClientRequestURI = "/login?next=/home"'
	one_rec http_requests '.ClientRequestURI = "/login?next=%2Fhome" | .ClientRequestScheme = "http"'
	one_rec http_requests '.ClientRequestHost = "cdn.example.net" | .ClientRequestURI = "/js/skimmer-lib.min.js" | .ClientRequestScheme = "http"'
	one_rec http_requests '.ClientRequestHost = "cdn.example.net" | .ClientRequestURI = "/js/skimmer-lib.min.js?v=2"'
} > "$io/http.ndjson"
$CFECS --stats --ioc "$io/list.txt" "$io/http.ndjson" > "$io/http.out" 2> "$io/http.err"
contains "ioc: a bad line is named with its line" "$io/http.err" \
    "cfecs: $io/list.txt:13: not an indicator: this is not an indicator"
contains "ioc: an address out of range is a bad line" "$io/http.err" \
    "cfecs: $io/list.txt:14: not an indicator: 300.1.2.3"
contains "ioc: --stats counts loaded and skipped" "$io/http.err" \
    "cfecs: ioc: 10 indicators loaded whole, 0 in part, 2 skipped (9 values), 8 events matched"
enrich "$io/http.out" > "$io/http.got"
cat > "$io/http.want" <<'EOF'
source.ip 203.0.113.47 203.0.113.32/28
-
source.ip 10.1.2.3 10.0.0.0/8;source.ip 10.1.2.3 10.1.0.0/16
source.ip 10.2.0.1 10.0.0.0/8
source.ip 2001:db8::7 2001:db8::7
source.ip 2001:db8:f00:1::9 2001:db8:f00::/40
-
url.domain a.b.Evil.Example evil.example
-
-
url.full https://www.example.com/login?next=%2Fhome https://www.example.com/login?next=%2Fhome
-
-
url.full http://cdn.example.net/js/skimmer-lib.min.js cdn.example.net/js/skimmer-lib.min.js
-
EOF
same "ioc: matches and near misses (CIDR edge, parent domain, URL)" \
    "$io/http.got" "$io/http.want"
sed -n 1p "$io/http.out" > "$io/first"
contains "ioc: a match makes an alert" "$io/first" '"event":{"kind":"alert"'
contains "ioc: the enrichment object" "$io/first" \
    '"threat":{"enrichments":[{"indicator":{"name":"203.0.113.32/28","type":"ipv4-addr"},"matched":{"atomic":"203.0.113.47","field":"source.ip","type":"indicator_match_rule"}}]}'
sed -n 5p "$io/http.out" > "$io/v6"
contains "ioc: an IPv6 address indicator in indicator.ip" "$io/v6" \
    '"indicator":{"ip":"2001:db8::7","name":"2001:db8::7","type":"ipv6-addr"}'
sed -n 8p "$io/http.out" > "$io/dom"
contains "ioc: a domain indicator in indicator.url.domain" "$io/dom" \
    '"indicator":{"url":{"domain":"evil.example"},"name":"evil.example","type":"domain-name"}'
sed -n 11p "$io/http.out" > "$io/url"
contains "ioc: a URL match writes the URL it was put together as" "$io/url" \
    '"url":{"original":"/login?next=%2Fhome","full":"https://www.example.com/login?next=%2Fhome",'

# URL normalisation: case of scheme and host, user info, default port,
# trailing dot, fragment, escapes of unreserved characters; not the path's
# case, not another port.
printf '%s\n' 'HTTPS://user@WWW.Example.COM.:443/%7euser/A%2fb?q=1#top' > "$io/url.txt"
{
	one_rec http_requests '.ClientRequestURI = "/~user/A%2Fb?q=1"'
	one_rec http_requests '.ClientRequestURI = "/%7Euser/A%2fb?q=1"'
	one_rec http_requests '.ClientRequestURI = "/~user/a%2Fb?q=1"'
	one_rec http_requests '.ClientRequestURI = "/~user/A/b?q=1"'
	one_rec http_requests '.ClientRequestURI = "/~user/A%2Fb?q=1" | .ClientRequestHost = "www.example.com:8443"'
} > "$io/url.ndjson"
$CFECS --ioc "$io/url.txt" "$io/url.ndjson" | jq -r '.threat.enrichments[0].indicator.url.full // "-"' > "$io/url.got"
printf '%s\n' https://www.example.com/~user/A%2Fb?q=1 https://www.example.com/~user/A%2Fb?q=1 - - - > "$io/url.want"
same "ioc: URLs compared normalised" "$io/url.got" "$io/url.want"
# A stray '%' stays a '%' (as %25): it does not make a new escape with
# what follows, and the indicator's own form finds it again.
printf '%s\n' 'https://www.example.com/p%%41d8' > "$io/pct.txt"
{
	one_rec http_requests '.ClientRequestURI = "/p%%41d8"'
	one_rec http_requests '.ClientRequestURI = "/p%25Ad8"'
	one_rec http_requests '.ClientRequestURI = "/p%Ad8"'
} > "$io/pct.ndjson"
$CFECS --ioc "$io/pct.txt" "$io/pct.ndjson" | jq -r '.threat.enrichments[0].indicator.url.full // "-"' > "$io/pct.got"
printf '%s\n' 'https://www.example.com/p%25Ad8' 'https://www.example.com/p%25Ad8' - > "$io/pct.want"
same "ioc: a stray percent sign is not a new escape" "$io/pct.got" "$io/pct.want"

# An event that matches nothing is what it is without --ioc, byte for byte.
$CFECS "$io/http.ndjson" > "$io/http.plain"
awk 'NR == FNR { plain[FNR] = $0; next }
    index($0, "\"enrichments\"") == 0 && $0 != plain[FNR] { bad = 1 }
    END { exit bad }' "$io/http.plain" "$io/http.out" &&
    ok "ioc: events without a match are unchanged" ||
    bad "ioc: events without a match are unchanged" "see $io/http.out"
printf '192.0.2.255\nnothing.invalid\n' > "$io/none.txt"
$CFECS --ioc "$io/none.txt" -r samples > "$io/none.out"
$CFECS -r samples > "$io/plain.out"
same "ioc: no match anywhere: output unchanged" "$io/none.out" "$io/plain.out"

# -- other datasets: DNS names, resolved addresses, hashes, raw IP fields --
cat > "$io/multi.txt" <<'EOF'
www.example.com
203.0.113.11
192.0.2.53
198.51.100.31
203.0.113.66
https://downloads.example.net/tools/setup.exe
20627cdca2dca78f914233877d8cd6349e877c16a19ae059b373193a7f26c2a6
EOF
for d in dns_logs gateway_dns firewall_events network_analytics_logs gateway_http; do
	head -n 1 "samples/$d.ndjson"
done > "$io/multi.ndjson"
$CFECS --ioc "$io/multi.txt" "$io/multi.ndjson" > "$io/multi.out"
enrich "$io/multi.out" > "$io/multi.got"
cat > "$io/multi.want" <<'EOF'
dns.question.name www.example.com www.example.com
dns.resolved_ip 203.0.113.11 203.0.113.11;related.ip 192.0.2.53 192.0.2.53;dns.question.name www.example.com www.example.com
source.ip 198.51.100.31 198.51.100.31;url.domain www.example.com www.example.com
source.ip 203.0.113.66 203.0.113.66
url.full https://downloads.example.net/tools/setup.exe https://downloads.example.net/tools/setup.exe;file.hash.sha256 20627cdca2dca78f914233877d8cd6349e877c16a19ae059b373193a7f26c2a6 20627cdca2dca78f914233877d8cd6349e877c16a19ae059b373193a7f26c2a6
EOF
same "ioc: matches in dns_logs, gateway_dns, firewall_events, network_analytics_logs, gateway_http" \
    "$io/multi.got" "$io/multi.want"
# A Logpush address field with no ECS place is matched as cloudflare.*.
one_rec audit_logs '.ActorIP = "::ffff:192.0.2.200"' > "$io/raw.ndjson"
printf '192.0.2.200\n' > "$io/raw.txt"
$CFECS --ioc "$io/raw.txt" "$io/raw.ndjson" > "$io/raw.out"
contains "ioc: an IPv4-mapped IPv6 address matches the IPv4 indicator" \
    "$io/raw.out" '"atomic":"::ffff:192.0.2.200"'
status_is "ioc: --check accepts threat.enrichments" 0 \
    $CFECS --check --ioc "$io/multi.txt" --ioc "$io/list.txt" -r samples "$io/http.ndjson"

# -- STIX 2.1 bundle: OR, ISSUBSET, hashes; what cannot be used is counted --
cat > "$io/bundle.json" <<'EOF'
{"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", "objects": [
 {"type": "identity", "spec_version": "2.1", "id": "identity--b1", "name": "feed"},
 {"type": "indicator", "spec_version": "2.1", "id": "indicator--0001",
  "name": "C2 \"node\" é", "description": "Seen\tbeaconing\\n",
  "pattern_type": "stix", "valid_from": "2024-01-01T00:00:00Z",
  "pattern": "[ipv4-addr:value = '192.0.2.44'] OR [domain-name:value = 'shop.example.com']"},
 {"type": "indicator", "spec_version": "2.1", "id": "indicator--0002",
  "pattern_type": "stix", "valid_from": "2024-01-01T00:00:00Z",
  "pattern": "([ipv4-addr:value ISSUBSET '198.51.100.0/30' OR ipv6-addr:value = '2001:db8::99'])"},
 {"type": "indicator", "spec_version": "2.1", "id": "indicator--0003",
  "pattern_type": "stix", "valid_from": "2024-01-01T00:00:00Z",
  "pattern": "[file:hashes.'SHA-256' = '20627cdca2dca78f914233877d8cd6349e877c16a19ae059b373193a7f26c2a6' OR file:hashes.MD5 = 'CD08E31494F9531F560D64C695473DA9']"},
 {"type": "indicator", "spec_version": "2.1", "id": "indicator--0004",
  "pattern_type": "stix", "valid_from": "2024-01-01T00:00:00Z",
  "pattern": "[url:value = 'http://login.example.net/session']"},
 {"type": "indicator", "id": "indicator--bad1", "pattern_type": "stix",
  "pattern": "[ipv4-addr:value = '192.0.2.1'] AND [email-addr:value = 'a@example.com']"},
 {"type": "indicator", "id": "indicator--bad2", "pattern_type": "stix",
  "pattern": "[ipv4-addr:value = '192.0.2.1'] FOLLOWEDBY [ipv4-addr:value = '192.0.2.2']"},
 {"type": "indicator", "id": "indicator--bad3", "pattern_type": "stix",
  "pattern": "[email-addr:value = 'a@example.com']"},
 {"type": "indicator", "id": "indicator--bad4", "pattern_type": "snort",
  "pattern": "alert tcp any any -> any any"},
 {"type": "indicator", "id": "indicator--bad5", "pattern_type": "stix",
  "pattern": "[ipv4-addr:value = '192.0.2.1'] WITHIN 60 SECONDS"},
 {"type": "indicator", "id": "indicator--bad6", "pattern_type": "stix",
  "pattern": "[ipv4-addr:value = 'example.com']"},
 {"type": "indicator", "id": "indicator--part7", "pattern_type": "stix",
  "pattern": "[ipv4-addr:value = '192.0.2.9' OR url:value LIKE 'http://%']"},
 {"type": "indicator", "id": "indicator--bad8", "pattern_type": "stix",
  "pattern": "[domain-name:value ISSUBSET 'example.org']"},
 {"type": "indicator", "id": "indicator--bad9", "pattern_type": "stix",
  "pattern": "[ipv4-addr:value = '192.0.2.1'"}
]}
EOF
$CFECS --stats --ioc "$io/bundle.json" -r samples > "$io/stix.out" 2> "$io/stix.err"
contains "stix: --stats counts" "$io/stix.err" \
    "cfecs: ioc: 4 indicators loaded whole, 1 in part, 8 skipped (8 values),"
contains "stix: an AND with a term we cannot test is skipped and said" "$io/stix.err" \
    "cfecs: $io/bundle.json: indicator skipped: its pattern compares an object or property we do not match: indicator--bad1"
contains "stix: FOLLOWEDBY is skipped" "$io/stix.err" "its pattern uses FOLLOWEDBY: indicator--bad2"
contains "stix: another object is skipped" "$io/stix.err" \
    "its pattern compares an object or property we do not match: indicator--bad3"
contains "stix: another pattern language is skipped" "$io/stix.err" \
    "pattern_type is not stix: indicator--bad4"
contains "stix: a qualifier is skipped" "$io/stix.err" "has a qualifier (WITHIN): indicator--bad5"
contains "stix: a value of the wrong type is skipped" "$io/stix.err" \
    "has a value that is not of its type: indicator--bad6"
contains "stix: one bad comparison in an OR leaves the rest loaded, and is said" "$io/stix.err" \
    "cfecs: $io/bundle.json: indicator loaded in part (1 of 2 alternatives): its pattern uses LIKE: indicator--part7"
contains "stix: an unfinished pattern is skipped" "$io/stix.err" "indicator--bad9"
{
	one_rec http_requests '.ClientIP = "192.0.2.9" | del(.JA3Hash)'
	one_rec http_requests '.ClientIP = "192.0.2.1" | del(.JA3Hash)'
} > "$io/part.ndjson"
$CFECS --ioc "$io/bundle.json" "$io/part.ndjson" 2> /dev/null |
    jq -r '[.threat.enrichments[]?.matched.id] | join(",") | if . == "" then "-" else . end' > "$io/part.got"
printf '%s\n' indicator--part7 - > "$io/part.want"
same "stix: the supported alternative of an OR matches; nothing of a skipped indicator does" \
    "$io/part.got" "$io/part.want"
if jq -e -s '[.[] | select(.threat) | .threat.enrichments[] |
    select(.matched.id == "indicator--0001")] | length > 0 and
    all(.[]; .indicator.name == "C2 \"node\" é" and
    .indicator.description == "Seen\tbeaconing\\n")' "$io/stix.out" > /dev/null; then
	ok "stix: name and description escaped in the output"
else
	bad "stix: name and description escaped in the output" "$(grep -m 1 indicator--0001 "$io/stix.out" | head -c 400)"
fi
jq -c -s '[.[] | select(.threat) | .threat.enrichments[] |
    [.matched.id, .matched.field, .indicator.type]] | unique | .[]' \
    "$io/stix.out" > "$io/stix.got"
for want in '["indicator--0001","source.ip","ipv4-addr"]' \
    '["indicator--0001","url.domain","domain-name"]' \
    '["indicator--0002","source.ip","ipv4-addr"]' \
    '["indicator--0003","file.hash.sha256","file"]' \
    '["indicator--0003","related.hash","file"]' \
    '["indicator--0004","url.full","url"]'; do
	contains "stix: a match $want" "$io/stix.got" "$want"
done
{
	one_rec http_requests '.ClientIP = "198.51.100.3" | del(.JA3Hash)'
	one_rec http_requests '.ClientIP = "198.51.100.4" | del(.JA3Hash)'
} > "$io/subset.ndjson"
$CFECS --ioc "$io/bundle.json" "$io/subset.ndjson" 2> /dev/null | enrich - > "$io/subset.got"
printf '%s\n' 'source.ip 198.51.100.3 198.51.100.0/30' - > "$io/subset.want"
same "stix: ISSUBSET: the last address in, the next one out" "$io/subset.got" "$io/subset.want"
grep -m 1 '"indicator--0003"' "$io/stix.out" > "$io/hash.line"
contains "stix: file hash in indicator.file.hash" "$io/hash.line" \
    '"file":{"hash":{"sha256":"20627cdca2dca78f914233877d8cd6349e877c16a19ae059b373193a7f26c2a6"}}'

# -- validity: the window against the event's own @timestamp, to the ns --
# valid_from is inside the window, valid_until is not (from then on the
# indicator is no longer valid); an event without a time is compared with
# every indicator.
cat > "$io/valid.json" <<'EOF'
{"type": "bundle", "objects": [
 {"type": "indicator", "id": "indicator--window", "pattern_type": "stix",
  "valid_from": "2024-02-17T23:52:01.000000100Z",
  "valid_until": "2024-02-17T23:52:01.000000200Z",
  "pattern": "[ipv4-addr:value = '198.51.100.7']"},
 {"type": "indicator", "id": "indicator--open", "pattern_type": "stix",
  "valid_from": "2024-02-17T23:52:01.00000015Z",
  "pattern": "[ipv4-addr:value = '198.51.100.7']"},
 {"type": "indicator", "id": "indicator--revoked", "pattern_type": "stix",
  "revoked": true, "valid_from": "2020-01-01T00:00:00Z",
  "pattern": "[ipv4-addr:value = '198.51.100.7']"},
 {"type": "indicator", "id": "indicator--backwards", "pattern_type": "stix",
  "valid_from": "2024-01-02T00:00:00Z", "valid_until": "2024-01-02T00:00:00Z",
  "pattern": "[ipv4-addr:value = '198.51.100.7']"},
 {"type": "indicator", "id": "indicator--badtime", "pattern_type": "stix",
  "valid_from": "yesterday", "pattern": "[ipv4-addr:value = '198.51.100.7']"}
]}
EOF
for ts in 1708213921000000099 1708213921000000100 1708213921000000149 \
    1708213921000000150 1708213921000000199 1708213921000000200; do
	# jq holds numbers as doubles: the exact digits go in with sed
	one_rec http_requests '.ClientIP = "198.51.100.7" | del(.JA3Hash) |
	    .EdgeStartTimestamp = "TS"' | sed "s/\"TS\"/$ts/"
done > "$io/valid.ndjson"
one_rec http_requests '.ClientIP = "198.51.100.7" | del(.JA3Hash) |
    del(.EdgeStartTimestamp)' >> "$io/valid.ndjson"
ids() {
	jq -r '[.threat.enrichments[]?.matched.id] | join(",") |
	    if . == "" then "-" else . end' "$1"
}
$CFECS --stats --ioc "$io/valid.json" "$io/valid.ndjson" > "$io/valid.out" 2> "$io/valid.err"
ids "$io/valid.out" > "$io/valid.got"
printf '%s\n' - indicator--window indicator--window indicator--window,indicator--open \
    indicator--window,indicator--open indicator--open \
    indicator--window,indicator--open > "$io/valid.want"
same "stix: valid_from and valid_until against @timestamp, one ns either side of each edge" \
    "$io/valid.got" "$io/valid.want"
$CFECS --ioc-any-time --ioc "$io/valid.json" "$io/valid.ndjson" 2> /dev/null > "$io/any.out"
ids "$io/any.out" > "$io/any.got"
for i in 1 2 3 4 5 6 7; do echo indicator--window,indicator--open; done > "$io/any.want"
same "stix: --ioc-any-time matches whatever the window" "$io/any.got" "$io/any.want"
contains "stix: validity: counts" "$io/valid.err" \
    "cfecs: ioc: 2 indicators loaded whole, 0 in part, 3 skipped (2 values), 6 events matched"
contains "stix: a revoked indicator stays skipped" "$io/valid.err" \
    "indicator skipped: revoked: indicator--revoked"
contains "stix: valid_until not after valid_from is skipped" "$io/valid.err" \
    "indicator skipped: valid_until is not after valid_from: indicator--backwards"
contains "stix: an unreadable valid_from is skipped" "$io/valid.err" \
    "indicator skipped: valid_from or valid_until is not a timestamp: indicator--badtime"

# --strict: an indicator loaded in part is fatal too (something of it
# cannot be used); without --strict it is loaded and said.
printf '%s\n' '{"type": "bundle", "objects": [{"type": "indicator", "id": "indicator--p",' \
    '"pattern_type": "stix", "pattern": "[ipv4-addr:value = '"'"'192.0.2.9'"'"'] OR [email-addr:value = '"'"'a@example.com'"'"']"}]}' \
    > "$io/partonly.json"
status_is "stix: --strict: an indicator loaded in part is fatal" 2 \
    $CFECS --strict --ioc "$io/partonly.json" samples/dns_logs.ndjson
contains "stix: --strict: says how many were loaded in part" "$T/.status.err" \
    "0 lines or indicators skipped, 1 loaded in part (--strict)"
status_is "stix: without --strict an indicator loaded in part is fine" 0 \
    $CFECS --ioc "$io/partonly.json" samples/dns_logs.ndjson

# -- AND: every term in the same event; parentheses at both levels --
cat > "$io/and.json" <<'EOF'
{"type": "bundle", "objects": [
 {"type": "indicator", "id": "indicator--and", "pattern_type": "stix",
  "pattern": "[ipv4-addr:value = '198.51.100.20'] AND [domain-name:value = 'c2.example.org']"},
 {"type": "indicator", "id": "indicator--paren", "pattern_type": "stix",
  "pattern": "([ipv4-addr:value = '198.51.100.21'] OR [ipv4-addr:value = '198.51.100.22']) AND ([domain-name:value = 'p.example.org' AND url:value = 'https://p.example.org/gate.php'])"},
 {"type": "indicator", "id": "indicator--nested", "pattern_type": "stix",
  "pattern": "[(ipv4-addr:value = '198.51.100.23' OR (ipv4-addr:value = '198.51.100.24')) AND domain-name:value = 'n.example.org']"},
 {"type": "indicator", "id": "indicator--twice", "pattern_type": "stix",
  "pattern": "([ipv4-addr:value = '198.51.100.26'] AND [domain-name:value = 'm.example.org']) OR ([ipv4-addr:value = '198.51.100.26'] AND [domain-name:value = 'k.example.org'])"},
 {"type": "indicator", "id": "indicator--seq", "pattern_type": "stix",
  "pattern": "([ipv4-addr:value = '198.51.100.30'] AND [domain-name:value = 's.example.org']) FOLLOWEDBY [ipv4-addr:value = '198.51.100.31']"}
]}
EOF
hr() {
	one_rec http_requests ".ClientIP = \"$1\" | .ClientRequestHost = \"$2\" |
	    .ClientRequestURI = \"$3\" | .ClientRequestScheme = \"https\" |
	    del(.JA3Hash)"
}
{
	hr 198.51.100.20 c2.example.org /
	hr 198.51.100.20 www.example.com /
	hr 192.0.2.200 c2.example.org /
	hr 198.51.100.22 p.example.org /gate.php
	hr 198.51.100.22 p.example.org /other.php
	hr 198.51.100.21 www.example.com /gate.php
	hr 198.51.100.24 n.example.org /
	hr 198.51.100.25 n.example.org /
	hr 198.51.100.26 k.example.org /
	hr 198.51.100.30 s.example.org /
} > "$io/and.ndjson"
$CFECS --stats --ioc "$io/and.json" "$io/and.ndjson" > "$io/and.out" 2> "$io/and.err"
jq -r '[.threat.enrichments[]? | "\(.matched.id) \(.matched.field)"] | join(";") |
    if . == "" then "-" else . end' "$io/and.out" > "$io/and.got"
cat > "$io/and.want" <<'EOF'
indicator--and source.ip;indicator--and url.domain
-
-
indicator--paren source.ip;indicator--paren url.domain;indicator--paren url.full
-
-
indicator--nested source.ip;indicator--nested url.domain
-
indicator--twice source.ip;indicator--twice url.domain
-
EOF
same "stix: AND holds only when every term is in the event; OR and parentheses" \
    "$io/and.got" "$io/and.want"
contains "stix: AND: counts" "$io/and.err" \
    "cfecs: ioc: 4 indicators loaded whole, 0 in part, 1 skipped"
contains "stix: FOLLOWEDBY around an AND is skipped" "$io/and.err" \
    "indicator skipped: its pattern uses FOLLOWEDBY: indicator--seq"

# Terms of ANDs that do not hold do not crowd out a match that does.
awk -v q="'" 'BEGIN { printf "{\"type\": \"bundle\", \"objects\": ["
	for (i = 0; i < 70; i++)
		printf "{\"type\": \"indicator\", \"id\": \"indicator--g%02d\", \"pattern_type\": \"stix\", \"pattern\": \"[ipv4-addr:value = %s198.51.100.40%s] AND [domain-name:value = %sg%d.example.org%s]\"},\n", i, q, q, q, i, q
	printf "{\"type\": \"indicator\", \"id\": \"indicator--last\", \"pattern_type\": \"stix\", \"pattern\": \"[ipv4-addr:value = %s198.51.100.40%s]\"}]}\n", q, q }' > "$io/crowd.json"
one_rec http_requests '.ClientIP = "198.51.100.40" | del(.JA3Hash)' > "$io/crowd.ndjson"
$CFECS --ioc "$io/crowd.json" "$io/crowd.ndjson" | ids /dev/stdin > "$io/crowd.got"
echo indicator--last > "$io/crowd.want"
same "stix: 70 ANDs half found do not crowd out a match" "$io/crowd.got" "$io/crowd.want"

# -- random patterns and events against an independent evaluation of
#    each pattern's tree (tests/stix_oracle.py) --
if command -v python3 > /dev/null 2>&1; then
	for seed in 1 2 3 4 5 6; do
		mkdir -p "$io/oracle$seed"
		python3 tests/stix_oracle.py "$seed" samples/http_requests.ndjson "$io/oracle$seed"
		$CFECS -q --ioc "$io/oracle$seed/bundle.json" "$io/oracle$seed/events.ndjson" |
		    jq -r '[.threat.enrichments[]?.matched.id] | unique | join(",") |
		    if . == "" then "-" else . end' > "$io/oracle$seed/got"
		same "stix: AND, OR, parentheses, untestable parts and windows agree with an independent evaluation (seed $seed)" \
		    "$io/oracle$seed/got" "$io/oracle$seed/want"
	done
else
	bad "stix: independent evaluation" "python3 is needed"
fi

# -- a Host with a port: the name in *.domain, the port in *.port --
{
	one_rec http_requests '.ClientRequestHost = "cdn.evil-updates.net:443"'
	one_rec http_requests '.ClientRequestHost = "[2001:db8::5]:8080" |
	    .ClientRequestScheme = "http" | .ClientRequestURI = "/x"'
	one_rec http_requests '.ClientRequestHost = "odd.example.net:http"'
	one_rec http_requests '.ClientRequestHost = "odd.example.net:99999"'
} > "$io/hostport.ndjson"
printf '%s\n' evil-updates.net 'http://[2001:db8::5]:8080/x' > "$io/hostport.txt"
$CFECS --ioc "$io/hostport.txt" "$io/hostport.ndjson" > "$io/hostport.out"
jq -c '[.url.domain, .url.port, .url.registered_domain, .destination.address,
    ([.related.hosts[] | select(contains("evil") or contains("2001") or
    contains("odd"))]), [.threat.enrichments[]?.matched.field]]' \
    "$io/hostport.out" > "$io/hostport.got"
cat > "$io/hostport.want" <<'EOF'
["cdn.evil-updates.net",443,"evil-updates.net","cdn.evil-updates.net",["cdn.evil-updates.net"],["url.domain"]]
["2001:db8::5",8080,null,"2001:db8::5",["2001:db8::5"],["url.full"]]
["odd.example.net:http",null,null,"odd.example.net:http",["odd.example.net:http"],[]]
["odd.example.net:99999",null,null,"odd.example.net:99999",["odd.example.net:99999"],[]]
EOF
same "host:port: url.domain, url.port, registered_domain, related.hosts, indicators" \
    "$io/hostport.got" "$io/hostport.want"
{
	one_rec gateway_http '.HTTPHost = "files.evil-updates.net:8443" | del(.DestinationPort)'
	one_rec gateway_http '.HTTPHost = "files.evil-updates.net:8443" | .DestinationPort = 443'
} > "$io/gwport.ndjson"
$CFECS "$io/gwport.ndjson" | jq -c '[.destination.domain, .destination.port,
    .destination.registered_domain]' > "$io/gwport.got"
cat > "$io/gwport.want" <<'EOF'
["files.evil-updates.net",8443,"evil-updates.net"]
["files.evil-updates.net",443,"evil-updates.net"]
EOF
same "host:port: gateway_http destination.domain and destination.port (DestinationPort first)" \
    "$io/gwport.got" "$io/gwport.want"

# -- files that are not indicator lists: exit 2 before any input is read --
printf '{"type": "bundle", "objects": [' > "$io/broken.json"
printf '[{"type": "indicator"}]\n' > "$io/array.json"
printf '{"type": "bundle", "objects": []}\n{"type": "bundle"}\n' > "$io/two.json"
printf '{"type": "report", "objects": []}\n' > "$io/report.json"
printf 'hello world\nfoo bar\n' > "$io/prose.txt"
printf '\037\213\010\000\000\000\000\000' > "$io/binary.gz"
for f in missing broken.json array.json two.json report.json prose.txt binary.gz; do
	status_is "ioc: $f: exit 2" 2 $CFECS --ioc "$io/$f" samples/dns_logs.ndjson
	empty "ioc: $f: nothing converted" "$T/.status.out"
done
$CFECS --ioc "$io/missing" samples/dns_logs.ndjson 2> "$io/missing.err" || true
contains "ioc: a missing file named" "$io/missing.err" "cfecs: $io/missing: No such file or directory"
$CFECS --ioc "$io/broken.json" samples/dns_logs.ndjson 2> "$io/broken.err" || true
contains "ioc: invalid JSON located" "$io/broken.err" "cfecs: $io/broken.json: invalid JSON at byte"
$CFECS --ioc "$io/report.json" samples/dns_logs.ndjson 2> "$io/report.err" || true
contains "ioc: JSON that is not a bundle" "$io/report.err" "not a STIX 2.1 bundle"
$CFECS --ioc "$io/prose.txt" samples/dns_logs.ndjson 2> "$io/prose.err" || true
contains "ioc: a text without indicators" "$io/prose.err" \
    "cfecs: $io/prose.txt: no indicators in it: neither an indicator list nor a STIX 2.1 bundle"
: > "$io/empty.txt"
status_is "ioc: an empty list is fine" 0 $CFECS --ioc "$io/empty.txt" samples/dns_logs.ndjson
status_is "ioc: --strict: a bad line is fatal" 2 $CFECS --strict --ioc "$io/list.txt" samples/dns_logs.ndjson
status_is "ioc: --strict: a skipped STIX indicator is fatal" 2 \
    $CFECS --strict --ioc "$io/bundle.json" samples/dns_logs.ndjson
$CFECS -q --ioc "$io/list.txt" samples/dns_logs.ndjson > /dev/null 2> "$io/quiet.err"
empty "ioc: -q: no warnings" "$io/quiet.err"
# Many bad lines: the first few told, then a count.
awk 'BEGIN { print "192.0.2.1"; for (i = 0; i < 25; i++) print "bad line " i }' > "$io/many.txt"
$CFECS --ioc "$io/many.txt" samples/dns_logs.ndjson > /dev/null 2> "$io/many.err"
[ "$(grep -c 'not an indicator' "$io/many.err")" -eq 10 ] &&
    ok "ioc: at most 10 warnings a file" || bad "ioc: at most 10 warnings a file" "$(wc -l < "$io/many.err")"
contains "ioc: then a count" "$io/many.err" "cfecs: $io/many.txt: 15 more skipped"

# A large list: every line loaded, and the nested blocks still found.
awk 'BEGIN { for (i = 0; i < 100000; i++) { k = i % 4
	if (k == 0) printf "10.%d.%d.0/24\n", int(i / 1024), int(i / 4) % 256
	else if (k == 1) printf "h%d.bad.example\n", i
	else if (k == 2) printf "172.16.%d.%d\n", int(i / 1024), int(i / 4) % 256
	else printf "%032x\n", i } }' > "$io/big.txt"
one_rec http_requests '.ClientIP = "10.0.4.9" | .ClientRequestHost = "x.h5.bad.example"' > "$io/big.ndjson"
$CFECS --stats --ioc "$io/big.txt" --ioc "$io/list.txt" "$io/big.ndjson" 2> "$io/big.err" |
    enrich - > "$io/big.got"
contains "ioc: 100,000 lines loaded" "$io/big.err" "cfecs: ioc: 100010 indicators loaded whole, 0 in part, 2 skipped (100009 values), 1 events matched"
printf '%s\n' 'source.ip 10.0.4.9 10.0.4.0/24;source.ip 10.0.4.9 10.0.0.0/8;url.domain x.h5.bad.example h5.bad.example' > "$io/big.want"
same "ioc: a large list: matches in load order" "$io/big.got" "$io/big.want"

# -- several files, -j: the same bytes whatever the thread count --
mkdir -p "$io/dump"
for d in http_requests dns_logs gateway_dns firewall_events network_analytics_logs gateway_http; do
	gzip -n -c "samples/$d.ndjson" > "$io/dump/$d.log.gz"
done
cat "$io/http.ndjson" > "$io/dump/z.ndjson"
$CFECS -j 1 --stats --ioc "$io/list.txt" --ioc "$io/multi.txt" --ioc "$io/bundle.json" \
    -r "$io/dump" > "$io/j1.out" 2> "$io/j1.err"
for j in 2 4; do
	$CFECS -j $j --stats --ioc "$io/list.txt" --ioc "$io/multi.txt" --ioc "$io/bundle.json" \
	    -r "$io/dump" > "$io/j$j.out" 2> "$io/j$j.err"
	same "ioc: -j $j output = -j 1" "$io/j$j.out" "$io/j1.out"
	grep 'cfecs: ioc:' "$io/j$j.err" > "$io/j$j.stat"
	grep 'cfecs: ioc:' "$io/j1.err" > "$io/j1.stat"
	same "ioc: -j $j counts = -j 1" "$io/j$j.stat" "$io/j1.stat"
done
n=$(grep -c '"kind":"alert"' "$io/j1.out")
contains "ioc: events matched counted" "$io/j1.stat" "$n events matched"

# -- valgrind on a run with every kind of indicator --
if [ -z "${SANITIZED:-}" ] && command -v valgrind > /dev/null 2>&1; then
	set +e
	valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect "$CFECS_BIN" -j 2 --stats \
	    --ioc "$io/list.txt" --ioc "$io/bundle.json" --ioc "$io/multi.txt" \
	    -r "$io/dump" > /dev/null 2> "$io/vg.log"
	rc=$?
	set -e
	if [ "$rc" -ne 99 ] && ! grep -q '^==[0-9]*==' "$io/vg.log"; then
		ok "valgrind: cfecs --ioc"
	else
		bad "valgrind: cfecs --ioc" "$(grep '^==' "$io/vg.log" | head -n 8)"
	fi
fi
