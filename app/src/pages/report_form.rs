//! The finding form. Every edit is saved to IndexedDB at once; "Kirim"
//! checks the report with the shared rules, queues it and sends the outbox.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use netral_shared::catalogue::{ElectionKind, SourceKind, ViolationCode};
use netral_shared::deadline::{days_left, deadline};
use netral_shared::regions::{self, ProvinceCode};
use netral_shared::report::Report;
use netral_shared::sync::Outcome;
use netral_shared::validate::{Level, When, formal_missing, validate};
use netral_shared::{Lang, Text};
use uuid::Uuid;

use crate::fields::{ChoiceSelect, FieldProblems, FormCtx, TextInput};
use crate::i18n::{tr, use_lang};
use crate::local::{LocalReport, SendState};
use crate::sync::{self, SyncError};
use crate::{idb, today};

#[derive(Clone, Debug, PartialEq)]
enum SaveState {
    Idle,
    Saved,
    Failed(String),
}

#[component]
pub fn EditReport() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let local = RwSignal::new(None::<LocalReport>);
    let save_state = RwSignal::new(SaveState::Idle);
    let load_error = RwSignal::new(None::<String>);
    // Missing fields are pointed out only once the volunteer tries to send.
    let checking_ready = RwSignal::new(false);
    let sync_error = RwSignal::new(None::<SyncError>);

    Effect::new(move |_| {
        let id = params.read().get("id").unwrap_or_default();
        spawn_local(async move {
            match idb::get_report(&id).await {
                Ok(Some(found)) => local.set(Some(found)),
                Ok(None) => match Uuid::parse_str(&id) {
                    Ok(uuid) => local.set(Some(LocalReport::new(Report::new(uuid)))),
                    Err(_) => load_error.set(Some(id)),
                },
                Err(e) => load_error.set(Some(e)),
            }
        });
    });

    let problems = Memo::new(move |_| {
        let level = if checking_ready.get() { Level::Ready } else { Level::Draft };
        local.with(|l| {
            let Some(l) = l else { return Vec::new() };
            let mut ps = validate(&l.report, level, today());
            ps.extend(sync::server_problems(&l.send).iter().cloned());
            ps
        })
    });

    let save = move || {
        let Some(snapshot) = local.get_untracked() else { return };
        spawn_local(async move {
            let result = match idb::db().await {
                Ok(db) => idb::put_report(&db, &snapshot).await,
                Err(e) => Err(e),
            };
            save_state.set(match result {
                Ok(()) => SaveState::Saved,
                Err(e) => SaveState::Failed(e),
            });
        });
    };
    let ctx = FormCtx { local, problems, on_edit: Callback::new(move |()| save()) };
    provide_context(ctx);

    let send = move |_| {
        checking_ready.set(true);
        sync_error.set(None);
        let ready = local.with_untracked(|l| {
            l.as_ref().is_some_and(|l| validate(&l.report, Level::Ready, today()).is_empty())
        });
        if !ready {
            return;
        }
        local.update(|l| {
            if let Some(l) = l {
                l.send = SendState::Queued;
            }
        });
        save();
        spawn_local(async move {
            let id = local.with_untracked(|l| l.as_ref().map(|l| l.id.clone())).unwrap_or_default();
            let result = sync::send_outbox().await;
            if let Ok(Some(fresh)) = idb::get_report(&id).await {
                local.set(Some(fresh));
            }
            sync_error.set(result.err());
        });
    };

    let status = move || {
        let l = local.get()?;
        let lang = lang.get();
        let t = |id, en| Text::new(id, en).get(lang).to_owned();
        let text = match &l.send {
            SendState::Draft => return None,
            SendState::Queued => match sync_error.get() {
                Some(SyncError::Server(body)) => format!("{} {}", t("Belum terkirim:", "Not sent yet:"), body.message.get(lang)),
                Some(SyncError::Storage(e)) => format!("{} {e}", t("Penyimpanan perangkat gagal:", "Device storage failed:")),
                _ => t(
                    "Menunggu sinyal — laporan tersimpan di perangkat dan akan dikirim otomatis.",
                    "Waiting for signal — the report is saved on this device and will be sent automatically.",
                ),
            },
            SendState::Sent { outcome: Outcome::Replayed, .. } => {
                t("Terkirim — server sudah menerima laporan ini sebelumnya.", "Sent — the server already had this report.")
            }
            SendState::Sent { outcome: Outcome::Stale, .. } => {
                t("Terkirim — server sudah punya versi yang lebih baru.", "Sent — the server already has a newer version.")
            }
            SendState::Sent { .. } => t("Terkirim — diterima server.", "Sent — accepted by the server."),
            SendState::Rejected { .. } => t("Ditolak server: periksa isian yang ditandai.", "Refused by the server: check the marked fields."),
        };
        Some(view! { <p class="status" role="status" data-state=state_name(&l.send)>{text}</p> })
    };

    view! {
        <Show
            when=move || local.with(Option::is_some)
            fallback=move || {
                view! {
                    <p class="empty">
                        {move || match load_error.get() {
                            Some(e) => format!("{} ({e})", Text::new("Laporan tidak dapat dibuka", "The report cannot be opened").get(lang.get())),
                            None => Text::new("Memuat…", "Loading…").get(lang.get()).to_owned(),
                        }}
                    </p>
                }
            }
        >
            <form class="report" on:submit=|ev| ev.prevent_default()>
                <h1>{tr("Laporan dugaan pelanggaran", "Suspected violation report")}</h1>
                <p class="saved" aria-live="polite">
                    {move || match save_state.get() {
                        SaveState::Idle => String::new(),
                        SaveState::Saved => Text::new("Tersimpan di perangkat", "Saved on this device").get(lang.get()).to_owned(),
                        SaveState::Failed(e) => format!("{} {e}", Text::new("Gagal menyimpan:", "Could not save:").get(lang.get())),
                    }}
                </p>
                <TerlaporSection />
                <PlaceSection />
                <WhenSection />
                <WhatSection />
                <ReporterSection />
                <FormalChecklist />
                {status}
                <button type="button" class="primary send" on:click=send>{tr("Kirim", "Send")}</button>
            </form>
        </Show>
    }
}

