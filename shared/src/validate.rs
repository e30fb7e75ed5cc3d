//! Whole-report validation: every problem at once, each tied to its field.
//!
//! Two levels. [`Level::Draft`]: anything may be missing; only values that
//! are present and malformed are problems, so the form can point at a bad
//! link while the rest is still empty. [`Level::Ready`]: also what a
//! finding needs (the person reported, time and place, what happened) plus
//! what the deadline needs (when it became known, which election). The
//! server accepts only `Ready` reports; [`formal_missing`] lists what a
//! formal filing still lacks, the pelapor's name and address among them
//! (UU 7/2017 Ps 454(4)): a volunteer may leave the filing to the coalition,
//! so their identity is not needed to send.
//!
//! Problems are errors or warnings ([`crate::problem::Severity`]); only
//! errors stop a report. A NIP the parser does not recognise is a warning:
//! the number is kept as typed, but it never joins reports
//! ([`crate::nip::EmployeeNumber::key`]).

use time::{Date, Month, Time};

use crate::Text;
use crate::catalogue::ViolationCode;
use crate::evidence_url::EvidenceUrl;
use crate::media::MediaType;
use crate::nip::{EmployeeNumber, Implausible, NipError};
use crate::photo_hash::PhotoHash;
use crate::problem::{Problem, ProblemCode, any_error};
use crate::regions::{ProvinceCode, RegencyCode, RegionError};
use crate::report::Report;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Draft,
    Ready,
}

pub const MAX_SHORT: usize = 200;
pub const MAX_LONG: usize = 5000;
pub const MIN_DESCRIPTION: usize = 20;
pub const MAX_LINKS: usize = 20;
pub const MAX_PHOTOS: usize = 20;
pub const MAX_VIDEOS: usize = 5;

/// A moment as volunteers know it: a date, and the time if they noted it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct When {
    pub date: Date,
    pub time: Option<Time>,
}

impl When {
    /// `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS`: what
    /// `<input type=date>` and `<input type=datetime-local>` produce.
    pub fn parse(s: &str) -> Option<When> {
        let s = s.trim();
        let (date, time) = match s.split_once('T') {
            Some((d, t)) => (d, Some(t)),
            None => (s, None),
        };
        let mut d = date.split('-');
        let (year, month, day) = (
            number(d.next()?, 4)?,
            number(d.next()?, 2)?,
            number(d.next()?, 2)?,
        );
        if d.next().is_some() {
            return None;
        }
        let date =
            Date::from_calendar_date(year as i32, Month::try_from(month as u8).ok()?, day as u8)
                .ok()?;
        let time = match time {
            None => None,
            Some(t) => {
                let mut t = t.split(':');
                let (hour, minute) = (number(t.next()?, 2)?, number(t.next()?, 2)?);
                let second = t.next().map_or(Some(0), |s| number(s, 2))?;
                if t.next().is_some() {
                    return None;
                }
                Some(Time::from_hms(hour as u8, minute as u8, second as u8).ok()?)
            }
        };
        Some(When { date, time })
    }

    /// Whether `self` is certainly before `other`; with a time missing on
    /// either side only the dates can be compared.
    fn before(self, other: When) -> bool {
        match (self.time, other.time) {
            (Some(a), Some(b)) => (self.date, a) < (other.date, b),
            _ => self.date < other.date,
        }
    }
}

/// Exactly `width` ASCII digits.
fn number(s: &str, width: usize) -> Option<u32> {
    (s.len() == width && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
}

/// A report that passed [`Level::Ready`], with its values parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadyReport {
    pub report: Report,
    pub province: ProvinceCode,
    pub regency: RegencyCode,
    pub nip: Option<EmployeeNumber>,
    pub occurred: When,
    pub known: When,
    pub links: Vec<EvidenceUrl>,
    /// What the volunteer was told but could send anyway.
    pub warnings: Vec<Problem>,
}

/// All problems of `report` at `level`. `today` is the latest date that is
/// not "in the future" for the caller (the server passes today in WIT,
/// Indonesia's easternmost zone, so no one is refused for their time zone).
pub fn validate(report: &Report, level: Level, today: Date) -> Vec<Problem> {
    Checker::run(report, level, today).problems
}

/// Whether `report` may be sent: no problem at [`Level::Ready`] is an error.
pub fn is_ready(report: &Report, today: Date) -> bool {
    !any_error(&validate(report, Level::Ready, today))
}

