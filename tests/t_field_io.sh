# Output that could destroy or re-read input, interrupted gzip output,
# corrupt input, special files in walks, messages.  Sourced by run.sh.

fi_d="$T/fio"
mkdir -p "$fi_d"

# lines FILE: its number of lines (0 for a missing file).
lines() {
	if [ -f "$1" ]; then wc -l < "$1" | tr -d ' '; else echo 0; fi
}

# ends_whole NAME FILE: empty, or ends with a newline.
ends_whole() {
	if [ ! -s "$2" ] || [ "$(tail -c 1 "$2" | od -An -c | tr -d ' ')" = '\n' ]; then
		ok "$1"
	else
		bad "$1" "$(tail -c 60 "$2")"
	fi
}

# ---- item 1: output inside the tree being read ----
mkdir -p "$fi_d/d1"
cp samples/dns_logs.ndjson "$fi_d/d1/a.ndjson"
$CFECS --no-provenance samples/dns_logs.ndjson > "$fi_d/dns.want"
set +e
timeout 20 "$CFECS_BIN" --no-provenance --stats -r "$fi_d/d1" -o "$fi_d/d1/out.ndjson" 2> "$fi_d/i1.err"
rc=$?
set -e
[ "$rc" -eq 1 ] && ok "item 1: output inside the walked tree: exit 1" || bad "item 1: output inside the walked tree: exit 1" "status $rc"
contains "item 1: output inside the walked tree is skipped" "$fi_d/i1.err" "cfecs: $fi_d/d1/out.ndjson: input file is also the output"
same "item 1: -o inside the walk: only the input's events" "$fi_d/d1/out.ndjson" "$fi_d/dns.want"
contains "item 1: skipped output counted in --stats" "$fi_d/i1.err" "2 files, 1 failed"
rm -f "$fi_d/d1/out.ndjson"

# Standard output redirected into the tree (the shell opens it first).
set +e
(cd "$fi_d/d1" && timeout 20 "$CFECS_BIN" --no-provenance -r . > ./all.ndjson 2> ../i1b.err)
rc=$?
set -e
[ "$rc" -eq 1 ] && ok "item 1: stdout inside the walk: exit 1" || bad "item 1: stdout inside the walk: exit 1" "status $rc"
contains "item 1: stdout inside the walk is skipped" "$fi_d/i1b.err" "cfecs: ./all.ndjson: input file is also the output"
same "item 1: stdout inside the walk: only the input's events" "$fi_d/d1/all.ndjson" "$fi_d/dns.want"
# Appending to an operand named explicitly would read forever.
cp "$fi_d/dns.want" "$fi_d/grow.ndjson"
set +e
timeout 20 "$CFECS_BIN" "$fi_d/grow.ndjson" >> "$fi_d/grow.ndjson" 2> "$fi_d/i1c.err"
rc=$?
set -e
[ "$rc" -eq 1 ] && ok "item 1: cfecs f >> f: exit 1" || bad "item 1: cfecs f >> f: exit 1" "status $rc"
same "item 1: cfecs f >> f: f unchanged" "$fi_d/grow.ndjson" "$fi_d/dns.want"
rm -f "$fi_d/d1/all.ndjson"
set +e
timeout 20 sh -c '"$0" < "$1" >> "$1"' "$CFECS_BIN" "$fi_d/grow.ndjson" 2> "$fi_d/i1f.err"
rc=$?
set -e
[ "$rc" -eq 1 ] && ok "item 1: cfecs < f >> f: exit 1" || bad "item 1: cfecs < f >> f: exit 1" "status $rc"
contains "item 1: cfecs < f >> f: message" "$fi_d/i1f.err" "cfecs: <stdin>: input file is also the output"
same "item 1: cfecs < f >> f: f unchanged" "$fi_d/grow.ndjson" "$fi_d/dns.want"

