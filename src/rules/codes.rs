//! Input codes used by the loader. Scenario rules keep their code in their own module.

pub const IO: &str = "CTG001";
pub const TOML_SYNTAX: &str = "CTG002";
pub const SCHEMA: &str = "CTG003";
pub const NUMBER: &str = "CTG004";
pub const YEARS: &str = "CTG005";
pub const LIMIT: &str = "CTG006";
pub const MODEL_SIZE: &str = "CTG007";
