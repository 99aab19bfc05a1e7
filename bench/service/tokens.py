"""Access tokens for the benchmark: logins, a token signed with the wrong secret, and a list of
distinct tokens signed beforehand with the service's own ES256 key (the cold-cache run)."""

import base64
import json
import multiprocessing
import os
import sqlite3

import jwt
from cryptography.hazmat.primitives import serialization

import servers


def login(port, username="test", password="password"):
    return servers.login(port, username, password)["access_token"]


def forged(token, secret=b"not-the-secret-" + b"x" * 49):
    """The same header and claims signed with another HS256 secret: well formed, bad signature."""
    header = {k: v for k, v in jwt.get_unverified_header(token).items() if k != "alg"}
    claims = jwt.decode(token, options={"verify_signature": False})
    return jwt.encode(claims, secret, algorithm="HS256", headers=header)


def _segment_json(token, index):
    part = token.split(".")[index]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def service_signing_key(data_dir, kid):
    """The service's signing key as (encrypted PEM from the store, its passphrase: the
    key-encryption key, as the service itself opens it)."""
    with open(os.path.join(data_dir, "key-encryption.key")) as f:
        passphrase = f.read().strip()
    db = sqlite3.connect(os.path.join(data_dir, "tessera.db"))
    try:
        row = db.execute("SELECT encrypted_pem FROM signing_keys WHERE kid = ?", (kid,)).fetchone()
    finally:
        db.close()
    if row is None:
        raise RuntimeError(f"no signing key {kid} in the store")
    return row[0], passphrase


def _mint(job):
    pem, passphrase, header, claims, first, count = job
    key = serialization.load_pem_private_key(pem.encode(), password=passphrase.encode())
    out = []
    for i in range(first, first + count):
        claims["jti"] = f"bench-{i}"
        out.append(jwt.encode(claims, key, algorithm=header["alg"], headers=header))
    return out


def mint_like(template, data_dir, count, path):
    """Writes `count` tokens to `path`, one a line: `template`'s header and claims, each with its
    own jti, signed with the service's key. Returns the path."""
    header = _segment_json(template, 0)
    claims = _segment_json(template, 1)
    pem, passphrase = service_signing_key(data_dir, header["kid"])
    workers = max(1, os.cpu_count() or 1)
    share = (count + workers - 1) // workers
    jobs = [(pem, passphrase, header, dict(claims), w * share, min(share, count - w * share))
            for w in range(workers) if w * share < count]
    with multiprocessing.Pool(len(jobs)) as pool:
        parts = pool.map(_mint, jobs)
    with open(path, "w") as f:
        for part in parts:
            for token in part:
                f.write(token + "\n")
    return path
