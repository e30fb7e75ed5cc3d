//! Admins manage who may sign in: coordinators (each with an organisation
//! and the regions they work) and other admins, and the organisations of
//! the coalition. Every change is audited by the server.

use leptos::prelude::*;
use leptos::task::spawn_local;
use netral_app::i18n::{tr, use_lang};
use netral_shared::Text;
use netral_shared::accounts::{NewUser, OrganisationList, Role, UserList, password_problem};
use netral_shared::regions;

use crate::api;
use crate::labels::region_names;

#[component]
pub fn People() -> impl IntoView {
    let lang = use_lang();
    let users = RwSignal::new(None::<api::ApiResult<UserList>>);
    let organisations = RwSignal::new(None::<OrganisationList>);
    let error = RwSignal::new(None::<String>);
    let reload = move || {
        spawn_local(async move {
            users.set(Some(api::users().await));
            organisations.set(api::organisations().await.ok());
        })
    };
    reload();
    let fail = move |e: netral_shared::sync::ErrorBody| {
        error.set(Some(api::describe(&e, lang.get_untracked())));
    };

    let org_name = RwSignal::new(String::new());
    let create_org = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = org_name.get_untracked();
        spawn_local(async move {
            match api::create_organisation(name).await {
                Ok(_) => {
                    org_name.set(String::new());
                    error.set(None);
                    reload();
                }
                Err(e) => fail(e),
            }
        });
    };

    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Koordinator);
    let organisation = RwSignal::new(None::<i64>);
    let region = RwSignal::new(String::new());
    let scopes = RwSignal::new(Vec::<String>::new());
    let add_region = move |_| {
        let code = region.get_untracked();
        if !code.is_empty() && !scopes.with_untracked(|s| s.contains(&code)) {
            scopes.update(|s| s.push(code));
        }
    };
    let create_user = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let pw = password.get_untracked();
        if let Some(p) = password_problem("password", &pw) {
            error.set(Some(p.message.get(lang.get_untracked()).to_owned()));
            return;
        }
        let coordinator = role.get_untracked() == Role::Koordinator;
        let user = NewUser {
            username: username.get_untracked().trim().to_owned(),
            password: pw,
            role: role.get_untracked(),
            organisation_id: organisation.get_untracked().filter(|_| coordinator),
            scopes: if coordinator {
                scopes.get_untracked()
            } else {
                Vec::new()
            },
        };
        spawn_local(async move {
            match api::create_user(&user).await {
                Ok(_) => {
                    for s in [username, password] {
                        s.set(String::new());
                    }
                    scopes.set(Vec::new());
                    error.set(None);
                    reload();
                }
                Err(e) => fail(e),
            }
        });
    };
    let disable = move |id: i64| {
        let sure = Text::new(
            "Nonaktifkan akun ini? Orang itu langsung keluar dan tidak bisa masuk lagi.",
            "Disable this account? The person is signed out at once and cannot sign in again.",
        )
        .get(lang.get_untracked());
        let confirmed = crate::confirmed(sure);
        if confirmed {
            spawn_local(async move {
                match api::disable_user(id).await {
                    Ok(()) => reload(),
                    Err(e) => fail(e),
                }
            });
        }
    };

    view! {
        <section class="people">
            <h2>{tr("Koordinator dan admin", "Coordinators and admins")}</h2>
            {move || error.get().map(|e| view! { <p class="problem" role="alert">{e}</p> })}
            {move || match users.get() {
                None => view! { <p>{tr("Memuat…", "Loading…")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="problem">{e.message.get(lang.get()).to_owned()}</p> }.into_any(),
                Some(Ok(l)) => view! {
                    <div class="table-scroll"><table class="users">
                        <thead><tr>
                            <th>{tr("Nama pengguna", "Username")}</th>
                            <th>{tr("Peran", "Role")}</th>
                            <th>{tr("Organisasi", "Organisation")}</th>
                            <th>{tr("Wilayah", "Regions")}</th>
                            <th></th>
                        </tr></thead>
                        <tbody>{l.users.into_iter().map(|u| {
                            let id = u.id;
                            let scopes = u.scopes.clone();
                            view! { <tr data-user=u.username.clone()>
                                <td>{u.username.clone()}</td>
                                <td>{match u.role { Role::Admin => tr("Admin", "Admin"), Role::Koordinator => tr("Koordinator", "Coordinator") }}</td>
                                <td>{u.organisation.clone().unwrap_or_default()}</td>
                                <td>{move || region_names(&scopes, lang.get())}</td>
                                <td>{if u.disabled {
                                    view! { <span>{tr("Nonaktif", "Disabled")}</span> }.into_any()
                                } else {
                                    view! { <button class="secondary danger disable-user" on:click=move |_| disable(id)>{tr("Nonaktifkan", "Disable")}</button> }.into_any()
                                }}</td>
                            </tr> }
                        }).collect_view()}</tbody>
                    </table></div>
                }.into_any(),
            }}

            <form class="user-form" on:submit=create_user>
                <h3>{tr("Buat akun", "Create an account")}</h3>
                <div class="field">
                    <label for="f-user-name">{tr("Nama pengguna", "Username")}</label>
                    <input id="f-user-name" autocomplete="off" prop:value=move || username.get() on:input=move |ev| username.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="f-user-password">{tr("Kata sandi awal (minimal 12 karakter; sampaikan secara pribadi)", "First password (at least 12 characters; hand it over privately)")}</label>
                    <input id="f-user-password" type="password" autocomplete="new-password" prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="f-user-role">{tr("Peran", "Role")}</label>
                    <select id="f-user-role" on:change=move |ev| role.set(if event_target_value(&ev) == "admin" { Role::Admin } else { Role::Koordinator })>
                        <option value="koordinator">{tr("Koordinator", "Coordinator")}</option>
                        <option value="admin">{tr("Admin", "Admin")}</option>
                    </select>
                </div>
                <Show when=move || role.get() == Role::Koordinator>
                    <div class="field">
                        <label for="f-user-org">{tr("Organisasi", "Organisation")}</label>
                        <select id="f-user-org" on:change=move |ev| organisation.set(event_target_value(&ev).parse().ok())>
                            <option value="">{tr("— pilih —", "— choose —")}</option>
                            {move || organisations.get().map(|l| l.organisations.into_iter().map(|o| view! {
                                <option value=o.id.to_string() selected=move || organisation.get() == Some(o.id)>{o.name}</option>
                            }).collect_view())}
                        </select>
                    </div>
                    <div class="field">
                        <label for="f-user-region">{tr("Wilayah kerja", "Regions worked")}</label>
                        <select id="f-user-region" on:change=move |ev| region.set(event_target_value(&ev))>
                            <option value="">{tr("— pilih —", "— choose —")}</option>
                            {regions::all().iter().map(|r| {
                                let label = if r.code.len() == 2 { format!("{} (seluruh provinsi)", r.name) } else { format!("  {}", r.name) };
                                view! { <option value=r.code>{label}</option> }
                            }).collect_view()}
                        </select>
                        <button type="button" class="secondary add-region" on:click=add_region>{tr("Tambah wilayah", "Add region")}</button>
                        <ul class="chosen-regions">
                            {move || scopes.get().into_iter().map(|code| {
                                let remove = code.clone();
                                let name = region_names(std::slice::from_ref(&code), lang.get());
                                let label = format!("{} {name}", Text::new("Hapus", "Remove").get(lang.get()));
                                view! { <li>{name}" "<button type="button" class="secondary" aria-label=label on:click=move |_| scopes.update(|s| s.retain(|c| c != &remove))>"×"</button></li> }
                            }).collect_view()}
                        </ul>
                    </div>
                </Show>
                <button class="primary" type="submit">{tr("Buat akun", "Create account")}</button>
            </form>

            <h2>{tr("Organisasi", "Organisations")}</h2>
            <ul class="organisations">
                {move || organisations.get().map(|l| l.organisations.into_iter().map(|o| view! { <li>{o.name}</li> }).collect_view())}
            </ul>
            <form class="org-form" on:submit=create_org>
                <div class="field">
                    <label for="f-org-name">{tr("Nama organisasi baru", "New organisation's name")}</label>
                    <input id="f-org-name" prop:value=move || org_name.get() on:input=move |ev| org_name.set(event_target_value(&ev)) />
                </div>
                <button class="primary" type="submit">{tr("Tambah organisasi", "Add organisation")}</button>
            </form>
        </section>
    }
}
