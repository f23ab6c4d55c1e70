//! Negotiation (issue 15 part B): rules of one period (`[period.rules]`),
//! variant files (`extends`), `ctgplan compare`. Commands run from the crate
//! root with relative paths and `--color never`.

mod support;

use support::{output, run};

const TARGET: &str = "tests/fixtures/negotiate/period-rules-target.toml";
const EVERYWHERE: &str = "tests/fixtures/negotiate/period-rules-everywhere.toml";

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A minimum that only the target period should have: in `[rules]` it
/// breaks the 2026 transitional scheme and `propose --period 2027-2030`
/// refuses to plan; in the target's `[period.rules]` it plans, and the plan
/// gives the theme its minimum.
#[test]
fn a_minimum_of_the_target_period_only_lets_propose_plan_it() {
    let args = ["propose", "--color", "never", "--period", "2027-2030"];
    let out = output(&[&args[..], &[EVERYWHERE]].concat());
    let t = text(&out);
    assert_eq!(out.status.code(), Some(2), "{t}");
    assert!(t.contains("error[CTG042]: period 2026"), "{t}");

    let out = run(&[&args[..], &[TARGET]].concat(), 0);
    let t = text(&out);
    let themes = t
        .lines()
        .find(|l| l.starts_with("themes "))
        .unwrap_or_else(|| panic!("no themes line in\n{t}"));
    let petite_enfance = themes.split_whitespace().nth(3).unwrap_or("");
    let value: f64 = petite_enfance.parse().unwrap_or(0.0);
    assert!(value >= 2.0, "petite enfance gets {petite_enfance}:\n{t}");
    assert!(t.contains("the scheme passes check"), "{t}");
}

// ---- docs/negotiate.md shows real output -----------------------------------

/// The binary in French whatever the machine's locale, as the docs show it.
fn french(args: &[&str]) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_ctgplan"));
    cmd.current_dir(support::ROOT)
        .args(args)
        .env("CTGPLAN_LANG", "fr")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    cmd
}

/// stdout of a command as the docs paste it: `--color never` after the
/// subcommand, trailing spaces dropped.
fn doc_output(command: &str) -> String {
    // Words as a shell reads them here: quotes around a word are dropped.
    let words: Vec<&str> = command
        .split_whitespace()
        .skip(1)
        .map(|w| w.trim_matches('"'))
        .collect();
    let mut args: Vec<&str> = words.iter().take(1).copied().collect();
    args.extend(["--color", "never"]);
    args.extend(words.iter().skip(1));
    let out = french(&args).output().expect("the binary runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim_matches('\n')
        .to_owned()
}

/// Each "```sh" block of one `ctgplan` command followed by a "```text" block
/// in docs/negotiate.md is what the command prints. `UPDATE_DOCS=1 cargo
/// test --test variants_cli` rewrites the outputs.
#[test]
fn negotiate_doc_shows_real_output() {
    let path = format!("{}/docs/negotiate.md", support::ROOT);
    let doc = std::fs::read_to_string(&path).expect("docs/negotiate.md");
    let mut rewritten = String::new();
    let mut failures = Vec::new();
    let mut rest = doc.as_str();
    let mut examples = 0;
    while let Some(at) = rest.find("```sh\nctgplan ") {
        let (before, from) = rest.split_at(at);
        rewritten.push_str(before);
        let command_end = from.find("\n```\n").expect("the sh block closes");
        let command = &from["```sh\n".len()..command_end];
        let after_command = &from[command_end + "\n```\n".len()..];
        let Some(text) = after_command.strip_prefix("\n```text\n") else {
            rewritten.push_str(&from[..command_end + 5]);
            rest = after_command;
            continue;
        };
        let end = text.find("```\n").expect("the text block closes");
        let shown = text[..end].trim_end_matches('\n');
        let actual = doc_output(command);
        examples += 1;
        if shown != actual {
            failures.push(format!("`{command}` prints:\n{actual}\n"));
        }
        rewritten.push_str(&format!(
            "```sh\n{command}\n```\n\n```text\n{actual}\n```\n"
        ));
        rest = &text[end + "```\n".len()..];
    }
    rewritten.push_str(rest);
    assert!(examples >= 11, "only {examples} examples found");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, rewritten).expect("docs/negotiate.md is writable");
        return;
    }
    assert!(
        failures.is_empty(),
        "docs/negotiate.md is out of date (UPDATE_DOCS=1 cargo test --test variants_cli):\n{}",
        failures.join("\n")
    );
}

// ---- variants ----------------------------------------------------------------

