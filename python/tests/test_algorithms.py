"""``jwt.algorithms`` and ``jwt.utils``: the algorithm objects and the encoding helpers.

Where Debian's PyJWT 2.6.0 (python3-jwt, loaded in this process under the name ``pyjwt26``)
behaves as 2.12 does, each case runs the same call on both packages and the outcomes (result, or
exception class and message) must be equal. Where 2.7-2.12 changed the behaviour, 2.12's is
asserted directly and the test names the changelog entry.
"""

from __future__ import annotations

import binascii
import hashlib
import json
import warnings
from types import SimpleNamespace

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

import jwt
from pyjwt_reference import load_pyjwt26
from jwt import algorithms, utils
from jwt.exceptions import InvalidKeyError


pyjwt26 = load_pyjwt26()


def outcome(call, module):
    """``("ok", result)`` or ``("err", exception class name, message)`` of ``call(module)``."""
    try:
        return ("ok", call(module))
    except Exception as error:  # noqa: BLE001: the outcome is what is compared
        return ("err", type(error).__name__, str(error))


def assert_same_as_pyjwt26(call):
    """Run ``call`` on this package and on PyJWT 2.6; return the (equal) outcome."""
    ours = outcome(call, jwt)
    assert ours == outcome(call, pyjwt26)
    return ours


def describe(value):
    """A comparable form of a key object (its class and public key), or the value itself."""
    if hasattr(value, "public_bytes") or hasattr(value, "public_key"):
        public = value.public_key() if hasattr(value, "private_bytes") else value
        der = public.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
        return (type(value).__name__, der)
    return value


def pem_private(key, form=PrivateFormat.PKCS8):
    return key.private_bytes(Encoding.PEM, form, NoEncryption())


def pem_public(key, form=PublicFormat.SubjectPublicKeyInfo):
    return key.public_key().public_bytes(Encoding.PEM, form)


def openssh(key):
    return key.public_key().public_bytes(Encoding.OpenSSH, PublicFormat.OpenSSH)


CURVES = {
    "P-256": ec.SECP256R1,
    "P-384": ec.SECP384R1,
    "P-521": ec.SECP521R1,
    "secp256k1": ec.SECP256K1,
}


@pytest.fixture(scope="module")
def keys():
    """One key of each kind the algorithms take, generated once for the module."""
    return SimpleNamespace(
        rsa=rsa.generate_private_key(public_exponent=65537, key_size=2048),
        rsa_1024=rsa.generate_private_key(public_exponent=65537, key_size=1024),
        ec={crv: ec.generate_private_key(curve()) for crv, curve in CURVES.items()},
        ed25519=ed25519.Ed25519PrivateKey.generate(),
        ed448=ed448.Ed448PrivateKey.generate(),
    )


@pytest.fixture(scope="module")
def key_forms(keys):
    """The key inputs ``prepare_key`` is given, by name: PEM, OpenSSH, key objects, secrets."""
    p256 = keys.ec["P-256"]
    return {
        "rsa-pkcs8-private": pem_private(keys.rsa),
        "rsa-traditional-private": pem_private(keys.rsa, PrivateFormat.TraditionalOpenSSL),
        "rsa-public": pem_public(keys.rsa),
        "rsa-public-str": pem_public(keys.rsa).decode(),
        "rsa-pkcs1-public": pem_public(keys.rsa, PublicFormat.PKCS1),
        "rsa-ssh": openssh(keys.rsa),
        "rsa-object": keys.rsa,
        "rsa-public-object": keys.rsa.public_key(),
        "ec-private": pem_private(p256),
        "ec-public": pem_public(p256),
        "ec-ssh": openssh(p256),
        "ec-object": p256,
        "ed25519-private": pem_private(keys.ed25519),
        "ed25519-public": pem_public(keys.ed25519),
        "ed25519-ssh": openssh(keys.ed25519),
        "ed25519-object": keys.ed25519,
        "ed25519-public-object": keys.ed25519.public_key(),
        "certificate-like": b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
        "ssh2-public": b"---- BEGIN SSH2 PUBLIC KEY ----\nAAAA\n---- END SSH2 PUBLIC KEY ----",
        "secret": b"secret",
        "secret-str": "secret",
        "garbage": b"garbage",
        "int": 123,
        "None": None,
    }


# ---------------------------------------------------------------- jwt.utils


@pytest.mark.parametrize("data", [b"", b"a", b"ab", b"abc", b"abcd", bytes(range(256))])
def test_base64url_matches_pyjwt26(data):
    """base64url encodes without padding and decodes str or bytes, as PyJWT 2.6."""
    encoded = assert_same_as_pyjwt26(lambda m: m.utils.base64url_encode(data))
    assert encoded == ("ok", utils.base64url_encode(data))
    assert b"=" not in encoded[1]
    for text in (encoded[1], encoded[1].decode()):
        assert assert_same_as_pyjwt26(lambda m: m.utils.base64url_decode(text)) == ("ok", data)


def test_base64url_decode_refuses_an_impossible_length_as_pyjwt26():
    """One character can't be base64: binascii.Error, as PyJWT 2.6."""
    result = assert_same_as_pyjwt26(lambda m: m.utils.base64url_decode(b"a"))
    assert result[:2] == ("err", "Error")
    with pytest.raises(binascii.Error):
        utils.base64url_decode("a")


