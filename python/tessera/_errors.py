"""The errors of the tessera package, each with libtessera's code (``tessera error-codes`` and
docs/API.md list them)."""

from __future__ import annotations


class TesseraError(Exception):
    """A failure reported by libtessera: ``code`` is the library's name for it."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code

    def __str__(self) -> str:
        return f"{self.code}: {self.args[0]}"


class TokenError(TesseraError):
    """A token was refused (``code`` e.g. ``token_expired``, ``invalid_signature``)."""


class ConfigurationError(TesseraError, ValueError):
    """A verifier, key or claims set that cannot be made as asked."""
