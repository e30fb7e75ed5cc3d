//! Keys under which two reports may be about the same finding, and the
//! judgement of two reports that share one. The server indexes every key of
//! every report; a new report looks up its keys, and each stored report
//! found is judged against it ([`judge`]): joined automatically, suggested
//! to coordinators as "kemungkinan sama", or left apart. Everything here is
//! pure, so the app can compute the same keys offline.
//!
//! The keys, strongest first:
//! - `url:` the canonical evidence link ([`EvidenceUrl`]): the same post;
//! - `photo:` the SHA-256 of a photo (as uploaded or as on the device) or of
//!   a video: the same file;
//! - `nip:` the same civil servant on the same day, by a recognised PNS NIP
//!   or NI PPPK only: a partial or mistyped number would join strangers;
//! - `dhash:` a band of a photo's perceptual hash ([`PhotoHash`]): perhaps
//!   the same picture re-encoded, resized or cropped;
//! - `word:` how one word of the name sounds ([`crate::name_sound`]): the
//!   same name however spelt, or part of it ("Pak Fauzi");
//! - `office:` an office one person holds ([`Office`]): a camat, a lurah,
//!   written where no name is.
//!
//! The fuzzy keys (`dhash:`, `word:`, `office:`) are blocked by kab/kota and
//! by five-day period of the day the violation occurred: a report stores
//! its own period's key and looks up the periods of the day two days before
//! and after it, and [`judge`] checks the days. So the candidates of a
//! report never grow with the number of reports stored, only with those
//! of its kab/kota in a fortnight, and nothing compares all pairs. Their
//! text leads with the block (`<PP.RR>:<day>:word:…`), so that in the
//! server's key index, ordered by key, all fuzzy keys of one kab/kota and
//! period lie together: a report's keys are written to one or two pages
//! of it rather than one page each, which is what storing them costs.
//!
//! Reports stored before the fuzzy keys carry `name:<normalised
//! name>:<PP.RR>:<day>`; [`lookup_keys`] still asks for those.

use time::{Date, Duration};

use crate::Text;
use crate::evidence_url::EvidenceUrl;
use crate::name_sound::{NameMatch, compare_names, compare_sounds, sound_word, sound_words};
use crate::names::normalize_person_name;
use crate::office::{Office, is_office};
use crate::photo_hash::PhotoHash;
use crate::regions::RegencyCode;
use crate::validate::{ReadyReport, is_sha256_hex};

/// How many days apart two reports of one finding may say it occurred: a
/// post seen after midnight, a screenshot shared the next day.
pub const DAY_WINDOW: i64 = 2;

/// Days per block of the fuzzy keys: more than the window is wide (5 =
/// 2·2 + 1), so a window touches at most two blocks.
const BLOCK_DAYS: i32 = 5;

/// Name words shorter than this (initials, "ni") have no key of their own.
const MIN_WORD: usize = 3;

/// Only the first few words of a long name get keys.
const MAX_WORDS: usize = 4;

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MatchKey {
    /// A canonical link, [`EvidenceUrl::as_str`].
    EvidenceUrl(String),
    /// 64 lower-case hex digits.
    PhotoSha256(String),
    /// 18 digits, no spaces: a PNS NIP or an NI PPPK.
    NipDate { nip: String, date: Date },
    /// One band of a perceptual hash ([`PhotoHash::bands`]).
    PhotoBand {
        band: String,
        regency: String,
        block: Date,
    },
    /// The sound of one word of the name.
    NameWord {
        sound: String,
        regency: String,
        block: Date,
    },
    /// [`Office::single_holder_key`].
    Office {
        office: String,
        regency: String,
        block: Date,
    },
}

