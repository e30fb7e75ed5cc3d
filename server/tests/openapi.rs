mod common;

use std::collections::BTreeSet;
use std::sync::LazyLock;

use common::spawn_app;
use netral_server::http::api_routes;
use netral_server::http::auth::Access;
use netral_server::http::routes::openapi::ApiDoc;
use netral_server::services::credentials::{INVITE_LEN, normalize_invite_code};
use netral_server::services::users::{sent_organisation_name_problem, sent_username_problem};
use netral_shared::accounts::{
    MAX_INVITE_HOURS, MAX_INVITE_USES, MAX_ORGANISATION_CHARS, MAX_PASSWORD_CHARS,
    MAX_USERNAME_CHARS, MIN_PASSWORD_CHARS, invite_limit_problems, password_problem,
};
use netral_shared::cases::{Canonical, MAX_CANONICAL_CHARS};
use netral_shared::evidence_url::EvidenceUrl;
use netral_shared::regions::{ProvinceCode, RegencyCode, RegionCode};
use netral_shared::report::Report;
use netral_shared::sync::MAX_BATCH;
use netral_shared::validate::{
    Level, MAX_LINKS, MAX_LONG, MAX_PHOTOS, MAX_SHORT, MIN_DESCRIPTION, When, is_sha256_hex,
    validate,
};
use proptest::prelude::*;
use regex::Regex;
use serde_json::{Value, json};
use utoipa::OpenApi;
use uuid::Uuid;

#[tokio::test]
async fn the_api_describes_itself() {
    let app = spawn_app().await;
    let res = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let doc: Value = res.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for (path, method) in [
        ("/api/v1/sync", "post"),
        ("/api/v1/reports/{id}", "get"),
        ("/api/v1/reports/{id}", "put"),
        ("/api/v1/reports/status", "post"),
        ("/api/v1/cases", "get"),
        ("/api/v1/cases/{id}", "get"),
        ("/api/v1/cases/{id}/split", "post"),
        ("/api/v1/cases/{id}/merge", "post"),
        ("/api/v1/evidence/{sha256}", "put"),
        ("/api/v1/evidence/{sha256}", "head"),
        ("/api/v1/evidence/{sha256}", "get"),
        ("/api/v1/public/statistics", "get"),
        ("/healthz", "get"),
        ("/readyz", "get"),
        ("/metrics", "get"),
    ] {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} is not documented"
        );
    }
    let schemas = &doc["components"]["schemas"];
    for name in [
        "Report",
        "SyncResponse",
        "ErrorBody",
        "Problem",
        "CaseDetail",
        "ViolationCode",
        "Outcome",
        "PublicStatistics",
        "Cell",
    ] {
        assert!(schemas[name].is_object(), "schema {name} missing");
    }
    // Exactly the routes the router declares, no more, no fewer; every
    // protected one says how to authenticate and documents 401 (and 403
    // where a wrong kind of caller can reach it).
    let methods = ["get", "put", "post", "delete", "head", "patch"];
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(path, _)| path.starts_with("/api/v1"))
        .flat_map(|(path, item)| {
            methods
                .iter()
                .filter(|m| item[**m].is_object())
                .map(|m| (m.to_string(), path.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    let declared: BTreeSet<(String, String)> = api_routes()
        .into_iter()
        .map(|r| (r.method.as_str().to_lowercase(), r.path))
        .collect();
    assert_eq!(documented, declared);
    for r in api_routes() {
        let op = &doc["paths"][&r.path][r.method.as_str().to_lowercase()];
        let route = format!("{} {}", r.method, r.path);
        if r.access == Access::Public {
            assert!(op.get("security").is_none(), "{route} is public");
            continue;
        }
        assert!(
            !op["security"].as_array().unwrap_or(&Vec::new()).is_empty(),
            "{route} names no security scheme"
        );
        assert!(op["responses"]["401"].is_object(), "{route}: no 401");
        if r.access != Access::DeviceOrStaff {
            assert!(op["responses"]["403"].is_object(), "{route}: no 403");
        }
    }
    for path in ["/api/v1/auth/login", "/api/v1/devices/join"] {
        assert!(doc["paths"][path]["post"]["responses"]["429"].is_object());
    }
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["device"]["scheme"], "bearer");
    assert_eq!(schemes["session"]["in"], "cookie");
    assert_eq!(schemes["session"]["name"], "netral_session");

    // The catalogue codes are the wire values.
    let codes = schemas["ViolationCode"]["enum"].as_array().unwrap();
    assert!(codes.iter().any(|c| c == "medsos_foto"));
    assert_eq!(codes.len(), 18);
    assert!(codes.iter().any(|c| c == "kampanye_pasangan"));
}

// The document itself, as the route serves it (`GET /api/v1/openapi.json`).
fn document() -> &'static Value {
    static DOCUMENT: LazyLock<Value> =
        LazyLock::new(|| serde_json::to_value(ApiDoc::openapi()).unwrap());
    &DOCUMENT
}

fn schema<'a>(doc: &'a Value, name: &str) -> &'a Value {
    let schema = &doc["components"]["schemas"][name];
    assert!(schema.is_object(), "no schema {name}");
    schema
}

