//! Bar charts drawn as SVG by the app (no chart library): one per facet,
//! each with a table of the same numbers for screen readers and printing,
//! and a click (or Enter) on a bar filters the whole view by it. Each can
//! be downloaded as SVG or PNG, titled, dated and signed with the
//! coordinator's organisation (`shared::chart_svg`).

use leptos::prelude::*;
use netral_app::i18n::{tr, use_lang};
use netral_shared::chart_svg::{ChartFile, ChartRow};
use netral_shared::dashboard::Count;
use netral_shared::{Lang, Text};
use wasm_bindgen::prelude::wasm_bindgen;

use crate::Session;
use crate::labels::Facet;

#[wasm_bindgen(module = "/js/chart.js")]
extern "C" {
    #[wasm_bindgen(js_name = downloadSvg)]
    fn download_svg(svg: &str, filename: &str);
    #[wasm_bindgen(js_name = downloadPng)]
    async fn download_png(svg: &str, width: u32, height: u32, filename: &str);
}

/// The chart as a file: every row (not only the top ones on screen).
fn chart_file(
    title: &Text,
    facet: Facet,
    counts: &[Count],
    organisation: &str,
    lang: Lang,
) -> ChartFile {
    let today = netral_shared::dates::long_date(netral_app::today(), lang);
    ChartFile {
        title: title.get(lang).to_owned(),
        caption: format!("{organisation} · {today}"),
        rows: counts
            .iter()
            .map(|c| ChartRow {
                label: facet.label(&c.key, lang),
                figure: c.n.to_string(),
                value: c.n,
            })
            .collect(),
        empty: Text::new("Tidak ada data.", "No data.")
            .get(lang)
            .to_owned(),
    }
}

const WIDTH: f64 = 320.0;
const ROW: f64 = 30.0;
/// Long facets (38 provinces) show their top rows; the table has them all.
const MAX_ROWS: usize = 12;

#[component]
pub fn BarChart(
    title: Text,
    facet: Facet,
    counts: Vec<Count>,
    /// A click on a bar filters by it; without it the bars are only drawn.
    #[prop(optional)]
    on_pick: Option<Callback<(Facet, String)>>,
) -> impl IntoView {
    let lang = use_lang();
    let max = counts.iter().map(|c| c.n).max().unwrap_or(1).max(1) as f64;
    let shown: Vec<Count> = counts.iter().take(MAX_ROWS).cloned().collect();
    let height = ROW * shown.len().max(1) as f64;
    let table_rows = counts.clone();
    let file_counts = StoredValue::new(counts.clone());
    let session = use_context::<Session>();
    let file = move || {
        let organisation = session
            .and_then(|s| s.0.get_untracked().flatten())
            .and_then(|me| me.organisation)
            .unwrap_or_else(|| "Netral".to_owned());
        file_counts
            .with_value(|c| chart_file(&title, facet, c, &organisation, lang.get_untracked()))
    };
    let filename =
        move |ext: &str| format!("netral-{}-{}.{ext}", facet.url_key(), netral_app::today());
    let svg_download = move |_| download_svg(&file().to_svg(), &filename("svg"));
    let png_download = move |_| {
        let chart = file();
        leptos::task::spawn_local(async move {
            download_png(
                &chart.to_svg(),
                netral_shared::chart_svg::WIDTH,
                chart.height(),
                &filename("png"),
            )
            .await;
        });
    };
    let heading = move || title.get(lang.get());
    view! {
        <figure class="chart" data-facet=facet.url_key()>
            <figcaption>{heading}</figcaption>
            {if counts.is_empty() {
                view! { <p class="empty">{tr("Tidak ada data.", "No data.")}</p> }.into_any()
            } else {
                view! {
                    // A group, not an image: its bars are buttons when they filter.
                    <svg viewBox=format!("0 0 {WIDTH} {height}") role=if on_pick.is_some() { "group" } else { "img" } aria-label=heading>
                        {shown
                            .into_iter()
                            .enumerate()
                            .map(|(i, c)| {
                                let y = i as f64 * ROW;
                                let w = (c.n as f64 / max * (WIDTH - 40.0)).max(2.0);
                                let key = c.key.clone();
                                let key2 = c.key.clone();
                                let label = move || facet.label(&c.key, lang.get());
                                // Named by its own text ("Media sosial 12"), as
                                // WCAG 2.5.3 asks of a control with visible text.
                                view! {
                                    <g
                                        class="bar"
                                        role=on_pick.map(|_| "button")
                                        tabindex=on_pick.map(|_| "0")
                                        data-key=key.clone()
                                        on:click=move |_| if let Some(pick) = on_pick { pick.run((facet, key.clone())) }
                                        on:keydown=move |ev| {
                                            if let Some(pick) = on_pick && (ev.key() == "Enter" || ev.key() == " ") {
                                                pick.run((facet, key2.clone()));
                                            }
                                        }
                                    >
                                        // The whole row takes the click, not only the ink.
                                        <rect class="hit" x="0" y=y width=WIDTH height=ROW fill="transparent"></rect>
                                        <text x="0" y=y + 11.0 class="bar-label">{label}</text>
                                        <rect x="0" y=y + 14.0 width=w height="12" rx="2"></rect>
                                        <text x=w + 4.0 y=y + 24.0 class="bar-value">{c.n}</text>
                                    </g>
                                }
                            })
                            .collect_view()}
                    </svg>
                }
                    .into_any()
            }}
            <p class="chart-downloads">
                <button type="button" class="secondary download-svg" on:click=svg_download>{tr("Unduh SVG", "Download SVG")}</button>
                <button type="button" class="secondary download-png" on:click=png_download>{tr("Unduh PNG", "Download PNG")}</button>
            </p>
            <details class="chart-table">
                <summary>{tr("Tabel", "Table")}</summary>
                <table>
                    <tbody>
                        {table_rows
                            .into_iter()
                            .map(|c| {
                                view! {
                                    <tr>
                                        <th scope="row">{move || facet.label(&c.key, lang.get())}</th>
                                        <td>{c.n}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}
