//! The first screen: counts, charts and the case list for the current view.
//! The view (filters, sort, page) lives in the URL, so it can be shared and
//! survives a reload; every change navigates.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use netral_app::i18n::{tr, use_lang};
use netral_shared::Text;
use netral_shared::cases::CaseList;
use netral_shared::catalogue::{Catalogue, Platform, PositionClass, SourceKind, ViolationCode};
use netral_shared::dashboard::{CaseQuery, Overview as OverviewData};
use netral_shared::regions;
use netral_shared::workflow::CaseStatus;

use crate::api;
use crate::charts::BarChart;
use crate::labels::Facet;

/// The dashboard view in the page's URL, as every page that reads one sees it.
pub fn url_query() -> Memo<CaseQuery> {
    let query_map = use_query_map();
    Memo::new(move |_| {
        query_map.with(|m| {
            let pairs: Vec<(String, String)> = m
                .clone()
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect();
            CaseQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        })
    })
}

#[component]
pub fn Overview() -> impl IntoView {
    let lang = use_lang();
    let query = url_query();
    let data = RwSignal::new(None::<api::ApiResult<OverviewData>>);
    let list = RwSignal::new(None::<api::ApiResult<CaseList>>);
    Effect::new(move |_| {
        let q = query.get();
        spawn_local(async move {
            let (o, l) = futures_join(api::overview(&q), api::cases(&q)).await;
            // A newer view may have been asked for meanwhile.
            if query.get_untracked() == q {
                data.set(Some(o));
                list.set(Some(l));
            }
        });
    });

    let navigate = use_navigate();
    let go = move |q: CaseQuery| {
        let qs = api::query_string(&q);
        navigate(&format!("/dasbor?{qs}"), Default::default());
    };
    let set = {
        let go = go.clone();
        move |key: &str, value: &str| {
            let mut pairs: Vec<(String, String)> = query
                .get_untracked()
                .pairs()
                .into_iter()
                .filter(|(k, _)| *k != key && *k != "hal")
                .map(|(k, v)| (k.to_owned(), v))
                .collect();
            if !value.is_empty() {
                pairs.push((key.to_owned(), value.to_owned()));
            }
            go(CaseQuery::from_pairs(
                pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            ));
        }
    };
    let pick = {
        let set = set.clone();
        Callback::new(move |(facet, key): (Facet, String)| {
            if facet == Facet::Day {
                set("dari", &key);
                set("sampai", &key);
            } else {
                set(facet.url_key(), &key);
            }
        })
    };

    view! {
        <section class="overview">
            <h1>{tr("Ringkasan", "Overview")}</h1>
            <p class="press-link">
                <A href=move || crate::press::summary_href(&query.get()) attr:class="button secondary">
                    {tr("Ringkasan untuk publikasi", "Summary for publication")}
                </A>
            </p>
            <Filters query=query on_set=Callback::new({ let set = set.clone(); move |(k, v): (String, String)| set(&k, &v) }) />
            {move || match data.get() {
                None => view! { <p class="empty">{tr("Memuat…", "Loading…")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="problem">{e.message.get(lang.get()).to_owned()}</p> }.into_any(),
                Some(Ok(o)) => view! { <Numbers data=o.clone() /> <Charts data=o on_pick=pick /> }.into_any(),
            }}
            <h2>{tr("Kasus", "Cases")}</h2>
            {move || match list.get() {
                None => ().into_any(),
                Some(Err(e)) => view! { <p class="problem">{e.message.get(lang.get()).to_owned()}</p> }.into_any(),
                Some(Ok(l)) => view! { <CaseTable list=l /> }.into_any(),
            }}
            <Exports query=query />
        </section>
    }
}

async fn futures_join<A, B>(
    a: impl std::future::Future<Output = A>,
    b: impl std::future::Future<Output = B>,
) -> (A, B) {
    // Sequential is fine: both are small reads from the same server.
    (a.await, b.await)
}

#[component]
fn Numbers(data: OverviewData) -> impl IntoView {
    let card = |n: u64, id: &'static str, en: &'static str, class: &'static str| {
        view! {
            <div class=format!("number {class}")>
                <strong>{n}</strong>
                <span>{tr(id, en)}</span>
            </div>
        }
    };
    view! {
        <div class="numbers">
            {card(data.reports, "laporan", "reports", "reports")}
            {card(data.cases, "kasus", "cases", "cases")}
            {card(data.merged_reports, "laporan digabung", "merged reports", "merged")}
            {card(data.deadline_soon, "batas waktu ke Bawaslu ≤ 2 hari", "deadline for Bawaslu ≤ 2 days", "soon")}
            {card(data.deadline_passed, "batas waktu ke Bawaslu lewat — masih bisa ke BKN atau SP4N-LAPOR!", "past the deadline for Bawaslu — BKN or SP4N-LAPOR! still possible", "late")}
        </div>
    }
}

