"""Sign in with Tessera: OAuth 2.1 authorization code with PKCE, and OpenID Connect, against
`tessera serve --dev`.

The relying party is authlib (OAuth2Session with S256 PKCE, authlib.jose verifying the ID token
against the JWKS with CodeIDToken's checks of iss, aud, nonce and at_hash); the browser between
it and the service is http.client, as in web_test.py: cookies kept and sent by hand (Python
clients send no Secure cookie over http), the Fetch Metadata a browser sends, and SameSite as a
browser applies it (a cross-site navigation carries the Lax session cookie, never the Strict
refresh cookie; a cross-site POST carries neither unless a test says so).

Tests are named after the OpenID Foundation's Basic OP conformance plan where one applies
(test_oidcc_*), then the RFC 9700 (OAuth 2.0 Security BCP) attacks: redirect URI matching, code
injection, PKCE downgrade, consent CSRF and clickjacking, token confusion, mix-up (iss).

Each test signs in as a user of its own, so consents and sessions of one never meet another's.

TESSERA_BIN names the binary (default: build/release/cli/tessera of this checkout)."""

import base64
import hashlib
import html.parser
import http.client
import json
import os
import signal
import subprocess
import sys
import time
import tomllib
import unittest
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
os.environ.setdefault("TESSERA_BIN", os.path.join(ROOT, "build", "release", "cli", "tessera"))
# authlib refuses plain http unless told; the service runs on 127.0.0.1 without TLS here.
os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"

sys.path.insert(0, HERE)
from harness import TESSERA, Service, bearer, wait_for  # noqa: E402
from http_answer import Answer  # noqa: E402

import jwt as pyjwt  # noqa: E402
import requests  # noqa: E402
from authlib.common.security import generate_token  # noqa: E402
from authlib.integrations.requests_client import OAuth2Session  # noqa: E402
from authlib.jose import JsonWebKey, JsonWebToken  # noqa: E402
from authlib.jose.errors import JoseError  # noqa: E402
from authlib.oidc.core import CodeIDToken  # noqa: E402
from authlib.oidc.discovery import OpenIDProviderMetadata  # noqa: E402

SESSION_COOKIE = "__Host-tessera-session"   # SameSite=Lax: what /authorize reads
REFRESH_COOKIE = "__Host-tessera-refresh"   # SameSite=Strict: the web face's session
CHROME = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/156.0.0.0 Safari/537.36")

PUBLIC_REDIRECT = "http://localhost:5000/callback"
PUBLIC_LOGOUT = "http://localhost:5000/"
PUBLIC_ORIGIN = "http://localhost:5000"
OTHER_REDIRECT = "http://localhost:5001/callback"
NATIVE_REDIRECT = "http://127.0.0.1/cb"
CONFIDENTIAL_REDIRECT = "https://app.example/cb"
CONFIDENTIAL_LOGOUT = "https://app.example/bye"
FIRST_PARTY_REDIRECT = "https://first.example/cb"
SCOPED_REDIRECT = "https://scoped.example/cb"
SCOPED_SECRET = "scoped-client-secret-that-is-long-enough-1234"

PUBLIC_ENTRY = f"""
[[clients]]
id = "rp-public"
public = true
grants = ["authorization_code", "refresh_token"]
redirect_uris = ["{PUBLIC_REDIRECT}"]
post_logout_redirect_uris = ["{PUBLIC_LOGOUT}"]
consent = true
scopes = []
"""

OTHER_ENTRY = f"""
[[clients]]
id = "rp-other"
public = true
grants = ["authorization_code", "refresh_token"]
redirect_uris = ["{OTHER_REDIRECT}"]
"""

NATIVE_ENTRY = f"""
[[clients]]
id = "rp-native"
public = true
grants = ["authorization_code"]
redirect_uris = ["{NATIVE_REDIRECT}"]
"""

REDIRECTS = (301, 302, 303, 307, 308)


def add_client(*args):
    """`tessera client add ARGS`: the [[clients]] entry (stdout) and the secret (stderr)."""
    run = subprocess.run([TESSERA, "client", "add", *args], capture_output=True, text=True,
                         timeout=30, check=True)
    secret = run.stderr.strip().splitlines()[-1] if "--public" not in args else None
    return run.stdout, secret


def hashed_secret(secret):
    return subprocess.run([TESSERA, "hash-secret"], input=secret + "\n", capture_output=True,
                          text=True, timeout=30, check=True).stdout.strip()


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def left_half_hash(value):
    """at_hash of an RS256/ES256 ID token: the left half of SHA-256, base64url."""
    return b64url(hashlib.sha256(value.encode()).digest()[:16])


def header_of(token):
    return json.loads(unb64url(token.split(".")[0]))


def payload_of(token):
    return json.loads(unb64url(token.split(".")[1]))


def query_of(url):
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query,
                                       keep_blank_values=True))


def without_query(url):
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def with_params(url, **changes):
    """`url` with query parameters replaced (None removes one)."""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    query = [(k, v) for k, v in query if k not in changes]
    query += [(k, v) for k, v in changes.items() if v is not None]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def pkce_params(client_id="rp-public", redirect_uri=PUBLIC_REDIRECT, **params):
    """The parameters of an authorization request made by hand (None leaves one out)."""
    verifier = generate_token(64)
    base = {"response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri,
            "scope": "openid", "state": generate_token(16), "nonce": generate_token(16),
            "code_challenge": b64url(hashlib.sha256(verifier.encode()).digest()),
            "code_challenge_method": "S256"}
    base.update(params)
    return {k: v for k, v in base.items() if v is not None}


class Forms(html.parser.HTMLParser):
    """The forms of a page: action, method, and their named inputs and buttons (values
    unescaped, as a browser submits them)."""

    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._current = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._current = {"action": a.get("action", ""),
                             "method": a.get("method", "get").lower(), "fields": []}
            self.forms.append(self._current)
        elif tag in ("input", "button") and self._current is not None and a.get("name"):
            default = "submit" if tag == "button" else "text"
            self._current["fields"].append({"tag": tag, "type": a.get("type", default).lower(),
                                            "name": a["name"], "value": a.get("value", "")})

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None

    def form(self, action_path):
        for form in self.forms:
            if urllib.parse.urlsplit(form["action"]).path == action_path:
                return form
        return None

    @staticmethod
    def hidden(form):
        return {f["name"]: f["value"] for f in form["fields"] if f["type"] == "hidden"}

    @staticmethod
    def values(form, name):
        return [f["value"] for f in form["fields"] if f["name"] == name]


class Flow:
    """Where an authorization (or logout) request led the browser: the requests on the way,
    the sign-in and consent pages it met, and where it left the service (`location`)."""

    def __init__(self):
        self.steps = []
        self.login_page = None
        self.consent_page = None
        self.signed_in = False
        self.consented = None
        self.answer = None
        self.location = None

    def record(self, method, path, answer):
        self.steps.append(f"{method} {path.split('?')[0]} -> {answer.status}")
        self.answer = answer

    @property
    def params(self):
        return query_of(self.location) if self.location else {}

    def __repr__(self):
        return f"steps {self.steps}, last answer {self.answer!r}, location {self.location!r}"


class Browser:
    """One browser: every cookie the service sets (with its SameSite), its user agent, and the
    Fetch Metadata it sends."""

    def __init__(self, service, user_agent=CHROME):
        self.service = service
        self.origin = service.url
        self.user_agent = user_agent
        self.cookies = {}  # name -> (value, samesite)

    def cookie_values(self):
        return {name: value for name, (value, _) in self.cookies.items()}

    def copy(self):
        other = Browser(self.service, self.user_agent)
        other.cookies = dict(self.cookies)
        return other

    def _cookie_header(self, method, site, cookies):
        if cookies == "none":
            return None
        if cookies == "all" or site != "cross-site":
            sent = self.cookies
        else:
            # SameSite: a cross-site request carries Lax cookies on a top-level GET only.
            allowed = {"none"} | ({"lax"} if method in ("GET", "HEAD") else set())
            sent = {n: c for n, c in self.cookies.items() if c[1] in allowed}
        return "; ".join(f"{n}={v}" for n, (v, _) in sent.items()) or None

    def send(self, method, path, body=None, headers=None, site="same-origin", cookies=None,
             mode="navigate"):
        connection = http.client.HTTPConnection("127.0.0.1", self.service.port, timeout=30)
        try:
            fields = {"User-Agent": self.user_agent}
            if site is not None:
                fields["Sec-Fetch-Site"] = site
                fields["Sec-Fetch-Mode"] = mode
                fields["Sec-Fetch-Dest"] = "document" if mode == "navigate" else "empty"
            cookie = self._cookie_header(method, site, cookies)
            if cookie:
                fields["Cookie"] = cookie
            fields.update(headers or {})
            connection.request(method, path, body=body, headers=fields)
            answer = Answer(connection.getresponse())
        finally:
            connection.close()
        for value in answer.headers_named("Set-Cookie"):
            name, _, rest = value.partition("=")
            token = rest.split(";")[0]
            attributes = [a.strip().lower() for a in rest.split(";")[1:]]
            expired = ("max-age=0" in attributes or token == ""
                       or any(a.startswith("expires=") and "1970" in a for a in attributes))
            if expired:
                self.cookies.pop(name, None)
            else:
                samesite = next((a.split("=", 1)[1] for a in attributes
                                 if a.startswith("samesite=")), "lax")
                self.cookies[name] = (token, samesite)
        return answer

    def get(self, path, site="same-origin", **options):
        return self.send("GET", path, site=site, **options)

    def form(self, path, fields, site="same-origin", headers=None, cookies=None):
        return self.send("POST", path, urllib.parse.urlencode(fields),
                         {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})},
                         site=site, cookies=cookies)

    def sign_in(self, username, password, return_to=None):
        fields = {"username": username, "password": password}
        if return_to is not None:
            fields["return_to"] = return_to
        return self.form("/web/login", fields)

    def api(self, method, path, body=None, site="same-origin", marker=True, cookies=None):
        headers = {"X-Tessera-Fetch": "1"} if marker else {}
        if body is not None:
            headers["Content-Type"] = "application/json"
            body = json.dumps(body)
        return self.send(method, path, body, headers, site=site, cookies=cookies, mode="cors")

    def local_path(self, url):
        """The path and query of a URL on the service, or None for another origin."""
        absolute = urllib.parse.urljoin(self.origin + "/", url)
        if absolute.startswith(self.origin + "/"):
            return absolute[len(self.origin):]
        return None

    def authorize(self, url, username=None, password=None, consent="allow", site="cross-site",
                  max_steps=12):
        """Follows `url` (an authorization or logout request) as a browser does: its
        redirects; the sign-in page, filled in when `username` is given; the consent page,
        answered with `consent` unless it is None. Stops at the first redirect off the service
        (`flow.location`) or at a page it does not answer (`flow.answer`)."""
        flow = Flow()
        path = self.local_path(url)
        answer = self.get(path, site=site)
        flow.record("GET", path, answer)
        for _ in range(max_steps):
            if answer.status in REDIRECTS:
                target = urllib.parse.urljoin(self.origin + path, answer.header("Location"))
                path = self.local_path(target)
                if path is None:
                    flow.location = target
                    return flow
                # Over a redirect chain a browser keeps the least trusting Sec-Fetch-Site.
                answer = self.get(path, site=site)
                flow.record("GET", path, answer)
                continue
            if answer.status != 200:
                return flow
            forms = Forms(answer.text)
            consent_form = forms.form("/authorize/consent")
            login_form = forms.form("/web/login")
            if consent_form is not None:
                flow.consent_page = answer
                if consent is None:
                    return flow
                fields = Forms.hidden(consent_form)
                fields["decision"] = consent
                answer = self.form("/authorize/consent", fields)
                flow.record("POST", "/authorize/consent", answer)
                flow.consented = consent
                site, path = "same-origin", "/authorize/consent"
            elif login_form is not None and path.startswith("/web/login"):
                flow.login_page = answer
                if username is None:
                    return flow
                fields = Forms.hidden(login_form)
                fields.update(username=username, password=password)
                answer = self.form("/web/login", fields)
                flow.record("POST", "/web/login", answer)
                flow.signed_in = flow.signed_in or answer.status == 303
                site, path = "same-origin", "/web/login"
            else:
                return flow
        return flow


