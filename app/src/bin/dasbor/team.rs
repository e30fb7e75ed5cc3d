//! Volunteers' phones: invite codes (with a QR code to show at a briefing)
//! and the devices that joined, with revocation for a lost phone. What a
//! caller may see and do is the server's rule; this page shows its answers.

use leptos::prelude::*;
use leptos::task::spawn_local;
use netral_app::i18n::{tr, use_lang};
use netral_shared::Text;
use netral_shared::accounts::{
    CreatedInvite, DeviceList, InviteList, NewInvite, OrganisationList, Role,
};

use crate::api;
use crate::labels::region_names;

fn short_time(rfc3339: &str) -> String {
    rfc3339.get(..16).unwrap_or(rfc3339).replace('T', " ")
}

#[component]
pub fn Team() -> impl IntoView {
    let lang = use_lang();
    let me = use_context::<crate::Session>().and_then(|s| s.0.get_untracked().flatten());
    let admin = me.as_ref().is_some_and(|m| m.role == Role::Admin);
    let my_scopes = me.map(|m| m.scopes).unwrap_or_default();
    let invites = RwSignal::new(None::<api::ApiResult<InviteList>>);
    let devices = RwSignal::new(None::<api::ApiResult<DeviceList>>);
    let organisations = RwSignal::new(None::<OrganisationList>);
    let reload = move || {
        spawn_local(async move {
            invites.set(Some(api::invites().await));
            devices.set(Some(api::devices().await));
        })
    };
    reload();
    if admin {
        spawn_local(async move { organisations.set(api::organisations().await.ok()) });
    }

    let created = RwSignal::new(None::<CreatedInvite>);
    let error = RwSignal::new(None::<String>);
    let scope = RwSignal::new(String::new());
    let organisation = RwSignal::new(None::<i64>);
    let max_uses = RwSignal::new("20".to_owned());
    let hours = RwSignal::new("72".to_owned());
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let scope = scope.get_untracked();
        let req = NewInvite {
            expires_in_hours: hours.get_untracked().trim().parse().ok(),
            max_uses: max_uses.get_untracked().trim().parse().ok(),
            organisation_id: organisation.get_untracked(),
            scopes: (!scope.is_empty()).then(|| vec![scope]),
        };
        spawn_local(async move {
            match api::create_invite(&req).await {
                Ok(c) => {
                    error.set(None);
                    created.set(Some(c));
                    reload();
                }
                Err(e) => error.set(Some(api::describe(&e, lang.get_untracked()))),
            }
        });
    };
    let revoke_invite = move |id: i64| {
        spawn_local(async move {
            match api::revoke_invite(id).await {
                Ok(()) => reload(),
                Err(e) => error.set(Some(api::describe(&e, lang.get_untracked()))),
            }
        })
    };
    let revoke_device = move |id: i64| {
        let sure = Text::new(
            "Cabut perangkat ini? Perangkat itu tidak akan bisa mengirim laporan lagi.",
            "Revoke this device? It will not be able to send reports any more.",
        )
        .get(lang.get_untracked());
        let confirmed = crate::confirmed(sure);
        if !confirmed {
            return;
        }
        spawn_local(async move {
            match api::revoke_device(id).await {
                Ok(()) => reload(),
                Err(e) => error.set(Some(api::describe(&e, lang.get_untracked()))),
            }
        })
    };
    // An admin invites for any province; a coordinator within their regions.
    let scope_choices: Vec<String> = if admin {
        netral_shared::regions::provinces()
            .map(|p| p.code.to_owned())
            .collect()
    } else {
        my_scopes.clone()
    };

    view! {
        <section class="team">
            <h1>{tr("Relawan dan perangkat", "Volunteers and devices")}</h1>
            <form class="invite-form" on:submit=create>
                <h2>{tr("Buat kode undangan", "Create an invite code")}</h2>
                {admin.then(|| view! {
                    <div class="field">
                        <label for="f-invite-org">{tr("Organisasi", "Organisation")}</label>
                        <select id="f-invite-org" on:change=move |ev| organisation.set(event_target_value(&ev).parse().ok())>
                            <option value="">{tr("— pilih —", "— choose —")}</option>
                            {move || organisations.get().map(|l| l.organisations.into_iter().map(|o| view! {
                                <option value=o.id.to_string()>{o.name}</option>
                            }).collect_view())}
                        </select>
                    </div>
                })}
                <div class="field">
                    <label for="f-invite-scope">{tr("Wilayah", "Region")}</label>
                    <select id="f-invite-scope" on:change=move |ev| scope.set(event_target_value(&ev))>
                        {(!admin).then(|| view! { <option value="">{tr("Semua wilayah saya", "All my regions")}</option> })}
                        {admin.then(|| view! { <option value="">{tr("— pilih —", "— choose —")}</option> })}
                        {scope_choices.into_iter().map(|s| {
                            let label = s.clone();
                            view! { <option value=s>{move || region_names(std::slice::from_ref(&label), lang.get())}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-invite-uses">{tr("Berapa perangkat boleh bergabung", "How many devices may join")}</label>
                    <input id="f-invite-uses" type="number" inputmode="numeric" min="1" max="500" prop:value=move || max_uses.get() on:input=move |ev| max_uses.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="f-invite-hours">{tr("Berlaku (jam)", "Valid for (hours)")}</label>
                    <input id="f-invite-hours" type="number" inputmode="numeric" min="1" max="720" prop:value=move || hours.get() on:input=move |ev| hours.set(event_target_value(&ev)) />
                </div>
                <button class="primary" type="submit">{tr("Buat kode", "Create code")}</button>
                {move || error.get().map(|e| view! { <p class="problem" role="alert">{e}</p> })}
            </form>
            {move || created.get().map(|c| view! {
                <div class="created-invite" role="status">
                    <p>{tr("Kode ini hanya ditampilkan sekali. Bacakan, atau minta relawan memindai QR dengan kamera ponsel:", "This code is shown only once. Read it out, or have volunteers scan the QR code with their phone's camera:")}</p>
                    <p class="invite-code"><code>{c.code.clone()}</code></p>
                    <div class="qr" inner_html=c.qr_svg.clone()></div>
                    <p class="join-url"><small>{c.join_url.clone()}</small></p>
                </div>
            })}

            <h2>{tr("Kode undangan", "Invite codes")}</h2>
            {move || match invites.get() {
                None => view! { <p>{tr("Memuat…", "Loading…")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="problem">{e.message.get(lang.get()).to_owned()}</p> }.into_any(),
                Some(Ok(l)) if l.invites.is_empty() => view! { <p>{tr("Belum ada.", "None yet.")}</p> }.into_any(),
                Some(Ok(l)) => view! {
                    <table class="invites">
                        <thead><tr>
                            <th>{tr("Wilayah", "Region")}</th>
                            <th>{tr("Dipakai", "Used")}</th>
                            <th>{tr("Berlaku sampai", "Valid until")}</th>
                            <th></th>
                        </tr></thead>
                        <tbody>{l.invites.into_iter().map(|i| {
                            let id = i.id;
                            let scopes = i.scopes.clone();
                            view! { <tr>
                                <td>{move || region_names(&scopes, lang.get())}" · "{i.organisation.clone()}</td>
                                <td>{format!("{}/{}", i.uses, i.max_uses)}</td>
                                <td>{short_time(&i.expires_at)}</td>
                                <td>{match i.revoked_at {
                                    Some(_) => view! { <span>{tr("Dicabut", "Revoked")}</span> }.into_any(),
                                    None => view! { <button class="secondary danger" on:click=move |_| revoke_invite(id)>{tr("Cabut", "Revoke")}</button> }.into_any(),
                                }}</td>
                            </tr> }
                        }).collect_view()}</tbody>
                    </table>
                }.into_any(),
            }}

            <h2>{tr("Perangkat relawan", "Volunteers' devices")}</h2>
            <p class="hint">{tr(
                "Cabut perangkat yang hilang: laporannya tetap tersimpan, tetapi perangkat itu tidak bisa mengirim lagi.",
                "Revoke a lost phone: its reports stay, but it cannot send any more.",
            )}</p>
            {move || match devices.get() {
                None => view! { <p>{tr("Memuat…", "Loading…")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="problem">{e.message.get(lang.get()).to_owned()}</p> }.into_any(),
                Some(Ok(l)) if l.devices.is_empty() => view! { <p>{tr("Belum ada.", "None yet.")}</p> }.into_any(),
                Some(Ok(l)) => view! {
                    <table class="devices">
                        <thead><tr>
                            <th>{tr("Nama samaran", "Pseudonym")}</th>
                            <th>{tr("Wilayah", "Region")}</th>
                            <th>{tr("Terakhir terlihat", "Last seen")}</th>
                            <th></th>
                        </tr></thead>
                        <tbody>{l.devices.into_iter().map(|d| {
                            let id = d.id;
                            let scopes = d.scopes.clone();
                            view! { <tr data-device=d.pseudonym.clone()>
                                <td>{d.pseudonym.clone()}</td>
                                <td>{move || region_names(&scopes, lang.get())}</td>
                                <td>{short_time(&d.last_seen)}</td>
                                <td>{match d.revoked_at {
                                    Some(_) => view! { <span>{tr("Dicabut", "Revoked")}</span> }.into_any(),
                                    None => view! { <button class="secondary danger revoke-device" on:click=move |_| revoke_device(id)>{tr("Cabut", "Revoke")}</button> }.into_any(),
                                }}</td>
                            </tr> }
                        }).collect_view()}</tbody>
                    </table>
                }.into_any(),
            }}
        </section>
    }
}
