# Workflows: bulk loading, gzip output, --check for CI, resumable runs,
# progress on a terminal.  Sourced by run.sh.

w="$T/workflow"
mkdir -p "$w"
src=samples/http_requests.ndjson

# -- --bulk: alternating action and document lines, valid JSON --
$CFECS --bulk 'logs-cloudflare-%Y.%m.%d' "$src" > "$w/bulk.out"
$CFECS "$src" > "$w/plain.out"
n=$(wc -l < "$w/plain.out")
[ "$(wc -l < "$w/bulk.out")" -eq $((2 * n)) ] && ok "--bulk: two lines per event" ||
    bad "--bulk: two lines per event" "$(wc -l < "$w/bulk.out")"
awk 'NR % 2 == 0' "$w/bulk.out" > "$w/bulk.docs"
same "--bulk: documents = plain output" "$w/bulk.docs" "$w/plain.out"
awk 'NR % 2 == 1' "$w/bulk.out" > "$w/bulk.actions"
if jq -e -s 'all(.[]; .index._index | test("^logs-cloudflare-[0-9]{4}\\.[0-9]{2}\\.[0-9]{2}$"))' "$w/bulk.actions" > /dev/null; then
	ok "--bulk: every action names a dated index"
else
	bad "--bulk: action lines" "$(head -n 2 "$w/bulk.actions")"
fi
head -n 1 "$w/bulk.actions" > "$w/a1"
contains "--bulk: date from @timestamp" "$w/a1" '{"index":{"_index":"logs-cloudflare-2024.02.17",'
if jq -e . "$w/bulk.out" > /dev/null 2>&1; then ok "--bulk: every line is JSON"
else bad "--bulk: every line is JSON" ""; fi
$CFECS --bulk 'cf-%Y%m%d-%H' --id-field event.id "$src" | head -n 1 > "$w/id.out"
contains "--id-field event.id" "$w/id.out" '{"index":{"_index":"cf-20240217-23","_id":"85710d3b5c8e4a1f"}}'
$CFECS --bulk cf --id-field RayID "$src" | head -n 1 > "$w/id2.out"
contains "--id-field with a Logpush field" "$w/id2.out" '"_id":"85710d3b5c8e4a1f"'
printf '%s\n' '{"Whatever":1}' | $CFECS --bulk 'x-%Y' > "$w/nodate.out"
contains "--bulk without a time" "$w/nodate.out" '{"index":{"_index":"x-unknown",'
status_is "--id-field without --bulk: usage error" 2 $CFECS --id-field RayID "$src"

# -- gzip output that gzip -t accepts, equal to the plain output --
$CFECS -z "$src" > "$w/out.gz"
check "-z: gzip -t accepts it" gzip -t "$w/out.gz"
gzip -dc "$w/out.gz" > "$w/gunz.out"
same "-z: content = plain output" "$w/gunz.out" "$w/plain.out"
$CFECS -r samples -o "$w/all.ndjson.gz"
$CFECS -r samples > "$w/all.plain"
gzip -dc "$w/all.ndjson.gz" > "$w/all.gunz"
same "-o FILE.gz over many files = plain" "$w/all.gunz" "$w/all.plain"

# -- --check: a CI gate --
mkdir -p "$w/ci/good" "$w/ci/bad"
cp samples/dns_logs.ndjson samples/firewall_events.ndjson "$w/ci/good/"
status_is "--check on good samples: exit 0" 0 $CFECS --check "$w/ci/good"
$CFECS --check "$w/ci/good" > "$w/check.out" 2> "$w/check.err"
empty "--check writes nothing on stdout" "$w/check.out"
contains "--check summary" "$w/check.err" "cfecs: check: 12 records, 12 converted, 0 rejected, 0 unknown dataset, 0 not valid ECS: ok"
{ cat samples/dns_logs.ndjson; echo '{"broken":'; echo '{"NotCloudflare":1}'; } > "$w/ci/bad/x.ndjson"
status_is "--check with a bad record: exit 1" 1 $CFECS --check "$w/ci/bad"
$CFECS --check "$w/ci/bad" > /dev/null 2> "$w/checkbad.err" || true
contains "--check: the bad record located" "$w/checkbad.err" "cfecs: $w/ci/bad/x.ndjson:7: invalid JSON"
contains "--check: the unknown dataset located" "$w/checkbad.err" "cfecs: $w/ci/bad/x.ndjson:8: dataset not recognised"
contains "--check: failing summary" "$w/checkbad.err" "cfecs: check: 8 records, 7 converted, 1 rejected, 1 unknown dataset, 0 not valid ECS, 1 without a readable time: FAILED"

