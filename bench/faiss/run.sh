#!/usr/bin/env bash
# Faiss index writing, faiss-cpu vs milvusdm, side by side in one run.
#   bench/faiss/run.sh [ROWS] [DIM] [NLIST] [ROUNDS]   (files under ${BENCH_DIR:-/tmp/milvusdm-faiss-bench}, deleted
#   at the end; each measurement ROUNDS (3) times, one process each on our side, faiss's in one Python process)
# faiss: IndexIDMap2(IndexFlatL2) add_with_ids + write_index; IndexIVFFlat train + add_with_ids + write_index,
# from numpy arrays in memory. milvusdm: NpySource -> JobRunner (2 workers) -> FaissSink, from the .npy files.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${BENCH_DIR:-/tmp/milvusdm-faiss-bench}
rows=${1:-1000000}; dim=${2:-128}; nlist=${3:-1024}; rounds=${4:-3}
py=$("$root/scripts/python-env")
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir"
(cd "$root" && ./mvnw -B -q -pl milvusdm-core -DskipTests package \
  && ./mvnw -B -q -pl milvusdm-core dependency:build-classpath -Dmdep.outputFile="$dir/cp.txt")
cp="$root/milvusdm-core/target/classes:$(cat "$dir/cp.txt")"
"$py" "$root/scripts/fixtures/faiss_writer_fixtures.py" bench --out "$dir" --rows "$rows" --dim "$dim" --nlist "$nlist" --rounds "$rounds"
# the IVF list search and k-means use the JDK's vector API, as bin/milvusdm to-faiss starts the JVM
java="java -Xmx1g --add-modules jdk.incubator.vector"
for kind in idmap2 ivf_centroids ivf train; do
  for _ in $(seq "$rounds"); do
    $java -cp "$cp" "$root/bench/faiss/FaissWriteBench.java" "$dir" "$kind" "$nlist" 2
  done
done
"$py" "$root/scripts/fixtures/faiss_writer_fixtures.py" bench-compare "$dir"
# once without the vector API, as a JVM without the module runs it
$java -Dmilvusdm.simd=false -cp "$cp" "$root/bench/faiss/FaissWriteBench.java" "$dir" ivf_centroids "$nlist" 2
