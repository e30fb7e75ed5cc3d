//! User Timing measures of what the volunteer waits for (`performance`
//! entries), so budget scripts read real numbers from the real app
//! instead of timing it from outside.

use std::cell::Cell;

thread_local! {
    static NEXT: Cell<u32> = const { Cell::new(0) };
}

pub struct Timing {
    name: &'static str,
    mark: String,
}

/// Starts a measure named `name`; [`Timing::finish`] records it. Each start
/// has its own mark, so overlapping measures do not borrow each other's.
pub fn start(name: &'static str) -> Timing {
    let n = NEXT.with(|c| c.replace(c.get().wrapping_add(1)));
    let mark = format!("{name}-{n}");
    if let Some(p) = performance() {
        let _ = p.mark(&mark);
    }
    Timing { name, mark }
}

impl Timing {
    pub fn finish(self) {
        if let Some(p) = performance() {
            let _ = p.measure_with_start_mark(self.name, &self.mark);
            p.clear_marks_with_mark_name(&self.mark);
        }
    }
}

fn performance() -> Option<web_sys::Performance> {
    web_sys::window()?.performance()
}
