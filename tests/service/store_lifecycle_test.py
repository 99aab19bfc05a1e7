"""What the store keeps and for how long: a revoked access token stays refused for as long as the
verifier would accept it (its exp plus the leeway), and what no token can need any more is pruned
from the store while the service runs."""

import os
import sqlite3
import sys
import time
import unittest

import jwt
import requests

sys.path.insert(0, os.path.dirname(__file__))
from harness import Service, bearer, wait_for  # noqa: E402

TTL = 10  # the shortest access-token lifetime the configuration allows
SYNC_ENV = {"TESSERA_ACCESS_TOKEN_TTL": str(TTL), "TESSERA_SYNC_INTERVAL": "1"}


class RevokedTokenThroughTheLeeway(unittest.TestCase):
    def setUp(self):
        self.service = Service(env=SYNC_ENV)

    def tearDown(self):
        self.service.stop()

    def status(self, token):
        return requests.get(self.service.url + "/secure-endpoint", headers=bearer(token),
                            timeout=5).status_code

    def test_revoked_token_is_refused_after_its_exp_while_the_verifier_still_accepts_it(self):
        revoked = self.service.login()["access_token"]
        kept = self.service.login()["access_token"]
        self.assertEqual(self.status(revoked), 200)
        # Revoked by the client it was issued to: the first-party client, public.
        r = requests.post(self.service.url + "/revoke",
                          data={"token": revoked, "client_id": "tessera"}, timeout=10)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(self.status(revoked), 401)

        # Past exp, inside the verifier's 30 s leeway, with several syncs since the exp.
        exp = max(jwt.decode(t, options={"verify_signature": False})["exp"]
                  for t in (revoked, kept))
        time.sleep(max(0.0, exp + 5 - time.time()))
        self.assertEqual(self.status(kept), 200,
                         "the verifier still accepts a token just past its exp (the leeway)")
        self.assertEqual(self.status(revoked), 401,
                         "so the revocation of such a token must still be in force")


class Pruning(unittest.TestCase):
    def setUp(self):
        self.service = Service(env=SYNC_ENV)
        self.database = os.path.join(self.service.data_dir, "tessera.db")

    def tearDown(self):
        self.service.stop()

    def rows(self, sql, *args):
        with sqlite3.connect(self.database, timeout=10) as db:
            return db.execute(sql, args).fetchall()

    def test_ended_sessions_and_expired_revocations_are_pruned_and_nothing_else(self):
        live = self.service.login()
        now = int(time.time())
        # A session that ended long before its last access token could have expired, with its
        # refresh token, and the revocation of a token that expired long ago: written as an
        # older instance (or an earlier run) would have left them.
        with sqlite3.connect(self.database, timeout=10) as db:
            db.execute("INSERT INTO sessions (id, username, client_id, scopes, kid, created_at, "
                       "expires_at) VALUES ('ended', 'test', 'c', '', 'k', ?, ?)",
                       (now - 7200, now - 3600))
            db.execute("INSERT INTO refresh_tokens (token_hash, session_id, issued_at) "
                       "VALUES ('rt-ended', 'ended', ?)", (now - 7200,))
            db.execute("INSERT INTO revoked_tokens (jti, expires_at) VALUES ('jti-old', ?)",
                       (now - 3600,))
            # A revocation still in force stays.
            db.execute("INSERT INTO revoked_tokens (jti, expires_at) VALUES ('jti-live', ?)",
                       (now + 600,))

        self.assertTrue(wait_for(lambda: not self.rows(
            "SELECT 1 FROM sessions WHERE id = 'ended'"), 10), "the ended session was not pruned")
        self.assertEqual(self.rows("SELECT 1 FROM refresh_tokens WHERE session_id = 'ended'"), [])
        self.assertEqual(self.rows("SELECT jti FROM revoked_tokens ORDER BY jti"), [("jti-live",)])
        # The event is logged just after the commit that made the rows go.
        self.assertTrue(wait_for(lambda: self.service.events("store_pruned"), 5))
        pruned = self.service.events("store_pruned")
        self.assertEqual([(e["sessions"], e["token_ids"]) for e in pruned], [("1", "1")])

        # The live session is untouched: its access token works and its refresh token renews it.
        self.assertEqual(requests.get(self.service.url + "/secure-endpoint",
                                      headers=bearer(live["access_token"]),
                                      timeout=5).status_code, 200)
        r = requests.post(self.service.url + "/refresh",
                          json={"refresh_token": live["refresh_token"]}, timeout=10)
        self.assertEqual(r.status_code, 200)


if __name__ == "__main__":
    unittest.main(verbosity=2)
