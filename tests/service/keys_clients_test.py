"""Key rotation, revocation and pruning; introspection and revocation by authenticated clients;
and a resource server that verifies the service's tokens with only its JWKS URL."""

import base64
import os
import subprocess
import sys
import unittest

import jwt
import requests

sys.path.insert(0, os.path.dirname(__file__))
from harness import Service, bearer, free_port, wait_for  # noqa: E402


class KeyRotation(unittest.TestCase):
    def setUp(self):
        self.service = Service(env={"TESSERA_JWKS_MAX_AGE": "2", "TESSERA_SYNC_INTERVAL": "1"})

    def tearDown(self):
        self.service.stop()

    def jwks_kids(self):
        """The kids of the access-token keys (ES256) in the JWKS; the ID-token keys (RS256)
        rotate beside them."""
        keys = requests.get(self.service.url + "/.well-known/jwks.json", timeout=5).json()["keys"]
        return [k["kid"] for k in keys if k["kty"] == "EC"]

    def test_rotate_publish_then_activate_then_revoke(self):
        old_token = self.service.login()["access_token"]
        old_kid = jwt.get_unverified_header(old_token)["kid"]
        rotate = self.service.cli("keys", "rotate")
        self.assertEqual(rotate.returncode, 0, rotate.stderr)
        self.assertIn("published", rotate.stderr)
        # Published first: both keys in the JWKS, the old one still signing.
        self.assertTrue(wait_for(lambda: len(self.jwks_kids()) == 2))
        new_kid = next(k for k in self.jwks_kids() if k != old_kid)
        self.assertEqual(jwt.get_unverified_header(self.service.login()["access_token"])["kid"],
                         old_kid)
        # After jwks_max_age the new key signs; tokens of the old key keep working.
        self.assertTrue(wait_for(lambda: jwt.get_unverified_header(
            self.service.login()["access_token"])["kid"] == new_kid))
        r = requests.get(self.service.url + "/secure-endpoint", headers=bearer(old_token), timeout=5)
        self.assertEqual(r.status_code, 200)
        listing = self.service.cli("keys", "list")
        self.assertIn(f"{old_kid}\tES256\tretired", listing.stdout)
        self.assertIn(f"{new_kid}\tES256\tactive", listing.stdout)
        # Emergency: the old key is withdrawn at once and its tokens are refused.
        revoke = self.service.cli("keys", "revoke", "--", old_kid)
        self.assertEqual(revoke.returncode, 0, revoke.stderr)
        self.assertTrue(wait_for(lambda: requests.get(
            self.service.url + "/secure-endpoint", headers=bearer(old_token),
            timeout=5).status_code == 401))
        # One sync loads the revocations before it rebuilds the key ring, so the refusal can
        # come a moment before the JWKS drops the key (refusing first is the safe order).
        self.assertTrue(wait_for(lambda: old_kid not in self.jwks_kids()), self.jwks_kids())
        prune = self.service.cli("keys", "prune")
        self.assertEqual(prune.returncode, 0, prune.stderr)
        self.assertNotIn(old_kid, self.service.cli("keys", "list").stdout)

    def test_rotate_now(self):
        before = jwt.get_unverified_header(self.service.login()["access_token"])["kid"]
        rotate = self.service.cli("keys", "rotate", "--now")
        self.assertEqual(rotate.returncode, 0, rotate.stderr)
        self.assertTrue(wait_for(lambda: jwt.get_unverified_header(
            self.service.login()["access_token"])["kid"] != before))

    def test_the_only_signing_key_cannot_be_revoked(self):
        kid = jwt.get_unverified_header(self.service.login()["access_token"])["kid"]
        revoke = self.service.cli("keys", "revoke", "--", kid)
        self.assertEqual(revoke.returncode, 1)
        self.assertIn("only signing key", revoke.stderr)


