//! Codes of variant files (CTG135-CTG139): what stops a variant
//! (`extends = "base.toml"`) from being read with its base. Reported by
//! `scenario::variant` while loading, listed here so that `ctgplan rules`
//! and `ctgplan explain` cover them.

use super::input::reported_elsewhere as input;
use super::Rule;
use crate::diagnostic::Severity;
use crate::scenario::variant as codes;

pub static BASE: Rule = input(
    codes::BASE_UNREADABLE,
    "variant-base",
    Severity::Error,
    "The base a variant extends cannot be read as a scenario",
    include_str!("input/variant_base.md"),
);
pub static CHAIN: Rule = input(
    codes::CHAIN,
    "variant-chain",
    Severity::Error,
    "A chain of variants is more than three files deep, or comes back to one of its files",
    include_str!("input/variant_chain.md"),
);
pub static PATH: Rule = input(
    codes::PATH,
    "variant-path",
    Severity::Error,
    "The base of a variant is not a relative path to a .toml file",
    include_str!("input/variant_path.md"),
);
pub static OVERRIDE: Rule = input(
    codes::OVERRIDE,
    "variant-override",
    Severity::Error,
    "What a variant changes cannot be merged into its base",
    include_str!("input/variant_override.md"),
);
pub static ASK: Rule = input(
    codes::ASK,
    "variant-ask",
    Severity::Error,
    "A variant's asks (`set`) are not a list of asks ctgplan can read",
    include_str!("input/variant_ask.md"),
);
