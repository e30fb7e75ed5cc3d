//! A perceptual hash of a photo (dHash, 64 bits): the same picture
//! re-encoded, resized or with a status bar cropped keeps nearly the same
//! bits, so two volunteers' screenshots of one post meet although their
//! SHA-256 differ. Computed on the phone from the picture's brightness
//! (the browser only scales it down) and checked by the server.
//!
//! The picture is averaged down to 9×8 cells; bit `8·row + col` is set when
//! cell `col` is darker than cell `col + 1` of the same row.

use std::fmt;

/// At most this many of the 64 bits may differ for two photos to count
/// as one picture. Re-encoding or resizing flips a few, cropping a status
/// bar a few more; unrelated pictures differ in about 32.
pub const MAX_DISTANCE: u32 = 7;

/// How many bands [`PhotoHash::bands`] cuts a hash into: one more than
/// [`MAX_DISTANCE`], so that near hashes always share one.
pub const BANDS: usize = 8;

/// A 64-bit dHash, written as 16 lower-case hex digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PhotoHash(u64);

impl PhotoHash {
    /// Reads the 16-hex-digit form; `None` for anything else.
    pub fn parse(s: &str) -> Option<PhotoHash> {
        if s.len() != 16 || !s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return None;
        }
        u64::from_str_radix(s, 16).ok().map(PhotoHash)
    }

    pub fn from_bits(bits: u64) -> PhotoHash {
        PhotoHash(bits)
    }

    pub fn bits(self) -> u64 {
        self.0
    }

    /// The hash of an RGBA picture of `width`×`height` pixels (as a
    /// canvas gives it), which should be at least 9×8.
    pub fn of_rgba(width: usize, height: usize, rgba: &[u8]) -> Option<PhotoHash> {
        if width == 0 || height == 0 || rgba.len() < width * height * 4 {
            return None;
        }
        let luma: Vec<u32> = rgba
            .chunks_exact(4)
            .take(width * height)
            .map(|p| (299 * u32::from(p[0]) + 587 * u32::from(p[1]) + 114 * u32::from(p[2])) / 1000)
            .collect();
        Some(PhotoHash::of_luma(width, height, &luma))
    }

    /// The hash of a brightness picture, one value per pixel, row by row.
    pub fn of_luma(width: usize, height: usize, luma: &[u32]) -> PhotoHash {
        // Area averages over a 9×8 grid; each pixel falls in one cell.
        let mut sum = [[0u64; 9]; 8];
        let mut count = [[0u64; 9]; 8];
        for y in 0..height {
            let row = y * 8 / height;
            for x in 0..width {
                let col = x * 9 / width;
                sum[row][col] += u64::from(luma[y * width + x]);
                count[row][col] += 1;
            }
        }
        let mut bits = 0u64;
        for row in 0..8 {
            for col in 0..8 {
                // Compared as cross products: no division, no rounding.
                let left = sum[row][col] * count[row][col + 1].max(1);
                let right = sum[row][col + 1] * count[row][col].max(1);
                if left < right {
                    bits |= 1 << (row * 8 + col);
                }
            }
        }
        PhotoHash(bits)
    }

    pub fn distance(self, other: PhotoHash) -> u32 {
        (self.0 ^ other.0).count_ones()
    }

    pub fn is_near(self, other: PhotoHash) -> bool {
        self.distance(other) <= MAX_DISTANCE
    }

    /// The eight bytes, as `<band><2 hex>`. Two hashes within
    /// [`MAX_DISTANCE`] flipped bits (fewer than eight) share at least one
    /// byte unchanged, so an index of bands finds every near photo without
    /// comparing all pairs.
    pub fn bands(self) -> [String; BANDS] {
        std::array::from_fn(|i| format!("{i}{:02x}", (self.0 >> (8 * i)) & 0xff))
    }
}

