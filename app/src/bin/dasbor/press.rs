//! "Ringkasan untuk publikasi": one printable page for a press release, for
//! a period and a region of the coordinator's: the totals in words, the
//! share of each source, the most common violations and positions, what
//! happened to the cases, and the main charts. Saved as PDF from the
//! browser's print dialog. It names no one: only counts by category.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use netral_app::i18n::{tr, use_lang};
use netral_shared::dashboard::{CaseQuery, Count, Overview};
use netral_shared::numbers::{and_list, figure_and_words, percent_shares};
use netral_shared::{Lang, Text, regions};

use crate::Session;
use crate::api;
use crate::charts::BarChart;
use crate::labels::Facet;

/// The parts of a dashboard view a summary keeps: region and period. The
/// other filters would make a press figure mean something else than it says.
fn summary_query(q: &CaseQuery) -> CaseQuery {
    CaseQuery {
        province: q.province,
        regency: q.regency,
        from: q.from.clone(),
        to: q.to.clone(),
        ..CaseQuery::default()
    }
}

/// The summary link for the dashboard's current view.
pub fn summary_href(q: &CaseQuery) -> String {
    format!("/dasbor/ringkasan?{}", api::query_string(&summary_query(q)))
}

/// "media sosial (53%), berita online (40%) dan langsung (7%)".
/// Largest first, as a press release lists them.
fn shares_sentence(facet: Facet, counts: &[Count], lang: Lang) -> String {
    let mut counts = counts.to_vec();
    counts.sort_by(|a, b| b.n.cmp(&a.n).then_with(|| a.key.cmp(&b.key)));
    let shares = percent_shares(&counts.iter().map(|c| c.n).collect::<Vec<_>>());
    let items: Vec<String> = counts
        .iter()
        .zip(shares)
        .map(|(c, s)| format!("{} ({s}%)", facet.label(&c.key, lang).to_lowercase()))
        .collect();
    and_list(&items, lang)
}

/// The first `n` rows, largest first, as "label: 12 kasus".
fn top(facet: Facet, counts: &[Count], n: usize, lang: Lang) -> Vec<String> {
    let mut sorted = counts.to_vec();
    sorted.sort_by(|a, b| b.n.cmp(&a.n).then_with(|| a.key.cmp(&b.key)));
    let unit = if lang == Lang::Id { "kasus" } else { "cases" };
    sorted
        .iter()
        .take(n)
        .map(|c| format!("{}: {} {unit}", facet.label(&c.key, lang), c.n))
        .collect()
}

fn period(q: &CaseQuery, lang: Lang) -> String {
    let words = |d: &Option<String>| {
        d.as_deref()
            .and_then(netral_shared::validate::When::parse)
            .map(|w| netral_shared::dates::long_date(w.date, lang))
    };
    match (words(&q.from), words(&q.to)) {
        (Some(a), Some(b)) => format!("{a} – {b}"),
        (Some(a), None) => Text::new("sejak ", "since ").get(lang).to_owned() + &a,
        (None, Some(b)) => Text::new("sampai ", "until ").get(lang).to_owned() + &b,
        (None, None) => Text::new("seluruh periode", "the whole period")
            .get(lang)
            .to_owned(),
    }
}

fn region(q: &CaseQuery, lang: Lang) -> String {
    match (&q.regency, &q.province) {
        (Some(r), _) => Facet::Regency.label(&r.to_string(), lang),
        (None, Some(p)) => Facet::Province.label(&p.to_string(), lang),
        (None, None) => Text::new("seluruh wilayah kerja", "all regions worked")
            .get(lang)
            .to_owned(),
    }
}

