CREATE TABLE users (
  username      TEXT PRIMARY KEY NOT NULL,
  password_hash TEXT NOT NULL,
  scopes        TEXT NOT NULL DEFAULT '',
  disabled      BOOLEAN NOT NULL DEFAULT FALSE,
  dev_only      BOOLEAN NOT NULL DEFAULT FALSE,
  created_at    BIGINT NOT NULL
);
