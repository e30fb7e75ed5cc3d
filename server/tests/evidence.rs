mod common;

use std::path::{Path, PathBuf};

use common::{TestApp, jpeg, sha256, spawn_app};
use netral_server::config::Settings;
use netral_server::startup::Application;
use netral_server::store::evidence::MAX_EVIDENCE_BYTES;
use serde_json::Value;

fn evidence_url(app: &TestApp, hash: &str) -> String {
    app.url(&format!("/api/v1/evidence/{hash}"))
}

async fn put(app: &TestApp, hash: &str, bytes: Vec<u8>) -> (u16, Value) {
    let res = app
        .client
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
    assert_eq!(
        headers["cache-control"],
        "private, max-age=31536000, immutable"
    );
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
    let photo = jpeg(MAX_EVIDENCE_BYTES, 5);
    let hash = sha256(&photo);
    let (status, body) = put(&app, &hash, photo).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["bytes"], MAX_EVIDENCE_BYTES);
}

#[tokio::test]
async fn a_file_over_the_limit_is_refused_naming_the_limit() {
    let app = spawn_app().await;
    // One byte over (refused by the store), and two (refused while the body
    // is read, by the route's body limit): the same answer.
    for len in [MAX_EVIDENCE_BYTES + 1, MAX_EVIDENCE_BYTES + 2] {
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
