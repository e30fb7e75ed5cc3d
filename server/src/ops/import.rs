//! `netral import FILE`: a phone's backup file ("Unduh cadangan") into the
//! configured database and evidence store, for a volunteer whose phone
//! cannot reach the server. Reports take the sync path
//! ([`crate::services::sync::store_reports`]), so they are validated and grouped as
//! if synced and stored once by id: importing a file twice stores nothing
//! twice. Photos are verified against their SHA-256 before they are stored.

use std::fmt;
use std::path::{Path, PathBuf};

use base64::Engine;
use netral_shared::backup::{Backup, BackupError, split_data_url};
use netral_shared::sync::{MAX_BATCH, Outcome, ReportResult};

use crate::config::Settings;
use crate::services::intake::today_in_indonesia;
use crate::services::sync as sync_service;
use crate::store::audit::{Actor, Audit};
use crate::store::evidence::EvidenceStore;
use crate::store::{self, StoreError};
use netral_shared::accounts::AuditAction;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {0}: {1}")]
    Read(PathBuf, std::io::Error),
    #[error("{0} is not a Netral backup file: {1}")]
    Json(PathBuf, serde_json::Error),
    #[error("{0}: {1}")]
    Header(PathBuf, BackupError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("evidence store: {0}")]
    Evidence(anyhow::Error),
}

/// What an import did, printed for the admin who ran it.
#[derive(Debug, Default)]
pub struct ImportSummary {
    pub file: PathBuf,
    pub exported_at: String,
    pub results: Vec<ReportResult>,
    pub photos_stored: u64,
    pub photos_already_stored: u64,
    /// Photo SHA-256 (as named in the file) and why it was refused.
    pub photos_refused: Vec<(String, String)>,
}

impl ImportSummary {
    pub fn count(&self, outcome: Outcome) -> usize {
        self.results.iter().filter(|r| r.outcome == outcome).count()
    }
}

pub async fn run(settings: &Settings, file: &Path) -> Result<ImportSummary, ImportError> {
    let text = std::fs::read_to_string(file).map_err(|e| ImportError::Read(file.to_owned(), e))?;
    let backup: Backup =
        serde_json::from_str(&text).map_err(|e| ImportError::Json(file.to_owned(), e))?;
    backup
        .check()
        .map_err(|e| ImportError::Header(file.to_owned(), e))?;
    let store = store::connect(settings).await?;
    let evidence = EvidenceStore::from_settings(settings)
        .await
        .map_err(ImportError::Evidence)?;

    let mut summary = ImportSummary {
        file: file.to_owned(),
        exported_at: backup.exported_at.clone(),
        ..ImportSummary::default()
    };
    // Photos first: once a report is stored, the photos it names should be
    // there too, as after a phone's sync.
    for photo in &backup.photos {
        match store_photo(&evidence, &photo.sha256, &photo.data_url).await {
            Ok(true) => summary.photos_stored += 1,
            Ok(false) => summary.photos_already_stored += 1,
            Err(reason) => summary.photos_refused.push((photo.sha256.clone(), reason)),
        }
    }
    let raw: Vec<String> = backup
        .reports
        .iter()
        .map(|r| serde_json::to_string(&r.report).expect("a report always serialises"))
        .collect();
    let today = today_in_indonesia();
    for chunk in raw.chunks(MAX_BATCH) {
        let refs: Vec<&str> = chunk.iter().map(String::as_str).collect();
        let (results, _) = sync_service::store_reports(store.as_ref(), &refs, today, None).await?;
        summary.results.extend(results);
    }
    // Counts only: neither the file's name (it may name the volunteer) nor
    // anything of the reports.
    let audit = Audit::by(Actor::cli(), AuditAction::Import, "").details(serde_json::json!({
        "exported_at": summary.exported_at,
        "accepted": summary.count(Outcome::Accepted),
        "replayed": summary.count(Outcome::Replayed),
        "stale": summary.count(Outcome::Stale),
        "rejected": summary.count(Outcome::Rejected),
        "photos_stored": summary.photos_stored,
        "photos_refused": summary.photos_refused.len(),
    }));
    store.audit(&audit).await?;
    Ok(summary)
}

/// `Ok(true)` stored now, `Ok(false)` already there, `Err` why not (in
/// Indonesian and English).
async fn store_photo(
    evidence: &EvidenceStore,
    sha256: &str,
    data_url: &str,
) -> Result<bool, String> {
    let Some((_, payload)) = split_data_url(data_url) else {
        return Err("bukan data URL base64 / not a base64 data URL".into());
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(payload)
        .map_err(|e| format!("base64 rusak / broken base64: {e}"))?;
    evidence
        .put(sha256, &bytes)
        .await
        .map(|outcome| outcome.created)
        .map_err(|e| format!("foto ditolak / photo refused: {e}"))
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Impor / import {} (diekspor / exported {})",
            self.file.display(),
            self.exported_at
        )?;
        writeln!(
            f,
            "Laporan / reports: {} diterima / accepted, {} sudah ada / replayed, \
             {} versi lama / stale, {} ditolak / rejected",
            self.count(Outcome::Accepted),
            self.count(Outcome::Replayed),
            self.count(Outcome::Stale),
            self.count(Outcome::Rejected)
        )?;
        for r in self
            .results
            .iter()
            .filter(|r| r.outcome == Outcome::Rejected)
        {
            let id = r.id.map_or_else(|| "?".to_owned(), |id| id.to_string());
            for p in &r.problems {
                let field = if p.field.is_empty() { "-" } else { &p.field };
                writeln!(
                    f,
                    "  ditolak / rejected {id} {field}: {} / {}",
                    p.message.id, p.message.en
                )?;
            }
        }
        writeln!(
            f,
            "Foto / photos: {} disimpan / stored, {} sudah ada / already stored, {} ditolak / refused",
            self.photos_stored,
            self.photos_already_stored,
            self.photos_refused.len()
        )?;
        for (sha256, reason) in &self.photos_refused {
            writeln!(f, "  {sha256}: {reason}")?;
        }
        Ok(())
    }
}
