//! Code actions: the fixes a finding knows, as text edits. Structural edits go
//! through toml_edit, which keeps comments and layout; the edit sent to the
//! editor is the smallest one that turns the old text into the new.

use super::analysis::Analysis;
use crate::diagnostic::Diagnostic;
use crate::number::fmt_etp;
use crate::rules::{coverage, period_total, themes_unstated};
use crate::scenario::{Period, Scenario};
use std::ops::Range;
use toml_edit::{Array, DocumentMut, InlineTable, Item, TableLike, Value};

pub struct Fix {
    pub title: String,
    /// Replace this byte range of the body with `text`.
    pub range: Range<usize>,
    pub text: String,
    pub preferred: bool,
}

fn primary(d: &Diagnostic) -> Option<&Range<usize>> {
    d.labels
        .iter()
        .find(|l| l.primary)
        .or(d.labels.first())
        .map(|l| &l.span)
}

/// The fixes of one diagnostic (none when the finding knows no fix).
pub fn fixes(a: &Analysis, d: &Diagnostic) -> Vec<Fix> {
    let (Some(s), Some(span)) = (a.scenario.as_ref(), primary(d)) else {
        return Vec::new();
    };
    if d.code == period_total::RULE.code {
        set_total(a, s, span).into_iter().collect()
    } else if d.code == themes_unstated::RULE.code {
        add_theme(a, s, span)
    } else if d.code == coverage::RULE.code {
        mark_to_be_negotiated(a, s, d, span).into_iter().collect()
    } else {
        Vec::new()
    }
}

/// CTG030: the total becomes the sum of the posts (and coordinator).
fn set_total(a: &Analysis, s: &Scenario, span: &Range<usize>) -> Option<Fix> {
    let facts = a.facts.as_ref()?;
    let (i, period) = s
        .periods
        .iter()
        .enumerate()
        .find(|(_, p)| p.total.is_some_and(|t| t.span() == *span))?;
    let derived = facts.periods.get(i)?.derived_total?;
    Some(Fix {
        title: format!(
            "Set the total of {} to {} ETP, the sum of its posts",
            period.name(),
            fmt_etp(derived)
        ),
        range: span.clone(),
        text: fmt_etp(derived),
        preferred: true,
    })
}

/// CTG041: one fix per theme of the period: `themes = ["…"]` on the post.
fn add_theme(a: &Analysis, s: &Scenario, span: &Range<usize>) -> Vec<Fix> {
    let Some((i, period, holder)) = s.periods.iter().enumerate().find_map(|(i, p)| {
        let post = p
            .posts
            .as_ref()?
            .entries
            .iter()
            .find(|e| e.holder.span == *span)?;
        Some((i, p, post.holder.id.clone()))
    }) else {
        return Vec::new();
    };
    let themes: Vec<String> = match &period.themes {
        Some(t) => t.entries.iter().map(|(id, _)| id.id.clone()).collect(),
        None => s.themes.iter().map(|t| t.id.id.clone()).collect(),
    };
    themes
        .iter()
        .filter_map(|theme| {
            let new = edit(a.body(), |doc| {
                let mut list = Array::new();
                list.push(theme.as_str());
                set_key(
                    post_mut(doc, i, period, &holder)?,
                    "themes",
                    Value::Array(list),
                )
            })?;
            Some(Fix {
                title: format!(
                    "Add theme {theme} to the post of {holder} in {}",
                    period.name()
                ),
                preferred: false,
                ..minimal(a.body(), &new)
            })
        })
        .collect()
}

