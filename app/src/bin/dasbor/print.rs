//! The printable report of a case, laid out as Bawaslu's report form: for
//! Pemilu the Formulir Model B.1 of Perbawaslu 7/2022 (UU 7/2017 Ps 454), for
//! Pilkada the form of Perbawaslu 8/2020 as amended by Perbawaslu 9/2024
//! (UU 1/2015 Ps 134). Printed or saved as PDF from the browser. The document
//! is in Indonesian whatever the interface language: it is filed with
//! Indonesian authorities.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use netral_app::i18n::{tr, use_lang};
use netral_shared::Lang;
use netral_shared::cases::CaseDetail;
use netral_shared::catalogue::ElectionKind;
use netral_shared::dates::long_date;
use netral_shared::regions::{ProvinceCode, RegencyCode};
use netral_shared::report::{PhotoRef, Report, VideoRef};
use netral_shared::validate::When;

use crate::api;
use crate::case::use_case_detail;
use crate::members::photo_url;
use crate::pelapor::{Pelapor, PelaporForm};
use crate::route::agency_with_region;
use crate::timeline::local_minute;
use netral_shared::media::megabytes;

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

/// "Rabu, 20 November 2024 pukul 09.30": the form asks for the day as well
/// as the date; a date given without a time gets no time.
fn hari_tanggal(when: &str) -> String {
    let Some(w) = When::parse(when) else {
        return when.to_owned();
    };
    let day = long_date(w.date, Lang::Id);
    match w.time {
        Some(t) => format!("{day} pukul {:02}.{:02}", t.hour(), t.minute()),
        None => day,
    }
}

/// The citation for the election's kind: the law on what a report holds
/// and the Bawaslu regulation whose form this follows.
pub fn legal_basis(kind: Option<ElectionKind>, occurred: Option<time::Date>) -> String {
    match kind {
        Some(k) if k.is_pilkada() => {
            // Perbawaslu 9/2024 amended 8/2020 for the 2024 Pilkada.
            let amended = occurred.is_none_or(|d| d.year() >= 2024);
            format!(
                "UU 1/2015 Pasal 134 jo. UU 10/2016; Perbawaslu 8/2020 tentang Penanganan Pelanggaran Pemilihan Gubernur, Bupati, dan Wali Kota{}",
                if amended { " sebagaimana diubah dengan Perbawaslu 9/2024" } else { "" }
            )
        }
        _ => "UU 7/2017 Pasal 454 ayat (4) dan (6); Perbawaslu 7/2022 tentang Penanganan Temuan dan Laporan Pelanggaran Pemilihan Umum, Formulir Model B.1".to_owned(),
    }
}

