"""The exceptions PyJWT raises, with PyJWT 2.12's names and hierarchy.

Everything derives from :class:`PyJWTError`.  Problems with a token
(malformed, bad signature, failed claim checks) derive from
:class:`InvalidTokenError`, so ``except jwt.InvalidTokenError`` rejects any
bad token.  Problems with keys, JWKs and the JWKS client are siblings of it:
they point at the caller's configuration, not at the token.
"""


class PyJWTError(Exception):
    """Base class for every exception raised by this package."""


class InvalidTokenError(PyJWTError):
    """Base class for the errors raised when ``decode()`` rejects a token."""


class DecodeError(InvalidTokenError):
    """Raised when a token cannot be parsed or decoded (bad segments, base64
    or JSON), or fails signature-level validation."""


class InvalidSignatureError(DecodeError):
    """Raised when a token's signature does not match its content and key."""


class ExpiredSignatureError(InvalidTokenError):
    """Raised when a token's ``exp`` claim says it has expired."""


class InvalidAudienceError(InvalidTokenError):
    """Raised when a token's ``aud`` claim matches none of the expected
    audiences."""


class InvalidIssuerError(InvalidTokenError):
    """Raised when a token's ``iss`` claim does not match the expected
    issuer."""


class InvalidIssuedAtError(InvalidTokenError):
    """Raised when a token's ``iat`` claim is not a number."""


class ImmatureSignatureError(InvalidTokenError):
    """Raised when a token's ``nbf`` or ``iat`` claim lies in the future."""


class InvalidKeyError(PyJWTError):
    """Raised when a key is malformed, of the wrong type or family for the
    algorithm, or (when enforced) shorter than the algorithm's minimum."""


class InvalidAlgorithmError(InvalidTokenError):
    """Raised when a token's algorithm is unknown or not allowed."""


class MissingRequiredClaimError(InvalidTokenError):
    """Raised when a claim that must be present is missing from the token.

    The missing claim's name is kept in :attr:`claim`.
    """

    def __init__(self, claim: str) -> None:
        self.claim = claim

    def __str__(self) -> str:
        return f'Token is missing the "{self.claim}" claim'


class PyJWKError(PyJWTError):
    """Raised when a JSON Web Key cannot be loaded or used."""


class MissingCryptographyError(PyJWKError):
    """Raised when a key's algorithm needs the ``cryptography`` package and it
    is not installed."""


class PyJWKSetError(PyJWTError):
    """Raised when a JSON Web Key Set is malformed or holds no usable key."""


class PyJWKClientError(PyJWTError):
    """Raised when :class:`jwt.PyJWKClient` cannot supply a signing key."""


class PyJWKClientConnectionError(PyJWKClientError):
    """Raised when :class:`jwt.PyJWKClient` cannot fetch the JWK Set."""


class InvalidSubjectError(InvalidTokenError):
    """Raised when a token's ``sub`` claim is not a string or does not match
    the expected subject."""


class InvalidJTIError(InvalidTokenError):
    """Raised when a token's ``jti`` claim is not a string."""
