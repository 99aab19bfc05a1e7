-- OpenID Connect: the users' profile claims, the browser session cookie of /authorize, the
-- authorization codes, and the consents users gave to apps.
ALTER TABLE users ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN email_verified INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN browser_key TEXT;
CREATE UNIQUE INDEX sessions_by_browser_key ON sessions (browser_key);
-- The browser session an app's session was authorized from: ending the first ends the second.
ALTER TABLE sessions ADD COLUMN parent_session TEXT NOT NULL DEFAULT '';
CREATE INDEX sessions_by_parent ON sessions (parent_session);
CREATE TABLE authorization_codes (
  code_hash       TEXT PRIMARY KEY NOT NULL,
  client_id       TEXT NOT NULL,
  redirect_uri    TEXT NOT NULL,
  username        TEXT NOT NULL,
  browser_session TEXT NOT NULL,
  scopes          TEXT NOT NULL DEFAULT '',
  nonce           TEXT NOT NULL DEFAULT '',
  code_challenge  TEXT NOT NULL,
  auth_time       INTEGER NOT NULL,
  expires_at      INTEGER NOT NULL,
  redeemed_at     INTEGER,
  token_session   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX authorization_codes_by_expiry ON authorization_codes (expires_at);
CREATE TABLE consents (
  username   TEXT NOT NULL,
  client_id  TEXT NOT NULL,
  scopes     TEXT NOT NULL DEFAULT '',
  granted_at INTEGER NOT NULL,
  PRIMARY KEY (username, client_id)
);
