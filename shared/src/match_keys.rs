//! Keys under which two reports may be about the same finding. The server
//! indexes every key of every report; a new report sharing a key with an
//! existing one is offered as a possible duplicate (the coordinator
//! decides). The app computes the same keys offline to warn a volunteer
//! before sending.
//!
//! Strength, strongest first:
//! - `url:` the canonical evidence link ([`EvidenceUrl`]): the same post;
//! - `photo:` the SHA-256 of a photo, as uploaded or as on the device: the
//!   same file;
//! - `nip:` the same civil servant on the same day, by a recognised PNS NIP
//!   or NI PPPK only: a partial or mistyped number would join strangers;
//! - `name:` the same normalised name ([`normalize_person_name`]) in the same
//!   kabupaten/kota on the same day: weak, two people may share a name.
//!
//! Dates are the day the violation occurred, local time at the place. A
//! report entered a day off (a post seen after midnight) is caught by the
//! caller looking the name up on the neighbouring days too:
//! [`name_keys_for_lookup`] gives the three keys; each report still stores
//! only the key of its own date, so a pair is found from either side.

use time::Date;

use crate::Text;
use crate::evidence_url::EvidenceUrl;
use crate::names::normalize_person_name;
use crate::regions::RegencyCode;
use crate::validate::{ReadyReport, is_sha256_hex};

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MatchKey {
    /// A canonical link, [`EvidenceUrl::as_str`].
    EvidenceUrl(String),
    /// 64 lower-case hex digits.
    PhotoSha256(String),
    /// 18 digits, no spaces: a PNS NIP or an NI PPPK.
    NipDate { nip: String, date: Date },
    /// A normalised name and a `PP.RR` code.
    NameRegionDate {
        name: String,
        regency: String,
        date: Date,
    },
}

impl MatchKey {
    /// The stable text form stored and compared: `url:https://…`,
    /// `photo:<hex>`, `nip:<18 digits>:<YYYY-MM-DD>`,
    /// `name:<normalised name>:<PP.RR>:<YYYY-MM-DD>`. Normalised names hold
    /// no `:`, so the form is unambiguous.
    pub fn key_string(&self) -> String {
        match self {
            MatchKey::EvidenceUrl(url) => format!("url:{url}"),
            MatchKey::PhotoSha256(hex) => format!("photo:{hex}"),
            MatchKey::NipDate { nip, date } => format!("nip:{nip}:{}", iso_date(*date)),
            MatchKey::NameRegionDate {
                name,
                regency,
                date,
            } => {
                format!("name:{name}:{regency}:{}", iso_date(*date))
            }
        }
    }
}

/// `YYYY-MM-DD`, also for the years the `time` crate allows beyond 0-9999.
fn iso_date(date: Date) -> String {
    let year = date.year();
    let sign = if year < 0 { "-" } else { "" };
    format!(
        "{sign}{:04}-{:02}-{:02}",
        year.unsigned_abs(),
        u8::from(date.month()),
        date.day()
    )
}

/// Every key of a report, without repeats: links (evidence links, then the
/// source link), photos, NIP and date, name, kab/kota and date.
pub fn match_keys(r: &ReadyReport) -> Vec<MatchKey> {
    let mut keys = Vec::new();
    let mut push = |key: MatchKey| {
        if !keys.contains(&key) {
            keys.push(key);
        }
    };
    let source = EvidenceUrl::parse(&r.report.source.url).ok();
    for url in r.links.iter().chain(&source) {
        push(MatchKey::EvidenceUrl(url.as_str().to_owned()));
    }
    for photo in &r.report.photos {
        for hash in [&photo.sha256, &photo.original_sha256] {
            if is_sha256_hex(hash) {
                push(MatchKey::PhotoSha256(hash.clone()));
            }
        }
    }
    let date = r.occurred.date;
    if let Some(nip) = r.nip.as_ref().and_then(|n| n.key()) {
        push(MatchKey::NipDate {
            nip: nip.to_owned(),
            date,
        });
    }
    let name = normalize_person_name(&r.report.terlapor.name);
    if !name.is_empty() {
        push(MatchKey::NameRegionDate {
            name,
            regency: r.regency.to_string(),
            date,
        });
    }
    keys
}

/// The name keys to look up for a report of `name` in `regency` on `date`:
/// the day before, the day, the day after. `name` may be as written or
/// already normalised. At the ends of the calendar the day itself stands in
/// for the missing neighbour.
pub fn name_keys_for_lookup(name: &str, regency: RegencyCode, date: Date) -> [String; 3] {
    let name = normalize_person_name(name);
    let regency = regency.to_string();
    let key = |date| {
        MatchKey::NameRegionDate {
            name: name.clone(),
            regency: regency.clone(),
            date,
        }
        .key_string()
    };
    [
        key(date.previous_day().unwrap_or(date)),
        key(date),
        key(date.next_day().unwrap_or(date)),
    ]
}

/// What kind of evidence joined two reports, strongest first. Stored with
/// each report's case membership and shown to coordinators as the reason.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    EvidenceUrl,
    Photo,
    NipDate,
    NameRegionDate,
}

