//! "Pengaturan": storage on this device, backups, and wiping the device.

use crate::router::Link;
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use netral_shared::{Lang, Text};
use wasm_bindgen::JsCast;

use crate::app::{OutboxVersion, SyncControl};
use crate::backup::{self, ImportError};
use crate::i18n::{tr, use_lang};
use crate::idb;
use crate::local::{LocalReport, SendState};
use crate::photos::{download_text, file_text};
use crate::pwa::{self, StorageInfo};

#[component]
pub fn Settings() -> impl IntoView {
    view! {
        <section class="settings">
            <h1>{tr("Pengaturan", "Settings")}</h1>
            <DevicePanel />
            <MePanel />
            <StoragePanel />
            <BackupPanel />
            <WipePanel />
            <p><Link href="/tentang">{tr("Tentang Netral", "About Netral")}</Link></p>
        </section>
    }
}

#[component]
fn DevicePanel() -> impl IntoView {
    let lang = use_lang();
    let device = expect_context::<crate::device::DeviceState>();
    view! {
        <h2>{tr("Perangkat", "Device")}</h2>
        {move || match device.0.get() {
            Some(d) if !d.revoked => view! {
                <p class="device">{match lang.get() {
                    Lang::Id => format!("Terdaftar sebagai {} ({}).", d.pseudonym, d.organisation),
                    Lang::En => format!("Registered as {} ({}).", d.pseudonym, d.organisation),
                }}</p>
            }.into_any(),
            _ => view! {
                <p class="device">
                    {tr("Belum terdaftar: laporan dicatat, tetapi baru dikirim setelah ", "Not registered: reports are recorded, but sent only after you ")}
                    <Link href="/gabung">{tr("gabung dengan kode undangan", "join with an invite code")}</Link>
                    "."
                </p>
            }.into_any(),
        }}
    }
}

/// The particulars the phone fills into new reports, and their removal.
#[component]
fn MePanel() -> impl IntoView {
    let lang = use_lang();
    let me = RwSignal::new(crate::remembered::me());
    let text = move || {
        match me.get() {
        Some(r) => format!("{} · {} · {}", r.name, r.address, r.contact),
        None => Text::new(
            "Belum diingat. Isi nama di bagian Pelapor sebuah laporan, lalu ketuk «Ingat identitas ini».",
            "Not remembered. Type your name in a report's Pelapor section, then tap “Remember this identity”.",
        )
        .get(lang.get())
        .to_owned(),
    }
    };
    view! {
        <h2>{tr("Identitas saya", "My identity")}</h2>
        <p class="me">{text}</p>
        <div hidden=move || me.with(Option::is_none)>
            <p class="hint">{tr("Diisikan ke setiap laporan baru; di tiap laporan boleh diubah atau tidak dicantumkan.", "Filled into every new report; each report may change it or leave it out.")}</p>
            <button type="button" class="secondary wide forget-me" on:click=move |_| { crate::remembered::forget_me(); me.set(None); }>
                {tr("Hapus identitas tersimpan", "Remove the remembered identity")}
            </button>
        </div>
    }
}

fn megabytes(bytes: f64) -> String {
    format!("{:.1} MB", bytes / 1_000_000.0)
}

#[component]
fn StoragePanel() -> impl IntoView {
    let lang = use_lang();
    let info = RwSignal::new(None::<StorageInfo>);
    spawn_local(async move { info.set(pwa::storage_info().await) });
    let text = move || {
        let lang = lang.get();
        let Some(i) = info.get() else {
            return Text::new("Memeriksa penyimpanan…", "Checking storage…")
                .get(lang)
                .to_owned();
        };
        let persisted = if i.persisted {
            Text::new(
                "Permanen: browser tidak akan menghapus data ini saat ruang hampir penuh.",
                "Persistent: the browser will not delete this data when space runs low.",
            )
        } else {
            Text::new(
                "Tidak permanen: browser dapat menghapus data saat ruang hampir penuh. Pasang aplikasi ke layar utama dan kirim laporan secepatnya.",
                "Not persistent: the browser may delete data when space runs low. Install the app to the home screen and send reports soon.",
            )
        };
        let used = match lang {
            Lang::Id => format!(
                "Terpakai {} dari {}.",
                megabytes(i.usage_bytes),
                megabytes(i.quota_bytes)
            ),
            Lang::En => format!(
                "{} used of {}.",
                megabytes(i.usage_bytes),
                megabytes(i.quota_bytes)
            ),
        };
        format!("{} {used}", persisted.get(lang))
    };
    view! {
        <h2>{tr("Penyimpanan perangkat", "Device storage")}</h2>
        <p class="storage" data-persisted=move || info.get().map(|i| i.persisted.to_string())>{text}</p>
    }
}

