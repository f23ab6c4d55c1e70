//! The codes as the rules and the loader name them; the registry is
//! [`crate::code`].

pub use crate::code::{Code, IO, LIMIT, MODEL_SIZE, NUMBER, SCHEMA, TOML_SYNTAX, YEARS};
