# Real pipes, full disks, broken and truncated input.  Sourced by run.sh.

big="$T/big.ndjson"
i=0
: > "$big"
while [ $i -lt 400 ]; do
	cat samples/http_requests.ndjson >> "$big"
	i=$((i + 1))
done
gzip -n -c "$big" > "$big.gz"

# -- a closed pipe ends the program quietly --
set +e
"$CFECS_BIN" "$big.gz" 2> "$T/pipe.err" | head -n 1 > "$T/pipe.out"
set -e
[ "$(wc -l < "$T/pipe.out")" -eq 1 ] && ok "| head -1: one line" || bad "| head -1" ""
empty "| head -1: no message" "$T/pipe.err"
# The same with SIGPIPE ignored by the parent: EPIPE, still quiet.
set +e
(trap '' PIPE; "$CFECS_BIN" "$big.gz" 2> "$T/epipe.err" | head -c 10 > /dev/null)
set -e
empty "EPIPE with SIGPIPE ignored: no message" "$T/epipe.err"

# -- a full disk is an error: message, exit 2 --
if [ -w /dev/full ]; then
	status_is "/dev/full: exit 2" 2 "$CFECS_BIN" "$big.gz" -o /dev/full
	"$CFECS_BIN" "$big.gz" > /dev/full 2> "$T/full.err" || true
	contains "/dev/full: message" "$T/full.err" "cfecs: write error"
	status_is "/dev/full on stdout: exit 2" 2 sh -c '"$1" "$2" > /dev/full 2>/dev/null' sh "$CFECS_BIN" "$big.gz"
else
	bad "/dev/full" "not available on this machine"
fi

# -- truncated gzip: its member is never verified, so nothing is written;
# with --hold-size 0, the whole records before the cut, then the location --
$CFECS --no-provenance "$big" > "$T/big.out"
size=$(wc -c < "$big.gz")
head -c $((size / 2)) "$big.gz" > "$T/cut.gz"
status_is "truncated gzip: exit 1" 1 $CFECS "$T/cut.gz"
empty "truncated gzip: no unverified event written" "$T/.status.out"
$CFECS --no-provenance --hold-size 0 "$T/cut.gz" > "$T/cut.out" 2> "$T/cut.err" || true
n=$(wc -l < "$T/cut.out")
head -n "$n" "$T/big.out" > "$T/cut.want"
same "truncated gzip: records before the cut intact" "$T/cut.out" "$T/cut.want"
[ "$n" -gt 100 ] && ok "truncated gzip: most records out" || bad "truncated gzip: most records out" "$n"
contains "truncated gzip: located" "$T/cut.err" "cfecs: $T/cut.gz:"
if tail -c 1 "$T/cut.out" | od -c | grep -q '\\n'; then ok "truncated gzip: ends on a whole line"
else bad "truncated gzip: ends on a whole line" ""; fi

# -- corrupt CRC: data comes out but the error is reported --
cp "$big.gz" "$T/crc.gz"
# The CRC32 is the 8 bytes before the end: flip one byte of it.
printf '\377' | dd of="$T/crc.gz" bs=1 seek=$((size - 8)) conv=notrunc 2>/dev/null
status_is "bad gzip CRC: exit 1" 1 $CFECS "$T/crc.gz"

# -- garbage and directories --
head -c 20000 /dev/urandom > "$T/garbage.bin" 2>/dev/null || true
status_is "binary garbage: exit 1" 1 $CFECS "$T/garbage.bin"
$CFECS "$T/garbage.bin" > "$T/garbage.out" 2>/dev/null || true
empty "binary garbage: no output" "$T/garbage.out"

# -- an unreadable file (only meaningful when not root) --
cp samples/dns_logs.ndjson "$T/unreadable.ndjson"
chmod 000 "$T/unreadable.ndjson"
if [ "$(id -u)" -ne 0 ]; then
	status_is "unreadable file: exit 1" 1 $CFECS "$T/unreadable.ndjson"
else
	# root reads anything; check the message path with a FIFO-less stand-in.
	status_is "unreadable file (root reads it): exit 0" 0 $CFECS "$T/unreadable.ndjson"
fi
chmod 644 "$T/unreadable.ndjson"

# interrupted SIGNAL BYTES OUT FEED ARGS...: cfecs ARGS reads a FIFO that
# FEED (a shell command) fills, and writes into a pipe; once BYTES of its
# output have been read, it gets SIGNAL, and the rest of its output is
# read to its end.  FEED ends with "cat $T/gate": the input stalls there,
# open, until cfecs is gone.  Output in OUT, exit status in $rc.
interrupted() {
	_sig=$1 _bytes=$2 _out=$3 _feed=$4
	shift 4
	rm -f "$T/fifo" "$T/ofifo" "$T/gate"
	mkfifo "$T/fifo" "$T/ofifo" "$T/gate"
	sh -c "$_feed" > "$T/fifo" 2>/dev/null &
	_feeder=$!
	"$CFECS_BIN" --no-provenance "$@" "$T/fifo" > "$T/ofifo" 2>/dev/null &
	_conv=$!
	exec 3< "$T/ofifo"
	dd bs="$_bytes" count=1 iflag=fullblock <&3 > "$_out" 2>/dev/null
	kill "-$_sig" $_conv
	cat <&3 >> "$_out"
	exec 3<&-
	set +e
	wait $_conv
	rc=$?
	set -e
	: > "$T/gate"		# the feeder's last cat ends
	wait $_feeder 2>/dev/null || true
}

# -- SIGTERM while converting: output ends on a complete line --
# Once all the events of the first copy are out (the input stalls, so
# they are written), SIGTERM.
interrupted TERM "$(wc -c < "$T/big.out")" "$T/sig.out" "cat '$big'; cat '$T/gate'; cat '$big'"
[ "$rc" -eq 143 ] && ok "SIGTERM: dies of the signal" || bad "SIGTERM: dies of the signal" "status $rc"
n=$(wc -l < "$T/sig.out")
head -n "$n" "$T/big.out" > "$T/sig.want"
same "SIGTERM: whole lines only" "$T/sig.out" "$T/sig.want"
[ "$n" -eq "$(wc -l < "$big")" ] && ok "SIGTERM: buffered events written" || bad "SIGTERM: buffered events written" "$n lines"

# -- SIGINT in the middle of a large conversion: whole lines only --
for j in 1 2; do
	interrupted INT 100000 "$T/int.out" "cat '$big' '$big' '$big'; cat '$T/gate'" -j "$j"
	[ "$rc" -eq 130 ] && ok "SIGINT -j $j: dies of the signal" || bad "SIGINT -j $j" "status $rc"
	if [ ! -s "$T/int.out" ] || [ "$(tail -c 1 "$T/int.out" | od -An -c | tr -d ' ')" = '\n' ]; then
		ok "SIGINT -j $j: output ends on a whole line"
	else
		bad "SIGINT -j $j: output ends on a whole line" "$(tail -c 50 "$T/int.out")"
	fi
	n=$(wc -l < "$T/int.out")
	cat "$T/big.out" "$T/big.out" "$T/big.out" | head -n "$n" > "$T/int.want"
	same "SIGINT -j $j: the lines written are the right ones" "$T/int.out" "$T/int.want"
done
