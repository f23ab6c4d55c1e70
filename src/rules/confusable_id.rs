//! CTG013 confusable-id: two ids that look alike, or an id mixing scripts.

use super::{Context, Family, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::render::safe::escape;
use crate::scenario::Ident;
use std::collections::HashMap;
use unicode_security::confusable_detection::skeleton;
use unicode_security::MixedScript;

pub static RULE: Rule = Rule {
    code: crate::code::Code::ConfusableId,
    name: "confusable-id",
    family: Family::Scenario,
    severity: Severity::Warning,
    summary: "Two ids look alike but differ, or an id mixes alphabets",
    explanation: include_str!("confusable_id.md"),
    check: Some(check),
    planning: super::Planning::None,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let s = ctx.scenario;
    let holders = s
        .communes
        .iter()
        .map(|c| &c.id)
        .chain(s.carriers.iter().map(|c| &c.id));
    look_alikes(holders, out);
    look_alikes(s.themes.iter().map(|t| &t.id), out);
    look_alikes(s.periods.iter().map(|p| &p.id), out);
    for (id, what) in super::invisible_in_id::ids(s) {
        // Each declared id once; a post key is reported where it is used.
        if !id.id.is_single_script() {
            out.push(
                Diagnostic::warning(
                    RULE.code,
                    format!(
                        "the {what} id `{}` mixes alphabets (a Cyrillic or Greek letter among Latin ones?)",
                        escape(&id.id)
                    ),
                )
                .primary(id.span.clone(), "letters of several alphabets")
                .help("retype the id on a French keyboard"),
            );
        }
    }
}

/// Ids of one namespace that differ but share a skeleton (UTS #39: what
/// they look like), at least one with a letter outside ASCII: `mouries`
/// written with a Cyrillic `е`. (ASCII pairs such as `c1`/`cl` are left to
/// their authors.)
fn look_alikes<'a>(ids: impl Iterator<Item = &'a Ident>, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, &Ident> = HashMap::new();
    for id in ids {
        let key: String = skeleton(&id.id).collect();
        match seen.get(&key) {
            Some(first) if first.id != id.id && !(first.id.is_ascii() && id.id.is_ascii()) => {
                out.push(
                    Diagnostic::warning(
                        RULE.code,
                        format!(
                            "the id `{}` looks like `{}` but is another id",
                            escape(&id.id),
                            escape(&first.id)
                        ),
                    )
                    .primary(id.span.clone(), "this id")
                    .secondary(first.span.clone(), "looks like this one")
                    .help("retype one of them so that they are the same id, or clearly different ones"),
                );
            }
            Some(_) => {}
            None => {
                seen.insert(key, id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{run, HEADER};

    #[test]
    fn a_cyrillic_letter_makes_a_look_alike() {
        // The second `mouries` has a Cyrillic е (U+0435).
        let text = format!(
            "{HEADER}[[commune]]\nid = \"mouries\"\nname = \"M\"\n[[commune]]\nid = \"mouri\u{435}s\"\nname = \"M2\"\n"
        );
        let d = run(&RULE, &text);
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d.iter().any(|d| d
            .message
            .render(crate::i18n::Lang::En)
            .contains("looks like `mouries`")));
        assert!(d.iter().any(|d| d
            .message
            .render(crate::i18n::Lang::En)
            .contains("mixes alphabets")));
    }

    #[test]
    fn distinct_and_plain_ids_pass() {
        let text = format!(
            "{HEADER}[[commune]]\nid = \"c1\"\nname = \"A\"\n[[commune]]\nid = \"cl\"\nname = \"B\"\n[[commune]]\nid = \"saint-étienne\"\nname = \"C\"\n"
        );
        assert!(run(&RULE, &text).is_empty());
    }
}
