//! Closed lists a report refers to: violation codes, subject types, position
//! classes, elections, stages, sources and platforms. Each entry has a stable
//! machine code (what is stored and synced) and labels in both languages, so
//! the form, the dashboard and exports read the same table.

use crate::i18n::Text;

/// What every catalogue offers, so a form or a chart can take any of them.
pub trait Catalogue: Sized + Copy + PartialEq + Send + Sync + 'static {
    fn all() -> &'static [Self];
    fn code(self) -> &'static str;
    fn label(self) -> Text;
    fn from_code(code: &str) -> Option<Self>;
}

/// Declares a catalogue enum: a stable snake_case code per variant, its
/// labels, `ALL` in display order, and serde through the code.
macro_rules! catalogue {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal, $id:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $(#[serde(rename = $code)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            pub fn label(self) -> Text {
                match self { $($name::$variant => Text::new($id, $en),)+ }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        // Written by hand: the derive cannot see serde renames that come
        // through a macro, and the codes are what the API carries.
        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($code,)+]))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}

        impl Catalogue for $name {
            fn all() -> &'static [$name] { $name::ALL }
            fn code(self) -> &'static str { $name::code(self) }
            fn label(self) -> Text { $name::label(self) }
            fn from_code(code: &str) -> Option<$name> { $name::from_code(code) }
        }
    };
}

// Other modules declare their closed lists the same way.
pub(crate) use catalogue;

catalogue! {
    /// Prohibited acts (SKB 5 Menteri/Kepala Lembaga 2022; PP 94/2021 Ps 5 huruf n).
    ViolationCode {
        MedsosKampanye = "medsos_kampanye", "Sosialisasi/kampanye melalui media sosial/online", "Campaigning online";
        MedsosInteraksi = "medsos_interaksi", "Membuat posting, komentar, share, like, bergabung/follow grup atau akun pemenangan", "Posting, commenting, sharing, liking or following a campaign account or group";
        MedsosFoto = "medsos_foto", "Foto bersama calon/tim sukses/alat peraga, atau memperagakan simbol keberpihakan (gestur jari)", "Photo with a candidate, campaign team or materials, or a partisan hand gesture";
        PasangApk = "pasang_apk", "Memasang spanduk/baliho/alat peraga kampanye", "Putting up banners, billboards or campaign materials";
        HadirDeklarasi = "hadir_deklarasi", "Menghadiri deklarasi/kampanye dan memberi dukungan aktif", "Attending a declaration or campaign and actively supporting";
        IkutKampanye = "ikut_kampanye", "Ikut kegiatan kampanye/sosialisasi/pengenalan calon", "Joining campaign or candidate introduction events";
        AtributKampanye = "atribut_kampanye", "Menjadi peserta kampanye dengan atribut partai/PNS, atau mengerahkan PNS lain", "Campaign participant with party or civil-service attributes, or mobilising other staff";
        FasilitasNegara = "fasilitas_negara", "Menggunakan fasilitas negara/jabatan untuk kampanye", "Using state facilities or office for campaigning";
        KeputusanMenguntungkan = "keputusan_menguntungkan", "Membuat keputusan/tindakan yang menguntungkan atau merugikan calon", "Decisions or actions favouring or harming a candidate";
        KegiatanKeberpihakan = "kegiatan_keberpihakan", "Pertemuan, ajakan, imbauan, seruan, atau pemberian barang kepada pegawai, keluarga, masyarakat", "Meetings, appeals or gifts aimed at staff, family or the public";
        DukunganKtp = "dukungan_ktp", "Memberi surat dukungan atau mengumpulkan fotokopi KTP", "Letters of support or collecting ID-card copies";
        TimPemenangan = "tim_pemenangan", "Menjadi tim sukses/tim ahli/konsultan pemenangan", "Campaign team member or consultant";
        AnggotaParpol = "anggota_parpol", "Menjadi anggota/pengurus partai politik", "Party member or official";
        PendekatanParpol = "pendekatan_parpol", "Mendekati partai politik atau masyarakat sebagai bakal calon", "Approaching parties or voters as a prospective candidate";
        NarasumberParpol = "narasumber_parpol", "Menjadi pembicara/narasumber kegiatan partai politik", "Speaker at a party event";
        KampanyePasangan = "kampanye_pasangan", "Ikut kampanye suami/istri yang menjadi calon tanpa cuti di luar tanggungan negara", "Joining a spouse's campaign without unpaid leave";
        MencalonkanDiri = "mencalonkan_diri", "Mendeklarasikan/mendaftarkan diri sebagai bakal calon tanpa mengundurkan diri atau cuti", "Declaring or registering as a prospective candidate without resigning or taking leave";
        Lainnya = "lainnya", "Lainnya (jelaskan)", "Other (describe)";
    }
}

