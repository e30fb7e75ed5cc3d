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

use crate::config::CookieSecure;
use crate::http::error::ApiError;

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
         media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; \
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

/// The current policy, recomputed when an app's `index.html` changes (a new
/// build deployed under a running server gets a new boot script). Two apps
/// are served: the volunteers' at `/` and the coordinators' dashboard at
/// `/dasbor/`; one policy allows both boot scripts.
pub struct Csp {
    indexes: Vec<PathBuf>,
    current: RwLock<(Option<Vec<Stamp>>, HeaderValue)>,
}

/// What identifies a file's version cheaply: (modified, length), `None` if
/// the file does not exist.
type Stamp = Option<(SystemTime, u64)>;

/// The dashboard's directory inside the built app.
pub const DASHBOARD_DIR: &str = "dasbor";

impl Csp {
    pub fn new(dist_dir: &Path) -> Arc<Csp> {
        let csp = Csp {
            indexes: vec![
                dist_dir.join("index.html"),
                dist_dir.join(DASHBOARD_DIR).join("index.html"),
            ],
            current: RwLock::new((None, Self::header(&[]))),
        };
        let stamps: Vec<Stamp> = csp
            .indexes
            .iter()
            .map(|p| std::fs::metadata(p).ok().map(stamp))
            .collect();
        let texts = csp
            .indexes
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap_or_default())
            .collect();
        csp.reload(stamps, texts);
        Arc::new(csp)
    }

    fn header(hashes: &[String]) -> HeaderValue {
        HeaderValue::from_str(&csp(hashes)).expect("base64 and fixed text are a valid header")
    }

    fn reload(&self, stamps: Vec<Stamp>, htmls: Vec<String>) {
        let hashes: Vec<String> = htmls.iter().flat_map(|h| inline_script_hashes(h)).collect();
        let value = Self::header(&hashes);
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = (Some(stamps), value);
    }

    /// The policy; for an HTML response, first re-read the `index.html`
    /// files if one changed since they were last hashed.
    async fn value(&self, html: bool) -> HeaderValue {
        if html {
            let mut stamps = Vec::with_capacity(self.indexes.len());
            for p in &self.indexes {
                stamps.push(tokio::fs::metadata(p).await.ok().map(stamp));
            }
            let stale = self
                .current
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .0
                .as_ref()
                != Some(&stamps);
            if stale {
                let mut texts = Vec::with_capacity(self.indexes.len());
                for p in &self.indexes {
                    texts.push(tokio::fs::read_to_string(p).await.unwrap_or_default());
                }
                self.reload(stamps, texts);
            }
        }
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .1
            .clone()
    }
}

fn stamp(meta: std::fs::Metadata) -> (SystemTime, u64) {
    (
        meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
        meta.len(),
    )
}

/// What [`security_headers`] needs: the policy, and how to tell that a
/// request came over HTTPS (as the session cookie's `Secure` is decided).
#[derive(Clone)]
pub struct Headers {
    pub csp: Arc<Csp>,
    pub cookie_secure: CookieSecure,
}

/// `Strict-Transport-Security` for a response to a request that came over
/// HTTPS: the browser then uses HTTPS only for a year. Without
/// `includeSubDomains`: other hosts of the domain are not ours to decide.
pub const HSTS: &str = "max-age=31536000";

pub async fn security_headers(
    State(Headers { csp, cookie_secure }): State<Headers>,
    req: Request,
    next: Next,
) -> Response {
    let https = crate::http::auth::over_https(cookie_secure, req.headers());
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
    if https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    res
}

/// The API's answers are never cached (they hold personal data and change
/// with every sync), unless the route chose otherwise (evidence files).
pub fn no_store(res: &mut Response) {
    res.headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
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
