-- A case keeps the region it was created with: its first report's then.
-- Before this, a case's region was read from its first report every time,
-- so a new revision of that report could move the whole case (and other
-- organisations' reports in it) into another region.
ALTER TABLE cases ADD COLUMN province TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN regency TEXT NOT NULL DEFAULT '';
UPDATE cases SET
    province = COALESCE((SELECT r.province FROM reports r WHERE r.case_id = cases.id
                         ORDER BY r.received_at, r.id LIMIT 1), ''),
    regency = COALESCE((SELECT r.regency FROM reports r WHERE r.case_id = cases.id
                        ORDER BY r.received_at, r.id LIMIT 1), '');

-- "Possibly the same incident": two live cases that automatic grouping did
-- not join (they lie in different kab/kota), with the key that linked them
-- and the report that did. Coordinators confirm a link with a merge or
-- dismiss it; a dismissed link stays, so it is never suggested again.
-- `(case_a, case_b)` is ordered, smaller id first.
CREATE TABLE case_links (
    case_a       INTEGER NOT NULL REFERENCES cases (id),
    case_b       INTEGER NOT NULL REFERENCES cases (id),
    reason       TEXT NOT NULL,
    report_id    TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    dismissed_at INTEGER,
    PRIMARY KEY (case_a, case_b)
) STRICT, WITHOUT ROWID;
CREATE INDEX case_links_b ON case_links (case_b);
