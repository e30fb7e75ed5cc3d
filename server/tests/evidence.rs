mod common;

use std::path::{Path, PathBuf};

use std::time::{Duration, Instant};

use common::{TestApp, bearer_client, jpeg, json, sha256, spawn_app, spawn_app_with, valid_report};
use netral_server::config::Settings;
use netral_server::startup::Application;
use netral_server::store::evidence::{MAX_DOCUMENT_BYTES, MAX_VIDEO_BYTES};
use netral_shared::report::{PhotoRef, Report, VideoRef};
use serde_json::Value;

fn evidence_url(app: &TestApp, hash: &str) -> String {
    app.url(&format!("/api/v1/evidence/{hash}"))
}

async fn put(app: &TestApp, hash: &str, bytes: Vec<u8>) -> (u16, Value) {
    put_as(app, &app.client, hash, bytes).await
}

async fn put_as(
    app: &TestApp,
    device: &reqwest::Client,
    hash: &str,
    bytes: Vec<u8>,
) -> (u16, Value) {
    let res = device
        .put(evidence_url(app, hash))
        .header("content-type", "application/octet-stream")
        .body(bytes)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

/// Every file under `data_dir/evidence`, temporary ones included.
fn files_on_disk(data_dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&data_dir.join("evidence"), &mut out);
    out
}

fn assert_error(body: &Value, code: &str) {
    assert_eq!(body["code"], code, "{body}");
    assert!(
        body["message"]["id"]
            .as_str()
            .is_some_and(|s| !s.is_empty())
    );
    assert!(
        body["message"]["en"]
            .as_str()
            .is_some_and(|s| !s.is_empty())
    );
}

#[tokio::test]
async fn a_photo_is_stored_once() {
    let app = spawn_app().await;
    let photo = jpeg(4000, 1);
    let hash = sha256(&photo);

    let (status, body) = put(&app, &hash, photo.clone()).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["sha256"], hash);
    assert_eq!(body["bytes"], 4000);
    assert_eq!(body["media_type"], "image/jpeg");
    assert_eq!(body["created"], true);

    let (status, body) = put(&app, &hash, photo.clone()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["created"], false);
    assert_eq!(body["bytes"], 4000);
    assert_eq!(body["media_type"], "image/jpeg");

    let path = app
        .data_dir
        .path()
        .join("evidence")
        .join(&hash[..2])
        .join(&hash);
    assert_eq!(files_on_disk(app.data_dir.path()), vec![path.clone()]);
    assert_eq!(std::fs::read(path).unwrap(), photo);
}

#[tokio::test]
async fn head_says_whether_a_file_is_stored() {
    let app = spawn_app().await;
    let photo = jpeg(1234, 2);
    let hash = sha256(&photo);

    let res = app
        .client
        .head(evidence_url(&app, &hash))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);

    assert_eq!(put(&app, &hash, photo).await.0, 201);
    let res = app
        .client
        .head(evidence_url(&app, &hash))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-length"], "1234");
    assert!(res.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn get_returns_the_same_bytes_with_their_type() {
    let app = spawn_app().await;
    let photo = jpeg(5000, 3);
    let hash = sha256(&photo);
    assert_eq!(put(&app, &hash, photo.clone()).await.0, 201);

    let res = app
        .admin
        .get(evidence_url(&app, &hash))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let headers = res.headers().clone();
    assert_eq!(headers["content-type"], "image/jpeg");
    // The browser may keep it a few minutes; no shared cache, not a year.
    assert_eq!(headers["cache-control"], "private, max-age=300");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["content-length"], "5000");
    assert_eq!(res.bytes().await.unwrap().as_ref(), photo.as_slice());

    let unknown = sha256(b"never uploaded");
    let res = app
        .admin
        .get(evidence_url(&app, &unknown))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert_error(&res.json().await.unwrap(), "not_found");
}

