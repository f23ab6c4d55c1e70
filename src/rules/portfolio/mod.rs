//! Rules on a Caf's portfolio (CTG110-CTG119): the covered files together
//! against the Caf's envelope. Each covered file is checked by the scenario
//! rules as it stands (in its own report); these rules see what only the
//! portfolio can: the sums across territories, the Caf's name, duplicates
//! and the years. Like every rule, they push diagnostics and never print;
//! their labels point into the portfolio file.

use crate::diagnostic::{self, Diagnostic, Span};
use crate::portfolio::summary::{Covered, Summary};
use crate::portfolio::Portfolio;
use std::path::PathBuf;

pub mod caf_unstated;
pub mod counted_twice;
pub mod envelope_etp;
pub mod envelope_euros;
pub mod envelope_year_empty;
pub mod incomplete_sum;
pub mod other_caf;
pub mod period_years;
pub mod territory_floor;
pub mod year_outside_envelope;

/// What a portfolio rule sees.
pub struct Context<'a> {
    pub portfolio: &'a Portfolio,
    /// The covered files that loaded.
    pub covered: &'a [Covered],
    pub summary: &'a Summary,
    /// Files named twice: (where, first naming, path).
    pub repeated: &'a [(Span, Span, PathBuf)],
    /// Covered files that could not be loaded: (file, where named).
    pub unusable: &'a [(String, Span)],
    /// How many named files were not found (CTG001 already says which): the
    /// sums leave them out, so rules about what is absent stay silent.
    pub missing: usize,
}

pub type CheckFn = fn(&Context, &mut Vec<Diagnostic>);

/// The portfolio rules with their checks, in code order.
pub fn all() -> [(&'static super::Rule, CheckFn); 10] {
    [
        (&envelope_etp::RULE, envelope_etp::check),
        (&envelope_euros::RULE, envelope_euros::check),
        (&other_caf::RULE, other_caf::check),
        (&caf_unstated::RULE, caf_unstated::check),
        (&counted_twice::RULE, counted_twice::check),
        (&envelope_year_empty::RULE, envelope_year_empty::check),
        (&year_outside_envelope::RULE, year_outside_envelope::check),
        (&period_years::RULE, period_years::check),
        (&territory_floor::RULE, territory_floor::check),
        (&incomplete_sum::RULE, incomplete_sum::check),
    ]
}

/// Runs every portfolio rule; diagnostics in file order.
pub fn check(ctx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (_, check) in all() {
        check(ctx, &mut out);
    }
    diagnostic::sort(&mut out);
    out
}

/// Years as people write them: `2026, 2028-2030`.
pub fn years_text(years: &[i32]) -> String {
    let mut sorted = years.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(&first) = sorted.get(i) {
        let mut last = first;
        while sorted.get(i + 1) == Some(&(last + 1)) {
            last += 1;
            i += 1;
        }
        parts.push(if first == last {
            first.to_string()
        } else {
            format!("{first}-{last}")
        });
        i += 1;
    }
    parts.join(", ")
}

/// A Caf's name compared loosely: case, spaces and hyphens aside
/// ("CAF des Bouches du Rhône" is "Caf des Bouches-du-Rhône").
pub fn same_caf(a: &str, b: &str) -> bool {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '\'' && *c != '’')
            .flat_map(char::to_lowercase)
            .collect()
    };
    key(a) == key(b)
}

#[cfg(test)]
pub(crate) mod test_util {
    use super::*;
    use crate::portfolio::load::{load_str, Resolution};
    use crate::portfolio::summary::summarise;

    /// A portfolio over in-memory scenario texts (covered in order, without
    /// `[[territory]]` options unless `entries` maps them), checked by one rule.
    pub fn run(
        rule: &super::super::Rule,
        portfolio: &str,
        files: &[(&str, &str)],
        entries: &[Option<usize>],
    ) -> Vec<Diagnostic> {
        let l = load_str("caf.toml", portfolio);
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        let p = l.portfolio.expect("portfolio");
        let covered: Vec<Covered> = files
            .iter()
            .enumerate()
            .map(|(i, (name, text))| {
                let s = crate::scenario::load_str(name, text);
                assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
                Covered::new(
                    (*name).to_owned(),
                    0..0,
                    entries.get(i).copied().flatten(),
                    s.scenario.expect("scenario"),
                )
            })
            .collect();
        let summary = summarise(&p, &covered);
        let res = Resolution::default();
        let ctx = Context {
            portfolio: &p,
            covered: &covered,
            summary: &summary,
            repeated: &res.repeated,
            unusable: &[],
            missing: 0,
        };
        let (_, check) = all()
            .into_iter()
            .find(|(r, _)| r.code == rule.code)
            .expect("a portfolio rule");
        let mut out = Vec::new();
        check(&ctx, &mut out);
        for d in &out {
            assert_eq!(d.code, rule.code, "a rule reports under its own code");
        }
        out
    }

    /// A one-period territory.
    pub fn territory(name: &str, caf: Option<&str>, period: &str, extra: &str) -> String {
        let caf = caf.map(|c| format!("caf = \"{c}\"\n")).unwrap_or_default();
        format!("[territory]\nname = \"{name}\"\n{caf}[[period]]\nid = \"{period}\"\n{extra}")
    }

    /// A portfolio of the Caf "C" whose only envelope is `eur` euros in 2026.
    pub fn euro_envelope(eur: &str) -> String {
        format!("[portfolio]\ncaf = \"C\"\n[envelope]\n\"2026\" = {{ euros = {eur} }}\n")
    }

    /// Territory "A" of the Caf "C": 1 ETP at 50,000 € in 2026, the Caf
    /// paying half, so 25,000 € for the Caf.
    pub fn paid_half() -> String {
        territory(
            "A",
            Some("C"),
            "2026",
            "posts.x = { etp = 1 }\n[[commune]]\nid = \"x\"\nname = \"X\"\n[financing]\ncost_per_etp = 50000\ncaf_rate = 50\n",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_written_as_ranges() {
        assert_eq!(
            years_text(&[2030, 2026, 2027, 2028, 2026]),
            "2026-2028, 2030"
        );
        assert_eq!(years_text(&[]), "");
    }

    #[test]
    fn caf_names_compare_loosely() {
        assert!(same_caf(
            "Caf des Bouches-du-Rhône",
            "CAF des Bouches du Rhône"
        ));
        assert!(!same_caf("Caf des Bouches-du-Rhône", "Caf du Var"));
    }
}