impl MatchKind {
    pub fn code(self) -> &'static str {
        match self {
            MatchKind::EvidenceUrl => "evidence_url",
            MatchKind::Photo => "photo",
            MatchKind::NipDate => "nip_date",
            MatchKind::NameRegionDate => "name_region_date",
        }
    }

    pub fn from_code(code: &str) -> Option<MatchKind> {
        [
            MatchKind::EvidenceUrl,
            MatchKind::Photo,
            MatchKind::NipDate,
            MatchKind::NameRegionDate,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }

    /// The kind of a key in its [`MatchKey::key_string`] form.
    pub fn of_key_string(key: &str) -> Option<MatchKind> {
        match key.split_once(':')?.0 {
            "url" => Some(MatchKind::EvidenceUrl),
            "photo" => Some(MatchKind::Photo),
            "nip" => Some(MatchKind::NipDate),
            "name" => Some(MatchKind::NameRegionDate),
            _ => None,
        }
    }

    pub fn reason(self) -> Text {
        match self {
            MatchKind::EvidenceUrl => Text::new("URL bukti sama", "Same evidence link"),
            MatchKind::Photo => Text::new("Foto sama", "Same photo"),
            MatchKind::NipDate => Text::new("NIP dan tanggal sama", "Same NIP and date"),
            MatchKind::NameRegionDate => Text::new(
                "Nama, wilayah dan tanggal sama",
                "Same name, region and date",
            ),
        }
    }
}

impl MatchKey {
    pub fn kind(&self) -> MatchKind {
        match self {
            MatchKey::EvidenceUrl(_) => MatchKind::EvidenceUrl,
            MatchKey::PhotoSha256(_) => MatchKind::Photo,
            MatchKey::NipDate { .. } => MatchKind::NipDate,
            MatchKey::NameRegionDate { .. } => MatchKind::NameRegionDate,
        }
    }
}

/// Who a report names, as far as matching needs: NIP (18 digits) and the
/// normalised name.
#[derive(Clone, Copy, Debug)]
pub struct Person<'a> {
    pub nip: Option<&'a str>,
    pub name: &'a str,
}

