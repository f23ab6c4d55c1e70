//! Variant files: `extends = "base.toml"` and what the variant changes.
//!
//! A variant is read with its base into one TOML tree: the variant's tables
//! merge into the base's key by key, its `[[commune]]`, `[[carrier]]`,
//! `[[period]]` and `[[instance]]` entries into the base's entry of the same
//! `id` (or are added), its `[[meeting]]` entries are added, and any other
//! value replaces the base's. Spans stay those of the file a value was
//! written in (see `SourceFile::with_bases`), so a figure from the base
//! points into the base and an override into the variant.
//!
//! Bounds: the base is a relative path to a `.toml` file, from the
//! variant's folder; a base that is not a scenario is refused without
//! showing its lines (a path mistyped towards another file must not print
//! it); a chain of at most [`MAX_DEPTH`] bases, no cycle (CTG135-CTG138).

// An error here is one diagnostic on a cold path (the file is unusable);
// boxing it would only add noise.
#![allow(clippy::result_large_err)]

use crate::code::Code;
use crate::diagnostic::{Diagnostic, Span};
use crate::fsutil::{self, ReadError};
use crate::i18n::{Arg, Text};
use std::path::{Component, Path, PathBuf};
use toml::de::{DeArray, DeTable, DeValue};
use toml::Spanned;

/// The base named by `extends` cannot be read, or is not a scenario.
pub const BASE_UNREADABLE: Code = Code::VariantBase;
/// `extends` chains beyond [`MAX_DEPTH`] files, or comes back to a file of the chain.
pub const CHAIN: Code = Code::VariantChain;
/// The base's path is absolute, or does not name a `.toml` file.
pub const PATH: Code = Code::VariantPath;
/// An override that cannot be merged into the base.
pub const OVERRIDE: Code = Code::VariantOverride;
/// The variant's asks (`set`) cannot be read.
pub const ASK: Code = Code::VariantAsk;

mod words;

/// The most bases behind one variant: a variant of a variant of a scenario
/// is a negotiation's usual depth; more is a maze nobody can review.
pub const MAX_DEPTH: usize = 3;

/// Keys only a variant has, taken out before its tree merges into the base.
pub const VARIANT_KEYS: [&str; 4] = ["extends", "set", "label", "unset"];

/// Arrays of tables whose entries are merged by `id`.
pub(super) const KEYED: [&str; 4] = ["commune", "carrier", "period", "instance"];

/// What a variant names at its top: its base, its label and its asks.
#[derive(Debug, Clone, Default)]
pub struct VariantInfo {
    /// Each base's name, as shown in diagnostics, nearest first.
    pub bases: Vec<String>,
    /// `label = "..."`: how `compare` names the variant.
    pub label: Option<String>,
    /// `set = ["2027-2030.aureille=0.3", ...]`: the asks, as written.
    pub asks: Vec<(String, Span)>,
    /// The variant merged with its bases, as one scenario's TOML text
    /// (what `propose` completes and writes; comments are not kept).
    pub resolved: String,
}

/// A merged tree as a TOML table, to write the resolved scenario.
pub fn to_table(t: &DeTable<'_>) -> toml::Table {
    t.iter()
        .map(|(k, v)| (k.get_ref().to_string(), to_value(v.get_ref())))
        .collect()
}

fn to_value(v: &DeValue<'_>) -> toml::Value {
    match v {
        DeValue::String(s) => toml::Value::String(s.to_string()),
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).map_or_else(
            |_| toml::Value::String(i.as_str().to_owned()),
            toml::Value::Integer,
        ),
        // Figures are read from their text: a float keeps its shortest form.
        DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().map_or_else(
            |_| toml::Value::String(f.as_str().to_owned()),
            toml::Value::Float,
        ),
        DeValue::Boolean(b) => toml::Value::Boolean(*b),
        DeValue::Datetime(d) => toml::Value::Datetime(*d),
        DeValue::Array(a) => toml::Value::Array(a.iter().map(|x| to_value(x.get_ref())).collect()),
        DeValue::Table(t) => toml::Value::Table(to_table(t)),
    }
}

