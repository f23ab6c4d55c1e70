//! The meeting page in a real browser: headless Chromium, driven over
//! chromedriver's W3C WebDriver protocol (plain HTTP + JSON, with ureq),
//! negotiates on a copy of the Vallée des Baux scenario: edit a cell, see the
//! diagnostic appear beside the total, open a figure, propose, save under a
//! new name, then `ctgplan check` the saved file. Ctrl-C (SIGINT) then stops
//! the server cleanly.
//!
//! Needs Debian's `chromium` and `chromium-driver` (.ci/run installs them).
//! Without them the test fails when `CI` is set, and is skipped otherwise.
//! Set `CTGPLAN_SCREENSHOTS=DIR` to keep screenshots of the steps (docs/serve.md).

use base64::Engine as _;
use insta_cmd::get_cargo_bin;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const VALLEE: &str = "scenarios/vallee-des-baux-alpilles.toml";
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn tools() -> Option<(PathBuf, PathBuf)> {
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let driver = std::env::var_os("CHROMEDRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromedriver"));
    if chromium.is_file() && driver.is_file() {
        return Some((chromium, driver));
    }
    let why = format!(
        "no {} or {} (install Debian's chromium and chromium-driver, or set CHROMIUM and CHROMEDRIVER)",
        chromium.display(),
        driver.display()
    );
    if std::env::var_os("CI").is_some() {
        panic!("the browser test needs them: {why}");
    }
    eprintln!("skipped: {why}");
    None
}

/// Kills a child process when dropped, so a failing test leaves nothing running.
struct Guard(Child);
impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

struct Driver {
    base: String,
    session: String,
}

impl Driver {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}{}", self.base, self.session, path);
        send(method, &url, body)
    }
    fn find(&self, css: &str) -> String {
        let v = self.call(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        v["value"][ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {v}"))
            .to_owned()
    }
    fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css);
        // As a person does: select all (Ctrl+A), delete, type, then Tab,
        // which moves the focus on and fires the input's `change` once.
        let keys = format!("\u{E009}a\u{E000}\u{E003}{text}\u{E004}");
        self.call(
            "POST",
            &format!("/element/{e}/value"),
            Some(json!({ "text": keys })),
        );
    }
    /// Sends keys to an element as they are (`\u{E015}`: the down arrow).
    fn keys(&self, css: &str, keys: &str) {
        let e = self.find(css);
        self.call(
            "POST",
            &format!("/element/{e}/value"),
            Some(json!({ "text": keys })),
        );
    }
    fn click(&self, css: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/click"), Some(json!({})));
    }
    fn script(&self, script: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )["value"]
            .clone()
    }
    /// Waits until `script` returns true.
    fn wait(&self, what: &str, script: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            if self.script(script) == json!(true) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let page = self.script("return document.body.innerText");
        panic!("timed out waiting for {what}; the page shows:\n{page}");
    }
    fn screenshot(&self, name: &str) {
        let Some(dir) = std::env::var_os("CTGPLAN_SCREENSHOTS") else {
            return;
        };
        let v = self.call("GET", "/screenshot", None);
        let png = base64::engine::general_purpose::STANDARD
            .decode(v["value"].as_str().expect("base64 screenshot"))
            .expect("valid base64");
        std::fs::write(Path::new(&dir).join(name), png).expect("screenshot written");
    }
}

fn send(method: &str, url: &str, body: Option<Value>) -> Value {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into();
    let resp = match (method, body) {
        ("GET", _) => agent.get(url).call(),
        ("DELETE", _) => agent.delete(url).call(),
        (_, body) => agent
            .post(url)
            .header("Content-Type", "application/json")
            .send(body.unwrap_or(json!({})).to_string()),
    };
    let mut resp = resp.unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let text = resp.body_mut().read_to_string().expect("a text answer");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{method} {url}: {e}: {text}"))
}

fn start_driver(driver: &Path, chromium: &Path) -> (Guard, Driver) {
    let port = free_port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let guard = Guard(child);
    let base = format!("http://127.0.0.1:{port}");
    let start = Instant::now();
    loop {
        let ready = ureq::get(&format!("{base}/status"))
            .call()
            .ok()
            .and_then(|mut r| r.body_mut().read_to_string().ok())
            .is_some_and(|t| t.contains("\"ready\":true"));
        if ready {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let caps = json!({"capabilities": {"alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1400,1200",
                     "--no-first-run", "--disable-background-networking", "--disable-sync",
                     "--disable-extensions", "--disable-component-update",
                     "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
        }
    }}});
    let v = send("POST", &format!("{base}/session"), Some(caps));
    let session = v["value"]["sessionId"]
        .as_str()
        .unwrap_or_else(|| panic!("no session: {v}"))
        .to_owned();
    (guard, Driver { base, session })
}

