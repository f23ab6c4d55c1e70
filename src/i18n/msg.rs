//! A message of the catalogue: one key, a French and an English template,
//! checked when the program is compiled.
//!
//! Template syntax: `{name}` is an argument; `{name:singular|plural}` is the
//! word that agrees with the count in argument `name` (by the language's
//! rule, see [`Lang::singular`](super::Lang::singular)); `{{` and `}}` are
//! literal braces. Names are lowercase ASCII letters, digits and `_`.

/// A message with its two templates. Build it only with [`Msg::new`] in a
/// `static` (or a `const` that is used): `new` runs at compile time there,
/// and a template that is empty, malformed, or whose argument names differ
/// between French and English stops the build:
///
/// ```
/// use ctgplan::i18n::{Lang, Msg, Text, Arg};
/// static OK: Msg = Msg::new("doc.ok", "{n} {n:an|ans}", "{n} {n:year|years}");
/// assert_eq!(Text::new(&OK).arg("n", Arg::int(1)).render(Lang::Fr), "1 an");
/// ```
///
/// ```compile_fail
/// use ctgplan::i18n::Msg;
/// // `{commune}` is missing from the English template: the build fails.
/// static BAD: Msg = Msg::new("doc.bad", "{commune} dépasse", "exceeds");
/// ```
///
/// ```compile_fail
/// use ctgplan::i18n::Msg;
/// static EMPTY: Msg = Msg::new("doc.empty", "", "English only");
/// ```
#[derive(Debug)]
// Not `#[non_exhaustive]`: that would still let this crate skip the check.
#[allow(clippy::manual_non_exhaustive)]
pub struct Msg {
    /// Stable id, given in JSON as `message_id` (e.g. `ctg030.over`).
    pub key: &'static str,
    pub fr: &'static str,
    pub en: &'static str,
    /// Private: a `Msg` cannot be written as a struct literal that skips
    /// the check.
    _checked: (),
}

impl Msg {
    /// Panics (a compile error in a `static`) unless both templates are
    /// non-empty, well-formed and use the same argument names.
    pub const fn new(key: &'static str, fr: &'static str, en: &'static str) -> Msg {
        match check(key, fr, en) {
            Ok(()) => Msg {
                key,
                fr,
                en,
                _checked: (),
            },
            Err(e) => panic!("{}", e.text()),
        }
    }

    pub fn template(&self, lang: super::Lang) -> &'static str {
        match lang {
            super::Lang::Fr => self.fr,
            super::Lang::En => self.en,
        }
    }
}

impl PartialEq for Msg {
    fn eq(&self, other: &Msg) -> bool {
        self.key == other.key
    }
}
impl Eq for Msg {}

/// Why a message was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MsgError {
    EmptyKey,
    EmptyTemplate,
    /// A `{` without its `}`, an empty or invalid name, a lone `}`.
    Malformed,
    /// An argument used in one language and not in the other.
    DifferentArguments,
}

impl MsgError {
    pub const fn text(self) -> &'static str {
        match self {
            MsgError::EmptyKey => "message with an empty key",
            MsgError::EmptyTemplate => "message with an empty French or English template",
            MsgError::Malformed => "message template with a malformed {placeholder}",
            MsgError::DifferentArguments => {
                "message whose French and English templates use different {placeholders}"
            }
        }
    }
}

/// The compile-time check of [`Msg::new`], callable on its own for tests.
pub const fn check(key: &str, fr: &str, en: &str) -> Result<(), MsgError> {
    if key.is_empty() {
        return Err(MsgError::EmptyKey);
    }
    let (fr, en) = (fr.as_bytes(), en.as_bytes());
    if fr.is_empty() || en.is_empty() {
        return Err(MsgError::EmptyTemplate);
    }
    if !well_formed(fr) || !well_formed(en) {
        return Err(MsgError::Malformed);
    }
    if !names_found_in(fr, en) || !names_found_in(en, fr) {
        return Err(MsgError::DifferentArguments);
    }
    Ok(())
}

// The const functions below index byte slices: `get` is not callable in a
// const fn, and they run at compile time, where an index out of bounds is
// a build error rather than a panic at run time.
#[allow(clippy::indexing_slicing)]
const fn is_name_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'
}

/// The placeholder starting at `s[at] == '{'` (not `{{`): the end of its
/// name and the index just past its `}`, or `None` if malformed.
#[allow(clippy::indexing_slicing)]
const fn placeholder(s: &[u8], at: usize) -> Option<(usize, usize)> {
    let mut i = at + 1;
    while i < s.len() && is_name_byte(s[i]) {
        i += 1;
    }
    if i == at + 1 || i >= s.len() {
        return None;
    }
    let name_end = i;
    if s[i] == b':' {
        // Plural forms: any text but braces, with exactly one `|`.
        let mut bars = 0;
        i += 1;
        while i < s.len() && s[i] != b'}' {
            if s[i] == b'{' {
                return None;
            }
            if s[i] == b'|' {
                bars += 1;
            }
            i += 1;
        }
        if bars != 1 || i >= s.len() {
            return None;
        }
    }
    if s[i] != b'}' {
        return None;
    }
    Some((name_end, i + 1))
}

#[allow(clippy::indexing_slicing)]
const fn well_formed(s: &[u8]) -> bool {
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        let doubled = i + 1 < s.len() && s[i + 1] == b;
        if (b == b'{' || b == b'}') && doubled {
            i += 2;
        } else if b == b'}' {
            return false;
        } else if b == b'{' {
            match placeholder(s, i) {
                Some((_, next)) => i = next,
                None => return false,
            }
        } else {
            i += 1;
        }
    }
    true
}

