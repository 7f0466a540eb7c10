# Provenance: every event says where its record was read, log.file.path
# (the path as given, archive members as messages name them) and
# log.offset (where the record's line starts in the decompressed stream),
# checked against an independent reading of the same inputs in Python.
# Sourced by run.sh.

pv="$T/provenance"
mkdir -p "$pv/in"
# Records enough to cross the reader's 128 KB blocks, each with its own
# RayID; blank lines, CRLF lines and a byte order mark among them.
bench/gen -n 300 -s 11 > "$pv/a.ndjson"
bench/gen -n 300 -s 12 > "$pv/b.ndjson"
bench/gen -n 200 -s 13 > "$pv/c.ndjson"
{ printf '\357\273\277'; head -n 50 "$pv/a.ndjson"; printf '\n  \n'
  sed -n '51,120p' "$pv/a.ndjson" | sed 's/$/\r/'; printf '\r\n\n'
  sed -n '121,300p' "$pv/a.ndjson"; } > "$pv/in/crlf.ndjson"
gzip -c "$pv/b.ndjson" > "$pv/in/b.log.gz"
# Two gzip members: one decompressed stream, offsets run on.
{ head -n 100 "$pv/c.ndjson" | gzip -c; tail -n 100 "$pv/c.ndjson" | gzip -c; } \
    > "$pv/in/multi.log.gz"
mkdir -p "$pv/t/logs" "$pv/u"
head -n 80 "$pv/b.ndjson" > "$pv/t/logs/one.ndjson"
tail -n 90 "$pv/c.ndjson" | gzip -c > "$pv/t/logs/two.log.gz"
(cd "$pv/t" && tar -cf "$pv/in/day.tar" logs/one.ndjson logs/two.log.gz)
# Nested: a tgz inside a tar, and a zip.
head -n 60 "$pv/c.ndjson" > "$pv/u/three.ndjson"
(cd "$pv/u" && tar -czf "$pv/u/inner.tgz" three.ndjson)
(cd "$pv/u" && tar -cf "$pv/in/outer.tar" inner.tgz)
(cd "$pv/t" && zip -q "$pv/in/z.zip" logs/one.ndjson logs/two.log.gz)

cat > "$pv/check.py" <<'EOF'
# Independent reading: decompress each input (gzip, tar, zip, nested),
# list each non-blank line's (path, offset, RayID) and compare with what
# cfecs wrote, event by event, in order.
import base64, gzip, hashlib, io, json, sys, tarfile, zipfile

def streams(data, name):
    """Yield (path, decompressed stream) for every log stream of data."""
    if data[:2] == b'\x1f\x8b':
        data = gzip.decompress(data)
    bio = io.BytesIO(data)
    if len(data) >= 512 and tarfile.is_tarfile(bio):
        with tarfile.open(fileobj=io.BytesIO(data)) as t:
            for m in t.getmembers():
                if m.isfile():
                    for p, s in streams(t.extractfile(m).read(), m.name):
                        yield (m.name if p is None else m.name + '(' + p + ')'), s
        return
    if data[:4] == b'PK\x03\x04':
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for m in z.namelist():
                if not m.endswith('/'):
                    for p, s in streams(z.read(m), m):
                        yield (m if p is None else m + '(' + p + ')'), s
        return
    yield None, data

def lines(stream):
    off = 0
    for raw in stream.split(b'\n'):
        line = raw[:-1] if raw.endswith(b'\r') else raw
        if off == 0 and line.startswith(b'\xef\xbb\xbf'):
            line = line[3:]
        if line.strip(b' \t\r'):
            yield off, line
        off += len(raw) + 1

mode, out = sys.argv[1], sys.argv[2]
files = sys.argv[3:]
want = []
for f in files:
    with open(f, 'rb') as fh:
        data = fh.read()
    for member, s in streams(data, f):
        path = f if member is None else f + '(' + member + ')'
        for off, line in lines(s):
            rec = json.loads(line)
            fp = base64.urlsafe_b64encode(
                hashlib.sha256(line).digest()[:16]).rstrip(b'=').decode()
            want.append((path, off, rec['RayID'], fp))