impl fmt::Display for PhotoHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A picture like a screenshot: blocks of random brightness (text
    /// lines, a photo) on a light page, from `seed`.
    fn picture(seed: u64, width: usize, height: usize) -> Vec<u32> {
        let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let (bw, bh) = (12, 20);
        let blocks: Vec<u32> = (0..bw * bh).map(|_| (next() % 256) as u32).collect();
        (0..height)
            .flat_map(|y| (0..width).map(move |x| (y, x)))
            .map(|(y, x)| blocks[(y * bh / height) * bw + x * bw / width])
            .collect()
    }

    fn hash(luma: &[u32], width: usize, height: usize) -> PhotoHash {
        PhotoHash::of_luma(width, height, luma)
    }

    #[test]
    fn the_same_picture_changed_stays_near() {
        let mut cropped_near = 0;
        for seed in 1..=100 {
            let (w, h) = (360, 720);
            let base = picture(seed, w, h);
            let original = hash(&base, w, h);
            // Resized to half (2×2 averages).
            let half: Vec<u32> = (0..h / 2)
                .flat_map(|y| (0..w / 2).map(move |x| (y, x)))
                .map(|(y, x)| {
                    (base[2 * y * w + 2 * x]
                        + base[2 * y * w + 2 * x + 1]
                        + base[(2 * y + 1) * w + 2 * x]
                        + base[(2 * y + 1) * w + 2 * x + 1])
                        / 4
                })
                .collect();
            assert!(
                original.is_near(hash(&half, w / 2, h / 2)),
                "resized {seed}"
            );
            // Re-encoded: every pixel a little off.
            let noisy: Vec<u32> = base
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    (v + ((i as u32).wrapping_mul(2_654_435_761) >> 29)).saturating_sub(3)
                })
                .collect();
            assert!(original.is_near(hash(&noisy, w, h)), "re-encoded {seed}");
            // A status bar (24 px of a 1600 px screenshot) cropped away.
            let bar = h * 15 / 1000;
            let cropped = &base[bar * w..];
            cropped_near += u32::from(original.is_near(hash(cropped, w, h - bar)));
        }
        // Hard-edged random blocks are the worst case for a crop (a real
        // page has large even areas); most still match, and a photo that
        // does not is only a missed hint, never a false join.
        assert!(
            cropped_near >= 95,
            "{cropped_near} of 100 cropped pictures near"
        );
    }

    #[test]
    fn other_pictures_are_far() {
        let (w, h) = (90, 160);
        let hashes: Vec<PhotoHash> = (1..40)
            .map(|s| hash(&picture(s * 11, w, h), w, h))
            .collect();
        for (i, a) in hashes.iter().enumerate() {
            for b in &hashes[i + 1..] {
                assert!(!a.is_near(*b), "{a} / {b}: {}", a.distance(*b));
            }
        }
    }

    #[test]
    fn near_hashes_share_a_band() {
        let a = PhotoHash::from_bits(0x0123_4567_89ab_cdef);
        // Seven bits flipped, one in each of seven bands: the eighth is whole.
        for whole in 0..BANDS {
            let flips: u64 = (0..BANDS)
                .filter(|&i| i != whole)
                .map(|i| 1u64 << (8 * i + i))
                .sum();
            let b = PhotoHash::from_bits(a.bits() ^ flips);
            assert!(a.is_near(b), "{}", a.distance(b));
            let shared: Vec<usize> = (0..BANDS)
                .filter(|&i| a.bands()[i] == b.bands()[i])
                .collect();
            assert_eq!(shared, vec![whole]);
        }
        assert!(!a.is_near(PhotoHash::from_bits(a.bits() ^ 0xff)));
    }

    /// The picture `e2e/tests/photo-hash.spec.js` hashes with the app's JS
    /// (`app/js/photo.js`), which must give this same answer.
    #[test]
    fn the_apps_js_gives_the_same_hash() {
        let rgba: Vec<u8> = (0..36 * 32 * 4)
            .map(|i: usize| ((i * 37 + (i / 4) * (i / 144) * 5) % 256) as u8)
            .collect();
        let hash = PhotoHash::of_rgba(36, 32, &rgba).unwrap();
        assert_eq!(hash.to_string(), "95367c764d88d656");
    }

    #[test]
    fn text_form() {
        let h = PhotoHash::from_bits(0x00ff_0000_0000_0a01);
        assert_eq!(h.to_string(), "00ff000000000a01");
        assert_eq!(PhotoHash::parse("00ff000000000a01"), Some(h));
        for bad in [
            "",
            "00FF000000000A01",
            "00ff000000000a0",
            "00ff000000000a01x",
            "zzzzzzzzzzzzzzzz",
        ] {
            assert_eq!(PhotoHash::parse(bad), None, "{bad}");
        }
        assert_eq!(h.bands()[0], "001");
        assert_eq!(h.bands()[1], "10a");
        assert_eq!(h.bands()[6], "6ff");
        assert!(PhotoHash::of_rgba(9, 8, &[0; 10]).is_none());
        assert_eq!(
            PhotoHash::of_rgba(9, 8, &[200; 9 * 8 * 4]).map(|h| h.bits()),
            Some(0)
        );
    }
}
