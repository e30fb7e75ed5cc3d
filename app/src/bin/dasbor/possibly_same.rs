//! "Kemungkinan sama": cases a report's key linked that grouping did not
//! join (they lie in another kab/kota). On a case's page each is confirmed
//! with the merge (when the coordinator may see both) or dismissed; the
//! list page gathers the open ones of the coordinator's regions.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use netral_app::i18n::{tr, use_lang};
use netral_shared::cases::{CaseDetail, PossiblySame, PossiblySameList};

use crate::api;
use crate::labels::Facet;

/// The open links on a case's page.
#[component]
pub fn PossiblySameSection(
    links: Vec<PossiblySame>,
    on_change: Callback<CaseDetail>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    (!links.is_empty()).then(|| {
        view! {
            <section class="possibly-same">
                <h2>{tr("Kemungkinan sama", "Possibly the same")}</h2>
                <p class="hint">{tr(
                    "Kasus di kab/kota lain dengan bukti yang sama. Tidak digabung otomatis: gabungkan bila memang satu kejadian, atau tolak.",
                    "Cases in another regency sharing evidence. Never merged automatically: merge them if they are one incident, or dismiss.",
                )}</p>
                <ul>{links.into_iter().map(|l| view! { <LinkItem link=l on_change=on_change error=error /> }).collect_view()}</ul>
                {move || error.get().map(|e| view! { <p class="problem" role="alert">{e}</p> })}
            </section>
        }
    })
}

#[component]
fn LinkItem(
    link: PossiblySame,
    on_change: Callback<CaseDetail>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let (id, other) = (link.case_id, link.other_case_id);
    let region = link.other_regency.clone();
    let reason = link.reason;
    let busy = RwSignal::new(false);
    let answer = move |r: api::ApiResult<CaseDetail>| {
        busy.set(false);
        match r {
            Ok(d) => {
                error.set(None);
                on_change.run(d);
            }
            Err(e) => error.set(Some(e.message.get(lang.get_untracked()).to_owned())),
        }
    };
    let merge = move |_| {
        busy.set(true);
        spawn_local(async move { answer(api::merge(id, other).await) });
    };
    let dismiss = move |_| {
        busy.set(true);
        spawn_local(async move { answer(api::dismiss_link(id, other).await) });
    };
    view! {
        <li class="possibly-same-item" data-other=other>
            {if link.other_visible {
                view! { <A href=format!("/dasbor/kasus/{other}")>{format!("Kasus #{other}")}</A> }.into_any()
            } else {
                view! { <span>{format!("Kasus #{other}")}</span> }.into_any()
            }}
            " · "{move || Facet::Regency.label(&region, lang.get())}
            " · "{move || reason.reason().get(lang.get()).to_owned()}
            <span class="actions">
                {link.other_visible.then(|| view! {
                    <button type="button" class="merge-link" disabled=move || busy.get() on:click=merge>
                        {tr("Gabungkan", "Merge")}
                    </button>
                })}
                <button type="button" class="secondary dismiss-link" disabled=move || busy.get() on:click=dismiss>
                    {tr("Bukan kejadian yang sama", "Not the same incident")}
                </button>
            </span>
        </li>
    }
}

/// Every open link of the coordinator's regions.
#[component]
pub fn PossiblySameList() -> impl IntoView {
    let lang = use_lang();
    let list = RwSignal::new(None::<api::ApiResult<PossiblySameList>>);
    spawn_local(async move { list.set(Some(api::links().await)) });
    view! {
        <p><A href="/dasbor">{tr("← Kembali ke ringkasan", "← Back to the overview")}</A></p>
        <h1>{tr("Kemungkinan sama", "Possibly the same")}</h1>
        {move || match list.get() {
            None => view! { <p class="empty">{tr("Memuat…", "Loading…")}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="problem">{e.message.get(lang.get()).to_owned()}</p> }.into_any(),
            Some(Ok(l)) if l.links.is_empty() => view! {
                <p class="empty">{tr("Tidak ada yang perlu diperiksa.", "Nothing to check.")}</p>
            }.into_any(),
            Some(Ok(l)) => view! {
                <ul class="possibly-same-list">
                    {l.links.into_iter().map(|link| {
                        let region = link.other_regency.clone();
                        let reason = link.reason;
                        view! {
                            <li>
                                <A href=format!("/dasbor/kasus/{}", link.case_id)>{format!("Kasus #{}", link.case_id)}</A>
                                " ↔ "{format!("kasus #{}", link.other_case_id)}
                                " · "{move || Facet::Regency.label(&region, lang.get())}
                                " · "{move || reason.reason().get(lang.get()).to_owned()}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}
