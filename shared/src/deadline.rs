//! The reporting deadline. Pemilu (UU 7/2017 Ps 454(6)): 7 working days from
//! when the violation became known; Pilkada (UU 1/2015 Ps 134): 7 days.
//! Saturdays and Sundays are skipped for Pemilu; national holidays are not
//! modelled yet, so the date shown is on the safe (early) side of the law.

use time::{Date, Duration, Weekday};

use crate::catalogue::ElectionKind;

pub const DEADLINE_DAYS: i64 = 7;

/// The last day on which a report can still be filed.
pub fn deadline(known_on: Date, kind: ElectionKind) -> Date {
    if kind.is_pilkada() {
        return known_on + Duration::days(DEADLINE_DAYS);
    }
    let mut day = known_on;
    let mut left = DEADLINE_DAYS;
    while left > 0 {
        day = day.next_day().unwrap_or(day);
        if !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
            left -= 1;
        }
    }
    day
}

/// Whole days from `today` to `deadline`: 0 on the last day, negative once passed.
pub fn days_left(deadline: Date, today: Date) -> i64 {
    (deadline - today).whole_days()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn pemilu_counts_working_days() {
        // Known on Monday 5 Feb 2024 (campaign of Pemilu 2024): the 7th
        // working day after it is Wednesday 14 Feb.
        assert_eq!(
            deadline(date!(2024 - 02 - 05), ElectionKind::Pilpres),
            date!(2024 - 02 - 14)
        );
        // Known on a Saturday: counting starts on Monday.
        assert_eq!(
            deadline(date!(2024 - 02 - 10), ElectionKind::PilegDpr),
            date!(2024 - 02 - 20)
        );
    }

    #[test]
    fn pilkada_counts_calendar_days() {
        assert_eq!(
            deadline(date!(2024 - 11 - 20), ElectionKind::PilkadaBupati),
            date!(2024 - 11 - 27)
        );
    }

    #[test]
    fn countdown() {
        let d = date!(2024 - 11 - 27);
        assert_eq!(days_left(d, date!(2024 - 11 - 25)), 2);
        assert_eq!(days_left(d, d), 0);
        assert_eq!(days_left(d, date!(2024 - 11 - 28)), -1);
    }
}
