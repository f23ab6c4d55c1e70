//! Solver-backed decisions. Every answer a solver gives is verified in exact
//! arithmetic before it is trusted (microlp has returned wrong answers).

pub mod transport;
