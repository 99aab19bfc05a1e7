"""Starts `tessera serve` on 127.0.0.1 with a free port and a temporary data directory."""

import json
import os
import signal
import socket
import subprocess
import tempfile
import time

import requests

TESSERA = os.environ["TESSERA_BIN"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Service:
    """One `tessera serve` process; stop() sends SIGTERM and returns the exit status."""

    def __init__(self, data_dir=None, dev=True, config=None, env=None, port=None):
        self.port = port or free_port()
        self.owned_dir = data_dir is None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="tessera-test-")
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(self.data_dir, f"serve-{self.port}.log")
        args = [TESSERA, "serve", "--listen", f"127.0.0.1:{self.port}", "--data-dir",
                os.path.join(self.data_dir, "data")]
        if dev:
            args.append("--dev")
        self.config_path = None
        if config is not None:
            self.config_path = os.path.join(self.data_dir, f"config-{self.port}.toml")
            with open(self.config_path, "w") as f:
                f.write(config)
            args += ["--config", self.config_path]
        self.env = dict(os.environ)
        self.env.setdefault("TESSERA_PUBLIC_URL", self.url)
        self.env.update(env or {})
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT,
                                        env=self.env)
        self._wait_ready()

    def _wait_ready(self):
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"tessera serve exited {self.process.returncode}:\n"
                                   + self.read_log())
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError("tessera serve did not become ready:\n" + self.read_log())

    def read_log(self):
        with open(self.log_path) as f:
            return f.read()

    def events(self, name):
        out = []
        for line in self.read_log().splitlines():
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if event.get("event") == name:
                out.append(event)
        return out

    def login(self, username="test", password="password"):
        r = requests.post(self.url + "/login", json={"username": username, "password": password},
                          timeout=10)
        r.raise_for_status()
        return r.json()

    def cli(self, *args, stdin=None):
        # --data-dir goes before a "--", after which every argument is positional.
        args = list(args)
        at = args.index("--") if "--" in args else len(args)
        args[at:at] = ["--data-dir", os.path.join(self.data_dir, "data")]
        return subprocess.run([TESSERA, *args],
                              input=stdin, capture_output=True, text=True, timeout=60,
                              env=self.env, check=False)

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        return self.process.returncode


# Seconds to wait for a change to reach a running service whose sync_interval is 1 s.
SYNC_WAIT = 6


def bearer(token):
    """The Authorization header of a bearer token, for requests."""
    return {"Authorization": f"Bearer {token}"}


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
