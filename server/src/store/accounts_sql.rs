//! [`AccountStore`] on the SQL store: organisations, accounts, sessions,
//! invites, devices, who may see a report, and the audit log.

use netral_shared::accounts::{AuditAction, Organisation, ReporterIdentity, Role};
use uuid::Uuid;

use super::StoreError;
use super::accounts::{
    AccountStore, AuditRow, DeviceRow, InviteRow, NewInviteRow, NewUserRow, Redeemed, ReportAccess,
    ReportOwner, UserRow, account_lockout_ms, join_scopes, lockout_ms, parse_scopes,
};
use super::audit::{Actor, Audit};
use super::db::{SqlStore, write_audit};
use super::identity::Identity;
use super::now_ms;
use super::sql::Sql;
use crate::config::{SESSION_ABSOLUTE_MS, SESSION_IDLE_MS};

/// Sessions and devices are marked seen at most once a minute: a
/// write per request would be most of the cost of a sync otherwise.
const SEEN_EVERY_MS: i64 = 60_000;

const USER_SELECT: &str = "SELECT u.id, u.username, u.password_hash, u.role, u.organisation_id, \
     o.name AS organisation, u.scopes, u.failed_logins, u.locked_until, u.disabled_at \
     FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id";
const DEVICE_SELECT: &str = "SELECT d.id, d.pseudonym, d.organisation_id, o.name AS organisation, \
     d.scopes, d.created_at, d.last_seen, d.revoked_at \
     FROM devices d JOIN organisations o ON o.id = d.organisation_id";
const INVITE_SELECT: &str = "SELECT i.id, i.organisation_id, o.name AS organisation, i.scopes, \
     i.created_by, i.created_at, i.expires_at, i.max_uses, i.uses, i.revoked_at \
     FROM invites i JOIN organisations o ON o.id = i.organisation_id";
/// The region of a case is its first report's, as in its summary.

#[derive(sqlx::FromRow)]
struct UserCols {
    id: i64,
    username: String,
    password_hash: String,
    role: String,
    organisation_id: Option<i64>,
    organisation: Option<String>,
    scopes: String,
    failed_logins: i64,
    locked_until: i64,
    disabled_at: Option<i64>,
}

impl From<UserCols> for UserRow {
    fn from(c: UserCols) -> UserRow {
        UserRow {
            id: c.id,
            username: c.username,
            password_hash: c.password_hash,
            role: Role::from_code(&c.role).unwrap_or(Role::Koordinator),
            organisation_id: c.organisation_id,
            organisation: c.organisation,
            scopes: parse_scopes(&c.scopes),
            failed_logins: c.failed_logins,
            locked_until: c.locked_until,
            disabled: c.disabled_at.is_some(),
        }
    }
}

#[derive(sqlx::FromRow)]
struct DeviceCols {
    id: i64,
    pseudonym: String,
    organisation_id: i64,
    organisation: String,
    scopes: String,
    created_at: i64,
    last_seen: i64,
    revoked_at: Option<i64>,
}

