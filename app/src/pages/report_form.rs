//! The finding form. Every edit is saved to IndexedDB at once; "Kirim"
//! checks the report with the shared rules, queues it and sends the outbox.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use netral_shared::report::Report;
use netral_shared::sync::Outcome;
use netral_shared::validate::{Level, is_ready, validate};
use netral_shared::{Lang, Text};
use uuid::Uuid;

use crate::app::{OutboxVersion, SyncControl};
use crate::fields::FormCtx;
use crate::i18n::{tr, use_lang};
use crate::local::{LocalReport, SendState, same_finding};
use crate::sync::{self, SyncError};
use crate::{idb, perf, remembered, today};

mod more;
mod photos;
mod sections;
use more::MoreDetails;
use sections::{
    EvidenceSection, FormalChecklist, PlaceSection, ReporterSection, TerlaporSection, WhatSection,
    WhenSection,
};

#[wasm_bindgen::prelude::wasm_bindgen(module = "/js/form.js")]
extern "C" {
    #[wasm_bindgen(js_name = focusFirstProblem)]
    fn focus_first_problem() -> String;
    #[wasm_bindgen(js_name = labelOf)]
    fn label_of(id: &str) -> String;
}

/// The longest an edit waits before it is written to IndexedDB.
const AUTOSAVE_MS: u64 = 200;

#[derive(Clone, Debug, PartialEq)]
enum SaveState {
    Idle,
    /// Edited; written within AUTOSAVE_MS.
    Pending,
    Saved,
    Failed(String),
}

