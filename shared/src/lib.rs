//! The Netral domain, written once and compiled into both the WASM app and
//! the server: the report as a volunteer enters it, the catalogues it refers
//! to, the rules that decide whether it is well-formed, the deadline, and the
//! shapes exchanged by the sync protocol. Pure Rust, no I/O, so the same
//! rules run on a phone without signal and on the server.

pub mod accounts;
pub mod backup;
pub mod calendar;
pub mod cases;
pub mod catalogue;
pub mod chart_svg;
pub mod dashboard;
pub mod dates;
pub mod deadline;
pub mod error_code;
pub mod evidence_url;
pub mod holidays;
pub mod i18n;
pub mod match_keys;
pub mod media;
pub mod name_sound;
pub mod names;
pub mod nip;
pub mod numbers;
pub mod office;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod photo_hash;
pub mod problem;
pub mod public_stats;
pub mod regions;
pub mod report;
pub mod routing;
pub mod source_link;
pub mod sync;
pub mod validate;
pub mod violation_guide;
pub mod workflow;

pub use error_code::ErrorCode;
pub use i18n::{Lang, Text};
pub use problem::{Problem, ProblemCode, Severity, any_error};
pub use report::Report;
pub use validate::{Level, validate};