@pytest.mark.parametrize("value", [0, 1, 255, 256, 65537, 2**2048 - 1])
def test_base64url_uint_matches_pyjwt26(value):
    """JWK integers (Base64urlUInt) take as few bytes as they need, as PyJWT 2.6."""
    encoded = assert_same_as_pyjwt26(lambda m: m.utils.to_base64url_uint(value))[1]
    assert assert_same_as_pyjwt26(lambda m: m.utils.from_base64url_uint(encoded)) == ("ok", value)
    assert utils.from_base64url_uint(encoded.decode()) == value
    assert_same_as_pyjwt26(lambda m: m.utils.bytes_from_int(value))
    if value == 0:
        assert encoded == b"AA"  # one zero byte, never the empty string


def test_negative_base64url_uint_is_refused_as_pyjwt26():
    """A negative integer has no Base64urlUInt: ValueError, as PyJWT 2.6."""
    result = assert_same_as_pyjwt26(lambda m: m.utils.to_base64url_uint(-1))
    assert result == ("err", "ValueError", "Must be a positive integer")


def test_base64url_uint_pads_to_a_bit_length():
    """2.10 #990: ``bit_length`` gives an integer its full width (EC coordinates, RFC 7518 §6.2.1)."""
    assert utils.base64url_decode(utils.to_base64url_uint(1, bit_length=256)) == b"\x00" * 31 + b"\x01"
    assert utils.bytes_from_int(1, bit_length=521) == b"\x00" * 65 + b"\x01"
    assert utils.bytes_from_int(0, bit_length=8) == b"\x00"
    with pytest.raises(OverflowError):
        utils.bytes_from_int(256, bit_length=8)


@pytest.mark.parametrize("value", ["é", b"x", "", 1, None])
def test_force_bytes_matches_pyjwt26(value):
    """str is encoded as UTF-8, bytes pass, anything else is a TypeError, as PyJWT 2.6."""
    result = assert_same_as_pyjwt26(lambda m: m.utils.force_bytes(value))
    if not isinstance(value, (str, bytes)):
        assert result == ("err", "TypeError", "Expected a string value")


@pytest.mark.parametrize(("number", "size"), [(5, 4), (0, 1), (2**255, 32), (2**521 - 1, 66)])
def test_number_bytes_conversions_match_pyjwt26(number, size):
    """Fixed-width big-endian conversion of in-range integers, as PyJWT 2.6."""
    raw = assert_same_as_pyjwt26(lambda m: m.utils.number_to_bytes(number, size))[1]
    assert len(raw) == size
    assert assert_same_as_pyjwt26(lambda m: m.utils.bytes_to_number(raw)) == ("ok", number)


@pytest.mark.parametrize("crv", CURVES)
def test_ecdsa_signature_conversions_match_pyjwt26(keys, crv):
    """DER <-> R||S (RFC 7518 §3.4): each half is the curve's width, and both ways match 2.6."""
    key = keys.ec[crv]
    size = (key.curve.key_size + 7) // 8
    for index in range(8):
        der = key.sign(b"message %d" % index, ec.ECDSA(hashes.SHA256()))
        raw = assert_same_as_pyjwt26(lambda m: m.utils.der_to_raw_signature(der, key.curve))[1]
        assert len(raw) == 2 * size
        back = assert_same_as_pyjwt26(lambda m: m.utils.raw_to_der_signature(raw, key.curve))[1]
        assert decode_dss_signature(back) == decode_dss_signature(der)
    short = assert_same_as_pyjwt26(lambda m: m.utils.raw_to_der_signature(b"x" * 3, key.curve))
    assert short == ("err", "ValueError", "Invalid signature")


PEM_DETECTION_INPUTS = [
    "rsa-pkcs8-private",
    "rsa-traditional-private",
    "rsa-public",
    "rsa-pkcs1-public",
    "rsa-ssh",
    "ec-private",
    "ec-ssh",
    "ed25519-ssh",
    "certificate-like",
    "ssh2-public",
    "secret",
    "garbage",
]


@pytest.mark.parametrize("name", PEM_DETECTION_INPUTS)
def test_is_pem_format_matches_pyjwt26(key_forms, name):
    """PEM blocks of keys and certificates are recognised, as PyJWT 2.6."""
    key = key_forms[name]
    result = assert_same_as_pyjwt26(lambda m: m.utils.is_pem_format(key))
    assert result == ("ok", name in {"rsa-pkcs8-private", "rsa-traditional-private", "rsa-public",
                                     "rsa-pkcs1-public", "ec-private", "certificate-like", "ssh2-public"})


@pytest.mark.parametrize(
    "text",
    [
        b"-----BEGIN PUBLIC KEY-----",  # no body, no END line
        b"-----BEGIN PUBLIC KEY-----\r\nAAAA\r\n-----END PUBLIC KEY-----\r\n",
        b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",  # END label differs
        b"junk before -----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----",
        b"-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n",  # not a key label
    ],
)
def test_is_pem_format_edges_match_pyjwt26(text):
    """Line endings, mismatched labels, text around the block: as PyJWT 2.6."""
    assert_same_as_pyjwt26(lambda m: m.utils.is_pem_format(text))


