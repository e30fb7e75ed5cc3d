-- The dashboard's case index (services/case_index.rs) as some replica last
-- saved it, gzip-compressed: a starting replica reads this one row and
-- catches up from its cursor instead of reading every case. Only a cache:
-- a row of another format, or none, costs one slow start.
CREATE TABLE case_index_snapshot (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    cursor     BIGINT NOT NULL,
    format     TEXT NOT NULL,
    facts      BYTEA NOT NULL,
    written_at BIGINT NOT NULL
);
