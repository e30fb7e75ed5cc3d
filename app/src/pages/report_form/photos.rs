//! Photos, screenshots and videos of a report: taken with the camera or
//! picked from the gallery, prepared on the device, shown as thumbnails, with
//! the space they take on the phone.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::fields::{FieldProblems, FormCtx};
use crate::i18n::{tr, use_lang};
use crate::idb;
use crate::photos::{Evidence, PhotoError, add_file, object_url, revoke_object_url};
use netral_shared::media::megabytes;

#[component]
pub fn PhotoPicker() -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let lang = use_lang();
    let errors = RwSignal::new(Vec::<PhotoError>::new());
    let busy = RwSignal::new(0_usize);
    let photos = move || ctx.read(|r| r.photos.clone()).unwrap_or_default();
    let videos = move || ctx.read(|r| r.videos.clone()).unwrap_or_default();
    // What the files of this report take on the phone (photos downscaled,
    // videos as they are): a cheap phone's storage is small.
    let space = move || {
        ctx.read(|r| {
            let photos: u64 = r.photos.iter().map(|p| p.bytes).sum();
            photos + r.videos.iter().map(|v| v.bytes).sum::<u64>()
        })
        .unwrap_or(0)
    };

    let on_files = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let files: Vec<web_sys::File> = input
            .files()
            .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
            .unwrap_or_default();
        // Lets the same file be picked again after it was removed.
        input.set_value("");
        errors.set(Vec::new());
        for file in files {
            busy.update(|b| *b += 1);
            spawn_local(async move {
                match add_file(file).await {
                    Ok(Evidence::Photo(photo)) => ctx.edit(|r| {
                        if !r.photos.iter().any(|p| p.sha256 == photo.sha256) {
                            r.photos.push(photo);
                        }
                    }),
                    Ok(Evidence::Video(video)) => ctx.edit(|r| {
                        if !r.videos.iter().any(|v| v.sha256 == video.sha256) {
                            r.videos.push(video);
                        }
                    }),
                    Err(e) => errors.update(|es| es.push(e)),
                }
                busy.update(|b| *b -= 1);
            });
        }
    };

    view! {
        <div class="field photos">
            <p class="label">{tr("Foto, tangkapan layar, video", "Photos, screenshots, videos")}</p>
            <ul class="thumbs">
                <For each=photos key=|p| p.sha256.clone() let:photo>
                    <li>
                        <Thumb sha256=photo.sha256.clone() />
                        <button
                            type="button"
                            class="secondary"
                            on:click={
                                let sha = photo.sha256.clone();
                                move |_| ctx.edit(|r| r.photos.retain(|p| p.sha256 != sha))
                            }
                        >
                            {tr("Hapus", "Remove")}
                        </button>
                    </li>
                </For>
            </ul>
            <ul class="videos">
                <For each=videos key=|v| v.sha256.clone() let:video>
                    <li class="video" data-sha256=video.sha256.clone()>
                        <VideoPreview sha256=video.sha256.clone() />
                        <span class="video-size">{move || megabytes(video.bytes, lang.get())}</span>
                        <button
                            type="button"
                            class="secondary"
                            on:click={
                                let sha = video.sha256.clone();
                                move |_| ctx.edit(|r| r.videos.retain(|v| v.sha256 != sha))
                            }
                        >
                            {tr("Hapus", "Remove")}
                        </button>
                    </li>
                </For>
            </ul>
            <Show when=move || space() != 0>
                <p class="hint evidence-space">
                    {tr("Di ponsel ini: ", "On this phone: ")}{move || megabytes(space(), lang.get())}
                </p>
            </Show>
            <div class="photo-buttons">
                <label class="button secondary">
                    {tr("Ambil foto", "Take a photo")}
                    <input class="visually-hidden" id="f-photo-camera" type="file" accept="image/*" capture="environment" on:change=on_files />
                </label>
                <label class="button secondary">
                    {tr("Rekam video", "Record a video")}
                    <input class="visually-hidden" id="f-video-camera" type="file" accept="video/*" capture="environment" on:change=on_files />
                </label>
                <label class="button secondary">
                    {tr("Pilih dari galeri", "Choose from gallery")}
                    <input class="visually-hidden" id="f-photo-gallery" type="file" accept="image/*,video/mp4,video/webm" multiple on:change=on_files />
                </label>
            </div>
            <p class="hint">{tr("Video MP4 atau WebM, paling besar 50 MB.", "MP4 or WebM videos, at most 50 MB.")}</p>
            <Show when=move || busy.get() != 0>
                <p class="hint" role="status">{tr("Memproses foto…", "Preparing photo…")}</p>
            </Show>
            {move || {
                errors
                    .get()
                    .into_iter()
                    .map(|e| {
                        let (text, detail) = e.message();
                        view! { <p class="problem photo-error">{format!("{} {detail}", text.get(lang.get()))}</p> }
                    })
                    .collect_view()
            }}
            <FieldProblems field="photos" />
            <FieldProblems field="videos" />
        </div>
    }
}

/// A thumbnail from the Blob on the device.
#[component]
fn Thumb(sha256: String) -> impl IntoView {
    let url = RwSignal::new(None::<String>);
    spawn_local({
        let sha256 = sha256.clone();
        async move {
            if let Ok(Some(blob)) = idb::get_photo(&sha256).await {
                url.set(Some(object_url(&blob)));
            }
        }
    });
    on_cleanup(move || {
        if let Some(u) = url.get_untracked() {
            revoke_object_url(&u);
        }
    });
    let alt = tr("Foto bukti", "Evidence photo");
    view! {
        <img class="thumb" data-sha256=sha256 src=move || url.get() alt=alt width="96" height="96" />
    }
}

/// A video's first frame, from the Blob on the device; plays on tap.
#[component]
fn VideoPreview(sha256: String) -> impl IntoView {
    let url = RwSignal::new(None::<String>);
    spawn_local(async move {
        if let Ok(Some(blob)) = idb::get_photo(&sha256).await {
            url.set(Some(object_url(&blob)));
        }
    });
    on_cleanup(move || {
        if let Some(u) = url.get_untracked() {
            revoke_object_url(&u);
        }
    });
    view! {
        <video class="thumb" src=move || url.get() preload="metadata" controls width="96" height="96" aria-label=tr("Video bukti", "Evidence video")></video>
    }
}