class RelyingParty:
    """authlib's OAuth2Session as a relying party: S256 PKCE, state and nonce of its own."""

    def __init__(self, test, client_id, redirect_uri, secret=None, auth_method=None,
                 scope="openid profile email", meta=None, issuer=None, secrets=None):
        self.test = test
        self.meta = meta or test.meta
        self.issuer = issuer or test.issuer
        self.secrets = test.secrets if secrets is None else secrets
        self.client_id = client_id
        self.secret = secret
        self.redirect_uri = redirect_uri
        self.scope = scope
        self.auth_method = auth_method or ("none" if secret is None else "client_secret_basic")
        self.session = OAuth2Session(client_id, secret, scope=scope, redirect_uri=redirect_uri,
                                     code_challenge_method="S256",
                                     token_endpoint_auth_method=self.auth_method)
        test.addCleanup(self.session.close)
        self.verifier = self.nonce = self.state = None

    def authorization_url(self, nonce=True, state=None, **extra):
        self.verifier = generate_token(64)
        self.nonce = generate_token(24) if nonce else None
        if self.nonce is not None:
            extra["nonce"] = self.nonce
        if "scope" in extra:
            self.scope = extra["scope"]
        url, self.state = self.session.create_authorization_url(
            self.meta["authorization_endpoint"], state=state, code_verifier=self.verifier,
            **extra)
        self.secrets.append(self.verifier)
        return url

    def redeem(self, location, **extra):
        """authlib's token request for the code in `location` (it checks the state)."""
        token = self.session.fetch_token(self.meta["token_endpoint"],
                                         authorization_response=location, state=self.state,
                                         code_verifier=self.verifier, **extra)
        self.secrets += [query_of(location)["code"], token["access_token"]]
        if token.get("refresh_token"):
            self.secrets.append(token["refresh_token"])
        return token

    def token_request(self, data, auth=None, headers=None):
        """A raw token request with this client's authentication."""
        data = dict(data)
        if self.secret is None:
            data["client_id"] = self.client_id
        elif self.auth_method == "client_secret_post":
            data.update(client_id=self.client_id, client_secret=self.secret)
        elif auth is None:
            auth = (self.client_id, self.secret)
        return requests.post(self.meta["token_endpoint"], data=data, auth=auth,
                             headers=headers, timeout=10)

    def verify_id_token(self, id_token, access_token=None, alg="RS256", nonce="expected"):
        """authlib.jose against the JWKS, with CodeIDToken's checks; then what authlib leaves
        optional, checked here: the header, at_hash present and right, nonce, sid, amr."""
        test = self.test
        nonce = self.nonce if nonce == "expected" else nonce
        header = header_of(id_token)
        test.assertEqual(header.get("alg"), alg, header)
        test.assertEqual(header.get("typ"), "JWT", header)
        jwks = requests.get(self.meta["jwks_uri"], timeout=10).json()
        test.assertIn(header.get("kid"), [k.get("kid") for k in jwks["keys"]],
                      "the ID token's kid is in the JWKS")
        keys = JsonWebKey.import_key_set(jwks)
        claims = JsonWebToken([alg]).decode(
            id_token, keys, claims_cls=CodeIDToken,
            claims_options={"iss": {"essential": True, "value": self.issuer},
                            "aud": {"essential": True, "value": self.client_id},
                            "sub": {"essential": True}},
            claims_params={"nonce": nonce, "client_id": self.client_id,
                           "access_token": access_token})
        claims.validate(leeway=5)
        now = time.time()
        test.assertIn(claims["aud"], (self.client_id, [self.client_id]))
        test.assertLessEqual(abs(claims["iat"] - now), 10)
        test.assertGreater(claims["exp"], now)
        test.assertIsInstance(claims.get("auth_time"), int)
        test.assertLessEqual(claims["auth_time"], claims["iat"] + 1)
        if nonce is not None:
            test.assertEqual(claims.get("nonce"), nonce)
        else:
            test.assertNotIn("nonce", claims)
        if access_token is not None:
            test.assertEqual(claims.get("at_hash"), left_half_hash(access_token))
        test.assertIsInstance(claims.get("sid"), str)
        test.assertTrue(claims["sid"])
        test.assertEqual(claims.get("amr"), ["pwd"])
        return claims


class OpenIDConnectTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.secrets = []
        confidential, cls.confidential_secret = add_client(
            "rp-confidential", "--grant", "authorization_code", "--redirect-uri",
            CONFIDENTIAL_REDIRECT, "--post-logout-redirect-uri", CONFIDENTIAL_LOGOUT)
        first_party, cls.first_party_secret = add_client(
            "rp-first-party", "--grant", "authorization_code", "--grant", "refresh_token",
            "--redirect-uri", FIRST_PARTY_REDIRECT, "--no-consent")
        scoped = (f'[[clients]]\nid = "rp-scoped"\nsecret_hash = "{hashed_secret(SCOPED_SECRET)}"\n'
                  f'grants = ["authorization_code"]\nredirect_uris = ["{SCOPED_REDIRECT}"]\n'
                  'scopes = ["read"]\n')
        cls.secrets += [cls.confidential_secret, cls.first_party_secret, SCOPED_SECRET]
        config = "\n".join(['refresh_grace = "0s"', PUBLIC_ENTRY, OTHER_ENTRY, NATIVE_ENTRY,
                            confidential, first_party, scoped])
        cls.service = Service(config=config)
        cls.issuer = cls.service.url
        cls.users = set()
        answer = requests.get(cls.issuer + "/.well-known/openid-configuration", timeout=10)
        cls.discovery_status = answer.status_code
        if answer.status_code == 200:
            cls.meta = answer.json()
        else:  # the contract's paths, so that every other test still says what it finds
            cls.meta = {"issuer": cls.issuer,
                        "authorization_endpoint": cls.issuer + "/authorize",
                        "token_endpoint": cls.issuer + "/token",
                        "userinfo_endpoint": cls.issuer + "/userinfo",
                        "jwks_uri": cls.issuer + "/.well-known/jwks.json",
                        "end_session_endpoint": cls.issuer + "/end-session"}

    @classmethod
    def tearDownClass(cls):
        status = cls.service.stop()
        if status != 0:
            raise AssertionError(f"tessera serve exited {status}:\n"
                                 + cls.service.read_log()[-4000:])

    # ---- Helpers ---------------------------------------------------------------------------

    def user(self, username, name=None, email=None, verified=False, scopes=()):
        """A user of the test's own (made once), password "<username>-password"."""
        if username not in self.users:
            args = ["user", "add", username, "--password-stdin"]
            if name is not None:
                args += ["--name", name]
            if email is not None:
                args += ["--email", email]
            if verified:
                args.append("--email-verified")
            for scope in scopes:
                args += ["--scope", scope]
            added = self.service.cli(*args, stdin=f"{username}-password\n")
            self.assertEqual(added.returncode, 0, added.stderr)
            self.users.add(username)
        return username

    def signed_in(self, username):
        browser = Browser(self.service)
        answer = browser.sign_in(username, f"{username}-password")
        self.assertEqual(answer.status, 303, answer)
        self.assertIn(SESSION_COOKIE, browser.cookies, answer.headers_named("Set-Cookie"))
        self.assertIn(REFRESH_COOKIE, browser.cookies)
        return browser

    def public_rp(self, **options):
        return RelyingParty(self, "rp-public", PUBLIC_REDIRECT, **options)

    def confidential_rp(self, auth_method="client_secret_basic", **options):
        return RelyingParty(self, "rp-confidential", CONFIDENTIAL_REDIRECT,
                            secret=self.confidential_secret, auth_method=auth_method, **options)

    def run_flow(self, rp, username, browser=None, consent="allow", expect_consent=None,
                 **params):
        """The browser part of a sign-in: returns (browser, flow), the flow back at the
        client's redirect URI with a code, the state and the issuer."""
        browser = browser or Browser(self.service)
        url = rp.authorization_url(**params)
        flow = browser.authorize(url, username, f"{username}-password", consent=consent)
        self.assert_code_redirect(flow, rp)
        if expect_consent is not None:
            self.assertEqual(flow.consent_page is not None, expect_consent,
                             f"consent page shown: {flow}")
        return browser, flow

    def sign_in_with(self, rp, username, browser=None, **params):
        """A whole sign-in: the flow, authlib's token request, the ID token verified."""
        browser, flow = self.run_flow(rp, username, browser, **params)
        token = rp.redeem(flow.location)
        claims = rp.verify_id_token(token["id_token"], token["access_token"])
        return browser, flow, token, claims

    def assert_code_redirect(self, flow, rp, redirect_uri=None):
        self.assertIsNotNone(flow.location, f"no redirect back to the client: {flow}")
        self.assertEqual(without_query(flow.location), redirect_uri or rp.redirect_uri, flow)
        params = flow.params
        self.assertNotIn("error", params, flow)
        self.assertTrue(params.get("code"), flow)
        self.assertEqual(params.get("state"), rp.state)
        self.assertEqual(params.get("iss"), self.issuer, "RFC 9207 iss in the response")

    def assert_error_redirect(self, flow, redirect_uri, errors, state=None):
        if isinstance(errors, str):
            errors = (errors,)
        self.assertIsNotNone(flow.location, f"no error redirect to the client: {flow}")
        self.assertEqual(without_query(flow.location), redirect_uri, flow)
        params = flow.params
        self.assertIn(params.get("error"), errors, flow)
        self.assertNotIn("code", params)
        if state is not None:
            self.assertEqual(params.get("state"), state)
        self.assertEqual(params.get("iss"), self.issuer, "RFC 9207 iss in the error response")

    def assert_error_page(self, answer, what=""):
        """An error page of the service itself, and no redirect anywhere."""
        self.assertEqual(answer.status, 400, f"{what}: {answer!r}")
        self.assertIsNone(answer.header("Location"), what)
        self.assertTrue((answer.header("Content-Type") or "").startswith("text/html"), what)

    def assert_token_error(self, response, error, status=400):
        self.assertEqual(response.status_code, status, response.text)
        body = response.json()
        if isinstance(error, str):
            error = (error,)
        self.assertIn(body.get("error"), error, body)
        self.assertNotIn("access_token", body)
        self.assertNotIn("id_token", body)

    def secure(self, token):
        return requests.get(self.issuer + "/secure-endpoint", headers=bearer(token),
                            timeout=10).status_code

    def userinfo(self, token, method="GET"):
        return requests.request(method, self.meta["userinfo_endpoint"], headers=bearer(token),
                                timeout=10)

    def authorize_path(self, **params):
        return "/authorize?" + urllib.parse.urlencode(params)

    def pkce_params(self, **params):
        return pkce_params(**params)

    def session_alive(self, cookies):
        browser = Browser(self.service)
        browser.cookies = dict(cookies)
        return browser.api("GET", "/web/api/session").status == 200

    def consents(self, browser):
        answer = browser.api("GET", "/web/api/consents")
        self.assertEqual(answer.status, 200, answer)
        return answer.json()["consents"]

    # ---- Discovery ---------------------------------------------------------------------------

    def test_oidcc_discovery_endpoint_verification(self):
        self.assertEqual(self.discovery_status, 200)
        answer = requests.get(self.issuer + "/.well-known/openid-configuration", timeout=10)
        self.assertTrue(answer.headers["Content-Type"].startswith("application/json"))
        meta = answer.json()
        base = self.issuer
        self.assertEqual(meta["issuer"], base)
        self.assertEqual(meta["authorization_endpoint"], base + "/authorize")
        self.assertEqual(meta["token_endpoint"], base + "/token")
        self.assertEqual(meta["userinfo_endpoint"], base + "/userinfo")
        self.assertEqual(meta["end_session_endpoint"], base + "/end-session")
        for key in ("jwks_uri", "revocation_endpoint", "introspection_endpoint"):
            self.assertTrue(meta[key].startswith(base + "/"), key)
        self.assertEqual(meta["response_types_supported"], ["code"])
        self.assertEqual(meta["code_challenge_methods_supported"], ["S256"])
        self.assertLessEqual({"authorization_code", "refresh_token"},
                             set(meta["grant_types_supported"]))
        self.assertNotIn("implicit", meta["grant_types_supported"])
        self.assertEqual(meta["subject_types_supported"], ["public"])
        self.assertIn("RS256", meta["id_token_signing_alg_values_supported"])
        self.assertNotIn("none", meta["id_token_signing_alg_values_supported"])
        self.assertLessEqual({"openid", "profile", "email", "offline_access"},
                             set(meta["scopes_supported"]))
        self.assertLessEqual({"sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "name",
                              "preferred_username", "email", "email_verified"},
                             set(meta["claims_supported"]))
        self.assertLessEqual({"client_secret_basic", "client_secret_post", "none"},
                             set(meta["token_endpoint_auth_methods_supported"]))
        self.assertIs(meta["authorization_response_iss_parameter_supported"], True)
        # authlib's own check of an OpenID Provider's metadata.
        OpenIDProviderMetadata(meta).validate()
        # The JWKS it names holds an RSA key for RS256 ID tokens, public parts only.
        jwks = requests.get(meta["jwks_uri"], timeout=10).json()
        rsa = [k for k in jwks["keys"] if k["kty"] == "RSA"]
        self.assertTrue(rsa, jwks)
        for key in jwks["keys"]:
            self.assertNotIn("d", key)
            self.assertTrue(key.get("kid"))

    def test_oauth_server_metadata_agrees_with_discovery(self):
        # RFC 8414: the authorization endpoint is listed once a grant uses it.
        oauth = requests.get(self.issuer + "/.well-known/oauth-authorization-server",
                             timeout=10).json()
        for key in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"):
            self.assertEqual(oauth.get(key), self.meta.get(key), key)
        self.assertIn("code", oauth.get("response_types_supported", []))
        self.assertEqual(oauth.get("code_challenge_methods_supported"), ["S256"])
        self.assertIn("authorization_code", oauth.get("grant_types_supported", []))

    # ---- The flow --------------------------------------------------------------------------

    def test_oidcc_server(self):
        """The code flow end to end for a public client: sign-in, consent, authlib redeeming
        the code with its verifier, the ID token verified, userinfo, the access token at the
        API."""
        user = self.user("server-user", name="Server User", email="server@example.com",
                         verified=True)
        rp = self.public_rp()
        browser, flow = self.run_flow(rp, user)
        self.assertIsNotNone(flow.login_page, f"no session: the sign-in page first: {flow}")
        self.assertTrue(flow.signed_in)
        self.assertIsNotNone(flow.consent_page, "rp-public asks for consent")
        self.assertIn("rp-public", flow.consent_page.text)
        # The token request, raw first to see what the answer looks like.
        response = rp.token_request({"grant_type": "authorization_code",
                                     "code": flow.params["code"],
                                     "redirect_uri": PUBLIC_REDIRECT,
                                     "code_verifier": rp.verifier})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertIn("no-store", response.headers.get("Cache-Control", ""))
        token = response.json()
        self.secrets += [token["access_token"], token["refresh_token"], flow.params["code"]]
        self.assertEqual(token["token_type"], "Bearer")
        self.assertIsInstance(token["expires_in"], int)
        self.assertGreater(token["expires_in"], 0)
        self.assertEqual(set(token["scope"].split()), {"openid", "profile", "email"})
        self.assertTrue(token["refresh_token"], "rp-public has the refresh_token grant")
        claims = rp.verify_id_token(token["id_token"], token["access_token"])
        self.assertEqual(claims["sub"], user)
        self.assertEqual(claims["name"], "Server User")
        self.assertEqual(claims["preferred_username"], user)
        self.assertEqual(claims["email"], "server@example.com")
        self.assertIs(claims["email_verified"], True)
        # The access token: the service's own, for this client, good at the API and userinfo.
        access = payload_of(token["access_token"])
        self.assertEqual(access["sub"], user)
        self.assertEqual(access["client_id"], "rp-public")
        self.assertEqual(self.secure(token["access_token"]), 200)
        info = self.userinfo(token["access_token"])
        self.assertEqual(info.status_code, 200, info.text)
        self.assertEqual(info.json()["sub"], claims["sub"])

    def test_oidcc_server_client_secret_basic(self):
        user = self.user("basic-user")
        rp = self.confidential_rp("client_secret_basic")
        browser, flow = self.run_flow(rp, user)
        self.assertIsNotNone(flow.consent_page, "consent is on by default")
        token = rp.redeem(flow.location)
        claims = rp.verify_id_token(token["id_token"], token["access_token"])
        self.assertEqual((claims["sub"], claims["aud"]), (user, "rp-confidential"))
        # No refresh_token grant and no offline_access: no refresh token.
        self.assertNotIn("refresh_token", token)
        self.assertEqual(payload_of(token["access_token"])["client_id"], "rp-confidential")

    def test_oidcc_server_client_secret_post(self):
        user = self.user("post-user")
        rp = self.confidential_rp("client_secret_post")
        browser, flow = self.run_flow(rp, user)
        token = rp.redeem(flow.location)
        claims = rp.verify_id_token(token["id_token"], token["access_token"])
        self.assertEqual(claims["sub"], user)

    def test_oidcc_ensure_request_with_valid_pkce_succeeds(self):
        user = self.user("pkce-ok-user")
        rp = self.public_rp(scope="openid")
        browser, flow = self.run_flow(rp, user)
        token = rp.redeem(flow.location)
        self.assertEqual(token["scope"].split(), ["openid"])
        rp.verify_id_token(token["id_token"], token["access_token"])

    def test_oidcc_ensure_request_without_nonce_succeeds_for_code_flow(self):
        user = self.user("no-nonce-user")
        rp = self.public_rp()
        browser, flow = self.run_flow(rp, user, nonce=False)
        self.assertNotIn("nonce=", urllib.parse.urlsplit(flow.location).query)
        token = rp.redeem(flow.location)
        claims = rp.verify_id_token(token["id_token"], token["access_token"], nonce=None)
        self.assertNotIn("nonce", claims)

    def test_oidcc_ensure_other_scope_order_succeeds(self):
        user = self.user("order-user", email="order@example.com")
        rp = self.public_rp()
        browser, flow = self.run_flow(rp, user, scope="email openid")
        token = rp.redeem(flow.location)
        claims = rp.verify_id_token(token["id_token"], token["access_token"])
        self.assertEqual(claims["email"], "order@example.com")

    def test_oidcc_ensure_request_with_unknown_parameter_succeeds(self):
        user = self.user("unknown-param-user")
        rp = self.public_rp()
        browser, flow = self.run_flow(rp, user, extra="foobar", ui_locales="se",
                                      display="page")
        token = rp.redeem(flow.location)
        rp.verify_id_token(token["id_token"], token["access_token"])

    def test_nonce_is_carried_into_the_id_token_exactly(self):
        user = self.user("nonce-user")
        rp = self.public_rp()
        browser, flow = self.run_flow(rp, user)
        token = rp.redeem(flow.location)
        claims = rp.verify_id_token(token["id_token"], token["access_token"])
        self.assertEqual(claims["nonce"], rp.nonce)
        # authlib refuses the same ID token for another nonce: what a replay meets.
        with self.assertRaises(JoseError):
            rp.verify_id_token(token["id_token"], token["access_token"], nonce="another-nonce")

    # ---- Authorization request errors --------------------------------------------------------

    def test_unknown_client_gets_an_error_page_and_no_redirect(self):
        signed_in = self.signed_in(self.user("unknown-client-user"))
        for browser in (Browser(self.service), signed_in):
            answer = browser.get(self.authorize_path(**self.pkce_params(client_id="nobody")),
                                 site="cross-site")
            self.assert_error_page(answer, "unknown client_id")
            answer = browser.get(self.authorize_path(**self.pkce_params(client_id=None)),
                                 site="cross-site")
            self.assert_error_page(answer, "no client_id")

    def test_oidcc_ensure_redirect_uri_in_authorization_request(self):
        signed_in = self.signed_in(self.user("missing-redirect-user"))
        for browser in (Browser(self.service), signed_in):
            answer = browser.get(self.authorize_path(**self.pkce_params(redirect_uri=None)),
                                 site="cross-site")
            self.assert_error_page(answer, "no redirect_uri")

    def test_oidcc_ensure_registered_redirect_uri(self):
        signed_in = self.signed_in(self.user("unregistered-redirect-user"))
        for browser in (Browser(self.service), signed_in):
            answer = browser.get(self.authorize_path(
                **self.pkce_params(redirect_uri="https://evil.example/callback")),
                site="cross-site")
            self.assert_error_page(answer, "an unregistered redirect_uri")
            # Another client's registered URI is not this client's.
            answer = browser.get(self.authorize_path(
                **self.pkce_params(redirect_uri=OTHER_REDIRECT)), site="cross-site")
            self.assert_error_page(answer, "another client's redirect_uri")

    def test_redirect_uri_is_matched_exactly(self):
        """RFC 9700 2.1 and 4.1: simple string comparison, no prefix, no added query, no other
        port for a URI that is not a loopback IP literal."""
        signed_in = self.signed_in(self.user("exact-redirect-user"))
        cases = {
            "rp-confidential": [
                "https://app.example/cb/", "https://app.example/cb/extra",
                "https://app.example/cbx", "https://app.example/cb?next=1",
                "https://app.example/cb#fragment", "https://app.example:8443/cb",
                "https://app.example:443/cb", "http://app.example/cb",
                "https://app.example.evil.example/cb", "https://evil.example/app.example/cb",
                "https://app.example/CB", "https://app.example/cb/../cb",
                "https://app.example/cb%2F..", "https://user@app.example/cb", ""],
            "rp-public": [
                "http://localhost:5000/callback/", "http://localhost:5000/callback?x=1",
                "http://localhost:5000/callback/../evil", "http://localhost:5000/callbackx",
                "https://localhost:5000/callback", "http://localhost:5000/Callback",
                "http://localhost/callback", "http://localhost.evil.example:5000/callback"],
        }
        for client_id, uris in cases.items():
            for uri in uris:
                for browser in (Browser(self.service), signed_in):
                    params = self.pkce_params(client_id=client_id, redirect_uri=uri)
                    answer = browser.get(self.authorize_path(**params), site="cross-site")
                    self.assert_error_page(answer, f"{client_id} with {uri!r}")

    def test_loopback_redirect_uri_takes_any_port(self):
        """RFC 8252 7.3: a native app registers http://127.0.0.1/cb and listens on any port;
        the code is bound to the URI with the port it used."""
        user = self.user("native-user")
        uri = "http://127.0.0.1:51234/cb"
        rp = RelyingParty(self, "rp-native", uri, scope="openid")
        browser, flow = self.run_flow(rp, user)
        self.assertTrue(flow.location.startswith(uri + "?"), flow)
        token = rp.redeem(flow.location)
        rp.verify_id_token(token["id_token"], token["access_token"])
        self.assertNotIn("refresh_token", token)
        # Another port at the token endpoint than at the authorization endpoint: refused.
        rp = RelyingParty(self, "rp-native", "http://127.0.0.1:40001/cb", scope="openid")
        browser, flow = self.run_flow(rp, user, browser=browser)
        response = rp.token_request({"grant_type": "authorization_code",
                                     "code": flow.params["code"],
                                     "redirect_uri": "http://127.0.0.1:40002/cb",
                                     "code_verifier": rp.verifier})
        self.assert_token_error(response, "invalid_grant")
        # Only the port is free: path, host, scheme and query are not.
        for other in ("http://127.0.0.1:51234/cb/x", "http://127.0.0.1:51234/other",
                      "http://localhost:51234/cb", "https://127.0.0.1:51234/cb",
                      "http://127.0.0.2:51234/cb", "http://127.0.0.1:51234/cb?x=1",
                      "http://127.0.0.1.evil.example:51234/cb"):
            answer = browser.get(self.authorize_path(
                **self.pkce_params(client_id="rp-native", redirect_uri=other)), site="cross-site")
            self.assert_error_page(answer, other)
        # And a registered non-loopback port is not free either.
        answer = browser.get(self.authorize_path(**self.pkce_params(
            client_id="rp-public", redirect_uri="http://localhost:5999/callback")),
            site="cross-site")
        self.assert_error_page(answer, "rp-public on another port")

    def test_oidcc_response_type_missing(self):
        browser = self.signed_in(self.user("response-type-user"))
        params = self.pkce_params(response_type=None)
        flow = browser.authorize(self.authorize_path(**params), consent=None)
        self.assert_error_redirect(flow, PUBLIC_REDIRECT,
                                   ("invalid_request", "unsupported_response_type"),
                                   params["state"])

    def test_unsupported_response_types_are_refused(self):
        browser = self.signed_in(self.user("implicit-user"))
        for response_type in ("token", "id_token", "code id_token", "code token"):
            params = self.pkce_params(response_type=response_type)
            flow = browser.authorize(self.authorize_path(**params), consent=None)
            self.assert_error_redirect(flow, PUBLIC_REDIRECT, "unsupported_response_type",
                                       params["state"])
            self.assertNotIn("#", flow.location)

    def test_invalid_scope(self):
        browser = self.signed_in(self.user("scope-user"))
        for scope in ("profile email", "", "openid frobnicate"):
            params = self.pkce_params(scope=scope)
            flow = browser.authorize(self.authorize_path(**params), consent=None)
            self.assert_error_redirect(flow, PUBLIC_REDIRECT, "invalid_scope", params["state"])

    def test_pkce_is_required_and_only_s256(self):
        """RFC 9700 2.1.1 and 4.8: no PKCE, plain, a method left out (it means plain) and a
        malformed challenge are refused before any page is shown, for a public and a
        confidential client."""
        browser = self.signed_in(self.user("pkce-user"))
        verifier = generate_token(64)
        cases = {
            "no PKCE": {"code_challenge": None, "code_challenge_method": None},
            "plain": {"code_challenge": verifier, "code_challenge_method": "plain"},
            "no method (plain)": {"code_challenge_method": None},
            "unknown method": {"code_challenge_method": "S512"},
            "short challenge": {"code_challenge": "abc"},
            "not base64url": {"code_challenge": "+" * 43},
            "too long": {"code_challenge": "a" * 129},
        }
        for client_id, uri in (("rp-public", PUBLIC_REDIRECT),
                               ("rp-confidential", CONFIDENTIAL_REDIRECT)):
            for label, changes in cases.items():
                with self.subTest(client=client_id, case=label):
                    params = self.pkce_params(client_id=client_id, redirect_uri=uri)
                    params.update(changes)
                    params = {k: v for k, v in params.items() if v is not None}
                    flow = browser.authorize(self.authorize_path(**params), consent=None)
                    self.assert_error_redirect(flow, uri, "invalid_request", params["state"])

    def test_pkce_verifier_must_match(self):
        user = self.user("verifier-user")
        rp = self.public_rp(scope="openid")
        browser, flow = self.run_flow(rp, user)
        code = flow.params["code"]
        challenge = b64url(hashlib.sha256(rp.verifier.encode()).digest())
        base = {"grant_type": "authorization_code", "code": code, "redirect_uri": PUBLIC_REDIRECT}
        for label, verifier in (("another verifier", generate_token(64)),
                                ("the challenge itself (plain)", challenge),
                                ("too short", "abc")):
            with self.subTest(label):
                response = rp.token_request({**base, "code_verifier": verifier})
                self.assert_token_error(response, ("invalid_grant", "invalid_request"))
        response = rp.token_request(base)
        self.assert_token_error(response, ("invalid_grant", "invalid_request"))
        # None of those got anything: a fresh code with the right verifier works.
        browser, flow = self.run_flow(rp, user, browser=browser)
        token = rp.redeem(flow.location)
        self.assertEqual(self.secure(token["access_token"]), 200)

    def test_state_is_echoed_exactly(self):
        user = self.user("state-user")
        state = "a b+c&d=e/é~%20;\"'<>"
        rp = self.public_rp()
        browser, flow = self.run_flow(rp, user, state=state)
        self.assertEqual(flow.params["state"], state)
        rp.redeem(flow.location)
        # In an error too.
        params = self.pkce_params(scope="profile", state=state)
        flow = browser.authorize(self.authorize_path(**params), consent=None)
        self.assert_error_redirect(flow, PUBLIC_REDIRECT, "invalid_scope", state)

    def test_iss_in_every_authorization_response(self):
        """RFC 9207 against mix-up: the code, an error and a refusal all say who sent them."""
        user = self.user("iss-user")
        rp = self.public_rp()
        browser, flow = self.run_flow(rp, user)
        self.assertEqual(flow.params["iss"], self.issuer)
        params = self.pkce_params(code_challenge_method="plain")
        flow = browser.authorize(self.authorize_path(**params), consent=None)
        self.assertEqual(flow.params.get("iss"), self.issuer, flow)
        rp = self.public_rp()
        flow = browser.authorize(rp.authorization_url(prompt="consent"), consent="deny")
        self.assert_error_redirect(flow, PUBLIC_REDIRECT, "access_denied", rp.state)

    # ---- The code at the token endpoint ------------------------------------------------------

    def test_oidcc_codereuse(self):
        """RFC 6749 4.1.2 and RFC 9700 4.5: a code works once; used again, it is refused and
        what the first use gave is revoked."""
        user = self.user("codereuse-user")
        rp = self.public_rp()
        browser, flow = self.run_flow(rp, user)
        token = rp.redeem(flow.location)
        self.assertEqual(self.secure(token["access_token"]), 200)
        self.assertEqual(self.userinfo(token["access_token"]).status_code, 200)
        again = rp.token_request({"grant_type": "authorization_code",
                                  "code": flow.params["code"], "redirect_uri": PUBLIC_REDIRECT,
                                  "code_verifier": rp.verifier})
        self.assert_token_error(again, "invalid_grant")
        self.assertTrue(wait_for(lambda: self.secure(token["access_token"]) == 401),
                        "the first use's access token still works")
        self.assertEqual(self.userinfo(token["access_token"]).status_code, 401)
        refreshed = rp.token_request({"grant_type": "refresh_token",
                                      "refresh_token": token["refresh_token"]})
        self.assert_token_error(refreshed, "invalid_grant")

    def test_code_is_bound_to_its_client(self):
        """RFC 9700 4.5 (code injection): a code client A got is worth nothing to client B,
        whatever redirect URI and verifier B sends."""
        user = self.user("injection-user")
        rp = self.public_rp(scope="openid")
        browser, flow = self.run_flow(rp, user)
        code = flow.params["code"]
        for client_id, uri in (("rp-other", OTHER_REDIRECT), ("rp-other", PUBLIC_REDIRECT),
                               ("rp-native", PUBLIC_REDIRECT)):
            response = requests.post(self.meta["token_endpoint"], timeout=10, data={
                "grant_type": "authorization_code", "code": code, "redirect_uri": uri,
                "code_verifier": rp.verifier, "client_id": client_id})
            self.assert_token_error(response, "invalid_grant")
        response = requests.post(self.meta["token_endpoint"], timeout=10,
                                 auth=("rp-confidential", self.confidential_secret), data={
                                     "grant_type": "authorization_code", "code": code,
                                     "redirect_uri": PUBLIC_REDIRECT,
                                     "code_verifier": rp.verifier})
        self.assert_token_error(response, "invalid_grant")

    def test_a_confidential_clients_code_needs_its_secret(self):
        user = self.user("confidential-code-user")
        rp = self.confidential_rp()
        browser, flow = self.run_flow(rp, user)
        data = {"grant_type": "authorization_code", "code": flow.params["code"],
                "redirect_uri": CONFIDENTIAL_REDIRECT, "code_verifier": rp.verifier}
        for label, auth, extra in (
                ("as a public client", None, {"client_id": "rp-confidential"}),
                ("with a wrong secret", ("rp-confidential", "wrong-secret"), {}),
                ("as nobody", None, {})):
            with self.subTest(label):
                response = requests.post(self.meta["token_endpoint"], data={**data, **extra},
                                         auth=auth, timeout=10)
                self.assertIn(response.status_code, (400, 401), response.text)
                # (no client named: the request is the first-party client's, which has no
                # authorization_code grant: unauthorized_client)
                self.assertIn(response.json().get("error"),
                              ("invalid_client", "invalid_grant", "invalid_request",
                               "unauthorized_client"))
                self.assertNotIn("access_token", response.json())

    def test_code_is_bound_to_its_redirect_uri(self):
        user = self.user("redirect-binding-user")
        rp = self.public_rp(scope="openid")
        browser, flow = self.run_flow(rp, user)
        data = {"grant_type": "authorization_code", "code": flow.params["code"],
                "code_verifier": rp.verifier}
        response = rp.token_request({**data, "redirect_uri": PUBLIC_REDIRECT + "/other"})
        self.assert_token_error(response, "invalid_grant")
        browser, flow = self.run_flow(rp, user, browser=browser)
        response = rp.token_request({"grant_type": "authorization_code",
                                     "code": flow.params["code"], "code_verifier": rp.verifier})
        self.assert_token_error(response, ("invalid_grant", "invalid_request"))

    def test_a_made_up_code_is_invalid_grant(self):
        response = requests.post(self.meta["token_endpoint"], timeout=10, data={
            "grant_type": "authorization_code", "code": "made-up-code",
            "redirect_uri": PUBLIC_REDIRECT, "code_verifier": generate_token(64),
            "client_id": "rp-public"})
        self.assert_token_error(response, "invalid_grant")

    # ---- prompt, max_age, hints --------------------------------------------------------------

    def test_oidcc_prompt_none_not_logged_in(self):
        rp = self.public_rp()
        flow = Browser(self.service).authorize(rp.authorization_url(prompt="none"), consent=None)
        self.assert_error_redirect(flow, PUBLIC_REDIRECT, "login_required", rp.state)

    def test_oidcc_prompt_none_logged_in(self):
        user = self.user("prompt-none-user")
        rp = self.public_rp()
        # Signed in but no consent yet: consent_required, no page.
        browser = self.signed_in(user)
        flow = browser.authorize(rp.authorization_url(prompt="none"), consent=None)
        self.assert_error_redirect(flow, PUBLIC_REDIRECT, "consent_required", rp.state)
        browser, flow, token, first = self.sign_in_with(rp, user, browser=browser)
        # Now nothing needs the user: a code at once.
        browser, flow = self.run_flow(rp, user, browser=browser, prompt="none")
        self.assertIsNone(flow.login_page)
        self.assertIsNone(flow.consent_page)
        self.assertEqual(len(flow.steps), 1, flow)
        token = rp.redeem(flow.location)
        claims = rp.verify_id_token(token["id_token"], token["access_token"])
        self.assertEqual((claims["sub"], claims["sid"], claims["auth_time"]),
                         (first["sub"], first["sid"], first["auth_time"]))

    def test_oidcc_prompt_login(self):
        user = self.user("prompt-login-user")
        rp = self.public_rp()
        browser, flow, token, first = self.sign_in_with(rp, user)
        time.sleep(1.1)  # auth_time is in seconds
        browser, flow, token, second = self.sign_in_with(rp, user, browser=browser,
                                                         prompt="login")
        self.assertIsNotNone(flow.login_page, f"prompt=login shows the sign-in page: {flow}")
        self.assertIsNone(flow.consent_page, "consent was given already")
        self.assertGreater(second["auth_time"], first["auth_time"])
        self.assertEqual(second["sub"], user)

    def test_oidcc_max_age_1(self):
        user = self.user("max-age-user")
        rp = self.public_rp()
        browser, flow, token, first = self.sign_in_with(rp, user)
        time.sleep(2)
        browser, flow, token, second = self.sign_in_with(rp, user, browser=browser, max_age="1")
        self.assertIsNotNone(flow.login_page, f"a sign-in older than max_age is redone: {flow}")
        self.assertGreaterEqual(second["auth_time"], first["auth_time"] + 2)

    def test_oidcc_max_age_10000(self):
        user = self.user("max-age-long-user")
        rp = self.public_rp()
        browser, flow, token, first = self.sign_in_with(rp, user)
        browser, flow, token, second = self.sign_in_with(rp, user, browser=browser,
                                                         max_age="10000")
        self.assertIsNone(flow.login_page, flow)
        self.assertEqual(second["auth_time"], first["auth_time"])

    def test_oidcc_id_token_hint(self):
        user = self.user("hint-user")
        rp = self.public_rp()
        browser, flow, token, first = self.sign_in_with(rp, user)
        browser, flow, token, second = self.sign_in_with(
            rp, user, browser=browser, prompt="none", id_token_hint=token["id_token"])
        self.assertEqual(second["sub"], first["sub"])

    def test_oidcc_login_hint(self):
        user = self.user("login-hint-user")
        rp = self.public_rp()
        flow = Browser(self.service).authorize(rp.authorization_url(login_hint=user))
        self.assertIsNotNone(flow.login_page, flow)
        login = Forms(flow.login_page.text).form("/web/login")
        self.assertEqual(Forms.values(login, "username"), [user],
                         "login_hint fills in the username")

    # ---- Scopes and claims -------------------------------------------------------------------

    def test_oidcc_scope_profile(self):
        user = self.user("profile-user", name="Pro File", email="pro@example.com",
                         verified=True)
        rp = self.public_rp(scope="openid profile")
        browser, flow, token, claims = self.sign_in_with(rp, user)
        self.assertEqual(claims["name"], "Pro File")
        self.assertEqual(claims["preferred_username"], user)
        self.assertNotIn("email", claims)
        self.assertNotIn("email_verified", claims)
        info = self.userinfo(token["access_token"]).json()
        self.assertEqual(info["sub"], user)
        self.assertEqual(info["name"], "Pro File")
        self.assertEqual(info["preferred_username"], user)
        self.assertNotIn("email", info)

    def test_oidcc_scope_email(self):
        user = self.user("email-user", name="E Mail", email="email@example.com", verified=True)
        rp = self.public_rp(scope="openid email")
        browser, flow, token, claims = self.sign_in_with(rp, user)
        self.assertEqual(claims["email"], "email@example.com")
        self.assertIs(claims["email_verified"], True)
        self.assertNotIn("name", claims)
        self.assertNotIn("preferred_username", claims)
        info = self.userinfo(token["access_token"]).json()
        self.assertEqual((info["sub"], info["email"], info["email_verified"]),
                         (user, "email@example.com", True))
        self.assertNotIn("name", info)

    def test_an_unverified_email_says_so(self):
        user = self.user("unverified-user", email="unverified@example.com")
        rp = self.public_rp(scope="openid email")
        browser, flow, token, claims = self.sign_in_with(rp, user)
        self.assertEqual(claims["email"], "unverified@example.com")
        self.assertIs(claims.get("email_verified", False), False)

    def test_the_openid_scope_alone_gives_only_the_subject(self):
        user = self.user("openid-only-user", name="Only Openid", email="only@example.com",
                         verified=True)
        rp = self.public_rp(scope="openid")
        browser, flow, token, claims = self.sign_in_with(rp, user)
        for claim in ("name", "preferred_username", "email", "email_verified"):
            self.assertNotIn(claim, claims)
        info = self.userinfo(token["access_token"]).json()
        self.assertEqual(info, {"sub": user})

    def test_claims_a_user_lacks_are_left_out(self):
        user = self.user("plain-user")
        rp = self.public_rp(scope="openid profile email")
        browser, flow, token, claims = self.sign_in_with(rp, user)
        self.assertEqual(claims["preferred_username"], user)
        for claim in ("name", "email", "email_verified"):
            self.assertNotIn(claim, claims)
        info = self.userinfo(token["access_token"]).json()
        self.assertEqual(info, {"sub": user, "preferred_username": user})

    def test_service_scopes_only_as_the_client_and_the_user_hold_them(self):
        user = self.user("reader-user", scopes=["read"])
        rp = RelyingParty(self, "rp-scoped", SCOPED_REDIRECT, secret=SCOPED_SECRET,
                          scope="openid read")
        browser, flow, token, claims = self.sign_in_with(rp, user)
        self.assertIn("read", token["scope"].split())
        self.assertIn("read", payload_of(token["access_token"])["scope"].split())
        # rp-public may get none of the service's scopes.
        rp = self.public_rp(scope="openid read")
        flow = browser.authorize(rp.authorization_url(), user, f"{user}-password")
        if flow.params.get("error"):
            self.assert_error_redirect(flow, PUBLIC_REDIRECT, "invalid_scope", rp.state)
        else:
            token = rp.redeem(flow.location)
            self.assertNotIn("read", token["scope"].split())
            self.assertNotIn("read", payload_of(token["access_token"]).get("scope", "").split())

    # ---- The ID token ------------------------------------------------------------------------

    def test_oidcc_id_token_signature(self):
        user = self.user("signature-user")
        rp = self.public_rp()
        browser, flow, token, claims = self.sign_in_with(rp, user)
        id_token = token["id_token"]
        # A second verifier, PyJWT, with only the JWKS key the header names.
        jwks = requests.get(self.meta["jwks_uri"], timeout=10).json()
        kid = header_of(id_token)["kid"]
        jwk = next(k for k in jwks["keys"] if k["kid"] == kid)
        self.assertEqual(jwk["kty"], "RSA")
        key = pyjwt.PyJWK(jwk).key
        decoded = pyjwt.decode(id_token, key, algorithms=["RS256"], audience="rp-public",
                               issuer=self.issuer)
        self.assertEqual(decoded["sub"], user)
        # A changed payload, a changed signature and alg none are refused.
        head, body, signature = id_token.split(".")
        forged = dict(decoded, sub="someone-else")
        forged_body = b64url(json.dumps(forged).encode())
        flipped = signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")
        none_head = b64url(json.dumps({"alg": "none", "typ": "JWT"}).encode())
        for bad in (f"{head}.{forged_body}.{signature}", f"{head}.{body}.{flipped}",
                    f"{none_head}.{body}."):
            with self.assertRaises(pyjwt.InvalidTokenError):
                pyjwt.decode(bad, key, algorithms=["RS256"], audience="rp-public",
                             issuer=self.issuer)
            with self.assertRaises((JoseError, ValueError)):
                JsonWebToken(["RS256"]).decode(bad, JsonWebKey.import_key_set(jwks))

    def test_id_token_is_not_an_access_token(self):
        """RFC 9068 / OIDC: the ID token is for the client; the API and userinfo refuse it."""
        user = self.user("confusion-user")
        rp = self.public_rp()
        browser, flow, token, claims = self.sign_in_with(rp, user)
        id_token = token["id_token"]
        self.assertNotEqual(header_of(token["access_token"]).get("typ"), "JWT",
                            "access tokens are typed at+jwt, not JWT")
        self.assertEqual(self.secure(id_token), 401)
        self.assertEqual(self.userinfo(id_token).status_code, 401)
        me = requests.get(self.issuer + "/users/me", headers=bearer(id_token), timeout=10)
        self.assertEqual(me.status_code, 401)
        # Nor does introspection call it an active access token.
        answer = requests.post(self.issuer + "/introspect", data={"token": id_token},
                               auth=("rp-confidential", self.confidential_secret), timeout=10)
        if answer.status_code == 200:
            self.assertIs(answer.json()["active"], False)

    # ---- userinfo ----------------------------------------------------------------------------

    def userinfo_claims(self, username):
        user = self.user(username, name=f"Name of {username}", email=f"{username}@example.com",
                         verified=True)
        rp = self.public_rp()
        browser, flow, token, claims = self.sign_in_with(rp, user)
        return token, claims

    def assert_userinfo(self, response, claims):
        self.assertEqual(response.status_code, 200, response.text)
        self.assertTrue(response.headers["Content-Type"].startswith("application/json"))
        info = response.json()
        self.assertEqual(info["sub"], claims["sub"])
        for claim in ("name", "preferred_username", "email", "email_verified"):
            self.assertEqual(info[claim], claims[claim], claim)
        self.assertIn("no-store", response.headers.get("Cache-Control", ""))

    def test_oidcc_userinfo_get(self):
        token, claims = self.userinfo_claims("userinfo-get-user")
        self.assert_userinfo(self.userinfo(token["access_token"]), claims)

    def test_oidcc_userinfo_post_header(self):
        token, claims = self.userinfo_claims("userinfo-post-user")
        self.assert_userinfo(self.userinfo(token["access_token"], "POST"), claims)

    def test_oidcc_userinfo_post_body(self):
        # RFC 6750 2.2 (form body): optional for a server. Either it is served like the header,
        # or refused as a missing token; never anything else.
        token, claims = self.userinfo_claims("userinfo-body-user")
        response = requests.post(self.meta["userinfo_endpoint"],
                                 data={"access_token": token["access_token"]}, timeout=10)
        if response.status_code == 200:
            self.assert_userinfo(response, claims)
        else:
            self.assertEqual(response.status_code, 401, response.text)
            self.assertTrue(response.headers.get("WWW-Authenticate", "").startswith("Bearer"))

    def test_userinfo_refuses_what_is_not_an_openid_access_token(self):
        for headers in ({}, bearer("not-a-token"), {"Authorization": "Basic dXNlcjpwYXNz"}):
            for method in ("GET", "POST"):
                response = requests.request(method, self.meta["userinfo_endpoint"],
                                            headers=headers, timeout=10)
                self.assertEqual(response.status_code, 401, (method, headers))
                self.assertTrue(response.headers.get("WWW-Authenticate", "").startswith("Bearer"))
        # A token of the password grant (no openid scope): not for userinfo.
        password_token = self.service.login()["access_token"]
        self.secrets.append(password_token)
        response = self.userinfo(password_token)
        self.assertIn(response.status_code, (401, 403), response.text)
        self.assertNotIn('"sub"', response.text)

    # ---- Refresh -----------------------------------------------------------------------------

    def test_oidcc_refresh_token(self):
        user = self.user("refresh-user", name="Re Fresh")
        rp = self.public_rp(scope="openid profile")
        browser, flow, token, claims = self.sign_in_with(rp, user)
        first_refresh = token["refresh_token"]
        refreshed = rp.session.refresh_token(self.meta["token_endpoint"],
                                             refresh_token=first_refresh)
        self.secrets += [refreshed["access_token"], refreshed["refresh_token"]]
        self.assertNotEqual(refreshed["refresh_token"], first_refresh, "rotated")
        self.assertNotEqual(refreshed["access_token"], token["access_token"])
        info = self.userinfo(refreshed["access_token"])
        self.assertEqual(info.status_code, 200, info.text)
        self.assertEqual(info.json()["name"], "Re Fresh")
        if "id_token" in refreshed:  # OIDC 12.2: the same person, client and sign-in
            nonce = payload_of(refreshed["id_token"]).get("nonce")
            if nonce is not None:
                self.assertEqual(nonce, claims["nonce"])
            again = rp.verify_id_token(refreshed["id_token"], refreshed["access_token"],
                                       nonce=nonce)
            for claim in ("iss", "sub", "aud", "auth_time", "sid"):
                self.assertEqual(again[claim], claims[claim], claim)
        # The spent refresh token again: refused, and the family it belongs to ends. (Past
        # the second it was spent in: refresh_grace = "0s" still lets it through within it.)
        time.sleep(1.1)
        reused = rp.token_request({"grant_type": "refresh_token", "refresh_token": first_refresh})
        self.assert_token_error(reused, "invalid_grant")
        latest = rp.token_request({"grant_type": "refresh_token",
                                   "refresh_token": refreshed["refresh_token"]})
        self.assert_token_error(latest, "invalid_grant")

    def test_refresh_tokens_stay_with_their_client(self):
        user = self.user("refresh-client-user")
        rp = self.public_rp(scope="openid")
        browser, flow, token, claims = self.sign_in_with(rp, user)
        response = requests.post(self.meta["token_endpoint"], timeout=10, data={
            "grant_type": "refresh_token", "refresh_token": token["refresh_token"],
            "client_id": "rp-other"})
        self.assert_token_error(response, "invalid_grant")

    def test_offline_access_gives_a_refresh_token_to_a_client_without_the_grant(self):
        user = self.user("offline-user")
        rp = self.confidential_rp(scope="openid offline_access")
        browser, flow, token, claims = self.sign_in_with(rp, user)
        self.assertTrue(token.get("refresh_token"), token)
        self.assertIn("offline_access", token["scope"].split())
        refreshed = rp.session.refresh_token(self.meta["token_endpoint"],
                                             refresh_token=token["refresh_token"])
        self.secrets += [refreshed["access_token"], refreshed["refresh_token"]]
        self.assertEqual(self.secure(refreshed["access_token"]), 200)

    def test_first_party_client_skips_consent(self):
        user = self.user("first-party-user")
        rp = RelyingParty(self, "rp-first-party", FIRST_PARTY_REDIRECT,
                          secret=self.first_party_secret)
        browser, flow, token, claims = self.sign_in_with(rp, user)
        self.assertIsNotNone(flow.login_page)
        self.assertIsNone(flow.consent_page, f"consent = false: no consent page: {flow}")
        self.assertTrue(token.get("refresh_token"))

    # ---- Consent -----------------------------------------------------------------------------

    def test_consent_is_remembered_and_asked_again_for_more(self):
        user = self.user("remember-user")
        rp = self.public_rp(scope="openid profile")
        browser, flow = self.run_flow(rp, user, expect_consent=True)
        browser, flow = self.run_flow(rp, user, browser=browser, expect_consent=False)
        self.assertIsNone(flow.login_page)
        # Fewer scopes than granted: no question.
        browser, flow = self.run_flow(rp, user, browser=browser, expect_consent=False,
                                      scope="openid")
        # More: asked again, naming what is new.
        browser, flow = self.run_flow(rp, user, browser=browser, expect_consent=True,
                                      scope="openid profile email")
        self.assertIn("email", flow.consent_page.text)
        # prompt=consent asks even when everything was granted.
        browser, flow = self.run_flow(rp, user, browser=browser, expect_consent=True,
                                      prompt="consent")
        # Consent belongs to the user: another user is asked.
        other = self.user("remember-other-user")
        browser, flow = self.run_flow(rp, other, expect_consent=True)

    def test_consent_denied_is_access_denied_and_nothing_is_kept(self):
        user = self.user("deny-user")
        rp = self.public_rp()
        browser = Browser(self.service)
        flow = browser.authorize(rp.authorization_url(), user, f"{user}-password",
                                 consent="deny")
        self.assertIsNotNone(flow.consent_page, flow)
        self.assert_error_redirect(flow, PUBLIC_REDIRECT, "access_denied", rp.state)
        self.assertEqual(self.consents(browser), [])
        flow = browser.authorize(rp.authorization_url(), consent=None)
        self.assertIsNotNone(flow.consent_page, "asked again after a refusal")

    def consent_page(self, username):
        """A signed-in browser on the consent page of rp-public: (browser, rp, page, request)."""
        user = self.user(username)
        rp = self.public_rp()
        browser = self.signed_in(user)
        flow = browser.authorize(rp.authorization_url(), consent=None)
        self.assertIsNotNone(flow.consent_page, flow)
        form = Forms(flow.consent_page.text).form("/authorize/consent")
        self.assertEqual(form["method"], "post")
        self.assertEqual(set(Forms.values(form, "decision")), {"allow", "deny"})
        request = Forms.hidden(form)["request"]
        return browser, rp, flow.consent_page, request

    def test_consent_from_another_site_is_refused_and_stores_nothing(self):
        """Consent CSRF: a form on another site posting "allow" with the victim's cookies (all
        of them, as a browser without SameSite would send them) changes nothing."""
        browser, rp, page, request = self.consent_page("csrf-user")
        fields = {"request": request, "decision": "allow"}
        for site, headers in (("cross-site", {"Origin": PUBLIC_ORIGIN}),
                              ("same-site", {"Origin": "http://127.0.0.1:1"}),
                              (None, {"Origin": PUBLIC_ORIGIN}), (None, {"Origin": "null"})):
            answer = browser.form("/authorize/consent", fields, site=site, headers=headers,
                                  cookies="all")
            self.assertEqual(answer.status, 403, (site, headers, answer))
            self.assertIsNone(answer.header("Location"))
        self.assertEqual(self.consents(browser), [])
        flow = browser.authorize(rp.authorization_url(prompt="none"), consent=None)
        self.assert_error_redirect(flow, PUBLIC_REDIRECT, "consent_required", rp.state)
        # Without the session, even same-origin: no consent.
        stranger = Browser(self.service)
        answer = stranger.form("/authorize/consent", fields)
        self.assertIn(answer.status, (303, 400, 401, 403), answer)
        if answer.status == 303:
            self.assertFalse(answer.header("Location").startswith(PUBLIC_REDIRECT + "?code"))

    def test_consent_page_cannot_be_framed_and_is_not_stored(self):
        browser, rp, page, request = self.consent_page("clickjacking-user")
        self.assertEqual(page.header("X-Frame-Options"), "DENY")
        csp = page.header("Content-Security-Policy") or ""
        self.assertIn("frame-ancestors 'none'", csp)
        self.assertIn("no-store", page.header("Cache-Control") or "")
        self.assert_form_action_allows(page, PUBLIC_ORIGIN, "the consent page")
        self.assertNotRegex(page.text, r"<script(?![^>]*\bsrc=)[^>]*>")
        self.assertNotRegex(page.text, r"\son[a-z]+=")

    def assert_form_action_allows(self, page, origin, what):
        """Chromium applies a page's CSP form-action to every redirect after its form is sent
        (a POST to 'self' answered 303 to another origin is blocked, however many hops): a
        page whose form leads back to the client must allow the client's origin."""
        csp = page.header("Content-Security-Policy") or ""
        for directive in csp.split(";"):
            name, *sources = directive.split()
            if name == "form-action":
                self.assertTrue(origin in sources or "*" in sources
                                or f"{origin.split(':')[0]}:" in sources,
                                f"{what}: {directive.strip()!r} blocks the redirect to {origin} "
                                f"in Chromium")

    def test_the_sign_in_page_of_a_flow_lets_the_browser_back_to_the_client(self):
        """Consent given, no session: the sign-in form's POST is answered by redirects alone
        back to the client (303 /authorize, 303 redirect_uri), which Chromium follows only if
        the sign-in page's form-action allows it."""
        user = self.user("chain-user")
        rp = self.public_rp()
        self.run_flow(rp, user, expect_consent=True)
        flow = Browser(self.service).authorize(rp.authorization_url(), user,
                                               f"{user}-password")
        self.assert_code_redirect(flow, rp)
        self.assertIsNotNone(flow.login_page)
        self.assertIsNone(flow.consent_page)
        self.assert_form_action_allows(flow.login_page, PUBLIC_ORIGIN,
                                       "the sign-in page of a flow")

    def test_consent_page_shows_the_request_as_text(self):
        user = self.user("escape-user")
        rp = self.public_rp()
        browser = self.signed_in(user)
        evil = '"><img src=x id=injected><script>alert(1)</script>'
        flow = browser.authorize(rp.authorization_url(state=evil, login_hint=evil),
                                 consent=None)
        self.assertIsNotNone(flow.consent_page, flow)
        self.assertNotIn("<img src=x id=injected>", flow.consent_page.text)
        self.assertNotIn("<script>alert(1)</script>", flow.consent_page.text)
        # The hidden request carries the state through unchanged.
        request = Forms.hidden(Forms(flow.consent_page.text).form("/authorize/consent"))["request"]
        self.assertEqual(dict(urllib.parse.parse_qsl(request))["state"], evil)
        answer = browser.form("/authorize/consent", {"request": request, "decision": "allow"})
        self.assertEqual(answer.status, 303, answer)
        self.assertEqual(query_of(answer.header("Location"))["state"], evil)

    def test_a_tampered_consent_request_is_refused(self):
        browser, rp, page, request = self.consent_page("tamper-user")
        params = dict(urllib.parse.parse_qsl(request))
        for changes in ({"redirect_uri": "https://evil.example/callback"},
                        {"client_id": "nobody"},
                        {"redirect_uri": CONFIDENTIAL_REDIRECT}):
            tampered = urllib.parse.urlencode({**params, **changes})
            answer = browser.form("/authorize/consent", {"request": tampered,
                                                         "decision": "allow"})
            self.assert_error_page(answer, f"consent with {changes}")
        tampered = urllib.parse.urlencode({**params, "code_challenge_method": "plain"})
        answer = browser.form("/authorize/consent", {"request": tampered, "decision": "allow"})
        self.assertNotIn("code=", answer.header("Location") or "")
        self.assertEqual(self.consents(browser), [])

    def test_consents_are_listed_and_withdrawn(self):
        user = self.user("connected-user")
        rp = self.public_rp(scope="openid profile")
        before = int(time.time())
        browser, flow = self.run_flow(rp, user, expect_consent=True)
        consents = self.consents(browser)
        self.assertEqual(len(consents), 1, consents)
        self.assertEqual(consents[0]["client_id"], "rp-public")
        self.assertEqual(set(consents[0]["scopes"]), {"openid", "profile"})
        self.assertLessEqual(abs(consents[0]["granted_at"] - before), 10)
        # The API, like the others of /web/api: same-origin, with the marker, signed in.
        for site, marker in (("cross-site", True), ("same-site", True), ("same-origin", False)):
            answer = browser.api("POST", "/web/api/consents/revoke", {"client_id": "rp-public"},
                                 site=site, marker=marker, cookies="all")
            self.assertEqual(answer.status, 403, (site, marker))
        self.assertEqual(browser.api("GET", "/web/api/consents", site="cross-site",
                                     cookies="all").status, 403)
        self.assertEqual(Browser(self.service).api("GET", "/web/api/consents").status, 401)
        self.assertEqual(len(self.consents(browser)), 1)
        answer = browser.api("POST", "/web/api/consents/revoke", {"client_id": "rp-public"})
        self.assertEqual(answer.status, 204, answer)
        self.assertEqual(self.consents(browser), [])
        flow = browser.authorize(rp.authorization_url(prompt="none"), consent=None)
        self.assert_error_redirect(flow, PUBLIC_REDIRECT, "consent_required", rp.state)
        browser, flow = self.run_flow(rp, user, browser=browser, expect_consent=True)
        self.assertIsNone(flow.login_page)

    # ---- Logout ------------------------------------------------------------------------------

    def end_session_path(self, **params):
        return without_query(self.meta["end_session_endpoint"]).replace(self.issuer, "") + \
            "?" + urllib.parse.urlencode(params)

    def test_rp_initiated_logout(self):
        user = self.user("logout-user")
        rp = self.public_rp()
        browser, flow, token, claims = self.sign_in_with(rp, user)
        cookies = dict(browser.cookies)
        self.assertTrue(self.session_alive(cookies))
        answer = browser.get(self.end_session_path(
            id_token_hint=token["id_token"], post_logout_redirect_uri=PUBLIC_LOGOUT,
            state="bye-123", client_id="rp-public"), site="cross-site")
        self.assertEqual(answer.status, 303, answer)
        location = answer.header("Location")
        self.assertEqual(without_query(location), PUBLIC_LOGOUT)
        self.assertEqual(query_of(location).get("state"), "bye-123")
        self.assertNotIn(SESSION_COOKIE, browser.cookies, "the session cookie is expired")
        self.assertNotIn(REFRESH_COOKIE, browser.cookies, "the refresh cookie is expired")
        self.assertFalse(self.session_alive(cookies), "the session ended on the server")
        old = Browser(self.service)
        old.cookies = cookies
        flow = old.authorize(rp.authorization_url(prompt="none"), consent=None)
        self.assert_error_redirect(flow, PUBLIC_REDIRECT, "login_required", rp.state)

    def test_end_session_refuses_a_post_logout_uri_not_registered(self):
        user = self.user("logout-uri-user")
        rp = self.public_rp()
        browser, flow, token, claims = self.sign_in_with(rp, user)
        for uri in ("https://evil.example/", CONFIDENTIAL_LOGOUT, PUBLIC_LOGOUT + "x",
                    PUBLIC_REDIRECT):
            answer = browser.get(self.end_session_path(
                id_token_hint=token["id_token"], post_logout_redirect_uri=uri,
                client_id="rp-public"), site="cross-site")
            self.assert_error_page(answer, uri)
            self.assertTrue(self.session_alive(browser.cookies), uri)

    def test_access_token_is_not_an_id_token_hint(self):
        user = self.user("hint-confusion-user")
        rp = self.public_rp()
        browser, flow, token, claims = self.sign_in_with(rp, user)
        for hint in (token["access_token"], "not-a-token", token["id_token"][:-4] + "AAAA"):
            answer = browser.get(self.end_session_path(
                id_token_hint=hint, post_logout_redirect_uri=PUBLIC_LOGOUT,
                client_id="rp-public", state="s"), site="cross-site")
            self.assertIn(answer.status, (200, 400), answer)
            self.assertIsNone(answer.header("Location"))
            self.assertTrue(self.session_alive(browser.cookies), "no logout without asking")

    def test_end_session_with_another_sessions_hint_asks_first(self):
        user = self.user("two-sessions-user")
        rp = self.public_rp()
        first, flow, token, claims = self.sign_in_with(rp, user)
        second = self.signed_in(user)
        answer = second.get(self.end_session_path(
            id_token_hint=token["id_token"], post_logout_redirect_uri=PUBLIC_LOGOUT,
            client_id="rp-public"), site="cross-site")
        self.assertEqual(answer.status, 200, answer)
        self.assertIsNotNone(Forms(answer.text).form("/end-session/confirm"))
        self.assertTrue(self.session_alive(second.cookies))
        self.assertTrue(self.session_alive(first.cookies))

    def test_end_session_without_a_hint_asks_first(self):
        user = self.user("confirm-logout-user")
        browser = self.signed_in(user)
        cookies = dict(browser.cookies)
        answer = browser.get(self.end_session_path(post_logout_redirect_uri=PUBLIC_LOGOUT,
                                                   client_id="rp-public", state="s"),
                             site="cross-site")
        self.assertEqual(answer.status, 200, answer)
        self.assertEqual(answer.header("X-Frame-Options"), "DENY")
        self.assertIn("frame-ancestors 'none'", answer.header("Content-Security-Policy") or "")
        form = Forms(answer.text).form("/end-session/confirm")
        self.assertIsNotNone(form, answer.text[:2000])
        self.assertEqual(form["method"], "post")
        self.assertEqual(set(Forms.values(form, "decision")), {"logout", "stay"})
        fields = {**Forms.hidden(form), "decision": "logout"}
        self.assertIn("request", fields)
        # Another site cannot press the button.
        for site in ("cross-site", "same-site"):
            answer = browser.form("/end-session/confirm", fields, site=site, cookies="all",
                                  headers={"Origin": PUBLIC_ORIGIN})
            self.assertEqual(answer.status, 403, (site, answer))
            self.assertTrue(self.session_alive(cookies))
        answer = browser.form("/end-session/confirm", {**fields, "decision": "stay"})
        self.assertIn(answer.status, (200, 303), answer)
        self.assertTrue(self.session_alive(cookies), "stay keeps the session")
        self.assertIn(SESSION_COOKIE, browser.cookies)
        answer = browser.form("/end-session/confirm", fields)
        self.assertIn(answer.status, (200, 303), answer)
        if answer.status == 303:
            self.assertIn(without_query(urllib.parse.urljoin(self.issuer + "/",
                                                             answer.header("Location"))),
                          (PUBLIC_LOGOUT, self.issuer + "/web/login", self.issuer + "/"))
        self.assertFalse(self.session_alive(cookies), "logout ends the session")
        self.assertNotIn(SESSION_COOKIE, browser.cookies)

    # ---- CORS --------------------------------------------------------------------------------

    def test_cors_for_the_origins_of_registered_redirect_uris_only(self):
        user = self.user("cors-user")
        rp = self.public_rp(scope="openid")
        browser, flow = self.run_flow(rp, user)
        good = {"Origin": PUBLIC_ORIGIN}
        evil = {"Origin": "http://evil.example"}

        def assert_allowed(response, what):
            self.assertEqual(response.headers.get("Access-Control-Allow-Origin"), PUBLIC_ORIGIN,
                             what)
            self.assertNotEqual(response.headers.get("Access-Control-Allow-Credentials"),
                                "true", what)

        def assert_refused(response, what):
            self.assertNotIn(response.headers.get("Access-Control-Allow-Origin"),
                             ("*", "http://evil.example", "null"), what)
            self.assertNotEqual(response.headers.get("Access-Control-Allow-Credentials"),
                                "true", what)

        for path, method, headers in (("/token", "POST", "content-type"),
                                      ("/userinfo", "GET", "authorization"),
                                      ("/revoke", "POST", "content-type")):
            preflight = requests.options(self.issuer + path, timeout=10, headers={
                **good, "Access-Control-Request-Method": method,
                "Access-Control-Request-Headers": headers})
            self.assertIn(preflight.status_code, (200, 204), path)
            assert_allowed(preflight, f"preflight {path}")
            self.assertIn(method, preflight.headers.get("Access-Control-Allow-Methods", "")
                          .upper(), path)
            if headers != "content-type":  # a CORS-safelisted header needs no mention
                self.assertIn(headers, preflight.headers.get(
                    "Access-Control-Allow-Headers", "").lower(), path)
            bad = requests.options(self.issuer + path, timeout=10, headers={
                **evil, "Access-Control-Request-Method": method,
                "Access-Control-Request-Headers": headers})
            assert_refused(bad, f"preflight {path} from another origin")
        response = rp.token_request({"grant_type": "authorization_code",
                                     "code": flow.params["code"],
                                     "redirect_uri": PUBLIC_REDIRECT,
                                     "code_verifier": rp.verifier}, headers=good)
        self.assertEqual(response.status_code, 200, response.text)
        assert_allowed(response, "/token")
        token = response.json()
        self.secrets += [token["access_token"], token["refresh_token"]]
        response = requests.get(self.meta["userinfo_endpoint"], timeout=10,
                                headers={**good, **bearer(token["access_token"])})
        assert_allowed(response, "/userinfo")
        response = requests.get(self.meta["userinfo_endpoint"], timeout=10,
                                headers={**evil, **bearer(token["access_token"])})
        assert_refused(response, "/userinfo from another origin")
        response = requests.post(self.issuer + "/revoke", headers=good, timeout=10,
                                 data={"token": token["refresh_token"], "client_id": "rp-public"})
        self.assertEqual(response.status_code, 200)
        assert_allowed(response, "/revoke")
        # Never on the web face.
        answer = browser.send("GET", "/web/api/consents", headers={"X-Tessera-Fetch": "1", **good},
                              site="cross-site", mode="cors")
        self.assertIsNone(answer.header("Access-Control-Allow-Origin"))

    # ---- The CLI -----------------------------------------------------------------------------

    def test_client_add_prints_entries_for_the_code_flow(self):
        run = subprocess.run(
            [TESSERA, "client", "add", "cli-public", "--public", "--grant", "authorization_code",
             "--grant", "refresh_token", "--redirect-uri", PUBLIC_REDIRECT,
             "--post-logout-redirect-uri", PUBLIC_LOGOUT], capture_output=True, text=True,
            timeout=30)
        self.assertEqual(run.returncode, 0, run.stderr)
        entry = tomllib.loads(run.stdout)["clients"][0]
        self.assertEqual(entry["id"], "cli-public")
        self.assertIs(entry["public"], True)
        self.assertNotIn("secret_hash", entry)
        self.assertEqual(set(entry["grants"]), {"authorization_code", "refresh_token"})
        self.assertEqual(entry["redirect_uris"], [PUBLIC_REDIRECT])
        self.assertEqual(entry["post_logout_redirect_uris"], [PUBLIC_LOGOUT])
        self.assertIs(entry.get("consent", True), True)
        run = subprocess.run(
            [TESSERA, "client", "add", "cli-first", "--grant", "authorization_code",
             "--redirect-uri", FIRST_PARTY_REDIRECT, "--no-consent"], capture_output=True,
            text=True, timeout=30)
        self.assertEqual(run.returncode, 0, run.stderr)
        entry = tomllib.loads(run.stdout)["clients"][0]
        self.assertTrue(entry["secret_hash"].startswith("$sha256$"))
        self.assertIs(entry["consent"], False)
        self.assertNotIn(run.stderr.strip().splitlines()[-1], run.stdout, "secret on stderr only")
        # What the service would refuse, the CLI refuses.
        for args in (["--redirect-uri", "http://app.example/cb"],
                     ["--redirect-uri", "not a uri"]):
            run = subprocess.run([TESSERA, "client", "add", "cli-bad", "--public", "--grant",
                                  "authorization_code", *args], capture_output=True, text=True,
                                 timeout=30)
            self.assertNotEqual(run.returncode, 0, (args, run.stdout))

    # ---- Last: what the service logged ------------------------------------------------------

    def test_zz_logs_hold_no_codes_tokens_verifiers_or_secrets(self):
        log = self.service.read_log()
        self.assertTrue(self.secrets, "the other tests ran first")
        for secret in self.secrets:
            self.assertNotIn(secret, log)
        self.assertEqual(self.service.events("template_error"), [])


