//! Synthetic reports with realistic duplication, for benchmarks and load
//! tests: a third of incidents are reported 2–5 times by different
//! volunteers, with different links to the same post and the name written
//! with and without titles. Deterministic for a given seed.
//!
//! Shares follow published figures: sources 53% social media, 40% online
//! news, 7% seen directly (Sahabat KASN Jatim 2019); the most common
//! violations first (KASN, Pilkada 2020).

use netral_shared::catalogue::{ElectionKind, Platform, SourceKind, ViolationCode};
use netral_shared::report::{PhotoRef, Report};

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

const FIRST: &[&str] = &[
    "Ahmad", "Budi", "Siti", "Dewi", "Agus", "Sri", "Joko", "Rina", "Hendra", "Wahyu", "Nur",
    "Eko", "Yuni", "Bambang", "Lestari", "Fajar", "Indah", "Rudi", "Endang", "Taufik", "Ratna",
    "Heru", "Wulan", "Slamet",
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
];
const BEFORE: &[&str] = &["Drs.", "H.", "Hj.", "Dr.", "Ir.", "Drs. H."];
const AFTER: &[&str] = &[
    "S.Pd.", "M.Si.", "S.H.", "S.E.", "M.M.", "S.Sos.", "S.Pd.I", "M.Pd.",
];
const POSITIONS: &[&str] = &[
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
struct Incident {
    first: &'static str,
    last: &'static str,
    nip: Option<String>,
    position: &'static str,
    regency: &'static str,
    day: u32,
    violation: ViolationCode,
    source: SourceKind,
    post: u64,
    outlet: &'static str,
}

impl Incident {
    fn new(rng: &mut Rng, n: u64) -> Incident {
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
        Incident {
            first: rng.pick(FIRST),
            last: rng.pick(LAST),
            nip,
            position: rng.pick(POSITIONS),
            regency: rng.pick(REGENCIES),
            day: 1 + rng.below(28) as u32,
            violation: rng.pick(VIOLATIONS),
            source,
            // Unique per incident, so only true duplicates share a link.
            post: 1_000_000_000 + n,
            outlet: rng.pick(NEWS),
        }
    }

    /// One volunteer's report of it: the same facts, written their way.
    fn report(&self, rng: &mut Rng, seq: u64) -> Report {
        // UUIDv7 as devices make them: time-ordered, here on a fixed clock.
        let mut random = [0u8; 10];
        random.copy_from_slice(&rng.next_u64().to_le_bytes().repeat(2)[..10]);
        let millis = 1_732_000_000_000 + seq;
        let mut r =
            Report::new(uuid::Builder::from_unix_timestamp_millis(millis, &random).into_uuid());
        let mut name = format!("{} {}", self.first, self.last);
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
                });
            }
        }
        r.reporter.name = format!("Relawan {}", rng.below(500));
        r.reporter.address = "Jl. Pemantau 1".to_owned();
        r
    }
}

/// About `n` reports; returns them with the number of distinct incidents.
pub fn reports(n: usize, seed: u64) -> (Vec<Report>, usize) {
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(n + 5);
    let mut incidents = 0;
    while out.len() < n {
        let incident = Incident::new(&mut rng, incidents as u64);
        incidents += 1;
        // A third of incidents are reported 2–5 times.
        let copies = if rng.chance(33) { 2 + rng.below(4) } else { 1 };
        for _ in 0..copies {
            let seq = out.len() as u64;
            out.push(incident.report(&mut rng, seq));
        }
    }
    out.truncate(n);
    (out, incidents)
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
