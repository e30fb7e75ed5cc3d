//! Invite codes: made by a coordinator (or `netral admin invite`), stored
//! only as a keyed hash.

use crate::keys::Keys;
use crate::services::ServiceError;
use crate::services::credentials::{self, secret_hash};
use crate::store::Store;
use crate::store::accounts::{InviteRow, NewInviteRow};
use crate::store::audit::Audit;
use crate::store::now_ms;

/// Makes and stores an invite (also used by `netral admin invite`).
pub async fn create_invite(
    store: &dyn Store,
    keys: &Keys,
    organisation_id: i64,
    scopes: Vec<String>,
    hours: u32,
    max_uses: u32,
    audit: Audit,
) -> Result<(String, InviteRow), ServiceError> {
    let created_by = audit.actor.id;
    let code = credentials::new_invite_code();
    let audit = audit.details(serde_json::json!({
        "organisation_id": organisation_id,
        "scopes": scopes,
        "max_uses": max_uses,
        "expires_in_hours": hours,
    }));
    let invite = store
        .create_invite(
            &NewInviteRow {
                code_hash: secret_hash(keys, &code),
                organisation_id,
                scopes,
                created_by,
                expires_at: now_ms() + i64::from(hours) * 3600 * 1000,
                max_uses: i64::from(max_uses),
            },
            &audit,
        )
        .await?;
    Ok((code, invite))
}
