"""FastAPI routes protected by tessera in one line.

``TesseraBearer`` is a FastAPI security dependency in the shape of
``fastapi.security.HTTPBearer``: the OpenAPI schema lists it as an HTTP bearer scheme (so Swagger
UI's "Authorize" button works), and it reads ``Authorization: Bearer <token>``. Unlike
``HTTPBearer`` it also verifies the token, with ``tessera.Verifier``, and gives the route the
verified claims::

    from fastapi import Depends, FastAPI
    from tessera.fastapi import TesseraBearer

    app = FastAPI()
    bearer = TesseraBearer(jwks_url="https://issuer.example/.well-known/jwks.json",
                           issuer="https://issuer.example", audience="api", scopes=["read"])

    @app.get("/secure-endpoint")
    async def secure(claims: dict = Depends(bearer)):
        return {"hello": claims["sub"]}

Verification never waits for the network: with ``jwks_url``, the C++ client inside
``tessera.Verifier`` fetches and caches the key set in the background, so checking a token takes
microseconds and runs inline in the async dependency.

Answers, by default as RFC 6750 section 3 says:

- no ``Authorization`` header, another scheme, or a malformed bearer credential: 401
  ``{"detail": "Not authenticated"}`` with ``WWW-Authenticate: Bearer`` (no error code: the
  request carried no token, section 3.1);
- two ``Authorization`` headers: 400 with ``WWW-Authenticate: Bearer error="invalid_request"``;
- a token that fails verification: 401 ``{"detail": "Invalid token"}`` with
  ``WWW-Authenticate: Bearer error="invalid_token", error_description="<code>"``, the code being
  ``tessera.TokenError.code`` (``token_expired``, ``invalid_signature``...), never the token;
- a valid token without every required scope: 403 with
  ``WWW-Authenticate: Bearer error="insufficient_scope", scope="<the required scopes>"``;
- the key set not fetched yet, or too stale to trust: 503 with ``Retry-After``: the token may be
  good, and the client should retry rather than log in again.

With ``guide_errors=True`` every refusal of the request's credentials (all but the 503) is the
secure-sessions guide's answer instead: 403 ``{"detail": "Invalid authorization code"}``, with no
``WWW-Authenticate``, as ``tessera serve`` gives with ``bearer_error_status = 403``.
"""

import re
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from fastapi.exceptions import HTTPException
from fastapi.openapi.models import HTTPBearer as HTTPBearerModel
from fastapi.security.base import SecurityBase
from starlette.requests import Request

import tessera

#: What a JWK Set's tokens may be signed with when ``algorithms`` is not given: asymmetric
#: algorithms only (a key set is public), those of ``tessera serve`` (ES256) and of most issuers.
JWKS_ALGORITHMS: tuple[str, ...] = ("ES256", "RS256", "EdDSA")

#: Claims a token must carry when ``required`` is not given: an access token without ``exp``
#: would never expire (RFC 9068 section 2.2 makes it required).
REQUIRED_CLAIMS: tuple[str, ...] = ("exp",)

# Verification failures that are the key set's, not the token's (tessera.TokenError codes).
_KEYS_UNAVAILABLE = frozenset({"jwks_unavailable", "jwks_stale"})
# Seconds a client should wait after a 503: the remote JWKS client's wait between attempts.
_KEYS_RETRY_AFTER_S = 10

# RFC 6750 section 2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
_B64TOKEN = re.compile(r"[A-Za-z0-9._~+/-]+=*")
# RFC 6749 appendix A.4: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
_SCOPE_TOKEN = re.compile(r"[\x21\x23-\x5b\x5d-\x7e]+")
# What may stand in error_description: tessera's codes are snake_case words.
_ERROR_CODE = re.compile(r"[a-z0-9_]+")

_GUIDE_DETAIL = "Invalid authorization code"


