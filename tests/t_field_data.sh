# Field data that must not be lost or damaged silently: non-ISO country
# codes, deterministic bulk ids, unreadable times, archives inside
# archives.  Sourced by run.sh.

fd="$T/field_data"
mkdir -p "$fd"

# -- item 11: Cloudflare's T1 (Tor) and XX (unknown) are not ISO 3166 codes --
hr=$(head -n 1 samples/http_requests.ndjson)
for cc in t1 xx T1 XX; do
	echo "$hr" | sed "s/\"ClientCountry\":\"de\"/\"ClientCountry\":\"$cc\"/"
done > "$fd/cc.ndjson"
$CFECS "$fd/cc.ndjson" > "$fd/cc.out"
if jq -e -s 'length == 4 and all(.[]; .source.geo.country_iso_code == null and
    .source.geo.region_iso_code == null)' "$fd/cc.out" > /dev/null; then
	ok "item 11: T1/XX not in source.geo.country_iso_code"
else
	bad "item 11: T1/XX not in source.geo.country_iso_code" \
	    "$(jq -c '.source.geo' "$fd/cc.out" | head -n 2)"
fi
if [ "$(jq -r '.cloudflare.ClientCountry' "$fd/cc.out" | tr '\n' ' ')" = "t1 xx T1 XX " ]; then
	ok "item 11: the code stays in cloudflare.ClientCountry"
else
	bad "item 11: the code stays in cloudflare.ClientCountry" \
	    "$(jq -r '.cloudflare.ClientCountry' "$fd/cc.out" | tr '\n' ' ')"
fi
echo "$hr" | $CFECS | jq -r '.source.geo.country_iso_code' > "$fd/de.out"
contains "item 11: a real code is still written, upper case" "$fd/de.out" "DE"

# -- item 3: --bulk gives every event a deterministic, unique _id --
# The README's recipe, over the samples of every dataset, twice.
mkdir -p "$fd/bulk"
$CFECS --bulk 'logs-cloudflare-%Y.%m.%d' -r samples > "$fd/bulk/1.out"
$CFECS -j 3 --bulk 'logs-cloudflare-%Y.%m.%d' -r samples > "$fd/bulk/2.out"
awk 'NR % 2 == 1' "$fd/bulk/1.out" | jq -r '.index._id // "NONE"' > "$fd/bulk/ids1"
awk 'NR % 2 == 1' "$fd/bulk/2.out" | jq -r '.index._id // "NONE"' > "$fd/bulk/ids2"
nev=$($CFECS -r samples | wc -l)
if [ "$(wc -l < "$fd/bulk/ids1")" -eq "$nev" ] && [ "$nev" -gt 100 ] &&
    ! grep -q NONE "$fd/bulk/ids1"; then
	ok "item 3: every event of every dataset has an _id"
else
	bad "item 3: every event of every dataset has an _id" \
	    "$(grep -c NONE "$fd/bulk/ids1") of $nev without"
fi
if [ "$(sort -u "$fd/bulk/ids1" | wc -l)" -eq "$nev" ]; then
	ok "item 3: the _ids are unique"
else
	bad "item 3: the _ids are unique" "$(sort "$fd/bulk/ids1" | uniq -d | head -n 3)"
