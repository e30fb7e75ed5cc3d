-- Same shape as the SQLite schema (see migrations/sqlite), in PostgreSQL types.
CREATE TABLE reports (
    id           TEXT PRIMARY KEY NOT NULL,
    revision     BIGINT NOT NULL,
    content_hash BYTEA NOT NULL,
    body         TEXT NOT NULL,
    province     TEXT NOT NULL,
    regency      TEXT NOT NULL,
    occurred_on  TEXT NOT NULL,
    known_on     TEXT NOT NULL,
    received_at  BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

CREATE INDEX reports_regency_occurred ON reports (regency, occurred_on);

CREATE TABLE report_versions (
    report_id    TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    revision     BIGINT NOT NULL,
    content_hash BYTEA NOT NULL,
    body         TEXT NOT NULL,
    received_at  BIGINT NOT NULL,
    PRIMARY KEY (report_id, revision)
);

CREATE TABLE reporters (
    report_id  TEXT PRIMARY KEY NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    contact    TEXT NOT NULL,
    address    TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
