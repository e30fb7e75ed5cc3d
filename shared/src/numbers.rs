//! Numbers as a press release writes them: "23 (dua puluh tiga) temuan",
//! and shares that add up to 100% ("media sosial (53%), berita online (40%)
//! dan langsung (7%)").

use crate::Lang;

const ID_ONES: [&str; 10] = [
    "nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
];
const EN_ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const EN_TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
/// Scales from the largest down, as both languages name them.
const SCALES: [(u64, &str, &str); 4] = [
    (1_000_000_000_000, "triliun", "trillion"),
    (1_000_000_000, "miliar", "billion"),
    (1_000_000, "juta", "million"),
    (1_000, "ribu", "thousand"),
];

/// `n` in words: "dua puluh tiga", "seribu dua ratus", "twenty-three".
pub fn in_words(n: u64, lang: Lang) -> String {
    match lang {
        Lang::Id => id_words(n),
        Lang::En => en_words(n),
    }
}

/// "23 (dua puluh tiga)", the form of a formal Indonesian text; the English
/// text writes the figure alone above ten, as English style guides do.
pub fn figure_and_words(n: u64, lang: Lang) -> String {
    match lang {
        Lang::Id => format!("{n} ({})", id_words(n)),
        Lang::En if n <= 10 => en_words(n),
        Lang::En => group_thousands(n, ','),
    }
}

fn id_words(n: u64) -> String {
    if n < 1000 {
        return id_below_thousand(n);
    }
    let mut parts = Vec::new();
    let mut rest = n;
    for (scale, name, _) in SCALES {
        let count = rest / scale;
        rest %= scale;
        match count {
            0 => {}
            // "seribu", never "satu ribu"; but "satu juta".
            1 if scale == 1_000 => parts.push("seribu".to_owned()),
            c => parts.push(format!("{} {name}", id_words(c))),
        }
    }
    if rest > 0 {
        parts.push(id_below_thousand(rest));
    }
    parts.join(" ")
}

fn id_below_thousand(n: u64) -> String {
    let (hundreds, rest) = (n / 100, n % 100);
    let mut parts = Vec::new();
    match hundreds {
        0 => {}
        1 => parts.push("seratus".to_owned()),
        h => parts.push(format!("{} ratus", ID_ONES[h as usize])),
    }
    match rest {
        0 if hundreds > 0 => {}
        0..=9 => parts.push(ID_ONES[rest as usize].to_owned()),
        10 => parts.push("sepuluh".to_owned()),
        11 => parts.push("sebelas".to_owned()),
        12..=19 => parts.push(format!("{} belas", ID_ONES[(rest - 10) as usize])),
        _ => {
            let (tens, ones) = (rest / 10, rest % 10);
            parts.push(format!("{} puluh", ID_ONES[tens as usize]));
            if ones > 0 {
                parts.push(ID_ONES[ones as usize].to_owned());
            }
        }
    }
    parts.join(" ")
}

fn en_words(n: u64) -> String {
    if n < 1000 {
        return en_below_thousand(n);
    }
    let mut parts = Vec::new();
    let mut rest = n;
    for (scale, _, name) in SCALES {
        let count = rest / scale;
        rest %= scale;
        if count > 0 {
            parts.push(format!("{} {name}", en_words(count)));
        }
    }
    if rest > 0 {
        let tail = en_below_thousand(rest);
        parts.push(if rest < 100 {
            format!("and {tail}")
        } else {
            tail
        });
    }
    parts.join(" ")
}

fn en_below_thousand(n: u64) -> String {
    let (hundreds, rest) = (n / 100, n % 100);
    let tens = match rest {
        0..=19 => EN_ONES[rest as usize].to_owned(),
        _ if rest % 10 == 0 => EN_TENS[(rest / 10) as usize].to_owned(),
        _ => format!(
            "{}-{}",
            EN_TENS[(rest / 10) as usize],
            EN_ONES[(rest % 10) as usize]
        ),
    };
    match (hundreds, rest) {
        (0, _) => tens,
        (h, 0) => format!("{} hundred", EN_ONES[h as usize]),
        (h, _) => format!("{} hundred and {tens}", EN_ONES[h as usize]),
    }
}

/// "12.345" (Indonesian) or "12,345" (English).
pub fn group_thousands(n: u64, separator: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// "a, b dan c" / "a, b and c".
pub fn and_list(items: &[String], lang: Lang) -> String {
    let and = match lang {
        Lang::Id => " dan ",
        Lang::En => " and ",
    };
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}{and}{last}", init.join(", ")),
    }
}

