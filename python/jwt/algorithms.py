"""JSON Web Algorithms (RFC 7518 §3): the signing and verification back ends.

Every JWS ``alg`` this package supports is an :class:`Algorithm` instance,
listed by :func:`get_default_algorithms`.  An algorithm turns the caller's
key into the form it works with (:meth:`Algorithm.prepare_key`), signs and
verifies, and converts keys to and from JSON Web Keys.  The RSA, ECDSA and
EdDSA algorithms need the ``cryptography`` package; the keys they accept and
hand out are ``cryptography`` key objects (or PEM/OpenSSH text to load).

What ``prepare_key`` checks (PyJWT 2.12):

* HMAC refuses PEM and OpenSSH public keys as secrets, so a public key can't
  be used to forge HS256 tokens;
* RSA, ECDSA and EdDSA refuse keys of another family (PyJWT #964);
* ECDSA refuses a curve that does not match the algorithm (RFC 7518 §3.4):
  ES256 needs P-256, ES384 P-384, ES512 P-521 and ES256K secp256k1.

Key-length hook: ``Algorithm.check_key_length(key) -> str | None``
-------------------------------------------------------------------------
Short keys are not refused by the algorithms themselves: whether a short key
is an error or a warning is the caller's policy.  The contract:

* ``key`` is what ``prepare_key`` returned for this algorithm (the ``bytes``
  of an HMAC secret, a ``cryptography`` RSA key object), or the ``key`` of a
  :class:`jwt.PyJWK`, which is already prepared.
* It returns ``None`` when the key is long enough, else a one-line English
  message naming the key's size, the minimum and the standard, e.g. ``The
  HMAC key is 6 bytes long, which is below the minimum recommended length of
  32 bytes for SHA256. See RFC 7518 Section 3.2.``
* Given such a key it never raises, never warns, and has no side effects.
* Minimums: HS256/HS384/HS512 the hash output, 32/48/64 bytes (RFC 7518
  §3.2); RS* and PS* 2048 bits (NIST SP 800-131A).  Every other algorithm,
  including ones registered by users that don't override it, returns
  ``None``: an EC or EdDSA key's size is fixed by its curve.

The JWS layer calls it on every sign and verify, after ``prepare_key`` and
before ``sign``/``verify``, and turns a message into the policy::

    message = alg_obj.check_key_length(prepared_key)
    if message:
        if options["enforce_minimum_key_length"]:
            raise InvalidKeyError(message)
        warnings.warn(message, InsecureKeyLengthWarning, stacklevel=...)
"""

from __future__ import annotations

import hashlib
import hmac
import json
from abc import ABC, abstractmethod
from typing import Any, ClassVar, Literal, NoReturn, TypeAlias, cast, overload

from .exceptions import InvalidKeyError
from .types import HashlibHash, JWKDict
from .utils import (
    base64url_decode,
    base64url_encode,
    der_to_raw_signature,
    force_bytes,
    from_base64url_uint,
    is_pem_format,
    is_ssh_key,
    raw_to_der_signature,
    to_base64url_uint,
)

try:
    from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.hazmat.primitives.asymmetric.ec import (
        ECDSA,
        SECP256K1,
        SECP256R1,
        SECP384R1,
        SECP521R1,
        EllipticCurve,
        EllipticCurvePrivateKey,
        EllipticCurvePrivateNumbers,
        EllipticCurvePublicKey,
        EllipticCurvePublicNumbers,
    )
    from cryptography.hazmat.primitives.asymmetric.ed448 import (
        Ed448PrivateKey,
        Ed448PublicKey,
    )
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )
    from cryptography.hazmat.primitives.asymmetric.rsa import (
        RSAPrivateKey,
        RSAPrivateNumbers,
        RSAPublicKey,
        RSAPublicNumbers,
        rsa_crt_dmp1,
        rsa_crt_dmq1,
        rsa_crt_iqmp,
        rsa_recover_prime_factors,
    )
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
        PublicFormat,
        load_pem_private_key,
        load_pem_public_key,
        load_ssh_public_key,
    )

    AllowedRSAKeys: TypeAlias = RSAPrivateKey | RSAPublicKey
    AllowedECKeys: TypeAlias = EllipticCurvePrivateKey | EllipticCurvePublicKey
    AllowedOKPKeys: TypeAlias = (
        Ed25519PrivateKey | Ed25519PublicKey | Ed448PrivateKey | Ed448PublicKey
    )
    AllowedKeys: TypeAlias = AllowedRSAKeys | AllowedECKeys | AllowedOKPKeys
    #: The ``cryptography`` private keys that can sign tokens.
    AllowedPrivateKeys: TypeAlias = (
        RSAPrivateKey | EllipticCurvePrivateKey | Ed25519PrivateKey | Ed448PrivateKey
    )
    #: The ``cryptography`` public keys that can verify tokens.
    AllowedPublicKeys: TypeAlias = (
        RSAPublicKey | EllipticCurvePublicKey | Ed25519PublicKey | Ed448PublicKey
    )

    has_crypto = True
