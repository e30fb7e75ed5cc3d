//! Requests to the Netral API from the browser, by `fetch`. A request that
//! reaches no server fails; any answer, error or not, comes back as
//! (status, body) for the caller to read.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

pub async fn post_json(
    url: &str,
    body: &str,
    token: Option<&str>,
) -> Result<(u16, String), JsValue> {
    request(
        "POST",
        url,
        Some((&JsValue::from_str(body), "application/json")),
        token,
    )
    .await
}

pub async fn request(
    method: &str,
    url: &str,
    body: Option<(&JsValue, &str)>,
    token: Option<&str>,
) -> Result<(u16, String), JsValue> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let headers = web_sys::Headers::new()?;
    if let Some(token) = token {
        headers.set("authorization", &format!("Bearer {token}"))?;
    }
    if let Some((body, content_type)) = body {
        init.set_body(body);
        headers.set("content-type", content_type)?;
    }
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init(url, &init)?;
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
        .await?
        .dyn_into()?;
    let text = JsFuture::from(response.text()?)
        .await?
        .as_string()
        .unwrap_or_default();
    Ok((response.status(), text))
}

pub async fn get(url: &str) -> Result<(u16, String), JsValue> {
    request("GET", url, None, None).await
}
