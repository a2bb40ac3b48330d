"""Reads f['embeddings'][:] with h5py; prints the best of REPS wall times.  Usage: h5py_read.py FILE REPS"""
import sys
import time

import h5py

best = float('inf')
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    with h5py.File(sys.argv[1], 'r') as f:
        f['embeddings'][:]
    best = min(best, time.perf_counter() - start)
print(f'h5py {sys.argv[1].split("/")[-1]} best={best:.3f} s')
