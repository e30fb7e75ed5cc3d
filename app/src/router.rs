//! The volunteer app's few fixed paths: the current one as a signal,
//! links that change it without a reload, the back button, and a page's
//! query. leptos_router does much more (nested and matched routes, forms,
//! transitions) that six fixed paths do not use, and it weighed about
//! 11 KB of what a phone downloads (see README, Performance); the
//! coordinators' dashboard keeps it.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The path the app shows (`/laporan/…`), without query or fragment.
#[derive(Clone, Copy)]
pub struct Location(RwSignal<String>);

fn current_path() -> String {
    window()
        .location()
        .pathname()
        .unwrap_or_else(|_| "/".into())
}

/// Provides the location and follows the back and forward buttons.
pub fn provide_location() -> Location {
    let location = Location(RwSignal::new(current_path()));
    provide_context(location);
    let listener = window_event_listener(leptos::ev::popstate, move |_| {
        location.0.set(current_path());
    });
    on_cleanup(move || listener.remove());
    location
}

impl Location {
    /// The current path, tracked: a view that reads it follows it.
    pub fn path(self) -> String {
        self.0.get()
    }
}

/// Shows `href` (a path of this app): a new history entry, or in place of
/// the current one (`replace`, so that back skips it).
pub fn navigate(href: &str, replace: bool) {
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
    expect_context::<Location>().0.set(path);
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

/// A link inside the app: a plain `<a>` (so it can be opened in a new tab)
/// marked `aria-current="page"` while its page is shown, that changes
/// page without reloading.
#[component]
pub fn Link(
    #[prop(into)] href: String,
    #[prop(optional)] exact: bool,
    #[prop(optional)] class: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let location = expect_context::<Location>();
    let current = {
        let href = href.clone();
        move || is_current(&href, &location.path(), exact).then_some("page")
    };
    let target = href.clone();
    let follow = move |ev: leptos::ev::MouseEvent| {
        // A click that asks for a new tab or window goes to the browser.
        if ev.default_prevented()
            || ev.button() != 0
            || ev.meta_key()
            || ev.ctrl_key()
            || ev.shift_key()
            || ev.alt_key()
        {
            return;
        }
        ev.prevent_default();
        navigate(&target, false);
    };
    view! {
        <a href=href class=class aria-current=current on:click=follow>
            {children()}
        </a>
    }
}

#[cfg(test)]
mod tests {
    use super::is_current;

    #[test]
    fn a_link_is_current_on_its_page_and_below_it_unless_exact() {
        assert!(is_current("/baru", "/baru", false));
        assert!(is_current("/laporan", "/laporan/1", false));
        assert!(!is_current("/bar", "/baru", false));
        assert!(!is_current("/", "/baru", true));
        assert!(is_current("/", "/", true));
    }
}
