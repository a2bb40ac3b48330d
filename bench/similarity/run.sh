#!/usr/bin/env bash
# Similarity query throughput and latency: milvusdm's in-memory backend and its Milvus backend (Milvus Lite, the
# backend's default index) against a numpy brute force, on the same random vectors and queries, one query at a
# time, in one run. Appends a section to bench/RESULTS.md.
#
#   bench/similarity/run.sh [ROWS] [DIM] [QUERIES] [K] [PORT]      (defaults 100000 512 300 10 19870)
#
# Optional: BENCH_FULL_MILVUS_URI=http://HOST:PORT adds a side on a full Milvus (e.g. scripts/milvus-local start
# --server milvus23 --auth), with credentials from MILVUSDM_SIMILARITY_MILVUS_USER/_PASSWORD; BENCH_SKIP_LITE=1
# leaves the Milvus Lite side out (Lite answers a 100k x 512 query in seconds: its search is pure Python);
# BENCH_FULL_MILVUS_HNSW="M=16,efConstruction=200" adds a second full-Milvus side with that HNSW index, searched
# with the backend's default ef.
#
# Cosine metric. numpy normalises the rows once before the clock, as the in-memory backend keeps row norms.
# Both numpy (OpenBLAS) and Java use the machine's 2 cores. Index builds are timed apart from the queries.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rows=${1:-100000}; dim=${2:-512}; queries=${3:-300}; k=${4:-10}; port=${5:-19870}
warmup=20
dir=${BENCH_DIR:-/tmp/milvusdm-similarity-bench}
py="${MILVUSDM_VENV:-$root/.milvusdm/venv}/bin/python"
rm -rf "$dir" && mkdir -p "$dir"
cleanup() {
  "$root/scripts/milvus-local" stop --data-dir "$dir/lite" >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

(cd "$root" && ./mvnw -B -q -o -pl milvusdm-core -DskipTests package \
  && ./mvnw -B -q -o -pl milvusdm-core dependency:build-classpath -Dmdep.outputFile="$dir/cp.txt")
cp="$root/milvusdm-core/target/classes:$(cat "$dir/cp.txt")"
"$py" "$root/bench/similarity/make_data.py" "$dir" "$rows" "$dim" "$queries"
if [ "${BENCH_SKIP_LITE:-0}" != 1 ]; then
  "$root/scripts/milvus-local" start --server lite --port "$port" --data-dir "$dir/lite"
fi

results="$dir/results.jsonl"
"$py" "$root/bench/similarity/numpy_bench.py" "$dir" "$k" "$warmup" | tee -a "$results"
java -Xmx4g --add-modules jdk.incubator.vector -cp "$cp" "$root/bench/similarity/SimilarityBench.java" "$dir" inmemory "-" "$k" "$warmup" \
  2>"$dir/inmemory.err" | grep '^{' | tee -a "$results"
if [ "${BENCH_SKIP_LITE:-0}" != 1 ]; then
  java -Xmx4g --add-modules jdk.incubator.vector -cp "$cp" "$root/bench/similarity/SimilarityBench.java" "$dir" milvus "http://127.0.0.1:$port" "$k" \
    "$warmup" 2>"$dir/milvus.err" | grep '^{' | tee -a "$results"
fi
if [ -n "${BENCH_FULL_MILVUS_URI:-}" ]; then
  java -Xmx4g --add-modules jdk.incubator.vector -cp "$cp" "$root/bench/similarity/SimilarityBench.java" "$dir" milvus "$BENCH_FULL_MILVUS_URI" "$k" \
    "$warmup" full 2>"$dir/milvus-full.err" | grep '^{' | tee -a "$results"
  if [ -n "${BENCH_FULL_MILVUS_HNSW:-}" ]; then
    java -Xmx4g --add-modules jdk.incubator.vector -cp "$cp" "$root/bench/similarity/SimilarityBench.java" "$dir" milvus "$BENCH_FULL_MILVUS_URI" "$k" \
      "$warmup" full-hnsw "HNSW:$BENCH_FULL_MILVUS_HNSW" 2>"$dir/milvus-full-hnsw.err" | grep '^{' | tee -a "$results"
  fi
fi

"$py" - "$results" "$root/bench/RESULTS.md" "bench/similarity/run.sh $*" "$rows" "$dim" "$queries" "$k" <<'PY'
import json, sys, datetime, platform, subprocess, numpy
results, out, command, rows, dim, queries, k = sys.argv[1:8]
r = {json.loads(line)["side"]: json.loads(line) for line in open(results)}
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
ref = r["numpy"]
servers = (["Milvus Lite 3.2.2"] if "milvus" in r else []) + \
    (["Milvus " + r["milvus-full"]["server"] + " (PyPI milvus, embedded standalone)"] if "milvus-full" in r else [])
def row(name, x):
    recall = f"{x['recall']:.3f}" if "recall" in x else "1 (exact)"
    build = f"{x['build_s']:.1f} s" if "build_s" in x else "-"
    return (f"| {name} | {x['qps']:,.1f} | {x['p50_ms']:.2f} | {x['p99_ms']:.2f} | {recall} | {build} "
            f"| {x['qps'] / ref['qps']:.2f} |")
rows_md = [row("numpy brute force (normalised rows, matrix-vector + argpartition)", ref),
           row("milvusdm in-memory backend (exact, Java, 2 threads)", r["inmemory"])]
for side, server in (("milvus", "Lite 3.2.2"), ("milvus-full", None), ("milvus-full-hnsw", None)):
    if side in r:
        index = r[side].get("index", "HNSW M=8, efConstruction=64")
        index = index.replace(":", " ") + (", default ef" if index.startswith("HNSW") else "")
        rows_md.append(row(f"milvusdm Milvus backend (Milvus {server or r[side]['server']}, {index})", r[side]))
table = "\n".join(rows_md)
section = f"""## Similarity queries: run of {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC

- command: `{command}`: {int(rows):,} x {dim} random float32 vectors, {queries} queries one at a time (after {20} warm-up queries), k = {k}, cosine
- {java}; Python {platform.python_version()}, numpy {numpy.__version__}; {" and ".join(servers)} on 127.0.0.1
- build: in-memory = dataset + vectors into the SQLite store and memory; Milvus = upsert through the SDK + index build

| side | queries/s | p50 ms | p99 ms | recall@{k} vs exact | build | throughput / numpy |
|---|---|---|---|---|---|---|
{table}

"""
text = open(out).read()
head, sep, rest = text.partition("\n## ")
open(out, "w").write(head + "\n" + section + "## " + rest if sep else text + "\n" + section)
print(section)
PY
