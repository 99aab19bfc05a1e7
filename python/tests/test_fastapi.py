"""tessera.fastapi.TesseraBearer and examples/fastapi_app.py, through FastAPI's TestClient.

The dependency against a local key (an HS256 secret, an ES256 public key) and against a JWK Set
served on loopback: RFC 6750's answers, scopes, the guide's 403 mode, optional authentication,
the OpenAPI scheme. Then both against a live `tessera serve` on loopback (the binary from
TESSERA_BIN, started by tests/support/tessera_service.py): tokens from its /login admitted by the
example app in front of it, tokens of another issuer refused; and the example app on its own.
"""

import asyncio
import base64
import http.server
import importlib.util
import itertools
import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

import tessera
from tessera.fastapi import TesseraBearer

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "fastapi_app.py"
sys.path.insert(0, str(ROOT / "tests" / "support"))
import tessera_service  # noqa: E402  (tests/support is not a package)

SECRET = "s" * 32
HS256 = tessera.SigningKey("HS256", SECRET)
EC_KEY = ec.generate_private_key(ec.SECP256R1())
ES256 = tessera.SigningKey("ES256", EC_KEY.private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
    serialization.NoEncryption()))
EC_PUBLIC_PEM = EC_KEY.public_key().public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()

GUIDE_REFUSAL = (403, {"detail": "Invalid authorization code"})

needs_service = pytest.mark.skipif(
    "TESSERA_BIN" not in os.environ,
    reason="TESSERA_BIN is not set: the tests against a live `tessera serve` need the tessera "
           "binary (ctest sets it to build/release/cli/tessera)")


def sign(key: tessera.SigningKey = HS256, kid: str | None = None, **claims) -> str:
    """A token with `claims`, expiring in a minute unless `exp` is given."""
    claims.setdefault("exp", int(time.time()) + 60)
    return tessera.encode(claims, key, kid=kid)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def client_for(dependency: TesseraBearer) -> TestClient:
    """An app whose GET /secure-endpoint is behind `dependency` and answers the claims."""
    app = FastAPI()

    @app.get("/secure-endpoint")
    async def secure(claims: dict | None = Depends(dependency)):
        return {"claims": claims}

    return TestClient(app)


def get_with_raw_headers(client: TestClient, headers) -> httpx.Response:
    """GET /secure-endpoint with `headers` sent as they are: TestClient joins a repeated header
    into one line, httpx's ASGI transport does not."""
    async def get() -> httpx.Response:
        async with httpx.AsyncClient(app=client.app, base_url="http://testserver") as raw:
            return await raw.get("/secure-endpoint", headers=headers)
    return asyncio.run(get())


def assert_invalid_token(response: httpx.Response, code: str, token: str) -> None:
    """RFC 6750 section 3.1's invalid_token answer, naming `code` and never the token."""
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token"}
    assert response.headers["WWW-Authenticate"] == (
        f'Bearer error="invalid_token", error_description="{code}"')
    assert token not in response.text and token not in str(response.headers)


# --- a local key ------------------------------------------------------------------------------

@pytest.fixture()
def hs256() -> TestClient:
    return client_for(TesseraBearer(key=SECRET, algorithms=["HS256"]))


def test_valid_token_gives_its_claims(hs256):
    token = sign(sub="alice", role="admin")
    response = hs256.get("/secure-endpoint", headers=bearer(token))
    assert response.status_code == 200
    claims = response.json()["claims"]
    assert (claims["sub"], claims["role"]) == ("alice", "admin")


def test_expired_token_is_invalid_token(hs256):
    token = sign(sub="alice", exp=int(time.time()) - 10)
    assert_invalid_token(hs256.get("/secure-endpoint", headers=bearer(token)),
                         "token_expired", token)


def test_wrong_signature_is_invalid_token(hs256):
    token = sign(tessera.SigningKey("HS256", "t" * 32), sub="alice")
    assert_invalid_token(hs256.get("/secure-endpoint", headers=bearer(token)),
                         "invalid_signature", token)


def test_token_without_exp_is_refused_by_default(hs256):
    token = tessera.encode({"sub": "alice"}, HS256)
    assert_invalid_token(hs256.get("/secure-endpoint", headers=bearer(token)),
                         "missing_exp", token)


def test_no_authorization_header_is_a_bare_challenge(hs256):
    # RFC 6750 section 3.1: no error code when the request carries no credentials.
    response = hs256.get("/secure-endpoint")
    assert response.status_code == 401
    assert response.json() == {"detail": "Not authenticated"}
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("authorization", [
    "Basic dXNlcjpwYXNzd29yZA==", "Token abc", "Bearer", "Bearer ", "Bearerabc",
    "Bearer a b", 'Bearer a"b', "Bearer a,b",
])
def test_other_schemes_and_malformed_credentials_are_a_bare_challenge(hs256, authorization):
    response = hs256.get("/secure-endpoint", headers={"Authorization": authorization})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_scheme_is_case_insensitive(hs256):
    response = hs256.get("/secure-endpoint", headers={"Authorization": f"bEARER  {sign()}"})
    assert response.status_code == 200


