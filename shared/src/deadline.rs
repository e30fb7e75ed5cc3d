//! The deadline for Bawaslu. Pemilu (UU 7/2017 Ps 454(6)): 7 working days
//! from when the violation became known, weekends and holidays skipped;
//! Pilkada (UU 1/2015 Ps 134(4)): 7 days, calendar days.
//!
//! Cuti bersama is the open question: it is annual leave taken together,
//! not a holiday, so legally it is a working day, and the date printed and
//! shown as "Batas waktu ke Bawaslu" counts it as one (`legal`, the earlier
//! date). But Bawaslu's offices are closed then, so a report filed by the
//! date that skips cuti bersama too (`latest`) may still be accepted: a
//! case counts as past the deadline only after `latest`, and in between the
//! UI says to file today. BKN and SP4N-LAPOR! have no deadline.

use time::{Date, Duration};

use crate::calendar::Calendar;
use crate::catalogue::ElectionKind;

pub const DEADLINE_DAYS: i64 = 7;

/// The last day to file with Bawaslu, under both readings of cuti bersama.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadline {
    /// Cuti bersama counted as a working day: the date the law gives.
    pub legal: Date,
    /// Cuti bersama skipped as well; never before `legal`.
    pub latest: Date,
}

/// Where `today` stands against a [`Deadline`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeadlineStatus {
    /// `days_left` (at least 1) days to the legal date.
    Open { days_left: i64 },
    /// Today is the legal date.
    LastDay,
    /// The legal date has passed, but offices were closed for cuti bersama:
    /// a report may still be accepted until `until`.
    Grace { until: Date },
    /// Too late for Bawaslu; BKN and SP4N-LAPOR! remain.
    Passed,
}

impl Deadline {
    pub fn status(self, today: Date) -> DeadlineStatus {
        let days_left = (self.legal - today).whole_days();
        match days_left {
            1.. => DeadlineStatus::Open { days_left },
            0 => DeadlineStatus::LastDay,
            _ if today <= self.latest => DeadlineStatus::Grace { until: self.latest },
            _ => DeadlineStatus::Passed,
        }
    }

    /// Urgent: the last days, or a grace period that may end any day.
    pub fn is_soon(self, today: Date, within_days: i64) -> bool {
        match self.status(today) {
            DeadlineStatus::Open { days_left } => days_left <= within_days,
            DeadlineStatus::LastDay | DeadlineStatus::Grace { .. } => true,
            DeadlineStatus::Passed => false,
        }
    }
}

/// The deadline of a finding known on `known_on` for an election of `kind`.
pub fn deadline(known_on: Date, kind: ElectionKind, calendar: &Calendar) -> Deadline {
    if kind.is_pilkada() {
        let day = known_on + Duration::days(DEADLINE_DAYS);
        return Deadline {
            legal: day,
            latest: day,
        };
    }
    Deadline {
        legal: working_days_after(known_on, calendar, true),
        latest: working_days_after(known_on, calendar, false),
    }
}

