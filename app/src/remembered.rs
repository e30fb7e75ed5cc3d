//! What the phone remembers for the next report, in localStorage like the
//! other settings: the volunteer's own particulars (only once they chose
//! "Ingat", removable in Pengaturan) and the place and election last used.
//! A new report starts from them and from today; each stays editable.
//!
//! Kept as plain text fields joined by a separator the inputs cannot hold,
//! not JSON: a serde copy for these shapes costs the WASM 2 KB.

use gloo_storage::{LocalStorage, Storage};
use netral_shared::catalogue::ElectionKind;
use netral_shared::report::{Report, Reporter};

const ME: &str = "netral-me";
const LAST: &str = "netral-last";
const SEP: char = '\u{1f}';

fn read(key: &str) -> Option<Vec<String>> {
    let text = LocalStorage::raw().get_item(key).ok().flatten()?;
    Some(text.split(SEP).map(str::to_owned).collect())
}

fn write(key: &str, parts: &[&str]) {
    let mut text = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            text.push(SEP);
        }
        text.push_str(part);
    }
    let _ = LocalStorage::raw().set_item(key, &text);
}

/// The volunteer's particulars, if they asked the phone to remember them.
pub fn me() -> Option<Reporter> {
    let mut parts = read(ME)?.into_iter();
    let mut next = || parts.next().unwrap_or_default();
    Some(Reporter {
        name: next(),
        address: next(),
        contact: next(),
    })
}

pub fn remember_me(r: &Reporter) {
    write(ME, &[&r.name, &r.address, &r.contact]);
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
    if let Some([province, regency, election]) = read(LAST).as_deref() {
        report.place.province.clone_from(province);
        report.place.regency.clone_from(regency);
        report.election.kind = ElectionKind::from_code(election);
    }
}

/// Notes the place and election of a report being written, for the next;
/// what it leaves empty keeps the earlier value.
pub fn used(report: &Report) {
    let before = read(LAST).unwrap_or_default();
    let old = |i: usize| before.get(i).map_or("", String::as_str);
    let (province, regency) = if report.place.province.is_empty() {
        (old(0), old(1))
    } else {
        (&*report.place.province, &*report.place.regency)
    };
    let election = report.election.kind.map_or(old(2), |k| k.code());
    if [province, regency, election] != [old(0), old(1), old(2)] {
        write(LAST, &[province, regency, election]);
    }
}
