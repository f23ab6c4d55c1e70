//! Writing a plan back into the scenario text. The user's file is edited in
//! place with toml_edit, so comments, order and layout survive; only the
//! figures the plan chose are set.

use super::propose::Plan;
use crate::number::fmt_etp;
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use std::collections::HashMap;
use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, Value};

/// Why a plan cannot be written into the file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplyError {
    /// toml_edit cannot read the text (the loader could).
    Parse(String),
    /// `period` is not written as `[[period]]` tables.
    PeriodsNotTables,
    /// A period's `posts` is not a table.
    PostsNotTable,
}

impl std::fmt::Display for ApplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApplyError::Parse(e) => write!(f, "cannot edit the file: {e}"),
            ApplyError::PeriodsNotTables => {
                f.write_str("periods must be written as [[period]] tables to be edited")
            }
            ApplyError::PostsNotTable => f.write_str("`posts` must be a table"),
        }
    }
}

impl std::error::Error for ApplyError {}

crate::msgs! {
    CANNOT_EDIT = "apply.cannot_edit",
        fr: "impossible de modifier le fichier\u{a0}: {detail}",
        en: "cannot edit the file: {detail}";
    PERIODS_NOT_TABLES = "apply.periods_not_tables",
        fr: "les périodes doivent être écrites en tables [[period]] pour être modifiées",
        en: "periods must be written as [[period]] tables to be edited";
    POSTS_NOT_TABLE = "apply.posts_not_table",
        fr: "`posts` doit être une table",
        en: "`posts` must be a table";
    APPLY_ERROR = "apply.error", fr: "erreur\u{a0}: {what}", en: "error: {what}";
}

impl ApplyError {
    /// The reason in the user's language (Display stays English, for logs).
    pub fn text(&self) -> crate::i18n::Text {
        use crate::i18n::{Arg, Text};
        match self {
            ApplyError::Parse(e) => Text::new(&CANNOT_EDIT).arg("detail", Arg::raw(e.clone())),
            ApplyError::PeriodsNotTables => Text::new(&PERIODS_NOT_TABLES),
            ApplyError::PostsNotTable => Text::new(&POSTS_NOT_TABLE),
        }
    }

    /// `erreur : …` / `error: …`, the line `propose` prints.
    pub fn line(&self, lang: crate::i18n::Lang) -> String {
        crate::i18n::Text::new(&APPLY_ERROR)
            .arg("what", crate::i18n::Arg::text(self.text()))
            .render(lang)
    }
}