impl MatchKey {
    /// The stable text form stored and compared: `url:https://…`,
    /// `photo:<hex>`, `nip:<18 digits>:<YYYY-MM-DD>`, and
    /// `<PP.RR>:<first day of the block>:` followed by `dhash:<band>`,
    /// `word:<sound>` or `office:<role>:<unit>`. A kab/kota code starts
    /// with a digit and no kind does, and words and sounds hold no `:`, so
    /// the form is unambiguous.
    pub fn key_string(&self) -> String {
        match self {
            MatchKey::EvidenceUrl(url) => format!("url:{url}"),
            MatchKey::PhotoSha256(hex) => format!("photo:{hex}"),
            MatchKey::NipDate { nip, date } => format!("nip:{nip}:{}", iso_date(*date)),
            MatchKey::PhotoBand {
                band,
                regency,
                block,
            } => format!("{regency}:{}:dhash:{band}", iso_date(*block)),
            MatchKey::NameWord {
                sound,
                regency,
                block,
            } => format!("{regency}:{}:word:{sound}", iso_date(*block)),
            MatchKey::Office {
                office,
                regency,
                block,
            } => format!("{regency}:{}:office:{office}", iso_date(*block)),
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

/// The first day of the block `date` lies in.
fn block_of(date: Date) -> Date {
    let day = date.to_julian_day();
    Date::from_julian_day(day - day.rem_euclid(BLOCK_DAYS)).unwrap_or(date)
}

/// The blocks a report of `date` looks in: those of the days
/// [`DAY_WINDOW`] before and after (one or two).
fn blocks_around(date: Date) -> Vec<Date> {
    let window = Duration::days(DAY_WINDOW);
    let first = block_of(date.checked_sub(window).unwrap_or(date));
    let last = block_of(date.checked_add(window).unwrap_or(date));
    if first == last {
        vec![first]
    } else {
        vec![first, last]
    }
}

/// The kinds of fuzzy key, each with what varies: sounds, bands, offices.
/// `name_norm` is the name as written, normalised.
fn fuzzy(r: &ReadyReport, name_norm: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for photo in &r.report.photos {
        if let Some(hash) = PhotoHash::parse(&photo.dhash) {
            out.extend(hash.bands().into_iter().map(|b| ("dhash", b)));
        }
    }
    let sounds = plain_name(name_norm)
        .split(' ')
        .map(sound_word)
        .filter(|s| s.len() >= MIN_WORD)
        .take(MAX_WORDS);
    out.extend(sounds.map(|s| ("word", s)));
    let t = &r.report.terlapor;
    let place: Vec<String> = crate::names::words(r.regency.name());
    if let Some(office) = Office::new(&t.position, &t.agency, name_norm).single_holder_key(&place) {
        out.push(("office", office));
    }
    let mut seen = Vec::new();
    out.retain(|k| {
        let new = !seen.contains(k);
        seen.push(k.clone());
        new
    });
    out
}

fn fuzzy_key(kind: &str, value: String, regency: String, block: Date) -> MatchKey {
    match kind {
        "dhash" => MatchKey::PhotoBand {
            band: value,
            regency,
            block,
        },
        "word" => MatchKey::NameWord {
            sound: value,
            regency,
            block,
        },
        _ => MatchKey::Office {
            office: value,
            regency,
            block,
        },
    }
}

/// Every key a report is stored under, without repeats: links (evidence
/// links, then the source link), photos, NIP and date, then the fuzzy keys
/// of its own block.
pub fn match_keys(r: &ReadyReport) -> Vec<MatchKey> {
    report_keys(r).stored
}

/// Every key to look up for a report: its exact keys, its fuzzy keys in
/// every block of its day window, and the `name:` keys older reports were
/// stored under, on the day before, the day and the day after.
pub fn lookup_keys(r: &ReadyReport) -> Vec<String> {
    report_keys(r).lookup
}

/// A report's keys to store ([`match_keys`]) and to look up
/// ([`lookup_keys`]), worked out together: the server needs both for every
/// report it receives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportKeys {
    pub stored: Vec<MatchKey>,
    pub lookup: Vec<String>,
}

pub fn report_keys(r: &ReadyReport) -> ReportKeys {
    let mut stored = Vec::new();
    let mut push = |key: MatchKey| {
        if !stored.contains(&key) {
            stored.push(key);
        }
    };
    let source = EvidenceUrl::parse(&r.report.source.url).ok();
    for url in r.links.iter().chain(&source) {
        push(MatchKey::EvidenceUrl(url.as_str().to_owned()));
    }
    // A video's file is evidence as much as a photo's: the same recording
    // sent by two volunteers is the same finding, and the key is also what
    // lets a coordinator of the report's region open the file.
    for hash in r.report.evidence_files() {
        if is_sha256_hex(hash) {
            push(MatchKey::PhotoSha256(hash.to_owned()));
        }
    }
    let date = r.occurred.date;
    if let Some(nip) = r.nip.as_ref().and_then(|n| n.key()) {
        push(MatchKey::NipDate {
            nip: nip.to_owned(),
            date,
        });
    }
    let mut lookup: Vec<String> = stored.iter().map(MatchKey::key_string).collect();
    let regency = r.regency.to_string();
    let name_norm = normalize_person_name(&r.report.terlapor.name);
    let fuzzy = fuzzy(r, &name_norm);
    let own = block_of(date);
    for block in blocks_around(date) {
        for (kind, value) in &fuzzy {
            let key = fuzzy_key(kind, value.clone(), regency.clone(), block);
            // Fuzzy values are distinct, so are their keys in one block.
            lookup.push(key.key_string());
            if block == own {
                stored.push(key);
            }
        }
    }
    let name = plain_name(&name_norm);
    if !name.is_empty() {
        lookup.extend(legacy_name_keys(name, r.regency, date));
    }
    ReportKeys { stored, lookup }
}

/// The `name:` keys of reports stored before the fuzzy keys, for `name`
/// (normalised) in `regency` on the day before, the day, the day after.
pub fn legacy_name_keys(name: &str, regency: RegencyCode, date: Date) -> [String; 3] {
    let key = |d: Date| format!("name:{name}:{regency}:{}", iso_date(d));
    [
        key(date.previous_day().unwrap_or(date)),
        key(date),
        key(date.next_day().unwrap_or(date)),
    ]
}

/// The family of a key in its [`MatchKey::key_string`] form: what sharing
/// it says, before [`judge`] weighs the two reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyFamily {
    Link,
    Photo,
    Nip,
    PhotoBand,
    /// `word:`, or an old `name:` key.
    Name,
    Office,
}

impl KeyFamily {
    pub fn of_key_string(key: &str) -> Option<KeyFamily> {
        let mut parts = key.splitn(4, ':');
        let mut kind = parts.next()?;
        // A fuzzy key: `<PP.RR>:<day>:<kind>:…`.
        if kind.starts_with(|c: char| c.is_ascii_digit()) {
            kind = parts.nth(1)?;
        }
        Some(match kind {
            "url" => KeyFamily::Link,
            "photo" => KeyFamily::Photo,
            "nip" => KeyFamily::Nip,
            "dhash" => KeyFamily::PhotoBand,
            "word" | "name" => KeyFamily::Name,
            "office" => KeyFamily::Office,
            _ => return None,
        })
    }
}

/// What kind of evidence joined two reports, or suggests they may be one,
/// strongest first. Stored with each report's case membership and each
/// "possibly the same" link, and shown to coordinators as the reason.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    EvidenceUrl,
    Photo,
    NipDate,
    SimilarPhoto,
    NameRegionDate,
    SimilarName,
    Office,
    PartialName,
}

