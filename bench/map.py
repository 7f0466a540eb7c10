#!/usr/bin/env python3
"""map.py: Cloudflare Logpush http_requests records -> ECS documents.

A baseline for the cfecs benchmark (bench/run.sh): the mapping cfecs does
for http_requests (see OUTPUT in cfecs(1)), in plain Python 3 with the
standard library's json module, or orjson when it is installed.  Reads
NDJSON on stdin, writes NDJSON on stdout:

    python3 bench/map.py < FILE.ndjson > out.ndjson

Python integers are exact, so unlike jq the nanosecond timestamps keep
all their digits.  A line that is not a JSON object is reported on
stderr and skipped; the exit status is then 1.
"""

import calendar
import ipaddress
import json
import re
import sys
import time

COUNTRIES = {
    "AD":"Andorra", "AE":"United Arab Emirates", "AF":"Afghanistan",
    "AG":"Antigua and Barbuda", "AI":"Anguilla", "AL":"Albania", "AM":"Armenia",
    "AO":"Angola", "AQ":"Antarctica", "AR":"Argentina", "AS":"American Samoa",
    "AT":"Austria", "AU":"Australia", "AW":"Aruba", "AX":"Åland Islands",
    "AZ":"Azerbaijan", "BA":"Bosnia and Herzegovina", "BB":"Barbados",
    "BD":"Bangladesh", "BE":"Belgium", "BF":"Burkina Faso", "BG":"Bulgaria",
    "BH":"Bahrain", "BI":"Burundi", "BJ":"Benin", "BL":"Saint Barthélemy",
    "BM":"Bermuda", "BN":"Brunei Darussalam",
    "BO":"Bolivia, Plurinational State of",
    "BQ":"Bonaire, Sint Eustatius and Saba", "BR":"Brazil", "BS":"Bahamas",
    "BT":"Bhutan", "BV":"Bouvet Island", "BW":"Botswana", "BY":"Belarus",
    "BZ":"Belize", "CA":"Canada", "CC":"Cocos (Keeling) Islands",
    "CD":"Congo, The Democratic Republic of the",
    "CF":"Central African Republic", "CG":"Congo", "CH":"Switzerland",
    "CI":"Côte d'Ivoire", "CK":"Cook Islands", "CL":"Chile", "CM":"Cameroon",
    "CN":"China", "CO":"Colombia", "CR":"Costa Rica", "CU":"Cuba",
    "CV":"Cabo Verde", "CW":"Curaçao", "CX":"Christmas Island", "CY":"Cyprus",
    "CZ":"Czechia", "DE":"Germany", "DJ":"Djibouti", "DK":"Denmark",
    "DM":"Dominica", "DO":"Dominican Republic", "DZ":"Algeria", "EC":"Ecuador",
    "EE":"Estonia", "EG":"Egypt", "EH":"Western Sahara", "ER":"Eritrea",
    "ES":"Spain", "ET":"Ethiopia", "FI":"Finland", "FJ":"Fiji",
    "FK":"Falkland Islands (Malvinas)", "FM":"Micronesia, Federated States of",
    "FO":"Faroe Islands", "FR":"France", "GA":"Gabon", "GB":"United Kingdom",
    "GD":"Grenada", "GE":"Georgia", "GF":"French Guiana", "GG":"Guernsey",
    "GH":"Ghana", "GI":"Gibraltar", "GL":"Greenland", "GM":"Gambia",
    "GN":"Guinea", "GP":"Guadeloupe", "GQ":"Equatorial Guinea", "GR":"Greece",
    "GS":"South Georgia and the South Sandwich Islands", "GT":"Guatemala",
    "GU":"Guam", "GW":"Guinea-Bissau", "GY":"Guyana", "HK":"Hong Kong",
    "HM":"Heard Island and McDonald Islands", "HN":"Honduras", "HR":"Croatia",
    "HT":"Haiti", "HU":"Hungary", "ID":"Indonesia", "IE":"Ireland",
    "IL":"Israel", "IM":"Isle of Man", "IN":"India",
    "IO":"British Indian Ocean Territory", "IQ":"Iraq",
    "IR":"Iran, Islamic Republic of", "IS":"Iceland", "IT":"Italy",
    "JE":"Jersey", "JM":"Jamaica", "JO":"Jordan", "JP":"Japan", "KE":"Kenya",
    "KG":"Kyrgyzstan", "KH":"Cambodia", "KI":"Kiribati", "KM":"Comoros",
    "KN":"Saint Kitts and Nevis", "KP":"Korea, Democratic People's Republic of",
    "KR":"Korea, Republic of", "KW":"Kuwait", "KY":"Cayman Islands",
    "KZ":"Kazakhstan", "LA":"Lao People's Democratic Republic", "LB":"Lebanon",
    "LC":"Saint Lucia", "LI":"Liechtenstein", "LK":"Sri Lanka", "LR":"Liberia",
    "LS":"Lesotho", "LT":"Lithuania", "LU":"Luxembourg", "LV":"Latvia",
    "LY":"Libya", "MA":"Morocco", "MC":"Monaco", "MD":"Moldova, Republic of",
    "ME":"Montenegro", "MF":"Saint Martin (French part)", "MG":"Madagascar",
    "MH":"Marshall Islands", "MK":"North Macedonia", "ML":"Mali",
    "MM":"Myanmar", "MN":"Mongolia", "MO":"Macao",
    "MP":"Northern Mariana Islands", "MQ":"Martinique", "MR":"Mauritania",
    "MS":"Montserrat", "MT":"Malta", "MU":"Mauritius", "MV":"Maldives",
    "MW":"Malawi", "MX":"Mexico", "MY":"Malaysia", "MZ":"Mozambique",
    "NA":"Namibia", "NC":"New Caledonia", "NE":"Niger", "NF":"Norfolk Island",
    "NG":"Nigeria", "NI":"Nicaragua", "NL":"Netherlands", "NO":"Norway",
    "NP":"Nepal", "NR":"Nauru", "NU":"Niue", "NZ":"New Zealand", "OM":"Oman",
    "PA":"Panama", "PE":"Peru", "PF":"French Polynesia",
    "PG":"Papua New Guinea", "PH":"Philippines", "PK":"Pakistan", "PL":"Poland",
    "PM":"Saint Pierre and Miquelon", "PN":"Pitcairn", "PR":"Puerto Rico",
    "PS":"Palestine, State of", "PT":"Portugal", "PW":"Palau", "PY":"Paraguay",
    "QA":"Qatar", "RE":"Réunion", "RO":"Romania", "RS":"Serbia",
    "RU":"Russian Federation", "RW":"Rwanda", "SA":"Saudi Arabia",
    "SB":"Solomon Islands", "SC":"Seychelles", "SD":"Sudan", "SE":"Sweden",
    "SG":"Singapore", "SH":"Saint Helena, Ascension and Tristan da Cunha",
    "SI":"Slovenia", "SJ":"Svalbard and Jan Mayen", "SK":"Slovakia",
    "SL":"Sierra Leone", "SM":"San Marino", "SN":"Senegal", "SO":"Somalia",
    "SR":"Suriname", "SS":"South Sudan", "ST":"Sao Tome and Principe",
    "SV":"El Salvador", "SX":"Sint Maarten (Dutch part)",
    "SY":"Syrian Arab Republic", "SZ":"Eswatini",
    "TC":"Turks and Caicos Islands", "TD":"Chad",
    "TF":"French Southern Territories", "TG":"Togo", "TH":"Thailand",
    "TJ":"Tajikistan", "TK":"Tokelau", "TL":"Timor-Leste", "TM":"Turkmenistan",
    "TN":"Tunisia", "TO":"Tonga", "TR":"Türkiye", "TT":"Trinidad and Tobago",
    "TV":"Tuvalu", "TW":"Taiwan, Province of China",
    "TZ":"Tanzania, United Republic of", "UA":"Ukraine", "UG":"Uganda",
    "UM":"United States Minor Outlying Islands", "US":"United States",
    "UY":"Uruguay", "UZ":"Uzbekistan", "VA":"Holy See (Vatican City State)",
    "VC":"Saint Vincent and the Grenadines",
    "VE":"Venezuela, Bolivarian Republic of", "VG":"Virgin Islands, British",
    "VI":"Virgin Islands, U.S.", "VN":"Viet Nam", "VU":"Vanuatu",
    "WF":"Wallis and Futuna", "WS":"Samoa", "YE":"Yemen", "YT":"Mayotte",
    "ZA":"South Africa", "ZM":"Zambia", "ZW":"Zimbabwe"
}

