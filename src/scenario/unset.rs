//! `unset = ["period.2027-2030.rules.min_per_theme", ...]` in a variant:
//! keys its base writes that the variant removes (an override can change a
//! value, not take it away). A path is dotted keys from the top of the
//! file; in `[[commune]]`, `[[carrier]]`, `[[period]]` and `[[instance]]`
//! the key after the array is an entry's `id` (`commune.aureille` removes
//! that commune, `commune.aureille.population` its population). Removal
//! happens before the variant's own values merge, so a variant can also
//! replace a table whole: unset it, then write it.

// An error here is one diagnostic on a cold path (the file is unusable).
#![allow(clippy::result_large_err)]

use super::variant::{KEYED, OVERRIDE};
use crate::diagnostic::{Diagnostic, Span};
use crate::i18n::{Arg, Msg, Text};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

static NOT_A_LIST: Msg = Msg::new(
    "variant.unset.not_a_list",
    "`unset` est une liste de clés à retirer de la base",
    "`unset` is a list of keys to remove from the base",
);
static NOT_A_PATH: Msg = Msg::new(
    "variant.unset.not_a_path",
    "une clé à retirer est un texte, par exemple \"rules.commune_max\"",
    "a key to remove is a text, e.g. \"rules.commune_max\"",
);
static ABSENT: Msg = Msg::new(
    "variant.unset.absent",
    "la base n'écrit pas `{path}`\u{a0}: rien à retirer",
    "the base does not write `{path}`: nothing to remove",
);
static ABSENT_LABEL: Msg = Msg::new(
    "variant.unset.absent_label",
    "absent de la base",
    "not in the base",
);
static HELP: Msg = Msg::new(
    "variant.unset.help",
    "écrivez le chemin de la clé depuis le haut du fichier, avec l'`id` de l'entrée pour [[commune]], [[carrier]], [[period]] et [[instance]]\u{a0}: par exemple `unset = [\"period.2027-2030.rules.min_per_theme\"]`",
    "write the key's path from the top of the file, with the entry's `id` for [[commune]], [[carrier]], [[period]] and [[instance]]: e.g. `unset = [\"period.2027-2030.rules.min_per_theme\"]`",
);

/// The paths of an `unset` value, with their spans.
pub fn paths(v: &Spanned<DeValue<'_>>) -> Result<Vec<(String, Span)>, Diagnostic> {
    let DeValue::Array(items) = v.get_ref() else {
        return Err(Diagnostic::error(OVERRIDE, Text::new(&NOT_A_LIST))
            .primary(v.span(), Text::new(&NOT_A_LIST))
            .help(Text::new(&HELP)));
    };
    items
        .iter()
        .map(|item| match item.get_ref() {
            DeValue::String(s) => Ok((s.to_string(), item.span())),
            _ => Err(Diagnostic::error(OVERRIDE, Text::new(&NOT_A_PATH))
                .primary(item.span(), Text::new(&NOT_A_PATH))
                .help(Text::new(&HELP))),
        })
        .collect()
}

/// Removes `path` from `base`; an error when the base does not write it.
pub fn remove(base: &mut DeTable<'_>, path: &str, span: Span) -> Result<(), Diagnostic> {
    let parts: Vec<&str> = path.split('.').map(str::trim).collect();
    if parts.iter().any(|p| p.is_empty()) || !remove_in(base, &parts, true) {
        return Err(
            Diagnostic::error(OVERRIDE, Text::new(&ABSENT).arg("path", Arg::raw(path)))
                .primary(span, Text::new(&ABSENT_LABEL))
                .help(Text::new(&HELP)),
        );
    }
    Ok(())
}

/// Whether `parts` named something in `t`, now removed.
fn remove_in(t: &mut DeTable<'_>, parts: &[&str], top: bool) -> bool {
    let [key, rest @ ..] = parts else {
        return false;
    };
    if rest.is_empty() {
        return t.remove(*key).is_some();
    }
    let Some(v) = t.get_mut(*key) else {
        return false;
    };
    match v.get_mut() {
        DeValue::Table(inner) => remove_in(inner, rest, false),
        DeValue::Array(entries) if top && KEYED.contains(key) => {
            let [id, rest @ ..] = rest else {
                return false;
            };
            let at = entries.iter().position(|e| {
                matches!(e.get_ref(), DeValue::Table(et)
                    if et.get("id").and_then(|v| v.get_ref().as_str()) == Some(*id))
            });
            match (at, rest.is_empty()) {
                (Some(k), true) => {
                    let kept = std::mem::replace(entries, toml::de::DeArray::new());
                    *entries = kept
                        .into_iter()
                        .enumerate()
                        .filter(|(j, _)| *j != k)
                        .map(|(_, e)| e)
                        .collect();
                    true
                }
                (Some(k), false) => match entries.get_mut(k).map(|e| e.get_mut()) {
                    // An entry's `id` says which entry it is: it stays.
                    Some(DeValue::Table(et)) if rest != ["id"] => remove_in(et, rest, false),
                    _ => false,
                },
                (None, _) => false,
            }
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> DeTable<'_> {
        DeTable::parse(text).expect("parses").into_inner()
    }

    #[test]
    fn removes_keys_tables_and_entries_by_id() {
        let text = "[rules]\ncommune_max = 1.5\nmin_per_theme = 0.2\n\
                    [[commune]]\nid = \"a\"\npopulation = 10\n[[commune]]\nid = \"b\"\n\
                    [[period]]\nid = \"2027\"\n[period.rules]\nmin_per_theme = 0.1\n";
        let mut t = table(text);
        remove(&mut t, "rules.commune_max", 0..1).expect("removed");
        remove(&mut t, "commune.a.population", 0..1).expect("removed");
        remove(&mut t, "commune.b", 0..1).expect("removed");
        remove(&mut t, "period.2027.rules", 0..1).expect("removed");
        let rules = t
            .get("rules")
            .and_then(|v| v.get_ref().as_table())
            .expect("rules");
        assert!(rules.get("commune_max").is_none());
        assert!(rules.get("min_per_theme").is_some());
        let communes = t
            .get("commune")
            .and_then(|v| v.get_ref().as_array())
            .expect("communes");
        assert_eq!(communes.len(), 1);
        let a = communes
            .first()
            .and_then(|c| c.get_ref().as_table())
            .expect("a");
        assert!(a.get("population").is_none() && a.get("id").is_some());
        let p = t
            .get("period")
            .and_then(|v| v.get_ref().as_array())
            .expect("periods");
        let p = p
            .first()
            .and_then(|x| x.get_ref().as_table())
            .expect("period");
        assert!(p.get("rules").is_none());
    }

    #[test]
    fn a_path_the_base_does_not_write_is_refused() {
        let mut t = table("[rules]\ncommune_max = 1.5\n[[commune]]\nid = \"a\"\n");
        for bad in [
            "rules.commune_min",
            "commune.z",
            "commune.a.id",
            "rules..x",
            "territory",
        ] {
            let e = remove(&mut t, bad, 3..7).expect_err(bad);
            assert_eq!(e.code, OVERRIDE);
            assert_eq!(e.labels.first().map(|l| l.span.clone()), Some(3..7));
        }
    }
}
