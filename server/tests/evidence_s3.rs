//! The evidence scenarios against a real S3-compatible server, with the real
//! app configured by `--evidence-url s3://…`.
//!
//! They need `NETRAL_TEST_S3_URL` (`s3://bucket[/prefix]`, the bucket already
//! made) and the `AWS_*` variables pointing at the server, as
//! `scripts/test-s3.sh` sets them around a throwaway moto server:
//!
//! ```sh
//! scripts/test-s3.sh cargo test -p netral-server --test evidence_s3
//! ```
//!
//! Without `NETRAL_TEST_S3_URL` every test says on stderr that it did not run
//! against S3 and passes. Each test works under its own random prefix, so
//! tests never see each other's objects.

mod common;

use common::{jpeg, sha256};
use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Once};

use futures::StreamExt;
use netral_server::store::evidence::EvidenceStore;
use object_store::aws::{AmazonS3Builder, S3ConditionalPut};
use object_store::path::Path as ObjectPath;
use object_store::{Attribute, ObjectStore, ObjectStoreExt};
use serde_json::Value;

const URL_VAR: &str = "NETRAL_TEST_S3_URL";

/// The configured `s3://bucket[/prefix]`, or `None` after saying (once per
/// test binary, past the test harness's output capture) that these tests
/// are skipped.
fn s3_url() -> Option<String> {
    static SKIPPED: Once = Once::new();
    match std::env::var(URL_VAR) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            SKIPPED.call_once(|| {
                let _ = writeln!(
                    std::io::stderr(),
                    "evidence_s3: {URL_VAR} is not set, so these tests did NOT run against S3 \
                     (run them with: scripts/test-s3.sh cargo test -p netral-server --test evidence_s3)"
                );
            });
            None
        }
    }
}

/// A bucket and a prefix of this test's own inside it.
struct Bucket {
    name: String,
    url: String,
    s3: Arc<dyn ObjectStore>,
    prefix: ObjectPath,
}

impl Bucket {
    /// `None` when the tests are not run against S3.
    fn new() -> Option<Bucket> {
        let base = s3_url()?;
        let rest = base
            .strip_prefix("s3://")
            .unwrap_or_else(|| panic!("{URL_VAR} must be s3://bucket[/prefix], not {base}"));
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let run = format!("test-{}", uuid::Uuid::now_v7());
        let prefix = ObjectPath::parse(prefix).unwrap().join(run.as_str());
        let s3 = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .build()
            .unwrap();
        Some(Bucket {
            name: bucket.to_owned(),
            url: format!("s3://{bucket}/{prefix}"),
            s3: Arc::new(s3),
            prefix,
        })
    }

    /// Every object under this test's prefix, with its size, sorted.
    async fn objects(&self) -> Vec<(String, u64)> {
        let mut out: Vec<_> = self
            .s3
            .list(Some(&self.prefix))
            .map(|meta| {
                let meta = meta.unwrap();
                (meta.location.to_string(), meta.size)
            })
            .collect()
            .await;
        out.sort();
        out
    }

    fn key(&self, hash: &str) -> String {
        format!("{}/evidence/{}/{hash}", self.prefix, &hash[..2])
    }
}

/// One server replica with its evidence in `bucket`.
struct S3App {
    addr: SocketAddr,
    /// A volunteer's device (uploads).
    client: reqwest::Client,
    /// An admin (reads files).
    admin: reqwest::Client,
    data_dir: tempfile::TempDir,
}

async fn spawn_app(bucket: &Bucket) -> S3App {
    let url = bucket.url.clone();
    let common::TestApp {
        addr,
        client,
        admin,
        data_dir,
        ..
    } = common::spawn_app_with(|s| s.evidence_url = Some(url)).await;
    S3App {
        addr,
        client,
        admin,
        data_dir,
    }
}

impl S3App {
    fn url(&self, hash: &str) -> String {
        format!("http://{}/api/v1/evidence/{hash}", self.addr)
    }

    async fn put(&self, hash: &str, bytes: Vec<u8>) -> (u16, Value) {
        let res = self
            .client
            .put(self.url(hash))
            .header("content-type", "application/octet-stream")
            .body(bytes)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap())
    }

    async fn head(&self, hash: &str) -> reqwest::Response {
        self.client.head(self.url(hash)).send().await.unwrap()
    }

    /// With an object store configured, nothing goes to the local disk.
    fn assert_no_local_evidence(&self) {
        assert_no_local_evidence(self.data_dir.path());
    }
}