/// Whether a parsed file is a variant: it has a top-level `extends`.
pub fn is_variant(table: &DeTable) -> bool {
    table.get("extends").is_some()
}

/// A file read into the chain.
pub struct ChainFile {
    pub name: String,
    pub text: String,
    /// The directory relative paths are read from.
    dir: PathBuf,
    /// The canonical path, to find cycles (None for standard input).
    canonical: Option<PathBuf>,
}

/// Reads the bases behind the variant `name` (already read as `text`):
/// the variant first, then each base in `extends` order. An error points
/// at the `extends` value of the file that names the bad base, in the
/// address space of the whole chain (offsets as `SourceFile::with_bases`).
pub fn read_chain(name: &str, text: &str) -> Result<Vec<ChainFile>, (Vec<ChainFile>, Diagnostic)> {
    let path = Path::new(name);
    let dir = path
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let dir = if dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        dir
    };
    let mut files = vec![ChainFile {
        name: name.to_owned(),
        text: text.to_owned(),
        canonical: std::fs::canonicalize(path).ok(),
        dir,
    }];
    let mut offset = 0;
    while let Some((len, dir, found)) = files
        .last()
        .map(|f| (f.text.len(), f.dir.clone(), extends_of(&f.text)))
    {
        let Some((base, at)) = found else {
            break;
        };
        let at = offset + at.start..offset + at.end;
        let next_offset = offset + len + 1;
        let bases = files.len();
        let base = match base {
            Ok(b) => b,
            Err(message) => {
                let d = Diagnostic::error(OVERRIDE, message)
                    .primary(at, &words::NOT_A_FILE_NAME)
                    .help(&words::EXTENDS_HELP);
                return Err((files, d));
            }
        };
        if bases > MAX_DEPTH {
            let d = Diagnostic::error(
                CHAIN,
                Text::new(&words::TOO_DEEP).arg("max", Arg::count(MAX_DEPTH)),
            )
            .primary(at, &words::TOO_DEEP_LABEL)
            .help(&words::TOO_DEEP_HELP);
            return Err((files, d));
        }
        if let Err(why) = relative_toml(&base) {
            let d = Diagnostic::error(
                PATH,
                Text::new(&words::BAD_PATH)
                    .arg("base", Arg::raw(base))
                    .arg("why", Arg::text(Text::new(why))),
            )
            .primary(at, &words::BASE_NAMED_HERE)
            .help(&words::PATH_HELP);
            return Err((files, d));
        }
        let path = tidy(&dir.join(&base));
        let canonical = std::fs::canonicalize(&path).ok();
        // A file not on disk (standard input, an editor's buffer) is
        // compared by its path as written.
        let same = |f: &ChainFile| {
            (canonical.is_some() && f.canonical == canonical)
                || tidy(
                    &f.dir
                        .join(Path::new(&f.name).file_name().unwrap_or_default()),
                ) == path
        };
        if files.iter().any(same) {
            let d = Diagnostic::error(CHAIN, Text::new(&words::CYCLE).arg("base", Arg::raw(base)))
                .primary(at, &words::CYCLE_LABEL)
                .help(&words::CYCLE_HELP);
            return Err((files, d));
        }
        let shown = path.display().to_string();
        let shown = shown.strip_prefix("./").unwrap_or(&shown).to_owned();
        let read = match fsutil::read_input(&path, super::load::MAX_FILE_BYTES) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| Text::new(&words::NOT_UTF8)),
            Err(ReadError::TooLarge(n)) => Err(Text::new(&words::TOO_LARGE)
                .arg("bytes", Arg::int(i64::try_from(n).unwrap_or(i64::MAX)))),
            Err(ReadError::NotRegular("a directory")) => Err(Text::new(&words::DIRECTORY)),
            Err(ReadError::NotRegular(kind)) => {
                Err(Text::new(&words::NOT_REGULAR).arg("kind", Arg::raw(kind)))
            }
            Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(Text::new(&words::NOT_FOUND))
            }
            Err(ReadError::Io(e)) => Err(Text::raw(e.to_string())),
        }
        .and_then(|t| {
            let t = t.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(t);
            if crate::portfolio::is_portfolio_text(&t) {
                return Err(Text::new(&words::IS_PORTFOLIO));
            }
            // A base that is not a scenario (nor a variant) is refused
            // without showing its lines: a mistyped path must not print
            // pieces of some other file.
            let readable = match DeTable::parse(&t) {
                Ok(tree) if is_variant(tree.get_ref()) => true,
                Ok(_) => toml::from_str::<super::raw::RawScenario>(&t).is_ok(),
                Err(_) => false,
            };
            if readable {
                Ok(t)
            } else {
                Err(Text::new(&words::NOT_SCENARIO))
            }
        });
        let text = match read {
            Ok(t) => t,
            Err(why) => return Err((files, unreadable(at, &shown, why))),
        };
        files.push(ChainFile {
            dir: path
                .parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
            name: shown,
            text,
            canonical,
        });
        offset = next_offset;
    }
    Ok(files)
}

