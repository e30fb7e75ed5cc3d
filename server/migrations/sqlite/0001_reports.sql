-- Cases: the reports about one incident. A merged case keeps its row and
-- points at the case it was merged into, so old links still resolve.
CREATE TABLE cases (
    id          INTEGER PRIMARY KEY,
    status      TEXT NOT NULL DEFAULT 'baru',
    merged_into INTEGER REFERENCES cases (id),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;

-- Tables keyed by text (UUIDs, keys) are WITHOUT ROWID: one B-tree per
-- table instead of a rowid table plus a primary-key index, which halves the
-- writes per row on the ingest path.

-- Reports as synced from devices. The client's UUID is the primary key, so a
-- replay or a concurrent double send can only ever be one row.
CREATE TABLE reports (
    id           TEXT PRIMARY KEY NOT NULL,
    revision     INTEGER NOT NULL,
    content_hash BLOB NOT NULL,
    -- The finding itself is in report_versions at (id, revision): stored
    -- once, not copied here.
    province     TEXT NOT NULL,
    regency      TEXT NOT NULL,
    occurred_on  TEXT NOT NULL,
    known_on     TEXT NOT NULL,
    received_at  INTEGER NOT NULL, -- unix ms, first arrival
    updated_at   INTEGER NOT NULL, -- unix ms, latest revision
    -- What grouping and case summaries read, parsed once at ingest.
    terlapor_name TEXT NOT NULL,   -- as written
    name_norm    TEXT NOT NULL,    -- normalised for matching
    nip          TEXT,
    violations   TEXT NOT NULL,    -- codes, comma-separated
    -- The case it belongs to and why (the match kind, and the report it
    -- matched); NULL reason for the report that opened the case.
    case_id      INTEGER NOT NULL REFERENCES cases (id),
    case_reason  TEXT,
    case_matched TEXT,
    case_manual  INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

CREATE INDEX reports_regency_occurred ON reports (regency, occurred_on);
CREATE INDEX reports_case ON reports (case_id);

-- Every revision ever accepted, the current one included. `body` is the
-- finding as JSON, without the reporter's identity.
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
) STRICT, WITHOUT ROWID;

-- Every match key of every report (see shared/src/match_keys.rs): grouping
-- looks a new report's keys up here, an indexed lookup whatever the size.
CREATE TABLE report_keys (
    key       TEXT NOT NULL,
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    PRIMARY KEY (key, report_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX report_keys_report ON report_keys (report_id);

-- Pairs of cases a coordinator split apart: automatic grouping never joins
-- them again. Stored with case_a < case_b.
CREATE TABLE case_separations (
    case_a INTEGER NOT NULL REFERENCES cases (id),
    case_b INTEGER NOT NULL REFERENCES cases (id),
    PRIMARY KEY (case_a, case_b)
) STRICT, WITHOUT ROWID;
