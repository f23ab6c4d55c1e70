//! The scenario file as written: serde types that keep every span a rule may
//! point at. Unknown keys are errors (`deny_unknown_fields`) so that a typo
//! never passes silently. `model.rs` validates this into the checked model.

use crate::number::RawNumber;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

pub type Str = Spanned<String>;
pub type Num = Spanned<RawNumber>;

/// A ctgplan scenario: the cooperation officers (chargés de coopération, in
/// ETP) of one CTG territory, period by period. See docs/scenario-format.md.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "ctgplan scenario")]
pub struct RawScenario {
    /// Editors' JSON-schema hint; accepted and ignored.
    #[serde(rename = "$schema")]
    pub schema: Option<String>,
    /// The territory (required).
    #[schemars(with = "RawTerritory")]
    pub territory: Spanned<RawTerritory>,
    /// Parameters of the rules (all optional).
    #[serde(default)]
    #[schemars(with = "Option<RawRules>")]
    pub rules: Option<Spanned<RawRules>>,
    /// The themes, `id = "label"`. When omitted, the four AFAS themes apply
    /// (petite_enfance, enfance_jeunesse, parentalite, acces_droits); when
    /// given, it replaces them: declare every theme you use.
    #[schemars(with = "Option<IndexMap<String, String>>")]
    pub themes: Option<Spanned<IndexMap<Str, Str>>>,
    /// The communes of the territory.
    #[serde(default)]
    #[schemars(with = "Vec<RawCommune>")]
    pub commune: Vec<Spanned<RawCommune>>,
    /// Other holders of posts: the EPCI, an external operator...
    #[serde(default)]
    #[schemars(with = "Vec<RawCarrier>")]
    pub carrier: Vec<Spanned<RawCarrier>>,
    /// Staffing periods, in time order.
    #[serde(default)]
    #[schemars(with = "Vec<RawPeriod>")]
    pub period: Vec<Spanned<RawPeriod>>,
    /// Yearly costs and the Caf's part, for `ctgplan cost` (see docs/cost.md).
    #[schemars(with = "Option<RawFinancing>")]
    pub financing: Option<Spanned<RawFinancing>>,
    /// The convention's years and what the meeting log covers (docs/governance.md).
    #[schemars(with = "Option<RawGovernance>")]
    pub governance: Option<Spanned<RawGovernance>>,
    /// Governance instances: comité de pilotage, comité technique...
    #[serde(default)]
    #[schemars(with = "Vec<RawInstance>")]
    pub instance: Vec<Spanned<RawInstance>>,
    /// The log of meetings held.
    #[serde(default)]
    #[schemars(with = "Vec<RawMeeting>")]
    pub meeting: Vec<Spanned<RawMeeting>>,
}

/// `[territory]`: the CTG territory.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Territory")]
pub struct RawTerritory {
    /// The territory's name, e.g. "Vallée des Baux-Alpilles" (required).
    #[schemars(with = "String")]
    pub name: Str,
    /// The Caf, when the source names it.
    #[schemars(with = "Option<String>")]
    pub caf: Option<Str>,
    /// The intercommunality (EPCI).
    #[schemars(with = "Option<String>")]
    pub epci: Option<Str>,
    /// Free text.
    #[schemars(with = "Option<String>")]
    pub note: Option<Str>,
}

/// `[rules]`: parameters of the rules, all optional. Bounds are in ETP.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Rules")]
pub struct RawRules {
    /// Every ETP figure is a multiple of it (CTG020); default 0.1, must be > 0.
    #[schemars(with = "Option<RawNumber>")]
    pub step: Option<Num>,
    /// A commune that holds ETP holds at least this; one at 0 is exempt (CTG043).
    #[schemars(with = "Option<RawNumber>")]
    pub commune_min: Option<Num>,
    /// No commune holds more than this (CTG043).
    #[schemars(with = "Option<RawNumber>")]
    pub commune_max: Option<Num>,
    /// A commune's ETP moves by at most this between consecutive periods (CTG080).
    #[schemars(with = "Option<RawNumber>")]
    pub max_commune_move: Option<Num>,
    /// A theme total moves by at most this between consecutive periods (CTG080).
    #[schemars(with = "Option<RawNumber>")]
    pub max_theme_move: Option<Num>,
    /// Minimums per theme, `[rules.theme.THEME_ID]` (CTG042).
    #[serde(default)]
    #[schemars(with = "IndexMap<String, RawThemeRule>")]
    pub theme: IndexMap<Str, Spanned<RawThemeRule>>,
    /// Bounds per commune, `[rules.commune.COMMUNE_ID]` (CTG043).
    #[serde(default)]
    #[schemars(with = "IndexMap<String, RawCommuneRule>")]
    pub commune: IndexMap<Str, Spanned<RawCommuneRule>>,
}

