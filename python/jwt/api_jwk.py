"""JSON Web Keys (RFC 7517): one key as :class:`PyJWK`, a key set as :class:`PyJWKSet`.

Behaves as PyJWT 2.12.1's ``jwt.api_jwk``: the same constructors, attributes,
exceptions and messages, so code written against PyJWT runs unchanged.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

from .algorithms import get_default_algorithms, has_crypto, requires_cryptography
from .exceptions import (
    InvalidKeyError,
    MissingCryptographyError,
    PyJWKError,
    PyJWKSetError,
    PyJWTError,
)
from .types import JWKDict

# The algorithm a key is read with when it names none ("alg" is optional, RFC 7517 §4.4).
_ALGORITHM_BY_KTY = {"RSA": "RS256", "oct": "HS256"}
_ALGORITHM_BY_EC_CURVE = {
    "P-256": "ES256",
    "P-384": "ES384",
    "P-521": "ES512",
    "secp256k1": "ES256K",
}
# PyJWT 2.12.1 infers EdDSA for Ed25519 only: an Ed448 key needs "alg" or an explicit algorithm.
_ALGORITHM_BY_OKP_CURVE = {"Ed25519": "EdDSA"}


def _infer_algorithm(jwk_data: JWKDict, kty: Any) -> str:
    """Return the algorithm implied by a key's type and curve.

    Raises InvalidKeyError, worded as PyJWT, for a type or curve it cannot map.
    """
    crv = jwk_data.get("crv", None)
    if kty == "EC":
        if not crv:
            return "ES256"  # PyJWT reads an EC key without a curve as P-256
        return _lookup(_ALGORITHM_BY_EC_CURVE, crv, f"Unsupported crv: {crv}")
    if kty == "OKP":
        if not crv:
            raise InvalidKeyError(f"crv is not found: {jwk_data}")
        return _lookup(_ALGORITHM_BY_OKP_CURVE, crv, f"Unsupported crv: {crv}")
    return _lookup(_ALGORITHM_BY_KTY, kty, f"Unsupported kty: {kty}")


def _lookup(algorithm_by_name: dict[str, str], name: Any, message: str) -> str:
    """Return ``algorithm_by_name[name]``, or raise InvalidKeyError(message)."""
    try:
        return algorithm_by_name[name]
    except (KeyError, TypeError):  # TypeError: an unhashable member, such as a list
        raise InvalidKeyError(message) from None


class PyJWK:
    """A `JSON Web Key <https://www.rfc-editor.org/rfc/rfc7517>`_ with its loaded key.

    Attributes:
        key: the key object made by the algorithm's ``from_jwk`` (a
            ``cryptography`` key, or ``bytes`` for an ``oct`` key).
        Algorithm: the algorithm object the key is used with.
        algorithm_name: that algorithm's name, e.g. ``"RS256"``.
    """

    def __init__(self, jwk_data: JWKDict, algorithm: str | None = None) -> None:
        """Load a key from its decoded JWK members.

        :param jwk_data: the JWK as a dict.
        :param algorithm: the algorithm to read it with; defaults to the key's
            ``alg``, else one inferred from ``kty`` and ``crv``.
        :raises InvalidKeyError: ``kty`` is missing or unsupported, or ``crv``
            is missing (OKP) or unsupported, or the algorithm rejects the key.
        :raises MissingCryptographyError: the algorithm needs ``cryptography``,
            which is not installed.
        :raises PyJWKError: the algorithm is unknown.
        """
        self._jwk_data = jwk_data

        kty = jwk_data.get("kty", None)
        if not kty:
            raise InvalidKeyError(f"kty is not found: {jwk_data}")

        # As PyJWT, "alg" is read from a real dict only; other mappings get an inferred one.
        if not algorithm and isinstance(jwk_data, dict):
            algorithm = jwk_data.get("alg", None)
        if not algorithm:
            algorithm = _infer_algorithm(jwk_data, kty)

        if not has_crypto and algorithm in requires_cryptography:
            raise MissingCryptographyError(
                f"{algorithm} requires 'cryptography' to be installed."
            )

        self.algorithm_name: str = algorithm
        # Only this key's algorithm is kept, not the whole table (PyJWT 2.12, #1143).
        try:
            self.Algorithm = get_default_algorithms()[algorithm]
        except KeyError:
            raise PyJWKError(f"Unable to find an algorithm for key: {jwk_data}") from None

        self.key = self.Algorithm.from_jwk(jwk_data)

    @staticmethod
    def from_dict(obj: JWKDict, algorithm: str | None = None) -> PyJWK:
        """Create a :class:`PyJWK` from a JWK already decoded to a dict."""
        return PyJWK(obj, algorithm)

    @staticmethod
    def from_json(data: str, algorithm: str | None = None) -> PyJWK:
        """Create a :class:`PyJWK` from a JWK in JSON text."""
        return PyJWK.from_dict(json.loads(data), algorithm)

    @property
    def key_type(self) -> str | None:
        """The key's ``kty`` member."""
        return self._jwk_data.get("kty", None)

    @property
    def key_id(self) -> str | None:
        """The key's ``kid`` member, or None."""
        return self._jwk_data.get("kid", None)

    @property
    def public_key_use(self) -> str | None:
        """The key's ``use`` member (``"sig"``, ``"enc"``), or None."""
        return self._jwk_data.get("use", None)


