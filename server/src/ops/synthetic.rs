//! Synthetic reports with realistic duplication, for benchmarks and load
//! tests: a third of incidents are reported 2–5 times by different
//! volunteers, with different links to the same post and the name written
//! with and without titles. Deterministic for a given seed.
//!
//! [`labelled`] also says which incident each report is of, and in its
//! [`Mess::Messy`] form writes the reports as volunteers really do (see
//! `messy.rs`): names spelt several ways or shortened to "Pak Fauzi", an
//! office where the name should be, days off by one or two, the same
//! screenshot from several phones, and namesakes in another office.
//!
//! Shares follow published figures: sources 53% social media, 40% online
//! news, 7% seen directly (Sahabat KASN Jatim 2019); the most common
//! violations first (KASN, Pilkada 2020).

use netral_shared::catalogue::{ElectionKind, Platform, SourceKind, ViolationCode};
use netral_shared::report::{PhotoRef, Report};

use super::messy;

/// A small, fast, deterministic generator (SplitMix64); no need for a
/// cryptographic or crate-provided one here.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

// Many names, as in a real kab/kota: with few, unrelated people would
// share names far more often than they do.
const FIRST: &[&str] = &[
    "Ahmad", "Budi", "Siti", "Dewi", "Agus", "Sri", "Joko", "Rina", "Hendra", "Wahyu", "Nur",
    "Eko", "Yuni", "Bambang", "Lestari", "Fajar", "Indah", "Rudi", "Endang", "Taufik", "Ratna",
    "Heru", "Wulan", "Slamet", "Arif", "Bayu", "Citra", "Dian", "Edi", "Fitri", "Galih", "Hari",
    "Imam", "Juwita", "Kartika", "Lukman", "Mega", "Nanang", "Oki", "Putri", "Rahmat", "Sari",
    "Tri", "Umi", "Vina", "Yoga", "Zainal", "Anton", "Bagus", "Dedi", "Erna", "Gunawan", "Hesti",
    "Irwan", "Kusnadi", "Lilik", "Mulyono", "Novi", "Puji", "Sugeng",
];
const LAST: &[&str] = &[
    "Fauzi",
    "Santoso",
    "Rahayu",
    "Wijaya",
    "Hidayat",
    "Susanto",
    "Kurniawan",
    "Lestari",
    "Saputra",
    "Pratama",
    "Nugroho",
    "Setiawan",
    "Handayani",
    "Purnomo",
    "Maulana",
    "Hakim",
    "Utami",
    "Firmansyah",
    "Syahputra",
    "Yulianti",
    "Prasetyo",
    "Wibowo",
    "Suryadi",
    "Hartono",
    "Gunadi",
    "Kusuma",
    "Permana",
    "Ramadhan",
    "Sutrisno",
    "Wahyudi",
    "Hermawan",
    "Irawan",
    "Mulyadi",
    "Nurhayati",
    "Rachman",
    "Siregar",
    "Nasution",
    "Harahap",
    "Simanjuntak",
    "Sembiring",
    "Pohan",
    "Lubis",
    "Tanjung",
    "Hasibuan",
    "Daulay",
    "Sinaga",
    "Sitompul",
    "Pangaribuan",
    "Rangkuti",
    "Batubara",
    "Suharto",
    "Sudirman",
    "Subagyo",
    "Sumarno",
    "Supriyadi",
    "Suwarno",
    "Triyono",
    "Widodo",
    "Yuwono",
    "Zulkarnain",
];
const BEFORE: &[&str] = &["Drs.", "H.", "Hj.", "Dr.", "Ir.", "Drs. H."];
const AFTER: &[&str] = &[
    "S.Pd.", "M.Si.", "S.H.", "S.E.", "M.M.", "S.Sos.", "S.Pd.I", "M.Pd.",
];
pub(crate) const POSITIONS: &[&str] = &[
    "Camat",
    "Lurah",
    "Guru SD",
    "Kepala Sekolah",
    "Kepala Dinas",
    "Sekretaris Desa",
    "Dosen",
    "Staf",
];
const NEWS: &[&str] = &[
    "detik.com",
    "kompas.com",
    "jawapos.com",
    "tribunnews.com",
    "liputan6.com",
    "suarasurabaya.net",
];
/// Common violations first: online campaigning, partisan activity, gesture photos, declarations, party approaches.
const VIOLATIONS: &[ViolationCode] = &[
    ViolationCode::MedsosKampanye,
    ViolationCode::MedsosKampanye,
    ViolationCode::MedsosKampanye,
    ViolationCode::KegiatanKeberpihakan,
    ViolationCode::KegiatanKeberpihakan,
    ViolationCode::MedsosFoto,
    ViolationCode::HadirDeklarasi,
    ViolationCode::PendekatanParpol,
    ViolationCode::MedsosInteraksi,
    ViolationCode::PasangApk,
];
const REGENCIES: &[&str] = &[
    "35.78", "35.15", "35.07", "35.73", "35.09", "35.10", "33.74", "33.72", "32.73", "32.04",
    "31.71", "12.71", "73.71", "51.71", "64.72", "18.71",
];

