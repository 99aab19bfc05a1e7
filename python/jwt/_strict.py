"""Strict readers for the segments of a compact JWS: canonical base64url and strict JSON.

PyJWT reads a segment with ``base64.urlsafe_b64decode``, which drops characters outside the
alphabet and ignores padding and non-zero unused bits, and parses JSON with ``json.loads``,
which keeps the last of duplicate member names (``{"alg":"HS256","alg":"none"}`` reads as
``none``), accepts ``NaN`` and ``Infinity``, turns ``1e400`` into infinity, and guesses
UTF-16 or UTF-32 from the bytes. Each of these lets two parties read one token differently.
The functions here refuse all of them with libtessera's own rules (``tessera._core``), so that
the Python implementation and the C++ fast paths judge a token alike.
"""

from __future__ import annotations

import json

from tessera import _core

#: The deepest nesting of JSON arrays and objects accepted, as in libtessera.
MAX_DEPTH = 64


def decode_segment(data: bytes) -> bytes:
    """Decode one base64url segment of a compact JWS, accepting only its canonical form.

    RFC 7515 §2 encodes segments without padding; a canonical encoder also leaves the unused
    bits of the last character zero, so each byte string has exactly one encoding.

    :raises ValueError: for padding, a character outside the URL-safe alphabet, an impossible
        length or non-zero unused bits.
    """
    return _core.b64decode(data)


def loads_object_or_value(data: bytes) -> object:
    """Parse ``data`` as one UTF-8 JSON text, refusing what would make its meaning ambiguous.

    Refused: invalid UTF-8 (including UTF-16 and UTF-32 texts and a byte order mark), duplicate
    member names, ``NaN``, ``Infinity``, ``-Infinity``, numbers too large for a double (such as
    ``1e400``), unpaired surrogate escapes and nesting deeper than :data:`MAX_DEPTH`. Integers of
    any size are kept exactly, as ``json.loads`` keeps them.

    :returns: the value, of any JSON type; the caller checks that it is an object.
    :raises ValueError: with a short reason.
    """
    try:
        return _core.loads(data)
    except ValueError as refused:
        # Malformed JSON gets json's own message, as PyJWT reports it; what json.loads would
        # accept (duplicates, NaN, 1e400, lone surrogates, deep nesting) gets libtessera's.
        try:
            json.loads(data)
        except ValueError as malformed:
            raise malformed from None
        raise refused from None
