//! The public charts: one horizontal bar chart per facet, laid out once as
//! rectangles and text ([`Drawing`]) and written as SVG here or rasterised
//! (`raster.rs`), so the page, the downloads and the preview image show the
//! same bars. Colours, sizes and positions are attributes, never `style`:
//! the Content-Security-Policy allows no inline styles.

use std::fmt::Write;

use netral_shared::public_stats::{Facet, PublicCount, PublicStatistics, percent};

use super::{escape, generated_on};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

pub const PAPER: Rgb = Rgb(0xff, 0xff, 0xff);
const INK: Rgb = Rgb(0x1a, 0x1a, 0x1a);
/// 4.6:1 on white and white text on it passes too.
const BAR: Rgb = Rgb(0x1f, 0x5f, 0xa8);
const BAND: Rgb = Rgb(0x0b, 0x3d, 0x6e);
const MUTED: Rgb = Rgb(0x4d, 0x4d, 0x4d);
/// Behind every bar, the same for every row: a withheld count still has
/// its row, and its size is not hinted at.
const TRACK: Rgb = Rgb(0xe6, 0xeb, 0xf1);

pub enum Item {
    Rect {
        x: u32,
        y: u32,
        w: u32,
        h: u32,
        fill: Rgb,
    },
    /// Lines from top to bottom; `y` is the first line's baseline.
    Text {
        x: u32,
        y: u32,
        size: u32,
        bold: bool,
        fill: Rgb,
        lines: Vec<String>,
    },
}

pub struct Drawing {
    pub width: u32,
    pub height: u32,
    /// What the chart shows, for `<title>` and screen readers.
    pub title: String,
    pub items: Vec<Item>,
}

/// Where a chart goes: the page (sized for a 360 px phone), a download
/// (with its own heading), or the link preview (1200×630).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Inline,
    Download,
    OpenGraph,
}

/// The preview image's size, as Open Graph and Twitter cards expect.
pub const OG_SIZE: (u32, u32) = (1200, 630);

/// The chart of `facet` for `kind`.
pub fn draw(stats: &PublicStatistics, facet: Facet, kind: Kind) -> Drawing {
    if kind == Kind::OpenGraph {
        return preview(stats, facet);
    }
    let (width, font, wrap_at) = match kind {
        Kind::Inline => (360, 15, 40),
        _ => (800, 16, 84),
    };
    let pad = 12;
    let line = font + font / 3;
    let mut items = Vec::new();
    let mut y = pad;
    let title = chart_title(stats, facet);
    if kind == Kind::Download {
        items.push(text(
            pad,
            y + font + 6,
            font + 6,
            true,
            INK,
            vec![title.clone()],
        ));
        y += line + 10;
        // The coalition's name is in the title above.
        let sub = format!("{} · {}", generated_on(stats), cases_phrase(stats));
        items.push(text(pad, y + font, font, false, MUTED, vec![sub]));
        y += line + 8;
        items.push(Item::Rect {
            x: pad,
            y,
            w: width - 2 * pad,
            h: 3,
            fill: BAND,
        });
        y += 12;
    }
    let rows = stats.facet(facet);
    let value_room = font * 7;
    let bar_room = width - 2 * pad - value_room;
    let max = rows
        .iter()
        .filter_map(|c| c.count.published())
        .max()
        .unwrap_or(1)
        .max(1);
    for c in rows {
        let lines = wrap(&c.label_id, wrap_at);
        y += font;
        let n = lines.len() as u32;
        items.push(text(pad, y, font, false, INK, lines));
        y += (n - 1) * line + font / 2;
        let bar_h = font + 4;
        items.push(Item::Rect {
            x: pad,
            y,
            w: bar_room,
            h: bar_h,
            fill: TRACK,
        });
        if let Some(count) = c.count.published() {
            let w = ((u64::from(bar_room) * count / max) as u32).max(2);
            items.push(Item::Rect {
                x: pad,
                y,
                w,
                h: bar_h,
                fill: BAR,
            });
        }
        // Values in a column of their own, right of the bars.
        let value_x = pad + bar_room + font / 2;
        let value = value_text(stats, facet, c);
        items.push(text(value_x, y + font, font, true, INK, vec![value]));
        y += bar_h + font / 2 + 4;
    }
    if rows.is_empty() {
        y += font;
        items.push(text(pad, y, font, false, MUTED, vec![empty_text(stats)]));
        y += font / 2;
    }
    Drawing {
        width,
        height: y + pad,
        title,
        items,
    }
}

/// "Jenis pelanggaran — Koalisi X".
pub fn chart_title(stats: &PublicStatistics, facet: Facet) -> String {
    format!("{} — {}", facet.title().id, stats.title)
}

/// "23 kasus dari 30 laporan", or that the view is too small.
pub fn cases_phrase(stats: &PublicStatistics) -> String {
    format!(
        "{} kasus dari {} laporan",
        stats.cases.text(),
        stats.reports.text()
    )
}

pub fn empty_text(stats: &PublicStatistics) -> String {
    match stats.cases.published() {
        Some(_) => "Belum ada angka untuk bagian ini.".to_owned(),
        None => format!(
            "Kurang dari {} kasus: tidak ada angka yang ditampilkan.",
            stats.threshold
        ),
    }
}

