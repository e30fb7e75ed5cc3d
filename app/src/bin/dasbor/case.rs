//! One case: what it is about, its reports and why they were grouped, the
//! deadline, and the next step on the road to Bawaslu, BKN or SP4N-LAPOR!.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use netral_app::i18n::{tr, use_lang};
use netral_shared::Text;
use netral_shared::cases::CaseDetail;
use netral_shared::workflow::{Agency, CaseAction, CaseStatus, Forwarding, RejectReason};

use crate::api;
use crate::labels::Facet;

#[component]
pub fn CaseView() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or(0)
    });
    let detail = RwSignal::new(None::<api::ApiResult<CaseDetail>>);
    Effect::new(move |_| {
        let id = id.get();
        spawn_local(async move { detail.set(Some(api::case(id).await)) });
    });
    view! {
        <p><A href="/dasbor">{tr("← Kembali ke ringkasan", "← Back to the overview")}</A></p>
        {move || match detail.get() {
            None => view! { <p class="empty">{tr("Memuat…", "Loading…")}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="problem">{e.message.get(lang.get()).to_owned()}</p> }.into_any(),
            Some(Ok(d)) => view! { <CaseBody detail=d on_change=Callback::new(move |d| detail.set(Some(Ok(d)))) /> }.into_any(),
        }}
    }
}

