//! Starts the real server on port 0 against a fresh database: a SQLite file
//! in a temporary directory, or, when `NETRAL_TEST_DATABASE_URL` names a
//! PostgreSQL server (as `./x test` does on its second pass), a new database
//! on it. Every test thus runs against both backends.

#![allow(dead_code)]

pub mod process;

use netral_shared::accounts::AuditAction;
use std::net::SocketAddr;
use std::sync::Arc;

use netral_server::config::Settings;
use netral_server::startup::Application;
use netral_server::store::Store;
use netral_server::store::audit::{Actor, Audit};
use netral_shared::accounts::{NewUser, Role};
use netral_shared::report::Report;
use reqwest::header::{AUTHORIZATION, COOKIE, HeaderMap, HeaderValue};
use serde_json::Value;
use uuid::Uuid;

/// The password of every account the helpers make.
pub const PASSWORD: &str = "kata-sandi-uji-yang-panjang";
/// The organisation `spawn_app` makes; its devices report for Jawa Timur.
pub const ORG: &str = "Koalisi Uji";

pub struct TestApp {
    pub addr: SocketAddr,
    /// A volunteer's device (joined with an invite for province 35): every
    /// request carries its bearer token.
    pub client: reqwest::Client,
    /// An admin, signed in (session cookie on every request).
    pub admin: reqwest::Client,
    /// No credentials.
    pub anon: reqwest::Client,
    pub device_token: String,
    pub org_id: i64,
    /// A second handle on the same database, for setting up accounts.
    pub store: Arc<dyn Store>,
    /// The server secret the app started with (its key file in `data_dir`).
    pub keys: Arc<netral_server::keys::Keys>,
    pub settings: Settings,
    pub data_dir: tempfile::TempDir,
    /// `Some` when the test runs on PostgreSQL.
    pub database_url: Option<String>,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    netral_server::ops::telemetry::init();
    let data_dir = tempfile::tempdir().unwrap();
    let mut settings = Settings::ephemeral(data_dir.path().to_owned());
    settings.database_url = fresh_postgres_database().await;
    configure(&mut settings);
    let database_url = settings.database_url.clone();
    let app = Application::build(settings.clone()).await.unwrap();
    let addr = app.local_addr();
    tokio::spawn(app.run_until_stopped());
    let keys = Arc::new(netral_server::keys::Keys::load(&settings).unwrap());
    let store = netral_server::store::connect_with(&settings, keys.clone())
        .await
        .unwrap();
    let org_id = store
        .create_organisation(ORG, &cli_audit(AuditAction::OrganisationCreate))
        .await
        .unwrap()
        .unwrap()
        .id;
    let mut app = TestApp {
        addr,
        client: reqwest::Client::new(),
        admin: reqwest::Client::new(),
        anon: reqwest::Client::new(),
        device_token: String::new(),
        org_id,
        store,
        keys,
        settings,
        data_dir,
        database_url,
    };
    app.create_user("admin", Role::Admin, None, &[]).await;
    app.admin = app.session_client("admin").await;
    app.device_token = app.join_device(&["35"]).await;
    app.client = bearer_client(&app.device_token);
    app
}

pub fn cli_audit(action: AuditAction) -> Audit {
    Audit::by(Actor::cli(), action, "")
}

pub fn bearer_client(token: &str) -> reqwest::Client {
    let mut headers = HeaderMap::new();
    headers.insert(
        AUTHORIZATION,
        HeaderValue::from_str(&format!("Bearer {token}")).unwrap(),
    );
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap()
}

pub fn cookie_client(cookie: &str) -> reqwest::Client {
    let mut headers = HeaderMap::new();
    headers.insert(COOKIE, HeaderValue::from_str(cookie).unwrap());
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap()
}

/// `netral_session=…` (or, when the cookie is `Secure`,
/// `__Host-netral_session=…`) from a response's `Set-Cookie`.
pub fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("netral_session=") || v.starts_with("__Host-netral_session="))
        .map(|v| v.split(';').next().unwrap().to_owned())
}

impl TestApp {
    /// An account with [`PASSWORD`], made through the store (as the CLI
    /// and `POST /users` do).
    pub async fn create_user(
        &self,
        username: &str,
        role: Role,
        organisation_id: Option<i64>,
        scopes: &[&str],
    ) -> i64 {
        let row = netral_server::services::users::validate_user(
            self.store.as_ref(),
            NewUser {
                username: username.into(),
                password: PASSWORD.into(),
                role,
                organisation_id,
                scopes: scopes.iter().map(|s| s.to_string()).collect(),
            },
        )
        .await
        .unwrap();
        self.store
            .create_user(&row, &cli_audit(AuditAction::UserCreate))
            .await
            .unwrap()
            .expect("a new username")
    }

    /// Signs in through the API; the raw response.
    pub async fn login(&self, username: &str, password: &str) -> reqwest::Response {
        self.anon
            .post(self.url("/api/v1/auth/login"))
            .json(&serde_json::json!({ "username": username, "password": password }))
            .send()
            .await
            .unwrap()
    }

    /// A client signed in as `username` (password [`PASSWORD`]).
    pub async fn session_client(&self, username: &str) -> reqwest::Client {
        let res = self.login(username, PASSWORD).await;
        assert_eq!(res.status(), 200, "login of {username}");
        cookie_client(&session_cookie(&res).expect("a session cookie"))
    }

    /// A coordinator of [`ORG`] for `scopes`, signed in.
    pub async fn coordinator(&self, username: &str, scopes: &[&str]) -> reqwest::Client {
        self.create_user(username, Role::Koordinator, Some(self.org_id), scopes)
            .await;
        self.session_client(username).await
    }

    /// An invite of [`ORG`] made through the store; its readable code.
    pub async fn invite(&self, scopes: &[&str], max_uses: u32) -> String {
        let (code, _) = netral_server::services::invites::create_invite(
            self.store.as_ref(),
            &self.keys,
            self.org_id,
            scopes.iter().map(|s| s.to_string()).collect(),
            72,
            max_uses,
            cli_audit(AuditAction::InviteCreate),
        )
        .await
        .unwrap();
        code
    }

    /// Joins a new device with a fresh invite; its token.
    pub async fn join_device(&self, scopes: &[&str]) -> String {
        let code = self.invite(scopes, 1).await;
        let res = self
            .anon
            .post(self.url("/api/v1/devices/join"))
            .json(&serde_json::json!({ "code": code }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let body: Value = res.json().await.unwrap();
        body["token"].as_str().unwrap().to_owned()
    }

    /// Runs one statement straight on the database (moving a session's
    /// clock back, say).
    pub async fn execute(&self, sql: &str) {
        if let Some(url) = &self.database_url {
            let pool = sqlx::PgPool::connect(url).await.unwrap();
            sqlx::query(sql).execute(&pool).await.unwrap();
            pool.close().await;
            return;
        }
        let path = self.data_dir.path().join("netral.db");
        let pool = sqlx::SqlitePool::connect_with(
            sqlx::sqlite::SqliteConnectOptions::new().filename(path),
        )
        .await
        .unwrap();
        sqlx::query(sql).execute(&pool).await.unwrap();
        pool.close().await;
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

    /// What the server holds for a report, as the admin sees it.
    pub async fn stored(&self, id: Uuid) -> Option<Value> {
        let res = self
            .admin
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