fn property<'a>(doc: &'a Value, name: &str, field: &str) -> &'a Value {
    let property = &schema(doc, name)["properties"][field];
    assert!(property.is_object(), "no property {name}.{field}");
    property
}

fn parameter<'a>(doc: &'a Value, path: &str, method: &str, name: &str) -> &'a Value {
    doc["paths"][path][method]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("{method} {path} has no parameter {name}"))
}

fn usize_of(schema: &Value, keyword: &str) -> usize {
    schema[keyword]
        .as_u64()
        .unwrap_or_else(|| panic!("no {keyword} in {schema}")) as usize
}

fn f64_of(schema: &Value, keyword: &str) -> f64 {
    schema[keyword]
        .as_f64()
        .unwrap_or_else(|| panic!("no {keyword} in {schema}"))
}

/// A schema's `pattern`, as a regex (JSON Schema patterns are unanchored).
fn pattern(schema: &Value) -> Regex {
    let pattern = schema["pattern"]
        .as_str()
        .unwrap_or_else(|| panic!("no pattern in {schema}"));
    Regex::new(pattern).unwrap()
}

/// Calls `f` with every object in `value` and where it is.
fn for_each_object(value: &Value, f: &mut impl FnMut(&str, &Value)) {
    fn walk(value: &Value, at: &str, f: &mut impl FnMut(&str, &Value)) {
        match value {
            Value::Object(map) => {
                f(at, value);
                for (key, v) in map {
                    walk(v, &format!("{at}/{key}"), f);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, &format!("{at}/{i}"), f);
                }
            }
            _ => {}
        }
    }
    walk(value, "#", f);
}

#[test]
fn every_reference_resolves_within_the_document() {
    let doc = document();
    let mut found = Vec::new();
    for_each_object(doc, &mut |at, object| {
        if let Some(target) = object.get("$ref").and_then(Value::as_str) {
            found.push((at.to_owned(), target.to_owned()));
        }
    });
    assert!(found.len() > 100, "{} references only", found.len());
    // Schemas, responses, parameters, request bodies…: a local pointer that
    // leads somewhere, whatever the component kind.
    let dangling: Vec<_> = found
        .iter()
        .filter(|(_, target)| {
            target
                .strip_prefix('#')
                .is_none_or(|pointer| !pointer.starts_with('/') || doc.pointer(pointer).is_none())
        })
        .collect();
    assert!(dangling.is_empty(), "unresolved references: {dangling:#?}");
}

/// Report fields with a length limit: where their schema is, and the path
/// of the field in a report's JSON and in `validate`'s problems.
const REPORT_TEXTS: &[(&str, &str, &str)] = &[
    ("Terlapor", "name", "terlapor.name"),
    ("Terlapor", "position", "terlapor.position"),
    ("Terlapor", "agency", "terlapor.agency"),
    ("Terlapor", "nip", "terlapor.nip"),
    ("Place", "description", "place.description"),
    ("Report", "violation_other", "violation_other"),
    ("Report", "description", "description"),
    ("Report", "beneficiary", "beneficiary"),
    ("Report", "witnesses", "witnesses"),
    ("Source", "account", "source.account"),
    ("Source", "outlet", "source.outlet"),
    ("Reporter", "name", "reporter.name"),
    ("Reporter", "contact", "reporter.contact"),
    ("Reporter", "address", "reporter.address"),
];

