//! Turning reports into text for people (rustc-like) or JSON for machines.

pub mod human;
pub mod json;
pub mod safe;
