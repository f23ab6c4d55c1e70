//! Bounds on `propose`: the model's size is estimated from the scenario
//! before anything is built, and refused past [`MAX_MODEL_CELLS`] (`codes::MODEL_SIZE`);
//! building and every solve run under one deadline, `--time-limit`, which
//! holds even when a solver overruns its own limit between its checks.

use super::build::{BuildError, Objective};
use super::negotiate::Negotiation;
use super::propose::{self, Proposal};
use super::solve::Options;
use crate::i18n::{Arg, Text};
use crate::rules::codes;
use crate::scenario::Scenario;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// The most "cells" a plan may have: planned periods × holders (communes and
/// carriers) × (themes + 2). The largest model `propose` builds (the relaxed
/// model that explains an impossible ask, holder by holder) grows with it.
/// Measured at this limit (docs/reliability.md): under 1 GiB and within the
/// time limit + 1 s. A real CTG (under 900 communes, a dozen themes, five
/// periods) needs under 70,000.
pub const MAX_MODEL_CELLS: u64 = 1_000_000;

/// The size of the model for periods `indices`, in cells (see [`MAX_MODEL_CELLS`]).
pub fn estimate(s: &Scenario, indices: &[usize]) -> u64 {
    let holders = (s.communes.len() + s.carriers.len()) as u64;
    let themes = s.themes.len() as u64;
    (indices.len() as u64)
        .saturating_mul(holders)
        .saturating_mul(themes.saturating_add(2))
}

/// The largest ETP figure a plan may hold, in steps (`rules.step`): the
/// solvers take integer bounds within 32 bits, and the model's bounds reach
/// twice the largest figure. With the default step of 0.1 ETP, 50 million
/// ETP: far beyond any CTG, but a figure the loader accepts (up to 10⁹).
pub const MAX_FIGURE_STEPS: u64 = 500_000_000;

/// `codes::MODEL_SIZE` when the plan is over the limits: too many cells, or a figure
/// too large for the solver in steps.
pub fn check_size(s: &Scenario, indices: &[usize]) -> Result<(), BuildError> {
    check_magnitude(s)?;
    let cells = estimate(s, indices);
    if cells <= MAX_MODEL_CELLS {
        return Ok(());
    }
    Err(BuildError {
        code: Some(codes::MODEL_SIZE),
        message: Text::new(&super::reasons::TOO_LARGE)
            .arg("periods", Arg::count(indices.len()))
            .arg("holders", Arg::count(s.communes.len() + s.carriers.len()))
            .arg("themes", Arg::count(s.themes.len()))
            .arg("cells", Arg::number(cells.into()))
            .arg("max", Arg::number(MAX_MODEL_CELLS.into())),
        span: None,
    })
}

fn check_magnitude(s: &Scenario) -> Result<(), BuildError> {
    let step = s.rules.step;
    if step <= rust_decimal::Decimal::ZERO {
        return Ok(()); // refused by the loader (`codes::NUMBER`)
    }
    for (f, _) in crate::rules::granularity::etp_figures(s) {
        let steps = (f.value.abs() / step).trunc();
        if steps > rust_decimal::Decimal::from(MAX_FIGURE_STEPS) {
            return Err(BuildError {
                code: Some(codes::MODEL_SIZE),
                message: Text::new(&super::reasons::TOO_MANY_STEPS)
                    .arg("figure", Arg::etp(f.value))
                    .arg("steps", Arg::number(steps))
                    .arg("step", Arg::etp(step))
                    .arg("max", Arg::number(MAX_FIGURE_STEPS.into())),
                span: Some(f.start..f.end),
            });
        }
    }
    Ok(())
}

/// [`propose::plan`] under the size limit and one deadline for building and
/// solving: past `opts.time_limit`, [`Proposal::TimeLimit`], whatever the
/// solver is doing (it is left to the process's exit, which follows).
pub fn plan_within(
    s: &Scenario,
    indices: &[usize],
    objective: Objective,
    opts: Options,
) -> Result<Proposal, BuildError> {
    plan_within_negotiated(s, indices, objective, opts, &Negotiation::default())
}

/// [`plan_within`] under the asks and locks of `neg`.
pub fn plan_within_negotiated(
    s: &Scenario,
    indices: &[usize],
    objective: Objective,
    opts: Options,
    neg: &Negotiation,
) -> Result<Proposal, BuildError> {
    check_size(s, indices)?;
    if opts.time_limit.is_none() {
        return propose::plan_negotiated(s, indices, objective, opts, neg);
    }
    start_negotiated(s, indices, objective, opts, neg)?.wait()
}

/// A plan started on a thread of its own ([`start_negotiated`]): its caller
/// does other work meanwhile (`propose` looks for the errors that refuse
/// any plan), then waits for it, or drops it, leaving the thread to the
/// process's exit.
pub struct Pending<'a> {
    run: Run<'a>,
    started: Instant,
    limit: Option<Duration>,
}

enum Run<'a> {
    Thread(Receiver<Result<Proposal, BuildError>>),
    /// No thread could be started: planned on the caller's, when waited for.
    Here(Box<dyn FnOnce() -> Result<Proposal, BuildError> + 'a>),
}

