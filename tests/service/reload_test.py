"""A reload without downtime (SIGHUP, `systemctl reload tessera`): a renewed certificate under
load, the clients and the live settings, what waits for a restart, a reload that fails, and the
notices to systemd (sd_notify)."""

import base64
import hashlib
import http.client
import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Service, temporary_directory, wait_for  # noqa: E402


def make_certificate(directory, name):
    """A self-signed P-256 certificate for 127.0.0.1 named `name`: (cert file, key file)."""
    cert = os.path.join(directory, f"{name}-cert.pem")
    key = os.path.join(directory, f"{name}-key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert, "-days",
                    "1", "-subj", f"/CN=127.0.0.1 {name}"], capture_output=True, check=True)
    return cert, key


def replace_file(source, target):
    """What certbot's deploy step amounts to: the new file takes the old name at once."""
    staged = target + ".new"
    with open(source, "rb") as f, open(staged, "wb") as out:
        out.write(f.read())
    os.replace(staged, target)


def fingerprint_of_pem(path):
    with open(path) as f:
        return hashlib.sha256(ssl.PEM_cert_to_DER_cert(f.read())).hexdigest()


def trusting(*cert_files):
    """A client context that trusts each of `cert_files` (the chain is verified, the name is not:
    the certificates name 127.0.0.1 in their CN alone)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    for cert in cert_files:
        context.load_verify_locations(cafile=cert)
    return context


def served_fingerprint(port, context):
    """The SHA-256 of the certificate a new connection is given."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        with context.wrap_socket(raw) as tls:
            return hashlib.sha256(tls.getpeercert(binary_form=True)).hexdigest()


def reloaded(service, count):
    """Waits until the service has finished `count` reloads, good or failed."""
    return wait_for(lambda: len(service.events("reloaded")) + len(service.events("reload_failed"))
                    >= count)


