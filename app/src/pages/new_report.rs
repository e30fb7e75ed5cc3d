//! "Laporan baru": opens a draft under a fresh id, so the URL names the
//! draft and a reload comes back to it. Nothing is stored until the first
//! edit, so an abandoned empty form leaves nothing behind.

use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn NewReport() -> impl IntoView {
    let location = crate::router::use_location();
    Effect::new(move |_| {
        let id = Uuid::now_v7();
        location.navigate(&format!("/laporan/{id}"), true);
    });
}
