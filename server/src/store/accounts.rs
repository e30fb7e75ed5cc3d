//! The accounts half of the store: organisations, users and their sessions,
//! invites, devices, ownership and scope of reports, and the audit log.
//! Implemented for both backends by `impl_account_store!` in
//! `account_queries.rs`, like the rest of the store.

use async_trait::async_trait;
use netral_shared::accounts::{Organisation, ReporterIdentity, Role};
use uuid::Uuid;

use super::StoreError;
use super::audit::Audit;

#[derive(Clone, Debug)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub password_hash: String,
    pub role: Role,
    pub organisation_id: Option<i64>,
    pub organisation: Option<String>,
    pub scopes: Vec<String>,
    pub failed_logins: i64,
    /// Unix ms; sign-in is refused before this.
    pub locked_until: i64,
    pub disabled: bool,
}

#[derive(Clone, Debug)]
pub struct NewUserRow {
    pub username: String,
    pub password_hash: String,
    pub role: Role,
    pub organisation_id: Option<i64>,
    pub scopes: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct DeviceRow {
    pub id: i64,
    pub pseudonym: String,
    pub organisation_id: i64,
    pub organisation: String,
    pub scopes: Vec<String>,
    pub created_at: i64,
    pub last_seen: i64,
    pub revoked_at: Option<i64>,
}

#[derive(Clone, Debug)]
pub struct InviteRow {
    pub id: i64,
    pub organisation_id: i64,
    pub organisation: String,
    pub scopes: Vec<String>,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub expires_at: i64,
    pub max_uses: i64,
    pub uses: i64,
    pub revoked_at: Option<i64>,
}

#[derive(Clone, Debug)]
pub struct NewInviteRow {
    pub code_hash: Vec<u8>,
    pub organisation_id: i64,
    pub scopes: Vec<String>,
    pub created_by: Option<i64>,
    pub expires_at: i64,
    pub max_uses: i64,
}

#[derive(Clone, Debug)]
pub enum Redeemed {
    Joined(DeviceRow),
    Unknown,
    Expired,
    UsedUp,
    Revoked,
}

/// Who may see a report: the device that sent it, and staff whose scope
/// holds its case's region.
#[derive(Clone, Debug)]
pub struct ReportAccess {
    pub device_id: Option<i64>,
    pub case_id: i64,
    pub province: String,
    pub regency: String,
    /// The sending device's organisation (`None` before accounts, or for
    /// an admin's import).
    pub organisation_id: Option<i64>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_username: String,
    pub action: String,
    pub target: String,
    pub details: String,
}

#[async_trait]
pub trait AccountStore: Send + Sync {
    /// `None` when the name is taken.
    async fn create_organisation(
        &self,
        name: &str,
        audit: &Audit,
    ) -> Result<Option<Organisation>, StoreError>;
    async fn organisations(&self) -> Result<Vec<Organisation>, StoreError>;
    async fn organisation_by_name(&self, name: &str) -> Result<Option<Organisation>, StoreError>;

    /// `None` when the username is taken.
    async fn create_user(
        &self,
        user: &NewUserRow,
        audit: &Audit,
    ) -> Result<Option<i64>, StoreError>;
    async fn users(&self) -> Result<Vec<UserRow>, StoreError>;
    /// Disables an account and ends its sessions; `false` if unknown or
    /// disabled already.
    async fn disable_user(&self, id: i64, audit: &Audit) -> Result<bool, StoreError>;
    async fn user(&self, id: i64) -> Result<Option<UserRow>, StoreError>;
    async fn user_by_name(&self, username: &str) -> Result<Option<UserRow>, StoreError>;
    /// Until when (unix ms; 0 or past: not locked) sign-ins of the account
    /// from `address` (an IPv4 address or IPv6 /64) are refused: the later
    /// of that address's lock and the account-wide one.
    async fn login_lock(&self, user_id: i64, address: &str) -> Result<i64, StoreError>;
    /// Counts a failed sign-in (or current password) from `address`:
    /// locks that address out of the account per [`lockout_ms`], and the
    /// whole account per the slower [`account_lockout_ms`]; returns the
    /// later lock end (0: not locked).
    async fn login_failed(&self, user_id: i64, address: &str, now: i64) -> Result<i64, StoreError>;
    /// Clears that address's count and the account-wide one.
    async fn login_succeeded(&self, user_id: i64, address: &str) -> Result<(), StoreError>;
    /// Sets a new password hash and ends every session of the user except
    /// `keep` (the one that changed it), and clears a lockout.
    async fn set_password(
        &self,
        user_id: i64,
        password_hash: &str,
        keep: Option<&[u8]>,
        audit: &Audit,
    ) -> Result<(), StoreError>;