/// Witnesses as the volunteer wrote them, one per line (or per ";").
fn witness_entries(text: &str) -> Vec<String> {
    text.split(['\n', ';'])
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
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
    let kind = first.election.kind;
    let pilkada = kind.is_some_and(|k| k.is_pilkada());
    let earliest = reports
        .iter()
        .map(|r| r.occurred_at.clone())
        .filter(|t| !t.is_empty())
        .min()
        .unwrap_or_else(|| s.first_occurred_on.clone());
    let basis = legal_basis(kind, When::parse(&earliest).map(|w| w.date));
    let regency = RegencyCode::parse(&s.regency)
        .map(|r| r.name().to_owned())
        .unwrap_or_default();
    let province = ProvinceCode::parse(&s.province)
        .map(|p| p.name().to_owned())
        .unwrap_or_default();
    let nip = joined(reports.iter().map(|r| r.terlapor.nip.clone()));
    let category = joined([
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
        kind.map(|k| k.label().get(Lang::Id).to_owned())
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
    let place = joined([s.place.clone(), regency.clone(), province.clone()]);
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
    let photos: Vec<PhotoRef> = {
        let mut p: Vec<PhotoRef> = Vec::new();
        for r in &reports {
            for ph in &r.photos {
                if !p.iter().any(|x| x.sha256 == ph.sha256) {
                    p.push(ph.clone());
                }
            }
        }
        p
    };
    let videos: Vec<VideoRef> = {
        let mut v: Vec<VideoRef> = Vec::new();
        for r in &reports {
            for x in &r.videos {
                if !v.iter().any(|y| y.sha256 == x.sha256) {
                    v.push(x.clone());
                }
            }
        }
        v
    };
    let pelapor = RwSignal::new(Pelapor {
        kewarganegaraan: "Indonesia".to_owned(),
        ..Pelapor::default()
    });
    let reveal_error = RwSignal::new(None::<String>);
    let reveal = move |_| {
        let Some(report_id) = first_id else { return };
        spawn_local(async move {
            match api::reporter(report_id).await {
                Ok(r) => {
                    reveal_error.set(None);
                    witnesses.set(r.witnesses);
                    pelapor.update(|p| {
                        p.nama = r.name;
                        p.alamat = r.address;
                        // One contact field on the phone: an address with
                        // an @ is an e-mail, anything else a number.
                        if r.contact.contains('@') {
                            p.email = r.contact;
                        } else {
                            p.telepon = r.contact;
                        }
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
    let act = detail.route.as_ref().map(|r| r.act);
    let addressee = detail.route.as_ref().map(|r| {
        let (a, region) = agency_with_region(r.to, &s.province, &s.regency);
        format!("{}{region}", a.label().get(Lang::Id))
    });
    // Where and when it is filed: the coordinator's, at print time.
    let filed_at = RwSignal::new(regency.clone());
    let filed_on = RwSignal::new(crate::today().to_string());
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
        <PelaporForm pelapor=pelapor />
        <fieldset class="filed-at no-print">
            <legend>{tr("Tempat dan tanggal pelaporan", "Where and when it is filed")}</legend>
            <div class="field">
                <label for="p-filed-at">{tr("Dilaporkan di", "Filed at")}</label>
                <input id="p-filed-at" prop:value=move || filed_at.get() on:input=move |ev| filed_at.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="p-filed-on">{tr("Tanggal", "Date")}</label>
                <input id="p-filed-on" type="date" prop:value=move || filed_on.get() on:input=move |ev| filed_on.set(event_target_value(&ev)) />
            </div>
        </fieldset>
        <article class="formal-report" lang="id">
            <p class="form-model">{if pilkada { "Formulir Laporan Pelanggaran Pemilihan" } else { "Formulir Model B.1" }}</p>
            <h1>{if pilkada { "LAPORAN DUGAAN PELANGGARAN PEMILIHAN" } else { "LAPORAN DUGAAN PELANGGARAN PEMILU" }}</h1>
            <p class="subtitle">"Dugaan Pelanggaran Netralitas Aparatur Sipil Negara"</p>
            <p class="basis">{format!("Dasar: {basis}. Kasus Netral #{}.", s.id)}</p>
            {addressee.map(|a| view! { <p class="addressee">{format!("Kepada Yth. {a}")}</p> })}

            <h2>"I. Identitas Pelapor"</h2>
            <table class="formal pelapor">
                {move || { let p = pelapor.get(); let born = joined([p.tempat_lahir.clone(), When::parse(&p.tanggal_lahir).map(|w| long_date(w.date, Lang::Id)).unwrap_or(p.tanggal_lahir.clone())]); view! {
                    {row("Nama", p.nama)}
                    {row("Tempat/tanggal lahir", born.replace("; ", ", "))}
                    {row("Jenis kelamin", p.jenis_kelamin)}
                    {row("Pekerjaan", p.pekerjaan)}
                    {row("Kewarganegaraan", p.kewarganegaraan)}
                    {row("Alamat", p.alamat)}
                    {row("Nomor telepon/HP", p.telepon)}
                    {row("E-mail", p.email)}
                } }}
            </table>

            <h2>"II. Identitas Terlapor"</h2>
            <table class="formal">
                {row("Nama", s.terlapor_name.clone())}
                {row("Alamat", String::new())}
                {row("NIP", nip)}
                {row("Jabatan", s.terlapor_position.clone())}
                {row("Instansi", s.terlapor_agency.clone())}
                {row("Kategori", category)}
            </table>

            <h2>"III. Peristiwa yang Dilaporkan"</h2>
            <table class="formal">
                {row("Tempat kejadian", place)}
                {row("Hari dan tanggal kejadian", hari_tanggal(&earliest))}
                {row("Hari dan tanggal diketahui", hari_tanggal(&s.first_known_on))}
                {row("Pemilihan", election)}
                {row("Batas waktu ke Bawaslu", crate::case::case_deadline(s.deadline.as_deref(), None).map(|d| long_date(d.legal, Lang::Id)).unwrap_or_default())}
            </table>

            <h2>"IV. Uraian Kejadian"</h2>
            {descriptions.into_iter().map(|(n, d)| view! {
                <p class="uraian">{many.then(|| format!("Laporan {n}: "))}{d}</p>
            }).collect_view()}
            <p>"Dugaan pelanggaran:"</p>
            <ul class="violations">
                {violations.iter().map(|v| view! { <li>{v.label().get(Lang::Id)}</li> }).collect_view()}
            </ul>
            {act.map(|a| view! { <p class="act-class">{format!("{}. Dasar: {}.", a.label().get(Lang::Id), a.basis())}</p> })}
            {(!beneficiary.is_empty()).then(|| view! { <p>{format!("Pihak yang diuntungkan: {beneficiary}")}</p> })}

            <h2>"V. Saksi"</h2>
            {move || {
                let entries = witness_entries(&witnesses.get());
                if entries.is_empty() {
                    view! {
                        <ol class="witnesses">
                            {(0..2).map(|_| view! { <li><p class="blank">"Nama:"</p><p class="blank">"Alamat:"</p><p class="blank">"Nomor telepon:"</p></li> }).collect_view()}
                        </ol>
                    }.into_any()
                } else {
                    view! {
                        <ol class="witnesses">
                            {entries.into_iter().map(|w| view! { <li><p>{w}</p><small>"(nama, alamat, nomor telepon)"</small></li> }).collect_view()}
                        </ol>
                    }.into_any()
                }
            }}

            <h2>"VI. Bukti"</h2>
            <ol class="evidence">
                {links.into_iter().map(|u| view! { <li class="evidence-link">{u}</li> }).collect_view()}
                {photos.into_iter().map(|p| {
                    let taken = hari_tanggal(&local_minute(&p.captured_at).unwrap_or(p.captured_at));
                    view! {
                        <li class="evidence-photo">
                            <img src=photo_url(&p.sha256) alt=format!("Foto bukti, diambil {taken}") />
                            <small>{format!("Foto, diambil {taken} · SHA-256 {}", p.sha256)}</small>
                        </li>
                    }
                }).collect_view()}
                // Paper cannot hold a video: it is named by its hash and
                // handed over as a file with the report.
                {videos.into_iter().map(|v| {
                    let taken = hari_tanggal(&local_minute(&v.captured_at).unwrap_or(v.captured_at.clone()));
                    let kind = if v.media_type == "video/mp4" { "MP4" } else { "WebM" };
                    view! {
                        <li class="evidence-video">
                            {format!(
                                "Video ({kind}, {}), direkam {taken}; dilampirkan sebagai berkas digital · SHA-256 {}",
                                megabytes(v.bytes, Lang::Id),
                                v.sha256,
                            )}
                        </li>
                    }
                }).collect_view()}
            </ol>

            <p class="statement">"Demikian laporan ini saya buat dengan sebenar-benarnya."</p>
            <p class="filed">{move || {
                let at = filed_at.get();
                let on = When::parse(&filed_on.get()).map(|w| long_date(w.date, Lang::Id));
                format!(
                    "Dilaporkan di {} pada hari/tanggal {} pukul ..........",
                    if at.trim().is_empty() { "........................".to_owned() } else { at },
                    on.unwrap_or_else(|| "........................".to_owned()),
                )
            }}</p>
            <div class="signatures">
                <div class="signature">
                    <p>"Penerima Laporan,"</p>
                    <p class="sign-space">"(tanda tangan dan nama jelas)"</p>
                    <p>"( ........................................ )"</p>
                </div>
                <div class="signature">
                    <p>"Pelapor,"</p>
                    <p class="sign-space">"(tanda tangan sesuai KTP)"</p>
                    <p>{move || { let n = pelapor.with(|p| p.nama.clone()); if n.trim().is_empty() { "( ........................................ )".to_owned() } else { format!("( {n} )") } }}</p>
                </div>
            </div>
        </article>
    }
}
