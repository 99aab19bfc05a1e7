"""The browser face of `tessera serve` over HTTP, as a browser would speak to it: the session
cookie and its flags, the same-origin rules, return_to, the pages' JSON API, and the headers of
every answer. (tests/browser drives real Chromium through the same flows.)

Python's HTTP clients do not send a `Secure` cookie over plain http, so the cookie goes in the
Cookie field by hand, as Chromium sends it to a loopback origin."""

import http.client
import json
import os
import re
import sys
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from harness import Service, bearer  # noqa: E402
from http_answer import Answer  # noqa: E402

COOKIE = "__Host-tessera-refresh"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHROME = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/156.0.0.0 Safari/537.36")


class Browser:
    """One browser: its refresh cookie, its user agent, and the Fetch Metadata it sends."""

    def __init__(self, service, user_agent=CHROME):
        self.service = service
        self.user_agent = user_agent
        self.cookie = None

    def send(self, method, path, body=None, headers=None, site="same-origin"):
        connection = http.client.HTTPConnection("127.0.0.1", self.service.port, timeout=30)
        try:
            fields = {"User-Agent": self.user_agent}
            if site is not None:
                fields["Sec-Fetch-Site"] = site
            if self.cookie is not None:
                fields["Cookie"] = f"{COOKIE}={self.cookie}"
            fields.update(headers or {})
            connection.request(method, path, body=body, headers=fields)
            answer = Answer(connection.getresponse())
        finally:
            connection.close()
        for value in answer.headers_named("Set-Cookie"):
            name, _, rest = value.partition("=")
            if name == COOKIE:
                token = rest.split(";")[0]
                self.cookie = token if "Max-Age=0" not in value else None
        return answer

    def form(self, path, fields, site="same-origin", headers=None):
        return self.send("POST", path, urllib.parse.urlencode(fields),
                         {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})},
                         site=site)

    def sign_in(self, username="test", password="password", return_to=None):
        fields = {"username": username, "password": password}
        if return_to is not None:
            fields["return_to"] = return_to
        return self.form("/web/login", fields)

    def api(self, method, path, body=None, site="same-origin", marker=True):
        headers = {"X-Tessera-Fetch": "1"} if marker else {}
        if body is not None:
            headers["Content-Type"] = "application/json"
            body = json.dumps(body)
        return self.send(method, path, body, headers, site=site)


class WebFaceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.service = Service()
        cls.origin = f"http://127.0.0.1:{cls.service.port}"
        result = cls.service.cli("user", "add", "--password-stdin", "alice", "--scope", "read",
                                 stdin="alice-password\n")
        assert result.returncode == 0, result.stderr

    @classmethod
    def tearDownClass(cls):
        cls.service.stop()

    def signed_in(self, username="test", password="password", user_agent=CHROME):
        browser = Browser(self.service, user_agent)
        answer = browser.sign_in(username, password)
        self.assertEqual(answer.status, 303, answer.text)
        self.assertIsNotNone(browser.cookie)
        return browser

    def assert_face_headers(self, answer, stored=False):
        self.assertEqual(answer.header("Content-Security-Policy"), CSP)
        self.assertEqual(answer.header("X-Content-Type-Options"), "nosniff")
        self.assertEqual(answer.header("X-Frame-Options"), "DENY")
        self.assertEqual(answer.header("Referrer-Policy"), "same-origin")
        self.assertEqual(answer.header("Cross-Origin-Opener-Policy"), "same-origin")
        self.assertEqual(answer.header("Cache-Control"), "no-cache" if stored else "no-store")

    # Pages and redirects.

    def test_the_root_and_the_account_page_send_a_stranger_to_sign_in(self):
        stranger = Browser(self.service)
        for path in ("/", "/web/account"):
            answer = stranger.send("GET", path, site="none")
            self.assertEqual(answer.status, 303, path)
            self.assertEqual(answer.header("Location"), "/web/login")
        stranger.cookie = "not-a-session"
        answer = stranger.send("GET", "/web/account", site="none")
        self.assertEqual(answer.status, 303)
        self.assertIsNone(stranger.cookie)  # the stale cookie was expired

    def test_the_sign_in_page_is_a_plain_form_with_every_field(self):
        answer = Browser(self.service).send("GET", "/web/login", site="none")
        self.assertEqual(answer.status, 200)
        self.assert_face_headers(answer)
        page = answer.text
        self.assertIn('action="/web/login"', page)
        self.assertRegex(page, r'name="username"[^>]*autocomplete="username"|'
                               r'autocomplete="username"[^>]*name="username"')
        self.assertIn('autocomplete="current-password"', page)
        self.assertIn('name="return_to"', page)
        self.assertNotRegex(page, r"<script(?![^>]*\bsrc=)[^>]*>")
        self.assertNotRegex(page, r"\son[a-z]+=")

    def test_signing_in_sets_only_a_strict_host_cookie_and_goes_to_the_account(self):
        browser = Browser(self.service)
        answer = browser.sign_in()
        self.assertEqual(answer.status, 303)
        self.assertEqual(answer.header("Location"), "/web/account")
        self.assert_face_headers(answer)
        cookie = answer.header("Set-Cookie")
        attributes = [a.strip() for a in cookie.split(";")]
        self.assertTrue(attributes[0].startswith(COOKIE + "="))
        self.assertEqual(sorted(attributes[1:]),
                         sorted([f"Max-Age={30 * 24 * 3600}", "Path=/", "Secure", "HttpOnly",
                                 "SameSite=Strict"]))
        self.assertNotIn("Domain", cookie)
        self.assertNotIn("access_token", answer.text)
        account = browser.send("GET", "/web/account")
        self.assertEqual(account.status, 200)
        self.assertIn("test", account.text)
        self.assertEqual(browser.send("GET", "/").header("Location"), "/web/account")

    def test_a_wrong_password_gets_the_page_again_with_one_generic_error(self):
        browser = Browser(self.service)
        wrong = browser.sign_in("test", "wrong-password", return_to="/web/debugger")
        unknown = browser.sign_in("nobody", "wrong-password")
        self.assertEqual(wrong.status, 401)
        self.assertEqual(unknown.status, 401)
        for answer in (wrong, unknown):
            self.assertIn("Invalid username or password.", answer.text)
            self.assertIsNone(answer.header("Set-Cookie"))
        self.assertIn('value="/web/debugger"', wrong.text)
        self.assertIn('value="test"', wrong.text)  # the username is kept, the password not

    def test_signing_in_again_ends_the_session_the_cookie_held(self):
        self.service.cli("user", "add", "--password-stdin", "again", stdin="again-password\n")
        browser = self.signed_in("again", "again-password")
        first = browser.api("GET", "/web/api/session").json()["session_id"]
        self.assertEqual(browser.sign_in("again", "again-password").status, 303)
        sessions = browser.api("GET", "/web/api/sessions").json()["sessions"]
        self.assertEqual(len(sessions), 1)
        self.assertNotEqual(sessions[0]["id"], first)

    def test_user_data_on_pages_is_escaped(self):
        name = '<img src=x id="injected">'
        self.service.cli("user", "add", "--password-stdin", name, stdin="html-user-password\n")
        browser = self.signed_in(name, "html-user-password")
        page = browser.send("GET", "/web/account").text
        self.assertNotIn(name, page)
        self.assertIn("&lt;img src=x id=&quot;injected&quot;&gt;", page)

    def test_the_debugger_page_and_static_files(self):
        browser = Browser(self.service)
        page = browser.send("GET", "/web/debugger", site="none")
        self.assertEqual(page.status, 200)
        self.assertIn("<textarea", page.text)
        scripts = re.findall(r'<script[^>]*src="([^"]+)"', page.text)
        self.assertTrue(scripts)
        for src in scripts + ["/web/static/style.css"]:
            answer = browser.send("GET", src)
            self.assertEqual(answer.status, 200, src)
            self.assert_face_headers(answer, stored=True)
            tag = answer.header("ETag")
            self.assertRegex(tag, r'^"[0-9a-f]{32}"$')
            again = browser.send("GET", src, headers={"If-None-Match": tag})
            self.assertEqual(again.status, 304, src)
            self.assertEqual(again.body, b"")
            head = browser.send("HEAD", src)
            self.assertEqual(head.status, 200)
            self.assertEqual(head.body, b"")
            self.assertEqual(int(head.header("Content-Length")), len(answer.body))
        self.assertEqual(browser.send("GET", "/web/static/nope.js").status, 404)
        self.assertEqual(browser.send("GET", "/web/static/../pages/login.html").status, 404)
        self.assertEqual(browser.send("POST", "/web/static/style.css").status, 405)

    # Cross-site requests change nothing.

    def test_sign_in_from_another_site_is_refused(self):
        for site, origin in (("cross-site", "http://localhost:1"), ("same-site", None),
                             (None, "http://localhost:1"), (None, "null"), (None, None)):
            browser = Browser(self.service)
            headers = {"Origin": origin} if origin else {}
            answer = browser.form("/web/login", {"username": "test", "password": "password"},
                                  site=site, headers=headers)
            self.assertEqual(answer.status, 403, (site, origin))
            self.assertIsNone(browser.cookie)
        # Without Fetch Metadata, this origin in Origin is enough.
        browser = Browser(self.service)
        answer = browser.form("/web/login", {"username": "test", "password": "password"},
                              site=None, headers={"Origin": self.origin})
        self.assertEqual(answer.status, 303)

    def test_sign_out_and_the_api_from_another_site_change_nothing(self):
        browser = self.signed_in()
        cookie = browser.cookie
        self.assertEqual(browser.form("/web/logout", {}, site="cross-site").status, 403)
        for path in ("/web/api/sessions/end-all", "/web/api/sessions/end-others",
                     "/web/api/token"):
            self.assertEqual(browser.api("POST", path, site="cross-site").status, 403, path)
            self.assertEqual(browser.api("POST", path, marker=False).status, 403, path)
        self.assertEqual(browser.cookie, cookie)
        self.assertEqual(browser.api("GET", "/web/api/session").status, 200)

    # The session: tokens in memory, the refresh token only in the cookie.

    def test_the_page_gets_an_access_token_and_the_cookie_rotates(self):
        browser = self.signed_in()
        first = browser.cookie
        answer = browser.api("POST", "/web/api/token")
        self.assertEqual(answer.status, 200, answer.text)
        self.assert_face_headers(answer)
        body = answer.json()
        self.assertEqual(body["token_type"], "Bearer")
        self.assertEqual(body["username"], "test")
        self.assertNotIn("refresh_token", body)
        self.assertNotEqual(browser.cookie, first)
        status, me = self.request("GET", "/users/me", bearer(body["access_token"]))
        self.assertEqual(status, 200)
        self.assertEqual(me["client_id"], "tessera-web")
        # The bearer guard never takes the cookie as a token.
        answer = browser.send("GET", "/secure-endpoint")
        self.assertEqual(answer.status, 401)

    def test_a_spent_refresh_cookie_replayed_ends_the_session(self):
        browser = self.signed_in()
        stolen = browser.cookie
        self.assertEqual(browser.api("POST", "/web/api/token").status, 200)
        time.sleep(3)  # past refresh_grace
        thief = Browser(self.service)
        thief.cookie = stolen
        self.assertEqual(thief.api("POST", "/web/api/token").status, 401)
        self.assertEqual(browser.api("POST", "/web/api/token").status, 401)

    def test_sessions_list_devices_and_end_them(self):
        self.service.cli("user", "add", "--password-stdin", "devices", stdin="devices-password\n")
        laptop = self.signed_in("devices", "devices-password", CHROME)
        phone = self.signed_in("devices", "devices-password", FIREFOX)
        other_user = self.signed_in("alice", "alice-password")
        self.assertEqual(phone.api("POST", "/web/api/token").status, 200)
        sessions = laptop.api("GET", "/web/api/sessions").json()["sessions"]
        self.assertEqual(len(sessions), 2)
        mine = [s for s in sessions if s["current"]]
        theirs = [s for s in sessions if not s["current"]]
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine[0]["user_agent"], CHROME)
        self.assertEqual(theirs[0]["user_agent"], FIREFOX)
        self.assertEqual(theirs[0]["ip"], "127.0.0.1")
        self.assertIsNone(mine[0]["last_used_at"])
        self.assertIsInstance(theirs[0]["last_used_at"], int)  # the phone refreshed
        # Another user's session is not found, and stays.
        alice_sid = other_user.api("GET", "/web/api/session").json()["session_id"]
        answer = laptop.api("POST", "/web/api/sessions/end", {"id": alice_sid})
        self.assertEqual(answer.status, 404)
        self.assertEqual(other_user.api("GET", "/web/api/session").status, 200)
        answer = laptop.api("POST", "/web/api/sessions/end", {"id": theirs[0]["id"]})
        self.assertEqual(answer.status, 204)
        self.assertEqual(phone.api("GET", "/web/api/session").status, 401)
        self.assertEqual(phone.send("GET", "/web/account").header("Location"), "/web/login")

    def test_sign_out_other_sessions_and_everywhere(self):
        self.service.cli("user", "add", "--password-stdin", "many", stdin="many-password\n")
        here = self.signed_in("many", "many-password")
        there = [self.signed_in("many", "many-password") for _ in range(2)]
        there_token = there[0].api("POST", "/web/api/token").json()["access_token"]
        answer = here.api("POST", "/web/api/sessions/end-others")
        self.assertEqual(answer.json(), {"ended": 2})
        for browser in there:
            self.assertEqual(browser.api("GET", "/web/api/session").status, 401)
        self.assertEqual(here.api("GET", "/web/api/session").status, 200)
        # The ended session's access token is refused too.
        self.assertEqual(self.request("GET", "/secure-endpoint", bearer(there_token))[0], 401)
        token = here.api("POST", "/web/api/token").json()["access_token"]
        answer = here.api("POST", "/web/api/sessions/end-all")
        self.assertEqual(answer.status, 204)
        self.assertEqual(answer.header("Clear-Site-Data"), '"storage"')
        self.assertIn("Max-Age=0", answer.header("Set-Cookie"))
        self.assertIsNone(here.cookie)
        self.assertEqual(self.request("GET", "/secure-endpoint", bearer(token))[0], 401)

    def test_sign_out_ends_the_session_and_clears_the_browser(self):
        browser = self.signed_in()
        cookie = browser.cookie
        answer = browser.form("/web/logout", {})
        self.assertEqual(answer.status, 303)
        self.assertEqual(answer.header("Location"), "/web/login")
        self.assertEqual(answer.header("Clear-Site-Data"), '"storage"')
        self.assertIsNone(browser.cookie)
        browser.cookie = cookie
        self.assertEqual(browser.api("POST", "/web/api/token").status, 401)

    def test_changing_the_password_ends_the_other_sessions(self):
        self.service.cli("user", "add", "--password-stdin", "changer", stdin="changer-password\n")
        here = self.signed_in("changer", "changer-password")
        there = self.signed_in("changer", "changer-password")
        wrong = here.api("POST", "/web/api/password",
                         {"current_password": "nope-nope", "new_password": "new-password-1"})
        self.assertEqual(wrong.status, 400)
        self.assertIn("current password", wrong.json()["detail"])
        short = here.api("POST", "/web/api/password",
                         {"current_password": "changer-password", "new_password": "short"})
        self.assertEqual(short.status, 400)
        self.assertIn("8 characters", short.json()["detail"])
        self.assertEqual(there.api("GET", "/web/api/session").status, 200)
        done = here.api("POST", "/web/api/password",
                        {"current_password": "changer-password", "new_password": "new-password-1"})
        self.assertEqual(done.status, 204, done.text)
        self.assertEqual(there.api("GET", "/web/api/session").status, 401)
        self.assertEqual(here.api("GET", "/web/api/session").status, 200)
        self.assertEqual(Browser(self.service).sign_in("changer", "changer-password").status, 401)
        self.assertEqual(Browser(self.service).sign_in("changer", "new-password-1").status, 303)

    # return_to: a path on this origin, nothing else.

    def test_return_to_takes_a_local_path_with_an_encoded_query(self):
        target = "/authorize?client_id=app&redirect_uri=https%3A%2F%2Fapp.example%2Fcb"
        page = Browser(self.service).send(
            "GET", "/web/login?return_to=" + urllib.parse.quote(target, safe=""))
        self.assertEqual(page.status, 200)
        self.assertIn(f'value="{target.replace("&", "&amp;")}"', page.text)
        answer = Browser(self.service).sign_in(return_to=target)
        self.assertEqual(answer.status, 303)
        self.assertEqual(answer.header("Location"), target)

    def test_return_to_refuses_every_way_off_the_origin(self):
        for target in ("https://evil.example/", "//evil.example/", "/\\evil.example",
                       "/%2F/evil.example", "/%5Cevil.example", "/\t/evil.example",
                       "javascript:alert(1)", "/a\r\nSet-Cookie: x=1"):
            quoted = urllib.parse.quote(target, safe="")
            page = Browser(self.service).send("GET", "/web/login?return_to=" + quoted)
            self.assertEqual(page.status, 400, target)
            browser = Browser(self.service)
            answer = browser.sign_in(return_to=target)
            self.assertEqual(answer.status, 400, target)
            self.assertIsNone(answer.header("Location"))
            self.assertIsNone(browser.cookie)

    # Limits and logs.

    def test_logs_never_hold_cookies_or_tokens(self):
        browser = self.signed_in()
        token = browser.api("POST", "/web/api/token").json()["access_token"]
        self.request("GET", "/secure-endpoint", bearer(token))
        log = self.service.read_log()
        self.assertNotIn(browser.cookie, log)
        self.assertNotIn(token, log)
        self.assertNotIn("password", [e.get("password") for e in self.service.events("login")])

    def request(self, method, path, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.service.port, timeout=30)
        try:
            connection.request(method, path, headers=headers or {})
            answer = connection.getresponse()
            data = answer.read()
            return answer.status, json.loads(data) if data else None
        finally:
            connection.close()


class WebFaceSettingsTest(unittest.TestCase):
    def test_web_enabled_false_turns_the_face_off(self):
        service = Service(config="[web]\nenabled = false\n")
        try:
            self.assertEqual(Browser(service).send("GET", "/web/login").status, 404)
            self.assertEqual(Browser(service).send("GET", "/healthz").status, 200)
        finally:
            service.stop()

    def test_a_face_browsers_cannot_use_is_refused_at_start(self):
        with self.assertRaises(RuntimeError):
            Service(dev=False, config='public_url = "http://auth.example.com"\n'
                                      "[web]\nenabled = true\n")

    def test_a_plain_http_public_url_serves_no_face_and_says_why(self):
        service = Service(dev=False, config='public_url = "http://auth.example.com"\n')
        try:
            self.assertEqual(Browser(service).send("GET", "/web/login").status, 404)
            self.assertTrue(service.events("web_face_off"))
        finally:
            service.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2)