#[component]
fn Charts(data: OverviewData, on_pick: Callback<(Facet, String)>) -> impl IntoView {
    let regions = if data.by_regency.is_empty() {
        view! { <BarChart title=Text::new("Kasus per provinsi", "Cases by province") facet=Facet::Province counts=data.by_province on_pick=on_pick /> }.into_any()
    } else {
        view! { <BarChart title=Text::new("Kasus per kabupaten/kota", "Cases by regency/city") facet=Facet::Regency counts=data.by_regency on_pick=on_pick /> }.into_any()
    };
    view! {
        <div class="charts">
            <BarChart title=Text::new("Kasus per status", "Cases by status") facet=Facet::Status counts=data.by_status on_pick=on_pick />
            {regions}
            <BarChart title=Text::new("Kasus per jenis pelanggaran", "Cases by violation") facet=Facet::Violation counts=data.by_violation on_pick=on_pick />
            <BarChart title=Text::new("Kasus per sumber", "Cases by source") facet=Facet::Source counts=data.by_source on_pick=on_pick />
            <BarChart title=Text::new("Kasus per platform", "Cases by platform") facet=Facet::Platform counts=data.by_platform on_pick=on_pick />
            <BarChart title=Text::new("Kasus per jabatan", "Cases by position") facet=Facet::Position counts=data.by_position_class on_pick=on_pick />
            <BarChart title=Text::new("Kasus per hari kejadian", "Cases by day") facet=Facet::Day counts=data.by_day on_pick=on_pick />
        </div>
    }
}

