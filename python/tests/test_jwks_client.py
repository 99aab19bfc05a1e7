"""``jwt.jwks_client``: ``PyJWKClient`` and its JWK Set cache (``jwt.jwk_set_cache.JWKSetCache``).

The client is exercised against a JWKS served on 127.0.0.1 by a server this module starts and
stops, and against ``urllib.request.urlopen`` replaced with ``unittest.mock`` (as PyJWT's users
test it). Caching is tested with a mocked ``time.monotonic``, never with sleeps.

Where Debian's PyJWT 2.6.0 (python3-jwt, loaded in this process under the name ``pyjwt26``)
behaves as 2.12 does, the same calls run on both clients and the outcomes (result or exception,
and the number of fetches) must be equal. Where 2.7-2.12 changed the behaviour, 2.12's is
asserted directly and the test names the changelog entry.
"""

from __future__ import annotations

import contextlib
import http.server
import inspect
import io
import json
import socket
import ssl
import threading
import urllib.error
import urllib.request
from types import SimpleNamespace
from unittest import mock

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

import jwt
from pyjwt_reference import load_pyjwt26
from jwt import PyJWKClient
from jwt.algorithms import ECAlgorithm, HMACAlgorithm, RSAAlgorithm
from jwt.api_jwk import PyJWTSetWithTimestamp
from jwt.exceptions import (
    DecodeError,
    PyJWKClientConnectionError,
    PyJWKClientError,
    PyJWKSetError,
)
from jwt.jwk_set_cache import JWKSetCache


pyjwt26 = load_pyjwt26()

URL = "https://issuer.example/.well-known/jwks.json"


# ---------------------------------------------------------------- keys and documents


@pytest.fixture(scope="module")
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def ec_key():
    return ec.generate_private_key(ec.SECP256R1())


@pytest.fixture(scope="module")
def jwks(rsa_key, ec_key):
    """A JWKS as identity providers publish it, with keys the client must pass over.

    Signing keys: ``rsa-1`` (``use`` "sig") and ``ec-1`` (no ``use``). Not signing keys:
    ``enc-1`` (``use`` "enc") and an ``oct`` key without ``kid``. Unloadable: ``junk``.
    """
    rsa_jwk = RSAAlgorithm.to_jwk(rsa_key.public_key(), as_dict=True)
    return {
        "keys": [
            dict(rsa_jwk, kid="rsa-1", use="sig", alg="RS256"),
            dict(ECAlgorithm.to_jwk(ec_key.public_key(), as_dict=True), kid="ec-1"),
            dict(rsa_jwk, kid="enc-1", use="enc"),
            HMACAlgorithm.to_jwk(b"k" * 32, as_dict=True),
            {"kty": "XX", "kid": "junk"},
        ]
    }


@pytest.fixture(scope="module")
def jwks_usable_by_pyjwt26(jwks):
    """The same set without ``junk``, which PyJWT 2.6 raises on instead of skipping."""
    return {"keys": [key for key in jwks["keys"] if key.get("kid") != "junk"]}


def serve(document):
    """A ``urlopen`` stand-in that answers every call with *document* as JSON."""

    def urlopen(*args, **kwargs):
        return io.BytesIO(json.dumps(document).encode())

    return urlopen


