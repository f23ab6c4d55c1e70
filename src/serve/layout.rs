//! A variant is written anew from its differences when saved (see
//! `variant`); this carries that new text's values into the file as it was,
//! so that what the user wrote by hand around them (comments, blank lines,
//! order, a value's spelling when it did not change) stays. Keys the new
//! text no longer has are removed, with the comments above them.

use toml_edit::{ArrayOfTables, DocumentMut, Item, TableLike, Value};

/// `old` with the values of `new` (both TOML); `None` when either does not
/// parse. The caller reads the result back: it must give what `new` gives.
pub fn keep(old: &str, new: &str) -> Option<String> {
    let mut old: DocumentMut = old.parse().ok()?;
    let new: DocumentMut = new.parse().ok()?;
    table(old.as_table_mut(), new.as_table());
    Some(old.to_string())
}

fn table(old: &mut dyn TableLike, new: &dyn TableLike) {
    let gone: Vec<String> = old
        .iter()
        .filter(|(k, _)| !new.contains_key(k))
        .map(|(k, _)| k.to_owned())
        .collect();
    for k in gone {
        old.remove(&k);
    }
    for (k, n) in new.iter() {
        match old.get_mut(k) {
            Some(o) => item(o, n),
            None => {
                old.insert(k, n.clone());
            }
        }
    }
}

fn item(old: &mut Item, new: &Item) {
    if let (Some(o), Some(n)) = (old.as_table_like_mut(), new.as_table_like()) {
        // A table written inline stays inline, a `[header]` a header.
        return table(o, n);
    }
    match (old, new) {
        (Item::ArrayOfTables(o), Item::ArrayOfTables(n)) => entries(o, n),
        (Item::Value(o), Item::Value(n)) => {
            if bare(o) != bare(n) {
                let decor = o.decor().clone();
                *o = n.clone();
                *o.decor_mut() = decor;
            }
        }
        (o, n) => *o = n.clone(),
    }
}

/// A value as written, without the spaces and comments around it.
fn bare(v: &Value) -> String {
    let mut v = v.clone();
    v.decor_mut().clear();
    v.to_string()
}

/// `[[period]]` entries matched by `id`: the old entries that stay keep
/// their place and comments; new ones are added after them.
fn entries(old: &mut ArrayOfTables, new: &ArrayOfTables) {
    let id = |t: &toml_edit::Table| t.get("id").and_then(Item::as_str).map(str::to_owned);
    let wanted: Vec<Option<String>> = new.iter().map(id).collect();
    if wanted.iter().any(Option::is_none) {
        *old = new.clone();
        return;
    }
    old.retain(|t| id(t).is_some_and(|i| wanted.contains(&Some(i))));
    for n in new.iter() {
        let found = old.iter_mut().find(|o| id(o) == id(n));
        match found {
            Some(o) => table(o, n),
            None => old.push(n.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_order_stay_and_values_follow() {
        let old = "# Variante B\nextends = \"v.toml\" # the base\nset = [\"2027.x=0.4\"]\n\n# the target\n[[period]]\nid = \"2027\" # kept\n\n[period.posts]\n# asked by the mayor\nx = { etp = 0.4 } # in March\n# gone soon\ny = { etp = 0.1 }\n\n[[period]]\nid = \"2026\"\ntotal = 1\n";
        let new = "extends = \"v.toml\"\nset = [\"2027.x=0.4\"]\n\n[[period]]\nid = \"2027\"\n\n[period.posts]\nx = { etp = 0.5 }\nz = { etp = 0.2 }\n";
        let out = keep(old, new).unwrap();
        assert_eq!(
            out,
            "# Variante B\nextends = \"v.toml\" # the base\nset = [\"2027.x=0.4\"]\n\n# the target\n[[period]]\nid = \"2027\" # kept\n\n[period.posts]\n# asked by the mayor\nx = { etp = 0.5 } # in March\nz = { etp = 0.2 }\n"
        );
        let back: toml::Table = toml::from_str(&out).unwrap();
        let want: toml::Table = toml::from_str(new).unwrap();
        assert_eq!(back, want);
    }
}
