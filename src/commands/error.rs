//! Why a command front end refuses its arguments before doing anything: a
//! typed error whose `Display` is the one-line message after `error: `
//! (exit code 2, [`crate::exit::ExitStatus::Unusable`]).

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsageError {
    /// `--period`/`diff` names a period the file does not have.
    NoPeriod {
        file: PathBuf,
        id: String,
        periods: Vec<String>,
    },
    /// The cost commands need a `[financing]` table.
    NoFinancing { file: PathBuf },
    /// `--out` has an extension no table command writes.
    UnwritableExtension { ext: String },
    /// `--format` does not match the `--out` extension.
    FormatMismatch {
        format: String,
        out: String,
        /// The extension the format would need.
        name_as: String,
        /// The format the extension says.
        by_ext: String,
    },
    /// A workbook needs `--out FILE.xlsx`.
    WorkbookNeedsOut,
    /// A workbook's `--out` is not named `.xlsx`.
    WorkbookName { out: PathBuf },
    /// `report` writes .html, .md or .xlsx only.
    ReportExtension { ext: String },
    /// `report --format xlsx` without `--out FILE.xlsx`.
    ReportWorkbookNeedsOut,
    /// `--years` is not a year or a span of years.
    Years { text: String },
    /// `--out` is named as a table (.xlsx, .csv...) but the command writes
    /// `what`.
    NamedAsTable { path: PathBuf, what: &'static str },
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UsageError::NoPeriod { file, id, periods } => write!(
                f,
                "{} has no period `{id}`; its periods are: {}",
                file.display(),
                if periods.is_empty() {
                    "none".to_owned()
                } else {
                    periods.join(", ")
                }
            ),
            UsageError::NoFinancing { file } => write!(
                f,
                "{} has no `[financing]` table, so no cost is known; docs/cost.md shows how to declare one",
                file.display()
            ),
            UsageError::UnwritableExtension { ext } => write!(
                f,
                "ctgplan cannot write .{ext} files; write a workbook with `--out FILE.xlsx` (LibreOffice opens it)"
            ),
            UsageError::FormatMismatch {
                format,
                out,
                name_as,
                by_ext,
            } => write!(
                f,
                "--format {format} does not match the extension of --out {out}; name the file .{name_as} or choose --format {by_ext}"
            ),
            UsageError::WorkbookNeedsOut => {
                f.write_str("a workbook is written to a file: add `--out FILE.xlsx`")
            }
            UsageError::WorkbookName { out } => {
                write!(f, "a workbook must be named .xlsx, not {}", out.display())
            }
            UsageError::ReportExtension { ext } => {
                write!(f, "the report is written as .html, .md or .xlsx, not .{ext}")
            }
            UsageError::ReportWorkbookNeedsOut => f.write_str(
                "a workbook is written to a file named .xlsx: add `--out FILE.xlsx`",
            ),
            UsageError::Years { text } => write!(
                f,
                "`{text}` is not a year or a span of years such as 2026-2030"
            ),
            UsageError::NamedAsTable { path, what } => write!(
                f,
                "{} is named as a table, but this command writes {what}; choose another name",
                path.display()
            ),
        }
    }
}

impl std::error::Error for UsageError {}

/// Refuses an `--out` named as a spreadsheet, CSV or JSON file when the
/// command writes something else (`what`, e.g. "a scenario (TOML)").
pub fn refuse_table_extension(path: &Path, what: &'static str) -> Result<(), UsageError> {
    match crate::xlsx::extension(path) {
        crate::xlsx::Extension::Other => Ok(()),
        _ => Err(UsageError::NamedAsTable {
            path: path.to_path_buf(),
            what,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_period_lists_the_others() {
        let e = UsageError::NoPeriod {
            file: PathBuf::from("t.toml"),
            id: "2031".into(),
            periods: vec!["2026".into(), "2027-2030".into()],
        };
        assert_eq!(
            e.to_string(),
            "t.toml has no period `2031`; its periods are: 2026, 2027-2030"
        );
        let none = UsageError::NoPeriod {
            file: PathBuf::from("t.toml"),
            id: "2031".into(),
            periods: Vec::new(),
        };
        assert!(none.to_string().ends_with("its periods are: none"));
    }
}
