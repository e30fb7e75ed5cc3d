//! One batch of reports from JSON to answers: the path shared by
//! `POST /api/v1/sync` and `netral import`, so a report imported from a
//! phone's backup is judged and stored exactly as if the phone had synced it.

use netral_shared::sync::ReportResult;
use time::Date;

use crate::ingest;
use crate::store::{BatchStats, Store, StoreError};

/// Validates every report (Ready level), stores the valid ones in one
/// transaction and returns one result per report, in order.
pub async fn store_reports(
    store: &dyn Store,
    raw_reports: &[&str],
    today: Date,
) -> Result<(Vec<ReportResult>, BatchStats), StoreError> {
    // Validate everything first; only valid reports reach the transaction,
    // so one bad report never fails the others.
    let parsed: Vec<_> = raw_reports
        .iter()
        .map(|raw| ingest::parse(raw, today))
        .collect();
    let valid: Vec<_> = parsed
        .iter()
        .filter_map(|p| p.as_ref().ok())
        .cloned()
        .collect();
    let (outcomes, stats) = store.sync_batch_stats(&valid).await?;
    let mut outcomes = outcomes.into_iter();
    let results = parsed
        .into_iter()
        .map(|p| match p {
            Ok(incoming) => ReportResult {
                id: Some(incoming.id),
                revision: incoming.revision,
                outcome: outcomes.next().expect("one outcome per stored report"),
                problems: Vec::new(),
            },
            Err(rejected) => rejected,
        })
        .collect();
    Ok((results, stats))
}
