//! The server's state and its answer to each message. Pure: messages in,
//! messages out, so tests and the fuzz target drive it without a process.

use super::actions;
use super::analysis::Analysis;
use super::complete::{self, Ids};
use super::hover;
use super::position::LineIndex;
use crate::i18n::Lang;
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CompletionOptions, CompletionParams, CompletionResponse,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams, Hover,
    HoverContents, HoverParams, HoverProviderCapability, InitializeResult, MarkupContent,
    MarkupKind, PublishDiagnosticsParams, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextEdit, Uri, WorkspaceEdit,
};
use serde::de::DeserializeOwned;
use std::collections::HashMap;

/// Most documents kept open at once (each at most 2 MiB, the loader's limit);
/// a client that opens more loses the oldest.
const MAX_DOCUMENTS: usize = 100;

struct Document {
    uri: Uri,
    version: i32,
    analysis: Analysis,
    /// Ids of the last version that loaded, for completion while typing.
    ids: Ids,
    opened: u64,
}

#[derive(Default, PartialEq, Eq)]
enum State {
    #[default]
    Uninitialized,
    Running,
    ShutDown,
}

#[derive(Default)]
pub struct Server {
    state: State,
    documents: HashMap<String, Document>,
    opened: u64,
    /// Set by the `exit` notification: the process's exit code.
    pub exit: Option<crate::exit::ExitStatus>,
    /// `--lang`, which wins over the client's locale.
    pub lang_flag: Option<Lang>,
    /// The language of messages: `--lang`, else the `locale` the client
    /// sent in `initialize`, else [`Lang::detect`]; set by `initialize`.
    lang: Option<Lang>,
}

fn reply<T: serde::Serialize>(id: RequestId, result: T) -> Message {
    match serde_json::to_value(result) {
        Ok(v) => Message::Response(Response {
            id,
            response_result: Ok(v),
        }),
        Err(e) => error(id, ErrorCode::InternalError, e.to_string()),
    }
}

fn error(id: RequestId, code: ErrorCode, message: String) -> Message {
    Message::Response(Response::new_err(id, code as i32, message))
}

fn params<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|e| format!("invalid params: {e}"))
}

pub fn capabilities() -> InitializeResult {
    InitializeResult {
        capabilities: ServerCapabilities {
            text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec!["\"".into(), ".".into()]),
                ..Default::default()
            }),
            ..Default::default()
        },
        server_info: Some(ServerInfo {
            name: "ctgplan".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    }
}

impl Server {
    pub fn handle(&mut self, msg: Message) -> Vec<Message> {
        match msg {
            Message::Request(r) => vec![self.request(r)],
            Message::Notification(n) => self.notification(n),
            // The server sends no requests, so it expects no responses.
            Message::Response(_) => Vec::new(),
        }
    }

    fn request(&mut self, r: Request) -> Message {
        match (&self.state, r.method.as_str()) {
            (State::Uninitialized, "initialize") => {
                self.state = State::Running;
                let client = r
                    .params
                    .get("locale")
                    .and_then(serde_json::Value::as_str)
                    .and_then(Lang::from_locale);
                self.lang = Some(
                    self.lang_flag
                        .or(client)
                        .unwrap_or_else(|| Lang::detect(None)),
                );
                reply(r.id, capabilities())
            }
            (State::Uninitialized, _) => error(
                r.id,
                ErrorCode::ServerNotInitialized,
                "the server is not initialized".into(),
            ),
            (State::ShutDown, _) => error(
                r.id,
                ErrorCode::InvalidRequest,
                "the server is shut down".into(),
            ),
            (State::Running, "initialize") => error(
                r.id,
                ErrorCode::InvalidRequest,
                "already initialized".into(),
            ),
            (State::Running, "shutdown") => {
                self.state = State::ShutDown;
                reply(r.id, serde_json::Value::Null)
            }
            (State::Running, method) => {
                let id = r.id.clone();
                let result = match method {
                    "textDocument/hover" => params(r.params).map(|p| self.hover(p)).and_then(value),
                    "textDocument/codeAction" => params(r.params)
                        .map(|p| self.code_actions(p))
                        .and_then(value),
                    "textDocument/completion" => {
                        params(r.params).map(|p| self.completion(p)).and_then(value)
                    }
                    _ => {
                        return error(
                            id,
                            ErrorCode::MethodNotFound,
                            format!("unknown method `{method}`"),
                        )
                    }
                };
                match result {
                    Ok(v) => reply(id, v),
                    Err(e) => error(id, ErrorCode::InvalidParams, e),
                }
            }
        }
    }

    fn notification(&mut self, n: Notification) -> Vec<Message> {
        if n.method == "exit" {
            self.exit = Some(crate::exit::ExitStatus::breached_if(
                self.state != State::ShutDown,
            ));
            return Vec::new();
        }
        if self.state != State::Running {
            return Vec::new();
        }
        // A notification has no reply: bad params are dropped (and logged).
        let result = match n.method.as_str() {
            "textDocument/didOpen" => params(n.params).map(|p| self.did_open(p)),
            "textDocument/didChange" => params(n.params).map(|p| self.did_change(p)),
            "textDocument/didClose" => params(n.params).map(|p| self.did_close(p)),
            _ => Ok(Vec::new()),
        };
        result.unwrap_or_else(|e| {
            eprintln!("ctgplan lsp: {}: {e}", n.method);
            Vec::new()
        })
    }