class Clock:
    """A ``time.monotonic`` replacement that moves only when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def fetches(steps, module, document, clock=None):
    """Run *steps* on *module* with urlopen serving *document*; return (outcome, fetch count).

    With a *clock*, ``time.monotonic`` is that clock and *steps* gets it as a second argument.
    """
    with contextlib.ExitStack() as stack:
        urlopen = stack.enter_context(mock.patch("urllib.request.urlopen", side_effect=serve(document)))
        arguments = (module,)
        if clock is not None:
            stack.enter_context(mock.patch("time.monotonic", clock))
            arguments = (module, clock)
        try:
            result = ("ok", steps(*arguments))
        except Exception as error:  # noqa: BLE001: the outcome is what is compared
            result = ("err", type(error).__name__, str(error))
    return result, urlopen.call_count


def assert_same_as_pyjwt26(steps, document, with_clock=False):
    """Run *steps* on both packages, each with a fresh mocked endpoint (and clock)."""
    ours = fetches(steps, jwt, document, Clock() if with_clock else None)
    assert ours == fetches(steps, pyjwt26, document, Clock() if with_clock else None)
    return ours


# ---------------------------------------------------------------- a JWKS endpoint on 127.0.0.1


class JWKSHandler(http.server.BaseHTTPRequestHandler):
    """Serves ``server.state.body`` with ``server.state.status``, recording each request."""

    def do_GET(self):  # noqa: N802: the standard library's name
        state = self.server.state
        state.requests.append(dict(self.headers))
        if state.hold is not None:
            state.hold.wait(5)
        try:
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(state.body)))
            self.end_headers()
            self.wfile.write(state.body)
        except OSError:
            pass  # the client gave up waiting (the timeout test)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def loopback_server():
    """An HTTP server on an ephemeral 127.0.0.1 port, stopped when the module's tests end."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), JWKSHandler)
    server.state = SimpleNamespace(body=b"{}", status=200, hold=None, requests=[])
    thread = threading.Thread(target=server.serve_forever, name="jwks-endpoint", daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture()
def endpoint(loopback_server, jwks):
    """The served JWKS, reset for each test: ``url``, ``state`` (body, status, hold, requests)."""
    state = loopback_server.state
    state.body, state.status, state.hold, state.requests = json.dumps(jwks).encode(), 200, None, []
    yield SimpleNamespace(url=f"http://127.0.0.1:{loopback_server.server_port}/jwks.json", state=state)
    if state.hold is not None:
        state.hold.set()


# ---------------------------------------------------------------- fetching and selecting keys


def test_fetches_the_set_with_the_configured_headers(endpoint):
    """2.7 #823: ``headers`` are sent with the request; unusable keys are left out of the set."""
    client = PyJWKClient(endpoint.url, headers={"User-Agent": "tessera-test", "X-Extra": "1"})
    key_set = client.get_jwk_set()
    assert [key.key_id for key in key_set] == ["rsa-1", "ec-1", "enc-1", None]
    (request,) = endpoint.state.requests
    assert request["User-Agent"] == "tessera-test" and request["X-Extra"] == "1"


def test_signing_keys_have_a_kid_and_a_signature_use(endpoint):
    """RFC 7517 §4.2: signing keys are those with a ``kid`` whose ``use`` is "sig" or absent."""
    client = PyJWKClient(endpoint.url)
    assert [key.key_id for key in client.get_signing_keys()] == ["rsa-1", "ec-1"]
    assert [key.key_id for key in client.get_signing_keys()] == ["rsa-1", "ec-1"]
    assert len(endpoint.state.requests) == 1  # the second call was served from the cache


def test_the_key_named_by_a_token_verifies_it(endpoint, rsa_key):
    """get_signing_key_from_jwt returns the key of the token's ``kid``, which verifies it."""
    client = PyJWKClient(endpoint.url)
    token = jwt.encode({"sub": "alice"}, rsa_key, algorithm="RS256", headers={"kid": "rsa-1"})
    signing_key = client.get_signing_key_from_jwt(token)
    assert signing_key.key_id == "rsa-1" and signing_key.algorithm_name == "RS256"
    assert signing_key.key.public_numbers() == rsa_key.public_key().public_numbers()
    assert jwt.decode(token, signing_key.key, algorithms=["RS256"]) == {"sub": "alice"}
    assert jwt.decode(token.encode(), signing_key) == {"sub": "alice"}
    assert client.get_signing_key_from_jwt(token.encode()).key_id == "rsa-1"
    assert len(endpoint.state.requests) == 1


def test_an_unknown_kid_is_fetched_again_once_then_refused(endpoint):
    """A ``kid`` not in the cached set triggers one refetch; then PyJWKClientError."""
    client = PyJWKClient(endpoint.url)
    with pytest.raises(PyJWKClientError, match='^Unable to find a signing key that matches: "nope"$'):
        client.get_signing_key("nope")
    assert len(endpoint.state.requests) == 2
    with pytest.raises(PyJWKClientError, match='^Unable to find a signing key that matches: "enc-1"$'):
        client.get_signing_key("enc-1")  # an encryption key is never a signing key


def test_a_rotated_key_is_found_by_the_refetch(endpoint, jwks):
    """A key the issuer added after the set was cached is found by the refetch on a miss."""
    endpoint.state.body = json.dumps({"keys": [jwks["keys"][1]]}).encode()
    client = PyJWKClient(endpoint.url)
    assert client.get_signing_key("ec-1").key_id == "ec-1"
    endpoint.state.body = json.dumps(jwks).encode()
    assert client.get_signing_key("rsa-1").key_id == "rsa-1"
    assert len(endpoint.state.requests) == 2


def test_refresh_fetches_even_when_cached(endpoint):
    """``refresh=True`` bypasses the JWK Set cache, and stores the new set in it."""
    client = PyJWKClient(endpoint.url)
    client.get_jwk_set()
    client.get_jwk_set(refresh=True)
    client.get_signing_keys(refresh=True)
    client.get_jwk_set()
    assert len(endpoint.state.requests) == 3


# ---------------------------------------------------------------- failures


def test_an_http_error_is_a_connection_error_and_its_response_is_closed(endpoint):
    """2.12 #1133 and 2.7 #876: a 404 is PyJWKClientConnectionError; the response is closed.

    The failed fetch also empties the JWK Set cache, as in PyJWT 2.6.
    """
    client = PyJWKClient(endpoint.url)
    client.get_jwk_set()
    assert client.jwk_set_cache.get() is not None
    endpoint.state.status = 404
    closed = []
    real_close = urllib.error.HTTPError.close

    def spy_close(self):
        closed.append(self.code)
        return real_close(self)

    with mock.patch.object(urllib.error.HTTPError, "close", spy_close):
        with pytest.raises(PyJWKClientConnectionError) as failed:
            client.get_jwk_set(refresh=True)
    assert str(failed.value) == 'Fail to fetch data from the url, err: "HTTP Error 404: Not Found"'
    assert isinstance(failed.value.__cause__, urllib.error.HTTPError)
    assert closed == [404]
    assert client.jwk_set_cache.get() is None
    assert client.jwk_set_cache.jwk_set_with_timestamp is None


def test_a_timeout_is_a_connection_error(endpoint):
    """2.7 #875: ``timeout`` bounds the request; running out is PyJWKClientConnectionError."""
    endpoint.state.hold = threading.Event()  # the server answers only once released
    client = PyJWKClient(endpoint.url, timeout=0.2)
    with pytest.raises(PyJWKClientConnectionError) as failed:
        client.get_jwk_set()
    assert str(failed.value) == 'Fail to fetch data from the url, err: "timed out"'


def test_a_refused_connection_is_a_connection_error():
    """Nothing listening on the port: PyJWKClientConnectionError, a PyJWKClientError."""
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = PyJWKClient(f"http://127.0.0.1:{port}/jwks.json")
    with pytest.raises(PyJWKClientConnectionError, match="^Fail to fetch data from the url, err: "):
        client.get_jwk_set()
    assert issubclass(PyJWKClientConnectionError, PyJWKClientError)


def test_a_document_that_is_not_an_object_is_refused(endpoint):
    """2.12: a JWKS that is not a JSON object is PyJWKClientError (2.6: AttributeError)."""
    endpoint.state.body = b"[1, 2]"
    with pytest.raises(PyJWKClientError, match="^The JWKS endpoint did not return a JSON object$"):
        PyJWKClient(endpoint.url).get_jwk_set()
    result, _ = fetches(lambda m: m.PyJWKClient(URL).get_jwk_set(), pyjwt26, [1, 2])
    assert result[:2] == ("err", "AttributeError")


def test_malformed_json_is_jsons_error_and_empties_the_cache(endpoint):
    """Text that is not JSON fails with json's error, and leaves nothing cached."""
    endpoint.state.body = b"not json"
    client = PyJWKClient(endpoint.url)
    with pytest.raises(json.JSONDecodeError):
        client.get_jwk_set()
    assert client.jwk_set_cache.jwk_set_with_timestamp is None


# ---------------------------------------------------------------- urlopen mocked


def test_urlopen_gets_a_request_with_headers_timeout_and_context(jwks):
    """2.7 #823 #875, 2.8 #891: urlopen gets a Request with the headers, the timeout and the context."""
    context = ssl.create_default_context()
    client = PyJWKClient(URL, headers={"User-agent": "ua"}, timeout=7.5, ssl_context=context)
    with mock.patch("urllib.request.urlopen", side_effect=serve(jwks)) as urlopen:
        assert client.get_signing_key("ec-1").key_id == "ec-1"
    (request,), options = urlopen.call_args
    assert urlopen.call_count == 1
    assert isinstance(request, urllib.request.Request)
    assert request.full_url == URL and request.headers == {"User-agent": "ua"}
    assert options == {"timeout": 7.5, "context": context}


def test_urlopen_defaults(jwks):
    """Without options: no headers, a 30 s timeout and the default TLS context."""
    with mock.patch("urllib.request.urlopen", side_effect=serve(jwks)) as urlopen:
        PyJWKClient(URL).get_jwk_set()
    (request,), options = urlopen.call_args
    assert request.headers == {} and options == {"timeout": 30, "context": None}


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (urllib.error.URLError("Failed to process."), "<urlopen error Failed to process.>"),
        (TimeoutError("timed out"), "timed out"),
    ],
)
def test_urlopen_failures_are_connection_errors(error, message):
    """2.7 #876: URLError and TimeoutError become PyJWKClientConnectionError, caused by them."""
    with mock.patch("urllib.request.urlopen", side_effect=error):
        with pytest.raises(PyJWKClientConnectionError) as failed:
            PyJWKClient(URL).get_jwk_set()
    assert str(failed.value) == f'Fail to fetch data from the url, err: "{message}"'
    assert failed.value.__cause__ is error


