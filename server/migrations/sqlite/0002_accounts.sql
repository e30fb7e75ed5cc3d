-- Accounts and roles (issue 6). Secrets (session and device tokens, invite
-- codes) are stored only as SHA-256 hashes: a copy of the database does not
-- let anyone sign in or join. Passwords are argon2id PHC strings.

CREATE TABLE organisations (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
) STRICT;

-- Admins and coordinators. `scopes`: region codes (`35`, `35.78`),
-- comma-separated; empty for an admin.
CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE,
    password_hash   TEXT NOT NULL,
    role            TEXT NOT NULL,
    organisation_id INTEGER REFERENCES organisations (id),
    scopes          TEXT NOT NULL DEFAULT '',
    failed_logins   INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER NOT NULL DEFAULT 0, -- unix ms
    disabled_at     INTEGER, -- set: cannot sign in
    created_at      INTEGER NOT NULL
) STRICT;

CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE invites (
    id              INTEGER PRIMARY KEY,
    code_hash       BLOB NOT NULL UNIQUE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    scopes          TEXT NOT NULL,
    created_by      INTEGER REFERENCES users (id), -- NULL: the command line
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    max_uses        INTEGER NOT NULL,
    uses            INTEGER NOT NULL DEFAULT 0,
    revoked_at      INTEGER
) STRICT;

-- Volunteers' phones. The pseudonym is what coordinators see instead of
-- the reporter's identity.
CREATE TABLE devices (
    id              INTEGER PRIMARY KEY,
    token_hash      BLOB NOT NULL UNIQUE,
    pseudonym       TEXT NOT NULL UNIQUE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    scopes          TEXT NOT NULL,
    invite_id       INTEGER REFERENCES invites (id),
    created_at      INTEGER NOT NULL,
    last_seen       INTEGER NOT NULL,
    revoked_at      INTEGER
) STRICT;

-- The device that first sent a report (NULL for reports from before
-- accounts, or imported).
ALTER TABLE reports ADD COLUMN device_id INTEGER REFERENCES devices (id);
CREATE INDEX reports_device ON reports (device_id);

-- What coordinators and admins changed or opened. `details` is small JSON
-- without personal data (ids and codes only).
CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY,
    at             INTEGER NOT NULL,
    actor_id       INTEGER,
    actor_username TEXT NOT NULL,
    action         TEXT NOT NULL,
    target         TEXT NOT NULL,
    details        TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_at ON audit_log (at);
