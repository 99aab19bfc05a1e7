"""The browser face of `tessera serve` in a real browser: Debian's headless Chromium driven by
Selenium (python3-selenium, chromium, chromium-driver). tests/service/web_test.py checks the same
face over plain HTTP; this file checks what only a browser can show: that the cookie is kept with
the flags the server asked for and stays out of reach of scripts, that the pages work with and
without JavaScript, that the Content-Security-Policy really stops injected code and framing,
that other sites' forms change nothing, that the token debugger sends nothing it is given, and
how the pages look at desktop and phone widths (PNGs in build/test-artifacts, or
TESSERA_ARTIFACTS).

One service for the class (and a second one with 10-second access tokens, for the test that
watches the page renew them), and at most two Chromiums at once (the machine may have two
cores): `browser` for most tests, `second` as another device, and a JavaScript-off one for the
test that needs it. Each test clears the cookie jars it uses first and signs in as a user of its
own, so the tests do not depend on their order; they are numbered to read in the order of the
flows they follow. Waits are explicit (WebDriverWait), each bounded by WAIT_S.

The binary embeds web/ when it is built: after an edit to web/, rebuild it before running these.

TESSERA_BIN names the binary (default: build/release/cli/tessera of this checkout)."""

import base64
import http.client
import http.server
import json
import os
import sys
import threading
import time
import unittest
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "support"))
sys.path.insert(0, HERE)

import tessera_service  # noqa: E402

# scripts/setup.sh installs what these need (chromium, chromium-driver, python3-selenium): a
# machine without them fails here rather than passing a skipped test.
import chromium  # noqa: E402
import jwt  # noqa: E402
from selenium.common.exceptions import (  # noqa: E402
    NoAlertPresentException, NoSuchElementException, StaleElementReferenceException,
    TimeoutException)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

chromium.require()

TESSERA = os.environ.get("TESSERA_BIN") or os.path.join(ROOT, "build", "release", "cli", "tessera")
ARTIFACTS = os.environ.get("TESSERA_ARTIFACTS") or os.path.join(ROOT, "build", "test-artifacts")

COOKIE = "__Host-tessera-refresh"
BROWSER_SESSION_COOKIE = "__Host-tessera-session"
WAIT_S = 10
SESSION_DAYS = 30  # the service's default session lifetime, the cookie's Max-Age

# Everyone the tests sign in as, one user per flow so that one flow's "sign out everywhere" or
# session list never meets another's. "test"/"password" is the --dev user.
HTML_USER = '<b id="bold">x</b>'
USERS = {
    "nora": "nora-password",          # without JavaScript
    "dana": "dana-password",          # two devices
    "victor": "victor-password",      # the victim of other sites' forms
    "mallory": "mallory-password",    # the attacker's own account
    HTML_USER: "html-user-password",  # a name that is HTML
    "debby": "debby-password",        # tokens for the debugger
    "rita": "rita-password",          # return_to
    "bea": "bea-password",            # back/forward
    "pat": "pat-password",            # password change
    "olga": "olga-password",          # signing out one session, and the others
    "tina": "tina-password",          # too many wrong passwords
}

# A user agent that is HTML: the sessions list shows each device's User-Agent field, which the
# device itself chose.
HTML_USER_AGENT = '<img id="ua-img" src="/nonexistent">Evil/1.0 "quoted" & more'

# The second service's settings: access tokens short enough to watch the page renew them, and
# no grace for a spent refresh token, so two tabs spending the same one would show as reuse.
SHORT_TTL_S = 10
SHORT_LIVED_CONFIG = f'access_token_ttl = "{SHORT_TTL_S}s"\nrefresh_grace = "0s"\n'


