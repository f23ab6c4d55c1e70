//! `check --watch`: check, then check again each time a scenario file is
//! saved, for a negotiator editing in a plain editor during a meeting. Ends on
//! Ctrl-C, on `q` + Enter, or when the standard input closes (Ctrl-D).

use crate::check::Report;
use crate::exit::ExitStatus;
use crate::i18n::{Arg, Lang, Msg, Text};
use crate::render;
use crate::render::sinks::CheckFormat;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use notify::{EventKind, RecursiveMode, Watcher};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// Saves come in bursts (write, rename, chmod): wait this long for quiet.
const SETTLE: Duration = Duration::from_millis(150);

enum Signal {
    Changed(Vec<PathBuf>),
    Quit,
}

/// Whether an event concerns a scenario file's content.
fn relevant(event: &notify::Event) -> bool {
    matches!(
        event.kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
    ) && event
        .paths
        .iter()
        .any(|p| p.extension().is_some_and(|e| e == "toml"))
}

/// The directory to watch for a path: a directory itself; a file's parent, so
/// that an editor that saves by renaming a new file over the old one is seen.
fn watch_target(path: &Path) -> (PathBuf, RecursiveMode) {
    if path.is_dir() {
        (path.to_path_buf(), RecursiveMode::Recursive)
    } else {
        let parent = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        (parent.to_path_buf(), RecursiveMode::NonRecursive)
    }
}

static CANNOT_WATCH: Msg = Msg::new(
    "watch.cannot_watch",
    "avertissement\u{a0}: impossible de surveiller {path}\u{a0}: {error}",
    "warning: cannot watch {path}: {error}",
);
static NO_CTRL_C: Msg = Msg::new(
    "watch.no_ctrl_c",
    "avertissement\u{a0}: Ctrl-C n'est pas intercepté\u{a0}: {error}",
    "warning: Ctrl-C handler not installed: {error}",
);
static ROUND: Msg = Msg::new(
    "watch.round",
    "\n── vérification {round} ({files} {n:modifié|modifiés}) ──",
    "\n── check {round} ({files} {n:changed|changed}) ──",
);
static WATCHING: Msg = Msg::new(
    "watch.watching",
    "surveillance de {n} {n:chemin|chemins}\u{202f}; Ctrl-C ou `q` + Entrée pour arrêter",
    "watching {n} {n:path|paths} for changes; Ctrl-C or `q` + Enter to stop",
);
static STOPPED: Msg = Msg::new("watch.stopped", "surveillance arrêtée", "stopped watching");

fn print(
    format: CheckFormat,
    color: ColorChoice,
    report: &Report,
    deny_warnings: bool,
    lang: Lang,
) -> std::io::Result<()> {
    match format {
        CheckFormat::Human => {
            let mut out = StandardStream::stdout(color);
            render::human::write_report(&mut out, report, lang)?;
            out.flush()
        }
        CheckFormat::Json => print_line(&render::json::to_string(report, lang)),
        other => print_line(
            &render::sinks::render(other, report, deny_warnings, lang).unwrap_or_default(),
        ),
    }
}

fn print_line(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")?;
    out.flush()
}

/// Runs the watch loop; returns the exit code of the last check.
pub fn run(
    paths: &[PathBuf],
    format: CheckFormat,
    deny_warnings: bool,
    color: ColorChoice,
    lang: Lang,
) -> std::io::Result<ExitStatus> {
    let (tx, rx) = mpsc::channel::<Signal>();
    let files_tx = tx.clone();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(event) = res {
            if relevant(&event) {
                let _ = files_tx.send(Signal::Changed(event.paths));
            }
        }
    })
    .map_err(std::io::Error::other)?;
    let mut watched = Vec::new();
    for path in paths {
        let (target, mode) = watch_target(path);
        if watched.contains(&target) {
            continue;
        }
        match watcher.watch(&target, mode) {
            Ok(()) => watched.push(target),
            Err(e) => eprintln!(
                "{}",
                Text::new(&CANNOT_WATCH)
                    .arg("path", Arg::raw(target.display().to_string()))
                    .arg("error", Arg::raw(e.to_string()))
                    .render(lang)
            ),
        }
    }
    let quit_tx = tx.clone();
    // Ctrl-C ends the loop between checks, so no output is cut in the middle.
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = quit_tx.send(Signal::Quit);
    }) {
        eprintln!(
            "{}",
            Text::new(&NO_CTRL_C)
                .arg("error", Arg::raw(e.to_string()))
                .render(lang)
        );
    }
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut line = String::new();
        loop {
            line.clear();
            match stdin.lock().read_line(&mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) if line.trim().eq_ignore_ascii_case("q") => break,
                Ok(_) => {}
            }
        }
        let _ = tx.send(Signal::Quit);
    });

    let mut round = 0u32;
    let mut changed: Vec<PathBuf> = Vec::new();
    let mut code: ExitStatus;
    loop {
        if round > 0 {
            let names: Vec<String> = changed.iter().map(|p| p.display().to_string()).collect();
            let line = Text::new(&ROUND)
                .arg("round", Arg::int(round + 1))
                .arg("n", Arg::count(names.len()))
                .arg("files", Arg::raw(names.join(", ")));
            eprintln!("{}", line.render(lang));
        }
        let report = crate::check_all::check_all(paths);
        code = report.exit_code(deny_warnings);
        print(format, color, &report, deny_warnings, lang)?;
        let watching = Text::new(&WATCHING).arg("n", Arg::count(paths.len()));
        eprintln!("{}", watching.render(lang));
        round += 1;
        changed.clear();
        match rx.recv() {
            Ok(Signal::Changed(p)) => changed.extend(p),
            Ok(Signal::Quit) | Err(_) => break,
        }
        let mut quit = false;
        while let Ok(signal) = rx.recv_timeout(SETTLE) {
            match signal {
                Signal::Changed(p) => changed.extend(p),
                Signal::Quit => {
                    quit = true;
                    break;
                }
            }
        }
        if quit {
            break;
        }
        changed.sort();
        changed.dedup();
    }
    eprintln!("{}", Text::new(&STOPPED).render(lang));
    Ok(code)
}
