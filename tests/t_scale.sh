# Scale: memory does not grow with the input; parallel engines give the
# same events.  Sourced by run.sh.

s="$T/scale"
mkdir -p "$s"

# Peak RSS for ~10 MB and ~1 GB of records through a pipe (no disk).
if [ -x /usr/bin/time ] && [ -x bench/gen ]; then
	for n in 3300 330000; do
		/usr/bin/time -f %M -o "$s/rss.$n" sh -c \
		    'bench/gen -n "$1" -s 7 | "$2" > /dev/null' sh "$n" "$CFECS_BIN"
	done
	# time(1) measured the shell and the pipeline's largest process.
	small=$(tail -n 1 "$s/rss.3300")
	large=$(tail -n 1 "$s/rss.330000")
	diff=$((large - small))
	[ "$diff" -lt 8192 ] && ok "peak RSS 10 MB vs 1 GB: ${small} KiB vs ${large} KiB" ||
	    bad "peak RSS does not grow with input" "${small} KiB vs ${large} KiB"
	[ "$large" -lt 65536 ] && ok "peak RSS under 64 MiB on 1 GB" ||
	    bad "peak RSS under 64 MiB" "$large KiB"
else
	bad "peak RSS" "/usr/bin/time or bench/gen missing"
fi

# GNU parallel over a directory of gz files = one cfecs run (as multisets).
if command -v parallel > /dev/null 2>&1; then
	mkdir -p "$s/dump/a" "$s/dump/b" "$s/dump/empty"
	for f in samples/*.ndjson; do
		b=$(basename "$f" .ndjson)
		case $b in [a-f]*) d=a ;; *) d=b ;; esac
		gzip -n -c "$f" > "$s/dump/$d/$b.log.gz"
	done
	$CFECS -r "$s/dump" | sort > "$s/one.sorted"
	find "$s/dump" -name '*.gz' | parallel -j 4 "$CFECS_BIN" {} | sort > "$s/par.sorted"
	same "GNU parallel = one run (multiset)" "$s/par.sorted" "$s/one.sorted"
	[ -s "$s/one.sorted" ] && ok "GNU parallel: events produced" || bad "GNU parallel" "no events"
else
	bad "GNU parallel" "not installed"
fi
