//! CTG092 population-needed: when communes share by population, every
//! commune states its population.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::Text;
use crate::lp::BuildError;
use crate::scenario::{Commune, SharingKey};

crate::msgs! {
    NO_POPULATION = "ctg092.no_population",
        fr: "{commune} n'a pas de population, alors que les communes partagent selon la population",
        en: "{commune} has no population, and communes share by population";
    NO_POPULATION_LABEL = "ctg092.no_population.label",
        fr: "pas de `population` pour cette commune",
        en: "no `population` for this commune";
    BY_POPULATION = "ctg092.by_population", fr: "partage selon la population", en: "shared by population";
    ADD = "ctg092.add",
        fr: "ajoutez `population = …` (la population légale, avec `population_source`)",
        en: "add `population = …` (the legal population, with `population_source`)";
    ZERO = "ctg092.zero",
        fr: "les populations totalisent 0\u{a0}: rien à partager",
        en: "the populations add up to 0: nothing to share by";
    BALANCE_NEEDS = "ctg092.balance_needs",
        fr: "l'objectif d'équilibre a besoin des populations\u{a0}: {commune} n'en a pas",
        en: "the balance objective needs populations: {commune} has none";
    ZERO_HELP = "ctg092.zero.help",
        fr: "indiquez les populations légales des communes, ou choisissez une autre clé",
        en: "give the communes' legal populations, or choose another key";
}

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
                    Text::new(&NO_POPULATION).arg("commune", super::args::subject(s, &c.id.id)),
                )
                .primary(c.id.span.clone(), &NO_POPULATION_LABEL)
                .holder(&c.id.id)
                .secondary(key.clone(), &BY_POPULATION)
                .help(&ADD),
            ),
        }
    }
    if total == 0 && !s.communes.is_empty() && s.communes.iter().all(|c| c.population.is_some()) {
        out.push(
            Diagnostic::error(RULE.code, &ZERO)
                .primary(key, &BY_POPULATION)
                .help(&ZERO_HELP),
        );
    }
}

/// A commune's population, which the planner's balance objective needs:
/// this rule's error when the commune states none.
pub fn required(c: &Commune) -> Result<u64, BuildError> {
    c.population.ok_or_else(|| BuildError {
        code: Some(RULE.code),
        message: Text::new(&BALANCE_NEEDS)
            .arg("commune", crate::i18n::Arg::subject(&c.id.id, &c.name)),
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
