//! [`super::accounts::AccountStore`] written once for both backends, like
//! `queries.rs`. Expanded next to `impl_store!` in the same module, so it
//! shares that module's imports and helpers (`write_audit` is defined here
//! and used by both).

macro_rules! impl_account_store {
    ($store:ty, $db:ty, begin = $begin:expr) => {
        use netral_shared::accounts::{Organisation, ReporterIdentity, Role};
        use $crate::audit::Audit;
        use $crate::accounts::{join_scopes, new_pseudonym, parse_scopes};
        use $crate::store::accounts::{
            AccountStore, AuditRow, DeviceRow, InviteRow, NewInviteRow, NewUserRow, Redeemed,
            ReportAccess, UserRow, lockout_ms,
        };

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
        const CASE_PROVINCE: &str =
            "(SELECT f.province FROM reports f WHERE f.case_id = {case} ORDER BY f.received_at, f.id LIMIT 1)";
        const CASE_REGENCY: &str =
            "(SELECT f.regency FROM reports f WHERE f.case_id = {case} ORDER BY f.received_at, f.id LIMIT 1)";

        fn user_row(row: &<$db as sqlx::Database>::Row) -> UserRow {
            UserRow {
                id: row.get("id"),
                username: row.get("username"),
                password_hash: row.get("password_hash"),
                role: Role::from_code(row.get("role")).unwrap_or(Role::Koordinator),
                organisation_id: row.get("organisation_id"),
                organisation: row.get("organisation"),
                scopes: parse_scopes(row.get("scopes")),
                failed_logins: row.get("failed_logins"),
                locked_until: row.get("locked_until"),
                disabled: row.get::<Option<i64>, _>("disabled_at").is_some(),
            }
        }

        fn device_row(row: &<$db as sqlx::Database>::Row) -> DeviceRow {
            DeviceRow {
                id: row.get("id"),
                pseudonym: row.get("pseudonym"),
                organisation_id: row.get("organisation_id"),
                organisation: row.get("organisation"),
                scopes: parse_scopes(row.get("scopes")),
                created_at: row.get("created_at"),
                last_seen: row.get("last_seen"),
                revoked_at: row.get("revoked_at"),
            }
        }

        fn invite_row(row: &<$db as sqlx::Database>::Row) -> InviteRow {
            InviteRow {
                id: row.get("id"),
                organisation_id: row.get("organisation_id"),
                organisation: row.get("organisation"),
                scopes: parse_scopes(row.get("scopes")),
                created_by: row.get("created_by"),
                created_at: row.get("created_at"),
                expires_at: row.get("expires_at"),
                max_uses: row.get("max_uses"),
                uses: row.get("uses"),
                revoked_at: row.get("revoked_at"),
            }
        }

        async fn write_audit(tx: &mut Conn, audit: &Audit) -> Result<(), StoreError> {
            sqlx::query(
                "INSERT INTO audit_log (at, actor_id, actor_username, action, target, details) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(now_ms())
            .bind(audit.actor.id)
            .bind(&audit.actor.username)
            .bind(audit.action)
            .bind(&audit.target)
            .bind(audit.details.to_string())
            .execute(&mut *tx)
            .await?;
            Ok(())
        }

        #[async_trait::async_trait]
        impl AccountStore for $store {
            async fn create_organisation(&self, name: &str, audit: &Audit) -> Result<Option<Organisation>, StoreError> {
                let mut tx = self.pool.begin_with($begin).await?;
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
                Ok(Some(Organisation { id, name: name.to_owned() }))
            }

            async fn organisations(&self) -> Result<Vec<Organisation>, StoreError> {
                let rows = sqlx::query("SELECT id, name FROM organisations ORDER BY name")
                    .fetch_all(&self.pool)
                    .await?;
                Ok(rows.iter().map(|r| Organisation { id: r.get("id"), name: r.get("name") }).collect())
            }

            async fn organisation_by_name(&self, name: &str) -> Result<Option<Organisation>, StoreError> {
                let row = sqlx::query("SELECT id, name FROM organisations WHERE name = $1")
                    .bind(name)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.map(|r| Organisation { id: r.get("id"), name: r.get("name") }))
            }

            async fn create_user(&self, user: &NewUserRow, audit: &Audit) -> Result<Option<i64>, StoreError> {
                let mut tx = self.pool.begin_with($begin).await?;
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
                let rows = sqlx::query(&format!("{USER_SELECT} ORDER BY u.username"))
                    .fetch_all(&self.pool)
                    .await?;
                Ok(rows.iter().map(user_row).collect())
            }

            async fn disable_user(&self, id: i64, audit: &Audit) -> Result<bool, StoreError> {
                let mut tx = self.pool.begin_with($begin).await?;
                let done = sqlx::query("UPDATE users SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL")
                    .bind(id)
                    .bind(now_ms())
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
                    == 1;
                if done {
                    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
                    write_audit(&mut tx, audit).await?;
                    tx.commit().await?;
                }
                Ok(done)
            }

            async fn user(&self, id: i64) -> Result<Option<UserRow>, StoreError> {
                let row = sqlx::query(&format!("{USER_SELECT} WHERE u.id = $1"))
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.as_ref().map(user_row))
            }

            async fn user_by_name(&self, username: &str) -> Result<Option<UserRow>, StoreError> {
                let row = sqlx::query(&format!("{USER_SELECT} WHERE u.username = $1"))
                    .bind(username)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.as_ref().map(user_row))
            }

            async fn login_failed(&self, user_id: i64, now: i64) -> Result<i64, StoreError> {
                let mut tx = self.pool.begin_with($begin).await?;
                let failures: i64 = sqlx::query_scalar(
                    "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins",
                )
                .bind(user_id)
                .fetch_one(&mut *tx)
                .await?;
                let lock = lockout_ms(failures);
                let until = if lock > 0 { now + lock } else { 0 };
                sqlx::query("UPDATE users SET locked_until = $2 WHERE id = $1")
                    .bind(user_id)
                    .bind(until)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(until)
            }

            async fn login_succeeded(&self, user_id: i64) -> Result<(), StoreError> {
                sqlx::query("UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = $1 AND failed_logins <> 0")
                    .bind(user_id)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn set_password(
                &self,
                user_id: i64,
                password_hash: &str,
                keep: Option<&[u8]>,
                audit: &Audit,
            ) -> Result<(), StoreError> {
                let mut tx = self.pool.begin_with($begin).await?;
                sqlx::query("UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = 0 WHERE id = $1")
                    .bind(user_id)
                    .bind(password_hash)
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

            async fn create_session(&self, token_hash: &[u8], user_id: i64, now: i64) -> Result<(), StoreError> {
                // Sessions are otherwise deleted only when presented after
                // they ended; this keeps the ones never presented again from
                // piling up.
                sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND (last_seen < $2 OR created_at < $3)")
                    .bind(user_id)
                    .bind(now - $crate::auth::SESSION_IDLE_MS)
                    .bind(now - $crate::auth::SESSION_ABSOLUTE_MS)
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
                let Some(row) = sqlx::query("SELECT user_id, created_at, last_seen FROM sessions WHERE token_hash = $1")
                    .bind(token_hash)
                    .fetch_optional(&self.pool)
                    .await?
                else {
                    return Ok(None);
                };
                let (created, seen): (i64, i64) = (row.get("created_at"), row.get("last_seen"));
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
                Ok(self.user(row.get("user_id")).await?.filter(|u| !u.disabled))
            }

            async fn delete_session(&self, token_hash: &[u8]) -> Result<(), StoreError> {
                sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                    .bind(token_hash)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn create_invite(&self, invite: &NewInviteRow, audit: &Audit) -> Result<InviteRow, StoreError> {
                let mut tx = self.pool.begin_with($begin).await?;
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
                let row = sqlx::query(&format!("{INVITE_SELECT} WHERE i.id = $1"))
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(invite_row(&row))
            }

            async fn invites(&self, organisation: Option<i64>) -> Result<Vec<InviteRow>, StoreError> {
                let rows = sqlx::query(&format!(
                    "{INVITE_SELECT} WHERE ($1 = 0 OR i.organisation_id = $1) ORDER BY i.id DESC LIMIT 500"
                ))
                .bind(organisation.unwrap_or(0))
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.iter().map(invite_row).collect())
            }

            async fn invite(&self, id: i64) -> Result<Option<InviteRow>, StoreError> {
                let row = sqlx::query(&format!("{INVITE_SELECT} WHERE i.id = $1"))
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.as_ref().map(invite_row))
            }

            async fn revoke_invite(&self, id: i64, audit: &Audit) -> Result<bool, StoreError> {
                let mut tx = self.pool.begin_with($begin).await?;
                let done = sqlx::query("UPDATE invites SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
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

            async fn redeem_invite(&self, code_hash: &[u8], token_hash: &[u8], now: i64) -> Result<Redeemed, StoreError> {
                let mut tx = self.pool.begin_with($begin).await?;
                let Some(invite) = sqlx::query(&format!("{INVITE_SELECT} WHERE i.code_hash = $1"))
                    .bind(code_hash)
                    .fetch_optional(&mut *tx)
                    .await?
                    .as_ref()
                    .map(invite_row)
                else {
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
                let used = sqlx::query("UPDATE invites SET uses = uses + 1 WHERE id = $1 AND uses < max_uses")
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
                let Some(device) = device else { return Err(StoreError::Conflict) };
                tx.commit().await?;
                Ok(Redeemed::Joined(device))
            }

            async fn device_by_token(&self, token_hash: &[u8], now: i64) -> Result<Option<DeviceRow>, StoreError> {
                let row = sqlx::query(&format!("{DEVICE_SELECT} WHERE d.token_hash = $1"))
                    .bind(token_hash)
                    .fetch_optional(&self.pool)
                    .await?;
                let device = row.as_ref().map(device_row);
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
                let rows = sqlx::query(&format!(
                    "{DEVICE_SELECT} WHERE ($1 = 0 OR d.organisation_id = $1) ORDER BY d.id DESC LIMIT 2000"
                ))
                .bind(organisation.unwrap_or(0))
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.iter().map(device_row).collect())
            }

            async fn device(&self, id: i64) -> Result<Option<DeviceRow>, StoreError> {
                let row = sqlx::query(&format!("{DEVICE_SELECT} WHERE d.id = $1"))
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.as_ref().map(device_row))
            }

            async fn revoke_device(&self, id: i64, audit: &Audit) -> Result<bool, StoreError> {
                let mut tx = self.pool.begin_with($begin).await?;
                let done = sqlx::query("UPDATE devices SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
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

            async fn report_owners(&self, ids: &[Uuid]) -> Result<Vec<$crate::store::accounts::ReportOwner>, StoreError> {
                let mut out = Vec::new();
                for chunk in ids.chunks(900) {
                    let mut q = sqlx::QueryBuilder::<$db>::new("SELECT id, device_id, content_hash FROM reports WHERE id IN (");
                    let mut list = q.separated(", ");
                    for id in chunk {
                        list.push_bind(id.to_string());
                    }
                    q.push(")");
                    for row in q.build().fetch_all(&self.pool).await? {
                        out.push($crate::store::accounts::ReportOwner {
                            id: parse_uuid(row.get("id")),
                            device_id: row.get("device_id"),
                            content_hash: row.get("content_hash"),
                        });
                    }
                }
                Ok(out)
            }

            async fn report_access(&self, id: Uuid) -> Result<Option<ReportAccess>, StoreError> {
                let sql = format!(
                    "SELECT r.device_id, r.case_id, {} AS province, {} AS regency, d.organisation_id \
                     FROM reports r LEFT JOIN devices d ON d.id = r.device_id WHERE r.id = $1",
                    CASE_PROVINCE.replace("{case}", "r.case_id"),
                    CASE_REGENCY.replace("{case}", "r.case_id"),
                );
                let row = sqlx::query(&sql).bind(id.to_string()).fetch_optional(&self.pool).await?;
                Ok(row.map(|row| ReportAccess {
                    device_id: row.get("device_id"),
                    case_id: row.get("case_id"),
                    province: row.get("province"),
                    regency: row.get("regency"),
                    organisation_id: row.get("organisation_id"),
                }))
            }

            async fn case_region(&self, case_id: i64) -> Result<Option<(String, String)>, StoreError> {
                let row = sqlx::query(
                    "SELECT province, regency FROM reports WHERE case_id = $1 ORDER BY received_at, id LIMIT 1",
                )
                .bind(case_id)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(|r| (r.get("province"), r.get("regency"))))
            }

            async fn evidence_regions(&self, sha256: &str) -> Result<Vec<(String, String)>, StoreError> {
                let sql = format!(
                    "SELECT {} AS province, {} AS regency FROM report_keys k JOIN reports r ON r.id = k.report_id \
                     WHERE k.key = $1",
                    CASE_PROVINCE.replace("{case}", "r.case_id"),
                    CASE_REGENCY.replace("{case}", "r.case_id"),
                );
                let rows = sqlx::query(&sql)
                    .bind(format!("photo:{sha256}"))
                    .fetch_all(&self.pool)
                    .await?;
                Ok(rows.iter().map(|r| (r.get("province"), r.get("regency"))).collect())
            }

            async fn open_reporter(&self, report_id: Uuid, audit: &Audit) -> Result<Option<ReporterIdentity>, StoreError> {
                let mut tx = self.pool.begin_with($begin).await?;
                let Some(row) = sqlx::query("SELECT name, contact, address FROM reporters WHERE report_id = $1")
                    .bind(report_id.to_string())
                    .fetch_optional(&mut *tx)
                    .await?
                else {
                    return Ok(None);
                };
                write_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(Some(ReporterIdentity {
                    report_id,
                    name: row.get("name"),
                    contact: row.get("contact"),
                    address: row.get("address"),
                }))
            }

            async fn audit(&self, audit: &Audit) -> Result<(), StoreError> {
                let mut tx = self.pool.begin().await?;
                write_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn audit_page(&self, limit: u32, offset: u32) -> Result<(Vec<AuditRow>, u64), StoreError> {
                let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log").fetch_one(&self.pool).await?;
                let rows = sqlx::query(
                    "SELECT id, at, actor_id, actor_username, action, target, details FROM audit_log \
                     ORDER BY id DESC LIMIT $1 OFFSET $2",
                )
                .bind(i64::from(limit))
                .bind(i64::from(offset))
                .fetch_all(&self.pool)
                .await?;
                let entries = rows
                    .iter()
                    .map(|r| AuditRow {
                        id: r.get("id"),
                        at: r.get("at"),
                        actor_id: r.get("actor_id"),
                        actor_username: r.get("actor_username"),
                        action: r.get("action"),
                        target: r.get("target"),
                        details: r.get("details"),
                    })
                    .collect();
                Ok((entries, total as u64))
            }
        }
    };
}

pub(crate) use impl_account_store;
