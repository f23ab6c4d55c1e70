//! Exports from the page, of the text as shown (saved or not): the HTML
//! report and its workbook (`ctgplan report`), and the yearly costs as CSV
//! (`ctgplan cost --format csv`), in the page's language (a French CSV for
//! a French page: `;`, decimal comma, BOM). The writers are the commands'
//! own; this module only picks one and names the download.

use crate::check::check_loaded;
use crate::commands::CsvStyle;
use crate::i18n::{Arg, Lang, Text};
use crate::report::{self, ReportFormat};
use crate::scenario::load_str;

/// A file to download.
#[derive(Debug)]
pub struct Export {
    pub content_type: &'static str,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// `format` is `html`, `xlsx` or `csv`; `name` the scenario's file name.
pub fn export(name: &str, text: &str, format: &str, lang: Lang) -> Result<Export, String> {
    let loaded = load_str(name, text);
    let Some(s) = loaded.scenario.clone() else {
        return Err(Text::new(&super::words::NOTHING_TO_EXPORT).render(lang));
    };
    let report = check_loaded(loaded);
    let stem = download_stem(name);
    let (content_type, ext, bytes) = match format {
        "html" => {
            let data = report::data::gather(&s, &report);
            let html =
                report::render(&data, ReportFormat::Html, lang).map_err(|e| e.to_string())?;
            ("text/html; charset=utf-8", "html", html.into_bytes())
        }
        "xlsx" => {
            let data = report::data::gather(&s, &report);
            let book = crate::commands::books::report::book(&s, &report, &data);
            let bytes = crate::xlsx::to_bytes(&book).map_err(|e| e.to_string())?;
            (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "xlsx",
                bytes,
            )
        }
        "csv" => {
            let style = match lang {
                Lang::Fr => CsvStyle::French,
                Lang::En => CsvStyle::Plain,
            };
            let bytes = crate::commands::cost::csv(&s, style).map_err(|e| e.to_string())?;
            ("text/csv; charset=utf-8", "csv", bytes)
        }
        _ => {
            return Err(Text::new(&super::words::EXPORT_FORMAT)
                .arg("format", Arg::raw(format))
                .render(lang))
        }
    };
    let suffix = if ext == "csv" { "-couts" } else { "" };
    Ok(Export {
        content_type,
        file_name: format!("{stem}{suffix}.{ext}"),
        bytes,
    })
}

/// The file's name without `.toml` and any folder, reduced to characters
/// that need no quoting in a `Content-Disposition` header.
fn download_stem(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = base.strip_suffix(".toml").unwrap_or(base);
    let safe: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if safe.is_empty() {
        "scenario".into()
    } else {
        safe
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALLEE: &str = include_str!("../../scenarios/vallee-des-baux-alpilles.toml");

    #[test]
    fn the_three_exports_are_the_commands_writers() {
        let text = VALLEE.replace("aureille = { etp = 0.2 }", "aureille = { etp = 0.5 }");
        let html = export("sub/vallée.toml", &text, "html", Lang::Fr).unwrap();
        assert_eq!(html.file_name, "vall_e.html");
        let page = String::from_utf8(html.bytes).unwrap();
        assert!(page.contains("<html lang=\"fr\""), "{}", &page[..200]);
        // The page's edit is in the report (its error too).
        assert!(page.contains("CTG030"));
        let xlsx = export("v.toml", &text, "xlsx", Lang::En).unwrap();
        assert!(xlsx.bytes.starts_with(b"PK"), "a zip");
        let csv = export("v.toml", &text, "csv", Lang::Fr).unwrap();
        let csv = String::from_utf8(csv.bytes).unwrap();
        assert!(csv.starts_with('\u{feff}'), "French CSV: BOM");
        assert!(
            csv.contains("2027-2030;aureille;Aureille;commune;0,5;"),
            "{csv}"
        );
        assert_eq!(
            export("v.toml", &text, "csv", Lang::En).unwrap().file_name,
            "v-couts.csv"
        );
        assert!(export("v.toml", &text, "pdf", Lang::Fr).is_err());
        assert!(export("v.toml", "not = [toml", "html", Lang::Fr).is_err());
    }
}
