//! The shell: header with the language switch, the pages, and a bottom
//! navigation within reach of a thumb.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;
use netral_shared::sync::{SYNC_EVERY_MS, retry_delay_ms};

use crate::i18n::{LangToggle, provide_lang, tr};
use crate::pages::{About, EditReport, Join, MyReports, NewReport, Settings};
use crate::pwa::{self, UpdateAvailable};
use crate::sync;

/// Bumped whenever the outbox changed behind a page's back (a background
/// sync finished), so lists re-read IndexedDB.
#[derive(Clone, Copy)]
pub struct OutboxVersion(pub RwSignal<u32>);

/// Runs syncs in the background and retries failures with growing,
/// jittered delays, so the queue never stalls until a reload. Pages that
/// send by themselves hand their failures here.
#[derive(Clone, Copy)]
pub struct SyncControl {
    outbox: OutboxVersion,
    device: crate::device::DeviceState,
    failures: StoredValue<u32>,
    /// When the backoff allows the next background attempt (ms since the
    /// epoch); the minute timer waits for it, so an outage is not retried
    /// every minute regardless.
    retry_at: StoredValue<f64>,
}

impl SyncControl {
    /// One attempt now.
    pub fn run(self) {
        leptos::task::spawn_local(async move {
            let result = sync::send_outbox().await;
            self.settle(&result);
        });
    }

    /// Records how an attempt ended: success resets the backoff and makes
    /// lists re-read; a failure schedules the next attempt.
    pub fn settle(self, result: &Result<sync::Summary, sync::SyncError>) {
        match result {
            Ok(_) => {
                self.failures.set_value(0);
                self.retry_at.set_value(0.0);
                self.outbox.0.update(|v| *v += 1);
            }
            // Another attempt is running; it will settle.
            Err(sync::SyncError::Busy) => {}
            // Only an invite code helps; the join page runs the next attempt.
            // The sync may just have learnt that the token is gone or revoked.
            Err(sync::SyncError::NotJoined) => {
                self.device.0.set(crate::device::stored());
                self.outbox.0.update(|v| *v += 1);
            }
            Err(sync::SyncError::Server(e)) if e.code == "device_revoked" => {
                self.device.0.set(crate::device::stored());
                self.outbox.0.update(|v| *v += 1);
            }
            Err(_) => {
                let n = self.failures.get_value() + 1;
                self.failures.set_value(n);
                let delay = retry_delay_ms(n, js_sys::Math::random());
                self.retry_at
                    .set_value(js_sys::Date::now() + f64::from(delay));
                set_timeout(move || self.run(), Duration::from_millis(u64::from(delay)));
            }
        }
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_lang();
    let device = crate::device::provide_device();
    let update = UpdateAvailable(RwSignal::new(false));
    pwa::register_service_worker(update);
    // Asked at every start: the answer can change (e.g. once the app is
    // installed), and asking costs nothing when it is already granted.
    leptos::task::spawn_local(async {
        pwa::request_persistence().await;
    });
    let outbox = OutboxVersion(RwSignal::new(0));
    provide_context(outbox);

    // Send what is waiting: on start, whenever the connection returns, every
    // minute while online, and again after a failure with backoff.
    let control = SyncControl {
        outbox,
        device,
        failures: StoredValue::new(0),
        retry_at: StoredValue::new(0.0),
    };
    provide_context(control);
    leptos::task::spawn_local(async {
        let _ = crate::idb::drop_unused_photos().await;
    });
    control.run();
    let _online = window_event_listener(leptos::ev::online, move |_| control.run());
    let every_minute = set_interval_with_handle(
        move || {
            if window().navigator().on_line() && js_sys::Date::now() >= control.retry_at.get_value()
            {
                control.run();
            }
        },
        Duration::from_millis(u64::from(SYNC_EVERY_MS)),
    );
    on_cleanup(move || {
        if let Ok(handle) = every_minute {
            handle.clear();
        }
    });

    view! {
        <Router>
            <header class="topbar">
                <span class="brand">"Netral"</span>
                <span class="right">
                    <A href="/pengaturan" attr:class="about">{tr("Pengaturan", "Settings")}</A>
                    <LangToggle />
                </span>
            </header>
            <Show when=move || update.0.get()>
                <div class="update-banner" role="status">
                    <span>{tr("Versi baru tersedia.", "A new version is available.")}</span>
                    <button type="button" class="reload" on:click=|_| pwa::apply_update()>{tr("Muat ulang", "Reload")}</button>
                </div>
            </Show>
            <main>
                <Routes fallback=|| view! { <p class="empty">"404"</p> }>
                    <Route path=path!("/") view=MyReports />
                    <Route path=path!("/baru") view=NewReport />
                    <Route path=path!("/laporan/:id") view=EditReport />
                    <Route path=path!("/tentang") view=About />
                    <Route path=path!("/pengaturan") view=Settings />
                    <Route path=path!("/gabung") view=Join />
                </Routes>
            </main>
            <nav class="bottomnav">
                <A href="/baru">{tr("Laporan baru", "New report")}</A>
                <A href="/" exact=true>{tr("Laporan saya", "My reports")}</A>
            </nav>
        </Router>
    }
}
