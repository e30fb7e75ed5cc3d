//! Which days are days off: the built-in table (`holidays`, generated from
//! the SKB 3 Menteri lists) plus what a deployment changed since the
//! release, e.g. a cuti bersama an SKB revision added or cancelled. The
//! server reads the changes from a file and hands them to the app
//! (`GET /api/v1/calendar`), so a phone counts the same days offline.
//!
//! Outside the table's years (see `holidays::FIRST_YEAR`/`LAST_YEAR`) only
//! weekends and a deployment's own dates are days off.

use serde::{Deserialize, Serialize};
use time::{Date, Weekday};

use crate::holidays::{DAYS, NAMES};
use crate::validate::When;

/// Why a day is off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// Hari libur nasional.
    Libur,
    /// A voting day declared a national holiday.
    PemungutanSuara,
    /// Collective leave, taken from civil servants' annual leave: offices
    /// close, but legally it is not a holiday (see `deadline`).
    CutiBersama,
}

/// What a deployment says about one date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Libur,
    PemungutanSuara,
    CutiBersama,
    /// A working day after all: cancels a built-in day off.
    Kerja,
}

impl ChangeKind {
    const ALL: [(ChangeKind, &'static str); 4] = [
        (ChangeKind::Libur, "libur"),
        (ChangeKind::PemungutanSuara, "pemungutan_suara"),
        (ChangeKind::CutiBersama, "cuti_bersama"),
        (ChangeKind::Kerja, "kerja"),
    ];

    fn day_off(self) -> Option<DayKind> {
        match self {
            ChangeKind::Libur => Some(DayKind::Libur),
            ChangeKind::PemungutanSuara => Some(DayKind::PemungutanSuara),
            ChangeKind::CutiBersama => Some(DayKind::CutiBersama),
            ChangeKind::Kerja => None,
        }
    }
}

/// One changed date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarChange {
    /// `YYYY-MM-DD`.
    #[serde(with = "iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    pub kind: ChangeKind,
    /// What the day is, as the SKB calls it; may be empty.
    #[serde(default)]
    pub name: String,
}

/// A deployment's changes to the built-in days off, sorted by date, one
/// change per date: `GET /api/v1/calendar`'s body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarChanges {
    #[serde(deserialize_with = "sorted_changes")]
    pub changes: Vec<CalendarChange>,
}

/// A line of a holidays file that is not `YYYY-MM-DD kind [name]`.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}: {text:?}")]
pub struct ChangesError {
    pub line: usize,
    pub reason: &'static str,
    pub text: String,
}

impl CalendarChanges {
    /// Reads a holidays file: one change a line, `2025-12-26 cuti_bersama
    /// Cuti bersama Natal` or `2025-05-30 kerja`; `#` starts a comment.
    /// The kinds are `libur`, `pemungutan_suara`, `cuti_bersama`, `kerja`.
    pub fn parse(text: &str) -> Result<CalendarChanges, ChangesError> {
        let mut changes: Vec<CalendarChange> = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let bad = |reason| ChangesError {
                line: i + 1,
                reason,
                text: raw.trim().to_owned(),
            };
            let (date, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            let rest = rest.trim_start();
            let (kind, name) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            let date = When::parse(date)
                .filter(|w| w.time.is_none() && date.len() == 10)
                .ok_or_else(|| bad("not a date YYYY-MM-DD"))?
                .date;
            let (kind, _) = ChangeKind::ALL
                .into_iter()
                .find(|(_, code)| *code == kind)
                .ok_or_else(|| bad("the kind is libur, pemungutan_suara, cuti_bersama or kerja"))?;
            if changes.iter().any(|c| c.date == date) {
                return Err(bad("this date is already changed on an earlier line"));
            }
            let name = name.trim().to_owned();
            changes.push(CalendarChange { date, kind, name });
        }
        changes.sort_by_key(|c| c.date);
        Ok(CalendarChanges { changes })
    }
}

/// The days off a deadline counts: built-in, with a deployment's changes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Calendar {
    changes: CalendarChanges,
}

