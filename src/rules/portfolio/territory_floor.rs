//! CTG118 territory-floor: a territory keeps at least its floor.

use super::super::{Family, Rule};
use super::{years_text, Context};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Text};

crate::msgs! {
    BELOW = "ctg118.below",
        fr: "{file} ({territory}) a {lowest} ETP cofinancés en {year}, en dessous de son plancher de {floor} ETP (années en dessous\u{a0}: {years})",
        en: "{file} ({territory}) has {lowest} co-financed ETP in {year}, below its floor of {floor} ETP (years below: {years})";
    FLOOR = "ctg118.label", fr: "plancher", en: "floor";
    HELP = "ctg118.help",
        fr: "portez le `caf_total` du territoire à {floor} ETP ces années-là, ou baissez le plancher",
        en: "raise the territory's `caf_total` to {floor} ETP in those years, or lower the floor";
}

pub static RULE: Rule = Rule {
    code: crate::code::Code::TerritoryFloor,
    name: "territory-floor",
    family: Family::Portfolio,
    severity: Severity::Error,
    summary: "A territory's co-financed ETP in a year are below the floor the portfolio gives it",
    explanation: include_str!("territory_floor.md"),
    check: None,
    planning: super::super::Planning::None,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (t, c) in ctx.covered.iter().enumerate() {
        let Some(floor) = c.entry(ctx.portfolio).and_then(|e| e.floor) else {
            continue;
        };
        let below: Vec<_> = ctx
            .summary
            .years
            .iter()
            .filter_map(|y| {
                let r = y.rows.iter().find(|r| r.territory == t)?;
                r.etp.filter(|e| *e < floor.value).map(|e| (y.year, e))
            })
            .collect();
        let Some((year, lowest)) = below.iter().min_by_key(|(y, e)| (*e, *y)) else {
            continue;
        };
        let years: Vec<i32> = below.iter().map(|(y, _)| *y).collect();
        out.push(
            Diagnostic::error(
                RULE.code,
                Text::new(&BELOW)
                    .arg("file", Arg::raw(c.file.to_string()))
                    .arg("territory", Arg::raw(c.scenario.territory.name.to_string()))
                    .arg("lowest", Arg::etp(*lowest))
                    .arg("year", Arg::raw(year.to_string()))
                    .arg("floor", Arg::etp(floor.value))
                    .arg("years", Arg::raw(years_text(&years))),
            )
            .primary(floor.span(), &FLOOR)
            .help(Text::new(&HELP).arg("floor", Arg::etp(floor.value))),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::portfolio::test_util::{run, territory};

    #[test]
    fn below_the_floor() {
        let p = |f: &str| {
            format!("[portfolio]\ncaf = \"C\"\n[[territory]]\nfile = \"a.toml\"\nfloor = {f}\n")
        };
        let a = territory(
            "A",
            Some("C"),
            "2026",
            "caf_total = 3.1\n[[period]]\nid = \"2027-2030\"\ncaf_total = 3.3\n",
        );
        let d = run(&RULE, &p("3.3"), &[("a.toml", &a)], &[Some(0)]);
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message
                .render(crate::i18n::Lang::En)
                .contains("3.1 co-financed ETP in 2026"),
            "{}",
            d[0].message.render(crate::i18n::Lang::En)
        );
        assert!(run(&RULE, &p("3.1"), &[("a.toml", &a)], &[Some(0)]).is_empty());
    }
}
