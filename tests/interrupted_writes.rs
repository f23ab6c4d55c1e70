//! A run killed at any moment (SIGKILL: no destructor, no handler runs)
//! leaves its `--out` file either absent or complete, never half-written,
//! and never clobbers an existing file without `--force`. What may remain is
//! the temporary file of a write cut short: hidden (`.ctgplan-tmp-XXXXXX`),
//! with no extension, so neither a user's glob for `*.csv` / `*.toml` nor
//! `ctgplan check DIR` can take it for output. SIGINT (Ctrl-C) and SIGTERM
//! leave nothing: a handler removes the temporary file.

#![cfg(unix)]

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

const BIN: &str = env!("CARGO_BIN_EXE_ctgplan");

/// A scenario large enough for its outputs to take some milliseconds to
/// compute and write (megabytes of JSON), small enough for a test.
fn large_scenario(communes: usize) -> String {
    let mut t = String::from(
        "[territory]\nname = \"Grand territoire\"\n[financing]\ncost_per_etp = 52000\ncaf_rate = 50\n",
    );
    for i in 0..communes {
        let _ = writeln!(
            t,
            "[[commune]]\nid = \"c{i}\"\nname = \"Commune {i}\"\npopulation = {}",
            1000 + i
        );
    }
    for (k, year) in [2026, 2027, 2028].iter().enumerate() {
        let _ = writeln!(t, "[[period]]\nid = \"{year}\"");
        if k < 2 {
            // The last period's posts are open: `propose` fills them in.
            let _ = writeln!(t, "[period.posts]");
            for i in 0..communes {
                let _ = writeln!(t, "c{i} = {{ etp = 0.2 }}");
            }
        } else {
            let _ = writeln!(t, "total = {}", communes / 5);
        }
    }
    t
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .env("CTGPLAN_LANG", "en")
        .args(args)
        .output()
        .expect("the binary runs")
}

/// Names in `dir` other than `keep`.
fn others(dir: &Path, keep: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| !keep.contains(&n.as_str()))
        .collect();
    v.sort();
    v
}

struct Tally {
    absent: usize,
    complete: usize,
    leftovers: usize,
}

/// Runs `args` (whose output goes to `out`) once to completion for the
/// reference, then `kills` more times, each killed after a growing delay
/// spread over the whole run (the last ones near its end, where the write
/// happens; the very last is left to finish). Checks each time what is left
/// in `dir`.
fn kill_repeatedly(dir: &Path, args: &[&str], out: &Path, kills: u32, signal: &str) -> Tally {
    let inputs = ["in.toml", "small.toml"];
    let started = Instant::now();
    let reference = run(args);
    let took = started.elapsed();
    assert_eq!(reference.status.code(), Some(0), "{reference:?}");
    let expected = std::fs::read(out).expect("the reference run wrote its output");
    std::fs::remove_file(out).expect("remove");
    let out_name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tally = Tally {
        absent: 0,
        complete: 0,
        leftovers: 0,
    };
    for k in 0..kills {
        // 0 %, 5 %, ... of the run, then a dense sweep of its last tenth.
        let fraction = if k < kills / 2 {
            f64::from(k) / f64::from(kills / 2)
        } else {
            0.9 + 0.15 * f64::from(k - kills / 2) / f64::from(kills - kills / 2)
        };
        let delay = took.mul_f64(fraction);
        let mut child = Command::new(BIN)
            .env("CTGPLAN_LANG", "en")
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        // The last run is not killed, so that a complete output is always
        // seen, however the timing varies.
        if k + 1 < kills {
            std::thread::sleep(delay);
            if signal == "KILL" {
                // SIGKILL (a no-op error if it has already exited).
                let _ = child.kill();
            } else {
                let _ = Command::new("kill")
                    .args(["-s", signal, &child.id().to_string()])
                    .stderr(Stdio::null())
                    .status();
            }
        }
        let _ = child.wait();
        match std::fs::read(out) {
            Ok(bytes) => {
                assert_eq!(
                    bytes.len(),
                    expected.len(),
                    "kill {k} after {delay:?}: a partial {out_name} was left"
                );
                assert!(bytes == expected, "kill {k}: {out_name} differs");
                tally.complete += 1;
                std::fs::remove_file(out).expect("remove");
            }
            Err(_) => tally.absent += 1,
        }
        for name in others(dir, &[inputs[0], inputs[1], &out_name]) {
            assert!(
                name.starts_with(".ctgplan-tmp-"),
                "kill {k}: unexpected file {name}"
            );
            assert_eq!(signal, "KILL", "SIG{signal} left {name}");
            assert!(
                Path::new(&name).extension().is_none(),
                "kill {k}: leftover {name} has an extension"
            );
            tally.leftovers += 1;
            std::fs::remove_file(dir.join(&name)).expect("remove leftover");
        }
    }
    tally
}