def test_is_ssh_key_matches_key_type_prefixes(key_forms):
    """2.9 #940: an OpenSSH key is recognised by its leading key type, not a substring."""
    for name in ("rsa-ssh", "ec-ssh", "ed25519-ssh"):
        assert utils.is_ssh_key(key_forms[name])
    assert utils.is_ssh_key(b"ssh-dss AAAA")
    assert utils.is_ssh_key(b"ecdsa-sha2-nistp521 AAAA")
    assert utils.is_ssh_key(b"ssh-rsa-cert-v01@openssh.com AAAA")
    assert not utils.is_ssh_key(b"prefix ssh-rsa AAAA")
    assert pyjwt26.utils.is_ssh_key(b"prefix ssh-rsa AAAA")  # 2.6 searched the whole text
    assert not utils.is_ssh_key(b"secret")
    assert not utils.is_ssh_key(key_forms["rsa-public"])


# ---------------------------------------------------------------- the algorithm table


def test_default_algorithms_match_pyjwt26():
    """The same ``alg`` names and classes as PyJWT 2.6, with ES521 kept as an alias."""
    names = assert_same_as_pyjwt26(
        lambda m: {name: type(alg).__name__ for name, alg in m.algorithms.get_default_algorithms().items()}
    )[1]
    assert set(names) == {
        "none", "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES256K",
        "ES384", "ES521", "ES512", "PS256", "PS384", "PS512", "EdDSA",
    }
    assert_same_as_pyjwt26(lambda m: m.algorithms.requires_cryptography)
    assert algorithms.has_crypto is True
    assert algorithms.requires_cryptography == set(names) - {"none", "HS256", "HS384", "HS512"}


def test_default_algorithms_are_new_instances_on_each_call():
    """Changing one table (as PyJWS does) never changes another: each call builds new objects."""
    first, second = algorithms.get_default_algorithms(), algorithms.get_default_algorithms()
    assert all(first[name] is not second[name] for name in first)


def test_hash_constants_match_pyjwt26():
    """HMAC takes hashlib constructors; RSA, PS and EC take cryptography hash classes."""
    assert (algorithms.HMACAlgorithm.SHA256, algorithms.HMACAlgorithm.SHA384,
            algorithms.HMACAlgorithm.SHA512) == (hashlib.sha256, hashlib.sha384, hashlib.sha512)
    for cls in ("RSAAlgorithm", "RSAPSSAlgorithm", "ECAlgorithm"):
        assert_same_as_pyjwt26(lambda m: [getattr(m.algorithms, cls).SHA256,
                                          getattr(m.algorithms, cls).SHA384,
                                          getattr(m.algorithms, cls).SHA512])


def test_es_algorithms_are_bound_to_their_curves():
    """2.11 (RFC 7518 §3.4): each ES algorithm expects one curve; ES521 is ES512's alias."""
    table = algorithms.get_default_algorithms()
    assert {name: table[name].expected_curve for name in ("ES256", "ES256K", "ES384", "ES512", "ES521")} == {
        "ES256": ec.SECP256R1,
        "ES256K": ec.SECP256K1,
        "ES384": ec.SECP384R1,
        "ES512": ec.SECP521R1,
        "ES521": ec.SECP521R1,
    }
    assert algorithms.ECAlgorithm(algorithms.ECAlgorithm.SHA256).expected_curve is None


def test_algorithm_is_an_abstract_base_class():
    """2.7 #845: Algorithm can't be instantiated, nor can a subclass missing a method."""
    with pytest.raises(TypeError, match="abstract"):
        algorithms.Algorithm()

    class SignOnly(algorithms.Algorithm):
        def sign(self, msg, key):
            return b""

    with pytest.raises(TypeError, match="abstract"):
        SignOnly()

    class Complete(SignOnly):
        def prepare_key(self, key):
            return key

        def verify(self, msg, key, sig):
            return True

        @staticmethod
        def to_jwk(key_obj, as_dict=False):
            return {} if as_dict else "{}"

        @staticmethod
        def from_jwk(jwk):
            return None

    custom = Complete()
    assert custom.check_key_length(b"x") is None  # no minimum unless the subclass sets one
    with pytest.raises(NotImplementedError):
        custom.compute_hash_digest(b"abc")  # no hash_alg


@pytest.mark.parametrize(
    ("alg", "hash_function"),
    [
        ("HS256", hashlib.sha256),
        ("HS384", hashlib.sha384),
        ("HS512", hashlib.sha512),
        ("RS256", hashlib.sha256),
        ("RS512", hashlib.sha512),
        ("PS384", hashlib.sha384),
        ("ES256", hashlib.sha256),
        ("ES256K", hashlib.sha256),
        ("ES512", hashlib.sha512),
    ],
)
def test_compute_hash_digest_uses_the_algorithm_hash(alg, hash_function):
    """2.7 #775: compute_hash_digest hashes with the algorithm's hash (OIDC ``at_hash``)."""
    digest = algorithms.get_default_algorithms()[alg].compute_hash_digest(b"abc")
    assert digest == hash_function(b"abc").digest()
    assert isinstance(digest, bytes)


@pytest.mark.parametrize("alg", ["none", "EdDSA"])
def test_compute_hash_digest_without_a_hash_is_not_implemented(alg):
    """2.7 #775: ``none`` and EdDSA have no hash of their own: NotImplementedError."""
    with pytest.raises(NotImplementedError):
        algorithms.get_default_algorithms()[alg].compute_hash_digest(b"abc")


# ---------------------------------------------------------------- none and HMAC


@pytest.mark.parametrize("key", [None, "", b"", "x", b"key"])
def test_none_algorithm_prepare_key_matches_pyjwt26(key):
    """``none`` takes no key (None or ""), as PyJWT 2.6."""
    result = assert_same_as_pyjwt26(lambda m: m.algorithms.NoneAlgorithm().prepare_key(key))
    if key in (None, ""):
        assert result == ("ok", None)
    else:
        assert result == ("err", "InvalidKeyError", 'When alg = "none", key value must be None.')