/// "12", "12 (53%)" for a source, "< 5".
pub fn value_text(stats: &PublicStatistics, facet: Facet, c: &PublicCount) -> String {
    match (facet, c.count.published(), stats.cases.published()) {
        (Facet::Source, Some(n), Some(total)) => format!("{n} ({}%)", percent(n, total)),
        _ => c.count.text(),
    }
}

/// The link preview: a band with the coalition's name and the totals, then
/// the bars of the main facet.
fn preview(stats: &PublicStatistics, facet: Facet) -> Drawing {
    let (width, height) = OG_SIZE;
    let pad = 48;
    let band = 170;
    let mut items = vec![
        Item::Rect {
            x: 0,
            y: 0,
            w: width,
            h: height,
            fill: PAPER,
        },
        Item::Rect {
            x: 0,
            y: 0,
            w: width,
            h: band,
            fill: BAND,
        },
        text(pad, 76, 44, true, PAPER, vec![stats.title.clone()]),
        text(
            pad,
            134,
            30,
            false,
            PAPER,
            vec![format!("{} · {}", cases_phrase(stats), facet.title().id)],
        ),
    ];
    let rows = stats.facet(facet);
    let top = band + 30;
    let room = height - top - 30;
    let row_h = (room / (rows.len() as u32).max(1)).min(110);
    let font = (row_h * 3 / 10).clamp(12, 28);
    let bar_h = row_h * 4 / 10;
    let max = rows
        .iter()
        .filter_map(|c| c.count.published())
        .max()
        .unwrap_or(1)
        .max(1);
    let bar_room = width - 2 * pad - 200;
    for (i, c) in rows.iter().enumerate() {
        let y = top + i as u32 * row_h;
        items.push(text(
            pad,
            y + font,
            font,
            false,
            INK,
            vec![c.label_id.clone()],
        ));
        let bar_y = y + font + font / 3;
        items.push(Item::Rect {
            x: pad,
            y: bar_y,
            w: bar_room,
            h: bar_h,
            fill: TRACK,
        });
        if let Some(n) = c.count.published() {
            let w = ((u64::from(bar_room) * n / max) as u32).max(4);
            items.push(Item::Rect {
                x: pad,
                y: bar_y,
                w,
                h: bar_h,
                fill: BAR,
            });
        }
        let value_x = pad + bar_room + 16;
        let value = value_text(stats, facet, c);
        items.push(text(
            value_x,
            bar_y + bar_h * 3 / 4,
            font,
            true,
            INK,
            vec![value],
        ));
    }
    Drawing {
        width,
        height,
        title: chart_title(stats, facet),
        items,
    }
}

fn text(x: u32, y: u32, size: u32, bold: bool, fill: Rgb, lines: Vec<String>) -> Item {
    Item::Text {
        x,
        y,
        size,
        bold,
        fill,
        lines,
    }
}

/// A label in lines of at most `width` characters, broken between words
/// (a longer word is cut), three lines at most.
pub fn wrap(label: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in label.split_whitespace() {
        let len = current.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
        while current.chars().count() > width {
            let head: String = current.chars().take(width).collect();
            current = current.chars().skip(width).collect();
            lines.push(head);
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    if lines.len() > 3 {
        lines.truncate(3);
        let last = &mut lines[2];
        let keep: String = last.chars().take(width.saturating_sub(1)).collect();
        *last = format!("{keep}…");
    }
    lines
}

/// The drawing as SVG. `standalone`: a file of its own (XML declaration,
/// a fixed size); else an element inside the page, sized by its
/// stylesheet and hidden from screen readers, who read the table beside it.
pub fn svg(d: &Drawing, standalone: bool) -> String {
    let mut out = String::new();
    if standalone {
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" \
             height=\"{h}\" role=\"img\" aria-label=\"{t}\">",
            w = d.width,
            h = d.height,
            t = escape(&d.title)
        );
        let _ = write!(out, "<title>{}</title>", escape(&d.title));
        let _ = write!(
            out,
            "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
            d.width,
            d.height,
            PAPER.hex()
        );
    } else {
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" \
             aria-hidden=\"true\" focusable=\"false\">",
            d.width, d.height
        );
    }
    for item in &d.items {
        match item {
            Item::Rect { x, y, w, h, fill } => {
                let _ = write!(
                    out,
                    "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"{}\"/>",
                    fill.hex()
                );
            }
            Item::Text {
                x,
                y,
                size,
                bold,
                fill,
                lines,
            } => {
                let weight = if *bold { "700" } else { "400" };
                let _ = write!(
                    out,
                    "<text x=\"{x}\" y=\"{y}\" font-family=\"system-ui, sans-serif\" \
                     font-size=\"{size}\" font-weight=\"{weight}\" fill=\"{}\">",
                    fill.hex()
                );
                for (i, l) in lines.iter().enumerate() {
                    let dy = if i == 0 { 0 } else { size + size / 3 };
                    let _ = write!(out, "<tspan x=\"{x}\" dy=\"{dy}\">{}</tspan>", escape(l));
                }
                out.push_str("</text>");
            }
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn labels_wrap_between_words() {
        assert_eq!(wrap("Media sosial", 50), vec!["Media sosial"]);
        assert_eq!(
            wrap("Foto bersama calon/tim sukses/alat peraga", 20),
            vec!["Foto bersama", "calon/tim", "sukses/alat peraga"]
        );
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        let long = wrap(&"kata ".repeat(40), 10);
        assert_eq!(long.len(), 3);
        assert!(long[2].ends_with('…'));
        assert_eq!(wrap("", 10), vec![""]);
    }
}
