//! What the coordinators' dashboard asks and is told: the filters of a view
//! (which live in the URL, so a view can be shared), and the overview's
//! counts. The server and the app read the same filter from the same pairs.

use serde::{Deserialize, Serialize};

use crate::catalogue::{Platform, PositionClass, SourceKind, ViolationCode};
use crate::regions::{ProvinceCode, RegencyCode};
use crate::validate::When;
use crate::workflow::CaseStatus;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseSort {
    /// Most recently changed first.
    #[default]
    Updated,
    /// Closest deadline first: what must be forwarded today.
    Deadline,
    /// Most reports first.
    Reports,
}

impl CaseSort {
    fn code(self) -> &'static str {
        match self {
            CaseSort::Updated => "updated",
            CaseSort::Deadline => "deadline",
            CaseSort::Reports => "reports",
        }
    }

    fn from_code(s: &str) -> Option<CaseSort> {
        [CaseSort::Updated, CaseSort::Deadline, CaseSort::Reports]
            .into_iter()
            .find(|c| c.code() == s)
    }
}

/// A dashboard view. Every field is optional; a value that does not parse
/// is dropped rather than failing the whole view (a link edited by hand
/// still opens).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseQuery {
    pub province: Option<ProvinceCode>,
    pub regency: Option<RegencyCode>,
    pub violation: Option<ViolationCode>,
    pub source: Option<SourceKind>,
    pub platform: Option<Platform>,
    pub position_class: Option<PositionClass>,
    pub status: Option<CaseStatus>,
    /// Occurred on or after, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Occurred on or before, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// Free text: the terlapor's name or agency.
    pub text: String,
    pub sort: CaseSort,
    /// 0-based.
    pub page: u32,
}

fn date(v: &str) -> Option<String> {
    When::parse(v).map(|w| w.date.to_string())
}

impl CaseQuery {
    /// The view as URL query pairs, in a fixed order, defaults left out.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let mut push = |k: &'static str, v: Option<String>| {
            if let Some(v) = v {
                out.push((k, v));
            }
        };
        push("provinsi", self.province.map(|c| c.to_string()));
        push("kabkota", self.regency.map(|c| c.to_string()));
        push("pelanggaran", self.violation.map(|c| c.code().to_owned()));
        push("sumber", self.source.map(|c| c.code().to_owned()));
        push("platform", self.platform.map(|c| c.code().to_owned()));
        push("jabatan", self.position_class.map(|c| c.code().to_owned()));
        push("status", self.status.map(|c| c.code().to_owned()));
        push("dari", self.from.clone());
        push("sampai", self.to.clone());
        push(
            "cari",
            (!self.text.trim().is_empty()).then(|| self.text.trim().to_owned()),
        );
        push(
            "urut",
            (self.sort != CaseSort::Updated).then(|| self.sort.code().to_owned()),
        );
        push("hal", (self.page > 0).then(|| self.page.to_string()));
        out
    }

    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> CaseQuery {
        let mut q = CaseQuery::default();
        for (k, v) in pairs {
            let v = v.trim();
            match k {
                "provinsi" => q.province = ProvinceCode::parse(v).ok(),
                "kabkota" => q.regency = RegencyCode::parse(v).ok(),
                "pelanggaran" => q.violation = ViolationCode::from_code(v),
                "sumber" => q.source = SourceKind::from_code(v),
                "platform" => q.platform = Platform::from_code(v),
                "jabatan" => q.position_class = PositionClass::from_code(v),
                "status" => q.status = CaseStatus::from_code(v),
                "dari" => q.from = date(v),
                "sampai" => q.to = date(v),
                "cari" => q.text = v.to_owned(),
                "urut" => q.sort = CaseSort::from_code(v).unwrap_or_default(),
                "hal" => q.page = v.parse().unwrap_or(0),
                _ => {}
            }
        }
        // A kab/kota outside the chosen province cannot match anything.
        if let (Some(p), Some(r)) = (q.province, q.regency)
            && r.province() != p
        {
            q.regency = None;
        }
        q
    }
}

/// One bar of a chart: a code (province, violation, day…) and its count.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub key: String,
    pub n: u64,
}

/// The dashboard's first screen, for the cases matching a view.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub reports: u64,
    pub cases: u64,
    /// Reports that joined a case another report had opened.
    pub merged_reports: u64,
    /// Open cases (not rejected, forwarded or closed) whose deadline is in
    /// at most 2 days, and those past it.
    pub deadline_soon: u64,
    pub deadline_passed: u64,
    pub by_status: Vec<Count>,
    pub by_province: Vec<Count>,
    /// Filled when the view is inside one province.
    pub by_regency: Vec<Count>,
    pub by_violation: Vec<Count>,
    pub by_source: Vec<Count>,
    pub by_platform: Vec<Count>,
    pub by_position_class: Vec<Count>,
    /// `YYYY-MM-DD` of occurrence.
    pub by_day: Vec<Count>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_round_trips_through_its_pairs() {
        let q = CaseQuery {
            province: ProvinceCode::parse("35").ok(),
            regency: RegencyCode::parse("35.78").ok(),
            violation: Some(ViolationCode::MedsosFoto),
            source: Some(SourceKind::MediaSosial),
            status: Some(CaseStatus::Baru),
            from: Some("2024-11-01".into()),
            text: "ahmad fauzi".into(),
            sort: CaseSort::Deadline,
            page: 2,
            ..CaseQuery::default()
        };
        let pairs = q.pairs();
        let back = CaseQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, q);
        assert_eq!(CaseQuery::default().pairs(), vec![]);
    }

    #[test]
    fn bad_values_are_dropped_not_fatal() {
        let q = CaseQuery::from_pairs([
            ("provinsi", "99"),
            ("pelanggaran", "nope"),
            ("dari", "2024-13-45"),
            ("hal", "-1"),
            ("status", "diteruskan"),
        ]);
        assert_eq!(
            q,
            CaseQuery {
                status: Some(CaseStatus::Diteruskan),
                ..CaseQuery::default()
            }
        );
        // Surabaya is not in Jawa Barat.
        let q = CaseQuery::from_pairs([("provinsi", "32"), ("kabkota", "35.78")]);
        assert_eq!(q.regency, None);
        assert!(q.province.is_some());
    }
}