#[tokio::test]
async fn png_webp_and_pdf_are_accepted_by_their_content() {
    let app = spawn_app().await;
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend([7; 100]);
    let mut webp = b"RIFF\x70\0\0\0WEBPVP8 ".to_vec();
    webp.extend([8; 100]);
    let pdf = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n".to_vec();
    for (bytes, media_type) in [
        (png, "image/png"),
        (webp, "image/webp"),
        (pdf, "application/pdf"),
    ] {
        let hash = sha256(&bytes);
        let (status, body) = put(&app, &hash, bytes).await;
        assert_eq!(status, 201, "{body}");
        assert_eq!(body["media_type"], media_type);
        let res = app
            .admin
            .get(evidence_url(&app, &hash))
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["content-type"], media_type);
    }
}

#[tokio::test]
async fn content_that_does_not_match_its_hash_is_refused() {
    let app = spawn_app().await;
    let photo = jpeg(3000, 4);
    let mut damaged = photo.clone();
    damaged[1500] ^= 0xFF;

    let (status, body) = put(&app, &sha256(&photo), damaged).await;
    assert_eq!(status, 422, "{body}");
    assert_error(&body, "evidence_hash_mismatch");
    assert!(files_on_disk(app.data_dir.path()).is_empty());
}

#[tokio::test]
async fn a_file_of_another_type_is_refused() {
    let app = spawn_app().await;
    let text = b"Ini bukan foto, hanya teks biasa.\n".to_vec();
    let (status, body) = put(&app, &sha256(&text), text).await;
    assert_eq!(status, 415, "{body}");
    assert_error(&body, "evidence_type_not_allowed");

    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".to_vec();
    let (status, body) = put(&app, &sha256(&svg), svg).await;
    assert_eq!(status, 415, "{body}");
    assert!(files_on_disk(app.data_dir.path()).is_empty());
}

#[tokio::test]
async fn a_file_of_exactly_the_limit_is_stored() {
    let app = spawn_app().await;
    let photo = jpeg(MAX_DOCUMENT_BYTES, 5);
    let hash = sha256(&photo);
    let (status, body) = put(&app, &hash, photo).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["bytes"], MAX_DOCUMENT_BYTES);
}

#[tokio::test]
async fn a_file_over_the_limit_is_refused_naming_the_limit() {
    let app = spawn_app().await;
    // One byte over (refused by the store), and two (refused while the body
    // is read, by the route's body limit): the same answer.
    for len in [MAX_DOCUMENT_BYTES + 1, MAX_DOCUMENT_BYTES + 2] {
        let photo = jpeg(len, 6);
        let (status, body) = put(&app, &sha256(&photo), photo).await;
        assert_eq!(status, 413, "{len}: {body}");
        assert_error(&body, "evidence_too_large");
        assert!(
            body["message"]["id"].as_str().unwrap().contains("10 MB"),
            "{body}"
        );
        assert!(
            body["message"]["en"].as_str().unwrap().contains("10 MB"),
            "{body}"
        );
    }
    assert!(files_on_disk(app.data_dir.path()).is_empty());
}

/// A WebM file of `len` bytes: the EBML header Chromium's MediaRecorder
/// writes, then filler.
fn webm(len: usize, seed: u8) -> Vec<u8> {
    let mut bytes = vec![
        0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0xF7, 0x81, 0x01, 0x42, 0xF2,
        0x81, 0x04, 0x42, 0xF3, 0x81, 0x08, 0x42, 0x82, 0x84, b'w', b'e', b'b', b'm', 0x42, 0x87,
        0x81, 0x04, 0x42, 0x85, 0x81, 0x02,
    ];
    bytes.resize(len, seed);
    bytes
}

