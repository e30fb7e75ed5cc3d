//! `netral backup DEST_DIR`: a consistent copy of a SQLite deployment while
//! the server keeps running.
//!
//! The database is copied with `VACUUM INTO`, which reads one snapshot (a
//! read transaction, so it works beside WAL writers and sees only committed
//! batches). Evidence files are copied after it: they are write-once under
//! their SHA-256, so every file the snapshot refers to that was on disk
//! when the snapshot was taken is still there, unchanged, and gets copied.
//! A `manifest.json` records what was copied and the database's SHA-256.
//!
//! Everything is written for the server's user alone (directories 0700,
//! files 0600). The reporters' identities and witnesses in the copy are
//! sealed with the server secret, which is not copied: the manifest says so
//! and names the key by its check value. The backup is written to the
//! audit log of the source database.

use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

use crate::config::Settings;

pub const DATABASE_FILE: &str = "netral.db";
pub const MANIFEST_FILE: &str = "manifest.json";

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "netral backup copies SQLite deployments only; back up PostgreSQL with pg_dump \
         (e.g. `pg_dump --format=custom --file=netral.dump \"$NETRAL_DATABASE_URL\"`) \
         and the evidence store separately; see README, Operations"
    )]
    Postgres,
    #[error("{0} already holds a backup; choose a new directory")]
    Exists(PathBuf),
    #[error("there is no database at {0}")]
    NoDatabase(PathBuf),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("writing the backup: {0}")]
    Io(#[from] io::Error),
}

/// What a backup holds; written as `manifest.json` beside the copies.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub created_at: String,
    pub netral_version: String,
    pub database: String,
    pub database_bytes: u64,
    pub database_sha256: String,
    pub reports: i64,
    pub report_versions: i64,
    pub cases: i64,
    /// `evidence` (a directory beside the database), or the object store
    /// that keeps the files (not copied).
    pub evidence: String,
    pub evidence_files: u64,
    pub evidence_bytes: u64,
    pub seconds: f64,
    /// Every reporter's identity and the witnesses in the copy are sealed
    /// with the server secret, which this backup does not hold: keep the
    /// key (`netral.key` or `NETRAL_SECRET_KEY`) backed up apart.
    #[serde(default)]
    pub identities_encrypted: bool,
    /// Which server secret the database belongs to: the value derived from
    /// it that the database keeps (`server_key.key_check`), hex; not the key.
    #[serde(default)]
    pub key_check: String,
}

impl Manifest {
    pub fn summary(&self, dest: &Path) -> String {
        format!(
            "Cadangan / backup {}: {} reports ({} versions), {} cases, {} evidence files ({} bytes) in {:.1} s\n\
             database sha256 {}",
            dest.display(),
            self.reports,
            self.report_versions,
            self.cases,
            self.evidence_files,
            self.evidence_bytes,
            self.seconds,
            self.database_sha256
        )
    }
}

