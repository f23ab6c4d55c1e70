//! The validated portfolio: exact figures, parsed years, spans into the
//! portfolio file.

use crate::diagnostic::Span;
use crate::scenario::{Figure, Ident, Years};

#[derive(Debug, Clone)]
pub struct Portfolio {
    /// The Caf's name as written, with its span.
    pub caf: Ident,
    pub label: Option<String>,
    pub assumption: Option<String>,
    /// Files and folders as written in `files`.
    pub files: Vec<Ident>,
    /// In year order; ranges do not overlap (the loader refuses that).
    pub envelope: Vec<Envelope>,
    /// Span of `[envelope]`, when the file has one.
    pub envelope_span: Option<Span>,
    pub entries: Vec<Entry>,
    /// Span of `[portfolio]`.
    pub span: Span,
}

/// The envelope for one year or range of years (each year gets the figures).
#[derive(Debug, Clone)]
pub struct Envelope {
    pub years: Years,
    pub etp: Option<Figure>,
    pub euros: Option<Figure>,
}

/// Options for one covered file.
#[derive(Debug, Clone)]
pub struct Entry {
    pub file: Ident,
    pub floor: Option<Figure>,
    pub priority: Option<(u32, Span)>,
    /// Years the portfolio gives to periods of the file (by period id).
    pub years: Vec<(Ident, Years)>,
    pub span: Span,
}

impl Portfolio {
    /// The envelope entry covering `year`.
    pub fn envelope_for(&self, year: i32) -> Option<&Envelope> {
        self.envelope
            .iter()
            .find(|e| e.years.first <= year && year <= e.years.last)
    }
}
