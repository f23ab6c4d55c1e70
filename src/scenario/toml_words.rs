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
    const FIXED: [(&str, &str); 72] = [
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
        ("missing opening quote", "guillemet ouvrant manquant"),
        (
            "missing comma between array elements",
            "virgule manquante entre deux éléments de la liste",
        ),
        (
            "integers with a radix cannot be signed",
            "un entier écrit en hexadécimal, octal ou binaire ne prend pas de signe",
        ),
        (
            "radix must be lowercase",
            "le préfixe 0x, 0o ou 0b s'écrit en minuscules",
        ),
        (
            "invalid multi-line basic string",
            "texte sur plusieurs lignes entre guillemets invalide",
        ),
        (
            "invalid multi-line literal string",
            "texte sur plusieurs lignes entre apostrophes invalide",
        ),
        (
            "unexpected leading zero",
            "zéro en tête inattendu (écrivez 7, pas 07)",
        ),
        (
            "unclosed array table",
            "table [[...]] non fermée (crochets manquants)",
        ),
        (
            "missing key for inline table element",
            "clé manquante dans la table en ligne",
        ),
        (
            "missing inline table opening",
            "accolade ouvrante manquante",
        ),
        (
            "missing escaped value",
            "caractère manquant après la barre oblique inverse",
        ),
        ("missing array opening", "crochet ouvrant manquant"),
        (
            "invalid unquoted key",
            "clé sans guillemets invalide (lettres, chiffres, - et _ seulement)",
        ),
        (
            "unquoted keys cannot be empty",
            "une clé sans guillemets ne peut pas être vide",
        ),
        ("unexpected sign", "signe inattendu"),
        ("unexpected key or value", "clé ou valeur inattendue"),
        ("unexpected content", "contenu inattendu"),
        (
            "unexpected content between comment and newline",
            "contenu inattendu entre le commentaire et la fin de ligne",
        ),
        ("unexpected `=` in array", "`=` inattendu dans une liste"),
        (
            "too few unicode value digits",
            "trop peu de chiffres dans le code Unicode",
        ),
        ("redundant numeric sign", "signe en double"),
        (
            "redundant integer number prefix",
            "préfixe de nombre en double",
        ),
        ("missing value", "valeur manquante"),
        ("missing value for key", "valeur manquante pour la clé"),
        ("missing table open", "crochet ouvrant de la table manquant"),
        ("missing comment start", "début de commentaire (#) manquant"),
        (
            "keys cannot be multi-line literal strings",
            "une clé ne peut pas être un texte sur plusieurs lignes",
        ),
        (
            "keys cannot be multi-line basic strings",
            "une clé ne peut pas être un texte sur plusieurs lignes",
        ),
        ("invalid value", "valeur invalide"),
        ("invalid key-value pair", "paire clé = valeur invalide"),
        (
            "invalid inline table element",
            "élément de table en ligne invalide",
        ),
        (
            "invalid comment character",
            "caractère invalide dans un commentaire",
        ),
        (
            "extra comma in inline table",
            "virgule en trop dans la table en ligne",
        ),
        ("extra comma in array", "virgule en trop dans la liste"),
        ("extra `=`", "`=` en trop"),
        (
            "`_` may only go between digits",
            "`_` ne peut se trouver qu'entre deux chiffres",
        ),
        ("invalid table", "table invalide"),
        ("invalid string", "texte invalide"),
        ("invalid octal number", "nombre octal invalide"),
        ("invalid mantissa", "mantisse invalide"),
        ("invalid integer number", "nombre entier invalide"),
        ("invalid hexadecimal number", "nombre hexadécimal invalide"),
        ("invalid fraction", "partie décimale invalide"),
        ("invalid float", "nombre décimal invalide"),
        ("invalid exponent", "exposant invalide"),
        ("invalid date-time", "date ou heure invalide"),
        ("invalid binary number", "nombre binaire invalide"),
        ("integer number overflowed", "nombre entier trop grand"),
        (
            "floating-point number overflowed",
            "nombre décimal trop grand",
        ),
        (
            "cannot extend value of type array with a dotted key",
            "une liste ne peut pas être complétée par une clé pointée (a.b = ...)",
        ),
        (
            "cannot extend value of type inline table with a dotted key",
            "une table en ligne ne peut pas être complétée par une clé pointée (a.b = ...)",
        ),
        ("invalid date", "date invalide"),
        ("invalid time", "heure invalide"),
        ("invalid datetime", "date et heure invalides"),
        ("invalid offset", "décalage horaire invalide"),
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
        // "integer `99999999999999999999` as i128": the parser's own width.
        let t = t.strip_suffix(" as i128").unwrap_or(t);
        if let Some(value) = t.strip_prefix(en).and_then(|r| r.strip_prefix(' ')) {
            return Some(format!("{fr} {value}"));
        }
    }
    None
}