/// Issue 13: screen recordings are up to 50 MB, five times a photo's limit,
/// and are served with their sniffed type to the coordinators of a report
/// that names them.
#[tokio::test]
async fn a_video_up_to_its_own_limit_is_stored_and_served_by_its_type() {
    let app = spawn_app().await;
    let video = webm(MAX_VIDEO_BYTES, 3);
    let hash = sha256(&video);
    let (status, body) = put(&app, &hash, video.clone()).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["media_type"], "video/webm");
    assert_eq!(body["bytes"], MAX_VIDEO_BYTES);

    let mut r = valid_report();
    r.photos.clear();
    r.videos = vec![VideoRef {
        sha256: hash.clone(),
        media_type: "video/webm".into(),
        bytes: MAX_VIDEO_BYTES as u64,
        captured_at: "2024-11-20T09:31".into(),
    }];
    sync_as(&app, &app.client, &r).await;
    let east = app.coordinator("koord-jatim", &["35"]).await;
    let west = app.coordinator("koord-jabar", &["32"]).await;
    assert_eq!(status_of(&west, &evidence_url(&app, &hash)).await, 404);
    let res = east.get(evidence_url(&app, &hash)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "video/webm");
    assert_eq!(
        sha256(&res.bytes().await.unwrap()),
        hash,
        "the same bytes come back"
    );

    let over = webm(MAX_VIDEO_BYTES + 1, 4);
    let (status, body) = put(&app, &sha256(&over), over).await;
    assert_eq!(status, 413, "{body}");
    assert_error(&body, "evidence_too_large");
    assert!(
        body["message"]["id"].as_str().unwrap().contains("50 MB"),
        "{body}"
    );
    // A picture does not get a video's allowance.
    let photo = jpeg(MAX_DOCUMENT_BYTES + 1000, 5);
    let (status, _) = put(&app, &sha256(&photo), photo).await;
    assert_eq!(status, 413);
    assert_eq!(files_on_disk(app.data_dir.path()).len(), 1);
}

#[tokio::test]
async fn concurrent_uploads_of_one_file_store_it_once() {
    let app = spawn_app().await;
    let photo = jpeg(200_000, 7);
    let hash = sha256(&photo);

    let uploads = (0..8).map(|_| put(&app, &hash, photo.clone()));
    let results = futures::future::join_all(uploads).await;

    for (status, body) in &results {
        assert!(matches!(status, 200 | 201), "{status}: {body}");
        assert_eq!(body["sha256"], hash);
    }
    let created: Vec<_> = results.iter().filter(|(s, _)| *s == 201).collect();
    assert_eq!(created.len(), 1, "{results:?}");
    assert_eq!(
        results.iter().filter(|(_, b)| b["created"] == true).count(),
        1
    );
    let files = files_on_disk(app.data_dir.path());
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(std::fs::read(&files[0]).unwrap(), photo);
}

#[tokio::test]
async fn an_address_that_is_not_a_sha256_is_not_found() {
    let app = spawn_app().await;
    let photo = jpeg(1000, 8);
    let hash = sha256(&photo);
    for bad in [
        hash.to_uppercase(),
        hash[..63].to_owned(),
        format!("{hash}0"),
        format!("{}g", &hash[..63]),
        "..%2Fnetral.db".to_owned(),
    ] {
        let url = evidence_url(&app, &bad);
        let res = app
            .client
            .put(&url)
            .body(photo.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "{bad}");
        assert_error(&res.json().await.unwrap(), "not_found");

        let res = app.admin.get(&url).send().await.unwrap();
        assert_eq!(res.status(), 404, "{bad}");
        assert_error(&res.json().await.unwrap(), "not_found");

        let res = app.client.head(&url).send().await.unwrap();
        assert_eq!(res.status(), 404, "{bad}");
    }
    assert!(files_on_disk(app.data_dir.path()).is_empty());
}

/// `--evidence-url` takes `s3://bucket[/prefix]` only; anything else stops
/// the server at start rather than at the first upload. (The S3 store
/// itself is tested in `tests/evidence_s3.rs`.)
#[tokio::test]
async fn an_evidence_url_that_is_not_s3_stops_the_start() {
    let data_dir = tempfile::tempdir().unwrap();
    for url in [
        "file:///srv/evidence",
        "/srv/evidence",
        "s3://",
        "s3://bucket/a//b",
    ] {
        let settings = Settings {
            evidence_url: Some(url.to_owned()),
            ..Settings::ephemeral(data_dir.path().to_owned())
        };
        match Application::build(settings).await {
            Ok(_) => panic!("{url} was accepted"),
            Err(e) => assert!(e.to_string().contains("evidence URL"), "{url}: {e}"),
        }
    }
    assert!(!data_dir.path().join("evidence").exists());
}

