//! docs/ci.md's recipes and .pre-commit-hooks.yaml: each YAML block parses,
//! and every `ctgplan` command line in them runs on the bundled scenarios with
//! the exit code a CI job would see.

use insta_cmd::get_cargo_bin;
use serde_yaml::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The fenced ```yaml blocks of a Markdown file.
fn yaml_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_start()) {
            (None, l) if l.starts_with("```yaml") => current = Some(String::new()),
            (Some(_), l) if l.starts_with("```") => blocks.extend(current.take()),
            (Some(b), _) => {
                b.push_str(line);
                b.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

/// Every string under `run` or `script` keys, at any depth.
fn commands(v: &Value, key: Option<&str>, out: &mut Vec<String>) {
    match v {
        Value::Mapping(m) => {
            for (k, v) in m {
                commands(v, k.as_str(), out);
            }
        }
        Value::Sequence(s) => s.iter().for_each(|v| commands(v, key, out)),
        Value::String(s) if matches!(key, Some("run" | "script")) => out.push(s.clone()),
        _ => {}
    }
}

/// A directory with the bundled scenarios, where recipes may write reports.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("scenarios")).unwrap();
    for e in std::fs::read_dir(Path::new(ROOT).join("scenarios")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join("scenarios").join(e.file_name())).unwrap();
    }
    dir
}

fn bin_dir() -> PathBuf {
    get_cargo_bin("ctgplan").parent().unwrap().to_path_buf()
}

/// Runs one shell line the way a CI runner does (`sh -e`), with ctgplan on PATH.
fn sh(line: &str, dir: &Path) -> std::process::Output {
    let path = format!(
        "{}:{}",
        bin_dir().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("sh")
        .env("CTGPLAN_LANG", "en")
        .args(["-e", "-c", line])
        .current_dir(dir)
        .env("PATH", path)
        .output()
        .expect("sh runs")
}

#[test]
fn ci_recipes_parse_and_their_ctgplan_lines_run() {
    let doc = std::fs::read_to_string(Path::new(ROOT).join("docs/ci.md")).unwrap();
    let blocks = yaml_blocks(&doc);
    assert_eq!(blocks.len(), 4, "GitHub x2, GitLab, pre-commit");
    let mut ran = 0;
    for block in &blocks {
        let yaml: Value = serde_yaml::from_str(block)
            .unwrap_or_else(|e| panic!("docs/ci.md block does not parse: {e}\n{block}"));
        let mut lines = Vec::new();
        commands(&yaml, None, &mut lines);
        for line in lines.iter().filter(|l| l.starts_with("ctgplan ")) {
            let dir = workspace();
            let out = sh(line, dir.path());
            assert!(
                out.status.success(),
                "`{line}` failed on the bundled scenarios: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            // A line that writes a report writes a non-empty one.
            if let Some((_, file)) = line.split_once('>') {
                let file = file.split_whitespace().next().unwrap();
                let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
                assert!(!text.trim().is_empty(), "{file} is empty");
            }
            // The same line fails on a breach, as the CI job must.
            std::fs::copy(
                Path::new(ROOT).join("tests/fixtures/invalid/ctg030-period-total.toml"),
                dir.path().join("scenarios/breach.toml"),
            )
            .unwrap();
            let breached = sh(line, dir.path());
            if !line.contains("|| status=$?") {
                assert_eq!(breached.status.code(), Some(1), "`{line}` on a breach");
            }
            ran += 1;
        }
    }
    assert_eq!(ran, 4, "ctgplan lines in docs/ci.md");
    // The pre-commit block names the hook this repository defines.
    let hooks = std::fs::read_to_string(Path::new(ROOT).join(".pre-commit-hooks.yaml")).unwrap();
    let hooks: Value = serde_yaml::from_str(&hooks).unwrap();
    let config: Value = serde_yaml::from_str(blocks.last().unwrap()).unwrap();
    assert_eq!(
        config["repos"][0]["hooks"][0]["id"],
        hooks.as_sequence().unwrap()[0]["id"]
    );
}

#[test]
fn pre_commit_hook_checks_the_staged_scenarios() {
    let text = std::fs::read_to_string(Path::new(ROOT).join(".pre-commit-hooks.yaml")).unwrap();
    let hooks: Value = serde_yaml::from_str(&text).unwrap();
    let hook = &hooks.as_sequence().expect("a list of hooks")[0];
    assert_eq!(hook["id"].as_str(), Some("ctgplan-check"));
    assert_eq!(hook["language"].as_str(), Some("rust"));
    assert_eq!(hook["pass_filenames"].as_bool(), Some(true));
    let files = regex::Regex::new(hook["files"].as_str().unwrap()).unwrap();
    assert!(files.is_match("scenarios/vallee-des-baux-alpilles.toml"));
    assert!(files.is_match("ctg/scenarios/sub/x.toml"));
    assert!(!files.is_match("Cargo.toml"));
    assert!(!files.is_match("scenarios/notes.md"));

    // pre-commit runs `entry` followed by the staged file names.
    let entry = shlex::split(hook["entry"].as_str().unwrap()).unwrap();
    assert_eq!(entry[0], "ctgplan");
    let dir = workspace();
    let staged = [
        "scenarios/golfe-des-etangs.toml",
        "scenarios/bassin-minier.toml",
    ];
    let run = |files: &[&str]| {
        Command::new(get_cargo_bin("ctgplan"))
            .env("CTGPLAN_LANG", "en")
            .args(&entry[1..])
            .args(files)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let ok = run(&staged);
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    std::fs::copy(
        Path::new(ROOT).join("tests/fixtures/invalid/ctg030-period-total.toml"),
        dir.path().join("scenarios/breach.toml"),
    )
    .unwrap();
    let bad = run(&["scenarios/breach.toml"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stdout).contains("CTG030"));
}
