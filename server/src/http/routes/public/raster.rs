//! A chart's drawing as a PNG: its rectangles filled onto an RGB buffer
//! and its text drawn with the public-domain 8×8 bitmap font of `font8x8`
//! (scaled; no font rasteriser, no system fonts), which the `png` crate
//! encodes. So a PNG pasted into a slide still says what it counts, whose
//! it is and when.

use font8x8::legacy::{BASIC_LEGACY, LATIN_LEGACY};

use super::chart::{Drawing, Item, PAPER, Rgb};

/// Glyph width against the text size: the SVG's sans-serif averages about
/// this, so lines laid out for it fit.
const ADVANCE: f32 = 0.58;

fn glyph(c: char) -> [u8; 8] {
    let code = c as usize;
    match c {
        ' '..='~' => BASIC_LEGACY[code],
        '\u{a0}'..='\u{ff}' => LATIN_LEGACY[code - 0xa0],
        // Dashes and curly quotes, as the ASCII a reader expects.
        '\u{2013}' | '\u{2014}' => BASIC_LEGACY['-' as usize],
        '\u{2018}' | '\u{2019}' => BASIC_LEGACY['\'' as usize],
        '\u{201c}' | '\u{201d}' => BASIC_LEGACY['"' as usize],
        '\u{2026}' => BASIC_LEGACY['.' as usize],
        _ => BASIC_LEGACY['?' as usize],
    }
}

struct Canvas {
    w: usize,
    h: usize,
    pixels: Vec<u8>,
}

impl Canvas {
    fn fill(&mut self, x0: usize, y0: usize, x1: usize, y1: usize, c: Rgb) {
        for row in y0.min(self.h)..y1.min(self.h) {
            for col in x0.min(self.w)..x1.min(self.w) {
                let i = (row * self.w + col) * 3;
                self.pixels[i..i + 3].copy_from_slice(&[c.0, c.1, c.2]);
            }
        }
    }

    /// One line, its baseline at `y`: each glyph cell is `size` tall and
    /// `ADVANCE × size` wide; bold doubles each lit column.
    fn text(&mut self, x: u32, y: u32, size: u32, bold: bool, c: Rgb, line: &str) {
        let cell_w = (size as f32 * ADVANCE).max(4.0);
        let cell_h = size as f32;
        let top = y as f32 - cell_h * 0.8;
        for (i, ch) in line.chars().enumerate() {
            let left = x as f32 + i as f32 * cell_w;
            for (r, bits) in glyph(ch).iter().enumerate() {
                for col in 0..8 {
                    if bits >> col & 1 == 0 {
                        continue;
                    }
                    let x0 = (left + col as f32 * cell_w / 8.0) as usize;
                    let x1 = (left + (col + 1 + usize::from(bold)) as f32 * cell_w / 8.0).ceil()
                        as usize;
                    let y0 = (top + r as f32 * cell_h / 8.0).max(0.0) as usize;
                    let y1 = (top + (r + 1) as f32 * cell_h / 8.0).max(0.0).ceil() as usize;
                    self.fill(x0, y0, x1, y1, c);
                }
            }
        }
    }
}

pub fn png(d: &Drawing) -> Result<Vec<u8>, png::EncodingError> {
    let (w, h) = (d.width as usize, d.height as usize);
    let mut canvas = Canvas {
        w,
        h,
        pixels: vec![0u8; w * h * 3],
    };
    canvas.fill(0, 0, w, h, PAPER);
    for item in &d.items {
        if let Item::Text {
            x,
            y,
            size,
            bold,
            fill,
            lines,
        } = item
        {
            let line_h = size + size / 3;
            for (i, line) in lines.iter().enumerate() {
                canvas.text(*x, y + i as u32 * line_h, *size, *bold, *fill, line);
            }
        }
        if let Item::Rect {
            x,
            y,
            w: rw,
            h: rh,
            fill,
        } = item
        {
            let (x0, y0) = (*x as usize, *y as usize);
            canvas.fill(x0, y0, x0 + *rw as usize, y0 + *rh as usize, *fill);
        }
    }
    let pixels = canvas.pixels;
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, d.width, d.height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const INK: Rgb = Rgb(0, 0, 0);

    fn inked(c: &Canvas, x0: usize, y0: usize, x1: usize, y1: usize) -> usize {
        (y0..y1)
            .flat_map(|y| (x0..x1).map(move |x| (x, y)))
            .filter(|&(x, y)| c.pixels[(y * c.w + x) * 3] == 0)
            .count()
    }

    #[test]
    fn text_is_drawn_inside_its_line_and_nowhere_else() {
        let mut c = Canvas {
            w: 200,
            h: 40,
            pixels: vec![255; 200 * 40 * 3],
        };
        // Baseline 30, 20 px text: glyphs between y 14 and 34.
        c.text(10, 30, 20, false, INK, "Netral — 12");
        let width = (11.0 * 20.0 * ADVANCE).ceil() as usize + 10;
        assert!(inked(&c, 10, 14, width, 34) > 100);
        assert_eq!(inked(&c, 0, 0, 200, 13), 0);
        assert_eq!(inked(&c, width + 1, 0, 200, 40), 0);
    }

    #[test]
    fn bold_text_takes_more_ink_and_unknown_characters_still_show() {
        let mut plain = Canvas {
            w: 100,
            h: 30,
            pixels: vec![255; 100 * 30 * 3],
        };
        let mut bold = Canvas {
            w: 100,
            h: 30,
            pixels: vec![255; 100 * 30 * 3],
        };
        plain.text(0, 20, 16, false, INK, "Bali");
        bold.text(0, 20, 16, true, INK, "Bali");
        assert!(inked(&bold, 0, 0, 100, 30) > inked(&plain, 0, 0, 100, 30));
        let mut other = Canvas {
            w: 40,
            h: 30,
            pixels: vec![255; 40 * 30 * 3],
        };
        other.text(0, 20, 16, false, INK, "ꦗ");
        assert!(inked(&other, 0, 0, 40, 30) > 0);
    }
}
