//! A report as the device keeps it: the report itself plus where it stands
//! on its way to the server. Stored whole in IndexedDB after every edit.

use netral_shared::Problem;
use netral_shared::report::Report;
use netral_shared::sync::Outcome;
use netral_shared::validate::{Level, validate};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SendState {
    /// Being written; not meant to leave the device yet.
    Draft,
    /// The volunteer pressed "Kirim"; waiting for the server (or for signal).
    Queued,
    /// The server acknowledged this revision.
    Sent { outcome: Outcome, at: f64 },
    /// The server refused it; the reasons are shown at the fields.
    Rejected { problems: Vec<Problem> },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LocalReport {
    /// Same as `report.id`; the IndexedDB key path.
    pub id: String,
    pub report: Report,
    #[serde(flatten)]
    pub send: SendState,
    /// The highest revision that ever left the device. An edit after that
    /// must carry a higher revision, or the server would take it for a
    /// replay of what it already has.
    pub attempted_revision: u32,
    pub created_at: f64,
    pub updated_at: f64,
    /// What the server last said about the report's case (pulled after a sync).
    #[serde(default)]
    pub server: Option<ServerState>,
}

/// The server-side state of a sent report, as last pulled.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServerState {
    pub case_id: i64,
    pub case_status: String,
    pub case_reports: u32,
    /// Where coordinators forwarded the case (Bawaslu, BKN, SP4N-LAPOR!).
    #[serde(default)]
    pub forwarded_to: Vec<netral_shared::workflow::Agency>,
}

impl LocalReport {
    pub fn new(report: Report) -> LocalReport {
        let now = js_sys::Date::now();
        LocalReport {
            id: report.id.to_string(),
            report,
            send: SendState::Draft,
            attempted_revision: 0,
            created_at: now,
            updated_at: now,
            server: None,
        }
    }

    /// Applies a volunteer's edit to the form's copy, so the screen shows
    /// the state the saved record will have (see [`LocalReport::merge_edit`]).
    pub fn edit(&mut self, f: impl FnOnce(&mut Report)) {
        f(&mut self.report);
        if self.report.revision <= self.attempted_revision {
            self.report.revision = self.attempted_revision + 1;
        }
        self.send = next_state(&self.send, &self.report);
        self.updated_at = js_sys::Date::now();
    }

    /// What the form's save writes over `stored`, the record as it is in
    /// IndexedDB now; `None` when nothing needs writing. The form's copy may
    /// be older than the record in everything but the finding itself: the
    /// outbox may have sent it (raising `attempted_revision`) or pulled its
    /// case meanwhile. So the finding comes from the form, and the rest from
    /// the record; an edit after a send always gets a revision the server
    /// has not seen. `queue` is "Kirim".
    pub fn merge_edit(
        stored: Option<LocalReport>,
        form: &LocalReport,
        queue: bool,
    ) -> Option<LocalReport> {
        let Some(mut out) = stored else {
            let mut new = form.clone();
            if queue {
                new.send = SendState::Queued;
            }
            return Some(new);
        };
        let changed = !same_finding(&out.report, &form.report);
        if !changed && !queue {
            return None;
        }
        if changed {
            let floor = out.report.revision.max(out.attempted_revision + 1);
            out.report = form.report.clone();
            out.report.revision = out.report.revision.max(floor);
            // "Kirim" was pressed on what the form shows, even if the
            // outbox has meanwhile sent the copy before this edit.
            let was = if form.send == SendState::Queued {
                &SendState::Queued
            } else {
                &out.send
            };
            out.send = next_state(was, &out.report);
            out.updated_at = form.updated_at.max(out.updated_at);
        }
        if queue {
            out.send = SendState::Queued;
        }
        Some(out)
    }
}

/// Whether two copies hold the same finding, whatever their revision numbers.
pub fn same_finding(a: &Report, b: &Report) -> bool {
    a.revision == b.revision && a == b || {
        let mut b = b.clone();
        b.revision = a.revision;
        *a == b
    }
}

/// The state after an edit. A queued report stays queued while it is still
/// ready, so a correction typed after "Kirim" goes out by itself; otherwise
/// (and after a send or a refusal) it becomes a draft of its next revision,
/// sent when the volunteer presses "Kirim" again.
fn next_state(state: &SendState, report: &Report) -> SendState {
    match state {
        SendState::Queued if validate(report, Level::Ready, crate::today()).is_empty() => {
            SendState::Queued
        }
        _ => SendState::Draft,
    }
}
