#!/usr/bin/env python3
"""What login storms add to `tessera serve`'s memory, storm after storm on one server
(docs/BENCHMARKS.md, *Login memory*).

    bench/service/storm_memory.py [--storms 15] [--tessera PATH]

Each storm is run.py's (storm.memory_added): a warm-up storm, a wait until its queued logins
have finished, 2 s of 64 connections on /secure-endpoint without logins, then 32 connections on
/login beside 32 on /secure-endpoint. Two readings of what the storm adds over the run without
logins:

- `VmHWM`, the kernel's peak, as run.py reads it; it is kept from per-CPU counters and updated
  lazily, so it is not exact to the page;
- the exact count: `Rss` of /proc/PID/smaps_rollup (a walk of the page tables) every 10 ms,
  its largest value; it can miss a peak shorter than that.

Each line also gives the peak without logins, which would grow from storm to storm if logins
leaked. The bound is the hashing pool's Argon2id memory (analysis.argon2id_memory_kib). A
report: it fails only when a server or wrk does.
"""

import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree

import analysis  # noqa: E402
import run  # noqa: E402
import servers  # noqa: E402
import storm  # noqa: E402
import tokens  # noqa: E402
import wrk  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--storms", type=int, default=15)
    p.add_argument("--tessera", default=os.environ.get(
        "TESSERA_BIN", os.path.join(ROOT, "build", "release", "cli", "tessera")))
    args = p.parse_args()
    bound = os.cpu_count() * analysis.argon2id_memory_kib(run.MEMORY_KIB)
    workdir = tempfile.mkdtemp(prefix="tessera-storm-memory-")
    secret = os.path.join(workdir, "hs256.key")
    subprocess.run([args.tessera, "keygen", "--alg", "HS256", "--out", secret], check=True,
                   timeout=30)
    server = servers.start_tessera(args.tessera, workdir, "tessera-hs256",
                                   f'algorithm = "HS256"\nsigning_secret_file = "{secret}"\n')
    try:
        header = f"Authorization: Bearer {tokens.login(server.port)}"
        scripts = wrk.write_scripts(workdir)
        wrk.run(server.url + "/secure-endpoint", 2, 64, header)
        print(f"bound: {bound} KiB ({os.cpu_count()} hashing threads)")
        print("| storm | peak without logins (VmHWM) | added (VmHWM) | added (exact) |")
        print("|---|---|---|---|")
        for index in range(args.storms):
            figures, _ = storm.memory_added(
                server, scripts["login"], header, 2, 5,
                lambda: wrk.run(server.url + "/secure-endpoint", 5, 32, header))
            print(f"| {index + 1} | {figures['peak_without_logins_kib']} | "
                  f"{figures['added_kib']} | {figures['exact_added_kib']} |", flush=True)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
