# --geoip: *.geo.* and *.as.* from MaxMind DB files the test writes itself
# (tests/mkmmdb.pl, MaxMind::DB::Writer) on documentation networks.
# Sourced by run.sh; names here start with gi_.

gi=$T/geoip
mkdir -p "$gi"
gi_ok=1
for gi_k in city country asn ipv4city; do
	if ! perl tests/mkmmdb.pl "$gi_k" "$gi/$gi_k.mmdb" 2> "$gi/mk.err"; then
		gi_ok=0
		bad "geoip: build $gi_k database" "$(head -c 300 "$gi/mk.err")"
	fi
done

# gi_rec JSON...: one http_requests record per argument, ClientIP etc. given.
gi_rec() {
	for gi_r in "$@"; do
		printf '{"EdgeStartTimestamp":1700000000000000000,"ClientRequestHost":"example.com","ClientRequestMethod":"GET","EdgeResponseStatus":200,%s}\n' "$gi_r"
	done
}

# gi_is NAME FILE LINE JQ WANT: jq -c JQ on event LINE of FILE is WANT.
gi_is() {
	gi_got=$(sed -n "$3p" "$2" | jq -c "$4" 2>&1)
	if [ "$gi_got" = "$5" ]; then ok "$1"
	else bad "$1" "got $gi_got, want $5"; fi
}

if [ "$gi_ok" -eq 1 ]; then
# The databases read back with MaxMind's own reader.
mmdblookup -f "$gi/city.mmdb" -i 192.0.2.1 city names en > "$gi/mmdb.out" 2>&1 || true
contains "geoip: test database readable by mmdblookup" "$gi/mmdb.out" '"San Francisco"'
mmdblookup -f "$gi/asn.mmdb" -i 2001:db8::1 autonomous_system_number > "$gi/mmdb.out" 2>&1 || true
contains "geoip: test ASN database readable by mmdblookup" "$gi/mmdb.out" '4200000001'

gi_rec '"RayID":"v4","ClientIP":"192.0.2.10"' \
    '"RayID":"v6","ClientIP":"2001:db8::5"' \
    '"RayID":"none","ClientIP":"10.1.2.3"' \
    '"RayID":"cc-differs","ClientIP":"192.0.2.10","ClientCountry":"fr","ClientASN":13335' \
    '"RayID":"cc-agrees","ClientIP":"198.51.100.1","ClientCountry":"ch","ClientASN":64501' \
    '"RayID":"city-differs","ClientIP":"192.0.2.10","ClientCountry":"US","ClientRegionCode":"CA","ClientCity":"Oakland"' \
    '"RayID":"region-differs","ClientIP":"192.0.2.10","ClientCountry":"US","ClientRegionCode":"NY"' \
    '"RayID":"no-city","ClientIP":"203.0.113.7"' \
    '"RayID":"mapped","ClientIP":"::ffff:192.0.2.10"' \
    > "$gi/in.ndjson"
$CFECS --no-passthrough --geoip "$gi/city.mmdb" --geoip "$gi/asn.mmdb" \
    "$gi/in.ndjson" > "$gi/out" 2> "$gi/err"
gi_is "geoip: IPv4, City and ASN together" "$gi/out" 1 .source \
    '{"ip":"192.0.2.10","address":"192.0.2.10","as":{"number":64500,"organization":{"name":"Example Transit \"One\""}},"geo":{"city_name":"San Francisco","continent_code":"NA","continent_name":"North America","country_iso_code":"US","country_name":"United States of America","location":{"lat":37.7697,"lon":-122.3933},"postal_code":"94107","region_iso_code":"US-CA","region_name":"California","timezone":"America/Los_Angeles"}}'
