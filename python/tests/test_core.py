"""tessera._core: the strict decoders and the fast-path callables, on their own."""

import pytest

from tessera import _core


def test_b64decode_is_canonical_base64url():
    assert _core.b64decode(b"aGVsbG8") == b"hello"
    assert _core.b64decode("aGVsbG8") == b"hello"
    assert _core.b64decode(b"") == b""
    for bad in (b"aGVsbG8=", b"aGVsbG9", b"aGVs+G8", b"aGVs/G8", b"a", b"aGVsbG8\n"):
        with pytest.raises(ValueError):
            _core.b64decode(bad)
    with pytest.raises(TypeError):
        _core.b64decode(3)


def test_loads_is_strict_json():
    assert _core.loads(b'{"a":1,"b":[true,null,1.5,"x"]}') == {"a": 1, "b": [True, None, 1.5, "x"]}
    big = 123456789012345678901234567890
    assert _core.loads(str(big)) == big
    assert _core.loads("-" + str(big)) == -big
    assert list(_core.loads('{"z":1,"a":2}')) == ["z", "a"]  # member order kept
    for bad in ('{"a":1,"a":2}', "NaN", "1e400", "[1,]", b'"\xff"', "{} x", "'a'"):
        with pytest.raises(ValueError):
            _core.loads(bad)


def test_fast_function_hands_unknown_calls_to_its_fallback():
    calls = []

    def fallback(*args, **kwargs):
        calls.append((args, kwargs))
        return "fallback"

    decode = _core.fast_function("decode", fallback)
    assert decode.fallback is fallback
    # An argument the fast path does not know, and a token it cannot verify.
    assert decode("a.b.c", "k", algorithms=["HS256"], unknown=1) == "fallback"
    assert decode("a.b.c", key="k" * 32, algorithms=["HS256"]) == "fallback"
    assert calls == [
        (("a.b.c", "k"), {"algorithms": ["HS256"], "unknown": 1}),
        (("a.b.c",), {"key": "k" * 32, "algorithms": ["HS256"]}),
    ]
    with pytest.raises(ValueError):
        _core.fast_function("other", fallback)


def test_fast_function_binds_as_a_method():
    class Holder:
        def slow(self, token):
            return ("slow", self, token)

    Holder.header = _core.fast_function("get_unverified_header", Holder.slow)
    holder = Holder()
    assert holder.header("not a token") == ("slow", holder, "not a token")


def test_caches_are_bounded_and_clearable():
    import jwt

    _core.clear_caches()
    assert _core.cache_sizes() == {"verifiers": 0, "signing_keys": 0}
    for i in range(80):  # more distinct keys than either cache holds
        key = f"{i:02d}" + "k" * 30
        assert jwt.decode(jwt.encode({"i": i}, key), key, algorithms=["HS256"]) == {"i": i}
    assert _core.cache_sizes() == {"verifiers": 64, "signing_keys": 64}
    _core.clear_caches()
    assert _core.cache_sizes() == {"verifiers": 0, "signing_keys": 0}
