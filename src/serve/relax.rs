//! The changes of a card that are not figures of the file, written into the
//! text so that one click applies them like the others: a theme's or a
//! commune's bound and a move limit go to the period's own rules
//! (`[period.rules]`, which replace `[rules]`'s in that period only:
//! docs/scenario-format.md), a holder's new theme to its post's `themes`, a
//! commune left without a post gets a post of 0 ETP with a status, a
//! pooling ends in one period (`pooled_with` removed from the post, or moved
//! from the commune to its posts in the other periods). Edits go
//! through toml_edit, so comments and layout stay.

use crate::lp::Subject;
use crate::number::fmt_etp;
use crate::plan::propose::Relaxation;
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, TableLike, Value};

/// Whether the page can write relaxation `r` with [`apply`] (a figure is
/// written through its span instead).
pub fn writable(r: &Relaxation) -> bool {
    match &r.what {
        Subject::ThemeMinEtp { .. }
        | Subject::ThemeMinPercent { .. }
        | Subject::CommuneMin { .. }
        | Subject::CommuneMax { .. }
        | Subject::CommuneMove { .. }
        | Subject::ThemeMove { .. } => r.bound.is_some(),
        Subject::Admissible { .. } | Subject::Covered { .. } | Subject::PooledHost { .. } => true,
        _ => false,
    }
}

/// Writes the relaxations of `rs` that [`writable`] accepts into `text`
/// (`s` is the scenario it gives); `None` when one cannot be written.
pub fn apply(text: &str, s: &Scenario, rs: &[&Relaxation]) -> Option<String> {
    if rs.is_empty() {
        return Some(text.to_owned());
    }
    let mut doc: DocumentMut = text.parse().ok()?;
    for r in rs {
        write(&mut doc, s, r)?;
    }
    // A table written on one line (`rules = { ... }`, a post) stays tidy
    // once keys are added to it; such a table holds no comment. Only the
    // tables written to are touched.
    let holders: Vec<&str> = rs
        .iter()
        .filter_map(|r| match &r.what {
            Subject::Admissible { holder, .. } => Some(holder.as_str()),
            Subject::Covered { commune, .. } | Subject::PooledHost { commune, .. } => {
                Some(commune.as_str())
            }
            _ => None,
        })
        .collect();
    for (i, p) in s.periods.iter().enumerate() {
        let Some(t) = doc
            .get_mut("period")
            .and_then(Item::as_array_of_tables_mut)
            .and_then(|a| a.get_mut(i))
        else {
            continue;
        };
        let written = rs
            .iter()
            .any(|r| rules_period(&r.what) == Some(p.id.id.as_str()));
        if let Some(r) = t
            .get_mut("rules")
            .and_then(Item::as_inline_table_mut)
            .filter(|_| written)
        {
            r.fmt();
        }
        // A holder's post in every period: ending a commune's pooling
        // writes it into the other periods' posts.
        for holder in &holders {
            if let Some(post) = t
                .get_mut("posts")
                .and_then(Item::as_table_like_mut)
                .and_then(|ps| ps.get_mut(holder))
                .and_then(Item::as_inline_table_mut)
            {
                post.fmt();
            }
        }
    }
    Some(doc.to_string())
}