gi_is "geoip: IPv6, 32-bit AS number" "$gi/out" 2 .source \
    '{"ip":"2001:db8::5","address":"2001:db8::5","as":{"number":4200000001,"organization":{"name":"Example Six"}},"geo":{"city_name":"Sydney","continent_code":"OC","continent_name":"Oceania","country_iso_code":"AU","country_name":"Australia","location":{"lat":-33.8715,"lon":151.2006},"postal_code":"2000","region_iso_code":"AU-NSW","region_name":"New South Wales","timezone":"Australia/Sydney"}}'
gi_is "geoip: address not in the database: nothing added" "$gi/out" 3 .source \
    '{"ip":"10.1.2.3","address":"10.1.2.3"}'
gi_is "geoip: the record's country and AS win, nothing mixed in" "$gi/out" 4 .source \
    '{"ip":"192.0.2.10","address":"192.0.2.10","as":{"number":13335},"geo":{"country_iso_code":"FR","country_name":"France"}}'
gi_is "geoip: same country and AS: the database adds the rest" "$gi/out" 5 \
    '[.source.as.organization.name,.source.geo.city_name,.source.geo.country_name,.source.geo.region_iso_code,.source.geo.location]' \
    '["Exämple Net","Zürich","Switzerland","CH-ZH",{"lat":47.3682,"lon":8.5671}]'
gi_is "geoip: the record's city wins: no location from another city" "$gi/out" 6 \
    '.source.geo' \
    '{"city_name":"Oakland","continent_code":"NA","continent_name":"North America","country_iso_code":"US","country_name":"United States of America","region_iso_code":"US-CA","region_name":"California"}'
gi_is "geoip: the record's region wins: no city from another region" "$gi/out" 7 \
    '[.source.geo.region_iso_code,.source.geo.region_name,.source.geo.city_name,.source.geo.location]' \
    '["US-NY",null,null,null]'
gi_is "geoip: a network with a country only" "$gi/out" 8 '.source.geo' \
    '{"continent_code":"OC","continent_name":"Oceania","country_iso_code":"AU","country_name":"Australia"}'
gi_is "geoip: IPv4-mapped IPv6 finds the IPv4 network" "$gi/out" 9 \
    '.source.geo.city_name' '"San Francisco"'
empty "geoip: no messages" "$gi/err"

# The record's own location wins; the city still comes from the database
# when the countries agree.
gi_rec '"RayID":"loc","ClientIP":"192.0.2.10","ClientCountry":"US","ClientLatitude":"37.78","ClientLongitude":"-122.42"' \
    > "$gi/loc.ndjson"
$CFECS --no-passthrough --geoip "$gi/city.mmdb" "$gi/loc.ndjson" > "$gi/loc"
gi_is "geoip: the record's location wins" "$gi/loc" 1 \
    '[.source.geo.location,.source.geo.city_name]' \
    '[{"lat":37.78,"lon":-122.42},"San Francisco"]'

# One source of country names: the database's "United States" and the
# record's ClientCountry "us" are both named from the ISO 3166-1 table.
gi_rec '"RayID":"db","ClientIP":"192.0.2.10"' '"RayID":"rec","ClientIP":"10.1.2.3","ClientCountry":"us"' \
    > "$gi/names.ndjson"
$CFECS --no-passthrough --geoip "$gi/country.mmdb" "$gi/names.ndjson" |
    jq -r .source.geo.country_name > "$gi/names"
printf '%s\n' 'United States of America' 'United States of America' > "$gi/names.want"
same "geoip: a country has one name, from the database or from ClientCountry" \
    "$gi/names" "$gi/names.want"

# AS 0 means no AS (RFC 7607): no *.as.number 0, from the database or
# from the record's ClientASN.
gi_rec '"RayID":"db0","ClientIP":"203.0.113.7"' \
    '"RayID":"rec0","ClientIP":"10.1.2.3","ClientASN":0' > "$gi/as0.ndjson"
printf '%s\n' '{"ClientIP":"10.1.2.3","ClientASN":0,"Datetime":1700000000000000000,"RayID":"fw0","Action":"block","Source":"firewallrules"}' >> "$gi/as0.ndjson"
$CFECS --no-passthrough --geoip "$gi/asn.mmdb" "$gi/as0.ndjson" |
    jq -c '[.event.dataset, .source.as]' > "$gi/as0"
