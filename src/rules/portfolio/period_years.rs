//! CTG117 period-years: every covered period is placed in years.

use super::super::{Family, Rule};
use super::Context;
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Text};

crate::msgs! {
    NO_YEARS = "ctg117.no_years",
        fr: "la période {period} de {file} n'a pas d'années\u{a0}: aucune année du portefeuille ne la compte",
        en: "period {period} of {file} has no years: no year of the portfolio counts it";
    COVERS = "ctg117.covers", fr: "couvre {territory}", en: "covers {territory}";
    NO_YEARS_HELP = "ctg117.no_years.help",
        fr: "donnez ses années dans le fichier (`years = \"2026-2030\"`), ou ici\u{a0}: `[[territory]] file = \"{file}\"` avec `years = {{ {id} = \"2026-2030\" }}`, présenté comme une hypothèse",
        en: "give its years in the file (`years = \"2026-2030\"`), or here: `[[territory]] file = \"{file}\"` with `years = {{ {id} = \"2026-2030\" }}`, labelled as an assumption";
    NO_PERIOD = "ctg117.no_period",
        fr: "{file} n'a pas de période `{id}`",
        en: "{file} has no period `{id}`";
    NO_SUCH_PERIOD = "ctg117.no_such_period", fr: "période inconnue", en: "no such period";
    ITS_PERIODS = "ctg117.its_periods",
        fr: "ses périodes\u{a0}: {periods}",
        en: "its periods are: {periods}";
    OTHER_YEARS = "ctg117.other_years",
        fr: "la période {period} de {file} couvre {own} selon son fichier, pas {years}",
        en: "period {period} of {file} runs {own} by its file, not {years}";
    NOT_APPLIED = "ctg117.not_applied", fr: "non appliqué", en: "not applied";
    OTHER_YEARS_HELP = "ctg117.other_years.help",
        fr: "les années du fichier font foi\u{a0}: retirez cette entrée, ou corrigez le fichier",
        en: "the file's years count: remove this entry, or correct the file";
}

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
                    Text::new(&NO_YEARS)
                        .arg("period", Arg::id(period.name()))
                        .arg("file", Arg::raw(c.file.to_string())),
                )
                .primary(
                    at,
                    Text::new(&COVERS)
                        .arg("territory", Arg::raw(c.scenario.territory.name.to_string())),
                )
                .help(
                    Text::new(&NO_YEARS_HELP)
                        .arg("file", Arg::raw(c.file.to_string()))
                        .arg("id", Arg::id(period.name())),
                ),
            );
        }
        let Some(entry) = entry else { continue };
        for (id, years) in &entry.years {
            let Some(period) = c.scenario.periods.iter().find(|p| p.id.id == id.id) else {
                out.push(
                    Diagnostic::warning(
                        RULE.code,
                        Text::new(&NO_PERIOD)
                            .arg("file", Arg::raw(c.file.to_string()))
                            .arg("id", Arg::id(id.id.clone())),
                    )
                    .primary(id.span.clone(), Text::new(&NO_SUCH_PERIOD))
                    .help(Text::new(&ITS_PERIODS).arg(
                        "periods",
                        Arg::list(c.scenario.periods.iter().map(|p| Arg::id(p.name()))),
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
                        Text::new(&OTHER_YEARS)
                            .arg("period", Arg::id(period.name()))
                            .arg("file", Arg::raw(c.file.to_string()))
                            .arg("own", Arg::raw(own.to_string()))
                            .arg("years", Arg::raw(years.to_string())),
                    )
                    .primary(years.span(), Text::new(&NOT_APPLIED))
                    .help(Text::new(&OTHER_YEARS_HELP)),
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
