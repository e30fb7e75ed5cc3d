//! A finding as the volunteer enters it. Every field keeps the raw input, so
//! a half-typed NIP survives in a draft; [`crate::validate`] parses the
//! values into the domain newtypes and says what is wrong or missing.
//!
//! `#[serde(default)]` everywhere: a draft may lack anything, and an older
//! draft still loads after a field is added. The API's schema (the
//! `openapi` feature) describes instead what the server takes: what a stored
//! report needs is `required`, and the rules of [`crate::validate`] that JSON
//! Schema can state are there too (lengths, counts, ranges, patterns).

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
    /// Not the nil UUID.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub id: Uuid,
    /// Bumped by the device each time an edited report is sent again, so the
    /// server can tell a new version from a replay. From 1.
    #[cfg_attr(feature = "openapi", schema(required = true, value_type = u64, minimum = 1, maximum = 4_294_967_295_u64))]
    pub revision: u32,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub terlapor: Terlapor,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub place: Place,
    /// When it happened: `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` (or `…:SS`), local
    /// time at the place; not after today in WIT (UTC+9).
    #[cfg_attr(
        feature = "openapi",
        schema(
            required = true,
            pattern = r"^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?)?[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
        )
    )]
    pub occurred_at: String,
    /// When it became known to the volunteer; the deadline runs from here.
    /// As `occurred_at`, and not before it.
    #[cfg_attr(
        feature = "openapi",
        schema(
            required = true,
            pattern = r"^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?)?[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
        )
    )]
    pub known_at: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub election: Election,
    /// At least one, each once.
    #[cfg_attr(feature = "openapi", schema(required = true, min_items = 1, value_type = std::collections::BTreeSet<ViolationCode>))]
    pub violations: Vec<ViolationCode>,
    /// Required when `violations` holds `lainnya`.
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub violation_other: String,
    /// Uraian kejadian: at least 20 characters besides surrounding spaces.
    #[cfg_attr(
        feature = "openapi",
        schema(required = true, min_length = 20, max_length = 5000)
    )]
    pub description: String,
    /// Candidate or party who benefits, if known.
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub beneficiary: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub witnesses: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub source: Source,
    /// Links to posts or articles: http(s), with a host.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::evidence_links))]
    pub evidence_links: Vec<String>,
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub photos: Vec<PhotoRef>,
    /// Screen recordings and clips, uploaded like photos. Left out of the
    /// JSON when empty, so a report stored before videos existed keeps its
    /// fingerprint and its replay is still recognised.
    #[cfg_attr(feature = "openapi", schema(max_items = 5))]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub videos: Vec<VideoRef>,
    /// The volunteer's identity; the server stores it apart from the finding.
    pub reporter: Reporter,
    /// The coalition (a coordinator) files as pelapor, not the volunteer:
    /// `reporter` is not sent (the device keeps what was typed). The server
    /// also sets it when the reporter's name or address is blank, so a
    /// stored report says whether its pelapor is still to be named.
    pub coalition_is_pelapor: bool,
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

    /// The report as it leaves the device and as the server stores it: a
    /// hidden identity dropped, and an incomplete one (no name or no
    /// address, which a formal filing needs) marked as the coalition's to
    /// complete. The contact of an incomplete identity stays: a coordinator
    /// may still ask the volunteer.
    pub fn with_identity_settled(mut self) -> Report {
        if self.coalition_is_pelapor {
            self.reporter = Reporter::default();
        } else if self.reporter.name.trim().is_empty() || self.reporter.address.trim().is_empty() {
            self.coalition_is_pelapor = true;
        }
        self
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Terlapor {
    /// As written, titles allowed ("Drs. H. Ahmad Fauzi, M.Si."). Required
    /// (not blank).
    #[cfg_attr(
        feature = "openapi",
        schema(required = true, min_length = 1, max_length = 200)
    )]
    pub name: String,
    pub subject_type: Option<SubjectType>,
    pub position_class: Option<PositionClass>,
    /// Free text: camat, guru, kepala sekolah…
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub position: String,
    /// Instansi/OPD.
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub agency: String,
    /// Optional; never the NIK. A PNS NIP (birth date, appointment month,
    /// sex 1 or 2, sequence: `19660801 198803 1 001`) or an NI PPPK
    /// (`19850512 2021 21 1 003`); spaces, dots and dashes between the
    /// digits ignored. Any other text is accepted with a warning
    /// (`nip_unrecognised`) and kept as typed, but never joins reports.
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub nip: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Place {
    /// Province code, e.g. `35`.
    #[cfg_attr(
        feature = "openapi",
        schema(
            required = true,
            pattern = r"^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[0-9]{2}[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
        )
    )]
    pub province: String,
    /// Kabupaten/kota code in that province, e.g. `35.78`.
    #[cfg_attr(
        feature = "openapi",
        schema(
            required = true,
            pattern = r"^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[0-9]{2}\.[0-9]{2}[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
        )
    )]
    pub regency: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub description: String,
    pub gps: Option<Gps>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Gps {
    #[cfg_attr(feature = "openapi", schema(minimum = -90, maximum = 90))]
    pub lat: f64,
    #[cfg_attr(feature = "openapi", schema(minimum = -180, maximum = 180))]
    pub lon: f64,
    /// Metres, as the browser reports it.
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub accuracy_m: Option<f64>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Election {
    /// Required: the deadline depends on it.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub kind: Option<ElectionKind>,
    pub stage: Option<ElectionStage>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Source {
    /// Required.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub kind: Option<SourceKind>,
    /// Social media only.
    pub platform: Option<Platform>,
    /// The post or article: empty, or an http(s) link.
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*([Hh][Tt][Tt][Pp][Ss]?://[^\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*)?$"
        )
    )]
    pub url: String,
    /// Social media: the account that posted.
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub account: String,
    /// Online news: the outlet.
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
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
    #[cfg_attr(
        feature = "openapi",
        schema(required = true, pattern = "^[0-9a-f]{64}$")
    )]
    pub sha256: String,
    /// SHA-256 (hex) of the original file on the device.
    #[cfg_attr(
        feature = "openapi",
        schema(required = true, pattern = "^[0-9a-f]{64}$")
    )]
    pub original_sha256: String,
    pub captured_at: String,
    pub bytes: u64,
    /// The picture's perceptual hash ([`crate::photo_hash::PhotoHash`], 16
    /// hex digits), empty when the device did not compute one. Left out of
    /// the JSON when empty, so a report stored before the field existed
    /// keeps its fingerprint and its replay is still recognised.
    #[cfg_attr(feature = "openapi", schema(pattern = "^([0-9a-f]{16})?$"))]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub dhash: String,
}

