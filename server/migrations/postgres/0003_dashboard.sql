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
    source_kind = COALESCE(v.body::jsonb #>> '{source,kind}', ''),
    platform = COALESCE(v.body::jsonb #>> '{source,platform}', ''),
    position_class = COALESCE(v.body::jsonb #>> '{terlapor,position_class}', ''),
    agency = COALESCE(v.body::jsonb #>> '{terlapor,agency}', ''),
    election_kind = COALESCE(v.body::jsonb #>> '{election,kind}', ''),
    position = COALESCE(v.body::jsonb #>> '{terlapor,position}', ''),
    place = COALESCE(v.body::jsonb #>> '{place,description}', '')
FROM report_versions v
WHERE v.report_id = reports.id AND v.revision = reports.revision;

-- The change sequence at the case's last write: each replica's in-memory
-- dashboard index catches up with `change_seq > cursor`. 0 for cases
-- written before this migration, which a fresh index (cursor -1) reads.
ALTER TABLE cases ADD COLUMN change_seq BIGINT NOT NULL DEFAULT 0;
-- A coordinator's corrections of the terlapor when reports disagree: a
-- JSON object (name, position, agency, place), '{}' when none.
ALTER TABLE cases ADD COLUMN canonical TEXT NOT NULL DEFAULT '{}';
CREATE INDEX cases_change_seq ON cases (change_seq);

-- One row: bumped inside every transaction that writes cases, so that the
-- row lock orders commits and sequence numbers alike.
CREATE TABLE change_counter (
    id  BIGINT PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL
);
INSERT INTO change_counter (id, seq) VALUES (1, 0);

-- A case's timeline. `details` holds codes and references only, never the
-- reporter's or the terlapor's personal data.
CREATE TABLE case_events (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id        BIGINT NOT NULL REFERENCES cases (id),
    at             BIGINT NOT NULL, -- unix ms
    actor_id       BIGINT,
    actor_username TEXT NOT NULL,
    action         TEXT NOT NULL,
    details        TEXT NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, id);

-- Where a case was forwarded (Bawaslu, BKN, SP4N-LAPOR!), with the
-- agency's reference number.
CREATE TABLE case_forwardings (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id   BIGINT NOT NULL REFERENCES cases (id),
    agency    TEXT NOT NULL,
    date      TEXT NOT NULL,
    reference TEXT NOT NULL,
    at        BIGINT NOT NULL
);
CREATE INDEX case_forwardings_case ON case_forwardings (case_id);