fn unreadable(at: Span, base: &str, why: Text) -> Diagnostic {
    Diagnostic::error(
        BASE_UNREADABLE,
        Text::new(&words::UNREADABLE)
            .arg("base", Arg::raw(base))
            .arg("why", Arg::text(why)),
    )
    .primary(at, &words::BASE_NAMED_HERE)
    .help(&words::UNREADABLE_HELP)
}

/// The `extends` of a text, with the span of its value: `Err` when it is not
/// a string. None when the text has none, or is not TOML (the loader says so).
pub fn extends_of(text: &str) -> Option<(Result<String, Text>, Span)> {
    let table = DeTable::parse(text).ok()?;
    let v = table.get_ref().get("extends")?;
    let span = v.span();
    Some((
        v.get_ref()
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| Text::new(&words::EXTENDS_NOT_TEXT)),
        span,
    ))
}

/// A path with its `.` dropped and each `..` taking back the folder before
/// it, to name and compare files as a person writes them.
fn tidy(p: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    if out.is_empty() {
        PathBuf::from(".")
    } else {
        out.iter().collect()
    }
}

/// Whether a base path is relative and names a `.toml` file.
fn relative_toml(base: &str) -> Result<(), &'static crate::i18n::Msg> {
    let p = Path::new(base);
    if base.trim().is_empty() {
        return Err(&words::PATH_EMPTY);
    }
    if p.components()
        .any(|c| matches!(c, Component::RootDir | Component::Prefix(_)))
    {
        return Err(&words::PATH_ABSOLUTE);
    }
    if !p
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    {
        return Err(&words::PATH_NOT_TOML);
    }
    Ok(())
}

/// Shifts every span of a tree by `by`, into the chain's address space.
fn shift<'i>(v: Spanned<DeValue<'i>>, by: usize) -> Spanned<DeValue<'i>> {
    let span = v.span();
    let inner = match v.into_inner() {
        DeValue::Table(t) => DeValue::Table(shift_table(t, by)),
        DeValue::Array(mut a) => {
            // Shifted in place, so that the array keeps whether it was an
            // array of tables.
            for slot in a.iter_mut() {
                let item = std::mem::replace(slot, Spanned::new(0..0, DeValue::Boolean(false)));
                *slot = shift(item, by);
            }
            DeValue::Array(a)
        }
        other => other,
    };
    Spanned::new(span.start + by..span.end + by, inner)
}

