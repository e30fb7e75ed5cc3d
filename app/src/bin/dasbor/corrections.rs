//! A coordinator's corrections where automatic grouping fell short: merge a
//! case that is the same incident (found by the terlapor's name), and fix
//! the terlapor's details where the reports disagree.

use leptos::prelude::*;
use leptos::task::spawn_local;
use netral_app::i18n::{tr, use_lang};
use netral_shared::cases::{Canonical, CaseDetail, CaseSummary};
use netral_shared::dashboard::CaseQuery;
use netral_shared::report::Report;

use crate::api;

#[component]
pub fn MergeSearch(id: i64, name: String, on_change: Callback<CaseDetail>) -> impl IntoView {
    let lang = use_lang();
    let text = RwSignal::new(name);
    let found = RwSignal::new(None::<api::ApiResult<Vec<CaseSummary>>>);
    let error = RwSignal::new(None::<String>);
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = CaseQuery {
            text: text.get_untracked(),
            ..CaseQuery::default()
        };
        spawn_local(async move {
            // The server matches names with the shared normaliser, so
            // "H. Ahmad Fauzi" finds "Drs. H. Ahmad Fauzi, M.Si.".
            let list = api::cases(&q)
                .await
                .map(|l| l.cases.into_iter().filter(|c| c.id != id).collect());
            found.set(Some(list));
        });
    };
    let merge = move |other: i64| {
        spawn_local(async move {
            match api::merge(id, other).await {
                Ok(d) => {
                    error.set(None);
                    found.set(None);
                    on_change.run(d);
                }
                Err(e) => error.set(Some(e.message.get(lang.get_untracked()).to_owned())),
            }
        });
    };
    view! {
        <section class="merge">
            <h3>{tr("Gabungkan kasus lain ke kasus ini", "Merge another case into this one")}</h3>
            <form on:submit=search>
                <div class="field">
                    <label for="f-merge-search">{tr("Cari nama terlapor atau instansi", "Search the terlapor's name or agency")}</label>
                    <input id="f-merge-search" type="search" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
                </div>
                <button class="secondary" type="submit">{tr("Cari", "Search")}</button>
            </form>
            {move || found.get().map(|r| match r {
                Err(e) => view! { <p class="problem">{e.message.get(lang.get()).to_owned()}</p> }.into_any(),
                Ok(list) if list.is_empty() => view! { <p>{tr("Tidak ada kasus lain yang cocok.", "No other case matches.")}</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="merge-results">
                        {list.into_iter().map(|c| {
                            let other = c.id;
                            view! {
                                <li>
                                    <span>{format!("#{} · {} · {} · {} ", c.id, c.terlapor_name, c.first_occurred_on, c.report_count)}{tr("laporan", "reports")}</span>
                                    <button class="secondary merge-button" on:click=move |_| merge(other)>
                                        {move || format!("{} #{other}", tr("Gabungkan", "Merge")())}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
            {move || error.get().map(|e| view! { <p class="problem" role="alert">{e}</p> })}
        </section>
    }
}

/// The terlapor as the case should name them. An empty field keeps what the
/// first report says.
#[component]
pub fn CanonicalForm(
    summary: CaseSummary,
    /// The first report, which the case names the terlapor after unless
    /// corrected.
    first: Option<Report>,
    on_change: Callback<CaseDetail>,
) -> impl IntoView {
    let lang = use_lang();
    let id = summary.id;
    let shown = Canonical {
        name: summary.terlapor_name,
        position: summary.terlapor_position,
        agency: summary.terlapor_agency,
        place: summary.place,
    };
    let name = RwSignal::new(shown.name.clone());
    let position = RwSignal::new(shown.position.clone());
    let agency = RwSignal::new(shown.agency.clone());
    let place = RwSignal::new(shown.place.clone());
    let error = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let edit = Canonical {
            name: name.get_untracked(),
            position: position.get_untracked(),
            agency: agency.get_untracked(),
            place: place.get_untracked(),
        };
        // Saving what is already shown would mark the case "corrected"
        // without a correction.
        if edit == shown {
            error.set(Some(
                netral_shared::Text::new("Tidak ada yang diubah.", "Nothing was changed.")
                    .get(lang.get_untracked())
                    .to_owned(),
            ));
            return;
        }
        // A field equal to the first report's is no correction: sent empty,
        // so the timeline names only the fields really corrected.
        let first = first.clone().unwrap_or_default();
        let differing = |value: String, original: &str| {
            if value.trim() == original.trim() {
                String::new()
            } else {
                value
            }
        };
        let edit = Canonical {
            name: differing(edit.name, &first.terlapor.name),
            position: differing(edit.position, &first.terlapor.position),
            agency: differing(edit.agency, &first.terlapor.agency),
            place: differing(edit.place, &first.place.description),
        };
        spawn_local(async move {
            match api::canonical(id, &edit).await {
                Ok(d) => {
                    error.set(None);
                    on_change.run(d);
                }
                Err(e) => error.set(Some(e.message.get(lang.get_untracked()).to_owned())),
            }
        });
    };
    let field = move |key: &'static str,
                      label: &'static str,
                      label_en: &'static str,
                      value: RwSignal<String>| {
        let id = format!("f-canonical-{key}");
        view! {
            <div class="field">
                <label for=id.clone()>{tr(label, label_en)}</label>
                <input id=id maxlength="200" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            </div>
        }
    };
    view! {
        <form class="canonical" on:submit=save>
            <h3>{tr("Data terlapor yang dipakai kasus ini", "The terlapor as this case names them")}</h3>
            {field("name", "Nama", "Name", name)}
            {field("position", "Jabatan", "Position", position)}
            {field("agency", "Instansi", "Agency", agency)}
            {field("place", "Tempat kejadian", "Place", place)}
            <button class="secondary" type="submit">{tr("Simpan koreksi", "Save the correction")}</button>
            {move || error.get().map(|e| view! { <p class="problem" role="alert">{e}</p> })}
        </form>
    }
}
