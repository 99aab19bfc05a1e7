"""Tessera for Python: libtessera's C++ core.

Two ways in: the ``jwt`` package installed beside this one is PyJWT's API (a drop-in for code
written for PyJWT), and this package is tessera's own, where a key is bound to its algorithm
and a verifier is made once and reused::

    import tessera

    key = tessera.SigningKey("HS256", secret)
    token = tessera.encode({"sub": "alice", "exp": now + 900}, key)

    verifier = tessera.Verifier(key=secret, algorithms=["HS256"], issuer="https://auth.example")
    try:
        claims = verifier.verify(token)
    except tessera.TokenError as error:
        print(error.code)  # "token_expired", "invalid_signature", ...
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from . import _core
from ._errors import ConfigurationError, TesseraError, TokenError

_core.set_error_types(TokenError, ConfigurationError)

__version__: str = _core.version
"""The version of the libtessera compiled into this package."""


def _names(value: str | Iterable[str] | None, what: str) -> list[str]:
    """A str or an iterable of str as a list (None: empty)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [str(value)]
    names = list(value)
    if not all(isinstance(name, str) for name in names):
        raise ConfigurationError("invalid_configuration", f"{what} must be str or a list of str")
    return [str(name) for name in names]  # exact str, subclasses (StrEnum) included


def _seconds(value: float | timedelta, what: str) -> int:
    """Whole seconds of a number or a timedelta."""
    seconds = value.total_seconds() if isinstance(value, timedelta) else value
    if seconds != int(seconds):
        raise ConfigurationError("invalid_configuration", f"{what} is a whole number of seconds")
    return int(seconds)


class Verifier:
    """Verifies tokens against one key, or a remote JWK Set, and one set of checks.

    Made once and shared: ``verify`` is thread-safe, and releases the GIL around RSA, ECDSA and
    EdDSA work. With ``jwks_url`` the set is fetched and refreshed in a background thread by
    libtessera's remote JWKS client (``Cache-Control`` honoured, stale-on-error, a refetch for an
    unknown ``kid`` at most every 30 s): ``verify`` never waits for the network.

    :param key: an HMAC secret, or a public key as PEM or an OpenSSH line (str or bytes).
    :param jwks_url: the JWK Set's URL, https (http only with ``allow_insecure_http``).
    :param algorithms: the algorithms a token may use (required).
    :param issuer: accepted ``iss`` values; :param audience: accepted ``aud`` values.
    :param subject: the ``sub`` a token must have; :param leeway: seconds (or a timedelta) of
        tolerance on ``exp``, ``nbf`` and ``iat``; :param required: registered claims that must
        be present.
    :raises ConfigurationError: for a key or an option libtessera refuses (``code`` says which).
    """

    def __init__(
        self,
        *,
        key: str | bytes | None = None,
        jwks_url: str | None = None,
        algorithms: Iterable[str],
        issuer: str | Iterable[str] | None = None,
        audience: str | Iterable[str] | None = None,
        subject: str | None = None,
        leeway: float | timedelta = 0,
        required: Iterable[str] = (),
        allow_insecure_http: bool = False,
        jwks_lifespan: float | timedelta = 300,
        jwks_timeout: float = 5.0,
    ) -> None:
        if (key is None) == (jwks_url is None):
            raise ConfigurationError("invalid_configuration", "give exactly one of key and jwks_url")
        if subject is not None and not isinstance(subject, str):
            raise ConfigurationError("invalid_configuration", "subject must be a str")
        self._verifier = _core.make_verifier(
            key,
            jwks_url,
            _names(algorithms, "algorithms"),
            _names(issuer, "issuer"),
            _names(audience, "audience"),
            None if subject is None else str(subject),
            _seconds(leeway, "leeway"),
            _names(required, "required"),
            bool(allow_insecure_http),
            _seconds(jwks_lifespan, "jwks_lifespan"),
            int(jwks_timeout * 1000),
        )

    def verify(self, token: str | bytes) -> dict[str, Any]:
        """The claims of ``token`` once every check holds.

        :raises TokenError: with the library's ``code`` (``token_expired``, ``invalid_signature``,
            ``jwks_unavailable``, ...).
        """
        return self._verifier.verify(token)

    def wait_ready(self, timeout: float) -> bool:
        """For a remote JWK Set, waits up to ``timeout`` seconds for the first set; whether it is
        there. Tokens are refused (``jwks_unavailable``) until it is. True for a key."""
        return self._verifier.wait_ready(float(timeout))


class SigningKey:
    """A key bound to the one algorithm it signs with: an HMAC secret (at least as long as the
    hash) or a private key as PEM.

    :raises ConfigurationError: for a key libtessera refuses (a short secret, a PEM as an HMAC
        secret, a key of another family or curve...).
    """

    def __init__(self, algorithm: str, key: str | bytes) -> None:
        self._key = _core.make_signing_key(algorithm, key)

    @property
    def algorithm(self) -> str:
        """The algorithm this key signs with."""
        return self._key.algorithm


def encode(claims: dict[str, Any], key: SigningKey, kid: str | None = None) -> str:
    """Signs ``claims`` (a dict of JSON values) with ``key``: the compact token, byte for byte
    what PyJWT makes from the same claims (HS*, RS*).

    :raises ConfigurationError: for claims that are not JSON values.
    """
    return _core.encode(claims, key._key, kid)


def clear_key_cache() -> None:
    """Drops the prepared keys and verifiers the ``jwt`` fast paths keep (64 of each at most)."""
    _core.clear_caches()


def key_cache_sizes() -> dict[str, int]:
    """How many prepared verifiers and signing keys the ``jwt`` fast paths hold now."""
    return _core.cache_sizes()


__all__ = [
    "ConfigurationError",
    "SigningKey",
    "TesseraError",
    "TokenError",
    "Verifier",
    "__version__",
    "clear_key_cache",
    "encode",
    "key_cache_sizes",
]
