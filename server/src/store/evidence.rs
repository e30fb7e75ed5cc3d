//! Evidence files (photos, screenshots, PDF documents, videos), stored once by the
//! SHA-256 of their content, in one of two places:
//!
//! - **A local directory** (the default): a file lives at
//!   `{data_dir}/evidence/{first 2 hex}/{sha256}`. It is written to a uniquely
//!   named temporary file in that same directory, fsynced, and moved into
//!   place with a rename that never replaces an existing file, so a reader
//!   sees either nothing or the complete file, and of any number of
//!   concurrent uploads of the same content exactly one creates it.
//! - **An S3-compatible object store** (`--evidence-url s3://bucket[/prefix]`,
//!   for several server replicas sharing one store), through the
//!   `object_store` crate: an object lives at
//!   `{prefix}/evidence/{first 2 hex}/{sha256}`. A single `PUT` is
//!   all-or-nothing, and it is a conditional create (`If-None-Match: *`),
//!   which the store decides atomically, so again exactly one of any number
//!   of concurrent uploads, on any replica, creates the object.
//!
//! Both answer the same [`EvidenceStore::put`], [`EvidenceStore::exists`] and
//! [`EvidenceStore::get`], with the same outcomes and errors; [`verify`] runs
//! before anything is written, whatever the backend.

use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use netral_shared::media::MediaType;
use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::path::Path as ObjectPath;
use object_store::{
    Attribute, Attributes, ClientConfigKey, ObjectStore, ObjectStoreExt, PutMode, PutOptions,
    PutPayload,
};
use sha2::{Digest, Sha256};

use crate::config::Settings;

/// The largest evidence file accepted, a video: 50 MiB.
pub const MAX_EVIDENCE_BYTES: usize = netral_shared::media::MAX_EVIDENCE_BYTES as usize;

/// The largest picture or document: 10 MiB. Photos arrive already
/// downscaled to JPEG of at most 1600 px, which is far smaller.
pub const MAX_DOCUMENT_BYTES: usize = netral_shared::media::MAX_DOCUMENT_BYTES as usize;

/// The largest video: 50 MiB.
pub const MAX_VIDEO_BYTES: usize = netral_shared::media::MAX_VIDEO_BYTES as usize;

/// Why a file was not stored.
#[derive(Debug, thiserror::Error)]
pub enum EvidenceError {
    #[error(
        "evidence file is larger than its type allows ({MAX_DOCUMENT_BYTES} bytes, {MAX_VIDEO_BYTES} for a video)"
    )]
    TooLarge,
    #[error("evidence content hashes to {actual}, not to the address it was sent to")]
    HashMismatch { actual: String },
    #[error("evidence file is not JPEG, PNG, WebP, PDF, MP4 or WebM")]
    TypeNotAllowed,
    /// The upload ended early or could not be read. Never produced by the
    /// store itself; the HTTP layer uses it when the request body fails.
    #[error("evidence upload could not be read: {0}")]
    Incomplete(String),
    /// The disk or the object store failed (an object-store error arrives
    /// wrapped in an [`io::Error`]).
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

/// Evidence files, in a local directory or in an object store.
#[derive(Debug)]
pub struct EvidenceStore {
    backend: Backend,
}

#[derive(Debug)]
enum Backend {
    Local {
        dir: PathBuf,
    },
    Object {
        store: Arc<dyn ObjectStore>,
        /// `{prefix}/evidence`; an object is `{root}/{2 hex}/{sha256}`.
        root: ObjectPath,
    },
}

/// How long the start-up check of an object store may take before the
/// server gives up starting (the client retries an unreachable endpoint for
/// minutes otherwise).
const PROBE_TIMEOUT: Duration = Duration::from_secs(30);

/// How often a conditional create is tried while the store says the object
/// exists but it cannot be read yet: S3 answers 409 to a conditional write
/// that races another one for the same key, and that other one may fail.
const CREATE_ATTEMPTS: u32 = 3;

