"""The C++ fast paths of jwt.encode, jwt.decode and jwt.get_unverified_header against the Python
implementation they hand unusual calls to: the same results, the common calls completed without
it, and no input that makes the two disagree or the interpreter crash."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from hypothesis import given, settings
from hypothesis import strategies as st

import jwt
from jwt import api_jws, api_jwt
from tessera import _core

SECRET = "s" * 32
NOW = int(time.time())


class Counting:
    """A fallback that counts the calls handed to it."""

    def __init__(self, target):
        self.target = target
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.target(*args, **kwargs)


def fast_functions():
    """Fast functions in front of counting fallbacks, made afresh for each test."""
    decode = Counting(api_jwt._jwt_global_obj.decode)
    encode = Counting(api_jwt._jwt_global_obj.encode)
    header = Counting(api_jws._jws_global_obj.get_unverified_header)
    return {
        "decode": (_core.fast_function("decode", decode), decode),
        "encode": (_core.fast_function("encode", encode), encode),
        "header": (_core.fast_function("get_unverified_header", header), header),
    }


@pytest.fixture()
def fast():
    """Fresh fast functions in front of counting fallbacks."""
    return fast_functions()


def pem(private_key) -> tuple[bytes, bytes]:
    private = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private, public


KEYS = {
    "HS256": (SECRET, SECRET),
    "HS512": ("h" * 64, "h" * 64),
    "RS256": pem(rsa.generate_private_key(public_exponent=65537, key_size=2048)),
    "ES256": pem(ec.generate_private_key(ec.SECP256R1())),
    "EdDSA": pem(ed25519.Ed25519PrivateKey.generate()),
}

PAYLOADS = [
    {"sub": "1234567890", "name": "Satoshi Nakamoto", "admin": True, "iat": NOW, "exp": NOW + 600,
     "iss": "https://auth.example.com"},
    {"sub": "u", "aud": ["api", "web"], "nbf": NOW - 5, "jti": "j-1", "scope": "read write"},
    {"name": "Zoë \u2603 \U0001f600", "n": [1.5, None, 2**70, -(2**65)], "nested": {"a": {"b": []}}},
    {"exp": datetime.now(tz=timezone.utc) + timedelta(minutes=5), "iat": datetime.now(tz=timezone.utc)},
    {},
]


@pytest.mark.parametrize("alg", sorted(KEYS))
@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_common_calls_complete_in_cpp_with_pyjwts_results(fast, alg, payload):
    encode, encode_fallback = fast["encode"]
    decode, decode_fallback = fast["decode"]
    signing, verifying = KEYS[alg]
    token = encode(payload, signing, algorithm=alg)
    assert encode_fallback.calls == 0
    if alg.startswith(("HS", "RS")):  # deterministic signatures: the same bytes as PyJWT's
        assert token == api_jwt._jwt_global_obj.encode(payload, signing, algorithm=alg)
    kwargs = {"audience": "api"} if "aud" in payload else {}
    claims = decode(token, verifying, algorithms=[alg], **kwargs)
    assert decode_fallback.calls == 0
    assert claims == api_jwt._jwt_global_obj.decode(token, verifying, algorithms=[alg], **kwargs)
    header, header_fallback = fast["header"]
    assert header(token) == {"alg": alg, "typ": "JWT"}
    assert header_fallback.calls == 0


def test_failures_are_raised_by_the_python_implementation(fast):
    decode, fallback = fast["decode"]
    expired = jwt.encode({"exp": NOW - 10}, SECRET)
    with pytest.raises(jwt.ExpiredSignatureError, match="Signature has expired"):
        decode(expired, SECRET, algorithms=["HS256"])
    assert fallback.calls == 1
    token = jwt.encode({"iss": "a"}, SECRET)
    with pytest.raises(jwt.InvalidIssuerError, match="Invalid issuer"):
        decode(token, SECRET, algorithms=["HS256"], issuer="b")
    with pytest.raises(jwt.InvalidSignatureError):
        decode(token, "t" * 32, algorithms=["HS256"])
    with pytest.raises(jwt.InvalidAlgorithmError):
        decode(token, SECRET, algorithms=["HS512"])


def test_laxer_pyjwt_rules_are_kept_by_handing_the_call_over(fast):
    decode, fallback = fast["decode"]
    # PyJWT reads a string "exp" with int(), and does not require "sub" when a subject is given.
    token = jwt.encode({"exp": str(NOW + 60)}, SECRET)
    assert decode(token, SECRET, algorithms=["HS256"]) == {"exp": str(NOW + 60)}
    token = jwt.encode({"a": 1}, SECRET)
    assert decode(token, SECRET, algorithms=["HS256"], subject="x") == {"a": 1}
    # Options the fast path does not take.
    assert decode(token, SECRET, algorithms=["HS256"], options={"verify_exp": False}) == {"a": 1}
    assert fallback.calls == 3


def test_short_secrets_warn_as_pyjwt_2_12_does():
    with pytest.warns(jwt.warnings.InsecureKeyLengthWarning):
        token = jwt.encode({"a": 1}, "short")
    with pytest.warns(jwt.warnings.InsecureKeyLengthWarning):
        assert jwt.decode(token, "short", algorithms=["HS256"]) == {"a": 1}


def test_changing_the_global_registry_turns_the_fast_paths_off():
    assert jwt.decode.enabled and jwt.encode.enabled
    algorithm = api_jws._jws_global_obj.get_algorithm_by_name("HS256")
    jwt.unregister_algorithm("HS256")
    try:
        assert not jwt.decode.enabled and not jwt.encode.enabled
        with pytest.raises(NotImplementedError):
            jwt.encode({"a": 1}, SECRET)
    finally:
        jwt.register_algorithm("HS256", algorithm)
        jwt.decode.enabled = jwt.encode.enabled = True


def outcome(call):
    try:
        return ("ok", call())
    except Exception as error:  # noqa: BLE001: the class is what is compared
        return ("err", type(error).__name__)


@settings(max_examples=300, deadline=None)
@given(
    token=st.one_of(
        st.text(max_size=80),
        st.binary(max_size=80),
        st.builds(
            lambda a, b, c: f"{a}.{b}.{c}",
            st.text("ABCDEFabcdef0123456789-_=+/", max_size=40),
            st.text("ABCDEFabcdef0123456789-_=+/", max_size=40),
            st.text("ABCDEFabcdef0123456789-_=+/", max_size=40),
        ),
    ),
    key=st.one_of(st.text(max_size=40), st.binary(max_size=40), st.just(SECRET)),
    algorithms=st.lists(st.sampled_from(["HS256", "HS384", "RS256", "ES256", "none", "XX"]), max_size=3),
)
def test_random_input_has_the_same_outcome_on_both_paths(token, key, algorithms):
    fast = fast_functions()
    decode, _ = fast["decode"]
    header, _ = fast["header"]
    slow = api_jwt._jwt_global_obj.decode
    assert outcome(lambda: decode(token, key, algorithms=algorithms)) == outcome(
        lambda: slow(token, key, algorithms=algorithms)
    )
    assert outcome(lambda: header(token)) == outcome(
        lambda: api_jws._jws_global_obj.get_unverified_header(token)
    )


@settings(max_examples=200, deadline=None)
@given(
    claims=st.dictionaries(
        st.text(max_size=8),
        st.recursive(
            st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=10)),
            lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
            max_leaves=8,
        ),
        max_size=6,
    )
)
def test_random_claims_make_pyjwts_token_and_read_back(claims):
    fast = fast_functions()
    encode, _ = fast["encode"]
    decode, _ = fast["decode"]
    expected = outcome(lambda: api_jwt._jwt_global_obj.encode(claims, SECRET))
    assert outcome(lambda: encode(claims, SECRET)) == expected
    if expected[0] == "ok":
        token = expected[1]
        assert outcome(lambda: decode(token, SECRET, algorithms=["HS256"])) == outcome(
            lambda: api_jwt._jwt_global_obj.decode(token, SECRET, algorithms=["HS256"])
        )


@pytest.mark.parametrize("alg", ["RS256", "ES256", "EdDSA"])
def test_cryptography_key_objects_take_the_fast_path(alg):
    fast = fast_functions()
    encode, encode_fallback = fast["encode"]
    decode, decode_fallback = fast["decode"]
    signing = serialization.load_pem_private_key(KEYS[alg][0], password=None)
    verifying = signing.public_key()
    token = encode({"sub": "alice"}, signing, algorithm=alg)
    assert decode(token, verifying, algorithms=[alg]) == {"sub": "alice"}
    assert decode(token, verifying, algorithms=[alg]) == {"sub": "alice"}  # from the cache
    assert (encode_fallback.calls, decode_fallback.calls) == (0, 0)
    assert api_jwt._jwt_global_obj.decode(token, verifying, algorithms=[alg]) == {"sub": "alice"}


def test_private_keys_are_not_taken_to_verify():
    fast = fast_functions()
    decode, fallback = fast["decode"]
    private_pem, _ = KEYS["ES256"]
    token = jwt.encode({"a": 1}, private_pem, algorithm="ES256")
    slow = outcome(lambda: api_jwt._jwt_global_obj.decode(token, private_pem, algorithms=["ES256"]))
    assert outcome(lambda: decode(token, private_pem, algorithms=["ES256"])) == slow
    assert fallback.calls == 1
