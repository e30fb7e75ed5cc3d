//! The real `netral` binary as a child process, for tests of what only a
//! process shows: signals, exit codes, log output, several replicas, and the
//! `backup`/`import` commands.

use std::collections::{BTreeSet, HashMap};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

use netral_server::services::intake::{Incoming, today_in_indonesia};
use netral_server::store::{SqlStore, Store};
use netral_shared::report::Report;
use netral_shared::sync::Outcome;
use uuid::Uuid;

pub const NETRAL: &str = env!("CARGO_BIN_EXE_netral");

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `netral serve`, killed on drop if still running.
pub struct Netral {
    child: Option<Child>,
    pub port: u16,
    /// Its stderr (the logs) and stdout.
    pub stderr: PathBuf,
    pub stdout: PathBuf,
    _logs: tempfile::TempDir,
}

impl Netral {
    /// Starts `netral serve` on a free port with its data in `data_dir`
    /// (and the database at `database_url`, when given); `extra` are more
    /// arguments, `env` more variables.
    pub fn serve(
        data_dir: &Path,
        database_url: Option<&str>,
        extra: &[&str],
        env: &[(&str, &str)],
    ) -> Netral {
        let port = free_port();
        let logs = tempfile::Builder::new()
            .prefix("netral-proc-")
            .tempdir()
            .unwrap();
        let stderr = logs.path().join("stderr.log");
        let stdout = logs.path().join("stdout.log");
        let mut cmd = Command::new(NETRAL);
        cmd.arg("serve")
            .arg("--listen")
            .arg(format!("127.0.0.1:{port}"))
            .arg("--data-dir")
            .arg(data_dir)
            .arg("--dist-dir")
            .arg(data_dir.join("dist"))
            .args(extra)
            .env("RUST_LOG", "info")
            .env_remove("NETRAL_DATABASE_URL")
            .env_remove("NETRAL_LOG_FORMAT")
            .env_remove("NETRAL_LOG")
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&stdout).unwrap())
            .stderr(std::fs::File::create(&stderr).unwrap());
        for (k, v) in env {
            cmd.env(k, v);
        }
        if let Some(url) = database_url {
            cmd.arg("--database-url").arg(url);
        }
        let child = cmd.spawn().expect("start netral serve");
        Netral {
            child: Some(child),
            port,
            stderr,
            stdout,
            _logs: logs,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{}", self.port, path)
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("running").id()
    }

    pub fn logs(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    /// Waits until `GET /readyz` answers 200; panics with the log when the
    /// process exits or 30 s pass.
    pub async fn wait_ready(&mut self) {
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(res) = client.get(self.url("/readyz")).send().await
                && res.status() == 200
            {
                return;
            }
            if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
                panic!("netral exited at start ({status}):\n{}", self.logs());
            }
            assert!(
                Instant::now() < deadline,
                "netral not ready in 30 s:\n{}",
                self.logs()
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Sends SIGTERM, as systemd or Kubernetes do to stop a service.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .arg("-TERM")
            .arg(self.pid().to_string())
            .status()
            .unwrap();
        assert!(status.success(), "kill -TERM");
    }

    /// Waits for the process to exit; panics after `timeout`.
    pub async fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
                self.child = None;
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "netral still running after {timeout:?}:\n{}",
                self.logs()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Netral {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Runs a `netral` command to completion (not `serve`).
pub fn run(args: &[&str]) -> Output {
    Command::new(NETRAL)
        .args(args)
        .env_remove("NETRAL_DATABASE_URL")
        .env_remove("NETRAL_LOG_FORMAT")
        .env_remove("NETRAL_LOG")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .output()
        .expect("run netral")
}

/// A database the test reads directly, not through the API.
pub enum Db {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl Db {
    /// The server's database: the SQLite file in `data_dir`, or the
    /// PostgreSQL database at `database_url`.
    pub async fn open(data_dir: &Path, database_url: Option<&str>) -> Db {
        match database_url {
            Some(url) => Db::Postgres(sqlx::PgPool::connect(url).await.unwrap()),
            None => Db::Sqlite(
                sqlx::SqlitePool::connect_with(
                    sqlx::sqlite::SqliteConnectOptions::new()
                        .filename(data_dir.join("netral.db"))
                        .read_only(true),
                )
                .await
                .unwrap(),
            ),
        }
    }

    pub async fn count(&self, sql: &str) -> i64 {
        match self {
            Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
            Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
        }
    }

    /// Rows of `table` whose `column` is one of `ids`.
    pub async fn count_ids(&self, table: &str, column: &str, ids: &[uuid::Uuid]) -> i64 {
        if ids.is_empty() {
            return 0;
        }
        let list: Vec<String> = ids.iter().map(|id| format!("'{id}'")).collect();
        self.count(&format!(
            "SELECT COUNT(*) FROM {table} WHERE {column} IN ({})",
            list.join(",")
        ))
        .await
    }

    /// `(report id, case id)` of every stored report.
    pub async fn cases(&self) -> Vec<(uuid::Uuid, i64)> {
        let sql = "SELECT id, case_id FROM reports";
        let rows: Vec<(String, i64)> = match self {
            Db::Sqlite(pool) => sqlx::query_as(sql).fetch_all(pool).await.unwrap(),
            Db::Postgres(pool) => sqlx::query_as(sql).fetch_all(pool).await.unwrap(),
        };
        rows.into_iter()
            .map(|(id, case)| (uuid::Uuid::parse_str(&id).unwrap(), case))
            .collect()
    }

    pub async fn close(self) {
        match self {
            Db::Sqlite(pool) => pool.close().await,
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

/// Report ids grouped by case: the partition that must not depend on the
/// order or the replica reports arrived at (case ids do).
pub type Partition = BTreeSet<BTreeSet<Uuid>>;

pub fn partition(cases: impl IntoIterator<Item = (Uuid, i64)>) -> Partition {
    let mut by_case: HashMap<i64, BTreeSet<Uuid>> = HashMap::new();
    for (id, case) in cases {
        by_case.entry(case).or_default().insert(id);
    }
    by_case.into_values().collect()
}

/// What one in-process SQLite store makes of the reports ingested in order,
/// batch after batch, without faults: the reference for runs with faults or
/// several replicas.
pub struct Reference {
    pub partition: Partition,
    /// Rows of `report_keys`.
    pub report_keys: i64,
}

pub async fn reference(reports: &[Report], batch: usize) -> Reference {
    let dir = tempfile::tempdir().unwrap();
    let store = SqlStore::open_file(
        &dir.path().join("netral.db"),
        std::sync::Arc::new(netral_server::keys::Keys::random()),
    )
    .await
    .unwrap();
    let today = today_in_indonesia();
    for chunk in reports.chunks(batch) {
        let incoming: Vec<Incoming> = chunk
            .iter()
            .map(|r| Incoming::new(netral_shared::validate::ready(r.clone(), today).unwrap()))
            .collect();
        let outcomes = netral_server::services::sync::store_batch(&store, &incoming)
            .await
            .unwrap();
        assert!(outcomes.iter().all(|o| *o == Outcome::Accepted));
    }
    let mut cases = Vec::new();
    for r in reports {
        let stored = store.report(r.id).await.unwrap().expect("stored");
        cases.push((r.id, stored.case_id.expect("a case")));
    }
    let report_keys = Db::open(dir.path(), None)
        .await
        .count("SELECT COUNT(*) FROM report_keys")
        .await;
    Reference {
        partition: partition(cases),
        report_keys,
    }
}

/// A volunteer's phone joined to the server at `base_url` the way a real
/// one joins: the CLI makes an organisation and an invite code on the
/// server's database, the API redeems it. The client sends the device token
/// with every request.
pub async fn device_client(
    data_dir: &Path,
    database_url: Option<&str>,
    base_url: &str,
) -> reqwest::Client {
    reqwest::Client::builder()
        .default_headers(device_headers(data_dir, database_url, base_url).await)
        .build()
        .unwrap()
}

/// The `Authorization` header of a freshly joined device (see [`device_client`]).
pub async fn device_headers(
    data_dir: &Path,
    database_url: Option<&str>,
    base_url: &str,
) -> reqwest::header::HeaderMap {
    let organisation = format!("Koalisi {}", Uuid::now_v7().simple());
    let admin = |args: &[&str]| {
        let mut cmd = Command::new(NETRAL);
        cmd.arg("admin")
            .args(args)
            .arg("--data-dir")
            .arg(data_dir)
            .env("RUST_LOG", "warn")
            .env_remove("NETRAL_DATABASE_URL");
        if let Some(url) = database_url {
            cmd.arg("--database-url").arg(url);
        }
        let out = cmd.output().expect("run netral admin");
        assert!(
            out.status.success(),
            "netral admin {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    admin(&["create-organisation", "--name", &organisation]);
    let code = admin(&[
        "invite",
        "--organisation",
        &organisation,
        "--region",
        "35",
        "--max-uses",
        "50",
    ]);
    let joined: serde_json::Value = reqwest::Client::new()
        .post(format!("{base_url}/api/v1/devices/join"))
        .json(&serde_json::json!({ "code": code.trim() }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = joined["token"].as_str().expect("a device token");
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::AUTHORIZATION,
        format!("Bearer {token}").parse().unwrap(),
    );
    headers
}

/// A signed-in admin of the server at `base_url` (created with
/// `netral admin create` on its database): a client that sends the session
/// cookie.
pub async fn admin_client(
    data_dir: &Path,
    database_url: Option<&str>,
    base_url: &str,
) -> reqwest::Client {
    use std::io::Write;
    let username = format!("admin{}", &Uuid::now_v7().simple().to_string()[20..]);
    let password = "a long enough test password";
    let mut cmd = Command::new(NETRAL);
    cmd.args([
        "admin",
        "create",
        "--username",
        &username,
        "--password-stdin",
    ])
    .arg("--data-dir")
    .arg(data_dir)
    .env("RUST_LOG", "warn")
    .env_remove("NETRAL_DATABASE_URL")
    .stdin(Stdio::piped())
    .stdout(Stdio::null());
    if let Some(url) = database_url {
        cmd.arg("--database-url").arg(url);
    }
    let mut child = cmd.spawn().expect("run netral admin create");
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    assert!(child.wait().unwrap().success(), "netral admin create");
    let res = reqwest::Client::new()
        .post(format!("{base_url}/api/v1/auth/login"))
        .json(&serde_json::json!({ "username": username, "password": password }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "admin sign-in");
    let cookie = res
        .headers()
        .get(reqwest::header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_owned();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::COOKIE, cookie.parse().unwrap());
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap()
}