fn write(doc: &mut DocumentMut, s: &Scenario, r: &Relaxation) -> Option<()> {
    let bound = || r.bound.map(number);
    match &r.what {
        Subject::ThemeMinEtp { period, theme, .. } => {
            let rules = rules_of(doc, s, period)?;
            set(sub(sub(rules, "theme")?, theme)?, "min_etp", bound()?);
        }
        Subject::ThemeMinPercent { period, theme, .. } => {
            let rules = rules_of(doc, s, period)?;
            set(sub(sub(rules, "theme")?, theme)?, "min_percent", bound()?);
        }
        Subject::CommuneMin {
            period, commune, ..
        } => {
            let rules = rules_of(doc, s, period)?;
            set(sub(sub(rules, "commune")?, commune)?, "min", bound()?);
        }
        Subject::CommuneMax {
            period, commune, ..
        } => {
            let rules = rules_of(doc, s, period)?;
            set(sub(sub(rules, "commune")?, commune)?, "max", bound()?);
        }
        // A move limit applies to the move into its period.
        Subject::CommuneMove { to, .. } => set(rules_of(doc, s, to)?, "max_commune_move", bound()?),
        Subject::ThemeMove { to, .. } => set(rules_of(doc, s, to)?, "max_theme_move", bound()?),
        Subject::Admissible {
            period,
            holder,
            theme,
        } => {
            let p = s.periods.iter().find(|p| p.id.id == *period)?;
            let mut themes: Vec<String> = s
                .themes_in(p, holder)
                .map(|l| l.items.iter().map(|i| i.id.clone()).collect())
                .unwrap_or_default();
            if !themes.contains(theme) {
                themes.push(theme.clone());
            }
            let post = post_of(doc, s, period, holder)?;
            set(
                post,
                "themes",
                Value::Array(themes.iter().collect::<Array>()),
            );
        }
        // Pooling ended in that period: a post's own `pooled_with` is
        // removed. A commune's holds in every period and no key ends it for
        // one: it moves from the commune to its post in every other period
        // (a post with no figure holds 0 ETP, as a pooled commune does).
        Subject::PooledHost {
            period, commune, ..
        } => {
            let here = s.periods.iter().find(|p| p.id.id == *period)?;
            if here
                .post(commune)
                .and_then(|x| x.pooled_with.as_ref())
                .is_some()
            {
                post_of(doc, s, period, commune)?.remove("pooled_with")?;
            } else {
                let host = s.commune(commune)?.pooled_with.as_ref()?.id.clone();
                for other in s.periods.iter().filter(|p| p.id.id != *period) {
                    if other
                        .post(commune)
                        .and_then(|x| x.pooled_with.as_ref())
                        .is_none()
                    {
                        let post = post_of(doc, s, &other.id.id, commune)?;
                        set(post, "pooled_with", Value::from(host.as_str()));
                    }
                }
                doc.get_mut("commune")?
                    .as_array_of_tables_mut()?
                    .iter_mut()
                    .find(|c| c.get("id").and_then(Item::as_str) == Some(commune.as_str()))?
                    .remove("pooled_with")?;
            }
        }
        Subject::Covered { period, commune } => {
            let post = post_of(doc, s, period, commune)?;
            if post.get("status").is_none() {
                set(post, "status", Value::from("to_be_negotiated"));
            }
        }
        _ => return None,
    }
    Some(())
}

/// The period whose own rules a relaxation writes to.
fn rules_period(what: &Subject) -> Option<&str> {
    match what {
        Subject::ThemeMinEtp { period, .. }
        | Subject::ThemeMinPercent { period, .. }
        | Subject::CommuneMin { period, .. }
        | Subject::CommuneMax { period, .. } => Some(period),
        Subject::CommuneMove { to, .. } | Subject::ThemeMove { to, .. } => Some(to),
        _ => None,
    }
}

/// A figure as the file writes it (`0.2`, `40`).
fn number(d: Decimal) -> Value {
    fmt_etp(d)
        .parse()
        .unwrap_or_else(|_| Value::from(fmt_etp(d)))
}

/// `tbl[key] = v`, keeping the old value's comments and spaces.
fn set(tbl: &mut dyn TableLike, key: &str, v: Value) {
    let mut v = v;
    if let Some(old) = tbl.get(key).and_then(Item::as_value) {
        *v.decor_mut() = old.decor().clone();
    }
    tbl.insert(key, Item::Value(v));
}

/// The table `key` of `tbl`, made inline when missing.
fn sub<'a>(tbl: &'a mut dyn TableLike, key: &str) -> Option<&'a mut dyn TableLike> {
    tbl.entry(key)
        .or_insert(Item::Value(Value::InlineTable(InlineTable::new())))
        .as_table_like_mut()
}

/// The `[[period]]` table of period `id`.
fn period_of<'a>(doc: &'a mut DocumentMut, s: &Scenario, id: &str) -> Option<&'a mut Table> {
    let index = s.periods.iter().position(|p| p.id.id == id)?;
    doc.get_mut("period")?
        .as_array_of_tables_mut()?
        .get_mut(index)
}

/// The period's own rules, `[period.rules]` written when missing.
fn rules_of<'a>(doc: &'a mut DocumentMut, s: &Scenario, id: &str) -> Option<&'a mut dyn TableLike> {
    let p = period_of(doc, s, id)?;
    if p.get("rules").is_none() {
        let mut t = Table::new();
        t.set_implicit(false);
        p.insert("rules", Item::Table(t));
    }
    p.get_mut("rules")?.as_table_like_mut()
}

