//! Property tests: the library run on generated scenario files (see
//! `common/mod.rs` for the generator). Valid files pass, one broken figure is
//! caught where the rules say, figures are exact decimals, and no mutation of
//! a file makes the checker panic.

mod common;

use common::{
    format_tenths, render, render_custom, render_with, scenario_params, FigureId, Rendered,
};
use ctgplan::check::{FileReport, Report};
use ctgplan::diagnostic::{Diagnostic, Span};
use ctgplan::render::{human, json};
use ctgplan::rules::{self, granularity};
use ctgplan::scenario::facts::Facts;
use ctgplan::scenario::{load_str, Scenario};
use ctgplan::source::SourceFile;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::mpsc;
use std::time::Duration;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // Minimal failing inputs are printed; persisting them would write
        // files next to the tests that nobody reviews.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// One line per diagnostic, with the text under its primary label.
fn show(text: &str, diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| {
            let under = primary(d).and_then(|s| text.get(s)).unwrap_or("");
            format!(
                "{} {} [{under}]",
                d.code,
                d.message.render(ctgplan::i18n::Lang::En)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn primary(d: &Diagnostic) -> Option<Span> {
    d.labels.iter().find(|l| l.primary).map(|l| l.span.clone())
}

/// Loads text that must be valid input and returns the model.
fn load_valid(text: &str) -> Result<Scenario, TestCaseError> {
    let loaded = load_str("generated.toml", text);
    prop_assert!(
        loaded.diagnostics.is_empty(),
        "input diagnostics:\n{}\n--- file ---\n{text}",
        show(text, &loaded.diagnostics)
    );
    loaded
        .scenario
        .ok_or_else(|| TestCaseError::fail("no scenario without diagnostics"))
}

fn tenths(units: u32) -> Decimal {
    Decimal::new(i64::from(units), 1)
}

proptest! {
    #![proptest_config(config(128))]

    /// Property 1: a scenario valid by construction loads and breaks no rule
    /// (no statuses are generated, so not even a warning).
    #[test]
    fn valid_scenarios_pass(p in scenario_params()) {
        let r = render(&p);
        let s = load_valid(&r.text)?;
        let diags = rules::check(&s);
        prop_assert!(diags.is_empty(), "{}\n--- file ---\n{}", show(&r.text, &diags), r.text);
    }

    /// Property 2: one post, period total, theme total or coordinator moved
    /// by some tenths is caught by CTG030/CTG031, pointing where the rules
    /// say (src/rules/period_total.rs and theme_total.rs):
    /// - CTG030's primary label is always the period's `total`; its
    ///   secondary label is the posts table (as toml spans it: see `table_at`);
    /// - CTG031's primary label is the theme-totals table.
    #[test]
    fn broken_figure_is_caught_there(
        p in scenario_params(),
        pick in any::<Index>(),
        delta in 1u32..=5,
        up in any::<bool>(),
    ) {
        let r = render(&p);
        let targets: Vec<_> = r
            .figures
            .iter()
            .filter(|f| !matches!(f.id, FigureId::CafTotal { .. }))
            .collect();
        let target = pick.get(&targets);
        let units = if up || target.units < delta {
            target.units + delta
        } else {
            target.units - delta
        };
        let literal = format_tenths(units, target.style);
        let broken = render_with(&p, Some((target.id, &literal)));
        let text = &broken.text;
        let changed = broken.figure(target.id).expect("changed figure").clone();
        prop_assert_eq!(&text[changed.span.clone()], literal.as_str());
        let period = target.id.period();
        let total = broken.figure(FigureId::Total { period }).expect("total").span.clone();
        let diags = rules::check(&load_valid(text)?);
        let with = |code: &str| -> Vec<&Diagnostic> {
            diags.iter().filter(|d| d.code == code).collect()
        };
        let ctx = || format!("changed {:?} to {literal}\n{}\n--- file ---\n{text}", target.id, show(text, &diags));
        // Where toml puts a table's span: the inline table `{ .. }` itself,
        // but only the header `[period.posts]` of a table, or only the first
        // key `posts` of dotted keys (`posts.c0 = ..`).
        let table_at = |name: &str, inline: bool| -> Span {
            let before = &text[..changed.span.start];
            if inline {
                let open = before.rfind('{').expect("inline table");
                let close = open + text[open..].find('}').expect("closed") + 1;
                return open..close;
            }
            let period_at = before.rfind("[[period]]").expect("period");
            let header = format!("[period.{name}]");
            match before.rfind(&header).filter(|at| *at > period_at) {
                Some(at) => at..at + header.len(),
                None => {
                    let key = format!("\n{name}.");
                    let at = period_at + text[period_at..].find(&key).expect("dotted key") + 1;
                    at..at + name.len()
                }
            }
        };
        match target.id {
            FigureId::Post { .. } => {
                // The primary label is the (unchanged) total; the secondary one
                // is the posts table as toml spans it, not the changed post.
                let posts = table_at("posts", false);
                let found = with("CTG030").iter().any(|d| {
                    primary(d) == Some(total.clone())
                        && d.labels.iter().any(|l| !l.primary && l.span == posts)
                });
                prop_assert!(found, "no CTG030 at the total with the posts table: {}", ctx());
            }
            FigureId::Coordinator { .. } => {
                // No label of CTG030 covers the coordinator: it points at the total.
                let found = with("CTG030").iter().any(|d| primary(d) == Some(total.clone()));
                prop_assert!(found, "no CTG030 at the total: {}", ctx());
            }
            FigureId::Total { .. } => {
                prop_assert_eq!(broken.line_of(changed.span.start), changed.line);
                let found = with("CTG030")
                    .iter()
                    .any(|d| primary(d) == Some(changed.span.clone()));
                prop_assert!(found, "no CTG030 at the changed total: {}", ctx());
            }
            FigureId::Theme { .. } => {
                // The primary label is the theme-totals table: on the changed
                // figure's line when inline, on `[period.themes]` otherwise.
                let themes = table_at("themes", p.inline_themes);
                let found = with("CTG031").iter().any(|d| primary(d) == Some(themes.clone()));
                prop_assert!(found, "no CTG031 at the theme totals: {}", ctx());
                if p.inline_themes {
                    prop_assert_eq!(broken.line_of(themes.start), changed.line);
                }
            }
            FigureId::CafTotal { .. } => unreachable!("filtered out"),
        }
    }

    /// Property 3a: every figure loads to the exact decimal of its tenths,
    /// whatever its spelling, and sums of them (period totals from the posts,
    /// theme totals) are exact: 0.1 + 0.2 is 0.3.
    #[test]
    fn figures_and_sums_are_exact(p in scenario_params()) {
        let r = render(&p);
        let s = load_valid(&r.text)?;
        let model = granularity::etp_figures(&s);
        prop_assert_eq!(model.len(), r.figures.len(), "every written figure is in the model");
        for f in &r.figures {
            let loaded = model.iter().find(|(m, _)| m.span() == f.span);
            prop_assert!(loaded.is_some(), "{:?} not found at {:?}", f.id, f.span);
            prop_assert_eq!(
                loaded.unwrap().0.value,
                tenths(f.units),
                "{:?} written {}",
                f.id,
                &r.text[f.span.clone()]
            );
        }
        let facts = Facts::of(&s);
        for (k, period) in p.periods.iter().enumerate() {
            let posts: u32 = (0..p.communes.len()).map(|c| period.commune_etp(c)).sum();
            let coord = period.coordinator.unwrap_or(0);
            prop_assert_eq!(facts.periods[k].derived_total, Some(tenths(posts + coord)));
            let themes: u32 = (0..common::N_THEMES).map(|t| period.theme_total(t)).sum();
            let expected = period.theme_table.then(|| tenths(themes + coord));
            prop_assert_eq!(facts.periods[k].theme_total, expected);
        }
    }

    /// Property 3b: a figure off the 0.1 step (0.15, "1,25") is reported by
    /// CTG020 exactly at that figure, and nowhere else.
    #[test]
    fn off_step_figure_is_reported_there(
        p in scenario_params(),
        pick in any::<Index>(),
        whole in 0u32..30,
        hundredths in (0u32..10, 1u32..10).prop_map(|(tens, ones)| tens * 10 + ones),
        comma in any::<bool>(),
    ) {
        let r = render(&p);
        let target = pick.get(&r.figures).id;
        let literal = if comma {
            format!("\"{whole},{hundredths:02}\"")
        } else {
            format!("{whole}.{hundredths:02}")
        };
        let broken = render_with(&p, Some((target, &literal)));
        let text = &broken.text;
        let at = broken.figure(target).expect("changed figure").span.clone();
        let s = load_valid(text)?;
        let value = granularity::etp_figures(&s)
            .into_iter()
            .find(|(f, _)| f.span() == at)
            .map(|(f, _)| f.value);
        let exact = Decimal::new(i64::from(whole * 100 + hundredths), 2);
        prop_assert_eq!(value, Some(exact), "{} loads exactly", literal);
        let diags = rules::check(&s);
        let off_step: Vec<_> = diags.iter().filter(|d| d.code == "CTG020").collect();
        prop_assert_eq!(off_step.len(), 1, "{}\n--- file ---\n{}", show(text, &diags), text);
        prop_assert_eq!(primary(off_step[0]), Some(at));
    }
}

/// The deterministic scenarios offered to benchmarks are valid too, at any size.
#[test]
fn uniform_scenarios_pass() {
    let sizes = [(1, 1), (15, 4), (60, 6)];
    for (communes, periods, varied) in sizes
        .iter()
        .flat_map(|(c, p)| [(*c, *p, false), (*c, *p, true)])
    {
        let params = if varied {
            common::ScenarioParams::varied(communes, periods)
        } else {
            common::ScenarioParams::uniform(communes, periods)
        };
        let r = render(&params);
        let loaded = load_str("uniform.toml", &r.text);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let s = loaded.scenario.expect("scenario");
        let diags = rules::check(&s);
        // Only the posts still being negotiated are reported (CTG061 warnings).
        let negotiating = params
            .periods
            .iter()
            .flat_map(|p| &p.negotiating)
            .zip(params.periods.iter().flat_map(|_| &params.communes))
            .filter(|(n, c)| **n && c.pooled_with.is_none())
            .count();
        assert!(
            diags.iter().all(|d| d.code == "CTG061"),
            "{}\n{}",
            show(&r.text, &diags),
            r.text
        );
        assert_eq!(diags.len(), negotiating, "{}", show(&r.text, &diags));
    }
}

/// The planning benchmark's inputs (`common::open_text`) can be planned, at
/// every shape the benchmark uses (here with fewer communes).
#[test]
fn benchmark_planning_inputs_are_feasible() {
    use ctgplan::plan::build::Objective;
    use ctgplan::plan::propose::{propose, Proposal, Scope};
    use ctgplan::plan::solve::Options;
    for (periods, varied) in [(5, false), (2, false), (3, false), (8, false), (5, true)] {
        let text = common::open_text(26, periods, varied);
        let s = load_str("open.toml", &text).scenario.expect("loads");
        let p = propose(&s, &Scope::All, Objective::Closest, Options::default());
        assert!(
            matches!(p, Ok(Proposal::Planned(_))),
            "{periods} periods, varied {varied}: {p:?}"
        );
    }
}

/// A random change to a file's text.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    InsertLine(Index, String),
    Truncate(Index),
    /// Replaces a run of digits and dots.
    ReplaceNumber(Index, String),
    /// Copies the contents of one quoted string over another (ids become
    /// dangling, self-pooled, duplicated).
    CopyString(Index, Index),
    InsertChar(Index, char),
    DeleteChar(Index),
}

/// Values that have broken number handling elsewhere: range limits, 28-digit
/// scales, non-finite floats, wrong types.
const ODD_VALUES: &[&str] = &[
    "1000000000",
    "1000000001",
    "-1000000000",
    "999999999.9999999999999999999",
    "0.0000000000000000000000000001",
    "0.0000000000000000000000000003",
    "99999999999999999999999999999",
    "9223372036854775807",
    "18446744073709551616",
    "1e28",
    "1e-28",
    "1e300",
    "nan",
    "-inf",
    "-0",
    "-0.1",
    "0.15",
    "\"0,15\"",
    "\"\"",
    "\"1,2,3\"",
    "[]",
    "{}",
    "true",
    "2026",
    "\"2030-2027\"",
    "1_000",
    "0x10",
];

/// Lines that turn on other parts of the format: incremental periods,
/// statuses, rules, pooling, custom themes.
const ODD_LINES: &[&str] = &[
    "pooled_with = \"c0\"",
    "pooled_with = \"c1\"",
    "c0 = { change = 0.1 }",
    "c1 = { change = -0.2 }",
    "posts.c1 = { change = 0.3 }",
    "c0 = { etp = 0.2, change = 0.1 }",
    "c0 = { etp = 0, status = \"to_be_negotiated\" }",
    "c1 = { etp = 0.1, pooled_with = \"c0\" }",
    "status = \"vacant\"",
    "[rules]",
    "step = 0.05",
    "step = 0",
    "step = 0.0000000000000000000000000003",
    "max_commune_move = 0.1",
    "max_theme_move = 0",
    "commune_min = 0.1",
    "commune_max = 0.2",
    "[rules.theme.petite_enfance]",
    "min_etp = 0.5",
    "min_percent = 150",
    "min_percent = 60",
    "[rules.commune.c0]",
    "min = 0.3",
    "max = 1000000000",
    "[[period]]",
    "id = \"2026\"",
    "id = \"cible\"",
    "years = \"2030-2027\"",
    "years = 99999999999",
    "[themes]",
    "petite_enfance = \"PE\"",
    "[[commune]]",
    "id = \"c0\"",
    "name = \"Doublon\"",
    "themes = []",
    "themes = [\"inconnu\"]",
    "coordinator = { etp = 0.5, carrier = \"inconnu\" }",
    "total = 1000000000",
    "caf_total = 0",
    "[period.posts]",
    "[period.themes]",
    "acces_droits = 999999999.9",
    // French text where TOML expects syntax: errors next to multi-byte chars.
    "clé = 1",
    "nom é",
    "total = é",
    "id = Saint-Rémy",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    let number = prop_oneof![
        2 => select(ODD_VALUES).prop_map(str::to_owned),
        1 => "[-+0-9.,eE_]{1,12}",
        1 => ".{0,8}",
    ];
    let line = prop_oneof![
        3 => select(ODD_LINES).prop_map(str::to_owned),
        1 => ".{0,20}",
    ];
    let ch = prop_oneof![
        select(
            &['"', '[', ']', '{', '}', '=', ',', '.', '#', '\n', '\\', 'é', '\u{feff}', '\0'][..]
        ),
        any::<char>(),
    ];
    prop_oneof![
        any::<Index>().prop_map(Mutation::DeleteLine),
        any::<Index>().prop_map(Mutation::DuplicateLine),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (any::<Index>(), line).prop_map(|(a, l)| Mutation::InsertLine(a, l)),
        any::<Index>().prop_map(Mutation::Truncate),
        (any::<Index>(), number).prop_map(|(a, n)| Mutation::ReplaceNumber(a, n)),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::CopyString(a, b)),
        (any::<Index>(), ch).prop_map(|(a, c)| Mutation::InsertChar(a, c)),
        any::<Index>().prop_map(Mutation::DeleteChar),
    ]
}

/// Byte ranges of maximal runs of `[0-9.]` that start with a digit.
fn numbers(text: &str) -> Vec<Span> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
            out.push(start..i);
        } else {
            i += 1;
        }
    }
    out
}