fn shift_table(t: DeTable<'_>, by: usize) -> DeTable<'_> {
    t.into_iter()
        .map(|(k, v)| {
            let ks = k.span();
            (
                Spanned::new(ks.start + by..ks.end + by, k.into_inner()),
                shift(v, by),
            )
        })
        .collect()
}

/// Parses every file of the chain, shifted into one address space, and
/// merges them, the variant last. `Err` carries an input diagnostic.
pub fn merged<'i>(
    files: &'i [ChainFile],
) -> Result<(Spanned<DeTable<'i>>, VariantInfo), Diagnostic> {
    let mut offset = 0;
    let mut trees = Vec::with_capacity(files.len());
    for f in files {
        let tree = match DeTable::parse(&f.text) {
            Ok(t) => t,
            Err(e) => {
                // A base's syntax error, pointed at in the base.
                let mut d = super::load::syntax_error(&e, &f.text);
                for l in &mut d.labels {
                    l.span = l.span.start + offset..l.span.end + offset;
                }
                return Err(d);
            }
        };
        let span = tree.span();
        let tree = Spanned::new(
            span.start + offset..span.end + offset,
            shift_table(tree.into_inner(), offset),
        );
        trees.push(tree);
        offset += f.text.len() + 1;
    }
    let mut info = VariantInfo {
        bases: files.iter().skip(1).map(|f| f.name.clone()).collect(),
        ..VariantInfo::default()
    };
    let mut trees = trees.into_iter().rev();
    let Some(mut base) = trees.next() else {
        return Err(Diagnostic::error(BASE_UNREADABLE, &words::NO_BASE));
    };
    // The deepest base is a scenario: it may not carry variant keys.
    let mut layers: Vec<Spanned<DeTable<'i>>> = trees.collect();
    // Nearest to the base first; the variant itself is the last layer.
    let last = layers.len().saturating_sub(1);
    for (k, mut layer) in layers.drain(..).enumerate() {
        let mut unset = Vec::new();
        for key in VARIANT_KEYS {
            if let Some(v) = layer.get_mut().remove(key) {
                if key == "unset" {
                    unset = super::unset::paths(&v)?;
                } else if k == last {
                    read_variant_key(key, v, &mut info)?;
                }
            }
        }
        let span = base.span();
        let mut table = base.into_inner();
        // Removed from the base before the layer's own values merge.
        for (path, at) in unset {
            super::unset::remove(&mut table, &path, at)?;
        }
        merge_table(&mut table, layer.into_inner(), "")?;
        base = Spanned::new(span, table);
    }
    Ok((base, info))
}

fn read_variant_key(
    key: &str,
    v: Spanned<DeValue<'_>>,
    info: &mut VariantInfo,
) -> Result<(), Diagnostic> {
    let span = v.span();
    match (key, v.get_ref()) {
        ("extends", _) => Ok(()),
        ("label", DeValue::String(s)) => {
            info.label = Some(s.to_string());
            Ok(())
        }
        ("set", DeValue::Array(items)) => {
            for item in items.iter() {
                match item.get_ref() {
                    DeValue::String(s) => info.asks.push((s.to_string(), item.span())),
                    _ => {
                        return Err(Diagnostic::error(ASK, &words::ASK_NOT_TEXT)
                            .primary(item.span(), &words::NOT_A_STRING)
                            .help(&words::ASK_HELP))
                    }
                }
            }
            Ok(())
        }
        ("set", _) => Err(Diagnostic::error(ASK, &words::SET_NOT_LIST)
            .primary(span, &words::NOT_A_LIST)
            .help(&words::SET_HELP)),
        _ => Err(Diagnostic::error(
            OVERRIDE,
            Text::new(&words::KEY_NOT_TEXT).arg("key", Arg::id(key)),
        )
        .primary(span, &words::NOT_A_STRING)
        .help(&words::LABEL_HELP)),
    }
}

