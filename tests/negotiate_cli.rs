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
    let words: Vec<&str> = command.split_whitespace().skip(1).collect();
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
/// test --test negotiate_cli` rewrites the outputs.
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
        rewritten.push_str(&format!("```sh\n{command}\n```\n\n```text\n{actual}\n```\n"));
        rest = &text[end + "```\n".len()..];
    }
    rewritten.push_str(rest);
    assert!(examples >= 6, "only {examples} examples found");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, rewritten).expect("docs/negotiate.md is writable");
        return;
    }
    assert!(
        failures.is_empty(),
        "docs/negotiate.md is out of date (UPDATE_DOCS=1 cargo test --test negotiate_cli):\n{}",
        failures.join("\n")
    );
}
