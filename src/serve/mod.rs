//! `ctgplan serve`: a local page to negotiate a scheme on screen (docs/serve.md).
//!
//! tiny_http, synchronous, one request at a time: one person drives the page
//! in a meeting, so a single thread owns the open files and needs no lock,
//! and the binary takes no async runtime. The behaviour and its guards live
//! in [`api`], testable without sockets; this module only binds, loops and stops.

pub mod api;
mod assets;
pub mod doc;
pub mod export;
mod layout;
pub mod negotiate;
mod relax;
pub mod variant;
pub mod view;
mod words;

use crate::exit::ExitStatus;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The folder served and the scenario files offered in it.
pub fn files_of(target: &Path) -> Result<(PathBuf, Vec<(String, PathBuf)>), String> {
    let canon = |p: &Path| {
        p.canonicalize()
            .map_err(|e| format!("{}: {e}", p.display()))
    };
    let target = canon(target)?;
    let (root, candidates) = if target.is_dir() {
        let found =
            crate::check::collect(std::slice::from_ref(&target)).map_err(|e| e.to_string())?;
        (target, found)
    } else {
        let root = target
            .parent()
            .map(Path::to_path_buf)
            .ok_or("the file has no folder")?;
        (root, vec![target])
    };
    let mut files = Vec::new();
    for p in candidates {
        // A link pointing out of the folder is not offered.
        let Ok(real) = p.canonicalize() else { continue };
        let Ok(rel) = real.strip_prefix(&root) else {
            continue;
        };
        // A Caf's portfolio is not a scheme to edit on the grid.
        if crate::portfolio::is_portfolio_file(&real) {
            continue;
        }
        files.push((rel.to_string_lossy().into_owned(), real));
    }
    if files.is_empty() {
        return Err(format!("{}: no scenario (.toml) file", root.display()));
    }
    Ok((root, files))
}

/// 128 random bits from the operating system, in hex.
pub fn new_token() -> Result<String, String> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| format!("no random source: {e}"))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

pub fn run(
    out: &mut dyn Write,
    target: &Path,
    port: u16,
    open: bool,
    lang: crate::i18n::Lang,
) -> std::io::Result<ExitStatus> {
    let error =
        |m: &str| crate::tr!(lang, "serve.error", "erreur\u{a0}: {m}", "error: {m}", "m" => m);
    let (root, files) = match files_of(target) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{}", error(&e));
            return Ok(ExitStatus::Unusable);
        }
    };
    let token = match new_token() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{}", error(&e));
            return Ok(ExitStatus::Unusable);
        }
    };
    let server = match tiny_http::Server::http(("127.0.0.1", port)) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            let m = crate::tr!(lang, "serve.cannot_listen",
                "erreur\u{a0}: impossible d'écouter sur 127.0.0.1:{port}\u{a0}: {e}\u{202f}; choisissez un autre --port, ou omettez-le pour un port libre",
                "error: cannot listen on 127.0.0.1:{port}: {e}; choose another --port, or leave it out for a free one",
                "port" => &port.to_string(), "e" => &e.to_string());
            eprintln!("{m}");
            return Ok(ExitStatus::Unusable);
        }
    };
    let Some(port) = server.server_addr().to_ip().map(|a| a.port()) else {
        let m = crate::tr!(lang, "serve.no_port", "pas de port local", "no local port");
        eprintln!("{}", error(&m));
        return Ok(ExitStatus::Unusable);
    };
    let url = format!("http://127.0.0.1:{port}/?token={token}");
    // One write, and a closed output does not stop the server: whoever
    // started it may stop reading once it has the address.
    let banner = crate::i18n::Text::new(&words::BANNER)
        .arg("url", crate::i18n::Arg::raw(url.as_str()))
        .arg("n", crate::i18n::Arg::count(files.len()))
        .arg("root", crate::i18n::Arg::raw(root.display().to_string()))
        .render(lang);
    let _ = out.write_all(banner.as_bytes()).and_then(|()| out.flush());
    let stopper = Arc::clone(&server);
    if let Err(e) = ctrlc::set_handler(move || stopper.unblock()) {
        let m = crate::tr!(lang, "serve.no_ctrlc",
            "avertissement\u{a0}: Ctrl-C n'arrêtera pas proprement le serveur\u{a0}: {e}",
            "warning: Ctrl-C will not stop cleanly: {e}", "e" => &e.to_string());
        eprintln!("{m}");
    }
    if open {
        open_browser(&url, lang);
    }
    let mut app = api::Server::new(root, files, port, token);
    for mut req in server.incoming_requests() {
        let r = to_request(&mut req);
        let resp = match r {
            Some(r) => app.handle(&r),
            None => api::too_large(),
        };
        let _ = req.respond(to_tiny(resp));
    }
    let _ = writeln!(
        out,
        "{}",
        crate::tr!(lang, "serve.stopped", "arrêté", "stopped")
    );
    Ok(ExitStatus::Valid)
}