/// CTG060: the uncovered commune's post gets `status = "to_be_negotiated"`
/// (a post `{ etp = 0, status = "to_be_negotiated" }` if it has none).
fn mark_to_be_negotiated(
    a: &Analysis,
    s: &Scenario,
    d: &Diagnostic,
    span: &Range<usize>,
) -> Option<Fix> {
    // The commune is the one whose declaration the secondary label points at.
    let commune = d
        .labels
        .iter()
        .filter(|l| !l.primary)
        .find_map(|l| s.communes.iter().find(|c| c.id.span == l.span))?;
    let id = commune.id.id.clone();
    let (i, period) = s.periods.iter().enumerate().find(|(_, p)| {
        p.posts.as_ref().is_some_and(|posts| {
            posts.span == *span || posts.entries.iter().any(|e| e.span == *span)
        })
    })?;
    let new = edit(a.body(), |doc| {
        if let Some(post) = post_mut(doc, i, period, &id) {
            set_key(post, "status", Value::from("to_be_negotiated"))?;
        } else {
            let posts = period_mut(doc, i, period)?
                .get_mut("posts")?
                .as_table_like_mut()?;
            let mut post = InlineTable::new();
            post.insert("etp", Value::from(0));
            post.insert("status", Value::from("to_be_negotiated"));
            post.fmt();
            posts.insert(&id, Item::Value(Value::InlineTable(post)));
        }
        Some(())
    })?;
    Some(Fix {
        title: format!(
            "Mark the post of {id} in {} as to_be_negotiated",
            period.name()
        ),
        preferred: true,
        ..minimal(a.body(), &new)
    })
}

/// Parses the body, applies `f`, and returns the new text (None if the file
/// is not plain enough for toml_edit to find what `f` looks for).
fn edit(body: &str, f: impl FnOnce(&mut DocumentMut) -> Option<()>) -> Option<String> {
    let mut doc: DocumentMut = body.parse().ok()?;
    f(&mut doc)?;
    Some(doc.to_string())
}

/// The `[[period]]` table of a period, checked by id.
fn period_mut<'d>(
    doc: &'d mut DocumentMut,
    i: usize,
    period: &Period,
) -> Option<&'d mut dyn TableLike> {
    let table = doc
        .get_mut("period")?
        .as_array_of_tables_mut()?
        .get_mut(i)?;
    if table.get("id").and_then(|v| v.as_str()) != Some(period.name()) {
        return None;
    }
    Some(table)
}

fn post_mut<'d>(
    doc: &'d mut DocumentMut,
    i: usize,
    period: &Period,
    holder: &str,
) -> Option<&'d mut Item> {
    period_mut(doc, i, period)?
        .get_mut("posts")?
        .as_table_like_mut()?
        .get_mut(holder)
}

/// Sets `key = value` in a post, inline (`{ etp = 0.2 }`) or a table of its own.
fn set_key(post: &mut Item, key: &str, value: Value) -> Option<()> {
    if let Some(t) = post.as_inline_table_mut() {
        t.insert(key, value);
        // Spacing as toml_edit writes inline tables ("{ a = 1, b = 2 }"); an
        // inline table holds no comment to lose.
        t.fmt();
    } else {
        post.as_table_like_mut()?.insert(key, Item::Value(value));
    }
    Some(())
}

