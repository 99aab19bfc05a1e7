"""JSON Web Tokens (RFC 7519) with PyJWT 2.12.1's API: registered claims on top of ``PyJWS``.

This module defines the semantics of ``jwt.PyJWT`` and of ``jwt.encode``, ``jwt.decode`` and
``jwt.decode_complete``; the C++ fast path answers the common calls the same way and hands every
other call, and every failure, to this code. Claims are validated by overridable methods with
PyJWT's names and signatures, and the payload is read by ``_decode_payload``, which subclasses
override for their own payload encoding.

The payload JSON is parsed strictly, as the header is (see ``jwt.api_jws``): a refusal raises
``DecodeError("Invalid payload string: <reason>")``.
"""

from __future__ import annotations

import json
import warnings
from calendar import timegm
from collections.abc import Container, Iterable, Sequence
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, cast

from tessera import _core

from ._key_objects import install_fast_path_hooks
from ._strict import loads_object_or_value
from .api_jws import (
    _ALGORITHM_UNSET,
    PyJWS,
    _global_registry_listeners,
    _jws_global_obj,
    _warn_unsupported_kwargs,
)
from .exceptions import (
    DecodeError,
    ExpiredSignatureError,
    ImmatureSignatureError,
    InvalidAudienceError,
    InvalidIssuedAtError,
    InvalidIssuerError,
    InvalidJTIError,
    InvalidSubjectError,
    MissingRequiredClaimError,
    PyJWTError,
)

if TYPE_CHECKING:
    from .api_jws import PrivateKey, PublicKey
    from .types import FullOptions, Options, SigOptions

#: The claims ``encode`` converts from ``datetime`` to a NumericDate.
_TIME_CLAIMS = ("exp", "iat", "nbf")

#: What the claim checks default to when a call turns ``verify_signature`` off; the call's own
#: values take precedence.
_UNVERIFIED_DEFAULTS = {
    "verify_exp": False,
    "verify_nbf": False,
    "verify_iat": False,
    "verify_aud": False,
    "verify_iss": False,
    "verify_sub": False,
    "verify_jti": False,
}

_VERIFY_MISMATCH = (
    "The `verify` argument to `decode` does nothing in PyJWT 2.0 and newer. "
    "The equivalent is setting `verify_signature` to False in the `options` dictionary. "
    "This invocation has a mismatch between the kwarg and the option entry."
)


