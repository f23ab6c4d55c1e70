//! `ctgplan import`: the Vallée des Baux annex table, rebuilt as a workbook
//! from the annex (tests/fixtures/import/vallee-des-baux-annexe.csv: the
//! seed's commune table cell for cell, then its theme blocks set out as a
//! table), imports into a scenario that passes `check` with the figures of
//! scenarios/vallee-des-baux-alpilles.toml; a cell that
//! cannot be read is named (Feuil1!C7) and nothing is written; and a
//! report's workbook imports back into the same scheme (round trip).

mod support;

use ctgplan::import::cell::name_key;
use ctgplan::scenario::facts::Facts;
use ctgplan::scenario::{load_path, Scenario, Status};
use rust_xlsxwriter::Workbook;
use std::path::{Path, PathBuf};
use support::{run, ROOT, VALLEE};

const ANNEX_CSV: &str = "tests/fixtures/import/vallee-des-baux-annexe.csv";

fn annex_rows() -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(Path::new(ROOT).join(ANNEX_CSV)).expect("fixture");
    let text = text.trim_start_matches('\u{feff}');
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    r.records()
        .map(|rec| rec.expect("csv").iter().map(str::to_owned).collect())
        .collect()
}

/// The annex table as a workbook: text as the annex writes it; cells that
/// are plain figures ("0") as numbers, as a spreadsheet would store them.
fn annex_workbook(path: &Path, edit: impl Fn(usize, usize, &str) -> Option<String>) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Feuil1").expect("name");
    for (r, row) in annex_rows().iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            let text = edit(r, c, text).unwrap_or_else(|| text.clone());
            let (r, c) = (r as u32, c as u16);
            match text.parse::<f64>() {
                Ok(n) => ws.write_number(r, c, n).map(|_| ()),
                Err(_) if text.is_empty() => Ok(()),
                Err(_) => ws.write_string(r, c, &text).map(|_| ()),
            }
            .expect("cell");
        }
    }
    wb.save(path).expect("save");
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn load(path: &Path) -> Scenario {
    let l = load_path(path);
    assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
    l.scenario.expect("loads")
}

/// Every holder's figures by name: (name key, [(ETP, status, pooled host key)] per period).
type Figures = Vec<(String, Vec<(Option<String>, Status, Option<String>)>)>;

/// Per period: id, total, coordinator's ETP, whether it is externalised,
/// the theme totals.
type Periods = Vec<(String, Option<String>, String, bool, Vec<(String, String)>)>;

fn figures(s: &Scenario) -> (Figures, Periods) {
    let facts = Facts::of(s);
    let name_of = |id: &str| {
        s.commune(id)
            .map(|c| name_key(&c.name))
            .or_else(|| s.carrier(id).map(|c| name_key(&c.name)))
            .unwrap_or_default()
    };
    let holders = s
        .communes
        .iter()
        .map(|c| (c.id.id.clone(), c.name.clone()))
        .chain(
            s.carriers
                .iter()
                .filter(|c| c.kind != ctgplan::scenario::CarrierKind::Operator)
                .map(|c| (c.id.id.clone(), c.name.clone())),
        );
    let rows = holders
        .map(|(id, name)| {
            let per_period = s
                .periods
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let post = p.post(&id);
                    let pooled = s
                        .commune(&id)
                        .and_then(|c| s.pooled_host(p, c))
                        .map(|h| name_of(&h.id));
                    (
                        facts.etp(i, &id).map(|e| e.normalize().to_string()),
                        post.map_or(Status::Filled, |p| p.status),
                        pooled,
                    )
                })
                .collect();
            (name_key(&name), per_period)
        })
        .collect();
    let periods = s
        .periods
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let pf = &facts.periods[i];
            let coord = ctgplan::finance::coordinator(s, i);
            (
                p.name().to_owned(),
                pf.total.map(|t| t.normalize().to_string()),
                pf.coordinator.normalize().to_string(),
                coord.is_some_and(|c| ctgplan::finance::coordinator_externalised(s, c)),
                {
                    // By theme; the order they are written in is no figure.
                    let mut t: Vec<(String, String)> = p
                        .themes
                        .iter()
                        .flat_map(|t| &t.entries)
                        .map(|(id, f)| (id.id.clone(), f.value.normalize().to_string()))
                        .collect();
                    t.sort();
                    t
                },
            )
        })
        .collect();
    (rows, periods)
}

