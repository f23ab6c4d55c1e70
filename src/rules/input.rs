//! Codes for input that cannot be checked at all: reported by the loader,
//! listed here so that `ctgplan rules` and `ctgplan explain` cover them.

use super::{codes, Code, Family, Planning, Rule};
use crate::diagnostic::Severity;

const fn input(
    code: Code,
    name: &'static str,
    summary: &'static str,
    explanation: &'static str,
) -> Rule {
    reported_elsewhere(code, name, Severity::Error, summary, explanation)
}

/// A rule of the input family that the loader or the importer reports
/// itself: listed for `rules` and `explain`, with no check of its own.
pub(super) const fn reported_elsewhere(
    code: Code,
    name: &'static str,
    severity: Severity,
    summary: &'static str,
    explanation: &'static str,
) -> Rule {
    Rule {
        code,
        name,
        family: Family::Input,
        severity,
        summary,
        explanation,
        check: None,
        planning: Planning::None,
    }
}

pub static UNREADABLE: Rule = input(
    codes::IO,
    "unreadable-file",
    "The file cannot be read, is too large or is not UTF-8 text",
    include_str!("input/unreadable_file.md"),
);
pub static TOML_SYNTAX: Rule = input(
    codes::TOML_SYNTAX,
    "toml-syntax",
    "The file is not valid TOML",
    include_str!("input/toml_syntax.md"),
);
pub static SCHEMA: Rule = input(
    codes::SCHEMA,
    "schema",
    "A key is unknown, missing or holds a value of the wrong type",
    include_str!("input/schema.md"),
);
pub static NUMBER: Rule = input(
    codes::NUMBER,
    "invalid-number",
    "A figure is not an exact decimal number, or a parameter is out of its range",
    include_str!("input/invalid_number.md"),
);
pub static YEARS: Rule = input(
    codes::YEARS,
    "invalid-years",
    "A period's years are not a year or an ordered range of years",
    include_str!("input/invalid_years.md"),
);
pub static LIMIT: Rule = input(
    codes::LIMIT,
    "too-large",
    "The file declares more communes, carriers, themes or periods than a scenario may hold",
    include_str!("input/too_large.md"),
);
pub static MODEL_SIZE: Rule = input(
    codes::MODEL_SIZE,
    "model-too-large",
    "The plan asked of `propose` is larger than the planner's limit",
    include_str!("input/model_too_large.md"),
);
