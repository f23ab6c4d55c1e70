//! `ctgplan lsp` driven as an editor drives it: the binary over piped stdio,
//! framed JSON-RPC messages, every wait bounded by a timeout so that a broken
//! server fails the test instead of hanging it.

use ctgplan::lsp::position::LineIndex;
use ctgplan::lsp::transport::{read_frame, Frame};
use insta_cmd::get_cargo_bin;
use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::{json, Value};
use std::io::{BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const URI: &str = "file:///tmp/ctgplan-test/vallee.toml";
const WAIT: Duration = Duration::from_secs(20);

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    /// Every message from the server, as JSON (an error reply to an unreadable
    /// message has `"id": null`, which lsp-server's types do not take).
    incoming: Receiver<Value>,
    next_id: i32,
    /// Notifications received while waiting for a response.
    pending: Vec<Value>,
}

impl Client {
    fn start() -> Client {
        Client::start_with(None)
    }

    fn start_with(docs_url: Option<&str>) -> Client {
        let mut cmd = Command::new(get_cargo_bin("ctgplan"));
        cmd.env("CTGPLAN_LANG", "en");
        match docs_url {
            Some(u) => cmd.env("CTGPLAN_DOCS_URL", u),
            None => cmd.env_remove("CTGPLAN_DOCS_URL"),
        };
        let mut child = cmd
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("ctgplan lsp starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Ok(Frame::Body(b)) = read_frame(&mut r) {
                let v: Value = serde_json::from_slice(&b).expect("the server writes JSON");
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        Client {
            child,
            stdin,
            incoming: rx,
            next_id: 0,
            pending: Vec::new(),
        }
    }

    fn send(&mut self, m: Message) {
        m.write(self.stdin.as_mut().unwrap()).unwrap();
    }

    fn send_raw(&mut self, body: &str) {
        let w = self.stdin.as_mut().unwrap();
        write!(w, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        w.flush().unwrap();
    }

    fn recv(&mut self) -> Value {
        self.incoming
            .recv_timeout(WAIT)
            .expect("the server answers in time")
    }

    fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.send(Message::Request(Request::new(id, method.into(), params)));
        loop {
            let v = self.recv();
            if v["id"] == self.next_id {
                return match v.get("error") {
                    Some(e) => Err(e.clone()),
                    None => Ok(v["result"].clone()),
                };
            }
            assert!(v.get("method").is_some(), "unexpected {v}");
            self.pending.push(v);
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(Message::Notification(Notification::new(
            method.into(),
            params,
        )));
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            let n = if self.pending.is_empty() {
                self.recv()
            } else {
                self.pending.remove(0)
            };
            if n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri {
                return n["params"]["diagnostics"].as_array().unwrap().clone();
            }
        }
    }

    fn initialize(&mut self) -> Value {
        let caps = self
            .request(
                "initialize",
                json!({"processId": null, "rootUri": null, "capabilities": {}}),
            )
            .unwrap();
        self.notify("initialized", json!({}));
        caps
    }

    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "toml", "version": 1, "text": text}}),
        );
        self.diagnostics(uri)
    }

    fn change(&mut self, uri: &str, version: i32, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
        self.diagnostics(uri)
    }

    /// Shuts down and exits; returns the process's exit code.
    fn stop(mut self) -> i32 {
        assert_eq!(self.request("shutdown", Value::Null), Ok(Value::Null));
        self.notify("exit", Value::Null);
        drop(self.stdin.take());
        for _ in 0..200 {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        panic!("the server did not exit after `exit`");
    }
}

fn vallee() -> String {
    std::fs::read_to_string(format!("{ROOT}/scenarios/vallee-des-baux-alpilles.toml")).unwrap()
}

/// The LSP position (0-based line, UTF-16 column) of `needle`'s `nth` occurrence.
fn pos(text: &str, needle: &str, nth: usize) -> Value {
    let byte = text.match_indices(needle).nth(nth).expect("needle").0;
    let p = LineIndex::new(text).position(byte);
    json!({"line": p.line, "character": p.character})
}

fn at(uri: &str, text: &str, needle: &str, nth: usize) -> Value {
    json!({"textDocument": {"uri": uri}, "position": pos(text, needle, nth)})
}

fn apply(text: &str, edit: &Value) -> String {
    let idx = LineIndex::new(text);
    let p = |v: &Value| {
        lsp_types::Position::new(
            v["line"].as_u64().unwrap() as u32,
            v["character"].as_u64().unwrap() as u32,
        )
    };
    let start = idx.offset(p(&edit["range"]["start"]));
    let end = idx.offset(p(&edit["range"]["end"]));
    format!(
        "{}{}{}",
        &text[..start],
        edit["newText"].as_str().unwrap(),
        &text[end..]
    )
}

