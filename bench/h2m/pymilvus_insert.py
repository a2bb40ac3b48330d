#!/usr/bin/env python3
"""What a Python user pays: h5py reads --batch-rows rows at a time and MilvusClient.insert sends them as a list
of dicts ({'id': int, 'embedding': list of floats}), one thread. Reading, building the dicts and inserting are all
inside the timing. The collection (id INT64 primary key, embedding FLOAT_VECTOR, FLAT index on L2, as milvusdm
creates on Milvus Lite) is created before and dropped after. Prints one JSON line.
"""
import argparse
import json
import time

import h5py
from pymilvus import DataType, MilvusClient


def create(client, name, dim):
    if client.has_collection(name):
        client.drop_collection(name)
    schema = MilvusClient.create_schema(auto_id=False)
    schema.add_field('id', DataType.INT64, is_primary=True)
    schema.add_field('embedding', DataType.FLOAT_VECTOR, dim=dim)
    index = client.prepare_index_params()
    index.add_index(field_name='embedding', index_type='FLAT', metric_type='L2')
    client.create_collection(name, schema=schema, index_params=index)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--uri', required=True)
    p.add_argument('--file', required=True)
    p.add_argument('--collection', required=True)
    p.add_argument('--rows', type=int, default=200_000)
    p.add_argument('--batch-rows', type=int, default=10_000)
    a = p.parse_args()
    client = MilvusClient(uri=a.uri)
    with h5py.File(a.file, 'r') as f:
        ds = f['embeddings']
        rows = min(a.rows, ds.shape[0])
        create(client, a.collection, ds.shape[1])
        inserted = 0
        start = time.perf_counter()
        for first in range(0, rows, a.batch_rows):
            block = ds[first:min(rows, first + a.batch_rows)]
            data = [{'id': first + i, 'embedding': v.tolist()} for i, v in enumerate(block)]
            inserted += client.insert(a.collection, data)['insert_count']
        seconds = time.perf_counter() - start
    client.drop_collection(a.collection)
    client.close()
    if inserted != rows:
        raise SystemExit(f'pymilvus_insert: the server acknowledged {inserted} of {rows} rows')
    print(json.dumps({'bench': 'pymilvus', 'file': a.file.rsplit('/', 1)[-1], 'rows': rows,
                      'batchRows': a.batch_rows, 'seconds': round(seconds, 4), 'rowsPerSecond': rows / seconds}),
          flush=True)


if __name__ == '__main__':
    main()
