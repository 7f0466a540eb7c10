# Values that are in the record and have an ECS home: each mapping
# checked on records written here.  Sourced by run.sh; names start gp_.

gp=$T/gaps
mkdir -p "$gp"

# gp_map NAME DATASET JQ WANT RECORD: convert RECORD as DATASET, jq -c JQ
# on the event must print WANT, and --check must accept the event.
gp_map() {
	printf '%s\n' "$5" > "$gp/in.ndjson"
	if ! $CFECS -d "$2" --no-passthrough "$gp/in.ndjson" > "$gp/out" 2> "$gp/err"; then
		bad "gaps: $1" "cfecs failed: $(head -c 300 "$gp/err")"
		return
	fi
	gp_got=$(jq -c "$3" "$gp/out" 2>&1)
	if [ "$gp_got" != "$4" ]; then
		bad "gaps: $1" "got $gp_got, want $4"
	elif ! $CFECS -q -d "$2" --check "$gp/in.ndjson" 2> "$gp/check"; then
		bad "gaps: $1" "not valid ECS: $(cat "$gp/check")"
	else
		ok "gaps: $1"
	fi
}

gp_os='[.host.os.name,.host.os.type,.host.os.family,.host.os.platform,.host.os.version]'
gp_dex='"Timestamp":"2024-02-18T01:00:00Z","DeviceID":"d1","AccountID":"a1"'

# -- host.os from WARP's ClientPlatform and device posture's DeviceType --
gp_map "DEX platform mac -> macOS" dex_device_state_events "$gp_os" \
    '["macOS","macos","darwin","mac",null]' "{$gp_dex,\"ClientPlatform\":\"mac\"}"
gp_map "DEX platform windows" dex_device_state_events "$gp_os" \
    '["Windows","windows","windows","windows",null]' "{$gp_dex,\"ClientPlatform\":\"Windows\"}"
gp_map "DEX platform linux: no family" dex_device_state_events "$gp_os" \
    '["Linux","linux",null,"linux",null]' "{$gp_dex,\"ClientPlatform\":\"linux\"}"
gp_map "DEX platform ios" dex_application_tests "$gp_os" \
    '["iOS","ios",null,"ios",null]' "{$gp_dex,\"ClientPlatform\":\"ios\",\"TestType\":\"http\"}"
gp_map "DEX platform android" dex_application_tests "$gp_os" \
    '["Android","android",null,"android",null]' "{$gp_dex,\"ClientPlatform\":\"android\",\"TestType\":\"http\"}"
gp_map "DEX platform chromeos: no ECS type for it" dex_device_state_events "$gp_os" \
    '["ChromeOS",null,null,"chromeos",null]' "{$gp_dex,\"ClientPlatform\":\"chromeos\"}"
gp_map "DEX platform unknown: platform only" dex_device_state_events "$gp_os" \
    '[null,null,null,"plan9",null]' "{$gp_dex,\"ClientPlatform\":\"plan9\"}"
gp_map "device posture DeviceType and OSVersion" device_posture_results "$gp_os" \
    '["macOS","macos","darwin","mac","14.3.1"]' \
    '{"Timestamp":"2024-02-18T01:00:00Z","DeviceID":"d1","DeviceType":"mac","OSVersion":"14.3.1","PostureEvaluatedResult":true}'

# -- workers_trace_events: capitalised and lower-case Event keys --
gp_wt='[.event.id,.http.request.id,.http.request.method,.http.response.status_code,.url.full,.url.domain,.url.path,.url.query]'
gp_map "workers trace, capitalised Event keys" workers_trace_events "$gp_wt" \
    '["8a1b2c3d4e5f6a7b","8a1b2c3d4e5f6a7b","POST",201,"https://shop.example.com/cart?id=7","shop.example.com","/cart","id=7"]' \
    '{"EventTimestampMs":1708218500071,"EventType":"fetch","Outcome":"ok","ScriptName":"shop","Event":{"RayID":"8a1b2c3d4e5f6a7b","Request":{"URL":"https://shop.example.com/cart?id=7","Method":"POST"},"Response":{"Status":201}}}'
