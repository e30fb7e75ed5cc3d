//! Photos on the device: prepared in the browser (see `js/photo.js`),
//! kept as Blobs in IndexedDB by the SHA-256 of what will be uploaded, and
//! referenced from the report by [`PhotoRef`].

use netral_shared::Text;
use netral_shared::report::{MAX_ORIGINAL_PHOTO_BYTES, PhotoRef};
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::idb;

#[wasm_bindgen(module = "/js/photo.js")]
extern "C" {
    #[wasm_bindgen(js_name = preparePhoto, catch)]
    async fn prepare_photo_js(file: &web_sys::File) -> Result<JsValue, JsValue>;
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

/// Why a picked file did not become a photo; shown next to the picker.
#[derive(Clone, Debug, PartialEq)]
pub enum PhotoError {
    NotAnImage(String),
    TooLarge(String),
    Unreadable(String),
    Storage(String),
}

impl PhotoError {
    pub fn message(&self) -> (Text, &str) {
        match self {
            PhotoError::NotAnImage(name) => {
                (Text::new("Bukan gambar:", "Not an image:"), name.as_str())
            }
            PhotoError::TooLarge(name) => (
                Text::new(
                    "Terlalu besar (maksimal 30 MB):",
                    "Too large (at most 30 MB):",
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
