ALTER TABLE users ADD COLUMN not_before BIGINT NOT NULL DEFAULT 0;
CREATE TABLE sessions (
  id         TEXT PRIMARY KEY NOT NULL,
  username   TEXT NOT NULL,
  client_id  TEXT NOT NULL,
  scopes     TEXT NOT NULL DEFAULT '',
  kid        TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX sessions_by_user ON sessions (username);
CREATE INDEX sessions_by_kid ON sessions (kid);
CREATE INDEX sessions_by_revocation ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;
CREATE TABLE refresh_tokens (
  token_hash TEXT PRIMARY KEY NOT NULL,
  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  issued_at  BIGINT NOT NULL,
  spent_at   BIGINT
);
CREATE TABLE revoked_tokens (
  jti        TEXT PRIMARY KEY NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE TABLE signing_keys (
  kid           TEXT PRIMARY KEY NOT NULL,
  alg           TEXT NOT NULL,
  encrypted_pem TEXT NOT NULL,
  state         TEXT NOT NULL,
  created_at    BIGINT NOT NULL,
  activate_at   BIGINT NOT NULL,
  retired_at    BIGINT
);