/// Starts `ctgplan serve` on `dir`: the server, its output after the
/// address line, and the address.
fn serve(dir: &Path) -> (Guard, BufReader<std::process::ChildStdout>, String) {
    let mut server = Command::new(get_cargo_bin("ctgplan"))
        .env("CTGPLAN_LANG", "en")
        .args(["serve", "--port", "0"])
        .arg(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("ctgplan serve starts");
    let mut lines = BufReader::new(server.stdout.take().expect("stdout"));
    let mut first = String::new();
    lines.read_line(&mut first).expect("the address line");
    let url = first
        .trim()
        .strip_prefix("ctgplan serve: ")
        .unwrap_or_else(|| panic!("unexpected first line: {first}"))
        .to_owned();
    assert!(url.starts_with("http://127.0.0.1:") && url.contains("?token="));
    (Guard(server), lines, url)
}

#[test]
fn a_negotiation_in_the_browser() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    let work = tempfile::tempdir().expect("temp dir");
    let original = std::fs::read_to_string(Path::new(ROOT).join(VALLEE)).expect("scenario");
    std::fs::write(work.path().join("vallee.toml"), &original).expect("copy");
    // A second file whose names hold markup: it must be shown as text.
    let hostile = original.replace(
        "name = \"Aureille\"",
        "name = \"<img src=x onerror=document.title='pwned'>Aureille\"",
    );
    std::fs::write(work.path().join("zz-hostile.toml"), hostile).expect("copy");

    let (server, mut lines, url) = serve(work.path());

    let (_chromedriver, d) = start_driver(&driver, &chromium);
    d.call("POST", "/url", Some(json!({ "url": url })));
    d.wait(
        "the grid",
        "return document.querySelectorAll('#grid tbody tr').length === 12",
    );
    assert_eq!(
        d.script("return document.getElementById('period').value"),
        json!("2")
    );
    assert_eq!(
        d.script("return document.querySelector('h2').textContent"),
        json!("Communes × thèmes")
    );
    d.screenshot("serve-grid.png");

    // The Caf's budget is fixed: the period's total and the Caf's total are
    // locked, so "Proposer" keeps them as written.
    for key in ["total", "caf_total"] {
        d.click(&format!("button.lock[data-key='{key}']"));
        d.wait(
            "the lock",
            &format!(
                "return document.querySelector('button.lock[data-key=\"{key}\"]').getAttribute('aria-pressed') === 'true'"
            ),
        );
    }

    // Aureille asks for 0,5 ETP: the total no longer matches (CTG030),
    // said in French beside the total and in the list.
    d.type_into("input[data-key='post:aureille']", "0,5");
    d.wait(
        "the diagnostic beside the total",
        "return !!document.querySelector('#diagnostics li.error[data-code=\"CTG030\"]') \
         && document.querySelector('input[data-key=\"total\"]').classList.contains('error')",
    );
    let said = d.script(
        "return document.querySelector('#diagnostics li.error[data-code=\"CTG030\"]').textContent",
    );
    assert!(
        said.as_str()
            .is_some_and(|t| t.contains("totalisent 3,6 ETP")),
        "{said}"
    );
    assert_eq!(
        d.script(
            "return document.querySelector('input[data-key=\"post:aureille\"]').classList.contains('asked')"
        ),
        json!(true),
        "the typed cell is an ask"
    );
    d.screenshot("serve-diagnostic.png");
    // The round trip as the page measures it (docs/benchmarks.md), not asserted.
    eprintln!(
        "cell edit → diagnostics shown: {}",
        d.script("return document.getElementById('status').textContent")
    );

    // "Proposer": Aureille's ask is met, the locked totals stay, the other
    // communes give way.
    d.click("#propose");
    d.wait(
        "the proposal",
        "return !document.getElementById('proposal').hidden \
         && !document.querySelector('#diagnostics li.error')",
    );
    for (key, value) in [
        ("post:aureille", "0,5"),
        ("total", "3,3"),
        ("caf_total", "3,3"),
    ] {
        assert_eq!(
            d.script(&format!(
                "return document.querySelector('input[data-key=\"{key}\"]').value"
            )),
            json!(value),
            "{key}"
        );
    }
    d.screenshot("serve-proposal.png");
    eprintln!(
        "Proposer → proposal shown: {}",
        d.script("return document.getElementById('status').textContent")
    );

    // Saved under a new name, beside the original.
    d.type_into("#saveas-name", "variante-a.toml");
    d.click("#saveas");
    d.wait(
        "the saved message",
        "return document.getElementById('status').textContent.startsWith('Enregistré')",
    );
    let saved = work.path().join("variante-a.toml");
    let text = std::fs::read_to_string(&saved).expect("the saved file");
    assert!(text.contains("aureille = { etp = 0.5"), "{text}");
    assert!(text.contains("# The seed lists no themes for Aureille's post"));
    assert_eq!(
        std::fs::read_to_string(work.path().join("vallee.toml")).expect("original"),
        original,
        "the original file is untouched"
    );
    let check = Command::new(get_cargo_bin("ctgplan"))
        .env("CTGPLAN_LANG", "en")
        .args(["check", "--color", "never"])
        .arg(&saved)
        .output()
        .expect("check runs");
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );

    // Saved as a variant of the file shown: a small `extends` file holding
    // only what differs, which `check` reads with its base.
    d.type_into("#saveas-name", "variante-b.toml");
    d.click("#saveas-variant");
    d.click("#saveas");
    d.wait(
        "the variant saved",
        "return document.getElementById('status').textContent === 'Enregistré\u{202f}: variante-b.toml'",
    );
    d.click("#saveas-variant");
    let variant = work.path().join("variante-b.toml");
    let text = std::fs::read_to_string(&variant).expect("the variant");
    assert!(text.starts_with("extends = \"vallee.toml\"\n"), "{text}");
    assert!(text.contains("aureille = { etp = 0.5"), "{text}");
    assert!(text.lines().count() < 25, "only what differs: {text}");
    let check = Command::new(get_cargo_bin("ctgplan"))
        .env("CTGPLAN_LANG", "en")
        .args(["check", "--color", "never"])
        .arg(&variant)
        .output()
        .expect("check runs");
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );

    // An impossible ask: the total unlocked and asked at 3,5 with the
    // Caf's total unlocked too. Each way out is a card with its yearly cost;
    // one click applies the one that moves the ask back.
    for key in ["total", "caf_total"] {
        d.click(&format!("button.lock[data-key='{key}']"));
        d.wait(
            "the lock off",
            &format!(
                "return document.querySelector('button.lock[data-key=\"{key}\"]').getAttribute('aria-pressed') === 'false'"
            ),
        );
    }
    d.type_into("input[data-key='total']", "3,5");
    d.wait(
        "the total's error",
        "return document.querySelector('input[data-key=\"total\"]').value === '3,5' \
         && !!document.querySelector('#diagnostics li.error')",
    );
    d.click("#propose");
    d.wait(
        "the advice cards",
        "return !document.getElementById('proposal').hidden \
         && document.querySelectorAll('.card button.apply').length >= 2",
    );
    let first = d.script("return document.querySelector('.card').textContent");
    assert!(
        first
            .as_str()
            .is_some_and(|t| t.contains("CTG032") && t.contains("Caf +5\u{202f}200,00\u{a0}€")),
        "{first}"
    );
    d.screenshot("serve-alternatives.png");
    d.script(
        "[...document.querySelectorAll('.card')].find(c => c.textContent.includes('CTG132')) \
         .querySelector('button.apply').click(); return true",
    );
    d.wait(
        "the advice applied",
        "return document.querySelector('input[data-key=\"total\"]').value === '3,3' \
         && !document.querySelector('#diagnostics li.error')",
    );

    // Variants side by side: this one (A), the original figures (B, in the
    // second file), the saved variante-a.toml (C) and the variant file
    // variante-b.toml (D), with yearly costs.
    d.click("#others input[value='1']");
    d.click("#others input[value='2']");
    // D: the variant file (`extends`), compared as the scenario it gives.
    d.click("#others input[value='3']");
    d.click("#compare");
    d.wait(
        "the comparison",
        "return document.querySelectorAll('#comparison tbody tr').length === 12",
    );
    assert_eq!(
        d.script("return document.querySelector('#comparison thead tr th').textContent"),
        json!("2027-2030 — A\u{202f}: vallee.toml, B\u{202f}: zz-hostile.toml, C\u{202f}: variante-a.toml, D\u{202f}: variante-b.toml")
    );
    assert_eq!(
        d.script("return document.querySelectorAll('#comparison tfoot tr').length"),
        json!(3),
        "total, the Caf's part and the errors"
    );
    // Aureille got its 0,5; which communes gave way is the planner's choice.
    let changed = d.script(
        "return [...document.querySelectorAll('#comparison tbody tr.changed th')].map(e => e.textContent)",
    );
    let changed = changed.as_array().expect("a list");
    assert!(
        changed.first() == Some(&json!("Aureille")) && changed.len() >= 2,
        "{changed:?}"
    );
    d.script("document.getElementById('comparison').scrollIntoView(); return true");
    d.screenshot("serve-compare.png");
    // The table follows the page: an edit shows at once in column A, with
    // its error, and the table speaks the page's language.
    d.type_into("input[data-key='post:aureille']", "0,7");
    d.wait(
        "the comparison following the edit",
        "const a = document.querySelector('#comparison tbody tr:first-child td').textContent; \
         const errors = [...document.querySelectorAll('#comparison tfoot tr')].pop().querySelector('td').textContent; \
         return a === '0,7' && errors !== '0'",
    );
    d.script("const s = document.getElementById('lang'); s.value = 'en'; s.dispatchEvent(new Event('change')); return true");
    assert_eq!(
        d.script("return [...document.querySelectorAll('#comparison thead th')].map(e => e.textContent).some(t => t.startsWith('left to pay / year'))"),
        json!(true)
    );
    assert_eq!(
        d.script("return [...document.querySelectorAll('#comparison tfoot th')].pop().textContent"),
        json!("errors")
    );
    d.script("const s = document.getElementById('lang'); s.value = 'fr'; s.dispatchEvent(new Event('change')); return true");
    d.click("#undo");
    d.wait(
        "the edit undone, in the comparison too",
        "return document.querySelector('#comparison tbody tr:first-child td').textContent === '0,5' \
         && [...document.querySelectorAll('#comparison tfoot tr')].pop().querySelector('td').textContent === '0'",
    );

    // Exports of the text as shown: the page's links download the report,
    // the workbook and the costs' CSV, named after the file.
    let base = url.split("/?token=").next().expect("the address");
    for (id, name, head) in [
        ("export-html", "vallee.html", &b"<!"[..]),
        ("export-xlsx", "vallee.xlsx", &b"PK"[..]),
        ("export-csv", "vallee-couts.csv", "\u{feff}".as_bytes()),
    ] {
        let href = d.script(&format!(
            "return document.getElementById('{id}').getAttribute('href')"
        ));
        let href = href.as_str().expect("a link");
        let mut resp = ureq::get(&format!("{base}{href}"))
            .call()
            .unwrap_or_else(|e| panic!("{href}: {e}"));
        let disposition = resp
            .headers()
            .get("content-disposition")
            .and_then(|h| h.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert_eq!(disposition, format!("attachment; filename=\"{name}\""));
        let body = resp.body_mut().read_to_vec().expect("the download");
        assert!(body.starts_with(head), "{id}");
    }

    // Someone else changes the file while the page has changes of its own:
    // the conflict is shown, nothing is written, "Recharger" takes theirs.
    let theirs = format!("# changed by someone else\n{original}");
    std::fs::write(work.path().join("vallee.toml"), &theirs).expect("their change");
    let touch = "const s = document.getElementById('period'); s.dispatchEvent(new Event('change')); return true";
    d.script(touch);
    d.wait(
        "the conflict",
        "return document.getElementById('status').className === 'conflict' \
         && !!document.querySelector('#status button.reload')",
    );
    d.click("#status button.reload");
    d.wait(
        "their version",
        "return document.querySelector('input[data-key=\"post:aureille\"]').value === '0,2' \
         && !document.getElementById('title').textContent.endsWith('*')",
    );
    assert_eq!(
        std::fs::read_to_string(work.path().join("vallee.toml")).expect("file"),
        theirs
    );
    // Changed again while the page has no change of its own: followed.
    let again = theirs.replace("aureille = { etp = 0.2 }", "aureille = { etp = 0.3 }");
    std::fs::write(work.path().join("vallee.toml"), &again).expect("their change");
    d.script(touch);
    d.wait(
        "the page following the file",
        "return document.querySelector('input[data-key=\"post:aureille\"]').value === '0,3' \
         && document.getElementById('status').textContent.includes('modifié sur le disque')",
    );

    // The variant opens merged with its base (Aureille's 0,5 from the
    // variant, the rest from vallee.toml); edited and saved, it stays a
    // variant, and `check` finds what the page shows.
    // The variant carries an ask of its own (`set`), as a negotiator
    // writes it for `propose`: the page shows it on Paradou's cell.
    let with_ask = std::fs::read_to_string(&variant)
        .expect("the variant")
        .replacen(
            "extends = \"vallee.toml\"\n",
            "extends = \"vallee.toml\"\nset = [\"2027-2030.paradou=0.3\"]\n",
            1,
        );
    std::fs::write(&variant, with_ask).expect("the variant's ask");
    d.script("const s = document.getElementById('file'); s.value = '3'; s.dispatchEvent(new Event('change')); return true");
    d.wait(
        "the variant file",
        "return document.getElementById('title').textContent === 'ctgplan — variante-b.toml (variante de vallee.toml)' \
         && document.querySelector('input[data-key=\"post:aureille\"]').value === '0,5'",
    );
    d.wait(
        "the variant's ask",
        "const w = document.querySelector('input[data-key=\"post:paradou\"]').parentElement.querySelector('.wish'); \
         return !!w && w.textContent === 'demande de la variante\u{202f}: = 0,3'",
    );
    // ↓ moves the figure down by the scenario's step (0,1).
    d.keys("input[data-key='post:aureille']", "\u{E015}");
    d.wait(
        "the variant's diagnostic",
        "return !!document.querySelector('#diagnostics li.error[data-code=\"CTG030\"]') \
         && document.querySelector('input[data-key=\"post:aureille\"]').value === '0,4'",
    );
    // The total is written in the base: the list names it, with its line
    // there, as `ctgplan check` on the variant does.
    let base = std::fs::read_to_string(work.path().join("vallee.toml")).expect("the base");
    let target = base
        .lines()
        .position(|l| l == "id = \"2027-2030\"")
        .expect("the period");
    let line = base
        .lines()
        .enumerate()
        .position(|(i, l)| i > target && l == "total = 3.3")
        .expect("its total")
        + 1;
    let said = d.script(
        "return document.querySelector('#diagnostics li.error[data-code=\"CTG030\"]').textContent",
    );
    assert!(
        said.as_str()
            .is_some_and(|t| t.contains(&format!("vallee.toml, ligne {line}\u{202f}:"))),
        "{said}"
    );
    assert_eq!(
        d.script("return document.querySelectorAll('#comparison tbody tr').length"),
        json!(0),
        "the comparison of the previous file is gone"
    );
    d.script("window.scrollTo(0, 0); return true");
    d.screenshot("serve-variant.png");
    d.click("#save");
    d.wait(
        "the variant saved in place",
        "return document.getElementById('status').textContent === 'Enregistré\u{202f}: variante-b.toml'",
    );
    let text = std::fs::read_to_string(&variant).expect("the variant");
    assert!(
        text.starts_with("extends = \"vallee.toml\"\n") && text.contains("aureille = { etp = 0.4,"),
        "{text}"
    );
    let check = Command::new(get_cargo_bin("ctgplan"))
        .env("CTGPLAN_LANG", "en")
        .args(["check", "--color", "never"])
        .arg(&variant)
        .output()
        .expect("check runs");
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stdout).contains("CTG030"));
    d.script("const s = document.getElementById('file'); s.value = '0'; s.dispatchEvent(new Event('change')); return true");
    d.wait(
        "back to the first file",
        "return document.getElementById('title').textContent.startsWith('ctgplan — vallee.toml')",
    );

    // Both languages have every string of the page.
    assert_eq!(
        d.script(
            "return JSON.stringify(Object.keys(STRINGS.fr).sort()) === \
             JSON.stringify(Object.keys(STRINGS.en).sort())"
        ),
        json!(true)
    );
    d.script("const s = document.getElementById('lang'); s.value = 'en'; s.dispatchEvent(new Event('change')); return true");
    assert_eq!(
        d.script("return document.querySelector('h2').textContent"),
        json!("Communes × themes")
    );

    // Markup in a scenario is shown as text, never run.
    d.script("const s = document.getElementById('file'); s.value = '1'; s.dispatchEvent(new Event('change')); return true");
    d.wait(
        "the hostile file",
        "return document.getElementById('title').textContent.includes('zz-hostile.toml')",
    );
    assert_eq!(
        d.script("return document.querySelector('#grid tbody th').textContent"),
        json!("<img src=x onerror=document.title='pwned'>Aureille")
    );
    assert_eq!(
        d.script(
            "return document.querySelectorAll('img').length === 0 && document.title !== 'pwned'"
        ),
        json!(true)
    );
    d.call("DELETE", "", None);

    // Ctrl-C stops the server cleanly.
    let mut server = server;
    let pid = server.0.id().to_string();
    let killed = Command::new("kill").args(["-INT", &pid]).status();
    assert!(killed.is_ok_and(|s| s.success()));
    let start = Instant::now();
    let status = loop {
        if let Some(s) = server.0.try_wait().expect("wait") {
            break s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the server did not stop on SIGINT"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut lines, &mut rest).expect("the rest of stdout");
    assert!(rest.contains("stopped"), "{rest}");
}

/// Cards whose change is not a figure of the file apply in one click too:
/// on a Vallée des Baux with a parentalité minimum and a move limit into
/// 2027-2030, asking parentalité at 0,2 ETP (totals locked) is impossible;
/// the card lowering the minimum writes it into 2027-2030's own rules, the
/// page re-checks at once, undo and redo walk it, and the file saved passes
/// `ctgplan check`. Then a move limit: Aureille asked at 0,6.
#[test]
fn a_rule_card_applies_in_one_click() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    let work = tempfile::tempdir().expect("temp dir");
    let original = std::fs::read_to_string(Path::new(ROOT).join(VALLEE)).expect("scenario");
    let ruled = original
        .replacen(
            "step = 0.1\n",
            "step = 0.1\n\n[rules.theme.parentalite]\nmin_etp = 0.3 # agreed in 2024\n",
            1,
        )
        .replacen(
            "label = \"Schéma de coopération 2027-2030\"\n",
            "label = \"Schéma de coopération 2027-2030\"\nrules = { max_commune_move = 0.3 }\n",
            1,
        );
    let file = work.path().join("regles.toml");
    std::fs::write(&file, &ruled).expect("copy");
    let (_server, _lines, url) = serve(work.path());
    let (_chromedriver, d) = start_driver(&driver, &chromium);
    d.call("POST", "/url", Some(json!({ "url": url })));
    d.wait(
        "the grid",
        "return document.querySelectorAll('#grid tbody tr').length === 12",
    );
    for key in ["total", "caf_total"] {
        d.click(&format!("button.lock[data-key='{key}']"));
        d.wait(
            "the lock",
            &format!(
                "return document.querySelector('button.lock[data-key=\"{key}\"]').getAttribute('aria-pressed') === 'true'"
            ),
        );
    }
    let apply = |code: &str, shot: Option<&str>| {
        d.click("#propose");
        d.wait(
            "the cards",
            &format!(
                "return [...document.querySelectorAll('.card')].some(c => c.textContent.includes('{code}') && !!c.querySelector('button.apply'))"
            ),
        );
        if let Some(name) = shot {
            d.script("document.getElementById('proposal').scrollIntoView(); return true");
            d.screenshot(name);
        }
        d.script(&format!(
            "[...document.querySelectorAll('.card')].find(c => c.textContent.includes('{code}')) \
             .querySelector('button.apply').click(); return true"
        ));
    };

    d.type_into("input[data-key='theme:parentalite']", "0,2");
    d.wait(
        "the minimum's error",
        "return !!document.querySelector('#diagnostics li.error[data-code=\"CTG042\"]')",
    );
    apply("CTG042", Some("serve-rule-card.png"));
    d.wait(
        "the minimum lowered",
        "return !document.querySelector('#diagnostics li.error') \
         && document.querySelector('input[data-key=\"theme:parentalite\"]').value === '0,2'",
    );
    d.click("#undo");
    d.wait(
        "undone",
        "return !!document.querySelector('#diagnostics li.error[data-code=\"CTG042\"]')",
    );
    d.click("#redo");
    d.wait(
        "redone",
        "return !document.querySelector('#diagnostics li.error') \
         && document.querySelector('input[data-key=\"theme:parentalite\"]').value === '0,2'",
    );

    // A move limit: Aureille from 0 in 2026 to 0,6 in 2027-2030.
    d.type_into("input[data-key='post:aureille']", "0,6");
    d.wait(
        "the total's error",
        "return document.querySelector('input[data-key=\"post:aureille\"]').value === '0,6' \
         && !!document.querySelector('#diagnostics li.error')",
    );
    apply("CTG080", None);
    d.wait(
        "the move limit raised",
        "return !document.querySelector('#diagnostics li.error') \
         && document.querySelector('input[data-key=\"post:aureille\"]').value === '0,6'",
    );
    // A post's padlock is written into the file.
    d.click("button.lock[data-key='post:mouries']");
    d.wait(
        "the post locked",
        "return document.querySelector('button.lock[data-key=\"post:mouries\"]').getAttribute('aria-pressed') === 'true' \
         && document.getElementById('title').textContent.endsWith('*')",
    );
    d.click("#save");
    d.wait(
        "saved",
        "return document.getElementById('status').textContent === 'Enregistré\u{202f}: regles.toml'",
    );
    let text = std::fs::read_to_string(&file).expect("saved");
    assert!(
        text.lines()
            .any(|l| l.starts_with("mouries = { etp = ") && l.ends_with(", locked = true }")),
        "{text}"
    );
    assert!(text.contains("min_etp = 0.3 # agreed in 2024"), "{text}");
    assert!(
        text.contains(
            "rules = { max_commune_move = 0.6, theme = { parentalite = { min_etp = 0.2 } } }"
        ),
        "{text}"
    );
    let check = Command::new(get_cargo_bin("ctgplan"))
        .env("CTGPLAN_LANG", "en")
        .args(["check", "--color", "never"])
        .arg(&file)
        .output()
        .expect("check runs");
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    d.call("DELETE", "", None);
}

