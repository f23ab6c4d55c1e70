//! The range in which costs are exact. Euros are counted in cents in 64
//! bits; a cost per ETP of 10⁹ € on a post of 10⁸ ETP (both figures the
//! loader accepts) is past that range, and its cost would show as unknown.
//! Instead, `cost` and `diff` refuse such a file with CTG004 at the figure.

use crate::diagnostic::Diagnostic;
use crate::i18n::{Arg, Msg, Text};
use crate::rules::codes;
use crate::scenario::{Figure, Scenario};
use rust_decimal::Decimal;

/// The most euros per year one line may reach: the largest ETP figure × the
/// largest amount per ETP. Sums over the communes and carriers (at most
/// 10,000) then stay within 10¹⁶ €, 10¹⁸ cents, inside 64 bits.
pub const MAX_EUROS_PER_LINE: u64 = 1_000_000_000_000;

/// CTG004 at the largest amount when it and the largest ETP figure reach
/// past [`MAX_EUROS_PER_LINE`].
pub fn check(s: &Scenario) -> Option<Diagnostic> {
    let fin = s.financing.as_ref()?;
    let amount: Figure = [
        fin.cost_per_etp,
        fin.operator_cost_per_etp,
        fin.caf_per_etp,
        fin.caf_ceiling,
    ]
    .into_iter()
    .flatten()
    .max_by_key(|f| f.value.abs())?;
    let etp = crate::rules::granularity::etp_figures(s)
        .into_iter()
        .map(|(f, _)| f.value.abs())
        .max()
        .unwrap_or(Decimal::ZERO);
    let line = etp.checked_mul(amount.value.abs());
    if line.is_some_and(|l| l <= Decimal::from(MAX_EUROS_PER_LINE)) {
        return None;
    }
    Some(
        Diagnostic::error(
            codes::NUMBER,
            Text::new(&TOO_LARGE)
                .arg("amount", Arg::number(amount.value))
                .arg("etp", Arg::etp(etp))
                .arg(
                    "max",
                    Arg::number(rust_decimal::Decimal::from(MAX_EUROS_PER_LINE)),
                ),
        )
        .primary(amount.start..amount.end, Text::new(&THIS_AMOUNT))
        .help(Text::new(&CHECK_AMOUNT)),
    )
}

static TOO_LARGE: Msg = Msg::new(
    "bounds.too_large",
    "{amount}\u{a0}€ par ETP sur {etp} ETP dépasse {max}\u{a0}€ par an sur une ligne, au-delà de ce que ctgplan calcule au centime près",
    "€{amount} per ETP on {etp} ETP is over €{max} a year on one line, past what ctgplan computes to the cent",
);
static THIS_AMOUNT: Msg = Msg::new("bounds.this_amount", "ce montant", "this amount");
static CHECK_AMOUNT: Msg = Msg::new(
    "bounds.check_amount",
    "vérifiez le montant et les chiffres en ETP\u{a0}: les postes d'une CTG coûtent des milliers d'euros par an, pas des milliards",
    "check the amount and the ETP figures: a CTG's posts cost thousands of euros a year, not billions",
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load_str;

    #[test]
    fn costs_past_cents_in_64_bits_are_refused_at_the_amount() {
        let text = "[territory]\nname = \"T\"\n[financing]\ncost_per_etp = 1000000000\ncaf_rate = 50\n[[commune]]\nid = \"a\"\nname = \"A\"\n[[period]]\nid = \"2026\"\nposts.a = { etp = 100000000 }\n";
        let s = load_str("t.toml", text).scenario.unwrap();
        let d = check(&s).unwrap();
        assert_eq!(
            d.message.render(crate::i18n::Lang::Fr),
            "1\u{202f}000\u{202f}000\u{202f}000\u{a0}€ par ETP sur 100\u{202f}000\u{202f}000 ETP dépasse \
             1\u{202f}000\u{202f}000\u{202f}000\u{202f}000\u{a0}€ par an sur une ligne, au-delà de ce que \
             ctgplan calcule au centime près"
        );
        assert!(d
            .message
            .render(crate::i18n::Lang::En)
            .starts_with("€1,000,000,000 per ETP on 100,000,000 ETP"));
        let l = &d.labels[0];
        assert_eq!(&text[l.span.clone()], "1000000000");
        let ok = text.replace("etp = 100000000", "etp = 1000");
        assert!(check(&load_str("t.toml", &ok).scenario.unwrap()).is_none());
    }
}
