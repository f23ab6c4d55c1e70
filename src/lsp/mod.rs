//! `ctgplan lsp`: a language server over stdio for editors (docs/editor.md).
//! Diagnostics as the user types (the same codes, ranges and help as
//! `check`), hover on rule codes, ids and totals, quick fixes, completion of
//! ids. Built on lsp-server's message types with a framing loop of its own
//! ([`transport`]), so that no input stops or crashes the server.

pub mod actions;
pub mod analysis;
pub mod complete;
pub mod hover;
pub mod position;
pub mod server;
pub mod transport;

use lsp_server::Message;
use std::io::{self, BufRead, Write};
use transport::{read_frame, write_frame, Frame};

/// A JSON-RPC error without a request id (the request could not be read).
fn unreadable(code: i32, message: &str) -> String {
    serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": code, "message": message },
    })
    .to_string()
}

/// Serves one client until `exit` or the end of the input; returns the exit
/// code (0 after `shutdown` then `exit`, 1 otherwise, as the protocol says).
pub fn serve(input: &mut dyn BufRead, output: &mut dyn Write) -> io::Result<u8> {
    serve_with(input, output, true, None)
}

/// [`serve`] without catching handler panics: for the fuzz target, which must
/// see them.
pub fn serve_unguarded(input: &mut dyn BufRead, output: &mut dyn Write) -> io::Result<u8> {
    serve_with(input, output, false, None)
}

fn serve_with(
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    guard: bool,
    lang: Option<crate::i18n::Lang>,
) -> io::Result<u8> {
    let mut server = server::Server::default();
    server.lang_flag = lang;
    loop {
        let body = match read_frame(input)? {
            Frame::Eof => return Ok(1),
            Frame::BadHeader(e) => {
                write_frame(
                    output,
                    &unreadable(-32700, &format!("unreadable message: {e}")),
                )?;
                continue;
            }
            Frame::Body(b) => b,
        };
        let msg: Message = match serde_json::from_slice::<serde_json::Value>(&body) {
            Err(e) => {
                write_frame(output, &unreadable(-32700, &format!("parse error: {e}")))?;
                continue;
            }
            Ok(v) => match serde_json::from_value(v) {
                Ok(m) => m,
                Err(e) => {
                    write_frame(
                        output,
                        &unreadable(-32600, &format!("not a JSON-RPC message: {e}")),
                    )?;
                    continue;
                }
            },
        };
        let request_id = match &msg {
            Message::Request(r) => Some(r.id.clone()),
            _ => None,
        };
        // Defence in depth: a bug in a handler answers with an error and the
        // server goes on, instead of taking the editor's session down.
        if !guard {
            for reply in server.handle(msg) {
                reply.write(&mut &mut *output)?;
            }
            if let Some(code) = server.exit {
                return Ok(code);
            }
            continue;
        }
        let replies = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| server.handle(msg)))
            .unwrap_or_else(|_| {
                request_id
                    .map(|id| {
                        Message::Response(lsp_server::Response::new_err(
                            id,
                            lsp_server::ErrorCode::InternalError as i32,
                            "internal error (please report it)".to_owned(),
                        ))
                    })
                    .into_iter()
                    .collect()
            });
        for reply in replies {
            reply.write(&mut &mut *output)?;
        }
        if let Some(code) = server.exit {
            return Ok(code);
        }
    }
}

/// `lang`: the `--lang` flag, which wins over the client's locale.
pub fn run_stdio(lang: Option<crate::i18n::Lang>) -> io::Result<u8> {
    let stdin = io::stdin();
    let stdout = io::stdout();
    serve_with(&mut stdin.lock(), &mut stdout.lock(), true, lang)
}
