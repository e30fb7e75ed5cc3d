//! A bar chart as a standalone SVG file: titled, dated and signed with the
//! coalition's name, so a chart downloaded for a press release or a slide
//! still says what it counts, when and whose it is. Every colour and font is
//! an attribute: the file is read without the page's stylesheet.

/// One bar: its label, the figure printed beside it ("12", "< 5") and the
/// value its length is drawn from.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartRow {
    pub label: String,
    pub figure: String,
    pub value: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChartFile {
    pub title: String,
    /// "Jaringan Pemantau Jawa Timur · Senin, 2 Desember 2026".
    pub caption: String,
    pub rows: Vec<ChartRow>,
    /// "Tidak ada data." in the reader's language, for an empty chart.
    pub empty: String,
}

pub const WIDTH: u32 = 640;
const MARGIN: u32 = 24;
const HEADER: u32 = 76;
const ROW: u32 = 36;
const FOOTER: u32 = 20;
const BAR: &str = "#1a5fb4";
const INK: &str = "#1d1d1d";
const MUTED: &str = "#555555";

impl ChartFile {
    /// The file's height for its rows, so a PNG can be drawn at its size.
    pub fn height(&self) -> u32 {
        HEADER + ROW * (self.rows.len().max(1) as u32) + FOOTER
    }

    pub fn to_svg(&self) -> String {
        let (w, h) = (WIDTH, self.height());
        let mut svg = format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="Arial, Helvetica, sans-serif" role="img" aria-label="{title}"><title>{title}</title><rect width="{w}" height="{h}" fill="#ffffff"/><text x="{MARGIN}" y="32" font-size="20" font-weight="bold" fill="{INK}">{title}</text><text x="{MARGIN}" y="56" font-size="14" fill="{MUTED}">{caption}</text>"##,
            title = escape(&self.title),
            caption = escape(&self.caption),
        );
        if self.rows.is_empty() {
            svg.push_str(&format!(
                r#"<text x="{MARGIN}" y="{}" font-size="14" fill="{MUTED}">{}</text>"#,
                HEADER + 22,
                escape(&self.empty)
            ));
        }
        let max = self.rows.iter().map(|r| r.value).max().unwrap_or(1).max(1) as f64;
        // Room on the right for the longest figure.
        let track = f64::from(WIDTH - 2 * MARGIN - 56);
        for (i, row) in self.rows.iter().enumerate() {
            let y = HEADER + ROW * i as u32;
            let len = (row.value as f64 / max * track).max(2.0);
            svg.push_str(&format!(
                r#"<text x="{MARGIN}" y="{}" font-size="13" fill="{INK}">{}</text><rect x="{MARGIN}" y="{}" width="{len:.1}" height="14" rx="2" fill="{BAR}"/><text x="{:.1}" y="{}" font-size="13" font-weight="bold" fill="{INK}">{}</text>"#,
                y + 12,
                escape(&row.label),
                y + 17,
                f64::from(MARGIN) + len + 6.0,
                y + 29,
                escape(&row.figure),
            ));
        }
        svg.push_str("</svg>");
        svg
    }
}

/// Text made safe for XML and HTML content and attribute values (the
/// dashboard's chart files, the server's public page and charts).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0 at all.
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(rows: Vec<ChartRow>) -> ChartFile {
        ChartFile {
            title: "Kasus per sumber".into(),
            caption: "Jaringan <Pemantau> & Co · Senin, 2 Desember 2026".into(),
            rows,
            empty: "Tidak ada data.".into(),
        }
    }

    fn row(label: &str, figure: &str, value: u64) -> ChartRow {
        ChartRow {
            label: label.into(),
            figure: figure.into(),
            value,
        }
    }

    #[test]
    fn a_chart_carries_its_title_caption_and_one_bar_per_row() {
        let svg = chart(vec![
            row("Media sosial", "12", 12),
            row("Langsung", "< 5", 4),
        ])
        .to_svg();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains("<title>Kasus per sumber</title>"));
        assert!(svg.contains("Jaringan &lt;Pemantau&gt; &amp; Co"));
        assert!(svg.contains(">&lt; 5</text>"));
        assert_eq!(svg.matches("fill=\"#1a5fb4\"").count(), 2);
        assert!(!svg.contains("<Pemantau>"));
    }

    #[test]
    fn the_longest_bar_fills_the_track_and_an_empty_chart_says_so() {
        let svg = chart(vec![row("A", "10", 10), row("B", "5", 5)]).to_svg();
        assert!(svg.contains("width=\"536.0\""));
        assert!(svg.contains("width=\"268.0\""));
        let empty = chart(vec![]);
        assert!(empty.to_svg().contains("Tidak ada data."));
        assert_eq!(empty.height(), HEADER + ROW + FOOTER);
    }

    #[test]
    fn escaping_leaves_no_markup_and_no_control_characters() {
        assert_eq!(escape("a<b>&\"'\u{7}"), "a&lt;b&gt;&amp;&quot;&#39;");
    }
}