/// The page's timings over many actions, for docs/benchmarks.md (a
/// benchmark, not a test: nothing is asserted about speed). Run it on a
/// release build of the server:
/// `cargo build --release && CTGPLAN_SERVE_BIN=target/release/ctgplan
/// cargo test --test serve_browser -- --ignored --nocapture page_timings`.
#[test]
#[ignore = "a benchmark: run by hand on a release build (docs/benchmarks.md)"]
fn page_timings() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    let bin = std::env::var_os("CTGPLAN_SERVE_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| get_cargo_bin("ctgplan"));
    let work = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        Path::new(ROOT).join(VALLEE),
        work.path().join("vallee.toml"),
    )
    .expect("copy");
    let mut server = Command::new(&bin)
        .args(["serve", "--port", "0"])
        .arg(work.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("ctgplan serve starts");
    let mut first = String::new();
    BufReader::new(server.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("the address line");
    let _server = Guard(server);
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {first}"))
        .to_owned();
    let (_chromedriver, d) = start_driver(&driver, &chromium);
    d.call("POST", "/url", Some(json!({ "url": url })));
    d.wait(
        "the grid",
        "return document.querySelectorAll('#grid tbody tr').length === 12",
    );
    // Cell edits: Aureille back and forth, each one re-checked (CTG030
    // appears and goes).
    let edits = 40;
    for i in 0..edits {
        d.type_into(
            "input[data-key='post:aureille']",
            if i % 2 == 0 { "0,5" } else { "0,2" },
        );
        d.wait(
            "the edit",
            &format!("return timings.edit.length === {}", i + 1),
        );
    }
    // Proposals with an ask, the totals locked (the meeting's usual case).
    let lock = |key: &str, on: bool| {
        d.click(&format!("button.lock[data-key='{key}']"));
        d.wait(
            "the padlock",
            &format!(
                "return document.querySelector('button.lock[data-key=\"{key}\"]').getAttribute('aria-pressed') === '{on}'"
            ),
        );
    };
    for key in ["total", "caf_total"] {
        lock(key, true);
    }
    let proposals = 20;
    for i in 0..proposals {
        // A met ask is locked as agreed: opened again for the next ask.
        let locked = "return document.querySelector('button.lock[data-key=\"post:aureille\"]').getAttribute('aria-pressed') === 'true'";
        if d.script(locked) == json!(true) {
            lock("post:aureille", false);
        }
        d.type_into(
            "input[data-key='post:aureille']",
            if i % 2 == 0 { "0,5" } else { "0,4" },
        );
        d.wait(
            "the ask",
            &format!("return timings.edit.length === {}", edits + i + 1),
        );
        d.click("#propose");
        d.wait(
            "the proposal",
            &format!("return timings.propose.length === {}", i + 1),
        );
    }
    // Impossible asks: the total asked above the Caf's locked total; the
    // answer is the ways out, as cards (each confirmed by a second solve).
    lock("total", false);
    let impossible = 10;
    for i in 0..impossible {
        d.type_into(
            "input[data-key='total']",
            if i % 2 == 0 { "3,5" } else { "3,6" },
        );
        d.wait(
            "the total's error",
            &format!(
                "return timings.edit.length === {}",
                edits + proposals + i + 1
            ),
        );
        d.click("#propose");
        d.wait(
            "the cards",
            &format!(
                "return timings.propose.length === {} && document.querySelectorAll('.card').length > 0",
                proposals + i + 1
            ),
        );
    }
    let report = |name: &str, all: Value| {
        let mut ms: Vec<f64> = all
            .as_array()
            .expect("timings")
            .iter()
            .filter_map(Value::as_f64)
            .collect();
        ms.sort_by(f64::total_cmp);
        let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
        eprintln!(
            "{name}: {} runs, min {:.0} ms, median {:.0} ms, p90 {:.0} ms, max {:.0} ms",
            ms.len(),
            at(0.0),
            at(0.5),
            at(0.9),
            at(1.0)
        );
    };
    report(
        "cell edit -> diagnostics shown",
        d.script("return timings.edit"),
    );
    report(
        "Proposer (with an ask) -> proposal shown",
        d.script(&format!("return timings.propose.slice(0, {proposals})")),
    );
    report(
        "Proposer (impossible ask) -> cards shown",
        d.script(&format!("return timings.propose.slice({proposals})")),
    );
    // The share of the request itself (socket, server, JSON), as the
    // browser's resource timing sees it; the rest is drawing the page.
    for (call, what, range) in [
        ("edit", "cell edits", "0".to_owned()),
        ("propose", "proposals", format!("0, {proposals}")),
        ("propose", "impossible asks", proposals.to_string()),
    ] {
        report(
            &format!("  of which the /api/{call} request ({what})"),
            d.script(&format!(
                "return performance.getEntriesByType('resource') \
                 .filter(e => e.name.includes('/api/{call}')).map(e => e.duration).slice({range})"
            )),
        );
    }
    d.call("DELETE", "", None);
}

/// Opens the page on a copy of the Vallée des Baux: the server, the
/// browser driver, the work folder and the scenario's copy.
fn open_vallee() -> Option<(tempfile::TempDir, Guard, Guard, Driver)> {
    open_vallee_with(&[])
}

/// [`open_vallee`], with other files (name, text) in the folder.
fn open_vallee_with(others: &[(&str, &str)]) -> Option<(tempfile::TempDir, Guard, Guard, Driver)> {
    let (chromium, driver) = tools()?;
    let work = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        Path::new(ROOT).join(VALLEE),
        work.path().join("vallee.toml"),
    )
    .expect("copy");
    for (name, text) in others {
        std::fs::write(work.path().join(name), text).expect("a file");
    }
    let (server, _lines, url) = serve(work.path());
    let (chromedriver, d) = start_driver(&driver, &chromium);
    d.call("POST", "/url", Some(json!({ "url": url })));
    d.wait(
        "the grid",
        "return document.querySelectorAll('#grid tbody tr').length === 12",
    );
    Some((work, server, chromedriver, d))
}

