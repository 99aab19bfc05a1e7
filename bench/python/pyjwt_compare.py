"""jwt (this package) against Debian's PyJWT 2.6.0 in one process, on 256 distinct tokens: the
time per call of decode, encode and get_unverified_header, the best of five rounds each.

Run with the package installed (make python):
    build/venv/bin/python bench/python/pyjwt_compare.py
"""

import importlib.util, itertools, sys, time, timeit
import jwt  # this package
spec = importlib.util.spec_from_file_location("jwt26", "/usr/lib/python3/dist-packages/jwt/__init__.py", submodule_search_locations=["/usr/lib/python3/dist-packages/jwt"])
ref = importlib.util.module_from_spec(spec); sys.modules["jwt26"] = ref; spec.loader.exec_module(ref)
key = "k" * 32
now = int(time.time())
claims = [{"sub": str(1234567890 + i), "name": "Satoshi Nakamoto", "admin": True, "iat": now, "exp": now + 600, "iss": "https://auth.example.com", "aud": "api"} for i in range(256)]
tokens = [jwt.encode(c, key) for c in claims]
assert tokens == [ref.encode(c, key) for c in claims]  # the same bytes
print("| call | tessera | PyJWT 2.6.0 | speed-up |\n|---|---|---|---|")
def per_call(fn, n):
    it = itertools.cycle(range(256))
    return min(timeit.repeat(lambda: fn(next(it)), number=n, repeat=5)) / n * 1e6
for name, f_new, f_old, n in [
    ("decode HS256 (exp, iss, aud)", lambda i: jwt.decode(tokens[i], key, algorithms=["HS256"], issuer="https://auth.example.com", audience="api"), lambda i: ref.decode(tokens[i], key, algorithms=["HS256"], issuer="https://auth.example.com", audience="api"), 50000),
    ("encode HS256", lambda i: jwt.encode(claims[i], key), lambda i: ref.encode(claims[i], key), 50000),
    ("get_unverified_header", lambda i: jwt.get_unverified_header(tokens[i]), lambda i: ref.get_unverified_header(tokens[i]), 50000),
]:
    a = per_call(f_new, n); b = per_call(f_old, n // 10)
    print(f"| {name} | {a:.2f} µs | {b:.2f} µs | {b/a:.1f}x |")
