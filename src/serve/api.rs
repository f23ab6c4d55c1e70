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
use super::doc::{DiskState, Doc, Said, Target};
use super::negotiate;
use super::variant;
use super::view::{self, Status};
use super::words;
use crate::fsutil;
use crate::i18n::Lang;
use serde::Deserialize;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Requests answered per second at most; beyond, 429 until the second is
/// over. The page makes a few per click; a page looping on the server (or
/// a hostile one flooding it) is cut short before any work.
pub const MAX_PER_SECOND: u32 = 60;

/// How many variants a comparison sets beside the page's file (B to E).
pub const MAX_VARIANTS: usize = 4;

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
    /// A download's file name (`Content-Disposition: attachment`).
    pub file_name: Option<String>,
}

impl Response {
    fn json(status: u16, v: &impl serde::Serialize) -> Response {
        Response {
            status,
            content_type: "application/json; charset=utf-8",
            body: serde_json::to_vec(v).unwrap_or_default(),
            file_name: None,
        }
    }
    /// A refusal from the catalogue: French (the page's default) in
    /// `error`, English in `error_en`.
    fn refuse(status: u16, why: &'static crate::i18n::Msg) -> Response {
        Response::refuse_text(status, &crate::i18n::Text::new(why))
    }
    fn refuse_text(status: u16, why: &crate::i18n::Text) -> Response {
        Response::refuse_said(status, &why.render(Lang::Fr), &why.render(Lang::En))
    }
    /// A refusal the page shows to its user, in the page's language.
    fn refuse_said(status: u16, fr: &str, en: &str) -> Response {
        Response::json(status, &serde_json::json!({ "error": fr, "error_en": en }))
    }
    fn asset(content_type: &'static str, text: &str) -> Response {
        Response {
            status: 200,
            content_type,
            body: text.as_bytes().to_vec(),
            file_name: None,
        }
    }
}

/// A request over [`MAX_BODY`], refused in both languages as every other.
pub fn too_large() -> Response {
    Response::refuse(413, &words::TOO_LARGE)
}

/// What the page's address answers without its token: said plainly, in
/// French then English (static: nothing from the request is shown).
const NO_TOKEN_PAGE: &str = "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>ctgplan</title></head><body>\n<h1>Adresse incomplète</h1>\n<p>Cette page s'ouvre avec l'adresse complète que <code>ctgplan serve</code> a affichée au démarrage (elle se termine par <code>?token=</code> suivi d'un code). Copiez-la depuis la fenêtre où le serveur tourne. Si le serveur a été relancé, son adresse a changé.</p>\n<hr>\n<p lang=\"en\">This page opens with the whole address <code>ctgplan serve</code> printed when it started (it ends with <code>?token=</code> and a code). Copy it from the window where the server runs. If the server was started again, its address changed.</p>\n</body></html>\n";

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
    /// Requests answered per second at most ([`MAX_PER_SECOND`]).
    pub max_per_second: u32,
    /// The rate limit's current second and the requests counted in it.
    window: (Instant, u32),
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
struct LockArg {
    file: usize,
    period: usize,
    /// The cell's key (`post:aureille`, `theme:parentalite`, `total`...).
    key: String,
    locked: bool,
}

