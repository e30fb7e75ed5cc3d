//! A validated report as the store writes it: the finding's JSON without
//! the reporter and the witnesses, those apart (sealed when written), and the columns and match keys derived
//! from it (by `services::intake`).

use netral_shared::report::Reporter;
use time::Date;
use uuid::Uuid;

/// A validated report, ready to store.
#[derive(Clone, Debug)]
pub struct Incoming {
    pub id: Uuid,
    pub revision: u32,
    /// SHA-256 of the canonical JSON of the whole report, reporter included.
    pub content_hash: [u8; 32],
    /// The finding without the reporter's identity, which is stored apart.
    pub body: String,
    pub reporter: Reporter,
    /// The witnesses, also taken out of `body`: sealed with the reporter.
    pub witnesses: String,
    pub province: String,
    pub regency: String,
    pub occurred_on: Date,
    pub known_on: Date,
    pub terlapor_name: String,
    /// Normalised for matching (see `shared::names`).
    pub name_norm: String,
    /// A recognised PNS NIP or NI PPPK (18 digits), the only kind that may
    /// join reports; an unrecognised number stays in `body` as typed.
    pub nip: Option<String>,
    /// What validation doubted but let through, said back to the device.
    pub warnings: Vec<netral_shared::Problem>,
    /// Violation codes, comma-separated.
    pub violations: String,
    /// The report's own match keys, stored for later reports to find.
    pub keys: Vec<String>,
    /// What to look up: its keys, and its fuzzy keys over its day window
    /// (`shared::match_keys::lookup_keys`).
    pub lookup_keys: Vec<String>,
    /// Perceptual hashes of its photos, comma-separated (matched when a
    /// `dhash:` band is shared).
    pub photo_dhashes: String,
    /// Catalogue codes the dashboard filters on, '' when not given.
    pub source_kind: &'static str,
    pub platform: &'static str,
    pub position_class: &'static str,
    pub election_kind: &'static str,
    /// The terlapor's agency, position and the place, as written (for the
    /// search text, the canonical summary and exports).
    pub agency: String,
    pub position: String,
    pub place: String,
    /// The device that sent it (`None`: imported, or a benchmark); set by
    /// the sync route after parsing, recorded when the report is first stored.
    pub device_id: Option<i64>,
}

impl Incoming {
    /// What matching weighs of this report (`shared::match_keys::judge`).
    pub fn facts(&self) -> netral_shared::match_keys::Facts<'_> {
        netral_shared::match_keys::Facts {
            nip: self.nip.as_deref(),
            name: &self.name_norm,
            position: &self.position,
            agency: &self.agency,
            violations: &self.violations,
            photo_hashes: &self.photo_dhashes,
            date: self.occurred_on,
        }
    }
}
