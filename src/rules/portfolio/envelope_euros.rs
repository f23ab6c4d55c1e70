//! CTG111 envelope-euros: the Caf's euros for all territories, each year,
//! stay within the envelope's euros.

use super::super::{Family, Rule};
use super::{years_text, Context};
use crate::diagnostic::{Diagnostic, Severity};
use crate::finance::money::to_cents;
use crate::i18n::{Arg, Text};

crate::msgs! {
    OVER = "ctg111.over",
        fr: "{years}\u{a0}: la part de la Caf pour les territoires dépasse l'enveloppe de {cap} (de {excess} en {year})",
        en: "{years}: the Caf's part for the territories exceeds the envelope of {cap} (by {excess} in {year})";
    IN_YEAR = "ctg111.in_year", fr: "{total} en {year}", en: "{total} in {year}";
    OVER_KNOWN = "ctg111.over_known",
        fr: "{years}\u{a0}: la part connue de la Caf pour les territoires dépasse déjà l'enveloppe de {cap} (d'au moins {excess} en {year}, sans les euros inconnus)",
        en: "{years}: the Caf's known part for the territories already exceeds the envelope of {cap} (by at least {excess} in {year}, without the unknown euros)";
    IN_YEAR_KNOWN = "ctg111.in_year_known",
        fr: "au moins {total} en {year}", en: "at least {total} in {year}";
    HELP = "ctg111.help",
        fr: "trouvez {excess} en {year}\u{a0}: moins d'ETP cofinancés, un taux de la Caf plus bas ou une enveloppe plus large",
        en: "find {excess} in {year}: fewer co-financed ETP, a lower Caf rate, or a larger envelope";
    HELP_KNOWN = "ctg111.help_known",
        fr: "trouvez au moins {excess} en {year}\u{a0}: moins d'ETP cofinancés, un taux de la Caf plus bas ou une enveloppe plus large",
        en: "find at least {excess} in {year}: fewer co-financed ETP, a lower Caf rate, or a larger envelope";
    NOTE = "ctg111.note",
        fr: "{euros} pour {file} ({territory})",
        en: "{euros} for {file} ({territory})";
}

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
            // With a territory's euros unknown, the known part alone may
            // already be over: that is a breach, whatever the rest is.
            .map(|y| (y, y.caf_at_least()))
            .filter(|(_, (t, _))| *t > cap_cents)
            .collect();
        let Some((worst, (total, whole))) = over.iter().max_by_key(|(y, (t, _))| (*t, -y.year))
        else {
            continue;
        };
        let years: Vec<i32> = over.iter().map(|(y, _)| y.year).collect();
        let excess = total - cap_cents;
        let (over_msg, in_year, help) = if *whole {
            (&OVER, &IN_YEAR, &HELP)
        } else {
            (&OVER_KNOWN, &IN_YEAR_KNOWN, &HELP_KNOWN)
        };
        let mut d = Diagnostic::error(
            RULE.code,
            Text::new(over_msg)
                .arg("years", Arg::raw(years_text(&years)))
                .arg("cap", Arg::euros(cap_cents))
                .arg("excess", Arg::euros(excess))
                .arg("year", Arg::raw(worst.year.to_string())),
        )
        .primary(
            cap.span(),
            Text::new(in_year)
                .arg("total", Arg::euros(*total))
                .arg("year", Arg::raw(worst.year.to_string())),
        )
        .help(
            Text::new(help)
                .arg("excess", Arg::euros(excess))
                .arg("year", Arg::raw(worst.year.to_string())),
        );
        for r in &worst.rows {
            if let (Some(c), Some(caf)) = (ctx.covered.get(r.territory), r.caf) {
                d = d.note(
                    Text::new(&NOTE)
                        .arg("euros", Arg::euros(caf))
                        .arg("file", Arg::raw(c.file.to_string()))
                        .arg("territory", Arg::raw(c.scenario.territory.name.to_string())),
                );
            }
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::portfolio::test_util::{euro_envelope, paid_half, run, territory};

    #[test]
    fn caf_euros_over_the_envelope() {
        let p = euro_envelope;
        // 1 ETP at 50,000 €, the Caf pays half: 25,000 €.
        let a = paid_half();
        let files = [("a.toml", a.as_str())];
        let d = run(&RULE, &p("24999.99"), &files, &[]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].message
                .render(crate::i18n::Lang::En)
                .contains("by €0.01"),
            "{}",
            d[0].message.render(crate::i18n::Lang::En)
        );
        assert!(run(&RULE, &p("25000"), &files, &[]).is_empty());
    }

    #[test]
    fn the_known_part_alone_over_the_envelope_is_a_breach() {
        let p = euro_envelope;
        // A costs the Caf 25,000 €; B has no rates: its euros are unknown.
        let a = paid_half();
        let b = territory("B", Some("C"), "2026", "total = 1\n");
        let files = [("a.toml", a.as_str()), ("b.toml", b.as_str())];
        let d = run(&RULE, &p("20000"), &files, &[]);
        assert_eq!(d.len(), 1, "{d:?}");
        let en = d[0].message.render(crate::i18n::Lang::En);
        assert!(en.contains("by at least €5,000.00 in 2026"), "{en}");
        let fr = d[0].message.render(crate::i18n::Lang::Fr);
        assert!(fr.contains("la part connue de la Caf"), "{fr}");
        assert!(
            fr.contains("d'au moins 5\u{202f}000,00\u{a0}€ en 2026"),
            "{fr}"
        );
        // Within it, nothing is known: CTG119 says the year is not checked.
        assert!(run(&RULE, &p("25000"), &files, &[]).is_empty());
    }
}
