//! Every workbook ctgplan writes, opened by programs that are not ctgplan:
//! python's openpyxl (cached values, formulas, number formats, fills, frozen
//! panes, filters) and LibreOffice headless (which recomputes every formula
//! and shows the figures with French settings). Each figure is compared with
//! the exact one the library computed (cents and decimals, no float sums).
//!
//! openpyxl and LibreOffice are outside tools: without them these tests say
//! that they skip, unless `CI` is set (then they fail). `.ci/run` installs
//! both.

mod support;

use ctgplan::check::check_loaded;
use ctgplan::commands::{books, Checked};
use ctgplan::finance::budget::budget;
use ctgplan::scenario::facts::Facts;
use ctgplan::scenario::load_path;
use ctgplan::xlsx::{cell_ref, Book, RowStyle, Value};
use rust_decimal::Decimal;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{run, ROOT, VALLEE};

const PORTFOLIO: &str = "scenarios/caf-bouches-du-rhone.toml";
const DIFF_BREACH: &str = "tests/fixtures/invalid/ctg080-transition-limit.toml";

/// Whether `tool` answers; otherwise skip (or fail under CI).
fn available(tool: &str, probe: &mut Command) -> bool {
    if probe.output().is_ok_and(|o| o.status.success()) {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("{tool} is needed by this test and CI is set (.ci/run installs it)");
    }
    eprintln!("SKIPPED: {tool} is not installed; this test needs it (pip install openpyxl; apt-get install libreoffice-calc)");
    false
}

fn openpyxl() -> bool {
    available(
        "python3 with openpyxl",
        Command::new("python3").args(["-c", "import openpyxl"]),
    )
}

fn libreoffice() -> bool {
    available(
        "LibreOffice (soffice)",
        Command::new("soffice").arg("--version"),
    )
}

fn checked(file: &str) -> Checked {
    let path = Path::new(ROOT).join(file);
    let loaded = load_path(&path);
    let scenario = loaded.scenario.clone().expect("loads");
    Checked {
        scenario,
        report: check_loaded(loaded),
        file: path,
    }
}

/// The workbooks under test: the command that writes each, and the model
/// of its sheets built by the library from the same file.
fn cases(dir: &Path) -> Vec<(PathBuf, Vec<String>, Book)> {
    let v = checked(VALLEE);
    let s = &v.scenario;
    let f = s.financing.as_ref().expect("financing");
    let facts = Facts::of(s);
    let b = budget(s, &facts, 2026, 2030).expect("budget");
    let costs: Vec<_> = (0..s.periods.len())
        .filter_map(|i| ctgplan::finance::cost::period_cost(s, &facts, i))
        .collect();
    let d = ctgplan::diff::diff(s, &facts, 1, 2);
    let ind = ctgplan::governance::indicators(s, None).expect("indicators");
    let data = ctgplan::report::data::gather(s, &v.report);
    let bad = checked(DIFF_BREACH);
    let bs = &bad.scenario;
    let bad_diff = ctgplan::diff::diff(bs, &Facts::of(bs), 0, 1);
    let plan = match ctgplan::plan::propose::propose(
        s,
        &ctgplan::plan::propose::Scope::All,
        ctgplan::plan::build::Objective::Closest,
        ctgplan::plan::solve::Options::default(),
    ) {
        Ok(ctgplan::plan::propose::Proposal::Planned(p)) => p,
        other => panic!("{other:?}"),
    };
    let pc = ctgplan::check::portfolio::check_path(Path::new(PORTFOLIO));
    let summary = pc.summary.clone().expect("the portfolio sums");
    let p = |n: &str| dir.join(n);
    let args = |v: &[&str]| v.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>();
    vec![
        (
            p("budget.xlsx"),
            args(&["cost", VALLEE, "--years", "2026-2030"]),
            books::cost::budget(s, f, &b, &v),
        ),
        (
            p("couts.xlsx"),
            args(&["cost", VALLEE]),
            books::cost::periods(s, f, &costs, &v),
        ),
        (
            p("ecarts.xlsx"),
            args(&["diff", VALLEE, "2026", "2027-2030"]),
            books::diff::book(s, &d, &v),
        ),
        (
            p("indicateurs.xlsx"),
            args(&["indicators", VALLEE]),
            books::indicators::book(&ind, &v),
        ),
        (
            p("rapport.xlsx"),
            args(&["report", VALLEE]),
            books::report::book(s, &v.report, &data),
        ),
        (
            p("proposition.xlsx"),
            args(&["propose", VALLEE, "--all"]),
            books::propose::book(s, &plan),
        ),
        (
            p("portefeuille.xlsx"),
            args(&["report", PORTFOLIO]),
            books::portfolio::book(&pc, &summary, ctgplan::i18n::Lang::En),
        ),
        (
            p("ecarts-invalides.xlsx"),
            args(&["diff", DIFF_BREACH, "2022-2025", "2026"]),
            books::diff::book(bs, &bad_diff, &bad),
        ),
    ]
}