/// The shared example report, with a photo and a link.
fn example() -> Value {
    let mut report = serde_json::to_value(Report::example(Uuid::now_v7())).unwrap();
    report["photos"] = json!([{ "sha256": "a".repeat(64), "original_sha256": "b".repeat(64) }]);
    report["evidence_links"] = json!(["https://facebook.com/x/posts/1"]);
    report
}

fn set(report: &mut Value, path: &str, value: Value) {
    let pointer = format!("/{}", path.replace('.', "/"));
    *report.pointer_mut(&pointer).unwrap() = value;
}

/// The problems of a report in JSON that the server refuses it for (its
/// warnings are said, never refused for).
fn problems(report: &Value) -> Vec<(String, String)> {
    let report: Report = serde_json::from_value(report.clone()).unwrap();
    validate(&report, Level::Ready, time::macros::date!(2024 - 11 - 25))
        .into_iter()
        .filter(|p| p.is_error())
        .map(|p| (p.field, p.code))
        .collect()
}

fn too_long(field: &str) -> Vec<(String, String)> {
    vec![(field.to_owned(), "too_long".to_owned())]
}

/// "Generated from the same definitions": where `utoipa` needs a literal,
/// the document must still say exactly what `shared` enforces. Each limit is
/// read from the document and checked against the shared constant and the
/// shared check itself, so changing one without the other fails here.
#[test]
fn limits_in_the_contract_are_the_shared_ones() {
    let doc = document();

    // Reports: every text's length, checked by `validate` one past it.
    assert!(
        problems(&example()).is_empty(),
        "{:?}",
        problems(&example())
    );
    for (schema_name, field, path) in REPORT_TEXTS {
        let max = usize_of(property(doc, schema_name, field), "maxLength");
        let long = matches!(
            *path,
            "place.description"
                | "violation_other"
                | "description"
                | "witnesses"
                | "reporter.address"
        );
        assert_eq!(max, if long { MAX_LONG } else { MAX_SHORT }, "{path}");
        let mut report = example();
        // `violation_other` is checked only with `lainnya`.
        set(&mut report, "violations", json!(["medsos_foto", "lainnya"]));
        set(
            &mut report,
            "violation_other",
            json!("Menghadiri deklarasi."),
        );
        set(&mut report, path, json!("a".repeat(max)));
        assert!(problems(&report).is_empty(), "{path} at {max}");
        set(&mut report, path, json!("a".repeat(max + 1)));
        assert_eq!(problems(&report), too_long(path));
    }
    let description = property(doc, "Report", "description");
    let min = usize_of(description, "minLength");
    assert_eq!(min, MIN_DESCRIPTION);
    let mut report = example();
    set(&mut report, "description", json!("a".repeat(min)));
    assert!(problems(&report).is_empty());
    set(&mut report, "description", json!("a".repeat(min - 1)));
    assert_eq!(problems(&report)[0].1, "too_short");
    assert_eq!(usize_of(property(doc, "Terlapor", "name"), "minLength"), 1);

    for (field, max, item) in [
        (
            "evidence_links",
            MAX_LINKS,
            json!("https://facebook.com/x/posts/1"),
        ),
        (
            "photos",
            MAX_PHOTOS,
            json!({ "sha256": "a".repeat(64), "original_sha256": "b".repeat(64) }),
        ),
    ] {
        assert_eq!(usize_of(property(doc, "Report", field), "maxItems"), max);
        let mut report = example();
        set(&mut report, field, json!(vec![item.clone(); max]));
        assert!(problems(&report).is_empty(), "{field}");
        set(&mut report, field, json!(vec![item; max + 1]));
        assert_eq!(
            problems(&report),
            vec![(field.to_owned(), "too_many".to_owned())]
        );
    }

    let violations = property(doc, "Report", "violations");
    assert_eq!(usize_of(violations, "minItems"), 1);
    assert_eq!(violations["uniqueItems"], true);
    let mut report = example();
    set(&mut report, "violations", json!([]));
    assert_eq!(
        problems(&report)[0],
        ("violations".to_owned(), "required".to_owned())
    );
    set(
        &mut report,
        "violations",
        json!(["medsos_foto", "medsos_foto"]),
    );
    assert_eq!(problems(&report)[0].1, "duplicate_violation");

    let revision = property(doc, "Report", "revision");
    assert_eq!(usize_of(revision, "minimum"), 1);
    assert_eq!(usize_of(revision, "maximum"), u32::MAX as usize);
    let mut report = example();
    set(&mut report, "revision", json!(0));
    assert_eq!(
        problems(&report),
        vec![("id".to_owned(), "invalid_id".to_owned())]
    );

    for (field, bound) in [("lat", 90.0), ("lon", 180.0)] {
        let gps = property(doc, "Gps", field);
        assert_eq!(
            (f64_of(gps, "minimum"), f64_of(gps, "maximum")),
            (-bound, bound)
        );
        for (value, ok) in [
            (bound, true),
            (-bound, true),
            (bound + 1e-9, false),
            (-bound - 1e-9, false),
        ] {
            let mut report = example();
            let mut gps = json!({ "lat": 0.0, "lon": 0.0 });
            gps[field] = json!(value);
            set(&mut report, "place.gps", gps);
            assert_eq!(problems(&report).is_empty(), ok, "{field} = {value}");
        }
    }
    assert_eq!(f64_of(property(doc, "Gps", "accuracy_m"), "minimum"), 0.0);

    // A batch, and a device's question about its reports.
    let batch = property(doc, "SyncRequest_Report", "reports");
    assert_eq!(usize_of(batch, "maxItems"), MAX_BATCH);
    assert_eq!(
        batch["items"]["required"],
        schema(doc, "Report")["required"]
    );
    assert_eq!(
        usize_of(property(doc, "StatusRequest", "ids"), "maxItems"),
        MAX_BATCH
    );

    // A coordinator's correction.
    for field in ["name", "position", "agency", "place"] {
        let max = usize_of(property(doc, "Canonical", field), "maxLength");
        assert_eq!(max, MAX_CANONICAL_CHARS, "{field}");
        let mut edit = serde_json::to_value(Canonical::default()).unwrap();
        edit[field] = json!("a".repeat(max));
        let edit: Canonical = serde_json::from_value(edit.clone()).unwrap();
        assert!(edit.problems().is_empty());
        let mut longer = serde_json::to_value(&edit).unwrap();
        longer[field] = json!(format!("{} ", "a".repeat(max)));
        let longer: Canonical = serde_json::from_value(longer).unwrap();
        assert_eq!(longer.problems().len(), 1, "{field}");
    }

    // Invites.
    let hours = property(doc, "NewInvite", "expires_in_hours");
    let uses = property(doc, "NewInvite", "max_uses");
    assert_eq!(usize_of(hours, "minimum"), 1);
    assert_eq!(usize_of(hours, "maximum"), MAX_INVITE_HOURS as usize);
    assert_eq!(usize_of(uses, "minimum"), 1);
    assert_eq!(usize_of(uses, "maximum"), MAX_INVITE_USES as usize);
    let (h, u) = (MAX_INVITE_HOURS, MAX_INVITE_USES);
    assert!(invite_limit_problems(1, 1).is_empty());
    assert!(invite_limit_problems(h, u).is_empty());
    for (hours, uses) in [(0, 1), (h + 1, 1), (1, 0), (1, u + 1)] {
        assert_eq!(
            invite_limit_problems(hours, uses).len(),
            1,
            "{hours} h, {uses} uses"
        );
    }
    let scopes = property(doc, "NewInvite", "scopes");
    assert_eq!(usize_of(scopes, "minItems"), 1);

    // Accounts.
    for (name, field) in [("NewUser", "password"), ("PasswordChange", "new_password")] {
        let password = property(doc, name, field);
        let (min, max) = (
            usize_of(password, "minLength"),
            usize_of(password, "maxLength"),
        );
        assert_eq!(
            (min, max),
            (MIN_PASSWORD_CHARS, MAX_PASSWORD_CHARS),
            "{name}.{field}"
        );
        assert!(password_problem(field, &"é".repeat(min)).is_none());
        assert!(password_problem(field, &"é".repeat(max)).is_none());
        assert!(password_problem(field, &"é".repeat(min - 1)).is_some());
        assert!(password_problem(field, &"é".repeat(max + 1)).is_some());
    }
    let username = property(doc, "NewUser", "username");
    assert_eq!(usize_of(username, "maxLength"), MAX_USERNAME_CHARS);
    let organisation = property(doc, "NewOrganisation", "name");
    assert_eq!(usize_of(organisation, "maxLength"), MAX_ORGANISATION_CHARS);

    // Paging: any `u32`, as the handlers read them (larger pages are capped).
    for (path, name) in [
        ("/api/v1/cases", "limit"),
        ("/api/v1/cases", "offset"),
        ("/api/v1/audit", "limit"),
        ("/api/v1/audit", "offset"),
    ] {
        let p = parameter(doc, path, "get", name);
        assert_eq!(p["in"], "query");
        assert_eq!(p["required"], false);
        assert_eq!(usize_of(&p["schema"], "minimum"), 0);
        assert_eq!(usize_of(&p["schema"], "maximum"), u32::MAX as usize);
    }
}

