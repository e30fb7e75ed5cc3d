//! The service worker that keeps the app usable without signal.

use wasm_bindgen::JsValue;

pub fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    // Not every browser (or an insecure origin) has service workers; the
    // app still works online there.
    let has_sw = js_sys::Reflect::has(&window.navigator(), &JsValue::from_str("serviceWorker"))
        .unwrap_or(false);
    if has_sw {
        let _ = window.navigator().service_worker().register("/sw.js");
    }
}