/// Merges `over` into `base`: tables key by key, keyed arrays of tables by
/// `id`, `meeting` entries added, anything else replaced.
fn merge_table<'i>(
    base: &mut DeTable<'i>,
    over: DeTable<'i>,
    path: &str,
) -> Result<(), Diagnostic> {
    for (k, v) in over {
        let key: String = k.get_ref().to_string();
        let here = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        let Some(existing) = base.get_mut(key.as_str()) else {
            if let (true, DeValue::Array(entries)) = (
                path.is_empty() && KEYED.contains(&key.as_str()),
                v.get_ref(),
            ) {
                for e in entries.iter() {
                    entry_id(e, &key)?;
                }
            }
            base.insert(k, v);
            continue;
        };
        match (existing.get_mut(), v.get_ref()) {
            (DeValue::Table(bt), DeValue::Table(_)) => {
                if let DeValue::Table(ot) = v.into_inner() {
                    merge_table(bt, ot, &here)?;
                }
            }
            (DeValue::Table(_), _) => {
                return Err(Diagnostic::error(
                    OVERRIDE,
                    Text::new(&words::TABLE_IN_BASE).arg("here", Arg::id(here.as_str())),
                )
                .primary(v.span(), &words::NOT_A_TABLE)
                .help(
                    Text::new(&words::TABLE_HELP)
                        .arg("here", Arg::id(here.as_str()))
                        .arg("key", Arg::id(key.as_str())),
                ))
            }
            (DeValue::Array(ba), DeValue::Array(_))
                if path.is_empty() && (KEYED.contains(&key.as_str()) || key == "meeting") =>
            {
                if let DeValue::Array(oa) = v.into_inner() {
                    merge_entries(ba, oa, &key)?;
                }
            }
            _ => *existing = v,
        }
    }
    Ok(())
}

/// The `id` of a variant's `[[commune]]` (or the like), which says which
/// entry of the base it changes, or that it adds one.
fn entry_id(entry: &Spanned<DeValue<'_>>, key: &str) -> Result<String, Diagnostic> {
    let id = match entry.get_ref() {
        DeValue::Table(t) => t.get("id").and_then(|v| v.get_ref().as_str()),
        _ => None,
    };
    id.map(str::to_owned).ok_or_else(|| {
        Diagnostic::error(
            OVERRIDE,
            Text::new(&words::ENTRY_WITHOUT_ID).arg("key", Arg::id(key)),
        )
        .primary(entry.span(), &words::NO_ID)
        .help(Text::new(&words::ENTRY_HELP).arg("key", Arg::id(key)))
    })
}

/// Entries of `[[commune]]` and the like: merged into the base's of the
/// same id, or added; `[[meeting]]` entries are added.
fn merge_entries<'i>(
    base: &mut DeArray<'i>,
    over: DeArray<'i>,
    key: &str,
) -> Result<(), Diagnostic> {
    for entry in over.iter().cloned() {
        if key == "meeting" {
            base.push(entry);
            continue;
        }
        let id = entry_id(&entry, key)?;
        let found = base.iter_mut().find(|b| {
            matches!(b.get_ref(), DeValue::Table(bt)
                if bt.get("id").and_then(|v| v.get_ref().as_str()) == Some(id.as_str()))
        });
        match found {
            Some(b) => {
                let DeValue::Table(ot) = entry.into_inner() else {
                    continue;
                };
                if let DeValue::Table(bt) = b.get_mut() {
                    // The id stays the base's: the entry is the base's, changed.
                    let mut ot = ot;
                    ot.remove("id");
                    merge_table(bt, ot, &format!("{key}.{id}"))?;
                }
            }
            None => {
                if key == "period" {
                    mistyped_period(base, &entry, &id)?;
                }
                base.push(entry)
            }
        }
    }
    Ok(())
}