pub async fn run(settings: &Settings, dest: &Path) -> Result<Manifest, BackupError> {
    let started = Instant::now();
    if settings.is_postgres() {
        return Err(BackupError::Postgres);
    }
    let options = match settings.database_url.as_deref() {
        Some(url) => SqliteConnectOptions::from_str(url)?,
        None => SqliteConnectOptions::new().filename(settings.sqlite_path()),
    };
    let source = options.get_filename().to_owned();
    if !source.is_file() {
        return Err(BackupError::NoDatabase(source));
    }
    let db_path = dest.join(DATABASE_FILE);
    if db_path.exists() || dest.join(MANIFEST_FILE).exists() {
        return Err(BackupError::Exists(dest.to_owned()));
    }
    create_private_dir(dest)?;

    // Written under another name and renamed when complete, so a directory
    // with `netral.db` in it never holds half a database. Made empty first,
    // for the server's user alone (VACUUM INTO fills an empty file).
    let partial = dest.join("netral.db.partial");
    let _ = std::fs::remove_file(&partial);
    private_file(&partial)?;
    let mut conn = options
        .clone()
        .create_if_missing(false)
        .busy_timeout(std::time::Duration::from_secs(30))
        .connect()
        .await?;
    // In the source's audit log, straight through SQLite (the backup needs
    // neither the server secret nor the server), before the snapshot, so
    // the backup holds the record of its own making.
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor_username, action, target, details) \
         VALUES ($1, NULL, $2, $3, '', '{}')",
    )
    .bind(crate::store::now_ms())
    .bind(crate::store::audit::Actor::cli().username)
    .bind(netral_shared::accounts::AuditAction::Backup.code())
    .execute(&mut conn)
    .await?;
    sqlx::query("VACUUM INTO $1")
        .bind(partial.to_string_lossy().into_owned())
        .execute(&mut conn)
        .await?;
    conn.close().await?;
    std::fs::File::open(&partial)?.sync_all()?;
    std::fs::rename(&partial, &db_path)?;

    let mut snapshot = SqliteConnectOptions::new()
        .filename(&db_path)
        .read_only(true)
        .connect()
        .await?;
    let mut count = async |sql: &str| -> Result<i64, sqlx::Error> {
        sqlx::query_scalar(sql).fetch_one(&mut snapshot).await
    };
    let reports = count("SELECT COUNT(*) FROM reports").await?;
    let report_versions = count("SELECT COUNT(*) FROM report_versions").await?;
    let cases = count("SELECT COUNT(*) FROM cases WHERE merged_into IS NULL").await?;
    let unsealed = count("SELECT COUNT(*) FROM reporters WHERE sealed IS NULL").await?;
    let key_check: Option<Vec<u8>> = sqlx::query_scalar("SELECT key_check FROM server_key")
        .fetch_optional(&mut snapshot)
        .await?;
    snapshot.close().await?;

    let (evidence, evidence_files, evidence_bytes) = match &settings.evidence_url {
        Some(url) => (url.clone(), 0, 0),
        None => {
            let from = settings.data_dir.join("evidence");
            let to = dest.join("evidence");
            let (files, bytes) = tokio::task::spawn_blocking(move || copy_evidence(&from, &to))
                .await
                .map_err(io::Error::other)??;
            ("evidence".to_owned(), files, bytes)
        }
    };

    let db_for_hash = db_path.clone();
    let (database_sha256, database_bytes) =
        tokio::task::spawn_blocking(move || sha256_file(&db_for_hash))
            .await
            .map_err(io::Error::other)??;
    let manifest = Manifest {
        created_at: crate::store::format_ms(crate::store::now_ms()),
        netral_version: env!("CARGO_PKG_VERSION").to_owned(),
        database: DATABASE_FILE.to_owned(),
        database_bytes,
        database_sha256,
        reports,
        report_versions,
        cases,
        evidence,
        evidence_files,
        evidence_bytes,
        seconds: started.elapsed().as_secs_f64(),
        identities_encrypted: unsealed == 0 && key_check.is_some(),
        key_check: key_check.map(hex::encode).unwrap_or_default(),
    };
    let json = serde_json::to_vec_pretty(&manifest).map_err(io::Error::other)?;
    let manifest_path = dest.join(MANIFEST_FILE);
    let mut file = private_file(&manifest_path)?;
    io::Write::write_all(&mut file, &json)?;
    file.sync_all()?;

    Ok(manifest)
}

/// A directory only the server's user may enter (0700).
fn create_private_dir(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// A new, empty file only the server's user may read (0600).
fn private_file(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Copies `{from}/{2 hex}/{sha256}` files; anything else (an upload's
/// temporary file) is skipped. A file already in `to` is kept.
fn copy_evidence(from: &Path, to: &Path) -> io::Result<(u64, u64)> {
    let (mut files, mut bytes) = (0, 0);
    let shards = match std::fs::read_dir(from) {
        Ok(shards) => shards,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((0, 0)),
        Err(e) => return Err(e),
    };
    for shard in shards {
        let shard = shard?;
        if !shard.file_type()?.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(shard.path())? {
            let file = file?;
            let name = file.file_name();
            let Some(name) = name.to_str() else { continue };
            if !netral_shared::validate::is_sha256_hex(name) {
                continue;
            }
            let target_dir = to.join(shard.file_name());
            if !target_dir.exists() {
                create_private_dir(to)?;
                create_private_dir(&target_dir)?;
            }
            let target = target_dir.join(name);
            if !target.exists() {
                let mut out = private_file(&target)?;
                io::copy(&mut std::fs::File::open(file.path())?, &mut out)?;
                out.sync_all()?;
            }
            files += 1;
            bytes += file.metadata()?.len();
        }
    }
    Ok((files, bytes))
}

fn sha256_file(path: &Path) -> io::Result<(String, u64)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0; 1 << 16];
    let mut len = 0;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        len += n as u64;
    }
    Ok((hex::encode(hasher.finalize()), len))
}
