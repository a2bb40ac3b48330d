#!/usr/bin/env bash
# The Faiss read benchmark: milvusdm's FaissSource (parse + decode, every row) against faiss-cpu's read_index +
# reconstruct_n, side by side in one run on this (shared, noisy) machine. Writes a dated section into
# bench/RESULTS.md. See bench/README.md.
#
#   bench/faiss-read/run.sh [--rows N] [--repeats N] [--hnsw-m M] [--hnsw-efc E] [--keep-data]
#
#   --rows N       rows of the 128-d float32 indexes (1000000)
#   --repeats N    runs in each process, the best one counts (3)
#   --hnsw-m M     IndexHNSWFlat's M (32)
#   --hnsw-efc E   IndexHNSWFlat's efConstruction (40; with M 32 a 1M build takes about 2 minutes on 2 cores)
#   --keep-data    keep the index files in bench/work/faiss-read/data (deleted by default: about 2 GB)
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
here="$root/bench/faiss-read"
work="$root/bench/work/faiss-read"
rows=1000000
repeats=3
hnsw_m=32
hnsw_efc=40
keep_data=0
kinds="flat ivf_flat hnsw_flat ivf_pq"
command_line="bench/faiss-read/run.sh${*:+ $*}"

while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --repeats) repeats="$2"; shift 2 ;;
    --hnsw-m) hnsw_m="$2"; shift 2 ;;
    --hnsw-efc) hnsw_efc="$2"; shift 2 ;;
    --keep-data) keep_data=1; shift ;;
    *) echo "run.sh: unknown option '$1'; see the header of $0 for the options" >&2; exit 2 ;;
  esac
done

if [ ! -x /usr/bin/time ]; then
  echo "run.sh: /usr/bin/time is missing (peak RSS is read from it); install it: apt-get install -y time" >&2
  exit 1
fi
py="$root/.milvusdm/venv/bin/python"
if [ ! -x "$py" ] || ! "$py" -c 'import faiss, numpy' 2>/dev/null; then
  echo "run.sh: $py with faiss-cpu and numpy is missing; create it with scripts/python-env" >&2
  exit 1
fi

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# --- build ------------------------------------------------------------------------------------------------
log "building milvusdm and milvusdm-bench (-Pbench)"
(cd "$root" && ./mvnw -q -B -Pbench install -DskipTests)
java_bench=(java -cp "$root/milvusdm-bench/target/milvusdm-bench.jar:$root/milvusdm-bench/target/lib/*")

rm -rf "$work"
mkdir -p "$work"
cleanup() {
  if [ "$keep_data" = 0 ]; then rm -rf "$work/data"; fi
}
trap cleanup EXIT
results="$work/results.jsonl"   # one JSON line per measurement
rss="$work/rss.jsonl"           # one JSON line per process: peak RSS and wall time
indexes="$work/indexes.jsonl"   # one JSON line per generated file: size, build time
: > "$results"
: > "$rss"

# Runs a command under /usr/bin/time, appending its JSON stdout to results.jsonl and its peak RSS to rss.jsonl.
measure() {
  local name="$1"; shift
  log "measure $name"
  /usr/bin/time -f "{\"process\": \"$name\", \"maxRssKb\": %M, \"wallSeconds\": %e, \"exit\": %x}" -o "$work/time.out" \
    "$@" > "$work/$name.out" 2> "$work/$name.err" || {
      echo "run.sh: '$name' failed; its output is in $work/$name.out and $work/$name.err:" >&2
      tail -20 "$work/$name.err" >&2
      exit 1
    }
  cat "$work/time.out" >> "$rss"
  grep '^{' "$work/$name.out" | sed "s/^{/{\"measurement\": \"$name\", /" >> "$results" || true
}

# --- data -------------------------------------------------------------------------------------------------
log "writing ${rows}x128 float32 Faiss indexes with faiss-cpu (flat, IVF-Flat, HNSW-Flat M=$hnsw_m efC=$hnsw_efc, IVF-PQ)"
"$py" "$here/make_indexes.py" --out "$work/data" --rows "$rows" --dim 128 --nlist 1024 --pq-m 16 \
  --hnsw-m "$hnsw_m" --hnsw-efc "$hnsw_efc" --kinds "${kinds// /,}" > "$indexes"

# --- read: ours with 1 and 2 threads, faiss; one process each, best of --repeats inside ------------------
# Before the first measurement of a file, one untimed pass over it (cat) puts it in the page cache.
for k in $kinds; do
  f="$work/data/$k.index"
  cat "$f" > /dev/null
  measure "faiss-$k" "$py" "$here/faiss_read.py" --file "$f" --repeats "$repeats"
  for w in 1 2; do
    measure "ours-$k-w$w" "${java_bench[@]}" io.milvusdm.bench.FaissReadBench --file "$f" --workers "$w" \
      --repeats "$repeats"
  done
done

# Ours and faiss must have read the same vectors: the checksums (one value of every row) agree.
"$py" - "$results" <<'PY'
import json, sys
rs = [json.loads(l) for l in open(sys.argv[1])]
for r in rs:
    if r['measurement'].startswith('ours-'):
        f = next(x for x in rs if x['measurement'] == 'faiss-' + r['measurement'][5:].rsplit('-w', 1)[0])
        if (r['checksum'], r['rows']) != (f['checksum'], f['rows']):
            sys.exit(f"run.sh: {r['measurement']} read other vectors than faiss: checksum {r['checksum']} vs "
                     f"{f['checksum']}, rows {r['rows']} vs {f['rows']}")
PY

# --- report -----------------------------------------------------------------------------------------------
"$py" "$here/report.py" --results "$results" --rss "$rss" --indexes "$indexes" --out "$root/bench/RESULTS.md" \
  --command "$command_line" --repeats "$repeats" --kinds "$kinds" --python "$py"
log "wrote $root/bench/RESULTS.md"
