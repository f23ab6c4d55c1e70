//! CTG011 unknown-reference: every id a scenario refers to is declared.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Text};
use crate::scenario::{Ident, Scenario, ThemeList};

crate::msgs! {
    UNKNOWN_COMMUNE = "ctg011.unknown_commune", fr: "commune inconnue `{id}`", en: "unknown commune `{id}`";
    UNKNOWN_HOLDER = "ctg011.unknown_holder",
        fr: "commune ou porteur inconnu `{id}`",
        en: "unknown commune or carrier `{id}`";
    UNKNOWN_THEME = "ctg011.unknown_theme", fr: "thématique inconnue `{id}`", en: "unknown theme `{id}`";
    UNKNOWN_PERIOD = "ctg011.unknown_period", fr: "période inconnue `{id}`", en: "unknown period `{id}`";
    NO_COMMUNE = "ctg011.no_commune", fr: "aucune commune n'a cet identifiant", en: "no commune has this id";
    NO_HOLDER = "ctg011.no_holder",
        fr: "aucune commune ni aucun porteur n'a cet identifiant",
        en: "no commune or carrier has this id";
    NO_THEME = "ctg011.no_theme", fr: "aucune thématique n'a cet identifiant", en: "no theme has this id";
    NO_PERIOD = "ctg011.no_period", fr: "aucune période n'a cet identifiant", en: "no period has this id";
    DID_YOU_MEAN = "ctg011.did_you_mean", fr: "vouliez-vous dire {ids}\u{202f}?", en: "did you mean {ids}?";
    DECLARE_FIRST = "ctg011.declare_first", fr: "déclarez d'abord {what}", en: "declare the {what} first";
    DECLARED = "ctg011.declared", fr: "déclarés\u{a0}: {ids}", en: "declared: {ids}";
    OR = "ctg011.or", fr: "{rest} ou {last}", en: "{rest} or {last}";
    AND_MORE = "ctg011.and_more", fr: "{shown} et {more} autres", en: "{shown} and {more} more";
    THE_COMMUNE = "ctg011.the_commune", fr: "la commune", en: "commune";
    THE_HOLDER = "ctg011.the_holder", fr: "la commune ou le porteur", en: "commune or carrier";
    THE_THEME = "ctg011.the_theme", fr: "la thématique", en: "theme";
    THE_PERIOD = "ctg011.the_period", fr: "la période", en: "period";
}

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
    let mut budget = SUGGESTION_BUDGET;
    let lists = Declared::of(s);
    for (id, kind) in refs {
        if !exists(s, &id.id, kind) {
            out.push(diagnostic(&lists, id, kind, &mut budget));
        }
    }
}

/// The declared ids of each kind, listed once per file (not once per
/// unknown reference), with their lengths in characters.
struct Declared<'a> {
    communes: Vec<(&'a str, usize)>,
    holders: Vec<(&'a str, usize)>,
    themes: Vec<(&'a str, usize)>,
    periods: Vec<(&'a str, usize)>,
}

impl<'a> Declared<'a> {
    fn of(s: &'a Scenario) -> Self {
        let with_len = |id: &'a str| (id, id.chars().count());
        let communes: Vec<_> = s.communes.iter().map(|c| with_len(&c.id.id)).collect();
        let holders = communes
            .iter()
            .copied()
            .chain(s.carriers.iter().map(|c| with_len(&c.id.id)))
            .collect();
        Declared {
            communes,
            holders,
            themes: s.themes.iter().map(|t| with_len(&t.id.id)).collect(),
            periods: s.periods.iter().map(|p| with_len(p.name())).collect(),
        }
    }
}

/// Work allowed for "did you mean" over one file, in cells of the edit
/// distance table: a file full of unknown references against thousands of
/// declared ids must not take minutes (issue 13). Past it, the help lists
/// declared ids instead.
const SUGGESTION_BUDGET: usize = 20_000_000;
/// Ids longer than this are not typos worth a suggestion.
const SUGGEST_MAX_CHARS: usize = 64;
/// At most this many suggestions, and this many declared ids listed.
const MAX_SUGGESTIONS: usize = 3;
const MAX_LISTED: usize = 10;

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

fn diagnostic(lists: &Declared, id: &Ident, kind: Kind, budget: &mut usize) -> Diagnostic {
    let (unknown, no_such, the, declared) = match kind {
        Kind::Commune => (&UNKNOWN_COMMUNE, &NO_COMMUNE, &THE_COMMUNE, &lists.communes),
        Kind::Holder => (&UNKNOWN_HOLDER, &NO_HOLDER, &THE_HOLDER, &lists.holders),
        Kind::Theme => (&UNKNOWN_THEME, &NO_THEME, &THE_THEME, &lists.themes),
        Kind::Period => (&UNKNOWN_PERIOD, &NO_PERIOD, &THE_PERIOD, &lists.periods),
    };
    let mut d = Diagnostic::error(RULE.code, Text::new(unknown).arg("id", Arg::id(&id.id)))
        .primary(id.span.clone(), no_such);
    let suggestions = closest(&id.id, declared, budget);
    d = if !suggestions.is_empty() {
        d.help(Text::new(&DID_YOU_MEAN).arg("ids", or_list(&suggestions)))
    } else if declared.is_empty() {
        d.help(Text::new(&DECLARE_FIRST).arg("what", Arg::text(Text::new(the))))
    } else {
        d.help(Text::new(&DECLARED).arg("ids", cut_list(declared)))
    };
    d
}

/// "`a`", "`a` or `b`", "`a`, `b` or `c`".
fn or_list(ids: &[&str]) -> Arg {
    let quoted: Vec<String> = ids.iter().map(|i| format!("`{i}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => Arg::text(
            Text::new(&OR)
                .arg("rest", Arg::raw(rest.join(", ")))
                .arg("last", Arg::raw(last.clone())),
        ),
        _ => Arg::raw(quoted.join("")),
    }
}

/// The first ids, then "and N more".
fn cut_list(ids: &[(&str, usize)]) -> Arg {
    let shown: Vec<&str> = ids.iter().take(MAX_LISTED).map(|(i, _)| *i).collect();
    let shown = shown.join(", ");
    match ids.len().saturating_sub(MAX_LISTED) {
        0 => Arg::raw(shown),
        more => Arg::text(
            Text::new(&AND_MORE)
                .arg("shown", Arg::raw(shown))
                .arg("more", Arg::count(more)),
        ),
    }
}

/// The declared ids nearest to a typo (at most [`MAX_SUGGESTIONS`], nearest
/// first), among those close enough to suggest: within a third of their
/// length. Candidates whose length alone puts them too far are skipped, and
/// the distance stops as soon as it exceeds the bound, so the work is
/// small per pair and bounded per file (`budget`).
fn closest<'a>(id: &str, declared: &[(&'a str, usize)], budget: &mut usize) -> Vec<&'a str> {
    let len = id.chars().count();
    if len > SUGGEST_MAX_CHARS || *budget == 0 {
        return Vec::new();
    }
    let mut found: Vec<(usize, &'a str)> = Vec::new();
    for &(d, dlen) in declared {
        let bound = dlen.max(3) / 3;
        if dlen > SUGGEST_MAX_CHARS || len.abs_diff(dlen) > bound {
            continue;
        }
        let cost = (len + 1) * (dlen + 1);
        if *budget < cost {
            // Spent: no more suggestions in this file.
            *budget = 0;
            return Vec::new();
        }
        *budget -= cost;
        if let Some(dist) = bounded_distance(id, d, bound) {
            found.push((dist, d));
        }
    }
    found.sort();
    found
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, d)| d)
        .collect()
}

