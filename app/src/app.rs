//! The shell: header with the language switch, the pages, and a bottom
//! navigation within reach of a thumb.

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;
use netral_shared::Lang;

use crate::i18n::{provide_lang, tr};
use crate::pages::{About, EditReport, MyReports, NewReport};
use crate::sync;

/// Bumped whenever the outbox changed behind a page's back (a background
/// sync finished), so lists re-read IndexedDB.
#[derive(Clone, Copy)]
pub struct OutboxVersion(pub RwSignal<u32>);

#[component]
pub fn App() -> impl IntoView {
    let lang = provide_lang();
    let outbox = OutboxVersion(RwSignal::new(0));
    provide_context(outbox);

    // Send what is waiting on start and whenever the connection returns.
    let background_sync = move || {
        leptos::task::spawn_local(async move {
            if let Ok(summary) = sync::send_outbox().await
                && summary != sync::Summary::default()
            {
                outbox.0.update(|v| *v += 1);
            }
        })
    };
    background_sync();
    let _online = window_event_listener(leptos::ev::online, move |_| background_sync());

    let toggle_lang =
        move |_| lang.update(|l| *l = if *l == Lang::Id { Lang::En } else { Lang::Id });

    view! {
        <Router>
            <header class="topbar">
                <span class="brand">"Netral"</span>
                <span class="right">
                    <A href="/tentang" attr:class="about">{tr("Tentang", "About")}</A>
                    <button class="lang" on:click=toggle_lang aria-label=tr("Ganti bahasa", "Change language")>
                        {move || if lang.get() == Lang::Id { "EN" } else { "ID" }}
                    </button>
                </span>
            </header>
            <main>
                <Routes fallback=|| view! { <p class="empty">"404"</p> }>
                    <Route path=path!("/") view=MyReports />
                    <Route path=path!("/baru") view=NewReport />
                    <Route path=path!("/laporan/:id") view=EditReport />
                    <Route path=path!("/tentang") view=About />
                </Routes>
            </main>
            <nav class="bottomnav">
                <A href="/baru">{tr("Laporan baru", "New report")}</A>
                <A href="/" exact=true>{tr("Laporan saya", "My reports")}</A>
            </nav>
        </Router>
    }
}
