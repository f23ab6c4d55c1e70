//! The server's behaviour, without sockets: a request in, a response out.
//! Every request passes the guards first (Host, token, Origin, body size);
//! then the page, its two assets or one of the JSON calls answers.
//!
//! A local server can be reached by any page the user's browser opens, so:
//! - `Host` must be the server's own (`127.0.0.1:PORT` or `localhost:PORT`),
//!   which defeats DNS rebinding;
//! - every call but the static assets carries the unguessable token;
//! - a state-changing call (POST) must come from the page's own `Origin` and
//!   be `application/json` (which a cross-site form cannot send);
//! - files are named by their position in the list the server made, never
//!   by a path the client sends; "save as" takes a bare file name.

use super::assets;
use super::doc::{Doc, Target};
use super::view::{self, Status};
use crate::fsutil;
use crate::plan::build::Objective;
use crate::plan::propose::{self, Proposal, Scope};
use crate::plan::{apply, solve};
use serde::Deserialize;
use std::path::PathBuf;
use std::time::Duration;

/// Largest request body accepted (a whole scenario is never sent).
pub const MAX_BODY: usize = 64 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// Path and query, as sent (`/api/view?token=...`).
    pub url: String,
    /// Header names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

impl Response {
    fn json(status: u16, v: &impl serde::Serialize) -> Response {
        Response {
            status,
            content_type: "application/json; charset=utf-8",
            body: serde_json::to_vec(v).unwrap_or_default(),
        }
    }
    fn refuse(status: u16, why: &str) -> Response {
        Response::json(status, &serde_json::json!({ "error": why }))
    }
    fn asset(content_type: &'static str, text: &str) -> Response {
        Response {
            status: 200,
            content_type,
            body: text.as_bytes().to_vec(),
        }
    }
}

/// Headers sent with every response: no framing, no sniffing, no referrer
/// (the token is in the URL), no cache, and only the page's own scripts.
pub const SECURITY_HEADERS: &[(&str, &str)] = &[
    (
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "no-store"),
];

pub struct Server {
    pub port: u16,
    pub token: String,
    /// The folder served: nothing outside it is read or written.
    pub root: PathBuf,
    /// The files offered, in the order listed; opened on first use.
    pub files: Vec<Entry>,
    pub time_limit: Duration,
}

pub struct Entry {
    pub name: String,
    pub path: PathBuf,
    pub doc: Option<Doc>,
}

#[derive(Deserialize)]
struct FileArg {
    file: usize,
    #[serde(default)]
    period: Option<usize>,
}

#[derive(Deserialize)]
struct EditArg {
    file: usize,
    period: usize,
    target: Target,
    value: String,
}

#[derive(Deserialize)]
struct ApplyArg {
    file: usize,
    period: usize,
    /// The card's position in the last proposal.
    index: usize,
}

#[derive(Deserialize)]
struct CompareArg {
    file: usize,
    period: usize,
    /// The variant to set beside it (another file of the list).
    other: usize,
}

#[derive(Deserialize)]
struct SaveArg {
    file: usize,
    /// A new file name in the served folder ("save as"); `None`: the file itself.
    #[serde(default)]
    name: Option<String>,
    /// Overwrite even if the file changed on disk (the user saw the conflict).
    #[serde(default)]
    force: bool,
}

impl Server {
    pub fn new(root: PathBuf, files: Vec<(String, PathBuf)>, port: u16, token: String) -> Server {
        Server {
            port,
            token,
            root,
            files: files
                .into_iter()
                .map(|(name, path)| Entry {
                    name,
                    path,
                    doc: None,
                })
                .collect(),
            time_limit: Duration::from_secs(20),
        }
    }