# --rejects and --state inside the walk.
{ cat samples/dns_logs.ndjson; echo '{bad'; } > "$fi_d/d1/a.ndjson"
set +e
timeout 20 "$CFECS_BIN" -r "$fi_d/d1" --rejects "$fi_d/d1/rej" --state "$fi_d/d1/state" > "$fi_d/i1d.out" 2> "$fi_d/i1d.err"
set -e
contains "item 1: --rejects file inside the walk is skipped" "$fi_d/i1d.err" "cfecs: $fi_d/d1/rej: input file is also the output"
[ "$(lines "$fi_d/d1/rej")" -eq 1 ] && ok "item 1: rejects file holds its one line" || bad "item 1: rejects file holds its one line" "$(lines "$fi_d/d1/rej") lines"
[ "$(lines "$fi_d/i1d.out")" -eq 6 ] && ok "item 1: --rejects/--state inside: only the input's events" || bad "item 1: --rejects/--state inside: only the input's events" "$(lines "$fi_d/i1d.out") lines"
# The state file exists from the second run on.
set +e
timeout 20 "$CFECS_BIN" -r "$fi_d/d1" --state "$fi_d/d1/state" > "$fi_d/i1e.out" 2> "$fi_d/i1e.err"
set -e
contains "item 1: --state file inside the walk is skipped" "$fi_d/i1e.err" "cfecs: $fi_d/d1/state: input file is also the output"
empty "item 1: --state file inside the walk: nothing read" "$fi_d/i1e.out"
rm -rf "$fi_d/d1"

# ---- item 2: an input named as the output is not destroyed ----
gzip -n -c samples/http_requests.ndjson > "$fi_d/self.gz"
cp "$fi_d/self.gz" "$fi_d/self.keep"
status_is "item 2: -o self.gz self.gz: exit 2" 2 $CFECS -o "$fi_d/self.gz" "$fi_d/self.gz"
contains "item 2: -o self.gz self.gz: message" "$T/.status.err" "input file is also the output"
same "item 2: -o self.gz self.gz: input intact" "$fi_d/self.gz" "$fi_d/self.keep"
status_is "item 2: -o self.gz < self.gz: exit 2" 2 sh -c '"$0" -o "$1" < "$1"' "$CFECS_BIN" "$fi_d/self.gz"
contains "item 2: -o self.gz < self.gz: message" "$T/.status.err" "<stdin>: input file is also the output (-o)"
same "item 2: -o self.gz < self.gz: input intact" "$fi_d/self.gz" "$fi_d/self.keep"
ln "$fi_d/self.gz" "$fi_d/hard.gz"
status_is "item 2: -o through a hard link: exit 2" 2 $CFECS -o "$fi_d/hard.gz" "$fi_d/self.gz"
same "item 2: -o through a hard link: input intact" "$fi_d/self.gz" "$fi_d/self.keep"
cp samples/dns_logs.ndjson "$fi_d/x.log"
status_is "item 2: --rejects x.log x.log: exit 2" 2 $CFECS --rejects "$fi_d/x.log" "$fi_d/x.log"
contains "item 2: --rejects x.log x.log: message" "$T/.status.err" "input file is also the output"
same "item 2: --rejects x.log x.log: input intact" "$fi_d/x.log" samples/dns_logs.ndjson
printf '# cfecs state v1\n' > "$fi_d/st"
cp "$fi_d/st" "$fi_d/st.keep"
status_is "item 2: -o the --state file: exit 2" 2 $CFECS --state "$fi_d/st" -o "$fi_d/st" samples/dns_logs.ndjson
same "item 2: -o the --state file: state intact" "$fi_d/st" "$fi_d/st.keep"
status_is "item 2: -o the --rejects file: exit 2" 2 $CFECS --rejects "$fi_d/x.log" -o "$fi_d/x.log" samples/dns_logs.ndjson
same "item 2: -o the --rejects file: intact" "$fi_d/x.log" samples/dns_logs.ndjson
status_is "item 2: --check ignores -o" 0 $CFECS --check -o "$fi_d/x.log" "$fi_d/x.log"

# ---- item 4: an interrupted gzip output is still gzip ----
fi_big="$fi_d/big.ndjson"
i=0
: > "$fi_big"
while [ $i -lt 100 ]; do
	cat samples/http_requests.ndjson samples/dns_logs.ndjson samples/gateway_dns.ndjson >> "$fi_big"
	i=$((i + 1))
