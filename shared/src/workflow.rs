//! The road of a case from a volunteer's finding to the authorities:
//! baru → diverifikasi or ditolak → diteruskan (to Bawaslu, BKN or
//! SP4N-LAPOR!) → ditindaklanjuti → selesai. Which step may follow which is
//! decided here, once, for the dashboard's buttons and the server's checks.

use serde::{Deserialize, Serialize};

use crate::catalogue::{Catalogue, catalogue};
use crate::i18n::Text;

catalogue! {
    /// Where a case stands. Stored and synced by code.
    CaseStatus {
        Baru = "baru", "Baru", "New";
        Diverifikasi = "diverifikasi", "Diverifikasi", "Verified";
        Ditolak = "ditolak", "Ditolak", "Rejected";
        Diteruskan = "diteruskan", "Diteruskan", "Forwarded";
        Ditindaklanjuti = "ditindaklanjuti", "Ditindaklanjuti", "Acted on";
        Selesai = "selesai", "Selesai", "Closed";
    }
}

catalogue! {
    /// Why a coordinator did not take a case further.
    RejectReason {
        BukanPelanggaran = "bukan_pelanggaran", "Bukan pelanggaran", "Not a violation";
        BuktiTidakCukup = "bukti_tidak_cukup", "Bukti tidak cukup", "Not enough evidence";
        Duplikat = "duplikat", "Duplikat", "Duplicate";
    }
}

catalogue! {
    /// Who a case is forwarded to. KASN no longer exists (UU 20/2023): its
    /// neutrality oversight is BKN's.
    Agency {
        BawasluKabKota = "bawaslu_kabkota", "Bawaslu kabupaten/kota", "Bawaslu (regency/city)";
        BawasluProvinsi = "bawaslu_provinsi", "Bawaslu provinsi", "Bawaslu (province)";
        Bkn = "bkn", "BKN", "BKN (civil service agency)";
        Lapor = "lapor", "SP4N-LAPOR!", "SP4N-LAPOR!";
        // Kepala and perangkat desa answer to the regent or mayor (UU 6/2014).
        BupatiWaliKota = "bupati_walikota", "Bupati/wali kota (atasan kepala/perangkat desa)", "Regent or mayor (over village heads and officials)";
        Propam = "propam", "Propam Polri", "Police internal affairs (Propam)";
        Puspom = "puspom", "Puspom TNI", "Military police (Puspom TNI)";
        // The employing agency's own discipline: its PPK and inspectorate.
        Inspektorat = "inspektorat", "PPK/Inspektorat instansi terlapor", "The employing agency's PPK or inspectorate";
        Ombudsman = "ombudsman", "Ombudsman RI (maladministrasi)", "Ombudsman (maladministration)";
    }
}

impl Agency {
    /// Short name for the volunteer's list: "diteruskan ke Bawaslu".
    pub fn short(self) -> &'static str {
        match self {
            Agency::BawasluKabKota | Agency::BawasluProvinsi => "Bawaslu",
            Agency::Bkn => "BKN",
            Agency::Lapor => "SP4N-LAPOR!",
            Agency::BupatiWaliKota => "bupati/wali kota",
            Agency::Propam => "Propam Polri",
            Agency::Puspom => "Puspom TNI",
            Agency::Inspektorat => "Inspektorat",
            Agency::Ombudsman => "Ombudsman",
        }
    }
}

/// One forwarding: to whom, when, and the agency's reference number.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forwarding {
    pub agency: Agency,
    /// `YYYY-MM-DD`.
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?)?[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
        )
    )]
    pub date: String,
    /// The agency's number for the complaint (nomor registrasi/tiket); not
    /// blank.
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"[^\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
        )
    )]
    pub reference: String,
}

/// What a coordinator does to a case.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum CaseAction {
    Verify,
    Reject {
        reason: RejectReason,
        #[serde(default)]
        note: String,
    },
    /// Several targets at once are allowed, and forwarding again adds more.
    Forward {
        #[cfg_attr(feature = "openapi", schema(min_items = 1))]
        targets: Vec<Forwarding>,
    },
    FollowUp {
        /// Not blank.
        #[cfg_attr(
            feature = "openapi",
            schema(
                pattern = r"[^\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
            )
        )]
        outcome: String,
    },
    Close,
    /// Back to `baru`, e.g. a rejection made in error.
    Reopen,
}