except ModuleNotFoundError:
    from typing import Never

    AllowedRSAKeys = Never  # type: ignore[misc]
    AllowedECKeys = Never  # type: ignore[misc]
    AllowedOKPKeys = Never  # type: ignore[misc]
    AllowedKeys = Never  # type: ignore[misc]
    AllowedPrivateKeys = Never  # type: ignore[misc]
    AllowedPublicKeys = Never  # type: ignore[misc]

    has_crypto = False

#: The ``alg`` names that are only available with ``cryptography`` installed.
requires_cryptography = {
    "RS256",
    "RS384",
    "RS512",
    "ES256",
    "ES256K",
    "ES384",
    "ES521",
    "ES512",
    "PS256",
    "PS384",
    "PS512",
    "EdDSA",
}


def get_default_algorithms() -> dict[str, Algorithm]:
    """Return a new instance of every implemented algorithm, by ``alg`` name.

    The ``cryptography``-based algorithms are included only when it is
    installed.  ``ES521`` is an alias of ``ES512`` kept for old tokens.
    """
    algorithms: dict[str, Algorithm] = {
        "none": NoneAlgorithm(),
        "HS256": HMACAlgorithm(HMACAlgorithm.SHA256),
        "HS384": HMACAlgorithm(HMACAlgorithm.SHA384),
        "HS512": HMACAlgorithm(HMACAlgorithm.SHA512),
    }
    if has_crypto:
        algorithms.update(
            {
                "RS256": RSAAlgorithm(RSAAlgorithm.SHA256),
                "RS384": RSAAlgorithm(RSAAlgorithm.SHA384),
                "RS512": RSAAlgorithm(RSAAlgorithm.SHA512),
                "ES256": ECAlgorithm(ECAlgorithm.SHA256, SECP256R1),
                "ES256K": ECAlgorithm(ECAlgorithm.SHA256, SECP256K1),
                "ES384": ECAlgorithm(ECAlgorithm.SHA384, SECP384R1),
                "ES521": ECAlgorithm(ECAlgorithm.SHA512, SECP521R1),
                "ES512": ECAlgorithm(ECAlgorithm.SHA512, SECP521R1),
                "PS256": RSAPSSAlgorithm(RSAPSSAlgorithm.SHA256),
                "PS384": RSAPSSAlgorithm(RSAPSSAlgorithm.SHA384),
                "PS512": RSAPSSAlgorithm(RSAPSSAlgorithm.SHA512),
                "EdDSA": OKPAlgorithm(),
            }
        )
    return algorithms


def _load_jwk(jwk: str | JWKDict) -> JWKDict:
    """Return a JWK given either as JSON text or as an already parsed dict."""
    if isinstance(jwk, dict):
        return jwk
    if isinstance(jwk, str):
        try:
            obj = json.loads(jwk)
        except ValueError:
            obj = None
        if isinstance(obj, dict):
            return obj
    raise InvalidKeyError("Key is not valid JSON")


def _dump_jwk(obj: JWKDict, as_dict: bool) -> JWKDict | str:
    """Return a JWK as the dict itself, or as JSON text (PyJWT's default)."""
    return obj if as_dict else json.dumps(obj)


