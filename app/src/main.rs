//! The Netral app: Leptos CSR, compiled to WASM by Trunk.

// Shared with the dashboard: see lib.rs.
pub(crate) use netral_app::{http, i18n, today};

// Pure, and also compiled into the lib for host tests: see lib.rs.
mod local;
mod outbox;

mod app;
mod backup;
mod calendar;
mod device;
mod fields;
mod gps;
mod idb;
mod pages;
mod perf;
mod photos;
mod pwa;
mod remembered;
mod router;
mod sync;

fn main() {
    console_error_panic_hook::set_once();
    // index.html's static first screen: gone in the same task the app
    // mounts, so the page is never without a first screen, nor with two.
    if let Some(shell) = leptos::prelude::document().get_element_by_id("shell") {
        shell.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
