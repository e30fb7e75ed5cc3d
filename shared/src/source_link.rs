//! What a link says about where a finding was seen: a social platform (from
//! [`EvidenceUrl::platform`]) or a known Indonesian news outlet, and the
//! first link in a shared or pasted text. A volunteer who pastes or shares a
//! link then does not choose the source by hand. The URL rules themselves
//! stay in [`crate::evidence_url`].

use crate::catalogue::{Platform, SourceKind};
use crate::evidence_url::{EvidenceUrl, host_within};
use crate::report::{Report, Source};

/// National outlets, matched as the host or a subdomain
/// (`news.detik.com`, `regional.kompas.com`), with the name people use.
const NEWS_OUTLETS: &[(&str, &str)] = &[
    ("detik.com", "detikcom"),
    ("kompas.com", "Kompas.com"),
    ("kompas.id", "Kompas"),
    ("tribunnews.com", "Tribunnews"),
    ("cnnindonesia.com", "CNN Indonesia"),
    ("liputan6.com", "Liputan6"),
    ("tempo.co", "Tempo"),
    ("antaranews.com", "Antara"),
    ("kumparan.com", "kumparan"),
    ("jawapos.com", "Jawa Pos"),
    ("okezone.com", "Okezone"),
    ("suara.com", "Suara.com"),
    ("idntimes.com", "IDN Times"),
    ("merdeka.com", "Merdeka.com"),
    ("beritasatu.com", "Beritasatu"),
    ("sindonews.com", "SINDOnews"),
    ("republika.co.id", "Republika"),
    ("viva.co.id", "VIVA"),
];

/// Where a link was published.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkSource {
    Platform(Platform),
    /// A news outlet, by its usual name.
    News(&'static str),
}

impl LinkSource {
    /// `None` for a host Netral does not know (a blog, a government site).
    pub fn of(link: &EvidenceUrl) -> Option<LinkSource> {
        if let Some(p) = link.platform() {
            return Some(LinkSource::Platform(p));
        }
        let host = link.host();
        NEWS_OUTLETS
            .iter()
            .find(|(domain, _)| host_within(host, domain))
            .map(|&(_, name)| LinkSource::News(name))
    }

    pub fn kind(self) -> SourceKind {
        match self {
            LinkSource::Platform(_) => SourceKind::MediaSosial,
            LinkSource::News(_) => SourceKind::BeritaOnline,
        }
    }
}

/// Fills what `link` tells of the source where the volunteer has not said
/// it yet: the kind, the platform or the outlet, and the post's link. A kind
/// already chosen that the link contradicts (seen directly, then a news
/// link added as evidence) is left alone, with everything under it.
pub fn fill_source(source: &mut Source, link: &EvidenceUrl) {
    let Some(found) = LinkSource::of(link) else {
        return;
    };
    let kind = *source.kind.get_or_insert(found.kind());
    if kind != found.kind() {
        return;
    }
    match found {
        LinkSource::Platform(p) => {
            source.platform.get_or_insert(p);
        }
        LinkSource::News(name) if source.outlet.trim().is_empty() => {
            name.clone_into(&mut source.outlet)
        }
        LinkSource::News(_) => {}
    }
    if source.url.trim().is_empty() {
        source.url = link.to_string();
    }
}

/// Characters around a link in running text that are not part of it.
const OPENING: &[char] = &['(', '<', '[', '"', '\'', '«', '“', '‘'];
const CLOSING: &[char] = &[
    '.', ',', ';', ':', '!', '?', ')', ']', '>', '"', '\'', '»', '”', '’', '…',
];

