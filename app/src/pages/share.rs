//! "/bagikan": what another app shared into Netral (the share sheet's POST,
//! kept by the service worker, see `public/sw.js`) becomes a draft: the
//! link as evidence and as the source, the source it tells of, the images
//! as photos, screen recordings as videos, the post's words as the start of the description (only when
//! it is empty: the volunteer then writes what happened around them). A link
//! a report on this phone already holds offers that report instead.

use leptos::prelude::*;
use leptos::task::spawn_local;
use netral_shared::evidence_url::EvidenceUrl;
use netral_shared::report::Report;
use netral_shared::source_link::{fill_source, from_share, report_holds};
use netral_shared::{Lang, Text};
use uuid::Uuid;
use wasm_bindgen::JsCast;

use crate::i18n::{tr, use_lang};
use crate::local::LocalReport;
use crate::photos::{Evidence, PhotoError, add_file};
use crate::{idb, remembered, today};

/// A share as read from IndexedDB.
#[derive(Clone)]
struct Incoming {
    id: String,
    link: Option<EvidenceUrl>,
    words: String,
    files: Vec<web_sys::File>,
}

#[derive(Clone)]
enum Step {
    Working,
    /// No such share: already made a draft.
    Missing,
    Failed(String),
    /// The link is already in this report (its id and its terlapor's name).
    Ask(String, String),
    /// Made, with the shared files that did not become a photo or a video.
    Done(String, Vec<PhotoError>),
}

async fn read(id: &str) -> Result<Option<Incoming>, idb::Error> {
    let Some(record) = idb::get_share(id).await? else {
        return Ok(None);
    };
    let get = |key: &str| js_sys::Reflect::get(&record, &key.into()).ok();
    let text = |key: &str| get(key).and_then(|v| v.as_string()).unwrap_or_default();
    let files = get("files")
        .map(|v| {
            js_sys::Array::from(&v)
                .iter()
                .filter_map(|f| f.dyn_into::<web_sys::File>().ok())
                .collect()
        })
        .unwrap_or_default();
    let (link, words) = from_share(&text("title"), &text("text"), &text("url"));
    Ok(Some(Incoming {
        id: id.to_owned(),
        link,
        words,
        files,
    }))
}

