//! The limits that keep ctgplan from crashing, hanging or flooding on hostile
//! or broken input (docs/reliability.md lists them with these tests): file
//! size, counts of communes and carriers, non-UTF-8 bytes at the edges,
//! directories of thousands of files, symbolic link loops, and solver time.

use ctgplan::check::{check_file, check_paths, collect};
use ctgplan::plan::build::Objective;
use ctgplan::plan::propose::{propose, Proposal, Scope};
use ctgplan::plan::solve::Options;
use ctgplan::scenario::load::{MAX_CARRIERS, MAX_COMMUNES, MAX_FILE_BYTES, MAX_THEMES};
use ctgplan::scenario::{load_path, load_str};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const HEADER: &str = "[territory]\nname = \"T\"\n";

fn codes(path: &Path) -> Vec<&'static str> {
    check_file(path)
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect()
}

fn ctgplan(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ctgplan"))
        .env("CTGPLAN_LANG", "en")
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn a_file_over_2_mib_is_refused_and_one_at_the_limit_is_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let limit = usize::try_from(MAX_FILE_BYTES).expect("fits");
    // A valid scenario padded with a comment up to exactly the limit.
    let mut text = String::from(HEADER);
    text.push('#');
    text.push_str(&"x".repeat(limit - text.len() - 1));
    text.push('\n');
    assert_eq!(text.len(), limit);
    let at = dir.path().join("at-limit.toml");
    std::fs::write(&at, &text).expect("write");
    assert!(codes(&at).is_empty(), "{:?}", codes(&at));

    text.insert(0, ' ');
    let over = dir.path().join("over.toml");
    std::fs::write(&over, &text).expect("write");
    let report = check_file(&over);
    assert_eq!(codes(&over), ["CTG001"]);
    assert_eq!(
        report.diagnostics[0]
            .message
            .render(ctgplan::i18n::Lang::En),
        format!("file is {} bytes, over the 2 MiB limit", limit + 1)
    );
}

/// `count` tables `[[kind]]` with distinct ids, one line each.
fn many(kind: &str, count: usize, extra: &str) -> String {
    let mut text = String::from(HEADER);
    for i in 0..count {
        let _ = writeln!(text, "[[{kind}]]\nid = \"c{i}\"\nname = \"C{i}\"{extra}");
    }
    text
}

#[test]
fn communes_and_carriers_over_their_limit_are_refused_at_the_first_one_over() {
    for (kind, max, extra) in [
        ("commune", MAX_COMMUNES, ""),
        ("carrier", MAX_CARRIERS, "\nkind = \"operator\""),
    ] {
        let at_limit = load_str("t.toml", &many(kind, max, extra));
        assert!(
            at_limit.diagnostics.is_empty(),
            "{kind}: {:?}",
            at_limit.diagnostics.first()
        );
        let over = load_str("t.toml", &many(kind, max + 1, extra));
        assert!(over.scenario.is_none());
        let [d] = &over.diagnostics[..] else {
            panic!("{kind}: one diagnostic expected: {:?}", over.diagnostics);
        };
        assert_eq!(d.code, "CTG006");
        assert!(
            d.message.render(ctgplan::i18n::Lang::En).contains(&format!(
                "{} {kind}s",
                ctgplan::i18n::Lang::En.int(i64::try_from(max + 1).expect("small"))
            )),
            "{}",
            d.message.render(ctgplan::i18n::Lang::En)
        );
        // Each table takes 3 (or 4) lines after the 2 of the header.
        let per = 3 + extra.matches('\n').count();
        let line = over.source.line_col(d.labels[0].span.start).line;
        assert_eq!(line, 3 + per * max, "{kind}");
    }
}

#[test]
fn non_utf8_bytes_anywhere_are_located() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, bytes, line, column) in [
        ("first.toml", b"\xff[territory]\n".to_vec(), 1, 1),
        (
            "last.toml",
            b"[territory]\nname = \"T\"\n\xc3".to_vec(),
            3,
            1,
        ),
        // A UTF-8 sequence cut in its middle.
        (
            "cut.toml",
            b"[territory]\nname = \"\xe2\x82\"\n".to_vec(),
            2,
            9,
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).expect("write");
        let loaded = load_path(&path);
        let [d] = &loaded.diagnostics[..] else {
            panic!("{name}: {:?}", loaded.diagnostics);
        };
        assert_eq!(d.code, "CTG001", "{name}");
        let at = loaded.source.line_col(d.labels[0].span.start);
        assert_eq!((at.line, at.column), (line, column), "{name}");
    }
}

#[test]
fn a_directory_of_3000_files_is_checked_quickly_in_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..3000 {
        let sub = dir.path().join(format!("d{}", i % 30));
        std::fs::create_dir_all(&sub).expect("mkdir");
        let text = format!(
            "[territory]\nname = \"T{i}\"\n[[commune]]\nid = \"a\"\nname = \"A\"\n[[period]]\nid = \"2026\"\ntotal = 0.2\nposts.a = {{ etp = 0.2 }}\n"
        );
        std::fs::write(sub.join(format!("s{i:04}.toml")), text).expect("write");
    }
    // Files that are not scenarios are skipped.
    std::fs::write(dir.path().join("notes.txt"), "not a scenario").expect("write");
    let started = Instant::now();
    let report = check_paths(&[dir.path().to_path_buf()]).expect("walks");
    let took = started.elapsed();
    assert_eq!(report.files.len(), 3000);
    assert_eq!(report.exit_code(true), ctgplan::exit::ExitStatus::Valid);
    let names: Vec<&str> = report.files.iter().map(|f| f.source.name()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted, "files come out sorted by path");
    // A few ms per file even in a debug build; minutes would mean a regression.
    assert!(took < Duration::from_secs(60), "took {took:?}");
    let out = ctgplan(&["check", "--color", "never", &dir.path().to_string_lossy()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("checked 3000 files"));
}