impl MatchKind {
    pub const ALL: [MatchKind; 8] = [
        MatchKind::EvidenceUrl,
        MatchKind::Photo,
        MatchKind::NipDate,
        MatchKind::SimilarPhoto,
        MatchKind::NameRegionDate,
        MatchKind::SimilarName,
        MatchKind::Office,
        MatchKind::PartialName,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MatchKind::EvidenceUrl => "evidence_url",
            MatchKind::Photo => "photo",
            MatchKind::NipDate => "nip_date",
            MatchKind::SimilarPhoto => "similar_photo",
            MatchKind::NameRegionDate => "name_region_date",
            MatchKind::SimilarName => "similar_name",
            MatchKind::Office => "office",
            MatchKind::PartialName => "partial_name",
        }
    }

    pub fn from_code(code: &str) -> Option<MatchKind> {
        MatchKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn reason(self) -> Text {
        match self {
            MatchKind::EvidenceUrl => Text::new("URL bukti sama", "Same evidence link"),
            MatchKind::Photo => Text::new("Foto atau video sama", "Same photo or video"),
            MatchKind::NipDate => Text::new("NIP dan tanggal sama", "Same NIP and date"),
            MatchKind::SimilarPhoto => Text::new(
                "Foto serupa, wilayah dan tanggal sama",
                "Similar photo, same region and date",
            ),
            MatchKind::NameRegionDate => Text::new(
                "Nama, wilayah dan tanggal sama",
                "Same name, region and date",
            ),
            MatchKind::SimilarName => Text::new(
                "Nama mirip, wilayah dan tanggal sama",
                "Similar name, same region and date",
            ),
            MatchKind::Office => Text::new(
                "Jabatan dan instansi sama, wilayah dan tanggal sama",
                "Same office, region and date",
            ),
            MatchKind::PartialName => Text::new(
                "Sebagian nama sama, wilayah dan tanggal sama",
                "Part of the name the same, same region and date",
            ),
        }
    }
}

