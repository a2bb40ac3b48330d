#!/usr/bin/env bash
# The H2M benchmark, everything in one run so that every ratio compares numbers taken side by side on this
# (shared, noisy) machine. Writes a dated section into bench/RESULTS.md. See bench/README.md.
#
#   bench/h2m/run.sh [--rows N] [--api-rows N] [--pairs N] [--no-big] [--big-rows N] [--big-gzip] [--keep-data]
#
#   --rows N       rows of the 128-d float32 files for the read, end-to-end and raw measurements (1000000)
#   --api-rows N   rows for the SDK row API and pymilvus measurements, which are slow (200000)
#   --pairs N      run b and c alternately N times each (2): a single pair is at the mercy of the noise
#   --no-big       skip the bounded-memory run (a 2 GB file at -Xmx256m, several minutes into Milvus Lite)
#   --big-rows N   rows of that file (4000000 = 2.05 GB)
#   --big-gzip     also migrate the chunked+gzip variant of the big file
#   --keep-data    keep the generated HDF5 files in bench/work/h2m/ (deleted by default: they are large)
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
here="$root/bench/h2m"
work="$root/bench/work/h2m"
rows=1000000
api_rows=200000
pairs=2
big=1
big_rows=4000000
big_gzip=0
keep_data=0
workers=2
batch_bytes=8388608   # the default batch size of a job (RunOptions.DEFAULT_BATCH_BYTES), for b and c alike
command_line="bench/h2m/run.sh $*"

while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --api-rows) api_rows="$2"; shift 2 ;;
    --pairs) pairs="$2"; shift 2 ;;
    --no-big) big=0; shift ;;
    --big-rows) big_rows="$2"; shift 2 ;;
    --big-gzip) big_gzip=1; shift ;;
    --keep-data) keep_data=1; shift ;;
    *) echo "run.sh: unknown option '$1'; see the header of $0 for the options" >&2; exit 2 ;;
  esac
done

if [ ! -x /usr/bin/time ]; then
  echo "run.sh: /usr/bin/time is missing (peak RSS is read from it); install it: apt-get install -y time" >&2
  exit 1
fi

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# --- build ------------------------------------------------------------------------------------------------
log "building milvusdm and milvusdm-bench (-Pbench)"
(cd "$root" && ./mvnw -q -B -Pbench install -DskipTests)
py=$("$root/scripts/python-env")
venv=$(dirname "$(dirname "$py")")
java_bench=(java -cp "$root/milvusdm-bench/target/milvusdm-bench.jar:$root/milvusdm-bench/target/lib/*")

rm -rf "$work"
mkdir -p "$work"
results="$work/results.jsonl"   # one JSON line per measurement
rss="$work/rss.jsonl"           # one JSON line per process: peak RSS and wall time
: > "$results"
: > "$rss"

