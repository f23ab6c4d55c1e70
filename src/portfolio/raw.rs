//! The portfolio file as written: serde types keeping the spans the rules
//! point at. Unknown keys are errors, as in a scenario.

use crate::number::RawNumber;
use crate::scenario::raw::{Num, RawYears, Str};
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

/// A ctgplan portfolio: the CTG conventions one Caf co-finances, and its
/// envelope of co-financed ETP and euros per year. See docs/scenario-format.md.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "ctgplan portfolio")]
pub struct RawPortfolio {
    /// Editors' JSON-schema hint; accepted and ignored.
    #[serde(rename = "$schema")]
    pub schema: Option<String>,
    /// The Caf and the scenario files it covers (required).
    #[schemars(with = "RawHead")]
    pub portfolio: Spanned<RawHead>,
    /// The envelope: per year (`"2026"`) or range of years (`"2027-2030"`),
    /// the co-financed ETP and/or euros the Caf can commit, each year.
    #[schemars(with = "Option<IndexMap<String, RawEnvelope>>")]
    pub envelope: Option<Spanned<IndexMap<Str, Spanned<RawEnvelope>>>>,
    /// Options for one covered file (it is covered even if `files` omits it).
    #[serde(default)]
    #[schemars(with = "Vec<RawEntry>")]
    pub territory: Vec<Spanned<RawEntry>>,
}

/// `[portfolio]`: the Caf and what it covers.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Portfolio")]
pub struct RawHead {
    /// The Caf, as the covered files name it in `[territory] caf` (required).
    #[schemars(with = "String")]
    pub caf: Str,
    /// A title, e.g. "Portefeuille CTG 2026-2030".
    #[schemars(with = "Option<String>")]
    pub label: Option<Str>,
    /// What the figures of this file assume (the envelope is often a working figure).
    #[schemars(with = "Option<String>")]
    pub assumption: Option<Str>,
    /// Scenario files or folders (searched for *.toml), relative to this file.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub files: Vec<Str>,
    /// Free text.
    #[schemars(with = "Option<String>")]
    pub note: Option<Str>,
}

/// One year (or range) of the envelope.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Envelope")]
pub struct RawEnvelope {
    /// Co-financed ETP of all territories together, each year.
    #[schemars(with = "Option<RawNumber>")]
    pub etp: Option<Num>,
    /// Euros the Caf pays for all territories together, each year.
    #[schemars(with = "Option<RawNumber>")]
    pub euros: Option<Num>,
    /// Free text (e.g. the board's vote).
    #[schemars(with = "Option<String>")]
    pub note: Option<Str>,
}

/// `[[territory]]`: options for one covered scenario file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "PortfolioTerritory")]
pub struct RawEntry {
    /// The scenario file, relative to this file (required).
    #[schemars(with = "String")]
    pub file: Str,
    /// Co-financed ETP the territory keeps at least, each year it is covered.
    #[schemars(with = "Option<RawNumber>")]
    pub floor: Option<Num>,
    /// Order of preference when the envelope is shared out (1 first); for planning.
    #[schemars(with = "Option<u32>")]
    pub priority: Option<Spanned<u32>>,
    /// Years of periods whose file gives none, `period_id = "2026-2030"`:
    /// an assumption of the portfolio, to be labelled in `note`.
    #[schemars(with = "Option<IndexMap<String, RawYears>>")]
    pub years: Option<Spanned<IndexMap<Str, Spanned<RawYears>>>>,
    /// Free text.
    #[schemars(with = "Option<String>")]
    pub note: Option<Str>,
}
