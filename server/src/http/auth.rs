//! Who is calling, and whether they may: a volunteer's device (a bearer
//! token), a coordinator or admin (a session cookie), or nobody.
//!
//! Every API route is declared with an [`Access`] in `routes::api_table`;
//! [`authorize`] runs before its handler, resolves the [`Caller`] and refuses
//! what the access does not allow. Handlers then read the caller from the
//! request and apply the finer rules (a coordinator's regions, a device's
//! own reports).

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use crate::config::{CookieSecure, SESSION_ABSOLUTE_MS, SESSION_COOKIE};
use crate::http::error::ApiError;
use crate::services::AppState;
use crate::services::sessions;
pub use crate::services::sessions::{AuthState, Caller, User};

/// Who may call a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Access {
    /// Anyone (sign-in, joining, the API description).
    Public,
    /// A volunteer's device that has not been revoked.
    Device,
    /// A device (its own data only) or a coordinator/admin (in scope).
    DeviceOrStaff,
    /// A signed-in coordinator (their organisation and regions) or admin.
    Staff,
    /// A signed-in admin.
    Admin,
}

/// The caller [`authorize`] put on the request; a handler behind a
/// `Public` route sees `Anonymous`.
impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Caller>()
            .cloned()
            .unwrap_or(Caller::Anonymous))
    }
}

/// The state of the per-route middleware: the app and the route's access.
#[derive(Clone)]
pub struct Gate {
    pub state: AppState,
    pub access: Access,
}

pub async fn authorize(
    State(gate): State<Gate>,
    mut req: Request,
    next: Next,
) -> Result<Response, ApiError> {
    if gate.access != Access::Public {
        let caller = resolve(&gate.state, req.headers()).await?;
        let allowed = match (&caller, gate.access) {
            (Caller::Anonymous, _) => return Err(ApiError::Unauthenticated),
            (Caller::Device(_), Access::Device | Access::DeviceOrStaff) => true,
            (Caller::User(_), Access::Staff | Access::DeviceOrStaff) => true,
            (Caller::User(u), Access::Admin) => u.is_admin(),
            _ => false,
        };
        if !allowed {
            return Err(ApiError::Forbidden);
        }
        req.extensions_mut().insert(caller);
    }
    Ok(next.run(req).await)
}

/// A bearer token wins over a cookie: devices never have cookies, and a
/// browser never sends an `Authorization` header on its own.
async fn resolve(state: &AppState, headers: &HeaderMap) -> Result<Caller, ApiError> {
    if let Some(value) = headers.get(AUTHORIZATION) {
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or(ApiError::InvalidToken)?;
        return Ok(sessions::device_caller(state.store.as_ref(), &state.keys, token).await?);
    }
    if let Some(token) = session_cookie(headers) {
        return Ok(sessions::user_caller(state.store.as_ref(), &state.keys, token).await?);
    }
    Ok(Caller::Anonymous)
}

/// The session cookie's name when it is `Secure`: the `__Host-` prefix
/// makes the browser refuse it unless it is `Secure`, has `Path=/` and no
/// `Domain`, so no subdomain or plain-HTTP page can set or overwrite it.
pub const SECURE_SESSION_COOKIE: &str = "__Host-netral_session";

/// The session token from the `Cookie` header: under either name (the
/// `__Host-` one first), since the name follows whether the request came
/// over HTTPS, and a cookie set before an upgrade keeps its old name.
pub fn session_cookie(headers: &HeaderMap) -> Option<&str> {
    let pairs = || {
        headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
    };
    [SECURE_SESSION_COOKIE, SESSION_COOKIE]
        .into_iter()
        .find_map(|wanted| pairs().find(|(name, _)| *name == wanted))
        .map(|(_, value)| value)
}

/// Whether the request came over HTTPS as far as the server can tell: the
/// operator says it always does (`--cookie-secure always`), or, with
/// `auto`, the proxy says so with `X-Forwarded-Proto: https`. Decides the
/// cookie's `Secure` and `Strict-Transport-Security`.
pub fn over_https(cookie_secure: CookieSecure, headers: &HeaderMap) -> bool {
    match cookie_secure {
        CookieSecure::Always => true,
        CookieSecure::Never => false,
        CookieSecure::Auto => headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("https")),
    }
}

/// `Set-Cookie` for a new session (`Some(token)`) or for ending one:
/// `__Host-netral_session` with `Secure` over HTTPS, else `netral_session`.
pub fn cookie_header(auth: &AuthState, headers: &HeaderMap, token: Option<&str>) -> HeaderValue {
    let secure = over_https(auth.cookie_secure, headers);
    let (value, max_age) = match token {
        Some(t) => (t, SESSION_ABSOLUTE_MS / 1000),
        None => ("", 0),
    };
    let name = if secure {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    };
    let mut cookie =
        format!("{name}={value}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age}");
    if secure {
        cookie.push_str("; Secure");
    }
    HeaderValue::from_str(&cookie).expect("hex token and fixed attributes are a valid header")
}

/// The client's address for per-IP limits.
pub fn client_ip(auth: &AuthState, headers: &HeaderMap, peer: Option<SocketAddr>) -> IpAddr {
    if auth.trust_forwarded_for
        // The last entry is the one our proxy added; earlier ones are the
        // client's word and not to be trusted.
        && let Some(ip) = headers
            .get_all("x-forwarded-for")
            .iter()
            .next_back()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|s| s.trim().parse::<IpAddr>().ok())
    {
        return ip;
    }
    peer.map_or(IpAddr::from([0, 0, 0, 0]), |p| p.ip())
}

/// The client's address (see [`client_ip`]), for per-IP limits.
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        // `startup` serves with connection info; a bare router has none.
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0);
        Ok(ClientIp(client_ip(&state.auth, &parts.headers, peer)))
    }
}