/// The smallest replacement turning `old` into `new` (common prefix and
/// suffix left alone, on character boundaries).
pub fn minimal(old: &str, new: &str) -> Fix {
    let prefix = old
        .char_indices()
        .zip(new.chars())
        .find(|((_, a), b)| a != b)
        .map_or(old.len().min(new.len()), |((i, _), _)| i);
    let prefix = (0..=prefix)
        .rev()
        .find(|p| old.is_char_boundary(*p) && new.is_char_boundary(*p))
        .unwrap_or(0);
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while suffix > 0
        && !(old.is_char_boundary(old.len() - suffix) && new.is_char_boundary(new.len() - suffix))
    {
        suffix -= 1;
    }
    Fix {
        title: String::new(),
        range: prefix..old.len() - suffix,
        text: new.get(prefix..new.len() - suffix).unwrap_or("").to_owned(),
        preferred: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(old: &str, f: &Fix) -> String {
        format!("{}{}{}", &old[..f.range.start], f.text, &old[f.range.end..])
    }

    #[test]
    fn minimal_edit_reproduces_the_new_text() {
        for (old, new) in [
            ("a = 1\n# c\n", "a = 1\nb = 2\n# c\n"),
            ("é = 1", "è = 1"),
            ("same", "same"),
            ("", "x"),
            ("abcabc", "abc"),
        ] {
            let f = minimal(old, new);
            assert_eq!(apply(old, &f), new, "{old:?} -> {new:?}");
        }
        let f = minimal("x = { a = 1 } # keep\n", "x = { a = 1, b = 2 } # keep\n");
        assert_eq!(f.text, ", b = 2");
    }

    const FILE: &str = "[territory]\nname = \"T\"\n\n[[commune]]\nid = \"saint-etienne-du-gres\"\nname = \"Saint-Étienne-du-Grès\"\n[[commune]]\nid = \"b\"\nname = \"B\"\n\n[[period]]\nid = \"2027\"\ntotal = 0.9 # declared by the Caf\nthemes = { petite_enfance = 0.2, parentalite = 0.1 }\n\n[period.posts]\n# Saint-Étienne's post\nsaint-etienne-du-gres = { etp = 0.2 } # kept\n";

    /// The code as text (the type of `Diagnostic::code` may change).
    fn code_of(d: &Diagnostic) -> String {
        d.code.to_string()
    }

    fn fixes_of(text: &str, code: &str) -> (Analysis, Vec<Fix>) {
        let a = Analysis::new("t.toml", text.to_owned());
        let d = a
            .diagnostics
            .iter()
            .find(|d| code_of(d) == code)
            .unwrap_or_else(|| panic!("no {code} in {:?}", a.diagnostics))
            .clone();
        let f = fixes(&a, &d);
        (a, f)
    }

    #[test]
    fn total_is_set_to_the_sum_and_the_comment_stays() {
        let (_, f) = fixes_of(FILE, "CTG030");
        assert_eq!(f.len(), 1);
        let fixed = apply(FILE, &f[0]);
        assert!(
            fixed.contains("total = 0.2 # declared by the Caf"),
            "{fixed}"
        );
    }

    #[test]
    fn a_theme_is_added_to_the_post_keeping_comments() {
        let (_, f) = fixes_of(FILE, "CTG041");
        assert_eq!(f.len(), 2, "one per theme of the period");
        let fixed = apply(FILE, &f[1]);
        assert!(
            fixed.contains(
                "saint-etienne-du-gres = { etp = 0.2, themes = [\"parentalite\"] } # kept"
            ),
            "{fixed}"
        );
        assert!(fixed.contains("# Saint-Étienne's post\n"));
        let again = Analysis::new("t.toml", fixed);
        assert!(again.diagnostics.iter().all(|d| code_of(d) != "CTG041"));
    }

    #[test]
    fn an_uncovered_commune_is_marked_to_be_negotiated() {
        let (_, f) = fixes_of(FILE, "CTG060");
        assert_eq!(f.len(), 1);
        let fixed = apply(FILE, &f[0]);
        assert!(
            fixed.contains("b = { etp = 0, status = \"to_be_negotiated\" }"),
            "{fixed}"
        );
        assert!(fixed.contains("{ etp = 0.2 } # kept"));
        let again = Analysis::new("t.toml", fixed);
        assert!(again.diagnostics.iter().all(|d| code_of(d) != "CTG060"));
        // A listed post at 0 ETP gets the status on its own line.
        let zero = FILE.replace("# kept\n", "# kept\nb = { etp = 0 }\n");
        let (_, f) = fixes_of(&zero, "CTG060");
        let fixed = apply(&zero, &f[0]);
        assert!(
            fixed.contains("b = { etp = 0, status = \"to_be_negotiated\" }"),
            "{fixed}"
        );
    }
}
