//! Bar charts drawn as SVG by the app (no chart library): one per facet,
//! each with a table of the same numbers for screen readers and printing,
//! and a click (or Enter) on a bar filters the whole view by it.

use leptos::prelude::*;
use netral_app::i18n::{tr, use_lang};
use netral_shared::Text;
use netral_shared::dashboard::Count;

use crate::labels::Facet;

const WIDTH: f64 = 320.0;
const ROW: f64 = 30.0;
/// Long facets (38 provinces) show their top rows; the table has them all.
const MAX_ROWS: usize = 12;

#[component]
pub fn BarChart(
    title: Text,
    facet: Facet,
    counts: Vec<Count>,
    on_pick: Callback<(Facet, String)>,
) -> impl IntoView {
    let lang = use_lang();
    let max = counts.iter().map(|c| c.n).max().unwrap_or(1).max(1) as f64;
    let shown: Vec<Count> = counts.iter().take(MAX_ROWS).cloned().collect();
    let height = ROW * shown.len().max(1) as f64;
    let table_rows = counts.clone();
    let heading = move || title.get(lang.get());
    view! {
        <figure class="chart" data-facet=facet.url_key()>
            <figcaption>{heading}</figcaption>
            {if counts.is_empty() {
                view! { <p class="empty">{tr("Tidak ada data.", "No data.")}</p> }.into_any()
            } else {
                view! {
                    <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label=heading>
                        {shown
                            .into_iter()
                            .enumerate()
                            .map(|(i, c)| {
                                let y = i as f64 * ROW;
                                let w = (c.n as f64 / max * (WIDTH - 40.0)).max(2.0);
                                let key = c.key.clone();
                                let key2 = c.key.clone();
                                let key3 = c.key.clone();
                                let label = move || facet.label(&c.key, lang.get());
                                let aria = move || format!("{}: {}", facet.label(&key3, lang.get()), c.n);
                                view! {
                                    <g
                                        class="bar"
                                        role="button"
                                        tabindex="0"
                                        data-key=key.clone()
                                        aria-label=aria
                                        on:click=move |_| on_pick.run((facet, key.clone()))
                                        on:keydown=move |ev| {
                                            if ev.key() == "Enter" || ev.key() == " " {
                                                on_pick.run((facet, key2.clone()));
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
