//! Any bytes → the language server's message loop (`ctgplan::lsp::serve`).
//! Half the inputs are a raw stream (framing, headers, bodies); the other half
//! are message bodies split on 0xFF, each framed correctly and sent after a
//! real `initialize` and `didOpen`, so the handlers themselves are reached.
//! A bug is a panic (`serve_unguarded`: the server's net that turns a handler
//! panic into an error reply is off here), a hang, or output that is not a
//! sequence of well-framed JSON messages.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::BufReader;

const SCENARIO: &str = include_str!("../../scenarios/golfe-des-etangs.toml");

fn frame(out: &mut Vec<u8>, body: &[u8]) {
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    out.extend_from_slice(body);
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let input = if mode & 1 == 0 {
        rest.to_vec()
    } else {
        let mut input = Vec::new();
        frame(
            &mut input,
            br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#,
        );
        let open = serde_json::json!({
            "jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": "file:///f.toml", "languageId": "toml", "version": 1, "text": SCENARIO}}
        });
        frame(&mut input, open.to_string().as_bytes());
        for body in rest.split(|b| *b == 0xFF) {
            frame(&mut input, body);
        }
        input
    };
    let mut output = Vec::new();
    ctgplan::lsp::serve_unguarded(&mut BufReader::new(&input[..]), &mut output)
        .expect("writing to memory");
    // What the server wrote is well framed, and every body is JSON.
    let mut r = BufReader::new(&output[..]);
    loop {
        match ctgplan::lsp::transport::read_frame(&mut r).expect("reading memory") {
            ctgplan::lsp::transport::Frame::Body(b) => {
                serde_json::from_slice::<serde_json::Value>(&b).expect("the server writes JSON");
            }
            ctgplan::lsp::transport::Frame::BadHeader(e) => {
                panic!("the server wrote a bad frame: {e}")
            }
            ctgplan::lsp::transport::Frame::Eof => break,
        }
    }
});