gp_map "workers trace, lower-case Event keys" workers_trace_events "$gp_wt" \
    '[null,null,"GET",404,"https://shop.example.com/x","shop.example.com","/x",null]' \
    '{"EventTimestampMs":1708218500071,"EventType":"fetch","Outcome":"ok","ScriptName":"shop","Event":{"request":{"url":"https://shop.example.com/x","method":"GET"},"response":{"status":404}}}'

# -- dex_device_state_events: the device's public address from its ISP --
gp_isp='[.source.ip,.source.as.number,.source.as.organization.name,.source.geo.country_iso_code,.source.geo.city_name,.source.geo.postal_code]'
gp_map "DEX ISP IPv4 fields -> source" dex_device_state_events "$gp_isp" \
    '["198.51.100.23",64496,"EXAMPLE-NET","US","Portland","97201"]' \
    "{$gp_dex,\"ISPIPv4Address\":\"198.51.100.23\",\"ISPIPv4ASN\":64496,\"ISPIPv4ASO\":\"EXAMPLE-NET\",\"ISPIPv4CountryISO\":\"us\",\"ISPIPv4City\":\"Portland\",\"ISPIPv4Zip\":\"97201\",\"ISPIPv6Address\":\"2001:db8::23\",\"ISPIPv6ASN\":64497}"
gp_map "DEX ISP state with its country -> region_iso_code" dex_device_state_events \
    .source.geo.region_iso_code '"US-OR"' \
    "{$gp_dex,\"ISPIPv4Address\":\"198.51.100.23\",\"ISPIPv4CountryISO\":\"us\",\"ISPIPv4StateISO\":\"or\"}"
gp_map "DEX ISP state without a country: no region" dex_device_state_events \
    .source.geo.region_iso_code 'null' \
    "{$gp_dex,\"ISPIPv4Address\":\"198.51.100.23\",\"ISPIPv4StateISO\":\"OR\",\"ISPIPv6CountryISO\":\"US\"}"
gp_map "DEX ISP IPv6 fields alone -> source" dex_device_state_events "$gp_isp" \
    '["2001:db8::23",64497,null,"DE",null,null]' \
    "{$gp_dex,\"ISPIPv4Address\":\"\",\"ISPIPv6Address\":\"2001:db8::23\",\"ISPIPv6ASN\":64497,\"ISPIPv6CountryISO\":\"DE\"}"

# -- casb_findings severity -> event.severity (a number) --
for gp_s in Low:21 Medium:47 High:73 CRITICAL:99 Informational:0; do
	gp_map "CASB severity ${gp_s%%:*} -> ${gp_s#*:}" casb_findings \
	    '[.event.severity,.vulnerability.severity]' "[${gp_s#*:},\"${gp_s%%:*}\"]" \
	    "{\"DetectedTimestamp\":\"2024-02-18T01:00:00Z\",\"InstanceID\":\"i1\",\"FindingTypeSeverity\":\"${gp_s%%:*}\"}"
done
gp_map "CASB severity unknown word: no event.severity" casb_findings \
    '[.event.severity,.vulnerability.severity]' '[null,"Severe-ish"]' \
    '{"DetectedTimestamp":"2024-02-18T01:00:00Z","InstanceID":"i1","FindingTypeSeverity":"Severe-ish"}'

# -- dns_firewall_logs QueryTCP -> network.transport --
gp_dfw='"Timestamp":"2024-02-18T01:00:00Z","SourceIP":"192.0.2.1","QueryName":"example.com","QueryType":1'
gp_map "DNS firewall QueryTCP true -> tcp" dns_firewall_logs .network.transport '"tcp"' \
    "{$gp_dfw,\"QueryTCP\":true}"
gp_map "DNS firewall QueryTCP false -> udp" dns_firewall_logs .network.transport '"udp"' \
    "{$gp_dfw,\"QueryTCP\":false}"
gp_map "DNS firewall without QueryTCP: no transport" dns_firewall_logs .network.transport 'null' \
    "{$gp_dfw}"

# -- gateway_network SessionID, continents --
gp_map "Gateway network SessionID -> event.id, continents" gateway_network \
    '[.event.id,.source.geo.continent_code,.destination.geo.continent_code]' \
    '["5e55","EU","NA"]' \
    '{"Datetime":"2024-02-18T01:00:00Z","SessionID":"5e55","SourceIP":"192.0.2.1","SourceIPContinentCode":"eu","DestinationIP":"198.51.100.1","DestinationIPContinentCode":"NA","Action":"allow"}'
