//! `ctgplan init`: a commented starter scenario that passes `check`, so that
//! a new file starts from something valid rather than from a blank page.

use crate::exit::ExitStatus;
use crate::fsutil::{self, WriteError};
use crate::schema;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The starter, without its first line (the schema directive).
pub const TEMPLATE: &str = include_str!("init/starter.toml");

/// The starter scenario whose `#:schema` directive points at `schema_ref`.
pub fn starter(schema_ref: &str) -> String {
    format!("#:schema {schema_ref}\n{TEMPLATE}")
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
) -> std::io::Result<ExitStatus> {
    let to_stdout = file.as_os_str() == "-";
    let dir = match file.parent() {
        Some(d) if !to_stdout && !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !to_stdout && !dir.is_dir() {
        writeln!(err, "error: the directory {} does not exist", dir.display())?;
        return Ok(ExitStatus::Unusable);
    }
    let found = find_schema(&dir);
    let schema_ref = found
        .clone()
        .unwrap_or_else(|| format!("./{}", schema::FILE_NAME));
    let text = starter(&schema_ref);
    if to_stdout {
        out.write_all(text.as_bytes())?;
        out.flush()?;
    } else {
        match fsutil::write_atomic(file, text.as_bytes(), force) {
            Ok(()) => writeln!(
                err,
                "wrote {0}: edit it, then run `ctgplan check {0}`",
                file.display()
            )?,
            Err(e @ WriteError::Exists(_)) => {
                writeln!(err, "error: {e}")?;
                return Ok(ExitStatus::Unusable);
            }
            Err(e) => {
                writeln!(err, "error: cannot write {}: {e}", file.display())?;
                return Ok(ExitStatus::Unusable);
            }
        }
    }
    if found.is_none() {
        let beside = dir.join(schema::FILE_NAME);
        writeln!(
            err,
            "note: for completion in your editor, write the schema beside it: `ctgplan schema > {}`",
            beside.display()
        )?;
    }
    Ok(ExitStatus::Valid)
}

#[cfg(test)]
mod tests {
    use super::*;

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