def test_url_error_message_matches_pyjwt26():
    """The message of a URLError is PyJWT 2.6's (which raised the base PyJWKClientError)."""
    with mock.patch("urllib.request.urlopen", side_effect=urllib.error.URLError("boom")):
        for module in (jwt, pyjwt26):
            with pytest.raises(module.PyJWKClientError) as failed:
                module.PyJWKClient(URL).fetch_data()
            assert str(failed.value) == 'Fail to fetch data from the url, err: "<urlopen error boom>"'


def keys_after_a_cached_read(m):
    client = m.PyJWKClient(URL)
    client.get_jwk_set()
    return client.get_signing_keys()[0].key_id


def cache_after_two_uncached_reads(m):
    client = m.PyJWKClient(URL, cache_jwk_set=False)
    client.get_jwk_set()
    client.get_jwk_set()
    return client.jwk_set_cache


CLIENT_STEPS = {
    "signing keys": lambda m: [key.key_id for key in m.PyJWKClient(URL).get_signing_keys()],
    "signing key": lambda m: m.PyJWKClient(URL).get_signing_key("rsa-1").key_id,
    "signing key class": lambda m: type(m.PyJWKClient(URL).get_signing_key("rsa-1").key).__name__,
    "key without use": lambda m: m.PyJWKClient(URL).get_signing_key("ec-1").key_id,
    "unknown kid": lambda m: m.PyJWKClient(URL).get_signing_key("zz"),
    "kid None": lambda m: m.PyJWKClient(URL).get_signing_key(None),
    "set": lambda m: [key.key_id for key in m.PyJWKClient(URL).get_jwk_set().keys],
    "fetch_data": lambda m: m.PyJWKClient(URL).fetch_data()["keys"][0]["kid"],
    "cached twice": keys_after_a_cached_read,
    "no cache": cache_after_two_uncached_reads,
    "match_kid miss": lambda m: m.PyJWKClient.match_kid([], "a"),
    "match_kid hit": lambda m: m.PyJWKClient.match_kid(m.PyJWKClient(URL).get_signing_keys(), "ec-1").key_id,
    "malformed token": lambda m: m.PyJWKClient(URL).get_signing_key_from_jwt("abc"),
}


