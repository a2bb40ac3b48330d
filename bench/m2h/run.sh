#!/usr/bin/env bash
# The M2H benchmark: a Milvus Lite collection of N x 128 float32 rows saved as an HDF5 file by milvusdm
# (`milvusdm to-hdf5`, contiguous and --compression gzip:1) and by the reference, pymilvus `query_iterator` +
# h5py writing the same layout; both files checked to hold the same rows. One run, side by side; appends a dated
# section to bench/RESULTS.md.
#
#   bench/m2h/run.sh [--rows N] [--port P] [--split-bytes SIZE]   (1000000 rows; port 19760; 1GB)
#
# --split-bytes goes to milvusdm to-hdf5: 1GB makes one split, so one reader, as the reference has (Milvus Lite
# answers one query at a time, each costing a pass over the whole collection, so parallel readers gain nothing).
#
# Needs /usr/bin/time, the pinned venv (scripts/python-env; MILVUSDM_VENV picks another), a free --port, about 2 GB under bench/work/m2h.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
here="$root/bench/m2h"
work="$root/bench/work/m2h"
rows=1000000
port=19760
split_bytes=1GB
command_line="bench/m2h/run.sh $*"
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --split-bytes) split_bytes="$2"; shift 2 ;;
    *) echo "run.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

log "building milvusdm (package, no tests)"
(cd "$root" && ./mvnw -q -B -o package -DskipTests)
py=$("$root/scripts/python-env")
rm -rf "$work"; mkdir -p "$work"
uri="http://127.0.0.1:$port"
cleanup() {
  "$root/scripts/milvus-local" stop --data-dir "$work/lite" >/dev/null 2>&1 || true
  rm -rf "$work/data" "$work/lite" "$work"/*.h5
}
trap cleanup EXIT
"$root/scripts/milvus-local" start --server lite --port "$port" --data-dir "$work/lite" >&2

log "setup (untimed): ${rows}x128 float32 written by h5py, loaded with milvusdm H2M into collection bench_m2h"
mkdir -p "$work/data"
"$py" - "$work/data/load.h5" "$rows" <<'PY'
import sys, h5py, numpy as np
rows = int(sys.argv[2])
with h5py.File(sys.argv[1], 'w') as f:
    f.create_dataset('embeddings', data=np.random.default_rng(7).standard_normal((rows, 128), dtype=np.float32))
    f.create_dataset('ids', data=np.arange(rows, dtype='<i8') * 3 + 11)
PY
cat > "$work/load.yaml" <<YAML
H2M:
  data_path: [$work/data/load.h5]
  dest_uri: $uri
  mode: overwrite
  dest_collection_name: bench_m2h
  collection_parameter: {dimension: 128, metric_type: L2}
YAML
"$root/bin/milvusdm" --yaml "$work/load.yaml" --no-progress >&2
rm -rf "$work/data"

results="$work/results.txt"; : > "$results"
measure() {  # measure NAME COMMAND...: wall seconds and peak RSS into results.txt
  local name="$1"; shift
  log "measure $name"
  /usr/bin/time -f "$name %e %M" -a -o "$results" "$@" > "$work/$name.out" 2> "$work/$name.err" || {
    echo "run.sh: $name failed:" >&2; tail -20 "$work/$name.err" >&2; exit 1; }
}
measure milvusdm "$root/bin/milvusdm" to-hdf5 --milvus-uri "$uri" --collection bench_m2h --out "$work/milvusdm.h5" \
  --split-bytes "$split_bytes" --no-progress
measure pymilvus "$py" "$here/pymilvus_export.py" --uri "$uri" --collection bench_m2h --out "$work/pymilvus.h5"
measure milvusdm-gzip1 "$root/bin/milvusdm" to-hdf5 --milvus-uri "$uri" --collection bench_m2h \
  --out "$work/milvusdm-gzip1.h5" --compression gzip:1 --split-bytes "$split_bytes" --no-progress
"$py" "$here/same_rows.py" "$work/milvusdm.h5" "$work/pymilvus.h5" > "$work/same.json"
"$py" "$here/same_rows.py" "$work/milvusdm-gzip1.h5" "$work/pymilvus.h5" >> "$work/same.json"
sizes=$(stat -c '%n %s' "$work"/*.h5 | sed "s|$work/||")

"$py" - "$results" "$root/bench/RESULTS.md" "$command_line" "$rows" "$sizes" "$split_bytes" <<'PY'
import sys, datetime
results, out, command, rows, sizes = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
split = sys.argv[6]
m = {}
for line in open(results):
    parts = line.split()
    if len(parts) == 3:
        m[parts[0]] = (float(parts[1]), int(parts[2]))
size = dict(l.split() for l in sizes.splitlines())
ours, ref, gz = m['milvusdm'], m['pymilvus'], m['milvusdm-gzip1']
now = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
section = f"""## M2H from Milvus Lite: run of {now}

Command: `{command}`. A Milvus Lite 3.2.2 collection of {rows:,} x 128 float32 rows (id INT64 + embedding),
saved as one HDF5 file. Wall time of each process (JVM or interpreter start included), peak RSS from
`/usr/bin/time`; both files checked to hold the same rows, bit for bit (`bench/m2h/same_rows.py`).

| | command | wall s | rows/s | peak RSS | file bytes |
|---|---|---|---|---|---|
| milvusdm | `milvusdm to-hdf5 --milvus-uri ... --collection bench_m2h --out milvusdm.h5 --split-bytes {split}` (exact key pages) | {ours[0]:.1f} | {rows/ours[0]:,.0f} | {ours[1]//1024} MiB | {int(size['milvusdm.h5']):,} |
| reference | `pymilvus_export.py`: `query_iterator` (10,000 rows a batch) + h5py into the same layout | {ref[0]:.1f} | {rows/ref[0]:,.0f} | {ref[1]//1024} MiB | {int(size['pymilvus.h5']):,} |
| milvusdm gzip | the same with `--compression gzip:1` (chunked, shuffle + deflate 1) | {gz[0]:.1f} | {rows/gz[0]:,.0f} | {gz[1]//1024} MiB | {int(size['milvusdm-gzip1.h5']):,} |

**Ratio (reference time / milvusdm time): {ref[0]/ours[0]:.2f}x** (gzip:1 variant: {ref[0]/gz[0]:.2f}x).

"""
text = open(out).read()
head, sep, rest = text.partition('\n## ')
open(out, 'w').write(head + '\n' + section + ('## ' + rest if sep else ''))
PY
cat "$work/same.json" >&2
log "wrote bench/RESULTS.md"
