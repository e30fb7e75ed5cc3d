//! Links to evidence (a post, an article). Only http and https; kept in a
//! normalised form so the same link typed twice compares equal.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub const MAX_URL_LEN: usize = 2048;

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EvidenceUrl(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not an http(s) link")]
pub struct UrlError;

impl EvidenceUrl {
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
        let host = authority.split(':').next().unwrap_or_default().to_ascii_lowercase();
        let host_ok = host.contains('.')
            && !host.starts_with('.')
            && !host.ends_with('.')
            && host.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        if !host_ok {
            return Err(UrlError);
        }
        let port = &authority[authority.find(':').unwrap_or(authority.len())..];
        let tail = tail.split('#').next().unwrap_or_default();
        let tail = if tail.is_empty() { "/" } else { tail };
        Ok(EvidenceUrl(format!("{scheme}://{host}{port}{tail}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
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

    #[test]
    fn normalises_scheme_host_and_fragment() {
        let u = EvidenceUrl::parse(" HTTPS://Detik.COM/berita/123#komentar ").unwrap();
        assert_eq!(u.as_str(), "https://detik.com/berita/123");
        assert_eq!(EvidenceUrl::parse("http://kompas.com").unwrap().as_str(), "http://kompas.com/");
    }

    #[test]
    fn refuses_what_is_not_a_web_link() {
        for bad in [
            "",
            "facebook.com/x",
            "javascript:alert(1)",
            "ftp://example.com/a",
            "https://",
            "https://localhost/",
            "https://user:pw@example.com/",
            "https://exa mple.com/",
        ] {
            assert_eq!(EvidenceUrl::parse(bad), Err(UrlError), "{bad}");
        }
    }
}
