#!/bin/sh
#
# run.sh: benchmark cfecs against zcat, jq and Python on generated
# Cloudflare Logpush http_requests data.
#
# Run from the project root once cfecs is built:
#
#	sh bench/run.sh > bench-results.md
#
# Builds bench/gen if needed, generates the corpora into a cache
# directory (reused while gen.c, the record counts and the file sizes
# are unchanged), times every command as the best of BENCH_RUNS
# wall-clock runs, and prints one markdown table plus the ratios on
# stdout.  Progress goes to stderr.
#
# Environment:
#	CFECS		command under test (default ./cfecs); may carry
#			arguments; must accept "-j N" before the operands
#	BENCH_DATA	cache directory (default bench/data)
#	BENCH_LARGE=1	size sweep 20k/100k/1M records instead of
#			10k/100k/200k (the 1M corpus takes a while to make)
#	BENCH_RUNS	runs per command, best one kept (default 3)
#	BENCH_UA_RECORDS records of the many-agents corpus (default 1000000)
#	BENCH_SIGMA	the public SigmaHQ rules: a checkout or a bare clone
#			of github.com/SigmaHQ/sigma; its rules/web and
#			rules-emerging-threats are timed; unset: the rows
#			say n/a (the rules are never kept in this tree)
#	CC		compiler for bench/gen (default cc)
#
# Corpora (seed in parentheses; all gzipped with gzip -6 -n):
#	http_requests-20k.ndjson and .ndjson.gz (1), 20,000 records
#	http_requests-{10k,100k,200k,1m}.ndjson.gz (2, 3, 4, 5)
#	http_requests-j{1..8}.ndjson.gz (11..18), 20,000 records each
#	ioc-1m.txt: 1,000,000 indicators for --ioc (addresses, CIDR blocks,
#	IPv6, domains, URLs, hashes), made with awk; a handful hit the
#	corpus (one client address, one URL), the rest do not;
#	ioc-100k.txt, its first 100,000, and ioc-100k.json, the same as a
#	STIX 2.1 bundle of indicator objects valid from 2023 to 2030
#	http_requests-agents.ndjson (21), 1,000,000 records with 1,000
#	distinct User-Agent strings (gen -a 1000), uncompressed
#	dump-2000x1/: the first 2,000 records of the 20k corpus, one .gz
#	file each; dump-200x100/: all 20,000, 100 records per .gz file;
#	empty-4000/: 4,000 empty files (a bucket dump's shapes)

# $CFECS (a command with optional arguments) and $jfiles (a list of
# files without blanks) are split into words on purpose.
# shellcheck disable=SC2086

set -eu
LC_ALL=C
export LC_ALL

CFECS=${CFECS:-./cfecs}
DATA=${BENCH_DATA:-bench/data}
LARGE=${BENCH_LARGE:-0}
RUNS=${BENCH_RUNS:-3}
UAREC=${BENCH_UA_RECORDS:-1000000}
GEN=bench/gen

prog=run.sh

say() {
	printf '%s: %s\n' "$prog" "$*" >&2
}

die() {
	say "$*"
	exit 1
}

if [ ! -f bench/gen.c ]; then
	die "run me from the project root: sh bench/run.sh"
fi
case $RUNS in
''|*[!0-9]*|0) die "BENCH_RUNS must be a positive integer" ;;
esac