def test_two_authorization_headers_are_an_invalid_request(hs256):
    token = sign()
    response = get_with_raw_headers(hs256, [("Authorization", f"Bearer {token}"),
                                            ("Authorization", f"Bearer {token}")])
    assert response.status_code == 400
    assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_request"'


@pytest.mark.parametrize("claims, admitted", [
    ({"scope": "read write admin"}, True),
    ({"scope": "write read"}, True),
    ({"scope": "read"}, False),
    ({"scope": "readwrite"}, False),
    ({"scp": ["read", "write"]}, True),
    ({"scp": "read write"}, True),
    ({"scp": ["read"]}, False),
    ({"scope": "read", "scp": ["read", "write"]}, False),  # scope wins: scp is not read
    ({"scope": ["read", "write"]}, False),                # scope must be a string
    ({}, False),
])
def test_every_required_scope_is_needed(claims, admitted):
    client = client_for(TesseraBearer(key=SECRET, algorithms=["HS256"], scopes=["read", "write"]))
    response = client.get("/secure-endpoint", headers=bearer(sign(**claims)))
    if admitted:
        assert response.status_code == 200
        return
    assert response.status_code == 403
    assert response.json() == {"detail": "Insufficient scope"}
    assert response.headers["WWW-Authenticate"] == (
        'Bearer error="insufficient_scope", scope="read write"')


# Requests the guide's mode refuses, made when the test runs (the tokens expire).
GUIDE_REFUSED = {
    "no header": lambda: {},
    "another scheme": lambda: {"Authorization": "Basic dXNlcjpwYXNzd29yZA=="},
    "no token": lambda: {"Authorization": "Bearer"},
    "expired": lambda: bearer(sign(scope="read", exp=int(time.time()) - 10)),
    "wrong signature": lambda: bearer(sign(tessera.SigningKey("HS256", "t" * 32), scope="read")),
    "insufficient scope": lambda: bearer(sign(scope="write")),
    "two headers": lambda: [("Authorization", "Bearer a"), ("Authorization", "Bearer b")],
}


@pytest.mark.parametrize("case", GUIDE_REFUSED)
def test_guide_errors_answer_every_refusal_403(case):
    client = client_for(TesseraBearer(key=SECRET, algorithms=["HS256"], scopes=["read"],
                                      guide_errors=True))
    response = get_with_raw_headers(client, GUIDE_REFUSED[case]())
    assert (response.status_code, response.json()) == GUIDE_REFUSAL
    assert "WWW-Authenticate" not in response.headers
    assert client.get("/secure-endpoint", headers=bearer(sign(scope="read"))).status_code == 200


def test_one_string_is_one_scope():
    client = client_for(TesseraBearer(key=SECRET, algorithms="HS256", scopes="read"))
    assert client.get("/secure-endpoint", headers=bearer(sign(scope="read"))).status_code == 200
    assert client.get("/secure-endpoint", headers=bearer(sign(scope="r"))).status_code == 403


def test_auto_error_false_makes_the_token_optional_but_not_unchecked():
    client = client_for(TesseraBearer(key=SECRET, algorithms=["HS256"], auto_error=False))
    assert client.get("/secure-endpoint").json() == {"claims": None}
    basic = {"Authorization": "Basic dXNlcjpwYXNzd29yZA=="}
    assert client.get("/secure-endpoint", headers=basic).json() == {"claims": None}
    admitted = client.get("/secure-endpoint", headers=bearer(sign(sub="alice")))
    assert admitted.json()["claims"]["sub"] == "alice"
    expired = sign(sub="alice", exp=int(time.time()) - 10)
    assert_invalid_token(client.get("/secure-endpoint", headers=bearer(expired)),
                         "token_expired", expired)


def test_openapi_lists_a_bearer_scheme():
    app = FastAPI()
    default = TesseraBearer(key=SECRET, algorithms=["HS256"])
    named = TesseraBearer(key=SECRET, algorithms=["HS256"], scheme_name="issuer",
                          description="Tokens of the issuer")

    @app.get("/a")
    async def a(claims: dict = Depends(default)):
        return claims

    @app.get("/b")
    async def b(claims: dict = Depends(named)):
        return claims

    schema = TestClient(app).get("/openapi.json").json()
    assert schema["components"]["securitySchemes"] == {
        "TesseraBearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
        "issuer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                   "description": "Tokens of the issuer"},
    }
    assert schema["paths"]["/a"]["get"]["security"] == [{"TesseraBearer": []}]
    assert schema["paths"]["/b"]["get"]["security"] == [{"issuer": []}]
    assert TestClient(app).get("/docs").status_code == 200  # Swagger UI, with "Authorize"


