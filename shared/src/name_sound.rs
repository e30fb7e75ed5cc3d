//! How a name SOUNDS, so that the spellings several volunteers give one
//! person meet: Achmad/Ahmad, Djoko/Joko, Yuly/Yuli, Hidajat/Hidayat,
//! Setyawan/Setiawan, Noor/Nur, Soekarno/Sukarno, Tjahjono/Cahyono,
//! Muhammad/Mohamad. Works on names already through
//! [`crate::names::normalize_person_name`] (lower case, titles gone).
//!
//! The folds, in order, per word:
//! 1. the spellings before 1972 (EYD): `oe` → `u`, `dj` → `j`, `tj` → `c`,
//!    `sj`/`sy` → `s`, `nj` → `ny`; and those borrowed from Arabic and
//!    Dutch: `ch`/`kh` → `h`, `dh` → `d`, `th` → `t`, `ph` → `f`, `oo` → `u`,
//!    `q` → `k`, `x` → `ks`, `v` → `f`;
//! 2. `j` and `y` as one sound (old `j` is today's `y`, and old `dj`, now
//!    `j`, has just been folded into it): both become `i`;
//! 3. `o` as `u` (Mohammad, Muhammad);
//! 4. `h` dropped unless it begins the word (Ahmad, Amad, Fatimah);
//! 5. doubled letters as one (Muhammad, Setiyawan after step 2).
//!
//! A sound key is deliberately coarse: it only ever proposes candidates
//! inside one kab/kota and a few days, and a different NIP, or a different
//! agency together with a different position, still keeps two people apart
//! (see [`crate::match_keys`]).

/// The sound of one normalised word.
pub fn sound_word(word: &str) -> String {
    let mut w = word.to_owned();
    for (from, to) in [
        ("oe", "u"),
        ("oo", "u"),
        ("dj", "j"),
        ("tj", "c"),
        ("sj", "s"),
        ("sy", "s"),
        ("nj", "ny"),
        ("ch", "h"),
        ("kh", "h"),
        ("dh", "d"),
        ("th", "t"),
        ("ph", "f"),
    ] {
        if w.contains(from) {
            w = w.replace(from, to);
        }
    }
    let mut out = String::with_capacity(w.len());
    let mut last = None;
    for (i, c) in w.chars().enumerate() {
        let folded: &[char] = match c {
            'j' | 'y' => &['i'],
            'o' => &['u'],
            'q' => &['k'],
            'x' => &['k', 's'],
            'v' => &['f'],
            'h' if i > 0 => &[],
            _ => std::slice::from_ref(&c),
        };
        for &f in folded {
            if last != Some(f) {
                out.push(f);
                last = Some(f);
            }
        }
    }
    out
}

/// The sound of each word of a normalised name, initials included.
pub fn sound_words(name_norm: &str) -> Vec<String> {
    name_norm
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(sound_word)
        .collect()
}

/// How two names relate, compared by sound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameMatch {
    /// Every word of one matches a word of the other, and both have at
    /// least two words, or both exactly one: the same name, however spelt.
    Same,
    /// A single word that is one of the other's words ("Pak Fauzi" and
    /// "Ahmad Fauzi"): perhaps the same person, said shortly.
    Partial,
    /// Some word of each has no counterpart: other people.
    Different,
    /// One name is missing (blank, or a position written as the name).
    Unknown,
}

/// Compares two normalised names. A word matches a word of the same sound,
/// one letter away when both sounds are five letters or longer (a dropped
/// or added letter: Kurniawan/Kurniawn), or an initial its first letter
/// ("A. Fauzi" and "Ahmad Fauzi").
pub fn compare_names(a: &str, b: &str) -> NameMatch {
    compare_sounds(&sound_words(a), &sound_words(b))
}