# -- --state: a rerun converts only new or changed files --
mkdir -p "$w/dump/d1"
gzip -n -c samples/dns_logs.ndjson > "$w/dump/d1/a.log.gz"
gzip -n -c samples/firewall_events.ndjson > "$w/dump/d1/b.log.gz"
$CFECS --state "$w/state" -r "$w/dump" > "$w/run1.out"
[ "$(wc -l < "$w/run1.out")" -eq 12 ] && ok "--state: first run converts all" || bad "--state run 1" "$(wc -l < "$w/run1.out")"
$CFECS --state "$w/state" -r "$w/dump" > "$w/run2.out"
empty "--state: second run converts nothing" "$w/run2.out"
gzip -n -c samples/http_requests.ndjson > "$w/dump/d1/c.log.gz"
$CFECS --no-provenance --state "$w/state" -r "$w/dump" > "$w/run3.out"
$CFECS --no-provenance samples/http_requests.ndjson > "$w/http.out"
same "--state: third run converts only the new file" "$w/run3.out" "$w/http.out"
touch -d '2001-01-01' "$w/dump/d1/a.log.gz"
$CFECS --no-provenance --state "$w/state" -r "$w/dump" > "$w/run4.out"
$CFECS --no-provenance samples/dns_logs.ndjson > "$w/dns.out"
same "--state: a changed file is converted again" "$w/run4.out" "$w/dns.out"
$CFECS -v --state "$w/state" -r "$w/dump" > /dev/null 2> "$w/state.err"
contains "--state -v: skips are noted" "$w/state.err" "skipped: converted before"
# A damaged file is not recorded, so the next run tries it again.
head -c 300 "$w/dump/d1/b.log.gz" > "$w/dump/d1/e.log.gz"
$CFECS --state "$w/state" -r "$w/dump" > /dev/null 2>&1 || true
if grep -q 'e.log.gz' "$w/state"; then bad "--state: a damaged file is not recorded" "$(cat "$w/state")"
else ok "--state: a damaged file is not recorded"; fi

# -- progress: on a terminal only, erased at the end --
if command -v script > /dev/null 2>&1; then
	big="$w/big.ndjson"
	i=0
	while [ $i -lt 3000 ]; do cat "$src"; i=$((i + 1)); done > "$big"
	# The input stops in the middle (its feeder waits on a gate) until
	# the terminal has shown a progress line, however fast the conversion.
	# script -f writes the session into a FIFO as it goes; the line has
	# no newline, so the bytes are watched, not lines.
	rm -f "$w/gate" "$w/log.fifo"
	mkfifo "$w/gate" "$w/log.fifo"
	script -qfec "sh -c '{ cat $big; cat $w/gate; cat $big; } | $CFECS_BIN -o /dev/null'" \
	    "$w/log.fifo" > /dev/null 2>&1 &
	w_script=$!
	tee "$w/tty.log" < "$w/log.fifo" | {
		# (A bound on the wait: without a progress line the gate stays shut.)
		timeout 60 python3 -c 'import os, sys
seen = b""
while b"records" not in seen:
    b = os.read(0, 4096)
    if not b:
        sys.exit(1)
    seen = seen[-16:] + b' || true
		: > "$w/gate"
		cat > /dev/null
	}
	wait $w_script || true
	if grep -q 'records' "$w/tty.log" && grep -q "$(printf '\033\\[K')" "$w/tty.log"; then
		ok "progress: drawn on a terminal and erased"
	else
		bad "progress on a terminal" "$(od -c "$w/tty.log" | head -n 5)"
	fi
	$CFECS_BIN -o /dev/null "$big" "$big" 2> "$w/notty.err"
	empty "progress: nothing when stderr is not a terminal" "$w/notty.err"
	script -qec "$CFECS_BIN -q -o /dev/null $big" "$w/ttyq.log" > /dev/null 2>&1 || true
	if grep -q 'records' "$w/ttyq.log"; then bad "progress: none with -q" "$(head -c 200 "$w/ttyq.log")"
	else ok "progress: none with -q"; fi
else
	bad "progress under a pseudo-terminal" "script(1) not installed"
fi
