//! One scenario open in the meeting page: its text as edited, what was on
//! disk when it was loaded (to detect a change made by someone else), and the
//! undo/redo history. Edits go through toml_edit, so comments and layout stay.

use crate::check::check_loaded;
use crate::number::{fmt_etp, parse_text};
use crate::scenario::load_str;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use toml_edit::{DocumentMut, InlineTable, Item, Value};

/// At most this many steps are kept for undo.
const HISTORY: usize = 200;

#[derive(Debug)]
pub struct Doc {
    /// Where it is saved (inside the served folder).
    pub path: PathBuf,
    /// Name shown and used in diagnostics (relative to the served folder).
    pub name: String,
    /// The file's bytes when loaded or last saved.
    pub disk: Vec<u8>,
    pub text: String,
    /// The text as on disk: the file's own, or for a variant the scenario
    /// it gives merged with its bases (what `text` is compared with).
    pub clean: String,
    /// What the file on disk gave when last read or saved: its text, or
    /// for a variant the scenario merged with its bases as they were then
    /// (a change to a base is seen against it).
    pub loaded: String,
    /// Set when the file is a variant (`extends`): it is shown merged and
    /// saved back as a variant (src/serve/variant.rs).
    pub variant: Option<super::variant::Head>,
    undo: Vec<String>,
    redo: Vec<String>,
    /// The last proposal's alternatives, by card: the whole text each gives
    /// once applied (`None`: advice only). Cleared by any change.
    pub pending: Vec<Option<String>>,
    /// Cells typed since the last proposal, by (period position, cell key):
    /// the asks of the next "Proposer".
    /// With the figure typed (as written in the file, `0.5`): after an undo
    /// the cell shows another figure, and is no longer that ask.
    asked: BTreeMap<(usize, String), String>,
    /// Cells locked on the page: kept as written by "Proposer".
    locked: BTreeSet<(usize, String)>,
    pub disk_state: DiskState,
}

/// A refusal the page shows, in French and in English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub fr: String,
    pub en: String,
}

impl Said {
    pub fn new(fr: impl Into<String>, en: impl Into<String>) -> Said {
        Said {
            fr: fr.into(),
            en: en.into(),
        }
    }
}

/// A problem of the file's shape (rare: the loader accepted it), in the
/// words of toml_edit or of the check, the same in both languages.
impl From<&str> for Said {
    fn from(s: &str) -> Said {
        Said::new(s, s)
    }
}

impl From<String> for Said {
    fn from(s: String) -> Said {
        Said::new(s.clone(), s)
    }
}

impl Said {
    /// A catalogue message, in both languages.
    pub fn text(t: &crate::i18n::Text) -> Said {
        use crate::i18n::Lang;
        Said::new(t.render(Lang::Fr), t.render(Lang::En))
    }
}

impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

/// The file on disk against the page's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiskState {
    #[default]
    Same,
    /// Someone changed the file and the page had changed nothing: the page
    /// now shows the new text.
    Reloaded,
    /// Someone changed the file and the page has changes of its own.
    Conflict,
}

/// Which figure of a period a cell edits.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    Post { holder: String },
    Theme { theme: String },
    Coordinator,
    Total,
    CafTotal,
}

impl Target {
    /// The page's key of the cell this target edits (`post:aureille`...).
    pub fn key(&self) -> String {
        match self {
            Target::Post { holder } => format!("post:{holder}"),
            Target::Theme { theme } => format!("theme:{theme}"),
            Target::Coordinator => "coordinator".into(),
            Target::Total => "total".into(),
            Target::CafTotal => "caf_total".into(),
        }
    }
}

impl Doc {
    pub fn new(path: PathBuf, name: String, disk: Vec<u8>) -> Result<Doc, Said> {
        let text = String::from_utf8(disk.clone()).map_err(|_| {
            Said::text(
                &crate::i18n::Text::new(&super::words::NOT_UTF8)
                    .arg("file", crate::i18n::Arg::raw(name.as_str())),
            )
        })?;
        Ok(Doc {
            path,
            name,
            disk,
            clean: text.clone(),
            loaded: text.clone(),
            variant: None,
            text,
            undo: Vec::new(),
            redo: Vec::new(),
            pending: Vec::new(),
            asked: BTreeMap::new(),
            locked: BTreeSet::new(),
            disk_state: DiskState::Same,
        })
    }

    /// A variant: the page shows `merged`, the scenario the file gives.
    pub fn as_variant(mut self, merged: String, head: super::variant::Head) -> Doc {
        self.text.clone_from(&merged);
        self.loaded.clone_from(&merged);
        self.clean = merged;
        self.variant = Some(head);
        self
    }

