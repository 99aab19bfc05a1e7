"""``jwt.api_jwk``: one JSON Web Key as ``PyJWK``, a JWK Set as ``PyJWKSet`` (RFC 7517).

Where Debian's PyJWT 2.6.0 (python3-jwt, loaded in this process under the name ``pyjwt26``)
behaves as 2.12 does, each case runs on both packages and the outcomes must be equal. Where
2.7-2.12 changed the behaviour, 2.12's is asserted directly and the test names the changelog entry.
"""

from __future__ import annotations

import json
from types import MappingProxyType
from unittest import mock

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

import jwt
from pyjwt_reference import load_pyjwt26
from jwt import PyJWK, PyJWKSet
from jwt.algorithms import ECAlgorithm, HMACAlgorithm, OKPAlgorithm, RSAAlgorithm
from jwt.exceptions import (
    InvalidKeyError,
    MissingCryptographyError,
    PyJWKError,
    PyJWKSetError,
)


pyjwt26 = load_pyjwt26()


def describe(value):
    """A comparable form of a PyJWK (without ``algorithm_name``, which 2.6 lacks) or PyJWKSet."""
    if hasattr(value, "Algorithm"):
        return (
            type(value.Algorithm).__name__,
            type(value.key).__name__,
            value.key_type,
            value.key_id,
            value.public_key_use,
        )
    if hasattr(value, "keys") and isinstance(value.keys, list):
        return [describe(key) for key in value.keys]
    return value


def outcome(call, module):
    """``("ok", described result)`` or ``("err", exception class name, message)``."""
    try:
        return ("ok", describe(call(module)))
    except Exception as error:  # noqa: BLE001: the outcome is what is compared
        return ("err", type(error).__name__, str(error))


def assert_same_as_pyjwt26(call):
    """Run ``call`` on this package and on PyJWT 2.6; return the (equal) outcome."""
    ours = outcome(call, jwt)
    theirs = outcome(call, pyjwt26)
    if theirs[:2] == ("err", "PyJWKError"):
        # 2.6 wrote "Unable to find a algorithm"; 2.12 says "an algorithm".
        theirs = (*theirs[:2], theirs[2].replace("find a algorithm", "find an algorithm"))
    assert ours == theirs
    return ours


def b64(data: bytes) -> str:
    return jwt.utils.base64url_encode(data).decode()


@pytest.fixture(scope="module")
def jwks():
    """A JWK of every kind PyJWT reads, by name, made from keys generated for this module.

    The ``alg`` and ``use`` members vary: some keys name their algorithm, others leave it to
    be inferred from ``kty`` and ``crv``.
    """
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    found = {
        "rsa-priv": dict(RSAAlgorithm.to_jwk(rsa_key, as_dict=True), alg="RS256", use="sig"),
        "rsa-pub": dict(RSAAlgorithm.to_jwk(rsa_key.public_key(), as_dict=True), alg="PS384", use="sig"),
        "rsa-enc": dict(RSAAlgorithm.to_jwk(rsa_key.public_key(), as_dict=True), use="enc"),
    }
    for name, curve, alg in (
        ("p256", ec.SECP256R1(), "ES256"),
        ("p384", ec.SECP384R1(), "ES384"),
        ("p521", ec.SECP521R1(), "ES512"),
        ("k1", ec.SECP256K1(), "ES256K"),
    ):
        key = ec.generate_private_key(curve)
        found[f"ec-{name}-priv"] = dict(ECAlgorithm.to_jwk(key, as_dict=True), alg=alg)
        found[f"ec-{name}-pub"] = ECAlgorithm.to_jwk(key.public_key(), as_dict=True)
    ed = ed25519.Ed25519PrivateKey.generate()
    found["ed25519-priv"] = dict(OKPAlgorithm.to_jwk(ed, as_dict=True), alg="EdDSA")
    found["ed25519-pub"] = OKPAlgorithm.to_jwk(ed.public_key(), as_dict=True)
    ed4 = ed448.Ed448PrivateKey.generate()
    found["ed448-priv"] = dict(OKPAlgorithm.to_jwk(ed4, as_dict=True), alg="EdDSA")
    found["ed448-pub"] = OKPAlgorithm.to_jwk(ed4.public_key(), as_dict=True)
    found["oct"] = dict(HMACAlgorithm.to_jwk(b"0123456789abcdef0123456789abcdef", as_dict=True), use="sig")
    found["oct-hs384"] = dict(HMACAlgorithm.to_jwk(b"k" * 48, as_dict=True), alg="HS384")
    return found


