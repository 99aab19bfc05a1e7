"""Sign in with Tessera: a small OpenID Connect relying party (a "client app") for `tessera
serve`, with Debian's packages only (python3-authlib, python3-requests; the server is the
standard library's http.server).

It is a public client: no secret, the authorization code flow with PKCE (S256), a `state` and a
`nonce` per sign-in, kept in this process's memory under a cookie of its own. At the callback it
checks the state and the `iss` of the response (RFC 9207), exchanges the code with its
verifier, verifies the ID token against the service's JWKS with authlib.jose (signature, iss,
aud, exp, iat, nonce, at_hash) and shows its claims (a table, cell ids `claim-<name>`) and what
/userinfo says. /logout ends the session here and at Tessera (RP-initiated logout).

Run it next to `tessera serve --dev` (http://127.0.0.1:8000, demo user test/password):

1. Register the client: add this to a config file, say tessera.toml::

       [[clients]]
       id = "rp-public"
       public = true
       grants = ["authorization_code", "refresh_token"]
       redirect_uris = ["http://localhost:5000/callback"]
       post_logout_redirect_uris = ["http://localhost:5000/"]

   or let the CLI print it::

       tessera client add rp-public --public --grant authorization_code \\
           --grant refresh_token --redirect-uri http://localhost:5000/callback \\
           --post-logout-redirect-uri http://localhost:5000/ >> tessera.toml

2. Start both, and open http://localhost:5000/ ::

       tessera serve --dev --config tessera.toml &
       python3 examples/oidc_relying_party.py --issuer http://127.0.0.1:8000 \\
           --client-id rp-public --port 5000

Open the app as http://localhost:5000, not http://127.0.0.1:5000: cookies are kept per host,
not per port, so on 127.0.0.1 the app and the service would share one cookie jar (and the
app would see Tessera's cookies). On localhost it is another site, as a real app is.

Options: --redirect-uri (default http://localhost:PORT/callback), --post-logout-redirect-uri
(default http://localhost:PORT/), --scope (default "openid profile email"), --host (the
address to listen on, default 127.0.0.1), --id-token-alg (default RS256), --quiet."""

import argparse
import html
import http.server
import ipaddress
import json
import secrets
import sys
import threading
import time
import urllib.parse

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.jose import JsonWebKey, JsonWebToken
from authlib.jose.errors import JoseError
from authlib.oidc.core import CodeIDToken

COOKIE = "rp_session"
PENDING_TTL_S = 600       # a sign-in not finished within 10 minutes is forgotten
SESSION_TTL_S = 8 * 3600  # and a browser unseen for 8 hours
CLOCK_LEEWAY_S = 30

STYLE = b"""body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top;
overflow-wrap:anywhere}
th{width:12rem;background:#f4f4f4}
.button{display:inline-block;padding:.5rem 1rem;border:0;border-radius:.3rem;background:#24527a;
color:#fff;text-decoration:none;font:inherit;cursor:pointer}
.error{color:#a00}
"""


def is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def origin_of(url):
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class SignInError(Exception):
    """What the callback shows instead of claims."""


