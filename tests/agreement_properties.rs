//! The agreement property (issue 12): on random scenarios, valid and
//! mutated, `check`, `diff` and `propose` never disagree.
//! - `diff` flags exactly the moves `check` reports under CTG080, between
//!   the same two periods and for the same commune or theme;
//! - when `check` finds no error that blocks planning the periods a plan
//!   touches, `propose` never ends in an internal error: it plans a scheme
//!   that passes `check` once written back, or names relaxations (each under
//!   a rule's code);
//! - a file `check` passes is planned (never "impossible").

mod common;

use common::{render_custom, scenario_params, theme_id, FigureId, ScenarioParams};
use ctgplan::diagnostic::Severity;
use ctgplan::diff::diff;
use ctgplan::plan::build::Objective;
use ctgplan::plan::propose::{blocking, plan, scope_indices, Proposal, Scope};
use ctgplan::plan::{apply, solve::Options};
use ctgplan::rules::{self, Code};
use ctgplan::scenario::facts::Facts;
use ctgplan::scenario::load_str;
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::time::Duration;

/// A change to a valid generated file.
#[derive(Debug, Clone)]
enum Mutation {
    /// Figure number `k` (modulo their count) written as `tenths`.
    Value(usize, u32),
    /// Figure number `k` written negative.
    Negative(usize),
    /// The line of figure `k` removed (a post, a theme, a total...).
    DropLine(usize),
    /// Theme figure `k` left out of its table (inline or not).
    DropTheme(usize),
    /// Post figure `k` written as a `change` of `tenths - 10`.
    Change(usize, u32),
    /// Move limits in `[rules]` (tenths; 0: none).
    Limits(u32, u32),
    /// The first period becomes `kind = "past"`.
    FirstPast,
    /// Theme `t` of period `k` (modulo) emptied, its ETP moved to other
    /// themes each post lists: left out of that period's table.
    EmptyTheme(usize, usize),
    /// Move limits just wide enough for the moves of communes, and of the
    /// themes written in both periods of each transition: the limits bind.
    TightLimits,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0u32..30).prop_map(|(k, t)| Mutation::Value(k, t)),
        any::<usize>().prop_map(Mutation::Negative),
        any::<usize>().prop_map(Mutation::DropLine),
        any::<usize>().prop_map(Mutation::DropTheme),
        (any::<usize>(), 0u32..20).prop_map(|(k, t)| Mutation::Change(k, t)),
        (0u32..4, 0u32..4).prop_map(|(c, t)| Mutation::Limits(c, t)),
        Just(Mutation::FirstPast),
        (any::<usize>(), 0..common::N_THEMES).prop_map(|(k, t)| Mutation::EmptyTheme(k, t)),
        Just(Mutation::TightLimits),
    ]
}

/// The largest commune move, and the largest move of a theme written in
/// both periods, between consecutive periods (tenths, at least 1).
fn tight_limits(p: &ScenarioParams) -> (u32, u32) {
    let (mut commune, mut theme) = (1u32, 1u32);
    for pair in p.periods.windows(2) {
        let [a, b] = pair else { continue };
        for c in 0..p.communes.len() {
            commune = commune.max(a.commune_etp(c).abs_diff(b.commune_etp(c)));
        }
        if !(a.theme_table && b.theme_table) {
            continue;
        }
        for t in 0..common::N_THEMES {
            let written = |q: &common::PeriodParams| q.zero_themes || q.theme_total(t) > 0;
            if written(a) && written(b) {
                theme = theme.max(a.theme_total(t).abs_diff(b.theme_total(t)));
            }
        }
    }
    (commune, theme)
}

fn tenths(t: i64) -> String {
    let sign = if t < 0 { "-" } else { "" };
    let a = t.unsigned_abs();
    format!("{sign}{}.{}", a / 10, a % 10)
}

