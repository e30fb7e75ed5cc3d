//! Links to evidence (a post, an article). Only http and https; kept in a
//! canonical form so the same post shared from a phone, a desktop browser or
//! a share sheet compares equal, which is what duplicate matching keys on.
//!
//! The canonical form, for every host:
//! - scheme and host in lower case, fragment removed, default port dropped;
//! - tracking parameters removed (`is_tracking_param`), the others kept in
//!   their order; no `?` when none remain;
//! - trailing slashes of a non-root path removed (`/` when the path is empty).
//!
//! For the platforms of [`Platform`] (Facebook, Instagram, X, TikTok, YouTube,
//! WhatsApp) also:
//! - always `https`, no port, the `m.`, `mobile.`, `www.`, `web.`, `mbasic.`
//!   and `touch.` prefixes (and Facebook's `id-id.` locale prefixes) folded,
//!   `twitter.com` → `x.com`, `fb.com` → `facebook.com`, `instagr.am` →
//!   `instagram.com`;
//! - one form per post where the ids are in the URL (see `platform_form`):
//!   `facebook.com/{page}/posts/{post}`, `facebook.com/photo.php?fbid={id}`,
//!   `instagram.com/p/{code}`, `instagram.com/reel/{code}`,
//!   `x.com/i/status/{id}`, `tiktok.com/@{user}/video/{id}`,
//!   `youtube.com/watch?v={id}`. Short links (`vm.tiktok.com/…`,
//!   `facebook.com/share/p/…`, `fb.watch/…`) cannot be resolved offline and
//!   stay as they are, tracking removed.
//!
//! Parsing is idempotent: the canonical form parses to itself, so a stored
//! value survives serde.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::catalogue::Platform;

