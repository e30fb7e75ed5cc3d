//! An office as volunteers write it: "Kadis Pendidikan", "Kepala Dinas
//! Pendidikan Kab. Sidoarjo", "Camat Kec. Wonokromo", sometimes where the
//! name should be ("Camat Kecamatan Wonokromo"). Two reports naming one
//! office that only one person holds (a camat, a lurah, a head of a
//! service) in the same kab/kota and days are about the same person; two
//! reports whose agency AND position both differ are about different
//! people, whatever their names.

use crate::names::words;

/// Abbreviations expanded before comparing, so that both spellings meet.
const EXPAND: &[(&str, &[&str])] = &[
    ("kec", &["kecamatan"]),
    ("kel", &["kelurahan"]),
    ("kab", &["kabupaten"]),
    ("pemkab", &["pemerintah", "kabupaten"]),
    ("pemkot", &["pemerintah", "kota"]),
    ("pemprov", &["pemerintah", "provinsi"]),
    ("kadis", &["kepala", "dinas"]),
    ("kades", &["kepala", "desa"]),
    ("kadus", &["kepala", "dusun"]),
    ("kepsek", &["kepala", "sekolah"]),
    ("kasek", &["kepala", "sekolah"]),
    ("ka", &["kepala"]),
    ("kabid", &["kepala", "bidang"]),
    ("kabag", &["kepala", "bagian"]),
    ("kasi", &["kepala", "seksi"]),
    ("kasubag", &["kepala", "subbagian"]),
    ("kasubbag", &["kepala", "subbagian"]),
    ("sekdes", &["sekretaris", "desa"]),
    ("sekcam", &["sekretaris", "kecamatan"]),
    ("sekda", &["sekretaris", "daerah"]),
    ("sekkel", &["sekretaris", "kelurahan"]),
    ("disdik", &["dinas", "pendidikan"]),
    ("diknas", &["dinas", "pendidikan"]),
    ("dindik", &["dinas", "pendidikan"]),
    ("dinkes", &["dinas", "kesehatan"]),
    ("dinsos", &["dinas", "sosial"]),
    ("dishub", &["dinas", "perhubungan"]),
    ("sdn", &["sd", "negeri"]),
    ("smpn", &["smp", "negeri"]),
    ("sman", &["sma", "negeri"]),
    ("smkn", &["smk", "negeri"]),
    ("n", &["negeri"]),
];

/// Words that say nothing about which office: fillers, and the kinds of
/// government unit every agency of a kab/kota shares.
const GENERIC: &[&str] = &[
    "dan",
    "di",
    "pada",
    "selaku",
    "sebagai",
    "yang",
    "dari",
    "kantor",
    "pemerintah",
    "kabupaten",
    "kota",
    "provinsi",
    "negeri",
    "unit",
    "pelaksana",
    "teknis",
    "uptd",
    "upt",
    "pns",
    "asn",
];

/// Words that begin an office written in place of a name.
const OFFICE_WORDS: &[&str] = &[
    "camat",
    "lurah",
    "kepala",
    "sekretaris",
    "kadis",
    "kades",
    "kepsek",
    "kasek",
    "sekdes",
    "sekcam",
    "sekda",
    "kabid",
    "kabag",
    "kasi",
    "kasubag",
    "kasubbag",
    "guru",
    "staf",
    "staff",
    "pegawai",
    "perangkat",
    "bidan",
    "perawat",
    "penyuluh",
    "pendamping",
    "operator",
    "dinas",
    "kecamatan",
    "kelurahan",
    "desa",
];