class AttackerSite:
    """Another site: a plain HTTP server on 127.0.0.1, visited as http://localhost:PORT, which
    is another site than http://127.0.0.1 for the browser, or as http://127.0.0.1:PORT, the same
    site (sites ignore ports) but another origin. It serves the pages and scripts put in `files`
    (its own scripts: no CSP stands in its way)."""

    def __init__(self):
        files = self.files = {}

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                path = self.path.split("?")[0]
                body = files.get(path)
                if body is None:
                    self.send_error(404)
                    return
                data = body.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/javascript" if path.endswith(".js")
                                 else "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        port = self.server.server_address[1]
        self.origin = f"http://localhost:{port}"  # another site
        self.same_site_origin = f"http://127.0.0.1:{port}"  # same site, another origin
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def page(title, body):
    return (f"<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>"
            f"<body>{body}</body></html>")


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def claims_of(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


class BrowserFaceTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        assert os.path.exists(TESSERA), f"no tessera binary at {TESSERA} (set TESSERA_BIN)"
        cls.service = tessera_service.Service(TESSERA, dev=True)
        cls.base = f"http://127.0.0.1:{cls.service.port}"
        cls.drivers = {}
        try:
            for name, password in USERS.items():
                added = cls.service.cli("user", "add", "--password-stdin", name,
                                        stdin=password + "\n")
                assert added.returncode == 0, added.stderr
            cls.attacker = AttackerSite()
            cls.browser = cls.driver("browser")
        except BaseException:
            cls.tearDownClass()
            raise
        os.makedirs(ARTIFACTS, exist_ok=True)

    @classmethod
    def tearDownClass(cls):
        for driver in cls.drivers.values():
            driver.quit()
        cls.drivers = {}
        if getattr(cls, "attacker", None) is not None:
            cls.attacker.stop()
        if getattr(cls, "short_lived", None) is not None:
            cls.short_lived.stop()
        status = cls.service.stop()
        if status != 0:
            raise AssertionError(
                f"tessera serve exited {status}:\n{cls.service.read_log()[-4000:]}")

    def setUp(self):
        self.started = time.monotonic()

    def tearDown(self):
        # Shown on the test's line of the verbose output, before its "ok".
        elapsed = time.monotonic() - self.started
        if elapsed >= 0.05:  # (a skipped test has had its line already)
            sys.stderr.write(f"[{elapsed:.1f} s] ")

    # ---- Drivers ----------------------------------------------------------------------------

    @classmethod
    def driver(cls, name, javascript=True):
        """The Chromium called `name`, started on first use (a device of its own)."""
        if name not in cls.drivers:
            cls.drivers[name] = chromium.make_driver(javascript=javascript)
        return cls.drivers[name]

    @classmethod
    def close_driver(cls, name):
        driver = cls.drivers.pop(name, None)
        if driver is not None:
            driver.quit()

    def fresh(self, driver):
        """A browser with no cookies (so signed out) on a blank page, its logs drained."""
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        driver.get("about:blank")
        driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
        chromium.console_messages(driver)
        chromium.network_requests(driver)
        return driver

    # ---- Helpers ------------------------------------------------------------------------------

    def wait(self, driver, condition, what, timeout=WAIT_S):
        """Polls `condition(driver)` until it is true; an element that is missing or that went
        with a page being replaced (a navigation under way) counts as not yet."""
        try:
            return WebDriverWait(driver, timeout, ignored_exceptions=(
                NoSuchElementException, StaleElementReferenceException)).until(condition)
        except TimeoutException:
            self.fail(f"timed out after {timeout} s waiting for {what}; at {driver.current_url} "
                      f"({driver.title!r}): {self.page_text(driver)[:600]!r}")

    @staticmethod
    def page_text(driver):
        try:
            return driver.find_element(By.TAG_NAME, "body").text
        except Exception:  # noqa: BLE001 (a failure message: whatever the page shows)
            return ""

    def path_of(self, driver, base=None):
        """The path of the page the browser is on when it is one of the service's (at `base`,
        by default the class's service), else the whole URL."""
        url = urllib.parse.urlsplit(driver.current_url)
        return url.path if f"{url.scheme}://{url.netloc}" == (base or self.base) \
            else driver.current_url

    def wait_path(self, driver, path, base=None, timeout=WAIT_S):
        self.wait(driver, lambda d: self.path_of(d, base) == path
                  and d.execute_script("return document.readyState") == "complete",
                  f"the page {path}", timeout)

    def text_of(self, driver, element_id):
        """textContent (also of hidden elements, where Selenium's .text is empty)."""
        elements = driver.find_elements(By.ID, element_id)
        return elements[0].get_attribute("textContent") if elements else None

    def sign_in_form(self, driver, username, password, query="", base=None):
        """Fills and sends the sign-in form; does not wait for the answer."""
        driver.get(f"{base or self.base}/web/login{query}")
        self.wait(driver, lambda d: d.find_elements(By.ID, "login-submit"), "the sign-in form")
        driver.find_element(By.ID, "username").send_keys(username)
        driver.find_element(By.ID, "password").send_keys(password)
        driver.find_element(By.ID, "login-submit").click()

    def sign_in(self, driver, username, password=None, base=None):
        """Signs in with the form and waits for the account page to show the session."""
        self.sign_in_form(driver, username, password or USERS[username], base=base)
        self.wait_account(driver, username, base)

    def wait_account(self, driver, username, base=None):
        self.wait_path(driver, "/web/account", base)
        self.wait(driver, lambda d: d.find_element(By.ID, "session-content").is_displayed()
                  and self.text_of(d, "who-username") == username
                  and '"sub"' in self.text_of(d, "token-claims"),
                  f"the account page of {username!r} with its token decoded")

    def wait_sessions(self, driver, count):
        self.wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#sessions li.session"))
                  == count, f"{count} sessions listed")
        return driver.find_elements(By.CSS_SELECTOR, "#sessions li.session")

    def cookies(self, driver):
        """The browser's cookies for this service, as DevTools reports them (whatever page the
        browser is on). Cookies go by host, not port: the second service shares the jar."""
        return driver.execute_cdp_cmd("Network.getCookies", {"urls": [self.base + "/"]})["cookies"]

    def refresh_cookie(self, driver):
        found = [c for c in self.cookies(driver) if c["name"] == COOKIE]
        return found[0]["value"] if found else None

    def access_token(self, driver):
        """The access token the account page holds (shown in its "Encoded token" panel)."""
        return self.wait(driver, lambda d: self.text_of(d, "token-raw"), "the encoded token")

    def click_and_accept(self, driver, element_id):
        """Clicks; accepts a confirm() the click may open (the page may ask before acting)."""
        driver.find_element(By.ID, element_id).click()
        try:
            driver.switch_to.alert.accept()
        except NoAlertPresentException:
            pass

    def paste(self, driver, element_id, text):
        """Replaces a text field's content the way a paste does: one input event with the whole
        text (DevTools Input.insertText), after clearing it with the keyboard."""
        box = driver.find_element(By.ID, element_id)
        box.click()
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys(Keys.DELETE)
        driver.execute_cdp_cmd("Input.insertText", {"text": text})

    def warnings(self, driver):
        return [li.get_attribute("data-warning")
                for li in driver.find_elements(By.CSS_SELECTOR, "#warnings li")]

    def verify_state(self, driver):
        return driver.find_element(By.ID, "verify-result").get_attribute("data-state")

    def assert_no_console_errors(self, driver, allowed=()):
        errors = [m for m in driver.get_log("browser")
                  if m["level"] in ("SEVERE", "WARNING")
                  and not any(a in m["message"] for a in allowed)]
        self.assertEqual(errors, [], "console errors")

    def assert_refused_page(self, driver, title):
        self.wait(driver, lambda d: d.title == f"{title} · Tessera", f"the {title!r} page")
        self.assertEqual(driver.find_element(By.TAG_NAME, "h1").text, title)
        self.assertEqual(driver.find_elements(By.ID, "username"), [])

    # ---- 1. Signing in with JavaScript ---------------------------------------------------------

    def test_01_sign_in_with_javascript_keeps_the_session_in_an_httponly_cookie_only(self):
        driver = self.fresh(self.browser)
        driver.get(self.base + "/web/login")
        toggle = self.wait(driver, lambda d: d.find_element(By.ID, "toggle-password"),
                           "the show-password toggle")
        self.wait(driver, lambda d: toggle.is_displayed(), "the toggle shown by login.js")
        password = driver.find_element(By.ID, "password")
        driver.find_element(By.ID, "username").send_keys("test")
        password.send_keys("password")
        self.assertEqual(password.get_attribute("type"), "password")
        toggle.click()
        self.assertEqual(password.get_attribute("type"), "text")
        self.assertEqual(toggle.get_attribute("aria-pressed"), "true")
        self.assertEqual(password.get_attribute("value"), "password")
        toggle.click()
        self.assertEqual(password.get_attribute("type"), "password")
        self.assertEqual(toggle.get_attribute("aria-pressed"), "false")
        toggle.click()  # shown at submit (login.js makes it a password field again as it goes)
        driver.find_element(By.ID, "login-submit").click()
        self.wait_account(driver, "test")
        self.assertIn('"sub": "test"', self.text_of(driver, "token-claims"))
        self.assertIn('"alg": "ES256"', self.text_of(driver, "token-header"))
        self.assertIn("Expires", self.text_of(driver, "token-expiry"))

        # The cookies, as the browser keeps them: exactly the two the server set, host-only: the
        # refresh token (Strict) and the browser session that apps' sign-ins see (Lax).
        cookies = {c["name"]: c for c in driver.get_cookies()}
        self.assertEqual(sorted(cookies), sorted([COOKIE, BROWSER_SESSION_COOKIE]))
        for name, same_site in ((COOKIE, "Strict"), (BROWSER_SESSION_COOKIE, "Lax")):
            cookie = cookies[name]
            self.assertIs(cookie["httpOnly"], True)
            self.assertIs(cookie["secure"], True)
            self.assertEqual(cookie["sameSite"], same_site)
            self.assertEqual(cookie["path"], "/")
            self.assertEqual(cookie["domain"], "127.0.0.1")  # with Domain= it is ".127.0.0.1"
            left = cookie["expiry"] - time.time()
            self.assertGreater(left, SESSION_DAYS * 86400 - 600)
            self.assertLessEqual(left, SESSION_DAYS * 86400 + 60)
        cookie = cookies[COOKIE]
        self.assertNotEqual(cookie["value"], cookies[BROWSER_SESSION_COOKIE]["value"])
        devtools = [c for c in self.cookies(driver) if c["name"] == COOKIE][0]
        self.assertFalse(devtools["session"])
        self.assertEqual(devtools["domain"], "127.0.0.1")

        # Nothing for scripts: no readable cookie, nothing in any storage.
        self.assertEqual(driver.execute_script("return document.cookie"), "")
        self.assertIs(driver.execute_script(
            "return localStorage.length === 0 && sessionStorage.length === 0"), True)
        stored = driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            Promise.all([indexedDB.databases(), caches.keys()])
              .then(([dbs, names]) => done([dbs.length, names.length]), (e) => done(String(e)));
        """)
        self.assertEqual(stored, [0, 0])
        token = self.access_token(driver)
        self.assertNotEqual(token, cookie["value"])
        self.assertNotIn(cookie["value"], driver.page_source)

        # The access token reaches the server only as a bearer token, when asked to.
        sent = chromium.network_requests(driver)
        self.assertTrue(any(r["url"].endswith("/web/api/token") for r in sent))
        self.assertEqual([r["url"] for r in sent if token in json.dumps(r)], [])
        driver.find_element(By.ID, "call-secure").click()
        self.wait(driver, lambda d: "HTTP 200" in d.find_element(By.ID, "secure-result").text,
                  "/secure-endpoint's answer")
        carried = [r for r in chromium.network_requests(driver) if token in json.dumps(r)]
        self.assertTrue(carried)
        self.assertEqual([r["url"] for r in carried], [self.base + "/secure-endpoint"])
        self.assertEqual(carried[0]["headers"].get("Authorization"), f"Bearer {token}")
        self.assert_no_console_errors(driver)

        # Signing out with JavaScript: the form post, and the cookie is gone.
        driver.find_element(By.ID, "logout").click()
        self.wait_path(driver, "/web/login")
        self.assertIsNone(self.refresh_cookie(driver))
        driver.get(self.base + "/web/account")
        self.wait_path(driver, "/web/login")

    def test_01b_the_password_form_names_its_account_for_password_managers(self):
        driver = self.fresh(self.browser)
        self.sign_in(driver, "test", "password")
        field = driver.find_element(By.CSS_SELECTOR, "#password-form input[autocomplete=username]")
        self.assertEqual(field.get_attribute("value"), "test")
        self.assertFalse(field.is_displayed())
        # Chromium's advice for a password form without a username field is gone.
        self.assertEqual([m for m in chromium.console_messages(driver)
                          if "Password forms should have" in m], [])

    # ---- 2. Without JavaScript -----------------------------------------------------------------

    def test_02_sign_in_and_out_work_without_javascript(self):
        driver = self.fresh(self.driver("no-js", javascript=False))
        try:
            driver.get(self.base + "/web/login")
            # login.js did not run: the toggle it would reveal stays hidden.
            self.assertFalse(driver.find_element(By.ID, "toggle-password").is_displayed())
            self.assertEqual(self.text_of(driver, "login-error").strip(), "")

            self.sign_in_form(driver, "nora", "not-her-password")
            self.wait(driver, lambda d: d.find_element(By.ID, "login-error").text
                      == "Invalid username or password.", "the generic error")
            self.assertEqual(self.path_of(driver), "/web/login")
            self.assertIsNone(self.refresh_cookie(driver))
            self.sign_in_form(driver, "nobody-at-all", "not-a-password")
            self.wait(driver, lambda d: d.find_element(By.ID, "login-error").text
                      == "Invalid username or password.", "the same error for an unknown user")

            self.sign_in_form(driver, "nora", USERS["nora"])
            self.wait_path(driver, "/web/account")
            main = driver.find_element(By.ID, "main").text
            self.assertIn("This page needs JavaScript to show your tokens and sessions.", main)
            self.assertFalse(driver.find_element(By.ID, "session-content").is_displayed())
            # The server put the name in the page; it stays hidden with the rest of the session.
            self.assertEqual(self.text_of(driver, "who-username"), "nora")
            self.assertTrue(driver.find_element(By.ID, "logout").is_displayed())
            self.assertIsNotNone(self.refresh_cookie(driver))

            driver.find_element(By.ID, "logout").click()
            self.wait_path(driver, "/web/login")
            self.assertIsNone(self.refresh_cookie(driver))
            self.assertTrue([e for e in self.service.events("logout") if e.get("user") == "nora"],
                            "the sign-out ended the session in the store")
            driver.get(self.base + "/web/account")
            self.wait_path(driver, "/web/login")
        finally:
            self.close_driver("no-js")  # one Chromium fewer for the rest of the run

    # ---- 3. Two devices ------------------------------------------------------------------------

    def test_03_sign_out_everywhere_ends_the_other_devices_session(self):
        a = self.fresh(self.browser)
        b = self.fresh(self.driver("second"))
        user_agent = b.execute_script("return navigator.userAgent")
        b.execute_cdp_cmd("Network.setUserAgentOverride", {"userAgent": HTML_USER_AGENT})
        try:
            self.sign_in(a, "dana")
            self.sign_in(b, "dana")
        finally:
            b.execute_cdp_cmd("Network.setUserAgentOverride", {"userAgent": user_agent})
        a.refresh()
        self.wait_account(a, "dana")
        # B's user agent is shown as text on A's page, never parsed.
        self.wait(a, lambda d: HTML_USER_AGENT in d.find_element(By.ID, "sessions").text,
                  "B's user agent in A's list")
        self.assertEqual(a.find_elements(By.ID, "ua-img"), [])
        for driver in (a, b):
            sessions = self.wait_sessions(driver, 2)
            current = [s for s in sessions if "This device" in s.text]
            self.assertEqual(len(current), 1)
            self.assertIn("current", current[0].get_attribute("class"))
            self.assertIn("127.0.0.1", current[0].text)
            # The other device's session has its own sign-out button; this one has none.
            self.assertEqual(current[0].find_elements(By.TAG_NAME, "button"), [])
            other = [s for s in sessions if s is not current[0]][0]
            self.assertEqual(len(other.find_elements(By.TAG_NAME, "button")), 1)
        self.click_and_accept(a, "end-all")
        self.wait_path(a, "/web/login")
        self.assertIsNone(self.refresh_cookie(a))
        self.assertTrue([e for e in self.service.events("all_sessions_ended")
                         if e.get("user") == "dana"])

        # B's page still holds an access token in memory. This instance refuses it at once
        # (ending the sessions revokes their tokens here); other resource servers that only
        # check signatures would accept it until it expires (access_token_ttl).
        b.find_element(By.ID, "call-secure").click()
        self.wait(b, lambda d: "HTTP 401" in d.find_element(By.ID, "secure-result").text,
                  "this instance refusing B's access token")

        # The bound for B's pages: immediate. Every load of /web/account looks the session up in
        # the store (and every token refresh does), so B's very next page load signs it out,
        # with no waiting for a token to expire.
        b.get(self.base + "/web/account")
        self.wait_path(b, "/web/login")
        self.assertIsNone(self.refresh_cookie(b))

    def test_03b_signing_out_one_other_session_and_all_the_others(self):
        a = self.fresh(self.browser)
        b = self.fresh(self.driver("second"))
        self.sign_in(a, "olga")
        self.sign_in(b, "olga")
        a.refresh()
        self.wait_account(a, "olga")
        other = [s for s in self.wait_sessions(a, 2) if "This device" not in s.text][0]
        button = other.find_element(By.TAG_NAME, "button")
        self.assertTrue(button.get_attribute("aria-label").startswith("Sign out "))
        button.click()
        self.wait(a, lambda d: d.find_element(By.ID, "sessions-status").text
                  == "Signed out that session.", "the session ended")
        self.wait_sessions(a, 1)
        self.assertEqual(a.find_element(By.ID, "end-others").get_attribute("disabled"), "true")
        b.get(self.base + "/web/account")
        self.wait_path(b, "/web/login")

        self.sign_in(b, "olga")
        a.refresh()
        self.wait_account(a, "olga")
        self.wait_sessions(a, 2)
        self.wait(a, lambda d: d.find_element(By.ID, "end-others").is_enabled(),
                  "the button enabled with another session")
        self.click_and_accept(a, "end-others")
        self.wait(a, lambda d: d.find_element(By.ID, "sessions-status").text
                  == "Signed out 1 other session.", "the others ended")
        self.wait_sessions(a, 1)
        b.get(self.base + "/web/account")
        self.wait_path(b, "/web/login")
        a.get(self.base + "/web/account")  # and this one goes on
        self.wait_account(a, "olga")

    # ---- 4. Other sites' forms -----------------------------------------------------------------

    def attacker_pages(self):
        """The other site's pages: forms that post to the service as soon as they load (login
        CSRF with the attacker's own credentials, and logout CSRF), and scripted calls of the
        pages' API."""
        site = self.attacker
        site.files["/autosubmit.js"] = "document.forms[0].submit();\n"
        site.files["/login-csrf.html"] = page(
            "Win a prize",
            f'<form method="post" action="{self.base}/web/login">'
            '<input type="hidden" name="username" value="mallory">'
            f'<input type="hidden" name="password" value="{USERS["mallory"]}">'
            '<input type="hidden" name="return_to" value="/web/account"></form>'
            '<script src="/autosubmit.js"></script>')
        site.files["/logout-csrf.html"] = page(
            "Win a prize", f'<form method="post" action="{self.base}/web/logout"></form>'
                           '<script src="/autosubmit.js"></script>')
        # no-cors calls go without asking but cannot carry X-Tessera-Fetch; a call that does
        # carry it needs a CORS preflight, which /web never grants.
        site.files["/api-csrf.js"] = (
            "const base = " + json.dumps(self.base) + ";\n"
            "const paths = ['/web/api/sessions/end-all', '/web/api/sessions/end-others',"
            " '/web/api/token', '/web/api/password'];\n"
            "const calls = paths.flatMap((p) => [\n"
            "  fetch(base + p, {method: 'POST', mode: 'no-cors', credentials: 'include',"
            " body: '{}'}),\n"
            "  fetch(base + p, {method: 'POST', credentials: 'include', body: '{}',"
            " headers: {'X-Tessera-Fetch': '1', 'Content-Type': 'application/json'}}),\n"
            "]);\n"
            "Promise.allSettled(calls).then((results) => {\n"
            "  document.title = 'sent: ' + results.map((r) => r.status).join(' ');\n"
            "});\n")
        site.files["/api-csrf.html"] = page("Win a prize", '<script src="/api-csrf.js"></script>')

    def test_04_other_sites_forms_and_requests_change_nothing(self):
        self.attacker_pages()
        victim = self.fresh(self.browser)
        self.sign_in(victim, "victor")
        cookie = self.refresh_cookie(victim)
        self.assertIsNotNone(cookie)

        # From another site (localhost), and from another origin of the same site (127.0.0.1 on
        # another port): the Strict cookie goes along with the latter, so only the server's
        # same-origin check stands in the way there.
        for origin in (self.attacker.origin, self.attacker.same_site_origin):
            with self.subTest(origin=origin):
                chromium.network_requests(victim)
                victim.get(origin + "/login-csrf.html")
                self.assert_refused_page(victim, "Request refused")
                self.assertEqual(self.path_of(victim), "/web/login")
                self.assertEqual(self.refresh_cookie(victim), cookie)

                victim.get(origin + "/logout-csrf.html")
                self.assert_refused_page(victim, "Request refused")
                self.assertEqual(self.path_of(victim), "/web/logout")
                self.assertEqual(self.refresh_cookie(victim), cookie)

                victim.get(origin + "/api-csrf.html")
                self.wait(victim, lambda d: d.title.startswith("sent:"),
                          "the attacker's scripted calls")
                # Every call fails in the attacker's page: the preflighted ones for want of CORS,
                # the no-cors ones because the answers are Cross-Origin-Resource-Policy:
                # same-origin. What matters is that the no-cors posts, which were sent (with the
                # cookie, from the same site), changed nothing: the cookie was not rotated.
                self.assertEqual(victim.title, "sent: " + " ".join(["rejected"] * 8))
                self.assertEqual(self.refresh_cookie(victim), cookie)

                posts = [r for r in chromium.network_requests(victim) if r["method"] == "POST"]
                self.assertEqual({r["url"] for r in posts}, {self.base + p for p in (
                    "/web/login", "/web/logout", "/web/api/sessions/end-all",
                    "/web/api/sessions/end-others", "/web/api/token", "/web/api/password")})
                forms = [r for r in posts
                         if r["url"] in (self.base + "/web/login", self.base + "/web/logout")]
                self.assertEqual(len(forms), 2)
                same_site = origin == self.attacker.same_site_origin
                for form in forms:
                    self.assertEqual(form["headers"].get("Sec-Fetch-Site"),
                                     "same-site" if same_site else "cross-site")
                    self.assertEqual(cookie in form["headers"].get("Cookie", ""), same_site,
                                     "the Strict cookie goes with same-site posts only")

        # Still the victim, on the same session.
        victim.get(self.base + "/web/account")
        self.wait_account(victim, "victor")
        self.wait_sessions(victim, 1)

        # A browser with no session visiting the attacker's page is not signed in either.
        stranger = self.fresh(self.driver("second"))
        for origin in (self.attacker.origin, self.attacker.same_site_origin):
            stranger.get(origin + "/login-csrf.html")
            self.assert_refused_page(stranger, "Request refused")
            self.assertEqual(self.cookies(stranger), [])
        stranger.get(self.base + "/web/account")
        self.wait_path(stranger, "/web/login")
        self.assertEqual([e for e in self.service.events("login") if e.get("user") == "mallory"],
                         [], "the attacker's credentials were never even tried")

    # ---- 5. Content-Security-Policy and escaping ------------------------------------------------

    def test_05a_injected_inline_script_handler_and_style_do_not_run(self):
        driver = self.fresh(self.browser)
        self.sign_in(driver, "test", "password")
        chromium.console_messages(driver)
        # execute_script itself is exempt from CSP (DevTools runs it): it only inserts elements
        # the way an injection would, and the page's policy decides whether they run.
        driver.execute_script("""
            const script = document.createElement('script');
            script.textContent = 'window.__inline_ran = true;';
            document.body.append(script);
            const img = document.createElement('img');
            img.id = 'csp-probe';
            img.setAttribute('onerror', 'window.__onerror_ran = true');
            img.src = '/nonexistent';
            document.body.append(img);
            const styled = document.createElement('div');
            styled.id = 'csp-styled';
            styled.setAttribute('style', 'width: 123px');
            document.body.append(styled);
            const sheet = document.createElement('style');
            sheet.textContent = '#csp-styled { height: 77px; }';
            document.head.append(sheet);
        """)
        self.wait(driver, lambda d: d.execute_script(
            "return document.getElementById('csp-probe').complete"), "the probe image's error")
        messages = []
        self.wait(driver, lambda d: messages.extend(chromium.console_messages(d)) or sum(
            "Content Security Policy" in m for m in messages) >= 4,
            "four CSP refusals in the console")
        self.assertIsNone(driver.execute_script("return window.__inline_ran"))
        self.assertIsNone(driver.execute_script("return window.__onerror_ran"))
        size = driver.execute_script("""
            const s = getComputedStyle(document.getElementById('csp-styled'));
            return [s.width, s.height];""")
        self.assertNotEqual(size[0], "123px")
        self.assertNotEqual(size[1], "77px")
        refusals = "\n".join(m for m in messages if "Content Security Policy" in m)
        self.assertIn("Executing inline script violates", refusals)
        self.assertIn("Executing inline event handler violates", refusals)
        self.assertIn("Applying inline style violates", refusals)
        self.assertIn("script-src 'self'", refusals)
        self.assertIn("style-src 'self'", refusals)

    def test_05b_another_site_cannot_frame_the_pages(self):
        driver = self.fresh(self.browser)
        self.attacker.files["/frame.html"] = page(
            "Framed", f'<iframe id="victim" src="{self.base}/web/login" width="600" '
                      'height="400"></iframe>')
        driver.get(self.attacker.origin + "/frame.html")
        messages = []
        self.wait(driver, lambda d: messages.extend(chromium.console_messages(d)) or any(
            "frame-ancestors 'none'" in m for m in messages), "the framing refusal")
        self.assertTrue(any(f"Framing '{self.base}/'" in m for m in messages), messages)
        driver.switch_to.frame("victim")
        try:
            self.assertEqual(driver.find_elements(By.ID, "username"), [])
            self.assertEqual(driver.find_elements(By.ID, "login-submit"), [])
            self.assertTrue(driver.execute_script("return location.href").startswith(
                ("chrome-error:", "about:blank")))
        finally:
            driver.switch_to.default_content()

    def test_05c_a_username_made_of_html_is_shown_as_text(self):
        driver = self.fresh(self.browser)
        self.sign_in(driver, HTML_USER)
        self.assertEqual(self.text_of(driver, "who-username"), HTML_USER)
        self.assertEqual(driver.find_element(By.ID, "who-username").text, HTML_USER)
        self.assertEqual(driver.find_elements(By.ID, "bold"), [])
        self.assertEqual(driver.find_elements(By.CSS_SELECTOR, "#who-username *"), [])
        self.assertIn(json.dumps(HTML_USER), self.text_of(driver, "token-claims"))
        # Without JavaScript the server-rendered name is the same text (checked here in the DOM
        # as parsed, before account.js replaced it: the response's own HTML is escaped).
        source = driver.execute_script(
            "return fetch('/web/account', {cache: 'no-store'}).then((r) => r.text())")
        self.assertIn("&lt;b id=&quot;bold&quot;&gt;x&lt;/b&gt;", source)
        self.assertNotIn(HTML_USER, source)

    # ---- 6. The token debugger -----------------------------------------------------------------

    def test_06_the_debugger_decodes_and_verifies_in_the_page_and_sends_nothing(self):
        driver = self.fresh(self.browser)
        real = self.service.login("debby", USERS["debby"])["access_token"]
        header, payload, signature = real.split(".")
        forged_claims = dict(claims_of(real), sub="admin", scope="admin")
        tampered = ".".join([header, b64url(json.dumps(forged_claims).encode()), signature])
        now = int(time.time())
        secret = "browser-test-hmac-secret-of-40-bytes!!!!"
        expired = jwt.encode({"iss": self.base, "sub": "debby", "aud": "tessera",
                              "iat": now - 7200, "exp": now - 3600}, secret, algorithm="HS256")
        unsigned = ".".join([b64url(b'{"alg":"none","typ":"JWT"}'),
                             b64url(json.dumps({"sub": "debby", "exp": now + 600}).encode()), ""])
        pasted = [real, tampered, expired, unsigned, secret, signature, payload]

        driver.get(self.base + "/web/debugger")
        self.wait(driver, lambda d: "Published keys" in d.find_element(By.ID, "service-info").text,
                  "the service's facts and JWKS")
        loaded = [r["url"] for r in chromium.network_requests(driver)]
        self.assertIn(self.base + "/.well-known/jwks.json", loaded)  # the log sees the page
        self.assertEqual(Select(driver.find_element(By.ID, "key-source")).first_selected_option
                         .get_attribute("value"), "service")

        # Typed key by key: it decodes as it goes, and verifies with this service's JWKS.
        box = driver.find_element(By.ID, "token")
        box.click()
        box.send_keys(real)
        self.wait(driver, lambda d: '"sub": "debby"' in self.text_of(d, "decoded-claims"),
                  "the typed token decoded")
        self.wait(driver, lambda d: self.verify_state(d) == "valid", "a valid signature")
        self.assertIn('"alg": "ES256"', driver.find_element(By.ID, "decoded-header").text)
        self.assertIn("exp", driver.find_element(By.ID, "decoded-times").text)
        self.assertEqual(self.warnings(driver), [])
        self.assertTrue(driver.find_element(By.ID, "warnings-empty").is_displayed())

        # Pasted: claims changed under the same signature.
        self.paste(driver, "token", tampered)
        self.wait(driver, lambda d: '"sub": "admin"' in self.text_of(d, "decoded-claims"),
                  "the tampered token decoded")
        self.wait(driver, lambda d: self.verify_state(d) == "invalid", "an invalid signature")

        # An expired HS256 token: expired, and this service's public keys are no HMAC secret.
        self.paste(driver, "token", expired)
        self.wait(driver, lambda d: "expired" in self.warnings(d), "the expired warning")
        self.wait(driver, lambda d: "key-confusion" in self.warnings(d),
                  "the key-confusion warning")
        self.assertNotEqual(self.verify_state(driver), "valid")
        Select(driver.find_element(By.ID, "key-source")).select_by_value("pasted")
        self.wait(driver, lambda d: d.find_element(By.ID, "key").is_displayed(), "the key box")
        self.paste(driver, "key", secret)
        self.wait(driver, lambda d: self.verify_state(d) == "valid",
                  "the expired token's signature valid with its secret")
        self.assertIn("expired", self.warnings(driver))
        self.assertNotIn("key-confusion", self.warnings(driver))
        self.assertNotIn("short-secret", self.warnings(driver))
        self.paste(driver, "key", "short")
        self.wait(driver, lambda d: "short-secret" in self.warnings(d), "the short-secret warning")
        self.wait(driver, lambda d: self.verify_state(d) == "invalid", "a wrong secret refused")
        Select(driver.find_element(By.ID, "key-source")).select_by_value("service")

        self.paste(driver, "token", unsigned)
        self.wait(driver, lambda d: "alg-none" in self.warnings(d), "the alg-none warning")
        self.wait(driver, lambda d: self.verify_state(d) == "invalid", "alg none never valid")

        # Nothing pasted left the page: no request carried any of it, anywhere.
        self.paste(driver, "token", real)
        self.wait(driver, lambda d: self.verify_state(d) == "valid", "the real token again")
        sent = chromium.network_requests(driver)
        for text in pasted:
            leaked = [r for r in sent if text in json.dumps(r)]
            self.assertEqual(leaked, [], f"a request carried {text[:24]}...")

        # The one button that does send it: the log does see the token when it is sent.
        driver.find_element(By.ID, "check-with-service").click()
        self.wait(driver, lambda d: "HTTP 200" in d.find_element(By.ID, "service-result").text,
                  "the service's answer")
        self.assertIn("The service accepts this token.",
                      driver.find_element(By.ID, "service-result").text)
        carried = [r for r in chromium.network_requests(driver) if real in json.dumps(r)]
        self.assertTrue(carried, "the performance log shows the token sent by the button")
        self.assertEqual([r["url"] for r in carried], [self.base + "/users/me"])
        self.assertEqual(carried[0]["headers"].get("Authorization"), f"Bearer {real}")
        # credentials: 'omit': the pasted token alone, not this browser's cookie.
        self.assertNotIn("cookie", {name.lower() for name in carried[0]["headers"]})
        self.assert_no_console_errors(driver)

    # ---- 7. return_to ------------------------------------------------------------------------

    def test_07_return_to_goes_only_to_this_services_paths(self):
        driver = self.fresh(self.browser)
        for target in ("https://evil.example/", "//evil.example/", "/\\evil.example",
                       "/%2F/evil.example", "/%5Cevil.example", "/\t/evil.example",
                       "/\n/evil.example", "\\\\evil.example", "javascript:alert(1)",
                       "evil.example"):
            with self.subTest(return_to=target):
                driver.get(f"{self.base}/web/login?return_to={urllib.parse.quote(target, safe='')}")
                self.assert_refused_page(driver, "Bad sign-in link")
                self.assertIn("return_to must be a path on this service",
                              driver.find_element(By.ID, "main").text)

        # A form changed in the page (or a hand-made post) is checked again by the server.
        driver.get(self.base + "/web/login")
        driver.execute_script(
            "document.querySelector('input[name=return_to]').value = '//evil.example/';")
        driver.find_element(By.ID, "username").send_keys("rita")
        driver.find_element(By.ID, "password").send_keys(USERS["rita"])
        driver.find_element(By.ID, "login-submit").click()
        self.assert_refused_page(driver, "Bad sign-in link")
        self.assertIsNone(self.refresh_cookie(driver))

        # A good one survives a wrong password, and leads there after signing in.
        self.sign_in_form(driver, "rita", "wrong-password", "?return_to=%2Fweb%2Fdebugger")
        self.wait(driver, lambda d: d.find_element(By.ID, "login-error").text
                  == "Invalid username or password.", "the generic error")
        self.assertEqual(driver.find_element(By.NAME, "return_to").get_attribute("value"),
                         "/web/debugger")
        # The page keeps the username (not the password) for the second try.
        self.assertEqual(driver.find_element(By.ID, "username").get_attribute("value"), "rita")
        self.assertEqual(driver.find_element(By.ID, "password").get_attribute("value"), "")
        driver.find_element(By.ID, "password").send_keys(USERS["rita"])
        driver.find_element(By.ID, "login-submit").click()
        self.wait_path(driver, "/web/debugger")
        self.assertIsNotNone(self.refresh_cookie(driver))

    # ---- 8. Back/forward ----------------------------------------------------------------------

    def test_08_back_to_an_ended_session_goes_to_sign_in(self):
        a = self.fresh(self.browser)
        b = self.fresh(self.driver("second"))
        self.sign_in(a, "bea")
        a.find_element(By.LINK_TEXT, "Token debugger").click()
        self.wait_path(a, "/web/debugger")
        self.sign_in(b, "bea")
        self.click_and_accept(b, "end-all")
        self.wait_path(b, "/web/login")

        chromium.network_requests(a)
        a.back()
        self.wait_path(a, "/web/login")
        urls = [r["url"] for r in chromium.network_requests(a)]
        # Chromium keeps no-store pages out of its back/forward cache, so Back reloads and the
        # server sends the browser to sign in; a browser that restored the page instead would
        # show the page's own re-check (GET /web/api/session) sending it there.
        self.assertTrue(self.base + "/web/account" in urls
                        or self.base + "/web/api/session" in urls, urls)
        self.assertEqual(self.path_of(a), "/web/login")

        # The page's re-check itself, as a restore from the cache would run it: the content is
        # hidden at once, the server asked, and the page leaves for sign-in.
        self.sign_in(a, "bea")
        self.sign_in(b, "bea")
        self.click_and_accept(b, "end-all")
        self.wait_path(b, "/web/login")
        hidden = a.execute_script("""
            window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}));
            return document.getElementById('session-content').hidden;""")
        self.assertIs(hidden, True)
        self.wait_path(a, "/web/login")

        # Signed out in this browser, Back does not show the account either.
        self.sign_in(a, "bea")
        a.find_element(By.ID, "logout").click()
        self.wait_path(a, "/web/login")
        a.back()
        self.wait_path(a, "/web/login")

    # ---- 9. Screenshots ----------------------------------------------------------------------

    def screenshot(self, driver, name):
        """The whole page as a PNG in the artifacts directory."""
        size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"],
                     "scale": 1}})
        path = os.path.join(ARTIFACTS, name)
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        self.assertGreater(os.path.getsize(path), 1000)

    def assert_fits_width(self, driver, width, what):
        inner, scroll = driver.execute_script(
            "return [window.innerWidth, document.documentElement.scrollWidth]")
        self.assertEqual(inner, width, f"{what}: the viewport meta gives a {width}px layout")
        self.assertLessEqual(scroll, inner, f"{what} scrolls sideways at {width}px")

    def test_09_screenshots_at_desktop_and_phone_widths(self):
        driver = self.fresh(self.browser)
        try:
            for label, (width, height), mobile in (("desktop", chromium.DESKTOP, False),
                                                   ("phone", chromium.PHONE, True)):
                with self.subTest(size=label):
                    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                        "width": width, "height": height, "deviceScaleFactor": 1,
                        "mobile": mobile})
                    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
                    driver.get(self.base + "/web/login")
                    self.wait(driver, lambda d: d.find_element(By.ID, "toggle-password")
                              .is_displayed(), "the sign-in page")
                    self.assert_fits_width(driver, width, "the sign-in page")
                    self.screenshot(driver, f"login-{label}.png")

                    self.sign_in(driver, "test", "password")
                    # Earlier tests' sessions of "test" are listed too (clearing cookies does
                    # not end them): at least this one.
                    self.wait(driver, lambda d: d.find_elements(
                        By.CSS_SELECTOR, "#sessions li.session.current"), "the sessions listed")
                    token = self.access_token(driver)
                    self.assert_fits_width(driver, width, "the account page")
                    self.screenshot(driver, f"account-{label}.png")

                    driver.get(self.base + "/web/debugger")
                    self.wait(driver, lambda d: "Published keys" in
                              d.find_element(By.ID, "service-info").text, "the debugger")
                    self.paste(driver, "token", token)
                    self.wait(driver, lambda d: self.verify_state(d) == "valid",
                              "the token verified")
                    self.assert_fits_width(driver, width, "the debugger")
                    self.screenshot(driver, f"debugger-{label}.png")
                    self.assert_no_console_errors(driver)
        finally:
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    # ---- 10. Changing the password --------------------------------------------------------------

    def test_10_changing_the_password_signs_out_the_other_device(self):
        a = self.fresh(self.browser)
        b = self.fresh(self.driver("second"))
        self.sign_in(a, "pat")
        self.sign_in(b, "pat")
        a.refresh()
        self.wait_account(a, "pat")
        self.wait_sessions(a, 2)
        new_password = "pat-new-password-2"

        def change(current, new, confirm):
            for element_id, value in (("current-password", current), ("new-password", new),
                                      ("confirm-password", confirm)):
                field = a.find_element(By.ID, element_id)
                field.clear()
                field.send_keys(value)
            a.find_element(By.ID, "password-submit").click()

        change(USERS["pat"], new_password, new_password + "x")
        self.wait(a, lambda d: d.find_element(By.ID, "password-result").text
                  == "The new passwords do not match.", "the mismatch message")
        change("not-the-password", new_password, new_password)
        self.wait(a, lambda d: d.find_element(By.ID, "password-result").text
                  == "The current password is wrong", "the wrong-password message")
        change(USERS["pat"], new_password, new_password)
        self.wait(a, lambda d: d.find_element(By.ID, "password-result").text.startswith(
            "Password changed"), "the change confirmed")
        self.wait_sessions(a, 1)
        self.assertEqual(a.find_element(By.ID, "current-password").get_attribute("value"), "")

        b.get(self.base + "/web/account")
        self.wait_path(b, "/web/login")
        self.sign_in_form(b, "pat", USERS["pat"])
        self.wait(b, lambda d: d.find_element(By.ID, "login-error").text
                  == "Invalid username or password.", "the old password refused")
        self.sign_in(b, "pat", new_password)

    # ---- 11. Short-lived tokens: renewal, tabs, an ended session (a second service) -----------

    def test_11_the_page_renews_its_token_tabs_take_turns_and_an_ended_session_is_noticed(self):
        cls = type(self)
        if getattr(cls, "short_lived", None) is None:
            cls.short_lived = tessera_service.Service(TESSERA, dev=True,
                                                      config=SHORT_LIVED_CONFIG)
        service = cls.short_lived
        base = f"http://127.0.0.1:{service.port}"
        a = self.fresh(self.browser)
        self.sign_in(a, "test", "password", base=base)
        first_tab = a.current_window_handle
        a.switch_to.new_window("tab")
        second_tab = a.current_window_handle
        try:
            a.get(base + "/web/account")
            self.wait_account(a, "test", base)

            # Tabs take turns: while this tab holds the refresh lock, the other tab's refresh
            # waits for it (two tabs must never spend one refresh cookie).
            held_ms = 2500
            a.execute_script("navigator.locks.request('tessera-refresh', () => new Promise("
                             "(resolve) => setTimeout(resolve, arguments[0])));", held_ms)
            a.switch_to.window(first_tab)
            waited = a.execute_async_script("""
                const done = arguments[arguments.length - 1];
                const start = performance.now();
                import('/web/static/js/session.js')
                  .then((session) => session.refresh())
                  .then(() => done(performance.now() - start), (e) => done(`failed: ${e.status}`));
            """)
            self.assertIsInstance(waited, (int, float), waited)
            self.assertGreater(waited, held_ms - 1000)

            # Renewed in the background before it expires, in both tabs: the claims shown change.
            def jti(driver):
                return json.loads(self.text_of(driver, "token-claims"))["jti"]

            shown = {}
            for tab in (second_tab, first_tab):
                a.switch_to.window(tab)
                shown[tab] = jti(a)
            for tab in (first_tab, second_tab):  # each tab renews on its own timer
                a.switch_to.window(tab)
                self.wait(a, lambda d: jti(d) != shown[tab], "a renewed token",
                          timeout=SHORT_TTL_S + 5)
            self.assertEqual(service.events("refresh_token_reuse"), [])

            # Signed out everywhere from another device: each open page finds out at its next
            # renewal, so within the token's lifetime (here 10 s), with no page load.
            b = self.fresh(self.driver("second"))
            self.sign_in(b, "test", "password", base=base)
            self.click_and_accept(b, "end-all")
            self.wait_path(b, "/web/login", base)
            for tab in (first_tab, second_tab):
                a.switch_to.window(tab)
                self.wait_path(a, "/web/login", base, timeout=SHORT_TTL_S + 5)
            self.assertEqual(service.events("refresh_token_reuse"), [])
        finally:
            a.switch_to.window(second_tab)
            a.close()
            a.switch_to.window(first_tab)

    # ---- 12. Too many wrong passwords ------------------------------------------------------------

    def test_12_too_many_wrong_passwords_get_a_page_saying_when_to_retry(self):
        driver = self.fresh(self.browser)

        def answered(d):
            """"refused" (the wrong-password page), "throttled", "account", or None yet."""
            if d.title == "Too many attempts · Tessera":
                return "throttled"
            if self.path_of(d) == "/web/account":
                return "account"
            errors = d.find_elements(By.ID, "login-error")
            return "refused" if errors and errors[0].text else None

        # rate_limit.per_user_address (5 by default) failures are free; after that an attempt
        # within 1 s of the last failure (then 2 s, 4 s...) is refused before the password is
        # checked. An attempt takes well under a second here, so normally the sixth.
        outcomes = []
        while "throttled" not in outcomes and len(outcomes) < 10:
            self.sign_in_form(driver, "tina", f"wrong-password-{len(outcomes)}")
            outcomes.append(self.wait(driver, answered, "the answer to a sign-in"))
        self.assertEqual(outcomes[:5], ["refused"] * 5)
        self.assertEqual(outcomes[-1], "throttled", outcomes)
        self.assertRegex(driver.find_element(By.ID, "main").text,
                         r"Too many sign-in attempts\. Try again in \d+ seconds?\.")
        self.assertIsNone(self.refresh_cookie(driver))

        # Once the delay has passed (1 s here), the right password works.
        for _ in range(10):
            self.sign_in_form(driver, "tina", USERS["tina"])
            if self.wait(driver, answered, "the answer to a sign-in") == "account":
                break
        self.wait_account(driver, "tina")

    # ---- Last: what the service logged over the whole run ---------------------------------------

    def test_99_the_service_saw_no_refresh_token_reuse_or_template_error(self):
        # The pages rotate the refresh cookie on every token refresh; a rotation lost between
        # browser and server would show as reuse (and end the session).
        self.assertEqual(self.service.events("refresh_token_reuse"), [])
        self.assertEqual(self.service.events("template_error"), [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
