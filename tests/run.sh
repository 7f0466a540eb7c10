#!/bin/sh
# Test runner: runs the unit tests, then sources every tests/t_*.sh in
# order.  Each check calls ok or bad; the last line is "N passed, N failed".
#
#   sh tests/run.sh            run everything
#   sh tests/run.sh -u         rewrite tests/golden/ (review the diff!)
#   sh tests/run.sh t_cli      run only tests/t_cli.sh
#
# CFECS names the binary (default ./cfecs); EXEC_PREFIX wraps it, e.g.
# EXEC_PREFIX="valgrind -q --error-exitcode=99".
set -eu
LC_ALL=C
TZ=UTC
export LC_ALL TZ

TOP=$(cd "$(dirname "$0")/.." && pwd)
CFECS_BIN=${CFECS:-$TOP/cfecs}
EXEC_PREFIX=${EXEC_PREFIX:-}
UPDATE=0
if [ "${1:-}" = "-u" ]; then
	UPDATE=1
	shift
fi
ONLY=${1:-}

T=$(mktemp -d "${TMPDIR:-/tmp}/cfecs-test.XXXXXX")
passed=0
failed=0
cleanup() {
	if [ "$failed" -eq 0 ]; then
		rm -rf "$T"
	else
		echo "scratch files kept in $T" >&2
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# cfecs ARGS...: the binary under test (through EXEC_PREFIX).
cfecs() {
	$EXEC_PREFIX "$CFECS_BIN" "$@"
}
CFECS=cfecs

ok() {
	passed=$((passed + 1))
	[ -z "${VERBOSE:-}" ] || echo "ok   $1"
}

bad() {
	failed=$((failed + 1))
	echo "FAIL $1: ${2:-}" >&2
}

# check NAME CMD...: ok if CMD succeeds.
check() {
	_name=$1
	shift
	if "$@"; then ok "$_name"; else bad "$_name" "command failed: $*"; fi
}

# status_is NAME EXPECTED CMD...: runs CMD, checks its exit status.
status_is() {
	_name=$1
	_want=$2
	shift 2
	set +e
	"$@" > "$T/.status.out" 2> "$T/.status.err"
	_got=$?
	set -e
	if [ "$_got" -eq "$_want" ]; then ok "$_name"
	else bad "$_name" "exit status $_got, expected $_want"; fi
}

# same NAME FILE1 FILE2: byte-identical files.
same() {
	if cmp -s "$2" "$3"; then ok "$1"
	else bad "$1" "$2 and $3 differ: $(diff "$2" "$3" | head -n 5)"; fi
}

# contains NAME FILE TEXT: FILE has a line containing TEXT (fixed string).
contains() {
	if grep -qF -- "$3" "$2"; then ok "$1"
	else bad "$1" "'$3' not in $2: $(head -c 300 "$2")"; fi
}

# empty NAME FILE
empty() {
	if [ ! -s "$2" ]; then ok "$1"
	else bad "$1" "$2 is not empty: $(head -c 300 "$2")"; fi
}

# golden NAME GOT EXPECTED: compare, or rewrite EXPECTED with -u.
golden() {
	if [ "$UPDATE" -eq 1 ]; then
		cp "$2" "$3"
		ok "$1"
	else
		same "$1" "$2" "$3"
	fi
}

if [ ! -x "$CFECS_BIN" ]; then
	echo "tests: $CFECS_BIN not built (run make)" >&2
	exit 2
fi

cd "$TOP"

# Unit tests are C programs that print "name: N passed, N failed".
for u in tests/*_test; do
	if [ -n "$ONLY" ] || [ ! -x "$u" ]; then
		continue
	fi
	set +e
	line=$($EXEC_PREFIX "$u" | tail -n 1)
	rc=$?
	set -e
	p=$(echo "$line" | sed -n 's/.* \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1/p')
	f=$(echo "$line" | sed -n 's/.* \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\2/p')
	if [ -z "$p" ] || [ "$rc" -ne 0 ]; then
		bad "$u" "unit test failed: $line"
	else
		passed=$((passed + p))
		failed=$((failed + f))
	fi
done

for t in tests/t_*.sh; do
	name=$(basename "$t" .sh)
	if [ -n "$ONLY" ] && [ "$name" != "$ONLY" ]; then
		continue
	fi
	before=$failed
	. "./$t"
	[ -z "${VERBOSE:-}" ] || echo "== $name: $((failed - before)) failed"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
