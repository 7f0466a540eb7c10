#!/usr/bin/env python3
"""The worked examples of the correlation rules in tests/rules/corr, one
address per case; prints the records, and with 'expect' the (rule,
address) pairs that must fire."""
import json
import sys

NS = 10**9
# An aligned 5-minute boundary: 2024-02-18T00:00:00Z.
B = 1708214400 * NS
out = []
expect = set()


def rec(ip, t, method="GET", uri="/", status=200, ua="Mozilla/5.0"):
    out.append({"RayID": "%x" % len(out), "EdgeStartTimestamp": t,
                "ClientIP": ip, "ClientRequestMethod": method,
                "ClientRequestURI": uri, "ClientRequestHost": "shop.example",
                "EdgeResponseStatus": status, "ClientRequestUserAgent": ua})


def failed(ip, n, span_s, start=B):
    for i in range(n):
        rec(ip, start + i * span_s * NS // n + 123, "POST", "/login", 401 + 2 * (i % 2))


failed("192.0.2.1", 25, 180)                        # 25 in 3 minutes: fires
expect.add(("c-brute-force", "192.0.2.1"))
failed("192.0.2.2", 19, 180)                        # 19: does not
failed("192.0.2.3", 25, 25 * 60)                    # 25 in 25 minutes: does not
failed("192.0.2.4", 22, 200, B - 100 * NS)          # 22 in 200 s across 00:00: fires
expect.add(("c-brute-force", "192.0.2.4"))

for i in range(60):                                 # 60 paths in 8 minutes
    rec("192.0.2.5", B + i * 8 * NS, uri="/x%d" % i, status=404)
expect.add(("c-path-scan", "192.0.2.5"))
for i in range(80):                                 # 80 requests, 10 paths
    rec("192.0.2.6", B + i * 5 * NS, uri="/y%d" % (i % 10), status=404)
for i in range(55):                                 # 55 paths in 30 minutes
    rec("192.0.2.7", B + i * 33 * NS, uri="/z%d" % i, status=404)

SQLMAP = "sqlmap/1.7.2#stable (https://sqlmap.org)"
rec("192.0.2.8", B, uri="/item?id=1%27", ua=SQLMAP)        # tool, then admin
rec("192.0.2.8", B + 6 * 60 * NS, uri="/wp-admin/")
expect.add(("c-inject-admin-any", "192.0.2.8"))
expect.add(("c-inject-then-admin", "192.0.2.8"))
rec("192.0.2.9", B + 6 * 60 * NS, uri="/item?id=1%27", ua=SQLMAP)  # admin first
rec("192.0.2.9", B, uri="/wp-admin/")
expect.add(("c-inject-admin-any", "192.0.2.9"))
rec("192.0.2.10", B, uri="/item?id=1%27", ua=SQLMAP)       # 15 minutes apart
rec("192.0.2.10", B + 15 * 60 * NS, uri="/wp-admin/")

failed("192.0.2.11", 30, 120)                       # brute force, then a login
rec("192.0.2.11", B + 10 * 60 * NS, "POST", "/login", 200)
expect.add(("c-brute-force", "192.0.2.11"))
expect.add(("c-brute-then-login", "192.0.2.11"))

if len(sys.argv) > 1 and sys.argv[1] == "expect":
    for r, ip in sorted(expect):
        print(r, ip)
else:
    for r in out:
        print(json.dumps(r, separators=(",", ":")))
