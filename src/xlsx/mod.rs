//! Workbooks out (.xlsx): the one writer that `cost`, `diff`, `indicators`
//! and `report` share. A command describes its sheets as data ([`Book`],
//! [`Sheet`], [`Value`]); this module lays them out the same way everywhere:
//! the invalid-scenario banner on top of every sheet, a title, notes, one
//! header row (frozen, with a filter), the data rows (breaches highlighted),
//! and total rows written as formulas whose cached values are the exact
//! figures, computed here in integer cents and exact decimals.
//!
//! Numbers are stored as numbers; .xlsx keeps formats in US notation and the
//! spreadsheet shows them with the reader's regional settings, so a French
//! Calc or Excel shows `0,2 ETP` and `52 000,00 €`.

pub mod format;

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet, XlsxError};

/// One cell's content.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Etp(Decimal),
    /// A change in ETP, shown signed.
    EtpChange(Decimal),
    /// An amount in cents, shown in euros.
    Eur(i64),
    /// A change in cents, shown signed.
    EurChange(i64),
    Int(i64),
    /// A percentage figure (50 means 50 %).
    Percent(Decimal),
    /// A figure the file does not give: shown as "?", never as 0.
    Unknown,
    Empty,
    /// Total rows only: the sum of this column over the data rows.
    SumColumn,
    /// The sum of this row's cells in columns `from..=to` (0-based).
    SumRow(u16, u16),
}

