-- Who uploaded each evidence file. Files are stored once by content, so
-- two devices may upload the same bytes: each is recorded, with when it
-- first did and how many bytes it sent (for the per-device daily quota).
-- A report's photo is shown to coordinators only when the report's device
-- uploaded that file, and HEAD tells a device only about its own uploads.
CREATE TABLE evidence_uploads (
    sha256    TEXT NOT NULL,
    device_id INTEGER NOT NULL REFERENCES devices (id),
    first_at  INTEGER NOT NULL, -- unix ms
    bytes     INTEGER NOT NULL,
    PRIMARY KEY (sha256, device_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX evidence_uploads_device ON evidence_uploads (device_id, first_at);

-- Before this table nothing recorded uploaders: the photos that reports
-- already name count as uploaded by those reports' devices, so coordinators
-- keep seeing the evidence of existing cases. Zero bytes: outside any quota.
INSERT INTO evidence_uploads (sha256, device_id, first_at, bytes)
SELECT substr(k.key, 7), r.device_id, MIN(r.received_at), 0
FROM report_keys k JOIN reports r ON r.id = k.report_id
WHERE k.key LIKE 'photo:%' AND r.device_id IS NOT NULL
GROUP BY substr(k.key, 7), r.device_id;
