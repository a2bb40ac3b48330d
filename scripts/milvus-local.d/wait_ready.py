"""Waits until a Milvus server answers a real RPC (list_collections), not just an open port.

usage: wait_ready.py URI TOKEN TIMEOUT_SECONDS PID
Exits 0 when the server answers, 1 when the process PID died or TIMEOUT_SECONDS passed.
"""
import os
import sys
import time

from pymilvus import MilvusClient


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


def main(uri, token, timeout, pid):
    start = time.monotonic()
    last_error = "no attempt"
    while time.monotonic() - start < timeout:
        if not alive(pid):
            sys.exit(f"server process {pid} exited while starting")
        try:
            client = MilvusClient(uri=uri, token=token, timeout=3)
            client.list_collections()
            client.close()
            return
        except Exception as e:  # the server is not up yet: any failure means try again
            last_error = str(e).splitlines()[0] if str(e) else type(e).__name__
        time.sleep(0.5)
    sys.exit(f"server did not answer list_collections within {timeout}s (last error: {last_error})")


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]))