def test_none_algorithm_never_verifies_and_has_no_jwk():
    """``none`` signs with b"", never verifies, and has no JWK form, as PyJWT 2.6."""
    assert assert_same_as_pyjwt26(lambda m: m.algorithms.NoneAlgorithm().sign(b"msg", None)) == ("ok", b"")
    verified = assert_same_as_pyjwt26(lambda m: m.algorithms.NoneAlgorithm().verify(b"msg", None, b""))
    assert verified == ("ok", False)
    no_jwk = ("err", "NotImplementedError")
    assert assert_same_as_pyjwt26(lambda m: m.algorithms.NoneAlgorithm.to_jwk(None))[:2] == no_jwk
    assert assert_same_as_pyjwt26(lambda m: m.algorithms.NoneAlgorithm.from_jwk("{}"))[:2] == no_jwk


HMAC_KEY_FORMS = [
    "rsa-pkcs8-private",
    "rsa-traditional-private",
    "rsa-public",
    "rsa-public-str",
    "rsa-pkcs1-public",
    "rsa-ssh",
    "rsa-object",
    "ec-private",
    "ec-ssh",
    "ed25519-ssh",
    "certificate-like",
    "ssh2-public",
    "secret",
    "secret-str",
    "garbage",
    "int",
    "None",
]


@pytest.mark.parametrize("name", HMAC_KEY_FORMS)
def test_hmac_prepare_key_matches_pyjwt26(key_forms, name):
    """An HMAC secret is str or bytes; PEM and OpenSSH keys are refused, as PyJWT 2.6."""
    key = key_forms[name]
    result = assert_same_as_pyjwt26(lambda m: m.algorithms.get_default_algorithms()["HS256"].prepare_key(key))
    if name in ("secret", "secret-str", "garbage"):
        assert result == ("ok", utils.force_bytes(key))
    elif name in ("int", "None", "rsa-object"):
        assert result == ("err", "TypeError", "Expected a string value")
    else:
        assert result == (
            "err",
            "InvalidKeyError",
            "The specified key is an asymmetric key or x509 certificate and"
            " should not be used as an HMAC secret.",
        )


def test_hmac_secret_that_only_contains_an_ssh_key_type_is_accepted():
    """2.9 #940: a secret is refused as an OpenSSH key only if it starts with a key type."""
    hs256 = algorithms.HMACAlgorithm(algorithms.HMACAlgorithm.SHA256)
    assert hs256.prepare_key(b"prefix ssh-rsa AAAA") == b"prefix ssh-rsa AAAA"
    with pytest.raises(InvalidKeyError):
        hs256.prepare_key(b"ssh-rsa AAAA")


def test_hmac_jwk_matches_pyjwt26():
    """An ``oct`` JWK holds the secret in ``k``; the JSON text is PyJWT 2.6's."""
    for secret in (b"secret", "secret", b"\x00\xff" * 20):
        text = assert_same_as_pyjwt26(lambda m: m.algorithms.HMACAlgorithm.to_jwk(secret))[1]
        k = utils.base64url_encode(utils.force_bytes(secret)).decode()
        assert json.loads(text) == {"k": k, "kty": "oct"}
        assert assert_same_as_pyjwt26(lambda m: m.algorithms.HMACAlgorithm.from_jwk(text)) == (
            "ok",
            utils.force_bytes(secret),
        )
        assert algorithms.HMACAlgorithm.from_jwk(json.loads(text)) == utils.force_bytes(secret)


def test_to_jwk_as_dict_returns_the_members():
    """2.7 #881: ``as_dict=True`` returns the JWK as a dict instead of JSON text."""
    as_dict = algorithms.HMACAlgorithm.to_jwk(b"secret", as_dict=True)
    assert as_dict == {"k": "c2VjcmV0", "kty": "oct"}
    assert algorithms.HMACAlgorithm.to_jwk(b"secret", as_dict=False) == json.dumps(as_dict)


@pytest.mark.parametrize(("alg", "length"), [("HS256", 32), ("HS384", 48), ("HS512", 64)])
def test_hmac_signatures_match_pyjwt26(alg, length):
    """HMAC signs deterministically with the hash's output size, and verifies, as PyJWT 2.6."""
    key = b"k" * length
    def sign(m):
        return m.algorithms.get_default_algorithms()[alg].sign(b"msg", key)

    signature = assert_same_as_pyjwt26(sign)[1]
    assert len(signature) == length
    hs = algorithms.get_default_algorithms()[alg]
    assert hs.verify(b"msg", key, signature)
    assert not hs.verify(b"msg!", key, signature)
    assert not hs.verify(b"msg", key + b"x", signature)


# ---------------------------------------------------------------- prepare_key (RSA, EC, EdDSA)

PREPARE_KEY_SAME_AS_PYJWT26 = [
    (alg, name)
    for alg in ("RS256", "PS384")
    for name in (
        "rsa-pkcs8-private", "rsa-traditional-private", "rsa-public", "rsa-public-str",
        "rsa-pkcs1-public", "rsa-ssh", "rsa-object", "rsa-public-object",
        "ec-object", "ed25519-object", "int", "None",
    )
] + [
    ("ES256", name)
    for name in (
        "ec-private", "ec-public", "ec-ssh", "ec-object", "rsa-object", "ed25519-object",
        "rsa-ssh", "ed25519-ssh", "garbage", "int", "None",
    )
] + [
    ("EdDSA", name)
    for name in (
        "ed25519-private", "ed25519-public", "ed25519-ssh", "ed25519-object", "ed25519-public-object",
    )
]


