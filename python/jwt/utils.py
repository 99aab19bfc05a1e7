"""Encoding helpers shared by the JWS, JWK and algorithm modules.

* base64url without padding (RFC 7515 §2) and the unsigned big-endian
  integers of JWK members such as ``n``, ``e`` and ``x`` (RFC 7518 §6);
* conversion of ECDSA signatures between the DER form ``cryptography``
  produces and the fixed-width ``R || S`` form JWS uses (RFC 7518 §3.4);
* detection of PEM and OpenSSH keys, so that an asymmetric key is never
  mistaken for an HMAC secret.

The ECDSA converters need ``cryptography``; the other helpers do not.
"""

from __future__ import annotations

import base64
import re
from typing import TYPE_CHECKING

try:
    from cryptography.hazmat.primitives.asymmetric.utils import (
        decode_dss_signature,
        encode_dss_signature,
    )
except ModuleNotFoundError:  # optional: only the ECDSA converters use these
    pass

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurve


def force_bytes(value: str | bytes) -> bytes:
    """Return ``value`` as bytes, encoding a ``str`` as UTF-8.

    Raises ``TypeError`` for anything that is neither ``str`` nor ``bytes``.
    """
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, bytes):
        return value
    raise TypeError("Expected a string value")


def base64url_decode(input: str | bytes) -> bytes:
    """Decode unpadded base64url text (the ``=`` padding is restored first).

    Raises ``binascii.Error`` when the input is not valid base64.
    """
    data = force_bytes(input)
    return base64.urlsafe_b64decode(data + b"=" * (-len(data) % 4))


def base64url_encode(input: bytes) -> bytes:
    """Encode bytes as base64url without ``=`` padding."""
    return base64.urlsafe_b64encode(input).rstrip(b"=")


def to_base64url_uint(val: int, *, bit_length: int | None = None) -> bytes:
    """Encode a non-negative integer as a JWK ``Base64urlUInt``.

    The integer takes as few bytes as it needs (at least one), or exactly the
    bytes of ``bit_length`` bits when that is given: EC coordinates and
    private values must have the curve's full width (RFC 7518 §6.2.1.2).
    """
    if val < 0:
        raise ValueError("Must be a positive integer")
    return base64url_encode(bytes_from_int(val, bit_length=bit_length) or b"\x00")


def from_base64url_uint(val: str | bytes) -> int:
    """Decode a JWK ``Base64urlUInt`` into an integer."""
    return bytes_to_number(base64url_decode(val))


def number_to_bytes(num: int, num_bytes: int) -> bytes:
    """Return ``num`` as exactly ``num_bytes`` big-endian bytes."""
    return num.to_bytes(num_bytes, "big")


def bytes_to_number(string: bytes) -> int:
    """Read big-endian bytes as an unsigned integer."""
    return int.from_bytes(string, "big")


def bytes_from_int(val: int, *, bit_length: int | None = None) -> bytes:
    """Return ``val`` as big-endian bytes, in as few bytes as it needs or in
    as many as ``bit_length`` bits take."""
    if bit_length is None:
        bit_length = val.bit_length()
    return val.to_bytes((bit_length + 7) // 8, "big")


def _coordinate_size(curve: EllipticCurve) -> int:
    """Bytes taken by one coordinate (or one half of a JWS signature)."""
    return (curve.key_size + 7) // 8


def der_to_raw_signature(der_sig: bytes, curve: EllipticCurve) -> bytes:
    """Convert a DER ``ECDSA-Sig-Value`` into the JWS ``R || S`` form, each
    half padded to the curve's size."""
    size = _coordinate_size(curve)
    r, s = decode_dss_signature(der_sig)
    return number_to_bytes(r, size) + number_to_bytes(s, size)


def raw_to_der_signature(raw_sig: bytes, curve: EllipticCurve) -> bytes:
    """Convert a JWS ``R || S`` signature into DER for ``cryptography``.

    Raises ``ValueError("Invalid signature")`` unless the signature is exactly
    twice the curve's coordinate size.
    """
    size = _coordinate_size(curve)
    if len(raw_sig) != 2 * size:
        raise ValueError("Invalid signature")
    r = bytes_to_number(raw_sig[:size])
    s = bytes_to_number(raw_sig[size:])
    return bytes(encode_dss_signature(r, s))


# The PEM labels of keys, certificates and related objects, as recognised by
# the ``pem`` package (hynek/pem); "---- BEGIN ... ----" covers the SSH2 form.
_PEM_LABELS = (
    b"CERTIFICATE",
    b"CERTIFICATE REQUEST",
    b"DH PARAMETERS",
    b"DSA PRIVATE KEY",
    b"EC PRIVATE KEY",
    b"ENCRYPTED PRIVATE KEY",
    b"NEW CERTIFICATE REQUEST",
    b"OPENSSH PRIVATE KEY",
    b"PRIVATE KEY",
    b"PUBLIC KEY",
    b"RSA PRIVATE KEY",
    b"RSA PUBLIC KEY",
    b"SSH2 ENCRYPTED PRIVATE KEY",
    b"SSH2 PUBLIC KEY",
    b"TRUSTED CERTIFICATE",
    b"X509 CRL",
)

_PEM_RE = re.compile(
    rb"----[- ]BEGIN (" + b"|".join(_PEM_LABELS) + rb")[- ]----\r?\n"
    rb".+?\r?\n"
    rb"----[- ]END \1[- ]----\r?\n?",
    re.DOTALL,
)

# The OpenSSH public key types that ``cryptography`` can load.
_SSH_KEY_PREFIXES = (
    b"ssh-ed25519",
    b"ssh-rsa",
    b"ssh-dss",
    b"ecdsa-sha2-nistp256",
    b"ecdsa-sha2-nistp384",
    b"ecdsa-sha2-nistp521",
)


def is_pem_format(key: bytes) -> bool:
    """Tell whether ``key`` contains a PEM block of a key or certificate."""
    return _PEM_RE.search(key) is not None


def is_ssh_key(key: bytes) -> bool:
    """Tell whether ``key`` starts like an OpenSSH public key (or one of its
    certificates, whose type names extend these)."""
    return key.startswith(_SSH_KEY_PREFIXES)
