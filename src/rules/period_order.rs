//! CTG070 period-order: periods follow each other in time without overlapping,
//! and an id that names years agrees with `years`.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::scenario::text::parse_years;

pub static RULE: Rule = Rule {
    code: Code::PeriodOrder,
    name: "period-order",
    family: Family::Scenario,
    severity: Severity::Error,
    summary: "Periods overlap, are out of order, or contradict their ids",
    explanation: include_str!("period_order.md"),
    check: Some(check),
    planning: Planning::None,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut last: Option<(&crate::scenario::Period, crate::scenario::Years)> = None;
    for period in &ctx.scenario.periods {
        let Some(years) = period.years else { continue };
        if let Some((a, b)) = parse_years(&period.id.id) {
            if (a, b) != (years.first, years.last) {
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        format!("period {} says it covers {years}", period.name()),
                    )
                    .primary(years.span(), format!("{years} here"))
                    .secondary(period.id.span.clone(), "but the id names other years")
                    .help("make `years` and the id agree, or drop `years`: it is read from the id"),
                );
            }
        }
        if let Some((prev, prev_years)) = last {
            if years.first <= prev_years.last {
                let what = if years.last < prev_years.first {
                    "comes before"
                } else {
                    "overlaps"
                };
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        format!(
                            "period {} {what} period {}",
                            named(period, years),
                            named(prev, prev_years)
                        ),
                    )
                    .primary(years.span(), format!("{years}"))
                    .secondary(prev_years.span(), format!("{prev_years}"))
                    .help("list periods in time order, each starting after the previous one ends"),
                );
            }
        }
        last = Some((period, years));
    }
}

/// "2026", or "transitoire (2026)" when the id does not name the years.
fn named(p: &crate::scenario::Period, y: crate::scenario::Years) -> String {
    if p.id.id == y.to_string() {
        p.id.id.clone()
    } else {
        format!("{} ({y})", p.id.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{run, HEADER};

    fn periods(ids: &[&str]) -> String {
        let mut t = HEADER.to_owned();
        for id in ids {
            t.push_str(&format!("[[period]]\nid = \"{id}\"\n"));
        }
        t
    }

    #[test]
    fn ordered_periods_pass() {
        assert!(run(&RULE, &periods(&["2022-2025", "2026", "2027-2030"])).is_empty());
        assert!(run(&RULE, &periods(&["2025", "cible"])).is_empty());
    }

    #[test]
    fn overlap_and_disorder() {
        assert_eq!(run(&RULE, &periods(&["2022-2026", "2026"])).len(), 1);
        let d = run(&RULE, &periods(&["2027-2030", "2026"]));
        assert!(d[0]
            .message
            .render(crate::i18n::Lang::En)
            .contains("comes before"));
    }

    #[test]
    fn years_contradicting_id() {
        let t = format!("{HEADER}[[period]]\nid = \"2026\"\nyears = 2027\n");
        assert_eq!(run(&RULE, &t).len(), 1);
    }
}