# The command under test must exist before anything else is done.
cfecs_bin=${CFECS%% *}
case $cfecs_bin in
*/*)	[ -f "$cfecs_bin" ] && [ -x "$cfecs_bin" ] ;;
*)	command -v "$cfecs_bin" >/dev/null 2>&1 ;;
esac || die "$cfecs_bin not found or not executable; build cfecs first" \
    "(make), or point CFECS at it"

have() {
	command -v "$1" >/dev/null 2>&1
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cfecs-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Clocks: nanosecond date if it has %N, else GNU time's %e, else seconds.
case $(date +%N) in
*[!0-9]*|'') fine_date=0 ;;
*) fine_date=1 ;;
esac
if [ -x /usr/bin/time ] && /usr/bin/time -f '%M %e' -o "$tmp/t" true \
    >/dev/null 2>&1; then
	gnutime=1
else
	gnutime=0
fi
if [ "$fine_date" = 0 ] && [ "$gnutime" = 0 ]; then
	say "warning: no sub-second clock (date +%N, GNU time); times are" \
	    "whole seconds"
fi

now() {
	if [ "$fine_date" = 1 ]; then
		date +%s.%N
	else
		date +%s
	fi
}

# ---------------------------------------------------------------------
# Generator and corpora

if [ ! -x "$GEN" ] || [ -n "$(find bench/gen.c -newer "$GEN" 2>/dev/null)" ]
then
	say "building $GEN"
	${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -o "$GEN" bench/gen.c
fi
gensum=$(cksum < bench/gen.c | awk '{ print $1 "-" $2 }')
mkdir -p "$DATA"

# filesize FILE: size in bytes.
filesize() {
	wc -c < "$1" | awk '{ print $1 }'
}

# meta FILE KEY: a value from FILE's manifest.
meta() {
	sed -n "s/^$2=//p" "$1.meta" 2>/dev/null
}

# corpus NAME COUNT SEED [GENARGS]: make $DATA/NAME (.ndjson or
# .ndjson.gz) unless it is there already from the same generator, count,
# seed and arguments with its recorded size.  The manifest NAME.meta keeps
# the uncompressed size.
corpus() {
	f=$DATA/$1
	args=${4:-}
	if [ -f "$f" ] && [ "$(meta "$f" gen)" = "$gensum" ] &&
	    [ "$(meta "$f" count)" = "$2" ] && [ "$(meta "$f" seed)" = "$3" ] &&
	    [ "$(meta "$f" args)" = "$args" ] &&
	    [ "$(meta "$f" size)" = "$(filesize "$f")" ]; then
		return 0
	fi
	say "generating $f ($2 records)"
	rm -f "$f" "$f.meta"
	case $f in
	*.gz)
		raw=${f%.gz}
		if [ -f "$raw" ] && [ "$(meta "$raw" gen)" = "$gensum" ] &&
		    [ "$(meta "$raw" count)" = "$2" ] &&
		    [ "$(meta "$raw" seed)" = "$3" ]; then
			gzip -6 -n < "$raw" > "$f.tmp"
		else
			"$GEN" -n "$2" -s "$3" $args | gzip -6 -n > "$f.tmp"
		fi
		rawsize=$(gzip -dc < "$f.tmp" | wc -c | awk '{ print $1 }')
		;;
	*)
		"$GEN" -n "$2" -s "$3" $args > "$f.tmp"
		rawsize=$(filesize "$f.tmp")
		;;
	esac
	lines=$(gzip -cdf < "$f.tmp" | wc -l | awk '{ print $1 }')
	[ "$lines" = "$2" ] || die "$f: $lines records, expected $2"
	mv "$f.tmp" "$f"
	printf 'gen=%s\ncount=%s\nseed=%s\nargs=%s\nsize=%s\nraw=%s\n' \
	    "$gensum" "$2" "$3" "$args" "$(filesize "$f")" "$rawsize" > "$f.meta"
}

base=http_requests
corpus $base-20k.ndjson 20000 1
corpus $base-20k.ndjson.gz 20000 1
if [ "$LARGE" = 1 ]; then
	sweep="20k:20000:1 100k:100000:3 1m:1000000:5"
else
	sweep="10k:10000:2 100k:100000:3 200k:200000:4"
fi
for s in $sweep; do
	IFS=: read -r tag n seed <<EOF
$s
EOF
	corpus "$base-$tag.ndjson.gz" "$n" "$seed"
done
jfiles=
jraw=0
for i in 1 2 3 4 5 6 7 8; do
	corpus $base-j$i.ndjson.gz 20000 $((10 + i))
	jfiles="$jfiles $DATA/$base-j$i.ndjson.gz"
	jraw=$((jraw + $(meta "$DATA/$base-j$i.ndjson.gz" raw)))
done
# ioc_list FILE: 1,000,000 indicators, the same bytes every time.
ioc_list() {
	if [ -f "$1" ] && [ "$(wc -l < "$1" | awk '{ print $1 }')" = 1000000 ]
	then
		return 0
	fi
	say "generating $1 (1,000,000 indicators)"
	awk 'BEGIN {
		print "192.0.2.77"
		print "https://www.example.com/checkout/confirm"
		for (i = 2; i < 1000000; i++) {
			k = i % 10
			if (k < 4)
				printf "%d.%d.%d.%d\n", 11 + int(i / 16777216) % 180,
				    int(i / 65536) % 256, int(i / 256) % 256, i % 256
			else if (k == 4)
				printf "%d.%d.%d.0/24\n", 100 + int(i / 65536) % 90,
				    int(i / 256) % 256, i % 256
			else if (k == 5)
				printf "2001:db9:%x:%x::%x\n", int(i / 65536),
				    i % 65536, i % 4096
			else if (k < 8)
				printf "host%d.bad%d.example.org\n", i, i % 5000
			else if (k == 8)
				printf "https://bad%d.example.com/p/%d/x.php\n",
				    i % 9999, i
			else
				printf "%08x%08x%08x%08x%08x%08x%08x%08x\n", i,
				    i * 7, i * 13, i * 17, i * 19, i * 23, i * 29,
				    i * 31
		}
	}' > "$1.tmp"
	mv "$1.tmp" "$1"
}
ioc=$DATA/ioc-1m.txt
ioc_list "$ioc"
# The first 100,000 of them, as a list and as a STIX 2.1 bundle (one
# indicator object each, a validity window from 2023 to 2030).
ioc100k=$DATA/ioc-100k.txt
stix100k=$DATA/ioc-100k.json
if [ ! -f "$stix100k" ] || [ "$ioc" -nt "$stix100k" ]; then
	say "generating $ioc100k and $stix100k"
	head -n 100000 "$ioc" > "$ioc100k"
	awk -v q="'" 'BEGIN { printf "{\"type\":\"bundle\",\"id\":\"bundle--bench\",\"objects\":[" }
	{
		v = $0
		if (v ~ /^[0-9.]+\/[0-9]+$/) p = "ipv4-addr:value ISSUBSET"
		else if (v ~ /^[0-9.]+$/) p = "ipv4-addr:value ="
		else if (v ~ /^https?:/) p = "url:value ="
		else if (v ~ /:/) p = "ipv6-addr:value ="
		else if (v ~ /^[0-9a-f]+$/ && length(v) == 64)
			p = "file:hashes." q "SHA-256" q " ="
		else if (v ~ /^[0-9a-f]+$/)
			next	# longer than a hash: not an indicator
		else p = "domain-name:value ="
		k++
		printf "%s{\"type\":\"indicator\",\"spec_version\":\"2.1\"," \
		    "\"id\":\"indicator--%08d\",\"name\":\"bench %d\"," \
		    "\"pattern_type\":\"stix\",\"pattern\":\"[%s %s%s%s]\"," \
		    "\"valid_from\":\"2023-01-01T00:00:00Z\"," \
		    "\"valid_until\":\"2030-01-01T00:00:00Z\"}\n",
		    (k > 1 ? "," : ""), k, k, p, q, v, q
	}
	END { print "]}" }' "$ioc100k" > "$stix100k.tmp"
	mv "$stix100k.tmp" "$stix100k"
fi
corpus $base-agents.ndjson "$UAREC" 21 "-a 1000"

# dump NAME RECORDS PER: $DATA/NAME holds the first RECORDS records of the
# 20k corpus, PER records to a .gz file (PER 0: that many empty files).
dump() {
	d=$DATA/$1
	stamp="$gensum $2 $3"
	if [ -f "$d/.made" ] && [ "$(cat "$d/.made")" = "$stamp" ]; then
		return 0
	fi
	say "generating $d"
	rm -rf "$d"
	mkdir -p "$d"
	if [ "$3" = 0 ]; then
		i=0
		while [ "$i" -lt "$2" ]; do
			: > "$d/$(printf 'e%05d' "$i")"
			i=$((i + 1))
		done
	else
		head -n "$2" "$DATA/$base-20k.ndjson" |
		    split -l "$3" -a 5 - "$d/r"
		for f in "$d"/r*; do
			gzip -6 -n "$f"
		done
	fi
	echo "$stamp" > "$d/.made"
}
dump dump-2000x1 2000 1
dump dump-200x100 20000 100
dump empty-4000 4000 0
say "data in $DATA: $(du -sk "$DATA" | awk '{ printf "%.0f MB", $1 / 1024 }')"

raw20=$(meta "$DATA/$base-20k.ndjson" raw)
gz20=$DATA/$base-20k.ndjson.gz
nd20=$DATA/$base-20k.ndjson

# Sanity: the command under test must give one line per record.
out=$($CFECS "$gz20" 2>"$tmp/err" | wc -l | awk '{ print $1 }') || true
if [ "$out" != 20000 ]; then
	say "warning: $CFECS $gz20 wrote $out lines, expected 20000"
	sed 's/^/  /' "$tmp/err" | head -n 5 >&2
fi

# ---------------------------------------------------------------------
# Timing

# measure KEY LABEL RECORDS RAWBYTES STDIN CMD [ARG ...]: best wall time
# of $RUNS runs (stdout to /dev/null, stdin from STDIN unless "-") and
# the largest peak RSS; appends a row to $tmp/rows.
measure() {
	key=$1 label=$2 recs=$3 bytes=$4 in=$5
	shift 5
	[ "$in" = - ] && in=/dev/null
	say "timing: $label"
	best='' rss=0 failed=
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		i=$((i + 1))
		t0=$(now)
		if [ "$gnutime" = 1 ]; then
			if /usr/bin/time -f '%M %e' -o "$tmp/t" "$@" \
			    < "$in" > /dev/null 2> "$tmp/err"; then
				st=0
			else
				st=$?
			fi
		else
			if "$@" < "$in" > /dev/null 2> "$tmp/err"; then
				st=0
			else
				st=$?
			fi
		fi
		t1=$(now)
		if [ "$st" != 0 ]; then
			failed="exit $st"
			sed 's/^/  /' "$tmp/err" | head -n 5 >&2
			break
		fi
		if [ "$gnutime" = 1 ]; then
			r=$(tail -n 1 "$tmp/t")
			kb=${r% *}
			el=${r#* }
		else
			kb=0 el=0
		fi
		dt=$(awk -v a="$t0" -v b="$t1" -v e="$el" -v f="$fine_date" \
		    'BEGIN { d = (f == 1) ? b - a : e; if (d <= 0) d = b - a;
		    printf "%.6f", d }')
		best=$(awk -v a="$best" -v b="$dt" \
		    'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }')
		case $kb in
		''|*[!0-9]*) kb=0 ;;
		esac
		[ "$kb" -gt "$rss" ] && rss=$kb
	done
	if [ -n "$failed" ]; then
		printf '%s\t%s\tfailed (%s)\tn/a\tn/a\tn/a\n' "$key" "$label" \
		    "$failed" >> "$tmp/rows"
		return 0
	fi
	awk -v k="$key" -v l="$label" -v t="$best" -v n="$recs" \
	    -v b="$bytes" -v m="$rss" -v g="$gnutime" 'BEGIN {
		if (t <= 0) t = 0.000001
		rss = (g == 1) ? sprintf("%.1f", m / 1024) : "n/a"
		printf "%s\t%s\t%.3f\t%.1f\t%.0f\t%s\n", k, l, t, b / 1e6 / t,
		    n / t, rss
	}' >> "$tmp/rows"
}

# na KEY LABEL: a row for a tool that is not installed.
na() {
	say "skipping: $2 (not installed)"
	printf '%s\t%s\tn/a\tn/a\tn/a\tn/a\n' "$1" "$2" >> "$tmp/rows"
}

: > "$tmp/rows"
measure zcat "zcat 20k.ndjson.gz" 20000 "$raw20" - zcat "$gz20"
measure gz "cfecs 20k.ndjson.gz" 20000 "$raw20" - $CFECS "$gz20"
measure raw "cfecs 20k.ndjson" 20000 "$raw20" - $CFECS "$nd20"
# GeoIP: small City and ASN databases covering the corpus's addresses.
if perl tests/mkmmdb.pl city "$tmp/city.mmdb" 2>/dev/null &&
    perl tests/mkmmdb.pl asn "$tmp/asn.mmdb" 2>/dev/null; then
	measure geo "cfecs --geoip City --geoip ASN 20k.ndjson" 20000 "$raw20" - \
	    $CFECS --geoip "$tmp/city.mmdb" --geoip "$tmp/asn.mmdb" "$nd20"
else
	na geo "cfecs --geoip City --geoip ASN 20k.ndjson"
fi
measure raw1 "cfecs -j 1 20k.ndjson" 20000 "$raw20" - $CFECS -j 1 "$nd20"
if have jq; then
	measure jq "jq -c -f bench/map.jq 20k.ndjson" 20000 "$raw20" - \
	    jq -c -f bench/map.jq "$nd20"
else
	na jq "jq -c -f bench/map.jq 20k.ndjson"
fi
if have python3; then
	if python3 -c 'import orjson' 2>/dev/null; then
		pyjson=orjson
	else
		pyjson=json
	fi
	measure py "python3 bench/map.py < 20k.ndjson ($pyjson)" 20000 \
	    "$raw20" "$nd20" python3 bench/map.py
else
	na py "python3 bench/map.py < 20k.ndjson"
fi
# gzip output: compressed by cfecs's threads, or by pigz after it.
measure gzout "cfecs -z 20k.ndjson.gz" 20000 "$raw20" - $CFECS -z "$gz20"
if have pigz; then
	measure pigz "cfecs 20k.ndjson.gz | pigz -p 2" 20000 "$raw20" - \
	    sh -c "$CFECS '$gz20' | pigz -p 2"
else
	na pigz "cfecs 20k.ndjson.gz | pigz -p 2"
fi
# Bucket dumps: many small files read by -r, against one stream of them.
d1=$DATA/dump-2000x1
d100=$DATA/dump-200x100
raw2k=$(head -n 2000 "$nd20" | wc -c | awk '{ print $1 }')
measure dir1 "cfecs -r 2,000 one-record .gz" 2000 "$raw2k" - \
    $CFECS -r "$d1"
measure cat1 "cat 2,000 one-record .gz | cfecs" 2000 "$raw2k" - \
    sh -c "cat '$d1'/r* | $CFECS"
measure dir100 "cfecs -r 200 x 100-record .gz" 20000 "$raw20" - \
    $CFECS -r "$d100"
measure cat100 "cat 200 x 100-record .gz | cfecs" 20000 "$raw20" - \
    sh -c "cat '$d100'/r* | $CFECS"
measure e1 "cfecs -j 1 -r 4,000 empty files" 0 0 - \
    $CFECS -j 1 -r "$DATA/empty-4000"
measure e2 "cfecs -j 2 -r 4,000 empty files" 0 0 - \
    $CFECS -j 2 -r "$DATA/empty-4000"
measure j1 "cfecs -j 1 on 8 x 20k.ndjson.gz" 160000 "$jraw" - \
    $CFECS -j 1 $jfiles
measure j2 "cfecs -j 2 on 8 x 20k.ndjson.gz" 160000 "$jraw" - \
    $CFECS -j 2 $jfiles
k=0
for s in $sweep; do
	IFS=: read -r tag n seed <<EOF
$s
EOF
	k=$((k + 1))
	f=$DATA/$base-$tag.ndjson.gz
	measure "s$k" "cfecs $tag.ndjson.gz" "$n" "$(meta "$f" raw)" - \
	    $CFECS "$f"
done
# The largest of the sweep against zcat too (larger files, same ratio?).
measure zcatL "zcat $tag.ndjson.gz" "$n" "$(meta "$f" raw)" - zcat "$f"

# Indicators: loading a million alone, then the 100k corpus with them
# (every sweep has a 100k corpus: s2).
f100=$DATA/$base-100k.ndjson.gz
measure iocload "cfecs --ioc ioc-1m.txt (load only)" 0 0 - \
    $CFECS --ioc "$ioc"
measure ioc100 "cfecs --ioc ioc-1m.txt 100k.ndjson.gz" 100000 \
    "$(meta "$f100" raw)" - $CFECS --ioc "$ioc" "$f100"
# 100,000 indicators, load included: a list, then a STIX bundle.
measure ioc100kl "cfecs --ioc ioc-100k.txt 100k.ndjson.gz" 100000 \
    "$(meta "$f100" raw)" - $CFECS --ioc "$ioc100k" "$f100"
measure ioc100ks "cfecs --ioc ioc-100k.json (STIX) 100k.ndjson.gz" 100000 \
    "$(meta "$f100" raw)" - $CFECS -q --ioc "$stix100k" "$f100"

# Detection: ~150 generated web-like Sigma rules (the shapes of the public
# proxy and webserver rules: user-agent lists, query and path fragments,
# method and status, regexes, keywords, filters), then the built-in ones.
rules=$tmp/rules
mkdir -p "$rules"
awk -v dir="$rules" 'BEGIN {
	for (i = 1; i <= 150; i++) {
		f = sprintf("%s/r%03d.yml", dir, i)
		printf "title: Generated rule %d\nid: bench-%03d\nlevel: %s\n",
		    i, i, (i % 3 ? "medium" : "high") > f
		printf "tags:\n  - attack.initial-access\n  - attack.t1190\n" > f
		printf "logsource:\n  category: %s\ndetection:\n",
		    (i % 2 ? "proxy" : "webserver") > f
		k = i % 6
		if (k == 0) {
			printf "  selection:\n    c-useragent|contains:\n" > f
			for (j = 1; j <= 6; j++)
				printf "      - \x27scanner%d-%d/\x27\n", i, j > f
			printf "  condition: selection\n" > f
		} else if (k == 1) {
			printf "  selection:\n    cs-method: \x27POST\x27\n" > f
			printf "    cs-uri-query|contains|all:\n" > f
			printf "      - \x27cmd%d=\x27\n      - \x27exec(\x27\n", i > f
			printf "  condition: selection\n" > f
		} else if (k == 2) {
			printf "  selection:\n    cs-uri-stem|endswith:\n" > f
			for (j = 1; j <= 4; j++)
				printf "      - \x27/vuln%d-%d.jsp\x27\n", i, j > f
			printf "    sc-status: 200\n  condition: selection\n" > f
		} else if (k == 3) {
			printf "  selection:\n    c-uri|contains:\n" > f
			for (j = 1; j <= 8; j++)
				printf "      - \x27/cgi-bin/exploit%d_%d\x27\n", i, j > f
			printf "  filter:\n    cs-host|endswith: \x27.internal\x27\n" > f
			printf "  condition: selection and not filter\n" > f
		} else if (k == 4) {
			printf "  selection:\n    c-uri|re: \x27/api/v[0-9]+/backdoor%d\x27\n", i > f
			printf "  condition: selection\n" > f
		} else {
			printf "  keywords:\n" > f
			printf "    - \x27payload-%d-a\x27\n    - \x27payload-%d-b\x27\n", i, i > f
			printf "  condition: keywords\n" > f
		}
		close(f)
	}
}'
# Half of them are proxy rules: over http_requests with --logsource.
nrules=$($CFECS --rules "$rules" --logsource proxy=http_requests --list-rules \
    2>/dev/null | wc -l | awk '{ print $1 }')
# One thread, beside a run without rules: the ratio is the rules' cost.
measure pl1 "cfecs -j 1 20k.ndjson (no rules)" 20000 "$raw20" - \
    $CFECS -j 1 "$nd20"
measure rules "cfecs -j 1 --rules ($nrules rules) 20k.ndjson" 20000 \
    "$raw20" - $CFECS -j 1 --rules "$rules" --logsource proxy=http_requests \
    "$nd20"
measure detect "cfecs -j 1 --detect 20k.ndjson" 20000 "$raw20" - \
    $CFECS -j 1 --detect "$nd20"

# Correlation: the four example correlation rules of tests/rules/corr
# (event_count, value_count, temporal, temporal_ordered) beside a run
# with only the rules they read.
corr=tests/rules/corr/hunt.yml
awk 'BEGIN { RS = "\n---\n"; ORS = "" }
    !/correlation:/ { printf "%s%s", n++ ? "\n---\n" : "", $0 }' "$corr" \
    > "$tmp/corr-base.yml"
measure corrbase "cfecs -j 1 --rules (the correlations' rules) 20k.ndjson" \
    20000 "$raw20" - $CFECS -j 1 --rules "$tmp/corr-base.yml" "$nd20"
measure corr "cfecs -j 1 --rules (4 correlation rules) 20k.ndjson" 20000 \
    "$raw20" - $CFECS -j 1 --rules "$corr" "$nd20"
# The public SigmaHQ web and emerging-threats rules (webserver rules;
# then the proxy ones too, as if http_requests were a forward proxy's).
sigma=${BENCH_SIGMA:-}
hq=
if [ -d "$sigma/rules/web" ] && [ -d "$sigma/rules-emerging-threats" ]; then
	hq=$sigma
elif [ -n "$sigma" ] && git -C "$sigma" rev-parse --verify -q HEAD >/dev/null 2>&1; then
	mkdir -p "$tmp/sigma"
	git -C "$sigma" archive HEAD rules/web rules-emerging-threats |
	    tar -x -C "$tmp/sigma" && hq=$tmp/sigma
fi
if [ -n "$hq" ]; then
	hqr="--rules $hq/rules/web --rules $hq/rules-emerging-threats"
	nhq=$($CFECS $hqr -d http_requests --list-rules 2>/dev/null |
	    grep -c 'http_requests') || true
	nhqw=$($CFECS $hqr --logsource proxy=http_requests --list-rules \
	    2>/dev/null | grep -c 'http_requests') || true
	measure sigma "cfecs -j 1 SigmaHQ web + emerging-threats ($nhq rules) 20k.ndjson" \
	    20000 "$raw20" - $CFECS -j 1 -q $hqr "$nd20"
	measure sigmaw "cfecs -j 1 SigmaHQ with --logsource proxy=http_requests ($nhqw rules) 20k.ndjson" \
	    20000 "$raw20" - $CFECS -j 1 -q $hqr --logsource proxy=http_requests \
	    "$nd20"
else
	say "skipping: SigmaHQ rules (BENCH_SIGMA=$sigma: not a checkout or clone)"
	printf '%s\t%s\tn/a\tn/a\tn/a\tn/a\n' sigma \
	    "cfecs -j 1 SigmaHQ web + emerging-threats rules (BENCH_SIGMA not found)" \
	    >> "$tmp/rows"
fi

# Enrichment (domain split, user agent, community ID) against
# --no-enrich, on one thread so that the ratio is the conversion's cost.
measure en1 "cfecs -j 1 20k.ndjson" 20000 "$raw20" - $CFECS -j 1 "$nd20"
measure ne1 "cfecs -j 1 --no-enrich 20k.ndjson" 20000 "$raw20" - \
    $CFECS -j 1 --no-enrich "$nd20"
uaf=$DATA/$base-agents.ndjson
measure ua "cfecs -j 1 agents.ndjson ($UAREC, 1,000 agents)" "$UAREC" \
    "$(meta "$uaf" raw)" - $CFECS -j 1 "$uaf"
measure uan "cfecs -j 1 --no-enrich agents.ndjson" "$UAREC" \
    "$(meta "$uaf" raw)" - $CFECS -j 1 --no-enrich "$uaf"

# ---------------------------------------------------------------------
# Report

cpu=$(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo 2>/dev/null |
    head -n 1)
ncpu=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')
echo "cfecs benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(uname -sm)," \
    "${cpu:-unknown CPU}, $ncpu CPUs; best of $RUNS runs;" \
    "MB = 10^6 bytes of uncompressed input; CFECS=$CFECS"
echo
# Rows are tab-separated (labels hold '|'); markdown wants it escaped.
awk -F'\t' '
BEGIN {
	print "| command | wall s | MB/s | records/s | peak RSS MiB |"
	print "| --- | ---: | ---: | ---: | ---: |"
}
{ l = $2; gsub(/\|/, "\\|", l)
  printf "| `%s` | %s | %s | %s | %s |\n", l, $3, $4, $5, $6 }
' "$tmp/rows"
echo
awk -F'\t' '
function num(x) { return x ~ /^[0-9.]+$/ && x + 0 > 0 }
function ratio(a, b) {
	return (num(t[a]) && num(t[b])) ? sprintf("%.2f", t[a] / t[b]) : "n/a"
}
{ t[$1] = $3; r[$1] = $5; m[$1] = $6 }
END {
	print "Ratios (wall time):"
	print ""
	print "- cfecs gz / zcat: " ratio("gz", "zcat") " (goal <= 1.0)"
	print "- cfecs gz / zcat, largest file: " ratio("s3", "zcatL") \
	    " (goal <= 1.0)"
	print "- cfecs --geoip / cfecs raw: " ratio("geo", "raw")
	print "- jq / cfecs raw: " ratio("jq", "raw")
	print "- python / cfecs raw: " ratio("py", "raw")
	print "- python / cfecs -j 1 raw (one core each): " ratio("py", "raw1") \
	    " (goal >= 5)"
	print "- cfecs -z / cfecs | pigz -p 2: " ratio("gzout", "pigz") \
	    " (goal <= 1.1)"
	print "- cfecs -r / cat | cfecs, 2,000 one-record files: " \
	    ratio("dir1", "cat1") " (goal <= 1.5)"
	print "- cfecs -r / cat | cfecs, 200 files of 100 records: " \
	    ratio("dir100", "cat100") " (goal <= 1.2)"
	print "- cfecs -j 2 / -j 1, 4,000 empty files: " ratio("e2", "e1") \
	    " (goal <= 1.0)"
	print "- cfecs -j 1 / -j 2: " ratio("j1", "j2")
	print "- cfecs --ioc 1M / no --ioc, 100k records: " ratio("ioc100", "s2")
	print "- cfecs --ioc 100k list / no --ioc, 100k records, load included: " \
	    ratio("ioc100kl", "s2") " (goal <= 1.3)"
	print "- cfecs --ioc 100k STIX / no --ioc, 100k records, load included: " \
	    ratio("ioc100ks", "s2") " (goal <= 1.3)"
	net = "n/a"
	if (num(t["ioc100"]) && num(t["iocload"]) && num(t["s2"]))
		net = sprintf("%.2f", (t["ioc100"] - t["iocload"]) / t["s2"])
	print "- the same, load time taken out: " net
	print "- 1M indicators: load " t["iocload"] " s, peak RSS " \
	    m["iocload"] " MiB"
	print "- cfecs --rules (~150 rules) / no rules, -j 1: " \
	    ratio("rules", "pl1") " (goal <= 2)"
	print "- cfecs --detect / no rules, -j 1: " ratio("detect", "pl1") \
	    " (goal <= 1.1)"
	print "- cfecs 4 correlation rules / their rules alone, -j 1: " \
	    ratio("corr", "corrbase") " (goal <= 1.3)"
	print "- cfecs SigmaHQ web + emerging-threats rules / no rules, -j 1: " \
	    ratio("sigma", "pl1") " (goal <= 2)"
	print "- the same with --logsource proxy=http_requests: " \
	    ratio("sigmaw", "pl1") " (goal <= 2)"
	print "- enrichment, 20k.ndjson (cfecs / --no-enrich, -j 1): " \
	    ratio("en1", "ne1") " (goal <= 1.15)"
	print "- enrichment, 1,000 agents (cfecs / --no-enrich, -j 1): " \
	    ratio("ua", "uan") " (goal <= 1.15)"
	ok = 1; max = 0; min = 0
	for (k = 1; k <= 3; k++) {
		v = r["s" k]
		if (!num(v)) { ok = 0; break }
		if (max == 0 || v + 0 > max) max = v + 0
		if (min == 0 || v + 0 < min) min = v + 0
	}
	print "- cfecs records/s spread across sizes (max/min): " \
	    (ok ? sprintf("%.2f", max / min) : "n/a")
}
' "$tmp/rows"