RFC3339 = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?"
    r"([Zz]|[+-]\d\d:?\d\d)\Z")

SUCCESS = {"allow", "allowed", "bypass", "challengesolved",
           "jschallengesolved", "managedchallengeinteractivesolved",
           "managedchallengenoninteractivesolved", "skip"}
FAILURE = {"block", "blocked", "drop", "challenge", "jschallenge",
           "managedchallenge", "challengefailed", "jschallengefailed",
           "connectionclose", "forceconnectionclose"}

BIG = 1 << 53


def nz(v):
    """An empty string and None both mean absent."""
    return None if v == "" else v


def ip(v):
    """A valid IP address as text (IPv4-mapped IPv6 unwrapped), or None."""
    if not isinstance(v, str) or not v:
        return None
    try:
        a = ipaddress.ip_address(v)
    except ValueError:
        return None
    if a.version == 6 and a.ipv4_mapped is not None:
        return str(a.ipv4_mapped)
    return v


def tns(v):
    """Any Logpush time encoding -> int nanoseconds since the epoch, or None."""
    if isinstance(v, str):
        if v.isdigit():
            v = int(v)
        else:
            m = RFC3339.match(v)
            if m is None:
                return None
            y, mo, d, h, mi, s, f, z = m.groups()
            sec = calendar.timegm((int(y), int(mo), int(d), int(h), int(mi),
                                   int(s), 0, 0, 0))
            if z not in ("Z", "z"):
                z = z.replace(":", "")
                off = int(z[1:3]) * 3600 + int(z[3:5]) * 60
                sec -= off if z[0] == "+" else -off
            ns = sec * 1000000000 + int((f or "").ljust(9, "0"))
            return ns if ns > 0 else None
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    v = int(v)
    if v <= 0:
        return None
    if v >= 10**17:
        return v
    if v >= 10**11:
        return v * 1000000
    return v * 1000000000


