"""JSON Web Signature (RFC 7515) in the compact serialization, with PyJWT 2.12.1's API.

This module defines the semantics of ``jwt.PyJWS`` and of the module-level functions bound to
its global instance; the C++ fast path answers the common calls the same way and hands every
other call, and every failure, to this code.

Deliberate differences from PyJWT, for security (each refusal raises the exception and message
PyJWT raises for the same segment when it refuses one):

* Each base64url segment must be canonical (RFC 7515 §2): no padding, no character outside
  the URL-safe alphabet, no non-zero unused bits in the last character. PyJWT decodes with
  ``base64.urlsafe_b64decode``, which skips foreign characters and ignores the unused bits, so
  one token has many spellings. A bad header segment raises ``DecodeError("Invalid header
  padding")``, a bad payload segment ``DecodeError("Invalid payload padding")`` and a bad
  signature segment ``DecodeError("Invalid crypto padding")``.
* The header JSON (and, in ``jwt.api_jwt``, the payload JSON) is parsed strictly: invalid
  UTF-8 (hence also UTF-16, UTF-32 and a byte order mark, which ``json.loads`` accepts),
  duplicate member names (``json.loads`` keeps the last), ``NaN``, ``Infinity`` and
  ``-Infinity``, numbers too large for a double such as ``1e400``, unpaired surrogate escapes
  and nesting deeper than 64 are refused, with ``DecodeError("Invalid header string: <reason>")``
  (``"Invalid payload string: <reason>"`` for the payload). Integers of any size are kept
  exactly, as ``json.loads`` keeps them.
* An ``enforce_minimum_key_length`` given in a call's ``options`` is honoured, not only one
  given to the instance.

The rules live in ``jwt._strict``.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final, cast

from tessera import _core

from ._strict import decode_segment, loads_object_or_value
from .algorithms import (
    Algorithm,
    get_default_algorithms,
    has_crypto,
    requires_cryptography,
)
from .api_jwk import PyJWK
from .exceptions import (
    DecodeError,
    InvalidAlgorithmError,
    InvalidKeyError,
    InvalidSignatureError,
    InvalidTokenError,
)
from .utils import base64url_encode
from .warnings import InsecureKeyLengthWarning, RemovedInPyjwt3Warning

if TYPE_CHECKING:
    from typing import TypeAlias

    from .algorithms import AllowedPrivateKeys, AllowedPublicKeys
    from .types import SigOptions

    PrivateKey: TypeAlias = AllowedPrivateKeys | PyJWK | str | bytes
    PublicKey: TypeAlias = AllowedPublicKeys | PyJWK | str | bytes


class _AlgorithmUnset:
    """The type of ``_ALGORITHM_UNSET``, the default of ``encode``'s ``algorithm``.

    It tells "no algorithm given" (HS256, or the algorithm of a ``PyJWK`` key) from an explicit
    ``None`` (the ``none`` algorithm, or again the ``PyJWK``'s).
    """

    def __repr__(self) -> str:
        return "_ALGORITHM_UNSET"


_ALGORITHM_UNSET: Final = _AlgorithmUnset()

_DETACHED_PAYLOAD_REQUIRED = (
    'It is required that you pass in a value for the "detached_payload" argument to decode '
    "a message having the b64 header set to false."
)
_ALGORITHMS_REQUIRED = (
    'It is required that you pass in a value for the "algorithms" argument when calling '
    "decode()."
)


def _warn_unsupported_kwargs(kwargs: dict[str, Any], function: str) -> None:
    """Warn, as PyJWT does, that ``function`` ignores the unknown keyword arguments ``kwargs``.

    ``stacklevel`` 3 points the warning at the code that called ``function``.
    """
    if kwargs:
        warnings.warn(
            f"passing additional kwargs to {function}() is deprecated "
            "and will be removed in pyjwt version 3. "
            f"Unsupported kwargs: {tuple(kwargs.keys())}",
            RemovedInPyjwt3Warning,
            stacklevel=3,
        )


def _check_key_length(
    alg_obj: Algorithm, prepared_key: Any, enforce: bool, stacklevel: int
) -> None:
    """Apply the minimum key length of ``alg_obj`` (PyJWT 2.11) to ``prepared_key``.

    A short key raises ``InvalidKeyError`` when ``enforce`` is true and otherwise only warns
    with ``InsecureKeyLengthWarning``; ``stacklevel`` is counted from the caller.
    """
    message = alg_obj.check_key_length(prepared_key)
    if not message:
        return
    if enforce:
        raise InvalidKeyError(message)
    warnings.warn(message, InsecureKeyLengthWarning, stacklevel=stacklevel + 1)


def _decode_segment(segment: bytes, error_message: str) -> bytes:
    """Decode a base64url segment strictly, raising ``DecodeError(error_message)`` if invalid."""
    try:
        return decode_segment(segment)
    except ValueError as error:
        raise DecodeError(error_message) from error


def _parse_header(header_data: bytes) -> dict[str, Any]:
    """Parse the header JSON strictly; it must be an object."""
    try:
        header = loads_object_or_value(header_data)
    except ValueError as error:
        raise DecodeError(f"Invalid header string: {error}") from error
    if not isinstance(header, dict):
        raise DecodeError("Invalid header string: must be a json object")
    return header


class PyJWS:
    """Signs and verifies JWS messages; ``jwt.PyJWT`` builds JWTs on it."""

    header_typ = "JWT"

    #: The "crit" header extensions understood (RFC 7515 §4.1.11): only "b64" (RFC 7797).
    _supported_crit: frozenset[str] = frozenset({"b64"})

    def __init__(
        self,
        algorithms: Sequence[str] | None = None,
        options: SigOptions | None = None,
    ) -> None:
        """Create an instance that knows ``algorithms`` (default: all available).

        :param algorithms: the names of the algorithms to keep from the default set.
        :param options: ``verify_signature`` and ``enforce_minimum_key_length`` defaults.
        """
        self._algorithms = get_default_algorithms()
        self._valid_algs = (
            set(algorithms) if algorithms is not None else set(self._algorithms)
        )
        for name in list(self._algorithms):
            if name not in self._valid_algs:
                del self._algorithms[name]

        self.options: SigOptions = self._get_default_options()
        if options is not None:
            self.options = cast("SigOptions", {**self.options, **options})

    @staticmethod
    def _get_default_options() -> SigOptions:
        """The options an instance starts from."""
        return {"verify_signature": True, "enforce_minimum_key_length": False}

    def register_algorithm(self, alg_id: str, alg_obj: Algorithm) -> None:
        """Register an Algorithm for use when creating and verifying tokens.

        :raises ValueError: if ``alg_id`` already has a handler.
        :raises TypeError: if ``alg_obj`` is not an ``Algorithm``.
        """
        if alg_id in self._algorithms:
            raise ValueError("Algorithm already has a handler.")
        if not isinstance(alg_obj, Algorithm):
            raise TypeError("Object is not of type `Algorithm`")
        self._algorithms[alg_id] = alg_obj
        self._valid_algs.add(alg_id)
        self._registry_changed()

    def unregister_algorithm(self, alg_id: str) -> None:
        """Unregister an Algorithm for use when creating and verifying tokens.

        :raises KeyError: if ``alg_id`` is not registered.
        """
        if alg_id not in self._algorithms:
            raise KeyError(
                "The specified algorithm could not be removed"
                " because it is not registered."
            )
        del self._algorithms[alg_id]
        self._valid_algs.remove(alg_id)
        self._registry_changed()

    def _registry_changed(self) -> None:
        """Tells the fast paths of the module-level functions that the global registry is no
        longer the default one, so that every call goes through this implementation."""
        if self is _jws_global_obj:
            for listener in _global_registry_listeners:
                listener()

    def get_algorithms(self) -> list[str]:
        """Return the supported values for the ``alg`` header."""
        return list(self._valid_algs)

    def get_algorithm_by_name(self, alg_name: str) -> Algorithm:
        """Return the Algorithm object registered as ``alg_name``.

        :raises NotImplementedError: if there is none (naming cryptography when it is missing).
        """
        try:
            return self._algorithms[alg_name]
        except KeyError as error:
            if not has_crypto and alg_name in requires_cryptography:
                raise NotImplementedError(
                    f"Algorithm '{alg_name}' could not be found. "
                    "Do you have cryptography installed?"
                ) from error
            raise NotImplementedError("Algorithm not supported") from error

    def encode(
        self,
        payload: bytes,
        key: PrivateKey,
        algorithm: str | None = _ALGORITHM_UNSET,  # type: ignore[assignment]
        headers: dict[str, Any] | None = None,
        json_encoder: type[json.JSONEncoder] | None = None,
        is_payload_detached: bool = False,
        sort_headers: bool = True,
    ) -> str:
        """Sign ``payload`` and return the compact JWS.

        :param payload: the bytes to sign.
        :param key: a key for the algorithm, or a ``PyJWK`` (whose algorithm is the default).
        :param algorithm: the ``alg``; omitted: HS256, ``None``: ``none`` (for a ``PyJWK``,
            its algorithm in both cases). A truthy ``headers["alg"]`` takes precedence.
        :param headers: more header parameters; ``"typ": None`` removes ``typ``, and
            ``"b64": False`` detaches the payload (RFC 7797).
        :param json_encoder: the encoder class for the header.
        :param is_payload_detached: sign ``payload`` unencoded and leave it out of the token.
        :param sort_headers: sort the header's members.
        :raises NotImplementedError: for an unknown algorithm.
        :raises InvalidKeyError: for a short key when ``enforce_minimum_key_length`` is set.
        """
        algorithm_ = self._encoding_algorithm(key, algorithm, headers)
        if headers and headers.get("b64") is False:
            is_payload_detached = True

        header: dict[str, Any] = {"typ": self.header_typ, "alg": algorithm_}
        if headers:
            self._validate_headers(headers, encoding=True)
            header.update(headers)
        if not header["typ"]:
            del header["typ"]
        if is_payload_detached:
            header["b64"] = False
        elif "b64" in header:
            # True is the standard value of b64: leave it out.
            del header["b64"]

        json_header = json.dumps(
            header, separators=(",", ":"), cls=json_encoder, sort_keys=sort_headers
        ).encode()
        header_segment = base64url_encode(json_header)
        payload_segment = payload if is_payload_detached else base64url_encode(payload)
        signing_input = b".".join([header_segment, payload_segment])

        alg_obj = self.get_algorithm_by_name(algorithm_)
        prepared_key = alg_obj.prepare_key(key.key if isinstance(key, PyJWK) else key)
        _check_key_length(
            alg_obj,
            prepared_key,
            self.options.get("enforce_minimum_key_length", False),
            stacklevel=2,
        )
        signature_segment = base64url_encode(alg_obj.sign(signing_input, prepared_key))

        if is_payload_detached:
            payload_segment = b""
        return b".".join([header_segment, payload_segment, signature_segment]).decode()

    @staticmethod
    def _encoding_algorithm(
        key: PrivateKey,
        algorithm: str | None | _AlgorithmUnset,
        headers: dict[str, Any] | None,
    ) -> str:
        """The ``alg`` to sign with: ``headers["alg"]`` when truthy, else from the arguments."""
        if headers and headers.get("alg"):
            return cast(str, headers["alg"])
        if algorithm is not None and not isinstance(algorithm, _AlgorithmUnset):
            return algorithm
        if isinstance(key, PyJWK):
            return key.algorithm_name
        return "none" if algorithm is None else "HS256"

    def decode_complete(
        self,
        jwt: str | bytes,
        key: PublicKey = "",
        algorithms: Sequence[str] | None = None,
        options: SigOptions | None = None,
        detached_payload: bytes | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """Verify ``jwt`` and return its ``payload`` (bytes), ``header`` and ``signature``.

        :param key: the key to verify with, or a ``PyJWK`` (whose algorithm is then allowed
            when ``algorithms`` is omitted).
        :param algorithms: the allowed ``alg`` values; required when verifying.
        :param options: ``verify_signature`` and ``enforce_minimum_key_length``.
        :param detached_payload: the payload of a token whose header has ``"b64": false``.
        :raises DecodeError: for a malformed token or missing argument.
        :raises InvalidTokenError: for an invalid ``kid`` or ``crit`` header.
        :raises InvalidAlgorithmError: for an ``alg`` not allowed or not supported.
        :raises InvalidSignatureError: when the signature does not verify.
        """
        _warn_unsupported_kwargs(kwargs, "decode_complete")
        merged_options = (
            self.options if options is None else cast("SigOptions", {**self.options, **options})
        )
        verify_signature = merged_options["verify_signature"]
        if verify_signature and not algorithms and not isinstance(key, PyJWK):
            raise DecodeError(_ALGORITHMS_REQUIRED)

        payload, signing_input, header, signature = self._load(jwt)
        self._validate_headers(header)

        if header.get("b64", True) is False:
            if detached_payload is None:
                raise DecodeError(_DETACHED_PAYLOAD_REQUIRED)
            payload = detached_payload
            signing_input = b".".join([signing_input.rsplit(b".", 1)[0], payload])

        if verify_signature:
            self._verify_signature(
                signing_input, header, signature, key, algorithms, options=merged_options
            )

        return {"payload": payload, "header": header, "signature": signature}

    def decode(
        self,
        jwt: str | bytes,
        key: PublicKey = "",
        algorithms: Sequence[str] | None = None,
        options: SigOptions | None = None,
        detached_payload: bytes | None = None,
        **kwargs: Any,
    ) -> Any:
        """Verify ``jwt`` as ``decode_complete`` does and return its payload (bytes)."""
        _warn_unsupported_kwargs(kwargs, "decode")
        decoded = self.decode_complete(
            jwt, key, algorithms, options, detached_payload=detached_payload
        )
        return decoded["payload"]

    def get_unverified_header(self, jwt: str | bytes) -> dict[str, Any]:
        """Return the header of ``jwt`` without verifying the signature.

        The header is not to be trusted until the signature is verified.
        """
        headers = self._load(jwt)[2]
        self._validate_headers(headers)
        return headers

    def _load(self, jwt: str | bytes) -> tuple[bytes, bytes, dict[str, Any], bytes]:
        """Split and decode ``jwt``: its payload, signing input, header and signature."""
        if isinstance(jwt, str):
            jwt = jwt.encode("utf-8")
        if not isinstance(jwt, bytes):
            raise DecodeError(f"Invalid token type. Token must be a {bytes}")

        try:
            signing_input, crypto_segment = jwt.rsplit(b".", 1)
            header_segment, payload_segment = signing_input.split(b".", 1)
        except ValueError as error:
            raise DecodeError("Not enough segments") from error

        header = _parse_header(_decode_segment(header_segment, "Invalid header padding"))
        payload = _decode_segment(payload_segment, "Invalid payload padding")
        signature = _decode_segment(crypto_segment, "Invalid crypto padding")
        return payload, signing_input, header, signature

    def _verify_signature(
        self,
        signing_input: bytes,
        header: dict[str, Any],
        signature: bytes,
        key: PublicKey = "",
        algorithms: Sequence[str] | None = None,
        *,
        options: SigOptions | None = None,
    ) -> None:
        """Check that the ``alg`` of ``header`` is allowed and that ``signature`` verifies.

        :param options: the call's merged options (default: the instance's), for
            ``enforce_minimum_key_length``.
        """
        if algorithms is None and isinstance(key, PyJWK):
            algorithms = [key.algorithm_name]
        try:
            alg = header["alg"]
        except KeyError:
            raise InvalidAlgorithmError("Algorithm not specified") from None
        if not alg or (algorithms is not None and alg not in algorithms):
            raise InvalidAlgorithmError("The specified alg value is not allowed")

        if isinstance(key, PyJWK):
            alg_obj = key.Algorithm
            prepared_key = key.key
        else:
            try:
                alg_obj = self.get_algorithm_by_name(alg)
            except NotImplementedError as error:
                raise InvalidAlgorithmError("Algorithm not supported") from error
            prepared_key = alg_obj.prepare_key(key)

        effective_options = self.options if options is None else options
        _check_key_length(
            alg_obj,
            prepared_key,
            effective_options.get("enforce_minimum_key_length", False),
            stacklevel=4,
        )
        if not alg_obj.verify(signing_input, prepared_key, signature):
            raise InvalidSignatureError("Signature verification failed")

    def _validate_headers(self, headers: dict[str, Any], *, encoding: bool = False) -> None:
        """Check ``kid`` and, when decoding, ``crit``."""
        if "kid" in headers:
            self._validate_kid(headers["kid"])
        if not encoding and "crit" in headers:
            self._validate_crit(headers)

    def _validate_kid(self, kid: Any) -> None:
        """The ``kid`` header parameter must be a string."""
        if not isinstance(kid, str):
            raise InvalidTokenError("Key ID header parameter must be a string")

    def _validate_crit(self, headers: dict[str, Any]) -> None:
        """Check ``crit`` as RFC 7515 §4.1.11 requires (PyJWT 2.12).

        It must be a non-empty list of strings, each naming an extension this class
        understands (``_supported_crit``) and present in the header.
        """
        crit = headers["crit"]
        if not isinstance(crit, list) or not crit:
            raise InvalidTokenError("Invalid 'crit' header: must be a non-empty list")
        for extension in crit:
            if not isinstance(extension, str):
                raise InvalidTokenError("Invalid 'crit' header: values must be strings")
            if extension not in self._supported_crit:
                raise InvalidTokenError(f"Unsupported critical extension: {extension}")
            if extension not in headers:
                raise InvalidTokenError(
                    f"Critical extension '{extension}' is missing from headers"
                )


_jws_global_obj = PyJWS()
#: Called when an algorithm is registered in or removed from the global registry (jwt.api_jwt
#: disables the fast paths of jwt.encode and jwt.decode then).
_global_registry_listeners: list[Callable[[], None]] = []
encode = _jws_global_obj.encode
decode_complete = _jws_global_obj.decode_complete
decode = _jws_global_obj.decode
register_algorithm = _jws_global_obj.register_algorithm
unregister_algorithm = _jws_global_obj.unregister_algorithm
get_algorithm_by_name = _jws_global_obj.get_algorithm_by_name
# The header only: its fast path does not depend on the registry.
get_unverified_header = _core.fast_function(
    "get_unverified_header", _jws_global_obj.get_unverified_header
)
