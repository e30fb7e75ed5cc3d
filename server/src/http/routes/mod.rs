//! One module per group of API routes; `http::api_table` lists them all.

pub mod admin;
pub mod app_files;
pub mod calendar;
pub mod cases;
pub mod evidence;
pub mod export;
pub mod health;
pub mod invites;
pub mod metrics;
pub mod openapi;
pub mod overview;
pub mod public;
pub mod reports;
pub mod sign_in;
pub mod sync;
pub mod workflow;
