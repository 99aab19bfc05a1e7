"""What the C++ fast paths ask of Python about keys: ``cryptography`` key objects as PEM (a key
object passed to ``jwt.encode`` or ``jwt.decode`` is serialised once; the fast paths keep the
result, holding the object, in a bounded cache keyed by its identity) and PyJWT's refusal of a
PEM or SSH key as an HMAC secret."""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

from tessera import _core

from .utils import is_pem_format, is_ssh_key

_PUBLIC = (rsa.RSAPublicKey, ec.EllipticCurvePublicKey, ed25519.Ed25519PublicKey, ed448.Ed448PublicKey)
_PRIVATE = (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey, ed25519.Ed25519PrivateKey, ed448.Ed448PrivateKey)


def key_object_pem(key: object, private: bool) -> bytes | None:
    """The PEM of a ``cryptography`` public key (SubjectPublicKeyInfo), or with ``private`` of a
    private key (PKCS #8); None for anything else (the Python implementation then takes the call:
    PyJWT verifies with public keys only)."""
    if isinstance(key, _PUBLIC) and not private:
        return key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    if isinstance(key, _PRIVATE) and private:
        return key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    return None


def refused_as_hmac_secret(key: bytes) -> bool:
    """PyJWT's own refusal of a key as an HMAC secret (a PEM or SSH key: the algorithm
    confusion of CVE-2022-29217), asked by the fast paths before they prepare a secret."""
    return is_pem_format(key) or is_ssh_key(key)


def install_fast_path_hooks() -> None:
    """Hands both functions to the fast paths (jwt.api_jwt does, when it makes them)."""
    _core.set_key_serializer(key_object_pem)
    _core.set_hmac_secret_check(refused_as_hmac_secret)
