//! The rule catalogue. Each rule lives in its own module with its code, its
//! one-line summary, its explanation (a Markdown file next to it, printed by
//! `ctgplan explain CODE`) and its tests. Rules are pure functions of the
//! validated scenario: they push diagnostics and never print.

use crate::diagnostic::{self, Diagnostic, Severity};
use crate::i18n::Lang;
use crate::scenario::facts::Facts;
use crate::scenario::Scenario;

pub mod codes;
pub mod french;
pub use codes::Code;
pub mod ask;
pub mod import;
pub mod input;
pub mod portfolio;
pub mod variant;

pub(crate) mod args;
pub mod attendance;
pub mod caf_cap;
pub mod caf_ceiling;
pub mod commune_bounds;
pub mod confusable_id;
pub mod coverage;
pub mod duplicate_id;
pub mod duplicate_insee;
pub mod fixed_shares;
pub mod granularity;
pub mod invisible_in_id;
pub mod joint_action;
pub mod meeting_frequency;
pub mod meeting_reference;
pub mod meeting_regularity;
pub mod open_post;
pub mod period_order;
pub mod period_total;
pub mod pooled_coordinator_carrier;
pub mod pooled_post;
pub mod population_needed;
pub mod post_change;
pub mod steering_committee;
pub mod theme_minimum;
pub mod theme_split;
pub mod theme_total;
pub mod themes_unstated;
pub mod transition_limit;
pub mod unknown_reference;

/// What a rule sees: the model and the figures derived from it.
pub struct Context<'a> {
    pub scenario: &'a Scenario,
    pub facts: &'a Facts,
}

impl<'a> Context<'a> {
    pub fn new(scenario: &'a Scenario, facts: &'a Facts) -> Self {
        Context { scenario, facts }
    }
}

/// Input problems stop a file from being checked (exit code 2); scenario
/// rules are breaches of the catalogue (exit code 1 for errors).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    Input,
    Scenario,
    /// Rules on a Caf's portfolio (`rules::portfolio`), run on the portfolio
    /// and its covered files together, not on one scenario.
    Portfolio,
}

pub type CheckFn = fn(&Context, &mut Vec<Diagnostic>);

/// What `propose` can do about a rule's findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Planning {
    /// The planner does not model the rule: its errors survive any figures
    /// it may choose, so they block planning.
    None,
    /// The planner chooses figures that meet the rule in the periods it
    /// plans (and keeps them in line with fixed neighbours): an error that
    /// lies in a planned period is not blocking, unless it is structural.
    Figures,
}

pub struct Rule {
    pub code: Code,
    /// Kebab-case name, stable like the code.
    pub name: &'static str,
    pub family: Family,
    pub severity: Severity,
    pub summary: &'static str,
    /// Markdown: what it checks, why, an example, how to fix it.
    pub explanation: &'static str,
    /// `None` for input codes, which the loader reports.
    pub check: Option<CheckFn>,
    pub planning: Planning,
}

impl Rule {
    /// The one-line summary in `lang` (English when the French is missing,
    /// which `every_rule_speaks_both_languages` forbids).
    pub fn summary_in(&self, lang: Lang) -> &'static str {
        match (lang, french::of(self.name)) {
            (Lang::Fr, Some(fr)) => fr.summary,
            _ => self.summary,
        }
    }

    /// The explanation (Markdown) in `lang`.
    pub fn explanation_in(&self, lang: Lang) -> &'static str {
        match (lang, french::of(self.name)) {
            (Lang::Fr, Some(fr)) => fr.explanation,
            _ => self.explanation,
        }
    }
}

/// Every code the tool can emit, in code order.
pub fn all() -> &'static [&'static Rule] {
    static ALL: [&Rule; 62] = [
        &input::UNREADABLE,
        &input::TOML_SYNTAX,
        &input::SCHEMA,
        &input::NUMBER,
        &input::YEARS,
        &input::LIMIT,
        &input::MODEL_SIZE,
        &duplicate_id::RULE,
        &unknown_reference::RULE,
        &invisible_in_id::RULE,
        &confusable_id::RULE,
        &duplicate_insee::RULE,
        &pooled_coordinator_carrier::RULE,
        &granularity::RULE,
        &period_total::RULE,
        &theme_total::RULE,
        &caf_cap::RULE,
        &post_change::RULE,
        &theme_split::RULE,
        &themes_unstated::RULE,
        &theme_minimum::RULE,
        &commune_bounds::RULE,
        &pooled_post::RULE,
        &coverage::RULE,
        &open_post::RULE,
        &period_order::RULE,
        &transition_limit::RULE,
        &fixed_shares::RULE,
        &caf_ceiling::RULE,
        &population_needed::RULE,
        &meeting_frequency::RULE,
        &meeting_regularity::RULE,
        &steering_committee::RULE,
        &meeting_reference::RULE,
        &attendance::RULE,
        &joint_action::RULE,
        &portfolio::envelope_etp::RULE,
        &portfolio::envelope_euros::RULE,
        &portfolio::other_caf::RULE,
        &portfolio::caf_unstated::RULE,
        &portfolio::counted_twice::RULE,
        &portfolio::envelope_year_empty::RULE,
        &portfolio::year_outside_envelope::RULE,
        &portfolio::period_years::RULE,
        &portfolio::territory_floor::RULE,
        &portfolio::incomplete_sum::RULE,
        &import::UNREADABLE,
        &import::NO_TABLE,
        &import::PERIOD,
        &import::FIGURE,
        &import::THEME,
        &import::CARRIED_BY,
        &import::ROW,
        &import::NOTE,
        &ask::NOT_UNDERSTOOD,
        &ask::UNKNOWN,
        &ask::ASK,
        &variant::BASE,
        &variant::CHAIN,
        &variant::PATH,
        &variant::OVERRIDE,
        &variant::ASK,
    ];
    &ALL
}

