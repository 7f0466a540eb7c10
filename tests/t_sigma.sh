# Sigma rules: --rules, --detect, --alerts, --list-rules; every modifier
# and condition form against records that must and must not match.
# Sourced by run.sh.

sg="$T/sigma"
mkdir -p "$sg"
R=tests/rules

# hreq RAY UA HOST METHOD URI [MORE]: one http_requests record.
hreq() {
	printf '{"RayID":"%s","EdgeStartTimestamp":1708213921123456789,' "$1"
	printf '"ClientIP":"%s","ClientRequestScheme":"https",' "${IP:-192.0.2.1}"
	printf '"ClientRequestUserAgent":"%s","ClientRequestHost":"%s",' "$2" "$3"
	printf '"ClientRequestMethod":"%s","ClientRequestURI":"%s",' "$4" "$5"
	printf '"ClientRequestReferer":"%s","EdgeResponseStatus":%s,' \
	    "${REF:-}" "${STATUS:-200}"
	printf '"ClientRequestBytes":%s%s}\n' "${BYTES:-500}" "${6:-}"
}

# The records: ray id says what it is meant to hit (or "no-").
{
	hreq eq-put Mozilla a.test put /x
	hreq no-eq-putx Mozilla a.test PUTX /x
	hreq wild FooXYZBar1 a.test GET /x
	hreq no-wild FooXYZBar12 a.test GET /x
	hreq escape Mozilla a.test GET '/s?q=a*b'
	hreq no-escape Mozilla a.test GET '/s?q=aXb'
	hreq contains-all Mozilla a.test GET '/r?cmd=1&x=EXEC'
	hreq no-contains-all Mozilla a.test GET '/r?cmd=1'
	hreq starts python-requests/2.31 a.test GET /x
	hreq ends Mozilla a.test GET /index.php?a=.phpx
	hreq no-ends Mozilla a.test GET /index.php5
	hreq re Mozilla a.test GET /admin/42
	hreq no-re Mozilla a.test GET /ADMIN/42
	hreq re-i SQLMap/1.7 a.test GET /x
	IP=198.51.100.200 hreq cidr Mozilla a.test GET /x
	IP=198.51.101.1 hreq no-cidr Mozilla a.test GET /x
	IP=2001:db8:1:ffff::5 hreq cidr6 Mozilla a.test GET /x
	IP=2001:db8:2::5 hreq no-cidr6 Mozilla a.test GET /x
	REF=https://r.test/ hreq exists Mozilla a.test PATCH /x
	hreq no-exists Mozilla a.test PATCH /x
	hreq null '' a.test GET /x
	hreq cased EvilBot a.test GET /x
	hreq no-cased evilbot a.test GET /x
	hreq base64 Mozilla a.test GET "/p?c=$(printf 'xx whoami' | base64)"
	hreq no-base64 Mozilla a.test GET "/p?c=$(printf 'xx whoareyou' | base64)"
	STATUS=503 BYTES=5 hreq num Mozilla a.test GET /x
	STATUS=503 BYTES=50 hreq no-num Mozilla a.test GET /x
	hreq keywords Mozilla a.test GET /x ',"Cookies":{"c":"AAZZKEYWORDBB"}'
	hreq no-keywords Mozilla a.test GET /x ',"Cookies":{"zzkeyword":"key only"}'
	hreq listmaps-a Mozilla a.listmaps.test GET /x
	hreq listmaps-b Mozilla b.lm.test DELETE /x
	hreq no-listmaps Mozilla b.lm.test GET /x
	hreq cond-a xcondAx a.test GET /x
	hreq cond-b xcondBx a.test GET /x
	hreq no-cond xcondAx safe.test GET /x
	hreq them xthemOnex a.test GET /them/1
	hreq no-them xthemOnex a.test GET /x
	hreq ecs-name ecsua a.test GET /a/ecs-test?x=1
	hreq logpush-name lpname a.test GET /x
	hreq windash Mozilla a.test GET '/w?c=ps /enc abc'
	hreq no-windash Mozilla a.test GET '/w?c=ps +enc abc'
	hreq ext Mozilla ext.test GET /dl/a.HTA?x=1
	hreq no-ext Mozilla ext.test GET /dl/a.hta.txt
	STATUS=418 hreq cloudflare Mozilla a.test GET /x
	hreq multi multimatch multi.test GET /x
	hreq cookie Mozilla a.test GET /x ',"RequestHeaders":{"cookie":"a=1; session=EVIL"}'
	hreq no-cookie Mozilla a.test GET /x ',"RequestHeaders":{"x-cookie":"session=evil"}'
	hreq re-s 'dot\nall' a.test GET /x
	hreq no-re-s 'dot\n\nall' a.test GET /x
	hreq base64-plain Mozilla a.test GET '/b?q=cGluZw=='
	hreq no-base64-plain Mozilla a.test GET '/b?q=cgluzw=='
	hreq oneofthem Mozilla oneof2.test GET /x
	hreq no-oneofthem Mozilla oneof3.test GET /x
	hreq notexists Mozilla a.test OPTIONS /x
	REF=https://r.test/ hreq no-notexists Mozilla a.test OPTIONS /x
	BYTES=1001 hreq gt-lte Mozilla a.test GET /x
	BYTES=1002 hreq no-gt-lte Mozilla a.test GET /x
	hreq no-redos aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa! a.test GET /x
} > "$sg/http.ndjson"

