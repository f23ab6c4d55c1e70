//! The TOML parser's and serde's own words (English) said in French, for
//! the messages a scenario or portfolio most often gets: an unknown or
//! missing key, an unknown value, a wrong type. A message not recognised in
//! full stays in English (`None`): a wrong translation is worse than none.

/// The French for `detail`, or `None` when a part of it is not recognised.
pub(crate) fn french(detail: &str) -> Option<String> {
    // The parser reads a bare word starting with t or f as a boolean: say
    // what a person most likely meant instead.
    if detail.starts_with("invalid boolean") {
        return Some(
            "valeur non reconnue\u{a0}: un texte s'écrit entre guillemets (\"…\"), un nombre avec un point (0.2)"
                .to_owned(),
        );
    }
    let (head, expected) = match detail.split_once(", expected ") {
        Some((h, e)) => (h, Some(e)),
        None => (detail, None),
    };
    let mut out = head_fr(head)?;
    if let Some(e) = expected {
        out.push_str(", attendu ");
        out.push_str(&expected_fr(e)?);
    }
    Some(out)
}

/// The label under the snippet: the French up to its list of alternatives.
pub(crate) fn short(fr: &str) -> String {
    fr.split(", attendu").next().unwrap_or(fr).to_owned()
}

fn head_fr(head: &str) -> Option<String> {
    const FIXED: [(&str, &str); 17] = [
        ("duplicate key", "clé en double"),
        ("key with no value", "clé sans valeur"),
        (
            "missing comma between key-value pairs",
            "virgule manquante entre deux clés (ou accolade fermante manquante)",
        ),
        (
            "missing assignment between key-value pairs",
            "signe = manquant entre la clé et sa valeur",
        ),
        (
            "extra assignment between key-value pairs",
            "signe = en trop entre la clé et sa valeur",
        ),
        (
            "string values must be quoted",
            "un texte doit être écrit entre guillemets",
        ),
        (
            "unclosed inline table",
            "table en ligne non fermée (accolade manquante)",
        ),
        ("invalid inline table", "table en ligne invalide"),
        ("missing key", "clé manquante"),
        (
            "cannot recurse further; max recursion depth met",
            "imbrication trop profonde\u{a0}: la limite de profondeur est atteinte",
        ),
        (
            "carriage return must be followed by newline",
            "un retour chariot doit être suivi d'un saut de ligne",
        ),
        ("unclosed table", "table non fermée"),
        ("unclosed array", "liste non fermée"),
        ("invalid basic string", "texte entre guillemets invalide"),
        ("invalid literal string", "texte entre apostrophes invalide"),
        (
            "a date or a table is not valid here",
            "une date ou une table n'a pas sa place ici",
        ),
        ("invalid key", "clé invalide"),
    ];
    if let Some((_, fr)) = FIXED.iter().find(|(en, _)| *en == head) {
        return Some((*fr).to_owned());
    }
    if let Some(rest) = head.strip_prefix("unknown field ") {
        return Some(match rest.split_once(", there are no fields") {
            Some((field, "")) if quoted(field) => {
                format!("champ inconnu {field}\u{202f}; aucun champ n'est attendu ici")
            }
            _ if quoted(rest) => format!("champ inconnu {rest}"),
            _ => return None,
        });
    }
    let prefixed: [(&str, &str); 5] = [
        ("missing field ", "champ manquant "),
        ("unknown variant ", "valeur inconnue "),
        ("duplicate field ", "champ en double "),
        ("duplicate key ", "clé en double "),
        ("invalid type: ", "type invalide\u{a0}: "),
    ];
    for (en, fr) in prefixed {
        if let Some(rest) = head.strip_prefix(en) {
            let rest = if en == "invalid type: " {
                type_fr(rest)?
            } else if quoted(rest) {
                rest.to_owned()
            } else {
                return None;
            };
            return Some(format!("{fr}{rest}"));
        }
    }
    None
}

