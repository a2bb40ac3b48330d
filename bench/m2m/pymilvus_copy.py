#!/usr/bin/env python3
"""What a Python user writes to copy a collection between two servers: pymilvus query_iterator on the source,
MilvusClient.insert of each batch into the target, one thread. The target collection gets the source's schema
(id INT64 primary key, embedding FLOAT_VECTOR, FLAT index on L2) before the timing starts; reading, inserting,
flushing and counting are inside it. Prints one JSON line.
"""
import argparse
import json
import time

from pymilvus import DataType, MilvusClient


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--source', required=True)
    p.add_argument('--target', required=True)
    p.add_argument('--collection', required=True)
    p.add_argument('--into', required=True)
    p.add_argument('--batch-rows', type=int, default=8192)
    a = p.parse_args()
    src = MilvusClient(uri=a.source)
    dst = MilvusClient(uri=a.target)
    dim = next(f for f in src.describe_collection(a.collection)['fields'] if f['name'] == 'embedding')['params']['dim']
    if dst.has_collection(a.into):
        dst.drop_collection(a.into)
    schema = MilvusClient.create_schema(auto_id=False)
    schema.add_field('id', DataType.INT64, is_primary=True)
    schema.add_field('embedding', DataType.FLOAT_VECTOR, dim=dim)
    index = dst.prepare_index_params()
    index.add_index(field_name='embedding', index_type='FLAT', metric_type='L2')
    dst.create_collection(a.into, schema=schema, index_params=index)
    start = time.perf_counter()
    iterator = src.query_iterator(a.collection, batch_size=a.batch_rows, output_fields=['id', 'embedding'])
    copied = 0
    while True:
        rows = iterator.next()
        if not rows:
            break
        copied += dst.insert(a.into, rows)['insert_count']
    iterator.close()
    dst.flush(a.into)
    count = dst.query(a.into, filter='', output_fields=['count(*)'])[0]['count(*)']
    seconds = time.perf_counter() - start
    print(json.dumps({'bench': 'pymilvus_copy', 'rows': copied, 'target_rows': count, 'seconds': seconds,
                      'rows_per_second': copied / seconds, 'batch_rows': a.batch_rows}))


if __name__ == '__main__':
    main()
