//! Where a case should go, and why: the suggestion the case page shows and
//! the forward form starts on. A coordinator may always choose otherwise.
//!
//! - Bawaslu handles election-law findings: Pilkada gubernur at the
//!   province, Pemilu and Pilkada bupati/wali kota at the kab/kota of the
//!   place.
//! - Before candidates are set (a *bakal calon*), Bawaslu forwards ASN cases
//!   to BKN, so they go to BKN directly; so do cases past Bawaslu's deadline,
//!   which BKN and SP4N-LAPOR! do not have.
//! - BKN's complaint portal needs the terlapor's NIP (or NIK, which Netral
//!   never asks for): without a NIP a case for BKN goes to SP4N-LAPOR!.
//! - Kepala and perangkat desa answer to the bupati/wali kota (UU 6/2014);
//!   TNI and Polri members to Puspom and Propam.
//!
//! Whether the act is a breach of the code of ethics or of discipline
//! follows the same line: towards a bakal calon it is ethics (PP 42/2004),
//! towards a candidate already set it is discipline (PP 94/2021), both as the
//! SKB 2022 on ASN neutrality applies them.

use serde::{Deserialize, Serialize};
use time::Date;
use time::macros::date;

use crate::catalogue::{Catalogue, ElectionKind, ElectionStage, SubjectType, catalogue};
use crate::i18n::Text;
use crate::workflow::Agency;

catalogue! {
    /// Why a route was suggested, one line each on the case page.
    RouteReason {
        BawasluProvinsi = "bawaslu_provinsi", "Pilkada gubernur diawasi Bawaslu provinsi.", "A governor's election is supervised by the provincial Bawaslu.";
        BawasluKabKota = "bawaslu_kabkota", "Pemilu dan Pilkada bupati/wali kota diawasi Bawaslu kabupaten/kota tempat kejadian.", "General elections and regent or mayor elections are supervised by the Bawaslu of the place's regency or city.";
        BakalCalon = "bakal_calon", "Calon belum ditetapkan: Bawaslu meneruskan kasus ASN terhadap bakal calon ke BKN, jadi langsung ke BKN.", "Candidates were not yet set: Bawaslu forwards ASN cases about prospective candidates to BKN, so go to BKN directly.";
        DeadlinePassed = "deadline_passed", "Batas waktu ke Bawaslu sudah lewat; BKN dan SP4N-LAPOR! tidak punya batas waktu.", "The deadline for Bawaslu has passed; BKN and SP4N-LAPOR! have none.";
        NoNip = "no_nip", "Portal BKN meminta NIP atau NIK terlapor; tanpa NIP, laporkan lewat SP4N-LAPOR!.", "BKN's portal needs the terlapor's NIP or NIK; without a NIP, file with SP4N-LAPOR!.";
        Desa = "desa", "Kepala/perangkat desa juga dilaporkan ke bupati/wali kota (UU 6/2014).", "Village heads and officials are also reported to the regent or mayor (UU 6/2014).";
        TniPolri = "tni_polri", "Anggota TNI/Polri juga dilaporkan ke Puspom TNI atau Propam Polri.", "Military and police members are also reported to Puspom TNI or Propam Polri.";
    }
}

catalogue! {
    /// What kind of breach the act is, which decides the sanction.
    ActClass {
        KodeEtik = "kode_etik", "Pelanggaran kode etik (terhadap bakal calon)", "Breach of the code of ethics (towards a prospective candidate)";
        Disiplin = "disiplin", "Pelanggaran disiplin (terhadap calon yang sudah ditetapkan)", "Breach of discipline (towards a candidate already set)";
        BelumPasti = "belum_pasti", "Kode etik atau disiplin: tergantung apakah calon sudah ditetapkan saat kejadian", "Ethics or discipline: depends on whether candidates were set at the time";
        BukanAsn = "bukan_asn", "Terlapor bukan ASN: diatur aturan lembaganya sendiri", "Not a civil servant: their own body's rules apply";
    }
}

