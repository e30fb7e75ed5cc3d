//! A report as the device keeps it: the report itself plus where it stands
//! on its way to the server. Stored whole in IndexedDB after every edit.
//!
//! Pure: the clock and today's date come in as arguments, so these rules
//! run in host tests (`cargo test -p netral-app --lib`).

use netral_shared::Problem;
use netral_shared::report::Report;
use netral_shared::sync::Outcome;
use netral_shared::validate::is_ready;
use serde::{Deserialize, Serialize};
use time::Date;

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
    pub case_status: netral_shared::workflow::CaseStatus,
    pub case_reports: u32,
    /// Where coordinators forwarded the case (Bawaslu, BKN, SP4N-LAPOR!).
    #[serde(default)]
    pub forwarded_to: Vec<netral_shared::workflow::Agency>,
}

impl LocalReport {
    pub fn new(report: Report, now: f64) -> LocalReport {
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
    pub fn edit(&mut self, f: impl FnOnce(&mut Report), now: f64, today: Date) {
        f(&mut self.report);
        if self.report.revision <= self.attempted_revision {
            self.report.revision = self.attempted_revision + 1;
        }
        self.send = next_state(&self.send, &self.report, today);
        self.updated_at = now;
    }

    /// What the form's save writes over `stored`, the record as it is in
    /// IndexedDB now; `None` when nothing needs writing. The form's copy may
    /// be older than the record in everything but the finding itself: the
    /// outbox may have sent it (raising `attempted_revision`) or pulled its
    /// case meanwhile. So the finding comes from the form, and the rest from
    /// the record; an edit after a send always gets a revision the server
    /// has not seen. `queue` is "Kirim"; `today` decides whether a queued
    /// report is still ready.
    pub fn merge_edit(
        stored: Option<LocalReport>,
        form: &LocalReport,
        queue: bool,
        today: Date,
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
            out.send = next_state(was, &out.report, today);
            out.updated_at = form.updated_at.max(out.updated_at);
        }
        if queue {
            out.send = SendState::Queued;
        }
        Some(out)
    }
}

