//! Phase timings on standard error, for benchmarking a whole run:
//! `CTGPLAN_TIMINGS=1 ctgplan propose FILE` prints how long each phase took
//! (see docs/benchmarks.md). Off by default, and then costs one check of a
//! cached flag per phase.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("CTGPLAN_TIMINGS").is_some_and(|v| v != "0"))
}

/// A running phase; prints its duration when finished.
pub struct Phase {
    name: &'static str,
    start: Option<Instant>,
}

/// Starts timing `name` (a no-op unless `CTGPLAN_TIMINGS` is set).
pub fn phase(name: &'static str) -> Phase {
    Phase {
        name,
        start: enabled().then(Instant::now),
    }
}

impl Phase {
    /// Ends the phase, with an optional detail (sizes...).
    pub fn done(self, detail: impl FnOnce() -> String) {
        if let Some(start) = self.start {
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            let detail = detail();
            let sep = if detail.is_empty() { "" } else { "  " };
            eprintln!("timing: {:<12} {ms:>9.2} ms{sep}{detail}", self.name);
        }
    }
}
