//! Browser-facing protections on every response and request: the security
//! headers (with a Content-Security-Policy that admits exactly the app's own
//! inline boot script, by hash), and the refusal of cross-site writes.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// The policy for the app and the API alike: only our own origin, WASM
/// compilation allowed (`wasm-unsafe-eval`, not `unsafe-eval`), no inline
/// script except the hashed ones Trunk writes into `index.html`.
pub fn csp(script_hashes: &[String]) -> String {
    let mut script_src = String::from("'self' 'wasm-unsafe-eval'");
    for h in script_hashes {
        script_src.push_str(&format!(" 'sha256-{h}'"));
    }
    format!(
        "default-src 'self'; script-src {script_src}; style-src 'self'; img-src 'self' data: blob:; \
         connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; \
         form-action 'self'; manifest-src 'self'; worker-src 'self'"
    )
}

/// Base64 SHA-256 of the text of every `<script>` without `src` in `html`,
/// as CSP hashes them (the exact characters between the tags).
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut hashes = Vec::new();
    let mut at = 0;
    while let Some(start) = lower[at..].find("<script").map(|i| at + i) {
        let Some(tag_end) = lower[start..].find('>').map(|i| start + i) else {
            break;
        };
        let Some(close) = lower[tag_end..].find("</script").map(|i| tag_end + i) else {
            break;
        };
        let tag = &lower[start..tag_end];
        if !tag.contains(" src=") && !tag.contains("\tsrc=") && !tag.contains("\nsrc=") {
            let body = &html[tag_end + 1..close];
            hashes.push(base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body)));
        }
        at = close;
    }
    hashes
}

/// The current policy, recomputed when `index.html` changes (a new app
/// build deployed under a running server gets a new boot script).
pub struct Csp {
    index: PathBuf,
    current: RwLock<(Option<(SystemTime, u64)>, HeaderValue)>,
}

impl Csp {
    pub fn new(dist_dir: &Path) -> Arc<Csp> {
        let csp = Csp {
            index: dist_dir.join("index.html"),
            current: RwLock::new((None, Self::header(&[]))),
        };
        if let Ok(meta) = std::fs::metadata(&csp.index) {
            let stamp = (
                meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
                meta.len(),
            );
            csp.reload(
                stamp,
                std::fs::read_to_string(&csp.index).unwrap_or_default(),
            );
        }
        Arc::new(csp)
    }

    fn header(hashes: &[String]) -> HeaderValue {
        HeaderValue::from_str(&csp(hashes)).expect("base64 and fixed text are a valid header")
    }

    fn reload(&self, stamp: (SystemTime, u64), html: String) {
        let value = Self::header(&inline_script_hashes(&html));
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = (Some(stamp), value);
    }

    /// The policy; for an HTML response, first re-read `index.html` if it
    /// changed since it was last hashed.
    async fn value(&self, html: bool) -> HeaderValue {
        if html && let Ok(meta) = tokio::fs::metadata(&self.index).await {
            let stamp = (
                meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
                meta.len(),
            );
            let stale = self.current.read().unwrap_or_else(|e| e.into_inner()).0 != Some(stamp);
            if stale && let Ok(text) = tokio::fs::read_to_string(&self.index).await {
                self.reload(stamp, text);
            }
        }
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .1
            .clone()
    }
}

pub async fn security_headers(State(csp): State<Arc<Csp>>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let policy = csp.value(html).await;
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, policy);
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    res
}

/// Refuses a state-changing request another site's page made the browser
/// send: `Sec-Fetch-Site: cross-site`, or an `Origin` that is not this
/// server. Requests without either (devices, scripts, old browsers) pass:
/// they carry no ambient credentials a third-party page could borrow, and
/// the session cookie is `SameSite=Strict` besides.
pub async fn refuse_cross_site_writes(req: Request, next: Next) -> Result<Response, ApiError> {
    if !req.method().is_safe() && is_cross_site(req.headers()) {
        return Err(ApiError::CrossSite);
    }
    Ok(next.run(req).await)
}

fn is_cross_site(headers: &HeaderMap) -> bool {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if get("sec-fetch-site").is_some_and(|v| v.eq_ignore_ascii_case("cross-site")) {
        return true;
    }
    let Some(origin) = get("origin") else {
        return false;
    };
    let Some(authority) = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
    else {
        // `null` (sandboxed frames, some redirects) or another scheme.
        return true;
    };
    // A proxy may rewrite Host; it then says what the client asked for.
    let ours = [get("x-forwarded-host"), get("host")];
    !ours
        .iter()
        .flatten()
        .any(|host| host.eq_ignore_ascii_case(authority))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_only_inline_scripts() {
        let html = "<head><script type=\"module\">boot()</script>\
                    <script src=\"/x.js\"></script><SCRIPT>\nb\n</SCRIPT></head>";
        let hashes = inline_script_hashes(html);
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(Sha256::digest(s));
        assert_eq!(hashes, vec![b64("boot()"), b64("\nb\n")]);
        assert!(csp(&hashes).contains(&format!("'sha256-{}'", b64("boot()"))));
        assert!(!csp(&hashes).contains("unsafe-inline"));
    }

    #[test]
    fn cross_site() {
        let h = |pairs: &[(&'static str, &'static str)]| {
            let mut m = HeaderMap::new();
            for (k, v) in pairs {
                m.insert(*k, HeaderValue::from_static(v));
            }
            m
        };
        assert!(!is_cross_site(&h(&[("host", "a.org")])));
        assert!(!is_cross_site(&h(&[
            ("host", "a.org"),
            ("origin", "https://a.org")
        ])));
        assert!(is_cross_site(&h(&[
            ("host", "a.org"),
            ("origin", "https://b.org")
        ])));
        assert!(is_cross_site(&h(&[("host", "a.org"), ("origin", "null")])));
        assert!(is_cross_site(&h(&[("sec-fetch-site", "cross-site")])));
        assert!(!is_cross_site(&h(&[("sec-fetch-site", "same-origin")])));
    }
}
