#!/usr/bin/env python3
"""Writes the Faiss index files the read benchmark measures, with faiss-cpu, from one seeded float32 matrix:

  flat.index      IndexFlatL2
  ivf_flat.index  IndexIVFFlat (IndexFlatL2 quantizer, --nlist lists)
  hnsw_flat.index IndexHNSWFlat (--hnsw-m, efConstruction --hnsw-efc)
  ivf_pq.index    IndexIVFPQ (--nlist lists, PQ --pq-m x 8 bits, residual encoding)

The IVF coarse quantizers and the PQ are trained on the first --train rows. Prints one JSON line per file:
its name, size, rows, and the seconds faiss took to build it (train + add) and write it."""
import argparse
import json
import os
import time

import faiss
import numpy as np


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--out', required=True)
    p.add_argument('--rows', type=int, default=1_000_000)
    p.add_argument('--dim', type=int, default=128)
    p.add_argument('--nlist', type=int, default=1024)
    p.add_argument('--pq-m', type=int, default=16)
    p.add_argument('--hnsw-m', type=int, default=32)
    p.add_argument('--hnsw-efc', type=int, default=40)
    p.add_argument('--train', type=int, default=100_000)
    p.add_argument('--kinds', default='flat,ivf_flat,hnsw_flat,ivf_pq')
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    # Gaussian rows around 4096 random centres: some structure for the quantizers, same bytes as any float32 data.
    rng = np.random.default_rng(20261124)
    centres = rng.standard_normal((4096, a.dim), dtype=np.float32) * 4
    x = rng.standard_normal((a.rows, a.dim), dtype=np.float32)
    x += centres[rng.integers(0, len(centres), a.rows)]
    train = x[:min(a.train, a.rows)]

    def build(kind):
        if kind == 'flat':
            return faiss.IndexFlatL2(a.dim), f'IndexFlatL2'
        if kind == 'ivf_flat':
            index = faiss.IndexIVFFlat(faiss.IndexFlatL2(a.dim), a.dim, a.nlist)
            return index, f'IndexIVFFlat nlist={a.nlist}'
        if kind == 'hnsw_flat':
            index = faiss.IndexHNSWFlat(a.dim, a.hnsw_m)
            index.hnsw.efConstruction = a.hnsw_efc
            return index, f'IndexHNSWFlat M={a.hnsw_m} efConstruction={a.hnsw_efc}'
        if kind == 'ivf_pq':
            index = faiss.IndexIVFPQ(faiss.IndexFlatL2(a.dim), a.dim, a.nlist, a.pq_m, 8)
            return index, f'IndexIVFPQ nlist={a.nlist} PQ{a.pq_m}x8'
        raise SystemExit(f'make_indexes.py: unknown kind {kind!r}; expected flat, ivf_flat, hnsw_flat or ivf_pq')

    for kind in a.kinds.split(','):
        index, desc = build(kind)
        start = time.perf_counter()
        if not index.is_trained:
            index.train(train)
        index.add(x)
        built = time.perf_counter() - start
        path = os.path.join(a.out, kind + '.index')
        start = time.perf_counter()
        faiss.write_index(index, path)
        written = time.perf_counter() - start
        print(json.dumps({'file': kind + '.index', 'kind': kind, 'index': desc, 'rows': int(index.ntotal),
                          'dim': a.dim, 'bytes': os.path.getsize(path), 'buildSeconds': round(built, 2),
                          'writeSeconds': round(written, 2), 'trainRows': len(train),
                          'threads': faiss.omp_get_max_threads()}), flush=True)
        del index


if __name__ == '__main__':
    main()
