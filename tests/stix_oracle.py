#!/usr/bin/env python3
"""stix_oracle.py: random STIX bundles and events, and which indicators
each event should match, worked out independently of cfecs.

    python3 tests/stix_oracle.py SEED SAMPLE DIR

writes DIR/bundle.json (indicators whose patterns nest AND, OR and
parentheses at both levels, with parts no single event can show, and
validity windows), DIR/events.ndjson (http_requests records made from the
first line of SAMPLE) and DIR/want: for each event, the ids of the
indicators it matches, sorted and joined by commas ("-" for none).

The oracle evaluates each pattern's tree directly: a comparison holds
when the event has its value; a part no single event can show
(FOLLOWEDBY, a qualifier, NOT, LIKE, another object) never holds, which
is what leaving out the alternatives that hold it means for a formula
of AND and OR.  An indicator counts when valid_from <= @timestamp <
valid_until.
"""
import json
import random
import sys
import time

IPS = ["198.18.0.%d" % i for i in range(1, 13)]
DOMAINS = ["d%d.pool.test" % i for i in range(1, 11)]
# Times in ns: the windows' bounds and the events' times, close together.
BASE = 1708213921000000000
TIMES = [BASE + k for k in (0, 1, 99, 100, 101, 199, 200, 201)]


def stamp(ns):
    s, f = divmod(ns, 10**9)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(s)) + ".%09dZ" % f


def leaf(r):
    """A comparison: (text, test) where test(event) says if it holds."""
    k = r.randrange(10)
    if k < 4:
        ip = r.choice(IPS)
        return ("ipv4-addr:value = '%s'" % ip, lambda e, ip=ip: e["ip"] == ip)
    if k < 7:
        d = r.choice(DOMAINS)
        return ("domain-name:value = '%s'" % d,
                lambda e, d=d: e["host"] == d)
    if k == 7:
        return ("url:value LIKE 'http://%%%s%%'" % r.choice(DOMAINS),
                lambda e: False)
    if k == 8:
        return ("email-addr:value = 'x@%s'" % r.choice(DOMAINS),
                lambda e: False)
    return ("ipv4-addr:value NOT = '%s'" % r.choice(IPS), lambda e: False)


# Trees: ("or"|"and", [children]) or ("leaf", text, test).  Rendering
# puts parentheses only where precedence needs them, or at random.
PREC = {"or": 1, "and": 2}


def tree(r, depth, make_leaf):
    if depth == 0 or r.random() < 0.35:
        return ("leaf",) + make_leaf(r)
    op = r.choice(["or", "and"])
    return (op, [tree(r, depth - 1, make_leaf)
                 for _ in range(r.randint(2, 3))])


def render(t, parent, r):
    if t[0] == "leaf":
        return t[1]
    s = (" %s " % t[0].upper()).join(render(c, PREC[t[0]], r) for c in t[1])
    if PREC[t[0]] < parent or r.random() < 0.2:
        s = "(" + s + ")"
    return s


def holds(t, e):
    if t[0] == "leaf":
        return t[2](e)
    f = any if t[0] == "or" else all
    return f(holds(c, e) for c in t[1])


def observation(r):
    """An observation: [comparisons], sometimes with a part that makes
    it untestable (a qualifier, or FOLLOWEDBY with another)."""
    inner = tree(r, 2, leaf)
    text = "[" + render(inner, 0, r) + "]"
    k = r.randrange(12)
    if k == 0:
        return (text + " WITHIN 60 SECONDS", lambda e: False)
    if k == 1:
        other = "[" + render(tree(r, 1, leaf), 0, r) + "]"
        return ("(" + text + " FOLLOWEDBY " + other + ")", lambda e: False)
    return (text, lambda e, inner=inner: holds(inner, e))


def main():
    seed, sample, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    r = random.Random(seed)
    with open(sample) as f:
        base = json.loads(f.readline())
    base.pop("JA3Hash", None)
    objs, inds = [], []
    for i in range(40):
        t = tree(r, 2, observation)
        o = {"type": "indicator", "spec_version": "2.1",
             "id": "indicator--%04d" % i, "pattern_type": "stix",
             "pattern": render(t, 0, r)}
        lo, hi = None, None
        if r.random() < 0.5:
            lo = r.choice(TIMES)
            o["valid_from"] = stamp(lo)
        if r.random() < 0.5:
            hi = r.choice([x for x in TIMES if lo is None or x > lo] or
                          [TIMES[-1] + 1])
            o["valid_until"] = stamp(hi)
        objs.append(o)
        inds.append((o["id"], t, lo, hi))
    with open(out + "/bundle.json", "w") as f:
        json.dump({"type": "bundle", "id": "bundle--oracle",
                   "objects": objs}, f, indent=1)
    with open(out + "/events.ndjson", "w") as ev, \
            open(out + "/want", "w") as want:
        for _ in range(80):
            e = {"ip": r.choice(IPS), "host": r.choice(DOMAINS),
                 "t": r.choice(TIMES)}
            rec = dict(base, ClientIP=e["ip"], ClientRequestHost=e["host"],
                       EdgeStartTimestamp=e["t"])
            ev.write(json.dumps(rec, separators=(",", ":")) + "\n")
            ids = [i for i, t, lo, hi in inds if holds(t, e) and
                   (lo is None or lo <= e["t"]) and
                   (hi is None or e["t"] < hi)]
            want.write((",".join(sorted(ids)) or "-") + "\n")


main()
