//! Any text → load → propose (1 s limit) → apply → check. A planned scheme
//! must write back into the file and pass `check` without error.
#![no_main]

use ctgplan::check::check_loaded;
use ctgplan::diagnostic::Severity;
use ctgplan::plan::apply::apply;
use ctgplan::plan::build::Objective;
use ctgplan::plan::propose::{propose, Proposal, Scope};
use ctgplan::plan::solve::Options;
use ctgplan::scenario::load_str;
use libfuzzer_sys::fuzz_target;
use std::time::Duration;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let loaded = load_str("fuzz.toml", text);
    let Some(scenario) = loaded.scenario else {
        return;
    };
    let opts = Options {
        time_limit: Some(Duration::from_secs(1)),
        ..Options::default()
    };
    // Both objectives: `balance` takes another path through the model.
    let objective = if data.len() % 2 == 0 {
        Objective::Closest
    } else {
        Objective::Balance
    };
    let Ok(Proposal::Planned(plan)) = propose(&scenario, &Scope::Open, objective, opts) else {
        return;
    };
    let written = match apply(text, &scenario, &plan) {
        Ok(t) => t,
        // A file whose periods are not [[period]] tables cannot be edited: said, not a bug.
        Err(_) => return,
    };
    let report = check_loaded(load_str("fuzz.toml", &written));
    let errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{} {}", d.code, d.message.render(ctgplan::i18n::Lang::En)))
        .collect();
    assert!(
        errors.is_empty(),
        "the proposal does not pass check: {errors:?}\n--- written ---\n{written}"
    );
});