fn assert_no_local_evidence(data_dir: &Path) {
    let dir = data_dir.join("evidence");
    assert!(!dir.exists(), "{} was created", dir.display());
}

#[tokio::test]
async fn a_photo_is_stored_once_as_one_object() {
    let Some(bucket) = Bucket::new() else { return };
    let app = spawn_app(&bucket).await;
    let photo = jpeg(4000, 1);
    let hash = sha256(&photo);

    let (status, body) = app.put(&hash, photo.clone()).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["sha256"], hash);
    assert_eq!(body["bytes"], 4000);
    assert_eq!(body["media_type"], "image/jpeg");
    assert_eq!(body["created"], true);

    let (status, body) = app.put(&hash, photo.clone()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["created"], false);
    assert_eq!(body["bytes"], 4000);
    assert_eq!(body["media_type"], "image/jpeg");

    assert_eq!(bucket.objects().await, vec![(bucket.key(&hash), 4000)]);
    let stored = bucket
        .s3
        .get(&ObjectPath::from(bucket.key(&hash)))
        .await
        .unwrap();
    assert_eq!(
        stored
            .attributes
            .get(&Attribute::ContentType)
            .unwrap()
            .as_ref(),
        "image/jpeg"
    );
    assert_eq!(stored.bytes().await.unwrap().as_ref(), photo.as_slice());
    app.assert_no_local_evidence();
}