done
$CFECS --no-provenance "$fi_big" > "$fi_d/big.want"
for k in 1 2 3 4 5 6 7 8; do cat "$fi_d/big.want"; done > "$fi_d/big8.want"

# gz_interrupt SIGNAL K -j J OUTARGS...: cfecs reads the big input 8
# times from two FIFOs, K copies from the first, the rest from the second,
# whose feeder first waits on a gate; once --stats says the first FIFO's
# events are written, SIGNAL.  With OUTARGS "-" it writes -z to
# $fi_d/int.gz through stdout.
gz_interrupt() {
	_sig=$1 _k=$2 _j=$3
	shift 3
	rm -f "$fi_d/fifo" "$fi_d/fifo2" "$fi_d/gate" "$fi_d/efifo" "$fi_d/int.gz"
	mkfifo "$fi_d/fifo" "$fi_d/fifo2" "$fi_d/gate" "$fi_d/efifo"
	(i=0; while [ $i -lt "$_k" ]; do cat "$fi_big"; i=$((i + 1)); done) > "$fi_d/fifo" &
	_feeder=$!
	(cat "$fi_d/gate"; while [ $_k -lt 8 ]; do cat "$fi_big"; _k=$((_k + 1)); done) \
	    > "$fi_d/fifo2" 2>/dev/null &
	_feeder2=$!
	if [ "$1" = "-" ]; then
		"$CFECS_BIN" --no-provenance --stats -j "$_j" -z "$fi_d/fifo" "$fi_d/fifo2" \
		    > "$fi_d/int.gz" 2> "$fi_d/efifo" &
	else
		"$CFECS_BIN" --no-provenance --stats -j "$_j" -o "$fi_d/int.gz" "$fi_d/fifo" \
		    "$fi_d/fifo2" 2> "$fi_d/efifo" &
	fi
	_conv=$!
	exec 4< "$fi_d/efifo"
	grep -F -m 1 -q "cfecs: $fi_d/fifo: " <&4 || true
	kill "-$_sig" $_conv
	cat <&4 > /dev/null
	exec 4<&-
	set +e
	wait $_conv
	rc=$?
	set -e
	: > "$fi_d/gate"
	wait $_feeder $_feeder2 2>/dev/null || true
}

for fi_case in "INT 130 1 1 o" "TERM 143 2 2 o" "INT 130 3 2 -" "TERM 143 1 1 -" "INT 130 2 1 o" "TERM 143 3 2 -"; do
	set -- $fi_case
	fi_name="item 4: SIG$1 -j $4 ${5#o}"
	[ "$5" = o ] && fi_name="$fi_name-o out.gz" || fi_name="$fi_name-z"
	if [ "$5" = o ]; then gz_interrupt "$1" "$3" "$4" out; else gz_interrupt "$1" "$3" "$4" -; fi
	[ "$rc" -eq "$2" ] && ok "$fi_name: exit $2" || bad "$fi_name: exit $2" "status $rc"
	if gzip -t "$fi_d/int.gz" 2> "$fi_d/gzt.err"; then ok "$fi_name: gzip -t passes"
	else bad "$fi_name: gzip -t passes" "$(cat "$fi_d/gzt.err")"; fi
	gzip -dc "$fi_d/int.gz" > "$fi_d/int.out" 2>/dev/null || true
	ends_whole "$fi_name: ends on a whole line" "$fi_d/int.out"
	n=$(lines "$fi_d/int.out")
	head -n "$n" "$fi_d/big8.want" > "$fi_d/int.want"
	same "$fi_name: the events written are the right ones" "$fi_d/int.out" "$fi_d/int.want"
	[ "$n" -gt 0 ] && [ "$n" -lt "$(lines "$fi_d/big8.want")" ] && ok "$fi_name: stopped mid-run" || bad "$fi_name: stopped mid-run" "$n lines"
done