/// Validates at [`Level::Ready`] and returns the parsed report, its
/// identity settled ([`Report::with_identity_settled`]). `Err` holds every
/// problem, warnings too.
pub fn ready(report: Report, today: Date) -> Result<ReadyReport, Vec<Problem>> {
    // Checked as sent: settling may mark an identity the coalition's, and
    // the contact it keeps must still be checked.
    let c = Checker::run(&report, Level::Ready, today);
    match (
        !any_error(&c.problems),
        c.province,
        c.regency,
        c.occurred,
        c.known,
    ) {
        (true, Some(province), Some(regency), Some(occurred), Some(known)) => Ok(ReadyReport {
            province,
            regency,
            nip: c.nip,
            occurred,
            known,
            links: c.links,
            warnings: c.problems,
            report: report.with_identity_settled(),
        }),
        _ => Err(c.problems),
    }
}

/// What a formal filing to Bawaslu/BKN still lacks beyond [`Level::Ready`]
/// (Perbawaslu 7/2022 syarat materiel and what identifies the terlapor).
pub fn formal_missing(report: &Report) -> Vec<(&'static str, Text)> {
    let mut missing = Vec::new();
    if report.photos.is_empty()
        && report.videos.is_empty()
        && report.evidence_links.iter().all(|l| l.trim().is_empty())
        && report.source.url.trim().is_empty()
    {
        missing.push((
            "photos",
            Text::new(
                "Bukti (foto, tangkapan layar atau tautan)",
                "Evidence (photo, screenshot or link)",
            ),
        ));
    }
    if report.terlapor.agency.trim().is_empty() && report.terlapor.position.trim().is_empty() {
        missing.push((
            "terlapor.agency",
            Text::new(
                "Jabatan atau instansi terlapor",
                "Position or agency of the person reported",
            ),
        ));
    }
    let r = &report.reporter;
    if report.coalition_is_pelapor || r.name.trim().is_empty() || r.address.trim().is_empty() {
        missing.push((
            "pelapor",
            Text::new(
                "Nama dan alamat pelapor (dilengkapi koordinator)",
                "The pelapor's name and address (the coordinator completes them)",
            ),
        ));
    } else if r.contact.trim().is_empty() {
        missing.push((
            "reporter.contact",
            Text::new("Kontak pelapor", "Reporter's contact"),
        ));
    }
    missing
}

#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
    province: Option<ProvinceCode>,
    regency: Option<RegencyCode>,
    nip: Option<EmployeeNumber>,
    occurred: Option<When>,
    known: Option<When>,
    links: Vec<EvidenceUrl>,
}

impl Checker {
    fn run(r: &Report, level: Level, today: Date) -> Checker {
        let mut c = Checker::default();
        let ready = level == Level::Ready;
        if r.id.is_nil() || r.revision == 0 {
            c.push("id", ProblemCode::InvalidId);
        }

        c.text("terlapor.name", &r.terlapor.name, MAX_SHORT, ready);
        c.text("terlapor.position", &r.terlapor.position, MAX_SHORT, false);
        c.text("terlapor.agency", &r.terlapor.agency, MAX_SHORT, false);
        c.nip(&r.terlapor.nip, today);

        c.region(r, ready);
        c.text("place.description", &r.place.description, MAX_LONG, false);
        if let Some(gps) = r.place.gps {
            let ok = (-90.0..=90.0).contains(&gps.lat)
                && (-180.0..=180.0).contains(&gps.lon)
                && gps.accuracy_m.is_none_or(|a| a.is_finite() && a >= 0.0);
            if !ok {
                c.push("place.gps", ProblemCode::InvalidGps);
            }
        }

        c.occurred = c.when("occurred_at", &r.occurred_at, today, ready);
        c.known = c.when("known_at", &r.known_at, today, ready);
        if let (Some(occurred), Some(known)) = (c.occurred, c.known)
            && known.before(occurred)
        {
            c.push("known_at", ProblemCode::KnownBeforeOccurred);
        }

        if ready && r.election.kind.is_none() {
            c.push("election.kind", ProblemCode::Required);
        }

        c.violations(r, ready);
        c.text("description", &r.description, MAX_LONG, ready);
        if ready
            && !r.description.trim().is_empty()
            && r.description.trim().chars().count() < MIN_DESCRIPTION
        {
            c.push("description", ProblemCode::TooShort);
        }
        c.text("beneficiary", &r.beneficiary, MAX_SHORT, false);
        c.text("witnesses", &r.witnesses, MAX_LONG, false);

        if ready && r.source.kind.is_none() {
            c.push("source.kind", ProblemCode::Required);
        }
        if !r.source.url.trim().is_empty() && EvidenceUrl::parse(&r.source.url).is_err() {
            c.push("source.url", ProblemCode::InvalidUrl);
        }
        c.text("source.account", &r.source.account, MAX_SHORT, false);
        c.text("source.outlet", &r.source.outlet, MAX_SHORT, false);

        c.evidence(r);

        // Hidden fields are not sent (`with_identity_settled`), so what
        // they hold cannot be wrong.
        if !r.coalition_is_pelapor {
            c.text("reporter.name", &r.reporter.name, MAX_SHORT, false);
            c.text("reporter.contact", &r.reporter.contact, MAX_SHORT, false);
            c.text("reporter.address", &r.reporter.address, MAX_LONG, false);
        }
        c
    }