#[derive(Deserialize)]
struct CompareArg {
    file: usize,
    period: usize,
    /// The variants to set beside it (other files of the list): B, C...
    others: Vec<usize>,
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
    /// "Save as" a variant of the file shown: `extends` it and write only
    /// what differs (docs/negotiate.md's variants).
    #[serde(default)]
    variant: bool,
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
            max_per_second: MAX_PER_SECOND,
            window: (Instant::now(), 0),
        }
    }

    pub fn handle(&mut self, req: &Request) -> Response {
        self.handle_at(req, Instant::now())
    }

    /// [`Server::handle`] at the time `now` (for the rate limit's tests).
    pub fn handle_at(&mut self, req: &Request, now: Instant) -> Response {
        if now.duration_since(self.window.0) >= Duration::from_secs(1) {
            self.window = (now, 0);
        }
        self.window.1 = self.window.1.saturating_add(1);
        if self.window.1 > self.max_per_second {
            return Response::refuse_said(
                429,
                "trop de requêtes\u{a0}: attendez une seconde",
                "too many requests: wait a second",
            );
        }
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
            ("GET", "/api/export") => self.export(query(&req.url)).unwrap_or_else(|r| r),
            ("POST", "/api/view") => self.with(req, |s, a: FileArg| s.view(a.file, a.period)),
            ("POST", "/api/edit") => self.with(req, |s, a: EditArg| {
                let doc = s.doc(a.file)?;
                doc.edit(a.period, &a.target, &a.value)
                    .map_err(|e| Response::refuse_said(422, &e.fr, &e.en))?;
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
            ("POST", "/api/lock") => self.with(req, |s, a: LockArg| {
                s.doc(a.file)?.set_lock(a.period, &a.key, a.locked);
                s.view(a.file, Some(a.period))
            }),
            ("POST", "/api/propose") => self.with(req, |s, a: FileArg| s.propose(a)),
            ("POST", "/api/apply") => self.with(req, |s, a: ApplyArg| {
                s.doc(a.file)?
                    .apply_relaxation(a.index)
                    .map_err(|e| Response::refuse_said(422, &e.fr, &e.en))?;
                s.view(a.file, Some(a.period))
            }),
            ("POST", "/api/compare") => self.with(req, |s, a: CompareArg| s.compare(a)),
            ("POST", "/api/save") => self.with(req, |s, a: SaveArg| s.save(a)),
            _ => Response::refuse(404, &words::NOT_FOUND),
        }
    }

    fn guard(&self, req: &Request) -> Result<(), Response> {
        let host = req.header("host").unwrap_or("");
        let own = [
            format!("127.0.0.1:{}", self.port),
            format!("localhost:{}", self.port),
        ];
        if !own.iter().any(|o| host.eq_ignore_ascii_case(o)) {
            return Err(Response::refuse(421, &words::WRONG_HOST));
        }
        let path = req.url.split('?').next().unwrap_or("");
        let is_asset = req.method == "GET" && matches!(path, "/app.js" | "/style.css");
        if !is_asset && !self.token_ok(req) {
            // The page's address opened without its token (typed by hand,
            // or from history): a page a person can read, not JSON.
            if req.method == "GET" && path == "/" {
                return Err(Response {
                    status: 403,
                    content_type: "text/html; charset=utf-8",
                    body: NO_TOKEN_PAGE.as_bytes().to_vec(),
                    file_name: None,
                });
            }
            return Err(Response::refuse(403, &words::WRONG_TOKEN));
        }
        if req.body.len() > MAX_BODY {
            return Err(too_large());
        }
        if req.method != "GET" {
            let origin = req.header("origin").unwrap_or("");
            if !own.iter().any(|o| origin == format!("http://{o}")) {
                return Err(Response::refuse(403, &words::WRONG_ORIGIN));
            }
            let ct = req.header("content-type").unwrap_or("");
            if !ct.starts_with("application/json") {
                return Err(Response::refuse(415, &words::JSON_EXPECTED));
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
            Err(e) => Response::refuse_text(
                400,
                &crate::i18n::Text::new(&words::BAD_REQUEST)
                    .arg("error", crate::i18n::Arg::raw(e.to_string())),
            ),
        }
    }

    fn doc(&mut self, file: usize) -> Result<&mut Doc, Response> {
        let root = self.root.clone();
        let e = self.files.get_mut(file).ok_or_else(no_file)?;
        // Someone else may change the file while the page is open: the
        // page's text follows it when the page changed nothing, and shows
        // the conflict otherwise; never is either side dropped silently.
        let now = read_limited(&e.path).ok();
        if let (Some(d), Some(now)) = (e.doc.as_mut(), now.as_ref()) {
            // A conflict stays until the user chooses (reload or overwrite).
            if d.disk_state != DiskState::Conflict && changed_on_disk(&root, d, now) {
                if d.dirty() {
                    d.disk_state = DiskState::Conflict;
                } else if let Ok(fresh) = open_doc(&root, &d.path, &d.name, now.clone()) {
                    // As an edit of its own: "Annuler" brings the page's
                    // text back, locks stay.
                    d.replace(fresh.text);
                    d.clean = fresh.clean;
                    d.loaded = fresh.loaded;
                    d.variant = fresh.variant;
                    d.disk.clone_from(now);
                    d.disk_state = DiskState::Reloaded;
                }
            }
        }
        if e.doc.is_none() {
            let bytes = match now {
                Some(b) => b,
                None => read_limited(&e.path).map_err(|m| Response::refuse_text(422, &m))?,
            };
            e.doc = Some(open_doc(&root, &e.path, &e.name, bytes)?);
        }
        e.doc.as_mut().ok_or_else(no_file)
    }

    fn view(&mut self, file: usize, period: Option<usize>) -> Result<Response, Response> {
        let v = self.view_of(file, period)?;
        Ok(Response::json(200, &serde_json::json!({ "view": v })))
    }

    fn view_of(&mut self, file: usize, period: Option<usize>) -> Result<view::View, Response> {
        let root = self.root.clone();
        let d = self.doc(file)?;
        let written = d
            .variant
            .as_ref()
            .and_then(|h| variant_as_written(&root, d, h))
            .map(|t| (d.path.as_path(), t));
        let mut v = view::build(
            &Status {
                name: &d.name,
                text: &d.text,
                dirty: d.dirty(),
                can_undo: d.can_undo(),
                can_redo: d.can_redo(),
                written,
            },
            period,
        );
        // A reload is said once.
        v.disk = d.disk_state;
        v.extends = d.variant.as_ref().map(|h| h.extends.clone());
        if d.disk_state == DiskState::Reloaded {
            d.disk_state = DiskState::Same;
        }
        if let Some(p) = v.period {
            let (asked, locked) = (d.asks_in(p), d.locked_in(p));
            let wishes = match (
                &d.variant,
                crate::scenario::load_str(&d.name, &d.text).scenario,
            ) {
                (Some(h), Some(s)) if !h.set.is_empty() => negotiate::variant_asks(&s, p, &h.set),
                _ => Vec::new(),
            };
            for c in v.cells_mut() {
                c.wish = wishes
                    .iter()
                    .find(|(k, _, _)| *k == c.key)
                    .map(|(_, _, w)| w.clone());
                // An ask undone (the cell shows another figure) is no ask.
                c.asked = asked
                    .iter()
                    .any(|(k, typed)| *k == c.key && c.value.as_ref() == Some(typed));
                c.locked = c.locked || locked.contains(&c.key);
            }
        }
        Ok(v)
    }

    /// Variants side by side: the period shown in this file (A) and the
    /// period of the same id in each other file (B, C...): per commune and
    /// carrier its ETP and what it pays per year after the Caf's part; per
    /// variant the Caf's yearly part, the total ETP and the errors.
    fn compare(&mut self, a: CompareArg) -> Result<Response, Response> {
        let here = self.view_of(a.file, Some(a.period))?;
        let id = here
            .periods
            .get(a.period)
            .map(|p| p.id.clone())
            .ok_or_else(|| Response::refuse(422, &words::NO_PERIOD))?;
        if a.others.is_empty() || a.others.len() > MAX_VARIANTS {
            return Err(Response::refuse_said(
                422,
                &format!("cochez de 1 à {MAX_VARIANTS} autres fichiers"),
                &format!("tick 1 to {MAX_VARIANTS} other files"),
            ));
        }
        let mut views = vec![here];
        for &other in &a.others {
            let first = self.view_of(other, None)?;
            let Some(index) = first.periods.iter().position(|p| p.id == id) else {
                return Err(Response::refuse_said(
                    422,
                    &format!("{} n'a pas de période {id}", first.name),
                    &format!("{} has no period {id}", first.name),
                ));
            };
            views.push(self.view_of(other, Some(index))?);
        }
        // A comparison shows no grid: a reload it saw is still to be said by
        // the next view of that file (the page compares after every change).
        for (&f, v) in std::iter::once(&a.file).chain(&a.others).zip(&views) {
            if v.disk == DiskState::Reloaded {
                if let Some(d) = self.files.get_mut(f).and_then(|e| e.doc.as_mut()) {
                    d.disk_state = DiskState::Reloaded;
                }
            }
        }
        let figure = |v: &view::View, holder: &str| {
            v.rows
                .iter()
                .find(|r| r.holder == holder)
                .and_then(|r| r.etp.value.clone().or(r.etp.derived.clone()))
        };
        let rest = |v: &view::View, holder: &str| {
            v.costs
                .as_ref()
                .and_then(|c| c.rows.iter().find(|c| c.id == holder))
                .and_then(|c| c.rest.clone())
        };
        // The holders of A, then those only a variant has.
        let mut holders: Vec<(String, String)> = Vec::new();
        for v in &views {
            for r in &v.rows {
                if !holders.iter().any(|(h, _)| *h == r.holder) {
                    holders.push((r.holder.clone(), r.name.clone()));
                }
            }
        }
        let rows: Vec<_> = holders
            .iter()
            .map(|(h, name)| {
                serde_json::json!({
                    "name": name,
                    "etp": views.iter().map(|v| figure(v, h)).collect::<Vec<_>>(),
                    "rest": views.iter().map(|v| rest(v, h)).collect::<Vec<_>>(),
                })
            })
            .collect();
        let columns: Vec<_> = views
            .iter()
            .map(|v| {
                serde_json::json!({
                    "name": v.name,
                    "caf": v.costs.as_ref().and_then(|c| c.total.caf.clone()),
                    "rest": v.costs.as_ref().and_then(|c| c.total.rest.clone()),
                    "total": v.sum_posts,
                    "errors": v.diagnostics.iter().filter(|d| d.severity == "error").count(),
                })
            })
            .collect();
        Ok(Response::json(
            200,
            &serde_json::json!({ "period": id, "columns": columns, "rows": rows }),
        ))
    }

    fn propose(&mut self, a: FileArg) -> Result<Response, Response> {
        let time_limit = self.time_limit;
        let period = self.view_of(a.file, a.period)?.period;
        let period = period.ok_or_else(|| Response::refuse(422, &words::NO_PERIOD))?;
        let root = self.root.clone();
        let d = self.doc(a.file)?;
        // A variant's cards point into it or its base, as its diagnostics do.
        let written = d
            .variant
            .as_ref()
            .and_then(|h| variant_as_written(&root, d, h))
            .map(|t| (d.path.clone(), t));
        let outcome = negotiate::propose_in(
            d,
            period,
            time_limit,
            written.as_ref().map(|(p, t)| (p.as_path(), t.as_str())),
        );
        let v = self.view_of(a.file, Some(period))?;
        Ok(Response::json(
            200,
            &serde_json::json!({ "view": v, "proposal": outcome }),
        ))
    }

    /// `GET /api/export?file=N&format=html|xlsx|csv&lang=fr|en`: the text
    /// as shown, saved or not, as a download.
    fn export(&mut self, q: Vec<(String, String)>) -> Result<Response, Response> {
        let get = |k: &str| q.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let file = get("file")
            .and_then(|f| f.parse::<usize>().ok())
            .ok_or_else(no_file)?;
        let lang = match get("lang") {
            Some("en") => crate::i18n::Lang::En,
            _ => crate::i18n::Lang::Fr,
        };
        let format = get("format").unwrap_or("html").to_owned();
        let root = self.root.clone();
        let doc = self.doc(file)?;
        // A variant is exported as `ctgplan report variante.toml` reads it:
        // its diagnostics point into it or its base.
        let written = doc
            .variant
            .as_ref()
            .and_then(|h| variant_as_written(&root, doc, h))
            .map(|t| (doc.path.to_string_lossy().into_owned(), t));
        let (name, text) = match &written {
            Some((path, text)) => (path.as_str(), text.as_str()),
            None => (doc.name.as_str(), doc.text.as_str()),
        };
        let e = super::export::export(name, text, &format, lang)
            .map_err(|m| Response::refuse_said(422, &m, &m))?;
        Ok(Response {
            status: 200,
            content_type: e.content_type,
            body: e.bytes,
            file_name: Some(e.file_name),
        })
    }

    fn save(&mut self, a: SaveArg) -> Result<Response, Response> {
        let root = self.root.clone();
        let doc = self.doc(a.file)?;
        let said = |e: Said| Response::refuse_said(422, &e.fr, &e.en);
        match &a.name {
            None => {
                // Someone else may have changed the file since it was loaded.
                // Read as every input is (capped, regular files only).
                let now =
                    crate::fsutil::read_input(&doc.path, crate::scenario::load::MAX_FILE_BYTES)
                        .unwrap_or_default();
                if changed_on_disk(&root, doc, &now) && !a.force {
                    return Ok(Response::json(
                        409,
                        &serde_json::json!({ "conflict": true, "error": "the file changed on disk since it was opened" }),
                    ));
                }
                // A variant is written again as a variant of its base.
                let bytes = match &doc.variant {
                    Some(head) => rewritten(&root, doc, head).map_err(said)?.into_bytes(),
                    None => doc.text.clone().into_bytes(),
                };
                fsutil::write_atomic(&doc.path, &bytes, true)
                    .map_err(|e| Response::refuse_text(500, &cannot_write(&doc.name, &e)))?;
                // What the saved variant gives with its bases now.
                if let Ok(Some((merged, _))) =
                    variant::open(&root, &doc.path, &String::from_utf8_lossy(&bytes))
                {
                    doc.loaded = merged;
                }
                doc.disk = bytes;
                doc.clean.clone_from(&doc.text);
                doc.disk_state = DiskState::Same;
                Ok(Response::json(
                    200,
                    &serde_json::json!({ "saved": doc.name }),
                ))
            }
            Some(name) => {
                let name = safe_name(name).ok_or_else(|| {
                    Response::refuse_said(
                        422,
                        "nom de fichier refusé\u{a0}: des lettres (accents compris), des chiffres, des espaces, des tirets, des points, sans «\u{a0}/\u{a0}» ni «\u{a0}..\u{a0}» (par exemple\u{a0}: variante élus 2027)",
                        "file name refused: letters (accents too), digits, spaces, dashes, dots, no “/” nor “..” (for example: variant mayors 2027)",
                    )
                })?;
                let path = root.join(&name);
                let text = doc.text.clone();
                // A variant extends the file shown, as it is on disk (the
                // new file lies at the top of the folder: its base is named
                // by its place in the folder).
                let head = a.variant.then(|| variant::Head {
                    extends: doc.name.replace('\\', "/"),
                    ..variant::Head::default()
                });
                let bytes = match &head {
                    Some(head) => {
                        let base = variant::scenario_table(&root, &doc.path).map_err(said)?;
                        variant::write(&root, &path, head, &base, &text)
                            .map_err(said)?
                            .into_bytes()
                    }
                    None => text.clone().into_bytes(),
                };
                fsutil::write_atomic(&path, &bytes, false)
                    .map_err(|e| Response::refuse_text(409, &cannot_write(&name, &e)))?;
                let mut new = Doc::new(path.clone(), name.clone(), bytes)
                    .map_err(|m| Response::refuse_said(500, &m.fr, &m.en))?;
                if let Some(head) = head {
                    new = new.as_variant(text, head);
                    if let Ok(Some((merged, _))) =
                        variant::open(&root, &path, &String::from_utf8_lossy(&new.disk))
                    {
                        new.loaded = merged;
                    }
                }
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

/// A variant's text as on disk, or with the page's changes as "Enregistrer"
/// would write it; `None` when it cannot be written as a variant.
fn variant_as_written(root: &std::path::Path, d: &Doc, head: &variant::Head) -> Option<String> {
    if !d.dirty() {
        return Some(String::from_utf8_lossy(&d.disk).into_owned());
    }
    rewritten(root, d, head).ok()
}

/// The variant `d` written again against its base as on disk now: its
/// comments stay, its values are the page's.
fn rewritten(root: &std::path::Path, d: &Doc, head: &variant::Head) -> Result<String, Said> {
    let dir = d.path.parent().unwrap_or(root);
    let base = variant::scenario_table(root, &dir.join(&head.extends))?;
    let old = String::from_utf8_lossy(&d.disk);
    variant::rewrite(root, &d.path, head, &base, &d.text, &old)
}

/// Whether the file on disk (`now`), or for a variant one of its bases, no
/// longer gives what the page loaded: a base is someone else's file too.
fn changed_on_disk(root: &std::path::Path, d: &Doc, now: &[u8]) -> bool {
    if now != d.disk.as_slice() {
        return true;
    }
    let Some(head) = &d.variant else {
        return false;
    };
    let text = String::from_utf8_lossy(now);
    match variant::open(root, &d.path, &text) {
        Ok(Some((merged, h))) => merged != d.loaded || h != *head,
        _ => true,
    }
}

/// An open file from its bytes: a variant is shown merged with its bases.
fn open_doc(
    root: &std::path::Path,
    path: &std::path::Path,
    name: &str,
    bytes: Vec<u8>,
) -> Result<Doc, Response> {
    let doc = Doc::new(path.to_path_buf(), name.to_owned(), bytes)
        .map_err(|m| Response::refuse_said(422, &m.fr, &m.en))?;
    match variant::open(root, path, &doc.text) {
        Ok(Some((merged, head))) => Ok(doc.as_variant(merged, head)),
        Ok(None) => Ok(doc),
        Err(e) => Err(Response::refuse_said(422, &e.fr, &e.en)),
    }
}

/// The query's `key=value` pairs (no decoding: the page sends only digits
/// and words).
fn query(url: &str) -> Vec<(String, String)> {
    url.split_once('?')
        .map(|(_, q)| {
            q.split('&')
                .filter_map(|kv| kv.split_once('='))
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

fn no_file() -> Response {
    Response::refuse(404, &words::NO_FILE)
}

/// A bare file name for "save as", as a person types it: letters (with
/// their accents), digits, spaces, `-`, `_`, `.`, `'`, `(` and `)`;
/// `.toml` added when missing. No directory separator, no `..`, no hidden
/// file, no control character.
pub fn safe_name(name: &str) -> Option<String> {
    let name = name.trim();
    let has_ext = name
        .len()
        .checked_sub(5)
        .and_then(|at| name.get(at..))
        .is_some_and(|e| e.eq_ignore_ascii_case(".toml"));
    let name = if has_ext {
        name.to_owned()
    } else {
        format!("{name}.toml")
    };
    let stem = name.get(..name.len() - 5).unwrap_or("");
    let ok = name.chars().count() <= 100
        && !stem.trim().is_empty()
        && !name.starts_with('.')
        && !name.contains("..")
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '\'' | '(' | ')'));
    ok.then_some(name)
}

/// A file of the list, read as every input is (capped, regular files
/// only: a FIFO named `x.toml` must not block the server).
fn read_limited(path: &std::path::Path) -> Result<Vec<u8>, crate::i18n::Text> {
    fsutil::read_input(path, crate::scenario::load::MAX_FILE_BYTES)
        .map_err(|e| words::read_error(&path.display().to_string(), &e))
}

fn cannot_write(file: &str, e: &fsutil::WriteError) -> crate::i18n::Text {
    crate::i18n::Text::new(&words::CANNOT_WRITE)
        .arg("file", crate::i18n::Arg::raw(file))
        .arg("error", crate::i18n::Arg::text(words::on_page(&e.text())))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PORT: u16 = 4321;
    const TOKEN: &str = "0123456789abcdef0123456789abcdef";
    const VALLEE: &str = include_str!("../../scenarios/vallee-des-baux-alpilles.toml");

    /// The 1-based line of `text` that reads `wanted`, in period 2027-2030.
    fn line_in_2027(text: &str, wanted: &str) -> u64 {
        let start = text
            .lines()
            .position(|l| l == "id = \"2027-2030\"")
            .unwrap();
        text.lines()
            .enumerate()
            .position(|(i, l)| i > start && l == wanted)
            .map(|i| i as u64 + 1)
            .unwrap()
    }

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
        let page = s.handle(&without(get("/"), "x-token"));
        assert_eq!(page.status, 403);
        // Said to a person, in French first, as a page.
        assert!(page.content_type.starts_with("text/html"));
        assert!(String::from_utf8_lossy(&page.body).contains("Adresse incomplète"));
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
    fn a_refused_figure_is_said_in_both_languages() {
        let (_d, mut s) = server();
        let r = s.handle(&post(
            "/api/edit",
            serde_json::json!({"file": 0, "period": 2, "target": {"kind": "post", "holder": "aureille"}, "value": "0,3x"}),
        ));
        assert_eq!(r.status, 422);
        let v = json(&r);
        assert_eq!(
            v["error"],
            "«\u{a0}0,3x\u{a0}» n'est pas un nombre (exemples\u{a0}: 0,3 ou 0.3)"
        );
        assert_eq!(
            v["error_en"],
            "`0,3x` is not a number (for example 0.3 or 0,3)"
        );
        let r = s.handle(&post(
            "/api/edit",
            serde_json::json!({"file": 0, "period": 2, "target": {"kind": "total"}, "value": ""}),
        ));
        assert!(json(&r)["error"]
            .as_str()
            .unwrap()
            .contains("jamais choisi"));
    }

    #[test]
    fn exports_download_the_text_as_shown() {
        let (_d, mut s) = server();
        s.handle(&post(
            "/api/edit",
            serde_json::json!({"file": 0, "period": 2, "target": {"kind": "post", "holder": "aureille"}, "value": "0,5"}),
        ));
        let r = s.handle(&get("/api/export?file=0&format=csv&lang=fr"));
        assert_eq!(r.status, 200);
        assert_eq!(r.file_name.as_deref(), Some("vallee-couts.csv"));
        assert!(String::from_utf8_lossy(&r.body).contains(";aureille;Aureille;commune;0,5;"));
        let r = s.handle(&get("/api/export?file=0&format=xlsx"));
        assert_eq!(r.file_name.as_deref(), Some("vallee.xlsx"));
        assert!(r.content_type.contains("spreadsheetml"));
        let r = s.handle(&get("/api/export?file=0&format=html&lang=en"));
        assert!(String::from_utf8_lossy(&r.body).contains("<html lang=\"en\""));
        // The token is needed, and only files of the list are exported.
        let r = s.handle(&without(get("/api/export?file=0&format=csv"), "x-token"));
        assert_eq!(r.status, 403);
        assert_eq!(s.handle(&get("/api/export?file=5&format=csv")).status, 404);
        assert_eq!(
            s.handle(&get("/api/export?file=../x&format=csv")).status,
            404
        );
        assert_eq!(s.handle(&get("/api/export?file=0&format=exe")).status, 422);
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

    /// "Save as" takes a name as people type it (issue 17), and still
    /// nothing that leaves the folder or hides a file.
    #[test]
    fn save_as_takes_names_as_people_type_them() {
        for (typed, saved) in [
            ("variante-élus.toml", "variante-élus.toml"),
            ("variante maire.toml", "variante maire.toml"),
            ("variante-2", "variante-2.toml"),
            (" Variante d'août (B) ", "Variante d'août (B).toml"),
            ("a.TOML", "a.TOML"),
        ] {
            assert_eq!(safe_name(typed).as_deref(), Some(saved), "{typed}");
        }
        for refused in [
            "../x.toml",
            "a/b.toml",
            "a\\b",
            "..toml",
            ".cache",
            "x..y",
            "a\u{7}b",
            "a\nb",
            "c:x",
            "",
            " .toml",
            "a*b",
        ] {
            assert_eq!(safe_name(refused), None, "{refused:?}");
        }
        assert_eq!(safe_name(&"é".repeat(100)), None);
    }

    /// The file's cost assumptions come with its euros, as `ctgplan cost`
    /// shows them (issue 17).
    #[test]
    fn the_cost_assumptions_come_with_the_euros() {
        let (_d, mut s) = server();
        let v = json(&s.handle(&post("/api/view", serde_json::json!({"file": 0}))));
        let lines = v["view"]["costs"]["financing"].as_array().unwrap();
        assert_eq!(
            lines.first().and_then(|l| l.as_str()),
            Some("Financement\u{a0}: Hypothèses de travail, à confirmer")
        );
        assert!(lines.iter().any(|l| l
            .as_str()
            .is_some_and(|l| l.ends_with("pas des chiffres de la Caf."))));
        assert!(v["view"]["costs"]["financing_en"][0]
            .as_str()
            .unwrap()
            .starts_with("Financing: "));
    }

    /// The page compares after every change: a reload of the file that the
    /// comparison saw first is still said by the next view (a race the
    /// browser test met).
    #[test]
    fn a_comparison_does_not_swallow_a_reload_notice() {
        let (d, mut s) = server();
        std::fs::copy(d.path().join("vallee.toml"), d.path().join("w.toml")).unwrap();
        s.files.push(Entry {
            name: "w.toml".into(),
            path: d.path().join("w.toml"),
            doc: None,
        });
        s.handle(&post("/api/view", serde_json::json!({"file": 0})));
        let changed = VALLEE.replacen("aureille = { etp = 0.2 }", "aureille = { etp = 0.3 }", 1);
        std::fs::write(d.path().join("vallee.toml"), changed).unwrap();
        let r = s.handle(&post(
            "/api/compare",
            serde_json::json!({"file": 0, "period": 2, "others": [1]}),
        ));
        assert_eq!(r.status, 200);
        let v = json(&s.handle(&post(
            "/api/view",
            serde_json::json!({"file": 0, "period": 2}),
        )));
        assert_eq!(v["view"]["disk"], "reloaded", "{v}");
    }

    #[test]
    fn a_large_body_is_refused() {
        let (_d, mut s) = server();
        let mut r = post("/api/view", serde_json::json!({"file": 0}));
        r.body = vec![b' '; MAX_BODY + 1];
        let refused = s.handle(&r);
        assert_eq!(refused.status, 413);
        // In both languages, as the server's refusals before reading a body.
        assert_eq!(json(&refused)["error"], "requête trop grande");
        assert_eq!(json(&too_large())["error_en"], "request too large");
    }

    #[test]
    fn a_flood_of_requests_is_refused_until_the_second_is_over() {
        let (_d, mut s) = server();
        let start = Instant::now();
        let files = get("/api/files");
        for _ in 0..MAX_PER_SECOND {
            assert_eq!(s.handle_at(&files, start).status, 200);
        }
        assert_eq!(s.handle_at(&files, start).status, 429);
        // Refused requests count too: a foreign page's flood is cut short.
        let foreign = with(get("/api/files"), "host", "evil.example");
        assert_eq!(s.handle_at(&foreign, start).status, 429);
        let later = start + Duration::from_millis(1001);
        assert_eq!(s.handle_at(&files, later).status, 200);
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
            "evil:txt",
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

    /// A variant of vallee.toml opened in the page (file 1), and the
    /// server that shows it.
    fn variant_server() -> (tempfile::TempDir, Server) {
        let (dir, _) = server();
        let path = dir.path().join("variante.toml");
        std::fs::write(
            &path,
            "# Variante\nextends = \"vallee.toml\"\nset = [\"2027-2030.paradou=0.3\"]\n\n[[period]]\nid = \"2027-2030\" # the target\n\n[period.posts]\n# asked by the mayor\naureille = { etp = 0.5 }\n",
        )
        .unwrap();
        let s = Server::new(
            dir.path().to_path_buf(),
            vec![
                ("vallee.toml".into(), dir.path().join("vallee.toml")),
                ("variante.toml".into(), path),
            ],
            PORT,
            TOKEN.into(),
        );
        (dir, s)
    }

    #[test]
    fn a_change_to_a_variants_base_is_followed_or_its_conflict_shown() {
        let (dir, mut s) = variant_server();
        let base = dir.path().join("vallee.toml");
        let view = |s: &mut Server| {
            json(&s.handle(&post(
                "/api/view",
                serde_json::json!({"file": 1, "period": 2}),
            )))
        };
        let paradou = |v: &serde_json::Value| {
            v["view"]["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["holder"] == "paradou")
                .unwrap()["etp"]["value"]
                .clone()
        };
        assert_eq!(view(&mut s)["view"]["disk"], "same");
        assert_eq!(view(&mut s)["view"]["disk"], "same", "no change seen");
        // The base changes, the page has no change: it follows.
        let theirs = VALLEE.replace("paradou = { etp = 0.2 }", "paradou = { etp = 0.4 }");
        std::fs::write(&base, &theirs).unwrap();
        let v = view(&mut s);
        assert_eq!(v["view"]["disk"], "reloaded");
        assert_eq!(paradou(&v), "0.4");
        assert_eq!(view(&mut s)["view"]["disk"], "same", "said once");
        // Changed on the page and in the base: the conflict is shown and
        // saving refuses, until the user chooses.
        s.handle(&post(
            "/api/edit",
            serde_json::json!({"file": 1, "period": 2, "target": {"kind": "post", "holder": "mouries"}, "value": "0,4"}),
        ));
        std::fs::write(&base, VALLEE).unwrap();
        assert_eq!(view(&mut s)["view"]["disk"], "conflict");
        let r = s.handle(&post("/api/save", serde_json::json!({"file": 1})));
        assert_eq!(r.status, 409);
        let r = s.handle(&post(
            "/api/reload",
            serde_json::json!({"file": 1, "period": 2}),
        ));
        assert_eq!(json(&r)["view"]["disk"], "same");
        assert_eq!(paradou(&json(&r)), "0.2");
        // Saved, then seen unchanged: no false alarm.
        s.handle(&post(
            "/api/edit",
            serde_json::json!({"file": 1, "period": 2, "target": {"kind": "post", "holder": "mouries"}, "value": "0,4"}),
        ));
        let r = s.handle(&post("/api/save", serde_json::json!({"file": 1})));
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        assert_eq!(view(&mut s)["view"]["disk"], "same");
        // Its comments, not only the top ones, and its asks stay.
        let saved = std::fs::read_to_string(dir.path().join("variante.toml")).unwrap();
        for kept in [
            "# Variante\nextends = \"vallee.toml\"\nset = [\"2027-2030.paradou=0.3\"]\n",
            "id = \"2027-2030\" # the target\n",
            "# asked by the mayor\naureille = { etp = 0.5 }\n",
            "mouries = { etp = 0.4 }",
        ] {
            assert!(saved.contains(kept), "{kept}: {saved}");
        }
    }

    #[test]
    fn a_variants_diagnostics_point_into_the_variant_or_its_base_named() {
        let (dir, mut s) = variant_server();
        let path = dir.path().join("variante.toml");
        // (code, file: None for the variant itself, line) as the page says them.
        let page = |v: &serde_json::Value| -> Vec<(String, Option<String>, u64)> {
            v["view"]["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| {
                    (
                        d["code"].as_str().unwrap().to_owned(),
                        d["file"].as_str().map(str::to_owned),
                        d["line"].as_u64().unwrap(),
                    )
                })
                .collect()
        };
        // The same, as `ctgplan check variante.toml` finds them.
        let check = || -> Vec<(String, Option<String>, u64)> {
            let loaded = crate::scenario::load_path(&path);
            let mut all = loaded.diagnostics;
            all.extend(crate::rules::check(loaded.scenario.as_ref().unwrap()));
            all.iter()
                .map(|d| {
                    let pos = d.position();
                    let name = loaded.source.name_at(pos);
                    (
                        d.code.as_str().to_owned(),
                        (loaded.source.file_id(pos) != 0).then(|| {
                            std::path::Path::new(name)
                                .file_name()
                                .unwrap()
                                .to_string_lossy()
                                .into_owned()
                        }),
                        loaded.source.line_col(pos).line as u64,
                    )
                })
                .collect()
        };
        let v = json(&s.handle(&post(
            "/api/view",
            serde_json::json!({"file": 1, "period": 2}),
        )));
        assert_eq!(page(&v), check());
        // Edited, not saved yet: the total (written in the base) no longer
        // matches, said at its line in the base, named.
        let v = json(&s.handle(&post(
            "/api/edit",
            serde_json::json!({"file": 1, "period": 2, "target": {"kind": "post", "holder": "aureille"}, "value": "0,6"}),
        )));
        let line = line_in_2027(VALLEE, "total = 3.3");
        let found = page(&v);
        assert!(
            found.contains(&("CTG030".into(), Some("vallee.toml".into()), line)),
            "{found:?}"
        );
        // The report downloaded says it as `ctgplan report` on the file does.
        let r = s.handle(&get("/api/export?file=1&format=html&lang=fr"));
        assert_eq!(r.status, 200);
        assert_eq!(r.file_name.as_deref(), Some("variante.html"));
        let html = String::from_utf8_lossy(&r.body);
        assert!(html.contains(&format!("ligne {line}")), "{line}");
        let r = s.handle(&post("/api/save", serde_json::json!({"file": 1})));
        assert_eq!(r.status, 200);
        assert_eq!(found, check(), "as `check` says once saved");
        let v = json(&s.handle(&post(
            "/api/view",
            serde_json::json!({"file": 1, "period": 2}),
        )));
        assert_eq!(page(&v), check());
    }

    #[test]
    fn a_variants_asks_are_shown_on_their_cells_and_met_by_propose() {
        let (_dir, mut s) = variant_server();
        let cell = |v: &serde_json::Value, h: &str| {
            v["view"]["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["holder"] == h)
                .unwrap()["etp"]
                .clone()
        };
        let v = json(&s.handle(&post(
            "/api/view",
            serde_json::json!({"file": 1, "period": 2}),
        )));
        // `set = ["2027-2030.paradou=0.3"]`: Paradou shows the file's 0,2
        // and the variant's ask.
        let p = cell(&v, "paradou");
        assert_eq!(
            (p["value"].as_str(), p["wish"].as_str()),
            (Some("0.2"), Some("=0.3"))
        );
        assert_eq!(cell(&v, "aureille")["wish"], serde_json::Value::Null);
        // Another period shows none.
        let v0 = json(&s.handle(&post(
            "/api/view",
            serde_json::json!({"file": 1, "period": 1}),
        )));
        assert_eq!(cell(&v0, "paradou")["wish"], serde_json::Value::Null);
        let r = s.handle(&post(
            "/api/propose",
            serde_json::json!({"file": 1, "period": 2}),
        ));
        let v = json(&r);
        assert_eq!(v["proposal"]["kind"], "planned", "{v}");
        assert_eq!(
            v["proposal"]["asks"],
            serde_json::json!(["2027-2030.paradou=0.3"])
        );
        assert_eq!(cell(&v, "paradou")["value"], "0.3");
    }

    #[test]
    fn a_posts_padlock_is_saved_as_locked_in_the_file() {
        let (dir, mut s) = server();
        let lock = |s: &mut Server, locked: bool| {
            json(&s.handle(&post(
                "/api/lock",
                serde_json::json!({"file": 0, "period": 2, "key": "post:aureille", "locked": locked}),
            )))
        };
        let v = lock(&mut s, true);
        assert_eq!(v["view"]["rows"][0]["etp"]["locked"], true);
        assert_eq!(v["view"]["dirty"], true);
        let r = s.handle(&post("/api/save", serde_json::json!({"file": 0})));
        assert_eq!(r.status, 200);
        let path = dir.path().join("vallee.toml");
        let saved = std::fs::read_to_string(&path).unwrap();
        assert!(
            saved.contains("aureille = { etp = 0.2, locked = true }"),
            "{saved}"
        );
        let loaded = crate::scenario::load_path(&path);
        assert!(
            loaded.scenario.unwrap().periods[2]
                .post("aureille")
                .unwrap()
                .locked
        );
        // A server started afresh shows the padlock closed, from the file.
        let mut s2 = Server::new(
            dir.path().to_path_buf(),
            vec![("vallee.toml".into(), path.clone())],
            PORT,
            TOKEN.into(),
        );
        let v = json(&s2.handle(&post(
            "/api/view",
            serde_json::json!({"file": 0, "period": 2}),
        )));
        assert_eq!(v["view"]["rows"][0]["etp"]["locked"], true);
        // Opened, it is written out again.
        let v = lock(&mut s2, false);
        assert_eq!(v["view"]["rows"][0]["etp"]["locked"], false);
        s2.handle(&post("/api/save", serde_json::json!({"file": 0})));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), VALLEE);
    }

    #[test]
    fn a_variants_cards_name_the_line_in_the_variant_or_its_base() {
        let (_dir, mut s) = variant_server();
        s.handle(&post(
            "/api/edit",
            serde_json::json!({"file": 1, "period": 2, "target": {"kind": "total"}, "value": "3,5"}),
        ));
        let v = json(&s.handle(&post(
            "/api/propose",
            serde_json::json!({"file": 1, "period": 2}),
        )));
        assert_eq!(v["proposal"]["kind"], "impossible", "{v}");
        let changes: Vec<serde_json::Value> = v["proposal"]["alternatives"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["changes"].as_array().unwrap().clone())
            .collect();
        // Raising the Caf's total: written in the base, at its line there.
        let line = line_in_2027(VALLEE, "caf_total = 3.3");
        let caf = changes.iter().find(|c| c["code"] == "CTG032").unwrap();
        assert_eq!(caf["file"], "vallee.toml", "{caf}");
        assert_eq!(caf["line"], line, "{caf}");
    }

    #[test]
    fn save_as_a_variant_writes_what_differs_and_the_variant_opens_merged() {
        let (dir, mut s) = server();
        let edit = |s: &mut Server, file: usize, holder: &str, value: &str| {
            s.handle(&post(
                "/api/edit",
                serde_json::json!({"file": file, "period": 2, "target": {"kind": "post", "holder": holder}, "value": value}),
            ))
        };
        edit(&mut s, 0, "aureille", "0,5");
        // Opened figure: removed by the variant's `unset`.
        edit(&mut s, 0, "mouries", "");
        let r = s.handle(&post(
            "/api/save",
            serde_json::json!({"file": 0, "name": "variante-b.toml", "variant": true}),
        ));
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        let new = json(&r)["file"].as_u64().unwrap() as usize;
        let path = dir.path().join("variante-b.toml");
        let saved = std::fs::read_to_string(&path).unwrap();
        assert!(saved.starts_with("extends = \"vallee.toml\"\n"), "{saved}");
        assert!(
            saved.contains("unset = [\"period.2027-2030.posts.mouries\"]"),
            "{saved}"
        );
        assert!(saved.contains("aureille = { etp = 0.5 }"), "{saved}");
        assert!(saved.lines().count() < 15, "{saved}");
        // The base is untouched, and `check` reads the variant with it.
        assert_eq!(
            std::fs::read_to_string(dir.path().join("vallee.toml")).unwrap(),
            VALLEE
        );
        let loaded = crate::scenario::load_path(&path);
        assert!(loaded.scenario.is_some(), "{:?}", loaded.diagnostics);
        // The new file shows the page's figures, merged, not dirty.
        let v = json(&s.handle(&post(
            "/api/view",
            serde_json::json!({"file": new, "period": 2}),
        )));
        assert_eq!(v["view"]["extends"], "vallee.toml");
        assert_eq!(v["view"]["dirty"], false);
        // ↑ and ↓ move a cell by the scenario's step.
        assert_eq!(v["view"]["step"], "0.1");
        let row = |v: &serde_json::Value, h: &str| {
            v["view"]["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["holder"] == h)
                .unwrap()["etp"]["value"]
                .clone()
        };
        assert_eq!(row(&v, "aureille"), "0.5");
        // Edited and saved in place: still a small variant of the same base.
        let v = json(&edit(&mut s, new, "aureille", "0,4"));
        assert_eq!(v["view"]["dirty"], true);
        let r = s.handle(&post("/api/save", serde_json::json!({"file": new})));
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        let saved = std::fs::read_to_string(&path).unwrap();
        assert!(
            saved.contains("aureille = { etp = 0.4 }") && saved.contains("extends"),
            "{saved}"
        );
        // A server started afresh on the folder opens it merged too.
        let mut s2 = Server::new(
            dir.path().to_path_buf(),
            vec![("variante-b.toml".into(), path.clone())],
            PORT,
            TOKEN.into(),
        );
        let v = json(&s2.handle(&post(
            "/api/view",
            serde_json::json!({"file": 0, "period": 2}),
        )));
        assert_eq!(row(&v, "aureille"), "0.4");
        assert_eq!(v["view"]["extends"], "vallee.toml");
        assert_eq!(v["view"]["loaded"], true);
        // Someone edits the variant on disk: the page follows, merged.
        std::fs::write(
            &path,
            format!("# Variante B\n{}", saved.replace("0.4", "0.3")),
        )
        .unwrap();
        let v = json(&s2.handle(&post(
            "/api/view",
            serde_json::json!({"file": 0, "period": 2}),
        )));
        assert_eq!(row(&v, "aureille"), "0.3");
        assert_eq!(v["view"]["disk"], "reloaded");
        // Saved again: its title comment is kept.
        let edited = s2.handle(&post(
            "/api/edit",
            serde_json::json!({"file": 0, "period": 2, "target": {"kind": "post", "holder": "aureille"}, "value": "0,2"}),
        ));
        assert_eq!(edited.status, 200);
        let r = s2.handle(&post("/api/save", serde_json::json!({"file": 0})));
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        let saved = std::fs::read_to_string(&path).unwrap();
        assert!(
            saved.starts_with("# Variante B\nextends = \"vallee.toml\"\n"),
            "{saved}"
        );
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
        assert_eq!(v["view"]["disk"], "conflict");
    }

    #[test]
    fn a_file_changed_on_disk_is_reloaded_or_its_conflict_shown() {
        let (dir, mut s) = server();
        let path = dir.path().join("vallee.toml");
        let view = |s: &mut Server| {
            json(&s.handle(&post(
                "/api/view",
                serde_json::json!({"file": 0, "period": 2}),
            )))
        };
        assert_eq!(view(&mut s)["view"]["disk"], "same");
        // Unchanged on the page: the page follows the file.
        std::fs::write(
            &path,
            VALLEE.replace("aureille = { etp = 0.2 }", "aureille = { etp = 0.3 }"),
        )
        .unwrap();
        let v = view(&mut s);
        assert_eq!(v["view"]["disk"], "reloaded");
        assert_eq!(v["view"]["rows"][0]["etp"]["value"], "0.3");
        assert_eq!(view(&mut s)["view"]["disk"], "same", "said once");
        // Changed on the page and on disk: the conflict is shown, and
        // neither side is lost until the user chooses.
        s.handle(&post(
            "/api/edit",
            serde_json::json!({"file": 0, "period": 2, "target": {"kind": "post", "holder": "paradou"}, "value": "0,4"}),
        ));
        std::fs::write(&path, "# theirs\n").unwrap();
        let v = view(&mut s);
        assert_eq!(v["view"]["disk"], "conflict");
        assert_eq!(v["view"]["dirty"], true);
        let r = s.handle(&post("/api/save", serde_json::json!({"file": 0})));
        assert_eq!(r.status, 409);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "# theirs\n");
        // "Écraser quand même" writes the page's text.
        let r = s.handle(&post(
            "/api/save",
            serde_json::json!({"file": 0, "force": true}),
        ));
        assert_eq!(r.status, 200);
        assert!(std::fs::read_to_string(&path)
            .unwrap()
            .contains("paradou = { etp = 0.4 }"));
        assert_eq!(view(&mut s)["view"]["disk"], "same");
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
    fn variants_a_b_c_side_by_side_with_their_yearly_costs() {
        let (_d, mut s) = server();
        // B: Aureille at 0,5; C: Aureille at 0,5 and Paradou at 0,4.
        for (name, holder, value) in [
            ("variante-b.toml", "aureille", "0,5"),
            ("variante-c.toml", "paradou", "0,4"),
        ] {
            s.handle(&post(
                "/api/edit",
                serde_json::json!({"file": 0, "period": 2, "target": {"kind": "post", "holder": holder}, "value": value}),
            ));
            let r = s.handle(&post(
                "/api/save",
                serde_json::json!({"file": 0, "name": name}),
            ));
            assert_eq!(r.status, 200);
        }
        for _ in 0..2 {
            s.handle(&post(
                "/api/undo",
                serde_json::json!({"file": 0, "period": 2}),
            ));
        }
        let r = s.handle(&post(
            "/api/compare",
            serde_json::json!({"file": 0, "period": 2, "others": [1, 2]}),
        ));
        let v = json(&r);
        assert_eq!(v["period"], "2027-2030", "{v}");
        let names: Vec<_> = v["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].clone())
            .collect();
        assert_eq!(names, ["vallee.toml", "variante-b.toml", "variante-c.toml"]);
        assert_eq!(v["rows"][0]["name"], "Aureille");
        assert_eq!(
            v["rows"][0]["etp"],
            serde_json::json!(["0.2", "0.5", "0.5"])
        );
        // 0.3 ETP more for Aureille: 0.3 × 52,000 € a year, half of it paid by the Caf.
        assert_eq!(v["columns"][0]["caf"], "86300.00");
        assert_eq!(v["columns"][1]["caf"], "94100.00");
        assert_eq!(v["columns"][0]["total"], "3.3");
        assert_eq!(v["columns"][1]["total"], "3.6");
        assert_eq!(v["columns"][1]["errors"], 1);
        let paradou = v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == "Paradou")
            .unwrap();
        assert_ne!(paradou["rest"][1], paradou["rest"][2], "{paradou}");
        for others in [serde_json::json!([9]), serde_json::json!([])] {
            let r = s.handle(&post(
                "/api/compare",
                serde_json::json!({"file": 0, "period": 2, "others": others}),
            ));
            assert!(matches!(r.status, 404 | 422), "{}", r.status);
        }
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
        // Each alternative is a card: raise the Caf's total, or move the ask.
        let cards = v["proposal"]["alternatives"].as_array().unwrap();
        let code = |c: &serde_json::Value| c["changes"][0]["code"].clone();
        assert_eq!(code(&cards[0]), "CTG032", "{v}");
        assert!(cards[0]["changes"][0]["text"]
            .as_str()
            .unwrap()
            .contains("from 3.3 to 3.5"));
        // Its yearly effect against the file: 0.2 ETP more, 5,200 € more
        // for the Caf, as `ctgplan propose` says it.
        let effect = cards[0]["effect"]["en"].as_str().unwrap();
        assert!(effect.contains("Caf +€5,200.00"), "{effect}");
        let moved = cards.iter().position(|c| code(c) == "CTG132").unwrap();
        assert_eq!(cards[moved]["apply"], true);
        // One click applies it: the total is 3.3 again and no error remains.
        let r = s.handle(&post(
            "/api/apply",
            serde_json::json!({"file": 0, "period": 2, "index": moved}),
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
            serde_json::json!({"file": 0, "period": 2, "index": moved}),
        ));
        assert_eq!(r.status, 422);
    }
}