/// Roles one person holds per unit, as their leading words after
/// expansion; the rest of the office says which unit.
const SINGLE_HOLDER: &[&[&str]] = &[
    &["camat"],
    &["lurah"],
    &["kepala", "desa"],
    &["kepala", "dinas"],
    &["kepala", "sekolah"],
    &["kepala", "badan"],
    &["kepala", "bagian"],
    &["kepala", "bidang"],
    &["kepala", "puskesmas"],
    &["kepala", "kantor"],
    &["sekretaris", "desa"],
    &["sekretaris", "kecamatan"],
    &["sekretaris", "kelurahan"],
    &["sekretaris", "daerah"],
    &["sekretaris", "dinas"],
];

/// The words of an office text, lower case, abbreviations expanded.
pub fn office_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in words(text) {
        match EXPAND.iter().find(|(abbr, _)| *abbr == w) {
            Some((_, full)) => out.extend(full.iter().map(|s| (*s).to_owned())),
            None => out.push(w),
        }
    }
    out
}

/// The words that tell one office from another: no fillers, no generic
/// unit words, each once, sorted.
fn telling(words: &[String]) -> Vec<String> {
    let mut out: Vec<String> = words
        .iter()
        .filter(|w| !GENERIC.contains(&w.as_str()))
        .cloned()
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether a normalised name is in fact an office ("camat kecamatan
/// wonokromo", "kepala desa sukamaju", "guru sd"): it is then no name to
/// compare, but an office to match.
pub fn is_office(name_norm: &str) -> bool {
    name_norm
        .split(' ')
        .next()
        .is_some_and(|w| OFFICE_WORDS.contains(&w))
}

/// The office a report names: its position and agency, plus the name when
/// the name is an office.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Office {
    position: Vec<String>,
    agency: Vec<String>,
}

impl Office {
    pub fn new(position: &str, agency: &str, name_norm: &str) -> Office {
        let mut position = office_words(position);
        if is_office(name_norm) {
            position.extend(office_words(name_norm));
        }
        Office {
            position: telling(&position),
            agency: telling(&office_words(agency)),
        }
    }

    /// The key of a single-holder office, without region and days:
    /// `camat:wonokromo`, `kepala dinas:pendidikan`. `None` for an office
    /// many hold (a teacher, a clerk) or one too vague to tell apart.
    /// `place_words` are the kab/kota's own name words, which say nothing
    /// inside the kab/kota.
    pub fn single_holder_key(&self, place_words: &[String]) -> Option<String> {
        let all = self.all_words();
        let role = SINGLE_HOLDER
            .iter()
            .find(|role| role.iter().all(|w| all.iter().any(|a| a == w)))?;
        let rest: Vec<&str> = all
            .iter()
            .map(String::as_str)
            .filter(|w| !role.contains(w) && !place_words.iter().any(|p| p == w))
            .filter(|w| !matches!(*w, "kecamatan" | "kelurahan" | "desa" | "dinas" | "sekolah"))
            .collect();
        // "Kepala Dinas" alone, in a kab/kota of thirty services, says too little.
        if rest.is_empty() && role.len() > 1 {
            return None;
        }
        Some(format!("{}:{}", role.join(" "), rest.join(" ")))
    }

    fn all_words(&self) -> Vec<String> {
        let mut all: Vec<String> = self.position.iter().chain(&self.agency).cloned().collect();
        all.sort_unstable();
        all.dedup();
        all
    }

    pub fn is_empty(&self) -> bool {
        self.position.is_empty() && self.agency.is_empty()
    }

    /// A different agency together with a different position: other
    /// people. Parts not given, or one contained in the other ("Guru" and
    /// "Guru SD Negeri 1"), are not a difference.
    pub fn conflicts_with(&self, other: &Office) -> bool {
        differ(&self.position, &other.position) && differ(&self.agency, &other.agency)
    }

    /// Both positions given, and neither contained in the other ("Guru SD"
    /// and "Lurah"; not "Guru" and "Guru SD").
    pub fn positions_differ(&self, other: &Office) -> bool {
        differ(&self.position, &other.position)
    }

    /// Both agencies given, and neither contained in the other.
    pub fn agencies_differ(&self, other: &Office) -> bool {
        differ(&self.agency, &other.agency)
    }

    /// Both agencies given, one contained in the other: the same unit
    /// ("SDN 1 Wonokromo" and "SD Negeri 1 Wonokromo"). A position alone
    /// ("Kepala Sekolah") is held in too many places to say as much.
    pub fn same_unit(&self, other: &Office) -> bool {
        !self.agency.is_empty() && !other.agency.is_empty() && !differ(&self.agency, &other.agency)
    }
}

fn differ(a: &[String], b: &[String]) -> bool {
    let within = |small: &[String], big: &[String]| small.iter().all(|w| big.contains(w));
    !a.is_empty() && !b.is_empty() && !within(a, b) && !within(b, a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::normalize_person_name;

    fn place(name: &str) -> Vec<String> {
        words(name)
    }

    fn key(position: &str, agency: &str, name: &str) -> Option<String> {
        Office::new(position, agency, &normalize_person_name(name))
            .single_holder_key(&place("Kota Surabaya"))
    }

    #[test]
    fn one_office_however_written() {
        let want = Some("camat:wonokromo".to_owned());
        assert_eq!(key("Camat", "Kecamatan Wonokromo", "Budi"), want);
        assert_eq!(key("Camat Wonokromo", "Pemkot Surabaya", ""), want);
        assert_eq!(key("", "", "Camat Kecamatan Wonokromo"), want);
        assert_eq!(key("camat", "Kec. Wonokromo", "Pak Budi"), want);
        let head = Some("kepala dinas:pendidikan".to_owned());
        assert_eq!(key("Kadis Pendidikan", "", ""), head);
        assert_eq!(
            key("Kepala Dinas", "Dinas Pendidikan Kota Surabaya", ""),
            head
        );
        assert_eq!(key("Kepala", "Disdik", ""), head);
    }

    #[test]
    fn offices_many_hold_have_no_key() {
        assert_eq!(key("Guru", "SDN 1 Wonokromo", ""), None);
        assert_eq!(key("Staf", "Dinas Kesehatan", ""), None);
        assert_eq!(key("Kepala Dinas", "", ""), None);
        assert_eq!(key("", "", "Ahmad Fauzi"), None);
    }

    #[test]
    fn names_that_are_offices() {
        for name in [
            "Camat Kecamatan Wonokromo",
            "Kepala Desa Sukamaju",
            "Guru SD",
        ] {
            assert!(is_office(&normalize_person_name(name)), "{name}");
        }
        for name in ["Ahmad Fauzi", "Pak Camat", ""] {
            let norm = normalize_person_name(name);
            assert_eq!(is_office(&norm), norm.starts_with("camat"), "{name}");
        }
    }

    #[test]
    fn namesakes_with_other_offices_conflict() {
        let o = |p: &str, a: &str| Office::new(p, a, "");
        let guru = o("Guru", "SD Negeri 1 Wonokromo");
        assert!(guru.conflicts_with(&o("Camat", "Kecamatan Rungkut")));
        assert!(!guru.conflicts_with(&o("Guru SD", "SDN 1 Wonokromo")));
        assert!(!guru.conflicts_with(&o("Camat", "")), "an agency not given");
        assert!(!guru.conflicts_with(&o("Kepala Sekolah", "SD Negeri 1 Wonokromo")));
        assert!(!o("Kadis Pendidikan", "").conflicts_with(&o("Kepala Dinas Pendidikan", "Pemkot")));
        assert!(guru.same_unit(&o("", "SDN 1 Wonokromo")));
        assert!(!guru.same_unit(&o("Guru", "")), "an agency not given");
        assert!(!guru.same_unit(&o("Lurah", "Kelurahan Jagir")));
        assert!(guru.positions_differ(&o("Lurah", "")));
        assert!(!guru.positions_differ(&o("Guru SD", "")));
        assert!(!guru.positions_differ(&o("", "Kelurahan Jagir")));
    }
}