/// `[rules.theme.THEME_ID]`: a theme's minimum, checked in every period that
/// gives theme totals (CTG042).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "ThemeRule")]
pub struct RawThemeRule {
    /// The theme's total is at least this (ETP).
    #[schemars(with = "Option<RawNumber>")]
    pub min_etp: Option<Num>,
    /// The theme's share of the theme totals (coordinator excluded) is at least
    /// this percentage, 0 to 100.
    #[schemars(with = "Option<RawNumber>")]
    pub min_percent: Option<Num>,
}

/// `[rules.commune.COMMUNE_ID]`: bounds for one commune (CTG043).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CommuneRule")]
pub struct RawCommuneRule {
    /// Replaces `commune_min`; applies even when the commune holds 0 ETP.
    #[schemars(with = "Option<RawNumber>")]
    pub min: Option<Num>,
    /// Replaces `commune_max`.
    #[schemars(with = "Option<RawNumber>")]
    pub max: Option<Num>,
}

/// `[[commune]]`: a commune of the territory.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Commune")]
pub struct RawCommune {
    /// Its id, used as a post key and in `pooled_with` (required), e.g. "saint-remy".
    #[schemars(with = "String")]
    pub id: Str,
    /// Its name (required).
    #[schemars(with = "String")]
    pub name: Str,
    /// INSEE code as a string, e.g. "13047" (not the postal code).
    #[schemars(with = "Option<String>")]
    pub insee: Option<Str>,
    /// Inhabitants, a whole number.
    #[schemars(with = "Option<u64>")]
    pub population: Option<Spanned<u64>>,
    /// Where the population comes from, and its year.
    #[schemars(with = "Option<String>")]
    pub population_source: Option<Str>,
    /// Theme ids its posts work on, in every period (a post can override).
    #[schemars(with = "Option<Vec<String>>")]
    pub themes: Option<Spanned<Vec<Str>>>,
    /// In every period, this commune has no post of its own: the post of
    /// this host commune covers it.
    #[schemars(with = "Option<String>")]
    pub pooled_with: Option<Str>,
    /// Free text.
    #[schemars(with = "Option<String>")]
    pub note: Option<Str>,
}

/// What a carrier is: `epci`, `operator` (an external operator) or `other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(inline)]
pub enum CarrierKind {
    Epci,
    Operator,
    Other,
}

/// `[[carrier]]`: a holder of posts that is not a commune.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Carrier")]
pub struct RawCarrier {
    /// Its id, shared with the communes' ids (required).
    #[schemars(with = "String")]
    pub id: Str,
    /// Its name (required).
    #[schemars(with = "String")]
    pub name: Str,
    /// `epci`, `operator` or `other` (required).
    #[schemars(with = "CarrierKind")]
    pub kind: Spanned<CarrierKind>,
    /// Theme ids its posts work on, in every period (a post can override).
    #[schemars(with = "Option<Vec<String>>")]
    pub themes: Option<Spanned<Vec<Str>>>,
    /// Free text.
    #[schemars(with = "Option<String>")]
    pub note: Option<Str>,
}

/// What a period is: `past`, `current`, `transitional` or `target`
/// (descriptive: no check reads it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(inline)]
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