/// What serde or the parser expected instead.
fn expected_fr(e: &str) -> Option<String> {
    const FIXED: [(&str, &str); 42] = [
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
        ("characters", "des caractères"),
        ("digits", "des chiffres"),
        ("key", "une clé"),
        ("multi-line basic string", "un texte sur plusieurs lignes"),
        (
            "non-single-quote characters",
            "des caractères autres que l'apostrophe",
        ),
        (
            "non-single-quote visible characters",
            "des caractères visibles autres que l'apostrophe",
        ),
        ("printable characters", "des caractères imprimables"),
        ("unicode hexadecimal value", "un code Unicode hexadécimal"),
        ("value", "une valeur"),
        (
            "letters, numbers, `-`, `_`",
            "des lettres, des chiffres, `-` ou `_`",
        ),
        ("any valid TOML value", "une valeur TOML valide"),
        ("day between 01 and 28", "un jour entre 01 et 28"),
        ("day between 01 and 29", "un jour entre 01 et 29"),
        ("day between 01 and 30", "un jour entre 01 et 30"),
        ("day between 01 and 31", "un jour entre 01 et 31"),
        ("month between 01 and 12", "un mois entre 01 et 12"),
        ("hour between 00 and 23", "une heure entre 00 et 23"),
        ("hours between 00 and 23", "des heures entre 00 et 23"),
        ("minute between 00 and 59", "une minute entre 00 et 59"),
        ("minutes between 00 and 59", "des minutes entre 00 et 59"),
        ("second between 00 and 60", "une seconde entre 00 et 60"),
        (
            "a four-digit year (YYYY)",
            "une année à quatre chiffres (AAAA)",
        ),
        ("a two-digit month (MM)", "un mois à deux chiffres (MM)"),
        ("a two-digit day (DD)", "un jour à deux chiffres (JJ)"),
        ("a two-digit hour (HH)", "une heure à deux chiffres (HH)"),
        ("a two-digit minute (MM)", "une minute à deux chiffres (MM)"),
        (
            "a two-digit second (SS)",
            "une seconde à deux chiffres (SS)",
        ),
        ("`-` (MM-DD)", "`-` (MM-JJ)"),
        ("`T` between date and time", "`T` entre la date et l'heure"),
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

    /// The parser's rarer messages, as it writes them for broken files.
    #[test]
    fn the_parser_s_rarer_messages_are_said_in_french() {
        let mut missing = Vec::new();
        for text in [
            "a = [1,,2]\n",
            "a = 07\n",
            "a = 0X1F\n",
            "a = +0x1F\n",
            "[[a]\n",
            "a = 1__0\n",
            "a = \"\\u12\"\n",
            "a = [1 2]\n",
            "a = 1 # x\u{7}\n",
            "a = 1979-05-32\n",
            "= 1\n",
            "a = 1e\n",
            "a = 99999999999999999999\n",
        ] {
            let Err(e) = text.parse::<toml::Table>() else {
                panic!("{text:?} parses");
            };
            let detail = e.message();
            if french(detail).is_none() {
                missing.push(format!("{text:?}: {detail}"));
            }
        }
        assert!(missing.is_empty(), "{missing:#?}");
    }

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
