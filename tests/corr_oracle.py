#!/usr/bin/env python3
"""Brute-force evaluation of the correlation rules of tests/rules/corr,
independent of cfecs: the base rules are Python predicates over the
Logpush records, and every window is counted from scratch.

  corr_oracle.py gen SEED N      random http_requests records on stdout
  corr_oracle.py check IN OUT    compare cfecs's correlation alerts in OUT
                                 with those computed from the records IN

Semantics (as documented in cfecs(1)): the facts of a correlation are
the events that matched one of its rules and carry the group-by value,
sorted by (@timestamp, fingerprint, rule); a window starts at each fact
and holds the facts up to (not including) timespan later; the condition
holds when it holds for some window; overlapping windows that hold make
one alert, from the first fact to the last of the windows.
"""
import base64
import hashlib
import json
import random
import sys

NS = 10**9
MIN = 60 * NS


def path_of(r):
    return r["ClientRequestURI"].split("?", 1)[0]


def failed_login(r):
    return (r["ClientRequestMethod"].lower() == "post" and
            path_of(r).lower() == "/login" and
            r["EdgeResponseStatus"] in (401, 403))


def login_ok(r):
    return (r["ClientRequestMethod"].lower() == "post" and
            path_of(r).lower() == "/login" and r["EdgeResponseStatus"] == 200)


def not_found(r):
    return r["EdgeResponseStatus"] == 404


def inject_ua(r):
    return "sqlmap" in r["ClientRequestUserAgent"].lower()


def admin_ok(r):
    return (path_of(r).lower().startswith("/wp-admin") and
            r["EdgeResponseStatus"] == 200)


# id, type, refs (predicates or correlation ids), span, (lo, hi), value, alerts
CORR = [
    ("c-brute-force", "event_count", [failed_login], 5 * MIN, (20, None), None, True),
    ("c-path-scan", "value_count", [not_found], 10 * MIN, (50, None), path_of, True),
    ("c-inject-admin-any", "temporal", [inject_ua, admin_ok], 10 * MIN, (2, 2), None, True),
    ("c-inject-then-admin", "temporal_ordered", [inject_ua, admin_ok], 10 * MIN, (2, 2), None, True),
    ("c-brute-then-login", "temporal_ordered", ["c-brute-force", login_ok], 30 * MIN, (2, 2), None, True),
]


def fp(line):
    return hashlib.sha256(line).digest()[:16]


def fp_text(d):
    return base64.urlsafe_b64encode(d).decode().rstrip("=")


def holds(lo, hi, n):
    return n >= lo and (hi is None or n <= hi)


def count(kind, facts, i, end, nref):
    w = facts[i:end]
    if kind == "event_count":
        return len(w)
    if kind == "value_count":
        return len({f[4] for f in w if f[4] is not None})
    if kind == "temporal":
        return len({f[2] for f in w})
    k = 0
    for f in w:                      # temporal_ordered: rules in order
        if k < nref and f[2] == k:
            k += 1
    return k


def incidents(kind, facts, span, lo, hi, nref):
    out = []
    cur = None
    last = None
    for i, f in enumerate(facts):
        end = i
        while end < len(facts) and facts[end][0] - f[0] < span:
            end += 1
        n = count(kind, facts, i, end, nref)
        if not holds(lo, hi, n):
            continue
        if cur is not None and f[0] - facts[last][0] < span:
            cur[1] = max(cur[1], end)
            cur[2] = max(cur[2], n)
        else:
            if cur is not None:
                out.append(cur)
            cur = [i, end, n]
        last = i
    if cur is not None:
        out.append(cur)
    return out


def evaluate(lines):
    recs = [(json.loads(l), fp(l)) for l in lines if l.strip()]
    done = {}
    alerts = []
    for cid, kind, refs, span, (lo, hi), value, _ in CORR:
        groups = {}
        for k, ref in enumerate(refs):
            if isinstance(ref, str):
                for a in done[ref]:
                    groups.setdefault(a["ip"], []).append(
                        (a["end"], a["last"], k, None, None))
                continue
            for r, d in recs:
                if ref(r) and r.get("ClientIP"):
                    v = value(r) if value else None
                    groups.setdefault(r["ClientIP"], []).append(
                        (r["EdgeStartTimestamp"], d, k, None, v))
        found = []
        hi2 = hi
        for ip, facts in groups.items():
            facts.sort(key=lambda f: (f[0], f[1], f[2]))
            for a, b, n in incidents(kind, facts, span, lo, hi2, len(refs)):
                evs = []
                for j in range(a, b):
                    if j == a or facts[j][:2] != facts[j - 1][:2]:
                        evs.append(facts[j][1])
                found.append({"rule": cid, "ip": ip, "start": facts[a][0],
                              "end": facts[b - 1][0], "count": n,
                              "events": len(evs),
                              "ids": [fp_text(e) for e in evs[:20]],
                              "last": facts[b - 1][1]})
        done[cid] = found
        alerts += found
    return alerts


