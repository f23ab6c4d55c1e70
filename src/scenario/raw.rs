//! The scenario file as written: serde types that keep every span a rule may
//! point at. Unknown keys are errors (`deny_unknown_fields`) so that a typo
//! never passes silently. `model.rs` validates this into the checked model.

use crate::number::RawNumber;
use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

pub type Str = Spanned<String>;
pub type Num = Spanned<RawNumber>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    /// Editors' JSON-schema hint; accepted and ignored.
    #[serde(rename = "$schema")]
    pub schema: Option<String>,
    pub territory: Spanned<RawTerritory>,
    #[serde(default)]
    pub rules: Option<Spanned<RawRules>>,
    pub themes: Option<Spanned<IndexMap<Str, Str>>>,
    #[serde(default)]
    pub commune: Vec<Spanned<RawCommune>>,
    #[serde(default)]
    pub carrier: Vec<Spanned<RawCarrier>>,
    #[serde(default)]
    pub period: Vec<Spanned<RawPeriod>>,
    pub financing: Option<Spanned<RawFinancing>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTerritory {
    pub name: Str,
    pub caf: Option<Str>,
    pub epci: Option<Str>,
    pub note: Option<Str>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRules {
    pub step: Option<Num>,
    pub commune_min: Option<Num>,
    pub commune_max: Option<Num>,
    pub max_commune_move: Option<Num>,
    pub max_theme_move: Option<Num>,
    #[serde(default)]
    pub theme: IndexMap<Str, Spanned<RawThemeRule>>,
    #[serde(default)]
    pub commune: IndexMap<Str, Spanned<RawCommuneRule>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawThemeRule {
    pub min_etp: Option<Num>,
    pub min_percent: Option<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCommuneRule {
    pub min: Option<Num>,
    pub max: Option<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCommune {
    pub id: Str,
    pub name: Str,
    pub insee: Option<Str>,
    pub population: Option<Spanned<u64>>,
    pub population_source: Option<Str>,
    pub themes: Option<Spanned<Vec<Str>>>,
    pub pooled_with: Option<Str>,
    pub note: Option<Str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CarrierKind {
    Epci,
    Operator,
    Other,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCarrier {
    pub id: Str,
    pub name: Str,
    pub kind: Spanned<CarrierKind>,
    pub themes: Option<Spanned<Vec<Str>>>,
    pub note: Option<Str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Past,
    Current,
    Transitional,
    Target,
}

/// `years = 2026` or `years = "2027-2030"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawYears {
    Int(i64),
    Text(String),
}

impl<'de> Deserialize<'de> for RawYears {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = RawYears;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a year such as 2026 or a range such as \"2027-2030\"")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<RawYears, E> {
                Ok(RawYears::Int(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<RawYears, E> {
                Ok(RawYears::Int(i64::try_from(v).unwrap_or(i64::MAX)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawYears, E> {
                Ok(RawYears::Text(v.to_owned()))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPeriod {
    pub id: Str,
    pub years: Option<Spanned<RawYears>>,
    pub kind: Option<Spanned<PeriodKind>>,
    pub label: Option<Str>,
    pub caf_total: Option<Num>,
    pub total: Option<Num>,
    pub coordinator: Option<Spanned<RawCoordinator>>,
    pub themes: Option<Spanned<IndexMap<Str, Num>>>,
    pub posts: Option<Spanned<IndexMap<Str, Spanned<RawPost>>>>,
    pub note: Option<Str>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCoordinator {
    pub etp: Num,
    pub carrier: Option<Str>,
    pub mode: Option<Spanned<Mode>>,
    pub note: Option<Str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Filled,
    Vacant,
    NeverFilled,
    ToBeNegotiated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Direct,
    #[serde(alias = "externalized")]
    Externalised,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPost {
    pub etp: Option<Num>,
    pub change: Option<Num>,
    pub themes: Option<Spanned<Vec<Str>>>,
    pub status: Option<Spanned<Status>>,
    pub mode: Option<Spanned<Mode>>,
    pub pooled_with: Option<Str>,
    pub note: Option<Str>,
}

/// `[financing]`: yearly costs and the Caf's part, in euros. The seeds hold no
/// euro figure, so every value here is an assumption the file must label.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFinancing {
    pub label: Option<Str>,
    pub assumption: Option<Str>,
    /// Euros per ETP per year for a post held directly (commune, EPCI).
    pub cost_per_etp: Option<Num>,
    /// Euros per ETP per year for a post entrusted to an external operator.
    pub operator_cost_per_etp: Option<Num>,
    /// Percent of a post's cost the Caf pays.
    pub caf_rate: Option<Num>,
    /// Euros per co-financed ETP per year the Caf pays (at most).
    pub caf_per_etp: Option<Num>,
    /// Euros per year the Caf pays at most for the whole scheme.
    pub caf_ceiling: Option<Num>,
    pub coordinator_key: Option<Spanned<SharingKey>>,
    /// Percent per commune, for `coordinator_key = "fixed"`.
    pub shares: Option<Spanned<IndexMap<Str, Num>>>,
    pub note: Option<Str>,
}

/// How communes share the cost of a shared post (the externalised coordinator).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SharingKey {
    Population,
    Etp,
    Equal,
    Fixed,
}
