//! An annex-shaped table read into periods and holders: a header row
//! "Communes | <period> | <period> …" (each period header holding a year or
//! a span of years), one row per commune or EPCI, a row for the global
//! coordinator ("Global", "Coordinateur…") and a "TOTAL" row. Every cell
//! that cannot be read gives a diagnostic naming it (Feuil1!C7).

use super::cell::{fold, name_key, parse_number, parse_text, CellError, CellFacts};
use super::grid::{Cell, Grid};
use super::{words, ImportDiag};
use crate::diagnostic::Severity;
use crate::i18n::{Arg, Msg, Text};
use crate::scenario::PeriodKind;
use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodCol {
    /// "2027-2030" or "2026".
    pub id: String,
    /// The header as written.
    pub label: String,
    /// The kind its header says ("transitoire", "cible"...), if any.
    pub kind: Option<PeriodKind>,
}

/// The period kind a header names by the annexes' words: "transitoire",
/// "cible", "en cours", "passé" (or "précédent", "antérieur"); `None` when
/// it names none or several.
pub fn kind_in(header: &str) -> Option<PeriodKind> {
    let folded = fold(header);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    let found: Vec<PeriodKind> = [
        (has("transitoire"), PeriodKind::Transitional),
        (has("cible"), PeriodKind::Target),
        (folded.contains("en cours"), PeriodKind::Current),
        (
            ["passe", "passee", "precedent", "anterieur"]
                .iter()
                .any(|w| has(w)),
            PeriodKind::Past,
        ),
    ]
    .into_iter()
    .filter_map(|(yes, k)| yes.then_some(k))
    .collect();
    match found.as_slice() {
        [k] => Some(*k),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolderKind {
    Commune,
    Epci,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolderRow {
    pub name: String,
    pub kind: HolderKind,
    /// One entry per period; `None` when the cell says "Néant".
    pub cells: Vec<CellFacts>,
    /// Where each cell is ("Feuil1!C7").
    pub at: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    /// Text above the header row (the table's title), if any.
    pub title: Option<String>,
    pub periods: Vec<PeriodCol>,
    pub holders: Vec<HolderRow>,
    pub coordinator: Option<HolderRow>,
    /// The TOTAL row's figures.
    pub totals: Option<Vec<Option<Decimal>>>,
    /// Theme totals per period (same order as `periods`; empty when the
    /// sheet has no theme table for it).
    pub theme_totals: Vec<Vec<(&'static str, Decimal)>>,
}

fn text_of(c: &Cell) -> Option<String> {
    match c {
        Cell::Text(t) if !t.trim().is_empty() => Some(t.trim().to_owned()),
        Cell::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The last year or span of years in a header ("… transitoire 2026",
/// "… à partir de 2027-2030").
pub fn years_in(header: &str) -> Option<String> {
    let f = fold(header);
    let b = f.as_bytes();
    let mut found = None;
    let mut i = 0;
    while i + 4 <= b.len() {
        let four = |at: usize| {
            b.get(at..at + 4)
                .is_some_and(|w| w.iter().all(u8::is_ascii_digit))
                && !b.get(at + 4).is_some_and(u8::is_ascii_digit)
                && (at == 0 || !b.get(at - 1).is_some_and(u8::is_ascii_digit))
        };
        if four(i) {
            let first = f.get(i..i + 4).unwrap_or("").to_owned();
            // "2027-2030", "2027 - 2030", "2027 à 2030".
            let rest = f.get(i + 4..).unwrap_or("");
            let trimmed = rest.trim_start();
            let after_sep = trimmed
                .strip_prefix('-')
                .or_else(|| trimmed.strip_prefix("a "))
                .map(str::trim_start);
            let second = after_sep.and_then(|r| {
                let y = r.get(..4)?;
                (y.bytes().all(|c| c.is_ascii_digit())
                    && !r.as_bytes().get(4).is_some_and(u8::is_ascii_digit))
                .then(|| y.to_owned())
            });
            match second {
                Some(s) => {
                    found = Some(format!("{first}-{s}"));
                    // Past the second year (`after_sep` is a suffix of `f`).
                    i = f.len() - after_sep.map_or(0, str::len) + 4;
                }
                None => {
                    found = Some(first);
                    i += 4;
                }
            }
        } else {
            i += 1;
        }
    }
    found
}

fn is_epci(name: &str) -> bool {
    let k = name_key(name);
    let acronym = name.len() >= 3
        && name.len() <= 8
        && name.chars().all(|c| c.is_ascii_uppercase())
        && name.starts_with("CC");
    acronym
        || ["communaute", "agglomeration", "epci", "metropole"]
            .iter()
            .any(|w| k.contains(w))
}

fn diag(code: crate::code::Code, cell: String, message: Text, help: &'static Msg) -> ImportDiag {
    ImportDiag {
        code,
        severity: Severity::Error,
        cell: Some(cell),
        message,
        help: Text::new(help),
    }
}

/// A message about text the user wrote.
fn quoting(msg: &'static Msg, text: &str) -> Text {
    Text::new(msg).arg("text", Arg::raw(text))
}

/// A theme by its AFAS name in French, its id in English.
fn theme_arg(id: &str) -> Arg {
    let name = crate::scenario::model::AFAS_THEMES
        .iter()
        .find(|(t, _)| *t == id)
        .map_or(id, |(_, n)| n);
    Arg::subject(id, name)
}

/// Reads one cell of a holder or coordinator row.
fn read_cell(
    grid: &Grid,
    row: usize,
    col: usize,
    diags: &mut Vec<ImportDiag>,
) -> Option<CellFacts> {
    let at = grid.at(row, col);
    let result = match grid.get(row, col) {
        Cell::Empty => Err(CellError::Empty),
        Cell::Number(n) => parse_number(*n),
        Cell::Text(t) => parse_text(t),
        Cell::Other(o) => Err(CellError::NoFigure(o.clone())),
    };
    match result {
        Ok(f) => {
            if let Some(u) = &f.unread {
                diags.push(ImportDiag {
                    code: super::codes::NOTE,
                    severity: Severity::Warning,
                    cell: Some(at),
                    message: quoting(&words::NOTE_KEPT, u),
                    help: Text::new(&words::NOTE_KEPT_HELP),
                });
            }
            Some(f)
        }
        Err(CellError::Empty) => {
            diags.push(diag(
                super::codes::FIGURE,
                at,
                Text::new(&words::EMPTY_CELL),
                &words::EMPTY_CELL_HELP,
            ));
            None
        }
        Err(CellError::NoFigure(t)) => {
            diags.push(diag(
                super::codes::FIGURE,
                at,
                quoting(&words::NO_FIGURE, &t),
                &words::NO_FIGURE_HELP,
            ));
            None
        }
        Err(CellError::Negative(t)) => {
            diags.push(diag(
                super::codes::FIGURE,
                at,
                quoting(&words::NEGATIVE, &t),
                &words::NEGATIVE_HELP,
            ));
            None
        }
        Err(CellError::UnknownTheme(w)) => {
            diags.push(diag(
                super::codes::THEME,
                at,
                quoting(&words::UNKNOWN_THEME, &w),
                &words::UNKNOWN_THEME_HELP,
            ));
            None
        }
    }
}

/// Reads the table of `grid`; `None` when there is none to read.
pub fn parse(grid: &Grid, diags: &mut Vec<ImportDiag>) -> Option<Table> {
    // The header: the first row with a cell starting with "commune".
    let header = grid.cells.iter().enumerate().find_map(|(r, row)| {
        row.iter()
            .position(super::grid::starts_a_table)
            .map(|c| (r, c))
    });
    let Some((hr, name_col)) = header else {
        diags.push(ImportDiag {
            code: super::codes::NO_TABLE,
            severity: Severity::Error,
            cell: None,
            message: Text::new(&words::NO_HEADER).arg("sheet", Arg::raw(grid.sheet.clone())),
            help: Text::new(&words::NO_HEADER_HELP),
        });
        return None;
    };
    // The first line above the header, past a workbook's "Scénario invalide".
    let title = grid
        .cells
        .iter()
        .take(hr)
        .filter_map(|r| r.iter().find_map(text_of))
        .find(|t| !fold(t).starts_with("scenario invalide"));
    let width = grid.cells.get(hr).map_or(0, Vec::len);
    let mut periods = Vec::new();
    let mut cols = Vec::new();
    for c in name_col + 1..width {
        let Some(label) = text_of(grid.get(hr, c)) else {
            continue;
        };
        match years_in(&label) {
            Some(id) if periods.iter().any(|p: &PeriodCol| p.id == id) => diags.push(diag(
                super::codes::PERIOD,
                grid.at(hr, c),
                Text::new(&words::SECOND_PERIOD_COLUMN).arg("period", Arg::id(id)),
                &words::SECOND_PERIOD_COLUMN_HELP,
            )),
            Some(id) => {
                periods.push(PeriodCol {
                    kind: kind_in(&label),
                    id,
                    label,
                });
                cols.push(c);
            }
            None => diags.push(diag(
                super::codes::PERIOD,
                grid.at(hr, c),
                Text::new(&words::NO_YEARS).arg("label", Arg::raw(label)),
                &words::NO_YEARS_HELP,
            )),
        }
    }
    if periods.is_empty() {
        diags.push(diag(
            super::codes::NO_TABLE,
            grid.at(hr, name_col),
            Text::new(&words::NO_PERIOD_COLUMN),
            &words::NO_PERIOD_COLUMN_HELP,
        ));
        return None;
    }
    let mut table = Table {
        title,
        periods,
        ..Table::default()
    };
    // The rows' names seen, by key: a set, as a sheet may hold many rows.
    let mut names = std::collections::HashSet::new();
    let mut end = grid.cells.len();
    for r in hr + 1..grid.cells.len() {
        let name = text_of(grid.get(r, name_col));
        let any = cols.iter().any(|&c| *grid.get(r, c) != Cell::Empty);
        let Some(name) = name else {
            if any {
                diags.push(diag(
                    super::codes::ROW,
                    grid.at(r, name_col),
                    Text::new(&words::ROW_WITHOUT_NAME),
                    &words::ROW_WITHOUT_NAME_HELP,
                ));
            }
            continue;
        };
        let f = fold(&name);
        if f.starts_with("total") {
            table.totals = Some(
                cols.iter()
                    .map(|&c| read_cell(grid, r, c, diags).and_then(|x| x.etp))
                    .collect(),
            );
            end = r + 1;
            break;
        }
        let cells: Vec<Option<CellFacts>> =
            cols.iter().map(|&c| read_cell(grid, r, c, diags)).collect();
        let Some(cells) = cells.into_iter().collect::<Option<Vec<_>>>() else {
            continue;
        };
        let row = HolderRow {
            name: name.clone(),
            kind: if is_epci(&name) {
                HolderKind::Epci
            } else {
                HolderKind::Commune
            },
            cells,
            at: cols.iter().map(|&c| grid.at(r, c)).collect(),
        };
        if f == "global" || f.starts_with("global ") || f.contains("coordinat") {
            table.coordinator = Some(row);
        } else if !names.insert(name_key(&name)) {
            diags.push(diag(
                super::codes::ROW,
                grid.at(r, name_col),
                Text::new(&words::SECOND_ROW).arg("name", Arg::raw(name)),
                &words::SECOND_ROW_HELP,
            ));
        } else {
            table.holders.push(row);
        }
    }
    table.theme_totals = theme_table(grid, end, &table.periods, diags);
    Some(table)
}

/// The one theme a row of the theme table names ("ENFANCE-JEUNESSE",
/// "ANIMATION VIE SOCIALE -ACCES AUX DROITS -LOGEMENT").
fn row_theme(name: &str) -> Result<&'static str, String> {
    let mut found: Option<&'static str> = None;
    for part in name
        .split(['-', '/', ','])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let t = super::cell::theme_of(part).ok_or_else(|| part.to_owned())?;
        match found {
            Some(f) if f != t => return Err(name.to_owned()),
            _ => found = Some(t),
        }
    }
    found.ok_or_else(|| name.to_owned())
}

/// An optional second table below the first: a header row starting with
/// "Thème" and period columns, one row per theme with its total.
fn theme_table(
    grid: &Grid,
    from: usize,
    periods: &[PeriodCol],
    diags: &mut Vec<ImportDiag>,
) -> Vec<Vec<(&'static str, Decimal)>> {
    let mut out = vec![Vec::new(); periods.len()];
    let header = grid
        .cells
        .iter()
        .enumerate()
        .skip(from)
        .find_map(|(r, row)| {
            row.iter().enumerate().find_map(|(c, cell)| match cell {
                Cell::Text(t) if fold(t).starts_with("theme") => Some((r, c)),
                _ => None,
            })
        });
    let Some((hr, name_col)) = header else {
        return out;
    };
    let width = grid.cells.get(hr).map_or(0, Vec::len);
    let mut cols: Vec<(usize, usize)> = Vec::new();
    for c in name_col + 1..width {
        let Some(label) = text_of(grid.get(hr, c)) else {
            continue;
        };
        match years_in(&label).and_then(|id| periods.iter().position(|p| p.id == id)) {
            Some(i) => cols.push((c, i)),
            None => diags.push(diag(
                super::codes::PERIOD,
                grid.at(hr, c),
                Text::new(&words::THEME_COLUMN).arg("label", Arg::raw(label)),
                &words::THEME_COLUMN_HELP,
            )),
        }
    }
    for r in hr + 1..grid.cells.len() {
        let Some(name) = text_of(grid.get(r, name_col)) else {
            continue;
        };
        let f = fold(&name);
        if f.starts_with("total") {
            break;
        }
        if f.contains("coordinat") || f.contains("global") {
            continue; // the coordinator is in the commune table
        }
        let theme = match row_theme(&name) {
            Ok(t) => t,
            Err(w) => {
                diags.push(diag(
                    super::codes::THEME,
                    grid.at(r, name_col),
                    quoting(&words::NOT_ONE_THEME, &w),
                    &words::NOT_ONE_THEME_HELP,
                ));
                continue;
            }
        };
        for &(c, i) in &cols {
            let Some(etp) = read_cell(grid, r, c, diags).and_then(|x| x.etp) else {
                continue;
            };
            if let Some(list) = out.get_mut(i) {
                if list.iter().any(|(t, _)| *t == theme) {
                    diags.push(diag(
                        super::codes::ROW,
                        grid.at(r, name_col),
                        Text::new(&words::SECOND_THEME_ROW)
                            .arg("name", Arg::raw(name.clone()))
                            .arg("theme", theme_arg(theme)),
                        &words::SECOND_THEME_ROW_HELP,
                    ));
                } else {
                    list.push((theme, etp));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_in_headers() {
        assert_eq!(
            years_in("Schéma CTG VBA 2022-2025").as_deref(),
            Some("2022-2025")
        );
        assert_eq!(
            years_in("Schéma CTG VBA transitoire 2026").as_deref(),
            Some("2026")
        );
        assert_eq!(
            years_in("Schéma CTG à partir de 2027-2030").as_deref(),
            Some("2027-2030")
        );
        assert_eq!(years_in("2027 – 2030").as_deref(), Some("2027-2030"));
        assert_eq!(years_in("de 2027 à 2030").as_deref(), Some("2027-2030"));
        assert_eq!(years_in("Schéma cible"), None);
        assert_eq!(years_in("12345"), None);
    }

    #[test]
    fn theme_rows() {
        assert_eq!(row_theme("ENFANCE-JEUNESSE"), Ok("enfance_jeunesse"));
        assert_eq!(
            row_theme("ANIMATION VIE SOCIALE -ACCES AUX DROITS -LOGEMENT"),
            Ok("acces_droits")
        );
        assert_eq!(
            row_theme("Petite enfance / inclusion"),
            Ok("petite_enfance")
        );
        assert!(row_theme("Petite enfance - Parentalité").is_err());
        assert!(row_theme("Sport").is_err());
    }

    #[test]
    fn epci_names() {
        assert!(is_epci("CCVBA"));
        assert!(is_epci("Communauté de communes Vallée des Baux"));
        assert!(!is_epci("Mouriès"));
        assert!(
            !is_epci("CASSIS"),
            "a commune in capitals is no acronym of an EPCI"
        );
    }

    #[test]
    fn period_kinds_are_read_from_the_annexes_words() {
        use PeriodKind::*;
        for (header, kind) in [
            ("Schéma CTG VBA transitoire 2026", Some(Transitional)),
            ("Schéma de coopération 2027-2030 (cible)", Some(Target)),
            ("Schéma CIBLE 2027-2030", Some(Target)),
            ("Schéma en cours 2022-2025", Some(Current)),
            ("Schéma CTG VBA 2022-2025 (passé)", Some(Past)),
            ("Schéma précédent 2018-2021", Some(Past)),
            ("Schéma CTG à partir de 2027-2030", None),
            // Two kinds named: none is guessed.
            ("transitoire puis cible 2026-2030", None),
            // A word that merely contains one is not it.
            ("Schéma dépassé 2020", None),
        ] {
            assert_eq!(kind_in(header), kind, "{header}");
        }
    }
}