#[tokio::test]
async fn head_says_whether_a_file_is_stored() {
    let Some(bucket) = Bucket::new() else { return };
    let app = spawn_app(&bucket).await;
    let photo = jpeg(1234, 2);
    let hash = sha256(&photo);

    assert_eq!(app.head(&hash).await.status(), 404);
    assert_eq!(app.put(&hash, photo).await.0, 201);
    let res = app.head(&hash).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-length"], "1234");
    assert!(res.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn get_returns_the_same_bytes_with_their_type() {
    let Some(bucket) = Bucket::new() else { return };
    let app = spawn_app(&bucket).await;
    let photo = jpeg(5000, 3);
    let hash = sha256(&photo);
    assert_eq!(app.put(&hash, photo.clone()).await.0, 201);

    let res = app.admin.get(app.url(&hash)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let headers = res.headers().clone();
    assert_eq!(headers["content-type"], "image/jpeg");
    assert_eq!(headers["cache-control"], "private, max-age=300");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["content-length"], "5000");
    assert_eq!(res.bytes().await.unwrap().as_ref(), photo.as_slice());

    let pdf = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n".to_vec();
    let pdf_hash = sha256(&pdf);
    assert_eq!(app.put(&pdf_hash, pdf.clone()).await.0, 201);
    let res = app.admin.get(app.url(&pdf_hash)).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(res.bytes().await.unwrap().as_ref(), pdf.as_slice());

    let res = app
        .admin
        .get(app.url(&sha256(b"never uploaded")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "not_found", "{body}");
}

#[tokio::test]
async fn refused_files_leave_nothing_in_the_bucket() {
    let Some(bucket) = Bucket::new() else { return };
    let app = spawn_app(&bucket).await;
    let photo = jpeg(3000, 4);
    let mut damaged = photo.clone();
    damaged[1500] ^= 0xFF;

    let (status, body) = app.put(&sha256(&photo), damaged).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["code"], "evidence_hash_mismatch", "{body}");

    let text = b"Ini bukan foto, hanya teks biasa.\n".to_vec();
    let (status, body) = app.put(&sha256(&text), text).await;
    assert_eq!(status, 415, "{body}");
    assert_eq!(body["code"], "evidence_type_not_allowed", "{body}");

    assert_eq!(bucket.objects().await, vec![]);
    app.assert_no_local_evidence();
}

#[tokio::test]
async fn concurrent_uploads_of_one_file_store_it_once() {
    let Some(bucket) = Bucket::new() else { return };
    let app = spawn_app(&bucket).await;
    let photo = jpeg(200_000, 7);
    let hash = sha256(&photo);

    let uploads = (0..8).map(|_| app.put(&hash, photo.clone()));
    let results = futures::future::join_all(uploads).await;

    for (status, body) in &results {
        assert!(matches!(status, 200 | 201), "{status}: {body}");
        assert_eq!(body["sha256"], hash);
    }
    let created = results.iter().filter(|(s, _)| *s == 201).count();
    assert_eq!(created, 1, "{results:?}");
    assert_eq!(
        results.iter().filter(|(_, b)| b["created"] == true).count(),
        1
    );
    assert_eq!(bucket.objects().await, vec![(bucket.key(&hash), 200_000)]);
    app.assert_no_local_evidence();
}

/// Several replicas share one bucket: what one stored, the others have.
#[tokio::test]
async fn replicas_sharing_a_bucket_see_each_others_files() {
    let Some(bucket) = Bucket::new() else { return };
    let a = spawn_app(&bucket).await;
    let b = spawn_app(&bucket).await;
    let photo = jpeg(6000, 9);
    let hash = sha256(&photo);

    assert_eq!(b.head(&hash).await.status(), 404);
    assert_eq!(a.put(&hash, photo.clone()).await.0, 201);
    // HEAD answers for the device's own uploads only (b's device never
    // sent it); its PUT finds the object a stored and stores nothing.
    assert_eq!(b.head(&hash).await.status(), 404);
    let (status, body) = b.put(&hash, photo.clone()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["created"], false, "{body}");
    assert_eq!(b.head(&hash).await.status(), 200);
    let res = b.admin.get(b.url(&hash)).send().await.unwrap();
    assert_eq!(res.bytes().await.unwrap().as_ref(), photo.as_slice());
    assert_eq!(bucket.objects().await.len(), 1);
    a.assert_no_local_evidence();
    b.assert_no_local_evidence();
}

/// With conditional puts switched off (`AWS_CONDITIONAL_PUT=disabled`, for
/// servers without `If-None-Match`), the store falls back to HEAD, then PUT.
#[tokio::test]
async fn without_conditional_puts_a_file_is_still_stored_once() {
    let Some(bucket) = Bucket::new() else { return };
    let plain = AmazonS3Builder::from_env()
        .with_bucket_name(&bucket.name)
        .with_conditional_put(S3ConditionalPut::Disabled)
        .build()
        .unwrap();
    let store = EvidenceStore::with_object_store(Arc::new(plain), &bucket.prefix);
    let photo = jpeg(7000, 10);
    let hash = sha256(&photo);

    let first = store.put(&hash, &photo).await.unwrap();
    assert!(first.created);
    let again = store.put(&hash, &photo).await.unwrap();
    assert!(!again.created);
    assert_eq!(again.bytes, 7000);
    assert_eq!(store.exists(&hash).await.unwrap(), Some(7000));
    assert_eq!(store.get(&hash).await.unwrap().unwrap(), photo);
    assert_eq!(bucket.objects().await, vec![(bucket.key(&hash), 7000)]);
}

/// The sweep on S3: an object no report names is deleted after the grace
/// period, one a report names stays, and nothing outside `evidence/` under
/// the prefix is touched.
#[tokio::test]
async fn objects_no_report_names_are_removed_after_the_grace_period() {
    let Some(bucket) = Bucket::new() else { return };
    let url = bucket.url.clone();
    let app = common::spawn_app_with(|s| {
        s.evidence_url = Some(url);
        s.limits.evidence_grace = std::time::Duration::from_secs(1);
        s.limits.evidence_sweep_every = std::time::Duration::from_millis(200);
    })
    .await;
    let other = bucket.prefix.clone().join("backups").join("keep.txt");
    bucket.s3.put(&other, "not evidence".into()).await.unwrap();
    let named = jpeg(3000, 51);
    let orphan = jpeg(3000, 53);
    for f in [&named, &orphan] {
        let res = app
            .client
            .put(app.url(&format!("/api/v1/evidence/{}", sha256(f))))
            .body(f.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
    }
    let mut report = common::valid_report();
    report.photos = vec![netral_shared::report::PhotoRef {
        sha256: sha256(&named),
        original_sha256: sha256(&named),
        captured_at: "2024-11-20T09:31".into(),
        bytes: 3000,
        dhash: String::new(),
    }];
    let (status, body) = app.sync(&[common::json(&report)]).await;
    assert_eq!(status, 200, "{body}");

    let started = std::time::Instant::now();
    let orphan_key = bucket.key(&sha256(&orphan));
    while bucket.objects().await.iter().any(|(k, _)| *k == orphan_key) {
        assert!(started.elapsed() < std::time::Duration::from_secs(15));
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let mut left: Vec<String> = bucket.objects().await.into_iter().map(|(k, _)| k).collect();
    left.sort();
    let mut expected = vec![other.to_string(), bucket.key(&sha256(&named))];
    expected.sort();
    assert_eq!(left, expected);
    let res = app
        .admin
        .get(app.url(&format!("/api/v1/evidence/{}", sha256(&named))))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}