    fn nip(&mut self, typed: &str, today: Date) {
        const FIELD: &str = "terlapor.nip";
        if typed.chars().count() > MAX_SHORT {
            self.push(FIELD, ProblemCode::TooLong);
            return;
        }
        let Some(number) = EmployeeNumber::parse(typed, today) else {
            return;
        };
        if let EmployeeNumber::Unrecognised { reason, .. } = &number {
            self.push(FIELD, nip_problem(*reason));
            self.push(FIELD, ProblemCode::NipUnrecognised);
        }
        match number.implausible(today) {
            Some(Implausible::AppointedBeforeBirth) => {
                self.push(FIELD, ProblemCode::NipAppointmentBeforeBirth)
            }
            Some(Implausible::Dates) => self.push(FIELD, ProblemCode::NipImplausible),
            None => {}
        }
        self.nip = Some(number);
    }

    fn push(&mut self, field: impl Into<String>, code: ProblemCode) {
        self.problems.push(Problem::new(field, code));
    }

    fn text(&mut self, field: &str, value: &str, max: usize, required: bool) {
        if required && value.trim().is_empty() {
            self.push(field, ProblemCode::Required);
        } else if value.chars().count() > max {
            self.push(field, ProblemCode::TooLong);
        }
    }

    fn region(&mut self, r: &Report, required: bool) {
        let (province, regency) = (r.place.province.trim(), r.place.regency.trim());
        if province.is_empty() {
            if required {
                self.push("place.province", ProblemCode::Required);
            }
        } else {
            match ProvinceCode::parse(province) {
                Ok(p) => self.province = Some(p),
                Err(_) => self.push("place.province", ProblemCode::UnknownProvince),
            }
        }
        if regency.is_empty() {
            if required {
                self.push("place.regency", ProblemCode::Required);
            }
            return;
        }
        let parsed = match self.province {
            Some(p) => RegencyCode::parse_in(p, regency),
            None => RegencyCode::parse(regency),
        };
        match parsed {
            Ok(code) => self.regency = Some(code),
            Err(RegionError::WrongProvince) => {
                self.push("place.regency", ProblemCode::RegencyNotInProvince)
            }
            Err(_) => self.push("place.regency", ProblemCode::UnknownRegency),
        }
    }

    fn when(&mut self, field: &str, value: &str, today: Date, required: bool) -> Option<When> {
        if value.trim().is_empty() {
            if required {
                self.push(field, ProblemCode::Required);
            }
            return None;
        }
        match When::parse(value) {
            None => {
                self.push(field, ProblemCode::InvalidDate);
                None
            }
            Some(w) if w.date > today => {
                self.push(field, ProblemCode::DateInFuture);
                None
            }
            Some(w) => Some(w),
        }
    }

    fn violations(&mut self, r: &Report, required: bool) {
        if required && r.violations.is_empty() {
            self.push("violations", ProblemCode::Required);
        }
        for (i, v) in r.violations.iter().enumerate() {
            if r.violations[..i].contains(v) {
                self.push(format!("violations.{i}"), ProblemCode::DuplicateViolation);
            }
        }
        if r.violations.contains(&ViolationCode::Lainnya) {
            self.text("violation_other", &r.violation_other, MAX_LONG, required);
        }
    }