#[cfg(unix)]
#[test]
fn symbolic_link_loops_are_not_followed() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("root");
    let sub = root.join("sub");
    std::fs::create_dir_all(&sub).expect("mkdir");
    std::fs::write(sub.join("a.toml"), HEADER).expect("write");
    // sub/up -> .. (a loop through the parent), sub/self -> . , and a link
    // to itself named like a scenario.
    symlink("..", sub.join("up")).expect("symlink");
    symlink(".", sub.join("self")).expect("symlink");
    symlink("loop.toml", sub.join("loop.toml")).expect("symlink");
    let started = Instant::now();
    let files = collect(std::slice::from_ref(&root)).expect("walks");
    assert!(started.elapsed() < Duration::from_secs(10));
    let files: Vec<PathBuf> = files
        .into_iter()
        .map(|p| p.strip_prefix(&root).expect("under root").to_path_buf())
        .collect();
    assert_eq!(files, [PathBuf::from("sub/a.toml")]);
    let out = ctgplan(&["check", "--color", "never", &root.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    // The loop given directly is not a file: a clear error, not a hang.
    let out = ctgplan(&[
        "check",
        "--color",
        "never",
        &sub.join("loop.toml").to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(2));
}

/// A scenario whose plan has `communes` × `themes` split variables: every
/// post and theme total open, a theme minimum making the period split by theme.
/// `communes` communes over `themes` themes. With `leave_out`, commune `i`
/// lists every theme but two, a different pair for each: hundreds of
/// distinct theme lists, so the split is modelled by holder × theme flows
/// (the largest model the planner builds). Without, communes list nothing
/// (every theme open to all) and the split needs one row.
fn wide(communes: usize, themes: usize, leave_out: bool) -> String {
    let mut text = String::from(HEADER);
    text.push_str("[rules.theme.t0]\nmin_etp = 0.1\n[themes]\n");
    for t in 0..themes {
        let _ = writeln!(text, "t{t} = \"T{t}\"");
    }
    let pairs: Vec<(usize, usize)> = (1..themes)
        .flat_map(|a| (a + 1..themes).map(move |b| (a, b)))
        .collect();
    for i in 0..communes {
        let _ = writeln!(text, "[[commune]]\nid = \"c{i}\"\nname = \"C{i}\"");
        if let (true, Some((a, b))) = (leave_out, pairs.get(i % pairs.len().max(1))) {
            let list: Vec<String> = (0..themes)
                .filter(|t| t != a && t != b)
                .map(|t| format!("\"t{t}\""))
                .collect();
            let _ = writeln!(text, "themes = [{}]", list.join(", "));
        }
    }
    let _ = writeln!(text, "[[period]]\nid = \"2026\"\ntotal = {}", communes / 5);
    text
}

/// The largest plan the limits allow (5,000 communes × 64 themes), every
/// theme open to every commune: the split is one row, and it is planned.
#[test]
fn the_largest_open_plan_is_planned() {
    let s = load_str("wide.toml", &wide(MAX_COMMUNES, MAX_THEMES, false))
        .scenario
        .expect("loads");
    let outcome =
        propose(&s, &Scope::All, Objective::Closest, Options::default()).expect("plannable input");
    let Proposal::Planned(plan) = outcome else {
        panic!("{outcome:?}");
    };
    let total: rust_decimal::Decimal = plan.periods[0].holders.iter().map(|(_, v)| *v).sum();
    assert_eq!(total, rust_decimal::Decimal::from(MAX_COMMUNES / 5));
}

/// The largest flow model (5,000 communes × 64 themes, each commune with
/// its own theme list: 310,000 split variables) ends at its time limit, or
/// planned, with a clear outcome: building and solving share one deadline
/// (`plan::guard::plan_within`, what `propose` runs), which holds even when
/// the solver overruns its own limit between its checks.
#[test]
fn a_large_plan_stops_at_its_time_limit() {
    let s = load_str("wide.toml", &wide(MAX_COMMUNES, MAX_THEMES, true))
        .scenario
        .expect("loads");
    let opts = Options {
        time_limit: Some(Duration::from_secs(1)),
        ..Options::default()
    };
    let started = Instant::now();
    let outcome = ctgplan::plan::guard::plan_within(&s, &[0], Objective::Closest, opts)
        .expect("plannable input");
    let took = started.elapsed();
    // The limit and a margin (measured in release: docs/reliability.md);
    // generous for a debug build on a shared machine.
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert!(
        matches!(
            outcome,
            Proposal::Planned(_) | Proposal::TimeLimit | Proposal::Impossible { .. }
        ),
        "{outcome:?}"
    );
}
