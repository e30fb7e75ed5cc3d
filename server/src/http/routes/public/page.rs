//! `/statistik`: the public page, written on the server as plain HTML with
//! no script, so it opens on any phone and in link previews. Every string
//! from outside this file (the coalition's name, labels) goes through
//! `escape`.

use std::fmt::Write;

use netral_shared::public_stats::{Facet, PublicStatistics, percent};
use netral_shared::regions;

use super::chart::{self, Kind};
use super::{escape, generated_on, query};
use crate::services::public_stats::View;

/// The facets shown on the page, in order. A province's view shows its
/// kab/kota instead of the one-row province chart.
fn facets(stats: &PublicStatistics) -> Vec<Facet> {
    Facet::ALL
        .into_iter()
        .filter(|f| match f {
            Facet::Province => stats.province.is_none(),
            _ => true,
        })
        .filter(|f| !stats.facet(*f).is_empty())
        .collect()
}

pub fn html(stats: &PublicStatistics, view: &View, base_url: &str, cache_seconds: u64) -> String {
    let q = query(&view.pairs());
    let title = escape(&stats.title);
    let heading = "Statistik temuan pelanggaran netralitas ASN";
    let description = escape(&format!(
        "{}: {}. {}.",
        stats.title,
        chart::cases_phrase(stats),
        where_and_when(view)
    ));
    let image = escape(&format!("{base_url}/statistik.png{q}"));
    let url = escape(&format!("{base_url}/statistik{q}"));
    let mut h = String::with_capacity(16 * 1024);
    let _ = write!(
        h,
        "<!doctype html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{heading} — {title}</title>\n\
         <meta name=\"description\" content=\"{description}\">\n\
         <link rel=\"stylesheet\" href=\"/statistik.css\">\n\
         <meta property=\"og:type\" content=\"website\">\n\
         <meta property=\"og:title\" content=\"{heading} — {title}\">\n\
         <meta property=\"og:description\" content=\"{description}\">\n\
         <meta property=\"og:image\" content=\"{image}\">\n\
         <meta property=\"og:image:width\" content=\"{w}\">\n\
         <meta property=\"og:image:height\" content=\"{hh}\">\n\
         <meta property=\"og:url\" content=\"{url}\">\n\
         <meta property=\"og:locale\" content=\"id_ID\">\n\
         <meta name=\"twitter:card\" content=\"summary_large_image\">\n\
         <meta name=\"twitter:title\" content=\"{heading} — {title}\">\n\
         <meta name=\"twitter:description\" content=\"{description}\">\n\
         <meta name=\"twitter:image\" content=\"{image}\">\n\
         </head>\n<body>\n",
        w = chart::OG_SIZE.0,
        hh = chart::OG_SIZE.1,
    );
    let _ = write!(
        h,
        "<header>\n<p class=\"coalition\">{title}</p>\n<h1>{heading}</h1>\n\
         <p class=\"meta\">{}. Diperbarui {}.</p>\n</header>\n<main>\n",
        escape(&where_and_when(view)),
        escape(&generated_on(stats)),
    );
    filter_form(&mut h, view);
    totals(&mut h, stats);
    for facet in facets(stats) {
        section(&mut h, stats, facet, &q);
    }
    note(&mut h, stats, cache_seconds);
    h.push_str("</main>\n<footer>\n<p>Dibuat dengan Netral.</p>\n</footer>\n</body>\n</html>\n");
    h
}

/// "Seluruh Indonesia, semua tanggal" / "Jawa Timur, 1 November 2024 – …".
fn where_and_when(view: &View) -> String {
    let place = view
        .province
        .map_or("Seluruh Indonesia", |p| p.name())
        .to_owned();
    let day = |d: &Option<String>| d.as_deref().map(netral_shared::dates::tanggal);
    let dates = match (day(&view.from), day(&view.to)) {
        (None, None) => "semua tanggal kejadian".to_owned(),
        (Some(a), None) => format!("kejadian sejak {a}"),
        (None, Some(b)) => format!("kejadian sampai {b}"),
        (Some(a), Some(b)) => format!("kejadian {a} – {b}"),
    };
    format!("{place}, {dates}")
}

fn filter_form(h: &mut String, view: &View) {
    h.push_str(
        "<form class=\"filters\" method=\"get\" action=\"/statistik\">\n\
         <div class=\"field\"><label for=\"provinsi\">Provinsi</label>\n\
         <select id=\"provinsi\" name=\"provinsi\">\n<option value=\"\">Seluruh Indonesia</option>\n",
    );
    let chosen = view.province.map(|p| p.to_string());
    for p in regions::provinces() {
        let selected = if chosen.as_deref() == Some(p.code) {
            " selected"
        } else {
            ""
        };
        let _ = writeln!(
            h,
            "<option value=\"{}\"{selected}>{}</option>",
            escape(p.code),
            escape(p.name)
        );
    }
    h.push_str("</select></div>\n");
    for (name, label, value) in [
        ("dari", "Kejadian sejak", &view.from),
        ("sampai", "Kejadian sampai", &view.to),
    ] {
        let _ = writeln!(
            h,
            "<div class=\"field\"><label for=\"{name}\">{label}</label>\n\
             <input type=\"date\" id=\"{name}\" name=\"{name}\" value=\"{}\"></div>",
            escape(value.as_deref().unwrap_or_default())
        );
    }
    h.push_str(
        "<div class=\"actions\"><button type=\"submit\">Tampilkan</button>\n\
         <a href=\"/statistik\">Hapus saringan</a></div>\n</form>\n",
    );
}