pub const MAX_URL_LEN: usize = 2048;

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EvidenceUrl(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not an http(s) link")]
pub struct UrlError;

impl EvidenceUrl {
    /// Parses and canonicalises a link. Refuses anything but http(s), hosts
    /// without a dot, credentials (`user@`), whitespace and control
    /// characters, and links (or canonical forms) over [`MAX_URL_LEN`].
    pub fn parse(input: &str) -> Result<EvidenceUrl, UrlError> {
        let s = input.trim();
        if s.len() > MAX_URL_LEN || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(UrlError);
        }
        let (scheme, rest) = s.split_once("://").ok_or(UrlError)?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(UrlError);
        }
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        // Credentials in a shared link are never evidence; refuse rather than store them.
        if authority.contains('@') {
            return Err(UrlError);
        }
        let (host, port) = match authority.split_once(':') {
            Some((host, port)) => (host, parse_port(port)?),
            None => (authority, None),
        };
        let host = host.to_ascii_lowercase();
        if !host_ok(&host) {
            return Err(UrlError);
        }
        let tail = tail.split('#').next().unwrap_or_default();
        let (path, query) = tail.split_once('?').unwrap_or((tail, ""));

        let host = fold_host(host);
        let platform = platform_of_host(&host);
        // `??a=1` or `?a=1&?b=2` is a slip, not a parameter named `?a`.
        let params: Vec<&str> = query
            .split('&')
            .map(|p| p.trim_start_matches('?'))
            .filter(|p| !p.is_empty() && !is_tracking_param(param_name(p), &host))
            .collect();
        let path = path.trim_end_matches('/');
        let path = if path.is_empty() { "/" } else { path };

        let canonical = match platform {
            Some(_) => match platform_form(&host, path, &params) {
                Some(form) => form,
                None => assemble("https", &host, None, path, &params),
            },
            None => {
                let default_port = if scheme == "http" { 80 } else { 443 };
                let port = port.filter(|&p| p != default_port);
                assemble(&scheme, &host, port, path, &params)
            }
        };
        // Folding may lengthen a link (`youtu.be` → `youtube.com/watch?v=`); the
        // stored form must parse again.
        if canonical.len() > MAX_URL_LEN {
            return Err(UrlError);
        }
        Ok(EvidenceUrl(canonical))
    }

    /// A link as a volunteer pastes it: also without its scheme
    /// (`facebook.com/x/posts/1`, `//fb.watch/abc`), which is taken as
    /// `https`. Without a scheme, the host must end in a name of letters
    /// (`.com`, `.co.id`), so "1.500" or "Pak.Camat:" never become links.
    pub fn parse_pasted(input: &str) -> Result<EvidenceUrl, UrlError> {
        let s = input.trim();
        if s.contains("://") {
            return EvidenceUrl::parse(s);
        }
        let s = s.strip_prefix("//").unwrap_or(s);
        let end = s.find(['/', '?', '#', ':']).unwrap_or(s.len());
        let tld = s[..end].rsplit('.').next().unwrap_or_default();
        if !s[..end].contains('.') || tld.len() < 2 || !tld.bytes().all(|b| b.is_ascii_alphabetic())
        {
            return Err(UrlError);
        }
        EvidenceUrl::parse(&format!("https://{s}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The host, in lower case and (for the platforms) folded.
    pub fn host(&self) -> &str {
        let rest = self.0.split_once("://").map_or("", |(_, rest)| rest);
        let end = rest.find(['/', '?', ':']).unwrap_or(rest.len());
        &rest[..end]
    }

    /// The social platform the link points to, from its host (`wa.me` and
    /// `chat.whatsapp.com` are WhatsApp). `None` for news sites and the rest.
    pub fn platform(&self) -> Option<Platform> {
        platform_of_host(self.host())
    }
}

/// Whether `host` is `domain` or one of its subdomains (a whole label:
/// `notfacebook.com` is not `facebook.com`).
pub(crate) fn host_within(host: &str, domain: &str) -> bool {
    host.strip_suffix(domain)
        .is_some_and(|head| head.is_empty() || head.ends_with('.'))
}

/// `None` for an empty port (`host:`) or a default one is decided later;
/// anything but 1-65535 in digits is refused.
fn parse_port(port: &str) -> Result<Option<u16>, UrlError> {
    if port.is_empty() {
        return Ok(None);
    }
    if !port.bytes().all(|b| b.is_ascii_digit()) {
        return Err(UrlError);
    }
    match port.trim_start_matches('0').parse::<u16>() {
        Ok(p) if p > 0 => Ok(Some(p)),
        _ => Err(UrlError),
    }
}

/// Letters (any script), digits, `-` and dots between non-empty labels, with
/// at least one dot: `localhost` and bare names are not public links.
fn host_ok(host: &str) -> bool {
    host.contains('.')
        && host.split('.').all(|label| !label.is_empty())
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
}

/// Hosts of each platform, matched as the host itself or a subdomain.
const PLATFORM_HOSTS: &[(&str, Platform)] = &[
    ("facebook.com", Platform::Facebook),
    ("fb.com", Platform::Facebook),
    ("fb.watch", Platform::Facebook),
    ("fb.me", Platform::Facebook),
    ("instagram.com", Platform::Instagram),
    ("instagr.am", Platform::Instagram),
    ("x.com", Platform::X),
    ("twitter.com", Platform::X),
    ("tiktok.com", Platform::TikTok),
    ("youtube.com", Platform::YouTube),
    ("youtu.be", Platform::YouTube),
    ("youtube-nocookie.com", Platform::YouTube),
    ("wa.me", Platform::WhatsApp),
    ("whatsapp.com", Platform::WhatsApp),
];

fn platform_of_host(host: &str) -> Option<Platform> {
    PLATFORM_HOSTS
        .iter()
        .find_map(|&(domain, platform)| host_within(host, domain).then_some(platform))
}

const FOLDED_PREFIXES: &[&str] = &["m.", "mobile.", "www.", "web.", "mbasic.", "touch."];

/// Drops the mobile/www prefixes of platform hosts (repeatedly, so
/// `www.m.facebook.com` folds too) and renames the old domains.
fn fold_host(mut host: String) -> String {
    loop {
        let prefix = FOLDED_PREFIXES
            .iter()
            .find(|p| host.starts_with(**p))
            .map(|p| p.len())
            .or_else(|| is_facebook_locale(&host).then_some(6));
        match prefix {
            // The prefixes are ASCII, so `n` is a char boundary.
            Some(n) if platform_of_host(&host[n..]).is_some() => host.replace_range(..n, ""),
            _ => break,
        }
    }
    match host.as_str() {
        "twitter.com" => "x.com".to_owned(),
        "fb.com" => "facebook.com".to_owned(),
        "instagr.am" => "instagram.com".to_owned(),
        _ => host,
    }
}

/// `id-id.facebook.com`, `en-gb.facebook.com`: a language, not another site.
fn is_facebook_locale(host: &str) -> bool {
    let b = host.as_bytes();
    b.len() == 18
        && b[6..] == *b"facebook.com"
        && b[2] == b'-'
        && b[5] == b'.'
        && [b[0], b[1], b[3], b[4]].iter().all(u8::is_ascii_lowercase)
}

fn param_name(param: &str) -> &str {
    param.split('=').next().unwrap_or_default()
}

/// Parameters that only say who shared a link, how, or from which campaign.
/// `s` and `t` are share tokens on X only (`?s=20&t=…`), `feature` only on
/// YouTube (`?feature=share`); elsewhere they may be meaningful.
fn is_tracking_param(name: &str, host: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let on_x = host == "x.com";
    let on_youtube = matches!(platform_of_host(host), Some(Platform::YouTube));
    name.starts_with("utm_")
        || name.starts_with("__cft__")
        || matches!(
            name.as_str(),
            "fbclid"
                | "gclid"
                | "igsh"
                | "igshid"
                | "si"
                | "mibextid"
                | "ref"
                | "ref_src"
                | "_rdr"
                | "__tn__"
                | "rdid"
                | "share_url"
        )
        || (on_x && matches!(name.as_str(), "s" | "t"))
        || (on_youtube && name == "feature")
}

fn param<'a>(params: &[&'a str], name: &str) -> Option<&'a str> {
    params.iter().find_map(|p| {
        p.split_once('=')
            .filter(|(n, _)| *n == name)
            .map(|(_, v)| v)
    })
}