@pytest.mark.parametrize(("alg", "name"), PREPARE_KEY_SAME_AS_PYJWT26)
def test_prepare_key_matches_pyjwt26(key_forms, alg, name):
    """Keys of the algorithm's family load as PyJWT 2.6 loads them; non-key types fail alike."""
    key = key_forms[name]
    assert_same_as_pyjwt26(lambda m: describe(m.algorithms.get_default_algorithms()[alg].prepare_key(key)))


@pytest.mark.parametrize(
    ("alg", "name", "family"),
    [
        ("RS256", "ec-private", "RSAAlgorithm"),
        ("RS256", "ec-public", "RSAAlgorithm"),
        ("RS256", "ed25519-private", "RSAAlgorithm"),
        ("PS384", "ed25519-public", "RSAPSSAlgorithm"),
        ("ES256", "rsa-pkcs8-private", "ECAlgorithm"),
        ("ES256", "rsa-public", "ECAlgorithm"),
        ("ES256", "rsa-pkcs1-public", "ECAlgorithm"),
        ("ES256", "ed25519-public", "ECAlgorithm"),
        ("EdDSA", "rsa-public", "OKPAlgorithm"),
        ("EdDSA", "rsa-ssh", "OKPAlgorithm"),
        ("EdDSA", "ec-private", "OKPAlgorithm"),
        ("EdDSA", "rsa-object", "OKPAlgorithm"),
        ("EdDSA", "ec-object", "OKPAlgorithm"),
        ("EdDSA", "int", "OKPAlgorithm"),
    ],
)
def test_prepare_key_refuses_a_key_of_another_family(key_forms, alg, name, family):
    """2.11 #964: a key of another family is an InvalidKeyError naming the key's class.

    PyJWT 2.6 returned such keys from RS*/PS* (failing later, in cryptography) and had
    another message for ES* and EdDSA.
    """
    key = key_forms[name]
    with pytest.raises(InvalidKeyError) as refused:
        algorithms.get_default_algorithms()[alg].prepare_key(key)
    assert str(refused.value).endswith(f". Invalid Key type for {family}")
    if not isinstance(key, (bytes, str)):
        assert f"got: {type(key).__name__}." in str(refused.value)


@pytest.mark.parametrize("name", ["rsa-traditional-private", "rsa-pkcs1-public", "ec-ssh", "garbage"])
def test_eddsa_prepare_key_refuses_text_that_is_no_eddsa_key_form(key_forms, name):
    """2.11 #964: EdDSA reads PEM "BEGIN PUBLIC"/"BEGIN PRIVATE" and "ssh-" text only."""
    with pytest.raises(InvalidKeyError, match="^Not a public or private key$"):
        algorithms.OKPAlgorithm().prepare_key(key_forms[name])


@pytest.mark.parametrize("alg", ["RS256", "PS384"])
@pytest.mark.parametrize("name", ["ec-ssh", "ed25519-ssh", "garbage"])
def test_rsa_prepare_key_refuses_unparseable_text(key_forms, alg, name):
    """2.9 #952: text that loads as no key is an InvalidKeyError (2.6 let ValueError out)."""
    def prepare(m):
        return m.algorithms.get_default_algorithms()[alg].prepare_key(key_forms[name])

    with pytest.raises(InvalidKeyError, match=r"^Could not parse the provided public key\.$"):
        prepare(jwt)
    assert outcome(prepare, pyjwt26)[1] == "ValueError"


@pytest.mark.parametrize(
    ("alg", "crv", "expected"),
    [
        ("ES256", "P-384", "secp256r1"),
        ("ES256", "secp256k1", "secp256r1"),
        ("ES256K", "P-256", "secp256k1"),
        ("ES384", "P-521", "secp384r1"),
        ("ES512", "P-256", "secp521r1"),
        ("ES521", "P-384", "secp521r1"),
    ],
)
def test_ec_prepare_key_refuses_another_curve(keys, alg, crv, expected):
    """2.11 (RFC 7518 §3.4): a key on another curve is refused, as object, PEM or OpenSSH."""
    key = keys.ec[crv]
    message = (
        f"^The key's curve '{key.curve.name}' does not match the expected curve "
        f"'{expected}' for this algorithm$"
    )
    es = algorithms.get_default_algorithms()[alg]
    forms = [key, key.public_key(), pem_private(key), pem_public(key)]
    if crv != "secp256k1":  # OpenSSH has no secp256k1 keys
        forms.append(openssh(key))
    for form in forms:
        with pytest.raises(InvalidKeyError, match=message):
            es.prepare_key(form)


@pytest.mark.parametrize(("alg", "crv"), [("ES256", "P-256"), ("ES256K", "secp256k1"), ("ES384", "P-384"),
                                          ("ES512", "P-521"), ("ES521", "P-521")])
def test_ec_prepare_key_accepts_its_curve(keys, alg, crv):
    """Each ES algorithm loads keys on its own curve, as object or PEM."""
    key = keys.ec[crv]
    es = algorithms.get_default_algorithms()[alg]
    assert es.prepare_key(key) is key
    assert describe(es.prepare_key(pem_private(key))) == describe(key)
    assert describe(es.prepare_key(pem_public(key).decode())) == describe(key.public_key())


