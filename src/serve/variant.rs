//! Variant files on the page (docs/negotiate.md, "A variant file"): a file
//! with `extends = "base.toml"` is shown merged with its bases, and is saved
//! back as a small variant (`extends` plus what differs from the base); "save
//! as variant" writes the page's figures the same way, as a variant of the
//! file shown.
//!
//! A variant's text is never edited in place: it is written again from the
//! difference between the merged base on disk and the page's text, then read
//! back with its base and compared with the page's text, so a file that would
//! not give back exactly what the page shows is never written.

use super::doc::Said;
use super::words::{self, CANNOT_WRITE_MERGED, CANNOT_WRITE_VARIANT};
use crate::i18n::{Arg, Lang, Text};
use crate::scenario::variant::{self, ChainFile};
use std::path::Path;
use toml::{Table, Value};

/// What a variant names at its top, kept as written when it is saved again.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Head {
    /// `extends`: the base, relative to the variant's folder.
    pub extends: String,
    pub label: Option<String>,
    /// `set`: asks for `propose`, as written (the page keeps them, unused).
    pub set: Vec<String>,
}

/// Arrays of tables whose entries a variant changes by `id`.
const KEYED: [&str; 4] = ["commune", "carrier", "period", "instance"];

/// A catalogue message with its `{error}`.
fn said(msg: &'static crate::i18n::Msg, error: impl std::fmt::Display) -> Said {
    Said::text(&Text::new(msg).arg("error", Arg::raw(error.to_string())))
}

fn said_of(d: &crate::diagnostic::Diagnostic) -> Said {
    let code = d.code.as_str();
    Said::new(
        format!("{code} {}", d.message.render(Lang::Fr)),
        format!("{code} {}", d.message.render(Lang::En)),
    )
}

/// If `text` (the file at `path`, inside `root`) is a variant: the scenario
/// it gives once merged with its bases (the text the page edits), and its
/// head. `None` for a plain scenario. Every base must lie in `root`: the
/// server reads nothing outside the folder it was given.
pub fn open(root: &Path, path: &Path, text: &str) -> Result<Option<(String, Head)>, Said> {
    // As the loader reads it: a byte order mark (Notepad) is not text.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let is_variant = toml::de::DeTable::parse(text).is_ok_and(|t| variant::is_variant(t.get_ref()));
    if !is_variant {
        return Ok(None);
    }
    let name = path.to_string_lossy();
    let files = variant::read_chain(&name, text).map_err(|(_, d)| said_of(&d))?;
    for f in files.iter().skip(1) {
        let inside = Path::new(&f.name)
            .canonicalize()
            .is_ok_and(|p| p.starts_with(root));
        if !inside {
            return Err(Said::new(
                format!(
                    "la base {} est hors du dossier servi\u{a0}: servez un dossier qui contient la variante et sa base",
                    f.name
                ),
                format!(
                    "the base {} is outside the folder served: serve a folder that holds the variant and its base",
                    f.name
                ),
            ));
        }
    }
    let (resolved, head) = merge(&files)?;
    Ok(Some((resolved, head)))
}

fn merge(files: &[ChainFile]) -> Result<(String, Head), Said> {
    let (tree, info) = variant::merged(files).map_err(|d| said_of(&d))?;
    let resolved = toml::to_string(&variant::to_table(tree.get_ref()))
        .map_err(|e| said(&CANNOT_WRITE_MERGED, e))?;
    let extends = files
        .first()
        .and_then(|f| variant::extends_of(&f.text))
        .and_then(|(e, _)| e.ok())
        .unwrap_or_default();
    Ok((
        resolved,
        Head {
            extends,
            label: info.label,
            set: info.asks.into_iter().map(|(a, _)| a).collect(),
        },
    ))
}