# ---- item 6: corrupted gzip ----
i=0
: > "$fi_d/c.ndjson"
while [ $i -lt 834 ]; do cat samples/dns_logs.ndjson >> "$fi_d/c.ndjson"; i=$((i + 1)); done
gzip -n -c "$fi_d/c.ndjson" > "$fi_d/c.gz"
size=$(wc -c < "$fi_d/c.gz")
printf '\125' | dd of="$fi_d/c.gz" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
rm -f "$fi_d/c.state"
status_is "item 6: corrupt gzip: exit 1" 1 $CFECS --state "$fi_d/c.state" "$fi_d/c.gz"
n=$(lines "$T/.status.out")
if grep -q "already written" "$T/.status.err"; then ok "item 6: corrupt gzip: the error counts the events written"
else bad "item 6: corrupt gzip: the error counts the events written" "$(tail -n 2 "$T/.status.err")"; fi
contains "item 6: corrupt gzip: the count is that of the events out" "$T/.status.err" "; $n events of this file already written"
if [ -f "$fi_d/c.state" ] && grep -qF "$fi_d/c.gz" "$fi_d/c.state"; then
	bad "item 6: corrupt gzip: --state does not record it" "$(cat "$fi_d/c.state")"
else ok "item 6: corrupt gzip: --state does not record it"; fi
status_is "item 6: corrupt gzip with -q: exit 1" 1 $CFECS -q "$fi_d/c.gz"
contains "item 6: corrupt gzip with -q: still said" "$T/.status.err" "events of this file already written"
# The same inside a tar: the member is named and counted.
(cd "$fi_d" && cp c.gz m.log.gz && tar -cf c.tar m.log.gz && rm m.log.gz)
status_is "item 6: corrupt member: exit 1" 1 $CFECS "$fi_d/c.tar"
n=$(lines "$T/.status.out")
contains "item 6: corrupt member: count named" "$T/.status.err" "; $n events of this member already written"
contains "item 6: man page says gzip -t" man/cfecs.1 "gzip -t"

# ---- item 7: FIFOs, sockets, devices in a walk ----
mkdir -p "$fi_d/d7"
cp samples/dns_logs.ndjson "$fi_d/d7/a.ndjson"
mkfifo "$fi_d/d7/b.fifo"
ln -s /dev/zero "$fi_d/d7/c.zero"
python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$fi_d/d7/d.sock" 2>/dev/null || true
set +e
timeout 20 "$CFECS_BIN" --no-provenance -v -r "$fi_d/d7" > "$fi_d/i7.out" 2> "$fi_d/i7.err"
rc=$?
set -e
[ "$rc" -eq 0 ] && ok "item 7: FIFO, device, socket in a walk: exit 0" || bad "item 7: FIFO, device, socket in a walk: exit 0" "status $rc"
same "item 7: walk: the regular file's events" "$fi_d/i7.out" "$fi_d/dns.want"
contains "item 7: -v names the skipped FIFO" "$fi_d/i7.err" "$fi_d/d7/b.fifo: skipped: not a regular file"
contains "item 7: -v names the skipped device" "$fi_d/i7.err" "$fi_d/d7/c.zero: skipped: not a regular file"
# A FIFO named as an operand is read.
(cat samples/dns_logs.ndjson > "$fi_d/d7/b.fifo") &
set +e
timeout 20 "$CFECS_BIN" --no-provenance "$fi_d/d7/b.fifo" > "$fi_d/i7b.out" 2>/dev/null
set -e
wait
same "item 7: a FIFO operand is read" "$fi_d/i7b.out" "$fi_d/dns.want"
rm -rf "$fi_d/d7"

# ---- item 9: informational output to /dev/full ----
if [ -w /dev/full ]; then
	for args in --help -V --list-datasets "--print-fields dns_logs"; do
		# shellcheck disable=SC2086
		status_is "item 9: $args > /dev/full: exit 2" 2 sh -c '"$0" "$@" > /dev/full' "$CFECS_BIN" $args
		contains "item 9: $args > /dev/full: message" "$T/.status.err" "cfecs: write error"
	done
fi

