//! CTG032 caf-cap: a period's total does not exceed what the Caf co-finances.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Text};
use crate::lp::{BuildError, Op, Relax, Rows, Subject, VarId};
use crate::scenario::Period;

crate::msgs! {
    OVER = "ctg032.over",
        fr: "période {period}\u{a0}: {total} ETP dépassent les {cap} ETP cofinancés par la Caf",
        en: "period {period}: {total} ETP exceeds the {cap} ETP co-financed by the Caf";
    ETP = "ctg032.etp", fr: "{total} ETP", en: "{total} ETP";
    CAF_TOTAL = "ctg032.caf_total", fr: "total cofinancé par la Caf", en: "Caf co-financed total";
    NEGATIVE = "ctg032.negative",
        fr: "`caf_total` est négatif\u{a0}: écrivez les ETP que la Caf cofinance (0 ou plus)",
        en: "`caf_total` is negative: write the ETP the Caf co-finances (0 or more)";
    HELP = "ctg032.help",
        fr: "retirez {over} ETP du schéma, ou relevez `caf_total` si la Caf a accepté davantage",
        en: "remove {over} ETP from the scheme, or raise `caf_total` if the Caf agreed to more";
}

pub static RULE: Rule = Rule {
    code: Code::CafCap,
    name: "caf-cap",
    family: Family::Scenario,
    severity: Severity::Error,
    summary: "A period's total exceeds the ETP the Caf co-finances",
    explanation: include_str!("caf_cap.md"),
    check: Some(check),
    planning: Planning::Figures,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (period, facts) in ctx.scenario.periods.iter().zip(&ctx.facts.periods) {
        let (Some(cap), Some(total)) = (period.caf_total, facts.total) else {
            continue;
        };
        if total <= cap.value {
            continue;
        }
        let at = period
            .total
            .map(|t| t.span())
            .or_else(|| period.posts.as_ref().map(|p| p.span.clone()))
            .unwrap_or_else(|| cap.span());
        out.push(
            Diagnostic::error(
                RULE.code,
                Text::new(&OVER)
                    .arg("period", super::args::period(period))
                    .arg("total", Arg::etp(total))
                    .arg("cap", Arg::etp(cap.value)),
            )
            .primary(at, Text::new(&ETP).arg("total", Arg::etp(total)))
            .secondary(cap.span(), &CAF_TOTAL)
            .period(&period.id.id)
            .help(if cap.value.is_sign_negative() {
                Text::new(&NEGATIVE)
            } else {
                Text::new(&HELP).arg("over", Arg::etp(total - cap.value))
            }),
        );
    }
}

/// Cost per unit of relaxing the Caf's co-financed total (a parameter the
/// Caf may revise, cheaper to question than agreed figures).
pub const RELAX_COST: i64 = 10;

/// The rule's rows in the planning model of `period`: its staff (`all`)
/// plus the coordinator (units) stay within `caf_total`.
pub fn rows(
    period: &Period,
    all: &[(VarId, i64)],
    coordinator: i64,
    r: &mut dyn Rows,
) -> Result<(), BuildError> {
    if let Some(cap) = period.caf_total {
        let value = r.units(cap.value, Some(cap.span()))?;
        r.constrain(
            RULE.code,
            Some(cap.span()),
            Subject::CafCap {
                period: period.name().to_owned(),
                value,
            },
            Relax::Cost(RELAX_COST),
            vec![(all.to_vec(), Op::Le, value - coordinator)],
        );
    }
    Ok(())
}

crate::msgs! {
    RELAX = "ctg032.relax",
        fr: "relever de {from} à {to} ETP le total cofinancé par la Caf en {period}",
        en: "raise the Caf co-financed total of {period} from {from} to {to} ETP";
}

/// How `propose` words a relaxation of the rule.
pub fn relaxation(period: Arg, from: Arg, to: Arg) -> Text {
    Text::new(&RELAX)
        .arg("period", period)
        .arg("from", from)
        .arg("to", to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{primary_text, run, HEADER};

    #[test]
    fn total_above_caf_cap() {
        let text = format!("{HEADER}[[period]]\nid = \"2026\"\ncaf_total = 3.1\ntotal = 3.3\n");
        let d = run(&RULE, &text);
        assert_eq!(d.len(), 1);
        assert_eq!(primary_text(&text, &d[0]), "3.3");
        assert!(run(&RULE, &text.replace("3.3", "3.1")).is_empty());
        assert!(run(&RULE, &text.replace("3.3", "2.9")).is_empty());
    }

    #[test]
    fn a_negative_cap_is_named_not_answered_with_a_removal() {
        let text = format!("{HEADER}[[period]]\nid = \"2026\"\ncaf_total = -1\ntotal = 1\n");
        let d = run(&RULE, &text);
        assert_eq!(d.len(), 1);
        let help = d[0]
            .help
            .as_ref()
            .map(|h| h.render(crate::i18n::Lang::En))
            .unwrap_or_default();
        assert!(
            help.contains("negative") && !help.contains("remove"),
            "{help}"
        );
    }
}
