//! A Caf's portfolio: the CTG scenario files one Caf co-finances, checked
//! and summed together against its envelope (co-financed ETP and euros per
//! year). The file format is in docs/scenario-format.md; the rules on a
//! portfolio (CTG110-CTG119) live in `rules::portfolio`; the figures per
//! year, territory and theme in [`summary`]. Each covered file is loaded by
//! the scenario loader and its euros come from `finance`: nothing here
//! re-implements a scenario rule.

pub mod load;
pub mod model;
pub mod raw;
pub mod summary;
mod words;

pub use load::{is_portfolio_file, is_portfolio_text, LoadedPortfolio};
pub use model::*;
