//! What the volunteers' app and the coordinators' dashboard share: the
//! language choice and the API requests. Each app is its own WASM bundle
//! (`src/main.rs` and `src/bin/dasbor/main.rs`), so a volunteer's phone
//! never downloads the dashboard.

pub mod http;
pub mod i18n;
