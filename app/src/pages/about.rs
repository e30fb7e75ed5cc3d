//! "Tentang": what Netral is, and the attribution the region data's licence
//! (ODbL 1.0) asks for.

use leptos::prelude::*;

use crate::i18n::tr;

#[component]
pub fn About() -> impl IntoView {
    view! {
        <section class="about-page">
            <h1>{tr("Tentang Netral", "About Netral")}</h1>
            <p>
                {tr(
                    "Netral membantu relawan mencatat dugaan pelanggaran netralitas ASN, juga tanpa sinyal, dan membantu koordinator meneruskannya ke Bawaslu, BKN atau SP4N-LAPOR! sebelum batas waktu.",
                    "Netral helps volunteers record suspected breaches of civil-servant neutrality, even without signal, and helps coordinators forward them to Bawaslu, BKN or SP4N-LAPOR! before the deadline.",
                )}
            </p>
            <h2>{tr("Data wilayah", "Region data")}</h2>
            <p>
                {tr(
                    "Daftar provinsi dan kabupaten/kota (kode Kemendagri) berasal dari idn-area-data 4.0.1 oleh fityannugroho, dilisensikan dengan ",
                    "The list of provinces and regencies/cities (Kemendagri codes) comes from idn-area-data 4.0.1 by fityannugroho, licensed under the ",
                )}
                <a href="https://opendatacommons.org/licenses/odbl/1-0/" rel="noopener">"Open Database License (ODbL) 1.0"</a>
                "."
            </p>
            <p>
                <a href="https://github.com/fityannugroho/idn-area-data" rel="noopener">"github.com/fityannugroho/idn-area-data"</a>
            </p>
            <p class="hint">{concat!("Netral ", env!("CARGO_PKG_VERSION"))}</p>
        </section>
    }
}