/// Byte ranges of the contents of `"..."` strings (no escapes in generated files).
fn strings(text: &str) -> Vec<Span> {
    let quotes: Vec<usize> = text.match_indices('"').map(|(i, _)| i).collect();
    quotes.chunks_exact(2).map(|q| q[0] + 1..q[1]).collect()
}

/// The char boundary at or before `byte`.
fn boundary(text: &str, byte: usize) -> usize {
    let mut b = byte.min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    b
}

fn apply(text: &mut String, m: &Mutation) {
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let line_op = match m {
        Mutation::DeleteLine(i) => {
            lines.remove(i.index(lines.len()));
            true
        }
        Mutation::DuplicateLine(i) => {
            let i = i.index(lines.len());
            lines.insert(i, lines[i].clone());
            true
        }
        Mutation::SwapLines(a, b) => {
            let (a, b) = (a.index(lines.len()), b.index(lines.len()));
            lines.swap(a, b);
            true
        }
        Mutation::InsertLine(i, l) => {
            lines.insert(i.index(lines.len() + 1), l.clone());
            true
        }
        _ => false,
    };
    if line_op {
        *text = lines.join("\n");
        return;
    }
    match m {
        Mutation::Truncate(i) => {
            let at = boundary(text, i.index(text.len() + 1));
            text.truncate(at);
        }
        Mutation::ReplaceNumber(i, with) => {
            let spans = numbers(text);
            if !spans.is_empty() {
                text.replace_range(i.get(&spans).clone(), with);
            }
        }
        Mutation::CopyString(from, to) => {
            let spans = strings(text);
            if !spans.is_empty() {
                let value = text[from.get(&spans).clone()].to_owned();
                text.replace_range(to.get(&spans).clone(), &value);
            }
        }
        Mutation::InsertChar(i, c) => {
            let at = boundary(text, i.index(text.len() + 1));
            text.insert(at, *c);
        }
        Mutation::DeleteChar(i) if !text.is_empty() => {
            let at = boundary(text, i.index(text.len()));
            text.remove(at);
        }
        _ => {}
    }
}

