//! The outbox's rules, apart from the browser. Every report the volunteer
//! queued goes to the server in batches; each report's state changes only on
//! the server's answer for it. A failed or lost request changes nothing, so
//! the next attempt simply sends the same reports again, and the server takes
//! a replay as a replay. A report's photos go first; they are addressed by
//! their SHA-256, so sending one again is harmless.
//!
//! IndexedDB, `fetch`, the device's membership and the clock come in through
//! the seams [`Store`], [`Api`], [`Device`] and `now`: `sync.rs` plugs in the
//! browser's, the tests below memory and a scripted server, so these rules
//! run on the host (`cargo test -p netral-app --lib`). Each seam has one
//! implementation in the WASM, so the generics cost nothing there.

use std::cell::{Cell, RefCell};
use std::collections::HashSet;

use netral_shared::ErrorCode;
use netral_shared::report::Report;
use netral_shared::sync::{
    API_PREFIX, ErrorBody, MAX_BATCH, Outcome, ReportResult, StatusRequest, StatusResponse,
    SyncRequest, SyncResponse, retry_delay_ms,
};
use netral_shared::{Problem, ProblemCode};
use uuid::Uuid;

use crate::local::{LocalReport, SendState, ServerState};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub accepted: usize,
    pub replayed: usize,
    pub rejected: usize,
}

impl Summary {
    fn count(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Accepted => self.accepted += 1,
            Outcome::Rejected => self.rejected += 1,
            Outcome::Replayed | Outcome::Stale => self.replayed += 1,
        }
    }
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

/// The device's reports and photos (IndexedDB in the browser). The
/// methods hand back the storage's own futures: a wrapping `async fn` would
/// add a state machine per method to the WASM.
pub trait Store {
    /// A photo's bytes as the device keeps them (a Blob in the browser).
    type Photo;
    fn reports(&self) -> impl Future<Output = Result<Vec<LocalReport>, String>>;
    /// Reads a report, lets `change` decide what to store, and writes that,
    /// with nothing written in between (see `idb::update_report`). `change`
    /// gets `None` for a report that is not there, and returns `None` to
    /// leave the record as it is. Returns what is stored afterwards.
    fn update(
        &self,
        id: &str,
        change: &mut dyn FnMut(Option<LocalReport>) -> Option<LocalReport>,
    ) -> impl Future<Output = Result<Option<LocalReport>, String>>;
    fn photo(&self, sha256: &str) -> impl Future<Output = Result<Option<Self::Photo>, String>>;
}

/// The Netral API (`fetch` in the browser). Any answer, error or not, is
/// `Ok((status, body))`, for the outbox to read; `Err` means that no server
/// answered (offline, the connection dropped), whatever the reason.
pub trait Api {
    type Photo;
    type NoAnswer;
    fn post_json(
        &self,
        url: &str,
        body: &str,
        token: &str,
    ) -> impl Future<Output = Result<(u16, String), Self::NoAnswer>>;
    fn head(
        &self,
        url: &str,
        token: &str,
    ) -> impl Future<Output = Result<(u16, String), Self::NoAnswer>>;
    fn put_photo(
        &self,
        url: &str,
        photo: &Self::Photo,
        token: &str,
    ) -> impl Future<Output = Result<(u16, String), Self::NoAnswer>>;
}

/// This device's membership and status cursor (local storage in the browser).
pub trait Device {
    /// The token to send, if this device has joined and was not revoked.
    fn token(&self) -> Option<String>;
    /// The server said a coordinator revoked this device.
    fn mark_revoked(&self);
    /// The server does not know the token (its database was reset).
    fn forget(&self);
    /// Where the last status pull ended (0 before the first).
    fn cursor(&self) -> i64;
    fn set_cursor(&self, cursor: i64);
}

/// One sync at a time per tab, without losing a request. A sync asked for
/// while another runs may come after that one read the outbox (a report
/// queued a moment too late for it), so the running one goes round again
/// instead of the request waiting for the next minute's timer.
#[derive(Debug, Default)]
pub struct Gate {
    running: Cell<bool>,
    again: Cell<bool>,
}

impl Gate {
    pub const fn new() -> Self {
        Gate {
            running: Cell::new(false),
            again: Cell::new(false),
        }
    }

    /// Whether the caller may run a sync now; if not, the running one owes
    /// another round.
    pub fn enter(&self) -> bool {
        if self.running.replace(true) {
            self.again.set(true);
            false
        } else {
            true
        }
    }

    /// Called by the running sync after each round: whether another round
    /// is owed. If not, the gate is open again.
    pub fn round_done(&self) -> bool {
        if self.again.replace(false) {
            true
        } else {
            self.running.set(false);
            false
        }
    }
}

/// The next batch: the queued reports, as many as one request may carry.
/// The rest go in the next round.
pub fn next_batch(reports: Vec<LocalReport>) -> Vec<LocalReport> {
    let mut queued: Vec<_> = reports
        .into_iter()
        .filter(|l| l.send == SendState::Queued)
        .collect();
    queued.truncate(MAX_BATCH);
    queued
}

/// Marks the stored report's revision as attempted just before it leaves:
/// from then on an edit must carry a higher revision, or the server would
/// take it for a replay. Only a report still queued goes out.
pub fn mark_attempted(stored: Option<LocalReport>) -> Option<LocalReport> {
    let mut local = stored.filter(|l| l.send == SendState::Queued)?;
    local.attempted_revision = local.attempted_revision.max(local.report.revision);
    Some(local)
}

