//! The numbers a civil servant (ASN) is known by. Two shapes are recognised:
//!
//! - the PNS NIP (Perka BKN 22/2007): birth date (YYYYMMDD), the month of
//!   first appointment (YYYYMM), sex (1 or 2) and a 3-digit sequence,
//!   e.g. `19660801 198803 1 001`;
//! - the NI PPPK of contract employees: also 18 digits, birth date, then
//!   the 4-digit year of appointment, a 2-digit code that is not a month
//!   (commonly `21`), sex and sequence, e.g. `19850512 2021 21 1 003`.
//!
//! The PPPK layout is read off numbers seen in published lists, not from a
//! regulation: it is recognised only when every part is plausible (a valid
//! birth date, an appointment year from the 18th birthday up to this year,
//! a code that is not 01–12, sex 1 or 2), so a mistyped PNS NIP is not
//! taken for one. Anything else a volunteer types is kept as typed
//! ([`EmployeeNumber::Unrecognised`]): a half-remembered number still helps
//! the coordinator, it just never joins reports.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::{Date, Month};

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NipError {
    #[error("a NIP has exactly 18 digits")]
    Length,
    #[error("a NIP holds only digits and spaces")]
    NotDigits,
    #[error("the first 8 digits are not a valid birth date")]
    BirthDate,
    #[error("digits 9-14 are not a valid appointment month")]
    AppointmentMonth,
    #[error("digit 15 (sex) must be 1 or 2")]
    Sex,
}

/// Why a recognised number's dates are hard to believe. Said to the
/// volunteer and the coordinator; never a reason to refuse a report (a
/// typo in one digit is likelier than a wrong rule, and either way the
/// coordinator checks).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Implausible {
    AppointedBeforeBirth,
    /// Appointed before the 18th birthday, or a date after today.
    Dates,
}

/// The 18 digits, separators (space, no-break space, dot, dash) dropped.
fn digits(input: &str) -> Result<[u8; 18], NipError> {
    let mut digits = [0u8; 18];
    let mut n = 0;
    for c in input.chars() {
        match c {
            ' ' | '\u{a0}' | '.' | '-' => continue,
            '0'..='9' => {
                if n == 18 {
                    return Err(NipError::Length);
                }
                digits[n] = c as u8;
                n += 1;
            }
            _ => return Err(NipError::NotDigits),
        }
    }
    if n != 18 {
        return Err(NipError::Length);
    }
    Ok(digits)
}

fn number(digits: &[u8; 18], range: std::ops::Range<usize>) -> u32 {
    digits[range]
        .iter()
        .fold(0, |acc, d| acc * 10 + u32::from(d - b'0'))
}

fn birth_date(digits: &[u8; 18]) -> Option<Date> {
    let year = number(digits, 0..4) as i32;
    if year < 1900 {
        return None;
    }
    let month = Month::try_from(number(digits, 4..6) as u8).ok()?;
    Date::from_calendar_date(year, month, number(digits, 6..8) as u8).ok()
}

fn as_str(digits: &[u8; 18]) -> &str {
    // Only ASCII digits are ever stored.
    std::str::from_utf8(digits).unwrap_or_default()
}

/// A PNS NIP whose structure is valid. Stored without spaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Nip([u8; 18]);

impl Nip {
    /// The structure only; whether the dates are believable is
    /// [`Nip::implausible`], which needs today's date.
    pub fn parse(input: &str) -> Result<Nip, NipError> {
        let digits = digits(input)?;
        let nip = Nip(digits);
        nip.birth_date().ok_or(NipError::BirthDate)?;
        nip.appointment().ok_or(NipError::AppointmentMonth)?;
        if !matches!(digits[14], b'1' | b'2') {
            return Err(NipError::Sex);
        }
        Ok(nip)
    }

    pub fn birth_date(&self) -> Option<Date> {
        birth_date(&self.0)
    }

    pub fn appointment(&self) -> Option<(i32, Month)> {
        let year = number(&self.0, 8..12) as i32;
        if year < 1900 {
            return None;
        }
        Some((year, Month::try_from(number(&self.0, 12..14) as u8).ok()?))
    }

    /// Appointed at or after the 18th birthday (the minimum age for a PNS),
    /// and nothing after `today`.
    pub fn implausible(&self, today: Date) -> Option<Implausible> {
        let (birth, (year, month)) = (self.birth_date()?, self.appointment()?);
        let appointed = (year, month as u8);
        if appointed <= (birth.year(), birth.month() as u8) {
            return Some(Implausible::AppointedBeforeBirth);
        }
        let adult = appointed >= (birth.year() + 18, birth.month() as u8);
        let past = birth <= today && appointed <= (today.year(), today.month() as u8);
        (!adult || !past).then_some(Implausible::Dates)
    }

