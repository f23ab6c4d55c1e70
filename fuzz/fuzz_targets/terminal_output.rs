//! Any bytes → the output-safety layer (issue 13): a scenario read as from
//! standard input (`-`, capped), checked and rendered for a terminal through
//! `render::safe::Terminal` in arbitrary chunks; every CSV cell through
//! `csv_cell`. A bug is a panic, a control character reaching the terminal
//! (but LF, TAB and a CR right before LF), or a CSV cell a spreadsheet would
//! run as a formula.
#![no_main]

use codespan_reporting::term::termcolor::NoColor;
use ctgplan::check::{check_loaded, Report};
use ctgplan::i18n::Lang;
use ctgplan::fsutil::read_capped;
use ctgplan::render::human;
use ctgplan::render::safe::{csv_cell, escape, is_dangerous, Terminal};
use ctgplan::scenario::load_str;
use libfuzzer_sys::fuzz_target;
use std::io::Write;

fn assert_safe(out: &[u8]) {
    let text = String::from_utf8_lossy(out);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            assert_eq!(chars.peek(), Some(&'\n'), "a lone CR reached the terminal");
            continue;
        }
        assert!(!is_dangerous(c), "{c:?} reached the terminal");
    }
}

fuzz_target!(|data: &[u8]| {
    // Raw bytes, cut into chunks at the positions the first byte suggests.
    let step = usize::from(data.first().copied().unwrap_or(1)).max(1);
    let mut raw = Vec::new();
    {
        let mut t = Terminal::new(&mut raw);
        for chunk in data.chunks(step) {
            t.write_all(chunk).expect("writing to memory");
        }
    }
    assert_safe(&raw);

    // The bytes as a scenario from standard input, checked and rendered.
    let Ok(bytes) = read_capped(data, 1 << 20) else {
        return;
    };
    let text = String::from_utf8_lossy(&bytes);
    assert_safe(escape(&text).as_bytes());
    for line in text.lines() {
        let cell = csv_cell(line);
        let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
        let number = cell
            .trim_start_matches(['-', '+'])
            .trim_end_matches('%')
            .replace(',', ".")
            .parse::<f64>()
            .is_ok_and(f64::is_finite);
        assert!(!risky || number, "formula cell {cell:?}");
    }
    let report = Report {
        files: vec![check_loaded(load_str("<stdin>", &text))],
    };
    for lang in [Lang::Fr, Lang::En] {
        let mut out = Vec::new();
        {
            let mut t = Terminal::new(NoColor::new(&mut out));
            human::write_report(&mut t, &report, lang).expect("writing to memory");
        }
        assert_safe(&out);
    }
});