impl From<DeviceCols> for DeviceRow {
    fn from(c: DeviceCols) -> DeviceRow {
        DeviceRow {
            id: c.id,
            pseudonym: c.pseudonym,
            organisation_id: c.organisation_id,
            organisation: c.organisation,
            scopes: parse_scopes(&c.scopes),
            created_at: c.created_at,
            last_seen: c.last_seen,
            revoked_at: c.revoked_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct InviteCols {
    id: i64,
    organisation_id: i64,
    organisation: String,
    scopes: String,
    created_by: Option<i64>,
    created_at: i64,
    expires_at: i64,
    max_uses: i64,
    uses: i64,
    revoked_at: Option<i64>,
}

impl From<InviteCols> for InviteRow {
    fn from(c: InviteCols) -> InviteRow {
        InviteRow {
            id: c.id,
            organisation_id: c.organisation_id,
            organisation: c.organisation,
            scopes: parse_scopes(&c.scopes),
            created_by: c.created_by,
            created_at: c.created_at,
            expires_at: c.expires_at,
            max_uses: c.max_uses,
            uses: c.uses,
            revoked_at: c.revoked_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct AccessCols {
    device_id: Option<i64>,
    case_id: i64,
    province: String,
    regency: String,
    organisation_id: Option<i64>,
}

#[async_trait::async_trait]
impl AccountStore for SqlStore {
    async fn create_organisation(
        &self,
        name: &str,
        audit: &Audit,
    ) -> Result<Option<Organisation>, StoreError> {
        let mut tx = self.begin().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO organisations (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id",
        )
        .bind(name)
        .bind(now_ms())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(id) = id else { return Ok(None) };
        let mut audit = audit.clone();
        audit.target = format!("organisation:{id}");
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(Some(Organisation {
            id,
            name: name.to_owned(),
        }))
    }

    async fn organisations(&self) -> Result<Vec<Organisation>, StoreError> {
        let rows: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, name FROM organisations ORDER BY name")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name)| Organisation { id, name })
            .collect())
    }

    async fn organisation_by_name(&self, name: &str) -> Result<Option<Organisation>, StoreError> {
        let row: Option<(i64, String)> =
            sqlx::query_as("SELECT id, name FROM organisations WHERE name = $1")
                .bind(name)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(id, name)| Organisation { id, name }))
    }

    async fn create_user(
        &self,
        user: &NewUserRow,
        audit: &Audit,
    ) -> Result<Option<i64>, StoreError> {
        let mut tx = self.begin().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO users (username, password_hash, role, organisation_id, scopes, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO NOTHING RETURNING id",
        )
        .bind(&user.username)
        .bind(&user.password_hash)
        .bind(user.role.code())
        .bind(user.organisation_id)
        .bind(join_scopes(&user.scopes))
        .bind(now_ms())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(id) = id else { return Ok(None) };
        let mut audit = audit.clone();
        audit.target = format!("user:{id}");
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    async fn users(&self) -> Result<Vec<UserRow>, StoreError> {
        let rows: Vec<UserCols> = sqlx::query_as(&format!("{USER_SELECT} ORDER BY u.username"))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(UserRow::from).collect())
    }

    async fn disable_user(&self, id: i64, audit: &Audit) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let done =
            sqlx::query("UPDATE users SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL")
                .bind(id)
                .bind(now_ms())
                .execute(&mut *tx)
                .await?
                .rows_affected()
                == 1;
        if done {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            // The invites they made stop working with them: a code handed
            // out by someone who left must not keep letting phones in.
            let mut revoked: Vec<i64> = sqlx::query_scalar(
                "UPDATE invites SET revoked_at = $2 WHERE created_by = $1 AND revoked_at IS NULL \
                 RETURNING id",
            )
            .bind(id)
            .bind(now_ms())
            .fetch_all(&mut *tx)
            .await?;
            revoked.sort_unstable();
            let mut details = audit.details.clone();
            if let Some(map) = details.as_object_mut() {
                map.insert("revoked_invites".into(), serde_json::json!(revoked));
            }
            write_audit(&mut tx, &audit.clone().details(details)).await?;
            for invite in &revoked {
                let entry = Audit {
                    action: AuditAction::InviteRevoke,
                    target: format!("invite:{invite}"),
                    details: serde_json::json!({ "user_disabled": id }),
                    ..audit.clone()
                };
                write_audit(&mut tx, &entry).await?;
            }
            tx.commit().await?;
        }
        Ok(done)
    }

    async fn user(&self, id: i64) -> Result<Option<UserRow>, StoreError> {
        let row: Option<UserCols> = sqlx::query_as(&format!("{USER_SELECT} WHERE u.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(UserRow::from))
    }

    async fn user_by_name(&self, username: &str) -> Result<Option<UserRow>, StoreError> {
        let row: Option<UserCols> = sqlx::query_as(&format!("{USER_SELECT} WHERE u.username = $1"))
            .bind(username)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(UserRow::from))
    }

    async fn login_lock(&self, user_id: i64, address: &str) -> Result<i64, StoreError> {
        let lock: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(l) FROM (SELECT locked_until AS l FROM users WHERE id = $1 \
             UNION ALL SELECT locked_until AS l FROM login_failures \
             WHERE user_id = $1 AND address = $2) AS locks",
        )
        .bind(user_id)
        .bind(address)
        .fetch_one(&self.pool)
        .await?;
        Ok(lock.unwrap_or(0))
    }

    async fn login_failed(&self, user_id: i64, address: &str, now: i64) -> Result<i64, StoreError> {
        let mut tx = self.begin().await?;
        let failures: i64 = sqlx::query_scalar(
            "INSERT INTO login_failures (user_id, address, failures, locked_until) \
             VALUES ($1, $2, 1, 0) ON CONFLICT (user_id, address) \
             DO UPDATE SET failures = login_failures.failures + 1 RETURNING failures",
        )
        .bind(user_id)
        .bind(address)
        .fetch_one(&mut *tx)
        .await?;
        let lock = lockout_ms(failures);
        let until = if lock > 0 { now + lock } else { 0 };
        sqlx::query(
            "UPDATE login_failures SET locked_until = $3 WHERE user_id = $1 AND address = $2",
        )
        .bind(user_id)
        .bind(address)
        .bind(until)
        .execute(&mut *tx)
        .await?;
        let account_failures: i64 = sqlx::query_scalar(
            "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins",
        )
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await?;
        let account_lock = account_lockout_ms(account_failures);
        let account_until = if account_lock > 0 {
            now + account_lock
        } else {
            0
        };
        sqlx::query("UPDATE users SET locked_until = $2 WHERE id = $1")
            .bind(user_id)
            .bind(account_until)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(until.max(account_until))
    }

    async fn login_succeeded(&self, user_id: i64, address: &str) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM login_failures WHERE user_id = $1 AND address = $2")
            .bind(user_id)
            .bind(address)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = $1 AND failed_logins <> 0")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_password(
        &self,
        user_id: i64,
        password_hash: &str,
        keep: Option<&[u8]>,
        audit: &Audit,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        sqlx::query("UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = 0 WHERE id = $1")
            .bind(user_id)
            .bind(password_hash)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM login_failures WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user_id)
            .bind(keep.unwrap_or_default())
            .execute(&mut *tx)
            .await?;
        write_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn create_session(
        &self,
        token_hash: &[u8],
        user_id: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        // Sessions are otherwise deleted only when presented after
        // they ended; this keeps the ones never presented again from
        // piling up.
        sqlx::query(
            "DELETE FROM sessions WHERE user_id = $1 AND (last_seen < $2 OR created_at < $3)",
        )
        .bind(user_id)
        .bind(now - SESSION_IDLE_MS)
        .bind(now - SESSION_ABSOLUTE_MS)
        .execute(&self.pool)
        .await?;
        sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, last_seen) VALUES ($1, $2, $3, $3)")
            .bind(token_hash)
            .bind(user_id)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn session_user(
        &self,
        token_hash: &[u8],
        now: i64,
        idle_ms: i64,
        absolute_ms: i64,
    ) -> Result<Option<UserRow>, StoreError> {
        let Some((user_id, created, seen)): Option<(i64, i64, i64)> = sqlx::query_as(
            "SELECT user_id, created_at, last_seen FROM sessions WHERE token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        if now - seen > idle_ms || now - created > absolute_ms {
            self.delete_session(token_hash).await?;
            return Ok(None);
        }
        if now - seen > SEEN_EVERY_MS {
            sqlx::query("UPDATE sessions SET last_seen = $2 WHERE token_hash = $1")
                .bind(token_hash)
                .bind(now)
                .execute(&self.pool)
                .await?;
        }
        Ok(self.user(user_id).await?.filter(|u| !u.disabled))
    }

    async fn delete_session(&self, token_hash: &[u8]) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn create_invite(
        &self,
        invite: &NewInviteRow,
        audit: &Audit,
    ) -> Result<InviteRow, StoreError> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO invites (code_hash, organisation_id, scopes, created_by, created_at, expires_at, max_uses) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(&invite.code_hash)
        .bind(invite.organisation_id)
        .bind(join_scopes(&invite.scopes))
        .bind(invite.created_by)
        .bind(now_ms())
        .bind(invite.expires_at)
        .bind(invite.max_uses)
        .fetch_one(&mut *tx)
        .await?;
        let mut audit = audit.clone();
        audit.target = format!("invite:{id}");
        write_audit(&mut tx, &audit).await?;
        let row: InviteCols = sqlx::query_as(&format!("{INVITE_SELECT} WHERE i.id = $1"))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(row.into())
    }

