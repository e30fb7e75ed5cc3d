//! Form inputs bound to one field of the report being edited. Each shows
//! its label, the problems for its field in the chosen language, and saves
//! on every change through [`FormCtx::edit`].

use leptos::prelude::*;
use netral_shared::catalogue::Catalogue;
use netral_shared::report::Report;
use netral_shared::{Problem, Text};

use crate::i18n::use_lang;
use crate::local::LocalReport;

/// The report being edited and what is wrong with it, shared by its inputs.
#[derive(Clone, Copy)]
pub struct FormCtx {
    pub local: RwSignal<Option<LocalReport>>,
    pub problems: Memo<Vec<Problem>>,
    pub on_edit: Callback<()>,
}

impl FormCtx {
    pub fn edit(&self, f: impl FnOnce(&mut Report)) {
        self.local.update(|l| {
            if let Some(l) = l {
                l.edit(f);
            }
        });
        self.on_edit.run(());
    }

    pub fn read<T>(&self, f: impl FnOnce(&Report) -> T) -> Option<T> {
        self.local.with(|l| l.as_ref().map(|l| f(&l.report)))
    }
}

fn field_id(field: &str) -> String {
    format!("f-{}", field.replace('.', "-"))
}

/// The messages for `field` (and its sub-fields), in the chosen language.
#[component]
pub fn FieldProblems(field: &'static str) -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let lang = use_lang();
    let messages = move || {
        let prefix = format!("{field}.");
        ctx.problems.with(|ps| {
            ps.iter()
                .filter(|p| p.field == field || p.field.starts_with(&prefix))
                .map(|p| match p.kind() {
                    Some(code) => code.message().get(lang.get()).to_owned(),
                    None => p.message.get(lang.get()).to_owned(),
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <For each=messages key=|m| m.clone() let:m>
            <p class="problem" data-field=field>{m}</p>
        </For>
    }
}

#[component]
pub fn TextInput(
    label: Text,
    field: &'static str,
    get: fn(&Report) -> &String,
    set: fn(&mut Report, String),
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: Option<Text>,
    #[prop(optional)] multiline: bool,
) -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let lang = use_lang();
    let id = field_id(field);
    let value = move || ctx.read(|r| get(r).clone()).unwrap_or_default();
    let on_input = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        ctx.edit(|r| set(r, v));
    };
    let input = if multiline {
        view! { <textarea id=id.clone() name=field rows="5" prop:value=value on:input=on_input></textarea> }.into_any()
    } else {
        view! { <input id=id.clone() name=field type=kind prop:value=value on:input=on_input /> }.into_any()
    };
    view! {
        <div class="field">
            <label for=id>{move || label.get(lang.get())}</label>
            {hint.map(|h| view! { <small class="hint">{move || h.get(lang.get())}</small> })}
            {input}
            <FieldProblems field=field />
        </div>
    }
}

/// A choice from a catalogue, as a native select (large, accessible, and
/// familiar on Android).
#[component]
pub fn ChoiceSelect<C: Catalogue>(
    label: Text,
    field: &'static str,
    get: fn(&Report) -> Option<C>,
    set: fn(&mut Report, Option<C>),
) -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let lang = use_lang();
    let id = field_id(field);
    let value = move || ctx.read(|r| get(r).map(|c| c.code()).unwrap_or_default()).unwrap_or_default();
    let on_change = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        ctx.edit(|r| set(r, C::from_code(&v)));
    };
    view! {
        <div class="field">
            <label for=id.clone()>{move || label.get(lang.get())}</label>
            <select id=id name=field prop:value=value on:change=on_change>
                <option value="">{move || Text::new("— pilih —", "— choose —").get(lang.get())}</option>
                {C::all()
                    .iter()
                    .map(|c| {
                        let c = *c;
                        view! {
                            <option value=c.code() selected=move || value() == c.code()>
                                {move || c.label().get(lang.get())}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <FieldProblems field=field />
        </div>
    }
}