/// The post of `holder` in period `id`, listed (with no figure) when missing.
fn post_of<'a>(
    doc: &'a mut DocumentMut,
    s: &Scenario,
    id: &str,
    holder: &str,
) -> Option<&'a mut dyn TableLike> {
    let p = period_of(doc, s, id)?;
    let posts = p
        .entry("posts")
        .or_insert(Item::Table(Table::new()))
        .as_table_like_mut()?;
    posts
        .entry(holder)
        .or_insert(Item::Value(Value::InlineTable(InlineTable::new())))
        .as_table_like_mut()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Code;
    use crate::i18n::Arg;
    use crate::scenario::load_str;

    const TEXT: &str = "[territory]\nname = \"T\"\n\n[rules]\n# the file's rules\n[rules.theme.a]\nmin_etp = 0.5 # agreed\n\n[[commune]]\nid = \"x\"\nname = \"X\"\nthemes = [\"a\"]\n\n[themes]\na = \"A\"\nb = \"B\"\n\n[[period]]\nid = \"2026\"\nthemes = { a = 0.5, b = 0 }\n\n[period.posts]\nx = { etp = 0.5 } # kept\n\n[[period]]\nid = \"2027\"\nrules = { commune_max = 1 }\nthemes = { a = 0.5, b = 0 }\n\n[period.posts]\nx = { etp = 0.5 }\n";

    fn relaxation(what: Subject, bound: Option<Decimal>) -> Relaxation {
        Relaxation {
            code: Code::ThemeMinimum,
            span: None,
            text: crate::rules::coverage::relaxation(Arg::raw("2026"), Arg::raw("x")),
            to: None,
            what,
            bound,
        }
    }

    #[test]
    fn bounds_go_to_the_periods_own_rules_and_themes_to_the_post() {
        let s = load_str("t.toml", TEXT).scenario.unwrap();
        let min = relaxation(
            Subject::ThemeMinEtp {
                period: "2026".into(),
                theme: "a".into(),
                value: 5,
            },
            Some(Decimal::new(3, 1)),
        );
        let moved = relaxation(
            Subject::CommuneMove {
                from: "2026".into(),
                to: "2027".into(),
                commune: "x".into(),
                value: 0,
            },
            Some(Decimal::new(2, 1)),
        );
        let theme = relaxation(
            Subject::Admissible {
                period: "2027".into(),
                holder: "x".into(),
                theme: "b".into(),
            },
            None,
        );
        assert!([&min, &moved, &theme].iter().all(|r| writable(r)));
        let out = apply(TEXT, &s, &[&min, &moved, &theme]).unwrap();
        // The file's rule and its comments stay; 2026 gets its own table.
        assert!(out.contains("min_etp = 0.5 # agreed"), "{out}");
        assert!(out.contains("x = { etp = 0.5 } # kept"), "{out}");
        assert!(
            out.contains("rules = { commune_max = 1, max_commune_move = 0.2 }"),
            "{out}"
        );
        assert!(
            out.contains("x = { etp = 0.5, themes = [\"a\", \"b\"] }"),
            "{out}"
        );
        let s = load_str("t.toml", &out).scenario.unwrap();
        let first = s.rules_for("2026");
        let a = first
            .theme_rules
            .iter()
            .find(|t| t.theme.id == "a")
            .unwrap();
        assert_eq!(a.min_etp.map(|f| f.value), Some(Decimal::new(3, 1)));
        let second = s.rules_for("2027");
        let a = second
            .theme_rules
            .iter()
            .find(|t| t.theme.id == "a")
            .unwrap();
        assert_eq!(a.min_etp.map(|f| f.value), Some(Decimal::new(5, 1)));
        assert_eq!(
            second.max_commune_move.map(|f| f.value),
            Some(Decimal::new(2, 1))
        );
    }

    #[test]
    fn a_pooling_ends_in_its_period_only() {
        let text = TEXT
            .replace(
                "x = { etp = 0.5 } # kept",
                "x = { etp = 0.5 } # kept\nz = { pooled_with = \"x\" } # pooled",
            )
            .replace(
                "[themes]",
                "[[commune]]\nid = \"z\"\nname = \"Z\"\n\n[[commune]]\nid = \"w\"\nname = \"W\"\npooled_with = \"x\"\n\n[themes]",
            );
        let s = load_str("t.toml", &text).scenario.unwrap();
        let pooled = |commune: &str| {
            relaxation(
                Subject::PooledHost {
                    period: "2026".into(),
                    commune: commune.into(),
                    host: "x".into(),
                },
                None,
            )
        };
        let out = apply(&text, &s, &[&pooled("z")]).unwrap();
        assert!(out.contains("z = {} # pooled"), "{out}");
        // W's pooling is the commune's: it moves to W's post in 2027.
        let out = apply(&text, &s, &[&pooled("w")]).unwrap();
        let after = load_str("t.toml", &out).scenario.unwrap();
        let w = after.commune("w").unwrap();
        assert!(w.pooled_with.is_none(), "{out}");
        assert!(after.pooled_host(&after.periods[0], w).is_none(), "{out}");
        assert_eq!(
            after
                .pooled_host(&after.periods[1], w)
                .map(|h| h.id.as_str()),
            Some("x"),
            "{out}"
        );
    }
}
