#!/usr/bin/env python3
"""Checks of a cfecs --print-template output, written apart from cfecs's C
code: types come from ECS's published templates (tests/ecs_types.tsv) and
from the Logpush field lists, values from real cfecs output.

  template_check.py shape TEMPLATE ECS_TYPES [--opensearch] [--ns]
      [--data-stream] [--pattern P]...
  template_check.py events TEMPLATE ECS_TYPES LOGPUSH_TYPES [--ns]
      [--seen FILE] < EVENTS
  template_check.py logpush TEMPLATE LOGPUSH_TYPES [--opensearch] [--dataset D]

LOGPUSH_TYPES: tests/logpush_types.tsv, or a directory of Logpush field
lists (DATASET.tsv: field, type, description).

Prints one line per problem and exits 1 if there is any.
"""
import glob
import ipaddress
import json
import os
import re
import sys

problems = []


def problem(msg):
    if len(problems) < 50:
        print(msg)
    problems.append(msg)


def finish(summary):
    if problems:
        print("%d problems" % len(problems))
        sys.exit(1)
    print(summary)
    sys.exit(0)


def load_ecs(path):
    types, version = {}, None
    with open(path) as f:
        for line in f:
            if line.startswith("#"):
                m = re.match(r"# ECS (\S+) field types", line)
                if m:
                    version = m.group(1)
                continue
            name, typ = line.rstrip("\n").split("\t")
            types[name] = typ
    # Not in ECS: Filebeat's offset of the line (a long in its fields.yml),
    # which cfecs writes the same way.
    types.setdefault("log.offset", "long")
    return types, version


def logpush_fields(path):
    """{dataset: {field: documented type}} from a DATASET FIELD TYPE table
    (tests/logpush_types.tsv) or a directory of Logpush field lists."""
    out = {}
    if os.path.isdir(path):
        for p in sorted(glob.glob(os.path.join(path, "*.tsv"))):
            ds = os.path.basename(p)[:-4]
            if ds == "DATASETS":
                continue
            with open(p) as f:
                rows = [l.rstrip("\n").split("\t") for l in f][1:]
            out[ds] = {r[0]: r[1] for r in rows if r and r[0]}
        return out
    with open(path) as f:
        for line in f:
            if not line.startswith("#"):
                ds, name, typ = line.rstrip("\n").split("\t")
                out.setdefault(ds, {})[name] = typ
    return out


OS_MISSING = {"flattened", "match_only_text", "wildcard", "constant_keyword",
              "version"}
ES_TYPES = {"keyword", "long", "integer", "short", "byte", "double", "float",
            "half_float", "scaled_float", "boolean", "date", "date_nanos",
            "ip", "geo_point", "match_only_text", "wildcard", "text",
            "flattened", "constant_keyword", "version", "unsigned_long",
            "nested", "object"}
OS_TYPES = (ES_TYPES - OS_MISSING) | {"flat_object"}
WHOLE = {"geo_point", "flattened", "flat_object"}


def props(template):
    return template["template"]["mappings"]["properties"]


def walk_mappings(node, path, visit):
    """visit(path, mapping) for every mapping below a properties dict."""
    for name, m in node.items():
        p = path + name
        visit(p, m)
        for sub, sm in m.get("fields", {}).items():
            visit(p + "." + sub, sm)
        if "properties" in m:
            walk_mappings(m["properties"], p + ".", visit)


# ---- shape ----