fn write_all(dir: &Path) -> Vec<(PathBuf, Book)> {
    cases(dir)
        .into_iter()
        .map(|(path, mut args, book)| {
            // `propose` writes its scenario with --out, its table with --table.
            let flag = if args[0] == "propose" {
                "--table"
            } else {
                "--out"
            };
            args.extend([flag.to_owned(), path.to_string_lossy().into_owned()]);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let exit = if book.errors > 0 { 1 } else { 0 };
            run(&args, exit);
            (path, book)
        })
        .collect()
}

/// The exact figure of a model value.
fn exact(v: &Value) -> Option<Decimal> {
    match v {
        Value::Etp(d) | Value::EtpChange(d) | Value::Percent(d) => Some(*d),
        Value::Eur(c) | Value::EurChange(c) => Some(Decimal::new(*c, 2)),
        Value::Int(i) => Some(Decimal::from(*i)),
        _ => None,
    }
}

/// Sums exact figures the test's own way; `None` when one is not a figure.
fn sum<'a>(values: impl IntoIterator<Item = &'a Value>) -> Option<Decimal> {
    let mut total = Decimal::ZERO;
    for v in values {
        match v {
            Value::Empty => {}
            other => total += exact(other)?,
        }
    }
    Some(total)
}

/// What a cell must hold: text, an exact figure (and whether it is a
/// formula), or nothing.
#[derive(Debug, PartialEq)]
enum Expect {
    Text(String),
    Figure(Decimal, bool),
    Nothing,
}

