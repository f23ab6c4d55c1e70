//! Snapshot tests of `ctgplan propose`: the plan or the relaxations a user
//! sees, the exit code, and the scenario written with `--out`.
//! Commands run from the crate root with relative paths and `--color never`;
//! files written by `--out` go to a temporary directory, whose path is
//! replaced by `[OUT]` before snapshotting.

mod support;

use std::path::Path;
use std::process::Output;
use support::{assert_exit, output, ROOT};

/// Every fixture of `tests/fixtures/propose/` with the exit code it leads to:
/// 0 a plan, 1 an impossible ask explained by relaxations.
const FIXTURES: &[(&str, i32)] = &[
    ("caf-cap-too-low", 1),
    ("impossible-theme-minimums", 1),
    ("min-share-too-high", 1),
    ("open-figures", 0),
    ("theme-outside-lists", 1),
    ("transition-too-tight", 1),
];

/// stdout and stderr with the temporary directory replaced, for commands
/// whose output names a file they wrote.
fn masked(out: &Output, dir: &Path) -> String {
    let dir = dir.display().to_string();
    format!(
        "exit code: {:?}\n----- stdout -----\n{}----- stderr -----\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).replace(&dir, "[OUT]"),
        String::from_utf8_lossy(&out.stderr).replace(&dir, "[OUT]")
    )
}

/// The lines `propose --out` changed, as `-`/`+` hunks, each headed by the
/// last unchanged non-blank line before it: a snapshot of what was planned that does not
/// move when the rest of a shared scenario is edited.
fn changes(before: &str, after: &str) -> String {
    let a: Vec<&str> = before.lines().collect();
    let b: Vec<&str> = after.lines().collect();
    // Longest common subsequence of lines, from the end.
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = String::new();
    let mut context = "(start of file)";
    let mut in_hunk = false;
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            if !a[i].trim().is_empty() {
                context = a[i];
            }
            in_hunk = false;
            i += 1;
            j += 1;
            continue;
        }
        if !in_hunk {
            out.push_str(&format!("@@ after: {context}\n"));
            in_hunk = true;
        }
        if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push_str(&format!("-{}\n", a[i]));
            i += 1;
        } else {
            out.push_str(&format!("+{}\n", b[j]));
            j += 1;
        }
    }
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("the written file is readable")
}

fn check_passes(path: &Path) {
    let p = path.display().to_string();
    let out = output(&["check", "--color", "never", &p]);
    assert_exit(&out, &["check", &p], 0);
}

#[test]
fn vallee_des_baux() {
    snapshot!(
        "vallee",
        &[
            "propose",
            "--color",
            "never",
            "scenarios/vallee-des-baux-alpilles.toml",
        ],
        0,
    );
}

#[test]
fn vallee_des_baux_one_period() {
    snapshot!(
        "vallee_period_2026",
        &[
            "propose",
            "--color",
            "never",
            "--period",
            "2026",
            "scenarios/vallee-des-baux-alpilles.toml",
        ],
        0,
    );
}

#[test]
fn vallee_des_baux_every_period() {
    snapshot!(
        "vallee_all",
        &[
            "propose",
            "--color",
            "never",
            "--all",
            "scenarios/vallee-des-baux-alpilles.toml",
        ],
        0,
    );
}

#[test]
fn golfe_closest() {
    snapshot!(
        "golfe_closest",
        &[
            "propose",
            "--color",
            "never",
            "scenarios/golfe-des-etangs.toml",
        ],
        0,
    );
}

#[test]
fn golfe_balance() {
    snapshot!(
        "golfe_balance",
        &[
            "propose",
            "--color",
            "never",
            "--objective",
            "balance",
            "scenarios/golfe-des-etangs.toml",
        ],
        0,
    );
}

#[test]
fn bassin_minier_repartition() {
    snapshot!(
        "bassin_minier_repartition",
        &[
            "propose",
            "--color",
            "never",
            "scenarios/bassin-minier-repartition.toml",
        ],
        0,
    );
}

#[test]
fn bassin_minier_repartition_passes_check_as_written() {
    check_passes(&Path::new(ROOT).join("scenarios/bassin-minier-repartition.toml"));
}

#[test]
fn each_fixture() {
    let mut on_disk: Vec<String> =
        std::fs::read_dir(Path::new(ROOT).join("tests/fixtures/propose"))
            .expect("fixture directory")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter_map(|n| n.strip_suffix(".toml").map(str::to_owned))
            .collect();
    on_disk.sort();
    let listed: Vec<&str> = FIXTURES.iter().map(|(n, _)| *n).collect();
    assert_eq!(on_disk, listed, "FIXTURES must list every propose fixture");
    for (stem, exit) in FIXTURES {
        let file = format!("tests/fixtures/propose/{stem}.toml");
        snapshot!(
            &format!("fixture_{stem}"),
            &["propose", "--color", "never", &file],
            *exit,
        );
    }
}

