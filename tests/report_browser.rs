//! The HTML report as a person sees it: headless Chromium opens the Vallée
//! des Baux report written by `ctgplan report`, logs no console message,
//! builds the expected tables, charts and diagnostic codes, and draws a
//! screenshot with the charts' colours in it.
//!
//! Needs Debian's `chromium` (set `CHROMIUM` to use another binary). Without
//! it the test fails when `CI` is set, and is skipped otherwise. Chromium is
//! told to resolve no host name, so nothing can leave the machine whatever
//! the page or the browser's own services ask for.

use insta_cmd::get_cargo_bin;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const VALLEE: &str = "scenarios/vallee-des-baux-alpilles.toml";
const TIMEOUT: Duration = Duration::from_secs(60);

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs = std::iter::once(PathBuf::from("/usr/bin")).chain(std::env::split_paths(&path));
    for dir in dirs {
        for name in ["chromium", "chromium-browser"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Chromium, or `None` (after saying why) when the test may be skipped.
fn browser() -> Option<PathBuf> {
    match chromium() {
        Some(p) => Some(p),
        None if std::env::var_os("CI").is_some() => panic!(
            "headless Chromium is needed for the browser test: install Debian's `chromium` \
             (apt-get install -y chromium chromium-driver; .ci/run does) or set CHROMIUM"
        ),
        None => {
            eprintln!("skipped: no chromium found (install Debian's `chromium` or set CHROMIUM)");
            None
        }
    }
}

struct Run {
    stdout: String,
    stderr: String,
}

/// Runs headless Chromium on `page` with `args`, in a fresh profile.
fn run_chromium(bin: &Path, work: &Path, page: &Path, args: &[String]) -> Run {
    let profile = tempfile::tempdir_in(work).expect("profile dir");
    let out_path = work.join("chromium.out");
    let err_path = work.join("chromium.err");
    let mut child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-default-browser-check",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(File::create(&out_path).expect("stdout file"))
        .stderr(File::create(&err_path).expect("stderr file"))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium took more than {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let run = Run {
        stdout: std::fs::read_to_string(&out_path).unwrap_or_default(),
        stderr: std::fs::read_to_string(&err_path).unwrap_or_default(),
    };
    assert!(
        status.success(),
        "chromium failed: {status}\n{}",
        run.stderr
    );
    run
}

/// Writes the report with the command, as a user would.
fn write_report(work: &Path, lang: &str) -> PathBuf {
    let page = work.join(format!("rapport-{lang}.html"));
    let out = Command::new(get_cargo_bin("ctgplan"))
        .env("CTGPLAN_LANG", "en")
        .current_dir(ROOT)
        .args(["report", VALLEE, "--lang", lang, "--out"])
        .arg(&page)
        .output()
        .expect("ctgplan runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    page
}

/// Console messages Chromium logged: the page has no script, so any
/// message (an error, an uncaught exception, a blocked load) is a fault.
fn console_messages(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught"))
        .collect()
}

fn assert_dom(dom: &str, expected: &[&str]) {
    for e in expected {
        assert!(dom.contains(e), "the rendered page lacks {e:?}");
    }
    // The page is the report, parsed: charts and tables.
    assert!(dom.contains("<svg class=\"chart\" id=\"chart-themes\""));
    assert!(dom.contains("<svg class=\"chart\" id=\"chart-communes\""));
    // Stacked parts: 2022-2025 (themes not given, coordinator), then four
    // themes and the coordinator in 2026 and in 2027-2030.
    assert_eq!(dom.matches("<rect class=\"seg ").count(), 12);
    // One bar per period for each of the 10 communes and the coordinator
    // (the CCVBA holds nothing in any period: no row).
    assert_eq!(dom.matches("<rect class=\"p").count(), 11 * 3);
    for code in ["<code>CTG061</code>", "<code>CTG041</code>"] {
        assert!(dom.contains(code), "{code}");
    }
    assert!(!dom.contains("<script"));
}

struct Png {
    width: u32,
    height: u32,
    rgb: Vec<[u8; 3]>,
}

fn read_png(path: &Path) -> Png {
    let bytes = std::fs::read(path).expect("screenshot written");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("PNG data");
    let channels = match info.color_type {
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        other => panic!("unexpected colour type {other:?}"),
    };
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    let rgb = buf[..info.buffer_size()]
        .chunks_exact(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    Png {
        width: info.width,
        height: info.height,
        rgb,
    }
}

fn count_near(png: &Png, colour: [u8; 3]) -> usize {
    png.rgb
        .iter()
        .filter(|p| p.iter().zip(colour).all(|(a, b)| a.abs_diff(b) <= 4))
        .count()
}

#[test]
fn vallee_report_in_headless_chromium() {
    let Some(bin) = browser() else {
        return;
    };
    let started = Instant::now();
    let work = tempfile::tempdir().expect("temp dir");
    let fr = write_report(work.path(), "fr");
    let en = write_report(work.path(), "en");

    // The DOM once loaded, and what the console said.
    let run = run_chromium(&bin, work.path(), &fr, &["--dump-dom".to_owned()]);
    assert_eq!(console_messages(&run.stderr), Vec::<&str>::new());
    assert_dom(
        &run.stdout,
        &[
            "<html lang=\"fr\">",
            "Résultats de la vérification",
            // Theme totals of 2026 and 2027-2030, as French writes them.
            "<th scope=\"row\">Petite enfance / inclusion</th><td class=\"num\">?</td><td class=\"num\">1,6</td><td class=\"num\">1,7</td>",
            "<td class=\"num\">1\u{202f}652,77</td>",
        ],
    );
    let run = run_chromium(&bin, work.path(), &en, &["--dump-dom".to_owned()]);
    assert_eq!(console_messages(&run.stderr), Vec::<&str>::new());
    assert_dom(
        &run.stdout,
        &[
            "<html lang=\"en\">",
            "Check results",
            "<th scope=\"row\">Petite enfance / inclusion</th><td class=\"num\">?</td><td class=\"num\">1.6</td><td class=\"num\">1.7</td>",
            "<td class=\"num\">1,652.77</td>",
        ],
    );

    // The screenshot: the page is drawn, charts included.
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-vallee-fr.png");
    let _ = std::fs::remove_file(&shot);
    let run = run_chromium(
        &bin,
        work.path(),
        &fr,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000".to_owned(),
        ],
    );
    assert_eq!(console_messages(&run.stderr), Vec::<&str>::new());
    let png = read_png(&shot);
    assert_eq!((png.width, png.height), (1280, 2000));
    let white = count_near(&png, [255, 255, 255]);
    let total = png.rgb.len();
    assert!(
        white < total * 95 / 100,
        "the page is almost blank: {white} of {total} pixels white"
    );
    let mut colours: Vec<[u8; 3]> = png.rgb.clone();
    colours.sort_unstable();
    colours.dedup();
    assert!(colours.len() > 100, "only {} colours", colours.len());
    // The stacked bars' petite enfance blue and the coordinator grey, and
    // the commune chart's darkest period blue: the SVG charts were drawn.
    for (name, colour, min) in [
        ("petite enfance", [0x00, 0x72, 0xb2], 10_000),
        ("coordinator", [0x5a, 0x5a, 0x5a], 5_000),
        ("title", [0x0b, 0x4f, 0x8a], 2_000),
    ] {
        let n = count_near(&png, colour);
        assert!(
            n >= min,
            "{name}: {n} pixels of {colour:?}, expected {min}+"
        );
    }
    eprintln!(
        "browser test: {:.1} s, screenshot at {}",
        started.elapsed().as_secs_f64(),
        shot.display()
    );
}

/// A Caf's portfolio page (`ctgplan report caf.toml`): the report's style,
/// the year chart stacked by territory, the tables, in French.
#[test]
fn portfolio_report_in_headless_chromium() {
    let Some(bin) = browser() else {
        return;
    };
    let work = tempfile::tempdir().expect("temp dir");
    let page = work.path().join("portefeuille.html");
    let out = Command::new(get_cargo_bin("ctgplan"))
        .env("CTGPLAN_LANG", "fr")
        .current_dir(ROOT)
        .args(["report", "scenarios/caf-bouches-du-rhone.toml", "--out"])
        .arg(&page)
        .output()
        .expect("ctgplan runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let run = run_chromium(&bin, work.path(), &page, &["--dump-dom".to_owned()]);
    assert_eq!(console_messages(&run.stderr), Vec::<&str>::new());
    let dom = &run.stdout;
    for e in [
            "<html lang=\"fr\">",
            "Portefeuille CTG — Caf des Bouches-du-Rhône",
            "<svg class=\"chart\" id=\"chart-years\"",
            "<svg class=\"chart\" id=\"chart-themes\"",
            "Vallée des Baux-Alpilles",
            "Golfe et des étangs",
            // 2026: 6,9 co-financed ETP under an envelope of 7,1, 0,2 left.
            "<th scope=\"row\">2026</th><td class=\"num\">6,9</td><td class=\"num\">7,1</td><td class=\"num\">0,2</td>",
    ] {
        assert!(dom.contains(e), "the portfolio page lacks {e:?}");
    }
    // The year chart: one part per territory and year (3 years with one
    // territory, 6 with two).
    let years = dom
        .split("id=\"chart-years\"")
        .nth(1)
        .and_then(|rest| rest.split("</svg>").next())
        .expect("year chart");
    assert_eq!(years.matches("<rect class=\"seg ").count(), 3 + 2 * 6);
    assert!(!dom.contains("<script"));
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-portfolio-fr.png");
    let _ = std::fs::remove_file(&shot);
    let run = run_chromium(
        &bin,
        work.path(),
        &page,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,1600".to_owned(),
        ],
    );
    assert_eq!(console_messages(&run.stderr), Vec::<&str>::new());
    let png = read_png(&shot);
    // The two territories' colours in the year chart.
    for colour in [[0x00, 0x72, 0xb2], [0xd5, 0x5e, 0x00]] {
        assert!(count_near(&png, colour) > 5_000, "{colour:?} not drawn");
    }
}