pub fn apply(text: &str, s: &Scenario, plan: &Plan) -> Result<String, ApplyError> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| ApplyError::Parse(e.to_string()))?;
    let periods = doc
        .get_mut("period")
        .and_then(Item::as_array_of_tables_mut)
        .ok_or(ApplyError::PeriodsNotTables)?;
    for pp in &plan.periods {
        let (Some(tbl), Some(period)) = (periods.get_mut(pp.index), s.periods.get(pp.index)) else {
            continue;
        };
        if let Some(t) = pp.total {
            set_figure(tbl, "total", t);
        }
        if let Some(t) = pp.caf_total {
            set_figure(tbl, "caf_total", t);
        }
        // Theme totals already written keep their order, their layout and
        // the figures that do not move: only what the plan changes is written.
        match tbl.get_mut("themes").and_then(Item::as_table_like_mut) {
            Some(themes) if !pp.themes.is_empty() => {
                for (t, v) in &pp.themes {
                    if themes.contains_key(t) || !v.is_zero() {
                        set_figure(themes, t, *v);
                    }
                }
            }
            _ if !pp.themes.is_empty() => {
                let mut themes = InlineTable::new();
                for (t, v) in pp.themes.iter().filter(|(_, v)| !v.is_zero()) {
                    themes.insert(t, figure(*v));
                }
                tbl.insert("themes", Item::Value(Value::InlineTable(themes)));
            }
            _ => {}
        }
        // A period written as changes stays so: its changes are fixed and
        // now apply to the planned previous figures; what the plan chose
        // there is the themes of its posts.
        let incremental = period.is_incremental();
        if tbl.get("posts").is_none()
            && pp.holders.iter().all(|(_, v)| v.is_zero())
            && pp.post_themes.is_empty()
        {
            continue;
        }
        let posts = tbl.entry("posts").or_insert(Item::Table(Table::new()));
        let posts = posts.as_table_like_mut().ok_or(ApplyError::PostsNotTable)?;
        let mut used_by: HashMap<&str, Array> = HashMap::new();
        for (holder, t, _) in &pp.split {
            used_by.entry(holder.as_str()).or_default().push(t.as_str());
        }
        for (h, v) in &pp.holders {
            let needs_themes =
                !pp.themes.is_empty() && *v > Decimal::ZERO && s.themes_in(period, h).is_none();
            let used = used_by.remove(h.as_str()).unwrap_or_default();
            match posts.get_mut(h).and_then(Item::as_table_like_mut) {
                Some(post) if incremental && needs_themes => {
                    post.insert("themes", Item::Value(Value::Array(used)));
                }
                // Not listed: unchanged; listed with `change = 0` to carry its themes.
                None if incremental && needs_themes => {
                    let mut post = InlineTable::new();
                    post.insert("change", Value::from(0));
                    post.insert("themes", Value::Array(used));
                    posts.insert(h, Item::Value(Value::InlineTable(post)));
                }
                _ if incremental => {}
                Some(post) => {
                    if post.get("etp").is_some() || !v.is_zero() {
                        post.insert("etp", Item::Value(figure(*v)));
                    }
                    if needs_themes {
                        post.insert("themes", Item::Value(Value::Array(used)));
                    }
                }
                None if !v.is_zero() => {
                    let mut post = InlineTable::new();
                    post.insert("etp", figure(*v));
                    if needs_themes {
                        post.insert("themes", Value::Array(used));
                    }
                    posts.insert(h, Item::Value(Value::InlineTable(post)));
                }
                None => {}
            }
        }
        // Theme lists asked (`propose --set PERIOD.HOLDER.themes=...`).
        for (h, list) in &pp.post_themes {
            let list: Array = list.iter().map(String::as_str).collect();
            match posts.get_mut(h).and_then(Item::as_table_like_mut) {
                Some(post) => {
                    post.insert("themes", Item::Value(Value::Array(list)));
                }
                None => {
                    let mut post = InlineTable::new();
                    let etp = pp
                        .holders
                        .iter()
                        .find(|(x, _)| x == h)
                        .map_or(Decimal::ZERO, |(_, v)| *v);
                    if incremental {
                        post.insert("change", Value::from(0));
                    } else {
                        post.insert("etp", figure(etp));
                    }
                    post.insert("themes", Value::Array(list));
                    posts.insert(h, Item::Value(Value::InlineTable(post)));
                }
            }
        }
    }
    Ok(doc.to_string())
}

/// `tbl[key] = d`, left as written when it already says `d` (`1.70` stays),
/// else replaced keeping the spaces and comment around the old value.
fn set_figure(tbl: &mut dyn toml_edit::TableLike, key: &str, d: Decimal) {
    let old = tbl.get(key).and_then(Item::as_value);
    // Read from the text as written (a float's binary value is not exact).
    let written = old.and_then(|v| match v {
        Value::Integer(i) => crate::number::parse_text(&i.display_repr()).ok(),
        Value::Float(f) => crate::number::parse_text(&f.display_repr()).ok(),
        Value::String(s) => crate::number::parse_text(s.value()).ok(),
        _ => None,
    });
    if written == Some(d) {
        return;
    }
    let mut v = figure(d);
    if let Some(old) = old {
        *v.decor_mut() = old.decor().clone();
    }
    tbl.insert(key, Item::Value(v));
}

fn figure(d: Decimal) -> Value {
    fmt_etp(d)
        .parse()
        .unwrap_or_else(|_| Value::from(fmt_etp(d)))
}