def test_issuer_and_audience_are_checked():
    client = client_for(TesseraBearer(key=SECRET, algorithms=["HS256"],
                                      issuer="https://issuer.example", audience=["api", "web"]))
    good = {"iss": "https://issuer.example", "aud": "web"}
    assert client.get("/secure-endpoint", headers=bearer(sign(**good))).status_code == 200
    for claims, code in [({**good, "iss": "https://other.example"}, "invalid_issuer"),
                         ({**good, "aud": "other"}, "invalid_audience")]:
        token = sign(**claims)
        assert_invalid_token(client.get("/secure-endpoint", headers=bearer(token)), code, token)


def test_public_key_admits_only_its_algorithm():
    client = client_for(TesseraBearer(key=EC_PUBLIC_PEM, algorithms=["ES256"]))
    assert client.get("/secure-endpoint", headers=bearer(sign(ES256))).status_code == 200
    hs = sign(HS256)
    assert_invalid_token(client.get("/secure-endpoint", headers=bearer(hs)),
                         "algorithm_not_allowed", hs)


@pytest.mark.parametrize("arguments, error", [
    ({"key": SECRET}, ValueError),  # a key's algorithms are never guessed
    ({"key": SECRET, "algorithms": ["HS256"], "scopes": ["read write"]}, ValueError),
    ({"key": SECRET, "algorithms": ["HS256"], "scopes": ['a"b']}, ValueError),
    ({"key": SECRET, "algorithms": ["HS256"], "scopes": [""]}, ValueError),
    ({"key": SECRET, "algorithms": ["HS256"], "jwks_url": "https://issuer.example/jwks"},
     tessera.ConfigurationError),
    ({}, tessera.ConfigurationError),
    ({"key": SECRET, "algorithms": []}, tessera.ConfigurationError),
    ({"jwks_url": "http://issuer.example/jwks"}, tessera.ConfigurationError),
])
def test_bad_configuration_fails_at_construction(arguments, error):
    with pytest.raises(error):
        TesseraBearer(**arguments)


# --- a JWK Set on loopback --------------------------------------------------------------------

def b64url(n: int) -> str:
    return base64.urlsafe_b64encode(n.to_bytes(32, "big")).rstrip(b"=").decode()


