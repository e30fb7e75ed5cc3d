//! One report of a case as a coordinator checks it: why it was grouped,
//! what the volunteer saw, the evidence (photos, videos and links), and the way out
//! of the case when it was grouped wrongly.

use leptos::prelude::*;
use leptos::task::spawn_local;
use netral_app::i18n::{tr, use_lang};
use netral_shared::Text;
use netral_shared::cases::{CaseDetail, CaseMember};
use netral_shared::media::megabytes;
use netral_shared::report::Report;
use netral_shared::sync::API_PREFIX;

use crate::api;

/// Where the server serves a photo by its SHA-256 (session cookie, scoped).
pub fn photo_url(sha256: &str) -> String {
    format!("{API_PREFIX}/evidence/{sha256}")
}

#[component]
pub fn ReportCard(
    case_id: i64,
    number: usize,
    member: CaseMember,
    can_split: bool,
    on_change: Callback<CaseDetail>,
) -> impl IntoView {
    let lang = use_lang();
    let reason = member.reason;
    let manual = member.manual;
    let who = member.pseudonym.clone().unwrap_or_default();
    let report_id = member.report_id;
    let error = RwSignal::new(None::<String>);
    let moved = use_context::<crate::case::SplitNotice>();
    let split = move |_| {
        spawn_local(async move {
            match api::split(case_id, report_id).await {
                Ok(new_case) => {
                    // Said by the case page: this card is gone once the
                    // case is reloaded without the report.
                    if let Some(moved) = moved {
                        moved.0.set(Some(new_case.summary.id));
                    }
                    if let Ok(d) = api::case(case_id).await {
                        on_change.run(d);
                    }
                }
                Err(e) => error.set(Some(e.message.get(lang.get_untracked()).to_owned())),
            }
        });
    };
    view! {
        <li class="member" data-report=report_id.to_string()>
            <h3>
                {format!("{number}. {}", member.terlapor_name)}
                " · "{member.occurred_on.clone()}
                {(!who.is_empty()).then(|| view! { " · "<span class="pseudonym">{who}</span> })}
            </h3>
            <p class="why"><small>{move || match (reason, manual) {
                (Some(r), _) => r.reason().get(lang.get()).to_owned(),
                (None, false) => Text::new("Laporan pertama kasus ini", "The report that opened this case").get(lang.get()).to_owned(),
                (None, true) => Text::new("Ditempatkan di kasus ini oleh koordinator", "Placed in this case by a coordinator").get(lang.get()).to_owned(),
            }}{(manual && reason.is_some()).then(|| tr(" (dipindah oleh koordinator)", " (moved by a coordinator)"))}</small></p>
            {member.report.map(|r| view! { <ReportBody report=r number=number witnesses=member.witnesses nip_kind=member.nip_kind /> })}
            {can_split.then(|| view! {
                <button class="secondary split" on:click=split>{tr("Pisahkan jadi kasus sendiri", "Split out into its own case")}</button>
            })}
            {move || error.get().map(|e| view! { <p class="problem" role="alert">{e}</p> })}
        </li>
    }
}

/// What the volunteer recorded, reporter identity excepted; of the
/// witnesses only how many (their details: the audited identity opening).
#[component]
fn ReportBody(
    report: Report,
    number: usize,
    witnesses: u32,
    nip_kind: Option<netral_shared::nip::NipKind>,
) -> impl IntoView {
    let lang = use_lang();
    let violations = report.violations.clone();
    let source = report.source.clone();
    let source_line = move || {
        let l = lang.get();
        [
            source.kind.map(|k| k.label().get(l).to_owned()),
            source.platform.map(|p| p.label().get(l).to_owned()),
            Some(source.account.clone()),
            Some(source.outlet.clone()),
        ]
        .into_iter()
        .flatten()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
    };
    let mut links: Vec<String> = report.evidence_links.clone();
    if !report.source.url.is_empty() && !links.contains(&report.source.url) {
        links.insert(0, report.source.url.clone());
    }
    let photos = report.photos.clone();
    let videos = report.videos.clone();
    view! {
        <div class="report-body">
            <ul class="violations">
                {violations.into_iter().map(|v| view! { <li>{move || v.label().get(lang.get())}</li> }).collect_view()}
            </ul>
            <p class="description">{report.description.clone()}</p>
            <p class="source">{source_line}</p>
            {(!report.terlapor.nip.trim().is_empty()).then(|| view! {
                <p class="nip"><strong>"NIP: "</strong>{report.terlapor.nip.clone()}
                    // Kept as typed; it joined no reports, so the coordinator checks it.
                    {(nip_kind == Some(netral_shared::nip::NipKind::Unrecognised)).then(|| view! {
                        " "<span class="nip-unrecognised">{tr("NIP tidak dikenali (periksa lagi)", "NIP not recognised (check it)")}</span>
                    })}
                </p>
            })}
            {line(tr("Tempat", "Place"), report.place.description.clone())}
            {(witnesses > 0).then(|| view! {
                <p><strong>{tr("Saksi", "Witnesses")}": "</strong>{move || match lang.get() {
                    netral_shared::Lang::Id => format!("{witnesses} orang (rinciannya dibuka bersama identitas pelapor, tercatat di log audit)"),
                    netral_shared::Lang::En => format!("{witnesses} named (details open with the reporter's identity, written to the audit log)"),
                }}</p>
            })}
            {line(tr("Pihak yang diuntungkan", "Who benefits"), report.beneficiary.clone())}
            {(!links.is_empty()).then(|| view! {
                <ul class="links">
                    {links.into_iter().map(|url| view! {
                        <li><a href=url.clone() target="_blank" rel="noopener noreferrer nofollow">{url.clone()}</a></li>
                    }).collect_view()}
                </ul>
            })}
            {(!photos.is_empty()).then(|| view! {
                <ul class="photos">
                    {photos.into_iter().enumerate().map(|(i, p)| {
                        let url = photo_url(&p.sha256);
                        let src = url.clone();
                        let taken = crate::timeline::local_minute(&p.captured_at)
                            .map(|t| t.replace('T', " "))
                            .unwrap_or_default();
                        let alt = move || match lang.get() {
                            netral_shared::Lang::Id => format!("Foto bukti {} laporan {number} ({taken})", i + 1),
                            netral_shared::Lang::En => format!("Evidence photo {} of report {number} ({taken})", i + 1),
                        };
                        view! {
                            <li><a href=url.clone() target="_blank" rel="noopener">
                                <img src=src loading="lazy" width="120" height="120" alt=alt />
                            </a></li>
                        }
                    }).collect_view()}
                </ul>
            })}
            {(!videos.is_empty()).then(|| view! {
                <ul class="videos">
                    {videos.into_iter().map(|v| {
                        let url = photo_url(&v.sha256);
                        let size = v.bytes;
                        view! {
                            <li class="evidence-video">
                                <video src=url.clone() controls preload="metadata" width="320"></video>
                                <a href=url download=format!("{}.{}", v.sha256, video_extension(&v.media_type))>
                                    {move || format!("{} ({})", Text::new("Unduh video", "Download the video").get(lang.get()), megabytes(size, lang.get()))}
                                </a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}

/// The file name ending a downloaded video gets, from its sniffed type.
pub fn video_extension(media_type: &str) -> &'static str {
    if media_type == "video/mp4" {
        "mp4"
    } else {
        "webm"
    }
}

/// "Saksi: …", or nothing when the report left it empty.
fn line(
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    text: String,
) -> Option<impl IntoView> {
    (!text.trim().is_empty()).then(move || view! { <p><strong>{label}": "</strong>{text}</p> })
}
