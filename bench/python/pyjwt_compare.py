"""jwt (this package) against Debian's PyJWT 2.6.0 in one process: the time per call of the
calls people make most, on 256 distinct tokens (every call verifies: nothing is cached but the
prepared keys), the two implementations interleaved round by round; then the memory over a
million calls, and two threads against one on asymmetric verification (the GIL is released
around the signature work).

    make bench-python      # installs the package into build/venv and runs this

Prints markdown tables and the goals met or not; exits non-zero only on a wrong result.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import os
import statistics
import sys
import threading
import time
import timeit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

import jwt  # this package

DEBIAN_PYJWT = "/usr/lib/python3/dist-packages/jwt"


def load_debian_pyjwt():
    """Debian's python3-jwt under the name jwt26, beside this package's jwt."""
    spec = importlib.util.spec_from_file_location(
        "jwt26", f"{DEBIAN_PYJWT}/__init__.py", submodule_search_locations=[DEBIAN_PYJWT]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["jwt26"] = module
    spec.loader.exec_module(module)
    return module


def pem_pair(private_key) -> tuple[bytes, bytes]:
    private = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private, public


def claims_set(count: int) -> list[dict]:
    now = int(time.time())
    return [
        {"sub": str(1234567890 + i), "name": "Satoshi Nakamoto", "admin": True, "iat": now,
         "exp": now + 3600, "iss": "https://auth.example.com", "aud": "api"}
        for i in range(count)
    ]


def per_call_us(call, items, number: int) -> float:
    """The time of one call, µs: the best of the rounds' means."""
    cycle = itertools.cycle(items)
    return timeit.timeit(lambda: call(next(cycle)), number=number) / number * 1e6


