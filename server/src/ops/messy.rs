//! How volunteers really write a report of an incident others also
//! report, for the labelled evaluation set ([`super::synthetic::labelled`]):
//! each variant below is one the grouping must survive, or, for
//! namesakes, must not be fooled by.

use netral_shared::catalogue::SourceKind;
use netral_shared::report::{PhotoRef, Report};

use super::synthetic::{Incident, Rng};

const KECAMATAN: &[&str] = &[
    "Wonokromo",
    "Rungkut",
    "Tegalsari",
    "Gubeng",
    "Sukolilo",
    "Waru",
    "Candi",
    "Buduran",
    "Krian",
    "Porong",
    "Tanggulangin",
    "Sedati",
];
const DESA: &[&str] = &[
    "Sukamaju",
    "Sidomulyo",
    "Karangrejo",
    "Tambakrejo",
    "Sumberejo",
    "Mojorejo",
    "Kedungsari",
];
const SERVICES: &[&str] = &["Pendidikan", "Kesehatan", "Sosial", "Perhubungan"];

/// Where a holder of `position` works, as the first volunteer writes it.
pub fn agency_for(position: &str, rng: &mut Rng) -> String {
    match position {
        "Camat" => format!("Kecamatan {}", rng.pick(KECAMATAN)),
        "Lurah" => format!("Kelurahan {}", rng.pick(DESA)),
        "Guru SD" => format!("SD Negeri {} {}", 1 + rng.below(9), rng.pick(KECAMATAN)),
        "Kepala Sekolah" => format!("SMP Negeri {}", 1 + rng.below(40)),
        "Kepala Dinas" | "Staf" => format!("Dinas {}", rng.pick(SERVICES)),
        "Sekretaris Desa" => format!("Desa {}", rng.pick(DESA)),
        _ => "Universitas Negeri".to_owned(),
    }
}

/// The same agency, shortened as people do ("Kec. Waru", "Disdik").
fn abbreviated(agency: &str) -> String {
    let pairs = [
        ("Kecamatan ", "Kec. "),
        ("Kelurahan ", "Kel. "),
        ("SD Negeri ", "SDN "),
        ("SMP Negeri ", "SMPN "),
        ("Dinas Pendidikan", "Disdik"),
        ("Dinas Kesehatan", "Dinkes"),
        ("Dinas Sosial", "Dinsos"),
    ];
    pairs
        .iter()
        .find(|(long, _)| agency.contains(long))
        .map_or(agency.to_owned(), |(long, short)| {
            agency.replacen(long, short, 1)
        })
}

/// Other spellings of a name word in use: old (pre-1972) spellings,
/// Arabic transliterations, a `y` for an `i`.
fn respelt(word: &str, rng: &mut Rng) -> String {
    let known: &[&str] = match word {
        "Ahmad" => &["Achmad", "Akhmad"],
        "Joko" => &["Djoko"],
        "Yuni" => &["Yuny", "Juni"],
        "Hidayat" => &["Hidajat"],
        "Setiawan" => &["Setyawan", "Setiyawan"],
        "Nur" => &["Noor", "Noer"],
        "Wahyu" => &["Wahju"],
        "Susanto" => &["Soesanto"],
        "Yulianti" => &["Julianti", "Yuliyanti"],
        "Syahputra" => &["Sahputra"],
        "Firmansyah" => &["Firmansah"],
        "Rudi" => &["Rudy"],
        "Taufik" => &["Taufiq"],
        "Fauzi" => &["Fauzy"],
        "Slamet" => &["Slamat"],
        "Heru" => &["Heroe"],
        "Purnomo" => &["Poernomo"],
        "Utami" => &["Oetami"],
        "Hakim" => &["Hakiem"],
        _ => &[],
    };
    if known.is_empty() {
        word.to_owned()
    } else {
        rng.pick(known).to_owned()
    }
}

/// Rewrites one volunteer's report `r` of `incident` the way volunteers do.
pub fn write_as_volunteers_do(incident: &Incident, r: &mut Report, rng: &mut Rng) {
    let (first, last) = (incident.first, incident.last);
    let single_holder = matches!(incident.position, "Camat" | "Lurah" | "Kepala Sekolah");
    match rng.below(100) {
        // Spelt another way.
        0..30 => {
            r.terlapor.name = format!("{} {}", respelt(first, rng), respelt(last, rng));
        }
        // Part of the name, with an honorific.
        30..42 => {
            let honorific = rng.pick(&["Pak", "Bu", "Bapak", "Ibu"]);
            let part = if rng.chance(50) { first } else { last };
            r.terlapor.name = format!("{honorific} {part}");
        }
        // The office written as the name, by someone who did not know it.
        42..47 if single_holder => {
            r.terlapor.name = format!("{} {}", incident.position, incident.agency);
            r.terlapor.nip.clear();
        }
        _ => {}
    }
    match rng.below(100) {
        0..20 => r.terlapor.agency = abbreviated(&incident.agency),
        20..40 => r.terlapor.agency.clear(),
        _ => {}
    }
    let online = incident.source != SourceKind::Langsung;
    if online && rng.chance(25) {
        // A screenshot shared a day or two later, dated then.
        let skew = 1 + rng.below(2) as u32;
        let day = if rng.chance(50) {
            incident.day.saturating_sub(skew).max(1)
        } else {
            (incident.day + skew).min(28)
        };
        if let Some((_, time)) = r.occurred_at.split_once('T') {
            r.occurred_at = format!("2024-11-{day:02}T{time}");
        }
        // Seen no earlier than it happened.
        if r.known_at.as_str() < r.occurred_at.get(..10).unwrap_or_default() {
            r.known_at = r.occurred_at[..10].to_owned();
        }
    }
    if incident.source == SourceKind::MediaSosial && rng.chance(60) {
        // A screenshot of the post, taken on this phone: other bytes, nearly
        // the same picture.
        let mut dhash = incident.screenshot;
        for _ in 0..rng.below(4) {
            dhash ^= 1 << rng.below(64);
        }
        let sha = format!(
            "{:016x}{:016x}{:016x}{:016x}",
            rng.next_u64(),
            rng.next_u64(),
            rng.next_u64(),
            rng.next_u64()
        );
        r.photos.push(PhotoRef {
            sha256: sha.clone(),
            original_sha256: sha,
            captured_at: String::new(),
            bytes: 150_000,
            dhash: format!("{dhash:016x}"),
        });
        // Some send only the screenshot, without the link.
        if rng.chance(40) {
            r.source.url.clear();
        }
    }
}

/// Makes `incident` a namesake of `earlier`: the same name in the same
/// kab/kota within two days, the same kind of violation, but another
/// office (another position and another agency).
pub fn make_namesake(incident: &mut Incident, earlier: &Incident, rng: &mut Rng) {
    incident.first = earlier.first;
    incident.last = earlier.last;
    incident.middle = earlier.middle;
    incident.regency = earlier.regency;
    incident.violation = earlier.violation;
    incident.day = (earlier.day + rng.below(3) as u32).min(28);
    while incident.position == earlier.position {
        incident.position = rng.pick(super::synthetic::POSITIONS);
    }
    incident.agency = agency_for(incident.position, rng);
    while incident.agency == earlier.agency {
        incident.agency = agency_for(incident.position, rng);
    }
}
