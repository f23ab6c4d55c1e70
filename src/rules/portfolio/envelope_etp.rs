//! CTG110 envelope-etp: the co-financed ETP of all territories, each year,
//! stay within the Caf's envelope.

use super::super::{Family, Rule};
use super::{years_text, Context};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Text};

crate::msgs! {
    OVER = "ctg110.over",
        fr: "{years}\u{a0}: les ETP cofinancés des territoires dépassent l'enveloppe de {cap} ETP (de {excess} ETP en {year})",
        en: "{years}: the territories' co-financed ETP exceed the envelope of {cap} ETP (by {excess} ETP in {year})";
    IN_YEAR = "ctg110.in_year", fr: "{total} ETP en {year}", en: "{total} ETP in {year}";
    HELP = "ctg110.help",
        fr: "baissez de {excess} ETP le `caf_total` d'un territoire en {years}, ou relevez l'enveloppe si le conseil d'administration de la Caf vote davantage",
        en: "lower a territory's `caf_total` by {excess} ETP in {years}, or raise the envelope if the Caf's board votes more";
    NOTE = "ctg110.note",
        fr: "{etp} ETP dans {file} ({territory}, période {period})",
        en: "{etp} ETP in {file} ({territory}, period {period})";
}

pub static RULE: Rule = Rule {
    code: crate::code::Code::EnvelopeEtp,
    name: "envelope-etp",
    family: Family::Portfolio,
    severity: Severity::Error,
    summary: "The territories' co-financed ETP in a year exceed the Caf's envelope",
    explanation: include_str!("envelope_etp.md"),
    check: None,
    planning: super::super::Planning::None,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (i, env) in ctx.portfolio.envelope.iter().enumerate() {
        let Some(cap) = env.etp else { continue };
        let over: Vec<_> = ctx
            .summary
            .years
            .iter()
            .filter(|y| y.envelope == Some(i))
            .filter_map(|y| y.etp.filter(|t| *t > cap.value).map(|t| (y, t)))
            .collect();
        let Some((worst, total)) = over.iter().max_by_key(|(y, t)| (*t, -y.year)) else {
            continue;
        };
        let years: Vec<i32> = over.iter().map(|(y, _)| y.year).collect();
        let mut d = Diagnostic::error(
            RULE.code,
            Text::new(&OVER)
                .arg("years", Arg::raw(years_text(&years)))
                .arg("cap", Arg::etp(cap.value))
                .arg("excess", Arg::etp(*total - cap.value))
                .arg("year", Arg::raw(worst.year.to_string())),
        )
        .primary(
            cap.span(),
            Text::new(&IN_YEAR)
                .arg("total", Arg::etp(*total))
                .arg("year", Arg::raw(worst.year.to_string())),
        )
        .help(
            Text::new(&HELP)
                .arg("excess", Arg::etp(*total - cap.value))
                .arg("years", Arg::raw(years_text(&years))),
        );
        for r in &worst.rows {
            if let (Some(c), Some(etp)) = (ctx.covered.get(r.territory), r.etp) {
                let period = c.scenario.periods.get(r.period).map_or("", |p| p.name());
                d = d.note(
                    Text::new(&NOTE)
                        .arg("etp", Arg::etp(etp))
                        .arg("file", Arg::raw(c.file.to_string()))
                        .arg("territory", Arg::raw(c.scenario.territory.name.to_string()))
                        .arg("period", Arg::raw(period)),
                );
            }
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::portfolio::test_util::{run, territory};

    #[test]
    fn sum_over_the_envelope_in_some_years() {
        let p = |etp: &str| {
            format!("[portfolio]\ncaf = \"C\"\n[envelope]\n\"2026-2027\" = {{ etp = {etp} }}\n")
        };
        let a = territory("A", Some("C"), "2026-2027", "caf_total = 3.3\n");
        let b = territory("B", Some("C"), "2027", "total = 3.8\n");
        let files = [("a.toml", a.as_str()), ("b.toml", b.as_str())];
        let d = run(&RULE, &p("7"), &files, &[]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].message
                .render(crate::i18n::Lang::En)
                .starts_with("2027:"),
            "{}",
            d[0].message.render(crate::i18n::Lang::En)
        );
        assert!(
            d[0].message
                .render(crate::i18n::Lang::En)
                .contains("by 0.1 ETP"),
            "{}",
            d[0].message.render(crate::i18n::Lang::En)
        );
        assert_eq!(d[0].notes.len(), 2);
        assert!(run(&RULE, &p("7.1"), &files, &[]).is_empty());
    }
}
