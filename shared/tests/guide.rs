//! The offline guide (public/panduan.html) explains every act the form
//! offers, in both languages, under the title the form shows: a new act
//! in the catalogue fails here until the guide has it.

use netral_shared::catalogue::ViolationCode;

fn guide() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../public/panduan.html");
    std::fs::read_to_string(path).expect("public/panduan.html")
}

/// The text of the section `id="{id}"`, up to its end.
fn section<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("<section id=\"{id}\""))
        .unwrap_or_else(|| panic!("the guide has no section {id}"));
    let end = page[start..].find("</section>").expect("closed section") + start;
    &page[start..end]
}

#[test]
fn every_act_is_explained_in_both_languages_under_its_form_title() {
    let page = guide();
    for v in ViolationCode::ALL {
        let id = section(&page, v.code());
        assert!(id.contains("lang=\"id\""), "{}", v.code());
        assert!(
            id.contains(&format!("<h2>{}</h2>", v.title().id)),
            "{}: title",
            v.code()
        );
        assert!(id.contains(v.label().id), "{}: full wording", v.code());
        assert!(
            id.contains("<b>Contoh:</b>") && id.contains("<b>Bukti:</b>"),
            "{}",
            v.code()
        );

        let en = section(&page, &format!("en-{}", v.code()));
        assert!(en.contains("lang=\"en\""), "{}", v.code());
        assert!(
            en.contains(&format!("<h2>{}</h2>", v.title().en)),
            "{}: title",
            v.code()
        );
        assert!(en.contains(v.label().en), "{}: full wording", v.code());
        assert!(
            en.contains("<b>Example:</b>") && en.contains("<b>Evidence:</b>"),
            "{}",
            v.code()
        );
    }
    // Nothing inline: the server's CSP allows only its own scripts and styles.
    assert!(!page.contains("<style") && !page.contains(" style="));
    assert!(!page.contains("<script>"));
}
