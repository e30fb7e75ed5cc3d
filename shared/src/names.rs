//! Person names reduced to a key for MATCHING two reports about the same
//! person ("Drs. H. Ahmad Fauzi, M.Si." and "ahmad fauzi"). Never shown:
//! the name as written stays in the report.
//!
//! [`normalize_person_name`]:
//! 1. lower case, common Latin accents folded (`é` → `e`, `ß` → `ss`),
//!    combining marks dropped;
//! 2. apostrophes deleted, so `Ma'ruf`, `Ma’ruf` and `Maruf` are one name
//!    (turning them into spaces would give `ma ruf` ≠ `maruf`); every other
//!    character that is not a letter or digit separates words;
//! 3. titles removed as whole words, or as a run of up to four short words
//!    so that `S.Pd.I`, `S. Pd. I`, `SPdI` and `K.H.` are all seen:
//!    - honorifics and religious titles at the START (`Drs.`, `Dr.`, `Ir.`,
//!      `Prof.`, `H.`, `Hj.`, `K.H.`, `Ustadz`, `Bapak`, `Ibu`, `Ns.`…);
//!    - degrees at the END (`S.Pd.`, `M.Si.`, `S.H.`, `A.Md.`, `Lc`,
//!      `PhD`…), whether after a comma or not;
//!    - a few titles that are never part of a name (`Drs`, `Dr`, `Ir`,
//!      `Prof`, `Hj`, `Hajjah`, `Bapak`, `Ibu`…) anywhere.
//!
//!    Position matters because several degrees are also initials: `M.H.
//!    Thamrin` is a name, `Thamrin, M.H.` a degree; `St. Aminah` is Siti
//!    Aminah, `Budi S.T.` holds a degree. A lone `H` at the start is Haji
//!    (`H. Ahmad`, `Drs.H.Ahmad`), but kept elsewhere (`Ahmad H. Fauzi`,
//!    where it is usually an initial). The first remaining word is never
//!    taken for a degree and at least one word always remains, so a name
//!    made only of title-like words is kept as it is.
//!
//!    Known limits: initials that spell a title at the start (`D. R.
//!    Ahmad`) are taken for it; `H.M.` (Haji Muhammad) leaves `m`.
//! 4. words joined by single spaces.
//!
//! The result is idempotent: normalising a normalised name changes nothing.

/// Titles removed before the name (and, for the unambiguous ones, anywhere).
const HONORIFICS: &[&str] = &[
    "drs", "dra", "dr", "drg", "ir", "prof", "h", "hj", "hajjah", "hajah", "haji", "kh", "kyai",
    "kiai", "ustadz", "ustad", "ustaz", "ust", "ustadzah", "ustazah", "bpk", "bapak", "pak", "ibu",
    "bu", "sdr", "sdri", "sdra", "tn", "ny", "nn", "ns", "apt",
];

/// Never part of an Indonesian name, so removed wherever they stand.
const ANYWHERE: &[&str] = &[
    "drs", "dra", "dr", "drg", "ir", "prof", "hj", "hajjah", "hajah", "ustadz", "ustadzah", "bpk",
    "bapak", "ibu", "sdr", "sdri", "sdra",
];

/// Academic and professional degrees, written after the name; undotted.
#[rustfmt::skip]
const DEGREES: &[&str] = &[
    // Sarjana (S1), Diploma (A.Md.) and professions
    "spd", "spdi", "spdsd", "sh", "shi", "se", "sei", "ssos", "ssosi", "skom", "sikom", "st",
    "sag", "skep", "sip", "ssi", "sked", "spsi", "skm", "sp", "spt", "spi", "shut", "sfarm",
    "sak", "shum", "sth", "sthi", "ssn", "sds", "sstp", "stp", "skes", "sgz", "ssy", "skg", "str",
    "sst", "ssit", "sikm", "amd", "amdkep", "amdkeb", "amdkes", "amdfarm", "ns", "apt", "ak",
    "cpa",
    // Magister (S2), doctorates, Lc (Al-Azhar licence)
    "mpd", "mpdi", "mh", "mhi", "mm", "msi", "mt", "map", "mkes", "mag", "mkom", "mak", "mhum",
    "mkn", "me", "msc", "meng", "ma", "mba", "mph", "mkep", "llm", "phd", "lc",
    // Medical specialists (Sp.A, Sp.PD, Sp.OG…)
    "spa", "sppd", "spog", "spb", "spm", "sps", "sprad", "spjp", "spkj",
];

