"""Type aliases and option dictionaries of the public API (PyJWT 2.12)."""

from typing import Any, Callable, TypedDict

#: A JSON Web Key (RFC 7517) as a parsed JSON object.
JWKDict = dict[str, Any]

#: A hashlib constructor such as ``hashlib.sha256``: called with optional
#: data, it returns an object with ``digest()``, ``digest_size`` and ``name``.
HashlibHash = Callable[..., Any]


class SigOptions(TypedDict, total=False):
    """Options of :class:`jwt.api_jws.PyJWS`: the signature-level subset of
    :class:`Options`."""

    verify_signature: bool
    """Default ``True``. Verify the token's signature."""
    enforce_minimum_key_length: bool
    """Default ``False``. Raise :class:`jwt.exceptions.InvalidKeyError`
    instead of warning when a key is shorter than its algorithm's minimum."""


class Options(TypedDict, total=False):
    """Options of :func:`jwt.decode` and :func:`jwt.decode_complete`.

    A claim check whose claim is absent from the payload passes (``exp``,
    ``iat``, ``jti``, ``nbf`` and ``sub`` are only checked when present): list
    the claims that must be there in ``require``.
    """

    verify_signature: bool
    """Default ``True``. Verify the token's signature; when ``False`` the
    ``verify_*`` claim checks below default to ``False`` as well."""
    require: list[str]
    """Default ``[]``. Claims that must be present, e.g. ``["exp", "iat"]``
    (presence only: their values are checked by the ``verify_*`` options)."""
    strict_aud: bool
    """Default ``False``. With ``verify_aud``, require ``aud`` to be a single
    string equal to the expected audience."""
    verify_aud: bool
    """Default ``verify_signature``. Check ``aud`` against ``audience``."""
    verify_exp: bool
    """Default ``verify_signature``. Check that ``exp`` lies in the future."""
    verify_iat: bool
    """Default ``verify_signature``. Check that ``iat`` is a number."""
    verify_iss: bool
    """Default ``verify_signature``. Check ``iss`` against ``issuer``."""
    verify_jti: bool
    """Default ``verify_signature``. Check that ``jti`` is a string."""
    verify_nbf: bool
    """Default ``verify_signature``. Check that ``nbf`` lies in the past."""
    verify_sub: bool
    """Default ``verify_signature``. Check that ``sub`` is a string and, when
    ``subject`` is given, equal to it."""
    enforce_minimum_key_length: bool
    """Default ``False``. Raise :class:`jwt.exceptions.InvalidKeyError`
    instead of warning when a key is shorter than its algorithm's minimum."""


class FullOptions(TypedDict):
    """:class:`Options` with every key present: the shape of the options once
    the caller's have been merged over the defaults."""

    verify_signature: bool
    require: list[str]
    strict_aud: bool
    verify_aud: bool
    verify_exp: bool
    verify_iat: bool
    verify_iss: bool
    verify_jti: bool
    verify_nbf: bool
    verify_sub: bool
    enforce_minimum_key_length: bool