/// A screen recording or a short clip, by content, as sent: videos are not
/// re-encoded on the phone (that would take minutes and change what the
/// volunteer saw). The bytes travel like a photo's.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct VideoRef {
    /// SHA-256 (hex) of the file.
    #[cfg_attr(
        feature = "openapi",
        schema(required = true, pattern = "^[0-9a-f]{64}$")
    )]
    pub sha256: String,
    /// `video/mp4` or `video/webm`, as sniffed on the phone
    /// ([`crate::media::MediaType`]); the server sniffs again.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub media_type: String,
    /// At most [`crate::media::MAX_VIDEO_BYTES`].
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub bytes: u64,
    pub captured_at: String,
}

impl Report {
    /// The SHA-256 of every evidence file the report names (photos, as sent
    /// and as on the device, and videos): what the phone must keep, upload,
    /// back up and may delete with it.
    pub fn evidence_files(&self) -> impl Iterator<Item = &str> {
        self.photos
            .iter()
            .flat_map(|p| [p.sha256.as_str(), p.original_sha256.as_str()])
            .chain(self.videos.iter().map(|v| v.sha256.as_str()))
            .filter(|s| !s.is_empty())
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Reporter {
    /// Needed for a formal filing, not to send (see
    /// `Report::coalition_is_pelapor`). Empty wherever the server shows a
    /// report back: the identity is stored apart.
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub contact: String,
    /// As `name`.
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
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

    #[test]
    fn a_hidden_identity_is_not_sent_and_an_incomplete_one_is_marked() {
        let full = Report::example(Uuid::from_u128(7));
        assert_eq!(full.clone().with_identity_settled(), full);

        let mut hidden = full.clone();
        hidden.coalition_is_pelapor = true;
        let sent = hidden.with_identity_settled();
        assert_eq!(sent.reporter, Reporter::default());
        assert!(sent.coalition_is_pelapor);

        let mut no_address = full;
        no_address.reporter.address = " ".into();
        no_address.reporter.contact = "0812".into();
        let sent = no_address.clone().with_identity_settled();
        assert!(sent.coalition_is_pelapor);
        assert_eq!(sent.reporter, no_address.reporter, "nothing typed is lost");
    }
}
