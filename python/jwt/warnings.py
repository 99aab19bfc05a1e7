"""The warnings this package emits, with PyJWT 2.12's names and bases."""


class RemovedInPyjwt3Warning(DeprecationWarning):
    """Warns about an argument or behaviour that PyJWT 3 will remove, such as
    unsupported keyword arguments to ``encode``/``decode``."""


# Why UserWarning: PyJWT 2.11 added this class as a UserWarning, and the
# meaning fits: the caller's key is weak, nothing is being deprecated.  Python
# shows UserWarnings by default (DeprecationWarnings are hidden outside
# __main__), so a short key is reported once per call site, and
# ``warnings.filterwarnings("ignore", category=jwt.InsecureKeyLengthWarning)``
# silences it, as PyJWT's documentation describes.
class InsecureKeyLengthWarning(UserWarning):
    """Warns that a key is shorter than the minimum recommended for its
    algorithm: an HMAC secret shorter than the hash output (RFC 7518 §3.2), or
    an RSA key under 2048 bits (NIST SP 800-131A).

    Pass ``enforce_minimum_key_length=True`` in the options of ``PyJWT`` or
    ``PyJWS`` to get :class:`jwt.exceptions.InvalidKeyError` instead.
    """
