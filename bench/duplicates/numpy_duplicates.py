#!/usr/bin/env python3
"""The reference: near-duplicates with numpy, as FiftyOne's sklearn backend computes them (radius neighbours of
every item, then greedy in dataset order: an unclaimed item is kept and claims its unclaimed neighbours), cosine
similarity above THRESHOLD. Scores are computed block by block (normalised rows, one matrix product per block)
so memory stays at a block of the score matrix. Prints one JSON line; writes the duplicate ids to DIR/numpy.dups.

    numpy_duplicates.py DIR THRESHOLD
"""
import json
import os
import sys
import time

import numpy as np

out, threshold = sys.argv[1], float(sys.argv[2])
vectors = np.load(os.path.join(out, "vectors.npy"))
block = 1024
start = time.perf_counter()
norms = np.linalg.norm(vectors, axis=1, keepdims=True)
unit = vectors / np.where(norms == 0, 1, norms)
neighbours = []
for lo in range(0, len(unit), block):
    scores = unit[lo:lo + block] @ unit.T
    for i, row in enumerate(scores):
        close = np.flatnonzero(row > threshold)
        neighbours.append(close[close != lo + i])
claimed = np.zeros(len(unit), dtype=bool)
is_kept = np.zeros(len(unit), dtype=bool)
for i, close in enumerate(neighbours):
    if claimed[i]:
        continue
    is_kept[i] = True
    claimed[close[~claimed[close] & ~is_kept[close]]] = True
kept = np.flatnonzero(is_kept)
seconds = time.perf_counter() - start
duplicates = np.flatnonzero(claimed)
with open(os.path.join(out, "numpy.dups"), "w") as f:
    f.write("\n".join(f"v{i}" for i in duplicates))
print(json.dumps({"side": "numpy", "rows": len(unit), "seconds": round(seconds, 2), "kept": len(kept),
                  "duplicates": int(len(duplicates))}))
