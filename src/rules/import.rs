//! Codes of `ctgplan import` (CTG120-CTG127): what it cannot read in a
//! table, pointed at by sheet and cell (`Feuil1!C7`). Reported by
//! `crate::import`, listed here so that `ctgplan rules` and `ctgplan
//! explain` cover them.

use super::input::reported_elsewhere as import;
use super::Rule;
use crate::diagnostic::Severity;
use crate::import::codes;

pub static UNREADABLE: Rule = import(
    codes::UNREADABLE,
    "import-unreadable",
    Severity::Error,
    "The file to import cannot be read as a table (.xlsx, .ods, .xls or UTF-8 .csv), or has no such sheet",
    include_str!("import/unreadable.md"),
);
pub static NO_TABLE: Rule = import(
    codes::NO_TABLE,
    "import-no-table",
    Severity::Error,
    "The sheet has no header row \"Communes | period | period…\"",
    include_str!("import/no_table.md"),
);
pub static PERIOD: Rule = import(
    codes::PERIOD,
    "import-period",
    Severity::Error,
    "A period column's header names no year or span of years, or names one twice",
    include_str!("import/period.md"),
);
pub static FIGURE: Rule = import(
    codes::FIGURE,
    "import-figure",
    Severity::Error,
    "A cell of the table holds no ETP figure ctgplan can read",
    include_str!("import/figure.md"),
);
pub static THEME: Rule = import(
    codes::THEME,
    "import-theme",
    Severity::Error,
    "A cell lists a theme ctgplan does not know",
    include_str!("import/theme.md"),
);
pub static CARRIED_BY: Rule = import(
    codes::CARRIED_BY,
    "import-carried-by",
    Severity::Error,
    "A cell says \"porté par\" a commune the table does not have",
    include_str!("import/carried_by.md"),
);
pub static ROW: Rule = import(
    codes::ROW,
    "import-row",
    Severity::Error,
    "A row has figures but no name, or a commune has two rows",
    include_str!("import/row.md"),
);
pub static NOTE: Rule = import(
    codes::NOTE,
    "import-note",
    Severity::Warning,
    "Text of a cell is kept as a note, not read as data",
    include_str!("import/note.md"),
);
