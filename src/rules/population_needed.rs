//! CTG092 population-needed: when communes share by population, every
//! commune states its population.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::lp::BuildError;
use crate::scenario::{Commune, SharingKey};

pub static RULE: Rule = Rule {
    code: Code::PopulationNeeded,
    name: "population-needed",
    family: Family::Scenario,
    severity: Severity::Error,
    summary: "Communes share by population but a commune has no population",
    explanation: include_str!("population_needed.md"),
    check: Some(check),
    planning: Planning::None,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let s = ctx.scenario;
    let Some((SharingKey::Population, key)) =
        s.financing.as_ref().and_then(|f| f.coordinator_key.clone())
    else {
        return;
    };
    let mut total = 0u64;
    for c in &s.communes {
        match c.population {
            Some(p) => total = total.saturating_add(p),
            None => out.push(
                Diagnostic::error(
                    RULE.code,
                    format!(
                        "{} has no population, and communes share by population",
                        c.id.id
                    ),
                )
                .primary(c.id.span.clone(), "no `population` for this commune")
                .holder(&c.id.id)
                .secondary(key.clone(), "shared by population")
                .help("add `population = …` (the legal population, with `population_source`)"),
            ),
        }
    }
    if total == 0 && !s.communes.is_empty() && s.communes.iter().all(|c| c.population.is_some()) {
        out.push(
            Diagnostic::error(
                RULE.code,
                "the populations add up to 0: nothing to share by",
            )
            .primary(key, "shared by population")
            .help("give the communes' legal populations, or choose another key"),
        );
    }
}

/// A commune's population, which the planner's balance objective needs:
/// this rule's error when the commune states none.
pub fn required(c: &Commune) -> Result<u64, BuildError> {
    c.population.ok_or_else(|| BuildError {
        code: Some(RULE.code),
        message: format!(
            "the balance objective needs populations: {} has none",
            c.id.id
        ),
        span: Some(c.span.clone()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{primary_text, run, HEADER};

    fn text(pop_a: &str, key: &str) -> String {
        format!("{HEADER}[[commune]]\nid = \"a\"\nname = \"A\"\n{pop_a}[[commune]]\nid = \"b\"\nname = \"B\"\npopulation = 264\n[financing]\ncoordinator_key = \"{key}\"\n")
    }

    #[test]
    fn every_commune_needs_a_population() {
        let t = text("", "population");
        let d = run(&RULE, &t);
        assert_eq!(d.len(), 1);
        assert_eq!(primary_text(&t, &d[0]), "\"a\"");
        assert!(run(&RULE, &text("population = 1533\n", "population")).is_empty());
        assert!(run(&RULE, &text("", "equal")).is_empty());
    }

    #[test]
    fn populations_of_zero_give_nothing_to_share_by() {
        let t = text("population = 0\n", "population").replace("264", "0");
        let d = run(&RULE, &t);
        assert_eq!(d.len(), 1);
        assert_eq!(primary_text(&t, &d[0]), "\"population\"");
    }
}
