"""Tessera for Python: libtessera's C++ core under PyJWT's API.

The ``jwt`` package installed beside this one is the drop-in for PyJWT; this package holds the
compiled core (``tessera._core``) it runs on.
"""

from . import _core

__version__: str = _core.version
"""The version of the libtessera compiled into this package."""


def clear_key_cache() -> None:
    """Drops the prepared keys and verifiers the fast paths keep (each cache holds at most 64)."""
    _core.clear_caches()


def key_cache_sizes() -> dict[str, int]:
    """How many prepared verifiers and signing keys the fast paths hold now."""
    return _core.cache_sizes()


__all__ = ["__version__", "clear_key_cache", "key_cache_sizes"]