/// An id or code as platforms write them: letters, digits, `_`, `-`, `.`.
/// Anything else (percent escapes, another path) leaves the link generic.
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 256
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_digit())
}

/// The one form of a post, photo or video on a platform, when its ids are
/// in the link. `host` is folded, `path` has no trailing slash, `params`
/// have no tracking.
fn platform_form(host: &str, path: &str, params: &[&str]) -> Option<String> {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match host {
        "facebook.com" => facebook(&segs, params),
        "instagram.com" => match segs[..] {
            ["p", code] | [_, "p", code] if is_token(code) => {
                Some(format!("https://instagram.com/p/{code}"))
            }
            ["reel" | "reels", code] | [_, "reel", code] if is_token(code) => {
                Some(format!("https://instagram.com/reel/{code}"))
            }
            _ => None,
        },
        "x.com" => match segs[..] {
            // `/user/status/1/photo/1`, `/i/web/status/1`: the same post.
            [_, "status" | "statuses", id, ..] | ["i", "web", "status", id, ..]
                if is_digits(id) =>
            {
                Some(format!("https://x.com/i/status/{id}"))
            }
            _ => None,
        },
        "tiktok.com" => match segs[..] {
            [user, kind @ ("video" | "photo"), id]
                if user.len() > 1
                    && user.starts_with('@')
                    && is_token(&user[1..])
                    && is_digits(id) =>
            {
                Some(format!(
                    "https://tiktok.com/{}/{kind}/{id}",
                    user.to_ascii_lowercase()
                ))
            }
            _ => None,
        },
        "youtu.be" => match segs[..] {
            [id] => youtube(id),
            _ => None,
        },
        "youtube.com" | "youtube-nocookie.com" => match segs[..] {
            ["watch"] => youtube(param(params, "v")?),
            ["shorts" | "live" | "embed" | "v", id] => youtube(id),
            _ => None,
        },
        _ => None,
    }
}

fn youtube(id: &str) -> Option<String> {
    (is_token(id) && !id.contains('.')).then(|| format!("https://youtube.com/watch?v={id}"))
}

