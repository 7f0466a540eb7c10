#!/bin/sh
# Scale-out tests: contrib/cfecs-dask on a real Dask cluster (a scheduler
# and two workers) over an S3 bucket (s3rver), everything on 127.0.0.1.
# Not part of make check (it starts servers); run with make check-scale.
# The last line is "N passed, N failed".
#
# Needs /usr/bin/python3 with Debian's python3-distributed, rclone, and
# s3rver under tests/scale/node_modules (make deps).  rclone and Dask run
# with a clean environment: only PATH, HOME, TMPDIR and the RCLONE_CONFIG_*
# variables of the test bucket.  Every process started here is stopped by
# its PID when the tests end, whether they pass or not.
set -u
LC_ALL=C
TZ=UTC
export LC_ALL TZ

TOP=$(cd "$(dirname "$0")/../.." && pwd)
SC=$TOP/tests/scale
CFECS_BIN=${CFECS:-$TOP/cfecs}
DASK_SCRIPT=$TOP/contrib/cfecs-dask
PY=/usr/bin/python3
S3RVER=$SC/node_modules/.bin/s3rver
LIMIT=600	# seconds any one run may take before it counts as hung

passed=0
failed=0
pids=""

ok() {
	passed=$((passed + 1))
	[ -z "${VERBOSE:-}" ] || echo "ok   $1"
}

bad() {
	failed=$((failed + 1))
	echo "FAIL $1: ${2:-}" >&2
}

# same NAME FILE1 FILE2
same() {
	if cmp -s "$2" "$3"; then ok "$1"
	else bad "$1" "$2 and $3 differ: $(diff "$2" "$3" | head -n 5)"; fi
}

# contains NAME FILE TEXT
contains() {
	if grep -qF -- "$3" "$2"; then ok "$1"
	else bad "$1" "'$3' not in $2: $(tail -c 600 "$2")"; fi
}

# equals NAME GOT WANT
equals() {
	if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "got '$2', expected '$3'"; fi
}

T=$(mktemp -d "${TMPDIR:-/tmp}/cfecs-scale.XXXXXX")