KEY_NAMES = [
    "rsa-priv", "rsa-pub", "rsa-enc",
    "ec-p256-priv", "ec-p256-pub", "ec-p384-priv", "ec-p384-pub",
    "ec-p521-priv", "ec-p521-pub", "ec-k1-priv", "ec-k1-pub",
    "ed25519-priv", "ed25519-pub", "ed448-priv", "ed448-pub",
    "oct", "oct-hs384",
]


def without_alg(jwk):
    return {member: value for member, value in jwk.items() if member != "alg"}


# The ways a PyJWK is built from one JWK.
VARIANTS = {
    "as is": lambda m, jwk: m.PyJWK(jwk),
    "without alg": lambda m, jwk: m.PyJWK(without_alg(jwk)),
    "from_json": lambda m, jwk: m.PyJWK.from_json(json.dumps(jwk)),
    "from_dict RS256": lambda m, jwk: m.PyJWK.from_dict(without_alg(jwk), "RS256"),
    "from_dict HS512": lambda m, jwk: m.PyJWK.from_dict(without_alg(jwk), algorithm="HS512"),
    "empty alg": lambda m, jwk: m.PyJWK(dict(jwk, alg="")),
    "unknown alg": lambda m, jwk: m.PyJWK(dict(jwk, alg="XYZ")),
    "unknown explicit": lambda m, jwk: m.PyJWK(jwk, "XYZ"),
}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", KEY_NAMES)
def test_pyjwk_matches_pyjwt26(jwks, name, variant):
    """Each JWK loads with PyJWT 2.6's algorithm, key class and members, or fails as it does."""
    build = VARIANTS[variant]
    assert_same_as_pyjwt26(lambda m: build(m, jwks[name]))


@pytest.mark.parametrize(
    ("name", "variant", "expected"),
    [
        ("rsa-priv", "as is", "RS256"),
        ("rsa-pub", "as is", "PS384"),
        ("rsa-pub", "without alg", "RS256"),
        ("rsa-pub", "empty alg", "RS256"),
        ("rsa-enc", "from_dict RS256", "RS256"),
        ("ec-p256-pub", "as is", "ES256"),
        ("ec-p384-pub", "as is", "ES384"),
        ("ec-p521-pub", "as is", "ES512"),
        ("ec-k1-pub", "as is", "ES256K"),
        ("ed25519-pub", "as is", "EdDSA"),
        ("ed448-priv", "from_json", "EdDSA"),
        ("oct", "as is", "HS256"),
        ("oct", "from_dict HS512", "HS512"),
        ("oct-hs384", "as is", "HS384"),
    ],
)
def test_algorithm_name_is_the_algorithm_the_key_is_read_with(jwks, name, variant, expected):
    """2.9 #886: ``algorithm_name``: the explicit algorithm, else ``alg``, else inferred."""
    key = VARIANTS[variant](jwt, jwks[name])
    assert key.algorithm_name == expected
    assert type(key.Algorithm) is type(jwt.get_algorithm_by_name(expected))


@pytest.mark.parametrize("name", ["rsa-priv", "ec-p384-priv", "oct"])
def test_an_unknown_algorithm_is_a_pyjwk_error(jwks, name):
    """An ``alg`` PyJWT doesn't implement is a PyJWKError naming the key (2.12's wording)."""
    jwk = dict(jwks[name], alg="XYZ")
    with pytest.raises(PyJWKError) as refused:
        PyJWK(jwk)
    assert str(refused.value) == f"Unable to find an algorithm for key: {jwk}"
    assert not isinstance(refused.value, InvalidKeyError)


def test_key_members_are_read_from_the_jwk(jwks):
    """``key_type``, ``key_id`` and ``public_key_use`` are ``kty``, ``kid`` and ``use``, or None."""
    key = PyJWK(dict(jwks["ec-p256-pub"], kid="k-1", use="sig"))
    assert (key.key_type, key.key_id, key.public_key_use) == ("EC", "k-1", "sig")
    bare = PyJWK(jwks["oct-hs384"])
    assert (bare.key_type, bare.key_id, bare.public_key_use) == ("oct", None, None)
    assert bare.key == b"k" * 48


@pytest.mark.parametrize(
    "jwk",
    [
        {"n": "x"},
        {"kty": ""},
        {"kty": None},
        {"kty": "XX"},
        {"kty": ["RSA"]},
        {"kty": "XX", "alg": "HS256", "k": "c2VjcmV0"},
        {"kty": "EC", "crv": "P-999", "x": "AA", "y": "AA"},
        {"kty": "EC", "crv": ["P-256"]},
        {"kty": "EC", "x": "AA", "y": "AA"},
        {"kty": "OKP", "x": "AA"},
        {"kty": "OKP", "crv": "X25519", "x": "AA"},
        {"kty": "OKP", "crv": "Ed448", "x": "AA"},
        {"kty": "RSA", "e": "AQAB"},
        {"kty": "RSA", "n": "AQ", "e": "AQAB", "alg": "ES256"},
        {"kty": "oct"},
        {"kty": "oct", "k": "c2VjcmV0", "alg": "none"},
        "abc",
    ],
    ids=repr,
)
def test_pyjwk_failures_match_pyjwt26(jwk):
    """Missing or unsupported ``kty``, ``crv`` or members fail with PyJWT 2.6's exception."""
    result = assert_same_as_pyjwt26(lambda m: m.PyJWK(jwk))
    assert result[0] == "err"


