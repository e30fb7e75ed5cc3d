//! What validation finds wrong: a stable machine code, the field it concerns,
//! and a message in both languages. The codes are an API: the app, the
//! server's 422 bodies and any other client match on them, so never rename one.
//!
//! Each code has a [`Severity`]. An error stops a report; a warning is said
//! (to the volunteer in the form, to any client with an accepted report)
//! and never stops one: what it doubts is for the coordinator to check.

use serde::{Deserialize, Serialize};

use crate::i18n::{Message, Text};

macro_rules! problem_codes {
    ($($variant:ident = $code:literal, $sev:ident, $id:literal, $en:literal;)+) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ProblemCode { $($variant,)+ }

        impl ProblemCode {
            pub const ALL: &'static [ProblemCode] = &[$(ProblemCode::$variant,)+];

            pub fn code(self) -> &'static str {
                match self { $(ProblemCode::$variant => $code,)+ }
            }

            pub fn severity(self) -> Severity {
                match self { $(ProblemCode::$variant => Severity::$sev,)+ }
            }

            pub fn message(self) -> Text {
                match self { $(ProblemCode::$variant => Text::new($id, $en),)+ }
            }

            pub fn from_code(code: &str) -> Option<ProblemCode> {
                match code { $($code => Some(ProblemCode::$variant),)+ _ => None }
            }
        }
    };
}

problem_codes! {
    Required = "required", Error, "Wajib diisi.", "Required.";
    TooLong = "too_long", Error, "Terlalu panjang.", "Too long.";
    TooShort = "too_short", Error, "Terlalu singkat; ceritakan lebih rinci.", "Too short; please give more detail.";
    InvalidId = "invalid_id", Error, "ID laporan tidak sah.", "The report id is not valid.";
    Malformed = "malformed", Error, "Data laporan tidak dapat dibaca.", "The report data cannot be read.";
    NipLength = "nip_length", Warning, "NIP dan NI PPPK terdiri dari 18 angka.", "A NIP or NI PPPK has 18 digits.";
    NipNotDigits = "nip_not_digits", Warning, "NIP hanya berisi angka.", "A NIP contains digits only.";
    NipBirthDate = "nip_birth_date", Warning, "8 angka pertama NIP bukan tanggal lahir yang sah.", "The first 8 digits of the NIP are not a valid birth date.";
    NipAppointment = "nip_appointment", Warning, "Angka ke-9 sampai 14 NIP bukan bulan pengangkatan yang sah.", "Digits 9 to 14 of the NIP are not a valid appointment month.";
    NipAppointmentBeforeBirth = "nip_appointment_before_birth", Warning, "Tanggal pengangkatan pada NIP tidak setelah tanggal lahir.", "The appointment in the NIP is not after the birth date.";
    NipSex = "nip_sex", Warning, "Angka ke-15 NIP (jenis kelamin) harus 1 atau 2.", "Digit 15 of the NIP (sex) must be 1 or 2.";
    NipUnrecognised = "nip_unrecognised", Warning, "NIP ini tidak dikenali — periksa lagi. Laporan tetap bisa dikirim.", "This NIP is not recognised — check it again. The report can still be sent.";
    NipImplausible = "nip_implausible", Warning, "Tanggal dalam NIP ini janggal (diangkat sebelum 18 tahun atau di masa depan) — periksa lagi.", "The dates in this NIP are odd (appointed before 18, or in the future) — check it again.";
    UnknownProvince = "unknown_province", Error, "Pilih provinsi dari daftar.", "Choose a province from the list.";
    UnknownRegency = "unknown_regency", Error, "Pilih kabupaten/kota dari daftar.", "Choose a regency or city from the list.";
    RegencyNotInProvince = "regency_not_in_province", Error, "Kabupaten/kota ini tidak berada di provinsi yang dipilih.", "This regency or city is not in the chosen province.";
    InvalidDate = "invalid_date", Error, "Tanggal tidak sah.", "Not a valid date.";
    DateInFuture = "date_in_future", Error, "Tanggal tidak boleh di masa depan.", "The date cannot be in the future.";
    KnownBeforeOccurred = "known_before_occurred", Error, "Waktu diketahui tidak boleh sebelum waktu kejadian.", "When it became known cannot be before it happened.";
    InvalidGps = "invalid_gps", Error, "Koordinat GPS tidak sah.", "The GPS position is not valid.";
    InvalidUrl = "invalid_url", Error, "Tautan harus diawali http:// atau https:// dan berisi alamat situs.", "A link must start with http:// or https:// and name a site.";
    DuplicateViolation = "duplicate_violation", Error, "Jenis pelanggaran dipilih dua kali.", "A violation type is chosen twice.";
    OtherNeedsText = "other_needs_text", Error, "Jelaskan pelanggaran \"lainnya\".", "Describe the \"other\" violation.";
    InvalidSha256 = "invalid_sha256", Error, "Sidik berkas (SHA-256) tidak sah.", "The file fingerprint (SHA-256) is not valid.";
    InvalidPhotoHash = "invalid_photo_hash", Error, "Sidik rupa foto (dHash) tidak sah: 16 angka heksadesimal, atau kosong.", "The photo's picture fingerprint (dHash) is not valid: 16 hex digits, or empty.";
    PhotoMissing = "photo_missing", Error, "Foto atau video ini tidak ada lagi di perangkat; hapus lalu tambahkan lagi.", "This photo or video is no longer on the device; remove it and add it again.";
    PhotoRefused = "photo_refused", Error, "Server menolak berkas ini (bukan foto atau video yang diterima, atau terlalu besar).", "The server refused this file (not an accepted photo or video, or too large).";
    NotAVideo = "not_a_video", Error, "Bukan video MP4 atau WebM.", "Not an MP4 or WebM video.";
    VideoTooLarge = "video_too_large", Error, "Video lebih dari 50 MB; potong dulu, atau kirim tautannya.", "The video is over 50 MB; trim it first, or send its link.";
    TooMany = "too_many", Error, "Terlalu banyak isian.", "Too many entries.";
    OtherDevice = "other_device", Error, "Laporan ini dikirim dari perangkat lain dan hanya dapat diubah dari sana.", "This report was sent from another device and can only be changed from there.";
    PasswordTooShort = "password_too_short", Error, "Kata sandi minimal 12 karakter.", "A password needs at least 12 characters.";
    UnknownRegion = "unknown_region", Error, "Kode wilayah tidak dikenal; pakai kode provinsi (35) atau kabupaten/kota (35.78).", "Unknown region code; use a province (35) or regency/city (35.78) code.";
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The report cannot be sent (or is refused) until it is fixed.
    #[default]
    Error,
    /// Said, never blocking.
    Warning,
}