/// `[[period]]`: one staffing scheme.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Period")]
pub struct RawPeriod {
    /// Its id (required), e.g. "2026", "2027-2030" or "cible".
    #[schemars(with = "String")]
    pub id: Str,
    /// `2026` or `"2027-2030"`; when omitted, read from an id such as "2026".
    #[schemars(with = "Option<RawYears>")]
    pub years: Option<Spanned<RawYears>>,
    /// `past`, `current`, `transitional` or `target` (descriptive).
    #[schemars(with = "Option<PeriodKind>")]
    pub kind: Option<Spanned<PeriodKind>>,
    /// The source's title for this scheme.
    #[schemars(with = "Option<String>")]
    pub label: Option<Str>,
    /// ETP the Caf co-finances; the total must not exceed it (CTG032).
    #[schemars(with = "Option<RawNumber>")]
    pub caf_total: Option<Num>,
    /// The period's total ETP, coordinator included (checked, CTG030).
    #[schemars(with = "Option<RawNumber>")]
    pub total: Option<Num>,
    /// The global coordinator, who covers the whole CTG rather than a theme.
    #[schemars(with = "Option<RawCoordinator>")]
    pub coordinator: Option<Spanned<RawCoordinator>>,
    /// Theme totals in ETP, `theme_id = figure`, coordinator excluded.
    #[schemars(with = "Option<IndexMap<String, RawNumber>>")]
    pub themes: Option<Spanned<IndexMap<Str, Num>>>,
    /// The posts, keyed by commune or carrier id.
    #[schemars(with = "Option<IndexMap<String, RawPost>>")]
    pub posts: Option<Spanned<IndexMap<Str, Spanned<RawPost>>>>,
    /// Rules for this period only, `[period.rules]`: each key given replaces
    /// the one of `[rules]` in this period (theme minimums, commune bounds,
    /// the move limits into this period).
    #[schemars(with = "Option<RawPeriodRules>")]
    pub rules: Option<Spanned<RawPeriodRules>>,
    /// `true`: `propose` never changes this period's figures, even when an
    /// ask (`--set`) touches the period (periods of kind `past` are locked
    /// whatever this says).
    #[serde(default)]
    pub locked: bool,
    /// Free text.
    #[schemars(with = "Option<String>")]
    pub note: Option<Str>,
}

/// `[period.rules]`: the rules of one period, overriding `[rules]` key by key
/// in that period (the step stays the file's).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "PeriodRules")]
pub struct RawPeriodRules {
    /// A commune that holds ETP holds at least this in this period (CTG043).
    #[schemars(with = "Option<RawNumber>")]
    pub commune_min: Option<Num>,
    /// No commune holds more than this in this period (CTG043).
    #[schemars(with = "Option<RawNumber>")]
    pub commune_max: Option<Num>,
    /// A commune's ETP moves by at most this from the previous period into this one (CTG080).
    #[schemars(with = "Option<RawNumber>")]
    pub max_commune_move: Option<Num>,
    /// A theme total moves by at most this from the previous period into this one (CTG080).
    #[schemars(with = "Option<RawNumber>")]
    pub max_theme_move: Option<Num>,
    /// Minimums per theme in this period; each key replaces `[rules.theme.ID]`'s (CTG042).
    #[serde(default)]
    #[schemars(with = "IndexMap<String, RawThemeRule>")]
    pub theme: IndexMap<Str, Spanned<RawThemeRule>>,
    /// Bounds per commune in this period; each key replaces `[rules.commune.ID]`'s (CTG043).
    #[serde(default)]
    #[schemars(with = "IndexMap<String, RawCommuneRule>")]
    pub commune: IndexMap<Str, Spanned<RawCommuneRule>>,
}

/// A period's `coordinator`: the chargé de coopération global.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Coordinator")]
pub struct RawCoordinator {
    /// The coordinator's ETP (required).
    #[schemars(with = "RawNumber")]
    pub etp: Num,
    /// Commune or carrier id of who carries the post.
    #[schemars(with = "Option<String>")]
    pub carrier: Option<Str>,
    /// `direct` or `externalised`.
    #[schemars(with = "Option<Mode>")]
    pub mode: Option<Spanned<Mode>>,
    /// Free text.
    #[schemars(with = "Option<String>")]
    pub note: Option<Str>,
}

/// A post's status: `filled` (the default), `vacant`, `never_filled` or
/// `to_be_negotiated`. CTG061 warns about each one that is not `filled`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(inline)]
pub enum Status {
    #[default]
    Filled,
    Vacant,
    NeverFilled,
    ToBeNegotiated,
}

/// How a post is held: `direct` or `externalised` (`externalized` is accepted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(inline)]
// The derive does not list serde aliases: say the accepted spelling here.
#[schemars(extend("enum" = ["direct", "externalised", "externalized"]))]
pub enum Mode {
    Direct,
    #[serde(alias = "externalized")]
    Externalised,
}

