//! `check --watch`: the binary re-checks when a file is saved, and ends
//! cleanly on Ctrl-C (SIGINT) or when its input closes. Every wait has a
//! timeout, so a watcher that misses an event fails the test, never hangs it.

use insta_cmd::get_cargo_bin;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const WAIT: Duration = Duration::from_secs(20);

struct Watch {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Watch {
    fn start(file: &Path) -> Watch {
        let mut child = Command::new(get_cargo_bin("ctgplan"))
            .env("CTGPLAN_LANG", "en")
            .args(["--color", "never", "check", "--watch"])
            .arg(file)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, rx) = mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines() {
                    let Ok(line) = line else { break };
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            });
        }
        Watch {
            child,
            lines: rx,
            seen: Vec::new(),
        }
    }

    /// Waits until `n` lines in all contain `text`; fails after the timeout.
    /// (The report is on stdout and the status lines on stderr: the order
    /// between the two is not fixed, so tests count rather than sequence.)
    fn expect_n(&mut self, text: &str, n: usize) {
        let deadline = Instant::now() + WAIT;
        loop {
            if self.seen.iter().filter(|l| l.contains(text)).count() >= n {
                return;
            }
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                break;
            };
            match self.lines.recv_timeout(left) {
                Ok(line) => self.seen.push(line),
                Err(_) => break,
            }
        }
        let _ = self.child.kill();
        panic!(
            "not {n} line(s) with {text:?} in time; saw:\n{}",
            self.seen.join("\n")
        );
    }

    fn expect(&mut self, text: &str) {
        self.expect_n(text, 1);
    }

    /// Waits for the process to end; returns its exit code.
    fn exit_code(mut self) -> Option<i32> {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        panic!("the watcher did not stop");
    }
}

fn scenario(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("golfe.toml");
    std::fs::copy(format!("{ROOT}/scenarios/golfe-des-etangs.toml"), &file).unwrap();
    file
}

#[test]
fn a_save_is_checked_again_and_closing_the_input_ends_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario(dir.path());
    let mut w = Watch::start(&file);
    w.expect("checked 1 file: 0 errors");
    // A save that breaks the total: the re-check shows CTG030.
    let text = std::fs::read_to_string(&file).unwrap();
    let broken = text.replacen("total = ", "total = 9", 1);
    assert_ne!(broken, text);
    std::fs::write(&file, &broken).unwrap();
    w.expect("── check 2 (");
    w.expect("error[CTG030]");
    w.expect("checked 1 file: 1 error");
    // Saving the fix clears it.
    std::fs::write(&file, &text).unwrap();
    w.expect("── check 3 (");
    w.expect_n("checked 1 file: 0 errors", 2);
    // Closing the input (Ctrl-D) ends the watch; the exit code is the last check's.
    drop(w.child.stdin.take());
    w.expect("stopped watching");
    assert_eq!(w.exit_code(), Some(0));
}

#[test]
fn ctrl_c_ends_it_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario(dir.path());
    let mut w = Watch::start(&file);
    w.expect("watching 1 path for changes");
    w.expect("checked 1 file: 0 errors");
    // The shell's built-in `kill`: no procps needed.
    let kill = Command::new("sh")
        .env("CTGPLAN_LANG", "en")
        .args(["-c", &format!("kill -INT {}", w.child.id())])
        .status()
        .unwrap();
    assert!(kill.success());
    w.expect("stopped watching");
    assert_eq!(w.exit_code(), Some(0));
}
