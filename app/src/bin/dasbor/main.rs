//! The coordinators' dashboard: a second WASM bundle under `/dasbor/`, so a
//! volunteer's phone never downloads it. Signed-in coordinators and admins
//! see the cases of their regions, filter them (filters live in the URL, so
//! a view can be shared), read the charts, and work each case towards a
//! formal filing.

mod account;
mod api;
mod audit;
mod case;
mod charts;
mod corrections;
mod labels;
mod login;
mod members;
mod overview;
mod pelapor;
mod people;
mod possibly_same;
mod press;
mod print;
mod route;
mod team;
mod timeline;
mod workflow;

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;
use netral_app::i18n::{LangToggle, provide_lang, tr};
pub use netral_app::today;
use netral_shared::accounts::Me;
use netral_shared::sync::ErrorBody;
use std::cell::Cell;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(Dashboard);
}

/// The browser's own yes/no question, before an action that cannot be undone.
pub fn confirmed(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(false)
}

/// Who is signed in: `None` while unknown, `Some(None)` when nobody.
#[derive(Clone, Copy)]
pub struct Session(pub RwSignal<Option<Option<Me>>>);

/// Why the last session ended, when the server ended it (shown at sign-in).
#[derive(Clone, Copy)]
pub struct SessionEnded(pub RwSignal<Option<ErrorBody>>);

thread_local! {
    /// For API calls, which run outside any component.
    static SESSION: Cell<Option<(Session, SessionEnded)>> = const { Cell::new(None) };
}

/// The server no longer knows the session: back to the sign-in form.
pub fn session_ended(reason: ErrorBody) {
    if let Some((session, ended)) = SESSION.with(Cell::get) {
        ended.0.set(Some(reason));
        session.0.set(Some(None));
    }
}

#[component]
fn Dashboard() -> impl IntoView {
    provide_lang();
    let session = Session(RwSignal::new(None));
    provide_context(session);
    let ended = SessionEnded(RwSignal::new(None));
    provide_context(ended);
    SESSION.with(|s| s.set(Some((session, ended))));
    leptos::task::spawn_local(async move {
        session.0.set(Some(api::me().await.ok()));
    });
    let logout = move |_| {
        leptos::task::spawn_local(async move {
            let _ = api::logout().await;
            session.0.set(Some(None));
        });
    };

    view! {
        <Router>
            <header class="topbar">
                <A href="/dasbor" attr:class="brand">"Netral · Dasbor"</A>
                <span class="right">
                    {move || session.0.get().flatten().map(|me| view! {
                        <A href="/dasbor/kemungkinan-sama" attr:class="links-link">{tr("Kemungkinan sama", "Possibly the same")}</A>
                        <A href="/dasbor/relawan" attr:class="team-link">{tr("Relawan", "Volunteers")}</A>
                        <A href="/dasbor/akun" attr:class="who-am-i account-link">{me.username.clone()}</A>
                        <button class="lang logout" on:click=logout>{tr("Keluar", "Sign out")}</button>
                    })}
                    <LangToggle />
                </span>
            </header>
            <main class="dashboard">
                {move || match session.0.get() {
                    None => view! { <p class="empty">{tr("Memuat…", "Loading…")}</p> }.into_any(),
                    Some(None) => view! { <login::Login /> }.into_any(),
                    Some(Some(_)) => view! {
                        <Routes fallback=|| view! { <p class="empty">"404"</p> }>
                            // Full paths: the app lives under /dasbor/ beside the volunteers' app.
                            <Route path=path!("/dasbor") view=overview::Overview />
                            <Route path=path!("/dasbor/kasus/:id") view=case::CaseView />
                            <Route path=path!("/dasbor/kasus/:id/cetak") view=print::PrintView />
                            <Route path=path!("/dasbor/kemungkinan-sama") view=possibly_same::PossiblySameList />
                            <Route path=path!("/dasbor/ringkasan") view=press::PressSummary />
                            <Route path=path!("/dasbor/relawan") view=team::Team />
                            <Route path=path!("/dasbor/akun") view=account::Account />
                        </Routes>
                    }.into_any(),
                }}
            </main>
        </Router>
    }
}
