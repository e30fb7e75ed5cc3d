//! One case: what it is about, its reports and why they were grouped, the
//! deadline, and the next step on the road to Bawaslu, BKN or SP4N-LAPOR!.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use netral_app::i18n::{tr, use_lang};
use netral_shared::Lang;
use netral_shared::cases::CaseDetail;
use netral_shared::deadline::Deadline;
use netral_shared::validate::When;

use crate::api;
use crate::corrections::{CanonicalForm, MergeSearch};
use crate::labels::Facet;
use crate::members::ReportCard;
use crate::possibly_same::PossiblySameSection;
use crate::route::RouteSection;
use crate::timeline::Timeline;
use crate::workflow::Workflow;

/// The case whose id is in the URL, loaded once and replaced by every
/// answer of a change (each route that changes a case answers with it).
pub fn use_case_detail() -> (Memo<i64>, RwSignal<Option<api::ApiResult<CaseDetail>>>) {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or(0)
    });
    let detail = RwSignal::new(None::<api::ApiResult<CaseDetail>>);
    Effect::new(move |_| {
        let id = id.get();
        spawn_local(async move { detail.set(Some(api::case(id).await)) });
    });
    (id, detail)
}

/// The server's two dates as a case summary carries them, `latest` absent
/// from an older server meaning the same day.
pub fn case_deadline(legal: Option<&str>, latest: Option<&str>) -> Option<Deadline> {
    let date = |s| When::parse(s).map(|w| w.date);
    let legal = date(legal?)?;
    let latest = latest.and_then(date).unwrap_or(legal).max(legal);
    Some(Deadline { legal, latest })
}

/// "Batas waktu ke Bawaslu: Jumat, 29 November 2024 (2 hari lagi)", or
/// where to turn once it has passed.
pub fn countdown(legal: Option<&str>, latest: Option<&str>, lang: Lang) -> Option<String> {
    let d = case_deadline(legal, latest)?;
    Some(netral_shared::dates::deadline_text(d, crate::today(), lang))
}

/// The case a report was just split out into, to say so above the case.
#[derive(Clone, Copy)]
pub struct SplitNotice(pub RwSignal<Option<i64>>);

#[component]
pub fn CaseView() -> impl IntoView {
    let lang = use_lang();
    let (id, detail) = use_case_detail();
    let moved = RwSignal::new(None::<i64>);
    provide_context(SplitNotice(moved));
    Effect::new(move |_| {
        id.track();
        moved.set(None);
    });
    view! {
        <p><A href="/dasbor">{tr("← Kembali ke ringkasan", "← Back to the overview")}</A></p>
        {move || moved.get().map(|new_case| view! {
            <p class="done case-notice" role="status">
                {tr("Laporan dipindah ke ", "The report was moved to ")}
                <A href=format!("/dasbor/kasus/{new_case}")>{format!("kasus #{new_case}")}</A>
            </p>
        })}
        {move || match detail.get() {
            None => view! { <p class="empty">{tr("Memuat…", "Loading…")}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="problem">{e.message.get(lang.get()).to_owned()}</p> }.into_any(),
            Some(Ok(d)) => view! { <CaseBody detail=d on_change=Callback::new(move |d| detail.set(Some(Ok(d)))) /> }.into_any(),
        }}
    }
}

#[component]
fn CaseBody(detail: CaseDetail, on_change: Callback<CaseDetail>) -> impl IntoView {
    let lang = use_lang();
    let s = detail.summary.clone();
    let status = s.status;
    let id = s.id;
    let region = s.regency.clone();
    let status_code = s.status.code();
    let deadline = s.deadline.clone();
    let deadline_latest = s.deadline_latest.clone();
    let missing = detail.formal_missing.clone();
    let forwardings = detail.forwardings.clone();
    let several = detail.reports.len() > 1;
    let corrections_open = RwSignal::new(false);
    let corrections = (
        detail.summary.clone(),
        detail.reports.first().and_then(|m| m.report.clone()),
    );
    // The case's own name and position, for the merge search and the
    // correction form.
    let name = s.terlapor_name.clone();
    let place_line = if s.place.is_empty() {
        s.first_occurred_on.clone()
    } else {
        format!("{} · {}", s.place, s.first_occurred_on)
    };
    let who = [s.terlapor_position.as_str(), s.terlapor_agency.as_str()]
        .iter()
        .filter(|t| !t.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <article class="case">
            <h1>{format!("Kasus #{id}: {}", s.terlapor_name)}</h1>
            {(!who.is_empty()).then(|| view! { <p class="who">{who}</p> })}
            <p class="case-status" data-status=status_code>{move || status.label().get(lang.get()).to_owned()}</p>
            <p>{move || Facet::Regency.label(&region, lang.get())}" · "{place_line}</p>
            {move || countdown(deadline.as_deref(), deadline_latest.as_deref(), lang.get()).map(|c| view! { <p class="deadline">{c}</p> })}
            <p class="case-links">
                <A href=format!("/dasbor/kasus/{id}/cetak") attr:class="button secondary print-link">
                    {tr("Cetak laporan resmi", "Print the formal report")}
                </A>
            </p>
            {(!missing.is_empty()).then(|| view! {
                <div class="checklist">
                    <p>{tr("Untuk laporan resmi masih kurang:", "A formal report still lacks:")}</p>
                    <ul>{missing.iter().map(|m| { let label = m.label.clone(); view! { <li>{move || label.get(lang.get()).to_owned()}</li> } }).collect_view()}</ul>
                </div>
            })}
            {(!forwardings.is_empty()).then(|| view! {
                <h2>{tr("Diteruskan", "Forwarded")}</h2>
                <ul class="forwardings">
                    {forwardings.iter().map(|f| { let f = f.clone(); view! {
                        <li>{move || f.agency.label().get(lang.get()).to_owned()}" · "{f.date.clone()}" · "<code>{f.reference.clone()}</code></li>
                    } }).collect_view()}
                </ul>
            })}
            {detail.route.clone().map(|r| view! { <RouteSection route=r province=s.province.clone() regency=s.regency.clone() /> })}
            <PossiblySameSection links=detail.possibly_same.clone() on_change=on_change />
            <Workflow id=id status=status suggested=detail.route.as_ref().map(|r| r.to) on_change=on_change />
            <h2>{tr("Laporan dalam kasus ini", "Reports in this case")}</h2>
            <ul class="members">
                {detail
                    .reports
                    .iter()
                    .enumerate()
                    .map(|(i, m)| view! { <ReportCard case_id=id number=i + 1 member=m.clone() can_split=several on_change=on_change /> })
                    .collect_view()}
            </ul>
            <Timeline events=detail.timeline.clone() />
            // The forms are made when the panel opens, and `open` follows
            // the signal: a change re-renders this body into the same DOM,
            // and Chromium left the inputs of a panel so kept open at zero
            // size (seen after a split), so they could not be typed into.
            <details class="corrections" prop:open=move || corrections_open.get() on:toggle=move |ev| corrections_open.set(event_target::<web_sys::Element>(&ev).has_attribute("open"))>
                <summary>{tr("Koreksi kasus: gabungkan, perbaiki data terlapor", "Correct the case: merge, fix the terlapor's details")}</summary>
                {move || corrections_open.get().then(|| {
                    let (summary, first) = (corrections.0.clone(), corrections.1.clone());
                    view! {
                        <MergeSearch id=id name=name.clone() on_change=on_change />
                        <CanonicalForm summary=summary first=first on_change=on_change />
                    }
                })}
            </details>
        </article>
    }
}
