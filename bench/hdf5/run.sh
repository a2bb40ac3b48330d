#!/usr/bin/env bash
# Chunked HDF5 read throughput, h5py vs milvusdm (1 and 2 threads), side by side in one run.
#   bench/hdf5/run.sh [ROUNDS]      (files under ${BENCH_DIR:-/tmp/milvusdm-bench}, deleted at the end)
# 1M x 128 float32 (512 MB), chunks (2048, 128), gzip level 1 and 4 after shuffle; page cache warmed before
# each file; best of 3 per process.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${BENCH_DIR:-/tmp/milvusdm-bench}
py=$("$root/scripts/python-env")
trap 'rm -rf "$dir"' EXIT
"$py" "$root/scripts/fixtures/hdf5_fixtures.py" --out "$dir" bench >/dev/null
(cd "$root" && ./mvnw -B -q -pl milvusdm-core -DskipTests package \
  && ./mvnw -B -q -pl milvusdm-core dependency:build-classpath -Dmdep.outputFile="$dir/cp.txt")
cp="$root/milvusdm-core/target/classes:$(cat "$dir/cp.txt")"
for round in $(seq "${1:-1}"); do
  for level in 1 4; do
    file="$dir/bench/gzip$level.h5"
    cat "$file" > /dev/null
    "$py" "$root/bench/hdf5/h5py_read.py" "$file" 3
    for threads in 1 2; do
      java -Xmx1g -cp "$cp" "$root/bench/hdf5/Hdf5ReadBench.java" "$file" "$threads" 3
    done
  done
done