class PyJWKSet:
    """A JWK Set: the usable keys of a ``{"keys": [...]}`` document, in order."""

    def __init__(self, keys: list[JWKDict]) -> None:
        """Load every key of the set that can be loaded, skipping the others.

        A set often mixes keys this library cannot use (encryption keys,
        unknown types or curves); skipping them keeps the rest usable.

        :raises PyJWKSetError: ``keys`` is empty, not a list, or holds no usable key.
        :raises MissingCryptographyError: a key needs ``cryptography``, which is
            not installed (not skipped, so that the cause is not hidden).
        """
        self.keys: list[PyJWK] = []

        if not keys:
            raise PyJWKSetError("The JWK Set did not contain any keys")
        if not isinstance(keys, list):
            raise PyJWKSetError("Invalid JWK Set value")

        for key in keys:
            try:
                self.keys.append(PyJWK(key))
            except MissingCryptographyError:
                raise
            except PyJWTError:
                continue

        if not self.keys:
            raise PyJWKSetError(
                "The JWK Set did not contain any usable keys. "
                "Perhaps 'cryptography' is not installed?"
            )

    @staticmethod
    def from_dict(obj: dict[str, Any]) -> PyJWKSet:
        """Create a :class:`PyJWKSet` from a decoded JWK Set document."""
        return PyJWKSet(obj.get("keys", []))

    @staticmethod
    def from_json(data: str) -> PyJWKSet:
        """Create a :class:`PyJWKSet` from a JWK Set document in JSON text."""
        return PyJWKSet.from_dict(json.loads(data))

    def __getitem__(self, kid: str) -> PyJWK:
        """Return the first key whose ``kid`` is *kid*; KeyError if none."""
        for key in self.keys:
            if key.key_id == kid:
                return key
        raise KeyError(f"keyset has no key for kid: {kid}")

    def __iter__(self) -> Iterator[PyJWK]:
        """Iterate over the loaded keys (PyJWT 2.11)."""
        return iter(self.keys)


class PyJWTSetWithTimestamp:
    """A cached JWK Set value with the ``time.monotonic()`` at which it was stored."""

    def __init__(self, jwk_set: Any) -> None:
        self.jwk_set = jwk_set
        self.timestamp = time.monotonic()

    def get_jwk_set(self) -> Any:
        """The stored value."""
        return self.jwk_set

    def get_timestamp(self) -> float:
        """When it was stored, on the ``time.monotonic()`` clock."""
        return self.timestamp
