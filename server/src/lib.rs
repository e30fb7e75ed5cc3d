//! The Netral server as a library, so integration tests start the same
//! application the binary runs (on port 0, with a throwaway database).
//!
//! Layers, each importing only those below it (ARCHITECTURE.md, Layers):
//! `ops` (the command line) and `http` (routes) → `services` (what a
//! request or command does) → `store` (persistence) → `config`, `keys`
//! (the server secret) and the pure domain in `netral_shared`. `startup` wires them together.

// Here rather than in main.rs, so that the tests and the benchmarks run on
// the allocator the server runs on.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod config;
pub mod http;
pub mod keys;
pub mod ops;
pub mod services;
pub mod startup;
pub mod store;
