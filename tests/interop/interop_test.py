"""Interop of tessera with PyJWT and jwcrypto (Debian's python3-jwt and python3-jwcrypto).

Tokens made by them must verify with `tessera verify`, tokens made by `tessera encode` must
verify with them, and tessera's output must be byte-identical to PyJWT's for the same input.
Run by ctest with TESSERA_BIN set to the tessera binary.
"""

import json
import os
import subprocess
import sys
import time
import unittest

import jwt
from jwcrypto import jwk as jwc_jwk
from jwcrypto import jws as jwc_jws
from jwcrypto import jwt as jwc_jwt
from jwcrypto.common import base64url_encode

TESSERA = os.environ["TESSERA_BIN"]

SECRETS = {
    "HS256": b"k" * 32,
    "HS384": bytes(range(48)),
    "HS512": b"a-64-byte-secret-for-hs512-".ljust(64, b"!"),
}

GUIDE_TOKEN = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJ1c2VyX2lkIjoxMjMsInVzZXJuYW1lIjoiSm9obkRvZSIsImFkbWluIjp0cnVlfQ."
    "_NU3n4D8l8vrSaqZq2KuEs1lPmKE1zyISbCISWY-HFY"
)

# Payloads whose JSON text exercises the writer: escapes, non-ASCII, emoji beyond the BMP,
# integers, floats, booleans, null, nesting, audience lists.
PAYLOADS = [
    '{"user_id":123,"username":"JohnDoe","admin":true}',
    '{"sub":"1234567890","name":"Satoshi Nakamoto","admin":true,"iat":1516239022}',
    '{"quote":"he said \\"hi\\"","path":"C:\\\\temp","tab":"a\\tb","nl":"x\\ny","ctl":"\\u0001\\u001f\\u007f"}',
    '{"name":"Jos\\u00e9 M\\u00fcller","city":"\\u6771\\u4eac","emoji":"\\ud83d\\ude00\\ud83c\\udf89"}',
    '{"raw_utf8":"caf\u00e9 \u2603 \U0001F680"}',
    '{"ints":[0,-1,9007199254740993,-9223372036854775808,18446744073709551615]}',
    '{"floats":[1.0,0.1,-2.5,1e16,1e15,1e-05,0.0001,123.456,1.7976931348623157e308,5e-324,-0.0]}',
    '{"flags":[true,false,null],"empty_obj":{},"empty_arr":[],"empty_str":""}',
    '{"nested":{"a":{"b":{"c":[1,{"d":"e"}]}}},"z":1,"a":2}',
    '{"aud":["api","web"],"iss":"https://auth.example.com","scope":"read write"}',
    '{"aud":"api","exp":2000000000,"nbf":1000000000.5}',
    '{"big":123456789012345678901234567890,"neg":-98765432109876543210,"in":[18446744073709551616]}',
]


def run(*args, stdin=None):
    return subprocess.run(
        [TESSERA, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def secret_arg(alg):
    # Secrets with bytes that are not valid text go through a file.
    path = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"tessera-interop-{os.getpid()}-{alg}")
    with open(path, "wb") as f:
        f.write(SECRETS[alg])
    return ["--secret-file", path]


class PyJwtTokensVerifyInTessera(unittest.TestCase):
    def test_each_hs_algorithm(self):
        now = int(time.time())
        for alg in SECRETS:
            with self.subTest(alg=alg):
                claims = {"sub": "alice", "iss": "pyjwt", "aud": ["api", "x"], "iat": now,
                          "exp": now + 300, "n": 1.5, "tags": ["a", "b"]}
                token = jwt.encode(claims, SECRETS[alg], algorithm=alg, headers={"kid": "k1"})
                r = run("verify", "--alg", alg, *secret_arg(alg), "--aud", "api", "--iss",
                        "pyjwt", "--require", "exp,sub", token)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(json.loads(r.stdout), claims)

    def test_integers_beyond_64_bits_are_kept_digit_for_digit(self):
        claims = {"sub": "alice", "exp": int(time.time()) + 300,
                  "big": 2**200 + 1, "neg": -(10**30) - 7, "nested": {"list": [2**64, 1]}}
        token = jwt.encode(claims, SECRETS["HS256"], algorithm="HS256")
        r = run("verify", "--alg", "HS256", *secret_arg("HS256"), token)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout), claims)
        self.assertIn(str(2**200 + 1), r.stdout)
        # The registered time claims stay strict: PyJWT refuses them too (OverflowError).
        huge_exp = jwt.encode({"exp": 2**70}, SECRETS["HS256"], algorithm="HS256")
        r = run("verify", "--alg", "HS256", *secret_arg("HS256"), huge_exp)
        self.assertEqual(r.returncode, 1)
        self.assertTrue(r.stderr.startswith("error: invalid_exp_claim:"), r.stderr)

    def test_guide_token(self):
        self.assertEqual(
            jwt.encode({"user_id": 123, "username": "JohnDoe", "admin": True}, "secret",
                       algorithm="HS256"),
            GUIDE_TOKEN)
        r = run("verify", "--alg", "HS256", "--secret", "secret", "--allow-weak-key",
                GUIDE_TOKEN)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout),
                         {"user_id": 123, "username": "JohnDoe", "admin": True})

    def test_pyjwt_expired_token_rejected(self):
        token = jwt.encode({"exp": int(time.time()) - 10}, SECRETS["HS256"], algorithm="HS256")
        r = run("verify", "--alg", "HS256", *secret_arg("HS256"), token)
        self.assertEqual(r.returncode, 1)
        self.assertTrue(r.stderr.startswith("error: token_expired:"), r.stderr)

    def test_pyjwt_token_with_other_secret_rejected(self):
        token = jwt.encode({"sub": "x"}, b"z" * 32, algorithm="HS256")
        r = run("verify", "--alg", "HS256", *secret_arg("HS256"), token)
        self.assertEqual(r.returncode, 1)
        self.assertTrue(r.stderr.startswith("error: invalid_signature:"), r.stderr)


