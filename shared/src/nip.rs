//! NIP, the civil-servant number (Perka BKN 22/2007): 18 digits made of the
//! birth date (YYYYMMDD), the month of first appointment (YYYYMM), sex (1 or
//! 2) and a 3-digit sequence, e.g. `19660801 198803 1 001`.

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
    #[error("the appointment is not after the birth date")]
    AppointmentBeforeBirth,
    #[error("digit 15 (sex) must be 1 or 2")]
    Sex,
}

/// A NIP whose structure is valid. Stored without spaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Nip([u8; 18]);

impl Nip {
    pub fn parse(input: &str) -> Result<Nip, NipError> {
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
        let nip = Nip(digits);
        let birth = nip.birth_date().ok_or(NipError::BirthDate)?;
        let (year, month) = nip.appointment().ok_or(NipError::AppointmentMonth)?;
        if (year, month as u8) <= (birth.year(), birth.month() as u8) {
            return Err(NipError::AppointmentBeforeBirth);
        }
        if !matches!(digits[14], b'1' | b'2') {
            return Err(NipError::Sex);
        }
        Ok(nip)
    }

    fn number(&self, range: std::ops::Range<usize>) -> u32 {
        self.0[range]
            .iter()
            .fold(0, |acc, d| acc * 10 + u32::from(d - b'0'))
    }

    pub fn birth_date(&self) -> Option<Date> {
        let year = self.number(0..4) as i32;
        if year < 1900 {
            return None;
        }
        let month = Month::try_from(self.number(4..6) as u8).ok()?;
        Date::from_calendar_date(year, month, self.number(6..8) as u8).ok()
    }

    pub fn appointment(&self) -> Option<(i32, Month)> {
        let year = self.number(8..12) as i32;
        if year < 1900 {
            return None;
        }
        Some((year, Month::try_from(self.number(12..14) as u8).ok()?))
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or_default()
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
        assert_eq!(
            Nip::parse("19660801 196507 1 001"),
            Err(NipError::AppointmentBeforeBirth)
        );
        assert_eq!(
            Nip::parse("19660801 196608 1 001"),
            Err(NipError::AppointmentBeforeBirth)
        );
        assert_eq!(Nip::parse("19660801 198803 3 001"), Err(NipError::Sex));
        // A 16-digit NIK is not a NIP.
        assert_eq!(Nip::parse("3578010101900001"), Err(NipError::Length));
    }
}