    pub fn handle(&mut self, req: &Request) -> Response {
        if let Err(r) = self.guard(req) {
            return r;
        }
        let path = req.url.split('?').next().unwrap_or("");
        match (req.method.as_str(), path) {
            ("GET", "/") => Response::asset("text/html; charset=utf-8", assets::INDEX_HTML),
            ("GET", "/app.js") => Response::asset("text/javascript; charset=utf-8", assets::APP_JS),
            ("GET", "/style.css") => Response::asset("text/css; charset=utf-8", assets::STYLE_CSS),
            ("GET", "/api/files") => Response::json(
                200,
                &self
                    .files
                    .iter()
                    .map(|f| f.name.as_str())
                    .collect::<Vec<_>>(),
            ),
            ("POST", "/api/view") => self.with(req, |s, a: FileArg| s.view(a.file, a.period)),
            ("POST", "/api/edit") => self.with(req, |s, a: EditArg| {
                let doc = s.doc(a.file)?;
                doc.edit(a.period, &a.target, &a.value)
                    .map_err(|e| Response::refuse(422, &e))?;
                s.view(a.file, Some(a.period))
            }),
            ("POST", "/api/undo") => self.with(req, |s, a: FileArg| {
                s.doc(a.file)?.undo();
                s.view(a.file, a.period)
            }),
            ("POST", "/api/redo") => self.with(req, |s, a: FileArg| {
                s.doc(a.file)?.redo();
                s.view(a.file, a.period)
            }),
            ("POST", "/api/reload") => self.with(req, |s, a: FileArg| {
                let e = s.files.get_mut(a.file).ok_or_else(no_file)?;
                e.doc = None;
                s.view(a.file, a.period)
            }),
            ("POST", "/api/propose") => self.with(req, |s, a: FileArg| s.propose(a)),
            ("POST", "/api/apply") => self.with(req, |s, a: ApplyArg| {
                s.doc(a.file)?
                    .apply_relaxation(a.index)
                    .map_err(|e| Response::refuse(422, &e))?;
                s.view(a.file, Some(a.period))
            }),
            ("POST", "/api/compare") => self.with(req, |s, a: CompareArg| s.compare(a)),
            ("POST", "/api/save") => self.with(req, |s, a: SaveArg| s.save(a)),
            _ => Response::refuse(404, "not found"),
        }
    }

    fn guard(&self, req: &Request) -> Result<(), Response> {
        let host = req.header("host").unwrap_or("");
        let own = [
            format!("127.0.0.1:{}", self.port),
            format!("localhost:{}", self.port),
        ];
        if !own.iter().any(|o| host.eq_ignore_ascii_case(o)) {
            return Err(Response::refuse(421, "wrong Host header"));
        }
        let path = req.url.split('?').next().unwrap_or("");
        let is_asset = req.method == "GET" && matches!(path, "/app.js" | "/style.css");
        if !is_asset && !self.token_ok(req) {
            return Err(Response::refuse(403, "missing or wrong token"));
        }
        if req.body.len() > MAX_BODY {
            return Err(Response::refuse(413, "request too large"));
        }
        if req.method != "GET" {
            let origin = req.header("origin").unwrap_or("");
            if !own.iter().any(|o| origin == format!("http://{o}")) {
                return Err(Response::refuse(403, "wrong Origin"));
            }
            let ct = req.header("content-type").unwrap_or("");
            if !ct.starts_with("application/json") {
                return Err(Response::refuse(415, "JSON expected"));
            }
        }
        Ok(())
    }

    /// The token from the `token` query parameter or the `X-Token` header,
    /// compared in constant time.
    fn token_ok(&self, req: &Request) -> bool {
        let from_query = req.url.split_once('?').and_then(|(_, q)| {
            q.split('&')
                .find_map(|kv| kv.strip_prefix("token="))
                .map(str::to_owned)
        });
        let given = req.header("x-token").map(str::to_owned).or(from_query);
        given.is_some_and(|g| {
            g.len() == self.token.len()
                && g.bytes()
                    .zip(self.token.bytes())
                    .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                    == 0
        })
    }

    fn with<A: for<'de> Deserialize<'de>>(
        &mut self,
        req: &Request,
        f: impl FnOnce(&mut Server, A) -> Result<Response, Response>,
    ) -> Response {
        match serde_json::from_slice::<A>(&req.body) {
            Ok(a) => f(self, a).unwrap_or_else(|r| r),
            Err(e) => Response::refuse(400, &format!("bad request: {e}")),
        }
    }

