//! A report as the device keeps it: the report itself plus where it stands
//! on its way to the server. Stored whole in IndexedDB after every edit.

use netral_shared::Problem;
use netral_shared::report::Report;
use netral_shared::sync::Outcome;
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

    /// Applies a volunteer's edit. A report that was sent becomes a draft of
    /// its next revision; nothing already sent is changed on the server
    /// until it is sent again.
    pub fn edit(&mut self, f: impl FnOnce(&mut Report)) {
        f(&mut self.report);
        if self.report.revision <= self.attempted_revision {
            self.report.revision = self.attempted_revision + 1;
        }
        if !matches!(self.send, SendState::Queued) {
            self.send = SendState::Draft;
        }
        self.updated_at = js_sys::Date::now();
    }
}
