//! CTG012 invisible-in-id: an id holds no whitespace, control or invisible
//! character.

use super::{Context, Family, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Msg, Text};
use crate::render::safe::escape;
use crate::scenario::{Ident, Scenario};

crate::msgs! {
    INVISIBLE = "ctg012.invisible",
        fr: "l'identifiant de {what} `{id}` contient {char}, qui ne se voit pas",
        en: "the {what} id `{id}` contains {char}, which cannot be seen";
    IN_THIS_ID = "ctg012.in_this_id", fr: "dans cet identifiant", en: "in this id";
    RETYPE = "ctg012.retype",
        fr: "retapez l'identifiant avec des lettres, des chiffres, `-` et `_` seulement",
        en: "retype the id with letters, digits, `-` and `_` only";
    CONTROL_IN_NAME = "ctg012.control_in_name",
        fr: "le nom de {what} `{id}` contient un caractère de contrôle (U+{code}), qui casse les tableaux où il figure",
        en: "the name of {what} `{id}` contains a control character (U+{code}), which breaks the tables it is shown in";
    ITS_NAME = "ctg012.its_name", fr: "son nom", en: "its name";
    ONE_LINE = "ctg012.one_line",
        fr: "écrivez le nom sur une ligne, sans caractère de contrôle",
        en: "write the name on one line, without control characters";
    pub(crate) COMMUNE = "ctg012.commune", fr: "commune", en: "commune";
    pub(crate) CARRIER = "ctg012.carrier", fr: "porteur", en: "carrier";
    pub(crate) THEME = "ctg012.theme", fr: "thématique", en: "theme";
    pub(crate) PERIOD = "ctg012.period", fr: "période", en: "period";
    pub(crate) POST = "ctg012.post", fr: "poste", en: "post";
    CHAR = "ctg012.char", fr: "{name} (U+{code})", en: "{name} (U+{code})";
    SPACE = "ctg012.space", fr: "une espace", en: "a space";
    TAB = "ctg012.tab", fr: "une tabulation", en: "a tab";
    NBSP = "ctg012.nbsp", fr: "une espace insécable", en: "a no-break space";
    ZWSP = "ctg012.zwsp", fr: "une espace de largeur nulle", en: "a zero-width space";
    ZWJ = "ctg012.zwj", fr: "un liant de largeur nulle", en: "a zero-width joiner";
    BOM = "ctg012.bom", fr: "une indication d'ordre des octets (BOM)", en: "a byte order mark";
    SHY = "ctg012.shy", fr: "un trait d'union conditionnel", en: "a soft hyphen";
    CONTROL = "ctg012.control", fr: "un caractère de contrôle", en: "a control character";
    OTHER = "ctg012.other", fr: "un caractère invisible", en: "an invisible character";
}

pub static RULE: Rule = Rule {
    code: crate::code::Code::InvisibleInId,
    name: "invisible-in-id",
    family: Family::Scenario,
    severity: Severity::Error,
    summary: "An id contains a space, a control character or an invisible character, or a name a control character",
    explanation: include_str!("invisible_in_id.md"),
    check: Some(check),
    planning: super::Planning::None,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (id, what) in ids(ctx.scenario) {
        if let Some(c) = id.id.chars().find(|c| is_invisible(*c)) {
            let shown: String = id.id.chars().map(visible).collect();
            out.push(
                Diagnostic::error(
                    RULE.code,
                    Text::new(&INVISIBLE)
                        .arg("what", Arg::text(Text::new(what)))
                        .arg("id", Arg::id(escape(&shown)))
                        .arg("char", Arg::text(describe(c))),
                )
                .primary(id.span.clone(), &IN_THIS_ID)
                .help(&RETYPE),
            );
        }
    }
    // A name may hold spaces, but a line break or another control character
    // in it breaks every table it is printed in (a fake line in `cost`).
    let s = ctx.scenario;
    let names = s
        .communes
        .iter()
        .map(|c| (&c.id, c.name.as_str(), &COMMUNE))
        .chain(
            s.carriers
                .iter()
                .map(|c| (&c.id, c.name.as_str(), &CARRIER)),
        );
    for (id, name, what) in names {
        if let Some(c) = name.chars().find(|c| c.is_control()) {
            out.push(
                Diagnostic::error(
                    RULE.code,
                    Text::new(&CONTROL_IN_NAME)
                        .arg("what", Arg::text(Text::new(what)))
                        .arg("id", Arg::id(escape(&id.id)))
                        .arg("code", Arg::raw(format!("{:04X}", u32::from(c)))),
                )
                .primary(id.span.clone(), &ITS_NAME)
                .help(&ONE_LINE),
            );
        }
    }
}