/// Starts [`plan_within_negotiated`] on its own thread (after the size
/// check, which answers at once).
pub fn start_negotiated<'a>(
    s: &'a Scenario,
    indices: &'a [usize],
    objective: Objective,
    opts: Options,
    neg: &'a Negotiation,
) -> Result<Pending<'a>, BuildError> {
    check_size(s, indices)?;
    let (tx, rx) = std::sync::mpsc::channel();
    let (s2, indices2, neg2) = (s.clone(), indices.to_vec(), neg.clone());
    let spawned = std::thread::Builder::new()
        .name("propose".into())
        // The solver recurses; give it the main thread's room.
        .stack_size(8 << 20)
        .spawn(move || {
            let _ = tx.send(propose::plan_negotiated(
                &s2, &indices2, objective, opts, &neg2,
            ));
        });
    let run = match spawned {
        Ok(_) => Run::Thread(rx),
        Err(_) => Run::Here(Box::new(move || {
            propose::plan_negotiated(s, indices, objective, opts, neg)
        })),
    };
    Ok(Pending {
        run,
        started: Instant::now(),
        limit: opts.time_limit,
    })
}

impl Pending<'_> {
    /// The plan; past the time limit (counted from the start),
    /// [`Proposal::TimeLimit`], whatever the solver is doing.
    pub fn wait(self) -> Result<Proposal, BuildError> {
        let rx = match self.run {
            Run::Here(plan) => return plan(),
            Run::Thread(rx) => rx,
        };
        let stopped = || Ok(Proposal::Failed(Text::new(&super::reasons::STOPPED)));
        let Some(limit) = self.limit else {
            return rx.recv().unwrap_or_else(|_| stopped());
        };
        // A little past the limit: the solver's own limit answers first when it
        // keeps it, with what it found.
        let left = (limit + Duration::from_millis(200)).saturating_sub(self.started.elapsed());
        match rx.recv_timeout(left) {
            Ok(r) => r,
            Err(RecvTimeoutError::Timeout) => Ok(Proposal::TimeLimit),
            Err(RecvTimeoutError::Disconnected) => stopped(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load_str;
    use std::fmt::Write as _;

    fn scenario(communes: usize, themes: usize, periods: usize) -> Scenario {
        let mut t = String::from("[territory]\nname = \"T\"\n[themes]\n");
        for i in 0..themes {
            let _ = writeln!(t, "t{i} = \"T{i}\"");
        }
        for i in 0..communes {
            let _ = writeln!(t, "[[commune]]\nid = \"c{i}\"\nname = \"C\"");
        }
        for p in 0..periods {
            let _ = writeln!(t, "[[period]]\nid = \"{}\"\ntotal = 1", 2026 + p);
        }
        load_str("t.toml", &t).scenario.unwrap()
    }

    #[test]
    fn figures_too_large_for_the_solver_are_refused_with_their_place() {
        for total in ["300000000", "50000000.1"] {
            let text = format!(
                "[territory]\nname = \"T\"\n[rules]\ncommune_min = 0.2\n[[commune]]\nid = \"a\"\nname = \"A\"\n[[period]]\nid = \"2026\"\ntotal = {total}\n"
            );
            let s = load_str("t.toml", &text).scenario.unwrap();
            let e = plan_within(&s, &[0], Objective::Closest, Options::default()).unwrap_err();
            assert_eq!(e.code, Some(codes::MODEL_SIZE), "{:?}", e.message);
            let span = e.span.unwrap();
            assert_eq!(&text[span], total);
        }
        // Just under: planned, exactly.
        let text = "[territory]\nname = \"T\"\n[rules]\ncommune_min = 0.2\n[[commune]]\nid = \"a\"\nname = \"A\"\n[[commune]]\nid = \"b\"\nname = \"B\"\n[[period]]\nid = \"2026\"\ntotal = 50000000\n";
        let s = load_str("t.toml", text).scenario.unwrap();
        let r = plan_within(&s, &[0], Objective::Closest, Options::default()).unwrap();
        assert!(matches!(r, Proposal::Planned(_)), "{r:?}");
        let r = plan_within(&s, &[0], Objective::Balance, Options::default());
        assert!(!matches!(r, Ok(Proposal::Failed(_))), "{r:?}");
    }

    #[test]
    fn plans_over_the_limit_are_refused_with_ctg007() {
        let s = scenario(5000, 64, 4);
        assert_eq!(estimate(&s, &[0, 1, 2]), 3 * 5000 * 66);
        assert!(check_size(&s, &[0, 1, 2]).is_ok());
        let e = check_size(&s, &[0, 1, 2, 3]).unwrap_err();
        assert_eq!(e.code, Some(codes::MODEL_SIZE));
        let said = e.message.render(crate::i18n::Lang::En);
        assert!(said.contains("--period"), "{said}");
        let dit = e.message.render(crate::i18n::Lang::Fr);
        assert!(
            dit.starts_with("le plan est trop grand\u{a0}: 4 périodes ×"),
            "{dit}"
        );
        // Refused before anything is built: at once, whatever the size.
        let huge = scenario(5000, 64, 100);
        let all: Vec<usize> = (0..100).collect();
        let started = std::time::Instant::now();
        let r = plan_within(&huge, &all, Objective::Closest, Options::default());
        assert!(matches!(r, Err(BuildError { code: Some(c), .. }) if c == codes::MODEL_SIZE));
        assert!(started.elapsed() < Duration::from_secs(1));
    }
}
