//! A finding as the volunteer enters it. Every field keeps the raw input, so
//! a half-typed NIP survives in a draft; [`crate::validate`] parses the
//! values into the domain newtypes and says what is wrong or missing.
//!
//! `#[serde(default)]` everywhere: a draft may lack anything, and an older
//! draft still loads after a field is added.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::catalogue::{
    ElectionKind, ElectionStage, Platform, PositionClass, SourceKind, SubjectType, ViolationCode,
};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Report {
    /// Made on the device (UUIDv7) and never changed: the idempotency key.
    pub id: Uuid,
    /// Bumped by the device each time an edited report is sent again, so the
    /// server can tell a new version from a replay.
    pub revision: u32,
    pub terlapor: Terlapor,
    pub place: Place,
    /// When it happened: `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`, local time at the place.
    pub occurred_at: String,
    /// When it became known to the volunteer; the deadline runs from here.
    pub known_at: String,
    pub election: Election,
    pub violations: Vec<ViolationCode>,
    /// Required when `violations` holds `lainnya`.
    pub violation_other: String,
    /// Uraian kejadian.
    pub description: String,
    /// Candidate or party who benefits, if known.
    pub beneficiary: String,
    pub witnesses: String,
    pub source: Source,
    pub evidence_links: Vec<String>,
    pub photos: Vec<PhotoRef>,
    /// The volunteer's identity; the server stores it apart from the finding.
    pub reporter: Reporter,
}

impl Report {
    pub fn new(id: Uuid) -> Report {
        Report {
            id,
            revision: 1,
            ..Report::default()
        }
    }

    /// A complete report, valid at the `Ready` level (a camat in Surabaya
    /// photographed with a candidate): the one fixture tests, benchmarks
    /// and examples start from.
    pub fn example(id: Uuid) -> Report {
        let mut r = Report::new(id);
        r.terlapor.name = "Drs. H. Ahmad Fauzi, M.Si.".into();
        r.terlapor.position = "Camat Tegalsari".into();
        r.place.province = "35".into();
        r.place.regency = "35.78".into();
        r.occurred_at = "2024-11-20T09:30".into();
        r.known_at = "2024-11-20".into();
        r.election.kind = Some(ElectionKind::PilkadaWaliKota);
        r.violations = vec![ViolationCode::MedsosFoto];
        r.description = "Berfoto bersama calon wali kota sambil mengacungkan dua jari.".into();
        r.source.kind = Some(SourceKind::MediaSosial);
        r.reporter.name = "Siti Aminah".into();
        r.reporter.address = "Jl. Darmo 1, Surabaya".into();
        r
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Terlapor {
    /// As written, titles allowed ("Drs. H. Ahmad Fauzi, M.Si.").
    pub name: String,
    pub subject_type: Option<SubjectType>,
    pub position_class: Option<PositionClass>,
    /// Free text: camat, guru, kepala sekolah…
    pub position: String,
    /// Instansi/OPD.
    pub agency: String,
    /// Optional; never the NIK.
    pub nip: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Place {
    /// Province code, e.g. `35`.
    pub province: String,
    /// Kabupaten/kota code, e.g. `35.78`.
    pub regency: String,
    pub description: String,
    pub gps: Option<Gps>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Gps {
    pub lat: f64,
    pub lon: f64,
    /// Metres, as the browser reports it.
    pub accuracy_m: Option<f64>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Election {
    pub kind: Option<ElectionKind>,
    pub stage: Option<ElectionStage>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Source {
    pub kind: Option<SourceKind>,
    /// Social media only.
    pub platform: Option<Platform>,
    /// The post or article.
    pub url: String,
    /// Social media: the account that posted.
    pub account: String,
    /// Online news: the outlet.
    pub outlet: String,
}

/// The largest photo file a volunteer may pick; it is downscaled on the
/// device before upload, so this bounds only the work the phone does.
pub const MAX_ORIGINAL_PHOTO_BYTES: u64 = 30 * 1024 * 1024;

/// A photo or screenshot, by content. The bytes travel separately
/// (`PUT /api/v1/evidence/{sha256}`), so a retry never sends a report twice
/// and a photo shared by two reports is stored once.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PhotoRef {
    /// SHA-256 (hex) of the file as uploaded (downscaled JPEG).
    pub sha256: String,
    /// SHA-256 (hex) of the original file on the device.
    pub original_sha256: String,
    pub captured_at: String,
    pub bytes: u64,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Reporter {
    pub name: String,
    pub contact: String,
    pub address: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_object_is_a_draft() {
        let r: Report = serde_json::from_str("{}").unwrap();
        assert_eq!(r, Report::default());
    }

    #[test]
    fn round_trips_through_json() {
        let mut r = Report::new(Uuid::from_u128(7));
        r.terlapor.name = "Drs. H. Ahmad Fauzi, M.Si.".into();
        r.violations = vec![ViolationCode::MedsosFoto];
        r.place.gps = Some(Gps {
            lat: -7.25,
            lon: 112.75,
            accuracy_m: Some(12.0),
        });
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.contains("\"medsos_foto\""));
        assert_eq!(serde_json::from_str::<Report>(&json).unwrap(), r);
    }
}
