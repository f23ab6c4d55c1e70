//! CTG013 confusable-id: two ids that look alike, or an id mixing scripts.

use super::{Context, Family, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Text};
use crate::render::safe::escape;
use crate::scenario::Ident;
use std::collections::HashMap;
use unicode_security::confusable_detection::skeleton;
use unicode_security::MixedScript;

crate::msgs! {
    MIXES = "ctg013.mixes",
        fr: "l'identifiant de {what} `{id}` mélange plusieurs alphabets (une lettre cyrillique ou grecque parmi des lettres latines\u{202f}?)",
        en: "the {what} id `{id}` mixes alphabets (a Cyrillic or Greek letter among Latin ones?)";
    SEVERAL = "ctg013.several", fr: "lettres de plusieurs alphabets", en: "letters of several alphabets";
    RETYPE = "ctg013.retype", fr: "retapez l'identifiant sur un clavier français", en: "retype the id on a French keyboard";
    LOOKS_LIKE = "ctg013.looks_like",
        fr: "l'identifiant `{id}` ressemble à `{other}` mais c'est un autre identifiant",
        en: "the id `{id}` looks like `{other}` but is another id";
    THIS_ID = "ctg013.this_id", fr: "cet identifiant", en: "this id";
    LOOKS_LIKE_THIS = "ctg013.looks_like_this", fr: "ressemble à celui-ci", en: "looks like this one";
    RETYPE_ONE = "ctg013.retype_one",
        fr: "retapez l'un des deux pour qu'ils soient le même identifiant, ou bien deux identifiants nettement différents",
        en: "retype one of them so that they are the same id, or clearly different ones";
}

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
                    Text::new(&MIXES)
                        .arg("what", Arg::text(Text::new(what)))
                        .arg("id", Arg::id(escape(&id.id))),
                )
                .primary(id.span.clone(), &SEVERAL)
                .help(&RETYPE),
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
                        Text::new(&LOOKS_LIKE)
                            .arg("id", Arg::id(escape(&id.id)))
                            .arg("other", Arg::id(escape(&first.id))),
                    )
                    .primary(id.span.clone(), &THIS_ID)
                    .secondary(first.span.clone(), &LOOKS_LIKE_THIS)
                    .help(&RETYPE_ONE),
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
