"""What the service tests share: `tessera serve` from TESSERA_BIN (started and stopped by
tests/support/tessera_service.py, which the benchmark uses too), waiting for a change to
spread, and raw HTTP."""

import os
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import tessera_service  # noqa: E402
from tessera_service import bearer, free_port, temporary_directory  # noqa: E402

# What the tests import from here.
__all__ = ["TESSERA", "SYNC_WAIT", "Service", "bearer", "free_port", "raw_http", "status_of",
           "temporary_directory", "wait_for"]

TESSERA = os.environ["TESSERA_BIN"]


class Service(tessera_service.Service):
    """One `tessera serve` of TESSERA_BIN, by default in development mode in a new temporary
    directory; stop() sends SIGTERM and returns the exit status."""

    def __init__(self, **options):
        super().__init__(TESSERA, **options)


# Seconds to wait for a change to reach a running service whose sync_interval is 1 s.
SYNC_WAIT = 6


def wait_for(predicate, timeout=SYNC_WAIT):
    """Polls `predicate` until it holds or `timeout` seconds pass; returns its last value."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


def raw_http(port, data, timeout=5.0, read=True):
    """Sends raw bytes and returns the raw answer (for malformed and oversize requests)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        if not read:
            return b""
        chunks = []
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                if b"\r\n\r\n" in b"".join(chunks):
                    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
                    length = 0
                    for line in head.split(b"\r\n"):
                        if line.lower().startswith(b"content-length:"):
                            length = int(line.split(b":")[1])
                    if len(body) >= length:
                        break
        except socket.timeout:
            pass
        return b"".join(chunks)


def status_of(raw):
    return int(raw.split(b" ", 2)[1]) if raw.startswith(b"HTTP/1.1 ") else None
