"""OAuth 2 as real clients speak it (RFC 6749, 7009, 7662, 8414, 9068), against `tessera serve`.

Clients nobody here wrote: requests-oauthlib (password and refresh grants, client credentials
through BackendApplicationClient), authlib (password grant with client_secret_basic and
client_secret_post, then authlib.jose verifying the access token against the JWKS), and curl -u
with a secret holding `+` and `/`. Then each rule of client authentication, grants, scopes,
revocation and introspection on its own."""

import json
import os
import subprocess
import sys
import unittest

import jwt
import requests
from requests.auth import HTTPBasicAuth

sys.path.insert(0, os.path.dirname(__file__))
from harness import TESSERA, Service, bearer  # noqa: E402

# oauthlib refuses plain http unless told; the service runs on 127.0.0.1 without TLS here.
os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"

from authlib.integrations.requests_client import OAuth2Session as AuthlibSession  # noqa: E402
from authlib.jose import JsonWebKey  # noqa: E402
from authlib.jose import jwt as authlib_jwt  # noqa: E402
from oauthlib.oauth2 import BackendApplicationClient, LegacyApplicationClient  # noqa: E402
from requests_oauthlib import OAuth2Session  # noqa: E402

# A secret as `head -c 32 /dev/urandom | base64` makes them: with `+`, `/` and padding.
PLUS_SLASH_SECRET = "k9+Zq/3xV+w/Lr8+Qm2/Tn5+Hy7/Bd4+Fs6/Jc1=="


def add_client(*args):
    """`tessera client add ARGS`: the [[clients]] entry (stdout) and the secret (stderr)."""
    run = subprocess.run([TESSERA, "client", "add", *args], capture_output=True, text=True,
                         timeout=30, check=True)
    secret = run.stderr.strip().splitlines()[-1] if "--public" not in args else None
    return run.stdout, secret


def argon2_client(client_id, secret, grants, scopes):
    hashed = subprocess.run([TESSERA, "hash-secret"], input=secret + "\n", capture_output=True,
                            text=True, timeout=30, check=True).stdout.strip()
    return (f'[[clients]]\nid = "{client_id}"\nsecret_hash = "{hashed}"\n'
            f"grants = {json.dumps(grants)}\nscopes = {json.dumps(scopes)}\n")


def claims_of(token):
    return jwt.decode(token, options={"verify_signature": False})