#[test]
fn killed_cost_and_propose_runs_leave_no_partial_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.toml");
    std::fs::write(&input, large_scenario(2000)).expect("write");
    let input_s = input.to_string_lossy().into_owned();
    // propose solves: a smaller territory keeps 20 runs quick in a debug build.
    let small = dir.path().join("small.toml");
    std::fs::write(&small, large_scenario(200)).expect("write");
    let small_s = small.to_string_lossy().into_owned();

    let out = dir.path().join("couts.json");
    let out_s = out.to_string_lossy().into_owned();
    let cost = kill_repeatedly(
        dir.path(),
        &["cost", "--format", "json", "--out", &out_s, &input_s],
        &out,
        20,
        "KILL",
    );

    let plan = dir.path().join("plan.toml");
    let plan_s = plan.to_string_lossy().into_owned();
    let propose = kill_repeatedly(
        dir.path(),
        &["propose", "--color", "never", "--out", &plan_s, &small_s],
        &plan,
        20,
        "KILL",
    );
    eprintln!(
        "cost: {} absent, {} complete, {} leftover temp files; propose: {} absent, {} complete, {} leftovers",
        cost.absent, cost.complete, cost.leftovers, propose.absent, propose.complete, propose.leftovers
    );
    // Each outcome was seen: the sweep covers the run from start to end.
    assert!(
        cost.absent > 0 && cost.complete > 0,
        "cost sweep missed a side"
    );
    assert!(
        propose.absent > 0 && propose.complete > 0,
        "propose sweep missed a side"
    );

    // A complete proposal is a scenario that passes check.
    let ok = run(&["propose", "--color", "never", "--out", &plan_s, &small_s]);
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    let checked = run(&["check", "--color", "never", &plan_s]);
    assert_eq!(checked.status.code(), Some(0), "{checked:?}");
    // The input was never touched.
    assert_eq!(
        std::fs::read_to_string(&input).expect("read"),
        large_scenario(2000)
    );
}

#[test]
fn interrupted_runs_leave_no_temporary_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.toml");
    std::fs::write(&input, large_scenario(2000)).expect("write");
    let input_s = input.to_string_lossy().into_owned();
    std::fs::write(dir.path().join("small.toml"), "").expect("write");
    let out = dir.path().join("couts.json");
    let out_s = out.to_string_lossy().into_owned();
    for signal in ["INT", "TERM"] {
        // `kill_repeatedly` fails on any file left but the output.
        let t = kill_repeatedly(
            dir.path(),
            &["cost", "--format", "json", "--out", &out_s, &input_s],
            &out,
            12,
            signal,
        );
        eprintln!(
            "SIG{signal}: {} absent, {} complete, {} leftovers",
            t.absent, t.complete, t.leftovers
        );
        assert_eq!(t.leftovers, 0);
    }
}

#[test]
fn the_input_is_never_overwritten_without_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.toml");
    let text = large_scenario(10);
    std::fs::write(&input, &text).expect("write");
    let input_s = input.to_string_lossy().into_owned();
    for args in [
        vec!["propose", "--color", "never", "--out", &input_s, &input_s],
        vec!["cost", "--format", "csv", "--out", &input_s, &input_s],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(said.contains("is an input of this command"), "{said}");
        assert_eq!(std::fs::read_to_string(&input).expect("read"), text);
    }
    // Not even with --force, by any name, from any command (issue 13:
    // `report in.toml --out in.toml --force` turned the scenario into HTML).
    let link = dir.path().join("other-name.toml");
    std::fs::hard_link(&input, &link).expect("link");
    let link_s = link.to_string_lossy().into_owned();
    for args in [
        vec!["propose", "--force", "--out", &input_s, &input_s],
        vec!["propose", "--force", "--out", &link_s, &input_s],
        vec!["report", "--force", "--out", &input_s, &input_s],
        vec![
            "cost", "--format", "csv", "--force", "--out", &link_s, &input_s,
        ],
        vec![
            "diff", "--force", "--out", &input_s, &input_s, "2026", "2027",
        ],
        vec!["indicators", "--force", "--out", &input_s, &input_s],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        assert_eq!(std::fs::read_to_string(&input).expect("read"), text);
    }
    assert_eq!(
        others(dir.path(), &["in.toml", "other-name.toml"]),
        Vec::<String>::new()
    );
}