/// One incident that one or more volunteers report.
pub(crate) struct Incident {
    pub(crate) first: &'static str,
    pub(crate) last: &'static str,
    /// Some have three names; each volunteer writes all of them.
    pub(crate) middle: Option<&'static str>,
    nip: Option<String>,
    pub(crate) position: &'static str,
    pub(crate) agency: String,
    /// The perceptual hash of the post's screenshot, when there is one.
    pub(crate) screenshot: u64,
    pub(crate) regency: &'static str,
    pub(crate) day: u32,
    pub(crate) violation: ViolationCode,
    pub(crate) source: SourceKind,
    post: u64,
    outlet: &'static str,
}

impl Incident {
    fn new(rng: &mut Rng, n: u64, spread: Spread) -> Incident {
        let source = match rng.below(100) {
            0..53 => SourceKind::MediaSosial,
            53..93 => SourceKind::BeritaOnline,
            _ => SourceKind::Langsung,
        };
        let nip = rng.chance(40).then(|| {
            format!(
                "19{:02}{:02}{:02}20{:02}{:02}{}{:03}",
                60 + rng.below(35),
                1 + rng.below(12),
                1 + rng.below(28),
                rng.below(20),
                1 + rng.below(12),
                1 + rng.below(2),
                1 + rng.below(999)
            )
        });
        let position = rng.pick(POSITIONS);
        Incident {
            first: rng.pick(FIRST),
            last: rng.pick(LAST),
            middle: rng.chance(25).then(|| rng.pick(FIRST)),
            nip,
            position,
            agency: messy::agency_for(position, rng),
            screenshot: rng.next_u64(),
            regency: match spread {
                Spread::Dense => rng.pick(REGENCIES),
                Spread::National => rng.pick(all_regencies()),
            },
            day: 1 + rng.below(28) as u32,
            violation: rng.pick(VIOLATIONS),
            source,
            // Unique per incident, so only true duplicates share a link.
            post: 1_000_000_000 + n,
            outlet: rng.pick(NEWS),
        }
    }

    /// One volunteer's report of it: the same facts, written their way.
    fn report(&self, rng: &mut Rng, seq: u64, mess: Mess) -> Report {
        // UUIDv7 as devices make them: time-ordered, here on a fixed clock.
        let mut random = [0u8; 10];
        random.copy_from_slice(&rng.next_u64().to_le_bytes().repeat(2)[..10]);
        let millis = 1_732_000_000_000 + seq;
        let mut r =
            Report::new(uuid::Builder::from_unix_timestamp_millis(millis, &random).into_uuid());
        let mut name = format!("{} {}", self.first, self.last);
        if let Some(middle) = self.middle {
            name = format!("{} {middle} {}", self.first, self.last);
        }
        if rng.chance(40) {
            name = format!("{} {name}", rng.pick(BEFORE));
        }
        if rng.chance(40) {
            name = format!("{name}, {}", rng.pick(AFTER));
        }
        if rng.chance(15) {
            name = name.to_uppercase();
        }
        r.terlapor.name = name;
        r.terlapor.position = self.position.to_owned();
        r.terlapor.agency = self.agency.clone();
        if let Some(nip) = &self.nip
            && rng.chance(60)
        {
            r.terlapor.nip = nip.clone();
        }
        r.place.province = self.regency[..2].to_owned();
        r.place.regency = self.regency.to_owned();
        r.occurred_at = format!(
            "2024-11-{:02}T{:02}:{:02}",
            self.day,
            7 + rng.below(12),
            rng.below(60)
        );
        r.known_at = format!("2024-11-{:02}", (self.day + rng.below(2) as u32).min(28));
        r.election.kind = Some(ElectionKind::PilkadaBupati);
        r.violations = vec![self.violation];
        r.description = format!(
            "{} terlihat melakukan pelanggaran netralitas saat kegiatan kampanye calon bupati.",
            self.position
        );
        r.source.kind = Some(self.source);
        let post = self.post;
        match self.source {
            SourceKind::MediaSosial => {
                r.source.platform = Some(Platform::Facebook);
                let page = 100_000 + post % 50_000;
                let variants = [
                    format!(
                        "https://www.facebook.com/{page}/posts/{post}/?mibextid=abc{}",
                        rng.below(1000)
                    ),
                    format!(
                        "https://m.facebook.com/story.php?story_fbid={post}&id={page}&fbclid=IwAR{}",
                        rng.below(100_000)
                    ),
                    format!("https://web.facebook.com/permalink.php?story_fbid={post}&id={page}"),
                ];
                r.source.url = variants[rng.below(3) as usize].clone();
            }
            SourceKind::BeritaOnline => {
                r.source.outlet = self.outlet.to_owned();
                let utm = if rng.chance(50) {
                    "?utm_source=whatsapp&utm_medium=share"
                } else {
                    ""
                };
                r.source.url = format!(
                    "https://www.{}/berita/d-{post}/asn-kampanye{utm}",
                    self.outlet
                );
            }
            SourceKind::Langsung => {
                let hex = format!(
                    "{:016x}{:016x}{:016x}{:016x}",
                    post,
                    post ^ 0xABCD,
                    post.rotate_left(7),
                    42u64
                );
                r.photos.push(PhotoRef {
                    sha256: hex.clone(),
                    original_sha256: hex,
                    captured_at: String::new(),
                    bytes: 200_000,
                    dhash: format!("{:016x}", self.screenshot),
                });
            }
        }
        r.reporter.name = format!("Relawan {}", rng.below(500));
        r.reporter.address = "Jl. Pemantau 1".to_owned();
        if mess == Mess::Messy {
            messy::write_as_volunteers_do(self, &mut r, rng);
        }
        r
    }
}

