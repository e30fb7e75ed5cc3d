//! What a request or a command does, between the HTTP routes (or the
//! command line) and the store: sync a batch, sign in, create an invite,
//! validate a new user, keep the dashboard's case index. Nothing here knows
//! HTTP; failures are [`ServiceError`]s, which `http::error` maps to
//! statuses and the command line to messages.

pub mod case_index;
pub mod case_views;
pub mod credentials;
pub mod evidence;
pub mod grouping;
pub mod index_snapshot;
pub mod intake;
pub mod invites;
pub mod metrics;
pub mod public_stats;
pub mod qr;
pub mod sessions;
pub mod sync;
pub mod users;

use std::sync::Arc;

use netral_shared::Problem;

use crate::config::Limits;
use crate::store::evidence::{EvidenceError, EvidenceStore};
use crate::store::{Store, StoreError};

/// Everything a request handler or a service works with; one per replica.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub evidence: Arc<EvidenceStore>,
    pub metrics: Arc<metrics::Metrics>,
    pub auth: Arc<sessions::AuthState>,
    /// The server secret's subkeys: token hashes (`credentials::secret_hash`).
    pub keys: Arc<crate::keys::Keys>,
    /// This replica's view of the live cases for the dashboard; caught up
    /// from the database before each read (`case_views::caught_up`).
    pub facts: Arc<case_index::SharedIndex>,
    /// Quotas, time limits and sizes from the settings.
    pub limits: Arc<Limits>,
    /// The built-in days off with the deployment's changes: every deadline
    /// the server computes counts these.
    pub calendar: Arc<netral_shared::calendar::Calendar>,
    /// Whether the statistics are public, their settings, and the counts
    /// of the views asked for lately.
    pub public: Arc<public_stats::PublicStats>,
}

/// Why a service refused or failed; the HTTP layer maps each to a status.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("invalid input")]
    Invalid(Vec<Problem>),
    #[error("not found")]
    NotFound,
    #[error("no credentials")]
    Unauthenticated,
    #[error("unknown device token")]
    InvalidToken,
    #[error("the device was revoked")]
    DeviceRevoked,
    #[error("the session ended")]
    SessionExpired,
    #[error("not allowed for this caller")]
    Forbidden,
    #[error("rate limited for {0} s")]
    RateLimited(u64),
    /// The device used up its evidence quota for the day; it may try again
    /// after this many seconds.
    #[error("evidence quota used up for {0} s")]
    EvidenceQuota(u64),
    #[error(transparent)]
    Evidence(#[from] EvidenceError),
    #[error(transparent)]
    Store(#[from] StoreError),
}