printf '%s\n' '["http_requests",null]' '["http_requests",null]' '["firewall_events",null]' > "$gi/as0.want"
same "geoip: AS 0 is no AS, from the database or ClientASN" "$gi/as0" "$gi/as0.want"

# Without --geoip nothing is looked up.
$CFECS --no-passthrough "$gi/in.ndjson" > "$gi/plain"
gi_is "geoip: off unless given" "$gi/plain" 1 '.source' \
    '{"ip":"192.0.2.10","address":"192.0.2.10"}'

# --check accepts every new field, and -j does not change the output.
status_is "geoip: --check accepts the geo and as fields" 0 \
    $CFECS --check --geoip "$gi/city.mmdb" --geoip "$gi/asn.mmdb" "$gi/in.ndjson"
for gi_i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
	cat "$gi/in.ndjson"
done > "$gi/many.ndjson"
$CFECS -j 1 --geoip "$gi/city.mmdb" --geoip "$gi/asn.mmdb" "$gi/many.ndjson" > "$gi/j1"
$CFECS -j 3 --geoip "$gi/city.mmdb" --geoip "$gi/asn.mmdb" "$gi/many.ndjson" > "$gi/j3"
same "geoip: same output with -j 1 and -j 3" "$gi/j1" "$gi/j3"
gi_is "geoip: repeated addresses (cache) give the same answer" "$gi/j1" 137 \
    '.source.geo.city_name' '"Sydney"'

# Several databases: the first to answer a field fills it; a Country
# database and a City database agree, so the city comes from the second.
$CFECS --no-passthrough --geoip "$gi/country.mmdb" --geoip "$gi/city.mmdb" \
    "$gi/in.ndjson" > "$gi/cc"
gi_is "geoip: Country then City database" "$gi/cc" 1 \
    '[.source.geo.country_iso_code,.source.geo.city_name,.source.as]' \
    '["US","San Francisco",null]'
$CFECS --no-passthrough --geoip "$gi/country.mmdb" "$gi/in.ndjson" > "$gi/c"
gi_is "geoip: Country database alone: no city" "$gi/c" 1 '.source.geo' \
    '{"continent_code":"NA","continent_name":"North America","country_iso_code":"US","country_name":"United States of America"}'
$CFECS --no-passthrough --geoip "$gi/asn.mmdb" "$gi/in.ndjson" > "$gi/a"
gi_is "geoip: ASN database alone: no geo" "$gi/a" 1 '[.source.as.number,.source.geo]' \
    '[64500,null]'
# An IPv6 address in an IPv4-only database: no answer, no error.
$CFECS --no-passthrough --geoip "$gi/ipv4city.mmdb" "$gi/in.ndjson" > "$gi/v4" 2> "$gi/v4.err"
gi_is "geoip: IPv4-only database, IPv4 address" "$gi/v4" 1 '.source.geo.city_name' '"San Francisco"'
gi_is "geoip: IPv4-only database, IPv6 address" "$gi/v4" 2 '.source.geo' 'null'
empty "geoip: IPv4-only database: no messages" "$gi/v4.err"

# destination.* too (gateway_network), and field selection reaches it.
printf '%s\n' '{"Datetime":1708222600173029661,"SourceIP":"198.51.100.23","SourcePort":53012,"DestinationIP":"2001:db8::80","DestinationPort":443,"Transport":"tcp","SessionID":"s1","Action":"allow","AccountID":"a"}' \
    > "$gi/net.ndjson"
$CFECS -d gateway_network --no-passthrough --geoip "$gi/city.mmdb" \
    --geoip "$gi/asn.mmdb" "$gi/net.ndjson" > "$gi/net"
