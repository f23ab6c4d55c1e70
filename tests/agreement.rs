//! check, propose, diff and cost agree on the same file: the regressions of
//! issue 12, and every fixture of the project through `propose`.

use insta_cmd::get_cargo_bin;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn run(args: &[&str]) -> Output {
    Command::new(get_cargo_bin("ctgplan"))
        .env("CTGPLAN_LANG", "en")
        .current_dir(ROOT)
        .args(args)
        .args(["--color", "never"])
        .output()
        .expect("the binary runs")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn toml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            toml_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push(p);
        }
    }
}

/// No fixture, valid or not, makes `propose` (open periods or all of them)
/// print "internal error": it plans, explains with relaxations, or names
/// the errors to fix first, with their codes.
#[test]
fn no_fixture_makes_propose_report_an_internal_error() {
    let mut files = Vec::new();
    toml_files(&Path::new(ROOT).join("tests/fixtures"), &mut files);
    toml_files(&Path::new(ROOT).join("scenarios"), &mut files);
    files.sort();
    assert!(files.len() > 80, "{} files", files.len());
    let mut failures = Vec::new();
    for f in &files {
        let f = f.to_string_lossy();
        for all in [false, true] {
            let mut args = vec!["propose", f.as_ref(), "--time-limit", "20"];
            if all {
                args.push("--all");
            }
            let out = run(&args);
            let t = text(&out);
            if t.contains("internal error") || !matches!(out.status.code(), Some(0..=2)) {
                failures.push(format!("ctgplan {}\n{t}", args.join(" ")));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Invalid fixtures get their codes from `propose`: each `# expect:` code
/// whose error no figure can fix appears in what it prints.
#[test]
fn structural_errors_are_named_with_their_code() {
    for name in [
        "ctg050-pooled-with-itself",
        "ctg050-pooled-chain",
        "ctg050-pooled-cycle",
    ] {
        let path = format!("tests/fixtures/invalid/{name}.toml");
        let out = run(&["propose", &path]);
        let t = text(&out);
        assert_eq!(out.status.code(), Some(2), "{t}");
        assert!(t.contains("error[CTG050]"), "{t}");
        // The closing line agrees with the number of errors said above.
        let closing = if t.matches("error[").count() == 1 {
            "fix the error above first"
        } else {
            "fix the errors above first"
        };
        assert!(t.contains(closing), "{t}");
    }
    // A `change` contradicting its `etp` is a figure the planner models:
    // it says which figure to change.
    let out = run(&["propose", "tests/fixtures/invalid/ctg033-post-change.toml"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains("help[CTG033]"), "{t}");
}

#[test]
fn an_error_between_two_past_periods_blocks_with_its_code() {
    let f = "tests/fixtures/agreement/past-period-error.toml";
    let out = run(&["propose", f]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(2), "{t}");
    assert!(
        t.contains("error[CTG080]: A moves +0.3 ETP from 2020-2021 to 2022-2025"),
        "{t}"
    );
    // Planning every period may fix it.
    let out = run(&["propose", f, "--all"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", text(&out));
}

/// A theme written in one period and left out of the next moves to 0: check
/// sees it as diff and propose do.
#[test]
fn a_theme_left_out_is_a_move_for_every_command() {
    let f = "tests/fixtures/agreement/theme-left-out.toml";
    let check = run(&["check", f]);
    let t = text(&check);
    assert_eq!(check.status.code(), Some(1), "{t}");
    assert!(
        t.contains("error[CTG080]: Accès aux droits, animation de la vie sociale, numérique, interventions sociales, logement moves -0.2 ETP from 2026 to 2027"),
        "{t}"
    );
    let diff = run(&["diff", f, "2026", "2027"]);
    let d = text(&diff);
    let flagged: Vec<&str> = d.lines().filter(|l| l.ends_with("CTG080")).collect();
    assert_eq!(flagged.len(), 2, "{d}");
    assert_eq!(
        t.matches("error[CTG080]").count(),
        flagged.len(),
        "{t}\n{d}"
    );
    let propose = run(&["propose", f]);
    assert_eq!(propose.status.code(), Some(1), "{}", text(&propose));
}

/// A negative figure computed from a `change` is an error, and `cost` shows
/// no negative euros for it.
#[test]
fn computed_figures_obey_the_rules() {
    let f = "tests/fixtures/agreement/negative-change.toml";
    let check = run(&["check", f]);
    let t = text(&check);
    assert_eq!(check.status.code(), Some(1), "{t}");
    assert!(
        t.contains("error[CTG020]: period 2027: A would hold -0.3 ETP"),
        "{t}"
    );
    let cost = run(&["cost", f]);
    let c = String::from_utf8_lossy(&cost.stdout);
    // The table, after the diagnostics.
    let table = c.split("Period 2026").nth(1).unwrap_or_default();
    assert!(table.contains("Period 2027"), "{c}");
    assert!(
        !table
            .lines()
            .any(|l| l.split_whitespace().any(|w| w.starts_with('-'))),
        "{c}"
    );
}

/// Planning a period written as changes on an unknown split: the figures
/// follow the declared changes, the table shows them, and `--out` writes the
/// themes chosen for each post.
#[test]
fn changes_on_an_unknown_split_are_kept_and_written_back() {
    let f = "tests/fixtures/agreement/changes-on-unknown-split.toml";
    let dir = tempfile::tempdir().expect("tempdir");
    let out_path = dir.path().join("out.toml");
    let out_s = out_path.to_string_lossy();
    let out = run(&["propose", f, "--period", "2026", "--out", &out_s]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    let row = |h: &str| -> Vec<String> {
        t.lines()
            .find(|l| l.starts_with(&format!("{h} ")))
            .map(|l| l.split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default()
    };
    // The table names holders by their names (A, B).
    assert_eq!(row("A").get(2).map(String::as_str), Some("+0.2"), "{t}");
    assert_eq!(row("B").get(2).map(String::as_str), Some("+0.1"), "{t}");
    let a: f64 = row("A").get(1).and_then(|x| x.parse().ok()).unwrap_or(-1.0);
    let b: f64 = row("B").get(1).and_then(|x| x.parse().ok()).unwrap_or(-1.0);
    assert!(a >= 0.2 && b >= 0.1, "{t}");
    let written = std::fs::read_to_string(&out_path).expect("written");
    assert!(written.contains("posts.a = { change = 0.2"), "{written}");
    assert_eq!(written.matches("themes = [").count(), 2, "{written}");
    let check = run(&["check", &out_s]);
    assert_eq!(text(&check), "checked 1 file: 0 errors, 0 warnings\n");
}
