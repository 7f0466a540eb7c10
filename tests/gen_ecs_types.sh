#!/bin/sh
# gen_ecs_types.sh: derive tests/ecs_types.tsv, the type of every ECS field
# in ECS's own published index templates, for the template test.
#
# usage:
#	sh tests/gen_ecs_types.sh ECS_GIT_DIR > tests/ecs_types.tsv
#
# ECS_GIT_DIR is a clone (or bare repository) of https://github.com/elastic/ecs;
# the files read are generated/elasticsearch/composable/component/*.json at
# its HEAD.  Each line: dotted field name, TAB, mapping type (a
# multi-field is name.text); groups without a type of their own are left
# out.
set -eu

if [ $# -ne 1 ]; then
	echo "usage: $0 ECS_GIT_DIR" >&2
	exit 2
fi
commit=$(git -C "$1" rev-parse HEAD)
dir=generated/elasticsearch/composable/component
files=$(git -C "$1" ls-tree --name-only HEAD "$dir/")
[ -n "$files" ] || { echo "$0: no $dir in $1" >&2; exit 1; }
for f in $files; do
	git -C "$1" show "HEAD:$f"
	printf '\n\036\n'		# record separator between files
done | python3 -c '
import json, sys

version = None
types = {}

def walk(props, prefix):
    for name, m in props.items():
        path = prefix + name
        if "type" in m or "properties" not in m:
            types[path] = m.get("type", "object")
        for sub, sm in m.get("fields", {}).items():
            types[path + "." + sub] = sm["type"]
        if "properties" in m:
            walk(m["properties"], path + ".")

for text in sys.stdin.read().split("\n\036\n"):
    if text.strip():
        doc = json.loads(text)
        version = version or doc["_meta"]["ecs_version"]
        walk(doc["template"]["mappings"]["properties"], "")
print("# ECS %s field types, from https://github.com/elastic/ecs commit %s," % (version, sys.argv[1]))
print("# generated/elasticsearch/composable/component/*.json (Apache License 2.0).")
print("# Regenerate: sh tests/gen_ecs_types.sh ECS_GIT_DIR > tests/ecs_types.tsv")
for path in sorted(types):
    print("%s\t%s" % (path, types[path]))
' "$commit"
