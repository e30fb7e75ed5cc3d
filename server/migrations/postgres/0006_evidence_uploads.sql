-- Same shape as migrations/sqlite/0006_evidence_uploads.sql, in PostgreSQL types.
CREATE TABLE evidence_uploads (
    sha256    TEXT NOT NULL,
    device_id BIGINT NOT NULL REFERENCES devices (id),
    first_at  BIGINT NOT NULL,
    bytes     BIGINT NOT NULL,
    PRIMARY KEY (sha256, device_id)
);
CREATE INDEX evidence_uploads_device ON evidence_uploads (device_id, first_at);

INSERT INTO evidence_uploads (sha256, device_id, first_at, bytes)
SELECT substr(k.key, 7), r.device_id, MIN(r.received_at), 0
FROM report_keys k JOIN reports r ON r.id = k.report_id
WHERE k.key LIKE 'photo:%' AND r.device_id IS NOT NULL
GROUP BY substr(k.key, 7), r.device_id;
