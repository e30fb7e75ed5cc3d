//! What the volunteers' app and the coordinators' dashboard share: the
//! language choice and its toggle, the API requests, today's date. Each app
//! is its own WASM bundle (`src/main.rs` and `src/bin/dasbor/main.rs`), so a
//! volunteer's phone never downloads the dashboard.
//!
//! The volunteers' app's core, pure Rust, is here too when testing, so that
//! `cargo test -p netral-app --lib` runs it on the host: `local` (a stored
//! report and its merge with an edit), `outbox` (what is sent, and what
//! each answer does) and `router` (which link is the current page). Only
//! then: the volunteers' binary compiles the same
//! files as its own modules, because code split between this crate and the
//! binary's gets the inlined and generic code both use (a `Report`'s clone,
//! drop, comparison) twice in the WASM, about 1 KB compressed.

pub mod http;
pub mod i18n;
#[cfg(test)]
pub mod local;
#[cfg(test)]
pub mod outbox;
#[cfg(test)]
pub mod router;

/// Today on this device, for "not in the future" checks and countdowns.
pub fn today() -> time::Date {
    let now = js_sys::Date::new_0();
    let month = time::Month::try_from(now.get_month() as u8 + 1).unwrap_or(time::Month::January);
    time::Date::from_calendar_date(now.get_full_year() as i32, month, now.get_date() as u8)
        .unwrap_or(time::Date::MIN)
}
