#!/usr/bin/env bash
# The Milvus 2.x -> Milvus 2.x benchmark: one collection of --rows x 128 float32 rows (INT64 ids, FLAT index) on
# one Milvus Lite 3.2.2, copied to a second Milvus Lite by `milvusdm migrate --job` and by a pymilvus
# query_iterator -> insert loop, in the same run, each copy dropped before the next. Appends a section to
# bench/RESULTS.md.
#
#   bench/m2m/run.sh [--rows N] [--port P]
#
#   --rows N   rows of the source collection (1000000)
#   --port P   the source server's port; the target takes P+1 (19730)
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
here="$root/bench/m2m"
work="$root/bench/work/m2m"
rows=1000000
port=19730
command_line="bench/m2m/run.sh $*"
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    *) echo "run.sh: unknown option '$1'; see the header of $0 for the options" >&2; exit 2 ;;
  esac
done
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

log "building milvusdm"
(cd "$root" && ./mvnw -q -B package -DskipTests)
py=$("$root/scripts/python-env")
src_uri="http://127.0.0.1:$port"
dst_uri="http://127.0.0.1:$((port + 1))"

rm -rf "$work"
mkdir -p "$work"
stop() {
  "$root/scripts/milvus-local" stop --data-dir "$work/src" >/dev/null 2>&1 || true
  "$root/scripts/milvus-local" stop --data-dir "$work/dst" >/dev/null 2>&1 || true
}
trap stop EXIT
"$root/scripts/milvus-local" start --server lite --port "$port" --data-dir "$work/src"
"$root/scripts/milvus-local" start --server lite --port "$((port + 1))" --data-dir "$work/dst"

log "source: ${rows}x128 float32 rows into collection bench_src (H2M of an h5py file)"
"$py" "$root/scripts/fixtures/hdf5_fixtures.py" --out "$work/data" --rows "$rows" --dim 128 bench >/dev/null
cat > "$work/load.yaml" <<YAML
H2M:
  data_path: [$work/data/bench/contiguous.h5]
  dest_uri: $src_uri
  mode: overwrite
  dest_collection_name: bench_src
  dest_partition_name: ''
  collection_parameter: {dimension: 128, metric_type: L2}
YAML
"$root/bin/milvusdm" --yaml "$work/load.yaml" --no-progress --json > "$work/load.out"
rm -rf "$work/data"

cat > "$work/job.yaml" <<YAML
version: 1
source: {uri: $src_uri}
target: {uri: $dst_uri}
collections:
  include: [bench_src]
  mode: overwrite
  rules:
    - {match: bench_src, to: bench_ours}
YAML

log "milvusdm migrate --job"
/usr/bin/time -f '{"maxRssKb": %M, "wallSeconds": %e}' -o "$work/ours.time" \
  "$root/bin/milvusdm" migrate --job "$work/job.yaml" --no-progress --json > "$work/ours.out" 2> "$work/ours.err"
"$py" - "$dst_uri" <<'PY'
import sys
from pymilvus import MilvusClient
MilvusClient(uri=sys.argv[1]).drop_collection("bench_ours")
PY

log "pymilvus query_iterator -> insert"
/usr/bin/time -f '{"maxRssKb": %M, "wallSeconds": %e}' -o "$work/py.time" \
  "$py" "$here/pymilvus_copy.py" --source "$src_uri" --target "$dst_uri" --collection bench_src --into bench_py \
  > "$work/py.out" 2> "$work/py.err"

"$py" - "$work" "$rows" "$command_line" "$root/bench/RESULTS.md" <<'PY'
import json, sys, datetime
work, rows, command, results = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
lines = [json.loads(l) for l in open(f"{work}/ours.out") if l.startswith("{")]
unit = next(l for l in lines if not l.get("totals"))
ours_time = json.load(open(f"{work}/ours.time"))
py = json.loads(open(f"{work}/py.out").read().strip().splitlines()[-1])
py_time = json.load(open(f"{work}/py.time"))
ours_s = unit["seconds"]
ratio = py["seconds"] / ours_s
wall_ratio = py_time["wallSeconds"] / ours_time["wallSeconds"]
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
text = f"""
## M2M (Milvus 2.x → Milvus 2.x): run of {now}

- command: `{command}` ({rows:,} × 128 float32 rows, INT64 ids, FLAT index, on one Milvus Lite 3.2.2; copied to a
  second Milvus Lite 3.2.2 on the same machine; each copy dropped before the next)
- milvusdm: `milvusdm migrate --job` (2 workers, 8 MiB batches, every field in wire form, target created from the
  source's schema and index); pymilvus: `query_iterator(batch_size=8192)` → `MilvusClient.insert`, one thread,
  then flush + count (bench/m2m/pymilvus_copy.py)

| | rows copied | target rows | seconds (copy + flush + count) | rows/s | process wall s | peak RSS |
|---|---|---|---|---|---|---|
| milvusdm | {unit["rowsWritten"]:,} | {unit["targetRows"]:,} | {ours_s:.1f} | {unit["rowsWritten"] / ours_s:,.0f} | {ours_time["wallSeconds"]:.1f} | {ours_time["maxRssKb"] / 1024:,.0f} MB |
| pymilvus | {py["rows"]:,} | {py["target_rows"]:,} | {py["seconds"]:.1f} | {py["rows_per_second"]:,.0f} | {py_time["wallSeconds"]:.1f} | {py_time["maxRssKb"] / 1024:,.0f} MB |

**Ratio milvusdm / pymilvus (rows/s): {ratio:.2f}×** (process wall time: {wall_ratio:.2f}×). Target: ≥ 1.
"""
with open(results) as f:
    content = f.read()
head, sep, rest = content.partition("\n## ")
with open(results, "w") as f:
    f.write(head.rstrip("\n") + "\n" + text + ("\n## " + rest if sep else ""))
print(text)
PY