gi_is "geoip: destination and source" "$gi/net" 1 \
    '[.source.geo.city_name,.destination.geo.city_name,.destination.as.number,.destination.geo.location]' \
    '["Zürich","Sydney",4200000001,{"lat":-33.8715,"lon":151.2006}]'
$CFECS -d gateway_network -f destination.geo.location --geoip "$gi/city.mmdb" \
    "$gi/net.ndjson" > "$gi/sel"
gi_is "geoip: -f selects the location" "$gi/sel" 1 '.' \
    '{"destination":{"geo":{"location":{"lat":-33.8715,"lon":151.2006}}}}'

# Files that are not MaxMind databases: exit 2, naming the file.
printf 'not a database\n' > "$gi/text.mmdb"
: > "$gi/empty.mmdb"
head -c 1000 "$gi/city.mmdb" > "$gi/cut.mmdb"
for gi_f in "$gi/missing.mmdb" "$gi/text.mmdb" "$gi/empty.mmdb" "$gi/cut.mmdb" "$gi"; do
	status_is "geoip: bad database $(basename "$gi_f"): exit 2" 2 \
	    $CFECS --geoip "$gi/city.mmdb" --geoip "$gi_f" "$gi/in.ndjson"
	contains "geoip: bad database $(basename "$gi_f"): named" "$T/.status.err" \
	    "cfecs: $gi_f: "
	empty "geoip: bad database $(basename "$gi_f"): no output" "$T/.status.out"
done
status_is "geoip: --geoip needs a file" 2 $CFECS --geoip

# Hostile databases: bytes overwritten all over a valid file.  Each run
# ends with 0 (converted, perhaps without geo) or 2 (refused), never a
# crash, and whatever is written is JSON that --check accepts.
gi_crash=0
for gi_seed in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24; do
	perl -e 'srand($ARGV[0]); local $/; my $b = <STDIN>;
	    for (1 .. 1 + $ARGV[0] % 6) {
	        substr($b, int(rand(length $b)), 1) = chr(int(rand(256))) }
	    $b = substr($b, 0, int(rand(length $b))) if $ARGV[0] % 5 == 0;
	    print $b' "$gi_seed" < "$gi/city.mmdb" > "$gi/h.mmdb"
	set +e
	$CFECS -q --geoip "$gi/h.mmdb" "$gi/in.ndjson" > "$gi/h.out" 2> "$gi/h.err"
	gi_rc=$?
	set -e
	if [ "$gi_rc" -ne 0 ] && [ "$gi_rc" -ne 2 ]; then
		gi_crash=$((gi_crash + 1))
		cp "$gi/h.mmdb" "$gi/crash-$gi_seed.mmdb"
	elif [ "$gi_rc" -eq 0 ] && ! $CFECS -q --check --geoip "$gi/h.mmdb" \
	    "$gi/in.ndjson" 2> /dev/null; then
		gi_crash=$((gi_crash + 1))
		cp "$gi/h.mmdb" "$gi/invalid-$gi_seed.mmdb"
	fi
done
[ "$gi_crash" -eq 0 ] && ok "geoip: hostile databases: no crash, valid output" ||
    bad "geoip: hostile databases: no crash, valid output" "$gi_crash failed (kept in $gi)"

# Under valgrind: no invalid access, no leak, threads included.
if [ -z "${SANITIZED:-}" ] && command -v valgrind > /dev/null 2>&1; then
	set +e
	valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect "$CFECS_BIN" -j 2 \
	    --geoip "$gi/city.mmdb" --geoip "$gi/asn.mmdb" "$gi/many.ndjson" \
	    "$gi/net.ndjson" > /dev/null 2> "$gi/vg.log"
	gi_rc=$?
	set -e
	if [ "$gi_rc" -ne 99 ] && ! grep -q '^==[0-9]*==' "$gi/vg.log"; then
		ok "geoip: valgrind clean"
	else
		bad "geoip: valgrind clean" "$(grep '^==' "$gi/vg.log" | head -n 8)"
	fi
fi
fi
