//! CTG112 other-caf: every covered file belongs to the portfolio's Caf.

use super::super::{Family, Rule};
use super::{same_caf, Context};
use crate::diagnostic::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::OtherCaf,
    name: "other-caf",
    family: Family::Portfolio,
    severity: Severity::Error,
    summary: "A covered file names another Caf than the portfolio's",
    explanation: include_str!("other_caf.md"),
    check: None,
    planning: super::super::Planning::None,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let caf = &ctx.portfolio.caf;
    for c in ctx.covered {
        let Some(theirs) = &c.scenario.territory.caf else {
            continue;
        };
        if same_caf(theirs, &caf.id) {
            continue;
        }
        out.push(
            Diagnostic::error(
                RULE.code,
                format!("{} belongs to {theirs}, not to {}", c.file, caf.id),
            )
            .primary(
                c.origin.clone(),
                format!("covers {}", c.scenario.territory.name),
            )
            .secondary(caf.span.clone(), "the portfolio's Caf")
            .help(format!(
                "remove {} from this portfolio, or correct `caf` in its `[territory]`",
                c.file
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::portfolio::test_util::{run, territory};

    #[test]
    fn another_caf_is_an_error_a_spelling_is_not() {
        let p = "[portfolio]\ncaf = \"Caf des Bouches-du-Rhône\"\n";
        let var = territory("A", Some("Caf du Var"), "2026", "");
        let same = territory("B", Some("CAF des Bouches du Rhône"), "2026", "");
        let none = territory("C", None, "2026", "");
        let d = run(
            &RULE,
            p,
            &[("a.toml", &var), ("b.toml", &same), ("c.toml", &none)],
            &[],
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0]
            .message
            .render(crate::i18n::Lang::En)
            .contains("Caf du Var"));
    }
}
