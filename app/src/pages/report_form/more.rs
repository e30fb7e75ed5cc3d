//! "Lengkapi (tidak wajib)": what a report may carry but seldom needs at
//! the scene, folded so the form a volunteer scrolls holds only the few
//! fields every report needs. It opens by itself when something folded
//! is filled (a report opened again shows what it holds), and "Kirim"
//! opens it to reach a folded field that is wrong (app/js/form.js).

use leptos::prelude::*;
use netral_shared::Text;
use netral_shared::catalogue::{ElectionStage, PositionClass, SubjectType};
use netral_shared::report::Report;

use crate::fields::{ChoiceSelect, FieldProblems, FormCtx, TextInput};
use crate::gps::{GpsError, read_position};
use crate::i18n::{tr, use_lang};

/// How many of the folded fields hold something.
fn filled(r: &Report) -> usize {
    [
        r.terlapor.subject_type.is_some(),
        r.terlapor.position_class.is_some(),
        !r.terlapor.agency.trim().is_empty(),
        !r.terlapor.nip.trim().is_empty(),
        !r.place.description.trim().is_empty(),
        r.place.gps.is_some(),
        r.election.stage.is_some(),
        !r.beneficiary.trim().is_empty(),
        !r.witnesses.trim().is_empty(),
    ]
    .iter()
    .filter(|f| **f)
    .count()
}

#[component]
pub fn MoreDetails() -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let lang = use_lang();
    let count = Memo::new(move |_| ctx.read(filled).unwrap_or(0));
    // Opened once when the report is opened with folded fields filled;
    // after that the volunteer's own open or close holds.
    let open = count.get_untracked() > 0;
    let summary = move || {
        let n = count.get();
        let head = Text::new("Lengkapi (tidak wajib)", "More details (optional)").get(lang.get());
        match (n, lang.get()) {
            (0, _) => head.to_owned(),
            (n, netral_shared::Lang::Id) => format!("{head} · {n} terisi"),
            (n, netral_shared::Lang::En) => format!("{head} · {n} filled"),
        }
    };
    view! {
        <details class="more" open=open>
            <summary>{summary}</summary>
            <p class="hint">{tr(
                "Membantu koordinator, tetapi laporan bisa dikirim tanpanya.",
                "Helps the coordinator, but the report can be sent without it.",
            )}</p>
            <TerlaporMore />
            <PlaceMore />
            <ChoiceSelect label=Text::new("Tahapan pemilihan", "Election stage") field="election.stage" get=|r| r.election.stage set={|r: &mut Report, v: Option<ElectionStage>| r.election.stage = v} />
            <TextInput label=Text::new("Pihak yang diuntungkan (calon/partai), jika ada", "Who benefits (candidate/party), if any") field="beneficiary" get=|r| &r.beneficiary set=|r, v| r.beneficiary = v />
            <TextInput label=Text::new("Saksi (nama, kontak), jika ada", "Witnesses (name, contact), if any") field="witnesses" get=|r| &r.witnesses set=|r, v| r.witnesses = v />
        </details>
    }
}

/// Who the person is beyond name and position: status, class, agency, NIP.
#[component]
fn TerlaporMore() -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let is_asn = move || {
        ctx.read(|r| matches!(r.terlapor.subject_type, None | Some(SubjectType::Asn)))
            .unwrap_or(true)
    };
    view! {
        <ChoiceSelect
            label=Text::new("Status terlapor", "Status of the person")
            field="terlapor.subject_type"
            get=|r| r.terlapor.subject_type
            set={|r: &mut Report, v: Option<SubjectType>| r.terlapor.subject_type = v}
        />
        <Show when=is_asn>
            <ChoiceSelect
                label=Text::new("Golongan jabatan", "Position class")
                field="terlapor.position_class"
                get=|r| r.terlapor.position_class
                set={|r: &mut Report, v: Option<PositionClass>| r.terlapor.position_class = v}
            />
        </Show>
        <TextInput label=Text::new("Instansi/OPD", "Agency") field="terlapor.agency" get=|r| &r.terlapor.agency set=|r, v| r.terlapor.agency = v />
        <Show when=is_asn>
            <TextInput
                label=Text::new("NIP/NI PPPK (jika tahu)", "NIP/NI PPPK (if known)")
                hint=Text::new("18 angka, mis. 19660801 198803 1 001. Sebagian saja boleh. Jangan isi NIK.", "18 digits, e.g. 19660801 198803 1 001. Part of it is fine. Never the NIK.")
                field="terlapor.nip"
                kind="text"
                get=|r| &r.terlapor.nip
                set=|r, v| r.terlapor.nip = v
            />
        </Show>
    }
}

/// Where exactly: the place's description and a GPS position.
#[component]
fn PlaceMore() -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let lang = use_lang();
    let gps_error = RwSignal::new(None::<GpsError>);
    let locating = RwSignal::new(false);
    let take_gps = move |_| {
        locating.set(true);
        gps_error.set(None);
        read_position(move |result| {
            locating.set(false);
            match result {
                Ok(gps) => ctx.edit(|r| r.place.gps = Some(gps)),
                Err(e) => gps_error.set(Some(e)),
            }
        });
    };
    let gps_text = move || {
        let gps = ctx.read(|r| r.place.gps).flatten()?;
        let acc = gps
            .accuracy_m
            .map(|a| format!(" (±{a:.0} m)"))
            .unwrap_or_default();
        Some(format!("{:.5}, {:.5}{acc}", gps.lat, gps.lon))
    };
    view! {
        <TextInput
            label=Text::new("Lokasi (alamat, nama tempat)", "Location (address, place name)")
            field="place.description"
            get=|r| &r.place.description
            set=|r, v| r.place.description = v
        />
        <div class="field gps">
            {move || match gps_text() {
                Some(text) => view! {
                    <p>{tr("Posisi GPS:", "GPS position:")} " " <span class="gps-value">{text}</span></p>
                    <button type="button" class="secondary" on:click=move |_| ctx.edit(|r| r.place.gps = None)>{tr("Hapus posisi", "Remove position")}</button>
                }.into_any(),
                None => view! {
                    <button type="button" class="secondary" on:click=take_gps disabled=move || locating.get()>
                        {tr("Tambahkan posisi GPS", "Add GPS position")}
                    </button>
                }.into_any(),
            }}
            {move || gps_error.get().map(|e| {
                let text = match e {
                    GpsError::Denied => Text::new("Izin lokasi ditolak. Posisi tidak wajib.", "Location permission denied. The position is optional."),
                    GpsError::Unsupported | GpsError::Unavailable => Text::new("Posisi tidak tersedia saat ini.", "No position available right now."),
                };
                view! { <p class="problem">{text.get(lang.get())}</p> }
            })}
            <FieldProblems field="place.gps" />
        </div>
    }
}
