#!/usr/bin/env python3
"""Vectors with planted near-duplicates for the duplicates benchmark: make_data.py DIR ROWS DIM.

A quarter of the rows are copies of earlier rows moved by small noise (cosine similarity above 0.999 to their
original); the rest are independent random vectors, which sit near cosine 0 from each other at this dimension.
"""
import os
import sys

import numpy as np

out, rows, dim = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(2026)
vectors = rng.standard_normal((rows, dim), dtype=np.float32)
copies = rng.choice(np.arange(1, rows), size=rows // 4, replace=False)
for row in copies:
    source = rng.integers(0, row)
    vectors[row] = vectors[source] + rng.standard_normal(dim, dtype=np.float32) * np.float32(0.01)
np.save(os.path.join(out, "vectors.npy"), vectors)