class Algorithm(ABC):
    """The interface of a JWS signing algorithm.

    Subclasses implement :meth:`prepare_key`, :meth:`sign`, :meth:`verify`,
    :meth:`to_jwk` and :meth:`from_jwk`; :meth:`check_key_length` is optional
    (see this module's docstring for its contract).
    """

    #: The ``cryptography`` key classes :meth:`check_crypto_key_type`
    #: accepts; ``None`` for algorithms that don't use ``cryptography``.
    _crypto_key_types: ClassVar[tuple[type, ...] | None] = None

    def compute_hash_digest(self, bytestr: bytes) -> bytes:
        """Hash ``bytestr`` with this algorithm's hash function (as needed,
        for instance, for OpenID Connect's ``at_hash``).

        Raises ``NotImplementedError`` for an algorithm without one.
        """
        hash_alg = getattr(self, "hash_alg", None)
        if hash_alg is None:
            raise NotImplementedError
        if (
            has_crypto
            and isinstance(hash_alg, type)
            and issubclass(hash_alg, hashes.HashAlgorithm)
        ):
            digest = hashes.Hash(hash_alg())
            digest.update(bytestr)
            return digest.finalize()
        return bytes(hash_alg(bytestr).digest())

    def check_crypto_key_type(self, key: object) -> None:
        """Check that ``key`` is a ``cryptography`` key of this algorithm's
        family, so a key of another family fails here with a clear message
        rather than deep inside ``cryptography``.

        Raises ``ValueError`` for an algorithm that doesn't use
        ``cryptography``, and :class:`InvalidKeyError` for a key of the wrong
        type.
        """
        if self._crypto_key_types is None:
            raise ValueError(
                "This method requires the cryptography library, and should "
                "only be used by cryptography-based algorithms."
            )
        if not isinstance(key, self._crypto_key_types):
            expected = ", ".join(cls.__name__ for cls in self._crypto_key_types)
            raise InvalidKeyError(
                f"Expected one of ({expected}), got: {type(key).__name__}. "
                f"Invalid Key type for {type(self).__name__}"
            )

    def check_key_length(self, key: Any) -> str | None:
        """Return a message if the prepared ``key`` is shorter than this
        algorithm's recommended minimum, else ``None``.

        The caller decides whether that is a warning or an error; see the
        module docstring.  The base implementation sets no minimum.
        """
        return None

    @abstractmethod
    def prepare_key(self, key: Any) -> Any:
        """Validate and convert ``key`` into the form :meth:`sign` and
        :meth:`verify` take."""

    @abstractmethod
    def sign(self, msg: bytes, key: Any) -> bytes:
        """Return the signature of ``msg`` made with the prepared ``key``."""

    @abstractmethod
    def verify(self, msg: bytes, key: Any, sig: bytes) -> bool:
        """Tell whether ``sig`` is a valid signature of ``msg`` for the
        prepared ``key``."""

    @overload
    @staticmethod
    @abstractmethod
    def to_jwk(key_obj: Any, as_dict: Literal[True]) -> JWKDict: ...

    @overload
    @staticmethod
    @abstractmethod
    def to_jwk(key_obj: Any, as_dict: Literal[False] = False) -> str: ...

    @staticmethod
    @abstractmethod
    def to_jwk(key_obj: Any, as_dict: bool = False) -> JWKDict | str:
        """Serialise a key as a JWK: JSON text, or a dict if ``as_dict``."""

    @staticmethod
    @abstractmethod
    def from_jwk(jwk: str | JWKDict) -> Any:
        """Load a key from a JWK given as JSON text or as a dict."""


class NoneAlgorithm(Algorithm):
    """The ``none`` algorithm of unsecured JWS (RFC 7518 §3.6): an empty
    signature that never verifies."""

    def prepare_key(self, key: str | None) -> None:
        """Accept only ``None`` (or ``""``): a key given with ``alg`` "none"
        is a mistake worth reporting."""
        if key is not None and key != "":
            raise InvalidKeyError('When alg = "none", key value must be None.')
        return None

    def sign(self, msg: bytes, key: None) -> bytes:
        return b""

    def verify(self, msg: bytes, key: None, sig: bytes) -> bool:
        return False

    @staticmethod
    def to_jwk(key_obj: Any, as_dict: bool = False) -> NoReturn:
        raise NotImplementedError()

    @staticmethod
    def from_jwk(jwk: str | JWKDict) -> NoReturn:
        raise NotImplementedError()