/// The server stopped (Ctrl-C) while the page is open: typing, saving and
/// proposing say at once, and lastingly, that nothing is checked or saved;
/// the typed figure does not stay as if accepted.
#[test]
fn a_stopped_server_is_said_and_no_edit_looks_accepted() {
    let Some((work, mut server, _chromedriver, d)) = open_vallee() else {
        return;
    };
    let pid = server.0.id().to_string();
    let killed = Command::new("kill").args(["-INT", &pid]).status();
    assert!(killed.is_ok_and(|s| s.success()));
    let start = Instant::now();
    while server.0.try_wait().expect("wait").is_none() {
        assert!(start.elapsed() < Duration::from_secs(10), "still running");
        std::thread::sleep(Duration::from_millis(50));
    }
    let offline = "const b = document.getElementById('offline'); \
                   return !b.hidden && b.textContent.startsWith('Le serveur ne répond plus')";
    d.type_into("input[data-key='post:aureille']", "0,5");
    d.wait("the server said gone", offline);
    assert_eq!(
        d.script("return document.querySelector('input[data-key=\"post:aureille\"]').value"),
        json!("0,2"),
        "the typed figure is not shown as accepted"
    );
    assert_eq!(
        d.script("return document.getElementById('title').textContent.endsWith('*')"),
        json!(false)
    );
    d.screenshot("serve-offline.png");
    for button in ["#save", "#propose"] {
        d.click(button);
        d.wait(
            "the refusal",
            "return document.getElementById('status').className === 'bad' \
             && document.getElementById('status').textContent.includes('ne répond plus')",
        );
        d.wait("the banner still there", offline);
        d.script("document.getElementById('status').textContent = ''; return true");
    }
    assert_eq!(
        std::fs::read_to_string(work.path().join("vallee.toml")).expect("file"),
        std::fs::read_to_string(Path::new(ROOT).join(VALLEE)).expect("original")
    );
    d.call("DELETE", "", None);
}

