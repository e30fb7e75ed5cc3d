//! The stable machine codes of error answers, on both sides of the wire:
//! the server answers with one, the apps compare with them. Each carries a
//! generic message; the server may say more for its answer.

use crate::catalogue::{Catalogue, catalogue};
use crate::i18n::Text;

catalogue! {
    /// `ErrorBody::code`. `offline` is the apps' own: no answer came.
    ErrorCode {
        InvalidJson = "invalid_json", "Isi permintaan bukan JSON yang sah.", "The request body is not valid JSON.";
        NotJson = "not_json", "Isi permintaan harus JSON (Content-Type: application/json).", "The request body must be JSON (Content-Type: application/json).";
        BodyTooLarge = "body_too_large", "Kiriman terlalu besar.", "The request is too large.";
        BatchTooLarge = "batch_too_large", "Terlalu banyak laporan dalam satu kiriman; paling banyak 500.", "Too many reports in one request; at most 500.";
        IdMismatch = "id_mismatch", "ID di alamat tidak sama dengan ID laporan.", "The id in the URL differs from the report's id.";
        NotFound = "not_found", "Tidak ditemukan.", "Not found.";
        CannotSplit = "cannot_split", "Laporan itu tidak ada di kasus ini, atau satu-satunya laporan di kasus ini.", "That report is not in this case, or is the case's only report.";
        NoOpenLink = "no_open_link", "Tidak ada \"kemungkinan sama\" yang terbuka antara kedua kasus ini.", "There is no open \"possibly the same\" link between these two cases.";
        CannotMerge = "cannot_merge", "Kedua kasus harus ada, berbeda, dan belum digabung.", "Both cases must exist, be different and not already merged.";
        InvalidReport = "invalid_report", "Laporan belum lengkap atau ada isian yang salah.", "The report is incomplete or has invalid fields.";
        Unauthenticated = "unauthenticated", "Silakan masuk, atau daftarkan perangkat ini dengan kode undangan dari koordinator.", "Please sign in, or register this device with an invite code from your coordinator.";
        InvalidToken = "invalid_token", "Perangkat ini tidak dikenal server; daftarkan lagi dengan kode undangan dari koordinator.", "The server does not know this device; register it again with an invite code from your coordinator.";
        DeviceRevoked = "device_revoked", "Perangkat ini sudah dicabut oleh koordinator dan tidak dapat mengirim laporan lagi. Laporan yang belum terkirim tetap aman di perangkat; minta kode undangan baru kepada koordinator.", "A coordinator revoked this device; it can no longer send reports. Reports not yet sent stay safe on the device; ask your coordinator for a new invite code.";
        SessionExpired = "session_expired", "Sesi Anda sudah berakhir; silakan masuk lagi.", "Your session has ended; please sign in again.";
        Forbidden = "forbidden", "Anda tidak berwenang melakukan ini.", "You are not allowed to do this.";
        InvalidCredentials = "invalid_credentials", "Nama pengguna atau kata sandi salah.", "Wrong username or password.";
        AccountLocked = "account_locked", "Terlalu banyak percobaan masuk yang gagal; akun ini dikunci sementara. Coba lagi setelah waktu tunggu.", "Too many failed sign-ins; this account is locked for a while. Try again after the wait.";
        RateLimited = "rate_limited", "Terlalu banyak percobaan dari jaringan ini; tunggu sebentar lalu coba lagi.", "Too many attempts from this network; wait a moment and try again.";
        CrossSite = "cross_site", "Permintaan dari situs lain ditolak.", "Requests from other sites are refused.";
        InviteInvalid = "invite_invalid", "Kode undangan tidak dikenal; periksa lagi kodenya.", "Unknown invite code; check the code again.";
        InviteExpired = "invite_expired", "Kode undangan ini sudah kedaluwarsa; minta kode baru kepada koordinator.", "This invite code has expired; ask your coordinator for a new one.";
        InviteUsedUp = "invite_used_up", "Kode undangan ini sudah habis dipakai; minta kode baru kepada koordinator.", "This invite code has been used up; ask your coordinator for a new one.";
        InviteRevoked = "invite_revoked", "Kode undangan ini sudah dibatalkan; minta kode baru kepada koordinator.", "This invite code was cancelled; ask your coordinator for a new one.";
        WrongPassword = "wrong_password", "Kata sandi saat ini salah.", "The current password is wrong.";
        InvalidInput = "invalid_input", "Ada isian yang belum benar.", "Some fields are not valid.";
        StepNotAllowed = "step_not_allowed", "Langkah ini tidak dapat dilakukan dari status kasus saat ini.", "This step is not possible from the case's current status.";
        StepIncomplete = "step_incomplete", "Langkah ini belum lengkap.", "This step is incomplete.";
        AlreadyExists = "already_exists", "Nama itu sudah dipakai.", "That name is already taken.";
        InvalidQuery = "invalid_query", "Parameter pencarian tidak sah (limit dan offset: bilangan bulat 0 atau lebih).", "Invalid query parameters (limit and offset: whole numbers, 0 or more).";
        DatabaseUnavailable = "database_unavailable", "Basis data tidak menjawab.", "The database does not answer.";
        SchemaBehind = "schema_behind", "Skema basis data belum diperbarui; jalankan `netral migrate`.", "The database schema is not up to date; run `netral migrate`.";
        EvidenceTooLarge = "evidence_too_large", "Berkas bukti terlalu besar; paling besar 10 MB untuk foto atau dokumen, 50 MB untuk video.", "The evidence file is too large; at most 10 MB for a photo or document, 50 MB for a video.";
        EvidenceHashMismatch = "evidence_hash_mismatch", "Berkas bukti berubah di perjalanan (SHA-256 tidak cocok); kirim ulang.", "The evidence file changed in transit (its SHA-256 does not match); send it again.";
        EvidenceTypeNotAllowed = "evidence_type_not_allowed", "Jenis berkas tidak diterima; kirim foto JPEG, PNG atau WebP, dokumen PDF, atau video MP4 atau WebM.", "This file type is not accepted; send a JPEG, PNG or WebP photo, a PDF document, or an MP4 or WebM video.";
        EvidenceIncomplete = "evidence_incomplete", "Berkas bukti tidak terkirim utuh; kirim ulang.", "The evidence file did not arrive whole; send it again.";
        EvidenceQuota = "evidence_quota", "Perangkat ini sudah mengirim terlalu banyak berkas bukti dalam 24 jam terakhir; foto akan dikirim lagi nanti secara otomatis.", "This device has sent too many evidence files in the last 24 hours; the photos will be sent again later, automatically.";
        RequestTimeout = "request_timeout", "Permintaan terlalu lama diproses; coba lagi nanti.", "The request took too long; try again later.";
        ExportTooLarge = "export_too_large", "Terlalu banyak kasus untuk satu berkas ekspor; persempit saringan (provinsi, tanggal, status) lalu coba lagi.", "Too many cases for one export file; narrow the filters (province, dates, status) and try again.";
        Internal = "internal", "Terjadi kesalahan di server.", "Something went wrong on the server.";
        Offline = "offline", "Server tidak dapat dihubungi. Periksa sambungan lalu coba lagi.", "The server cannot be reached. Check the connection and try again.";
    }
}