/// Facebook names a post in several ways; the numeric page id (or the page
/// name, which Facebook treats case-insensitively) and the post id are kept.
fn facebook(segs: &[&str], params: &[&str]) -> Option<String> {
    match *segs {
        ["story.php" | "permalink.php"] => {
            let post = param(params, "story_fbid").filter(|p| is_token(p))?;
            let page = param(params, "id").filter(|p| is_token(p))?;
            Some(format!(
                "https://facebook.com/{}/posts/{post}",
                page.to_ascii_lowercase()
            ))
        }
        ["groups", group, "posts" | "permalink", post] if is_token(group) && is_token(post) => {
            Some(format!(
                "https://facebook.com/groups/{}/posts/{post}",
                group.to_ascii_lowercase()
            ))
        }
        [page, "posts", post] if is_token(page) && is_token(post) => Some(format!(
            "https://facebook.com/{}/posts/{post}",
            page.to_ascii_lowercase()
        )),
        ["photo.php" | "photo"] => {
            let id = param(params, "fbid").filter(|p| is_token(p))?;
            Some(format!("https://facebook.com/photo.php?fbid={id}"))
        }
        ["watch"] => {
            let id = param(params, "v").filter(|p| is_digits(p))?;
            Some(format!("https://facebook.com/watch?v={id}"))
        }
        ["reel", id] if is_digits(id) => Some(format!("https://facebook.com/reel/{id}")),
        // Share links cannot be resolved offline; only their query goes.
        ["share", kind @ ("p" | "r" | "v"), code] if is_token(code) => {
            Some(format!("https://facebook.com/share/{kind}/{code}"))
        }
        ["share", code] if is_token(code) => Some(format!("https://facebook.com/share/{code}")),
        _ => None,
    }
}

fn assemble(scheme: &str, host: &str, port: Option<u16>, path: &str, params: &[&str]) -> String {
    let mut out = format!("{scheme}://{host}");
    if let Some(port) = port {
        out.push(':');
        out.push_str(&port.to_string());
    }
    out.push_str(path);
    for (i, p) in params.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(p);
    }
    out
}

impl fmt::Display for EvidenceUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for EvidenceUrl {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for EvidenceUrl {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        EvidenceUrl::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> String {
        let u = EvidenceUrl::parse(s).unwrap_or_else(|_| panic!("refused {s}"));
        assert_eq!(
            EvidenceUrl::parse(u.as_str()).as_ref(),
            Ok(&u),
            "not idempotent: {s}"
        );
        u.0
    }

    fn all_fold_to(expected: &str, variants: &[&str]) {
        for v in variants {
            assert_eq!(canon(v), expected, "{v}");
        }
    }

    #[test]
    fn normalises_scheme_host_and_fragment() {
        let u = EvidenceUrl::parse(" HTTPS://Detik.COM/berita/123#komentar ").unwrap();
        assert_eq!(u.as_str(), "https://detik.com/berita/123");
        assert_eq!(
            EvidenceUrl::parse("http://kompas.com").unwrap().as_str(),
            "http://kompas.com/"
        );
    }

    #[test]
    fn refuses_what_is_not_a_web_link() {
        let long = format!("https://example.com/{}", "a".repeat(MAX_URL_LEN));
        for bad in [
            "",
            "facebook.com/x",
            "javascript:alert(1)",
            "ftp://example.com/a",
            "https://",
            "https://localhost/",
            "https://user:pw@example.com/",
            "https://user@example.com/",
            "https://exa mple.com/",
            "https://example.com/a b",
            "https://example.com/a\tb",
            "https://example..com/",
            "https://.example.com/",
            "https://example.com./",
            "https://example.com:http/",
            "https://example.com:0/",
            "https://example.com:70000/",
            "https://[::1]/",
            &long,
        ] {
            assert_eq!(EvidenceUrl::parse(bad), Err(UrlError), "{bad}");
        }
    }

    #[test]
    fn ports() {
        assert_eq!(canon("http://detik.com:80/a"), "http://detik.com/a");
        assert_eq!(canon("https://detik.com:443/a"), "https://detik.com/a");
        assert_eq!(canon("http://detik.com:443/a"), "http://detik.com:443/a");
        assert_eq!(
            canon("https://detik.com:8443/a"),
            "https://detik.com:8443/a"
        );
        assert_eq!(canon("https://detik.com:/a"), "https://detik.com/a");
        assert_eq!(canon("https://detik.com:0443/a"), "https://detik.com/a");
        assert_eq!(
            canon("http://facebook.com:8080/detikcom"),
            "https://facebook.com/detikcom"
        );
    }

