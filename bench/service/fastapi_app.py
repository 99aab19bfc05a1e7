"""The FastAPI service of the secure-sessions guide (README), as written there: PyJWT with HS256 and a hard-coded secret, a
fake users dict with the demo user test/password, POST /login returning an access token and
GET /secure-endpoint behind an HTTPBearer dependency.

The benchmark runs it as the guide does, with one uvicorn worker:
    python3 -m uvicorn fastapi_app:app --host 127.0.0.1 --port 8001 --workers 1

The handlers are `async def`, the faster of FastAPI's two styles (a plain `def` runs each
request on a thread pool), so the comparison does not flatter tessera.
"""

from datetime import datetime, timedelta

import jwt
from fastapi import Depends, FastAPI, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

SECRET_KEY = "your-secret-key"
ALGORITHM = "HS256"
ACCESS_TOKEN_EXPIRE_MINUTES = 30

fake_users_db = {
    "test": {"username": "test", "password": "password"},
}

app = FastAPI()
security = HTTPBearer()


class LoginRequest(BaseModel):
    username: str
    password: str


def create_access_token(data: dict, expires_delta: timedelta = None):
    to_encode = data.copy()
    expire = datetime.utcnow() + (expires_delta or timedelta(minutes=15))
    to_encode.update({"exp": expire})
    return jwt.encode(to_encode, SECRET_KEY, algorithm=ALGORITHM)


async def verify_token(credentials: HTTPAuthorizationCredentials = Depends(security)):
    try:
        payload = jwt.decode(credentials.credentials, SECRET_KEY, algorithms=[ALGORITHM])
        return payload
    except jwt.PyJWTError:
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="Invalid token",
            headers={"WWW-Authenticate": "Bearer"},
        )


@app.post("/login")
async def login(request: LoginRequest):
    user = fake_users_db.get(request.username)
    if not user or user["password"] != request.password:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED,
                            detail="Invalid credentials")
    access_token = create_access_token(
        data={"sub": user["username"]},
        expires_delta=timedelta(minutes=ACCESS_TOKEN_EXPIRE_MINUTES),
    )
    return {"access_token": access_token, "token_type": "bearer"}


@app.get("/secure-endpoint")
async def secure_endpoint(payload: dict = Depends(verify_token)):
    return {"message": "You've accessed a secure endpoint!"}