impl Value {
    pub fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }
    /// `Some` figure or [`Value::Unknown`].
    pub fn etp(v: Option<Decimal>) -> Value {
        v.map_or(Value::Unknown, Value::Etp)
    }
    pub fn eur(v: Option<i64>) -> Value {
        v.map_or(Value::Unknown, Value::Eur)
    }
    pub fn etp_change(v: Option<Decimal>) -> Value {
        v.map_or(Value::Unknown, Value::EtpChange)
    }
    pub fn eur_change(v: Option<i64>) -> Value {
        v.map_or(Value::Unknown, Value::EurChange)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RowStyle {
    #[default]
    Normal,
    /// A rule is breached on this row: highlighted.
    Breach,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    pub cells: Vec<Value>,
    pub style: RowStyle,
}

impl Row {
    pub fn new(cells: Vec<Value>) -> Row {
        Row {
            cells,
            style: RowStyle::Normal,
        }
    }
    pub fn breach(mut self, yes: bool) -> Row {
        if yes {
            self.style = RowStyle::Breach;
        }
        self
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sheet {
    /// Tab name (made valid and unique when written).
    pub name: String,
    pub title: String,
    /// Lines under the title: assumptions, sources, how to read the sheet.
    pub notes: Vec<String>,
    pub header: Vec<String>,
    pub rows: Vec<Row>,
    /// Rows under the data (bold), typically one "Total" row of
    /// [`Value::SumColumn`] cells.
    pub totals: Vec<Row>,
}

/// A workbook; `errors` > 0 marks every sheet "Scénario invalide".
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Book {
    pub sheets: Vec<Sheet>,
    pub errors: usize,
}

/// "Scénario invalide : 3 erreurs".
pub fn invalid_banner(errors: usize) -> String {
    format!(
        "Scénario invalide : {errors} erreur{}",
        if errors == 1 { "" } else { "s" }
    )
}

/// Whether a spreadsheet would evaluate `text` typed in a cell (OWASP "CSV
/// injection": `=`, `+`, `-`, `@`, tab, carriage return first). Such text is
/// written with Excel's quote prefix, so that it stays text even when the
/// user edits the cell or saves the sheet as CSV.
pub fn formula_like(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// The cell's figure as an exact decimal (cents as euros), if it has one.
fn figure(v: &Value) -> Option<Decimal> {
    match v {
        Value::Etp(d) | Value::EtpChange(d) | Value::Percent(d) => Some(*d),
        Value::Eur(c) | Value::EurChange(c) => Some(Decimal::new(*c, 2)),
        Value::Int(i) => Some(Decimal::from(*i)),
        _ => None,
    }
}

/// Sum of values of one kind: `Unknown` if any is unknown or not a figure.
fn sum_values<'a>(values: impl IntoIterator<Item = &'a Value>) -> Value {
    let mut kind: Option<&Value> = None;
    let mut dec = Decimal::ZERO;
    let mut cents = 0i64;
    for v in values {
        match v {
            Value::Empty => continue,
            Value::Eur(c) | Value::EurChange(c) => match cents.checked_add(*c) {
                Some(s) => cents = s,
                None => return Value::Unknown,
            },
            Value::Etp(d) | Value::EtpChange(d) | Value::Percent(d) => match dec.checked_add(*d) {
                Some(s) => dec = s,
                None => return Value::Unknown,
            },
            Value::Int(i) => match dec.checked_add(Decimal::from(*i)) {
                Some(s) => dec = s,
                None => return Value::Unknown,
            },
            _ => return Value::Unknown,
        }
        match kind {
            None => kind = Some(v),
            Some(k) if std::mem::discriminant(k) != std::mem::discriminant(v) => {
                return Value::Unknown
            }
            Some(_) => {}
        }
    }
    match kind {
        None => Value::Empty,
        Some(Value::Eur(_)) => Value::Eur(cents),
        Some(Value::EurChange(_)) => Value::EurChange(cents),
        Some(Value::Etp(_)) => Value::Etp(dec),
        Some(Value::EtpChange(_)) => Value::EtpChange(dec),
        Some(Value::Percent(_)) => Value::Percent(dec),
        Some(_) => dec.try_into().map_or(Value::Unknown, Value::Int),
    }
}

/// A1-style column letters of a 0-based column.
pub fn col_name(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut s = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        s.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    s.iter().rev().collect()
}

/// A1 reference of a 0-based cell.
pub fn cell_ref(row: u32, col: u16) -> String {
    format!("{}{}", col_name(col), row + 1)
}

/// A valid, unique tab name: at most 31 characters, none of `[]:*?/\`.
fn tab_name(name: &str, taken: &[String]) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .filter(|c| !c.is_control())
        .collect();
    let clean = clean.trim_matches('\'').trim();
    let base: String = if clean.is_empty() {
        "Feuille".to_owned()
    } else {
        clean.chars().take(31).collect()
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&candidate)) {
        let suffix = format!(" ({n})");
        let keep = 31usize.saturating_sub(suffix.chars().count());
        candidate = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
        n += 1;
    }
    candidate
}

/// The workbook as .xlsx bytes.
pub fn to_bytes(book: &Book) -> std::io::Result<Vec<u8>> {
    write_book(book).map_err(|e| std::io::Error::other(format!("cannot build the workbook: {e}")))
}

fn write_book(book: &Book) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let formats = format::Formats::new();
    let mut taken: Vec<String> = Vec::new();
    for sheet in &book.sheets {
        let name = tab_name(&sheet.name, &taken);
        taken.push(name.clone());
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        write_sheet(ws, sheet, book.errors, &formats)?;
    }
    if book.sheets.is_empty() {
        wb.add_worksheet();
    }
    wb.save_to_buffer()
}