def check_shape(t, ecs, ecs_version, opensearch, ns, data_stream, patterns):
    allowed = {"index_patterns", "template", "priority", "data_stream",
               "_meta", "version", "composed_of"}
    for k in t:
        if k not in allowed:
            problem("top level: %s is not a composable template key" % k)
    want = patterns or ["logs-cloudflare*"]
    if t.get("index_patterns") != want:
        problem("index_patterns %r, want %r" % (t.get("index_patterns"), want))
    if data_stream != ("data_stream" in t) or \
            (data_stream and t["data_stream"] != {}):
        problem("data_stream: %r" % t.get("data_stream"))
    if not isinstance(t.get("priority"), int) or t["priority"] <= 100:
        problem("priority %r: not above the built-in logs template's 100"
                % t.get("priority"))
    if t.get("_meta", {}).get("ecs_version") != ecs_version:
        problem("_meta.ecs_version %r, want %r"
                % (t.get("_meta", {}).get("ecs_version"), ecs_version))
    tt = t.get("template", {})
    for k in tt:
        if k not in ("settings", "mappings", "aliases"):
            problem("template: unknown key %s" % k)
    for k in tt.get("mappings", {}):
        if k not in ("properties", "dynamic_templates", "date_detection",
                     "dynamic", "_meta"):
            problem("mappings: unknown key %s" % k)
    count = [0]
    types = OS_TYPES if opensearch else ES_TYPES

    def visit(path, m):
        count[0] += 1
        if "type" not in m and "properties" not in m:
            problem("%s: neither a type nor properties: %r" % (path, m))
            return
        typ = m.get("type", "object")
        if typ not in types:
            problem("%s: type %s not in %s" % (path, typ,
                    "OpenSearch" if opensearch else "Elasticsearch"))
        if typ == "keyword" and m.get("index") is not False:
            # a longer term than Lucene's 32766 bytes refuses the document
            if not 0 < m.get("ignore_above", 0) <= 8191:
                problem("%s: keyword without a safe ignore_above: %r"
                        % (path, m))
        if typ == "scaled_float" and "scaling_factor" not in m:
            problem("%s: scaled_float without scaling_factor" % path)
        if typ in ("date", "date_nanos") and (typ == "date") == ns:
            problem("%s: %s with%s --time-precision ns"
                    % (path, typ, "" if ns else "out"))
        if "properties" in m and typ not in ("object", "nested"):
            problem("%s: properties under a %s" % (path, typ))
        # outside cloudflare, everything is ECS, with ECS's type
        if not path.startswith("cloudflare") and "type" in m:
            e = ecs.get(path)
            e = "date_nanos" if ns and e == "date" else e
            if opensearch:
                e = {"flattened": "flat_object", "match_only_text": "text",
                     "wildcard": "keyword", "constant_keyword": "keyword",
                     "version": "keyword"}.get(e, e)
            if e != typ:
                problem("%s: template type %s, ECS type %s" % (path, typ, e))

    walk_mappings(props(t), "", visit)
    ts = props(t).get("@timestamp", {}).get("type")
    if ts != ("date_nanos" if ns else "date"):
        problem("@timestamp: %r" % ts)
    limit = tt.get("settings", {}).get("index", {}).get("mapping", {}) \
        .get("total_fields", {}).get("limit")
    if not isinstance(limit, int) or limit < count[0]:
        problem("total_fields.limit %r below the %d fields mapped"
                % (limit, count[0]))
    return count[0]


# ---- events ----

RFC3339 = re.compile(r"^(\d{4})-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$")
INT = re.compile(r"^-?\d+$")
NUM = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")


def value_ok(typ, v):
    """Would Elasticsearch take v for a field of this type?"""
    if isinstance(v, list):
        return all(value_ok(typ, x) for x in v)
    if v is None:
        return True
    if typ in ("keyword", "wildcard", "match_only_text", "text",
               "constant_keyword", "version"):
        return not isinstance(v, dict)
    if typ in ("long", "integer", "short", "byte", "unsigned_long"):
        if isinstance(v, bool):
            return False
        if isinstance(v, int):
            return -2**63 <= v < 2**63
        return isinstance(v, str) and (v == "" or (INT.match(v) is not None
                                                   and -2**63 <= int(v) < 2**63))
    if typ in ("double", "float", "half_float", "scaled_float"):
        if isinstance(v, bool):
            return False
        return isinstance(v, (int, float)) or \
            (isinstance(v, str) and NUM.match(v) is not None)
    if typ == "boolean":
        return isinstance(v, bool) or v in ("true", "false", "")
    if typ == "ip":
        try:
            ipaddress.ip_address(v)
            return True
        except (ValueError, TypeError):
            return False
    if typ in ("date", "date_nanos"):
        m = isinstance(v, str) and RFC3339.match(v)
        return bool(m) and (typ == "date" or int(m.group(1)) >= 1970)
    if typ == "geo_point":
        return isinstance(v, dict) and set(v) == {"lat", "lon"} and \
            -90 <= float(v["lat"]) <= 90 and -180 <= float(v["lon"]) <= 180
    if typ in ("flattened", "flat_object"):
        return isinstance(v, dict) or \
            (isinstance(v, list) and all(isinstance(x, dict) for x in v))
    return False


