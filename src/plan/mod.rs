//! Planning: build an integer program from a scenario, solve it, verify the
//! answer exactly, and explain an impossible ask.

pub mod apply;
pub mod ask;
pub mod build;
pub mod guard;
pub mod negotiate;
/// The integer program (a leaf module, so that rules can add rows to it).
pub use crate::lp;
pub mod propose;
pub mod solve;
pub mod spread;
pub mod table;
