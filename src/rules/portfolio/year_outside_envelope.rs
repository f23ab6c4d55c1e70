//! CTG116 year-outside-envelope: a convention year the envelope does not cover.

use super::super::{Family, Rule};
use super::{years_text, Context};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Text};
use crate::scenario::PeriodKind;

crate::msgs! {
    OUTSIDE = "ctg116.outside",
        fr: "{file} court en {years}, que l'enveloppe ne couvre pas",
        en: "{file} runs in {years}, which the envelope does not cover";
    COVERS = "ctg116.covers", fr: "couvre {territory}", en: "covers {territory}";
    ENVELOPE = "ctg116.envelope", fr: "l'enveloppe", en: "the envelope";
    HELP = "ctg116.help",
        fr: "ajoutez {years} à l'enveloppe, ou marquez la période `kind = \"past\"` si elle est terminée",
        en: "add {years} to the envelope, or mark the period `kind = \"past\"` if it is over";
}

pub static RULE: Rule = Rule {
    code: crate::code::Code::YearOutsideEnvelope,
    name: "year-outside-envelope",
    family: Family::Portfolio,
    severity: Severity::Warning,
    summary: "A covered convention runs in a year the envelope does not cover",
    explanation: include_str!("year_outside_envelope.md"),
    check: None,
    planning: super::super::Planning::None,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(env_span) = &ctx.portfolio.envelope_span else {
        return;
    };
    for (t, c) in ctx.covered.iter().enumerate() {
        let outside: Vec<i32> = ctx
            .summary
            .years
            .iter()
            .filter(|y| y.envelope.is_none())
            .filter(|y| {
                y.rows.iter().any(|r| {
                    r.territory == t
                        // Past periods are spent: the envelope is about what is to come.
                        && c.scenario.periods.get(r.period).and_then(|p| p.kind)
                            != Some(PeriodKind::Past)
                })
            })
            .map(|y| y.year)
            .collect();
        if outside.is_empty() {
            continue;
        }
        out.push(
            Diagnostic::warning(
                RULE.code,
                Text::new(&OUTSIDE)
                    .arg("file", Arg::raw(c.file.to_string()))
                    .arg("years", Arg::raw(years_text(&outside))),
            )
            .primary(
                c.origin.clone(),
                Text::new(&COVERS)
                    .arg("territory", Arg::raw(c.scenario.territory.name.to_string())),
            )
            .secondary(env_span.clone(), &ENVELOPE)
            .help(Text::new(&HELP).arg("years", Arg::raw(years_text(&outside)))),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::portfolio::test_util::{run, territory};

    #[test]
    fn years_before_or_after_the_envelope_past_periods_aside() {
        let p = "[portfolio]\ncaf = \"C\"\n[envelope]\n\"2027-2030\" = { etp = 5 }\n";
        let a = territory(
            "A",
            Some("C"),
            "2026",
            "total = 1\n[[period]]\nid = \"2027-2031\"\ntotal = 1\n",
        );
        let d = run(&RULE, p, &[("a.toml", &a)], &[]);
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message
                .render(crate::i18n::Lang::En)
                .contains("runs in 2026, 2031,"),
            "{}",
            d[0].message.render(crate::i18n::Lang::En)
        );
        let past = territory("A", Some("C"), "2026", "kind = \"past\"\ntotal = 1\n");
        assert!(run(&RULE, p, &[("a.toml", &past)], &[]).is_empty());
        let no_envelope = "[portfolio]\ncaf = \"C\"\n";
        assert!(run(&RULE, no_envelope, &[("a.toml", &a)], &[]).is_empty());
    }
}
