#!/usr/bin/env python3
"""The service benchmark (docs/BENCHMARKS.md): `tessera serve` under wrk beside its
unauthenticated floor (the same HTTP stack answering a constant JSON) and the FastAPI reference
app, all on 127.0.0.1 in one run, so the figures that matter are ratios.

    bench/service/run.py [--repeat 3] [--duration 10] [--lock FILE] [--out DIR]
    bench/service/run.py --smoke      # every server, route and status checked; 1 s per run

Each of the --repeat runs starts every server afresh and measures every scenario; the report
gives the medians of the figures and of the ratios taken within each run. It writes
results.json and PNG charts into --out (default build/bench-results/service) and prints a
markdown table. It fails (exit 1)
when a server does not start, an answer has the wrong status, or wrk reports errors; goals that
are missed are reported, not failed.
"""

import argparse
import contextlib
import fcntl
import json
import os
import platform
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree

import analysis  # noqa: E402
import report  # noqa: E402
import servers  # noqa: E402
import storm  # noqa: E402
import tokens  # noqa: E402
import wrk  # noqa: E402

MEMORY_KIB = 19456  # the service's default Argon2id cost (password_hash.*)
ITERATIONS = 2


def parse_args():
    build = os.path.join(ROOT, "build", "release")
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--smoke", action="store_true", help="1 s per run, no warm-up")
    p.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    p.add_argument("--warmup", type=int, default=2, help="seconds of wrk before each run")
    p.add_argument("--repeat", type=int, default=3,
                   help="whole runs; figures are the medians of their ratios (smoke: 1)")
    p.add_argument("--lock", help="a file to flock during each run, so that builds sharing the "
                                  "machine wait and the runs between let them through")
    p.add_argument("--idle-connections", type=int, default=2000)
    p.add_argument("--out", default=os.path.join(ROOT, "build", "bench-results", "service"))
    p.add_argument("--tessera", default=os.environ.get(
        "TESSERA_BIN", os.path.join(build, "cli", "tessera")))
    p.add_argument("--floor", default=os.environ.get(
        "TESSERA_HTTP_FLOOR_BIN", os.path.join(build, "bench", "service", "tessera_http_floor")))
    p.add_argument("--argon2id-rate", default=os.environ.get(
        "TESSERA_ARGON2ID_RATE_BIN",
        os.path.join(build, "bench", "service", "tessera_argon2id_rate")))
    args = p.parse_args()
    if args.smoke:
        args.duration, args.warmup, args.repeat = 1, 0, 1
    return args


def require_tools(args):
    """Everything the run needs, or a loud failure: a benchmark that skips proves nothing."""
    for path in (args.tessera, args.floor, args.argon2id_rate):
        if not os.access(path, os.X_OK):
            sys.exit(f"error: {path} is not built")
    if shutil.which("wrk") is None:
        sys.exit("error: wrk is not installed (Debian package wrk)")
    for module in ("fastapi", "uvicorn", "jwt", "matplotlib"):
        try:
            __import__(module)
        except ImportError as e:
            sys.exit(f"error: {sys.executable} cannot import {module}: {e}")


def machine():
    model = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True,
                                 timeout=10).stdout.splitlines()
    import fastapi
    import uvicorn
    return {"cpu": model, "cores": os.cpu_count(), "kernel": platform.release(),
            "wrk": wrk_version[0] if wrk_version else "", "python": platform.python_version(),
            "fastapi": fastapi.__version__, "uvicorn": uvicorn.__version__,
            "uvicorn_stack": servers.uvicorn_stack()}


def expect(what, got, wanted):
    if got != wanted:
        raise RuntimeError(f"{what}: status {got}, expected {wanted}")