/// A post in a period, held by a commune or a carrier.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Post")]
pub struct RawPost {
    /// The post's ETP in this period.
    #[schemars(with = "Option<RawNumber>")]
    pub etp: Option<Num>,
    /// The move since the previous period (may be negative).
    #[schemars(with = "Option<RawNumber>")]
    pub change: Option<Num>,
    /// Theme ids, this period only; replaces the holder's `themes`.
    #[schemars(with = "Option<Vec<String>>")]
    pub themes: Option<Spanned<Vec<Str>>>,
    /// `filled` (default), `vacant`, `never_filled` or `to_be_negotiated`.
    #[schemars(with = "Option<Status>")]
    pub status: Option<Spanned<Status>>,
    /// `direct` or `externalised` (costed at `operator_cost_per_etp` by `ctgplan cost`).
    #[schemars(with = "Option<Mode>")]
    pub mode: Option<Spanned<Mode>>,
    /// This period only: this commune is covered by the host commune's post.
    #[schemars(with = "Option<String>")]
    pub pooled_with: Option<Str>,
    /// `true`: `propose` never changes this post's figure, even when an
    /// ask (`--set`) touches its period.
    #[serde(default)]
    pub locked: bool,
    /// Free text.
    #[schemars(with = "Option<String>")]
    pub note: Option<Str>,
}

/// `[financing]`: yearly costs and the Caf's part, in euros. The seeds hold no
/// euro figure, so every value here is an assumption the file must label.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Financing")]
pub struct RawFinancing {
    /// Where the figures come from.
    #[schemars(with = "Option<String>")]
    pub label: Option<Str>,
    /// What is assumed (the seeds hold no euro figure).
    #[schemars(with = "Option<String>")]
    pub assumption: Option<Str>,
    /// Euros per ETP per year for a post held directly (commune, EPCI).
    #[schemars(with = "Option<RawNumber>")]
    pub cost_per_etp: Option<Num>,
    /// Euros per ETP per year for a post entrusted to an external operator.
    #[schemars(with = "Option<RawNumber>")]
    pub operator_cost_per_etp: Option<Num>,
    /// Percent of a post's cost the Caf pays.
    #[schemars(with = "Option<RawNumber>")]
    pub caf_rate: Option<Num>,
    /// Euros per co-financed ETP per year the Caf pays (at most).
    #[schemars(with = "Option<RawNumber>")]
    pub caf_per_etp: Option<Num>,
    /// Euros per year the Caf pays at most for the whole scheme.
    #[schemars(with = "Option<RawNumber>")]
    pub caf_ceiling: Option<Num>,
    /// How communes share the cost of the externalised coordinator.
    #[schemars(with = "Option<SharingKey>")]
    pub coordinator_key: Option<Spanned<SharingKey>>,
    /// Percent per commune, for `coordinator_key = "fixed"`.
    #[schemars(with = "Option<IndexMap<String, RawNumber>>")]
    pub shares: Option<Spanned<IndexMap<Str, Num>>>,
    /// Percent per year by which the costs per ETP rise, from `base_year`
    /// (`ctgplan cost --years`); the Caf's amounts are not indexed.
    #[schemars(with = "Option<RawNumber>")]
    pub indexation: Option<Num>,
    /// The year the amounts are given for (default: the first year costed).
    #[schemars(with = "Option<i64>")]
    pub base_year: Option<Spanned<i64>>,
    /// Whether vacant and never-filled posts are costed (default: true, a
    /// post keeps its budget line).
    #[schemars(with = "Option<bool>")]
    pub cost_vacant_posts: Option<Spanned<bool>>,
    /// Amounts that differ in one period, by period id: any of
    /// `cost_per_etp`, `operator_cost_per_etp`, `caf_rate`, `caf_per_etp`,
    /// `caf_ceiling`; the others come from `[financing]`.
    #[schemars(with = "Option<IndexMap<String, RawPeriodFinancing>>")]
    pub by_period: Option<Spanned<IndexMap<Str, Spanned<RawPeriodFinancing>>>>,
    /// Free text.
    #[schemars(with = "Option<String>")]
    pub note: Option<Str>,
}

