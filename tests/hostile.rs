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