#[component]
fn BackupPanel() -> impl IntoView {
    let lang = use_lang();
    let message = RwSignal::new(None::<(bool, String)>);
    let outbox = expect_context::<OutboxVersion>();
    let control = expect_context::<SyncControl>();

    let export = move |_| {
        spawn_local(async move {
            let lang = lang.get_untracked();
            message.set(Some(match backup::export().await {
                Ok(e) => {
                    download_text(&e.json, &backup::file_name());
                    let text = match lang {
                        Lang::Id => {
                            format!("Cadangan dibuat: {} laporan, {} foto.", e.reports, e.photos)
                        }
                        Lang::En => {
                            format!("Backup made: {} reports, {} photos.", e.reports, e.photos)
                        }
                    };
                    (true, text)
                }
                Err(e) => (false, e),
            }));
        });
    };

    let import = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        spawn_local(async move {
            let lang = lang.get_untracked();
            let text = file_text(&file).await.ok().and_then(|t| t.as_string());
            let result = match text {
                Some(text) => backup::import(&text).await,
                None => Err(ImportError::NotABackup),
            };
            message.set(Some(match result {
                Ok(s) => {
                    outbox.0.update(|v| *v += 1);
                    control.run();
                    let mut text = match lang {
                        Lang::Id => format!(
                            "Diimpor: {} laporan, {} foto; {} laporan sudah ada.",
                            s.reports, s.photos, s.unchanged
                        ),
                        Lang::En => format!(
                            "Imported: {} reports, {} photos; {} reports were already here.",
                            s.reports, s.photos, s.unchanged
                        ),
                    };
                    if s.damaged_photos > 0 {
                        text.push_str(&match lang {
                            Lang::Id => format!(" {} foto rusak dilewati.", s.damaged_photos),
                            Lang::En => format!(" {} damaged photos skipped.", s.damaged_photos),
                        });
                    }
                    (true, text)
                }
                Err(e) => (
                    false,
                    match e {
                        ImportError::NotABackup => Text::new(
                            "Berkas ini bukan cadangan Netral.",
                            "This file is not a Netral backup.",
                        )
                        .get(lang)
                        .to_owned(),
                        ImportError::TooNew => Text::new(
                            "Cadangan ini dibuat oleh versi Netral yang lebih baru; perbarui aplikasi dulu.",
                            "This backup was made by a newer Netral; update the app first.",
                        )
                        .get(lang)
                        .to_owned(),
                        ImportError::Storage(e) => format!(
                            "{} {e}",
                            Text::new("Penyimpanan perangkat gagal:", "Device storage failed:")
                                .get(lang)
                        ),
                    },
                ),
            }));
        });
    };

    view! {
        <h2>{tr("Cadangan", "Backup")}</h2>
        <p class="hint">
            {tr(
                "Simpan semua laporan yang belum terkirim (beserta fotonya) ke satu berkas, untuk dipindahkan ke perangkat lain.",
                "Save every report not yet sent (with its photos) to one file, to move it to another device.",
            )}
        </p>
        <button type="button" class="secondary wide export" on:click=export>{tr("Unduh cadangan", "Download backup")}</button>
        <label class="button secondary wide">
            {tr("Impor cadangan", "Import backup")}
            <input class="visually-hidden" id="import-backup" type="file" accept="application/json,.json" on:change=import />
        </label>
        {move || message.get().map(|(ok, text)| {
            view! { <p class=if ok { "status backup-result" } else { "problem backup-result" } role="status">{text}</p> }
        })}
    }
}