/// How the reports of one incident differ from each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mess {
    /// Titles and case, link variants: what exact keys already catch.
    Clean,
    /// Also what volunteers really write (see `messy.rs`).
    Messy,
}

/// Where incidents happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spread {
    /// In 16 kab/kota: far denser than any campaign (100,000 reports here
    /// are five times as many per kab/kota and day as two million across
    /// the country): a stress test, and the hardest case for telling
    /// namesakes apart.
    Dense,
    /// Across all 514 kab/kota, as a national coalition's reports are.
    National,
}

fn all_regencies() -> &'static [&'static str] {
    static CODES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    CODES.get_or_init(|| {
        netral_shared::regions::all()
            .iter()
            .map(|r| r.code)
            .filter(|c| c.len() == 5)
            .collect()
    })
}

/// About `n` reports, each with the number of the incident it reports;
/// and the number of incidents.
pub fn labelled(n: usize, seed: u64, mess: Mess, spread: Spread) -> (Vec<(Report, u64)>, usize) {
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(n + 5);
    let mut incidents: Vec<Incident> = Vec::new();
    while out.len() < n {
        let number = incidents.len() as u64;
        let mut incident = Incident::new(&mut rng, number, spread);
        // Namesakes: another civil servant of the same name in the same
        // kab/kota, days and kind of violation, in another office.
        if mess == Mess::Messy
            && rng.chance(10)
            && let Some(earlier) = incidents.iter().rev().nth(rng.below(20) as usize)
        {
            messy::make_namesake(&mut incident, earlier, &mut rng);
        }
        // A third of incidents are reported 2–5 times.
        let copies = if rng.chance(33) { 2 + rng.below(4) } else { 1 };
        for _ in 0..copies {
            let seq = out.len() as u64;
            out.push((incident.report(&mut rng, seq, mess), number));
        }
        incidents.push(incident);
    }
    out.truncate(n);
    (out, incidents.len())
}

/// About `n` reports across all kab/kota; returns them with the number of
/// distinct incidents.
pub fn reports(n: usize, seed: u64) -> (Vec<Report>, usize) {
    let (reports, incidents) = labelled(n, seed, Mess::Clean, Spread::National);
    (reports.into_iter().map(|(r, _)| r).collect(), incidents)
}

#[cfg(test)]
mod tests {
    use super::*;
    use netral_shared::validate::ready;

    #[test]
    fn synthetic_reports_are_valid_and_duplicated() {
        let today = time::macros::date!(2024 - 12 - 31);
        let (reports, incidents) = reports(2_000, 7);
        assert_eq!(reports.len(), 2_000);
        assert!(incidents > 1_000 && incidents < 1_700, "{incidents}");
        for r in reports {
            if let Err(p) = ready(r.clone(), today) {
                panic!("{:?}: {p:?}", r.terlapor.name);
            }
        }
    }
}