@pytest.fixture(scope="module")
def jwks_url() -> Iterator[str]:
    """The URL of a JWK Set holding EC_KEY's public key, kid "k1", served on 127.0.0.1."""
    numbers = EC_KEY.public_key().public_numbers()
    body = json.dumps({"keys": [{"kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig",
                                 "kid": "k1", "x": b64url(numbers.x), "y": b64url(numbers.y)}]})

    class KeySet(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer((tessera_service.HOST, 0), KeySet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{tessera_service.HOST}:{server.server_port}/.well-known/jwks.json"
    server.shutdown()
    thread.join()


def test_jwks_tokens_are_verified_by_kid(jwks_url):
    dependency = TesseraBearer(jwks_url=jwks_url, allow_insecure_http=True)
    assert dependency.wait_ready(10)
    client = client_for(dependency)
    assert client.get("/secure-endpoint", headers=bearer(sign(ES256, kid="k1"))).status_code == 200
    for token, code in [(sign(ES256, kid="k2"), "no_matching_key"),
                        (sign(HS256, kid="k1"), "algorithm_not_allowed")]:
        assert_invalid_token(client.get("/secure-endpoint", headers=bearer(token)), code, token)


def test_unfetched_key_set_is_503_not_invalid_token():
    # Nothing listens there: the key set never arrives, and the token is not to blame.
    url = f"http://{tessera_service.HOST}:{tessera_service.free_port()}/.well-known/jwks.json"
    for guide_errors in (False, True):
        client = client_for(TesseraBearer(jwks_url=url, allow_insecure_http=True,
                                          guide_errors=guide_errors))
        response = client.get("/secure-endpoint", headers=bearer(sign(ES256, kid="k1")))
        assert response.status_code == 503
        assert response.json() == {"detail": "Token keys unavailable"}
        assert response.headers["Retry-After"] == "10"


# --- examples/fastapi_app.py ------------------------------------------------------------------

_EXAMPLE_ENVIRONMENT = ("TESSERA_JWKS_URL", "TESSERA_ISSUER", "TESSERA_AUDIENCE",
                        "TESSERA_ALLOW_INSECURE_HTTP", "TESSERA_SECRET")
_example_loads = itertools.count()


def example_app(monkeypatch, **environment: str) -> FastAPI:
    """A fresh import of examples/fastapi_app.py with exactly `environment` among its
    variables (it reads them at import)."""
    for name in _EXAMPLE_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location(f"fastapi_app_{next(_example_loads)}", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.app


def log_in(client: TestClient, username: str = "test", password: str = "password"):
    return client.post("/login", json={"username": username, "password": password})


def test_example_on_its_own_signs_and_verifies_its_tokens(monkeypatch):
    with TestClient(example_app(monkeypatch, TESSERA_SECRET=SECRET)) as client:
        answer = log_in(client)
        assert answer.status_code == 200
        assert answer.json()["token_type"] == "bearer"
        token = answer.json()["access_token"]
        secure = client.get("/secure-endpoint", headers=bearer(token))
        assert secure.json() == {"message": "You've accessed a secure endpoint!"}
        assert log_in(client, password="wrong").status_code == 401
        assert log_in(client, username="nobody").status_code == 401
        assert client.get("/secure-endpoint").status_code == 401
    claims = tessera.Verifier(key=SECRET, algorithms=["HS256"], required=["exp"]).verify(token)
    assert claims["sub"] == "test"


def test_example_without_a_secret_makes_one(monkeypatch):
    with TestClient(example_app(monkeypatch)) as client:
        token = log_in(client).json()["access_token"]
        assert client.get("/secure-endpoint", headers=bearer(token)).status_code == 200
    with pytest.raises(tessera.TokenError):
        tessera.Verifier(key=SECRET, algorithms=["HS256"]).verify(token)


def test_example_needs_an_issuer_with_a_jwks_url(monkeypatch):
    with pytest.raises(RuntimeError, match="TESSERA_ISSUER"):
        example_app(monkeypatch, TESSERA_JWKS_URL="https://issuer.example/jwks")


# --- a live tessera serve ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def service() -> Iterator[tessera_service.Service]:
    """`tessera serve --dev` on loopback (demo user test/password)."""
    running = tessera_service.Service(os.environ["TESSERA_BIN"])
    yield running
    assert running.stop() == 0


def resource_server(monkeypatch, service, issuer: str | None = None) -> TestClient:
    """The example app in front of `service`, expecting `issuer` (default: the service's)."""
    return TestClient(example_app(
        monkeypatch, TESSERA_JWKS_URL=f"{service.url}/.well-known/jwks.json",
        TESSERA_ISSUER=issuer or service.url, TESSERA_ALLOW_INSECURE_HTTP="1"))


@needs_service
def test_example_admits_tokens_from_tessera_serve(monkeypatch, service):
    token = service.login()["access_token"]
    with resource_server(monkeypatch, service) as client:  # waits for the key set at start-up
        secure = client.get("/secure-endpoint", headers=bearer(token))
        assert secure.json() == {"message": "You've accessed a secure endpoint!"}
        assert client.get("/secure-endpoint").headers["WWW-Authenticate"] == "Bearer"
        assert log_in(client).status_code == 404  # logins are the service's


@needs_service
def test_example_refuses_tokens_of_another_issuer(monkeypatch, service):
    other = tessera_service.Service(os.environ["TESSERA_BIN"])
    try:
        foreign = other.login()["access_token"]
    finally:
        assert other.stop() == 0
    with resource_server(monkeypatch, service) as client:
        assert_invalid_token(client.get("/secure-endpoint", headers=bearer(foreign)),
                             "no_matching_key", foreign)
    # The service's own token, where another issuer is expected.
    token = service.login()["access_token"]
    with resource_server(monkeypatch, service, issuer="https://issuer.example") as client:
        assert_invalid_token(client.get("/secure-endpoint", headers=bearer(token)),
                             "invalid_issuer", token)


@needs_service
def test_scopes_granted_by_tessera_serve(service):
    added = service.cli("user", "add", "alice", "--scope", "read", "--password-stdin",
                        stdin="correct horse\n")
    assert added.returncode == 0, added.stderr
    token = service.login("alice", "correct horse")["access_token"]

    def client(scopes: list[str]) -> TestClient:
        dependency = TesseraBearer(jwks_url=f"{service.url}/.well-known/jwks.json",
                                   issuer=service.url, audience="tessera",
                                   allow_insecure_http=True, scopes=scopes)
        assert dependency.wait_ready(10)
        return client_for(dependency)

    assert client(["read"]).get("/secure-endpoint", headers=bearer(token)).status_code == 200
    refused = client(["admin"]).get("/secure-endpoint", headers=bearer(token))
    assert refused.status_code == 403
    assert refused.headers["WWW-Authenticate"] == 'Bearer error="insufficient_scope", scope="admin"'
