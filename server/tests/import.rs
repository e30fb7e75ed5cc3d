//! `netral import`: a phone's backup file, built here as the app writes it,
//! goes into the database and the evidence store through the sync path;
//! importing it again stores nothing twice.

mod common;

use base64::Engine;
use common::process::{Db, run};
use common::{jpeg, sha256, valid_report};
use netral_shared::backup::{Backup, BackupPhoto, BackupReport};
use netral_shared::report::PhotoRef;

fn data_url(bytes: &[u8]) -> String {
    format!(
        "data:image/jpeg;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

#[tokio::test]
async fn a_phone_backup_is_imported_once_with_its_photos() {
    let data = tempfile::tempdir().unwrap();
    let database_url = common::fresh_postgres_database().await;
    let photo = jpeg(3_000, 42);
    let photo_hash = sha256(&photo);
    let other = jpeg(2_000, 43);

    let mut backup = Backup::new("2024-11-20T10:00:00Z".into());
    let mut with_photo = valid_report();
    with_photo.photos = vec![PhotoRef {
        sha256: photo_hash.clone(),
        original_sha256: "b".repeat(64),
        captured_at: "2024-11-20T09:00:00Z".into(),
        bytes: photo.len() as u64,
        dhash: String::new(),
    }];
    let plain = valid_report();
    let mut draft = valid_report();
    draft.terlapor.name.clear();
    for report in [with_photo.clone(), plain.clone(), draft.clone()] {
        backup.reports.push(BackupReport {
            report,
            queued: true,
            attempted_revision: 0,
            created_at: 1.0,
            updated_at: 2.0,
        });
    }
    backup.photos.push(BackupPhoto {
        sha256: photo_hash.clone(),
        data_url: data_url(&photo),
    });
    // Bytes that do not match their fingerprint are refused.
    backup.photos.push(BackupPhoto {
        sha256: "0".repeat(64),
        data_url: data_url(&other),
    });
    let file = data.path().join("netral-cadangan.json");
    std::fs::write(&file, serde_json::to_vec(&backup).unwrap()).unwrap();

    let mut args = vec![
        "import".to_owned(),
        "--data-dir".into(),
        data.path().display().to_string(),
    ];
    if let Some(url) = &database_url {
        args.extend(["--database-url".into(), url.clone()]);
    }
    args.push(file.display().to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();

    let first = run(&args);
    let out = String::from_utf8_lossy(&first.stdout);
    assert!(
        first.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        out.contains("2 diterima / accepted, 0 sudah ada / replayed, 0 versi lama / stale, 1 ditolak / rejected"),
        "{out}"
    );
    // The rejected report is named, with the reason in both languages.
    assert!(
        out.contains(&format!(
            "ditolak / rejected {} terlapor.name: Wajib diisi. / Required.",
            draft.id
        )),
        "{out}"
    );
    assert!(
        out.contains("1 disimpan / stored, 0 sudah ada / already stored, 1 ditolak / refused"),
        "{out}"
    );
    let stored = data
        .path()
        .join("evidence")
        .join(&photo_hash[..2])
        .join(&photo_hash);
    assert_eq!(std::fs::read(&stored).unwrap(), photo);

    let second = run(&args);
    let out = String::from_utf8_lossy(&second.stdout);
    assert!(second.status.success(), "{out}");
    assert!(
        out.contains("0 diterima / accepted, 2 sudah ada / replayed, 0 versi lama / stale, 1 ditolak / rejected"),
        "{out}"
    );
    assert!(
        out.contains("0 disimpan / stored, 1 sudah ada / already stored, 1 ditolak / refused"),
        "{out}"
    );

    let db = Db::open(data.path(), database_url.as_deref()).await;
    let ids = [with_photo.id, plain.id];
    assert_eq!(db.count("SELECT COUNT(*) FROM reports").await, 2);
    assert_eq!(db.count_ids("reports", "id", &ids).await, 2);
    assert_eq!(db.count("SELECT COUNT(*) FROM report_versions").await, 2);
    assert_eq!(db.count("SELECT COUNT(*) FROM reporters").await, 2);
    // Each import is in the audit log, with counts only.
    assert_eq!(
        db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'import'")
            .await,
        2
    );
    assert_eq!(
        db.count(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'import' \
             AND details LIKE '%\"accepted\":2%'"
        )
        .await,
        1
    );
    db.close().await;
}

#[tokio::test]
async fn a_file_that_is_not_a_backup_is_refused_with_a_reason() {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("other.json");
    std::fs::write(
        &file,
        r#"{"format": "something", "version": 1, "exported_at": "", "reports": [], "photos": []}"#,
    )
    .unwrap();
    let out = run(&[
        "import",
        "--data-dir",
        data.path().to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not a Netral backup file"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
