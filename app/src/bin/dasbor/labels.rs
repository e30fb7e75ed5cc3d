//! Chart and list labels for the codes the API returns, from the shared
//! catalogues and region table.

use netral_shared::Lang;
use netral_shared::catalogue::{Catalogue, Platform, PositionClass, SourceKind, ViolationCode};
use netral_shared::regions::{ProvinceCode, RegencyCode};
use netral_shared::workflow::CaseStatus;

fn catalogue<C: Catalogue>(code: &str, lang: Lang) -> String {
    C::from_code(code)
        .map(|c| c.label().get(lang).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

/// Which facet a chart shows; also the URL key a click on a bar sets.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Facet {
    Province,
    Regency,
    Violation,
    Source,
    Platform,
    Position,
    Status,
    Day,
}

impl Facet {
    pub fn label(self, code: &str, lang: Lang) -> String {
        match self {
            Facet::Province => ProvinceCode::parse(code)
                .map(|p| p.name().to_owned())
                .unwrap_or_else(|_| code.to_owned()),
            Facet::Regency => RegencyCode::parse(code)
                .map(|r| r.name().to_owned())
                .unwrap_or_else(|_| code.to_owned()),
            Facet::Violation => catalogue::<ViolationCode>(code, lang),
            Facet::Source => catalogue::<SourceKind>(code, lang),
            Facet::Platform => catalogue::<Platform>(code, lang),
            Facet::Position => catalogue::<PositionClass>(code, lang),
            Facet::Status => catalogue::<CaseStatus>(code, lang),
            Facet::Day => code.to_owned(),
        }
    }

    /// The URL filter a click on one of its bars sets.
    pub fn url_key(self) -> &'static str {
        match self {
            Facet::Province => "provinsi",
            Facet::Regency => "kabkota",
            Facet::Violation => "pelanggaran",
            Facet::Source => "sumber",
            Facet::Platform => "platform",
            Facet::Position => "jabatan",
            Facet::Status => "status",
            Facet::Day => "dari",
        }
    }
}

/// "Jawa Timur, Kota Surabaya" for a coordinator's or an invite's region codes.
pub fn region_names(scopes: &[String], lang: Lang) -> String {
    scopes
        .iter()
        .map(|s| {
            if s.contains('.') {
                Facet::Regency.label(s, lang)
            } else {
                Facet::Province.label(s, lang)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}
