//! Amounts in cents and ETP figures: rounding once, and writing them the way
//! each output needs (a person, a French spreadsheet, plain CSV, JSON).

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds to a whole number, half away from zero (0.5 cent → 1 cent), the
/// usual rule for amounts in accounts. `None` past the range of `i64`.
pub fn round_whole(d: Decimal) -> Option<i64> {
    d.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        .to_i64()
}

/// An amount in euros as cents, rounded half away from zero.
pub fn to_cents(euros: Decimal) -> Option<i64> {
    round_whole(euros.checked_mul(Decimal::ONE_HUNDRED)?)
}

/// How figures are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// For the terminal: `12,345.67`, changes signed (`+0.2`).
    Human,
    /// For a French spreadsheet: `12345,67`, `0,2`, no thousands separator.
    French,
    /// Plain CSV and JSON: `12345.67`, `0.2`.
    Plain,
}

/// Cents as euros with two decimals.
pub fn fmt_cents(cents: i64, style: Style) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let (units, frac) = (abs / 100, abs % 100);
    match style {
        Style::Human => format!("{sign}{}.{frac:02}", group(units)),
        Style::French => format!("{sign}{units},{frac:02}"),
        Style::Plain => format!("{sign}{units}.{frac:02}"),
    }
}

/// A change in cents: signed for people (`+1,040.00`, `0.00`).
pub fn fmt_cents_change(cents: i64, style: Style) -> String {
    match style {
        Style::Human if cents > 0 => format!("+{}", fmt_cents(cents, style)),
        _ => fmt_cents(cents, style),
    }
}

/// An ETP figure: `0.2` (`0,2` for a French spreadsheet).
pub fn fmt_etp(d: Decimal, style: Style) -> String {
    let s = crate::number::fmt_etp(d);
    match style {
        Style::French => s.replace('.', ","),
        _ => s,
    }
}

/// A change in ETP: signed for people (`+0.2`, `-0.1`, `0`).
pub fn fmt_etp_change(d: Decimal, style: Style) -> String {
    match style {
        Style::Human if d > Decimal::ZERO => format!("+{}", fmt_etp(d, style)),
        _ => fmt_etp(d, style),
    }
}

/// What an unknown figure shows as: never 0.
pub const UNKNOWN: &str = "?";

/// `f` applied to a known figure, else [`UNKNOWN`].
pub fn or_unknown<T>(v: Option<T>, f: impl Fn(T) -> String) -> String {
    v.map_or_else(|| UNKNOWN.to_owned(), f)
}

/// `1234567` → `1,234,567`.
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(to_cents(dec("5200.005")), Some(520_001));
        assert_eq!(to_cents(dec("5200.0049")), Some(520_000));
        assert_eq!(to_cents(dec("-0.005")), Some(-1));
        assert_eq!(to_cents(Decimal::MAX), None);
    }

    #[test]
    fn each_style_writes_its_own_way() {
        assert_eq!(fmt_cents(123_456_789, Style::Human), "1,234,567.89");
        assert_eq!(fmt_cents(123_456_789, Style::French), "1234567,89");
        assert_eq!(fmt_cents(123_456_789, Style::Plain), "1234567.89");
        assert_eq!(fmt_cents(-5, Style::Human), "-0.05");
        assert_eq!(fmt_cents(100_000, Style::Human), "1,000.00");
        assert_eq!(fmt_cents(i64::MIN, Style::Plain), "-92233720368547758.08");
        assert_eq!(fmt_cents_change(1_000, Style::Human), "+10.00");
        assert_eq!(fmt_cents_change(1_000, Style::French), "10,00");
        assert_eq!(fmt_cents_change(0, Style::Human), "0.00");
        assert_eq!(fmt_etp(dec("0.20"), Style::French), "0,2");
        assert_eq!(fmt_etp_change(dec("0.2"), Style::Human), "+0.2");
        assert_eq!(fmt_etp_change(dec("-0.2"), Style::Human), "-0.2");
        assert_eq!(fmt_etp_change(dec("0"), Style::Human), "0");
        assert_eq!(or_unknown(None::<i64>, |c| fmt_cents(c, Style::Human)), "?");
    }
}
