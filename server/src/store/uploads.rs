//! Who uploaded which evidence file (`evidence_uploads`): the files are
//! stored once by content, so every device that sent a file is recorded,
//! with when it first did and how many bytes it sent. This decides what
//! `HEAD` tells a device, which reports' photos a coordinator may open, the
//! per-device daily quota, and which files the sweep may remove.

use async_trait::async_trait;

use super::StoreError;
use super::db::SqlStore;

/// What one device uploaded within a window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct UploadUsage {
    pub files: i64,
    pub bytes: i64,
    /// Unix ms of the oldest upload in the window; 0 when there is none.
    pub oldest_at: i64,
}

#[async_trait]
pub trait UploadStore {
    /// Whether `device_id` ever uploaded the file `sha256`.
    async fn uploaded_by(&self, sha256: &str, device_id: i64) -> Result<bool, StoreError>;

    /// The files `device_id` uploaded since `since` (unix ms).
    async fn uploads_since(&self, device_id: i64, since: i64) -> Result<UploadUsage, StoreError>;

    /// Records `device_id` as an uploader of `sha256`; `false` when it
    /// already was one (the first time is kept).
    async fn record_upload(
        &self,
        sha256: &str,
        device_id: i64,
        at: i64,
        bytes: u64,
    ) -> Result<bool, StoreError>;

    /// Whether a file must be kept: a report names it (its photo match
    /// key, the current revision's), or a device uploaded it since `since`.
    async fn evidence_in_use(&self, sha256: &str, since: i64) -> Result<bool, StoreError>;

    /// Forgets every upload of a file that was removed.
    async fn forget_uploads(&self, sha256: &str) -> Result<(), StoreError>;
}

#[async_trait]
impl UploadStore for SqlStore {
    async fn uploaded_by(&self, sha256: &str, device_id: i64) -> Result<bool, StoreError> {
        let row: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM evidence_uploads WHERE sha256 = $1 AND device_id = $2",
        )
        .bind(sha256)
        .bind(device_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.is_some())
    }

    async fn uploads_since(&self, device_id: i64, since: i64) -> Result<UploadUsage, StoreError> {
        // SUM of a BIGINT is NUMERIC on PostgreSQL, which `Any` cannot read.
        Ok(sqlx::query_as(
            "SELECT COUNT(*) AS files, CAST(COALESCE(SUM(bytes), 0) AS BIGINT) AS bytes, \
             CAST(COALESCE(MIN(first_at), 0) AS BIGINT) AS oldest_at \
             FROM evidence_uploads WHERE device_id = $1 AND first_at >= $2",
        )
        .bind(device_id)
        .bind(since)
        .fetch_one(&self.pool)
        .await?)
    }

    async fn record_upload(
        &self,
        sha256: &str,
        device_id: i64,
        at: i64,
        bytes: u64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO evidence_uploads (sha256, device_id, first_at, bytes) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (sha256, device_id) DO NOTHING",
        )
        .bind(sha256)
        .bind(device_id)
        .bind(at)
        .bind(i64::try_from(bytes).unwrap_or(i64::MAX))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn evidence_in_use(&self, sha256: &str, since: i64) -> Result<bool, StoreError> {
        let row: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM report_keys WHERE key = $1 \
             UNION ALL SELECT 1 FROM evidence_uploads WHERE sha256 = $2 AND first_at >= $3 \
             LIMIT 1",
        )
        .bind(format!("photo:{sha256}"))
        .bind(sha256)
        .bind(since)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.is_some())
    }

    async fn forget_uploads(&self, sha256: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM evidence_uploads WHERE sha256 = $1")
            .bind(sha256)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