    fn evidence(&mut self, r: &Report) {
        if r.evidence_links.len() > MAX_LINKS {
            self.push("evidence_links", ProblemCode::TooMany);
        }
        for (i, link) in r.evidence_links.iter().enumerate().take(MAX_LINKS) {
            match EvidenceUrl::parse(link) {
                Ok(url) => self.links.push(url),
                Err(_) => self.push(format!("evidence_links.{i}"), ProblemCode::InvalidUrl),
            }
        }
        if r.photos.len() > MAX_PHOTOS {
            self.push("photos", ProblemCode::TooMany);
        }
        for (i, photo) in r.photos.iter().enumerate().take(MAX_PHOTOS) {
            for (name, hash) in [
                ("sha256", &photo.sha256),
                ("original_sha256", &photo.original_sha256),
            ] {
                if !is_sha256_hex(hash) {
                    self.push(format!("photos.{i}.{name}"), ProblemCode::InvalidSha256);
                }
            }
            if !photo.dhash.is_empty() && PhotoHash::parse(&photo.dhash).is_none() {
                self.push(format!("photos.{i}.dhash"), ProblemCode::InvalidPhotoHash);
            }
        }
        if r.videos.len() > MAX_VIDEOS {
            self.push("videos", ProblemCode::TooMany);
        }
        for (i, video) in r.videos.iter().enumerate().take(MAX_VIDEOS) {
            if !is_sha256_hex(&video.sha256) {
                self.push(format!("videos.{i}.sha256"), ProblemCode::InvalidSha256);
            }
            match MediaType::from_mime(&video.media_type) {
                Some(t) if t.is_video() => {
                    if video.bytes > t.max_bytes() {
                        self.push(format!("videos.{i}"), ProblemCode::VideoTooLarge);
                    }
                }
                _ => self.push(format!("videos.{i}.media_type"), ProblemCode::NotAVideo),
            }
        }
    }
}

