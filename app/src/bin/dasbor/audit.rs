//! The audit log, for admins: who changed what, newest first. The server
//! keeps ids and codes only, so this page shows no personal data either.

use leptos::prelude::*;
use leptos::task::spawn_local;
use netral_app::i18n::{tr, use_lang};
use netral_shared::accounts::AuditPage;

use crate::api;
use crate::timeline::local_time;

const PAGE: u32 = 50;

#[component]
pub fn AuditLog() -> impl IntoView {
    let lang = use_lang();
    let offset = RwSignal::new(0u64);
    let page = RwSignal::new(None::<api::ApiResult<AuditPage>>);
    Effect::new(move |_| {
        let at = offset.get();
        spawn_local(async move {
            let answer = api::audit(PAGE, at).await;
            // Quick clicks: only the answer for the page now asked for.
            if offset.try_get_untracked() == Some(at) {
                page.set(Some(answer));
            }
        });
    });
    view! {
        <section class="audit">
            <h2>{tr("Log audit", "Audit log")}</h2>
            {move || match page.get() {
                None => view! { <p>{tr("Memuat…", "Loading…")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="problem">{e.message.get(lang.get()).to_owned()}</p> }.into_any(),
                Some(Ok(p)) => {
                    let at = offset.get_untracked();
                    let shown = format!("{}–{} / {}", (at + 1).min(p.total), at + p.entries.len() as u64, p.total);
                    let more = at + (PAGE as u64) < p.total;
                    view! {
                        <div class="table-scroll">
                            <table class="audit-log">
                                <thead><tr>
                                    <th>{tr("Waktu", "Time")}</th>
                                    <th>{tr("Oleh", "By")}</th>
                                    <th>{tr("Tindakan", "Action")}</th>
                                    <th>{tr("Sasaran", "Target")}</th>
                                    <th>{tr("Rincian", "Details")}</th>
                                </tr></thead>
                                <tbody>{p.entries.into_iter().map(|e| {
                                    let action = e.action;
                                    view! { <tr data-action=e.action.code()>
                                        <td><time datetime=e.at.clone()>{local_time(&e.at)}</time></td>
                                        <td>{e.actor_username}</td>
                                        <td>{move || action.label().get(lang.get()).to_owned()}</td>
                                        <td>{e.target}</td>
                                        <td><code>{e.details.to_string()}</code></td>
                                    </tr> }
                                }).collect_view()}</tbody>
                            </table>
                        </div>
                        <p class="pager">
                            <button class="secondary" disabled=at == 0 on:click=move |_| offset.update(|o| *o = o.saturating_sub(PAGE as u64))>{tr("‹ Lebih baru", "‹ Newer")}</button>
                            <span>{shown}</span>
                            <button class="secondary" disabled=!more on:click=move |_| offset.update(|o| *o += PAGE as u64)>{tr("Lebih lama ›", "Older ›")}</button>
                        </p>
                    }.into_any()
                }
            }}
        </section>
    }
}
