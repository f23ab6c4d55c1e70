//! The JSON Schema of the scenario format (src/schema.rs) and `ctgplan init`.
//!
//! The committed schema must be the generated one (`UPDATE_SCHEMA=1 cargo test
//! --test schema` rewrites it; French, and English under schema/en/), every bundled scenario and the documented
//! example must pass it, broken fixtures must fail it, and the starter that
//! `init` writes must pass `check` without a single diagnostic.

use ctgplan::i18n::Lang;
use ctgplan::schema;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn ctgplan(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ctgplan"))
        .env("CTGPLAN_LANG", "en")
        .current_dir(ROOT)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&schema::schema(Lang::En))
        .expect("the generated schema is a valid schema")
}

/// TOML as the JSON an editor validates: Taplo reads a date as a string.
fn toml_to_json(text: &str) -> Value {
    fn convert(v: toml::Value) -> Value {
        match v {
            toml::Value::Datetime(d) => Value::String(d.to_string()),
            toml::Value::Array(items) => Value::Array(items.into_iter().map(convert).collect()),
            toml::Value::Table(t) => {
                Value::Object(t.into_iter().map(|(k, v)| (k, convert(v))).collect())
            }
            other => serde_json::to_value(other).expect("TOML converts to JSON"),
        }
    }
    let table: toml::Table = toml::from_str(text).expect("the file is TOML");
    convert(toml::Value::Table(table))
}

/// The schema's complaints about a TOML text, one line each.
fn schema_errors(text: &str) -> Vec<String> {
    let instance = toml_to_json(text);
    validator()
        .iter_errors(&instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn scenario_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join("scenarios"))
        .expect("scenarios/ exists")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .filter(|p| !ctgplan::portfolio::is_portfolio_file(p))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "the bundled scenarios are found");
    files
}

/// The bundled portfolios (a Caf's `caf.toml`), which have their own schema.
fn portfolio_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join("scenarios"))
        .expect("scenarios/ exists")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| ctgplan::portfolio::is_portfolio_file(p))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "the bundled portfolio is found");
    files
}

/// The committed copies: French where `#:schema` lines point, English
/// beside them under schema/en/ (docs/editor.md).
fn committed_paths(french: &str) -> [(Lang, PathBuf); 2] {
    let file = Path::new(french).file_name().expect("a file name");
    [
        (Lang::Fr, Path::new(ROOT).join(french)),
        (
            Lang::En,
            Path::new(ROOT).join(schema::ENGLISH_DIR).join(file),
        ),
    ]
}

/// Fails when the committed file is not `generated` (rewrites it first
/// under `UPDATE_SCHEMA`).
fn assert_committed(path: &Path, generated: &str) {
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("the folder is made");
        }
        ctgplan::fsutil::write_atomic(path, generated.as_bytes(), true)
            .expect("the schema is written");
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is out of date: run `UPDATE_SCHEMA=1 cargo test --test schema` and commit it",
        path.display()
    );
}