/// Lower case, accents folded, apostrophes deleted, other non-alphanumeric
/// characters as separators; the words that remain.
pub(crate) fn words(input: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in input.chars().flat_map(char::to_lowercase) {
        match c {
            '\'' | '\u{2019}' | '\u{2018}' | '`' | '\u{b4}' | '\u{2bc}' => {}
            // Combining diacritics (decomposed `é`).
            '\u{300}'..='\u{36f}' => {}
            c => match fold_accent(c) {
                Some(folded) => word.push_str(folded),
                None if c.is_alphanumeric() => word.push(c),
                None => {
                    if !word.is_empty() {
                        out.push(std::mem::take(&mut word));
                    }
                }
            },
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Common accented Latin letters (in names of Dutch, Arabic or European
/// origin) as their base letters.
fn fold_accent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ß' => "ss",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// Whether `run` (one word, or up to four words of at most four letters
/// each, as `S. Pd. I` or `K.H.`) spells an entry of one of `sets`.
fn spells(run: &[String], sets: &[&[&str]]) -> bool {
    if run.len() > 1 && run.iter().any(|w| w.chars().count() > 4) {
        return false;
    }
    let joined = run.concat();
    sets.iter().any(|set| set.contains(&joined.as_str()))
}

/// One pass of title removal; whether anything was removed.
fn strip_once(words: &mut Vec<String>) -> bool {
    let before = words.len();
    // Honorifics before the name, longest run first; one word always stays.
    while let Some(k) = (1..words.len().min(5))
        .rev()
        .find(|&k| spells(&words[..k], &[HONORIFICS]))
    {
        words.drain(..k);
    }
    // Degrees after it; the first word is never one.
    while let Some(k) = (1..words.len().min(5))
        .rev()
        .find(|&k| spells(&words[words.len() - k..], &[DEGREES, ANYWHERE]))
    {
        words.truncate(words.len() - k);
    }
    // Unambiguous titles anywhere.
    let mut i = 0;
    while i < words.len() && words.len() > 1 {
        if ANYWHERE.contains(&words[i].as_str()) {
            words.remove(i);
        } else {
            i += 1;
        }
    }
    words.len() != before
}

/// The matching key of a person's name; see the module documentation.
pub fn normalize_person_name(name: &str) -> String {
    let mut words = words(name);
    // Removing one title can expose another (`Ahmad, Ibu, S.Pd`); repeat
    // until nothing changes, which also makes the result idempotent.
    while !words.is_empty() && strip_once(&mut words) {}
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_degrees_go() {
        for (written, key) in [
            ("Drs. H. Ahmad Fauzi, M.Si.", "ahmad fauzi"),
            ("ahmad fauzi", "ahmad fauzi"),
            ("AHMAD FAUZI S.Pd.I", "ahmad fauzi"),
            ("Ahmad Fauzi, S.Pd., M.Pd.", "ahmad fauzi"),
            ("Drs.H.Ahmad Fauzi,MSi", "ahmad fauzi"),
            ("  Ahmad   Fauzi  S. Pd. I ", "ahmad fauzi"),
            ("Hj. Siti Aminah, S.E., M.M.", "siti aminah"),
            ("Ibu Siti Aminah", "siti aminah"),
            (
                "Prof. Dr. Ir. H. Bambang Susilo, M.T., Ph.D.",
                "bambang susilo",
            ),
            ("K.H. Ma'ruf Amin", "maruf amin"),
            ("KH Ma’ruf Amin", "maruf amin"),
            ("Ustadz Abdul Somad, Lc., M.A.", "abdul somad"),
            ("Bpk. Joko Widodo", "joko widodo"),
            ("Bapak JOKO widodo", "joko widodo"),
            ("Ns. Rina Wulandari, S.Kep", "rina wulandari"),
            ("Rina Wulandari, A.Md.Kep.", "rina wulandari"),
            ("Rina Wulandari A.Md", "rina wulandari"),
            ("dr. Andi Pratama, Sp.PD", "andi pratama"),
            ("Sdr. Andi Pratama", "andi pratama"),
            ("I Gusti Ngurah Rai, S.Sos., M.A.P.", "i gusti ngurah rai"),
            ("Nyoman Sudarsana, S.STP, M.Si", "nyoman sudarsana"),
            ("Dra. Hj. Sri Rahayu, MM", "sri rahayu"),
            ("René Siregar, S.H., M.H.", "rene siregar"),
            ("Rene\u{301} Siregar SH MH", "rene siregar"),
            ("Siti Nur-Aini", "siti nur aini"),
            ("Muhammad Rizki/Kiki", "muhammad rizki kiki"),
            ("Haji Umar Said", "umar said"),
            ("H Umar Said", "umar said"),
        ] {
            assert_eq!(normalize_person_name(written), key, "{written}");
        }
    }

    #[test]
    fn name_words_that_look_like_titles_stay() {
        // Initials at the start are not degrees.
        assert_eq!(normalize_person_name("M.H. Thamrin"), "m h thamrin");
        assert_eq!(normalize_person_name("St. Aminah"), "st aminah");
        // A lone H inside the name is an initial.
        assert_eq!(normalize_person_name("Ahmad H. Fauzi"), "ahmad h fauzi");
        // Only titles: nothing would be left, so the last word stays.
        assert_eq!(normalize_person_name("Drs. H."), "h");
        assert_eq!(normalize_person_name("Ibu"), "ibu");
        assert_eq!(normalize_person_name(""), "");
        assert_eq!(normalize_person_name(" .,- "), "");
    }

    #[test]
    fn different_people_stay_different() {
        let pairs = [
            ("Drs. Ahmad Fauzi", "Drs. Ahmad Fauzan"),
            ("Siti Aminah, S.Pd", "Siti Aminah Lubis, S.Pd"),
            ("H. Umar Said", "Umar Sahid"),
            ("Budi Santoso, S.T.", "Budi Susanto, S.T."),
            ("M.H. Thamrin", "Thamrin"),
            ("I Made Sudana", "I Made Sudarna"),
        ];
        for (a, b) in pairs {
            assert_ne!(
                normalize_person_name(a),
                normalize_person_name(b),
                "{a} vs {b}"
            );
        }
    }

    #[test]
    fn idempotent() {
        for s in [
            "Drs. H. Ahmad Fauzi, M.Si.",
            "Ahmad, Ibu, S.Pd",
            "M.H. Thamrin",
            "İstanbul ΣΑΣ Ǆemal",
            "h h h h",
            "s pd i s pd",
        ] {
            let once = normalize_person_name(s);
            assert_eq!(normalize_person_name(&once), once, "{s}");
        }
    }
}
