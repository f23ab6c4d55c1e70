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
    let mut tmp = temp_file(dir, path).map_err(WriteError::Io)?;
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

/// A temporary file (`.tmpXXXXXX`, hidden, with no extension that `check DIR`
/// would pick up) with the permissions a plain write would give: those of the
/// file it replaces, else 0666 less the umask. (tempfile's default, 0600,
/// would leave a CSV meant for colleagues readable by its writer only.)
fn temp_file(dir: &Path, path: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::Builder::new()
            .permissions(std::fs::Permissions::from_mode(0o666))
            .tempfile_in(dir)?;
        if let Ok(meta) = std::fs::metadata(path) {
            tmp.as_file().set_permissions(meta.permissions())?;
        }
        Ok(tmp)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        tempfile::NamedTempFile::new_in(dir)
    }
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

    #[cfg(unix)]
    #[test]
    fn permissions_are_a_plain_files_not_a_temporary_files() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.csv");
        write_atomic(&p, b"a", false).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        // What a plain write gives (0666 less the umask).
        let plain = dir.path().join("plain.csv");
        std::fs::write(&plain, b"a").unwrap();
        assert_eq!(mode(&p), mode(&plain));
        if mode(&plain) != 0o600 {
            assert_ne!(mode(&p), 0o600, "a temporary file's mode leaked");
        }
        // Overwriting keeps the mode of the file replaced.
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"b", true).unwrap();
        assert_eq!(mode(&p), 0o640);
    }
}
