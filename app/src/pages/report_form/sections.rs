//! The sections of the finding form, evidence first (most findings are
//! posts scrolled past), then who, what, when, where, and who is
//! reporting; what few reports need is folded away (more.rs).

use leptos::prelude::*;
use netral_shared::Text;
use netral_shared::catalogue::{ElectionKind, Platform, SourceKind, ViolationCode};
use netral_shared::dates::deadline_text;
use netral_shared::deadline::{DeadlineStatus, deadline};
use netral_shared::evidence_url::EvidenceUrl;
use netral_shared::regions::{self, ProvinceCode};
use netral_shared::report::Report;
use netral_shared::source_link::fill_source;
use netral_shared::validate::{When, formal_missing};

use crate::fields::{Choice, ChoiceSelect, FieldProblems, FormCtx, SearchPicker, TextInput};
use crate::i18n::{tr, use_lang};
use crate::{remembered, today};

use super::photos::PhotoPicker;

/// Who: the name and the position, what a volunteer knows from a post.
/// Status, class, agency and NIP are folded under "Lengkapi" (more.rs).
#[component]
pub fn TerlaporSection() -> impl IntoView {
    view! {
        <fieldset>
            <legend>{tr("Terlapor", "Person reported")}</legend>
            <TextInput
                label=Text::new("Nama (boleh dengan gelar)", "Name (titles allowed)")
                field="terlapor.name"
                get=|r| &r.terlapor.name
                set=|r, v| r.terlapor.name = v
            />
            <TextInput
                label=Text::new("Jabatan (mis. camat, guru, kepala sekolah)", "Position (e.g. sub-district head, teacher)")
                field="terlapor.position"
                get=|r| &r.terlapor.position
                set=|r, v| r.terlapor.position = v
            />
        </fieldset>
    }
}

#[component]
pub fn PlaceSection() -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let province =
        Signal::derive(move || ctx.read(|r| r.place.province.clone()).unwrap_or_default());
    let regency = Signal::derive(move || ctx.read(|r| r.place.regency.clone()).unwrap_or_default());
    // Memos: the pickers read these on every keystroke.
    let province_options = Memo::new(|_| {
        regions::provinces()
            .map(|p| Choice {
                code: p.code,
                label: p.name.to_owned(),
                detail: "",
            })
            .collect()
    });
    // Without a province, the regency box searches the whole country and
    // picking one fills in its province: one field for most volunteers.
    let regency_options = Memo::new(move |_| {
        let within = ProvinceCode::parse(&province.get()).ok();
        regions::all()
            .iter()
            .filter(|r| {
                r.code.len() == 5 && within.is_none_or(|p| r.code.starts_with(&p.to_string()))
            })
            .map(|r| Choice {
                code: r.code,
                label: r.name.to_owned(),
                detail: regions::name_of(&r.code[..2]).unwrap_or_default(),
            })
            .collect()
    });
    let pick_province = Callback::new(move |code: &'static str| {
        ctx.edit(|r| {
            if !r.place.regency.starts_with(code) {
                r.place.regency.clear();
            }
            r.place.province = code.to_owned();
        })
    });
    let pick_regency = Callback::new(move |code: &'static str| {
        ctx.edit(|r| {
            r.place.province = code[..2].to_owned();
            r.place.regency = code.to_owned();
        })
    });
    view! {
        <fieldset>
            <legend>{tr("Tempat", "Place")}</legend>
            <SearchPicker label=Text::new("Provinsi", "Province") field="place.province" options=province_options selected=province on_pick=pick_province />
            <SearchPicker label=Text::new("Kabupaten/kota", "Regency/city") field="place.regency" options=regency_options selected=regency on_pick=pick_regency />
        </fieldset>
    }
}

#[component]
pub fn WhenSection() -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let lang = use_lang();
    let countdown = move || {
        let (known, kind) = ctx.read(|r| (When::parse(&r.known_at), r.election.kind))?;
        let due = deadline(known?.date, kind?, &crate::calendar::calendar());
        let late = !matches!(due.status(today()), DeadlineStatus::Open { days_left: 2.. });
        let text = deadline_text(due, today(), lang.get());
        Some(view! { <p class="deadline" class:late=late>{text}</p> })
    };
    view! {
        <fieldset>
            <legend>{tr("Waktu dan pemilihan", "When and which election")}</legend>
            <DateAndTime />
            <TextInput
                label=Text::new("Tanggal diketahui", "Date it became known")
                hint=Text::new("Batas waktu ke Bawaslu dihitung dari tanggal ini.", "The deadline for Bawaslu runs from this date.")
                field="known_at"
                kind="date"
                get=|r| &r.known_at
                set=|r, v| r.known_at = v
            />
            <ChoiceSelect label=Text::new("Pemilihan", "Election") field="election.kind" get=|r| r.election.kind set={|r: &mut Report, v: Option<ElectionKind>| r.election.kind = v} />
            {countdown}
        </fieldset>
    }
}

