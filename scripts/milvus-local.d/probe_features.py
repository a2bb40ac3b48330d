"""Probes which Milvus features a running server supports; prints one line per feature: name, yes/NO, detail.

usage: .milvusdm/venv/bin/python scripts/milvus-local.d/probe_features.py URI [TOKEN] [BULK_DIR]
BULK_DIR: a directory the server can read (milvus23: its data dir), for the v1 bulk insert probe.
The results in docs/milvus-servers.md come from this script. Collections it creates start with probe_.
"""
import json
import os
import sys
import time

import numpy as np
from pymilvus import DataType, MilvusClient, connections, utility

URI = sys.argv[1]
TOKEN = sys.argv[2] if len(sys.argv) > 2 else ""
BULK_DIR = sys.argv[3] if len(sys.argv) > 3 else ""
client = MilvusClient(uri=URI, token=TOKEN)


def report(name, probe):
    try:
        detail = probe()
        print(f"{name}\tyes\t{detail if detail is not None else ''}")
    except Exception as e:  # the point is to record any failure
        text = str(e).replace("\n", " ")
        print(f"{name}\tNO\t{text[:160]}")
    finally:
        for collection in client.list_collections():
            if collection.startswith("probe_"):
                client.drop_collection(collection)


def collection(name, vector_type=DataType.FLOAT_VECTOR, index="FLAT", metric="L2", dim=8, dynamic=False,
               extra=None, rows=None, load=True, **schema_kwargs):
    schema = client.create_schema(enable_dynamic_field=dynamic, **schema_kwargs)
    schema.add_field("id", DataType.INT64, is_primary=True)
    if vector_type == DataType.SPARSE_FLOAT_VECTOR:
        schema.add_field("v", vector_type)
    else:
        schema.add_field("v", vector_type, dim=dim)
    for field in extra or []:
        schema.add_field(**field)
    client.create_collection(name, schema=schema, consistency_level="Strong")
    if rows:
        client.insert(name, rows)
    if load:
        params = client.prepare_index_params()
        params.add_index("v", index_type=index, metric_type=metric, params=index_params(index))
        client.create_index(name, params)
        client.load_collection(name)


def index_params(index):
    return {"IVF_FLAT": {"nlist": 4}, "IVF_SQ8": {"nlist": 4}, "IVF_PQ": {"nlist": 4, "m": 4, "nbits": 8},
            "HNSW": {"M": 8, "efConstruction": 16}}.get(index, {})


def float_rows(n, dim=8, start=0):
    rng = np.random.default_rng(1)
    return [{"id": start + i, "v": rng.random(dim, dtype=np.float32).tolist()} for i in range(n)]


def vector_type(vtype, index, metric, make_vector):
    collection("probe_vt", vtype, index, metric, rows=[{"id": i, "v": make_vector(i)} for i in range(10)])
    hits = client.search("probe_vt", [make_vector(3)], anns_field="v", limit=1,
                         search_params={"metric_type": metric})
    if hits[0][0]["id"] != 3:
        raise RuntimeError(f"accepted, but the nearest neighbour of row 3 came back as row {hits[0][0]['id']}")
    return "search finds the row itself"


def bf16(i):
    """bfloat16 as raw bytes: the upper half of each float32 (numpy has no bfloat16 type)."""
    return (np.full(8, i / 10, dtype=np.float32).view(np.uint32) >> 16).astype(np.uint16).tobytes()


def bulk_insert():
    if not BULK_DIR:
        raise RuntimeError("no BULK_DIR given")
    path = os.path.join(os.path.abspath(BULK_DIR), "probe_rows.json")
    with open(path, "w", encoding="utf-8") as out:
        json.dump({"rows": float_rows(20)}, out)
    collection("probe_bulk", load=False)
    host, port = URI.split("//")[1].split(":")
    connections.connect("probe", host=host, port=port, token=TOKEN)
    task = utility.do_bulk_insert("probe_bulk", files=[path], using="probe")
    for _ in range(60):
        state = utility.get_bulk_insert_state(task, using="probe")
        if state.state_name in ("Completed", "Failed"):
            break
        time.sleep(1)
    if state.state_name != "Completed":
        raise RuntimeError(f"bulk insert {state.state_name}: {state.failed_reason}")
    return f"{state.row_count} rows from {path}"