class HMACAlgorithm(Algorithm):
    """HMAC with a SHA-2 hash (HS256, HS384, HS512; RFC 7518 §3.2)."""

    SHA256: ClassVar[HashlibHash] = hashlib.sha256
    SHA384: ClassVar[HashlibHash] = hashlib.sha384
    SHA512: ClassVar[HashlibHash] = hashlib.sha512

    def __init__(self, hash_alg: HashlibHash) -> None:
        self.hash_alg = hash_alg

    def prepare_key(self, key: str | bytes) -> bytes:
        """Return the secret as bytes, refusing PEM and OpenSSH keys: with
        them, anyone holding the public key could forge tokens."""
        key_bytes = force_bytes(key)
        if is_pem_format(key_bytes) or is_ssh_key(key_bytes):
            raise InvalidKeyError(
                "The specified key is an asymmetric key or x509 certificate and"
                " should not be used as an HMAC secret."
            )
        return key_bytes

    def check_key_length(self, key: bytes) -> str | None:
        """RFC 7518 §3.2: the secret must be at least the hash output size."""
        hash_obj = self.hash_alg()
        minimum = hash_obj.digest_size
        if len(key) >= minimum:
            return None
        return (
            f"The HMAC key is {len(key)} bytes long, which is below the minimum "
            f"recommended length of {minimum} bytes for {hash_obj.name.upper()}. "
            "See RFC 7518 Section 3.2."
        )

    def sign(self, msg: bytes, key: bytes) -> bytes:
        return hmac.new(key, msg, self.hash_alg).digest()

    def verify(self, msg: bytes, key: bytes, sig: bytes) -> bool:
        return hmac.compare_digest(sig, self.sign(msg, key))

    @overload
    @staticmethod
    def to_jwk(key_obj: str | bytes, as_dict: Literal[True]) -> JWKDict: ...

    @overload
    @staticmethod
    def to_jwk(key_obj: str | bytes, as_dict: Literal[False] = False) -> str: ...

    @staticmethod
    def to_jwk(key_obj: str | bytes, as_dict: bool = False) -> JWKDict | str:
        """Serialise the secret as an ``oct`` JWK."""
        obj = {"k": base64url_encode(force_bytes(key_obj)).decode(), "kty": "oct"}
        return _dump_jwk(obj, as_dict)

    @staticmethod
    def from_jwk(jwk: str | JWKDict) -> bytes:
        """Return the secret of an ``oct`` JWK."""
        obj = _load_jwk(jwk)
        if obj.get("kty") != "oct":
            raise InvalidKeyError("Not an HMAC key")
        return base64url_decode(obj["k"])


def _rsa_private_key_from_jwk(obj: JWKDict) -> RSAPrivateKey:
    """Load an RSA private JWK, recovering the CRT members when only ``d``
    is given (RFC 7518 §6.3.2)."""
    if "oth" in obj:
        raise InvalidKeyError("Unsupported RSA private key: > 2 primes not supported")

    crt_members = ("p", "q", "dp", "dq", "qi")
    present = [member in obj for member in crt_members]
    if any(present) and not all(present):
        raise InvalidKeyError(
            "RSA key must include all parameters if any are present besides d"
        )

    public_numbers = RSAPublicNumbers(
        from_base64url_uint(obj["e"]), from_base64url_uint(obj["n"])
    )
    d = from_base64url_uint(obj["d"])
    if all(present):
        p, q, dmp1, dmq1, iqmp = (from_base64url_uint(obj[m]) for m in crt_members)
    else:
        p, q = rsa_recover_prime_factors(public_numbers.n, public_numbers.e, d)
        dmp1, dmq1, iqmp = rsa_crt_dmp1(d, p), rsa_crt_dmq1(d, q), rsa_crt_iqmp(p, q)
    return RSAPrivateNumbers(
        p=p, q=q, d=d, dmp1=dmp1, dmq1=dmq1, iqmp=iqmp, public_numbers=public_numbers
    ).private_key()


