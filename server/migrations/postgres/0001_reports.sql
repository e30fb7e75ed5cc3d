-- Same shape as the SQLite schema (see migrations/sqlite), in PostgreSQL types.
CREATE TABLE cases (
    id          BIGINT PRIMARY KEY,
    status      TEXT NOT NULL DEFAULT 'baru',
    merged_into BIGINT REFERENCES cases (id),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE reports (
    id           TEXT PRIMARY KEY NOT NULL,
    revision     BIGINT NOT NULL,
    content_hash BYTEA NOT NULL,
    province     TEXT NOT NULL,
    regency      TEXT NOT NULL,
    occurred_on  TEXT NOT NULL,
    known_on     TEXT NOT NULL,
    received_at  BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    terlapor_name TEXT NOT NULL,
    name_norm    TEXT NOT NULL,
    nip          TEXT,
    violations   TEXT NOT NULL,
    case_id      BIGINT NOT NULL REFERENCES cases (id),
    case_reason  TEXT,
    case_matched TEXT,
    case_manual  BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX reports_regency_occurred ON reports (regency, occurred_on);
CREATE INDEX reports_case ON reports (case_id);

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

CREATE TABLE report_keys (
    key       TEXT NOT NULL,
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    PRIMARY KEY (key, report_id)
);
CREATE INDEX report_keys_report ON report_keys (report_id);

CREATE TABLE case_separations (
    case_a BIGINT NOT NULL REFERENCES cases (id),
    case_b BIGINT NOT NULL REFERENCES cases (id),
    PRIMARY KEY (case_a, case_b)
);