# What each record must hit, by rule id (sorted, comma-separated).
sort > "$sg/want" <<'EOF'
base64	t-base64
base64-plain	t-base64-plain
cased	t-cased
cidr	t-cidr
cidr6	t-cidr
cloudflare	t-cloudflare
cond-a	t-cond
cond-b	t-cond
contains-all	t-contains-all
cookie	t-cookie
ecs-name	t-ecs-name
ends	t-starts-ends
eq-put	t-eq
escape	t-escape
exists	t-exists
ext	t-ext
gt-lte	t-gt-lte
keywords	t-keywords
listmaps-a	t-listmaps
listmaps-b	t-listmaps
logpush-name	t-logpush-name
multi	t-multi1,t-multi2
null	t-null
notexists	t-notexists
num	t-num
oneofthem	t-oneofthem
re	t-re
re-i	t-re-i
re-s	t-re-s
starts	t-starts-ends
them	t-them
wild	t-wild
windash	t-windash
EOF

cfecs -d http_requests --rules "$R/ok" "$sg/http.ndjson" > "$sg/out" \
    2> "$sg/err"
jq -r 'select(.event.kind == "alert") | [.event.id, (.rule.id |
    if type == "array" then sort | join(",") else . end)] | @tsv' \
    "$sg/out" | sort > "$sg/got"
same "sigma: every modifier and condition form hits what it must" \
    "$sg/want" "$sg/got"
empty "sigma: good rules load without a word" "$sg/err"
jq -r 'select(.event.kind != "alert") | .event.id' "$sg/out" |
    grep -v '^no-' > "$sg/missed" || true
empty "sigma: every near miss stays an event" "$sg/missed"

# An event that matches nothing is byte-for-byte what it was.
grep '"RayID":"no-' "$sg/http.ndjson" > "$sg/miss.ndjson"
cfecs -d http_requests "$sg/miss.ndjson" > "$sg/plain"
cfecs -d http_requests --rules "$R/ok" --detect "$sg/miss.ndjson" > "$sg/ruled"
same "sigma: unmatched events are unchanged" "$sg/plain" "$sg/ruled"

# The ECS of a match: one rule, then several.
jq -c 'select(.event.id == "re") | [.event.kind, .event.severity,
    .event.risk_score, .rule.name, .rule.ruleset, .rule.description,
    .rule.author, .threat.framework, .threat.technique.id,
    .threat.tactic.name]' "$sg/out" > "$sg/one"
echo '["alert",4,73,"Test t-re","sigma","test rule t-re",["tests"],"MITRE ATT&CK",["T1190"],["Initial Access"]]' > "$sg/one.want"
same "sigma: a match is an ECS alert with rule.* and threat.*" \
    "$sg/one.want" "$sg/one"
jq -c 'select(.event.id == "multi") | [.rule.id, .rule.name,
    .event.severity, .rule.description, .threat.technique.id,
    .threat.tactic.name]' "$sg/out" > "$sg/two"
echo '[["t-multi1","t-multi2"],["Test t-multi1","Test t-multi2"],4,null,["T1190","T1071.001"],["Initial Access","Command and Control"]]' > "$sg/two.want"
same "sigma: several matches: arrays, highest level, no description" \
    "$sg/two.want" "$sg/two"