class Clients(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        backend, cls.backend_secret = add_client("backend", "--grant", "client_credentials",
                                                 "--scope", "reports:read", "--scope",
                                                 "introspect")
        webapp, cls.webapp_secret = add_client("webapp", "--grant", "password", "--grant",
                                               "refresh_token")
        spa, _ = add_client("spa", "--public", "--grant", "password", "--grant", "refresh_token")
        # A client whose id a user also has (added below): it gets no client-credentials token.
        carol, cls.carol_secret = add_client("carol", "--grant", "client_credentials")
        config = "\n".join([
            backend, webapp, spa, carol,
            argon2_client("curlapp", PLUS_SLASH_SECRET, ["password"], ["introspect"])])
        cls.service = Service(config=config)
        cls.url = cls.service.url
        cls.token_url = cls.url + "/token"
        for name, scopes in (("alice", ["read", "write"]), ("carol", [])):
            args = ["user", "add", name, "--password-stdin"]
            for scope in scopes:
                args += ["--scope", scope]
            added = cls.service.cli(*args, stdin="alice-password\n")
            assert added.returncode == 0, added.stderr

    @classmethod
    def tearDownClass(cls):
        assert cls.service.stop() == 0

    def token(self, data, auth=None):
        return requests.post(self.token_url, data=data, auth=auth, timeout=10)

    def assert_works(self, access_token, client_id):
        r = requests.get(self.url + "/secure-endpoint", headers=bearer(access_token), timeout=5)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(claims_of(access_token)["client_id"], client_id)

    # --- real clients ------------------------------------------------------------------------

    def test_requests_oauthlib_password_and_refresh_grants(self):
        session = OAuth2Session(client=LegacyApplicationClient(client_id="webapp"))
        token = session.fetch_token(self.token_url, username="alice", password="alice-password",
                                    client_id="webapp", client_secret=self.webapp_secret)
        self.assert_works(token["access_token"], "webapp")
        refreshed = session.refresh_token(self.token_url,
                                          auth=HTTPBasicAuth("webapp", self.webapp_secret))
        self.assertNotEqual(refreshed["refresh_token"], token["refresh_token"])
        self.assert_works(refreshed["access_token"], "webapp")

    def test_requests_oauthlib_public_client_as_it_sends_it(self):
        # requests-oauthlib names a public client with Basic "id:" (an empty secret).
        session = OAuth2Session(client=LegacyApplicationClient(client_id="spa"))
        token = session.fetch_token(self.token_url, username="alice", password="alice-password")
        self.assert_works(token["access_token"], "spa")
        # Its refresh names the client in the body; a refresh without a client is the
        # first-party client's, and the token is bound to "spa".
        refreshed = session.refresh_token(self.token_url, client_id="spa")
        self.assert_works(refreshed["access_token"], "spa")

    def test_requests_oauthlib_client_credentials(self):
        session = OAuth2Session(client=BackendApplicationClient(client_id="backend"))
        token = session.fetch_token(self.token_url, client_id="backend",
                                    client_secret=self.backend_secret)
        self.assertNotIn("refresh_token", token)
        claims = claims_of(token["access_token"])
        self.assertEqual((claims["sub"], claims["client_id"]), ("backend", "backend"))
        self.assertNotIn("sid", claims)
        self.assertEqual(sorted(token["scope"]), ["introspect", "reports:read"])
        # It names a client, not a user.
        r = requests.get(self.url + "/users/me", headers=bearer(token["access_token"]), timeout=5)
        self.assertEqual(r.status_code, 403)
        self.assertIn("client", r.json()["detail"])

    def test_authlib_basic_and_post_then_jose_verifies_with_the_jwks(self):
        key_set = JsonWebKey.import_key_set(
            requests.get(self.url + "/.well-known/jwks.json", timeout=5).json())
        for method in ("client_secret_basic", "client_secret_post"):
            with self.subTest(method):
                client = AuthlibSession("webapp", self.webapp_secret,
                                        token_endpoint_auth_method=method)
                token = client.fetch_token(self.token_url, grant_type="password",
                                           username="alice", password="alice-password")
                claims = authlib_jwt.decode(
                    token["access_token"], key_set,
                    claims_options={"iss": {"essential": True, "value": self.url},
                                    "aud": {"essential": True, "value": "tessera"},
                                    "exp": {"essential": True}})
                claims.validate()
                self.assertEqual((claims["sub"], claims["client_id"]), ("alice", "webapp"))

    def test_curl_basic_with_plus_and_slash_in_the_secret(self):
        # curl -u sends the secret as it is, not form-encoded: the `+` must not turn into a space.
        run = subprocess.run(
            ["curl", "-sS", "-u", f"curlapp:{PLUS_SLASH_SECRET}", "-d", "grant_type=password",
             "-d", "username=alice", "-d", "password=alice-password", self.token_url],
            capture_output=True, text=True, timeout=30, check=True)
        token = json.loads(run.stdout)
        self.assert_works(token["access_token"], "curlapp")
        run = subprocess.run(
            ["curl", "-sS", "-u", f"curlapp:{PLUS_SLASH_SECRET}", "-d",
             f"token={token['access_token']}", self.url + "/introspect"],
            capture_output=True, text=True, timeout=30, check=True)
        self.assertEqual(json.loads(run.stdout)["active"], True)
        # And form-encoded, as RFC 6749 2.3.1 says, it works too.
        encoded = requests.utils.quote(PLUS_SLASH_SECRET, safe="")
        r = self.token({"grant_type": "password", "username": "alice",
                        "password": "alice-password"}, auth=HTTPBasicAuth("curlapp", encoded))
        self.assertEqual(r.status_code, 200, r.text)

    # --- client authentication ---------------------------------------------------------------

    def test_wrong_credentials_at_token_are_invalid_client(self):
        data = {"grant_type": "password", "username": "alice", "password": "alice-password"}
        for auth in (HTTPBasicAuth("webapp", "wrong"), HTTPBasicAuth("nobody", "x")):
            r = self.token(data, auth=auth)
            self.assertEqual((r.status_code, r.json()["error"]), (401, "invalid_client"))
            self.assertTrue(r.headers["WWW-Authenticate"].startswith("Basic"))
        r = self.token({**data, "client_id": "webapp", "client_secret": "wrong"})
        self.assertEqual((r.status_code, r.json()["error"]), (401, "invalid_client"))

    def test_two_authentication_methods_are_refused(self):
        r = self.token({"grant_type": "password", "username": "alice", "password": "x",
                        "client_id": "webapp", "client_secret": self.webapp_secret},
                       auth=HTTPBasicAuth("webapp", self.webapp_secret))
        self.assertEqual((r.status_code, r.json()["error"]), (400, "invalid_request"))

    def test_a_client_uses_only_its_grants(self):
        r = self.token({"grant_type": "client_credentials"},
                       auth=HTTPBasicAuth("webapp", self.webapp_secret))
        self.assertEqual((r.status_code, r.json()["error"]), (400, "unauthorized_client"))
        r = self.token({"grant_type": "password", "username": "alice", "password": "x"},
                       auth=HTTPBasicAuth("backend", self.backend_secret))
        self.assertEqual((r.status_code, r.json()["error"]), (400, "unauthorized_client"))

    def test_public_client_names_itself_and_never_introspects(self):
        r = self.token({"grant_type": "password", "username": "alice",
                        "password": "alice-password", "client_id": "spa"})
        self.assertEqual(r.status_code, 200, r.text)
        pair = r.json()
        self.assert_works(pair["access_token"], "spa")
        r = self.token({"grant_type": "refresh_token", "refresh_token": pair["refresh_token"],
                        "client_id": "spa"})
        self.assertEqual(r.status_code, 200, r.text)
        pair = r.json()
        # A secret offered for a public client is not what was registered.
        r = self.token({"grant_type": "refresh_token", "refresh_token": pair["refresh_token"]},
                       auth=HTTPBasicAuth("spa", "anything"))
        self.assertEqual(r.status_code, 401)
        r = requests.post(self.url + "/introspect",
                          data={"token": pair["access_token"], "client_id": "spa"}, timeout=10)
        self.assertEqual((r.status_code, r.json()["error"]), (401, "invalid_client"))
        # Its access token may have expired: it still logs out with its refresh token.
        r = requests.post(self.url + "/revoke",
                          data={"token": pair["refresh_token"], "client_id": "spa"}, timeout=10)
        self.assertEqual(r.status_code, 200)
        r = self.token({"grant_type": "refresh_token", "refresh_token": pair["refresh_token"],
                        "client_id": "spa"})
        self.assertEqual((r.status_code, r.json()["error"]), (400, "invalid_grant"))

    # --- grants and scopes ------------------------------------------------------------------

    def test_refresh_tokens_are_bound_to_their_client(self):
        r = self.token({"grant_type": "password", "username": "alice",
                        "password": "alice-password"},
                       auth=HTTPBasicAuth("webapp", self.webapp_secret))
        refresh = r.json()["refresh_token"]
        r = self.token({"grant_type": "refresh_token", "refresh_token": refresh,
                        "client_id": "spa"})
        self.assertEqual((r.status_code, r.json()["error"]), (400, "invalid_grant"))
        r = requests.post(self.url + "/refresh", json={"refresh_token": refresh}, timeout=10)
        self.assertEqual(r.status_code, 401)
        r = self.token({"grant_type": "refresh_token", "refresh_token": refresh},
                       auth=HTTPBasicAuth("webapp", self.webapp_secret))
        self.assertEqual(r.status_code, 200)

    def test_scope_is_said_when_it_differs_and_a_refresh_narrows_it(self):
        auth = HTTPBasicAuth("webapp", self.webapp_secret)
        r = self.token({"grant_type": "password", "username": "alice",
                        "password": "alice-password", "scope": "read admin"}, auth=auth)
        self.assertEqual(r.json()["scope"], "read")
        r = self.token({"grant_type": "password", "username": "alice",
                        "password": "alice-password", "scope": "read write"}, auth=auth)
        first = r.json()
        r = self.token({"grant_type": "refresh_token", "refresh_token": first["refresh_token"],
                        "scope": "write"}, auth=auth)
        narrowed = r.json()
        self.assertEqual(narrowed["scope"], "write")
        self.assertEqual(claims_of(narrowed["access_token"])["scope"], "write")
        # The refresh token keeps the session's scope (RFC 6749 6): the next one may ask for all.
        r = self.token({"grant_type": "refresh_token", "refresh_token": narrowed["refresh_token"]},
                       auth=auth)
        self.assertEqual(r.json()["scope"], "read write")
        r = self.token({"grant_type": "refresh_token", "refresh_token": r.json()["refresh_token"],
                        "scope": "read admin"}, auth=auth)
        self.assertEqual((r.status_code, r.json()["error"]), (400, "invalid_scope"))

    def test_client_credentials_grants_only_the_clients_scopes(self):
        r = self.token({"grant_type": "client_credentials", "scope": "reports:read admin"},
                       auth=HTTPBasicAuth("backend", self.backend_secret))
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.json()["scope"], "reports:read")
        self.assertEqual(claims_of(r.json()["access_token"])["scope"], "reports:read")

    def test_a_client_id_that_is_also_a_username_gets_no_token(self):
        r = self.token({"grant_type": "client_credentials"},
                       auth=HTTPBasicAuth("carol", self.carol_secret))
        self.assertEqual((r.status_code, r.json()["error"]), (400, "unauthorized_client"))
        # And a user cannot be added with a configured client's id.
        added = self.service.cli("user", "add", "backend", "--password-stdin", "--config",
                                 self.service.config_path, stdin="long-enough-password\n")
        self.assertNotEqual(added.returncode, 0)
        self.assertIn("client", added.stderr)

    def test_introspection_types_and_client_tokens(self):
        token = self.token({"grant_type": "client_credentials"},
                           auth=HTTPBasicAuth("backend", self.backend_secret)).json()
        r = requests.post(self.url + "/introspect", data={"token": token["access_token"]},
                          auth=HTTPBasicAuth("backend", self.backend_secret), timeout=10)
        body = r.json()
        self.assertEqual((body["active"], body["token_type"], body["sub"]),
                         (True, "Bearer", "backend"))
        # client_secret_post works there too.
        r = requests.post(self.url + "/introspect",
                          data={"token": token["access_token"], "client_id": "backend",
                                "client_secret": self.backend_secret}, timeout=10)
        self.assertEqual(r.json()["active"], True)
        # The client revokes its own token.
        r = requests.post(self.url + "/revoke", data={"token": token["access_token"]},
                          auth=HTTPBasicAuth("backend", self.backend_secret), timeout=10)
        self.assertEqual(r.status_code, 200)
        r = requests.get(self.url + "/secure-endpoint", headers=bearer(token["access_token"]),
                         timeout=5)
        self.assertEqual(r.status_code, 401)


class ClientThrottle(unittest.TestCase):
    def test_failed_client_authentications_are_throttled_per_address(self):
        entry, secret = add_client("svc", "--grant", "client_credentials")
        service = Service(config=entry)
        try:
            statuses = []
            for _ in range(8):
                r = requests.post(service.url + "/token", data={"grant_type": "client_credentials"},
                                  auth=HTTPBasicAuth("svc", "wrong"), timeout=10)
                statuses.append(r.status_code)
            self.assertEqual(statuses[0], 401)
            self.assertIn(429, statuses)
            throttled = requests.post(service.url + "/token",
                                      data={"grant_type": "client_credentials"},
                                      auth=HTTPBasicAuth("svc", secret), timeout=10)
            self.assertEqual(throttled.status_code, 429)
            self.assertGreater(int(throttled.headers["Retry-After"]), 0)
        finally:
            self.assertEqual(service.stop(), 0)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    sys.exit(0 if result.wasSuccessful() and result.testsRun > 0 else 1)