fn totals(h: &mut String, stats: &PublicStatistics) {
    let _ = write!(
        h,
        "<section class=\"totals\" aria-labelledby=\"jumlah\">\n<h2 id=\"jumlah\">Jumlah</h2>\n\
         <p><strong>{}</strong> kasus dari <strong>{}</strong> laporan relawan.</p>\n",
        escape(&stats.cases.text()),
        escape(&stats.reports.text())
    );
    if stats.cases.published().is_none() {
        let _ = writeln!(h, "<p>{}</p>", escape(&chart::empty_text(stats)));
    } else if !stats.by_source.is_empty() {
        let parts: Vec<String> = stats
            .by_source
            .iter()
            .map(|c| {
                let label = c.label_id.to_lowercase();
                match (c.count.published(), stats.cases.published()) {
                    (Some(n), Some(total)) => format!("{label} ({}%)", percent(n, total)),
                    _ => format!("{label} ({} kasus)", c.count.text()),
                }
            })
            .collect();
        let _ = writeln!(h, "<p>Sumber temuan: {}.</p>", escape(&parts.join(", ")));
    }
    h.push_str("</section>\n");
}

fn section(h: &mut String, stats: &PublicStatistics, facet: Facet, q: &str) {
    let slug = facet.slug();
    let name = facet.title().id;
    let drawing = chart::draw(stats, facet, Kind::Inline);
    let _ = write!(
        h,
        "<section class=\"facet\" aria-labelledby=\"f-{slug}\">\n<h2 id=\"f-{slug}\">{name}</h2>\n\
         <figure>\n{}\n<figcaption class=\"downloads\">\
         <a href=\"/statistik/grafik/{slug}.svg{q}\" download>Unduh SVG<span class=\"sr-only\"> {name}</span></a>\n\
         <a href=\"/statistik/grafik/{slug}.png{q}\" download>Unduh PNG<span class=\"sr-only\"> {name}</span></a>\
         </figcaption>\n</figure>\n",
        chart::svg(&drawing, false),
        q = escape(q),
    );
    let share = facet == Facet::Source && stats.cases.published().is_some();
    let _ = write!(
        h,
        "<table>\n<caption class=\"sr-only\">{name}: jumlah kasus</caption>\n\
         <thead><tr><th scope=\"col\">{name}</th><th scope=\"col\">Kasus</th>{}</tr></thead>\n<tbody>\n",
        if share {
            "<th scope=\"col\">Persentase</th>"
        } else {
            ""
        }
    );
    for c in stats.facet(facet) {
        let _ = write!(
            h,
            "<tr><th scope=\"row\">{}</th><td>{}</td>",
            escape(&c.label_id),
            escape(&c.count.text())
        );
        if share {
            let pct = match (c.count.published(), stats.cases.published()) {
                (Some(n), Some(total)) => format!("{}%", percent(n, total)),
                _ => "–".to_owned(),
            };
            let _ = write!(h, "<td>{pct}</td>");
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

fn note(h: &mut String, stats: &PublicStatistics, cache_seconds: u64) {
    let t = stats.threshold;
    let _ = write!(
        h,
        "<section class=\"note\" aria-labelledby=\"tentang\">\n<h2 id=\"tentang\">Tentang angka ini</h2>\n<ul>\n\
         <li>Yang <strong>tidak pernah</strong> diterbitkan: nama, jabatan, instansi dan NIP terlapor; \
         identitas pelapor dan saksi; uraian kejadian; bukti (tautan dan foto); nomor kasus dan laporan.</li>\n\
         <li>Angka di bawah {t} ditulis “&lt; {t}”. Agar angka kecil tidak bisa dihitung dari selisih \
         dengan jumlahnya, angka terkecil berikutnya dalam grafik yang sama ikut ditulis “&lt; {t}” \
         (angka sebenarnya bisa lebih besar). Bila jumlah kasus di bawah {t}, tidak ada angka lain yang ditampilkan.</li>\n\
         <li>Laporan tentang kejadian yang sama digabung menjadi satu kasus. Setiap grafik menghitung kasus; \
         satu kasus bisa masuk lebih dari satu batang (misalnya dua jenis pelanggaran), sehingga persentase \
         sumber bisa berjumlah lebih dari 100%.</li>\n\
         <li>Tanggal yang disaring adalah tanggal kejadian paling awal dalam satu kasus. \
         Angka diperbarui paling lama setiap {cache_seconds} detik.</li>\n</ul>\n</section>\n"
    );
}