/// A period the variant adds whose years overlap a period of the base is
/// most likely that period's id mistyped (`2027-2031` for `2027-2030`):
/// said so, rather than left to the overlap rule (CTG070), which would
/// blame the base.
fn mistyped_period(
    base: &DeArray<'_>,
    entry: &Spanned<DeValue<'_>>,
    id: &str,
) -> Result<(), Diagnostic> {
    let Some((first, last)) = super::text::parse_years(id) else {
        return Ok(());
    };
    let near = base
        .iter()
        .filter_map(|b| match b.get_ref() {
            DeValue::Table(t) => t.get("id").and_then(|v| v.get_ref().as_str()),
            _ => None,
        })
        .find(|bid| super::text::parse_years(bid).is_some_and(|(f, l)| f <= last && first <= l));
    let Some(near) = near else {
        return Ok(());
    };
    let at = match entry.get_ref() {
        DeValue::Table(t) => t.get("id").map_or_else(|| entry.span(), Spanned::span),
        _ => entry.span(),
    };
    Err(Diagnostic::error(
        OVERRIDE,
        Text::new(&words::PERIOD_NOT_IN_BASE)
            .arg("id", Arg::id(id))
            .arg("near", Arg::id(near)),
    )
    .primary(at, &words::UNKNOWN_PERIOD)
    .help(Text::new(&words::PERIOD_ID_HELP).arg("near", Arg::id(near))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(variant: &str, base: &str) -> Vec<ChainFile> {
        vec![
            ChainFile {
                name: "v.toml".into(),
                text: variant.into(),
                dir: ".".into(),
                canonical: None,
            },
            ChainFile {
                name: "b.toml".into(),
                text: base.into(),
                dir: ".".into(),
                canonical: None,
            },
        ]
    }

    #[test]
    fn bases_are_relative_toml_files() {
        assert!(relative_toml("base.toml").is_ok());
        assert!(relative_toml("./sub/base.toml").is_ok());
        assert!(relative_toml("../base.toml").is_ok());
        assert!(relative_toml("/etc/base.toml").is_err());
        assert!(relative_toml("../.ssh/id_rsa").is_err());
        assert!(relative_toml("").is_err());
        assert_eq!(
            tidy(Path::new("a/./b/../c.toml")),
            PathBuf::from("a/c.toml")
        );
        assert_eq!(tidy(Path::new("../c.toml")), PathBuf::from("../c.toml"));
    }

    #[test]
    fn entries_merge_by_id_and_tables_key_by_key() {
        let base = "[territory]\nname = \"B\"\n[[period]]\nid = \"p\"\ntotal = 1\nthemes = { a = 1, b = 2 }\n";
        let variant = "extends = \"b.toml\"\nlabel = \"L\"\nset = [\"p.x=1\"]\n[[period]]\nid = \"p\"\nthemes = { b = 3 }\n[[period]]\nid = \"q\"\n";
        let files = chain(variant, base);
        let (tree, info) = merged(&files).expect("merges");
        assert_eq!(info.label.as_deref(), Some("L"));
        assert_eq!(info.asks.len(), 1);
        let t = tree.get_ref();
        assert!(t.get("extends").is_none());
        let periods = t
            .get("period")
            .and_then(|p| p.get_ref().as_array())
            .expect("periods");
        assert_eq!(periods.len(), 2);
        let p = periods[0].get_ref().as_table().expect("table");
        let themes = p
            .get("themes")
            .and_then(|v| v.get_ref().as_table())
            .expect("themes");
        let b = themes.get("b").expect("b");
        // b comes from the variant (at its own offset), a from the base.
        assert!(b.span().start < variant.len());
        assert!(themes.get("a").expect("a").span().start > variant.len());
        assert!(p.get("total").is_some());
    }

    #[test]
    fn a_mistyped_period_id_names_the_period_it_overlaps() {
        let base = "[territory]\nname = \"B\"\n[[period]]\nid = \"2026\"\n[[period]]\nid = \"2027-2030\"\n";
        let files = chain(
            "extends = \"b.toml\"\n[[period]]\nid = \"2027-2031\"\ncaf_total = 3.2\n",
            base,
        );
        let e = merged(&files).expect_err("refused");
        assert_eq!(e.code, OVERRIDE);
        let said = e.message.render(crate::i18n::Lang::En);
        assert!(said.contains("did you mean `2027-2030`"), "{said}");
        // A period added on years of its own is an addition, not a typo.
        let files = chain(
            "extends = \"b.toml\"\n[[period]]\nid = \"2031-2034\"\n",
            base,
        );
        assert!(merged(&files).is_ok());
    }

    #[test]
    fn an_entry_without_id_is_refused() {
        let files = chain(
            "extends = \"b.toml\"\n[[commune]]\nname = \"X\"\n",
            "[territory]\nname = \"B\"\n",
        );
        let e = merged(&files).expect_err("refused");
        assert_eq!(e.code, OVERRIDE);
    }
}