class TesseraBearer(SecurityBase):
    """A FastAPI dependency that admits requests with a valid bearer token and returns its claims.

    Give exactly one source of keys:

    - ``jwks_url``: the issuer's JWK Set (``https://``; ``http://`` only with
      ``allow_insecure_http``, for tests on loopback). ``algorithms`` defaults to
      ``JWKS_ALGORITHMS``.
    - ``key``: an HMAC secret (str or bytes, at least the hash's length) or a PEM or OpenSSH
      public key. ``algorithms`` is then required: it is never guessed from the key.

    ``issuer`` and ``audience`` (a string or a list, any of which is accepted) are checked when
    given; resource servers should give both. ``leeway`` (seconds or a timedelta) allows for
    clock skew on ``exp``, ``nbf`` and ``iat``. ``required`` names claims that must be present
    (among iss, sub, aud, exp, nbf, iat, jti; default: ``exp``).

    ``scopes`` are all required. They are read from the token's ``scope`` claim, a
    space-separated string (RFC 8693 section 4.2, RFC 9068 section 2.2.3); a token without
    ``scope`` may carry them in ``scp``, a list of strings or a space-separated string (Okta,
    Microsoft Entra ID). When ``scope`` is present, ``scp`` is not read.

    With ``auto_error=False``, as with ``HTTPBearer``, a request that carries no bearer token
    gets ``None`` instead of a 401: optional authentication, or another security scheme's turn. A
    token that is presented must still be valid: an expired one is refused, so that the client
    learns to refresh it rather than being served as anonymous.

    ``guide_errors=True`` answers every refused credential with the secure-sessions guide's 403
    ``{"detail": "Invalid authorization code"}`` (see the module's documentation).

    ``scheme_name`` and ``description`` are the OpenAPI scheme's name (default: the class name)
    and description, as for ``HTTPBearer``.

    Lists (``algorithms``, ``issuer``, ``audience``, ``required``, ``scopes``) may be one string
    or an iterable of them, as for ``tessera.Verifier``. A bad configuration raises at
    construction, once: ``tessera.ConfigurationError`` from the verifier, ``ValueError`` for a
    key without ``algorithms`` or a scope that is not a scope-token (RFC 6749 section 3.3).
    """

    def __init__(
        self,
        *,
        key: str | bytes | None = None,
        jwks_url: str | None = None,
        algorithms: str | Iterable[str] | None = None,
        issuer: str | Iterable[str] | None = None,
        audience: str | Iterable[str] | None = None,
        leeway: int | timedelta = 0,
        required: str | Iterable[str] = REQUIRED_CLAIMS,
        scopes: str | Iterable[str] = (),
        allow_insecure_http: bool = False,
        auto_error: bool = True,
        guide_errors: bool = False,
        scheme_name: str | None = None,
        description: str | None = None,
    ) -> None:
        self.model = HTTPBearerModel(bearerFormat="JWT", description=description)
        self.scheme_name = scheme_name or type(self).__name__
        self.auto_error = auto_error
        self.guide_errors = guide_errors
        self.scopes: tuple[str, ...] = _scope_names(scopes)
        self._scope_challenge = (
            f'Bearer error="insufficient_scope", scope="{" ".join(self.scopes)}"')
        self._verifier = tessera.Verifier(
            key=key,
            jwks_url=jwks_url,
            algorithms=_algorithms(algorithms, key),
            issuer=issuer,
            audience=audience,
            leeway=leeway,
            required=required,
            allow_insecure_http=allow_insecure_http,
        )

    async def __call__(self, request: Request) -> dict[str, Any] | None:
        """The verified claims of the request's bearer token, or ``None`` when it carries none
        and ``auto_error`` is off; any other failure raises an ``HTTPException``."""
        token = self._bearer_token(request)
        if token is None:
            if not self.auto_error:
                return None
            raise self._refusal(401, "Not authenticated", "Bearer")
        try:
            claims = self._verifier.verify(token)
        except tessera.TokenError as error:
            raise self._token_refusal(error.code) from None
        if self.scopes and not granted_scopes(claims).issuperset(self.scopes):
            raise self._refusal(403, "Insufficient scope", self._scope_challenge)
        return claims

    def wait_ready(self, timeout: float) -> bool:
        """Waits up to ``timeout`` seconds for the first JWK Set; True once it is there (at once
        with a ``key``). It blocks: call it at start-up (``asyncio.to_thread`` in an async
        handler), so that the first requests are not answered 503."""
        return self._verifier.wait_ready(timeout)

    def _bearer_token(self, request: Request) -> str | None:
        """The token of the request's only ``Authorization`` header, or None when the request
        carries no well-formed bearer credential. Two headers are refused (400): which one a
        proxy or framework would read is anybody's guess."""
        values = request.headers.getlist("authorization")
        if len(values) > 1:
            raise self._refusal(400, "Several Authorization headers",
                                'Bearer error="invalid_request"')
        return _parse_bearer(values[0]) if values else None

    def _token_refusal(self, code: str) -> HTTPException:
        """The answer to a token that failed verification with ``code``."""
        if code in _KEYS_UNAVAILABLE:
            return HTTPException(503, "Token keys unavailable",
                                 headers={"Retry-After": str(_KEYS_RETRY_AFTER_S)})
        description = code if _ERROR_CODE.fullmatch(code) else "invalid_token"
        return self._refusal(
            401, "Invalid token",
            f'Bearer error="invalid_token", error_description="{description}"')

    def _refusal(self, status: int, detail: str, challenge: str) -> HTTPException:
        """A refused credential: ``status`` with ``detail`` and the ``WWW-Authenticate``
        ``challenge``, or the guide's 403 in ``guide_errors`` mode."""
        if self.guide_errors:
            return HTTPException(403, _GUIDE_DETAIL)
        return HTTPException(status, detail, headers={"WWW-Authenticate": challenge})