/// The first link in a text shared from an app ("Lihat ini
/// https://fb.watch/abc … #pemilu"), canonical. A word without a scheme
/// counts only on a known platform or news host, or after `www.`: in
/// running text "dll.Terima" is not a link.
pub fn first_link(text: &str) -> Option<EvidenceUrl> {
    text.split_whitespace().find_map(|word| {
        let lower = word.to_ascii_lowercase();
        if let Some(at) = lower.find("https://").or_else(|| lower.find("http://")) {
            return EvidenceUrl::parse(word[at..].trim_end_matches(CLOSING)).ok();
        }
        let bare = word.trim_start_matches(OPENING).trim_end_matches(CLOSING);
        let link = EvidenceUrl::parse_pasted(bare).ok()?;
        let www = bare.len() > 4 && bare[..4].eq_ignore_ascii_case("www.");
        (www || LinkSource::of(&link).is_some()).then_some(link)
    })
}

/// A shared text without `link`, for the description: what the post
/// said, with the link (kept apart, as evidence) and the spaces around it
/// taken out. Empty when the text was only the link.
pub fn text_without(text: &str, link: Option<&EvidenceUrl>) -> String {
    let kept: Vec<&str> = text
        .split_whitespace()
        .filter(|w| link.is_none() || first_link(w).as_ref() != link)
        .collect();
    kept.join(" ")
}

/// What a share from another app holds: the first link of its `url`, `text`
/// or `title` (apps put it in any of them), and the words besides it, for
/// the description (title and text, each once).
pub fn from_share(title: &str, text: &str, url: &str) -> (Option<EvidenceUrl>, String) {
    let link = EvidenceUrl::parse_pasted(url)
        .ok()
        .or_else(|| first_link(text))
        .or_else(|| first_link(title));
    let mut words: Vec<String> = Vec::new();
    for part in [title, text] {
        let rest = text_without(part, link.as_ref());
        if !rest.is_empty() && !words.contains(&rest) {
            words.push(rest);
        }
    }
    (link, words.join("\n"))
}