/// What `check --format json` reports for `text`, as (code, LSP start position).
fn check_positions(text: &str) -> Vec<(String, Value)> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.toml");
    std::fs::write(&file, text).unwrap();
    let out = Command::new(get_cargo_bin("ctgplan"))
        .env("CTGPLAN_LANG", "en")
        .args(["check", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            // check counts 1-based lines and columns in characters.
            let line = d["line"].as_u64().unwrap() as usize - 1;
            let col = d["column"].as_u64().unwrap() as usize - 1;
            let line_text = text.lines().nth(line).unwrap();
            let units: usize = line_text.chars().take(col).map(char::len_utf16).sum();
            (
                d["code"].as_str().unwrap().to_owned(),
                json!({"line": line, "character": units}),
            )
        })
        .collect()
}

#[test]
fn an_editor_session() {
    let mut c = Client::start();
    let caps = c.initialize();
    assert_eq!(caps["capabilities"]["hoverProvider"], true);
    assert_eq!(caps["capabilities"]["codeActionProvider"], true);
    assert!(caps["capabilities"]["completionProvider"].is_object());

    // Opening: the diagnostics of `check`, same codes and positions.
    let text = vallee();
    let diags = c.open(URI, &text);
    let got: Vec<(String, Value)> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["range"]["start"].clone(),
            )
        })
        .collect();
    assert_eq!(got, check_positions(&text));
    assert!(diags
        .iter()
        .all(|d| d["source"] == "ctgplan" && d["severity"] == 2));
    let unstated = diags.iter().find(|d| d["code"] == "CTG041").unwrap();
    assert!(unstated["message"]
        .as_str()
        .unwrap()
        .contains("\nhelp: add `themes"));

    // Typing a wrong total: CTG030 appears; its quick fix sets the sum.
    let broken = text.replacen("\ntotal = 3.1", "\ntotal = 3.4", 1);
    let diags = c.change(URI, 2, &broken);
    let ctg030 = diags
        .iter()
        .find(|d| d["code"] == "CTG030")
        .expect("CTG030");
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": ctg030["range"], "context": {"diagnostics": [ctg030]}}),
        )
        .unwrap();
    let action = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .starts_with("Set the total of 2026 to 3.1")
        })
        .unwrap_or_else(|| panic!("{actions:#}"));
    assert_eq!(action["kind"], "quickfix");
    let edits = &action["edit"]["changes"][URI];
    assert_eq!(edits.as_array().unwrap().len(), 1);
    let fixed = apply(&broken, &edits[0]);
    assert_eq!(fixed, text, "the fix restores the file, comments and all");
    let diags = c.change(URI, 3, &fixed);
    assert!(diags.iter().all(|d| d["code"] != "CTG030"));

    // The CTG041 fix adds a theme to Aureille's post.
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": unstated["range"], "context": {"diagnostics": [unstated]}}),
        )
        .unwrap();
    let add = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .starts_with("Add theme petite_enfance to the post of aureille")
        })
        .unwrap_or_else(|| panic!("{actions:#}"));
    let with_theme = apply(&fixed, &add["edit"]["changes"][URI][0]);
    assert!(with_theme.contains("aureille = { etp = 0.2, themes = [\"petite_enfance\"] }"));
    assert!(with_theme.contains("# The seed lists no themes for Aureille's post"));
    let diags = c.change(URI, 4, &with_theme);
    assert!(diags.iter().all(|d| d["code"] != "CTG041"), "{diags:#?}");

    // Hover: a rule code, a commune, a theme, a total.
    let h = c
        .request("textDocument/hover", at(URI, &with_theme, "CTG040", 0))
        .unwrap();
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("CTG040 theme-split"));
    let h = c
        .request(
            "textDocument/hover",
            at(URI, &with_theme, "saint-etienne-du-gres = {", 0),
        )
        .unwrap();
    let v = h["contents"]["value"].as_str().unwrap();
    assert!(
        v.contains("Saint-Étienne-du-Grès") && v.contains("| 2027-2030 | 0.2 |"),
        "{v}"
    );
    let h = c
        .request(
            "textDocument/hover",
            at(URI, &with_theme, "parentalite = 0.3", 0),
        )
        .unwrap();
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("| 2026 | 0.3 |"));
    let h = c
        .request("textDocument/hover", at(URI, &with_theme, "3.1", 1))
        .unwrap();
    let v = h["contents"]["value"].as_str().unwrap();
    assert!(
        v.contains("Total of period 2026") && v.contains("| coordinator | 0.5 |"),
        "{v}"
    );
    assert!(v.contains("add up to the declared total"), "{v}");
    let nothing = c
        .request("textDocument/hover", at(URI, &with_theme, "[territory]", 0))
        .unwrap();
    assert_eq!(nothing, Value::Null);

    // Completion: themes in a theme list, holders as post keys.
    let typing = with_theme.replacen("ccvba = { etp = 0 }", "ccvba = { etp = 0, themes = [\"", 1);
    c.change(URI, 5, &typing);
    let at_list = {
        let byte = typing.find("themes = [\"").unwrap() + "themes = [\"".len();
        let byte = typing[byte..].find("themes = [\"").map_or(byte, |_| byte);
        let p = LineIndex::new(&typing).position(byte);
        json!({"textDocument": {"uri": URI}, "position": {"line": p.line, "character": p.character}})
    };
    let items = c.request("textDocument/completion", at_list).unwrap();
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"petite_enfance"), "{labels:?}");
    assert!(!labels.contains(&"aureille"), "{labels:?}");

    assert_eq!(c.stop(), 0);
}

