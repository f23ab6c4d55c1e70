//! CTG091 caf-ceiling: the Caf's part, by its rates, stays within the
//! yearly ceiling declared in `[financing]`.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::finance::cost::period_cost;
use crate::finance::money::{fmt_cents, to_cents, Style};

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
        let eur = |c: i64| fmt_cents(c, Style::Human);
        out.push(
            Diagnostic::warning(
                RULE.code,
                format!(
                    "period {}: the Caf's part by its rates is {} € a year, over its ceiling of {} €",
                    period.name(),
                    eur(by_rates),
                    eur(cap)
                ),
            )
            .primary(period.id.span.clone(), format!("{} € by the rates", eur(by_rates)))
            .secondary(ceiling.span(), "yearly ceiling")
            .period(&period.id.id)
            .note(format!(
                "`ctgplan cost` caps the Caf's part at the ceiling: the communes pay {} € more",
                eur(by_rates - cap)
            ))
            .help("check the rates and the ceiling with the Caf, or plan fewer ETP"),
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
