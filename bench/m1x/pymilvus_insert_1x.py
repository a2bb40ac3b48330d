#!/usr/bin/env python3
"""The reference for 1.x → Milvus: the bare insert loop a Python user writes. Reads the SQLite meta for the
collection's RAW/TO_INDEX/BACKUP segments, loads each segment's .rv/.uid/deleted_docs with numpy (headers
dropped, deleted rows removed, as MilvusDM did), and inserts them with MilvusClient.insert in batches of
--batch-rows rows (a list of dicts), one thread, into a collection created as milvusdm creates it (id INT64
primary key, embedding FLOAT_VECTOR, FLAT index on L2). Reading and inserting are inside the timing; prints one
JSON line."""
import argparse
import json
import os
import sqlite3
import time

import numpy as np
from pymilvus import DataType, MilvusClient


def segments(work, collection):
    conn = sqlite3.connect(os.path.join(work, 'db', 'meta.sqlite'))
    dim = conn.execute('SELECT dimension FROM Tables WHERE table_id = ?', (collection,)).fetchone()[0]
    rows = conn.execute('SELECT segment_id FROM TableFiles WHERE table_id = ? AND file_type IN (1, 2, 7)'
                        ' ORDER BY segment_id', (collection,)).fetchall()
    conn.close()
    return dim, [os.path.join(work, 'db', 'tables', collection, s, s) for (s,) in rows]


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--uri', required=True)
    p.add_argument('--work-path', required=True)
    p.add_argument('--collection', required=True)
    p.add_argument('--batch-rows', type=int, default=10_000)
    a = p.parse_args()
    client = MilvusClient(uri=a.uri)
    start = time.perf_counter()
    dim, stems = segments(a.work_path, a.collection)
    if client.has_collection(a.collection):
        client.drop_collection(a.collection)
    schema = MilvusClient.create_schema(auto_id=False)
    schema.add_field('id', DataType.INT64, is_primary=True)
    schema.add_field('embedding', DataType.FLOAT_VECTOR, dim=dim)
    index = client.prepare_index_params()
    index.add_index(field_name='embedding', index_type='FLAT', metric_type='L2')
    client.create_collection(a.collection, schema=schema, index_params=index)
    inserted = 0
    for stem in stems:
        vectors = np.fromfile(stem + '.rv', dtype='<f4')[2:].reshape(-1, dim)
        ids = np.fromfile(stem + '.uid', dtype='<i8')[1:]
        deleted = np.fromfile(os.path.join(os.path.dirname(stem), 'deleted_docs'), dtype='<i4')[2:]
        vectors, ids = np.delete(vectors, deleted, axis=0), np.delete(ids, deleted)
        for first in range(0, len(ids), a.batch_rows):
            data = [{'id': int(i), 'embedding': v.tolist()}
                    for i, v in zip(ids[first:first + a.batch_rows], vectors[first:first + a.batch_rows])]
            inserted += client.insert(a.collection, data)['insert_count']
    client.flush(a.collection)
    count = client.query(a.collection, output_fields=['count(*)'])[0]['count(*)']
    seconds = time.perf_counter() - start
    client.close()
    if count != inserted:
        raise SystemExit(f'pymilvus_insert_1x: inserted {inserted}, the collection holds {count}')
    print(json.dumps({'bench': 'pymilvus-insert-1x', 'rows': inserted, 'batchRows': a.batch_rows,
                      'seconds': round(seconds, 3), 'rowsPerSecond': inserted / seconds}), flush=True)


if __name__ == '__main__':
    main()
