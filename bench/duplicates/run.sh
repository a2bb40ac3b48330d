#!/usr/bin/env bash
# Near-duplicate search: milvusdm's findDuplicates (in-memory backend, and optionally the Milvus backend on a full
# Milvus) against numpy computing the same greedy near-duplicates as FiftyOne's sklearn backend, on the same
# vectors (a quarter planted near-copies), cosine, in one run. Checks that every side finds the same duplicate ids
# and appends a section to bench/RESULTS.md.
#
#   bench/duplicates/run.sh [ROWS] [DIM] [THRESHOLD]      (defaults 20000 512 0.99)
#
# Optional: BENCH_FULL_MILVUS_URI=http://HOST:PORT adds the Milvus backend on a full Milvus (e.g. scripts/milvus-local
# start --server milvus23 --auth), with credentials from MILVUSDM_SIMILARITY_MILVUS_USER/_PASSWORD. Milvus Lite is
# left out: its search is pure Python, seconds a query at this size.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rows=${1:-20000}; dim=${2:-512}; threshold=${3:-0.99}
dir=${BENCH_DIR:-/tmp/milvusdm-duplicates-bench}
py="${MILVUSDM_VENV:-$root/.milvusdm/venv}/bin/python"
rm -rf "$dir" && mkdir -p "$dir"
trap 'rm -rf "$dir"' EXIT

(cd "$root" && ./mvnw -B -q -o -pl milvusdm-core -DskipTests package \
  && ./mvnw -B -q -o -pl milvusdm-core dependency:build-classpath -Dmdep.outputFile="$dir/cp.txt")
cp="$root/milvusdm-core/target/classes:$(cat "$dir/cp.txt")"
"$py" "$root/bench/duplicates/make_data.py" "$dir" "$rows" "$dim"

results="$dir/results.jsonl"
"$py" "$root/bench/duplicates/numpy_duplicates.py" "$dir" "$threshold" | tee -a "$results"
java -Xmx4g --add-modules jdk.incubator.vector -cp "$cp" "$root/bench/duplicates/DuplicatesBench.java" "$dir" inmemory - "$threshold" inmemory \
  2>"$dir/inmemory.err" | grep '^{' | tee -a "$results"
if [ -n "${BENCH_FULL_MILVUS_URI:-}" ]; then
  java -Xmx4g --add-modules jdk.incubator.vector -cp "$cp" "$root/bench/duplicates/DuplicatesBench.java" "$dir" milvus "$BENCH_FULL_MILVUS_URI" \
    "$threshold" milvus-full 2>"$dir/milvus-full.err" | grep '^{' | tee -a "$results"
fi

"$py" - "$dir" "$results" "$root/bench/RESULTS.md" "bench/duplicates/run.sh $*" "$rows" "$dim" "$threshold" <<'PY'
import json, sys, datetime, subprocess, os
dir, results, out, command, rows, dim, threshold = sys.argv[1:8]
r = {json.loads(line)["side"]: json.loads(line) for line in open(results)}
expected = open(os.path.join(dir, "numpy.dups")).read().split()
for side in r:
    found = open(os.path.join(dir, side + ".dups")).read().split()
    if sorted(found) != sorted(expected):
        sys.exit(f"{side} found {len(found)} duplicates, numpy {len(expected)}: the sides disagree")
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
ref = r["numpy"]["seconds"]
lines = [f"\n## Near-duplicates ({datetime.date.today()})\n",
         f"`{command}`: {rows} x {dim} float32, a quarter planted near-copies, cosine > {threshold}; every side "
         f"found the same {len(expected)} duplicate ids. {java}; numpy {__import__('numpy').__version__}.\n",
         "| side | seconds | vs numpy |", "|---|---|---|"]
for side, v in r.items():
    lines.append(f"| {side} | {v['seconds']} | {ref / v['seconds']:.2f}x |")
with open(out, "a") as f:
    f.write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
