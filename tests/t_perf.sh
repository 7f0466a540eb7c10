# Throughput paths: many operands in one pipeline, NDJSON read without
# libarchive, gzip output compressed per batch.  The output must be the
# same as by the plain paths.  Sourced by run.sh.

p="$T/perf"
mkdir -p "$p/one" "$p/hundred" "$p/empty"
src=samples/http_requests.ndjson

# A corpus of a few hundred records, as one file and as many small ones.
: > "$p/all.ndjson"
i=0
while [ $i -lt 30 ]; do
	cat "$src" >> "$p/all.ndjson"
	i=$((i + 1))
done
nrec=$(wc -l < "$p/all.ndjson")
split -l 1 -a 4 "$p/all.ndjson" "$p/one/r"
split -l 40 -a 3 "$p/all.ndjson" "$p/hundred/r"
for f in "$p"/one/r* "$p"/hundred/r*; do
	gzip -n "$f"
done
i=0
while [ $i -lt 50 ]; do
	: > "$p/empty/e$i"
	i=$((i + 1))
done
$CFECS --no-provenance -j 1 "$p/all.ndjson" > "$p/all.out"
[ "$(wc -l < "$p/all.out")" -eq "$nrec" ] && ok "perf: corpus converted" ||
    bad "perf: corpus converted" "$(wc -l < "$p/all.out") of $nrec"

# -- many operands: the same events as one stream, for any -j --
for j in 1 2 3; do
	$CFECS --no-provenance -j $j -r "$p/one" > "$p/one.$j" 2> "$p/one.$j.err"
	same "one-record .gz files, -j $j: as one file" "$p/one.$j" "$p/all.out"
	empty "one-record .gz files, -j $j: no message" "$p/one.$j.err"
	$CFECS --no-provenance -j $j -r "$p/hundred" > "$p/hundred.$j"
	same "40-record .gz files, -j $j: as one file" "$p/hundred.$j" "$p/all.out"
	status_is "empty files, -j $j: exit 0" 0 $CFECS -j $j -r "$p/empty"
	empty "empty files, -j $j: no output" "$T/.status.out"
done
# Operands given one by one, and through cat: the same again.
# shellcheck disable=SC2046
$CFECS --no-provenance -j 2 $(ls "$p"/one/r* | sort) > "$p/ops.out"
same "operands one by one: as one file" "$p/ops.out" "$p/all.out"
cat "$p"/one/r* | $CFECS --no-provenance -j 2 > "$p/cat.out"
same "cat of the files: as -r" "$p/cat.out" "$p/one.2"

# -- messages keep their place among operands that do not wait --
printf '%s\n' '{"ClientIP":"192.0.2.1","EdgeStartTimestamp":1708213921000000000}' \
    'not json' > "$p/a.ndjson"
printf '%s\n' '[1]' > "$p/c.ndjson"
for j in 1 3; do
	$CFECS -q -j $j "$p/a.ndjson" "$p/missing.ndjson" "$p/c.ndjson" \
	    > /dev/null 2> "$p/q.$j.err" || true
	contains "operand errors shown with -q, -j $j" "$p/q.$j.err" \
	    "cfecs: $p/missing.ndjson: No such file or directory"
	status_is "bad operands, -j $j: exit 1" 1 $CFECS -j $j "$p/a.ndjson" \
	    "$p/missing.ndjson" "$p/c.ndjson"
	cp "$T/.status.err" "$p/order.$j.err"
done
cat > "$p/order.want" <<EOF
cfecs: $p/a.ndjson:2: invalid JSON at byte 2
cfecs: $p/missing.ndjson: No such file or directory
cfecs: $p/c.ndjson:1: not a JSON object
EOF
same "messages in operand order, -j 1" "$p/order.1.err" "$p/order.want"
same "messages in operand order, -j 3" "$p/order.3.err" "$p/order.want"
# --stats: a line per operand, in order, then the total.
$CFECS -j 3 --stats "$p/a.ndjson" "$p/c.ndjson" "$src" > /dev/null \
    2> "$p/stats.err" || true
sed -n 's/^cfecs: \([^:]*\): [0-9]* read.*/\1/p' "$p/stats.err" \
    > "$p/stats.names"
