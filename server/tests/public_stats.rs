//! Public statistics (issue 19): off unless switched on (every public route
//! 404), and when on: no published count below the threshold and none
//! recoverable by subtraction, in every view the filters allow; no
//! personal field in any answer; the per-view cache; a page without script
//! with its preview tags; charts that parse as SVG and decode as PNG.

mod common;

use std::collections::BTreeMap;

use common::{TestApp, json, spawn_app, spawn_app_with, valid_report};
use netral_server::config::Settings;
use netral_shared::catalogue::{Platform, PositionClass, SourceKind, ViolationCode};
use netral_shared::report::Report;
use serde_json::{Value, json};

const THRESHOLD: u64 = 5;
/// With markup in it: every page and chart must escape it.
const TITLE: &str = "Koalisi <Uji> & Kawan";

const FACETS: [&str; 9] = [
    "provinsi",
    "kabkota",
    "pelanggaran",
    "sumber",
    "platform",
    "jabatan",
    "minggu",
    "status",
    "diteruskan",
];

fn switched_on(cache_seconds: u64) -> impl FnOnce(&mut Settings) {
    move |s| {
        s.public_statistics.enabled = true;
        s.public_statistics.title = TITLE.to_owned();
        s.public_statistics.cache_seconds = cache_seconds;
    }
}

/// Two letters per report, so each terlapor is a different person and no
/// two reports group.
fn tag(i: usize) -> String {
    format!(
        "{}{}",
        (b'A' + (i / 26) as u8) as char,
        (b'a' + (i % 26) as u8) as char
    )
}

/// Report `i` of the seed: 21 cases in four provinces (Jawa Timur 12, Jawa
/// Barat 6, DKI Jakarta 2, Bali 1), so several regions, violations,
/// sources, platforms and positions have 1 to 4 cases.
fn seeded_report(i: usize) -> Report {
    let mut r = valid_report();
    let t = tag(i);
    let regency = match i {
        0..=7 => "35.78",
        8..=10 => "35.73",
        11 => "35.15",
        12..=17 => "32.73",
        18..=19 => "31.71",
        _ => "51.03",
    };
    r.place.province = regency[..2].into();
    r.place.regency = regency.into();
    r.terlapor.name = format!("Pejabat Rahasia{t}");
    r.terlapor.agency = format!("Dinas Rahasia{t}");
    r.terlapor.position = format!("Jabatan Rahasia{t}");
    r.terlapor.nip = format!("196608011988031{:03}", i + 1);
    r.terlapor.position_class = Some(match i {
        2 => PositionClass::PimpinanTinggi,
        _ if i.is_multiple_of(5) => PositionClass::Pengawas,
        _ if i.is_multiple_of(2) => PositionClass::Administrator,
        _ => PositionClass::Fungsional,
    });
    r.violations = match i {
        5 => vec![ViolationCode::FasilitasNegara],
        _ if i.is_multiple_of(7) => vec![ViolationCode::PasangApk],
        _ if i.is_multiple_of(4) => vec![ViolationCode::MedsosFoto, ViolationCode::MedsosInteraksi],
        _ => vec![ViolationCode::MedsosFoto],
    };
    let source = match i {
        _ if i % 7 == 3 => SourceKind::Langsung,
        _ if i % 3 == 1 => SourceKind::BeritaOnline,
        _ => SourceKind::MediaSosial,
    };
    r.source.kind = Some(source);
    let platform = match i % 5 {
        0 => Platform::TikTok,
        1 | 2 => Platform::Instagram,
        _ => Platform::Facebook,
    };
    r.source.platform = (source == SourceKind::MediaSosial).then_some(platform);
    let day = 28 + (i * 2) % 28;
    let date = if day <= 31 {
        format!("2024-10-{day:02}")
    } else {
        format!("2024-11-{:02}", day - 31)
    };
    r.occurred_at = format!("{date}T10:00");
    r.known_at = date;
    r.description =
        format!("Kejadian kataunik{t} berfoto bersama calon di depan kantor kecamatan.");
    r.evidence_links = vec![format!(
        "https://www.facebook.com/rahasia{}/posts/{}",
        t.to_lowercase(),
        900_100 + i
    )];
    r.witnesses = format!("Saksi Rahasia{t}");
    r.reporter.name = format!("Pelapor Rahasia{t}");
    r.reporter.address = format!("Jalan Rahasia{t} 1");
    r
}