fn state_name(s: &SendState) -> &'static str {
    match s {
        SendState::Draft => "draft",
        SendState::Queued => "queued",
        SendState::Sent { outcome: Outcome::Replayed, .. } => "replayed",
        SendState::Sent { .. } => "sent",
        SendState::Rejected { .. } => "rejected",
    }
}

#[component]
fn TerlaporSection() -> impl IntoView {
    view! {
        <fieldset>
            <legend>{tr("Terlapor", "Person reported")}</legend>
            <TextInput
                label=Text::new("Nama (boleh dengan gelar)", "Name (titles allowed)")
                field="terlapor.name"
                get=|r| &r.terlapor.name
                set=|r, v| r.terlapor.name = v
            />
            <TextInput label=Text::new("Jabatan", "Position") field="terlapor.position" get=|r| &r.terlapor.position set=|r, v| r.terlapor.position = v />
            <TextInput label=Text::new("Instansi/OPD", "Agency") field="terlapor.agency" get=|r| &r.terlapor.agency set=|r, v| r.terlapor.agency = v />
            <TextInput
                label=Text::new("NIP (jika tahu)", "NIP (if known)")
                hint=Text::new("18 angka, mis. 19660801 198803 1 001. Jangan isi NIK.", "18 digits, e.g. 19660801 198803 1 001. Never the NIK.")
                field="terlapor.nip"
                kind="text"
                get=|r| &r.terlapor.nip
                set=|r, v| r.terlapor.nip = v
            />
        </fieldset>
    }
}

#[component]
fn PlaceSection() -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let lang = use_lang();
    let province = move || ctx.read(|r| r.place.province.clone()).unwrap_or_default();
    let regency = move || ctx.read(|r| r.place.regency.clone()).unwrap_or_default();
    let regencies = move || {
        ProvinceCode::parse(&province()).map(|p| regions::regencies_of(p).collect::<Vec<_>>()).unwrap_or_default()
    };
    view! {
        <fieldset>
            <legend>{tr("Tempat", "Place")}</legend>
            <div class="field">
                <label for="f-place-province">{tr("Provinsi", "Province")}</label>
                <select
                    id="f-place-province"
                    name="place.province"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        ctx.edit(|r| {
                            if r.place.province != v {
                                r.place.regency.clear();
                            }
                            r.place.province = v;
                        })
                    }
                >
                    <option value="">{move || choose(lang.get())}</option>
                    {regions::provinces()
                        .map(|p| view! { <option value=p.code selected=move || province() == p.code>{p.name}</option> })
                        .collect_view()}
                </select>
                <FieldProblems field="place.province" />
            </div>
            <div class="field">
                <label for="f-place-regency">{tr("Kabupaten/kota", "Regency/city")}</label>
                <select
                    id="f-place-regency"
                    name="place.regency"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        ctx.edit(|r| r.place.regency = v)
                    }
                >
                    <option value="">{move || choose(lang.get())}</option>
                    {move || {
                        regencies()
                            .into_iter()
                            .map(|k| view! { <option value=k.code selected=move || regency() == k.code>{k.name}</option> })
                            .collect_view()
                    }}
                </select>
                <FieldProblems field="place.regency" />
            </div>
            <TextInput
                label=Text::new("Lokasi (alamat, nama tempat)", "Location (address, place name)")
                field="place.description"
                get=|r| &r.place.description
                set=|r, v| r.place.description = v
            />
        </fieldset>
    }
}

