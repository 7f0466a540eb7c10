# Resumable runs: a signal stops a --state run after the files in flight,
# so a resumed run neither repeats nor loses an event, on standard output
# too; the output reaches the disk before the state file lists its files.
# Sourced by run.sh.  The signal is sent at a point fixed through a pipe
# (after so many bytes of output), never after a delay.

rs="$T/resume"
mkdir -p "$rs/dump"
# 8 files of 500 records (about 1.5 MB each, three batches), the last
# four gzipped; every record has its own RayID.
rs_i=1
while [ $rs_i -le 8 ]; do
	if [ $rs_i -le 4 ]; then
		bench/gen -n 500 -s $rs_i > "$rs/dump/part$rs_i.ndjson"
	else
		bench/gen -n 500 -s $rs_i | gzip -1 > "$rs/dump/part$rs_i.log.gz"
	fi
	rs_i=$((rs_i + 1))
done
for f in "$rs"/dump/*; do gzip -dcf "$f"; done |
    grep -o '"RayID":"[^"]*"' | sort > "$rs/want.ids"

# rs_ids FILE [-z]: the sorted RayIDs of the events in FILE.
rs_ids() {
	if [ "${2:-}" = -z ]; then gzip -dc "$1"; else cat "$1"; fi |
	    grep -o '"cloudflare":{.*' | grep -o '"RayID":"[^"]*"' | sort
}

# rs_interrupt SIG BYTES ARGS...: cfecs --state ARGS -r dump writes to a
# FIFO; once BYTES of its output are read (it is then in the middle of
# the dump: the pipe holds at most 64 KB more), it gets SIG; the rest of
# its output is read to its end.  Output in $rs/out1, stderr in
# $rs/err1, exit status in $rs_rc.
rs_interrupt() {
	_sig=$1 _bytes=$2
	shift 2
	rm -f "$rs/fifo" "$rs/state"
	mkfifo "$rs/fifo"
	"$CFECS_BIN" --state "$rs/state" "$@" -r "$rs/dump" > "$rs/fifo" \
	    2> "$rs/err1" &
	_pid=$!
	exec 3< "$rs/fifo"
	dd bs="$_bytes" count=1 iflag=fullblock <&3 > "$rs/out1" 2> /dev/null
	kill -"$_sig" $_pid
	cat <&3 >> "$rs/out1"
	exec 3<&-
	set +e
	wait $_pid
	rs_rc=$?
	set -e
}

for rs_sig in INT TERM; do
	[ $rs_sig = INT ] && rs_want=130 || rs_want=143
	for rs_z in "" -z; do
		[ -z "$rs_z" ] && rs_at=5000000 || rs_at=300000
		rs_name="--state $rs_z SIG$rs_sig to standard output"
		rs_interrupt $rs_sig $rs_at $rs_z
		[ "$rs_rc" -eq $rs_want ] && ok "$rs_name: exit $rs_want" ||
		    bad "$rs_name: exit $rs_want" "status $rs_rc: $(cat "$rs/err1")"
		contains "$rs_name: says it finishes the files being read" \
		    "$rs/err1" "stopping after the files being read"
		rs_done=$(grep -c . "$rs/state" || true)
		if [ "$rs_done" -gt 1 ] && [ "$rs_done" -lt 9 ]; then
			ok "$rs_name: stopped in the middle of the dump"
		else
			bad "$rs_name: stopped in the middle of the dump" \
			    "$rs_done lines in the state file"
		fi
		# What the first run wrote is exactly the files it recorded.
		for f in $(sed -n 's/^[0-9]*	[0-9.]*	//p' "$rs/state"); do
			gzip -dcf "$f"
		done | grep -o '"RayID":"[^"]*"' | sort > "$rs/done.ids"
		rs_ids "$rs/out1" $rs_z > "$rs/got1.ids"
		same "$rs_name: the events written are those of the files recorded" \
		    "$rs/got1.ids" "$rs/done.ids"
		if [ -n "$rs_z" ]; then
			check "$rs_name: valid gzip" gzip -t "$rs/out1"
		fi
		"$CFECS_BIN" --state "$rs/state" $rs_z -r "$rs/dump" > "$rs/out2"
		cat "$rs/out1" "$rs/out2" > "$rs/both"
		rs_ids "$rs/both" $rs_z > "$rs/got.ids"
		same "$rs_name: resumed, every event exactly once" \
		    "$rs/got.ids" "$rs/want.ids"
	done
done

# -- a second signal stops at once, and says what a rerun repeats --
rm -f "$rs/fifo" "$rs/efifo" "$rs/state"
mkfifo "$rs/fifo" "$rs/efifo"
"$CFECS_BIN" --state "$rs/state" -r "$rs/dump" > "$rs/fifo" 2> "$rs/efifo" &
rs_pid=$!
exec 3< "$rs/fifo" 4< "$rs/efifo"
dd bs=5000000 count=1 iflag=fullblock <&3 > "$rs/out1" 2> /dev/null
kill -INT $rs_pid
# The first signal is taken once its message is out; only then the second
# (two pending signals of one kind would be one).
# (A bound on the wait: a binary that never says so must not hang here.)
timeout 60 head -n 1 <&4 > "$rs/line1" || true
kill -INT $rs_pid 2> /dev/null || true
cat <&4 > "$rs/err1" &
rs_cat=$!
cat <&3 >> "$rs/out1"
exec 3<&- 4<&-
set +e
wait $rs_pid
rs_rc=$?
set -e
wait $rs_cat || true
[ "$rs_rc" -eq 130 ] && ok "--state, two SIGINTs: exit 130" ||
    bad "--state, two SIGINTs: exit 130" "status $rs_rc"
contains "--state, two SIGINTs: says the last files will be repeated" \
    "$rs/err1" "will be read again"
if [ "$(tail -c 1 "$rs/out1" | od -An -c | tr -d ' ')" = '\n' ]; then
	ok "--state, two SIGINTs: output ends on a whole line"
else
	bad "--state, two SIGINTs: output ends on a whole line" "$(tail -c 50 "$rs/out1")"
fi
"$CFECS_BIN" --state "$rs/state" -r "$rs/dump" > "$rs/out2"
cat "$rs/out1" "$rs/out2" > "$rs/both"
rs_ids "$rs/both" | uniq > "$rs/got.ids"
same "--state, two SIGINTs: resumed, no event lost" "$rs/got.ids" "$rs/want.ids"

# -- durability: the output reaches the disk before the state lists it --
if command -v strace > /dev/null 2>&1; then
	rm -f "$rs/state"
	# (LeakSanitizer cannot run under ptrace: no leak check here.)
	ASAN_OPTIONS=detect_leaks=0 strace -f -o "$rs/strace" \
	    -e trace=fdatasync,fsync "$CFECS_BIN" --state "$rs/state" \
	    -r "$rs/dump" -o "$rs/o.ndjson" || bad "--state under strace" "exit $?"
	# One fdatasync of the output before each fsync of the state file.
	grep -o 'f[a-z]*sync' "$rs/strace" | tr '\n' ' ' > "$rs/sync.got"
	rs_i=0 rs_want=
	while [ $rs_i -lt 8 ]; do
		rs_want="${rs_want}fdatasync fsync "
		rs_i=$((rs_i + 1))
	done
	printf '%s' "$rs_want" > "$rs/sync.want"
	same "--state: fdatasync of the output before each fsync of the state" \
	    "$rs/sync.got" "$rs/sync.want"
	# The identity recorded is that of the file opened: fstat of its
	# descriptor after the open, not a stat of the path before it.
	rm -f "$rs/state"
	ASAN_OPTIONS=detect_leaks=0 strace -o "$rs/strace2" \
	    -e trace=openat,newfstatat,fstat,statx "$CFECS_BIN" \
	    --state "$rs/state" "$rs/dump/part1.ndjson" > /dev/null ||
	    bad "--state under strace" "exit $?"
	rs_fd=$(sed -n 's/^openat(.*part1\.ndjson", O_RDONLY.*= \([0-9]*\)$/\1/p' "$rs/strace2")
	if [ -n "$rs_fd" ] && sed -n '/part1\.ndjson", O_RDONLY/,$p' "$rs/strace2" |
	    grep -Eq "^(fstat\($rs_fd,|newfstatat\($rs_fd, \"\"|statx\($rs_fd, \"\")"; then
		ok "--state: the file's identity comes from its open descriptor"
	else
		bad "--state: the file's identity comes from its open descriptor" \
		    "$(grep part1 "$rs/strace2")"
	fi
else
	bad "--state durability" "strace not installed (make deps)"
fi
