"""The JWK Set cache of :class:`jwt.PyJWKClient`: one value that expires after a lifespan.

Behaves as PyJWT 2.12.1's ``jwt.jwk_set_cache``.
"""

from __future__ import annotations

import time
from typing import Any

from .api_jwk import PyJWTSetWithTimestamp


class JWKSetCache:
    """Holds the last JWK Set fetched, for ``lifespan`` seconds.

    The value is whatever the client stores: :class:`jwt.PyJWKClient` stores
    the JWKS document as decoded from JSON and builds a :class:`jwt.PyJWKSet`
    from it on each read, as PyJWT does. Age is measured on
    ``time.monotonic()``, so changes of the wall clock do not expire it.
    """

    def __init__(self, lifespan: float) -> None:
        """Start empty.

        :param lifespan: seconds a stored value stays fresh; -1 or less never
            expires (PyJWKClient itself only accepts a lifespan above 0).
        """
        self.jwk_set_with_timestamp: PyJWTSetWithTimestamp | None = None
        self.lifespan = lifespan

    def put(self, jwk_set: Any) -> None:
        """Store *jwk_set*, stamped now; None empties the cache."""
        if jwk_set is None:
            self.jwk_set_with_timestamp = None
        else:
            self.jwk_set_with_timestamp = PyJWTSetWithTimestamp(jwk_set)

    def get(self) -> Any:
        """Return the stored value, or None when the cache is empty or expired."""
        if self.jwk_set_with_timestamp is None or self.is_expired():
            return None
        return self.jwk_set_with_timestamp.get_jwk_set()

    def is_expired(self) -> bool:
        """True when a value is stored and is older than the lifespan."""
        stored = self.jwk_set_with_timestamp
        return (
            stored is not None
            and self.lifespan > -1
            and time.monotonic() > stored.get_timestamp() + self.lifespan
        )
