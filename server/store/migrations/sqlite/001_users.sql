CREATE TABLE users (
  username      TEXT PRIMARY KEY NOT NULL,
  password_hash TEXT NOT NULL,
  scopes        TEXT NOT NULL DEFAULT '',
  disabled      INTEGER NOT NULL DEFAULT 0,
  dev_only      INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
);
