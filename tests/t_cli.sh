# Command line behaviour: messages, exit status, options.  Sourced by run.sh.

good=samples/dns_logs.ndjson
$CFECS --no-provenance "$good" > "$T/good.out"

# -- a bad line in the middle: the others still come out, exit 1 --
{ head -n 2 "$good"; echo '{"QueryName":"broken",'; echo '[1,2]'; echo '"just a string"'; tail -n +3 "$good"; } > "$T/badline.ndjson"
status_is "bad line: exit 1" 1 $CFECS "$T/badline.ndjson"
$CFECS --no-provenance "$T/badline.ndjson" > "$T/badline.out" 2> "$T/badline.err" || true
same "bad line: every good record out" "$T/badline.out" "$T/good.out"
contains "bad line: file and line" "$T/badline.err" "cfecs: $T/badline.ndjson:3: invalid JSON"
contains "array: file and line" "$T/badline.err" "cfecs: $T/badline.ndjson:4: not a JSON object"
contains "scalar: file and line" "$T/badline.err" "cfecs: $T/badline.ndjson:5: not a JSON object"
n=$(wc -l < "$T/badline.err")
[ "$n" -eq 3 ] && ok "bad line: one message each" || bad "bad line: one message each" "$n lines"
status_is "-q: still exit 1" 1 $CFECS -q "$T/badline.ndjson"
$CFECS -q "$T/badline.ndjson" 2> "$T/q.err" > /dev/null || true
empty "-q: no per-record messages" "$T/q.err"

# -- inside an archive the member is named --
mkdir -p "$T/arch"
cp "$T/badline.ndjson" "$T/arch/x.ndjson"
gzip -n -c "$T/badline.ndjson" > "$T/arch/y.ndjson.gz"
(cd "$T/arch" && tar -cf ../bad.tar x.ndjson y.ndjson.gz)
$CFECS "$T/bad.tar" > /dev/null 2> "$T/bad.tar.err" || true
contains "member named" "$T/bad.tar.err" "cfecs: $T/bad.tar(x.ndjson):3: invalid JSON"
contains "gzip member named" "$T/bad.tar.err" "cfecs: $T/bad.tar(y.ndjson.gz):4: not a JSON object"

# -- a missing file between two good ones --
status_is "missing operand: exit 1" 1 $CFECS "$good" "$T/nope.gz" "$good"
$CFECS --no-provenance "$good" "$T/nope.gz" "$good" > "$T/missing.out" 2> "$T/missing.err" || true
cat "$T/good.out" "$T/good.out" > "$T/good2.out"
same "missing operand: both good files out" "$T/missing.out" "$T/good2.out"
contains "missing operand: named" "$T/missing.err" "cfecs: $T/nope.gz: No such file or directory"

# -- a directory without -r --
status_is "directory operand: exit 1" 1 $CFECS samples
$CFECS samples > /dev/null 2> "$T/dir.err" || true
contains "directory operand: message" "$T/dir.err" "cfecs: samples: is a directory"

# -- --strict stops at the first problem --
status_is "--strict: exit 1" 1 $CFECS --strict "$T/badline.ndjson" "$good"
$CFECS --no-provenance --strict "$T/badline.ndjson" "$good" > "$T/strict.out" 2> "$T/strict.err" || true
head -n 2 "$T/good.out" > "$T/strict.want"
same "--strict: output stops at the bad line" "$T/strict.out" "$T/strict.want"
n=$(wc -l < "$T/strict.err")
[ "$n" -eq 1 ] && ok "--strict: one message" || bad "--strict: one message" "$n lines"
printf '%s\n' '{"SomethingNew":1,"Other":"x"}' > "$T/unknown.ndjson"
status_is "unknown dataset: exit 0" 0 $CFECS "$T/unknown.ndjson"
$CFECS "$T/unknown.ndjson" > "$T/unknown.out"
contains "unknown dataset: still converted" "$T/unknown.out" '"cloudflare":{"SomethingNew":1,"Other":"x"}'
status_is "unknown dataset: error under --strict" 1 $CFECS --strict "$T/unknown.ndjson"
printf '%s\n' '{"When":"2024-02-17T23:52:01Z","Whatever":1}' | $CFECS -q > "$T/unk2.out"
contains "unknown dataset: first time field" "$T/unk2.out" '"@timestamp":"2024-02-17T23:52:01.000000Z"'

