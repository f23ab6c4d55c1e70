//! Snapshot tests of `ctgplan diff` and `ctgplan cost`: what a user sees and
//! the exit code, in every output format. Same pattern as tests/cli.rs: run
//! from the crate root, relative paths, `--color never`, the exit code
//! asserted on its own before the snapshot.

#[macro_use]
mod support;

use support::{ctgplan, run, ROOT, VALLEE};

#[test]
fn diff_vallee_2026_to_2027_2030() {
    snapshot!(
        "diff_vallee_human",
        &["diff", "--color", "never", VALLEE, "2026", "2027-2030"],
        0,
    );
}

#[test]
fn diff_vallee_csv_and_json() {
    snapshot!(
        "diff_vallee_csv_plain",
        &[
            "diff",
            "--color",
            "never",
            VALLEE,
            "2026",
            "2027-2030",
            "--format",
            "csv",
            "--csv-style",
            "plain",
        ],
        0,
    );
    snapshot!(
        "diff_vallee_json",
        &[
            "diff",
            "--color",
            "never",
            VALLEE,
            "2026",
            "2027-2030",
            "--format",
            "json",
        ],
        0,
    );
}

#[test]
fn diff_flags_moves_beyond_the_transition_limit_and_shows_the_errors() {
    snapshot!(
        "diff_transition_limit",
        &[
            "diff",
            "--color",
            "never",
            "tests/fixtures/invalid/ctg080-transition-limit.toml",
            "2022-2025",
            "2026",
        ],
        1,
    );
}

#[test]
fn diff_keeps_unknown_figures_unknown() {
    // The Golfe file gives 2025's total but not its split: "?" never 0, and
    // the declared changes (+0.5 Istres, +0.2 Fos-sur-Mer) still show.
    snapshot!(
        "diff_golfe_unknown",
        &[
            "diff",
            "--color",
            "never",
            "scenarios/golfe-des-etangs.toml",
            "2025",
            "cible",
        ],
        0,
    );
}

#[test]
fn cost_vallee_human() {
    snapshot!(
        "cost_vallee_human",
        &["cost", "--color", "never", VALLEE],
        0,
    );
}

#[test]
fn cost_vallee_csv_french_and_plain() {
    snapshot!(
        "cost_vallee_csv_french",
        &["cost", "--color", "never", VALLEE, "--period", "2026", "--format", "csv",],
        0,
    );
    snapshot!(
        "cost_vallee_csv_plain",
        &[
            "cost",
            "--color",
            "never",
            VALLEE,
            "--period",
            "2026",
            "--format",
            "csv",
            "--csv-style",
            "plain",
        ],
        0,
    );
}

#[test]
fn cost_vallee_json() {
    snapshot!(
        "cost_vallee_json",
        &[
            "cost",
            "--color",
            "never",
            VALLEE,
            "--period",
            "2027-2030",
            "--format",
            "json",
        ],
        0,
    );
}

#[test]
fn cost_caps_the_caf_at_its_ceiling() {
    snapshot!(
        "cost_caf_ceiling",
        &[
            "cost",
            "--color",
            "never",
            "tests/fixtures/invalid/ctg091-caf-ceiling.toml",
        ],
        0,
    );
}

#[test]
fn unknown_period_is_a_usage_error() {
    snapshot!(
        "cost_unknown_period",
        &["cost", "--color", "never", VALLEE, "--period", "2028"],
        2,
    );
    snapshot!(
        "diff_unknown_period",
        &["diff", "--color", "never", VALLEE, "2026", "2031-2034"],
        2,
    );
}

#[test]
fn cost_without_financing_is_a_usage_error() {
    snapshot!(
        "cost_without_financing",
        &[
            "cost",
            "--color",
            "never",
            "scenarios/golfe-des-etangs.toml",
        ],
        2,
    );
}

#[test]
fn unusable_file_shows_why() {
    snapshot!(
        "cost_unusable_file",
        &[
            "cost",
            "--color",
            "never",
            "tests/fixtures/invalid/input-number-euro-cents.toml",
        ],
        2,
    );
}

#[test]
fn help_ends_with_an_example() {
    for cmd in ["diff", "cost"] {
        let out = run(&[cmd, "--help"], 0);
        let text = String::from_utf8_lossy(&out.stdout);
        let tail: Vec<&str> = text.trim_end().lines().rev().take(3).collect();
        assert!(
            tail.iter().any(|l| l.trim() == "Example:"),
            "{cmd} --help does not end with an example:\n{text}"
        );
        assert!(tail[0].trim_start().starts_with(&format!("ctgplan {cmd} ")));
    }
}

