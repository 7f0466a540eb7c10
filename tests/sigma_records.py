#!/usr/bin/env python3
"""Build, for each Sigma web rule given, one http_requests record that its
own detection says must match, independently of cfecs: the selections the
condition needs (the first of "1 of" and "or", all of "and" and "all of";
negated ones left out) give field values (the first value of each list,
every value with |all), placed the way the modifier says.

Prints "RULE-ID<TAB>DATASET<TAB>record" per rule it could build (webserver
rules: http_requests; proxy rules: gateway_http); rules with fields or
modifiers it does not build are left out (named on stderr).

usage: sigma_records.py RULE.yml ...
"""
import json
import re
import sys

import yaml

URI_FIELDS = ("cs-uri-query", "cs-uri", "c-uri", "cs-uri-stem")
SIMPLE = {"cs-method": "ClientRequestMethod", "sc-status": "EdgeResponseStatus",
          "c-useragent": "ClientRequestUserAgent",
          "cs-user-agent": "ClientRequestUserAgent",
          "cs-referer": "ClientRequestReferer",
          "cs-host": "ClientRequestHost"}


def sigma_text(v):
    """A Sigma string with its wildcards filled in and escapes undone."""
    out, i = [], 0
    s = str(v)
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s) and s[i + 1] in "*?\\":
            out.append(s[i + 1])
            i += 2
            continue
        out.append({"*": "x", "?": "x"}.get(c, c))
        i += 1
    return "".join(out)


def needed(cond, names):
    """Selection names that make the condition true (one way)."""
    toks = re.findall(r"\(|\)|[^\s()]+", cond)
    pos = [0]

    def peek():
        return toks[pos[0]] if pos[0] < len(toks) else None

    def factor():
        t = peek()
        pos[0] += 1
        if t == "not":
            factor()
            return []
        if t == "(":
            r = orx()
            pos[0] += 1
            return r
        if peek() == "of":
            pos[0] += 1
            pat = peek()
            pos[0] += 1
            rx = re.compile("^" + re.escape(pat).replace("\\*", ".*") + "$")
            m = [n for n in names if (pat == "them" and not n.startswith("_"))
                 or rx.match(n)]
            return m if t == "all" else m[:1]
        return [t]

    def andx():
        r = factor()
        while peek() == "and":
            pos[0] += 1
            r = r + factor()
        return r

    def orx():
        r = andx()
        while peek() == "or":
            pos[0] += 1
            andx()
        return r

    return orx()


def build(rule):
    det = rule["detection"]
    cond = det["condition"]
    if isinstance(cond, list):
        cond = cond[0]
    names = [k for k in det if k not in ("condition", "timeframe")]
    rec = {"RayID": rule["id"][:16], "EdgeStartTimestamp": 1708213921123456789,
           "ClientIP": "192.0.2.1", "ClientRequestScheme": "https",
           "ClientRequestHost": "a.test", "ClientRequestMethod": "GET",
           "ClientRequestUserAgent": "Mozilla/5.0", "EdgeResponseStatus": 200,
           "ClientRequestReferer": "https://a.test/"}
    start, middle, end, whole = [], [], [], None
    for n in needed(cond, names):
        sel = det[n]
        if isinstance(sel, list):
            if not sel or not isinstance(sel[0], dict):
                return None
            sel = sel[0]
        for spec, vals in sel.items():
            field, *mods = spec.split("|")
            vals = vals if isinstance(vals, list) else [vals]
            if any(v is None for v in vals):
                return None
            pick = vals if "all" in mods else vals[:1]
            mods = [m for m in mods if m != "all"]
            if field in SIMPLE and not mods:
                v = pick[0]
                rec[SIMPLE[field]] = int(v) if field == "sc-status" else \
                    sigma_text(v)
                continue
            if field not in URI_FIELDS or len(mods) > 1 or \
                    (mods and mods[0] not in ("contains", "startswith",
                                              "endswith")):
                return None
            for v in pick:
                v = sigma_text(v)
                if not mods:
                    whole = v
                elif mods[0] == "startswith":
                    start.append(v)
                elif mods[0] == "endswith":
                    end.append(v)
                else:
                    middle.append(v)
    if whole is not None:
        if start or middle or end:
            return None
        uri = whole
    else:
        uri = "".join(start) + "/" + "/".join(middle) + "".join(end)
        if not end:
            uri += "?q=1"	# a query: "field: null" filters stay false
    if not uri.startswith("/") and not start:
        uri = "/" + uri
    rec["ClientRequestURI"] = uri
    if rule.get("logsource", {}).get("category") == "proxy":
        return "gateway_http", {
            "Datetime": 1708213921123456789, "RayID": rec["RayID"],
            "SourceIP": "192.0.2.1", "HTTPHost": rec["ClientRequestHost"],
            "URL": "https://" + rec["ClientRequestHost"] + uri,
            "HTTPMethod": rec["ClientRequestMethod"],
            "HTTPStatusCode": rec["EdgeResponseStatus"],
            "UserAgent": rec["ClientRequestUserAgent"],
            "Referer": rec["ClientRequestReferer"]}
    return "http_requests", rec


def main():
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as f:
            rule = yaml.safe_load(f)
        try:
            rec = build(rule)
        except (KeyError, TypeError, AttributeError, ValueError):
            rec = None
        if rec is None:
            print("not built: " + path, file=sys.stderr)
            continue
        print(rule["id"] + "\t" + rec[0] + "\t" +
              json.dumps(rec[1], separators=(",", ":")))


main()