/// A file of the list that cannot open (a variant whose base is outside
/// the folder): the page says why, stays on the file it shows, and the
/// selector with it; the next edit works on that file.
#[test]
fn a_file_that_cannot_open_says_why_and_the_page_stays() {
    let Some((_work, _server, _chromedriver, d)) =
        open_vallee_with(&[("zz-dehors.toml", "extends = \"../ailleurs.toml\"\n")])
    else {
        return;
    };
    d.script("const s = document.getElementById('file'); s.value = '1'; s.dispatchEvent(new Event('change')); return true");
    d.wait(
        "the reason",
        "const s = document.getElementById('status'); \
         return s.className === 'bad' && s.textContent.startsWith('Impossible d\\'ouvrir zz-dehors.toml')",
    );
    assert_eq!(
        d.script("return document.getElementById('file').value"),
        json!("0")
    );
    d.screenshot("serve-cannot-open.png");
    d.type_into("input[data-key='post:aureille']", "0,4");
    d.wait(
        "the edit on the file shown",
        "return document.querySelector('input[data-key=\"post:aureille\"]').value === '0,4' \
         && document.getElementById('title').textContent === 'ctgplan — vallee.toml *' \
         && document.getElementById('status').className !== 'bad'",
    );
    d.call("DELETE", "", None);
}

