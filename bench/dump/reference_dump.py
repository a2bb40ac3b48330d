"""What milvus-migration's Faiss dump produces, written by faiss-cpu + numpy (+ pyarrow for Parquet).

usage: reference_dump.py INDEX OUT_DIR npy|parquet

npy:     faiss.read_index, then per inverted list its ids and vectors (as milvus-migration reads them, list by list),
         concatenated and written with np.save as OUT_DIR/id.npy and OUT_DIR/data.npy (milvus-migration's one pair).
parquet: the same arrays written by pyarrow.parquet as OUT_DIR/data.parquet (id int64, embedding list<float>).
Prints one JSON line: seconds (read + write), rows, bytes.
"""
import json
import os
import sys
import time

import faiss
import numpy as np


def read_all(path):
    index = faiss.read_index(path)
    ivf = faiss.extract_index_ivf(index)
    invlists = ivf.invlists
    ids, vectors = [], []
    for list_no in range(ivf.nlist):
        size = invlists.list_size(list_no)
        if size == 0:
            continue
        ids.append(faiss.rev_swig_ptr(invlists.get_ids(list_no), size).copy())
        codes = faiss.rev_swig_ptr(invlists.get_codes(list_no), size * invlists.code_size)
        vectors.append(codes.view(np.float32).reshape(size, ivf.d).copy())
    return np.concatenate(ids), np.concatenate(vectors)


def main(index, out, fmt):
    os.makedirs(out, exist_ok=True)
    start = time.perf_counter()
    ids, vectors = read_all(index)
    if fmt == "npy":
        np.save(os.path.join(out, "id.npy"), ids)
        np.save(os.path.join(out, "data.npy"), vectors)
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq
        embedding = pa.FixedSizeListArray.from_arrays(pa.array(vectors.reshape(-1)), vectors.shape[1]).cast(
            pa.list_(pa.float32()))
        pq.write_table(pa.table({"id": pa.array(ids), "embedding": embedding}), os.path.join(out, "data.parquet"),
                       row_group_size=max(1, (32 << 20) // (vectors.shape[1] * 4 + 8)))
    seconds = time.perf_counter() - start
    size = sum(os.path.getsize(os.path.join(out, f)) for f in os.listdir(out))
    print(json.dumps({"seconds": seconds, "rows": int(len(ids)), "bytes": size}))


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[3] not in ("npy", "parquet"):
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3])