class Clients(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        hasher = subprocess.run([os.environ["TESSERA_BIN"], "hash-secret"], input="s3cret-value\n",
                                capture_output=True, text=True, check=True)
        cls.service = Service(config=f"""
[[clients]]
id = "api"
secret_hash = "{hasher.stdout.strip()}"
scopes = ["introspect"]

[[clients]]
id = "weak"
secret_hash = "{hasher.stdout.strip()}"
scopes = []
""")

    @classmethod
    def tearDownClass(cls):
        cls.service.stop()

    def basic(self, client, secret="s3cret-value"):
        value = base64.b64encode(f"{client}:{secret}".encode()).decode()
        return {"Authorization": f"Basic {value}"}

    def test_introspection(self):
        pair = self.service.login()
        r = requests.post(self.service.url + "/introspect", data={"token": pair["access_token"]},
                          headers=self.basic("api"), timeout=10)
        self.assertEqual(r.status_code, 200)
        body = r.json()
        self.assertEqual((body["active"], body["sub"], body["token_type"]), (True, "test", "Bearer"))
        r = requests.post(self.service.url + "/introspect", data={"token": pair["refresh_token"]},
                          headers=self.basic("api"), timeout=10)
        # RFC 7662's token_type is an access token's type (RFC 6749 7.1): none for a refresh token.
        self.assertEqual(r.json()["active"], True)
        self.assertNotIn("token_type", r.json())
        r = requests.post(self.service.url + "/introspect", data={"token": "a.b.c"},
                          headers=self.basic("api"), timeout=10)
        self.assertEqual(r.json(), {"active": False})

    def test_client_authentication(self):
        r = requests.post(self.service.url + "/introspect", data={"token": "x"},
                          headers=self.basic("api", "wrong"), timeout=10)
        self.assertEqual((r.status_code, r.json()["error"]), (401, "invalid_client"))
        r = requests.post(self.service.url + "/introspect", data={"token": "x"}, timeout=10)
        self.assertEqual(r.status_code, 401)
        r = requests.post(self.service.url + "/introspect", data={"token": "x"},
                          headers=self.basic("weak"), timeout=10)
        self.assertEqual((r.status_code, r.json()["error"]), (403, "insufficient_scope"))

    def test_revocation(self):
        # The first-party client ("tessera", public) revokes its own tokens by client_id.
        public = {"client_id": "tessera"}
        pair = self.service.login()
        r = requests.post(self.service.url + "/revoke",
                          data={"token": pair["access_token"], **public}, timeout=10)
        self.assertEqual(r.status_code, 200)
        r = requests.get(self.service.url + "/secure-endpoint", headers=bearer(pair["access_token"]),
                         timeout=5)
        self.assertEqual(r.status_code, 401)
        other = self.service.login()
        r = requests.post(self.service.url + "/revoke",
                          data={"token": other["refresh_token"], "token_type_hint": "refresh_token",
                                **public}, timeout=10)
        self.assertEqual(r.status_code, 200)
        r = requests.post(self.service.url + "/refresh", json={"refresh_token": other["refresh_token"]},
                          timeout=10)
        self.assertEqual(r.status_code, 401)
        r = requests.get(self.service.url + "/secure-endpoint", headers=bearer(other["access_token"]),
                         timeout=5)
        self.assertEqual(r.status_code, 401)
        # An unknown token is no error (RFC 7009 2.2).
        r = requests.post(self.service.url + "/revoke", data={"token": "unknown"},
                          headers=self.basic("weak"), timeout=10)
        self.assertEqual(r.status_code, 200)

    def test_a_client_revokes_only_its_own_tokens(self):
        # RFC 7009 2.1: another client's token is answered 200 and left alone.
        pair = self.service.login()
        for token in (pair["access_token"], pair["refresh_token"]):
            r = requests.post(self.service.url + "/revoke", data={"token": token},
                              headers=self.basic("weak"), timeout=10)
            self.assertEqual(r.status_code, 200)
        r = requests.get(self.service.url + "/secure-endpoint", headers=bearer(pair["access_token"]),
                         timeout=5)
        self.assertEqual(r.status_code, 200)
        r = requests.post(self.service.url + "/refresh", json={"refresh_token": pair["refresh_token"]},
                          timeout=10)
        self.assertEqual(r.status_code, 200)


class ResourceServer(unittest.TestCase):
    def test_verifies_with_only_the_jwks_url(self):
        service = Service(env={"TESSERA_JWKS_MAX_AGE": "1", "TESSERA_SYNC_INTERVAL": "1"})
        port = free_port()
        resource = subprocess.Popen(
            [os.environ["RESOURCE_SERVER_BIN"], str(port),
             service.url + "/.well-known/jwks.json", service.url, "tessera"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}/protected"
        try:
            token = service.login()["access_token"]
            self.assertTrue(wait_for(lambda: self._status(url, token) == 200, 10))
            self.assertEqual(requests.get(url, headers=bearer(token), timeout=5).json(),
                             {"message": "Hello, test"})
            self.assertEqual(self._status(url, "a.b.c"), 401)
            # Revoke the key that signed the token: the resource server refuses it once its
            # cached JWKS expires.
            old_kid = jwt.get_unverified_header(token)["kid"]
            self.assertEqual(service.cli("keys", "rotate", "--now").returncode, 0)
            revoke = service.cli("keys", "revoke", "--", old_kid)
            self.assertEqual(revoke.returncode, 0, revoke.stderr)
            self.assertTrue(wait_for(lambda: self._status(url, token) == 401, 15))
            fresh = service.login()["access_token"]
            self.assertTrue(wait_for(lambda: self._status(url, fresh) == 200, 10))
        finally:
            resource.terminate()
            resource.wait(timeout=10)
            service.stop()

    @staticmethod
    def _status(url, token):
        try:
            return requests.get(url, headers=bearer(token), timeout=5).status_code
        except requests.RequestException:
            return None


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    sys.exit(0 if result.wasSuccessful() and result.testsRun > 0 else 1)
