# Sigma correlation rules: the worked examples, a brute-force evaluation
# over random records, and the same alerts whatever the order of files
# and records and -j.  Sourced by run.sh.

cr="$T/corr"
mkdir -p "$cr"
CR=tests/rules/corr

# corr_alerts FILE: the correlation alerts of cfecs's output, as
# "rule address" lines.
corr_pairs() {
	python3 -c '
import json, sys
for l in open(sys.argv[1]):
    e = json.loads(l)
    if "correlation" in e.get("cfecs", {}):
        print(e["rule"]["id"], e["source"]["ip"])' "$1"
}
# only the correlation alerts, in the order written
corr_lines() {
	grep -F '"cfecs":{"correlation"' "$1" || true
}

python3 tests/corr_examples.py > "$cr/ex.ndjson"
python3 tests/corr_examples.py expect > "$cr/ex.want"
cfecs --rules "$CR" --alerts "$cr/ex.ndjson" > "$cr/ex.out" 2> "$cr/ex.err"
corr_pairs "$cr/ex.out" | sort > "$cr/ex.got"
same "correlation: the worked examples fire exactly where they must" \
    "$cr/ex.want" "$cr/ex.got"
empty "correlation: the examples load without a warning" "$cr/ex.err"
for p in "c-brute-force 192.0.2.4" "c-path-scan 192.0.2.5" \
    "c-inject-then-admin 192.0.2.8" "c-brute-then-login 192.0.2.11"; do
	contains "correlation: fires: $p" "$cr/ex.got" "$p"
done
if grep -q "192.0.2.2\|192.0.2.3\|192.0.2.6\|192.0.2.7\|192.0.2.10" "$cr/ex.got" ||
    grep -q "c-inject-then-admin 192.0.2.9" "$cr/ex.got"; then
	bad "correlation: quiet where the condition does not hold" \
	    "$(cat "$cr/ex.got")"
else
	ok "correlation: quiet where the condition does not hold"
fi

# The alert event: one per group and incident, its fields.
python3 - "$cr/ex.out" > "$cr/alert.check" <<'PY'
import json, sys
al = [json.loads(l) for l in open(sys.argv[1])]
b = [e for e in al if e.get("rule", {}).get("id") == "c-brute-force"
     and e["source"]["ip"] == "192.0.2.1"]
assert len(b) == 1, len(b)
e = b[0]
assert e["event"]["kind"] == "alert"
assert e["event"]["severity"] == 4 and e["event"]["risk_score"] == 73
assert e["rule"]["name"] == "Credential stuffing on /login"
assert e["threat"]["technique"]["id"] == ["T1110.004"]
c = e["cfecs"]["correlation"]
assert c["type"] == "event_count" and c["count"] == 25 and c["events"] == 25
assert c["timespan"] == "5m" and len(c["event_ids"]) == 20
assert e["event"]["start"] == "2024-02-18T00:00:00.000000Z", e["event"]["start"]
assert e["event"]["end"] == "2024-02-18T00:02:52.800000Z", e["event"]["end"]
base = [x for x in al if x.get("rule", {}).get("id") == "c-failed-login"]
assert base == [], "the referenced rule alerts on its own"
print("ok")
PY
contains "correlation: the alert event: kind, rule, severity, group, window, count, ids" \
    "$cr/alert.check" ok

# The contributing ids are the events' bulk _id.
cfecs --rules "$CR" --bulk 'h' "$cr/ex.ndjson" > "$cr/bulk"
python3 - "$cr/bulk" > "$cr/bulk.check" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
ids = {}
for act, ev in zip(lines[0::2], lines[1::2]):
    ids[act["index"].get("_id")] = ev
al = [ev for ev in lines[1::2] if "correlation" in ev.get("cfecs", {})]
assert al
for act, ev in zip(lines[0::2], lines[1::2]):
    if "correlation" in ev.get("cfecs", {}):
        assert len(act["index"]["_id"]) == 22, act
