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
    check_up_to(ctx, out, crate::diagnostic::MAX_PER_CODE);
}

/// A commune without themes warns once per period: thousands of communes
/// over many periods found 85,000 warnings (176 MiB) only for the cap to
/// show 200. The first `cap` are built, the rest only counted.
fn check_up_to(ctx: &Context, out: &mut Vec<Diagnostic>, cap: usize) {
    let s = ctx.scenario;
    let mut found = 0usize;
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
                found += 1;
                if found > cap {
                    continue;
                }
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
    if found > cap {
        out.push(Diagnostic::not_shown(
            RULE.code,
            RULE.severity,
            found - cap,
            cap,
        ));
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

    #[test]
    fn past_the_cap_the_rest_is_counted_not_built() {
        let mut text = HEADER.to_string();
        for c in 0..4 {
            text.push_str(&format!("[[commune]]\nid = \"c{c}\"\nname = \"C{c}\"\n"));
        }
        for p in 0..3 {
            text.push_str(&format!(
                "[[period]]\nid = \"{}\"\nthemes = {{ petite_enfance = 0.4 }}\n",
                2027 + p
            ));
            for c in 0..4 {
                text.push_str(&format!("posts.c{c} = {{ etp = 0.1 }}\n"));
            }
        }
        let all = run(&RULE, &text);
        assert_eq!(all.len(), 12);
        let loaded = crate::scenario::load_str("test.toml", &text);
        let s = loaded.scenario.expect("loads");
        let facts = crate::rules::Facts::of(&s);
        let mut out = Vec::new();
        check_up_to(&Context::new(&s, &facts), &mut out, 5);
        assert_eq!(out.len(), 6);
        assert_eq!(out[..5], all[..5]);
        assert_eq!(out[5].not_shown_count(), Some(7));
        // The check's cap then shows the same as it would for all twelve.
        let capped = crate::check::cap_per_code(out, 5);
        let from_all = crate::check::cap_per_code(all, 5);
        assert_eq!(capped, from_all);
        assert_eq!(
            capped[5].message.render(crate::i18n::Lang::En),
            "7 more CTG041 warnings in this file, not shown (the first 5 are)"
        );
    }
}