/// Reports `i` of the seed; the first 6 cases forwarded to Bawaslu
/// kab/kota, the first 2 of them also to BKN.
async fn seed(app: &TestApp, reports: std::ops::Range<usize>) -> Vec<(Report, i64)> {
    let batch: Vec<Report> = reports.clone().map(seeded_report).collect();
    let (status, body) = app.sync(&batch.iter().map(json).collect::<Vec<_>>()).await;
    assert_eq!(status, 200, "{body}");
    for r in body["results"].as_array().unwrap() {
        assert_eq!(r["outcome"], "accepted", "{r}");
    }
    let mut out = Vec::new();
    for (i, r) in reports.zip(batch) {
        let case = app.stored(r.id).await.unwrap()["case_id"].as_i64().unwrap();
        if i < 6 {
            step(app, case, json!({ "action": "verify" })).await;
            let mut targets = vec![
                json!({ "agency": "bawaslu_kabkota", "date": "2024-11-25", "reference": format!("REF-RAHASIA-{i}") }),
            ];
            if i < 2 {
                targets.push(json!({ "agency": "bkn", "date": "2024-11-25", "reference": format!("BKN-RAHASIA-{i}") }));
            }
            step(
                app,
                case,
                json!({ "action": "forward", "targets": targets }),
            )
            .await;
        }
        out.push((r, case));
    }
    let cases: std::collections::BTreeSet<i64> = out.iter().map(|(_, c)| *c).collect();
    assert_eq!(
        cases.len(),
        out.len(),
        "every seeded report is its own case"
    );
    out
}

async fn step(app: &TestApp, case: i64, action: Value) {
    let res = app
        .admin
        .post(app.url(&format!("/api/v1/cases/{case}/status")))
        .json(&action)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{action}");
}

async fn get(app: &TestApp, client: &reqwest::Client, path: &str) -> reqwest::Response {
    client.get(app.url(path)).send().await.unwrap()
}

async fn public_json(app: &TestApp, query: &str) -> Value {
    let res = get(app, &app.anon, &format!("/api/v1/public/statistics{query}")).await;
    assert_eq!(res.status(), 200, "{query}");
    res.json().await.unwrap()
}

fn public_paths() -> Vec<String> {
    let mut paths: Vec<String> = [
        "/api/v1/public/statistics",
        "/statistik",
        "/statistik.css",
        "/statistik.png",
    ]
    .map(String::from)
    .to_vec();
    for f in FACETS {
        paths.push(format!("/statistik/grafik/{f}.svg"));
        paths.push(format!("/statistik/grafik/{f}.png"));
    }
    paths
}

#[tokio::test]
async fn switched_off_every_public_route_is_not_found() {
    let app = spawn_app().await;
    seed(&app, 0..6).await;
    for path in public_paths() {
        for query in ["", "?provinsi=35&dari=2024-11-01"] {
            let res = get(&app, &app.anon, &format!("{path}{query}")).await;
            assert_eq!(res.status(), 404, "{path}{query}");
            // Signed in changes nothing.
            let res = get(&app, &app.admin, &format!("{path}{query}")).await;
            assert_eq!(res.status(), 404, "{path}{query} as admin");
        }
    }
    // The API's answer is the one for any unknown API path.
    let body: Value = get(&app, &app.anon, "/api/v1/public/statistics")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["code"], "not_found");
}

/// A cell's published number, if any; panics on anything but the two shapes.
fn published(cell: &Value) -> Option<u64> {
    match (cell.get("n"), cell.get("below")) {
        (Some(n), None) => Some(n.as_u64().unwrap()),
        (None, Some(t)) => {
            assert_eq!(t.as_u64(), Some(THRESHOLD), "{cell}");
            None
        }
        _ => panic!("not a cell: {cell}"),
    }
}

