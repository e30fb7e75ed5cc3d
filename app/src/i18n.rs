//! The chosen language, remembered on the device; Indonesian by default.
//! Texts sit at their call site as (Indonesian, English) pairs, or come from
//! `shared` catalogues as `Text`, so no string exists in one language only.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use netral_shared::{Lang, Text};

const KEY: &str = "netral.lang";

pub fn provide_lang() -> RwSignal<Lang> {
    let stored = LocalStorage::get::<String>(KEY)
        .ok()
        .and_then(|c| Lang::from_code(&c))
        .unwrap_or_default();
    let lang = RwSignal::new(stored);
    Effect::new(move |_| {
        let l = lang.get();
        let _ = LocalStorage::set(KEY, l.code());
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", l.code());
        }
    });
    provide_context(lang);
    lang
}

pub fn use_lang() -> RwSignal<Lang> {
    expect_context::<RwSignal<Lang>>()
}

/// The header's button to the other language, the same in both apps.
#[component]
pub fn LangToggle() -> impl IntoView {
    let lang = use_lang();
    let other = move || if lang.get() == Lang::Id { "EN" } else { "ID" };
    view! {
        <button
            class="lang"
            on:click=move |_| lang.update(|l| *l = if *l == Lang::Id { Lang::En } else { Lang::Id })
            // The name starts with what the button shows (WCAG 2.5.3).
            aria-label=move || format!("{}: {}", other(), tr("ganti bahasa", "change language")())
        >
            {other}
        </button>
    }
}

/// A reactive text in the current language.
pub fn tr(
    id: &'static str,
    en: &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || Text::new(id, en).get(lang.get())
}
