#!/usr/bin/python3
"""Compare ECS outputs as multisets of events, ignoring only the fields that
name the file an event came from (log.file.*, log.offset): those name a
temporary path or the object's key depending on who read it.

events.py canon [FILE...]      canonical lines (sorted keys) of every event,
                               gzip read transparently, '-' for stdin
events.py per-object CFECS DUMP OUT KEYS
                               for each key in the file KEYS: the events of
                               OUT/KEY.ecs.ndjson.gz equal those of cfecs
                               run on DUMP/KEY (as multisets); prints one
                               line per mismatch, exit 1 if any
"""

import collections
import gzip
import json
import subprocess
import sys


def strip_file_fields(ev):
    log = ev.get("log")
    if isinstance(log, dict):
        log.pop("file", None)
        log.pop("offset", None)
        if not log:
            del ev["log"]
    for k in [k for k in ev if k.startswith("log.file.") or k == "log.offset"]:
        del ev[k]
    return ev


def canon_lines(data):
    out = []
    for line in data.splitlines():
        ev = json.loads(line)
        out.append(json.dumps(strip_file_fields(ev), sort_keys=True,
                              separators=(",", ":"), ensure_ascii=False))
    return out


def read(path):
    data = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def canon(paths):
    w = sys.stdout.write
    for p in paths or ["-"]:
        for line in canon_lines(read(p)):
            w(line + "\n")
    return 0


def per_object(cfecs, dump, out, keys_file):
    bad = 0
    keys = [k for k in open(keys_file).read().splitlines() if k]
    for key in keys:
        want = subprocess.run([cfecs, "-q", "--", key], cwd=dump,
                              capture_output=True)
        got = read(f"{out}/{key}.ecs.ndjson.gz")
        a = collections.Counter(canon_lines(got))
        b = collections.Counter(canon_lines(want.stdout))
        if want.returncode != 0 or a != b or not b:
            bad += 1
            print(f"{key}: {sum(a.values())} events written, "
                  f"{sum(b.values())} from cfecs (exit {want.returncode})")
    print(f"{len(keys) - bad} of {len(keys)} objects match")
    return 1 if bad else 0


def main():
    if sys.argv[1] == "canon":
        return canon(sys.argv[2:])
    if sys.argv[1] == "per-object":
        return per_object(*sys.argv[2:6])
    sys.exit(f"events.py: unknown command {sys.argv[1]}")


if __name__ == "__main__":
    sys.exit(main())