/// The themes each commune lists, by name.
fn themes(s: &Scenario) -> Vec<(String, Vec<String>)> {
    s.communes
        .iter()
        .map(|c| {
            let mut t: Vec<String> = c
                .themes
                .as_ref()
                .map(|l| l.items.iter().map(|i| i.id.clone()).collect())
                .unwrap_or_default();
            t.sort();
            (name_key(&c.name), t)
        })
        .collect()
}

/// The annex spells two names otherwise than the bundled file.
fn same_commune(a: &str, b: &str) -> bool {
    a == b
        || (a, b) == ("fontvielle", "fontvieille")
        || (a, b) == ("masblanclesalpilles", "masblancdesalpilles")
}

fn assert_same_scheme(imported: &Scenario, bundled: &Scenario) {
    let (ra, pa) = figures(imported);
    let (rb, pb) = figures(bundled);
    assert_eq!(
        pa, pb,
        "periods: totals, coordinator, externalised, theme totals"
    );
    assert_eq!(ra.len(), rb.len(), "holders");
    for ((na, a), (nb, b)) in ra.iter().zip(&rb) {
        assert!(same_commune(na, nb), "{na} / {nb}");
        assert_eq!(a, b, "{na}: ETP, status and pooling per period");
    }
    for ((na, a), (nb, b)) in themes(imported).iter().zip(themes(bundled)) {
        assert!(same_commune(na, &nb));
        assert_eq!(a, &b, "themes of {na}");
    }
}

#[test]
fn the_annex_workbook_imports_into_the_bundled_scheme() {
    let dir = temp();
    let xlsx = dir.path().join("annexe.xlsx");
    annex_workbook(&xlsx, |_, _, _| None);
    let out = dir.path().join("vba.toml");
    let o = run(
        &[
            "import",
            xlsx.to_str().unwrap(),
            "--territory",
            "Vallée des Baux-Alpilles",
            "--out",
            out.to_str().unwrap(),
        ],
        0,
    );
    let err = String::from_utf8_lossy(&o.stderr);
    // Aureille's 2027 "reprise soit en direct soit externalisé" is kept as a note.
    assert!(err.contains("warning[CTG127]: Feuil1!D3:"), "{err}");
    assert!(err.contains("check: 0 errors"), "{err}");
    let imported = load(&out);
    let bundled = load(&Path::new(ROOT).join(VALLEE));
    assert_same_scheme(&imported, &bundled);
    // And `check` passes on the written file.
    run(&["check", out.to_str().unwrap()], 0);
}

#[test]
fn the_annex_csv_imports_the_same_way() {
    let dir = temp();
    let out = dir.path().join("vba.toml");
    run(&["import", ANNEX_CSV, "--out", out.to_str().unwrap()], 0);
    let imported = load(&out);
    assert_eq!(
        imported.territory.name, "Répartition communale du schéma de coopération CTG VBA 2026-2030",
        "the title above the table names the territory when --territory is not given"
    );
    assert_same_scheme(&imported, &load(&Path::new(ROOT).join(VALLEE)));
}

#[test]
fn a_cell_that_cannot_be_read_is_named_and_nothing_is_written() {
    let dir = temp();
    let xlsx = dir.path().join("annexe.xlsx");
    // Row 7 (Mas Blanc) column C (2026), and a theme the importer does not know.
    annex_workbook(&xlsx, |r, c, _| match (r, c) {
        (6, 2) => Some("environ un quart temps".to_owned()),
        (3, 3) => Some("0,2 ETP -Petite enfance -Sport".to_owned()),
        _ => None,
    });
    let out = dir.path().join("vba.toml");
    let o = run(
        &[
            "import",
            xlsx.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        2,
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(
            "error[CTG123]: Feuil1!C7: no ETP figure at the start of \"environ un quart temps\""
        ),
        "{err}"
    );
    assert!(
        err.contains("error[CTG124]: Feuil1!D4: \"Sport\" is not a theme"),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!out.exists());
    // Each code is explained like a rule.
    for code in [
        "CTG120", "CTG121", "CTG122", "CTG123", "CTG124", "CTG125", "CTG126", "CTG127",
    ] {
        let o = run(&["explain", code], 0);
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("## How to fix"),
            "{code}"
        );
    }
}

