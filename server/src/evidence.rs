//! Evidence files (photos, screenshots, PDF documents), stored once by the
//! SHA-256 of their content.
//!
//! A file lives at `{data_dir}/evidence/{first 2 hex}/{sha256}`. It is written
//! to a uniquely named temporary file in that same directory, fsynced, and
//! moved into place with a rename that never replaces an existing file, so a
//! reader sees either nothing or the complete file, and of any number of
//! concurrent uploads of the same content exactly one creates it.
//!
//! The public methods of [`EvidenceStore`] are the seam for another backend:
//! an S3-compatible object store can be added later behind the same `put`,
//! `exists` and `get` (a conditional `PUT` with `If-None-Match: *` gives the
//! same create-once answer). [`verify`] stays the same for every backend.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The largest evidence file accepted: 10 MiB. Photos arrive already
/// downscaled to JPEG of at most 1600 px, which is far smaller.
pub const MAX_EVIDENCE_BYTES: usize = 10 * 1024 * 1024;

/// Why a file was not stored.
#[derive(Debug, thiserror::Error)]
pub enum EvidenceError {
    #[error("evidence file is larger than {MAX_EVIDENCE_BYTES} bytes")]
    TooLarge,
    #[error("evidence content hashes to {actual}, not to the address it was sent to")]
    HashMismatch { actual: String },
    #[error("evidence file is not JPEG, PNG, WebP or PDF")]
    TypeNotAllowed,
    /// The upload ended early or could not be read. Never produced by the
    /// store itself; the HTTP layer uses it when the request body fails.
    #[error("evidence upload could not be read: {0}")]
    Incomplete(String),
    #[error("evidence storage failed: {0}")]
    Io(#[from] io::Error),
}

/// What [`EvidenceStore::put`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PutOutcome {
    /// `true` when this call stored the file; `false` when it was already there.
    pub created: bool,
    pub bytes: u64,
    /// The type sniffed from the content, e.g. `image/jpeg`.
    pub media_type: &'static str,
}

/// Evidence files on the local file system.
#[derive(Debug)]
pub struct EvidenceStore {
    dir: PathBuf,
}

impl EvidenceStore {
    /// Opens (creating it when missing) the `evidence` directory inside
    /// `data_dir`.
    pub fn open(data_dir: &Path) -> io::Result<EvidenceStore> {
        let dir = data_dir.join("evidence");
        std::fs::create_dir_all(&dir)?;
        Ok(EvidenceStore { dir })
    }

    /// Checks `bytes` against `sha256` and the allowed types, then stores
    /// them unless a file with that hash is already there.
    pub async fn put(&self, sha256: &str, bytes: &[u8]) -> Result<PutOutcome, EvidenceError> {
        if bytes.len() > MAX_EVIDENCE_BYTES {
            return Err(EvidenceError::TooLarge);
        }
        // Hashing 10 MiB and the file system calls block, so they run on the
        // blocking pool; one copy of the bytes is cheap next to both.
        let dir = self.dir.clone();
        let sha256 = sha256.to_owned();
        let bytes = bytes.to_vec();
        tokio::task::spawn_blocking(move || put_blocking(&dir, &sha256, &bytes))
            .await
            .map_err(|e| EvidenceError::Io(io::Error::other(e)))?
    }