    fn doc(&mut self, file: usize) -> Result<&mut Doc, Response> {
        let e = self.files.get_mut(file).ok_or_else(no_file)?;
        if e.doc.is_none() {
            let bytes = read_limited(&e.path).map_err(|m| Response::refuse(422, &m))?;
            let doc = Doc::new(e.path.clone(), e.name.clone(), bytes)
                .map_err(|m| Response::refuse(422, &m))?;
            e.doc = Some(doc);
        }
        e.doc.as_mut().ok_or_else(no_file)
    }

    fn view(&mut self, file: usize, period: Option<usize>) -> Result<Response, Response> {
        let v = self.view_of(file, period)?;
        Ok(Response::json(200, &serde_json::json!({ "view": v })))
    }

    fn view_of(&mut self, file: usize, period: Option<usize>) -> Result<view::View, Response> {
        let d = self.doc(file)?;
        Ok(view::build(
            &Status {
                name: &d.name,
                text: &d.text,
                dirty: d.dirty(),
                can_undo: d.can_undo(),
                can_redo: d.can_redo(),
            },
            period,
        ))
    }

    /// The period shown, in this file and in another (the period with the
    /// same id there): ETP and yearly costs side by side.
    fn compare(&mut self, a: CompareArg) -> Result<Response, Response> {
        let here = self.view_of(a.file, Some(a.period))?;
        let id = here
            .periods
            .get(a.period)
            .map(|p| p.id.clone())
            .ok_or_else(|| Response::refuse(422, "no such period"))?;
        let first = self.view_of(a.other, None)?;
        let index = first.periods.iter().position(|p| p.id == id);
        let Some(index) = index else {
            return Err(Response::refuse(
                422,
                &format!("the other file has no period {id}"),
            ));
        };
        let there = self.view_of(a.other, Some(index))?;
        let name = |v: &view::View| v.name.clone();
        let rows: Vec<_> = here
            .rows
            .iter()
            .map(|r| {
                let other = there.rows.iter().find(|o| o.holder == r.holder);
                let cost = |v: &view::View| {
                    v.costs
                        .as_ref()
                        .and_then(|c| c.rows.iter().find(|c| c.id == r.holder))
                        .and_then(|c| c.rest.clone())
                };
                serde_json::json!({
                    "name": r.name,
                    "here": r.etp.value.clone().or(r.etp.derived.clone()),
                    "there": other.and_then(|o| o.etp.value.clone().or(o.etp.derived.clone())),
                    "rest_here": cost(&here),
                    "rest_there": cost(&there),
                })
            })
            .collect();
        let caf = |v: &view::View| v.costs.as_ref().and_then(|c| c.total.caf.clone());
        Ok(Response::json(
            200,
            &serde_json::json!({
                "period": id,
                "here": name(&here),
                "there": name(&there),
                "rows": rows,
                "caf_here": caf(&here),
                "caf_there": caf(&there),
                "errors_here": here.diagnostics.iter().filter(|d| d.severity == "error").count(),
                "errors_there": there.diagnostics.iter().filter(|d| d.severity == "error").count(),
            }),
        ))
    }