fi
same "item 3: the same _ids when converted again (-j 3)" "$fd/bulk/ids1" "$fd/bulk/ids2"
ndat=$(ls samples/*.ndjson | wc -l)
if [ "$(awk 'NR % 2 == 0' "$fd/bulk/1.out" | jq -r '.event.dataset // "unknown"' |
    sort -u | wc -l)" -ge $((ndat - 3)) ]; then
	ok "item 3: the run covered every dataset"
else
	bad "item 3: the run covered every dataset" "$ndat sample files"
fi
# The same record, gzipped elsewhere: the same _id (a fingerprint of the line).
gzip -n -c samples/dns_logs.ndjson > "$fd/bulk/dns.log.gz"
$CFECS --bulk x samples/dns_logs.ndjson | awk 'NR % 2 == 1' > "$fd/bulk/dns.plain"
$CFECS --bulk x "$fd/bulk/dns.log.gz" | awk 'NR % 2 == 1' > "$fd/bulk/dns.gz"
same "item 3: the same _id from plain and gzip input" "$fd/bulk/dns.plain" "$fd/bulk/dns.gz"

# firewall_events: the matches of one request share RayID (MatchIndex 0, 1).
fw=$(head -n 1 samples/firewall_events.ndjson)
{ echo "$fw" | sed 's/"MatchIndex":1/"MatchIndex":0/'; echo "$fw"; } > "$fd/bulk/fw.ndjson"
$CFECS --bulk 'cf-%Y' "$fd/bulk/fw.ndjson" | awk 'NR % 2 == 1' |
    jq -r '.index._id' > "$fd/bulk/fw.ids"
if [ "$(sort -u "$fd/bulk/fw.ids" | grep -c .)" -eq 2 ]; then
	ok "item 3: two matches sharing a RayID get two _ids"
else
	bad "item 3: two matches sharing a RayID get two _ids" "$(cat "$fd/bulk/fw.ids")"
fi
# Identical lines are one event delivered twice: one _id, ES keeps one.
{ echo "$fw"; echo "$fw"; } | $CFECS --bulk cf | awk 'NR % 2 == 1' |
    jq -r '.index._id' | sort -u > "$fd/bulk/dup.ids"
if [ "$(grep -c . "$fd/bulk/dup.ids")" -eq 1 ]; then
	ok "item 3: identical lines share their _id"
else
	bad "item 3: identical lines share their _id" "$(cat "$fd/bulk/dup.ids")"
fi
# The _id is 128 bits of SHA-256 of the line, base64url.
want=$(echo "$fw" | tr -d '\n' | sha256sum | cut -c1-32 | xxd -r -p | base64 |
    tr '+/' '-_' | tr -d '=')
if [ "$(head -n 1 "$fd/bulk/fw.ids" | sed -n 2p)" = "" ] &&
    [ "$(sed -n 2p "$fd/bulk/fw.ids")" = "$want" ]; then
	ok "item 3: the _id is the line's SHA-256 (128 bits, base64url)"
else
	bad "item 3: the _id is the line's SHA-256" "$(sed -n 2p "$fd/bulk/fw.ids") vs $want"
fi
# --id-field still overrides; absent: a warning once, with the count.
{ echo "$fw"; head -n 2 samples/dns_logs.ndjson; } > "$fd/bulk/mixed.ndjson"
$CFECS --bulk cf --id-field RayID "$fd/bulk/mixed.ndjson" > "$fd/bulk/mixed.out" \
    2> "$fd/bulk/mixed.err"
head -n 1 "$fd/bulk/mixed.out" > "$fd/bulk/mixed.a1"
contains "item 3: --id-field RayID overrides" "$fd/bulk/mixed.a1" '"_id":"88b1c6f27d3e0a49"'
contains "item 3: --id-field absent: one warning with the count" "$fd/bulk/mixed.err" \
    "cfecs: --id-field RayID: absent in 2 events; their _id is the record's fingerprint"
if [ "$(grep -c . "$fd/bulk/mixed.err")" -eq 1 ] &&
    [ "$(awk 'NR % 2 == 1' "$fd/bulk/mixed.out" | grep -c '"_id":')" -eq 3 ]; then
	ok "item 3: --id-field absent: warned once, every event still has an _id"
else
	bad "item 3: --id-field absent: warned once" "$(cat "$fd/bulk/mixed.err")"
fi
$CFECS --bulk cf --id-field none "$fd/bulk/mixed.ndjson" > "$fd/bulk/none.out"
if ! grep -q '"_id"' "$fd/bulk/none.out" && [ "$(grep -c . "$fd/bulk/none.out")" -eq 6 ]; then
	ok "item 3: --id-field none: no _id"
else
	bad "item 3: --id-field none: no _id" "$(head -n 1 "$fd/bulk/none.out")"
fi

# -- item 5: events without a readable time are kept, marked, counted --
mkdir -p "$fd/time"
hr=$(head -n 1 samples/http_requests.ndjson)
start=$(echo "$hr" | grep -o '"EdgeStartTimestamp":[0-9]*' | cut -d: -f2)
ok_time() {	# a Logpush EdgeStartTimestamp value -> the line
	echo "$hr" | sed "s/\"EdgeStartTimestamp\":$start/\"EdgeStartTimestamp\":$1/"
}
{
	ok_time '"2024-02-17T23:52:01"'
	ok_time '"garbage"'
	ok_time 1708213921.5
	ok_time 1708213921.123456789
	ok_time '"1708213921.25"'
	ok_time 1.7082139215e9
} > "$fd/time/t.ndjson"
$CFECS --time-precision ns "$fd/time/t.ndjson" > "$fd/time/t.out" 2> "$fd/time/t.err"
jq -r '.["@timestamp"] // "-"' "$fd/time/t.out" | tr '\n' ' ' > "$fd/time/ts"
echo >> "$fd/time/ts"
contains "item 5: fractional unix times read exactly; no zone and garbage: no time" \
    "$fd/time/ts" "- - 2024-02-17T23:52:01.500000000Z 2024-02-17T23:52:01.123456789Z 2024-02-17T23:52:01.250000000Z 2024-02-17T23:52:01.500000000Z "
if [ "$(grep -c . "$fd/time/t.out")" -eq 6 ]; then ok "item 5: every event kept"
else bad "item 5: every event kept" "$(grep -c . "$fd/time/t.out")"; fi
jq -c 'select(.error) | [.error.type, .error.message, .cloudflare.EdgeStartTimestamp]' \
    "$fd/time/t.out" > "$fd/time/errs"
contains "item 5: no zone: error.type and message name field and value" "$fd/time/errs" \
    '["invalid_time","EdgeStartTimestamp: cannot read \"2024-02-17T23:52:01\" as a time","2024-02-17T23:52:01"]'
contains "item 5: garbage: marked, the value kept in cloudflare.*" "$fd/time/errs" \
    '["invalid_time","EdgeStartTimestamp: cannot read \"garbage\" as a time","garbage"]'
if [ "$(grep -c . "$fd/time/errs")" -eq 2 ]; then ok "item 5: only those two marked"
else bad "item 5: only those two marked" "$(cat "$fd/time/errs")"; fi
if [ "$(grep -c . "$fd/time/t.err")" -eq 1 ]; then
	ok "item 5: one warning per file"
else
	bad "item 5: one warning per file" "$(cat "$fd/time/t.err")"
fi
contains "item 5: the warning counts them" "$fd/time/t.err" \
    "cfecs: $fd/time/t.ndjson: 2 events without a readable time: kept, error.type says why"
$CFECS --stats "$fd/time/t.ndjson" "$fd/time/t.ndjson" > /dev/null 2> "$fd/time/stats.err"
contains "item 5: --stats counts them" "$fd/time/stats.err" \
    "cfecs: total: 12 read, 12 converted, 0 rejected, 0 unknown dataset, 4 without a readable time"
status_is "item 5: --check fails on them" 1 $CFECS --check "$fd/time/t.ndjson"
contains "item 5: --check names the line" "$T/.status.err" \
    "cfecs: $fd/time/t.ndjson:2: no readable time: EdgeStartTimestamp: cannot read \"garbage\" as a time"
contains "item 5: --check summary" "$T/.status.err" \
    "0 not valid ECS, 2 without a readable time: FAILED"
$CFECS --bulk 'cf-%Y.%m.%d' "$fd/time/t.ndjson" > "$fd/time/bulk.out" 2> "$fd/time/bulk.err"
contains "item 5: --bulk says where they go" "$fd/time/bulk.err" \
    "2 events without a readable time: kept, error.type says why; without @timestamp, in index cf-unknown.unknown.unknown"
echo '{"Whatever":1}' | $CFECS 2> "$fd/time/none.err" | jq -c .error > "$fd/time/none.out"
contains "item 5: no time field at all: missing_time" "$fd/time/none.out" \
    '{"type":"missing_time","message":"no time field"}'
$CFECS -r samples 2> "$fd/time/samples.err" | jq -c 'select(.error.type == "invalid_time" or
    .error.type == "missing_time")' > "$fd/time/samples.out"
empty "item 5: the samples' times all read" "$fd/time/samples.out"

# -- item 8: archives inside archives, read recursively, with a limit --
n8="$fd/nest"
mkdir -p "$n8"
{ head -n 3 samples/http_requests.ndjson; echo '{broken'; sed -n 4p samples/http_requests.ndjson; } > "$n8/a.log"
cp samples/dns_logs.ndjson "$n8/b.log"
(
	cd "$n8"
	gzip -n -c a.log > a.log.gz
	gzip -n -c b.log > b.log.gz
	tar -czf inner.tgz a.log.gz
	zip -q inner.zip b.log.gz
	tar -cf outer.tar inner.tgz inner.zip
	zip -q z.zip inner.tgz
	zip -q l2.zip inner.tgz
	tar -cf l1.tar l2.zip
)
$CFECS --no-provenance "$n8/a.log.gz" "$n8/b.log.gz" > "$n8/want.out" 2> /dev/null || true
$CFECS --no-provenance "$n8/a.log.gz" > "$n8/want_a.out" 2> /dev/null || true
status_is "item 8: tar of .tgz and .zip: exit 1 (one bad line)" 1 $CFECS "$n8/outer.tar"
$CFECS --no-provenance "$n8/outer.tar" > "$n8/outer.out" 2> "$n8/outer.err" || true
same "item 8: tar of .tgz and .zip: the events of the inner files" "$n8/outer.out" "$n8/want.out"
contains "item 8: the bad line named outer.tar(inner.tgz(a.log.gz))" "$n8/outer.err" \
    "cfecs: $n8/outer.tar(inner.tgz(a.log.gz)):4: invalid JSON"
if [ "$(grep -c . "$n8/outer.err")" -eq 1 ]; then ok "item 8: no garbage rejects"
else bad "item 8: no garbage rejects" "$(head -n 3 "$n8/outer.err")"; fi
$CFECS --no-provenance "$n8/z.zip" > "$n8/z.out" 2> /dev/null || true
same "item 8: zip holding a tar.gz" "$n8/z.out" "$n8/want_a.out"
$CFECS --no-provenance "$n8/l1.tar" > "$n8/l1.out" 2> "$n8/l1.err" || true
same "item 8: three archives deep (tar, zip, tgz)" "$n8/l1.out" "$n8/want_a.out"
contains "item 8: three deep: named at every level" "$n8/l1.err" \
    "cfecs: $n8/l1.tar(l2.zip(inner.tgz(a.log.gz))):4: invalid JSON"
# Too deep: five tars, one inside the next (a quine or a bomb ends the same way).
(
	cd "$n8"
	tar -cf t1.tar b.log
	for i in 2 3 4 5; do tar -cf "t$i.tar" "t$((i - 1)).tar"; done
)
$CFECS --no-provenance "$n8/t4.tar" > "$n8/t4.out" 2> /dev/null || true
$CFECS --no-provenance "$n8/b.log" > "$n8/want.out.b"
same "item 8: four deep: read" "$n8/t4.out" "$n8/want.out.b"
status_is "item 8: five deep: exit 1" 1 $CFECS "$n8/t5.tar"
contains "item 8: five deep: a clear message" "$T/.status.err" \
    "cfecs: $n8/t5.tar(t4.tar(t3.tar(t2.tar(t1.tar)))): archives nested more than 4 deep: not read"
empty "item 8: five deep: nothing read" "$T/.status.out"
# Memory stays bounded: a big file three archives down costs no more
# than a small one (members are streamed, one reader per level).
if [ -x /usr/bin/time ] && [ -x bench/gen ]; then
	for n in 300 12000; do
		mkdir -p "$n8/m$n"
		(
			cd "$n8/m$n"
			"$TOP/bench/gen" -n "$n" -s 3 | gzip -1 -n > big.log.gz
			tar -czf in.tgz big.log.gz
			zip -q -0 mid.zip in.tgz
			tar -cf out.tar mid.zip
		)
		/usr/bin/time -f %M -o "$n8/rss.$n" "$CFECS_BIN" -j 1 "$n8/m$n/out.tar" |
		    wc -l > "$n8/count.$n"
	done
	small=$(tail -n 1 "$n8/rss.300")
	large=$(tail -n 1 "$n8/rss.12000")
	[ $((large - small)) -lt 8192 ] &&
	    ok "item 8: peak RSS, 3 deep: ${small} KiB small, ${large} KiB ~36 MB" ||
	    bad "item 8: memory bounded 3 deep" "${small} KiB vs ${large} KiB"
	[ "$(cat "$n8/count.12000")" -eq 12000 ] && ok "item 8: 3 deep: every record" ||
	    bad "item 8: 3 deep: every record" "$(cat "$n8/count.12000")"
else
	bad "item 8: memory" "/usr/bin/time or bench/gen missing"
fi

# -- the new paths under valgrind: no invalid access, no leak --
if [ -z "${SANITIZED:-}" ] && command -v valgrind > /dev/null 2>&1; then
	for args in "$n8/outer.tar" "$n8/l1.tar" "$n8/t5.tar" "-j 2 $n8/z.zip" \
	    "--bulk cf-%Y -j 2 $fd/time/t.ndjson" "--check $fd/time/t.ndjson" \
	    "--bulk x --id-field RayID $fd/bulk/mixed.ndjson"; do
		set +e
		# shellcheck disable=SC2086
		valgrind -q --error-exitcode=99 --leak-check=full \
		    --errors-for-leak-kinds=definite,indirect \
		    "$CFECS_BIN" $args > /dev/null 2> "$fd/vg.log"
		rc=$?
		set -e
		if [ "$rc" -ne 99 ] && ! grep -q '^==[0-9]*==' "$fd/vg.log"; then
			ok "valgrind: cfecs $args"
		else
			bad "valgrind: cfecs $args" "$(grep '^==' "$fd/vg.log" | head -n 8)"
		fi
	done
fi