gp_map "Gateway DNS continent and query size" gateway_dns \
    '[.source.geo.continent_code,.source.bytes]' '["AS",52]' \
    '{"Datetime":"2024-02-18T01:00:00Z","QueryID":"q1","SrcIP":"192.0.2.1","SrcIPContinentCode":"AS","QuerySize":52,"QueryName":"example.com"}'

# -- zero_trust_network_sessions origin certificate issuer --
gp_map "ZT session origin certificate issuer -> tls.server.issuer" zero_trust_network_sessions \
    .tls.server.issuer '"CN=Example CA,O=Example,C=US"' \
    '{"SessionStartTime":"2024-02-18T01:00:00Z","SessionEndTime":"2024-02-18T01:01:00Z","SessionID":"s1","OriginTLSCertificateIssuer":"CN=Example CA,O=Example,C=US"}'

# -- warp_config_changes UserEmail --
gp_map "WARP config change UserEmail -> user.email, related.user" warp_config_changes \
    '[.user.email,.related.user]' '["dana@example.com",["dana@example.com"]]' \
    '{"Timestamp":"2024-02-18T01:00:00Z","DeviceID":"d1","AccountIDTo":"a2","UserEmail":"dana@example.com"}'

# -- audit_logs account --
gp_map "audit log OwnerID -> cloud.account.id" audit_logs .cloud.account.id '"0a1b"' \
    '{"When":"2024-02-18T01:00:00Z","ID":"e1","ActionType":"update","ActorEmail":"a@example.com","OwnerID":"0a1b"}'
gp_map "audit log Metadata.account_id first" audit_logs .cloud.account.id '"acc9"' \
    '{"When":"2024-02-18T01:00:00Z","ID":"e1","ActionType":"update","OwnerID":"0a1b","Metadata":{"account_id":"acc9"}}'

# -- http_requests ClientLatitude/ClientLongitude -> source.geo.location --
gp_hr='"EdgeStartTimestamp":1708218500071299503,"RayID":"r1","ClientRequestHost":"example.com"'
gp_map "client latitude and longitude -> source.geo.location" http_requests \
    .source.geo.location '{"lat":52.52,"lon":-13.405}' \
    "{$gp_hr,\"ClientLatitude\":\"52.52000\",\"ClientLongitude\":\"-13.405\"}"
contains "gaps: client location digits as in the record" "$gp/out" \
    '"location":{"lat":52.52000,"lon":-13.405}'
gp_map "client location as JSON numbers" http_requests \
    '.source.geo.location' '{"lat":-33.8715,"lon":151.2006}' \
    "{$gp_hr,\"ClientLatitude\":-33.8715,\"ClientLongitude\":151.2006}"
for gp_bad in '"91","0"' '"04.5","13.4"' '"1","-013"' '"1","-180.5"' '"","1"' '"1e3","1"' '"x","1"' '"1",null' '"-","1"' '"1.","2"'; do
	gp_map "client location rejected: $gp_bad" http_requests .source.geo.location null \
	    "{$gp_hr,\"ClientLatitude\":${gp_bad%%,*},\"ClientLongitude\":${gp_bad#*,}}"
done

# -- dex_application_tests postal codes and server city --
gp_map "DEX test postal codes, regions and server city" dex_application_tests \
    '[.source.geo.postal_code,.source.geo.region_iso_code,.destination.geo.city_name,.destination.geo.postal_code,.destination.geo.region_iso_code]' \
    '["97201","US-OR","San Jose","95113","US-CA"]' \
    "{$gp_dex,\"TestType\":\"http\",\"HTTPClientIPCountryISO\":\"US\",\"HTTPClientIPStateISO\":\"OR\",\"HTTPClientIPZip\":\"97201\",\"HTTPServerIPCity\":\"San Jose\",\"HTTPServerIPCountryISO\":\"US\",\"HTTPServerIPStateISO\":\"CA\",\"HTTPServerIPZip\":\"95113\"}"
