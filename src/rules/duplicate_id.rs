//! CTG010 duplicate-id: an id names one commune, carrier or period only.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Msg, Text};
use crate::scenario::Ident;
use std::collections::HashMap;

crate::msgs! {
    USED_TWICE = "ctg010.used_twice",
        fr: "l'identifiant `{id}` est utilisé deux fois",
        en: "the id `{id}` is used twice";
    REUSES = "ctg010.reuses", fr: "{what} le réutilise", en: "{what} reuses it";
    FIRST_USED = "ctg010.first_used", fr: "utilisé d'abord par {what}", en: "first used by {what}";
    HELP = "ctg010.help",
        fr: "donnez à chaque commune, porteur et période son propre identifiant",
        en: "give each commune, carrier and period its own id";
    THIS_COMMUNE = "ctg010.this_commune", fr: "cette commune", en: "this commune";
    THIS_CARRIER = "ctg010.this_carrier", fr: "ce porteur", en: "this carrier";
    THIS_PERIOD = "ctg010.this_period", fr: "cette période", en: "this period";
    THIS_POST = "ctg010.this_post", fr: "ce poste", en: "this post";
    THIS_THEME_TOTAL = "ctg010.this_theme_total", fr: "ce total par thématique", en: "this theme total";
}

pub static RULE: Rule = Rule {
    code: Code::DuplicateId,
    name: "duplicate-id",
    family: Family::Scenario,
    severity: Severity::Error,
    summary: "Two communes, carriers or periods share an id",
    explanation: include_str!("duplicate_id.md"),
    check: Some(check),
    planning: Planning::None,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let s = ctx.scenario;
    // Communes and carriers share one namespace: posts are keyed by either.
    let holders = s
        .communes
        .iter()
        .map(|c| (&c.id, &THIS_COMMUNE))
        .chain(s.carriers.iter().map(|c| (&c.id, &THIS_CARRIER)));
    report(holders, out);
    report(s.periods.iter().map(|p| (&p.id, &THIS_PERIOD)), out);
    // Keys of one table: distinct in the file, they can be one id once
    // normalised (an `é` typed composed and decomposed), and the second
    // would be silently ignored.
    for p in &s.periods {
        if let Some(posts) = &p.posts {
            report(posts.entries.iter().map(|e| (&e.holder, &THIS_POST)), out);
        }
        if let Some(t) = &p.themes {
            report(t.entries.iter().map(|(i, _)| (i, &THIS_THEME_TOTAL)), out);
        }
    }
}

fn report<'a>(ids: impl Iterator<Item = (&'a Ident, &'static Msg)>, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, (&Ident, &'static Msg)> = HashMap::new();
    for (id, what) in ids {
        match seen.get(id.id.as_str()) {
            Some((first, first_what)) => out.push(
                Diagnostic::error(RULE.code, Text::new(&USED_TWICE).arg("id", Arg::id(&id.id)))
                    .primary(
                        id.span.clone(),
                        Text::new(&REUSES).arg("what", Arg::text(Text::new(what))),
                    )
                    .secondary(
                        first.span.clone(),
                        Text::new(&FIRST_USED).arg("what", Arg::text(Text::new(first_what))),
                    )
                    .help(&HELP),
            ),
            None => {
                seen.insert(&id.id, (id, what));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{primary_text, run, HEADER};

    #[test]
    fn duplicate_commune_and_carrier_ids() {
        let text = format!(
            "{HEADER}[[commune]]\nid = \"a\"\nname = \"A\"\n[[carrier]]\nid = \"a\"\nname = \"EPCI\"\nkind = \"epci\"\n"
        );
        let d = run(&RULE, &text);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].labels.len(), 2);
        assert!(d[0].labels[0].span.start > d[0].labels[1].span.start);
        assert_eq!(primary_text(&text, &d[0]), "\"a\"");
    }

    #[test]
    fn duplicate_periods_and_distinct_ids() {
        let text = format!("{HEADER}[[period]]\nid = \"2026\"\n[[period]]\nid = \"2026\"\n");
        assert_eq!(run(&RULE, &text).len(), 1);
        let text = format!("{HEADER}[[period]]\nid = \"2026\"\n[[period]]\nid = \"2027\"\n");
        assert!(run(&RULE, &text).is_empty());
    }

    #[test]
    fn keys_that_are_one_id_once_normalised_are_duplicates() {
        // "mouriès" with a precomposed è, then with e + U+0300.
        let text = format!(
            "{HEADER}[[commune]]\nid = \"mouriès\"\nname = \"M\"\n[[period]]\nid = \"2026\"\n[period.posts]\n\"mouriès\" = {{ etp = 0.1 }}\n\"mourie\u{300}s\" = {{ etp = 0.2 }}\n"
        );
        let d = run(&RULE, &text);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0]
            .message
            .render(crate::i18n::Lang::En)
            .contains("used twice"));
    }
}
