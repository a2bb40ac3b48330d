#!/usr/bin/env python3
"""numpy brute force, the reference: numpy_bench.py DIR K WARMUP.

Cosine similarity of each query against every row (rows normalised once, before the clock), top k by
argpartition then sort, one query at a time as an interactive search runs. Prints one JSON line of timings and
writes DIR/numpy_topk.json (the exact top-k ids per query, for the Milvus backend's recall).
"""
import json
import os
import sys
import time

import numpy as np

directory, k, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
vectors = np.load(os.path.join(directory, "vectors.npy"))
queries = np.load(os.path.join(directory, "queries.npy"))
unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def search(q):
    scores = unit @ (q / np.linalg.norm(q))
    top = np.argpartition(-scores, k)[:k]
    return top[np.argsort(-scores[top], kind="stable")]


for q in queries[:warmup]:
    search(q)
latencies = []
topk = []
start = time.perf_counter()
for q in queries:
    t = time.perf_counter()
    topk.append(search(q).tolist())
    latencies.append(time.perf_counter() - t)
total = time.perf_counter() - start
with open(os.path.join(directory, "numpy_topk.json"), "w") as f:
    json.dump(topk, f)
ms = np.array(latencies) * 1000
print(json.dumps({"side": "numpy", "queries": len(queries), "k": k, "qps": len(queries) / total,
                  "p50_ms": float(np.percentile(ms, 50)), "p99_ms": float(np.percentile(ms, 99)),
                  "threads": os.environ.get("OPENBLAS_NUM_THREADS", "default")}))