def rfc3339us(ns):
    """ns -> YYYY-MM-DDTHH:MM:SS.ffffffZ, truncated."""
    s, frac = divmod(ns, 1000000000)
    t = time.gmtime(s)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ" % (
        t[0], t[1], t[2], t[3], t[4], t[5], frac // 1000)


def tls_ver(v):
    if isinstance(v, str) and v[:3].upper() in ("TLS", "SSL") and \
            v[3:].lstrip("v")[:1].isdigit():
        return v[3:].lstrip("v"), v[:3].lower()
    return None, None


def notnone(v):
    if isinstance(v, str) and v.lower() in ("", "none", "unknown", "unk"):
        return None
    return v


def outcome(a):
    k = a.lower().replace("_", "").replace("-", "").replace(" ", "")
    if k in SUCCESS:
        return "success"
    if k in FAILURE:
        return "failure"
    return "unknown"


def prune(d):
    """Drop None and empty dicts, recursively."""
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            v = prune(v)
            if not v:
                continue
        elif v is None:
            continue
        out[k] = v
    return out


def uniq(xs):
    out = []
    for x in xs:
        if x is not None and x not in out:
            out.append(x)
    return out or None


def passthrough(r):
    out = {}
    for k, v in r.items():
        if v is None or v == "":
            continue
        if type(v) is int and (v >= BIG or v <= -BIG):
            v = str(v)
        out[k] = v
    return out