    #[test]
    fn news_links_keep_path_and_real_parameters() {
        assert_eq!(
            canon(
                "https://news.detik.com/berita/d-7654321/camat-diduga-tidak-netral/?utm_source=facebook&utm_medium=oa&utm_campaign=detikcomsocmed&single=1"
            ),
            "https://news.detik.com/berita/d-7654321/camat-diduga-tidak-netral?single=1"
        );
        assert_eq!(
            canon(
                "https://regional.kompas.com/read/2024/11/20/101500178/asn-di-surabaya?page=2&UTM_Source=wa&fbclid=IwAR0abc#xtor=1"
            ),
            "https://regional.kompas.com/read/2024/11/20/101500178/asn-di-surabaya?page=2"
        );
        assert_eq!(
            canon("https://www.kompas.com/?utm_source=x"),
            "https://www.kompas.com/"
        );
        assert_eq!(
            canon(
                "http://WWW.Tribunnews.com/regional/2024/11/20/lurah?page=all&s=1&feature=x&ref=wa"
            ),
            "http://www.tribunnews.com/regional/2024/11/20/lurah?page=all&s=1&feature=x"
        );
        // Order of the remaining parameters is kept; empty pieces go.
        assert_eq!(
            canon("https://detik.com/search?b=2&&a=1&si=x&"),
            "https://detik.com/search?b=2&a=1"
        );
        assert_eq!(canon("https://detik.com/a//?"), "https://detik.com/a");
        assert_eq!(
            canon("https://detik.com/a??utm_source=x&b=1"),
            "https://detik.com/a?b=1"
        );
        assert_eq!(canon("https://detik.com//"), "https://detik.com/");
    }

    #[test]
    fn facebook_posts() {
        all_fold_to(
            "https://facebook.com/100064521345678/posts/pfbid02XyZabc123",
            &[
                "https://www.facebook.com/story.php?story_fbid=pfbid02XyZabc123&id=100064521345678&mibextid=Nif5oz",
                "https://m.facebook.com/story.php?story_fbid=pfbid02XyZabc123&id=100064521345678&_rdr",
                "http://facebook.com/permalink.php?id=100064521345678&story_fbid=pfbid02XyZabc123",
                "https://web.facebook.com/100064521345678/posts/pfbid02XyZabc123/?_rdr",
                "https://mbasic.facebook.com/story.php?story_fbid=pfbid02XyZabc123&id=100064521345678&eav=AfZ&paipv=0",
                "https://fb.com/100064521345678/posts/pfbid02XyZabc123#",
                "https://id-id.facebook.com/100064521345678/posts/pfbid02XyZabc123?__cft__[0]=AZX&__tn__=%2CO%2CP-R",
                "https://touch.facebook.com/100064521345678/posts/pfbid02XyZabc123",
            ],
        );
        all_fold_to(
            "https://facebook.com/humaspemkotsby/posts/1234567890123456",
            &[
                "https://www.facebook.com/HumasPemkotSby/posts/1234567890123456/",
                "https://m.facebook.com/humaspemkotsby/posts/1234567890123456?mibextid=Nif5oz&rdid=abc",
            ],
        );
        all_fold_to(
            "https://facebook.com/groups/123456789/posts/987654321",
            &[
                "https://www.facebook.com/groups/123456789/permalink/987654321/",
                "https://m.facebook.com/groups/123456789/posts/987654321/?mibextid=Nif5oz",
            ],
        );
    }

