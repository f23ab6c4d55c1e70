//! Every command explains itself: `--help` ends with an example, and the
//! shell completion scripts are generated.

use clap::CommandFactory;
use std::process::Command;

fn ctgplan(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ctgplan"))
        .env("CTGPLAN_LANG", "en")
        .args(args)
        // The English help (tests/help_lang.rs covers the French one).
        .env("CTGPLAN_LANG", "en")
        .output()
        .expect("the binary runs")
}

#[test]
fn every_subcommand_help_ends_with_an_example() {
    let cli = ctgplan::cli::Cli::command();
    let names: Vec<String> = cli
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .filter(|n| n != "help")
        .collect();
    assert!(names.len() >= 9, "subcommands found: {names:?}");
    for name in names {
        let out = ctgplan(&[&name, "--help"]);
        assert_eq!(out.status.code(), Some(0), "ctgplan {name} --help");
        let text = String::from_utf8_lossy(&out.stdout);
        let example = text
            .rfind("Example")
            .unwrap_or_else(|| panic!("`ctgplan {name} --help` has no example:\n{text}"));
        // The example is the last section: no option list after it.
        assert!(
            !text[example..].contains("Options:"),
            "`ctgplan {name} --help`: the example is not at the end:\n{text}"
        );
        assert!(
            text[example..].contains(&format!("ctgplan {name}")),
            "`ctgplan {name} --help`: the example does not run `ctgplan {name}`:\n{text}"
        );
    }
}

#[test]
fn top_level_help_ends_with_an_example() {
    let out = ctgplan(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    let example = text.rfind("Example").expect("an example");
    assert!(text[example..].contains("ctgplan check"), "{text}");
}

#[test]
fn completion_scripts_know_the_commands() {
    for shell in ["bash", "zsh", "fish"] {
        let out = ctgplan(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "completions {shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(script.len() > 200, "{shell}: {script}");
        for word in ["check", "propose", "init", "format"] {
            assert!(script.contains(word), "{shell} script lacks `{word}`");
        }
    }
    let out = ctgplan(&["completions", "tcsh"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}