impl CaseAction {
    /// The action's code, as in [`CaseStatus::next_steps`].
    pub fn code(&self) -> &'static str {
        match self {
            CaseAction::Verify => "verify",
            CaseAction::Reject { .. } => "reject",
            CaseAction::Forward { .. } => "forward",
            CaseAction::FollowUp { .. } => "follow_up",
            CaseAction::Close => "close",
            CaseAction::Reopen => "reopen",
        }
    }

    /// A timeline entry's stored details, copied into the audit log. Codes
    /// only: a rejection's note and a follow-up's text are free text that
    /// may name people, so they go to the event's own note (see
    /// [`CaseAction::note`]), which lives and dies with the case, and never
    /// to the audit log, which is kept for years. Reference numbers are the
    /// agencies' own and name nobody.
    pub fn event_details(&self, from: CaseStatus, to: CaseStatus) -> serde_json::Value {
        let mut details = serde_json::json!({ "from": from.code(), "to": to.code() });
        match self {
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
    pub fn note(&self) -> &str {
        match self {
            CaseAction::Reject { note, .. } => note.trim(),
            CaseAction::FollowUp { outcome } => outcome.trim(),
            _ => "",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("this step is not possible from the case's current status")]
    NotAllowed,
    #[error("a forwarding needs an agency, a date and a reference number")]
    IncompleteForwarding,
    #[error("describe the follow-up")]
    MissingOutcome,
}

impl WorkflowError {
    pub fn message(self) -> Text {
        match self {
            WorkflowError::NotAllowed => Text::new(
                "Langkah ini tidak bisa dilakukan dari status kasus sekarang.",
                "This step is not possible from the case's current status.",
            ),
            WorkflowError::IncompleteForwarding => Text::new(
                "Setiap penerusan perlu lembaga, tanggal (TTTT-BB-HH) dan nomor registrasi.",
                "Each forwarding needs an agency, a date (YYYY-MM-DD) and a reference number.",
            ),
            WorkflowError::MissingOutcome => {
                Text::new("Tuliskan tindak lanjutnya.", "Describe the follow-up.")
            }
        }
    }
}

impl CaseStatus {
    /// The status after `action`, or why it cannot be taken.
    pub fn apply(self, action: &CaseAction) -> Result<CaseStatus, WorkflowError> {
        use CaseStatus::*;
        let next = match (self, action) {
            (Baru, CaseAction::Verify) => Diverifikasi,
            (Baru | Diverifikasi, CaseAction::Reject { .. }) => Ditolak,
            (Diverifikasi | Diteruskan, CaseAction::Forward { targets }) => {
                let complete = !targets.is_empty()
                    && targets.iter().all(|t| {
                        crate::validate::When::parse(&t.date).is_some()
                            && !t.reference.trim().is_empty()
                    });
                if !complete {
                    return Err(WorkflowError::IncompleteForwarding);
                }
                Diteruskan
            }
            (Diteruskan | Ditindaklanjuti, CaseAction::FollowUp { outcome }) => {
                if outcome.trim().is_empty() {
                    return Err(WorkflowError::MissingOutcome);
                }
                Ditindaklanjuti
            }
            (Ditindaklanjuti, CaseAction::Close) => Selesai,
            (Ditolak, CaseAction::Reopen) => Baru,
            _ => return Err(WorkflowError::NotAllowed),
        };
        Ok(next)
    }

    /// The actions a coordinator can take now, for the dashboard's buttons.
    pub fn next_steps(self) -> &'static [&'static str] {
        match self {
            CaseStatus::Baru => &["verify", "reject"],
            CaseStatus::Diverifikasi => &["forward", "reject"],
            CaseStatus::Diteruskan => &["forward", "follow_up"],
            CaseStatus::Ditindaklanjuti => &["follow_up", "close"],
            CaseStatus::Ditolak => &["reopen"],
            CaseStatus::Selesai => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forward(reference: &str) -> CaseAction {
        CaseAction::Forward {
            targets: vec![Forwarding {
                agency: Agency::BawasluKabKota,
                date: "2024-11-22".into(),
                reference: reference.into(),
            }],
        }
    }

    #[test]
    fn a_case_goes_the_whole_road() {
        let s = CaseStatus::Baru;
        let s = s.apply(&CaseAction::Verify).unwrap();
        assert_eq!(s, CaseStatus::Diverifikasi);
        let s = s.apply(&forward("001/LP/PB/Kota/16.00/XI/2024")).unwrap();
        assert_eq!(s, CaseStatus::Diteruskan);
        // Forwarding to a second agency later is allowed.
        assert_eq!(s.apply(&forward("BKN-123")), Ok(CaseStatus::Diteruskan));
        let s = s
            .apply(&CaseAction::FollowUp {
                outcome: "Sanksi teguran tertulis".into(),
            })
            .unwrap();
        assert_eq!(s.apply(&CaseAction::Close), Ok(CaseStatus::Selesai));
    }

    #[test]
    fn steps_out_of_order_are_refused() {
        assert_eq!(
            CaseStatus::Baru.apply(&forward("x")),
            Err(WorkflowError::NotAllowed)
        );
        assert_eq!(
            CaseStatus::Selesai.apply(&CaseAction::Verify),
            Err(WorkflowError::NotAllowed)
        );
        assert_eq!(
            CaseStatus::Diverifikasi.apply(&forward(" ")),
            Err(WorkflowError::IncompleteForwarding)
        );
        assert_eq!(
            CaseStatus::Diverifikasi.apply(&CaseAction::Forward { targets: vec![] }),
            Err(WorkflowError::IncompleteForwarding)
        );
        assert_eq!(
            CaseStatus::Diteruskan.apply(&CaseAction::FollowUp { outcome: "".into() }),
            Err(WorkflowError::MissingOutcome)
        );
    }

    #[test]
    fn next_steps_match_apply() {
        let sample = |step: &str| match step {
            "verify" => CaseAction::Verify,
            "reject" => CaseAction::Reject {
                reason: RejectReason::Duplikat,
                note: String::new(),
            },
            "forward" => forward("REF-1"),
            "follow_up" => CaseAction::FollowUp {
                outcome: "Diperiksa".into(),
            },
            "close" => CaseAction::Close,
            "reopen" => CaseAction::Reopen,
            other => panic!("unknown step {other}"),
        };
        let all = [
            "verify",
            "reject",
            "forward",
            "follow_up",
            "close",
            "reopen",
        ];
        for &status in CaseStatus::ALL {
            for step in all {
                let offered = status.next_steps().contains(&step);
                assert_eq!(
                    status.apply(&sample(step)).is_ok(),
                    offered,
                    "{status:?} {step}"
                );
            }
        }
    }

    #[test]
    fn actions_have_a_stable_json_form() {
        let json = serde_json::to_string(&forward("R-9")).unwrap();
        assert_eq!(
            json,
            r#"{"action":"forward","targets":[{"agency":"bawaslu_kabkota","date":"2024-11-22","reference":"R-9"}]}"#
        );
    }
}
