//! Planning: build an integer program from a scenario, solve it, verify the
//! answer exactly, and explain an impossible ask.

pub mod apply;
pub mod build;
pub mod guard;
pub mod lp;
pub mod propose;
pub mod solve;
pub mod table;