/// What matching needs of a report, stored or new.
#[derive(Clone, Copy, Debug)]
pub struct Facts<'a> {
    /// A recognised NIP or NI PPPK, 18 digits.
    pub nip: Option<&'a str>,
    /// [`normalize_person_name`] of the name as written.
    pub name: &'a str,
    pub position: &'a str,
    pub agency: &'a str,
    /// Violation codes, comma-separated.
    pub violations: &'a str,
    /// Perceptual hashes of its photos, comma-separated.
    pub photo_hashes: &'a str,
    pub date: Date,
}

/// What two reports sharing a key are to each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The same finding: joined automatically, with this reason.
    Join(MatchKind),
    /// Possibly the same: a coordinator decides.
    Suggest(MatchKind),
}

/// What [`judge`] weighs of a report, worked out once: the server's
/// planner meets one stored report through several keys and several new
/// reports, and the sounds of a name and the words of an office are the
/// costly part of weighing.
#[derive(Clone, Debug)]
pub struct Profile {
    nip: Option<String>,
    name: String,
    /// The sounds of the name's words; none when the name is an office.
    sounds: Vec<String>,
    office: Office,
    violations: String,
    photos: Vec<PhotoHash>,
    date: Date,
}

impl Profile {
    pub fn of(f: &Facts<'_>) -> Profile {
        Profile {
            nip: f.nip.map(str::to_owned),
            name: f.name.to_owned(),
            sounds: sound_words(plain_name(f.name)),
            office: Office::new(f.position, f.agency, f.name),
            violations: f.violations.to_owned(),
            photos: f
                .photo_hashes
                .split(',')
                .filter_map(PhotoHash::parse)
                .collect(),
            date: f.date,
        }
    }
}

/// Weighs two reports that share a key of `family`. `None`: other
/// findings, or other people. [`weigh`] for reports already profiled.
pub fn judge(family: KeyFamily, a: &Facts<'_>, b: &Facts<'_>) -> Option<Verdict> {
    weigh(family, &Profile::of(a), &Profile::of(b))
}

/// Whether reports of these days may be one finding by a key of `family`:
/// a shared link or photo whatever the days, anything else only within
/// [`DAY_WINDOW`]. Cheap: a caller may test it before profiling a report.
pub fn days_may_meet(family: KeyFamily, a: Date, b: Date) -> bool {
    matches!(family, KeyFamily::Link | KeyFamily::Photo) || (a - b).whole_days().abs() <= DAY_WINDOW
}

/// Weighs two profiled reports that share a key of `family`.
///
/// Different NIPs are different people, and so are a different agency
/// together with a different position, however alike the names. A shared
/// link or photo (a news article, a group photo often shows several civil
/// servants, each a case of their own) joins only names that may be one
/// person. A similar photo, name or office counts only within
/// [`DAY_WINDOW`] days; it joins when the rest agrees (the same kind of
/// violation, no other position; for part of a name also the same unit),
/// and is otherwise only suggested.
pub fn weigh(family: KeyFamily, a: &Profile, b: &Profile) -> Option<Verdict> {
    if let (Some(x), Some(y)) = (&a.nip, &b.nip)
        && x != y
    {
        return None;
    }
    if family == KeyFamily::Nip {
        return Some(Verdict::Join(MatchKind::NipDate));
    }
    // The cheap tests first: this runs for every pair a key brings up.
    let exact = matches!(family, KeyFamily::Link | KeyFamily::Photo);
    if !days_may_meet(family, a.date, b.date) {
        return None;
    }
    let names = compare_sounds(&a.sounds, &b.sounds);
    match (family, names) {
        (_, NameMatch::Different) => return None,
        (KeyFamily::Name, NameMatch::Unknown) => return None,
        _ => {}
    }
    if family == KeyFamily::PhotoBand
        && !a
            .photos
            .iter()
            .any(|x| b.photos.iter().any(|y| x.is_near(*y)))
    {
        return None;
    }
    let (office_a, office_b) = (&a.office, &b.office);
    if office_a.conflicts_with(office_b) {
        return None;
    }
    if exact {
        return Some(Verdict::Join(if family == KeyFamily::Link {
            MatchKind::EvidenceUrl
        } else {
            MatchKind::Photo
        }));
    }
    // Weak evidence joins only when nothing else disagrees: the same kind
    // of violation, and no other position or agency ("Guru SD" and
    // "Lurah", or camat of Porong and of Candi, of one name are likelier
    // two people than one).
    let other_office = office_a.positions_differ(office_b) || office_a.agencies_differ(office_b);
    let agrees = overlaps(&a.violations, &b.violations) && !other_office;
    let verdict = |join: bool, kind| {
        Some(if join {
            Verdict::Join(kind)
        } else {
            Verdict::Suggest(kind)
        })
    };
    match family {
        KeyFamily::PhotoBand => verdict(!other_office, MatchKind::SimilarPhoto),
        KeyFamily::Name => match names {
            NameMatch::Same if a.name == b.name => verdict(agrees, MatchKind::NameRegionDate),
            NameMatch::Same => verdict(agrees, MatchKind::SimilarName),
            // "Pak Fauzi" is many men: only in the same unit.
            NameMatch::Partial => verdict(
                agrees && office_a.same_unit(office_b),
                MatchKind::PartialName,
            ),
            NameMatch::Different | NameMatch::Unknown => None,
        },
        // Two names for one office were turned away above: other people
        // (or one misnamed, which the names' own keys would have found).
        KeyFamily::Office => verdict(agrees, MatchKind::Office),
        KeyFamily::Link | KeyFamily::Photo | KeyFamily::Nip => None,
    }
}

