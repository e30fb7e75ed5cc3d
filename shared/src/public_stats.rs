//! Public statistics (issue 19): what a coalition may publish of its
//! findings ("23 temuan … media sosial (53%)"), and the rule that keeps a
//! small number from pointing at one person. Counts come in as the
//! dashboard's [`Overview`]; what goes out is [`PublicStatistics`], which
//! holds codes, catalogue labels and numbers, never a name, an agency, a NIP,
//! a text or an id.
//!
//! The rule, per facet: a count below the threshold is withheld; if that
//! leaves exactly one withheld cell, or withheld cells summing to less than
//! the threshold, the smallest published cells are withheld too, until at
//! least two are and they sum to the threshold (or all are). So subtracting
//! the published cells from the total never gives back a small cell. When
//! the total itself is below the threshold nothing else is published.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::catalogue::{Catalogue, Platform, PositionClass, SourceKind, ViolationCode};
use crate::dashboard::{Count, Overview};
use crate::dates::day_month_year;
use crate::i18n::{Lang, Text};
use crate::regions::{ProvinceCode, RegencyCode};
use crate::validate::When;
use crate::workflow::{Agency, CaseStatus};

/// Counts below this are withheld unless the deployment says otherwise.
pub const DEFAULT_THRESHOLD: u64 = 5;
/// A threshold of 1 would withhold nothing.
pub const MIN_THRESHOLD: u64 = 2;

/// One number as published: the count, or that it is withheld. Withheld
/// cells all look alike (`{"below": 5}`, shown "< 5") whichever reason
/// withheld them, so which cells were withheld only to protect others
/// cannot be told apart.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cell {
    #[serde(rename = "n")]
    Count(u64),
    /// Withheld under this threshold.
    #[serde(rename = "below")]
    Below(u64),
}

impl Cell {
    pub fn published(self) -> Option<u64> {
        match self {
            Cell::Count(n) => Some(n),
            Cell::Below(_) => None,
        }
    }

    /// "12", or "< 5".
    pub fn text(self) -> String {
        match self {
            Cell::Count(n) => n.to_string(),
            Cell::Below(t) => format!("< {t}"),
        }
    }
}

/// One bar: a code, its labels in both languages, its number.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicCount {
    /// A catalogue code (`medsos_foto`), a region code (`35`, `35.78`) or a
    /// week's Monday (`2024-11-18`).
    pub key: String,
    pub label_id: String,
    pub label_en: String,
    pub count: Cell,
}

/// What `GET /api/v1/public/statistics` answers. The totals count reports
/// and cases (duplicate reports grouped); every facet counts cases, and a
/// case whose reports name two violations (sources, platforms, positions)
/// counts under each.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicStatistics {
    /// The coalition's name, as the deployment set it.
    pub title: String,
    /// RFC 3339, UTC.
    pub generated_at: String,
    pub threshold: u64,
    /// Occurred on or after, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Occurred on or before, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// Province code of the view.
    pub province: Option<String>,
    pub reports: Cell,
    pub cases: Cell,
    pub by_province: Vec<PublicCount>,
    /// Only in a province's view.
    pub by_regency: Vec<PublicCount>,
    pub by_violation: Vec<PublicCount>,
    pub by_source: Vec<PublicCount>,
    pub by_platform: Vec<PublicCount>,
    pub by_position_class: Vec<PublicCount>,
    /// By the Monday (ISO week) of the case's earliest occurrence.
    pub by_week: Vec<PublicCount>,
    pub by_status: Vec<PublicCount>,
    pub by_forwarded_agency: Vec<PublicCount>,
}

/// The facets, with the names their charts go by in URLs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Facet {
    Province,
    Regency,
    Violation,
    Source,
    Platform,
    PositionClass,
    Week,
    Status,
    ForwardedAgency,
}

impl Facet {
    pub const ALL: [Facet; 9] = [
        Facet::Province,
        Facet::Regency,
        Facet::Violation,
        Facet::Source,
        Facet::Platform,
        Facet::PositionClass,
        Facet::Week,
        Facet::Status,
        Facet::ForwardedAgency,
    ];