got = []
with open(out, 'rb') as fh:
    rows = [json.loads(l) for l in fh]
if mode == 'bulk':
    for action, ev in zip(rows[0::2], rows[1::2]):
        got.append((ev['log']['file']['path'], ev['log']['offset'],
                    ev['cloudflare']['RayID'], action['index']['_id']))
else:
    for ev in rows:
        got.append((ev['log']['file']['path'], ev['log']['offset'],
                    ev['cloudflare']['RayID'], None))
    want = [w[:3] + (None,) for w in want]
if got != want:
    n = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b),
             min(len(got), len(want)))
    print('%d events, %d lines; first difference at %d: %r != %r' % (
        len(got), len(want), n, got[n] if n < len(got) else None,
        want[n] if n < len(want) else None))
    sys.exit(1)
print(len(got))
EOF

pv_in="$pv/in/crlf.ndjson $pv/in/b.log.gz $pv/in/multi.log.gz $pv/in/day.tar $pv/in/outer.tar $pv/in/z.zip"
# shellcheck disable=SC2086
$CFECS -j 1 $pv_in > "$pv/j1.out"
# shellcheck disable=SC2086
$CFECS -j 2 $pv_in > "$pv/j2.out"
same "provenance: -j 1 and -j 2 write the same bytes" "$pv/j1.out" "$pv/j2.out"
if pv_n=$(python3 "$pv/check.py" plain "$pv/j1.out" $pv_in 2>&1); then
	[ "$pv_n" -gt 1000 ] && ok "provenance: log.file.path and log.offset of every event match an independent reading (gzip, multi-member, tar, nested tgz, zip, CRLF, BOM; $pv_n events)" ||
	    bad "provenance: enough events" "$pv_n"
else
	bad "provenance: log.file.path and log.offset match an independent reading" "$pv_n"
fi
# The offset leads back to the record: the line at it has the same RayID.
pv_off=$(sed -n 77p "$pv/j1.out" | jq -r '.log.offset')
pv_ray=$(sed -n 77p "$pv/j1.out" | jq -r '.cloudflare.RayID')
tail -c +$((pv_off + 1)) "$pv/in/crlf.ndjson" | head -n 1 | tr -d '\r' > "$pv/line77"
contains "provenance: tail -c +OFFSET+1 | head -n 1 is the record" "$pv/line77" "\"RayID\":\"$pv_ray\""

# --bulk: the _id is the fingerprint of the line, not of where it was read.
# shellcheck disable=SC2086
$CFECS --bulk 'cf-%Y' $pv_in > "$pv/bulk.out"
if pv_n=$(python3 "$pv/check.py" bulk "$pv/bulk.out" $pv_in 2>&1); then
	ok "provenance: --bulk _id is the SHA-256 fingerprint of the line alone"
else
	bad "provenance: --bulk _id is the SHA-256 fingerprint of the line alone" "$pv_n"
fi
# shellcheck disable=SC2086
$CFECS --bulk 'cf-%Y' --no-provenance $pv_in | awk 'NR % 2 == 1' > "$pv/bulk.np"
awk 'NR % 2 == 1' "$pv/bulk.out" > "$pv/bulk.p"
same "provenance: --bulk action lines the same without it" "$pv/bulk.p" "$pv/bulk.np"

# Standard input has no path: log.offset only.
tail -n 5 "$pv/a.ndjson" | $CFECS | jq -c '.log' > "$pv/stdin.log"
printf '%s\n' '{"offset":0}' > "$pv/stdin.want"
head -n 1 "$pv/stdin.log" > "$pv/stdin.got"
same "provenance: standard input, no log.file.path" "$pv/stdin.got" "$pv/stdin.want"

# --no-provenance, -f and --exclude.
$CFECS --no-provenance "$pv/in/b.log.gz" > "$pv/np.out"
if grep -q '"log":' "$pv/np.out"; then
	bad "--no-provenance: no log.* fields" "$(grep -o '"log":{[^}]*}}*' "$pv/np.out" | head -n 1)"
else
	ok "--no-provenance: no log.* fields"