#[test]
fn committed_portfolio_schema_is_the_generated_one() {
    for (lang, path) in committed_paths(schema::PORTFOLIO_COMMITTED_PATH) {
        assert_committed(&path, &schema::portfolio_to_json(lang));
    }
    let out = ctgplan(&["schema", "--portfolio"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        schema::portfolio_to_json(Lang::En)
    );
    let out = ctgplan(&["--lang", "fr", "schema", "--portfolio"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        schema::portfolio_to_json(Lang::Fr)
    );
}

#[test]
fn bundled_portfolio_passes_its_schema_and_points_to_it() {
    let v = jsonschema::validator_for(&schema::portfolio_schema(Lang::En)).expect("valid schema");
    for file in portfolio_files() {
        let text = std::fs::read_to_string(&file).expect("readable");
        let errors: Vec<String> = v
            .iter_errors(&toml_to_json(&text))
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{}:\n{}",
            file.display(),
            errors.join("\n")
        );
        assert_eq!(
            text.lines().next(),
            Some("#:schema ./../schema/ctgplan-portfolio.schema.json"),
            "{}",
            file.display()
        );
        // The scenario schema refuses it: editors must be pointed at the right one.
        assert!(!schema_errors(&text).is_empty());
    }
    let broken = "[portfolio]\ncaf = \"C\"\nfilez = []\n";
    assert!(v.iter_errors(&toml_to_json(broken)).next().is_some());
}

#[test]
fn committed_schema_is_the_generated_one() {
    for (lang, path) in committed_paths(schema::COMMITTED_PATH) {
        assert_committed(&path, &schema::to_json(lang));
    }
}

#[test]
fn schema_command_prints_the_schema() {
    let out = ctgplan(&["schema"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        schema::to_json(Lang::En)
    );
    let printed: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        printed["$schema"],
        "http://json-schema.org/draft-07/schema#"
    );
}

#[test]
fn schema_descriptions_are_french_by_default() {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ctgplan"));
    for var in ctgplan::i18n::LANG_VARS {
        cmd.env_remove(var);
    }
    let out = cmd.arg("schema").output().expect("the binary runs");
    assert_eq!(out.status.code(), Some(0));
    let printed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(printed, schema::to_json(Lang::Fr));
    assert!(printed.contains("\"description\": \"`[territory]`\u{a0}: le territoire de la CTG.\""));
    let out = ctgplan(&["--lang", "fr", "schema"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), printed);
}

#[test]
fn every_bundled_scenario_passes_the_schema() {
    for file in scenario_files() {
        let text = std::fs::read_to_string(&file).expect("readable");
        let errors = schema_errors(&text);
        assert!(
            errors.is_empty(),
            "{}:\n{}",
            file.display(),
            errors.join("\n")
        );
    }
}

#[test]
fn the_negotiation_variants_pass_the_schema() {
    // A variant holds only what it changes: its keys must be known to the
    // schema (extends, set, unset, label), and what it overrides valid.
    let dir = Path::new(ROOT).join("docs/negotiate");
    let mut seen = 0;
    for e in std::fs::read_dir(&dir)
        .expect("docs/negotiate")
        .filter_map(Result::ok)
    {
        let path = e.path();
        if path.extension().is_none_or(|x| x != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        // The base gives the required tables; the variant's own keys are checked.
        let errors: Vec<String> = schema_errors(&text)
            .into_iter()
            .filter(|e| !e.contains("is a required property"))
            .collect();
        assert!(
            errors.is_empty(),
            "{}:\n{}",
            path.display(),
            errors.join("\n")
        );
        seen += 1;
    }
    assert!(seen >= 5, "only {seen} variants in docs/negotiate");
}

#[test]
fn every_bundled_scenario_points_to_the_schema() {
    for file in scenario_files() {
        let text = std::fs::read_to_string(&file).expect("readable");
        let first = text.lines().next().unwrap_or_default();
        let target = first
            .strip_prefix("#:schema ")
            .unwrap_or_else(|| panic!("{}: first line is not `#:schema ...`", file.display()));
        // Taplo resolves the path from the file's directory.
        let dir = file.parent().expect("in scenarios/");
        assert!(
            dir.join(target).is_file(),
            "{}: {target} is not the schema",
            file.display()
        );
        assert_eq!(target, "./../schema/ctgplan-scenario.schema.json");
    }
}

#[test]
fn documented_example_passes_the_schema() {
    let doc = std::fs::read_to_string(Path::new(ROOT).join("docs/scenario-format.md"))
        .expect("the format doc exists");
    let from = doc
        .find("## A complete example")
        .expect("the doc has a complete example");
    let rest = &doc[from..];
    let start = rest.find("```toml\n").expect("a toml block") + "```toml\n".len();
    let len = rest[start..].find("\n```").expect("the block ends");
    let example = &rest[start..start + len];
    assert!(example.contains("[[period]]"), "the right block");
    let errors = schema_errors(example);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn broken_fixtures_fail_the_schema() {
    // (fixture, a word the complaint must name)
    let cases = [
        ("input-unknown-key.toml", "theme"),
        ("input-wrong-type.toml", "array"),
        ("input-unknown-status.toml", "vacante"),
        ("input-unknown-carrier-kind.toml", "intercommunalite"),
        ("input-missing-key.toml", "name"),
        ("input-missing-territory.toml", "territory"),
        ("input-number-text.toml", "0.3 ETP"),
    ];
    for (name, word) in cases {
        let path = Path::new(ROOT).join("tests/fixtures/invalid").join(name);
        let text = std::fs::read_to_string(&path).expect("fixture exists");
        let errors = schema_errors(&text);
        assert!(!errors.is_empty(), "{name} passes the schema");
        assert!(
            errors.iter().any(|e| e.contains(word)),
            "{name}: no complaint names `{word}`:\n{}",
            errors.join("\n")
        );
    }
}

/// The pattern for figures written as strings agrees with the loader on the
/// forms people type.
#[test]
fn figure_strings_agree_with_the_loader() {
    let cases = [
        "0,2", "0.2", "1", "+0.5", "-0.1", "1 000,5", "1_000.5", "2e-1", " 0,3 ", "0.2 ETP", "abc",
        ".5", "5.", "1.2.3", "1,2,3", "0x10", "",
    ];
    let v = validator();
    for s in cases {
        let instance = serde_json::json!({
            "territory": { "name": "T" },
            "rules": { "step": s },
        });
        let loader = ctgplan::number::parse_text(s).is_ok();
        assert_eq!(
            v.is_valid(&instance),
            loader,
            "{s:?}: schema and loader disagree"
        );
    }
}

#[test]
fn years_agree_with_the_loader() {
    let v = validator();
    let ok = |years: Value| {
        v.is_valid(&serde_json::json!({
            "territory": { "name": "T" },
            "period": [{ "id": "p", "years": years }],
        }))
    };
    assert!(ok(2026.into()) && ok("2027-2030".into()) && ok("2026".into()));
    assert!(!ok("2027-30".into()) && !ok("cible".into()) && !ok(1850.into()));
    assert!(!ok(2.5.into()));
}

#[test]
fn dollar_schema_key_is_accepted_by_schema_and_loader() {
    let text = "\"$schema\" = \"./ctgplan-scenario.schema.json\"\n[territory]\nname = \"T\"\n";
    assert!(schema_errors(text).is_empty());
    let loaded = ctgplan::scenario::load_str("t.toml", text);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    assert!(loaded.scenario.is_some());
}

// --- ctgplan init ---------------------------------------------------------

#[test]
fn starter_passes_check_without_any_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scenario.toml");
    let file_arg = file.to_str().expect("UTF-8 path");
    let out = ctgplan(&["init", file_arg]);
    assert_eq!(out.status.code(), Some(0), "{:?}", out);
    let text = std::fs::read_to_string(&file).expect("init wrote the file");
    assert!(text.starts_with("#:schema "), "the directive comes first");

    let loaded = ctgplan::scenario::load_str(file_arg, &text);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let scenario = loaded.scenario.expect("a scenario");
    assert_eq!(scenario.themes.len(), 4, "the AFAS themes");
    assert_eq!(scenario.periods.len(), 2);
    let report = ctgplan::check::check_file(&file);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);

    let check = ctgplan(&["--color", "never", "check", "--deny", "warnings", file_arg]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    assert!(
        schema_errors(&text).is_empty(),
        "{:?}",
        schema_errors(&text)
    );
}

#[test]
fn starter_has_what_the_issue_asks_for() {
    let text = ctgplan::init::starter("./x.json");
    let value = toml_to_json(&text);
    assert!(value.get("themes").is_none(), "the AFAS themes are implied");
    let communes = value["commune"].as_array().expect("communes");
    assert!(communes.iter().any(|c| c.get("pooled_with").is_some()));
    assert!(
        communes
            .iter()
            .filter(|c| c.get("pooled_with").is_none())
            .count()
            >= 2
    );
    assert_eq!(value["carrier"].as_array().map(Vec::len), Some(1));
    assert_eq!(value["period"].as_array().map(Vec::len), Some(2));
}

#[test]
fn init_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.toml");
    std::fs::write(&file, "# my work\n").unwrap();
    let arg = file.to_str().unwrap();

    let out = ctgplan(&["init", arg]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "# my work\n");

    let out = ctgplan(&["init", arg, "--force"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("[territory]"));
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary file left");

    let missing = dir.path().join("no-such-dir").join("x.toml");
    let out = ctgplan(&["init", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
}

#[test]
fn init_dash_prints_the_starter() {
    let out = ctgplan(&["init", "-"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    // Run from the crate root: the directive points at the committed schema.
    assert_eq!(
        text,
        ctgplan::init::starter("./schema/ctgplan-scenario.schema.json")
    );
    assert!(!Path::new(ROOT).join("-").exists());
}

#[test]
fn init_elsewhere_points_beside_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("elsewhere.toml");
    let out = ctgplan(&["init", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("#:schema ./ctgplan-scenario.schema.json\n"));
    let note = String::from_utf8_lossy(&out.stderr);
    assert!(note.contains("ctgplan schema >"), "{note}");
}

#[test]
fn documented_portfolio_example_passes_its_schema_and_loads() {
    let doc = std::fs::read_to_string(Path::new(ROOT).join("docs/scenario-format.md"))
        .expect("the format doc exists");
    let from = doc
        .find("## A Caf's portfolio")
        .expect("the doc has a portfolio");
    let rest = &doc[from..];
    let start = rest.find("```toml\n").expect("a toml block") + "```toml\n".len();
    let len = rest[start..].find("\n```").expect("the block ends");
    let example = &rest[start..start + len];
    let v = jsonschema::validator_for(&schema::portfolio_schema(Lang::En)).expect("valid schema");
    let errors: Vec<String> = v
        .iter_errors(&toml_to_json(example))
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // Its paths are relative to scenarios/, where the bundled portfolio lives.
    let loaded = ctgplan::portfolio::load::load_str("caf.toml", example);
    let pc =
        ctgplan::check::portfolio::check_loaded(loaded, &Path::new(ROOT).join("scenarios"), None);
    assert_eq!(
        pc.report.count(ctgplan::diagnostic::Severity::Error),
        0,
        "{:?}",
        pc.report.diagnostics
    );
    assert_eq!(pc.covered.len(), 2);
}