def convert(r):
    g = r.get
    start = tns(g("EdgeStartTimestamp"))
    end = tns(g("EdgeEndTimestamp"))
    sip = ip(g("ClientIP"))
    dip = ip(g("OriginIP"))
    oip = ip(g("EdgeServerIP"))
    cc = nz(g("ClientCountry"))
    cc = cc.upper() if isinstance(cc, str) else None
    region = nz(g("ClientRegionCode"))
    uri = nz(g("ClientRequestURI"))
    action = nz(g("SecurityAction"))
    ruleid = nz(g("SecurityRuleID"))
    proto = nz(g("ClientRequestProtocol"))
    asn = g("ClientASN")
    if isinstance(asn, str):
        asn = int(asn) if asn.isdigit() else None
    ts = rfc3339us(start) if start is not None else None

    ruleset = None
    srcs = g("SecuritySources")
    if isinstance(srcs, list) and srcs:
        if len(srcs) == 1:
            ruleset = srcs[0]
        else:
            ids = g("SecurityRuleIDs") or []
            if ruleid in ids and ids.index(ruleid) < len(srcs):
                ruleset = srcs[ids.index(ruleid)]
        ruleset = nz(ruleset)

    query = None
    path = nz(g("ClientRequestPath"))
    if uri is not None:
        p, sep, q = uri.partition("?")
        if sep:
            query = nz(q)
        if path is None:
            path = p
    tv, tp = tls_ver(g("ClientSSLProtocol"))
    scheme = nz(g("ClientRequestScheme"))
    host = nz(g("ClientRequestHost"))
    ray = nz(g("RayID"))

    doc = {
        "@timestamp": ts,
        "event": {
            "kind": "event",
            "category": ["web"],
            "type": ["access"],
            "dataset": "http_requests",
            "action": action,
            "outcome": outcome(action) if action is not None else None,
            "id": ray,
            "start": ts,
            "end": rfc3339us(end) if end is not None else None,
            "duration": end - start if start is not None and end is not None
            else None,
        },
        "source": {
            "ip": sip,
            "address": sip or nz(g("ClientIP")),
            "port": g("ClientSrcPort"),
            "as": {"number": asn},
            "geo": {
                "city_name": nz(g("ClientCity")),
                "country_iso_code": cc,
                "country_name": COUNTRIES.get(cc),
                "region_iso_code": cc + "-" + region
                if cc and len(cc) == 2 and region else None,
            },
        },
        "destination": {"address": host, "ip": dip},
        "network": {
            "protocol": proto.split("/")[0].lower()
            if isinstance(proto, str) else None,
        },
        "http": {
            "request": {
                "id": ray,
                "method": nz(g("ClientRequestMethod")),
                "bytes": g("ClientRequestBytes"),
                "referrer": nz(g("ClientRequestReferer")),
            },
            "response": {
                "status_code": g("EdgeResponseStatus"),
                "bytes": g("EdgeResponseBytes"),
                "body": {"bytes": g("EdgeResponseBodyBytes")},
                "mime_type": nz(g("EdgeResponseContentType")),
            },
            "version": proto[5:] if isinstance(proto, str) and
            proto[:5].lower() == "http/" else None,
        },
        "url": {
            "original": uri,
            "scheme": scheme.lower() if isinstance(scheme, str) else None,
            "domain": host,
            "path": path,
            "query": query,
        },
        "user_agent": {"original": nz(g("ClientRequestUserAgent"))},
        "tls": {
            "cipher": notnone(g("ClientSSLCipher")),
            "version": tv,
            "version_protocol": tp,
            "client": {
                "ja3": nz(g("JA3Hash")),
                "hash": {"sha256": nz(g("ClientMTLSAuthCertFingerprint"))},
            },
        },
        "rule": {
            "id": ruleid,
            "ruleset": ruleset,
            "description": nz(g("SecurityRuleDescription")),
        },
        "observer": {
            "vendor": "Cloudflare",
            "type": "proxy",
            "ip": oip,
            "geo": {"name": nz(g("EdgeColoCode"))},
        },
    }
    doc = prune(doc)
    doc["cloudflare"] = passthrough(r)
    related = prune({
        "ip": uniq([sip, dip, oip]),
        "hosts": uniq([host, nz(g("EdgeRequestHost"))]),
        "hash": uniq([nz(g("JA3Hash")), nz(g("ClientMTLSAuthCertFingerprint")),
                      nz(g("JA4"))]),
        "user": uniq([nz(g("FraudUserID"))]),
    })
    if related:
        doc["related"] = related
    return doc


def codec():
    """orjson when it is installed (the fastest Python baseline), else json."""
    try:
        import orjson
        return orjson.loads, orjson.dumps
    except ImportError:
        enc = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        return json.loads, lambda doc: enc(doc).encode("utf-8")


def main():
    loads, dumps = codec()
    out = sys.stdout.buffer
    status = 0
    for n, line in enumerate(sys.stdin.buffer, 1):
        if not line.strip():
            continue
        try:
            r = loads(line)
            if not isinstance(r, dict):
                raise ValueError("not a JSON object")
        except ValueError as e:
            sys.stderr.write("map.py: <stdin>:%d: %s\n" % (n, e))
            status = 1
            continue
        out.write(dumps(convert(r)) + b"\n")
    out.flush()
    return status


if __name__ == "__main__":
    sys.exit(main())
