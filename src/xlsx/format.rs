//! Cell formats of the workbooks. Number formats are written in the file's
//! US notation (`.` decimal, `,` thousands); Calc and Excel show them with
//! the reader's regional settings: `0,2 ETP` and `52 000,00 €` in French.

use super::Value;
use rust_xlsxwriter::{Color, Format, FormatBorder};

/// ETP: one decimal at least, two when needed; zero as "0 ETP".
pub const ETP: &str = r#"0.0#" ETP";-0.0#" ETP";0" ETP""#;
/// A change in ETP, always signed.
pub const ETP_CHANGE: &str = r#"+0.0#" ETP";-0.0#" ETP";0" ETP""#;
/// Euros with cents and thousands separators.
pub const EUR: &str = r##"#,##0.00" €";-#,##0.00" €""##;
/// A change in euros, always signed.
pub const EUR_CHANGE: &str = r##"+#,##0.00" €";-#,##0.00" €";0.00" €""##;
pub const INT: &str = "0";
/// Participation rates have one decimal ("87,5 %").
pub const PERCENT: &str = r#"0.0" %""#;

/// How a row is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Normal,
    Breach,
    Total,
}

const BREACH_FILL: u32 = 0xFFC7CE;
const BREACH_FONT: u32 = 0x9C0006;
const HEADER_FILL: u32 = 0xD9E1F2;

/// One format per (kind of value, row style), built once per workbook.
pub struct Formats {
    pub banner: Format,
    pub title: Format,
    pub note: Format,
    pub header: Format,
    pub header_right: Format,
    cells: Vec<(Kind, Style, Format)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Etp,
    EtpChange,
    Eur,
    EurChange,
    Int,
    Percent,
    Unknown,
}

const KINDS: [Kind; 8] = [
    Kind::Text,
    Kind::Etp,
    Kind::EtpChange,
    Kind::Eur,
    Kind::EurChange,
    Kind::Int,
    Kind::Percent,
    Kind::Unknown,
];

fn kind(v: &Value) -> Kind {
    match v {
        Value::Etp(_) => Kind::Etp,
        Value::EtpChange(_) => Kind::EtpChange,
        Value::Eur(_) => Kind::Eur,
        Value::EurChange(_) => Kind::EurChange,
        Value::Int(_) => Kind::Int,
        Value::Percent(_) => Kind::Percent,
        Value::Unknown => Kind::Unknown,
        _ => Kind::Text,
    }
}

fn cell_format(k: Kind, s: Style) -> Format {
    let mut f = Format::new();
    f = match k {
        Kind::Text => f,
        Kind::Etp => f.set_num_format(ETP),
        Kind::EtpChange => f.set_num_format(ETP_CHANGE),
        Kind::Eur => f.set_num_format(EUR),
        Kind::EurChange => f.set_num_format(EUR_CHANGE),
        Kind::Int => f.set_num_format(INT),
        Kind::Percent => f.set_num_format(PERCENT),
        Kind::Unknown => f.set_align(rust_xlsxwriter::FormatAlign::Right),
    };
    match s {
        Style::Normal => f,
        Style::Breach => f
            .set_background_color(Color::RGB(BREACH_FILL))
            .set_font_color(Color::RGB(BREACH_FONT)),
        Style::Total => f.set_bold().set_border_top(FormatBorder::Thin),
    }
}

impl Formats {
    pub fn new() -> Formats {
        let mut cells = Vec::new();
        for k in KINDS {
            for s in [Style::Normal, Style::Breach, Style::Total] {
                cells.push((k, s, cell_format(k, s)));
            }
        }
        let header = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(rust_xlsxwriter::FormatAlign::Top)
            .set_background_color(Color::RGB(HEADER_FILL))
            .set_border_bottom(FormatBorder::Thin);
        Formats {
            header_right: header
                .clone()
                .set_align(rust_xlsxwriter::FormatAlign::Right),
            header,
            banner: Format::new()
                .set_bold()
                .set_font_size(13)
                .set_font_color(Color::RGB(BREACH_FONT))
                .set_background_color(Color::RGB(BREACH_FILL)),
            title: Format::new().set_bold().set_font_size(13),
            note: Format::new().set_italic(),
            cells,
        }
    }

    /// The format of a value in a row of style `s`.
    pub fn for_value(&self, v: &Value, s: Style) -> &Format {
        let k = kind(v);
        self.cells
            .iter()
            .find(|(ck, cs, _)| *ck == k && *cs == s)
            .map_or(&self.note, |(_, _, f)| f)
    }

    /// `f` with Excel's quote prefix: the text stays text (see
    /// [`crate::render::safe::formula_like`]).
    pub fn quoted(&self, f: &Format) -> Format {
        f.clone().set_quote_prefix()
    }
}

impl Default for Formats {
    fn default() -> Self {
        Self::new()
    }
}