class CertificateRenewal(unittest.TestCase):
    @staticmethod
    def _serve_with_two_certificates():
        """A service over TLS with a first certificate in cert.pem and key.pem, and a second one
        beside them: (service, live files, first, second)."""
        directory = temporary_directory("tessera-reload-")
        first = make_certificate(directory, "first")
        second = make_certificate(directory, "second")
        live = (os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem"))
        replace_file(first[0], live[0])
        replace_file(first[1], live[1])
        return Service(home=directory, tls=live), live, first, second

    def test_a_renewed_certificate_applies_under_load_and_no_request_fails(self):
        service, live, first, second = self._serve_with_two_certificates()
        context = trusting(first[0], second[0])
        try:
            token = json.loads(self._request(service.port, context, "POST", "/login", json.dumps(
                {"username": "test", "password": "password"}))[1])["access_token"]
            self.assertEqual(served_fingerprint(service.port, context),
                             fingerprint_of_pem(first[0]))

            stop = threading.Event()
            results = {"ok": 0, "failed": []}
            lock = threading.Lock()
            # Per kept connection: the socket it used and the certificate it saw, at each answer.
            kept_sightings = [set(), set()]

            def record(outcome):
                with lock:
                    if outcome is None:
                        results["ok"] += 1
                    else:
                        results["failed"].append(outcome)

            def new_connection_each_time():
                while not stop.is_set():
                    try:
                        status, _ = self._request(service.port, context, "GET",
                                                  "/secure-endpoint", token=token)
                        record(None if status == 200 else f"status {status}")
                    except (OSError, http.client.HTTPException) as e:
                        record(f"new connection: {e!r}")

            def one_kept_connection(sightings):
                # Opened before the reload, used throughout: it keeps the certificate it began
                # with and is never dropped (http.client would open another socket silently: the
                # socket is recorded too).
                connection = http.client.HTTPSConnection("127.0.0.1", service.port, timeout=10,
                                                         context=context)
                try:
                    while not stop.is_set():
                        try:
                            connection.request("GET", "/secure-endpoint",
                                               headers={"Authorization": f"Bearer {token}"})
                            answer = connection.getresponse()
                            answer.read()
                            record(None if answer.status == 200 else f"status {answer.status}")
                            sightings.add((id(connection.sock), hashlib.sha256(
                                connection.sock.getpeercert(binary_form=True)).hexdigest()))
                        except (OSError, http.client.HTTPException) as e:
                            record(f"kept connection: {e!r}")
                            return
                finally:
                    connection.close()

            workers = [threading.Thread(target=new_connection_each_time) for _ in range(3)]
            workers += [threading.Thread(target=one_kept_connection, args=(sightings,))
                        for sightings in kept_sightings]
            for worker in workers:
                worker.start()

            def answered(count):
                """Waits (bounded) until `count` requests have been answered in all."""
                return wait_for(lambda: results["ok"] >= count, timeout=60)

            self.assertTrue(answered(200), results)
            with lock:
                before = results["ok"]
            replace_file(second[0], live[0])
            replace_file(second[1], live[1])
            service.process.send_signal(signal.SIGHUP)
            self.assertTrue(reloaded(service, 1), service.read_log()[-2000:])
            renewed = served_fingerprint(service.port, context)
            self.assertTrue(answered(before + 200), results)
            stop.set()
            for worker in workers:
                worker.join(timeout=20)

            print(f"renewal under load: {results['ok']} requests ({before} before the reload), "
                  f"{len(results['failed'])} failed", file=sys.stderr)
            self.assertEqual(service.events("reload_failed"), [])
            self.assertEqual(len(service.events("tls_reloaded")), 1)
            self.assertEqual(renewed, fingerprint_of_pem(second[0]))
            self.assertEqual(results["failed"], [])
            # Each kept connection answered throughout on one socket, with the first certificate.
            for sightings in kept_sightings:
                self.assertEqual(len(sightings), 1, sightings)
                self.assertEqual(next(iter(sightings))[1], fingerprint_of_pem(first[0]))
        finally:
            self.assertEqual(service.stop(), 0)

    def test_a_broken_certificate_changes_nothing(self):
        service, live, first, other = self._serve_with_two_certificates()
        context = trusting(first[0])
        try:
            # A certificate whose key is another's, then a certificate file that is not one.
            replace_file(other[0], live[0])
            service.process.send_signal(signal.SIGHUP)
            self.assertTrue(reloaded(service, 1))
            with open(live[0], "w") as f:
                f.write("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
            service.process.send_signal(signal.SIGHUP)
            self.assertTrue(reloaded(service, 2))
            failures = service.events("reload_failed")
            self.assertEqual([f["error"] for f in failures], ["tls_files_unreadable"] * 2)
            self.assertEqual(service.events("reloaded"), [])
            self.assertEqual(served_fingerprint(service.port, context),
                             fingerprint_of_pem(first[0]))
            self.assertEqual(self._request(service.port, context, "GET", "/healthz")[0], 200)
        finally:
            self.assertEqual(service.stop(), 0)

    @staticmethod
    def _request(port, context, method, path, body=None, token=None):
        connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=10, context=context)
        try:
            headers = {"Content-Type": "application/json"} if body is not None else {}
            if token is not None:
                headers["Authorization"] = f"Bearer {token}"
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            return answer.status, answer.read()
        finally:
            connection.close()


def client_entry(client_id, secret):
    digest = base64.urlsafe_b64encode(hashlib.sha256(secret.encode()).digest()).rstrip(b"=")
    return (f'[[clients]]\nid = "{client_id}"\nsecret_hash = "$sha256${digest.decode()}"\n'
            'grants = ["client_credentials"]\nscopes = ["reports:read"]\n')


def client_token(port, client_id, secret):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
        connection.request("POST", "/token", body="grant_type=client_credentials",
                           headers={"Content-Type": "application/x-www-form-urlencoded",
                                    "Authorization": f"Basic {basic}"})
        answer = connection.getresponse()
        return answer.status, json.loads(answer.read())
    finally:
        connection.close()


def preflight_allows(port, origin):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("OPTIONS", "/token", headers={
            "Origin": origin, "Access-Control-Request-Method": "POST"})
        answer = connection.getresponse()
        answer.read()
        return answer.getheader("Access-Control-Allow-Origin") == origin
    finally:
        connection.close()


class LiveSettings(unittest.TestCase):
    def test_clients_and_live_settings_apply_and_the_rest_waits_for_a_restart(self):
        service = Service(config=client_entry("reporting", "first-secret-0123456789abcdef"))
        try:
            status, body = client_token(service.port, "reporting", "first-secret-0123456789abcdef")
            self.assertEqual(status, 200, body)
            self.assertFalse(preflight_allows(service.port, "https://app.example"))
            self.assertTrue(wait_for(lambda: service.events("access")))

            with open(service.config_path, "w") as f:
                f.write('audience = "elsewhere"\n'
                        '[cors]\nallowed_origins = ["https://app.example"]\n'
                        '[log]\naccess = false\n'
                        + client_entry("billing", "second-secret-0123456789abcdef"))
            service.process.send_signal(signal.SIGHUP)
            self.assertTrue(reloaded(service, 1), service.read_log()[-2000:])
            [done] = service.events("reloaded")
            self.assertEqual(sorted(done["applied"].split()),
                             ["clients", "cors.allowed_origins", "log.access"])
            self.assertEqual(done["restart_required"], "audience")
            [kept] = service.events("restart_required")
            self.assertEqual(kept["key"], "audience")

            # The new client works, the removed one is gone, CORS follows the new list.
            status, body = client_token(service.port, "billing", "second-secret-0123456789abcdef")
            self.assertEqual(status, 200, body)
            status, body = client_token(service.port, "reporting",
                                        "first-secret-0123456789abcdef")
            self.assertEqual((status, body["error"]), (401, "invalid_client"))
            self.assertTrue(preflight_allows(service.port, "https://app.example"))
            # The audience waits for a restart.
            token = body_of_token(client_token(service.port, "billing",
                                               "second-secret-0123456789abcdef"))
            self.assertEqual(token["aud"], "tessera")
            # And the access log is off from the reload on: a request, then a failed client
            # authentication (an audit event, always written) after it; by then the request's
            # access line would have been written.
            lines = len(service.events("access"))
            client_token(service.port, "billing", "second-secret-0123456789abcdef")
            client_token(service.port, "billing", "a-wrong-secret")
            self.assertTrue(wait_for(lambda: service.events("client_authentication_failed")))
            time.sleep(0.2)
            self.assertEqual(len(service.events("access")), lines)
        finally:
            self.assertEqual(service.stop(), 0)

    def test_a_configuration_that_does_not_read_changes_nothing(self):
        service = Service(config=client_entry("reporting", "first-secret-0123456789abcdef"))
        try:
            with open(service.config_path, "w") as f:
                f.write(client_entry("billing", "second-secret-0123456789abcdef")
                        + 'unknown_key = 1\n')
            service.process.send_signal(signal.SIGHUP)
            self.assertTrue(reloaded(service, 1))
            [failed] = service.events("reload_failed")
            self.assertEqual(failed["error"], "invalid_configuration")
            self.assertIn("unknown_key", failed["detail"])
            self.assertEqual(client_token(service.port, "reporting",
                                          "first-secret-0123456789abcdef")[0], 200)
            self.assertEqual(client_token(service.port, "billing",
                                          "second-secret-0123456789abcdef")[0], 401)
        finally:
            self.assertEqual(service.stop(), 0)


def body_of_token(answer):
    status, body = answer
    assert status == 200, body
    payload = body["access_token"].split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


class ClientsChangedUnderSignIns(unittest.TestCase):
    """Sign-ins in flight while reloads replace the client list: a request keeps the client it
    was read with (run under ASan and TSan too, label `service`)."""

    def test_sign_ins_in_flight_while_reloads_swap_the_clients(self):
        import oidc_test  # its browser and authorization requests; authlib, requests

        service = Service(config=oidc_test.PUBLIC_ENTRY + oidc_test.OTHER_ENTRY)
        try:
            added = service.cli("user", "add", "ann", "--password-stdin",
                                stdin="ann-password-0123\n")
            self.assertEqual(added.returncode, 0, added.stderr)
            browser = oidc_test.Browser(service)
            self.assertEqual(browser.sign_in("ann", "ann-password-0123").status, 303)

            stop = threading.Event()
            outcomes = []

            def ask_to_sign_in():
                while not stop.is_set():
                    query = urllib.parse.urlencode(oidc_test.pkce_params())
                    try:
                        answer = browser.copy().get("/authorize?" + query, site="cross-site")
                    except (OSError, http.client.HTTPException) as e:
                        outcomes.append(repr(e))  # a dropped request is a failure, not silence
                        return
                    # The consent page (rp-public asks), never an error.
                    outcomes.append(answer.status)

            workers = [threading.Thread(target=ask_to_sign_in) for _ in range(3)]
            for worker in workers:
                worker.start()
            reloads = 20
            try:
                for i in range(reloads):
                    entries = oidc_test.PUBLIC_ENTRY + (oidc_test.OTHER_ENTRY if i % 2 else "")
                    with open(service.config_path, "w") as f:
                        f.write(entries)
                    service.process.send_signal(signal.SIGHUP)
                    self.assertTrue(reloaded(service, i + 1), service.read_log()[-2000:])
            finally:
                stop.set()
                for worker in workers:
                    worker.join(timeout=30)
            self.assertEqual(service.events("reload_failed"), [])
            self.assertEqual(len(service.events("reloaded")), reloads)
            self.assertGreater(len(outcomes), reloads)
            self.assertEqual(set(outcomes), {200})
        finally:
            self.assertEqual(service.stop(), 0, service.read_log()[-3000:])


class ServiceManagerNotices(unittest.TestCase):
    def test_ready_reloading_and_stopping_are_told_to_systemd(self):
        directory = temporary_directory("tessera-notify-")
        path = os.path.join(directory, "notify.sock")
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as manager:
            manager.bind(path)
            manager.settimeout(10)
            service = Service(env={"NOTIFY_SOCKET": path})
            try:
                ready = manager.recv(4096).decode()
                self.assertIn("READY=1", ready.splitlines())
                self.assertIn(f"STATUS=listening on 127.0.0.1:{service.port}", ready.splitlines())
                service.process.send_signal(signal.SIGHUP)
                self.assertIn("RELOADING=1", manager.recv(4096).decode().splitlines())
                self.assertIn("READY=1", manager.recv(4096).decode().splitlines())
            finally:
                self.assertEqual(service.stop(), 0)
            self.assertIn("STOPPING=1", manager.recv(4096).decode().splitlines())


if __name__ == "__main__":
    unittest.main()