# ---- item 10: --stats totals count failed files and cut-short members ----
gzip -n -c "$fi_big" > "$fi_d/t.gz"
size=$(wc -c < "$fi_d/t.gz")
head -c $((size / 2)) "$fi_d/t.gz" > "$fi_d/t1.gz"
head -c $((size / 3)) "$fi_d/t.gz" > "$fi_d/t2.gz"
(cd "$fi_d" && cp t1.gz m.log.gz && tar -cf t3.tar m.log.gz && rm m.log.gz)
status_is "item 10: truncated files: exit 1" 1 $CFECS --stats "$fi_d/t1.gz" "$fi_d/t2.gz" samples/dns_logs.ndjson "$fi_d/missing.gz" "$fi_d/t3.tar"
contains "item 10: the total counts the failed files" "$T/.status.err" "5 files, 4 failed"
contains "item 10: the total counts the read errors" "$T/.status.err" "3 read errors"
contains "item 10: a file's line counts its read error" "$T/.status.err" "cfecs: $fi_d/t1.gz: "
grep "cfecs: $fi_d/t1.gz: .* read," "$T/.status.err" > "$fi_d/t1.line" || true
contains "item 10: a file's line counts its read error" "$fi_d/t1.line" "1 read error,"
status_is "item 10: one missing file: a total" 1 $CFECS --stats "$fi_d/missing.gz" samples/dns_logs.ndjson
contains "item 10: one missing file: in the total" "$T/.status.err" "2 files, 1 failed"

# ---- item 12: the progress line ----
# on_pty OUT ERRFILE CMD...: CMD with stderr (and, with OUT "tty", stdout)
# on a pseudo-terminal; what the terminal shows goes to ERRFILE.
fi_pty="$fi_d/ptyrun.py"
# ptyrun.py OUT LOG TRIGGER SIGNAL GATE CMD...: CMD runs on a pseudo-
# terminal (OUT: its stdout, or "tty"); everything the terminal shows
# goes to LOG.  CMD's input waits on the FIFO GATE; once the terminal has
# shown TRIGGER, SIGNAL ("-": none) is sent and the gate opens.  The
# progress line is drawn on a timer (a sixth of a second) after a batch,
# so a gate that would wait for it while no batch is left opens after
# 2 s all the same; a TRIGGER of "@timestamp/0.3" waits 0.3 s more, for
# a check that the line is not drawn.
cat > "$fi_pty" <<'EOF'
import errno, os, pty, select, signal, sys, time
out, log, trigger, sig, gate = sys.argv[1:6]
cmd = sys.argv[6:]
wait_more = 0.0
if "/" in trigger:
    trigger, wait_more = trigger.split("/")[0], float(trigger.split("/")[1])
pid, fd = pty.fork()
if pid == 0:
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    if out != "tty":
        f = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(f, 1)
    os.execvp(cmd[0], cmd)

def open_gate():
    try:
        os.close(os.open(gate, os.O_WRONLY | os.O_NONBLOCK))
        return True
    except OSError as e:
        if e.errno != errno.ENXIO:    # ENXIO: the feeder is not there yet
            raise
        return False

data = b""
t0 = time.monotonic()
seen_at = None
opened = False
while True:
    if seen_at is None and trigger.encode() in data:
        seen_at = time.monotonic()
        if sig != "-":
            os.kill(pid, getattr(signal, "SIG" + sig))
    now = time.monotonic()
    if not opened and ((seen_at is not None and now - seen_at >= wait_more)
                       or now - t0 > 2.0):
        opened = open_gate()
    try:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            b = os.read(fd, 65536)
            if not b:
                break
            data += b
    except OSError:
        break
while not opened:
    opened = open_gate()
    if not opened:
        select.select([], [], [], 0.05)
