//! CTG111 envelope-euros: the Caf's euros for all territories, each year,
//! stay within the envelope's euros.

use super::super::{Family, Rule};
use super::{years_text, Context};
use crate::diagnostic::{Diagnostic, Severity};
use crate::finance::money::{fmt_cents, to_cents, Style};

pub static RULE: Rule = Rule {
    code: crate::code::Code::EnvelopeEuros,
    name: "envelope-euros",
    family: Family::Portfolio,
    severity: Severity::Error,
    summary: "The Caf's euros for the territories in a year exceed the envelope's euros",
    explanation: include_str!("envelope_euros.md"),
    check: None,
    planning: super::super::Planning::None,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (i, env) in ctx.portfolio.envelope.iter().enumerate() {
        let Some(cap) = env.euros else { continue };
        let Some(cap_cents) = to_cents(cap.value) else {
            continue;
        };
        let over: Vec<_> = ctx
            .summary
            .years
            .iter()
            .filter(|y| y.envelope == Some(i))
            .filter_map(|y| y.caf.filter(|t| *t > cap_cents).map(|t| (y, t)))
            .collect();
        let Some((worst, total)) = over.iter().max_by_key(|(y, t)| (*t, -y.year)) else {
            continue;
        };
        let years: Vec<i32> = over.iter().map(|(y, _)| y.year).collect();
        let excess = fmt_cents(total - cap_cents, Style::Human);
        let mut d = Diagnostic::error(
            RULE.code,
            format!(
                "{}: the Caf's part for the territories exceeds the envelope of {} € (by {excess} € in {})",
                years_text(&years),
                fmt_cents(cap_cents, Style::Human),
                worst.year
            ),
        )
        .primary(
            cap.span(),
            format!("{} € in {}", fmt_cents(*total, Style::Human), worst.year),
        )
        .help(format!(
            "find {excess} € in {}: fewer co-financed ETP, a lower Caf rate, or a larger envelope",
            worst.year
        ));
        for r in &worst.rows {
            if let (Some(c), Some(caf)) = (ctx.covered.get(r.territory), r.caf) {
                d = d.note(format!(
                    "{} € for {} ({})",
                    fmt_cents(caf, Style::Human),
                    c.file,
                    c.scenario.territory.name
                ));
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
    fn caf_euros_over_the_envelope() {
        let p = |eur: &str| {
            format!("[portfolio]\ncaf = \"C\"\n[envelope]\n\"2026\" = {{ euros = {eur} }}\n")
        };
        // 1 ETP at 50,000 €, the Caf pays half: 25,000 €.
        let a = territory(
            "A",
            Some("C"),
            "2026",
            "posts.x = { etp = 1 }\n[[commune]]\nid = \"x\"\nname = \"X\"\n[financing]\ncost_per_etp = 50000\ncaf_rate = 50\n",
        );
        let files = [("a.toml", a.as_str())];
        let d = run(&RULE, &p("24999.99"), &files, &[]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].message
                .render(crate::i18n::Lang::En)
                .contains("by 0.01 €"),
            "{}",
            d[0].message.render(crate::i18n::Lang::En)
        );
        assert!(run(&RULE, &p("25000"), &files, &[]).is_empty());
    }
}
