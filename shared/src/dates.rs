//! Dates as an Indonesian letter writes them.

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

/// `2024-11-20T09:30` → "20 November 2024 pukul 09.30"; anything that is
/// not one of the report's two date shapes comes back as it was.
pub fn tanggal(when: &str) -> String {
    let Some(w) = When::parse(when) else {
        return when.to_owned();
    };
    let d = w.date;
    let day = format!(
        "{} {} {}",
        d.day(),
        MONTHS[usize::from(u8::from(d.month())) - 1],
        d.year()
    );
    match when.trim().split_once('T') {
        Some((_, time)) => format!("{day} pukul {}", time.replace(':', ".")),
        None => day,
    }
}

#[cfg(test)]
mod tests {
    use super::tanggal;

    #[test]
    fn dates_read_as_in_an_indonesian_letter() {
        assert_eq!(tanggal("2024-11-20"), "20 November 2024");
        assert_eq!(tanggal("2024-01-05T09:30"), "5 Januari 2024 pukul 09.30");
        assert_eq!(tanggal("2024-12-31"), "31 Desember 2024");
        assert_eq!(tanggal("kemarin"), "kemarin");
    }
}
