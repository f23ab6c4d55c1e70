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

use crate::render::safe::formula_like;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, Formula, Workbook, Worksheet, XlsxError};

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
    use crate::i18n::{Arg, Lang, Text};
    crate::msgs! {
        INVALID = "xlsx.invalid",
            fr: "Scénario invalide\u{a0}: {n} {n:erreur|erreurs}",
            en: "Invalid scenario: {n} {n:error|errors}";
    }
    Text::new(&INVALID)
        .arg("n", Arg::count(errors))
        .render(Lang::Fr)
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

/// The value cell `col` of `row` shows: a row sum is computed.
fn resolved(row: &Row, col: u16) -> Value {
    match row.cells.get(usize::from(col)) {
        Some(Value::SumRow(a, b)) => {
            sum_values((*a..=*b).filter_map(|i| row.cells.get(usize::from(i))))
        }
        Some(v) => v.clone(),
        None => Value::Empty,
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
    let widths = column_widths(sheet);
    let ncols = u16::try_from(sheet.header.len()).unwrap_or(u16::MAX);
    let mut row: u32 = 0;
    if errors > 0 {
        write_line(ws, row, &invalid_banner(errors), &f.banner, &widths, f)?;
        row += 1;
    }
    write_line(ws, row, &sheet.title, &f.title, &widths, f)?;
    row += 1;
    for n in &sheet.notes {
        write_line(ws, row, n, &f.note, &widths, f)?;
        row += 1;
    }
    row += 1;
    let header_row = row;
    for (c, h) in (0u16..).zip(&sheet.header) {
        // Over figures, the header is right-aligned as they are.
        let figures = sheet
            .rows
            .first()
            .is_some_and(|r| !matches!(resolved(r, c), Value::Text(_) | Value::Empty));
        let fmt = if figures { &f.header_right } else { &f.header };
        write_text(ws, row, c, h, fmt, f)?;
    }
    // Headers wrap: room for their longest one.
    let lines = sheet
        .header
        .iter()
        .zip(&widths)
        .map(|(h, w)| {
            (f64::from(u32::try_from(h.chars().count()).unwrap_or(0)) / (w - 1.0).max(1.0)).ceil()
        })
        .fold(1.0, f64::max);
    ws.set_row_height(row, 15.0 * lines)?;
    row += 1;
    let first_data = row;
    for r in &sheet.rows {
        write_row(ws, row, r, &[], first_data, first_data, f, false)?;
        row += 1;
    }
    let last_data = row.saturating_sub(1);
    for r in &sheet.totals {
        write_row(ws, row, r, &sheet.rows, first_data, last_data, f, true)?;
        row += 1;
    }
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
        ws.set_column_width(c, *w)?;
    }
    ws.set_landscape();
    // One page wide: the lines above the table wrap within its width.
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// Column widths in characters: the longest text of the column (headers
/// wrap, so they count up to 16), room for a formatted amount, within 10-45.
fn column_widths(sheet: &Sheet) -> Vec<f64> {
    let mut widths: Vec<usize> = sheet
        .header
        .iter()
        .map(|h| h.chars().count().min(16))
        .collect();
    for r in sheet.rows.iter().chain(&sheet.totals) {
        for (w, v) in widths.iter_mut().zip(&r.cells) {
            let n = match v {
                Value::Text(t) => t.chars().count(),
                Value::Empty | Value::Unknown => 1,
                _ => 14,
            };
            *w = (*w).max(n);
        }
    }
    widths
        .into_iter()
        .map(|w| f64::from(u32::try_from(w.clamp(10, 45) + 2).unwrap_or(47)))
        .collect()
}

/// A line above the table (banner, title, note), merged across the table's
/// width and wrapped, its height set for the lines it takes.
fn write_line(
    ws: &mut Worksheet,
    row: u32,
    text: &str,
    format: &Format,
    widths: &[f64],
    f: &format::Formats,
) -> Result<(), XlsxError> {
    let last = u16::try_from(widths.len().saturating_sub(1)).unwrap_or(0);
    if last == 0 {
        return write_text(ws, row, 0, text, format, f);
    }
    let fmt = format.clone().set_text_wrap().set_align(FormatAlign::Top);
    let fmt = if formula_like(text) {
        fmt.set_quote_prefix()
    } else {
        fmt
    };
    ws.merge_range(row, 0, row, last, text, &fmt)?;
    let room: f64 = widths.iter().sum::<f64>() * 1.1;
    let chars = f64::from(u32::try_from(text.chars().count()).unwrap_or(u32::MAX));
    let lines = (chars / room.max(1.0)).ceil().max(1.0);
    ws.set_row_height(row, 17.0 * lines)?;
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
                sum_values(&data.iter().map(|d| resolved(d, c)).collect::<Vec<_>>()),
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

/// What a file name's extension says about its format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Extension {
    Xlsx,
    Csv,
    Json,
    /// A spreadsheet format ctgplan reads but does not write (.ods, .xls…).
    Unwritable(String),
    Other,
}

/// The kind of file `path` names, by its extension (case-insensitive).
pub fn extension(path: &std::path::Path) -> Extension {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" => Extension::Xlsx,
        "csv" => Extension::Csv,
        "json" => Extension::Json,
        "ods" | "xls" | "xlsm" | "xlsb" | "fods" | "numbers" => Extension::Unwritable(ext),
        _ => Extension::Other,
    }
}