/// A value's type as serde names it ("string \"x\"", "sequence", "integer `3`").
fn type_fr(t: &str) -> Option<String> {
    const TYPES: [(&str, &str); 8] = [
        ("string", "texte"),
        ("sequence", "liste"),
        ("map", "table"),
        ("integer", "entier"),
        ("floating point", "nombre décimal"),
        ("boolean", "booléen"),
        ("unit value", "valeur vide"),
        ("date", "date"),
    ];
    for (en, fr) in TYPES {
        if t == en {
            return Some(fr.to_owned());
        }
        if let Some(value) = t.strip_prefix(en).and_then(|r| r.strip_prefix(' ')) {
            return Some(format!("{fr} {value}"));
        }
    }
    None
}

/// What serde or the parser expected instead.
fn expected_fr(e: &str) -> Option<String> {
    const FIXED: [(&str, &str); 13] = [
        ("literal string", "un texte entre guillemets"),
        (
            "non-double-quote visible characters",
            "des caractères visibles autres que le guillemet",
        ),
        ("a sequence", "une liste"),
        ("a map", "une table"),
        ("a string", "un texte"),
        ("a boolean", "un booléen"),
        ("newline", "un saut de ligne"),
        ("a whole number (0 or more)", "un nombre entier (0 ou plus)"),
        ("a whole number", "un nombre entier"),
        ("a number", "un nombre"),
        ("a figure", "un chiffre"),
        (
            "a year or a range of years",
            "une année ou une plage d'années",
        ),
        ("nothing", "rien"),
    ];
    if let Some((_, fr)) = FIXED.iter().find(|(en, _)| *en == e) {
        return Some((*fr).to_owned());
    }
    if let Some(list) = e.strip_prefix("one of ") {
        return all_quoted(list).then(|| format!("l'une des valeurs {list}"));
    }
    all_quoted(e).then(|| e.to_owned())
}

/// One `quoted` item.
fn quoted(s: &str) -> bool {
    s.len() >= 2 && s.starts_with('`') && s.ends_with('`') && s.matches('`').count() == 2
}

/// `a`, `b`, `c` (or one item).
fn all_quoted(s: &str) -> bool {
    s.split(", ").all(quoted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usual_messages_are_said_in_french() {
        for (en, fr) in [
            (
                "unknown field `nme`, expected one of `name`, `caf`",
                "champ inconnu `nme`, attendu l'une des valeurs `name`, `caf`",
            ),
            ("missing field `id`", "champ manquant `id`"),
            (
                "unknown variant `vacant`, expected one of `filled`, `never_filled`",
                "valeur inconnue `vacant`, attendu l'une des valeurs `filled`, `never_filled`",
            ),
            (
                "invalid type: string \"petite_enfance\", expected a sequence",
                "type invalide\u{a0}: texte \"petite_enfance\", attendu une liste",
            ),
            (
                "carriage return must be followed by newline, expected newline",
                "un retour chariot doit être suivi d'un saut de ligne, attendu un saut de ligne",
            ),
            ("duplicate key", "clé en double"),
            ("key with no value, expected `=`", "clé sans valeur, attendu `=`"),
            (
                "string values must be quoted, expected literal string",
                "un texte doit être écrit entre guillemets, attendu un texte entre guillemets",
            ),
            (
                "invalid boolean, expected `true`",
                "valeur non reconnue\u{a0}: un texte s'écrit entre guillemets (\"…\"), un nombre avec un point (0.2)",
            ),
            (
                "unknown field `x`, there are no fields",
                "champ inconnu `x`\u{202f}; aucun champ n'est attendu ici",
            ),
        ] {
            assert_eq!(french(en).as_deref(), Some(fr), "{en}");
        }
        assert_eq!(short("champ inconnu `a`, attendu `b`"), "champ inconnu `a`");
    }

    #[test]
    fn what_is_not_recognised_in_full_stays_in_english() {
        for en in [
            "invalid value: integer `-1`, expected u64",
            "unknown field `a`, expected something else",
            "missing field id",
            "some new message of the parser",
        ] {
            assert_eq!(french(en), None, "{en}");
        }
    }
}