#[test]
fn french_csv_is_what_a_french_spreadsheet_opens() {
    let out = run(
        &[
            "cost", "--color", "never", VALLEE, "--period", "2026", "--format", "csv",
        ],
        0,
    );
    let bytes = out.stdout;
    assert!(bytes.starts_with(b"\xef\xbb\xbf"), "UTF-8 byte order mark");
    let text = std::str::from_utf8(&bytes[3..]).expect("UTF-8");
    assert!(text.ends_with("\r\n"));
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        "period;id;name;payer;etp;own_posts_eur;shared_posts_eur;caf_eur;rest_eur"
    );
    assert!(
        lines.contains(&"2026;eygalieres;Eygalières;commune;0,2;10400,00;1911,52;6060,18;6251,34")
    );
    // The warning count went to stderr, so the data stays clean.
    assert!(String::from_utf8_lossy(&out.stderr).contains("3 warnings"));
    assert!(!text.contains("warning"));
    // Plain: commas, decimal points, no BOM, LF.
    let plain = run(
        &[
            "cost",
            "--color",
            "never",
            VALLEE,
            "--period",
            "2026",
            "--format",
            "csv",
            "--csv-style",
            "plain",
        ],
        0,
    )
    .stdout;
    let plain = String::from_utf8(plain).expect("UTF-8");
    assert!(plain.starts_with("period,id,name,"));
    assert!(!plain.contains('\r'));
    assert!(
        plain.contains("2026,eygalieres,Eygalières,commune,0.2,10400.00,1911.52,6060.18,6251.34\n")
    );
}

/// Every column of the cost CSV adds up to its total row, to the cent.
#[test]
fn cost_columns_add_up_to_the_total() {
    let out = run(
        &[
            "cost",
            "--color",
            "never",
            VALLEE,
            "--format",
            "csv",
            "--csv-style",
            "plain",
        ],
        0,
    );
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let mut sums: std::collections::BTreeMap<String, [i64; 4]> = Default::default();
    let cents = |s: &str| -> i64 {
        let (e, c) = s.split_once('.').expect("two decimals");
        e.parse::<i64>().expect("euros") * 100 + c.parse::<i64>().expect("cents")
    };
    let mut totals = 0;
    for rec in reader.records() {
        let rec = rec.expect("record");
        let period = rec[0].to_owned();
        let values = [
            cents(&rec[5]),
            cents(&rec[6]),
            cents(&rec[7]),
            cents(&rec[8]),
        ];
        assert_eq!(
            values[0] + values[1] - values[2],
            values[3],
            "own + shared - caf = rest"
        );
        let sum = sums.entry(period).or_default();
        if &rec[1] == "total" {
            assert_eq!(*sum, values, "columns add up to the total row");
            totals += 1;
        } else {
            for (s, v) in sum.iter_mut().zip(values) {
                *s += v;
            }
        }
    }
    assert_eq!(totals, 3, "one total row per period");
}

#[test]
fn out_writes_atomically_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("couts.csv");
    let p = path.to_str().expect("UTF-8 path");
    let args = [
        "cost", "--color", "never", VALLEE, "--format", "csv", "--out", p,
    ];
    let out = run(&args, 0);
    assert!(out.stdout.is_empty(), "the data went to the file");
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrote "));
    let written = std::fs::read(&path).expect("written");
    let direct = run(&["cost", "--color", "never", VALLEE, "--format", "csv"], 0).stdout;
    assert_eq!(written, direct);
    // Again: refused without --force, the file untouched.
    std::fs::write(&path, b"mine").expect("overwrite for the test");
    let out = run(&args, 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read(&path).expect("kept"), b"mine");
    let mut forced = args.to_vec();
    forced.push("--force");
    run(&forced, 0);
    assert_eq!(std::fs::read(&path).expect("rewritten"), direct);
    // Human output goes to the file too, without colour codes.
    let human = dir.path().join("diff.txt");
    let h = human.to_str().expect("UTF-8 path");
    run(&["diff", VALLEE, "2026", "2027-2030", "--out", h], 0);
    let text = std::fs::read_to_string(&human).expect("written");
    assert!(text.contains("Saint-Rémy-de-Provence") && !text.contains('\u{1b}'));
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        2,
        "no temporary file left"
    );
}

/// docs/cost.md shows real output: each block below is in it, as printed.
#[test]
fn docs_show_real_output() {
    let doc = std::fs::read_to_string(format!("{ROOT}/docs/cost.md")).expect("docs/cost.md");
    let cases: [(&[&str], &str); 4] = [
        (
            &["diff", "--color", "never", VALLEE, "2026", "2027-2030"],
            "Vallée des Baux-Alpilles: 2026",
        ),
        (
            &["cost", "--color", "never", VALLEE, "--period", "2026"],
            "Vallée des Baux-Alpilles: cost",
        ),
        (
            &[
                "diff",
                "--color",
                "never",
                "tests/fixtures/invalid/ctg080-transition-limit.toml",
                "2022-2025",
                "2026",
            ],
            "                        ETP",
        ),
        (
            &[
                "cost",
                "--color",
                "never",
                "tests/fixtures/invalid/ctg091-caf-ceiling.toml",
                "--period",
                "2027-2030",
            ],
            "Period 2027-2030",
        ),
    ];
    for (args, from) in cases {
        let out = ctgplan(args).output().expect("the binary runs");
        let text = String::from_utf8_lossy(&out.stdout);
        let start = text.find(from).expect("the table is printed");
        let table: Vec<&str> = text[start..]
            .trim_end()
            .lines()
            .map(str::trim_end)
            .collect();
        let table = table.join("\n");
        assert!(
            doc.contains(&table),
            "docs/cost.md does not show what `ctgplan {}` prints:\n{table}",
            args.join(" ")
        );
    }
}
