"""`tessera serve` out of file descriptors: when accept() fails for want of them, the service
keeps serving the connections it has, waits before trying again instead of spinning, says so
once in the log, and accepts again once descriptors are free."""

import os
import resource
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import Service  # noqa: E402
from hostile_network_test import (Closed, Incomplete, connect, exchange,  # noqa: E402
                                  read_response, request_bytes)


def cpu_seconds(pid):
    """User and system CPU time a process has used so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class OutOfDescriptors(unittest.TestCase):
    """When accept() fails for want of file descriptors, the service keeps serving the
    connections it has, waits before trying again instead of spinning, and accepts again once
    descriptors are free."""

    def test_accept_failures_pause_and_the_service_recovers(self):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        env = {"TESSERA_IO_THREADS": "2"}
        # The service inherits a limit of 64 descriptors (two I/O threads, whatever the cores);
        # this process gets its own back at once.
        resource.setrlimit(resource.RLIMIT_NOFILE, (64, hard))
        try:
            service = Service(env=env)
        finally:
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
        held = []
        try:
            port = service.port
            first = connect(port, timeout=10)
            held.append(first)
            # More connections than the service has descriptors: the kernel completes them in the
            # listen backlog, and accept() fails with EMFILE once the service is out.
            for _ in range(100):
                held.append(connect(port, timeout=10))
            time.sleep(0.5)
            spent = cpu_seconds(service.process.pid)
            time.sleep(2.0)
            spent = cpu_seconds(service.process.pid) - spent
            self.assertLess(spent, 0.5, f"{spent:.2f} s of CPU in 2 s while out of descriptors")
            [failed] = service.events("accept_failed")
            self.assertIn("open files", failed["detail"])
            # A connection it accepted before is still served.
            first.sendall(request_bytes("GET", "/healthz"))
            self.assertEqual(read_response(first).status, 200)
            for s in held:
                s.close()
            held.clear()
            deadline = time.monotonic() + 20
            status = None
            while time.monotonic() < deadline and status != 200:
                try:
                    status = exchange(port, request_bytes("GET", "/healthz", close=True)).status
                except (OSError, Closed, Incomplete):
                    time.sleep(0.2)
            self.assertEqual(status, 200, service.read_log()[-3000:])
            self.assertGreaterEqual(len(service.events("accept_resumed")), 1)
            print(f"\nout of descriptors: {spent:.2f} s of CPU in 2 s", file=sys.stderr)
        finally:
            for s in held:
                s.close()
            self.assertEqual(service.stop(), 0, service.read_log()[-3000:])


if __name__ == "__main__":
    unittest.main()