/// What a report must have is `required` in the schema: leaving out a field
/// the schema requires makes the report invalid, leaving out any other does
/// not.
#[test]
fn required_fields_are_what_a_report_needs() {
    let doc = document();
    for (schema_name, at) in [
        ("Report", ""),
        ("Terlapor", "terlapor"),
        ("Place", "place"),
        ("Election", "election"),
        ("Source", "source"),
        ("PhotoRef", "photos.0"),
    ] {
        let s = schema(doc, schema_name);
        let required: BTreeSet<&str> = s["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        for field in s["properties"].as_object().unwrap().keys() {
            let mut report = example();
            let object = if at.is_empty() {
                &mut report
            } else {
                report
                    .pointer_mut(&format!("/{}", at.replace('.', "/")))
                    .unwrap()
            };
            object.as_object_mut().unwrap().remove(field);
            let refused = !problems(&report).is_empty();
            assert_eq!(
                refused,
                required.contains(field.as_str()),
                "{schema_name}.{field}: {:?}",
                problems(&report)
            );
        }
    }
    // serde's defaults are for drafts on the device; the contract gives none
    // where the server refuses it.
    for_each_object(document(), &mut |at, s| {
        for field in s["required"].as_array().into_iter().flatten() {
            let field = field.as_str().unwrap();
            assert!(
                s["properties"][field].get("default").is_none(),
                "{at}.{field} is required but has a default"
            );
        }
    });
    // A reporter's name and address are needed for a formal filing, not to
    // send: the coalition may be the pelapor.
    assert!(schema(doc, "Reporter").get("required").is_none());
    let mut report = example();
    set(&mut report, "reporter.name", json!(""));
    set(&mut report, "reporter.address", json!(""));
    assert_eq!(problems(&report), Vec::<(String, String)>::new());
}