impl EvidenceStore {
    /// The store the settings ask for: the object store named by
    /// `evidence_url`, or else the `evidence` directory in the data directory.
    pub async fn from_settings(settings: &Settings) -> anyhow::Result<EvidenceStore> {
        match &settings.evidence_url {
            Some(url) => {
                let store = EvidenceStore::connect(url).await?;
                tracing::info!(evidence = %store, "evidence files in an object store");
                Ok(store)
            }
            None => Ok(EvidenceStore::open(&settings.data_dir)?),
        }
    }

    /// Opens (creating it when missing) the `evidence` directory inside
    /// `data_dir`.
    pub fn open(data_dir: &Path) -> io::Result<EvidenceStore> {
        let dir = data_dir.join("evidence");
        std::fs::create_dir_all(&dir)?;
        Ok(EvidenceStore {
            backend: Backend::Local { dir },
        })
    }

    /// Connects to the S3-compatible object store named by `url`,
    /// `s3://bucket[/prefix]`. Endpoint, region and credentials come from the
    /// standard `AWS_*` environment variables, read by
    /// [`AmazonS3Builder::from_env`]. Fails on a malformed URL, and when a
    /// `HEAD` of a missing object does not answer "not found" within 30 s
    /// (wrong endpoint or credentials); a missing bucket only shows at the
    /// first upload (S3 answers a `HEAD` in it with "not found" too).
    pub async fn connect(url: &str) -> anyhow::Result<EvidenceStore> {
        let (bucket, prefix) = parse_s3_url(url)?;
        let builder = AmazonS3Builder::from_env().with_bucket_name(bucket);
        let plain_http_refused = builder
            .get_config_value(&AmazonS3ConfigKey::Endpoint)
            .is_some_and(|endpoint| endpoint.starts_with("http://"))
            && !builder
                .get_config_value(&AmazonS3ConfigKey::Client(ClientConfigKey::AllowHttp))
                .is_some_and(|allow| {
                    ["1", "true", "on", "yes", "y"].contains(&allow.to_ascii_lowercase().as_str())
                });
        let s3 = builder
            .build()
            .map_err(|e| anyhow::anyhow!("evidence store {url}: {e}"))?;
        let store = EvidenceStore::with_object_store(Arc::new(s3), &prefix);
        if let Err(e) = store.probe().await {
            // object_store only says "builder error" when plain HTTP is refused.
            let hint = if plain_http_refused {
                " (an http:// endpoint also needs AWS_ALLOW_HTTP=true)"
            } else {
                ""
            };
            anyhow::bail!("evidence store {url} is not usable: {e}{hint}");
        }
        Ok(store)
    }

    /// Evidence in any [`ObjectStore`], under `{prefix}/evidence/`.
    /// [`EvidenceStore::connect`] builds one for S3; tests pass others (in
    /// memory, or S3 configured differently).
    pub fn with_object_store(store: Arc<dyn ObjectStore>, prefix: &ObjectPath) -> EvidenceStore {
        EvidenceStore {
            backend: Backend::Object {
                store,
                root: prefix.clone().join("evidence"),
            },
        }
    }

    /// Checks `bytes` against `sha256` and the allowed types, then stores
    /// them unless a file with that hash is already there.
    pub async fn put(&self, sha256: &str, bytes: &[u8]) -> Result<PutOutcome, EvidenceError> {
        if bytes.len() > MAX_EVIDENCE_BYTES {
            return Err(EvidenceError::TooLarge);
        }
        // Hashing 50 MiB and the file system calls block, so they run on the
        // blocking pool; one copy of the bytes is cheap next to both.
        let owned_sha256 = sha256.to_owned();
        let bytes = bytes.to_vec();
        match &self.backend {
            Backend::Local { dir } => {
                let dir = dir.clone();
                tokio::task::spawn_blocking(move || put_blocking(&dir, &owned_sha256, &bytes))
                    .await
                    .map_err(|e| EvidenceError::Io(io::Error::other(e)))?
            }
            Backend::Object { store, root } => {
                let (media_type, bytes) = tokio::task::spawn_blocking(move || {
                    verify(&owned_sha256, &bytes).map(|media_type| (media_type, bytes))
                })
                .await
                .map_err(|e| EvidenceError::Io(io::Error::other(e)))??;
                // Verified: `sha256` equals a digest we computed, so it is 64
                // lower-case hex digits and safe in a key.
                let len = bytes.len() as u64;
                let location = object_key(root, sha256);
                let created =
                    create_object(store.as_ref(), &location, bytes.into(), media_type).await?;
                Ok(PutOutcome {
                    created,
                    bytes: len,
                    media_type,
                })
            }
        }
    }

