//! The process's edges other than HTTP: the command line and what it runs
//! (`netral admin`, `import`, `backup`), logging, and the synthetic data
//! benchmarks and tests are fed with. Calls services and the store, never
//! HTTP code.

pub mod admin;
pub mod backup;
pub mod cli;
pub mod import;
mod messy;
pub mod synthetic;
pub mod telemetry;