/// The scenario the file at `path` gives (merged with its bases if it is a
/// variant), as a TOML table: what a variant of it differs from.
pub fn scenario_table(root: &Path, path: &Path) -> Result<Table, Said> {
    if !path.canonicalize().is_ok_and(|p| p.starts_with(root)) {
        return Err(Said::new(
            format!("{} est hors du dossier servi", path.display()),
            format!("{} is outside the folder served", path.display()),
        ));
    }
    // Read as every input is (capped, regular files only): a FIFO or a
    // device in the served folder must not block the server.
    let file = path.display().to_string();
    let bytes = crate::fsutil::read_input(path, crate::scenario::load::MAX_FILE_BYTES)
        .map_err(|e| Said::text(&words::read_error(&file, &e)))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Said::text(&Text::new(&words::NOT_UTF8).arg("file", Arg::raw(file.as_str())))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned();
    let text = match open(root, path, &text)? {
        Some((resolved, _)) => resolved,
        None => text,
    };
    parse(&text)
}

fn parse(text: &str) -> Result<Table, Said> {
    toml::from_str(text).map_err(|e: toml::de::Error| said(&words::NOT_TOML, e.message()))
}

/// The text of a variant of `base` (the scenario its `extends` gives) that
/// gives `edited` once merged, checked by reading it back as the file
/// `path` would be read (its bases from disk, inside `root`).
pub fn write(
    root: &Path,
    path: &Path,
    head: &Head,
    base: &Table,
    edited_text: &str,
) -> Result<String, Said> {
    let edited = parse(edited_text)?;
    let text = variant_text(head, base, &edited)?;
    let back = open(root, path, &text)?
        .map(|(resolved, _)| parse(&resolved))
        .transpose()?;
    if back.as_ref() != Some(&edited) {
        return Err(Said::new(
            "ces chiffres ne s'écrivent pas en variante de ce fichier\u{a0}: enregistrez-les comme un fichier entier (décochez «\u{a0}en variante\u{a0}»)",
            "these figures cannot be written as a variant of this file: save them as a whole file (untick “as a variant”)",
        ));
    }
    Ok(text)
}

/// The text to save a variant already on disk as (`old`): [`write`]'s,
/// carried into `old` so that the comments written by hand stay (see
/// `layout`); read back the same way. When the carried text would not give
/// the page's figures, the comment lines at the top of `old` are kept.
pub fn rewrite(
    root: &Path,
    path: &Path,
    head: &Head,
    base: &Table,
    edited_text: &str,
    old: &str,
) -> Result<String, Said> {
    let text = write(root, path, head, base, edited_text)?;
    let old = old.strip_prefix('\u{feff}').unwrap_or(old);
    if let Some(kept) = super::layout::keep(old, &text) {
        let back = open(root, path, &kept)
            .ok()
            .flatten()
            .and_then(|(resolved, _)| parse(&resolved).ok());
        if back.is_some() && back == parse(edited_text).ok() {
            return Ok(kept);
        }
    }
    Ok(format!("{}{text}", leading_comments(old)))
}