/// When it happened: a date, and the time only if the volunteer knows it
/// (stored `YYYY-MM-DD` without one, never a made-up midnight).
#[component]
fn DateAndTime() -> impl IntoView {
    const FIELD: &str = "occurred_at";
    let ctx = expect_context::<FormCtx>();
    let lang = use_lang();
    let part = move |time: bool| {
        ctx.read(|r| {
            let (d, t) = r
                .occurred_at
                .split_once('T')
                .unwrap_or((&r.occurred_at, ""));
            if time { t } else { d }.to_owned()
        })
        .unwrap_or_default()
    };
    let set = move |date: String, time: String| {
        ctx.edit(|r| {
            r.occurred_at = if time.is_empty() {
                date
            } else {
                format!("{date}T{time}")
            }
        })
    };
    view! {
        <div class="field">
            <label for="f-occurred_at">{move || Text::new("Waktu kejadian", "When it happened").get(lang.get())}</label>
            <div class="when-row">
                <input id="f-occurred_at" name=FIELD type="date" prop:value=move || part(false)
                    on:input=move |ev| set(event_target_value(&ev), part(true)) on:blur=move |_| ctx.touch(FIELD) />
                <input id="f-occurred_at-time" type="time" aria-label=move || Text::new("Jam (jika tahu)", "Time (if known)").get(lang.get())
                    prop:value=move || part(true)
                    on:input=move |ev| set(part(false), event_target_value(&ev)) on:blur=move |_| ctx.touch(FIELD) />
            </div>
            <div class="quick-dates">
                <button type="button" class="secondary" on:click=move |_| set(today().to_string(), part(true))>{tr("Hari ini", "Today")}</button>
                <button type="button" class="secondary" on:click=move |_| set(today().previous_day().unwrap_or(today()).to_string(), part(true))>{tr("Kemarin", "Yesterday")}</button>
            </div>
            <small class="hint">{move || Text::new("Jam boleh dikosongkan.", "The time may be left empty.").get(lang.get())}</small>
            <FieldProblems field=FIELD />
        </div>
    }
}

/// What: the acts, by short title, those common for the report's source
/// first; the full wording (what a filing quotes) on demand, and the guide
/// for a volunteer unsure of the rules.
#[component]
pub fn WhatSection() -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let lang = use_lang();
    let location = crate::router::use_location();
    let has_other = move || {
        ctx.read(|r| r.violations.contains(&ViolationCode::Lainnya))
            .unwrap_or(false)
    };
    let order =
        Memo::new(move |_| ViolationCode::common_first(ctx.read(|r| r.source.kind).flatten()));
    let full = RwSignal::new(false);
    view! {
        <fieldset>
            <legend>{tr("Pelanggaran", "Violation")}</legend>
            <p class="checks-help">
                // `dari`: where the guide's own "Kembali" leads (a referrer
                // is not sent: the server's Referrer-Policy).
                <a href=move || format!("/panduan.html?dari={}", location.path()) class="guide-link">{tr("Apa yang dilarang?", "What is prohibited?")}</a>
                <button type="button" class="linkish" aria-pressed=move || full.get().to_string() on:click=move |_| full.update(|f| *f = !*f)>
                    {move || if full.get() {
                        Text::new("Sembunyikan bunyi lengkapnya", "Hide the full wording")
                    } else {
                        Text::new("Tampilkan bunyi lengkapnya", "Show the full wording")
                    }.get(lang.get())}
                </button>
            </p>
            <div class="checks" class:full=move || full.get() id="f-violations" role="group">
                <For each=move || order.get() key=|v| *v let:v>
                    <label class="check">
                        <input
                            type="checkbox"
                            name="violations"
                            value=v.code()
                            prop:checked=move || ctx.read(|r| r.violations.contains(&v)).unwrap_or(false)
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                ctx.touch("violations");
                                ctx.edit(|r| {
                                    r.violations.retain(|x| *x != v);
                                    if on {
                                        r.violations.push(v);
                                    }
                                })
                            }
                        />
                        <span>
                            {move || v.title().get(lang.get())}
                            <small class="wording">{move || v.label().get(lang.get())}</small>
                        </span>
                    </label>
                </For>
            </div>
            <FieldProblems field="violations" />
            <Show when=has_other>
                <TextInput label=Text::new("Jelaskan pelanggaran lainnya", "Describe the other violation") field="violation_other" get=|r| &r.violation_other set=|r, v| r.violation_other = v />
            </Show>
            <TextInput
                label=Text::new("Uraian kejadian", "What happened")
                hint=Text::new("Siapa melakukan apa, di mana, kapan; apa yang Anda lihat sendiri.", "Who did what, where, when; what you saw yourself.")
                field="description"
                multiline=true
                get=|r| &r.description
                set=|r, v| r.description = v
            />
        </fieldset>
    }
}

