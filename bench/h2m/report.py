#!/usr/bin/env python3
"""Turns one run's measurements (results.jsonl, rss.jsonl from run.sh) into a dated section of bench/RESULTS.md,
newest first; earlier sections, and any reading written under them, are kept as they are."""
import argparse
import datetime
import json
import os
import platform
import subprocess
from importlib import metadata

HEADER = ('# Benchmark results\n\n'
          'Written by `bench/h2m/run.sh` and `bench/faiss-read/run.sh` (see `bench/README.md`), newest run first. '
          'Every ratio compares numbers taken in the same run on the same machine.\n')


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def one(results, name):
    for r in results:
        if r['measurement'] == name:
            return r
    return None


def rate(x):
    return f'{x:,.0f}'


def ratio(a, b):
    return f'{a / b:.2f}' if a and b else 'n/a'


def machine(python):
    def cmd(*args):
        p = subprocess.run(args, capture_output=True, text=True)
        return (p.stdout + p.stderr).strip()
    mem = next(line.split()[1] for line in open('/proc/meminfo') if line.startswith('MemTotal'))
    cpu = next((line.split(':', 1)[1].strip() for line in open('/proc/cpuinfo') if line.startswith('model name')),
               platform.processor())
    java = cmd('java', '-version').splitlines()
    versions = ', '.join(f'{p} {metadata.version(p)}' for p in ('milvus-lite', 'pymilvus', 'h5py', 'numpy'))
    return [f'- nproc: {cmd("nproc")} ({cpu}); memory: {int(mem) / 2**20:.1f} GiB; {platform.system()} '
            f'{platform.release()}',
            f'- java -version: {" / ".join(java)}',
            f'- Python {platform.python_version()} ({python}): {versions}']


def read_section(results):
    out = ['### a. Read throughput (no server; page cache warm; best of 3 in one process each)', '',
           'milvusdm: `Hdf5Source` with the default 8 MiB batches and 64 MiB splits, N threads polling splits as the '
           'JobRunner\'s readers do; "runner" is the JobRunner itself (queue, writer threads, ledger) into a sink that '
           'discards.', '',
           '| file | h5py `[:]` rows/s | h5py 10k slices rows/s | milvusdm 1 worker rows/s | milvusdm 2 workers rows/s '
           '| JobRunner 2 workers rows/s | 1w / h5py `[:]` | 2w / h5py `[:]` | 1w / slices | 2w / slices |',
           '|---|---|---|---|---|---|---|---|---|---|']
    for f in ('contiguous', 'gzip1'):
        h5 = [r for r in results if r['measurement'] == f'h5py-read-{f}']
        whole = next(r['rowsPerSecond'] for r in h5 if r['mode'] == 'whole')
        slices = next(r['rowsPerSecond'] for r in h5 if r['mode'] == 'slices')
        w1 = one(results, f'read-{f}-w1')['rowsPerSecond']
        w2 = one(results, f'read-{f}-w2')['rowsPerSecond']
        runner = one(results, f'runner-{f}-w2')['rowsPerSecond']
        out.append(f'| {f}.h5 | {rate(whole)} | {rate(slices)} | {rate(w1)} | {rate(w2)} | {rate(runner)} | {ratio(w1, whole)} '
                   f'| {ratio(w2, whole)} | {ratio(w1, slices)} | {ratio(w2, slices)} |')
    out += ['', 'Target: milvusdm ≥ h5py (every ratio ≥ 1.00).', '']
    return out


def best(results, prefix, key):
    runs = [r for r in results if r['measurement'].startswith(prefix)]
    return max(runs, key=lambda r: r[key]), runs