/// The comment lines at the top of a file (and the blank lines among
/// them): kept when a variant is written again, as its title.
pub fn leading_comments(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.split_inclusive('\n')
        .take_while(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        .collect::<String>()
        .trim_start_matches(['\n', '\r'])
        .to_owned()
}

/// `extends`, `label`, `set`, `unset` (keys of the base the page removed),
/// then the values that differ from the base.
pub fn variant_text(head: &Head, base: &Table, edited: &Table) -> Result<String, Said> {
    let mut changes = Table::new();
    let mut unset = Vec::new();
    diff_table(base, edited, "", &mut changes, &mut unset)?;
    let mut out = Table::new();
    out.insert("extends".into(), Value::String(head.extends.clone()));
    if let Some(l) = &head.label {
        out.insert("label".into(), Value::String(l.clone()));
    }
    if !head.set.is_empty() {
        out.insert(
            "set".into(),
            Value::Array(head.set.iter().cloned().map(Value::String).collect()),
        );
    }
    if !unset.is_empty() {
        out.insert(
            "unset".into(),
            Value::Array(unset.into_iter().map(Value::String).collect()),
        );
    }
    out.extend(changes);
    let text = toml::to_string(&out).map_err(|e| said(&CANNOT_WRITE_VARIANT, e))?;
    Ok(inline_leaves(&text))
}

/// A key usable in an `unset` path (which splits on dots).
fn part(k: &str) -> Result<&str, Said> {
    if k.contains('.') || k.trim().is_empty() {
        return Err(Said::new(
            format!("la clé «\u{a0}{k}\u{a0}» ne peut pas être retirée par une variante"),
            format!("the key `{k}` cannot be removed by a variant"),
        ));
    }
    Ok(k)
}

fn join(path: &str, k: &str) -> String {
    if path.is_empty() {
        k.to_owned()
    } else {
        format!("{path}.{k}")
    }
}

fn diff_table(
    base: &Table,
    edited: &Table,
    path: &str,
    out: &mut Table,
    unset: &mut Vec<String>,
) -> Result<(), Said> {
    for k in base.keys() {
        if !edited.contains_key(k) {
            unset.push(join(path, part(k)?));
        }
    }
    for (k, v) in edited {
        let Some(b) = base.get(k) else {
            out.insert(k.clone(), v.clone());
            continue;
        };
        if b == v {
            continue;
        }
        match (b, v) {
            (Value::Table(bt), Value::Table(et)) => {
                let mut sub = Table::new();
                diff_table(bt, et, &join(path, part(k)?), &mut sub, unset)?;
                if !sub.is_empty() {
                    out.insert(k.clone(), Value::Table(sub));
                }
            }
            (Value::Array(ba), Value::Array(ea))
                if path.is_empty() && KEYED.contains(&k.as_str()) =>
            {
                let entries = diff_entries(k, ba, ea, unset)?;
                if !entries.is_empty() {
                    out.insert(k.clone(), Value::Array(entries));
                }
            }
            // A table of the base is never replaced by a value, and
            // `[[meeting]]` entries are added to the base's: both are
            // removed first, then written whole.
            (Value::Table(_), _) | (Value::Array(_), Value::Array(_))
                if path.is_empty() || matches!(b, Value::Table(_)) =>
            {
                if matches!(b, Value::Table(_)) || k == "meeting" {
                    unset.push(join(path, part(k)?));
                }
                out.insert(k.clone(), v.clone());
            }
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    Ok(())
}

fn id_of(v: &Value) -> Option<&str> {
    v.as_table()
        .and_then(|t| t.get("id"))
        .and_then(Value::as_str)
}

/// The entries of `[[period]]` (or the like) that differ, each with its
/// `id` and its changed keys; entries the page dropped are unset.
fn diff_entries(
    key: &str,
    base: &[Value],
    edited: &[Value],
    unset: &mut Vec<String>,
) -> Result<Vec<Value>, Said> {
    let no_id = || {
        Said::new(
            format!("une entrée [[{key}]] sans `id` ne s'écrit pas en variante"),
            format!("a [[{key}]] entry without an `id` cannot be written as a variant"),
        )
    };
    for b in base {
        let id = id_of(b).ok_or_else(no_id)?;
        if !edited.iter().any(|e| id_of(e) == Some(id)) {
            unset.push(format!("{key}.{}", part(id)?));
        }
    }
    let mut out = Vec::new();
    for e in edited {
        let id = id_of(e).ok_or_else(no_id)?;
        let (Some(et), Some(bt)) = (
            e.as_table(),
            base.iter()
                .find(|b| id_of(b) == Some(id))
                .and_then(Value::as_table),
        ) else {
            out.push(e.clone());
            continue;
        };
        let mut sub = Table::new();
        sub.insert("id".into(), Value::String(id.to_owned()));
        let path = format!("{key}.{}", part(id)?);
        diff_table(bt, et, &path, &mut sub, unset)?;
        if sub.len() > 1 {
            out.push(Value::Table(sub));
        }
    }
    Ok(out)
}

/// toml writes every nested table as a `[header]`: a post, a theme's
/// figures or the coordinator (a table of plain values) reads better on one
/// line, as the scenarios write them (`aureille = { etp = 0.3 }`).
fn inline_leaves(text: &str) -> String {
    let Ok(mut doc) = text.parse::<toml_edit::DocumentMut>() else {
        return text.to_owned();
    };
    fn walk(t: &mut toml_edit::Table, depth: usize) {
        for (mut key, item) in t.iter_mut() {
            match item {
                toml_edit::Item::Table(inner) => {
                    let leaf =
                        depth >= 1 && inner.len() <= 4 && inner.iter().all(|(_, v)| v.is_value());
                    if leaf {
                        // The key was a header's: spaced as `key = value` now.
                        key.leaf_decor_mut().clear();
                        let tbl = std::mem::take(inner);
                        *item = toml_edit::Item::Value(toml_edit::Value::InlineTable(
                            tbl.into_inline_table(),
                        ));
                    } else {
                        walk(inner, depth + 1);
                    }
                }
                toml_edit::Item::ArrayOfTables(a) => {
                    for t in a.iter_mut() {
                        walk(t, depth + 1);
                    }
                }
                _ => {}
            }
        }
    }
    walk(doc.as_table_mut(), 0);
    doc.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "name = \"T\"\n\n[[period]]\nid = \"2027\"\ntotal = 1.0\nthemes = { a = 0.5, b = 0.2 }\n\n[period.posts]\nx = { etp = 0.2, themes = [\"a\"] }\ny = { etp = 0.3 }\n\n[[period]]\nid = \"2028\"\ntotal = 2.0\n";

    /// A FIFO in the served folder is refused, never opened: reading it
    /// would block the server (it is read as every input is).
    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("x.toml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            assert!(std::env::var_os("CI").is_none(), "mkfifo is needed in CI");
            eprintln!("skipped: mkfifo is not available");
            return;
        }
        let root = dir.path().canonicalize().unwrap();
        assert!(scenario_table(&root, &root.join("x.toml")).is_err());
    }

    fn table(s: &str) -> Table {
        toml::from_str(s).unwrap()
    }

    #[test]
    fn a_variant_holds_only_what_differs_and_removes_what_the_page_opened() {
        let edited = BASE
            .replace("x = { etp = 0.2,", "x = {")
            .replace("y = { etp = 0.3 }", "y = { etp = 0.4 }")
            .replace("a = 0.5, b = 0.2", "a = 0.5");
        let head = Head {
            extends: "base.toml".into(),
            label: Some("B".into()),
            set: vec!["2027.y=0.4".into()],
        };
        let text = variant_text(&head, &table(BASE), &table(&edited)).unwrap();
        assert!(
            text.starts_with("extends = \"base.toml\"\nlabel = \"B\"\n"),
            "{text}"
        );
        assert!(text.contains("set = [\"2027.y=0.4\"]"), "{text}");
        assert!(
            text.contains("\"period.2027.themes.b\"")
                && text.contains("\"period.2027.posts.x.etp\""),
            "{text}"
        );
        assert!(text.contains("y = { etp = 0.4 }"), "{text}");
        assert_eq!(
            leading_comments(
                "\u{feff}# Variante B\n\n# (Aureille)\nextends = \"a.toml\" # no\n# later\n"
            ),
            "# Variante B\n\n# (Aureille)\n"
        );
        assert_eq!(leading_comments("extends = \"a.toml\"\n"), "");
        // Unchanged: the other period, the name, the totals.
        assert!(
            !text.contains("2028") && !text.contains("name") && !text.contains("total"),
            "{text}"
        );
    }

    #[test]
    fn written_variants_read_back_as_the_page_shows_them() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let base =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/vallee-des-baux-alpilles.toml");
        let text = std::fs::read_to_string(base).unwrap();
        std::fs::write(root.join("base.toml"), &text).unwrap();
        let post = super::super::doc::Target::Post {
            holder: "aureille".into(),
        };
        let edited = super::super::doc::edit_text(&text, 0, &post, "0,5").unwrap();
        let edited =
            super::super::doc::edit_text(&edited, 0, &super::super::doc::Target::Total, "3,6")
                .unwrap();
        let head = Head {
            extends: "base.toml".into(),
            ..Head::default()
        };
        let base = scenario_table(&root, &root.join("base.toml")).unwrap();
        let path = root.join("v.toml");
        let v = write(&root, &path, &head, &base, &edited).unwrap();
        assert!(v.len() < 200, "{v}");
        std::fs::write(&path, &v).unwrap();
        // Opened, it gives the page's figures; `check` reads it too.
        let (resolved, h) = open(&root, &path, &v).unwrap().unwrap();
        assert_eq!(h, head);
        assert_eq!(table(&resolved), table(&edited));
        let loaded = crate::scenario::load_path(&path);
        assert!(loaded.scenario.is_some(), "{:?}", loaded.diagnostics);
        // A variant of the variant, then a chain too deep.
        let head2 = Head {
            extends: "v.toml".into(),
            ..Head::default()
        };
        let base2 = scenario_table(&root, &path).unwrap();
        let edited2 = super::super::doc::edit_text(&resolved, 0, &post, "0,4").unwrap();
        let v2 = write(&root, &root.join("w.toml"), &head2, &base2, &edited2).unwrap();
        assert!(v2.contains("extends = \"v.toml\""), "{v2}");
    }

    #[test]
    fn a_base_outside_the_folder_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("served")).unwrap();
        let vallee =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/vallee-des-baux-alpilles.toml");
        std::fs::copy(vallee, root.join("base.toml")).unwrap();
        let text = "extends = \"../base.toml\"\n";
        let served = root.join("served");
        let err = open(&served, &served.join("v.toml"), text).unwrap_err();
        assert!(err.en.contains("outside the folder served"), "{err:?}");
        // From the parent folder, the same variant opens.
        assert!(open(&root, &served.join("v.toml"), text).unwrap().is_some());
    }

    mod properties {
        use super::super::super::doc::{edit_text, Target};
        use super::*;
        use proptest::prelude::*;

        const HOLDERS: [&str; 12] = [
            "aureille",
            "eygalieres",
            "fontvieille",
            "les-baux",
            "mas-blanc",
            "maussane",
            "mouries",
            "paradou",
            "saint-etienne-du-gres",
            "saint-remy",
            "ccvba",
            "operateur",
        ];
        const THEMES: [&str; 4] = [
            "petite_enfance",
            "enfance_jeunesse",
            "parentalite",
            "acces_droits",
        ];

        /// One edit the page can make: a cell of a period set to k steps, or opened.
        fn edit() -> impl Strategy<Value = (usize, Target, Option<u32>)> {
            let target = prop_oneof![
                (0..HOLDERS.len()).prop_map(|h| Target::Post {
                    holder: HOLDERS[h].into()
                }),
                (0..THEMES.len()).prop_map(|t| Target::Theme {
                    theme: THEMES[t].into()
                }),
                Just(Target::Total),
                Just(Target::CafTotal),
                Just(Target::Coordinator),
            ];
            (0..3usize, target, prop::option::weighted(0.8, 0..=40u32))
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(48))]
            /// Whatever the page did to the figures, the variant written
            /// reads back, with its base, as exactly the page's text.
            #[test]
            fn any_page_edit_is_written_as_a_variant_that_reads_back(
                edits in prop::collection::vec(edit(), 0..8)
            ) {
                let dir = tempfile::tempdir().unwrap();
                let root = dir.path().canonicalize().unwrap();
                let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/vallee-des-baux-alpilles.toml");
                let mut text = std::fs::read_to_string(base).unwrap();
                std::fs::write(root.join("base.toml"), &text).unwrap();
                for (period, target, k) in &edits {
                    let value = k.map(|k| format!("{}.{}", k / 10, k % 10)).unwrap_or_default();
                    // The figures the page refuses to open (the totals) stay.
                    if let Ok(t) = edit_text(&text, *period, target, &value) {
                        text = t;
                    }
                }
                let head = Head { extends: "base.toml".into(), ..Head::default() };
                let table_of_base = scenario_table(&root, &root.join("base.toml")).unwrap();
                let path = root.join("v.toml");
                let v = write(&root, &path, &head, &table_of_base, &text).unwrap();
                let (resolved, _) = open(&root, &path, &v).unwrap().unwrap();
                prop_assert_eq!(table(&resolved), table(&text));
                // Nothing changed: the variant is its head alone.
                if edits.is_empty() {
                    prop_assert_eq!(v.trim(), "extends = \"base.toml\"");
                }
            }
        }
    }
}