/// The advice each impossible fixture was written for, in the negotiators' terms.
#[test]
fn impossible_fixtures_give_the_expected_advice() {
    for (stem, advice) in [
        (
            "caf-cap-too-low",
            "raise the Caf co-financed total of 2027-2030 from 3.3 to 3.4 ETP",
        ),
        (
            "min-share-too-high",
            "lower the minimum share of Petite enfance / inclusion from 70 % to 61.5 % (in 2026)",
        ),
        (
            "theme-outside-lists",
            "let Aureille work on Enfance / Jeunesse (0.1 ETP in 2027-2030)",
        ),
        (
            "transition-too-tight",
            "raise max_commune_move from 0.1 to 0.2 ETP (Aureille, 2026 → 2027-2030)",
        ),
    ] {
        let file = format!("tests/fixtures/propose/{stem}.toml");
        let args = ["propose", "--color", "never", file.as_str()];
        let out = output(&args);
        assert_exit(&out, &args, 1);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains(advice),
            "{stem}: no `{advice}` in\n{stdout}"
        );
        assert!(
            stdout.contains("checked: with these changes the solver finds a scheme"),
            "{stem}: relaxation not confirmed\n{stdout}"
        );
    }
}

#[test]
fn unknown_period_is_a_usage_error() {
    snapshot!(
        "unknown_period",
        &[
            "propose",
            "--color",
            "never",
            "--period",
            "2031",
            "scenarios/vallee-des-baux-alpilles.toml",
        ],
        2,
    );
}

#[test]
fn balance_without_populations_is_refused() {
    snapshot!(
        "balance_without_populations",
        &[
            "propose",
            "--color",
            "never",
            "--objective",
            "balance",
            "tests/fixtures/propose/open-figures.toml",
        ],
        2,
    );
}

#[test]
fn unusable_input_is_not_planned() {
    snapshot!(
        "off_step_input",
        &[
            "propose",
            "--color",
            "never",
            "tests/fixtures/invalid/ctg020-off-step.toml",
        ],
        2,
    );
    snapshot!(
        "missing_file",
        &[
            "propose",
            "--color",
            "never",
            "tests/fixtures/propose/nope.toml",
        ],
        2,
    );
}

/// An error no choice of figures can fix (here an undeclared theme) is
/// reported, and nothing is planned.
#[test]
fn errors_no_figure_can_fix_stop_the_planning() {
    snapshot!(
        "blocking_error",
        &[
            "propose",
            "--color",
            "never",
            "tests/fixtures/invalid/ctg011-unknown-theme.toml",
        ],
        2,
    );
}

#[test]
fn time_limit_must_be_positive() {
    snapshot!(
        "time_limit_zero",
        &[
            "propose",
            "--color",
            "never",
            "--time-limit",
            "0",
            "scenarios/vallee-des-baux-alpilles.toml",
        ],
        2,
    );
}

#[test]
fn a_generous_time_limit_changes_nothing() {
    let base = [
        "propose",
        "--color",
        "never",
        "scenarios/vallee-des-baux-alpilles.toml",
    ];
    let with = [
        "propose",
        "--color",
        "never",
        "--time-limit",
        "30",
        "scenarios/vallee-des-baux-alpilles.toml",
    ];
    let (a, b) = (output(&base), output(&with));
    assert_exit(&a, &base, 0);
    assert_exit(&b, &with, 0);
    assert_eq!(a.stdout, b.stdout);
}

#[cfg(not(feature = "highs"))]
#[test]
fn highs_without_the_feature_is_refused() {
    snapshot!(
        "highs_not_built",
        &[
            "propose",
            "--color",
            "never",
            "--solver",
            "highs",
            "scenarios/vallee-des-baux-alpilles.toml",
        ],
        2,
    );
}

/// `--out` writes a scenario that passes `check`. The written file is
/// snapshotted whole for this test's own files, and as the lines changed for
/// the shared scenarios, which other work edits.
#[test]
fn out_writes_a_scenario_that_passes_check() {
    for (name, input, extra, whole) in [
        (
            "vallee",
            "scenarios/vallee-des-baux-alpilles.toml",
            None,
            false,
        ),
        (
            "golfe_balance",
            "scenarios/golfe-des-etangs.toml",
            Some("balance"),
            false,
        ),
        (
            "bassin_minier_repartition",
            "scenarios/bassin-minier-repartition.toml",
            None,
            true,
        ),
        (
            "open_figures",
            "tests/fixtures/propose/open-figures.toml",
            None,
            true,
        ),
    ] {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("plan.toml");
        let p = path.display().to_string();
        let mut args = vec!["propose", "--color", "never", input, "--out", &p];
        if let Some(o) = extra {
            args.extend(["--objective", o]);
        }
        let out = output(&args);
        assert_exit(&out, &args, 0);
        let shown = masked(&out, dir.path());
        assert!(
            shown.contains("wrote [OUT]/plan.toml (passes check)"),
            "{name}: {shown}"
        );
        check_passes(&path);
        let written = read(&path);
        let original = read(&Path::new(ROOT).join(input));
        assert_ne!(written, original, "{name}: nothing planned");
        if whole {
            insta::assert_snapshot!(format!("out_{name}"), written);
        } else {
            insta::assert_snapshot!(format!("out_{name}_changes"), changes(&original, &written));
        }
    }
}