    #[test]
    fn facebook_photos_and_share_links() {
        all_fold_to(
            "https://facebook.com/photo.php?fbid=10229876543210987",
            &[
                "https://www.facebook.com/photo.php?fbid=10229876543210987&set=a.1234&type=3",
                "https://m.facebook.com/photo.php?fbid=10229876543210987&id=100001&set=a.1&eav=x",
                "https://www.facebook.com/photo/?fbid=10229876543210987&set=a.5678",
                "https://facebook.com/photo.php?fbid=10229876543210987",
            ],
        );
        all_fold_to(
            "https://facebook.com/share/p/1AbCdEfGh2",
            &[
                "https://www.facebook.com/share/p/1AbCdEfGh2/?mibextid=WC7FNe",
                "https://m.facebook.com/share/p/1AbCdEfGh2/",
            ],
        );
        // Without the ids the link stays generic (tracking still removed).
        assert_eq!(
            canon("https://www.facebook.com/story.php?id=1&mibextid=x"),
            "https://facebook.com/story.php?id=1"
        );
        assert_eq!(
            canon("https://www.facebook.com/DetikCom"),
            "https://facebook.com/DetikCom"
        );
    }

    #[test]
    fn instagram() {
        all_fold_to(
            "https://instagram.com/p/C9xYz12AbCd",
            &[
                "https://www.instagram.com/p/C9xYz12AbCd/?igsh=MTc4MmM1YmI2Ng==",
                "https://instagram.com/p/C9xYz12AbCd?utm_source=ig_web_copy_link&igshid=MzRlODBiNWFlZA==",
                "http://m.instagram.com/p/C9xYz12AbCd/",
                "https://www.instagram.com/humas_sby/p/C9xYz12AbCd/?img_index=1",
                "https://instagr.am/p/C9xYz12AbCd",
            ],
        );
        all_fold_to(
            "https://instagram.com/reel/C8AbCdEfGhI",
            &[
                "https://www.instagram.com/reel/C8AbCdEfGhI/?igsh=abc",
                "https://www.instagram.com/reels/C8AbCdEfGhI/",
                "https://instagram.com/humas_sby/reel/C8AbCdEfGhI?utm_source=ig_web_copy_link",
                "https://m.instagram.com/reel/C8AbCdEfGhI",
            ],
        );
        // Shortcodes are case-sensitive.
        assert_ne!(
            canon("https://instagram.com/p/abc"),
            canon("https://instagram.com/p/ABC")
        );
    }

    #[test]
    fn x_and_twitter() {
        all_fold_to(
            "https://x.com/i/status/1859123456789012345",
            &[
                "https://twitter.com/Humas_Sby/status/1859123456789012345?s=20&t=AbCdEf",
                "https://x.com/humas_sby/status/1859123456789012345?s=46",
                "https://mobile.twitter.com/Humas_Sby/status/1859123456789012345",
                "https://www.x.com/another_name/statuses/1859123456789012345/",
                "https://x.com/Humas_Sby/status/1859123456789012345/photo/1",
                "https://twitter.com/i/web/status/1859123456789012345",
                "https://x.com/i/status/1859123456789012345",
            ],
        );
        assert_eq!(
            canon("https://twitter.com/Humas_Sby?s=21&lang=id"),
            "https://x.com/Humas_Sby?lang=id"
        );
    }

    #[test]
    fn tiktok() {
        all_fold_to(
            "https://tiktok.com/@camat.sukamaju/video/7312345678901234567",
            &[
                "https://www.tiktok.com/@Camat.Sukamaju/video/7312345678901234567?is_from_webapp=1&sender_device=pc",
                "https://m.tiktok.com/@camat.sukamaju/video/7312345678901234567/",
                "https://tiktok.com/@camat.sukamaju/video/7312345678901234567?_r=1&_t=8abc",
                "http://www.tiktok.com/@CAMAT.SUKAMAJU/video/7312345678901234567#",
            ],
        );
        // Short links cannot be resolved offline.
        assert_eq!(
            canon("https://vm.tiktok.com/ZSabc123/"),
            "https://vm.tiktok.com/ZSabc123"
        );
        assert_eq!(
            canon("http://vt.tiktok.com/ZSxyz/?si=1"),
            "https://vt.tiktok.com/ZSxyz"
        );
    }

