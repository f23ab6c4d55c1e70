//! ctgplan: check and plan the staffing of CTG cooperation officers.
//!
//! The pipeline: file → [`scenario::raw`] (TOML with spans) → [`scenario::Scenario`]
//! (validated, exact decimals) → [`rules`] (the catalogue) → [`diagnostic::Diagnostic`]s
//! → [`render`] (human or JSON). Solver-backed decisions live in [`solver`].

// No panics on any input: library code reaches into collections with `get`,
// iterators or `checked_*`, and turns failures into diagnostics (tests may unwrap).
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

pub mod check;
pub mod check_all;
pub mod cli;
pub mod cli_fr;
pub mod code;
pub mod commands;
pub mod diagnostic;
pub mod diff;
pub mod exit;
pub mod finance;
pub mod fsutil;
pub mod governance;
pub mod i18n;
pub mod import;
pub mod init;
pub mod lp;
pub mod lsp;
pub mod number;
pub mod plan;
pub mod portfolio;
pub mod propose_cmd;
pub mod render;
pub mod report;
pub mod rules;
pub mod scenario;
pub mod schema;
pub mod serve;
pub mod solver;
pub mod source;
pub mod timings;
pub mod watch;
pub mod xlsx;
