//! "Unduh cadangan" and "Impor cadangan": everything the server has not
//! acknowledged, with its photos, in one file that another device (or an
//! admin with `netral import`) can bring back without duplicates: ids are
//! kept, and the newer copy of a report wins.

use crate::idb;
use crate::local::{LocalReport, SendState};
use crate::photos::{blob_to_data_url, data_url_to_blob, sha256_hex};
use netral_shared::backup::{Backup, BackupPhoto, BackupReport};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Exported {
    pub json: String,
    pub reports: usize,
    pub photos: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Imported {
    /// New on this device, or newer than the copy here.
    pub reports: usize,
    /// Already here in the same or a newer version.
    pub unchanged: usize,
    pub photos: usize,
    /// Photos whose bytes do not match their SHA-256 (a damaged file).
    pub damaged_photos: usize,
}

fn not_acknowledged(l: &LocalReport) -> bool {
    !matches!(l.send, SendState::Sent { .. })
}

pub async fn export() -> Result<Exported, String> {
    let mut backup = Backup::new(js_sys::Date::new_0().to_iso_string().into());
    for local in idb::all_reports()
        .await?
        .into_iter()
        .filter(not_acknowledged)
    {
        // The files that are uploaded (a photo's original is not kept).
        let files = local.report.photos.iter().map(|p| &p.sha256);
        for sha256 in files.chain(local.report.videos.iter().map(|v| &v.sha256)) {
            if backup.photos.iter().any(|p| p.sha256 == *sha256) {
                continue;
            }
            if let Some(blob) = idb::get_photo(sha256).await? {
                let data_url = blob_to_data_url(&blob)
                    .await
                    .map_err(|e| format!("{e:?}"))?
                    .as_string()
                    .unwrap_or_default();
                backup.photos.push(BackupPhoto {
                    sha256: sha256.clone(),
                    data_url,
                });
            }
        }
        backup.reports.push(BackupReport {
            queued: local.send == SendState::Queued,
            attempted_revision: local.attempted_revision,
            created_at: local.created_at,
            updated_at: local.updated_at,
            report: local.report,
        });
    }
    Ok(Exported {
        json: serde_json::to_string(&backup).map_err(|e| e.to_string())?,
        reports: backup.reports.len(),
        photos: backup.photos.len(),
    })
}

/// Why a file could not be imported, in the volunteer's words.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportError {
    NotABackup,
    TooNew,
    Storage(String),
}

pub async fn import(text: &str) -> Result<Imported, ImportError> {
    let backup: Backup = serde_json::from_str(text).map_err(|_| ImportError::NotABackup)?;
    backup.check().map_err(|e| match e {
        netral_shared::backup::BackupError::NotABackup => ImportError::NotABackup,
        netral_shared::backup::BackupError::TooNew(_) => ImportError::TooNew,
    })?;
    let mut summary = Imported::default();
    // Photos first: a report is never on the device without its photos.
    for photo in &backup.photos {
        let Ok(blob) = data_url_to_blob(&photo.data_url) else {
            summary.damaged_photos += 1;
            continue;
        };
        let actual = sha256_hex(&blob).await.ok().and_then(|v| v.as_string());
        if actual.as_deref() != Some(photo.sha256.as_str()) {
            summary.damaged_photos += 1;
            continue;
        }
        idb::put_photo(&photo.sha256, &blob)
            .await
            .map_err(ImportError::Storage)?;
        summary.photos += 1;
    }
    let db = idb::db().await.map_err(ImportError::Storage)?;
    for entry in backup.reports {
        let id = entry.report.id.to_string();
        let existing = idb::get_report(&id).await.map_err(ImportError::Storage)?;
        if existing
            .as_ref()
            .is_some_and(|e| e.updated_at >= entry.updated_at)
        {
            summary.unchanged += 1;
            continue;
        }
        let local = LocalReport {
            id,
            send: if entry.queued {
                SendState::Queued
            } else {
                SendState::Draft
            },
            attempted_revision: entry
                .attempted_revision
                .max(existing.as_ref().map_or(0, |e| e.attempted_revision)),
            created_at: entry.created_at,
            updated_at: entry.updated_at,
            server: existing.and_then(|e| e.server),
            report: entry.report,
        };
        idb::put_report(&db, &local)
            .await
            .map_err(ImportError::Storage)?;
        summary.reports += 1;
    }
    Ok(summary)
}

/// `netral-cadangan-2024-11-20.json`
pub fn file_name() -> String {
    let iso: String = js_sys::Date::new_0().to_iso_string().into();
    format!("netral-cadangan-{}.json", iso.get(..10).unwrap_or("backup"))
}
