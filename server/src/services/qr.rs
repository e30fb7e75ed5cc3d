//! Invite codes as QR codes. The code is shown once, when it is made; its
//! QR code holds the app's join link, so a volunteer's camera opens the join
//! page with the code already filled in and nothing is typed.

use axum::http::HeaderMap;
use axum::http::header::HOST;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// The join link on the address the coordinator reached this server by
/// (through a proxy: the host and scheme it forwards).
pub fn join_url(headers: &HeaderMap, code: &str) -> String {
    format!("{}/gabung?kode={code}", base_url(headers))
}

/// `scheme://host` of this server as the caller reached it (through a
/// proxy: the host and scheme it forwards).
pub fn base_url(headers: &HeaderMap) -> String {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let host = header("x-forwarded-host")
        .or_else(|| headers.get(HOST).and_then(|v| v.to_str().ok()))
        .unwrap_or("127.0.0.1:8080");
    let scheme = if header("x-forwarded-proto") == Some("https") {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

/// `text` as a QR code in SVG, readable from a laptop screen across a room.
pub fn svg(text: &str) -> String {
    QrCode::with_error_correction_level(text, EcLevel::M)
        .map(|code| {
            code.render::<svg::Color>()
                .min_dimensions(240, 240)
                .quiet_zone(true)
                .build()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_follows_the_proxy() {
        let mut h = HeaderMap::new();
        h.insert(HOST, "10.0.0.5:8080".parse().unwrap());
        assert_eq!(
            join_url(&h, "K7QM-4XTR-9P"),
            "http://10.0.0.5:8080/gabung?kode=K7QM-4XTR-9P"
        );
        h.insert("x-forwarded-host", "netral.example.org".parse().unwrap());
        h.insert("x-forwarded-proto", "https".parse().unwrap());
        assert_eq!(
            join_url(&h, "K7QM-4XTR-9P"),
            "https://netral.example.org/gabung?kode=K7QM-4XTR-9P"
        );
    }

    #[test]
    fn a_link_becomes_an_svg_qr_code() {
        let svg = svg("https://netral.example.org/gabung?kode=K7QM-4XTR-9P");
        assert!(svg.contains("<svg"), "{svg}");
        assert!(svg.len() > 1000);
    }
}
