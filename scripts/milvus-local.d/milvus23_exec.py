"""Starts the PyPI `milvus` 2.3.5 embedded standalone in the foreground, with every port chosen by the caller.

Reuses the package's own config template and binary unpacking, then exec()s the milvus binary so that the
caller's pid is the server itself (the package's `milvus-server` wrapper keeps the server as a child that
outlives a SIGTERM, and silently moves to the next free port when a port is taken).

usage: milvus23_exec.py DATA_DIR PROXY_PORT INTERNAL_PORT_BASE AUTH(true|false)
"""
import os
import socket
import sys

import milvus

# Config keys of the template that name a listening port, in the order their ports are assigned from the base.
INTERNAL_PORT_KEYS = ("proxy_internal_port", "root_coord_port", "query_coord_port", "query_node_port",
                      "index_coord_port", "index_node_port", "data_coord_port", "data_node_port", "etcd_port")
# After those: the metrics/health HTTP port, then the embedded etcd's peer port.
METRICS_OFFSET = len(INTERNAL_PORT_KEYS)
ETCD_PEER_OFFSET = METRICS_OFFSET + 1
# Milvus 2.3 listens on all interfaces; these keys only set the address each component advertises.
COMPONENTS = ("rootCoord", "proxy", "queryCoord", "queryNode", "indexCoord", "indexNode", "dataCoord", "dataNode")


def main(data_dir, proxy_port, base, auth):
    ports = {"proxy_port": proxy_port}
    ports.update({key: base + i for i, key in enumerate(INTERNAL_PORT_KEYS)})
    metrics_port, etcd_peer_port = base + METRICS_OFFSET, base + ETCD_PEER_OFFSET
    for port in list(ports.values()) + [metrics_port, etcd_peer_port]:
        check_free(port)
    config = milvus.MilvusServerConfig(data_dir=data_dir)
    # Not config.resolve(): it probes ports without SO_REUSEADDR (so a restart fails on TIME_WAIT) and moves
    # to the next free port instead of failing.
    config.resolve_storage()
    for key, port in ports.items():
        config.set(key, port)
    config.set("authorization_enabled", auth)
    config.set("etcd_log_level", "warn")
    # A lone query node waits for its loaded segments to move to another node before it stops; there is none, so
    # without this a SIGTERM with a collection loaded hangs for the default 1800 s.
    config.set("common.gracefulStopTimeout", 5)
    for component in COMPONENTS:
        config.set(component + ".ip", "127.0.0.1")
    config.write_config()
    write_embedded_etcd_config(config.base_data_dir, ports["etcd_port"], etcd_peer_port)
    milvus._initialize_data_files(config.base_data_dir)
    binary = os.path.join(config.base_data_dir, "bin", "milvus")
    env = dict(os.environ)
    env.update({
        "DEPLOY_MODE": "STANDALONE",
        "METRICS_PORT": str(metrics_port),
        "MILVUS_RUN_DIR": os.path.join(config.base_data_dir, "run"),
        "LD_LIBRARY_PATH": os.path.dirname(binary) + ":" + env.get("LD_LIBRARY_PATH", ""),
    })
    os.chdir(config.base_data_dir)
    os.execve(binary, [binary, "run", "standalone"], env)


def check_free(port):
    """Binds the way Go's net.Listen does (all interfaces, SO_REUSEADDR), so TIME_WAIT does not count as taken."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("", port))
        except OSError as e:
            sys.exit(f"milvus23: port {port} is in use ({e.strerror}); choose another --port")


def write_embedded_etcd_config(data_dir, client_port, peer_port):
    """Without its own config the embedded etcd listens on 2379/2380, so a second instance could not start."""
    etcd_config = os.path.join(data_dir, "configs", "embed-etcd.yaml")
    client, peer = f"http://127.0.0.1:{client_port}", f"http://127.0.0.1:{peer_port}"
    with open(etcd_config, "w", encoding="utf-8") as out:
        out.write(f"name: default\nlisten-client-urls: {client}\nadvertise-client-urls: {client}\n"
                  f"listen-peer-urls: {peer}\ninitial-advertise-peer-urls: {peer}\n"
                  f"initial-cluster: default={peer}\n")
    milvus_yaml = os.path.join(data_dir, "configs", "milvus.yaml")
    with open(milvus_yaml, encoding="utf-8") as f:
        text = f.read()
    # The template has no etcd.config.path key, so it cannot be set through MilvusServerConfig.
    text = text.replace("\netcd:\n", f"\netcd:\n  config:\n    path: {etcd_config}\n", 1)
    with open(milvus_yaml, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[4] not in ("true", "false"):
        sys.exit(__doc__)
    main(os.path.abspath(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "true")
