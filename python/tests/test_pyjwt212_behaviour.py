"""PyJWT 2.7-2.12 behaviour that Debian's 2.6.0 cannot be compared against."""

from __future__ import annotations

import inspect
import json
import time
import warnings
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

import jwt
from jwt import api_jws, api_jwt
from jwt.exceptions import InvalidJTIError, InvalidSubjectError

KEY = b"k" * 64


def b64(data: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_metadata_and_exports():
    assert jwt.__version__ == "2.12.1"
    assert jwt.__tessera__ is True
    assert jwt.__title__ == "PyJWT"
    assert jwt.__doc__ == "JSON Web Token implementation in Python <https://pyjwt.readthedocs.io>"
    for name in jwt.__all__:
        assert hasattr(jwt, name), name
    assert jwt.InvalidSubjectError is InvalidSubjectError
    assert jwt.InvalidJTIError is InvalidJTIError
    assert "PyJWKClientConnectionError" in jwt.__all__
    assert "decode_complete" in jwt.__all__ and "InsecureKeyLengthWarning" in jwt.__all__


def test_signatures_match_pyjwt_212():
    def params(fn):
        return [(p.name, p.default) for p in inspect.signature(fn).parameters.values()]

    assert [n for n, _ in params(jwt.decode)] == [
        "jwt", "key", "algorithms", "options", "verify", "detached_payload",
        "audience", "subject", "issuer", "leeway", "kwargs",
    ]
    assert [n for n, _ in params(jwt.decode_complete)] == [
        "jwt", "key", "algorithms", "options", "verify", "detached_payload",
        "audience", "issuer", "subject", "leeway", "kwargs",
    ]
    assert [n for n, _ in params(jwt.encode)] == [
        "payload", "key", "algorithm", "headers", "json_encoder", "sort_headers",
    ]
    assert [n for n, _ in params(api_jws.encode)] == [
        "payload", "key", "algorithm", "headers", "json_encoder", "is_payload_detached", "sort_headers",
    ]
    assert [n for n, _ in params(api_jws.decode_complete)] == [
        "jwt", "key", "algorithms", "options", "detached_payload", "kwargs",
    ]
    assert [n for n, _ in params(jwt.PyJWT._validate_claims)] == [
        "self", "payload", "options", "audience", "issuer", "subject", "leeway",
    ]


def test_subject():
    token = jwt.encode({"sub": "s"}, KEY)
    assert jwt.decode(token, KEY, algorithms=["HS256"], subject="s") == {"sub": "s"}
    with pytest.raises(InvalidSubjectError, match="^Invalid subject$"):
        jwt.decode(token, KEY, algorithms=["HS256"], subject="t")
    # positional: decode(jwt, key, algorithms, options, verify, detached_payload, audience, subject)
    with pytest.raises(InvalidSubjectError):
        jwt.decode(token, KEY, ["HS256"], None, None, None, None, "t")
    with pytest.raises(InvalidSubjectError):
        jwt.decode_complete(token, KEY, ["HS256"], None, None, None, None, None, "t")
    assert jwt.decode(token, KEY, ["HS256"], {"verify_sub": False}, subject="t")
    token = jwt.encode({"sub": 5}, KEY)
    with pytest.raises(InvalidSubjectError, match="^Subject must be a string$"):
        jwt.decode(token, KEY, algorithms=["HS256"])
    token = jwt.encode({"jti": 5}, KEY)
    with pytest.raises(InvalidJTIError, match="^JWT ID must be a string$"):
        jwt.decode(token, KEY, algorithms=["HS256"])
    assert jwt.decode(token, options={"verify_signature": False}) == {"jti": 5}


def test_issuer_sequence_and_no_partial_match():
    token = jwt.encode({"iss": "urn:foo"}, KEY)
    assert jwt.decode(token, KEY, algorithms=["HS256"], issuer=["urn:foo", "urn:bar"])
    assert jwt.decode(token, KEY, algorithms=["HS256"], issuer={"urn:foo"})
    for issuer in ["urn:foobar", "urn:fo", "rn:foo"]:
        with pytest.raises(jwt.InvalidIssuerError, match="^Invalid issuer$"):
            jwt.decode(token, KEY, algorithms=["HS256"], issuer=issuer)
    with pytest.raises(jwt.InvalidIssuerError, match="Container"):
        jwt.decode(token, KEY, algorithms=["HS256"], issuer=5)


def test_strict_aud():
    token = jwt.encode({"aud": "a"}, KEY)
    assert jwt.decode(token, KEY, algorithms=["HS256"], audience="a", options={"strict_aud": True})
    with pytest.raises(jwt.InvalidAudienceError, match=r"^Invalid audience \(strict\)$"):
        jwt.decode(token, KEY, algorithms=["HS256"], audience=["a"], options={"strict_aud": True})
    token = jwt.encode({"aud": ["a"]}, KEY)
    with pytest.raises(jwt.InvalidAudienceError, match=r"^Invalid claim format in token \(strict\)$"):
        jwt.decode(token, KEY, algorithms=["HS256"], audience="a", options={"strict_aud": True})


def test_pyjwk_encode_and_decode():
    jwk = jwt.PyJWK({"kty": "oct", "k": b64(KEY), "alg": "HS384", "kid": "k1"})
    token = jwt.encode({"a": 1}, jwk)  # 2.12 #1148: the PyJWK's algorithm
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "HS384"
    assert jwt.decode(token, jwk) == {"a": 1}  # algorithms default to the key's
    assert jwt.decode(token, jwk, algorithms=["HS384"]) == {"a": 1}
    with pytest.raises(jwt.InvalidAlgorithmError):
        jwt.decode(token, jwk, algorithms=["HS256"])
    assert jwt.get_unverified_header(jwt.encode({}, jwk, algorithm=None))["alg"] == "HS384"
    assert jwt.get_unverified_header(jwt.encode({}, jwk, algorithm="HS512"))["alg"] == "HS512"
    other = jwt.encode({"a": 1}, KEY, algorithm="HS256")
    with pytest.raises(jwt.InvalidAlgorithmError, match="not allowed"):
        jwt.decode(other, jwk)


def test_algorithm_defaults():
    assert jwt.get_unverified_header(jwt.encode({}, KEY))["alg"] == "HS256"
    assert jwt.get_unverified_header(jwt.encode({}, None, algorithm=None))["alg"] == "none"
    assert jwt.get_unverified_header(jwt.encode({}, None, algorithm="none"))["alg"] == "none"
    assert jwt.get_unverified_header(jwt.encode({}, KEY, headers={"alg": "HS512"}))["alg"] == "HS512"


def test_sort_headers():
    token = jwt.encode({}, KEY, headers={"z": 1, "a": 2}, sort_headers=False)
    raw = token.split(".")[0]
    import base64

    text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
    assert text == '{"typ":"JWT","alg":"HS256","z":1,"a":2}'


def test_payload_hooks():
    class Reversed(jwt.PyJWT):
        def _encode_payload(self, payload, headers=None, json_encoder=None):
            return json.dumps(payload).encode()[::-1]

        def _decode_payload(self, decoded):
            return json.loads(decoded["payload"][::-1])

    codec = Reversed()
    token = codec.encode({"a": 1}, KEY)
    assert codec.decode(token, KEY, algorithms=["HS256"]) == {"a": 1}
    with pytest.raises(jwt.DecodeError, match="^Invalid payload string"):
        jwt.decode(token, KEY, algorithms=["HS256"])


def test_claim_hooks_are_used():
    calls = []

    class Spy(jwt.PyJWT):
        def _validate_required_claims(self, payload, claims):
            calls.append(("required", list(claims)))

        def _validate_sub(self, payload, subject=None):
            calls.append(("sub", subject))

        def _validate_aud(self, payload, audience, *, strict=False):
            calls.append(("aud", audience, strict))

    Spy().decode(jwt.encode({"a": 1}, KEY), KEY, algorithms=["HS256"], audience="x", subject="y",
                 options={"require": ["a"], "strict_aud": True})
    assert calls == [("required", ["a"]), ("aud", "x", True), ("sub", "y")]


def test_options_merging():
    expired = jwt.encode({"exp": 1, "iat": 2**40}, KEY)
    options = {"verify_signature": False}
    assert jwt.decode(expired, options=options) == {"exp": 1, "iat": 2**40}
    assert options == {"verify_signature": False}
    with pytest.raises(jwt.ExpiredSignatureError):
        jwt.decode(expired, options={"verify_signature": False, "verify_exp": True})
    instance = jwt.PyJWT(options={"verify_exp": False})
    assert instance.decode(jwt.encode({"exp": 1}, KEY), KEY, algorithms=["HS256"]) == {"exp": 1}
    assert instance.options["verify_iat"] is True
    # As in PyJWT, a call's verify_signature defaults to True whatever the instance says.
    unverified_instance = jwt.PyJWT(options={"verify_signature": False})
    with pytest.raises(jwt.DecodeError, match='"algorithms"'):
        unverified_instance.decode(jwt.encode({}, KEY))
    assert unverified_instance.options["verify_exp"] is False


def test_leeway_timedelta_and_float_now():
    token = jwt.encode({"nbf": int(time.time()) + 3}, KEY)
    with pytest.raises(jwt.ImmatureSignatureError):
        jwt.decode(token, KEY, algorithms=["HS256"])
    assert jwt.decode(token, KEY, algorithms=["HS256"], leeway=timedelta(seconds=5))
    assert jwt.decode(token, KEY, algorithms=["HS256"], leeway=5.0)


def _rsa_pem(bits):
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private, public


def test_minimum_key_length():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        token = jwt.encode({}, "short")
        jwt.decode(token, "short", algorithms=["HS256"])
    assert [w.category for w in caught] == [jwt.InsecureKeyLengthWarning] * 2
    assert caught[0].filename.endswith("api_jwt.py")  # PyJWT's stacklevel

    strict = jwt.PyJWT(options={"enforce_minimum_key_length": True})
    with pytest.raises(jwt.InvalidKeyError, match="32 bytes"):
        strict.encode({}, "short")
    with pytest.raises(jwt.InvalidKeyError):
        strict.decode(token, "short", algorithms=["HS256"])
    with pytest.raises(jwt.InvalidKeyError):
        jwt.decode(token, "short", algorithms=["HS256"], options={"enforce_minimum_key_length": True})
    with pytest.raises(jwt.InvalidKeyError):
        jwt.PyJWS(options={"enforce_minimum_key_length": True}).encode(b"x", "short")
    with pytest.raises(jwt.InvalidKeyError):
        jwt.PyJWS().decode(token, "short", algorithms=["HS256"], options={"enforce_minimum_key_length": True})
    # unverified decoding never looks at the key
    assert strict.decode(token, options={"verify_signature": False}) == {}

    private, public = _rsa_pem(1024)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        token = jwt.encode({}, private, algorithm="RS256")
    assert caught and "2048" in str(caught[0].message)
    with pytest.raises(jwt.InvalidKeyError):
        strict.decode(token, public, algorithms=["RS256"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        jwt.encode({}, KEY)  # long enough: no warning


def test_crit_and_detached():
    token = jwt.api_jws.encode(b"$.02", KEY, headers={"b64": False, "crit": ["b64"]})
    assert jwt.get_unverified_header(token) == {"alg": "HS256", "b64": False, "crit": ["b64"], "typ": "JWT"}
    assert jwt.api_jws.decode(token, KEY, algorithms=["HS256"], detached_payload=b"$.02") == b"$.02"
    with pytest.raises(jwt.DecodeError, match="detached_payload"):
        jwt.api_jws.decode(token, KEY, algorithms=["HS256"])
    bad = jwt.api_jws.encode(b"x", KEY, headers={"crit": ["exp"], "exp": 1})
    with pytest.raises(jwt.InvalidTokenError, match="^Unsupported critical extension: exp$") as info:
        jwt.api_jws.decode(bad, KEY, algorithms=["HS256"])
    assert type(info.value) is jwt.InvalidTokenError


def test_global_registration_shared():
    assert api_jwt._jwt_global_obj._jws is api_jws._jws_global_obj
    assert jwt.PyJWT()._jws is not api_jws._jws_global_obj


def test_strict_segments_messages():
    token = jwt.encode({"a": 1}, KEY)
    h, p, s = token.split(".")
    with pytest.raises(jwt.DecodeError, match="^Invalid header padding$"):
        jwt.decode(f"{h}=.{p}.{s}", KEY, algorithms=["HS256"])
    dup = b64(b'{"alg":"HS256","alg":"none"}')
    with pytest.raises(jwt.DecodeError, match="^Invalid header string: JSON object has a duplicate"):
        jwt.decode(f"{dup}.{p}.{s}", KEY, algorithms=["HS256"])
    big = b64(b'{"n":123456789012345678901234567890123}')
    assert jwt.decode(f"{h}.{big}.AA", options={"verify_signature": False}) == {"n": 123456789012345678901234567890123}


def test_kwargs_warning_points_at_caller():
    token = jwt.encode({}, KEY)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        jwt.decode(token, KEY, algorithms=["HS256"], foo=1)
        jwt.api_jws.decode(token, KEY, algorithms=["HS256"], foo=1)
    assert [w.category for w in caught] == [jwt.warnings.RemovedInPyjwt3Warning] * 2
    assert all(w.filename == __file__ for w in caught)
