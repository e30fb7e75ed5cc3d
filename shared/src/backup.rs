//! The backup file a volunteer downloads from the phone ("Unduh cadangan")
//! and brings back on another device ("Impor cadangan") or hands to an
//! admin (`netral import`). One JSON document holds everything that was not
//! yet acknowledged by the server: reports and the photos they refer to.
//!
//! Photos travel as `data:` URLs because the browser encodes and decodes
//! those natively, so the WASM app ships no base64 code.

use serde::{Deserialize, Serialize};

use crate::report::Report;

/// The value of [`Backup::format`]; anything else is not a Netral backup.
pub const BACKUP_FORMAT: &str = "netral-backup";
/// Bumped on an incompatible change; readers refuse newer versions.
pub const BACKUP_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    pub format: String,
    pub version: u32,
    /// RFC 3339, from the device clock (informational only).
    pub exported_at: String,
    pub reports: Vec<BackupReport>,
    pub photos: Vec<BackupPhoto>,
}

/// One report with the little of its device state that must survive a move:
/// whether the volunteer had already pressed "Kirim", and the highest
/// revision that ever left the old device (so an edit on the new device
/// still counts as a new version on the server).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BackupReport {
    pub report: Report,
    #[serde(default)]
    pub queued: bool,
    #[serde(default)]
    pub attempted_revision: u32,
    /// Milliseconds since the Unix epoch, as the device recorded them. On
    /// import the newer `updated_at` wins over a copy already present.
    #[serde(default)]
    pub created_at: f64,
    #[serde(default)]
    pub updated_at: f64,
}

/// A photo by the SHA-256 of its (downscaled) bytes, which the reports'
/// [`crate::report::PhotoRef::sha256`] name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BackupPhoto {
    pub sha256: String,
    /// `data:image/jpeg;base64,…`
    pub data_url: String,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BackupError {
    #[error("not a Netral backup file")]
    NotABackup,
    #[error("backup version {0} is newer than this software understands")]
    TooNew(u32),
}

impl Backup {
    pub fn new(exported_at: String) -> Backup {
        Backup {
            format: BACKUP_FORMAT.into(),
            version: BACKUP_VERSION,
            exported_at,
            reports: Vec::new(),
            photos: Vec::new(),
        }
    }

    /// Checks the header after parsing, so a random JSON file is refused with
    /// a clear reason instead of importing nothing silently.
    pub fn check(&self) -> Result<(), BackupError> {
        if self.format != BACKUP_FORMAT {
            return Err(BackupError::NotABackup);
        }
        if self.version > BACKUP_VERSION {
            return Err(BackupError::TooNew(self.version));
        }
        Ok(())
    }
}

/// Splits `data:<media type>;base64,<payload>` into its media type and the
/// base64 payload; `None` for anything else.
pub fn split_data_url(url: &str) -> Option<(&str, &str)> {
    let rest = url.strip_prefix("data:")?;
    let (head, payload) = rest.split_once(',')?;
    let media_type = head.strip_suffix(";base64")?;
    Some((media_type, payload))
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    #[test]
    fn round_trips_and_checks_its_header() {
        let mut b = Backup::new("2024-11-20T10:00:00Z".into());
        b.reports.push(BackupReport {
            report: Report::example(Uuid::from_u128(1)),
            queued: true,
            attempted_revision: 0,
            created_at: 1.0,
            updated_at: 2.0,
        });
        b.photos.push(BackupPhoto {
            sha256: "a".repeat(64),
            data_url: "data:image/jpeg;base64,/9j/".into(),
        });
        let json = serde_json::to_string(&b).unwrap();
        let back: Backup = serde_json::from_str(&json).unwrap();
        assert_eq!(back, b);
        assert_eq!(back.check(), Ok(()));

        let mut other = b.clone();
        other.format = "something-else".into();
        assert_eq!(other.check(), Err(BackupError::NotABackup));
        other.format = BACKUP_FORMAT.into();
        other.version = BACKUP_VERSION + 1;
        assert_eq!(other.check(), Err(BackupError::TooNew(BACKUP_VERSION + 1)));
    }

    #[test]
    fn data_urls_split_into_type_and_payload() {
        assert_eq!(
            split_data_url("data:image/jpeg;base64,/9j/4AAQ"),
            Some(("image/jpeg", "/9j/4AAQ"))
        );
        assert_eq!(split_data_url("data:text/plain,hello"), None);
        assert_eq!(split_data_url("https://example.org/a.jpg"), None);
    }
}
