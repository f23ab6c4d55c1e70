//! Small readers of raw text shared by the scenario and governance loaders
//! (so that neither loader imports the other's internals).

use super::model::Ident;
use super::raw::Str;

/// An id, in Unicode's composed form (NFC): an `é` typed as one character or
/// as `e` and a combining accent is one id (issue 13). The span still points
/// at the text as written.
pub(crate) fn ident(s: Str) -> Ident {
    use unicode_normalization::UnicodeNormalization;
    let span = s.span();
    let raw = s.into_inner();
    let id = if unicode_normalization::is_nfc(&raw) {
        raw
    } else {
        raw.nfc().collect()
    };
    Ident { id, span }
}

/// "2026" → (2026, 2026); "2027-2030" → (2027, 2030). Anything else: None.
pub fn parse_years(text: &str) -> Option<(i32, i32)> {
    let text = text.trim();
    let year = |s: &str| -> Option<i32> {
        let s = s.trim();
        (s.len() == 4 && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match text.split_once('-') {
        Some((a, b)) => Some((year(a)?, year(b)?)),
        None => year(text).map(|y| (y, y)),
    }
}