/// Checks that every label lies on the text, then renders both outputs.
/// The loader drops a leading byte order mark, so spans count from after it.
fn labels_fit_and_render(text: &str, diags: &[Diagnostic]) -> Result<(), TestCaseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for d in diags {
        for l in &d.labels {
            prop_assert!(
                text.get(l.span.clone()).is_some(),
                "{} label {:?} is not a range of the text ({} bytes): {}\n--- file ---\n{text}",
                d.code,
                l.span,
                text.len(),
                d.message.render(ctgplan::i18n::Lang::En)
            );
        }
    }
    let report = Report {
        files: vec![FileReport {
            source: SourceFile::new("mutant.toml", text),
            diagnostics: diags.to_vec(),
        }],
    };
    let mut out = codespan_reporting::term::termcolor::Buffer::no_color();
    let written = human::write_report(&mut out, &report, ctgplan::i18n::Lang::Fr);
    prop_assert!(written.is_ok(), "human rendering failed: {:?}", written);
    let json = json::to_string(&report, ctgplan::i18n::Lang::Fr);
    prop_assert!(json.starts_with('{'), "JSON rendering failed: {}", json);
    Ok(())
}

proptest! {
    #![proptest_config(config(512))]

    /// Property 4: no mutation of a valid file makes loading, checking or
    /// rendering panic (a panic fails the test: nothing is caught here).
    #[test]
    fn mutated_files_never_panic(
        p in scenario_params(),
        mutations in prop::collection::vec(mutation(), 1..=4),
    ) {
        let Rendered { mut text, .. } = render(&p);
        for m in &mutations {
            apply(&mut text, m);
        }
        let diags = load_and_check_within(&text, LIMIT)?;
        labels_fit_and_render(&text, &diags)?;
    }
}

