//! Signing in and out, sessions, password change, lockout and rate limits,
//! and the first admin from the command line.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::{PASSWORD, TestApp, cookie_client, session_cookie, spawn_app, spawn_app_with};
use netral_shared::accounts::Role;
use serde_json::{Value, json};

async fn me(app: &TestApp, client: &reqwest::Client) -> (u16, Value) {
    let res = client.get(app.url("/api/v1/auth/me")).send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

#[tokio::test]
async fn sign_in_who_am_i_and_sign_out() {
    let app = spawn_app().await;
    app.create_user(
        "koord",
        Role::Koordinator,
        Some(app.org_id),
        &["35", "32.73"],
    )
    .await;
    let res = app.login("koord", PASSWORD).await;
    assert_eq!(res.status(), 200);
    let set_cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set_cookie.contains(attr), "{set_cookie}");
    }
    // Plain HTTP without a proxy saying otherwise: not `Secure`, or the
    // browser would drop it on http://127.0.0.1.
    assert!(!set_cookie.contains("Secure"), "{set_cookie}");
    let cookie = session_cookie(&res).unwrap();
    // 256 random bits, hex.
    assert_eq!(cookie.len(), "netral_session=".len() + 64);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["role"], "koordinator");
    assert_eq!(body["organisation"], common::ORG);
    assert_eq!(body["scopes"], json!(["35", "32.73"]));

    let client = cookie_client(&cookie);
    let (status, body) = me(&app, &client).await;
    assert_eq!((status, body["username"].as_str()), (200, Some("koord")));

    let res = client
        .post(app.url("/api/v1/auth/logout"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert!(
        res.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    let (status, body) = me(&app, &client).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("session_expired"))
    );

    // Without a cookie.
    let (status, body) = me(&app, &app.anon).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("unauthenticated"))
    );
}

#[tokio::test]
async fn behind_https_the_cookie_is_secure() {
    let app = spawn_app().await;
    let res = app
        .anon
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-proto", "https")
        .json(&json!({ "username": "admin", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let set_cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(set_cookie.ends_with("; Secure"), "{set_cookie}");
    // `__Host-`: the browser takes it only Secure, for Path=/, without a
    // Domain, so no other host or plain-HTTP page can plant or replace it.
    assert!(
        set_cookie.starts_with("__Host-netral_session="),
        "{set_cookie}"
    );
    assert!(set_cookie.contains("; Path=/;"), "{set_cookie}");
    assert!(
        !set_cookie.to_ascii_lowercase().contains("domain"),
        "{set_cookie}"
    );
    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    assert_eq!(cookie.len(), "__Host-netral_session=".len() + 64);

    // The server reads it under that name, and ends it under that name.
    let client = cookie_client(&cookie);
    let (status, body) = me(&app, &client).await;
    assert_eq!((status, body["username"].as_str()), (200, Some("admin")));
    let res = client
        .post(app.url("/api/v1/auth/logout"))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let cleared = res.headers()["set-cookie"].to_str().unwrap();
    assert!(cleared.starts_with("__Host-netral_session=;"), "{cleared}");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    let (status, _) = me(&app, &client).await;
    assert_eq!(status, 401);

    let always = common::spawn_app_with(|s| {
        s.cookie_secure = netral_server::config::CookieSecure::Always;
    })
    .await;
    let res = always.login("admin", PASSWORD).await;
    let set_cookie = res.headers()["set-cookie"].to_str().unwrap();
    assert!(set_cookie.ends_with("; Secure"), "{set_cookie}");
    assert!(
        set_cookie.starts_with("__Host-netral_session="),
        "{set_cookie}"
    );
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_answer() {
    let app = spawn_app().await;
    let wrong = app.login("admin", "bukan kata sandinya").await;
    let unknown = app.login("tidak-ada", PASSWORD).await;
    for res in [wrong, unknown] {
        assert_eq!(res.status(), 401);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["code"], "invalid_credentials");
        assert!(!body["message"]["id"].as_str().unwrap().is_empty());
        assert!(!body["message"]["en"].as_str().unwrap().is_empty());
    }
}

#[tokio::test]
async fn repeated_failures_lock_the_account_for_a_growing_while() {
    let app = spawn_app().await;
    app.create_user("koord", Role::Koordinator, Some(app.org_id), &["35"])
        .await;
    for _ in 0..4 {
        assert_eq!(app.login("koord", "salah salah salah").await.status(), 401);
    }
    let fifth = app.login("koord", "salah salah salah").await;
    assert_eq!(fifth.status(), 429);
    let wait: u64 = fifth.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=32).contains(&wait), "{wait}");
    let body: Value = fifth.json().await.unwrap();
    assert_eq!(body["code"], "account_locked");
    assert!(body["message"]["id"].as_str().unwrap().contains("dikunci"));
    // Even the right password waits.
    let res = app.login("koord", PASSWORD).await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));

    // The wait is over (moved back in the database): the next failure
    // locks again at once, for longer.
    app.execute("UPDATE users SET locked_until = 0 WHERE username = 'koord'")
        .await;
    app.execute("UPDATE login_failures SET locked_until = 0")
        .await;
    let sixth = app.login("koord", "salah salah salah").await;
    assert_eq!(sixth.status(), 429);
    let longer: u64 = sixth.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(longer > 32 && longer <= 64, "{longer}");

    // A success resets the count.
    app.execute("UPDATE users SET locked_until = 0 WHERE username = 'koord'")
        .await;
    app.execute("UPDATE login_failures SET locked_until = 0")
        .await;
    assert_eq!(app.login("koord", PASSWORD).await.status(), 200);
    assert_eq!(app.login("koord", "salah salah salah").await.status(), 401);
}

