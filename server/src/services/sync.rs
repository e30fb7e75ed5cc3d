//! One batch of reports from JSON to answers: the path shared by
//! `POST /api/v1/sync` and `netral import`, so a report imported from a
//! phone's backup is judged and stored exactly as if the phone had synced it.

use std::collections::HashMap;

use netral_shared::sync::{Outcome, ReportResult};
use netral_shared::{Problem, ProblemCode};
use time::Date;

use crate::services::intake;
use crate::store::Incoming;
use crate::store::{BatchStats, Store, StoreError};

/// Validates every report (Ready level), stores the valid ones in one
/// transaction and returns one result per report, in order. `device` is the
/// sending device (`None` for an admin's import): its reports are marked as
/// its own, and reports another device sent first are refused.
pub async fn store_reports(
    store: &dyn Store,
    raw_reports: &[&str],
    today: Date,
    device: Option<i64>,
) -> Result<(Vec<ReportResult>, BatchStats), StoreError> {
    // Validate everything first; only valid reports reach the transaction,
    // so one bad report never fails the others.
    let mut parsed: Vec<_> = raw_reports
        .iter()
        .map(|raw| intake::parse(raw, today))
        .collect();
    if let Some(device) = device {
        refuse_others_reports(store, device, &mut parsed).await?;
    }
    let valid: Vec<_> = parsed
        .iter()
        .filter_map(|p| p.as_ref().ok())
        .cloned()
        .collect();
    let (outcomes, stats) = store
        .sync_batch_stats(&valid, crate::services::grouping::plan)
        .await?;
    let mut outcomes = outcomes.into_iter();
    let results = parsed
        .into_iter()
        .map(|p| match p {
            Ok(incoming) => ReportResult {
                id: Some(incoming.id),
                revision: incoming.revision,
                outcome: outcomes.next().expect("one outcome per stored report"),
                problems: incoming.warnings,
            },
            Err(rejected) => rejected,
        })
        .collect();
    Ok((results, stats))
}

/// Marks each report as this device's, and rejects those another device
/// sent first: a device may only change its own reports. An identical copy
/// from another device (a backup moved to a new phone, then the old phone
/// finds signal) changes nothing and passes as the replay it is. The owner
/// is set once, when a report is first stored, so reading it before the
/// batch's transaction is safe. Reports from before accounts, or imported by
/// an admin (no owner), are claimed by the first device that sends them.
pub async fn refuse_others_reports(
    store: &dyn Store,
    device: i64,
    parsed: &mut [Result<Incoming, ReportResult>],
) -> Result<(), StoreError> {
    let ids: Vec<_> = parsed.iter().flatten().map(|r| r.id).collect();
    let owners: HashMap<_, _> = store
        .report_owners(&ids)
        .await?
        .into_iter()
        .filter(|o| o.device_id.is_some_and(|d| d != device))
        .map(|o| (o.id, o.content_hash))
        .collect();
    for p in parsed.iter_mut() {
        if let Ok(r) = p {
            match owners.get(&r.id) {
                None => r.device_id = Some(device),
                Some(hash) if hash.as_slice() == r.content_hash.as_slice() => {}
                Some(_) => {
                    *p = Err(ReportResult {
                        id: Some(r.id),
                        revision: r.revision,
                        outcome: Outcome::Rejected,
                        problems: vec![Problem::new("id", ProblemCode::OtherDevice)],
                    });
                }
            }
        }
    }
    Ok(())
}

/// Stores already validated reports, grouped into cases (imports,
/// benchmarks and tests, which have no device to check).
pub async fn store_batch(
    store: &dyn Store,
    batch: &[Incoming],
) -> Result<Vec<Outcome>, StoreError> {
    Ok(store
        .sync_batch_stats(batch, crate::services::grouping::plan)
        .await?
        .0)
}