# -- stdin: no operand, "-", twice --
$CFECS --no-provenance < "$good" > "$T/stdin.out"
same "no operand reads stdin" "$T/stdin.out" "$T/good.out"
cat "$good" | $CFECS --no-provenance - > "$T/dash.out"
same "- reads stdin" "$T/dash.out" "$T/good.out"
$CFECS --no-provenance "$good" - < "$good" > "$T/mixed.out"
same "file then -" "$T/mixed.out" "$T/good2.out"
cat "$good" | $CFECS --no-provenance -- - > "$T/dd.out"
same "-- then -" "$T/dd.out" "$T/good.out"
printf '%s\n' "$(head -n 1 "$good")" > "$T/-d"
(cd "$T" && $CFECS -- -d > "$T/dashfile.out")
[ "$(wc -l < "$T/dashfile.out")" -eq 1 ] && ok "-- ends options" || bad "-- ends options" ""

# -- -d forces the dataset --
$CFECS --no-provenance -d dns_logs "$good" > "$T/forced.out"
same "-d dns_logs = detected" "$T/forced.out" "$T/good.out"
status_is "-d unknown: exit 2" 2 $CFECS -d no_such_dataset "$good"
$CFECS -d no_such_dataset "$good" 2> "$T/d.err" > /dev/null || true
contains "-d unknown: says so" "$T/d.err" "unknown dataset: 'no_such_dataset'"

# -- -f / --exclude / --no-passthrough select fields --
$CFECS -f '@timestamp,source.*,cloudflare.QueryName' "$good" | head -n 1 > "$T/f.out"
contains "-f keeps @timestamp" "$T/f.out" '{"@timestamp":'
contains "-f keeps source.*" "$T/f.out" '"source":{"ip":'
contains "-f keeps one passthrough key" "$T/f.out" '"cloudflare":{"QueryName":"www.example.com."}}'
if grep -q '"event"\|"dns"\|"related"' "$T/f.out"; then bad "-f drops the rest" "$(cat "$T/f.out")"
else ok "-f drops the rest"; fi
$CFECS -f dns "$good" | head -n 1 > "$T/fg.out"
contains "-f group name selects the group" "$T/fg.out" '{"dns":{"question":{"name":"www.example.com"'
$CFECS --exclude cloudflare,related "$good" | head -n 1 > "$T/x.out"
if grep -q '"cloudflare":{\|"related":{' "$T/x.out"; then bad "--exclude" "$(cat "$T/x.out")"
else ok "--exclude"; fi
$CFECS --no-passthrough "$good" | head -n 1 > "$T/np.out"
if grep -q '"cloudflare":{' "$T/np.out"; then bad "--no-passthrough" "$(cat "$T/np.out")"
else ok "--no-passthrough"; fi
contains "--no-passthrough keeps ECS" "$T/np.out" '"dns":{"question"'
$CFECS --original --ecs-version 8.17.0 "$good" | head -n 1 > "$T/orig.out"
contains "--ecs-version" "$T/orig.out" '"ecs":{"version":"8.17.0"}'
contains "--original" "$T/orig.out" '"original":"{\"ColoCode\":'

# -- help, version, bad usage --
status_is "--help: exit 0" 0 $CFECS --help
$CFECS --help > "$T/help.out" 2> "$T/help.err"
contains "--help on stdout" "$T/help.out" "usage: cfecs"
empty "--help: nothing on stderr" "$T/help.err"
status_is "-h: exit 0" 0 $CFECS -h
$CFECS -V > "$T/v.out"
contains "-V: cfecs" "$T/v.out" "cfecs "
contains "-V: libarchive" "$T/v.out" "libarchive"
contains "-V: cJSON" "$T/v.out" "cJSON"
status_is "bad option: exit 2" 2 $CFECS --no-such-option
$CFECS --no-such-option > "$T/bo.out" 2> "$T/bo.err" || true
empty "bad option: nothing on stdout" "$T/bo.out"
contains "bad option: named" "$T/bo.err" "no-such-option"
status_is "bad --time-precision: exit 2" 2 $CFECS --time-precision fortnight "$good"
status_is "bad --time-format: exit 2" 2 $CFECS --time-format julian "$good"
status_is "bad --max-record-size: exit 2" 2 $CFECS --max-record-size 12Q "$good"
status_is "missing option argument: exit 2" 2 $CFECS -d

# -- --max-record-size: a long line is a rejected record, not a crash --
{ head -n 1 "$good"; printf '{"QueryName":"%s"}\n' "$(head -c 5000 /dev/zero | tr '\0' a)"; tail -n +2 "$good"; } > "$T/long.ndjson"
status_is "over-long line: exit 1" 1 $CFECS --max-record-size 1K "$T/long.ndjson"
$CFECS --no-provenance --max-record-size 1K "$T/long.ndjson" > "$T/long.out" 2> "$T/long.err" || true
same "over-long line: the rest converted" "$T/long.out" "$T/good.out"
contains "over-long line: located" "$T/long.err" "cfecs: $T/long.ndjson:2: record longer than 1024 bytes"

