"""The servers under test, each a child process on 127.0.0.1 with a free port: `tessera serve`
as the benchmark configures it, its unauthenticated floor and the FastAPI app; and the memory
peaks only the benchmark reads (VmHWM reset, exact peaks from smaps_rollup)."""

import os
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "support"))
# Starting, probing and stopping a server (tessera's options included), and the /login and
# bearer conventions, come from the module the service tests use; the benchmark's other
# modules take them from here.
from tessera_service import Server, Service, bearer, free_port, login, request  # noqa: E402

# What the benchmark's modules use from here: the shared harness's pieces and the bench's own.
__all__ = ["bearer", "login", "request", "ExactPeak", "reset_peak", "rollup_rss_kib",
           "start_fastapi", "start_floor", "start_tessera", "uvicorn_stack"]


def rollup_rss_kib(pid):
    """The exact resident size of a process now: /proc/PID/smaps_rollup walks its page tables."""
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith("Rss:"):
                return int(line.split()[1])
    raise RuntimeError(f"no Rss in /proc/{pid}/smaps_rollup")


class ExactPeak:
    """The largest exact resident size of a process, read every 10 ms until stop(). Exact where
    VmHWM is not (the kernel keeps that from per-CPU counters and updates it lazily), but it
    misses a peak shorter than the interval."""

    def __init__(self, pid, interval_s=0.01):
        self.pid = pid
        self.interval_s = interval_s
        self.peak = 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run)
        self.thread.start()

    def _run(self):
        while not self.stopping.is_set():
            self.peak = max(self.peak, rollup_rss_kib(self.pid))
            time.sleep(self.interval_s)

    def stop(self):
        self.stopping.set()
        self.thread.join()
        return self.peak


def reset_peak(pid):
    """Starts a new VmHWM measurement at the current RSS (Linux 4.0+, clear_refs 5)."""
    with open(f"/proc/{pid}/clear_refs", "w") as f:
        f.write("5")


def start_tessera(binary, workdir, name, config_text=None, extra_env=None):
    """`tessera serve --dev` in workdir/NAME, access log and login limits off."""
    env = {"TESSERA_LOG_ACCESS": "false", "TESSERA_RATE_LIMIT_ENABLED": "false"}
    env.update(extra_env or {})
    return Service(binary, home=os.path.join(workdir, name), config=config_text, env=env,
                   name=name)


def start_floor(binary, workdir):
    port = free_port()
    return Server("floor", [binary, f"127.0.0.1:{port}"], port,
                  os.path.join(workdir, "floor.log"), probe="/secure-endpoint")


def start_fastapi(workdir):
    """The FastAPI reference app under Debian's uvicorn: one worker, no access log."""
    port = free_port()
    args = [sys.executable, "-m", "uvicorn", "fastapi_app:app", "--host", "127.0.0.1",
            "--port", str(port), "--workers", "1", "--log-level", "warning", "--no-access-log"]
    # Without a token HTTPBearer answers 403: a cheap readiness probe that needs no login.
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return Server("fastapi", args, port, os.path.join(workdir, "fastapi.log"), env=env,
                  probe="/secure-endpoint", probe_status=403, cwd=HERE)


def uvicorn_stack():
    """The event loop and HTTP parser uvicorn's "auto" picks on this machine."""
    stack = {}
    for module, role, fallback, chosen in (("uvloop", "loop", "asyncio", "uvloop"),
                                           ("httptools", "http", "h11", "httptools")):
        try:
            __import__(module)
            stack[role] = chosen
        except ImportError:
            stack[role] = fallback
    return stack
