"""The tessera package's own API: keys bound to algorithms, a verifier made once (over a key or
a remote JWK Set), errors with the library's codes."""

from __future__ import annotations

import http.server
import json
import threading
import time
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

import jwt
import tessera

SECRET = "s" * 32
NOW = int(time.time())


def test_sign_and_verify_with_a_secret():
    key = tessera.SigningKey("HS256", SECRET)
    assert key.algorithm == "HS256"
    claims = {"sub": "alice", "exp": NOW + 60, "iss": "https://auth.example", "n": [1, 2.5, None]}
    token = tessera.encode(claims, key, kid="k-1")
    assert token == jwt.encode(claims, SECRET, headers={"kid": "k-1"})  # PyJWT's bytes
    verifier = tessera.Verifier(key=SECRET, algorithms=["HS256"], issuer="https://auth.example")
    assert verifier.verify(token) == claims
    assert verifier.verify(token.encode()) == claims
    assert verifier.wait_ready(0) is True


@pytest.mark.parametrize(
    ("claims", "options", "code"),
    [
        ({"exp": NOW - 10}, {}, "token_expired"),
        ({"nbf": NOW + 600}, {}, "token_not_yet_valid"),
        ({"iss": "other"}, {"issuer": "https://auth.example"}, "invalid_issuer"),
        ({"aud": "web"}, {"audience": ["api"]}, "invalid_audience"),
        ({}, {"required": ["exp"]}, "missing_exp"),
        ({"sub": "bob"}, {"subject": "alice"}, "invalid_subject"),
    ],
)
def test_refusals_carry_the_library_code(claims, options, code):
    token = tessera.encode(claims, tessera.SigningKey("HS256", SECRET))
    verifier = tessera.Verifier(key=SECRET, algorithms=["HS256"], **options)
    with pytest.raises(tessera.TokenError) as refused:
        verifier.verify(token)
    assert refused.value.code == code
    assert str(refused.value).startswith(code + ": ")


def test_leeway_as_a_timedelta():
    token = tessera.encode({"exp": NOW - 5}, tessera.SigningKey("HS256", SECRET))
    verifier = tessera.Verifier(key=SECRET, algorithms=["HS256"], leeway=timedelta(seconds=60))
    assert verifier.verify(token) == {"exp": NOW - 5}


def test_bad_configuration_is_refused_with_a_code():
    with pytest.raises(tessera.ConfigurationError) as short:
        tessera.SigningKey("HS256", "short")
    assert short.value.code == "key_too_short"
    with pytest.raises(tessera.ConfigurationError):
        tessera.Verifier(key=SECRET, jwks_url="https://x", algorithms=["HS256"])
    with pytest.raises(tessera.ConfigurationError):
        tessera.Verifier(key=SECRET, algorithms=["none"])
    with pytest.raises(ValueError):  # ConfigurationError is a ValueError
        tessera.Verifier(key="-----BEGIN PUBLIC KEY-----", algorithms=["RS256"])
    with pytest.raises(tessera.ConfigurationError):
        tessera.encode({"t": (1, 2)}, tessera.SigningKey("HS256", SECRET))


@pytest.fixture()
def jwks_server():
    """A JWK Set on 127.0.0.1 over plain http, with the ES256 key that signs the tokens."""
    private = ec.generate_private_key(ec.SECP256R1())
    jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(private.public_key()))
    body = json.dumps({"keys": [dict(jwk, kid="k-1", use="sig", alg="ES256")]}).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802: the standard library's name
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    yield f"http://127.0.0.1:{server.server_port}/jwks.json", pem
    server.shutdown()


def test_verify_against_a_remote_key_set(jwks_server):
    url, private_pem = jwks_server
    with pytest.raises(tessera.ConfigurationError):  # plain http needs the explicit opt-in
        tessera.Verifier(jwks_url=url, algorithms=["ES256"])
    verifier = tessera.Verifier(jwks_url=url, algorithms=["ES256"], allow_insecure_http=True)
    assert verifier.wait_ready(5.0)
    token = tessera.encode({"sub": "alice"}, tessera.SigningKey("ES256", private_pem), kid="k-1")
    assert verifier.verify(token) == {"sub": "alice"}
    unknown = tessera.encode({"sub": "alice"}, tessera.SigningKey("ES256", private_pem), kid="k-2")
    with pytest.raises(tessera.TokenError) as refused:
        verifier.verify(unknown)
    assert refused.value.code == "no_matching_key"