catalogue! {
    /// Who the reported person is. Village heads and staff and TNI/Polri are
    /// not ASN but are reported through the same channels.
    SubjectType {
        Asn = "asn", "ASN (PNS/PPPK)", "Civil servant (ASN)";
        KepalaDesa = "kepala_desa", "Kepala desa", "Village head";
        PerangkatDesa = "perangkat_desa", "Perangkat desa", "Village official";
        TniPolri = "tni_polri", "Anggota TNI/Polri", "Military or police member";
        Lainnya = "lainnya", "Lainnya", "Other";
    }
}

catalogue! {
    /// Position (jabatan) classes of ASN.
    PositionClass {
        PimpinanTinggi = "pimpinan_tinggi", "Jabatan pimpinan tinggi (sekda, kepala dinas)", "Senior executive (regional secretary, agency head)";
        Administrator = "administrator", "Administrator (mis. camat)", "Administrator (e.g. sub-district head)";
        Pengawas = "pengawas", "Pengawas (mis. lurah)", "Supervisor (e.g. urban village head)";
        Fungsional = "fungsional", "Fungsional (guru, dosen, tenaga kesehatan, penyuluh)", "Functional (teacher, lecturer, health worker, extension officer)";
        Pelaksana = "pelaksana", "Pelaksana/staf", "Staff";
    }
}

catalogue! {
    /// Elections. Pilpres and Pileg are *Pemilu* (UU 7/2017); the Pilkada
    /// kinds are *Pemilihan* (UU 10/2016) with a different deadline rule.
    ElectionKind {
        Pilpres = "pilpres", "Pilpres (Presiden dan Wakil Presiden)", "Presidential election";
        PilegDpr = "pileg_dpr", "Pileg DPR", "Legislative election: DPR";
        PilegDpd = "pileg_dpd", "Pileg DPD", "Legislative election: DPD";
        PilegDprdProvinsi = "pileg_dprd_provinsi", "Pileg DPRD provinsi", "Legislative election: provincial DPRD";
        PilegDprdKabKota = "pileg_dprd_kabkota", "Pileg DPRD kabupaten/kota", "Legislative election: regency/city DPRD";
        PilkadaGubernur = "pilkada_gubernur", "Pilkada gubernur", "Regional election: governor";
        PilkadaBupati = "pilkada_bupati", "Pilkada bupati", "Regional election: regent";
        PilkadaWaliKota = "pilkada_walikota", "Pilkada wali kota", "Regional election: mayor";
    }
}

impl ElectionKind {
    /// Pilkada (*Pemilihan*) rather than *Pemilu*.
    pub fn is_pilkada(self) -> bool {
        matches!(
            self,
            ElectionKind::PilkadaGubernur
                | ElectionKind::PilkadaBupati
                | ElectionKind::PilkadaWaliKota
        )
    }
}

catalogue! {
    /// Election stages (tahapan).
    ElectionStage {
        PraPencalonan = "pra_pencalonan", "Pra-pencalonan (bakal calon)", "Before candidacy (prospective candidates)";
        Pencalonan = "pencalonan", "Pencalonan", "Candidacy";
        Kampanye = "kampanye", "Kampanye", "Campaign";
        MasaTenang = "masa_tenang", "Masa tenang", "Quiet period";
        Pemungutan = "pemungutan", "Pemungutan suara", "Voting day";
        Rekapitulasi = "rekapitulasi", "Rekapitulasi", "Vote tally";
        Pasca = "pasca", "Pasca pemilihan", "After the election";
    }
}

catalogue! {
    /// How the volunteer learned of the finding.
    SourceKind {
        Langsung = "langsung", "Dilihat langsung", "Seen directly";
        MediaSosial = "media_sosial", "Media sosial", "Social media";
        BeritaOnline = "berita_online", "Berita online", "Online news";
    }
}

catalogue! {
    Platform {
        Facebook = "facebook", "Facebook", "Facebook";
        Instagram = "instagram", "Instagram", "Instagram";
        WhatsApp = "whatsapp", "WhatsApp", "WhatsApp";
        X = "x", "X/Twitter", "X/Twitter";
        TikTok = "tiktok", "TikTok", "TikTok";
        YouTube = "youtube", "YouTube", "YouTube";
        Lainnya = "lainnya", "Lainnya", "Other";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for v in ViolationCode::ALL {
            assert_eq!(ViolationCode::from_code(v.code()), Some(*v));
            assert!(seen.insert(v.code()), "duplicate code {}", v.code());
            assert!(!v.label().id.is_empty() && !v.label().en.is_empty());
        }
        // The SKB 2022 acts, including its spouse's-campaign and
        // own-candidacy cases, and "other".
        assert_eq!(ViolationCode::ALL.len(), 18);
    }

    #[test]
    fn serde_uses_the_code() {
        let json = serde_json::to_string(&ElectionKind::PilkadaWaliKota).unwrap();
        assert_eq!(json, "\"pilkada_walikota\"");
        let back: ElectionKind = serde_json::from_str(&json).unwrap();
        assert!(back.is_pilkada());
        assert!(serde_json::from_str::<ElectionKind>("\"kasn\"").is_err());
    }
}
