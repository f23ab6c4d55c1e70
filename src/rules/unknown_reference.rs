//! CTG011 unknown-reference: every id a scenario refers to is declared.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::scenario::{Ident, Scenario, ThemeList};

pub static RULE: Rule = Rule {
    code: Code::UnknownReference,
    name: "unknown-reference",
    family: Family::Scenario,
    severity: Severity::Error,
    summary: "A commune, carrier, theme or period referred to is not declared",
    explanation: include_str!("unknown_reference.md"),
    check: Some(check),
    planning: Planning::None,
};

#[derive(Clone, Copy)]
enum Kind {
    Commune,
    Holder,
    Theme,
    Period,
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let s = ctx.scenario;
    let mut refs: Vec<(&Ident, Kind)> = Vec::new();
    for c in &s.communes {
        refs.extend(c.pooled_with.iter().map(|i| (i, Kind::Commune)));
        refs.extend(themes(&c.themes).into_iter().map(|i| (i, Kind::Theme)));
    }
    for c in &s.carriers {
        refs.extend(themes(&c.themes).into_iter().map(|i| (i, Kind::Theme)));
    }
    refs.extend(s.rules.theme_rules.iter().map(|r| (&r.theme, Kind::Theme)));
    refs.extend(
        s.rules
            .commune_rules
            .iter()
            .map(|r| (&r.commune, Kind::Commune)),
    );
    for p in &s.periods {
        if let Some(c) = &p.coordinator {
            refs.extend(c.carrier.iter().map(|i| (i, Kind::Holder)));
        }
        if let Some(t) = &p.themes {
            refs.extend(t.entries.iter().map(|(i, _)| (i, Kind::Theme)));
        }
        for post in p.posts.iter().flat_map(|p| &p.entries) {
            refs.push((&post.holder, Kind::Holder));
            refs.extend(post.pooled_with.iter().map(|i| (i, Kind::Commune)));
            refs.extend(themes(&post.themes).into_iter().map(|i| (i, Kind::Theme)));
        }
    }
    if let Some(f) = &s.financing {
        refs.extend(f.by_period.iter().map(|p| (&p.period, Kind::Period)));
    }
    for (id, kind) in refs {
        if !exists(s, &id.id, kind) {
            out.push(diagnostic(s, id, kind));
        }
    }
}

fn themes(l: &Option<ThemeList>) -> Vec<&Ident> {
    l.as_ref()
        .map(|l| l.items.iter().collect())
        .unwrap_or_default()
}

fn exists(s: &Scenario, id: &str, kind: Kind) -> bool {
    match kind {
        Kind::Commune => s.commune(id).is_some(),
        Kind::Holder => s.is_holder(id),
        Kind::Theme => s.theme(id).is_some(),
        Kind::Period => s.periods.iter().any(|p| p.name() == id),
    }
}

fn diagnostic(s: &Scenario, id: &Ident, kind: Kind) -> Diagnostic {
    let (what, declared): (&str, Vec<&str>) = match kind {
        Kind::Commune => (
            "commune",
            s.communes.iter().map(|c| c.id.id.as_str()).collect(),
        ),
        Kind::Holder => (
            "commune or carrier",
            s.communes
                .iter()
                .map(|c| c.id.id.as_str())
                .chain(s.carriers.iter().map(|c| c.id.id.as_str()))
                .collect(),
        ),
        Kind::Theme => ("theme", s.themes.iter().map(|t| t.id.id.as_str()).collect()),
        Kind::Period => ("period", s.periods.iter().map(|p| p.name()).collect()),
    };
    let mut d = Diagnostic::error(RULE.code, format!("unknown {what} `{}`", id.id))
        .primary(id.span.clone(), format!("no {what} has this id"));
    d = match closest(&id.id, &declared) {
        Some(best) => d.help(format!("did you mean `{best}`?")),
        None if declared.is_empty() => d.help(format!("declare the {what} first")),
        None => d.help(format!("declared: {}", declared.join(", "))),
    };
    d
}

/// The declared id nearest to a typo, if one is close enough to suggest.
fn closest<'a>(id: &str, declared: &[&'a str]) -> Option<&'a str> {
    declared
        .iter()
        .map(|d| (edit_distance(id, d), *d))
        .filter(|(dist, d)| *dist <= (d.chars().count().max(3) / 3))
        .min()
        .map(|(_, d)| d)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let cur = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let val = (prev + usize::from(ca != *cb)).min(cur + 1).min(left + 1);
            if let Some(slot) = row.get_mut(j + 1) {
                *slot = val;
            }
            prev = cur;
        }
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{primary_text, run, HEADER};

    #[test]
    fn unknown_commune_in_posts_suggests_the_closest_id() {
        let text = format!(
            "{HEADER}[[commune]]\nid = \"mouries\"\nname = \"Mouriès\"\n[[period]]\nid = \"2026\"\nposts.mouriez = {{ etp = 0.3 }}\n"
        );
        let d = run(&RULE, &text);
        assert_eq!(d.len(), 1);
        assert_eq!(primary_text(&text, &d[0]), "mouriez");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `mouries`?"));
    }

    #[test]
    fn unknown_theme_and_pooled_host() {
        let text = format!(
            "{HEADER}[[commune]]\nid = \"a\"\nname = \"A\"\nthemes = [\"jeunesse\"]\npooled_with = \"zz\"\n"
        );
        let d = run(&RULE, &text);
        assert_eq!(d.len(), 2);
    }

    #[test]
    fn declared_references_pass() {
        let text = format!(
            "{HEADER}[[commune]]\nid = \"a\"\nname = \"A\"\nthemes = [\"parentalite\"]\n[[period]]\nid = \"2026\"\nthemes = {{ parentalite = 0.1 }}\nposts.a = {{ etp = 0.1 }}\n"
        );
        assert!(run(&RULE, &text).is_empty());
    }

    #[test]
    fn amounts_for_an_unknown_period() {
        let text = format!(
            "{HEADER}[[period]]\nid = \"2027-2030\"\n[financing]\ncost_per_etp = 1\n[financing.by_period.2027-2031]\ncost_per_etp = 2\n"
        );
        let d = run(&RULE, &text);
        assert_eq!(d.len(), 1);
        assert_eq!(primary_text(&text, &d[0]), "2027-2031");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `2027-2030`?"));
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "ab"), 2);
        assert_eq!(edit_distance("abc", "abc"), 0);
    }
}