/// Whether `s` has a placeholder named `s'[from..to]` (of `name_of`).
#[allow(clippy::indexing_slicing)]
const fn has_name(s: &[u8], name_of: &[u8], from: usize, to: usize) -> bool {
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        if (b == b'{' || b == b'}') && i + 1 < s.len() && s[i + 1] == b {
            i += 2;
        } else if b == b'{' {
            let Some((end, next)) = placeholder(s, i) else {
                return false;
            };
            if end - (i + 1) == to - from {
                let mut k = 0;
                while k < to - from && s[i + 1 + k] == name_of[from + k] {
                    k += 1;
                }
                if k == to - from {
                    return true;
                }
            }
            i = next;
        } else {
            i += 1;
        }
    }
    false
}

/// Whether every placeholder name of `a` is one of `b`'s.
#[allow(clippy::indexing_slicing)]
const fn names_found_in(a: &[u8], b: &[u8]) -> bool {
    let mut i = 0;
    while i < a.len() {
        let c = a[i];
        if (c == b'{' || c == b'}') && i + 1 < a.len() && a[i + 1] == c {
            i += 2;
        } else if c == b'{' {
            let Some((end, next)) = placeholder(a, i) else {
                return false;
            };
            if !has_name(b, a, i + 1, end) {
                return false;
            }
            i = next;
        } else {
            i += 1;
        }
    }
    true
}

/// A piece of a parsed template, for rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    Literal(&'a str),
    Arg(&'a str),
    Plural {
        arg: &'a str,
        one: &'a str,
        many: &'a str,
    },
}

/// Splits a template (already checked by [`check`]) into pieces. Text that
/// would not parse is kept literally, so rendering never fails.
pub(crate) fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while !rest.is_empty() {
        let Some(at) = rest.find(['{', '}']) else {
            out.push(Piece::Literal(rest));
            break;
        };
        let (before, from) = rest.split_at(at);
        if !before.is_empty() {
            out.push(Piece::Literal(before));
        }
        if let Some(after) = from.strip_prefix("{{").or_else(|| from.strip_prefix("}}")) {
            out.push(Piece::Literal(from.get(..1).unwrap_or_default()));
            rest = after;
            continue;
        }
        let inner = from.get(1..).unwrap_or_default();
        match (from.starts_with('{'), inner.split_once('}')) {
            (true, Some((body, after))) => {
                out.push(match body.split_once(':') {
                    Some((arg, forms)) => {
                        let (one, many) = forms.split_once('|').unwrap_or((forms, forms));
                        Piece::Plural { arg, one, many }
                    }
                    None => Piece::Arg(body),
                });
                rest = after;
            }
            _ => {
                out.push(Piece::Literal(from.get(..1).unwrap_or_default()));
                rest = inner;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_pairs_pass() {
        assert_eq!(check("k", "a", "b"), Ok(()));
        assert_eq!(check("k", "{a} et {b}", "{b} and {a}"), Ok(()));
        assert_eq!(check("k", "{n} {n:an|ans}", "{n} {n:year|years}"), Ok(()));
        assert_eq!(check("k", "{n:an|ans}", "{n}"), Ok(()));
        assert_eq!(check("k", "{{littéral}} {x}", "{x} {{"), Ok(()));
        assert_eq!(check("k", "{a}{a}", "{a}"), Ok(()));
    }

    #[test]
    fn bad_pairs_are_refused() {
        assert_eq!(check("", "a", "b"), Err(MsgError::EmptyKey));
        assert_eq!(check("k", "", "b"), Err(MsgError::EmptyTemplate));
        assert_eq!(check("k", "a", ""), Err(MsgError::EmptyTemplate));
        assert_eq!(check("k", "{a}", "{b}"), Err(MsgError::DifferentArguments));
        assert_eq!(
            check("k", "{a} {b}", "{a}"),
            Err(MsgError::DifferentArguments)
        );
        assert_eq!(
            check("k", "{a}", "{a} {b}"),
            Err(MsgError::DifferentArguments)
        );
        assert_eq!(check("k", "{ab}", "{a}"), Err(MsgError::DifferentArguments));
        assert_eq!(check("k", "{a", "{a}"), Err(MsgError::Malformed));
        assert_eq!(check("k", "a}", "a"), Err(MsgError::Malformed));
        assert_eq!(check("k", "{}", "{}"), Err(MsgError::Malformed));
        assert_eq!(check("k", "{A}", "{A}"), Err(MsgError::Malformed));
        assert_eq!(check("k", "{n:an}", "{n}"), Err(MsgError::Malformed));
        assert_eq!(check("k", "{n:a|b|c}", "{n}"), Err(MsgError::Malformed));
        assert_eq!(check("k", "{n:a|{b}", "{n}"), Err(MsgError::Malformed));
    }

    #[test]
    fn templates_split_into_pieces() {
        assert_eq!(
            pieces("{n} {n:an|ans}, {{x}}"),
            vec![
                Piece::Arg("n"),
                Piece::Literal(" "),
                Piece::Plural {
                    arg: "n",
                    one: "an",
                    many: "ans"
                },
                Piece::Literal(", "),
                Piece::Literal("{"),
                Piece::Literal("x"),
                Piece::Literal("}"),
            ]
        );
        assert_eq!(
            pieces("a { b"),
            vec![
                Piece::Literal("a "),
                Piece::Literal("{"),
                Piece::Literal(" b")
            ]
        );
    }
}