for ev in al:
    for i in ev["cfecs"]["correlation"]["event_ids"]:
        if ev["rule"]["id"] == "c-brute-then-login":
            continue
        assert ids[i]["source"]["ip"] == ev["source"]["ip"], i
print("ok")
PY
contains "correlation: contributing ids are the events' _id; alerts have their own (--bulk)" \
    "$cr/bulk.check" ok

# Brute force: random records, compared with an independent evaluation.
for seed in 1 2 3 4 5 6; do
	python3 tests/corr_oracle.py gen "$seed" 50 > "$cr/r$seed.ndjson"
	cfecs -j 2 --time-precision ns --rules "$CR" --alerts "$cr/r$seed.ndjson" \
	    > "$cr/r$seed.out"
	if python3 tests/corr_oracle.py check "$cr/r$seed.ndjson" "$cr/r$seed.out" \
	    > "$cr/r$seed.n" 2> "$cr/r$seed.diff" && [ "$(cat "$cr/r$seed.n")" -gt 0 ]
	then
		ok "correlation: random records (seed $seed) match a brute-force evaluation"
	else
		bad "correlation: random records (seed $seed) match a brute-force evaluation" \
		    "$(head -n 5 "$cr/r$seed.diff")"
	fi
done

# The same alerts, byte for byte, whatever the order and -j.
r="$cr/r1.ndjson"
cfecs -j 1 --rules "$CR" --alerts "$r" > "$cr/base.all"
corr_lines "$cr/base.all" > "$cr/base"
[ -s "$cr/base" ] || bad "correlation: order test has alerts" "none"
python3 -c '
import random, sys
l = open(sys.argv[1]).readlines()
random.Random(7).shuffle(l)
n = len(l)
cut = sorted(random.Random(8).sample(range(1, n), 3))
parts = [l[a:b] for a, b in zip([0] + cut, cut + [n])]
for i, p in enumerate(parts):
    open("%s/part%d.ndjson" % (sys.argv[2], i), "w").writelines(p)
open(sys.argv[2] + "/shuffled.ndjson", "w").writelines(l)
open(sys.argv[2] + "/reversed.ndjson", "w").writelines(reversed(l))
' "$r" "$cr"
mkdir -p "$cr/tree/a" "$cr/tree/b"
cp "$cr/part0.ndjson" "$cr/tree/b/x.ndjson"
gzip -c "$cr/part1.ndjson" > "$cr/tree/a/y.ndjson.gz"
cp "$cr/part2.ndjson" "$cr/tree/b/a.ndjson"
cp "$cr/part3.ndjson" "$cr/tree/z.ndjson"
for j in 1 2; do
	cfecs -j $j --rules "$CR" --alerts "$cr/shuffled.ndjson" > "$cr/o"
	corr_lines "$cr/o" > "$cr/c"
	same "correlation: shuffled records, -j$j: the same alerts" "$cr/base" "$cr/c"
	cfecs -j $j --rules "$CR" --alerts "$cr/part3.ndjson" "$cr/part2.ndjson" \
	    "$cr/part1.ndjson" "$cr/part0.ndjson" > "$cr/o"
	corr_lines "$cr/o" > "$cr/c"
	same "correlation: split across files in reverse order, -j$j" "$cr/base" "$cr/c"
	cfecs -j $j -r --rules "$CR" --alerts "$cr/tree" > "$cr/o"
	corr_lines "$cr/o" > "$cr/c"
	same "correlation: a directory tree with a gzip member, -j$j" "$cr/base" "$cr/c"
done
cat "$cr/reversed.ndjson" | cfecs --rules "$CR" --alerts > "$cr/o"
corr_lines "$cr/o" > "$cr/c"
same "correlation: reversed records on standard input" "$cr/base" "$cr/c"
cfecs -z --rules "$CR" --alerts "$r" > "$cr/o.gz"
gzip -dc "$cr/o.gz" > "$cr/o"
same "correlation: -z output holds the same alerts" "$cr/base.all" "$cr/o"