    fn propose(&mut self, a: FileArg) -> Result<Response, Response> {
        let time_limit = self.time_limit;
        let doc = self.doc(a.file)?;
        let loaded = crate::scenario::load_str(&doc.name, &doc.text);
        let Some(s) = loaded.scenario else {
            return Err(Response::refuse(
                422,
                "the file does not load: fix it first",
            ));
        };
        let id = a
            .period
            .and_then(|i| s.periods.get(i))
            .map(|p| p.id.id.clone())
            .ok_or_else(|| Response::refuse(422, "no such period"))?;
        let opts = solve::Options {
            backend: solve::Backend::default(),
            time_limit: Some(time_limit),
        };
        let outcome = match propose::propose(&s, &Scope::Period(id), Objective::Closest, opts) {
            Err(e) => {
                serde_json::json!({ "kind": "blocked", "code": e.code.map(|c| c.to_string()), "message": e.message })
            }
            Ok(Proposal::Planned(plan)) => match apply::apply(&doc.text, &s, &plan) {
                Ok(text) => {
                    doc.replace(text);
                    serde_json::json!({ "kind": "planned" })
                }
                Err(e) => serde_json::json!({ "kind": "failed", "message": e.to_string() }),
            },
            Ok(Proposal::Impossible {
                relaxations,
                confirmed,
                ..
            }) => {
                // Only a change whose span is a number literal can be applied.
                let text = &doc.text;
                doc.pending = relaxations
                    .iter()
                    .map(|r| {
                        r.span.clone().zip(r.to).filter(|(sp, _)| {
                            text.get(sp.clone())
                                .is_some_and(|t| crate::number::parse_text(t).is_ok())
                        })
                    })
                    .collect();
                let cards: Vec<_> = relaxations
                    .iter()
                    .zip(&doc.pending)
                    .map(|(r, pending)| {
                        let line = r
                            .span
                            .as_ref()
                            .map(|sp| loaded.source.line_col(sp.start).line);
                        // Both languages, as each diagnostic (view.rs): the page shows its own.
                        serde_json::json!({
                            "code": r.code.to_string(),
                            "text": r.text.render(crate::i18n::Lang::En),
                            "text_fr": r.text.render(crate::i18n::Lang::Fr),
                            "line": line,
                            "apply": pending.is_some(),
                        })
                    })
                    .collect();
                serde_json::json!({ "kind": "impossible", "relaxations": cards, "confirmed": confirmed })
            }
            Ok(Proposal::Failed(e)) => serde_json::json!({ "kind": "failed", "message": e }),
            Ok(Proposal::TimeLimit) => serde_json::json!({ "kind": "time_limit" }),
        };
        let v = self.view_of(a.file, a.period)?;
        Ok(Response::json(
            200,
            &serde_json::json!({ "view": v, "proposal": outcome }),
        ))
    }

    fn save(&mut self, a: SaveArg) -> Result<Response, Response> {
        let root = self.root.clone();
        let doc = self.doc(a.file)?;
        match &a.name {
            None => {
                // Someone else may have changed the file since it was loaded.
                let now = std::fs::read(&doc.path).unwrap_or_default();
                if now != doc.disk && !a.force {
                    return Ok(Response::json(
                        409,
                        &serde_json::json!({ "conflict": true, "error": "the file changed on disk since it was opened" }),
                    ));
                }
                fsutil::write_atomic(&doc.path, doc.text.as_bytes(), true)
                    .map_err(|e| Response::refuse(500, &e.to_string()))?;
                doc.disk = doc.text.clone().into_bytes();
                Ok(Response::json(
                    200,
                    &serde_json::json!({ "saved": doc.name }),
                ))
            }
            Some(name) => {
                let name = safe_name(name).ok_or_else(|| {
                    Response::refuse(
                        422,
                        "a file name is letters, digits, `-`, `_` or `.`, ending in .toml",
                    )
                })?;
                let path = root.join(&name);
                let text = doc.text.clone();
                fsutil::write_atomic(&path, text.as_bytes(), false)
                    .map_err(|e| Response::refuse(409, &e.to_string()))?;
                let mut new = Doc::new(path.clone(), name.clone(), text.into_bytes())
                    .map_err(|m| Response::refuse(500, &m))?;
                new.disk = new.text.clone().into_bytes();
                self.files.push(Entry {
                    name: name.clone(),
                    path,
                    doc: Some(new),
                });
                Ok(Response::json(
                    200,
                    &serde_json::json!({ "saved": name, "file": self.files.len() - 1 }),
                ))
            }
        }
    }
}

fn no_file() -> Response {
    Response::refuse(404, "no such file")
}

/// A bare file name for "save as": no directory, no hidden file, `.toml`.
pub fn safe_name(name: &str) -> Option<String> {
    let ok = name.len() <= 100
        && name.ends_with(".toml")
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    ok.then(|| name.to_owned())
}