#[component]
fn CaseBody(detail: CaseDetail, on_change: Callback<CaseDetail>) -> impl IntoView {
    let lang = use_lang();
    let s = detail.summary.clone();
    let status = CaseStatus::from_code(&s.status).unwrap_or(CaseStatus::Baru);
    let id = s.id;
    let region = s.regency.clone();
    let status_code = s.status.clone();
    let deadline = s
        .deadline
        .as_deref()
        .and_then(netral_shared::validate::When::parse);
    let countdown = move || {
        let d = deadline?.date;
        let left = netral_shared::deadline::days_left(d, crate::today());
        Some(match (lang.get(), left >= 0) {
            (netral_shared::Lang::Id, true) => format!("Batas waktu {d}: {left} hari lagi"),
            (netral_shared::Lang::Id, false) => format!("Batas waktu {d} sudah lewat"),
            (netral_shared::Lang::En, true) => format!("Deadline {d}: {left} days left"),
            (netral_shared::Lang::En, false) => format!("Deadline {d} has passed"),
        })
    };
    let missing = detail.formal_missing.clone();
    let timeline = detail.timeline.clone();
    let forwardings = detail.forwardings.clone();
    view! {
        <article class="case">
            <h1>{format!("Kasus #{id}: {}", s.terlapor_name)}</h1>
            <p class="case-status" data-status=status_code>{move || Facet::Status.label(&s.status, lang.get())}</p>
            <p>{move || Facet::Regency.label(&region, lang.get())}" · "{s.first_occurred_on.clone()}</p>
            {move || countdown().map(|c| view! { <p class="deadline">{c}</p> })}
            {(!missing.is_empty()).then(|| view! {
                <div class="checklist">
                    <p>{tr("Untuk laporan resmi masih kurang:", "A formal report still lacks:")}</p>
                    <ul>{missing.iter().map(|m| { let label = m.label.clone(); view! { <li>{move || label.get(lang.get()).to_owned()}</li> } }).collect_view()}</ul>
                </div>
            })}
            {(!forwardings.is_empty()).then(|| view! {
                <h2>{tr("Diteruskan", "Forwarded")}</h2>
                <ul class="forwardings">
                    {forwardings.iter().map(|f| { let f = f.clone(); view! {
                        <li>{move || f.agency.label().get(lang.get()).to_owned()}" · "{f.date.clone()}" · "<code>{f.reference.clone()}</code></li>
                    } }).collect_view()}
                </ul>
            })}
            <h2>{tr("Laporan dalam kasus ini", "Reports in this case")}</h2>
            <ul class="members">
                {detail
                    .reports
                    .iter()
                    .map(|m| {
                        let reason = m.reason;
                        let who = m.pseudonym.clone().unwrap_or_default();
                        view! {
                            <li data-report=m.report_id.to_string()>
                                <strong>{m.terlapor_name.clone()}</strong>
                                " · "{m.occurred_on.clone()}" · "<span class="pseudonym">{who}</span>
                                <br />
                                <small>{move || match reason {
                                    Some(r) => r.reason().get(lang.get()).to_owned(),
                                    None => Text::new("Laporan pertama kasus ini", "The report that opened this case").get(lang.get()).to_owned(),
                                }}</small>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <Workflow id=id status=status on_change=on_change />
            {(!timeline.is_empty()).then(|| view! {
                <h2>{tr("Riwayat", "Timeline")}</h2>
                <ol class="timeline">
                    {timeline.iter().map(|e| {
                        let e = e.clone();
                        let to = e.to_status.clone();
                        view! { <li>{e.at.clone()}" · "{e.actor.clone()}" · "{move || Facet::Status.label(&to, lang.get())}</li> }
                    }).collect_view()}
                </ol>
            })}
        </article>
    }
}

/// The buttons for the steps allowed now, from the shared workflow.
#[component]
fn Workflow(id: i64, status: CaseStatus, on_change: Callback<CaseDetail>) -> impl IntoView {
    let lang = use_lang();
    let error = RwSignal::new(None::<String>);
    let run = move |action: CaseAction| {
        spawn_local(async move {
            match api::act(id, &action).await {
                Ok(d) => {
                    error.set(None);
                    on_change.run(d);
                }
                Err(e) => error.set(Some(e.message.get(lang.get_untracked()).to_owned())),
            }
        });
    };
    let steps = status.next_steps();
    let reason = RwSignal::new(RejectReason::BukanPelanggaran);
    let agency = RwSignal::new(Agency::BawasluKabKota);
    let date = RwSignal::new(crate::today().to_string());
    let reference = RwSignal::new(String::new());
    let outcome = RwSignal::new(String::new());
    view! {
        <section class="workflow">
            <h2>{tr("Langkah berikutnya", "Next step")}</h2>
            {steps.contains(&"verify").then(|| view! {
                <button class="primary verify" on:click=move |_| run(CaseAction::Verify)>{tr("Verifikasi", "Verify")}</button>
            })}
            {steps.contains(&"forward").then(|| view! {
                <fieldset class="forward">
                    <legend>{tr("Teruskan", "Forward")}</legend>
                    <div class="field">
                        <label for="f-agency">{tr("Kepada", "To")}</label>
                        <select id="f-agency" on:change=move |ev| if let Some(a) = Agency::from_code(&event_target_value(&ev)) { agency.set(a) }>
                            {Agency::ALL.iter().map(|a| view! { <option value=a.code()>{move || a.label().get(lang.get())}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="f-forward-date">{tr("Tanggal", "Date")}</label>
                        <input id="f-forward-date" type="date" prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev)) />
                    </div>
                    <div class="field">
                        <label for="f-reference">{tr("Nomor registrasi/tiket", "Reference number")}</label>
                        <input id="f-reference" prop:value=move || reference.get() on:input=move |ev| reference.set(event_target_value(&ev)) />
                    </div>
                    <button class="primary forward-button" on:click=move |_| run(CaseAction::Forward { targets: vec![Forwarding {
                        agency: agency.get_untracked(),
                        date: date.get_untracked(),
                        reference: reference.get_untracked(),
                    }] })>{tr("Teruskan", "Forward")}</button>
                </fieldset>
            })}
            {steps.contains(&"follow_up").then(|| view! {
                <div class="field">
                    <label for="f-outcome">{tr("Tindak lanjut (mis. sanksi)", "Follow-up (e.g. sanction)")}</label>
                    <input id="f-outcome" prop:value=move || outcome.get() on:input=move |ev| outcome.set(event_target_value(&ev)) />
                    <button class="secondary" on:click=move |_| run(CaseAction::FollowUp { outcome: outcome.get_untracked() })>{tr("Catat tindak lanjut", "Record follow-up")}</button>
                </div>
            })}
            {steps.contains(&"close").then(|| view! {
                <button class="secondary" on:click=move |_| run(CaseAction::Close)>{tr("Selesai", "Close")}</button>
            })}
            {steps.contains(&"reject").then(|| view! {
                <div class="field reject">
                    <label for="f-reject">{tr("Tolak karena", "Reject because")}</label>
                    <select id="f-reject" on:change=move |ev| if let Some(r) = RejectReason::from_code(&event_target_value(&ev)) { reason.set(r) }>
                        {RejectReason::ALL.iter().map(|r| view! { <option value=r.code()>{move || r.label().get(lang.get())}</option> }).collect_view()}
                    </select>
                    <button class="secondary danger" on:click=move |_| run(CaseAction::Reject { reason: reason.get_untracked(), note: String::new() })>{tr("Tolak", "Reject")}</button>
                </div>
            })}
            {steps.contains(&"reopen").then(|| view! {
                <button class="secondary" on:click=move |_| run(CaseAction::Reopen)>{tr("Buka lagi", "Reopen")}</button>
            })}
            {move || error.get().map(|e| view! { <p class="problem" role="alert">{e}</p> })}
        </section>
    }
}
