#!/usr/bin/env bash
# Builds the agent jar twice, from two fresh clones of the same commit in different folders, and
# says whether the two cors-agent.jar files are byte-identical (exit 0) or not (exit 1, with the
# entries that differ). Usage: scripts/reproducible-build.sh [COMMIT]   (default HEAD)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
commit="$(git -C "$root" rev-parse "${1:-HEAD}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for side in a b; do
  git clone -q "$root" "$work/$side"
  git -C "$work/$side" checkout -q "$commit"
  # the second build runs in a deeper folder, so a path that leaks into the jar shows
  if [ "$side" = b ]; then mv "$work/b" "$work/b-elsewhere"; mkdir -p "$work/b"; mv "$work/b-elsewhere" "$work/b/deeper"; dir="$work/b/deeper"; else dir="$work/a"; fi
  (cd "$dir" && mvn -B -q ${MVN_OFFLINE:+-o} package -pl agent -DskipTests >"$work/$side.log" 2>&1) \
    || { echo "build $side failed:"; tail -30 "$work/$side.log"; exit 2; }
  cp "$dir/agent/target/cors-agent.jar" "$work/cors-agent-$side.jar"
done
sum_a="$(sha256sum "$work/cors-agent-a.jar" | cut -d' ' -f1)"
sum_b="$(sha256sum "$work/cors-agent-b.jar" | cut -d' ' -f1)"
echo "commit $commit"
echo "build a: $sum_a"
echo "build b: $sum_b"
if [ "$sum_a" = "$sum_b" ]; then
  echo "reproducible: the two jars are byte-identical"
  exit 0
fi
echo "NOT reproducible; entries that differ:"
python3 - "$work/cors-agent-a.jar" "$work/cors-agent-b.jar" <<'PY'
import sys, zipfile, hashlib
a, b = (zipfile.ZipFile(p) for p in sys.argv[1:3])
ia = {i.filename: i for i in a.infolist()}; ib = {i.filename: i for i in b.infolist()}
if list(ia) != list(ib): print("  entry order or names differ")
for n in ia:
    if n not in ib: print("  only in a:", n); continue
    if a.read(n) != b.read(n) or ia[n].date_time != ib[n].date_time: print("  differs:", n)
for n in ib:
    if n not in ia: print("  only in b:", n)
PY
exit 1
