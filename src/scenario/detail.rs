//! The TOML parser's and serde's details, and a figure's error, in the
//! user's language. The English text is theirs, unchanged; the French one
//! is ours for the forms a scenario meets (an unknown or missing key, an
//! unknown value, a table where a list goes, a lone carriage return, too
//! deep a nesting). Any other detail is quoted as it comes.

use crate::i18n::{Arg, Text};
use crate::number::{NumberError, MAX_DECIMALS, MAX_FIGURE};

crate::msgs! {
    NOT_A_NUMBER = "detail.not_a_number",
        fr: "`{text}` n'est pas un nombre",
        en: "`{text}` is not a number";
    NOT_FINITE = "detail.not_finite",
        fr: "une valeur infinie ou NaN n'est pas un chiffre",
        en: "infinite or NaN values are not figures";
    TOO_PRECISE = "detail.too_precise",
        fr: "trop de chiffres (au plus {decimals} décimales et 28 chiffres en tout)",
        en: "too many digits (at most {decimals} decimals and 28 digits in all)";
    OUT_OF_RANGE = "detail.out_of_range",
        fr: "`{text}` est hors limites (un chiffre vaut au plus {max} en valeur absolue)",
        en: "`{text}` is out of range (figures are at most {max} in absolute value)";

    WITH_EXPECTED = "detail.with_expected", fr: "{head}, {expected}", en: "{head}, {expected}";
    UNKNOWN_FIELD = "detail.unknown_field",
        fr: "clé inconnue `{name}`",
        en: "unknown field `{name}`";
    UNKNOWN_VARIANT = "detail.unknown_variant",
        fr: "valeur inconnue `{name}`",
        en: "unknown variant `{name}`";
    MISSING_FIELD = "detail.missing_field",
        fr: "clé manquante `{name}`",
        en: "missing field `{name}`";
    DATE_OR_TABLE = "detail.date_or_table",
        fr: "une date ou une table n'a pas sa place ici",
        en: "a date or a table is not valid here";
    LONE_CR = "detail.lone_cr",
        fr: "un retour chariot doit être suivi d'un saut de ligne",
        en: "carriage return must be followed by newline";
    TOO_DEEP = "detail.too_deep",
        fr: "trop de niveaux imbriqués\u{202f}; la limite est atteinte",
        en: "cannot recurse further; max recursion depth met";

    NO_FIELDS = "detail.no_fields", fr: "aucune clé n'est admise ici", en: "there are no fields";
    NO_VARIANTS = "detail.no_variants", fr: "aucune valeur n'est admise ici", en: "there are no variants";
    ONE_OF = "detail.one_of", fr: "valeurs admises\u{a0}: {list}", en: "expected one of {list}";
    KEYS_ONE_OF = "detail.keys_one_of", fr: "clés admises\u{a0}: {list}", en: "expected one of {list}";
    EITHER = "detail.either", fr: "attendu\u{a0}: {a} ou {b}", en: "expected {a} or {b}";
    EXPECTED = "detail.expected", fr: "attendu\u{a0}: {what}", en: "expected {what}";

    SEQUENCE = "detail.sequence", fr: "une liste", en: "a sequence";
    STRING = "detail.string", fr: "un texte", en: "a string";
    BOOLEAN = "detail.boolean", fr: "un booléen (true ou false)", en: "a boolean";
    NEWLINE = "detail.newline", fr: "un saut de ligne", en: "newline";
    WHOLE = "detail.whole", fr: "un nombre entier", en: "a whole number";
    NATURAL = "detail.natural",
        fr: "un nombre entier positif ou nul",
        en: "a whole number (0 or more)";
}

/// A figure's error (CTG004's detail).
pub(crate) fn number(e: &NumberError) -> Text {
    match e {
        NumberError::NotANumber(s) => Text::new(&NOT_A_NUMBER).arg("text", Arg::raw(s.as_str())),
        NumberError::NotFinite => Text::new(&NOT_FINITE),
        NumberError::TooPrecise => Text::new(&TOO_PRECISE).arg("decimals", Arg::int(MAX_DECIMALS)),
        NumberError::OutOfRange(s) => Text::new(&OUT_OF_RANGE)
            .arg("text", Arg::raw(s.as_str()))
            .arg("max", Arg::int(MAX_FIGURE)),
    }
}

