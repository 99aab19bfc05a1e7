"""``cryptography`` key objects as PEM, for the C++ fast paths: a key object passed to
``jwt.encode`` or ``jwt.decode`` is serialised once (the fast paths keep the result, holding the
object, in a bounded cache keyed by its identity) and its prepared tessera key is reused."""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

from tessera import _core

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


_core.set_key_serializer(key_object_pem)