_, status = os.waitpid(pid, 0)
open(log, "wb").write(data)
sys.exit(os.waitstatus_to_exitcode(status) & 255 if hasattr(os, "waitstatus_to_exitcode") else 0)
EOF
# The input: three copies, a wait on the gate, three more.
rm -f "$fi_d/gate"
mkfifo "$fi_d/gate"
fi_g="$fi_d/gate"
fi_slow="(cat '$fi_big' '$fi_big' '$fi_big'; cat '$fi_g'; cat '$fi_big' '$fi_big' '$fi_big') 2>/dev/null"
if python3 -c 'import pty' 2>/dev/null; then
	set +e
	python3 "$fi_pty" "$fi_d/p1.out" "$fi_d/p1.log" "records " - "$fi_g" sh -c "$fi_slow | '$CFECS_BIN'"
	set -e
	contains "item 12: progress drawn when stdout is not the terminal" "$fi_d/p1.log" "records "
	contains "item 12: progress rate is labelled JSON" "$fi_d/p1.log" "MB/s JSON"
	if [ "$(tail -c 4 "$fi_d/p1.log" | od -An -c | tr -s ' ')" = " \r 033 [ K" ]; then
		ok "item 12: progress erased at the end"
	else
		bad "item 12: progress erased at the end" "$(tail -c 40 "$fi_d/p1.log" | od -c | tail -n 3)"
	fi
	set +e
	python3 "$fi_pty" tty "$fi_d/p2.log" "@timestamp/0.3" - "$fi_g" sh -c "$fi_slow | '$CFECS_BIN' -f @timestamp"
	set -e
	if grep -q "records " "$fi_d/p2.log"; then bad "item 12: no progress when stdout is the terminal" "$(grep -a records "$fi_d/p2.log" | head -c 200)"
	else ok "item 12: no progress when stdout is the terminal"; fi
	[ "$(grep -c "@timestamp" "$fi_d/p2.log")" -eq $((6 * $(lines "$fi_d/big.want"))) ] && ok "item 12: every event on the terminal" || bad "item 12: every event on the terminal" "$(grep -c '@timestamp' "$fi_d/p2.log")"
	set +e
	python3 "$fi_pty" tty "$fi_d/p4.log" "records " - "$fi_g" sh -c "$fi_slow | '$CFECS_BIN' -o '$fi_d/p4.out'"
	set -e
	contains "item 12: progress drawn with -o when stdout is the terminal" "$fi_d/p4.log" "records "
	set +e
	python3 "$fi_pty" "$fi_d/p5.out" "$fi_d/p5.log" "records " - "$fi_g" sh -c "$fi_slow | '$CFECS_BIN' | head -c 12000000 > /dev/null"
	set -e
	contains "item 12: progress drawn before the reader went away" "$fi_d/p5.log" "records "
	if [ "$(tail -c 4 "$fi_d/p5.log" | od -An -c | tr -s ' ')" = " \r 033 [ K" ]; then
		ok "item 12: progress erased on SIGPIPE"
	else
		bad "item 12: progress erased on SIGPIPE" "$(tail -c 40 "$fi_d/p5.log" | od -c | tail -n 3)"
	fi
	set +e
	python3 "$fi_pty" "$fi_d/p3.out" "$fi_d/p3.log" "records " INT "$fi_g" sh -c "$fi_slow | exec '$CFECS_BIN' -j 1 /dev/stdin"
	set -e
	contains "item 12: progress drawn before the signal" "$fi_d/p3.log" "records "
	if [ "$(tail -c 4 "$fi_d/p3.log" | od -An -c | tr -s ' ')" = " \r 033 [ K" ]; then
		ok "item 12: progress erased on SIGINT"
	else
		bad "item 12: progress erased on SIGINT" "$(tail -c 40 "$fi_d/p3.log" | od -c | tail -n 3)"
	fi
else
	bad "item 12: progress" "python3 with pty not available"
fi