/// A refused figure does not stay in its cell, its refusal goes with an
/// undo, and a figure may say its unit (`0,3 ETP`).
#[test]
fn a_refused_figure_does_not_stay_and_its_refusal_goes_with_undo() {
    let Some((_work, _server, _chromedriver, d)) = open_vallee() else {
        return;
    };
    let aureille = "document.querySelector('input[data-key=\"post:aureille\"]').value";
    d.type_into("input[data-key='post:aureille']", "2,");
    d.wait(
        "the refusal",
        &format!(
            "const s = document.getElementById('status'); \
             return s.className === 'bad' && s.textContent.startsWith('Valeur refusée') && s.textContent.includes('2,') && {aureille} === '0,2'"
        ),
    );
    d.type_into("input[data-key='post:aureille']", "0,3 ETP");
    d.wait(
        "the figure with its unit",
        &format!(
            "return {aureille} === '0,3' && document.getElementById('status').className !== 'bad'"
        ),
    );
    d.type_into("input[data-key='post:aureille']", "1 000");
    d.wait(
        "grouped digits refused",
        &format!(
            "return document.getElementById('status').textContent.includes('pas d\\'espace') && {aureille} === '0,3'"
        ),
    );
    d.click("#undo");
    d.wait(
        "undone, the refusal gone",
        &format!(
            "return {aureille} === '0,2' && document.getElementById('status').className !== 'bad'"
        ),
    );
    d.call("DELETE", "", None);
}

