//! Hostile input, round 2 (issue 13): output that cannot be turned against
//! its reader, files never clobbered, standard input, exit codes.

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;
use support::{ctgplan, ROOT, VALLEE};

/// A name that would set the window title, clear the screen and overwrite the
/// line with a fake summary, and that Excel would run as a formula.
const EVIL_NAME: &str = r#"=HYPERLINK(\"http://x\")\u001b]0;pwned\u0007\u001b[2J\u009b2J\u000dchecked 0 files: 0 errors"#;

/// The bundled scenario with hostile names for a commune and an instance.
fn hostile_scenario(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(Path::new(ROOT).join(VALLEE)).unwrap();
    let text = text
        .replace("name = \"Mouriès\"", &format!("name = \"{EVIL_NAME}\""))
        .replace(
            "name = \"Comité de pilotage\"",
            "name = \"@SUM(A1)\\u001b[31m\"",
        )
        // A theme id used nowhere else: an unknown reference, printed in a
        // diagnostic with its escape.
        .replace(
            "mouries = { etp = 0.3",
            "\"\\u001b]0;x\\u0007\" = { etp = 0.0 }\nmouries = { etp = 0.3",
        );
    let path = dir.join("hostile.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn assert_terminal_safe(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for (i, c) in text.char_indices() {
        let dangerous = matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
            && !(c == '\r' && text[i + 1..].starts_with('\n'));
        assert!(
            !dangerous,
            "{what}: raw {c:?} at byte {i}:\n{}",
            text.get(i.saturating_sub(80)..(i + 80).min(text.len()))
                .unwrap_or("")
        );
    }
}

fn output(args: &[&str]) -> Output {
    ctgplan(args).output().expect("the binary runs")
}

#[test]
fn human_output_of_every_command_escapes_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let file = hostile_scenario(dir.path());
    let f = file.to_str().unwrap();
    let runs: Vec<Vec<&str>> = vec![
        vec!["check", "--color", "never", f],
        vec!["check", "--format", "json", f],
        vec!["cost", f],
        vec!["diff", f, "2026", "2027-2030"],
        vec!["indicators", f],
        vec!["report", "--format", "md", f],
        vec!["report", f],
        vec!["propose", f],
    ];
    for args in runs {
        let out = output(&args);
        assert_terminal_safe(&format!("{args:?} stdout"), &out.stdout);
        assert_terminal_safe(&format!("{args:?} stderr"), &out.stderr);
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            all.contains("\\u001b"),
            "{args:?}: the escaped text is shown:\n{all}"
        );
    }
    // The JSON document stays valid and means the same text.
    let out = output(&["check", "--format", "json", f]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc.to_string().contains("\\u001b]0;x\\u0007"), "{doc}");
}

fn csv_cells(bytes: &[u8], delimiter: u8) -> Vec<String> {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    r.records()
        .flat_map(|r| r.unwrap().iter().map(str::to_owned).collect::<Vec<_>>())
        .collect()
}

#[test]
fn csv_text_cells_cannot_run_as_formulas_and_numbers_stay_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let file = hostile_scenario(dir.path());
    let f = file.to_str().unwrap();
    for (style, delimiter) in [("french", b';'), ("plain", b',')] {
        for cmd in [
            vec!["cost", f],
            vec!["diff", f, "2026", "2027-2030"],
            vec!["indicators", f],
        ] {
            let mut args = cmd.clone();
            args.extend(["--format", "csv", "--csv-style", style]);
            let out = output(&args);
            let cells = csv_cells(&out.stdout, delimiter);
            assert!(!cells.is_empty(), "{args:?}");
            for c in &cells {
                assert!(
                    !c.starts_with(['=', '+', '@', '\t', '\r']),
                    "{args:?}: formula cell {c:?}"
                );
                if c.starts_with('-') {
                    let n = c.replace(',', ".");
                    assert!(n.parse::<f64>().is_ok(), "{args:?}: text cell {c:?}");
                }
            }
            let quoted = cells
                .iter()
                .any(|c| c.starts_with("'=HYPERLINK") || c.starts_with("'@SUM"));
            assert!(quoted, "{args:?}: the hostile name is kept, quoted");
        }
    }
    // Negative figures are written as numbers, not quoted text.
    let out = output(&[
        "diff",
        VALLEE,
        "2027-2030",
        "2026",
        "--format",
        "csv",
        "--csv-style",
        "plain",
    ]);
    let cells = csv_cells(&out.stdout, b',');
    assert!(cells.iter().any(|c| c == "-0.2"), "{cells:?}");
}

fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn propose_keeps_a_windows_files_line_ends_and_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(Path::new(ROOT).join("tests/fixtures/propose/open-figures.toml"))
            .unwrap();
    let windows = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    let input = dir.path().join("windows.toml");
    std::fs::write(&input, &windows).unwrap();
    let plan = dir.path().join("plan.toml");
    let out = output(&[
        "propose",
        "--color",
        "never",
        "--out",
        plan.to_str().unwrap(),
        input.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    let written = std::fs::read(&plan).unwrap();
    assert!(written.starts_with("\u{feff}".as_bytes()), "BOM kept");
    let written = String::from_utf8(written).unwrap();
    assert_ne!(written, windows, "figures were planned");
    for (i, _) in written.match_indices('\n') {
        assert!(written[..i].ends_with('\r'), "LF without CR at byte {i}");
    }
    let check = output(&["check", "--color", "never", plan.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0), "{}", said(&check));
}

#[test]
fn propose_refuses_an_existing_out_before_planning() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::write(&plan, "mine").unwrap();
    let file = "tests/fixtures/propose/open-figures.toml";
    let out = output(&[
        "propose",
        "--color",
        "never",
        "--out",
        plan.to_str().unwrap(),
        file,
    ]);
    assert_eq!(out.status.code(), Some(2));
    let text = said(&out);
    assert!(text.contains("already exists"), "{text}");
    // Nothing was planned or printed before the refusal.
    assert_eq!(text.lines().count(), 1, "{text}");
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), "mine");
    // A missing directory is named plainly, not as a temporary file.
    let missing = dir.path().join("nope").join("plan.toml");
    let out = output(&["propose", "--out", missing.to_str().unwrap(), file]);
    assert_eq!(out.status.code(), Some(2));
    assert!(said(&out).contains("nope does not exist"), "{}", said(&out));
}

