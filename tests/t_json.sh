# Passthrough fidelity: cloudflare.* is the record, value for value.
# (sourced by tests/run.sh)
j="$T/json"
mkdir -p "$j"

# cf FILE: the cloudflare object of each event, one a line.
cf() {
	sed -n 's/.*"cloudflare":\({.*}\)}$/\1/p' "$1" | sed 's/,"related":.*//'
}

# Short tokens: the copy made for the parser never outgrows the line.
printf '%s\n' '{"k":[0,0,0,0]}' > "$j/short.ndjson"
printf '%s\n' '{"RayID":"r","x":[1,2,3,4,5,6,7,8,9]}' >> "$j/short.ndjson"
printf '%s\n' '{"a":"","b":"c","d":[1,"",2,"e",3]}' >> "$j/short.ndjson"
$CFECS -q --keep-empty "$j/short.ndjson" > "$j/short.out" 2>&1 || true
contains "an array of one-digit numbers keeps its key" "$j/short.out" \
    '"cloudflare":{"k":[0,0,0,0]}'
contains "one-character strings and numbers: no key gained or lost" \
    "$j/short.out" '"cloudflare":{"RayID":"r","x":[1,2,3,4,5,6,7,8,9]}'
contains "one-character strings and numbers: the known field is mapped" \
    "$j/short.out" '"http":{"request":{"id":"r"}}'
contains "empty and one-character strings kept" "$j/short.out" \
    '"cloudflare":{"a":"","b":"c","d":[1,"",2,"e",3]}'

/usr/bin/python3 -c 'print("{\"a\":[" + ",".join(["0"] * 200000) + "]}")' \
    > "$j/zeros.ndjson"
status_is "a line of 200,000 zeros: converted, no crash" 0 \
    $CFECS -q "$j/zeros.ndjson"
$CFECS -q "$j/zeros.ndjson" > "$j/zeros.out" 2>/dev/null || true
cf "$j/zeros.out" > "$j/zeros.cf"
printf '%s\n' "$(cut -c1- "$j/zeros.ndjson")" > "$j/zeros.want"
same "a line of 200,000 zeros: the array comes back whole" \
    "$j/zeros.cf" "$j/zeros.want"

# \u0000 and lone surrogates.
printf '%s\n' '{"ClientRequestURI":"/ok\u0000nul","ClientIP":"192.0.2.1","EdgeStartTimestamp":1708214400000000000,"RayID":"r1","ClientRequestHost":"a\ud800b.example"}' > "$j/nul.ndjson"
status_is "a lone surrogate escape does not reject the record" 0 \
    $CFECS -q "$j/nul.ndjson"
$CFECS -q "$j/nul.ndjson" > "$j/nul.out" 2>&1 || true
contains "\\u0000 kept in url.original" "$j/nul.out" \
    '"original":"/ok\u0000nul"'
contains "\\u0000 kept in cloudflare.*" "$j/nul.out" \
    '"ClientRequestURI":"/ok\u0000nul"'
contains "a lone surrogate is U+FFFD in ECS fields" "$j/nul.out" \
    "$(printf '"domain":"a\357\277\275b.example"')"
contains "a lone surrogate is U+FFFD in cloudflare.*" "$j/nul.out" \
    "$(printf '"ClientRequestHost":"a\357\277\275b.example"')"
if jq -e . "$j/nul.out" > /dev/null 2>&1; then ok "\\u0000 and surrogates: jq reads the event"
else bad "\\u0000 and surrogates: jq reads the event" "jq refuses it"; fi

# 4-byte UTF-8, raw and as surrogate pair escapes, through the writer.
printf '{"a":"\360\237\230\200","b":"\\ud83d\\ude00","c":"\364\220\200\200","d":"\355\240\200","e":"\360\237\230"}\n' > "$j/utf8.ndjson"
$CFECS -q "$j/utf8.ndjson" > "$j/utf8.out" 2>/dev/null || true
contains "4-byte UTF-8 and a surrogate pair escape are the same character" \
    "$j/utf8.out" "$(printf '"a":"\360\237\230\200","b":"\360\237\230\200"')"
contains "bytes above U+10FFFF, raw surrogates, a cut 4-byte form: U+FFFD" \
    "$j/utf8.out" "$(printf '"c":"\357\277\275\357\277\275\357\277\275\357\277\275","d":"\357\277\275\357\277\275\357\277\275","e":"\357\277\275\357\277\275\357\277\275"')"
if iconv -f UTF-8 -t UTF-8 "$j/utf8.out" > /dev/null 2>&1; then ok "4-byte UTF-8: output is valid UTF-8"
else bad "4-byte UTF-8: output is valid UTF-8" "iconv refuses it"; fi

# Numbers of any length are read from their text.
printf '{"a":%s,"b":%s}\n' "$(printf '1%.0s' $(seq 100))" "-12345678901234567890.5e-300" > "$j/num.ndjson"
$CFECS -q "$j/num.ndjson" > "$j/num.out" 2>/dev/null || true
contains "a 100-digit integer is kept, as a string" "$j/num.out" \
    "\"a\":\"$(printf '1%.0s' $(seq 100))\""
contains "a long fraction is kept as written" "$j/num.out" \
    '"b":-12345678901234567890.5e-300'

# The invariant: cloudflare.* equals Python's parse of the record, value
# for value, over thousands of random records (tests/passthrough_diff.py).
seed=${CFECS_DIFF_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
/usr/bin/python3 tests/passthrough_diff.py gen "$seed" 3000 > "$j/diff.ndjson"
for jobs in 1 3; do
	if $CFECS -q --keep-empty -j $jobs "$j/diff.ndjson" > "$j/diff.$jobs.out" &&
	    /usr/bin/python3 tests/passthrough_diff.py check "$j/diff.ndjson" \
	    "$j/diff.$jobs.out" > "$j/diff.$jobs.log"; then
		ok "3,000 random records, -j $jobs: cloudflare.* equals Python's parse"
	else
		bad "3,000 random records, -j $jobs: cloudflare.* equals Python's parse" \
		    "seed $seed (CFECS_DIFF_SEED=$seed to repeat): $(head -c 600 "$j/diff.$jobs.log")"
	fi
done
