//! "Gabung": the volunteer types (or opens a QR link with) the invite code
//! from their coordinator, once, with signal. Reports recorded before are
//! sent right after.

use leptos::prelude::*;
use leptos::task::spawn_local;
use netral_shared::Text;

use crate::app::SyncControl;
use crate::device::{self, DeviceState, JoinError};
use crate::i18n::{tr, use_lang};

#[component]
pub fn Join() -> impl IntoView {
    let lang = use_lang();
    let state = expect_context::<DeviceState>();
    let control = expect_context::<SyncControl>();
    // A QR code from the coordinator opens `/gabung?kode=…`.
    let code = RwSignal::new(crate::router::query_param("kode").unwrap_or_default());
    let error = RwSignal::new(None::<JoinError>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let typed = code.get_untracked();
        spawn_local(async move {
            match device::join(&typed).await {
                Ok(d) => {
                    state.0.set(Some(d));
                    control.run();
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };

    let message = move || {
        let lang = lang.get();
        error.get().map(|e| match e {
            JoinError::Offline => Text::new(
                "Tidak ada sambungan ke server. Coba lagi saat ada sinyal.",
                "No connection to the server. Try again when there is signal.",
            )
            .get(lang)
            .to_owned(),
            JoinError::Server(body) => body.message.get(lang).to_owned(),
        })
    };

    view! {
        <section class="join">
            <h1>{tr("Gabung sebagai relawan", "Join as a volunteer")}</h1>
            {move || match state.0.get() {
                Some(d) if !d.revoked => view! {
                    <p class="status joined" data-state="sent" role="status">
                        {move || match lang.get() {
                            netral_shared::Lang::Id => format!("Perangkat ini terdaftar sebagai {} ({}).", d.pseudonym, d.organisation),
                            netral_shared::Lang::En => format!("This device is registered as {} ({}).", d.pseudonym, d.organisation),
                        }}
                    </p>
                }.into_any(),
                other => view! {
                    <Show when=move || other.as_ref().is_some_and(|d| d.revoked)>
                        <p class="problem">{tr(
                            "Koordinator mencabut perangkat ini. Laporan yang belum terkirim tetap aman di perangkat; minta kode undangan baru.",
                            "A coordinator revoked this device. Reports not yet sent stay safe here; ask for a new invite code.",
                        )}</p>
                    </Show>
                    <p class="hint">{tr(
                        "Masukkan kode undangan dari koordinator Anda. Cukup sekali, saat ada sinyal. Laporan yang sudah Anda catat akan langsung dikirim.",
                        "Enter the invite code from your coordinator. Once is enough, with signal. Reports you already recorded are sent right after.",
                    )}</p>
                    <form on:submit=submit>
                        <div class="field">
                            <label for="f-invite-code">{tr("Kode undangan", "Invite code")}</label>
                            <input
                                id="f-invite-code"
                                class="code"
                                autocomplete="one-time-code"
                                autocapitalize="characters"
                                spellcheck="false"
                                placeholder="K7QM-4XTR-9P"
                                prop:value=move || code.get()
                                on:input=move |ev| code.set(event_target_value(&ev))
                            />
                        </div>
                        {move || message().map(|m| view! { <p class="problem join-error" role="alert">{m}</p> })}
                        <button type="submit" class="primary" disabled=move || busy.get() || code.get().trim().is_empty()>
                            {tr("Gabung", "Join")}
                        </button>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}
