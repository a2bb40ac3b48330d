"""Writes an IndexIVFFlat of ROWS x 128 float32 (seeded Gaussian data) with faiss-cpu, adding in chunks so that
this script's own memory stays at a few hundred MB whatever the file size.

    make_index.py --out FILE --rows N [--nlist 1024]
"""
import argparse

import faiss
import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument('--out', required=True)
    parser.add_argument('--rows', type=int, required=True)
    parser.add_argument('--nlist', type=int, default=1024)
    args = parser.parse_args()
    dim, chunk = 128, 500_000
    rng = np.random.default_rng(20261124)
    index = faiss.IndexIVFFlat(faiss.IndexFlatL2(dim), dim, args.nlist, faiss.METRIC_L2)
    index.train(rng.standard_normal((min(args.rows, 100_000), dim), dtype=np.float32))
    for start in range(0, args.rows, chunk):
        n = min(chunk, args.rows - start)
        index.add_with_ids(rng.standard_normal((n, dim), dtype=np.float32), np.arange(start, start + n, dtype=np.int64))
    faiss.write_index(index, args.out)


if __name__ == '__main__':
    main()
