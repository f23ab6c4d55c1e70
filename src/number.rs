//! Exact decimal figures read from TOML.
//!
//! TOML floats are binary: `0.1` read as `f64` is not 0.1. We keep the literal's
//! source text (through its span) and parse that as a decimal, so that
//! `0.1 + 0.2 == 0.3` and `0.15` stays `0.15`. Strings are accepted too, with
//! a decimal point or a French decimal comma (`"0,2"`), for people who type
//! figures the way they write them.

use rust_decimal::Decimal;
use serde::de::{self, Deserialize, Deserializer, Visitor};
use std::fmt;
use std::str::FromStr;

/// A number as it appears in the file, before exact conversion.
#[derive(Debug, Clone, PartialEq)]
pub enum RawNumber {
    Int(i64),
    Float(f64),
    Text(String),
}

impl<'de> Deserialize<'de> for RawNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RawNumber;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number such as 0.2 (or a string such as \"0,2\")")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawNumber, E> {
                Ok(RawNumber::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawNumber, E> {
                i64::try_from(v)
                    .map(RawNumber::Int)
                    .map_err(|_| E::custom("number too large"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawNumber, E> {
                Ok(RawNumber::Float(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawNumber, E> {
                Ok(RawNumber::Text(v.to_owned()))
            }
        }
        d.deserialize_any(V)
    }
}

/// Why a literal is not a usable figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberError {
    NotANumber(String),
    NotFinite,
    TooPrecise,
    /// Beyond [`MAX_FIGURE`] in magnitude.
    OutOfRange(String),
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumberError::NotANumber(s) => write!(f, "`{s}` is not a number"),
            NumberError::NotFinite => f.write_str("infinite or NaN values are not figures"),
            NumberError::TooPrecise => write!(
                f,
                "too many digits (at most {MAX_DECIMALS} decimals and 28 digits in all)"
            ),
            NumberError::OutOfRange(s) => write!(
                f,
                "`{s}` is out of range (figures are at most {MAX_FIGURE} in absolute value)"
            ),
        }
    }
}

impl NumberError {
    /// The same, in either language.
    pub fn text(&self) -> crate::i18n::Text {
        use crate::i18n::{Arg, Text};
        match self {
            NumberError::NotANumber(s) => Text::new(&NOT_A_NUMBER).arg("value", Arg::raw(s)),
            NumberError::NotFinite => Text::new(&NOT_FINITE),
            NumberError::TooPrecise => Text::new(&TOO_PRECISE)
                .arg("decimals", Arg::int(MAX_DECIMALS))
                .arg("digits", Arg::int(28)),
            NumberError::OutOfRange(s) => Text::new(&OUT_OF_RANGE)
                .arg("value", Arg::raw(s))
                .arg("max", Arg::raw(MAX_FIGURE.to_string())),
        }
    }
}

crate::msgs! {
    NOT_A_NUMBER = "number.not_a_number",
        fr: "`{value}` n'est pas un nombre",
        en: "`{value}` is not a number";
    NOT_FINITE = "number.not_finite",
        fr: "une valeur infinie ou NaN n'est pas un chiffre",
        en: "infinite or NaN values are not figures";
    TOO_PRECISE = "number.too_precise",
        fr: "trop de chiffres (au plus {decimals} décimales et {digits} chiffres en tout)",
        en: "too many digits (at most {decimals} decimals and {digits} digits in all)";
    OUT_OF_RANGE = "number.out_of_range",
        fr: "`{value}` est hors limites (un chiffre vaut au plus {max} en valeur absolue)",
        en: "`{value}` is out of range (figures are at most {max} in absolute value)";
}

/// Largest magnitude accepted for any figure; a bigger one is a typo, not a staffing.
pub const MAX_FIGURE: i64 = 1_000_000_000;

/// Most decimals a figure may have: ETP come in tenths, euros in cents,
/// shares in tenths of a percent. Bounding it keeps every quotient by the
/// step (at least 10^-6) far from overflow.
pub const MAX_DECIMALS: u32 = 6;

/// Converts a raw number to an exact decimal. `literal` is the source text of
/// the value (used for floats so that no binary rounding creeps in).
pub fn to_decimal(raw: &RawNumber, literal: Option<&str>) -> Result<Decimal, NumberError> {
    let d = match raw {
        RawNumber::Int(i) => Decimal::from(*i),
        RawNumber::Float(f) => {
            if !f.is_finite() {
                return Err(NumberError::NotFinite);
            }
            match literal {
                Some(text) => parse_text(text)?,
                // Shortest round-trip repr: exact for any literal of up to 15 digits.
                None => parse_text(&f.to_string())?,
            }
        }
        RawNumber::Text(s) => parse_text(s)?,
    };
    if d.abs() > Decimal::from(MAX_FIGURE) {
        return Err(NumberError::OutOfRange(d.normalize().to_string()));
    }
    let d = d.normalize();
    if d.scale() > MAX_DECIMALS {
        return Err(NumberError::TooPrecise);
    }
    Ok(d)
}

/// Parses `1.5`, `1_000.5`, `2e-1`, `+0.2`, `-0.1` or `0,2`.
pub fn parse_text(text: &str) -> Result<Decimal, NumberError> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| *c != '_' && !c.is_whitespace())
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    let bad = || NumberError::NotANumber(text.trim().to_owned());
    if cleaned.is_empty()
        || !cleaned
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '+' | '-' | 'e' | 'E'))
    {
        return Err(bad());
    }
    let unsigned = cleaned.trim_start_matches(['+', '-']);
    if unsigned.starts_with('.') || unsigned.ends_with('.') || cleaned.matches('.').count() > 1 {
        return Err(bad());
    }
    let digits = unsigned.chars().filter(|c| c.is_ascii_digit()).count();
    if digits > 28 {
        return Err(NumberError::TooPrecise);
    }
    let cleaned = cleaned.trim_start_matches('+');
    if let Some((mantissa, exponent)) = cleaned.split_once(['e', 'E']) {
        // A well-formed literal that does not fit (`1e300`, `1e-40`) is a
        // figure out of range or too precise, not "not a number".
        Decimal::from_scientific(cleaned).map_err(|_| {
            match (Decimal::from_str(mantissa), exponent.parse::<i64>()) {
                (Ok(_), Ok(e)) if e > 0 => NumberError::OutOfRange(text.trim().to_owned()),
                (Ok(_), Ok(_)) => NumberError::TooPrecise,
                _ => bad(),
            }
        })
    } else {
        Decimal::from_str(cleaned).map_err(|_| bad())
    }
}