/// A report in `regency` (`32.73`: Kota Bandung, `35.78`: Kota Surabaya)
/// naming `photo`.
fn report_with_photo(regency: &str, photo: &str) -> Report {
    let mut r = valid_report();
    r.place.province = regency[..2].into();
    r.place.regency = regency.into();
    r.photos = vec![PhotoRef {
        sha256: photo.into(),
        original_sha256: photo.into(),
        captured_at: "2024-11-20T09:31".into(),
        bytes: 2000,
        dhash: String::new(),
    }];
    r
}

async fn sync_as(app: &TestApp, device: &reqwest::Client, report: &Report) {
    let res = device
        .post(app.url("/api/v1/sync"))
        .json(&serde_json::json!({ "reports": [json(report)] }))
        .send()
        .await
        .unwrap();
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["results"][0]["outcome"], "accepted", "{body}");
}

async fn status_of(client: &reqwest::Client, url: &str) -> u16 {
    client.get(url).send().await.unwrap().status().as_u16()
}

/// Issue 15: a coordinator of West Java mints a device with an invite of
/// their own, and files a report there naming the SHA-256 of a photo a
/// volunteer in East Java uploaded. The report counts for access to the
/// file only once its own device uploaded it.
#[tokio::test]
async fn a_photo_is_seen_only_through_reports_whose_device_uploaded_it() {
    let app = spawn_app().await;
    let photo = jpeg(2000, 11);
    let hash = sha256(&photo);
    let url = evidence_url(&app, &hash);
    assert_eq!(put(&app, &hash, photo.clone()).await.0, 201);
    sync_as(&app, &app.client, &report_with_photo("35.78", &hash)).await;
    let east = app.coordinator("koord-jatim", &["35"]).await;
    let west = app.coordinator("koord-jabar", &["32"]).await;
    assert_eq!(status_of(&east, &url).await, 200);
    assert_eq!(status_of(&west, &url).await, 404);

    let minted = bearer_client(&app.join_device(&["32"]).await);
    let mut planted = report_with_photo("32.73", &hash);
    // Someone else, so it opens a case of its own in West Java.
    planted.terlapor.name = "Budi Santoso".into();
    sync_as(&app, &minted, &planted).await;
    let res = west.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 404, "a report naming a hash is not access");
    assert_error(&res.json().await.unwrap(), "not_found");
    assert_eq!(status_of(&east, &url).await, 200);
    assert_eq!(status_of(&app.admin, &url).await, 200);

    // A device that holds the bytes and uploads them is an uploader too.
    let (status, body) = put_as(&app, &minted, &hash, photo).await;
    assert_eq!((status, &body["created"]), (200, &Value::Bool(false)));
    assert_eq!(status_of(&west, &url).await, 200);
}

/// `HEAD` answers for the asking device's own uploads only; the phone's
/// outbox (HEAD, then PUT when not 200) still ends with the file recorded
/// as its upload, without storing it twice.
#[tokio::test]
async fn head_does_not_tell_one_device_about_another_devices_file() {
    let app = spawn_app().await;
    let photo = jpeg(1500, 12);
    let hash = sha256(&photo);
    let other = bearer_client(&app.join_device(&["35"]).await);
    let head = |client: &reqwest::Client| {
        let request = client.head(evidence_url(&app, &hash));
        async move { request.send().await.unwrap().status().as_u16() }
    };

    assert_eq!(put(&app, &hash, photo.clone()).await.0, 201);
    assert_eq!(head(&app.client).await, 200);
    assert_eq!(
        head(&other).await,
        404,
        "another device's file looks absent"
    );

    let (status, body) = put_as(&app, &other, &hash, photo.clone()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["created"], false);
    assert_eq!(head(&other).await, 200);
    assert_eq!(files_on_disk(app.data_dir.path()).len(), 1);
    assert_eq!(app.count_rows("evidence_uploads").await, 2);
}