/// The edit distance of `a` and `b` if it is at most `bound`.
fn bounded_distance(a: &str, b: &str, bound: usize) -> Option<usize> {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        let mut row_min = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let val = (prev + usize::from(ca != *cb)).min(cur + 1).min(left + 1);
            if let Some(slot) = row.get_mut(j + 1) {
                *slot = val;
            }
            row_min = row_min.min(val);
            prev = cur;
        }
        // Distances never shrink from one row to the next.
        if row_min > bound {
            return None;
        }
    }
    row.last().copied().filter(|d| *d <= bound)
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
        assert_eq!(
            d[0].help
                .as_ref()
                .map(|h| h.render(crate::i18n::Lang::En))
                .as_deref(),
            Some("did you mean `mouries`?")
        );
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
        assert_eq!(
            d[0].help
                .as_ref()
                .map(|h| h.render(crate::i18n::Lang::En))
                .as_deref(),
            Some("did you mean `2027-2030`?")
        );
    }

    #[test]
    fn edit_distance_counts_edits_up_to_its_bound() {
        assert_eq!(bounded_distance("kitten", "sitting", 3), Some(3));
        assert_eq!(bounded_distance("kitten", "sitting", 2), None);
        assert_eq!(bounded_distance("", "ab", 5), Some(2));
        assert_eq!(bounded_distance("abc", "abc", 0), Some(0));
    }

    #[test]
    fn at_most_three_suggestions_and_long_lists_are_cut() {
        let declared: Vec<String> = (0..50).map(|i| format!("c{i:02}")).collect();
        let declared: Vec<(&str, usize)> = declared.iter().map(|d| (d.as_str(), 3)).collect();
        let mut budget = SUGGESTION_BUDGET;
        assert_eq!(
            closest("c0x", &declared, &mut budget),
            ["c00", "c01", "c02"]
        );
        use crate::i18n::Lang;
        assert_eq!(
            or_list(&["a", "b", "c"]).render(Lang::En),
            "`a`, `b` or `c`"
        );
        assert_eq!(or_list(&["a", "b"]).render(Lang::Fr), "`a` ou `b`");
        assert_eq!(or_list(&["a"]).render(Lang::En), "`a`");
        assert_eq!(
            cut_list(&declared).render(Lang::En),
            "c00, c01, c02, c03, c04, c05, c06, c07, c08, c09 and 40 more"
        );
        assert!(cut_list(&declared)
            .render(Lang::Fr)
            .ends_with("c09 et 40 autres"));
        // Far lengths are not compared; a spent budget stops suggesting.
        let before = budget;
        assert!(closest("c0000000000", &declared, &mut budget).is_empty());
        assert_eq!(budget, before);
        let mut spent = 10;
        assert!(closest("c0x", &declared, &mut spent).is_empty());
    }

    #[test]
    fn thousands_of_unknown_references_get_a_bounded_help() {
        // 2,000 declared communes, 4,000 unknown references of the same length.
        let mut text = HEADER.to_string();
        for i in 0..2000 {
            text.push_str(&format!(
                "[[commune]]\nid = \"commune-{i:05}\"\nname = \"C\"\n"
            ));
        }
        text.push_str("[[period]]\nid = \"2026\"\n[period.posts]\n");
        for i in 0..4000 {
            text.push_str(&format!("inconnu-{i:05} = {{ etp = 0.1 }}\n"));
        }
        let d = run(&RULE, &text);
        assert_eq!(d.len(), 4000);
        let help_bytes: usize = d
            .iter()
            .filter_map(|d| d.help.as_ref())
            .map(|h| h.render(crate::i18n::Lang::En).len())
            .sum();
        assert!(help_bytes < 4000 * 200, "{help_bytes} bytes of help");
        // Time is measured on the worst case in docs/reliability.md.
    }
}
