//! Sign-in for coordinators and admins.

use leptos::prelude::*;
use leptos::task::spawn_local;
use netral_app::i18n::{tr, use_lang};

use crate::{Session, SessionEnded, api};

#[component]
pub fn Login() -> impl IntoView {
    let lang = use_lang();
    let session = expect_context::<Session>();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    // "Your session has ended" until the next attempt says something else.
    let ended = expect_context::<SessionEnded>();
    let error = RwSignal::new(ended.0.get_untracked());
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let (u, p) = (username.get_untracked(), password.get_untracked());
        spawn_local(async move {
            match api::login(u, p).await {
                Ok(me) => {
                    password.set(String::new());
                    ended.0.set(None);
                    session.0.set(Some(Some(me)));
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="login">
            <h1>{tr("Masuk koordinator", "Coordinator sign-in")}</h1>
            <form on:submit=submit>
                <div class="field">
                    <label for="f-username">{tr("Nama pengguna", "Username")}</label>
                    <input id="f-username" autocomplete="username" prop:value=move || username.get() on:input=move |ev| username.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="f-password">{tr("Kata sandi", "Password")}</label>
                    <input id="f-password" type="password" autocomplete="current-password" prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev)) />
                </div>
                {move || error.get().map(|e| view! { <p class="problem login-error" role="alert">{e.message.get(lang.get()).to_owned()}</p> })}
                <button type="submit" class="primary" disabled=move || busy.get()>{tr("Masuk", "Sign in")}</button>
            </form>
        </section>
    }
}