    /// `/statistik/grafik/{slug}.svg`.
    pub fn slug(self) -> &'static str {
        match self {
            Facet::Province => "provinsi",
            Facet::Regency => "kabkota",
            Facet::Violation => "pelanggaran",
            Facet::Source => "sumber",
            Facet::Platform => "platform",
            Facet::PositionClass => "jabatan",
            Facet::Week => "minggu",
            Facet::Status => "status",
            Facet::ForwardedAgency => "diteruskan",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Facet> {
        Facet::ALL.into_iter().find(|f| f.slug() == slug)
    }

    pub fn title(self) -> Text {
        match self {
            Facet::Province => Text::new("Per provinsi", "By province"),
            Facet::Regency => Text::new("Per kabupaten/kota", "By regency/city"),
            Facet::Violation => Text::new("Jenis pelanggaran", "Violation"),
            Facet::Source => Text::new("Sumber temuan", "Source"),
            Facet::Platform => Text::new("Platform media sosial", "Platform"),
            Facet::PositionClass => Text::new("Kelas jabatan terlapor", "Position class"),
            Facet::Week => Text::new("Per minggu kejadian", "By week of occurrence"),
            Facet::Status => Text::new("Status penanganan", "Case status"),
            Facet::ForwardedAgency => Text::new("Diteruskan ke", "Forwarded to"),
        }
    }
}

impl PublicStatistics {
    /// The view with nothing but its totals, both withheld: what a view
    /// too small to publish says.
    pub fn withheld(self) -> PublicStatistics {
        let t = self.threshold;
        PublicStatistics {
            reports: Cell::Below(t),
            cases: Cell::Below(t),
            by_province: Vec::new(),
            by_regency: Vec::new(),
            by_violation: Vec::new(),
            by_source: Vec::new(),
            by_platform: Vec::new(),
            by_position_class: Vec::new(),
            by_week: Vec::new(),
            by_status: Vec::new(),
            by_forwarded_agency: Vec::new(),
            ..self
        }
    }

    pub fn facet(&self, f: Facet) -> &[PublicCount] {
        match f {
            Facet::Province => &self.by_province,
            Facet::Regency => &self.by_regency,
            Facet::Violation => &self.by_violation,
            Facet::Source => &self.by_source,
            Facet::Platform => &self.by_platform,
            Facet::PositionClass => &self.by_position_class,
            Facet::Week => &self.by_week,
            Facet::Status => &self.by_status,
            Facet::ForwardedAgency => &self.by_forwarded_agency,
        }
    }
}

/// What a view is, besides its counts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    pub title: String,
    pub generated_at: String,
    pub threshold: u64,
    pub from: Option<String>,
    pub to: Option<String>,
    pub province: Option<ProvinceCode>,
}

/// Which cells of one facet to withhold (`true`), by the rule in the module
/// comment. Zeros count as small: a caller that lists them gets them
/// withheld, not published.
pub fn suppress(counts: &[u64], threshold: u64) -> Vec<bool> {
    let mut hidden: Vec<bool> = counts.iter().map(|&n| n < threshold).collect();
    loop {
        let (k, sum) = counts
            .iter()
            .zip(&hidden)
            .filter(|(_, h)| **h)
            .fold((0usize, 0u64), |(k, s), (n, _)| {
                (k + 1, s.saturating_add(*n))
            });
        if k == 0 || k == counts.len() || (k >= 2 && sum >= threshold) {
            return hidden;
        }
        // The smallest still published; the first of equals, so the
        // choice depends on the counts and their order only.
        let next = (0..counts.len())
            .filter(|&i| !hidden[i])
            .min_by_key(|&i| (counts[i], i));
        match next {
            Some(i) => hidden[i] = true,
            None => return hidden,
        }
    }
}

