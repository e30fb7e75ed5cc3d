//! What an evidence file is, judged by its first bytes (a name or a
//! declared type can lie), and how large each kind may be. The phone checks
//! a picked or shared file with it before keeping it, and the server checks
//! every upload with it before storing it: one rule on both sides.

/// Photos arrive downscaled (JPEG of at most 1600 px), a PDF is a document;
/// 10 MiB is far more than either needs.
pub const MAX_DOCUMENT_BYTES: u64 = 10 * 1024 * 1024;

/// A screen recording or a short clip: "at most 50 MB", as the app says.
pub const MAX_VIDEO_BYTES: u64 = 50 * 1024 * 1024;

/// The largest evidence file of any kind.
pub const MAX_EVIDENCE_BYTES: u64 = MAX_VIDEO_BYTES;

/// An evidence file the server stores and serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaType {
    Jpeg,
    Png,
    Webp,
    Pdf,
    Mp4,
    Webm,
}

/// Brands in an MP4 `ftyp` box that name a playable video: the ISO base
/// media files phones, screen recorders and messengers write. Still-image
/// brands in the same box format (HEIC, AVIF) are not videos.
const MP4_BRANDS: [&[u8; 4]; 14] = [
    b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash",
    b"3gp4", b"3gp5", b"3gp6", b"mmp4",
];

impl MediaType {
    pub const VIDEOS: [MediaType; 2] = [MediaType::Mp4, MediaType::Webm];

    /// The type of an allowed file from its first bytes (64 are enough);
    /// `None` for anything else.
    pub fn sniff(bytes: &[u8]) -> Option<MediaType> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(MediaType::Jpeg)
        } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(MediaType::Png)
        } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
            Some(MediaType::Webp)
        } else if bytes.starts_with(b"%PDF-") {
            Some(MediaType::Pdf)
        } else if bytes.len() >= 12
            && &bytes[4..8] == b"ftyp"
            && MP4_BRANDS.iter().any(|b| &bytes[8..12] == *b)
        {
            Some(MediaType::Mp4)
        } else if bytes.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) && is_webm_header(bytes) {
            Some(MediaType::Webm)
        } else {
            None
        }
    }

    /// The type from its MIME name, as a report's video reference names it.
    pub fn from_mime(mime: &str) -> Option<MediaType> {
        [
            MediaType::Jpeg,
            MediaType::Png,
            MediaType::Webp,
            MediaType::Pdf,
            MediaType::Mp4,
            MediaType::Webm,
        ]
        .into_iter()
        .find(|t| t.mime() == mime)
    }

    pub fn mime(self) -> &'static str {
        match self {
            MediaType::Jpeg => "image/jpeg",
            MediaType::Png => "image/png",
            MediaType::Webp => "image/webp",
            MediaType::Pdf => "application/pdf",
            MediaType::Mp4 => "video/mp4",
            MediaType::Webm => "video/webm",
        }
    }

    pub fn is_video(self) -> bool {
        matches!(self, MediaType::Mp4 | MediaType::Webm)
    }

    /// The largest file of this type the server stores.
    pub fn max_bytes(self) -> u64 {
        if self.is_video() {
            MAX_VIDEO_BYTES
        } else {
            MAX_DOCUMENT_BYTES
        }
    }
}

/// An EBML header whose DocType is `webm` (Matroska files that are not
/// WebM are refused: browsers do not promise to play them). The DocType
/// element (ID `42 82`) sits within the first few dozen bytes.
fn is_webm_header(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(64)]
        .windows(7)
        .any(|w| w == [0x42, 0x82, 0x84, b'w', b'e', b'b', b'm'])
}