    async fn invites(&self, organisation: Option<i64>) -> Result<Vec<InviteRow>, StoreError> {
        let rows: Vec<InviteCols> = sqlx::query_as(&format!(
            "{INVITE_SELECT} WHERE ($1 = 0 OR i.organisation_id = $1) ORDER BY i.id DESC LIMIT 500"
        ))
        .bind(organisation.unwrap_or(0))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(InviteRow::from).collect())
    }

    async fn invite(&self, id: i64) -> Result<Option<InviteRow>, StoreError> {
        let row: Option<InviteCols> = sqlx::query_as(&format!("{INVITE_SELECT} WHERE i.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(InviteRow::from))
    }

    async fn revoke_invite(&self, id: i64, audit: &Audit) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let done =
            sqlx::query("UPDATE invites SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
                .bind(id)
                .bind(now_ms())
                .execute(&mut *tx)
                .await?
                .rows_affected()
                == 1;
        if done {
            write_audit(&mut tx, audit).await?;
            tx.commit().await?;
        }
        Ok(done)
    }

    async fn redeem_invite(
        &self,
        code_hash: &[u8],
        token_hash: &[u8],
        new_pseudonym: fn() -> String,
        now: i64,
    ) -> Result<Redeemed, StoreError> {
        let mut tx = self.begin().await?;
        let invite: Option<InviteCols> =
            sqlx::query_as(&format!("{INVITE_SELECT} WHERE i.code_hash = $1"))
                .bind(code_hash)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(invite) = invite.map(InviteRow::from) else {
            return Ok(Redeemed::Unknown);
        };
        if invite.revoked_at.is_some() {
            return Ok(Redeemed::Revoked);
        }
        if invite.expires_at <= now {
            return Ok(Redeemed::Expired);
        }
        // Conditional, so two phones redeeming the last use at once
        // cannot both get it (on PostgreSQL the row lock decides).
        let used =
            sqlx::query("UPDATE invites SET uses = uses + 1 WHERE id = $1 AND uses < max_uses")
                .bind(invite.id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if used != 1 {
            return Ok(Redeemed::UsedUp);
        }
        let scopes = join_scopes(&invite.scopes);
        let mut device = None;
        // A pseudonym clash is rare (31^4 names); try a few.
        for _ in 0..8 {
            let pseudonym = new_pseudonym();
            let id: Option<i64> = sqlx::query_scalar(
                "INSERT INTO devices (token_hash, pseudonym, organisation_id, scopes, invite_id, created_at, last_seen) \
                 VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (pseudonym) DO NOTHING RETURNING id",
            )
            .bind(token_hash)
            .bind(&pseudonym)
            .bind(invite.organisation_id)
            .bind(&scopes)
            .bind(invite.id)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(id) = id {
                device = Some(DeviceRow {
                    id,
                    pseudonym,
                    organisation_id: invite.organisation_id,
                    organisation: invite.organisation.clone(),
                    scopes: invite.scopes.clone(),
                    created_at: now,
                    last_seen: now,
                    revoked_at: None,
                });
                break;
            }
        }
        let Some(device) = device else {
            return Err(StoreError::Conflict);
        };
        // The device is the actor: nobody signed in joins it.
        let audit = Audit::by(
            Actor {
                id: None,
                username: device.pseudonym.clone(),
            },
            AuditAction::DeviceJoin,
            format!("device:{}", device.id),
        )
        .details(serde_json::json!({
            "invite_id": invite.id,
            "organisation_id": invite.organisation_id,
        }));
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(Redeemed::Joined(device))
    }

    async fn device_by_token(
        &self,
        token_hash: &[u8],
        now: i64,
    ) -> Result<Option<DeviceRow>, StoreError> {
        let row: Option<DeviceCols> =
            sqlx::query_as(&format!("{DEVICE_SELECT} WHERE d.token_hash = $1"))
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
        let device = row.map(DeviceRow::from);
        if let Some(d) = &device
            && d.revoked_at.is_none()
            && now - d.last_seen > SEEN_EVERY_MS
        {
            sqlx::query("UPDATE devices SET last_seen = $2 WHERE id = $1")
                .bind(d.id)
                .bind(now)
                .execute(&self.pool)
                .await?;
        }
        Ok(device)
    }

    async fn devices(&self, organisation: Option<i64>) -> Result<Vec<DeviceRow>, StoreError> {
        let rows: Vec<DeviceCols> = sqlx::query_as(&format!(
            "{DEVICE_SELECT} WHERE ($1 = 0 OR d.organisation_id = $1) ORDER BY d.id DESC LIMIT 2000"
        ))
        .bind(organisation.unwrap_or(0))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(DeviceRow::from).collect())
    }

    async fn device(&self, id: i64) -> Result<Option<DeviceRow>, StoreError> {
        let row: Option<DeviceCols> = sqlx::query_as(&format!("{DEVICE_SELECT} WHERE d.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(DeviceRow::from))
    }

    async fn revoke_device(&self, id: i64, audit: &Audit) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let done =
            sqlx::query("UPDATE devices SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
                .bind(id)
                .bind(now_ms())
                .execute(&mut *tx)
                .await?
                .rows_affected()
                == 1;
        if done {
            write_audit(&mut tx, audit).await?;
            tx.commit().await?;
        }
        Ok(done)
    }

    async fn report_owners(&self, ids: &[Uuid]) -> Result<Vec<ReportOwner>, StoreError> {
        let mut out = Vec::new();
        for chunk in ids.chunks(900) {
            let mut q = Sql::new(
                self.backend(),
                "SELECT id, device_id, content_hash FROM reports WHERE id IN (",
            );
            let mut list = q.separated(", ");
            for id in chunk {
                list.push_bind(id.to_string());
            }
            q.push(")");
            let rows: Vec<(String, Option<i64>, Vec<u8>)> =
                q.build_query_as().fetch_all(&self.pool).await?;
            out.extend(
                rows.into_iter()
                    .map(|(id, device_id, content_hash)| ReportOwner {
                        id: Uuid::parse_str(&id).unwrap_or_default(),
                        device_id,
                        content_hash,
                    }),
            );
        }
        Ok(out)
    }

    async fn report_access(&self, id: Uuid) -> Result<Option<ReportAccess>, StoreError> {
        // A report is seen through its case's region.
        let sql = "SELECT r.device_id, r.case_id, c.province, c.regency, d.organisation_id \
                   FROM reports r JOIN cases c ON c.id = r.case_id \
                   LEFT JOIN devices d ON d.id = r.device_id WHERE r.id = $1";
        let row: Option<AccessCols> = sqlx::query_as(sql)
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|row| ReportAccess {
            device_id: row.device_id,
            case_id: row.case_id,
            province: row.province,
            regency: row.regency,
            organisation_id: row.organisation_id,
        }))
    }

    async fn case_region(&self, case_id: i64) -> Result<Option<(String, String)>, StoreError> {
        Ok(
            sqlx::query_as("SELECT province, regency FROM cases WHERE id = $1")
                .bind(case_id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn evidence_regions(&self, sha256: &str) -> Result<Vec<(String, String)>, StoreError> {
        // A photo counts for access only through a report whose device
        // uploaded it (or a report with no device: an admin's import).
        let sql = "SELECT c.province, c.regency FROM report_keys k \
                   JOIN reports r ON r.id = k.report_id JOIN cases c ON c.id = r.case_id \
                   WHERE k.key = $1 AND (r.device_id IS NULL OR EXISTS (SELECT 1 FROM evidence_uploads u \
                   WHERE u.sha256 = $2 AND u.device_id = r.device_id))";
        Ok(sqlx::query_as(sql)
            .bind(format!("photo:{sha256}"))
            .bind(sha256)
            .fetch_all(&self.pool)
            .await?)
    }

    async fn open_reporter(
        &self,
        report_id: Uuid,
        audit: &Audit,
    ) -> Result<Option<ReporterIdentity>, StoreError> {
        let mut tx = self.begin().await?;
        let id = report_id.to_string();
        let Some(sealed): Option<Option<Vec<u8>>> =
            sqlx::query_scalar("SELECT sealed FROM reporters WHERE report_id = $1")
                .bind(&id)
                .fetch_optional(&mut *tx)
                .await?
        else {
            return Ok(None);
        };
        // Every row is sealed at start-up; a NULL here was written by an
        // older replica since, and is sealed at its next start.
        let sealed = sealed.ok_or_else(|| StoreError::Unsealable(id.clone()))?;
        let identity = Identity::open(&self.keys, &id, &sealed)?;
        write_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(Some(ReporterIdentity {
            report_id,
            name: identity.name,
            contact: identity.contact,
            address: identity.address,
            witnesses: identity.witnesses,
        }))
    }

    async fn audit(&self, audit: &Audit) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        write_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn audit_page(
        &self,
        limit: u32,
        offset: u32,
    ) -> Result<(Vec<AuditRow>, u64), StoreError> {
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
            .fetch_one(&self.pool)
            .await?;
        let entries: Vec<AuditRow> = sqlx::query_as(
            "SELECT id, at, actor_id, actor_username, action, target, details FROM audit_log \
             ORDER BY id DESC LIMIT $1 OFFSET $2",
        )
        .bind(i64::from(limit))
        .bind(i64::from(offset))
        .fetch_all(&self.pool)
        .await?;
        Ok((entries, total as u64))
    }
}
