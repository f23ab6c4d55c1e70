//! Writing files the safe way: a temporary file in the same directory, then a
//! rename, so that an interrupted run never leaves a half-written file, and
//! never over anything the user did not ask to replace: not an existing file
//! without `--force`, never a device, FIFO, directory or link, never an input
//! of the same command. Reading is bounded the same way ([`read_input`]).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

/// The name standard input goes by on the command line.
pub const STDIN: &str = "-";

#[derive(Debug)]
pub enum WriteError {
    Exists(String),
    /// The target is not a regular file (its kind: "a directory", "a FIFO"...).
    NotRegular(String, &'static str),
    /// The target is one of the command's own input files.
    IsInput(String),
    /// The directory to write into does not exist (or is not a directory).
    NoDirectory(String),
    Io(std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Exists(p) => write!(f, "{p} already exists (use --force to overwrite it)"),
            WriteError::NotRegular(p, kind) => write!(
                f,
                "{p} is {kind}, not a regular file; ctgplan only writes regular files (choose a file name)"
            ),
            WriteError::IsInput(p) => write!(
                f,
                "{p} is an input of this command; write the result to another file (even --force does not replace an input)"
            ),
            WriteError::NoDirectory(d) => write!(
                f,
                "the directory {d} does not exist; create it first or choose another path"
            ),
            WriteError::Io(e) => write!(f, "{e}"),
        }
    }
}

crate::msgs! {
    EXISTS = "write.exists",
        fr: "{path} existe déjà (--force pour le remplacer)",
        en: "{path} already exists (use --force to overwrite it)";
    NOT_REGULAR = "write.not_regular",
        fr: "{path} est {kind}, pas un fichier ordinaire\u{202f}; ctgplan n'écrit que des fichiers ordinaires (choisissez un nom de fichier)",
        en: "{path} is {kind}, not a regular file; ctgplan only writes regular files (choose a file name)";
    IS_INPUT = "write.is_input",
        fr: "{path} est une entrée de cette commande\u{202f}; écrivez le résultat dans un autre fichier (même --force ne remplace pas une entrée)",
        en: "{path} is an input of this command; write the result to another file (even --force does not replace an input)";
    NO_DIRECTORY = "write.no_directory",
        fr: "le dossier {dir} n'existe pas\u{202f}; créez-le d'abord ou choisissez un autre chemin",
        en: "the directory {dir} does not exist; create it first or choose another path";
    IO = "write.io", fr: "{reason}", en: "{reason}";
    CANNOT_WRITE = "write.cannot_write",
        fr: "erreur\u{a0}: impossible d'écrire {path}\u{a0}: {reason}",
        en: "error: cannot write {path}: {reason}";
}

impl WriteError {
    /// The reason in the user's language (Display stays English).
    pub fn text(&self) -> crate::i18n::Text {
        use crate::i18n::{Arg, Text};
        match self {
            WriteError::Exists(p) => Text::new(&EXISTS).arg("path", Arg::raw(p.clone())),
            WriteError::NotRegular(p, kind) => {
                let fr = match *kind {
                    "a directory" => "un dossier",
                    "a symbolic link" => "un lien symbolique",
                    "a FIFO (named pipe)" => "un tube nommé (FIFO)",
                    "a device" => "un périphérique",
                    "a socket" => "une socket",
                    other => other,
                };
                Text::new(&NOT_REGULAR)
                    .arg("path", Arg::raw(p.clone()))
                    .arg("kind", Arg::words(fr, *kind))
            }
            WriteError::IsInput(p) => Text::new(&IS_INPUT).arg("path", Arg::raw(p.clone())),
            WriteError::NoDirectory(d) => Text::new(&NO_DIRECTORY).arg("dir", Arg::raw(d.clone())),
            WriteError::Io(e) => Text::new(&IO).arg("reason", Arg::io_error(e)),
        }
    }
}

/// `erreur : impossible d'écrire PATH : REASON`, the line every command prints
/// when its output cannot be written.
pub fn cannot_write(path: &Path, e: &WriteError, lang: crate::i18n::Lang) -> String {
    use crate::i18n::{Arg, Text};
    Text::new(&CANNOT_WRITE)
        .arg("path", Arg::raw(path.display().to_string()))
        .arg("reason", Arg::text(e.text()))
        .render(lang)
}

