//! Dates as a person reads them, never ISO: "Jumat, 16 Februari 2024" or
//! "Friday, 16 February 2024", and the deadline for Bawaslu in words. One
//! copy for the volunteer app, the dashboard and the print.

use time::Date;

use crate::deadline::{Deadline, DeadlineStatus};
use crate::i18n::Lang;
use crate::validate::When;

const MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Monday first, as `Weekday::number_days_from_monday`.
const WEEKDAYS: [(&str, &str); 7] = [
    ("Senin", "Monday"),
    ("Selasa", "Tuesday"),
    ("Rabu", "Wednesday"),
    ("Kamis", "Thursday"),
    ("Jumat", "Friday"),
    ("Sabtu", "Saturday"),
    ("Minggu", "Sunday"),
];

/// "Jumat, 16 Februari 2024" / "Friday, 16 February 2024".
pub fn long_date(d: Date, lang: Lang) -> String {
    let (id, en) = WEEKDAYS[usize::from(d.weekday().number_days_from_monday())];
    let month = usize::from(u8::from(d.month())) - 1;
    match lang {
        Lang::Id => format!("{id}, {} {} {}", d.day(), MONTHS[month], d.year()),
        Lang::En => format!("{en}, {} {} {}", d.day(), MONTHS_EN[month], d.year()),
    }
}

/// "2 hari lagi", "besok", "hari ini hari terakhir" / "2 days left",
/// "1 day left", "today is the last day"; `None` once the day has passed.
pub fn days_left_phrase(days_left: i64, lang: Lang) -> Option<String> {
    Some(match (lang, days_left) {
        (_, ..0) => return None,
        (Lang::Id, 0) => "hari ini hari terakhir".to_owned(),
        (Lang::Id, 1) => "besok".to_owned(),
        (Lang::Id, n) => format!("{n} hari lagi"),
        (Lang::En, 0) => "today is the last day".to_owned(),
        (Lang::En, 1) => "1 day left".to_owned(),
        (Lang::En, n) => format!("{n} days left"),
    })
}

/// The short form for a list: "2 hari lagi", or what is left to do once
/// the legal date has passed.
pub fn deadline_short(d: Deadline, today: Date, lang: Lang) -> String {
    let left = match d.status(today) {
        DeadlineStatus::Open { days_left } => days_left,
        DeadlineStatus::LastDay => 0,
        DeadlineStatus::Grace { until } => {
            return match lang {
                Lang::Id => format!(
                    "laporkan ke Bawaslu hari ini (paling lambat {})",
                    long_date(until, lang)
                ),
                Lang::En => format!(
                    "file with Bawaslu today (at the latest {})",
                    long_date(until, lang)
                ),
            };
        }
        DeadlineStatus::Passed => {
            return match lang {
                Lang::Id => {
                    "Batas waktu ke Bawaslu sudah lewat — masih bisa ke BKN atau SP4N-LAPOR!"
                }
                Lang::En => "Deadline for Bawaslu passed — BKN or SP4N-LAPOR! still possible",
            }
            .to_owned();
        }
    };
    let phrase = days_left_phrase(left, lang).unwrap_or_default();
    match lang {
        Lang::Id => format!("Batas waktu ke Bawaslu: {phrase}"),
        Lang::En => format!("Deadline for Bawaslu: {phrase}"),
    }
}

/// The full sentence, with the dates in words.
pub fn deadline_text(d: Deadline, today: Date, lang: Lang) -> String {
    let legal = long_date(d.legal, lang);
    let left = match d.status(today) {
        DeadlineStatus::Open { days_left } => Some(days_left),
        DeadlineStatus::LastDay => Some(0),
        _ => None,
    };
    if let Some(phrase) = left.and_then(|n| days_left_phrase(n, lang)) {
        return match lang {
            Lang::Id => format!("Batas waktu ke Bawaslu: {legal} ({phrase})"),
            Lang::En => format!("Deadline for Bawaslu: {legal} ({phrase})"),
        };
    }
    match (d.status(today), lang) {
        (DeadlineStatus::Grace { until }, Lang::Id) => format!(
            "Batas waktu ke Bawaslu ({legal}) sudah lewat, tetapi kantor Bawaslu tutup karena cuti bersama: laporkan hari ini, mungkin masih diterima sampai {}.",
            long_date(until, lang)
        ),
        (DeadlineStatus::Grace { until }, Lang::En) => format!(
            "The deadline for Bawaslu ({legal}) has passed, but Bawaslu offices were closed for cuti bersama: file today, it may still be accepted until {}.",
            long_date(until, lang)
        ),
        (_, Lang::Id) => format!(
            "Batas waktu ke Bawaslu ({legal}) sudah lewat — masih bisa dilaporkan ke BKN atau SP4N-LAPOR!, tanpa batas waktu."
        ),
        (_, Lang::En) => format!(
            "The deadline for Bawaslu ({legal}) has passed — it can still be reported to BKN or SP4N-LAPOR!, which have no deadline."
        ),
    }
}

/// "16 Februari 2024" / "16 February 2024".
pub fn day_month_year(d: Date, lang: Lang) -> String {
    let month = usize::from(u8::from(d.month())) - 1;
    let months = match lang {
        Lang::Id => &MONTHS,
        Lang::En => &MONTHS_EN,
    };
    format!("{} {} {}", d.day(), months[month], d.year())
}