    async fn create_session(
        &self,
        token_hash: &[u8],
        user_id: i64,
        now: i64,
    ) -> Result<(), StoreError>;
    /// The user of a live session; a session idle for `idle_ms` or older
    /// than `absolute_ms` is deleted and `None` returned.
    async fn session_user(
        &self,
        token_hash: &[u8],
        now: i64,
        idle_ms: i64,
        absolute_ms: i64,
    ) -> Result<Option<UserRow>, StoreError>;
    async fn delete_session(&self, token_hash: &[u8]) -> Result<(), StoreError>;

    async fn create_invite(
        &self,
        invite: &NewInviteRow,
        audit: &Audit,
    ) -> Result<InviteRow, StoreError>;
    /// All invites, or one organisation's; newest first.
    async fn invites(&self, organisation: Option<i64>) -> Result<Vec<InviteRow>, StoreError>;
    async fn invite(&self, id: i64) -> Result<Option<InviteRow>, StoreError>;
    /// `false` if unknown or already revoked.
    async fn revoke_invite(&self, id: i64, audit: &Audit) -> Result<bool, StoreError>;
    /// Uses the invite once, atomically, and registers a device with the
    /// token's hash and a fresh pseudonym.
    async fn redeem_invite(
        &self,
        code_hash: &[u8],
        token_hash: &[u8],
        new_pseudonym: fn() -> String,
        now: i64,
    ) -> Result<Redeemed, StoreError>;

    /// The device of a token, revoked or not; marks it seen.
    async fn device_by_token(
        &self,
        token_hash: &[u8],
        now: i64,
    ) -> Result<Option<DeviceRow>, StoreError>;
    async fn devices(&self, organisation: Option<i64>) -> Result<Vec<DeviceRow>, StoreError>;
    async fn device(&self, id: i64) -> Result<Option<DeviceRow>, StoreError>;
    /// `false` if unknown or already revoked.
    async fn revoke_device(&self, id: i64, audit: &Audit) -> Result<bool, StoreError>;

    /// Who first sent each stored report among `ids`, and the hash of its
    /// current content.
    async fn report_owners(&self, ids: &[Uuid]) -> Result<Vec<ReportOwner>, StoreError>;
    async fn report_access(&self, id: Uuid) -> Result<Option<ReportAccess>, StoreError>;
    /// The canonical (first report's) province and regency of a case.
    async fn case_region(&self, case_id: i64) -> Result<Option<(String, String)>, StoreError>;
    /// The canonical regions of the cases holding a report with this photo
    /// whose device uploaded the file (or that no device sent: imported
    /// from the shell). A device cannot open another device's file by
    /// naming its hash in a report of its own.
    async fn evidence_regions(&self, sha256: &str) -> Result<Vec<(String, String)>, StoreError>;
    /// Reads who sent a report and writes `audit` in the same transaction.
    async fn open_reporter(
        &self,
        report_id: Uuid,
        audit: &Audit,
    ) -> Result<Option<ReporterIdentity>, StoreError>;

    /// An entry for an action that changes nothing in the database (an
    /// export, say); changes write theirs with the change.
    async fn audit(&self, audit: &Audit) -> Result<(), StoreError>;
    /// Newest first.
    async fn audit_page(&self, limit: u32, offset: u32)
    -> Result<(Vec<AuditRow>, u64), StoreError>;
}

/// How long an account stays locked for one client address after
/// `failures` failed sign-ins in a row from it: nothing for the first four,
/// then 2^failures seconds (32 s, 64 s, …), at most an hour.
pub fn lockout_ms(failures: i64) -> i64 {
    if failures < 5 {
        0
    } else {
        1000 * (1i64 << failures.min(12)).min(3600)
    }
}

/// How long the whole account stays locked after `failures` failed sign-ins
/// in a row from all addresses together: nothing for the first 49, then a
/// minute, doubling every ten failures, at most 15 minutes. Slower than
/// the per-address lock, so a stranger with one address (or a few) cannot
/// keep the owner out, while many addresses together still get at most
/// one guess a minute, then one every 15.
pub fn account_lockout_ms(failures: i64) -> i64 {
    if failures < 50 {
        0
    } else {
        1000 * (60i64 << ((failures - 50) / 10).min(4)).min(900)
    }
}

/// A stored report's sender and current content, for deciding whether
/// another device may send it (only an identical copy, which changes nothing).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportOwner {
    pub id: Uuid,
    pub device_id: Option<i64>,
    pub content_hash: Vec<u8>,
}

/// Regions are stored comma-separated (`35,35.78`).
pub fn parse_scopes(stored: &str) -> Vec<String> {
    stored
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

pub fn join_scopes(scopes: &[String]) -> String {
    scopes.join(",")
}
