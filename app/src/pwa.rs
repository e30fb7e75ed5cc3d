//! The service worker that keeps the app usable without signal, the
//! "new version" banner, and persistent storage.
//!
//! A new build's worker installs in the background and then waits; the
//! page shows "Versi baru tersedia" and the worker takes over only when the
//! volunteer taps reload, so a form is never swapped under their fingers.

use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerRegistration, ServiceWorkerState};

/// How often an open app asks the server whether a new build exists.
const UPDATE_CHECK_MS: i32 = 30 * 60 * 1000;

thread_local! {
    static REGISTRATION: RefCell<Option<ServiceWorkerRegistration>> = const { RefCell::new(None) };
    /// Set when the volunteer asked for the new version, so the first
    /// activation (which also changes the controller) does not reload.
    static RELOAD_ON_CHANGE: Cell<bool> = const { Cell::new(false) };
}

/// Whether a new version is installed and waiting; the banner shows it.
#[derive(Clone, Copy)]
pub struct UpdateAvailable(pub RwSignal<bool>);

fn has_service_worker(window: &web_sys::Window) -> bool {
    // Not every browser (or an insecure origin) has service workers; the
    // app still works online there.
    js_sys::Reflect::has(&window.navigator(), &JsValue::from_str("serviceWorker")).unwrap_or(false)
}

pub fn register_service_worker(update: UpdateAvailable) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if !has_service_worker(&window) {
        return;
    }
    let container = window.navigator().service_worker();
    let on_change = Closure::<dyn FnMut()>::new(move || {
        if RELOAD_ON_CHANGE.get() {
            let _ = web_sys::window().map(|w| w.location().reload());
        }
    });
    container.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();

    let registering = container.register("/sw.js");
    leptos::task::spawn_local(async move {
        let Ok(reg) = JsFuture::from(registering).await else {
            return;
        };
        let reg: ServiceWorkerRegistration = reg.unchecked_into();
        let controlled = || {
            web_sys::window()
                .and_then(|w| w.navigator().service_worker().controller())
                .is_some()
        };
        if reg.waiting().is_some() && controlled() {
            update.0.set(true);
        }
        let reg_for_found = reg.clone();
        let on_found = Closure::<dyn FnMut()>::new(move || {
            let Some(installing) = reg_for_found.installing() else {
                return;
            };
            let worker = installing.clone();
            let on_state = Closure::<dyn FnMut()>::new(move || {
                // With no controller this is the first install, not an update.
                if worker.state() == ServiceWorkerState::Installed && controlled() {
                    update.0.set(true);
                }
            });
            installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        });
        reg.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
        on_found.forget();
        REGISTRATION.with(|r| *r.borrow_mut() = Some(reg));
    });

    let check = Closure::<dyn FnMut()>::new(check_for_update);
    let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
        check.as_ref().unchecked_ref(),
        UPDATE_CHECK_MS,
    );
    check.forget();
}

/// Asks the server for a newer service worker now.
pub fn check_for_update() {
    REGISTRATION.with(|r| {
        if let Some(reg) = r.borrow().as_ref()
            && let Ok(p) = reg.update()
        {
            // A failed check (offline) is retried at the next interval.
            leptos::task::spawn_local(async move {
                let _ = JsFuture::from(p).await;
            });
        }
    });
}

/// Lets the waiting version take over; the page reloads when it has.
pub fn apply_update() {
    RELOAD_ON_CHANGE.set(true);
    let waiting = REGISTRATION.with(|r| r.borrow().as_ref().and_then(|r| r.waiting()));
    match waiting {
        Some(worker) => {
            let _ = worker.post_message(&JsValue::from_str("skip-waiting"));
        }
        None => {
            let _ = web_sys::window().map(|w| w.location().reload());
        }
    }
}

/// What the browser says about this app's storage.
#[derive(Clone, Debug, PartialEq)]
pub struct StorageInfo {
    /// Whether the browser promised not to evict the data under pressure.
    pub persisted: bool,
    pub usage_bytes: f64,
    pub quota_bytes: f64,
}

fn storage() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    js_sys::Reflect::has(&navigator, &JsValue::from_str("storage"))
        .unwrap_or(false)
        .then(|| navigator.storage())
}

/// Asks the browser to keep the drafts and photos even when space runs
/// low. Chromium decides by itself (an installed app is granted); the
/// answer is shown in Settings.
pub async fn request_persistence() -> bool {
    let Some(storage) = storage() else {
        return false;
    };
    match storage.persist() {
        Ok(p) => JsFuture::from(p)
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        Err(_) => false,
    }
}

pub async fn storage_info() -> Option<StorageInfo> {
    let storage = storage()?;
    let persisted = JsFuture::from(storage.persisted().ok()?)
        .await
        .ok()?
        .as_bool()
        .unwrap_or(false);
    let estimate = JsFuture::from(storage.estimate().ok()?).await.ok()?;
    let number = |key: &str| {
        js_sys::Reflect::get(&estimate, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0)
    };
    Some(StorageInfo {
        persisted,
        usage_bytes: number("usage"),
        quota_bytes: number("quota"),
    })
}
