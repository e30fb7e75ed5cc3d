//! Who is calling, and whether they may: a volunteer's device (a bearer
//! token), a coordinator or admin (a session cookie), or nobody.
//!
//! Every API route is declared with an [`Access`] in `routes::api_table`;
//! [`authorize`] runs before its handler, resolves the [`Caller`] and refuses
//! what the access does not allow. Handlers then read the caller from the
//! request and apply the finer rules (a coordinator's regions, a device's
//! own reports).

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use netral_shared::accounts::Role;

use crate::accounts::secret_hash;
use crate::error::ApiError;
use crate::routes::AppState;
use crate::store::accounts::{DeviceRow, UserRow};
use crate::store::now_ms;

pub const SESSION_COOKIE: &str = "netral_session";
/// A session unused this long ends (a coordinator who walked away).
pub const SESSION_IDLE_MS: i64 = 12 * 3600 * 1000;
/// And every session ends this long after sign-in, used or not.
pub const SESSION_ABSOLUTE_MS: i64 = 7 * 24 * 3600 * 1000;

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

/// When the session cookie gets `Secure`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum CookieSecure {
    /// When the request arrived over HTTPS at a proxy that says so with
    /// `X-Forwarded-Proto: https`.
    #[default]
    Auto,
    Always,
    Never,
}

/// Per-replica authentication state: settings and the per-IP limiters.
pub struct AuthState {
    pub cookie_secure: CookieSecure,
    /// Take the client's address from the last `X-Forwarded-For` entry
    /// (only behind a proxy that sets it; anyone can send the header).
    pub trust_forwarded_for: bool,
    pub login_limiter: DefaultKeyedRateLimiter<IpAddr>,
    pub join_limiter: DefaultKeyedRateLimiter<IpAddr>,
}

impl AuthState {
    pub fn new(cookie_secure: CookieSecure, trust_forwarded_for: bool) -> AuthState {
        // Sign-in: 10 at once, then one every 6 s per address. Joining: a
        // training session behind one NAT registers 20 phones at once,
        // then one every 3 s.
        let login = Quota::with_period(std::time::Duration::from_secs(6))
            .expect("non-zero period")
            .allow_burst(NonZeroU32::new(10).expect("non-zero"));
        let join = Quota::with_period(std::time::Duration::from_secs(3))
            .expect("non-zero period")
            .allow_burst(NonZeroU32::new(20).expect("non-zero"));
        AuthState {
            cookie_secure,
            trust_forwarded_for,
            login_limiter: RateLimiter::keyed(login),
            join_limiter: RateLimiter::keyed(join),
        }
    }

    /// `Err` with the seconds to wait when `ip` is over `limiter`'s quota.
    pub fn check(limiter: &DefaultKeyedRateLimiter<IpAddr>, ip: IpAddr) -> Result<(), ApiError> {
        use governor::clock::{Clock, DefaultClock};
        // Addresses that have waited out their limit need no state; without
        // this the map grows with every address ever seen.
        if limiter.len() > 10_000 {
            limiter.retain_recent();
        }
        limiter.check_key(&limit_key(ip)).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            ApiError::RateLimited(wait.as_secs() + 1)
        })
    }
}

/// One IPv6 subscriber usually holds a whole /64: counting its addresses
/// apart would give each phone or attacker billions of budgets.
fn limit_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let mut s = v6.segments();
                s[4..].fill(0);
                IpAddr::V6(s.into())
            }
        },
        v4 => v4,
    }
}

/// A coordinator or admin, signed in.
#[derive(Clone, Debug)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub role: Role,
    pub organisation_id: Option<i64>,
    pub organisation: Option<String>,
    pub scopes: Vec<String>,
    /// The hash of this request's session token.
    pub session: Vec<u8>,
}

impl User {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// Whether a case or report in this region is theirs to see.
    pub fn sees(&self, province: &str, regency: &str) -> bool {
        self.is_admin() || crate::accounts::in_scope(&self.scopes, province, regency)
    }

    fn from_row(row: UserRow, session: Vec<u8>) -> User {
        User {
            id: row.id,
            username: row.username,
            role: row.role,
            organisation_id: row.organisation_id,
            organisation: row.organisation,
            scopes: row.scopes,
            session,
        }
    }
}

#[derive(Clone, Debug)]
pub enum Caller {
    Anonymous,
    Device(DeviceRow),
    User(User),
}

impl Caller {
    pub fn user(&self) -> Result<&User, ApiError> {
        match self {
            Caller::User(u) => Ok(u),
            Caller::Anonymous => Err(ApiError::Unauthenticated),
            Caller::Device(_) => Err(ApiError::Forbidden),
        }
    }

    pub fn device(&self) -> Result<&DeviceRow, ApiError> {
        match self {
            Caller::Device(d) => Ok(d),
            Caller::Anonymous => Err(ApiError::Unauthenticated),
            Caller::User(_) => Err(ApiError::Forbidden),
        }
    }
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
        let device = state
            .store
            .device_by_token(&secret_hash(token), now_ms())
            .await?
            .ok_or(ApiError::InvalidToken)?;
        if device.revoked_at.is_some() {
            return Err(ApiError::DeviceRevoked);
        }
        return Ok(Caller::Device(device));
    }
    if let Some(token) = session_cookie(headers) {
        let hash = secret_hash(token);
        let user = state
            .store
            .session_user(&hash, now_ms(), SESSION_IDLE_MS, SESSION_ABSOLUTE_MS)
            .await?
            .ok_or(ApiError::SessionExpired)?;
        return Ok(Caller::User(User::from_row(user, hash)));
    }
    Ok(Caller::Anonymous)
}

pub fn session_cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value)
}

/// `Set-Cookie` for a new session (`Some(token)`) or for ending one.
pub fn cookie_header(auth: &AuthState, headers: &HeaderMap, token: Option<&str>) -> HeaderValue {
    let secure = match auth.cookie_secure {
        CookieSecure::Always => true,
        CookieSecure::Never => false,
        CookieSecure::Auto => headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https")),
    };
    let (value, max_age) = match token {
        Some(t) => (t, SESSION_ABSOLUTE_MS / 1000),
        None => ("", 0),
    };
    let mut cookie =
        format!("{SESSION_COOKIE}={value}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age}");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ipv6_subscriber_is_one_key() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(limit_key(a), limit_key(b));
        assert_ne!(limit_key(a), limit_key(other));
        let mapped: IpAddr = "::ffff:10.0.0.7".parse().unwrap();
        assert_eq!(limit_key(mapped), "10.0.0.7".parse::<IpAddr>().unwrap());
    }
}
