#!/usr/bin/env bash
# Dump of a Faiss IndexIVFFlat (ROWS x DIM, written by faiss-cpu) to local files, side by side in one run:
#   milvusdm dump --format npy       chunked per-field .npy folders + manifest (SHA-256 of every file)
#   milvusdm dump --format parquet   chunked Parquet files + manifest
#   milvus-migration dump            its own tool, if `go install` through the Go module proxy gets it
#   faiss-cpu + numpy (+ pyarrow)    the reference when milvus-migration cannot be had: read_index, every
#                                    inverted list's ids and vectors, np.save (pyarrow.parquet.write_table)
#   bench/dump/run.sh [ROWS] [DIM] [NLIST]   (files under ${BENCH_DIR:-/tmp/milvusdm-dump-bench}, deleted at the end)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${BENCH_DIR:-/tmp/milvusdm-dump-bench}
rows=${1:-1000000}; dim=${2:-128}; nlist=${3:-1024}
py=$("$root/scripts/python-env")
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir"
(cd "$root" && ./mvnw -B -q -DskipTests package)

"$py" - "$dir/ivf.index" "$rows" "$dim" "$nlist" <<'PY'
import sys, faiss, numpy as np
path, rows, dim, nlist = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = np.random.default_rng(1)
x = rng.standard_normal((rows, dim)).astype(np.float32)
index = faiss.IndexIVFFlat(faiss.IndexFlatL2(dim), dim, nlist)
index.train(x[: min(rows, 50 * nlist)])
index.add_with_ids(x, np.arange(rows, dtype=np.int64) * 3 + 11)
faiss.write_index(index, path)
PY
ls -l "$dir/ivf.index"

config() {  # $1 = format
  cat > "$dir/$1.yaml" <<YAML
dumper:
  worker: {workMode: faiss, limit: 2}
  format: $1
source:
  mode: local
  local: {faissFile: $dir/ivf.index}
target:
  create: {collection: {name: bench_$1, dim: $dim, metricType: L2}}
  mode: local
  local: {outputDir: $dir/out-$1}
YAML
}

timed() {  # runs a command, prints its wall seconds and peak RSS (KiB) as "s rss"
  /usr/bin/time -f "%e %M" -o "$dir/time.txt" "$@" > "$dir/last.out" 2> "$dir/last.err" || {
    cat "$dir/last.out" "$dir/last.err" >&2; return 1; }
  cat "$dir/time.txt"
}

results="$dir/results.txt"
: > "$results"
for format in npy parquet; do
  config "$format"
  sync; echo "milvusdm-$format $(timed "$root/bin/milvusdm" dump --config "$dir/$format.yaml" --no-progress --json) $(du -sb "$dir/out-$format" | cut -f1)" >> "$results"
  cat "$dir/last.out"
done
for format in npy parquet; do
  sync; echo "faiss+numpy-$format $(timed "$py" "$root/bench/dump/reference_dump.py" "$dir/ivf.index" "$dir/ref-$format" "$format") $(du -sb "$dir/ref-$format" | cut -f1)" >> "$results"
  cat "$dir/last.out"
done

# milvus-migration itself, installed into the bench folder (its code is never part of this repository)
migration="unavailable"
if GOPATH="$dir/go" GOCACHE="$dir/go-cache" GOFLAGS=-mod=mod \
     go install github.com/zilliztech/milvus-migration@latest > "$dir/go-install.log" 2>&1; then
  migration="$dir/go/bin/milvus-migration"
  mkdir -p "$dir/mm-out"
  cat > "$dir/mm.yaml" <<YAML
dumper:
  worker: {limit: 2, workMode: faiss, reader: {bufferSize: 1024}, writer: {bufferSize: 1024}}
loader:
  worker: {limit: 2}
source:
  mode: local
  local: {faissFile: $dir/ivf.index}
target:
  create: {collection: {name: bench_mm, shardsNum: 1, dim: $dim, metricType: L2}}
  mode: local
  local: {outputDir: $dir/mm-out}
YAML
  sync; echo "milvus-migration $(timed "$migration" dump --config="$dir/mm.yaml") $(du -sb "$dir/mm-out" | cut -f1)" >> "$results"
else
  echo "milvus-migration: go install failed: $(tail -2 "$dir/go-install.log" | tr '\n' ' ')"
fi
echo "--- results (name, wall s, peak RSS KiB, bytes on disk) ---"
cat "$results"