def from_rfc3339(s):
    import calendar
    import time
    day, frac = s.rstrip("Z").split(".") if "." in s else (s.rstrip("Z"), "")
    t = calendar.timegm(time.strptime(day, "%Y-%m-%dT%H:%M:%S"))
    return t * NS + int((frac + "000000000")[:9])


def key(a):
    return (a["rule"], a["ip"], a["start"], a["end"], a["count"],
            a["events"], tuple(a["ids"]))


def check(inp, out):
    want = sorted(key(a) for a in evaluate(open(inp, "rb").read().split(b"\n")))
    got = []
    for l in open(out, encoding="utf-8"):
        e = json.loads(l)
        c = e.get("cfecs", {}).get("correlation")
        if c is None:
            continue
        got.append((e["rule"]["id"], e["source"]["ip"],
                    from_rfc3339(e["event"]["start"]),
                    from_rfc3339(e["event"]["end"]), c["count"], c["events"],
                    tuple(c["event_ids"])))
    got.sort()
    if got != want:
        for x in sorted(set(want) - set(got)):
            print("missing:", x[:6], file=sys.stderr)
        for x in sorted(set(got) - set(want)):
            print("unexpected:", x[:6], file=sys.stderr)
        return 1
    print(len(got))
    return 0


def gen(seed, n):
    rnd = random.Random(seed)
    base = 1708213921 * NS + rnd.randrange(NS)
    ips = ["198.51.100.%d" % i for i in range(1, 13)] + ["2001:db8::%x" % i for i in range(1, 4)]
    recs = []

    def rec(ip, t, method="GET", uri="/", status=200, ua="Mozilla/5.0"):
        recs.append({"RayID": "%016x" % rnd.getrandbits(64),
                     "EdgeStartTimestamp": t, "ClientIP": ip,
                     "ClientRequestMethod": method, "ClientRequestURI": uri,
                     "ClientRequestHost": "shop.example", "EdgeResponseStatus": status,
                     "ClientRequestUserAgent": ua})

    for _ in range(n):
        ip = rnd.choice(ips)
        t0 = base + rnd.randrange(60 * MIN)
        what = rnd.randrange(6)
        if what == 0:           # failed logins, a burst or spread
            dur = rnd.choice([60, 200, 290, 310, 900]) * NS
            for _ in range(rnd.randrange(10, 31)):
                rec(ip, t0 + rnd.randrange(dur), "POST", "/login",
                    rnd.choice([401, 403]))
        elif what == 1:         # 404s over many or few paths
            paths = rnd.randrange(5, 70)
            dur = rnd.choice([120, 480, 700, 1800]) * NS
            for _ in range(rnd.randrange(paths, paths * 2)):
                rec(ip, t0 + rnd.randrange(dur), uri="/p%d?x=1" % rnd.randrange(paths),
                    status=404)
        elif what == 2:         # injection tool and an admin page
            rec(ip, t0, uri="/item?id=1'", ua="sqlmap/1.7.2#stable")
            rec(ip, t0 + rnd.randrange(-15 * MIN, 15 * MIN), uri="/wp-admin/index.php")
        elif what == 3:         # a login accepted
            rec(ip, t0, "POST", "/login", 200)
        else:                   # noise
            for _ in range(rnd.randrange(1, 20)):
                rec(ip, t0 + rnd.randrange(5 * MIN), uri="/img/%d.png" % rnd.randrange(9))
    rnd.shuffle(recs)
    for r in recs:
        print(json.dumps(r, separators=(",", ":")))


if __name__ == "__main__":
    if sys.argv[1] == "gen":
        gen(int(sys.argv[2]), int(sys.argv[3]))
    else:
        sys.exit(check(sys.argv[2], sys.argv[3]))