# The memory bound: a message naming the rule, exit status 1.
python3 -c '
import json
for i in range(40000):
    print(json.dumps({"EdgeStartTimestamp": 1708214400000000000 + i * 10**9,
        "ClientIP": "203.0.113.%d" % (i % 200), "ClientRequestMethod": "POST",
        "ClientRequestURI": "/login", "ClientRequestHost": "h",
        "EdgeResponseStatus": 401}))' > "$cr/many.ndjson"
status_is "correlation: past the memory bound: exit status 1" 1 \
    cfecs --correlation-memory 1M --rules "$CR" --alerts "$cr/many.ndjson"
contains "correlation: past the memory bound: the rule is named" "$T/.status.err" \
    "cfecs: correlation rule c-brute-force ($CR/hunt.yml): the memory bound of 1 MiB (--correlation-memory) is reached"
status_is "correlation: within the memory bound: exit status 0" 0 \
    cfecs --stats --rules "$CR" --alerts "$cr/many.ndjson"
contains "correlation: --stats says what the stage held" "$T/.status.err" \
    "cfecs: correlation: 0 alerts from 40000 events held in"
status_is "correlation: --correlation-memory rejects nonsense" 2 \
    cfecs --correlation-memory 12x --rules "$CR" "$cr/many.ndjson"

# Events without a time are in no window, and counted.
printf '%s\n' '{"ClientIP":"192.0.2.1","ClientRequestMethod":"POST","ClientRequestURI":"/login","ClientRequestHost":"h","EdgeResponseStatus":401,"EdgeStartTimestamp":0}' \
    > "$cr/notime.ndjson"
cfecs -d http_requests --rules "$CR" "$cr/notime.ndjson" > /dev/null 2> "$cr/notime.err"
contains "correlation: an event without @timestamp is counted" "$cr/notime.err" \
    "correlation rules: 1 matching event without @timestamp, in no window"

# Filters: the filtered events match no longer, for the rules named.
cfecs --rules "$CR" --rules tests/rules/corr-extra --alerts "$cr/ex.ndjson" \
    > "$cr/f.out"
corr_pairs "$cr/f.out" | sort > "$cr/f.got"
grep -v "c-brute-force 192.0.2.1\$" "$cr/ex.want" > "$cr/f.want"
same "filter: the office address no longer brute-forces; the rest stays" \
    "$cr/f.want" "$cr/f.got"
cfecs --rules "$CR" --rules tests/rules/corr-extra --list-rules > "$cr/list"
contains "filter: --list-rules names the rules a filter applies to" "$cr/list" \
    "$(printf 'f-office\tOffice addresses log in often\tmedium\thttp_requests\tfilter of c-failed-login')"
contains "correlation: --list-rules shows a correlation and its rules" "$cr/list" \
    "$(printf 'c-brute-then-login\tBrute force, then a login accepted\tcritical\thttp_requests\tcorrelation temporal_ordered of c-brute-force,c-login-ok by addr in 30m')"
cfecs --rules "$CR" --rules tests/rules/corr-extra --list-rules -v > "$cr/listv"
contains "filter: --list-rules -v shows a rule's filters and its correlations" \
    "$cr/listv" "$(printf 'filtered by f-office; read by correlations (no alerts of its own)')"

# Status: deprecated rules are skipped unless asked for.
if grep -q d-old-404 "$cr/list"; then
	bad "status: a deprecated rule is skipped" "$(grep d-old-404 "$cr/list")"
else
	ok "status: a deprecated rule is skipped"
fi
contains "status: --list-rules -v says why" "$cr/listv" \
    "status deprecated (--include-deprecated loads it)"
cfecs --rules tests/rules/corr-extra --include-deprecated --list-rules > "$cr/list2"
contains "status: --include-deprecated loads it" "$cr/list2" "d-old-404"