# stop PID...: SIGTERM, then SIGKILL after 10 s; reaps each one.
stop() {
	for p in "$@"; do kill "$p" 2>/dev/null; done
	for p in "$@"; do
		i=0
		while kill -0 "$p" 2>/dev/null && [ $i -lt 100 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
}

stop_all() {
	# shellcheck disable=SC2086
	stop $pids
	pids=""
}

forget() {
	pids=$(echo " $pids " | sed "s/ $1 / /")
}

finish() {
	stop_all
	if [ "$failed" -eq 0 ]; then rm -rf "$T"
	else echo "scratch files kept in $T" >&2; fi
}
trap finish EXIT
trap 'exit 130' INT TERM

summary() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

# wait_for NAME CMD...: poll CMD (every 0.1 s, at most 60 s) until it
# succeeds: how the servers' readiness is awaited.
wait_for() {
	_name=$1
	shift
	_i=0
	until "$@"; do
		_i=$((_i + 1))
		if [ $_i -ge 600 ]; then
			bad "$_name" "not ready after 60 s"
			return 1
		fi
		sleep 0.1
	done
	ok "$_name"
}

# ---- what the tests need ----
for need in "$CFECS_BIN" "$DASK_SCRIPT" "$TOP/bench/gen" /usr/bin/rclone \
    /usr/bin/dask /usr/bin/setpriv "$S3RVER"; do
	[ -x "$need" ] || bad "prerequisite" "$need missing (make deps; make)"
done
$PY -c 'import distributed' 2>/dev/null ||
    bad "prerequisite" "$PY cannot import distributed (python3-distributed)"
[ "$failed" -eq 0 ] || summary

mkdir -p "$T/home" "$T/tmp" "$T/bin"
: > "$T/rclone.conf"
port=""

# cenv CMD...: CMD with a clean environment, the test bucket's rclone
# remote "s3:" (credentials in the environment, never on a command line).
# cenvx replaces the shell that runs it, so that "cenvx CMD &" leaves the
# PID of CMD in $!.
cenvx() {
	exec env -i PATH=/usr/bin:/bin HOME="$T/home" TMPDIR="$T/tmp" LC_ALL=C.UTF-8 \
	    RCLONE_CONFIG="$T/rclone.conf" \
	    RCLONE_CONFIG_S3_TYPE=s3 RCLONE_CONFIG_S3_PROVIDER=Other \
	    RCLONE_CONFIG_S3_ENV_AUTH=false \
	    RCLONE_CONFIG_S3_ACCESS_KEY_ID=S3RVER \
	    RCLONE_CONFIG_S3_SECRET_ACCESS_KEY=S3RVER \
	    RCLONE_CONFIG_S3_ENDPOINT="http://127.0.0.1:$port" \
	    RCLONE_CONFIG_S3_FORCE_PATH_STYLE=true \
	    "$@"
}

cenv() {
	(cenvx "$@")
}

# ---- the scheduler address check (connects nowhere) ----
$PY "$SC/address_check.py" "$DASK_SCRIPT" "$T" > "$T/address.out" 2>&1
n=$(grep -c '^ok ' "$T/address.out")
passed=$((passed + n))
[ -z "${VERBOSE:-}" ] || grep '^ok ' "$T/address.out"
if grep -v '^ok ' "$T/address.out" | grep -q .; then
	failed=$((failed + $(grep -vc '^ok ' "$T/address.out")))
	grep -v '^ok ' "$T/address.out" >&2
fi
[ "$n" -ge 19 ] && ok "address checks ran ($n)" || bad "address checks ran" "$n"

# ---- the dump: 200 objects, a challenge file, a damaged object ----
corrupt=$($PY "$SC/gendump.py" "$T/dump" "$TOP/bench/gen" "$TOP/samples")
(cd "$T/dump" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) > "$T/all.keys"
grep -v -e ownership-challenge -e "^$corrupt\$" "$T/all.keys" > "$T/good.keys"
equals "dump: objects" "$(wc -l < "$T/good.keys")" 200
cp -R "$T/dump" "$T/good"
rm "$T/good/$corrupt"
(cd "$T/good" && "$CFECS_BIN" -q -r logs) > "$T/ref.ndjson" ||
    bad "reference run" "cfecs -r failed"
$PY "$SC/events.py" canon "$T/ref.ndjson" | sort > "$T/ref.sorted"
gdns_lines=$(cd "$T/good/logs/gateway_dns" && find . -name '*.gz' -exec zcat {} + | grep -c .)

# ---- s3rver on 127.0.0.1, any free port ----
"$S3RVER" -d "$T/s3data" -a 127.0.0.1 -p 0 --configure-bucket logs \
    > "$T/s3rver.log" 2>&1 &
s3pid=$!
pids="$pids $s3pid"
s3_ready() {
	port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' \
	    "$T/s3rver.log")
	[ -n "$port" ]
}
wait_for "s3rver listening on 127.0.0.1" s3_ready || summary

cenv rclone copy "$T/dump" s3:logs/raw 2> "$T/upload.err" ||
    bad "upload" "$(cat "$T/upload.err")"
cenv rclone lsf -R --fast-list --files-only s3:logs/raw | LC_ALL=C sort > "$T/bucket.keys"
same "bucket holds the dump" "$T/bucket.keys" "$T/all.keys"

# ---- a scheduler and two workers on 127.0.0.1 ----
cenvx dask scheduler --host 127.0.0.1 --port 0 --no-dashboard --no-show \
    --dashboard-address 127.0.0.1:0 --scheduler-file "$T/sched.json" > "$T/sched.log" 2>&1 &
pid_sched=$!
pids="$pids $!"
sched_ready() {
	$PY -c 'import json,sys; a=json.load(open(sys.argv[1]))["address"]; \
sys.exit(not a.startswith("tcp://127.0.0.1:"))' "$T/sched.json" 2>/dev/null
}
wait_for "scheduler on 127.0.0.1" sched_ready || summary

start_worker() {
	cenvx dask worker --no-nanny --nthreads 1 --host 127.0.0.1 \
	    --no-dashboard --dashboard-address 127.0.0.1:0 \
	    --memory-limit 0 --name "$1" \
	    --local-directory "$T/$1" --scheduler-file "$T/sched.json" \
	    > "$T/$1.log" 2>&1 &
	pids="$pids $!"
	eval "pid_$1=\$!"
}
start_worker w1
start_worker w2
registered() {
	grep -q 'Registered to' "$T/w1.log" && grep -q 'Registered to' "$T/w2.log"
}
wait_for "two workers registered" registered || summary

# Every port the servers listen on is on 127.0.0.1 (Dask's HTTP servers
# listen on all interfaces unless told).
ss -Htlnp > "$T/listen" 2>/dev/null
mine=0 wild=""
for p in $s3pid $pid_sched $pid_w1 $pid_w2; do
	n=$(grep -c "pid=$p," "$T/listen")
	mine=$((mine + n))
	wild="$wild$(grep "pid=$p," "$T/listen" | awk '$4 !~ /^127\.0\.0\.1:/ { printf " %s", $4 }')"
done
[ "$mine" -ge 4 ] && [ -z "$wild" ] &&
    ok "servers listen on 127.0.0.1 only ($mine ports)" ||
    bad "servers listen on 127.0.0.1 only" "$mine ports; elsewhere:$wild"

# The cfecs the workers run: records each object it is given; for the
# object named in gate.key (once), tells the test its worker's PID and
# waits, so the test can kill that worker in the middle of the job.
cat > "$T/bin/cfecs" <<EOF
#!/bin/sh
for a do key=\$a; done
printf '%s\n' "\$key" >> "$T/calls.log"
gate=\$(cat "$T/gate.key" 2>/dev/null)
if [ -n "\$gate" ] && [ "\$key" = "\$gate" ] && mkdir "$T/gate.taken" 2>/dev/null; then
	echo "\$PPID \$\$" > "$T/gate.fifo"
	read x < "$T/release.fifo"
	exit 3
fi
exec "$CFECS_BIN" "\$@"
EOF
chmod +x "$T/bin/cfecs"

# dask_run NAME DST: cfecs-dask from s3:logs/raw to DST on the cluster;
# NAME.out, NAME.err, NAME.rc.
dask_run() {
	: > "$T/calls.log"
	cenv timeout $LIMIT "$DASK_SCRIPT" --scheduler-file "$T/sched.json" \
	    --cfecs "$T/bin/cfecs" s3:logs/raw "$2" > "$T/$1.out" 2> "$T/$1.err"
	echo $? > "$T/$1.rc"
}

# outputs_of DST DIR: the output keys, and the outputs downloaded to DIR.
# (--fast-list: s3rver 3.7.1 leaves the directories out of a listing by
# delimiter, so a copy that walks directory by directory finds nothing.)
outputs_of() {
	cenv rclone lsf -R --fast-list --files-only "$1" | LC_ALL=C sort > "$2.keys"
	cenv rclone copy --fast-list "$1" "$2"
}

# same_events NAME DIR1 DIR2: every output in want.keys has the same
# events, byte for byte, in DIR1 and DIR2 (a missing file is a difference).
same_events() {
	_d=0
	while read -r k; do
		if zcat "$2/$k" > "$T/x.a" && zcat "$3/$k" > "$T/x.b" &&
		    [ -s "$T/x.a" ] && cmp -s "$T/x.a" "$T/x.b"; then :
		else _d=$((_d + 1)); fi
	done < "$T/want.keys"
	equals "$1" "$_d" 0
}

sed 's/$/.ecs.ndjson.gz/' "$T/good.keys" > "$T/want.keys"

# ---- a run on two workers: exactly the events of cfecs -r ----
dask_run a s3:logs/ecs
equals "damaged object: exit status 1" "$(cat "$T/a.rc")" 1
contains "damaged object listed as failed" "$T/a.err" "failed: $corrupt"
contains "damaged object: cfecs' message" "$T/a.err" "gzip: incorrect data check"
contains "summary counts" "$T/a.err" "200 done, 0 skipped, 1 failed of 201 objects"
outputs_of s3:logs/ecs "$T/out-a"
same "one output per object, none for the damaged one or the challenge" \
    "$T/out-a.keys" "$T/want.keys"
(cd "$T/out-a" && find . -name '*.gz' -exec cat {} +) |
    $PY "$SC/events.py" canon - | sort > "$T/a.sorted"
same "outputs = cfecs -r as a multiset of events" "$T/a.sorted" "$T/ref.sorted"
[ -s "$T/ref.sorted" ] && ok "events written" || bad "events written" "none"
dups=$(LC_ALL=C sort "$T/a.sorted" | uniq -d | wc -l)
refdups=$(LC_ALL=C sort "$T/ref.sorted" | uniq -d | wc -l)
equals "no event repeated beyond the input's own repeats" "$dups" "$refdups"
if $PY "$SC/events.py" per-object "$CFECS_BIN" "$T/good" "$T/out-a" \
    "$T/good.keys" > "$T/per-object.out"; then
	ok "each output holds its own object's events"
else
	bad "each output holds its own object's events" "$(head -5 "$T/per-object.out")"
fi
events=$(wc -l < "$T/a.sorted")
contains "summary: events converted, summed" "$T/a.err" " read, $events converted,"
gdns=$(grep -c '"dataset":"gateway_dns"' "$T/a.sorted")
equals "dataset hint from the object's key" "$gdns" "$gdns_lines"

# ---- a worker killed (SIGKILL) in the middle: the same result ----
mkfifo "$T/gate.fifo" "$T/release.fifo"
gate=$(sed -n '100p' "$T/good.keys")
echo "$gate" > "$T/gate.key"
# The killer: once the gate object is reached, SIGKILL its worker (only if
# it is one of ours), then let the stopped conversion go.
(
	read -r victim wrapper < "$T/gate.fifo"
	echo "$victim $wrapper" > "$T/gate.seen"
	case " $pid_w1 $pid_w2 " in
	*" $victim "*) kill -KILL "$victim" ;;
	esac
	exec 7<>"$T/release.fifo"
	exec 7>&-
) &
killer=$!
pids="$pids $killer"
dask_run b s3:logs/ecs2
victim="" wrapper=""
[ -s "$T/gate.seen" ] && read -r victim wrapper < "$T/gate.seen"
# shellcheck disable=SC2154
case " $pid_w1 $pid_w2 " in
*" $victim "*)
	ok "object $gate was on worker $victim, killed"
	wait "$killer"
	forget "$killer"
	wait "$victim" 2>/dev/null
	forget "$victim"
	# Gone, or a zombie left for init to reap.
	gone() {
		[ ! -e "/proc/$1" ] || grep -q '^[0-9]* (.*) Z' "/proc/$1/stat"
	}
	wait_for "the killed worker's conversion is gone" gone "$wrapper"
	;;