/// `[financing.by_period."2027-2030"]`: the amounts of one period.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "PeriodFinancing")]
pub struct RawPeriodFinancing {
    /// Euros per ETP per year for a post held directly.
    #[schemars(with = "Option<RawNumber>")]
    pub cost_per_etp: Option<Num>,
    /// Euros per ETP per year for a post entrusted to an external operator.
    #[schemars(with = "Option<RawNumber>")]
    pub operator_cost_per_etp: Option<Num>,
    /// Percent of a post's cost the Caf pays.
    #[schemars(with = "Option<RawNumber>")]
    pub caf_rate: Option<Num>,
    /// Euros per co-financed ETP per year the Caf pays (at most).
    #[schemars(with = "Option<RawNumber>")]
    pub caf_per_etp: Option<Num>,
    /// Euros per year the Caf pays at most for the whole scheme.
    #[schemars(with = "Option<RawNumber>")]
    pub caf_ceiling: Option<Num>,
    /// Free text.
    #[schemars(with = "Option<String>")]
    pub note: Option<Str>,
}

/// How communes share the cost of a shared post (the externalised coordinator):
/// `population`, `etp`, `equal` or `fixed` (with `[financing.shares]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(inline)]
pub enum SharingKey {
    Population,
    Etp,
    Equal,
    Fixed,
}

// ---- governance (docs/governance.md) ---------------------------------------

/// A TOML date (`2026-03-12`); a time of day, if written, is ignored.
pub type RawDate = Spanned<toml::value::Datetime>;

/// `[governance]`: the convention's years and what the meeting log covers.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Governance")]
pub struct RawGovernance {
    /// The convention's years, e.g. "2026-2030"; default: the periods' years.
    #[schemars(with = "Option<RawYears>")]
    pub years: Option<Spanned<RawYears>>,
    /// The log is complete from this date (default: 1 January of the year of
    /// the first meeting logged).
    #[schemars(with = "Option<String>")]
    pub log_from: Option<RawDate>,
    /// The log is complete up to this date (default: 31 December of the year
    /// of the last meeting logged); later years are not judged.
    #[schemars(with = "Option<String>")]
    pub log_until: Option<RawDate>,
    /// Who signs the CTG: "caf", commune and carrier ids. Default: the Caf,
    /// every commune and every carrier of kind `epci`.
    #[schemars(with = "Option<Vec<String>>")]
    pub signatories: Option<Spanned<Vec<Str>>>,
    /// The meeting log is an illustration, not a record.
    #[schemars(with = "Option<bool>")]
    pub example: Option<Spanned<bool>>,
    /// Free text.
    #[schemars(with = "Option<String>")]
    pub note: Option<Str>,
}

/// What an instance is, as the CTG annexes name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InstanceKind {
    /// Comité de pilotage (political; at least once a year).
    SteeringCommittee,
    /// Comité technique.
    TechnicalCommittee,
    /// Groupe projet / instance de coopération opérationnelle.
    ProjectGroup,
    /// Commission de travail (by theme or territory).
    WorkingCommission,
    /// Rencontre des chargés de coopération.
    OfficersMeeting,
    Other,
}

/// Who sits on an instance, by category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MemberCategory {
    /// Elected representatives of the signatories (décideurs et financeurs).
    PoliticalSignatories,
    /// Strategic representatives of the signatories (directors, services).
    StrategicRepresentatives,
    /// Cooperation officers, CTG resource persons, the Caf's officer.
    OperationalStaff,
    LocalActors,
    InstitutionalPartners,
    /// Operators and managers of services.
    Operators,
    Inhabitants,
}

