"""Asymmetric interop of libtessera with PyJWT 2.6, jwcrypto and python3-cryptography.

For RS256/384/512, PS256/384/512, ES256/384/512, ES256K and EdDSA (Ed25519 and Ed448):
tokens made by tessera verify in PyJWT and jwcrypto, theirs verify in tessera; RS* and EdDSA
tokens (deterministic signatures) are byte-identical to PyJWT's jwt.encode with the same key,
claims and headers; JWKs exported by tessera load in jwcrypto (jwk.JWK(**members)) and in PyJWT
(jwt.PyJWK), theirs load in tessera, and RFC 7638 thumbprints equal jwcrypto's thumbprint().

The library is driven through tessera_interop_tool (tests/interop/tessera_interop_tool.cpp),
whose path ctest passes in TESSERA_INTEROP_TOOL.
"""

import base64
import json
import os
import subprocess
import tempfile
import time
import unittest

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa
from jwcrypto import jwk as jwc_jwk
from jwcrypto import jws as jwc_jws
from jwcrypto import jwt as jwc_jwt

TOOL = os.environ["TESSERA_INTEROP_TOOL"]

RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _ec(curve):
    return ec.generate_private_key(curve)


# alg -> (name, private key); one RSA key serves all RS* and PS*.
CASES = [
    ("RS256", "rsa", RSA_KEY),
    ("RS384", "rsa", RSA_KEY),
    ("RS512", "rsa", RSA_KEY),
    ("PS256", "rsa", RSA_KEY),
    ("PS384", "rsa", RSA_KEY),
    ("PS512", "rsa", RSA_KEY),
    ("ES256", "p256", _ec(ec.SECP256R1())),
    ("ES384", "p384", _ec(ec.SECP384R1())),
    ("ES512", "p521", _ec(ec.SECP521R1())),
    ("ES256K", "secp256k1", _ec(ec.SECP256K1())),
    ("EdDSA", "ed25519", ed25519.Ed25519PrivateKey.generate()),
    ("EdDSA", "ed448", ed448.Ed448PrivateKey.generate()),
]

DETERMINISTIC = {"RS256", "RS384", "RS512", "EdDSA"}


def pem_private(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def pem_public(key):
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)


class Tool:
    """Runs tessera_interop_tool; files live in a temporary directory."""

    def __init__(self, directory):
        self.directory = directory
        self.counter = 0

    def file(self, data, suffix=".pem"):
        self.counter += 1
        path = os.path.join(self.directory, f"f{self.counter}{suffix}")
        mode = "wb" if isinstance(data, bytes) else "w"
        with open(path, mode) as f:
            f.write(data)
        return path

    def run(self, *args, stdin=""):
        r = subprocess.run([TOOL, *args], input=stdin, capture_output=True, text=True,
                           timeout=60, check=False)
        return r

    def ok(self, *args, stdin=""):
        r = self.run(*args, stdin=stdin)
        if r.returncode != 0:
            raise AssertionError(f"tool {args} failed ({r.returncode}): {r.stderr.strip()}")
        return r.stdout.strip()


def claims_now(extra=None):
    now = int(time.time())
    claims = {"sub": "interop", "iss": "https://issuer.example", "iat": now, "exp": now + 300,
              "scope": "read write", "n": 42}
    if extra:
        claims.update(extra)
    return claims


