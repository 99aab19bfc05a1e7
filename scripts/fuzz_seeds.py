#!/usr/bin/env python3
"""Writes seed corpora for the fuzz targets (fuzz/*.cpp) into OUT/<target>/.

Seeds come from the conformance vectors (tokens, JWKs, keys of Wycheproof, the JOSE cookbook
and the RFC examples), from tokens made here with PyJWT in the shapes the tests use, and from
the TOML examples of docs/SERVICE.md. They are made at fuzz time and never committed.

usage: fuzz_seeds.py VECTORS_DIR OUT_DIR
"""

import base64
import hashlib
import json
import os
import re
import sys
import time

COMPACT = re.compile(r"^[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$")
MAX_SEED = 16 * 1024
PER_TARGET = 400


class Corpus:
    def __init__(self, out):
        self.out = out
        self.counts = {}

    def add(self, target, data):
        if isinstance(data, str):
            data = data.encode()
        if len(data) > MAX_SEED or self.counts.get(target, 0) >= PER_TARGET:
            return
        folder = os.path.join(self.out, target)
        os.makedirs(folder, exist_ok=True)
        name = os.path.join(folder, "seed-" + hashlib.sha1(data).hexdigest())
        if not os.path.exists(name):
            with open(name, "wb") as f:
                f.write(data)
            self.counts[target] = self.counts.get(target, 0) + 1


def b64d(segment):
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def walk(node):
    """Every value inside a JSON document."""
    yield node
    if isinstance(node, dict):
        for v in node.values():
            yield from walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v)


def add_token(corpus, token):
    corpus.add("compact_verify", token)
    corpus.add("bearer_header", "Bearer " + token)
    header, payload, signature = token.split(".")
    for segment in (header, payload, signature):
        corpus.add("base64url", segment)
    try:
        header_json, payload_json = b64d(header), b64d(payload)
    except ValueError:
        return
    corpus.add("json", header_json)
    corpus.add("json", payload_json)
    # plain_json reads its depth limit from the first byte (32 % 20 = 12).
    corpus.add("plain_json", b" " + header_json)
    corpus.add("plain_json", b" " + payload_json)
    for options in (0x00, 0x1B, 0xFF):
        corpus.add("signed_token", bytes([options]) + header_json + b"\n" + payload_json)


def from_vectors(corpus, vectors):
    for root, _, files in os.walk(vectors):
        for name in sorted(files):
            if not name.endswith(".json"):
                continue
            with open(os.path.join(root, name), "rb") as f:
                try:
                    document = json.load(f)
                except ValueError:
                    continue
            for value in walk(document):
                if isinstance(value, str) and len(value) > 10 and COMPACT.match(value):
                    add_token(corpus, value)
                elif isinstance(value, dict) and "kty" in value:
                    corpus.add("jwk", json.dumps(value))
                    corpus.add("json", json.dumps(value))
                elif isinstance(value, dict) and isinstance(value.get("keys"), list):
                    corpus.add("jwk", json.dumps(value))
                elif isinstance(value, dict):
                    for member in ("publicKeyPem", "privateKeyPem"):
                        if isinstance(value.get(member), str):
                            corpus.add("key_import", value[member])
                    for member in ("publicKeyDer", "privateKeyPkcs8"):
                        if isinstance(value.get(member), str):
                            try:
                                corpus.add("key_import", bytes.fromhex(value[member]))
                            except ValueError:
                                pass


def made_tokens(corpus):
    """Tokens in the shapes the tests use, signed with PyJWT."""
    try:
        import jwt
        from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
        from cryptography.hazmat.primitives import serialization
    except ImportError:
        return
    now = int(time.time())
    claims = [
        {"sub": "1234567890", "name": "Satoshi Nakamoto", "admin": True, "iat": now,
         "exp": now + 600, "iss": "https://issuer.example"},
        {"user_id": 123, "username": "JohnDoe", "admin": True},
        {"aud": ["api", "other"], "nbf": now - 10, "jti": "a", "scope": "read write",
         "nested": {"list": [1, 2.5, None, "\u00e9\U0001F600"]}},
    ]
    keys = {
        "HS256": "x" * 32,
        "RS256": rsa.generate_private_key(65537, 2048),
        "PS256": rsa.generate_private_key(65537, 2048),
        "ES256": ec.generate_private_key(ec.SECP256R1()),
        "ES384": ec.generate_private_key(ec.SECP384R1()),
        "EdDSA": ed25519.Ed25519PrivateKey.generate(),
    }
    for alg, key in keys.items():
        for payload in claims:
            add_token(corpus, jwt.encode(payload, key, algorithm=alg, headers={"kid": "k1"}))
        if not isinstance(key, str):
            corpus.add("key_import", key.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
            corpus.add("key_import", key.public_key().public_bytes(
                serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH))
            corpus.add("key_import", key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                serialization.BestAvailableEncryption(b"fuzz")))


def from_docs(corpus, source_root):
    path = os.path.join(source_root, "docs", "SERVICE.md")
    if not os.path.exists(path):
        return
    with open(path) as f:
        text = f.read()
    for block in re.findall(r"```toml\n(.*?)```", text, re.S):
        corpus.add("config", block)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    vectors, out = sys.argv[1], sys.argv[2]
    if not os.path.isdir(vectors):
        sys.exit(f"fuzz_seeds: no conformance vectors at {vectors}")
    corpus = Corpus(out)
    made_tokens(corpus)
    from_vectors(corpus, vectors)
    from_docs(corpus, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    for target, count in sorted(corpus.counts.items()):
        print(f"fuzz_seeds: {count} seeds for {target}")


if __name__ == "__main__":
    main()
