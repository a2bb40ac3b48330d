#!/usr/bin/env bash
# Parquet write throughput, milvusdm vs pyarrow, in one run on the same arrays (see bench/README.md):
#   milvusdm   NpySource -> ParquetBatchWriter (one thread, parquet-java), from vectors.npy + ids.npy
#   pyarrow    np.load(mmap) -> pa.Table -> pq.write_table (Arrow C++), from the same files
# Both write Milvus's bulk-import layout (int64 id, list<float> embedding) with ~32 MiB row groups, timed from the
# .npy files (page cache warm) to the closed Parquet file, best of --repeats; pyarrow then reads our file and must
# find the arrays bit for bit. Appends a dated section to bench/RESULTS.md.
#
#   bench/parquet/run.sh [--rows N] [--dim D] [--codecs "snappy none"] [--repeats N] [--keep-data]
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
here="$root/bench/parquet"
work="$root/bench/work/parquet"
rows=1000000
dim=128
codecs="snappy none"
repeats=3
keep_data=0
command_line="bench/parquet/run.sh $*"
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --dim) dim="$2"; shift 2 ;;
    --codecs) codecs="$2"; shift 2 ;;
    --repeats) repeats="$2"; shift 2 ;;
    --keep-data) keep_data=1; shift ;;
    *) echo "run.sh: unknown option '$1'; see the header of $0" >&2; exit 2 ;;
  esac
done
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

log "building milvusdm-bench (-Pbench, reactor package: nothing is installed)"
(cd "$root" && ./mvnw -q -B -Pbench package -DskipTests -pl milvusdm-bench -am)
py=$("$root/scripts/python-env")
java_bench=(java -Xmx1g -cp "$root/milvusdm-bench/target/milvusdm-bench.jar:$root/milvusdm-bench/target/lib/*")

rm -rf "$work"
mkdir -p "$work"
log "writing $rows x $dim float32 vectors and int64 ids with numpy"
"$py" - "$work" "$rows" "$dim" <<'PY'
import sys
import numpy as np
work, rows, dim = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(42)
np.save(work + '/vectors.npy', rng.standard_normal((rows, dim), dtype=np.float32))
np.save(work + '/ids.npy', np.arange(rows, dtype=np.int64) * 7 + 1611731769000715000)
PY
cat "$work/vectors.npy" "$work/ids.npy" > /dev/null   # page cache warm for both sides

results="$work/results.jsonl"
for codec in $codecs; do
  log "codec $codec: milvusdm"
  "${java_bench[@]}" io.milvusdm.bench.ParquetWriteBench --vectors "$work/vectors.npy" --ids "$work/ids.npy" \
      --out "$work/milvusdm-$codec.parquet" --codec "$codec" --repeats "$repeats" >> "$results"
  log "codec $codec: pyarrow"
  "$py" "$here/pyarrow_write.py" --vectors "$work/vectors.npy" --ids "$work/ids.npy" \
      --out "$work/pyarrow-$codec.parquet" --codec "$codec" --repeats "$repeats" >> "$results"
  log "codec $codec: pyarrow reads milvusdm's file"
  "$py" "$here/check_same.py" "$work/milvusdm-$codec.parquet" "$work/vectors.npy" "$work/ids.npy" >&2
done
log "milvusdm: the NumPy read alone"
"${java_bench[@]}" io.milvusdm.bench.ParquetWriteBench --vectors "$work/vectors.npy" --ids "$work/ids.npy" \
    --out "$work/unused" --repeats "$repeats" --read-only true >> "$results"
cat "$results" >&2

"$py" - "$results" "$root/bench/RESULTS.md" "$command_line" "$rows" "$dim" "$repeats" <<'PY'
import datetime, json, os, platform, sys
results, out, command, rows, dim, repeats = sys.argv[1:7]
lines = [json.loads(l) for l in open(results) if l.strip()]
by = {(l['tool'], l.get('codec')): l for l in lines}
cpus = os.cpu_count()
text = ['', '## Parquet write: milvusdm vs pyarrow (%s)' % datetime.date.today().isoformat(), '',
        '`%s` — %s rows x %s float32 + int64 ids, Milvus bulk-import layout, ~32 MiB row groups, one writer thread,'
        ' best of %s, from .npy files in the page cache to the closed file; %d CPUs shared with other work.'
        ' pyarrow read each of our files back and found the arrays bit for bit.' % (command, rows, dim, repeats, cpus),
        '', '| codec | milvusdm s | pyarrow s | milvusdm MB/s | pyarrow MB/s | pyarrow / milvusdm time | milvusdm file MB | pyarrow file MB |',
        '|---|---|---|---|---|---|---|---|']
for codec in sorted({l['codec'] for l in lines if l['tool'] == 'pyarrow'}):
    m, p = by[('milvusdm', codec)], by[('pyarrow', codec)]
    text.append('| %s | %.2f | %.2f | %.0f | %.0f | %.2f | %.1f | %.1f |' % (
        codec, m['seconds'], p['seconds'], m['input_mb_per_s'], p['input_mb_per_s'], p['seconds'] / m['seconds'],
        m['output_bytes'] / 1e6, p['output_bytes'] / 1e6))
read = by.get(('milvusdm-npy-read', 'snappy'))
if read:
    text.append('')
    text.append('Of milvusdm\'s time, reading the .npy files through NpySource alone takes %.2f s (%.0f MB/s).'
                % (read['seconds'], read['input_mb_per_s']))
with open(out, 'a') as f:
    f.write('\n'.join(text) + '\n')
print('\n'.join(text))
PY
if [ "$keep_data" -eq 0 ]; then rm -rf "$work"; fi
