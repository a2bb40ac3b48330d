#!/usr/bin/env bash
# The Milvus source's memory against the collection's size: a Milvus Lite collection of N x D float32 rows
# (INT64 ids) saved as an HDF5 file by `milvusdm to-hdf5` with default run options, its peak RSS (/usr/bin/time)
# and the Lite server's CPU seconds for the read. The source alone, no reference: run it at two sizes and
# compare the peaks. Prints one line; appends nothing to bench/RESULTS.md.
#
#   bench/source-memory/run.sh [--rows N] [--dim D] [--port P] [--milvusdm DIR] [--keep]
#
#   --rows N        rows of the collection (1000000)
#   --dim D         vector dimension (16: narrow rows, so that keys are a large share of what is read)
#   --port P        a free port for the Lite server (19790)
#   --milvusdm DIR  the checkout whose bin/milvusdm runs (this one); built with package if its jar is missing
#   --keep          keep the server and its data (bench/work/source-memory) for another run with --reuse
#   --reuse         read the collection a --keep run left, without loading it again
#
# Needs /usr/bin/time, the pinned venv (MILVUSDM_VENV picks another); disk: about 0.2 GB + N x (D x 4 + 8) x 3
# bytes (the Lite data, the HDF5 file and its staging file): 2.3 GB at 10M x 16.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
work="$root/bench/work/source-memory"
rows=1000000
dim=16
port=19790
milvusdm="$root"
keep=false
reuse=false
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --dim) dim="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --milvusdm) milvusdm=$(cd "$2" && pwd); shift 2 ;;
    --keep) keep=true; shift ;;
    --reuse) reuse=true; shift ;;
    *) echo "run.sh: unknown option '$1'; see the header of $0 for the options" >&2; exit 2 ;;
  esac
done
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

if [ ! -f "$milvusdm/milvusdm-cli/target/milvusdm.jar" ]; then
  log "building $milvusdm (package, no tests)"
  (cd "$milvusdm" && ./mvnw -q -B -o package -DskipTests)
fi
py=$("$root/scripts/python-env")
uri="http://127.0.0.1:$port"
collection="mem_${rows}x${dim}"
cleanup() {
  rm -rf "$work/out.h5" "$work/out.h5.yaml" "$work/data"
  if [ "$keep" = false ]; then
    "$root/scripts/milvus-local" stop --data-dir "$work/lite" >/dev/null 2>&1 || true
    rm -rf "$work"
  fi
}
trap cleanup EXIT

if [ "$reuse" = false ]; then
  "$root/scripts/milvus-local" stop --data-dir "$work/lite" >/dev/null 2>&1 || true
  rm -rf "$work"; mkdir -p "$work/data"
  "$root/scripts/milvus-local" start --server lite --port "$port" --data-dir "$work/lite" >&2
  log "setup (untimed): ${rows}x${dim} float32 written by h5py, loaded with milvusdm H2M into $collection"
  "$py" - "$work/data/load.h5" "$rows" "$dim" <<'PY'
import sys, h5py, numpy as np
rows, dim = int(sys.argv[2]), int(sys.argv[3])
with h5py.File(sys.argv[1], 'w') as f:
    f.create_dataset('embeddings', data=np.random.default_rng(7).standard_normal((rows, dim), dtype=np.float32))
    f.create_dataset('ids', data=np.arange(rows, dtype='<i8') * 3 + 11)
PY
  cat > "$work/load.yaml" <<YAML
H2M:
  data_path: [$work/data/load.h5]
  dest_uri: $uri
  mode: overwrite
  dest_collection_name: $collection
  dest_partition_name: ''
  collection_parameter: {dimension: $dim, metric_type: L2}
YAML
  "$root/bin/milvusdm" --yaml "$work/load.yaml" --no-progress >&2
  rm -rf "$work/data"
fi

server=$(awk '{print $1}' "$work/lite/milvus-local.pid")
cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; }
log "measure: milvusdm to-hdf5 from $milvusdm"
before=$(cpu)
/usr/bin/time -f "%e %M" -o "$work/time" "$milvusdm/bin/milvusdm" to-hdf5 --milvus-uri "$uri" \
  --collection "$collection" --out "$work/out.h5" --no-progress > "$work/out.log" 2>&1 || {
  echo "run.sh: to-hdf5 failed:" >&2; tail -20 "$work/out.log" >&2; exit 1; }
after=$(cpu)
read -r wall rss < "$work/time"
echo "rows=$rows dim=$dim milvusdm=$milvusdm wall_s=$wall peak_rss_mib=$((rss / 1024))" \
  "server_cpu_s=$(( (after - before) / 100 )) $(grep -o 'rows in target: .*' "$work/out.log")"
