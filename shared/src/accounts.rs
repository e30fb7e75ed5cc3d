//! Accounts on the wire: volunteers' devices joining with an invite code,
//! coordinators and admins signing in, and what they manage. The shapes of
//! `/api/v1/devices/*`, `/api/v1/auth/*`, `/api/v1/invites*`,
//! `/api/v1/users` and `/api/v1/organisations`.

use serde::{Deserialize, Serialize};

use crate::catalogue::{Catalogue, catalogue};
use crate::i18n::Text;
use crate::problem::{Problem, ProblemCode};

/// Long enough that guessing at the sign-in rate limit is hopeless.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Short enough that hashing an attacker's megabyte is not a cost.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// What is wrong with a new password, if anything: checked by the server
/// when an account is made or a password changed, and by the dashboard
/// before it sends one.
pub fn password_problem(field: &str, password: &str) -> Option<Problem> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        Some(Problem::new(field, ProblemCode::PasswordTooShort))
    } else if n > MAX_PASSWORD_CHARS {
        Some(Problem::new(field, ProblemCode::TooLong))
    } else {
        None
    }
}

/// The longest sign-in name.
pub const MAX_USERNAME_CHARS: usize = 64;
/// The longest organisation name.
pub const MAX_ORGANISATION_CHARS: usize = 100;

/// What is wrong with a sign-in name (already trimmed), if anything: it is
/// typed at every sign-in, so no spaces and not too long.
pub fn username_problem(field: &str, username: &str) -> Option<Problem> {
    if username.is_empty() {
        Some(Problem::new(field, ProblemCode::Required))
    } else if username.chars().count() > MAX_USERNAME_CHARS
        || username.chars().any(char::is_whitespace)
    {
        Some(Problem::new(field, ProblemCode::TooLong))
    } else {
        None
    }
}

/// What is wrong with an organisation's name (already trimmed), if anything.
pub fn organisation_name_problem(field: &str, name: &str) -> Option<Problem> {
    if name.is_empty() {
        Some(Problem::new(field, ProblemCode::Required))
    } else if name.chars().count() > MAX_ORGANISATION_CHARS {
        Some(Problem::new(field, ProblemCode::TooLong))
    } else {
        None
    }
}

/// An invite code works this long unless its maker says otherwise…
pub const DEFAULT_INVITE_HOURS: u32 = 72;
/// …and at most a month: a code is a key to send reports in a coalition's name.
pub const MAX_INVITE_HOURS: u32 = 720;
/// A training session of a large network registers a few hundred phones.
pub const MAX_INVITE_USES: u32 = 500;

/// What is wrong with an invite's lifetime and number of uses (after the
/// defaults), if anything.
pub fn invite_limit_problems(hours: u32, max_uses: u32) -> Vec<Problem> {
    let mut problems = Vec::new();
    if !(1..=MAX_INVITE_HOURS).contains(&hours) {
        problems.push(Problem::new("expires_in_hours", ProblemCode::TooMany));
    }
    if !(1..=MAX_INVITE_USES).contains(&max_uses) {
        problems.push(Problem::new("max_uses", ProblemCode::TooMany));
    }
    problems
}

catalogue! {
    /// What an audit entry records: a change or an opening of personal
    /// data by a coordinator, an admin or the command line.
    AuditAction {
        CaseStatus = "case_status", "Status kasus diubah", "Case status changed";
        CaseSplit = "case_split", "Laporan dipisah", "Report split off";
        CaseMerge = "case_merge", "Kasus digabung", "Cases merged";
        CaseMergeAuto = "case_merge_auto", "Kasus digabung otomatis", "Cases merged automatically";
        CaseLinkDismiss = "case_link_dismiss", "Kemungkinan sama ditolak", "\"Possibly the same\" dismissed";
        CaseCanonical = "case_canonical", "Data terlapor dikoreksi", "Person's details corrected";
        Export = "export", "Ekspor", "Export";
        InviteCreate = "invite_create", "Kode undangan dibuat", "Invite code created";
        InviteRevoke = "invite_revoke", "Kode undangan dicabut", "Invite code revoked";
        DeviceRevoke = "device_revoke", "Perangkat dicabut", "Device revoked";
        UserCreate = "user_create", "Akun dibuat", "Account created";
        UserDisable = "user_disable", "Akun dinonaktifkan", "Account disabled";
        OrganisationCreate = "organisation_create", "Organisasi dibuat", "Organisation created";
        PasswordChange = "password_change", "Kata sandi diganti", "Password changed";
        PasswordReset = "password_reset", "Kata sandi disetel ulang", "Password reset";
        ReporterOpen = "reporter_open", "Identitas pelapor dibuka", "Reporter's identity opened";
        SignIn = "sign_in", "Masuk", "Signed in";
        SignInFailed = "sign_in_failed", "Gagal masuk (kata sandi salah)", "Sign-in failed (wrong password)";
        SignInLocked = "sign_in_locked", "Masuk ditolak (akun dikunci sementara)", "Sign-in refused (account locked for a while)";
        DeviceJoin = "device_join", "Perangkat bergabung", "Device joined";
        Import = "import", "Cadangan ponsel diimpor", "Phone backup imported";
        Backup = "backup", "Cadangan server dibuat", "Server backup made";
    }
}

/// Who a signed-in person is.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything: organisations, coordinators, the audit log.
    Admin,
    /// Works the cases of one organisation in its regions.
    Koordinator,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Koordinator => "koordinator",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        match code {
            "admin" => Some(Role::Admin),
            "koordinator" => Some(Role::Koordinator),
            _ => None,
        }
    }
}