const VALLEE: &str = "scenarios/vallee-des-baux-alpilles.toml";
const AUREILLE: &str = "docs/negotiate/aureille-0-3.toml";
const CAF: &str = "docs/negotiate/caf-3-2.toml";
const PETITE_ENFANCE: &str = "docs/negotiate/petite-enfance-2-0.toml";

fn json(args: &[&str]) -> serde_json::Value {
    let out = french(args).output().expect("the binary runs");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", text(&out)))
}

/// A finding about a figure of the base points into the base; one about an
/// override into the variant; one about both has a label in each.
#[test]
fn a_variants_findings_point_into_the_file_each_figure_is_written_in() {
    let v = json(&["check", "--format", "json", CAF]);
    let ds = v["diagnostics"].as_array().expect("diagnostics");
    let cap = ds
        .iter()
        .find(|d| d["code"] == "CTG032")
        .expect("the Caf's 3.2 is exceeded");
    // The primary label is the base's total (line 152), the Caf's figure
    // the variant's line 8.
    assert_eq!(cap["file"], VALLEE, "{cap}");
    assert_eq!(cap["line"], 152, "{cap}");
    let open = ds.iter().find(|d| d["code"] == "CTG061").expect("CTG061");
    assert_eq!(open["file"], VALLEE);
    assert_eq!(v["summary"]["errors"], 1);
    let out = french(&["check", "--color", "never", CAF])
        .output()
        .expect("runs");
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(
        t.contains("┌─ scenarios/vallee-des-baux-alpilles.toml:152:9"),
        "{t}"
    );
    assert!(t.contains("┌─ docs/negotiate/caf-3-2.toml:8:13"), "{t}");
    // A rule of the variant's own period: only the target breaks it.
    let v = json(&["check", "--format", "json", PETITE_ENFANCE]);
    let errors: Vec<&serde_json::Value> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 1, "{v}");
    assert_eq!(errors[0]["code"], "CTG042");
    assert_eq!(errors[0]["subject"]["periods"][0], "2027-2030");
}

/// Every command reads a variant as the scenario it resolves to.
#[test]
fn every_command_reads_a_variant() {
    for args in [
        vec!["cost", "--period", "2027-2030", AUREILLE],
        vec!["diff", AUREILLE, "2026", "2027-2030"],
        vec!["report", "--format", "md", AUREILLE],
        vec!["indicators", AUREILLE],
    ] {
        let out = french(&args).output().expect("runs");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", text(&out));
    }
    let out = french(&[
        "cost",
        "--period",
        "2027-2030",
        "--format",
        "json",
        AUREILLE,
    ])
    .output()
    .expect("runs");
    let t = String::from_utf8_lossy(&out.stdout);
    // Aureille's 0.3 ETP of the variant, not the base's 0.2.
    assert!(t.contains("\"etp\": \"0.3\""), "{t}");
}

#[test]
fn propose_completes_a_variant_and_writes_it_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out_file = dir.path().join("planned.toml");
    let o = out_file.display().to_string();
    let out = french(&[
        "propose",
        "--color",
        "never",
        "tests/fixtures/negotiate/variant-open-figures.toml",
        "--out",
        &o,
    ])
    .output()
    .expect("runs");
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    let written = std::fs::read_to_string(&out_file).expect("written");
    assert!(!written.contains("extends"), "{written}");
    // The variant's minimum of parentalité holds in the plan.
    assert!(written.contains("min_etp = 0.4"), "{written}");
    let out = french(&["check", "--color", "never", &o])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

/// Writes `files` into a temporary folder and checks the first.
fn check_in_dir(files: &[(&str, &str)]) -> (std::process::Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, body) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, body).expect("write");
    }
    let first = dir.path().join(files[0].0);
    let out = french(&["check", "--format", "json", &first.display().to_string()])
        .output()
        .expect("runs");
    (out, dir)
}

fn codes(out: &std::process::Output) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_owned())
        .collect()
}

const BASE: &str = "[territory]\nname = \"T\"\n[[period]]\nid = \"2026\"\ntotal = 1\n";