class OpenIDConnectSettingsTest(unittest.TestCase):
    """What the service makes of client entries it must not take as they are."""

    def start(self, config):
        """A service with `config`, or None when it refuses to start."""
        try:
            return Service(config=config)
        except RuntimeError:
            return None

    def test_a_public_client_on_http_cannot_skip_consent(self):
        entry = PUBLIC_ENTRY.replace("consent = true", "consent = false")
        service = self.start(entry)
        if service is None:
            return  # refused at start: the right answer
        try:
            service.cli("user", "add", "--password-stdin", "skip-user",
                        stdin="skip-user-password\n")
            browser = Browser(service)
            params = pkce_params()
            flow = browser.authorize("/authorize?" + urllib.parse.urlencode(params),
                                     "skip-user", "skip-user-password", consent=None)
            self.assertIsNotNone(flow.consent_page,
                                 f"a public http client got past consent: {flow}")
        finally:
            service.stop()

    def test_http_redirect_uris_only_on_loopback(self):
        entry = PUBLIC_ENTRY.replace(PUBLIC_REDIRECT, "http://app.example/callback")
        service = self.start(entry)
        if service is None:
            return
        try:
            params = pkce_params(redirect_uri="http://app.example/callback")
            answer = Browser(service).get("/authorize?" + urllib.parse.urlencode(params),
                                          site="cross-site")
            self.assertEqual(answer.status, 400, answer)
            self.assertIsNone(answer.header("Location"))
        finally:
            service.stop()

    def sign_in_at(self, service, alg):
        """A whole sign-in at `service` as rp-public; the ID token's claims, verified for
        `alg`."""
        service.cli("user", "add", "--password-stdin", "alg-user", stdin="alg-user-password\n")
        meta = requests.get(service.url + "/.well-known/openid-configuration", timeout=10)
        self.assertEqual(meta.status_code, 200)
        rp = RelyingParty(self, "rp-public", PUBLIC_REDIRECT, meta=meta.json(),
                          issuer=service.url, secrets=[])
        flow = Browser(service).authorize(rp.authorization_url(), "alg-user",
                                          "alg-user-password")
        self.assertIsNotNone(flow.location, flow)
        self.assertNotIn("error", flow.params, flow)
        token = rp.redeem(flow.location)
        return rp.verify_id_token(token["id_token"], token["access_token"], alg=alg)

    def test_alg_none_is_never_an_id_token_algorithm(self):
        service = self.start(PUBLIC_ENTRY + 'id_token_signed_response_alg = "none"\n')
        if service is None:
            return  # refused at start: the right answer
        try:  # or taken and never used: the ID token is signed all the same
            claims = self.sign_in_at(service, "RS256")
            self.assertEqual(claims["sub"], "alg-user")
        finally:
            service.stop()

    def test_a_client_chooses_its_id_token_algorithm(self):
        main = Service()
        try:
            meta = requests.get(main.url + "/.well-known/openid-configuration", timeout=10)
            self.assertEqual(meta.status_code, 200)
            supported = meta.json()["id_token_signing_alg_values_supported"]
        finally:
            main.stop()
        # (algorithms whose at_hash is the left half of SHA-256, as left_half_hash makes it)
        others = [a for a in ("ES256", "PS256") if a in supported]
        if not others:  # only RS256 and the like: ES256 is refused rather than ignored
            service = self.start(PUBLIC_ENTRY + 'id_token_signed_response_alg = "ES256"\n')
            if service is not None:
                service.stop()
            self.assertIsNone(service, f"ES256 accepted though only {supported} are listed")
            return
        alg = others[0]
        service = Service(config=PUBLIC_ENTRY + f'id_token_signed_response_alg = "{alg}"\n')
        try:
            claims = self.sign_in_at(service, alg)
            self.assertEqual(claims["sub"], "alg-user")
        finally:
            service.stop()