/// A name that is in fact an office is no name to compare.
fn plain_name(name: &str) -> &str {
    if is_office(name) { "" } else { name }
}

/// Whether two comma-separated lists of violation codes share one.
pub fn overlaps(a: &str, b: &str) -> bool {
    a.split(',')
        .any(|x| !x.is_empty() && b.split(',').any(|y| y == x))
}

impl MatchKey {
    pub fn kind(&self) -> KeyFamily {
        match self {
            MatchKey::EvidenceUrl(_) => KeyFamily::Link,
            MatchKey::PhotoSha256(_) => KeyFamily::Photo,
            MatchKey::NipDate { .. } => KeyFamily::Nip,
            MatchKey::PhotoBand { .. } => KeyFamily::PhotoBand,
            MatchKey::NameWord { .. } => KeyFamily::Name,
            MatchKey::Office { .. } => KeyFamily::Office,
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

/// Whether two reports may name the same person: the same NIP when both
/// have one, else names that may be one person however spelt ("Achmad
/// Fauzi" and "Pak Fauzi" may; "Ahmad Fauzi" and "Budi Santoso" may not).
pub fn may_be_same_person(a: Person<'_>, b: Person<'_>) -> bool {
    if let (Some(x), Some(y)) = (a.nip, b.nip) {
        return x == y;
    }
    compare_names(plain_name(a.name), plain_name(b.name)) != NameMatch::Different
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{PhotoRef, Report};
    use crate::validate::ready;
    use time::Duration;
    use time::macros::date;
    use uuid::Uuid;

    const TODAY: Date = date!(2024 - 11 - 25);
    const HASH_A: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    /// The first day of the five-day block 2024-11-20 lies in.
    const BLOCK: &str = "2024-11-20";
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
                format!("35.78:{BLOCK}:word:amad"),
                format!("35.78:{BLOCK}:word:fauzi"),
                format!("35.78:{BLOCK}:office:camat:tegalsari"),
            ]
        );
    }

