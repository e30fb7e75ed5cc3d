//! The sync protocol between a device and the server (`/api/v1`).
//!
//! A device sends its outbox as a batch (`POST /api/v1/sync`). Each report
//! carries its client-made id and a revision; the server answers per report,
//! only after its transaction has committed, so an answer received is an
//! answer stored. Replaying a batch is harmless: a report already stored with
//! the same content comes back as [`Outcome::Replayed`].

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::i18n::Message;
use crate::problem::Problem;

pub const API_PREFIX: &str = "/api/v1";
pub const MAX_BATCH: usize = 500;

/// How often a device syncs while online, even when nothing told it to.
pub const SYNC_EVERY_MS: u32 = 60_000;
const RETRY_FIRST_MS: u32 = 2_000;
const RETRY_MAX_MS: u32 = 5 * 60_000;

/// Delay before retry number `failures` (1, 2, …) after failed syncs:
/// doubling from 2 s up to 5 min, with "full jitter" (a uniform share of it,
/// from `random` in [0, 1)) so phones that regain signal together, after a
/// server restart say, do not all retry in the same second.
pub fn retry_delay_ms(failures: u32, random: f64) -> u32 {
    let ceiling = RETRY_FIRST_MS
        .saturating_mul(1 << failures.clamp(1, 16).saturating_sub(1))
        .min(RETRY_MAX_MS);
    let share = random.clamp(0.0, 1.0);
    // Never less than half a second: an immediate retry only adds load.
    ((f64::from(ceiling) * share) as u32).max(500)
}

/// `R` is [`crate::Report`] on the device; the server reads each element as
/// raw JSON first, so one malformed report is rejected alone.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SyncRequest<R> {
    /// At most 500 (413 beyond). Each is answered on its own in the
    /// response: one that is not a valid report is `rejected` with its
    /// problems, the others are still stored.
    #[cfg_attr(feature = "openapi", schema(max_items = 500))]
    pub reports: Vec<R>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SyncResponse {
    /// One entry per report of the request, in the same order.
    pub results: Vec<ReportResult>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportResult {
    /// `None` only when the element was not a readable report at all.
    pub id: Option<Uuid>,
    pub revision: u32,
    pub outcome: Outcome,
    /// Why a report was rejected, field by field; for a stored one, the
    /// warnings (`severity: warning`) it was stored with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Stored: a new report, or a new revision of one.
    Accepted,
    /// The server already had exactly this revision and content.
    Replayed,
    /// The server already has a newer revision of this report (sent from
    /// another device after an import); nothing was changed.
    Stale,
    /// Not stored; see `problems`.
    Rejected,
}

impl Outcome {
    /// The device may consider the revision it sent as safely on the server.
    pub fn is_acknowledged(self) -> bool {
        !matches!(self, Outcome::Rejected)
    }
}

/// The body of every error response: a stable machine code and a message in
/// both languages; `problems` for validation errors.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: crate::ErrorCode,
    pub message: Message,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
}

/// What the server says about one stored report.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredReport {
    pub id: Uuid,
    pub revision: u32,
    /// How many revisions the server keeps (1 for a report never edited).
    pub versions: u32,
    pub received_at: String,
    pub updated_at: String,
    /// The case the report was grouped into.
    pub case_id: Option<i64>,
    /// The sending device's pseudonym (`Relawan-7F3K`), never the reporter's
    /// identity; `None` for reports from before accounts.
    #[serde(default)]
    pub pseudonym: Option<String>,
}

/// `POST /api/v1/reports/status`: a device asks where its reports stand.
/// It names its reports and the cursor of its last pull; only what changed
/// since comes back, and only for reports this device sent (others' ids are
/// left out as if unknown).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatusRequest {
    /// At most 500 (413 beyond).
    #[cfg_attr(feature = "openapi", schema(max_items = 500))]
    pub ids: Vec<Uuid>,
    #[serde(default)]
    pub since: i64,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatusResponse {
    pub reports: Vec<ReportStatus>,
    /// Send back as `since` next time.
    pub cursor: i64,
}

/// The server-side state of one report, for "Laporan saya".
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportStatus {
    pub id: Uuid,
    pub revision: u32,
    pub case_id: i64,
    /// The case's workflow status (`baru`, `diverifikasi`, …).
    pub case_status: crate::workflow::CaseStatus,
    /// How many reports the case holds: more than one means "digabung".
    pub case_reports: u32,
    /// When this report or its case last changed (unix ms).
    pub changed_at: i64,
    /// Where coordinators forwarded its case: "diteruskan ke Bawaslu".
    #[serde(default)]
    pub forwarded_to: Vec<crate::workflow::Agency>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_with_jitter_up_to_five_minutes() {
        assert_eq!(retry_delay_ms(1, 0.999_999), 1_999);
        assert_eq!(retry_delay_ms(2, 0.5), 2_000);
        assert_eq!(retry_delay_ms(3, 0.999_999), 7_999);
        assert_eq!(retry_delay_ms(30, 0.999_999), 299_999);
        assert_eq!(retry_delay_ms(0, 0.0), 500);
        assert_eq!(retry_delay_ms(5, 0.0), 500);
        // Jitter spreads retries over the whole window.
        let spread: Vec<u32> = [0.1, 0.4, 0.7]
            .iter()
            .map(|r| retry_delay_ms(6, *r))
            .collect();
        assert_eq!(spread, vec![6_400, 25_600, 44_800]);
    }
}