/// One sheet of the model: its name, the header's row (0-based) and what
/// each cell ("C7") must hold, with the unit its format shows and its row's style.
struct ExpectedSheet {
    name: String,
    header: u32,
    cells: BTreeMap<String, (Expect, &'static str, RowStyle)>,
}

/// Every cell of every sheet of the model, at the place the layout puts it:
/// banner, title, notes, a blank row, the header, data rows, total rows.
fn expected(book: &Book) -> Vec<ExpectedSheet> {
    let mut out = Vec::new();
    for sheet in &book.sheets {
        let mut cells = BTreeMap::new();
        let mut row = 0u32;
        if book.errors > 0 {
            cells.insert(
                cell_ref(row, 0),
                (
                    Expect::Text(ctgplan::xlsx::invalid_banner(book.errors)),
                    "",
                    RowStyle::Normal,
                ),
            );
            row += 1;
        }
        cells.insert(
            cell_ref(row, 0),
            (Expect::Text(sheet.title.clone()), "", RowStyle::Normal),
        );
        row += 1 + u32::try_from(sheet.notes.len()).unwrap() + 1;
        let header = row;
        for (c, h) in sheet.header.iter().enumerate() {
            cells.insert(
                cell_ref(row, c as u16),
                (Expect::Text(h.clone()), "", RowStyle::Normal),
            );
        }
        row += 1;
        let rows: Vec<_> = sheet
            .rows
            .iter()
            .map(|r| (r, false))
            .chain(sheet.totals.iter().map(|r| (r, true)))
            .collect();
        for (r, _total) in rows {
            for (c, v) in r.cells.iter().enumerate() {
                let e = match v {
                    Value::Text(t) => Expect::Text(t.clone()),
                    Value::Unknown => Expect::Text("?".to_owned()),
                    Value::Empty => Expect::Nothing,
                    Value::SumColumn => match sheet
                        .rows
                        .iter()
                        .map(|d| match &d.cells[c] {
                            Value::SumRow(a, b) => sum(d.cells[*a as usize..=*b as usize].iter()),
                            other => sum([other]),
                        })
                        .sum::<Option<Decimal>>()
                    {
                        Some(s) => Expect::Figure(s, !sheet.rows.is_empty()),
                        None => Expect::Text("?".to_owned()),
                    },
                    Value::SumRow(a, b) => match sum(r.cells[*a as usize..=*b as usize].iter()) {
                        Some(s) => Expect::Figure(s, true),
                        None => Expect::Text("?".to_owned()),
                    },
                    other => Expect::Figure(exact(other).unwrap(), false),
                };
                let unit = match v {
                    Value::Etp(_) | Value::EtpChange(_) => "ETP",
                    Value::Eur(_) | Value::EurChange(_) => "€",
                    _ => "",
                };
                cells.insert(cell_ref(row, c as u16), (e, unit, r.style));
            }
            row += 1;
        }
        out.push(ExpectedSheet {
            name: sheet.name.clone(),
            header,
            cells,
        });
    }
    out
}

fn dec_of(j: &Json) -> Option<Decimal> {
    match j {
        Json::Number(n) => n
            .to_string()
            .parse::<Decimal>()
            .ok()
            .or_else(|| n.as_f64().and_then(|f| Decimal::try_from(f).ok())),
        _ => None,
    }
}

#[test]
fn openpyxl_reads_every_figure_exactly() {
    if !openpyxl() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let script = Path::new(ROOT).join("tests/readers/xlsx_dump.py");
    let mut figures = 0;
    for (path, book) in write_all(dir.path()) {
        let o = Command::new("python3")
            .arg(&script)
            .arg(&path)
            .output()
            .expect("python3 runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let dump: Json = serde_json::from_slice(&o.stdout).expect("json");
        let sheets = dump["sheets"].as_array().expect("sheets");
        let model = expected(&book);
        assert_eq!(sheets.len(), model.len(), "{}", path.display());
        for (
            got,
            ExpectedSheet {
                name,
                header,
                cells,
            },
        ) in sheets.iter().zip(&model)
        {
            let where_ = format!("{} / {name}", path.display());
            assert!(
                got["name"]
                    .as_str()
                    .is_some_and(|n| name.starts_with(n) || n == name),
                "{where_}"
            );
            // Frozen below the header, filter from the header.
            assert_eq!(
                got["freeze"].as_str(),
                Some(format!("A{}", header + 2).as_str()),
                "{where_}"
            );
            assert!(
                got["filter"]
                    .as_str()
                    .is_some_and(|f| f.starts_with(&format!("A{}:", header + 1))),
                "{where_}: {}",
                got["filter"]
            );
            let gc = got["cells"].as_object().expect("cells");
            for (at, (e, unit, style)) in cells {
                let cell = &gc.get(at).cloned().unwrap_or(Json::Null);
                match e {
                    Expect::Nothing => assert!(cell["value"].is_null(), "{where_} {at}: {cell}"),
                    Expect::Text(t) => {
                        assert_eq!(cell["value"].as_str(), Some(t.as_str()), "{where_} {at}")
                    }
                    Expect::Figure(d, formula) => {
                        figures += 1;
                        assert_eq!(
                            dec_of(&cell["value"]).map(|x| x.normalize()),
                            Some(d.normalize()),
                            "{where_} {at}: {cell}"
                        );
                        assert_eq!(
                            cell["formula"]
                                .as_str()
                                .is_some_and(|f| f.starts_with("=SUM(")),
                            *formula,
                            "{where_} {at}: {cell}"
                        );
                        assert!(
                            cell["format"].as_str().is_some_and(|f| f.contains(unit)),
                            "{where_} {at}: {cell}"
                        );
                    }
                }
                if *style == RowStyle::Breach {
                    assert_eq!(
                        cell["fill"].as_str(),
                        Some("FFFFC7CE"),
                        "{where_} {at}: breach highlighted"
                    );
                }
            }
        }
    }
    assert!(figures > 500, "only {figures} figures compared");
}

/// The budget's figures are the library's: each commune over 2026-2030,
/// and the totals (formulas) equal to the cent.
#[test]
fn budget_workbook_holds_the_convention_figures() {
    if !openpyxl() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("b.xlsx");
    run(
        &[
            "cost",
            VALLEE,
            "--years",
            "2026-2030",
            "--out",
            path.to_str().unwrap(),
        ],
        0,
    );
    let o = Command::new("python3")
        .arg(Path::new(ROOT).join("tests/readers/xlsx_dump.py"))
        .arg(&path)
        .output()
        .expect("python3 runs");
    let dump: Json = serde_json::from_slice(&o.stdout).expect("json");
    let v = checked(VALLEE);
    let b = budget(&v.scenario, &Facts::of(&v.scenario), 2026, 2030).expect("budget");
    let sheet = &dump["sheets"][0];
    assert_eq!(sheet["name"], "Convention 2026-2030");
    let cells = &sheet["cells"];
    // The header row follows the title and the notes.
    let header_row = (1..40)
        .find(|r| cells[format!("A{r}")]["value"] == "Commune ou porteur")
        .expect("header");
    for (i, p) in b.payers.iter().enumerate() {
        let r = header_row + 1 + i;
        assert_eq!(
            cells[format!("A{r}")]["value"].as_str(),
            Some(p.name.as_str())
        );
        for (col, v) in [("B", p.own), ("C", p.shared), ("D", p.caf), ("E", p.rest)] {
            let got = dec_of(&cells[format!("{col}{r}")]["value"]).expect("figure");
            assert_eq!(got, Decimal::new(v.expect("known"), 2), "{} {col}", p.name);
        }
    }
    let r = header_row + 1 + b.payers.len();
    assert_eq!(
        cells[format!("E{r}")]["formula"],
        format!("=SUM(E{}:E{})", header_row + 1, r - 1)
    );
    assert_eq!(
        dec_of(&cells[format!("E{r}")]["value"]),
        Some(Decimal::new(b.total.rest.expect("known"), 2))
    );
    assert_eq!(
        b.total.rest,
        Some(44_130_000),
        "441,300.00 € over 2026-2030 with the bundled assumptions"
    );
}

/// LibreOffice, made to recompute every formula on load, finds the exact
/// totals; shown with French settings, figures read "2,6 ETP" and
/// "135 200,00 €".
#[test]
fn libreoffice_recomputes_the_totals_and_shows_french_figures() {
    if !libreoffice() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let profile = dir.path().join("profile");
    std::fs::create_dir_all(profile.join("user")).expect("profile");
    // Recalculate .xlsx formulas on load (the default trusts cached values),
    // with French regional settings (a setting, not LANG: the sheet names in
    // the file names need a UTF-8 C locale).
    std::fs::write(
        profile.join("user/registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>fr-FR</value></prop></item>
</oor:items>
"#,
    )
    .expect("profile");
    let books = write_all(dir.path());
    let csv_dir = dir.path().join("csv");
    let shown_dir = dir.path().join("shown");
    let convert = |filter: &str, out: &Path, files: &[&PathBuf]| {
        let mut cmd = Command::new("soffice");
        cmd.env("LC_ALL", "C.UTF-8")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args(["--headless", "--convert-to", filter, "--outdir"])
            .arg(out);
        for f in files {
            cmd.arg(f);
        }
        let o = cmd.output().expect("soffice runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    let files: Vec<&PathBuf> = books.iter().map(|(p, _)| p).collect();
    // Raw values, every sheet (-1), `,` between fields.
    convert(
        "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1",
        &csv_dir,
        &files,
    );
    // As shown, with French settings.
    convert(
        "csv:Text - txt - csv (StarCalc):59,34,UTF8,1,,0,false,true,true,false,false,-1",
        &shown_dir,
        &files,
    );
    let mut totals = 0;
    for (path, book) in &books {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        for ExpectedSheet { name, cells, .. } in expected(book) {
            let file = csv_dir.join(format!("{stem}-{name}.csv"));
            let text = std::fs::read_to_string(&file)
                .unwrap_or_else(|_| panic!("{} missing", file.display()));
            let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes())
                .records()
                .map(|r| r.expect("csv").iter().map(str::to_owned).collect())
                .collect();
            for (at, (e, _, _)) in &cells {
                let (col, row) = split_ref(at);
                let got = rows
                    .get(row)
                    .and_then(|r| r.get(col))
                    .cloned()
                    .unwrap_or_default();
                if let Expect::Figure(d, formula) = e {
                    // Raw values, in the French decimal notation LibreOffice uses here.
                    let g: Decimal = got
                        .replace(',', ".")
                        .parse()
                        .unwrap_or_else(|_| panic!("{stem}/{name} {at}: {got:?}"));
                    assert_eq!(
                        g.normalize(),
                        d.normalize(),
                        "{stem}/{name} {at}: recomputed"
                    );
                    if *formula {
                        totals += 1;
                    }
                }
            }
        }
    }
    assert!(totals > 50, "only {totals} formulas recomputed");
    // French display: decimal comma, grouped thousands, units.
    let shown = std::fs::read_to_string(shown_dir.join("budget-2026.csv")).expect("shown");
    let shown = shown.replace(['\u{a0}', '\u{202f}'], " ");
    let total = shown
        .lines()
        .find(|l| l.starts_with("Total;"))
        .expect("total row");
    assert_eq!(
        total,
        "Total;;2,6 ETP;135 200,00 €;30 000,00 €;81 100,00 €;84 100,00 €"
    );
    let shown = std::fs::read_to_string(shown_dir.join("ecarts-Par commune.csv")).expect("shown");
    assert!(
        shown
            .replace('\u{a0}', " ")
            .contains("Aureille;commune;0 ETP;0,2 ETP;+0,2 ETP;0,00 €;10 400,00 €;+10 400,00 €"),
        "{shown}"
    );
}

/// "C7" → (2, 6).
fn split_ref(at: &str) -> (usize, usize) {
    let letters: String = at.chars().take_while(char::is_ascii_uppercase).collect();
    let digits: usize = at[letters.len()..].parse().expect("row");
    let col = letters
        .bytes()
        .fold(0usize, |acc, b| acc * 26 + usize::from(b - b'A') + 1)
        - 1;
    (col, digits - 1)
}

#[test]
fn a_format_that_does_not_match_the_extension_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let cases: Vec<(Vec<String>, &str, &str)> = vec![
        (
            vec![
                "cost".into(),
                VALLEE.into(),
                "--format".into(),
                "csv".into(),
            ],
            "a.xlsx",
            "does not match",
        ),
        (
            vec!["cost".into(), VALLEE.into()],
            "a.ods",
            "cannot write .ods",
        ),
        (
            vec![
                "diff".into(),
                VALLEE.into(),
                "2026".into(),
                "2027-2030".into(),
                "--format".into(),
                "xlsx".into(),
            ],
            "a.csv",
            "does not match",
        ),
        (
            vec![
                "indicators".into(),
                VALLEE.into(),
                "--format".into(),
                "json".into(),
            ],
            "a.xlsx",
            "does not match",
        ),
        (
            vec![
                "report".into(),
                VALLEE.into(),
                "--format".into(),
                "html".into(),
            ],
            "a.xlsx",
            "does not match",
        ),
        (vec!["report".into(), VALLEE.into()], "a.csv", "not .csv"),
        (
            vec!["propose".into(), VALLEE.into()],
            "a.xlsx",
            "writes a scenario",
        ),
    ];
    for (mut args, file, message) in cases {
        let out = d.join(file);
        args.extend(["--out".to_owned(), out.to_string_lossy().into_owned()]);
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run(&a, 2);
        let err = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(!out.exists(), "{args:?} wrote {}", out.display());
    }
    // A workbook goes to a file, never to the terminal.
    let o = run(&["cost", VALLEE, "--format", "xlsx"], 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("--out FILE.xlsx"));
    // The extension alone chooses the format.
    let csv = d.join("couts.csv");
    run(&["cost", VALLEE, "--out", csv.to_str().unwrap()], 0);
    assert!(std::fs::read_to_string(&csv)
        .expect("csv")
        .contains("period;id;name"));
    let xlsx = d.join("couts.xlsx");
    run(&["cost", VALLEE, "--out", xlsx.to_str().unwrap()], 0);
    assert!(std::fs::read(&xlsx).expect("xlsx").starts_with(b"PK"));
}

/// The annex table saved as OpenDocument by LibreOffice (another writer)
/// imports as the CSV does: the .ods path of the reader, end to end.
#[test]
fn an_ods_table_saved_by_libreoffice_imports_like_the_csv() {
    if !libreoffice() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("annexe.csv");
    std::fs::copy(
        Path::new(ROOT).join("tests/fixtures/import/vallee-des-baux-annexe.csv"),
        &csv,
    )
    .expect("copy");
    let profile = dir.path().join("profile");
    // CSV import options: `;` separator, `"` quotes, UTF-8, from line 1.
    let o = Command::new("soffice")
        .env("LC_ALL", "C.UTF-8")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--infilter=CSV:59,34,76,1",
            "--convert-to",
            "ods",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&csv)
        .output()
        .expect("soffice runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let ods = dir.path().join("annexe.ods");
    let from_ods = dir.path().join("from-ods.toml");
    let from_csv = dir.path().join("from-csv.toml");
    run(
        &[
            "import",
            ods.to_str().unwrap(),
            "--out",
            from_ods.to_str().unwrap(),
        ],
        0,
    );
    run(
        &[
            "import",
            csv.to_str().unwrap(),
            "--out",
            from_csv.to_str().unwrap(),
        ],
        0,
    );
    let strip = |p: &Path| {
        let text = std::fs::read_to_string(p).expect("written");
        // The first line names the source file and sheet.
        text.lines().skip(1).collect::<Vec<_>>().join("\n")
    };
    assert_eq!(strip(&from_ods), strip(&from_csv));
}
