#!/usr/bin/python3
"""Write a Logpush bucket dump for the scale tests.

gendump.py DIR GEN SAMPLES: under DIR/logs/, 8 datasets x 5 days x 5
objects (gzipped NDJSON, Logpush's names), an ownership-challenge file,
and one more object whose gzip stream is damaged; prints that object's
key.  http_requests objects come from GEN (bench/gen,
seeded per object); the others draw lines of SAMPLES/<dataset>.ndjson at
random (seeded); gateway_dns objects also carry records whose dataset only
the path tells (their keys fit firewall_events better).  Deterministic.
"""

import gzip
import json
import os
import random
import subprocess
import sys

DATASETS = ("http_requests", "dns_logs", "firewall_events", "gateway_dns",
            "gateway_http", "access_requests", "audit_logs",
            "workers_trace_events")
DAYS = ("20240101", "20240102", "20240103", "20240104", "20240105")
PER_DAY = 5


def object_key(rng, ds, day, n):
    hh = 4 * n
    return (f"logs/{ds}/{day}/{day}T{hh:02d}0000Z_{day}T{hh:02d}0500Z_"
            f"{rng.getrandbits(32):08x}.log.gz")


def records(rng, gen, samples, ds, seed):
    if ds == "http_requests":
        out = subprocess.run([gen, "-n", str(rng.randint(20, 120)), "-s",
                              str(seed), "-t", "mixed"], check=True,
                             capture_output=True).stdout
        return out
    lines = [ln for ln in open(os.path.join(samples, ds + ".ndjson"), "rb")
             if ln.strip()]
    picked = [rng.choice(lines) for _ in range(rng.randint(5, 40))]
    if ds == "gateway_dns":
        for _ in range(rng.randint(1, 5)):
            picked.append(json.dumps({
                "Datetime": f"2024-01-0{rng.randint(1, 5)}T"
                            f"{rng.randint(0, 23):02d}:00:00Z",
                "SrcIP": f"192.0.2.{rng.randint(1, 254)}",
                "ClientIP": f"198.51.100.{rng.randint(1, 254)}"}
            ).encode() + b"\n")
    return b"".join(picked)


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def main():
    top, gen, samples = sys.argv[1:4]
    rng = random.Random(18)
    seed = 100
    for ds in DATASETS:
        for day in DAYS:
            for n in range(PER_DAY):
                seed += 1
                body = records(rng, gen, samples, ds, seed)
                write(os.path.join(top, object_key(rng, ds, day, n)),
                      gzip.compress(body, mtime=0))
    write(os.path.join(top, "logs/ownership-challenge-5e1f0a2b.txt"),
          b"5e1f0a2b9c\n")
    # A damaged object: bytes in the middle of the deflate stream changed.
    body = records(rng, gen, samples, "http_requests", 7)
    data = bytearray(gzip.compress(body, mtime=0))
    for i in range(len(data) // 2, len(data) // 2 + 16):
        data[i] ^= 0x5a
    key = "logs/http_requests/20240103/20240103T120000Z_20240103T120500Z_damaged0.log.gz"
    write(os.path.join(top, key), bytes(data))
    print(key)


if __name__ == "__main__":
    main()