def test_pyjwk_reads_alg_from_a_dict_only():
    """As PyJWT 2.6: a non-dict mapping's ``alg`` is ignored, and its key can't be read."""
    jwk = MappingProxyType({"kty": "oct", "k": "c2VjcmV0", "alg": "HS384"})
    result = assert_same_as_pyjwt26(lambda m: m.PyJWK(jwk))
    assert result == ("err", "InvalidKeyError", "Key is not valid JSON")


def test_pyjwk_from_json_of_malformed_json_matches_pyjwt26():
    """Malformed JSON text is json's own error, as PyJWT 2.6."""
    assert assert_same_as_pyjwt26(lambda m: m.PyJWK.from_json("{"))[:2] == ("err", "JSONDecodeError")


def test_pyjwk_keeps_no_algorithm_table(jwks):
    """2.12 #1143: a PyJWK holds its own algorithm only, not the whole default table."""
    key = PyJWK(jwks["rsa-priv"])
    assert not hasattr(key, "_algorithms")
    assert not any(isinstance(value, dict) and "RS256" in value for value in vars(key).values())
    assert hasattr(pyjwt26.PyJWK(jwks["rsa-priv"]), "_algorithms")  # what 2.6 kept


@pytest.mark.parametrize(
    ("private", "public", "alg"),
    [
        ("rsa-priv", "rsa-pub", "PS384"),
        ("ec-p256-priv", "ec-p256-pub", "ES256"),
        ("ec-p521-priv", "ec-p521-pub", "ES512"),
        ("ec-k1-priv", "ec-k1-pub", "ES256K"),
        ("ed25519-priv", "ed25519-pub", "EdDSA"),
        ("oct-hs384", "oct-hs384", "HS384"),
    ],
)
def test_loaded_keys_sign_and_verify_tokens(jwks, private, public, alg):
    """A private JWK's key signs a token that the public JWK verifies, through jwt.decode."""
    signer = PyJWK(jwks[private])
    token = jwt.encode({"sub": "alice"}, signer.key, algorithm=alg, headers={"kid": "k"})
    verifier = PyJWK(jwks[public])
    assert verifier.algorithm_name == alg
    assert jwt.decode(token, verifier) == {"sub": "alice"}
    assert jwt.decode(token, verifier.key, algorithms=[alg]) == {"sub": "alice"}


def test_ed448_jwk_needs_an_explicit_algorithm(jwks):
    """As PyJWT: EdDSA is inferred for Ed25519 only; an Ed448 key needs ``alg`` or an argument."""
    with pytest.raises(InvalidKeyError, match="^Unsupported crv: Ed448$"):
        PyJWK(jwks["ed448-pub"])
    key = PyJWK(jwks["ed448-pub"], "EdDSA")
    assert key.algorithm_name == "EdDSA"
    assert isinstance(key.key, ed448.Ed448PublicKey)


# ---------------------------------------------------------------- PyJWKSet


def usable_in_both(jwks):
    """The JWKs both versions load (2.6 raises on a key it can't load; see the skip test)."""
    return [dict(jwks[name], kid=name) for name in KEY_NAMES if name != "ed448-pub"]


SET_CALLS = {
    "constructor": lambda m, keys: m.PyJWKSet(keys),
    "from_dict": lambda m, keys: m.PyJWKSet.from_dict({"keys": keys}),
    "from_json": lambda m, keys: m.PyJWKSet.from_json(json.dumps({"keys": keys})),
    "kid lookup": lambda m, keys: m.PyJWKSet(keys)["ec-p384-priv"],
    "kid miss": lambda m, keys: m.PyJWKSet(keys)["nope"],
    "kid None": lambda m, keys: m.PyJWKSet(keys)[None],
    "key count": lambda m, keys: len(m.PyJWKSet(keys).keys),
}


@pytest.mark.parametrize("call", SET_CALLS)
def test_pyjwkset_matches_pyjwt26(jwks, call):
    """A set of usable keys loads every key in order, and finds them by ``kid``, as PyJWT 2.6."""
    keys = usable_in_both(jwks)
    result = assert_same_as_pyjwt26(lambda m: SET_CALLS[call](m, keys))
    if call == "constructor":
        assert [member[3] for member in result[1]] == [key["kid"] for key in keys]
    if call == "kid miss":
        assert result == ("err", "KeyError", "'keyset has no key for kid: nope'")