/// Whether two reports may name the same person. A news article or a group
/// photo often shows several civil servants, each a case of their own, so a
/// shared link or photo joins reports only when this holds: different NIPs
/// are different people, and so are names of which neither contains the
/// other ("ahmad fauzi" and "fauzi" may be one person; "ahmad fauzi" and
/// "budi santoso" are not).
pub fn may_be_same_person(a: Person<'_>, b: Person<'_>) -> bool {
    if let (Some(x), Some(y)) = (a.nip, b.nip) {
        return x == y;
    }
    if a.name.is_empty() || b.name.is_empty() {
        return true;
    }
    let contains =
        |big: &str, small: &str| small.split(' ').all(|w| big.split(' ').any(|v| v == w));
    contains(a.name, b.name) || contains(b.name, a.name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{PhotoRef, Report};
    use crate::validate::ready;
    use time::macros::date;
    use uuid::Uuid;

    const TODAY: Date = date!(2024 - 11 - 25);
    const HASH_A: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    const HASH_B: &str = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

    fn report() -> Report {
        let mut r = Report::example(Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_0001));
        r.terlapor.nip = "19660801 198803 1 001".into();
        r
    }

    fn keys(r: Report) -> Vec<String> {
        match_keys(&ready(r, TODAY).unwrap())
            .iter()
            .map(MatchKey::key_string)
            .collect()
    }

    #[test]
    fn every_kind_of_key() {
        let mut r = report();
        r.evidence_links = vec![
            "https://www.facebook.com/story.php?story_fbid=123&id=456&mibextid=x".into(),
            "https://youtu.be/dQw4w9WgXcQ?si=abc".into(),
        ];
        r.source.url = "https://m.facebook.com/456/posts/123/".into();
        r.photos = vec![PhotoRef {
            sha256: HASH_A.into(),
            original_sha256: HASH_B.into(),
            ..PhotoRef::default()
        }];
        assert_eq!(
            keys(r),
            vec![
                "url:https://facebook.com/456/posts/123".to_owned(),
                "url:https://youtube.com/watch?v=dQw4w9WgXcQ".into(),
                format!("photo:{HASH_A}"),
                format!("photo:{HASH_B}"),
                "nip:196608011988031001:2024-11-20".into(),
                "name:ahmad fauzi:35.78:2024-11-20".into(),
            ]
        );
    }

    #[test]
    fn only_what_is_there() {
        let mut r = report();
        r.terlapor.nip.clear();
        r.source.url = "https://detik.com/berita/1?utm_source=wa".into();
        let mut same = PhotoRef {
            sha256: HASH_A.into(),
            original_sha256: HASH_A.into(),
            ..PhotoRef::default()
        };
        same.bytes = 10;
        r.photos = vec![same.clone(), same];
        assert_eq!(
            keys(r),
            vec![
                "url:https://detik.com/berita/1".to_owned(),
                format!("photo:{HASH_A}"),
                "name:ahmad fauzi:35.78:2024-11-20".into(),
            ]
        );
    }

    #[test]
    fn only_a_recognised_number_is_a_nip_key() {
        let mut r = report();
        r.terlapor.nip = "19850512 2021 21 1 003".into();
        assert!(keys(r.clone()).contains(&"nip:198505122021211003:2024-11-20".to_owned()));
        for partial in [
            "19660801 1988",
            "19660801 197013 1 001",
            "NIP 196608011988031001",
        ] {
            r.terlapor.nip = partial.into();
            assert_eq!(
                keys(r.clone()),
                vec!["name:ahmad fauzi:35.78:2024-11-20".to_owned()],
                "{partial}"
            );
        }
    }

    #[test]
    fn the_same_finding_written_twice_shares_keys() {
        let mut a = report();
        a.evidence_links = vec!["https://twitter.com/Humas/status/1859123456789012345?s=20".into()];
        let mut b = report();
        b.id = Uuid::from_u128(2);
        b.terlapor.name = "AHMAD FAUZI S.Pd.I".into();
        b.terlapor.nip = "196608011988031001".into();
        b.occurred_at = "2024-11-20".into();
        b.evidence_links =
            vec!["https://x.com/humas_baru/status/1859123456789012345/photo/1".into()];
        assert_eq!(keys(a), keys(b));
    }

    #[test]
    fn key_strings() {
        let d = date!(2024 - 01 - 05);
        assert_eq!(
            MatchKey::PhotoSha256(HASH_A.into()).key_string(),
            format!("photo:{HASH_A}")
        );
        assert_eq!(
            MatchKey::NipDate {
                nip: "196608011988031001".into(),
                date: d
            }
            .key_string(),
            "nip:196608011988031001:2024-01-05"
        );
        assert_eq!(
            MatchKey::NameRegionDate {
                name: "siti".into(),
                regency: "11.01".into(),
                date: date!(-0005 - 03 - 01)
            }
            .key_string(),
            "name:siti:11.01:-0005-03-01"
        );
    }

    #[test]
    fn lookup_covers_the_neighbouring_days() {
        let sby = RegencyCode::parse("35.78").unwrap();
        assert_eq!(
            name_keys_for_lookup("Drs. H. Ahmad Fauzi, M.Si.", sby, date!(2024 - 03 - 01)),
            [
                "name:ahmad fauzi:35.78:2024-02-29",
                "name:ahmad fauzi:35.78:2024-03-01",
                "name:ahmad fauzi:35.78:2024-03-02",
            ]
        );
        // The stored key of a report is the middle one.
        let stored = keys(report()).pop().unwrap();
        assert_eq!(
            name_keys_for_lookup("ahmad fauzi", sby, date!(2024 - 11 - 20))[1],
            stored
        );
        let edge = name_keys_for_lookup("a", sby, Date::MIN);
        assert_eq!(edge[0], edge[1]);
    }

    #[test]
    fn reasons_and_kinds() {
        assert_eq!(
            MatchKind::of_key_string("url:https://x.com/i/status/1"),
            Some(MatchKind::EvidenceUrl)
        );
        assert_eq!(
            MatchKind::of_key_string("name:ahmad:35.78:2024-11-20"),
            Some(MatchKind::NameRegionDate)
        );
        assert_eq!(MatchKind::of_key_string("zzz"), None);
        assert_eq!(MatchKind::NipDate.reason().id, "NIP dan tanggal sama");
        assert!(
            MatchKind::EvidenceUrl < MatchKind::NameRegionDate,
            "strongest first"
        );
        for k in [
            MatchKind::EvidenceUrl,
            MatchKind::Photo,
            MatchKind::NipDate,
            MatchKind::NameRegionDate,
        ] {
            assert_eq!(MatchKind::from_code(k.code()), Some(k));
        }
    }

    #[test]
    fn people_on_one_photo_stay_apart() {
        let p = |nip, name| Person { nip, name };
        assert!(may_be_same_person(
            p(None, "ahmad fauzi"),
            p(None, "ahmad fauzi")
        ));
        assert!(may_be_same_person(p(None, "ahmad fauzi"), p(None, "fauzi")));
        assert!(may_be_same_person(p(None, ""), p(None, "fauzi")));
        assert!(!may_be_same_person(
            p(None, "ahmad fauzi"),
            p(None, "budi santoso")
        ));
        assert!(!may_be_same_person(
            p(Some("196608011988031001"), "ahmad fauzi"),
            p(Some("197001012000121001"), "ahmad fauzi")
        ));
        assert!(may_be_same_person(
            p(Some("196608011988031001"), "a fauzi"),
            p(Some("196608011988031001"), "ahmad fauzi")
        ));
        // One NIP known, the other not: the names decide.
        assert!(!may_be_same_person(
            p(Some("196608011988031001"), "ahmad fauzi"),
            p(None, "siti aminah")
        ));
    }
}
