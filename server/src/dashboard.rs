//! The dashboard's reads and the workflow's writes, between the routes and
//! the store: catching the per-replica fact index up with the database, and
//! the wire forms of timeline entries and formal gaps.

use netral_shared::cases::{CaseEvent, FormalGap};
use netral_shared::report::Report;
use netral_shared::workflow::{CaseAction, CaseStatus};
use serde_json::{Value, json};
use tokio::sync::MutexGuard;

use crate::facts::FactIndex;
use crate::routes::AppState;
use crate::store::{StoreError, format_ms};

/// The index, brought up to date with every case write committed before
/// this call. Writes happen on any replica, so each read asks the database
/// what changed since the index's cursor: one indexed query when nothing did.
pub async fn caught_up(state: &AppState) -> Result<MutexGuard<'_, FactIndex>, StoreError> {
    let mut index = state.facts.lock().await;
    let (facts, removed, cursor) = state.store.case_facts_since(index.cursor).await?;
    for id in removed {
        index.remove(id);
    }
    for fact in facts {
        index.upsert(fact);
    }
    index.cursor = cursor;
    Ok(index)
}

/// Loads the index in the background when the server starts: the first
/// load reads every case (about 20 s for a million reports on SQLite), which
/// should not be the first coordinator's wait. A failure is left to the
/// first read, which catches up anyway.
pub fn warm_up(state: AppState) {
    tokio::spawn(async move {
        if let Ok(index) = caught_up(&state).await {
            tracing::debug!(cases = index.len(), "dashboard index loaded");
        }
    });
}

/// The action's code, as in `CaseStatus::next_steps`.
pub fn action_code(action: &CaseAction) -> &'static str {
    match action {
        CaseAction::Verify => "verify",
        CaseAction::Reject { .. } => "reject",
        CaseAction::Forward { .. } => "forward",
        CaseAction::FollowUp { .. } => "follow_up",
        CaseAction::Close => "close",
        CaseAction::Reopen => "reopen",
    }
}

/// A timeline entry's stored details, copied into the audit log. Codes
/// only: a rejection's note and a follow-up's text are free text that may
/// name people, so they go to the event's own `note` (see [`event_note`]),
/// which lives and dies with the case, and never to the audit log, which is
/// kept for years. Reference numbers are the agencies' own and name nobody.
pub fn event_details(action: &CaseAction, from: CaseStatus, to: CaseStatus) -> Value {
    let mut details = json!({ "from": from.code(), "to": to.code() });
    match action {
        CaseAction::Reject { reason, .. } => {
            details["reason"] = reason.code().into();
        }
        CaseAction::Forward { targets } => {
            details["agencies"] = targets.iter().map(|t| t.agency.code()).collect();
            details["references"] = targets.iter().map(|t| t.reference.as_str()).collect();
        }
        _ => {}
    }
    details
}

/// The free text an action carries, for the timeline only.
pub fn event_note(action: &CaseAction) -> &str {
    match action {
        CaseAction::Reject { note, .. } => note.trim(),
        CaseAction::FollowUp { outcome } => outcome.trim(),
        _ => "",
    }
}

pub fn event_from_row(
    at: i64,
    actor: String,
    action: String,
    details: String,
    note: String,
) -> CaseEvent {
    let details: Value = serde_json::from_str(&details).unwrap_or_default();
    let text = |k: &str| details[k].as_str().unwrap_or_default().to_owned();
    let list = |k: &str| -> Vec<String> {
        details[k]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    CaseEvent {
        at: format_ms(at),
        actor,
        action,
        from_status: text("from"),
        to_status: text("to"),
        reason: details["reason"].as_str().map(str::to_owned),
        agencies: list("agencies"),
        note,
        other_case: details["other_case_id"]
            .as_i64()
            .or(details["new_case_id"].as_i64()),
        fields: list("fields"),
    }
}

/// What a formal filing still lacks, from a stored report body. The body
/// holds no reporter (stored apart), so whether a contact exists is passed
/// in: the checklist says "contact missing", never the contact.
pub fn formal_gaps(body: &str, has_contact: bool) -> Vec<FormalGap> {
    let Ok(mut report) = serde_json::from_str::<Report>(body) else {
        return Vec::new();
    };
    if has_contact {
        report.reporter.contact = "(ada)".to_owned();
    }
    netral_shared::validate::formal_missing(&report)
        .into_iter()
        .map(|(field, label)| FormalGap {
            field: field.to_owned(),
            label: label.into(),
        })
        .collect()
}
