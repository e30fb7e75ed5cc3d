//! The printable "Laporan Dugaan Pelanggaran Netralitas ASN" of a case: the
//! contents UU 7/2017 Ps 454(4) (Pilkada: UU 1/2015 Ps 134) and Perbawaslu
//! 7/2022 ask of a written report, laid out to print or save as PDF from the
//! browser. The document is in Indonesian whatever the interface language:
//! it is filed with Indonesian authorities.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use netral_app::i18n::{tr, use_lang};
use netral_shared::Lang;
use netral_shared::cases::CaseDetail;
use netral_shared::regions::{ProvinceCode, RegencyCode};
use netral_shared::report::{Report, Reporter};

use crate::api;
use crate::case::use_case_detail;
use crate::members::photo_url;
use crate::timeline::local_minute;
use netral_shared::dates::tanggal;

#[component]
pub fn PrintView() -> impl IntoView {
    let lang = use_lang();
    let (id, detail) = use_case_detail();
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <div class="no-print print-controls">
            <p><A href=move || format!("/dasbor/kasus/{}", id.get())>{tr("← Kembali ke kasus", "← Back to the case")}</A></p>
            <p>{tr(
                "Dokumen ini disusun dari laporan relawan dalam kasus. Periksa, lengkapi bagian yang kosong, lalu cetak atau simpan sebagai PDF dan tandatangani.",
                "This document is drawn from the volunteers' reports in the case. It is in Indonesian, as the authorities require. Check it, complete the blanks, then print or save as PDF and sign it.",
            )}</p>
            <button class="primary print-button" on:click=print>{tr("Cetak / simpan PDF", "Print / save as PDF")}</button>
        </div>
        {move || match detail.get() {
            None => view! { <p class="empty">{tr("Memuat…", "Loading…")}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="problem">{e.message.get(lang.get()).to_owned()}</p> }.into_any(),
            Some(Ok(d)) => view! { <FormalReport detail=d /> }.into_any(),
        }}
    }
}

/// A labelled line; a blank to fill in by hand when there is nothing.
fn row(label: &'static str, value: String) -> impl IntoView {
    let blank = value.trim().is_empty();
    view! {
        <tr>
            <th scope="row">{label}</th>
            <td class:blank=blank>{value}</td>
        </tr>
    }
}

fn joined(parts: impl IntoIterator<Item = String>) -> String {
    let mut seen: Vec<String> = Vec::new();
    for p in parts {
        let p = p.trim().to_owned();
        if !p.is_empty() && !seen.contains(&p) {
            seen.push(p);
        }
    }
    seen.join("; ")
}