def test_ec_algorithm_without_an_expected_curve_accepts_any_curve(keys):
    """An ECAlgorithm made without ``expected_curve`` (user code) keeps the pre-2.11 behaviour."""
    es = algorithms.ECAlgorithm(algorithms.ECAlgorithm.SHA256)
    for key in keys.ec.values():
        assert es.prepare_key(key) is key


def test_check_crypto_key_type(keys):
    """2.11 #964: the family check is ValueError outside cryptography-based algorithms."""
    with pytest.raises(ValueError, match="requires the cryptography library"):
        algorithms.HMACAlgorithm(algorithms.HMACAlgorithm.SHA256).check_crypto_key_type(b"x")
    rs256 = algorithms.get_default_algorithms()["RS256"]
    assert rs256.check_crypto_key_type(keys.rsa) is None
    assert rs256.check_crypto_key_type(keys.rsa.public_key()) is None
    with pytest.raises(InvalidKeyError, match="Invalid Key type for RSAAlgorithm$"):
        rs256.check_crypto_key_type(keys.ec["P-256"])


# ---------------------------------------------------------------- the key-length check


@pytest.mark.parametrize(
    ("alg", "key", "message"),
    [
        ("HS256", b"short", "The HMAC key is 5 bytes long, which is below the minimum recommended "
                            "length of 32 bytes for SHA256. See RFC 7518 Section 3.2."),
        ("HS256", b"k" * 31, "The HMAC key is 31 bytes long, which is below the minimum recommended "
                             "length of 32 bytes for SHA256. See RFC 7518 Section 3.2."),
        ("HS256", b"k" * 32, None),
        ("HS384", b"k" * 47, "The HMAC key is 47 bytes long, which is below the minimum recommended "
                             "length of 48 bytes for SHA384. See RFC 7518 Section 3.2."),
        ("HS384", b"k" * 48, None),
        ("HS512", b"k" * 63, "The HMAC key is 63 bytes long, which is below the minimum recommended "
                             "length of 64 bytes for SHA512. See RFC 7518 Section 3.2."),
        ("HS512", b"k" * 64, None),
    ],
)
def test_hmac_key_length_check(alg, key, message):
    """2.11: an HMAC secret shorter than the hash output gets RFC 7518 §3.2's message."""
    hs = algorithms.get_default_algorithms()[alg]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the check reports; it never warns
        assert hs.check_key_length(hs.prepare_key(key)) == message


def test_rsa_key_length_check(keys):
    """2.11: RSA (RS* and PS*) keys under 2048 bits get NIST SP 800-131A's message."""
    message = ("The RSA key is 1024 bits long, which is below the minimum recommended size "
               "of 2048 bits. See NIST SP 800-131A.")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for alg in ("RS256", "PS512"):
            checker = algorithms.get_default_algorithms()[alg]
            assert checker.check_key_length(keys.rsa_1024) == message
            assert checker.check_key_length(checker.prepare_key(pem_public(keys.rsa_1024))) == message
            assert checker.check_key_length(keys.rsa) is None
            assert checker.check_key_length(keys.rsa.public_key()) is None


def test_key_length_check_sets_no_minimum_for_ec_eddsa_and_none(keys):
    """2.11: curve keys have a fixed size, and ``none`` has no key: no message."""
    table = algorithms.get_default_algorithms()
    assert table["ES256"].check_key_length(keys.ec["P-256"]) is None
    assert table["ES512"].check_key_length(keys.ec["P-521"].public_key()) is None
    assert table["EdDSA"].check_key_length(keys.ed25519) is None
    assert table["none"].check_key_length(None) is None


# ---------------------------------------------------------------- JWK export and import


@pytest.mark.parametrize("kind", ["rsa", "rsa-public", "ed25519", "ed25519-public", "ed448", "ed448-public"])
def test_rsa_and_okp_jwks_are_pyjwt26s_text(keys, kind):
    """RSA (RFC 7518 §6.3) and OKP (RFC 8037) JWKs are byte for byte PyJWT 2.6's, both ways."""
    family, _, public = kind.partition("-")
    cls = "RSAAlgorithm" if family == "rsa" else "OKPAlgorithm"
    key = getattr(keys, family)
    key = key.public_key() if public else key
    text = assert_same_as_pyjwt26(lambda m: getattr(m.algorithms, cls).to_jwk(key))[1]
    ours = getattr(algorithms, cls)
    assert ours.to_jwk(key, as_dict=True) == json.loads(text)
    for jwk in (text, json.loads(text)):
        assert ours.to_jwk(ours.from_jwk(jwk)) == text
        assert describe(ours.from_jwk(jwk)) == describe(key)
    assert getattr(pyjwt26.algorithms, cls).to_jwk(getattr(pyjwt26.algorithms, cls).from_jwk(text)) == text


