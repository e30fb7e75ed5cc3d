//! What coordinators did to a case, oldest first, in plain words.

use leptos::prelude::*;
use netral_app::i18n::{tr, use_lang};
use netral_shared::Lang;
use netral_shared::cases::CaseEvent;
use netral_shared::workflow::{Agency, RejectReason};

fn agencies(codes: &[String], lang: Lang) -> String {
    codes
        .iter()
        .map(|c| {
            Agency::from_code(c)
                .map(|a| a.label().get(lang).to_owned())
                .unwrap_or_else(|| c.clone())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn field_names(fields: &[String], lang: Lang) -> String {
    fields
        .iter()
        .map(|f| {
            let (id, en) = match f.as_str() {
                "name" => ("nama", "name"),
                "position" => ("jabatan", "position"),
                "agency" => ("instansi", "agency"),
                "place" => ("tempat", "place"),
                other => (other, other),
            };
            if lang == Lang::Id { id } else { en }.to_owned()
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// One entry in words: "Ditolak: Bukan pelanggaran", "Diteruskan ke BKN"…
pub fn describe(e: &CaseEvent, lang: Lang) -> String {
    let other = e.other_case.map(|c| format!("#{c}")).unwrap_or_default();
    let id = lang == Lang::Id;
    let text = match e.action.as_str() {
        "verify" => (if id { "Diverifikasi" } else { "Verified" }).to_owned(),
        "reject" => {
            let reason = e
                .reason
                .as_deref()
                .and_then(RejectReason::from_code)
                .map(|r| r.label().get(lang).to_owned())
                .unwrap_or_default();
            format!("{}: {reason}", if id { "Ditolak" } else { "Rejected" })
        }
        "forward" => format!(
            "{} {}",
            if id { "Diteruskan ke" } else { "Forwarded to" },
            agencies(&e.agencies, lang)
        ),
        "follow_up" => (if id { "Tindak lanjut" } else { "Follow-up" }).to_owned(),
        "close" => (if id { "Selesai" } else { "Closed" }).to_owned(),
        "reopen" => (if id { "Dibuka lagi" } else { "Reopened" }).to_owned(),
        "split" => {
            if id {
                format!("Satu laporan dipisah menjadi kasus {other}")
            } else {
                format!("A report was split out into case {other}")
            }
        }
        "split_from" => {
            if id {
                format!("Dipisah dari kasus {other}")
            } else {
                format!("Split out of case {other}")
            }
        }
        "merge" => {
            if id {
                format!("Kasus {other} digabung ke sini")
            } else {
                format!("Case {other} merged into this one")
            }
        }
        "canonical" => format!(
            "{}: {}",
            if id {
                "Data terlapor dikoreksi"
            } else {
                "Terlapor corrected"
            },
            field_names(&e.fields, lang)
        ),
        other => other.to_owned(),
    };
    if e.note.is_empty() {
        text
    } else {
        format!("{text}: “{}”", e.note)
    }
}

#[component]
pub fn Timeline(events: Vec<CaseEvent>) -> impl IntoView {
    let lang = use_lang();
    (!events.is_empty()).then(|| {
        view! {
            <h2>{tr("Riwayat", "Timeline")}</h2>
            <ol class="timeline">
                {events.into_iter().map(|e| {
                    let at = local_time(&e.at);
                    let actor = e.actor.clone();
                    let action = e.action.clone();
                    view! { <li data-action=action><time>{at}</time>" · "{actor}" · "{move || describe(&e, lang.get())}</li> }
                }).collect_view()}
            </ol>
        }
    })
}

/// An RFC 3339 instant (the server's, or a photo's capture time) in the
/// computer's own time zone (WIB, WITA…) as `2024-11-22T09:05`, the shape
/// `shared::dates::tanggal` reads.
pub fn local_minute(rfc3339: &str) -> Option<String> {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(rfc3339));
    if d.get_time().is_nan() {
        return None;
    }
    Some(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    ))
}

/// `2024-11-20 09:30` in this computer's time zone.
pub fn local_time(rfc3339: &str) -> String {
    local_minute(rfc3339)
        .map(|t| t.replace('T', " "))
        .unwrap_or_else(|| rfc3339.to_owned())
}