/// The dashboard's raw counts of a facet, by key.
fn raw(overview: &Value, facet: &str) -> BTreeMap<String, u64> {
    overview[facet]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|c| {
                    (
                        c["key"].as_str().unwrap().to_owned(),
                        c["n"].as_u64().unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The facets the overview also has, under the same names.
const COMPARABLE: [(&str, bool); 7] = [
    // (facet, every case counts exactly once in it)
    ("by_province", true),
    ("by_regency", true),
    ("by_violation", false),
    ("by_source", false),
    ("by_platform", false),
    ("by_position_class", false),
    ("by_status", true),
];

const ALL_FACETS: [&str; 9] = [
    "by_province",
    "by_regency",
    "by_violation",
    "by_source",
    "by_platform",
    "by_position_class",
    "by_week",
    "by_status",
    "by_forwarded_agency",
];

/// The rule, checked on one view against the dashboard's raw counts.
fn check_view(view: &str, public: &Value, overview: &Value) {
    let cases = published(&public["cases"]);
    let reports = published(&public["reports"]);
    let raw_cases = overview["cases"].as_u64().unwrap();
    match cases {
        Some(n) => {
            assert!(n >= THRESHOLD, "{view}: {n} cases published");
            assert_eq!(n, raw_cases, "{view}");
            assert_eq!(reports, overview["reports"].as_u64(), "{view}");
        }
        None => {
            assert_eq!(reports, None, "{view}: reports of a withheld view");
            for f in ALL_FACETS {
                assert_eq!(public[f], json!([]), "{view}: {f} of a withheld view");
            }
        }
    }
    for f in ALL_FACETS {
        let cells = public[f].as_array().unwrap();
        for c in cells {
            if let Some(n) = published(&c["count"]) {
                assert!(n >= THRESHOLD, "{view}: {f} {c} under the threshold");
            }
        }
    }
    for (f, partition) in COMPARABLE {
        let raw = raw(overview, f);
        let cells = public[f].as_array().unwrap();
        if cells.is_empty() {
            continue;
        }
        let mut published_sum = 0;
        let mut any_hidden = false;
        for c in cells {
            let key = c["key"].as_str().unwrap();
            match published(&c["count"]) {
                Some(n) => {
                    assert_eq!(Some(&n), raw.get(key), "{view}: {f} {key}");
                    published_sum += n;
                }
                None => any_hidden = true,
            }
        }
        assert_eq!(cells.len(), raw.len(), "{view}: {f} has every key");
        if any_hidden {
            let total: u64 = raw.values().sum();
            // Or the facet's own total is small, and all of it withheld.
            assert!(
                total - published_sum >= THRESHOLD || (total < THRESHOLD && published_sum == 0),
                "{view}: {f}: {total} - {published_sum} gives a small cell back"
            );
            if partition && let Some(cases) = cases {
                assert!(
                    cases - published_sum >= THRESHOLD,
                    "{view}: {f}: cases {cases} - {published_sum}"
                );
            }
        }
    }
}

#[tokio::test]
async fn no_view_publishes_or_gives_away_a_small_count() {
    let app = spawn_app_with(switched_on(60)).await;
    seed(&app, 0..21).await;

    let national = public_json(&app, "").await;
    assert_eq!(national["title"], TITLE);
    assert_eq!(national["threshold"], THRESHOLD);
    assert_eq!(
        (national["cases"].clone(), national["reports"].clone()),
        (json!({ "n": 21 }), json!({ "n": 21 }))
    );
    // DKI (2) and Bali (1) are small, together still under 5: Jawa Barat
    // (6), the smallest published, is withheld with them; the published
    // first, then the withheld by code, whatever their size.
    assert_eq!(
        national["by_province"],
        json!([
            { "key": "35", "label_id": "Jawa Timur", "label_en": "Jawa Timur", "count": { "n": 12 } },
            { "key": "31", "label_id": "Daerah Khusus Ibukota Jakarta", "label_en": "Daerah Khusus Ibukota Jakarta", "count": { "below": 5 } },
            { "key": "32", "label_id": "Jawa Barat", "label_en": "Jawa Barat", "count": { "below": 5 } },
            { "key": "51", "label_id": "Bali", "label_en": "Bali", "count": { "below": 5 } },
        ])
    );
    assert_eq!(
        national["by_regency"],
        json!([]),
        "regencies only in a province's view"
    );
    // BKN (2) alone would be recoverable: Bawaslu (6) goes with it.
    assert_eq!(
        national["by_forwarded_agency"],
        json!([
            { "key": "bawaslu_kabkota", "label_id": "Bawaslu kabupaten/kota", "label_en": "Bawaslu (regency/city)", "count": { "below": 5 } },
            { "key": "bkn", "label_id": "BKN", "label_en": "BKN (civil service agency)", "count": { "below": 5 } },
        ])
    );
    assert!(national["by_week"].as_array().unwrap().len() >= 4);
    assert_eq!(national["by_week"][0]["key"], "2024-10-28");

    // Jawa Barat's 6 cases are withheld nationally, so its own view is too:
    // its total would give the national cell back.
    let jabar = public_json(&app, "?provinsi=32").await;
    assert_eq!(jabar["cases"], json!({ "below": 5 }));
    assert_eq!(jabar["by_regency"], json!([]));
    let jatim = public_json(&app, "?provinsi=35").await;
    assert_eq!(jatim["cases"], json!({ "n": 12 }));
    assert_eq!(jatim["province"], "35");
    assert!(!jatim["by_regency"].as_array().unwrap().is_empty());

    // Every province present, several date ranges, and the whole country.
    let ranges = [
        "",
        "dari=2024-11-04",
        "sampai=2024-11-10",
        "dari=2024-11-01&sampai=2024-11-15",
        "dari=2024-11-18&sampai=2024-11-24",
        "dari=2024-10-01&sampai=2024-10-31",
    ];
    for province in [
        "",
        "provinsi=35",
        "provinsi=32",
        "provinsi=31",
        "provinsi=51",
    ] {
        for range in ranges {
            let q: Vec<&str> = [province, range]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            let query = if q.is_empty() {
                String::new()
            } else {
                format!("?{}", q.join("&"))
            };
            let public = public_json(&app, &query).await;
            let res = get(&app, &app.admin, &format!("/api/v1/overview{query}")).await;
            let overview: Value = res.json().await.unwrap();
            check_view(&query, &public, &overview);
            if !province.is_empty() {
                // A province withheld in the national view of the same dates
                // is withheld whole.
                let national_query = if range.is_empty() {
                    String::new()
                } else {
                    format!("?{range}")
                };
                let national = public_json(&app, &national_query).await;
                let code = &province["provinsi=".len()..];
                let cell = national["by_province"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|c| c["key"] == code)
                    .map(|c| c["count"].clone());
                if cell.is_none_or(|c| published(&c).is_none()) {
                    assert_eq!(public["cases"], json!({ "below": 5 }), "{query}");
                }
            }
        }
    }

    // Only the coarse filters count; anything else is ignored, as is a
    // value that does not parse.
    let mut plain = public_json(&app, "?provinsi=35").await;
    let mut noisy = public_json(
        &app,
        "?provinsi=35&kabkota=35.78&pelanggaran=pasang_apk&cari=Rahasia&sumber=langsung&dari=kemarin",
    )
    .await;
    plain["generated_at"] = Value::Null;
    noisy["generated_at"] = Value::Null;
    assert_eq!(plain, noisy);
}

/// Everything personal the seed holds, none of which may be published.
fn secrets(seeded: &[(Report, i64)]) -> Vec<String> {
    let mut out = Vec::new();
    for (r, _) in seeded {
        out.push(r.id.to_string());
        out.push(r.terlapor.name.clone());
        out.push(r.terlapor.agency.clone());
        out.push(r.terlapor.position.clone());
        out.push(r.terlapor.nip.clone());
        out.push(r.witnesses.clone());
        out.push(r.reporter.name.clone());
        out.push(r.reporter.address.clone());
        out.extend(r.evidence_links.iter().cloned());
        out.extend(
            r.description
                .split_whitespace()
                .filter(|w| w.starts_with("kataunik"))
                .map(String::from),
        );
    }
    // Every one of them carries "Rahasia" or "rahasia" (the references of
    // the forwardings too); the coalition's title and labels do not.
    out.push("Rahasia".into());
    out.push("rahasia".into());
    out.push("RAHASIA".into());
    out
}

/// The keys of a public answer: exactly the published shape, nowhere an id.
fn keys_of(v: &Value, at: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                out.push(k.clone());
                keys_of(v, &format!("{at}.{k}"), out);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| keys_of(v, at, out)),
        _ => {}
    }
}

#[tokio::test]
async fn no_personal_field_in_any_public_answer() {
    let app = spawn_app_with(switched_on(60)).await;
    let seeded = seed(&app, 0..21).await;
    let secrets = secrets(&seeded);
    let allowed = [
        "title",
        "generated_at",
        "threshold",
        "from",
        "to",
        "province",
        "reports",
        "cases",
        "by_province",
        "by_regency",
        "by_violation",
        "by_source",
        "by_platform",
        "by_position_class",
        "by_week",
        "by_status",
        "by_forwarded_agency",
        "key",
        "label_id",
        "label_en",
        "count",
        "n",
        "below",
    ];
    let mut answers = Vec::new();
    for query in [
        "",
        "?provinsi=35",
        "?provinsi=35&dari=2024-11-01",
        "?provinsi=32",
    ] {
        let body = public_json(&app, query).await;
        let mut keys = Vec::new();
        keys_of(&body, "", &mut keys);
        for k in keys {
            assert!(allowed.contains(&k.as_str()), "{query}: key {k}");
        }
        answers.push((format!("JSON{query}"), body.to_string()));
        let html = get(&app, &app.anon, &format!("/statistik{query}"))
            .await
            .text()
            .await
            .unwrap();
        answers.push((format!("HTML{query}"), html));
        for f in FACETS {
            let svg = get(
                &app,
                &app.anon,
                &format!("/statistik/grafik/{f}.svg{query}"),
            )
            .await;
            answers.push((format!("{f}.svg{query}"), svg.text().await.unwrap()));
        }
    }
    for (what, text) in &answers {
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "{what} holds {s:?}");
        }
    }
}

