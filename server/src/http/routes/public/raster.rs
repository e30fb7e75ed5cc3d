//! A chart's drawing as a PNG: its rectangles filled onto an RGB buffer,
//! which the `png` crate encodes. Text is left out (it would need a font
//! rasteriser); the numbers are in the page, the SVG and the file name
//! says which chart it is.

use super::chart::{Drawing, Item, PAPER};

pub fn png(d: &Drawing) -> Result<Vec<u8>, png::EncodingError> {
    let (w, h) = (d.width as usize, d.height as usize);
    let mut pixels = vec![0u8; w * h * 3];
    for px in pixels.chunks_exact_mut(3) {
        px.copy_from_slice(&[PAPER.0, PAPER.1, PAPER.2]);
    }
    for item in &d.items {
        if let Item::Rect {
            x,
            y,
            w: rw,
            h: rh,
            fill,
        } = item
        {
            let (x0, y0) = (*x as usize, *y as usize);
            let x1 = (x0 + *rw as usize).min(w);
            let y1 = (y0 + *rh as usize).min(h);
            for row in y0.min(h)..y1 {
                for col in x0.min(w)..x1 {
                    let i = (row * w + col) * 3;
                    pixels[i..i + 3].copy_from_slice(&[fill.0, fill.1, fill.2]);
                }
            }
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, d.width, d.height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    Ok(out)
}