/// `POST /api/v1/devices/join`. The code as the volunteer typed it: case,
/// spaces and dashes do not matter (`k7qm 4xtr 9p` = `K7QM-4XTR-9P`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinRequest {
    /// Ten letters and digits (no 0, 1, I, L, O), any case, with spaces or
    /// dashes anywhere.
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000-]*([2-9A-HJKMNP-Za-hjkmnp-z][\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000-]*){10}$"
        )
    )]
    pub code: String,
}

/// The answer to a join: keep `token` secret on the device and send it as
/// `Authorization: Bearer <token>` with every sync. It is shown only once.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinResponse {
    /// 64 lower-case hex digits (256 random bits).
    pub token: String,
    pub device: DeviceInfo,
}

/// A volunteer's device as the device itself and its coordinators see it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceInfo {
    pub id: i64,
    /// What coordinators see instead of the reporter's name, e.g. `Relawan-7F3K`.
    pub pseudonym: String,
    pub organisation_id: i64,
    pub organisation: String,
    /// Region codes the device reports for (`35`, `35.78`).
    pub scopes: Vec<String>,
    pub created_at: String,
    pub last_seen: String,
    /// Set once a coordinator revoked it; its token is refused since.
    #[serde(default)]
    pub revoked_at: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceList {
    pub devices: Vec<DeviceInfo>,
}

/// `POST /api/v1/auth/login`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// `POST /api/v1/auth/password`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordChange {
    pub current_password: String,
    /// 12 to 256 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 12, max_length = 256))]
    pub new_password: String,
}

/// The signed-in person (`GET /api/v1/auth/me`, and the answer to a login).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub id: i64,
    pub username: String,
    pub role: Role,
    pub organisation_id: Option<i64>,
    pub organisation: Option<String>,
    /// Region codes a coordinator works; empty for an admin (everything).
    pub scopes: Vec<String>,
    /// Disabled by an admin: cannot sign in any more.
    #[serde(default)]
    pub disabled: bool,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserList {
    pub users: Vec<Me>,
}

/// `POST /api/v1/users` (admin): a coordinator or another admin.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUser {
    /// Typed at every sign-in: no spaces (around it they are trimmed), at
    /// most 64 characters as sent.
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 64,
            pattern = r"^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
        )
    )]
    pub username: String,
    /// 12 to 256 characters; the person changes it after the first sign-in.
    #[cfg_attr(feature = "openapi", schema(min_length = 12, max_length = 256))]
    pub password: String,
    pub role: Role,
    /// Required for a coordinator.
    #[serde(default)]
    pub organisation_id: Option<i64>,
    /// Region codes (`35`, `35.78`): required (at least one) for a
    /// coordinator; ignored for an admin.
    #[serde(default)]
    pub scopes: Vec<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: i64,
    pub name: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationList {
    pub organisations: Vec<Organisation>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOrganisation {
    /// Not blank (around it spaces are trimmed), at most 100 characters as
    /// sent.
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 100,
            pattern = r"[^\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
        )
    )]
    pub name: String,
}

/// `POST /api/v1/invites`. Every field may be left out.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewInvite {
    /// Hours until the code stops working: 1–720, default 72.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 720))]
    pub expires_in_hours: Option<u32>,
    /// How many devices may join with it: 1–500, default 1.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 500))]
    pub max_uses: Option<u32>,
    /// Admins must name it; a coordinator's own organisation otherwise.
    pub organisation_id: Option<i64>,
    /// Default: the coordinator's regions. Each must lie in them.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::invite_scopes))]
    pub scopes: Option<Vec<String>>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteInfo {
    pub id: i64,
    pub organisation_id: i64,
    pub organisation: String,
    pub scopes: Vec<String>,
    pub created_at: String,
    pub expires_at: String,
    pub max_uses: u32,
    pub uses: u32,
    #[serde(default)]
    pub revoked_at: Option<String>,
}

/// The answer to creating an invite: the only time the code is shown (the
/// server keeps a hash). `code` is grouped for reading aloud: `K7QM-4XTR-9P`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedInvite {
    pub code: String,
    pub invite: InviteInfo,
    /// What a phone's camera opens: the app's join page with the code
    /// filled in (`https://…/gabung?kode=K7QM-4XTR-9P`).
    #[serde(default)]
    pub join_url: String,
    /// `join_url` as a QR code, an SVG image to show on the coordinator's
    /// screen or print for a briefing.
    #[serde(default)]
    pub qr_svg: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteList {
    pub invites: Vec<InviteInfo>,
}

/// `GET /api/v1/reports/{id}/reporter`: who sent a report and the
/// witnesses it names, for an in-scope coordinator or an admin. Every read
/// is written to the audit log.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReporterIdentity {
    pub report_id: uuid::Uuid,
    pub name: String,
    pub contact: String,
    pub address: String,
    /// The witnesses as the volunteer wrote them (names, contacts).
    #[serde(default)]
    pub witnesses: String,
}

/// One line of the audit log (`GET /api/v1/audit`, admins only).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    /// `None` for the command line.
    pub actor_id: Option<i64>,
    pub actor_username: String,
    pub action: AuditAction,
    /// What it acted on, `kind:id` (`case:12`, `report:…`, `device:3`).
    pub target: String,
    /// Ids and codes only, never personal data.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub details: serde_json::Value,
}

/// A page of the audit log.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    /// Newest first.
    pub entries: Vec<AuditEntry>,
    pub total: u64,
}
