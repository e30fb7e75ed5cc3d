//! The buttons for the steps a case may take now: which ones is decided by
//! `shared::workflow`, the same rule the server enforces.

use leptos::prelude::*;
use leptos::task::spawn_local;
use netral_app::i18n::{tr, use_lang};
use netral_shared::cases::CaseDetail;
use netral_shared::workflow::{Agency, CaseAction, CaseStatus, Forwarding, RejectReason};

use crate::api;

#[component]
pub fn Workflow(
    id: i64,
    status: CaseStatus,
    /// The route `shared::routing` suggests: the forward form starts on it.
    suggested: Option<Agency>,
    on_change: Callback<CaseDetail>,
) -> impl IntoView {
    let lang = use_lang();
    let error = RwSignal::new(None::<String>);
    let run = move |action: CaseAction| {
        spawn_local(async move {
            match api::act(id, &action).await {
                Ok(d) => {
                    error.set(None);
                    on_change.run(d);
                }
                // What was typed stays in the fields: nothing is lost.
                Err(e) => error.set(Some(e.message.get(lang.get_untracked()).to_owned())),
            }
        });
    };
    let steps = status.next_steps();
    let reason = RwSignal::new(RejectReason::BukanPelanggaran);
    let note = RwSignal::new(String::new());
    let agency = RwSignal::new(suggested.unwrap_or(Agency::BawasluKabKota));
    let date = RwSignal::new(crate::today().to_string());
    let reference = RwSignal::new(String::new());
    let outcome = RwSignal::new(String::new());
    view! {
        <section class="workflow">
            <h2>{tr("Langkah berikutnya", "Next step")}</h2>
            {steps.is_empty().then(|| view! { <p>{tr("Kasus ini sudah selesai.", "This case is closed.")}</p> })}
            {steps.contains(&"verify").then(|| view! {
                <button class="primary verify" on:click=move |_| run(CaseAction::Verify)>{tr("Verifikasi", "Verify")}</button>
            })}
            {steps.contains(&"forward").then(|| view! {
                <fieldset class="forward">
                    <legend>{tr("Teruskan", "Forward")}</legend>
                    <div class="field">
                        <label for="f-agency">{tr("Kepada", "To")}</label>
                        <select id="f-agency" on:change=move |ev| if let Some(a) = Agency::from_code(&event_target_value(&ev)) { agency.set(a) }>
                            {Agency::ALL.iter().map(|a| view! { <option value=a.code() selected=move || agency.get() == *a>{move || a.label().get(lang.get())}</option> }).collect_view()}
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
                    <label for="f-outcome">{tr("Tindak lanjut (mis. sanksi yang dijatuhkan)", "Follow-up (e.g. the sanction given)")}</label>
                    <textarea id="f-outcome" rows="2" prop:value=move || outcome.get() on:input=move |ev| outcome.set(event_target_value(&ev))></textarea>
                    <button class="secondary follow-up" on:click=move |_| run(CaseAction::FollowUp { outcome: outcome.get_untracked() })>{tr("Catat tindak lanjut", "Record follow-up")}</button>
                </div>
            })}
            {steps.contains(&"close").then(|| view! {
                <button class="secondary close" on:click=move |_| run(CaseAction::Close)>{tr("Selesai", "Close")}</button>
            })}
            {steps.contains(&"reject").then(|| view! {
                <fieldset class="reject">
                    <legend>{tr("Tolak", "Reject")}</legend>
                    <div class="field">
                        <label for="f-reject">{tr("Alasan", "Reason")}</label>
                        <select id="f-reject" on:change=move |ev| if let Some(r) = RejectReason::from_code(&event_target_value(&ev)) { reason.set(r) }>
                            {RejectReason::ALL.iter().map(|r| view! { <option value=r.code()>{move || r.label().get(lang.get())}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="f-reject-note">{tr("Catatan (tidak wajib)", "Note (optional)")}</label>
                        <input id="f-reject-note" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
                    </div>
                    <button class="secondary danger" on:click=move |_| run(CaseAction::Reject { reason: reason.get_untracked(), note: note.get_untracked() })>{tr("Tolak", "Reject")}</button>
                </fieldset>
            })}
            {steps.contains(&"reopen").then(|| view! {
                <button class="secondary" on:click=move |_| run(CaseAction::Reopen)>{tr("Buka lagi", "Reopen")}</button>
            })}
            {move || error.get().map(|e| view! { <p class="problem" role="alert">{e}</p> })}
        </section>
    }
}
