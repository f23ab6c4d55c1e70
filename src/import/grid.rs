//! A sheet as a grid of cells, whatever the file: .xlsx, .xls, .ods (through
//! calamine) or .csv (`;`, `,` or tab, UTF-8 with or without BOM).

use super::words;
use crate::i18n::{Arg, Text};
use calamine::{open_workbook_auto, Data, Reader};
use std::path::Path;

/// One cell's content.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// An error value (`#REF!`), a date or a boolean: not a figure.
    Other(String),
}

/// A sheet: its name and its cells, positioned as in the file (0-based).
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub sheet: String,
    /// Row and column of `cells[0][0]` in the sheet.
    pub origin: (u32, u32),
    pub cells: Vec<Vec<Cell>>,
}

impl Grid {
    /// "Feuil1!C7" for the cell at `(row, col)` of `cells`.
    pub fn at(&self, row: usize, col: usize) -> String {
        let r = u32::try_from(row)
            .unwrap_or(u32::MAX)
            .saturating_add(self.origin.0);
        let c = u32::try_from(col)
            .unwrap_or(u32::MAX)
            .saturating_add(self.origin.1);
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        let simple = self
            .sheet
            .chars()
            .all(|ch| ch.is_alphanumeric() || ch == '_');
        let sheet = if simple {
            self.sheet.clone()
        } else {
            format!("'{}'", self.sheet.replace('\'', "''"))
        };
        format!("{sheet}!{}", crate::xlsx::cell_ref(r, c))
    }

    pub fn get(&self, row: usize, col: usize) -> &Cell {
        self.cells
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&Cell::Empty)
    }
}

fn shown(path: &Path) -> Arg {
    Arg::raw(path.display().to_string())
}

fn cannot_read(path: &Path, e: &std::io::Error) -> Text {
    Text::new(&words::CANNOT_READ)
        .arg("path", shown(path))
        .arg("error", Arg::io_error(e))
}

/// Files larger than this are refused (an annex table is a few kilobytes).
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;

/// Sheets larger than this are refused (rows × columns).
pub const MAX_CELLS: usize = 1_000_000;

/// Reads sheet `sheet` (default: the first) of `path`.
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Grid, Text> {
    let meta = std::fs::metadata(path).map_err(|e| cannot_read(path, &e))?;
    if meta.len() > MAX_BYTES {
        return Err(Text::new(&words::FILE_TOO_LARGE)
            .arg("path", shown(path))
            .arg(
                "mb",
                Arg::int(i64::try_from(MAX_BYTES / 1024 / 1024).unwrap_or(i64::MAX)),
            ));
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "csv" | "txt" | "tsv" => {
            let bytes = std::fs::read(path).map_err(|e| cannot_read(path, &e))?;
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("csv")
                .to_owned();
            if let Some(s) = sheet.filter(|s| *s != name) {
                return Err(Text::new(&words::CSV_NO_SHEET).arg("sheet", Arg::raw(s)));
            }
            read_csv(&bytes, name)
        }
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(path, sheet),
        _ => Err(Text::new(&words::NOT_A_TABLE).arg("path", shown(path))),
    }
}

fn read_workbook(path: &Path, sheet: Option<&str>) -> Result<Grid, Text> {
    let mut wb = open_workbook_auto(path).map_err(|e| {
        Text::new(&words::CANNOT_OPEN)
            .arg("path", shown(path))
            .arg("error", Arg::raw(e.to_string()))
    })?;
    let names = wb.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| {
                Text::new(&words::NO_SUCH_SHEET)
                    .arg("path", shown(path))
                    .arg("sheet", Arg::raw(s))
                    .arg("sheets", Arg::raw(names.join(", ")))
            })?,
        None => {
            // The first sheet that holds an annex table (a report's workbook
            // has it second, after its synthesis), else the first sheet.
            let first = names
                .first()
                .cloned()
                .ok_or_else(|| Text::new(&words::NO_SHEET).arg("path", shown(path)))?;
            let found = names.iter().find_map(|n| {
                let grid = sheet_grid(&mut wb, path, n).ok()?;
                grid.cells
                    .iter()
                    .flatten()
                    .any(starts_a_table)
                    .then_some(grid)
            });
            return match found {
                Some(grid) => Ok(grid),
                None => sheet_grid(&mut wb, path, &first),
            };
        }
    };
    sheet_grid(&mut wb, path, &name)
}