def ingest_section(results, rss, a):
    e2e, e2e_runs = best(results, 'e2e-', 'rowsPerSecond')
    raw, raw_runs = best(results, 'raw-insert-', 'withPrepareRowsPerSecond')
    rows_api, py = one(results, 'row-api'), one(results, 'pymilvus')
    e2e_wall = next(p['wallSeconds'] for p in rss if p['process'] == e2e['measurement'])
    b = e2e['rowsPerSecond']
    c, c_noprep, c_send = raw['withPrepareRowsPerSecond'], raw['rowsPerSecond'], raw['sendRowsPerSecond']
    raw_total = raw['prepareSeconds'] + raw['sendSeconds'] + raw['completeSeconds']
    out = ['### b–e. Into Milvus Lite (one server, same run; each collection dropped after use)', '',
           f'Batches of {int(a.batch_bytes) / 2**20:g} MiB, {a.workers} workers, for b and c, run alternately '
           f'{a.pairs} times each; the best of each is shown. d and e send 10k-row batches from one thread, on the '
           f'first {int(a.api_rows):,} rows.', '',
           '| | what | rows | seconds | rows/s |', '|---|---|---|---|---|',
           f'| b | `bin/milvusdm --yaml e2e.yaml --json`: the summary\'s time (prepare + send + flush + count) '
           f'| {e2e["rowsWritten"]:,} | {e2e["seconds"]:.1f} (process wall {e2e_wall:.1f}) '
           f'| {rate(b)} (wall: {rate(e2e["rowsWritten"] / e2e_wall)}) |',
           f'| c | raw path, pre-encoded ({raw["batches"]} requests, {raw["wireBytes"] / 1e6:,.0f} MB): prepare '
           f'({raw["prepareSeconds"]:.1f} s) + send + flush + count, the scope of b\'s summary '
           f'| {raw["rows"]:,} | {raw_total:.1f} | {rate(c)} |',
           f'| c″ | the same without prepare: send + flush + count ({raw["completeSeconds"]:.1f} s) | {raw["rows"]:,} '
           f'| {raw["sendSeconds"] + raw["completeSeconds"]:.1f} | {rate(c_noprep)} |',
           f'| c′ | send only | {raw["rows"]:,} | {raw["sendSeconds"]:.1f} | {rate(c_send)} |',
           f'| d | Java SDK `MilvusClientV2.insert(List<JsonObject>)`, rows built in the timing | {rows_api["rows"]:,} '
           f'| {rows_api["seconds"]:.1f} | {rate(rows_api["rowsPerSecond"])} |',
           f'| e | h5py + pymilvus `MilvusClient.insert(list of dicts)`, read in the timing | {py["rows"]:,} '
           f'| {py["seconds"]:.1f} | {rate(py["rowsPerSecond"])} |', '',
           'Every sample, in run order: b ' + ', '.join(rate(r['rowsPerSecond']) for r in e2e_runs)
           + ' rows/s; c ' + ', '.join(rate(r['withPrepareRowsPerSecond']) for r in raw_runs) + ' rows/s.', '',
           '| ratio | value | target |', '|---|---|---|',
           f'| b / c (end to end vs server limit, same scope) | **{ratio(b, c)}** | ≥ 0.90 |',
           f'| b / c″ (vs the limit without prepare) | {ratio(b, c_noprep)} | |',
           f'| b / c′ (vs send-only limit) | {ratio(b, c_send)} | |',
           f'| b / d (vs Java row API) | {ratio(b, rows_api["rowsPerSecond"])} | |',
           f'| b / e (vs h5py + pymilvus) | {ratio(b, py["rowsPerSecond"])} | |', '',
           f'Encoding all of c\'s requests took {raw["encodeSeconds"]:.2f} s outside the timing '
           f'({rate(raw["rows"] / raw["encodeSeconds"])} rows/s). Counts matched: b '
           + ', '.join(r['status'] for r in e2e_runs) + '; c ' + ', '.join(str(r['countMatches']) for r in raw_runs)
           + '.', '']
    return out


def big_section(results, rss, a):
    if not a.big_variants.strip():
        return ['### f. Bounded memory', '', 'Not run (`--no-big`).', '']
    out = ['### f. Bounded memory: the big file end to end with `MILVUSDM_JAVA_OPTS=-Xmx256m`', '',
           '| file | rows | file size | status | summary seconds | process wall s | rows/s | peak RSS of milvusdm |',
           '|---|---|---|---|---|---|---|---|']
    for f in a.big_variants.split():
        r = one(results, f'big-{f}')
        p = next(p for p in rss if p['process'] == f'big-{f}')
        out.append(f'| {f}.h5 | {r["rowsWritten"]:,} | {a.sizes.get(f, "?")} | {r["status"]} | {r["seconds"]:.1f} '
                   f'| {p["wallSeconds"]:.1f} | {rate(r["rowsPerSecond"])} | {p["maxRssKb"] / 1024:,.0f} MiB |')
    out.append('')
    return out


def rss_section(rss):
    out = ['### Peak RSS of each process', '',
           '| process | peak RSS | wall s |', '|---|---|---|']
    for p in rss:
        wall = f'{p["wallSeconds"]:.1f}' if 'wallSeconds' in p else ''
        out.append(f'| {p["process"]} | {p["maxRssKb"] / 1024:,.0f} MiB | {wall} |')
    out += ['', 'Java and Python processes: `/usr/bin/time` "Maximum resident set size"; the server: `VmHWM` of '
                '/proc/PID/status after each step (a peak since start, so it only grows).', '']
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__)
    for name in ('results', 'rss', 'out', 'command', 'rows', 'api-rows', 'big-rows', 'big-variants', 'workers',
                 'batch-bytes', 'pairs', 'collections-left', 'python'):
        p.add_argument('--' + name, required=True)
    a = p.parse_args()
    a.sizes = {}
    for f in a.big_variants.split():
        path = os.path.join(os.path.dirname(a.results), 'big', 'bench', f + '.h5')
        if os.path.exists(path):
            a.sizes[f] = f'{os.path.getsize(path) / 1e9:.2f} GB'
    results, rss = load(a.results), load(a.rss)
    now = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
    section = [f'## Run of {now}', '', *machine(a.python),
               f'- command: `{a.command}` ({int(a.rows):,} × 128 float32 rows; the gzip file is gzip-1 + shuffle in '
               f'~1 MiB chunks, written by `scripts/fixtures/hdf5_fixtures.py`)',
               f'- collections left on the server at the end: {a.collections_left}; the server was stopped', '',
               *read_section(results), *ingest_section(results, rss, a), *big_section(results, rss, a),
               *rss_section(rss)]
    text = '\n'.join(section) + '\n'
    old = open(a.out).read() if os.path.exists(a.out) else HEADER
    head, sep, rest = old.partition('\n## ')
    with open(a.out, 'w') as f:
        f.write(head.rstrip('\n') + '\n\n' + text + (('\n## ' + rest) if sep else ''))


if __name__ == '__main__':
    main()