#[component]
fn WipePanel() -> impl IntoView {
    let lang = use_lang();
    let outbox = expect_context::<OutboxVersion>();
    let device = expect_context::<crate::device::DeviceState>();
    // `Some(list)`: the warning is open, listing what would be lost.
    let confirming = RwSignal::new(None::<Vec<LocalReport>>);
    let done = RwSignal::new(None::<Result<(), String>>);

    let ask = move |_| {
        done.set(None);
        spawn_local(async move {
            let unsent = idb::all_reports()
                .await
                .unwrap_or_default()
                .into_iter()
                .filter(|l| !matches!(l.send, SendState::Sent { .. }))
                .collect();
            confirming.set(Some(unsent));
        });
    };
    let wipe = move |_| {
        spawn_local(async move {
            let result = idb::clear_all().await;
            if result.is_ok() {
                LocalStorage::delete(crate::sync::CURSOR_KEY);
                crate::remembered::forget_all();
                // A lost phone is cut off by this and by the coordinator
                // revoking the device on the server.
                crate::device::forget();
                device.0.set(None);
            }
            confirming.set(None);
            done.set(Some(result));
            outbox.0.update(|v| *v += 1);
        });
    };

    view! {
        <h2>{tr("Hapus data perangkat", "Wipe this device")}</h2>
        <p class="hint">
            {tr(
                "Untuk ponsel yang akan dipinjamkan, dijual, atau hilang (minta koordinator mencabut perangkat ini juga).",
                "For a phone that will be lent, sold or was lost (ask your coordinator to revoke this device too).",
            )}
        </p>
        <Show
            when=move || confirming.with(Option::is_some)
            fallback=move || view! { <button type="button" class="secondary wide danger wipe" on:click=ask>{tr("Hapus data perangkat…", "Wipe this device…")}</button> }
        >
            <div class="warning" role="alertdialog" aria-labelledby="wipe-title">
                <p id="wipe-title"><strong>{tr("Semua laporan dan foto di perangkat ini akan dihapus.", "Every report and photo on this device will be deleted.")}</strong></p>
                {move || {
                    let unsent = confirming.get().unwrap_or_default();
                    if unsent.is_empty() {
                        view! { <p>{tr("Semua laporan sudah terkirim ke server.", "Every report has reached the server.")}</p> }.into_any()
                    } else {
                        let lang = lang.get();
                        view! {
                            <p>{match lang {
                                Lang::Id => format!("{} laporan BELUM terkirim dan akan hilang:", unsent.len()),
                                Lang::En => format!("{} reports have NOT been sent and will be lost:", unsent.len()),
                            }}</p>
                            <ul class="unsent">
                                {unsent.into_iter().map(|l| {
                                    let name = if l.report.terlapor.name.trim().is_empty() {
                                        Text::new("(terlapor belum diisi)", "(person not named yet)").get(lang).to_owned()
                                    } else {
                                        l.report.terlapor.name.clone()
                                    };
                                    view! { <li>{name}</li> }
                                }).collect_view()}
                            </ul>
                            <p>{tr("Unduh cadangan dulu jika masih diperlukan.", "Download a backup first if you still need them.")}</p>
                        }.into_any()
                    }
                }}
                <button type="button" class="primary danger confirm-wipe" on:click=wipe>{tr("Ya, hapus semuanya", "Yes, delete everything")}</button>
                <button type="button" class="secondary wide" on:click=move |_| confirming.set(None)>{tr("Batal", "Cancel")}</button>
            </div>
        </Show>
        {move || done.get().map(|r| match r {
            Ok(()) => view! { <p class="status wiped" role="status">{tr("Data perangkat sudah dihapus.", "This device's data has been deleted.")}</p> }.into_any(),
            Err(e) => view! { <p class="problem">{e}</p> }.into_any(),
        })}
    }
}