class AsymmetricInterop(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.tool = Tool(cls.tmp.name)
        cls.files = {}
        for alg, name, key in CASES:
            if name not in cls.files:
                cls.files[name] = (cls.tool.file(pem_private(key)), cls.tool.file(pem_public(key)))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def cases(self):
        """(alg, name, key, private PEM path, public PEM path) for each case."""
        return [(alg, name, key, *self.files[name]) for alg, name, key in CASES]

    # --- tokens made here verify there ---

    def test_tessera_tokens_verify_in_pyjwt_and_jwcrypto(self):
        for alg, name, key, private_path, public_path in self.cases():
            with self.subTest(alg=alg, key=name):
                claims = claims_now()
                token = self.tool.ok("sign", alg, private_path, "kid-" + name,
                                     stdin=json.dumps(claims))
                header = jwt.get_unverified_header(token)
                self.assertEqual(header, {"alg": alg, "kid": "kid-" + name, "typ": "JWT"})
                # PyJWT
                self.assertEqual(jwt.decode(token, key.public_key(), algorithms=[alg]), claims)
                # jwcrypto, with the public key from PEM
                public = jwc_jwk.JWK.from_pem(pem_public(key))
                checked = jwc_jwt.JWT(jwt=token, key=public, algs=[alg])
                self.assertEqual(json.loads(checked.claims), claims)
                # Another key of the same type does not verify it.
                other = jwc_jwk.JWK.from_pem(pem_public(regenerate(key)))
                with self.assertRaises(jwc_jws.InvalidJWSSignature):
                    jwc_jwt.JWT(jwt=token, key=other, algs=[alg])

    # --- tokens made there verify here ---

    def test_pyjwt_and_jwcrypto_tokens_verify_in_tessera(self):
        for alg, name, key, private_path, public_path in self.cases():
            with self.subTest(alg=alg, key=name):
                claims = claims_now({"name": "Jos\u00e9", "nested": {"a": [1, 2.5, None, True]}})
                token = jwt.encode(claims, key, algorithm=alg, headers={"kid": "py"})
                out = json.loads(self.tool.ok("verify", alg, public_path, stdin=token))
                self.assertEqual(out["alg"], alg)
                self.assertEqual(out["claims"], claims)
                self.assertEqual(out["header"]["kid"], "py")

                signer = jwc_jwk.JWK.from_pem(pem_private(key))
                made = jwc_jwt.JWT(header={"alg": alg, "kid": "jwc"}, claims=claims)
                made.make_signed_token(signer)
                out = json.loads(self.tool.ok("verify", alg, public_path, stdin=made.serialize()))
                self.assertEqual(out["claims"], claims)

                # The allow-list must meet what the key serves, for their tokens too.
                wrong_alg = "ES256" if alg != "ES256" else "RS256"
                r = self.tool.run("verify", wrong_alg, public_path, stdin=token)
                self.assertEqual((r.returncode, r.stderr.strip()),
                                 (1, "error: key_outside_allow_list"))
                # One bit of the signature changed (its first character: all six bits are used).
                head, signature = token.rsplit(".", 1)
                flipped = ("B" if signature[0] == "A" else "A") + signature[1:]
                r = self.tool.run("verify", alg, public_path, stdin=head + "." + flipped)
                self.assertEqual((r.returncode, r.stderr.strip()), (1, "error: invalid_signature"))

    # --- byte-identical tokens ---

    def test_deterministic_tokens_are_byte_identical_to_pyjwt(self):
        compared = 0
        for alg, name, key, private_path, public_path in self.cases():
            with self.subTest(alg=alg, key=name):
                if alg not in DETERMINISTIC:
                    continue
                payloads = [
                    claims_now(),
                    {"sub": "1234567890", "name": "Jos\u00e9 M\u00fcller", "admin": True,
                     "iat": 1516239022, "f": 1.5, "list": [1, "two", None], "emoji": "\U0001F600"},
                ]
                for claims in payloads:
                    ours = self.tool.ok("sign", alg, private_path, stdin=json.dumps(claims))
                    theirs = jwt.encode(claims, key, algorithm=alg)
                    self.assertEqual(ours, theirs)
                    ours_kid = self.tool.ok("sign", alg, private_path, "key-7", stdin=json.dumps(claims))
                    theirs_kid = jwt.encode(claims, key, algorithm=alg, headers={"kid": "key-7"})
                    self.assertEqual(ours_kid, theirs_kid)
                    compared += 2
        self.assertEqual(compared, 5 * 2 * 2)  # RS256/384/512, Ed25519, Ed448

    # --- JWKs ---

    def test_tessera_jwks_load_in_jwcrypto_and_pyjwt(self):
        for alg, name, key, private_path, public_path in self.cases():
            with self.subTest(alg=alg, key=name):
                members = json.loads(self.tool.ok("export-jwk", public_path, "public", alg, "k1"))
                self.assertEqual(members["alg"], alg)
                self.assertEqual(members["kid"], "k1")
                self.assertEqual(members["use"], "sig")
                self.assertNotIn("d", members)
                jwc = jwc_jwk.JWK(**members)
                self.assertFalse(jwc.has_private)
                # The same key as the PEM, and the same thumbprint.
                self.assertEqual(jwc.export_to_pem(), pem_public(key))
                ours = self.tool.ok("thumbprint", self.tool.file(json.dumps(members), ".json"))
                self.assertEqual(ours, jwc.thumbprint())
                self.assertEqual(self.tool.ok("thumbprint", public_path), jwc.thumbprint())
                # PyJWT's PyJWK verifies a PyJWT token with it.
                token = jwt.encode(claims_now(), key, algorithm=alg)
                self.assertEqual(jwt.decode(token, jwt.PyJWK(members).key, algorithms=[alg])["sub"],
                                 "interop")

                # The private JWK: jwcrypto signs with it, tessera verifies; it is the same key.
                secret = json.loads(self.tool.ok("export-jwk", private_path, "private", alg))
                jwc_private = jwc_jwk.JWK(**secret)
                self.assertTrue(jwc_private.has_private)
                self.assertEqual(jwc_private.thumbprint(), jwc.thumbprint())
                self.assertEqual(jwc_private.export_to_pem(private_key=True, password=None),
                                 pem_private(key))
                signed = jwc_jws.JWS(b'{"sub":"jwk"}')
                signed.add_signature(jwc_private, alg=alg, protected=json.dumps({"alg": alg}))
                out = json.loads(self.tool.ok("verify", alg, public_path,
                                              stdin=signed.serialize(compact=True)))
                self.assertEqual(out["claims"], {"sub": "jwk"})
                # PyJWT signs with the private JWK; tessera verifies with its own public JWK.
                token = jwt.encode({"sub": "pyjwk"}, jwt.PyJWK(secret).key, algorithm=alg)
                out = json.loads(self.tool.ok("verify", alg, self.tool.file(json.dumps(members),
                                                                            ".json"), stdin=token))
                self.assertEqual(out["claims"], {"sub": "pyjwk"})

    def test_jwcrypto_and_pyjwt_jwks_load_in_tessera(self):
        generated = [
            ("RS256", dict(kty="RSA", size=2048)),
            ("PS384", dict(kty="RSA", size=3072)),
            ("ES256", dict(kty="EC", crv="P-256")),
            ("ES384", dict(kty="EC", crv="P-384")),
            ("ES512", dict(kty="EC", crv="P-521")),
            ("ES256K", dict(kty="EC", crv="secp256k1")),
            ("EdDSA", dict(kty="OKP", crv="Ed25519")),
            ("EdDSA", dict(kty="OKP", crv="Ed448")),
        ]
        for alg, params in generated:
            with self.subTest(alg=alg, params=params):
                key = jwc_jwk.JWK.generate(**params)
                public = json.loads(key.export_public())
                info = json.loads(self.tool.ok("import-jwk",
                                               self.tool.file(json.dumps(public), ".json")))
                self.assertEqual(info["thumbprint"], key.thumbprint())
                self.assertEqual(info["kty"], params["kty"])
                self.assertFalse(info["private"])
                self.assertIn(alg, info["algorithms"])
                private = json.loads(key.export_private())
                private_path = self.tool.file(json.dumps(private), ".json")
                info = json.loads(self.tool.ok("import-jwk", private_path))
                self.assertTrue(info["private"])
                self.assertEqual(info["thumbprint"], key.thumbprint())
                # tessera signs with their private JWK; jwcrypto and PyJWT verify.
                claims = claims_now()
                token = self.tool.ok("sign", alg, private_path, "gen", stdin=json.dumps(claims))
                checked = jwc_jwt.JWT(jwt=token, key=key, algs=[alg])
                self.assertEqual(json.loads(checked.claims), claims)
                self.assertEqual(jwt.decode(token, jwt.PyJWK(public, algorithm=alg).key,
                                            algorithms=[alg]), claims)
                # A JWK Set of theirs, by kid.
                public["kid"] = "set-key"
                jwks = {"keys": [public]}
                token = self.tool.ok("sign", alg, private_path, "set-key", stdin=json.dumps(claims))
                out = json.loads(self.tool.ok("verify", alg,
                                              self.tool.file(json.dumps(jwks), ".json"),
                                              stdin=token))
                self.assertEqual(out["claims"], claims)

        # PyJWT's own JWK export (Algorithm.to_jwk) imports with the same thumbprint.
        short_coordinates = []
        for alg, name, key, private_path, public_path in self.cases():
            with self.subTest(alg=alg, key=name):
                algorithm = jwt.algorithms.get_default_algorithms()[alg]
                exported = json.loads(algorithm.to_jwk(key.public_key()))
                path = self.tool.file(json.dumps(exported), ".json")
                if exported["kty"] == "EC" and not full_width(exported):
                    # PyJWT 2.6 writes EC coordinates without their leading zero bytes, which
                    # RFC 7518 6.2.1.2 forbids ("MUST be the full length"); tessera refuses them.
                    r = self.tool.run("import-jwk", path)
                    self.assertEqual((r.returncode, r.stderr.strip()), (1, "error: invalid_jwk"))
                    short_coordinates.append(alg)
                    continue
                info = json.loads(self.tool.ok("import-jwk", path))
                self.assertEqual(info["thumbprint"], jwc_jwk.JWK(**exported).thumbprint())


class PyJwtShortEcCoordinates(unittest.TestCase):
    """PyJWT 2.6's ECAlgorithm.to_jwk drops leading zero bytes of x and y; RFC 7518 6.2.1.2 says
    they "MUST be the full length" of the field, and tessera refuses such a JWK (invalid_jwk),
    while tessera's own full-width JWK of the same key loads in PyJWT."""

    def test_short_coordinates_are_refused_and_full_width_ones_interoperate(self):
        with tempfile.TemporaryDirectory() as directory:
            tool = Tool(directory)
            # P-521 coordinates are 66 bytes whose first byte is 0 or 1: about half the keys.
            for _ in range(200):
                key = ec.generate_private_key(ec.SECP521R1())
                exported = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
                if not full_width(exported):
                    break
            else:
                self.fail("no P-521 key with a short coordinate in 200 tries")
            r = tool.run("import-jwk", tool.file(json.dumps(exported), ".json"))
            self.assertEqual((r.returncode, r.stderr.strip()), (1, "error: invalid_jwk"))
            ours = json.loads(tool.ok("export-jwk", tool.file(pem_public(key)), "public"))
            self.assertTrue(full_width(ours))
            token = jwt.encode({"sub": "p521"}, key, algorithm="ES512")
            self.assertEqual(jwt.decode(token, jwt.PyJWK(ours).key, algorithms=["ES512"]),
                             {"sub": "p521"})
            # jwcrypto's own export is full width too, so the RFC 7638 thumbprints agree; the
            # short form hashes other text and gives another thumbprint.
            theirs = jwc_jwk.JWK.from_pem(pem_public(key))
            self.assertTrue(full_width(json.loads(theirs.export_public())))
            self.assertEqual(tool.ok("thumbprint", tool.file(json.dumps(ours), ".json")),
                             theirs.thumbprint())
            self.assertNotEqual(jwc_jwk.JWK(**exported).thumbprint(), theirs.thumbprint())


COORDINATE_BYTES = {"P-256": 32, "P-384": 48, "P-521": 66, "secp256k1": 32}


def full_width(members):
    """True when an EC JWK's x and y have the curve's full width (RFC 7518 6.2.1.2)."""
    width = COORDINATE_BYTES[members["crv"]]

    def size(b64):
        return len(base64.urlsafe_b64decode(b64 + "=" * (-len(b64) % 4)))

    return size(members["x"]) == width and size(members["y"]) == width


def regenerate(key):
    """A new private key of the same type and size."""
    if isinstance(key, rsa.RSAPrivateKey):
        return rsa.generate_private_key(public_exponent=65537, key_size=key.key_size)
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return ec.generate_private_key(key.curve)
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return ed25519.Ed25519PrivateKey.generate()
    return ed448.Ed448PrivateKey.generate()


if __name__ == "__main__":
    unittest.main(verbosity=2)