#[test]
fn bad_input_never_stops_the_server() {
    let mut c = Client::start();
    // Before initialize: an error reply, not a crash.
    let e = c.request("textDocument/hover", json!({})).unwrap_err();
    assert_eq!(e["code"], -32002);
    c.initialize();

    // A body that is not JSON, then one that is JSON but not JSON-RPC.
    c.send_raw("{not json");
    let r = c.recv();
    assert_eq!(
        (&r["id"], &r["error"]["code"]),
        (&Value::Null, &json!(-32700))
    );
    c.send_raw("[1, 2]");
    assert_eq!(c.recv()["error"]["code"], -32600);
    // Headers without a length, then a length far too large: error replies too.
    c.stdin
        .as_mut()
        .unwrap()
        .write_all(b"Content-Type: x\r\n\r\n")
        .unwrap();
    assert_eq!(c.recv()["error"]["code"], -32700);
    // Wrong params and an unknown method: error replies.
    let e = c
        .request("textDocument/hover", json!({"textDocument": 3}))
        .unwrap_err();
    assert_eq!(e["code"], -32602);
    let e = c.request("ctgplan/unknown", json!({})).unwrap_err();
    assert_eq!(e["code"], -32601);

    // A file that does not parse: a CTG002 diagnostic at the error.
    let diags = c.open(
        "file:///tmp/broken.toml",
        "[territory]\nname = \"Saint-Étienne\"\n[[[\n",
    );
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0]["code"], "CTG002");
    assert_eq!(diags[0]["range"]["start"]["line"], 2);
    // Hover and code actions on it answer (nothing to say), completion offers AFAS themes.
    let h = c.request("textDocument/hover", json!({"textDocument": {"uri": "file:///tmp/broken.toml"}, "position": {"line": 1, "character": 3}})).unwrap();
    assert_eq!(h, Value::Null);
    let items = c
        .request("textDocument/completion", json!({"textDocument": {"uri": "file:///tmp/broken.toml"}, "position": {"line": 1, "character": 8}}))
        .unwrap();
    assert!(items.to_string().contains("petite_enfance"), "{items}");
    let items = c
        .request("textDocument/completion", json!({"textDocument": {"uri": "file:///tmp/broken.toml"}, "position": {"line": 99, "character": 99}}))
        .unwrap();
    assert!(items.is_array(), "{items}");
    // Positions past the end, and a document never opened.
    let h = c.request("textDocument/hover", json!({"textDocument": {"uri": "file:///nope"}, "position": {"line": 0, "character": 0}})).unwrap();
    assert_eq!(h, Value::Null);

    // Still alive: a real request is answered.
    let diags = c.change("file:///tmp/broken.toml", 2, "[territory]\nname = \"T\"\n");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(c.stop(), 0);
}

