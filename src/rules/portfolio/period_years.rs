//! CTG117 period-years: every covered period is placed in years.

use super::super::{Family, Rule};
use super::Context;
use crate::diagnostic::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::PeriodYears,
    name: "period-years",
    family: Family::Portfolio,
    severity: Severity::Warning,
    summary: "A covered period has no years, so no year counts it, or the portfolio's years for it do not apply",
    explanation: include_str!("period_years.md"),
    check: None,
    planning: super::super::Planning::None,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for c in ctx.covered {
        let entry = c.entry(ctx.portfolio);
        for (k, period) in c.scenario.periods.iter().enumerate() {
            if c.years_of(ctx.portfolio, k).is_some() {
                continue;
            }
            let at = entry.map_or(c.origin.clone(), |e| e.span.clone());
            out.push(
                Diagnostic::warning(
                    RULE.code,
                    format!(
                        "period {} of {} has no years: no year of the portfolio counts it",
                        period.name(),
                        c.file
                    ),
                )
                .primary(at, format!("covers {}", c.scenario.territory.name))
                .help(format!(
                    "give its years in the file (`years = \"2026-2030\"`), or here: `[[territory]] file = \"{}\"` with `years = {{ {} = \"2026-2030\" }}`, labelled as an assumption",
                    c.file,
                    period.name()
                )),
            );
        }
        let Some(entry) = entry else { continue };
        for (id, years) in &entry.years {
            let Some(period) = c.scenario.periods.iter().find(|p| p.id.id == id.id) else {
                out.push(
                    Diagnostic::warning(RULE.code, format!("{} has no period `{}`", c.file, id.id))
                        .primary(id.span.clone(), "no such period")
                        .help(format!(
                            "its periods are: {}",
                            c.scenario
                                .periods
                                .iter()
                                .map(|p| p.name())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                );
                continue;
            };
            if let Some(own) = period
                .years
                .filter(|own| own.first != years.first || own.last != years.last)
            {
                out.push(
                    Diagnostic::warning(
                        RULE.code,
                        format!(
                            "period {} of {} runs {own} by its file, not {years}",
                            period.name(),
                            c.file
                        ),
                    )
                    .primary(years.span(), "not applied")
                    .help("the file's years count: remove this entry, or correct the file"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::portfolio::test_util::{run, territory};

    #[test]
    fn undated_periods_and_years_that_do_not_apply() {
        let g = territory("G", Some("C"), "cible", "total = 3.8\n");
        let bare = "[portfolio]\ncaf = \"C\"\n";
        assert_eq!(run(&RULE, bare, &[("g.toml", &g)], &[]).len(), 1);
        let dated = "[portfolio]\ncaf = \"C\"\n[[territory]]\nfile = \"g.toml\"\nyears = { cible = \"2026-2030\" }\n";
        assert!(run(&RULE, dated, &[("g.toml", &g)], &[Some(0)]).is_empty());
        let wrong = "[portfolio]\ncaf = \"C\"\n[[territory]]\nfile = \"g.toml\"\nyears = { cibel = \"2026-2030\", \"2025\" = 2024 }\n";
        let g2 = format!("{g}[[period]]\nid = \"2025\"\ntotal = 3.1\n");
        let d = run(&RULE, wrong, &[("g.toml", &g2)], &[Some(0)]);
        assert_eq!(d.len(), 3, "{d:?}");
    }
}
