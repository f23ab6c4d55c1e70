//! CTG091 caf-ceiling: the Caf's part, by its rates, stays within the
//! yearly ceiling declared in `[financing]`.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::finance::cost::period_cost;
use crate::finance::money::to_cents;
use crate::i18n::{Arg, Text};

crate::msgs! {
    OVER = "ctg091.over",
        fr: "période {period}\u{a0}: selon ses taux, la part de la Caf est de {by_rates}\u{a0}€ par an, au-delà de son plafond de {cap}\u{a0}€",
        en: "period {period}: the Caf's part by its rates is {by_rates} € a year, over its ceiling of {cap} €";
    BY_RATES = "ctg091.by_rates", fr: "{by_rates}\u{a0}€ selon les taux", en: "{by_rates} € by the rates";
    CEILING = "ctg091.ceiling", fr: "plafond annuel", en: "yearly ceiling";
    NOTE = "ctg091.note",
        fr: "`ctgplan cost` plafonne la part de la Caf\u{a0}: les communes paient {more}\u{a0}€ de plus",
        en: "`ctgplan cost` caps the Caf's part at the ceiling: the communes pay {more} € more";
    HELP = "ctg091.help",
        fr: "vérifiez les taux et le plafond avec la Caf, ou prévoyez moins d'ETP",
        en: "check the rates and the ceiling with the Caf, or plan fewer ETP";
}

pub static RULE: Rule = Rule {
    code: Code::CafCeiling,
    name: "caf-ceiling",
    family: Family::Scenario,
    severity: Severity::Warning,
    summary: "The Caf's part by its rates exceeds its yearly ceiling",
    explanation: include_str!("caf_ceiling.md"),
    check: Some(check),
    planning: Planning::None,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let s = ctx.scenario;
    let Some(ceiling) = s.financing.as_ref().and_then(|f| f.caf_ceiling) else {
        return;
    };
    let Some(cap) = to_cents(ceiling.value) else {
        return;
    };
    for (i, period) in s.periods.iter().enumerate() {
        let Some(by_rates) = period_cost(s, ctx.facts, i).and_then(|c| c.caf_by_rates) else {
            continue;
        };
        if by_rates <= cap {
            continue;
        }
        out.push(
            Diagnostic::warning(
                RULE.code,
                Text::new(&OVER)
                    .arg("period", super::args::period(period))
                    .arg("by_rates", Arg::amount(by_rates))
                    .arg("cap", Arg::amount(cap)),
            )
            .primary(
                period.id.span.clone(),
                Text::new(&BY_RATES).arg("by_rates", Arg::amount(by_rates)),
            )
            .secondary(ceiling.span(), &CEILING)
            .period(&period.id.id)
            .note(Text::new(&NOTE).arg("more", Arg::amount(by_rates - cap)))
            .help(&HELP),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{primary_text, run, HEADER};

    const T: &str = "[[commune]]\nid = \"a\"\nname = \"A\"\n[[period]]\nid = \"2026\"\nposts.a = { etp = 1 }\n[[period]]\nid = \"2027\"\nposts.a = { etp = 0.5 }\n[financing]\ncost_per_etp = 50000\ncaf_rate = 50\ncaf_ceiling = 20000\n";

    #[test]
    fn ceiling_below_the_rates() {
        let t = format!("{HEADER}{T}");
        let d = run(&RULE, &t);
        // 2026: 25,000 € by the rates; 2027: 12,500 €, within the ceiling.
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(primary_text(&t, &d[0]), "\"2026\"");
        assert!(d[0]
            .message
            .render(crate::i18n::Lang::En)
            .contains("25,000.00 €"));
        assert!(d[0].notes[0]
            .render(crate::i18n::Lang::En)
            .contains("5,000.00 €"));
        assert!(run(&RULE, &t.replace("20000", "25000")).is_empty());
        assert!(run(&RULE, &t.replace("caf_ceiling = 20000\n", "")).is_empty());
    }

    #[test]
    fn unknown_costs_are_not_judged() {
        let t = format!("{HEADER}{T}").replace("cost_per_etp = 50000\n", "");
        assert!(run(&RULE, &t).is_empty());
    }
}
