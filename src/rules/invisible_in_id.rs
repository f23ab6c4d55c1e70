//! CTG012 invisible-in-id: an id holds no whitespace, control or invisible
//! character.

use super::{Context, Family, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::render::safe::escape;
use crate::scenario::{Ident, Scenario};

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
                    format!(
                        "the {what} id `{}` contains {}, which cannot be seen",
                        escape(&shown),
                        describe(c)
                    ),
                )
                .primary(id.span.clone(), "in this id")
                .help("retype the id with letters, digits, `-` and `_` only"),
            );
        }
    }
    // A name may hold spaces, but a line break or another control character
    // in it breaks every table it is printed in (a fake line in `cost`).
    let s = ctx.scenario;
    let names = s
        .communes
        .iter()
        .map(|c| (&c.id, c.name.as_str(), "commune"))
        .chain(
            s.carriers
                .iter()
                .map(|c| (&c.id, c.name.as_str(), "carrier")),
        );
    for (id, name, what) in names {
        if let Some(c) = name.chars().find(|c| c.is_control()) {
            out.push(
                Diagnostic::error(
                    RULE.code,
                    format!(
                        "the name of {what} `{}` contains a control character (U+{:04X}), which breaks the tables it is shown in",
                        escape(&id.id),
                        u32::from(c)
                    ),
                )
                .primary(id.span.clone(), "its name")
                .help("write the name on one line, without control characters"),
            );
        }
    }
}

/// Every id the file declares or keys a table with.
pub(crate) fn ids(s: &Scenario) -> Vec<(&Ident, &'static str)> {
    let mut v: Vec<(&Ident, &'static str)> = Vec::new();
    v.extend(s.communes.iter().map(|c| (&c.id, "commune")));
    v.extend(s.carriers.iter().map(|c| (&c.id, "carrier")));
    v.extend(s.themes.iter().map(|t| (&t.id, "theme")));
    v.extend(s.periods.iter().map(|p| (&p.id, "period")));
    for p in &s.periods {
        if let Some(posts) = &p.posts {
            v.extend(posts.entries.iter().map(|e| (&e.holder, "post")));
        }
        if let Some(t) = &p.themes {
            v.extend(t.entries.iter().map(|(i, _)| (i, "theme")));
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

fn describe(c: char) -> String {
    let name = match c {
        ' ' => "a space",
        '\t' => "a tab",
        '\u{a0}' | '\u{202f}' => "a no-break space",
        '\u{200b}' => "a zero-width space",
        '\u{200c}' | '\u{200d}' => "a zero-width joiner",
        '\u{feff}' => "a byte order mark",
        '\u{ad}' => "a soft hyphen",
        _ if c.is_whitespace() => "a space",
        _ if c.is_control() => "a control character",
        _ => "an invisible character",
    };
    format!("{name} (U+{:04X})", u32::from(c))
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
