//! Governance of a CTG: its instances (comité de pilotage, comité technique,
//! groupe projet, commissions de travail, rencontres des chargés de
//! coopération), the rhythm each must keep, and the log of meetings held.
//! The rules CTG100-CTG105 check the log; [`indicators`] computes the
//! quantitative indicators of action sheet 17 (seed 002) from it.
//! docs/governance.md describes the format.

pub mod calendar;
pub mod indicators;
// The data and its loader live with the scenario (no import back from
// `scenario` to `governance`); re-exported here under their usual paths.
pub use crate::scenario::governance::{date, load, model};

pub use date::Date;
pub use indicators::{indicators, Indicators};
pub use model::*;

/// The signatories of the CTG: those declared, else the Caf (`"caf"`), every
/// commune and every carrier of kind `epci`.
pub fn signatories(s: &crate::scenario::Scenario, g: &Governance) -> Vec<String> {
    match &g.signatories {
        Some(list) => list.items.iter().map(|i| i.id.clone()).collect(),
        None => std::iter::once("caf".to_owned())
            .chain(s.communes.iter().map(|c| c.id.id.clone()))
            .chain(
                s.carriers
                    .iter()
                    .filter(|c| c.kind == crate::scenario::CarrierKind::Epci)
                    .map(|c| c.id.id.clone()),
            )
            .collect(),
    }
}
