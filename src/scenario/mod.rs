//! The scenario format: raw TOML types, the validated model and the loader.

pub mod facts;
pub mod governance;
pub mod load;
pub mod model;
pub mod raw;
pub mod text;
mod toml_words;
pub mod unset;
pub mod variant;
pub mod words;

pub use load::{load_path, load_str, Loaded};
pub use model::*;