/// A share in whole percent, rounded half up; 0 of nothing.
pub fn percent(n: u64, of: u64) -> u64 {
    if of == 0 {
        return 0;
    }
    (n.saturating_mul(200) + of) / (of * 2)
}

/// The published form of one view's counts. The facets count cases; the
/// forwarded agencies come apart from the overview (the dashboard has no
/// such chart).
pub fn publish(o: &Overview, by_forwarded_agency: &[Count], meta: Meta) -> PublicStatistics {
    let t = meta.threshold.max(MIN_THRESHOLD);
    let mut s = PublicStatistics {
        title: meta.title,
        generated_at: meta.generated_at,
        threshold: t,
        from: meta.from,
        to: meta.to,
        province: meta.province.map(|p| p.to_string()),
        reports: Cell::Count(o.reports),
        cases: Cell::Count(o.cases),
        by_province: Vec::new(),
        by_regency: Vec::new(),
        by_violation: Vec::new(),
        by_source: Vec::new(),
        by_platform: Vec::new(),
        by_position_class: Vec::new(),
        by_week: Vec::new(),
        by_status: Vec::new(),
        by_forwarded_agency: Vec::new(),
    };
    if o.cases < t {
        return s.withheld();
    }
    // A region's name is the same in both languages.
    let province = |k: &str| ProvinceCode::parse(k).ok().map(|p| both(p.name()));
    let regency = |k: &str| RegencyCode::parse(k).ok().map(|r| both(r.name()));
    s.by_province = facet(&o.by_province, province, t, Order::ByCount);
    if meta.province.is_some() {
        s.by_regency = facet(&o.by_regency, regency, t, Order::ByCount);
    }
    s.by_violation = catalogue::<ViolationCode>(&o.by_violation, t);
    s.by_source = catalogue::<SourceKind>(&o.by_source, t);
    s.by_platform = catalogue::<Platform>(&o.by_platform, t);
    s.by_position_class = catalogue::<PositionClass>(&o.by_position_class, t);
    s.by_status = catalogue::<CaseStatus>(&o.by_status, t);
    s.by_forwarded_agency = catalogue::<Agency>(by_forwarded_agency, t);
    s.by_week = weeks(&o.by_day, t);
    s
}

/// How a facet's bars are ordered. Region facets go by size; then the
/// withheld ones come last, by code, since their place among the published
/// would tell how big they are.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Order {
    AsGiven,
    ByCount,
}

/// Labels in Indonesian and English.
type Labels = (String, String);

fn both(name: &str) -> Labels {
    (name.to_owned(), name.to_owned())
}

