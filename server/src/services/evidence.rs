//! Evidence files with their uploaders: a device learns of and adds files
//! only as itself (`HEAD` answers for its own uploads, `PUT` records it as
//! an uploader even when the bytes were already stored), within a daily
//! quota; and the sweep that removes files no report names.

use std::time::Duration;

use crate::services::{AppState, ServiceError};
use crate::store::evidence::{EvidenceError, EvidenceStore, PutOutcome};
use crate::store::{Store, now_ms};

/// The quota's window.
const DAY_MS: i64 = 24 * 3600 * 1000;

/// The size of the file if `device_id` uploaded it and it is stored; `None`
/// otherwise, also when another device uploaded it (so `HEAD` never tells
/// one device what another sent; its phone then uploads the file itself).
pub async fn size_for_device(
    state: &AppState,
    device_id: i64,
    sha256: &str,
) -> Result<Option<u64>, ServiceError> {
    if !state.store.uploaded_by(sha256, device_id).await? {
        return Ok(None);
    }
    Ok(state
        .evidence
        .exists(sha256)
        .await
        .map_err(EvidenceError::Io)?)
}

/// Stores a file from `device_id` and records the device as its uploader.
/// A file the device has not uploaded before counts against its quota
/// (files and bytes per 24 hours), also when another device had already
/// sent the same bytes; sending one's own file again is free.
pub async fn upload(
    state: &AppState,
    device_id: i64,
    sha256: &str,
    bytes: &[u8],
) -> Result<PutOutcome, ServiceError> {
    let now = now_ms();
    let known = state.store.uploaded_by(sha256, device_id).await?;
    if !known {
        let usage = state.store.uploads_since(device_id, now - DAY_MS).await?;
        let len = bytes.len() as i64;
        let limits = &state.limits;
        let over_files = usage.files.saturating_add(1) > limits.evidence_files_per_day as i64;
        let over_bytes = usage.bytes.saturating_add(len)
            > i64::try_from(limits.evidence_bytes_per_day()).unwrap_or(i64::MAX);
        if over_files || over_bytes {
            // The oldest upload of the window leaves it first.
            let free_at = if usage.files > 0 {
                usage.oldest_at + DAY_MS
            } else {
                now + DAY_MS
            };
            let secs = (free_at - now).max(1000) / 1000;
            return Err(ServiceError::EvidenceQuota(secs as u64));
        }
    }
    let outcome = state.evidence.put(sha256, bytes).await?;
    // After the file is stored: an upload that fails leaves no record, and a
    // record always has its file (until the sweep removes both).
    state
        .store
        .record_upload(sha256, device_id, now, outcome.bytes)
        .await?;
    Ok(outcome)
}

/// What one sweep did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sweep {
    /// Files looked at.
    pub files: u64,
    /// Files deleted: no report names them, and none was written or
    /// uploaded within the grace period.
    pub removed: u64,
}

/// Deletes every stored file that no report names and that neither was
/// written nor uploaded by any device within `grace` before `now` (unix
/// ms), with its upload records. Safe to run on several replicas at once.
pub async fn sweep(
    store: &dyn Store,
    evidence: &EvidenceStore,
    grace: Duration,
    now: i64,
) -> Result<Sweep, ServiceError> {
    let cutoff = now - i64::try_from(grace.as_millis()).unwrap_or(i64::MAX);
    let mut done = Sweep::default();
    for file in evidence.list().await.map_err(EvidenceError::Io)? {
        done.files += 1;
        if file.modified_ms >= cutoff || store.evidence_in_use(&file.sha256, cutoff).await? {
            continue;
        }
        if evidence
            .remove(&file.sha256)
            .await
            .map_err(EvidenceError::Io)?
        {
            done.removed += 1;
        }
        store.forget_uploads(&file.sha256).await?;
    }
    Ok(done)
}

/// Sweeps every `limits.evidence_sweep_every` (the first time at once), for
/// as long as the server runs; failures are logged and retried next time.
pub fn spawn_sweeper(state: AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(state.limits.evidence_sweep_every);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            match sweep(
                state.store.as_ref(),
                &state.evidence,
                state.limits.evidence_grace,
                now_ms(),
            )
            .await
            {
                Ok(Sweep { files, removed }) if removed > 0 => {
                    tracing::info!(files, removed, "removed evidence files no report names");
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "evidence sweep failed"),
            }
        }
    });
}