/// The `DEADLINE_DAYS`th working day after `from`.
fn working_days_after(from: Date, calendar: &Calendar, cuti_bersama_works: bool) -> Date {
    let mut day = from;
    let mut left = DEADLINE_DAYS;
    while left > 0 {
        let Some(next) = day.next_day() else {
            return day;
        };
        day = next;
        if calendar.is_working_day(day, cuti_bersama_works) {
            left -= 1;
        }
    }
    day
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{CalendarChanges, DayKind};
    use proptest::prelude::*;
    use time::macros::date;

    fn pemilu(known: Date) -> Deadline {
        deadline(known, ElectionKind::Pilpres, &Calendar::builtin())
    }

    #[test]
    fn pemilu_counts_working_days() {
        // Known on Monday 5 Feb 2024 (campaign of Pemilu 2024). This test
        // once said Wednesday 14 Feb, counting only weekends: but 8 Feb is
        // Isra Mi'raj and 14 Feb voting day, both holidays, and 9 Feb is
        // cuti bersama Imlek. Counting it as a working day gives Friday
        // 16 Feb; skipping it too, Monday 19 Feb.
        assert_eq!(
            pemilu(date!(2024 - 02 - 05)),
            Deadline {
                legal: date!(2024 - 02 - 16),
                latest: date!(2024 - 02 - 19)
            }
        );
        // Known on a Saturday: counting starts on Monday 12 Feb; once said
        // Tuesday 20 Feb, but voting day 14 Feb is skipped.
        let d = deadline(
            date!(2024 - 02 - 10),
            ElectionKind::PilegDpr,
            &Calendar::builtin(),
        );
        assert_eq!(
            (d.legal, d.latest),
            (date!(2024 - 02 - 21), date!(2024 - 02 - 21))
        );
    }

    #[test]
    fn pemilu_2019_skips_voting_day_and_good_friday() {
        // Known Monday 15 Apr 2019: 17 Apr voting, 19 Apr Good Friday.
        let d = pemilu(date!(2019 - 04 - 15));
        assert_eq!(
            (d.legal, d.latest),
            (date!(2019 - 04 - 26), date!(2019 - 04 - 26))
        );
    }

    #[test]
    fn idul_fitri_2024_and_its_cuti_bersama() {
        // Known Friday 5 Apr 2024: 10-11 Apr Idul Fitri, cuti bersama 8, 9,
        // 12 and 15 Apr.
        let d = pemilu(date!(2024 - 04 - 05));
        assert_eq!(
            (d.legal, d.latest),
            (date!(2024 - 04 - 18), date!(2024 - 04 - 24))
        );
    }

    #[test]
    fn pilkada_counts_calendar_days() {
        // 7 days, holidays included: 27 Nov 2024 was Pilkada's own voting day.
        let d = deadline(
            date!(2024 - 11 - 20),
            ElectionKind::PilkadaBupati,
            &Calendar::builtin(),
        );
        assert_eq!(
            (d.legal, d.latest),
            (date!(2024 - 11 - 27), date!(2024 - 11 - 27))
        );
        let d = deadline(
            date!(2020 - 12 - 24),
            ElectionKind::PilkadaGubernur,
            &Calendar::builtin(),
        );
        assert_eq!(d.legal, date!(2020 - 12 - 31));
    }

    #[test]
    fn a_deployment_moves_the_deadline() {
        let with = |text| {
            let c = Calendar::with_changes(CalendarChanges::parse(text).unwrap());
            deadline(date!(2024 - 02 - 05), ElectionKind::Pilpres, &c)
        };
        // A day off added on the legal date pushes it to Monday.
        let d = with("2024-02-16 libur Hari libur tambahan");
        assert_eq!(
            (d.legal, d.latest),
            (date!(2024 - 02 - 19), date!(2024 - 02 - 20))
        );
        // Isra Mi'raj declared a working day: a day earlier both ways.
        let d = with("2024-02-08 kerja");
        assert_eq!(
            (d.legal, d.latest),
            (date!(2024 - 02 - 15), date!(2024 - 02 - 16))
        );
        // The cuti bersama cancelled: both readings agree.
        let d = with("2024-02-09 kerja");
        assert_eq!(
            (d.legal, d.latest),
            (date!(2024 - 02 - 16), date!(2024 - 02 - 16))
        );
    }

    #[test]
    fn status_through_the_grace_days() {
        let d = pemilu(date!(2024 - 02 - 05));
        let at = |today| d.status(today);
        assert_eq!(
            at(date!(2024 - 02 - 14)),
            DeadlineStatus::Open { days_left: 2 }
        );
        assert_eq!(
            at(date!(2024 - 02 - 15)),
            DeadlineStatus::Open { days_left: 1 }
        );
        assert_eq!(at(date!(2024 - 02 - 16)), DeadlineStatus::LastDay);
        let grace = DeadlineStatus::Grace {
            until: date!(2024 - 02 - 19),
        };
        assert_eq!(at(date!(2024 - 02 - 17)), grace);
        assert_eq!(at(date!(2024 - 02 - 19)), grace);
        assert_eq!(at(date!(2024 - 02 - 20)), DeadlineStatus::Passed);
        assert!(!d.is_soon(date!(2024 - 02 - 13), 2));
        assert!(d.is_soon(date!(2024 - 02 - 14), 2));
        assert!(d.is_soon(date!(2024 - 02 - 19), 2));
        assert!(!d.is_soon(date!(2024 - 02 - 20), 2));
        let p = deadline(
            date!(2024 - 11 - 20),
            ElectionKind::PilkadaBupati,
            &Calendar::builtin(),
        );
        assert_eq!(p.status(date!(2024 - 11 - 28)), DeadlineStatus::Passed);
    }

    proptest! {
        #[test]
        fn the_legal_date_is_a_working_day_and_latest_never_earlier(days in 0i64..4400) {
            let known = date!(2019 - 01 - 01) + Duration::days(days);
            let c = Calendar::builtin();
            let d = pemilu(known);
            prop_assert!(d.latest >= d.legal);
            prop_assert!(d.legal > known);
            prop_assert!(c.is_working_day(d.legal, true));
            prop_assert!(matches!(c.day_off(d.legal), None | Some(DayKind::CutiBersama)));
            prop_assert!(c.is_working_day(d.latest, false));
            // At most 7 working days and the longest break (Idul Fitri
            // with its cuti bersama and weekends) between them.
            prop_assert!((d.latest - known).whole_days() <= 21);
            let p = deadline(known, ElectionKind::PilkadaWaliKota, &c);
            prop_assert_eq!((p.legal, p.latest), (known + Duration::days(7), known + Duration::days(7)));
        }
    }
}