/// Whole percentages of `counts` that add up to exactly 100 (largest
/// remainder): rounding each share alone can print 33% + 33% + 33%.
/// All zeros (or nothing) give zeros.
pub fn percent_shares(counts: &[u64]) -> Vec<u32> {
    let total: u64 = counts.iter().sum();
    if total == 0 {
        return vec![0; counts.len()];
    }
    let mut shares: Vec<u32> = counts.iter().map(|&c| (c * 100 / total) as u32).collect();
    let mut left = 100 - shares.iter().sum::<u32>();
    let mut by_remainder: Vec<usize> = (0..counts.len()).collect();
    // Largest remainder first; ties go to the larger count, then the first.
    by_remainder.sort_by_key(|&i| {
        (
            std::cmp::Reverse(counts[i] * 100 % total),
            std::cmp::Reverse(counts[i]),
            i,
        )
    });
    for i in by_remainder {
        if left == 0 {
            break;
        }
        if !(counts[i] * 100).is_multiple_of(total) {
            shares[i] += 1;
            left -= 1;
        }
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn indonesian_words_follow_the_usual_forms() {
        let cases = [
            (0, "nol"),
            (7, "tujuh"),
            (10, "sepuluh"),
            (11, "sebelas"),
            (15, "lima belas"),
            (23, "dua puluh tiga"),
            (100, "seratus"),
            (101, "seratus satu"),
            (110, "seratus sepuluh"),
            (250, "dua ratus lima puluh"),
            (1_000, "seribu"),
            (1_200, "seribu dua ratus"),
            (2_024, "dua ribu dua puluh empat"),
            (11_000, "sebelas ribu"),
            (1_000_000, "satu juta"),
            (1_500_000, "satu juta lima ratus ribu"),
            (2_000_000_001, "dua miliar satu"),
        ];
        for (n, words) in cases {
            assert_eq!(in_words(n, Lang::Id), words, "{n}");
        }
        assert_eq!(figure_and_words(23, Lang::Id), "23 (dua puluh tiga)");
    }

    #[test]
    fn english_words_and_figures() {
        assert_eq!(in_words(23, Lang::En), "twenty-three");
        assert_eq!(in_words(40, Lang::En), "forty");
        assert_eq!(in_words(105, Lang::En), "one hundred and five");
        assert_eq!(in_words(1_007, Lang::En), "one thousand and seven");
        assert_eq!(
            in_words(2_340, Lang::En),
            "two thousand three hundred and forty"
        );
        assert_eq!(figure_and_words(7, Lang::En), "seven");
        assert_eq!(figure_and_words(12_345, Lang::En), "12,345");
        assert_eq!(group_thousands(1_234_567, '.'), "1.234.567");
    }

    #[test]
    fn shares_add_up_to_a_hundred_as_a_reader_checks() {
        // Rounded one by one, 12 / 9 / 2 of 23 would print 52 + 39 + 9 = 100
        // only by luck; 1 / 1 / 1 would print 99.
        assert_eq!(percent_shares(&[53, 40, 7]), vec![53, 40, 7]);
        assert_eq!(percent_shares(&[1, 1, 1]), vec![34, 33, 33]);
        assert_eq!(percent_shares(&[12, 9, 2]), vec![52, 39, 9]);
        assert_eq!(percent_shares(&[0, 0]), vec![0, 0]);
    }

    #[test]
    fn lists_are_joined_as_each_language_writes_them() {
        let items = ["a".to_owned(), "b".to_owned(), "c".to_owned()];
        assert_eq!(and_list(&items, Lang::Id), "a, b dan c");
        assert_eq!(and_list(&items[..2], Lang::En), "a and b");
        assert_eq!(and_list(&items[..1], Lang::Id), "a");
        assert_eq!(and_list(&[], Lang::Id), "");
    }

    proptest! {
        #[test]
        fn shares_always_add_up_to_a_hundred(counts in proptest::collection::vec(0u64..10_000, 1..12)) {
            let shares = percent_shares(&counts);
            let total: u64 = counts.iter().sum();
            prop_assert_eq!(shares.iter().sum::<u32>(), if total == 0 { 0 } else { 100 });
            for (c, s) in counts.iter().zip(&shares) {
                // Never more than one point from the exact share.
                let exact = *c as f64 * 100.0 / total.max(1) as f64;
                prop_assert!((*s as f64 - exact).abs() < 1.0);
            }
        }

        #[test]
        fn every_number_has_words(n in 0u64..10_000_000_000) {
            let words = in_words(n, Lang::Id);
            prop_assert!(!words.is_empty() && !words.contains("  ") && !words.ends_with(' '));
            prop_assert!(n == 0 || !words.contains("nol"));
        }
    }
}