#[test]
fn end_of_input_without_shutdown_exits_with_1() {
    let mut c = Client::start();
    c.initialize();
    drop(c.stdin.take());
    for _ in 0..200 {
        if let Some(status) = c.child.try_wait().unwrap() {
            assert_eq!(status.code(), Some(1));
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = c.child.kill();
    panic!("the server did not stop at the end of its input");
}

#[test]
fn ranges_after_accented_names_are_in_utf16_units() {
    let text = "[territory]\nname = \"T\"\n\n[[commune]]\nid = \"saint-etienne-du-gres\"\nname = \"Saint-Étienne-du-Grès\"\n\n[[period]]\nid = \"2026\"\nposts.\"saint-étienne-du-grès\" = { etp = 0.25 } # Grès 😀\nposts.saint-etienne-du-gres = { etp = 0.2, themes = [\"é\"] }\n";
    let mut c = Client::start();
    c.initialize();
    let diags = c.open("file:///tmp/accents.toml", text);
    let got: Vec<(String, Value)> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["range"]["start"].clone(),
            )
        })
        .collect();
    let want = check_positions(text);
    assert!(want.len() >= 2, "{want:?}");
    assert_eq!(got, want);
    // The off-step figure: after "posts.\"saint-étienne-du-grès\" = { etp = ",
    // 40 characters, 40 UTF-16 units (é and è are one unit, two bytes).
    let step = diags
        .iter()
        .find(|d| d["code"] == "CTG020")
        .expect("CTG020");
    assert_eq!(step["range"]["start"], json!({"line": 9, "character": 40}));
    assert_eq!(step["range"]["end"], json!({"line": 9, "character": 44}));
    assert_eq!(c.stop(), 0);
}

/// The editor set-ups of docs/editor.md parse and name the command this test
/// runs (`ctgplan lsp`).
#[test]
fn editor_setups_in_the_docs_start_this_server() {
    let doc = std::fs::read_to_string(format!("{ROOT}/docs/editor.md")).unwrap();
    let block = |lang: &str, containing: &str| -> String {
        doc.split(&format!("```{lang}\n"))
            .skip(1)
            .map(|b| b.split("```").next().unwrap().to_owned())
            .find(|b| b.contains(containing))
            .unwrap_or_else(|| panic!("no {lang} block with {containing}"))
    };
    let helix: toml::Table = toml::from_str(&block("toml", "[language-server.ctgplan]")).unwrap();
    let server = &helix["language-server"]["ctgplan"];
    assert_eq!(server["command"].as_str(), Some("ctgplan"));
    assert_eq!(server["args"].as_array().unwrap()[0].as_str(), Some("lsp"));
    let vscode: Value = serde_json::from_str(&block("json", "glspc.server.command")).unwrap();
    assert_eq!(vscode["glspc.server.command"], "ctgplan");
    assert_eq!(vscode["glspc.server.commandArguments"], json!(["lsp"]));
    let neovim = block("lua", "vim.lsp.config");
    assert!(neovim.contains(r#"cmd = { "ctgplan", "lsp" }"#));
    // And that command serves.
    let mut c = Client::start();
    assert_eq!(c.initialize()["serverInfo"]["name"], "ctgplan");
    assert_eq!(c.stop(), 0);
}

#[test]
fn diagnostics_link_to_the_rules_docs_when_their_address_is_known() {
    let mut c = Client::start_with(Some("https://example.org/docs/rules.md"));
    c.initialize();
    let diags = c.open(URI, &vallee());
    let d = diags.iter().find(|d| d["code"] == "CTG041").unwrap();
    assert_eq!(
        d["codeDescription"]["href"],
        "https://example.org/docs/rules.md#ctg041-themes-unstated-warning"
    );
    assert_eq!(c.stop(), 0);
    let mut c = Client::start();
    c.initialize();
    let diags = c.open(URI, &vallee());
    assert!(diags.iter().all(|d| d.get("codeDescription").is_none()));
    assert_eq!(c.stop(), 0);
}

/// The client's `locale` (sent in `initialize`) chooses the language of the
/// diagnostics, over the environment (CTGPLAN_LANG=en here).
#[test]
fn diagnostics_follow_the_client_locale() {
    let text =
        "[territory]\nname = \"T\"\n[[commune]]\nid = \"a\"\nname = \"A\"\npooled_with = \"a\"\n";
    for (locale, expected) in [
        ("fr-FR", "mutualisée avec elle-même"),
        ("en", "pooled with itself"),
    ] {
        let mut c = Client::start();
        c.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": {}, "locale": locale}),
        )
        .unwrap();
        c.notify("initialized", json!({}));
        let d = c.open("file:///t.toml", text);
        let messages: Vec<&str> = d.iter().filter_map(|d| d["message"].as_str()).collect();
        assert!(
            messages.iter().any(|m| m.contains(expected)),
            "{locale}: {messages:?}"
        );
        assert_eq!(c.stop(), 0);
    }
}
