#!/usr/bin/env bash
# The Milvus 1.x → Milvus benchmark: a generated 1.x data directory (N x 128 float32, segments of 100,000 rows,
# 0.1% deleted) migrated into Milvus Lite by milvusdm (MilvusDM's M2M YAML) and by the reference, the bare
# pymilvus insert loop (numpy reads the same files, MilvusClient.insert in batches of 10,000). Also times the
# pre-scan's repeated-id check alone: M2H of the same directory with duplicate_ids refuse (the default: every id
# sorted and merged) and keep_all (no check). One run, side by side; appends a dated section to bench/RESULTS.md.
#
#   bench/m1x/run.sh [--rows N] [--port P]      (1000000 rows; port 19765)
#
# Needs /usr/bin/time, the pinned venv (scripts/python-env), a free --port, about 2 GB under bench/work/m1x.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
here="$root/bench/m1x"
work="$root/bench/work/m1x"
rows=1000000
port=19765
command_line="bench/m1x/run.sh $*"
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
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
  rm -rf "$work/data" "$work/lite" "$work/h5"
}
trap cleanup EXIT

log "generating a ${rows}x128 Milvus 1.x directory (scripts/fixtures/milvus1x_fixtures.py bench)"
"$py" "$root/scripts/fixtures/milvus1x_fixtures.py" --out "$work/data" --rows "$rows" bench
source_dir="$work/data/bench"
live=$("$py" -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT sum(row_count) FROM TableFiles').fetchone()[0])" "$source_dir/db/meta.sqlite")
"$root/scripts/milvus-local" start --server lite --port "$port" --data-dir "$work/lite" >&2

results="$work/results.txt"; : > "$results"
measure() {  # measure NAME COMMAND...: wall seconds and peak RSS into results.txt
  local name="$1"; shift
  log "measure $name"
  /usr/bin/time -f "$name %e %M" -a -o "$results" "$@" > "$work/$name.out" 2> "$work/$name.err" || {
    echo "run.sh: $name failed:" >&2; tail -20 "$work/$name.err" >&2; exit 1; }
}
cat > "$work/m2m.yaml" <<YAML
M2M:
  milvus_version: 2.x
  source_milvus_path: $source_dir
  mysql_parameter:
  source_collection: {bench1x: []}
  dest_uri: $uri
  mode: overwrite
YAML
measure milvusdm "$root/bin/milvusdm" --yaml "$work/m2m.yaml" --no-progress
"$py" "$root/bench/h2m/milvus_admin.py" drop "$uri" bench1x
measure pymilvus "$py" "$here/pymilvus_insert_1x.py" --uri "$uri" --work-path "$source_dir" --collection bench1x
for policy in refuse keep_all; do
  cat > "$work/m2h-$policy.yaml" <<YAML
M2H:
  source_milvus_path: $source_dir
  mysql_parameter:
  source_collection: {bench1x: []}
  data_dir: $work/h5/$policy
  duplicate_ids: $policy
YAML
  measure "m2h-$policy" "$root/bin/milvusdm" --yaml "$work/m2h-$policy.yaml" --no-progress
done

"$py" - "$results" "$root/bench/RESULTS.md" "$command_line" "$rows" "$live" <<'PY'
import sys, datetime
results, out, command, rows, live = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
m = {}
for line in open(results):
    parts = line.split()
    if len(parts) == 3:
        m[parts[0]] = (float(parts[1]), int(parts[2]))
ours, ref, refuse, keep = m['milvusdm'], m['pymilvus'], m['m2h-refuse'], m['m2h-keep_all']
now = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
delta = refuse[0] - keep[0]
cost = f'about {delta:.1f} s' if delta >= 0.5 else 'less than this machine\'s noise (under 0.5 s)'
section = f"""## Milvus 1.x directory → Milvus Lite: run of {now}

Command: `{command}`. A generated Milvus 1.x directory (`milvus1x_fixtures.py bench`): collection `bench1x`,
{rows:,} x 128 float32 stored rows in segments of 100,000 (RAW, TO_INDEX, BACKUP), 0.1% deleted at spread
offsets, so {live:,} live rows. Each side creates the collection (FLAT, L2), inserts every live row, flushes and
counts; wall time of each process (JVM or interpreter start included), peak RSS from `/usr/bin/time`.

| | command | wall s | live rows/s | peak RSS |
|---|---|---|---|---|
| milvusdm | `milvusdm --yaml m2m.yaml` (MilvusDM's M2M keys, mode overwrite; pre-scan with the repeated-id check) | {ours[0]:.1f} | {live/ours[0]:,.0f} | {ours[1]//1024} MiB |
| reference | `pymilvus_insert_1x.py`: numpy reads each segment, `MilvusClient.insert` 10,000 rows a call | {ref[0]:.1f} | {live/ref[0]:,.0f} | {ref[1]//1024} MiB |

**Ratio (reference time / milvusdm time): {ref[0]/ours[0]:.2f}x.**

The repeated-id check of the pre-scan, measured without a server: M2H of the same directory into one HDF5 file
with `duplicate_ids: refuse` (every live id sorted in runs of 4 Mi ids and merged) took {refuse[0]:.1f} s (peak
RSS {refuse[1]//1024} MiB), with `keep_all` (no check) {keep[0]:.1f} s ({keep[1]//1024} MiB): for {live:,} ids
the check costs {cost}.

"""
text = open(out).read()
head, sep, rest = text.partition('\n## ')
open(out, 'w').write(head + '\n' + section + ('## ' + rest if sep else ''))
PY
log "wrote bench/RESULTS.md"