/// Every character `str::trim` removes, and a few look-alikes it keeps.
fn padding() -> Vec<char> {
    let mut chars: Vec<char> = (0..=0x10FFFF)
        .filter_map(char::from_u32)
        .filter(|c| c.is_whitespace())
        .collect();
    chars.extend(['\u{1c}', '\u{1f}', '\u{200b}', '\u{feff}', '\u{180e}', 'x']);
    chars
}

/// `sample` padded on either side with each of [`padding`], and as is.
fn padded(sample: &str) -> Vec<String> {
    let mut out = vec![sample.to_owned()];
    for c in padding() {
        out.push(format!("{c}{sample}"));
        out.push(format!("{sample}{c}"));
    }
    out
}

/// Where the server accepts a value, the schema's pattern must too (else a
/// client following the contract could not send it); where it is `exact`,
/// the converse holds as well.
fn agrees(re: &Regex, samples: &[String], accepted: impl Fn(&str) -> bool, exact: bool) {
    let mut accepted_any = false;
    for s in samples {
        let ok = accepted(s);
        accepted_any |= ok;
        if ok {
            assert!(
                re.is_match(s),
                "{re} refuses {s:?}, which the server accepts"
            );
        } else if exact {
            assert!(
                !re.is_match(s),
                "{re} admits {s:?}, which the server refuses"
            );
        }
    }
    assert!(accepted_any, "{re}: no sample is accepted");
}

