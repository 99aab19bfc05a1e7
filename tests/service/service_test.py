"""End-to-end tests of `tessera serve`: the real binary on 127.0.0.1, driven with curl and
requests, tokens checked with PyJWT against the published keys."""

import email.utils
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import unittest

import jwt
import requests

sys.path.insert(0, os.path.dirname(__file__))
from harness import Service, bearer, raw_http, status_of, temporary_directory  # noqa: E402


class TheGuide(unittest.TestCase):
    """The guide's two commands, exactly as printed (the port changed)."""

    @classmethod
    def setUpClass(cls):
        cls.service = Service()

    @classmethod
    def tearDownClass(cls):
        cls.service.stop()

    def test_two_commands(self):
        port = self.service.port
        login = subprocess.run(
            ["curl", "-s", "-X", "POST", f"http://localhost:{port}/login", "-H",
             "Content-Type: application/json", "-d",
             '{"username": "test", "password": "password"}'],
            capture_output=True, text=True, check=True)
        body = json.loads(login.stdout)
        self.assertEqual(body["token_type"], "bearer")
        self.assertEqual(body["expires_in"], 900)
        secure = subprocess.run(
            ["curl", "-s", "-X", "GET", f"http://localhost:{port}/secure-endpoint", "-H",
             f"Authorization: Bearer {body['access_token']}"],
            capture_output=True, text=True, check=True)
        self.assertEqual(json.loads(secure.stdout), {"message": "You've accessed a secure endpoint!"})

    def test_token_verifies_with_pyjwt_and_published_key(self):
        token = self.service.login()["access_token"]
        jwks = requests.get(self.service.url + "/.well-known/jwks.json", timeout=5)
        self.assertIn("max-age=", jwks.headers["Cache-Control"])
        header = jwt.get_unverified_header(token)
        self.assertEqual(header["alg"], "ES256")
        self.assertEqual(header["typ"], "at+jwt")
        key = next(k for k in jwks.json()["keys"] if k["kid"] == header["kid"])
        claims = jwt.decode(token, jwt.PyJWK(key).key, algorithms=["ES256"], audience="tessera",
                            issuer=self.service.url)
        self.assertEqual(claims["sub"], "test")
        for name in ("exp", "iat", "jti", "sid", "client_id"):
            self.assertIn(name, claims)
        self.assertEqual(claims["exp"] - claims["iat"], 900)

    def test_pyjwk_client_verifies(self):
        token = self.service.login()["access_token"]
        client = jwt.PyJWKClient(self.service.url + "/.well-known/jwks.json")
        signing_key = client.get_signing_key_from_jwt(token)
        claims = jwt.decode(token, signing_key.key, algorithms=["ES256"], audience="tessera")
        self.assertEqual(claims["sub"], "test")

    def test_login_response_headers(self):
        r = requests.post(self.service.url + "/login",
                          json={"username": "test", "password": "password"}, timeout=10)
        self.assertEqual(r.headers["Cache-Control"], "no-store")
        self.assertIn("refresh_token", r.json())

    def test_every_answer_is_dated_and_unsniffable(self):
        url = self.service.url
        for r in (requests.get(url + "/healthz", timeout=5),
                  requests.get(url + "/nowhere", timeout=5),
                  requests.get(url + "/secure-endpoint", timeout=5),
                  requests.post(url + "/login", data="{", timeout=5)):
            with self.subTest(url=r.url, status=r.status_code):
                self.assertEqual(r.headers["X-Content-Type-Options"], "nosniff")
                dated = email.utils.parsedate_to_datetime(r.headers["Date"])
                self.assertLess(abs(time.time() - dated.timestamp()), 5)
                self.assertTrue(r.headers["Date"].endswith(" GMT"))
                # Plain HTTP: no HSTS (a browser ignores it there, and it would mislead).
                self.assertNotIn("Strict-Transport-Security", r.headers)

    def test_answers_with_user_data_or_tokens_are_never_stored(self):
        url = self.service.url
        access = self.service.login()["access_token"]
        answers = {
            "/users/me": requests.get(url + "/users/me", headers=bearer(access), timeout=5),
            "/login, wrong password": requests.post(
                url + "/login", json={"username": "test", "password": "wrong"}, timeout=10),
            "/login, malformed": requests.post(url + "/login", data="{", timeout=5),
            "/login, missing field": requests.post(url + "/login", json={}, timeout=5),
            "/refresh, unknown token": requests.post(
                url + "/refresh", json={"refresh_token": "x" * 43}, timeout=5),
            "/refresh, malformed": requests.post(url + "/refresh", data="[", timeout=5),
            "/token, wrong password": requests.post(
                url + "/token", data={"grant_type": "password", "username": "test",
                                      "password": "wrong"}, timeout=10),
        }
        for name, r in answers.items():
            with self.subTest(name, status=r.status_code):
                self.assertEqual(r.headers.get("Cache-Control"), "no-store")


