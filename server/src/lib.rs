//! The Netral server as a library, so integration tests start the same
//! application the binary runs (on port 0, with a throwaway database).

pub mod accounts;
pub mod admin_cli;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod batch;
pub mod cli;
pub mod config;
pub mod dashboard;
pub mod error;
pub mod evidence;
pub mod extract;
pub mod facts;
pub mod grouping;
pub mod import;
pub mod ingest;
pub mod metrics;
pub mod qr;
pub mod routes;
pub mod security;
pub mod startup;
pub mod store;
pub mod synthetic;
pub mod telemetry;
