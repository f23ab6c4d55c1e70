//! CTG014 duplicate-insee: two communes cannot share an INSEE code.

use super::{Context, Family, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Text};
use crate::render::safe::escape;
use crate::scenario::Ident;
use std::collections::HashMap;

crate::msgs! {
    SAME_CODE = "ctg014.same_code",
        fr: "les communes `{first}` et `{second}` ont le même code INSEE {code}",
        en: "communes `{first}` and `{second}` have the same INSEE code {code}";
    SECOND = "ctg014.second", fr: "la deuxième commune avec ce code", en: "the second commune with this code";
    FIRST = "ctg014.first", fr: "utilisé d'abord ici", en: "first used here";
    HELP = "ctg014.help",
        fr: "un code INSEE désigne une seule commune\u{a0}: corrigez le code, ou ne gardez qu'une des deux communes",
        en: "an INSEE code names one commune: fix the code, or keep one of the two communes";
}

pub static RULE: Rule = Rule {
    code: crate::code::Code::DuplicateInsee,
    name: "duplicate-insee",
    family: Family::Scenario,
    severity: Severity::Error,
    summary: "Two communes have the same INSEE code",
    explanation: include_str!("duplicate_insee.md"),
    check: Some(check),
    planning: super::Planning::None,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, (&Ident, &Ident)> = HashMap::new();
    for c in &ctx.scenario.communes {
        let Some(insee) = &c.insee else { continue };
        let code = insee.id.trim();
        match seen.get(code) {
            Some((first_code, first_id)) => out.push(
                Diagnostic::error(
                    RULE.code,
                    Text::new(&SAME_CODE)
                        .arg("first", Arg::id(escape(&first_id.id)))
                        .arg("second", Arg::id(escape(&c.id.id)))
                        .arg("code", Arg::raw(escape(code))),
                )
                .primary(insee.span.clone(), &SECOND)
                .secondary(first_code.span.clone(), &FIRST)
                .help(&HELP),
            ),
            None => {
                seen.insert(code, (insee, &c.id));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{primary_text, run, HEADER};

    #[test]
    fn the_second_commune_with_a_code_is_reported() {
        let text = format!(
            "{HEADER}[[commune]]\nid = \"a\"\nname = \"A\"\ninsee = \"13047\"\n[[commune]]\nid = \"b\"\nname = \"B\"\ninsee = \"13047\"\n[[commune]]\nid = \"c\"\nname = \"C\"\ninsee = \"13100\"\n"
        );
        let d = run(&RULE, &text);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(primary_text(&text, &d[0]), "\"13047\"");
        assert!(d[0].labels[1].span.start < d[0].labels[0].span.start);
        assert!(d[0]
            .message
            .render(crate::i18n::Lang::En)
            .contains("`a` and `b`"));
    }
}