/// What the stored report becomes when photos of `sent` cannot be sent.
/// An edit saved meanwhile may have removed them: then it stays as it is.
pub fn photos_refused(
    stored: Option<LocalReport>,
    sent: &Report,
    problems: &[Problem],
) -> Option<LocalReport> {
    let mut local = stored.filter(|l| l.report == *sent)?;
    local.send = SendState::Rejected {
        problems: problems.to_vec(),
    };
    Some(local)
}

/// What the stored report becomes on the server's answer about `sent`, the
/// copy that went out; `None` leaves it as it is.
pub fn answered(
    stored: Option<LocalReport>,
    sent: &Report,
    result: &ReportResult,
    now: f64,
) -> Option<LocalReport> {
    let mut local = stored?;
    // Edited while the request was on its way: the answer is about a copy
    // the device no longer holds. The edit carries a higher revision already
    // and goes out next. (Not queued any more: the answer was applied.)
    if local.send != SendState::Queued || local.report != *sent {
        return None;
    }
    local.send = match result.outcome {
        Outcome::Rejected => SendState::Rejected {
            problems: result.problems.clone(),
        },
        outcome => SendState::Sent { outcome, at: now },
    };
    Some(local)
}

/// The reports whose status is pulled: those the server acknowledged.
pub fn sent_ids(reports: &[LocalReport]) -> Vec<Uuid> {
    reports
        .iter()
        .filter(|l| matches!(l.send, SendState::Sent { .. }))
        .map(|l| l.report.id)
        .collect()
}

/// One run of the outbox over its seams.
pub struct Outbox<'a, S, A, D> {
    pub store: &'a S,
    pub api: &'a A,
    pub device: &'a D,
    /// Milliseconds since the epoch, for when an answer came.
    pub now: fn() -> f64,
    /// Photos the server confirmed during this session: not asked about again.
    pub uploaded: &'a RefCell<HashSet<String>>,
}