#[test]
fn unreadable_files_sheets_and_outputs() {
    let dir = temp();
    let xlsx = dir.path().join("annexe.xlsx");
    annex_workbook(&xlsx, |_, _, _| None);
    let o = run(&["import", xlsx.to_str().unwrap(), "--sheet", "Feuil9"], 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("error[CTG120]") && err.contains("Feuil1"),
        "{err}"
    );
    let o = run(&["import", "README.md"], 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("CTG120"));
    // A scenario is not written under a table's name.
    let o = run(&["import", xlsx.to_str().unwrap(), "--out", "x.xlsx"], 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("writes a scenario (TOML)"));
    // A broken workbook.
    let broken = dir.path().join("broken.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 not really").expect("write");
    let o = run(&["import", broken.to_str().unwrap()], 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("CTG120"));
}

#[test]
fn a_report_workbook_imports_back_into_the_same_scheme() {
    let dir = temp();
    let xlsx: PathBuf = dir.path().join("rapport.xlsx");
    run(&["report", VALLEE, "--out", xlsx.to_str().unwrap()], 0);
    let out = dir.path().join("rt.toml");
    // No `--sheet`: the sheet that holds the table is found (it is the
    // workbook's second).
    run(
        &[
            "import",
            xlsx.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        0,
    );
    let imported = load(&out);
    let bundled = load(&Path::new(ROOT).join(VALLEE));
    assert_eq!(imported.territory.name, bundled.territory.name);
    assert_same_scheme(&imported, &bundled);
    // The periods' kinds come back too (the target one was lost).
    let kinds = |s: &Scenario| s.periods.iter().map(|p| p.kind).collect::<Vec<_>>();
    assert_eq!(kinds(&imported), kinds(&bundled));
    assert!(kinds(&bundled).iter().all(Option::is_some));
}

/// Each import code, on a small CSV table, names the cell it is about.
#[test]
fn every_import_code_has_a_table_that_triggers_it() {
    let dir = temp();
    let cases: [(&str, &str, &str); 8] = [
        ("CTG120", "not a table", "error[CTG120]"),
        (
            "CTG121",
            "Nom;2026\nA;0,2\n",
            "error[CTG121]: sheet `t` has no header row",
        ),
        (
            "CTG122",
            "Communes;Schéma cible\nA;0,2\n",
            "error[CTG122]: t!B1: the column \"Schéma cible\" names no year",
        ),
        (
            "CTG123",
            "Communes;2026\nA;\n",
            "error[CTG123]: t!B2: the cell is empty",
        ),
        (
            "CTG124",
            "Communes;2026\nA;0,2 ETP -Sport\n",
            "error[CTG124]: t!B2: \"Sport\" is not a theme",
        ),
        (
            "CTG125",
            "Communes;2026\nA;0 porté par la ville de Z\n",
            "error[CTG125]: t!B2: \"porté par z\" names no commune",
        ),
        (
            "CTG126",
            "Communes;2026\nA;0,2\nA;0,3\n",
            "error[CTG126]: t!A3: A has a second row",
        ),
        (
            "CTG127",
            "Communes;2026\nA;0,2 ETP selon les besoins\n",
            "warning[CTG127]: t!B2: \"selon les besoins\" is kept as a note",
        ),
    ];
    for (code, table, message) in cases {
        let path = if code == "CTG120" {
            dir.path().join("t.pdf")
        } else {
            dir.path().join("t.csv")
        };
        std::fs::write(&path, table).expect("write");
        let o = support::ctgplan(&["import", path.to_str().unwrap()])
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(message), "{code}: {err}");
        let exit = if code == "CTG127" { 0 } else { 2 };
        assert_eq!(o.status.code(), Some(exit), "{code}: {err}");
    }
}