class RelyingParty:
    """The client's side of the flow, and what it remembers per browser."""

    def __init__(self, issuer, client_id, redirect_uri, post_logout_redirect_uri, scope,
                 id_token_alg):
        self.issuer = issuer.rstrip("/")
        self.client_id = client_id
        self.redirect_uri = redirect_uri
        self.post_logout_redirect_uri = post_logout_redirect_uri
        self.scope = scope
        self.id_token_alg = id_token_alg
        self.meta = self._discover()
        self._jwks = None
        self._lock = threading.Lock()
        self._browsers = {}  # cookie -> {"seen", "pending": {state: ...}, "user", "logout"}

    def _discover(self):
        answer = requests.get(self.issuer + "/.well-known/openid-configuration", timeout=10)
        answer.raise_for_status()
        meta = answer.json()
        if meta.get("issuer") != self.issuer:  # OIDC Discovery 4.3
            raise SystemExit(f"the discovery document names issuer {meta.get('issuer')!r}, "
                             f"not {self.issuer!r}")
        for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not meta.get(key):
                raise SystemExit(f"the discovery document has no {key}")
        if "S256" not in meta.get("code_challenge_methods_supported", []):
            raise SystemExit("the provider does not support PKCE with S256")
        return meta

    def _keys(self, refresh=False):
        if self._jwks is None or refresh:
            answer = requests.get(self.meta["jwks_uri"], timeout=10)
            answer.raise_for_status()
            self._jwks = JsonWebKey.import_key_set(answer.json())
        return self._jwks

    def _oauth(self):
        return OAuth2Session(self.client_id, scope=self.scope, redirect_uri=self.redirect_uri,
                             code_challenge_method="S256", token_endpoint_auth_method="none")

    # --- what each browser has here ------------------------------------------------------

    def browser(self, cookie):
        """The record of the browser with `cookie` (a new one, and its cookie, when unknown)."""
        now = time.time()
        with self._lock:
            for key in [k for k, b in self._browsers.items() if now - b["seen"] > SESSION_TTL_S]:
                del self._browsers[key]
            record = self._browsers.get(cookie) if cookie else None
            if record is None:
                cookie = secrets.token_urlsafe(32)
                record = self._browsers[cookie] = {"seen": now, "pending": {}, "user": None,
                                                   "logout": None}
            record["seen"] = now
            return cookie, record

    # --- sign-in ----------------------------------------------------------------------------

    def start(self, record, prompt=None):
        """The authorization URL of a new sign-in, its state, nonce and verifier kept."""
        verifier = generate_token(64)
        nonce = generate_token(32)
        extra = {"nonce": nonce}
        if prompt in ("login", "consent", "none"):
            extra["prompt"] = prompt
        url, state = self._oauth().create_authorization_url(
            self.meta["authorization_endpoint"], code_verifier=verifier, **extra)
        with self._lock:
            now = time.time()
            pending = record["pending"]
            for key in [k for k, p in pending.items() if now - p["at"] > PENDING_TTL_S]:
                del pending[key]
            pending[state] = {"verifier": verifier, "nonce": nonce, "at": now}
        return url

    def finish(self, record, params):
        """The callback: the answer checked, the code exchanged, the ID token verified."""
        state = params.get("state", "")
        with self._lock:
            pending = record["pending"].pop(state, None)  # each state works once
        if pending is None or time.time() - pending["at"] > PENDING_TTL_S:
            raise SignInError("This sign-in was not started here, or it was finished already, "
                              "or it is too old. Start again.")
        if self.meta.get("authorization_response_iss_parameter_supported") \
                or "iss" in params:
            if params.get("iss") != self.issuer:  # RFC 9207: a mix-up
                raise SignInError("The answer does not come from the expected provider.")
        if "error" in params:
            raise SignInError("The provider said: " + params["error"]
                              + (f" ({params['error_description']})"
                                 if params.get("error_description") else ""))
        if not params.get("code"):
            raise SignInError("The answer has no code.")
        token = self._oauth().fetch_token(self.meta["token_endpoint"],
                                          grant_type="authorization_code", code=params["code"],
                                          code_verifier=pending["verifier"])
        if "id_token" not in token:
            raise SignInError("The provider sent no ID token.")
        claims = self.verify_id_token(token["id_token"], pending["nonce"], token["access_token"])
        userinfo = self.userinfo(token["access_token"], claims["sub"])
        with self._lock:
            record["user"] = {"claims": dict(claims), "userinfo": userinfo,
                              "id_token": token["id_token"]}
        return record["user"]

    def verify_id_token(self, id_token, nonce, access_token):
        options = {"iss": {"essential": True, "value": self.issuer},
                   "aud": {"essential": True, "value": self.client_id},
                   "sub": {"essential": True},
                   "nonce": {"essential": True, "value": nonce}}
        params = {"nonce": nonce, "client_id": self.client_id, "access_token": access_token}
        decoder = JsonWebToken([self.id_token_alg])
        for refresh in (False, True):  # a key not known yet: fetch the JWKS once more
            try:
                claims = decoder.decode(id_token, self._keys(refresh), claims_cls=CodeIDToken,
                                        claims_options=options, claims_params=params)
                break
            except (ValueError, JoseError) as error:
                if refresh:
                    raise SignInError(f"The ID token does not verify: {error}") from None
        try:
            claims.validate(leeway=CLOCK_LEEWAY_S)
        except JoseError as error:
            raise SignInError(f"The ID token is not valid: {error}") from None
        return claims

    def userinfo(self, access_token, sub):
        endpoint = self.meta.get("userinfo_endpoint")
        if not endpoint:
            return None
        answer = requests.get(endpoint, headers={"Authorization": f"Bearer {access_token}"},
                              timeout=10)
        if answer.status_code != 200:
            return None
        info = answer.json()
        return info if info.get("sub") == sub else None  # OIDC Core 5.3.2

    # --- sign-out ---------------------------------------------------------------------------

    def logout(self, record):
        """Forgets the user here; the URL that ends the session at the provider, or None."""
        with self._lock:
            user, record["user"] = record["user"], None
            if user is None or not self.meta.get("end_session_endpoint"):
                return None
            record["logout"] = state = generate_token(24)
        query = urllib.parse.urlencode({"id_token_hint": user["id_token"],
                                        "post_logout_redirect_uri": self.post_logout_redirect_uri,
                                        "client_id": self.client_id, "state": state})
        return self.meta["end_session_endpoint"] + "?" + query

    def logged_out(self, record, state):
        with self._lock:
            done = state is not None and record["logout"] == state
            if done:
                record["logout"] = None
            return done