/// The photos and videos to delete with `deleted`: those no other report
/// on the device names (two reports may share a screenshot).
pub fn photos_only_in(deleted: &LocalReport, others: &[LocalReport]) -> Vec<String> {
    let mut only: Vec<String> = Vec::new();
    for sha in deleted.report.evidence_files() {
        let shared = others
            .iter()
            .filter(|o| o.id != deleted.id)
            .any(|o| o.report.evidence_files().any(|other| other == sha));
        if !shared && !only.iter().any(|o| o == sha) {
            only.push(sha.to_owned());
        }
    }
    only
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
fn next_state(state: &SendState, report: &Report, today: Date) -> SendState {
    match state {
        SendState::Queued if is_ready(report, today) => SendState::Queued,
        _ => SendState::Draft,
    }
}

#[cfg(test)]
mod tests {
    use netral_shared::sync::Outcome;
    use time::macros::date;
    use uuid::Uuid;

    use super::*;

    const TODAY: Date = date!(2024 - 11 - 25);
    const NOW: f64 = 1_732_500_000_000.0;

    fn ready() -> LocalReport {
        LocalReport::new(Report::example(Uuid::from_u128(7)), NOW)
    }

    fn sent(mut local: LocalReport) -> LocalReport {
        local.attempted_revision = local.report.revision;
        local.send = SendState::Sent {
            outcome: Outcome::Accepted,
            at: NOW,
        };
        local
    }

    #[test]
    fn an_edit_after_a_send_gets_a_revision_the_server_has_not_seen() {
        // The form opened the report before the outbox sent it: its copy
        // still says revision 1 was never attempted.
        let form_before = ready();
        let mut stored = sent(form_before.clone());
        stored.server = Some(ServerState {
            case_id: 12,
            case_status: netral_shared::workflow::CaseStatus::Baru,
            case_reports: 2,
            forwarded_to: Vec::new(),
        });
        let mut form = form_before;
        form.edit(
            |r| r.description.push_str(" Ada videonya."),
            NOW + 1.0,
            TODAY,
        );

        let merged = LocalReport::merge_edit(Some(stored.clone()), &form, false, TODAY).unwrap();
        assert_eq!(
            merged.report.revision, 2,
            "revision 1 is on the server already"
        );
        assert!(merged.report.description.ends_with("Ada videonya."));
        // After a send an edit is a draft again, until "Kirim".
        assert_eq!(merged.send, SendState::Draft);
        assert_eq!(merged.attempted_revision, 1);
        assert_eq!(merged.server, stored.server, "the pulled case is kept");
        assert_eq!(merged.updated_at, NOW + 1.0);
    }

    #[test]
    fn the_forms_copy_of_a_sent_report_shows_the_next_revision_at_the_first_edit() {
        let mut form = sent(ready());
        form.edit(|r| r.witnesses = "Pak RT".into(), NOW + 5.0, TODAY);
        assert_eq!(form.report.revision, 2);
        assert_eq!(form.send, SendState::Draft);
        assert_eq!(form.updated_at, NOW + 5.0);
        form.edit(|r| r.witnesses.push_str(", Bu RW"), NOW + 6.0, TODAY);
        assert_eq!(
            form.report.revision, 2,
            "one new revision per send, not per keystroke"
        );
    }

    #[test]
    fn a_queued_report_stays_queued_only_while_it_is_ready() {
        let mut local = ready();
        local.send = SendState::Queued;
        local.edit(|r| r.witnesses = "Pak RT".into(), NOW, TODAY);
        assert_eq!(
            local.send,
            SendState::Queued,
            "a correction goes out by itself"
        );
        local.edit(|r| r.terlapor.name.clear(), NOW, TODAY);
        assert_eq!(
            local.send,
            SendState::Draft,
            "an incomplete report never leaves"
        );
        // Once a draft, only "Kirim" queues it again.
        local.edit(|r| r.terlapor.name = "Budi".into(), NOW, TODAY);
        assert_eq!(local.send, SendState::Draft);
    }

    #[test]
    fn an_incomplete_edit_of_a_queued_record_falls_back_to_draft_on_save() {
        let mut stored = ready();
        stored.send = SendState::Queued;
        let mut form = stored.clone();
        form.report.known_at.clear();
        let merged = LocalReport::merge_edit(Some(stored), &form, false, TODAY).unwrap();
        assert_eq!(merged.send, SendState::Draft);
    }

    #[test]
    fn a_correction_typed_after_kirim_stays_queued_though_the_copy_before_it_was_sent() {
        let mut form = ready();
        form.send = SendState::Queued;
        // "Kirim", then a correction typed while the outbox sent revision 1:
        // the correction's autosave lands after the send.
        let stored = sent(form.clone());
        form.edit(|r| r.beneficiary = "Paslon 2".into(), NOW, TODAY);
        let merged = LocalReport::merge_edit(Some(stored), &form, false, TODAY).unwrap();
        assert_eq!(merged.send, SendState::Queued);
        assert_eq!(merged.report.revision, 2);
        assert_eq!(merged.report.beneficiary, "Paslon 2");
    }

    #[test]
    fn a_save_without_a_change_writes_nothing_unless_it_is_kirim() {
        let mut stored = sent(ready());
        stored.report.revision = 2;
        stored.attempted_revision = 2;
        let mut form = stored.clone();
        // The form's copy may lag in revision only: still the same finding.
        form.report.revision = 1;
        form.attempted_revision = 0;
        assert_eq!(
            LocalReport::merge_edit(Some(stored.clone()), &form, false, TODAY),
            None
        );
        let queued = LocalReport::merge_edit(Some(stored), &form, true, TODAY).unwrap();
        assert_eq!(queued.send, SendState::Queued);
        assert_eq!((queued.report.revision, queued.attempted_revision), (2, 2));

        let new = ready();
        assert_eq!(
            LocalReport::merge_edit(None, &new, false, TODAY),
            Some(new.clone())
        );
        let kirim = LocalReport::merge_edit(None, &new, true, TODAY).unwrap();
        assert_eq!(kirim.send, SendState::Queued);
    }

    #[test]
    fn same_finding_looks_past_the_revision_only() {
        let a = Report::example(Uuid::from_u128(7));
        let mut b = a.clone();
        b.revision = 5;
        assert!(same_finding(&a, &b));
        b.description.push('!');
        assert!(!same_finding(&a, &b));
    }

    #[test]
    fn deleting_a_report_deletes_only_the_photos_no_other_report_names() {
        use netral_shared::report::PhotoRef;
        let photo = |sha: &str| PhotoRef {
            sha256: sha.into(),
            original_sha256: format!("{sha}-orig"),
            ..PhotoRef::default()
        };
        let mut gone = ready();
        gone.report.photos = vec![photo("a"), photo("b")];
        let video = |sha: &str| netral_shared::report::VideoRef {
            sha256: sha.into(),
            ..Default::default()
        };
        gone.report.videos = vec![video("v"), video("w")];
        let mut other = LocalReport::new(Report::example(Uuid::from_u128(8)), NOW);
        other.report.photos = vec![photo("b")];
        other.report.videos = vec![video("w")];
        assert_eq!(
            photos_only_in(&gone, &[gone.clone(), other]),
            vec!["a".to_owned(), "a-orig".to_owned(), "v".to_owned()]
        );
        assert!(photos_only_in(&ready(), &[]).is_empty());
    }
}