# ---- item 13: messages ----
mkdir -p "$fi_d/d13"
nl='
'
printf '{bad\n' > "$fi_d/d13/a${nl}b.ndjson"
set +e
$CFECS -r "$fi_d/d13" > /dev/null 2> "$fi_d/i13.err"
set -e
[ "$(lines "$fi_d/i13.err")" -eq 1 ] && ok "item 13: a newline in a file name: one message line" || bad "item 13: a newline in a file name: one message line" "$(cat "$fi_d/i13.err")"
contains "item 13: a newline in a file name is escaped" "$fi_d/i13.err" 'a\nb.ndjson:1: invalid JSON'
set +e
$CFECS --stats -v "$fi_d/d13/a${nl}b.ndjson" "$fi_d/d13/no${nl}such" > /dev/null 2> "$fi_d/i13b.err"
set -e
if grep -q '^b\.ndjson\|^such' "$fi_d/i13b.err"; then bad "item 13: every message escapes the name" "$(cat "$fi_d/i13b.err")"
else ok "item 13: every message escapes the name"; fi
contains "item 13: an unreadable name escaped" "$fi_d/i13b.err" 'no\nsuch: No such file'
# The byte of an error: 1-based, the first byte that cannot be JSON.
fi_at() {
	printf '%s\n' "$2" | $CFECS > /dev/null 2> "$fi_d/at.err" || true
	contains "item 13: '$2' at byte $1" "$fi_d/at.err" "invalid JSON at byte $1"
}
fi_at 2 '{broken'
fi_at 8 '{"a":1,}'
fi_at 6 '{"a" 1}'
fi_at 9 '{"a":tru}'
fi_at 7 '{"a":1'
fi_at 1 'x'
fi_at 9 '{"a":[1,}'
fi_at 7 '{"a":-}'
contains "item 13: the man page says how bytes are counted" man/cfecs.1 "counts bytes from 1"
if [ -w /dev/full ]; then
	status_is "item 13: --state /dev/full: exit 2" 2 $CFECS --state /dev/full samples/dns_logs.ndjson
	contains "item 13: --state /dev/full names the state file" "$T/.status.err" "cfecs: state file /dev/full: "
fi
status_is "item 13: --state in a missing directory: exit 2" 2 $CFECS --state "$fi_d/nodir/s" samples/dns_logs.ndjson
contains "item 13: --state in a missing directory: named" "$T/.status.err" "cfecs: state file $fi_d/nodir/s: No such file or directory"
printf 'hello\n' > "$fi_d/notstate"
status_is "item 13: a foreign --state file: exit 2" 2 $CFECS --state "$fi_d/notstate" samples/dns_logs.ndjson
contains "item 13: a foreign --state file: said so" "$T/.status.err" "cfecs: state file $fi_d/notstate: not a cfecs state file"
rm -rf "$fi_d/d13"

# ---- item 14: -v names what it skips; case; help and docs agree ----
mkdir -p "$fi_d/d14/sub" "$fi_d/t14/.hid"
cp samples/dns_logs.ndjson "$fi_d/d14/sub/a.ndjson"
echo 'not a log' > "$fi_d/d14/readme.TXT"
echo 'not a log' > "$fi_d/d14/NOTES.MD"
ln -s sub "$fi_d/d14/link"
set +e
$CFECS --no-provenance -v -r "$fi_d/d14" > "$fi_d/i14.out" 2> "$fi_d/i14.err"
rc=$?
set -e
[ "$rc" -eq 0 ] && ok "item 14: readme.TXT and NOTES.MD skipped" || bad "item 14: readme.TXT and NOTES.MD skipped" "status $rc: $(cat "$fi_d/i14.err")"
contains "item 14: -v names readme.TXT" "$fi_d/i14.err" "$fi_d/d14/readme.TXT: skipped: not a log file"
contains "item 14: -v names the symlinked directory" "$fi_d/i14.err" "$fi_d/d14/link: skipped: symbolic link to a directory"
same "item 14: the directory read once" "$fi_d/i14.out" "$fi_d/dns.want"
cp samples/dns_logs.ndjson "$fi_d/t14/a.ndjson"
echo 'x' > "$fi_d/t14/README.TXT"
echo 'x' > "$fi_d/t14/.hid/b.ndjson"
(cd "$fi_d/t14" && tar -cf ../t14.tar a.ndjson README.TXT .hid)
set +e
$CFECS -v "$fi_d/t14.tar" > "$fi_d/i14b.out" 2> "$fi_d/i14b.err"
rc=$?
set -e
[ "$rc" -eq 0 ] && ok "item 14: archive: README.TXT skipped" || bad "item 14: archive: README.TXT skipped" "status $rc: $(cat "$fi_d/i14b.err")"
contains "item 14: -v names a skipped member" "$fi_d/i14b.err" "$fi_d/t14.tar(README.TXT): skipped: not a log file"
contains "item 14: -v names a member in a hidden directory" "$fi_d/i14b.err" "$fi_d/t14.tar(.hid/b.ndjson): skipped: in a hidden directory"
$CFECS --help > "$fi_d/help.txt"
grep -- '--strict' "$fi_d/help.txt" > "$fi_d/help.strict"
contains "item 14: --help's --strict mentions read errors" "$fi_d/help.strict" "read error"
if grep -q 'per operand' "$fi_d/help.txt" man/cfecs.1 README.md; then bad "item 14: no 'per operand'" "$(grep -n 'per operand' "$fi_d/help.txt" man/cfecs.1 README.md)"
else ok "item 14: no 'per operand'"; fi
# Every long option of --help is in the man page and the README.
fi_missing=
for o in $(grep -o -- '--[a-z][a-z-]*' "$fi_d/help.txt" | sort -u); do
	grep -q -- "Fl \\\\${o#-}" man/cfecs.1 && grep -q -- "\`$o" README.md ||
	    fi_missing="$fi_missing $o"