fn facet(
    counts: &[Count],
    label: impl Fn(&str) -> Option<Labels>,
    t: u64,
    order: Order,
) -> Vec<PublicCount> {
    let n: Vec<u64> = counts.iter().map(|c| c.n).collect();
    let hidden = suppress(&n, t);
    let mut out: Vec<PublicCount> = counts
        .iter()
        .zip(hidden)
        .map(|(c, hidden)| {
            let (label_id, label_en) = label(&c.key).unwrap_or_else(|| both(&c.key));
            PublicCount {
                key: c.key.clone(),
                label_id,
                label_en,
                count: if hidden {
                    Cell::Below(t)
                } else {
                    Cell::Count(c.n)
                },
            }
        })
        .collect();
    if order == Order::ByCount {
        out.sort_by(|a, b| match (a.count.published(), b.count.published()) {
            (Some(x), Some(y)) => y.cmp(&x).then_with(|| a.key.cmp(&b.key)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.key.cmp(&b.key),
        });
    }
    out
}

/// A catalogue facet in the catalogue's order, which says nothing about
/// the counts.
fn catalogue<C: Catalogue>(counts: &[Count], t: u64) -> Vec<PublicCount> {
    facet(
        counts,
        |key| {
            C::from_code(key).map(|c| {
                let t = c.label();
                (t.get(Lang::Id).to_owned(), t.get(Lang::En).to_owned())
            })
        },
        t,
        Order::AsGiven,
    )
}

/// The overview's days summed into ISO weeks (keyed by their Monday),
/// oldest first.
fn weeks(by_day: &[Count], t: u64) -> Vec<PublicCount> {
    let mut weeks: BTreeMap<Date, u64> = BTreeMap::new();
    for c in by_day {
        if let Some(day) = When::parse(&c.key).map(|w| w.date) {
            *weeks.entry(monday_of(day)).or_default() += c.n;
        }
    }
    let counts: Vec<Count> = weeks
        .into_iter()
        .map(|(d, n)| Count {
            key: d.to_string(),
            n,
        })
        .collect();
    let label = |key: &str| {
        When::parse(key).map(|w| {
            (
                format!("Pekan {}", day_month_year(w.date, Lang::Id)),
                format!("Week of {}", day_month_year(w.date, Lang::En)),
            )
        })
    };
    facet(&counts, label, t, Order::AsGiven)
}

/// The Monday of `d`'s ISO week.
pub fn monday_of(d: Date) -> Date {
    let back = i32::from(d.weekday().number_days_from_monday());
    Date::from_julian_day(d.to_julian_day() - back).unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn count(key: &str, n: u64) -> Count {
        Count {
            key: key.to_owned(),
            n,
        }
    }

    fn meta(threshold: u64) -> Meta {
        Meta {
            title: "Koalisi".into(),
            generated_at: "2024-12-01T00:00:00Z".into(),
            threshold,
            ..Meta::default()
        }
    }

    #[test]
    fn small_cells_take_a_neighbour_with_them() {
        // Nothing small: nothing withheld.
        assert_eq!(suppress(&[5, 9, 12], 5), vec![false; 3]);
        // One small cell alone could be recovered: the next smallest goes too.
        assert_eq!(suppress(&[3, 9, 12], 5), vec![true, true, false]);
        // Two small cells summing below the threshold: one more.
        assert_eq!(suppress(&[1, 2, 9, 12], 5), vec![true, true, true, false]);
        // Two small cells that sum to the threshold protect each other.
        assert_eq!(suppress(&[2, 3, 9], 5), vec![true, true, false]);
        // The first of equal candidates.
        assert_eq!(suppress(&[4, 7, 7], 5), vec![true, true, false]);
        // Everything, when nothing else is enough.
        assert_eq!(suppress(&[1, 1], 5), vec![true, true]);
        assert_eq!(suppress(&[4], 5), vec![true]);
        assert_eq!(suppress(&[], 5), Vec::<bool>::new());
    }

    #[test]
    fn cells_say_what_they_are() {
        assert_eq!(
            serde_json::to_string(&Cell::Count(12)).unwrap(),
            r#"{"n":12}"#
        );
        assert_eq!(
            serde_json::to_string(&Cell::Below(5)).unwrap(),
            r#"{"below":5}"#
        );
        assert_eq!(Cell::Below(5).text(), "< 5");
        assert_eq!(percent(16, 30), 53);
        assert_eq!(percent(2, 30), 7);
        assert_eq!(percent(1, 0), 0);
    }

    #[test]
    fn a_small_total_publishes_nothing_else() {
        let o = Overview {
            reports: 9,
            cases: 4,
            by_status: vec![count("baru", 4)],
            ..Overview::default()
        };
        let s = publish(&o, &[], meta(5));
        assert_eq!((s.reports, s.cases), (Cell::Below(5), Cell::Below(5)));
        assert!(Facet::ALL.iter().all(|f| s.facet(*f).is_empty()));
    }

    #[test]
    fn facets_are_labelled_from_the_catalogues_and_regions() {
        let o = Overview {
            reports: 30,
            cases: 23,
            by_province: vec![count("35", 15), count("32", 6), count("31", 2)],
            by_regency: vec![count("35.78", 15)],
            by_source: vec![
                count("langsung", 2),
                count("media_sosial", 12),
                count("berita_online", 9),
            ],
            by_day: vec![
                count("2024-11-18", 3),
                count("2024-11-24", 4),
                count("2024-11-25", 16),
            ],
            by_status: vec![count("baru", 23)],
            ..Overview::default()
        };
        let agencies = [count("bawaslu_kabkota", 6)];
        let mut m = meta(5);
        m.province = ProvinceCode::parse("35").ok();
        let s = publish(&o, &agencies, m);
        assert_eq!((s.reports, s.cases), (Cell::Count(30), Cell::Count(23)));
        assert_eq!(s.province.as_deref(), Some("35"));
        let keys = |f| {
            s.facet(f)
                .iter()
                .map(|c| (c.key.as_str(), c.count))
                .collect::<Vec<_>>()
        };
        // 2 alone would be 23 - 15 - 6: Jawa Barat goes with it, and after
        // the published, by code.
        assert_eq!(
            keys(Facet::Province),
            vec![
                ("35", Cell::Count(15)),
                ("31", Cell::Below(5)),
                ("32", Cell::Below(5))
            ]
        );
        assert_eq!(s.by_province[0].label_id, "Jawa Timur");
        assert_eq!(s.by_regency[0].label_en, "Kota Surabaya");
        assert_eq!(s.by_source[1].label_id, "Media sosial");
        assert_eq!(s.by_source[0].count, Cell::Below(5));
        assert_eq!(s.by_source[2].count, Cell::Below(5));
        // Sunday the 24th is in the week of Monday the 18th.
        assert_eq!(
            keys(Facet::Week),
            vec![
                ("2024-11-18", Cell::Count(7)),
                ("2024-11-25", Cell::Count(16))
            ]
        );
        assert_eq!(s.by_week[0].label_id, "Pekan 18 November 2024");
        assert_eq!(s.by_week[0].label_en, "Week of 18 November 2024");
        assert_eq!(s.by_forwarded_agency[0].label_id, "Bawaslu kabupaten/kota");
        assert_eq!(s.by_status[0].label_en, "New");
        // Regencies only in a province's view.
        assert!(publish(&o, &[], meta(5)).by_regency.is_empty());
        assert_eq!(monday_of(date!(2024 - 11 - 18)), date!(2024 - 11 - 18));
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn no_small_cell_is_published_or_recoverable(
            counts in prop::collection::vec(0u64..40, 0..14),
            t in MIN_THRESHOLD..12,
        ) {
            let hidden = suppress(&counts, t);
            let total: u64 = counts.iter().sum();
            let published: u64 = counts.iter().zip(&hidden).filter(|(_, h)| !**h).map(|(n, _)| n).sum();
            for (n, h) in counts.iter().zip(&hidden) {
                prop_assert!(*h || *n >= t, "{n} published under {t}");
            }
            if hidden.iter().any(|h| *h) {
                prop_assert!(total - published >= t || total < t, "{counts:?} {t} {hidden:?}");
                prop_assert!(hidden.iter().filter(|h| **h).count() >= 2 || counts.len() == 1);
            }
        }

        #[test]
        fn a_published_view_keeps_the_rule(
            status in prop::collection::vec(1u64..30, 1..6),
            t in MIN_THRESHOLD..12,
        ) {
            let cases: u64 = status.iter().sum();
            let o = Overview {
                reports: cases,
                cases,
                by_status: CaseStatus::ALL.iter().zip(&status).map(|(s, n)| count(s.code(), *n)).collect(),
                ..Overview::default()
            };
            let s = publish(&o, &[], meta(t));
            let cells: Vec<Cell> = s.by_status.iter().map(|c| c.count).collect();
            prop_assert!(cells.iter().all(|c| c.published().is_none_or(|n| n >= t)));
            let published: u64 = cells.iter().filter_map(|c| c.published()).sum();
            match s.cases {
                Cell::Count(total) => {
                    if cells.iter().any(|c| c.published().is_none()) {
                        prop_assert!(total - published >= t);
                    }
                }
                Cell::Below(_) => prop_assert!(cells.is_empty() && cases < t),
            }
        }
    }
}
