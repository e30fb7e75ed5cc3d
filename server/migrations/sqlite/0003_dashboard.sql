-- The coordinators' dashboard (issue 7).

-- What the dashboard filters and exports on, parsed once at ingest; reports
-- stored before this migration are filled from their current version below.
ALTER TABLE reports ADD COLUMN source_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN platform TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN position_class TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN agency TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN election_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN position TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN place TEXT NOT NULL DEFAULT '';
UPDATE reports SET
    source_kind = COALESCE(json_extract(v.body, '$.source.kind'), ''),
    platform = COALESCE(json_extract(v.body, '$.source.platform'), ''),
    position_class = COALESCE(json_extract(v.body, '$.terlapor.position_class'), ''),
    agency = COALESCE(json_extract(v.body, '$.terlapor.agency'), ''),
    election_kind = COALESCE(json_extract(v.body, '$.election.kind'), ''),
    position = COALESCE(json_extract(v.body, '$.terlapor.position'), ''),
    place = COALESCE(json_extract(v.body, '$.place.description'), '')
FROM report_versions v
WHERE v.report_id = reports.id AND v.revision = reports.revision;

-- The change sequence at the case's last write: each replica's in-memory
-- dashboard index catches up with `change_seq > cursor`. 0 for cases
-- written before this migration, which a fresh index (cursor -1) reads.
ALTER TABLE cases ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
-- A coordinator's corrections of the terlapor when reports disagree: a
-- JSON object (name, position, agency, place), '{}' when none.
ALTER TABLE cases ADD COLUMN canonical TEXT NOT NULL DEFAULT '{}';
CREATE INDEX cases_change_seq ON cases (change_seq);

-- One row: bumped inside every transaction that writes cases, so that the
-- row lock orders commits and sequence numbers alike.
CREATE TABLE change_counter (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
) STRICT;
INSERT INTO change_counter (id, seq) VALUES (1, 0);

-- A case's timeline. `details` holds codes and references only, never the
-- reporter's or the terlapor's personal data.
CREATE TABLE case_events (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES cases (id),
    at             INTEGER NOT NULL, -- unix ms
    actor_id       INTEGER,
    actor_username TEXT NOT NULL,
    action         TEXT NOT NULL,
    details        TEXT NOT NULL
) STRICT;
CREATE INDEX case_events_case ON case_events (case_id, id);

-- Where a case was forwarded (Bawaslu, BKN, SP4N-LAPOR!), with the
-- agency's reference number.
CREATE TABLE case_forwardings (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases (id),
    agency    TEXT NOT NULL,
    date      TEXT NOT NULL,
    reference TEXT NOT NULL,
    at        INTEGER NOT NULL
) STRICT;
CREATE INDEX case_forwardings_case ON case_forwardings (case_id);