class JwcryptoTokensVerifyInTessera(unittest.TestCase):
    def test_each_hs_algorithm(self):
        for alg in SECRETS:
            with self.subTest(alg=alg):
                key = jwc_jwk.JWK(kty="oct", k=base64url_encode(SECRETS[alg]))
                claims = {"sub": "bob", "exp": int(time.time()) + 300, "role": "admin"}
                token = jwc_jwt.JWT(header={"alg": alg, "typ": "JWT"}, claims=claims)
                token.make_signed_token(key)
                r = run("verify", "--alg", alg, *secret_arg(alg), "--typ", "JWT",
                        token.serialize())
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(json.loads(r.stdout), claims)


class TesseraTokensVerifyElsewhere(unittest.TestCase):
    def test_pyjwt_and_jwcrypto_accept_tessera_tokens(self):
        for alg in SECRETS:
            with self.subTest(alg=alg):
                r = run("encode", "--alg", alg, *secret_arg(alg), "--sub", "carol", "--iss",
                        "tessera", "--aud", "api", "--exp", "10m", "--iat", "--jti",
                        '{"role":"admin","n":[1,2.5,null]}')
                self.assertEqual(r.returncode, 0, r.stderr)
                token = r.stdout.strip()

                decoded = jwt.decode(token, SECRETS[alg], algorithms=[alg], audience="api",
                                     issuer="tessera")
                self.assertEqual(decoded["sub"], "carol")
                self.assertEqual(decoded["role"], "admin")
                self.assertEqual(decoded["n"], [1, 2.5, None])
                self.assertEqual(jwt.get_unverified_header(token), {"alg": alg, "typ": "JWT"})

                key = jwc_jwk.JWK(kty="oct", k=base64url_encode(SECRETS[alg]))
                verified = jwc_jws.JWS()
                verified.deserialize(token)
                verified.verify(key, alg=alg)
                self.assertEqual(json.loads(verified.payload)["sub"], "carol")


class ByteIdenticalToPyJwt(unittest.TestCase):
    def test_payloads(self):
        for alg in SECRETS:
            for payload in PAYLOADS:
                with self.subTest(alg=alg, payload=payload):
                    expected = jwt.encode(json.loads(payload), SECRETS[alg], algorithm=alg)
                    r = run("encode", "--alg", alg, *secret_arg(alg), payload)
                    self.assertEqual(r.returncode, 0, r.stderr)
                    self.assertEqual(r.stdout.strip(), expected)

    def test_headers(self):
        payload = '{"sub":"x"}'
        expected = jwt.encode(json.loads(payload), SECRETS["HS256"], algorithm="HS256",
                              headers={"kid": "key-2026", "zz": "last", "cty": "JWT",
                                       "x5t": "\u00e9"})
        r = run("encode", "--alg", "HS256", *secret_arg("HS256"), "--kid", "key-2026",
                "--header", '{"zz":"last","cty":"JWT","x5t":"\\u00e9"}', payload)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), expected)

    def test_audience_list_and_string(self):
        one = run("encode", "--alg", "HS256", *secret_arg("HS256"), "--aud", "api")
        self.assertEqual(one.stdout.strip(),
                         jwt.encode({"aud": "api"}, SECRETS["HS256"], algorithm="HS256"))
        two = run("encode", "--alg", "HS256", *secret_arg("HS256"), "--aud", "api", "--aud",
                  "web")
        self.assertEqual(two.stdout.strip(),
                         jwt.encode({"aud": ["api", "web"]}, SECRETS["HS256"],
                                    algorithm="HS256"))

    def test_guide_token(self):
        r = run("encode", "--alg", "HS256", "--secret", "secret", "--allow-weak-key",
                '{"user_id":123,"username":"JohnDoe","admin":true}')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), GUIDE_TOKEN)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    sys.exit(0 if result.wasSuccessful() and result.testsRun > 0 else 1)
