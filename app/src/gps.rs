//! One GPS reading, asked for only when the volunteer presses the button
//! (never required: a position can endanger a volunteer, and indoors there
//! may be none).

use netral_shared::report::Gps;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GpsError {
    Unsupported,
    Denied,
    Unavailable,
}

/// Calls `done` once with a position or the reason there is none.
pub fn read_position(done: impl FnOnce(Result<Gps, GpsError>) + 'static) {
    let Some(geo) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
        done(Err(GpsError::Unsupported));
        return;
    };
    // Both callbacks share `done`; whichever fires first takes it.
    let done = std::rc::Rc::new(std::cell::RefCell::new(Some(
        Box::new(done) as Box<dyn FnOnce(_)>
    )));
    let (ok_done, err_done) = (done.clone(), done);
    let on_ok = Closure::once_into_js(move |pos: web_sys::Position| {
        let c = pos.coords();
        if let Some(f) = ok_done.borrow_mut().take() {
            f(Ok(Gps {
                lat: c.latitude(),
                lon: c.longitude(),
                accuracy_m: Some(c.accuracy()),
            }));
        }
    });
    let on_err = Closure::once_into_js(move |e: web_sys::PositionError| {
        let reason = if e.code() == web_sys::PositionError::PERMISSION_DENIED {
            GpsError::Denied
        } else {
            GpsError::Unavailable
        };
        if let Some(f) = err_done.borrow_mut().take() {
            f(Err(reason));
        }
    });
    let options = web_sys::PositionOptions::new();
    options.set_enable_high_accuracy(true);
    options.set_timeout(20_000);
    options.set_maximum_age(60_000);
    let _ = geo.get_current_position_with_error_callback_and_options(
        on_ok.unchecked_ref(),
        Some(on_err.unchecked_ref()),
        &options,
    );
}
