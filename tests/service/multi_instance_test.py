"""Two `tessera serve` instances behind one PostgreSQL server (started here, thrown away after),
sharing one data directory: tokens, keys, logout and refresh races cross instances, and the
database can go away and come back."""

import json
import os
import shutil
import subprocess
import sys
import threading
import time
import unittest

import requests

sys.path.insert(0, os.path.dirname(__file__))
from harness import Service, bearer, temporary_directory  # noqa: E402

SCRIPTS = os.environ["TESSERA_SCRIPTS"]
REVOCATION_BOUND = 5.0  # seconds, as docs/SERVICE.md promises


def pg(*args):
    return subprocess.run(["bash", os.path.join(SCRIPTS, "pg_test_server.sh"), *args],
                          capture_output=True, text=True, check=True, timeout=120).stdout.strip()


def pg_ctl(directory, action):
    binary = sorted(d for d in os.listdir("/usr/lib/postgresql"))[-1]
    ctl = f"/usr/lib/postgresql/{binary}/bin/pg_ctl"
    cmd = [ctl, "-D", os.path.join(directory, "data"), "-w", "-t", "60", "-m", "fast", action]
    if action == "start":
        port = open(os.path.join(directory, "port")).read().strip() if os.path.exists(
            os.path.join(directory, "port")) else None
        cmd += ["-l", os.path.join(directory, "server.log")]
        if port:
            cmd += ["-o", f"-p {port} -k {directory} -c listen_addresses=127.0.0.1"]
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--"] + cmd
    subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=120)


class TwoInstances(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        out = pg("start")
        cls.pg_dir, cls.database_url = out.split(" ", 1)
        with open(os.path.join(cls.pg_dir, "port"), "w") as f:
            f.write(cls.database_url.rsplit(":", 1)[1].split("/")[0])
        cls.shared = temporary_directory("tessera-multi-")
        env = {"TESSERA_DATABASE_URL": cls.database_url,
               "TESSERA_PUBLIC_URL": "http://auth.test",
               "TESSERA_SYNC_INTERVAL": "1"}
        # Both start at once: one creates the first key and the dev user, the other uses them.
        results = {}

        def start(name):
            results[name] = Service(home=cls.shared, env=env)

        threads = [threading.Thread(target=start, args=(n,)) for n in ("a", "b")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        cls.a, cls.b = results["a"], results["b"]

    @classmethod
    def tearDownClass(cls):
        cls.a.stop()
        cls.b.stop()
        pg("stop", cls.pg_dir)
        shutil.rmtree(cls.shared, ignore_errors=True)

    def test_every_log_line_is_json(self):
        # PostgreSQL's notices (from the migrations' IF NOT EXISTS) must not reach the log raw.
        for service in (self.a, self.b):
            for line in service.read_log().splitlines():
                with self.subTest(line=line):
                    self.assertIsInstance(json.loads(line), dict)

    def test_token_from_a_accepted_by_b_and_same_jwks(self):
        token = self.a.login()["access_token"]
        r = requests.get(self.b.url + "/secure-endpoint", headers=bearer(token), timeout=5)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(requests.get(self.a.url + "/.well-known/jwks.json", timeout=5).json(),
                         requests.get(self.b.url + "/.well-known/jwks.json", timeout=5).json())

    def test_user_added_through_one_logs_in_at_the_other(self):
        add = self.a.cli("user", "add", "carol", "--password-stdin", stdin="carol's password\n")
        self.assertEqual(add.returncode, 0, add.stderr)
        self.assertEqual(self.b.login("carol", "carol's password")["token_type"], "bearer")

    def test_logout_at_a_refused_at_b_within_the_bound(self):
        pair = self.a.login()
        self.assertEqual(requests.get(self.b.url + "/secure-endpoint",
                                      headers=bearer(pair["access_token"]), timeout=5).status_code,
                         200)
        requests.post(self.a.url + "/logout", headers=bearer(pair["access_token"]), timeout=10)
        started = time.time()
        while time.time() - started < REVOCATION_BOUND:
            r = requests.get(self.b.url + "/secure-endpoint", headers=bearer(pair["access_token"]),
                             timeout=5)
            if r.status_code == 401:
                break
            time.sleep(0.1)
        self.assertEqual(r.status_code, 401)

    def test_concurrent_refresh_race_across_instances(self):
        pair = self.a.login()
        answers = {}

        def refresh(name, service):
            answers[name] = requests.post(service.url + "/refresh",
                                          json={"refresh_token": pair["refresh_token"]}, timeout=10)

        threads = [threading.Thread(target=refresh, args=(n, s))
                   for n, s in (("a", self.a), ("b", self.b))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        # Within the grace window both succeed, each with a valid pair of the same session.
        self.assertEqual([answers["a"].status_code, answers["b"].status_code], [200, 200])
        for name, service in (("a", self.a), ("b", self.b)):
            token = answers[name].json()["access_token"]
            r = requests.get(service.url + "/secure-endpoint", headers=bearer(token), timeout=5)
            self.assertEqual(r.status_code, 200)
        time.sleep(3.1)
        # After it, the reuse revokes the session everywhere.
        stolen = requests.post(self.b.url + "/refresh", json={"refresh_token": pair["refresh_token"]},
                               timeout=10)
        self.assertEqual(stolen.status_code, 401)
        token = answers["a"].json()["access_token"]
        started = time.time()
        while time.time() - started < REVOCATION_BOUND:
            r = requests.get(self.a.url + "/secure-endpoint", headers=bearer(token), timeout=5)
            if r.status_code == 401:
                break
            time.sleep(0.1)
        self.assertEqual(r.status_code, 401)

    def test_database_outage(self):
        token = self.a.login()["access_token"]
        pg_ctl(self.pg_dir, "stop")
        try:
            # Verification needs no database.
            r = requests.get(self.a.url + "/secure-endpoint", headers=bearer(token), timeout=5)
            self.assertEqual(r.status_code, 200)
            # Login answers 503 with a JSON detail.
            r = requests.post(self.a.url + "/login",
                              json={"username": "test", "password": "password"}, timeout=20)
            self.assertEqual(r.status_code, 503)
            self.assertIn("detail", r.json())
            self.assertEqual(requests.get(self.a.url + "/readyz", timeout=5).status_code, 503)
        finally:
            pg_ctl(self.pg_dir, "start")
        # Reconnected: logins work again.
        deadline = time.time() + 15
        while time.time() < deadline:
            r = requests.post(self.a.url + "/login",
                              json={"username": "test", "password": "password"}, timeout=20)
            if r.status_code == 200:
                break
            time.sleep(0.3)
        self.assertEqual(r.status_code, 200)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    sys.exit(0 if result.wasSuccessful() and result.testsRun > 0 else 1)