/// One problem with one field. `field` is a dotted path into the report
/// (`terlapor.nip`, `evidence_links.2`), so a form can show it in place.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub field: String,
    pub code: String,
    /// Absent in bodies from before warnings existed, which held errors only.
    #[serde(default)]
    pub severity: Severity,
    /// Included for clients that are not ours; our app shows its own copy of
    /// the message for `code` in the chosen language.
    pub message: Message,
}

impl Problem {
    pub fn new(field: impl Into<String>, code: ProblemCode) -> Problem {
        Problem {
            field: field.into(),
            code: code.code().to_owned(),
            severity: code.severity(),
            message: code.message().into(),
        }
    }

    pub fn kind(&self) -> Option<ProblemCode> {
        ProblemCode::from_code(&self.code)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Whether any of `problems` stops a report.
pub fn any_error(problems: &[Problem]) -> bool {
    problems.iter().any(Problem::is_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for c in ProblemCode::ALL {
            assert!(seen.insert(c.code()));
            assert!(
                c.code()
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch == '_' || ch.is_ascii_digit())
            );
            assert_eq!(ProblemCode::from_code(c.code()), Some(*c));
            assert!(!c.message().id.is_empty() && !c.message().en.is_empty());
        }
    }

    #[test]
    fn only_nip_doubts_are_warnings() {
        for c in ProblemCode::ALL {
            let warning = c.severity() == Severity::Warning;
            assert_eq!(warning, c.code().starts_with("nip_"), "{}", c.code());
            assert_eq!(Problem::new("x", *c).is_error(), !warning);
        }
        let old: Problem = serde_json::from_str(
            r#"{"field":"x","code":"required","message":{"id":"a","en":"b"}}"#,
        )
        .unwrap();
        assert!(old.is_error());
    }
}