#[component]
pub fn EvidenceSection() -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let lang = use_lang();
    let kind = move || ctx.read(|r| r.source.kind).flatten();
    let links = move || ctx.read(|r| r.evidence_links.clone()).unwrap_or_default();
    view! {
        <fieldset>
            <legend>{tr("Sumber dan bukti", "Source and evidence")}</legend>
            <ChoiceSelect label=Text::new("Sumber informasi", "Source") field="source.kind" get=|r| r.source.kind set={|r: &mut Report, v: Option<SourceKind>| r.source.kind = v} />
            <Show when=move || kind() == Some(SourceKind::MediaSosial)>
                <ChoiceSelect label=Text::new("Platform", "Platform") field="source.platform" get=|r| r.source.platform set={|r: &mut Report, v: Option<Platform>| r.source.platform = v} />
                <TextInput label=Text::new("Nama akun", "Account name") field="source.account" get=|r| &r.source.account set=|r, v| r.source.account = v />
            </Show>
            <Show when=move || kind() == Some(SourceKind::BeritaOnline)>
                <TextInput label=Text::new("Nama media", "News outlet") field="source.outlet" get=|r| &r.source.outlet set=|r, v| r.source.outlet = v />
            </Show>
            // Also before a source is chosen: a pasted link chooses it.
            <Show when=move || kind() != Some(SourceKind::Langsung)>
                <TextInput
                    label=Text::new("Tautan unggahan/berita", "Link to the post/article")
                    hint=Text::new("Tempel tautannya: sumber dan platform terisi sendiri.", "Paste the link: the source and platform fill in by themselves.")
                    field="source.url"
                    kind="url"
                    get=|r| &r.source.url
                    set=|r, v| r.source.url = v
                    commit=|r| {
                        if let Some(link) = adopt_link(r, &r.source.url.clone()) {
                            r.source.url = link;
                        }
                    }
                />
            </Show>
            <PhotoPicker />
            <div class="field links">
                <p class="label">{tr("Tautan bukti lain", "Other evidence links")}</p>
                {move || {
                    links()
                        .into_iter()
                        .enumerate()
                        .map(|(i, link)| {
                            let field = format!("evidence_links.{i}");
                            view! {
                                <div class="link-row">
                                    <input
                                        type="url"
                                        name=field.clone()
                                        aria-label=move || format!("{} {}", Text::new("Tautan", "Link").get(lang.get()), i + 1)
                                        prop:value=link
                                        on:blur={
                                            let field = field.clone();
                                            move |_| ctx.touch(&field)
                                        }
                                        on:input=move |ev| {
                                            let v = event_target_value(&ev);
                                            ctx.edit(|r| {
                                                // Pasted whole into an empty row: taken at once.
                                                let pasted = r.evidence_links.get(i).is_some_and(String::is_empty);
                                                let v = if pasted { adopt_link(r, &v).unwrap_or(v) } else { v };
                                                if let Some(l) = r.evidence_links.get_mut(i) { *l = v }
                                            })
                                        }
                                        on:change=move |ev| {
                                            let v = event_target_value(&ev);
                                            ctx.edit(|r| {
                                                if let (Some(link), true) = (adopt_link(r, &v), i < r.evidence_links.len()) {
                                                    r.evidence_links[i] = link;
                                                }
                                            })
                                        }
                                    />
                                    <button type="button" class="secondary" on:click=move |_| ctx.edit(|r| { if i < r.evidence_links.len() { r.evidence_links.remove(i); } })>
                                        {tr("Hapus", "Remove")}
                                    </button>
                                </div>
                                <LinkProblems index=i />
                            }
                        })
                        .collect_view()
                }}
                <button type="button" class="secondary add-link" on:click=move |_| ctx.edit(|r| r.evidence_links.push(String::new()))>
                    {tr("+ Tambah tautan", "+ Add link")}
                </button>
            </div>
        </fieldset>
    }
}

/// A link as typed or pasted, in its canonical form (`facebook.com/…` gets
/// its `https://`), filling the source it tells of where still empty;
/// `None` when it is not a link (left as typed, its problem shown).
fn adopt_link(r: &mut Report, typed: &str) -> Option<String> {
    let link = EvidenceUrl::parse_pasted(typed).ok()?;
    fill_source(&mut r.source, &link);
    Some(link.to_string())
}