@pytest.mark.parametrize(
    "call",
    [
        lambda m: m.PyJWKSet([]),
        lambda m: m.PyJWKSet(None),
        lambda m: m.PyJWKSet({"kty": "oct"}),
        lambda m: m.PyJWKSet("abc"),
        lambda m: m.PyJWKSet.from_dict({}),
        lambda m: m.PyJWKSet.from_dict({"keys": {"kty": "oct"}}),
        lambda m: m.PyJWKSet.from_dict([]),
        lambda m: m.PyJWKSet.from_json("[1"),
        lambda m: m.PyJWKSet(["abc", {"kty": "oct", "k": "c2VjcmV0"}]),
    ],
    ids=["empty", "None", "dict", "str", "no keys", "keys not a list", "list document",
         "malformed json", "member not a dict"],
)
def test_pyjwkset_refusals_match_pyjwt26(call):
    """An empty or malformed set fails with PyJWT 2.6's exception and message."""
    result = assert_same_as_pyjwt26(call)
    assert result[0] == "err"


def test_pyjwkset_messages():
    """The two PyJWKSetError messages for a set that is empty or not a list."""
    with pytest.raises(PyJWKSetError, match="^The JWK Set did not contain any keys$"):
        PyJWKSet([])
    with pytest.raises(PyJWKSetError, match="^Invalid JWK Set value$"):
        PyJWKSet({"kty": "oct"})


@pytest.mark.parametrize(
    "unusable",
    [
        {"kty": "XX"},
        {"k": "x"},
        {"kty": "EC", "crv": "P-999"},
        {"kty": "RSA", "e": "AQAB"},
        {"kty": "OKP", "crv": "Ed448", "x": "AA"},
        {"kty": "oct", "k": "c2VjcmV0", "alg": "XYZ"},
    ],
    ids=["unknown kty", "no kty", "unknown crv", "no n", "Ed448 without alg", "unknown alg"],
)
def test_pyjwkset_skips_keys_it_cannot_load(jwks, unusable):
    """2.7 #863: a key that can't be loaded is skipped, so the rest of the set stays usable.

    PyJWT 2.6 skipped only an unknown ``alg`` (PyJWKError) and raised InvalidKeyError otherwise.
    """
    good = dict(jwks["rsa-priv"], kid="good")
    key_set = PyJWKSet([unusable, good])
    assert [key.key_id for key in key_set.keys] == ["good"]
    if "alg" not in unusable:
        assert outcome(lambda m: m.PyJWKSet([unusable, good]), pyjwt26)[:2] == ("err", "InvalidKeyError")


def test_pyjwkset_without_a_usable_key():
    """2.9 #963: a set whose keys all fail says that ``cryptography`` may be missing."""
    with pytest.raises(PyJWKSetError) as refused:
        PyJWKSet([{"kty": "XX"}, {"kty": "oct", "k": "c2VjcmV0", "alg": "XYZ"}])
    assert str(refused.value) == (
        "The JWK Set did not contain any usable keys. Perhaps 'cryptography' is not installed?"
    )


def test_pyjwkset_iterates_over_its_keys(jwks):
    """2.11 #1041: iterating a set yields its keys in order (2.6 fell back to ``__getitem__``)."""
    keys = [dict(jwks["oct"], kid="a"), dict(jwks["ec-p256-pub"], kid="b")]
    key_set = PyJWKSet(keys)
    assert [key.key_id for key in key_set] == ["a", "b"]
    assert list(key_set) == key_set.keys
    assert outcome(lambda m: list(m.PyJWKSet(keys)), pyjwt26)[:2] == ("err", "KeyError")


def test_missing_cryptography_is_reported_not_skipped(jwks):
    """2.9 #963: without ``cryptography``, a key that needs it raises MissingCryptographyError.

    In a set it is raised too rather than skipped, so the cause isn't hidden; HMAC keys still load.
    """
    with mock.patch("jwt.api_jwk.has_crypto", False):
        with pytest.raises(MissingCryptographyError, match="^RS256 requires 'cryptography' to be installed"):
            PyJWK(jwks["rsa-priv"])
        with pytest.raises(MissingCryptographyError, match="^EdDSA requires"):
            PyJWK({"kty": "dummy"}, algorithm="EdDSA")
        with pytest.raises(MissingCryptographyError):
            PyJWKSet([dict(jwks["oct"], kid="o"), jwks["ec-p256-pub"]])
        assert [key.key_id for key in PyJWKSet([dict(jwks["oct"], kid="o")])] == ["o"]
    assert issubclass(MissingCryptographyError, PyJWKError)