*)	bad "the gate object reached on one of our workers" "got '$victim'" ;;
esac
rm -f "$T/gate.key"
equals "killed worker: exit status 1 (the damaged object)" "$(cat "$T/b.rc")" 1
contains "killed worker: summary" "$T/b.err" "200 done, 0 skipped, 1 failed of 201 objects"
equals "killed worker: its object was converted again" \
    "$(grep -cxF "$gate" "$T/calls.log")" 2
outputs_of s3:logs/ecs2 "$T/out-b"
same "killed worker: the same outputs" "$T/out-b.keys" "$T/out-a.keys"
same_events "killed worker: every output has the same events" "$T/out-a" "$T/out-b"

# ---- reruns: nothing done again, nothing changed ----
s3state() {
	find "$T/s3data/logs/ecs" -type f -printf '%P %s %T@ %C@ %i\n' | LC_ALL=C sort
}
s3state > "$T/state.before"
dask_run c s3:logs/ecs
equals "rerun: exit status 1 (the damaged object again)" "$(cat "$T/c.rc")" 1
contains "rerun: all others skipped" "$T/c.err" "0 done, 200 skipped, 1 failed of 201 objects"
same "rerun: only the damaged object is tried" "$T/calls.log" /dev/stdin <<EOF
$corrupt
EOF
s3state > "$T/state.after"
same "rerun: no output written" "$T/state.after" "$T/state.before"

