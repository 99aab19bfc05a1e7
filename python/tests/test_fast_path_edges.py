"""Inputs on which a fast path once answered differently from the Python implementation (or
crashed): each must now decline (hand the call over) or give the Python implementation's answer."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from datetime import datetime, timedelta, tzinfo

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

import jwt
import tessera
from jwt import api_jwt
from tessera import _core

SECRET = b"k" * 32
NOW = int(time.time())


class Declined(Exception):
    """Raised by the fallback of the probes: the fast path handed the call over."""


def _decline(*args, **kwargs):
    raise Declined


FAST_DECODE = _core.fast_function("decode", _decline)
FAST_ENCODE = _core.fast_function("encode", _decline)


def outcome(call):
    try:
        return ("ok", call())
    except Declined:
        return ("declined",)
    except Exception as error:  # noqa: BLE001: the class is what is compared
        return ("err", type(error).__name__)


def agrees(fast_call, slow_call):
    """The fast path declined, or answered as the Python implementation does."""
    fast = outcome(fast_call)
    return fast == ("declined",) or fast == outcome(slow_call)


def hs256(payload: dict, key: bytes = SECRET) -> str:
    def b64(data: bytes) -> bytes:
        return base64.urlsafe_b64encode(data).rstrip(b"=")

    signing_input = b64(b'{"alg":"HS256","typ":"JWT"}') + b"." + b64(json.dumps(payload).encode())
    signature = b64(hmac.new(key, signing_input, hashlib.sha256).digest())
    return (signing_input + b"." + signature).decode()


SLOW_DECODE = api_jwt._jwt_global_obj.decode
SLOW_ENCODE = api_jwt._jwt_global_obj.encode


@pytest.mark.parametrize(
    ("payload", "kwargs"),
    [
        ({"a": 1}, {"audience": []}),
        ({"iss": "evil"}, {"issuer": ()}),
        ({"exp": NOW + 50}, {"options": {"require": "exp"}}),
        ({"exp": NOW + 50}, {"options": {"require": None}}),
        ({"ab": 1}, {"options": {"require": ["ab\x00c"]}}),
    ],
)
def test_options_pyjwt_reads_otherwise(payload, kwargs):
    token = hs256(payload)
    assert agrees(lambda: FAST_DECODE(token, SECRET, ["HS256"], **kwargs),
                  lambda: SLOW_DECODE(token, SECRET, ["HS256"], **kwargs))


def test_configurations_never_share_a_cache_entry():
    padding = b"P" * 40
    other = b"\0" * 8 + b"k" + padding
    token = hs256({"a": 1}, key=other)
    assert FAST_DECODE(token, other, ["HS256"], leeway=5) == {"a": 1}
    assert agrees(lambda: FAST_DECODE(token, padding, ["HS256"], subject="\0\0\0\0k", leeway=0),
                  lambda: SLOW_DECODE(token, padding, ["HS256"], subject="\0\0\0\0k", leeway=0))


@pytest.mark.parametrize(
    "secret",
    [
        b"ssh-ed25519-cert-v01@openssh.com AAAAIHNzaC1lZDI1NTE5LWNlcnQtdjAxQG9wZW5zc2guY29tAAAAIC u@h",
        b"---- BEGIN SSH2 PUBLIC KEY ----\nAAAAB3NzaC1yc2EAAAADAQABAAABAQC7vbqajDhA\n---- END SSH2 PUBLIC KEY ----\n",
        b"ssh-rsa\tAAAAB3NzaC1yc2EAAAADAQABAAABAQC7vbqajDhAxxxxxxxxxxxxxxxx",
    ],
)
def test_secrets_pyjwt_refuses_as_hmac_keys(secret):
    token = hs256({"a": 1}, key=secret)
    assert agrees(lambda: FAST_DECODE(token, secret, ["HS256"]),
                  lambda: SLOW_DECODE(token, secret, ["HS256"]))
    assert agrees(lambda: FAST_ENCODE({"a": 1}, secret, "HS256"),
                  lambda: SLOW_ENCODE({"a": 1}, secret, "HS256"))


def test_key_forms_pyjwt_does_not_read():
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwt.encode({"a": 1}, private, algorithm="RS256")
    public = private.public_key()
    der = public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    pem = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    for key in (der, b"  " + pem, b"\n" + pem):
        assert agrees(lambda: FAST_DECODE(token, key, ["RS256"]),
                      lambda: SLOW_DECODE(token, key, ["RS256"]))


def test_a_datetime_whose_zone_changes_the_payload_reads_as_pyjwt_does():
    payload = {}

    class Meddling(tzinfo):
        def utcoffset(self, dt):
            payload.clear()  # PyJWT's encode works on a copy: so must the fast path
            return timedelta(0)

        def dst(self, dt):
            return timedelta(0)

    def fresh():
        payload.clear()
        payload["".join("exp")] = datetime(2030, 1, 1, tzinfo=Meddling())
        return payload

    fast = FAST_ENCODE(fresh(), SECRET, "HS256")
    assert fast == SLOW_ENCODE(fresh(), SECRET, "HS256")


def test_clearing_the_caches_while_other_threads_verify():
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    token = jwt.encode({"a": 1}, private, algorithm="RS256")
    stop = threading.Event()
    wrong = []

    def verify():
        while not stop.is_set():
            try:
                jwt.decode(token, public, ["RS256"], options={"require": ["custom"]})
                wrong.append("accepted without the required claim")
            except jwt.MissingRequiredClaimError:
                pass

    def churn():
        while not stop.is_set():
            tessera.clear_key_cache()
            jwt.decode(hs256({"a": 1}), SECRET, ["HS256"], options={"require": []})

    threads = [threading.Thread(target=verify), threading.Thread(target=churn)]
    for t in threads:
        t.start()
    time.sleep(1.5)
    stop.set()
    for t in threads:
        t.join()
    assert wrong == []


def test_verifier_subject_must_be_a_str():
    with pytest.raises(tessera.ConfigurationError):
        tessera.Verifier(key=SECRET, algorithms=["HS256"], subject=b"alice")
    token = tessera.encode({"sub": "mallory"}, tessera.SigningKey("HS256", SECRET))

    class Name(str):
        pass

    with pytest.raises(tessera.TokenError):
        tessera.Verifier(key=SECRET, algorithms=["HS256"], subject=Name("alice")).verify(token)
