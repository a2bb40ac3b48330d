#!/usr/bin/env python3
"""Random float32 vectors and queries for the similarity benchmark: make_data.py DIR ROWS DIM QUERIES."""
import os
import sys

import numpy as np

out, rows, dim, queries = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(2026)
np.save(os.path.join(out, "vectors.npy"), rng.standard_normal((rows, dim), dtype=np.float32))
np.save(os.path.join(out, "queries.npy"), rng.standard_normal((queries, dim), dtype=np.float32))
