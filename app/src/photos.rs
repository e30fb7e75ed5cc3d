//! Photos and videos on the device: photos prepared in the browser (see
//! `js/photo.js`), videos kept as they are; both kept as Blobs in IndexedDB
//! by the SHA-256 of what will be uploaded, and referenced from the report
//! by [`PhotoRef`] and [`VideoRef`].

use netral_shared::Text;
use netral_shared::media::MediaType;
use netral_shared::report::{MAX_ORIGINAL_PHOTO_BYTES, PhotoRef, VideoRef};
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::idb;

#[wasm_bindgen(module = "/js/photo.js")]
extern "C" {
    #[wasm_bindgen(js_name = preparePhoto, catch)]
    async fn prepare_photo_js(file: &web_sys::File) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = fileHead, catch)]
    async fn file_head(file: &web_sys::File) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = sha256Hex, catch)]
    pub async fn sha256_hex(blob: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = objectUrl)]
    pub fn object_url(blob: &JsValue) -> String;
    #[wasm_bindgen(js_name = revokeObjectUrl)]
    pub fn revoke_object_url(url: &str);
    #[wasm_bindgen(js_name = blobToDataUrl, catch)]
    pub async fn blob_to_data_url(blob: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = dataUrlToBlob, catch)]
    pub fn data_url_to_blob(url: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = fileText, catch)]
    pub async fn file_text(file: &web_sys::File) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = downloadText)]
    pub fn download_text(text: &str, filename: &str);
}

/// Why a picked file did not become a photo or a video; shown next to the
/// picker.
#[derive(Clone, Debug, PartialEq)]
pub enum PhotoError {
    NotAnImage(String),
    TooLarge(String),
    VideoTooLarge(String),
    Unreadable(String),
    Storage(String),
}

impl PhotoError {
    pub fn message(&self) -> (Text, &str) {
        match self {
            PhotoError::NotAnImage(name) => (
                Text::new("Bukan foto atau video:", "Not a photo or video:"),
                name.as_str(),
            ),
            PhotoError::TooLarge(name) => (
                Text::new(
                    "Terlalu besar (maksimal 30 MB):",
                    "Too large (at most 30 MB):",
                ),
                name.as_str(),
            ),
            PhotoError::VideoTooLarge(name) => (
                Text::new(
                    "Video terlalu besar (maksimal 50 MB); potong dulu, atau tempel tautannya:",
                    "The video is too large (at most 50 MB); trim it first, or paste its link:",
                ),
                name.as_str(),
            ),
            PhotoError::Unreadable(name) => (
                Text::new("Gambar tidak dapat dibaca:", "The image cannot be read:"),
                name.as_str(),
            ),
            PhotoError::Storage(e) => (
                Text::new("Penyimpanan perangkat gagal:", "Device storage failed:"),
                e.as_str(),
            ),
        }
    }
}

/// Checks, downscales, hashes and stores one picked file; returns what the
/// report refers to it by.
pub async fn add_photo(file: web_sys::File) -> Result<PhotoRef, PhotoError> {
    let name = file.name();
    if !file.type_().starts_with("image/") {
        return Err(PhotoError::NotAnImage(name));
    }
    if file.size() > MAX_ORIGINAL_PHOTO_BYTES as f64 {
        return Err(PhotoError::TooLarge(name));
    }
    let prepared = prepare_photo_js(&file)
        .await
        .map_err(|_| PhotoError::Unreadable(name.clone()))?;
    let get = |key: &str| js_sys::Reflect::get(&prepared, &JsValue::from_str(key));
    let text = |key: &str| {
        get(key)
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    let photo = PhotoRef {
        sha256: text("sha256"),
        original_sha256: text("original_sha256"),
        captured_at: text("captured_at"),
        bytes: get("bytes").ok().and_then(|v| v.as_f64()).unwrap_or(0.0) as u64,
        dhash: text("dhash"),
    };
    let blob = get("blob").map_err(|_| PhotoError::Unreadable(name))?;
    idb::put_photo(&photo.sha256, &blob)
        .await
        .map_err(PhotoError::Storage)?;
    Ok(photo)
}

/// A picked or shared file as evidence: a photo or a video.
pub enum Evidence {
    Photo(PhotoRef),
    Video(VideoRef),
}

/// A photo or a video, by what the file's first bytes say (a gallery's
/// declared type is often missing or wrong for recordings).
pub async fn add_file(file: web_sys::File) -> Result<Evidence, PhotoError> {
    let head = file_head(&file)
        .await
        .map(|h| js_sys::Uint8Array::new(&h).to_vec())
        .unwrap_or_default();
    match MediaType::sniff(&head) {
        Some(media) if media.is_video() => add_video(file, media).await.map(Evidence::Video),
        _ if file.type_().starts_with("video/") => Err(PhotoError::NotAnImage(file.name())),
        _ => add_photo(file).await.map(Evidence::Photo),
    }
}

/// Hashes and stores a video as it is: re-encoding on a cheap phone would
/// take minutes, and the file is the evidence.
async fn add_video(file: web_sys::File, media: MediaType) -> Result<VideoRef, PhotoError> {
    let name = file.name();
    if file.size() > media.max_bytes() as f64 {
        return Err(PhotoError::VideoTooLarge(name));
    }
    let sha256 = sha256_hex(&file)
        .await
        .ok()
        .and_then(|v| v.as_string())
        .ok_or_else(|| PhotoError::Unreadable(name.clone()))?;
    let taken = js_sys::Date::new(&JsValue::from_f64(file.last_modified()));
    let video = VideoRef {
        sha256,
        media_type: media.mime().to_owned(),
        bytes: file.size() as u64,
        captured_at: taken.to_iso_string().into(),
    };
    idb::put_photo(&video.sha256, file.as_ref())
        .await
        .map_err(PhotoError::Storage)?;
    Ok(video)
}
