//! Who is calling: a device's bearer token or a session token turned into
//! a [`Caller`], and the per-address limits on sign-in and joining.

use std::net::IpAddr;
use std::num::NonZeroU32;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use netral_shared::accounts::Role;
use netral_shared::regions::RegionScope;

use crate::config::{CookieSecure, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS};
use crate::keys::Keys;
use crate::services::ServiceError;
use crate::services::credentials::secret_hash;
use crate::store::accounts::{DeviceRow, UserRow};
use crate::store::audit::{Actor, Audit};
use crate::store::{Store, now_ms};
use netral_shared::accounts::AuditAction;

/// Per-replica authentication state: settings and the per-IP limiters.
pub struct AuthState {
    pub cookie_secure: CookieSecure,
    /// Take the client's address from the last `X-Forwarded-For` entry
    /// (only behind a proxy that sets it; anyone can send the header).
    pub trust_forwarded_for: bool,
    pub login_limiter: DefaultKeyedRateLimiter<IpAddr>,
    /// `POST /auth/password`: the same quota as sign-in, its own budget.
    pub password_limiter: DefaultKeyedRateLimiter<IpAddr>,
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
            password_limiter: RateLimiter::keyed(login),
            join_limiter: RateLimiter::keyed(join),
        }
    }

    /// `Err` with the seconds to wait when `ip` is over `limiter`'s quota.
    pub fn check(
        limiter: &DefaultKeyedRateLimiter<IpAddr>,
        ip: IpAddr,
    ) -> Result<(), ServiceError> {
        use governor::clock::{Clock, DefaultClock};
        // Addresses that have waited out their limit need no state; without
        // this the map grows with every address ever seen.
        if limiter.len() > 10_000 {
            limiter.retain_recent();
        }
        limiter.check_key(&limit_key(ip)).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            ServiceError::RateLimited(wait.as_secs() + 1)
        })
    }
}

/// One IPv6 subscriber usually holds a whole /64: counting its addresses
/// apart would give each phone or attacker billions of budgets.
pub fn limit_key(ip: IpAddr) -> IpAddr {
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

    /// The regions this person sees: all of them for an admin.
    pub fn scope(&self) -> RegionScope {
        if self.is_admin() {
            RegionScope::All
        } else {
            RegionScope::of_codes(&self.scopes)
        }
    }

    /// Whether a case or report in this region is theirs to see.
    pub fn sees(&self, province: &str, regency: &str) -> bool {
        self.scope().admits_codes(province, regency)
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
    pub fn user(&self) -> Result<&User, ServiceError> {
        match self {
            Caller::User(u) => Ok(u),
            Caller::Anonymous => Err(ServiceError::Unauthenticated),
            Caller::Device(_) => Err(ServiceError::Forbidden),
        }
    }

    pub fn device(&self) -> Result<&DeviceRow, ServiceError> {
        match self {
            Caller::Device(d) => Ok(d),
            Caller::Anonymous => Err(ServiceError::Unauthenticated),
            Caller::User(_) => Err(ServiceError::Forbidden),
        }
    }
}

/// An audit entry acted by a signed-in person.
impl Audit {
    pub fn new(user: &User, action: AuditAction, target: impl Into<String>) -> Audit {
        Audit::by(
            Actor {
                id: Some(user.id),
                username: user.username.clone(),
            },
            action,
            target,
        )
    }
}

/// The device a bearer token belongs to, if it is not revoked.
pub async fn device_caller(
    store: &dyn Store,
    keys: &Keys,
    token: &str,
) -> Result<Caller, ServiceError> {
    let device = store
        .device_by_token(&secret_hash(keys, token), now_ms())
        .await?
        .ok_or(ServiceError::InvalidToken)?;
    if device.revoked_at.is_some() {
        return Err(ServiceError::DeviceRevoked);
    }
    Ok(Caller::Device(device))
}

/// The signed-in person a session token belongs to, if the session is live.
pub async fn user_caller(
    store: &dyn Store,
    keys: &Keys,
    token: &str,
) -> Result<Caller, ServiceError> {
    let hash = secret_hash(keys, token);
    let user = store
        .session_user(&hash, now_ms(), SESSION_IDLE_MS, SESSION_ABSOLUTE_MS)
        .await?
        .ok_or(ServiceError::SessionExpired)?;
    Ok(Caller::User(User::from_row(user, hash)))
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