hreq waf condA a.test GET /x ',"SecurityRuleID":"cf-waf-1"' > "$sg/waf.ndjson"
cfecs -d http_requests --rules "$R/ok" "$sg/waf.ndjson" |
    jq -r '[.rule.id, .rule.ruleset, .cloudflare.SecurityRuleID] | @tsv' \
    > "$sg/waf"
printf 't-cond\tsigma\tcf-waf-1\n' > "$sg/waf.want"
same "sigma: the rule of a match replaces Cloudflare's (kept in cloudflare.*)" \
    "$sg/waf.want" "$sg/waf"
status_is "sigma: alerts are valid ECS (--check)" 0 \
    cfecs -d http_requests --rules "$R/ok" --check "$sg/http.ndjson"
status_is "sigma: --check with --alerts" 0 \
    cfecs -d http_requests --rules "$R/ok" --check --alerts "$sg/http.ndjson"

# Other datasets: dns (dns_logs), firewall (firewall_events).
printf '%s\n' '{"Timestamp":1708213921123456789,"QueryName":"x.evil.test","QueryType":1,"ResponseCode":0,"SourceIP":"192.0.2.9","ColoCode":"FRA"}' \
    '{"Timestamp":1708213921123456789,"QueryName":"x.evil.test.ok","QueryType":1,"ResponseCode":0,"SourceIP":"192.0.2.9","ColoCode":"FRA"}' \
    > "$sg/dns.ndjson"
cfecs -d dns_logs --rules "$R/ok" "$sg/dns.ndjson" |
    jq -r '.rule.id // "-"' > "$sg/dns"
printf 't-dns\n-\n' > "$sg/dns.want"
same "sigma: category dns on dns_logs" "$sg/dns.want" "$sg/dns"
printf '%s\n' '{"Datetime":1708213921123456789,"RayID":"f1","Action":"block","ClientIP":"192.0.2.9","ClientRequestHost":"a.test","ClientRequestPath":"/fw","ClientRequestQuery":"?x=fwtest","ClientRequestMethod":"GET","Source":"firewallrules"}' \
    '{"Datetime":1708213921123456789,"RayID":"f2","Action":"block","ClientIP":"192.0.2.9","ClientRequestHost":"a.test","ClientRequestPath":"/fw2","ClientRequestQuery":"?x=fwtest","ClientRequestMethod":"GET","Source":"firewallrules"}' \
    > "$sg/fw.ndjson"
cfecs -d firewall_events --rules "$R/ok" "$sg/fw.ndjson" |
    jq -r '.event.kind' > "$sg/fw"
printf 'alert\nevent\n' > "$sg/fw.want"
same "sigma: category firewall on firewall_events" "$sg/fw.want" "$sg/fw"

# --alerts: only the alerts; --stats counts them.
cfecs -d http_requests --rules "$R/ok" --alerts --stats "$sg/http.ndjson" \
    > "$sg/alerts" 2> "$sg/stats"
if [ "$(wc -l < "$sg/alerts")" -eq "$(wc -l < "$sg/want")" ] &&
    ! grep -q '"kind":"event"' "$sg/alerts"; then
	ok "sigma: --alerts writes the alerts only"
else
	bad "sigma: --alerts writes the alerts only" "$(wc -l < "$sg/alerts") lines"
fi
contains "sigma: --stats counts alerts" "$sg/stats" \
    "$(wc -l < "$sg/want" | tr -d ' ') alerts"
contains "sigma: --stats counts rules" "$sg/stats" \
    "rules: 32 loaded, 1 skipped"
cfecs -d http_requests --rules "$R/ok" --alerts --bulk 'a-%Y' \
    "$sg/http.ndjson" > "$sg/bulk"
if [ "$(wc -l < "$sg/bulk")" -eq $((2 * $(wc -l < "$sg/want"))) ]; then
	ok "sigma: --alerts with --bulk"
else
	bad "sigma: --alerts with --bulk" "$(wc -l < "$sg/bulk") lines"
fi

# -j: the same bytes for any thread count.
i=0
while [ $i -lt 200 ]; do
	cat "$sg/http.ndjson"
	i=$((i + 1))