def check_events(t, ecs, cf_dir, ns, seen_file):
    documented = set()
    for fields in logpush_fields(cf_dir).values():
        documented |= set(fields)
    seen = {}
    unknown_cf = set()
    dynamic_root = t["template"]["mappings"].get("dynamic", True)
    nevents = 0

    def expect(path):
        e = ecs.get(path)
        return "date_nanos" if ns and e == "date" else e

    def leaf(path, m, v):
        typ = m.get("type", "object")
        first = path not in seen
        seen[path] = typ
        if first and not path.startswith("cloudflare."):
            e = expect(path)
            if e is None:
                problem("%s: mapped as %s but not an ECS field" % (path, typ))
            elif e != typ:
                problem("%s: template type %s, ECS type %s" % (path, typ, e))
            for sub, sm in m.get("fields", {}).items():
                if expect(path + "." + sub) != sm.get("type"):
                    problem("%s.%s: multi-field %s, ECS type %s"
                            % (path, sub, sm.get("type"),
                               expect(path + "." + sub)))
            for name in ecs:
                if name.startswith(path + ".") and \
                        name[len(path) + 1:] not in m.get("fields", {}) and \
                        "." not in name[len(path) + 1:] and \
                        typ not in ("object", "nested"):
                    problem("%s: ECS multi-field %s missing" % (path, name))
        if typ == "object" and m.get("enabled") is False:
            return
        if not value_ok(typ, v):
            problem("%s: value %s refused by a %s field"
                    % (path, json.dumps(v)[:80], typ))

    def walk(obj, node, prefix, dynamic):
        for k, v in obj.items():
            path = prefix + k
            m = node.get(k)
            if m is None:
                if path.startswith("cloudflare."):
                    # dynamic: false: kept in _source, not indexed
                    if dynamic is not False or k in documented:
                        problem("%s: documented Logpush field not mapped"
                                % path)
                    unknown_cf.add(path)
                elif path in ecs or any(n.startswith(path + ".")
                                        for n in ecs):
                    problem("%s: ECS field not in the template" % path)
                elif dynamic is False or dynamic == "strict":
                    problem("%s: not mapped, and not dynamic" % path)
                else:
                    seen[path] = "dynamic"
                continue
            typ = m.get("type")
            if "properties" in m and typ in (None, "object", "nested"):
                sub_dynamic = m.get("dynamic", dynamic)
                items = v if isinstance(v, list) else [v]
                for x in items:
                    if not isinstance(x, dict):
                        problem("%s: %s where the template has an object"
                                % (path, json.dumps(x)[:60]))
                        continue
                    walk(x, m["properties"], path + ".", sub_dynamic)
                if not path.startswith("cloudflare") and \
                        expect(path) not in (None, typ or "object"):
                    problem("%s: template %s, ECS %s"
                            % (path, typ or "object", expect(path)))
                seen[path] = typ or "object"
            else:
                leaf(path, m, v)

    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        ev = json.loads(line)
        if "index" in ev or "create" in ev:
            continue            # a _bulk action line
        nevents += 1
        walk(ev, props(t), "", dynamic_root)
    if seen_file:
        with open(seen_file, "w") as f:
            for p in sorted(seen):
                f.write("%s\t%s\n" % (p, seen[p]))
    if nevents == 0:
        problem("no events read")
    finish("%d events, %d distinct fields checked (%d undocumented "
           "cloudflare.* fields left unindexed)"
           % (nevents, len(seen), len(unknown_cf)))


# ---- Logpush field lists ----

def es_type(doc, opensearch):
    t = re.sub(r"^array\[(.*)\]$", r"\1", doc)
    return {"string": "keyword", "int": "long", "int or string": "keyword",
            "bool": "boolean", "float": "double",
            "object": "flat_object" if opensearch else "flattened"}[t]


def check_logpush(t, cf_dir, opensearch, dataset):
    lists = logpush_fields(cf_dir)
    if dataset is not None:
        lists = {dataset: lists[dataset]}
    want = {}
    for fields in lists.values():
        for name, doc in fields.items():
            want.setdefault(name, set()).add(es_type(doc, opensearch))
    cf = props(t).get("cloudflare", {})
    if cf.get("dynamic") is not False:
        problem("cloudflare: dynamic %r, want false" % cf.get("dynamic"))
    mapped = cf.get("properties", {})
    for name, types in sorted(want.items()):
        if len(types) == 1:
            exp = {"type": next(iter(types))}
        elif types == {"long", "double"}:
            exp = {"type": "double"}
        elif types & {"flattened", "flat_object"}:
            exp = {"type": "object", "enabled": False}
        else:
            exp = {"type": "keyword"}
        m = mapped.get(name)
        if m is None:
            problem("cloudflare.%s: not in the template" % name)
        elif any(m.get(k) != v for k, v in exp.items()):
            problem("cloudflare.%s: %r, want %r (documented: %s)"
                    % (name, m, exp, sorted(types)))
    for name in mapped:
        if name not in want:
            problem("cloudflare.%s: in the template, in no field list" % name)
    finish("%d cloudflare.* fields of %d datasets checked"
           % (len(want), len(lists)))


def main(argv):
    mode, tpath = argv[1], argv[2]
    with open(tpath) as f:
        t = json.load(f)
    opts = argv[3:]
    flag = lambda name: name in opts

    def values(name):
        return [opts[i + 1] for i in range(len(opts) - 1) if opts[i] == name]

    if mode == "shape":
        ecs, version = load_ecs(opts[0])
        n = check_shape(t, ecs, version, flag("--opensearch"), flag("--ns"),
                        flag("--data-stream"), values("--pattern"))
        finish("%d mappings checked" % n)
    elif mode == "events":
        ecs, _ = load_ecs(opts[0])
        seen = values("--seen")
        check_events(t, ecs, opts[1], flag("--ns"), seen[0] if seen else None)
    elif mode == "logpush":
        ds = values("--dataset")
        check_logpush(t, opts[0], flag("--opensearch"), ds[0] if ds else None)
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main(sys.argv)
