//! The audit log, for admins: who changed what, newest first. The server
//! keeps ids and codes only, so this page shows no personal data either.

use leptos::prelude::*;
use leptos::task::spawn_local;
use netral_app::i18n::{tr, use_lang};
use netral_shared::accounts::AuditPage;
use netral_shared::{Lang, Text};

use crate::api;
use crate::timeline::local_time;

const PAGE: u32 = 50;

/// What an action code means, for people.
fn action_label(code: &str) -> Option<Text> {
    Some(match code {
        "case_status" => Text::new("Status kasus diubah", "Case status changed"),
        "case_split" => Text::new("Laporan dipisah", "Report split off"),
        "case_merge" => Text::new("Kasus digabung", "Cases merged"),
        "case_canonical" => Text::new("Data terlapor dikoreksi", "Person's details corrected"),
        "export" => Text::new("Ekspor", "Export"),
        "invite_create" => Text::new("Kode undangan dibuat", "Invite code created"),
        "invite_revoke" => Text::new("Kode undangan dicabut", "Invite code revoked"),
        "device_revoke" => Text::new("Perangkat dicabut", "Device revoked"),
        "user_create" => Text::new("Akun dibuat", "Account created"),
        "user_disable" => Text::new("Akun dinonaktifkan", "Account disabled"),
        "organisation_create" => Text::new("Organisasi dibuat", "Organisation created"),
        "password_change" => Text::new("Kata sandi diganti", "Password changed"),
        "password_reset" => Text::new("Kata sandi disetel ulang", "Password reset"),
        "reporter_open" => Text::new("Identitas pelapor dibuka", "Reporter's identity opened"),
        _ => return None,
    })
}

fn describe(code: &str, lang: Lang) -> String {
    action_label(code).map_or_else(|| code.to_owned(), |t| t.get(lang).to_owned())
}

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
                                    let action = e.action.clone();
                                    view! { <tr data-action=e.action.clone()>
                                        <td><time datetime=e.at.clone()>{local_time(&e.at)}</time></td>
                                        <td>{e.actor_username}</td>
                                        <td>{move || describe(&action, lang.get())}</td>
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