/// Looks a rule up by code (case-insensitive) or by name.
pub fn find(key: &str) -> Option<&'static Rule> {
    all()
        .iter()
        .copied()
        .find(|r| r.code.as_str().eq_ignore_ascii_case(key) || r.name == key)
}

/// The rule of a code.
pub fn of(code: Code) -> Option<&'static Rule> {
    all().iter().copied().find(|r| r.code == code)
}

/// Whether a code (a [`Code`] or its text) reports unusable input rather
/// than a breach.
pub fn is_input_code(code: impl AsRef<str>) -> bool {
    find(code.as_ref()).is_some_and(|r| r.family == Family::Input)
}

/// Runs every scenario rule and returns the diagnostics in file order.
pub fn check(scenario: &Scenario) -> Vec<Diagnostic> {
    check_where(scenario, |_| true)
}

/// [`check`], keeping only the findings `keep` accepts. Sorting renders
/// every message, so what is dropped is dropped before (at 1,000 communes
/// `propose` keeps none of several hundred findings).
pub fn check_where(scenario: &Scenario, keep: impl Fn(&Diagnostic) -> bool) -> Vec<Diagnostic> {
    let facts = Facts::of(scenario);
    let ctx = Context::new(scenario, &facts);
    let mut out = Vec::new();
    for rule in all() {
        if let Some(check) = rule.check {
            check(&ctx, &mut out);
        }
    }
    out.retain(|d| keep(d));
    diagnostic::sort(&mut out);
    out
}

#[cfg(test)]
pub(crate) mod test_util {
    use super::*;
    use crate::scenario::load_str;

    /// Loads `text` (which must be valid input) and runs one rule on it.
    pub fn run(rule: &Rule, text: &str) -> Vec<Diagnostic> {
        let loaded = load_str("test.toml", text);
        assert!(
            loaded.diagnostics.is_empty(),
            "fixture does not load: {:?}",
            loaded.diagnostics
        );
        let scenario = loaded.scenario.expect("loaded");
        let facts = Facts::of(&scenario);
        let mut out = Vec::new();
        (rule.check.expect("scenario rule"))(&Context::new(&scenario, &facts), &mut out);
        for d in &out {
            assert_eq!(d.code, rule.code, "a rule reports under its own code");
        }
        out
    }

    /// Text under the primary label of a diagnostic.
    pub fn primary_text<'a>(text: &'a str, d: &Diagnostic) -> &'a str {
        let l = d.labels.iter().find(|l| l.primary).expect("primary label");
        &text[l.span.clone()]
    }

    pub const HEADER: &str = "[territory]\nname = \"Test\"\n";
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_documented() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for r in all() {
            assert!(codes.insert(r.code), "duplicate code {}", r.code);
            assert!(names.insert(r.name), "duplicate name {}", r.name);
            assert!(r.code.as_str().starts_with("CTG"), "{}", r.code);
            assert!(!r.summary.is_empty() && !r.summary.ends_with('.'));
            for section in ["## What it checks", "## Why", "## Example", "## How to fix"] {
                assert!(
                    r.explanation.contains(section),
                    "{} explanation lacks {section}",
                    r.code
                );
            }
            assert_eq!(
                r.check.is_none(),
                r.family != Family::Scenario,
                "{}",
                r.code
            );
        }
        let mut sorted: Vec<_> = all().iter().map(|r| r.code).collect();
        sorted.sort_unstable();
        assert_eq!(sorted, all().iter().map(|r| r.code).collect::<Vec<_>>());
    }

    /// Every rule speaks French and English: a summary and an explanation
    /// with the same sections in each language.
    #[test]
    fn every_rule_speaks_both_languages() {
        let mut missing = Vec::new();
        for r in all() {
            let Some(fr) = french::of(r.name) else {
                missing.push(r.name);
                continue;
            };
            assert!(
                !fr.summary.is_empty() && !fr.summary.ends_with('.'),
                "{}: French summary",
                r.code
            );
            for section in [
                "## Ce qui est vérifié",
                "## Pourquoi",
                "## Exemple",
                "## Correction",
            ] {
                assert!(
                    fr.explanation.contains(section),
                    "{} French explanation lacks {section}",
                    r.code
                );
            }
            assert!(
                !fr.explanation.contains("## What it checks"),
                "{}: the French explanation is English",
                r.code
            );
            assert_eq!(r.summary_in(Lang::Fr), fr.summary);
            assert_eq!(r.explanation_in(Lang::En), r.explanation);
        }
        assert!(
            missing.is_empty(),
            "rules without French (add them to src/rules/french.rs with a <rule>.fr.md): {missing:?}"
        );
    }

    /// Every code but the planner's has exactly one rule, and every rule's
    /// code is registered.
    #[test]
    fn every_code_has_its_rule() {
        for c in Code::ALL.iter().filter(|c| **c != Code::Planner) {
            let n = all().iter().filter(|r| r.code == *c).count();
            assert_eq!(n, 1, "{c} has {n} rules");
        }
        assert!(all().iter().all(|r| r.code != Code::Planner));
    }

    #[test]
    fn find_by_code_or_name() {
        assert_eq!(
            find("ctg030").map(|r| r.code),
            Some(crate::rules::Code::PeriodTotal)
        );
        assert_eq!(
            find("period-total").map(|r| r.code),
            Some(crate::rules::Code::PeriodTotal)
        );
        assert!(find("CTG999").is_none());
        assert!(is_input_code(Code::TomlSyntax));
        assert!(!is_input_code(Code::PeriodTotal));
    }
}