/// Every figure the open-figures fixture writes is kept; the open ones are added.
#[test]
fn out_keeps_the_fixed_figures_and_the_comments() {
    let input = "tests/fixtures/propose/open-figures.toml";
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("plan.toml");
    let p = path.display().to_string();
    let args = ["propose", "--color", "never", input, "--out", &p];
    assert_exit(&output(&args), &args, 0);
    let before = read(&Path::new(ROOT).join(input));
    let after = read(&path);
    for line in before
        .lines()
        .filter(|l| l.starts_with('#') || l.contains("etp"))
    {
        let kept = after.lines().any(|a| a == line)
            // A post without themes gets the themes the plan gave it.
            || (line.starts_with("aureille") && after.contains("aureille = { etp = 0.2, themes = ["));
        assert!(kept, "`{line}` lost in\n{after}");
    }
    assert!(after.contains("paradou = { etp = "), "{after}");
    assert!(
        after.contains("saint-etienne-du-gres = { etp = "),
        "{after}"
    );
    assert!(after.contains("themes = { petite_enfance = "), "{after}");
}

#[test]
fn out_refuses_an_existing_file_without_force() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, "# keep me\n").expect("write");
    let p = path.display().to_string();
    let args = [
        "propose",
        "--color",
        "never",
        "scenarios/vallee-des-baux-alpilles.toml",
        "--out",
        &p,
    ];
    let out = output(&args);
    assert_exit(&out, &args, 2);
    assert_eq!(read(&path), "# keep me\n", "the file was touched");
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        1,
        "a temporary file was left behind"
    );
    insta::assert_snapshot!("out_exists", masked(&out, dir.path()));

    let mut forced = args.to_vec();
    forced.push("--force");
    let out = output(&forced);
    assert_exit(&out, &forced, 0);
    assert!(read(&path).contains("[[period]]"));
    check_passes(&path);
    insta::assert_snapshot!("out_force", masked(&out, dir.path()));
}

#[test]
fn out_is_not_written_for_an_impossible_ask() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("plan.toml");
    let p = path.display().to_string();
    let args = [
        "propose",
        "--color",
        "never",
        "tests/fixtures/propose/caf-cap-too-low.toml",
        "--out",
        &p,
    ];
    assert_exit(&output(&args), &args, 1);
    assert!(!path.exists(), "a file was written for an impossible ask");
}

/// The same input gives byte-identical output, on the terminal and on disk.
#[test]
fn propose_is_deterministic() {
    for (input, objective) in [
        ("scenarios/vallee-des-baux-alpilles.toml", "closest"),
        ("scenarios/golfe-des-etangs.toml", "closest"),
        ("scenarios/golfe-des-etangs.toml", "balance"),
        ("scenarios/bassin-minier-repartition.toml", "closest"),
        ("tests/fixtures/propose/open-figures.toml", "closest"),
    ] {
        let dir = tempfile::tempdir().expect("temporary directory");
        let mut written = Vec::new();
        let mut stdouts = Vec::new();
        for k in 0..2 {
            let path = dir.path().join(format!("plan{k}.toml"));
            let p = path.display().to_string();
            let args = [
                "propose",
                "--color",
                "never",
                "--objective",
                objective,
                input,
                "--out",
                &p,
            ];
            let out = output(&args);
            assert_exit(&out, &args, 0);
            stdouts.push(masked(&out, dir.path()).replace(&format!("plan{k}"), "plan"));
            written.push(std::fs::read(&path).expect("written"));
        }
        assert_eq!(written[0], written[1], "{input} {objective}: files differ");
        assert_eq!(
            stdouts[0], stdouts[1],
            "{input} {objective}: outputs differ"
        );
    }
    // Relaxations too.
    let args = [
        "propose",
        "--color",
        "never",
        "tests/fixtures/propose/impossible-theme-minimums.toml",
    ];
    let (a, b) = (output(&args), output(&args));
    assert_exit(&a, &args, 1);
    assert_eq!(a.stdout, b.stdout);
}
