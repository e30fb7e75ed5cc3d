//! The volunteer app's few fixed paths: the current one as a signal,
//! links that change it without a reload, the back button, and a page's
//! query. leptos_router does much more (nested and matched routes, forms,
//! transitions) that six fixed paths do not use, and it weighed about
//! 11 KB of what a phone downloads (see README, Performance); the
//! coordinators' dashboard keeps it.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// The path the app shows (`/laporan/…`), without query or fragment.
#[derive(Clone, Copy)]
pub struct Location(RwSignal<String>);

fn current_path() -> String {
    window()
        .location()
        .pathname()
        .unwrap_or_else(|_| "/".into())
}

/// Provides the location, follows the back and forward buttons, and
/// turns a click on any link to a path of the app (`<a href="/…">`) into a
/// change of page without reloading, as leptos_router did.
pub fn provide_location() -> Location {
    let location = Location(RwSignal::new(current_path()));
    provide_context(location);
    let back = window_event_listener(leptos::ev::popstate, move |_| {
        location.0.set(current_path());
    });
    let clicks = window_event_listener(leptos::ev::click, move |ev| {
        if let Some(href) = in_app_link(&ev) {
            ev.prevent_default();
            location.navigate(&href, false);
        }
    });
    on_cleanup(move || {
        back.remove();
        clicks.remove();
    });
    location
}

/// The path a click opens inside the app, or `None` when the browser
/// should have it: another site, a new tab or window, a download.
fn in_app_link(ev: &leptos::ev::MouseEvent) -> Option<String> {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.ctrl_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return None;
    }
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let link = target.closest("a[href]").ok()??;
    if link.has_attribute("download") || link.get_attribute("target").is_some_and(|t| !t.is_empty())
    {
        return None;
    }
    let href = link.get_attribute("href")?;
    is_app_path(&href).then_some(href)
}

/// `/…` but not `//host/…`: a path of this origin; and not a file such as
/// the guide (`/panduan.html`), which is its own page, not a route.
fn is_app_path(href: &str) -> bool {
    let path = href.split(['?', '#']).next().unwrap_or_default();
    href.starts_with('/') && !href.starts_with("//") && !path.contains('.')
}

impl Location {
    /// The current path, tracked: a view that reads it follows it.
    pub fn path(self) -> String {
        self.0.get()
    }
}

impl Location {
    /// Shows `href` (a path of this app): a new history entry, or in place
    /// of the current one (`replace`, so that back skips it). A method, not
    /// a context lookup, so that a task can navigate after an `await`.
    pub fn navigate(self, href: &str, replace: bool) {
        let w = window();
        let Ok(history) = w.history() else {
            // No History API: a full load still arrives at the page.
            let _ = w.location().set_href(href);
            return;
        };
        let pushed = if replace {
            history.replace_state_with_url(&JsValue::NULL, "", Some(href))
        } else {
            history.push_state_with_url(&JsValue::NULL, "", Some(href))
        };
        if pushed.is_err() {
            let _ = w.location().set_href(href);
            return;
        }
        if !replace {
            w.scroll_to_with_x_and_y(0.0, 0.0);
        }
        let path = href.split(['?', '#']).next().unwrap_or("/").to_owned();
        self.0.set(path);
    }
}

/// The location [`provide_location`] gave the app.
pub fn use_location() -> Location {
    expect_context::<Location>()
}

/// One parameter of the address's query (`?kode=…`), decoded.
pub fn query_param(name: &str) -> Option<String> {
    let search = window().location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

/// Whether a link to `href` leads to the page shown: the same path, or
/// (unless `exact`) one below it.
fn is_current(href: &str, path: &str, exact: bool) -> bool {
    path == href
        || (!exact
            && path
                .strip_prefix(href)
                .is_some_and(|rest| rest.starts_with('/')))
}

/// A link inside the app (the click is handled by [`provide_location`]),
/// marked `aria-current="page"` while its page is shown.
#[component]
pub fn Link(
    #[prop(into)] href: String,
    #[prop(optional)] exact: bool,
    #[prop(optional)] class: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let location = use_location();
    let current = {
        let href = href.clone();
        move || is_current(&href, &location.path(), exact).then_some("page")
    };
    view! {
        <a href=href class=class aria-current=current>
            {children()}
        </a>
    }
}

#[cfg(test)]
mod tests {
    use super::{is_app_path, is_current};

    #[test]
    fn a_link_is_current_on_its_page_and_below_it_unless_exact() {
        assert!(is_current("/baru", "/baru", false));
        assert!(is_current("/laporan", "/laporan/1", false));
        assert!(!is_current("/bar", "/baru", false));
        assert!(!is_current("/", "/baru", true));
        assert!(is_current("/", "/", true));
    }

    #[test]
    fn only_a_path_of_this_origin_is_opened_inside_the_app() {
        assert!(is_app_path("/laporan/1"));
        assert!(!is_app_path("//evil.example/x"));
        assert!(!is_app_path("https://facebook.com/p/1"));
        assert!(!is_app_path("#bukti"));
    }

    #[test]
    fn a_file_of_this_origin_is_loaded_as_a_page() {
        assert!(!is_app_path("/panduan.html"));
        assert!(!is_app_path("/panduan.html#medsos_foto"));
        assert!(is_app_path("/laporan?draft=a.b"));
    }
}