impl<S: Store, A: Api<Photo = S::Photo>, D: Device> Outbox<'_, S, A, D> {
    /// Sends everything queued, then asks where the sent reports stand.
    pub async fn sync(&self) -> Result<Summary, SyncError> {
        let summary = self.send_all().await?;
        // What coordinators did with what was sent (merged, verified, forwarded).
        self.pull_status().await?;
        Ok(summary)
    }

    async fn send_all(&self) -> Result<Summary, SyncError> {
        let mut summary = Summary::default();
        loop {
            let mut queued = next_batch(self.store.reports().await.map_err(SyncError::Storage)?);
            if queued.is_empty() {
                return Ok(summary);
            }
            let Some(token) = self.device.token() else {
                return Err(SyncError::NotJoined);
            };
            for (id, problems) in self.upload_photos(&queued, &token).await? {
                let Some(sent) = queued.iter().find(|l| l.id == id) else {
                    continue;
                };
                let report = sent.report.clone();
                let stored = self
                    .store
                    .update(&id, &mut |l| photos_refused(l, &report, &problems))
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
                let stored = self
                    .store
                    .update(&local.id, &mut mark_attempted)
                    .await
                    .map_err(SyncError::Storage)?;
                batch.extend(stored.filter(|l| l.send == SendState::Queued));
            }
            if batch.is_empty() {
                continue;
            }
            // A hidden identity never leaves the phone; the stored copy
            // keeps what the volunteer typed.
            let settled: Vec<Report> = batch
                .iter()
                .map(|l| l.report.clone().with_identity_settled())
                .collect();
            let reports: Vec<&Report> = settled.iter().collect();
            let response = self.post_batch(&SyncRequest { reports }, &token).await?;
            // An answer that leaves a sent report out (not the server's, or
            // broken) would send the same batch again at once, forever:
            // treat it like no answer, which retries after the backoff.
            let unanswered = batch
                .iter()
                .any(|l| !response.results.iter().any(|r| r.id == Some(l.report.id)));

            for result in response.results {
                let Some(id) = result.id else { continue };
                let Some(sent) = batch.iter().find(|l| l.report.id == id) else {
                    continue;
                };
                let now = (self.now)();
                let mut changed = false;
                self.store
                    .update(&sent.id, &mut |l| {
                        let next = answered(l, &sent.report, &result, now);
                        changed = next.is_some();
                        next
                    })
                    .await
                    .map_err(SyncError::Storage)?;
                if changed {
                    summary.count(result.outcome);
                }
            }
            if unanswered {
                return Err(SyncError::Offline);
            }
        }
    }

    async fn post_batch(
        &self,
        request: &SyncRequest<&Report>,
        token: &str,
    ) -> Result<SyncResponse, SyncError> {
        let body = serde_json::to_string(request).map_err(|e| SyncError::Storage(e.to_string()))?;
        let (status, text) = self
            .api
            .post_json(&format!("{API_PREFIX}/sync"), &body, token)
            .await
            .map_err(|_| SyncError::Offline)?;
        if status == 200 {
            return serde_json::from_str(&text).map_err(|_| SyncError::Offline);
        }
        Err(self.refused(status, &text))
    }

    /// Asks the server where this device's sent reports stand, for what
    /// changed since the last pull, and keeps the answer with each report.
    async fn pull_status(&self) -> Result<(), SyncError> {
        let sent = sent_ids(&self.store.reports().await.map_err(SyncError::Storage)?);
        if sent.is_empty() {
            return Ok(());
        }
        let Some(token) = self.device.token() else {
            return Ok(());
        };
        let since = self.device.cursor();
        let mut cursor = since;
        for ids in sent.chunks(MAX_BATCH) {
            let request = StatusRequest {
                ids: ids.to_vec(),
                since,
            };
            let body =
                serde_json::to_string(&request).map_err(|e| SyncError::Storage(e.to_string()))?;
            let (status, text) = self
                .api
                .post_json(&format!("{API_PREFIX}/reports/status"), &body, &token)
                .await
                .map_err(|_| SyncError::Offline)?;
            if status != 200 {
                return Err(self.refused(status, &text));
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
                self.store
                    .update(&s.id.to_string(), &mut |local| {
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
        if self.device.token().is_some() {
            self.device.set_cursor(cursor);
        }
        Ok(())
    }

    /// What a non-success answer means for the outbox. A revoked device is
    /// remembered, so the app stops retrying and says why; a token the
    /// server does not know (its database was reset) is dropped, so the
    /// volunteer can join again.
    fn refused(&self, status: u16, text: &str) -> SyncError {
        match serde_json::from_str::<ErrorBody>(text) {
            Ok(err) if status == 401 && err.code == ErrorCode::DeviceRevoked => {
                self.device.mark_revoked();
                SyncError::Server(err)
            }
            Ok(_) if status == 401 => {
                self.device.forget();
                SyncError::NotJoined
            }
            Ok(err) => SyncError::Server(err),
            // Not our JSON: a proxy or captive portal answered, not the server.
            Err(_) => SyncError::Offline,
        }
    }

    /// Makes sure the server has every photo of these reports. Returns, per
    /// report, the photos that cannot be sent (missing on the device, or
    /// refused by the server); those reports are not sent. A network failure
    /// aborts the whole attempt, to be retried later.
    async fn upload_photos(
        &self,
        reports: &[LocalReport],
        token: &str,
    ) -> Result<Vec<(String, Vec<Problem>)>, SyncError> {
        let mut refused = Vec::new();
        for local in reports {
            let mut problems = Vec::new();
            // Videos go the same way: by content, skipped when there.
            let photos = local.report.photos.iter().enumerate();
            let photos = photos.map(|(i, p)| (format!("photos.{i}"), &p.sha256));
            let videos = local.report.videos.iter().enumerate();
            let videos = videos.map(|(i, v)| (format!("videos.{i}"), &v.sha256));
            for (field, sha256) in photos.chain(videos) {
                if self.uploaded.borrow().contains(sha256) {
                    continue;
                }
                let url = format!("{API_PREFIX}/evidence/{sha256}");
                let (status, text) = self
                    .api
                    .head(&url, token)
                    .await
                    .map_err(|_| SyncError::Offline)?;
                if status == 401 || status == 403 {
                    return Err(self.refused(status, &text));
                }
                if status != 200 {
                    let Some(blob) = self.store.photo(sha256).await.map_err(SyncError::Storage)?
                    else {
                        problems.push(Problem::new(field, ProblemCode::PhotoMissing));
                        continue;
                    };
                    let (status, text) = self
                        .api
                        .put_photo(&url, &blob, token)
                        .await
                        .map_err(|_| SyncError::Offline)?;
                    match status {
                        200 | 201 => {}
                        401 | 403 => return Err(self.refused(status, &text)),
                        413 | 415 | 422 => {
                            problems.push(Problem::new(field, ProblemCode::PhotoRefused));
                            continue;
                        }
                        _ => return Err(SyncError::Offline),
                    }
                }
                self.uploaded.borrow_mut().insert(sha256.clone());
            }
            if !problems.is_empty() {
                refused.push((local.id.clone(), problems));
            }
        }
        Ok(refused)
    }
}

/// When the background sync tries again: after a failure, with growing,
/// jittered delays (`shared::sync::retry_delay_ms`), so the queue never
/// stalls until a reload and phones that regain signal together do not all
/// retry in the same second.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Backoff {
    failures: u32,
    /// Ms since the epoch; the once-a-minute timer waits for it, so an
    /// outage is not retried every minute regardless.
    retry_at: f64,
}

/// What the app does after an attempt.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AfterSync {
    /// The outbox may have changed: lists re-read it.
    Refresh,
    /// The sync may have learnt that the token is gone or revoked: the app
    /// re-reads the device, then the lists. Only an invite code helps, so
    /// no retry is scheduled; the join page runs the next attempt.
    Membership,
    /// Another attempt is running; it will settle.
    Nothing,
    /// Try again after this many milliseconds.
    RetryIn(u32),
}

impl Backoff {
    /// Records how an attempt ended: success resets the backoff; a failure
    /// schedules the next attempt. `random` is in [0, 1), for the jitter.
    pub fn settle(
        &mut self,
        result: &Result<Summary, SyncError>,
        now: f64,
        random: f64,
    ) -> AfterSync {
        match result {
            Ok(_) => {
                *self = Backoff::default();
                AfterSync::Refresh
            }
            Err(SyncError::Busy) => AfterSync::Nothing,
            Err(SyncError::NotJoined) => AfterSync::Membership,
            Err(SyncError::Server(e)) if e.code == ErrorCode::DeviceRevoked => {
                AfterSync::Membership
            }
            Err(_) => {
                self.failures = self.failures.saturating_add(1);
                let delay = retry_delay_ms(self.failures, random);
                self.retry_at = now + f64::from(delay);
                AfterSync::RetryIn(delay)
            }
        }
    }

    /// Whether a background attempt may run now.
    pub fn due(&self, now: f64) -> bool {
        now >= self.retry_at
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::collections::BTreeMap;
    use std::future::ready;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    use netral_shared::i18n::Message;
    use netral_shared::report::PhotoRef;
    use netral_shared::sync::ReportStatus;

    use super::*;

    const NOW: f64 = 1_732_500_000_000.0;

    /// The fakes below answer at once, so one poll runs a whole sync.
    fn block_on<F: Future>(f: F) -> F::Output {
        match pin!(f).poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(out) => out,
            Poll::Pending => panic!("the fakes never wait"),
        }
    }

    type Answer = Box<dyn FnMut(&[Report]) -> (u16, String)>;
    /// The volunteer's save, on the device's reports.
    type Edit = Box<dyn FnOnce(&mut BTreeMap<String, LocalReport>)>;

    /// A phone in memory (its IndexedDB and local storage) and a server
    /// whose answers each test writes.
    struct Phone {
        reports: RefCell<BTreeMap<String, LocalReport>>,
        photos_here: RefCell<HashSet<String>>,
        token: RefCell<Option<String>>,
        revoked: Cell<bool>,
        cursor: Cell<i64>,
        uploaded: RefCell<HashSet<String>>,
        /// `None`: no answer at all (offline).
        sync_answer: RefCell<Option<Answer>>,
        /// Runs while a batch is on its way, before its answer arrives.
        during_send: RefCell<Option<Edit>>,
        /// Every batch as the server received it.
        batches: RefCell<Vec<Vec<Report>>>,
        status_answer: RefCell<Option<StatusResponse>>,
        status_asked: RefCell<Vec<StatusRequest>>,
        server_photos: RefCell<HashSet<String>>,
        put_status: Cell<u16>,
        /// Every photo request: (method, sha256).
        photo_requests: RefCell<Vec<(&'static str, String)>>,
    }

    impl Phone {
        fn new(reports: impl IntoIterator<Item = LocalReport>) -> Phone {
            Phone {
                reports: RefCell::new(reports.into_iter().map(|l| (l.id.clone(), l)).collect()),
                photos_here: RefCell::default(),
                token: RefCell::new(Some("token".into())),
                revoked: Cell::new(false),
                cursor: Cell::new(0),
                uploaded: RefCell::default(),
                sync_answer: RefCell::new(Some(Box::new(|reports| {
                    answer_all(reports, Outcome::Accepted)
                }))),
                during_send: RefCell::default(),
                batches: RefCell::default(),
                status_answer: RefCell::default(),
                status_asked: RefCell::default(),
                server_photos: RefCell::default(),
                put_status: Cell::new(201),
                photo_requests: RefCell::default(),
            }
        }

        fn answer(&self, answer: impl FnMut(&[Report]) -> (u16, String) + 'static) {
            *self.sync_answer.borrow_mut() = Some(Box::new(answer));
        }

        fn sync(&self) -> Result<Summary, SyncError> {
            block_on(
                Outbox {
                    store: self,
                    api: self,
                    device: self,
                    now: || NOW,
                    uploaded: &self.uploaded,
                }
                .sync(),
            )
        }

        fn get(&self, id: &str) -> LocalReport {
            self.reports.borrow()[id].clone()
        }

        /// The server's side of a POST.
        fn serve(&self, url: &str, body: &str) -> Result<(u16, String), Offline> {
            if url == "/api/v1/reports/status" {
                let asked: StatusRequest = serde_json::from_str(body).unwrap();
                let cursor = asked.since;
                self.status_asked.borrow_mut().push(asked);
                let answer = self
                    .status_answer
                    .borrow()
                    .clone()
                    .unwrap_or(StatusResponse {
                        reports: Vec::new(),
                        cursor,
                    });
                return Ok((200, serde_json::to_string(&answer).unwrap()));
            }
            assert_eq!(url, "/api/v1/sync");
            let request: SyncRequest<Report> = serde_json::from_str(body).unwrap();
            // An outbox that never settles would spin here for ever.
            assert!(
                self.batches.borrow().len() < 100,
                "the outbox keeps sending"
            );
            self.batches.borrow_mut().push(request.reports.clone());
            if let Some(edit) = self.during_send.borrow_mut().take() {
                edit(&mut self.reports.borrow_mut());
            }
            match self.sync_answer.borrow_mut().as_mut() {
                Some(answer) => Ok(answer(&request.reports)),
                None => Err(Offline),
            }
        }
    }

    impl Store for Phone {
        type Photo = ();

        fn reports(&self) -> impl Future<Output = Result<Vec<LocalReport>, String>> {
            ready(Ok(self.reports.borrow().values().cloned().collect()))
        }

        fn update(
            &self,
            id: &str,
            change: &mut dyn FnMut(Option<LocalReport>) -> Option<LocalReport>,
        ) -> impl Future<Output = Result<Option<LocalReport>, String>> {
            let mut reports = self.reports.borrow_mut();
            let stored = reports.get(id).cloned();
            let Some(next) = change(stored.clone()) else {
                return ready(Ok(stored));
            };
            reports.insert(id.to_owned(), next.clone());
            ready(Ok(Some(next)))
        }

        fn photo(&self, sha256: &str) -> impl Future<Output = Result<Option<()>, String>> {
            ready(Ok(self.photos_here.borrow().contains(sha256).then_some(())))
        }
    }

    /// No answer at all, as when the phone is offline.
    #[derive(Debug)]
    struct Offline;

    impl Api for Phone {
        type Photo = ();
        type NoAnswer = Offline;

        fn post_json(
            &self,
            url: &str,
            body: &str,
            _token: &str,
        ) -> impl Future<Output = Result<(u16, String), Offline>> {
            ready(self.serve(url, body))
        }

        fn head(
            &self,
            url: &str,
            _token: &str,
        ) -> impl Future<Output = Result<(u16, String), Offline>> {
            let sha = url.rsplit('/').next().unwrap().to_owned();
            let status = if self.server_photos.borrow().contains(&sha) {
                200
            } else {
                404
            };
            self.photo_requests.borrow_mut().push(("HEAD", sha));
            ready(Ok((status, String::new())))
        }

        fn put_photo(
            &self,
            url: &str,
            _photo: &(),
            _token: &str,
        ) -> impl Future<Output = Result<(u16, String), Offline>> {
            let sha = url.rsplit('/').next().unwrap().to_owned();
            self.photo_requests.borrow_mut().push(("PUT", sha.clone()));
            if self.put_status.get() < 300 {
                self.server_photos.borrow_mut().insert(sha);
            }
            ready(Ok((self.put_status.get(), String::new())))
        }
    }

    impl Device for Phone {
        fn token(&self) -> Option<String> {
            self.token.borrow().clone().filter(|_| !self.revoked.get())
        }
        fn mark_revoked(&self) {
            self.revoked.set(true);
        }
        fn forget(&self) {
            *self.token.borrow_mut() = None;
        }
        fn cursor(&self) -> i64 {
            self.cursor.get()
        }
        fn set_cursor(&self, cursor: i64) {
            self.cursor.set(cursor);
        }
    }

    fn answer_all(reports: &[Report], outcome: Outcome) -> (u16, String) {
        let results = reports
            .iter()
            .map(|r| ReportResult {
                id: Some(r.id),
                revision: r.revision,
                outcome,
                problems: Vec::new(),
            })
            .collect();
        (
            200,
            serde_json::to_string(&SyncResponse { results }).unwrap(),
        )
    }

    fn error(status: u16, code: &str) -> (u16, String) {
        let body = ErrorBody {
            code: ErrorCode::from_code(code).expect("a known error code"),
            message: Message {
                id: "ditolak".into(),
                en: "refused".into(),
            },
            problems: Vec::new(),
        };
        (status, serde_json::to_string(&body).unwrap())
    }

    fn queued(n: u128) -> LocalReport {
        let mut local = LocalReport::new(Report::example(Uuid::from_u128(n)), NOW);
        local.send = SendState::Queued;
        local
    }

    fn with_photo(mut local: LocalReport, sha: &str) -> LocalReport {
        local.report.photos.push(PhotoRef {
            sha256: sha.into(),
            ..PhotoRef::default()
        });
        local
    }

    fn id(n: u128) -> String {
        Uuid::from_u128(n).to_string()
    }

    #[test]
    fn a_sync_asked_for_while_one_runs_makes_that_one_go_round_again() {
        let gate = Gate::new();
        assert!(gate.enter());
        // Asked for twice meanwhile: one more round covers both.
        assert!(!gate.enter());
        assert!(!gate.enter());
        assert!(gate.round_done());
        assert!(!gate.round_done());
        // Open again.
        assert!(gate.enter());
        assert!(!gate.round_done());
        assert!(gate.enter());
    }

    #[test]
    fn an_accepted_answer_marks_the_report_sent_and_its_revision_attempted() {
        let mut draft = queued(2);
        draft.send = SendState::Draft;
        let phone = Phone::new([queued(1), draft]);
        let summary = phone.sync().unwrap();
        assert_eq!(
            summary,
            Summary {
                accepted: 1,
                replayed: 0,
                rejected: 0
            }
        );
        let sent = phone.get(&id(1));
        assert_eq!(
            sent.send,
            SendState::Sent {
                outcome: Outcome::Accepted,
                at: NOW
            }
        );
        assert_eq!(sent.attempted_revision, 1);
        // A draft never leaves the device.
        let batches = phone.batches.borrow();
        assert_eq!(batches.len(), 1);
        assert_eq!(
            batches[0].iter().map(|r| r.id).collect::<Vec<_>>(),
            [Uuid::from_u128(1)]
        );
        assert_eq!(phone.get(&id(2)).send, SendState::Draft);
    }

    #[test]
    fn an_answer_that_leaves_a_report_out_is_retried_later_not_at_once() {
        let phone = Phone::new([queued(1), queued(2)]);
        // A 200 whose results name only the first report.
        phone.answer(|reports| answer_all(&reports[..1], Outcome::Accepted));
        assert!(matches!(phone.sync(), Err(SyncError::Offline)));
        assert_eq!(phone.batches.borrow().len(), 1, "not sent again at once");
        assert_eq!(phone.get(&id(2)).send, SendState::Queued);
        assert!(matches!(phone.get(&id(1)).send, SendState::Sent { .. }));
    }

    #[test]
    fn an_edit_saved_while_the_send_is_on_its_way_goes_out_as_the_next_revision() {
        let form = queued(1);
        let phone = Phone::new([form.clone()]);
        // The form's copy still says nothing was attempted; its save merges
        // with what the outbox stored just before sending.
        *phone.during_send.borrow_mut() = Some(Box::new(move |reports| {
            let mut form = form;
            form.report.description.push_str(" Ada videonya.");
            let stored = reports.get(&form.id).cloned();
            let merged =
                LocalReport::merge_edit(stored, &form, false, time::macros::date!(2024 - 11 - 25));
            reports.insert(form.id.clone(), merged.unwrap());
        }));
        let summary = phone.sync().unwrap();

        let batches = phone.batches.borrow();
        let revisions: Vec<_> = batches.iter().map(|b| b[0].revision).collect();
        assert_eq!(
            revisions,
            [1, 2],
            "the answer about revision 1 did not end the send"
        );
        assert!(batches[1][0].description.ends_with("Ada videonya."));
        let stored = phone.get(&id(1));
        assert_eq!(
            stored.send,
            SendState::Sent {
                outcome: Outcome::Accepted,
                at: NOW
            }
        );
        assert_eq!((stored.report.revision, stored.attempted_revision), (2, 2));
        assert_eq!(
            summary.accepted, 1,
            "only the answer about the stored copy counts"
        );
    }

    #[test]
    fn a_hidden_identity_does_not_leave_the_phone_and_stays_on_it() {
        let mut local = queued(1);
        local.report.coalition_is_pelapor = true;
        let phone = Phone::new([local.clone()]);
        phone.sync().unwrap();
        let sent = &phone.batches.borrow()[0][0];
        assert_eq!(sent.reporter, Default::default());
        assert!(sent.coalition_is_pelapor);
        assert_eq!(phone.get(&id(1)).report.reporter, local.report.reporter);
        assert!(matches!(phone.get(&id(1)).send, SendState::Sent { .. }));
    }

    #[test]
    fn a_report_deleted_on_the_phone_is_not_sent_nor_brought_back() {
        // Deleted between the outbox's read and its marking: not sent.
        assert_eq!(mark_attempted(None), None);
        // Deleted while its send is on the way: the answer does not
        // write it back.
        let phone = Phone::new([queued(1)]);
        *phone.during_send.borrow_mut() = Some(Box::new(|reports| {
            reports.remove(&id(1));
        }));
        let summary = phone.sync().unwrap();
        assert!(phone.reports.borrow().is_empty());
        assert_eq!(summary.accepted, 0);
    }

    #[test]
    fn an_answer_about_an_older_copy_changes_nothing() {
        let sent = queued(1);
        let mut stored = mark_attempted(Some(sent.clone())).unwrap();
        stored.report.revision = 2;
        stored.report.witnesses = "Pak RT".into();
        let result = ReportResult {
            id: Some(sent.report.id),
            revision: 1,
            outcome: Outcome::Accepted,
            problems: Vec::new(),
        };
        assert_eq!(
            answered(Some(stored.clone()), &sent.report, &result, NOW),
            None
        );
        // The same answer about the copy still stored does apply.
        assert!(
            answered(
                Some(mark_attempted(Some(sent.clone())).unwrap()),
                &sent.report,
                &result,
                NOW
            )
            .is_some()
        );
        // A report gone from the device (wiped meanwhile) is not brought back.
        assert_eq!(answered(None, &sent.report, &result, NOW), None);
    }

    #[test]
    fn a_stale_answer_is_kept_as_stale_never_as_accepted_and_not_resent() {
        let phone = Phone::new([queued(1)]);
        phone.answer(|reports| answer_all(reports, Outcome::Stale));
        let summary = phone.sync().unwrap();
        assert_eq!(
            summary,
            Summary {
                accepted: 0,
                replayed: 1,
                rejected: 0
            }
        );
        assert_eq!(
            phone.get(&id(1)).send,
            SendState::Sent {
                outcome: Outcome::Stale,
                at: NOW
            }
        );
        phone.sync().unwrap();
        assert_eq!(phone.batches.borrow().len(), 1);
    }

    #[test]
    fn a_rejected_answer_carries_the_problems_to_the_report() {
        let phone = Phone::new([queued(1)]);
        let problems = vec![Problem::new("terlapor.nip", ProblemCode::PhotoRefused)];
        let theirs = problems.clone();
        phone.answer(move |reports| {
            let results = vec![ReportResult {
                id: Some(reports[0].id),
                revision: reports[0].revision,
                outcome: Outcome::Rejected,
                problems: theirs.clone(),
            }];
            (
                200,
                serde_json::to_string(&SyncResponse { results }).unwrap(),
            )
        });
        let summary = phone.sync().unwrap();
        assert_eq!(
            summary,
            Summary {
                accepted: 0,
                replayed: 0,
                rejected: 1
            }
        );
        assert_eq!(phone.get(&id(1)).send, SendState::Rejected { problems });
    }

    #[test]
    fn a_replayed_or_repeated_answer_is_counted_once() {
        let phone = Phone::new([queued(1)]);
        phone.answer(|reports| {
            let (_, body) = answer_all(reports, Outcome::Replayed);
            let mut response: SyncResponse = serde_json::from_str(&body).unwrap();
            response.results.push(response.results[0].clone());
            let mut accepted = response.results[0].clone();
            accepted.outcome = Outcome::Accepted;
            response.results.push(accepted);
            (200, serde_json::to_string(&response).unwrap())
        });
        let summary = phone.sync().unwrap();
        assert_eq!(
            summary,
            Summary {
                accepted: 0,
                replayed: 1,
                rejected: 0
            }
        );
        assert_eq!(
            phone.get(&id(1)).send,
            SendState::Sent {
                outcome: Outcome::Replayed,
                at: NOW
            }
        );
    }

    #[test]
    fn no_answer_leaves_the_report_queued_and_the_app_backs_off() {
        let phone = Phone::new([queued(1)]);
        *phone.sync_answer.borrow_mut() = None;
        let result = phone.sync();
        assert_eq!(result, Err(SyncError::Offline));
        let stored = phone.get(&id(1));
        assert_eq!(stored.send, SendState::Queued);
        // It may have reached the server: an edit now needs revision 2.
        assert_eq!(stored.attempted_revision, 1);

        let mut backoff = Backoff::default();
        assert!(backoff.due(NOW));
        assert_eq!(backoff.settle(&result, NOW, 0.5), AfterSync::RetryIn(1_000));
        assert!(
            !backoff.due(NOW + 999.0),
            "the minute timer waits for the backoff"
        );
        assert!(backoff.due(NOW + 1_000.0));
        assert_eq!(
            backoff.settle(&result, NOW, 0.5),
            AfterSync::RetryIn(2_000),
            "it grows"
        );
        assert_eq!(
            backoff.settle(&Ok(Summary::default()), NOW, 0.5),
            AfterSync::Refresh
        );
        assert!(backoff.due(NOW));
        assert_eq!(
            backoff.settle(&result, NOW, 0.5),
            AfterSync::RetryIn(1_000),
            "and starts over"
        );
    }

    #[test]
    fn only_a_failure_that_a_retry_can_fix_is_retried() {
        let mut backoff = Backoff::default();
        assert_eq!(
            backoff.settle(&Err(SyncError::Busy), NOW, 0.5),
            AfterSync::Nothing
        );
        assert_eq!(
            backoff.settle(&Err(SyncError::NotJoined), NOW, 0.5),
            AfterSync::Membership
        );
        let revoked = serde_json::from_str(&error(401, "device_revoked").1).unwrap();
        assert_eq!(
            backoff.settle(&Err(SyncError::Server(revoked)), NOW, 0.5),
            AfterSync::Membership
        );
        assert_eq!(backoff, Backoff::default());
        let busy_server = serde_json::from_str(&error(503, "database_unavailable").1).unwrap();
        assert_eq!(
            backoff.settle(&Err(SyncError::Server(busy_server)), NOW, 0.5),
            AfterSync::RetryIn(1_000)
        );
        assert_eq!(
            backoff.settle(&Err(SyncError::Storage("quota".into())), NOW, 0.5),
            AfterSync::RetryIn(2_000)
        );
    }

    #[test]
    fn a_page_that_is_not_the_servers_answer_counts_as_no_answer() {
        let phone = Phone::new([queued(1)]);
        // A captive portal's login page, with 200.
        phone.answer(|_| (200, "<html>Login Wi-Fi</html>".into()));
        assert_eq!(phone.sync(), Err(SyncError::Offline));
        phone.answer(|_| (502, "<html>Bad gateway</html>".into()));
        assert_eq!(phone.sync(), Err(SyncError::Offline));
        assert_eq!(phone.get(&id(1)).send, SendState::Queued);
        assert!(phone.token().is_some(), "nothing said the token is bad");
    }

    #[test]
    fn a_revoked_device_is_remembered_and_an_unknown_token_dropped() {
        let phone = Phone::new([queued(1)]);
        phone.answer(|_| error(401, "device_revoked"));
        assert!(
            matches!(phone.sync(), Err(SyncError::Server(e)) if e.code == ErrorCode::DeviceRevoked)
        );
        assert!(phone.revoked.get());
        assert!(
            phone.token.borrow().is_some(),
            "kept, to say why nothing is sent"
        );
        assert_eq!(
            phone.get(&id(1)).send,
            SendState::Queued,
            "its reports stay queued"
        );
        // And it stops trying: nothing more goes out.
        assert_eq!(phone.sync(), Err(SyncError::NotJoined));
        assert_eq!(phone.batches.borrow().len(), 1);

        let phone = Phone::new([queued(1)]);
        phone.answer(|_| error(401, "invalid_token"));
        assert_eq!(phone.sync(), Err(SyncError::NotJoined));
        assert_eq!(*phone.token.borrow(), None, "the volunteer can join again");
        assert_eq!(phone.get(&id(1)).send, SendState::Queued);
    }

    #[test]
    fn batches_hold_at_most_max_batch_reports_and_all_go_out() {
        let phone = Phone::new((1..=MAX_BATCH as u128 + 1).map(queued));
        let summary = phone.sync().unwrap();
        assert_eq!(summary.accepted, MAX_BATCH + 1);
        let sizes: Vec<_> = phone.batches.borrow().iter().map(Vec::len).collect();
        assert_eq!(sizes, [MAX_BATCH, 1]);
        assert!(
            phone
                .reports
                .borrow()
                .values()
                .all(|l| matches!(l.send, SendState::Sent { .. }))
        );
    }

    #[test]
    fn status_is_pulled_for_sent_reports_only_in_chunks_from_the_last_cursor() {
        let mut reports: Vec<_> = (1..=MAX_BATCH as u128 + 1)
            .map(|n| {
                let mut l = queued(n);
                l.send = SendState::Sent {
                    outcome: Outcome::Accepted,
                    at: NOW,
                };
                l
            })
            .collect();
        let mut draft = queued(9_000);
        draft.send = SendState::Draft;
        let mut rejected = queued(9_001);
        rejected.send = SendState::Rejected {
            problems: Vec::new(),
        };
        reports.extend([draft.clone(), rejected]);
        let phone = Phone::new(reports);
        phone.cursor.set(41);
        phone.sync().unwrap();
        let asked = phone.status_asked.borrow();
        let sizes: Vec<_> = asked.iter().map(|r| r.ids.len()).collect();
        assert_eq!(sizes, [MAX_BATCH, 1]);
        assert!(asked.iter().all(|r| r.since == 41));
        let unsent = [Uuid::from_u128(9_000), Uuid::from_u128(9_001)];
        assert!(
            !asked
                .iter()
                .any(|r| r.ids.iter().any(|id| unsent.contains(id)))
        );

        let phone = Phone::new([draft]);
        phone.sync().unwrap();
        assert!(phone.status_asked.borrow().is_empty(), "nothing was sent");
    }

    #[test]
    fn a_pulled_status_is_kept_with_its_report_and_moves_the_cursor() {
        let phone = Phone::new([queued(1)]);
        phone.cursor.set(40);
        *phone.status_answer.borrow_mut() = Some(StatusResponse {
            reports: [1, 99]
                .map(|n| ReportStatus {
                    id: Uuid::from_u128(n),
                    revision: 1,
                    case_id: 12,
                    case_status: netral_shared::workflow::CaseStatus::Diverifikasi,
                    case_reports: 3,
                    changed_at: 0,
                    forwarded_to: Vec::new(),
                })
                .into(),
            cursor: 57,
        });
        phone.sync().unwrap();
        assert_eq!(phone.status_asked.borrow()[0].since, 40);
        let server = phone.get(&id(1)).server.unwrap();
        assert_eq!(
            (server.case_id, server.case_status, server.case_reports),
            (12, netral_shared::workflow::CaseStatus::Diverifikasi, 3)
        );
        assert_eq!(phone.cursor.get(), 57);
        // A report wiped from the device meanwhile is not brought back.
        assert!(!phone.reports.borrow().contains_key(&id(99)));
    }

    #[test]
    fn a_photo_the_server_refuses_holds_back_only_its_report() {
        let phone = Phone::new([with_photo(queued(1), "aa"), queued(2)]);
        phone.photos_here.borrow_mut().insert("aa".into());
        phone.put_status.set(413);
        let summary = phone.sync().unwrap();
        assert_eq!(
            summary,
            Summary {
                accepted: 1,
                replayed: 0,
                rejected: 1
            }
        );
        assert_eq!(
            phone.get(&id(1)).send,
            SendState::Rejected {
                problems: vec![Problem::new("photos.0", ProblemCode::PhotoRefused)]
            }
        );
        let sent: Vec<_> = phone
            .batches
            .borrow()
            .concat()
            .iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(sent, [Uuid::from_u128(2)]);
    }

    #[test]
    fn a_refused_photo_leaves_a_report_edited_meanwhile_as_it_is() {
        let sent = with_photo(queued(1), "aa");
        let problems = [Problem::new("photos.0", ProblemCode::PhotoRefused)];
        // The volunteer removed the photo while it was being uploaded.
        let mut edited = sent.clone();
        edited.report.photos.clear();
        edited.report.revision = 2;
        assert_eq!(photos_refused(Some(edited), &sent.report, &problems), None);
        assert_eq!(
            photos_refused(Some(sent.clone()), &sent.report, &problems).map(|l| l.send),
            Some(SendState::Rejected {
                problems: problems.to_vec()
            })
        );
    }

    #[test]
    fn a_photo_gone_from_the_device_is_a_problem_at_its_field() {
        let phone = Phone::new([with_photo(with_photo(queued(1), "aa"), "bb")]);
        phone.photos_here.borrow_mut().insert("aa".into());
        phone.sync().unwrap();
        assert_eq!(
            phone.get(&id(1)).send,
            SendState::Rejected {
                problems: vec![Problem::new("photos.1", ProblemCode::PhotoMissing)]
            }
        );
        assert!(phone.batches.borrow().is_empty());
    }

    #[test]
    fn photos_go_first_and_once_per_session() {
        let phone = Phone::new([with_photo(queued(1), "aa"), with_photo(queued(2), "bb")]);
        phone.photos_here.borrow_mut().insert("aa".into());
        // The server has "bb" already (another report shared it).
        phone.server_photos.borrow_mut().insert("bb".into());
        phone.sync().unwrap();
        let mut asked = phone.photo_requests.borrow().clone();
        asked.sort();
        assert_eq!(
            asked,
            [
                ("HEAD", "aa".into()),
                ("HEAD", "bb".into()),
                ("PUT", "aa".into())
            ]
        );

        phone
            .reports
            .borrow_mut()
            .insert(id(3), with_photo(queued(3), "aa"));
        phone.sync().unwrap();
        assert_eq!(
            phone.photo_requests.borrow().len(),
            3,
            "confirmed this session: not asked again"
        );
        assert!(matches!(phone.get(&id(3)).send, SendState::Sent { .. }));
    }

    #[test]
    fn videos_go_up_like_photos_and_are_named_by_their_own_field() {
        let mut local = with_photo(queued(1), "aa");
        for sha in ["vv", "ww"] {
            local.report.videos.push(netral_shared::report::VideoRef {
                sha256: sha.into(),
                media_type: "video/webm".into(),
                ..Default::default()
            });
        }
        let phone = Phone::new([local]);
        phone
            .photos_here
            .borrow_mut()
            .extend(["aa".into(), "vv".into()]);
        phone.sync().unwrap();
        assert_eq!(
            phone.get(&id(1)).send,
            SendState::Rejected {
                problems: vec![Problem::new("videos.1", ProblemCode::PhotoMissing)]
            }
        );
        let put: Vec<_> = phone
            .photo_requests
            .borrow()
            .iter()
            .filter(|(m, _)| *m == "PUT")
            .map(|(_, s)| s.clone())
            .collect();
        assert_eq!(put, ["aa", "vv"], "the photo, then the video");
        assert!(
            phone.batches.borrow().is_empty(),
            "not sent without its video"
        );
    }

    #[test]
    fn a_device_that_has_not_joined_sends_nothing_and_forgets_nothing() {
        let phone = Phone::new([queued(1)]);
        phone.revoked.set(true);
        assert_eq!(phone.sync(), Err(SyncError::NotJoined));
        assert!(
            phone.token.borrow().is_some(),
            "a revoked device stays known as revoked"
        );
        assert!(phone.batches.borrow().is_empty());
        assert_eq!(phone.get(&id(1)).send, SendState::Queued);
    }
}
