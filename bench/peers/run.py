#!/usr/bin/env python3
"""tessera beside its OpenSSL floor and the peers, in one run: a report, JSON and PNG charts.

Runs tessera_peer_bench (tessera, the raw-OpenSSL floors, libjwt, cpp-jwt and POCO JWT, with
repetitions: medians), then PyJWT on the keys and tokens of that same run (timings, and a second
pass counting allocations with the counting malloc preloaded). Writes library_results.json and
the charts into --out, and prints the report as markdown on stdout (the benchmarks' own output
goes to stderr).

--smoke runs every benchmark for a moment only: it proves that everything builds, runs and
passes its set-up checks, and that the report and charts are made; its figures mean nothing.
The exit status is 1 when any implementation failed its set-up checks or a result is missing.
"""
import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import charts
import report

HERE = Path(__file__).resolve().parent
SOURCE_DIR = HERE.parent.parent
BUILT = SOURCE_DIR / "build/release/bench/peers"  # where the release preset builds them


def run_cpp(args, out):
    fixtures = out / "fixtures.json"
    raw = out / "peer_bench.json"
    command = [args.bench, f"--fixtures_out={fixtures}", f"--benchmark_out={raw}",
               "--benchmark_out_format=json", f"--benchmark_min_time={args.min_time}",
               f"--benchmark_repetitions={args.repetitions}",
               "--benchmark_report_aggregates_only=true",
               # Repetitions in random order, so that a burst of load elsewhere on the machine
               # falls on every contender alike instead of on whichever ran at that moment.
               "--benchmark_enable_random_interleaving=true"]
    print("$", " ".join(str(c) for c in command), file=sys.stderr, flush=True)
    status = subprocess.run(command, stdout=sys.stderr, check=False).returncode
    benchmarks = json.loads(raw.read_text()) if raw.exists() else {}
    return status, fixtures, benchmarks


def run_pyjwt(args, fixtures, count_allocations):
    command = [sys.executable, str(HERE / "pyjwt_bench.py"), "--fixtures", str(fixtures),
               "--repetitions", str(args.repetitions), "--min-time", str(args.min_time)]
    env = dict(os.environ)
    if args.smoke:
        command.append("--smoke")
    if count_allocations:
        command.append("--count-allocations")
        env.update(LD_PRELOAD=str(args.malloc_counter), PYTHONMALLOC="malloc")
    print("$", " ".join(command), file=sys.stderr, flush=True)
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    sys.stderr.write(done.stderr)
    if done.returncode != 0:
        return None
    return json.loads(done.stdout)


def debian_versions():
    packages = ["libjwt-dev", "libcpp-jwt-dev", "libpoco-dev", "python3-jwt", "libssl-dev",
                "libbenchmark-dev"]
    try:
        done = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Version}\\n", *packages],
                              capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return {}
    return dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)


def machine():
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "system": platform.platform()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", default=str(BUILT / "tessera_peer_bench"),
                        help="the tessera_peer_bench executable")
    parser.add_argument("--malloc-counter", default=str(BUILT / "libtessera_malloc_counter.so"),
                        help="the counting malloc, preloaded into PyJWT's allocation pass")
    parser.add_argument("--out", default=str(SOURCE_DIR / "build/bench-results"),
                        help="directory for library_results.json and the charts")
    parser.add_argument("--repetitions", type=int, default=9)
    parser.add_argument("--min-time", type=float, default=0.1,
                        help="seconds per repetition of each benchmark")
    parser.add_argument("--smoke", action="store_true", help="seconds: proves it all still runs")
    args = parser.parse_args()
    if args.smoke:
        args.repetitions, args.min_time = 1, 0.001

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    status, fixtures, benchmarks = run_cpp(args, out)
    problems = [] if status == 0 else [f"tessera_peer_bench exited with status {status}"]
    pyjwt_times = pyjwt_allocations = None
    if fixtures.exists():
        pyjwt_times = run_pyjwt(args, fixtures, count_allocations=False)
        pyjwt_allocations = run_pyjwt(args, fixtures, count_allocations=True)
    if pyjwt_times is None or pyjwt_allocations is None:
        problems.append("the PyJWT run failed")

    results = report.collect(benchmarks, pyjwt_times, pyjwt_allocations)
    problems += results.pop("problems")
    results.update(
        smoke=args.smoke, repetitions=args.repetitions, min_time=args.min_time,
        machine=machine(), versions=debian_versions(),
        pyjwt=({k: v for k, v in pyjwt_times.items() if k != "results"} if pyjwt_times else {}))
    (out / "library_results.json").write_text(json.dumps(results, indent=1) + "\n")
    written = charts.draw(results, out)
    print(report.markdown(results))
    print("Charts: " + ", ".join(str(p) for p in written))
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