impl Calendar {
    /// The built-in table alone.
    pub fn builtin() -> Calendar {
        Calendar::default()
    }

    pub fn with_changes(changes: CalendarChanges) -> Calendar {
        Calendar { changes }
    }

    pub fn changes(&self) -> &CalendarChanges {
        &self.changes
    }

    /// Why `day` is off, weekends aside; `None` for a working day.
    pub fn day_off(&self, day: Date) -> Option<DayKind> {
        match self.change(day) {
            Some(c) => c.kind.day_off(),
            None => builtin(day).map(|i| DAYS[i].1),
        }
    }

    /// Whether offices are open on `day`, with cuti bersama open or not.
    pub fn is_working_day(&self, day: Date, cuti_bersama_works: bool) -> bool {
        if matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
            return false;
        }
        match self.day_off(day) {
            None => true,
            Some(DayKind::CutiBersama) => cuti_bersama_works,
            Some(_) => false,
        }
    }

    /// What a day off is called. Only the dashboard asks, so the names stay
    /// out of the volunteer app.
    pub fn name(&self, day: Date) -> Option<&str> {
        match self.change(day) {
            Some(c) if c.kind == ChangeKind::Kerja => None,
            Some(c) => Some(c.name.as_str()),
            None => builtin(day).map(|i| NAMES[i]),
        }
    }

    fn change(&self, day: Date) -> Option<&CalendarChange> {
        let c = &self.changes.changes;
        c.binary_search_by_key(&day, |c| c.date).ok().map(|i| &c[i])
    }
}

/// Index of `day` in the built-in table.
fn builtin(day: Date) -> Option<usize> {
    let key =
        day.year() as u32 * 10_000 + u32::from(u8::from(day.month())) * 100 + u32::from(day.day());
    DAYS.binary_search_by_key(&key, |(d, _)| *d).ok()
}

/// The changes as the server sent them, however it ordered them: lookups
/// binary-search them.
fn sorted_changes<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<CalendarChange>, D::Error> {
    let mut changes = Vec::<CalendarChange>::deserialize(d)?;
    changes.sort_by_key(|c| c.date);
    changes.dedup_by_key(|c| c.date);
    Ok(changes)
}

