#!/usr/bin/env python3
"""Recall@10 and latency of one Milvus index over the benchmark's data, with pymilvus, after the index is built:

    index_sweep.py URI DIR INDEX EFS
    e.g. index_sweep.py http://127.0.0.1:19980 /tmp/data HNSW:M=16,efConstruction=200 0,16,64,128,256,512,1024

DIR holds make_data.py's vectors.npy and queries.npy (the first 100 queries are used); INDEX is FLAT or
TYPE:NAME=VALUE,...; EFS are the HNSW ef values to search with (0 = send none, the server's default). Cosine. The
collection (index_sweep) is flushed and searched only once the index has every row, unlike the Java benchmark,
which searches right after its upserts. Prints one JSON line per ef.
"""
import json
import sys
import time

import numpy as np
from pymilvus import DataType, MilvusClient

uri, data, index, efs = sys.argv[1], sys.argv[2], sys.argv[3], [int(x) for x in sys.argv[4].split(",")]
index_type, _, spec = index.partition(":")
build_params = {k: int(v) for k, v in (p.split("=") for p in spec.split(",") if p)}
X = np.load(data + "/vectors.npy")
Q = np.load(data + "/queries.npy")[:100]
Xn = X / np.linalg.norm(X, axis=1, keepdims=True)
Qn = Q / np.linalg.norm(Q, axis=1, keepdims=True)
exact = np.argsort(-(Qn @ Xn.T), axis=1)[:, :10]

name = "index_sweep"
client = MilvusClient(uri)
if client.has_collection(name):
    client.drop_collection(name)
schema = client.create_schema(auto_id=False)
schema.add_field("pk", DataType.INT64, is_primary=True)
schema.add_field("vector", DataType.FLOAT_VECTOR, dim=X.shape[1])
client.create_collection(name, schema=schema)
start = time.time()
for i in range(0, len(X), 5000):
    client.insert(name, [{"pk": j, "vector": X[j].tolist()} for j in range(i, min(i + 5000, len(X)))])
client.flush(name)
insert_s = time.time() - start
params = client.prepare_index_params()
params.add_index("vector", index_type=index_type, metric_type="COSINE", params=build_params)
start = time.time()
client.create_index(name, params)
while client.describe_index(name, "vector").get("state") not in (None, "Finished"):
    time.sleep(1)
client.load_collection(name)
print(json.dumps({"index": index, "insert_s": round(insert_s, 1), "build_s": round(time.time() - start, 1)}),
      flush=True)
for ef in efs:
    search = {"metric_type": "COSINE", "params": {"ef": ef} if ef else {}}
    for q in Q[:10]:
        client.search(name, [q.tolist()], limit=10, search_params=search)
    latencies, found = [], 0
    for i, q in enumerate(Q):
        t = time.time()
        hits = client.search(name, [q.tolist()], limit=10, search_params=search)[0]
        latencies.append(time.time() - t)
        found += len({h.get("id", h.get("pk")) for h in hits} & set(exact[i].tolist()))
    latencies.sort()
    print(json.dumps({"index": index, "ef": ef or "server default", "recall": found / (10 * len(Q)),
                      "p50_ms": round(1000 * latencies[len(latencies) // 2], 2),
                      "p99_ms": round(1000 * latencies[int(len(latencies) * 0.99)], 2)}), flush=True)
client.drop_collection(name)