/// The generated file with the mutations applied.
fn mutated(p: &ScenarioParams, mutations: &[Mutation]) -> String {
    let mut p = p.clone();
    if mutations.iter().any(|m| matches!(m, Mutation::FirstPast)) {
        if let Some(first) = p.periods.first_mut() {
            first.kind = Some(0);
        }
    }
    for m in mutations {
        if let Mutation::EmptyTheme(k, t) = m {
            let k = k % p.periods.len().max(1);
            let lists: Vec<Vec<usize>> = (0..p.communes.len())
                .map(|c| p.effective_themes(k, c).to_vec())
                .collect();
            if let Some(period) = p.periods.get_mut(k) {
                period.zero_themes = false;
                for (row, list) in period.split.iter_mut().zip(&lists) {
                    if let Some(&other) = list.iter().find(|x| **x != *t) {
                        row[other] += row[*t];
                        row[*t] = 0;
                    }
                }
            }
        }
    }
    let plain = render_custom(&p, &mut |_, u, _| tenths(i64::from(u)));
    let n = plain.figures.len().max(1);
    let figure = |k: usize| plain.figures.get(k % n).map(|f| f.id);
    let rendered = render_custom(&p, &mut |id, u, _| {
        let mut lit = tenths(i64::from(u));
        for m in mutations {
            match m {
                Mutation::Value(k, t) if figure(*k) == Some(id) => lit = tenths(i64::from(*t)),
                Mutation::Negative(k) if figure(*k) == Some(id) => {
                    lit = tenths(-i64::from(u.max(1)))
                }
                _ => {}
            }
        }
        lit
    });
    let mut text = rendered.text.clone();
    // Surgery from the end of the text, so that earlier spans stay right.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for m in mutations {
        match m {
            Mutation::DropLine(k) => {
                if let Some(f) = rendered.figures.get(k % n) {
                    let start = text[..f.span.start].rfind('\n').map_or(0, |i| i + 1);
                    let end = text[f.span.end..]
                        .find('\n')
                        .map_or(text.len(), |i| f.span.end + i + 1);
                    edits.push((start, end, String::new()));
                }
            }
            Mutation::DropTheme(k) => {
                let themes: Vec<_> = rendered
                    .figures
                    .iter()
                    .filter(|f| matches!(f.id, FigureId::Theme { .. }))
                    .collect();
                if let Some(f) = themes.get(k % themes.len().max(1)) {
                    // `name = literal` and one separator next to it.
                    let FigureId::Theme { theme, .. } = f.id else {
                        continue;
                    };
                    let key = format!("{} = ", theme_id(theme));
                    if !text[..f.span.start].ends_with(&key) {
                        continue;
                    }
                    let key_start = f.span.start - key.len();
                    let line_start = text[..key_start].rfind('\n').map_or(0, |i| i + 1);
                    let rest = &text[f.span.end..];
                    let (start, end) = if rest.starts_with(", ") {
                        (key_start, f.span.end + 2)
                    } else if rest.starts_with('\n') && key_start == line_start {
                        (key_start, f.span.end + 1)
                    } else if text[..key_start].ends_with(", ") {
                        (key_start - 2, f.span.end)
                    } else {
                        // The only theme of an inline table: leave an empty table.
                        (key_start, f.span.end)
                    };
                    edits.push((start, end, String::new()));
                }
            }
            Mutation::Change(k, t) => {
                let posts: Vec<_> = rendered
                    .figures
                    .iter()
                    .filter(|f| matches!(f.id, FigureId::Post { period, .. } if period > 0))
                    .collect();
                if let Some(f) = posts.get(k % posts.len().max(1)) {
                    let key = "etp = ";
                    if text[..f.span.start].ends_with(key) {
                        edits.push((
                            f.span.start - key.len(),
                            f.span.end,
                            format!("change = {}", tenths(i64::from(*t) - 10)),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut last = usize::MAX;
    for (start, end, with) in edits {
        // Overlapping edits (two on one line): keep the later one only.
        if end > last {
            continue;
        }
        text.replace_range(start..end, &with);
        last = start;
    }
    for m in mutations {
        let limits = match m {
            Mutation::Limits(c, t) => Some((*c, *t)),
            Mutation::TightLimits => Some(tight_limits(&p)),
            _ => None,
        };
        if let Some((c, t)) = limits {
            let mut rules = String::from("\n[rules]\n");
            if c > 0 {
                rules.push_str(&format!("max_commune_move = {}\n", tenths(i64::from(c))));
            }
            if t > 0 {
                rules.push_str(&format!("max_theme_move = {}\n", tenths(i64::from(t))));
            }
            text = text.replacen(
                "caf = \"Caf de test\"\n",
                &format!("caf = \"Caf de test\"\n{rules}"),
                1,
            );
        }
    }
    text
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn agree(text: &str) -> Result<(), TestCaseError> {
    let loaded = load_str("gen.toml", text);
    let Some(s) = loaded.scenario else {
        return Ok(()); // unusable input: no command goes further
    };
    if !loaded.diagnostics.is_empty() {
        return Ok(());
    }
    let found = rules::check(&s);
    let facts = Facts::of(&s);
    // diff flags what check reports, and only that.
    for i in 1..s.periods.len() {
        let ids = [s.periods[i - 1].id.id.clone(), s.periods[i].id.id.clone()];
        let flagged: BTreeSet<String> = diff(&s, &facts, i - 1, i)
            .flagged()
            .map(|l| l.id.clone())
            .collect();
        let checked: BTreeSet<String> = found
            .iter()
            .filter(|d| d.code == Code::TransitionLimit && d.subject.periods == ids)
            .filter_map(|d| d.subject.holder.clone().or(d.subject.theme.clone()))
            .collect();
        prop_assert_eq!(flagged, checked, "diff {} {}\n{}", ids[0], ids[1], text);
    }
    let valid = !found.iter().any(|d| d.severity == Severity::Error);
    let opts = Options {
        time_limit: Some(Duration::from_secs(10)),
        ..Options::default()
    };
    for scope in [Scope::Open, Scope::All] {
        let Ok(indices) = scope_indices(&s, &scope) else {
            continue;
        };
        let blocked = blocking(&s, &indices);
        if !blocked.is_empty() {
            // Refused, every error named with its code: never for a valid file.
            prop_assert!(!valid, "a valid file is refused: {:?}\n{}", blocked, text);
            continue;
        }
        match plan(&s, &indices, Objective::Closest, opts) {
            Err(e) => prop_assert!(e.code.is_some(), "{:?}\n{}", e, text),
            Ok(Proposal::Planned(p)) => {
                let written = apply::apply(text, &s, &p);
                prop_assert!(written.is_ok(), "{:?}", written);
                let written = written.unwrap_or_default();
                let again = load_str("gen.toml", &written);
                let errors: Vec<_> = again
                    .scenario
                    .as_ref()
                    .map(rules::check)
                    .unwrap_or(again.diagnostics)
                    .into_iter()
                    .filter(|d| d.severity == Severity::Error)
                    .collect();
                prop_assert!(
                    errors.is_empty(),
                    "internal error: the proposed scheme ({scope:?}) fails check: {:?}\n--- input\n{}\n--- written\n{}",
                    errors,
                    text,
                    written
                );
            }
            Ok(Proposal::Impossible { relaxations, .. }) => {
                prop_assert!(
                    !valid,
                    "check passes, propose says impossible ({scope:?}): {relaxations:?}\n{text}"
                );
                prop_assert!(!relaxations.is_empty());
                prop_assert!(relaxations.iter().all(|r| rules::of(r.code).is_some()));
            }
            Ok(Proposal::TimeLimit | Proposal::Failed(_)) => {}
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn check_diff_and_propose_agree(
        p in scenario_params(),
        mutations in prop::collection::vec(mutation(), 0..=3),
    ) {
        agree(&mutated(&p, &mutations))?;
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// Where rules that compare periods bind: a theme left out of one
    /// period's table, and move limits just wide enough for the rest.
    #[test]
    fn check_diff_and_propose_agree_where_limits_bind(
        p in scenario_params(),
        k in any::<usize>(),
        t in 0..common::N_THEMES,
        extra in prop::collection::vec(mutation(), 0..=1),
    ) {
        let mut mutations = vec![Mutation::EmptyTheme(k, t), Mutation::TightLimits];
        mutations.extend(extra);
        agree(&mutated(&p, &mutations))?;
    }
}
