//! CTG014 duplicate-insee: two communes cannot share an INSEE code.

use super::{Context, Family, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::render::safe::escape;
use crate::scenario::Ident;
use std::collections::HashMap;

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
                    format!(
                        "communes `{}` and `{}` have the same INSEE code {}",
                        escape(&first_id.id),
                        escape(&c.id.id),
                        escape(code)
                    ),
                )
                .primary(insee.span.clone(), "the second commune with this code")
                .secondary(first_code.span.clone(), "first used here")
                .help("an INSEE code names one commune: fix the code, or keep one of the two communes"),
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
