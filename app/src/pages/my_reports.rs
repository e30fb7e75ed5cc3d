//! "Laporan saya": every report on this device and, in plain words, where
//! it stands. Nothing is shown as sent before the server said so.

use crate::router::Link;
use leptos::prelude::*;
use leptos::task::spawn_local;
use netral_shared::dates::deadline_short;
use netral_shared::deadline::deadline;
use netral_shared::sync::Outcome;
use netral_shared::validate::{When, is_ready};
use netral_shared::workflow::CaseStatus;
use netral_shared::{Lang, Text};

use crate::app::{OutboxVersion, SyncControl};
use crate::i18n::{tr, use_lang};
use crate::local::{LocalReport, SendState, photos_only_in};
use crate::{idb, sync, today};

#[component]
pub fn MyReports() -> impl IntoView {
    let lang = use_lang();
    let outbox = expect_context::<OutboxVersion>();
    let reports = RwSignal::new(None::<Result<Vec<LocalReport>, String>>);
    Effect::new(move |_| {
        outbox.0.track();
        spawn_local(async move { reports.set(Some(idb::all_reports().await)) });
    });
    let control = expect_context::<SyncControl>();
    let sending = RwSignal::new(false);
    let send_now = move |_| {
        sending.set(true);
        spawn_local(async move {
            let result = sync::send_outbox().await;
            sending.set(false);
            control.settle(&result);
        });
    };

    view! {
        <section class="my-reports">
            <h1>{tr("Laporan saya", "My reports")}</h1>
            <JoinPrompt />
            <button class="primary" on:click=send_now disabled=move || sending.get()>
                {tr("Kirim sekarang", "Send now")}
            </button>
            {move || match reports.get() {
                None => view! { <p class="empty">{tr("Memuat…", "Loading…")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="problem">{e}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => {
                    view! { <p class="empty">{tr("Belum ada laporan di perangkat ini.", "No reports on this device yet.")}</p> }.into_any()
                }
                Some(Ok(list)) => {
                    view! {
                        <ul class="reports">
                            {list.into_iter().map(|l| view! { <ReportRow local=l lang=lang.get() /> }).collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// Shown until the device has joined: recording works, sending waits.
#[component]
fn JoinPrompt() -> impl IntoView {
    let device = expect_context::<crate::device::DeviceState>();
    view! {
        <Show when=move || device.0.with(|d| d.as_ref().is_none_or(|d| d.revoked))>
            <p class="status join-prompt" data-state="queued">
                {move || if device.0.with(|d| d.as_ref().is_some_and(|d| d.revoked)) {
                    tr("Perangkat ini dicabut koordinator; laporan tetap aman di sini. ", "This device was revoked by a coordinator; reports stay safe here. ")()
                } else {
                    tr("Laporan dicatat di perangkat dan dikirim setelah Anda ", "Reports are kept on this device and sent once you ")()
                }}
                <Link href="/gabung">{tr("gabung dengan kode undangan", "join with an invite code")}</Link>
                "."
            </p>
        </Show>
    }
}

#[component]
fn ReportRow(local: LocalReport, lang: Lang) -> impl IntoView {
    let r = &local.report;
    let name = if r.terlapor.name.trim().is_empty() {
        Text::new("(terlapor belum diisi)", "(person not named yet)")
            .get(lang)
            .to_owned()
    } else {
        r.terlapor.name.clone()
    };
    let ready = is_ready(r, today());
    let state = state_text(&local.send, ready).get(lang);
    let countdown = When::parse(&r.known_at)
        .zip(r.election.kind)
        .map(|(known, kind)| {
            let due = deadline(known.date, kind, &crate::calendar::calendar());
            deadline_short(due, today(), lang)
        });
    let deletable = local.clone();
    view! {
        <li>
            <Link href=format!("/laporan/{}", local.id)>
                <span class="who">{name}</span>
                <span class="state" data-state=state_key(&local.send, ready)>{state}</span>
                {case_text(&local, lang).map(|c| view! { <span class="case">{c}</span> })}
                {countdown.map(|c| view! { <span class="countdown">{c}</span> })}
                {reasons(&local.send, lang).map(|r| view! { <span class="reasons">{r}</span> })}
            </Link>
            <DeleteReport local=deletable />
        </li>
    }
}

/// "Hapus" with a confirm step. Only the phone's copy goes: the server's
/// is the coalition's record, removed by a coordinator on request.
#[component]
fn DeleteReport(local: LocalReport) -> impl IntoView {
    let outbox = expect_context::<OutboxVersion>();
    let asking = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let local = StoredValue::new(local);
    let delete = move |_| {
        spawn_local(async move {
            let l = local.get_value();
            let others = idb::all_reports().await.unwrap_or_default();
            match idb::delete_report(&l.id, &photos_only_in(&l, &others)).await {
                Ok(()) => outbox.0.update(|v| *v += 1),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <Show
            when=move || asking.get()
            fallback=move || view! { <button type="button" class="secondary delete" on:click=move |_| asking.set(true)>{tr("Hapus", "Delete")}</button> }
        >
            <div class="confirm" role="alertdialog">
                <p>{tr(
                    "Hapus laporan ini dan fotonya dari perangkat? Laporan yang sudah terkirim tetap ada di server koalisi; minta koordinator untuk menghapusnya.",
                    "Delete this report and its photos from this device? A report already sent stays on the coalition's server; ask a coordinator to delete it.",
                )}</p>
                <button type="button" class="secondary danger confirm-delete" on:click=delete>{tr("Ya, hapus", "Yes, delete")}</button>
                <button type="button" class="secondary" on:click=move |_| asking.set(false)>{tr("Batal", "Cancel")}</button>
            </div>
        </Show>
        {move || error.get().map(|e| view! { <p class="problem" role="alert">{e}</p> })}
    }
}

/// Where a sent report went on the server: its case, and whether other
/// volunteers reported the same incident.
fn case_text(local: &LocalReport, lang: Lang) -> Option<String> {
    let s = local.server.as_ref()?;
    let mut status = match case_status_text(s.case_status) {
        Some(t) => format!(" · {}", t.get(lang)),
        None => String::new(),
    };
    // "diteruskan ke Bawaslu, BKN": where it went, in the agencies' names.
    let mut agencies: Vec<&str> = s.forwarded_to.iter().map(|a| a.short()).collect();
    agencies.dedup();
    if !agencies.is_empty() {
        let to = match lang {
            Lang::Id => "diteruskan ke",
            Lang::En => "forwarded to",
        };
        status = format!(" · {to} {}", agencies.join(", "));
    }
    Some(match (lang, s.case_reports > 1) {
        (Lang::Id, true) => format!(
            "Digabung ke kasus #{} ({} laporan){status}",
            s.case_id, s.case_reports
        ),
        (Lang::Id, false) => format!("Kasus #{}{status}", s.case_id),
        (Lang::En, true) => format!(
            "Merged into case #{} ({} reports){status}",
            s.case_id, s.case_reports
        ),
        (Lang::En, false) => format!("Case #{}{status}", s.case_id),
    })
}

/// What coordinators did with the case, in the volunteer's words. A new
/// case says nothing more than its number.
fn case_status_text(status: CaseStatus) -> Option<Text> {
    Some(match status {
        CaseStatus::Baru => return None,
        CaseStatus::Diverifikasi => {
            Text::new("diverifikasi koordinator", "verified by a coordinator")
        }
        CaseStatus::Ditolak => Text::new("tidak ditindaklanjuti", "not taken further"),
        CaseStatus::Diteruskan => Text::new(
            "diteruskan ke lembaga berwenang",
            "forwarded to the authorities",
        ),
        CaseStatus::Ditindaklanjuti => Text::new("sedang ditindaklanjuti", "being acted on"),
        CaseStatus::Selesai => Text::new("selesai", "closed"),
    })
}

/// The server's reasons for refusing a report, shortly.
fn reasons(s: &SendState, lang: Lang) -> Option<String> {
    let SendState::Rejected { problems } = s else {
        return None;
    };
    let texts: Vec<&str> = problems
        .iter()
        .map(|p| match p.kind() {
            Some(code) => code.message().get(lang),
            None => p.message.get(lang),
        })
        .collect();
    (!texts.is_empty()).then(|| texts.join(" "))
}

fn state_key(s: &SendState, ready: bool) -> &'static str {
    match s {
        SendState::Draft if ready => "ready",
        SendState::Draft => "draft",
        SendState::Queued => "queued",
        SendState::Sent {
            outcome: Outcome::Stale,
            ..
        } => "stale",
        SendState::Sent { .. } => "sent",
        SendState::Rejected { .. } => "rejected",
    }
}

fn state_text(s: &SendState, ready: bool) -> Text {
    match s {
        SendState::Draft if ready => Text::new("Siap dikirim", "Ready to send"),
        SendState::Draft => Text::new("Draf", "Draft"),
        SendState::Queued => Text::new("Menunggu sinyal", "Waiting for signal"),
        SendState::Sent {
            outcome: Outcome::Rejected,
            ..
        }
        | SendState::Rejected { .. } => {
            Text::new("Ditolak — periksa isian", "Refused — check the fields")
        }
        // Another device sent a newer revision; this one was not stored.
        SendState::Sent {
            outcome: Outcome::Stale,
            ..
        } => Text::new(
            "Tidak disimpan — server punya versi lebih baru",
            "Not stored — the server has a newer version",
        ),
        SendState::Sent { .. } => Text::new("Terkirim", "Sent"),
    }
}
