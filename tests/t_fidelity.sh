# Mappings both SIEM references (Sekoia, Elastic) make, checked on records
# written here.  Sourced by run.sh; names start fd_.

fd=$T/fidelity
mkdir -p "$fd"

# fd_map NAME DATASET JQ WANT RECORD: convert RECORD as DATASET; jq -c JQ
# on the event must print WANT, and --check must accept the event.
fd_map() {
	printf '%s\n' "$5" > "$fd/in.ndjson"
	if ! $CFECS -d "$2" --no-passthrough "$fd/in.ndjson" > "$fd/out" 2> "$fd/err"; then
		bad "fidelity: $1" "cfecs failed: $(head -c 300 "$fd/err")"
		return
	fi
	fd_got=$(jq -c "$3" "$fd/out" 2>&1)
	if [ "$fd_got" != "$4" ]; then
		bad "fidelity: $1" "got $fd_got, want $4"
	elif ! $CFECS -q -d "$2" --check "$fd/in.ndjson" 2> "$fd/check"; then
		bad "fidelity: $1" "not valid ECS: $(cat "$fd/check")"
	else
		ok "fidelity: $1"
	fi
}

# -- access_requests: the user's address is the client and the source --
fd_ar='[.client.ip,.client.address,.source.ip,.source.address,.related.ip]'
fd_map "access request IPAddress -> client.ip and source.ip" access_requests \
    "$fd_ar" '["198.51.100.7","198.51.100.7","198.51.100.7","198.51.100.7",["198.51.100.7"]]' \
    '{"CreatedAt":"2024-02-18T01:00:00Z","Action":"login","Allowed":true,"IPAddress":"198.51.100.7","Email":"a@example.com","RayID":"81a1"}'
fd_map "access request IPv4-mapped IPAddress unwrapped in both" access_requests \
    "$fd_ar" '["203.0.113.9","203.0.113.9","203.0.113.9","203.0.113.9",["203.0.113.9"]]' \
    '{"CreatedAt":"2024-02-18T01:00:00Z","Action":"login","Allowed":true,"IPAddress":"::ffff:203.0.113.9"}'
fd_map "access request without IPAddress: no client" access_requests \
    '[.client,.source.ip]' '[null,null]' \
    '{"CreatedAt":"2024-02-18T01:00:00Z","Action":"logout","Allowed":true,"Email":"a@example.com"}'

# -- dex_device_state_events: every address of the device is kept --
fd_dex='"Timestamp":"2024-02-18T01:00:00Z","DeviceID":"d1","AccountID":"a1"'
fd_map "DEX device with IPv4 and IPv6, private and public: all in host.ip" \
    dex_device_state_events '[.host.ip,.source.ip,.source.as.number]' \
    '[["192.168.1.23","fd00:1::23","198.51.100.23","2001:db8:4a2f::23"],"198.51.100.23",64496]' \
    "{$fd_dex,\"DeviceIPv4Address\":\"192.168.1.23\",\"DeviceIPv6Address\":\"fd00:1::23\",\"ISPIPv4Address\":\"198.51.100.23\",\"ISPIPv6Address\":\"2001:db8:4a2f::23\",\"ISPIPv4ASN\":64496,\"ISPIPv6ASN\":64497}"
fd_map "DEX device public IPv6 only: source.ip and host.ip" \
    dex_device_state_events '[.host.ip,.source.ip]' \
    '[["2001:db8:4a2f::23"],"2001:db8:4a2f::23"]' \
    "{$fd_dex,\"ISPIPv6Address\":\"2001:db8:4a2f::23\"}"
fd_map "DEX device same address twice: listed once" \
    dex_device_state_events '[.host.ip,.related.ip]' \
    '[["198.51.100.23"],["198.51.100.23"]]' \
    "{$fd_dex,\"DeviceIPv4Address\":\"198.51.100.23\",\"ISPIPv4Address\":\"198.51.100.23\"}"
