#!/usr/bin/env python3
"""faiss-cpu's side of the Faiss read benchmark: in one process, --repeats times, faiss.read_index(FILE) and then
every vector as one float32 matrix with reconstruct_n(0, ntotal). For IVF indexes make_direct_map() is called
after read_index and counted in the time, as a user who reconstructs by id must (reconstruct(i) fails without it);
faiss 1.15's reconstruct_n itself walks every list and would not need it. Its cost is reported on its own.
Prints one JSON line: the best total ("rowsPerSecond") and the best read_index alone ("readIndexSeconds")."""
import argparse
import json
import os
import time

import faiss
import numpy as np


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--file', required=True)
    p.add_argument('--repeats', type=int, default=3)
    a = p.parse_args()
    totals, reads, direct_maps = [], [], []
    rows = checksum = 0
    ivf = False
    for _ in range(a.repeats):
        start = time.perf_counter()
        index = faiss.read_index(a.file)
        read = time.perf_counter() - start
        ivf_index = faiss.try_extract_index_ivf(index)
        ivf = ivf_index is not None
        if ivf:
            ivf_index.make_direct_map()
        mapped = time.perf_counter() - start
        x = index.reconstruct_n(0, index.ntotal)
        total = time.perf_counter() - start
        rows = int(index.ntotal)
        checksum = int(x[:, 0].view(np.int32).astype(np.int64).sum())   # one value of every row, as ours does
        totals.append(total)
        reads.append(read)
        direct_maps.append(mapped - read)
        del x, index, ivf_index
    best = min(totals)
    print(json.dumps({'bench': 'faiss-read', 'file': os.path.basename(a.file), 'rows': rows,
                      'faissThreads': faiss.omp_get_max_threads(), 'directMap': ivf, 'bestSeconds': best,
                      'rowsPerSecond': rows / best, 'allSeconds': totals, 'readIndexSeconds': min(reads),
                      'readIndexAllSeconds': reads, 'directMapSeconds': min(direct_maps) if ivf else 0.0,
                      'checksum': checksum}))


if __name__ == '__main__':
    main()
