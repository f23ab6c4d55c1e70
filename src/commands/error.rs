//! Why a command front end refuses its arguments before doing anything: a
//! typed error whose `Display` is the one-line message after `error: `
//! (exit code 2, [`crate::exit::ExitStatus::Unusable`]).

use crate::i18n::{Arg, Lang, Msg, Text};
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
    NamedAsTable { path: PathBuf, what: &'static Msg },
}

crate::msgs! {
    NO_PERIOD = "usage.no_period",
        fr: "{file} n'a pas de période `{id}`\u{202f}; ses périodes\u{a0}: {periods}",
        en: "{file} has no period `{id}`; its periods are: {periods}";
    NONE = "usage.none", fr: "aucune", en: "none";
    NO_FINANCING = "usage.no_financing",
        fr: "{file} n'a pas de table `[financing]`, donc aucun coût n'est connu\u{202f}; docs/cost.md montre comment en déclarer une",
        en: "{file} has no `[financing]` table, so no cost is known; docs/cost.md shows how to declare one";
    UNWRITABLE = "usage.unwritable_extension",
        fr: "ctgplan n'écrit pas de fichiers .{ext}\u{202f}; écrivez un classeur avec `--out FICHIER.xlsx` (LibreOffice l'ouvre)",
        en: "ctgplan cannot write .{ext} files; write a workbook with `--out FILE.xlsx` (LibreOffice opens it)";
    FORMAT_MISMATCH = "usage.format_mismatch",
        fr: "--format {format} ne correspond pas à l'extension de --out {out}\u{202f}; nommez le fichier .{name_as} ou choisissez --format {by_ext}",
        en: "--format {format} does not match the extension of --out {out}; name the file .{name_as} or choose --format {by_ext}";
    WORKBOOK_NEEDS_OUT = "usage.workbook_needs_out",
        fr: "un classeur s'écrit dans un fichier\u{a0}: ajoutez `--out FICHIER.xlsx`",
        en: "a workbook is written to a file: add `--out FILE.xlsx`";
    WORKBOOK_NAME = "usage.workbook_name",
        fr: "un classeur se nomme .xlsx, pas {out}",
        en: "a workbook must be named .xlsx, not {out}";
    REPORT_EXTENSION = "usage.report_extension",
        fr: "le rapport s'écrit en .html, .md ou .xlsx, pas en .{ext}",
        en: "the report is written as .html, .md or .xlsx, not .{ext}";
    REPORT_WORKBOOK_NEEDS_OUT = "usage.report_workbook_needs_out",
        fr: "un classeur s'écrit dans un fichier nommé .xlsx\u{a0}: ajoutez `--out FICHIER.xlsx`",
        en: "a workbook is written to a file named .xlsx: add `--out FILE.xlsx`";
    YEARS = "usage.years",
        fr: "`{text}` n'est ni une année ni une plage d'années comme 2026-2030",
        en: "`{text}` is not a year or a span of years such as 2026-2030";
    NAMED_AS_TABLE = "usage.named_as_table",
        fr: "{path} est nommé comme une table, mais cette commande écrit {what}\u{202f}; choisissez un autre nom",
        en: "{path} is named as a table, but this command writes {what}; choose another name";
    /// What `import` and `propose --out` write.
    pub A_SCENARIO = "usage.a_scenario", fr: "un scénario (TOML)", en: "a scenario (TOML)";
}

impl UsageError {
    /// The message, in either language.
    pub fn text(&self) -> Text {
        let path = |p: &Path| Arg::raw(p.display().to_string());
        match self {
            UsageError::NoPeriod { file, id, periods } => Text::new(&NO_PERIOD)
                .arg("file", path(file))
                .arg("id", Arg::id(id.clone()))
                .arg(
                    "periods",
                    if periods.is_empty() {
                        Arg::text(Text::new(&NONE))
                    } else {
                        Arg::list(periods.iter().map(|p| Arg::id(p.clone())))
                    },
                ),
            UsageError::NoFinancing { file } => Text::new(&NO_FINANCING).arg("file", path(file)),
            UsageError::UnwritableExtension { ext } => {
                Text::new(&UNWRITABLE).arg("ext", Arg::raw(ext.clone()))
            }
            UsageError::FormatMismatch {
                format,
                out,
                name_as,
                by_ext,
            } => Text::new(&FORMAT_MISMATCH)
                .arg("format", Arg::id(format.clone()))
                .arg("out", Arg::raw(out.clone()))
                .arg("name_as", Arg::id(name_as.clone()))
                .arg("by_ext", Arg::id(by_ext.clone())),
            UsageError::WorkbookNeedsOut => Text::new(&WORKBOOK_NEEDS_OUT),
            UsageError::WorkbookName { out } => Text::new(&WORKBOOK_NAME).arg("out", path(out)),
            UsageError::ReportExtension { ext } => {
                Text::new(&REPORT_EXTENSION).arg("ext", Arg::raw(ext.clone()))
            }
            UsageError::ReportWorkbookNeedsOut => Text::new(&REPORT_WORKBOOK_NEEDS_OUT),
            UsageError::Years { text } => Text::new(&YEARS).arg("text", Arg::raw(text.clone())),
            UsageError::NamedAsTable { path: p, what } => Text::new(&NAMED_AS_TABLE)
                .arg("path", path(p))
                .arg("what", Arg::text(Text::new(what))),
        }
    }

    /// The message in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        self.text().render(lang)
    }
}

/// English, as scripts and earlier versions read it; [`UsageError::render`]
/// gives the user's language.
impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl std::error::Error for UsageError {}

/// Refuses an `--out` named as a spreadsheet, CSV or JSON file when the
/// command writes something else (`what`, e.g. [`A_SCENARIO`]).
pub fn refuse_table_extension(path: &Path, what: &'static Msg) -> Result<(), UsageError> {
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
        assert_eq!(
            e.render(Lang::Fr),
            "t.toml n'a pas de période `2031`\u{202f}; ses périodes\u{a0}: 2026, 2027-2030"
        );
        assert!(none.render(Lang::Fr).ends_with("aucune"));
    }
}
