//! CTG115 envelope-year-empty: a year of the envelope has no convention.

use super::super::{Family, Rule};
use super::{years_text, Context};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Text};

crate::msgs! {
    EMPTY = "ctg115.empty",
        fr: "l'enveloppe couvre {years} mais aucune convention couverte ne court alors",
        en: "the envelope covers {years} but no covered convention runs then";
    LABEL = "ctg115.label",
        fr: "aucune convention certaines de ces années",
        en: "no convention in some of these years";
    HELP = "ctg115.help",
        fr: "ajoutez le scénario de la convention renouvelée pour ces années, ou raccourcissez l'enveloppe",
        en: "add the scenario of the convention renewed for those years, or shorten the envelope";
}

pub static RULE: Rule = Rule {
    code: crate::code::Code::EnvelopeYearEmpty,
    name: "envelope-year-empty",
    family: Family::Portfolio,
    severity: Severity::Warning,
    summary: "A year of the envelope has no covered convention",
    explanation: include_str!("envelope_year_empty.md"),
    check: None,
    planning: super::super::Planning::None,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (i, env) in ctx.portfolio.envelope.iter().enumerate() {
        let empty: Vec<i32> = ctx
            .summary
            .years
            .iter()
            .filter(|y| y.envelope == Some(i) && y.rows.is_empty())
            .map(|y| y.year)
            .collect();
        if empty.is_empty() {
            continue;
        }
        out.push(
            Diagnostic::warning(
                RULE.code,
                Text::new(&EMPTY).arg("years", Arg::raw(years_text(&empty))),
            )
            .primary(env.years.span(), &LABEL)
            .help(&HELP),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::portfolio::test_util::{run, territory};

    #[test]
    fn envelope_years_without_a_convention() {
        let p = "[portfolio]\ncaf = \"C\"\n[envelope]\n\"2026-2031\" = { etp = 5 }\n";
        let a = territory("A", Some("C"), "2026-2030", "total = 1\n");
        let d = run(&RULE, p, &[("a.toml", &a)], &[]);
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message
                .render(crate::i18n::Lang::En)
                .contains("covers 2031 "),
            "{}",
            d[0].message.render(crate::i18n::Lang::En)
        );
        let a = territory("A", Some("C"), "2026-2031", "total = 1\n");
        assert!(run(&RULE, p, &[("a.toml", &a)], &[]).is_empty());
    }
}
