//! Arbitrary bytes as a report (JSON) and as the text of each parsed field.
//!
//! Run from the repository root (only stable Rust is installed, hence
//! `RUSTC_BOOTSTRAP`):
//!
//! ```sh
//! RUSTC_BOOTSTRAP=1 cargo fuzz run report -- -max_total_time=60
//! # with the committed seeds and dictionary:
//! RUSTC_BOOTSTRAP=1 cargo fuzz run report fuzz/corpus/report fuzz/seeds/report -- \
//!     -dict=fuzz/report.dict -max_total_time=60
//! ```

#![no_main]

use libfuzzer_sys::fuzz_target;
use netral_shared::Report;
use netral_shared::evidence_url::EvidenceUrl;
use netral_shared::match_keys::{match_keys, name_keys_for_lookup};
use netral_shared::names::normalize_person_name;
use netral_shared::nip::Nip;
use netral_shared::regions::RegencyCode;
use netral_shared::validate::{Level, ready, validate};
use time::{Date, Month};

fuzz_target!(|data: &[u8]| {
    if let Ok(report) = serde_json::from_slice::<Report>(data) {
        check_report(report);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        check_text(text);
    }
});

fn check_report(report: Report) {
    let today = Date::from_calendar_date(2025, Month::June, 30).unwrap();
    for today in [today, Date::MIN, Date::MAX] {
        let draft = validate(&report, Level::Draft, today);
        let full = validate(&report, Level::Ready, today);
        assert!(
            draft.iter().all(|p| full.contains(p)),
            "draft problem missing at Ready"
        );
        match ready(report.clone(), today) {
            Err(problems) => assert_eq!(problems, full),
            Ok(ok) => {
                assert!(full.is_empty());
                let keys: Vec<String> = match_keys(&ok).iter().map(|k| k.key_string()).collect();
                let mut unique = keys.clone();
                unique.sort();
                unique.dedup();
                assert_eq!(unique.len(), keys.len(), "repeated key");
                if !normalize_person_name(&ok.report.terlapor.name).is_empty() {
                    let lookup = name_keys_for_lookup(
                        &ok.report.terlapor.name,
                        ok.regency,
                        ok.occurred.date,
                    );
                    assert!(keys.contains(&lookup[1]), "stored name key not looked up");
                }
            }
        }
    }
}

fn check_text(text: &str) {
    if let Ok(url) = EvidenceUrl::parse(text) {
        let again = EvidenceUrl::parse(url.as_str());
        assert_eq!(
            again.as_ref(),
            Ok(&url),
            "canonical link is not a fixed point"
        );
        assert_eq!(again.unwrap().platform(), url.platform());
        let json = serde_json::to_string(&url).unwrap();
        assert_eq!(serde_json::from_str::<EvidenceUrl>(&json).unwrap(), url);
    }
    if let Ok(nip) = Nip::parse(text) {
        assert_eq!(Nip::parse(nip.as_str()), Ok(nip));
        assert_eq!(Nip::parse(&nip.to_string()), Ok(nip));
    }
    if let Ok(code) = RegencyCode::parse(text) {
        assert_eq!(RegencyCode::parse(&code.to_string()), Ok(code));
    }
    let name = normalize_person_name(text);
    assert_eq!(
        normalize_person_name(&name),
        name,
        "name normalisation is not idempotent"
    );
}
