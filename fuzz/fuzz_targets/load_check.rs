//! Any bytes → load → check → both renderers. Must never panic or hang.
#![no_main]

use ctgplan::check::{check_loaded, Report};
use ctgplan::i18n::Lang;
use ctgplan::render::{human, json};
use ctgplan::scenario::{load_path, load_str};
use codespan_reporting::term::termcolor::NoColor;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let loaded = match std::str::from_utf8(data) {
        Ok(text) => load_str("fuzz.toml", text),
        // Non-UTF-8 input only reaches the loader through a file.
        Err(_) => {
            let Ok(dir) = tempfile::tempdir() else { return };
            let path = dir.path().join("fuzz.toml");
            if std::fs::write(&path, data).is_err() {
                return;
            }
            load_path(&path)
        }
    };
    let report = Report {
        files: vec![check_loaded(loaded)],
    };
    // Both languages: a message's arguments are rendered differently in each.
    for lang in [Lang::Fr, Lang::En] {
        let mut sink = NoColor::new(Vec::new());
        human::write_report(&mut sink, &report, lang).expect("writing to memory");
        let _ = human::summary(&report, lang);
        let text = json::to_string(&report, lang);
        serde_json::from_str::<serde_json::Value>(&text).expect("the JSON renderer writes JSON");
    }
    let _ = report.exit_code(false);
});