#[component]
fn FormalReport(detail: CaseDetail) -> impl IntoView {
    let lang = use_lang();
    let s = detail.summary.clone();
    let reports: Vec<Report> = detail
        .reports
        .iter()
        .filter_map(|m| m.report.clone())
        .collect();
    let first = reports.first().cloned().unwrap_or_default();
    let first_id = detail.reports.first().map(|m| m.report_id);
    let pilkada = first.election.kind.is_some_and(|k| k.is_pilkada());
    let basis = if pilkada {
        "UU 1/2015 Pasal 134 jo. UU 10/2016; Perbawaslu 7/2022"
    } else {
        "UU 7/2017 Pasal 454 ayat (4); Perbawaslu 7/2022"
    };
    let regency = RegencyCode::parse(&s.regency)
        .map(|r| r.name().to_owned())
        .unwrap_or_default();
    let province = ProvinceCode::parse(&s.province)
        .map(|p| p.name().to_owned())
        .unwrap_or_default();
    let earliest = reports
        .iter()
        .map(|r| r.occurred_at.clone())
        .filter(|t| !t.is_empty())
        .min()
        .unwrap_or_else(|| s.first_occurred_on.clone());
    let nip = joined(reports.iter().map(|r| r.terlapor.nip.clone()));
    let kind = joined([
        first
            .terlapor
            .subject_type
            .map(|t| t.label().get(Lang::Id).to_owned())
            .unwrap_or_default(),
        first
            .terlapor
            .position_class
            .map(|t| t.label().get(Lang::Id).to_owned())
            .unwrap_or_default(),
    ]);
    let election = joined([
        first
            .election
            .kind
            .map(|k| k.label().get(Lang::Id).to_owned())
            .unwrap_or_default(),
        first
            .election
            .stage
            .map(|k| format!("tahapan {}", k.label().get(Lang::Id)))
            .unwrap_or_default(),
    ]);
    let violations = {
        let mut v = Vec::new();
        for r in &reports {
            for c in &r.violations {
                if !v.contains(c) {
                    v.push(*c);
                }
            }
        }
        v
    };
    let place = joined([s.place.clone(), regency.clone(), province]);
    // Stored sealed with the reporter: filled in by the same audited opening.
    let witnesses = RwSignal::new(String::new());
    let beneficiary = joined(reports.iter().map(|r| r.beneficiary.clone()));
    let links = {
        let mut l: Vec<String> = Vec::new();
        for r in &reports {
            for u in std::iter::once(&r.source.url).chain(&r.evidence_links) {
                if !u.is_empty() && !l.contains(u) {
                    l.push(u.clone());
                }
            }
        }
        l
    };
    let photos: Vec<_> = {
        let mut p: Vec<netral_shared::report::PhotoRef> = Vec::new();
        for r in &reports {
            for ph in &r.photos {
                if !p.iter().any(|x| x.sha256 == ph.sha256) {
                    p.push(ph.clone());
                }
            }
        }
        p
    };
    let reporter = RwSignal::new(Reporter::default());
    let reveal_error = RwSignal::new(None::<String>);
    let reveal = move |_| {
        let Some(report_id) = first_id else { return };
        spawn_local(async move {
            match api::reporter(report_id).await {
                Ok(r) => {
                    reveal_error.set(None);
                    witnesses.set(r.witnesses);
                    reporter.set(Reporter {
                        name: r.name,
                        contact: r.contact,
                        address: r.address,
                    });
                }
                Err(e) => reveal_error.set(Some(e.message.get(lang.get_untracked()).to_owned())),
            }
        });
    };
    // Two volunteers often write the same words (one forwarded the other's
    // text): each description once, numbered by the first report with it.
    let mut descriptions: Vec<(usize, String)> = Vec::new();
    for (i, r) in reports.iter().enumerate() {
        let d = r.description.trim();
        if !d.is_empty() && !descriptions.iter().any(|(_, seen)| seen == d) {
            descriptions.push((i + 1, d.to_owned()));
        }
    }
    let many = descriptions.len() > 1;
    let missing = detail.formal_missing.clone();
    view! {
        <div class="no-print reveal">
            <button class="secondary reveal-reporter" on:click=reveal>
                {tr("Isi identitas pelapor dan saksi dari laporan pertama (tercatat di log audit)", "Fill in the reporter and witnesses from the first report (written to the audit log)")}
            </button>
            {move || reveal_error.get().map(|e| view! { <p class="problem" role="alert">{e}</p> })}
            {(!missing.is_empty()).then(|| view! {
                <div class="checklist">
                    <p>{tr("Sebelum diajukan, lengkapi:", "Before filing, complete:")}</p>
                    <ul>{missing.iter().map(|m| { let label = m.label.clone(); view! { <li>{move || label.get(lang.get()).to_owned()}</li> } }).collect_view()}</ul>
                </div>
            })}
        </div>
        <article class="formal-report" lang="id">
            <h1>"LAPORAN DUGAAN PELANGGARAN NETRALITAS ASN"</h1>
            <p class="basis">{format!("Disusun menurut {basis}. Kasus Netral #{}.", s.id)}</p>

            <h2>"I. Identitas Pelapor"</h2>
            <table class="formal">
                {move || { let r = reporter.get(); view! {
                    {row("Nama", r.name)}
                    {row("Alamat", r.address)}
                    {row("Nomor telepon / e-mail", r.contact)}
                } }}
            </table>

            <h2>"II. Identitas Terlapor"</h2>
            <table class="formal">
                {row("Nama", s.terlapor_name.clone())}
                {row("NIP", nip)}
                {row("Jabatan", s.terlapor_position.clone())}
                {row("Instansi", s.terlapor_agency.clone())}
                {row("Kategori", kind)}
            </table>

            <h2>"III. Waktu dan Tempat Kejadian"</h2>
            <table class="formal">
                {row("Waktu kejadian", tanggal(&earliest))}
                {row("Waktu diketahui", tanggal(&s.first_known_on))}
                {row("Tempat kejadian", place)}
                {row("Pemilihan", election)}
                {row("Batas waktu ke Bawaslu", crate::case::case_deadline(s.deadline.as_deref(), None).map(|d| netral_shared::dates::long_date(d.legal, Lang::Id)).unwrap_or_default())}
            </table>

            <h2>"IV. Dugaan Pelanggaran"</h2>
            <ul>
                {violations.iter().map(|v| view! { <li>{v.label().get(Lang::Id)}</li> }).collect_view()}
            </ul>
            <p class="basis">"Larangan bagi ASN: PP 94/2021 Pasal 5 huruf n; SKB 5 Menteri/Kepala Lembaga tentang Pedoman Pengawasan Netralitas ASN (22 September 2022)."</p>

            <h2>"V. Uraian Kejadian"</h2>
            {descriptions.into_iter().map(|(n, d)| view! {
                <p class="uraian">{many.then(|| format!("Laporan {n}: "))}{d}</p>
            }).collect_view()}

            <h2>"VI. Saksi"</h2>
            <p class:blank=move || witnesses.get().is_empty()>{move || witnesses.get()}</p>

            <h2>"VII. Bukti"</h2>
            {(!links.is_empty()).then(|| view! {
                <ol class="evidence-links">{links.into_iter().map(|u| view! { <li>{u}</li> }).collect_view()}</ol>
            })}
            {(!photos.is_empty()).then(|| view! {
                <ol class="evidence-photos">
                    {photos.into_iter().map(|p| {
                        let taken = tanggal(&local_minute(&p.captured_at).unwrap_or(p.captured_at));
                        view! {
                            <li>
                                <img src=photo_url(&p.sha256) alt=format!("Foto bukti, diambil {taken}") />
                                <small>{format!("Diambil {taken} · SHA-256 {}", p.sha256)}</small>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            })}

            <h2>"VIII. Pihak yang Diuntungkan"</h2>
            <p class:blank=beneficiary.is_empty()>{beneficiary.clone()}</p>

            <div class="signature">
                <p>{format!("{}, ........................ 20....", if regency.is_empty() { "........................".to_owned() } else { regency.clone() })}</p>
                <p>"Pelapor,"</p>
                <p class="sign-space">"(tanda tangan sesuai KTP)"</p>
                <p>"( ........................................ )"</p>
            </div>
        </article>
    }
}