/// Whether `report` already names `link`, as evidence or as its source,
/// in whatever form it was typed.
pub fn report_holds(report: &Report, link: &EvidenceUrl) -> bool {
    report
        .evidence_links
        .iter()
        .chain([&report.source.url])
        .any(|l| EvidenceUrl::parse_pasted(l).as_ref() == Ok(link))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn link(s: &str) -> EvidenceUrl {
        EvidenceUrl::parse_pasted(s).unwrap()
    }

    #[test]
    fn platforms_from_their_hosts() {
        let of = |s: &str| LinkSource::of(&link(s));
        for (url, p) in [
            ("facebook.com/x/posts/1", Platform::Facebook),
            ("https://m.facebook.com/x/posts/1", Platform::Facebook),
            ("https://fb.watch/abc", Platform::Facebook),
            ("instagram.com/p/abc", Platform::Instagram),
            ("www.tiktok.com/@a/video/1", Platform::TikTok),
            ("vt.tiktok.com/ZS1", Platform::TikTok),
            ("twitter.com/a/status/1", Platform::X),
            ("x.com/a/status/1", Platform::X),
            ("youtu.be/dQw4w9WgXcQ", Platform::YouTube),
            ("youtube.com/watch?v=dQw4w9WgXcQ", Platform::YouTube),
            ("wa.me/6281234567890", Platform::WhatsApp),
            ("chat.whatsapp.com/AbC", Platform::WhatsApp),
        ] {
            assert_eq!(of(url), Some(LinkSource::Platform(p)), "{url}");
        }
    }

    #[test]
    fn news_outlets_and_their_subdomains() {
        let of = |s: &str| LinkSource::of(&link(s));
        assert_eq!(
            of("https://news.detik.com/berita/d-1"),
            Some(LinkSource::News("detikcom"))
        );
        assert_eq!(
            of("regional.kompas.com/read/1"),
            Some(LinkSource::News("Kompas.com"))
        );
        assert_eq!(
            of("https://www.republika.co.id/berita/1"),
            Some(LinkSource::News("Republika"))
        );
        assert_eq!(of("http://tempo.co/a"), Some(LinkSource::News("Tempo")));
        assert_eq!(
            of("jatim.idntimes.com/news/1"),
            Some(LinkSource::News("IDN Times"))
        );
        for domain in NEWS_OUTLETS.iter().map(|(d, _)| d) {
            let found = of(&format!("https://www.{domain}/a"));
            assert!(matches!(found, Some(LinkSource::News(_))), "{domain}");
            assert_eq!(found.unwrap().kind(), SourceKind::BeritaOnline);
        }
        // Whole labels only, and unknown sites say nothing.
        assert_eq!(of("https://notdetik.com/a"), None);
        assert_eq!(of("https://detik.com.example.org/a"), None);
        assert_eq!(of("https://surabaya.go.id/berita"), None);
    }

    #[test]
    fn fills_only_what_is_still_empty() {
        let mut s = Source::default();
        fill_source(
            &mut s,
            &link("https://www.facebook.com/x/posts/1?mibextid=a"),
        );
        assert_eq!(s.kind, Some(SourceKind::MediaSosial));
        assert_eq!(s.platform, Some(Platform::Facebook));
        assert_eq!(s.url, "https://facebook.com/x/posts/1");

        // A second link fills nothing over the first.
        fill_source(&mut s, &link("https://instagram.com/p/abc"));
        assert_eq!(s.platform, Some(Platform::Facebook));
        assert_eq!(s.url, "https://facebook.com/x/posts/1");

        let mut news = Source::default();
        fill_source(&mut news, &link("https://news.detik.com/berita/d-1"));
        assert_eq!(news.kind, Some(SourceKind::BeritaOnline));
        assert_eq!(news.outlet, "detikcom");
        assert_eq!(news.platform, None);

        let mut typed = Source {
            kind: Some(SourceKind::BeritaOnline),
            outlet: "Radar Surabaya".into(),
            ..Source::default()
        };
        fill_source(&mut typed, &link("https://jawapos.com/a"));
        assert_eq!(typed.outlet, "Radar Surabaya");
        assert_eq!(typed.url, "https://jawapos.com/a");

        // Seen directly: a link is evidence, not the source.
        let mut seen = Source {
            kind: Some(SourceKind::Langsung),
            ..Source::default()
        };
        fill_source(&mut seen, &link("https://fb.watch/abc"));
        assert_eq!(
            seen,
            Source {
                kind: Some(SourceKind::Langsung),
                ..Source::default()
            }
        );

        let mut unknown = Source::default();
        fill_source(&mut unknown, &link("https://surabaya.go.id/berita"));
        assert_eq!(unknown, Source::default());
    }

    #[test]
    fn the_first_link_in_a_shared_text() {
        let first = |s: &str| first_link(s).map(|u| u.to_string());
        assert_eq!(
            first("Lihat ini https://fb.watch/abc/?mibextid=x … #pemilu").as_deref(),
            Some("https://fb.watch/abc")
        );
        assert_eq!(
            first("Camat ikut kampanye (https://www.instagram.com/p/C9x/?igsh=a).").as_deref(),
            Some("https://instagram.com/p/C9x")
        );
        assert_eq!(
            first("cek:https://x.com/a/status/1, ramai").as_deref(),
            Some("https://x.com/i/status/1")
        );
        assert_eq!(
            first("Sumber: tiktok.com/@camat/video/1 dan https://detik.com/a").as_deref(),
            Some("https://tiktok.com/@camat/video/1")
        );
        assert_eq!(
            first("baca www.beritajatim.com/politik/1.").as_deref(),
            Some("https://www.beritajatim.com/politik/1")
        );
        assert_eq!(first("Rp1.500.000 dll.Terima kasih"), None);
        assert_eq!(first(""), None);
        assert_eq!(first("https:// kosong"), None);
    }

    #[test]
    fn the_text_around_the_link() {
        let fb = link("https://fb.watch/abc");
        assert_eq!(
            text_without(
                "Lihat ini\nhttps://fb.watch/abc/?mibextid=x  #pemilu",
                Some(&fb)
            ),
            "Lihat ini #pemilu"
        );
        assert_eq!(text_without("(fb.watch/abc)", Some(&fb)), "");
        assert_eq!(
            text_without(" a  https://fb.watch/other ", Some(&fb)),
            "a https://fb.watch/other"
        );
    }

    #[test]
    fn a_share_from_another_app() {
        // Facebook: the link in the text; Chrome: the page's title and url.
        let (l, words) = from_share("", "Lihat ini https://fb.watch/abc #pemilu", "");
        assert_eq!(l, Some(link("https://fb.watch/abc")));
        assert_eq!(words, "Lihat ini #pemilu");
        let (l, words) = from_share("Camat ikut kampanye", "", "https://m.detik.com/x");
        assert_eq!(l, Some(link("https://m.detik.com/x")));
        assert_eq!(words, "Camat ikut kampanye");
        let (l, words) = from_share("https://x.com/a/status/1", "https://x.com/a/status/1", "");
        assert_eq!(l, Some(link("https://x.com/i/status/1")));
        assert_eq!(words, "");
        // Only a screenshot and some words.
        assert_eq!(
            from_share("", " foto  camat ", ""),
            (None, "foto camat".into())
        );
    }

    #[test]
    fn a_report_holds_a_link_in_any_form() {
        let mut r = Report::default();
        let post = link("https://facebook.com/humas/posts/1");
        assert!(!report_holds(&r, &post));
        r.evidence_links = vec!["".into(), "m.facebook.com/Humas/posts/1/?mibextid=a".into()];
        assert!(report_holds(&r, &post));
        r.evidence_links.clear();
        r.source.url = "https://www.facebook.com/humas/posts/1".into();
        assert!(report_holds(&r, &post));
        assert!(!report_holds(
            &r,
            &link("https://facebook.com/humas/posts/2")
        ));
    }

    fn platform_or_news_url() -> impl Strategy<Value = String> {
        let hosts = prop::sample::select(vec![
            "facebook.com",
            "m.facebook.com",
            "www.instagram.com",
            "vt.tiktok.com",
            "twitter.com",
            "youtu.be",
            "wa.me",
            "news.detik.com",
            "kompas.com",
            "www.republika.co.id",
        ]);
        (hosts, prop::collection::vec("[A-Za-z0-9_-]{1,12}", 0..4))
            .prop_map(|(h, segs)| format!("{h}/{}", segs.join("/")))
    }

    proptest! {
        #[test]
        fn a_link_without_its_scheme_is_the_same_link(bare in platform_or_news_url()) {
            let fixed = EvidenceUrl::parse_pasted(&bare).unwrap();
            prop_assert_eq!(&fixed, &EvidenceUrl::parse(&format!("https://{bare}")).unwrap());
            prop_assert!(LinkSource::of(&fixed).is_some());
        }

        #[test]
        fn a_link_in_running_text_is_found(
            before in prop::collection::vec("[a-zA-Z#@]{1,10}", 0..5),
            bare in platform_or_news_url(),
            scheme in prop::sample::select(vec!["", "https://", "HTTP://"]),
            close in prop::sample::select(vec!["", ".", ",", ")", "…"]),
            after in prop::collection::vec("[a-zA-Z0-9#.,:/]{1,10}", 0..5),
        ) {
            let url = format!("{scheme}{bare}");
            let text = format!("{} {url}{close} {}", before.join(" "), after.join(" "));
            let expected = EvidenceUrl::parse_pasted(&url).unwrap();
            prop_assert_eq!(first_link(&text), Some(expected));
        }

        #[test]
        fn whatever_is_found_is_canonical(text in "\\PC{0,80}") {
            if let Some(u) = first_link(&text) {
                prop_assert_eq!(EvidenceUrl::parse(u.as_str()), Ok(u.clone()));
            }
            if let Ok(u) = EvidenceUrl::parse_pasted(&text) {
                prop_assert_eq!(EvidenceUrl::parse(u.as_str()), Ok(u));
            }
        }

        #[test]
        fn pasting_never_refuses_a_valid_link(text in "\\PC{0,60}") {
            let full = format!("https://{text}");
            if let Ok(u) = EvidenceUrl::parse(&full) {
                prop_assert_eq!(EvidenceUrl::parse_pasted(&full), Ok(u));
            }
        }
    }
}