# --min-level: lower rules give no alerts, but still feed correlations.
cfecs --rules "$CR" --min-level high --alerts "$cr/ex.ndjson" > "$cr/ml.out"
python3 -c '
import json, sys
lv = {json.loads(l)["event"]["severity"] for l in open(sys.argv[1])}
print("min", min(lv))' "$cr/ml.out" > "$cr/ml.lv"
contains "--min-level high: nothing below severity 4" "$cr/ml.lv" "min 4"
corr_pairs "$cr/ml.out" | sort > "$cr/ml.got"
grep -v "^c-path-scan " "$cr/ex.want" > "$cr/ml.want"
same "--min-level high: the high correlations of low rules still fire" \
    "$cr/ml.want" "$cr/ml.got"
status_is "--min-level: an unknown level is a usage error" 2 \
    cfecs --rules "$CR" --min-level severe "$cr/ex.ndjson"

# --from/--to: events outside are dropped and counted; correlations see
# only the events kept (half of the burst across midnight is cut).
cfecs --stats --from 2024-02-18 --to 2024-02-18T00:10:00Z --rules "$CR" \
    "$cr/ex.ndjson" > "$cr/ft.out" 2> "$cr/ft.err"
python3 -c '
import json, sys
ts = [json.loads(l)["EdgeStartTimestamp"] for l in open(sys.argv[1])]
lo, hi = 1708214400 * 10**9, 1708214400 * 10**9 + 600 * 10**9
print(sum(lo <= t < hi for t in ts), sum(not lo <= t < hi for t in ts))
' "$cr/ex.ndjson" > "$cr/ft.want"
read -r keep drop < "$cr/ft.want"
if [ "$(grep -vc '"cfecs":{"correlation"' "$cr/ft.out")" -eq "$keep" ]; then
	ok "--from/--to: the events inside are written"
else
	bad "--from/--to: the events inside are written" \
	    "$(grep -vc '"cfecs":{"correlation"' "$cr/ft.out") written, $keep expected"
fi
contains "--from/--to: the rest is counted" "$cr/ft.err" "$drop outside --from/--to"
if corr_pairs "$cr/ft.out" | grep -q "c-brute-force 192.0.2.4"; then
	bad "--from: a burst cut in half no longer fires" "it fires"
else
	ok "--from: a burst cut in half no longer fires"
fi
cfecs --from 1d "$cr/ex.ndjson" > "$cr/age.out"
empty "--from 1d: records of 2024 are older" "$cr/age.out"
status_is "--from: a bad time is a usage error" 2 cfecs --from 2024-13-01 "$cr/ex.ndjson"
status_is "--to: a bad age is a usage error" 2 cfecs --to 30y "$cr/ex.ndjson"

# --summary: JSON compared with what the alerts themselves say.
cfecs -j 2 --time-precision ns --rules "$CR" --alerts --summary="$cr/sum.json" \
    "$cr/r2.ndjson" > "$cr/sum.out"
python3 - "$cr/sum.out" "$cr/sum.json" > "$cr/sum.check" <<'PY'
import json, sys, collections
rules = {}
for l in open(sys.argv[1]):
    e = json.loads(l)
    ids = e["rule"]["id"]
    for i in ids if isinstance(ids, list) else [ids]:
        r = rules.setdefault(i, {"hits": 0, "ts": [], "ip": collections.Counter(), "host": set()})
        r["hits"] += 1
        r["ts"].append(e["@timestamp"])
        if e.get("source", {}).get("ip"):
            r["ip"][e["source"]["ip"]] += 1
        h = e.get("url", {}).get("domain") or e.get("destination", {}).get("address")
        if h:
            r["host"].add(h)
got = {r["id"]: r for r in json.load(open(sys.argv[2]))["rules"]}
assert set(got) == set(rules), (sorted(got), sorted(rules))
for i, r in rules.items():
    g = got[i]
    assert g["hits"] == r["hits"], i
    assert g["first"] == min(r["ts"]) and g["last"] == max(r["ts"]), i
    assert g["hosts"] == len(r["host"]) and g["sources"] == len(r["ip"]), i
    top = sorted(r["ip"].items(), key=lambda x: (-x[1], x[0]))[:5]
    assert [(t["ip"], t["hits"]) for t in g["top_sources"]] == top, i