#[test]
fn patterns_say_what_the_shared_parsers_accept() {
    let doc = document();
    // Trimming patterns spell out `char::is_whitespace`, every character
    // of it and no other.
    let province = pattern(property(doc, "Place", "province"));
    let all_chars = || (0..=0x10FFFF).filter_map(char::from_u32);
    assert!(all_chars().all(|c| !c.is_whitespace() || c < '\u{10000}'));
    for c in all_chars().take_while(|c| *c < '\u{10000}') {
        assert_eq!(
            province.is_match(&format!("{c}35")),
            c.is_whitespace(),
            "U+{:04X}",
            c as u32
        );
    }

    let regions: Vec<String> = netral_shared::regions::all()
        .iter()
        .map(|r| r.code.to_string())
        .chain(
            [
                "35", "35.78", "94.71", "3", "355", "35.7", "35.788", "35-78", "３５", "99",
                "35.99", "a5",
            ]
            .iter()
            .flat_map(|code| padded(code)),
        )
        .collect();
    agrees(
        &province,
        &regions,
        |s| ProvinceCode::parse(s).is_ok(),
        false,
    );
    let regency = pattern(property(doc, "Place", "regency"));
    agrees(&regency, &regions, |s| RegencyCode::parse(s).is_ok(), false);
    let scope = pattern(&property(doc, "NewInvite", "scopes")["items"]);
    agrees(&scope, &regions, |s| RegionCode::parse(s).is_ok(), false);

    let dates: Vec<String> = [
        "2024-11-20",
        "2024-11-20T09:30",
        "2024-02-29T23:59:59",
        "2024-11-20T09",
        "2024-11-20T09:30:00:00",
        "2024-13-01",
        "24-11-20",
        "20-11-2024",
        "2024-11-2o",
        "２０２４-11-20",
        "2024-11-20 09:30",
        "",
    ]
    .iter()
    .flat_map(|d| padded(d))
    .collect();
    for (name, field) in [
        ("Report", "occurred_at"),
        ("Report", "known_at"),
        ("Forwarding", "date"),
    ] {
        let re = pattern(property(doc, name, field));
        agrees(&re, &dates, |s| When::parse(s).is_some(), false);
    }

    // A NIP has no pattern: any number is taken (an unrecognised one with a
    // warning), only its length is limited (`REPORT_TEXTS`).
    for nip in ["1966", "19660801 1988", "19661301198803 1 001", "NIP 1966"] {
        let mut report = example();
        set(&mut report, "terlapor.nip", json!(nip));
        assert_eq!(problems(&report), Vec::<(String, String)>::new(), "{nip}");
    }
    assert!(property(doc, "Terlapor", "nip").get("pattern").is_none());

    let links: Vec<String> = [
        "https://facebook.com/x/posts/1",
        "HTTP://www.detik.com/berita/1?utm_source=x",
        "https://x.com/a/status/1#top",
        "http://localhost",
        "https://a b.com/",
        "https://",
        "ftp://example.com/a",
        "example.com/a",
        "https://user@example.com/",
        "https://example.com/\u{7}",
        "https://example.com/\u{85}",
        "",
    ]
    .iter()
    .flat_map(|l| padded(l))
    .collect();
    let link = pattern(&property(doc, "Report", "evidence_links")["items"]);
    agrees(&link, &links, |s| EvidenceUrl::parse(s).is_ok(), false);
    let url = pattern(property(doc, "Source", "url"));
    agrees(
        &url,
        &links,
        |s| s.trim().is_empty() || EvidenceUrl::parse(s).is_ok(),
        false,
    );

    let hashes = [
        "a".repeat(64),
        "A".repeat(64),
        "a".repeat(63),
        format!("{}g", "a".repeat(63)),
    ];
    let hashes: Vec<String> = hashes.iter().flat_map(|h| padded(h)).collect();
    for re in [
        pattern(property(doc, "PhotoRef", "sha256")),
        pattern(property(doc, "PhotoRef", "original_sha256")),
        pattern(&parameter(doc, "/api/v1/evidence/{sha256}", "put", "sha256")["schema"]),
    ] {
        agrees(&re, &hashes, is_sha256_hex, true);
    }

    // Exact: these are the whole rule, so a request the schema admits is
    // one the server accepts (schemathesis checks that too).
    let names: Vec<String> = [
        "admin",
        "a",
        "a b",
        "",
        "ab\u{85}c",
        "ab\u{1c}c",
        "x\u{feff}",
    ]
    .iter()
    .map(|n| n.to_string())
    .chain([MAX_USERNAME_CHARS, MAX_ORGANISATION_CHARS].map(|n| "a".repeat(n)))
    .chain([MAX_USERNAME_CHARS, MAX_ORGANISATION_CHARS].map(|n| "a".repeat(n + 1)))
    .chain([MAX_USERNAME_CHARS, MAX_ORGANISATION_CHARS].map(|n| format!(" {} ", "a".repeat(n - 2))))
    .chain([MAX_USERNAME_CHARS, MAX_ORGANISATION_CHARS].map(|n| format!(" {} ", "a".repeat(n - 1))))
    .flat_map(|n| padded(&n))
    .collect();
    let within = |schema: &Value, s: &str| {
        pattern(schema).is_match(s) && s.chars().count() <= usize_of(schema, "maxLength")
    };
    let username = property(doc, "NewUser", "username");
    for s in &names {
        assert_eq!(
            within(username, s),
            sent_username_problem("username", s).is_none(),
            "username {s:?}"
        );
    }
    let organisation = property(doc, "NewOrganisation", "name");
    for s in &names {
        assert_eq!(
            within(organisation, s),
            sent_organisation_name_problem("name", s).is_none(),
            "organisation {s:?}"
        );
    }
    let case_action = &schema(doc, "CaseAction")["oneOf"];
    let follow_up = case_action
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["properties"]["action"]["enum"][0] == "follow_up")
        .unwrap();
    for re in [
        pattern(property(doc, "Forwarding", "reference")),
        pattern(&follow_up["properties"]["outcome"]),
    ] {
        agrees(&re, &names, |s| !s.trim().is_empty(), true);
    }

    let codes: Vec<String> = [
        "K7QM-4XTR-9P",
        "k7qm 4xtr 9p",
        "K7QM4XTR9P",
        " - K7QM\u{3000}4XTR9P-",
        "K7QM-4XTR-9",
        "K7QM-4XTR-9PP",
        "K7QM-4XTR-9O",
        "K7QM-4XTR-91",
        "K7QM_4XTR-9P",
        "Ｋ7QM-4XTR-9P",
        "",
    ]
    .iter()
    .flat_map(|c| padded(c))
    .collect();
    let code = pattern(property(doc, "JoinRequest", "code"));
    assert!(code.as_str().contains(&format!("{{{INVITE_LEN}}}")));
    agrees(&code, &codes, |s| normalize_invite_code(s).is_some(), true);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Random strings over the characters the rules care about: the
    /// patterns never refuse what the server accepts, and the exact ones
    /// never admit what it refuses.
    #[test]
    fn patterns_hold_for_any_string(s in "[0-9a-zA-Z .:T\\-\u{a0}\u{85}\u{1c}\u{3000}\u{feff}\t]{0,24}") {
        let doc = document();
        let holds = |re: Regex, accepted: bool| !accepted || re.is_match(&s);
        prop_assert!(holds(pattern(property(doc, "Place", "province")), ProvinceCode::parse(&s).is_ok()));
        prop_assert!(holds(pattern(property(doc, "Place", "regency")), RegencyCode::parse(&s).is_ok()));
        prop_assert!(holds(pattern(property(doc, "Report", "occurred_at")), When::parse(&s).is_some()));
        let username = property(doc, "NewUser", "username");
        prop_assert_eq!(
            pattern(username).is_match(&s) && s.chars().count() <= usize_of(username, "maxLength"),
            sent_username_problem("username", &s).is_none()
        );
        prop_assert_eq!(
            pattern(property(doc, "JoinRequest", "code")).is_match(&s),
            normalize_invite_code(&s).is_some()
        );
    }
}

/// JSON has one kind of number, in which `2.0` is the integer 2, and so does
/// the contract's JSON Schema: an integer field takes it.
#[tokio::test]
async fn a_whole_number_written_as_a_float_is_an_integer() {
    let app = spawn_app().await;
    let mut report = serde_json::to_value(Report::example(Uuid::now_v7())).unwrap();
    report["revision"] = json!(1.0);
    let (status, body) = app.sync(&[report.clone()]).await;
    assert_eq!(status, 200);
    assert_eq!(body["results"][0]["outcome"], "accepted", "{body}");
    let res = app
        .client
        .post(app.url("/api/v1/reports/status"))
        .json(&json!({ "ids": [report["id"]], "since": 0.0 }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // Not a fraction, nor an integer beyond 64 bits (which serde reads as a
    // float of another value).
    for since in [json!(0.5), json!(1e30)] {
        let res = app
            .client
            .post(app.url("/api/v1/reports/status"))
            .json(&json!({ "ids": [], "since": since }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "since = {since}");
    }
    let res = app
        .client
        .post(app.url("/api/v1/reports/status"))
        .header("content-type", "application/json")
        .body(r#"{"ids": [], "since": -9223372036854775809}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
}
