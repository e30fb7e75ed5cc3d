//! The Netral server as a library, so integration tests start the same
//! application the binary runs (on port 0, with a throwaway database).

pub mod accounts;
pub mod admin_cli;
pub mod audit;
pub mod auth;
pub mod config;
pub mod error;
pub mod evidence;
pub mod extract;
pub mod grouping;
pub mod ingest;
pub mod routes;
pub mod security;
pub mod startup;
pub mod store;
pub mod synthetic;
pub mod telemetry;
