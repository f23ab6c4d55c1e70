//! Snapshots, in French and in English, of what the importer, the
//! portfolio and the table commands' usage errors say: the French one has no
//! English sentence, the English one no French sentence apart from names.

mod support;

use support::VALLEE;

const LANGS: [&str; 2] = ["fr", "en"];

fn snapshot(name: &str, args: &[&str], exit: i32) {
    let out = support::output(args);
    support::assert_exit(&out, args, exit);
    insta_cmd::assert_cmd_snapshot!(name, support::ctgplan(args));
}

#[test]
fn import_findings_in_both_languages() {
    for lang in LANGS {
        // CTG122, CTG123, CTG124, CTG125, CTG126 on one table.
        snapshot(
            &format!("{lang}_import_findings"),
            &[
                "--lang",
                lang,
                "import",
                "tests/fixtures/import/annexe-a-corriger.csv",
            ],
            2,
        );
        // CTG127 (a warning) and CTG125.
        snapshot(
            &format!("{lang}_import_carried_by"),
            &[
                "--lang",
                lang,
                "import",
                "tests/fixtures/import/annexe-porteur-inconnu.csv",
            ],
            2,
        );
        // CTG120: a file that is no table.
        snapshot(
            &format!("{lang}_import_unreadable"),
            &["--lang", lang, "import", "README.md"],
            2,
        );
    }
}

#[test]
fn portfolio_findings_in_both_languages() {
    for lang in LANGS {
        for (fixture, exit) in [
            ("ctg111-envelope-euros", 1),
            ("ctg114-counted-twice", 1),
            ("ctg117-period-years", 0),
            ("ctg119-incomplete-sum", 0),
            ("input-missing-file", 2),
        ] {
            snapshot(
                &format!("{lang}_portfolio_{fixture}"),
                &[
                    "--lang",
                    lang,
                    "check",
                    "--color",
                    "never",
                    &format!("tests/fixtures/portfolio/{fixture}.toml"),
                ],
                exit,
            );
        }
    }
}

#[test]
fn usage_errors_in_both_languages() {
    for lang in LANGS {
        let l = ["--lang", lang];
        let with = |rest: &[&'static str]| -> Vec<&str> {
            l.iter().copied().chain(rest.iter().copied()).collect()
        };
        snapshot(
            &format!("{lang}_format_mismatch"),
            &with(&["cost", VALLEE, "--format", "csv", "--out", "couts.xlsx"]),
            2,
        );
        snapshot(
            &format!("{lang}_report_extension"),
            &with(&["report", VALLEE, "--out", "rapport.pdf"]),
            2,
        );
        snapshot(
            &format!("{lang}_import_out_named_as_table"),
            &with(&[
                "import",
                "tests/fixtures/import/vallee-des-baux-annexe.csv",
                "--out",
                "scenario.xlsx",
            ]),
            2,
        );
    }
}

/// CTG004 from `cost`: costs past what 64-bit cents hold.
#[test]
fn costs_past_the_cent_in_both_languages() {
    let text = "[territory]\nname = \"T\"\n[financing]\ncost_per_etp = 1000000000\ncaf_rate = 50\n\
                [[commune]]\nid = \"a\"\nname = \"A\"\n[[period]]\nid = \"2026\"\nposts.a = { etp = 100000000 }\n";
    for lang in LANGS {
        let args = ["--lang", lang, "cost", "--color", "never", "-"];
        let out = support::ctgplan(&args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write as _;
                child
                    .stdin
                    .take()
                    .expect("stdin")
                    .write_all(text.as_bytes())?;
                child.wait_with_output()
            })
            .expect("runs");
        support::assert_exit(&out, &args, 2);
        insta_cmd::assert_cmd_snapshot!(
            format!("{lang}_cost_past_the_cent"),
            support::ctgplan(&args).pass_stdin(text)
        );
    }
}
