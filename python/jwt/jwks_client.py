"""A client for a remote JWKS endpoint: :class:`PyJWKClient`.

Behaves as PyJWT 2.12.1's ``jwt.jwks_client``, including its two caches: the
fetched JWK Set, kept for ``lifespan`` seconds, and (with ``cache_keys``) an
LRU cache of the results of :meth:`PyJWKClient.get_signing_key`.
"""

from __future__ import annotations

import json
import urllib.request
from functools import lru_cache
from ssl import SSLContext
from typing import Any
from urllib.error import HTTPError, URLError

from .api_jwk import PyJWK, PyJWKSet
from .api_jwt import decode_complete as decode_token
from .exceptions import PyJWKClientConnectionError, PyJWKClientError
from .jwk_set_cache import JWKSetCache


class PyJWKClient:
    """Fetches a JWK Set from a URL and finds the key that verifies a token."""

    def __init__(
        self,
        uri: str,
        cache_keys: bool = False,
        max_cached_keys: int = 16,
        cache_jwk_set: bool = True,
        lifespan: float = 300,
        headers: dict[str, Any] | None = None,
        timeout: float = 30,
        ssl_context: SSLContext | None = None,
    ) -> None:
        """Configure the client; nothing is fetched until a key is asked for.

        :param uri: the JWKS URL.
        :param cache_keys: keep the keys returned by :meth:`get_signing_key`
            in an LRU cache, so that a known ``kid`` needs no fetch at all.
        :param max_cached_keys: the size of that LRU cache.
        :param cache_jwk_set: keep the fetched JWK Set for ``lifespan`` seconds.
        :param lifespan: seconds the JWK Set stays cached; must be above 0.
        :param headers: HTTP headers sent with the request.
        :param timeout: seconds before the request is abandoned.
        :param ssl_context: the TLS context for an https URL.
        :raises PyJWKClientError: ``cache_jwk_set`` with a lifespan of 0 or less.
        """
        self.uri = uri
        self.headers: dict[str, Any] = {} if headers is None else headers
        self.timeout = timeout
        self.ssl_context = ssl_context
        self.jwk_set_cache: JWKSetCache | None = None

        if cache_jwk_set:
            if lifespan <= 0:
                raise PyJWKClientError(
                    f'Lifespan must be greater than 0, the input is "{lifespan}"'
                )
            self.jwk_set_cache = JWKSetCache(lifespan)

        if cache_keys:
            # A per-instance cache: the bound method is wrapped and shadows the class's.
            cached = lru_cache(maxsize=max_cached_keys)(self.get_signing_key)
            self.get_signing_key = cached  # type: ignore[method-assign]

    def fetch_data(self) -> Any:
        """Download the JWKS document and return it decoded from JSON.

        The JWK Set cache is refreshed with the result; a failed fetch empties it.

        :raises PyJWKClientConnectionError: the request failed or timed out.
        """
        jwk_set: Any = None
        try:
            request = urllib.request.Request(url=self.uri, headers=self.headers)
            # Looked up on urllib.request at each call, so that patching
            # urllib.request.urlopen (as tests do) takes effect.
            with urllib.request.urlopen(
                request, timeout=self.timeout, context=self.ssl_context
            ) as response:
                jwk_set = json.load(response)
        except (URLError, TimeoutError) as e:
            if isinstance(e, HTTPError):
                e.close()  # an HTTPError holds the open response (PyJWT 2.12, #1133)
            raise PyJWKClientConnectionError(
                f'Fail to fetch data from the url, err: "{e}"'
            ) from e
        finally:
            if self.jwk_set_cache is not None:
                self.jwk_set_cache.put(jwk_set)
        return jwk_set

    def get_jwk_set(self, refresh: bool = False) -> PyJWKSet:
        """Return the JWK Set, from the cache unless it is empty, expired or *refresh*.

        :raises PyJWKClientError: the document is not a JSON object.
        :raises PyJWKSetError: it holds no usable key.
        """
        data = None
        if self.jwk_set_cache is not None and not refresh:
            data = self.jwk_set_cache.get()
        if data is None:
            data = self.fetch_data()

        if not isinstance(data, dict):
            raise PyJWKClientError("The JWKS endpoint did not return a JSON object")
        return PyJWKSet.from_dict(data)

    def get_signing_keys(self, refresh: bool = False) -> list[PyJWK]:
        """Return the keys usable to verify signatures: those with a ``kid``
        whose ``use`` is ``"sig"`` or absent (RFC 7517 §4.2).

        :raises PyJWKClientError: there is none.
        """
        jwk_set = self.get_jwk_set(refresh)
        signing_keys = [
            key
            for key in jwk_set.keys
            if key.public_key_use in ("sig", None) and key.key_id
        ]
        if not signing_keys:
            raise PyJWKClientError("The JWKS endpoint did not contain any signing keys")
        return signing_keys

    def get_signing_key(self, kid: str | None) -> PyJWK:
        """Return the signing key whose ``kid`` is *kid*.

        On a miss the JWK Set is fetched again once, since the issuer may
        have rotated its keys since it was cached.

        :raises PyJWKClientError: no signing key has that ``kid``.
        """
        signing_key = self.match_kid(self.get_signing_keys(), kid)
        if signing_key is None:
            signing_key = self.match_kid(self.get_signing_keys(refresh=True), kid)
        if signing_key is None:
            raise PyJWKClientError(f'Unable to find a signing key that matches: "{kid}"')
        return signing_key

    def get_signing_key_from_jwt(self, token: str | bytes) -> PyJWK:
        """Return the signing key named by the ``kid`` header of *token*.

        The token is decoded without verifying it, as PyJWT does, only to read its header.
        """
        unverified = decode_token(token, options={"verify_signature": False})
        return self.get_signing_key(unverified["header"].get("kid"))

    @staticmethod
    def match_kid(signing_keys: list[PyJWK], kid: str | None) -> PyJWK | None:
        """Return the first of *signing_keys* whose ``kid`` is *kid*, or None."""
        for key in signing_keys:
            if key.key_id == kid:
                return key
        return None