class AppsRemovedByAReload(unittest.TestCase):
    """An app a reload (SIGHUP) removes from [[clients]] loses what the registration gave it,
    while the apps that stay keep theirs."""

    def sign_in_as(self, service, meta, client_id, redirect_uri, user):
        """A browser signed in through `client_id`'s code flow, and the client's tokens."""
        rp = RelyingParty(self, client_id, redirect_uri, meta=meta, issuer=service.url,
                          secrets=[])
        browser = Browser(service)
        flow = browser.authorize(rp.authorization_url(), user, f"{user}-password")
        self.assertIsNotNone(flow.location, flow)
        self.assertNotIn("error", flow.params, flow)
        return browser, rp, rp.redeem(flow.location)

    @staticmethod
    def session_alive(service, browser):
        probe = Browser(service)
        probe.cookies = dict(browser.cookies)
        return probe.api("GET", "/web/api/session").status == 200

    def test_its_id_tokens_no_longer_end_sessions_and_it_cannot_ask_for_sign_ins(self):
        service = Service(config=PUBLIC_ENTRY + OTHER_ENTRY)
        try:
            service.cli("user", "add", "--password-stdin", "reload-user",
                        stdin="reload-user-password\n")
            meta = requests.get(service.url + "/.well-known/openid-configuration",
                                timeout=10).json()
            staying, _, staying_token = self.sign_in_as(service, meta, "rp-other",
                                                        OTHER_REDIRECT, "reload-user")
            removed, removed_rp, removed_token = self.sign_in_as(
                service, meta, "rp-public", PUBLIC_REDIRECT, "reload-user")

            with open(service.config_path, "w") as f:
                f.write(OTHER_ENTRY)
            service.process.send_signal(signal.SIGHUP)
            self.assertTrue(wait_for(lambda: service.events("reloaded")),
                            service.read_log()[-2000:])
            self.assertEqual(service.events("reloaded")[0]["applied"], "clients")

            # The removed app's ID token proves nothing now: the user is asked.
            answer = removed.get("/end-session?" + urllib.parse.urlencode(
                {"id_token_hint": removed_token["id_token"]}), site="cross-site")
            self.assertEqual(answer.status, 200, answer)
            self.assertIsNotNone(Forms(answer.text).form("/end-session/confirm"), answer.text)
            self.assertTrue(self.session_alive(service, removed))
            # Nor can it start a sign-in: an error page, and no redirect to its address.
            flow = removed.authorize(removed_rp.authorization_url(), consent=None)
            self.assertIsNone(flow.location, flow)
            self.assertEqual(flow.answer.status, 400, flow)

            # The app that stays still ends its user's session with its ID token at once.
            answer = staying.get("/end-session?" + urllib.parse.urlencode(
                {"id_token_hint": staying_token["id_token"]}), site="cross-site")
            self.assertEqual(answer.status, 200, answer)
            self.assertIsNone(Forms(answer.text).form("/end-session/confirm"), answer.text)
            self.assertFalse(self.session_alive(service, staying))
        finally:
            self.assertEqual(service.stop(), 0, service.read_log()[-3000:])

if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    sys.exit(0 if result.wasSuccessful() and result.testsRun > 0 else 1)
