//! A reader that stops early (`ctgplan check … | head`) or a closed stderr:
//! the verdict stays the exit code, nothing panics, no "Broken pipe" error.
#![cfg(unix)]

use insta_cmd::get_cargo_bin;
use std::process::{Command, Stdio};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn ctgplan(args: &[&str]) -> Command {
    let mut cmd = Command::new(get_cargo_bin("ctgplan"));
    cmd.env("CTGPLAN_LANG", "en");
    cmd.current_dir(ROOT).args(args);
    cmd
}

/// Runs with stdout (or stderr) a stream whose reader is already gone (a
/// socket pair with one end closed: writing fails with a broken pipe).
fn with_closed(args: &[&str], stdout: bool) -> (Option<i32>, String) {
    let (writer, reader) = std::os::unix::net::UnixStream::pair().expect("socket pair");
    drop(reader);
    let writer = Stdio::from(std::os::fd::OwnedFd::from(writer));
    let mut cmd = ctgplan(args);
    if stdout {
        cmd.stdout(writer).stderr(Stdio::piped());
    } else {
        cmd.stderr(writer).stdout(Stdio::piped());
    }
    let out = cmd.output().expect("runs");
    let text = if stdout { out.stderr } else { out.stdout };
    (
        out.status.code(),
        String::from_utf8_lossy(&text).into_owned(),
    )
}

#[test]
fn check_into_a_closed_pipe_keeps_its_verdict_quietly() {
    let (code, stderr) = with_closed(
        &["check", "tests/fixtures/invalid/ctg030-period-total.toml"],
        true,
    );
    assert_eq!((code, stderr.as_str()), (Some(1), ""));
    let (code, stderr) = with_closed(&["check", "scenarios"], true);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    let (code, stderr) = with_closed(
        &[
            "check",
            "--format",
            "json",
            "tests/fixtures/invalid/ctg030-period-total.toml",
        ],
        true,
    );
    assert_eq!((code, stderr.as_str()), (Some(1), ""));
    // The CI formats too: a reader that stops early changes no verdict.
    for format in ["sarif", "github", "gitlab", "junit"] {
        let (code, stderr) = with_closed(&["check", "--format", format, "scenarios"], true);
        assert_eq!((code, stderr.as_str()), (Some(0), ""), "{format}");
    }
}

#[test]
fn a_closed_stderr_never_panics() {
    for args in [
        &["check", "no-such-file.toml"][..],
        &["explain", "CTG999"],
        &[
            "propose",
            "--time-limit",
            "0",
            "scenarios/golfe-des-etangs.toml",
        ],
        &["propose", "tests/fixtures/invalid/ctg050-pooled-chain.toml"],
        &["frobnicate"],
    ] {
        let (code, _) = with_closed(args, false);
        assert_eq!(code, Some(2), "ctgplan {}", args.join(" "));
    }
}

/// `ctgplan propose … | head -1` and the table commands: the reader's
/// leaving ends the output, not as unusable input (exit 2) but with the
/// command's own verdict.
#[test]
fn propose_and_tables_into_a_closed_pipe_keep_their_verdict_quietly() {
    for (args, verdict) in [
        (
            &[
                "propose",
                "--period",
                "2027-2030",
                "scenarios/vallee-des-baux-alpilles.toml",
            ][..],
            0,
        ),
        (
            &[
                "propose",
                "--period",
                "2027-2030",
                "scenarios/vallee-des-baux-alpilles.toml",
                "--set",
                "2027-2030.total=5",
            ],
            1,
        ),
        (&["cost", "scenarios/vallee-des-baux-alpilles.toml"], 0),
        (&["rules"], 0),
    ] {
        let (code, stderr) = with_closed(args, true);
        assert_eq!(code, Some(verdict), "ctgplan {}: {stderr}", args.join(" "));
        assert!(
            !stderr.contains("error"),
            "ctgplan {}: {stderr}",
            args.join(" ")
        );
    }
}