#[test]
fn variants_are_bounded() {
    // A missing base, a base that is not a scenario (its lines not shown).
    let (out, _d) = check_in_dir(&[("v.toml", "extends = \"absent.toml\"\n")]);
    assert_eq!(
        (out.status.code(), codes(&out)),
        (Some(2), vec!["CTG135".to_owned()])
    );
    let secret = "token = \"s3cr3t\"\n";
    let (out, _d) = check_in_dir(&[("v.toml", "extends = \"b.toml\"\n"), ("b.toml", secret)]);
    assert_eq!(codes(&out), ["CTG135"]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("s3cr3t"));
    // A cycle, a chain too deep.
    let (out, _d) = check_in_dir(&[
        ("a.toml", "extends = \"b.toml\"\n"),
        ("b.toml", "extends = \"a.toml\"\n"),
    ]);
    assert_eq!(codes(&out), ["CTG136"]);
    let (out, _d) = check_in_dir(&[
        ("v1.toml", "extends = \"v2.toml\"\n"),
        ("v2.toml", "extends = \"v3.toml\"\n"),
        ("v3.toml", "extends = \"v4.toml\"\n"),
        ("v4.toml", "extends = \"b.toml\"\n"),
        ("b.toml", BASE),
    ]);
    assert_eq!(codes(&out), ["CTG136"]);
    let (out, _d) = check_in_dir(&[
        ("v2.toml", "extends = \"v3.toml\"\n"),
        ("v3.toml", "extends = \"v4.toml\"\n"),
        ("v4.toml", "extends = \"b.toml\"\n"),
        ("b.toml", BASE),
    ]);
    assert_eq!(
        (out.status.code(), codes(&out)),
        (Some(0), Vec::<String>::new())
    );
    // Paths: absolute, not .toml; `..` is allowed.
    let (out, _d) = check_in_dir(&[("v.toml", "extends = \"/etc/passwd.toml\"\n")]);
    assert_eq!(codes(&out), ["CTG137"]);
    let (out, _d) = check_in_dir(&[("v.toml", "extends = \"b.txt\"\n")]);
    assert_eq!(codes(&out), ["CTG137"]);
    let (out, _d) = check_in_dir(&[
        ("sub/v.toml", "extends = \"../b.toml\"\n"),
        ("b.toml", BASE),
    ]);
    assert_eq!(
        (out.status.code(), codes(&out)),
        (Some(0), Vec::<String>::new())
    );
    // Overrides: an entry without id, a table replaced by a value.
    let (out, _d) = check_in_dir(&[
        ("v.toml", "extends = \"b.toml\"\n[[period]]\ntotal = 2\n"),
        ("b.toml", BASE),
    ]);
    assert_eq!(codes(&out), ["CTG138"]);
    let (out, _d) = check_in_dir(&[
        ("v.toml", "extends = \"b.toml\"\nterritory = \"X\"\n"),
        ("b.toml", BASE),
    ]);
    assert_eq!(codes(&out), ["CTG138"]);
    // Asks: not a list, not understood, naming nothing.
    let (out, _d) = check_in_dir(&[
        ("v.toml", "extends = \"b.toml\"\nset = \"2026.total=2\"\n"),
        ("b.toml", BASE),
    ]);
    assert_eq!(codes(&out), ["CTG139"]);
    let (out, _d) = check_in_dir(&[
        (
            "v.toml",
            "extends = \"b.toml\"\nset = [\"2026.total=1\", \"2026 total\", \"2031.total=1\"]\n",
        ),
        ("b.toml", BASE),
    ]);
    assert_eq!(codes(&out), ["CTG130", "CTG131"]);
    assert_eq!(out.status.code(), Some(2));
}

// ---- compare -------------------------------------------------------------

#[test]
fn compare_formats() {
    for (name, format) in [
        ("compare_human", "human"),
        ("compare_md", "md"),
        ("compare_csv", "csv"),
        ("compare_json", "json"),
    ] {
        let args = [
            "compare", "--color", "never", "--format", format, VALLEE, AUREILLE, CAF,
        ];
        insta_cmd::assert_cmd_snapshot!(name, french(&args));
    }
    let mut en = french(&["compare", "--color", "never", VALLEE, AUREILLE]);
    en.env("CTGPLAN_LANG", "en");
    insta_cmd::assert_cmd_snapshot!("compare_english", en);
}