done > "$sg/many.ndjson"
cfecs -j 1 -d http_requests --rules "$R/ok" --detect "$sg/many.ndjson" > "$sg/j1"
cfecs -j 3 -d http_requests --rules "$R/ok" --detect "$sg/many.ndjson" > "$sg/j3"
same "sigma: -j 1 and -j 3 write the same bytes" "$sg/j1" "$sg/j3"

# --list-rules: id, title, level, datasets; -v adds the skipped ones.
cfecs --rules "$R/ok/t-dns.yml" --rules "$R/ok/sub" --list-rules > "$sg/list"
printf 't-dns\tTest t-dns\thigh\tdns_logs,gateway_dns\nt-cloudflare\tTest t-cloudflare\tmedium\thttp_requests\n' \
    > "$sg/list.want"
same "sigma: --list-rules" "$sg/list.want" "$sg/list"
cfecs --rules "$R/ok" --list-rules -v > "$sg/listv"
contains "sigma: --list-rules -v names a skipped rule and why" "$sg/listv" \
    "t-windows	Test t-windows	medium	skipped: logsource category process_creation product windows: not a Logpush dataset"
status_is "sigma: --list-rules alone is a usage error" 2 cfecs --list-rules

# Broken and hostile rules: a warning each (file, line, why), the rest run.
# a rule file of more than 1 MiB
awk 'BEGIN { print "title: Huge"; for (i = 0; i < 120000; i++) print "# padding" }' \
    > "$sg/huge.yml"
cfecs -d http_requests --rules "$R/broken" --rules "$R/hostile" \
    --rules "$sg/huge.yml" --rules "$R/ok/t-eq.yml" "$sg/http.ndjson" \
    > "$sg/bout" 2> "$sg/berr"
contains "sigma: broken YAML: file and line" "$sg/berr" \
    "cfecs: $R/broken/bad-yaml.yml:6: YAML: did not find expected"
contains "sigma: unsupported modifier named" "$sg/berr" \
    "unsupported modifier 'utf16le'; rule skipped"
contains "sigma: bad regex" "$sg/berr" "bad-regex.yml:8: 'b-regex': bad regular expression"
contains "sigma: aggregations are not supported" "$sg/berr" \
    "aggregations ('| count()' ...) are not supported"
contains "sigma: a correlation of a rule that is not there, named" "$sg/berr" \
    "correlation.yml: 'Many failed logins': correlation: rule 'some-rule' not found; rule skipped"
contains "sigma: rule collections (action: global) are not supported" "$sg/berr" \
    "collection.yml:1: 'b-collection': rule collections (action: global ...) are not supported"
contains "sigma: a field the logs lack" "$sg/berr" \
    "field 'cs-username' is not in the logs this rule covers"
contains "sigma: a condition nested too deep" "$sg/berr" \
    "deep.yml:9: 'Deep condition': condition nested too deep"
contains "sigma: too many values (aliases)" "$sg/berr" "more than 4096 values"
contains "sigma: a huge file" "$sg/berr" "huge.yml: larger than 1048576 bytes"
contains "sigma: catastrophic regex hits the match limit, named" "$sg/berr" \
    ":$(grep -n no-redos "$sg/http.ndjson" | cut -d: -f1): rule h-redos: regular expression match limit reached on c-useragent"
if [ "$(grep -c '"kind":"alert"' "$sg/bout")" -eq 1 ]; then
	ok "sigma: the good rule runs beside the broken ones"
else
	bad "sigma: the good rule runs beside the broken ones" \
	    "$(grep -c '"kind":"alert"' "$sg/bout") alerts"
fi
# --strict: fatal before any input is read (a FIFO nobody writes to).
mkfifo "$sg/fifo"
status_is "sigma: --strict makes a broken rule fatal" 2 \
    timeout 20 "$CFECS_BIN" --strict --rules "$R/broken/bad-regex.yml" "$sg/fifo"
empty "sigma: --strict writes nothing" "$T/.status.out"
status_is "sigma: --rules with a missing path is fatal" 2 \
    cfecs --rules "$sg/nonexistent" "$sg/miss.ndjson"
contains "sigma: the missing path is named" "$T/.status.err" \
    "nonexistent: No such file or directory"