def test_rsa_jwk_members():
    """An RSA JWK says what the key may do: ``sign`` for a private key, ``verify`` for a public one."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    private = algorithms.RSAAlgorithm.to_jwk(key, as_dict=True)
    assert list(private) == ["kty", "key_ops", "n", "e", "d", "p", "q", "dp", "dq", "qi"]
    assert private["key_ops"] == ["sign"] and private["e"] == "AQAB"
    public = algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
    assert public == {"kty": "RSA", "key_ops": ["verify"], "n": private["n"], "e": "AQAB"}


def test_rsa_private_jwk_with_only_d_recovers_the_primes(keys):
    """RFC 7518 §6.3.2: with ``d`` but no CRT members, the primes are recovered, as PyJWT 2.6."""
    full = algorithms.RSAAlgorithm.to_jwk(keys.rsa, as_dict=True)
    only_d = {member: full[member] for member in ("kty", "n", "e", "d")}
    def recover(m):
        return m.algorithms.RSAAlgorithm.to_jwk(m.algorithms.RSAAlgorithm.from_jwk(only_d))

    text = assert_same_as_pyjwt26(recover)[1]
    assert json.loads(text) == full


@pytest.mark.parametrize("crv", CURVES)
def test_ec_jwk_coordinates_have_the_curve_width(keys, crv):
    """2.10 #990: x, y and d are padded to the curve's size; otherwise PyJWT 2.6's JWK."""
    key = keys.ec[crv]
    size = (key.curve.key_size + 7) // 8
    ours = algorithms.ECAlgorithm.to_jwk(key, as_dict=True)
    theirs = json.loads(pyjwt26.algorithms.ECAlgorithm.to_jwk(key))
    assert list(ours) == list(theirs) == ["kty", "crv", "x", "y", "d"]
    assert ours["crv"] == theirs["crv"] == crv
    for member in ("x", "y", "d"):
        assert utils.from_base64url_uint(ours[member]) == utils.from_base64url_uint(theirs[member])
        assert len(utils.base64url_decode(ours[member])) == size
    assert algorithms.ECAlgorithm.to_jwk(key) == json.dumps(ours)
    for jwk in (ours, json.dumps(ours)):
        assert algorithms.ECAlgorithm.to_jwk(algorithms.ECAlgorithm.from_jwk(jwk), as_dict=True) == ours
    public = algorithms.ECAlgorithm.to_jwk(key.public_key(), as_dict=True)
    assert public == {member: ours[member] for member in ("kty", "crv", "x", "y")}
    assert describe(algorithms.ECAlgorithm.from_jwk(public)) == describe(key.public_key())


def test_ec_jwk_of_a_short_coordinate_is_padded():
    """2.10 #990: a P-256 key whose x fits in 31 bytes still exports a 32-byte x.

    PyJWT 2.6 wrote 31 bytes, which its own from_jwk then refused.
    """
    scalar = next(
        d for d in range(1, 10_000)
        if ec.derive_private_key(d, ec.SECP256R1()).public_key().public_numbers().x.bit_length() <= 248
    )
    key = ec.derive_private_key(scalar, ec.SECP256R1())
    ours = algorithms.ECAlgorithm.to_jwk(key, as_dict=True)
    assert len(utils.base64url_decode(ours["x"])) == 32
    assert describe(algorithms.ECAlgorithm.from_jwk(ours)) == describe(key)
    theirs = pyjwt26.algorithms.ECAlgorithm.to_jwk(key)
    assert len(utils.base64url_decode(json.loads(theirs)["x"])) < 32
    refused = outcome(lambda m: m.algorithms.ECAlgorithm.from_jwk(theirs), pyjwt26)
    assert refused == ("err", "InvalidKeyError", "Coords should be 32 bytes for curve P-256")


BAD_JWKS = [
    "not json",
    "{",
    123,
    None,
    b'{"kty":"RSA"}',
    '{"kty":"oct"}',
    '{"kty":"RSA"}',
    '{"kty":"RSA","n":"AQ"}',
    '{"kty":"RSA","n":"AQ","e":"AQAB","d":"AQ","oth":[]}',
    '{"kty":"RSA","n":"AQ","e":"AQAB","d":"AQ","p":"AQ"}',
    '{"kty":"EC"}',
    '{"kty":"EC","x":"AA"}',
    '{"kty":"EC","x":"AA","y":"AA","crv":"P-256"}',
    '{"kty":"EC","x":"AA","y":"AA","crv":"P-384"}',
    '{"kty":"EC","x":"AA","y":"AA","crv":"P-521"}',
    '{"kty":"EC","x":"AA","y":"AA","crv":"secp256k1"}',
    '{"kty":"EC","x":"AA","y":"AA","crv":"P-999"}',
    '{"kty":"EC","x":"AA","y":"AA"}',
    '{"kty":"OKP"}',
    '{"kty":"OKP","crv":"X25519"}',
    '{"kty":"OKP","crv":"Ed25519"}',
    '{"kty":"OKP","crv":"Ed25519","x":"AA"}',
    '{"kty":"OKP","crv":"Ed448","x":"AA","d":"AA"}',
    '{"kty":"oct","k":"AA"}',
]


@pytest.mark.parametrize("cls", ["HMACAlgorithm", "RSAAlgorithm", "ECAlgorithm", "OKPAlgorithm"])
@pytest.mark.parametrize("jwk", BAD_JWKS)
def test_from_jwk_failures_match_pyjwt26(cls, jwk):
    """Malformed or foreign JWKs fail with PyJWT 2.6's exception and message.

    Left out: JSON text that is not an object (PyJWT raises AttributeError from ``.get``)
    and an EC ``d`` of the wrong size (PyJWT's message is a tuple); see the last tests.
    """
    assert_same_as_pyjwt26(lambda m: describe(getattr(m.algorithms, cls).from_jwk(jwk)))