fn read_limited(path: &std::path::Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let f = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut bytes = Vec::new();
    f.take(crate::scenario::load::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    if bytes.len() as u64 > crate::scenario::load::MAX_FILE_BYTES {
        return Err(format!("{}: file too large", path.display()));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PORT: u16 = 4321;
    const TOKEN: &str = "0123456789abcdef0123456789abcdef";
    const VALLEE: &str = include_str!("../../scenarios/vallee-des-baux-alpilles.toml");

    fn server() -> (tempfile::TempDir, Server) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vallee.toml");
        std::fs::write(&path, VALLEE).unwrap();
        let s = Server::new(
            dir.path().to_path_buf(),
            vec![("vallee.toml".into(), path)],
            PORT,
            TOKEN.into(),
        );
        (dir, s)
    }

    fn get(url: &str) -> Request {
        Request {
            method: "GET".into(),
            url: url.into(),
            headers: vec![
                ("host".into(), format!("127.0.0.1:{PORT}")),
                ("x-token".into(), TOKEN.into()),
            ],
            body: Vec::new(),
        }
    }

    fn post(url: &str, body: serde_json::Value) -> Request {
        let mut r = get(url);
        r.method = "POST".into();
        r.headers
            .push(("origin".into(), format!("http://127.0.0.1:{PORT}")));
        r.headers
            .push(("content-type".into(), "application/json".into()));
        r.body = serde_json::to_vec(&body).unwrap();
        r
    }

    fn without(mut r: Request, header: &str) -> Request {
        r.headers.retain(|(n, _)| n != header);
        r
    }

    fn with(r: Request, header: &str, value: &str) -> Request {
        let mut r = without(r, header);
        r.headers.push((header.into(), value.into()));
        r
    }

    fn json(r: &Response) -> serde_json::Value {
        serde_json::from_slice(&r.body).unwrap()
    }

    #[test]
    fn the_page_and_the_api_answer_their_own_host_with_the_token() {
        let (_d, mut s) = server();
        let page = s.handle(&get(&format!("/?token={TOKEN}")));
        assert_eq!(page.status, 200);
        assert!(String::from_utf8_lossy(&page.body).contains("<script src=\"/app.js\">"));
        let r = s.handle(&with(
            get("/api/files"),
            "host",
            &format!("localhost:{PORT}"),
        ));
        assert_eq!(json(&r), serde_json::json!(["vallee.toml"]));
    }

    #[test]
    fn a_foreign_host_is_refused_dns_rebinding() {
        let (_d, mut s) = server();
        for host in [
            "evil.example:4321",
            "127.0.0.1:80",
            "127.0.0.1",
            "",
            "127.0.0.1:4321.evil.example",
        ] {
            let r = s.handle(&with(get(&format!("/?token={TOKEN}")), "host", host));
            assert_eq!(r.status, 421, "{host}");
        }
        let r = s.handle(&without(get("/app.js"), "host"));
        assert_eq!(r.status, 421);
    }

    #[test]
    fn the_token_is_required_on_the_page_and_every_call() {
        let (_d, mut s) = server();
        assert_eq!(s.handle(&without(get("/"), "x-token")).status, 403);
        assert_eq!(s.handle(&without(get("/api/files"), "x-token")).status, 403);
        let wrong = with(
            get("/api/files"),
            "x-token",
            "0123456789abcdef0123456789abcdee",
        );
        assert_eq!(s.handle(&wrong).status, 403);
        let short = with(get("/api/files"), "x-token", "0123");
        assert_eq!(s.handle(&short).status, 403);
        let view = without(post("/api/view", serde_json::json!({"file": 0})), "x-token");
        assert_eq!(s.handle(&view).status, 403);
        // The static assets hold no data and need none.
        assert_eq!(s.handle(&without(get("/app.js"), "x-token")).status, 200);
    }

    #[test]
    fn a_state_change_needs_the_pages_origin_and_json_csrf() {
        let (dir, mut s) = server();
        let edit = post(
            "/api/edit",
            serde_json::json!({"file": 0, "period": 2, "target": {"kind": "total"}, "value": "9"}),
        );
        let cross = with(edit.clone(), "origin", "http://evil.example");
        assert_eq!(s.handle(&cross).status, 403);
        assert_eq!(s.handle(&without(edit.clone(), "origin")).status, 403);
        let null = with(edit.clone(), "origin", "null");
        assert_eq!(s.handle(&null).status, 403);
        let form = with(edit.clone(), "content-type", "text/plain");
        assert_eq!(s.handle(&form).status, 415);
        let save = with(
            post("/api/save", serde_json::json!({"file": 0})),
            "origin",
            "http://evil.example",
        );
        assert_eq!(s.handle(&save).status, 403);
        // Nothing was changed by the refused calls.
        assert_eq!(
            std::fs::read_to_string(dir.path().join("vallee.toml")).unwrap(),
            VALLEE
        );
        assert_eq!(s.handle(&edit).status, 200);
    }

    #[test]
    fn the_page_never_parses_data_as_html() {
        for sink in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
        ] {
            assert!(!assets::APP_JS.contains(sink), "app.js uses {sink}");
        }
        // No inline script or style, no outside resource: the CSP allows only 'self'.
        assert!(!assets::INDEX_HTML.contains("<script>"));
        assert!(!assets::INDEX_HTML.contains("http"));
        assert!(SECURITY_HEADERS
            .iter()
            .any(|(k, v)| *k == "Content-Security-Policy" && v.contains("script-src 'self'")));
    }

    #[test]
    fn a_large_body_is_refused() {
        let (_d, mut s) = server();
        let mut r = post("/api/view", serde_json::json!({"file": 0}));
        r.body = vec![b' '; MAX_BODY + 1];
        assert_eq!(s.handle(&r).status, 413);
    }

    #[test]
    fn no_path_reaches_outside_the_folder() {
        let (dir, mut s) = server();
        for name in [
            "../evil.toml",
            "/tmp/evil.toml",
            "sub/evil.toml",
            "..\\evil.toml",
            ".hidden.toml",
            "evil.txt",
            "",
        ] {
            let r = s.handle(&post(
                "/api/save",
                serde_json::json!({"file": 0, "name": name}),
            ));
            assert_eq!(r.status, 422, "{name}");
        }
        // Files are named by their position in the server's list only.
        let r = s.handle(&post("/api/view", serde_json::json!({"file": 7})));
        assert_eq!(r.status, 404);
        let r = s.handle(&post(
            "/api/view",
            serde_json::json!({"file": "../../etc/passwd"}),
        ));
        assert_eq!(r.status, 400);
        let listed: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(listed.len(), 1);
    }

    #[test]
    fn edit_undo_save_as_and_conflict() {
        let (dir, mut s) = server();
        let r = s.handle(&post(
            "/api/edit",
            serde_json::json!({"file": 0, "period": 2, "target": {"kind": "post", "holder": "aureille"}, "value": "0,5"}),
        ));
        let v = json(&r);
        let diags = v["view"]["diagnostics"].as_array().unwrap();
        assert!(diags
            .iter()
            .any(|d| d["code"] == "CTG030" && d["cell"] == "total"));
        assert_eq!(v["view"]["dirty"], true);
        // Save as a new file: written atomically beside the original.
        let r = s.handle(&post(
            "/api/save",
            serde_json::json!({"file": 0, "name": "variante-a.toml"}),
        ));
        assert_eq!(r.status, 200);
        let saved = std::fs::read_to_string(dir.path().join("variante-a.toml")).unwrap();
        assert!(saved.contains("aureille = { etp = 0.5 }"));
        assert!(saved.contains("# The seed lists no themes for Aureille's post"));
        // Someone else changes the original: saving over it is a conflict.
        std::fs::write(dir.path().join("vallee.toml"), "# changed\n").unwrap();
        let r = s.handle(&post("/api/save", serde_json::json!({"file": 0})));
        assert_eq!(r.status, 409);
        assert_eq!(json(&r)["conflict"], true);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("vallee.toml")).unwrap(),
            "# changed\n"
        );
        // Undo brings the original figure back.
        let r = s.handle(&post(
            "/api/undo",
            serde_json::json!({"file": 0, "period": 2}),
        ));
        let v = json(&r);
        assert_eq!(v["view"]["rows"][0]["etp"]["value"], "0.2");
        assert_eq!(v["view"]["can_redo"], true);
    }

    #[test]
    fn propose_fills_the_period_and_the_result_passes_check() {
        let (_d, mut s) = server();
        // Aureille asks for 0.5 ETP; Saint-Rémy's figure is left open.
        for (holder, value) in [("aureille", "0,5"), ("saint-remy", "")] {
            let r = s.handle(&post(
                "/api/edit",
                serde_json::json!({"file": 0, "period": 2, "target": {"kind": "post", "holder": holder}, "value": value}),
            ));
            assert_eq!(r.status, 200);
        }
        let r = s.handle(&post(
            "/api/propose",
            serde_json::json!({"file": 0, "period": 2}),
        ));
        let v = json(&r);
        assert_eq!(v["proposal"]["kind"], "planned", "{v}");
        let errors = v["view"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == "error")
            .count();
        assert_eq!(errors, 0, "{v}");
        assert_eq!(v["view"]["sum_posts"], "3.3");
        assert_eq!(v["view"]["rows"][0]["etp"]["value"], "0.5");
        assert_eq!(v["view"]["rows"][9]["etp"]["value"], "0.9");
        assert_eq!(v["view"]["can_undo"], true);
    }

    #[test]
    fn two_variants_side_by_side() {
        let (_d, mut s) = server();
        s.handle(&post(
            "/api/edit",
            serde_json::json!({"file": 0, "period": 2, "target": {"kind": "post", "holder": "aureille"}, "value": "0,5"}),
        ));
        let r = s.handle(&post(
            "/api/save",
            serde_json::json!({"file": 0, "name": "variante-b.toml"}),
        ));
        assert_eq!(r.status, 200);
        s.handle(&post(
            "/api/undo",
            serde_json::json!({"file": 0, "period": 2}),
        ));
        let r = s.handle(&post(
            "/api/compare",
            serde_json::json!({"file": 0, "period": 2, "other": 1}),
        ));
        let v = json(&r);
        assert_eq!(v["period"], "2027-2030", "{v}");
        assert_eq!(v["there"], "variante-b.toml");
        assert_eq!(v["rows"][0]["here"], "0.2");
        assert_eq!(v["rows"][0]["there"], "0.5");
        // 0.3 ETP more for Aureille: 0.3 × 52,000 € costs, half of it paid by the Caf.
        assert_eq!(v["caf_here"], "86300.00");
        assert_eq!(v["caf_there"], "94100.00");
        assert_eq!(v["errors_there"], 1);
        let r = s.handle(&post(
            "/api/compare",
            serde_json::json!({"file": 0, "period": 2, "other": 9}),
        ));
        assert_eq!(r.status, 404);
    }

    #[test]
    fn an_impossible_ask_gives_its_relaxations() {
        let (_d, mut s) = server();
        s.handle(&post(
            "/api/edit",
            serde_json::json!({"file": 0, "period": 2, "target": {"kind": "total"}, "value": "3,5"}),
        ));
        let r = s.handle(&post(
            "/api/propose",
            serde_json::json!({"file": 0, "period": 2}),
        ));
        let v = json(&r);
        assert_eq!(v["proposal"]["kind"], "impossible", "{v}");
        let first = &v["proposal"]["relaxations"][0];
        assert_eq!(first["code"], "CTG030");
        assert!(
            first["text"].as_str().unwrap().contains("3.5 to 3.3"),
            "{first}"
        );
        assert_eq!(first["apply"], true);
        // One click applies it: the total is 3.3 again and no error remains.
        let r = s.handle(&post(
            "/api/apply",
            serde_json::json!({"file": 0, "period": 2, "index": 0}),
        ));
        let v = json(&r);
        assert_eq!(v["view"]["total"]["value"], "3.3", "{v}");
        let errors = v["view"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == "error")
            .count();
        assert_eq!(errors, 0, "{v}");
        // Applied once: the advice is gone.
        let r = s.handle(&post(
            "/api/apply",
            serde_json::json!({"file": 0, "period": 2, "index": 0}),
        ));
        assert_eq!(r.status, 422);
    }
}