#[tokio::test]
async fn sign_in_attempts_from_one_address_are_limited() {
    let app = spawn_app().await;
    let mut limited = None;
    for attempt in 1..=15 {
        let res = app.login(&format!("orang-{attempt}"), "apa saja").await;
        if res.status() == 429 {
            limited = Some((attempt, res));
            break;
        }
        assert_eq!(res.status(), 401);
    }
    let (attempt, res) = limited.expect("a 429 within 15 attempts");
    // spawn_app signed the admin in once; the burst is 10.
    assert_eq!(attempt, 10);
    let wait: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=6).contains(&wait), "{wait}");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "rate_limited");
    assert!(body["message"]["en"].as_str().unwrap().contains("wait"));
    // Joining has its own budget.
    let res = app
        .anon
        .post(app.url("/api/v1/devices/join"))
        .json(&json!({ "code": "AAAA-AAAA-AA" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn changing_the_password_needs_the_old_one_and_ends_other_sessions() {
    let app = spawn_app().await;
    app.create_user("koord", Role::Koordinator, Some(app.org_id), &["35"])
        .await;
    let laptop = app.session_client("koord").await;
    let phone = app.session_client("koord").await;
    let change = |current: &str, new: &str| {
        let body = json!({ "current_password": current, "new_password": new });
        let laptop = &laptop;
        let url = app.url("/api/v1/auth/password");
        async move { laptop.post(url).json(&body).send().await.unwrap() }
    };
    let res = change("bukan yang lama", "kata sandi baru yang panjang").await;
    assert_eq!(res.status(), 422);
    assert_eq!(res.json::<Value>().await.unwrap()["code"], "wrong_password");
    let res = change(PASSWORD, "pendek").await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "invalid_input");
    assert_eq!(body["problems"][0]["field"], "new_password");

    assert_eq!(
        change(PASSWORD, "kata sandi baru yang panjang")
            .await
            .status(),
        204
    );
    assert_eq!(me(&app, &laptop).await.0, 200);
    assert_eq!(me(&app, &phone).await.0, 401);
    assert_eq!(app.login("koord", PASSWORD).await.status(), 401);
    assert_eq!(
        app.login("koord", "kata sandi baru yang panjang")
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn a_disabled_account_is_signed_out_and_cannot_sign_in() {
    let app = spawn_app().await;
    let id = app
        .create_user("pergi", Role::Koordinator, Some(app.org_id), &["35"])
        .await;
    let session = app.session_client("pergi").await;
    let res = app
        .admin
        .post(app.url(&format!("/api/v1/users/{id}/disable")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(me(&app, &session).await.0, 401);
    let res = app.login("pergi", PASSWORD).await;
    assert_eq!(res.status(), 401);
    assert_eq!(
        res.json::<Value>().await.unwrap()["code"],
        "invalid_credentials"
    );
    let users: Value = app
        .admin
        .get(app.url("/api/v1/users"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let pergi = users["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "pergi")
        .unwrap();
    assert_eq!(pergi["disabled"], true);
    // Not one's own account.
    let (_, admin) = me(&app, &app.admin).await;
    let res = app
        .admin
        .post(app.url(&format!("/api/v1/users/{}/disable", admin["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn sessions_end_when_idle_and_after_a_week() {
    let app = spawn_app().await;
    let client = app.session_client("admin").await;
    assert_eq!(me(&app, &client).await.0, 200);
    // 13 hours idle.
    app.execute("UPDATE sessions SET last_seen = last_seen - 46800000")
        .await;
    let (status, body) = me(&app, &client).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("session_expired"))
    );

    // Used a minute ago, but signed in eight days ago.
    let client = app.session_client("admin").await;
    app.execute("UPDATE sessions SET created_at = created_at - 691200000")
        .await;
    assert_eq!(me(&app, &client).await.0, 401);
}

fn netral_admin(app: &TestApp, args: &[&str], stdin: &str) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_netral"));
    cmd.arg("admin")
        .args(args)
        .arg("--data-dir")
        .arg(app.data_dir.path())
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(url) = &app.database_url {
        cmd.arg("--database-url").arg(url);
    }
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn the_first_admin_is_made_on_the_command_line() {
    let app = spawn_app().await;
    let out = netral_admin(
        &app,
        &["create", "--username", "root", "--password-stdin"],
        "pendek\n",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("password"));

    let out = netral_admin(
        &app,
        &["create", "--username", "root", "--password-stdin"],
        "kata sandi root yang panjang\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let res = app.login("root", "kata sandi root yang panjang").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["role"], "admin");

    // Taken.
    let out = netral_admin(
        &app,
        &["create", "--username", "root", "--password-stdin"],
        "kata sandi lain yang panjang\n",
    );
    assert!(!out.status.success());

    // A forgotten password: reset, which also unlocks and ends sessions.
    let session = app.session_client("admin").await;
    let out = netral_admin(
        &app,
        &["reset-password", "--username", "admin", "--password-stdin"],
        "kata sandi pengganti panjang\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(me(&app, &session).await.0, 401);
    assert_eq!(
        app.login("admin", "kata sandi pengganti panjang")
            .await
            .status(),
        200
    );
}

/// Signs in from `address` (the app trusts `X-Forwarded-For`).
async fn login_from(
    app: &TestApp,
    address: &str,
    username: &str,
    password: &str,
) -> reqwest::Response {
    app.anon
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", address)
        .json(&json!({ "username": username, "password": password }))
        .send()
        .await
        .unwrap()
}

async fn audit_actions(app: &TestApp) -> Vec<(String, String)> {
    let log: Value = app
        .admin
        .get(app.url("/api/v1/audit?limit=500"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_owned(),
                e["target"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// A stranger failing again and again from one address locks only that
/// address out of the account: the owner, elsewhere, still signs in. Each
/// attempt is in the audit log.
#[tokio::test]
async fn a_strangers_failures_do_not_lock_the_owner_out() {
    let app = spawn_app_with(|s| s.trust_forwarded_for = true).await;
    let id = app
        .create_user("koord", Role::Koordinator, Some(app.org_id), &["35"])
        .await;
    let stranger = "203.0.113.9";
    for _ in 0..4 {
        assert_eq!(
            login_from(&app, stranger, "koord", "salah salah salah")
                .await
                .status(),
            401
        );
    }
    let fifth = login_from(&app, stranger, "koord", "salah salah salah").await;
    assert_eq!(fifth.status(), 429);
    assert_eq!(
        fifth.json::<Value>().await.unwrap()["code"],
        "account_locked"
    );
    // The stranger's address stays locked, even with the right password…
    assert_eq!(
        login_from(&app, stranger, "koord", PASSWORD).await.status(),
        429
    );
    // …and the owner, from another address, signs in.
    let owner = login_from(&app, "198.51.100.7", "koord", PASSWORD).await;
    assert_eq!(owner.status(), 200);

    let actions = audit_actions(&app).await;
    let target = format!("user:{id}");
    let count = |action: &str| {
        actions
            .iter()
            .filter(|(a, t)| a == action && *t == target)
            .count()
    };
    assert_eq!(count("sign_in_failed"), 5, "{actions:?}");
    assert_eq!(count("sign_in_locked"), 1, "{actions:?}");
    assert_eq!(count("sign_in"), 1, "{actions:?}");
}

/// Many addresses together still cannot guess on: after 50 failures in a
/// row the whole account waits, whichever address asks.
#[tokio::test]
async fn failures_from_many_addresses_lock_the_whole_account_more_slowly() {
    let app = spawn_app_with(|s| s.trust_forwarded_for = true).await;
    app.create_user("koord", Role::Koordinator, Some(app.org_id), &["35"])
        .await;
    for i in 0..49 {
        let res = login_from(&app, &format!("192.0.2.{i}"), "koord", "salah salah salah").await;
        assert_eq!(res.status(), 401, "attempt {i}");
    }
    let res = login_from(&app, "192.0.2.200", "koord", "salah salah salah").await;
    assert_eq!(res.status(), 429, "the 50th failure locks the account");
    let wait: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    let res = login_from(&app, "198.51.100.7", "koord", PASSWORD).await;
    assert_eq!(res.status(), 429, "from a fresh address too");
}

/// An over-long password is refused before the account is looked up: the
/// answers are the same for a username that exists and one that does not,
/// and nothing is counted against the account.
#[tokio::test]
async fn an_over_long_password_says_nothing_about_the_username() {
    let app = spawn_app_with(|s| s.trust_forwarded_for = true).await;
    app.create_user("koord", Role::Koordinator, Some(app.org_id), &["35"])
        .await;
    let long = "x".repeat(2000);
    for (n, username) in ["koord", "tidak-ada"].into_iter().enumerate() {
        let mut answers = Vec::new();
        for i in 0..6 {
            let res = login_from(&app, &format!("192.0.2.{}", n * 10 + i), username, &long).await;
            answers.push((
                res.status().as_u16(),
                res.json::<Value>().await.unwrap()["code"].clone(),
            ));
        }
        assert!(
            answers
                .iter()
                .all(|a| *a == (401, json!("invalid_credentials"))),
            "{username}: {answers:?}"
        );
    }
    let res = login_from(&app, "192.0.2.99", "koord", PASSWORD).await;
    assert_eq!(res.status(), 200, "not locked");
}

/// `POST /auth/password` with a wrong current password counts like a
/// failed sign-in: the fifth locks the account for that address, sign-in
/// included.
#[tokio::test]
async fn a_wrong_current_password_counts_as_a_failed_sign_in() {
    let app = spawn_app().await;
    let koord = app.coordinator("koord", &["35"]).await;
    let change = |current: &str| {
        let req = koord.post(app.url("/api/v1/auth/password")).json(&json!({
            "current_password": current,
            "new_password": "kata-sandi-baru-yang-panjang",
        }));
        async move { req.send().await.unwrap() }
    };
    for _ in 0..4 {
        assert_eq!(change("salah salah salah").await.status(), 422);
    }
    let fifth = change("salah salah salah").await;
    assert_eq!(fifth.status(), 429);
    assert!(fifth.headers().contains_key("retry-after"));
    assert_eq!(
        fifth.json::<Value>().await.unwrap()["code"],
        "account_locked"
    );
    assert_eq!(
        change(PASSWORD).await.status(),
        429,
        "even the right one waits"
    );
    assert_eq!(app.login("koord", PASSWORD).await.status(), 429);
}

/// `POST /auth/password` shares sign-in's per-address limit.
#[tokio::test]
async fn password_changes_from_one_address_are_limited() {
    let app = spawn_app().await;
    let koord = app.coordinator("koord", &["35"]).await;
    let mut statuses = Vec::new();
    for _ in 0..12 {
        let res = koord
            .post(app.url("/api/v1/auth/password"))
            .json(&json!({ "current_password": PASSWORD, "new_password": "pendek" }))
            .send()
            .await
            .unwrap();
        statuses.push(res.status().as_u16());
        if res.status() == 429 {
            assert_eq!(res.json::<Value>().await.unwrap()["code"], "rate_limited");
            break;
        }
    }
    // The burst of 10 (a budget of its own, apart from sign-in's).
    assert_eq!(statuses.len(), 11, "{statuses:?}");
    assert!(statuses[..10].iter().all(|s| *s == 422), "{statuses:?}");
}

/// A burst of sign-ins never runs more argon2 computations at once than
/// the limit (one per core, at most four).
#[tokio::test]
async fn password_hashing_runs_under_a_concurrency_limit() {
    let app = spawn_app_with(|s| s.trust_forwarded_for = true).await;
    let burst = (0..24).map(|i| {
        let app = &app;
        async move {
            login_from(
                app,
                &format!("192.0.2.{i}"),
                &format!("orang-{i}"),
                "apa saja",
            )
            .await
        }
    });
    for res in futures::future::join_all(burst).await {
        assert_eq!(res.status(), 401);
    }
    let peak = netral_server::services::users::hashing_peak();
    assert!(peak >= 1);
    assert!(
        peak <= netral_server::services::users::hashing_permits(),
        "{peak} argon2 computations at once"
    );
}

/// Disabling a coordinator revokes the invites they made, in the same
/// transaction, each written to the audit log.
#[tokio::test]
async fn disabling_a_coordinator_revokes_their_invites() {
    let app = spawn_app().await;
    let koord = app.coordinator("koord", &["35"]).await;
    let created: Value = koord
        .post(app.url("/api/v1/invites"))
        .json(&json!({ "max_uses": 5 }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let code = created["code"].as_str().unwrap().to_owned();
    let invite = created["invite"]["id"].as_i64().unwrap();
    let users: Value = app
        .admin
        .get(app.url("/api/v1/users"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = users["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "koord")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let res = app
        .admin
        .post(app.url(&format!("/api/v1/users/{id}/disable")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);

    let res = app
        .anon
        .post(app.url("/api/v1/devices/join"))
        .json(&json!({ "code": code }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 410);
    assert_eq!(res.json::<Value>().await.unwrap()["code"], "invite_revoked");
    let actions = audit_actions(&app).await;
    assert!(
        actions.contains(&("invite_revoke".to_owned(), format!("invite:{invite}"))),
        "{actions:?}"
    );
    assert!(
        actions.contains(&("user_disable".to_owned(), format!("user:{id}"))),
        "{actions:?}"
    );
}

/// A device joining is in the audit log, under its pseudonym.
#[tokio::test]
async fn a_device_joining_is_audited() {
    let app = spawn_app().await;
    let me: Value = app
        .client
        .get(app.url("/api/v1/devices/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let actions = audit_actions(&app).await;
    assert!(
        actions.contains(&("device_join".to_owned(), format!("device:{}", me["id"]))),
        "{actions:?}"
    );
}