hits = [got[i]["hits"] for i in got]
assert hits == sorted(hits, reverse=True)
print("ok", len(got))
PY
contains "--summary: per rule hits, first and last, hosts, top sources" \
    "$cr/sum.check" "ok"
cfecs --rules "$CR" --summary "$cr/ex.ndjson" > /dev/null 2> "$cr/sum.err"
contains "--summary: a table on standard error" "$cr/sum.err" \
    "c-brute-force                        192.0.2.1 (1), 192.0.2.11 (1), 192.0.2.4 (1)"
status_is "--summary: an unwritable file is fatal" 2 \
    cfecs --rules "$CR" --summary="$cr/no/such/dir" "$cr/ex.ndjson"

# --report: one HTML page with no network references, the same rules and
# hits as --summary, opened in a real browser when there is one.
cfecs --rules "$CR" --summary="$cr/rep.json" --report "$cr/rep.html" \
    "$cr/r1.ndjson" > /dev/null
python3 - "$cr/rep.html" "$cr/rep.json" > "$cr/rep.check" <<'PY'
import html.parser, json, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
want = {r["id"]: r["hits"] for r in json.load(open(sys.argv[2]))["rules"]}
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.svg, self.title, self.sums, self.ext = 0, False, [], []
    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("src", "href") or (k != "xmlns" and v and "://" in v):
                self.ext.append((tag, k, v))
        if tag in ("script", "link", "img", "iframe", "object"):
            self.ext.append((tag,))
        if tag == "svg":
            self.svg += 1
            self.sums.append(0)
        self.title = tag == "title" and self.svg > 0
    def handle_data(self, d):
        if self.title:
            self.sums[-1] += int(d)
    def handle_endtag(self, tag):
        self.title = False
p = P()
p.feed(page)
assert not p.ext, p.ext
assert p.svg == len(want), (p.svg, want)
heads = re.findall(r"<small>\(([^,]*), (\d+) hits?\)</small>", page)
assert {h: int(n) for h, n in heads} == want, heads
assert [want[h] for h, _ in heads] == p.sums, (heads, p.sums)
print("ok")
PY
contains "--report: rules, hits and timelines as --summary says, nothing fetched" \
    "$cr/rep.check" ok
status_is "--report: an unwritable file is fatal" 2 \
    cfecs --rules "$CR" --report "$cr/no/such.html" "$cr/ex.ndjson"
if command -v chromium > /dev/null 2>&1; then
	prof=$(mktemp -d "$cr/chromium.XXXXXX")
	copts="--headless --no-sandbox --disable-gpu --disable-background-networking \
--disable-component-update --no-first-run --user-data-dir=$prof"
	# shellcheck disable=SC2086
	timeout 120 chromium $copts --dump-dom "file://$cr/rep.html" \
	    > "$cr/rep.dom" 2> /dev/null || true
	# shellcheck disable=SC2086
	timeout 120 chromium $copts --window-size=1000,1400 \
	    --screenshot="$cr/rep.png" "file://$cr/rep.html" > /dev/null 2>&1 || true
	python3 - "$cr/rep.dom" "$cr/rep.png" "$cr/rep.json" > "$cr/browser.check" <<'PY'
import json, struct, sys
dom = open(sys.argv[1], encoding="utf-8").read()
want = json.load(open(sys.argv[3]))["rules"]
assert dom.count("<svg") == len(want), dom.count("<svg")
for r in want:
    assert r["id"] in dom, r["id"]
png = open(sys.argv[2], "rb").read()
assert png[:8] == b"\x89PNG\r\n\x1a\n"
w, h = struct.unpack(">II", png[16:24])
assert (w, h) == (1000, 1400) and len(png) > 20000, (w, h, len(png))
print("ok")
PY
	contains "--report: headless Chromium renders the page (DOM and screenshot)" \
	    "$cr/browser.check" ok