cenv rclone deletefile "s3:logs/raw/$corrupt"
dask_run d s3:logs/ecs
equals "rerun without the damaged object: exit status 0" "$(cat "$T/d.rc")" 0
contains "rerun without the damaged object: all skipped" "$T/d.err" \
    "0 done, 200 skipped, 0 failed of 200 objects"
[ ! -s "$T/calls.log" ] && ok "rerun without the damaged object: no work" ||
    bad "rerun: no work" "$(head -3 "$T/calls.log")"
s3state > "$T/state.after"
same "rerun without the damaged object: no output written" "$T/state.after" "$T/state.before"

# ---- --local on one machine: local directories in and out ----
cenv timeout $LIMIT "$DASK_SCRIPT" --local 2 --batch 7 --cfecs "$CFECS_BIN" \
    "$T/dump" "$T/out-local" > "$T/local.out" 2> "$T/local.err"
equals "--local: exit status 1 (the damaged object)" "$?" 1
contains "--local: summary" "$T/local.err" "200 done, 0 skipped, 1 failed of 201 objects"
(cd "$T/out-local" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) > "$T/local.keys"
same "--local: one output per object, no temporary file left" "$T/local.keys" "$T/want.keys"
same_events "--local: the same events as on the cluster" "$T/out-a" "$T/out-local"

# ---- every process started here stops ----
# shellcheck disable=SC2086
all=$pids
stop_all
alive=""
for p in $all; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
equals "every process stopped" "$alive" ""

summary