impl ActClass {
    /// The legal basis, as the printed report cites it.
    pub fn basis(self) -> &'static str {
        match self {
            ActClass::KodeEtik => {
                "PP 42/2004 tentang Pembinaan Jiwa Korps dan Kode Etik PNS; SKB tentang Pedoman Pengawasan Netralitas ASN (2022)"
            }
            ActClass::Disiplin => {
                "PP 94/2021 tentang Disiplin PNS, Pasal 5 huruf n; SKB tentang Pedoman Pengawasan Netralitas ASN (2022)"
            }
            ActClass::BelumPasti => {
                "PP 42/2004 (kode etik) atau PP 94/2021 Pasal 5 huruf n (disiplin); SKB tentang Pedoman Pengawasan Netralitas ASN (2022)"
            }
            ActClass::BukanAsn => {
                "UU 6/2014 tentang Desa (kepala/perangkat desa); UU 34/2004 (TNI); UU 2/2002 (Polri)"
            }
        }
    }
}

/// What the suggestion is drawn from: the case's first report, and whether
/// Bawaslu's deadline has finally passed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CaseFacts {
    pub election: Option<ElectionKind>,
    pub stage: Option<ElectionStage>,
    pub subject: Option<SubjectType>,
    pub occurred_on: Option<Date>,
    /// A recognised NIP, which BKN's portal needs.
    pub has_nip: bool,
    pub bawaslu_deadline_passed: bool,
}

/// The suggested route: the first body to file with, others to inform.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteAdvice {
    pub to: Agency,
    #[serde(default)]
    pub also: Vec<Agency>,
    #[serde(default)]
    pub reasons: Vec<RouteReason>,
    pub act: ActClass,
}

/// When candidates were set (penetapan calon, KPU) and the vote, for each
/// election Netral has seen. Before the first date a candidate is a bakal
/// calon. Later elections are added when the KPU sets their schedule.
struct Schedule {
    family: Family,
    set: Date,
    voting: Date,
}

/// Elections held together but with candidates set on different days.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    Pilpres,
    Pileg,
    Pilkada,
}

fn family(kind: ElectionKind) -> Family {
    match kind {
        ElectionKind::Pilpres => Family::Pilpres,
        k if k.is_pilkada() => Family::Pilkada,
        _ => Family::Pileg,
    }
}

const SCHEDULES: &[Schedule] = &[
    Schedule {
        family: Family::Pilpres,
        set: date!(2018 - 09 - 20),
        voting: date!(2019 - 04 - 17),
    },
    Schedule {
        family: Family::Pileg,
        set: date!(2018 - 09 - 20),
        voting: date!(2019 - 04 - 17),
    },
    Schedule {
        family: Family::Pilkada,
        set: date!(2020 - 09 - 23),
        voting: date!(2020 - 12 - 09),
    },
    Schedule {
        family: Family::Pileg,
        set: date!(2023 - 11 - 03),
        voting: date!(2024 - 02 - 14),
    },
    Schedule {
        family: Family::Pilpres,
        set: date!(2023 - 11 - 13),
        voting: date!(2024 - 02 - 14),
    },
    Schedule {
        family: Family::Pilkada,
        set: date!(2024 - 09 - 22),
        voting: date!(2024 - 11 - 27),
    },
];

/// Ethics or discipline, from the stage the volunteer chose or, when that
/// does not settle it, the date against the election's schedule.
pub fn act_class(f: &CaseFacts) -> ActClass {
    if matches!(
        f.subject,
        Some(SubjectType::KepalaDesa | SubjectType::PerangkatDesa | SubjectType::TniPolri)
    ) {
        return ActClass::BukanAsn;
    }
    match f.stage {
        Some(ElectionStage::PraPencalonan) => return ActClass::KodeEtik,
        Some(
            ElectionStage::Kampanye
            | ElectionStage::MasaTenang
            | ElectionStage::Pemungutan
            | ElectionStage::Rekapitulasi
            | ElectionStage::Pasca,
        ) => return ActClass::Disiplin,
        Some(ElectionStage::Pencalonan) | None => {}
    }
    let (Some(kind), Some(day)) = (f.election, f.occurred_on) else {
        return ActClass::BelumPasti;
    };
    // The election an act belongs to: the first of its family whose vote is
    // not more than half a year behind it, and at most two years ahead.
    let schedule = SCHEDULES.iter().find(|s| {
        s.family == family(kind)
            && day <= s.voting + time::Duration::days(183)
            && day >= s.voting - time::Duration::days(730)
    });
    match schedule {
        Some(s) if day < s.set => ActClass::KodeEtik,
        Some(_) => ActClass::Disiplin,
        None => ActClass::BelumPasti,
    }
}