/// Every id the file declares or keys a table with.
pub(crate) fn ids(s: &Scenario) -> Vec<(&Ident, &'static Msg)> {
    let mut v: Vec<(&Ident, &'static Msg)> = Vec::new();
    v.extend(s.communes.iter().map(|c| (&c.id, &COMMUNE)));
    v.extend(s.carriers.iter().map(|c| (&c.id, &CARRIER)));
    v.extend(s.themes.iter().map(|t| (&t.id, &THEME)));
    v.extend(s.periods.iter().map(|p| (&p.id, &PERIOD)));
    for p in &s.periods {
        if let Some(posts) = &p.posts {
            v.extend(posts.entries.iter().map(|e| (&e.holder, &POST)));
        }
        if let Some(t) = &p.themes {
            v.extend(t.entries.iter().map(|(i, _)| (i, &THEME)));
        }
    }
    v
}

/// Whitespace (a trailing space, a no-break space), control characters, and
/// Unicode's "default ignorable" characters, which no font shows (zero-width
/// space and joiners, bidirectional marks, variation selectors, the BOM...).
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c,
            '\u{ad}' | '\u{34f}' | '\u{61c}' | '\u{115f}'..='\u{1160}'
            | '\u{17b4}'..='\u{17b5}' | '\u{180b}'..='\u{180f}'
            | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}' | '\u{ffa0}' | '\u{fff0}'..='\u{fff8}'
            | '\u{1bca0}'..='\u{1bca3}' | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0000}'..='\u{e0fff}')
}

/// An invisible character shown as its code (`<U+200B>`), others as they are.
fn visible(c: char) -> String {
    if is_invisible(c) {
        format!("<U+{:04X}>", u32::from(c))
    } else {
        c.to_string()
    }
}

fn describe(c: char) -> Text {
    let name: &'static Msg = match c {
        ' ' => &SPACE,
        '\t' => &TAB,
        '\u{a0}' | '\u{202f}' => &NBSP,
        '\u{200b}' => &ZWSP,
        '\u{200c}' | '\u{200d}' => &ZWJ,
        '\u{feff}' => &BOM,
        '\u{ad}' => &SHY,
        _ if c.is_whitespace() => &SPACE,
        _ if c.is_control() => &CONTROL,
        _ => &OTHER,
    };
    Text::new(&CHAR)
        .arg("name", Arg::text(Text::new(name)))
        .arg("code", Arg::raw(format!("{:04X}", u32::from(c))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{primary_text, run, HEADER};

    #[test]
    fn spaces_and_invisible_characters_in_ids_are_errors() {
        for (id, said) in [
            ("mouries ", "a space (U+0020)"),
            ("mou\\u200Bries", "a zero-width space (U+200B)"),
            ("mouries\\u00A0", "a no-break space (U+00A0)"),
            ("mou\\u00ADries", "a soft hyphen (U+00AD)"),
            ("mou\\u001Bries", "a control character (U+001B)"),
        ] {
            let text = format!(
                "{HEADER}[[commune]]\nid = \"{id}\"\nname = \"M\"\n[[period]]\nid = \"2026\"\nposts.\"{id}\" = {{ etp = 0.1 }}\n"
            );
            let d = run(&RULE, &text);
            assert_eq!(d.len(), 2, "{id}: {d:?}");
            assert!(
                d[0].message.render(crate::i18n::Lang::En).contains(said),
                "{}",
                d[0].message.render(crate::i18n::Lang::En)
            );
            assert_eq!(primary_text(&text, &d[0]), format!("\"{id}\""));
            // What is printed shows where the character is, and runs nothing.
            assert!(!d[0]
                .message
                .render(crate::i18n::Lang::En)
                .chars()
                .any(crate::render::safe::is_dangerous));
        }
    }

    #[test]
    fn a_line_break_or_control_character_in_a_name_is_an_error() {
        for (name, said) in [
            ("Mouri\\r\\nFAKE: 0 errors", "a control character (U+000D)"),
            (
                "Mouri\\u001B]0;title\\u0007",
                "a control character (U+001B)",
            ),
        ] {
            let text = format!(
                "{HEADER}[[commune]]\nid = \"mouries\"\nname = \"{name}\"\n[[carrier]]\nid = \"op\"\nname = \"{name}\"\nkind = \"operator\"\n"
            );
            let d = run(&RULE, &text);
            assert_eq!(d.len(), 2, "{name}: {d:?}");
            assert!(
                d[0].message.render(crate::i18n::Lang::En).contains(said),
                "{}",
                d[0].message.render(crate::i18n::Lang::En)
            );
            assert_eq!(primary_text(&text, &d[0]), "\"mouries\"");
            assert!(
                d[1].message
                    .render(crate::i18n::Lang::En)
                    .contains("carrier `op`"),
                "{}",
                d[1].message.render(crate::i18n::Lang::En)
            );
        }
        // Spaces and accents in a name are fine.
        let text = format!("{HEADER}[[commune]]\nid = \"m\"\nname = \"Saint-Étienne du Grès\"\n");
        assert!(run(&RULE, &text).is_empty());
    }

    #[test]
    fn plain_and_accented_ids_pass() {
        let text = format!(
            "{HEADER}[[commune]]\nid = \"saint-étienne_du-grès-2\"\nname = \"Saint Étienne\"\n"
        );
        assert!(run(&RULE, &text).is_empty());
    }
}