#[cfg(unix)]
#[test]
fn out_refuses_devices_fifos_and_directories() {
    let dir = tempfile::tempdir().unwrap();
    // One FIFO per command, named with the extension the command writes, so
    // that the refusal is about the target, not about its name.
    let fifo = |ext: &str| {
        let p = dir.path().join(format!("fifo.{ext}"));
        assert!(std::process::Command::new("mkfifo")
            .arg(&p)
            .status()
            .unwrap()
            .success());
        p.to_str().unwrap().to_owned()
    };
    let fifos = [fifo("csv"), fifo("html"), fifo("toml")];
    let folder = dir.path().to_str().unwrap().to_owned();
    for targets in [
        [fifos[0].as_str(), fifos[1].as_str(), fifos[2].as_str()],
        ["/dev/null"; 3],
        [folder.as_str(); 3],
    ] {
        for args in [
            vec![
                "cost", VALLEE, "--format", "csv", "--force", "--out", targets[0],
            ],
            vec!["report", VALLEE, "--force", "--out", targets[1]],
            vec!["propose", VALLEE, "--force", "--out", targets[2]],
        ] {
            let out = output(&args);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {}", said(&out));
            assert!(
                said(&out).contains("not a regular file"),
                "{args:?}: {}",
                said(&out)
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn reads_are_capped_stdin_is_dash_and_fifos_do_not_block() {
    use std::io::Write as _;
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("x.toml");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    // A FIFO with no writer and an endless device are refused, not read.
    for path in [fifo.to_str().unwrap(), "/dev/zero"] {
        let out = output(&["check", "--color", "never", path]);
        assert_eq!(out.status.code(), Some(2), "{path}");
        assert!(said(&out).contains("only regular files"), "{}", said(&out));
    }
    // `-` reads standard input, for every command.
    let text = std::fs::read(Path::new(ROOT).join(VALLEE)).unwrap();
    for args in [
        vec!["check", "--color", "never", "-"],
        vec!["cost", "-"],
        vec!["propose", "--color", "never", "-"],
    ] {
        let mut child = ctgplan(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(&text).unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", said(&out));
    }
    // An endless standard input is cut at the limit (2 MiB).
    let mut child = ctgplan(&["check", "--color", "never", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let block = vec![b'#'; 1 << 16];
        // Ends with a broken pipe once ctgplan stops reading.
        while stdin.write_all(&block).is_ok() {}
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        said(&out).contains("over the 2 MiB limit"),
        "{}",
        said(&out)
    );
}

#[test]
fn check_counts_each_file_once_and_reports_what_it_cannot_find() {
    let dir = tempfile::tempdir().unwrap();
    // A directory without scenarios is an error, not "checked 0 files".
    let out = output(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(said(&out).contains("no scenario file"), "{}", said(&out));
    // Every machine format says so inside its document, with exit 2.
    for format in ["json", "sarif", "junit", "gitlab", "github"] {
        let out = output(&["check", "--format", format, dir.path().to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{format}");
        let doc = String::from_utf8_lossy(&out.stdout);
        assert!(doc.contains("no scenario file"), "{format}: {doc}");
        assert!(doc.contains("CTG001"), "{format}: {doc}");
        if format == "json" {
            let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(doc["summary"]["unusable"], 1, "{doc}");
        }
    }
    // `*.TOML` is a scenario too.
    let upper = dir.path().join("A.TOML");
    std::fs::copy(Path::new(ROOT).join(VALLEE), &upper).unwrap();
    let out = output(&["check", "--color", "never", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    assert!(said(&out).contains("checked 1 file:"), "{}", said(&out));
    // The same file named twice, or by two paths, is checked once.
    let dotted = dir.path().join(".").join("A.TOML");
    let out = output(&[
        "check",
        "--color",
        "never",
        upper.to_str().unwrap(),
        dotted.to_str().unwrap(),
        dir.path().to_str().unwrap(),
    ]);
    assert!(said(&out).contains("checked 1 file:"), "{}", said(&out));
    // With JSON, a missing path is reported inside the document and the
    // other files are still checked.
    let out = output(&[
        "check",
        "--format",
        "json",
        "nulle-part.toml",
        upper.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["summary"]["files"], 2, "{doc}");
    assert_eq!(doc["summary"]["unusable"], 1, "{doc}");
    assert!(doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "CTG001" && d["file"] == "nulle-part.toml"));
}

#[test]
fn propose_refuses_a_plan_over_its_limits_with_ctg007() {
    use std::fmt::Write as _;
    let dir = tempfile::tempdir().unwrap();
    // 5,000 communes × 64 themes × 4 periods: 1,320,000 cells, over the
    // limit; `check` accepts the file.
    let mut t = String::from("[territory]\nname = \"T\"\n[themes]\n");
    for i in 0..64 {
        let _ = writeln!(t, "t{i} = \"T{i}\"");
    }
    for i in 0..5000 {
        let _ = writeln!(t, "[[commune]]\nid = \"c{i}\"\nname = \"C\"");
    }
    for p in 0..4 {
        let _ = writeln!(t, "[[period]]\nid = \"{}\"\ntotal = 1000", 2026 + p);
    }
    let file = dir.path().join("big.toml");
    std::fs::write(&file, t).unwrap();
    let f = file.to_str().unwrap();
    let out = output(&["propose", "--color", "never", f]);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(said(&out).contains("error[CTG007]"), "{}", said(&out));
    assert!(said(&out).contains("--period"), "{}", said(&out));
    // One period at a time is within the limit.
    let out = output(&["propose", "--color", "never", "--period", "2026", f]);
    assert!(!said(&out).contains("CTG007"), "{}", said(&out));
    // A figure too large for the solver: CTG007 at its place, not the
    // solver's own message.
    let big = dir.path().join("total.toml");
    std::fs::write(
        &big,
        "[territory]\nname = \"T\"\n[rules]\ncommune_min = 0.2\n[[commune]]\nid = \"a\"\nname = \"A\"\n[[period]]\nid = \"2026\"\ntotal = 300000000\n",
    )
    .unwrap();
    let out = output(&["propose", "--color", "never", big.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    let text = said(&out);
    assert!(
        text.contains("error[CTG007]") && text.contains("total.toml:10:9"),
        "{text}"
    );
    assert!(!text.contains("i32"), "{text}");
}

#[test]
fn costs_past_the_cent_range_are_a_diagnostic_not_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.toml");
    std::fs::write(
        &file,
        "[territory]\nname = \"T\"\n[financing]\ncost_per_etp = 1000000000\ncaf_rate = 50\n[[commune]]\nid = \"a\"\nname = \"A\"\n[[period]]\nid = \"2026\"\nposts.a = { etp = 100000000 }\n[[period]]\nid = \"2027\"\nposts.a = { etp = 1 }\n",
    )
    .unwrap();
    let f = file.to_str().unwrap();
    for args in [vec!["cost", f], vec!["diff", f, "2026", "2027"]] {
        let out = output(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", said(&out));
        let text = said(&out);
        assert!(
            text.contains("error[CTG004]") && text.contains("c.toml:4:16"),
            "{text}"
        );
        assert!(!text.contains('?'), "{text}");
    }
}
