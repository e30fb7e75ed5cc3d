//! Reporters' identities at rest: the name, contact and address and the
//! witnesses are one value sealed with the server secret (`crate::keys`),
//! stored in `reporters.sealed`; nothing of them is in the database in
//! plain text. Also the start-up steps that bring a database written before
//! migration 0005 up to that: adopting the server secret (keyed token
//! hashes) and sealing identities still in plain text.

use netral_shared::report::Report;
use serde::{Deserialize, Serialize};

use super::db::{Backend, SqlStore};
use super::{StoreError, now_ms};
use crate::keys::Keys;

/// What is sealed for one report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Identity {
    pub name: String,
    pub contact: String,
    pub address: String,
    pub witnesses: String,
}

impl Identity {
    pub fn seal(&self, keys: &Keys, report_id: &str) -> Vec<u8> {
        let json = serde_json::to_vec(self).expect("an identity serialises");
        keys.seal(&json, &aad(report_id))
    }

    pub fn open(keys: &Keys, report_id: &str, sealed: &[u8]) -> Result<Identity, StoreError> {
        keys.open(sealed, &aad(report_id))
            .and_then(|json| serde_json::from_slice(&json).ok())
            .ok_or_else(|| StoreError::Unsealable(report_id.to_owned()))
    }
}

/// Binds a sealed identity to its report: moved to another row, it does
/// not open.
fn aad(report_id: &str) -> Vec<u8> {
    format!("netral/reporter/{report_id}").into_bytes()
}

/// How many witnesses a report names: its non-empty lines or `;`-separated
/// parts ("Budi, 0812…; Ani, 0813…" is two). What coordinators see without
/// opening the identity.
pub fn witness_count(witnesses: &str) -> i64 {
    witnesses
        .split(['\n', ';'])
        .filter(|w| !w.trim().is_empty())
        .count() as i64
}

/// A stored finding without its witnesses: parsed and written again in
/// the canonical form the sync path writes (witnesses empty).
fn strip_witnesses(body: &str) -> Option<String> {
    let mut report: Report = serde_json::from_str(body).ok()?;
    if report.witnesses.is_empty() {
        return None;
    }
    report.witnesses.clear();
    Some(serde_json::to_string(&report).expect("a report always serialises"))
}

#[derive(sqlx::FromRow)]
struct PlainRow {
    report_id: String,
    name: String,
    contact: String,
    address: String,
    body: String,
}

impl SqlStore {
    /// On the first start after migration 0005, records which secret this
    /// database belongs to and turns the plain SHA-256 hashes of sessions,
    /// device tokens and invite codes into keyed ones (HMAC of the SHA-256),
    /// in one transaction, so signed-in people and joined phones keep
    /// working. Later starts refuse another secret.
    pub(super) async fn adopt_key(&self) -> Result<(), StoreError> {
        let check = self.keys.check_value();
        let mut tx = self.begin().await?;
        let adopted = sqlx::query(
            "INSERT INTO server_key (id, key_check, created_at) VALUES (1, $1, $2) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(&check)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !adopted {
            let stored: Vec<u8> = sqlx::query_scalar("SELECT key_check FROM server_key")
                .fetch_one(&mut *tx)
                .await?;
            if stored != check {
                return Err(StoreError::WrongKey);
            }
            return Ok(());
        }
        for (table, column) in [
            ("sessions", "token_hash"),
            ("devices", "token_hash"),
            ("invites", "code_hash"),
        ] {
            let old: Vec<Vec<u8>> = sqlx::query_scalar(&format!("SELECT {column} FROM {table}"))
                .fetch_all(&mut *tx)
                .await?;
            for hash in old {
                sqlx::query(&format!(
                    "UPDATE {table} SET {column} = $1 WHERE {column} = $2"
                ))
                .bind(self.keys.rekey_legacy_hash(&hash))
                .bind(&hash)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Seals every identity still in plain text (written before migration
    /// 0005, or by an older replica), empties its plain columns and removes
    /// the witnesses from every stored version of its finding; a few
    /// hundred reports per transaction. On SQLite the WAL is then
    /// truncated, so the plain text is in neither file (freed space is
    /// zeroed: `secure_delete`).
    pub(super) async fn seal_plain_identities(&self) -> Result<u64, StoreError> {
        let mut sealed = 0;
        loop {
            let mut tx = self.begin().await?;
            let rows: Vec<PlainRow> = sqlx::query_as(
                "SELECT p.report_id, p.name, p.contact, p.address, v.body \
                 FROM reporters p JOIN reports r ON r.id = p.report_id \
                 JOIN report_versions v ON v.report_id = r.id AND v.revision = r.revision \
                 WHERE p.sealed IS NULL LIMIT 200",
            )
            .fetch_all(&mut *tx)
            .await?;
            if rows.is_empty() {
                break;
            }
            for row in &rows {
                let witnesses = serde_json::from_str::<Report>(&row.body)
                    .map(|r| r.witnesses)
                    .unwrap_or_default();
                let identity = Identity {
                    name: row.name.clone(),
                    contact: row.contact.clone(),
                    address: row.address.clone(),
                    witnesses,
                };
                sqlx::query(
                    "UPDATE reporters SET sealed = $2, has_contact = $3, witnesses = $4, \
                     name = '', contact = '', address = '' WHERE report_id = $1",
                )
                .bind(&row.report_id)
                .bind(identity.seal(&self.keys, &row.report_id))
                .bind(i64::from(!identity.contact.trim().is_empty()))
                .bind(witness_count(&identity.witnesses))
                .execute(&mut *tx)
                .await?;
                let versions: Vec<(i64, String)> = sqlx::query_as(
                    "SELECT revision, body FROM report_versions WHERE report_id = $1",
                )
                .bind(&row.report_id)
                .fetch_all(&mut *tx)
                .await?;
                for (revision, body) in versions {
                    if let Some(stripped) = strip_witnesses(&body) {
                        sqlx::query(
                            "UPDATE report_versions SET body = $3 \
                             WHERE report_id = $1 AND revision = $2",
                        )
                        .bind(&row.report_id)
                        .bind(revision)
                        .bind(stripped)
                        .execute(&mut *tx)
                        .await?;
                    }
                }
            }
            tx.commit().await?;
            sealed += rows.len() as u64;
        }
        if sealed > 0 {
            tracing::info!(
                reports = sealed,
                "sealed reporters' identities stored in plain text"
            );
            if self.backend() == Backend::Sqlite {
                sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                    .execute(&self.pool)
                    .await?;
            }
        }
        Ok(sealed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn witnesses_are_counted_by_line_or_semicolon() {
        assert_eq!(witness_count(""), 0);
        assert_eq!(witness_count("  "), 0);
        assert_eq!(witness_count("Budi (0812)"), 1);
        assert_eq!(witness_count("Budi, 0812; Ani, 0813"), 2);
        assert_eq!(witness_count("Budi\nAni\n\nCici"), 3);
    }
}