    /// The size of the stored file, or `None` when there is none.
    pub async fn exists(&self, sha256: &str) -> io::Result<Option<u64>> {
        if !netral_shared::validate::is_sha256_hex(sha256) {
            return Ok(None);
        }
        match &self.backend {
            Backend::Local { dir } => match tokio::fs::metadata(local_path(dir, sha256)).await {
                Ok(m) if m.is_file() => Ok(Some(m.len())),
                Ok(_) => Ok(None),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e),
            },
            Backend::Object { store, root } => {
                head_size(store.as_ref(), &object_key(root, sha256)).await
            }
        }
    }

    /// The stored file, or `None` when there is none.
    pub async fn get(&self, sha256: &str) -> io::Result<Option<Vec<u8>>> {
        if !netral_shared::validate::is_sha256_hex(sha256) {
            return Ok(None);
        }
        match &self.backend {
            Backend::Local { dir } => match tokio::fs::read(local_path(dir, sha256)).await {
                Ok(bytes) => Ok(Some(bytes)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e),
            },
            Backend::Object { store, root } => {
                let location = object_key(root, sha256);
                let result = match store.get(&location).await {
                    Ok(result) => result,
                    Err(object_store::Error::NotFound { .. }) => return Ok(None),
                    Err(e) => return Err(store_error(e)),
                };
                let bytes = result.bytes().await.map_err(store_error)?;
                Ok(Some(bytes.into()))
            }
        }
    }

    /// Every stored file: its SHA-256 and when it was written (unix ms).
    /// Anything else in the store (temporary files, other objects under the
    /// prefix) is left out.
    pub async fn list(&self) -> io::Result<Vec<StoredFile>> {
        match &self.backend {
            Backend::Local { dir } => {
                let dir = dir.clone();
                tokio::task::spawn_blocking(move || list_local(&dir))
                    .await
                    .map_err(io::Error::other)?
            }
            Backend::Object { store, root } => {
                use futures::TryStreamExt;
                let mut files = Vec::new();
                let mut objects = store.list(Some(root));
                while let Some(meta) = objects.try_next().await.map_err(store_error)? {
                    let Some(name) = meta.location.filename() else {
                        continue;
                    };
                    if netral_shared::validate::is_sha256_hex(name)
                        && meta.location == object_key(root, name)
                    {
                        files.push(StoredFile {
                            sha256: name.to_owned(),
                            modified_ms: meta.last_modified.timestamp_millis(),
                        });
                    }
                }
                Ok(files)
            }
        }
    }

    /// Deletes a stored file; `false` when there was none.
    pub async fn remove(&self, sha256: &str) -> io::Result<bool> {
        if !netral_shared::validate::is_sha256_hex(sha256) {
            return Ok(false);
        }
        match &self.backend {
            Backend::Local { dir } => match tokio::fs::remove_file(local_path(dir, sha256)).await {
                Ok(()) => Ok(true),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
                Err(e) => Err(e),
            },
            Backend::Object { store, root } => {
                let location = object_key(root, sha256);
                if head_size(store.as_ref(), &location).await?.is_none() {
                    return Ok(false);
                }
                match store.delete(&location).await {
                    Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(true),
                    Err(e) => Err(store_error(e)),
                }
            }
        }
    }

    /// A `HEAD` of an object that is never written: "not found" (or, should
    /// it exist, its size) proves the endpoint answers and accepts our
    /// credentials.
    async fn probe(&self) -> io::Result<()> {
        let Backend::Object { store, root } = &self.backend else {
            return Ok(());
        };
        let location = root.clone().join(".probe");
        match tokio::time::timeout(PROBE_TIMEOUT, head_size(store.as_ref(), &location)).await {
            Ok(answer) => answer.map(drop),
            Err(_) => Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!("no answer within {} s", PROBE_TIMEOUT.as_secs()),
            )),
        }
    }
}

