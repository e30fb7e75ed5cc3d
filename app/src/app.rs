//! The shell: header with the language switch, the pages, and a bottom
//! navigation within reach of a thumb.

use std::time::Duration;

use leptos::prelude::*;
use netral_shared::sync::SYNC_EVERY_MS;

use crate::i18n::{LangToggle, provide_lang, tr};
use crate::outbox::{AfterSync, Backoff};
use crate::pages::{About, EditReport, Join, MyReports, NewReport, Settings, Share};
use crate::pwa::{self, UpdateAvailable};
use crate::router::{self, Link};
use crate::sync;

/// Bumped whenever the outbox changed behind a page's back (a background
/// sync finished), so lists re-read IndexedDB.
#[derive(Clone, Copy)]
pub struct OutboxVersion(pub RwSignal<u32>);

/// Runs syncs in the background and retries failures with growing,
/// jittered delays (see [`Backoff`]), so the queue never stalls until a
/// reload. Pages that send by themselves hand their failures here.
#[derive(Clone, Copy)]
pub struct SyncControl {
    outbox: OutboxVersion,
    device: crate::device::DeviceState,
    backoff: StoredValue<Backoff>,
}

impl SyncControl {
    /// One attempt now.
    pub fn run(self) {
        leptos::task::spawn_local(async move {
            let result = sync::send_outbox().await;
            self.settle(&result);
        });
    }

    /// Records how an attempt ended, and does what follows from it.
    pub fn settle(self, result: &Result<sync::Summary, sync::SyncError>) {
        let mut backoff = self.backoff.get_value();
        let next = backoff.settle(result, js_sys::Date::now(), js_sys::Math::random());
        self.backoff.set_value(backoff);
        match next {
            AfterSync::Refresh => self.outbox.0.update(|v| *v += 1),
            AfterSync::Membership => {
                self.device.0.set(crate::device::stored());
                self.outbox.0.update(|v| *v += 1);
            }
            AfterSync::Nothing => {}
            AfterSync::RetryIn(delay) => {
                set_timeout(move || self.run(), Duration::from_millis(u64::from(delay)));
            }
        }
    }

    /// Whether the backoff allows a background attempt now.
    fn due(self) -> bool {
        self.backoff.with_value(|b| b.due(js_sys::Date::now()))
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
        backoff: StoredValue::new(Backoff::default()),
    };
    provide_context(control);
    leptos::task::spawn_local(async {
        let _ = crate::idb::drop_unused_photos().await;
    });
    control.run();
    let _online = window_event_listener(leptos::ev::online, move |_| control.run());
    let every_minute = set_interval_with_handle(
        move || {
            if window().navigator().on_line() && control.due() {
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

    let location = router::provide_location();
    // A memo, so that a page is made again only when the path changes.
    let path = Memo::new(move |_| location.path());
    let page = move || {
        let path = path.get();
        match path.as_str() {
            "/" => view! { <MyReports /> }.into_any(),
            "/baru" => view! { <NewReport /> }.into_any(),
            "/tentang" => view! { <About /> }.into_any(),
            "/pengaturan" => view! { <Settings /> }.into_any(),
            "/gabung" => view! { <Join /> }.into_any(),
            "/bagikan" => view! { <Share /> }.into_any(),
            other => match other
                .strip_prefix("/laporan/")
                .filter(|id| !id.contains('/'))
            {
                Some(id) => view! { <EditReport id=id.to_owned() /> }.into_any(),
                None => view! { <p class="empty">"404"</p> }.into_any(),
            },
        }
    };

    view! {
        <header class="topbar">
            <span class="brand">"Netral"</span>
            <span class="right">
                <Link href="/pengaturan" class="about">{tr("Pengaturan", "Settings")}</Link>
                <LangToggle />
            </span>
        </header>
        <Show when=move || update.0.get()>
            <div class="update-banner" role="status">
                <span>{tr("Versi baru tersedia.", "A new version is available.")}</span>
                <button type="button" class="reload" on:click=|_| pwa::apply_update()>{tr("Muat ulang", "Reload")}</button>
            </div>
        </Show>
        <main>{page}</main>
        <nav class="bottomnav">
            <Link href="/baru">{tr("Laporan baru", "New report")}</Link>
            <Link href="/" exact=true>{tr("Laporan saya", "My reports")}</Link>
        </nav>
    }
}
