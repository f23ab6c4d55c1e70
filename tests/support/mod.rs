//! Running the real binary from CLI tests: from the crate root, with relative
//! paths, so that snapshots do not depend on the machine.
#![allow(dead_code)]

use std::process::{Command, Output};

pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");
pub const VALLEE: &str = "scenarios/vallee-des-baux-alpilles.toml";

pub fn ctgplan(args: &[&str]) -> Command {
    let mut cmd = Command::new(insta_cmd::get_cargo_bin("ctgplan"));
    cmd.env("CTGPLAN_LANG", "en");
    cmd.current_dir(ROOT).args(args);
    cmd
}

/// Runs the binary and returns what it did.
pub fn output(args: &[&str]) -> Output {
    ctgplan(args).output().expect("the binary runs")
}

/// Runs the binary and checks its exit code on its own, so that accepting a
/// snapshot can never accept a wrong exit code.
pub fn run(args: &[&str], exit: i32) -> Output {
    let out = output(args);
    assert_exit(&out, args, exit);
    out
}

/// Fails, showing both streams, unless `out` ended with `exit`.
pub fn assert_exit(out: &Output, args: &[&str], exit: i32) {
    assert_eq!(
        out.status.code(),
        Some(exit),
        "ctgplan {}\nstdout:\n{}\nstderr:\n{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Checks the exit code, then snapshots stdout, stderr and the exit code.
/// A macro so that the snapshot is named after the calling test file.
#[macro_export]
macro_rules! snapshot {
    ($name:expr, $args:expr, $exit:expr $(,)?) => {{
        let name: &str = &$name;
        let args: &[&str] = $args;
        $crate::support::run(args, $exit);
        insta_cmd::assert_cmd_snapshot!(name, $crate::support::ctgplan(args));
    }};
}