# Runs a command under /usr/bin/time, appending its JSON stdout to results.jsonl and its peak RSS to rss.jsonl.
measure() {
  local name="$1"; shift
  log "measure $name: $*"
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
log "writing ${rows}x128 float32 HDF5 files (contiguous and gzip-1+shuffle) with h5py"
"$py" "$root/scripts/fixtures/hdf5_fixtures.py" --out "$work/data" --rows "$rows" --dim 128 bench >/dev/null
data="$work/data/bench"

# --- a. read throughput: milvusdm's reader vs h5py (no server) ---------------------------------------------
for f in contiguous gzip1; do
  measure "h5py-read-$f" "$py" "$here/h5py_read.py" --file "$data/$f.h5" --repeats 3
  for w in 1 2; do
    measure "read-$f-w$w" "${java_bench[@]}" io.milvusdm.bench.ReadBench --file "$data/$f.h5" --workers "$w" \
      --through source --repeats 3
  done
  measure "runner-$f-w2" "${java_bench[@]}" io.milvusdm.bench.ReadBench --file "$data/$f.h5" --workers 2 \
    --through runner --repeats 3
done

# --- the server -------------------------------------------------------------------------------------------
port=""
for p in $(seq 19560 19569); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
if [ -z "$port" ]; then
  echo "run.sh: ports 19560-19569 are all taken; stop a server there (ss -ltnp | grep 1956) and retry" >&2
  exit 1
fi
uri="http://127.0.0.1:$port"
server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
cleanup() {
  stop_server
  if [ "$keep_data" = 0 ]; then rm -rf "$work/data" "$work/big" "$work/milvus"; fi
}
trap cleanup EXIT

# VmHWM is the server's peak RSS since it started; sampled after each step it shows what each step adds.
server_peak() {
  local kb
  kb=$(awk '/^VmHWM/ {print $2}' "/proc/$server_pid/status")
  echo "{\"process\": \"milvus-lite server after $1\", \"maxRssKb\": $kb}" >> "$rss"
}

log "starting Milvus Lite on $uri (fresh data dir $work/milvus)"
"$venv/bin/milvus-lite" server --data-dir "$work/milvus" --host 127.0.0.1 --port "$port" > "$work/server.log" 2>&1 &
server_pid=$!
"$py" "$here/milvus_admin.py" ready "$uri" || { echo "run.sh: Milvus Lite did not start; see $work/server.log" >&2; exit 1; }
server_peak "start"

write_job() {  # write_job FILE COLLECTION H5
  cat > "$1" <<YAML
H2M:
  milvus-version: 2.x
  data_path:
    - $3
  dest_host: 127.0.0.1
  dest_port: $port
  mode: overwrite
  dest_collection_name: $2
  collection_parameter:
    dimension: 128
    metric_type: L2
  workers: $workers
  batch_bytes: $batch_bytes
YAML
}

# --- b. end to end, and c. the server's own ingest limit, alternately ------------------------------------
# b: the command line, as a user runs it. c: the same batches pre-encoded, then only sent.
write_job "$work/e2e.yaml" bench_e2e "$data/contiguous.h5"
for i in $(seq 1 "$pairs"); do
  measure "e2e-$i" "$root/bin/milvusdm" --yaml "$work/e2e.yaml" --json
  "$py" "$here/milvus_admin.py" drop "$uri" bench_e2e
  server_peak "b (end to end) #$i"
  measure "raw-insert-$i" "${java_bench[@]}" -Xmx3g io.milvusdm.milvus.RawInsertBench --uri "$uri" \
    --file "$data/contiguous.h5" --collection bench_raw --workers "$workers" --batch-bytes "$batch_bytes"
  server_peak "c (raw insert) #$i"
done

# --- d. the Java SDK's row API; e. h5py + pymilvus -------------------------------------------------------
measure row-api "${java_bench[@]}" io.milvusdm.bench.RowApiBench --uri "$uri" --file "$data/contiguous.h5" \
  --collection bench_rows --rows "$api_rows" --batch-rows 10000
server_peak "d (row API)"
measure pymilvus "$py" "$here/pymilvus_insert.py" --uri "$uri" --file "$data/contiguous.h5" \
  --collection bench_pymilvus --rows "$api_rows" --batch-rows 10000
server_peak "e (pymilvus)"

# --- f. bounded memory: a 2 GB file at -Xmx256m -----------------------------------------------------------
big_variants=""
if [ "$big" = 1 ]; then
  log "writing ${big_rows}x128 float32 HDF5 files for the bounded-memory run"
  "$py" "$root/scripts/fixtures/hdf5_fixtures.py" --out "$work/big" --rows "$big_rows" --dim 128 bench >/dev/null
  big_variants="contiguous"
  if [ "$big_gzip" = 1 ]; then big_variants="contiguous gzip1"; fi
  for f in $big_variants; do
    write_job "$work/big-$f.yaml" "bench_big_$f" "$work/big/bench/$f.h5"
    MILVUSDM_JAVA_OPTS=-Xmx256m measure "big-$f" "$root/bin/milvusdm" --yaml "$work/big-$f.yaml" --json
    "$py" "$here/milvus_admin.py" drop "$uri" "bench_big_$f"
    server_peak "f (2 GB $f)"
  done
fi

left=$("$py" "$here/milvus_admin.py" count "$uri")
stop_server
rm -f "$work"/*.ledger

# --- report -----------------------------------------------------------------------------------------------
"$py" "$here/report.py" --results "$results" --rss "$rss" --out "$root/bench/RESULTS.md" --command "$command_line" \
  --rows "$rows" --api-rows "$api_rows" --big-rows "$big_rows" --big-variants "$big_variants" \
  --workers "$workers" --batch-bytes "$batch_bytes" --pairs "$pairs" --collections-left "$left" --python "$py"
log "wrote $root/bench/RESULTS.md"
