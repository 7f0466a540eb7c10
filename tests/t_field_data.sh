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