    pub fn as_str(&self) -> &str {
        as_str(&self.0)
    }
}

impl fmt::Display for Nip {
    /// The grouped form people write: `19660801 198803 1 001`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.as_str();
        write!(
            f,
            "{} {} {} {}",
            &s[0..8],
            &s[8..14],
            &s[14..15],
            &s[15..18]
        )
    }
}

impl Serialize for Nip {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Nip {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Nip::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// An NI PPPK that passed the conservative check in the module comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pppk([u8; 18]);

impl Pppk {
    /// `None` unless every part is plausible on `today`: unlike a PNS NIP,
    /// the shape alone is too weak to tell a PPPK number from a typo.
    pub fn parse(input: &str, today: Date) -> Option<Pppk> {
        let digits = digits(input).ok()?;
        let birth = birth_date(&digits)?;
        let year = number(&digits, 8..12) as i32;
        let code = number(&digits, 12..14);
        let plausible = (birth.year() + 18..=today.year()).contains(&year)
            && birth <= today
            && !(1..=12).contains(&code)
            && matches!(digits[14], b'1' | b'2');
        plausible.then_some(Pppk(digits))
    }

    pub fn birth_date(&self) -> Option<Date> {
        birth_date(&self.0)
    }

    pub fn appointment_year(&self) -> i32 {
        number(&self.0, 8..12) as i32
    }

    pub fn as_str(&self) -> &str {
        as_str(&self.0)
    }
}

impl fmt::Display for Pppk {
    /// `19850512 2021 21 1 003`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.as_str();
        write!(
            f,
            "{} {} {} {} {}",
            &s[0..8],
            &s[8..12],
            &s[12..14],
            &s[14..15],
            &s[15..18]
        )
    }
}

/// Which of the shapes a typed number has: what the dashboard shows beside
/// it, so a coordinator knows whether to trust it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NipKind {
    Pns,
    Pppk,
    Unrecognised,
}

/// A number as typed for the person reported, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EmployeeNumber {
    Pns(Nip),
    Pppk(Pppk),
    /// Kept as typed (trimmed), with the first thing that did not fit a
    /// PNS NIP.
    Unrecognised {
        typed: String,
        reason: NipError,
    },
}

impl EmployeeNumber {
    /// `None` for a blank field. A PNS NIP is tried first: a number that
    /// fits both shapes (digits 13–14 a month) is a PNS NIP.
    pub fn parse(input: &str, today: Date) -> Option<EmployeeNumber> {
        let input = input.trim();
        if input.is_empty() {
            return None;
        }
        Some(match Nip::parse(input) {
            Ok(nip) => EmployeeNumber::Pns(nip),
            Err(reason) => match Pppk::parse(input, today) {
                Some(pppk) => EmployeeNumber::Pppk(pppk),
                None => EmployeeNumber::Unrecognised {
                    typed: input.to_owned(),
                    reason,
                },
            },
        })
    }

    pub fn kind(&self) -> NipKind {
        match self {
            EmployeeNumber::Pns(_) => NipKind::Pns,
            EmployeeNumber::Pppk(_) => NipKind::Pppk,
            EmployeeNumber::Unrecognised { .. } => NipKind::Unrecognised,
        }
    }

    /// The 18 digits of a recognised number: the only form that may join
    /// reports (a partial number would join different people).
    pub fn key(&self) -> Option<&str> {
        match self {
            EmployeeNumber::Pns(nip) => Some(nip.as_str()),
            EmployeeNumber::Pppk(pppk) => Some(pppk.as_str()),
            EmployeeNumber::Unrecognised { .. } => None,
        }
    }

