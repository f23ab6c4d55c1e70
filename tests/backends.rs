//! One scheme, whichever backend: microlp and HiGHS (cargo feature `highs`)
//! write the same plan on every fixture `propose` plans, with and without
//! an ask. Without the feature only microlp is built: the test then prints
//! that it skips the comparison (.ci/run runs it again with `--features
//! highs`).

use ctgplan::plan::ask;
use ctgplan::plan::build::Objective;
use ctgplan::plan::negotiate::Negotiation;
use ctgplan::plan::propose::{plan_negotiated, scope_indices, Plan, Proposal, Scope};
use ctgplan::plan::solve::{Backend, Options};
use ctgplan::scenario::load_path;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Every scenario fixture: the bundled scenarios and the planning fixtures.
fn fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in [
        "scenarios",
        "tests/fixtures/propose",
        "tests/fixtures/negotiate",
    ] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(format!("{ROOT}/{dir}"))
            .expect("fixture folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        out.extend(files);
    }
    out
}

/// The plan of `file` with `backend`, under `asks`: `None` when it does
/// not load, is a portfolio, or is not planned (impossible, refused).
fn plan(file: &Path, backend: Backend, asks: &[&str]) -> Option<Plan> {
    let s = load_path(file).scenario?;
    let neg = Negotiation {
        asks: ask::resolve_all(&s, asks).ok()?,
        ..Negotiation::default()
    };
    let s = neg.scenario(&s);
    let mut indices = scope_indices(&s, &Scope::Open).ok()?;
    indices.extend(neg.periods());
    indices.sort_unstable();
    indices.dedup();
    let opts = Options {
        backend,
        time_limit: Some(std::time::Duration::from_secs(30)),
    };
    match plan_negotiated(&s, &indices, Objective::Closest, opts, &neg) {
        Ok(Proposal::Planned(p)) => Some(p),
        _ => None,
    }
}

#[test]
fn every_backend_writes_the_same_plan_on_every_fixture() {
    let backends = Backend::available();
    let mut planned = 0;
    for file in fixtures() {
        // Without an ask, then with one on the file's last period's first
        // commune (an ask releases the period's figures into references).
        let s = load_path(&file).scenario;
        let extra = s.as_ref().and_then(|s| {
            let p = s.periods.last()?;
            let c = s.communes.first()?;
            Some(format!("{}.{}=0.3", p.name(), c.id.id))
        });
        let mut cases: Vec<Vec<&str>> = vec![Vec::new()];
        if let Some(e) = &extra {
            cases.push(vec![e.as_str()]);
        }
        for asks in cases {
            let plans: Vec<Option<Plan>> =
                backends.iter().map(|b| plan(&file, *b, &asks)).collect();
            if plans.first().is_some_and(Option::is_some) {
                planned += 1;
            }
            for (b, p) in backends.iter().zip(&plans).skip(1) {
                assert_eq!(
                    plans.first().map(|p| p.as_ref().map(|p| &p.periods)),
                    Some(p.as_ref().map(|p| &p.periods)),
                    "{} with {asks:?}: microlp and {} differ",
                    file.display(),
                    b.name()
                );
            }
        }
    }
    assert!(planned >= 4, "only {planned} fixtures planned");
    if backends.len() < 2 {
        println!("skipped: the comparison needs HiGHS (cargo test --features highs); microlp planned {planned} cases");
    }
}