    pub fn dirty(&self) -> bool {
        self.text != self.clean
    }
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Replaces the text, keeping the previous one for undo.
    pub fn replace(&mut self, text: String) {
        if text == self.text {
            return;
        }
        self.pending.clear();
        let old = std::mem::replace(&mut self.text, text);
        self.undo.push(old);
        if self.undo.len() > HISTORY {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    pub fn undo(&mut self) -> bool {
        self.pending.clear();
        match self.undo.pop() {
            Some(t) => {
                let cur = std::mem::replace(&mut self.text, t);
                self.redo.push(cur);
                true
            }
            None => false,
        }
    }

    pub fn redo(&mut self) -> bool {
        self.pending.clear();
        match self.redo.pop() {
            Some(t) => {
                let cur = std::mem::replace(&mut self.text, t);
                self.undo.push(cur);
                true
            }
            None => false,
        }
    }

    /// Sets one figure of period `period` (its position in the file) to the
    /// typed `value` (`0,3` or `0.3`); the file must still parse as TOML.
    /// A typed figure of an unlocked cell becomes an ask of the next
    /// proposal; an emptied one is open, not asked.
    pub fn edit(&mut self, period: usize, target: &Target, value: &str) -> Result<(), Said> {
        let text = edit_text(&self.text, period, target, value)?;
        self.replace(text);
        let key = (period, target.key());
        if value.trim().is_empty() || matches!(target, Target::Coordinator) {
            self.asked.remove(&key);
        } else if !self.locked.contains(&key) {
            let typed = fmt_etp(parse_figure(value)?);
            self.asked.insert(key, typed);
        }
        Ok(())
    }

    /// Locks or unlocks a cell; a locked cell is no longer an ask (its
    /// figure stays as written either way). A post's padlock is also
    /// written into the text (`locked = true` on the post, as `propose`
    /// reads it: docs/scenario-format.md), so that saving keeps it; an
    /// undoable edit like the others. The totals have no such key in a
    /// file: their padlock lives in the page's session.
    pub fn set_lock(&mut self, period: usize, key: &str, locked: bool) {
        if let Some(holder) = key.strip_prefix("post:") {
            if let Some(text) = lock_text(&self.text, period, holder, locked) {
                self.replace(text);
            }
        }
        let k = (period, key.to_owned());
        if locked {
            self.asked.remove(&k);
            self.locked.insert(k);
        } else {
            self.locked.remove(&k);
        }
        self.pending.clear();
    }

    fn keys_in(set: &BTreeSet<(usize, String)>, period: usize) -> Vec<String> {
        set.iter()
            .filter(|(p, _)| *p == period)
            .map(|(_, k)| k.clone())
            .collect()
    }
    /// The asks of `period`: (cell key, figure typed).
    pub fn asks_in(&self, period: usize) -> Vec<(String, String)> {
        self.asked
            .iter()
            .filter(|((p, _), _)| *p == period)
            .map(|((_, k), v)| (k.clone(), v.clone()))
            .collect()
    }
    pub fn asked_in(&self, period: usize) -> Vec<String> {
        self.asks_in(period).into_iter().map(|(k, _)| k).collect()
    }
    pub fn locked_in(&self, period: usize) -> Vec<String> {
        Doc::keys_in(&self.locked, period)
    }
    /// A scheme met the asks `met` of `period`: agreed, they are locked (a
    /// later proposal keeps them; the padlock releases them). The period's
    /// other asks were undone: dropped.
    pub fn settle_asks(&mut self, period: usize, met: &[String]) {
        self.asked.retain(|(p, _), _| *p != period);
        for k in met {
            self.locked.insert((period, k.clone()));
        }
    }

    /// Applies the alternative of card `index`: the text it gives replaces
    /// the current one (undoable).
    pub fn apply_relaxation(&mut self, index: usize) -> Result<(), Said> {
        let text = self.pending.get(index).cloned().flatten().ok_or_else(|| {
            Said::new(
                "ce conseil ne s'applique pas en un clic (ou le fichier a changé depuis)",
                "this advice cannot be applied in one click (or the file changed since)",
            )
        })?;
        self.replace(text);
        Ok(())
    }

    /// Whether the scenario loads and passes every rule (used before saving).
    pub fn errors(&self) -> usize {
        check_loaded(load_str(&self.name, &self.text)).count(crate::diagnostic::Severity::Error)
    }
}

/// Parses a typed figure: a decimal comma or point, no sign, at most 1000;
/// the unit may follow (`0,3 ETP`). Digits grouped by a space (`1 000`) are
/// refused: no ETP figure needs them, and `1 000` read as 1000 ETP would
/// pass unseen.
pub fn parse_figure(value: &str) -> Result<Decimal, Said> {
    let value = value.trim();
    let number = value
        .len()
        .checked_sub(3)
        .filter(|&at| {
            value
                .get(at..)
                .is_some_and(|unit| unit.eq_ignore_ascii_case("etp"))
        })
        .and_then(|at| value.get(..at))
        .unwrap_or(value)
        .trim_end();
    let grouped = number
        .split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .count()
        > 1;
    if grouped {
        return Err(Said::new(
            format!("«\u{a0}{value}\u{a0}»\u{a0}: pas d'espace dans un chiffre d'ETP (exemples\u{a0}: 0,3 ou 1,5)"),
            format!("`{value}`: no space inside an ETP figure (for example 0.3 or 1.5)"),
        ));
    }
    let d = parse_text(number).map_err(|_| {
        Said::new(
            format!("«\u{a0}{value}\u{a0}» n'est pas un nombre (exemples\u{a0}: 0,3 ou 0.3)"),
            format!("`{value}` is not a number (for example 0.3 or 0,3)"),
        )
    })?;
    if d.is_sign_negative() {
        return Err(Said::new(
            format!("{value}\u{a0}: un chiffre ne peut pas être négatif"),
            format!("{value}: a figure cannot be negative"),
        ));
    }
    if d > Decimal::from(1000) {
        return Err(Said::new(
            format!("{value}\u{a0}: trop grand (1000 au plus)"),
            format!("{value}: too large (1000 at most)"),
        ));
    }
    Ok(d)
}

fn figure(d: Decimal) -> Value {
    fmt_etp(d)
        .parse()
        .unwrap_or_else(|_| Value::from(fmt_etp(d)))
}

/// Replaces `item` by `v`, keeping the comments and spaces around the old value.
fn set(item: &mut Item, v: Value) {
    let mut v = v;
    if let Some(old) = item.as_value() {
        *v.decor_mut() = old.decor().clone();
    }
    *item = Item::Value(v);
}

/// `tbl[key] = v` in a table or inline table, keeping the old value's decor.
fn set_key(tbl: &mut dyn toml_edit::TableLike, key: &str, v: Value) {
    match tbl.get_mut(key) {
        Some(item) => set(item, v),
        None => {
            tbl.insert(key, Item::Value(v));
        }
    }
}

/// Sets a figure; an empty `value` opens a post's ETP or a theme total (the
/// figure is removed, and `propose` chooses it: docs/propose.md).
pub fn edit_text(text: &str, period: usize, target: &Target, value: &str) -> Result<String, Said> {
    let mut doc: DocumentMut = text.parse().map_err(|e| {
        Said::new(
            format!("impossible de modifier le fichier\u{a0}: {e}"),
            format!("cannot edit the file: {e}"),
        )
    })?;
    if value.trim().is_empty() {
        open_figure(&mut doc, period, target)?;
        return Ok(doc.to_string());
    }
    let v = figure(parse_figure(value)?);
    let mut doc: DocumentMut = text.parse().map_err(|e| {
        Said::new(
            format!("impossible de modifier le fichier\u{a0}: {e}"),
            format!("cannot edit the file: {e}"),
        )
    })?;
    let tbl = doc
        .get_mut("period")
        .and_then(Item::as_array_of_tables_mut)
        .and_then(|a| a.get_mut(period))
        .ok_or_else(|| {
            Said::new(
                "les périodes doivent être écrites en tables [[period]] pour être modifiées",
                "periods must be written as [[period]] tables to be edited",
            )
        })?;
    match target {
        Target::Total => set_key(tbl, "total", v),
        Target::CafTotal => set_key(tbl, "caf_total", v),
        Target::Coordinator => {
            let c = tbl
                .entry("coordinator")
                .or_insert(Item::Value(Value::InlineTable(InlineTable::new())));
            let c = c.as_table_like_mut().ok_or_else(|| {
                Said::new(
                    "`coordinator` doit être une table",
                    "`coordinator` must be a table",
                )
            })?;
            set_key(c, "etp", v);
        }
        Target::Theme { theme } => {
            let t = tbl
                .entry("themes")
                .or_insert(Item::Value(Value::InlineTable(InlineTable::new())));
            let t = t.as_table_like_mut().ok_or_else(|| {
                Said::new("`themes` doit être une table", "`themes` must be a table")
            })?;
            set_key(t, theme, v);
        }
        Target::Post { holder } => {
            let posts = tbl
                .entry("posts")
                .or_insert(Item::Table(toml_edit::Table::new()));
            let posts = posts.as_table_like_mut().ok_or_else(|| {
                Said::new("`posts` doit être une table", "`posts` must be a table")
            })?;
            match posts.get_mut(holder) {
                Some(post) => {
                    let post = post.as_table_like_mut().ok_or_else(|| {
                        Said::new("un poste doit être une table", "a post must be a table")
                    })?;
                    set_key(post, "etp", v);
                }
                None => {
                    let mut post = InlineTable::new();
                    post.insert("etp", v);
                    posts.insert(holder, Item::Value(Value::InlineTable(post)));
                }
            }
        }
    }
    Ok(doc.to_string())
}

/// Writes (or removes) `locked = true` on `holder`'s post of period
/// `period`; `None` when there is no such post or nothing changes.
pub fn lock_text(text: &str, period: usize, holder: &str, locked: bool) -> Option<String> {
    let mut doc: DocumentMut = text.parse().ok()?;
    let post = doc
        .get_mut("period")?
        .as_array_of_tables_mut()?
        .get_mut(period)?
        .get_mut("posts")?
        .as_table_like_mut()?
        .get_mut(holder)?;
    let inline = post.is_inline_table();
    let post = post.as_table_like_mut()?;
    let was = post.get("locked").and_then(Item::as_bool) == Some(true);
    if was == locked {
        return None;
    }
    if locked {
        set_key(post, "locked", Value::from(true));
    } else {
        post.remove("locked");
    }
    if inline {
        // `{ etp = 0.2 , locked = true }` otherwise.
        if let Some(t) = doc
            .get_mut("period")
            .and_then(Item::as_array_of_tables_mut)
            .and_then(|a| a.get_mut(period))
            .and_then(|p| p.get_mut("posts"))
            .and_then(Item::as_table_like_mut)
            .and_then(|p| p.get_mut(holder))
            .and_then(Item::as_inline_table_mut)
        {
            t.fmt();
        }
    }
    Some(doc.to_string())
}

fn open_figure(doc: &mut DocumentMut, period: usize, target: &Target) -> Result<(), Said> {
    let tbl = doc
        .get_mut("period")
        .and_then(Item::as_array_of_tables_mut)
        .and_then(|a| a.get_mut(period))
        .ok_or_else(|| {
            Said::new(
                "les périodes doivent être écrites en tables [[period]] pour être modifiées",
                "periods must be written as [[period]] tables to be edited",
            )
        })?;
    match target {
        Target::Post { holder } => {
            let Some(posts) = tbl.get_mut("posts").and_then(Item::as_table_like_mut) else {
                return Ok(());
            };
            let empty = match posts.get_mut(holder).and_then(Item::as_table_like_mut) {
                Some(post) => {
                    post.remove("etp");
                    post.is_empty()
                }
                None => false,
            };
            // A holder not listed is open; one listed with a status only is 0.
            if empty {
                carry_comment(posts, holder);
                posts.remove(holder);
            }
            Ok(())
        }
        Target::Theme { theme } => {
            if let Some(t) = tbl.get_mut("themes").and_then(Item::as_table_like_mut) {
                t.remove(theme);
            }
            Ok(())
        }
        Target::Coordinator | Target::Total | Target::CafTotal => Err(Said::new(
            "ce chiffre n'est jamais choisi par «\u{a0}Proposer\u{a0}»\u{a0}: tapez une valeur",
            "this figure is never chosen by “Propose”: type a value",
        )),
    }
}

/// The comment lines above `key` move to the key after it, so that removing
/// an entry does not remove the comments around it.
fn carry_comment(tbl: &mut dyn toml_edit::TableLike, key: &str) {
    let keys: Vec<String> = tbl.iter().map(|(k, _)| k.to_owned()).collect();
    let Some(next) = keys
        .iter()
        .position(|k| k == key)
        .and_then(|i| keys.get(i + 1))
    else {
        return;
    };
    let prefix = |tbl: &mut dyn toml_edit::TableLike, k: &str| {
        tbl.key_mut(k)
            .and_then(|k| {
                k.leaf_decor()
                    .prefix()
                    .and_then(|p| p.as_str())
                    .map(str::to_owned)
            })
            .unwrap_or_default()
    };
    let mine = prefix(tbl, key);
    if mine.trim().is_empty() {
        return;
    }
    let theirs = prefix(tbl, next);
    if let Some(mut k) = tbl.key_mut(next) {
        k.leaf_decor_mut().set_prefix(format!("{mine}{theirs}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "[[period]]\nid = \"2026\"\ntotal = 1 # the total\nthemes = { a = 0.5 }\ncoordinator = { etp = 0.5, note = \"x\" }\n\n[period.posts]\n# a comment\nx = { etp = 0.2 } # kept\n";

    #[test]
    fn edits_keep_comments_and_accept_a_decimal_comma() {
        let post = Target::Post { holder: "x".into() };
        let t = edit_text(TEXT, 0, &post, "0,3").unwrap();
        assert!(t.contains("x = { etp = 0.3 } # kept"), "{t}");
        assert!(t.contains("# a comment"));
        let t = edit_text(&t, 0, &Target::Total, "1.2").unwrap();
        assert!(t.contains("total = 1.2 # the total"), "{t}");
        let t = edit_text(&t, 0, &Target::Coordinator, "0,4").unwrap();
        assert!(
            t.contains("coordinator = { etp = 0.4, note = \"x\" }"),
            "{t}"
        );
        let t = edit_text(&t, 0, &Target::Theme { theme: "b".into() }, "0.1").unwrap();
        assert!(t.contains("b = 0.1"), "{t}");
        let t = edit_text(&t, 0, &Target::Post { holder: "y".into() }, "1").unwrap();
        assert!(t.contains("y = { etp = 1 }"), "{t}");
    }

    #[test]
    fn bad_figures_and_periods_are_refused() {
        let post = Target::Post { holder: "x".into() };
        assert!(edit_text(TEXT, 0, &post, "abc").is_err());
        assert!(edit_text(TEXT, 0, &post, "-1").is_err());
        assert!(edit_text(TEXT, 0, &post, "1e9").is_err());
        assert!(edit_text(TEXT, 3, &post, "1").is_err());
        assert!(edit_text(TEXT, 0, &Target::Total, "").is_err());
        assert!(edit_text(TEXT, 0, &post, "2,").is_err());
    }

    /// The unit may follow a figure, as people write it; digits grouped by
    /// a space are refused rather than read as a thousand ETP (issue 17).
    #[test]
    fn a_figure_may_say_its_unit_but_not_group_its_digits() {
        let d = |v: &str| parse_figure(v).map(|d| d.to_string());
        assert_eq!(d("0,3 ETP").as_deref(), Ok("0.3"));
        assert_eq!(d("0.3etp").as_deref(), Ok("0.3"));
        assert_eq!(d(" 1,5\u{a0}Etp ").as_deref(), Ok("1.5"));
        let refused = parse_figure("1 000").unwrap_err();
        assert!(refused.fr.contains("pas d'espace"), "{refused:?}");
        assert!(parse_figure("1\u{202f}000 ETP").is_err());
        assert!(parse_figure("ETP").is_err());
        assert!(parse_figure("0,3 ETPs").is_err());
    }

    #[test]
    fn an_empty_value_opens_the_figure() {
        let post = Target::Post { holder: "x".into() };
        let text = TEXT.replace("# kept\n", "# kept\nz = { etp = 0.1 }\n");
        let t = edit_text(&text, 0, &post, " ").unwrap();
        assert!(!t.contains("x = "), "{t}");
        assert!(t.contains("# a comment\nz = { etp = 0.1 }"), "{t}");
        let t = edit_text(&t, 0, &Target::Theme { theme: "a".into() }, "").unwrap();
        assert!(t.contains("themes = {"), "{t}");
        assert!(!t.contains("a = 0.5"), "{t}");
    }

    #[test]
    fn a_posts_padlock_is_written_into_the_file_and_undone() {
        let mut d = Doc::new("f.toml".into(), "f.toml".into(), TEXT.into()).unwrap();
        d.set_lock(0, "post:x", true);
        assert!(
            d.text.contains("x = { etp = 0.2, locked = true } # kept"),
            "{}",
            d.text
        );
        assert_eq!(d.locked_in(0), ["post:x"]);
        d.set_lock(0, "post:x", false);
        assert!(d.text.contains("x = { etp = 0.2 } # kept"), "{}", d.text);
        assert!(d.locked_in(0).is_empty());
        assert!(d.undo());
        assert!(d.text.contains("locked = true"));
        // The total has no such key: its padlock changes no text.
        let before = d.text.clone();
        d.set_lock(0, "total", true);
        assert_eq!(d.text, before);
    }

    #[test]
    fn undo_and_redo_walk_the_history() {
        let mut d = Doc::new("f.toml".into(), "f.toml".into(), TEXT.into()).unwrap();
        assert!(!d.dirty() && !d.can_undo());
        d.edit(0, &Target::Total, "2").unwrap();
        assert!(d.dirty());
        assert!(d.undo());
        assert_eq!(d.text, TEXT);
        assert!(d.redo());
        assert!(d.text.contains("total = 2"));
        assert!(!d.redo());
    }
}
