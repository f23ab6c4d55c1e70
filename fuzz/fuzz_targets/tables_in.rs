//! The other files ctgplan reads (issue 13, round 2): a Caf's portfolio and
//! an annex table for `import`. First byte even: the rest as a portfolio's
//! text, loaded and checked against an empty folder (its covered files are
//! missing), then rendered as JSON. Odd: the rest as a CSV table read by
//! `import` (grid, annex table, scenario writer); a written scenario is then
//! loaded and checked. A bug is a panic; JSON that does not parse; a
//! scenario written by `import` that is not valid TOML or not of the
//! scenario's schema (CTG002, CTG003); a run over 10 s.
#![no_main]

use ctgplan::check::{check_loaded, portfolio, Report};
use ctgplan::import::{annex, grid, scenario as writer};
use ctgplan::i18n::Lang;
use ctgplan::scenario::load_str;
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

fn empty_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap().keep())
}

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    if first % 2 == 0 {
        let Ok(text) = std::str::from_utf8(rest) else {
            return;
        };
        let loaded = ctgplan::portfolio::load::load_str("caf.toml", text);
        let pc = portfolio::check_loaded(loaded, empty_dir(), None);
        let report = Report {
            files: vec![pc.report],
        };
        for lang in [Lang::Fr, Lang::En] {
            let json = ctgplan::render::json::to_string(&report, lang);
            serde_json::from_str::<serde_json::Value>(&json).expect("valid JSON");
        }
        return;
    }
    let Ok(g) = grid::read_csv(rest, "t".to_owned()) else {
        return;
    };
    let mut diags = Vec::new();
    let Some(table) = annex::parse(&g, &mut diags) else {
        return;
    };
    let Some(text) = writer::write(&table, "T", "t.csv", &mut diags, Lang::Fr) else {
        return;
    };
    let loaded = load_str("imported.toml", &text);
    for d in &loaded.diagnostics {
        let code = d.code.as_str();
        assert!(
            code != "CTG002" && code != "CTG003",
            "import wrote a scenario the loader refuses: {code} {}\n{text}",
            d.message.render(Lang::En)
        );
    }
    let _ = check_loaded(loaded);
});