/// 64 lower-case hex digits, the form used in evidence URLs.
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn nip_problem(e: NipError) -> ProblemCode {
    match e {
        NipError::Length => ProblemCode::NipLength,
        NipError::NotDigits => ProblemCode::NipNotDigits,
        NipError::BirthDate => ProblemCode::NipBirthDate,
        NipError::AppointmentMonth => ProblemCode::NipAppointment,
        NipError::Sex => ProblemCode::NipSex,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use time::macros::date;
    use uuid::Uuid;

    use crate::nip::NipKind;

    const TODAY: Date = date!(2024 - 11 - 25);

    pub(crate) fn complete() -> Report {
        let mut r = Report::example(Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_0001));
        r.terlapor.nip = "19660801 198803 1 001".into();
        r
    }

    fn codes(problems: &[Problem]) -> Vec<(String, String)> {
        problems
            .iter()
            .map(|p| (p.field.clone(), p.code.clone()))
            .collect()
    }

    #[test]
    fn a_complete_report_is_ready() {
        let ready = ready(complete(), TODAY).unwrap();
        assert_eq!(ready.regency.to_string(), "35.78");
        assert_eq!(ready.nip.unwrap().key(), Some("196608011988031001"));
        assert!(ready.warnings.is_empty());
        assert_eq!(ready.occurred.time, Some(time::macros::time!(9:30)));
    }

    #[test]
    fn an_empty_draft_has_no_problems_but_is_not_ready() {
        let draft = Report::new(Uuid::from_u128(1));
        assert!(validate(&draft, Level::Draft, TODAY).is_empty());
        let fields: Vec<_> = validate(&draft, Level::Ready, TODAY)
            .into_iter()
            .map(|p| p.field)
            .collect();
        for f in [
            "terlapor.name",
            "place.province",
            "place.regency",
            "occurred_at",
            "known_at",
            "election.kind",
            "violations",
            "description",
            "source.kind",
        ] {
            assert!(fields.iter().any(|x| x == f), "missing {f} in {fields:?}");
        }
        // The pelapor is needed for a formal filing only.
        assert!(
            !fields.iter().any(|f| f.starts_with("reporter")),
            "{fields:?}"
        );
    }

    #[test]
    fn an_unrecognised_nip_is_ready_with_a_warning_and_kept_as_typed() {
        let mut r = complete();
        r.terlapor.nip = "19660801 1988".into();
        let problems = validate(&r, Level::Ready, TODAY);
        assert_eq!(
            codes(&problems),
            vec![
                ("terlapor.nip".into(), "nip_length".into()),
                ("terlapor.nip".into(), "nip_unrecognised".into()),
            ]
        );
        assert!(problems.iter().all(|p| !p.is_error()));
        assert!(is_ready(&r, TODAY));
        let ready = ready(r, TODAY).unwrap();
        assert_eq!(ready.warnings, problems);
        assert_eq!(
            ready.nip.as_ref().map(|n| n.kind()),
            Some(NipKind::Unrecognised)
        );
        assert_eq!(ready.nip.unwrap().key(), None);
    }

    #[test]
    fn a_pppk_number_is_ready_without_a_warning() {
        let mut r = complete();
        r.terlapor.nip = "19850512 2021 21 1 003".into();
        let ready = ready(r, TODAY).unwrap();
        assert!(ready.warnings.is_empty());
        assert_eq!(ready.nip.unwrap().kind(), NipKind::Pppk);
    }

    #[test]
    fn implausible_nip_dates_are_warnings() {
        let mut r = complete();
        r.terlapor.nip = "19660801 198207 1 001".into();
        assert_eq!(
            codes(&validate(&r, Level::Ready, TODAY)),
            vec![("terlapor.nip".into(), "nip_implausible".into())]
        );
        r.terlapor.nip = "19900101 202412 1 001".into();
        assert_eq!(
            codes(&validate(&r, Level::Ready, TODAY)),
            vec![("terlapor.nip".into(), "nip_implausible".into())]
        );
        r.terlapor.nip = "19660801 196507 1 001".into();
        let problems = validate(&r, Level::Ready, TODAY);
        assert_eq!(
            codes(&problems),
            vec![("terlapor.nip".into(), "nip_appointment_before_birth".into())]
        );
        assert!(!problems[0].is_error());
        // Still a PNS NIP, so still a key.
        assert!(ready(r, TODAY).unwrap().nip.unwrap().key().is_some());
    }

    #[test]
    fn an_absurdly_long_nip_is_an_error() {
        let mut r = complete();
        r.terlapor.nip = "1".repeat(MAX_SHORT + 1);
        let problems = validate(&r, Level::Ready, TODAY);
        assert_eq!(
            codes(&problems),
            vec![("terlapor.nip".into(), "too_long".into())]
        );
        assert!(!is_ready(&r, TODAY));
    }

    #[test]
    fn a_report_without_the_volunteers_identity_is_ready_and_lacks_a_pelapor() {
        let mut r = complete();
        r.evidence_links
            .push("https://facebook.com/x/posts/1".into());
        r.reporter.contact = "0812".into();
        assert!(formal_missing(&r).is_empty());

        let mut hidden = r.clone();
        hidden.coalition_is_pelapor = true;
        // Even what the hidden fields hold cannot stop it.
        hidden.reporter.name = "a".repeat(MAX_SHORT + 1);
        assert!(validate(&hidden, Level::Ready, TODAY).is_empty());
        let sent = ready(hidden.clone(), TODAY).unwrap();
        assert_eq!(sent.report.reporter, Default::default(), "not stored");
        for report in [&hidden, &sent.report] {
            let missing: Vec<_> = formal_missing(report).into_iter().map(|m| m.0).collect();
            assert_eq!(missing, vec!["pelapor"]);
        }

        let mut blank = r;
        blank.reporter.name.clear();
        blank.reporter.address.clear();
        assert!(validate(&blank, Level::Ready, TODAY).is_empty());
        let sent = ready(blank.clone(), TODAY).unwrap();
        assert!(sent.report.coalition_is_pelapor);
        assert_eq!(sent.report.reporter.contact, "0812");
        let missing: Vec<_> = formal_missing(&blank).into_iter().map(|m| m.0).collect();
        assert_eq!(missing, vec!["pelapor"]);
    }

    #[test]
    fn malformed_values_are_problems_even_in_a_draft() {
        let mut r = Report::new(Uuid::from_u128(1));
        r.terlapor.nip = "1966".into();
        r.place.province = "32".into();
        r.place.regency = "35.78".into();
        r.occurred_at = "2024-11-26".into();
        r.known_at = "kemarin".into();
        r.evidence_links = vec!["https://detik.com/a".into(), "detik".into()];
        assert_eq!(
            codes(&validate(&r, Level::Draft, TODAY)),
            vec![
                ("terlapor.nip".into(), "nip_length".into()),
                ("terlapor.nip".into(), "nip_unrecognised".into()),
                ("place.regency".into(), "regency_not_in_province".into()),
                ("occurred_at".into(), "date_in_future".into()),
                ("known_at".into(), "invalid_date".into()),
                ("evidence_links.1".into(), "invalid_url".into()),
            ]
        );
    }

    #[test]
    fn videos_are_checked_like_photos_with_their_own_limit() {
        use crate::report::VideoRef;
        let video = |sha: &str, media_type: &str, bytes: u64| VideoRef {
            sha256: sha.into(),
            media_type: media_type.into(),
            bytes,
            captured_at: String::new(),
        };
        let sha = "b".repeat(64);
        let mut r = complete();
        r.photos.clear();
        r.evidence_links.clear();
        r.source.url.clear();
        r.videos = vec![video(&sha, "video/webm", crate::media::MAX_VIDEO_BYTES)];
        assert_eq!(codes(&validate(&r, Level::Ready, TODAY)), vec![]);
        // A video alone is evidence enough for a formal filing.
        assert!(!formal_missing(&r).iter().any(|(f, _)| *f == "photos"));
        r.videos = vec![
            video(&sha, "video/mp4", crate::media::MAX_VIDEO_BYTES + 1),
            video("B", "video/webm", 1),
            video(&sha, "image/jpeg", 1),
            video(&sha, "video/quicktime", 1),
        ];
        assert_eq!(
            codes(&validate(&r, Level::Draft, TODAY)),
            vec![
                ("videos.0".into(), "video_too_large".into()),
                ("videos.1.sha256".into(), "invalid_sha256".into()),
                ("videos.2.media_type".into(), "not_a_video".into()),
                ("videos.3.media_type".into(), "not_a_video".into()),
            ]
        );
        r.videos = vec![video(&sha, "video/mp4", 1); MAX_VIDEOS + 1];
        assert_eq!(
            codes(&validate(&r, Level::Draft, TODAY)),
            vec![("videos".into(), "too_many".into())]
        );
    }

    #[test]
    fn a_report_without_videos_serialises_as_before() {
        let r = complete();
        assert!(!serde_json::to_string(&r).unwrap().contains("videos"));
        let mut with = r.clone();
        with.videos.push(crate::report::VideoRef::default());
        assert!(serde_json::to_string(&with).unwrap().contains("\"videos\""));
    }

    #[test]
    fn dates_in_the_shapes_inputs_produce() {
        assert_eq!(When::parse("2024-11-20").map(|w| w.time), Some(None));
        let w = When::parse(" 2024-11-20T09:30 ").unwrap();
        assert_eq!(
            (w.date, w.time),
            (date!(2024 - 11 - 20), Some(time::macros::time!(9:30)))
        );
        assert_eq!(
            When::parse("2024-02-29T23:59:59").unwrap().time,
            Some(time::macros::time!(23:59:59))
        );
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "24-11-20",
            "2024-11-20T25:00",
            "2024-11-20T09",
            "2024-11-20T09:30:00:00",
            "20-11-2024",
            "2024-11-2o",
            "2024-11-20-1",
            "",
        ] {
            assert_eq!(When::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn known_cannot_precede_occurred() {
        let mut r = complete();
        r.known_at = "2024-11-19".into();
        assert_eq!(
            codes(&validate(&r, Level::Ready, TODAY)),
            vec![("known_at".into(), "known_before_occurred".into())]
        );
        // Same day, no time known: fine.
        r.known_at = "2024-11-20".into();
        assert!(validate(&r, Level::Ready, TODAY).is_empty());
        r.known_at = "2024-11-20T08:00".into();
        assert_eq!(
            validate(&r, Level::Ready, TODAY)[0].code,
            "known_before_occurred"
        );
    }

    #[test]
    fn other_violation_needs_text_and_no_duplicates() {
        let mut r = complete();
        r.violations = vec![ViolationCode::Lainnya, ViolationCode::Lainnya];
        assert_eq!(
            codes(&validate(&r, Level::Ready, TODAY)),
            vec![
                ("violations.1".into(), "duplicate_violation".into()),
                ("violation_other".into(), "required".into()),
            ]
        );
    }

    #[test]
    fn messages_exist_in_both_languages() {
        let p = &validate(&Report::default(), Level::Ready, TODAY)[0];
        assert_eq!(p.code, "invalid_id");
        assert!(
            !p.message.id.is_empty() && !p.message.en.is_empty() && p.message.id != p.message.en
        );
    }

    #[test]
    fn formal_checklist() {
        let mut r = complete();
        let missing: Vec<_> = formal_missing(&r).into_iter().map(|m| m.0).collect();
        assert_eq!(missing, vec!["photos", "reporter.contact"]);
        r.evidence_links
            .push("https://facebook.com/x/posts/1".into());
        r.reporter.contact = "0812".into();
        assert!(formal_missing(&r).is_empty());
    }
}