/// Whether `path` may be written, checked before any work is done (so that
/// `propose --out` refuses before planning): its directory exists, it is not
/// an input, and if something is there it is a regular file and `overwrite`
/// is set. [`write_atomic`] checks again when it writes.
pub fn check_target(path: &Path, overwrite: bool, inputs: &[&Path]) -> Result<(), WriteError> {
    let shown = || path.display().to_string();
    let dir = parent_dir(path);
    if !dir.is_dir() {
        return Err(WriteError::NoDirectory(dir.display().to_string()));
    }
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(WriteError::Io(e)),
    };
    if let Some(kind) = not_regular(&meta.file_type()) {
        return Err(WriteError::NotRegular(shown(), kind));
    }
    if inputs.iter().any(|i| same_file(path, i)) {
        return Err(WriteError::IsInput(shown()));
    }
    if !overwrite {
        return Err(WriteError::Exists(shown()));
    }
    Ok(())
}

/// What a file type is, when it is not a regular file.
fn not_regular(t: &std::fs::FileType) -> Option<&'static str> {
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a directory");
    }
    if t.is_symlink() {
        return Some("a symbolic link");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// Whether two paths name the same file (same device and inode on Unix,
/// same canonical path elsewhere), whatever links or `..` lead to it.
fn same_file(a: &Path, b: &Path) -> bool {
    if b.as_os_str() == STDIN {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        match (a.canonicalize(), b.canonicalize()) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
    }
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// [`write_output`] for a command without input files.
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), WriteError> {
    write_output(path, bytes, overwrite, &[])
}

/// Writes `bytes` to `path` atomically, after [`check_target`].
pub fn write_output(
    path: &Path,
    bytes: &[u8],
    overwrite: bool,
    inputs: &[&Path],
) -> Result<(), WriteError> {
    // Tests run in parallel: the one that plays the signal handler (which
    // removes every pending file) must not remove another test's.
    #[cfg(test)]
    let _writing = tests::WRITES.read();
    check_target(path, overwrite, inputs)?;
    let dir = parent_dir(path);
    remove_stale_leftovers(dir);
    let (mut tmp, pending) = Pending::create(dir, path).map_err(WriteError::Io)?;
    tmp.write_all(bytes).map_err(WriteError::Io)?;
    tmp.as_file().sync_all().map_err(WriteError::Io)?;
    // Checked again at the last moment: something may have appeared meanwhile.
    check_target(path, overwrite, inputs)?;
    let persisted = if overwrite {
        tmp.persist(path).map_err(|e| WriteError::Io(e.error))
    } else {
        // Refuses to replace a file created meanwhile.
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                WriteError::Exists(path.display().to_string())
            } else {
                WriteError::Io(e.error)
            }
        })
    };
    drop(pending);
    persisted.map(|_| ())
}

/// Temporary files start with this (hidden, no extension: `check DIR`, which
/// reads `*.toml`, and a user's `*.csv` never pick them up).
const TEMP_PREFIX: &str = ".ctgplan-tmp-";

/// A temporary file with the permissions a plain write would give: those of
/// the file it replaces, else 0666 less the umask. (tempfile's default, 0600,
/// would leave a CSV meant for colleagues readable by its writer only.)
fn temp_file(dir: &Path, path: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let tmp = builder
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
        builder.tempfile_in(dir)
    }
}

/// Temporary files being written, removed by the SIGINT/SIGTERM handler: an
/// interrupted run leaves nothing behind (a `NamedTempFile` is removed by its
/// destructor, but a signal ends the process without running destructors).
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static HANDLER: Once = Once::new();

struct Pending(PathBuf);

impl Pending {
    /// Creates the temporary file and registers it in one step: the handler
    /// is installed first, and the list stays locked while the file is
    /// created, so a signal that arrives in between waits for the path to be
    /// listed and then removes it (no window in which it would be left).
    fn create(dir: &Path, path: &Path) -> std::io::Result<(tempfile::NamedTempFile, Pending)> {
        HANDLER.call_once(|| {
            // If a handler is already set (a program embedding the library),
            // the temporary file is still removed on every other path.
            let _ = ctrlc::set_handler(|| {
                remove_pending();
                std::process::exit(130);
            });
        });
        let mut listed = PENDING.lock().ok();
        let tmp = temp_file(dir, path)?;
        if let Some(p) = listed.as_mut() {
            p.push(tmp.path().to_path_buf());
        }
        drop(listed);
        let pending = Pending(tmp.path().to_path_buf());
        Ok((tmp, pending))
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Ok(mut p) = PENDING.lock() {
            p.retain(|q| q != &self.0);
        }
    }
}