/// A size in megabytes with one decimal, as the phone shows what a video
/// takes (decimal comma in Indonesian): `3,2 MB`.
pub fn megabytes(bytes: u64, lang: crate::Lang) -> String {
    // A small file shows as 0,1 MB, not as nothing.
    let tenths = ((bytes * 10 + 524_288) / 1_048_576).max(u64::from(bytes > 0));
    let text = format!("{}.{}", tenths / 10, tenths % 10);
    match lang {
        crate::Lang::Id => format!("{} MB", text.replace('.', ",")),
        crate::Lang::En => format!("{text} MB"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    /// The first bytes of a WebM file as Chromium's MediaRecorder writes it.
    const WEBM_HEAD: &[u8] = &[
        0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0xF7, 0x81, 0x01, 0x42, 0xF2,
        0x81, 0x04, 0x42, 0xF3, 0x81, 0x08, 0x42, 0x82, 0x84, b'w', b'e', b'b', b'm', 0x42, 0x87,
        0x81, 0x04, 0x42, 0x85, 0x81, 0x02,
    ];

    #[test]
    fn sniffs_the_allowed_types_by_their_first_bytes() {
        assert_eq!(
            MediaType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Some(MediaType::Jpeg)
        );
        assert_eq!(
            MediaType::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(MediaType::Png)
        );
        assert_eq!(
            MediaType::sniff(b"RIFF\x24\0\0\0WEBPVP8 "),
            Some(MediaType::Webp)
        );
        assert_eq!(MediaType::sniff(b"%PDF-1.7\n"), Some(MediaType::Pdf));
        assert_eq!(
            MediaType::sniff(b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom"),
            Some(MediaType::Mp4)
        );
        assert_eq!(
            MediaType::sniff(b"\0\0\0\x20ftypisom\0\0\x02\0isomiso2avc1mp41"),
            Some(MediaType::Mp4)
        );
        assert_eq!(MediaType::sniff(WEBM_HEAD), Some(MediaType::Webm));
    }

    #[test]
    fn refuses_everything_else() {
        for bad in [
            &b""[..],
            &[0xFF, 0xD8],
            b"\x89PNG\r\n",
            b"RIFF\x24\0\0\0WAVEfmt ",
            b"RIFF\x24\0\0\0WEB",
            b"GIF89a",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            b"%PDF",
            b"hello, world",
            // HEIC and AVIF stills share MP4's box format; a QuickTime movie
            // is not MP4.
            b"\0\0\0\x18ftypheic\0\0\0\0mif1heic",
            b"\0\0\0\x1cftypavif\0\0\0\0avifmif1",
            b"\0\0\0\x14ftypqt  \0\0\0\0qt  ",
            b"\0\0\0\x18ftyp",
            // Matroska that is not WebM, and a bare EBML magic.
            &[
                0x1A, 0x45, 0xDF, 0xA3, 0x42, 0x82, 0x88, b'm', b'a', b't', b'r', b'o', b's', b'k',
                b'a',
            ],
            &[0x1A, 0x45, 0xDF, 0xA3],
        ] {
            assert_eq!(MediaType::sniff(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn videos_may_be_larger_than_pictures() {
        assert_eq!(MediaType::Mp4.max_bytes(), 50 * 1024 * 1024);
        assert_eq!(MediaType::Webm.max_bytes(), MAX_EVIDENCE_BYTES);
        assert_eq!(MediaType::Jpeg.max_bytes(), 10 * 1024 * 1024);
        assert_eq!(MediaType::Pdf.max_bytes(), MAX_DOCUMENT_BYTES);
        assert!(MediaType::VIDEOS.iter().all(|t| t.is_video()));
        assert!(!MediaType::Png.is_video());
    }

    #[test]
    fn mime_names_round_trip() {
        for t in [
            MediaType::Jpeg,
            MediaType::Pdf,
            MediaType::Mp4,
            MediaType::Webm,
        ] {
            assert_eq!(MediaType::from_mime(t.mime()), Some(t));
        }
        assert_eq!(MediaType::from_mime("video/quicktime"), None);
        assert_eq!(MediaType::from_mime(""), None);
    }

    #[test]
    fn sizes_read_in_megabytes() {
        assert_eq!(megabytes(3_355_443, Lang::Id), "3,2 MB");
        assert_eq!(megabytes(3_355_443, Lang::En), "3.2 MB");
        assert_eq!(megabytes(MAX_VIDEO_BYTES, Lang::Id), "50,0 MB");
        assert_eq!(megabytes(20_000, Lang::En), "0.1 MB");
        assert_eq!(megabytes(0, Lang::En), "0.0 MB");
    }
}
