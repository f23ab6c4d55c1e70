//! An annex-shaped table read into periods and holders: a header row
//! "Communes | <period> | <period> …" (each period header holding a year or
//! a span of years), one row per commune or EPCI, a row for the global
//! coordinator ("Global", "Coordinateur…") and a "TOTAL" row. Every cell
//! that cannot be read gives a diagnostic naming it (Feuil1!C7).

use super::cell::{fold, name_key, parse_number, parse_text, CellError, CellFacts};
use super::grid::{Cell, Grid};
use super::ImportDiag;
use crate::diagnostic::Severity;
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

fn diag(code: crate::code::Code, cell: String, message: String, help: &str) -> ImportDiag {
    ImportDiag {
        code,
        severity: Severity::Error,
        cell: Some(cell),
        message,
        help: help.to_owned(),
    }
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
                    message: format!("\"{u}\" is kept as a note: it is not read as data"),
                    help: "check the figure and status written in the scenario; edit them there if the note says more".to_owned(),
                });
            }
            Some(f)
        }
        Err(CellError::Empty) => {
            diags.push(diag(
                super::codes::FIGURE,
                at,
                "the cell is empty: no ETP figure".to_owned(),
                "write the ETP (0 if none), or \"Néant\" when the holder has no post in this period",
            ));
            None
        }
        Err(CellError::NoFigure(t)) => {
            diags.push(diag(
                super::codes::FIGURE,
                at,
                format!("no ETP figure at the start of \"{t}\""),
                "start the cell with the ETP, e.g. \"0,2 ETP -Petite enfance\"",
            ));
            None
        }
        Err(CellError::Negative(t)) => {
            diags.push(diag(
                super::codes::FIGURE,
                at,
                format!("\"{t}\" is negative: ETP are zero or more"),
                "write the ETP of the post, e.g. \"0,2 ETP\"",
            ));
            None
        }
        Err(CellError::UnknownTheme(w)) => {
            diags.push(diag(
                super::codes::THEME,
                at,
                format!("\"{w}\" is not a theme ctgplan knows"),
                "write the AFAS themes as the annexes do: Petite enfance, Inclusion, Enfance jeunesse, Parentalité, Accès aux droits (or animation de la vie sociale, logement, numérique, mobilités)",
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
            message: format!("sheet `{}` has no header row starting with \"Communes\"", grid.sheet),
            help: "the table needs a header row: Communes | <period> | <period>…, e.g. Communes | Schéma 2022-2025 | 2026 | 2027-2030".to_owned(),
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
                format!("a second column for the period {id}"),
                "keep one column per period",
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
                format!("the column \"{label}\" names no year or span of years"),
                "write the period's years in its header, e.g. \"Schéma 2027-2030\" or \"2026\"",
            )),
        }
    }
    if periods.is_empty() {
        diags.push(diag(
            super::codes::NO_TABLE,
            grid.at(hr, name_col),
            "the header row has no period column".to_owned(),
            "put one column per period right of \"Communes\", its years in its header",
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
                    "a row with figures but no name".to_owned(),
                    "write the commune's name in the first column",
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
                format!("{name} has a second row"),
                "keep one row per commune",
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
                format!("the theme column \"{label}\" names no period of the commune table"),
                "head each theme column with the years of a period of the table above",
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
                    format!("\"{w}\" is not one theme ctgplan knows"),
                    "name one AFAS theme per row: Petite enfance, Enfance jeunesse, Parentalité, Accès aux droits",
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
                        format!("{name}: a second row for the theme {theme}"),
                        "keep one row per theme",
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