fn choose(lang: Lang) -> &'static str {
    Text::new("— pilih —", "— choose —").get(lang)
}

#[component]
fn WhenSection() -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let lang = use_lang();
    let countdown = move || {
        let (known, kind) = ctx.read(|r| (When::parse(&r.known_at), r.election.kind))?;
        let due = deadline(known?.date, kind?);
        let left = days_left(due, today());
        let text = match lang.get() {
            Lang::Id if left >= 0 => format!("Batas waktu lapor: {due} ({left} hari lagi)"),
            Lang::Id => format!("Batas waktu lapor {due} sudah lewat {} hari", -left),
            Lang::En if left >= 0 => format!("Reporting deadline: {due} ({left} days left)"),
            Lang::En => format!("The reporting deadline {due} passed {} days ago", -left),
        };
        Some(view! { <p class="deadline" class:late=left < 2>{text}</p> })
    };
    view! {
        <fieldset>
            <legend>{tr("Waktu", "When")}</legend>
            <TextInput label=Text::new("Waktu kejadian", "When it happened") field="occurred_at" kind="datetime-local" get=|r| &r.occurred_at set=|r, v| r.occurred_at = v />
            <TextInput label=Text::new("Tanggal diketahui", "Date it became known") field="known_at" kind="date" get=|r| &r.known_at set=|r, v| r.known_at = v />
            <ChoiceSelect label=Text::new("Pemilihan", "Election") field="election.kind" get=|r| r.election.kind set={|r: &mut Report, v: Option<ElectionKind>| r.election.kind = v} />
            {countdown}
        </fieldset>
    }
}

#[component]
fn WhatSection() -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let lang = use_lang();
    let has_other = move || ctx.read(|r| r.violations.contains(&ViolationCode::Lainnya)).unwrap_or(false);
    view! {
        <fieldset>
            <legend>{tr("Pelanggaran", "Violation")}</legend>
            <div class="checks" id="f-violations">
                {ViolationCode::ALL
                    .iter()
                    .map(|v| {
                        let v = *v;
                        let checked = move || ctx.read(|r| r.violations.contains(&v)).unwrap_or(false);
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    name="violations"
                                    value=v.code()
                                    prop:checked=checked
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        ctx.edit(|r| {
                                            r.violations.retain(|x| *x != v);
                                            if on {
                                                r.violations.push(v);
                                            }
                                        })
                                    }
                                />
                                <span>{move || v.label().get(lang.get())}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            <FieldProblems field="violations" />
            <Show when=has_other>
                <TextInput label=Text::new("Jelaskan pelanggaran lainnya", "Describe the other violation") field="violation_other" get=|r| &r.violation_other set=|r, v| r.violation_other = v />
            </Show>
            <TextInput label=Text::new("Uraian kejadian", "What happened") field="description" multiline=true get=|r| &r.description set=|r, v| r.description = v />
            <ChoiceSelect label=Text::new("Sumber informasi", "Source") field="source.kind" get=|r| r.source.kind set={|r: &mut Report, v: Option<SourceKind>| r.source.kind = v} />
        </fieldset>
    }
}

#[component]
fn ReporterSection() -> impl IntoView {
    view! {
        <fieldset>
            <legend>{tr("Pelapor (Anda)", "Reporter (you)")}</legend>
            <p class="hint">
                {tr(
                    "Wajib untuk laporan resmi. Disimpan terpisah dari temuan dan tidak ditampilkan kepada umum.",
                    "Required for a formal report. Stored apart from the finding and never shown publicly.",
                )}
            </p>
            <TextInput label=Text::new("Nama", "Name") field="reporter.name" get=|r| &r.reporter.name set=|r, v| r.reporter.name = v />
            <TextInput label=Text::new("Alamat", "Address") field="reporter.address" get=|r| &r.reporter.address set=|r, v| r.reporter.address = v />
            <TextInput label=Text::new("Kontak (HP/surel)", "Contact (phone/e-mail)") field="reporter.contact" kind="tel" get=|r| &r.reporter.contact set=|r, v| r.reporter.contact = v />
        </fieldset>
    }
}

/// What a formal filing still lacks, always visible so the volunteer knows
/// before leaving the scene.
#[component]
fn FormalChecklist() -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let lang = use_lang();
    let missing = move || ctx.read(formal_missing).unwrap_or_default();
    view! {
        <Show when=move || !missing().is_empty()>
            <div class="checklist">
                <p>{tr("Untuk laporan resmi masih kurang:", "A formal report still lacks:")}</p>
                <ul>
                    {move || missing().into_iter().map(|(_, text)| view! { <li>{text.get(lang.get())}</li> }).collect_view()}
                </ul>
            </div>
        </Show>
    }
}