@pytest.mark.parametrize("name", CLIENT_STEPS)
def test_client_matches_pyjwt26(jwks_usable_by_pyjwt26, name):
    """Key selection, misses, caching and errors: PyJWT 2.6's results and number of fetches."""
    result, count = assert_same_as_pyjwt26(CLIENT_STEPS[name], jwks_usable_by_pyjwt26)
    expected = {
        "signing keys": (("ok", ["rsa-1", "ec-1"]), 1),
        "unknown kid": (("err", "PyJWKClientError", 'Unable to find a signing key that matches: "zz"'), 2),
        "kid None": (("err", "PyJWKClientError", 'Unable to find a signing key that matches: "None"'), 2),
        "cached twice": (("ok", "rsa-1"), 1),
        "no cache": (("ok", None), 2),
        "malformed token": (("err", "DecodeError", "Not enough segments"), 0),
    }
    if name in expected:
        assert (result, count) == expected[name]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({}, "PyJWKSetError: The JWK Set did not contain any keys"),
        ({"keys": []}, "PyJWKSetError: The JWK Set did not contain any keys"),
        ({"keys": {"a": 1}}, "PyJWKSetError: Invalid JWK Set value"),
        ({"keys": [{"kty": "oct", "k": "c2VjcmV0", "use": "enc", "kid": "x"}]},
         "PyJWKClientError: The JWKS endpoint did not contain any signing keys"),
        ({"keys": [{"kty": "oct", "k": "c2VjcmV0"}]},
         "PyJWKClientError: The JWKS endpoint did not contain any signing keys"),
    ],
    ids=["no keys", "empty keys", "keys not a list", "encryption key only", "no kid"],
)
def test_sets_without_signing_keys_match_pyjwt26(document, message):
    """A set with no keys, or none to sign with, fails as in PyJWT 2.6."""
    result, count = assert_same_as_pyjwt26(lambda m: m.PyJWKClient(URL).get_signing_keys(), document)
    assert f"{result[1]}: {result[2]}" == message and count == 1


