//! Startup timing, for `RAMKOLL_STARTUP_LOG=1` (scripts/startup-time.sh):
//! milliseconds from start to the window being set up, to the webview asking
//! for the app's state (its script runs), and to the first report it gets
//! back (the first screen is usable one frame later). Silent otherwise.
//! With `RAMKOLL_STARTUP_EXIT=1` the app quits after the first report, so a
//! script can start it again and again.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

static START: OnceLock<Instant> = OnceLock::new();
/// Bit per event already logged.
static SEEN: AtomicU8 = AtomicU8::new(0);

#[derive(Debug, Clone, Copy)]
pub enum Event {
    Window = 1,
    UiStarted = 2,
    FirstReport = 4,
}

pub fn begin() {
    START.get_or_init(Instant::now);
}

fn enabled(var: &str) -> bool {
    std::env::var(var).is_ok_and(|v| v == "1")
}

/// Log `event` the first time it happens. True when the app should now quit
/// (the first report, with `RAMKOLL_STARTUP_EXIT=1`).
pub fn mark(event: Event) -> bool {
    let Some(start) = START.get() else { return false };
    if !enabled("RAMKOLL_STARTUP_LOG") || SEEN.fetch_or(event as u8, Ordering::SeqCst) & event as u8 != 0 {
        return false;
    }
    eprintln!("ramkoll-startup {event:?} {:.0} ms", start.elapsed().as_secs_f64() * 1000.0);
    matches!(event, Event::FirstReport) && enabled("RAMKOLL_STARTUP_EXIT")
}
