//! The worst inputs the limits accept (tests/common/worst.rs), run through
//! the binary. The measuring test is ignored by default (it takes about a
//! minute in release and writes 20 MB of files); run it in release, where
//! the figures of docs/reliability.md come from:
//!
//! ```console
//! $ cargo test --release --test worst_cases -- --ignored --nocapture
//! ```
//!
//! It prints each case's wall time and peak memory (through `/usr/bin/time
//! -v` when it is installed) and fails if a case crashes, is refused by the
//! limits it is meant to sit under, or gets an unexpected exit code. Speed is
//! never asserted (a shared machine would make that flaky): the figures are
//! read and written in docs/reliability.md.

#[path = "common/worst.rs"]
mod worst;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

#[test]
fn the_generators_use_the_loaders_limits() {
    use ctgplan::scenario::load;
    assert_eq!(worst::MAX_COMMUNES, load::MAX_COMMUNES);
    assert_eq!(worst::MAX_THEMES, load::MAX_THEMES);
    assert_eq!(worst::MAX_PERIODS, load::MAX_PERIODS);
    // Every case fits the file limit; the cases that fill it come close.
    let limit = usize::try_from(load::MAX_FILE_BYTES).unwrap();
    for case in worst::all(limit) {
        assert!(case.text.len() <= limit, "{}", case.name);
    }
    let filled = worst::unknown_refs(limit, 8);
    assert!(filled.text.len() > limit - 100, "{}", filled.text.len());
}

/// Peak resident memory in KiB from `/usr/bin/time -v`'s report.
fn max_rss_kib(report: &str) -> Option<u64> {
    report
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())
}

#[test]
#[ignore = "measures the worst cases: run in release with --ignored --nocapture"]
fn worst_cases_are_answered() {
    let bin = env!("CARGO_BIN_EXE_ctgplan");
    let time = Path::new("/usr/bin/time");
    let has_time = time.exists();
    if !has_time {
        println!("/usr/bin/time is missing: peak memory is not measured (apt-get install time)");
    }
    let dir = tempfile::tempdir().unwrap();
    let limit = usize::try_from(ctgplan::scenario::load::MAX_FILE_BYTES).unwrap();
    println!("| input | command | exit | time | max RSS |\n|---|---|---|---|---|");
    for case in worst::all(limit) {
        let path = dir.path().join(case.name);
        std::fs::write(&path, &case.text).unwrap();
        let mut cmd = if has_time {
            let mut c = Command::new(time);
            c.arg("-v").arg(bin);
            c
        } else {
            Command::new(bin)
        };
        cmd.args(case.command.args()).arg(&path);
        let started = Instant::now();
        let out = cmd.output().unwrap();
        let took = started.elapsed();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let rss = max_rss_kib(&stderr).map_or("?".to_owned(), |k| format!("{} MB", k / 1024));
        let code = out.status.code();
        println!(
            "| {} bytes: {} | `{}` | {} | {:.2} s | {rss} |",
            case.text.len(),
            case.what,
            case.command.args().join(" "),
            code.map_or("signal".to_owned(), |c| c.to_string()),
            took.as_secs_f64()
        );
        let said = String::from_utf8_lossy(&out.stdout);
        // Within the limits: never refused as too large, never a crash.
        for refused in ["CTG006", "MiB limit", "CTG007"] {
            assert!(
                !said.contains(refused) && !stderr.contains(refused),
                "{}: {refused}\n{said}\n{stderr}",
                case.name
            );
        }
        assert!(!stderr.contains("panicked"), "{}: {stderr}", case.name);
        match case.command {
            // Each breaks rules (exit 1), except the valid periods (0).
            worst::Command::Check => assert!(
                matches!(code, Some(0 | 1)),
                "{}: {code:?}\n{stderr}",
                case.name
            ),
            // Planned, impossible, or the time limit (exit 2 with its message).
            worst::Command::Propose => assert!(
                matches!(code, Some(0..=2)),
                "{}: {code:?}\n{stderr}",
                case.name
            ),
        }
    }
}