/// Removes the temporary files being written (what the signal handler does).
pub fn remove_pending() {
    if let Ok(p) = PENDING.lock() {
        for path in p.iter() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A SIGKILL runs no handler, so it can leave a temporary file. Those of
/// ctgplan older than an hour (no write takes a second) are removed the next
/// time ctgplan writes in that directory, so they cannot pile up.
fn remove_stale_leftovers(dir: &Path) {
    const STALE: std::time::Duration = std::time::Duration::from_secs(3600);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let stale = e.file_name().to_string_lossy().starts_with(TEMP_PREFIX)
            && e.file_type().is_ok_and(|t| t.is_file())
            && e.metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > STALE);
        if stale {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Reads a file to check or plan, at most `limit` bytes: a regular file
/// (its size is checked first), or `-` for standard input (read up to the
/// limit). Anything else (a FIFO, a device such as /dev/zero, a directory)
/// is refused without being opened: it could block or never end.
pub fn read_input(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    if path.as_os_str() == STDIN {
        return read_capped(std::io::stdin().lock(), limit);
    }
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if let Some(kind) = not_regular(&meta.file_type()) {
        return Err(ReadError::NotRegular(kind));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(meta.len()));
    }
    read_capped(std::fs::File::open(path).map_err(ReadError::Io)?, limit)
}

/// Reads `r` to its end, or refuses it past `limit` bytes, having read one more.
pub fn read_capped(r: impl Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    // One byte over the limit tells a file at the limit from a larger one
    // (a file may also grow between the size check and the read).
    r.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    let len = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if len > limit {
        return Err(ReadError::TooLarge(len));
    }
    Ok(bytes)
}

/// How a text file writes itself: a UTF-8 byte order mark, CRLF line ends.
/// A file rewritten for its user (`propose --out`) keeps both, so that a
/// Windows editor sees no change but the figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextStyle {
    pub bom: bool,
    pub crlf: bool,
}

impl TextStyle {
    /// The style of a file, from its first bytes (`bom`) and its text, BOM
    /// removed (`crlf`: its first line end).
    pub fn of(path: &Path, text: &str) -> TextStyle {
        let mut head = [0u8; 3];
        let bom = path.as_os_str() != STDIN
            && std::fs::File::open(path)
                .and_then(|mut f| f.read_exact(&mut head))
                .is_ok()
            && head == [0xEF, 0xBB, 0xBF];
        let crlf = text.find('\n').is_some_and(|i| text[..i].ends_with('\r'));
        TextStyle { bom, crlf }
    }

    /// `text` (LF, CRLF or mixed line ends; no BOM) written in this style.
    pub fn apply(self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + text.len() / 20 + 3);
        if self.bom {
            out.push('\u{feff}');
        }
        if self.crlf {
            let mut prev = '\0';
            for c in text.chars() {
                if c == '\n' && prev != '\r' {
                    out.push('\r');
                }
                out.push(c);
                prev = c;
            }
        } else {
            out.push_str(&text.replace("\r\n", "\n"));
        }
        out
    }
}