/// `YYYY-MM-DD` without the `time` crate's formatting machinery, which the
/// volunteer app would otherwise carry.
mod iso_date {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    pub fn serialize<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(d)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        crate::validate::When::parse(&s)
            .filter(|w| w.time.is_none())
            .map(|w| w.date)
            .ok_or_else(|| serde::de::Error::custom("expected a date YYYY-MM-DD"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_table_knows_voting_days_and_cuti_bersama() {
        let c = Calendar::builtin();
        assert_eq!(
            c.day_off(date!(2019 - 04 - 17)),
            Some(DayKind::PemungutanSuara)
        );
        assert_eq!(
            c.day_off(date!(2020 - 12 - 09)),
            Some(DayKind::PemungutanSuara)
        );
        assert_eq!(
            c.day_off(date!(2024 - 02 - 14)),
            Some(DayKind::PemungutanSuara)
        );
        assert_eq!(
            c.day_off(date!(2024 - 11 - 27)),
            Some(DayKind::PemungutanSuara)
        );
        assert_eq!(c.day_off(date!(2024 - 02 - 08)), Some(DayKind::Libur));
        assert_eq!(c.day_off(date!(2024 - 02 - 09)), Some(DayKind::CutiBersama));
        // Idul Fitri 2024 and its cuti bersama around it.
        for d in [date!(2024 - 04 - 10), date!(2024 - 04 - 11)] {
            assert_eq!(c.day_off(d), Some(DayKind::Libur));
        }
        for d in [8, 9, 12, 15] {
            let d = Date::from_calendar_date(2024, time::Month::April, d).unwrap();
            assert_eq!(c.day_off(d), Some(DayKind::CutiBersama), "{d}");
        }
        assert_eq!(c.day_off(date!(2024 - 04 - 16)), None);
        assert_eq!(
            c.name(date!(2024 - 02 - 14)),
            Some("Hari Pemungutan Suara Pemilu 2024")
        );
        assert!(c.is_working_day(date!(2024 - 02 - 09), true));
        assert!(!c.is_working_day(date!(2024 - 02 - 09), false));
        assert!(!c.is_working_day(date!(2024 - 02 - 17), true));
    }

    #[test]
    fn every_year_of_the_table_has_its_fixed_holidays() {
        let c = Calendar::builtin();
        for year in crate::holidays::FIRST_YEAR..=crate::holidays::LAST_YEAR {
            for (m, d) in [(1, 1), (5, 1), (6, 1), (8, 17), (12, 25)] {
                let day = Date::from_calendar_date(year, m.try_into().unwrap(), d).unwrap();
                assert_eq!(c.day_off(day), Some(DayKind::Libur), "{day}");
            }
        }
        assert!(
            DAYS.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted, one row a date"
        );
    }

    #[test]
    fn a_deployment_adds_and_cancels_days() {
        let text = "# SKB revision\n\
                    2025-12-26 kerja\n\
                    2025-12-29 cuti_bersama Cuti bersama Natal  # added\n\
                    \n\
                    2030-01-02 libur\n";
        let changes = CalendarChanges::parse(text).unwrap();
        assert_eq!(changes.changes.len(), 3);
        let c = Calendar::with_changes(changes.clone());
        assert_eq!(
            Calendar::builtin().day_off(date!(2025 - 12 - 26)),
            Some(DayKind::CutiBersama)
        );
        assert_eq!(c.day_off(date!(2025 - 12 - 26)), None);
        assert_eq!(c.name(date!(2025 - 12 - 26)), None);
        assert_eq!(c.day_off(date!(2025 - 12 - 29)), Some(DayKind::CutiBersama));
        assert_eq!(c.name(date!(2025 - 12 - 29)), Some("Cuti bersama Natal"));
        assert_eq!(c.day_off(date!(2030 - 01 - 02)), Some(DayKind::Libur));
        // What the app keeps: the same calendar back, in any order.
        let json = serde_json::to_string(&changes).unwrap();
        assert!(
            json.contains(r#"{"date":"2025-12-26","kind":"kerja","name":""}"#),
            "{json}"
        );
        let back: CalendarChanges = serde_json::from_str(&json).unwrap();
        assert_eq!(back, changes);
        let reversed = r#"{"changes":[{"date":"2030-01-02","kind":"libur"},{"date":"2025-12-26","kind":"kerja"}]}"#;
        let back: CalendarChanges = serde_json::from_str(reversed).unwrap();
        assert_eq!(
            Calendar::with_changes(back).day_off(date!(2025 - 12 - 26)),
            None
        );
        assert!(
            serde_json::from_str::<CalendarChanges>(
                r#"{"changes":[{"date":"26-12-2025","kind":"kerja"}]}"#
            )
            .is_err()
        );
    }

    #[test]
    fn a_bad_line_is_named() {
        let err = |text| CalendarChanges::parse(text).unwrap_err();
        let e = err("2025-12-26 kerja\n2025-13-01 libur\n");
        assert_eq!((e.line, e.text.as_str()), (2, "2025-13-01 libur"));
        assert_eq!(
            e.to_string(),
            r#"line 2: not a date YYYY-MM-DD: "2025-13-01 libur""#
        );
        assert_eq!(
            err("2025-12-26 holiday").reason,
            "the kind is libur, pemungutan_suara, cuti_bersama or kerja"
        );
        assert_eq!(err("2025-12-26").line, 1);
        assert_eq!(err("2025-12-26T10:00 libur").line, 1);
        assert_eq!(err("\n2025-12-26 kerja\n2025-12-26 libur").line, 3);
        assert_eq!(
            CalendarChanges::parse("# nothing\n\n").unwrap(),
            CalendarChanges::default()
        );
    }
}
