//! Reading and writing LSP messages (`Content-Length` framing) with limits.
//! lsp-server's own stdio reader stops the server at the first malformed
//! message and allocates whatever `Content-Length` claims; here a body that is
//! not JSON-RPC gets an error reply and the server reads on, and sizes are
//! bounded.

use std::io::{self, BufRead, Read, Write};

/// Largest message body: a scenario (at most 2 MiB) escaped in JSON, with room.
pub const MAX_BODY: usize = 32 * 1024 * 1024;
/// Longest header line, and most header lines per message.
const MAX_HEADER_LINE: usize = 1024;
const MAX_HEADERS: usize = 16;

pub enum Frame {
    /// A message body (the caller parses it).
    Body(Vec<u8>),
    /// Headers that cannot be used; the body, if any, was skipped.
    BadHeader(String),
    Eof,
}

/// Reads one line of at most `MAX_HEADER_LINE` bytes (longer lines are read to
/// their end and reported as too long).
fn read_header_line(r: &mut dyn BufRead) -> io::Result<Option<Result<String, String>>> {
    let mut line = Vec::new();
    let n = Read::take(&mut *r, MAX_HEADER_LINE as u64).read_until(b'\n', &mut line)?;
    if n == 0 {
        return Ok(None);
    }
    if !line.ends_with(b"\n") {
        // Skip the rest of an overlong line.
        let mut rest = Vec::new();
        loop {
            rest.clear();
            let m = Read::take(&mut *r, 64 * 1024).read_until(b'\n', &mut rest)?;
            if m == 0 || rest.ends_with(b"\n") {
                break;
            }
        }
        return Ok(Some(Err("header line too long".to_owned())));
    }
    let text = String::from_utf8_lossy(&line);
    Ok(Some(Ok(text.trim_end_matches(['\r', '\n']).to_owned())))
}

pub fn read_frame(r: &mut dyn BufRead) -> io::Result<Frame> {
    let mut length: Option<Result<usize, String>> = None;
    let mut problem: Option<String> = None;
    let mut headers = 0;
    loop {
        let line = match read_header_line(r)? {
            None => return Ok(Frame::Eof),
            Some(Err(e)) => {
                problem.get_or_insert(e);
                continue;
            }
            Some(Ok(line)) => line,
        };
        if line.is_empty() {
            if headers == 0 && problem.is_none() {
                continue; // stray blank line between messages
            }
            break;
        }
        headers += 1;
        if headers > MAX_HEADERS {
            problem.get_or_insert_with(|| "too many header lines".to_owned());
            continue;
        }
        match line.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                length = Some(
                    value
                        .trim()
                        .parse::<usize>()
                        .map_err(|_| format!("bad Content-Length `{}`", value.trim())),
                );
            }
            Some(_) => {}
            None => {
                problem.get_or_insert_with(|| format!("malformed header `{}`", clip(&line)));
            }
        }
    }
    let len = match length {
        None => {
            return Ok(Frame::BadHeader(
                problem.unwrap_or_else(|| "no Content-Length".into()),
            ))
        }
        Some(Err(e)) => return Ok(Frame::BadHeader(e)),
        Some(Ok(n)) => n,
    };
    if len > MAX_BODY {
        // Read past it without keeping it, so the next message can be read.
        io::copy(&mut Read::take(&mut *r, len as u64), &mut io::sink())?;
        return Ok(Frame::BadHeader(format!(
            "message of {len} bytes, over the {MAX_BODY}-byte limit"
        )));
    }
    let mut body = Vec::with_capacity(len.min(1024 * 1024));
    Read::take(&mut *r, len as u64).read_to_end(&mut body)?;
    if body.len() < len {
        return Ok(Frame::Eof);
    }
    match problem {
        Some(p) => Ok(Frame::BadHeader(p)),
        None => Ok(Frame::Body(body)),
    }
}

fn clip(s: &str) -> String {
    s.chars().take(60).collect()
}

pub fn write_frame(w: &mut dyn Write, body: &str) -> io::Result<()> {
    write!(w, "Content-Length: {}\r\n\r\n", body.len())?;
    w.write_all(body.as_bytes())?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> Vec<String> {
        let mut r = io::BufReader::new(input);
        let mut out = Vec::new();
        loop {
            match read_frame(&mut r).unwrap() {
                Frame::Body(b) => out.push(format!("body {}", String::from_utf8_lossy(&b))),
                Frame::BadHeader(e) => out.push(format!("bad {e}")),
                Frame::Eof => return out,
            }
        }
    }

    #[test]
    fn reads_messages_and_survives_bad_headers() {
        let input = b"Content-Length: 2\r\n\r\n{}\
Content-Length: x\r\n\r\n\
garbage\r\n\r\n\
Content-Length: 99999999999\r\n\r\n";
        let got = frames(input);
        assert_eq!(got[0], "body {}");
        assert!(got[1].starts_with("bad bad Content-Length"), "{got:?}");
        assert!(got[2].starts_with("bad malformed header"), "{got:?}");
        assert!(got[3].starts_with("bad message of"), "{got:?}");
        assert_eq!(got.len(), 4);
    }

    #[test]
    fn truncated_body_is_end_of_input() {
        assert!(frames(b"Content-Length: 10\r\n\r\n{}").is_empty());
    }
}
