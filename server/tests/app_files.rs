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