#[component]
pub fn PressSummary() -> impl IntoView {
    let lang = use_lang();
    let view = crate::overview::url_query();
    let query = Memo::new(move |_| summary_query(&view.get()));
    let data = RwSignal::new(None::<api::ApiResult<Overview>>);
    Effect::new(move |_| {
        let q = query.get();
        spawn_local(async move {
            let o = api::overview(&q).await;
            if query.get_untracked() == q {
                data.set(Some(o));
            }
        });
    });
    let organisation = move || {
        use_context::<Session>()
            .and_then(|s| s.0.get().flatten())
            .and_then(|me| me.organisation)
            .unwrap_or_else(|| "Netral".to_owned())
    };
    let organisation = Memo::new(move |_| organisation());
    view! {
        <section class="press-summary">
            <p class="no-print"><A href=move || format!("/dasbor?{}", api::query_string(&query.get()))>{tr("← Kembali ke ringkasan", "← Back to the overview")}</A></p>
            <PeriodForm query=query />
            {move || match data.get() {
                None => view! { <p class="empty">{tr("Memuat…", "Loading…")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="problem">{e.message.get(lang.get()).to_owned()}</p> }.into_any(),
                Some(Ok(o)) => view! { <Summary data=o query=query.get_untracked() organisation=organisation.get_untracked() /> }.into_any(),
            }}
        </section>
    }
}

/// Region and period, as links in the URL so a summary can be shared.
#[component]
fn PeriodForm(query: Memo<CaseQuery>) -> impl IntoView {
    let navigate = use_navigate();
    let set = move |key: &str, value: String| {
        let mut q = query.get_untracked();
        match key {
            "provinsi" => {
                q.province = regions::ProvinceCode::parse(&value).ok();
                q.regency = None;
            }
            "dari" => q.from = (!value.is_empty()).then_some(value),
            _ => q.to = (!value.is_empty()).then_some(value),
        }
        navigate(&summary_href(&q), Default::default());
    };
    let (set1, set2, set3) = (set.clone(), set.clone(), set);
    view! {
        <form class="filters no-print" on:submit=|ev| ev.prevent_default()>
            <div class="field">
                <label for="press-provinsi">{tr("Provinsi", "Province")}</label>
                <select id="press-provinsi" on:change=move |ev| set1("provinsi", event_target_value(&ev))>
                    <option value="">{tr("Semua", "All")}</option>
                    {move || {
                        let cur = query.get().province.map(|p| p.to_string()).unwrap_or_default();
                        regions::provinces()
                            .map(|r| view! { <option value=r.code selected=r.code == cur>{r.name}</option> })
                            .collect_view()
                    }}
                </select>
            </div>
            <div class="field">
                <label for="press-dari">{tr("Dari tanggal", "From")}</label>
                <input id="press-dari" type="date" prop:value=move || query.get().from.unwrap_or_default() on:change=move |ev| set2("dari", event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="press-sampai">{tr("Sampai tanggal", "To")}</label>
                <input id="press-sampai" type="date" prop:value=move || query.get().to.unwrap_or_default() on:change=move |ev| set3("sampai", event_target_value(&ev)) />
            </div>
            <button type="button" class="print-button" on:click=move |_| { let _ = window().print(); }>
                {tr("Cetak / simpan PDF", "Print / save as PDF")}
            </button>
        </form>
    }
}

#[component]
fn Summary(data: Overview, query: CaseQuery, organisation: String) -> impl IntoView {
    let lang = use_lang();
    let d = data.clone();
    let org = organisation.clone();
    let q = query.clone();
    let lead = move || {
        let l = lang.get();
        let (reports, cases) = (figure_and_words(d.reports, l), figure_and_words(d.cases, l));
        match l {
            Lang::Id => format!(
                "Selama {}, {org} mencatat {reports} laporan dugaan pelanggaran netralitas ASN di {}, yang setelah laporan tentang kejadian yang sama digabung menjadi {cases} kasus.",
                period(&q, l),
                region(&q, l)
            ),
            Lang::En => format!(
                "In {}, {org} recorded {reports} reports of suspected breaches of civil-service neutrality in {}; reports of the same incident merged, they make {cases} cases.",
                period(&q, l),
                region(&q, l)
            ),
        }
    };
    let d = data.clone();
    let sources = move || {
        let l = lang.get();
        let text = shares_sentence(Facet::Source, &d.by_source, l);
        (!text.is_empty()).then(|| {
            Text::new("Sumber temuan: ", "Where they were found: ")
                .get(l)
                .to_owned()
                + &text
                + "."
        })
    };
    let list = |title: Text, items: Vec<String>| {
        view! {
            <div class="press-list">
                <h2>{move || title.get(lang.get())}</h2>
                {if items.is_empty() {
                    view! { <p class="empty">{tr("Tidak ada data.", "No data.")}</p> }.into_any()
                } else {
                    view! { <ol>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ol> }.into_any()
                }}
            </div>
        }
    };
    let l = lang.get_untracked();
    let regions_chart = if data.by_regency.is_empty() {
        view! { <BarChart title=Text::new("Kasus per provinsi", "Cases by province") facet=Facet::Province counts=data.by_province.clone() /> }.into_any()
    } else {
        view! { <BarChart title=Text::new("Kasus per kabupaten/kota", "Cases by regency/city") facet=Facet::Regency counts=data.by_regency.clone() /> }.into_any()
    };
    let today = netral_shared::dates::long_date(netral_app::today(), l);
    view! {
        <article class="press">
            <h1>{tr("Ringkasan Temuan Pelanggaran Netralitas ASN", "Summary of Findings: Civil-Service Neutrality")}</h1>
            <p class="press-meta">{organisation.clone()}" · "{move || format!("{} · {}", region(&query, lang.get()), period(&query, lang.get()))}</p>
            <p class="press-lead">{lead}</p>
            <p class="press-sources">{sources}</p>
            <div class="press-lists">
                {list(Text::new("Pelanggaran terbanyak", "Most common violations"), top(Facet::Violation, &data.by_violation, 3, l))}
                {list(Text::new("Jabatan terlapor terbanyak", "Most common positions"), top(Facet::Position, &data.by_position_class, 3, l))}
                {list(Text::new("Tindak lanjut kasus", "What happened to the cases"), top(Facet::Status, &data.by_status, 8, l))}
            </div>
            <div class="charts press-charts">
                <BarChart title=Text::new("Kasus per sumber", "Cases by source") facet=Facet::Source counts=data.by_source.clone() />
                <BarChart title=Text::new("Kasus per jenis pelanggaran", "Cases by violation") facet=Facet::Violation counts=data.by_violation.clone() />
                {regions_chart}
                <BarChart title=Text::new("Kasus per jabatan", "Cases by position") facet=Facet::Position counts=data.by_position_class.clone() />
            </div>
            <p class="press-footer">
                {tr("Data: Netral, dicetak ", "Data: Netral, printed ")}{today}
                {tr(". Angka dihitung per kasus; satu kasus dapat berisi beberapa laporan.", ". Figures count cases; one case may hold several reports.")}
            </p>
        </article>
    }
}