/// `[[instance]]`: one governance instance and the rhythm it must keep.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Instance")]
pub struct RawInstance {
    /// Its id, used by `[[meeting]]` entries (required).
    #[schemars(with = "String")]
    pub id: Str,
    /// Its name (required).
    #[schemars(with = "String")]
    pub name: Str,
    /// Required.
    #[schemars(with = "InstanceKind")]
    pub kind: Spanned<InstanceKind>,
    /// Who sits on it, by category.
    #[schemars(with = "Option<Vec<MemberCategory>>")]
    pub categories: Option<Spanned<Vec<Spanned<MemberCategory>>>>,
    /// Named members: "caf", commune or carrier ids, or other names.
    #[schemars(with = "Option<Vec<String>>")]
    pub members: Option<Spanned<Vec<Str>>>,
    /// Meetings a year at least (CTG100).
    #[schemars(with = "Option<u32>")]
    pub min_per_year: Option<Spanned<u32>>,
    /// Meetings a year at most (CTG100).
    #[schemars(with = "Option<u32>")]
    pub max_per_year: Option<Spanned<u32>>,
    /// Longest allowed gap in days (CTG101); default 730 / min_per_year.
    #[schemars(with = "Option<u32>")]
    pub max_gap_days: Option<Spanned<u32>>,
    /// The rhythm as the source words it (free text).
    #[schemars(with = "Option<String>")]
    pub rhythm: Option<Str>,
    /// Free text.
    #[schemars(with = "Option<String>")]
    pub note: Option<Str>,
}

/// `invited = 12` or `invited = ["caf", "mouries"]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawAttendance {
    Count(i64),
    Names(Vec<String>),
}

impl<'de> Deserialize<'de> for RawAttendance {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawAttendance;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number of people such as 12 or a list of names")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<RawAttendance, E> {
                Ok(RawAttendance::Count(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<RawAttendance, E> {
                Ok(RawAttendance::Count(i64::try_from(v).unwrap_or(i64::MAX)))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<RawAttendance, A::Error> {
                let mut names = Vec::new();
                while let Some(n) = seq.next_element::<String>()? {
                    names.push(n);
                }
                Ok(RawAttendance::Names(names))
            }
        }
        d.deserialize_any(V)
    }
}

// The JSON schema of `RawAttendance`; its doc comment is what editors show.
/// A number of people such as 12, or a list of names.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum AttendanceSchema {
    Count(u32),
    Names(Vec<String>),
}

/// What kind of document a meeting produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// A territorial or thematic diagnosis.
    Diagnostic,
    /// A monitoring, observation or evaluation tool (tableau de bord...).
    MonitoringTool,
    Evaluation,
    ActivityReport,
    Other,
}

/// The contractual schemes a joint action can link.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Scheme {
    /// Convention territoriale globale.
    Ctg,
    /// Service public de la petite enfance.
    Sppe,
    /// Contrat local de santé.
    Cls,
    /// Schéma départemental des services aux familles.
    Sdsf,
}

/// A document a meeting produced or adopted.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Document")]
pub struct RawDocument {
    #[schemars(with = "DocumentKind")]
    pub kind: Spanned<DocumentKind>,
    #[schemars(with = "String")]
    pub title: Str,
    #[schemars(with = "Option<String>")]
    pub note: Option<Str>,
}

/// An action carried jointly by two schemes or more.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "JointAction")]
pub struct RawJointAction {
    #[schemars(with = "String")]
    pub title: Str,
    /// At least two distinct schemes (CTG105).
    #[schemars(with = "Vec<Scheme>")]
    pub schemes: Spanned<Vec<Spanned<Scheme>>>,
    #[schemars(with = "Option<String>")]
    pub note: Option<Str>,
}

/// `[[meeting]]`: one meeting held, in the log.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Meeting")]
pub struct RawMeeting {
    /// A TOML date, e.g. 2026-03-12 (required).
    #[schemars(with = "String")]
    pub date: RawDate,
    /// The id of an `[[instance]]` (required).
    #[schemars(with = "String")]
    pub instance: Str,
    /// How many were invited, or who.
    #[schemars(with = "Option<AttendanceSchema>")]
    pub invited: Option<Spanned<RawAttendance>>,
    /// How many were present, or who.
    #[schemars(with = "Option<AttendanceSchema>")]
    pub present: Option<Spanned<RawAttendance>>,
    /// Documents produced: diagnostics, monitoring tools...
    #[serde(default)]
    #[schemars(with = "Vec<RawDocument>")]
    pub documents: Vec<Spanned<RawDocument>>,
    /// Actions carried jointly by several schemes (CTG, SPPE, CLS, SDSF).
    #[serde(default)]
    #[schemars(with = "Vec<RawJointAction>")]
    pub joint_actions: Vec<Spanned<RawJointAction>>,
    /// Free text.
    #[schemars(with = "Option<String>")]
    pub note: Option<Str>,
}
