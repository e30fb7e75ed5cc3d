//! The signed-in person's own page: their password, and for admins the
//! people who may sign in and the audit log.

use leptos::prelude::*;
use leptos::task::spawn_local;
use netral_app::i18n::{tr, use_lang};
use netral_shared::Text;
use netral_shared::accounts::{Role, password_problem};

use crate::labels::region_names;
use crate::{api, audit, people};

#[component]
pub fn Account() -> impl IntoView {
    let lang = use_lang();
    let me = use_context::<crate::Session>().and_then(|s| s.0.get_untracked().flatten());
    let admin = me.as_ref().is_some_and(|m| m.role == Role::Admin);
    let who = me.map(|m| {
        let role = match m.role {
            Role::Admin => Text::new("Admin", "Admin"),
            Role::Koordinator => Text::new("Koordinator", "Coordinator"),
        };
        (m.username, role, m.organisation, m.scopes)
    });
    view! {
        <section class="account">
            <h1>{tr("Akun saya", "My account")}</h1>
            {who.map(|(name, role, org, scopes)| view! {
                <p class="me">
                    <strong>{name}</strong>" · "{move || role.get(lang.get())}
                    {org.map(|o| format!(" · {o}"))}
                    {(!scopes.is_empty()).then(|| view! { " · "{move || region_names(&scopes, lang.get())} })}
                </p>
            })}
            <PasswordForm />
            {admin.then(|| view! { <people::People /> <audit::AuditLog /> })}
        </section>
    }
}

/// A coordinator's first password comes from the admin; this is where they
/// replace it. The server ends their other sessions.
#[component]
fn PasswordForm() -> impl IntoView {
    let lang = use_lang();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = lang.get_untracked();
        let (cur, next) = (current.get_untracked(), new.get_untracked());
        if let Some(p) = password_problem("new_password", &next) {
            message.set(Some((false, p.message.get(l).to_owned())));
            return;
        }
        if next != again.get_untracked() {
            let text = Text::new(
                "Kedua kata sandi baru tidak sama.",
                "The two new passwords differ.",
            );
            message.set(Some((false, text.get(l).to_owned())));
            return;
        }
        spawn_local(async move {
            match api::change_password(cur, next).await {
                Ok(()) => {
                    for s in [current, new, again] {
                        s.set(String::new());
                    }
                    let text = Text::new(
                        "Kata sandi diganti. Sesi Anda di perangkat lain sudah diakhiri.",
                        "Password changed. Your sessions on other devices have ended.",
                    );
                    message.set(Some((true, text.get(l).to_owned())));
                }
                Err(e) => message.set(Some((false, api::describe(&e, l)))),
            }
        });
    };
    let field =
        move |id: &'static str, label: Text, auto: &'static str, value: RwSignal<String>| {
            view! {
                <div class="field">
                    <label for=id>{move || label.get(lang.get())}</label>
                    <input id=id type="password" autocomplete=auto
                        prop:value=move || value.get()
                        on:input=move |ev| value.set(event_target_value(&ev)) />
                </div>
            }
        };
    view! {
        <form class="password-form" on:submit=submit>
            <h2>{tr("Ganti kata sandi", "Change password")}</h2>
            {field("f-current-password", Text::new("Kata sandi sekarang", "Current password"), "current-password", current)}
            {field("f-new-password", Text::new("Kata sandi baru (minimal 12 karakter)", "New password (at least 12 characters)"), "new-password", new)}
            {field("f-new-password-again", Text::new("Ulangi kata sandi baru", "New password again"), "new-password", again)}
            <button class="primary" type="submit">{tr("Ganti kata sandi", "Change password")}</button>
            {move || message.get().map(|(ok, text)| view! {
                <p class=if ok { "done" } else { "problem" } role=if ok { "status" } else { "alert" }>{text}</p>
            })}
        </form>
    }
}