    /// The size of the stored file, or `None` when there is none.
    pub async fn exists(&self, sha256: &str) -> io::Result<Option<u64>> {
        let Some(path) = self.path(sha256) else {
            return Ok(None);
        };
        match tokio::fs::metadata(&path).await {
            Ok(m) if m.is_file() => Ok(Some(m.len())),
            Ok(_) => Ok(None),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The stored file, or `None` when there is none.
    pub async fn get(&self, sha256: &str) -> io::Result<Option<Vec<u8>>> {
        let Some(path) = self.path(sha256) else {
            return Ok(None);
        };
        match tokio::fs::read(&path).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Where a file lives; `None` for anything but 64 lower-case hex digits,
    /// so no caller can make the store touch another path.
    fn path(&self, sha256: &str) -> Option<PathBuf> {
        netral_shared::validate::is_sha256_hex(sha256)
            .then(|| shard_dir(&self.dir, sha256).join(sha256))
    }
}

fn shard_dir(dir: &Path, sha256: &str) -> PathBuf {
    dir.join(&sha256[..2])
}

/// Checks a file before it is stored: its size, that it hashes to `sha256`,
/// and that its content is an allowed type. Returns the media type.
pub fn verify(sha256: &str, bytes: &[u8]) -> Result<&'static str, EvidenceError> {
    if bytes.len() > MAX_EVIDENCE_BYTES {
        return Err(EvidenceError::TooLarge);
    }
    let actual = hex::encode(Sha256::digest(bytes));
    if actual != sha256 {
        return Err(EvidenceError::HashMismatch { actual });
    }
    sniff(bytes).ok_or(EvidenceError::TypeNotAllowed)
}

/// The media type of an allowed file, judged by its first bytes only (the
/// client's `Content-Type` is not trusted): JPEG, PNG, WebP or PDF.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

fn put_blocking(dir: &Path, sha256: &str, bytes: &[u8]) -> Result<PutOutcome, EvidenceError> {
    // After this, `sha256` is known to be 64 lower-case hex digits (it equals
    // a digest we computed), so it is safe to use in a path.
    let media_type = verify(sha256, bytes)?;
    let outcome = |created| PutOutcome {
        created,
        bytes: bytes.len() as u64,
        media_type,
    };
    let shard = shard_dir(dir, sha256);
    let path = shard.join(sha256);
    if path.is_file() {
        return Ok(outcome(false));
    }
    match std::fs::create_dir(&shard) {
        // A new directory entry in `evidence/` is made durable too.
        Ok(()) => sync_dir(dir)?,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e.into()),
    }
    // A unique name per upload (created with O_EXCL), removed on drop if it
    // is never moved into place.
    let mut tmp = tempfile::Builder::new()
        .prefix(".upload-")
        .suffix(".tmp")
        .tempfile_in(&shard)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    match tmp.persist_noclobber(&path) {
        Ok(_) => {
            sync_dir(&shard)?;
            Ok(outcome(true))
        }
        // Another upload of the same content won; its file is identical.
        // Dropping the error removes our temporary file.
        Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => Ok(outcome(false)),
        Err(e) => Err(e.error.into()),
    }
}

/// Makes renames and new entries in `dir` durable.
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_the_allowed_types_by_their_first_bytes() {
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Some("image/jpeg")
        );
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some("image/png"));
        assert_eq!(sniff(b"RIFF\x24\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff(b"%PDF-1.7\n"), Some("application/pdf"));
    }

    #[test]
    fn refuses_everything_else() {
        assert_eq!(sniff(b""), None);
        assert_eq!(sniff(&[0xFF, 0xD8]), None);
        assert_eq!(sniff(b"\x89PNG\r\n"), None);
        assert_eq!(sniff(b"RIFF\x24\0\0\0WAVEfmt "), None);
        assert_eq!(sniff(b"RIFF\x24\0\0\0WEB"), None);
        assert_eq!(sniff(b"GIF89a"), None);
        assert_eq!(sniff(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), None);
        assert_eq!(sniff(b"%PDF"), None);
        assert_eq!(sniff(b"hello, world"), None);
    }

    #[test]
    fn verify_checks_size_then_hash_then_type() {
        let big = vec![0xFF; MAX_EVIDENCE_BYTES + 1];
        assert!(matches!(verify("00", &big), Err(EvidenceError::TooLarge)));
        let text = b"just text";
        assert!(matches!(
            verify(&"0".repeat(64), text),
            Err(EvidenceError::HashMismatch { .. })
        ));
        let hash = hex::encode(Sha256::digest(text));
        assert!(matches!(
            verify(&hash, text),
            Err(EvidenceError::TypeNotAllowed)
        ));
        let pdf = b"%PDF-1.4\n";
        let hash = hex::encode(Sha256::digest(pdf));
        assert_eq!(verify(&hash, pdf).unwrap(), "application/pdf");
    }

    #[tokio::test]
    async fn paths_are_only_made_from_valid_hashes() {
        let dir = tempfile::tempdir().unwrap();
        let store = EvidenceStore::open(dir.path()).unwrap();
        for bad in ["", "..", "../netral.db", &"A".repeat(64), &"0".repeat(63)] {
            assert!(store.path(bad).is_none(), "{bad}");
            assert_eq!(store.exists(bad).await.unwrap(), None);
            assert_eq!(store.get(bad).await.unwrap(), None);
            // A bad address can never equal a computed digest.
            assert!(matches!(
                store.put(bad, b"%PDF-1.4\n").await,
                Err(EvidenceError::HashMismatch { .. })
            ));
        }
    }
}