# --- pages ----------------------------------------------------------------------------------

def page(title, body):
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{html.escape(title)}</title><link rel="stylesheet" href="/style.css">'
            f"</head><body><main>{body}</main></body></html>")


def value_text(value):
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def table(element_id, caption, prefix, values):
    rows = "".join(
        f'<tr><th scope="row">{html.escape(name)}</th>'
        f'<td id="{html.escape(prefix + name, quote=True)}">{html.escape(value_text(value))}</td>'
        f"</tr>" for name, value in sorted(values.items()))
    return f'<table id="{element_id}"><caption>{html.escape(caption)}</caption>{rows}</table>'


SIGN_IN = '<p><a id="sign-in" class="button" href="/login">Sign in with Tessera</a></p>'
SIGN_OUT = ('<form method="post" action="/logout"><button id="sign-out" class="button" '
            'type="submit">Sign out</button></form>')


def signed_in_page(user):
    claims = user["claims"]
    who = claims.get("name") or claims.get("preferred_username") or claims["sub"]
    body = (f'<h1>Signed in as <span id="who">{html.escape(value_text(who))}</span></h1>'
            + table("claims", "ID token claims", "claim-", claims))
    if user.get("userinfo"):
        body += table("userinfo", "From /userinfo", "userinfo-", user["userinfo"])
    return page("Signed in · Example app", body + SIGN_OUT + SIGN_IN)


