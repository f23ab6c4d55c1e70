//! Codes of the asks of `propose --set` (CTG130-CTG132): an ask that cannot
//! be read or names nothing in the scenario (exit 2), and an ask as a
//! constraint of the plan, which alternatives relax only when it is
//! negotiable. Reported by `crate::plan::ask` and `propose`, listed here so
//! that `ctgplan rules` and `ctgplan explain` cover them.

use super::input::reported_elsewhere;
use super::Rule;
use crate::diagnostic::Severity;
use crate::plan::ask;

pub static NOT_UNDERSTOOD: Rule = reported_elsewhere(
    ask::NOT_UNDERSTOOD,
    "ask-not-understood",
    Severity::Error,
    "An ask of `propose --set` cannot be read (PERIOD.ITEM=ETP, >=, <=, PERIOD.HOLDER.themes=...)",
    include_str!("ask/not_understood.md"),
);
pub static UNKNOWN: Rule = reported_elsewhere(
    ask::UNKNOWN,
    "ask-unknown",
    Severity::Error,
    "An ask of `propose --set` names a period, commune, carrier or theme the scenario lacks",
    include_str!("ask/unknown.md"),
);
pub static ASK: Rule = reported_elsewhere(
    ask::ASK,
    "ask",
    Severity::Error,
    "An ask of `propose --set`, as a constraint of the plan: relaxed only when negotiable",
    include_str!("ask/ask.md"),
);
