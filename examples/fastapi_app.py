"""The secure-sessions guide's FastAPI app on tessera: GET /secure-endpoint is protected by one
line, ``claims: dict = Depends(bearer)``, where ``bearer`` is a ``tessera.fastapi.TesseraBearer``
that verifies the token in C++ and returns its claims. (The guide's original, PyJWT behind
``HTTPBearer``, is bench/service/fastapi_app.py.)

Two ways to run it, chosen by environment variables:

1. On its own, as the guide does (``TESSERA_JWKS_URL`` unset). POST /login checks the demo user
   test/password and returns ``{"access_token": ..., "token_type": "bearer"}``, an HS256 token
   signed with ``tessera.encode``; the same secret verifies it.

   - ``TESSERA_SECRET``: the HS256 secret, at least 32 bytes. Unset: a random one, made at
     start, so tokens die with the process (the guide's hard-coded ``your-secret-key`` is too
     short, and tessera refuses it).

   ::

       python3 -m uvicorn fastapi_app:app --app-dir examples --port 8001
       curl -X POST http://127.0.0.1:8001/login -H "Content-Type: application/json" \\
            -d '{"username": "test", "password": "password"}'
       curl http://127.0.0.1:8001/secure-endpoint -H "Authorization: Bearer $TOKEN"

2. As a resource server in front of a running ``tessera serve`` (``TESSERA_JWKS_URL`` set).
   Tokens come from the service's /login (this app has none) and are verified against the
   service's published keys, which the C++ client fetches and caches in the background.

   - ``TESSERA_JWKS_URL``: the service's JWK Set, ``<public_url>/.well-known/jwks.json``.
   - ``TESSERA_ISSUER``: the service's ``public_url``, the tokens' ``iss`` (required).
   - ``TESSERA_AUDIENCE``: the tokens' ``aud`` (default ``tessera``, the service's default; the
     service reads the same variable, so one export configures both).
   - ``TESSERA_ALLOW_INSECURE_HTTP=1``: accept an ``http://`` JWKS URL (development on
     loopback only; in production the JWKS is fetched over HTTPS).

   ::

       tessera serve --dev &        # 127.0.0.1:8000, demo user test/password
       export TESSERA_JWKS_URL=http://127.0.0.1:8000/.well-known/jwks.json
       export TESSERA_ISSUER=http://127.0.0.1:8000 TESSERA_ALLOW_INSECURE_HTTP=1
       python3 -m uvicorn fastapi_app:app --app-dir examples --port 8001
       curl -X POST http://127.0.0.1:8000/login -H "Content-Type: application/json" \\
            -d '{"username": "test", "password": "password"}'
       curl http://127.0.0.1:8001/secure-endpoint -H "Authorization: Bearer $TOKEN"

Without a token /secure-endpoint answers 401 with ``WWW-Authenticate: Bearer``; with a bad one,
401 with ``error="invalid_token"`` (RFC 6750), where the guide answered 403 "Not authenticated"
and 401 "Invalid token".
"""

import asyncio
import logging
import os
import secrets
import time

from fastapi import Depends, FastAPI, HTTPException, status
from pydantic import BaseModel

import tessera
from tessera.fastapi import TesseraBearer

ACCESS_TOKEN_EXPIRE_SECONDS = 30 * 60
# How long start-up waits for the service's keys before serving anyway (answering 503 until
# they arrive).
JWKS_READY_TIMEOUT_S = 5.0

fake_users_db = {
    "test": {"username": "test", "password": "password"},
}

app = FastAPI()
log = logging.getLogger("fastapi_app")


class LoginRequest(BaseModel):
    username: str
    password: str


def required_environment(name: str) -> str:
    """The variable's value, or a start-up error that says what to set."""
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"TESSERA_JWKS_URL is set: set {name} too (see the docstring)")
    return value


JWKS_URL = os.environ.get("TESSERA_JWKS_URL")

if JWKS_URL:
    bearer = TesseraBearer(
        jwks_url=JWKS_URL,
        issuer=required_environment("TESSERA_ISSUER"),
        audience=os.environ.get("TESSERA_AUDIENCE", "tessera"),
        allow_insecure_http=os.environ.get("TESSERA_ALLOW_INSECURE_HTTP") == "1",
    )

    @app.on_event("startup")
    async def wait_for_keys() -> None:
        """Serves once the service's keys are here, so that the first requests are not answered
        503, or after JWKS_READY_TIMEOUT_S anyway."""
        if not await asyncio.to_thread(bearer.wait_ready, JWKS_READY_TIMEOUT_S):
            log.warning("no JWK Set from %s yet: tokens get 503 until it arrives", JWKS_URL)

else:
    SECRET = os.environ.get("TESSERA_SECRET") or secrets.token_urlsafe(32)
    signing_key = tessera.SigningKey("HS256", SECRET)
    bearer = TesseraBearer(key=SECRET, algorithms=["HS256"])

    def create_access_token(subject: str) -> str:
        """An HS256 access token for ``subject``, valid ACCESS_TOKEN_EXPIRE_SECONDS."""
        expire = int(time.time()) + ACCESS_TOKEN_EXPIRE_SECONDS
        return tessera.encode({"sub": subject, "exp": expire}, signing_key)

    @app.post("/login")
    async def login(request: LoginRequest) -> dict[str, str]:
        """The guide's login: a token for a known user and password."""
        user = fake_users_db.get(request.username)
        # Compared in constant time, as bytes (compare_digest takes ASCII-only strings).
        if not user or not secrets.compare_digest(user["password"].encode(),
                                                  request.password.encode()):
            raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED,
                                detail="Invalid credentials")
        return {"access_token": create_access_token(user["username"]), "token_type": "bearer"}


@app.get("/secure-endpoint")
async def secure_endpoint(claims: dict = Depends(bearer)) -> dict[str, str]:
    """Reached only with a valid token; ``claims`` are its verified claims."""
    return {"message": "You've accessed a secure endpoint!"}
