//! `--help` and clap's errors in both languages (snapshots): French headings
//! through the help template, French `about`s and argument help, clap's own
//! phrases translated; English unchanged.

mod support;

use std::process::Command;

/// The binary with the language chosen by the environment alone.
fn ctgplan(lang: &str, args: &[&str]) -> Command {
    let mut cmd = support::ctgplan(args);
    for var in ["CTGPLAN_LANG", "LC_ALL", "LC_MESSAGES"] {
        cmd.env_remove(var);
    }
    cmd.env(
        "LANG",
        match lang {
            "fr" => "fr_FR.UTF-8",
            _ => "en_US.UTF-8",
        },
    );
    cmd
}

fn snapshot(lang: &str, args: &[&str], exit: i32) {
    let out = ctgplan(lang, args).output().expect("the binary runs");
    support::assert_exit(&out, args, exit);
    let name = format!("{lang}_{}", args.join("_").replace(['-', ' '], ""));
    insta_cmd::assert_cmd_snapshot!(name, ctgplan(lang, args));
}

#[test]
fn top_level_help() {
    for lang in ["fr", "en"] {
        snapshot(lang, &["--help"], 0);
    }
}

#[test]
fn a_command_s_short_and_long_help() {
    for lang in ["fr", "en"] {
        snapshot(lang, &["cost", "-h"], 0);
        snapshot(lang, &["check", "--help"], 0);
    }
}

/// `--lang` decides before the environment, even for clap's help.
#[test]
fn the_lang_flag_chooses_the_help_s_language() {
    snapshot("en", &["--lang", "fr", "diff", "--help"], 0);
    snapshot("fr", &["diff", "--help", "--lang=en"], 0);
}

#[test]
fn usage_errors() {
    for lang in ["fr", "en"] {
        snapshot(lang, &["cost", "--bogus"], 2);
        snapshot(lang, &["rules", "--format", "xml"], 2);
    }
}

/// No English heading or clap phrase is left in the French help of any
/// command.
#[test]
fn every_command_s_french_help_is_french() {
    use clap::CommandFactory;
    let cli = ctgplan::cli::Cli::command();
    for sub in cli.get_subcommands() {
        let name = sub.get_name();
        for flag in ["-h", "--help"] {
            let out = ctgplan("fr", &[name, flag]).output().expect("runs");
            let text = String::from_utf8_lossy(&out.stdout);
            for english in [
                "Usage:",
                "Options:",
                "Arguments:",
                "Commands:",
                "Example:",
                "Print help",
                "[default:",
                "Possible values",
                "possible values",
            ] {
                assert!(
                    !text.contains(english),
                    "`ctgplan {name} {flag}` in French says `{english}`:\n{text}"
                );
            }
            assert!(
                text.contains("Utilisation\u{a0}: ctgplan"),
                "{name}: {text}"
            );
        }
    }
}