fn write_sheet(
    ws: &mut Worksheet,
    sheet: &Sheet,
    errors: usize,
    f: &format::Formats,
) -> Result<(), XlsxError> {
    let mut row: u32 = 0;
    if errors > 0 {
        ws.write_string_with_format(row, 0, invalid_banner(errors), &f.banner)?;
        row += 1;
    }
    write_text(ws, row, 0, &sheet.title, &f.title, f)?;
    row += 1;
    for n in &sheet.notes {
        write_text(ws, row, 0, n, &f.note, f)?;
        row += 1;
    }
    row += 1;
    let header_row = row;
    let mut widths: Vec<usize> = sheet.header.iter().map(|h| h.chars().count()).collect();
    for (c, h) in (0u16..).zip(&sheet.header) {
        write_text(ws, row, c, h, &f.header, f)?;
    }
    row += 1;
    let first_data = row;
    for r in &sheet.rows {
        write_row(
            ws,
            row,
            r,
            &[],
            first_data,
            first_data,
            f,
            &mut widths,
            false,
        )?;
        row += 1;
    }
    let last_data = row.saturating_sub(1);
    for r in &sheet.totals {
        write_row(
            ws,
            row,
            r,
            &sheet.rows,
            first_data,
            last_data,
            f,
            &mut widths,
            true,
        )?;
        row += 1;
    }
    let ncols = u16::try_from(sheet.header.len()).unwrap_or(u16::MAX);
    if ncols > 0 {
        ws.set_freeze_panes(header_row + 1, 0)?;
        let last = if sheet.rows.is_empty() {
            header_row
        } else {
            last_data
        };
        ws.autofilter(header_row, 0, last, ncols - 1)?;
    }
    for (c, w) in (0u16..).zip(&widths) {
        // Figures need room for their format ("52 000,00 €").
        let w = (*w).clamp(10, 60) + 2;
        ws.set_column_width(c, u32::try_from(w).unwrap_or(60))?;
    }
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

fn write_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
    f: &format::Formats,
) -> Result<(), XlsxError> {
    if formula_like(text) {
        ws.write_string_with_format(row, col, text, &f.quoted(format))?;
    } else {
        ws.write_string_with_format(row, col, text, format)?;
    }
    Ok(())
}

/// Writes one row; sums become formulas over the data rows
/// `first_data..=last_data` (column sums) or over the row (row sums).
#[allow(clippy::too_many_arguments)]
fn write_row(
    ws: &mut Worksheet,
    row: u32,
    r: &Row,
    data: &[Row],
    first_data: u32,
    last_data: u32,
    f: &format::Formats,
    widths: &mut Vec<usize>,
    total: bool,
) -> Result<(), XlsxError> {
    let style = if total {
        format::Style::Total
    } else if r.style == RowStyle::Breach {
        format::Style::Breach
    } else {
        format::Style::Normal
    };
    for (c, v) in (0u16..).zip(&r.cells) {
        let (shown, formula) = match v {
            Value::SumColumn => (
                sum_values(data.iter().filter_map(|d| d.cells.get(usize::from(c)))),
                (last_data >= first_data).then(|| {
                    format!(
                        "=SUM({}:{})",
                        cell_ref(first_data, c),
                        cell_ref(last_data, c)
                    )
                }),
            ),
            Value::SumRow(a, b) => {
                let cells: Vec<&Value> = (*a..=*b)
                    .filter_map(|i| r.cells.get(usize::from(i)))
                    .collect();
                (
                    sum_values(cells),
                    Some(format!("=SUM({}:{})", cell_ref(row, *a), cell_ref(row, *b))),
                )
            }
            other => (other.clone(), None),
        };
        let fmt = f.for_value(&shown, style);
        let width = match &shown {
            Value::Text(t) => t.chars().count(),
            _ => 12,
        };
        if let Some(w) = widths.get_mut(usize::from(c)) {
            *w = (*w).max(width);
        }
        match (&shown, formula) {
            // An unknown total stays "?": a SUM would skip the "?" cells and
            // show a wrong figure.
            (Value::Unknown, _) => {
                ws.write_string_with_format(row, c, "?", fmt)?;
            }
            (_, Some(text)) => {
                let cached = figure(&shown).map_or_else(String::new, |d| d.to_string());
                ws.write_formula_with_format(row, c, Formula::new(text).set_result(cached), fmt)?;
            }
            (Value::Text(t), None) => write_text(ws, row, c, t, fmt, f)?,
            (Value::Empty, None) => {
                ws.write_blank(row, c, fmt)?;
            }
            (v, None) => {
                if let Some(d) = figure(v) {
                    ws.write_number_with_format(row, c, to_f64(d), fmt)?;
                }
            }
        }
    }
    Ok(())
}

/// f64 of an exact decimal, for the cell; the exact figure is what the
/// decimal string says (at most a few decimals), which f64 holds to 1e-15.
fn to_f64(d: Decimal) -> f64 {
    d.to_string().parse().unwrap_or(0.0)
}

#[cfg(test)]
mod tests;
