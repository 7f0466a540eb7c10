# Golden outputs, the reference sample, exact numbers, and the same
# records through every container cfecs reads.  Sourced by tests/run.sh.

# -- goldens: each sample, converted with detection, byte for byte --
mkdir -p tests/golden
for s in samples/*.ndjson; do
	b=$(basename "$s" .ndjson)
	$CFECS "$s" > "$T/$b.out" 2> "$T/$b.err" || true
	golden "golden $b" "$T/$b.out" "tests/golden/$b.ecs.ndjson"
	empty "golden $b: no messages" "$T/$b.err"
done

# -- the reference sample (Logpush's default fields), every named field --
seed='{"ClientIP":"34.142.121.18","ClientRequestHost":"foo-bar-baz.xyz","ClientRequestMethod":"GET","ClientRequestURI":"/wp1/wp-includes/wlwmanifest.xml","EdgeEndTimestamp":1658281702371000000,"EdgeResponseBytes":279,"EdgeResponseStatus":522,"EdgeStartTimestamp":1658281671671000000,"RayID":"72d807ffeba5753d"}'
printf '%s\n' "$seed" | $CFECS > "$T/seed.out"
for want in \
    '"@timestamp":"2022-07-20T01:47:51.671000Z"' \
    '"start":"2022-07-20T01:47:51.671000Z"' \
    '"end":"2022-07-20T01:48:22.371000Z"' \
    '"duration":30700000000' \
    '"source":{"ip":"34.142.121.18","address":"34.142.121.18"}' \
    '"destination":{"address":"foo-bar-baz.xyz"}' \
    '"method":"GET"' \
    '"response":{"status_code":522,"bytes":279}' \
    '"path":"/wp1/wp-includes/wlwmanifest.xml"' \
    '"observer":{"vendor":"Cloudflare","type":"proxy"}' \
    '"related":{"ip":["34.142.121.18"]' \
    '"kind":"event","category":["web"],"type":["access"]' \
    '"dataset":"http_requests"' \
    '"cloudflare":{"ClientIP":"34.142.121.18","ClientRequestHost":"foo-bar-baz.xyz","ClientRequestMethod":"GET","ClientRequestURI":"/wp1/wp-includes/wlwmanifest.xml","EdgeEndTimestamp":"1658281702371000000","EdgeResponseBytes":279,"EdgeResponseStatus":522,"EdgeStartTimestamp":"1658281671671000000","RayID":"72d807ffeba5753d"}'
do
	contains "seed sample: $want" "$T/seed.out" "$want"
done
golden "seed sample, whole line" "$T/seed.out" tests/golden/seed.ecs.ndjson

# -- exact nanoseconds and 64-bit integers --
printf '%s\n' '{"EdgeStartTimestamp":1658281671671000123,"EdgeEndTimestamp":1658281702371999999,"RayID":"72d807ffeba5753d","ClientIP":"192.0.2.1","Big":9223372036854775807,"Neg":-9007199254740993,"Small":9007199254740991,"F":1.54,"E":1e400}' |
    $CFECS --time-precision ns > "$T/ns.out"
contains "ns start" "$T/ns.out" '"start":"2022-07-20T01:47:51.671000123Z"'
contains "ns end" "$T/ns.out" '"end":"2022-07-20T01:48:22.371999999Z"'
contains "ns duration exact" "$T/ns.out" '"duration":30700999876'
contains "ns passthrough" "$T/ns.out" '"EdgeStartTimestamp":"1658281671671000123"'
contains "int64 max survives" "$T/ns.out" '"Big":"9223372036854775807"'
contains "negative big int as string" "$T/ns.out" '"Neg":"-9007199254740993"'
contains "2^53-1 stays a number" "$T/ns.out" '"Small":9007199254740991'
contains "float keeps its text" "$T/ns.out" '"F":1.54'
contains "huge exponent keeps its text" "$T/ns.out" '"E":1e400'
printf '%s\n' '{"EdgeStartTimestamp":1658281671999999999,"RayID":"x","ClientIP":"192.0.2.1"}' |
    $CFECS > "$T/trunc.out"
contains "6 digits truncate, never round" "$T/trunc.out" '"@timestamp":"2022-07-20T01:47:51.999999Z"'
for p in s:2022-07-20T01:47:51Z ms:2022-07-20T01:47:51.999Z us:2022-07-20T01:47:51.999999Z ns:2022-07-20T01:47:51.999999999Z; do
	printf '%s\n' '{"EdgeStartTimestamp":1658281671999999999,"RayID":"x"}' |
	    $CFECS --time-precision "${p%%:*}" > "$T/prec.out"
	contains "--time-precision ${p%%:*}" "$T/prec.out" "\"@timestamp\":\"${p#*:}\""
done

# Every encoding Logpush writes gives the same instant.
for v in 1658281671 '"1658281671"' '"2022-07-20T01:47:51Z"' '"2022-07-20T03:47:51+02:00"' '"2022-07-20t01:47:51.000z"' 1658281671000000000; do
	printf '{"Datetime":%s,"Action":"block","Kind":"firewall","Source":"waf","RayID":"1"}\n' "$v" |
	    $CFECS > "$T/enc.out"
	contains "time encoding $v" "$T/enc.out" '"@timestamp":"2022-07-20T01:47:51.000000Z"'
done
printf '%s\n' '{"ScriptName":"w","Outcome":"ok","EventTimestampMs":1658281671671,"EventType":"fetch"}' |
    $CFECS -d workers_trace_events > "$T/ms.out"
contains "integer milliseconds" "$T/ms.out" '"@timestamp":"2022-07-20T01:47:51.671000Z"'
printf '%s\n' '{"Datetime":1658281671,"Action":"block","Kind":"firewall","RayID":"1"}' |
    $CFECS --time-format unixnano > "$T/forced.out"
contains "--time-format unixnano reads seconds as ns" "$T/forced.out" '"@timestamp":"1970-01-01T00:00:01.658281Z"'
for v in 'unix:1658281671000000000' 'rfc3339:1658281671' 'unix:"2022-07-20T01:47:51Z"'; do
	printf '{"Datetime":%s,"Action":"block","Kind":"firewall","RayID":"1"}\n' "${v#*:}" |
	    $CFECS --time-format "${v%%:*}" > "$T/forced.out"
	if grep -q '@timestamp' "$T/forced.out"; then
		bad "--time-format ${v%%:*} rejects ${v#*:}" "$(cat "$T/forced.out")"
	else
		ok "--time-format ${v%%:*} rejects ${v#*:}"
	fi
	contains "--time-format: raw value kept" "$T/forced.out" "\"Datetime\":"
done
contains "--time-format: big raw value kept exactly" "$T/forced.out" '"Datetime":"2022-07-20T01:47:51Z"'

printf '%s\n' '{"Datetime":"1970-01-01T00:00:00Z","Action":"block","Kind":"firewall","RayID":"1"}' |
    $CFECS > "$T/epoch.out"
if grep -q '@timestamp' "$T/epoch.out"; then bad "epoch 0 is no date" "$(cat "$T/epoch.out")"
else ok "epoch 0 is no date"; fi

# -- empty values, nulls and zeros --
printf '%s\n' '{"RayID":"r1","ClientIP":"","OriginIP":null,"ClientSrcPort":0,"WorkerSubrequest":false,"SecuritySources":[],"Cookies":{},"EdgeStartTimestamp":1658281671671000000}' |
    $CFECS > "$T/empty.out"
contains "port 0 kept" "$T/empty.out" '"port":0'
contains "false, [] and {} kept" "$T/empty.out" '"ClientSrcPort":0,"WorkerSubrequest":false,"SecuritySources":[],"Cookies":{}'
if grep -q '"ClientIP"\|"OriginIP"\|"source":{"ip"' "$T/empty.out"; then
	bad "empty string and null dropped" "$(cat "$T/empty.out")"
else
	ok "empty string and null dropped"
fi
printf '%s\n' '{"RayID":"r1","ClientIP":"","OriginIP":null,"EdgeStartTimestamp":1658281671671000000}' |
    $CFECS --keep-empty > "$T/keep.out"
contains "--keep-empty" "$T/keep.out" '"ClientIP":"","OriginIP":null'

# -- the same records through every container --
src=samples/http_requests.ndjson
$CFECS --no-provenance "$src" > "$T/plain.out"
c="$T/c"
mkdir -p "$c/in"
cp "$src" "$c/in/a.ndjson"
cp samples/dns_logs.ndjson "$c/in/b.ndjson"
cat "$c/in/a.ndjson" "$c/in/b.ndjson" > "$c/ab.ndjson"
$CFECS --no-provenance "$c/ab.ndjson" > "$T/ab.out"
gzip -n -c "$src" > "$c/one.gz"
# Two gzip members in one file, as multipart uploads produce.
head -n 3 "$src" | gzip -n -c > "$c/multi.gz"
tail -n +4 "$src" | gzip -n -c >> "$c/multi.gz"
# A gzip member that holds nothing, between two others.
head -n 3 "$src" | gzip -n -c > "$c/hole.gz"
: | gzip -n -c >> "$c/hole.gz"
tail -n +4 "$src" | gzip -n -c >> "$c/hole.gz"
for z in "bzip2 bz2" "xz xz" "zstd zst"; do
	set -- $z
	if command -v "$1" >/dev/null 2>&1; then
		"$1" -c < "$src" > "$c/one.$2"
	fi
done
(cd "$c/in" && tar -cf ../plain.tar a.ndjson b.ndjson)
(cd "$c/in" && tar -czf ../plain.tgz a.ndjson b.ndjson)
(cd "$c/in" && zip -q -X ../plain.zip a.ndjson b.ndjson)
mkdir -p "$c/gz"
gzip -n -c "$c/in/a.ndjson" > "$c/gz/a.ndjson.gz"
gzip -n -c "$c/in/b.ndjson" > "$c/gz/b.ndjson.gz"
(cd "$c/gz" && tar -cf ../gz.tar a.ndjson.gz b.ndjson.gz)
(cd "$c/gz" && zip -q -X ../gz.zip a.ndjson.gz b.ndjson.gz)
(cd "$c/gz" && tar -czf ../gz.tgz a.ndjson.gz b.ndjson.gz)
for f in one.gz multi.gz hole.gz one.bz2 one.xz one.zst; do
	[ -f "$c/$f" ] || { bad "container $f" "compressor not installed"; continue; }
	$CFECS --no-provenance "$c/$f" > "$T/$f.out"
	same "container $f = plain" "$T/$f.out" "$T/plain.out"
	$CFECS --no-provenance < "$c/$f" > "$T/$f.stdin.out"
	same "container $f on stdin = plain" "$T/$f.stdin.out" "$T/plain.out"
done
for f in plain.tar plain.tgz plain.zip gz.tar gz.zip gz.tgz; do
	$CFECS --no-provenance "$c/$f" > "$T/$f.out" 2> "$T/$f.err"
	same "archive $f = plain" "$T/$f.out" "$T/ab.out"
	empty "archive $f: no messages" "$T/$f.err"
	$CFECS --no-provenance - < "$c/$f" > "$T/$f.stdin.out"
	same "archive $f from a pipe = plain" "$T/$f.stdin.out" "$T/ab.out"
done

# Empty inputs are valid and produce nothing.
: > "$c/empty"
: | gzip -n -c > "$c/empty.gz"
printf '\n\n  \r\n' > "$c/blank"
(cd "$c" && tar -cf empty.tar --files-from /dev/null)
for f in empty empty.gz blank; do
	status_is "empty input $f: exit 0" 0 $CFECS "$c/$f"
	$CFECS "$c/$f" > "$T/e.out" 2>&1
	empty "empty input $f: no output" "$T/e.out"
done
# A tar without members is data without records: no event, a warning.
status_is "empty input empty.tar: exit 0" 0 $CFECS "$c/empty.tar"
empty "empty input empty.tar: no event" "$T/.status.out"
contains "empty input empty.tar: a warning" "$T/.status.err" "no records in 10240 bytes of data"

# CRLF line ends and a byte-order mark change nothing.
printf '\357\273\277' > "$c/crlf.ndjson"
sed 's/$/\r/' "$src" >> "$c/crlf.ndjson"
$CFECS --no-provenance "$c/crlf.ndjson" > "$T/crlf.out"
same "CRLF and BOM" "$T/crlf.out" "$T/plain.out"
# No newline after the last record.
head -c -1 "$src" > "$c/nonl.ndjson"
$CFECS --no-provenance "$c/nonl.ndjson" > "$T/nonl.out"
same "no final newline" "$T/nonl.out" "$T/plain.out"

# -- directories: -r, sorted order, challenge files skipped --
d="$T/bucket"
mkdir -p "$d/http_requests/20240217" "$d/dns_logs/20240217"
gzip -n -c "$src" > "$d/http_requests/20240217/20240217T235200Z_20240217T235230Z_1a2b3c4d.log.gz"
gzip -n -c samples/dns_logs.ndjson > "$d/dns_logs/20240217/20240217T235200Z_20240217T235230Z_5e6f7a8b.log.gz"
echo 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln' > "$d/ownership-challenge-1a2b3c4d.txt"
cat samples/dns_logs.ndjson "$src" > "$T/bucket.expected.in"
$CFECS --no-provenance "$T/bucket.expected.in" > "$T/bucket.expected"
status_is "-r bucket dump: exit 0" 0 $CFECS -r "$d"
$CFECS --no-provenance -r "$d" > "$T/bucket.out" 2> "$T/bucket.err"
same "-r: sorted order, same events" "$T/bucket.out" "$T/bucket.expected"
empty "-r: challenge skipped quietly" "$T/bucket.err"
$CFECS -v -r "$d" > /dev/null 2> "$T/bucket.verr"
contains "-v: says the challenge file was skipped" "$T/bucket.verr" "ownership-challenge-1a2b3c4d.txt: skipped"
contains "-v: per-operand summary" "$T/bucket.verr" "20240217T235200Z_20240217T235230Z_1a2b3c4d.log.gz: 8 read, 8 converted, 0 rejected"

# -- path hints: a record too thin to detect takes the dataset from its path --
mkdir -p "$T/hint/gateway_dns/20240217"
printf '%s\n' '{"Datetime":"2024-02-17T23:52:01Z"}' > "$T/hint/gateway_dns/20240217/x.log"
$CFECS "$T/hint/gateway_dns/20240217/x.log" > "$T/hint.out"
contains "path hint names the dataset" "$T/hint.out" '"dataset":"gateway_dns"'
$CFECS < "$T/hint/gateway_dns/20240217/x.log" > "$T/nohint.out"
if grep -q '"dataset":"gateway_dns"' "$T/nohint.out"; then
	bad "without the path the hint is gone" "$(cat "$T/nohint.out")"
else
	ok "without the path the hint is gone"
fi
(cd "$T/hint" && tar -cf ../hint.tar gateway_dns)
$CFECS "$T/hint.tar" > "$T/hint.tar.out"
contains "path hint from an archive member" "$T/hint.tar.out" '"dataset":"gateway_dns"'