fn to_request(req: &mut tiny_http::Request) -> Option<api::Request> {
    // A declared length over the bound is refused before reading anything.
    if req.body_length().is_some_and(|n| n > api::MAX_BODY) {
        return None;
    }
    let mut body = Vec::new();
    let limit = api::MAX_BODY as u64 + 1;
    req.as_reader().take(limit).read_to_end(&mut body).ok()?;
    if body.len() > api::MAX_BODY {
        return None;
    }
    Some(api::Request {
        method: req.method().as_str().to_owned(),
        url: req.url().to_owned(),
        headers: req
            .headers()
            .iter()
            .map(|h| {
                (
                    h.field.as_str().as_str().to_ascii_lowercase(),
                    h.value.as_str().to_owned(),
                )
            })
            .collect(),
        body,
    })
}

fn to_tiny(r: api::Response) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut resp = tiny_http::Response::from_data(r.body).with_status_code(r.status);
    let disposition = r.file_name.map(|n| format!("attachment; filename=\"{n}\""));
    let headers = std::iter::once(("Content-Type", r.content_type))
        .chain(disposition.as_deref().map(|d| ("Content-Disposition", d)))
        .chain(api::SECURITY_HEADERS.iter().copied());
    for (k, v) in headers {
        if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            resp.add_header(h);
        }
    }
    resp
}

/// Opens `url` in the user's browser: `$BROWSER` when set (the convention
/// of xdg-open and Python's webbrowser: a command, `%s` standing for the
/// address, else the address appended), else the system's opener.
fn open_browser(url: &str, lang: crate::i18n::Lang) {
    let (program, args) = match std::env::var("BROWSER")
        .ok()
        .as_deref()
        .and_then(browser_command)
    {
        Some((p, a)) => (p, a.into_iter().map(|x| x.replace("%s", url)).collect()),
        None if cfg!(target_os = "macos") => ("open".to_owned(), vec![url.to_owned()]),
        None if cfg!(windows) => (
            "cmd".to_owned(),
            ["/C", "start", "", url].map(str::to_owned).to_vec(),
        ),
        None => ("xdg-open".to_owned(), vec![url.to_owned()]),
    };
    if let Err(e) = std::process::Command::new(&program)
        .args(&args)
        .stdin(std::process::Stdio::null())
        .spawn()
    {
        let m = crate::tr!(lang, "serve.no_browser",
            "avertissement\u{a0}: impossible d'ouvrir le navigateur avec {program} ({e})\u{202f}; ouvrez l'adresse ci-dessus",
            "warning: cannot open the browser with {program} ({e}); open the address above",
            "program" => &program, "e" => &e.to_string());
        eprintln!("{m}");
    }
}

/// `$BROWSER`'s first command (entries are separated by `:`), as a program
/// and its arguments, `%s` added at the end when it has none.
fn browser_command(var: &str) -> Option<(String, Vec<String>)> {
    let first = var.split(':').map(str::trim).find(|c| !c.is_empty())?;
    let mut words = first.split_whitespace().map(str::to_owned);
    let program = words.next()?;
    let mut args: Vec<String> = words.collect();
    if !args.iter().any(|a| a.contains("%s")) {
        args.push("%s".into());
    }
    Some((program, args))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_reads_like_xdg_open() {
        assert_eq!(
            browser_command("firefox"),
            Some(("firefox".into(), vec!["%s".into()]))
        );
        assert_eq!(
            browser_command(" :chromium --new-window %s:firefox"),
            Some(("chromium".into(), vec!["--new-window".into(), "%s".into()]))
        );
        assert_eq!(browser_command(" : "), None);
    }

    #[test]
    fn a_portfolio_in_the_folder_is_not_offered_as_a_scheme() {
        let dir = tempfile::tempdir().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        for name in ["vallee-des-baux-alpilles.toml", "caf-bouches-du-rhone.toml"] {
            std::fs::copy(root.join(name), dir.path().join(name)).unwrap();
        }
        let (_, files) = files_of(dir.path()).unwrap();
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["vallee-des-baux-alpilles.toml"]);
    }
}