def main():
    report("partitions", lambda: (collection("probe_p"), client.create_partition("probe_p", "p1"),
                                  client.list_partitions("probe_p"))[2])
    report("partition key", lambda: collection(
        "probe_pk", extra=[{"field_name": "k", "datatype": DataType.INT64, "is_partition_key": True}],
        num_partitions=4, rows=[dict(r, k=r["id"] % 3) for r in float_rows(10)]) or client.query(
        "probe_pk", filter="k == 1", output_fields=["count(*)"])[0])
    report("databases", lambda: (client.create_database("probe_db"), client.list_databases(),
                                 client.drop_database("probe_db"))[1])
    report("binary vector", lambda: vector_type(DataType.BINARY_VECTOR, "BIN_FLAT", "HAMMING",
                                                lambda i: bytes([i])))
    report("float16 vector", lambda: vector_type(DataType.FLOAT16_VECTOR, "FLAT", "L2",
                                                 lambda i: np.full(8, i / 10, dtype=np.float16)))
    report("bfloat16 vector", lambda: vector_type(DataType.BFLOAT16_VECTOR, "FLAT", "L2", bf16))
    report("sparse vector", lambda: vector_type(DataType.SPARSE_FLOAT_VECTOR, "SPARSE_INVERTED_INDEX", "IP",
                                                lambda i: {i: 1.0, 100: 0.5}))
    report("nullable field", lambda: collection(
        "probe_null", extra=[{"field_name": "s", "datatype": DataType.VARCHAR, "max_length": 16, "nullable": True}],
        rows=[{"id": 1, "v": [0.0] * 8, "s": None}]) or client.query("probe_null", filter="s is null",
                                                                     output_fields=["id"]))
    report("dynamic field", lambda: collection("probe_dyn", dynamic=True, rows=[dict(r, color="red")
                                                                                 for r in float_rows(3)])
           or client.query("probe_dyn", filter='color == "red"', output_fields=["count(*)"])[0])
    report("upsert", lambda: collection("probe_up", rows=float_rows(3)) or client.upsert(
        "probe_up", float_rows(2, start=2)) and client.query("probe_up", filter="", output_fields=["count(*)"])[0])
    report("delete by filter", lambda: collection("probe_del", rows=float_rows(10)) or client.delete(
        "probe_del", filter="id in [1, 2, 3]"))
    report("query iterator", lambda: collection("probe_it", rows=float_rows(25)) or iterate("probe_it"))
    report("flush", lambda: collection("probe_fl", rows=float_rows(3)) or client.flush("probe_fl"))
    report("alias", lambda: collection("probe_al") or client.create_alias("probe_al", "probe_alias_x")
           or client.drop_alias("probe_alias_x"))
    for index in ("FLAT", "IVF_FLAT", "IVF_SQ8", "IVF_PQ", "HNSW", "AUTOINDEX", "DISKANN"):
        report(f"index {index}", lambda index=index: collection(
            "probe_ix", index=index, rows=float_rows(300)) or client.describe_index("probe_ix", "v")["index_type"])
    report("bulk insert (v1 gRPC Import)", bulk_insert)


def iterate(name):
    it = client.query_iterator(name, batch_size=7, output_fields=["id"])
    seen = []
    while page := it.next():
        seen.extend(r["id"] for r in page)
    it.close()
    if sorted(seen) != list(range(25)):
        raise RuntimeError(f"iterator saw {len(seen)} rows")
    return f"{len(seen)} rows"


if __name__ == "__main__":
    main()