/// One file as [`EvidenceStore::list`] finds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredFile {
    pub sha256: String,
    /// When it was written, unix ms.
    pub modified_ms: i64,
}

fn list_local(dir: &Path) -> io::Result<Vec<StoredFile>> {
    let mut files = Vec::new();
    for shard in std::fs::read_dir(dir)? {
        let shard = shard?;
        let shard_name = shard.file_name();
        let Some(prefix) = shard_name.to_str() else {
            continue;
        };
        if prefix.len() != 2 || !shard.file_type()?.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(shard.path())? {
            let entry = entry?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else {
                continue;
            };
            if !netral_shared::validate::is_sha256_hex(name) || !name.starts_with(prefix) {
                continue;
            }
            let modified = entry
                .metadata()?
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
            files.push(StoredFile {
                sha256: name.to_owned(),
                modified_ms: modified,
            });
        }
    }
    Ok(files)
}

/// Where the files are, for the log: a directory or `store/root`.
impl fmt::Display for EvidenceStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.backend {
            Backend::Local { dir } => write!(f, "directory {}", dir.display()),
            Backend::Object { store, root } => write!(f, "{store}/{root}"),
        }
    }
}

/// Splits `s3://bucket[/prefix]` into the bucket and the key prefix.
fn parse_s3_url(url: &str) -> anyhow::Result<(String, ObjectPath)> {
    let expected = "expected s3://bucket or s3://bucket/prefix";
    let Some(rest) = url.strip_prefix("s3://") else {
        anyhow::bail!("evidence URL {url:?} is not supported; {expected}");
    };
    if rest.contains(['?', '#']) {
        anyhow::bail!("evidence URL {url:?} has a query or fragment; {expected}");
    }
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    if bucket.is_empty() || bucket.contains([':', '@']) || bucket.contains(char::is_whitespace) {
        anyhow::bail!("evidence URL {url:?} does not name a bucket; {expected}");
    }
    let prefix = ObjectPath::parse(prefix)
        .map_err(|e| anyhow::anyhow!("evidence URL {url:?} has a bad prefix: {e}"))?;
    Ok((bucket.to_owned(), prefix))
}

/// Where a file lives on disk; only called with a valid hash, so no caller
/// can make the store touch another path.
fn local_path(dir: &Path, sha256: &str) -> PathBuf {
    debug_assert!(netral_shared::validate::is_sha256_hex(sha256));
    shard_dir(dir, sha256).join(sha256)
}

fn shard_dir(dir: &Path, sha256: &str) -> PathBuf {
    dir.join(&sha256[..2])
}

/// Where an object lives; only called with a valid hash.
fn object_key(root: &ObjectPath, sha256: &str) -> ObjectPath {
    debug_assert!(netral_shared::validate::is_sha256_hex(sha256));
    root.clone().join(&sha256[..2]).join(sha256)
}

/// An object-store failure, as the I/O error the HTTP layer answers 500 to.
fn store_error(e: object_store::Error) -> io::Error {
    io::Error::other(e)
}

/// The object's size from a `HEAD`, or `None` when there is none.
async fn head_size(store: &dyn ObjectStore, location: &ObjectPath) -> io::Result<Option<u64>> {
    match store.head(location).await {
        Ok(meta) => Ok(Some(meta.size)),
        Err(object_store::Error::NotFound { .. }) => Ok(None),
        Err(e) => Err(store_error(e)),
    }
}

