# Hostile and broken inputs: each gives its message and exit status, and
# no crash, hang or lost record.  Sourced by run.sh.

h="$T/hostile"
mkdir -p "$h"
good=samples/dns_logs.ndjson
$CFECS --no-provenance "$good" > "$h/good.out"

# A tar whose last member is cut short: the members before it come out.
mkdir -p "$h/t"
cp "$good" "$h/t/a.ndjson"
cat "$good" "$good" "$good" "$good" > "$h/t/b.ndjson"
(cd "$h/t" && tar -cf ../cut.tar a.ndjson b.ndjson)
# a.ndjson: header and data in 512-byte blocks; b.ndjson's header, then
# cut 2000 bytes into b's data.
asize=$(( ($(wc -c < "$h/t/a.ndjson") + 511) / 512 * 512 ))
head -c $((512 + asize + 512 + 2000)) "$h/cut.tar" > "$h/cut2.tar"
status_is "truncated tar member: exit 1" 1 $CFECS "$h/cut2.tar"
$CFECS --no-provenance "$h/cut2.tar" > "$h/cut2.out" 2> "$h/cut2.err" || true
head -n 6 "$h/cut2.out" > "$h/cut2.first"
same "truncated tar: first member intact" "$h/cut2.first" "$h/good.out"
contains "truncated tar: member named" "$h/cut2.err" "cfecs: $h/cut2.tar(b.ndjson)"
n=$(wc -l < "$h/cut2.out")
[ "$n" -gt 6 ] && ok "truncated tar: whole lines of the cut member out" ||
    bad "truncated tar: whole lines of the cut member out" "$n lines"
contains "truncated tar: the cut line is reported" "$h/cut2.err" "record cut short by a read error"

# A zip with a corrupt entry: reported, exit 1, no crash.
(cd "$h/t" && zip -q -X ../bad.zip a.ndjson b.ndjson)
# Overwrite bytes inside the second entry's compressed data.
off=$(($(wc -c < "$h/bad.zip") / 2))
printf 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' | dd of="$h/bad.zip" bs=1 seek="$off" conv=notrunc 2>/dev/null
status_is "zip with a bad entry: exit 1" 1 $CFECS "$h/bad.zip"
$CFECS "$h/bad.zip" > /dev/null 2> "$h/zip.err" || true
contains "zip with a bad entry: located" "$h/zip.err" "cfecs: $h/bad.zip"

# A file that is not there, a zero-byte .gz, and a directory.
: > "$h/zero.gz"
status_is "zero-byte .gz: exit 0" 0 $CFECS "$h/zero.gz"

# 50 MB on one line: over the 16 MiB cap, rejected, memory stays bounded.
{ printf '{"QueryName":"'; head -c 52428800 /dev/zero | tr '\0' a; printf '"}\n'; cat "$good"; } > "$h/huge.ndjson"
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f %M -o "$h/base.rss" "$CFECS_BIN" "$good" > /dev/null
	/usr/bin/time -f %M -o "$h/huge.rss" "$CFECS_BIN" --no-provenance "$h/huge.ndjson" > "$h/huge.out" 2> "$h/huge.err" || true
	base=$(tail -n 1 "$h/base.rss")
	rss=$(tail -n 1 "$h/huge.rss")
	# The cap is 16 MiB: the part of the line kept, plus read buffers.
	[ $((rss - base)) -lt "${RSS_SLACK:-40960}" ] && ok "50 MB line: peak RSS ${rss} KiB (small file: ${base} KiB)" ||
	    bad "50 MB line: memory bounded" "peak RSS $rss KiB, small file $base KiB"
else
	"$CFECS_BIN" --no-provenance "$h/huge.ndjson" > "$h/huge.out" 2> "$h/huge.err" || true
	bad "50 MB line: memory" "/usr/bin/time not installed"
fi
contains "50 MB line: rejected with its line" "$h/huge.err" "cfecs: $h/huge.ndjson:1: record longer than 16777216 bytes"
same "50 MB line: the records after it converted" "$h/huge.out" "$h/good.out"

