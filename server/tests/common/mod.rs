//! Starts the real server on port 0 against a fresh database: a SQLite file
//! in a temporary directory, or, when `NETRAL_TEST_DATABASE_URL` names a
//! PostgreSQL server (as `./x test` does on its second pass), a new database
//! on it. Every test thus runs against both backends.

#![allow(dead_code)]

pub mod process;

use std::net::SocketAddr;

use netral_server::config::Settings;
use netral_server::startup::Application;
use netral_shared::report::Report;
use serde_json::Value;
use uuid::Uuid;

pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    pub data_dir: tempfile::TempDir,
    /// `Some` when the test runs on PostgreSQL.
    pub database_url: Option<String>,
}

pub async fn spawn_app() -> TestApp {
    netral_server::telemetry::init();
    let data_dir = tempfile::tempdir().unwrap();
    let mut settings = Settings::ephemeral(data_dir.path().to_owned());
    settings.database_url = fresh_postgres_database().await;
    let database_url = settings.database_url.clone();
    let app = Application::build(settings).await.unwrap();
    let addr = app.local_addr();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        addr,
        client: reqwest::Client::new(),
        data_dir,
        database_url,
    }
}

/// A new, empty database on the test PostgreSQL server, if one is configured.
pub async fn fresh_postgres_database() -> Option<String> {
    let admin_url = std::env::var("NETRAL_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())?;
    let name = format!("netral_test_{}", Uuid::now_v7().simple());
    let admin = sqlx::PgPool::connect(&admin_url)
        .await
        .expect("test PostgreSQL reachable");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&admin)
        .await
        .unwrap();
    admin.close().await;
    let (base, _) = admin_url.rsplit_once('/').expect("URL ends with /database");
    Some(format!("{base}/{name}"))
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub async fn sync(&self, reports: &[Value]) -> (u16, Value) {
        let res = self
            .client
            .post(self.url("/api/v1/sync"))
            .json(&serde_json::json!({ "reports": reports }))
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), res.json().await.unwrap())
    }

    pub async fn stored(&self, id: Uuid) -> Option<Value> {
        let res = self
            .client
            .get(self.url(&format!("/api/v1/reports/{id}")))
            .send()
            .await
            .unwrap();
        match res.status().as_u16() {
            200 => Some(res.json().await.unwrap()),
            404 => None,
            s => panic!("unexpected status {s}"),
        }
    }

    /// Counts rows straight from the database, not through the API.
    pub async fn count_rows(&self, table: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        if let Some(url) = &self.database_url {
            let pool = sqlx::PgPool::connect(url).await.unwrap();
            let n: i64 = sqlx::query_scalar(&sql).fetch_one(&pool).await.unwrap();
            pool.close().await;
            return n;
        }
        let path = self.data_dir.path().join("netral.db");
        let pool = sqlx::SqlitePool::connect_with(
            sqlx::sqlite::SqliteConnectOptions::new().filename(path),
        )
        .await
        .unwrap();
        let n: i64 = sqlx::query_scalar(&sql).fetch_one(&pool).await.unwrap();
        pool.close().await;
        n
    }
}

/// A complete report, valid at the `Ready` level, with a fresh id.
pub fn valid_report() -> Report {
    Report::example(Uuid::now_v7())
}

pub fn json(r: &Report) -> Value {
    serde_json::to_value(r).unwrap()
}

/// A JPEG as far as anyone sniffing it can tell: SOI, a JFIF APP0 segment,
/// `len` bytes in all, ending with EOI. `seed` varies the content.
pub fn jpeg(len: usize, seed: u8) -> Vec<u8> {
    let mut bytes = vec![
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00,
        0x01, 0x00, 0x01, 0x00, 0x00,
    ];
    assert!(len >= bytes.len() + 2);
    let mut x = u32::from(seed) | 1;
    while bytes.len() < len - 2 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        bytes.push(x as u8);
    }
    bytes.extend([0xFF, 0xD9]);
    bytes
}

pub fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}