#[tokio::test]
async fn the_page_has_its_preview_tags_and_no_script() {
    let app = spawn_app_with(switched_on(60)).await;
    seed(&app, 0..21).await;
    let res = get(&app, &app.anon, "/statistik?provinsi=35").await;
    assert_eq!(res.status(), 200);
    let header = |name: &str| {
        res.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    assert_eq!(
        header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(
        header("cache-control").as_deref(),
        Some("public, max-age=60")
    );
    let csp = header("content-security-policy").unwrap();
    assert!(
        csp.contains("style-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    let html = res.text().await.unwrap();
    assert!(
        html.starts_with("<!doctype html>\n<html lang=\"id\">"),
        "{html:.80}"
    );
    assert!(!html.to_lowercase().contains("<script"), "no script at all");
    // The policy would block inline style; the stylesheet is a file.
    assert!(!html.contains("style=") && !html.contains("<style"));
    assert!(html.contains("<link rel=\"stylesheet\" href=\"/statistik.css\">"));
    // The title is escaped wherever it appears.
    assert!(!html.contains(TITLE));
    assert!(html.contains("Koalisi &lt;Uji&gt; &amp; Kawan"));
    for tag in [
        "og:title",
        "og:description",
        "og:image",
        "og:type",
        "twitter:card",
        "twitter:image",
    ] {
        assert!(html.contains(&format!("\"{tag}\"")), "{tag}");
    }
    assert!(html.contains("<meta property=\"og:type\" content=\"website\">"));
    let image = format!(
        "<meta property=\"og:image\" content=\"http://{}/statistik.png?provinsi=35\">",
        app.addr
    );
    assert!(html.contains(&image), "absolute preview URL");
    let description = html
        .split("property=\"og:description\" content=\"")
        .nth(1)
        .unwrap();
    assert!(
        description.starts_with("Koalisi &lt;Uji&gt; &amp; Kawan: 12 kasus dari 12 laporan"),
        "{description:.80}"
    );
    // A chart and a table per facet, the filter form, the note.
    assert!(html.contains("<form class=\"filters\" method=\"get\" action=\"/statistik\">"));
    assert!(html.contains("<option value=\"35\" selected>Jawa Timur</option>"));
    assert!(html.contains("<h2 id=\"f-kabkota\">Per kabupaten/kota</h2>"));
    assert!(html.contains("&lt; 5"), "withheld cells shown as < 5");
    assert!(html.matches("<table>").count() >= 5);
    assert_eq!(
        html.matches("<svg").count(),
        html.matches("<table>").count()
    );
    assert!(html.contains("tidak pernah</strong> diterbitkan"));
    assert!(html.contains("/statistik/grafik/sumber.svg?provinsi=35"));

    let css = get(&app, &app.anon, "/statistik.css").await;
    assert_eq!(css.status(), 200);
    assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
    assert!(css.text().await.unwrap().contains("min-height: 48px"));

    let api = get(&app, &app.anon, "/api/v1/public/statistics").await;
    assert_eq!(api.headers()["cache-control"], "public, max-age=60");
    assert_eq!(api.headers()["content-type"], "application/json");
}

#[tokio::test]
async fn charts_are_svg_and_png_files() {
    let app = spawn_app_with(switched_on(60)).await;
    seed(&app, 0..21).await;
    for f in FACETS {
        let res = get(
            &app,
            &app.anon,
            &format!("/statistik/grafik/{f}.svg?provinsi=35"),
        )
        .await;
        assert_eq!(res.status(), 200, "{f}");
        assert_eq!(
            res.headers()["content-type"],
            "image/svg+xml; charset=utf-8"
        );
        let disposition = res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            disposition.starts_with(&format!("attachment; filename=\"netral-{f}-20")),
            "{disposition}"
        );
        assert!(disposition.ends_with(".svg\""), "{disposition}");
        let svg = res.text().await.unwrap();
        let (root, texts) = parse_svg(&svg);
        assert_eq!(root, "svg", "{f}");
        let all = texts.join(" ");
        assert!(
            all.contains(TITLE),
            "{f}: the coalition's title, unescaped once parsed: {all}"
        );
        assert!(
            texts.iter().any(|t| t.contains(" UTC")),
            "{f}: the date generated"
        );

        let res = get(
            &app,
            &app.anon,
            &format!("/statistik/grafik/{f}.png?provinsi=35"),
        )
        .await;
        assert_eq!(res.status(), 200, "{f}");
        assert_eq!(res.headers()["content-type"], "image/png");
        let disposition = res.headers()["content-disposition"].to_str().unwrap();
        assert!(disposition.ends_with(".png\""), "{disposition}");
        let (w, h) = decode_png(&res.bytes().await.unwrap());
        assert_eq!(w, 800, "{f}");
        assert!(h > 50, "{f}");
    }
    let res = get(&app, &app.anon, "/statistik.png").await;
    assert_eq!(res.status(), 200);
    assert_eq!(decode_png(&res.bytes().await.unwrap()), (1200, 630));
    for missing in [
        "/statistik/grafik/nama.svg",
        "/statistik/grafik/sumber.gif",
        "/statistik/grafik/sumber",
    ] {
        assert_eq!(
            get(&app, &app.anon, missing).await.status(),
            404,
            "{missing}"
        );
    }
}

/// The root element's name and every run of text (entities resolved), from
/// a real XML parser.
fn parse_svg(svg: &str) -> (String, Vec<String>) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut root = None;
    let mut texts = Vec::new();
    let mut run = String::new();
    let mut depth = 0i32;
    loop {
        let event = reader.read_event().expect("well-formed XML");
        let name = |n: quick_xml::name::QName| String::from_utf8_lossy(n.as_ref()).into_owned();
        match &event {
            Event::Text(t) => {
                run.push_str(&t.decode().unwrap());
                continue;
            }
            Event::GeneralRef(r) => {
                run.push_str(match String::from_utf8_lossy(r).as_ref() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "#39" => "'",
                    other => panic!("unexpected entity {other}"),
                });
                continue;
            }
            _ => {}
        }
        if !run.is_empty() {
            texts.push(std::mem::take(&mut run));
        }
        match event {
            Event::Start(e) => {
                root.get_or_insert_with(|| name(e.name()));
                depth += 1;
            }
            Event::Empty(e) => {
                root.get_or_insert_with(|| name(e.name()));
            }
            Event::End(_) => depth -= 1,
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "every element closed");
    (root.expect("a root element"), texts)
}

fn decode_png(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.starts_with(&[0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n']));
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).expect("a decodable image");
    // Not blank: the bars are there.
    assert!(buf.iter().any(|b| *b != 0xff), "only white");
    (info.width, info.height)
}

#[tokio::test]
async fn counts_are_recomputed_at_most_once_per_period() {
    let app = spawn_app_with(switched_on(60)).await;
    seed(&app, 0..6).await;
    let first = public_json(&app, "").await;
    assert_eq!(first["cases"], json!({ "n": 6 }));
    seed(&app, 6..7).await;
    assert_eq!(public_json(&app, "").await, first, "within the minute");
    // Another view is its own entry, counted now.
    assert_eq!(
        public_json(&app, "?dari=2024-10-01").await["cases"],
        json!({ "n": 7 })
    );

    let app = spawn_app_with(switched_on(1)).await;
    seed(&app, 0..6).await;
    assert_eq!(public_json(&app, "").await["cases"], json!({ "n": 6 }));
    seed(&app, 6..7).await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(public_json(&app, "").await["cases"], json!({ "n": 7 }));
}
