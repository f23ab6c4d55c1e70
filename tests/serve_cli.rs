//! `ctgplan serve` as a process, over a real socket (no browser): the
//! address it prints, the guards as the HTTP layer passes them on (Host,
//! token, Origin, declared body size), and the refusal of a path that does not exist.

use insta_cmd::get_cargo_bin;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

struct Server {
    child: Child,
    /// Kept open so that the server's output has a reader.
    _stdout: BufReader<std::process::ChildStdout>,
    port: u16,
    token: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(dir: &std::path::Path) -> Server {
    let mut child = Command::new(get_cargo_bin("ctgplan"))
        .env("CTGPLAN_LANG", "en")
        .args(["serve", "--port", "0"])
        .arg(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve starts");
    let mut line = String::new();
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    stdout.read_line(&mut line).expect("the address line");
    let url = line
        .trim()
        .strip_prefix("ctgplan serve: http://127.0.0.1:")
        .expect(&line);
    let (port, token) = url.split_once("/?token=").expect(&line);
    assert_eq!(token.len(), 32, "a 128-bit token in hex");
    Server {
        child,
        _stdout: stdout,
        port: port.parse().expect("a port"),
        token: token.to_owned(),
    }
}

/// Sends a raw HTTP/1.1 request; returns the status code and the body.
fn raw(port: u16, request: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.write_all(request).expect("send");
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

fn post(s: &Server, host: &str, origin: &str, body: &str) -> (u16, String) {
    let req = format!(
        "POST /api/view HTTP/1.1\r\nHost: {host}\r\nX-Token: {}\r\nOrigin: {origin}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        s.token,
        body.len()
    );
    raw(s.port, req.as_bytes())
}

#[test]
fn the_guards_hold_over_a_real_socket() {
    let dir = tempfile::tempdir().expect("temp dir");
    let scenario = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/golfe-des-etangs.toml"
    );
    std::fs::copy(scenario, dir.path().join("golfe.toml")).expect("copy");
    let s = start(dir.path());
    let own = format!("127.0.0.1:{}", s.port);
    let origin = format!("http://{own}");

    let get = |host: &str, path: &str| {
        raw(
            s.port,
            format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
        )
    };
    let (code, body) = get(&own, &format!("/?token={}", s.token));
    assert_eq!(code, 200, "{body}");
    assert!(body.contains("<html lang=\"fr\">"));
    assert_eq!(
        get(
            &format!("evil.example:{}", s.port),
            &format!("/?token={}", s.token)
        )
        .0,
        421
    );
    // Without its token, the page's address says how to open it, as a page.
    let (code, body) = get(&own, "/");
    assert_eq!(code, 403);
    assert!(body.contains("<h1>Adresse incomplète</h1>"), "{body}");
    assert_eq!(get(&own, "/api/files?token=nope").0, 403);

    let (code, body) = post(&s, &own, &origin, r#"{"file":0}"#);
    assert_eq!(code, 200, "{body}");
    assert!(body.contains("\"diagnostics\""));
    assert_eq!(
        post(&s, &own, "http://evil.example", r#"{"file":0}"#).0,
        403
    );
    // A declared length over 64 KiB is refused before the body is sent.
    let big = format!(
        "POST /api/view HTTP/1.1\r\nHost: {own}\r\nX-Token: {}\r\nOrigin: {origin}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        s.token,
        70 * 1024
    );
    let (code, body) = raw(s.port, big.as_bytes());
    assert_eq!(code, 413);
    // Said in both languages, French first, as every refusal of the page.
    assert!(
        body.contains("requête trop grande") && body.contains("request too large"),
        "{body}"
    );

    // "Save as" takes a bare name: nothing is written outside the folder.
    let save = |name: &str| {
        let body = format!(r#"{{"file":0,"name":"{name}"}}"#);
        let req = format!(
            "POST /api/save HTTP/1.1\r\nHost: {own}\r\nX-Token: {}\r\nOrigin: {origin}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            s.token,
            body.len()
        );
        raw(s.port, req.as_bytes()).0
    };
    assert_eq!(save("../escaped.toml"), 422);
    assert!(!dir
        .path()
        .parent()
        .expect("parent")
        .join("escaped.toml")
        .exists());

    // A flood is refused (429) before any work: at most 60 requests a second.
    let mut codes = Vec::new();
    for _ in 0..200 {
        codes.push(get(&own, "/app.js").0);
    }
    assert!(codes.contains(&429), "{codes:?}");
    assert!(codes.iter().all(|c| *c == 200 || *c == 429), "{codes:?}");
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let out = Command::new(get_cargo_bin("ctgplan"))
        .env("CTGPLAN_LANG", "en")
        .args(["serve", "/no/such/folder"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/folder"));
}

#[test]
fn open_starts_the_browser_on_the_address_with_its_token() {
    let dir = tempfile::tempdir().expect("temp dir");
    let scenario = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/golfe-des-etangs.toml"
    );
    std::fs::copy(scenario, dir.path().join("golfe.toml")).expect("copy");
    // A stand-in browser that writes down the address it is given.
    let opened = dir.path().join("opened.txt");
    let browser = dir.path().join("browser.sh");
    std::fs::write(
        &browser,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", opened.display()),
    )
    .expect("script");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let mut child = Command::new(get_cargo_bin("ctgplan"))
        .env("CTGPLAN_LANG", "en")
        .env("BROWSER", &browser)
        .args(["serve", "--port", "0", "--open"])
        .arg(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve starts");
    let mut line = String::new();
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    stdout.read_line(&mut line).expect("the address line");
    let url = line
        .trim()
        .strip_prefix("ctgplan serve: ")
        .expect(&line)
        .to_owned();
    let start = std::time::Instant::now();
    let got = loop {
        if let Ok(t) = std::fs::read_to_string(&opened) {
            if !t.is_empty() {
                break t;
            }
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "the browser was not started"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(got, url);
    assert!(got.contains("?token="));
}