/// Longest a check may take: a scenario is checked in milliseconds.
const LIMIT: Duration = Duration::from_secs(5);

/// `load_str` + `rules::check` on a worker thread, so that a hang fails the
/// case instead of blocking the run. A panic in the worker is raised again
/// here, with the file that caused it: it fails the test like any panic.
fn load_and_check_within(text: &str, limit: Duration) -> Result<Vec<Diagnostic>, TestCaseError> {
    let (tx, rx) = mpsc::channel();
    let owned = text.to_owned();
    let worker = std::thread::spawn(move || {
        let loaded = load_str("mutant.toml", &owned);
        let mut diags = loaded.diagnostics;
        if let Some(s) = &loaded.scenario {
            diags.extend(rules::check(s));
        }
        // The receiver is gone only after a timeout, already reported.
        let _ = tx.send(diags);
    });
    match rx.recv_timeout(limit) {
        Ok(diags) => Ok(diags),
        Err(mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => {
                let msg = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                panic!("load + check panicked: {msg}\n--- file ---\n{text}")
            }
            Ok(()) => Err(TestCaseError::fail("worker ended without an answer")),
        },
        // The worker is left running: a thread cannot be stopped.
        Err(mpsc::RecvTimeoutError::Timeout) => Err(TestCaseError::fail(format!(
            "load + check gave no answer within {limit:?}\n--- file ---\n{text}"
        ))),
    }
}