printf '%s\n' "$p/a.ndjson" "$p/c.ndjson" "$src" total > "$p/stats.want"
same "--stats per operand in order, -j 3" "$p/stats.names" "$p/stats.want"
contains "--stats total counts every operand" "$p/stats.err" \
    "cfecs: total: $(($(wc -l < "$src") + 3)) read"

# -- NDJSON read directly, archives still by libarchive --
# A tar whose first member's name starts with '{' is still a tar.
mkdir -p "$p/tar"
cp "$src" "$p/tar/{x}.ndjson"
(cd "$p/tar" && tar cf ../brace.tar "{x}.ndjson")
$CFECS --no-provenance "$p/brace.tar" > "$p/brace.out" 2> "$p/brace.err"
$CFECS --no-provenance "$src" > "$p/src.out"
same "tar with a '{' member name: read as tar" "$p/brace.out" "$p/src.out"
empty "tar with a '{' member name: no message" "$p/brace.err"
# A byte-order mark before the first record, with and without gzip.
printf '\357\273\277' > "$p/bom.ndjson"
cat "$src" >> "$p/bom.ndjson"
$CFECS --no-provenance "$p/bom.ndjson" > "$p/bom.out"
same "BOM before the first record" "$p/bom.out" "$p/src.out"
gzip -n -c "$p/bom.ndjson" > "$p/bom.ndjson.gz"
$CFECS --no-provenance "$p/bom.ndjson.gz" > "$p/bomgz.out"
same "BOM before the first record, gzip" "$p/bomgz.out" "$p/src.out"
# A short gzip cut in its middle: the records before, then the place.
head -c $(($(wc -c < "$p/hundred/raaa.gz") - 12)) "$p/hundred/raaa.gz" \
    > "$p/cut.gz"
status_is "small truncated gzip: exit 1" 1 $CFECS "$p/cut.gz"
contains "small truncated gzip: located" "$T/.status.err" \
    "cfecs: $p/cut.gz:"
contains "small truncated gzip: why" "$T/.status.err" "gzip:"
# Last line without a newline, and blank lines, read directly.
printf '\n%s\n\n%s' "$(head -n 1 "$src")" "$(sed -n 2p "$src")" \
    > "$p/ragged.ndjson"
$CFECS --no-provenance "$p/ragged.ndjson" > "$p/ragged.out"
head -n 2 "$p/src.out" > "$p/ragged.want"
same "blank lines and no final newline" "$p/ragged.out" "$p/ragged.want"

# -- gzip output: members per batch, compressed by the workers --
for j in 1 2 3; do
	$CFECS --no-provenance -j $j -z "$p/all.ndjson" > "$p/z.$j.gz"
	check "-z -j $j: gzip -t" gzip -t "$p/z.$j.gz"
	gzip -dc "$p/z.$j.gz" > "$p/z.$j.out"
	same "-z -j $j: the plain output" "$p/z.$j.out" "$p/all.out"
done
same "-z: the same bytes for any -j" "$p/z.1.gz" "$p/z.3.gz"
if command -v python3 > /dev/null 2>&1; then
	python3 -c 'import gzip, sys; sys.stdout.buffer.write(gzip.open(sys.argv[1]).read())' \
	    "$p/z.2.gz" > "$p/z.py.out"
	same "-z: Python's gzip reads every member" "$p/z.py.out" "$p/all.out"