/// Stores a verified file unless it is there; `true` when this call stored
/// it. Its content is fixed by its key, so whichever upload wins, the object
/// holds the same bytes.
async fn create_object(
    store: &dyn ObjectStore,
    location: &ObjectPath,
    payload: PutPayload,
    media_type: &'static str,
) -> io::Result<bool> {
    let options = |mode| {
        let mut attributes = Attributes::new();
        attributes.insert(Attribute::ContentType, media_type.into());
        PutOptions {
            mode,
            attributes,
            ..PutOptions::default()
        }
    };
    for attempt in 1..=CREATE_ATTEMPTS {
        match store
            .put_opts(location, payload.clone(), options(PutMode::Create))
            .await
        {
            Ok(_) => return Ok(true),
            // 412 (it exists) or 409 (a concurrent conditional write holds
            // the key): already had, once it can be read.
            Err(object_store::Error::AlreadyExists { .. }) => {
                if head_size(store, location).await?.is_some() {
                    return Ok(false);
                }
                tokio::time::sleep(Duration::from_millis(100 * u64::from(attempt))).await;
            }
            // Conditional puts are switched off (`AWS_CONDITIONAL_PUT=disabled`,
            // for an S3-compatible server that refuses or ignores
            // `If-None-Match`): HEAD, then an ordinary PUT. Still one object
            // per hash and never a partial one, but concurrent first uploads
            // of one file may then each answer "created".
            Err(object_store::Error::NotImplemented { .. }) => {
                if head_size(store, location).await?.is_some() {
                    return Ok(false);
                }
                store
                    .put_opts(location, payload, options(PutMode::Overwrite))
                    .await
                    .map_err(store_error)?;
                return Ok(true);
            }
            Err(e) => return Err(store_error(e)),
        }
    }
    Err(io::Error::other(format!(
        "{location}: the store kept reporting a concurrent write, but the object never appeared"
    )))
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
    let media = MediaType::sniff(bytes).ok_or(EvidenceError::TypeNotAllowed)?;
    if bytes.len() as u64 > media.max_bytes() {
        return Err(EvidenceError::TooLarge);
    }
    Ok(media.mime())
}