# 10,000 levels of nesting.
awk 'BEGIN { s = ""; for (i = 0; i < 10000; i++) s = s "{\"a\":"; printf "%s1", s; for (i = 0; i < 10000; i++) printf "}"; print "" }' > "$h/deep.ndjson"
cat "$good" >> "$h/deep.ndjson"
status_is "10,000 levels: exit 1" 1 $CFECS "$h/deep.ndjson"
$CFECS --no-provenance "$h/deep.ndjson" > "$h/deep.out" 2> "$h/deep.err" || true
contains "10,000 levels: said so" "$h/deep.err" "cfecs: $h/deep.ndjson:1: invalid JSON: nested deeper than 1000 levels"
same "10,000 levels: the rest converted" "$h/deep.out" "$h/good.out"

# Invalid UTF-8 and NUL bytes inside strings: valid UTF-8 JSON out.
printf '{"QueryName":"bad\377\376utf8\303","ColoCode":"a\\u0000b","SourceIP":"192.0.2.1","Timestamp":1708214400987654321,"QueryType":1}\n' > "$h/utf.ndjson"
printf '{"QueryName":"raw\000nul","ColoCode":"x","SourceIP":"192.0.2.1","Timestamp":1708214400987654321,"QueryType":1}\n' >> "$h/utf.ndjson"
status_is "invalid UTF-8 and NUL: converted" 0 $CFECS "$h/utf.ndjson"
$CFECS "$h/utf.ndjson" > "$h/utf.out"
if iconv -f UTF-8 -t UTF-8 "$h/utf.out" > /dev/null 2>&1; then ok "output is valid UTF-8"
else bad "output is valid UTF-8" "iconv refuses it"; fi
contains "invalid bytes become U+FFFD" "$h/utf.out" "$(printf '"QueryName":"bad\357\277\275\357\277\275utf8\357\277\275"')"
contains "an escaped NUL is kept as \\u0000" "$h/utf.out" '"ColoCode":"a\u0000b"'
contains "a raw NUL is written as \\u0000" "$h/utf.out" '"QueryName":"raw\u0000nul"'
if jq -e . "$h/utf.out" > /dev/null 2>&1; then ok "output is valid JSON"
else bad "output is valid JSON" "jq refuses it"; fi

# Duplicate keys: the last one wins, once.
printf '%s\n' '{"QueryName":"first.example","QueryName":"second.example","SourceIP":"192.0.2.1","Timestamp":1708214400,"QueryType":1,"X":1,"X":2}' > "$h/dup.ndjson"
$CFECS "$h/dup.ndjson" > "$h/dup.out"
contains "duplicate key: last wins in ECS" "$h/dup.out" '"question":{"name":"second.example"'
contains "duplicate key: once in the passthrough" "$h/dup.out" '"cloudflare":{"QueryName":"second.example","SourceIP":"192.0.2.1","Timestamp":1708214400,"QueryType":1,"X":2}'

# A number with 400 digits keeps every digit.
d400=$(head -c 400 /dev/zero | tr '\0' 7)
printf '{"QueryName":"x","Huge":%s}\n' "$d400" > "$h/n400.ndjson"
$CFECS "$h/n400.ndjson" > "$h/n400.out" 2> "$h/n400.err" || true
contains "400 digits survive" "$h/n400.out" "\"Huge\":\"$d400\""

# Times far outside the range: no ECS date, the raw value kept.
for v in 99999999999999999999999 -1658281671 '"0001-01-01T00:00:00Z"' '"9999-12-31T23:59:59Z"' '"2262-04-12T00:00:00Z"' 0; do
	printf '{"Datetime":%s,"Action":"block","Kind":"firewall","RayID":"1"}\n' "$v" > "$h/far.ndjson"
	$CFECS "$h/far.ndjson" > "$h/far.out"
	if grep -q '@timestamp' "$h/far.out"; then bad "time $v: no date" "$(cat "$h/far.out")"
	else ok "time $v: no date"; fi
	contains "time $v: raw kept" "$h/far.out" '"Datetime":'
done

# A Logpush file with a trailing non-JSON line (a streaming error note).
{ cat "$good"; echo 'Error Streaming Data'; } > "$h/trail.ndjson"
status_is "trailing garbage line: exit 1" 1 $CFECS "$h/trail.ndjson"
$CFECS --no-provenance "$h/trail.ndjson" > "$h/trail.out" 2> "$h/trail.err" || true
same "trailing garbage line: records out" "$h/trail.out" "$h/good.out"
contains "trailing garbage line: located" "$h/trail.err" "cfecs: $h/trail.ndjson:7: invalid JSON"