#[component]
pub fn Share() -> impl IntoView {
    let lang = use_lang();
    let location = crate::router::use_location();
    let step = RwSignal::new(Step::Working);
    let incoming = StoredValue::new(None::<Incoming>);

    // `into`: the report to add to; `None` makes a new one.
    let take = move |into: Option<String>| {
        async move {
            let Some(share) = incoming.get_value() else {
                return;
            };
            step.set(Step::Working);
            let (mut photos, mut videos, mut notes) = (Vec::new(), Vec::new(), Vec::new());
            for file in share.files {
                match add_file(file).await {
                    Ok(Evidence::Photo(p)) => photos.push(p),
                    Ok(Evidence::Video(v)) => videos.push(v),
                    // Named, never dropped silently.
                    Err(e) => notes.push(e),
                }
            }
            let fill = |r: &mut Report| {
                if let Some(link) = &share.link {
                    if !report_holds(r, link) {
                        r.evidence_links.push(link.to_string());
                    }
                    fill_source(&mut r.source, link);
                }
                if r.description.trim().is_empty() {
                    r.description.clone_from(&share.words);
                }
                for p in &photos {
                    if !r.photos.iter().any(|q| q.sha256 == p.sha256) {
                        r.photos.push(p.clone());
                    }
                }
                for v in &videos {
                    if !r.videos.iter().any(|w| w.sha256 == v.sha256) {
                        r.videos.push(v.clone());
                    }
                }
            };
            let now = js_sys::Date::now();
            // One write for both: a new report is one the store has not got.
            let id = into.unwrap_or_else(|| Uuid::now_v7().to_string());
            let saved = idb::update_report(&id, &mut |stored| {
                let mut l = stored.unwrap_or_else(|| {
                    let mut report = Report::new(Uuid::parse_str(&id).unwrap_or_default());
                    remembered::start(&mut report, today());
                    LocalReport::new(report, now)
                });
                l.edit(fill, now, today());
                Some(l)
            })
            .await;
            match saved {
                Ok(_) => {
                    // Only now: until the draft is stored, the share is what keeps it.
                    let _ = idb::delete_share(&share.id).await;
                    if notes.is_empty() {
                        location.navigate(&format!("/laporan/{id}"), true);
                    } else {
                        step.set(Step::Done(id, notes));
                    }
                }
                Err(e) => step.set(Step::Failed(e)),
            }
        }
    };

    // `take` is Copy: every capture is a signal or the location.
    let start = take;
    Effect::new(move |_| {
        // `?id=…` or `?gagal=1`, as the service worker wrote it.
        let search = window().location().search().unwrap_or_default();
        let Some(id) = search.strip_prefix("?id=").map(str::to_owned) else {
            step.set(Step::Failed(String::new()));
            return;
        };
        spawn_local(async move {
            let share = match read(&id).await {
                Ok(Some(s)) => s,
                Ok(None) => return step.set(Step::Missing),
                Err(e) => return step.set(Step::Failed(e)),
            };
            let holder = match &share.link {
                Some(link) => idb::all_reports()
                    .await
                    .unwrap_or_default()
                    .into_iter()
                    .find(|l| report_holds(&l.report, link)),
                None => None,
            };
            incoming.set_value(Some(share));
            match holder {
                Some(l) => step.set(Step::Ask(l.id, l.report.terlapor.name)),
                // Spawned, not awaited: one copy of its future in the WASM, not two.
                None => spawn_local(start(None)),
            }
        });
    });

    // One fixed layout whose texts change: a view per step would cost the
    // WASM several KB.
    let message = move || {
        let lang = lang.get();
        let t = |id, en| Text::new(id, en).get(lang).to_owned();
        match step.get() {
            Step::Working => t("Menyiapkan laporan…", "Preparing the report…"),
            Step::Missing => t(
                "Tidak ada yang dibagikan di sini, atau sudah menjadi laporan.",
                "Nothing was shared here, or it is already a report.",
            ),
            Step::Failed(e) => format!(
                "{} {e}",
                t(
                    "Yang dibagikan tidak dapat disimpan di perangkat. Bagikan lagi, atau salin tautannya ke Laporan baru.",
                    "What was shared could not be stored on this device. Share it again, or paste the link into a new report.",
                )
            ),
            Step::Ask(_, name) => {
                let name = if name.trim().is_empty() {
                    t("(terlapor belum diisi)", "(person not named yet)")
                } else {
                    name
                };
                match lang {
                    Lang::Id => format!("Tautan ini sudah ada di laporan «{name}»."),
                    Lang::En => format!("This link is already in the report “{name}”."),
                }
            }
            Step::Done(_, notes) => notes
                .into_iter()
                .map(|e| {
                    let (text, detail) = e.message();
                    format!("{} {detail}.", text.get(lang))
                })
                .collect::<Vec<_>>()
                .join(" "),
        }
    };
    let asking = move || step.with(|s| matches!(s, Step::Ask(..)));
    let made = move || match step.get() {
        Step::Done(id, _) => Some(format!("/laporan/{id}")),
        _ => None,
    };
    let (add, new) = (take, take);
    let add = move |_| {
        if let Step::Ask(id, _) = step.get_untracked() {
            spawn_local(add(Some(id)));
        }
    };

    view! {
        <section class="share">
            <h1>{tr("Dibagikan ke Netral", "Shared to Netral")}</h1>
            <p class="share-message" role="status" data-step=move || step.with(|s| match s {
                Step::Working => "working",
                Step::Missing => "missing",
                Step::Failed(_) => "failed",
                Step::Ask(..) => "ask",
                Step::Done(..) => "notes",
            })>{message}</p>
            <div class="share-ask" hidden=move || !asking()>
                <button type="button" class="primary add-to" on:click=add>{tr("Tambahkan ke laporan itu", "Add to that report")}</button>
                <button type="button" class="secondary wide new-report" on:click=move |_| spawn_local(new(None))>
                    {tr("Buat laporan baru", "Make a new report")}
                </button>
            </div>
            <a class="button primary open-report" hidden=move || made().is_none() href=made>{tr("Buka laporan", "Open the report")}</a>
            <a href="/" hidden=move || !step.with(|s| matches!(s, Step::Missing | Step::Failed(_)))>{tr("Laporan saya", "My reports")}</a>
        </section>
    }
}
