#!/usr/bin/env python3
"""The reference M2H: pymilvus `query_iterator` over a collection, h5py writing what it yields into the layout
milvusdm writes (contiguous float32 `embeddings` (n, d) and int64 `ids` (n,), sized from count(*) first), one
thread, everything inside the timing. Prints one JSON line."""
import argparse
import json
import time

import h5py
import numpy as np
from pymilvus import MilvusClient


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--uri', required=True)
    p.add_argument('--collection', required=True)
    p.add_argument('--out', required=True)
    p.add_argument('--batch-rows', type=int, default=10_000)
    a = p.parse_args()
    client = MilvusClient(uri=a.uri)
    start = time.perf_counter()
    rows = client.query(a.collection, output_fields=['count(*)'])[0]['count(*)']
    fields = client.describe_collection(a.collection)['fields']
    dim = next(f['params']['dim'] for f in fields if 'dim' in f.get('params', {}))
    written = 0
    with h5py.File(a.out, 'w') as f:
        emb = f.create_dataset('embeddings', shape=(rows, dim), dtype='<f4')
        ids = f.create_dataset('ids', shape=(rows,), dtype='<i8')
        it = client.query_iterator(a.collection, batch_size=a.batch_rows, output_fields=['id', 'embedding'])
        while True:
            batch = it.next()
            if not batch:
                it.close()
                break
            n = len(batch)
            emb[written:written + n] = np.array([r['embedding'] for r in batch], dtype='<f4')
            ids[written:written + n] = np.array([r['id'] for r in batch], dtype='<i8')
            written += n
    seconds = time.perf_counter() - start
    client.close()
    if written != rows:
        raise SystemExit(f'pymilvus_export: the iterator gave {written} of {rows} rows')
    print(json.dumps({'bench': 'pymilvus-export', 'rows': rows, 'batchRows': a.batch_rows,
                      'seconds': round(seconds, 3), 'rowsPerSecond': rows / seconds}), flush=True)


if __name__ == '__main__':
    main()