    pub fn implausible(&self, today: Date) -> Option<Implausible> {
        match self {
            EmployeeNumber::Pns(nip) => nip.implausible(today),
            // Recognised only when plausible.
            EmployeeNumber::Pppk(_) | EmployeeNumber::Unrecognised { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_shapes() {
        let nip = Nip::parse("19660801 198803 1 001").unwrap();
        assert_eq!(nip.as_str(), "196608011988031001");
        assert_eq!(nip.to_string(), "19660801 198803 1 001");
        assert_eq!(nip.birth_date().unwrap().to_string(), "1966-08-01");
        assert_eq!(
            Nip::parse("198512302010122002").unwrap().appointment(),
            Some((2010, Month::December))
        );
        let json = serde_json::to_string(&nip).unwrap();
        assert_eq!(serde_json::from_str::<Nip>(&json).unwrap(), nip);
    }

    #[test]
    fn rejects_each_broken_part() {
        assert_eq!(Nip::parse("19660801 198803 1 00"), Err(NipError::Length));
        assert_eq!(Nip::parse("19660801 198803 1 0011"), Err(NipError::Length));
        assert_eq!(
            Nip::parse("1966080l 198803 1 001"),
            Err(NipError::NotDigits)
        );
        assert_eq!(
            Nip::parse("19661301 198803 1 001"),
            Err(NipError::BirthDate)
        );
        assert_eq!(
            Nip::parse("19660230 198803 1 001"),
            Err(NipError::BirthDate)
        );
        assert_eq!(
            Nip::parse("19660801 198813 1 001"),
            Err(NipError::AppointmentMonth)
        );
        assert_eq!(Nip::parse("19660801 198803 3 001"), Err(NipError::Sex));
        // A 16-digit NIK is not a NIP.
        assert_eq!(Nip::parse("3578010101900001"), Err(NipError::Length));
    }

    const TODAY: Date = time::macros::date!(2024 - 11 - 25);

    fn parse(s: &str) -> EmployeeNumber {
        EmployeeNumber::parse(s, TODAY).unwrap()
    }

    #[test]
    fn a_pns_nip_is_recognised_and_keyed() {
        let n = parse(" 19660801 198803 1 001 ");
        assert_eq!(n.kind(), NipKind::Pns);
        assert_eq!(n.key(), Some("196608011988031001"));
        assert_eq!(n.implausible(TODAY), None);
        assert_eq!(EmployeeNumber::parse("  ", TODAY), None);
    }

    #[test]
    fn a_pppk_number_is_recognised_and_keyed() {
        let n = parse("19850512 2021 21 1 003");
        assert_eq!(n.kind(), NipKind::Pppk);
        assert_eq!(n.key(), Some("198505122021211003"));
        let EmployeeNumber::Pppk(p) = n else {
            unreachable!()
        };
        assert_eq!(p.to_string(), "19850512 2021 21 1 003");
        assert_eq!(p.appointment_year(), 2021);
        assert_eq!(p.birth_date().unwrap().to_string(), "1985-05-12");
        // Digits 13-14 that are a month make it a PNS NIP instead.
        assert_eq!(parse("198505122021051003").kind(), NipKind::Pns);
    }

    #[test]
    fn a_doubtful_pppk_shape_is_not_recognised() {
        for bad in [
            // Appointed at 17.
            "19850512 2002 21 1 003",
            // Appointed next year.
            "19850512 2025 21 1 003",
            // Sex digit 3.
            "19850512 2021 21 3 003",
            // Not a birth date.
            "19851312 2021 21 1 003",
        ] {
            let n = parse(bad);
            assert_eq!(n.kind(), NipKind::Unrecognised, "{bad}");
            assert_eq!(n.key(), None, "{bad}");
        }
    }

    #[test]
    fn a_partial_number_is_kept_as_typed_and_never_keyed() {
        assert_eq!(
            parse(" 19660801 1988 "),
            EmployeeNumber::Unrecognised {
                typed: "19660801 1988".into(),
                reason: NipError::Length
            }
        );
        assert_eq!(parse("19660801 1988").key(), None);
        assert_eq!(parse("NIP 1966").kind(), NipKind::Unrecognised);
    }

    #[test]
    fn implausible_dates_are_recognised_but_flagged() {
        // Appointed before birth, and at 16: still PNS NIPs, flagged.
        let before = parse("19660801 196507 1 001");
        assert_eq!(before.kind(), NipKind::Pns);
        assert_eq!(
            before.implausible(TODAY),
            Some(Implausible::AppointedBeforeBirth)
        );
        assert_eq!(
            parse("19660801 196608 1 001").implausible(TODAY),
            Some(Implausible::AppointedBeforeBirth)
        );
        assert_eq!(
            parse("19660801 198207 1 001").implausible(TODAY),
            Some(Implausible::Dates)
        );
        // The 18th birthday's month is the first plausible one.
        assert_eq!(parse("19660801 198408 1 001").implausible(TODAY), None);
        // Appointed in a month still to come; born in the future.
        assert_eq!(
            parse("19900101 202412 1 001").implausible(TODAY),
            Some(Implausible::Dates)
        );
        assert_eq!(parse("19900101 202411 1 001").implausible(TODAY), None);
        assert_eq!(
            parse("20250101 204501 1 001").implausible(TODAY),
            Some(Implausible::Dates)
        );
    }
}
