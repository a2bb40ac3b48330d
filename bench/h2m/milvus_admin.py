#!/usr/bin/env python3
"""Small chores on the bench server: `ready URI` waits until it answers (exit 1 after 60 s), `drop URI NAME`
drops a collection if it exists, `count URI` prints how many collections it holds."""
import sys
import time

from pymilvus import MilvusClient


def main():
    cmd, uri = sys.argv[1], sys.argv[2]
    if cmd == 'ready':
        deadline = time.time() + 60
        while True:
            try:
                MilvusClient(uri=uri, timeout=2).list_collections()
                return
            except Exception as e:  # the server is still starting: refused or unavailable
                if time.time() > deadline:
                    raise SystemExit(f'milvus_admin: no Milvus answered at {uri} within 60 s: {e}')
                time.sleep(0.5)
    client = MilvusClient(uri=uri)
    if cmd == 'drop':
        if client.has_collection(sys.argv[3]):
            client.drop_collection(sys.argv[3])
    elif cmd == 'count':
        print(len(client.list_collections()))
    else:
        raise SystemExit(f'milvus_admin: unknown command {cmd}; expected ready, drop or count')


if __name__ == '__main__':
    main()