    #[test]
    fn youtube() {
        all_fold_to(
            "https://youtube.com/watch?v=dQw4w9WgXcQ",
            &[
                "https://youtu.be/dQw4w9WgXcQ",
                "https://youtu.be/dQw4w9WgXcQ?si=AbCdEf123&t=42",
                "https://www.youtube.com/watch?v=dQw4w9WgXcQ&feature=youtu.be",
                "https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=1m2s",
                "https://www.youtube.com/shorts/dQw4w9WgXcQ?feature=share",
                "https://youtube.com/live/dQw4w9WgXcQ?si=x",
                "https://www.youtube.com/embed/dQw4w9WgXcQ?start=10",
                "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
                "http://youtube.com/watch/?v=dQw4w9WgXcQ",
            ],
        );
        assert_eq!(
            canon("https://www.youtube.com/@PemkotSurabaya/videos?feature=share"),
            "https://youtube.com/@PemkotSurabaya/videos"
        );
    }

    #[test]
    fn platforms() {
        let p = |s: &str| EvidenceUrl::parse(s).unwrap().platform();
        assert_eq!(
            p("https://m.facebook.com/x/posts/1"),
            Some(Platform::Facebook)
        );
        assert_eq!(p("https://fb.watch/abc/"), Some(Platform::Facebook));
        assert_eq!(
            p("https://www.instagram.com/p/x"),
            Some(Platform::Instagram)
        );
        assert_eq!(p("https://twitter.com/a/status/1"), Some(Platform::X));
        assert_eq!(p("https://vm.tiktok.com/ZS1"), Some(Platform::TikTok));
        assert_eq!(p("https://youtu.be/abc"), Some(Platform::YouTube));
        assert_eq!(p("https://wa.me/6281234567890"), Some(Platform::WhatsApp));
        assert_eq!(
            p("https://chat.whatsapp.com/AbCdEf"),
            Some(Platform::WhatsApp)
        );
        assert_eq!(p("https://detik.com/x"), None);
        // A suffix match must be a whole label.
        assert_eq!(p("https://dropbox.com/s/abc"), None);
        assert_eq!(p("https://notfacebook.com/x"), None);
        assert_eq!(p("http://kompas.com:8080/x"), None);
        // Prefixes only fold on platform hosts.
        assert_eq!(
            canon("https://www.m.facebook.com/DetikCom"),
            "https://facebook.com/DetikCom"
        );
        assert_eq!(canon("https://m.detik.com/x"), "https://m.detik.com/x");
    }

    #[test]
    fn pasted_links_without_a_scheme_are_fixed() {
        let pasted = |s: &str| EvidenceUrl::parse_pasted(s).map(|u| u.0);
        assert_eq!(
            pasted("facebook.com/x/posts/1").as_deref(),
            Ok("https://facebook.com/x/posts/1")
        );
        assert_eq!(
            pasted(" www.tiktok.com/@a/video/1?is_from_webapp=1 ").as_deref(),
            Ok("https://tiktok.com/@a/video/1")
        );
        assert_eq!(
            pasted("//fb.watch/abc/").as_deref(),
            Ok("https://fb.watch/abc")
        );
        assert_eq!(
            pasted("news.detik.com/berita/d-1").as_deref(),
            Ok("https://news.detik.com/berita/d-1")
        );
        assert_eq!(
            pasted("republika.co.id:443/a").as_deref(),
            Ok("https://republika.co.id/a")
        );
        // With a scheme, exactly the strict rules.
        assert_eq!(
            pasted("http://kompas.com").as_deref(),
            Ok("http://kompas.com/")
        );
        for bad in [
            "",
            "facebook",
            "1.500",
            "Rp1.500.000",
            "ini.",
            "Pak.Camat1",
            "javascript:alert(1)",
            "mailto:a@b.com",
            "user@facebook.com/x",
            "ftp://example.com/a",
            "tel:+6281234",
            "a b.com",
        ] {
            assert_eq!(EvidenceUrl::parse_pasted(bad), Err(UrlError), "{bad}");
        }
    }

    #[test]
    fn serde_round_trip_uses_the_canonical_form() {
        let u = EvidenceUrl::parse("https://youtu.be/dQw4w9WgXcQ?si=x").unwrap();
        let json = serde_json::to_string(&u).unwrap();
        assert_eq!(json, "\"https://youtube.com/watch?v=dQw4w9WgXcQ\"");
        assert_eq!(serde_json::from_str::<EvidenceUrl>(&json).unwrap(), u);
        assert!(serde_json::from_str::<EvidenceUrl>("\"ftp://x.com/\"").is_err());
    }
}