fi
$CFECS "$pv/in/b.log.gz" | jq -c 'del(.log)' > "$pv/del.out"
jq -c . "$pv/np.out" > "$pv/np.jq"
same "--no-provenance: otherwise the same events" "$pv/np.jq" "$pv/del.out"
$CFECS -f log.offset,event.id "$pv/in/b.log.gz" | head -n 1 > "$pv/f.out"
printf '%s\n' '{"event":{"id":"'"$(head -n 1 "$pv/b.ndjson" | jq -r .RayID)"'"},"log":{"offset":0}}' > "$pv/f.want"
same "provenance: -f log.offset selects it" "$pv/f.out" "$pv/f.want"
$CFECS --exclude log.file "$pv/in/b.log.gz" | head -n 2 | jq -c .log > "$pv/x.out"
printf '%s\n' "{\"offset\":0}" "{\"offset\":$(head -n 1 "$pv/b.ndjson" | wc -c)}" > "$pv/x.want"
same "provenance: --exclude log.file leaves log.offset" "$pv/x.out" "$pv/x.want"
# --check accepts both fields (log.offset is Filebeat's, not ECS's).
# shellcheck disable=SC2086
status_is "provenance: --check accepts log.file.path and log.offset" 0 \
    $CFECS --check $pv_in

# A record's file is named right in every batch, not only in the first
# (a batch is reused: the file's name must be written into it again).
{ bench/gen -n 2000 -s 5; echo '{bad'; } > "$pv/badtail.ndjson"
for pv_j in 1 2; do
	$CFECS -j $pv_j "$pv/badtail.ndjson" 2> "$pv/badtail.err" | tail -n 1 |
	    jq -r .log.file.path > "$pv/badtail.path" || true
	contains "a message about a record of a later batch names its file (-j $pv_j)" \
	    "$pv/badtail.err" "cfecs: $pv/badtail.ndjson:2001: invalid JSON at byte 2"
	contains "log.file.path of a record of a later batch (-j $pv_j)" \
	    "$pv/badtail.path" "$pv/badtail.ndjson"
done

# The README's retro-hunt example, run as written on the dump it shows.
pv_rh="$pv/rh"
mkdir -p "$pv_rh/dump/http_requests/20240217" "$pv_rh/old/http_requests"
pv_s="$TOP/samples/http_requests.ndjson"
head -n 3 "$pv_s" | gzip -n > "$pv_rh/dump/http_requests/20240217/20240217T235000Z_20240217T235500Z_1a2b3c4d.log.gz"
sed -n 4,8p "$pv_s" | gzip -n > "$pv_rh/dump/http_requests/20240217/20240217T235500Z_20240218T000000Z_5e6f7a8b.log.gz"
head -n 2 "$pv_s" | gzip -n > "$pv_rh/old/http_requests/part-0.log.gz"
sed -n 3p "$pv_s" | gzip -n > "$pv_rh/old/http_requests/part-1.log.gz"
(cd "$pv_rh/old" && tar -cf ../dump/2024-01.tar http_requests)
echo 198.51.100.77 > "$pv_rh/bad-ips.txt"
sed -n '/^    \$ cfecs -r --ioc bad-ips.txt/,/^$/p' README.md | sed -n 's/^    {/{/p' > "$pv_rh/shown"
sed -n '/^    \$ cfecs -r --ioc bad-ips.txt/s/^    \$ //p' README.md > "$pv_rh/show.sh"
sed -n '/^    cfecs -r --ioc bad-ips.txt --alerts dump\/ |$/,/| sh$/p' README.md |
    sed 's/^    //' > "$pv_rh/pull.sh"
pv_path="$(dirname "$CFECS_BIN"):$PATH"
(cd "$pv_rh" && PATH="$pv_path" sh show.sh) > "$pv_rh/show.out"
same "README retro-hunt: the alerts and their provenance as shown" "$pv_rh/show.out" "$pv_rh/shown"
(cd "$pv_rh" && PATH="$pv_path" sh pull.sh) > "$pv_rh/pulled"
{ sed -n 3p "$pv_s"; sed -n 3p "$pv_s"; } > "$pv_rh/want"
same "README retro-hunt: the jq line pulls the original records" "$pv_rh/pulled" "$pv_rh/want"
