//! `ctgplan init`: a commented starter scenario that passes `check`, so that
//! a new file starts from something valid rather than from a blank page.

use crate::exit::ExitStatus;
use crate::fsutil::{self, WriteError};
use crate::i18n::Lang;
use crate::schema;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The starter, without its first line (the schema directive).
pub const TEMPLATE: &str = include_str!("init/starter.toml");
/// The same starter, commented in French (the same TOML: a test checks it).
pub const TEMPLATE_FR: &str = include_str!("init/starter.fr.toml");

/// The starter scenario whose `#:schema` directive points at `schema_ref`.
pub fn starter(schema_ref: &str) -> String {
    starter_in(schema_ref, Lang::En)
}

/// [`starter`], commented in `lang`.
pub fn starter_in(schema_ref: &str, lang: Lang) -> String {
    let template = match lang {
        Lang::Fr => TEMPLATE_FR,
        Lang::En => TEMPLATE,
    };
    format!("#:schema {schema_ref}\n{template}")
}

/// The committed schema seen from `dir`, when `dir` or one of its parents
/// holds `schema/ctgplan-scenario.schema.json` (a checkout of ctgplan), as a
/// relative path like the bundled scenarios' `./../schema/...`.
pub fn find_schema(dir: &Path) -> Option<String> {
    let dir = std::fs::canonicalize(dir).ok()?;
    for (depth, ancestor) in dir.ancestors().enumerate() {
        if ancestor.join(schema::COMMITTED_PATH).is_file() {
            return Some(format!(
                "./{}{}",
                "../".repeat(depth),
                schema::COMMITTED_PATH
            ));
        }
    }
    None
}

/// Writes the starter to `file` (`-`: the standard output) and returns the
/// exit code. Messages go to `err`.
pub fn run(
    out: &mut dyn Write,
    err: &mut dyn Write,
    file: &Path,
    force: bool,
    lang: Lang,
) -> std::io::Result<ExitStatus> {
    let to_stdout = file.as_os_str() == "-";
    let dir = match file.parent() {
        Some(d) if !to_stdout && !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !to_stdout && !dir.is_dir() {
        let msg = crate::tr!(lang, "init.no_dir", "erreur\u{a0}: le dossier {dir} n'existe pas",
            "error: the directory {dir} does not exist", "dir" => dir.display().to_string());
        writeln!(err, "{msg}")?;
        return Ok(ExitStatus::Unusable);
    }
    let found = find_schema(&dir);
    let schema_ref = found
        .clone()
        .unwrap_or_else(|| format!("./{}", schema::FILE_NAME));
    let text = starter_in(&schema_ref, lang);
    if to_stdout {
        out.write_all(text.as_bytes())?;
        out.flush()?;
    } else {
        match fsutil::write_atomic(file, text.as_bytes(), force) {
            Ok(()) => {
                let msg = crate::tr!(lang, "init.wrote",
                    "écrit\u{a0}: {file}\u{202f}; modifiez-le, puis lancez `ctgplan check {file}`",
                    "wrote {file}: edit it, then run `ctgplan check {file}`",
                    "file" => file.display().to_string());
                writeln!(err, "{msg}")?;
            }
            Err(e @ WriteError::Exists(_)) => {
                let msg = crate::tr!(lang, "init.error", "erreur\u{a0}: {e}", "error: {e}",
                    "e" => e.to_string());
                writeln!(err, "{msg}")?;
                return Ok(ExitStatus::Unusable);
            }
            Err(e) => {
                let msg = crate::tr!(lang, "init.cannot_write", "erreur\u{a0}: impossible d'écrire {file}\u{a0}: {e}",
                    "error: cannot write {file}: {e}",
                    "file" => file.display().to_string(), "e" => e.to_string());
                writeln!(err, "{msg}")?;
                return Ok(ExitStatus::Unusable);
            }
        }
    }
    if found.is_none() {
        let beside = dir.join(schema::FILE_NAME);
        let msg = crate::tr!(lang, "init.schema_note",
            "remarque\u{a0}: pour la complétion dans votre éditeur, écrivez le schéma à côté\u{a0}: `ctgplan schema > {path}`",
            "note: for completion in your editor, write the schema beside it: `ctgplan schema > {path}`",
            "path" => beside.display().to_string());
        writeln!(err, "{msg}")?;
    }
    Ok(ExitStatus::Valid)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The French starter is the same scenario: only its comments differ.
    #[test]
    fn both_starters_hold_the_same_scenario() {
        let parse = |t: &str| t.parse::<toml::Table>().expect("valid TOML");
        assert_eq!(parse(TEMPLATE), parse(TEMPLATE_FR));
        assert!(TEMPLATE_FR.contains("# Un scénario de départ"));
    }

    #[test]
    fn finds_the_committed_schema_from_a_subdirectory() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert_eq!(
            find_schema(&root.join("scenarios")).as_deref(),
            Some("./../schema/ctgplan-scenario.schema.json")
        );
        assert_eq!(
            find_schema(root).as_deref(),
            Some("./schema/ctgplan-scenario.schema.json")
        );
        let elsewhere = tempfile::tempdir().unwrap();
        assert_eq!(find_schema(elsewhere.path()), None);
    }
}