else
	echo "SKIP --report in a browser: chromium is not installed (not counted)" >&2
fi

# Correlations that cannot run are named with the reason; the rest run.
cfecs --rules tests/rules/corr-broken --list-rules -v > "$cr/bl" 2> "$cr/be"
for m in "'Sum of bytes': correlation type 'value_sum' is not supported (event_count, value_count, temporal, temporal_ordered)" \
    "'Weeks': correlation: timespan '2w' is not a number and one of s m h d" \
    "'No count': correlation: value_count needs a field in its condition" \
    "'No user here': field 'cs-username' is not in the logs of rule k-base" \
    "'Outer by host': 'cs-host' is not a group-by field of correlation k-user2" \
    "'Loop A': correlation: its references form a cycle"; do
	contains "correlation: refused: $m" "$cr/be" "$m; rule skipped"
done
contains "correlation: the good one beside them loads" "$cr/bl" \
    "$(printf 'k-user2\tInner by address\tmedium\thttp_requests\tcorrelation event_count of k-base by c-ip in 1h')"

# An event that matches two rules of one event_count counts once.
cat > "$cr/twice.yml" <<'YML'
title: Not found
id: t-nf
logsource:
    category: webserver
detection:
    selection:
        sc-status: 404
    condition: selection
---
title: Not found, under another name
id: t-nf2
logsource:
    category: webserver
detection:
    selection:
        EdgeResponseStatus: 404
    condition: selection
---
title: Many not found
id: t-many
correlation:
    type: event_count
    rules:
        - t-nf
        - t-nf2
    group-by:
        - c-ip
    timespan: 10m
    condition:
        gte: 60
        lte: 60
YML
cfecs --rules "$cr/twice.yml" --alerts "$cr/ex.ndjson" > "$cr/twice.out"
python3 -c '
import json, sys
for l in open(sys.argv[1]):
    e = json.loads(l)
    if "correlation" in e.get("cfecs", {}):
        print(e["source"]["ip"], e["cfecs"]["correlation"]["count"],
              e["cfecs"]["correlation"]["events"])' "$cr/twice.out" > "$cr/twice.got"
contains "correlation: an event of two of its rules counts once (a range, eq 60)" \
    "$cr/twice.got" "192.0.2.5 60 60"

# A damaged gzip member feeds no correlation: its events are held until
# the checksum and dropped when it fails, and so are their facts.
grep -F '"192.0.2.4"' "$cr/ex.ndjson" > "$cr/bf.lines"
head -n 1 samples/http_requests.ndjson > "$cr/filler.line"
python3 -c '
import sys
f = open(sys.argv[1]).read() * 3000
sys.stdout.write(f + open(sys.argv[2]).read() + f)' \
    "$cr/filler.line" "$cr/bf.lines" | gzip -n > "$cr/bf.log.gz"
python3 -c '
import sys
d = bytearray(open(sys.argv[1], "rb").read())
d[-6] ^= 1          # the CRC-32 in the trailer
open(sys.argv[2], "wb").write(d)' "$cr/bf.log.gz" "$cr/bf-bad.log.gz"
cfecs --rules "$CR" --alerts "$cr/bf.log.gz" > "$cr/bf.out" 2>&1 || true
contains "correlation: a whole member fires its brute force" "$cr/bf.out" \
    c-brute-force
for j in 1 2; do
	status_is "correlation: a damaged member fails (-j $j)" 1 \
	    cfecs -j "$j" --rules "$CR" --alerts "$cr/bf-bad.log.gz"
	if grep -q c-brute-force "$T/.status.out"; then
		bad "correlation: a damaged member raises no alert (-j $j)" \
		    "$(grep -c c-brute-force "$T/.status.out") alerts"
	else
		ok "correlation: a damaged member raises no alert (-j $j)"
	fi
done
