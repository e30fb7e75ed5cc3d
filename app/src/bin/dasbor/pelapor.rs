//! The pelapor's particulars as Bawaslu's report form asks for them, filled
//! in by the coordinator at print time. A volunteer's phone never asks for
//! most of them (birth date, sex, occupation): the coalition often files in
//! its own name. Nothing typed here reaches the server; it is kept in this
//! browser only if the coordinator saves it as their organisation's pelapor.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use netral_app::i18n::tr;
use serde::{Deserialize, Serialize};

const KEY: &str = "netral-pelapor-organisasi";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Pelapor {
    pub nama: String,
    pub tempat_lahir: String,
    pub tanggal_lahir: String,
    pub jenis_kelamin: String,
    pub pekerjaan: String,
    pub kewarganegaraan: String,
    pub alamat: String,
    pub telepon: String,
    pub email: String,
}

impl Pelapor {
    /// The organisation's pelapor saved in this browser, if any.
    pub fn saved() -> Option<Pelapor> {
        LocalStorage::get(KEY).ok()
    }
}

/// One text input bound to one field of the pelapor.
fn input(
    pelapor: RwSignal<Pelapor>,
    id: &'static str,
    label: (&'static str, &'static str),
    get: fn(&Pelapor) -> &String,
    set: fn(&mut Pelapor) -> &mut String,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{tr(label.0, label.1)}</label>
            <input id=id prop:value=move || pelapor.with(|p| get(p).clone())
                on:input=move |ev| pelapor.update(|p| *set(p) = event_target_value(&ev)) />
        </div>
    }
}

#[component]
pub fn PelaporForm(pelapor: RwSignal<Pelapor>) -> impl IntoView {
    let saved = RwSignal::new(Pelapor::saved().is_some());
    let save = move |_| {
        if LocalStorage::set(KEY, pelapor.get_untracked()).is_ok() {
            saved.set(true);
        }
    };
    let use_saved = move |_| {
        if let Some(p) = Pelapor::saved() {
            pelapor.set(p);
        }
    };
    let forget = move |_| {
        LocalStorage::delete(KEY);
        saved.set(false);
    };
    view! {
        <fieldset class="pelapor-form no-print">
            <legend>{tr("Identitas pelapor untuk formulir", "The pelapor's particulars for the form")}</legend>
            <p class="hint">{tr(
                "Pelapor bisa relawan, atau koalisi yang melapor atas namanya sendiri. Data ini hanya dipakai untuk cetakan dan tidak dikirim ke server.",
                "The pelapor may be the volunteer, or the coalition filing in its own name. This is used for the print only and is not sent to the server.",
            )}</p>
            {input(pelapor, "p-nama", ("Nama", "Name"), |p| &p.nama, |p| &mut p.nama)}
            {input(pelapor, "p-tempat-lahir", ("Tempat lahir", "Place of birth"), |p| &p.tempat_lahir, |p| &mut p.tempat_lahir)}
            {input(pelapor, "p-tanggal-lahir", ("Tanggal lahir", "Date of birth"), |p| &p.tanggal_lahir, |p| &mut p.tanggal_lahir)}
            <div class="field">
                <label for="p-jenis-kelamin">{tr("Jenis kelamin", "Sex")}</label>
                <select id="p-jenis-kelamin" on:change=move |ev| pelapor.update(|p| p.jenis_kelamin = event_target_value(&ev))>
                    {["", "Laki-laki", "Perempuan"].into_iter().map(|v| view! {
                        <option value=v selected=move || pelapor.with(|p| p.jenis_kelamin == v)>{v}</option>
                    }).collect_view()}
                </select>
            </div>
            {input(pelapor, "p-pekerjaan", ("Pekerjaan", "Occupation"), |p| &p.pekerjaan, |p| &mut p.pekerjaan)}
            {input(pelapor, "p-kewarganegaraan", ("Kewarganegaraan", "Citizenship"), |p| &p.kewarganegaraan, |p| &mut p.kewarganegaraan)}
            {input(pelapor, "p-alamat", ("Alamat", "Address"), |p| &p.alamat, |p| &mut p.alamat)}
            {input(pelapor, "p-telepon", ("Nomor telepon/HP", "Phone"), |p| &p.telepon, |p| &mut p.telepon)}
            {input(pelapor, "p-email", ("E-mail", "E-mail"), |p| &p.email, |p| &mut p.email)}
            <p class="pelapor-actions">
                <button class="secondary use-org" disabled=move || !saved.get() on:click=use_saved>
                    {tr("Pakai pelapor organisasi", "Use the organisation's pelapor")}
                </button>
                <button class="secondary save-org" on:click=save>
                    {tr("Simpan sebagai pelapor organisasi (di peramban ini)", "Save as the organisation's pelapor (in this browser)")}
                </button>
                {move || saved.get().then(|| view! {
                    <button class="secondary forget-org" on:click=forget>{tr("Hapus yang tersimpan", "Forget the saved one")}</button>
                })}
            </p>
        </fieldset>
    }
}