def test_a_malformed_token_is_a_decode_error():
    """The token's header is read without verification; a malformed token is DecodeError."""
    with mock.patch("urllib.request.urlopen") as urlopen:
        with pytest.raises(DecodeError):
            PyJWKClient(URL).get_signing_key_from_jwt("a.b")
    urlopen.assert_not_called()


# ---------------------------------------------------------------- the JWK Set cache


def test_the_set_is_cached_for_lifespan_seconds(jwks):
    """The set is fetched again once ``lifespan`` seconds (a float, 2.11 #1068) have passed."""
    clock = Clock()
    client = PyJWKClient(URL, lifespan=0.5)
    with mock.patch("urllib.request.urlopen", side_effect=serve(jwks)) as urlopen, \
            mock.patch("time.monotonic", clock):
        client.get_jwk_set()
        clock.now += 0.5
        client.get_jwk_set()
        assert urlopen.call_count == 1 and not client.jwk_set_cache.is_expired()
        clock.now += 0.01
        assert client.jwk_set_cache.is_expired() and client.jwk_set_cache.get() is None
        client.get_jwk_set()
        assert urlopen.call_count == 2 and not client.jwk_set_cache.is_expired()


def test_the_default_lifespan_is_five_minutes(jwks_usable_by_pyjwt26):
    """Without ``lifespan`` the set is kept 300 s, as in PyJWT 2.6."""
    def steps(m, clock):
        client = m.PyJWKClient(URL)
        client.get_jwk_set()
        clock.now += 300
        client.get_jwk_set()
        clock.now += 0.5
        client.get_jwk_set()
        return client.jwk_set_cache.lifespan

    assert assert_same_as_pyjwt26(steps, jwks_usable_by_pyjwt26, with_clock=True) == (("ok", 300), 2)


