#!/usr/bin/env python3
"""Read throughput of h5py, the baseline for milvusdm's HDF5 reader: best of --repeats for

    whole    f['embeddings'][:]                    one call, the whole dataset into one numpy array
    slices   f['embeddings'][i:i+10000] for all i  what a batching reader built on h5py does

Prints one JSON line per mode. The file is opened inside the timing, as the Java side opens its source.
"""
import argparse
import json
import time

import h5py


def read_whole(path):
    with h5py.File(path, 'r') as f:
        data = f['embeddings'][:]
    return data.shape[0], int(data[:, 0].view('i4').sum())


def read_slices(path, step):
    rows = 0
    checksum = 0
    with h5py.File(path, 'r') as f:
        ds = f['embeddings']
        for i in range(0, ds.shape[0], step):
            part = ds[i:i + step]
            rows += part.shape[0]
            checksum += int(part[:, 0].view('i4').sum())
    return rows, checksum


def best_of(repeats, fn):
    times = []
    rows = 0
    for _ in range(repeats):
        start = time.perf_counter()
        rows, _ = fn()
        times.append(time.perf_counter() - start)
    return rows, times


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--file', required=True)
    p.add_argument('--repeats', type=int, default=3)
    p.add_argument('--slice-rows', type=int, default=10_000)
    a = p.parse_args()
    modes = {'whole': lambda: read_whole(a.file), 'slices': lambda: read_slices(a.file, a.slice_rows)}
    for mode, fn in modes.items():
        rows, times = best_of(a.repeats, fn)
        best = min(times)
        print(json.dumps({'bench': 'h5py-read', 'mode': mode, 'file': a.file.rsplit('/', 1)[-1], 'rows': rows,
                          'bestSeconds': round(best, 4), 'rowsPerSecond': rows / best,
                          'allSeconds': [round(t, 4) for t in times]}), flush=True)


if __name__ == '__main__':
    main()
