"""The servers under test, each a child process on 127.0.0.1 with a free port, and what the
benchmark reads from them: HTTP answers and memory (/proc/PID/status)."""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, method, path, body=None, headers=None, timeout=10):
    """One request on a new connection: (status, parsed JSON body or None)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        all_headers = dict(headers or {})
        if body is not None:
            body = json.dumps(body)
            all_headers["Content-Type"] = "application/json"
        connection.request(method, path, body=body, headers=all_headers)
        answer = connection.getresponse()
        data = answer.read()
        try:
            return answer.status, json.loads(data) if data else None
        except ValueError:
            return answer.status, None
    finally:
        connection.close()


def memory_kib(pid):
    """VmRSS and VmHWM (peak RSS) of a process, in KiB."""
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                fields[name] = int(value.split()[0])
    return fields


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


class Server:
    """A child process serving HTTP on `port`; ready once `probe` answers `probe_status`."""

    def __init__(self, name, args, port, log_path, env=None, probe="/healthz", probe_status=200,
                 cwd=None):
        self.name = name
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = log_path
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT,
                                        env=env, cwd=cwd)
        self.pid = self.process.pid
        self._wait_ready(probe, probe_status)

    def _wait_ready(self, probe, probe_status):
        deadline = time.time() + 30
        last = None
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited {self.process.returncode}:\n"
                                   + self.read_log())
            try:
                last, _ = request(self.port, "GET", probe, timeout=1)
                if last == probe_status:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"{self.name} not ready (last status {last}):\n" + self.read_log())

    def read_log(self):
        with open(self.log_path) as f:
            return f.read()[-4000:]

    def memory(self):
        return memory_kib(self.pid)

    def stop(self, timeout=20):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def start_tessera(binary, workdir, name, config_text=None, extra_env=None):
    """`tessera serve --dev` in its own data directory, access log and login limits off."""
    port = free_port()
    data_dir = os.path.join(workdir, name, "data")
    os.makedirs(os.path.dirname(data_dir), exist_ok=True)
    args = [binary, "serve", "--dev", "--listen", f"127.0.0.1:{port}", "--data-dir", data_dir]
    if config_text is not None:
        config = os.path.join(workdir, name, "tessera.toml")
        with open(config, "w") as f:
            f.write(config_text)
        args += ["--config", config]
    env = dict(os.environ)
    env.update({"TESSERA_LOG_ACCESS": "false", "TESSERA_RATE_LIMIT_ENABLED": "false"})
    env.update(extra_env or {})
    server = Server(name, args, port, os.path.join(workdir, name, "serve.log"), env=env)
    server.data_dir = data_dir
    return server


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