done
[ -z "$fi_missing" ] && ok "item 14: options in --help, man page and README" ||
    bad "item 14: options in --help, man page and README" "missing:$fi_missing"
rm -rf "$fi_d"

# -- item 10: --check's summary counts files that failed too --
$CFECS --check "$T/no-such-dir/" 2> "$T/check-missing.err" || true
contains "item 10: --check: a missing operand is FAILED" "$T/check-missing.err" \
    "1 file failed: FAILED"
status_is "item 10: --check: a missing operand, exit 1" 1 \
    $CFECS --check "$T/no-such-dir/"

# -- item 4 with --state: an interrupted -o run keeps only the events of
# the files it recorded, so the next run neither loses nor repeats any --
fs_d="$T/state-dump"
mkdir -p "$fs_d/in"
fs_i=1
while [ $fs_i -le 16 ]; do
	bench/gen -n 3000 -s $fs_i | gzip -1 > "$fs_d/in/part$fs_i.log.gz"
	fs_i=$((fs_i + 1))
done
for fs_sig in INT TERM; do
	for fs_out in o.ndjson.gz o.ndjson; do
		rm -f "$fs_d/st" "$fs_d/$fs_out" "$fs_d/2.$fs_out"
		rm -f "$fs_d/efifo"
		mkfifo "$fs_d/efifo"
		"$CFECS_BIN" --stats --state "$fs_d/st" -r "$fs_d/in" \
		    -o "$fs_d/$fs_out" 2> "$fs_d/efifo" &
		fs_pid=$!
		# Once the first file is done (its summary is out), the signal.
		exec 4< "$fs_d/efifo"
		grep -F -m 1 -q "part1.log.gz: " <&4 || true
		kill -$fs_sig $fs_pid 2>/dev/null || true
		cat <&4 > /dev/null
		exec 4<&-
		wait $fs_pid 2>/dev/null || true
		$CFECS --state "$fs_d/st" -r "$fs_d/in" -o "$fs_d/2.$fs_out"
		case $fs_out in
		*.gz)	check "item 4: --state, $fs_sig, $fs_out: gzip -t" \
			    gzip -t "$fs_d/$fs_out"
			fs_n=$(gzip -dc "$fs_d/$fs_out" "$fs_d/2.$fs_out" | wc -l)
			fs_u=$(gzip -dc "$fs_d/$fs_out" "$fs_d/2.$fs_out" |
			    jq -r .event.id | sort -u | wc -l) ;;
		*)	fs_n=$(cat "$fs_d/$fs_out" "$fs_d/2.$fs_out" | wc -l)
			fs_u=$(cat "$fs_d/$fs_out" "$fs_d/2.$fs_out" |
			    jq -r .event.id | sort -u | wc -l) ;;
		esac
		[ "$fs_n" -eq 48000 ] && [ "$fs_u" -eq 48000 ] &&
		    ok "item 4: --state, $fs_sig, $fs_out: every event once" ||
		    bad "item 4: --state, $fs_sig, $fs_out: every event once" \
		    "$fs_n events, $fs_u distinct"
	done
done
rm -rf "$fs_d"