    #[test]
    fn a_video_is_keyed_by_its_file_like_a_photo() {
        let mut r = report();
        r.terlapor.nip.clear();
        r.videos = vec![crate::report::VideoRef {
            sha256: HASH_B.into(),
            media_type: "video/webm".into(),
            bytes: 1000,
            ..Default::default()
        }];
        assert!(keys(r).contains(&format!("photo:{HASH_B}")));
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
                format!("35.78:{BLOCK}:word:amad"),
                format!("35.78:{BLOCK}:word:fauzi"),
                format!("35.78:{BLOCK}:office:camat:tegalsari"),
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
                vec![
                    format!("35.78:{BLOCK}:word:amad"),
                    format!("35.78:{BLOCK}:word:fauzi"),
                    format!("35.78:{BLOCK}:office:camat:tegalsari"),
                ],
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
            MatchKey::NameWord {
                sound: "siti".into(),
                regency: "11.01".into(),
                block: date!(-0005 - 03 - 01)
            }
            .key_string(),
            "11.01:-0005-03-01:word:siti"
        );
        assert_eq!(
            MatchKey::Office {
                office: "camat:wonokromo".into(),
                regency: "35.78".into(),
                block: d
            }
            .key_string(),
            "35.78:2024-01-05:office:camat:wonokromo"
        );
    }

    #[test]
    fn blocks_cover_the_day_window() {
        for offset in 0..40 {
            let day = date!(2024 - 11 - 01) + Duration::days(offset);
            let blocks = blocks_around(day);
            assert!(!blocks.is_empty() && blocks.len() <= 2);
            for near in -DAY_WINDOW..=DAY_WINDOW {
                let other = block_of(day + Duration::days(near));
                assert!(blocks.contains(&other), "{day} {near}");
            }
            assert_eq!(block_of(block_of(day)), block_of(day));
        }
        assert!(blocks_around(Date::MIN).contains(&block_of(Date::MIN)));
    }

    #[test]
    fn lookup_covers_the_window_and_older_name_keys() {
        let mut r = report();
        r.terlapor.nip.clear();
        r.photos = vec![PhotoRef {
            sha256: HASH_A.into(),
            original_sha256: HASH_A.into(),
            dhash: "00000000000000ff".into(),
            ..PhotoRef::default()
        }];
        let ready = ready(r, TODAY).unwrap();
        let lookup = lookup_keys(&ready);
        for key in match_keys(&ready) {
            assert!(lookup.contains(&key.key_string()), "{key:?}");
        }
        // 2024-11-20 ± 2 days: the blocks from 11-15 and from 11-20.
        for block in ["2024-11-15", "2024-11-20"] {
            assert!(lookup.contains(&format!("35.78:{block}:word:fauzi")));
            assert!(lookup.contains(&format!("35.78:{block}:office:camat:tegalsari")));
            assert!(lookup.contains(&format!("35.78:{block}:dhash:0ff")));
            assert!(lookup.contains(&format!("35.78:{block}:dhash:700")));
        }
        for day in ["19", "20", "21"] {
            assert!(lookup.contains(&format!("name:ahmad fauzi:35.78:2024-11-{day}")));
        }
        assert_eq!(lookup.len(), 1 + 2 * (8 + 2 + 1) + 3, "{lookup:?}");
        let sby = RegencyCode::parse("35.78").unwrap();
        let edge = legacy_name_keys("a", sby, Date::MIN);
        assert_eq!(edge[0], edge[1]);
    }

    #[test]
    fn an_office_written_as_the_name_has_an_office_key_and_no_word_keys() {
        let mut r = report();
        r.terlapor.nip.clear();
        r.terlapor.name = "Camat Kecamatan Wonokromo".into();
        r.terlapor.position.clear();
        r.terlapor.agency.clear();
        assert_eq!(
            keys(r),
            vec![format!("35.78:{BLOCK}:office:camat:wonokromo")]
        );
    }

    #[test]
    fn reasons_and_kinds() {
        assert_eq!(
            KeyFamily::of_key_string("url:https://x.com/i/status/1"),
            Some(KeyFamily::Link)
        );
        assert_eq!(
            KeyFamily::of_key_string("name:ahmad:35.78:2024-11-20"),
            Some(KeyFamily::Name)
        );
        for (key, family) in [
            ("35.78:2024-11-19:word:ahmad", KeyFamily::Name),
            ("35.78:2024-11-19:dhash:0ff", KeyFamily::PhotoBand),
            ("35.78:2024-11-19:office:camat:wonokromo", KeyFamily::Office),
        ] {
            assert_eq!(KeyFamily::of_key_string(key), Some(family), "{key}");
        }
        assert_eq!(KeyFamily::of_key_string("zzz"), None);
        assert_eq!(MatchKind::NipDate.reason().id, "NIP dan tanggal sama");
        assert_eq!(
            MatchKind::SimilarName.reason().id,
            "Nama mirip, wilayah dan tanggal sama"
        );
        assert!(
            MatchKind::EvidenceUrl < MatchKind::NameRegionDate,
            "strongest first"
        );
        for k in MatchKind::ALL {
            assert_eq!(MatchKind::from_code(k.code()), Some(k));
        }
    }

    fn facts<'a>(name: &'a str, position: &'a str, agency: &'a str) -> Facts<'a> {
        Facts {
            nip: None,
            name,
            position,
            agency,
            violations: "a1",
            photo_hashes: "",
            date: TODAY,
        }
    }

    #[test]
    fn judged_as_volunteers_write() {
        use KeyFamily::*;
        use Verdict::*;
        let norm = normalize_person_name;
        let (fauzi, achmad, pak) = (
            norm("Drs. Ahmad Fauzi"),
            norm("Achmad Fauzy"),
            norm("Pak Fauzi"),
        );
        let a = facts(&fauzi, "Camat", "Kecamatan Wonokromo");
        let b = facts(&achmad, "camat", "Kec. Wonokromo");
        assert_eq!(judge(Name, &a, &b), Some(Join(MatchKind::SimilarName)));
        assert_eq!(judge(Name, &a, &a), Some(Join(MatchKind::NameRegionDate)));
        let short = facts(&pak, "", "Kecamatan Wonokromo");
        assert_eq!(judge(Name, &a, &short), Some(Join(MatchKind::PartialName)));
        let bare = facts(&pak, "", "");
        assert_eq!(
            judge(Name, &a, &bare),
            Some(Suggest(MatchKind::PartialName))
        );
        // Two days apart still counts; three do not.
        let later = Facts {
            date: TODAY + Duration::days(2),
            ..b
        };
        assert_eq!(judge(Name, &a, &later), Some(Join(MatchKind::SimilarName)));
        let too_late = Facts {
            date: TODAY + Duration::days(3),
            ..b
        };
        assert_eq!(judge(Name, &a, &too_late), None);
        // Another kind of violation: only suggested.
        let other_violation = Facts {
            violations: "b2",
            ..b
        };
        assert_eq!(
            judge(Name, &a, &other_violation),
            Some(Suggest(MatchKind::SimilarName))
        );
    }

    #[test]
    fn conflicts_keep_people_apart() {
        use KeyFamily::*;
        let name = normalize_person_name("Ahmad Fauzi");
        let teacher = facts(&name, "Guru", "SD Negeri 1 Wonokromo");
        let camat = facts(&name, "Camat", "Kecamatan Rungkut");
        for family in [Name, Link, Photo, PhotoBand, Office] {
            assert_eq!(judge(family, &teacher, &camat), None, "{family:?}");
        }
        let nip_a = Facts {
            nip: Some("196608011988031001"),
            ..teacher
        };
        let nip_b = Facts {
            nip: Some("197001012000121001"),
            ..teacher
        };
        // Another position alone, the agency not given: perhaps one person
        // written two ways; only suggested.
        let lurah = facts(&name, "Lurah", "");
        assert_eq!(
            judge(Name, &facts(&name, "Guru SD", ""), &lurah),
            Some(Verdict::Suggest(MatchKind::NameRegionDate))
        );
        assert_eq!(judge(Name, &nip_a, &nip_b), None);
        assert_eq!(judge(Link, &nip_a, &nip_b), None);
        // The same NIP is one person, however the office is written.
        let nip_camat = Facts {
            nip: Some("196608011988031001"),
            ..camat
        };
        assert_eq!(
            judge(Nip, &nip_a, &nip_camat),
            Some(Verdict::Join(MatchKind::NipDate))
        );
    }

    #[test]
    fn similar_photos_and_offices() {
        use KeyFamily::*;
        use Verdict::*;
        let (name, office) = (
            normalize_person_name("Siti Aminah"),
            normalize_person_name("Camat Kecamatan Wonokromo"),
        );
        let a = Facts {
            photo_hashes: "00000000000000ff,ffff000000000000",
            ..facts(&name, "", "")
        };
        let near = Facts {
            photo_hashes: "00000000000000f0",
            ..facts("", "", "")
        };
        let far = Facts {
            photo_hashes: "0000000000ff00ff",
            ..near
        };
        assert_eq!(
            judge(PhotoBand, &a, &near),
            Some(Join(MatchKind::SimilarPhoto))
        );
        assert_eq!(judge(PhotoBand, &a, &far), None);
        let by_name = facts(&office, "", "");
        let by_office = facts(&name, "Camat", "Kecamatan Wonokromo");
        assert_eq!(
            judge(Office, &by_name, &by_office),
            Some(Join(MatchKind::Office))
        );
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
