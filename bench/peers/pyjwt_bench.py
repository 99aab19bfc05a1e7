#!/usr/bin/env python3
"""PyJWT (Debian's python3-jwt) on the keys and tokens of a tessera_peer_bench run.

Times, with timeit, signing the bench payload and verifying the bench token (signature, exp and
iss checked, exp and iss required) for HS256, RS256, PS256, ES256 and EdDSA, with keys loaded
once, and prints JSON: seconds per operation, the median of the repetitions.

With --count-allocations, counts allocations per operation instead of timing. This needs the
counting malloc preloaded (LD_PRELOAD=libtessera_malloc_counter.so) and PYTHONMALLOC=malloc, so
that Python's own objects are counted too; run.py does both.

Before timing anything, each verifier must accept the valid token and refuse the tampered,
expired, wrong-issuer and exp-less ones, and each signed token must verify; otherwise the script
exits with status 1.
"""
import argparse
import ctypes
import json
import statistics
import sys
import timeit

import cryptography
import jwt
from cryptography.hazmat.primitives.serialization import load_pem_private_key, load_pem_public_key

ALGORITHMS = ["HS256", "RS256", "PS256", "ES256", "EdDSA"]
BAD_TOKENS = ["tampered", "expired", "wrong_issuer", "missing_exp"]


def load_keys(alg, case):
    if alg == "HS256":
        return case["signing_key"].encode(), case["verifying_key"].encode()
    return (load_pem_private_key(case["signing_key"].encode(), password=None),
            load_pem_public_key(case["verifying_key"].encode()))


def make_verify(alg, key, issuer):
    def verify(token):
        return jwt.decode(token, key, algorithms=[alg], issuer=issuer,
                          options={"require": ["exp", "iss"]})
    return verify


def accepts(verify, token):
    try:
        verify(token)
        return True
    except jwt.InvalidTokenError:
        return False


def check_honest(alg, verify, case):
    """The set-up checks of the C++ peers, on the same tokens."""
    if not accepts(verify, case["valid"]):
        return f"PyJWT {alg} refused the valid token"
    for bad in BAD_TOKENS:
        if accepts(verify, case[bad]):
            return f"PyJWT {alg} accepted the {bad.replace('_', ' ')} token"
    return None


def seconds_per_op(function, repeat, min_time):
    timer = timeit.Timer(function)
    if repeat == 0:  # smoke: one call, enough to prove it runs
        return timer.timeit(number=1)
    number = 1
    while timer.timeit(number=number) < min_time:
        number *= 2
    return statistics.median(t / number for t in timer.repeat(repeat=repeat, number=number))


def allocations_per_op(function, counter, calls=200):
    function()  # first-call caches (key objects, imports) are not per-operation costs
    before = counter()
    for _ in range(calls):
        function()
    return (counter() - before) / calls


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", required=True, help="JSON written by tessera_peer_bench")
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--min-time", type=float, default=0.2, help="seconds per repetition")
    parser.add_argument("--smoke", action="store_true", help="one call of each operation")
    parser.add_argument("--count-allocations", action="store_true")
    args = parser.parse_args()

    with open(args.fixtures, encoding="utf-8") as f:
        fixtures = json.load(f)
    issuer = fixtures["issuer"]

    counter = None
    if args.count_allocations:
        try:
            counter = ctypes.CDLL(None).tessera_bench_allocations
        except AttributeError:
            sys.exit("--count-allocations needs the counting malloc preloaded (see run.py)")
        counter.restype = ctypes.c_uint64

    results = {}
    for alg in ALGORITHMS:
        case = fixtures["algorithms"][alg]
        signing_key, verifying_key = load_keys(alg, case)
        verify = make_verify(alg, verifying_key, issuer)
        problem = check_honest(alg, verify, case)
        payload = jwt.decode(case["valid"], options={"verify_signature": False})
        if problem is None and not accepts(verify, jwt.encode(payload, signing_key, alg)):
            problem = f"PyJWT {alg} signed a token it refuses"
        if problem is not None:
            print(f"setup: {problem}", file=sys.stderr)
            sys.exit(1)
        operations = {
            "verify": lambda: verify(case["valid"]),
            "sign": lambda: jwt.encode(payload, signing_key, algorithm=alg),
        }
        for op, function in operations.items():
            if counter is not None:
                value = allocations_per_op(function, counter, calls=2 if args.smoke else 200)
            else:
                value = seconds_per_op(function, 0 if args.smoke else args.repetitions,
                                       args.min_time)
            results[f"{op}/{alg}"] = value

    json.dump({"implementation": "PyJWT", "version": jwt.__version__,
               "cryptography": cryptography.__version__, "python": sys.version.split()[0],
               "unit": "allocations per operation" if counter else "seconds per operation",
               "results": results}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
