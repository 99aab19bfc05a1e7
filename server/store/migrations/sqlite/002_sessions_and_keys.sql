ALTER TABLE users ADD COLUMN not_before INTEGER NOT NULL DEFAULT 0;
CREATE TABLE sessions (
  id         TEXT PRIMARY KEY NOT NULL,
  username   TEXT NOT NULL,
  client_id  TEXT NOT NULL,
  scopes     TEXT NOT NULL DEFAULT '',
  kid        TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX sessions_by_user ON sessions (username);
CREATE INDEX sessions_by_kid ON sessions (kid);
CREATE TABLE refresh_tokens (
  token_hash TEXT PRIMARY KEY NOT NULL,
  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  issued_at  INTEGER NOT NULL,
  spent_at   INTEGER
);
CREATE TABLE revoked_tokens (
  jti        TEXT PRIMARY KEY NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE signing_keys (
  kid           TEXT PRIMARY KEY NOT NULL,
  alg           TEXT NOT NULL,
  encrypted_pem TEXT NOT NULL,
  state         TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  activate_at   INTEGER NOT NULL,
  retired_at    INTEGER
);
