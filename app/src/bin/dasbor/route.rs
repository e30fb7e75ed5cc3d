//! The suggested route of a case (`shared::routing`): to whom, what else to
//! inform, why, and whether the act is a breach of ethics or of discipline.

use leptos::prelude::*;
use netral_app::i18n::{tr, use_lang};
use netral_shared::regions::{ProvinceCode, RegencyCode};
use netral_shared::routing::RouteAdvice;
use netral_shared::workflow::Agency;

/// The agency's name, with the region for a Bawaslu: the place's kab/kota
/// for Bawaslu kab/kota, its province for Bawaslu provinsi.
pub fn agency_with_region(a: Agency, province: &str, regency: &str) -> (Agency, String) {
    let region = match a {
        Agency::BawasluKabKota => RegencyCode::parse(regency)
            .ok()
            .map(|r| r.name().to_owned()),
        Agency::BawasluProvinsi => ProvinceCode::parse(province)
            .ok()
            .map(|p| p.name().to_owned()),
        _ => None,
    };
    (a, region.map(|r| format!(" ({r})")).unwrap_or_default())
}

#[component]
pub fn RouteSection(route: RouteAdvice, province: String, regency: String) -> impl IntoView {
    let lang = use_lang();
    let (to, region) = agency_with_region(route.to, &province, &regency);
    let also = route.also.clone();
    let act = route.act;
    view! {
        <section class="route">
            <h2>{tr("Saran tujuan", "Suggested route")}</h2>
            <p class="route-to"><strong>{move || to.label().get(lang.get()).to_owned()}{region.clone()}</strong></p>
            {(!also.is_empty()).then(|| view! {
                <p class="route-also">{tr("Juga ke: ", "Also to: ")}{move || also.iter().map(|a| a.label().get(lang.get())).collect::<Vec<_>>().join(", ")}</p>
            })}
            <ul class="route-reasons">
                {route.reasons.iter().map(|r| { let r = *r; view! { <li>{move || r.label().get(lang.get()).to_owned()}</li> } }).collect_view()}
            </ul>
            <p class="act-class" data-act=act.code()>{move || act.label().get(lang.get()).to_owned()}<br/><small>{act.basis()}</small></p>
        </section>
    }
}