#[derive(Debug)]
pub enum ReadError {
    /// Over the limit: the size, or at least that many bytes.
    TooLarge(u64),
    NotRegular(&'static str),
    Io(std::io::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Held for reading by every write, for writing by the test that
    /// removes every pending file.
    pub(super) static WRITES: std::sync::RwLock<()> = std::sync::RwLock::new(());

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

    #[cfg(unix)]
    #[test]
    fn refuses_what_is_not_a_regular_file_or_is_an_input() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.toml");
        std::fs::write(&input, b"x").unwrap();
        // The input, by another name too (a hard link, `..`).
        let link = dir.path().join("link.toml");
        std::fs::hard_link(&input, &link).unwrap();
        let dotted = dir.path().join("sub/../in.toml");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        for p in [&input, &link, &dotted] {
            assert!(
                matches!(
                    write_output(p, b"y", true, &[&input]),
                    Err(WriteError::IsInput(_))
                ),
                "{p:?}"
            );
        }
        assert_eq!(std::fs::read(&input).unwrap(), b"x");
        // A directory, a symbolic link, a FIFO, a device.
        let fifo = dir.path().join("fifo.csv");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let sym = dir.path().join("sym.csv");
        std::os::unix::fs::symlink(&input, &sym).unwrap();
        for (p, kind) in [
            (dir.path().join("sub"), "a directory"),
            (sym, "a symbolic link"),
            (fifo.clone(), "a FIFO (named pipe)"),
            (PathBuf::from("/dev/null"), "a device"),
        ] {
            match write_atomic(&p, b"y", true) {
                Err(WriteError::NotRegular(_, k)) => assert_eq!(k, kind),
                other => panic!("{p:?}: {other:?}"),
            }
        }
        {
            use std::os::unix::fs::FileTypeExt;
            assert!(std::fs::symlink_metadata(&fifo)
                .unwrap()
                .file_type()
                .is_fifo());
        }
        // A missing directory is named as such, not as a temporary file.
        let e = write_atomic(&dir.path().join("nope/out.csv"), b"y", false).unwrap_err();
        assert!(matches!(e, WriteError::NoDirectory(_)), "{e:?}");
        assert!(e.to_string().contains("nope"), "{e}");
        assert!(e.to_string().contains("nope does not exist"), "{e}");
        // Nothing left behind.
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["fifo.csv", "in.toml", "link.toml", "sub", "sym.csv"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn reads_are_capped_and_never_block() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("x.toml");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        // No writer: opening it would block forever; it is refused unopened.
        assert!(matches!(
            read_input(&fifo, 100),
            Err(ReadError::NotRegular("a FIFO (named pipe)"))
        ));
        assert!(matches!(
            read_input(Path::new("/dev/zero"), 100),
            Err(ReadError::NotRegular("a device"))
        ));
        assert!(matches!(
            read_input(dir.path(), 100),
            Err(ReadError::NotRegular("a directory"))
        ));
        let f = dir.path().join("f.toml");
        std::fs::write(&f, [b'a'; 100]).unwrap();
        assert_eq!(read_input(&f, 100).unwrap().len(), 100);
        assert!(matches!(read_input(&f, 99), Err(ReadError::TooLarge(100))));
        // An endless stream is cut one byte past the limit.
        assert!(matches!(
            read_capped(std::io::repeat(b'a'), 1000),
            Err(ReadError::TooLarge(1001))
        ));
    }

    #[test]
    fn text_style_keeps_bom_and_line_ends() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("w.toml");
        std::fs::write(&p, "\u{feff}a = 1\r\nb = 2\r\n").unwrap();
        let style = TextStyle::of(&p, "a = 1\r\nb = 2\r\n");
        assert_eq!(
            style,
            TextStyle {
                bom: true,
                crlf: true
            }
        );
        assert_eq!(
            style.apply("a = 1\r\nc = 3\nb = 2\r\n"),
            "\u{feff}a = 1\r\nc = 3\r\nb = 2\r\n"
        );
        let unix = TextStyle::of(Path::new("-"), "a = 1\n");
        assert_eq!(unix, TextStyle::default());
        assert_eq!(unix.apply("a\r\nb\n"), "a\nb\n");
    }

    #[test]
    fn an_interrupted_write_leaves_nothing_and_old_leftovers_go() {
        let only = WRITES.write();
        let dir = tempfile::tempdir().unwrap();
        let (tmp, pending) = Pending::create(dir.path(), &dir.path().join("out.csv")).unwrap();
        let path = tmp.path().to_path_buf();
        // What the SIGINT/SIGTERM handler does before exiting.
        remove_pending();
        drop(only);
        assert!(!path.exists());
        drop(pending);
        std::mem::forget(tmp);
        // A leftover of a SIGKILL, an hour old, goes at the next write;
        // a recent one (a write under way) and other files stay.
        let old = dir.path().join(format!("{TEMP_PREFIX}old"));
        let recent = dir.path().join(format!("{TEMP_PREFIX}new"));
        let mine = dir.path().join(".tmp-not-ours");
        for p in [&old, &recent, &mine] {
            std::fs::write(p, b"x").unwrap();
        }
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        std::fs::File::options()
            .write(true)
            .open(&old)
            .unwrap()
            .set_modified(hour_ago)
            .unwrap();
        std::fs::File::options()
            .write(true)
            .open(&mine)
            .unwrap()
            .set_modified(hour_ago)
            .unwrap();
        write_atomic(&dir.path().join("out.csv"), b"a", false).unwrap();
        assert!(!old.exists());
        assert!(recent.exists() && mine.exists());
    }
}