/// Problems for one evidence link, by position.
#[component]
fn LinkProblems(index: usize) -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let lang = use_lang();
    let field = format!("evidence_links.{index}");
    move || {
        if !ctx.visible(&field) {
            return Vec::new().into_iter().collect_view();
        }
        ctx.problems.with(|ps| {
            ps.iter()
                .filter(|p| p.field == field)
                .filter_map(|p| p.kind())
                .map(|code| view! { <p class="problem" data-field=field.clone()>{code.message().get(lang.get())}</p> })
                .collect_view()
        })
    }
}

#[component]
pub fn ReporterSection() -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let by_coalition = move || ctx.read(|r| r.coalition_is_pelapor).unwrap_or(false);
    view! {
        <fieldset>
            <legend>{tr("Pelapor", "Pelapor (who files)")}</legend>
            <label class="check">
                <input
                    type="checkbox"
                    id="f-coalition_is_pelapor"
                    name="coalition_is_pelapor"
                    prop:checked=by_coalition
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        ctx.edit(|r| r.coalition_is_pelapor = on)
                    }
                />
                <span>{tr(
                    "Koalisi/koordinator yang menjadi pelapor — jangan cantumkan identitas saya",
                    "The coalition/coordinator files as pelapor — leave my identity out",
                )}</span>
            </label>
            // Hidden, not cleared: what was typed stays on the phone, and the
            // outbox sends the report without it.
            <Show when=move || !by_coalition()>
                <p class="hint">{tr(
                    "Nama dan alamat diperlukan untuk laporan resmi; jika kosong, koordinator yang melengkapi.",
                    "A formal report needs a name and address; if left empty, a coordinator completes them.",
                )}</p>
                <TextInput label=Text::new("Nama", "Name") field="reporter.name" get=|r| &r.reporter.name set=|r, v| r.reporter.name = v />
                <TextInput label=Text::new("Alamat", "Address") field="reporter.address" get=|r| &r.reporter.address set=|r, v| r.reporter.address = v />
                <TextInput label=Text::new("Kontak (HP/surel)", "Contact (phone/e-mail)") field="reporter.contact" get=|r| &r.reporter.contact set=|r, v| r.reporter.contact = v />
                <RememberMe />
                <ConsentNotice />
            </Show>
        </fieldset>
    }
}

/// Offers to remember the identity typed here for the next reports, or
/// says that it is the remembered one. Only on a tap: it is personal data.
#[component]
fn RememberMe() -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let kept = RwSignal::new(remembered::me());
    let typed = move || ctx.read(|r| r.reporter.clone()).unwrap_or_default();
    let same = move || kept.with(|k| k.as_ref() == Some(&typed()));
    let remember = move |_| {
        let me = typed();
        remembered::remember_me(&me);
        kept.set(Some(me));
    };
    view! {
        <p class="hint remembered" hidden=move || !same()>{tr(
            "Identitas ini diingat perangkat dan diisikan ke laporan baru. Hapus di Pengaturan.",
            "This device remembers this identity and fills it into new reports. Remove it in Settings.",
        )}</p>
        <button type="button" class="secondary remember-me" hidden=move || same() || typed().name.trim().is_empty() on:click=remember>
            {tr("Ingat identitas ini untuk laporan berikutnya", "Remember this identity for the next reports")}
        </button>
    }
}

/// What happens to the volunteer's identity (UU PDP 27/2022 Ps 20-22): what
/// for, who sees it, how long, and how to have it removed.
#[component]
fn ConsentNotice() -> impl IntoView {
    view! {
        <details class="consent">
            <summary>{tr("Untuk apa identitas Anda?", "What is your identity for?")}</summary>
            <ul>
                <li>{tr("Untuk: mencantumkan Anda sebagai pelapor dalam laporan resmi.", "Purpose: naming you as the pelapor in a formal report.")}</li>
                <li>{tr("Dilihat: koordinator koalisi; Bawaslu, BKN atau SP4N-LAPOR! bila kasus dilaporkan. Tidak pernah ditampilkan kepada umum.", "Seen by: the coalition's coordinators; Bawaslu, BKN or SP4N-LAPOR! when the case is filed. Never shown publicly.")}</li>
                <li>{tr("Disimpan: sampai kasus selesai ditangani.", "Kept: until the case has been dealt with.")}</li>
                <li>{tr("Dihapus: minta koordinator atau admin; di ponsel, hapus laporannya di Laporan saya.", "Removal: ask a coordinator or admin; on this phone, delete the report in My reports.")}</li>
            </ul>
        </details>
    }
}

/// What a formal filing still lacks, always visible so the volunteer knows
/// before leaving the scene.
#[component]
pub fn FormalChecklist() -> impl IntoView {
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
