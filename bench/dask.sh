# dask.sh: rows for contrib/cfecs-dask, sourced by bench/run.sh when
# /usr/bin/python3 has Debian's python3-distributed.
#
# Objects of the size Logpush writes: the 8 files of 20,000 records
# (about 5.7 MB of gzip each), by cfecs -r and by cfecs-dask --local with
# 1 and 2 workers.  cfecs-dask gzips its outputs (one per object), so
# cfecs -r -z is the like-for-like row.  The engine's cost per object:
# 200 objects of 100 records against 1 object, at 1 and 2 workers, and
# with --batch 20.  Each cfecs-dask run starts from an empty output
# directory; its wall time includes starting the workers.
# Uses measure(), $tmp, $DATA, $jfiles, $jraw from run.sh; writes the
# ratios to $tmp/dask-ratios.

DASK_BIN=${DASK_BIN:-contrib/cfecs-dask}
dask_cfecs=$(command -v "${CFECS%% *}")
case $dask_cfecs in
/*) ;;
*) dask_cfecs=$(pwd)/$dask_cfecs ;;
esac

mkdir -p "$tmp/dask-big" "$tmp/dask-one"
for f in $jfiles; do
	ln -s "$(cd "$(dirname "$f")" && pwd)/$(basename "$f")" "$tmp/dask-big/"
done
first=$(ls "$DATA/dump-200x100" | grep -v '^\.' | head -n 1)
cp "$DATA/dump-200x100/$first" "$tmp/dask-one/"
raw1=$(gzip -dc "$tmp/dask-one/$first" | wc -c | awk '{ print $1 }')

# dask_run SRC WORKERS [OPTION...]: one cfecs-dask run into a new output.
cat > "$tmp/dask-run" <<'EOF'
#!/bin/sh
src=$1 n=$2 out=$3/out
shift 3
rm -rf "$out"
exec "$DASK_BIN" --local "$n" --cfecs "$DASK_CFECS" "$@" "$src" "$out"
EOF
chmod +x "$tmp/dask-run"
export DASK_BIN DASK_CFECS="$dask_cfecs"
DASK_BIN=$(cd "$(dirname "$DASK_BIN")" && pwd)/$(basename "$DASK_BIN")

measure dkr "cfecs -r 8 x 20k.ndjson.gz" 160000 "$jraw" - \
    $CFECS -r "$tmp/dask-big"
measure dkrz "cfecs -z -r 8 x 20k.ndjson.gz" 160000 "$jraw" - \
    $CFECS -z -r "$tmp/dask-big"
measure dk2 "cfecs-dask --local 2, 8 x 20k.ndjson.gz" 160000 "$jraw" - \
    "$tmp/dask-run" "$tmp/dask-big" 2 "$tmp"
measure dk1 "cfecs-dask --local 1, 8 x 20k.ndjson.gz" 160000 "$jraw" - \
    "$tmp/dask-run" "$tmp/dask-big" 1 "$tmp"
measure dkone2 "cfecs-dask --local 2, 1 x 100 records" 100 "$raw1" - \
    "$tmp/dask-run" "$tmp/dask-one" 2 "$tmp"
measure dkmany2 "cfecs-dask --local 2, 200 x 100 records" 20000 "$raw20" - \
    "$tmp/dask-run" "$DATA/dump-200x100" 2 "$tmp"
measure dkone1 "cfecs-dask --local 1, 1 x 100 records" 100 "$raw1" - \
    "$tmp/dask-run" "$tmp/dask-one" 1 "$tmp"
measure dkmany1 "cfecs-dask --local 1, 200 x 100 records" 20000 "$raw20" - \
    "$tmp/dask-run" "$DATA/dump-200x100" 1 "$tmp"
measure dkbatch2 "cfecs-dask --local 2 --batch 20, 200 x 100 records" 20000 \
    "$raw20" - "$tmp/dask-run" "$DATA/dump-200x100" 2 "$tmp" --batch 20

awk -F'\t' '
function num(x) { return x ~ /^[0-9.]+$/ && x + 0 > 0 }
function ratio(a, b) {
	return (num(t[a]) && num(t[b])) ? sprintf("%.2f", t[a] / t[b]) : "n/a"
}
function per(many, one) {
	if (!num(t[many]) || !num(t[one]))
		return "n/a"
	return sprintf("%.1f ms", (t[many] - t[one]) / 199 * 1000)
}
{ t[$1] = $3 }
END {
	print "- cfecs-dask --local 2 / cfecs -z -r, 8 objects of 5.7 MB: " \
	    ratio("dk2", "dkrz") " (goal <= 1.3); / cfecs -r: " \
	    ratio("dk2", "dkr")
	if (num(t["dk2"]) && num(t["dkone2"]) && num(t["dkrz"]))
		print "- the same, start-up (the 1-object run) taken out: " \
		    sprintf("%.2f", (t["dk2"] - t["dkone2"]) / t["dkrz"])
	print "- cfecs-dask 1 worker / 2 workers, 8 objects: " ratio("dk1", "dk2")
	print "- cfecs-dask start-up and one object: " t["dkone1"] " s (1 worker), " \
	    t["dkone2"] " s (2 workers)"
	print "- cfecs-dask wall time per object, 200 objects of 100 records: " \
	    per("dkmany1", "dkone1") " (1 worker), " per("dkmany2", "dkone2") \
	    " (2 workers), " per("dkbatch2", "dkone2") " (2 workers, --batch 20)"
}
' "$tmp/rows" > "$tmp/dask-ratios"
