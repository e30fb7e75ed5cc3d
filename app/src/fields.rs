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
    /// Fields the volunteer has finished with (left, or picked a value in).
    /// A field's problems show only then, not at the first keystroke.
    pub touched: RwSignal<Vec<String>>,
    /// After "Kirim": every problem shows, finished or not.
    pub show_all: RwSignal<bool>,
}

impl FormCtx {
    pub fn touch(&self, field: &str) {
        if !self
            .touched
            .with_untracked(|t| t.iter().any(|f| f == field))
        {
            self.touched.update(|t| t.push(field.to_owned()));
        }
    }

    /// Whether problems of `field` are to be shown now.
    pub fn visible(&self, field: &str) -> bool {
        self.show_all.get() || self.touched.with(|t| t.iter().any(|f| f == field))
    }

    pub fn edit(&self, f: impl FnOnce(&mut Report)) {
        self.local.update(|l| {
            if let Some(l) = l {
                l.edit(f, js_sys::Date::now(), crate::today());
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

/// The messages for `field` (and its sub-fields), in the chosen language;
/// warnings look different, since they never stop a report.
#[component]
pub fn FieldProblems(field: &'static str) -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let lang = use_lang();
    let messages = move || {
        let prefix = format!("{field}.");
        if !ctx.visible(field) {
            return Vec::new();
        }
        ctx.problems.with(|ps| {
            ps.iter()
                .filter(|p| p.field == field || p.field.starts_with(&prefix))
                .map(|p| {
                    let text = match p.kind() {
                        Some(code) => code.message().get(lang.get()).to_owned(),
                        None => p.message.get(lang.get()).to_owned(),
                    };
                    (text, p.is_error())
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <For each=messages key=|m| m.clone() let:m>
            <p class=if m.1 { "problem" } else { "problem warn" } data-field=field data-severity=if m.1 { "error" } else { "warning" }>{m.0}</p>
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
    /// Run when a value is finished: left after an edit, or pasted whole
    /// into an empty field (e.g. a link fixed and its source filled in).
    #[prop(optional)]
    commit: Option<fn(&mut Report)>,
) -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let lang = use_lang();
    let id = field_id(field);
    let value = move || ctx.read(|r| get(r).clone()).unwrap_or_default();
    let on_input = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let pasted = ctx.read(|r| get(r).is_empty()).unwrap_or(false) && v.len() > 1;
        ctx.edit(|r| {
            set(r, v);
            if let Some(c) = commit.filter(|_| pasted) {
                c(r)
            }
        });
    };
    let on_change = move |_| {
        if let Some(c) = commit {
            ctx.edit(c)
        }
    };
    let input = if multiline {
        view! { <textarea id=id.clone() name=field rows="5" prop:value=value on:input=on_input on:blur=move |_| ctx.touch(field)></textarea> }
            .into_any()
    } else {
        view! { <input id=id.clone() name=field type=kind prop:value=value on:input=on_input on:change=on_change on:blur=move |_| ctx.touch(field) /> }.into_any()
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
    let value = move || {
        ctx.read(|r| get(r).map(|c| c.code()).unwrap_or_default())
            .unwrap_or_default()
    };
    let on_change = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        ctx.touch(field);
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

/// One choice of a [`SearchPicker`]: the stored code and what people read.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub code: &'static str,
    pub label: String,
    /// Shown under the label, e.g. the province of a regency.
    pub detail: &'static str,
}

const MAX_SHOWN: usize = 8;

/// A text box that filters a long list as the volunteer types ("sura" finds
/// Kota Surabaya) and shows the best matches as large buttons: quicker than
/// scrolling a 514-entry select with one thumb.
#[component]
pub fn SearchPicker(
    label: Text,
    field: &'static str,
    #[prop(into)] options: Signal<Vec<Choice>>,
    #[prop(into)] selected: Signal<String>,
    on_pick: Callback<&'static str>,
) -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let lang = use_lang();
    let id = field_id(field);
    let list_id = format!("{id}-list");
    let query = RwSignal::new(None::<String>);
    let selected_label = move || {
        let code = selected.get();
        options
            .with(|o| o.iter().find(|o| o.code == code).map(|o| o.label.clone()))
            .unwrap_or_default()
    };
    let matches = move || {
        let Some(q) = query.get() else {
            return Vec::new();
        };
        let q = q.trim().to_lowercase();
        if q.is_empty() {
            return Vec::new();
        }
        options.with(|o| {
            let mut found: Vec<_> = o
                .iter()
                .filter(|o| o.label.to_lowercase().contains(&q))
                .cloned()
                .collect();
            // Names that start with the query ("Kota Sura…" or "Sura…") first.
            found.sort_by_key(|o| {
                let l = o.label.to_lowercase();
                !(l.starts_with(&q) || l.split(' ').any(|w| w.starts_with(&q)))
            });
            found.truncate(MAX_SHOWN);
            found
        })
    };
    let pick = move |code: &'static str| {
        query.set(None);
        ctx.touch(field);
        on_pick.run(code);
    };
    view! {
        <div class="field picker">
            <label for=id.clone()>{move || label.get(lang.get())}</label>
            <input
                id=id
                name=field
                type="search"
                role="combobox"
                autocomplete="off"
                aria-controls=list_id.clone()
                aria-expanded=move || (!matches().is_empty()).to_string()
                placeholder=move || Text::new("Ketik untuk mencari…", "Type to search…").get(lang.get())
                prop:value=move || query.get().unwrap_or_else(selected_label)
                on:input=move |ev| query.set(Some(event_target_value(&ev)))
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Enter" {
                        ev.prevent_default();
                        if let Some(first) = matches().first() {
                            pick(first.code);
                        }
                    } else if ev.key() == "Escape" {
                        query.set(None);
                    }
                }
            />
            <ul class="options" id=list_id role="listbox">
                {move || {
                    matches()
                        .into_iter()
                        .map(|o| {
                            let code = o.code;
                            view! {
                                <li role="option" aria-selected="false">
                                    <button type="button" data-code=code on:click=move |_| pick(code)>
                                        <span>{o.label}</span>
                                        <small>{o.detail}</small>
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <FieldProblems field=field />
        </div>
    }
}
