//! What a volunteer reads while choosing a violation on a small screen: a
//! short title per prohibited act (the full wording stays in the catalogue
//! and in the filing), and the acts most often seen through each kind of
//! source first, so the likely choice is within reach of a thumb.

use crate::catalogue::{SourceKind, ViolationCode};
use crate::i18n::Text;

impl ViolationCode {
    /// A title that fits one line of a 360 px screen. The guide
    /// (`panduan.html`) heads each act with the same words.
    pub fn title(self) -> Text {
        use ViolationCode::*;
        match self {
            MedsosKampanye => Text::new("Kampanye di media sosial", "Campaigning on social media"),
            MedsosInteraksi => Text::new(
                "Like, komentar, share akun calon",
                "Likes, comments, shares for a candidate",
            ),
            MedsosFoto => Text::new(
                "Foto bersama calon, gestur dukungan",
                "Photo with a candidate, partisan gesture",
            ),
            PasangApk => Text::new(
                "Memasang alat peraga kampanye",
                "Putting up campaign materials",
            ),
            HadirDeklarasi => Text::new(
                "Hadir di deklarasi calon",
                "Attending a candidate's declaration",
            ),
            IkutKampanye => Text::new("Ikut kegiatan kampanye", "Joining campaign events"),
            AtributKampanye => Text::new(
                "Atribut kampanye, mengerahkan PNS",
                "Campaign attributes, mobilising staff",
            ),
            FasilitasNegara => Text::new("Memakai fasilitas negara", "Using state facilities"),
            KeputusanMenguntungkan => Text::new(
                "Keputusan yang menguntungkan calon",
                "Decisions that favour a candidate",
            ),
            KegiatanKeberpihakan => Text::new(
                "Ajakan, imbauan, pemberian barang",
                "Appeals, meetings or gifts for a candidate",
            ),
            DukunganKtp => Text::new(
                "Surat dukungan, kumpulkan KTP",
                "Support letters, collecting ID copies",
            ),
            TimPemenangan => Text::new("Menjadi tim sukses", "On a campaign team"),
            AnggotaParpol => Text::new("Anggota/pengurus partai", "Party member or official"),
            PendekatanParpol => Text::new(
                "Mendekati partai sebagai bakal calon",
                "Approaching parties as a would-be candidate",
            ),
            NarasumberParpol => Text::new("Narasumber acara partai", "Speaker at a party event"),
            KampanyePasangan => Text::new(
                "Kampanye suami/istri tanpa cuti",
                "A spouse's campaign without leave",
            ),
            MencalonkanDiri => Text::new(
                "Mencalonkan diri tanpa mundur/cuti",
                "Running without resigning or leave",
            ),
            Lainnya => Text::new("Lainnya (jelaskan)", "Other (describe)"),
        }
    }

    /// Every act, those most often found through `source` first (the rest
    /// in catalogue order, "Lainnya" last): online findings are mostly
    /// posts, likes and photos; at an event, attendance and attributes.
    pub fn common_first(source: Option<SourceKind>) -> Vec<ViolationCode> {
        use ViolationCode::*;
        let first: &[ViolationCode] = match source {
            Some(SourceKind::MediaSosial) => &[MedsosInteraksi, MedsosKampanye, MedsosFoto],
            Some(SourceKind::BeritaOnline) => &[
                HadirDeklarasi,
                IkutKampanye,
                FasilitasNegara,
                KeputusanMenguntungkan,
                KegiatanKeberpihakan,
            ],
            Some(SourceKind::Langsung) => &[
                HadirDeklarasi,
                IkutKampanye,
                AtributKampanye,
                PasangApk,
                FasilitasNegara,
                KegiatanKeberpihakan,
            ],
            None => &[],
        };
        let mut order = first.to_vec();
        order.extend(ViolationCode::ALL.iter().filter(|v| !first.contains(v)));
        order
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_fit_one_line_and_are_distinct() {
        let mut seen = std::collections::HashSet::new();
        for v in ViolationCode::ALL {
            let t = v.title();
            assert!(t.id.chars().count() <= 36, "{}: {}", v.code(), t.id);
            assert!(t.en.chars().count() <= 44, "{}: {}", v.code(), t.en);
            assert!(seen.insert(t.id) && seen.insert(t.en), "{}", v.code());
        }
    }

    #[test]
    fn every_order_holds_every_act_once_other_last() {
        let sources = [
            None,
            Some(SourceKind::Langsung),
            Some(SourceKind::MediaSosial),
            Some(SourceKind::BeritaOnline),
        ];
        for source in sources {
            let order = ViolationCode::common_first(source);
            assert_eq!(order.len(), ViolationCode::ALL.len(), "{source:?}");
            for v in ViolationCode::ALL {
                assert_eq!(order.iter().filter(|x| *x == v).count(), 1, "{source:?}");
            }
            assert_eq!(order.last(), Some(&ViolationCode::Lainnya));
        }
        assert_eq!(
            ViolationCode::common_first(Some(SourceKind::MediaSosial))[0],
            ViolationCode::MedsosInteraksi
        );
        assert_eq!(ViolationCode::common_first(None), ViolationCode::ALL);
    }
}
