-- What the periodic reads and the pruning look up; without them each is a full scan.
-- (PostgreSQL's 002 already made sessions_by_revocation.)
CREATE INDEX IF NOT EXISTS sessions_by_revocation ON sessions (revoked_at)
  WHERE revoked_at IS NOT NULL;
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
CREATE INDEX refresh_tokens_by_session ON refresh_tokens (session_id);
CREATE INDEX revoked_tokens_by_expiry ON revoked_tokens (expires_at);