/// Per device and 24 hours: a file count and a byte count, each refused
/// with `429 evidence_quota`, `Retry-After` and a message in both
/// languages; sending one's own file again is free, and other devices are
/// not affected.
#[tokio::test]
async fn each_device_uploads_within_a_daily_quota() {
    let app = spawn_app_with(|s| {
        s.limits.evidence_files_per_day = 3;
        s.limits.evidence_mb_per_day = 1;
    })
    .await;
    let files: Vec<Vec<u8>> = (0..3).map(|i| jpeg(300_000, 21 + 2 * i)).collect();
    for f in &files[..2] {
        assert_eq!(put(&app, &sha256(f), f.clone()).await.0, 201);
    }
    // 600,000 bytes so far; 900,000 is under 1 MiB, but a fourth file would
    // be over the count, and a larger third one over the bytes.
    let big = jpeg(500_000, 29);
    let res = app
        .client
        .put(evidence_url(&app, &sha256(&big)))
        .body(big.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((23 * 3600..=24 * 3600).contains(&retry), "{retry}");
    let body: Value = res.json().await.unwrap();
    assert_error(&body, "evidence_quota");
    assert!(
        body["message"]["id"].as_str().unwrap().contains("24 jam"),
        "{body}"
    );
    assert!(
        body["message"]["en"].as_str().unwrap().contains("24 hours"),
        "{body}"
    );

    assert_eq!(put(&app, &sha256(&files[2]), files[2].clone()).await.0, 201);
    let fourth = jpeg(1000, 31);
    let (status, body) = put(&app, &sha256(&fourth), fourth.clone()).await;
    assert_eq!(status, 429, "{body}");
    assert_error(&body, "evidence_quota");
    // A retry of a file it already sent is not a new upload.
    assert_eq!(put(&app, &sha256(&files[0]), files[0].clone()).await.0, 200);

    let other = bearer_client(&app.join_device(&["35"]).await);
    assert_eq!(put_as(&app, &other, &sha256(&fourth), fourth).await.0, 201);
    assert_eq!(files_on_disk(app.data_dir.path()).len(), 4);
}

/// Files no report names are deleted once the grace period has passed;
/// a file a report names stays, however old.
#[tokio::test]
async fn files_no_report_names_are_removed_after_the_grace_period() {
    let app = spawn_app_with(|s| {
        s.limits.evidence_grace = Duration::from_secs(1);
        s.limits.evidence_sweep_every = Duration::from_millis(200);
    })
    .await;
    let named = jpeg(2000, 41);
    let orphan = jpeg(2000, 43);
    let late = jpeg(2000, 45);
    let uploaded = Instant::now();
    for f in [&named, &orphan] {
        assert_eq!(put(&app, &sha256(f), f.clone()).await.0, 201);
    }
    sync_as(
        &app,
        &app.client,
        &report_with_photo("35.78", &sha256(&named)),
    )
    .await;
    let path = |f: &[u8]| {
        let hash = sha256(f);
        app.data_dir
            .path()
            .join("evidence")
            .join(&hash[..2])
            .join(hash)
    };

    while path(&orphan).exists() {
        assert!(
            uploaded.elapsed() < Duration::from_secs(10),
            "never removed"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        uploaded.elapsed() >= Duration::from_millis(900),
        "removed within its grace period"
    );
    assert!(path(&named).exists());
    let res = app
        .admin
        .get(evidence_url(&app, &sha256(&named)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = app
        .admin
        .get(evidence_url(&app, &sha256(&orphan)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    // Its upload record went with it: HEAD says absent, PUT stores it anew.
    let res = app
        .client
        .head(evidence_url(&app, &sha256(&orphan)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(put(&app, &sha256(&orphan), orphan.clone()).await.0, 201);

    // A file uploaded just now waits out its own grace period.
    assert_eq!(put(&app, &sha256(&late), late.clone()).await.0, 201);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(path(&late).exists());
}