# A file whose read fails (even for root): /proc/self/mem.
if [ -r /proc/self/mem ]; then
	status_is "read error: exit 1" 1 $CFECS /proc/self/mem
	$CFECS /proc/self/mem 2> "$h/mem.err" > /dev/null || true
	contains "read error: named" "$h/mem.err" "cfecs: /proc/self/mem: read error: Input/output error"
fi

# Every record accounted for: read = converted + rejected.
{ head -n 2 "$good"; echo '{"QueryName":"broken",'; echo '[1,2]'; tail -n +3 "$good"; } > "$h/bad.ndjson"
cat "$h/bad.ndjson" "$h/deep.ndjson" "$h/trail.ndjson" "$h/dup.ndjson" > "$h/all.ndjson"
$CFECS --stats "$h/all.ndjson" > "$h/all.out" 2> "$h/all.err" || true
line=$(grep "^cfecs: $h/all.ndjson: " "$h/all.err")
read_n=$(echo "$line" | sed 's/.*: \([0-9]*\) read.*/\1/')
conv_n=$(echo "$line" | sed 's/.* read, \([0-9]*\) converted.*/\1/')
rej_n=$(echo "$line" | sed 's/.* converted, \([0-9]*\) rejected.*/\1/')
lines=$(grep -cv '^[[:space:]]*$' "$h/all.ndjson")
[ "$read_n" -eq "$lines" ] && ok "--stats: read = non-blank lines ($lines)" || bad "--stats read" "$line"
[ "$read_n" -eq $((conv_n + rej_n)) ] && ok "--stats: read = converted + rejected" || bad "--stats invariant" "$line"
[ "$(wc -l < "$h/all.out")" -eq "$conv_n" ] && ok "--stats: converted = lines out" || bad "--stats converted" "$line"

# Duplicate keys deeper down, or made equal by U+FFFD: still one key each.
printf '%s\n' '{"RequestHeaders":{"a":"1","b":"2","a":"3"},"RayID":"r","ClientIP":"192.0.2.1"}' > "$h/dup2.ndjson"
printf '{"\377":1,"\376":2,"RayID":"r"}\n' >> "$h/dup2.ndjson"
$CFECS "$h/dup2.ndjson" > "$h/dup2.out"
contains "nested duplicate key: once, last wins" "$h/dup2.out" '"RequestHeaders":{"b":"2","a":"3"}'
contains "keys equal after U+FFFD: once" "$h/dup2.out" "$(printf '"cloudflare":{"\357\277\275":2,"RayID":"r"}')"
# 100,000 distinct unknown keys and 100,000 duplicates: linear time.
awk 'BEGIN { printf "{"; for (i = 0; i < 100000; i++) printf "\"k%d\":%d,", i, i; for (i = 0; i < 100000; i++) printf "\"d\":%d,", i; print "\"RayID\":\"r\"}" }' > "$h/keys.ndjson"
if timeout 20 "$CFECS_BIN" "$h/keys.ndjson" > "$h/keys.out"; then
	ok "200,000 keys in one record: converted in time"
else
	bad "200,000 keys in one record" "timed out or failed"
fi
contains "200,000 keys: the duplicate once, last value" "$h/keys.out" '"d":99999,"RayID":"r"}'

# Hidden directories: skipped inside archives, but an operand may lie below one.
mkdir -p "$h/hd/x/.git" "$h/hd/x/logs" "$h/.hidden-root/d"
cp "$good" "$h/hd/x/.git/a.ndjson"
cp "$good" "$h/hd/x/logs/b.ndjson"
(cd "$h/hd" && tar -cf ../hd.tar ./x)
$CFECS --no-provenance "$h/hd.tar" > "$h/hd.out"
same "archive: members in hidden directories skipped" "$h/hd.out" "$h/good.out"
cp "$good" "$h/.hidden-root/d/c.ndjson"
$CFECS --no-provenance -r "$h/.hidden-root" > "$h/hr.out"
same "-r below a hidden directory still reads" "$h/hr.out" "$h/good.out"