if has_crypto:
    #: JWK ``crv`` names (RFC 7518 §6.2.1.1, RFC 8812 §3.1) of the curves
    #: the ES algorithms use.
    _EC_CURVES: dict[str, type[EllipticCurve]] = {
        "P-256": SECP256R1,
        "P-384": SECP384R1,
        "P-521": SECP521R1,
        "secp256k1": SECP256K1,
    }

    class RSAAlgorithm(Algorithm):
        """RSASSA-PKCS1-v1_5 with a SHA-2 hash (RS256, RS384, RS512; RFC 7518
        §3.3)."""

        SHA256: ClassVar[type[hashes.HashAlgorithm]] = hashes.SHA256
        SHA384: ClassVar[type[hashes.HashAlgorithm]] = hashes.SHA384
        SHA512: ClassVar[type[hashes.HashAlgorithm]] = hashes.SHA512

        _crypto_key_types = (RSAPrivateKey, RSAPublicKey)
        _MIN_KEY_SIZE: ClassVar[int] = 2048

        def __init__(self, hash_alg: type[hashes.HashAlgorithm]) -> None:
            self.hash_alg = hash_alg

        def prepare_key(self, key: AllowedRSAKeys | str | bytes) -> AllowedRSAKeys:
            """Return an RSA key object, loading an OpenSSH public key, a PEM
            private key or a PEM public key (tried in that order)."""
            if isinstance(key, (RSAPrivateKey, RSAPublicKey)):
                return key
            if not isinstance(key, (bytes, str)):
                raise TypeError("Expecting a PEM-formatted key.")

            key_bytes = force_bytes(key)
            loaded: object
            try:
                if key_bytes.startswith(b"ssh-rsa"):
                    loaded = load_ssh_public_key(key_bytes)
                else:
                    loaded = load_pem_private_key(key_bytes, password=None)
            except ValueError:
                try:
                    loaded = load_pem_public_key(key_bytes)
                except (ValueError, UnsupportedAlgorithm):
                    raise InvalidKeyError(
                        "Could not parse the provided public key."
                    ) from None
            self.check_crypto_key_type(loaded)
            return cast(AllowedRSAKeys, loaded)

        def check_key_length(self, key: AllowedRSAKeys) -> str | None:
            """NIST SP 800-131A: RSA moduli under 2048 bits are disallowed."""
            if key.key_size >= self._MIN_KEY_SIZE:
                return None
            return (
                f"The RSA key is {key.key_size} bits long, which is below the "
                f"minimum recommended size of {self._MIN_KEY_SIZE} bits. "
                "See NIST SP 800-131A."
            )

        def _padding(self) -> padding.AsymmetricPadding:
            """The signature padding of this algorithm family."""
            return padding.PKCS1v15()

        def sign(self, msg: bytes, key: RSAPrivateKey) -> bytes:
            return key.sign(msg, self._padding(), self.hash_alg())

        def verify(self, msg: bytes, key: RSAPublicKey, sig: bytes) -> bool:
            try:
                key.verify(sig, msg, self._padding(), self.hash_alg())
            except InvalidSignature:
                return False
            return True

        @overload
        @staticmethod
        def to_jwk(key_obj: AllowedRSAKeys, as_dict: Literal[True]) -> JWKDict: ...

        @overload
        @staticmethod
        def to_jwk(
            key_obj: AllowedRSAKeys, as_dict: Literal[False] = False
        ) -> str: ...

        @staticmethod
        def to_jwk(key_obj: AllowedRSAKeys, as_dict: bool = False) -> JWKDict | str:
            """Serialise an RSA key as a JWK (RFC 7518 §6.3), with ``key_ops``
            ``["sign"]`` for a private key and ``["verify"]`` for a public one."""
            if isinstance(key_obj, RSAPrivateKey):
                numbers = key_obj.private_numbers()
                obj: JWKDict = {
                    "kty": "RSA",
                    "key_ops": ["sign"],
                    "n": to_base64url_uint(numbers.public_numbers.n).decode(),
                    "e": to_base64url_uint(numbers.public_numbers.e).decode(),
                    "d": to_base64url_uint(numbers.d).decode(),
                    "p": to_base64url_uint(numbers.p).decode(),
                    "q": to_base64url_uint(numbers.q).decode(),
                    "dp": to_base64url_uint(numbers.dmp1).decode(),
                    "dq": to_base64url_uint(numbers.dmq1).decode(),
                    "qi": to_base64url_uint(numbers.iqmp).decode(),
                }
            elif isinstance(key_obj, RSAPublicKey):
                public_numbers = key_obj.public_numbers()
                obj = {
                    "kty": "RSA",
                    "key_ops": ["verify"],
                    "n": to_base64url_uint(public_numbers.n).decode(),
                    "e": to_base64url_uint(public_numbers.e).decode(),
                }
            else:
                raise InvalidKeyError("Not a public or private key")
            return _dump_jwk(obj, as_dict)

        @staticmethod
        def from_jwk(jwk: str | JWKDict) -> AllowedRSAKeys:
            """Load an RSA public or private key from a JWK."""
            obj = _load_jwk(jwk)
            if obj.get("kty") != "RSA":
                raise InvalidKeyError("Not an RSA key")
            if "n" not in obj or "e" not in obj:
                raise InvalidKeyError("Not a public or private key")
            if "d" in obj:
                return _rsa_private_key_from_jwk(obj)
            return RSAPublicNumbers(
                from_base64url_uint(obj["e"]), from_base64url_uint(obj["n"])
            ).public_key()

    class RSAPSSAlgorithm(RSAAlgorithm):
        """RSASSA-PSS with MGF1 and a SHA-2 hash (PS256, PS384, PS512; RFC
        7518 §3.5), the salt as long as the hash output."""

        def _padding(self) -> padding.AsymmetricPadding:
            return padding.PSS(
                mgf=padding.MGF1(self.hash_alg()),
                salt_length=self.hash_alg().digest_size,
            )

    class ECAlgorithm(Algorithm):
        """ECDSA with a SHA-2 hash (ES256, ES256K, ES384, ES512; RFC 7518
        §3.4, RFC 8812 §3.2), on the curve the algorithm names."""

        SHA256: ClassVar[type[hashes.HashAlgorithm]] = hashes.SHA256
        SHA384: ClassVar[type[hashes.HashAlgorithm]] = hashes.SHA384
        SHA512: ClassVar[type[hashes.HashAlgorithm]] = hashes.SHA512

        _crypto_key_types = (EllipticCurvePrivateKey, EllipticCurvePublicKey)

        def __init__(
            self,
            hash_alg: type[hashes.HashAlgorithm],
            expected_curve: type[EllipticCurve] | None = None,
        ) -> None:
            """``expected_curve`` is the only curve ``prepare_key`` accepts;
            ``None`` accepts any curve (the pre-2.11 behaviour)."""
            self.hash_alg = hash_alg
            self.expected_curve = expected_curve

        def prepare_key(self, key: AllowedECKeys | str | bytes) -> AllowedECKeys:
            """Return an EC key object on the expected curve, loading an
            OpenSSH public key, a PEM public key or a PEM private key."""
            if isinstance(key, (EllipticCurvePrivateKey, EllipticCurvePublicKey)):
                ec_key: AllowedECKeys = key
            elif isinstance(key, (bytes, str)):
                ec_key = self._load_key(force_bytes(key))
            else:
                raise TypeError("Expecting a PEM-formatted key.")
            self._validate_curve(ec_key)
            return ec_key

        def _load_key(self, key_bytes: bytes) -> AllowedECKeys:
            """Load a key whose kind is unknown: public forms first, then a
            PEM private key (whose ``ValueError`` is left to the caller)."""
            loaded: object
            try:
                if key_bytes.startswith(b"ecdsa-sha2-"):
                    loaded = load_ssh_public_key(key_bytes)
                else:
                    loaded = load_pem_public_key(key_bytes)
            except ValueError:
                loaded = load_pem_private_key(key_bytes, password=None)
            self.check_crypto_key_type(loaded)
            return cast(AllowedECKeys, loaded)

        def _validate_curve(self, key: AllowedECKeys) -> None:
            """RFC 7518 §3.4: each ES algorithm is bound to one curve."""
            expected = self.expected_curve
            if expected is None or isinstance(key.curve, expected):
                return
            raise InvalidKeyError(
                f"The key's curve '{key.curve.name}' does not match the expected "
                f"curve '{expected.name}' for this algorithm"
            )

        def sign(self, msg: bytes, key: EllipticCurvePrivateKey) -> bytes:
            """Sign, returning the JWS ``R || S`` form of the signature."""
            der_sig = key.sign(msg, ECDSA(self.hash_alg()))
            return der_to_raw_signature(der_sig, key.curve)

        def verify(self, msg: bytes, key: AllowedECKeys, sig: bytes) -> bool:
            """Verify a JWS ``R || S`` signature; one of the wrong length is
            invalid."""
            try:
                der_sig = raw_to_der_signature(sig, key.curve)
            except ValueError:
                return False
            public_key = (
                key.public_key() if isinstance(key, EllipticCurvePrivateKey) else key
            )
            try:
                public_key.verify(der_sig, msg, ECDSA(self.hash_alg()))
            except InvalidSignature:
                return False
            return True

        @overload
        @staticmethod
        def to_jwk(key_obj: AllowedECKeys, as_dict: Literal[True]) -> JWKDict: ...

        @overload
        @staticmethod
        def to_jwk(key_obj: AllowedECKeys, as_dict: Literal[False] = False) -> str: ...

        @staticmethod
        def to_jwk(key_obj: AllowedECKeys, as_dict: bool = False) -> JWKDict | str:
            """Serialise an EC key as a JWK (RFC 7518 §6.2), its coordinates
            and ``d`` at the curve's full width."""
            if isinstance(key_obj, EllipticCurvePrivateKey):
                public_numbers = key_obj.public_key().public_numbers()
            elif isinstance(key_obj, EllipticCurvePublicKey):
                public_numbers = key_obj.public_numbers()
            else:
                raise InvalidKeyError("Not a public or private key")

            crv = next(
                (
                    name
                    for name, curve_class in _EC_CURVES.items()
                    if isinstance(key_obj.curve, curve_class)
                ),
                None,
            )
            if crv is None:
                raise InvalidKeyError(f"Invalid curve: {key_obj.curve}")

            bits = key_obj.curve.key_size
            obj: JWKDict = {
                "kty": "EC",
                "crv": crv,
                "x": to_base64url_uint(public_numbers.x, bit_length=bits).decode(),
                "y": to_base64url_uint(public_numbers.y, bit_length=bits).decode(),
            }
            if isinstance(key_obj, EllipticCurvePrivateKey):
                private_value = key_obj.private_numbers().private_value
                obj["d"] = to_base64url_uint(private_value, bit_length=bits).decode()
            return _dump_jwk(obj, as_dict)

        @staticmethod
        def from_jwk(jwk: str | JWKDict) -> AllowedECKeys:
            """Load an EC public or private key from a JWK, checking that the
            coordinates and ``d`` have the curve's width."""
            obj = _load_jwk(jwk)
            if obj.get("kty") != "EC" or "x" not in obj or "y" not in obj:
                raise InvalidKeyError("Not an Elliptic curve key")

            x = base64url_decode(obj["x"])
            y = base64url_decode(obj["y"])
            crv = obj.get("crv")
            if not isinstance(crv, str) or crv not in _EC_CURVES:
                raise InvalidKeyError(f"Invalid curve: {crv}")
            curve = _EC_CURVES[crv]()
            size = (curve.key_size + 7) // 8
            if not len(x) == len(y) == size:
                raise InvalidKeyError(f"Coords should be {size} bytes for curve {crv}")

            public_numbers = EllipticCurvePublicNumbers(
                x=int.from_bytes(x, "big"), y=int.from_bytes(y, "big"), curve=curve
            )
            if "d" not in obj:
                return public_numbers.public_key()

            d = base64url_decode(obj["d"])
            if len(d) != size:
                raise InvalidKeyError(f"D should be {size} bytes for curve {crv}")
            return EllipticCurvePrivateNumbers(
                int.from_bytes(d, "big"), public_numbers
            ).private_key()

    class OKPAlgorithm(Algorithm):
        """EdDSA (RFC 8037 §3.1) with an Ed25519 or Ed448 key."""

        _crypto_key_types = (
            Ed25519PrivateKey,
            Ed25519PublicKey,
            Ed448PrivateKey,
            Ed448PublicKey,
        )

        def __init__(self, **kwargs: Any) -> None:
            """Takes no options; keyword arguments are accepted and ignored,
            as PyJWT does."""

        def prepare_key(self, key: AllowedOKPKeys | str | bytes) -> AllowedOKPKeys:
            """Return an Ed25519/Ed448 key object, loading a PEM public key,
            a PEM private key or an OpenSSH public key."""
            if not isinstance(key, (str, bytes)):
                self.check_crypto_key_type(key)
                return key

            key_str = key.decode("utf-8") if isinstance(key, bytes) else key
            key_bytes = force_bytes(key)
            loaded: object
            if "-----BEGIN PUBLIC" in key_str:
                loaded = load_pem_public_key(key_bytes)
            elif "-----BEGIN PRIVATE" in key_str:
                loaded = load_pem_private_key(key_bytes, password=None)
            elif key_str.startswith("ssh-"):
                loaded = load_ssh_public_key(key_bytes)
            else:
                raise InvalidKeyError("Not a public or private key")
            self.check_crypto_key_type(loaded)
            return cast(AllowedOKPKeys, loaded)

        def sign(
            self, msg: str | bytes, key: Ed25519PrivateKey | Ed448PrivateKey
        ) -> bytes:
            """Sign ``msg`` (a ``str`` is encoded as UTF-8)."""
            return key.sign(msg.encode("utf-8") if isinstance(msg, str) else msg)

        def verify(
            self, msg: str | bytes, key: AllowedOKPKeys, sig: str | bytes
        ) -> bool:
            """Verify ``sig`` over ``msg`` (``str`` values are encoded as
            UTF-8); a private key verifies with its public half."""
            msg_bytes = msg.encode("utf-8") if isinstance(msg, str) else msg
            sig_bytes = sig.encode("utf-8") if isinstance(sig, str) else sig
            public_key = (
                key.public_key()
                if isinstance(key, (Ed25519PrivateKey, Ed448PrivateKey))
                else key
            )
            try:
                public_key.verify(sig_bytes, msg_bytes)
            except InvalidSignature:
                return False
            return True

        @overload
        @staticmethod
        def to_jwk(key: AllowedOKPKeys, as_dict: Literal[True]) -> JWKDict: ...

        @overload
        @staticmethod
        def to_jwk(key: AllowedOKPKeys, as_dict: Literal[False] = False) -> str: ...

        @staticmethod
        def to_jwk(key: AllowedOKPKeys, as_dict: bool = False) -> JWKDict | str:
            """Serialise an Ed25519/Ed448 key as an ``OKP`` JWK (RFC 8037 §2)."""
            if isinstance(key, (Ed25519PrivateKey, Ed448PrivateKey)):
                public_key = key.public_key()
                d = key.private_bytes(
                    encoding=Encoding.Raw,
                    format=PrivateFormat.Raw,
                    encryption_algorithm=NoEncryption(),
                )
            elif isinstance(key, (Ed25519PublicKey, Ed448PublicKey)):
                public_key = key
                d = None
            else:
                raise InvalidKeyError("Not a public or private key")

            x = public_key.public_bytes(encoding=Encoding.Raw, format=PublicFormat.Raw)
            # Members in PyJWT's order, so the JSON text is identical.
            obj: JWKDict = {"x": base64url_encode(x).decode()}
            if d is not None:
                obj["d"] = base64url_encode(d).decode()
            obj["kty"] = "OKP"
            is_ed25519 = isinstance(public_key, Ed25519PublicKey)
            obj["crv"] = "Ed25519" if is_ed25519 else "Ed448"
            return _dump_jwk(obj, as_dict)

        @staticmethod
        def from_jwk(jwk: str | JWKDict) -> AllowedOKPKeys:
            """Load an Ed25519/Ed448 public or private key from an ``OKP``
            JWK."""
            obj = _load_jwk(jwk)
            if obj.get("kty") != "OKP":
                raise InvalidKeyError("Not an Octet Key Pair")

            curve = obj.get("crv")
            if curve not in ("Ed25519", "Ed448"):
                raise InvalidKeyError(f"Invalid curve: {curve}")
            if "x" not in obj:
                raise InvalidKeyError('OKP should have "x" parameter')
            x = base64url_decode(obj["x"])

            try:
                if "d" in obj:
                    d = base64url_decode(obj["d"])
                    if curve == "Ed25519":
                        return Ed25519PrivateKey.from_private_bytes(d)
                    return Ed448PrivateKey.from_private_bytes(d)
                if curve == "Ed25519":
                    return Ed25519PublicKey.from_public_bytes(x)
                return Ed448PublicKey.from_public_bytes(x)
            except ValueError as err:
                raise InvalidKeyError("Invalid key parameter") from err
