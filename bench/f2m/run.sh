#!/usr/bin/env bash
# F2M bounded-memory benchmark: a large Faiss IndexIVFFlat (default 8M x 128 float32, about 4.1 GB, written by
# faiss-cpu) migrated end to end into a Milvus Lite this script starts, with the JVM capped at -Xmx256m.
# Records rows/s, the process's peak RSS and the server's, in a dated section of bench/RESULTS.md.
#
#   bench/f2m/run.sh [--rows N] [--keep-data]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/bench/f2m"
rows=8000000
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --keep-data) keep=1; shift ;;
    *) echo "run.sh: unknown option '$1' (expected --rows N, --keep-data)" >&2; exit 2 ;;
  esac
done
[ -x /usr/bin/time ] || { echo "run.sh: needs /usr/bin/time (apt-get install -y time)" >&2; exit 1; }
py=$("$root/scripts/python-env")
work="$root/bench/work/f2m"
rm -rf "$work"; mkdir -p "$work"
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

log "building milvusdm"
(cd "$root" && ./mvnw -q -B install -DskipTests)
log "writing a ${rows} x 128 IndexIVFFlat with faiss-cpu"
"$py" "$here/make_index.py" --out "$work/ivf.index" --rows "$rows" 2> >(grep -v 'WARNING clustering' >&2)
size=$(stat -c %s "$work/ivf.index")

port=""
for p in $(seq 19560 19569); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || { echo "run.sh: no free port in 19560-19569" >&2; exit 1; }
"$root/scripts/milvus-local" start --port "$port" --data-dir "$work/milvus" >&2
server_pid=$(cat "$work/milvus/milvus-local.pid")
cleanup() {
  "$root/scripts/milvus-local" stop --data-dir "$work/milvus" >/dev/null 2>&1 || true
  [ "$keep" = 1 ] || rm -f "$work/ivf.index"
}
trap cleanup EXIT

cat > "$work/f2m.yaml" <<YAML
F2M:
  data_path: $work/ivf.index
  dest_uri: http://127.0.0.1:$port
  mode: overwrite
  dest_collection_name: bench_f2m_big
  dest_partition_name: ''
YAML
log "F2M with MILVUSDM_JAVA_OPTS=-Xmx256m"
MILVUSDM_JAVA_OPTS=-Xmx256m /usr/bin/time -f '%M %e' -o "$work/time.out" \
  "$root/bin/milvusdm" --yaml "$work/f2m.yaml" --json --no-progress > "$work/summary.json" 2> "$work/f2m.err"
server_hwm=$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status" 2>/dev/null || echo 0)
read -r rss_kb wall < "$work/time.out"

"$py" - "$root/bench/RESULTS.md" "$work/summary.json" "$rows" "$size" "$rss_kb" "$wall" "$server_hwm" <<'PY'
import datetime, json, sys
out, summary_file, rows, size, rss_kb, wall, server_kb = sys.argv[1:]
s = json.load(open(summary_file))
now = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
section = f"""## F2M bounded memory: run of {now}

- command: `bench/f2m/run.sh --rows {int(rows)}`: an IndexIVFFlat of {int(rows):,} x 128 float32 (nlist 1024) written
  by faiss-cpu, migrated into Milvus Lite 3.2.2 with `MILVUSDM_JAVA_OPTS=-Xmx256m bin/milvusdm --yaml f2m.yaml`

| file size | status | rows written | target rows | summary s | process wall s | rows/s | peak RSS milvusdm | peak RSS server |
|---|---|---|---|---|---|---|---|---|
| {int(size) / 1e9:.2f} GB | {s['status']} | {s['rowsWritten']:,} | {s['targetRows']:,} | {s['seconds']:.1f} | {float(wall):.1f} | {s['rowsPerSecond']:,} | {int(rss_kb) // 1024} MiB | {int(server_kb) // 1024} MiB |

Target: the job completes with a 256 MiB heap whatever the file size (the JVM's RSS adds its code, threads and
direct buffers to the heap).
"""
old = open(out).read()
head, sep, rest = old.partition('\n## ')
open(out, 'w').write(head.rstrip('\n') + '\n\n' + section + (('\n## ' + rest) if sep else ''))
PY
log "done: $(cat "$work/summary.json")"
grep -q '"status":"done"' "$work/summary.json" || { echo "run.sh: the job did not finish: $(tail -5 "$work/f2m.err")" >&2; exit 1; }
