//! The outbox: every report the volunteer queued goes to the server in one
//! batch; each report's state changes only on the server's answer for it.
//! A failed or lost request changes nothing, so the next attempt simply
//! sends the same reports again, and the server takes a replay as a replay.
//! A report's photos go first; they are addressed by their SHA-256, so
//! sending one again is harmless.

use std::cell::{Cell, RefCell};
use std::collections::HashSet;

use gloo_storage::{LocalStorage, Storage};
use netral_shared::ErrorCode;
use netral_shared::report::Report;
use netral_shared::sync::{
    API_PREFIX, ErrorBody, MAX_BATCH, Outcome, StatusRequest, StatusResponse, SyncRequest,
    SyncResponse,
};
use netral_shared::{Problem, ProblemCode};

use crate::http::{post_json, request};
use crate::local::{SendState, ServerState};
use crate::{device, idb};

thread_local! {
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    /// Photos the server confirmed during this session: not asked about again.
    static UPLOADED: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub accepted: usize,
    pub replayed: usize,
    pub rejected: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SyncError {
    /// No connection to the server (offline, or the server is down).
    Offline,
    /// The server answered with an error for the whole batch.
    Server(ErrorBody),
    /// Local storage failed.
    Storage(String),
    /// Another sync is already running.
    Busy,
    /// Reports wait, but this device has not joined (or was revoked): it
    /// needs an invite code first. Retrying without one is pointless.
    NotJoined,
}

/// Sends everything queued. Safe to call at any time and as often as liked.
pub async fn send_outbox() -> Result<Summary, SyncError> {
    if RUNNING.with(|r| r.replace(true)) {
        return Err(SyncError::Busy);
    }
    let mut result = send_all().await;
    // What coordinators did with what was sent (merged, verified, forwarded).
    if result.is_ok()
        && let Err(e) = pull_status().await
    {
        result = Err(e);
    }
    RUNNING.with(|r| r.set(false));
    result
}

pub const CURSOR_KEY: &str = "netral.status_cursor";

/// Asks the server where this device's sent reports stand, for what changed
/// since the last pull, and keeps the answer with each report.
async fn pull_status() -> Result<(), SyncError> {
    let sent: Vec<_> = idb::all_reports()
        .await
        .map_err(SyncError::Storage)?
        .into_iter()
        .filter(|l| matches!(l.send, SendState::Sent { .. }))
        .collect();
    if sent.is_empty() {
        return Ok(());
    }
    let Some(token) = device::token() else {
        return Ok(());
    };
    let since: i64 = LocalStorage::get(CURSOR_KEY).unwrap_or(0);
    let mut cursor = since;
    for chunk in sent.chunks(MAX_BATCH) {
        let request = StatusRequest {
            ids: chunk.iter().map(|l| l.report.id).collect(),
            since,
        };
        let body =
            serde_json::to_string(&request).map_err(|e| SyncError::Storage(e.to_string()))?;
        let (status, text) =
            post_json(&format!("{API_PREFIX}/reports/status"), &body, Some(&token))
                .await
                .map_err(|_| SyncError::Offline)?;
        if status != 200 {
            return Err(refusal(status, &text));
        }
        let response: StatusResponse =
            serde_json::from_str(&text).map_err(|_| SyncError::Offline)?;
        for s in response.reports {
            let server = ServerState {
                case_id: s.case_id,
                case_status: s.case_status,
                case_reports: s.case_reports,
                forwarded_to: s.forwarded_to,
            };
            idb::update_report(&s.id.to_string(), &mut |local| {
                let mut local = local?;
                local.server = Some(server.clone());
                Some(local)
            })
            .await
            .map_err(SyncError::Storage)?;
        }
        cursor = cursor.max(response.cursor);
    }
    // Not after "Hapus data perangkat" (the token went with it): the
    // cursor must start again from zero for a device that joins anew.
    if device::token().is_some() {
        let _ = LocalStorage::set(CURSOR_KEY, cursor);
    }
    Ok(())
}

async fn send_all() -> Result<Summary, SyncError> {
    let mut summary = Summary::default();
    loop {
        let mut queued: Vec<_> = idb::all_reports()
            .await
            .map_err(SyncError::Storage)?
            .into_iter()
            .filter(|l| l.send == SendState::Queued)
            .collect();
        if queued.is_empty() {
            return Ok(summary);
        }
        queued.truncate(MAX_BATCH);
        let Some(token) = device::token() else {
            return Err(SyncError::NotJoined);
        };
        let refused = upload_photos(&queued, &token).await?;
        for (id, problems) in refused {
            let Some(sent) = queued.iter().find(|l| l.id == id) else {
                continue;
            };
            let report = sent.report.clone();
            let stored = idb::update_report(&id, &mut |local| {
                let mut local = local.filter(|l| l.report == report)?;
                local.send = SendState::Rejected {
                    problems: problems.clone(),
                };
                Some(local)
            })
            .await
            .map_err(SyncError::Storage)?;
            if stored.is_some_and(|l| matches!(l.send, SendState::Rejected { .. })) {
                summary.rejected += 1;
            }
            queued.retain(|l| l.id != id);
        }
        // What goes out is what is stored at the moment its revision is
        // marked as attempted: an edit saved after that gets a higher one.
        let mut batch = Vec::with_capacity(queued.len());
        for local in queued {
            let stored = idb::update_report(&local.id, &mut |l| {
                let mut l = l.filter(|l| l.send == SendState::Queued)?;
                l.attempted_revision = l.attempted_revision.max(l.report.revision);
                Some(l)
            })
            .await
            .map_err(SyncError::Storage)?;
            batch.extend(stored.filter(|l| l.send == SendState::Queued));
        }
        if batch.is_empty() {
            continue;
        }
        let reports: Vec<&Report> = batch.iter().map(|l| &l.report).collect();
        let response = post_batch(&SyncRequest { reports }, &token).await?;

        for result in response.results {
            let Some(id) = result.id else { continue };
            let Some(sent) = batch.iter().find(|l| l.report.id == id) else {
                continue;
            };
            let mut counted = None;
            idb::update_report(&sent.id, &mut |local| {
                let mut local = local?;
                // Edited while the request was on its way: the answer is
                // about a copy the device no longer holds. The edit carries
                // a higher revision already and goes out next.
                if local.send != SendState::Queued || local.report != sent.report {
                    return None;
                }
                local.send = match result.outcome {
                    Outcome::Rejected => SendState::Rejected {
                        problems: result.problems.clone(),
                    },
                    outcome => SendState::Sent {
                        outcome,
                        at: js_sys::Date::now(),
                    },
                };
                counted = Some(result.outcome);
                Some(local)
            })
            .await
            .map_err(SyncError::Storage)?;
            match counted {
                Some(Outcome::Accepted) => summary.accepted += 1,
                Some(Outcome::Rejected) => summary.rejected += 1,
                Some(_) => summary.replayed += 1,
                None => {}
            }
        }
    }
}

async fn post_batch(
    request: &SyncRequest<&Report>,
    token: &str,
) -> Result<SyncResponse, SyncError> {
    let body = serde_json::to_string(request).map_err(|e| SyncError::Storage(e.to_string()))?;
    let (status, text) = post_json(&format!("{API_PREFIX}/sync"), &body, Some(token))
        .await
        .map_err(|_| SyncError::Offline)?;
    if status == 200 {
        return serde_json::from_str(&text).map_err(|_| SyncError::Offline);
    }
    Err(refusal(status, &text))
}

/// What a non-success answer means for the outbox. A revoked device is
/// remembered, so the app stops retrying and says why; a token the server
/// does not know (its database was reset) is dropped, so the volunteer can
/// join again.
fn refusal(status: u16, text: &str) -> SyncError {
    match serde_json::from_str::<ErrorBody>(text) {
        Ok(err) if status == 401 && err.code == ErrorCode::DeviceRevoked => {
            device::mark_revoked();
            SyncError::Server(err)
        }
        Ok(_) if status == 401 => {
            device::forget();
            SyncError::NotJoined
        }
        Ok(err) => SyncError::Server(err),
        // Not our JSON: a proxy or captive portal answered, not the server.
        Err(_) => SyncError::Offline,
    }
}

/// Makes sure the server has every photo of these reports. Returns, per
/// report, the photos that cannot be sent (missing on the device, or refused
/// by the server); those reports are not sent. A network failure aborts the
/// whole attempt, to be retried later.
async fn upload_photos(
    reports: &[crate::local::LocalReport],
    token: &str,
) -> Result<Vec<(String, Vec<Problem>)>, SyncError> {
    let mut refused = Vec::new();
    for local in reports {
        let mut problems = Vec::new();
        for (i, photo) in local.report.photos.iter().enumerate() {
            if UPLOADED.with(|u| u.borrow().contains(&photo.sha256)) {
                continue;
            }
            let url = format!("{API_PREFIX}/evidence/{}", photo.sha256);
            let (status, text) = request("HEAD", &url, None, Some(token))
                .await
                .map_err(|_| SyncError::Offline)?;
            if status == 401 || status == 403 {
                return Err(refusal(status, &text));
            }
            if status != 200 {
                let Some(blob) = idb::get_photo(&photo.sha256)
                    .await
                    .map_err(SyncError::Storage)?
                else {
                    problems.push(Problem::new(
                        format!("photos.{i}"),
                        ProblemCode::PhotoMissing,
                    ));
                    continue;
                };
                let (status, text) = request("PUT", &url, Some((&blob, "image/jpeg")), Some(token))
                    .await
                    .map_err(|_| SyncError::Offline)?;
                match status {
                    200 | 201 => {}
                    401 | 403 => return Err(refusal(status, &text)),
                    413 | 415 | 422 => {
                        problems.push(Problem::new(
                            format!("photos.{i}"),
                            ProblemCode::PhotoRefused,
                        ));
                        continue;
                    }
                    _ => return Err(SyncError::Offline),
                }
            }
            UPLOADED.with(|u| u.borrow_mut().insert(photo.sha256.clone()));
        }
        if !problems.is_empty() {
            refused.push((local.id.clone(), problems));
        }
    }
    Ok(refused)
}

/// Problems the server reported for fields, if the report was rejected.
pub fn server_problems(state: &SendState) -> &[Problem] {
    match state {
        SendState::Rejected { problems } => problems,
        _ => &[],
    }
}