    fn lang(&self) -> Lang {
        self.lang.unwrap_or_else(|| Lang::detect(self.lang_flag))
    }

    fn publish(doc: &Document, lang: Lang) -> Message {
        Message::Notification(Notification::new(
            "textDocument/publishDiagnostics".to_owned(),
            PublishDiagnosticsParams {
                uri: doc.uri.clone(),
                diagnostics: doc.analysis.lsp_diagnostics(&doc.uri, lang),
                version: Some(doc.version),
            },
        ))
    }

    fn analyse(uri: &Uri, text: String) -> Analysis {
        let name = uri
            .as_str()
            .strip_prefix("file://")
            .unwrap_or(uri.as_str())
            .to_owned();
        Analysis::new(&name, text)
    }

    fn did_open(&mut self, p: DidOpenTextDocumentParams) -> Vec<Message> {
        let uri = p.text_document.uri;
        let analysis = Self::analyse(&uri, p.text_document.text);
        let ids = analysis.scenario.as_ref().map_or_else(Ids::afas, Ids::of);
        if self.documents.len() >= MAX_DOCUMENTS {
            if let Some(oldest) = self
                .documents
                .iter()
                .min_by_key(|(_, d)| d.opened)
                .map(|(k, _)| k.clone())
            {
                self.documents.remove(&oldest);
            }
        }
        self.opened += 1;
        let doc = Document {
            uri: uri.clone(),
            version: p.text_document.version,
            analysis,
            ids,
            opened: self.opened,
        };
        let out = vec![Self::publish(&doc, self.lang())];
        self.documents.insert(uri.as_str().to_owned(), doc);
        out
    }

    fn did_change(&mut self, p: DidChangeTextDocumentParams) -> Vec<Message> {
        let lang = self.lang();
        let Some(doc) = self.documents.get_mut(p.text_document.uri.as_str()) else {
            return Vec::new();
        };
        let mut text = std::mem::take(&mut doc.analysis.text);
        for change in p.content_changes {
            match change.range {
                // Incremental edits, in case a client sends them anyway.
                Some(range) => {
                    let index = LineIndex::new(&text);
                    let start = index.offset(range.start);
                    let end = index.offset(range.end).max(start);
                    text.replace_range(start..end, &change.text);
                }
                None => text = change.text,
            }
        }
        doc.analysis = Self::analyse(&doc.uri, text);
        if let Some(s) = &doc.analysis.scenario {
            doc.ids = Ids::of(s);
        }
        doc.version = p.text_document.version;
        vec![Self::publish(doc, lang)]
    }

    fn did_close(&mut self, p: DidCloseTextDocumentParams) -> Vec<Message> {
        self.documents.remove(p.text_document.uri.as_str());
        // Clear the file's diagnostics in the editor.
        vec![Message::Notification(Notification::new(
            "textDocument/publishDiagnostics".to_owned(),
            PublishDiagnosticsParams {
                uri: p.text_document.uri,
                diagnostics: Vec::new(),
                version: None,
            },
        ))]
    }

    fn hover(&self, p: HoverParams) -> Option<Hover> {
        let pos = p.text_document_position_params;
        let doc = self.documents.get(pos.text_document.uri.as_str())?;
        let a = &doc.analysis;
        let index = a.index();
        let offset = a.body_offset(index.offset(pos.position));
        let (span, text) = hover::hover(a, offset)?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: text,
            }),
            range: Some(a.range(&index, &span)),
        })
    }

    fn code_actions(&self, p: CodeActionParams) -> Vec<CodeActionOrCommand> {
        let Some(doc) = self.documents.get(p.text_document.uri.as_str()) else {
            return Vec::new();
        };
        let a = &doc.analysis;
        let index = a.index();
        let asked = (
            a.body_offset(index.offset(p.range.start)),
            a.body_offset(index.offset(p.range.end)),
        );
        let mut out = Vec::new();
        for d in &a.diagnostics {
            // Findings whose primary label touches the asked range.
            let Some(l) = d.labels.iter().find(|l| l.primary) else {
                continue;
            };
            if l.span.end < asked.0 || l.span.start > asked.1 {
                continue;
            }
            let lsp_diag = super::analysis::to_lsp(a, &index, &doc.uri, d, self.lang());
            for fix in actions::fixes(a, d) {
                let edit = TextEdit::new(a.range(&index, &fix.range), fix.text);
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![lsp_diag.clone()]),
                    edit: Some(WorkspaceEdit {
                        changes: Some(std::iter::once((doc.uri.clone(), vec![edit])).collect()),
                        ..Default::default()
                    }),
                    is_preferred: Some(fix.preferred),
                    ..Default::default()
                }));
            }
        }
        out
    }

    fn completion(&self, p: CompletionParams) -> Option<CompletionResponse> {
        let pos = p.text_document_position;
        let doc = self.documents.get(pos.text_document.uri.as_str())?;
        let text = &doc.analysis.text;
        let offset = LineIndex::new(text).offset(pos.position);
        let before = text.get(..offset)?;
        let line = before.rsplit('\n').next().unwrap_or(before);
        Some(CompletionResponse::Array(complete::complete(
            &doc.ids, line,
        )))
    }
}

fn value<T: serde::Serialize>(v: T) -> Result<serde_json::Value, String> {
    serde_json::to_value(v).map_err(|e| e.to_string())
}