#[component]
pub fn EditReport(
    /// The report's id, from its path `/laporan/<id>`.
    id: String,
) -> impl IntoView {
    let lang = use_lang();
    let local = RwSignal::new(None::<LocalReport>);
    let save_state = RwSignal::new(SaveState::Idle);
    let load_error = RwSignal::new(None::<String>);
    // Missing fields are pointed out only once the volunteer tries to send.
    let checking_ready = RwSignal::new(false);
    let sync_error = RwSignal::new(None::<SyncError>);
    // The label of the first missing field when "Kirim" was refused, and
    // the id of its control: the label is read again after a language switch.
    let missing = RwSignal::new(None::<String>);
    let missing_at = StoredValue::new(String::new());
    Effect::new(move |_| {
        lang.track();
        if missing.get_untracked().is_some() {
            // After the page shows the new language.
            set_timeout(
                move || {
                    if let Some(at) = missing_at.try_get_value() {
                        missing.try_set(Some(label_of(&at)));
                    }
                },
                Duration::ZERO,
            );
        }
    });

    Effect::new(move |_| {
        let id = id.clone();
        spawn_local(async move {
            match idb::get_report(&id).await {
                Ok(Some(found)) => local.set(Some(found)),
                Ok(None) => match Uuid::parse_str(&id) {
                    Ok(uuid) => {
                        let mut report = Report::new(uuid);
                        remembered::start(&mut report, today());
                        local.set(Some(LocalReport::new(report, js_sys::Date::now())));
                    }
                    Err(_) => load_error.set(Some(id)),
                },
                Err(e) => load_error.set(Some(e)),
            }
        });
    });

    let problems = Memo::new(move |_| {
        let level = if checking_ready.get() {
            Level::Ready
        } else {
            Level::Draft
        };
        local.with(|l| {
            let Some(l) = l else { return Vec::new() };
            let mut ps = validate(&l.report, level, today());
            ps.extend(sync::server_problems(&l.send).iter().cloned());
            ps
        })
    });

    // Typing saves at most every AUTOSAVE_MS, not at every keystroke: one
    // write then holds all edits of the burst, and the writes never queue
    // up behind each other on a slow phone. Leaving the page flushes.
    let pending = StoredValue::new(false);
    // The record as saved carries what the outbox did meanwhile (revision
    // attempted, sent, refused); the form takes that, keeping its finding.
    // The form's copy is taken before this runs (see `save_now`), and the
    // form may be gone when it ends: only `try_` access to its signals.
    let persist = move |form: LocalReport, queue: bool| async move {
        remembered::used(&form.report);
        let timing = perf::start("netral-autosave");
        let result = idb::update_report(&form.id, &mut |stored| {
            LocalReport::merge_edit(stored, &form, queue, today())
        })
        .await;
        timing.finish();
        if let Ok(Some(saved)) = &result {
            local.try_update(|l| {
                if let Some(l) = l {
                    l.attempted_revision = saved.attempted_revision;
                    l.server = saved.server.clone();
                    if same_finding(&l.report, &saved.report) {
                        l.report.revision = saved.report.revision;
                        l.send = saved.send.clone();
                    }
                }
            });
        }
        save_state.try_set(match result {
            // A newer edit is still waiting to be written.
            Ok(_) if pending.try_get_value() == Some(true) => SaveState::Pending,
            Ok(_) => SaveState::Saved,
            Err(e) => SaveState::Failed(e),
        });
    };
    // The copy is taken now, synchronously: when the volunteer leaves the
    // form, the cleanup's flush runs just before the form's signals are
    // disposed, and a copy taken later would be gone with them.
    let save_now = move || {
        if let Some(form) = local.try_get_untracked().flatten() {
            spawn_local(persist(form, false));
        }
    };
    let save = move || {
        if pending.try_get_value().unwrap_or(true) {
            return;
        }
        pending.set_value(true);
        save_state.set(SaveState::Pending);
        set_timeout(
            move || {
                if pending.try_get_value() == Some(true) {
                    pending.set_value(false);
                    save_now();
                }
            },
            Duration::from_millis(AUTOSAVE_MS),
        );
    };
    let flush = move || {
        if pending.try_get_value() == Some(true) {
            pending.set_value(false);
            save_now();
        }
    };
    let pagehide = window_event_listener(leptos::ev::pagehide, move |_| flush());
    let hidden = window_event_listener(leptos::ev::visibilitychange, move |_| flush());
    on_cleanup(move || {
        pagehide.remove();
        hidden.remove();
        flush();
    });

    let ctx = FormCtx {
        local,
        problems,
        on_edit: Callback::new(move |()| save()),
        touched: RwSignal::new(Vec::new()),
        show_all: checking_ready,
    };
    provide_context(ctx);

    let control = expect_context::<SyncControl>();
    let outbox = expect_context::<OutboxVersion>();
    let device = expect_context::<crate::device::DeviceState>();
    // A background sync may send this report while it is open: the form
    // takes the stored state, and keeps its own finding if that was edited
    // since (the next save merges it).
    let adopt_stored = move || async move {
        let Some(id) = local
            .try_with_untracked(|l| l.as_ref().map(|l| l.id.clone()))
            .flatten()
        else {
            return;
        };
        if let Ok(Some(fresh)) = idb::get_report(&id).await {
            let same = local
                .try_with_untracked(|l| l.as_ref().is_some_and(|l| l.report == fresh.report))
                .unwrap_or(false);
            if same {
                local.try_set(Some(fresh));
                sync_error.try_set(None);
            }
        }
    };
    let send = move |_| {
        checking_ready.set(true);
        sync_error.set(None);
        let ready =
            local.with_untracked(|l| l.as_ref().is_some_and(|l| is_ready(&l.report, today())));
        if !ready {
            // Once the problems are on the screen (the render runs after this).
            set_timeout(
                move || {
                    let at = focus_first_problem();
                    missing.try_set(Some(label_of(&at)));
                    missing_at.try_update_value(|v| *v = at);
                },
                Duration::ZERO,
            );
            return;
        }
        missing.set(None);
        local.update(|l| {
            if let Some(l) = l {
                l.send = SendState::Queued;
            }
        });
        // Written before the outbox is read.
        pending.set_value(false);
        let Some(form) = local.get_untracked() else {
            return;
        };
        spawn_local(async move {
            persist(form, true).await;
            let result = sync::send_outbox().await;
            // The volunteer may have left the form meanwhile; the retry and
            // the lists' refresh must happen all the same.
            control.settle(&result);
            adopt_stored().await;
            sync_error.try_set(result.err());
        });
    };

    Effect::new(move |_| {
        outbox.0.track();
        spawn_local(adopt_stored());
    });

    let status = move || {
        let l = local.get()?;
        let lang = lang.get();
        let t = |id, en| Text::new(id, en).get(lang).to_owned();
        // Whether this phone may send at all decides first: a sync that was
        // already running when "Kirim" was pressed may be the one that
        // learnt it, so the last error alone would not say.
        let membership = device.0.get();
        let text = match &l.send {
            SendState::Draft => return None,
            SendState::Queued if membership.is_none() => t(
                "Tersimpan di perangkat. Untuk mengirim, gabung dulu dengan kode undangan dari koordinator (menu Gabung).",
                "Saved on this device. To send it, join first with an invite code from your coordinator (Join).",
            ),
            SendState::Queued if membership.as_ref().is_some_and(|d| d.revoked) => t(
                "Belum terkirim: perangkat ini sudah dicabut oleh koordinator. Laporan tetap aman di perangkat; minta kode undangan baru.",
                "Not sent: a coordinator revoked this device. The report stays safe here; ask for a new invite code.",
            ),
            SendState::Queued => match sync_error.get() {
                Some(SyncError::Server(body)) => format!(
                    "{} {}",
                    t("Belum terkirim:", "Not sent yet:"),
                    body.message.get(lang)
                ),
                Some(SyncError::NotJoined) => t(
                    "Tersimpan di perangkat. Untuk mengirim, gabung dulu dengan kode undangan dari koordinator (menu Gabung).",
                    "Saved on this device. To send it, join first with an invite code from your coordinator (Join).",
                ),
                Some(SyncError::Storage(e)) => format!(
                    "{} {e}",
                    t("Penyimpanan perangkat gagal:", "Device storage failed:")
                ),
                _ => t(
                    "Menunggu sinyal — laporan tersimpan di perangkat dan akan dikirim otomatis.",
                    "Waiting for signal — the report is saved on this device and will be sent automatically.",
                ),
            },
            SendState::Sent {
                outcome: Outcome::Replayed,
                ..
            } => t(
                "Terkirim — server sudah menerima laporan ini sebelumnya.",
                "Sent — the server already had this report.",
            ),
            SendState::Sent {
                outcome: Outcome::Stale,
                ..
            } => t(
                "Tidak disimpan server: server sudah punya versi yang lebih baru (dikirim dari perangkat lain). Versi ini tetap ada di perangkat.",
                "Not stored: the server already has a newer version (sent from another device). This version stays on this device.",
            ),
            SendState::Sent { .. } => t(
                "Terkirim — diterima server.",
                "Sent — accepted by the server.",
            ),
            SendState::Rejected { .. } => t(
                "Ditolak server: periksa isian yang ditandai.",
                "Refused by the server: check the marked fields.",
            ),
        };
        Some(view! { <p class="status" role="status" data-state=state_name(&l.send)>{text}</p> })
    };

    // By the button, where the volunteer looks after tapping it; gone once
    // nothing is missing any more.
    let missing_text = move || {
        let label = missing.get()?;
        // Fields, not problems: one field may have two. (No sort: it
        // would bring a sort routine into the WASM for a dozen items.)
        let fields = problems.with(|ps| {
            let errors: Vec<&str> = ps
                .iter()
                .filter(|p| p.is_error())
                .map(|p| p.field.as_str())
                .collect();
            (0..errors.len())
                .filter(|&i| !errors[..i].contains(&errors[i]))
                .count()
        });
        (fields > 0).then(|| match (lang.get(), label.is_empty()) {
            (Lang::Id, true) => {
                format!("Belum bisa dikirim: {fields} isian belum lengkap atau salah.")
            }
            (Lang::Id, false) => format!(
                "Belum bisa dikirim: {fields} isian belum lengkap atau salah, mulai dari «{label}»."
            ),
            (Lang::En, true) => format!("Not sent: {fields} fields are missing or wrong."),
            (Lang::En, false) => {
                format!("Not sent: {fields} fields are missing or wrong, starting with “{label}”.")
            }
        })
    };

    view! {
        <Show
            when=move || local.with(Option::is_some)
            fallback=move || {
                view! {
                    <p class="empty">
                        {move || match load_error.get() {
                            Some(e) => format!("{} ({e})", Text::new("Laporan tidak dapat dibuka", "The report cannot be opened").get(lang.get())),
                            None => Text::new("Memuat…", "Loading…").get(lang.get()).to_owned(),
                        }}
                    </p>
                }
            }
        >
            <form class="report" on:submit=|ev| ev.prevent_default()>
                <h1>{tr("Laporan dugaan pelanggaran", "Suspected violation report")}</h1>
                <p class="saved" aria-live="polite">
                    {move || match save_state.get() {
                        SaveState::Idle => String::new(),
                        SaveState::Pending => Text::new("Menyimpan…", "Saving…").get(lang.get()).to_owned(),
                        SaveState::Saved => Text::new("Tersimpan di perangkat", "Saved on this device").get(lang.get()).to_owned(),
                        SaveState::Failed(e) => format!("{} {e}", Text::new("Gagal menyimpan:", "Could not save:").get(lang.get())),
                    }}
                </p>
                <EvidenceSection />
                <TerlaporSection />
                <WhatSection />
                <WhenSection />
                <PlaceSection />
                <MoreDetails />
                <ReporterSection />
                <FormalChecklist />
                {status}
                <p class="send-missing" role="alert" hidden=move || missing_text().is_none()>{move || missing_text().unwrap_or_default()}</p>
                <button type="button" class="primary send" on:click=send>{tr("Kirim", "Send")}</button>
            </form>
        </Show>
    }
}

fn state_name(s: &SendState) -> &'static str {
    match s {
        SendState::Draft => "draft",
        SendState::Queued => "queued",
        SendState::Sent {
            outcome: Outcome::Replayed,
            ..
        } => "replayed",
        SendState::Sent {
            outcome: Outcome::Stale,
            ..
        } => "stale",
        SendState::Sent { .. } => "sent",
        SendState::Rejected { .. } => "rejected",
    }
}
