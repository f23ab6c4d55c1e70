//! The codes as the rules and the loader name them; the registry is
//! [`crate::code`].

pub use crate::code::{Code, IO, LIMIT, NUMBER, SCHEMA, TOML_SYNTAX, YEARS};
