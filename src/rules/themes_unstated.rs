//! CTG041 themes-unstated: a post holding ETP says which themes it works on.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Text};
use rust_decimal::Decimal;

crate::msgs! {
    UNSTATED = "ctg041.unstated",
        fr: "période {period}\u{a0}: {holder} compte {etp} ETP mais ses thématiques ne sont pas précisées",
        en: "period {period}: {holder} holds {etp} ETP but its themes are not stated";
    NO_THEMES = "ctg041.no_themes",
        fr: "pas de `themes` ici ni sur la commune",
        en: "no `themes` here nor on the commune";
    NOTE = "ctg041.note",
        fr: "la vérification de la répartition (CTG040) suppose que ce poste peut servir toute thématique",
        en: "the split check (CTG040) assumes this post can serve any theme";
    HELP = "ctg041.help",
        fr: "ajoutez `themes = [...]` au poste (ou à la commune, pour toutes les périodes)",
        en: "add `themes = [...]` to the post (or to the commune, for every period)";
}

pub static RULE: Rule = Rule {
    code: Code::ThemesUnstated,
    name: "themes-unstated",
    family: Family::Scenario,
    severity: Severity::Warning,
    summary: "A post holds ETP in a period with theme totals but lists no themes",
    explanation: include_str!("themes_unstated.md"),
    check: Some(check),
    planning: Planning::None,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let s = ctx.scenario;
    for (i, period) in s.periods.iter().enumerate() {
        if period.themes.is_none() {
            continue;
        }
        for post in period.posts.iter().flat_map(|p| &p.entries) {
            let etp = ctx.facts.etp(i, &post.holder.id).unwrap_or(Decimal::ZERO);
            if etp > Decimal::ZERO
                && s.is_holder(&post.holder.id)
                && s.themes_in(period, &post.holder.id).is_none()
            {
                out.push(
                    Diagnostic::warning(
                        RULE.code,
                        Text::new(&UNSTATED)
                            .arg("period", super::args::period(period))
                            .arg("holder", super::args::subject(s, &post.holder.id))
                            .arg("etp", Arg::etp(etp)),
                    )
                    .primary(post.holder.span.clone(), &NO_THEMES)
                    .period(&period.id.id)
                    .holder(&post.holder.id)
                    .note(&NOTE)
                    .help(&HELP),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{primary_text, run, HEADER};

    #[test]
    fn warns_for_post_without_themes() {
        let text = format!("{HEADER}[[commune]]\nid = \"aureille\"\nname = \"Aureille\"\n[[period]]\nid = \"2027\"\nthemes = {{ petite_enfance = 0.2 }}\nposts.aureille = {{ etp = 0.2 }}\n");
        let d = run(&RULE, &text);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Warning);
        assert_eq!(primary_text(&text, &d[0]), "aureille");
        let with = text.replace("etp = 0.2 }", "etp = 0.2, themes = [\"petite_enfance\"] }");
        assert!(run(&RULE, &with).is_empty());
        assert!(run(&RULE, &text.replace("etp = 0.2 }", "etp = 0 }")).is_empty());
    }
}