def test_the_raw_document_is_cached(jwks):
    """As PyJWT: the cache holds the decoded JSON document; a PyJWKSet is built on each read."""
    client = PyJWKClient(URL)
    with mock.patch("urllib.request.urlopen", side_effect=serve(jwks)):
        first = client.get_jwk_set()
    assert client.jwk_set_cache.get() == jwks
    assert client.get_jwk_set() is not first


def test_without_the_set_cache_every_call_fetches(jwks):
    """``cache_jwk_set=False``: no cache, and ``lifespan`` is not checked."""
    client = PyJWKClient(URL, cache_jwk_set=False, lifespan=0)
    assert client.jwk_set_cache is None
    with mock.patch("urllib.request.urlopen", side_effect=serve(jwks)) as urlopen:
        client.get_jwk_set()
        client.get_signing_key("ec-1")
    assert urlopen.call_count == 2


@pytest.mark.parametrize("lifespan", [0, -1, -0.5, -3])
def test_lifespan_must_be_positive(lifespan):
    """A lifespan of 0 or less is a PyJWKClientError, with PyJWT 2.6's message."""
    result, count = assert_same_as_pyjwt26(lambda m: m.PyJWKClient(URL, lifespan=lifespan), {})
    message = f'Lifespan must be greater than 0, the input is "{lifespan}"'
    assert result == ("err", "PyJWKClientError", message)
    assert count == 0


@pytest.mark.parametrize("lifespan", [-2, -1, 0, 0.5, 10])
def test_jwk_set_cache_matches_pyjwt26(lifespan):
    """JWKSetCache on its own: empty, fresh, expired (strictly after the lifespan), cleared.

    A lifespan of -1 or less never expires, as in PyJWT 2.6.
    """

    def steps(m, clock):
        cache = m.jwk_set_cache.JWKSetCache(lifespan)
        seen = [cache.get(), cache.is_expired()]
        cache.put({"keys": []})
        for step in (0.5, 4.5):
            clock.now += step
            seen += [cache.get(), cache.is_expired()]
        cache.put(None)
        return seen + [cache.get(), cache.is_expired(), cache.jwk_set_with_timestamp]

    result, _ = assert_same_as_pyjwt26(steps, {}, with_clock=True)
    fresh_after_half, fresh_after_five = lifespan < 0 or lifespan >= 0.5, lifespan < 0 or lifespan >= 5
    assert result == ("ok", [
        None, False,
        {"keys": []} if fresh_after_half else None, not fresh_after_half,
        {"keys": []} if fresh_after_five else None, not fresh_after_five,
        None, False, None,
    ])


def test_stored_sets_are_stamped_with_the_monotonic_clock():
    """PyJWTSetWithTimestamp keeps the value and the ``time.monotonic()`` it was stored at."""
    with mock.patch("time.monotonic", return_value=42.0):
        stored = PyJWTSetWithTimestamp({"keys": []})
    assert stored.get_jwk_set() == {"keys": []} and stored.get_timestamp() == 42.0
    cache = JWKSetCache(10)
    with mock.patch("time.monotonic", return_value=42.0):
        cache.put({"keys": [1]})
    with mock.patch("time.monotonic", return_value=52.0):
        assert cache.get() == {"keys": [1]}
    with mock.patch("time.monotonic", return_value=52.001):
        assert cache.get() is None


