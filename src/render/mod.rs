//! Turning reports into text for people (rustc-like) or JSON for machines.

pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod keyword;
pub mod label;
pub mod located;
pub mod safe;
pub mod sarif;
pub mod sinks;
pub mod words;
