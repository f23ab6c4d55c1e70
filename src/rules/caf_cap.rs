//! CTG032 caf-cap: a period's total does not exceed what the Caf co-finances.

use super::{Context, Family, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::number::fmt_etp;

pub static RULE: Rule = Rule {
    code: "CTG032",
    name: "caf-cap",
    family: Family::Scenario,
    severity: Severity::Error,
    summary: "A period's total exceeds the ETP the Caf co-finances",
    explanation: include_str!("caf_cap.md"),
    check: Some(check),
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
                format!(
                    "period {}: {} ETP exceeds the {} ETP co-financed by the Caf",
                    period.name(),
                    fmt_etp(total),
                    fmt_etp(cap.value)
                ),
            )
            .primary(at, format!("{} ETP", fmt_etp(total)))
            .secondary(cap.span(), "Caf co-financed total")
            .help(if cap.value.is_sign_negative() {
                "`caf_total` is negative: write the ETP the Caf co-finances (0 or more)".to_owned()
            } else {
                format!(
                    "remove {} ETP from the scheme, or raise `caf_total` if the Caf agreed to more",
                    fmt_etp(total - cap.value)
                )
            }),
        );
    }
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
        let help = d[0].help.as_deref().unwrap_or("");
        assert!(
            help.contains("negative") && !help.contains("remove"),
            "{help}"
        );
    }
}
