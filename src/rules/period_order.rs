//! CTG070 period-order: periods follow each other in time without overlapping,
//! and an id that names years agrees with `years`.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Text};
use crate::scenario::text::parse_years;

crate::msgs! {
    SAYS = "ctg070.says", fr: "la période {period} indique couvrir {years}", en: "period {period} says it covers {years}";
    HERE = "ctg070.here", fr: "{years} ici", en: "{years} here";
    OTHER_YEARS = "ctg070.other_years",
        fr: "mais l'identifiant désigne d'autres années",
        en: "but the id names other years";
    AGREE = "ctg070.agree",
        fr: "faites concorder `years` et l'identifiant, ou supprimez `years`\u{a0}: il se lit dans l'identifiant",
        en: "make `years` and the id agree, or drop `years`: it is read from the id";
    BEFORE = "ctg070.before",
        fr: "la période {period} précède la période {previous}",
        en: "period {period} comes before period {previous}";
    OVERLAPS = "ctg070.overlaps",
        fr: "la période {period} chevauche la période {previous}",
        en: "period {period} overlaps period {previous}";
    YEARS = "ctg070.years", fr: "{years}", en: "{years}";
    ORDER = "ctg070.order",
        fr: "listez les périodes dans l'ordre du temps, chacune commençant après la fin de la précédente",
        en: "list periods in time order, each starting after the previous one ends";
}

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
                        Text::new(&SAYS)
                            .arg("period", super::args::period(period))
                            .arg("years", Arg::raw(years.to_string())),
                    )
                    .primary(
                        years.span(),
                        Text::new(&HERE).arg("years", Arg::raw(years.to_string())),
                    )
                    .secondary(period.id.span.clone(), &OTHER_YEARS)
                    .help(&AGREE),
                );
            }
        }
        if let Some((prev, prev_years)) = last {
            if years.first <= prev_years.last {
                let what = if years.last < prev_years.first {
                    &BEFORE
                } else {
                    &OVERLAPS
                };
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        Text::new(what)
                            .arg("period", Arg::raw(named(period, years)))
                            .arg("previous", Arg::raw(named(prev, prev_years))),
                    )
                    .primary(
                        years.span(),
                        Text::new(&YEARS).arg("years", Arg::raw(years.to_string())),
                    )
                    .secondary(
                        prev_years.span(),
                        Text::new(&YEARS).arg("years", Arg::raw(prev_years.to_string())),
                    )
                    .help(&ORDER),
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