/// [`compare_names`] of names already turned into [`sound_words`]: a
/// caller comparing one name with many works its sounds out once.
pub fn compare_sounds(a: &[String], b: &[String]) -> NameMatch {
    if a.is_empty() || b.is_empty() {
        return NameMatch::Unknown;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut used = vec![false; long.len()];
    for word in short {
        let found = (0..long.len()).find(|&i| !used[i] && words_match(word, &long[i]));
        match found {
            Some(i) => used[i] = true,
            None => return NameMatch::Different,
        }
    }
    // A lone initial against a full name says too little.
    let initials_only = short.iter().all(|w| w.chars().count() == 1);
    match (short.len(), long.len()) {
        _ if initials_only && long.len() > 1 => NameMatch::Different,
        (1, 1) => NameMatch::Same,
        (1, _) => NameMatch::Partial,
        _ => NameMatch::Same,
    }
}

fn words_match(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la == 1 || lb == 1 {
        return a.chars().next() == b.chars().next();
    }
    la >= 5 && lb >= 5 && within_one_edit(a, b)
}

/// Whether `a` and `b` differ by one letter dropped or added. A letter
/// REPLACED is not taken: Saputra/Saputri, Yulianto/Yulianti are a man's
/// and a woman's name.
fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() != short.len() + 1 {
        return false;
    }
    let prefix = short.iter().zip(&long).take_while(|(x, y)| x == y).count();
    short[prefix..] == long[prefix + 1..]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::normalize_person_name;

    fn same_sound(a: &str, b: &str) -> bool {
        sound_words(&normalize_person_name(a)) == sound_words(&normalize_person_name(b))
    }

    #[test]
    fn spelling_variants_sound_alike() {
        for (a, b) in [
            ("Ahmad", "Achmad"),
            ("Joko", "Djoko"),
            ("Yuli", "Yuly"),
            ("Hidayat", "Hidajat"),
            ("Setiawan", "Setyawan"),
            ("Setiawan", "Setiyawan"),
            ("Nur", "Noor"),
            ("Sukarno", "Soekarno"),
            ("Cahyono", "Tjahjono"),
            ("Muhammad", "Mohamad"),
            ("Syaiful", "Saiful"),
            ("Ramadhan", "Ramadan"),
            ("Fathur", "Fatur"),
            ("Wahyu", "Wahju"),
            ("Khoirul", "Choirul"),
            ("Fatimah", "Fatima"),
            ("Novi", "Nofi"),
            ("Yusuf", "Jusuf"),
            ("Drs. H. Achmad Fauzi, M.Si.", "ahmad fauzy"),
        ] {
            assert!(same_sound(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn other_names_sound_different() {
        for (a, b) in [
            ("Ahmad Fauzi", "Ahmad Fauzan"),
            ("Budi Santoso", "Budi Susanto"),
            ("Siti Aminah", "Siti Aminah Lubis"),
            ("Rina", "Rini"),
            ("Agus", "Bagus"),
        ] {
            assert!(!same_sound(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn names_compared() {
        let cmp =
            |a: &str, b: &str| compare_names(&normalize_person_name(a), &normalize_person_name(b));
        assert_eq!(cmp("Achmad Fauzi", "Ahmad Fauzy, S.Pd."), NameMatch::Same);
        assert_eq!(
            cmp("Kurniawan Saputra", "Kurniawn Saputra"),
            NameMatch::Same
        );
        assert_eq!(cmp("A. Fauzi", "Ahmad Fauzi"), NameMatch::Same);
        assert_eq!(cmp("Fauzi Ahmad", "Ahmad Fauzi"), NameMatch::Same);
        assert_eq!(cmp("Pak Fauzi", "Ahmad Fauzi"), NameMatch::Partial);
        assert_eq!(cmp("Bu Siti", "Hj. Siti Aminah"), NameMatch::Partial);
        assert_eq!(cmp("Ahmad Fauzi", "Budi Fauzi"), NameMatch::Different);
        assert_eq!(cmp("Ahmad Fauzi", "Ahmad Fauzan"), NameMatch::Different);
        assert_eq!(cmp("Rina", "Rini"), NameMatch::Different);
        assert_eq!(cmp("Dewi Yulianti", "Dewi Yulianto"), NameMatch::Different);
        assert_eq!(cmp("A.", "Ahmad Fauzi"), NameMatch::Different);
        assert_eq!(cmp("", "Ahmad Fauzi"), NameMatch::Unknown);
    }

    #[test]
    fn one_edit() {
        assert!(within_one_edit("kurniawan", "kurniawn"));
        assert!(within_one_edit("abc", "abcd"));
        assert!(!within_one_edit("saputra", "saputri"));
        assert!(!within_one_edit("saputra", "sapurti"));
        assert!(!within_one_edit("abc", "abcde"));
    }
}