/// Whether a cell is the first of an annex table's header row ("Communes").
pub fn starts_a_table(c: &Cell) -> bool {
    matches!(c, Cell::Text(t) if super::cell::fold(t).starts_with("commune"))
}

/// Sheet `name` of an open workbook as a grid, within [`MAX_CELLS`].
fn sheet_grid(
    wb: &mut calamine::Sheets<std::io::BufReader<std::fs::File>>,
    path: &Path,
    name: &str,
) -> Result<Grid, Text> {
    let name = name.to_owned();
    let range = wb.worksheet_range(&name).map_err(|e| {
        Text::new(&words::CANNOT_READ_SHEET)
            .arg("sheet", Arg::raw(name.clone()))
            .arg("path", shown(path))
            .arg("error", Arg::raw(e.to_string()))
    })?;
    let (rows, cols) = range.get_size();
    if rows.saturating_mul(cols) > MAX_CELLS {
        return Err(Text::new(&words::SHEET_TOO_LARGE)
            .arg("sheet", Arg::raw(name))
            .arg("path", shown(path))
            .arg("rows", Arg::count(rows))
            .arg("cols", Arg::count(cols)));
    }
    let origin = range.start().unwrap_or((0, 0));
    let cells = range
        .rows()
        .map(|r| {
            r.iter()
                .map(|d| match d {
                    Data::Empty => Cell::Empty,
                    Data::String(s) => Cell::Text(s.clone()),
                    Data::Float(f) => Cell::Number(*f),
                    Data::Int(i) => Cell::Number(*i as f64),
                    other => Cell::Other(other.to_string()),
                })
                .collect()
        })
        .collect();
    Ok(Grid {
        sheet: name,
        origin,
        cells,
    })
}

/// CSV: the separator is the one of `;`, tab and `,` most frequent on the
/// first lines (a French spreadsheet writes `;`, which wins ties).
pub fn read_csv(bytes: &[u8], name: String) -> Result<Grid, Text> {
    let text = std::str::from_utf8(bytes).map_err(|_| Text::new(&words::CSV_NOT_UTF8))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let head: String = text.lines().take(10).collect();
    let count = |s: u8| head.bytes().filter(|b| *b == s).count();
    let sep = [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|s| count(*s))
        .unwrap_or(b';');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut cells = Vec::new();
    for record in reader.records() {
        let record = record
            .map_err(|e| Text::new(&words::CSV_UNREADABLE).arg("error", Arg::raw(e.to_string())))?;
        cells.push(
            record
                .iter()
                .map(|f| {
                    if f.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(f.to_owned())
                    }
                })
                .collect(),
        );
    }
    Ok(Grid {
        sheet: name,
        origin: (0, 0),
        cells,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_separators_and_bom() {
        let g = read_csv(
            "\u{feff}Communes;2026\r\nA;0,2 ETP\r\n".as_bytes(),
            "t".into(),
        )
        .expect("reads");
        assert_eq!(g.get(1, 1), &Cell::Text("0,2 ETP".into()));
        let g = read_csv(b"Communes,2026\nA,\"0,2\"\n", "t".into()).expect("reads");
        assert_eq!(g.get(1, 1), &Cell::Text("0,2".into()));
        assert_eq!(g.get(5, 5), &Cell::Empty);
        assert!(read_csv(&[0xff, 0xfe], "t".into()).is_err());
    }

    #[test]
    fn cells_are_named_as_spreadsheets_do() {
        let g = Grid {
            sheet: "Feuil1".into(),
            origin: (2, 1),
            cells: Vec::new(),
        };
        assert_eq!(g.at(4, 1), "Feuil1!C7");
        let g = Grid {
            sheet: "Répartition communale".into(),
            origin: (0, 0),
            cells: Vec::new(),
        };
        assert_eq!(g.at(0, 0), "'Répartition communale'!A1");
    }
}
