-- Reports as synced from devices. The client's UUID is the primary key, so a
-- replay or a concurrent double send can only ever be one row.
CREATE TABLE reports (
    id           TEXT PRIMARY KEY NOT NULL,
    revision     INTEGER NOT NULL,
    content_hash BLOB NOT NULL,
    -- The finding as JSON, without the reporter's identity.
    body         TEXT NOT NULL,
    province     TEXT NOT NULL,
    regency      TEXT NOT NULL,
    occurred_on  TEXT NOT NULL,
    known_on     TEXT NOT NULL,
    received_at  INTEGER NOT NULL, -- unix ms, first arrival
    updated_at   INTEGER NOT NULL  -- unix ms, latest revision
) STRICT;

CREATE INDEX reports_regency_occurred ON reports (regency, occurred_on);

-- Every revision ever accepted, the current one included.
CREATE TABLE report_versions (
    report_id    TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    revision     INTEGER NOT NULL,
    content_hash BLOB NOT NULL,
    body         TEXT NOT NULL,
    received_at  INTEGER NOT NULL,
    PRIMARY KEY (report_id, revision)
) STRICT;

-- The reporter's identity, kept apart from the finding so that reading
-- cases never touches it.
CREATE TABLE reporters (
    report_id  TEXT PRIMARY KEY NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    contact    TEXT NOT NULL,
    address    TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
