//! The `[governance]` part of a scenario file as data: its instances and
//! meetings ([`model`]), their dates ([`date`]) and how they are read and
//! validated ([`load`]). It lives under `scenario` so that reading a file
//! never depends on what is computed from it: `crate::governance` (calendar,
//! indicators) builds on this and re-exports it.

pub mod date;
pub mod load;
pub mod model;