/// A pooled commune says with whom; a filled cell's tooltip is not the
/// empty cell's; the proposal says which figures moved, by name.
#[test]
fn the_grid_says_pooling_and_the_proposal_what_moved() {
    let Some((_work, _server, _chromedriver, d)) = open_vallee() else {
        return;
    };
    let rows =
        d.script("return [...document.querySelectorAll('#grid tbody th')].map(e => e.textContent)");
    let rows = rows.as_array().expect("names");
    assert!(
        rows.contains(&json!(
            "Les Baux-de-Provencemutualisée avec Maussane-les-Alpilles"
        )),
        "{rows:?}"
    );
    assert!(
        rows.contains(&json!(
            "Mas-Blanc-des-Alpillesmutualisée avec Saint-Rémy-de-Provence"
        )),
        "{rows:?}"
    );
    assert_eq!(
        d.script("return document.querySelector('input[data-key=\"post:eygalieres\"]').title.startsWith('Case vide')"),
        json!(false)
    );
    // Theme headers speak in names: no id as a tooltip (issue 17, 7).
    assert_eq!(
        d.script("return [...document.querySelectorAll('#grid thead th.theme')].every(h => !/^[a-z_]+$/.test(h.title))"),
        json!(true)
    );
    for key in ["total", "caf_total"] {
        d.click(&format!("button.lock[data-key='{key}']"));
        d.wait(
            "the lock",
            &format!(
                "return document.querySelector('button.lock[data-key=\"{key}\"]').getAttribute('aria-pressed') === 'true'"
            ),
        );
    }
    d.type_into("input[data-key='post:aureille']", "0,5");
    d.wait(
        "the ask",
        "return document.querySelector('input[data-key=\"post:aureille\"]').classList.contains('asked')",
    );
    d.click("#propose");
    d.wait(
        "the proposal",
        "return !document.getElementById('proposal').hidden",
    );
    let said = d.script("return document.getElementById('cards').textContent");
    let said = said.as_str().expect("text");
    assert!(
        said.contains("Changé par rapport à avant\u{a0}«\u{a0}Proposer\u{a0}»")
            || said.contains("Changé par rapport à avant «\u{a0}Proposer\u{a0}»"),
        "{said}"
    );
    assert!(
        said.contains(" \u{2192} ") && said.contains("Aureille 0,5\u{a0}ETP en 2027-2030"),
        "{said}"
    );
    d.screenshot("serve-proposal-changes.png");
    d.call("DELETE", "", None);
}

