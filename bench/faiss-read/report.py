#!/usr/bin/env python3
"""Turns one run of bench/faiss-read/run.sh (results.jsonl, rss.jsonl, indexes.jsonl) into a dated section of
bench/RESULTS.md, inserted after the file's header, newest first; earlier sections, and any reading written under
them, are kept as they are."""
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

TARGETS = {'flat': 1.0, 'ivf_flat': 1.0}


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def one(rows, key, value):
    return next(r for r in rows if r[key] == value)


def rate(x):
    return f'{x:,.0f}'


def ratio(a, b):
    return f'{a / b:.2f}' if a and b else 'n/a'


def mib(kb):
    return f'{kb / 1024:,.0f} MiB'


def machine(python):
    def cmd(*args):
        p = subprocess.run(args, capture_output=True, text=True)
        return (p.stdout + p.stderr).strip()
    mem = next(line.split()[1] for line in open('/proc/meminfo') if line.startswith('MemTotal'))
    cpu = next((line.split(':', 1)[1].strip() for line in open('/proc/cpuinfo') if line.startswith('model name')),
               platform.processor())
    java = cmd('java', '-version').splitlines()
    versions = ', '.join(f'{p} {metadata.version(p)}' for p in ('faiss-cpu', 'numpy'))
    return [f'- nproc: {cmd("nproc")} ({cpu}); memory: {int(mem) / 2**20:.1f} GiB; {platform.system()} '
            f'{platform.release()}',
            f'- java -version: {" / ".join(java)} (default heap settings)',
            f'- Python {platform.python_version()} ({python}): {versions}']


def main():
    p = argparse.ArgumentParser(description=__doc__)
    for name in ('results', 'rss', 'indexes', 'out', 'command', 'repeats', 'kinds', 'python'):
        p.add_argument('--' + name, required=True)
    a = p.parse_args()
    results, rss, indexes = load(a.results), load(a.rss), load(a.indexes)
    kinds = a.kinds.split()
    first = indexes[0]
    now = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
    peak = {r['process']: r['maxRssKb'] for r in rss}

    out = [f'## Faiss read: run of {now}', '', *machine(a.python),
           f'- command: `{a.command}` ({first["rows"]:,} × {first["dim"]} float32 rows, Gaussian around 4,096 '
           f'random centres, seeded; indexes written by faiss-cpu with `bench/faiss-read/make_indexes.py`, '
           f'IVF and PQ trained on the first {first.get("trainRows", 100_000):,} rows)',
           '', '### Files', '', '| file | index | size | faiss build (train + add) s |', '|---|---|---|---|']
    for i in indexes:
        out.append(f'| {i["file"]} | `{i["index"]}` | {i["bytes"] / 1e6:,.0f} MB | {i["buildSeconds"]:.1f} |')
    out += ['', f'### Read throughput (no server; page cache warm; best of {a.repeats} in one process each)', '',
            '**ours**: `FaissSource.open(file, allowLossy=true)` (the pre-scan parse) plus every split read with the '
            'default 8 MiB batches and 64 MiB splits by 1 or 2 threads polling splits as the JobRunner\'s readers '
            'do, touching one value of every row and every id, recycling each batch. **faiss**: `faiss.read_index` '
            '+ `reconstruct_n(0, ntotal)` into one float32 matrix; for the IVF files `make_direct_map()` is called '
            'in between and counted (`reconstruct(i)` fails without it; faiss 1.15\'s `reconstruct_n` walks every list '
            'and would not need it: its cost is the "direct map s" column). faiss read its own '
            f'files with {one(results, "measurement", "faiss-" + kinds[0])["faissThreads"]} OpenMP threads. '
            'Both sides read the same vectors: the checksums of one value per row agree (run.sh checks).', '',
            '| file | ours 1T rows/s | ours 2T rows/s | faiss rows/s | **1T / faiss** | **2T / faiss** | target '
            '| ours open s | faiss read_index s | faiss direct map s '
            '| peak RSS ours 1T / 2T | peak RSS faiss |',
            '|---|---|---|---|---|---|---|---|---|---|---|---|']
    for k in kinds:
        f = one(results, 'measurement', f'faiss-{k}')
        w1 = one(results, 'measurement', f'ours-{k}-w1')
        w2 = one(results, 'measurement', f'ours-{k}-w2')
        target = TARGETS.get(k)
        met = ''
        if target is not None:
            ok = min(w1['rowsPerSecond'], w2['rowsPerSecond']) / f['rowsPerSecond'] >= target
            met = f'≥ {target:.2f}: {"met" if ok else "**missed**"}'
        out.append(f'| {k}.index | {rate(w1["rowsPerSecond"])} | {rate(w2["rowsPerSecond"])} '
                   f'| {rate(f["rowsPerSecond"])} | **{ratio(w1["rowsPerSecond"], f["rowsPerSecond"])}** '
                   f'| **{ratio(w2["rowsPerSecond"], f["rowsPerSecond"])}** | {met} '
                   f'| {min(w1["openSeconds"], w2["openSeconds"]):.4f} | {f["readIndexSeconds"]:.3f} '
                   f'| {(format(f["directMapSeconds"], ".3f") if f["directMap"] else "–")} '
                   f'| {mib(peak[f"ours-{k}-w1"])} / {mib(peak[f"ours-{k}-w2"])} | {mib(peak[f"faiss-{k}"])} |')
    out += ['', 'Targets: ours ≥ faiss (ratio ≥ 1.00) for flat and IVF-Flat, with 1 and 2 threads. HNSW-Flat and '
                'IVF-PQ have none (reported for the record; IVF-PQ is decoded in pure Java, lossy, bit-exact with '
                'faiss\'s decode).', '',
            'Every sample, seconds, in run order (the first pays for class loading / JIT on our side):', '']
    for k in kinds:
        parts = []
        for name in (f'ours-{k}-w1', f'ours-{k}-w2', f'faiss-{k}'):
            r = one(results, 'measurement', name)
            parts.append(f'{name} ' + ', '.join(f'{s:.3f}' for s in r['allSeconds']))
        out.append('- ' + '; '.join(parts))
    out += ['', 'Peak RSS: `/usr/bin/time` "Maximum resident set size" of each process (the JVM at its default '
                'heap settings; faiss holds the whole index and then the reconstructed matrix).', '']
    text = '\n'.join(out) + '\n'
    old = open(a.out).read() if os.path.exists(a.out) else HEADER
    head, sep, rest = old.partition('\n## ')
    with open(a.out, 'w') as f:
        f.write(head.rstrip('\n') + '\n\n' + text + (('\n## ' + rest) if sep else ''))


if __name__ == '__main__':
    main()