/// Formats an ETP figure the way the annexes do in English text: `0.2`, `1.2`, `3`.
pub fn fmt_etp(d: Decimal) -> String {
    d.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn literal_text_is_exact() {
        let a = to_decimal(&RawNumber::Float(0.1), Some("0.1")).unwrap();
        let b = to_decimal(&RawNumber::Float(0.2), Some("0.2")).unwrap();
        assert_eq!(a + b, dec("0.3"));
        assert_eq!(
            to_decimal(&RawNumber::Float(0.15), Some("0.15")).unwrap(),
            dec("0.15")
        );
    }

    #[test]
    fn accepts_french_comma_underscores_and_exponents() {
        assert_eq!(parse_text("0,2").unwrap(), dec("0.2"));
        assert_eq!(parse_text("1_000.5").unwrap(), dec("1000.5"));
        assert_eq!(parse_text("2e-1").unwrap(), dec("0.2"));
        assert_eq!(parse_text("+0.5").unwrap(), dec("0.5"));
        assert_eq!(parse_text("-0.1").unwrap(), dec("-0.1"));
    }

    #[test]
    fn rejects_what_is_not_a_number() {
        for bad in ["", "abc", "0.2 ETP", "1.2.3", ".5", "5.", "0x10", "1,2,3"] {
            assert!(parse_text(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(
            to_decimal(&RawNumber::Float(f64::NAN), Some("nan")),
            Err(NumberError::NotFinite)
        );
        assert_eq!(
            parse_text("0.12345678901234567890123456789"),
            Err(NumberError::TooPrecise)
        );
        assert!(to_decimal(&RawNumber::Int(i64::MAX), None).is_err());
        assert_eq!(
            to_decimal(&RawNumber::Float(1e300), Some("1e300")),
            Err(NumberError::OutOfRange("1e300".into()))
        );
        assert_eq!(
            to_decimal(&RawNumber::Text("2000000000.5".into()), None),
            Err(NumberError::OutOfRange("2000000000.5".into()))
        );
        assert_eq!(
            to_decimal(&RawNumber::Float(1e-40), Some("1e-40")),
            Err(NumberError::TooPrecise)
        );
        assert_eq!(
            to_decimal(&RawNumber::Text("-1000000001".into()), None),
            Err(NumberError::OutOfRange("-1000000001".into()))
        );
        // The bounds themselves are figures.
        assert!(to_decimal(&RawNumber::Int(MAX_FIGURE), None).is_ok());
        assert!(to_decimal(&RawNumber::Text("0.000001".into()), None).is_ok());
        assert!(parse_text("1e").is_err() && parse_text("e5").is_err());
        assert_eq!(
            to_decimal(&RawNumber::Text("0.0000001".into()), None),
            Err(NumberError::TooPrecise)
        );
        // Trailing zeros are not decimals.
        assert!(to_decimal(&RawNumber::Text("0.1000000000".into()), None).is_ok());
    }

    #[test]
    fn float_without_literal_uses_shortest_repr() {
        assert_eq!(
            to_decimal(&RawNumber::Float(0.3), None).unwrap(),
            dec("0.3")
        );
    }
}