/// Factors every figure of a valid scenario is multiplied by: the scenario
/// stays balanced (totals are still the sums) but its figures reach the
/// limits of the format (1e9 ETP, 28 digits) and of the split solver.
const FACTORS: &[&str] = &[
    "1",
    "0.5",
    "1000",
    "10000000",
    "100000000",
    "0.000000000000000000001",
    "1e-27",
    "1000000.000000000001",
    "100000000.000000001",
    "0.3333333333333333333333333333",
];

/// Steps and theme rules written in `[rules]` with the scaled figures.
const RULES: &[&str] = &[
    "",
    "step = 0.1",
    "step = 3e-28",
    "step = 1e-28",
    "step = 0.0000001",
    "step = 7",
    "step = 1e-28\n[rules.theme.petite_enfance]\nmin_percent = 60",
    "[rules.theme.petite_enfance]\nmin_percent = 60\nmin_etp = 1e-28",
    "max_commune_move = 1e-28\nmax_theme_move = 1e-28\ncommune_min = 1e-28",
];

/// A figure of `tenths` × `factor`, exact, in exponent form when small so
/// that leading zeros do not count against the 28-digit limit.
fn scaled(tenths: u32, factor: Decimal) -> String {
    let v = Decimal::new(i64::from(tenths), 1)
        .checked_mul(factor)
        .unwrap_or(Decimal::MAX)
        .normalize();
    if v.scale() > 20 {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        // A hang costs LIMIT per shrinking step: bound the shrinking.
        max_shrink_time: 20_000,
        ..config(64)
    })]

    /// Property 5: scenarios scaled to extreme magnitudes and precisions,
    /// with extreme steps, never make the checker panic or hang.
    #[test]
    fn extreme_magnitudes_never_panic(
        p in scenario_params(),
        factor in select(FACTORS),
        rules in select(RULES),
    ) {
        let factor = Decimal::from_scientific(factor)
            .or_else(|_| Decimal::from_str(factor))
            .expect("factor");
        let mut r = render_custom(&p, &mut |_, tenths, _| scaled(tenths, factor));
        if !rules.is_empty() {
            r.text.push_str(&format!("\n[rules]\n{rules}\n"));
        }
        let diags = load_and_check_within(&r.text, LIMIT)?;
        labels_fit_and_render(&r.text, &diags)?;
    }
}

/// Found by CI: a byte order mark followed by a four-byte character. The
/// loader drops the mark, and every label must still lie on the text.
#[test]
fn bom_then_wide_character_keeps_labels_on_the_text() {
    let text = "\u{feff}\u{10000}\n[territory]\nname = \"T\"\n";
    let diags = load_and_check_within(text, LIMIT).expect("answered");
    assert!(
        diags.iter().any(|d| d.code == "CTG002"),
        "a key with no value is reported: {diags:?}"
    );
    labels_fit_and_render(text, &diags).expect("labels fit");
}