def make_handler(rp, own_origin, quiet):
    secure_cookie = own_origin.startswith("https://")
    csp = ("default-src 'none'; style-src 'self'; img-src 'self'; "
           f"form-action 'self' {origin_of(rp.issuer)}; frame-ancestors 'none'; "
           "base-uri 'none'")

    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "oidc-relying-party"

        def cookie(self):
            for part in (self.headers.get("Cookie") or "").split(";"):
                name, _, value = part.strip().partition("=")
                if name == COOKIE:
                    return value
            return None

        def record(self):
            cookie, record = rp.browser(self.cookie())
            self._set_cookie = cookie != self.cookie()
            self._cookie_value = cookie
            return record

        def answer(self, status, body=b"", content_type="text/html; charset=utf-8",
                   location=None):
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            if getattr(self, "_set_cookie", False):
                # Lax: the callback is a navigation from the provider's site and must carry it.
                self.send_header("Set-Cookie", f"{COOKIE}={self._cookie_value}; Path=/; HttpOnly; "
                                 f"SameSite=Lax{'; Secure' if secure_cookie else ''}")
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Security-Policy", csp)
            self.send_header("X-Frame-Options", "DENY")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")  # codes stay out of Referer
            self.end_headers()
            self.wfile.write(body)

        def html_page(self, status, text):
            self.answer(status, text.encode())

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            params = dict(urllib.parse.parse_qsl(url.query))
            if url.path == "/style.css":
                return self.answer(200, STYLE, "text/css; charset=utf-8")
            if url.path == "/":
                record = self.record()
                if record["user"] is not None:
                    return self.html_page(200, signed_in_page(record["user"]))
                note = ""
                if rp.logged_out(record, params.get("state")):
                    note = '<p id="signed-out">You are signed out, here and at Tessera.</p>'
                return self.html_page(200, page("Example app", "<h1>Example app</h1>" + note
                                                + SIGN_IN))
            if url.path == "/login":
                record = self.record()
                return self.answer(303, location=rp.start(record, params.get("prompt")))
            if url.path == urllib.parse.urlsplit(rp.redirect_uri).path:
                record = self.record()
                try:
                    user = rp.finish(record, params)
                except SignInError as error:
                    return self.html_page(400, page("Not signed in · Example app", (
                        f'<h1>Not signed in</h1><p id="error" class="error">'
                        f"{html.escape(str(error))}</p>{SIGN_IN}")))
                except Exception as error:  # noqa: BLE001 (the token request failed)
                    return self.html_page(502, page("Not signed in · Example app", (
                        f'<h1>Not signed in</h1><p id="error" class="error">The code exchange '
                        f"failed: {html.escape(str(error))}</p>{SIGN_IN}")))
                return self.html_page(200, signed_in_page(user))
            self.answer(404, b"Not found", "text/plain; charset=utf-8")

        def do_POST(self):
            url = urllib.parse.urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(min(length, 65536))
            if url.path != "/logout":
                return self.answer(404, b"Not found", "text/plain; charset=utf-8")
            # Only this app's own page may sign the user out (another site's form may not).
            site = self.headers.get("Sec-Fetch-Site")
            origin = self.headers.get("Origin")
            if (site is not None and site != "same-origin") or \
                    (site is None and origin != own_origin):
                return self.answer(403, b"Forbidden", "text/plain; charset=utf-8")
            record = self.record()
            target = rp.logout(record)
            self.answer(303, location=target or "/")

        def log_request(self, code="-", size="-"):
            # The path without its query: a callback's query holds the code.
            if not quiet:
                path = urllib.parse.urlsplit(self.path).path
                sys.stderr.write(f"{self.log_date_time_string()} {self.command} {path} {code}\n")

        def log_message(self, fmt, *args):
            if not quiet:
                sys.stderr.write("%s %s\n" % (self.log_date_time_string(), fmt % args))

    return Handler


def main():
    parser = argparse.ArgumentParser(description="An OpenID Connect relying party for tessera.")
    parser.add_argument("--issuer", required=True, help="the service's URL, e.g. "
                        "http://127.0.0.1:8000")
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--redirect-uri")
    parser.add_argument("--post-logout-redirect-uri")
    parser.add_argument("--scope", default="openid profile email")
    parser.add_argument("--id-token-alg", default="RS256")
    parser.add_argument("--quiet", action="store_true", help="no access log")
    args = parser.parse_args()

    issuer_host = urllib.parse.urlsplit(args.issuer).hostname or ""
    if not args.issuer.startswith("https://") and not is_loopback(issuer_host):
        parser.error("the issuer must be https:// (http only on loopback, for development)")
    own_origin = f"http://localhost:{args.port}"
    redirect_uri = args.redirect_uri or own_origin + "/callback"
    post_logout = args.post_logout_redirect_uri or own_origin + "/"
    if args.redirect_uri:
        own_origin = origin_of(args.redirect_uri)
    if args.id_token_alg == "none" or args.id_token_alg.startswith("HS"):
        parser.error("a public client verifies ID tokens with the provider's public keys: "
                     "choose an asymmetric algorithm")

    rp = RelyingParty(args.issuer, args.client_id, redirect_uri, post_logout, args.scope,
                      args.id_token_alg)
    server = http.server.ThreadingHTTPServer((args.host, args.port),
                                             make_handler(rp, own_origin, args.quiet))
    server.daemon_threads = True
    print(f"Example app on {own_origin}/ (client {args.client_id} of {rp.issuer})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