#[test]
fn compare_reports_what_each_variant_breaks_and_exits_0() {
    let v = json(&["compare", "--format", "json", VALLEE, CAF, PETITE_ENFANCE]);
    let s = v["scenarios"].as_array().expect("scenarios");
    assert_eq!(s.len(), 3);
    assert_eq!(s[0]["base"], true);
    assert_eq!(s[0]["errors"], 0);
    let new_errors = |i: usize| -> Vec<String> {
        s[i]["breaks"]
            .as_array()
            .expect("breaks")
            .iter()
            .filter(|b| b["severity"] == "error" && b["new"] == true)
            .map(|b| b["code"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    assert_eq!(new_errors(1), ["CTG032"]);
    assert_eq!(new_errors(2), ["CTG042"]);
    assert_eq!(s[1]["extends"][0], VALLEE);
    // Sums are exact: the communes' rows add up to the total.
    let v = json(&["compare", "--format", "json", VALLEE, AUREILLE]);
    for k in 0..2 {
        let rows: rust_decimal::Decimal = v["holders"]
            .as_array()
            .expect("holders")
            .iter()
            .map(|h| {
                h["values"][k]["pays_euros"]
                    .as_str()
                    .and_then(|x| x.parse::<rust_decimal::Decimal>().ok())
                    .expect("known")
            })
            .sum();
        let total: rust_decimal::Decimal = v["scenarios"][k]["payers_euros"]
            .as_str()
            .and_then(|x| x.parse().ok())
            .expect("total");
        assert_eq!(rows, total);
    }
}

#[test]
fn compare_usage_errors() {
    for (args, said) in [
        (vec!["compare", VALLEE], "erreur"),
        (
            vec!["compare", "--period", "2031", VALLEE, AUREILLE],
            "2031",
        ),
        (
            vec!["compare", VALLEE, "tests/fixtures/no-such.toml"],
            "CTG001",
        ),
    ] {
        let out = french(&args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(text(&out).contains(said), "{args:?}: {}", text(&out));
    }
}

/// An ask written in a variant (`set`) plans as the same ask given with
/// `--set` on the base.
#[test]
fn a_variants_asks_are_proposes_asks() {
    let from_file = french(&[
        "propose",
        "--color",
        "never",
        "--period",
        "2027-2030",
        "docs/negotiate/aureille-demande.toml",
    ])
    .output()
    .expect("runs");
    let from_flag = french(&[
        "propose",
        "--color",
        "never",
        "--period",
        "2027-2030",
        VALLEE,
        "--set",
        "2027-2030.aureille=0.3",
    ])
    .output()
    .expect("runs");
    assert_eq!(from_file.status.code(), Some(0), "{}", text(&from_file));
    assert_eq!(from_file.stdout, from_flag.stdout);
    assert!(String::from_utf8_lossy(&from_file.stdout).contains("Aureille                0,3"));
}

/// `unset` removes a key the base writes: the base's minimum that breaks
/// 2026 goes, and its finding with it; a path the base does not write is
/// refused with CTG138, pointing at the path.
#[test]
fn a_variant_removes_a_key_of_its_base() {
    let base = std::fs::read_to_string(format!("{}/{EVERYWHERE}", support::ROOT)).expect("base");
    let (out, _d) = check_in_dir(&[("b.toml", &base)]);
    assert!(codes(&out).contains(&"CTG042".to_owned()), "{}", text(&out));
    let variant = "extends = \"b.toml\"\nunset = [\"rules.theme.petite_enfance.min_etp\"]\n";
    let (out, _d) = check_in_dir(&[("v.toml", variant), ("b.toml", &base)]);
    assert!(
        !codes(&out).contains(&"CTG042".to_owned()),
        "{}",
        text(&out)
    );
    // Removing a whole table, then writing it anew.
    let variant = "extends = \"b.toml\"\nunset = [\"rules.theme\"]\n\
                   [rules.theme.parentalite]\nmin_etp = 0.3\n";
    let (out, _d) = check_in_dir(&[("v.toml", variant), ("b.toml", &base)]);
    assert!(
        !codes(&out).contains(&"CTG042".to_owned()),
        "{}",
        text(&out)
    );
    for bad in [
        "unset = [\"rules.commune_max\"]",
        "unset = [\"commune.nowhere\"]",
        "unset = \"rules\"",
        "unset = [3]",
    ] {
        let variant = format!("extends = \"b.toml\"\n{bad}\n");
        let (out, _d) = check_in_dir(&[("v.toml", &variant), ("b.toml", &base)]);
        assert_eq!(
            (out.status.code(), codes(&out)),
            (Some(2), vec!["CTG138".to_owned()]),
            "{bad}: {}",
            text(&out)
        );
    }
}

/// A variant whose only change is its asks (`set`) is compared with the
/// scheme `propose` plans for them, not with the base's figures, and the
/// output says so; the base's column carries the territory's name.
#[test]
fn compare_plans_a_variants_asks() {
    let out = french(&[
        "compare",
        "--color",
        "never",
        "--format",
        "json",
        "scenarios/vallee-des-baux-alpilles.toml",
        "docs/negotiate/aureille-demande.toml",
    ])
    .output()
    .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("sont planifiées"), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let s = v.to_string();
    assert!(s.contains("Vallée des Baux-Alpilles"), "{s}");
    let human = french(&[
        "compare",
        "--color",
        "never",
        "scenarios/vallee-des-baux-alpilles.toml",
        "docs/negotiate/aureille-demande.toml",
    ])
    .output()
    .expect("runs");
    let t = String::from_utf8_lossy(&human.stdout);
    let aureille = t
        .lines()
        .find(|l| l.starts_with("Aureille"))
        .unwrap_or_else(|| panic!("no Aureille line in\n{t}"));
    assert!(aureille.contains("0,3 (+0,1)"), "{aureille}");
}
