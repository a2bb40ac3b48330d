#!/usr/bin/env python3
"""Checks two M2H files hold the same rows (ids and float32 vectors bit for bit, in any order); prints one JSON
line, exits 1 on a difference."""
import json
import sys

import h5py
import numpy as np


def rows(path):
    with h5py.File(path, 'r') as f:
        ids = f['ids'][()]
        emb = f['embeddings'][()]
    order = np.argsort(ids, kind='stable')
    return ids[order], emb[order].view('<u4')


def main():
    ids_a, emb_a = rows(sys.argv[1])
    ids_b, emb_b = rows(sys.argv[2])
    same = bool(np.array_equal(ids_a, ids_b) and np.array_equal(emb_a, emb_b))
    print(json.dumps({'bench': 'same-rows', 'rows': int(len(ids_a)), 'same': same}))
    if not same:
        sys.exit(1)


if __name__ == '__main__':
    main()