/// One `<select>` per catalogue filter, the dates and the free text.
#[component]
fn Filters(query: Memo<CaseQuery>, on_set: Callback<(String, String)>) -> impl IntoView {
    let lang = use_lang();
    fn options<C: Catalogue>(lang: netral_shared::Lang) -> Vec<(String, String)> {
        C::all()
            .iter()
            .map(|c| (c.code().to_owned(), c.label().get(lang).to_owned()))
            .collect()
    }
    let select =
        move |key: &'static str,
              label: Text,
              current: Box<dyn Fn() -> String + Send + Sync>,
              choices: Box<dyn Fn() -> Vec<(String, String)> + Send + Sync>| {
            let current = std::sync::Arc::<dyn Fn() -> String + Send + Sync>::from(current);
            let current2 = current.clone();
            let id = format!("filter-{key}");
            view! {
                <div class="field">
                    <label for=id.clone()>{move || label.get(lang.get())}</label>
                    <select id=id on:change=move |ev| on_set.run((key.to_owned(), event_target_value(&ev)))>
                        <option value="" selected=move || current().is_empty()>{tr("Semua", "All")}</option>
                        {move || {
                            let cur = current2();
                            choices()
                                .into_iter()
                                .map(|(code, name)| {
                                    let selected = code == cur;
                                    view! { <option value=code selected=selected>{name}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
            }
        };
    let text = RwSignal::new(query.get_untracked().text);
    view! {
        <form class="filters" on:submit=move |ev| { ev.prevent_default(); on_set.run(("cari".into(), text.get_untracked())); }>
            {select("provinsi", Text::new("Provinsi", "Province"),
                Box::new(move || query.get().province.map(|p| p.to_string()).unwrap_or_default()),
                Box::new(|| regions::provinces().map(|r| (r.code.to_owned(), r.name.to_owned())).collect()))}
            {select("pelanggaran", Text::new("Pelanggaran", "Violation"),
                Box::new(move || query.get().violation.map(|v| v.code().to_owned()).unwrap_or_default()),
                Box::new(move || options::<ViolationCode>(lang.get())))}
            {select("sumber", Text::new("Sumber", "Source"),
                Box::new(move || query.get().source.map(|v| v.code().to_owned()).unwrap_or_default()),
                Box::new(move || options::<SourceKind>(lang.get())))}
            {select("platform", Text::new("Platform", "Platform"),
                Box::new(move || query.get().platform.map(|v| v.code().to_owned()).unwrap_or_default()),
                Box::new(move || options::<Platform>(lang.get())))}
            {select("jabatan", Text::new("Jabatan", "Position"),
                Box::new(move || query.get().position_class.map(|v| v.code().to_owned()).unwrap_or_default()),
                Box::new(move || options::<PositionClass>(lang.get())))}
            {select("status", Text::new("Status", "Status"),
                Box::new(move || query.get().status.map(|v| v.code().to_owned()).unwrap_or_default()),
                Box::new(move || options::<CaseStatus>(lang.get())))}
            <div class="field">
                <label for="filter-dari">{tr("Dari tanggal", "From")}</label>
                <input id="filter-dari" type="date" prop:value=move || query.get().from.unwrap_or_default() on:change=move |ev| on_set.run(("dari".into(), event_target_value(&ev))) />
            </div>
            <div class="field">
                <label for="filter-sampai">{tr("Sampai tanggal", "To")}</label>
                <input id="filter-sampai" type="date" prop:value=move || query.get().to.unwrap_or_default() on:change=move |ev| on_set.run(("sampai".into(), event_target_value(&ev))) />
            </div>
            <div class="field search">
                <label for="filter-cari">{tr("Cari terlapor atau instansi", "Search person or agency")}</label>
                <input id="filter-cari" type="search" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
            </div>
            <button type="submit" class="secondary">{tr("Cari", "Search")}</button>
            <A href="/dasbor" attr:class="reset">{tr("Hapus semua filter", "Clear all filters")}</A>
        </form>
    }
}

#[component]
fn CaseTable(list: CaseList) -> impl IntoView {
    let lang = use_lang();
    if list.cases.is_empty() {
        return view! { <p class="empty">{tr("Tidak ada kasus untuk filter ini.", "No cases for these filters.")}</p> }.into_any();
    }
    view! {
        <p class="hint total">{move || match lang.get() {
            netral_shared::Lang::Id => format!("{} kasus", list.total),
            netral_shared::Lang::En => format!("{} cases", list.total),
        }}</p>
        <table class="cases">
            <thead>
                <tr>
                    <th scope="col">"#"</th>
                    <th scope="col">{tr("Terlapor", "Person reported")}</th>
                    <th scope="col">{tr("Wilayah", "Region")}</th>
                    <th scope="col">{tr("Laporan", "Reports")}</th>
                    <th scope="col">{tr("Status", "Status")}</th>
                </tr>
            </thead>
            <tbody>
                {list
                    .cases
                    .into_iter()
                    .map(|c| {
                        let status = c.status;
                        let region = c.regency.clone();
                        view! {
                            <tr data-case=c.id>
                                <td><A href=format!("/dasbor/kasus/{}", c.id)>{format!("#{}", c.id)}</A></td>
                                <td>{c.terlapor_name.clone()}</td>
                                <td>{move || Facet::Regency.label(&region, lang.get())}</td>
                                <td>{c.report_count}</td>
                                <td class="status-cell">{move || status.label().get(lang.get()).to_owned()}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// CSV/XLSX of the cases in the current filter: one row per case, or per
/// report; the reporters' identities only for an admin who asks (audited).
#[component]
fn Exports(query: Memo<CaseQuery>) -> impl IntoView {
    let per_report = RwSignal::new(false);
    let identity = RwSignal::new(false);
    let admin = use_context::<crate::Session>()
        .and_then(|s| s.0.get_untracked().flatten())
        .is_some_and(|me| me.role == netral_shared::accounts::Role::Admin);
    let href = move |format: &str| {
        let mut url = format!(
            "/api/v1/cases/export?format={format}&{}",
            api::query_string(&query.get())
        );
        if per_report.get() {
            url.push_str("&rows=reports");
        }
        if identity.get() {
            url.push_str("&identity=1");
        }
        url
    };
    view! {
        <div class="exports">
            <label class="check">
                <input type="checkbox" class="per-report" prop:checked=move || per_report.get() on:change=move |ev| per_report.set(event_target_checked(&ev)) />
                {tr("Satu baris per laporan (bukan per kasus)", "One row per report (not per case)")}
            </label>
            {admin.then(|| view! {
                <label class="check">
                    <input type="checkbox" prop:checked=move || identity.get() on:change=move |ev| identity.set(event_target_checked(&ev)) />
                    {tr("Sertakan identitas pelapor (dicatat di log audit)", "Include the reporters' identities (written to the audit log)")}
                </label>
            })}
            <p>
                <a class="button secondary" href=move || href("csv")>{tr("Unduh CSV", "Download CSV")}</a>
                " "
                <a class="button secondary" href=move || href("xlsx")>{tr("Unduh XLSX", "Download XLSX")}</a>
            </p>
        </div>
    }
}
