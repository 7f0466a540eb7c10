# What reaches the output has been read whole and checked: events of a
# gzip member or zip entry wait for its checksum; data that is no archive
# is never taken for an empty one; concatenated archives are read to the
# end; cfecs's own output and a file reached twice are not read again.
# Sourced by run.sh.

v="$T/verified"
mkdir -p "$v"

vlines() {
	if [ -f "$1" ]; then wc -l < "$1" | tr -d ' '; else echo 0; fi
}

# flip FILE: flip one bit in the middle of FILE.
flip() {
	python3 -c '
import sys
p = sys.argv[1]
d = bytearray(open(p, "rb").read())
d[len(d) // 2] ^= 0x10
open(p, "wb").write(d)' "$1"
}

# A real multi-KB Logpush file, made here.
bench/gen -n 2000 -s 41 > "$v/log.ndjson"
gzip -n -c "$v/log.ndjson" > "$v/good.log.gz"
$CFECS --no-provenance "$v/log.ndjson" > "$v/log.want"
[ "$(wc -c < "$v/good.log.gz")" -gt 10000 ] && ok "held: the test file is multi-KB" ||
    bad "held: the test file is multi-KB" "$(wc -c < "$v/good.log.gz") bytes"

# ---- one bit flipped in the middle of a gzip member ----
cp "$v/good.log.gz" "$v/flip.log.gz"
flip "$v/flip.log.gz"
if gzip -t "$v/flip.log.gz" 2>/dev/null; then bad "held: the flipped file fails gzip -t" ""
else ok "held: the flipped file fails gzip -t"; fi
for vj in 1 2 8; do
	status_is "held: corrupt member, -j $vj: exit 1" 1 $CFECS --no-provenance -j $vj "$v/flip.log.gz"
	empty "held: corrupt member, -j $vj: no event written" "$T/.status.out"
	contains "held: corrupt member, -j $vj: the file is named" "$T/.status.err" \
	    "cfecs: $v/flip.log.gz:"
	contains "held: corrupt member, -j $vj: the events held are counted" \
	    "$T/.status.err" "events held until verified, not written"
done
status_is "held: corrupt member, --bulk: exit 1" 1 $CFECS --no-provenance --bulk 'logs-%Y' "$v/flip.log.gz"
empty "held: corrupt member, --bulk: no action or document" "$T/.status.out"
status_is "held: corrupt member, --strict: exit 1" 1 $CFECS --no-provenance --strict "$v/flip.log.gz"
empty "held: corrupt member, --strict: nothing written" "$T/.status.out"
status_is "held: corrupt member, -z: exit 1" 1 $CFECS --no-provenance -z "$v/flip.log.gz"
gzip -dc < "$T/.status.out" > "$v/z.out"
empty "held: corrupt member, -z: no event in the gzip output" "$v/z.out"
# --stats and --rejects: the member's records are failed, not converted.
$CFECS --no-provenance --stats --rejects "$v/rej" "$v/flip.log.gz" > /dev/null 2> "$v/stats.err" || true
contains "held: --stats counts corrupt-member" "$v/stats.err" "corrupt-member"
contains "held: --stats: nothing converted" "$v/stats.err" " 0 converted"
vn=$(grep -c . "$v/rej" || true)
[ "$vn" -gt 1000 ] && ok "held: --rejects holds the member's lines ($vn)" ||
    bad "held: --rejects holds the member's lines" "$vn lines"
# --state does not record it.
rm -f "$v/st"
$CFECS --no-provenance --state "$v/st" "$v/flip.log.gz" > /dev/null 2>&1 || true
if [ -f "$v/st" ] && grep -qF flip.log.gz "$v/st"; then bad "held: --state leaves the corrupt file" ""
else ok "held: --state leaves the corrupt file"; fi

# Through a pipe (held in memory) as into a file (cut back): the same.
for vj in 1 4; do
	set +e
	$CFECS --no-provenance -j $vj "$v/flip.log.gz" 2> "$v/pipe.err" | cat > "$v/pipe.out"
	set -e
	empty "held: corrupt member into a pipe, -j $vj: no event written" "$v/pipe.out"
	contains "held: corrupt member into a pipe, -j $vj: counted" "$v/pipe.err" \
	    "events held until verified, not written"
	$CFECS --no-provenance -j $vj "$v/good.log.gz" | cat > "$v/pipe.out"
	same "held: sound member into a pipe, -j $vj: every event" "$v/pipe.out" "$v/log.want"
done
set +e
$CFECS --no-provenance --bulk 'logs-%Y' -z "$v/flip.log.gz" 2> /dev/null | cat > "$v/pipe.out"
set -e
gzip -dc < "$v/pipe.out" > "$v/z.out"
empty "held: corrupt member, --bulk -z into a pipe: nothing" "$v/z.out"
$CFECS --no-provenance -o "$v/o.ndjson" "$v/first.ndjson" 2> /dev/null || true
status_is "held: corrupt member, -o FILE: exit 1" 1 $CFECS --no-provenance -o "$v/o.ndjson" "$v/flip.log.gz"
empty "held: corrupt member, -o FILE: the file is cut back to nothing" "$v/o.ndjson"

# Interrupted inside a member, -o FILE: its events written so far are
# cut back off (the member was never verified).
rm -f "$v/sig.fifo" "$v/sig.out"
mkfifo "$v/sig.fifo"
vsize=$(wc -c < "$v/good.log.gz")
# The first half of the member, and the pipe held open (read-write here,
# so that opening it does not wait for a reader).
exec 8<> "$v/sig.fifo"
"$CFECS_BIN" --no-provenance -j 1 -o "$v/sig.out" "$v/sig.fifo" 2> /dev/null &
vconv=$!
head -c $((vsize / 2)) "$v/good.log.gz" >&8
# Events reach the file once the input pauses: wait for them.
if timeout 20 sh -c 'while [ ! -s "$1" ]; do :; done' sh "$v/sig.out"; then
	ok "held: -o FILE: events written before the member's end"
else
	bad "held: -o FILE: events written before the member's end" "none"
fi
kill -TERM $vconv
set +e
wait $vconv
vrc=$?
set -e
exec 8<&-
[ "$vrc" -eq 143 ] && ok "held: interrupted inside a member: exit 143" ||
    bad "held: interrupted inside a member: exit 143" "$vrc"
empty "held: interrupted inside a member: its events cut back" "$v/sig.out"

# Members before and after: only the damaged one is held back.
bench/gen -n 300 -s 42 > "$v/first.ndjson"
gzip -n -c "$v/first.ndjson" > "$v/multi.log.gz"
cat "$v/flip.log.gz" >> "$v/multi.log.gz"
status_is "held: multi-member, second corrupt: exit 1" 1 $CFECS --no-provenance "$v/multi.log.gz"
$CFECS --no-provenance "$v/first.ndjson" > "$v/first.want"
same "held: multi-member: exactly the sound member's events" "$T/.status.out" "$v/first.want"
set +e
$CFECS --no-provenance "$v/multi.log.gz" 2> /dev/null | cat > "$v/pipe.out"
set -e
same "held: multi-member into a pipe: exactly the sound member's events" "$v/pipe.out" "$v/first.want"
$CFECS --no-provenance -z -o "$v/multi.out.gz" "$v/multi.log.gz" 2> /dev/null || true
gzip -t "$v/multi.out.gz" && ok "held: multi-member -z -o: still valid gzip" ||
    bad "held: multi-member -z -o: still valid gzip" ""
gzip -dc "$v/multi.out.gz" > "$v/z.out"
same "held: multi-member -z -o: exactly the sound member's events" "$v/z.out" "$v/first.want"

# Inside a tar, beside a sound member: that one's events only, named.
mkdir -p "$v/t"
cp "$v/flip.log.gz" "$v/t/a.log.gz"
cp "$v/good.log.gz" "$v/t/b.log.gz"
(cd "$v/t" && tar -cf ../two.tar a.log.gz b.log.gz)
status_is "held: tar with a corrupt .log.gz: exit 1" 1 $CFECS --no-provenance "$v/two.tar"
same "held: tar: the sound member's events only" "$T/.status.out" "$v/log.want"
contains "held: tar: the member is named" "$T/.status.err" "cfecs: $v/two.tar(a.log.gz):"
(cd "$v/t" && tar -czf ../two.tgz a.log.gz b.log.gz)
status_is "held: .tgz with a corrupt .log.gz: exit 1" 1 $CFECS --no-provenance "$v/two.tgz"
same "held: .tgz: the sound member's events only" "$T/.status.out" "$v/log.want"

# A zip entry's CRC: a stored entry with one bit flipped.
cp "$v/log.ndjson" "$v/t/z.ndjson"
(cd "$v/t" && zip -q -0 -X ../stored.zip z.ndjson)
cp "$v/stored.zip" "$v/bad.zip"
flip "$v/bad.zip"
status_is "held: zip entry with a bad CRC: exit 1" 1 $CFECS --no-provenance "$v/bad.zip"
empty "held: zip entry with a bad CRC: no event written" "$T/.status.out"
contains "held: zip: the bad CRC is reported" "$T/.status.err" "CRC"
status_is "held: the sound zip: exit 0" 0 $CFECS --no-provenance "$v/stored.zip"
same "held: the sound zip: every event" "$T/.status.out" "$v/log.want"

# A truncated member cannot be verified; --hold-size 0 writes as it reads.
vsize=$(wc -c < "$v/good.log.gz")
head -c $((vsize / 2)) "$v/good.log.gz" > "$v/cut.log.gz"
status_is "held: truncated gzip: exit 1" 1 $CFECS --no-provenance "$v/cut.log.gz"
empty "held: truncated gzip: no event written" "$T/.status.out"
status_is "held: --hold-size 0: exit 1" 1 $CFECS --no-provenance --hold-size 0 "$v/cut.log.gz"
vn=$(vlines "$T/.status.out")
head -n "$vn" "$v/log.want" > "$v/cut.want"
same "held: --hold-size 0: the events before the cut" "$T/.status.out" "$v/cut.want"
[ "$vn" -gt 100 ] && ok "held: --hold-size 0: events written ($vn)" ||
    bad "held: --hold-size 0: events written" "$vn"

# Past the bound (into a pipe, held in memory): written, and said;
# --strict spills instead.  A file is cut back, whatever the size.
# vpipe OUT ERR CMD...: CMD into a pipe; its status in $vrc.
vpipe() {
	_o=$1 _e=$2
	shift 2
	set +e
	{ "$@" 2> "$_e"; echo $? > "$v/rc"; } | cat > "$_o"
	set -e
	vrc=$(cat "$v/rc")
}
vpipe "$v/p.out" "$v/p.err" "$CFECS_BIN" --no-provenance --hold-size 64K "$v/good.log.gz"
[ "$vrc" -eq 0 ] && ok "held: past --hold-size, sound: exit 0" || bad "held: past --hold-size, sound: exit 0" "$vrc"
same "held: past --hold-size, sound: every event" "$v/p.out" "$v/log.want"
contains "held: past --hold-size: said once for the file" "$v/p.err" \
    "cfecs: $v/good.log.gz: more than 65536 bytes of events before their member's checksum: written unverified"
[ "$(grep -c 'written unverified' "$v/p.err")" -eq 1 ] && ok "held: past --hold-size: said once" ||
    bad "held: past --hold-size: said once" "$(cat "$v/p.err")"
vpipe "$v/p.out" "$v/p.err" "$CFECS_BIN" --no-provenance --hold-size 64K "$v/flip.log.gz"
[ "$vrc" -eq 1 ] && ok "held: past --hold-size, corrupt: exit 1" || bad "held: past --hold-size, corrupt: exit 1" "$vrc"
contains "held: past --hold-size, corrupt: said" "$v/p.err" "written unverified"
vpipe "$v/p.out" "$v/p.err" env TMPDIR="$v" "$CFECS_BIN" --no-provenance --strict --hold-size 64K "$v/flip.log.gz"
[ "$vrc" -eq 1 ] && ok "held: --strict past --hold-size, corrupt: exit 1" || bad "held: --strict past --hold-size, corrupt: exit 1" "$vrc"
empty "held: --strict past --hold-size: nothing unverified written" "$v/p.out"
vpipe "$v/p.out" "$v/p.err" env TMPDIR="$v" "$CFECS_BIN" --no-provenance --strict --hold-size 64K "$v/good.log.gz"
[ "$vrc" -eq 0 ] && ok "held: --strict past --hold-size, sound: exit 0" || bad "held: --strict past --hold-size, sound: exit 0" "$vrc"
same "held: --strict past --hold-size, sound: every event, in order" "$v/p.out" "$v/log.want"
# Without a temporary file: past the first megabyte, written and said.
vpipe "$v/p.out" "$v/p.err" env TMPDIR="$v/none" "$CFECS_BIN" --no-provenance "$v/good.log.gz"
[ "$vrc" -eq 0 ] && ok "held: no temporary file: exit 0" || bad "held: no temporary file: exit 0" "$vrc"
same "held: no temporary file: every event" "$v/p.out" "$v/log.want"
contains "held: no temporary file: said" "$v/p.err" "written unverified"
vpipe "$v/p.out" "$v/p.err" env TMPDIR="$v/none" "$CFECS_BIN" --no-provenance --strict "$v/good.log.gz"
[ "$vrc" -eq 2 ] && ok "held: --strict without a temporary file: exit 2" ||
    bad "held: --strict without a temporary file: exit 2" "$vrc"
contains "held: --strict without a temporary file: said" "$v/p.err" "temporary file"
status_is "held: past --hold-size into a file: exit 1" 1 $CFECS --no-provenance --hold-size 64K "$v/flip.log.gz"
empty "held: past --hold-size into a file: cut back to nothing" "$T/.status.out"
status_is "held: --hold-size rejects a bad size" 2 $CFECS --no-provenance --hold-size 12Q "$v/good.log.gz"

# The sound file, every way: exactly the plain file's events.
for vargs in "-j 1" "-j 4" "--hold-size 0"; do
	$CFECS --no-provenance $vargs "$v/good.log.gz" > "$v/good.out" || true
	same "held: sound gzip, $vargs: = the plain file" "$v/good.out" "$v/log.want"
done
cat "$v/good.log.gz" | $CFECS --no-provenance > "$v/good.out" || true
same "held: sound gzip from a pipe: = the plain file" "$v/good.out" "$v/log.want"

# ---- data after zero blocks is not an empty tar ----
(head -c 1024 /dev/zero; cat "$v/log.ndjson") | gzip -n > "$v/nul.log.gz"
status_is "zero blocks, then records: exit 1" 1 $CFECS --no-provenance "$v/nul.log.gz"
contains "zero blocks, then records: named" "$T/.status.err" "cfecs: $v/nul.log.gz: not a tar archive"
status_is "zero blocks, then records: --check fails" 1 $CFECS --no-provenance --check "$v/nul.log.gz"
status_is "zero blocks, then records: --strict fails" 1 $CFECS --no-provenance --strict "$v/nul.log.gz"
rm -f "$v/st"
$CFECS --no-provenance --state "$v/st" "$v/nul.log.gz" > /dev/null 2>&1 || true
if [ -f "$v/st" ] && grep -qF nul.log.gz "$v/st"; then bad "zero blocks: --state leaves it" ""
else ok "zero blocks: --state leaves it"; fi
(head -c 1024 /dev/zero | gzip -n; cat "$v/good.log.gz") > "$v/nul2.log.gz"
status_is "a zero-filled first member: exit 1" 1 $CFECS --no-provenance "$v/nul2.log.gz"
contains "a zero-filled first member: named" "$T/.status.err" "cfecs: $v/nul2.log.gz"
# Only zero blocks: no records from data is a warning, and --check fails.
head -c 10240 /dev/zero > "$v/zeros.log"
status_is "only zero blocks: exit 0" 0 $CFECS --no-provenance "$v/zeros.log"
contains "only zero blocks: a warning" "$T/.status.err" "cfecs: $v/zeros.log: no records in 10240 bytes of data"
status_is "only zero blocks: --check fails" 1 $CFECS --no-provenance --check "$v/zeros.log"
contains "only zero blocks: --check says why" "$T/.status.err" "1 file without records: FAILED"
status_is "only zero blocks: --strict fails" 1 $CFECS --no-provenance --strict "$v/zeros.log"
rm -f "$v/st"
$CFECS --no-provenance --state "$v/st" "$v/zeros.log" > /dev/null 2> "$v/st.err" || true
contains "only zero blocks: --state says it is left" "$v/st.err" "not recorded as done"
if [ -f "$v/st" ] && grep -qF zeros.log "$v/st"; then bad "only zero blocks: --state leaves it" ""
else ok "only zero blocks: --state leaves it"; fi

# ---- concatenated archives and streams ----
bench/gen -n 100 -s 43 > "$v/t/a.ndjson"
bench/gen -n 100 -s 44 > "$v/t/b.ndjson"
(cd "$v/t" && tar -cf ../a.tar a.ndjson && tar -cf ../b.tar b.ndjson)
$CFECS --no-provenance "$v/t/a.ndjson" "$v/t/b.ndjson" > "$v/ab.want"
cat "$v/a.tar" "$v/b.tar" > "$v/ab.tar"
status_is "two tars in one file: exit 0" 0 $CFECS --no-provenance "$v/ab.tar"
same "two tars in one file: both tars' events" "$T/.status.out" "$v/ab.want"
cat "$v/a.tar" "$v/b.tar" | $CFECS --no-provenance > "$v/ab.out" || true
same "cat a.tar b.tar | cfecs: both tars' events" "$v/ab.out" "$v/ab.want"
gzip -n -c "$v/ab.tar" > "$v/ab.tgz"
status_is "two tars in one .tgz: exit 0" 0 $CFECS --no-provenance "$v/ab.tgz"
same "two tars in one .tgz: both tars' events" "$T/.status.out" "$v/ab.want"
(cat "$v/a.tar"; cat "$v/t/b.ndjson") > "$v/tar-then-text"
status_is "a tar, then other data: exit 1" 1 $CFECS --no-provenance "$v/tar-then-text"
contains "a tar, then other data: reported" "$T/.status.err" "cfecs: $v/tar-then-text"
for vc in zstd xz bzip2; do
	if command -v $vc > /dev/null 2>&1; then
		($vc -c < "$v/t/a.ndjson"; $vc -c < "$v/t/b.ndjson") > "$v/ab.$vc"
		status_is "concatenated $vc streams: exit 0" 0 $CFECS --no-provenance "$v/ab.$vc"
		same "concatenated $vc streams: both streams' events" "$T/.status.out" "$v/ab.want"
	else
		bad "concatenated $vc streams" "$vc not installed"
	fi
done

# ---- cfecs's own output met in a walk or as an operand ----
mkdir -p "$v/dump"
gzip -n -c "$v/t/a.ndjson" > "$v/dump/a.log.gz"
$CFECS --no-provenance "$v/t/a.ndjson" > "$v/a.want"
$CFECS --no-provenance "$v/t/b.ndjson" > "$v/b.want"
# The README's resumable example, twice, writing outside the dump.
rm -f "$v/done.txt"
status_is "resumable runs: first run exits 0" 0 $CFECS --no-provenance --state "$v/done.txt" -r "$v/dump" -o "$v/out-1.ndjson.gz"
gzip -n -c "$v/t/b.ndjson" > "$v/dump/b.log.gz"
status_is "resumable runs: second run exits 0" 0 $CFECS --no-provenance --state "$v/done.txt" -r "$v/dump" -o "$v/out-2.ndjson.gz"
gzip -dc "$v/out-1.ndjson.gz" > "$v/out-1"
gzip -dc "$v/out-2.ndjson.gz" > "$v/out-2"
same "resumable runs: the first run has the first file's events" "$v/out-1" "$v/a.want"
same "resumable runs: the second run has only the new file's" "$v/out-2" "$v/b.want"
# Earlier outputs inside the dump: plain, gzipped, _bulk.
cp "$v/out-1.ndjson.gz" "$v/dump/out-1.ndjson.gz"
cp "$v/out-2" "$v/dump/out-2.ndjson"
$CFECS --no-provenance --bulk 'logs-%Y' "$v/t/a.ndjson" > "$v/dump/bulk.ndjson"
$CFECS --no-provenance -f 'event.*' "$v/t/a.ndjson" > "$v/dump/fields.ndjson"
status_is "own outputs in a walk: exit 0" 0 $CFECS --no-provenance -r "$v/dump"
cat "$v/a.want" "$v/b.want" > "$v/dump.want"
same "own outputs in a walk: only the logs' events" "$T/.status.out" "$v/dump.want"
for vf in out-1.ndjson.gz out-2.ndjson bulk.ndjson fields.ndjson; do
	contains "own outputs in a walk: $vf skipped with a message" "$T/.status.err" \
	    "cfecs: $v/dump/$vf: skipped: cfecs output"
done
status_is "own output as an operand: exit 0" 0 $CFECS --no-provenance "$v/dump/out-2.ndjson"
empty "own output as an operand: nothing written" "$T/.status.out"
contains "own output as an operand: said" "$T/.status.err" "skipped: cfecs output"
(cd "$v/dump" && tar -cf ../withown.tar a.log.gz out-2.ndjson)
status_is "own output in a tar: exit 0" 0 $CFECS --no-provenance "$v/withown.tar"
same "own output in a tar: only the log's events" "$T/.status.out" "$v/a.want"
contains "own output in a tar: the member is named" "$T/.status.err" \
    "cfecs: $v/withown.tar(out-2.ndjson): skipped: cfecs output"
# Logpush records are never taken for it (every sample dataset).
$CFECS --no-provenance samples/*.ndjson > "$v/samples.out" 2> "$v/samples.err" || true
if grep -q "skipped: cfecs output" "$v/samples.err"; then
	bad "no sample is taken for cfecs output" "$(grep 'skipped: cfecs output' "$v/samples.err" | head -n 3)"
else ok "no sample is taken for cfecs output"; fi

# ---- a file reached twice in a walk is read once ----
mkdir -p "$v/links/sub"
cp "$v/t/a.ndjson" "$v/links/sub/a.ndjson"
ln -s sub/a.ndjson "$v/links/link.ndjson"
ln "$v/links/sub/a.ndjson" "$v/links/hard.ndjson"
status_is "a file reached three ways: exit 0" 0 $CFECS --no-provenance -v -r "$v/links"
same "a file reached three ways: its events once" "$T/.status.out" "$v/a.want"
contains "a file reached three ways: -v says why" "$T/.status.err" "skipped: same file as one read before"
$CFECS --no-provenance -r "$v/links/sub" "$v/links" > "$v/links2.out" || true
same "an operand and its link in a walk: once" "$v/links2.out" "$v/a.want"
$CFECS --no-provenance "$v/links/sub/a.ndjson" "$v/links/sub/a.ndjson" > "$v/twice.out" || true
cat "$v/a.want" "$v/a.want" > "$v/twice.want"
same "an operand named twice is read twice, as asked" "$v/twice.out" "$v/twice.want"

# ---- peak memory with 64 threads ----
if [ -x /usr/bin/time ]; then
	for vn in 3300 330000; do
		/usr/bin/time -f %M -o "$v/rss.$vn" sh -c \
		    'bench/gen -n "$1" -s 7 | "$2" -j 64 > /dev/null' sh "$vn" "$CFECS_BIN"
	done
	vs=$(tail -n 1 "$v/rss.3300")
	vl=$(tail -n 1 "$v/rss.330000")
	# 130 batches in flight at most (twice the threads, and two); a
	# sanitizer's shadow memory comes on top.
	vcap=262144
	[ -z "${SANITIZED:-}" ] || vcap=$((vcap + ${RSS_SLACK:-131072}))
	[ "$vl" -lt "$vcap" ] && ok "peak RSS at -j 64 on 1 GB under $vcap KiB: $vl KiB" ||
	    bad "peak RSS at -j 64 on 1 GB under $vcap KiB" "$vl KiB"
	[ $((vl - vs)) -lt 196608 ] && ok "peak RSS at -j 64: 10 MB $vs KiB, 1 GB $vl KiB" ||
	    bad "peak RSS at -j 64 bounded" "10 MB $vs KiB, 1 GB $vl KiB"
else
	bad "peak RSS at -j 64" "/usr/bin/time missing"
fi
