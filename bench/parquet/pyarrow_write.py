#!/usr/bin/env python3
"""pyarrow's Parquet write throughput on the same arrays: ids.npy + vectors.npy (memory-mapped) into one file in
Milvus's bulk-import layout (int64 id, list<float> embedding), row groups of about 32 MiB like ours, best of
--repeats. Prints one JSON line.

    pyarrow_write.py --vectors V.npy --ids I.npy --out F.parquet --codec snappy [--repeats 3]
"""
import argparse
import json
import os
import time

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--vectors', required=True)
    parser.add_argument('--ids', required=True)
    parser.add_argument('--out', required=True)
    parser.add_argument('--codec', default='snappy')
    parser.add_argument('--repeats', type=int, default=3)
    args = parser.parse_args()
    best = float('inf')
    rows = 0
    for _ in range(args.repeats):
        start = time.perf_counter()
        vectors = np.load(args.vectors, mmap_mode='r')
        ids = np.load(args.ids, mmap_mode='r')
        rows, dim = vectors.shape
        flat = pa.array(np.asarray(vectors).reshape(-1))
        offsets = pa.array(np.arange(0, rows * dim + 1, dim, dtype=np.int32))
        table = pa.table({'id': pa.array(np.asarray(ids)), 'embedding': pa.ListArray.from_arrays(offsets, flat)})
        row_bytes = dim * 4 + 8
        pq.write_table(table, args.out, compression=None if args.codec == 'none' else args.codec,
                       row_group_size=max(1, (32 << 20) // row_bytes))
        best = min(best, time.perf_counter() - start)
        del table, flat, vectors, ids
    input_bytes = rows * (dim * 4 + 8)
    print(json.dumps({'tool': 'pyarrow', 'codec': args.codec, 'rows': rows, 'seconds': round(best, 4),
                      'input_mb_per_s': round(input_bytes / best / 1e6, 4),
                      'output_bytes': os.path.getsize(args.out)}))


if __name__ == '__main__':
    main()