@pytest.mark.parametrize("crv", CURVES)
def test_ec_private_jwk_with_a_d_of_the_wrong_size_is_refused(keys, crv):
    """A ``d`` shorter than the curve's size is an InvalidKeyError, as in PyJWT 2.6."""
    jwk = algorithms.ECAlgorithm.to_jwk(keys.ec[crv], as_dict=True)
    d = utils.base64url_decode(jwk["d"])
    short = dict(jwk, d=utils.base64url_encode(d[1:]).decode())
    ours = outcome(lambda m: m.algorithms.ECAlgorithm.from_jwk(short), jwt)
    assert ours[:2] == outcome(lambda m: m.algorithms.ECAlgorithm.from_jwk(short), pyjwt26)[:2]
    assert ours[:2] == ("err", "InvalidKeyError")


@pytest.mark.parametrize("cls", ["RSAAlgorithm", "ECAlgorithm", "OKPAlgorithm"])
@pytest.mark.parametrize("key", [b"secret", "secret", object()], ids=["bytes", "str", "object"])
def test_to_jwk_of_a_non_key_matches_pyjwt26(cls, key):
    """Exporting something that is not a key of the family fails as in PyJWT 2.6."""
    result = assert_same_as_pyjwt26(lambda m: getattr(m.algorithms, cls).to_jwk(key))
    assert result == ("err", "InvalidKeyError", "Not a public or private key")


# ---------------------------------------------------------------- signing and verifying


@pytest.fixture(scope="module")
def signing_pairs(keys):
    """alg: (signing key, verifying key), as PEM where PyJWT users pass PEM."""
    p256, p384, p521, k1 = (keys.ec[c] for c in ("P-256", "P-384", "P-521", "secp256k1"))
    return {
        "RS256": (pem_private(keys.rsa, PrivateFormat.TraditionalOpenSSL), pem_public(keys.rsa)),
        "RS512": (pem_private(keys.rsa), openssh(keys.rsa)),
        "PS256": (pem_private(keys.rsa), pem_public(keys.rsa)),
        "PS512": (keys.rsa, keys.rsa.public_key()),
        "ES256": (pem_private(p256), pem_public(p256)),
        "ES256K": (k1, k1.public_key()),
        "ES384": (pem_private(p384), openssh(p384)),
        "ES512": (p521, p521.public_key()),
        "EdDSA": (pem_private(keys.ed25519), pem_public(keys.ed25519)),
        "EdDSA-448": (keys.ed448, keys.ed448.public_key()),
    }


@pytest.mark.parametrize(
    "name", ["RS256", "RS512", "PS256", "PS512", "ES256", "ES256K", "ES384", "ES512", "EdDSA", "EdDSA-448"]
)
def test_signatures_interoperate_with_pyjwt26(signing_pairs, name):
    """Each side verifies the other's signatures; changed messages or signatures don't verify."""
    alg = name.split("-")[0]
    private, public = signing_pairs[name]
    ours, theirs = algorithms.get_default_algorithms()[alg], pyjwt26.algorithms.get_default_algorithms()[alg]
    message = b"header.payload"
    our_signature = ours.sign(message, ours.prepare_key(private))
    their_signature = theirs.sign(message, theirs.prepare_key(private))
    assert theirs.verify(message, theirs.prepare_key(public), our_signature)
    assert ours.verify(message, ours.prepare_key(public), their_signature)
    assert not ours.verify(message + b"x", ours.prepare_key(public), our_signature)
    assert not ours.verify(message, ours.prepare_key(public), our_signature[:-1])
    if alg in ("RS256", "RS512", "EdDSA"):  # deterministic signatures
        assert our_signature == their_signature


def test_ecdsa_signature_is_r_and_s_at_the_curve_width(keys):
    """RFC 7518 §3.4: an ES512 signature is 132 bytes; a private key verifies too."""
    es512 = algorithms.get_default_algorithms()["ES512"]
    key = keys.ec["P-521"]
    signature = es512.sign(b"msg", key)
    assert len(signature) == 132
    assert es512.verify(b"msg", key, signature)
    assert not es512.verify(b"msg", key, signature + b"\x00")
    other = algorithms.get_default_algorithms()["ES256"]
    assert not other.verify(b"msg", keys.ec["P-256"], other.sign(b"msg", keys.ec["P-256"])[:-2] + b"\x00\x00")


def test_rsa_pss_salt_is_as_long_as_the_hash(keys):
    """RFC 7518 §3.5: PS384's salt is the SHA-384 output size, checked with cryptography itself."""
    signature = algorithms.get_default_algorithms()["PS384"].sign(b"msg", keys.rsa)
    keys.rsa.public_key().verify(
        signature,
        b"msg",
        padding.PSS(mgf=padding.MGF1(hashes.SHA384()), salt_length=48),
        hashes.SHA384(),
    )


def test_eddsa_takes_str_messages_and_signatures(keys):
    """EdDSA encodes a str message or signature as UTF-8; a private key verifies, as PyJWT 2.6."""
    eddsa = algorithms.OKPAlgorithm()
    signature = eddsa.sign("message", keys.ed25519)
    assert signature == eddsa.sign(b"message", keys.ed25519)
    assert eddsa.verify("message", keys.ed25519, signature)
    assert eddsa.verify(b"message", keys.ed25519.public_key(), signature)
    assert not eddsa.verify("message", keys.ed25519, "not a signature")
    assert not eddsa.verify(b"message", keys.ed448.public_key(), signature)
    assert algorithms.OKPAlgorithm(any_option=True).sign(b"m", keys.ed448) == eddsa.sign(b"m", keys.ed448)