/// The suggested route for a case.
pub fn advise(f: &CaseFacts) -> RouteAdvice {
    let act = act_class(f);
    let mut reasons = Vec::new();
    let bawaslu = if f.election == Some(ElectionKind::PilkadaGubernur) {
        reasons.push(RouteReason::BawasluProvinsi);
        Agency::BawasluProvinsi
    } else {
        reasons.push(RouteReason::BawasluKabKota);
        Agency::BawasluKabKota
    };
    let also = match f.subject {
        Some(SubjectType::KepalaDesa | SubjectType::PerangkatDesa) => {
            reasons.push(RouteReason::Desa);
            vec![Agency::BupatiWaliKota]
        }
        Some(SubjectType::TniPolri) => {
            reasons.push(RouteReason::TniPolri);
            vec![Agency::Puspom, Agency::Propam]
        }
        _ => Vec::new(),
    };
    if act == ActClass::BukanAsn {
        // BKN has no say over them: past Bawaslu's deadline, their own
        // superiors are the channel left.
        if f.bawaslu_deadline_passed {
            reasons.retain(|r| {
                !matches!(
                    r,
                    RouteReason::BawasluKabKota | RouteReason::BawasluProvinsi
                )
            });
            reasons.insert(0, RouteReason::DeadlinePassed);
            let mut rest = also.clone();
            let to = rest.remove(0);
            return RouteAdvice {
                to,
                also: rest,
                reasons,
                act,
            };
        }
        return RouteAdvice {
            to: bawaslu,
            also,
            reasons,
            act,
        };
    }
    let mut to = bawaslu;
    if act == ActClass::KodeEtik {
        reasons = vec![RouteReason::BakalCalon];
        to = Agency::Bkn;
    } else if f.bawaslu_deadline_passed {
        reasons = vec![RouteReason::DeadlinePassed];
        to = Agency::Bkn;
    }
    if to == Agency::Bkn && !f.has_nip {
        reasons.push(RouteReason::NoNip);
        to = Agency::Lapor;
    }
    RouteAdvice {
        to,
        also,
        reasons,
        act,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(election: ElectionKind, occurred: Date) -> CaseFacts {
        CaseFacts {
            election: Some(election),
            stage: None,
            subject: Some(SubjectType::Asn),
            occurred_on: Some(occurred),
            has_nip: true,
            bawaslu_deadline_passed: false,
        }
    }

    #[test]
    fn bawaslu_by_election_kind() {
        let day = date!(2024 - 10 - 15);
        let gubernur = advise(&facts(ElectionKind::PilkadaGubernur, day));
        assert_eq!(gubernur.to, Agency::BawasluProvinsi);
        assert_eq!(gubernur.reasons, vec![RouteReason::BawasluProvinsi]);
        assert_eq!(
            advise(&facts(ElectionKind::PilkadaBupati, day)).to,
            Agency::BawasluKabKota
        );
        assert_eq!(
            advise(&facts(ElectionKind::PilkadaWaliKota, day)).to,
            Agency::BawasluKabKota
        );
        let pemilu = advise(&facts(
            ElectionKind::PilegDprdKabKota,
            date!(2024 - 01 - 10),
        ));
        assert_eq!(pemilu.to, Agency::BawasluKabKota);
        assert_eq!(pemilu.act, ActClass::Disiplin);
    }

    #[test]
    fn a_bakal_calon_case_goes_to_bkn_and_is_ethics() {
        // Pilkada 2024 candidates were set on 22 September.
        let f = facts(ElectionKind::PilkadaBupati, date!(2024 - 08 - 30));
        let r = advise(&f);
        assert_eq!((r.to, r.act), (Agency::Bkn, ActClass::KodeEtik));
        assert_eq!(r.reasons, vec![RouteReason::BakalCalon]);
        // The day they were set, it is discipline.
        let set = advise(&facts(ElectionKind::PilkadaBupati, date!(2024 - 09 - 22)));
        assert_eq!(
            (set.to, set.act),
            (Agency::BawasluKabKota, ActClass::Disiplin)
        );
        // The stage, when the volunteer chose one, decides over the date.
        let staged = CaseFacts {
            stage: Some(ElectionStage::PraPencalonan),
            ..set_facts()
        };
        assert_eq!(act_class(&staged), ActClass::KodeEtik);
        let campaign = CaseFacts {
            stage: Some(ElectionStage::Kampanye),
            ..f
        };
        assert_eq!(act_class(&campaign), ActClass::Disiplin);
    }

    fn set_facts() -> CaseFacts {
        facts(ElectionKind::PilkadaBupati, date!(2024 - 10 - 01))
    }

    #[test]
    fn pemilu_2019_and_2024_schedules() {
        assert_eq!(
            act_class(&facts(ElectionKind::Pilpres, date!(2018 - 08 - 10))),
            ActClass::KodeEtik
        );
        assert_eq!(
            act_class(&facts(ElectionKind::Pilpres, date!(2019 - 03 - 01))),
            ActClass::Disiplin
        );
        assert_eq!(
            act_class(&facts(ElectionKind::Pilpres, date!(2023 - 11 - 12))),
            ActClass::KodeEtik
        );
        assert_eq!(
            act_class(&facts(ElectionKind::PilegDpr, date!(2023 - 12 - 01))),
            ActClass::Disiplin
        );
        // Pileg's lists were set ten days before the presidential tickets.
        assert_eq!(
            act_class(&facts(ElectionKind::PilegDpr, date!(2023 - 11 - 08))),
            ActClass::Disiplin
        );
        assert_eq!(
            act_class(&facts(ElectionKind::Pilpres, date!(2023 - 11 - 08))),
            ActClass::KodeEtik
        );
        // No schedule known yet for the next elections.
        assert_eq!(
            act_class(&facts(ElectionKind::Pilpres, date!(2028 - 06 - 01))),
            ActClass::BelumPasti
        );
        let unknown = CaseFacts {
            occurred_on: None,
            ..facts(ElectionKind::Pilpres, date!(2024 - 01 - 01))
        };
        assert_eq!(act_class(&unknown), ActClass::BelumPasti);
    }

    #[test]
    fn without_a_nip_bkn_cases_go_to_lapor() {
        let f = CaseFacts {
            has_nip: false,
            ..facts(ElectionKind::PilkadaBupati, date!(2024 - 08 - 30))
        };
        let r = advise(&f);
        assert_eq!(r.to, Agency::Lapor);
        assert_eq!(r.reasons, vec![RouteReason::BakalCalon, RouteReason::NoNip]);
        // Bawaslu needs no NIP.
        let bawaslu = CaseFacts {
            has_nip: false,
            ..set_facts()
        };
        assert_eq!(advise(&bawaslu).to, Agency::BawasluKabKota);
    }

    #[test]
    fn past_bawaslus_deadline_bkn_or_lapor() {
        let late = CaseFacts {
            bawaslu_deadline_passed: true,
            ..set_facts()
        };
        let r = advise(&late);
        assert_eq!(r.to, Agency::Bkn);
        assert_eq!(r.reasons, vec![RouteReason::DeadlinePassed]);
        let no_nip = CaseFacts {
            has_nip: false,
            ..late
        };
        assert_eq!(advise(&no_nip).to, Agency::Lapor);
    }

    #[test]
    fn village_heads_and_tni_polri() {
        let desa = CaseFacts {
            subject: Some(SubjectType::KepalaDesa),
            ..set_facts()
        };
        let r = advise(&desa);
        assert_eq!(r.to, Agency::BawasluKabKota);
        assert_eq!(r.also, vec![Agency::BupatiWaliKota]);
        assert_eq!(r.act, ActClass::BukanAsn);
        assert!(r.reasons.contains(&RouteReason::Desa));
        let late = advise(&CaseFacts {
            bawaslu_deadline_passed: true,
            ..desa
        });
        assert_eq!((late.to, late.also.len()), (Agency::BupatiWaliKota, 0));

        let tni = advise(&CaseFacts {
            subject: Some(SubjectType::TniPolri),
            ..set_facts()
        });
        assert_eq!(tni.also, vec![Agency::Puspom, Agency::Propam]);
        assert!(tni.reasons.contains(&RouteReason::TniPolri));
        let tni_late = advise(&CaseFacts {
            subject: Some(SubjectType::TniPolri),
            bawaslu_deadline_passed: true,
            ..set_facts()
        });
        assert_eq!(
            (tni_late.to, tni_late.also.clone()),
            (Agency::Puspom, vec![Agency::Propam])
        );
    }

    #[test]
    fn every_reason_and_class_reads_in_both_languages() {
        for r in RouteReason::ALL {
            assert!(!r.label().id.is_empty() && !r.label().en.is_empty());
        }
        for c in ActClass::ALL {
            assert!(!c.basis().is_empty());
        }
    }
}
