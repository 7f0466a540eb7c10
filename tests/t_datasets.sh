# Every Logpush dataset: each sample converts to valid ECS (checked with
# tests/ecs_check.sh, which must itself reject bad events), detection
# finds each record's own dataset, also in a shuffled mix of all samples,
# and the dataset list and field lists are complete.
#
# Sourced by tests/run.sh, which provides ok, bad, $CFECS, $T and $TOP.
# Variables and functions here start with ds_ so that they do not clash
# with the runner's.
set -eu
LC_ALL=C
export LC_ALL

ds_check=$TOP/tests/ecs_check.sh

# -- every sample converts, and every line passes the ECS validator --
for ds_s in "$TOP"/samples/*.ndjson; do
	ds_b=$(basename "$ds_s" .ndjson)
	ds_out=$T/ds_$ds_b.ecs
	if ! $CFECS "$ds_s" > "$ds_out" 2> "$T/ds_$ds_b.err"; then
		bad "ecs valid: $ds_b" "cfecs failed: $(head -c 300 "$T/ds_$ds_b.err")"
	elif [ "$(wc -l < "$ds_out")" -ne "$(wc -l < "$ds_s")" ]; then
		bad "ecs valid: $ds_b" "$(wc -l < "$ds_out") events for $(wc -l < "$ds_s") records"
	elif sh "$ds_check" "$ds_out" > "$T/ds_$ds_b.chk" 2>&1; then
		ok "ecs valid: $ds_b"
	else
		bad "ecs valid: $ds_b" "$(head -n 5 "$T/ds_$ds_b.chk")"
	fi
done

# -- the validator accepts a valid event and rejects invalid ones --

# ds_verdict NAME WANT JSON [FIELD]: WANT is 0 (accept) or 1 (reject); a
# rejection must name FIELD in its message.
ds_verdict() {
	printf '%s\n' "$3" > "$T/ds_probe.ndjson"
	if sh "$ds_check" "$T/ds_probe.ndjson" > "$T/ds_probe.out" 2>&1; then
		ds_rc=0
	else
		ds_rc=$?
	fi
	if [ "$ds_rc" -ne "$2" ]; then
		bad "ecs_check: $1" "exit $ds_rc, expected $2: $(head -n 3 "$T/ds_probe.out")"
	elif [ "$2" -eq 1 ] &&
	    ! grep -qF "ds_probe.ndjson:1: ${4:-}" "$T/ds_probe.out"; then
		bad "ecs_check: $1" "no problem reported for ${4:-}: $(head -n 3 "$T/ds_probe.out")"
	else
		ok "ecs_check: $1"
	fi
}

ds_verdict "accepts a valid event" 0 \
    '{"@timestamp":"2024-02-18T01:02:03.456789Z","event":{"kind":"event","category":["network","web"],"type":["allowed"],"outcome":"success","duration":5},"source":{"ip":"2001:db8::1","port":443,"geo":{"location":{"lat":1.5,"lon":-2}}},"related":{"ip":"192.0.2.1"},"host":{"cpu":{"usage":0.25}},"cloudflare":{"Anything":[1,{"x":null}],"Big":"1708213921123456789"}}'
ds_verdict "rejects an invented field" 1 \
    '{"event":{"kind":"event","invented_field":"x"}}' event.invented_field
ds_verdict "rejects a string in a long" 1 \
    '{"source":{"port":"80"}}' source.port
ds_verdict "rejects a bad IP" 1 \
    '{"source":{"ip":"192.0.2.300"}}' source.ip
ds_verdict "rejects a bad category" 1 \
    '{"event":{"kind":"event","category":["webz"]}}' event.category
ds_verdict "rejects a bad outcome" 1 \
    '{"event":{"outcome":"denied"}}' event.outcome
ds_verdict "rejects an array in a scalar field" 1 \
    '{"source":{"ip":["192.0.2.1"]}}' source.ip
ds_verdict "rejects a date that is not RFC 3339 UTC" 1 \
    '{"@timestamp":"2024-02-18 01:02:03+01:00"}' @timestamp
ds_verdict "rejects a line that is not JSON" 1 \
    '{"event":' -

# -- detection: each sample is its own dataset, line by line --
for ds_s in "$TOP"/samples/*.ndjson; do
	ds_b=$(basename "$ds_s" .ndjson)
	ds_want=${ds_b%.account}
	# Standard input: no path can hint at the dataset.
	if $CFECS < "$ds_s" 2> /dev/null |
	    jq -r '.event.dataset // "none"' > "$T/ds_det.out" 2>&1 &&
	    [ "$(grep -cxF "$ds_want" "$T/ds_det.out" || true)" -eq "$(wc -l < "$ds_s")" ] &&
	    [ "$(wc -l < "$T/ds_det.out")" -eq "$(wc -l < "$ds_s")" ]; then
		ok "detect: $ds_b"
	else
		bad "detect: $ds_b" "got $(sort "$T/ds_det.out" | uniq -c | tr '\n' ' ')"
	fi
done
for ds_b in firewall_events.account websocket_analytics.account; do
	if $CFECS -d "$ds_b" "$TOP/samples/$ds_b.ndjson" > "$T/ds_d.out" 2> "$T/ds_d.err" &&
	    [ "$(grep -c "\"dataset\":\"${ds_b%.account}\"" "$T/ds_d.out" || true)" -eq \
	    "$(wc -l < "$TOP/samples/$ds_b.ndjson")" ]; then
		ok "-d $ds_b"
	else
		bad "-d $ds_b" "$(head -c 300 "$T/ds_d.err")"
	fi
done

# -- a shuffled mix of every sample converts as each file does with -d --
cat "$TOP"/samples/*.ndjson |
    awk '{ printf "%d %s\n", (NR * 7919) % 10007, $0 }' |
    sort -n -k1,1 | sed 's/^[0-9]* //' > "$T/ds_mix.ndjson"
: > "$T/ds_each.out"
ds_err=
for ds_s in "$TOP"/samples/*.ndjson; do
	ds_b=$(basename "$ds_s" .ndjson)
	$CFECS --no-provenance -d "$ds_b" "$ds_s" >> "$T/ds_each.out" 2>> "$T/ds_each.err" ||
	    ds_err="$ds_err $ds_b"
done
if [ -n "$ds_err" ]; then
	bad "shuffled mix" "cfecs -d failed for$ds_err"
elif ! $CFECS --no-provenance "$T/ds_mix.ndjson" > "$T/ds_mix.out" 2> "$T/ds_mix.err"; then
	bad "shuffled mix" "cfecs failed: $(head -c 300 "$T/ds_mix.err")"
else
	sort "$T/ds_mix.out" > "$T/ds_mix.sorted"
	sort "$T/ds_each.out" > "$T/ds_each.sorted"
	if cmp -s "$T/ds_mix.sorted" "$T/ds_each.sorted"; then
		ok "shuffled mix"
	else
		bad "shuffled mix" "$(diff "$T/ds_each.sorted" "$T/ds_mix.sorted" | head -n 4 | cut -c 1-300)"
	fi
fi

# -- the dataset list: 39 tables, each with a sample --
if $CFECS --list-datasets > "$T/ds_list.out" 2>&1 &&
    [ "$(wc -l < "$T/ds_list.out")" -eq 39 ]; then
	ok "--list-datasets: 39 tables"
else
	bad "--list-datasets: 39 tables" "$(wc -l < "$T/ds_list.out") lines"
fi
ds_missing=
while IFS='	' read -r ds_name ds_scope; do
	if [ -r "$TOP/samples/$ds_name.ndjson" ] ||
	    [ -r "$TOP/samples/$ds_name.$ds_scope.ndjson" ]; then
		:
	else
		ds_missing="$ds_missing $ds_name.$ds_scope"
	fi
done < "$T/ds_list.out"
if [ -z "$ds_missing" ]; then
	ok "--list-datasets: every table has a sample"
else
	bad "--list-datasets: every table has a sample" "no sample for$ds_missing"
fi

# -- --print-fields: the documented field list (logpush-fields/gateway_dns.tsv) --
ds_want=AccountID,ApplicationID,ApplicationName,AppliedMaxTTL,\
AuthoritativeNameServerIPs,CNAMECategoryIDs,CNAMECategoryNames,CNAMEs,\
CNAMEsReversed,ColoCode,ColoID,CustomResolveDurationMs,CustomResolverAddress,\
CustomResolverPolicyID,CustomResolverPolicyName,CustomResolverResponse,\
Datetime,DeviceID,DeviceName,DoHSubdomain,DoTSubdomain,DstIP,DstPort,\
EDEErrors,Email,InitialCategoryIDs,InitialCategoryNames,InitialResolvedIPs,\
InternalDNSDurationMs,InternalDNSFallbackStrategy,InternalDNSRCode,\
InternalDNSViewID,InternalDNSZoneID,IsResponseCached,Location,LocationID,\
MatchedCategoryIDs,MatchedCategoryNames,MatchedIndicatorFeedIDs,\
MatchedIndicatorFeedNames,Policy,PolicyID,PolicyName,Protocol,\
QueryApplicationIDs,QueryApplicationNames,QueryCategoryIDs,\
QueryCategoryNames,QueryID,QueryIndicatorFeedIDs,QueryIndicatorFeedNames,\
QueryName,QueryNameReversed,QuerySize,QueryType,QueryTypeName,RCode,RData,\
RedirectTargetURI,RegistrationID,RequestContextCategoryIDs,\
RequestContextCategoryNames,ResolvedIPCategoryIDs,ResolvedIPCategoryNames,\
ResolvedIPContinentCodes,ResolvedIPCountryCodes,ResolvedIPs,\
ResolverDecision,ResolverPolicyID,ResolverPolicyName,ResourceRecords,\
ResourceRecordsJSON,ResponseTimeMs,SrcIP,SrcIPContinentCode,\
SrcIPCountryCode,SrcPort,TenantID,TimeZone,TimeZoneInferredMethod,\
UpstreamRecordTTLs,UserID
if $CFECS --print-fields gateway_dns > "$T/ds_fields.out" 2>&1 &&
    [ "$(cat "$T/ds_fields.out")" = "$ds_want" ]; then
	ok "--print-fields gateway_dns"
else
	bad "--print-fields gateway_dns" "$(head -c 300 "$T/ds_fields.out")"
fi