def _parse_bearer(authorization: str) -> str | None:
    """The token of an ``Authorization`` header value ``Bearer <token>``, or None for another
    scheme or a value that is not a well-formed bearer credential (RFC 6750 section 2.1). The
    scheme is matched case-insensitively (RFC 9110 section 11.1)."""
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer":
        return None
    token = token.strip(" ")
    return token if _B64TOKEN.fullmatch(token) else None


def granted_scopes(claims: Mapping[str, Any]) -> set[str]:
    """The scopes a token's claims grant: ``scope``, a space-separated string (RFC 8693 section
    4.2); without it, ``scp``, a list of strings or a space-separated string. A claim of any
    other type grants nothing."""
    if "scope" in claims:
        return _split_scopes(claims["scope"])
    scp = claims.get("scp")
    if isinstance(scp, list):
        return {scope for scope in scp if isinstance(scope, str)}
    return _split_scopes(scp)


def _split_scopes(value: Any) -> set[str]:
    """The scope names of a space-separated string; nothing for another type."""
    return set(value.split(" ")) - {""} if isinstance(value, str) else set()


def _scope_names(scopes: str | Iterable[str]) -> tuple[str, ...]:
    """The required scopes (one string is one scope, as tessera.Verifier reads its lists), each
    a valid scope-token, so that the challenge that names them is well-formed."""
    names = (scopes,) if isinstance(scopes, str) else tuple(scopes)
    for scope in names:
        if not isinstance(scope, str) or not _SCOPE_TOKEN.fullmatch(scope):
            raise ValueError(f"scope {scope!r} is not a scope-token (RFC 6749 section 3.3)")
    return names


def _algorithms(algorithms: str | Iterable[str] | None,
                key: str | bytes | None) -> str | Iterable[str]:
    """The allowed algorithms: the caller's, else ``JWKS_ALGORITHMS`` for a key set. A key needs
    them spelled out: guessing from the key is how HS256/RS256 confusion starts."""
    if algorithms is not None:
        return algorithms
    if key is not None:
        raise ValueError("TesseraBearer(key=...) needs algorithms, such as ['HS256'] for a secret "
                         "or ['ES256'] for an EC P-256 public key")
    return JWKS_ALGORITHMS