/// The page at the sizes of a meeting room: at 1400 px "Annuler" and
/// "Rétablir" stay together; at 1024 × 768 every theme column and the
/// totals are in view; a reload opens the file and period negotiated.
#[test]
fn the_page_fits_the_room_and_a_reload_keeps_the_file() {
    let vallee = std::fs::read_to_string(Path::new(ROOT).join(VALLEE)).expect("scenario");
    let Some((_work, _server, _chromedriver, d)) = open_vallee_with(&[("zz.toml", &vallee)]) else {
        return;
    };
    assert_eq!(
        d.script("return document.getElementById('undo').offsetTop === document.getElementById('redo').offsetTop"),
        json!(true)
    );
    d.script("const s = document.getElementById('file'); s.value = '1'; s.dispatchEvent(new Event('change')); return true");
    d.wait(
        "the second file",
        "return document.getElementById('title').textContent === 'ctgplan — zz.toml'",
    );
    d.script("const s = document.getElementById('period'); s.value = '1'; s.dispatchEvent(new Event('change')); return true");
    d.wait(
        "the period 2026",
        "return location.hash.includes('period=2026') && location.hash.includes('file=zz.toml')",
    );
    d.call("POST", "/refresh", Some(json!({})));
    d.wait(
        "the same file and period after a reload",
        "return !!document.querySelector('#grid tbody tr') \
         && document.getElementById('title').textContent === 'ctgplan — zz.toml' \
         && document.getElementById('period').value === '1'",
    );
    d.call(
        "POST",
        "/window/rect",
        Some(json!({"width": 1024, "height": 768})),
    );
    d.script("const s = document.getElementById('period'); s.value = '2'; s.dispatchEvent(new Event('change')); return true");
    d.wait(
        "the grid of 2027-2030 at 1024 px",
        "return document.getElementById('period').value === '2' && window.innerWidth <= 1024 \
         && document.querySelector('input[data-key=\"post:aureille\"]').value === '0,2'",
    );
    d.screenshot("serve-1024.png");
    let fits = d.script(
        "const heads = document.querySelectorAll('#grid thead th.theme'); \
         const last = heads[heads.length - 1].getBoundingClientRect(); \
         const caf = document.querySelector('input[data-key=\"caf_total\"]').getBoundingClientRect(); \
         return [last.right <= document.documentElement.clientWidth, caf.bottom <= window.innerHeight, last.right, caf.bottom, window.innerHeight]",
    );
    assert_eq!(fits[0], json!(true), "{fits}");
    assert_eq!(fits[1], json!(true), "{fits}");
    d.call("DELETE", "", None);
}
