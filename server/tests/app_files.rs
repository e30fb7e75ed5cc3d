mod common;

use common::spawn_app;

#[tokio::test]
async fn app_routes_get_the_shell_and_missing_files_stay_404() {
    let app = spawn_app().await;
    let dist = app.data_dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>Netral</title>",
    )
    .unwrap();
    std::fs::write(dist.join("app-123.js"), "export default 1;").unwrap();

    for path in [
        "/",
        "/laporan/0193a1b2-0000-7000-8000-000000000001",
        "/baru",
    ] {
        let res = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        assert!(res.text().await.unwrap().contains("<title>Netral</title>"));
    }
    let js = app.client.get(app.url("/app-123.js")).send().await.unwrap();
    assert_eq!(js.status(), 200);
    assert_eq!(js.text().await.unwrap(), "export default 1;");
    assert_eq!(
        app.client
            .get(app.url("/app-999.js"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

#[tokio::test]
async fn hashed_files_are_sent_precompressed_and_cached_for_good() {
    let app = spawn_app().await;
    let dist = app.data_dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>Netral</title>",
    )
    .unwrap();
    let js = "netral-app-a25fd282fe4ca093.js";
    let wasm = "netral-app-a25fd282fe4ca093_bg.wasm";
    std::fs::write(dist.join(js), "export default 1;").unwrap();
    std::fs::write(dist.join(format!("{js}.br")), b"BROTLI-BYTES").unwrap();
    std::fs::write(dist.join(format!("{js}.gz")), b"GZIP-BYTES").unwrap();
    std::fs::write(dist.join(wasm), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dist.join(format!("{wasm}.br")), b"BROTLI-WASM").unwrap();
    std::fs::write(dist.join("sw.js"), "self.x = 1;").unwrap();
    std::fs::write(dist.join("sw.js.br"), b"BROTLI-SW").unwrap();

    // A client that never decompresses, to see the bytes on the wire.
    let raw = reqwest::Client::new();
    let get = |path: String, encoding: &'static str| {
        let req = raw.get(app.url(&path)).header("accept-encoding", encoding);
        async move { req.send().await.unwrap() }
    };

    let res = get(format!("/{js}"), "gzip, deflate, br").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-encoding"], "br");
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(
        res.headers()["vary"]
            .to_str()
            .unwrap()
            .to_ascii_lowercase()
            .contains("accept-encoding")
    );
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"BROTLI-BYTES");

    let res = get(format!("/{js}"), "gzip").await;
    assert_eq!(res.headers()["content-encoding"], "gzip");
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"GZIP-BYTES");

    let res = get(format!("/{js}"), "identity").await;
    assert!(res.headers().get("content-encoding").is_none());
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"export default 1;");

    // WebAssembly keeps its type when sent compressed (streaming compilation
    // needs application/wasm).
    let res = get(format!("/{wasm}"), "br").await;
    assert_eq!(res.headers()["content-type"], "application/wasm");
    assert_eq!(res.headers()["content-encoding"], "br");
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );

    // The files that name the hashed ones are always revalidated.
    for path in ["/", "/index.html", "/sw.js", "/laporan/baru"] {
        let res = get(path.to_owned(), "br").await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
    }
    let res = get("/sw.js".to_owned(), "br").await;
    assert_eq!(res.headers()["content-encoding"], "br");
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"BROTLI-SW");
}

/// An app route (a reload of `/laporan/…`, a shared `/dasbor/kasus/…` link)
/// gets its shell as `/` does: precompressed, revalidated, and marked as
/// varying by encoding.
#[tokio::test]
async fn app_routes_get_their_shell_precompressed() {
    let app = spawn_app().await;
    let dist = app.data_dir.path().join("dist");
    std::fs::create_dir_all(dist.join("dasbor")).unwrap();
    std::fs::write(dist.join("index.html"), "<title>Netral</title>").unwrap();
    std::fs::write(dist.join("index.html.br"), b"BROTLI-APP").unwrap();
    std::fs::write(dist.join("index.html.gz"), b"GZIP-APP").unwrap();
    let dasbor = dist.join("dasbor");
    std::fs::write(dasbor.join("index.html"), "<title>Dasbor</title>").unwrap();
    std::fs::write(dasbor.join("index.html.br"), b"BROTLI-DASBOR").unwrap();
    std::fs::write(dasbor.join("index.html.gz"), b"GZIP-DASBOR").unwrap();

    let raw = reqwest::Client::new();
    for (path, br, gzip, plain) in [
        ("/", "BROTLI-APP", "GZIP-APP", "<title>Netral</title>"),
        (
            "/laporan/0193a1b2-0000-7000-8000-000000000001",
            "BROTLI-APP",
            "GZIP-APP",
            "<title>Netral</title>",
        ),
        ("/baru", "BROTLI-APP", "GZIP-APP", "<title>Netral</title>"),
        (
            "/dasbor/kasus/3",
            "BROTLI-DASBOR",
            "GZIP-DASBOR",
            "<title>Dasbor</title>",
        ),
        (
            "/dasbor/",
            "BROTLI-DASBOR",
            "GZIP-DASBOR",
            "<title>Dasbor</title>",
        ),
    ] {
        for (encoding, body, content_encoding) in [
            ("gzip, deflate, br", br, Some("br")),
            ("gzip", gzip, Some("gzip")),
            ("identity", plain, None),
        ] {
            let res = raw
                .get(app.url(path))
                .header("accept-encoding", encoding)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200, "{path} {encoding}");
            let h = res.headers();
            assert!(
                h["content-type"].to_str().unwrap().starts_with("text/html"),
                "{path}"
            );
            assert_eq!(
                h.get("content-encoding").map(|v| v.to_str().unwrap()),
                content_encoding,
                "{path} {encoding}"
            );
            assert_eq!(h["cache-control"], "no-cache", "{path}");
            assert!(
                h["vary"]
                    .to_str()
                    .unwrap()
                    .to_ascii_lowercase()
                    .contains("accept-encoding"),
                "{path}"
            );
            assert_eq!(res.text().await.unwrap(), body, "{path} {encoding}");
        }
    }
    // Still a 404 for a file that is not there, under an app route too.
    for path in ["/laporan/gone.js", "/dasbor/kasus/gone.css"] {
        let res = raw.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 404, "{path}");
    }
}

/// wasm-bindgen names the snippets' directory after the crate, not after
/// the files' content: a new build with a changed snippet keeps its URL, so
/// a browser must revalidate it (a year-long cache would pair the new app
/// with the old snippet).
#[tokio::test]
async fn snippets_are_revalidated_because_their_url_survives_a_change() {
    let app = spawn_app().await;
    let dist = app.data_dir.path().join("dist");
    for base in ["snippets", "dasbor/snippets"] {
        let dir = dist.join(base).join("netral-app-8c1da4aa87f5c8a9/js");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("photo.js"), "export const x = 1;").unwrap();
        std::fs::write(dir.join("photo.js.br"), b"BROTLI-SNIPPET").unwrap();
    }
    std::fs::write(dist.join("index.html"), "<title>Netral</title>").unwrap();
    let raw = reqwest::Client::new();
    for path in [
        "/snippets/netral-app-8c1da4aa87f5c8a9/js/photo.js",
        "/dasbor/snippets/netral-app-8c1da4aa87f5c8a9/js/photo.js",
    ] {
        let res = raw
            .get(app.url(path))
            .header("accept-encoding", "br")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
        assert_eq!(res.headers()["content-encoding"], "br");
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/javascript")
        );
        assert_eq!(res.bytes().await.unwrap().as_ref(), b"BROTLI-SNIPPET");
    }
}
