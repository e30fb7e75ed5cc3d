//! The Netral app: Leptos CSR, compiled to WASM by Trunk.

// Shared with the dashboard: see lib.rs.
pub(crate) use netral_app::{http, i18n};

mod app;
mod backup;
mod device;
mod fields;
mod gps;
mod idb;
mod local;
mod pages;
mod perf;
mod photos;
mod pwa;
mod sync;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}

/// Today on this device, for "not in the future" checks and countdowns.
pub fn today() -> time::Date {
    let now = js_sys::Date::new_0();
    let month = time::Month::try_from(now.get_month() as u8 + 1).unwrap_or(time::Month::January);
    time::Date::from_calendar_date(now.get_full_year() as i32, month, now.get_date() as u8)
        .unwrap_or(time::Date::MIN)
}