/// `2024-11-20T09:30` → "20 November 2024 pukul 09.30"; anything that is
/// not one of the report's two date shapes comes back as it was.
pub fn tanggal(when: &str) -> String {
    let Some(w) = When::parse(when) else {
        return when.to_owned();
    };
    let day = day_month_year(w.date, Lang::Id);
    match when.trim().split_once('T') {
        Some((_, time)) => format!("{day} pukul {}", time.replace(':', ".")),
        None => day,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn feb_2024() -> Deadline {
        Deadline {
            legal: date!(2024 - 02 - 16),
            latest: date!(2024 - 02 - 19),
        }
    }

    #[test]
    fn long_dates_in_both_languages() {
        assert_eq!(
            long_date(date!(2024 - 02 - 16), Lang::Id),
            "Jumat, 16 Februari 2024"
        );
        assert_eq!(
            long_date(date!(2024 - 02 - 16), Lang::En),
            "Friday, 16 February 2024"
        );
        assert_eq!(
            long_date(date!(2024 - 02 - 19), Lang::Id),
            "Senin, 19 Februari 2024"
        );
        assert_eq!(
            long_date(date!(2019 - 04 - 21), Lang::Id),
            "Minggu, 21 April 2019"
        );
        assert_eq!(
            long_date(date!(2024 - 12 - 31), Lang::En),
            "Tuesday, 31 December 2024"
        );
    }

    #[test]
    fn countdown_phrases_and_plurals() {
        let phrase = |n, lang| days_left_phrase(n, lang);
        assert_eq!(
            phrase(0, Lang::Id).as_deref(),
            Some("hari ini hari terakhir")
        );
        assert_eq!(phrase(1, Lang::Id).as_deref(), Some("besok"));
        assert_eq!(phrase(2, Lang::Id).as_deref(), Some("2 hari lagi"));
        assert_eq!(
            phrase(0, Lang::En).as_deref(),
            Some("today is the last day")
        );
        assert_eq!(phrase(1, Lang::En).as_deref(), Some("1 day left"));
        assert_eq!(phrase(2, Lang::En).as_deref(), Some("2 days left"));
        assert_eq!(phrase(-1, Lang::En), None);
    }

    #[test]
    fn the_deadline_in_words() {
        let d = feb_2024();
        let id = |today| deadline_text(d, today, Lang::Id);
        let en = |today| deadline_text(d, today, Lang::En);
        assert_eq!(
            id(date!(2024 - 02 - 14)),
            "Batas waktu ke Bawaslu: Jumat, 16 Februari 2024 (2 hari lagi)"
        );
        assert_eq!(
            en(date!(2024 - 02 - 15)),
            "Deadline for Bawaslu: Friday, 16 February 2024 (1 day left)"
        );
        assert_eq!(
            id(date!(2024 - 02 - 16)),
            "Batas waktu ke Bawaslu: Jumat, 16 Februari 2024 (hari ini hari terakhir)"
        );
        assert_eq!(
            id(date!(2024 - 02 - 17)),
            "Batas waktu ke Bawaslu (Jumat, 16 Februari 2024) sudah lewat, tetapi kantor Bawaslu tutup karena cuti bersama: laporkan hari ini, mungkin masih diterima sampai Senin, 19 Februari 2024."
        );
        assert!(en(date!(2024 - 02 - 19)).ends_with("accepted until Monday, 19 February 2024."));
        assert_eq!(
            id(date!(2024 - 02 - 20)),
            "Batas waktu ke Bawaslu (Jumat, 16 Februari 2024) sudah lewat — masih bisa dilaporkan ke BKN atau SP4N-LAPOR!, tanpa batas waktu."
        );
        assert!(en(date!(2024 - 02 - 20)).contains("BKN or SP4N-LAPOR!"));
    }

    #[test]
    fn the_short_form_for_lists() {
        let d = feb_2024();
        assert_eq!(
            deadline_short(d, date!(2024 - 02 - 15), Lang::Id),
            "Batas waktu ke Bawaslu: besok"
        );
        assert_eq!(
            deadline_short(d, date!(2024 - 02 - 14), Lang::En),
            "Deadline for Bawaslu: 2 days left"
        );
        assert_eq!(
            deadline_short(d, date!(2024 - 02 - 16), Lang::Id),
            "Batas waktu ke Bawaslu: hari ini hari terakhir"
        );
        assert_eq!(
            deadline_short(d, date!(2024 - 02 - 18), Lang::Id),
            "laporkan ke Bawaslu hari ini (paling lambat Senin, 19 Februari 2024)"
        );
        assert_eq!(
            deadline_short(d, date!(2024 - 02 - 20), Lang::Id),
            "Batas waktu ke Bawaslu sudah lewat — masih bisa ke BKN atau SP4N-LAPOR!"
        );
    }

    #[test]
    fn dates_read_as_in_an_indonesian_letter() {
        assert_eq!(tanggal("2024-11-20"), "20 November 2024");
        assert_eq!(tanggal("2024-01-05T09:30"), "5 Januari 2024 pukul 09.30");
        assert_eq!(tanggal("2024-12-31"), "31 Desember 2024");
        assert_eq!(tanggal("kemarin"), "kemarin");
    }
}
