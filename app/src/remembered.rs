//! What the phone remembers for the next report, in localStorage like the
//! other settings: the volunteer's own particulars (only once they chose
//! "Ingat", removable in Pengaturan) and the place and election last used.
//! A new report starts from them and from today; each stays editable.

use gloo_storage::{LocalStorage, Storage};
use netral_shared::catalogue::ElectionKind;
use netral_shared::report::{Report, Reporter};
use serde::{Deserialize, Serialize};

const ME: &str = "netral-me";
const LAST: &str = "netral-last";

#[derive(Default, PartialEq, Serialize, Deserialize)]
struct Last {
    province: String,
    regency: String,
    election: Option<ElectionKind>,
}

/// The volunteer's particulars, if they asked the phone to remember them.
pub fn me() -> Option<Reporter> {
    LocalStorage::get(ME).ok()
}

pub fn remember_me(reporter: &Reporter) {
    let _ = LocalStorage::set(ME, reporter);
}

pub fn forget_me() {
    LocalStorage::delete(ME);
}

/// Everything remembered goes ("Hapus data perangkat").
pub fn forget_all() {
    forget_me();
    LocalStorage::delete(LAST);
}

/// A new report: known today, by the remembered volunteer, where and for
/// which election the last one was.
pub fn start(report: &mut Report, today: time::Date) {
    report.known_at = today.to_string();
    if let Some(me) = me() {
        report.reporter = me;
    }
    let last: Last = LocalStorage::get(LAST).unwrap_or_default();
    report.place.province = last.province;
    report.place.regency = last.regency;
    report.election.kind = last.election;
}

/// Notes the place and election of a report being written, for the next;
/// what it leaves empty keeps the earlier value.
pub fn used(report: &Report) {
    let before: Last = LocalStorage::get(LAST).unwrap_or_default();
    let mut last = Last {
        election: report.election.kind.or(before.election),
        ..Last::default()
    };
    if report.place.province.is_empty() {
        last.province.clone_from(&before.province);
        last.regency.clone_from(&before.regency);
    } else {
        last.province.clone_from(&report.place.province);
        last.regency.clone_from(&report.place.regency);
    }
    if last != before {
        let _ = LocalStorage::set(LAST, &last);
    }
}
