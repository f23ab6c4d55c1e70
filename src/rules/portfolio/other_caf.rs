//! CTG112 other-caf: every covered file belongs to the portfolio's Caf.

use super::super::{Family, Rule};
use super::{same_caf, Context};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Text};

crate::msgs! {
    OTHER = "ctg112.other",
        fr: "{file} relève de {theirs}, et non de {caf}",
        en: "{file} belongs to {theirs}, not to {caf}";
    COVERS = "ctg112.covers", fr: "couvre {territory}", en: "covers {territory}";
    PORTFOLIO_CAF = "ctg112.portfolio_caf", fr: "la Caf du portefeuille", en: "the portfolio's Caf";
    HELP = "ctg112.help",
        fr: "retirez {file} de ce portefeuille, ou corrigez `caf` dans son `[territory]`",
        en: "remove {file} from this portfolio, or correct `caf` in its `[territory]`";
}

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
                Text::new(&OTHER)
                    .arg("file", Arg::raw(c.file.to_string()))
                    .arg("theirs", Arg::raw(theirs.to_string()))
                    .arg("caf", Arg::raw(caf.id.to_string())),
            )
            .primary(
                c.origin.clone(),
                Text::new(&COVERS)
                    .arg("territory", Arg::raw(c.scenario.territory.name.to_string())),
            )
            .secondary(caf.span.clone(), &PORTFOLIO_CAF)
            .help(Text::new(&HELP).arg("file", Arg::raw(c.file.to_string()))),
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