class PyJWT:
    """Encodes and decodes JWTs, validating the registered claims; owns a ``PyJWS``."""

    def __init__(self, options: Options | None = None) -> None:
        """Create an instance whose decoding defaults are ``options`` over the defaults.

        ``enforce_minimum_key_length`` also applies to signing.
        """
        self.options: FullOptions = self._get_default_options()
        if options is not None:
            self.options = self._merge_options(options)
        self._jws = PyJWS(options=self._get_sig_options())

    @staticmethod
    def _get_default_options() -> FullOptions:
        """The options an instance starts from."""
        return {
            "verify_signature": True,
            "verify_exp": True,
            "verify_nbf": True,
            "verify_iat": True,
            "verify_aud": True,
            "verify_iss": True,
            "verify_sub": True,
            "verify_jti": True,
            "require": [],
            "strict_aud": False,
            "enforce_minimum_key_length": False,
        }

    def _get_sig_options(self) -> SigOptions:
        """The options of the owned ``PyJWS``, taken from this instance's."""
        return {
            "verify_signature": self.options["verify_signature"],
            "enforce_minimum_key_length": self.options.get(
                "enforce_minimum_key_length", False
            ),
        }

    def _merge_options(self, options: Options | None = None) -> FullOptions:
        """The instance's options updated with ``options``, which is left unchanged.

        When ``options`` turns ``verify_signature`` off, the claim checks it does not mention
        are off too.
        """
        if options is None:
            return self.options
        if not options.get("verify_signature", True):
            return cast("FullOptions", {**self.options, **_UNVERIFIED_DEFAULTS, **options})
        return cast("FullOptions", {**self.options, **options})

    def encode(
        self,
        payload: dict[str, Any],
        key: PrivateKey,
        algorithm: str | None = _ALGORITHM_UNSET,  # type: ignore[assignment]
        headers: dict[str, Any] | None = None,
        json_encoder: type[json.JSONEncoder] | None = None,
        sort_headers: bool = True,
    ) -> str:
        """Encode the claims ``payload`` as a signed JWT.

        ``datetime`` values of ``exp``, ``iat`` and ``nbf`` become NumericDates (naive ones are
        taken as UTC). The other arguments are those of ``PyJWS.encode``.

        :raises TypeError: if ``payload`` is not a ``dict`` or its ``iss`` is not a string.
        """
        if not isinstance(payload, dict):
            raise TypeError(
                "Expecting a dict object, as JWT only supports JSON objects as payloads."
            )
        payload = payload.copy()
        for claim in _TIME_CLAIMS:
            value = payload.get(claim)
            if isinstance(value, datetime):
                payload[claim] = timegm(value.utctimetuple())
        if "iss" in payload and not isinstance(payload["iss"], str):
            raise TypeError("Issuer (iss) must be a string.")

        json_payload = self._encode_payload(
            payload, headers=headers, json_encoder=json_encoder
        )
        return self._jws.encode(
            json_payload, key, algorithm, headers, json_encoder, sort_headers=sort_headers
        )

    def _encode_payload(
        self,
        payload: dict[str, Any],
        headers: dict[str, Any] | None = None,
        json_encoder: type[json.JSONEncoder] | None = None,
    ) -> bytes:
        """The bytes to sign for ``payload``: its compact JSON.

        Subclasses override it to encode the payload another way (compressed, for instance),
        together with ``_decode_payload``.
        """
        return json.dumps(payload, separators=(",", ":"), cls=json_encoder).encode("utf-8")

    def decode_complete(
        self,
        jwt: str | bytes,
        key: PublicKey = "",
        algorithms: Sequence[str] | None = None,
        options: Options | None = None,
        verify: bool | None = None,
        detached_payload: bytes | None = None,
        audience: str | Iterable[str] | None = None,
        issuer: str | Container[str] | None = None,
        subject: str | None = None,
        leeway: float | timedelta = 0,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """Verify ``jwt`` and its claims; return its ``header``, ``payload`` and ``signature``.

        :param key: the key to verify with, or a ``PyJWK``.
        :param algorithms: the allowed ``alg`` values (never taken from the token itself);
            required when verifying the signature, unless ``key`` is a ``PyJWK``.
        :param options: ``jwt.types.Options`` over the instance's; with ``verify_signature``
            off, the claim checks it does not mention are off.
        :param verify: deprecated and ignored; a value disagreeing with ``verify_signature``
            draws a ``DeprecationWarning``.
        :param detached_payload: the payload of a token whose header has ``"b64": false``.
        :param audience: the accepted audience(s), checked against ``aud``.
        :param issuer: the accepted issuer, or a container of them, checked against ``iss``.
        :param subject: the expected ``sub``.
        :param leeway: seconds (or a ``timedelta``) of clock skew allowed for ``exp``, ``nbf``
            and ``iat``.
        """
        _warn_unsupported_kwargs(kwargs, "decode_complete")
        verify_signature = True if options is None else options.get("verify_signature", True)
        if verify is not None and verify != verify_signature:
            warnings.warn(_VERIFY_MISMATCH, DeprecationWarning, stacklevel=2)
        merged_options = self._merge_options(options)

        decoded = self._jws.decode_complete(
            jwt,
            key=key,
            algorithms=algorithms,
            options=self._call_sig_options(options, verify_signature),
            detached_payload=detached_payload,
        )
        payload = self._decode_payload(decoded)
        self._validate_claims(
            payload,
            merged_options,
            audience=audience,
            issuer=issuer,
            subject=subject,
            leeway=leeway,
        )
        decoded["payload"] = payload
        return decoded

    @staticmethod
    def _call_sig_options(options: Options | None, verify_signature: bool) -> SigOptions:
        """The signature options of one call, which the owned ``PyJWS`` merges over its own.

        A call's ``verify_signature`` defaults to True whatever the instance's options say, as
        in PyJWT; its ``enforce_minimum_key_length``, when given, overrides the instance's.
        """
        sig_options: SigOptions = {"verify_signature": verify_signature}
        if options is not None and "enforce_minimum_key_length" in options:
            sig_options["enforce_minimum_key_length"] = options["enforce_minimum_key_length"]
        return sig_options

    def _decode_payload(self, decoded: dict[str, Any]) -> Any:
        """Read the claims from the JWS ``decoded`` (its ``payload`` is bytes).

        Parsed strictly (see ``jwt._strict``); the claims must be a JSON object. Subclasses
        override it to decode the payload another way, together with ``_encode_payload``.
        """
        try:
            payload = loads_object_or_value(decoded["payload"])
        except ValueError as error:
            raise DecodeError(f"Invalid payload string: {error}") from error
        if not isinstance(payload, dict):
            raise DecodeError("Invalid payload string: must be a json object")
        return payload

    def decode(
        self,
        jwt: str | bytes,
        key: PublicKey = "",
        algorithms: Sequence[str] | None = None,
        options: Options | None = None,
        verify: bool | None = None,
        detached_payload: bytes | None = None,
        audience: str | Iterable[str] | None = None,
        subject: str | None = None,
        issuer: str | Container[str] | None = None,
        leeway: float | timedelta = 0,
        **kwargs: Any,
    ) -> Any:
        """Verify ``jwt`` as ``decode_complete`` does and return its claims.

        As in PyJWT 2.12, ``subject`` comes before ``issuer`` here and after it in
        ``decode_complete``.
        """
        _warn_unsupported_kwargs(kwargs, "decode")
        decoded = self.decode_complete(
            jwt,
            key,
            algorithms,
            options,
            verify=verify,
            detached_payload=detached_payload,
            audience=audience,
            issuer=issuer,
            subject=subject,
            leeway=leeway,
        )
        return decoded["payload"]

    def _validate_claims(
        self,
        payload: dict[str, Any],
        options: FullOptions,
        audience: str | Iterable[str] | None = None,
        issuer: str | Container[str] | None = None,
        subject: str | None = None,
        leeway: float | timedelta = 0,
    ) -> None:
        """Validate the registered claims of ``payload`` that ``options`` asks for.

        :raises TypeError: if ``audience`` is neither a string, an iterable nor None.
        """
        if isinstance(leeway, timedelta):
            leeway = leeway.total_seconds()
        if audience is not None and not isinstance(audience, (str, Iterable)):
            raise TypeError("audience must be a string, iterable or None")

        self._validate_required_claims(payload, options["require"])

        now = datetime.now(tz=timezone.utc).timestamp()
        if "iat" in payload and options["verify_iat"]:
            self._validate_iat(payload, now, leeway)
        if "nbf" in payload and options["verify_nbf"]:
            self._validate_nbf(payload, now, leeway)
        if "exp" in payload and options["verify_exp"]:
            self._validate_exp(payload, now, leeway)
        if options["verify_iss"]:
            self._validate_iss(payload, issuer)
        if options["verify_aud"]:
            self._validate_aud(payload, audience, strict=options.get("strict_aud", False))
        if options["verify_sub"]:
            self._validate_sub(payload, subject)
        if options["verify_jti"]:
            self._validate_jti(payload)

    def _validate_required_claims(self, payload: dict[str, Any], claims: Iterable[str]) -> None:
        """Each of ``claims`` must be present and not null."""
        for claim in claims:
            if payload.get(claim) is None:
                raise MissingRequiredClaimError(claim)

    def _validate_iat(self, payload: dict[str, Any], now: float, leeway: float) -> None:
        """``iat`` must be a number, not later than ``now`` + ``leeway``."""
        issued_at = _numeric_date(
            payload, "iat", InvalidIssuedAtError("Issued At claim (iat) must be an integer.")
        )
        if issued_at > now + leeway:
            raise ImmatureSignatureError("The token is not yet valid (iat)")

    def _validate_nbf(self, payload: dict[str, Any], now: float, leeway: float) -> None:
        """``nbf`` must be a number, not later than ``now`` + ``leeway``."""
        not_before = _numeric_date(
            payload, "nbf", DecodeError("Not Before claim (nbf) must be an integer.")
        )
        if not_before > now + leeway:
            raise ImmatureSignatureError("The token is not yet valid (nbf)")

    def _validate_exp(self, payload: dict[str, Any], now: float, leeway: float) -> None:
        """``exp`` must be a number, later than ``now`` - ``leeway``."""
        expires = _numeric_date(
            payload, "exp", DecodeError("Expiration Time claim (exp) must be an integer.")
        )
        if expires <= now - leeway:
            raise ExpiredSignatureError("Signature has expired")

    def _validate_aud(
        self,
        payload: dict[str, Any],
        audience: str | Iterable[str] | None,
        *,
        strict: bool = False,
    ) -> None:
        """Check ``aud`` against ``audience``.

        Without an ``audience``, a token must have no (or an empty) ``aud``; with one, it must
        have an ``aud`` (a string or a list of strings) naming one of them. ``strict``
        (``strict_aud``, PyJWT 2.8) requires one string equal to one string.
        """
        claim = payload.get("aud")
        if audience is None:
            if claim:
                raise InvalidAudienceError("Invalid audience")
            return
        if not claim:
            raise MissingRequiredClaimError("aud")
        if strict:
            self._validate_aud_strictly(claim, audience)
            return

        claims = [claim] if isinstance(claim, str) else claim
        if not isinstance(claims, list) or not all(isinstance(c, str) for c in claims):
            raise InvalidAudienceError("Invalid claim format in token")
        accepted = [audience] if isinstance(audience, str) else audience
        if all(aud not in claims for aud in accepted):
            raise InvalidAudienceError("Audience doesn't match")

    @staticmethod
    def _validate_aud_strictly(claim: Any, audience: str | Iterable[str]) -> None:
        """``strict_aud``: the ``audience`` and the ``aud`` claim are equal strings."""
        if not isinstance(audience, str):
            raise InvalidAudienceError("Invalid audience (strict)")
        if not isinstance(claim, str):
            raise InvalidAudienceError("Invalid claim format in token (strict)")
        if claim != audience:
            raise InvalidAudienceError("Audience doesn't match (strict)")

    def _validate_iss(
        self, payload: dict[str, Any], issuer: str | Container[str] | None
    ) -> None:
        """When an ``issuer`` is given, ``iss`` must be a string equal to it or in it.

        A string ``issuer`` is compared for equality, never searched (PyJWT 2.10.1).
        """
        if issuer is None:
            return
        if "iss" not in payload:
            raise MissingRequiredClaimError("iss")
        iss = payload["iss"]
        if not isinstance(iss, str):
            raise InvalidIssuerError("Payload Issuer (iss) must be a string")
        if isinstance(issuer, str):
            if iss != issuer:
                raise InvalidIssuerError("Invalid issuer")
            return
        try:
            accepted = iss in issuer
        except TypeError:
            raise InvalidIssuerError(
                'Issuer param must be "str" or "Container[str]"'
            ) from None
        if not accepted:
            raise InvalidIssuerError("Invalid issuer")

    def _validate_sub(self, payload: dict[str, Any], subject: str | None = None) -> None:
        """``sub``, when present, must be a string, equal to ``subject`` when one is given."""
        if "sub" not in payload:
            return
        if not isinstance(payload["sub"], str):
            raise InvalidSubjectError("Subject must be a string")
        if subject is not None and payload["sub"] != subject:
            raise InvalidSubjectError("Invalid subject")

    def _validate_jti(self, payload: dict[str, Any]) -> None:
        """``jti``, when present, must be a string."""
        if "jti" in payload and not isinstance(payload["jti"], str):
            raise InvalidJTIError("JWT ID must be a string")


def _numeric_date(payload: dict[str, Any], name: str, invalid: PyJWTError) -> int:
    """``payload[name]`` read as PyJWT reads a NumericDate, with ``int()``; ``invalid`` when
    that fails."""
    try:
        return int(payload[name])
    except ValueError:
        raise invalid from None


_jwt_global_obj = PyJWT()
# The module-level functions share the JWS instance of jwt.api_jws, so that
# jwt.register_algorithm() and jwt.unregister_algorithm() apply to jwt.encode() and jwt.decode().
_jwt_global_obj._jws = _jws_global_obj
# jwt.encode and jwt.decode run libtessera's fast paths first (tessera._core): the common calls
# complete in C++, and every other call, every failure included, is handed to the methods above
# with the same arguments. They assume the default registry and options of the global objects.
install_fast_path_hooks()
encode = _core.fast_function("encode", _jwt_global_obj.encode)
decode_complete = _jwt_global_obj.decode_complete
decode = _core.fast_function("decode", _jwt_global_obj.decode)


def _disable_fast_paths() -> None:
    encode.enabled = False
    decode.enabled = False


_global_registry_listeners.append(_disable_fast_paths)
