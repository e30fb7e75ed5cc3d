//! Audit entries: who changed or opened what. Built by a service in one
//! line and handed to the store method that makes the change, which writes
//! it in the same transaction: a change is never without its entry, and an
//! entry never without its change.
//!
//! `details` carries ids and codes only: the audit log is read by admins and
//! kept for years, so it must not become a second copy of personal data.

use netral_shared::accounts::AuditAction;
use serde_json::Value;

/// Who acted: a signed-in person, or the command line on the server.
#[derive(Clone, Debug)]
pub struct Actor {
    pub id: Option<i64>,
    pub username: String,
}

impl Actor {
    pub fn cli() -> Actor {
        Actor {
            id: None,
            username: "(cli)".to_owned(),
        }
    }

    /// Automatic grouping, in the sync that caused it.
    pub fn grouping() -> Actor {
        Actor {
            id: None,
            username: "(otomatis)".to_owned(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Audit {
    pub actor: Actor,
    pub action: AuditAction,
    /// `kind:id`, e.g. `case:12`.
    pub target: String,
    pub details: Value,
}

impl Audit {
    pub fn by(actor: Actor, action: AuditAction, target: impl Into<String>) -> Audit {
        Audit {
            actor,
            action,
            target: target.into(),
            details: Value::Object(Default::default()),
        }
    }

    pub fn details(mut self, details: Value) -> Audit {
        self.details = details;
        self
    }
}