# ---------------------------------------------------------------- the signing-key LRU cache


def test_signing_keys_are_cached_per_client_up_to_max_cached_keys(jwks):
    """``cache_keys=True``: repeated ``kid``s need no fetch; the LRU holds ``max_cached_keys``."""
    with mock.patch("urllib.request.urlopen", side_effect=serve(jwks)) as urlopen:
        client = PyJWKClient(URL, cache_keys=True, max_cached_keys=1, cache_jwk_set=False)
        first = client.get_signing_key("rsa-1")
        assert client.get_signing_key("rsa-1") is first
        info = client.get_signing_key.cache_info()
        assert (info.hits, info.misses, info.maxsize, info.currsize) == (1, 1, 1, 1)
        assert urlopen.call_count == 1
        client.get_signing_key("ec-1")
        client.get_signing_key("rsa-1")  # evicted by ec-1: fetched again
        assert urlopen.call_count == 3
        other = PyJWKClient(URL, cache_keys=True, cache_jwk_set=False)
        other.get_signing_key("rsa-1")  # another client's cache is its own
        assert urlopen.call_count == 4
        assert other.get_signing_key.cache_info().maxsize == 16


def test_signing_keys_are_not_cached_by_default():
    """Without ``cache_keys``, get_signing_key is the plain method."""
    assert not hasattr(PyJWKClient(URL).get_signing_key, "cache_info")


def test_lru_cache_matches_pyjwt26(jwks_usable_by_pyjwt26):
    """The LRU cache answers a repeated ``kid`` without fetching, as in PyJWT 2.6."""

    def steps(m):
        client = m.PyJWKClient(URL, cache_keys=True, cache_jwk_set=False)
        keys = [client.get_signing_key("ec-1").key_id, client.get_signing_key("ec-1").key_id]
        return keys, tuple(client.get_signing_key.cache_info())

    result = assert_same_as_pyjwt26(steps, jwks_usable_by_pyjwt26)
    assert result == (("ok", (["ec-1", "ec-1"], (1, 1, 16, 1))), 1)


# ---------------------------------------------------------------- the constructor


def test_constructor_parameters_match_pyjwt_212():
    """2.7 #823 #875, 2.8 #891, 2.11 #1068: PyJWT 2.12's parameters, in order, with its defaults."""
    parameters = [(p.name, p.default) for p in inspect.signature(PyJWKClient).parameters.values()]
    assert parameters == [
        ("uri", inspect.Parameter.empty),
        ("cache_keys", False),
        ("max_cached_keys", 16),
        ("cache_jwk_set", True),
        ("lifespan", 300),
        ("headers", None),
        ("timeout", 30),
        ("ssl_context", None),
    ]
    client = PyJWKClient(URL)
    assert (client.uri, client.headers, client.timeout, client.ssl_context) == (URL, {}, 30, None)
    assert isinstance(client.jwk_set_cache, JWKSetCache) and client.jwk_set_cache.lifespan == 300


def test_nothing_is_fetched_until_a_key_is_asked_for():
    """Constructing a client makes no request."""
    with mock.patch("urllib.request.urlopen") as urlopen:
        PyJWKClient(URL, cache_keys=True)
    urlopen.assert_not_called()


def test_errors_of_the_set_reach_the_caller(jwks):
    """A set that can't be built raises PyJWKSetError through the client (not a client error)."""
    with mock.patch("urllib.request.urlopen", side_effect=serve({"keys": [{"kty": "XX"}]})):
        with pytest.raises(PyJWKSetError, match="did not contain any usable keys"):
            PyJWKClient(URL).get_signing_keys()
