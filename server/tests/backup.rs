//! `netral backup` while the real server takes syncs and uploads: the
//! snapshot holds only whole, committed reports identical to the source's,
//! consistent cases, and every photo its reports name; restored into a new
//! data directory it serves them.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::process::{Netral, admin_client, device_client, run};
use common::{jpeg, sha256};
use netral_shared::report::PhotoRef;
use sqlx::SqlitePool;

const BATCH: usize = 50;
/// `netral backup` starts once this many batches are stored (by default;
/// `NETRAL_BACKUP_TEST_REPORTS=20000` measures a larger database: the
/// backup starts at three quarters of it).
const BACKUP_AFTER: usize = 6;
const REPORTS: usize = 4_000;

async fn sqlite(path: &std::path::Path) -> SqlitePool {
    SqlitePool::connect_with(
        sqlx::sqlite::SqliteConnectOptions::new()
            .filename(path)
            .read_only(true),
    )
    .await
    .unwrap()
}

type Version = (String, i64, Vec<u8>, String);

async fn versions(pool: &SqlitePool) -> Vec<Version> {
    sqlx::query_as("SELECT report_id, revision, content_hash, body FROM report_versions")
        .fetch_all(pool)
        .await
        .unwrap()
}

/// Each table's row count and a SHA-256 of its rows, every column quoted
/// (`quote()` spells blobs and NULL apart from text) and the rows sorted, so
/// two databases compare equal only when they hold the same rows, whatever
/// their pages and rowids. Tables are listed from `sqlite_master`, so a table
/// a later migration adds is compared without touching this test.
async fn table_digests(pool: &SqlitePool) -> BTreeMap<String, (i64, String)> {
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .fetch_all(pool)
            .await
            .unwrap();
    let mut out = BTreeMap::new();
    for table in tables {
        let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info(?)")
            .bind(&table)
            .fetch_all(pool)
            .await
            .unwrap();
        let row = columns
            .iter()
            .map(|c| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        let rows: Vec<String> =
            sqlx::query_scalar(&format!("SELECT {row} FROM \"{table}\" ORDER BY 1"))
                .fetch_all(pool)
                .await
                .unwrap();
        let digest = sha256(rows.join("\n").as_bytes());
        out.insert(table, (rows.len() as i64, digest));
    }
    out
}

/// `{2 hex}/{sha256}` → the file's SHA-256, under an evidence directory.
fn evidence_files(dir: &std::path::Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Ok(shards) = std::fs::read_dir(dir) else {
        return out;
    };
    for shard in shards {
        let shard = shard.unwrap();
        if !shard.file_type().unwrap().is_dir() {
            continue;
        }
        for file in std::fs::read_dir(shard.path()).unwrap() {
            let file = file.unwrap();
            let name = file.file_name().into_string().unwrap();
            if netral_shared::validate::is_sha256_hex(&name) {
                let bytes = std::fs::read(file.path()).unwrap();
                out.insert(
                    format!("{}/{name}", shard.file_name().to_string_lossy()),
                    sha256(&bytes),
                );
            }
        }
    }
    out
}

/// The manifest's counts against the backup it describes.
async fn check_manifest(dir: &std::path::Path) -> serde_json::Value {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let db_bytes = std::fs::read(dir.join("netral.db")).unwrap();
    assert_eq!(manifest["database"], "netral.db");
    assert_eq!(manifest["database_sha256"], sha256(&db_bytes));
    assert_eq!(manifest["database_bytes"], db_bytes.len() as u64);
    let snap = sqlite(&dir.join("netral.db")).await;
    for (key, sql) in [
        ("reports", "SELECT COUNT(*) FROM reports"),
        ("report_versions", "SELECT COUNT(*) FROM report_versions"),
        (
            "cases",
            "SELECT COUNT(*) FROM cases WHERE merged_into IS NULL",
        ),
    ] {
        let n: i64 = sqlx::query_scalar(sql).fetch_one(&snap).await.unwrap();
        assert_eq!(manifest[key], n, "manifest {key}");
    }
    snap.close().await;
    let files = evidence_files(&dir.join("evidence"));
    assert_eq!(manifest["evidence"], "evidence");
    assert_eq!(manifest["evidence_files"], files.len() as u64);
    let bytes: u64 = files
        .keys()
        .map(|f| {
            std::fs::metadata(dir.join("evidence").join(f))
                .unwrap()
                .len()
        })
        .sum();
    assert_eq!(manifest["evidence_bytes"], bytes);
    manifest
}

#[tokio::test]
async fn a_backup_taken_under_load_restores_whole() {
    // SQLite only: on PostgreSQL, backups are pg_dump's job.
    let source = tempfile::tempdir().unwrap();
    // One device sends thousands of photos here: far over a volunteer's
    // daily quota, which this test is not about.
    let mut server = Netral::serve(
        source.path(),
        None,
        &[],
        &[
            ("RUST_LOG", "warn"),
            ("NETRAL_EVIDENCE_FILES_PER_DAY", "1000000"),
        ],
    );
    server.wait_ready().await;
    let client = device_client(source.path(), None, &server.url("")).await;

    let (total, backup_after) = match std::env::var("NETRAL_BACKUP_TEST_REPORTS") {
        Ok(n) => {
            let n: usize = n.parse().expect("a number of reports");
            (n, n / BATCH * 3 / 4)
        }
        Err(_) => (REPORTS, BACKUP_AFTER),
    };
    let (mut reports, _) = netral_server::ops::synthetic::reports(total, 77);
    let stop = AtomicBool::new(false);
    let stored_batches = AtomicUsize::new(0);
    // Requests answered (photos and syncs): finer than batches, so that a
    // short backup still shows the server answering while it ran.
    let answered = AtomicUsize::new(0);
    for (i, r) in reports.iter_mut().enumerate() {
        let photo = jpeg(600 + i % 500, (i % 251) as u8);
        r.photos = vec![PhotoRef {
            sha256: sha256(&photo),
            original_sha256: sha256(&photo),
            captured_at: "2024-11-20T09:00:00Z".into(),
            bytes: photo.len() as u64,
            dhash: String::new(),
        }];
    }
    let load = async {
        for (b, chunk) in reports.chunks(BATCH).enumerate() {
            if stop.load(Ordering::SeqCst) {
                break;
            }
            // Photos first, as the app does before it syncs their report.
            for (i, _) in chunk.iter().enumerate() {
                let n = b * BATCH + i;
                let photo = jpeg(600 + n % 500, (n % 251) as u8);
                let res = client
                    .put(server.url(&format!("/api/v1/evidence/{}", sha256(&photo))))
                    .body(photo)
                    .send()
                    .await
                    .unwrap();
                assert!(res.status().is_success());
                answered.fetch_add(1, Ordering::SeqCst);
            }
            let res = client
                .post(server.url("/api/v1/sync"))
                .json(&serde_json::json!({ "reports": chunk }))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
            answered.fetch_add(1, Ordering::SeqCst);
            stored_batches.fetch_add(1, Ordering::SeqCst);
        }
    };
    let dest = tempfile::tempdir().unwrap();
    let backup_dir = dest.path().join("netral-backup");
    let backup = async {
        while stored_batches.load(Ordering::SeqCst) < backup_after {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let before = stored_batches.load(Ordering::SeqCst);
        let answered_before = answered.load(Ordering::SeqCst);
        let args = [
            "backup".to_owned(),
            "--data-dir".into(),
            source.path().display().to_string(),
            backup_dir.display().to_string(),
        ];
        let started = Instant::now();
        let out = tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            run(&args)
        })
        .await
        .unwrap();
        let elapsed = started.elapsed();
        let answered_after = answered.load(Ordering::SeqCst);
        // Let the load go on a little past the backup, then stop it.
        tokio::time::sleep(Duration::from_millis(200)).await;
        stop.store(true, Ordering::SeqCst);
        (out, elapsed, before, (answered_before, answered_after))
    };
    let ((), (out, elapsed, before, (answered_before, answered_after))) =
        futures::join!(load, backup);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        answered_after > answered_before,
        "syncs went on while the backup ran ({answered_before} → {answered_after} requests answered)"
    );

    // The manifest describes the files.
    let manifest = check_manifest(&backup_dir).await;
    let db_bytes = std::fs::read(backup_dir.join("netral.db")).unwrap();

    // Once the load has stopped, a backup while the server still runs holds
    // exactly what the source holds, table by table, and every file.
    let quiet_dir = dest.path().join("netral-backup-quiet");
    let out = run(&[
        "backup",
        "--data-dir",
        source.path().to_str().unwrap(),
        quiet_dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    check_manifest(&quiet_dir).await;

    server.terminate();
    assert!(server.wait_exit(Duration::from_secs(10)).await.success());
    restore_and_compare(source.path(), &quiet_dir).await;
    let src = sqlite(&source.path().join("netral.db")).await;
    let snap = sqlite(&backup_dir.join("netral.db")).await;

    // Whole, committed batches only, each version identical to the source's.
    let snap_versions = versions(&snap).await;
    let src_versions: HashSet<Version> = versions(&src).await.into_iter().collect();
    let n = snap_versions.len();
    assert!(
        n >= before * BATCH,
        "{n} reports; {before} batches were stored before"
    );
    assert_eq!(
        n % BATCH,
        0,
        "a batch is in the snapshot whole or not at all"
    );
    assert_eq!(manifest["reports"], n as u64);
    for v in &snap_versions {
        assert!(
            src_versions.contains(v),
            "report {} differs from the source",
            v.0
        );
    }
    let reporters = |pool| async move {
        let rows: Vec<(String, Vec<u8>, i64, i64)> =
            sqlx::query_as("SELECT report_id, sealed, has_contact, witnesses FROM reporters")
                .fetch_all(pool)
                .await
                .unwrap();
        rows
    };
    let src_reporters: HashSet<_> = reporters(&src).await.into_iter().collect();
    let snap_reporters = reporters(&snap).await;
    assert_eq!(snap_reporters.len(), n);
    assert!(snap_reporters.iter().all(|r| src_reporters.contains(r)));

    // Cases: every report in a live case, no live case empty.
    let count = |sql: &'static str| {
        let snap = &snap;
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(snap)
                .await
                .unwrap()
        }
    };
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM reports r LEFT JOIN cases c ON c.id = r.case_id \
             WHERE c.id IS NULL OR c.merged_into IS NOT NULL"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM cases c WHERE c.merged_into IS NULL \
             AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.case_id = c.id)"
        )
        .await,
        0
    );
    assert_eq!(count("SELECT COUNT(*) FROM reports").await, n as i64);

    // Every photo a report names is in the backup, with the right content.
    let mut photos = HashSet::new();
    for (_, _, _, body) in &snap_versions {
        let body: serde_json::Value = serde_json::from_str(body).unwrap();
        for p in body["photos"].as_array().unwrap() {
            photos.insert(p["sha256"].as_str().unwrap().to_owned());
        }
    }
    assert!(!photos.is_empty());
    for hash in &photos {
        let path = backup_dir.join("evidence").join(&hash[..2]).join(hash);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{hash}: {e}"));
        assert_eq!(&sha256(&bytes), hash);
    }
    snap.close().await;
    src.close().await;

    // Restore as the README says: the database and the evidence directory
    // into a new data directory, with the key; a server started on it
    // serves them.
    let restored = tempfile::tempdir().unwrap();
    std::fs::copy(
        backup_dir.join("netral.db"),
        restored.path().join("netral.db"),
    )
    .unwrap();
    copy_dir(
        &backup_dir.join("evidence"),
        &restored.path().join("evidence"),
    );
    // And the server secret, kept apart from the backup (DEPLOY.md).
    std::fs::copy(
        source.path().join("netral.key"),
        restored.path().join("netral.key"),
    )
    .unwrap();
    let mut server = Netral::serve(restored.path(), None, &[], &[("RUST_LOG", "warn")]);
    server.wait_ready().await;
    // The restored copy knows the phone's token and its reports; photos are
    // for staff to see.
    let staff = admin_client(restored.path(), None, &server.url("")).await;
    for (id, revision, _, _) in snap_versions.iter().step_by(7) {
        let res = client
            .get(server.url(&format!("/api/v1/reports/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{id}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["revision"], *revision);
    }
    for hash in photos.iter().take(20) {
        let res = staff
            .get(server.url(&format!("/api/v1/evidence/{hash}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(&sha256(&res.bytes().await.unwrap()), hash);
    }
    println!(
        "backup summary: {n} reports, {} evidence files ({} bytes), database {} bytes, \
         backup took {:.2}s under load",
        manifest["evidence_files"],
        manifest["evidence_bytes"],
        db_bytes.len(),
        elapsed.as_secs_f64()
    );
}

/// Restores `backup` into a new data directory as the README says, lets a
/// server start on it (and migrate, were anything missing) and stop, then
/// compares every table and every evidence file with the stopped source.
async fn restore_and_compare(source: &std::path::Path, backup: &std::path::Path) {
    let restored = tempfile::tempdir().unwrap();
    std::fs::copy(backup.join("netral.db"), restored.path().join("netral.db")).unwrap();
    copy_dir(&backup.join("evidence"), &restored.path().join("evidence"));
    // The server secret is not in the backup: it is restored from where it
    // is kept apart (here, the source's data directory).
    std::fs::copy(
        source.join("netral.key"),
        restored.path().join("netral.key"),
    )
    .unwrap();
    let mut server = Netral::serve(restored.path(), None, &[], &[("RUST_LOG", "warn")]);
    server.wait_ready().await;
    server.terminate();
    assert!(server.wait_exit(Duration::from_secs(10)).await.success());

    let src = sqlite(&source.join("netral.db")).await;
    let dst = sqlite(&restored.path().join("netral.db")).await;
    let (mut expected, mut got) = (table_digests(&src).await, table_digests(&dst).await);
    // The saved case index is a cache the restored server rewrites as it
    // catches up on start; what must hold is that it is at least as current
    // as the source's, not that its bytes match.
    let cursor = |pool| async move {
        sqlx::query_scalar::<_, i64>("SELECT cursor FROM case_index_snapshot WHERE id = 1")
            .fetch_optional(pool)
            .await
            .unwrap()
    };
    let (src_cursor, dst_cursor) = (cursor(&src).await, cursor(&dst).await);
    assert!(
        dst_cursor >= src_cursor,
        "the restored index snapshot ({dst_cursor:?}) is behind the source's ({src_cursor:?})"
    );
    assert!(expected.remove("case_index_snapshot").is_some());
    assert!(got.remove("case_index_snapshot").is_some());
    src.close().await;
    dst.close().await;
    assert!(
        expected.contains_key("reports") && expected.contains_key("audit_log"),
        "{expected:?}"
    );
    assert!(expected["reports"].0 > 0);
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "the same tables"
    );
    for (table, (rows, digest)) in &expected {
        assert_eq!(got[table].0, *rows, "rows of {table}");
        assert_eq!(&got[table].1, digest, "content of {table}");
    }
    let tables = expected.len();
    let (expected, got) = (
        evidence_files(&source.join("evidence")),
        evidence_files(&restored.path().join("evidence")),
    );
    assert!(!expected.is_empty());
    assert_eq!(got, expected, "the same evidence files");
    println!(
        "restored: {tables} tables and {} evidence files equal to the source",
        expected.len()
    );
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn postgres_deployments_are_pointed_to_pg_dump() {
    let data = tempfile::tempdir().unwrap();
    let dest = data.path().join("backup");
    let out = run(&[
        "backup",
        "--database-url",
        "postgres://netral@127.0.0.1:1/netral",
        dest.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("pg_dump"), "{stderr}");
    assert!(!dest.exists());
}

#[test]
fn a_backup_never_overwrites_another() {
    let data = tempfile::tempdir().unwrap();
    let out = run(&["migrate", "--data-dir", data.path().to_str().unwrap()]);
    assert!(out.status.success());
    let dest = data.path().join("backup");
    let backup = || {
        run(&[
            "backup",
            "--data-dir",
            data.path().to_str().unwrap(),
            dest.to_str().unwrap(),
        ])
    };
    assert!(backup().status.success());
    let again = backup();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds a backup"));
}

/// A backup is for the server's user alone (directories 0700, files
/// 0600), holds nothing of the reporters' identities or the witnesses in
/// plain text, says so in its manifest (naming the key by its check value,
/// not holding it), and is written to the audit log.
#[tokio::test]
async fn a_backup_is_private_sealed_and_audited() {
    use std::os::unix::fs::PermissionsExt;
    let app = common::spawn_app().await;
    if app.database_url.is_some() {
        // PostgreSQL is backed up with pg_dump; `netral backup` refuses it.
        return;
    }
    let photo = jpeg(900, 7);
    let res = app
        .client
        .put(app.url(&format!("/api/v1/evidence/{}", sha256(&photo))))
        .body(photo.clone())
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    let mut r = common::valid_report();
    r.reporter.name = "Wulandari Pelapor-Rahasia".into();
    r.reporter.contact = "0813-9999-4321".into();
    r.witnesses = "Saksi Bambang Sutrisno, 0857-1111-2222".into();
    r.photos = vec![PhotoRef {
        sha256: sha256(&photo),
        original_sha256: sha256(&photo),
        captured_at: "2024-11-20T09:00:00Z".into(),
        bytes: photo.len() as u64,
        dhash: String::new(),
    }];
    let (status, body) = app.sync(&[common::json(&r)]).await;
    assert_eq!(status, 200, "{body}");

    let dest = tempfile::tempdir().unwrap();
    let dir = dest.path().join("cadangan");
    let manifest = netral_server::ops::backup::run(&app.settings, &dir)
        .await
        .unwrap();
    assert!(manifest.identities_encrypted);
    assert_eq!(manifest.key_check, hex::encode(app.keys.check_value()));
    assert_eq!(manifest.evidence_files, 1);

    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let mut files = Vec::new();
    let mut dirs = vec![dir.clone()];
    while let Some(d) = dirs.pop() {
        assert_eq!(mode(&d), 0o700, "{}", d.display());
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                assert_eq!(mode(&path), 0o600, "{}", path.display());
                files.push(path);
            }
        }
    }
    assert_eq!(files.len(), 3, "database, manifest, one photo: {files:?}");
    assert!(
        !dir.join("netral.key").exists(),
        "the key is not in the backup"
    );
    let manifest_text = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
    assert!(
        manifest_text.contains("\"identities_encrypted\": true"),
        "{manifest_text}"
    );
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        for secret in [
            "Wulandari",
            "0813-9999-4321",
            "Bambang Sutrisno",
            "0857-1111-2222",
        ] {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{secret} in {}",
                path.display()
            );
        }
    }
    assert_eq!(app.count_rows("audit_log WHERE action = 'backup'").await, 1);
}
