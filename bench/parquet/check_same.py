#!/usr/bin/env python3
"""pyarrow reads milvusdm's Parquet file and finds the NumPy arrays it was written from, bit for bit.

    check_same.py OURS.parquet V.npy I.npy      prints "ok ROWS", else exits 1 saying what differs
"""
import sys

import numpy as np
import pyarrow.compute as pc
import pyarrow.parquet as pq

table = pq.read_table(sys.argv[1])
vectors = np.load(sys.argv[2], mmap_mode='r')
ids = np.load(sys.argv[3], mmap_mode='r')
if table.num_rows != len(vectors):
    sys.exit('rows: %d, expected %d' % (table.num_rows, len(vectors)))
if not np.array_equal(table.column('id').to_numpy(), ids):
    sys.exit('ids differ')
flat = pc.list_flatten(table.column('embedding').combine_chunks()).to_numpy()
if not np.array_equal(flat.view(np.uint32), np.asarray(vectors).reshape(-1).view(np.uint32)):
    sys.exit('vectors differ')
print('ok', table.num_rows)