class Bench:
    def __init__(self, args, workdir):
        self.args = args
        self.workdir = workdir
        self.scenarios = {}

    def measure(self, name, label, server, path, token=None, script=None, connections=32,
                ok=True, warm=True):
        """One wrk run with its warm-up; checks every answer had the expected class of status."""
        url = server.url + path
        header = f"Authorization: Bearer {token}" if token else None
        if warm and self.args.warmup:
            wrk.run(url, self.args.warmup, connections, header, script)
        servers.reset_peak(server.pid)
        before = server.memory()
        result = wrk.run(url, self.args.duration, connections, header, script)
        return self._record(name, label, server, connections, ok, result, before)

    def measure_in_turns(self, scenarios):
        """The scenarios the goals compare, measured in turns: each runs `duration / turns`
        seconds, then the next, round after round. A change in the shared machine's speed, which
        can last seconds, then meets them all alike instead of the one that happened to run.
        Each scenario: (name, label, server, token); 32 connections on /secure-endpoint."""
        turns = max(1, min(5, self.args.duration // 2))
        seconds = max(1, self.args.duration // turns)
        header = {name: f"Authorization: Bearer {token}" for name, _, _, token in scenarios}
        before = {}
        for name, _, server, _ in scenarios:
            if self.args.warmup:
                wrk.run(server.url + "/secure-endpoint", self.args.warmup, 32, header[name])
            servers.reset_peak(server.pid)
            before[name] = server.memory()
        runs = {name: [] for name, _, _, _ in scenarios}
        for _ in range(turns):
            for name, _, server, _ in scenarios:
                runs[name].append(
                    wrk.run(server.url + "/secure-endpoint", seconds, 32, header[name]))
        for name, label, server, _ in scenarios:
            self._record(name, label, server, 32, True, wrk.combine(runs[name]), before[name])

    def _record(self, name, label, server, connections, ok, result, before):
        after = server.memory()
        result.update(label=label, server=server.name, connections=connections,
                      memory={"rss_before_kib": before["VmRSS"], "peak_kib": after["VmHWM"],
                              "rss_after_kib": after["VmRSS"]})
        self._check(name, result, ok)
        self.scenarios[name] = result
        print(f"  {label}: {result['requests_per_s']:.0f} requests/s, "
              f"p99 {result['p99_ms']:.2f} ms", file=sys.stderr, flush=True)
        return result

    @staticmethod
    def _check(name, result, ok):
        if result["socket_errors"]:
            raise RuntimeError(f"{name}: wrk reported socket errors: {result['command']}")
        wanted = 0 if ok else result["requests"]
        if result["non_2xx"] != wanted:
            raise RuntimeError(f"{name}: {result['non_2xx']} of {result['requests']} answers were "
                               f"not 2xx (expected {wanted})")


def idle_connections(server, count, token):
    """RSS before and after `count` keep-alive connections that each completed a request and
    then stay open and idle."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = count + 256
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))
    raw = (f"GET /secure-endpoint HTTP/1.1\r\nHost: 127.0.0.1\r\n"
           f"Authorization: Bearer {token}\r\n\r\n").encode()
    servers.reset_peak(server.pid)
    before = server.memory()
    sockets = []
    try:
        for _ in range(count):
            s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            sockets.append(s)
            s.sendall(raw)
            answer = b""
            while b"\r\n\r\n" not in answer:
                chunk = s.recv(4096)
                if not chunk:
                    raise RuntimeError("a keep-alive connection was closed")
                answer += chunk
            if not answer.startswith(b"HTTP/1.1 200"):
                raise RuntimeError("idle connection request: " + answer.split(b"\r\n")[0].decode())
        time.sleep(0.5)
        during = server.memory()
    finally:
        for s in sockets:
            s.close()
    time.sleep(0.5)
    after = server.memory()
    return {"connections": count, "rss_before_kib": before["VmRSS"],
            "rss_with_idle_kib": during["VmRSS"], "peak_kib": during["VmHWM"],
            "added_kib": during["VmRSS"] - before["VmRSS"], "rss_after_close_kib": after["VmRSS"]}


def argon2id_rate(binary, threads, seconds):
    done = subprocess.run([binary, str(MEMORY_KIB), str(ITERATIONS), str(threads), str(seconds)],
                          capture_output=True, text=True, timeout=seconds + 60, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{binary} failed: {done.stderr}")
    return json.loads(done.stdout)


def check_routes(floor, hs, es, fastapi):
    """Each server and route once, with the status it must answer. Returns the tokens."""
    t = {}
    expect("floor GET /secure-endpoint", servers.request(floor.port, "GET", "/secure-endpoint")[0],
           200)
    for name, server in (("hs", hs), ("es", es), ("fastapi", fastapi)):
        t[name] = tokens.login(server.port)
        t[name + "_forged"] = tokens.forged(t[name])
        expect(f"{name} valid token", servers.request(
            server.port, "GET", "/secure-endpoint", headers=servers.bearer(t[name]))[0], 200)
        expect(f"{name} forged token", servers.request(
            server.port, "GET", "/secure-endpoint",
            headers=servers.bearer(t[name + "_forged"]))[0], 401)
        expect(f"{name} wrong password", servers.request(
            server.port, "POST", "/login", body={"username": "test", "password": "wrong"})[0],
            401)
    expect("tessera without a token", servers.request(hs.port, "GET", "/secure-endpoint")[0], 401)
    return t


def check_cold_tokens(es, path):
    """The minted tokens must be ones the service accepts: the first, middle and last."""
    with open(path) as f:
        lines = f.read().split()
    if len(set(lines)) != len(lines):
        raise RuntimeError("minted tokens are not all distinct")
    for token in (lines[0], lines[len(lines) // 2], lines[-1]):
        expect("minted ES256 token", servers.request(
            es.port, "GET", "/secure-endpoint", headers=servers.bearer(token))[0], 200)
    return len(lines)


def run(args, workdir):
    results = {"machine": machine(), "settings": {
        "duration_s": args.duration, "warmup_s": args.warmup, "connections": 32,
        "smoke": args.smoke}}
    bench = Bench(args, workdir)
    secret = os.path.join(workdir, "hs256.key")
    subprocess.run([args.tessera, "keygen", "--alg", "HS256", "--out", secret], check=True,
                   timeout=30)
    started = []
    try:
        floor = servers.start_floor(args.floor, workdir)
        started.append(floor)
        hs = servers.start_tessera(args.tessera, workdir, "tessera-hs256",
                                   f'algorithm = "HS256"\nsigning_secret_file = "{secret}"\n')
        started.append(hs)
        es = servers.start_tessera(args.tessera, workdir, "tessera-es256")
        started.append(es)
        fastapi = servers.start_fastapi(workdir)
        started.append(fastapi)
        t = check_routes(floor, hs, es, fastapi)

        # A new token per request for the cold run: as many as wrk can send, capped.
        count = 2000 if args.smoke else min(250000, args.duration * 15000)
        cold = tokens.mint_like(t["es"], es.data_dir, count, os.path.join(workdir, "tokens.txt"))
        results["cold_tokens"] = check_cold_tokens(es, cold)
        scripts = wrk.write_scripts(workdir, cold)

        print("wrk runs:", file=sys.stderr, flush=True)
        # The floor gets the same Authorization header, so the requests are the same bytes.
        bench.measure_in_turns([
            ("floor", "floor: same HTTP stack, no authentication", floor, t["hs"]),
            ("tessera_hs256_valid", "tessera HS256, valid token", hs, t["hs"]),
            ("tessera_es256_warm", "tessera ES256 (default), one token (cache warm)", es,
             t["es"]),
            ("fastapi_valid", "FastAPI (the guide's app), valid token", fastapi, t["fastapi"])])
        bench.measure("tessera_hs256_invalid", "tessera HS256, invalid token", hs,
                      "/secure-endpoint", token=t["hs_forged"], ok=False)
        c64 = bench.measure("tessera_es256_warm_c64", "tessera ES256, one token, 64 connections",
                            es, "/secure-endpoint", token=t["es"], connections=64)
        # No separate warm-up: it would spend tokens, and the runs before warmed this server.
        cold_run = bench.measure("tessera_es256_cold",
                                 "tessera ES256, a new token per request (cold)", es,
                                 "/secure-endpoint", script=scripts["tokens"], warm=False)
        # Requests beyond the list reuse tokens (cache hits): said, never hidden.
        results["cold_reused_requests"] = max(0, cold_run["requests"] - results["cold_tokens"])
        results["memory"] = {"connections": dict(c64["memory"], connections=64)}
        results["memory"]["idle"] = idle_connections(es, args.idle_connections, t["es"])
        bench.measure("fastapi_invalid", "FastAPI (the guide's app), invalid token", fastapi,
                      "/secure-endpoint", token=t["fastapi_forged"], ok=False)

        seconds = 0.5 if args.smoke else 3
        results["argon2id"] = {
            "memory_kib": MEMORY_KIB, "iterations": ITERATIONS,
            "one_thread": argon2id_rate(args.argon2id_rate, 1, seconds),
            "pool": argon2id_rate(args.argon2id_rate, os.cpu_count() or 1, seconds)}
        first_rest = hs.memory()["VmRSS"]  # one login so far (check_routes)
        first = bench.measure("tessera_login", "tessera POST /login (Argon2id)", hs, "/login",
                              script=scripts["login"])
        bench.measure("fastapi_login", "FastAPI POST /login (plain compare)", fastapi, "/login",
                      script=scripts["login"])

        # The storm is 64 connections: 32 logging in (each login waits behind up to 31 others
        # while the hashing threads give way to the token checks: seconds, at times more than
        # wrk's usual 5 s timeout, which would drop it from the latencies, so it gets 30 s) and
        # 32 measured. Like every scenario it is measured warm: first a warm-up storm of the
        # same shape. Its peak is then compared with the peak of this server under 64
        # connections without logins, so that the figure is what the logins add on top of that
        # load.
        storm_memory, storm_result = storm.memory_added(
            hs, scripts["login"], f"Authorization: Bearer {t['hs']}", args.warmup,
            args.duration,
            lambda: bench.measure("tessera_hs256_during_storm",
                                  "tessera HS256, valid token, during /login storm", hs,
                                  "/secure-endpoint", token=t["hs"], warm=False))
        Bench._check("login storm", storm_result, True)
        results["memory"]["login_storm"] = dict(storm_memory,
                                                logins_per_s=storm_result["requests_per_s"],
                                                login_p99_ms=storm_result["p99_ms"])
        # The first logins a server ever does also set up what each hashing thread keeps
        # (its malloc arena, OpenSSL's per-thread state): reported apart, once.
        results["memory"]["first_logins"] = {
            "rss_before_kib": first_rest, "peak_kib": first["memory"]["peak_kib"],
            "added_kib": first["memory"]["peak_kib"] - first_rest}
        for server in started:
            results.setdefault("rss_at_end_kib", {})[server.name] = server.memory()["VmRSS"]
    finally:
        for server in started:
            server.stop()
    results["scenarios"] = bench.scenarios
    analysis.add_ratios(results, os.cpu_count() or 1)
    return results


def locked(path):
    """An exclusive flock on `path` (or nothing), released when the returned file closes."""
    if not path:
        return contextlib.nullcontext()
    f = open(path, "a")
    fcntl.flock(f, fcntl.LOCK_EX)
    return f


def main():
    args = parse_args()
    require_tools(args)
    os.makedirs(args.out, exist_ok=True)
    started = time.time()
    runs = []
    for index in range(args.repeat):
        workdir = tempfile.mkdtemp(prefix="tessera-service-bench-")
        print(f"run {index + 1} of {args.repeat}", file=sys.stderr, flush=True)
        try:
            with locked(args.lock):
                runs.append(run(args, workdir))
        except (RuntimeError, wrk.WrkError, subprocess.SubprocessError, OSError) as e:
            print(f"error: {e}", file=sys.stderr)
            print(f"(logs kept in {workdir})", file=sys.stderr)
            return 1
        shutil.rmtree(workdir, ignore_errors=True)
    results = analysis.merge(runs)
    analysis.add_goals(results)
    results["elapsed_s"] = round(time.time() - started, 1)
    results["each_run"] = runs
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    note = "{} cores ({}), wrk on the same cores; medians of {} runs of {} s".format(
        results["machine"]["cores"], results["machine"]["cpu"], args.repeat, args.duration)
    charts = report.charts(results, args.out, note)
    print(report.markdown(results))
    print(f"\nresults: {os.path.join(args.out, 'results.json')}; charts: {', '.join(charts)}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