# -- --stats and --rejects: every record accounted for --
$CFECS --stats --max-record-size 1K --rejects "$T/rej.ndjson" "$T/badline.ndjson" "$T/long.ndjson" > /dev/null 2> "$T/stats.err" || true
contains "--stats per operand" "$T/stats.err" "cfecs: $T/badline.ndjson: 9 read, 6 converted, 3 rejected (invalid-json 1) (not-an-object 2)"
contains "--stats total" "$T/stats.err" "cfecs: total: 16 read, 12 converted, 4 rejected"
{ sed -n '3,5p' "$T/badline.ndjson"; } > "$T/rej.want"
head -n 3 "$T/rej.ndjson" > "$T/rej.got"
same "--rejects: verbatim lines" "$T/rej.got" "$T/rej.want"
[ "$(wc -l < "$T/rej.ndjson")" -eq 4 ] && ok "--rejects: one line per rejected record" || bad "--rejects count" "$(wc -l < "$T/rej.ndjson")"

# -- output to a file, gzip --
$CFECS --no-provenance -o "$T/o.ndjson" "$good"
same "-o FILE" "$T/o.ndjson" "$T/good.out"
$CFECS --no-provenance -o "$T/o.ndjson.gz" "$good"
check "-o FILE.gz is gzip" gzip -t "$T/o.ndjson.gz"
gzip -dc "$T/o.ndjson.gz" > "$T/o.gunz"
same "-o FILE.gz content" "$T/o.gunz" "$T/good.out"
$CFECS --no-provenance -z "$good" | gzip -dc > "$T/z.out"
same "-z to stdout" "$T/z.out" "$T/good.out"
status_is "-o into a missing directory: exit 2" 2 $CFECS -o "$T/no/such/dir/x" "$good"

# -- -j: the same bytes and the same messages, whatever the thread count --
cat "$T/badline.ndjson" samples/*.ndjson "$T/badline.ndjson" > "$T/mix.ndjson"
for j in 1 2 3 8; do
	$CFECS -j "$j" "$T/mix.ndjson" "$T/long.ndjson" > "$T/j$j.out" 2> "$T/j$j.err" || true
done
for j in 2 3 8; do
	same "-j $j output = -j 1" "$T/j$j.out" "$T/j1.out"
	same "-j $j messages = -j 1" "$T/j$j.err" "$T/j1.err"
done
status_is "-j 0 is a usage error" 2 $CFECS -j 0 "$good"
status_is "-j 1 --strict: exit 1" 1 $CFECS -j 1 --strict "$T/badline.ndjson"
$CFECS --no-provenance -j 3 --strict "$T/badline.ndjson" "$good" > "$T/sj.out" 2>/dev/null || true
same "-j 3 --strict stops at the same line" "$T/sj.out" "$T/strict.want"

# -- make install honours DESTDIR and PREFIX, with man page and completion --
make -s install DESTDIR="$T/inst" PREFIX=/usr > "$T/inst.log" 2>&1
for f in usr/bin/cfecs usr/share/man/man1/cfecs.1 \
    usr/share/bash-completion/completions/cfecs usr/share/zsh/site-functions/_cfecs; do
	[ -f "$T/inst/$f" ] && ok "make install: $f" || bad "make install: $f" "$(cat "$T/inst.log")"
done
"$T/inst/usr/bin/cfecs" --no-provenance "$good" > "$T/inst.out"
same "installed binary works" "$T/inst.out" "$T/good.out"
make -s uninstall DESTDIR="$T/inst" PREFIX=/usr > /dev/null 2>&1
[ ! -e "$T/inst/usr/bin/cfecs" ] && ok "make uninstall" || bad "make uninstall" ""
if command -v bash > /dev/null 2>&1; then
	out=$(bash -c '. completions/cfecs.bash; COMP_WORDS=(cfecs --bu); COMP_CWORD=1; _cfecs; echo "${COMPREPLY[*]}"' 2>&1)
	case $out in *--bulk*) ok "bash completion completes options" ;; *) bad "bash completion" "$out" ;; esac
fi

# -- --strict stops at an unreadable operand too; --check creates no file --
status_is "--strict: a missing operand stops the run" 1 $CFECS --strict "$T/nope.gz" "$good"
$CFECS --strict "$T/nope.gz" "$good" > "$T/strict2.out" 2>/dev/null || true
empty "--strict: nothing after the missing operand" "$T/strict2.out"
$CFECS --check -o "$T/check-out.ndjson" "$good" 2>/dev/null
[ ! -e "$T/check-out.ndjson" ] && ok "--check creates no output file" || bad "--check -o" "file created"
$CFECS --stats -r samples > /dev/null 2> "$T/st.err"
contains "--stats: a total for a directory of files" "$T/st.err" "cfecs: total: "
$CFECS --bogus 2> "$T/bogus.err" || true
contains "bad option: named as cfecs" "$T/bogus.err" "cfecs: unrecognized option '--bogus'"