class BadRequests(unittest.TestCase):
    """Every row of the answers table (docs/SERVICE.md)."""

    @classmethod
    def setUpClass(cls):
        cls.service = Service(config="""
[limits]
request_timeout = "2s"
max_body_bytes = 1024
[rate_limit]
per_user_address = 3
""")
        cls.token = cls.service.login()["access_token"]

    @classmethod
    def tearDownClass(cls):
        cls.service.stop()

    def url(self, path):
        return self.service.url + path

    def test_wrong_password_and_unknown_user_same_answer(self):
        a = requests.post(self.url("/login"), json={"username": "test", "password": "nope"}, timeout=10)
        b = requests.post(self.url("/login"), json={"username": "nobody", "password": "nope"},
                          timeout=10)
        self.assertEqual((a.status_code, a.json()), (401, {"detail": "Invalid credentials"}))
        self.assertEqual((b.status_code, b.json()), (401, {"detail": "Invalid credentials"}))

    def test_malformed_json_is_400(self):
        r = requests.post(self.url("/login"), data='{"username": "test",',
                          headers={"Content-Type": "application/json"}, timeout=5)
        self.assertEqual(r.status_code, 400)
        self.assertIn("detail", r.json())

    def test_missing_or_mistyped_fields_are_422(self):
        r = requests.post(self.url("/login"), json={"username": "test"}, timeout=5)
        self.assertEqual(r.status_code, 422)
        self.assertEqual(r.json()["detail"][0]["loc"], ["body", "password"])
        r = requests.post(self.url("/login"), json={"username": 5, "password": "x"}, timeout=5)
        self.assertEqual(r.status_code, 422)
        self.assertEqual(r.json()["detail"][0]["loc"], ["body", "username"])

    def test_no_authorization_header(self):
        r = requests.get(self.url("/secure-endpoint"), timeout=5)
        self.assertEqual(r.status_code, 401)
        self.assertEqual(r.headers["WWW-Authenticate"], "Bearer")

    def test_token_in_query_or_body_is_ignored(self):
        r = requests.get(self.url("/secure-endpoint?access_token=" + self.token), timeout=5)
        self.assertEqual(r.status_code, 401)
        r = requests.get(self.url("/secure-endpoint"), data="access_token=" + self.token, timeout=5)
        self.assertEqual(r.status_code, 401)

    def test_other_scheme_or_empty_bearer(self):
        for value in ("Basic dGVzdDpwYXNzd29yZA==", "Bearer", "Bearer ", "Token " + self.token):
            r = requests.get(self.url("/secure-endpoint"), headers={"Authorization": value}, timeout=5)
            self.assertEqual(r.status_code, 401, value)
            self.assertEqual(r.headers["WWW-Authenticate"], "Bearer")

    def test_scheme_is_case_insensitive(self):
        r = requests.get(self.url("/secure-endpoint"),
                         headers={"Authorization": "bEaReR " + self.token}, timeout=5)
        self.assertEqual(r.status_code, 200)

    def test_invalid_tokens(self):
        parts = self.token.split(".")
        forged = parts[0] + "." + parts[1] + "." + parts[2][:-4] + "AAAA"
        for token in ("abc", "a.b.c", forged, parts[0] + "." + parts[1] + "."):
            r = requests.get(self.url("/secure-endpoint"), headers=bearer(token), timeout=5)
            self.assertEqual(r.status_code, 401, token)
            challenge = r.headers["WWW-Authenticate"]
            self.assertTrue(challenge.startswith('Bearer error="invalid_token", error_description="'),
                            challenge)
            self.assertNotIn(token, r.text)

    def test_token_signed_by_another_key(self):
        # Well-formed, ES256, typ at+jwt, but signed by a key the service never published.
        from cryptography.hazmat.primitives.asymmetric import ec
        other = ec.generate_private_key(ec.SECP256R1())
        token = jwt.encode({"sub": "test", "exp": int(time.time()) - 60}, other, algorithm="ES256",
                           headers={"typ": "at+jwt"})
        r = requests.get(self.url("/secure-endpoint"), headers=bearer(token), timeout=5)
        self.assertEqual(r.status_code, 401)

    def test_two_authorization_headers(self):
        raw = raw_http(self.service.port,
                       b"GET /secure-endpoint HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                       + self.token.encode() + b"\r\nAuthorization: Bearer "
                       + self.token.encode() + b"\r\nConnection: close\r\n\r\n")
        self.assertEqual(status_of(raw), 400)
        self.assertIn(b'error="invalid_request"', raw)

    def test_too_many_login_attempts(self):
        for _ in range(3):
            r = requests.post(self.url("/login"), json={"username": "victim", "password": "x"},
                              timeout=10)
            self.assertEqual(r.status_code, 401)
        r = requests.post(self.url("/login"), json={"username": "victim", "password": "x"},
                          timeout=10)
        self.assertEqual(r.status_code, 429)
        self.assertGreaterEqual(int(r.headers["Retry-After"]), 1)
        # Other users from the same address are not locked out by it.
        r = requests.post(self.url("/login"), json={"username": "test", "password": "password"},
                          timeout=10)
        self.assertEqual(r.status_code, 200)

    def test_body_too_large(self):
        r = requests.post(self.url("/login"), data="x" * 5000,
                          headers={"Content-Type": "application/json"}, timeout=5)
        self.assertEqual(r.status_code, 413)

    def test_url_too_long(self):
        r = requests.get(self.url("/secure-endpoint?" + "a" * 3000), timeout=5)
        self.assertEqual(r.status_code, 414)

    def test_headers_too_large_or_too_many(self):
        r = requests.get(self.url("/healthz"), headers={"X-Big": "y" * 9000}, timeout=5)
        self.assertEqual(r.status_code, 431)
        many = {f"X-H{i}": "v" for i in range(80)}
        r = requests.get(self.url("/healthz"), headers=many, timeout=5)
        self.assertEqual(r.status_code, 431)

    def test_request_timeout(self):
        started = time.time()
        raw = raw_http(self.service.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n", timeout=10)
        self.assertEqual(status_of(raw), 408)
        self.assertLess(time.time() - started, 8)

    def test_malformed_http(self):
        raw = raw_http(self.service.port, b"NOT HTTP AT ALL\r\n\r\n")
        self.assertEqual(status_of(raw), 400)

    def test_unknown_route_and_wrong_method(self):
        r = requests.get(self.url("/nope"), timeout=5)
        self.assertEqual((r.status_code, r.json()), (404, {"detail": "Not Found"}))
        r = requests.get(self.url("/login"), timeout=5)
        self.assertEqual(r.status_code, 405)
        self.assertEqual(r.headers["Allow"], "POST")

    def test_insufficient_scope(self):
        r = requests.get(self.url("/admin-endpoint"), headers=bearer(self.token), timeout=5)
        self.assertEqual(r.status_code, 403)
        self.assertEqual(r.headers["WWW-Authenticate"],
                         'Bearer error="insufficient_scope", scope="admin"')

    def test_health_ready_metrics(self):
        self.assertEqual(requests.get(self.url("/healthz"), timeout=5).json(), {"status": "ok"})
        self.assertEqual(requests.get(self.url("/readyz"), timeout=5).json(), {"status": "ready"})
        metrics = requests.get(self.url("/metrics"), timeout=5).text
        self.assertIn('tessera_http_requests_total{route="POST /login",status="200"}', metrics)
        self.assertIn("tessera_logins_total{outcome=\"success\"}", metrics)
        self.assertIn("tessera_http_request_duration_seconds_bucket", metrics)


class TokenEndpoint(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.service = Service()

    @classmethod
    def tearDownClass(cls):
        cls.service.stop()

    def post(self, data):
        return requests.post(self.service.url + "/token", data=data, timeout=10)

    def test_password_grant(self):
        r = self.post({"grant_type": "password", "username": "test", "password": "password"})
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.json()["token_type"], "bearer")

    def test_errors(self):
        r = self.post({"grant_type": "password", "username": "test", "password": "bad"})
        self.assertEqual((r.status_code, r.json()["error"]), (400, "invalid_grant"))
        r = self.post({"grant_type": "implicit"})
        self.assertEqual((r.status_code, r.json()["error"]), (400, "unsupported_grant_type"))
        r = self.post({"grant_type": "authorization_code", "code": "x"})
        self.assertEqual((r.status_code, r.json()["error"]), (400, "invalid_request"))
        # The first-party client signs users in with passwords, not codes.
        r = self.post({"grant_type": "authorization_code", "code": "x",
                       "redirect_uri": "https://app.example/cb", "code_verifier": "v" * 43})
        self.assertEqual((r.status_code, r.json()["error"]), (400, "unauthorized_client"))
        # The first-party client is public: no client_credentials for it.
        r = self.post({"grant_type": "client_credentials"})
        self.assertEqual((r.status_code, r.json()["error"]), (400, "unauthorized_client"))
        r = self.post({"username": "test"})
        self.assertEqual((r.status_code, r.json()["error"]), (400, "invalid_request"))
        r = requests.post(self.service.url + "/token", data="grant_type=password&grant_type=x",
                          headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=5)
        self.assertEqual((r.status_code, r.json()["error"]), (400, "invalid_request"))

    def test_refresh_rotation_grace_and_reuse(self):
        first = self.service.login()
        r = self.post({"grant_type": "refresh_token", "refresh_token": first["refresh_token"]})
        self.assertEqual(r.status_code, 200)
        second = r.json()
        self.assertNotEqual(second["refresh_token"], first["refresh_token"])
        # Within the grace window, the spent token still works (concurrent refreshes).
        again = self.post({"grant_type": "refresh_token", "refresh_token": first["refresh_token"]})
        self.assertEqual(again.status_code, 200)
        time.sleep(3.1)
        # After it, reuse is theft: refused, and the whole session ends.
        stolen = requests.post(self.service.url + "/refresh",
                               json={"refresh_token": first["refresh_token"]}, timeout=10)
        self.assertEqual(stolen.status_code, 401)
        r = requests.get(self.service.url + "/secure-endpoint",
                         headers=bearer(second["access_token"]), timeout=5)
        self.assertEqual(r.status_code, 401)
        r = requests.post(self.service.url + "/refresh",
                          json={"refresh_token": second["refresh_token"]}, timeout=10)
        self.assertEqual(r.status_code, 401)
        self.assertTrue(self.service.events("refresh_token_reuse"))

    def test_refresh_and_access_tokens_are_not_interchangeable(self):
        pair = self.service.login()
        r = requests.get(self.service.url + "/secure-endpoint", headers=bearer(pair["refresh_token"]),
                         timeout=5)
        self.assertEqual(r.status_code, 401)
        r = requests.post(self.service.url + "/refresh", json={"refresh_token": pair["access_token"]},
                          timeout=10)
        self.assertEqual(r.status_code, 401)

    def test_logout(self):
        pair = self.service.login()
        # Used once first, so the token is in the guard's verified-token cache.
        r = requests.get(self.service.url + "/secure-endpoint", headers=bearer(pair["access_token"]),
                         timeout=5)
        self.assertEqual(r.status_code, 200)
        r = requests.post(self.service.url + "/logout", headers=bearer(pair["access_token"]),
                          timeout=10)
        self.assertEqual(r.status_code, 204)
        r = requests.get(self.service.url + "/secure-endpoint", headers=bearer(pair["access_token"]),
                         timeout=5)
        self.assertEqual(r.status_code, 401)
        r = requests.post(self.service.url + "/refresh", json={"refresh_token": pair["refresh_token"]},
                          timeout=10)
        self.assertEqual(r.status_code, 401)

    def test_metadata(self):
        doc = requests.get(self.service.url + "/.well-known/oauth-authorization-server",
                           timeout=5).json()
        self.assertEqual(doc["issuer"], self.service.url)
        self.assertEqual(doc["jwks_uri"], self.service.url + "/.well-known/jwks.json")
        self.assertEqual(doc["token_endpoint"], self.service.url + "/token")
        self.assertEqual(doc["revocation_endpoint"], self.service.url + "/revoke")
        self.assertEqual(doc["introspection_endpoint"], self.service.url + "/introspect")
        self.assertEqual(doc["access_token_audience"], "tessera")

    def test_metadata_promises_only_what_exists(self):
        doc = requests.get(self.service.url + "/.well-known/oauth-authorization-server",
                           timeout=5).json()
        # The authorization code flow with PKCE S256 only; no implicit or hybrid flow, no JWT
        # client authentication.
        self.assertEqual(doc["authorization_endpoint"], self.service.url + "/authorize")
        self.assertEqual(doc["response_types_supported"], ["code"])
        self.assertEqual(doc["code_challenge_methods_supported"], ["S256"])
        self.assertNotIn("token_endpoint_auth_signing_alg_values_supported", doc)
        self.assertEqual(sorted(doc["grant_types_supported"]),
                         ["authorization_code", "client_credentials", "password", "refresh_token"])
        self.assertEqual(requests.get(self.service.url + "/.well-known/openid-configuration",
                                      timeout=5).json(), doc)
        self.assertEqual(sorted(doc["token_endpoint_auth_methods_supported"]),
                         ["client_secret_basic", "client_secret_post", "none"])
        self.assertEqual(sorted(doc["introspection_endpoint_auth_methods_supported"]),
                         ["client_secret_basic", "client_secret_post"])


class Lifecycle(unittest.TestCase):
    def test_restart_keeps_users_keys_and_revocations(self):
        first = Service()
        try:
            pair = first.login()
            other = first.login()
            requests.post(first.url + "/logout", headers=bearer(other["access_token"]), timeout=10)
            jwks = requests.get(first.url + "/.well-known/jwks.json", timeout=5).json()
            self.assertEqual(first.stop(), 0)
            second = Service(home=first.home, port=first.port)
            self.assertEqual(requests.get(second.url + "/.well-known/jwks.json", timeout=5).json(),
                             jwks)
            ok = requests.get(second.url + "/secure-endpoint", headers=bearer(pair["access_token"]),
                              timeout=5)
            self.assertEqual(ok.status_code, 200)
            revoked = requests.get(second.url + "/secure-endpoint",
                                   headers=bearer(other["access_token"]), timeout=5)
            self.assertEqual(revoked.status_code, 401)
            self.assertEqual(second.stop(), 0)
        finally:
            first.stop()
            shutil.rmtree(first.home, ignore_errors=True)

    def test_data_directory_modes(self):
        service = Service()
        try:
            data = service.data_dir
            self.assertEqual(os.stat(data).st_mode & 0o777, 0o700)
            for name in ("tessera.db", "key-encryption.key"):
                self.assertEqual(os.stat(os.path.join(data, name)).st_mode & 0o777, 0o600, name)
        finally:
            service.stop()

    def test_dev_user_guard(self):
        service = Service()
        service.stop()
        refused = subprocess.run(
            [os.environ["TESSERA_BIN"], "serve", "--listen", "127.0.0.1:0", "--data-dir",
             service.data_dir],
            capture_output=True, text=True, timeout=30, check=False)
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("dev_user_present", refused.stderr)
        self.assertIn("tessera user remove test", refused.stderr)

    def test_graceful_shutdown_answers_in_flight_requests(self):
        service = Service()
        results = []

        def slow_login():
            r = requests.post(service.url + "/login",
                              json={"username": "test", "password": "password"}, timeout=20)
            results.append(r.status_code)

        threads = [threading.Thread(target=slow_login) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(0.05)
        status = service.stop(signal.SIGTERM)
        for t in threads:
            t.join()
        self.assertEqual(status, 0)
        self.assertEqual(results, [200] * 4)

    def test_password_change_ends_sessions(self):
        service = Service()
        try:
            add = service.cli("user", "add", "alice", "--password-stdin", stdin="correct horse\n")
            self.assertEqual(add.returncode, 0, add.stderr)
            pair = service.login("alice", "correct horse")
            r = requests.get(service.url + "/secure-endpoint", headers=bearer(pair["access_token"]),
                             timeout=5)
            self.assertEqual(r.status_code, 200)
            time.sleep(1.1)  # a new second: tokens issued before the change are refused
            change = service.cli("user", "passwd", "alice", "--password-stdin",
                                 stdin="battery staple\n")
            self.assertEqual(change.returncode, 0, change.stderr)
            deadline = time.time() + 6
            while time.time() < deadline:
                r = requests.get(service.url + "/secure-endpoint",
                                 headers=bearer(pair["access_token"]), timeout=5)
                if r.status_code == 401:
                    break
                time.sleep(0.2)
            self.assertEqual(r.status_code, 401)
            self.assertEqual(service.login("alice", "battery staple")["token_type"], "bearer")
        finally:
            service.stop()

    def test_forbidden_style_403(self):
        service = Service(config="bearer_error_status = 403\n")
        try:
            r = requests.get(service.url + "/secure-endpoint", headers=bearer("a.b.c"), timeout=5)
            self.assertEqual((r.status_code, r.json()), (403, {"detail": "Invalid authorization code"}))
        finally:
            service.stop()

    def test_short_hs_secret_refused(self):
        service_dir = temporary_directory("tessera-test-")
        secret = os.path.join(service_dir, "short.secret")
        with open(secret, "w") as f:
            f.write("secret")
        run = subprocess.run(
            [os.environ["TESSERA_BIN"], "serve", "--dev", "--listen", "127.0.0.1:0", "--data-dir",
             os.path.join(service_dir, "hs")],
            capture_output=True, text=True, timeout=30, check=False,
            env=dict(os.environ, TESSERA_ALGORITHM="HS256", TESSERA_SIGNING_SECRET_FILE=secret))
        self.assertNotEqual(run.returncode, 0)
        self.assertIn("key_too_short", run.stderr)


class TlsAndCors(unittest.TestCase):
    def test_https(self):
        directory = temporary_directory("tessera-tls-")
        cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert,
                        "-days", "1", "-subj", "/CN=127.0.0.1"],
                       capture_output=True, check=True)
        service = None
        try:
            service = Service(home=directory, tls=(cert, key))
            url = service.url
            r = requests.post(url + "/login", json={"username": "test", "password": "password"},
                              verify=cert, timeout=10)
            self.assertEqual(r.status_code, 200)
            r = requests.get(url + "/secure-endpoint", headers=bearer(r.json()["access_token"]),
                             verify=cert, timeout=5)
            self.assertEqual(r.json(), {"message": "You've accessed a secure endpoint!"})
            claims = jwt.decode(r.request.headers["Authorization"][7:],
                                options={"verify_signature": False})
            self.assertEqual(claims["iss"], url)
            self.assertEqual(r.headers["Strict-Transport-Security"], "max-age=31536000")
        finally:
            if service is not None:
                self.assertEqual(service.stop(), 0)
            shutil.rmtree(directory, ignore_errors=True)

    def test_cors(self):
        service = Service(config='[cors]\nallowed_origins = ["https://app.example"]\n')
        try:
            r = requests.options(service.url + "/login",
                                 headers={"Origin": "https://app.example",
                                          "Access-Control-Request-Method": "POST"}, timeout=5)
            self.assertEqual(r.status_code, 204)
            self.assertEqual(r.headers["Access-Control-Allow-Origin"], "https://app.example")
            r = requests.get(service.url + "/healthz", headers={"Origin": "https://evil.example"},
                             timeout=5)
            self.assertNotIn("Access-Control-Allow-Origin", r.headers)
            r = requests.get(service.url + "/healthz", headers={"Origin": "https://app.example"},
                             timeout=5)
            self.assertEqual(r.headers["Access-Control-Allow-Origin"], "https://app.example")
        finally:
            service.stop()


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    sys.exit(0 if result.wasSuccessful() and result.testsRun > 0 else 1)