def compare(name, new_call, old_call, items, number, rounds, goal):
    """Interleaved rounds of both; the medians and their ratio."""
    new_times, old_times = [], []
    for _ in range(rounds):
        new_times.append(per_call_us(new_call, items, number))
        old_times.append(per_call_us(old_call, items, max(1, number // 8)))
    new, old = statistics.median(new_times), statistics.median(old_times)
    ratio = old / new
    verdict = f"goal >= {goal}x: {'met' if ratio >= goal else 'NOT met'}"
    print(f"| {name} | {new:.2f} µs | {old:.2f} µs | **{ratio:.1f}x** ({verdict}) |")
    return ratio >= goal


def rss_kib() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def memory(name, call, items, total):
    """RSS before, after a tenth, and at the end of `total` calls."""
    cycle = itertools.cycle(items)
    for _ in range(1000):
        call(next(cycle))
    start = rss_kib()
    samples = []
    for i in range(total):
        call(next(cycle))
        if i in (total // 10, total // 2, total - 1):
            samples.append(rss_kib())
    growth = samples[-1] - samples[0]
    print(f"| {name} | {start} | {' / '.join(map(str, samples))} | {growth:+d} KiB |")
    return growth


def threads_speedup(call, items, seconds: float = 2.0) -> float:
    """Calls per second with two threads over one."""

    def run(stop, counter):
        cycle = itertools.cycle(items)
        while not stop.is_set():
            call(next(cycle))
            counter[0] += 1

    def rate(n_threads):
        stop = threading.Event()
        counters = [[0] for _ in range(n_threads)]
        workers = [threading.Thread(target=run, args=(stop, c)) for c in counters]
        for w in workers:
            w.start()
        time.sleep(seconds)
        stop.set()
        for w in workers:
            w.join()
        return sum(c[0] for c in counters) / seconds

    return rate(2) / rate(1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies the calls per round")
    parser.add_argument("--memory-calls", type=int, default=1_000_000)
    args = parser.parse_args()
    old = load_debian_pyjwt()
    assert old.__version__ == "2.6.0" and jwt.__tessera__

    secret = "k" * 32
    rsa_private, rsa_public = pem_pair(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    ec_private, ec_public = pem_pair(ec.generate_private_key(ec.SECP256R1()))
    rsa_public_object = serialization.load_pem_public_key(rsa_public)
    ec_public_object = serialization.load_pem_public_key(ec_public)
    claims = claims_set(256)
    hs = [jwt.encode(c, secret) for c in claims]
    rs = [jwt.encode(c, rsa_private, algorithm="RS256") for c in claims]
    es = [jwt.encode(c, ec_private, algorithm="ES256") for c in claims]
    if hs != [old.encode(c, secret) for c in claims] or rs[:8] != [
        old.encode(c, rsa_private, algorithm="RS256") for c in claims[:8]
    ]:
        print("error: the tokens differ from PyJWT's", file=sys.stderr)
        return 1
    check = dict(issuer="https://auth.example.com", audience="api")
    for token, key, alg in ((hs[0], secret, "HS256"), (rs[0], rsa_public, "RS256"), (es[0], ec_public, "ES256")):
        if jwt.decode(token, key, algorithms=[alg], **check) != old.decode(token, key, algorithms=[alg], **check):
            print(f"error: {alg} claims differ from PyJWT's", file=sys.stderr)
            return 1

    n = lambda base: max(1, int(base * args.scale))  # noqa: E731
    print("Time per call, median of", args.rounds, "interleaved rounds (exp, iss and aud checked):\n")
    print("| call | tessera | PyJWT 2.6.0 | speed-up |\n|---|---|---|---|")
    met = [
        compare("`decode` HS256", lambda t: jwt.decode(t, secret, algorithms=["HS256"], **check),
                lambda t: old.decode(t, secret, algorithms=["HS256"], **check), hs, n(100_000), args.rounds, 10),
        compare("`encode` HS256", lambda c: jwt.encode(c, secret), lambda c: old.encode(c, secret),
                claims, n(100_000), args.rounds, 5),
        compare("`get_unverified_header`", jwt.get_unverified_header, old.get_unverified_header,
                hs, n(100_000), args.rounds, 5),
        compare("`decode` RS256, PEM bytes", lambda t: jwt.decode(t, rsa_public, algorithms=["RS256"], **check),
                lambda t: old.decode(t, rsa_public, algorithms=["RS256"], **check), rs, n(10_000), args.rounds, 10),
        compare("`decode` ES256, PEM bytes", lambda t: jwt.decode(t, ec_public, algorithms=["ES256"], **check),
                lambda t: old.decode(t, ec_public, algorithms=["ES256"], **check), es, n(5_000), args.rounds, 5),
        compare("`decode` RS256, key object", lambda t: jwt.decode(t, rsa_public_object, algorithms=["RS256"], **check),
                lambda t: old.decode(t, rsa_public_object, algorithms=["RS256"], **check), rs, n(10_000), args.rounds, 1.2),
        compare("`decode` ES256, key object", lambda t: jwt.decode(t, ec_public_object, algorithms=["ES256"], **check),
                lambda t: old.decode(t, ec_public_object, algorithms=["ES256"], **check), es, n(5_000), args.rounds, 1.2),
    ]
    print(f"\nGoals met: {sum(met)} of {len(met)}.")

    print(f"\nResident memory (KiB) over {args.memory_calls:,} calls of each (at 10%, 50%, 100%):\n")
    print("| call | before | samples | growth 10%-100% |\n|---|---|---|---|")
    memory("`decode` HS256", lambda t: jwt.decode(t, secret, algorithms=["HS256"], **check), hs, args.memory_calls)
    memory("`encode` HS256", lambda c: jwt.encode(c, secret), claims, args.memory_calls)
    memory("`get_unverified_header`", jwt.get_unverified_header, hs, args.memory_calls)
    memory("`decode` ES256, PEM", lambda t: jwt.decode(t, ec_public, algorithms=["ES256"], **check), es,
           max(1, args.memory_calls // 20))
    print(f"\nKey caches after the run (bounded at 64 each): {__import__('tessera').key_cache_sizes()}")
    speedup = threads_speedup(lambda t: jwt.decode(t, rsa_public, algorithms=["RS256"], **check), rs)
    print(f"`decode` RS256 on 2 threads: {speedup:.2f}x the calls per second of 1 thread "
          "(the GIL released around the signature work).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