fi
# Many operands: a member per operand part, still one stream.
$CFECS --no-provenance -j 2 -r -o "$p/many.gz" "$p/one"
gzip -dc "$p/many.gz" > "$p/many.out"
same "-o FILE.gz over many files" "$p/many.out" "$p/all.out"
members=$(python3 -c 'import sys, zlib
d = open(sys.argv[1], "rb").read(); n = 0
while d:
    z = zlib.decompressobj(31); z.decompress(d); d = z.unused_data; n += 1
print(n)' "$p/many.gz" 2>/dev/null || echo 0)
[ "$members" -gt 1 ] && ok "-o FILE.gz: several members" ||
    bad "-o FILE.gz: several members" "$members"
# No input: still a valid, empty gzip file.
$CFECS -z < /dev/null > "$p/none.gz"
check "-z with no input: gzip -t" gzip -t "$p/none.gz"
[ "$(gzip -dc "$p/none.gz" | wc -c)" -eq 0 ] && ok "-z with no input: empty" ||
    bad "-z with no input: empty" ""
# --level: 1 is larger than 9, both the same events.
$CFECS --no-provenance --level 1 -z "$p/all.ndjson" > "$p/l1.gz"
$CFECS --no-provenance --level 9 -z "$p/all.ndjson" > "$p/l9.gz"
gzip -dc "$p/l1.gz" > "$p/l1.out"
same "--level 1: the plain output" "$p/l1.out" "$p/all.out"
[ "$(wc -c < "$p/l1.gz")" -gt "$(wc -c < "$p/l9.gz")" ] &&
    ok "--level 1 compresses less than 9" ||
    bad "--level 1 compresses less than 9" "$(wc -c < "$p/l1.gz") vs $(wc -c < "$p/l9.gz")"
for v in 0 10 x ''; do
	status_is "--level '$v': usage error" 2 $CFECS --level "$v" "$src"
done
# --strict stopping inside a batch: the part kept is compressed apart.
{ head -n 5 "$src"; echo '{"NoSuchField":1}'; tail -n +6 "$src"; } \
    > "$p/unknown.ndjson"
$CFECS --strict "$p/unknown.ndjson" > "$p/strict.out" 2>/dev/null || true
$CFECS --strict -z "$p/unknown.ndjson" > "$p/strict.gz" 2>/dev/null || true
check "-z --strict stopped: gzip -t" gzip -t "$p/strict.gz"
gzip -dc "$p/strict.gz" > "$p/strict.z.out"
same "-z --strict stopped: the events kept" "$p/strict.z.out" "$p/strict.out"
[ "$(wc -l < "$p/strict.out")" -eq 5 ] && ok "--strict: five events kept" ||
    bad "--strict: five events kept" "$(wc -l < "$p/strict.out")"
# --state writes each operand's events before recording it.
rm -f "$p/state"
$CFECS --no-provenance -z --state "$p/state" -r "$p/hundred" > "$p/state.gz"
gzip -dc "$p/state.gz" > "$p/state.out"
same "-z --state: the plain output" "$p/state.out" "$p/all.out"
$CFECS -z --state "$p/state" -r "$p/hundred" > "$p/state2.gz"
[ "$(gzip -dc "$p/state2.gz" | wc -c)" -eq 0 ] &&
    ok "-z --state: nothing again" || bad "-z --state: nothing again" ""

# -- a signal leaves a valid gzip file of whole events --
# Two FIFO operands: the first is read whole; the second stays open and
# empty until the test is done (its feeder waits on a gate).  --stats
# says when the first one's events are written; then the signal.
for sig in INT TERM; do
	rm -f "$p/fifo" "$p/fifo2" "$p/gate" "$p/efifo"
	mkfifo "$p/fifo" "$p/fifo2" "$p/gate" "$p/efifo"
	cat "$p/all.ndjson" > "$p/fifo" &
	feeder=$!
	sh -c "cat '$p/gate'; cat '$p/all.ndjson'" > "$p/fifo2" 2>/dev/null &
	feeder2=$!
	"$CFECS_BIN" --no-provenance --stats -j 2 -o "$p/sig.gz" "$p/fifo" \
	    "$p/fifo2" 2> "$p/efifo" &
	conv=$!
	exec 4< "$p/efifo"
	grep -F -m 1 -q "cfecs: $p/fifo: " <&4 || true
	kill "-$sig" $conv
	cat <&4 > /dev/null
	exec 4<&-
	set +e
	wait $conv
	rc=$?
	set -e
	: > "$p/gate"
	wait $feeder $feeder2 2>/dev/null || true
	want=130
	[ $sig = TERM ] && want=143
	[ "$rc" -eq $want ] && ok "-o FILE.gz, SIG$sig: exit $want" ||
	    bad "-o FILE.gz, SIG$sig: exit $want" "status $rc"
	check "-o FILE.gz, SIG$sig: gzip -t" gzip -t "$p/sig.gz"
	gzip -dc "$p/sig.gz" > "$p/sig.out"
	same "-o FILE.gz, SIG$sig: the events before the pause" "$p/sig.out" \
	    "$p/all.out"
done

# -- the lighter copy cJSON parses: every kind of token, same events --
# Each line below takes one path of the scan before parsing (see
# scan in json.c): strings with and without escapes, keys and
# values, bytes >= 0x80, invalid UTF-8, strict and other numbers, nulls,
# whitespace between tokens, duplicates, and invalid lines whose message
# must name the same byte as cJSON on the line itself.  The golden files
# were written by the tree-only parse and reviewed by hand.
scan_input() {
	b='"ClientIP":"192.0.2.1","ClientRequestHost":"example.com","EdgeStartTimestamp":1715644801001995123,"EdgeResponseStatus":200'
	printf '{%s}\n' "$b"
	printf '{%s,%s}\n' "$b" '"Esc":"a\"b\\c\nd\u00e9\u0041\/"'
	printf '{%s,%s}\n' "$b" '"K\u00e9y":"v","Pl\"ain":1'
	printf '{%s,"Caf\303\251":"\303\274ber","\346\227\245\346\234\254":"\350\252\236"}\n' "$b"
	printf '{%s,"Bad\377\376Key":"x","Bad\377Key\376":"y"}\n' "$b"
	printf '{%s,"Val":"bad\303(utf8"}\n' "$b"
	printf '{%s,%s}\n' "$b" '"N1":-0,"N2":1.5e10,"N3":-12.25E-3,"N4":0,"N5":7'
	printf '{%s,%s}\n' "$b" '"B1":01,"B2":1.,"B3":.5e1'
	printf '{%s,%s}\n' "$b" '"Big":123456789012345678901234567890,"Neg":-9223372036854775809'
	printf '{%s,%s}\n' "$b" '"Null":null,"Empty":"","T":true,"F":false'
	printf '{%s,%s}\n' "$b" '"Arr":["a",1,null,"",true,[2,"b",{"x":null}],{}],"Obj":{"a":"1","b":2,"c":null,"d":{"e":"f"}}'
	printf '{%s,"Sp"  :  "v" , "Sp2"\t:\t3 ,\r"Sp3" : null}\n' "$b"
	printf '{%s,%s}\n' "$b" '"Dup":"first","Dup":2,"Dup":"last"'
	printf '{%s,%s}\n' "$b" '"Nested":{"k":"v1","k":"v2"}'
	printf '{%s,%s}\n' "$b" '"Quote":"\\","Q2":"\\\"","Q3":"x\\"'
	printf '{%s,"Ctl":"a\001b\tc"}\n' "$b"
	printf '{%s,%s}\n' "$b" '"Key:colon":"v:al","Comma,":"a,b","Brace}":"{x}"'
	printf '{%s,%s}\n' "$b" '"nullish":"null","n":"n","Num":"123"'
	printf '{%s,%s}\n' "$b" '"EdgeEndTimestamp":"1715644801032199967","Strnum":"-5"'
	printf '{"a":1} \n'
	printf '{"a":"x"}\t\n'
	for l in '{"a":1,}' '{"a" 1}' '{"a":"unterminated}' '{"a":nul}' '{"a":1.2.3}' \
	    '{"a":-}' '{"a":"x" "b":2}' '["a",1]' '"just a string"' \
	    '12345678901234567890' 'null' '{"a":"\q"}' '{"a":"\u12"}' '{"a":1}x' \
	    '{"a":1}{"b":2}' '{"a":[1,2}' '{"a":tru}' '{"ok":"x"} trailing' \
	    '{"k":"v":"w"}' '{"a":1e}' '{"a":"x\"}'; do
		printf '%s\n' "$l"
	done
	x=$(printf '%0200d' 0 | tr 0 x)
	printf '{"a":"%s","b":"\\u0000z"}\n' "$x"
	printf '{"a":"nul\000byte"}\n'
	printf '{"d":[[[[[1]]]]]}\n'
	o=$(printf '%01100d' 0 | sed 's/0/[/g')
	c=$(printf '%01100d' 0 | sed 's/0/]/g')
	printf '{"d":%s%s}\n' "$o" "$c"
}
scan_input > "$p/scan.ndjson"
for j in 1 3; do
	$CFECS -j $j < "$p/scan.ndjson" > "$p/scan.$j.out" 2> "$p/scan.$j.err" || true
	golden "scan: events, -j $j" "$p/scan.$j.out" tests/golden/scan.ecs.ndjson
	golden "scan: messages, -j $j" "$p/scan.$j.err" tests/golden/scan.err
done
$CFECS --keep-empty --original < "$p/scan.ndjson" > "$p/scan.keep.out" 2>/dev/null || true
golden "scan: --keep-empty --original" "$p/scan.keep.out" \
    tests/golden/scan.keep.ecs.ndjson