/// The parser's detail `message` (one line of it, as ctgplan shows it).
pub(crate) fn toml(message: &str) -> Text {
    let at = message
        .find(", expected ")
        .or_else(|| message.find(", there are no "));
    let translated = match at {
        None => head(message),
        Some(i) => message
            .get(..i)
            .and_then(head)
            .zip(
                message
                    .get(i + 2..)
                    .and_then(|e| expected(e, message.starts_with("unknown field `"))),
            )
            .map(|(h, e)| {
                Text::new(&WITH_EXPECTED)
                    .arg("head", Arg::text(h))
                    .arg("expected", Arg::text(e))
            }),
    };
    translated.unwrap_or_else(|| Text::raw(message))
}

fn head(text: &str) -> Option<Text> {
    let named = |prefix: &str| {
        text.strip_prefix(prefix)
            .and_then(|r| r.strip_suffix('`'))
            .filter(|name| !name.contains('`'))
    };
    if let Some(name) = named("unknown field `") {
        return Some(Text::new(&UNKNOWN_FIELD).arg("name", Arg::raw(name)));
    }
    if let Some(name) = named("unknown variant `") {
        return Some(Text::new(&UNKNOWN_VARIANT).arg("name", Arg::raw(name)));
    }
    if let Some(name) = named("missing field `") {
        return Some(Text::new(&MISSING_FIELD).arg("name", Arg::raw(name)));
    }
    [&DATE_OR_TABLE, &LONE_CR, &TOO_DEEP]
        .into_iter()
        .find(|m| m.en == text)
        .map(Text::new)
}

/// What the parser expected; `keys` when it lists the keys of a table.
fn expected(text: &str, keys: bool) -> Option<Text> {
    if text == NO_FIELDS.en {
        return Some(Text::new(&NO_FIELDS));
    }
    if text == NO_VARIANTS.en {
        return Some(Text::new(&NO_VARIANTS));
    }
    if let Some(list) = text.strip_prefix("expected one of ") {
        let msg = if keys { &KEYS_ONE_OF } else { &ONE_OF };
        return Some(Text::new(msg).arg("list", Arg::raw(list)));
    }
    let what = text.strip_prefix("expected ")?;
    // Two names the user types: "`a` or `b`".
    if let Some((a, b)) = what.split_once(" or ") {
        if [a, b]
            .iter()
            .all(|x| x.starts_with('`') && x.ends_with('`'))
        {
            return Some(
                Text::new(&EITHER)
                    .arg("a", Arg::raw(a))
                    .arg("b", Arg::raw(b)),
            );
        }
    }
    if what.starts_with('`') && what.ends_with('`') && what.matches('`').count() == 2 {
        return Some(Text::new(&EXPECTED).arg("what", Arg::raw(what)));
    }
    [&SEQUENCE, &STRING, &BOOLEAN, &NEWLINE, &WHOLE, &NATURAL]
        .into_iter()
        .find(|m| m.en == what)
        .map(|m| Text::new(&EXPECTED).arg("what", Arg::text(Text::new(m))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn english_stays_the_parsers_and_french_is_ours() {
        for (en, fr) in [
            (
                "unknown field `nom`, expected one of `name`, `id`",
                "clé inconnue `nom`, clés admises\u{a0}: `name`, `id`",
            ),
            ("unknown field `x`, there are no fields", "clé inconnue `x`, aucune clé n'est admise ici"),
            ("unknown variant `a`, expected `b` or `c`", "valeur inconnue `a`, attendu\u{a0}: `b` ou `c`"),
            ("missing field `id`", "clé manquante `id`"),
            (
                "a date or a table is not valid here, expected a sequence",
                "une date ou une table n'a pas sa place ici, attendu\u{a0}: une liste",
            ),
            (
                "carriage return must be followed by newline, expected newline",
                "un retour chariot doit être suivi d'un saut de ligne, attendu\u{a0}: un saut de ligne",
            ),
            // Anything else is quoted as it comes.
            ("invalid type: string \"a\", expected a map", "invalid type: string \"a\", expected a map"),
            ("unknown field `a`, expected something new", "unknown field `a`, expected something new"),
        ] {
            let t = toml(en);
            assert_eq!(t.render(Lang::En), en);
            assert_eq!(t.render(Lang::Fr), fr);
        }
        for e in [
            NumberError::NotANumber("x".into()),
            NumberError::NotFinite,
            NumberError::TooPrecise,
            NumberError::OutOfRange("5200000000".into()),
        ] {
            assert_eq!(number(&e).render(Lang::En), e.to_string());
        }
        assert_eq!(
            number(&NumberError::OutOfRange("5200000000".into())).render(Lang::Fr),
            "`5200000000` est hors limites (un chiffre vaut au plus 1\u{202f}000\u{202f}000\u{202f}000 en valeur absolue)"
        );
    }
}
