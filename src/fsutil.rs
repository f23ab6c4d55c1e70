//! Writing files the safe way: a temporary file in the same directory, then a
//! rename, so that an interrupted run never leaves a half-written file, and
//! never over an existing file unless asked.

use std::io::Write;
use std::path::Path;

#[derive(Debug)]
pub enum WriteError {
    Exists(String),
    Io(std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Exists(p) => write!(f, "{p} already exists (use --force to overwrite it)"),
            WriteError::Io(e) => write!(f, "{e}"),
        }
    }
}

pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), WriteError> {
    if !overwrite && path.exists() {
        return Err(WriteError::Exists(path.display().to_string()));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(WriteError::Io)?;
    tmp.write_all(bytes).map_err(WriteError::Io)?;
    tmp.as_file().sync_all().map_err(WriteError::Io)?;
    if overwrite {
        tmp.persist(path).map_err(|e| WriteError::Io(e.error))?;
    } else {
        // Refuses to replace a file created meanwhile.
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                WriteError::Exists(path.display().to_string())
            } else {
                WriteError::Io(e.error)
            }
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_clobber_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.toml");
        write_atomic(&p, b"a", false).unwrap();
        assert!(matches!(
            write_atomic(&p, b"b", false),
            Err(WriteError::Exists(_))
        ));
        assert_eq!(std::fs::read(&p).unwrap(), b"a");
        write_atomic(&p, b"c", true).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"c");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }
}