/// The media type of an allowed file, judged by its first bytes only (the
/// client's `Content-Type` is not trusted): JPEG, PNG, WebP, PDF, MP4 or
/// WebM, by the rule the phone uses too.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    MediaType::sniff(bytes).map(MediaType::mime)
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
    use futures::StreamExt;
    use object_store::memory::InMemory;

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

    #[test]
    fn a_video_may_be_larger_than_a_picture() {
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0];
        jpeg.resize(MAX_DOCUMENT_BYTES + 1, 7);
        assert!(matches!(
            verify(&hex::encode(Sha256::digest(&jpeg)), &jpeg),
            Err(EvidenceError::TooLarge)
        ));
        let mut mp4 = b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom".to_vec();
        mp4.resize(MAX_DOCUMENT_BYTES + 1, 7);
        assert_eq!(
            verify(&hex::encode(Sha256::digest(&mp4)), &mp4).unwrap(),
            "video/mp4"
        );
        mp4.resize(MAX_VIDEO_BYTES + 1, 7);
        assert!(matches!(
            verify(&hex::encode(Sha256::digest(&mp4)), &mp4),
            Err(EvidenceError::TooLarge)
        ));
    }

    fn in_memory() -> (Arc<InMemory>, EvidenceStore) {
        let memory = Arc::new(InMemory::new());
        let store = EvidenceStore::with_object_store(memory.clone(), &ObjectPath::from("p/q"));
        (memory, store)
    }

    #[tokio::test]
    async fn only_valid_hashes_reach_either_backend() {
        let dir = tempfile::tempdir().unwrap();
        let (memory, object) = in_memory();
        for store in [EvidenceStore::open(dir.path()).unwrap(), object] {
            for bad in ["", "..", "../netral.db", &"A".repeat(64), &"0".repeat(63)] {
                assert_eq!(store.exists(bad).await.unwrap(), None, "{store}: {bad}");
                assert_eq!(store.get(bad).await.unwrap(), None, "{store}: {bad}");
                // A bad address can never equal a computed digest.
                assert!(matches!(
                    store.put(bad, b"%PDF-1.4\n").await,
                    Err(EvidenceError::HashMismatch { .. })
                ));
            }
        }
        assert!(memory.list(None).next().await.is_none());
        let mut shards = std::fs::read_dir(dir.path().join("evidence")).unwrap();
        assert!(shards.next().is_none());
    }

    #[tokio::test]
    async fn an_object_store_keeps_each_file_once_under_its_hash() {
        let (memory, store) = in_memory();
        let pdf = b"%PDF-1.7\n%%EOF\n";
        let hash = hex::encode(Sha256::digest(pdf));
        assert_eq!(store.exists(&hash).await.unwrap(), None);
        assert_eq!(store.get(&hash).await.unwrap(), None);

        let first = store.put(&hash, pdf).await.unwrap();
        assert_eq!(
            first,
            PutOutcome {
                created: true,
                bytes: pdf.len() as u64,
                media_type: "application/pdf"
            }
        );
        let again = store.put(&hash, pdf).await.unwrap();
        assert_eq!(
            again,
            PutOutcome {
                created: false,
                ..first
            }
        );
        assert_eq!(store.exists(&hash).await.unwrap(), Some(pdf.len() as u64));
        assert_eq!(store.get(&hash).await.unwrap().unwrap(), pdf);

        let key = ObjectPath::from(format!("p/q/evidence/{}/{hash}", &hash[..2]));
        let meta = memory.head(&key).await.unwrap();
        assert_eq!(meta.size, pdf.len() as u64);
        let stored = memory.get(&key).await.unwrap();
        assert_eq!(
            stored
                .attributes
                .get(&Attribute::ContentType)
                .unwrap()
                .as_ref(),
            "application/pdf"
        );
        assert_eq!(memory.list(None).count().await, 1);
    }

    #[tokio::test]
    async fn an_object_store_refuses_what_verify_refuses_and_writes_nothing() {
        let (memory, store) = in_memory();
        let text = b"just text";
        let hash = hex::encode(Sha256::digest(text));
        assert!(matches!(
            store.put(&hash, text).await,
            Err(EvidenceError::TypeNotAllowed)
        ));
        assert!(matches!(
            store.put(&"0".repeat(64), b"%PDF-1.4\n").await,
            Err(EvidenceError::HashMismatch { .. })
        ));
        let big = vec![0xFF; MAX_EVIDENCE_BYTES + 1];
        assert!(matches!(
            store.put(&hash, &big).await,
            Err(EvidenceError::TooLarge)
        ));
        assert_eq!(memory.list(None).count().await, 0);
    }

    #[test]
    fn s3_urls_name_a_bucket_and_an_optional_prefix() {
        let ok = |url: &str| {
            let (bucket, prefix) = parse_s3_url(url).unwrap();
            (bucket, prefix.to_string())
        };
        assert_eq!(ok("s3://netral"), ("netral".into(), "".into()));
        assert_eq!(ok("s3://netral/"), ("netral".into(), "".into()));
        assert_eq!(ok("s3://netral/prod"), ("netral".into(), "prod".into()));
        assert_eq!(ok("s3://netral/a/b/"), ("netral".into(), "a/b".into()));
        for bad in [
            "",
            "netral",
            "file:///srv/evidence",
            "https://s3.example.org/netral",
            "s3://",
            "s3:///prefix",
            "s3://user@netral",
            "s3://netral:9000/x",
            "s3://netral/a//b",
            "s3://netral/../b",
            "s3://netral/x?region=eu",
            "s3://net ral",
        ] {
            assert!(parse_s3_url(bad).is_err(), "{bad}");
        }
    }
}