# --detect: the built-in rules, each with a near miss.  The user-agent
# rules are proxy rules (users' requests out: gateway_http); the phishing
# page rule is a webserver rule (requests in: http_requests).
# gw RAY UA: one gateway_http record.
gw() {
	printf '{"Datetime":1708213921123456789,"RayID":"%s","UserAgent":"%s",' "$1" "$2"
	printf '"URL":"https://a.test/x","HTTPHost":"a.test","HTTPMethod":"GET",'
	printf '"SourceIP":"192.0.2.1"}\n'
}
{
	gw lemon Lemon-Duck-AbC-xyz
	gw no-lemon Lemon-Duck-ab1-x
	gw nimbo 0a1b2c3d
	gw no-nimbo 0A1B2C3D
	gw bazar dbcutwq
	gw no-bazar dbcutwqx
} > "$sg/builtin-gw.ndjson"
{
	hreq lemon-in Lemon-Duck-AbC-xyz a.test GET /x
	hreq aitm Mozilla login.evil-proxy.test GET '/common/oauth2/v2.0/authorize?client_id=1'
	hreq aitm-sas Mozilla login.evil-proxy.test POST /common/SAS/BeginAuth
	hreq no-aitm Mozilla login.microsoftonline.com GET '/common/oauth2/v2.0/authorize?client_id=1'
	hreq no-aitm-path Mozilla login.evil-proxy.test GET /common/oauth2/v2.0/authorizex
} > "$sg/builtin.ndjson"
{
	cfecs -d gateway_http --detect --alerts "$sg/builtin-gw.ndjson"
	cfecs -d http_requests --detect --alerts "$sg/builtin.ndjson"
} | jq -r '[.cloudflare.RayID, .rule.name] | @tsv' > "$sg/builtin"
cat > "$sg/builtin.want" <<'EOF'
lemon	Potential Lemon Duck User-Agent
nimbo	Nimbo-C2 User Agent
bazar	Potential Bazar Loader User-Agents
aitm	Potential Azure AD Phishing Page (Adversary-in-the-Middle)
aitm-sas	Potential Azure AD Phishing Page (Adversary-in-the-Middle)
EOF
same "sigma: --detect: the built-in rules and their near misses" \
    "$sg/builtin.want" "$sg/builtin"
cfecs --detect --list-rules | cut -f 1 | sort > "$sg/ids"
for f in rules/*.yml; do
	sed -n 's/^id: //p' "$f"
done | sort > "$sg/ids.want"
same "sigma: --detect lists the files of rules/" "$sg/ids.want" "$sg/ids"

# Valgrind on a rules run (the plain build).
if [ -z "${SANITIZED:-}" ] && command -v valgrind > /dev/null 2>&1; then
	set +e
	valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect "$CFECS_BIN" -j 2 \
	    -d http_requests --rules "$R/ok" --rules "$R/broken" \
	    --rules "$R/hostile" --detect --stats "$sg/http.ndjson" \
	    "$sg/builtin.ndjson" > /dev/null 2> "$sg/vg"
	rc=$?
	set -e
	if [ "$rc" -ne 99 ] && ! grep -q '^==[0-9]*==' "$sg/vg"; then
		ok "sigma: valgrind clean on a rules run"
	else
		bad "sigma: valgrind clean on a rules run" "$(grep '^==' "$sg/vg" | head -n 8)"
	fi
fi

# --detect finds its rules beside the binary; elsewhere it is fatal.
if [ ! -d /usr/local/share/cfecs/rules ]; then
	cp "$CFECS_BIN" "$sg/cfecs"
	status_is "sigma: --detect without its rules exits 2" 2 \
	    "$sg/cfecs" --detect "$sg/miss.ndjson"
	contains "sigma: --detect without its rules says so" "$T/.status.err" \
	    "built-in rules not found"
	mkdir -p "$sg/share/cfecs" "$sg/bin"
	cp -r rules "$sg/share/cfecs/rules"
	mv "$sg/cfecs" "$sg/bin/cfecs"
	"$sg/bin/cfecs" --detect --list-rules > "$sg/moved"
	same "sigma: --detect finds ../share/cfecs/rules of a moved install" \
	    "$sg/ids.want" "$(cut -f 1 "$sg/moved" | sort > "$sg/moved.ids"; echo "$sg/moved.ids")"
fi
