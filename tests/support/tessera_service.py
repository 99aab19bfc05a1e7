"""Starts `tessera serve` as a child process on 127.0.0.1, for the service tests (tests/service,
through harness.py) and the service benchmark (bench/service, through servers.py): a free port,
the instance's own directory (store, config file, log), a wait until it answers, and a stop that
returns its exit status. `Server` does the same for any HTTP server the benchmark compares.

Standard library only: the tests and the benchmark each need Python packages the other does
not, and this module needs none of them."""

import atexit
import http.client
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time

HOST = "127.0.0.1"

# Directories made by temporary_directory(), removed when the process ends (failures quote the
# logs they need); TESSERA_KEEP_TEST_DIRS=1 keeps them for a look afterwards.
_temporary_directories = []


def _remove_temporary_directories():
    if os.environ.get("TESSERA_KEEP_TEST_DIRS") == "1":
        return
    for path in _temporary_directories:
        shutil.rmtree(path, ignore_errors=True)


atexit.register(_remove_temporary_directories)


def temporary_directory(prefix="tessera-test-"):
    """A new directory that lives until this process ends."""
    path = tempfile.mkdtemp(prefix=prefix)
    _temporary_directories.append(path)
    return path


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def tls_context(ca_file):
    """A client context that trusts `ca_file`. The certificates the tests make name 127.0.0.1 in
    their CN alone, which Python does not match against an IP address: the chain is verified,
    the name is not."""
    context = ssl.create_default_context(cafile=ca_file)
    context.check_hostname = False
    return context


def request(port, method, path, body=None, headers=None, timeout=10, context=None):
    """One request on a new connection (HTTPS with `context`): (status, parsed JSON body or
    None)."""
    if context is None:
        connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    else:
        connection = http.client.HTTPSConnection(HOST, port, timeout=timeout, context=context)
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


def bearer(token):
    """The Authorization header of a bearer token."""
    return {"Authorization": f"Bearer {token}"}


def login(port, username="test", password="password", context=None):
    """POST /login as the guide's apps take it (tessera, and the benchmark's FastAPI app): the
    token pair, or RuntimeError."""
    status, body = request(port, "POST", "/login",
                           body={"username": username, "password": password}, context=context)
    if status != 200 or not isinstance(body, dict) or "access_token" not in body:
        raise RuntimeError(f"login {username} on port {port} answered {status}: {body}")
    return body


def memory_kib(pid):
    """VmRSS and VmHWM (peak RSS) of a process, in KiB."""
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                fields[name] = int(value.split()[0])
    return fields


class Server:
    """A child process serving HTTP on 127.0.0.1:`port`, its output in `log_path`; ready once
    `probe` answers `probe_status`. With `tls_ca` (the CA file of its certificate) it speaks
    HTTPS."""

    READY_TIMEOUT_S = 30

    def __init__(self, name, args, port, log_path, env=None, probe="/healthz", probe_status=200,
                 cwd=None, tls_ca=None):
        self.name = name
        self.port = port
        self.url = f"{'http' if tls_ca is None else 'https'}://{HOST}:{port}"
        self.context = tls_context(tls_ca) if tls_ca is not None else None
        self.log_path = log_path
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT,
                                        env=env, cwd=cwd)
        self.pid = self.process.pid
        try:
            self._wait_ready(probe, probe_status)
        except BaseException:
            self.stop(signal.SIGKILL)  # a caller that gets no server cannot stop it
            raise

    def _wait_ready(self, probe, probe_status):
        deadline = time.time() + self.READY_TIMEOUT_S
        last = None
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited {self.process.returncode}:\n"
                                   + self.read_log()[-4000:])
            try:
                last, _ = request(self.port, "GET", probe, timeout=1, context=self.context)
                if last == probe_status:
                    return
            except (OSError, http.client.HTTPException):  # not listening, or not yet speaking
                pass
            time.sleep(0.05)
        raise RuntimeError(f"{self.name} not ready (last status {last}):\n"
                           + self.read_log()[-4000:])

    def read_log(self):
        with open(self.log_path) as f:
            return f.read()

    def memory(self):
        return memory_kib(self.pid)

    def stop(self, sig=signal.SIGTERM, timeout=20):
        """Sends `sig` (unless the process has ended), waits, kills it after `timeout` seconds;
        returns its exit status. Safe to call again."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        return self.process.returncode


class Service(Server):
    """`tessera serve` (`binary`) on a free port or `port`, with `home` for its files: the store
    in home/data (`data_dir`), and the config file and log named after the port, so that
    instances can share a home (one store, or a restart on the same port). `home` defaults to a
    new temporary directory, removed when the process ends (see temporary_directory).

    `config` is the text of a config file; `env` adds to this process's environment; `tls` is
    (certificate file, key file), the certificate also serving as the probe's CA."""

    def __init__(self, binary, home=None, port=None, dev=True, config=None, env=None, tls=None,
                 name="tessera serve"):
        port = port or free_port()
        self.binary = binary
        self.home = home or temporary_directory()
        os.makedirs(self.home, exist_ok=True)
        self.data_dir = os.path.join(self.home, "data")
        args = [binary, "serve", "--listen", f"{HOST}:{port}", "--data-dir", self.data_dir]
        if dev:
            args.append("--dev")
        self.config_path = None
        if config is not None:
            self.config_path = os.path.join(self.home, f"config-{port}.toml")
            with open(self.config_path, "w") as f:
                f.write(config)
            args += ["--config", self.config_path]
        self.env = dict(os.environ)
        # The binary carries its own sanitizer runtime when built with one; a runtime preloaded
        # into this process (the Python package's tests under ASan) would clash with it.
        self.env.pop("LD_PRELOAD", None)
        if tls is not None:
            self.env["TESSERA_TLS_CERT_FILE"], self.env["TESSERA_TLS_KEY_FILE"] = tls
        self.env.update(env or {})
        super().__init__(name, args, port, os.path.join(self.home, f"serve-{port}.log"),
                         env=self.env, tls_ca=tls[0] if tls is not None else None)

    def events(self, name):
        """The JSON log lines whose "event" is `name`, parsed."""
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
        return login(self.port, username, password, context=self.context)

    def cli(self, *args, stdin=None):
        """`tessera ARGS` on this instance's store and environment; the CompletedProcess."""
        # --data-dir goes before a "--", after which every argument is positional.
        args = list(args)
        at = args.index("--") if "--" in args else len(args)
        args[at:at] = ["--data-dir", self.data_dir]
        return subprocess.run([self.binary, *args],
                              input=stdin, capture_output=True, text=True, timeout=60,
                              env=self.env, check=False)
