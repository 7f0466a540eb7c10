# Options that would quietly do nothing (--alerts with nothing to match,
# -f and --exclude names no event has), and what -q and -v say about the
# rules and indicators loading left out.  Sourced by run.sh.

mu="$T/misuse"
mkdir -p "$mu"

# -- --alerts needs something that can match --
status_is "--alerts without rules or indicators: exit 2" 2 \
    $CFECS --alerts samples/dns_logs.ndjson
empty "--alerts without rules or indicators: nothing written" "$T/.status.out"
contains "--alerts without rules or indicators: said" "$T/.status.err" \
    "cfecs: --alerts needs --rules, --detect or --ioc"
: > "$mu/empty.txt"
status_is "--alerts with an empty indicator list: exit 2" 2 \
    $CFECS --alerts --ioc "$mu/empty.txt" samples/dns_logs.ndjson
contains "--alerts with an empty indicator list: said" "$T/.status.err" \
    "cfecs: --alerts: no rule or indicator was loaded, so nothing could match"
status_is "--alerts with every rule skipped: exit 2" 2 \
    $CFECS --alerts --rules tests/rules/broken samples/dns_logs.ndjson
printf '192.0.2.1\n' > "$mu/one.txt"
status_is "--alerts with one indicator: fine" 0 \
    $CFECS --alerts --ioc "$mu/one.txt" samples/dns_logs.ndjson

# -- -f and --exclude: a name no event can have is said once --
$CFECS -f source_ip,source.ip,sour*,cloudflare.Anything --exclude url.nothing,url.domain \
    samples/http_requests.ndjson > "$mu/f.out" 2> "$mu/f.err"
contains "-f: a name no event has is said" "$mu/f.err" \
    "cfecs: -f source_ip: no event has this field (neither an ECS field cfecs writes nor cloudflare.*)"
contains "--exclude: a name no event has is said" "$mu/f.err" \
    "cfecs: --exclude url.nothing: no event has this field"
[ "$(wc -l < "$mu/f.err")" -eq 2 ] && ok "-f, --exclude: only the impossible names, each once" ||
    bad "-f, --exclude: only the impossible names, each once" "$(cat "$mu/f.err")"
[ "$(jq -c .source.ip "$mu/f.out" | head -n 1)" != null ] &&
    ok "-f: the possible names still select" || bad "-f: the possible names still select" "$(head -c 200 "$mu/f.out")"
$CFECS -q -f source_ip samples/dns_logs.ndjson > /dev/null 2> "$mu/fq.err"
empty "-f: -q silences the warning" "$mu/fq.err"

# -- -q silences what was left out, of rules and of indicators alike;
#    -v lists every one; the counts stay in --stats --
awk 'BEGIN { for (i = 0; i < 14; i++) print "bad line " i }
    END { print "192.0.2.1" }' /dev/null > "$mu/bad.txt"
$CFECS -q --stats --rules tests/rules/broken --ioc "$mu/bad.txt" samples/dns_logs.ndjson \
    > /dev/null 2> "$mu/q.err"
if grep -q 'rule skipped\|not an indicator' "$mu/q.err"; then
	bad "-q: no word about skipped rules or indicators" "$(head -c 300 "$mu/q.err")"
else
	ok "-q: no word about skipped rules or indicators"
fi
contains "-q: the rules' count stays in --stats" "$mu/q.err" "cfecs: rules: 0 loaded,"
contains "-q: the indicators' count stays in --stats" "$mu/q.err" \
    "cfecs: ioc: 1 indicators loaded whole, 0 in part, 14 skipped"
$CFECS --rules tests/rules/broken --ioc "$mu/bad.txt" samples/dns_logs.ndjson \
    > /dev/null 2> "$mu/d.err"
[ "$(grep -c 'not an indicator' "$mu/d.err")" -eq 10 ] &&
    ok "default: the first 10 skipped indicators" || bad "default: the first 10 skipped indicators" "$(grep -c 'not an indicator' "$mu/d.err")"
contains "default: then a count and how to see them all" "$mu/d.err" \
    "cfecs: $mu/bad.txt: 4 more skipped or loaded in part (-v lists them)"
contains "default: skipped rules said" "$mu/d.err" "rule skipped"
$CFECS -v --rules tests/rules/broken --ioc "$mu/bad.txt" samples/dns_logs.ndjson \
    > /dev/null 2> "$mu/v.err"
[ "$(grep -c 'not an indicator' "$mu/v.err")" -eq 14 ] &&
    ok "-v: every skipped indicator" || bad "-v: every skipped indicator" "$(grep -c 'not an indicator' "$mu/v.err")"
[ "$(grep -c 'rule skipped' "$mu/v.err")" -eq "$(grep -c 'rule skipped' "$mu/d.err")" ] &&
    [ "$(grep -c 'rule skipped' "$mu/v.err")" -gt 0 ] &&
    ok "-v: every skipped rule" || bad "-v: every skipped rule" "$(grep -c 'rule skipped' "$mu/v.err")"
