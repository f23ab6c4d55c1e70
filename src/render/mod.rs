//! Turning reports into text for people (rustc-like) or JSON for machines.

pub mod human;
pub mod json;
pub mod github;
pub mod gitlab;
pub mod junit;
pub mod located;
pub mod sarif;
pub mod sinks;
